// round_trips.test.mjs: the main public and member pages take one database round trip
// (issue 16). The library counts the round trips of each request and logs them after its time
// ("site GET /tarifs 200 512us 1rt"), with "spaces" when one of them was its own check of the
// shared data's version (at most once a second per worker, cgi/lib/space.c). A worker's first
// visit of a page after the shared data changed (its copy is stale) and its first request of a
// session it does not know yet may take one more: at most once per worker. And the workers'
// copies never hide an edit: a price edited in the back office, a page and the organisation's
// details edited in the database show on every following request, whatever worker answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, get, psql, psqlRows, hidden, freshAddr, formBody, logSize, logSince, poll,
  fresh, masterPid, childrenOf } from './lib.mjs';

const ADMIN = { email: 'equipe@lafontaine-agen.example', password: 'fontaine-demo-2026' };
const MEMBER = { email: 'membre@lafontaine-agen.example', password: 'fontaine-demo-2026' };
// A session cookie of the wrong shape: nginx's micro-cache is bypassed, no session is read.
const BYPASS = { Cookie: 'session=round-trips' };

class Client {
  constructor() {
    this.localAddress = freshAddr();
    this.jar = new Map();
  }
  keep(res) {
    for (const c of res.all['set-cookie'] || []) {
      const m = /^([^=;\s]+)=([^;]*)/.exec(c);
      if (!m) continue;
      if (m[2] === '' || /;\s*Max-Age=0(;|$)/i.test(c)) this.jar.delete(m[1]);
      else this.jar.set(m[1], m[2]);
    }
    const token = hidden(res.text, 'csrf');
    if (token) this.csrf = token;
    return res;
  }
  cookie() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async get(p) {
    return this.keep(await request({ path: p, headers: { Cookie: this.cookie() }, localAddress: this.localAddress }));
  }
  async post(p, fields) {
    const body = formBody({ csrf: this.csrf, ...fields });
    return this.keep(await request({ method: 'POST', path: p, body, localAddress: this.localAddress, headers: {
      'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), Cookie: this.cookie() } }));
  }
}

async function logIn({ email, password }, retour) {
  const c = new Client();
  await c.get('/connexion');
  const res = await c.post('/connexion', { email, mot_de_passe: password, retour });
  assert.equal(res.status, 303, `login of ${email}`);
  assert.ok(c.jar.has('session'));
  return c;
}

// The round trips program logged for each of uris (GET), in order: {rt, spaces}.
async function logged(program, offset, uris) {
  const lines = new Map();
  const found = await poll(() => {
    for (const line of logSince(offset, program).split('\n')) {
      const m = /^(\S+) GET (\S+) \d{3} \d+us (\d+)rt( spaces)?$/.exec(line);
      if (m && m[1] === program) lines.set(m[2], { rt: Number(m[3]), spaces: Boolean(m[4]) });
    }
    return uris.every((u) => lines.has(u));
  }, { every: 50, within: 5000 });
  assert.ok(found.value, `${program} logged its round trips for ${uris.length} requests`);
  return uris.map((u) => lines.get(u));
}

const workers = (program) => childrenOf(masterPid(program)).length;

// GETs page n times (fresh URLs, through fetchPage) and checks the round trips program logged.
// fromCopy: a page made of shared data only, which a worker serves again from its copy while
// no NOTIFY shared_data came (schema/0052): no round trip at all once the worker has it.
async function check(program, page, fetchPage, { n = 12, fromCopy = false } = {}) {
  const offset = logSize(program);
  const uris = [];
  for (let i = 0; i < n; i++) {
    const uri = fresh(page);
    const res = await fetchPage(uri);
    assert.equal(res.status, 200, `${uri}`);
    uris.push(uri);
  }
  const counts = await logged(program, offset, uris);
  const own = counts.map((c) => c.rt - (c.spaces ? 1 : 0));
  const w = workers(program);
  assert.ok(w >= 1);
  if (!fromCopy)
    for (const c of counts) assert.ok(c.rt >= 1, `${page}: the page reads the database (${c.rt})`);
  assert.ok(own.every((x) => x <= 2), `${page}: never more than 2 round trips (${own.join(' ')})`);
  assert.ok(own.filter((x) => x > 1).length <= w,
    `${page}: one round trip, but for a worker's first visit (${own.join(' ')}, ${w} workers)`);
  // Once every worker has had its first visit, one round trip each time.
  const second = [];
  for (let i = 0; i < n; i++) {
    const uri = fresh(page);
    assert.equal((await fetchPage(uri)).status, 200);
    second.push(uri);
  }
  const again = (await logged(program, offset, second)).map((c) => c.rt - (c.spaces ? 1 : 0));
  const extra = own.filter((x) => x > 1).length + again.filter((x) => x > 1).length;
  assert.ok(extra <= w, `${page}: at most one longer request per worker in all (${own.join(' ')} / ${again.join(' ')})`);
  if (fromCopy) {
    // A worker reads the database for its first request and its first visit of the page (at
    // most two per worker in all), then serves its copy without a round trip.
    const reads = own.filter((x) => x > 0).length + again.filter((x) => x > 0).length;
    assert.ok(reads <= 2 * w, `${page}: served from the workers' copies, no round trip (${own.join(' ')} / ${again.join(' ')}, ${w} workers)`);
    assert.ok(again.filter((x) => x === 0).length >= Math.max(1, n - 2 * w),
      `${page}: the second round is served from the copies (${again.join(' ')})`);
  }
  console.log(`${page}: round trips ${again.join(' ')}`);
}

test('the public pages and the events\' feeds take one round trip at most, none when a worker serves its copy', async () => {
  for (const p of ['/', '/tarifs', '/espace', '/partenaires', '/mentions-legales', '/coworking', '/lieux/la-grange/tarifs'])
    await check('site', p, (u) => get(u, { headers: BYPASS }), { fromCopy: true });
  await check('signup', '/adhesion', (u) => get(u, { headers: BYPASS }), { fromCopy: true });
  // The events' lists and feeds (schema/0060; event_copies.test.mjs: no change hidden).
  for (const p of ['/evenements', '/evenements/archives'])
    await check('events', p, (u) => get(u, { headers: BYPASS }), { fromCopy: true });
  for (const p of ['/evenements.rss', '/evenements/atelier.rss', '/evenements.ics'])
    await check('feed', p, (u) => get(u, { headers: BYPASS }), { fromCopy: true });
  const week = psql(`SELECT to_char(current_date + 14, 'IYYY-"W"IW')`);
  await check('booking', `/disponibilites/salle-de-conference?semaine=${week}`, (u) => get(u, { headers: BYPASS }));
});

test('the member portal takes one round trip, the session check with its reads', async () => {
  const member = await logIn(MEMBER, '/compte');
  await check('signup', '/compte', (u) => member.get(u));
  const res = await member.get('/compte');
  assert.match(res.text, /Mon espace membre/);
});

test('the staff dashboard takes two round trips: the session check, then its ten reads in one pipeline', async () => {
  const admin = await logIn(ADMIN, '/admin');
  const offset = logSize('admin');
  const round = async () => {
    const uris = [];
    for (let i = 0; i < 12; i++) {
      const uri = fresh('/admin/tableau-de-bord');
      const res = await admin.get(uri);
      assert.equal(res.status, 200, uri);
      assert.match(res.text, /Membres par profil/);
      uris.push(uri);
    }
    return (await logged('admin', offset, uris)).map((c) => c.rt - (c.spaces ? 1 : 0));
  };
  const first = await round();
  assert.ok(first.every((x) => x >= 2), `the session is checked, then the page reads (${first.join(' ')})`);
  // Every worker has served the page once: its statements went as one pipeline each time (they
  // were ten round trips, one per chart and list, before).
  const again = await round();
  assert.ok(again.every((x) => x === 2), `two round trips each time (${again.join(' ')})`);
  console.log(`/admin/tableau-de-bord: round trips ${first.join(' ')} / ${again.join(' ')}`);
});

// n GETs of page with fresh URLs: every one must satisfy ok(text). After a change, the workers
// hear of it by a NOTIFY sent at its commit (schema/0052), read between requests without
// waiting: the first request is given up to a second (the bound for an edit to show),
// every one after it must show it.
async function everyWorker(page, ok, what) {
  const first = await poll(async () => {
    const res = await get(fresh(page), { headers: BYPASS });
    return res.status === 200 && ok(res.text);
  }, { every: 50, within: 1000 });
  assert.ok(first.value, `${what} (within a second)`);
  for (let i = 0; i < 12; i++) {
    const res = await get(fresh(page), { headers: BYPASS });
    assert.equal(res.status, 200);
    assert.ok(ok(res.text), `${what} (request ${i + 1} of 12 to ${page})`);
  }
}

test('a price edited in the back office shows at once on the price page, whatever worker answers', async () => {
  const [p] = psqlRows("SELECT code, label, unit, member_cents, non_member_cents, coalesce(note, '') AS note FROM price WHERE space_id = 1 AND code = 'half_day'");
  const money = (c) => (c === null || c === '' ? '' : `${Math.floor(c / 100)},${String(c % 100).padStart(2, '0')}`);
  const fields = (label) => ({ libelle: label, unite: p.unit, prix_membre: money(Number(p.member_cents)),
    prix_non_membre: money(Number(p.non_member_cents)), note: p.note, actif: '1' });
  const marker = `Demi-journée ${process.pid}-${Date.now()}`;
  await everyWorker('/tarifs', (t) => t.includes(p.label), 'the price page before the edit');
  const admin = await logIn(ADMIN, '/admin');
  await admin.get('/admin/contenu/tarifs');
  try {
    const saved = await admin.post(`/admin/contenu/tarifs/${p.code}`, fields(marker));
    assert.equal(saved.status, 303, 'the price is saved');
    await everyWorker('/tarifs', (t) => t.includes(marker), 'the edited price shows at once');
  } finally {
    await admin.get('/admin/contenu/tarifs');
    const back = await admin.post(`/admin/contenu/tarifs/${p.code}`, fields(p.label));
    assert.equal(back.status, 303, 'the price is restored');
  }
  await everyWorker('/tarifs', (t) => !t.includes(marker) && t.includes(p.label), 'the restored price shows at once');
});

test('a page and the organisation\'s details edited in the database show at once', async () => {
  const [orig] = psqlRows("SELECT body_md FROM site_page WHERE space_id = 1 AND slug = 'accueil'");
  const marker = `Marqueur-${process.pid}-${Date.now()}`;
  await everyWorker('/', (t) => !t.includes(marker), 'the home page before the edit');
  try {
    psql("UPDATE site_page SET body_md = body_md || E'\\n\\n' || :'m' WHERE space_id = 1 AND slug = 'accueil';", { m: marker });
    await everyWorker('/', (t) => t.includes(marker), 'the edited page shows at once');
  } finally {
    psql("UPDATE site_page SET body_md = :'b' WHERE space_id = 1 AND slug = 'accueil';", { b: orig.body_md });
  }
  await everyWorker('/', (t) => !t.includes(marker), 'the restored page shows at once');
  // The footer comes from the workers' snapshot of the spaces (space 1 has no phone of its
  // own: its organisation's shows).
  const [org] = psqlRows('SELECT phone FROM organisation WHERE id = 1');
  const phone = `05 00 ${String(process.pid % 100).padStart(2, '0')} ${String(Date.now() % 100).padStart(2, '0')} 99`;
  try {
    psql("UPDATE organisation SET phone = :'p' WHERE id = 1;", { p: phone });
    await everyWorker('/', (t) => t.includes(phone), 'the organisation\'s new phone shows at once in the footer');
  } finally {
    psql("UPDATE organisation SET phone = :'p' WHERE id = 1;", { p: org.phone });
  }
  await everyWorker('/', (t) => !t.includes(phone), 'the restored phone shows at once');
});
