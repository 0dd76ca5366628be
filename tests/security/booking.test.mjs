// booking.test.mjs (security tier): the finding of issue 12 replayed as attacks. Anyone could
// book the conference room in any company's name, confirmed at once, without limit, any day
// until the end of time. Now: a visitor's booking is only held until the link mailed to its
// contact is followed (3 anonymous bookings give 0 confirmed rows, none ever invoiced); holds
// are capped per client address and live bookings per e-mail, even under parallel requests;
// nothing is booked beyond the 12-month horizon (170 years ahead is refused) nor in the past;
// an expired hold frees its slot and cannot be confirmed; a forged, reused or misplaced token
// is refused; the database itself refuses a confirmed booking for an unproven address.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  request, psql, psqlRows, hidden, freshAddr, formBody, fresh,
} from '../integration/lib.mjs';
import { confirmByMail, waitMail, deliveredTo, mailLink, HOLD_SUBJECT } from '../integration/booking_mail.mjs';

class Client {
  constructor(localAddress = freshAddr()) {
    this.localAddress = localAddress;
    this.jar = new Map();
    this.csrf = undefined;
  }

  keep(res) {
    for (const c of res.all['set-cookie'] || []) {
      const m = /^([^=;\s]+)=([^;]*)/.exec(c);
      if (m) this.jar.set(m[1], m[2]);
    }
    const token = hidden(res.text, 'csrf');
    if (token) this.csrf = token;
    return res;
  }

  headers() {
    return this.jar.size ? { Cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  async get(p) {
    return this.keep(await request({ path: p, headers: this.headers(), localAddress: this.localAddress }));
  }

  async post(p, fields, { csrf = this.csrf } = {}) {
    const body = formBody(csrf === null ? fields : { csrf, ...fields });
    const headers = { ...this.headers(), 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) };
    return this.keep(await request({ method: 'POST', path: p, headers, body, localAddress: this.localAddress }));
  }
}

const ROOM = 'salle-de-conference';
const roomId = Number(psql(`SELECT id FROM resource WHERE slug = '${ROOM}'`));
const used = new Set();
// An open weekday 30 to 330 days ahead with nothing on it.
function freeDay() {
  for (let tries = 0; tries < 500; tries++) {
    const offset = 30 + Math.floor(Math.random() * 300);
    const d = psql(`SELECT (current_date + ${offset})::text WHERE extract(isodow FROM current_date + ${offset}) BETWEEN 1 AND 5
      AND closed_reason(current_date + ${offset}, NULL) IS NULL
      AND NOT EXISTS (SELECT 1 FROM booking WHERE day = current_date + ${offset} AND status IN ('held', 'requested', 'confirmed', 'no_show'))`);
    if (d && !used.has(d)) {
      used.add(d);
      return d;
    }
  }
  throw new Error('no free day found');
}

let seq = 0;
const tag = () => `${process.pid}-${Date.now().toString(36)}-${++seq}`;
// The form as an attacker fills it: a real company's name and SIREN, any address.
function victimForm(day, extra = {}) {
  const t = tag();
  return {
    salle: ROOM, jour: day, creneau: 'am', participants: '4', entreprise: `Victime SA ${t}`, siren: '732829320',
    adresse: '1 place Armand Fallières', code_postal: '47000', ville: 'Agen', contact: 'Alix Martin',
    email: `victime.${t}@example.org`, telephone: '05 53 00 00 00', action: 'reserver', ...extra,
  };
}

async function opened(addr) {
  const c = new Client(addr);
  assert.equal((await c.get('/reservation')).status, 200);
  return c;
}

// 't' when booking id is an unconfirmed hold that no longer holds its slot.
const deadHold = (id) => psql(`SELECT status IN ('held', 'expired') AND NOT booking_is_live(status, hold_expires_at) FROM booking WHERE id = ${id}`);
const rowsOf = (where, vars) => psqlRows(`SELECT id, status, email, day::text FROM booking WHERE ${where} ORDER BY id`, vars);
const noticeOf = (html) => /<p class="notice" role="alert">([^<]*)<\/p>/.exec(html)?.[1].replace(/&#39;|&rsquo;/g, '’');
const errorOf = (html, name) => new RegExp(`<p class="error" id="f-${name}-erreur">([^<]*)</p>`).exec(html)?.[1];

const settings = ['booking_hold_max_per_addr', 'booking_live_max_per_email', 'booking_hold_minutes', 'booking_horizon_months'];
const saved = psqlRows(`SELECT key, value FROM app_setting WHERE key = ANY ('{${settings.join(',')}}')`);
after(() => { for (const s of saved) psql(`UPDATE app_setting SET value = :'v' WHERE key = :'k'`, { k: s.key, v: s.value }); });

test('3 anonymous bookings in a company\'s name give 0 confirmed rows, and none reaches an invoice', async () => {
  const c = await opened();
  const company = `Victime SA ${tag()}`;
  const forms = [freeDay(), freeDay(), freeDay()].map((d) => victimForm(d, { entreprise: company }));
  for (const f of forms) assert.equal((await c.post('/reservation', f)).status, 303);
  const rows = rowsOf(`company_name = :'c'`, { c: forms[0].entreprise });
  assert.deepEqual(rows.map((r) => r.status), ['held', 'held', 'held']);
  assert.equal(rows.filter((r) => r.status === 'confirmed').length, 0, 'nothing confirmed');
  // Left alone they expire; the monthly run of their month never sees them, even once past
  // their free-cancellation deadline (moved there as superuser, triggers off).
  psql(`SET session_replication_role = replica;
    UPDATE booking SET hold_expires_at = now() - interval '1 minute', free_cancel_until = now() - interval '1 minute'
    WHERE company_name = :'c';`, { c: forms[0].entreprise });
  const ids = rows.map((r) => r.id);
  const months = [...new Set(rows.map((r) => r.day.slice(0, 7) + '-01'))];
  const sources = psql(`SELECT count(*) FROM unnest(:'m'::date[]) m, invoice_run_sources(m) s
    WHERE s.source_key = ANY (:'k'::text[])`, { m: `{${months.join(',')}}`, k: `{${ids.map((i) => `booking:${i}`).join(',')}}` });
  assert.equal(sources, '0', 'no held or expired booking is a source of the monthly run');
  psql(`SELECT booking_expire_holds()`);
  assert.deepEqual(rowsOf(`company_name = :'c'`, { c: forms[0].entreprise }).map((r) => r.status), ['expired', 'expired', 'expired']);
  // The hold mails went to the address typed; nothing claims a booking was made.
  for (const f of forms) assert.equal(psql(`SELECT count(*) FROM outbox WHERE to_addr = :'t' AND subject LIKE 'Réservation confirmée%'`, { t: f.email }), '0');
});

test('caps: a fourth hold from one address is refused (429, French), and 8 parallel requests pass exactly 3', async () => {
  const addr = freshAddr();
  const c = await opened(addr);
  for (let i = 0; i < 3; i++) assert.equal((await c.post('/reservation', victimForm(freeDay()))).status, 303);
  const f4 = victimForm(freeDay());
  const r4 = await c.post('/reservation', f4);
  assert.equal(r4.status, 429);
  assert.match(noticeOf(r4.text), /Trop de réservations attendent déjà leur confirmation depuis votre connexion \(3 au plus\)/);
  assert.ok(r4.text.includes(`value="${f4.entreprise}"`), 'the form comes back with its values');
  assert.equal(rowsOf(`email = :'e'`, { e: f4.email }).length, 0, 'nothing saved');
  // Parallel, from another address: the advisory lock lets exactly three through.
  const addr2 = freshAddr();
  const clients = await Promise.all(Array.from({ length: 8 }, () => opened(addr2)));
  const forms = clients.map(() => victimForm(freeDay()));
  const statuses = (await Promise.all(clients.map((k, i) => k.post('/reservation', forms[i])))).map((r) => r.status).sort();
  assert.deepEqual(statuses, [303, 303, 303, 429, 429, 429, 429, 429]);
  assert.equal(psql(`SELECT count(*) FROM booking WHERE host(hold_addr) = :'a' AND status = 'held'`, { a: addr2 }), '3');
  // Once a hold expires (or is confirmed), the address may hold another.
  psql(`UPDATE booking SET hold_expires_at = now() - interval '1 second' WHERE id = (SELECT min(id) FROM booking WHERE host(hold_addr) = :'a')`, { a: addr });
  assert.equal((await c.post('/reservation', victimForm(freeDay()))).status, 303);
});

test('caps: at most 10 live bookings to come per e-mail, from any number of addresses, in parallel', async () => {
  const email = `cible.${tag()}@example.org`;
  const clients = await Promise.all(Array.from({ length: 12 }, () => opened()));
  const results = await Promise.all(clients.map((k) => k.post('/reservation', victimForm(freeDay(), { email }))));
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [...Array(10).fill(303), 429, 429]);
  const refused = results.find((r) => r.status === 429);
  assert.match(noticeOf(refused.text), /Cette adresse e-mail a déjà 10 réservations à venir, le maximum en ligne/);
  assert.equal(psql(`SELECT count(*) FROM booking WHERE lower(email) = lower(:'e')`, { e: email }), '10');
  // Another spelling of the same address counts the same.
  const r = await (await opened()).post('/reservation', victimForm(freeDay(), { email: email.toUpperCase() }));
  assert.equal(r.status, 429);
});

test('horizon: 170 years ahead, 13 months ahead and the past are refused beside the day; 11 months ahead is fine', async () => {
  const openDay = (from, to) => psql(`SELECT min(d)::date::text FROM generate_series(${from}, ${to}, '1 day') d
    WHERE extract(isodow FROM d) BETWEEN 1 AND 5 AND closed_reason(d::date, NULL) IS NULL
      AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.day = d::date AND b.status IN ('held', 'requested', 'confirmed'))`);
  const cases = [
    ['170 years ahead', openDay(`current_date + interval '170 years'`, `current_date + interval '170 years 10 days'`), 422, /trop lointaine : la salle se réserve au plus 12 mois à l’avance/],
    ['13 months ahead', openDay(`current_date + interval '13 months'`, `current_date + interval '13 months 10 days'`), 422, /trop lointaine/],
    ['in the past', openDay(`current_date - 20`, `current_date - 10`), 422, /Cette date est passée/],
  ];
  for (const [name, day, status, text] of cases) {
    const f = victimForm(day);
    const res = await (await opened()).post('/reservation', f);
    assert.equal(res.status, status, name);
    assert.match(errorOf(res.text, 'jour') || '', text, name);
    assert.equal(rowsOf(`email = :'e'`, { e: f.email }).length, 0, `${name}: nothing saved`);
  }
  // The database refuses it whatever the path (a direct insert as the owner, too).
  assert.throws(() => psql(`INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, contact_name)
    SELECT ${roomId}, true, d, 'am', s.starts_at, s.ends_at, 'confirmed', 'room', 'X'
    FROM (SELECT (current_date + interval '170 years')::date + 1 AS d) t, slot_range(t.d, 'am') s`), /horizon/);
  const ok = victimForm(openDay(`current_date + interval '11 months'`, `current_date + interval '11 months 20 days'`));
  const fine = await (await opened()).post('/reservation', ok);
  assert.equal(fine.status, 303, errorOf(fine.text, 'jour'));
  // The form says it, and the date field carries the bounds.
  const page = await request({ path: fresh('/reservation') });
  assert.match(page.text, /On réserve au plus 12 mois à l’avance/);
  assert.match(page.text, /<input id="f-jour" name="jour" type="date" value="" min="\d{4}-\d\d-\d\d" max="\d{4}-\d\d-\d\d"/);
});

test('an expired hold is free again for others and cannot be confirmed (410, offer to book again)', async () => {
  const day = freeDay();
  const a = await opened();
  const fa = victimForm(day);
  assert.equal((await a.post('/reservation', fa)).status, 303);
  const { link, token } = mailLink(await waitMail(fa.email, HOLD_SUBJECT), '/reservation/confirmer');
  const held = rowsOf(`email = :'e'`, { e: fa.email })[0];
  // While it lasts, nobody else gets the slot.
  assert.equal((await (await opened()).post('/reservation', victimForm(day))).status, 409);
  // Its 30 minutes pass.
  psql(`UPDATE booking SET hold_expires_at = now() - interval '1 second' WHERE id = ${held.id}`);
  const week = psql(`SELECT to_char(:'d'::date, 'IYYY-"W"IW')`, { d: day });
  const cal = await request({ path: fresh(`/disponibilites/${ROOM}?semaine=${week}`) });
  const col = Number(psql(`SELECT extract(isodow FROM :'d'::date)`, { d: day })) - 1;
  const cell = [...cal.text.split('<tr><th scope="row">')[1].matchAll(/<td class="(\w+)">([^<]*)/g)][col][2];
  assert.equal(cell, 'Libre', 'the calendar shows the slot free');
  const ics = await request({ path: fresh(`/disponibilites/${ROOM}.ics`) });
  assert.ok(!ics.text.includes(psql(`SELECT uid FROM booking WHERE id = ${held.id}`)), 'the free/busy feed no longer lists it');
  // The link now says it expired, with a way to book again; confirming does nothing.
  const page = await a.get(link);
  assert.equal(page.status, 410);
  assert.match(page.text, /Lien expiré/);
  assert.match(page.text, /n’a pas été confirmée à temps/);
  assert.ok(page.text.includes(`href="/reservation?salle=${ROOM}&amp;jour=${day}&amp;creneau=am"`), 'book again');
  const post = await a.post('/reservation/confirmer', { jeton: token });
  assert.equal(post.status, 410);
  assert.equal(post.text.includes('Lien expiré'), true);
  assert.equal(deadHold(held.id), 't', 'not confirmed, not live');
  // Someone else books the slot; the old link still cannot take it back.
  const b = await opened();
  const fb = victimForm(day);
  assert.equal((await b.post('/reservation', fb)).status, 303);
  await confirmByMail(b, fb.email);
  assert.equal((await a.post('/reservation/confirmer', { jeton: token })).status, 410);
  // (only this test's two bookings: another tier may have left a declined one that day)
  assert.deepEqual(rowsOf(`day = :'d' AND resource_id = ${roomId} AND email IN (:'ea', :'eb')`,
    { d: day, ea: fa.email, eb: fb.email }).map((r) => r.status), ['expired', 'confirmed']);
  assert.equal(psql(`SELECT count(*) FROM outbox WHERE to_addr = :'t' AND subject LIKE 'Réservation confirmée%'`, { t: fa.email }), '0');
});

test('an expired hold whose slot nobody took still cannot be confirmed; expired holds are deleted after 7 days', async () => {
  const a = await opened();
  const f = victimForm(freeDay());
  assert.equal((await a.post('/reservation', f)).status, 303);
  const { token } = mailLink(await waitMail(f.email, HOLD_SUBJECT), '/reservation/confirmer');
  const id = rowsOf(`email = :'e'`, { e: f.email })[0].id;
  psql(`UPDATE booking SET hold_expires_at = now() - interval '1 second' WHERE id = ${id}`);
  await a.get(`/reservation/confirmer?jeton=${token}`);
  assert.equal((await a.post('/reservation/confirmer', { jeton: token })).status, 410);
  assert.equal(deadHold(id), 't', 'not confirmed, not live');
  // The database refuses it too, whatever the program does, and marks it expired.
  assert.equal(psql(`SET ROLE fontaine_booking; SELECT booking_confirm_hold(confirm_token_hash, NULL, NULL, NULL, NULL, NULL) FROM booking WHERE id = ${id}`), 'expired');
  assert.equal(psql(`SELECT status FROM booking WHERE id = ${id}`), 'expired');
  psql(`UPDATE booking SET hold_expires_at = now() - interval '8 days' WHERE id = ${id}; SELECT booking_expire_holds();`);
  assert.equal(psql(`SELECT count(*) FROM booking WHERE id = ${id}`), '0', 'an unconfirmed booking\'s data is not kept');
});

test('forged, malformed, reused and misplaced tokens are refused; the token is stored hashed', async () => {
  const a = await opened();
  const f = victimForm(freeDay());
  const held = await a.post('/reservation', f);
  assert.equal(held.status, 303);
  const holdToken = /jeton=([A-Za-z0-9_-]{43})/.exec(held.header('location'))[1];
  const mail = await waitMail(f.email, HOLD_SUBJECT);
  const { token } = mailLink(mail, '/reservation/confirmer');
  // Stored as its BLAKE2b-256 hash only.
  const row = psqlRows(`SELECT id, encode(confirm_token_hash, 'hex') AS h FROM booking WHERE email = :'e'`, { e: f.email })[0];
  const blake = execFileSync('/usr/bin/python3', ['-c',
    'import hashlib,sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())', token], { encoding: 'utf8' }).trim();
  assert.equal(row.h, blake);
  assert.equal(psql(`SELECT count(*) FROM booking WHERE encode(confirm_token_hash, 'escape') LIKE '%' || :'t' || '%'`, { t: token }), '0');
  const forged = crypto.randomBytes(32).toString('base64url');
  const g1 = await a.get(`/reservation/confirmer?jeton=${forged}`);
  assert.equal(g1.status, 404);
  assert.match(g1.text, /Ce lien de réservation n’est pas valable/);
  assert.equal((await a.post('/reservation/confirmer', { jeton: forged })).status, 404);
  for (const bad of ['abc', `${token}x`, token.slice(1), '']) {
    assert.equal((await a.get(`/reservation/confirmer?jeton=${encodeURIComponent(bad)}`)).status, 404, `jeton=${bad}`);
  }
  assert.equal((await a.get('/reservation/confirmer')).status, 404);
  // The hold page's token is not a confirmation token, nor the reverse.
  assert.equal((await a.post('/reservation/confirmer', { jeton: holdToken })).status, 404);
  assert.equal((await a.get(`/reservation/gerer?jeton=${token}`)).status, 404);
  // No CSRF token: refused, nothing confirmed.
  assert.equal((await a.post('/reservation/confirmer', { jeton: token }, { csrf: null })).status, 403);
  assert.equal(psql(`SELECT status FROM booking WHERE id = ${row.id}`), 'held');
  // Confirmed once; the second use (twice in parallel, then again) changes nothing.
  const done = await confirmByMail(a, f.email);
  const manageHash = psql(`SELECT encode(manage_token_hash, 'hex') FROM booking WHERE id = ${row.id}`);
  const again = await Promise.all([1, 2].map(() => a.post('/reservation/confirmer', { jeton: token })));
  for (const r of again) {
    assert.equal(r.status, 409);
    assert.match(r.text, /Ce lien a déjà servi : la réservation est confirmée/);
  }
  assert.equal((await a.get(`/reservation/confirmer?jeton=${token}`)).status, 409);
  assert.equal(psql(`SELECT encode(manage_token_hash, 'hex') FROM booking WHERE id = ${row.id}`), manageHash, 'the manage link stays');
  assert.equal(psql(`SELECT count(*) FROM outbox WHERE to_addr = :'t' AND subject LIKE 'Réservation confirmée%'`, { t: f.email }), '1', 'one confirmation mail');
  assert.equal((await a.get(done.loc)).status, 200);
});

test('parallel confirmations of one hold: one wins, one confirmation mail', async () => {
  const a = await opened();
  const f = victimForm(freeDay());
  assert.equal((await a.post('/reservation', f)).status, 303);
  const { link, token } = mailLink(await waitMail(f.email, HOLD_SUBJECT), '/reservation/confirmer');
  await a.get(link);
  const rs = await Promise.all(Array.from({ length: 6 }, () => a.post('/reservation/confirmer', { jeton: token })));
  assert.deepEqual(rs.map((r) => r.status).sort(), [303, 409, 409, 409, 409, 409]);
  assert.equal(psql(`SELECT count(*) FROM outbox WHERE to_addr = :'t' AND subject LIKE 'Réservation confirmée%'`, { t: f.email }), '1');
});

test('the database guards it: the booking role cannot confirm at once for an unproven address, nor call room_book', () => {
  const day = freeDay();
  const call = (person, hash) => psql(`SET ROLE fontaine_booking;
    SELECT status FROM room_reserve(${roomId}, :'d', 'am', NULL, NULL, ${person}, 'Victime SA', '732829320', '1 rue X', '47000',
      'Agen', 'A', :'e', '', '', 2, '{}', NULL, NULL, false, ${hash}, '127.0.0.9', NULL, NULL, NULL, NULL, NULL);`,
  { d: day, e: `db.${tag()}@example.org` });
  assert.throws(() => call('NULL', 'NULL'), /unproven address must be held/);
  const member = psql(`SELECT id FROM person WHERE email = 'membre@lafontaine-agen.example'`);
  if (member) assert.throws(() => call(member, 'NULL'), /unproven address must be held/, 'a member, but another address');
  assert.equal(call('NULL', `'\\x${crypto.randomBytes(32).toString('hex')}'::bytea`), 'held');
  assert.throws(() => psql(`SET ROLE fontaine_booking; SELECT room_book(${roomId}, :'d', 'pm', NULL, NULL, NULL, 'X', '732829320', 'x', '47000',
    'Agen', 'C', 'c@example.org', '', '', 2, '{}', NULL, NULL, false, NULL, NULL, NULL, NULL, NULL);`, { d: day }), /permission denied/);
  assert.throws(() => psql(`SET ROLE fontaine_booking; UPDATE booking SET status = 'confirmed' WHERE status = 'held';`), /permission denied/);
});

test('deliveredTo sees the hold mails (the mailer delivers them)', async () => {
  const f = victimForm(freeDay());
  assert.equal((await (await opened()).post('/reservation', f)).status, 303);
  await waitMail(f.email, HOLD_SUBJECT);
  assert.equal(deliveredTo(f.email).length, 1);
});
