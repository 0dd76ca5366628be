#!/usr/bin/env node
// load.mjs: the fault tier's client (tests/fault/run.sh runs it inside the front namespace).
// A bounded load of public reads, contact messages, signups, room bookings (held, then
// confirmed through the mailed link) and invoice issuing (fontaine-invoicectl issue-drafts on
// either application host) through the front nginx, during which it calls the faults
// (FONTAINE_FAULT_CTL WHAT): the primary's PostgreSQL killed, later the new primary's network
// cut, then one application host killed. Then it checks that every write the client got a
// success for is in the database once, the invoice numbers (no gap, no duplicate), the mail
// (each outbox message under one Message-ID, resends counted), and prints, per fault, the time
// to the first success after it and the errors of the switch.
//
// The clients come from the shape of tests/soak/soak.mjs (same routes, same retries of the
// same POST with its idempotency key, same source addresses 127.x.y.z so that the
// per-address limits are not met). No npm dependencies: node:http and psql.
//
// Exit status: 0 when no confirmed write is lost or saved twice, the numbering and the mail
// hold, every fault's errors end within 30 s of it and none happens outside the switches;
// 1 otherwise; 2 when it cannot run. Knobs: FONTAINE_FAULT_READERS (4), _WRITERS (2, contact),
// _SIGNUPS (1), _BOOKERS (1), _THINK_MS (20).

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

const env = process.env;
function need(name) {
  if (!env[name]) {
    console.error(`fault: ${name} is not set: run me through tests/fault/run.sh`);
    process.exit(2);
  }
  return env[name];
}

const BASE = new URL(need('FONTAINE_URL'));
const VAR = need('FONTAINE_VAR'); // the SMTP sink's Maildir is VAR/mail
const DSN = need('FONTAINE_FAULT_DSN'); // superuser, every node, target_session_attrs=read-write
const CTL = need('FONTAINE_FAULT_CTL');
const INVOICECTL = need('FONTAINE_FAULT_INVOICECTL');
const NS = need('FONTAINE_FAULT_NS');
const FDIR = need('FONTAINE_FAULT_DIR');
const SECONDS = Number(process.argv[2] || 80);
const READERS = Number(env.FONTAINE_FAULT_READERS || 4);
const WRITERS = Number(env.FONTAINE_FAULT_WRITERS || 2);
const SIGNUPS = Number(env.FONTAINE_FAULT_SIGNUPS ?? 1);
const BOOKERS = Number(env.FONTAINE_FAULT_BOOKERS ?? 1);
const ROOM = 'salle-de-conference';
const THINK_MS = Number(env.FONTAINE_FAULT_THINK_MS || 20);
const SWITCH_MS = 30000; // a fault's errors must end within 30 s of it
const REQUEST_TIMEOUT_MS = 20000;
// A person pressing reload, for up to ~30 s (the length of a switch), then giving up.
const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000, 4000, 4000, 4000, 4000, 4000];
const PER_ADDRESS = 4; // messages per source address (the database allows 5 an hour)
const PSQL = fs.existsSync('/usr/lib/postgresql/15/bin/psql')
  ? '/usr/lib/postgresql/15/bin/psql' : 'psql';
// Each step, `after` ms past the end of the previous one (the partition's hook first waits
// for the restarted node to stream again, so that a three-node cluster is cut).
const SCHEDULE = [
  { after: 12000, what: ['kill-primary'], fault: true },
  { after: 10000, what: ['restart-killed'], fault: false },
  { after: 10000, what: ['partition-primary'], fault: true },
  { after: 22000, what: ['kill-app', '1'], fault: true },
];

if (!Number.isInteger(SECONDS) || SECONDS < 40) {
  console.error('fault: SECONDS must be an integer >= 40 (the faults need room)');
  process.exit(2);
}

const PAGES = ['/', '/coworking', '/espace', '/tarifs', '/cooperative', '/partenaires',
  '/mentions-legales', '/confidentialite', '/statuts', '/contact', '/sitemap.xml',
  '/robots.txt'];
const RUN = randomBytes(4).toString('hex');
const t0 = performance.now();
const now = () => performance.now() - t0; // ms since the start of the run
// The load runs SECONDS, and at least TAIL_MS past the last fault (a hook may wait).
let endAt = SECONDS * 1000;
let faultsDone = false;
// The clients run until the faults are done and endAt has passed.
const running = () => !faultsDone || now() < endAt;
const TAIL_MS = 15000;

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
      // The database away: the program's own 503 page, in French (not nginx's, not a 500).
      if (r.status === 503) rec.french = /momentanément indisponible/.test(r.body || '');
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
  while (running()) {
    const p = PAGES[Math.floor(Math.random() * PAGES.length)];
    const bypass = n++ % 2 === 1;
    await send({ kind: bypass ? 'read-nocache' : 'read', expect: 200, path: p, agent,
      headers: bypass ? { Cookie: `session=fault-${i}` } : {} });
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
  while (running()) {
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
      console.error(`fault: /contact has no csrf token, cle or cookie (writer ${w})`);
      await sleep(200);
      continue;
    }
    const subject = `fault ${RUN} w${w} m${n}`;
    const body = new URLSearchParams({ csrf, cle, nom: `Panne ${w}`,
      email: `fault.w${w}.m${n}@example.org`, telephone: '', objet: subject,
      message: `Message ${n} du client ${w} pendant l’essai de panne ${RUN}.`,
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
    console.error(`fault: ${p} has no csrf cookie or token`);
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
  while (running()) {
    const localAddress = sourceAddress(150 + w, n);
    const f = await openForm('signup-form', '/adhesion', localAddress);
    if (!f) { await sleep(200); continue; }
    const email = `fault.${RUN}.s${w}.${n}@example.org`;
    const body = new URLSearchParams({ csrf: f.csrf, profil: 'independant', prenom: 'Panne',
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
  while (running() && freeSlots.length) {
    const localAddress = sourceAddress(180 + w, n);
    const f = await openForm('booking-form', '/reservation', localAddress);
    if (!f) { await sleep(200); continue; }
    const [day, slot] = freeSlots.pop();
    const email = `fault.${RUN}.b${w}.${n}@example.org`;
    const body = new URLSearchParams({ csrf: f.csrf, salle: ROOM, jour: day, creneau: slot,
      participants: '4', entreprise: `Panne ${RUN} ${w}-${n}`, siren: '732829320',
      adresse: '1 place Armand Fallières', code_postal: '47000', ville: 'Agen',
      contact: `Panne ${w}`, email, telephone: '05 53 00 00 00', objet: `Essai ${RUN}`,
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
  if (!freeSlots.length && running() && !slotsOutAt) slotsOutAt = now();
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

const faults = []; // { name, start, end, note, fault }

// run(cmd, args): { code, out } of a command (never rejects).
function run(cmd, args, timeoutMs = 60000) {
  return new Promise((resolve) => {
    const out = [];
    let p;
    try {
      p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      resolve({ code: -1, out: String(e) });
      return;
    }
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.stdout.on('data', (c) => out.push(c));
    p.stderr.on('data', (c) => out.push(c));
    p.on('error', (e) => out.push(Buffer.from(String(e))));
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, out: Buffer.concat(out).toString('utf8').trim() });
    });
  });
}

async function callFault(step) {
  const f = { name: step.what.join(' '), start: now(), end: null, note: '', fault: step.fault };
  faults.push(f);
  const r = await run('bash', ['-c', `${CTL} ${step.what.join(' ')}`]);
  // The hook looks the node up, then strikes: the fault's time is when it returns.
  f.end = now();
  f.start = f.end;
  f.note = r.code === 0 ? r.out : `FAILED (exit ${r.code}): ${r.out}`;
  f.failed = r.code !== 0;
}

// ---- invoice issuing: a draft made in SQL (as staff would through the back office), then
// `fontaine-invoicectl issue-drafts MONTH` on one application host or the other. A draft is
// confirmed-issued when a run that started after its draft was committed exited 0.
const invoices = []; // { id, name, confirmed, attempts, outcomes[] }
const killedHosts = new Set();
const issueErrors = [];

async function issuer() {
  let n = 0;
  const month = (await psqlRetry("SELECT to_char(paris_today(), 'YYYY-MM')")).trim();
  while (running()) {
    const name = `Panne ${RUN} facture ${n++}`;
    const rec = { kind: 'invoice-draft', method: 'SQL', path: 'draft', start: now(), end: 0,
      status: null, error: null, ok: false };
    requests.push(rec);
    let id;
    try {
      id = (await psql(`WITH i AS (INSERT INTO invoice (customer_name, customer_business,
          customer_street, customer_postcode, customer_city, customer_email, run_month)
        VALUES ('${name}', false, '1 rue du Test', '47000', 'Agen', 'client@example.org',
          date_trunc('month', paris_today())::date) RETURNING id),
        l AS (INSERT INTO invoice_line (invoice_id, description, quantity_milli, unit_price_cents)
          SELECT id, 'Demi-journée en open space', 1000, 1500 FROM i)
        SELECT id FROM i`)).trim();
      rec.ok = true;
      rec.status = 200;
    } catch (e) {
      rec.error = 'psql';
    }
    rec.end = now();
    if (!id) { await sleep(500); continue; }
    const inv = { id, name, confirmed: false, attempts: 0, outcomes: [] };
    invoices.push(inv);
    for (let a = 0; ; a++) {
      const host = killedHosts.has(1) || n % 2 === 0 ? 2 : 1;
      const r2 = { kind: 'invoice-issue', method: 'CLI', path: `app${host}`, start: now(), end: 0,
        status: null, error: null, ok: false };
      requests.push(r2);
      const r = await run('ip', ['netns', 'exec', `${NS}-app${host}`, INVOICECTL, '-c',
        `${FDIR}/app${host}/fontaine.conf`, 'issue-drafts', month], 30000);
      r2.end = now();
      inv.attempts++;
      inv.outcomes.push(r.code === 0 ? 'ok' : `exit ${r.code}`);
      if (r.code !== 0) issueErrors.push(`${fmtS(r2.end)} app${host} exit ${r.code}: ${r.out.split('\n').slice(-2).join(' / ')}`);
      if (r.code === 0) { r2.ok = true; r2.status = 200; inv.confirmed = true; break; }
      r2.error = `exit ${r.code}`;
      if (a >= RETRY_DELAYS_MS.length) break;
      await sleep(RETRY_DELAYS_MS[a]);
    }
    await sleep(Math.max(THINK_MS, 300));
  }
}

async function invoiceCheck() {
  const rows = (await psqlRetry(`SELECT id, status, coalesce(number, '') FROM invoice
    WHERE customer_name LIKE 'Panne ${RUN} facture %'`)).split('\n').filter(Boolean)
    .map((l) => l.split('\t'));
  const byId = new Map(rows.map((r) => [r[0], r]));
  const confirmed = invoices.filter((i) => i.confirmed);
  const lost = confirmed.filter((i) => !byId.get(i.id) || byId.get(i.id)[1] === 'draft' || !byId.get(i.id)[2]);
  // Every series of every year, over the whole table: numbers 1..n, each once.
  const series = (await psqlRetry(`SELECT left(number, 5), count(*), count(DISTINCT number),
      min(substring(number from 7)::int), max(substring(number from 7)::int)
    FROM invoice WHERE number IS NOT NULL GROUP BY 1 ORDER BY 1`)).split('\n').filter(Boolean)
    .map((l) => l.split('\t'));
  const bad = series.filter(([, n, d, lo, hi]) => n !== d || Number(lo) !== 1 || Number(hi) !== Number(n));
  return { confirmed, lost, series, bad, rows: rows.length,
    issued: rows.filter((r) => r[1] !== 'draft').length };
}

// ---- mail: every file of the SMTP sink's Maildir, by Message-ID. A Message-ID is made once
// per outbox row (<uuid.ROW@domain>, stored before the message leaves): two different IDs for
// one row would be a message queued or claimed twice; the same ID twice is the at-least-once
// resend of a message whose 'sent' mark was lost with the primary.
function mailCheck() {
  const ids = new Map();
  for (const sub of ['new', 'cur']) {
    const dir = path.join(VAR, 'mail', sub);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) {
      const head = fs.readFileSync(path.join(dir, f), 'utf8').split(/\r?\n\r?\n/)[0];
      const m = /^Message-ID:\s*(<[^>\s]+>)/mi.exec(head);
      const id = m ? m[1] : `(none: ${f})`;
      ids.set(id, (ids.get(id) || 0) + 1);
    }
  }
  const rows = new Map();
  for (const id of ids.keys()) {
    const row = /^<[0-9a-f]+\.(\d+)@/.exec(id)?.[1] ?? id;
    rows.set(row, [...(rows.get(row) || []), id]);
  }
  const files = [...ids.values()].reduce((a, b) => a + b, 0);
  const resent = [...ids.entries()].filter(([, c]) => c > 1);
  const twoIds = [...rows.entries()].filter(([, l]) => l.length > 1);
  // Which host's mailer sent what (their logs: "mailer: #ROW sent <ID>").
  const byHost = {};
  for (const h of [1, 2]) {
    const log = path.join(FDIR, 'log', `app${h}-mailer.log`);
    byHost[`app${h}`] = fs.existsSync(log)
      ? (fs.readFileSync(log, 'utf8').match(/^mailer: #\d+ sent /gm) || []).length : 0;
  }
  return { files, distinct: ids.size, resent, twoIds, byHost };
}

// ---- the database check -----------------------------------------------------------------

function psql(sql) {
  return new Promise((resolve, reject) => {
    const p = spawn(PSQL, ['-X', '-q', DSN, '-v', 'ON_ERROR_STOP=1', '-At', '-F', '\t',
      '-c', sql],
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

// psqlRetry(sql): psql's output, trying for up to 30 s (a switch may be under way).
async function psqlRetry(sql) {
  for (let i = 0; ; i++) {
    try {
      return await psql(sql);
    } catch (e) {
      if (i >= 30) throw e;
      await sleep(1000);
    }
  }
}

async function dbRows() {
  // The database may still be coming back: try for up to 30 s.
  for (let i = 0; ; i++) {
    try {
      const text = await psql('SELECT request_key::text, subject FROM contact_message ' +
        `WHERE subject LIKE 'fault ${RUN} %' ORDER BY id`);
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
    WHERE email LIKE 'fault.${RUN}.s%' GROUP BY 1`);
  const booked = await rowsOf(`SELECT b.email, b.day::text, b.slot, count(*) FROM booking b
    WHERE b.email LIKE 'fault.${RUN}.b%' AND b.status IN ('requested', 'confirmed')
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
      retried: confirmed.filter((w) => w.attempts > (w.held ? 2 : 1)).length, // a booking: hold + confirm
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
  if (BOOKERS) await loadFreeSlots();
  console.log(`fault ${RUN}: ${SECONDS} s, ${READERS} readers, ${WRITERS} contact writers, ` +
    `${SIGNUPS} signup writers, ${BOOKERS} booking writers (${freeSlots.length} free slots), ` +
    `1 invoice issuer, ${BASE.origin}`);
  console.log(`faults, each so long after the previous one: ${SCHEDULE.map((f) => `${f.what.join(' ')} +${fmtS(f.after)}`).join(', ')}`);

  const clients = [];
  for (let i = 0; i < READERS; i++) clients.push(reader(i));
  for (let w = 0; w < WRITERS; w++) clients.push(writer(w));
  for (let w = 0; w < SIGNUPS; w++) clients.push(signupWriter(w));
  for (let w = 0; w < BOOKERS; w++) clients.push(bookingWriter(w));
  clients.push(issuer());
  const faultRun = (async () => {
    for (const step of SCHEDULE) {
      await sleep(step.after);
      await callFault(step);
      endAt = Math.max(endAt, now() + TAIL_MS);
      if (step.what[0] === 'kill-app') killedHosts.add(Number(step.what[1]));
      console.log(`${fmtS(now())}: ${step.what.join(' ')}: ${faults.at(-1).note}`);
    }
    faultsDone = true;
  })();
  await Promise.all([...clients, faultRun]);
  const finished = now();

  // ---- traffic
  console.log(`\n== traffic (${fmtS(finished)}, writers finish their retries after ${fmtS(endAt)})`);
  console.log(`requests: ${requests.length}`);
  for (const kind of ['read', 'read-nocache', 'form', 'write', 'signup-form', 'signup',
    'booking-form', 'booking', 'booking-confirm-form', 'booking-confirm', 'invoice-draft',
    'invoice-issue']) {
    const rs = requests.filter((r) => r.kind === kind);
    const lat = rs.filter((r) => !failed(r)).map((r) => r.end - r.start).sort((a, b) => a - b);
    console.log(`  ${kind.padEnd(20)} ${String(rs.length).padStart(6)}  ` +
      `p50 ${percentile(lat, 0.5).toFixed(1)} ms, p99 ${percentile(lat, 0.99).toFixed(1)} ms, ` +
      `max ${(lat.at(-1) || 0).toFixed(1)} ms  [${countBy(rs, label)}]`);
  }

  // ---- faults: a fault's window runs from it to the next fault (or the end); a request
  // belongs to the window in which it ended. Its errors must all end within SWITCH_MS.
  console.log('\n== faults (time from the fault to the first success after it; the errors of the switch)');
  const real = faults.filter((f) => f.fault);
  const bounds = real.map((f, i) => [f.start, i + 1 < real.length ? real[i + 1].start : Infinity]);
  const outside = requests.filter((r) => failed(r) &&
    !bounds.some(([a, b]) => r.end >= a && r.end < b));
  let switchesOk = !faults.some((f) => f.failed);
  const writeKinds = new Set(['write', 'signup', 'booking', 'booking-confirm', 'invoice-draft', 'invoice-issue']);
  real.forEach((f, i) => {
    const [a, b] = bounds[i];
    const inWindow = requests.filter((r) => r.end >= a && r.end < b);
    const bad = inWindow.filter(failed);
    const firstOk = (pred) => {
      const t = inWindow.filter((r) => r.ok && r.start >= a && pred(r))
        .reduce((m, r) => Math.min(m, r.end), Infinity);
      return Number.isFinite(t) ? fmtS(t - a) : 'none';
    };
    const lastBad = bad.length ? Math.max(...bad.map((r) => r.end)) - a : 0;
    const ok = lastBad <= SWITCH_MS;
    if (!ok) switchesOk = false;
    console.log(`fault ${i + 1}: ${f.note} (at ${fmtS(f.start)})`);
    console.log(`  first success after it: page past the cache ${firstOk((r) => r.kind === 'read-nocache')}, ` +
      `cached page ${firstOk((r) => r.kind === 'read')}, write ${firstOk((r) => writeKinds.has(r.kind))}`);
    console.log(`  errors: ${bad.length} of ${inWindow.length} requests, the last ${fmtS(lastBad)} ` +
      `after the fault${ok ? '' : ` — PAST ${SWITCH_MS / 1000} s`}` +
      (bad.length ? ` [${countBy(bad, (r) => `${r.kind} ${label(r)}`)}]` : ''));
    const odd = bad.filter((r) => r.status !== null && r.status !== 503);
    if (odd.length) {
      console.log(`  statuses other than 503 (French "service indisponible" page): ` +
        countBy(odd, (r) => `${r.method} ${r.path} ${label(r)}`));
    }
  });
  for (const f of faults.filter((x) => !x.fault)) console.log(`(at ${fmtS(f.start)}: ${f.note})`);
  for (const e of issueErrors.slice(0, 8)) console.log(`  fontaine-invoicectl failed at ${e}`);
  console.log(`errors outside the switches: ${outside.length}` +
    (outside.length ? ` [${countBy(outside, (r) => `${r.kind} ${label(r)} at ${fmtS(r.end)}`)}]` : ''));
  if (outside.length) switchesOk = false;
  const five500 = requests.filter((r) => r.status === 500);
  const all503 = requests.filter((r) => r.status === 503);
  const notFrench = all503.filter((r) => !r.french);
  const gateway = requests.filter((r) => r.status === 502 || r.status === 504);
  console.log(`500 answers: ${five500.length}; 503 answers: ${all503.length}, of which the ` +
    `French page of the program: ${all503.length - notFrench.length}; 502/504 from nginx: ` +
    `${gateway.length}${gateway.length ? ` [${countBy(gateway, (r) => `${r.method} ${r.path} ${r.status}`)}]` : ''}`);
  if (five500.length || notFrench.length) switchesOk = false;
  // Reads per second the client got through, two hosts (before the first fault) against one
  // (from 5 s after the last fault): a closed loop with a pause, so bounded by the client too.
  const rate = (lo, hi) => requests.filter((r) => r.kind.startsWith('read') && r.ok &&
    r.end >= lo && r.end < hi).length / Math.max(0.001, (hi - lo) / 1000);
  const lastFault = real.at(-1)?.start ?? endAt;
  console.log(`reads per second under the load: ${rate(2000, real[0]?.start ?? endAt).toFixed(1)} ` +
    `with two hosts, ${rate(lastFault + 5000, endAt).toFixed(1)} with one`);

  // ---- contact messages against the database
  const rows = await dbRows();
  const byCle = new Map();
  const bySubject = new Map();
  for (const r of rows) {
    byCle.set(r.cle, [...(byCle.get(r.cle) || []), r]);
    bySubject.set(r.subject, (bySubject.get(r.subject) || 0) + 1);
  }
  const confirmed = writes.filter((w) => w.confirmed);
  const lost = confirmed.filter((w) => !(byCle.get(w.cle) || []).some((r) => r.subject === w.subject));
  const duplicated = [...byCle.values()].filter((v) => v.length > 1).length +
    [...bySubject.entries()].filter(([, n]) => n > 1).length;
  console.log('\n== confirmed writes against the database (the primary after the faults)');
  console.log(`contact messages: attempted ${writes.length}, confirmed ${confirmed.length} ` +
    `(${confirmed.filter((w) => w.attempts > 1).length} after a retry), given up ` +
    `${writes.length - confirmed.length}; rows ${rows.length}; lost ${lost.length}, duplicated ${duplicated}`);
  for (const w of lost.slice(0, 10)) console.log(`  lost: ${w.subject} [${w.outcomes.join(' > ')}]`);

  const kinds = await otherWrites();
  for (const k of kinds) {
    console.log(`${k.title}: attempted ${k.writes.length}, confirmed ${k.confirmed} ` +
      `(${k.retried} after a retry, ${k.savedBy409} by a 409 after a lost answer), given up ` +
      `${k.gaveUp.length}; rows ${k.rows}; lost ${k.lost.length}, duplicated ${k.duplicated.length}`);
    for (const w of k.lost.slice(0, 10)) console.log(`  lost: ${w.key} [${w.outcomes.join(' > ')}]`);
    for (const d of k.duplicated.slice(0, 10)) console.log(`  duplicated: ${d}`);
  }
  const inv = await invoiceCheck();
  console.log(`invoices: drafts ${invoices.length}, confirmed issued ${inv.confirmed.length}, ` +
    `issued in the database ${inv.issued}; lost ${inv.lost.length}`);
  for (const i of inv.lost.slice(0, 10)) console.log(`  lost: ${i.name} [${i.outcomes.join(' > ')}]`);
  console.log(`numbering: ${inv.series.map(([s, n, , lo, hi]) => `${s} ${n} numbers (${lo}..${hi})`).join(', ')}; ` +
    `gaps or duplicates: ${inv.bad.length}`);

  const mail = mailCheck();
  console.log(`mail: ${mail.files} messages received, ${mail.distinct} Message-IDs; sent by ` +
    `${Object.entries(mail.byHost).map(([h, n]) => `${h} ${n}`).join(', ')}; rows sent under ` +
    `two Message-IDs: ${mail.twoIds.length}; resent under the same Message-ID (at-least-once ` +
    `at a crash, dropped by the Message-ID): ${mail.resent.length}`);
  for (const [id, c] of mail.resent.slice(0, 5)) console.log(`  ${c} times: ${id}`);

  const writesOk = lost.length === 0 && duplicated === 0 && confirmed.length > 0 &&
    kinds.every((k) => k.lost.length === 0 && k.duplicated.length === 0 &&
      (k.expected === 0 || k.confirmed > 0)) &&
    inv.lost.length === 0 && inv.bad.length === 0 && inv.confirmed.length > 0;
  const mailOk = mail.twoIds.length === 0 && mail.files > 0;
  const ok = writesOk && mailOk && switchesOk;
  console.log(`\nconfirmed writes: ${writesOk ? 'none lost, none twice' : 'FAILED'}; ` +
    `mail: ${mailOk ? 'each message under one Message-ID' : 'FAILED'}; ` +
    `switches: ${switchesOk ? `errors only within ${SWITCH_MS / 1000} s of a fault` : 'FAILED'}`);
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(`fault: ${e.stack || e}`);
  process.exit(2);
});
