// webhooks_lib.mjs: helpers of the webhook tests: a local receiver (node http on a loopback
// address) that verifies every delivery's signature, its dedup id and its body against
// doc/webhooks.schema.json (ajv, JSON Schema 2020-12), and control of the running deliverer
// (fontaine-webhooks: stop, kill, start again from its own command line).
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { SRC, VAR, psql, poll, sleep } from './lib.mjs';

const require = createRequire(path.join(SRC, 'tests', 'package.json'));
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats');

const schema = JSON.parse(fs.readFileSync(path.join(SRC, 'doc', 'webhooks.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addSchema(schema);
const validators = new Map();
export function validateBody(type, body) {
  if (!validators.has(type)) {
    if (!schema.$defs[type]) throw new Error(`no schema for event ${type}`);
    validators.set(type, ajv.getSchema(`${schema.$id}#/$defs/${type}`));
  }
  const v = validators.get(type);
  return v(body) ? null : ajv.errorsText(v.errors);
}

// Returns the v1 signatures of header value h ("t=...,v1=...,v1=...") and its t.
export function parseSignature(h) {
  const out = { t: undefined, v1: [] };
  for (const part of String(h || '').split(',')) {
    const [k, v] = part.split('=');
    if (k === 't') out.t = v;
    else if (k === 'v1') out.v1.push(v);
  }
  return out;
}

export const hmac = (secret, t, raw) => crypto.createHmac('sha256', secret).update(`${t}.`).update(raw).digest('hex');

// True when one of sigs is the HMAC of "t.raw" with secret (constant-time compare).
export function signedWith(secret, t, raw, sigs) {
  const want = Buffer.from(hmac(secret, t, raw), 'hex');
  return sigs.some((s) => /^[0-9a-f]{64}$/.test(s) && crypto.timingSafeEqual(want, Buffer.from(s, 'hex')));
}

// A receiver. secrets(): the secrets every delivery must be signed with (each one: with a
// rotation under way, both). mode: 'ok' (204), 'fail' (503); delayMs before answering.
export class Receiver {
  constructor({ host = '127.0.0.1', secrets = () => [] } = {}) {
    this.host = host;
    this.secrets = secrets;
    this.mode = 'ok';
    this.delayMs = 0;
    this.requests = []; // every request, in arrival order
    this.problems = []; // anything wrong with a request
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  async start(port = 0) {
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.host, resolve);
    });
    this.port = this.server.address().port;
    this.url = `http://${this.host}:${this.port}/hooks/fontaine`;
    return this;
  }

  async stop() {
    this.server.closeAllConnections?.();
    await new Promise((resolve) => this.server.close(resolve));
  }

  handle(req, res) {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks);
      const r = { at: Date.now(), headers: req.headers, raw, status: this.mode === 'ok' ? 204 : 503 };
      this.check(req, r);
      this.requests.push(r);
      if (this.delayMs) await sleep(this.delayMs);
      res.writeHead(r.status);
      res.end();
    });
  }

  check(req, r) {
    const bad = (m) => this.problems.push(`${r.headers['fontaine-delivery']}: ${m}`);
    if (req.method !== 'POST') bad(`method ${req.method}`);
    if (req.url !== '/hooks/fontaine') bad(`path ${req.url}`);
    if (r.headers['content-type'] !== 'application/json') bad(`content-type ${r.headers['content-type']}`);
    if (r.headers['user-agent'] !== 'Fontaine-Webhooks/1') bad(`user-agent ${r.headers['user-agent']}`);
    let body;
    try { body = JSON.parse(r.raw.toString('utf8')); } catch { bad('body is not JSON'); return; }
    r.body = body;
    if (body.id !== r.headers['fontaine-delivery']) bad('Fontaine-Delivery differs from the body id');
    if (body.type !== r.headers['fontaine-event']) bad('Fontaine-Event differs from the body type');
    const err = validateBody(body.type, body);
    if (err) bad(`schema: ${err}`);
    const sig = parseSignature(r.headers['fontaine-signature']);
    if (!/^[0-9]+$/.test(sig.t || '')) bad('no t in Fontaine-Signature');
    if (Math.abs(Date.now() / 1000 - Number(sig.t)) > 300) bad('t is more than five minutes away');
    const secrets = this.secrets();
    if (!secrets.length) bad('no secret known');
    for (const s of secrets)
      if (!signedWith(s, sig.t, r.raw, sig.v1)) bad(`not signed with ${s.slice(0, 12)}…`);
    r.sig = sig;
  }

  // The first arrival of each delivery id, in arrival order.
  unique() {
    const seen = new Map();
    for (const r of this.requests) if (r.body && !seen.has(r.body.id)) seen.set(r.body.id, r);
    return [...seen.values()];
  }

  // How many times delivery id arrived.
  times(id) { return this.requests.filter((r) => r.body && r.body.id === id).length; }
}

// ---- the endpoints and their deliveries (read as the superuser, space 1) --------------------

export const TAG = `wh${process.pid.toString(36)}${Date.now().toString(36)}`;

// Disables every endpoint the webhook tests made (this run's or an earlier run's on this
// database): their receivers are gone.
export function disableTestEndpoints() {
  psql(`UPDATE webhook_endpoint SET active = false, disabled_at = now()
        WHERE space_id = 1 AND active AND description LIKE 'test-webhooks %'`);
}

export function deliveries(endpoint) {
  return JSON.parse(psql(`SELECT coalesce(json_agg(d ORDER BY d.id), '[]') FROM (
      SELECT id, delivery_id, event_type, resource_key, status, attempts, last_http_status, last_error,
             extract(epoch FROM next_attempt_at - now()) AS due_in, body
      FROM webhook_delivery WHERE endpoint_id = ${Number(endpoint)}) d`));
}

// Makes the pending deliveries of endpoint due now (instead of waiting out the back-off) and
// wakes the deliverer.
export function hurry(endpoint) {
  psql(`UPDATE webhook_delivery SET next_attempt_at = now()
        WHERE endpoint_id = ${Number(endpoint)} AND status = 'pending'; NOTIFY webhook;`);
}

export function secretsOf(endpoint) {
  const [cur, prev] = psql(`SELECT secret, coalesce(previous_secret, '') FROM webhook_endpoint WHERE id = ${Number(endpoint)}`).split('|');
  return prev ? [cur, prev] : [cur];
}

// ---- the deliverer ---------------------------------------------------------------------------

const PIDFILE = path.join(VAR, 'run', 'webhooks', 'webhooks.pid');
const LOG = path.join(VAR, 'log', 'webhooks.log');

export function delivererPid() {
  const pid = Number(fs.readFileSync(PIDFILE, 'utf8').trim());
  const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  if (!cmd.includes('fontaine-webhooks')) throw new Error(`pid ${pid} is not fontaine-webhooks`);
  return pid;
}

const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };

// Stops the running deliverer with signal (SIGTERM: it finishes the delivery in flight) and
// returns its command line, to start it again.
export async function stopDeliverer(signal = 'SIGTERM') {
  const pid = delivererPid();
  const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const env = Object.fromEntries(fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')
    .filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  process.kill(pid, signal);
  await poll(() => !alive(pid), { within: 15000 });
  return { argv, env };
}

// Starts a deliverer from a command line stopDeliverer returned; records its pid where ./dev
// looks for it.
export async function startDeliverer({ argv, env }) {
  const log = fs.openSync(LOG, 'a');
  const child = spawn(argv[0], argv.slice(1), { env, detached: true, stdio: ['ignore', log, log] });
  child.unref();
  fs.closeSync(log);
  fs.writeFileSync(PIDFILE, `${child.pid}\n`);
  await sleep(200);
  if (!alive(child.pid)) throw new Error('fontaine-webhooks did not start again');
  return child.pid;
}
