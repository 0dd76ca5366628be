// events.test.mjs: registering for an event as a person does it, in Debian's Chromium: the
// home page's "Voir les événements", an upcoming event with free seats, the form (its error
// state first), the confirmation page; the confirmation mail read from the SMTP sink's Maildir,
// its .ics attachment parsed by Python's icalendar; the mail's cancellation link opened and
// confirmed; then an event whose only seat is taken: the waiting list. Every page visited is
// checked by axe-core on the spot and its server HTML by the Nu HTML checker at the end (as
// journeys.test.mjs does).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import {
  ARTEFACTS, DESKTOP, assertAxeClean, env, launchBrowser, psql, screenshots, vnuErrors, watch,
} from './helpers.mjs';

const { url: BASE } = env();
const MAILDIR = join(process.env.FONTAINE_VAR, 'mail');
// This file's own folder of server HTML (journeys.test.mjs empties artefacts/html/).
const HTML_DIR = join(ARTEFACTS, 'html-events');

let browser;
let page;
let watcher;
/** Raw server HTML of every page visited, for vnu. */
const htmlFiles = [];
/** Events this file creates in SQL, deleted at the end. */
const createdEvents = [];

before(async () => {
  rmSync(HTML_DIR, { recursive: true, force: true });
  mkdirSync(HTML_DIR, { recursive: true });
  mkdirSync(join(ARTEFACTS, 'screenshots'), { recursive: true });
  browser = await launchBrowser();
  const context = await browser.newContext({
    baseURL: BASE, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: DESKTOP, reducedMotion: 'reduce',
  });
  page = await context.newPage();
  watcher = watch(page);
});

after(async () => {
  await browser?.close();
  // Only a draft may be deleted (event_before_delete): back to draft first.
  for (const slug of createdEvents) {
    psql(`BEGIN; UPDATE event SET status = 'draft' WHERE slug = :'slug'; DELETE FROM event WHERE slug = :'slug'; COMMIT;`, { slug });
  }
});

/**
 * Waits until the browser shows PATH, then checks the page as a whole: HTTP status, one h1
 * that names the page in <title>, no failed sub-resource, CSP refusal or script error, no
 * axe violation. Saves the server's HTML as NAME for vnu. Returns the h1's text.
 */
async function arrive(name, path, { status = 200, h1 } = {}) {
  await page.waitForURL((u) => u.pathname === path);
  await page.waitForLoadState('load');
  const doc = await watcher.lastDocument();
  const file = join(HTML_DIR, `${name}.html`);
  writeFileSync(file, doc.body);
  htmlFiles.push(file);
  assert.equal(new URL(doc.url).pathname, path);
  assert.equal(doc.status, status, `${path}: HTTP status`);
  const heading = page.getByRole('heading', { level: 1 });
  assert.equal(await heading.count(), 1, `${path}: one h1`);
  const text = (await heading.textContent()).trim();
  if (h1 !== undefined) assert.equal(text, h1, `${path}: h1`);
  const title = await page.title();
  assert.ok(title.startsWith(`${text} · `), `${path}: <title> "${title}" does not start with the h1 "${text}"`);
  assert.deepEqual(watcher.problems.splice(0), [], `${path}: sub-resources, CSP or scripts`);
  await assertAxeClean(page, name);
  return text;
}

// ---- mail: a small MIME reader for the SMTP sink's Maildir ------------------------------------

function decodeQP(s) {
  const src = s.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-F]{2}$/i.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(src[i], 'utf8'));
  }
  return Buffer.from(bytes);
}

function decodeWords(s) {
  return s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc, txt) => (enc.toLowerCase() === 'b'
    ? Buffer.from(txt, 'base64').toString('utf8')
    : decodeQP(txt.replace(/_/g, ' ')).toString('utf8')));
}

function parseHeaders(block) {
  const h = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const c = line.indexOf(':');
    if (c > 0) h[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  return h;
}

/** Splits an entity (headers + body) into its leaves: [{headers, type, body: Buffer}]. */
function leaves(entity) {
  const sep = entity.search(/\r?\n\r?\n/);
  const headers = parseHeaders(sep < 0 ? entity : entity.slice(0, sep));
  const body = sep < 0 ? '' : entity.slice(sep).replace(/^\r?\n\r?\n/, '');
  const type = (headers['content-type'] || 'text/plain').toLowerCase();
  const b = /boundary="?([^";]+)"?/i.exec(headers['content-type'] || '');
  if (type.startsWith('multipart/') && b) {
    const parts = body.split(`--${b[1]}`).slice(1);
    // The last piece follows the closing delimiter ("--boundary--").
    return parts.filter((p) => !p.startsWith('--')).flatMap((p) => leaves(p.replace(/^\r?\n/, '')));
  }
  const cte = (headers['content-transfer-encoding'] || '').toLowerCase();
  const bytes = cte === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
    : cte === 'quoted-printable' ? decodeQP(body) : Buffer.from(body, 'utf8');
  return [{ headers, type, body: bytes }];
}

function parseMessage(file) {
  const raw = readFileSync(file, 'utf8');
  const sep = raw.search(/\r?\n\r?\n/);
  const headers = parseHeaders(raw.slice(0, sep));
  return { file, headers, to: headers.to || '', subject: decodeWords(headers.subject || ''), parts: leaves(raw) };
}

/** The first message to TO whose subject contains SUBJECT; waits up to two minutes. */
async function waitMail(to, subject) {
  const deadline = Date.now() + 120000;
  for (;;) {
    for (const sub of ['new', 'cur']) {
      const dir = join(MAILDIR, sub);
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir).sort()) {
        const msg = parseMessage(join(dir, f));
        if (msg.to.toLowerCase().includes(to.toLowerCase()) && msg.subject.includes(subject)) return msg;
      }
    }
    assert.ok(Date.now() < deadline, `no mail to ${to} about "${subject}" in ${MAILDIR}/new within 2 minutes ` +
      `(outbox: ${JSON.stringify(psql('SELECT id, status, attempts, last_error FROM outbox WHERE to_addr = :\'to\'', { to }))})`);
    await sleep(250);
  }
}

/** Parses an iCalendar file with Python's icalendar (a parser we did not write): its VEVENTs. */
function parseIcs(bytes) {
  const py = spawnSync('/usr/bin/python3', ['-c', `
import json, sys
from icalendar import Calendar
cal = Calendar.from_ical(sys.stdin.buffer.read())
out = []
for ev in cal.walk('VEVENT'):
    out.append({'uid': str(ev.get('UID')), 'summary': str(ev.get('SUMMARY')),
                'start': ev.decoded('DTSTART').isoformat(), 'url': str(ev.get('URL', ''))})
print(json.dumps({'method': str(cal.get('METHOD', '')), 'events': out}))
`], { input: bytes, encoding: 'utf8' });
  assert.equal(py.status, 0, `icalendar could not parse the attachment: ${py.stderr}`);
  return JSON.parse(py.stdout);
}

// ---- the journey ----------------------------------------------------------------------------

const stamp = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const person = { name: 'Séverine Dubois-Larrieu', email: `severine.dubois+${stamp}@exemple.fr` };

/** The first upcoming published event with a free seat (limited seats preferred), as the list shows it. */
function eventWithSeats() {
  const rows = psql(`SELECT e.slug, e.title, e.uid::text, e.capacity IS NULL
    FROM event e
    WHERE e.space_id = 1 AND e.status = 'published' AND e.starts_at > now()
      AND (e.capacity IS NULL OR e.capacity > (SELECT count(*) FROM registration r
                                               WHERE r.event_id = e.id AND r.status = 'confirmed'))
    ORDER BY e.capacity IS NULL, e.starts_at LIMIT 1`);
  assert.equal(rows.length, 1, 'an upcoming event with free seats in the demo data');
  const [slug, title, uid, unlimited] = rows[0];
  return { slug, title, uid, unlimited: unlimited === 't' };
}

let chosen;

test('register: from the home page to an event with free seats, the form’s error state first', async () => {
  chosen = eventWithSeats();
  await page.goto('/');
  await page.getByRole('main').getByRole('link', { name: 'Voir les événements' }).click();
  await arrive('events-list', '/evenements', { h1: 'Les événements de La Fontaine' });
  await screenshots(page, 'events-list');

  await page.getByRole('main').getByRole('link', { name: chosen.title, exact: true }).click();
  await arrive('event-page', `/evenements/${chosen.slug}`, { h1: chosen.title });
  await screenshots(page, 'event-page');
  const form = page.getByRole('region', { name: 'S’inscrire' });
  if (!chosen.unlimited) assert.match(await form.innerText(), /\d+ places? restantes? sur \d+\./, 'the seats left are shown');

  // Sending at once: both fields are required, each message beside its field.
  const before = psql('SELECT count(*) FROM registration')[0][0];
  await form.getByRole('button', { name: 'M’inscrire' }).click();
  await page.getByRole('alert').first().waitFor();
  await arrive('event-form-errors', `/evenements/${chosen.slug}/inscription`, { status: 422, h1: chosen.title });
  await screenshots(page, 'event-form-errors');
  for (const label of ['Prénom et nom *', 'Adresse e-mail *']) {
    const field = page.getByLabel(label, { exact: true });
    assert.equal(await field.getAttribute('aria-invalid'), 'true', `${label}: aria-invalid`);
    const id = ((await field.getAttribute('aria-describedby')) || '').split(/\s+/).find((i) => i.endsWith('-erreur'));
    assert.ok(id, `${label}: aria-describedby names its message`);
    assert.equal((await page.locator(`[id="${id}"]`).innerText()).trim(), 'Ce champ est obligatoire.', label);
  }
  // A mistyped address comes back with the name kept.
  await page.getByLabel('Prénom et nom *', { exact: true }).fill(person.name);
  await page.getByLabel('Adresse e-mail *', { exact: true }).fill('severine.dubois@exemple');
  await page.getByRole('button', { name: 'M’inscrire' }).click();
  await arrive('event-form-email', `/evenements/${chosen.slug}/inscription`, { status: 422 });
  assert.equal(await page.getByLabel('Prénom et nom *', { exact: true }).inputValue(), person.name);
  assert.equal(await page.getByLabel('Adresse e-mail *', { exact: true }).getAttribute('aria-invalid'), 'true');
  assert.equal(psql('SELECT count(*) FROM registration')[0][0], before, 'nothing saved');

  await page.getByLabel('Adresse e-mail *', { exact: true }).fill(person.email);
  await page.getByRole('button', { name: 'M’inscrire' }).click();
  await arrive('event-registered', `/evenements/${chosen.slug}/inscription`, { h1: 'Inscription confirmée' });
  assert.match(await page.getByRole('main').innerText(), new RegExp(`Votre inscription est enregistrée pour\\s+« ${chosen.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} »`));
  const rows = psql(`SELECT r.name, r.status FROM registration r JOIN event e ON e.id = r.event_id
                      WHERE e.slug = :'slug' AND r.email = :'email'`, { slug: chosen.slug, email: person.email });
  assert.deepEqual(rows, [[person.name, 'confirmed']]);
});

let cancelLink;

test('the confirmation mail carries the event as an .ics attachment with the feed’s UID', async () => {
  assert.ok(chosen, 'the registration test ran');
  const msg = await waitMail(person.email, 'Inscription confirmée');
  assert.match(msg.subject, new RegExp(`^Inscription confirmée : ${chosen.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  const ics = msg.parts.filter((p) => p.type.startsWith('text/calendar'));
  assert.equal(ics.length, 1, `one text/calendar part (parts: ${msg.parts.map((p) => p.type).join(', ')})`);
  assert.match(ics[0].headers['content-disposition'] || '', /attachment/);
  assert.match(ics[0].headers['content-disposition'] || '', new RegExp(`${chosen.slug}\\.ics`));
  const cal = parseIcs(ics[0].body);
  assert.equal(cal.events.length, 1, 'one VEVENT');
  // The UID is the one the feed gives the same event (calendars would show it twice otherwise).
  assert.ok(cal.events[0].uid.includes(chosen.uid), `UID ${cal.events[0].uid} names the event ${chosen.uid}`);
  assert.equal(cal.events[0].summary, chosen.title);
  assert.equal(cal.events[0].url, `${BASE}/evenements/${chosen.slug}`);
  const feed = await (await fetch(`${BASE}/evenements/${chosen.slug}.ics`)).text();
  assert.ok(feed.includes(cal.events[0].uid), 'the feed’s .ics of the event has the same UID');

  const text = msg.parts.find((p) => p.type.startsWith('text/plain'));
  assert.ok(text, 'a text part');
  const m = /https?:\/\/[^/\s]+(\/evenements\/annulation\?jeton=[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(text.body.toString('utf8'));
  assert.ok(m, `a cancellation link in the mail:\n${text.body}`);
  cancelLink = m[1];
});

test('the cancellation link from the mail: a confirmation page, then the registration is cancelled', async () => {
  assert.ok(cancelLink, 'the mail test found the link');
  await page.goto(cancelLink);
  await arrive('event-cancel', '/evenements/annulation', { h1: 'Annuler mon inscription' });
  assert.match(await page.getByRole('main').innerText(), new RegExp(`${person.name}, vous êtes inscrit`));
  // Opening the link alone cancels nothing (a link checker may open it).
  const status = () => psql(`SELECT r.status, r.cancelled_at IS NOT NULL FROM registration r JOIN event e ON e.id = r.event_id
                               WHERE e.slug = :'slug' AND r.email = :'email'`, { slug: chosen.slug, email: person.email });
  assert.deepEqual(status(), [['confirmed', 'f']]);
  await page.getByRole('button', { name: 'Annuler mon inscription' }).click();
  await arrive('event-cancelled', '/evenements/annulation', { h1: 'Inscription annulée' });
  await page.getByText('Votre inscription est annulée.').waitFor();
  assert.deepEqual(status(), [['cancelled', 't']]);
  // The link again: already cancelled, said in words.
  await page.goto(cancelLink);
  await arrive('event-cancel-again', '/evenements/annulation', { h1: 'Inscription annulée' });
  await page.getByText('Cette inscription est déjà annulée.').waitFor();
});

test('a full event: its only seat is taken, the visitor joins the waiting list', async () => {
  const slug = `complet-${stamp}`;
  const title = `Atelier complet ${stamp}`;
  createdEvents.push(slug);
  psql(`WITH e AS (
          INSERT INTO event (slug, title, summary, body_md, category, starts_at, ends_at, capacity, status, published_at)
          VALUES (:'slug', :'title', 'Un atelier d’une seule place, déjà prise.', 'Une *seule* place.', 'atelier',
                  date_trunc('hour', now()) + interval '3 days 10 hours', date_trunc('hour', now()) + interval '3 days 12 hours',
                  1, 'published', now()) RETURNING id)
        INSERT INTO registration (event_id, name, email, status, cancel_token_hash)
        SELECT id, 'Première Inscrite', 'premiere.inscrite@exemple.fr', 'confirmed', decode(:'hash', 'hex') FROM e`,
  { slug, title, hash: randomBytes(32).toString('hex') });

  await page.goto('/evenements');
  await arrive('events-list-full', '/evenements');
  const item = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: title, exact: true }) });
  assert.match(await item.textContent(), /· Complet/, 'the list marks the event full');
  await item.getByRole('link', { name: title, exact: true }).click();
  await arrive('event-full', `/evenements/${slug}`, { h1: title });
  await screenshots(page, 'event-full');
  const form = page.getByRole('region', { name: 'S’inscrire' });
  assert.match(await form.innerText(), /Complet : inscrivez-vous sur la liste d’attente \(0 personne avant vous\)\./);

  const waiting = { name: 'Thibault Castagné', email: `thibault.castagne+${stamp}@exemple.fr` };
  await page.getByLabel('Prénom et nom *', { exact: true }).fill(waiting.name);
  await page.getByLabel('Adresse e-mail *', { exact: true }).fill(waiting.email);
  await page.getByRole('button', { name: 'M’inscrire' }).click();
  await arrive('event-waiting', `/evenements/${slug}/inscription`, { h1: 'Vous êtes sur la liste d’attente' });
  assert.match(await page.getByRole('main').innerText(), /L’événement est complet : vous êtes sur la liste d’attente/);
  assert.deepEqual(psql(`SELECT r.status FROM registration r JOIN event e ON e.id = r.event_id
                          WHERE e.slug = :'slug' ORDER BY r.id`, { slug }), [['confirmed'], ['waiting']],
  'the seat is still the first person’s; the visitor waits');
  // The mail says so, and carries no invitation (there is no seat yet).
  const msg = await waitMail(waiting.email, 'Liste d’attente');
  assert.equal(msg.parts.filter((p) => p.type.startsWith('text/calendar')).length, 0, 'no .ics for a waiting place');

  // The next visitor sees one person ahead.
  await page.goto(`/evenements/${slug}`);
  await arrive('event-full-again', `/evenements/${slug}`);
  assert.match(await page.getByRole('region', { name: 'S’inscrire' }).innerText(), /\(1 personne avant vous\)/);
});

test('the Nu HTML checker finds no error in the HTML the server sent', () => {
  assert.ok(htmlFiles.length >= 10, `pages collected: ${htmlFiles.length}`);
  const errors = vnuErrors(htmlFiles);
  assert.deepEqual(errors, [], `vnu: ${errors.length} error(s):\n  ${errors.join('\n  ')}`);
});
