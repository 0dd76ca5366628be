// faults.test.mjs: the stack under faults: a worker killed with SIGKILL, PostgreSQL stopped
// and started again, the master stopped with SIGTERM while a request is in flight. Each test
// puts the stack back as it found it (PostgreSQL running, the program restarted the way
// ./dev starts it), so the tiers after this one still have a stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import {
  PGHOST, PGBIN, DB, RUNDIR, LOGDIR, get, post, psql, openForm, freshAddr, validMessage,
  masterPid, childrenOf, alive, logSize, logSince, poll, sleep, securityHeaderProblems, count,
} from './lib.mjs';

const PGDATA = path.join(PGHOST, 'data');
const isRoot = process.getuid && process.getuid() === 0;

// Runs a PostgreSQL server command as postgres, the way dev's as_pg does.
function asPg(cmd, args) {
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  return execFileSync(file, argv, { cwd: '/', encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function pgRunning() {
  try {
    asPg(`${PGBIN}/pg_ctl`, ['-D', PGDATA, 'status']);
    return true;
  } catch {
    return false;
  }
}

// The same commands as pg_stop and pg_start in dev.
const pgStop = () => asPg(`${PGBIN}/pg_ctl`, ['-D', PGDATA, '-m', 'fast', '-w', 'stop']);
const pgStart = () => asPg(`${PGBIN}/pg_ctl`, ['-D', PGDATA, '-l', path.join(PGHOST, 'postgres.log'), '-w', '-t', '30', 'start']);

// A GET that bypasses nginx's micro-cache (the session cookie), so the program answers.
const direct = (p) => get(p, { headers: { Cookie: 'session=faults' } });

test('a worker killed with SIGKILL: the next 20 requests succeed and the master starts another', async () => {
  const master = masterPid();
  assert.ok(alive(master), `master ${master} is running`);
  const before = childrenOf(master);
  assert.ok(before.length >= 1, 'the master has workers');
  const log0 = logSize();
  const victim = before[0];
  process.kill(victim, 'SIGKILL');
  for (let i = 0; i < 20; i++) {
    const res = await direct(i % 2 ? '/tarifs' : '/');
    assert.equal(res.status, 200, `request #${i + 1} after the kill`);
  }
  const back = await poll(() => {
    const now = childrenOf(master);
    return now.length === before.length && !now.includes(victim);
  }, { every: 100, within: 10000 });
  assert.ok(back.value, `the master is back to ${before.length} workers (now ${childrenOf(master).length})`);
  console.log(`worker respawned within ${Math.round(back.ms)} ms`);
  assert.match(logSince(log0), new RegExp(`worker ${victim} killed by signal 9, restarting`));
});

test('PostgreSQL stopped: 503 French page, never 500/502; started again: 200 within 15 s', async (t) => {
  assert.ok(pgRunning(), 'PostgreSQL is running before the test');
  // A form opened before the outage, to post during it.
  const addr = freshAddr();
  const form = await openForm(addr);
  const msg = validMessage();
  const before = count('contact_message');
  pgStop();
  try {
    assert.ok(!pgRunning(), 'PostgreSQL is stopped');
    // More requests than workers, so that every worker meets the outage.
    for (let i = 0; i < 12; i++) {
      const p = ['/tarifs', '/', '/espace', '/contact'][i % 4];
      const res = await direct(p);
      assert.equal(res.status, 503, `GET ${p} #${i + 1}`);
      assert.equal(res.header('content-type'), 'text/html; charset=utf-8');
      assert.equal(res.header('cache-control'), 'no-store');
      assert.deepEqual(securityHeaderProblems(res), []);
      assert.match(res.text, /<h1>Service momentanément indisponible<\/h1>/);
      assert.match(res.text, /Le site est momentanément indisponible\./);
      assert.match(res.text, /<nav class="main-nav"/, 'in the site layout');
    }
    // A form post during the outage: 503, not 500.
    const res = await post('/contact', { csrf: form.csrf, cle: form.cle, ...msg.fields }, { cookie: form.cookie, localAddress: addr });
    assert.equal(res.status, 503, 'POST /contact during the outage');
    // Pages that need no database still work.
    assert.equal((await direct('/robots.txt')).status, 200);
    assert.equal((await direct('/contact/merci')).status, 200);
  } finally {
    if (!pgRunning()) pgStart();
  }
  assert.ok(pgRunning(), 'PostgreSQL is running again');
  const t0 = performance.now();
  const first = await poll(async () => (await direct('/tarifs')).status === 200, { every: 100, within: 15000 });
  const firstMs = Math.round(performance.now() - t0);
  assert.ok(first.value, `a 200 within 15 s of the restart (waited ${firstMs} ms)`);
  // Every worker reconnects: 20 requests in a row succeed, within the same bound.
  let streak = 0;
  const all = await poll(async () => {
    streak = (await direct('/tarifs')).status === 200 ? streak + 1 : 0;
    return streak >= 20;
  }, { every: 0, within: 15000 });
  const allMs = Math.round(performance.now() - t0);
  assert.ok(all.value, `20 requests in a row succeed within 15 s (waited ${allMs} ms)`);
  console.log(`PostgreSQL restarted: first 200 after ${firstMs} ms, 20 in a row after ${allMs} ms`);
  // The message posted during the outage was not saved; posting it again now works.
  assert.equal(count('contact_message'), before);
  const again = await post('/contact', { csrf: form.csrf, cle: form.cle, ...msg.fields }, { cookie: form.cookie, localAddress: addr });
  assert.equal(again.status, 303);
  assert.equal(count('contact_message', "request_key = :'k'", { k: form.cle }), 1);
  t.diagnostic(`recovery ${firstMs} ms`);
});

// Starts the program again exactly as it was started (same binary, arguments, environment
// and working directory), in its own session, its output appended to its log, and writes
// its pid file: what programs_start in dev does.
function restartProgram(program, saved) {
  const logFd = fs.openSync(path.join(LOGDIR, `${program}.log`), 'a');
  const child = spawn(saved.argv[0], saved.argv.slice(1), {
    cwd: saved.cwd, env: saved.env, detached: true, stdio: ['ignore', logFd, logFd],
  });
  fs.closeSync(logFd);
  child.unref();
  fs.writeFileSync(path.join(RUNDIR, `${program}.pid`), `${child.pid}\n`);
  return child.pid;
}

function processInfo(pid) {
  const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((s, i, a) => i < a.length - 1 || s);
  const env = {};
  for (const kv of fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
    const i = kv.indexOf('=');
    if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return { argv, env, cwd: fs.readlinkSync(`/proc/${pid}/cwd`) };
}

test('SIGTERM to the master while a request is in flight: the request completes, then the program is restarted', async () => {
  const program = 'site';
  const master = masterPid(program);
  const saved = processInfo(master);
  assert.match(saved.argv[0], /fontaine-site$/, 'the pid file names the program');
  const sockArg = saved.argv[saved.argv.indexOf('-s') + 1];
  const workers = childrenOf(master);
  const log0 = logSize(program);
  // Hold the price table and the shared data's version (in a psql session fed through a pipe,
  // so the lock lasts until we commit) and GET /tarifs waits inside a worker (a worker that
  // keeps a copy of the page reads the version only, schema/0041, once told of a change).
  const locker = spawn('/usr/bin/psql', ['-X', '-q', '-h', PGHOST, '-U', 'postgres', '-d', DB, '-v', 'ON_ERROR_STOP=1'],
    { stdio: ['pipe', 'ignore', 'ignore'] });
  const lockerDone = new Promise((resolve) => locker.on('exit', resolve));
  locker.stdin.write('BEGIN;\nLOCK TABLE price, shared_data_version IN ACCESS EXCLUSIVE MODE;\n');
  const release = () => {
    if (!locker.stdin.writableEnded) locker.stdin.end('COMMIT;\n');
  };
  let restarted = false;
  let sigtermSent = false;
  try {
    const locked = await poll(() => psql("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'price' AND l.mode = 'AccessExclusiveLock' AND l.granted") === '1', { every: 50, within: 10000 });
    assert.ok(locked.value, 'the lock is held');
    // The workers serve /tarifs from their copies without a round trip while no change of the
    // shared data is notified (schema/0052): a NOTIFY makes the next request read the version.
    psql('NOTIFY shared_data');
    const inflight = direct('/tarifs');
    const waiting = await poll(() => Number(psql("SELECT count(*) FROM pg_stat_activity WHERE usename = 'fontaine_site' AND wait_event_type = 'Lock'")) >= 1, { every: 50, within: 10000 });
    assert.ok(waiting.value, 'GET /tarifs is waiting in a worker');
    process.kill(master, 'SIGTERM');
    sigtermSent = true;
    // The idle workers leave at once; the busy one stays until its request is answered.
    const idleGone = await poll(() => childrenOf(master).length === 1, { every: 50, within: 10000 });
    assert.ok(idleGone.value, `the idle workers leave, the busy one stays (children: ${childrenOf(master).length})`);
    assert.ok(alive(master), 'the master waits for the busy worker');
    release();
    const res = await inflight;
    assert.equal(res.status, 200, 'the request in flight completes');
    assert.match(res.text, /<\/html>\n$/, 'with its whole page');
    const gone = await poll(() => !alive(master) && workers.every((w) => !alive(w)), { every: 100, within: 15000 });
    assert.ok(gone.value, 'the master and its workers leave within 15 s');
    assert.ok(!fs.existsSync(sockArg), 'the master removed its socket');
    const log = logSince(log0, program);
    assert.match(log, /site GET \/tarifs 200 /, 'the request was logged as served');
    assert.match(log, /site: stopped/);
    assert.doesNotMatch(log, /killed by signal/);
  } finally {
    release();
    await lockerDone;
    // Once signalled, the master leaves (after its busy worker): wait for it, then restart.
    if (sigtermSent) await poll(() => !alive(master), { every: 100, within: 15000 });
    if (!alive(master) || !fs.existsSync(sockArg)) {
      const pid = restartProgram(program, saved);
      restarted = true;
      const up = await poll(async () => fs.existsSync(sockArg) && (await direct('/tarifs')).status === 200, { every: 100, within: 15000 });
      assert.ok(up.value, `the program (pid ${pid}) serves again`);
    }
  }
  assert.ok(restarted);
  const now = masterPid(program);
  assert.notEqual(now, master);
  const back = await poll(() => childrenOf(now).length === workers.length, { every: 100, within: 10000 });
  assert.ok(back.value, `the new master has ${workers.length} workers`);
  for (let i = 0; i < 10; i++) assert.equal((await direct('/')).status, 200);
});
