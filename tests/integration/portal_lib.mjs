// portal_lib.mjs: helpers of the portal tests (integration and security): a small browser
// with a cookie jar and multipart bodies, and accounts made in SQL with a live session (and a
// paid membership unless told otherwise).
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { request, psql, hidden, freshAddr, formBody } from './lib.mjs';

// ---- a small browser ------------------------------------------------------------------------

export class Client {
  constructor({ session } = {}) {
    this.localAddress = freshAddr();
    this.jar = new Map();
    if (session) this.jar.set('session', session);
    this.csrf = undefined;
  }

  cookieHeader() { return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '); }

  keep(res) {
    for (const c of res.all['set-cookie'] || []) {
      const m = /^([^=;\s]+)=([^;]*)/.exec(c);
      if (m) this.jar.set(m[1], m[2]);
    }
    const token = hidden(res.text, 'csrf');
    if (token) this.csrf = token;
    return res;
  }

  async get(p) {
    const headers = this.jar.size ? { Cookie: this.cookieHeader() } : {};
    return this.keep(await request({ path: p, headers, localAddress: this.localAddress }));
  }

  async post(p, fields) {
    const body = formBody([['csrf', this.csrf], ...Object.entries(fields)]);
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) };
    if (this.jar.size) headers.Cookie = this.cookieHeader();
    return this.keep(await request({ method: 'POST', path: p, headers, body, localAddress: this.localAddress }));
  }

  // A multipart/form-data POST (fields, and files as {name, filename, type, data}).
  async postMultipart(p, fields, files = []) {
    const boundary = `----fontaine${crypto.randomBytes(8).toString('hex')}`;
    const parts = [];
    for (const [k, v] of [['csrf', this.csrf], ...Object.entries(fields)])
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    for (const f of files)
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\n`
        + `Content-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n'));
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const body = Buffer.concat(parts);
    const headers = { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': body.length };
    if (this.jar.size) headers.Cookie = this.cookieHeader();
    return this.keep(await request({ method: 'POST', path: p, headers, body, localAddress: this.localAddress }));
  }
}

// ---- accounts (made in SQL) -----------------------------------------------------------------

let seq = 0;
export const runTag = `pt${process.pid}x${Date.now().toString(36)}`;
export function account(role = 'member', { member = true, first = 'Test' } = {}) {
  const tag = `${runTag}x${++seq}`;
  const token = crypto.randomBytes(32).toString('base64url');
  const hash = execFileSync('/usr/bin/python3', ['-c',
    'import hashlib,sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())', token],
  { encoding: 'utf8' }).trim();
  const id = Number(psql(`
    WITH p AS (INSERT INTO person (email, first_name, last_name, profile, role, status, password_hash, email_verified_at)
               VALUES (:'email', :'first', :'tag', 'salarie', :'role', 'active', '$argon2id$test', now()) RETURNING id)
    INSERT INTO session (person_id, token_hash) SELECT id, decode(:'hash', 'hex') FROM p RETURNING person_id;`,
  { email: `${tag}@example.org`, first, tag, role, hash }).split('\n')[0]);
  if (member)
    psql(`INSERT INTO membership (person_id, starts_on, ends_on, fee_cents, status, paid_at)
          VALUES (:id, paris_today() - 30, paris_today() + 300, 2000, 'paid', now())`, { id });
  return { id, token, tag, email: `${tag}@example.org`, client: new Client({ session: token }) };
}

