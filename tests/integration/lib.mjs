// lib.mjs: shared helpers of the integration tests: HTTP over loopback (each test may pick
// its own source address, which nginx sees as $remote_addr), raw sockets for requests no
// HTTP client would send, psql, the contact form, the programs' processes, a run lock.
//
// Everything comes from the variables `./dev test` exports (see test_env in dev):
// FONTAINE_URL, FONTAINE_VAR, FONTAINE_PGHOST, FONTAINE_DB, FONTAINE_SRC, FONTAINE_PROGRAMS.
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the integration tests through ./dev test`);
  return v;
}

export const URL_BASE = need('FONTAINE_URL').replace(/\/$/, '');
export const VAR = need('FONTAINE_VAR');
export const PGHOST = need('FONTAINE_PGHOST');
export const DB = process.env.FONTAINE_DB || 'fontaine';
export const SRC = need('FONTAINE_SRC');
export const PROGRAMS = (process.env.FONTAINE_PROGRAMS || 'site').split(/\s+/).filter(Boolean);
const base = new URL(URL_BASE);
export const HOST = base.hostname;
export const PORT = Number(base.port || 80);
export const PGBIN = '/usr/lib/postgresql/15/bin';

export { sleep };

// ---- one test file at a time --------------------------------------------------------
// node --test runs files in parallel when the machine has more than two cores; these files
// share one stack (the database, the programs, PostgreSQL that faults.test.mjs stops), so
// each file holds this lock for its whole run. A lock left by a dead process is taken over.
const LOCK = path.join(VAR, 'integration-tests.lock');

function lockOwnerAlive() {
  try {
    const pid = Number(fs.readFileSync(path.join(LOCK, 'pid'), 'utf8'));
    if (!pid) return false;
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

async function lockRun() {
  const deadline = Date.now() + 30 * 60 * 1000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      process.on('exit', () => fs.rmSync(LOCK, { recursive: true, force: true }));
      return;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    // The owner may be between mkdir and writing its pid: give it a moment first.
    await sleep(200);
    if (!fs.existsSync(path.join(LOCK, 'pid'))) {
      await sleep(1000);
      if (fs.existsSync(LOCK) && !fs.existsSync(path.join(LOCK, 'pid')))
        fs.rmSync(LOCK, { recursive: true, force: true });
    } else if (!lockOwnerAlive()) {
      fs.rmSync(LOCK, { recursive: true, force: true });
    }
    if (Date.now() > deadline) throw new Error(`could not take ${LOCK} within 30 minutes`);
  }
}
await lockRun();

// ---- source addresses -------------------------------------------------------------------
// The contact form allows 5 messages an hour per address and nginx limits POSTs per address,
// so tests that post use their own loopback address. Random (not fixed) addresses keep
// repeated runs against a long-lived dev stack clear of the limits of earlier runs.
const usedAddrs = new Set();
export function freshAddr() {
  for (;;) {
    const b = () => Math.floor(Math.random() * 254) + 1;
    const a = `127.${16 + Math.floor(Math.random() * 230)}.${b()}.${b()}`;
    if (!usedAddrs.has(a)) {
      usedAddrs.add(a);
      return a;
    }
  }
}

// ---- HTTP -----------------------------------------------------------------------------------

function lowerHeaders(rawHeaders) {
  const h = {};
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const k = rawHeaders[i].toLowerCase();
    (h[k] ||= []).push(rawHeaders[i + 1]);
  }
  return h;
}

function finish(status, rawHeaders, body) {
  const all = lowerHeaders(rawHeaders);
  return {
    status,
    rawHeaders,
    all, // name -> [values]
    headers: Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.join(', ')])),
    header(name) {
      const v = all[name.toLowerCase()];
      return v ? v.join(', ') : undefined;
    },
    body,
    text: body.toString('utf8'),
  };
}

// request({method, path, headers, body, localAddress}): one request on a fresh connection.
// Returns {status, headers (lower-case names, values joined), all, header(), body, text}.
export function request({ method = 'GET', path: p = '/', headers = {}, body, localAddress,
  timeout = 60000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: HOST, port: PORT, method, path: p, headers, localAddress, agent: false,
      timeout,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(finish(res.statusCode, res.rawHeaders, Buffer.concat(chunks))));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${p}: no answer within ${timeout} ms`)));
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

export const get = (p, opts = {}) => request({ ...opts, method: 'GET', path: p });

// Decodes a chunked body.
function unchunk(buf) {
  const out = [];
  let i = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', i);
    if (eol < 0) break;
    const size = parseInt(buf.subarray(i, eol).toString('latin1'), 16);
    if (!size) break;
    out.push(buf.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

// raw(bytes, {localAddress}): writes bytes as they are on a new connection and reads the
// answer until the server closes it (send "Connection: close"). For requests no HTTP client
// would send: raw CR/LF, "..", invalid bytes in the request line. Returns what request()
// returns plus head (the header block as text) and rawBody (bytes after the blank line);
// an HTTP/0.9 answer (no status line, no headers) has status 0 and http09 set.
export function raw(bytes, { localAddress, timeout = 60000 } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: HOST, port: PORT, localAddress });
    const chunks = [];
    sock.setTimeout(timeout, () => sock.destroy(new Error('raw request: no answer in time')));
    sock.on('connect', () => sock.write(bytes));
    sock.on('data', (c) => chunks.push(c));
    sock.on('error', reject);
    sock.on('close', () => {
      const all = Buffer.concat(chunks);
      // An HTTP/0.9 answer (to a request line without a version) is a bare body: status 0.
      if (!all.subarray(0, 5).equals(Buffer.from('HTTP/')))
        return resolve({ ...finish(0, [], all), head: '', rawBody: all, http09: true });
      const sep = all.indexOf('\r\n\r\n');
      if (sep < 0) return reject(new Error(`raw request: no header block in ${JSON.stringify(all.toString('latin1').slice(0, 200))}`));
      const head = all.subarray(0, sep).toString('latin1');
      const lines = head.split('\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
      if (!m) return reject(new Error(`raw request: bad status line ${lines[0]}`));
      const rawHeaders = [];
      for (const l of lines.slice(1)) {
        const c = l.indexOf(':');
        rawHeaders.push(l.slice(0, c).trim(), l.slice(c + 1).trim());
      }
      let rawBody = all.subarray(sep + 4);
      const r0 = finish(Number(m[1]), rawHeaders, rawBody);
      const body = /chunked/i.test(r0.header('transfer-encoding') || '') ? unchunk(rawBody) : rawBody;
      resolve({ ...finish(Number(m[1]), rawHeaders, body), head, rawBody });
    });
  });
}

export function gunzip(buf) {
  return zlib.gunzipSync(buf);
}

// ---- security headers -----------------------------------------------------------------------

// Returns a list of what is wrong with the security headers of res ([] when all is well).
export function securityHeaderProblems(res) {
  const problems = [];
  const csp = res.header('content-security-policy');
  if (!csp) problems.push('no Content-Security-Policy');
  else {
    if (csp.includes("'unsafe-inline'")) problems.push("CSP allows 'unsafe-inline'");
    if (!/(^|;)\s*frame-ancestors 'none'\s*(;|$)/.test(csp)) problems.push("CSP without frame-ancestors 'none'");
  }
  if (res.header('x-content-type-options') !== 'nosniff') problems.push('X-Content-Type-Options is not nosniff');
  if (!res.header('referrer-policy')) problems.push('no Referrer-Policy');
  return problems;
}

// Returns the tags of html that carry an on* attribute (quoted attribute values are
// skipped: an escaped payload inside content="..." is harmless text).
export function tagsWithHandlers(html) {
  return [...html.matchAll(/<[a-zA-Z][^\s>]*(?:\s+[^\s=>"']+(?:=(?:"[^"]*"|'[^']*'|[^\s>]*))?)*\s*\/?>/g)]
    .map((m) => m[0])
    .filter((tag) => /\son[a-z]+\s*=/i.test(tag.replace(/"[^"]*"|'[^']*'/g, '""')));
}

// ---- PostgreSQL ------------------------------------------------------------------------------

// psql(sql, vars): runs sql (read from stdin, so :'name' interpolates vars as SQL literals)
// as postgres on the stack's database; returns the unaligned, tuples-only output, trimmed.
export function psql(sql, vars = {}) {
  const args = ['-X', '-q', '-h', PGHOST, '-U', 'postgres', '-d', DB, '-At', '-v', 'ON_ERROR_STOP=1'];
  for (const [k, v] of Object.entries(vars)) args.push('-v', `${k}=${v}`);
  return execFileSync('/usr/bin/psql', args, { input: sql, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] })
    .replace(/\n$/, '');
}

// openTransaction(sql): a transaction left open in a psql session fed through a pipe (so its
// locks and uncommitted rows last until it ends): sql runs after BEGIN. Returns { written, end }:
// written resolves to true once sql has run (false if not within 10 s), end(command) sends
// COMMIT or ROLLBACK (once; later calls do nothing) and resolves when psql has exited.
export function openTransaction(sql) {
  const p = spawn('/usr/bin/psql', ['-X', '-q', '-At', '-h', PGHOST, '-U', 'postgres', '-d', DB, '-v', 'ON_ERROR_STOP=1'],
    { stdio: ['pipe', 'pipe', 'ignore'] });
  let said = '';
  p.stdout.on('data', (b) => { said += b; });
  const exited = new Promise((resolve) => p.on('exit', resolve));
  p.stdin.write(`BEGIN;\n${sql}\nSELECT 'fontaine-written';\n`);
  const written = poll(() => said.includes('fontaine-written'), { every: 20, within: 10000 }).then((r) => Boolean(r.value));
  const end = (command = 'ROLLBACK') => {
    if (!p.stdin.writableEnded) p.stdin.end(`${command};\n`);
    return exited;
  };
  return { written, end };
}

// psqlRows(select, vars): the rows of a SELECT as objects (through json_agg, so any text survives).
export function psqlRows(select, vars = {}) {
  return JSON.parse(psql(`SELECT coalesce(json_agg(t), '[]') FROM (${select}) t;`, vars));
}

export const count = (table, where = 'true', vars = {}) =>
  Number(psql(`SELECT count(*) FROM ${table} WHERE ${where};`, vars));

// ---- the contact form ------------------------------------------------------------------------

export function hidden(html, name) {
  const m = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(html);
  return m ? m[1] : undefined;
}

// Returns "name=value" of the csrf cookie set by res, or undefined.
export function csrfCookie(res) {
  for (const c of res.all['set-cookie'] || []) {
    const m = /^csrf=([^;]*)/.exec(c);
    if (m) return `csrf=${m[1]}`;
  }
  return undefined;
}

// openForm(localAddress): GET /contact as a new browser; returns {cookie, csrf, cle, res}.
export async function openForm(localAddress) {
  const res = await get('/contact', { localAddress });
  if (res.status !== 200) throw new Error(`GET /contact answered ${res.status}`);
  const cookie = csrfCookie(res);
  const csrf = hidden(res.text, 'csrf');
  const cle = hidden(res.text, 'cle');
  if (!cookie || !csrf || !cle) throw new Error('GET /contact: no csrf cookie, csrf or cle field');
  return { cookie, csrf, cle, res };
}

export function formBody(fields) {
  // URLSearchParams encodes every byte a browser would (space as +).
  return new URLSearchParams(fields).toString();
}

// staffGet(): logs the demo staff member in from an address of its own; returns get(path), a
// GET with the session's cookies.
export const STAFF = { email: 'equipe@lafontaine-agen.example', password: 'fontaine-demo-2026' };
export async function staffGet({ email, password } = STAFF) {
  const localAddress = freshAddr();
  const jar = new Map();
  const keep = (res) => {
    for (const c of res.all['set-cookie'] || []) {
      const m = /^([^=;\s]+)=([^;]*)/.exec(c);
      if (m) jar.set(m[1], m[2]);
    }
    return res;
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = keep(await request({ path: '/connexion', localAddress }));
  const body = formBody({ csrf: hidden(form.text, 'csrf'), email, mot_de_passe: password, retour: '/admin' });
  const res = keep(await request({
    method: 'POST', path: '/connexion', localAddress, body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), Cookie: cookie() },
  }));
  if (res.status !== 303) throw new Error(`staff login answered ${res.status}`);
  return (p) => request({ path: p, localAddress, headers: { Cookie: cookie() } });
}

// post(path, body, {cookie, localAddress, headers, contentType}): a form POST.
export function post(p, body, { cookie, localAddress, headers = {}, contentType = 'application/x-www-form-urlencoded' } = {}) {
  const h = { ...headers };
  if (contentType) h['Content-Type'] = contentType;
  if (cookie) h.Cookie = cookie;
  const b = typeof body === 'string' || Buffer.isBuffer(body) ? body : formBody(body);
  h['Content-Length'] = Buffer.byteLength(b);
  return request({ method: 'POST', path: p, headers: h, body: b, localAddress });
}

let seq = 0;
// A valid contact message whose texts carry a unique tag (to find its row afterwards).
export function validMessage(extra = {}) {
  const tag = `t${process.pid}x${Date.now().toString(36)}x${++seq}`;
  return {
    tag,
    fields: {
      nom: `Camille Test ${tag}`,
      email: `camille.${tag}@example.org`,
      telephone: '05 53 00 00 00',
      objet: `Question ${tag}`,
      message: `Bonjour, je voudrais visiter l’espace. ${tag}`,
      ...extra,
    },
  };
}

// ---- the programs' processes ------------------------------------------------------------------

export const RUNDIR = path.join(VAR, 'run');
export const LOGDIR = path.join(VAR, 'log');

export function masterPid(program = 'site') {
  return Number(fs.readFileSync(path.join(RUNDIR, `${program}.pid`), 'utf8').trim());
}

// Returns the pids of pid's living child processes (zombies left out).
export function childrenOf(pid) {
  return listChildren(pid).filter(alive);
}

function listChildren(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    const out = [];
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === pid) out.push(Number(d));
      } catch { /* gone */ }
    }
    return out;
  }
}

// True when the program runs a sanitizer build (the sanitizers tier of ./dev test): a request
// known to crash a worker would then fail that tier with the sanitizer's report, so the
// tests that reproduce known crashes skip themselves there.
export function underSanitizer(program = 'site') {
  try {
    const pid = masterPid(program);
    return /(^|\0)(ASAN|UBSAN)_OPTIONS=/.test(fs.readFileSync(`/proc/${pid}/environ`, 'latin1'));
  } catch {
    return false;
  }
}

// True when pid runs (a zombie, dead but not yet reaped, counts as dead).
export function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== 'EPERM') return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export function logSize(program = 'site') {
  try {
    return fs.statSync(path.join(LOGDIR, `${program}.log`)).size;
  } catch {
    return 0;
  }
}

// Returns what program's log gained since offset.
export function logSince(offset, program = 'site') {
  const f = path.join(LOGDIR, `${program}.log`);
  const buf = fs.readFileSync(f);
  return buf.subarray(Math.min(offset, buf.length)).toString('utf8');
}

// poll(fn, {every, within}): calls fn until it returns a truthy value; returns
// {value, ms} or {value: undefined, ms} when the time is up.
export async function poll(fn, { every = 100, within = 10000 } = {}) {
  const t0 = performance.now();
  for (;;) {
    const value = await fn();
    const ms = performance.now() - t0;
    if (value) return { value, ms };
    if (ms >= within) return { value: undefined, ms };
    await sleep(every);
  }
}

// A query string that makes a URL unique, so nginx's micro-cache cannot answer it.
let bust = 0;
export const fresh = (p) => `${p}${p.includes('?') ? '&' : '?'}nocache=${process.pid}-${Date.now()}-${++bust}`;
