#!/usr/bin/env node
// soak.mjs: bounded load (page views + contact messages, signups, room bookings) through a
// worker kill and a PostgreSQL restart, then checks that every write the server confirmed is
// saved once.
//
// Run by `./dev soak [SECONDS]` (default 60) against a fresh stack; reads the
// FONTAINE_* variables ./dev exports, plus FONTAINE_SOAK_PG_RESTART (the command
// that restarts the stack's PostgreSQL, set by ./dev) and FONTAINE_WORKERS.
// No npm dependencies: node:http and the psql client.
//
// Readers GET public pages, half of them with a `session` cookie (nginx's cache is
// bypassed, the program answers). Writers GET /contact (csrf cookie, token, cle) and
// POST a message with a unique subject; a writer that gets anything but 303 retries
// the SAME post (same cle) with back-off, as a person pressing reload would. Each
// writer sends from its own loopback address (127.x.y.z, a new one every 4 messages)
// because contact_submit() allows 5 messages an hour per address.
// Signup writers POST /adhesion with unique addresses (a new source address per signup);
// a retry whose first attempt was saved meets the unique address and answers 409 ("existe
// déjà"): that counts as confirmed-saved, and the address must then be in `person` exactly
// once. Booking writers POST /reservation for distinct free slots (morning or afternoon of an
// open weekday, picked in SQL before the run); a retry whose first attempt was saved meets the
// exclusion constraint (409 "déjà pris"). The booking is then only held: the writer follows the
// link mailed to the customer (read from the SMTP sink's Maildir), opens its page and confirms;
// a retry of the confirmation whose first attempt was saved answers 409 ("déjà servi"). A
// booking is confirmed-saved when the database holds exactly one confirmed booking with that
// customer's address on that slot.
// At 1/3 of the run one worker of the site program gets SIGKILL; at 1/2 PostgreSQL
// is stopped (-m fast) and started again.
//
// Exit status: 0 when no confirmed write is lost or saved twice and the service came
// back on its own (every request started in the last 5 s succeeded); 1 otherwise; 2 when it
// cannot run. Knobs: FONTAINE_SOAK_READERS (6), FONTAINE_SOAK_WRITERS (4, contact),
// FONTAINE_SOAK_SIGNUPS (2), FONTAINE_SOAK_BOOKERS (2),
// FONTAINE_SOAK_THINK_MS (5, pause between a client's requests).

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

const env = process.env;
function need(name) {
  if (!env[name]) {
    console.error(`soak: ${name} is not set: run me through ./dev soak`);
    process.exit(2);
  }
  return env[name];
}

const BASE = new URL(need('FONTAINE_URL'));
const VAR = need('FONTAINE_VAR');
const PGHOST = need('FONTAINE_PGHOST');
const DB = env.FONTAINE_DB || 'fontaine';
const PG_RESTART = need('FONTAINE_SOAK_PG_RESTART');
const PROGRAM = 'site'; // the program that owns /contact
const SECONDS = Number(process.argv[2] || 60);
const READERS = Number(env.FONTAINE_SOAK_READERS || 6);
const WRITERS = Number(env.FONTAINE_SOAK_WRITERS || 4);
const SIGNUPS = Number(env.FONTAINE_SOAK_SIGNUPS ?? 2);
const BOOKERS = Number(env.FONTAINE_SOAK_BOOKERS ?? 2);
const ROOM = 'salle-de-conference';
const THINK_MS = Number(env.FONTAINE_SOAK_THINK_MS || 5);
const TAIL_MS = 5000; // "back without help": every request of the last 5 s succeeds
const REQUEST_TIMEOUT_MS = 15000;
const RETRY_DELAYS_MS = [200, 400, 800, 1600, 3200, 3200]; // then the writer gives up
const PER_ADDRESS = 4; // messages per source address (the database allows 5 an hour)
const PSQL = fs.existsSync('/usr/lib/postgresql/15/bin/psql')
  ? '/usr/lib/postgresql/15/bin/psql' : 'psql';

if (!Number.isInteger(SECONDS) || SECONDS < 15) {
  console.error('soak: SECONDS must be an integer >= 15 (the faults need room)');
  process.exit(2);
}

const PAGES = ['/', '/coworking', '/espace', '/tarifs', '/cooperative', '/partenaires',
  '/mentions-legales', '/confidentialite', '/statuts', '/contact', '/sitemap.xml',
  '/robots.txt'];
const RUN = randomBytes(4).toString('hex');
const t0 = performance.now();
const now = () => performance.now() - t0; // ms since the start of the run
const endAt = SECONDS * 1000;

// ---- HTTP -----------------------------------------------------------------------

// Every request: { kind, method, path, start, end, status | null, error | null }.
const requests = [];

// Sends one request; resolves to { status, headers, body } or { error } (never rejects).
// The request counts as a success (rec.ok) when it answers `expect`.
function send({ kind, expect, method = 'GET', path: p, headers = {}, body = null, agent,
  localAddress }) {
  const rec = { kind, method, path: p, start: now(), end: 0, status: null, error: null,
    ok: false };
  requests.push(rec);
  return new Promise((resolve) => {
    let done = false;
    const finish = (r) => {
      if (done) return;
      done = true;
      rec.end = now();
      if (r.error) rec.error = r.error;
      else rec.status = r.status;
      rec.ok = rec.status === expect;
      resolve(r);
    };
    const req = http.request({
      host: BASE.hostname, port: BASE.port || 80, method, path: p, agent, localAddress,
      headers: body == null ? headers
        : { ...headers, 'Content-Type': 'application/x-www-form-urlencoded',
            'Content-Length': Buffer.byteLength(body) },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => finish({ status: res.statusCode, headers: res.headers,
        body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => finish({ error: e.code || e.message }));
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => finish({ error: e.code || e.message }));
    if (body != null) req.write(body);
    req.end();
  });
}

// ---- clients ----------------------------------------------------------------------

async function reader(i) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let n = 0;
  while (now() < endAt) {
    const p = PAGES[Math.floor(Math.random() * PAGES.length)];
    const bypass = n++ % 2 === 1;
    await send({ kind: bypass ? 'read-nocache' : 'read', expect: 200, path: p, agent,
      headers: bypass ? { Cookie: `session=soak-${i}` } : {} });
    if (THINK_MS) await sleep(THINK_MS);
  }
  agent.destroy();
}

const writes = []; // { writer, subject, cle, confirmed, attempts, outcomes[] }

// address(w, k): the k-th source address of writer w (127.(100+w).y.z, z in 1..254),
// from a random start so that a second run within the hour on the same database
// does not meet the rate limit of the first.
const ADDRESS_START = Math.floor(Math.random() * 50000);
function address(w, k) {
  const n = (ADDRESS_START + k) % (254 * 256);
  return `127.${100 + w}.${Math.floor(n / 254)}.${(n % 254) + 1}`;
}

async function writer(w) {
  let cookie = '';
  let n = 0;
  while (now() < endAt) {
    const localAddress = address(w, Math.floor(n / PER_ADDRESS));
    // The form: csrf cookie (kept across messages, as a browser would), token and cle.
    const form = await send({ kind: 'form', expect: 200, path: '/contact', localAddress,
      agent: false, headers: cookie ? { Cookie: cookie } : {} });
    if (form.status !== 200) { await sleep(200); continue; }
    const set = [].concat(form.headers['set-cookie'] || []).find((c) => c.startsWith('csrf='));
    if (set) cookie = set.split(';')[0];
    const csrf = /name="csrf" value="([^"]*)"/.exec(form.body)?.[1];
    const cle = /name="cle" value="([^"]*)"/.exec(form.body)?.[1];
    if (!csrf || !cle || !cookie) {
      console.error(`soak: /contact has no csrf token, cle or cookie (writer ${w})`);
      await sleep(200);
      continue;
    }
    const subject = `soak ${RUN} w${w} m${n}`;
    const body = new URLSearchParams({ csrf, cle, nom: `Soak ${w}`,
      email: `soak.w${w}.m${n}@example.org`, telephone: '', objet: subject,
      message: `Message ${n} du client ${w} pendant l’essai d’endurance ${RUN}.`,
      site_web: '' }).toString();
    const write = { writer: w, subject, cle, confirmed: false, attempts: 0, outcomes: [],
      localAddress };
    writes.push(write);
    n++;
    for (let a = 0; ; a++) {
      const r = await send({ kind: 'write', expect: 303, method: 'POST', path: '/contact',
        body, localAddress, agent: false, headers: { Cookie: cookie, Origin: BASE.origin } });
      write.attempts++;
      write.outcomes.push(r.status ?? r.error);
      if (r.status === 303) { write.confirmed = true; break; }
      // A refused token or refused values will not change on a retry: a bug,
      // reported below. Anything else (503, 502, a dropped connection, even a 404
      // for an error page) is what reload is for.
      if (r.status === 403 || r.status === 422) break;
      if (a >= RETRY_DELAYS_MS.length) break;
      await sleep(RETRY_DELAYS_MS[a]);
    }
    if (THINK_MS) await sleep(THINK_MS);
  }
}

// ---- signups and bookings --------------------------------------------------------------

// One write of another kind: { kind, key, confirmed, savedBy409, attempts, outcomes[] }.
const signups = [];
const bookings = [];

// sourceAddress(base, k): the k-th loopback address of a client, 127.base.y.z, from a
// random start (a rerun within the hour meets no limit of the previous run).
function sourceAddress(base, k) {
  const n = (ADDRESS_START + k) % (254 * 256);
  return `127.${base}.${Math.floor(n / 254)}.${(n % 254) + 1}`;
}

// form(path, localAddress): GET a form page; returns { cookie, csrf } or null.
async function openForm(kind, p, localAddress) {
  const form = await send({ kind, expect: 200, path: p, localAddress, agent: false });
  if (form.status !== 200) return null;
  const set = [].concat(form.headers['set-cookie'] || []).find((c) => c.startsWith('csrf='));
  const csrf = /name="csrf" value="([^"]*)"/.exec(form.body)?.[1];
  if (!set || !csrf) {
    console.error(`soak: ${p} has no csrf cookie or token`);
    return null;
  }
  return { cookie: set.split(';')[0], csrf };
}

// postUntilAnswered(kind, write, path, body, ...): POSTs the same body until the server
// answers 303, a final refusal (403, 422), or a 409 after an attempt whose answer was lost
// (write.savedBy409: the first attempt may have been saved: the database check decides).
async function postUntilAnswered(kind, write, p, body, localAddress, cookie) {
  for (let a = 0; ; a++) {
    const r = await send({ kind, expect: 303, method: 'POST', path: p, body, localAddress,
      agent: false, headers: { Cookie: cookie, Origin: BASE.origin } });
    write.attempts++;
    write.outcomes.push(r.status ?? r.error);
    if (r.status === 303) { write.confirmed = true; return; }
    if (r.status === 409 && a > 0) { write.savedBy409 = true; return; }
    if (r.status === 403 || r.status === 409 || r.status === 422) return;
    if (a >= RETRY_DELAYS_MS.length) return;
    await sleep(RETRY_DELAYS_MS[a]);
  }
}

async function signupWriter(w) {
  let n = 0;
  while (now() < endAt) {
    const localAddress = sourceAddress(150 + w, n);
    const f = await openForm('signup-form', '/adhesion', localAddress);
    if (!f) { await sleep(200); continue; }
    const email = `soak.${RUN}.s${w}.${n}@example.org`;
    const body = new URLSearchParams({ csrf: f.csrf, profil: 'independant', prenom: 'Soak',
      nom: `Signup ${w}-${n}`, email, telephone: '05 53 00 00 00', activite: `Essai ${RUN}`,
      formule: 'carnet_10', adhesion: '1', statuts: '1', confidentialite: '1' }).toString();
    const write = { kind: 'signup', key: email, confirmed: false, savedBy409: false, attempts: 0,
      outcomes: [] };
    signups.push(write);
    n++;
    await postUntilAnswered('signup', write, '/adhesion', body, localAddress, f.cookie);
    if (THINK_MS) await sleep(THINK_MS);
  }
}

// Distinct free slots of the conference room, shared by the booking writers.
let freeSlots = [];

async function loadFreeSlots() {
  const text = await psql(`SELECT d::date::text FROM generate_series(current_date + 30,
      current_date + interval '12 months' - interval '1 day', interval '1 day') d
    WHERE extract(isodow FROM d) BETWEEN 1 AND 5 AND closed_reason(d::date, NULL) IS NULL
      AND NOT EXISTS (SELECT 1 FROM booking b JOIN resource r ON r.id = b.resource_id
                      WHERE r.slug = '${ROOM}' AND b.day = d::date
                        AND b.status IN ('held', 'requested', 'confirmed', 'no_show'))
    ORDER BY random()`);
  freeSlots = text.split('\n').filter(Boolean).flatMap((day) => [[day, 'am'], [day, 'pm']]);
}

async function bookingWriter(w) {
  let n = 0;
  while (now() < endAt && freeSlots.length) {
    const localAddress = sourceAddress(180 + w, n);
    const f = await openForm('booking-form', '/reservation', localAddress);
    if (!f) { await sleep(200); continue; }
    const [day, slot] = freeSlots.pop();
    const email = `soak.${RUN}.b${w}.${n}@example.org`;
    const body = new URLSearchParams({ csrf: f.csrf, salle: ROOM, jour: day, creneau: slot,
      participants: '4', entreprise: `Soak ${RUN} ${w}-${n}`, siren: '732829320',
      adresse: '1 place Armand Fallières', code_postal: '47000', ville: 'Agen',
      contact: `Soak ${w}`, email, telephone: '05 53 00 00 00', objet: `Essai ${RUN}`,
      action: 'reserver' }).toString();
    const write = { kind: 'booking', key: email, day, slot, confirmed: false, savedBy409: false,
      attempts: 0, outcomes: [] };
    bookings.push(write);
    n++;
    await postUntilAnswered('booking', write, '/reservation', body, localAddress, f.cookie);
    // Held: the customer follows the mailed link (the write counts once it is confirmed).
    if (write.confirmed || write.savedBy409) {
      write.held = true;
      write.confirmed = false;
      write.savedBy409 = false;
      await confirmByMail(write, localAddress);
    }
    // Slower than the others: the free slots of the booking horizon must last the run.
    await sleep(Math.max(THINK_MS, 20));
  }
  if (!freeSlots.length && now() < endAt && !slotsOutAt) slotsOutAt = now();
}
let slotsOutAt = 0;

// The confirmation token mailed to address to (the SMTP sink's Maildir), or undefined.
const mailSeen = new Map();
function holdToken(to) {
  for (const sub of ['new', 'cur']) {
    const dir = path.join(VAR, 'mail', sub);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) {
      const file = path.join(dir, f);
      let t = mailSeen.get(file);
      if (t === undefined) {
        t = fs.readFileSync(file, 'utf8').replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
        mailSeen.set(file, t);
      }
      if (!t.includes(to)) continue;
      const m = /\/reservation\/confirmer\?jeton=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(t);
      if (m) return m[1];
    }
  }
  return undefined;
}

// Follows the link mailed for the held booking of write: waits for the mail, opens the
// confirmation page (its csrf cookie and token), POSTs until answered (303, or 409 after a
// lost answer: the first attempt confirmed it).
async function confirmByMail(write, localAddress) {
  let token;
  for (const t0 = now(); !(token = holdToken(write.key)) && now() - t0 < 60000;) await sleep(200);
  if (!token) { write.outcomes.push('no mail'); return; }
  for (let i = 0; i < 20; i++) {
    const f = await openForm('booking-confirm-form', `/reservation/confirmer?jeton=${token}`, localAddress);
    if (f) {
      const body = new URLSearchParams({ csrf: f.csrf, jeton: token }).toString();
      await postUntilAnswered('booking-confirm', write, '/reservation/confirmer', body, localAddress, f.cookie);
      return;
    }
    await sleep(RETRY_DELAYS_MS[Math.min(i, RETRY_DELAYS_MS.length - 1)]);
  }
  write.outcomes.push('confirmation page unreachable');
}

// ---- faults -------------------------------------------------------------------------

function workersOf(master) {
  const out = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === master) out.push(Number(d));
    } catch { /* the process left meanwhile */ }
  }
  return out;
}

function masterPid() {
  return Number(fs.readFileSync(path.join(VAR, 'run', `${PROGRAM}.pid`), 'utf8').trim());
}

const faults = []; // { name, start, end, note }

// busy(pid): true when the worker is in the middle of a request: running, or blocked
// elsewhere than in accept() on the unix socket (where an idle worker waits in
// __skb_wait_for_more_packets), e.g. polling its PostgreSQL connection.
function busy(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    const wchan = fs.readFileSync(`/proc/${pid}/wchan`, 'utf8');
    return state === 'R' || (wchan !== '0' && !/skb_wait_for_more_packets|accept/.test(wchan));
  } catch {
    return false;
  }
}

async function killWorker() {
  const master = masterPid();
  const before = workersOf(master);
  // Prefer a worker caught mid-request (look for up to 1 s), so that the kill cuts a
  // request in flight; otherwise any worker.
  let victim;
  let caught = false;
  for (let i = 0; i < 200 && !victim; i++) {
    victim = before.find(busy);
    if (!victim) await sleep(5);
  }
  if (victim) caught = true;
  else victim = before[Math.floor(Math.random() * before.length)];
  const f = { name: `kill -9 worker ${victim} (${caught ? 'busy' : 'maybe idle'})`, start: now(),
    end: null, note: '' };
  faults.push(f);
  if (!victim) { f.note = 'no worker found'; f.end = now(); return; }
  process.kill(victim, 'SIGKILL');
  // Wait (up to 10 s) for the master to bring the worker count back.
  for (let i = 0; i < 100; i++) {
    await sleep(100);
    const ws = workersOf(master);
    if (!ws.includes(victim) && ws.length >= before.length) {
      f.end = now();
      f.note = `respawned in ${(f.end - f.start).toFixed(0)} ms ` +
        `(${ws.length} workers, new pid ${ws.filter((p) => !before.includes(p)).join(',')})`;
      return;
    }
  }
  f.end = now();
  f.note = `NOT respawned within 10 s (${workersOf(master).length}/${before.length} workers)`;
  f.respawnFailed = true;
}

async function restartPostgres() {
  const f = { name: 'PostgreSQL stop -m fast + start', start: now(), end: null, note: '' };
  faults.push(f);
  const out = [];
  const code = await new Promise((resolve) => {
    const p = spawn('bash', ['-c', PG_RESTART], { stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout.on('data', (c) => out.push(c));
    p.stderr.on('data', (c) => out.push(c));
    p.on('close', resolve);
  });
  f.end = now();
  f.note = `restart took ${(f.end - f.start).toFixed(0)} ms` +
    (code === 0 ? '' : `; FAILED (exit ${code}): ${Buffer.concat(out).toString().trim()}`);
  f.restartFailed = code !== 0;
}

// ---- the database check -----------------------------------------------------------------

function psql(sql) {
  return new Promise((resolve, reject) => {
    const p = spawn(PSQL, ['-X', '-q', '-h', PGHOST, '-U', 'postgres', '-d', DB,
      '-v', 'ON_ERROR_STOP=1', '-At', '-F', '\t', '-c', sql],
    { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    p.stdout.on('data', (c) => out.push(c));
    p.stderr.on('data', (c) => err.push(c));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out).toString('utf8'))
      : reject(new Error(`psql: ${Buffer.concat(err).toString().trim()}`))));
  });
}

async function dbRows() {
  // The database may still be coming back: try for up to 30 s.
  for (let i = 0; ; i++) {
    try {
      const text = await psql('SELECT request_key::text, subject FROM contact_message ' +
        `WHERE subject LIKE 'soak ${RUN} %' ORDER BY id`);
      return text.split('\n').filter(Boolean).map((l) => {
        const [cle, subject] = l.split('\t');
        return { cle, subject };
      });
    } catch (e) {
      if (i >= 30) throw e;
      await sleep(1000);
    }
  }
}

// Checks the signups and bookings against the database: per kind { title, writes, confirmed,
// lost, duplicated, ... }. A write confirmed by 303, or by a 409 after a lost answer, must be
// in the database exactly once.
async function otherWrites() {
  const rowsOf = async (sql) => {
    for (let i = 0; ; i++) {
      try {
        return (await psql(sql)).split('\n').filter(Boolean).map((l) => l.split('\t'));
      } catch (e) {
        if (i >= 30) throw e;
        await sleep(1000);
      }
    }
  };
  const people = await rowsOf(`SELECT lower(email), count(*) FROM person
    WHERE email LIKE 'soak.${RUN}.s%' GROUP BY 1`);
  const booked = await rowsOf(`SELECT b.email, b.day::text, b.slot, count(*) FROM booking b
    WHERE b.email LIKE 'soak.${RUN}.b%' AND b.status IN ('requested', 'confirmed')
    GROUP BY 1, 2, 3`);
  const judge = (title, list, expected, rows, keyOf) => {
    const n = new Map(rows.map((r) => [r.slice(0, -1).join(' '), Number(r.at(-1))]));
    const byKey = new Map();
    for (const r of rows) byKey.set(r[0], (byKey.get(r[0]) || 0) + Number(r.at(-1)));
    const confirmed = list.filter((w) => w.confirmed || w.savedBy409);
    // A 409 after a lost answer is confirmed-saved only when the row is there, once.
    const lost = confirmed.filter((w) => (n.get(keyOf(w)) || 0) === 0);
    const duplicated = [...byKey.entries()].filter(([, c]) => c > 1).map(([k, c]) => `${k}: ${c} rows`);
    const keys = new Set(confirmed.map((w) => w.key));
    return {
      title, writes: list, expected, confirmed: confirmed.length, lost, duplicated,
      confirmed303: list.filter((w) => w.confirmed).length,
      savedBy409: list.filter((w) => w.savedBy409).length,
      retried: confirmed.filter((w) => w.attempts > 1).length,
      gaveUp: list.filter((w) => !w.confirmed && !w.savedBy409),
      rows: rows.reduce((s, r) => s + Number(r.at(-1)), 0),
      unconfirmedRows: [...byKey.keys()].filter((k) => !keys.has(k)).length,
    };
  };
  return [
    judge('signups', signups, SIGNUPS, people, (w) => w.key.toLowerCase()),
    judge('room bookings', bookings, BOOKERS, booked, (w) => `${w.key} ${w.day} ${w.slot}`),
  ];
}

// ---- report -----------------------------------------------------------------------------

const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`;
const failed = (r) => !r.ok;
const label = (r) => (r.error ? `error ${r.error}` : String(r.status));

function countBy(list, key) {
  const m = new Map();
  for (const x of list) m.set(key(x), (m.get(key(x)) || 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}: ${v}`).join(', ');
}

function percentile(sorted, q) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))];
}

async function main() {
  const master = masterPid();
  const nWorkers = workersOf(master).length;
  if (BOOKERS) await loadFreeSlots();
  console.log(`soak ${RUN}: ${SECONDS} s, ${READERS} readers, ${WRITERS} writers, ` +
    `${SIGNUPS} signup writers, ${BOOKERS} booking writers (${freeSlots.length} free slots), ` +
    `${BASE.origin}, ${PROGRAM} master ${master} with ${nWorkers} workers`);
  console.log(`faults: kill -9 a worker at ${fmtS(endAt / 3)}, ` +
    `restart PostgreSQL at ${fmtS(endAt / 2)}`);

  const clients = [];
  for (let i = 0; i < READERS; i++) clients.push(reader(i));
  for (let w = 0; w < WRITERS; w++) clients.push(writer(w));
  for (let w = 0; w < SIGNUPS; w++) clients.push(signupWriter(w));
  for (let w = 0; w < BOOKERS; w++) clients.push(bookingWriter(w));
  const faultRun = (async () => {
    await sleep(endAt / 3 - now());
    await killWorker();
    await sleep(Math.max(0, endAt / 2 - now()));
    await restartPostgres();
  })();
  await Promise.all([...clients, faultRun]);
  const finished = now();

  // ---- traffic
  console.log(`\n== traffic (${fmtS(finished)}, writers finish their retries after ${fmtS(endAt)})`);
  console.log(`requests: ${requests.length}`);
  for (const kind of ['read', 'read-nocache', 'form', 'write', 'signup-form', 'signup',
    'booking-form', 'booking', 'booking-confirm-form', 'booking-confirm']) {
    const rs = requests.filter((r) => r.kind === kind);
    const lat = rs.filter((r) => !failed(r)).map((r) => r.end - r.start).sort((a, b) => a - b);
    console.log(`  ${kind.padEnd(12)} ${String(rs.length).padStart(7)}  ` +
      `p50 ${percentile(lat, 0.5).toFixed(1)} ms, p99 ${percentile(lat, 0.99).toFixed(1)} ms, ` +
      `max ${(lat.at(-1) || 0).toFixed(1)} ms, ${lat.filter((x) => x >= 500).length} >= 0.5 s  ` +
      `[${countBy(rs, label)}]`);
  }
  const slow = requests.filter((r) => r.ok && r.end - r.start >= 500);
  if (slow.length) {
    console.log(`successful requests that took >= 0.5 s, by path: ` +
      countBy(slow, (r) => `${r.method} ${r.path}`));
  }

  // ---- faults: a window runs from the fault to the next fault (or the end of the
  // run); a request belongs to the window in which it ended (a request that was in
  // flight when PostgreSQL stopped fails because of the restart).
  console.log('\n== faults');
  const bounds = faults.map((f, i) => [f.start, i + 1 < faults.length ? faults[i + 1].start : Infinity]);
  const outside = requests.filter((r) => failed(r) &&
    !bounds.some(([a, b]) => r.end >= a && r.end < b));
  faults.forEach((f, i) => {
    const [a, b] = bounds[i];
    const inWindow = requests.filter((r) => r.end >= a && r.end < b);
    const bad = inWindow.filter(failed);
    let back = 0;
    if (bad.length) {
      const lastBad = Math.max(...bad.map((r) => r.end));
      const firstGood = inWindow.filter((r) => !failed(r) && r.start >= lastBad)
        .reduce((m, r) => Math.min(m, r.end), Infinity);
      back = (Number.isFinite(firstGood) ? firstGood : lastBad) - a;
    }
    f.back = back;
    console.log(`${f.name} at ${fmtS(f.start)}: ${f.note}`);
    console.log(`  errors in its window: ${bad.length} of ${inWindow.length}` +
      (bad.length ? ` [${countBy(bad, (r) => `${r.kind} ${label(r)}`)}]` : ''));
    // 503 (the database is away) and a dropped connection are what a fault may
    // cause; anything else (502, 500, a 404 for a page that exists) is worth a look.
    const odd = bad.filter((r) => r.status !== null && r.status !== 503);
    if (odd.length) {
      console.log(`  statuses other than 503: ` +
        countBy(odd, (r) => `${r.method} ${r.path} ${label(r)}`));
    }
    console.log(`  service back ${bad.length ? `${fmtS(back)} after the fault` : '(never failed)'}`);
  });
  console.log(`errors outside the fault windows: ${outside.length}` +
    (outside.length ? ` [${countBy(outside, (r) => `${r.kind} ${label(r)}`)}]` : ''));

  // ---- writes against the database
  const rows = await dbRows();
  const byCle = new Map();
  const bySubject = new Map();
  for (const r of rows) {
    byCle.set(r.cle, [...(byCle.get(r.cle) || []), r]);
    bySubject.set(r.subject, (bySubject.get(r.subject) || 0) + 1);
  }
  const confirmed = writes.filter((w) => w.confirmed);
  const lost = confirmed.filter((w) => !(byCle.get(w.cle) || []).some((r) => r.subject === w.subject));
  const dupCle = [...byCle.values()].filter((v) => v.length > 1);
  const dupSubject = [...bySubject.entries()].filter(([, n]) => n > 1);
  const duplicated = dupCle.length + dupSubject.length;
  const confirmedCles = new Set(confirmed.map((w) => w.cle));
  const unconfirmedRows = rows.filter((r) => !confirmedCles.has(r.cle));
  const retried = confirmed.filter((w) => w.attempts > 1);
  const gaveUp = writes.filter((w) => !w.confirmed);

  console.log('\n== writes (contact messages)');
  console.log(`attempted: ${writes.length}, confirmed (303): ${confirmed.length}, ` +
    `confirmed after a retry: ${retried.length}, given up: ${gaveUp.length}`);
  if (gaveUp.length) {
    console.log(`  given up: ${countBy(gaveUp, (w) => w.outcomes.join(' > '))}`);
  }
  console.log(`rows in contact_message for this run: ${rows.length} ` +
    `(saved but never confirmed to the client: ${unconfirmedRows.length})`);
  console.log(`lost (confirmed, not in the database): ${lost.length}`);
  for (const w of lost.slice(0, 10)) console.log(`  lost: ${w.subject} cle ${w.cle} [${w.outcomes.join(' > ')}]`);
  console.log(`duplicated (several rows for one cle or one subject): ${duplicated}`);
  for (const [s, n] of dupSubject.slice(0, 10)) console.log(`  ${n} rows: ${s}`);

  // ---- back without help
  const tail = requests.filter((r) => r.start >= endAt - TAIL_MS && r.start < endAt);
  const tailBad = tail.filter(failed);
  const workersNow = workersOf(masterPid()).length;
  const back = tail.length > 0 && tailBad.length === 0 && workersNow >= nWorkers &&
    !faults.some((f) => f.respawnFailed || f.restartFailed);
  console.log(`\n== service back without help: ${back ? 'yes' : 'no'} ` +
    `(last ${TAIL_MS / 1000} s: ${tail.length} requests, ${tailBad.length} failed` +
    (tailBad.length ? ` [${countBy(tailBad, (r) => `${r.kind} ${label(r)}`)}]` : '') +
    `; ${workersNow}/${nWorkers} workers)`);

  // ---- signups and bookings against the database
  const kinds = await otherWrites();
  for (const k of kinds) {
    console.log(`\n== writes (${k.title})`);
    console.log(`attempted: ${k.writes.length}, confirmed (303): ${k.confirmed303}, ` +
      `confirmed by a 409 after a lost answer (saved by the first attempt): ${k.savedBy409}, ` +
      `confirmed after a retry: ${k.retried}, given up: ${k.gaveUp.length}`);
    if (k.gaveUp.length) console.log(`  given up: ${countBy(k.gaveUp, (w) => w.outcomes.join(' > '))}`);
    console.log(`rows for this run: ${k.rows} (saved but never confirmed to the client: ${k.unconfirmedRows})`);
    console.log(`${k.title}: confirmed ${k.confirmed}, lost ${k.lost.length}, duplicated ${k.duplicated.length}`);
    for (const w of k.lost.slice(0, 10)) console.log(`  lost: ${w.key} [${w.outcomes.join(' > ')}]`);
    for (const d of k.duplicated.slice(0, 10)) console.log(`  duplicated: ${d}`);
  }
  if (slotsOutAt) console.log(`(the booking writers used every free slot and stopped at ${fmtS(slotsOutAt)})`);
  const otherOk = kinds.every((k) => k.lost.length === 0 && k.duplicated.length === 0 &&
    (k.expected === 0 || k.confirmed > 0));

  const ok = lost.length === 0 && duplicated === 0 && back && writes.length > 0 && otherOk;
  console.log(ok ? 'soak: ok' : 'soak: FAILED');
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(`soak: ${e.stack || e}`);
  process.exit(2);
});
