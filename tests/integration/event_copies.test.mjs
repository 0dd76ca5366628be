// event_copies.test.mjs: the lists of events and their feeds come from each worker's copy
// (cgi/lib/pagecache.c, schema/0060, issue 16), and the copies never hide a change: an edited
// event, an event that fills up or gets a seat back, an event that ends (it moves to the
// archives: time is an input of these pages) show on every following request, whatever
// worker answers. And a registration that leaves its event's fullness as it was does not
// move the shared data's version (the copies of every page stay).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { get, psql, logSize, logSince, fresh, sleep } from './lib.mjs';

// A session cookie of the wrong shape: nginx's micro-cache is bypassed, no session is read.
const BYPASS = { Cookie: 'session=event-copies' };
const run = `copies-${process.pid}`;
const made = [];
after(() => {
  if (made.length)
    psql(`UPDATE event SET status = 'draft' WHERE slug LIKE :'p';
          DELETE FROM registration WHERE event_id IN (SELECT id FROM event WHERE slug LIKE :'p');
          DELETE FROM event WHERE slug LIKE :'p';`, { p: `${run}-%` });
});

// A published event of the default space: starts and ends are SQL expressions.
function event(name, { title = `Atelier ${name} ${run}`, starts, ends, capacity = null, category = 'atelier' }) {
  const slug = `${run}-${name}`;
  psql(`INSERT INTO event (slug, title, summary, body_md, category, starts_at, ends_at, capacity, status)
        VALUES (:'slug', :'title', 'Résumé', 'Texte.', :'cat', ${starts}, ${ends}, nullif(:'cap', '')::int, 'published');`,
  { slug, title, cat: category, cap: capacity ?? '' });
  made.push(slug);
  return { slug, title };
}

const version = () => Number(psql('SELECT version FROM shared_data_version'));
const PAGES = ['/evenements', '/evenements/archives', '/evenements.rss', '/evenements/atelier.rss',
  '/evenements.ics', '/evenements.ics?categorie=atelier'];
const program = (p) => (/\.(rss|ics)/.test(p) ? 'feed' : 'events');

// GETs page n times (fresh URLs, so that nginx's cache is not asked either) and returns the
// bodies; each must be a 200.
async function bodies(page, n = 16) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const res = await get(fresh(page), { headers: BYPASS });
    assert.equal(res.status, 200, page);
    out.push(res.text);
  }
  return out;
}

// The pages' requests since offset that took no round trip (served from a worker's copy).
function fromCopies(prog, offset) {
  return logSince(offset, prog).split('\n').filter((l) => / 0rt$/.test(l)).length;
}

// The list item of slug in a list page (or undefined).
const item = (html, slug) => html.split('<li class="event-item">').slice(1).find((s) => s.includes(`/evenements/${slug}"`));

test('an edited event shows at once on the lists and in every feed, though the workers keep copies', async () => {
  const e = event('edit', { starts: "now() + interval '2 days'", ends: "now() + interval '2 days 2 hours'" });
  const offsets = { events: logSize('events'), feed: logSize('feed') };
  for (const p of PAGES.filter((x) => !x.includes('archives')))
    for (const b of await bodies(p)) assert.ok(b.includes(e.title), `${p} shows the new event`);
  // The copies are in use: most of these requests were answered without reading the database.
  assert.ok(fromCopies('events', offsets.events) >= 8, 'the events program served its copies');
  assert.ok(fromCopies('feed', offsets.feed) >= 8 * 4, 'the feed program served its copies');
  // A copy's ETag is its bytes' (kept with it, not hashed again): one tag for all, a 304 for it.
  const tags = async () => {
    const out = new Set();
    for (let i = 0; i < 8; i++) {
      const res = await get(fresh('/evenements.rss'), { headers: BYPASS });
      out.add(res.headers.etag);
    }
    return [...out];
  };
  const [tag, ...others] = await tags();
  assert.ok(/^"[0-9a-f]{24}"$/.test(tag) && others.length === 0, `one ETag for the feed's copies (${[tag, ...others]})`);
  const cond = await get(fresh('/evenements.rss'), { headers: { ...BYPASS, 'If-None-Match': tag } });
  assert.equal(cond.status, 304, 'If-None-Match with the copy\'s ETag: 304');
  const before = version();
  const title = `Atelier renommé ${run}`;
  psql(`UPDATE event SET title = :'t' WHERE slug = :'s'`, { t: title, s: e.slug });
  assert.ok(version() > before, 'the edit moved the shared data version');
  for (const p of PAGES.filter((x) => !x.includes('archives')))
    for (const b of await bodies(p)) {
      assert.ok(b.includes(title), `${p} shows the edited title on every request`);
      assert.ok(!b.includes(e.title), `${p} no longer shows the old title`);
    }
  const [tag2, ...others2] = await tags();
  assert.ok(tag2 !== tag && others2.length === 0, 'the edited feed has one new ETag');
  // Unpublished (back to draft): gone from every page at once.
  psql(`UPDATE event SET status = 'draft' WHERE slug = :'s'`, { s: e.slug });
  for (const p of PAGES)
    for (const b of await bodies(p, 8)) assert.ok(!b.includes(title), `${p} no longer shows the draft`);
});

test('an event that fills up is "Complet" at once on the list, and no longer when a seat is given back', async () => {
  const e = event('full', { starts: "now() + interval '3 minutes'", ends: "now() + interval '3 hours'", capacity: 2 });
  const badge = (html) => {
    const it = item(html, e.slug);
    assert.ok(it, 'the event is on the first page of the list');
    return it.includes('Complet');
  };
  for (const b of await bodies('/evenements')) assert.equal(badge(b), false, 'not full: no badge');
  const id = psql(`SELECT id FROM event WHERE slug = :'s'`, { s: e.slug });
  const register = (n) => psql(`INSERT INTO registration (event_id, name, email, status, cancel_token_hash)
      VALUES (:'id', 'Inscrite', :'mail', 'confirmed', sha256(convert_to(:'mail', 'UTF8'))) RETURNING id`,
  { id, mail: `${run}-${n}@example.org` });
  // The first seat of two: the event is not full, nothing that a page shows has changed.
  let v = version();
  const first = register(1);
  assert.equal(version(), v, 'a seat taken short of the capacity does not move the version');
  for (const b of await bodies('/evenements', 8)) assert.equal(badge(b), false);
  // The last seat: full.
  const second = register(2);
  assert.ok(version() > v, 'the last seat moved the version');
  for (const b of await bodies('/evenements')) assert.equal(badge(b), true, 'full: "Complet" on every request');
  // A seat given back: no longer full.
  v = version();
  psql(`UPDATE registration SET status = 'cancelled', cancelled_at = now() WHERE id = :'r'`, { r: second });
  assert.ok(version() > v, 'the seat given back moved the version');
  for (const b of await bodies('/evenements')) assert.equal(badge(b), false, 'a seat again: no badge');
  // Cancelling the other one (the event was not full before nor after): no move.
  v = version();
  psql(`UPDATE registration SET status = 'cancelled', cancelled_at = now() WHERE id = :'r'`, { r: first });
  assert.equal(version(), v, 'a seat given back short of the capacity does not move the version');
  // The waiting list (not a seat) never moves it.
  psql(`INSERT INTO registration (event_id, name, email, status, cancel_token_hash)
        VALUES (:'id', 'En attente', :'mail', 'waiting', sha256(convert_to(:'mail', 'UTF8')))`,
  { id, mail: `${run}-w@example.org` });
  assert.equal(version(), v, 'a place on the waiting list does not move the version');
});

test('an event that ends leaves the upcoming list and moves down the feeds at once, though nothing was edited', async () => {
  // Ends in a few seconds; a later one to see the order of the feed by.
  const soon = event('ends', { starts: "now() - interval '1 hour'", ends: "now() + interval '5 seconds'" });
  const later = event('later', { starts: "now() + interval '1 day'", ends: "now() + interval '1 day 1 hour'" });
  // Over six months ago in a few seconds: it then leaves the calendar.
  const old = event('old', { starts: "now() - interval '6 months' - interval '1 hour'", ends: "now() - interval '6 months' + interval '5 seconds'" });
  const ends = Number(psql(`SELECT extract(epoch FROM ends_at) * 1000 FROM event WHERE slug = :'s'`, { s: soon.slug }));
  const upcoming = async () => (await bodies('/evenements')).every((b) => item(b, soon.slug));
  const rssOrder = async () => (await bodies('/evenements.rss')).map((b) => b.indexOf(`/evenements/${soon.slug}<`) < b.indexOf(`/evenements/${later.slug}<`));
  assert.ok(await upcoming(), 'upcoming while it runs');
  assert.ok((await rssOrder()).every(Boolean), 'in the feed, the upcoming ones first, soonest first');
  for (const b of await bodies('/evenements.ics')) assert.ok(b.includes(old.title), 'in the calendar while it ended less than six months ago');
  const v = version();
  await sleep(Math.max(0, ends - Date.now()) + 1500);
  assert.equal(version(), v, 'nothing was edited meanwhile');
  for (const b of await bodies('/evenements')) assert.equal(item(b, soon.slug), undefined, 'over: no longer in the upcoming list');
  for (const b of await bodies('/evenements/archives')) assert.ok(item(b, soon.slug), 'over: in the archives');
  assert.ok((await rssOrder()).every((x) => !x), 'over: after the upcoming ones in the feed');
  for (const b of await bodies('/evenements.ics')) {
    assert.ok(!b.includes(old.title), 'over six months ago: no longer in the calendar');
    assert.ok(b.includes(later.title));
  }
});
