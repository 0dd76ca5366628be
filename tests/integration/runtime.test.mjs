// runtime.test.mjs: how the programs run in production (issue 11 §2, issue 12): FastCGI
// sockets not world-writable (0660, the configured socket_group), a secret_file that cannot be
// read stops the program, database time limits (a held lock gives the French 503 page in
// seconds, not a hang), SIGTERM never truncates a response and a stuck worker is killed after
// stop_grace, bearer tokens never reach a log, unexpected constraint errors do.
//
// The process tests start their own copy of the site program (same binary and environment as
// the stack's, a copy of the stack's configuration with a few keys added, its own socket in a
// temporary directory) and speak FastCGI to it directly, so that nginx's buffering does not
// hide what the worker writes; the stack itself is left as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import {
  VAR, RUNDIR, LOGDIR, PROGRAMS, get, post, psql, psqlRows, csrfCookie, hidden, freshAddr,
  masterPid, childrenOf, alive, logSize, logSince, poll, sleep,
} from './lib.mjs';

const CONFIG = process.env.FONTAINE_CONFIG;
const isRoot = process.getuid && process.getuid() === 0;
const RUN = `rt${process.pid}x${Date.now().toString(36)}`;

// ---- a private copy of the site program ------------------------------------------------------

const siteMaster = masterPid('site');
const siteExe = fs.readFileSync(`/proc/${siteMaster}/cmdline`, 'utf8').split('\0')[0];
const siteEnv = Object.fromEntries(fs.readFileSync(`/proc/${siteMaster}/environ`, 'utf8')
  .split('\0').filter((kv) => kv.includes('=')).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const confLines = fs.readFileSync(CONFIG, 'utf8').split('\n');
const confValue = (key) => {
  const l = confLines.filter((x) => x.replace(/\s/g, '').startsWith(`${key}=`)).pop();
  return l ? l.slice(l.indexOf('=') + 1).trim() : undefined;
};

// Starts fontaine-site with the stack's configuration plus extra lines (and without the keys
// listed in drop), in a temporary directory. Returns {dir, sock, child, exit (a promise of
// {code, signal}), log()}.
function startSite({ extra = [], drop = [], workers = 2, asUser } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ft-rt-'));
  fs.chmodSync(dir, 0o755);
  const conf = path.join(dir, 'site.conf');
  if (asUser) {
    // The program reads its credentials before its secret: give that user its own copy
    // (a credential file must belong to the program's user, mode 600).
    const creds = path.join(dir, 'credentials');
    fs.mkdirSync(creds, { mode: 0o700 });
    fs.copyFileSync(path.join(confValue('credentials_dir'), 'site.conf'), path.join(creds, 'site.conf'));
    fs.chmodSync(path.join(creds, 'site.conf'), 0o600);
    const uid = Number(execFileSync('id', ['-u', asUser], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', asUser], { encoding: 'utf8' }));
    fs.chownSync(creds, uid, gid);
    fs.chownSync(path.join(creds, 'site.conf'), uid, gid);
    drop = [...drop, 'credentials_dir'];
    extra = [...extra, `credentials_dir = ${creds}`];
  }
  const kept = confLines.filter((l) => !drop.some((k) => l.replace(/\s/g, '').startsWith(`${k}=`)));
  fs.writeFileSync(conf, [...kept, ...extra, ''].join('\n'), { mode: 0o644 });
  const sock = path.join(dir, 'site.sock');
  const logFile = path.join(dir, 'site.log');
  const logFd = fs.openSync(logFile, 'a');
  const args = ['-c', conf, '-s', sock, '-n', String(workers), '-p', path.join(dir, 'site.pid')];
  const [file, argv] = asUser ? ['runuser', ['-u', asUser, '--', siteExe, ...args]] : [siteExe, args];
  const child = spawn(file, argv, { env: siteEnv, cwd: dir, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { dir, sock, child, exit, log: () => fs.readFileSync(logFile, 'utf8') };
}

async function waitListening(site) {
  const up = await poll(() => fs.existsSync(site.sock) && /listening on/.test(site.log()), { every: 50, within: 15000 });
  assert.ok(up.value, `the program listens (log: ${site.log()})`);
  const workers = await poll(() => childrenOf(site.child.pid).length >= 1, { every: 50, within: 10000 });
  assert.ok(workers.value, 'the program has workers');
}

async function stopSite(site) {
  if (site.child.exitCode === null && site.child.signalCode === null) {
    site.child.kill('SIGTERM');
    const t = setTimeout(() => site.child.kill('SIGKILL'), 20000);
    await site.exit;
    clearTimeout(t);
  }
  fs.rmSync(site.dir, { recursive: true, force: true });
}

// Waits for the program to exit by itself; returns {code, signal, log}.
async function exitOf(site, within = 15000) {
  const t = setTimeout(() => site.child.kill('SIGKILL'), within);
  const r = await site.exit;
  clearTimeout(t);
  const log = site.log();
  fs.rmSync(site.dir, { recursive: true, force: true });
  return { ...r, log };
}

// ---- a FastCGI client --------------------------------------------------------------------------

function record(type, content = Buffer.alloc(0)) {
  const h = Buffer.alloc(8);
  h.writeUInt8(1, 0);
  h.writeUInt8(type, 1);
  h.writeUInt16BE(1, 2);
  h.writeUInt16BE(content.length, 4);
  return Buffer.concat([h, content]);
}

function pair(name, value) {
  const len = (n) => (n < 128 ? Buffer.from([n]) : (() => { const b = Buffer.alloc(4); b.writeUInt32BE((n | 0x80000000) >>> 0); return b; })());
  const [n, v] = [Buffer.from(name), Buffer.from(value)];
  return Buffer.concat([len(n.length), len(v.length), n, v]);
}

// Sends GET uri on the program's socket. Returns {sock, done}: done resolves once the
// program closes the connection, to {stdout (Buffer), ended (an END_REQUEST came)}.
function fcgiGet(sockPath, uri) {
  const sock = net.connect(sockPath);
  const params = Buffer.concat(Object.entries({
    REQUEST_METHOD: 'GET', REQUEST_URI: uri, SCRIPT_NAME: uri.split('?')[0], QUERY_STRING: uri.split('?')[1] || '',
    SERVER_PROTOCOL: 'HTTP/1.1', REMOTE_ADDR: '127.0.0.1', SERVER_NAME: '127.0.0.1', SERVER_PORT: '80',
    GATEWAY_INTERFACE: 'CGI/1.1', HTTP_COOKIE: 'session=runtime-test',
  }).map(([k, v]) => pair(k, v)));
  const begin = Buffer.alloc(8);
  begin.writeUInt16BE(1, 0); // FCGI_RESPONDER, no keep-alive
  sock.write(Buffer.concat([record(1, begin), record(4, params), record(4), record(5)]));
  const chunks = [];
  sock.on('data', (c) => chunks.push(c));
  const done = new Promise((resolve, reject) => {
    sock.on('error', reject);
    sock.on('close', () => {
      const data = Buffer.concat(chunks);
      const out = [];
      let ended = false;
      for (let i = 0; i + 8 <= data.length;) {
        const type = data[i + 1], clen = data.readUInt16BE(i + 4), plen = data[i + 6];
        if (type === 6) out.push(data.subarray(i + 8, i + 8 + clen));
        if (type === 3) ended = true;
        i += 8 + clen + plen;
      }
      resolve({ stdout: Buffer.concat(out), ended });
    });
  });
  return { sock, done };
}

function parseCgi(stdout) {
  const sep = stdout.indexOf('\r\n\r\n');
  const head = stdout.subarray(0, sep).toString('latin1');
  const headers = Object.fromEntries(head.split('\r\n').map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: parseInt(headers.status, 10), headers, body: stdout.subarray(sep + 4) };
}

// ---- sockets ------------------------------------------------------------------------------------

test('the stack\'s FastCGI sockets are not world-writable: mode 0660', () => {
  for (const p of PROGRAMS) {
    const sock = path.join(RUNDIR, `${p}.sock`);
    if (!fs.existsSync(sock)) continue; // the mailer has none
    const mode = fs.statSync(sock).mode & 0o777;
    assert.equal(mode.toString(8), '660', `${p}.sock has mode ${mode.toString(8)}`);
  }
});

test('socket_group gives the socket to nginx\'s group, mode 0660; an unknown group stops the start', { skip: !isRoot && 'needs root to give a socket away' }, async () => {
  const group = ['www-data', 'nogroup'].find((g) => { try { execFileSync('getent', ['group', g]); return true; } catch { return false; } });
  assert.ok(group, 'www-data or nogroup exists');
  const gid = Number(execFileSync('getent', ['group', group], { encoding: 'utf8' }).split(':')[2]);
  const site = startSite({ extra: [`socket_group = ${group}`] });
  try {
    await waitListening(site);
    const st = fs.statSync(site.sock);
    assert.equal((st.mode & 0o777).toString(8), '660');
    assert.equal(st.gid, gid, `the socket belongs to ${group}`);
    const { stdout } = await fcgiGet(site.sock, '/robots.txt').done;
    assert.equal(parseCgi(stdout).status, 200, 'and it serves');
  } finally {
    await stopSite(site);
  }
  const bad = await exitOf(startSite({ extra: ['socket_group = no-such-group-fontaine'] }));
  assert.equal(bad.code, 1, bad.log);
  assert.match(bad.log, /socket_group = no-such-group-fontaine: no such group/);
});

// ---- the secret -----------------------------------------------------------------------------------

test('a secret_file that is missing, too short or unreadable stops the program with a clear message', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ft-rt-secret-'));
  fs.chmodSync(tmp, 0o755);
  try {
    const missing = path.join(tmp, 'absent');
    let r = await exitOf(startSite({ extra: [`secret_file = ${missing}`] }));
    assert.notEqual(r.code, 0, 'a missing secret_file: non-zero exit');
    assert.match(r.log, new RegExp(`cannot read the secret_file ${missing}: No such file or directory`));
    assert.doesNotMatch(r.log, /listening on/);

    const short = path.join(tmp, 'short');
    fs.writeFileSync(short, 'trop court', { mode: 0o600 });
    r = await exitOf(startSite({ extra: [`secret_file = ${short}`] }));
    assert.notEqual(r.code, 0, 'a short secret_file: non-zero exit');
    assert.match(r.log, /the secret_file .*short holds 10 bytes, it must hold at least 32/);

    r = await exitOf(startSite({ drop: ['secret_file'] }));
    assert.notEqual(r.code, 0, 'no secret_file at all: non-zero exit');
    assert.match(r.log, /the configuration has no secret_file/);

    if (isRoot) {
      // Unreadable by the program's user: a root-only file, the program run as nobody.
      const secret = path.join(tmp, 'secret');
      fs.writeFileSync(secret, crypto.randomBytes(32), { mode: 0o600 });
      r = await exitOf(startSite({ extra: [`secret_file = ${secret}`], asUser: 'nobody' }));
      assert.notEqual(r.code, 0, 'an unreadable secret_file: non-zero exit');
      assert.match(r.log, /cannot read the secret_file .*secret: Permission denied/);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

// ---- SIGTERM and the grace ------------------------------------------------------------------------

// A template directory whose /contact/merci page weighs several megabytes: far more than a
// socket buffer, so the worker is still writing while the client reads slowly.
function bigTemplates() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ft-rt-tpl-'));
  fs.cpSync(confValue('template_dir'), dir, { recursive: true });
  const line = '<p>Une réponse longue, comme un grand PDF, un FEC ou un export CSV, ligne NNNNN.</p>\n';
  const lines = [];
  for (let i = 0; i < 40000; i++) lines.push(line.replace('NNNNN', String(i).padStart(5, '0')));
  fs.appendFileSync(path.join(dir, 'contact_thanks.tpl'), lines.join(''));
  fs.chmodSync(dir, 0o755);
  return dir;
}

test('SIGTERM while a large response is being written: the client gets it whole, then the program leaves', async () => {
  const tpl = bigTemplates();
  const site = startSite({ extra: [`template_dir = ${tpl}`, 'stop_grace = 20'] });
  try {
    await waitListening(site);
    const { sock, done } = fcgiGet(site.sock, '/contact/merci');
    sock.pause(); // read nothing: the worker blocks in write() once the socket is full
    await sleep(800);
    const workers = childrenOf(site.child.pid);
    site.child.kill('SIGTERM');
    await sleep(1500); // the worker is blocked writing; SIGTERM must not cut it short
    assert.equal(site.child.exitCode, null, 'the master waits for the busy worker');
    // Read slowly, in steps, while the worker goes on writing.
    for (let i = 0; i < 5; i++) {
      sock.resume();
      await sleep(20);
      sock.pause();
      await sleep(100);
    }
    sock.resume();
    const { stdout, ended } = await done;
    const res = parseCgi(stdout);
    assert.equal(res.status, 200);
    assert.ok(ended, 'the response ends with END_REQUEST');
    assert.equal(res.body.length, Number(res.headers['content-length']), `the whole body (${res.body.length} of ${res.headers['content-length']} bytes)`);
    assert.ok(res.body.length > 3_000_000, `a large response (${res.body.length} bytes)`);
    assert.match(res.body.toString('utf8'), /ligne 39999\.<\/p>[\s\S]*<\/html>\s*$/, 'up to its last line');
    const r = await exitOf(site);
    assert.equal(r.code, 0);
    assert.match(r.log, /site GET \/contact\/merci 200 /);
    assert.match(r.log, /site: stopped/);
    assert.doesNotMatch(r.log, /killed/);
    assert.ok(workers.every((w) => !alive(w)), 'the workers left');
  } finally {
    await stopSite(site);
    fs.rmSync(tpl, { recursive: true, force: true });
  }
});

test('a worker stuck on a client that reads nothing is killed stop_grace seconds after SIGTERM', async () => {
  const tpl = bigTemplates();
  const site = startSite({ extra: [`template_dir = ${tpl}`, 'stop_grace = 2'] });
  const { sock, done } = (await waitListening(site), fcgiGet(site.sock, '/contact/merci'));
  try {
    sock.pause();
    await sleep(800);
    const t0 = performance.now();
    site.child.kill('SIGTERM');
    await sleep(1000);
    assert.equal(site.child.exitCode, null, 'still within the grace');
    const r = await exitOf(site, 15000);
    const ms = performance.now() - t0;
    assert.equal(r.code, 0, `the master stopped by itself (${r.signal || ''})`);
    assert.ok(ms >= 1900 && ms < 8000, `it stopped after the 2 s grace (${Math.round(ms)} ms)`);
    assert.match(r.log, /site: worker \d+ still running 2 s after SIGTERM: killed/);
    assert.match(r.log, /site: stopped/);
  } finally {
    sock.destroy();
    await done.catch(() => {});
    await stopSite(site);
    fs.rmSync(tpl, { recursive: true, force: true });
  }
});

// ---- database time limits -------------------------------------------------------------------------

// A staff member with a live session planted in the database: {id, cookie}.
function staffSession() {
  const email = `staff.${RUN}.${crypto.randomBytes(3).toString('hex')}@example.org`;
  const token = crypto.randomBytes(32).toString('base64url');
  const hash = execFileSync('/usr/bin/python3', ['-c',
    'import hashlib,sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())', token],
  { encoding: 'utf8' }).trim();
  const id = psql(`INSERT INTO person (email, first_name, last_name, profile, role, status, password_hash)
    VALUES (:'email', 'Test', 'Runtime', 'autre', 'staff', 'active', '$argon2id$v=19$m=65536,t=2,p=1$x$y') RETURNING id;
    INSERT INTO session (person_id, token_hash) SELECT id, decode(:'hash', 'hex') FROM person WHERE email = :'email';`,
  { email, hash }).split('\n')[0];
  return { id, cookie: `session=${token}` };
}

const euros = (c) => (c === null ? '' : (c / 100).toFixed(2).replace('.', ','));

// The price edit form's fields for a row, as the page would send them back.
function priceFields(p, label = p.label) {
  return {
    libelle: label, unite: p.unit, prix_membre: euros(p.member_cents),
    prix_non_membre: euros(p.non_member_cents), note: p.note || '', ...(p.active ? { actif: '1' } : {}),
  };
}

async function staffForm(staff, addr) {
  const res = await get('/admin/contenu/tarifs', { headers: { Cookie: staff.cookie }, localAddress: addr });
  assert.equal(res.status, 200, 'the price page opens');
  const c = csrfCookie(res);
  return { cookie: c ? `${staff.cookie}; ${c}` : staff.cookie, csrf: hidden(res.text, 'csrf') };
}

test('every program role has statement_timeout, lock_timeout and idle_in_transaction_session_timeout', () => {
  const roles = psqlRows("SELECT rolname, rolconfig FROM pg_roles WHERE rolname LIKE 'fontaine\\_%'");
  assert.ok(roles.length >= 3, 'the program roles exist');
  for (const r of roles) {
    const conf = r.rolconfig || [];
    for (const want of ['statement_timeout=60s', 'lock_timeout=5s', 'idle_in_transaction_session_timeout=30s'])
      assert.ok(conf.includes(want), `${r.rolname} has ${want} (has ${JSON.stringify(conf)})`);
  }
});

test('a row locked by another session: the page that writes it answers the French 503 within the lock timeout, not a hang', { skip: !PROGRAMS.includes('admin') && 'no admin program' }, async () => {
  const staff = staffSession();
  const addr = freshAddr();
  const { cookie, csrf } = await staffForm(staff, addr);
  const [p] = psqlRows('SELECT code, label, unit, member_cents, non_member_cents, note, active FROM price WHERE space_id = 1 ORDER BY sort_order, code LIMIT 1');
  const locker = spawn('/usr/bin/psql', ['-X', '-q', '-h', process.env.FONTAINE_PGHOST, '-U', 'postgres', '-d', process.env.FONTAINE_DB || 'fontaine', '-v', 'ON_ERROR_STOP=1'],
    { stdio: ['pipe', 'ignore', 'ignore'] });
  const lockerDone = new Promise((resolve) => locker.on('exit', resolve));
  const release = () => { if (!locker.stdin.writableEnded) locker.stdin.end('ROLLBACK;\n'); };
  const log0 = logSize('admin');
  try {
    locker.stdin.write(`BEGIN;\nSELECT 1 FROM price WHERE code = '${p.code}' FOR UPDATE;\n`);
    const locked = await poll(() => psql("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'price' AND l.mode = 'RowShareLock' AND l.granted") !== '0', { every: 50, within: 10000 });
    assert.ok(locked.value, 'the row is locked');
    const t0 = performance.now();
    const res = await post(`/admin/contenu/tarifs/${p.code}`, { csrf, ...priceFields(p, `${p.label} ${RUN}`) }, { cookie, localAddress: addr });
    const ms = performance.now() - t0;
    assert.equal(res.status, 503, 'the write gives up');
    assert.ok(ms >= 4000 && ms < 12000, `after the 5 s lock timeout (${Math.round(ms)} ms)`);
    assert.equal(res.header('content-type'), 'text/html; charset=utf-8');
    assert.match(res.text, /<h1>Service momentanément indisponible<\/h1>/);
    assert.match(res.text, /<html lang="fr"/);
    assert.match(logSince(log0, 'admin'), /price_update failed: .*lock timeout/i, 'the timeout is logged');
  } finally {
    release();
    await lockerDone;
  }
  assert.equal(psql(`SELECT label FROM price WHERE code = '${p.code}'`), p.label, 'nothing was written');
  // The lock gone, the same edit goes through.
  const again = await post(`/admin/contenu/tarifs/${p.code}`, { csrf, ...priceFields(p, `${p.label} ${RUN}`) }, { cookie, localAddress: addr });
  assert.equal(again.status, 303);
  assert.equal(psql(`SELECT label FROM price WHERE code = '${p.code}'`), `${p.label} ${RUN}`);
  const back = await post(`/admin/contenu/tarifs/${p.code}`, { csrf, ...priceFields(p) }, { cookie, localAddress: addr });
  assert.equal(back.status, 303);
  assert.equal(psql(`SELECT label FROM price WHERE code = '${p.code}'`), p.label);
});

// ---- constraint errors in the log (issue 12) ------------------------------------------------------

test('a constraint error the handler did not expect is logged (a failing erasure must be visible)', { skip: !PROGRAMS.includes('admin') && 'no admin program' }, async () => {
  const staff = staffSession();
  const addr = freshAddr();
  const { cookie, csrf } = await staffForm(staff, addr);
  const [p] = psqlRows('SELECT code, label, unit, member_cents, non_member_cents, note, active FROM price WHERE space_id = 1 ORDER BY sort_order, code LIMIT 1');
  const constraint = `runtime_test_${RUN}`;
  const refused = `Refusé ${RUN}`;
  // A rule of the database that no handler knows of: the edit violates it (SQLSTATE 23514).
  psql(`ALTER TABLE price ADD CONSTRAINT ${constraint} CHECK (label <> '${refused}') NOT VALID`);
  const log0 = logSize('admin');
  try {
    const res = await post(`/admin/contenu/tarifs/${p.code}`, { csrf, ...priceFields(p, refused) }, { cookie, localAddress: addr });
    assert.equal(res.status, 500);
    const log = logSince(log0, 'admin');
    assert.match(log, new RegExp(`db: price_update failed: SQLSTATE 23514, constraint ${constraint}: `), log);
  } finally {
    psql(`ALTER TABLE price DROP CONSTRAINT ${constraint}`);
  }
  assert.equal(psql(`SELECT label FROM price WHERE code = '${p.code}'`), p.label);
});

// ---- bearer tokens never reach a log ----------------------------------------------------------------

test('bearer tokens in links (jeton=, t=, e=, /factures/<token>, /agenda/<token>.ics) reach neither the programs\' logs nor nginx\'s', async () => {
  const secret = () => `SECRET${crypto.randomBytes(12).toString('hex')}`;
  const secrets = [];
  const s = () => { const v = secret(); secrets.push(v); return v; };
  const invoiceToken = crypto.randomBytes(18).toString('base64url'); // 24 characters, like the real ones
  secrets.push(invoiceToken);
  const calendarToken = crypto.randomBytes(32).toString('base64url'); // a personal calendar's
  secrets.push(calendarToken);
  const urls = [
    `/agenda/${calendarToken}.ics`,
    `/adhesion/confirmer?jeton=${s()}`,
    `/mot-de-passe/nouveau?jeton=${s()}`,
    `/evenements/annulation?jeton=${s()}&ok=1`,
    `/desinscription?e=${s()}%40example.org&t=${s()}`,
    `/factures/${invoiceToken}`,
    `/factures/${invoiceToken}.pdf`,
    `/factures/${invoiceToken}.xml`,
    `/reservation/gerer?JETON=${s()}`,
    `/tarifs?%6Aeton=${s()}&token=${s()}`,
  ];
  const logs = () => {
    const files = [];
    for (const dir of [LOGDIR, path.join(VAR, 'nginx', 'logs')])
      if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) if (f.endsWith('.log')) files.push(path.join(dir, f));
    return files;
  };
  const sizes = Object.fromEntries(logs().map((f) => [f, fs.statSync(f).size]));
  for (const u of urls) {
    const res = await get(u, { localAddress: freshAddr() });
    assert.ok(res.status < 500, `${u} answered ${res.status}`);
  }
  await sleep(1500); // nginx buffers its access log (buffer=64k flush=1s): the lines are written within a second
  let seen = '';
  for (const f of logs()) {
    const buf = fs.readFileSync(f);
    const added = buf.subarray(Math.min(sizes[f] || 0, buf.length)).toString('latin1');
    seen += added;
    for (const v of secrets)
      assert.ok(!added.includes(v), `${path.basename(f)} shows the token ${v}: ${added.split('\n').find((l) => l.includes(v))}`);
  }
  // The requests were logged, with the tokens replaced.
  assert.match(seen, /GET \/adhesion\/confirmer\?jeton=\*\*\* /, 'the program logged the request, redacted');
  assert.match(seen, /"GET \/adhesion\/confirmer\?\*\*\* HTTP\/1\.1"/, 'nginx logged the request, redacted');
  assert.match(seen, /GET \/factures\/\*\*\*\.pdf /);
  assert.match(seen, /GET \/desinscription\?e=\*\*\*&t=\*\*\* /);
  assert.match(seen, /"GET \/agenda\/\*\*\*\.ics HTTP\/1\.1"/, 'nginx logged the calendar, redacted');
});
