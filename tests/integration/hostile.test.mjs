// hostile.test.mjs: a table of hostile requests generated from lists (each contact form
// field x each hostile value, each URL x each hostile query, each method x each URL, path
// traversal, cookies, content types, CSRF tokens, huge bodies). Every row states its exact
// expected status; on top of that, no row may get a 5xx, reflect its payload unescaped,
// inject a header, or save what it should not. After the table the program must still
// have all its workers (the same processes: none crashed) and its log no "killed by signal".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  URL_BASE, SRC, VAR, PROGRAMS, request, raw, post, psql, psqlRows, count, openForm, freshAddr,
  validMessage, masterPid, childrenOf, alive, logSize, logSince, tagsWithHandlers,
} from './lib.mjs';

const host = new URL(URL_BASE).host;

// ---- the model of the contact form's declared fields (cgi/site/contact.c) -----------------
// The rules as the product documents them: required or not, bounds in characters, line
// (no control character) or text (line breaks and tabs allowed), after trimming blanks.
const FIELDS = {
  nom: { kind: 'line', required: true, min: 1, max: 120 },
  email: { kind: 'email', required: true },
  telephone: { kind: 'phone', required: false },
  objet: { kind: 'line', required: true, min: 1, max: 200 },
  message: { kind: 'text', required: true, min: 10, max: 5000 },
  cle: { kind: 'uuid', required: false },
  site_web: { kind: 'trap', required: false },
};

const trim = (s) => s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
const chars = (s) => [...s].length;
const hasControl = (s, multiline) =>
  /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u0080-\u009f]/.test(s) || (!multiline && /[\t\n\r]/.test(s));

// Hostile values. A value is a string (sent URL-encoded as a browser would), or
// {enc: '...'} sent as it is inside the urlencoded body (bad escapes, invalid UTF-8).
// ok: for the kinds whose validity the model cannot compute (email, phone, uuid), whether
// the value is valid.
const HOSTILE = [
  { name: 'SQL quote OR', v: "' OR 1=1 --" },
  { name: 'SQL drop table', v: "'; DROP TABLE contact_message; --" },
  { name: 'SQL backslash', v: '\\' },
  { name: 'SQL placeholder $1', v: '$1' },
  { name: 'SQL sleep', v: "1); SELECT pg_sleep(30); --" },
  { name: 'SQL comment quote', v: "admin'/*" },
  { name: 'script tag', v: '<script>alert("xss")</script>' },
  { name: 'attribute breakout', v: '"><img src=x onerror=alert(1)>' },
  { name: 'single-quote breakout', v: "'><svg onload=alert(1)>" },
  { name: 'javascript URL', v: 'javascript:alert(document.cookie)' },
  { name: 'template syntax', v: '{{TITLE}}{{>CONTENT}}{{%AUTOESCAPE context="NONE"}}' },
  { name: 'format string', v: '%s%s%s%n%x%p' },
  { name: 'XML breakers', v: ']]><!-- <?xml ?> &amp; &#0;' },
  { name: 'overlong 10 kB', v: 'A'.repeat(10240) },
  { name: 'CR/LF header injection', v: 'ligne\r\nSet-Cookie: x=1\r\nX-Injected: 1' },
  { name: 'LF only', v: 'un\ndeux' },
  { name: 'tab', v: 'un\tdeux' },
  { name: 'bell control', v: 'son\u0007nerie' },
  { name: 'DEL control', v: 'effacer\u007f' },
  { name: 'C1 control NEL', v: 'ligne\u0085suivante' },
  { name: 'bidi override', v: '\u202Egnp.exe\u202C' },
  { name: 'zero-width and emoji', v: 'ca\u200bfé 😀 — ünïcödé' },
  { name: 'blanks only', v: '   \t  ' },
  { name: 'path traversal text', v: '../../../../etc/passwd' },
  { name: 'NUL byte', v: 'a\u0000b' },
  { name: 'raw %00', v: { enc: 'abc%00def' } },
  { name: 'invalid UTF-8 %C3%28', v: { enc: 'caf%C3%28' } },
  { name: 'invalid UTF-8 %FF', v: { enc: 'x%FFy' } },
  { name: 'UTF-16 surrogate %ED%A0%80', v: { enc: '%ED%A0%80' } },
  { name: 'overlong UTF-8 %C0%AF', v: { enc: '%C0%AF' } },
  { name: 'malformed escape %', v: { enc: '100%' } },
  { name: 'malformed escape %zz', v: { enc: '%zz' } },
  { name: 'encoded CR/LF', v: { enc: 'a%0d%0aSet-Cookie:x=1' } },
];

// Values that are hostile yet valid for one kind (so they must be saved, exactly).
const EXTRA = {
  email: [
    { name: 'quote and dashes in the local part', v: "o'hara--@example.org", ok: true },
    { name: 'placeholder in the local part', v: 'x+$1@example.org', ok: true },
    { name: 'template syntax in the local part', v: '{{TITLE}}@example.org', ok: true },
    { name: 'markup in the domain', v: 'a@example.org<script>', ok: false },
    { name: 'CR/LF Bcc injection', v: 'a@example.org\r\nBcc: victim@example.org', ok: false },
    { name: 'SQL with spaces', v: "' OR 1=1 --@example.org", ok: false },
    { name: 'two @', v: 'a@b@example.org', ok: false },
    { name: '255 characters', v: `${'a'.repeat(64)}@${'b'.repeat(186)}.org`, ok: false },
  ],
  telephone: [
    { name: 'international', v: '+33 5 53 00 00 00', ok: true },
    { name: 'dots', v: '05.53.00.00.00', ok: true },
    { name: 'SQL after digits', v: "0553000000' OR '1'='1", ok: false },
    { name: 'markup after digits', v: '05 53 00 00 00<script>', ok: false },
    { name: 'plus in the middle', v: '05+53 00 00 00', ok: false },
  ],
  cle: [
    { name: 'uppercase UUID', v: randomUUID().toUpperCase(), ok: true },
    { name: 'UUID with SQL', v: "00000000-0000-0000-0000-000000000000' OR '1'='1", ok: false },
  ],
};

// The status a POST /contact answers when field holds value and everything else is valid.
function expectedContact(field, value) {
  if (typeof value === 'object') {
    // Bad escapes and invalid UTF-8 fail parsing; a valid escape is decoded and judged.
    if (/%(?![0-9a-fA-F]{2})/.test(value.enc)) return { status: 400 };
    const bytes = Buffer.from(decodeURIComponentBytes(value.enc));
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    if (bytes.includes(0) || !Buffer.from(text).equals(bytes)) return { status: 400 };
    return expectedContact(field, text);
  }
  if (value.includes('\0')) return { status: 400 };
  const f = FIELDS[field];
  const t = trim(value);
  if (f.kind === 'trap') return t ? { status: 303, saved: false } : { status: 303, saved: true, stored: null };
  if (!t) return f.required ? { status: 422 } : { status: 303, saved: true, stored: null };
  if (f.kind === 'text') {
    // Multi-line text is kept as typed, its line ends made LF (fields.c, issue 12); at least
    // min characters of it are not blank.
    const lf = value.replace(/\r\n?/g, '\n');
    const okText = chars(lf) <= f.max && !hasControl(lf, true) && chars(t) >= f.min;
    return okText ? { status: 303, saved: true, stored: lf } : { status: 422 };
  }
  let ok;
  if (f.kind === 'line' || f.kind === 'text')
    ok = chars(t) <= f.max && !hasControl(t, f.kind === 'text') && chars(t) >= f.min;
  else ok = false; // hostile strings are neither e-mails, phone numbers nor UUIDs
  if (!ok && f.kind === 'uuid') return BAD_KEY;
  return ok ? { status: 303, saved: true, stored: t } : { status: 422 };
}

function decodeURIComponentBytes(enc) {
  const out = [];
  for (let i = 0; i < enc.length; i++) {
    if (enc[i] === '%') {
      out.push(parseInt(enc.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(...Buffer.from(enc[i]));
  }
  return out;
}

// A malformed idempotency key (a hidden field people never type) is not the visitor's
// mistake: the message is saved under a fresh key (303). Bytes the request parser refuses
// (NUL, invalid UTF-8) still give 400, and then nothing is saved.
const BAD_KEY = { status: [303, 400], saved: 'if303' };
const statusOk = (want, got) => (Array.isArray(want) ? want.includes(got) : want === got);

const COLUMN = { nom: 'name', email: 'email', telephone: 'phone', objet: 'subject', message: 'body' };

// ---- common checks on every answer ------------------------------------------------------------

const stats = { rows: 0, byStatus: {} };

function checkCommon(res, payloads = []) {
  stats.rows++;
  stats.byStatus[res.status] = (stats.byStatus[res.status] || 0) + 1;
  assert.ok(res.status < 500, `never a 5xx (got ${res.status})`);
  assert.equal(res.header('x-injected'), undefined, 'no injected header');
  for (const c of res.all['set-cookie'] || [])
    assert.match(c, /^csrf=[A-Za-z0-9_-]{22}; Path=\/; HttpOnly; SameSite=Lax/, `only the csrf cookie is ever set (got ${c})`);
  if (/html/.test(res.header('content-type') || '')) {
    assert.ok(!/<script>alert/i.test(res.text), 'no raw <script>alert');
    assert.deepEqual(tagsWithHandlers(res.text), [], 'no tag with an event handler');
    for (const p of payloads)
      if (/[<>"]/.test(p)) assert.ok(!res.text.includes(p), `payload ${JSON.stringify(p.slice(0, 40))} not reflected raw`);
  }
}

// ---- state before and after ---------------------------------------------------------------------

// Each program's master and workers, and the size of its log, before the table.
const before = {};
let messagesBefore;
let accepted = 0;

test('before the table: the programs run with their workers', () => {
  for (const program of PROGRAMS) {
    const master = masterPid(program);
    assert.ok(alive(master), `${program} runs`);
    const workers = childrenOf(master).sort();
    assert.ok(workers.length > 0, `${program} has workers`);
    before[program] = { master, workers, log: logSize(program) };
  }
  messagesBefore = count('contact_message');
});

// ---- 1. contact form: each field x each hostile value --------------------------------------------

test('contact form: each field x each hostile value', async (t) => {
  const form = await openForm(freshAddr());
  const rows = [];
  for (const field of Object.keys(FIELDS)) {
    for (const h of HOSTILE) rows.push({ field, ...h, exp: expectedContact(field, h.v) });
    for (const h of EXTRA[field] || []) {
      const exp = h.ok ? { status: 303, saved: true, stored: h.v } : field === 'cle' ? BAD_KEY : { status: 422 };
      rows.push({ field, ...h, exp });
    }
  }
  for (const row of rows) {
    await t.test(`${row.field} = ${row.name} -> ${[row.exp.status].flat().join(' or ')}`, async () => {
      const addr = freshAddr();
      const { fields } = validMessage();
      const cle = row.field === 'cle' && row.exp.status === 303 && typeof row.v === 'string' && trim(row.v) ? row.v : randomUUID();
      const all = { csrf: form.csrf, cle, ...fields };
      let body;
      if (typeof row.v === 'object') {
        delete all[row.field];
        body = `${new URLSearchParams(all).toString()}&${row.field}=${row.v.enc}`;
      } else {
        all[row.field] = row.v;
        body = new URLSearchParams(all).toString();
      }
      const res = await post('/contact', body, { cookie: form.cookie, localAddress: addr });
      checkCommon(res, typeof row.v === 'string' ? [row.v] : []);
      assert.ok(statusOk(row.exp.status, res.status), `status ${res.status}, expected ${row.exp.status}`);
      const key = row.field === 'cle' ? null : cle;
      const saved = psqlRows(`SELECT name, email, phone, subject, body, host(remote_addr) AS addr FROM contact_message
                              WHERE ${key ? "request_key = :'k'::uuid" : "email = :'e'"}`, key ? { k: key } : { e: fields.email });
      if (res.status === 303 && (row.exp.saved === true || row.exp.saved === 'if303')) {
        accepted++;
        assert.equal(res.header('location'), '/contact/merci');
        assert.equal(saved.length, 1, 'saved once');
        assert.equal(saved[0].addr, addr);
        if (COLUMN[row.field]) assert.equal(saved[0][COLUMN[row.field]], row.exp.stored, 'stored exactly (trimmed; multi-line text as typed, LF line ends)');
      } else {
        assert.equal(saved.length, 0, 'nothing saved');
      }
      if (res.status === 422) {
        assert.equal(res.header('content-type'), 'text/html; charset=utf-8');
        assert.match(res.text, /Le formulaire contient 1\serreur\./);
        if (row.field !== 'cle') assert.match(res.text, new RegExp(`<p class="error" id="${row.field}-erreur">`), 'the message is beside the field');
      }
    });
  }
});

// ---- 2. each URL x each hostile query ---------------------------------------------------------

const PAGES = ['/', '/coworking', '/espace', '/tarifs', '/cooperative', '/partenaires', '/contact',
  '/mentions-legales', '/confidentialite', '/statuts', '/contact/merci', '/sitemap.xml', '/robots.txt'];

const QUERIES = [
  { name: 'SQL quote', q: `q=${encodeURIComponent("' OR 1=1 --")}`, status: 200, payload: "' OR 1=1 --" },
  { name: 'SQL drop', q: `q=${encodeURIComponent("'; DROP TABLE site_page; --")}`, status: 200 },
  { name: 'script in q', q: `q=${encodeURIComponent('<script>alert(1)</script>')}`, status: 200, payload: '<script>alert(1)</script>' },
  { name: 'script in objet', q: `objet=${encodeURIComponent('"><script>alert(1)</script>')}`, status: 200, payload: '"><script>alert(1)</script>' },
  { name: 'encoded CR/LF header injection', q: 'q=%0d%0aSet-Cookie:x=1%0d%0aX-Injected:1', status: 200 },
  { name: 'CR/LF in objet', q: 'objet=a%0d%0aX-Injected:%201', status: 200 },
  { name: 'NUL', q: 'q=%00', status: 400 },
  { name: 'NUL in a key', q: 'a%00b=1', status: 400 },
  { name: 'invalid UTF-8 %C3%28', q: 'q=%C3%28', status: 400 },
  { name: 'invalid UTF-8 %FF', q: 'q=%FF', status: 400 },
  { name: 'surrogate %ED%A0%80', q: 'objet=%ED%A0%80', status: 400 },
  { name: 'malformed escape', q: 'q=%zz', status: 400 },
  { name: 'empty key', q: '=1', status: 400 },
  { name: 'long value (1.8 kB)', q: `q=${'A'.repeat(1800)}`, status: 200 },
  { name: '129 fields', q: Array.from({ length: 129 }, (_, i) => `f${i}=1`).join('&'), status: 400 },
  { name: 'template syntax', q: `objet=${encodeURIComponent('{{TITLE}}')}`, status: 200 },
];

test('each URL x each hostile query string', async (t) => {
  for (const p of PAGES) {
    for (const q of QUERIES) {
      await t.test(`GET ${p}?${q.name} -> ${q.status}`, async () => {
        const res = await request({ path: `${p}?${q.q}` });
        checkCommon(res, q.payload ? [q.payload] : []);
        assert.equal(res.status, q.status);
        if (p === '/contact' && q.name === 'script in objet')
          assert.ok(res.text.includes('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'), 'the suggested subject is escaped');
        if (p === '/contact' && q.name === 'CR/LF in objet')
          assert.match(res.text, /name="objet" type="text" maxlength="200" required value=""/, 'a subject with a line break is not suggested');
      });
    }
  }
});

// ---- 3. each method x each URL ------------------------------------------------------------------

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'FOO'];
const METHOD_URLS = [...PAGES, '/nexiste-pas', '/contact/', '/static/css/site.css'];

function expectedMethod(method, p) {
  if (method === 'TRACE') return 405; // nginx refuses it before any location
  if (p.startsWith('/static/')) return method === 'GET' || method === 'HEAD' ? 200 : 405;
  const known = PAGES.includes(p);
  if (!known) return 404;
  if (method === 'GET' || method === 'HEAD') return 200;
  if (method === 'POST') return p === '/contact' ? 403 : 405; // routing first, then CSRF
  return 405;
}

test('each method x each URL', async (t) => {
  for (const p of METHOD_URLS) {
    for (const m of METHODS) {
      const want = expectedMethod(m, p);
      await t.test(`${m} ${p} -> ${want}`, async () => {
        const res = await request({ method: m, path: p, headers: { 'Content-Length': '0' } });
        checkCommon(res);
        assert.equal(res.status, want);
        if (m === 'HEAD') assert.equal(res.body.length, 0, 'HEAD has no body');
        if (want === 405 && !p.startsWith('/static/') && m !== 'TRACE')
          assert.equal(res.header('allow'), p === '/contact' ? 'GET, HEAD, POST' : 'GET, HEAD');
      });
    }
  }
});

// ---- 4. path traversal ----------------------------------------------------------------------------

const SECRETS = [
  ['the dev script', '#!/usr/bin/env bash'],
  ['/etc/passwd', 'root:x:0:0'],
  ['a git config', '[core]'],
  ['the schema', 'CREATE TABLE'],
  ['the configuration', 'db_migrate'],
];
const TRAVERSALS = [
  '/static/../dev', '/static/..%2fdev', '/static/%2e%2e/dev', '/static/%2e%2e%2fdev', '/static../dev',
  '/static/css/../../dev', '/static/css/..%2f..%2fdev', '/..%2f..%2fetc/passwd', '/%2e%2e/%2e%2e/etc/passwd',
  '/../../../../etc/passwd', '/static/../../../../etc/passwd', '/static//etc/passwd', '/static/..\\..\\dev',
  '/static/../.git/config', '/static/../schema/0001_foundation.sql', '/static/../var/fontaine.conf',
  '/static/../var/secret', '/static/css/site.css/..%2f..%2f..%2fdev', '/static/%252e%252e/dev',
  '/static/.%2e/.%2e/dev', '/contact/..%2f..%2fdev', '/static/css/site.css%00.html', '/static/css/site.css%20',
  '/.git/config', '/dev', '/var/secret', '/.env',
];

test('path traversal: a 4xx, never a file from outside static/', async (t) => {
  const secretFile = path.join(VAR, 'secret');
  const secret = fs.existsSync(secretFile) ? fs.readFileSync(secretFile) : null;
  for (const p of TRAVERSALS) {
    await t.test(`GET ${p}`, async () => {
      const res = await raw(`GET ${p} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      checkCommon(res);
      assert.ok(res.status >= 400 && res.status < 500, `a 4xx (got ${res.status})`);
      for (const [what, needle] of SECRETS) assert.ok(!res.text.includes(needle), `not ${what}`);
      if (secret) assert.ok(!res.body.includes(secret), 'not the secret');
    });
  }
  // The file the traversals aim at does exist (the test would not prove much otherwise).
  assert.ok(fs.existsSync(path.join(SRC, 'dev')));
});

// ---- 5. cookies ----------------------------------------------------------------------------------------

const COOKIES = [
  // Past 4 KB or 32 cookies the rest is ignored, not refused (issue 12); nginx itself refuses
  // a header past its buffers.
  { name: 'cookie header of 5 kB', cookie: `a=${'b'.repeat(5000)}`, status: 200 },
  { name: 'cookie header of 20 kB', cookie: `a=${'b'.repeat(20000)}`, status: 400 },
  { name: '40 cookies', cookie: Array.from({ length: 40 }, (_, i) => `c${i}=1`).join('; '), status: 200 },
  { name: 'csrf cookie with markup', cookie: 'csrf=<script>alert(1)</script>', status: 200 },
  { name: 'csrf cookie with SQL', cookie: "csrf=x'OR'1'='1", status: 200 },
  { name: 'csrf cookie of 4000 characters', cookie: `csrf=${'A'.repeat(4000)}`, status: 200 },
  { name: 'quoted csrf cookie', cookie: 'csrf="abc"', status: 200 },
  { name: 'two csrf cookies', cookie: 'csrf=AAAAAAAAAAAAAAAAAAAAAA; csrf=BBBBBBBBBBBBBBBBBBBBBB', status: 200 },
  { name: 'cookie without =', cookie: 'justaname; ; ;', status: 200 },
  { name: 'cookie with invalid UTF-8 bytes', cookie: Buffer.from([0x61, 0x3d, 0xff, 0xfe]).toString('latin1'), status: 200 },
];

test('hostile cookies on each page', async (t) => {
  for (const p of ['/', '/tarifs', '/contact', '/nexiste-pas']) {
    for (const c of COOKIES) {
      const want = c.status === 200 && p === '/nexiste-pas' ? 404 : c.status;
      await t.test(`${c.name} on ${p} -> ${want}`, async () => {
        // The session cookie makes nginx skip its micro-cache: the program reads the header.
        const res = await raw(`GET ${p} HTTP/1.1\r\nHost: ${host}\r\nCookie: session=h; ${c.cookie}\r\nConnection: close\r\n\r\n`);
        checkCommon(res);
        assert.equal(res.status, want);
        if (p === '/contact' && want === 200 && c.name !== 'two csrf cookies')
          assert.ok((res.all['set-cookie'] || []).some((s) => s.startsWith('csrf=')), 'a bad csrf cookie is replaced');
      });
    }
  }
});

// ---- 6. content types, CSRF tokens, bodies --------------------------------------------------------

test('POST /contact: content types, CSRF tokens, origins and bodies', async (t) => {
  const form = await openForm(freshAddr());
  const other = await openForm(freshAddr());
  const rows = [];
  for (const ct of ['text/plain', 'multipart/form-data; boundary=x', 'application/json', 'text/xml',
    'application/x-www-form-urlencoded-evil', 'application/x-www-form', 'TEXT/HTML', 'application/octet-stream'])
    rows.push({ name: `Content-Type ${ct}`, contentType: ct, status: 415 });
  rows.push({ name: 'no Content-Type', contentType: null, status: 415 });
  rows.push({ name: 'Content-Type in capitals', contentType: 'APPLICATION/X-WWW-FORM-URLENCODED', status: 303 });
  const tokens = [
    ['missing token', undefined, form.cookie],
    ['empty token', '', form.cookie],
    ['forged token', 'x'.repeat(43), form.cookie],
    ['token of 10 kB', 'x'.repeat(10240), form.cookie],
    ['token with markup', '<script>alert(1)</script>', form.cookie],
    ['token with SQL', "' OR 1=1 --", form.cookie],
    ['token of another cookie', other.csrf, form.cookie],
    ['token without cookie', form.csrf, undefined],
    ['token with a forged cookie', form.csrf, 'csrf=AAAAAAAAAAAAAAAAAAAAAA'],
    ['token with a cookie of the wrong length', form.csrf, `${form.cookie}x`],
  ];
  for (const [name, csrf, cookie] of tokens) rows.push({ name, csrf, cookie, status: 403 });
  for (const origin of ['https://evil.example', 'http://127.0.0.1', `${URL_BASE}.evil.example`, `${URL_BASE}:1`, 'file://', `${URL_BASE.replace('http:', 'https:')}`])
    rows.push({ name: `Origin ${origin}`, headers: { Origin: origin }, status: 403 });
  rows.push({ name: 'Origin of the site', headers: { Origin: URL_BASE }, status: 303 });
  rows.push({ name: '129 fields', extra: Array.from({ length: 129 }, (_, i) => `f${i}=1`).join('&'), status: 400 });
  rows.push({ name: 'field without a name', extra: '=x', status: 400 });
  rows.push({ name: 'message of 900 kB', set: { message: 'm'.repeat(900 * 1024) }, status: 422 });
  rows.push({ name: 'body over 1 MB', set: { message: 'm'.repeat(1024 * 1024 + 1) }, status: 413 });
  rows.push({ name: 'duplicate fields (the first counts)', extra: 'nom=&email=x', status: 303 });

  for (const row of rows) {
    await t.test(`${row.name} -> ${row.status}`, async () => {
      const addr = freshAddr();
      const { fields } = validMessage(row.set || {});
      const cle = randomUUID();
      const all = { cle, ...fields };
      const csrf = 'csrf' in row ? row.csrf : form.csrf;
      if (csrf !== undefined) all.csrf = csrf;
      let body = new URLSearchParams(all).toString();
      if (row.extra) body += `&${row.extra}`;
      const res = await post('/contact', body, {
        cookie: 'cookie' in row ? row.cookie : form.cookie, localAddress: addr, headers: row.headers || {},
        contentType: 'contentType' in row ? row.contentType : 'application/x-www-form-urlencoded',
      });
      checkCommon(res, [csrf].filter((x) => x && /[<>]/.test(x)));
      assert.equal(res.status, row.status);
      const n = count('contact_message', "request_key = :'k'::uuid", { k: cle });
      assert.equal(n, row.status === 303 ? 1 : 0, row.status === 303 ? 'saved once' : 'nothing saved');
      if (row.status === 303) accepted++;
    });
  }
});

// ---- 7. raw request lines and headers -------------------------------------------------------------

const RAW = [
  // A line break ends the request line: nginx reads "GET /tarifs?q=a" as HTTP/0.9 and
  // answers a bare body, without any header (status 0 here) - nothing to inject into.
  { name: 'CR/LF in the request line', req: `GET /tarifs?q=a\r\nX-Injected: 1 HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, status: 0 },
  { name: 'LF in the request line', req: `GET /tarifs?q=a\nX-Injected: 1 HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, status: 0 },
  { name: 'bare CR in the request line', req: `GET /tarifs?q=a\rX-Injected: 1 HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, status: 400 },
  { name: 'space in the path', req: `GET /tar ifs HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, status: 400 },
  { name: 'NUL in the request line', req: `GET /tarifs\0 HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, status: 400 },
  { name: 'header folding', req: `GET /tarifs HTTP/1.1\r\nHost: ${host}\r\nX-A: 1\r\n X-Injected: 1\r\nConnection: close\r\n\r\n`, status: 400 },
  { name: 'Origin with CR', req: `POST /contact HTTP/1.1\r\nHost: ${host}\r\nOrigin: a\rX-Injected: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`, status: 400 },
  { name: 'negative Content-Length', req: `POST /contact HTTP/1.1\r\nHost: ${host}\r\nContent-Length: -5\r\nConnection: close\r\n\r\n`, status: 400 },
  { name: 'two Content-Length', req: `POST /contact HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab`, status: 400 },
  { name: 'If-None-Match of 4 kB', req: `GET /tarifs HTTP/1.1\r\nHost: ${host}\r\nIf-None-Match: ${'"x",'.repeat(1000)}\r\nCookie: session=h\r\nConnection: close\r\n\r\n`, status: 200 },
  { name: 'User-Agent with markup', req: `GET /nexiste-pas HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: <script>alert(1)</script>\r\nConnection: close\r\n\r\n`, status: 404 },
  // nginx accepts it; the pages use the configured base URL, never the Host header.
  { name: 'Host with markup', req: `GET /tarifs HTTP/1.1\r\nHost: <script>\r\nCookie: session=h\r\nConnection: close\r\n\r\n`, status: 200 },
  { name: 'Host of another site', req: `GET /tarifs HTTP/1.1\r\nHost: evil.example\r\nCookie: session=h\r\nConnection: close\r\n\r\n`, status: 200, noText: 'evil.example' },
  { name: 'absolute URI', req: `GET ${URL_BASE}/tarifs HTTP/1.1\r\nHost: ${host}\r\nCookie: session=h\r\nConnection: close\r\n\r\n`, status: 200 },
];

test('raw request lines and headers', async (t) => {
  for (const row of RAW) {
    await t.test(`${row.name} -> ${row.status}`, async () => {
      const res = await raw(row.req);
      checkCommon(res);
      assert.equal(res.status, row.status);
      if (row.noText) assert.ok(!res.text.includes(row.noText), `${row.noText} is not reflected`);
    });
  }
});

// ---- after the table ----------------------------------------------------------------------------------

test('after the table: no worker crashed, the database holds exactly the accepted rows', async () => {
  for (const program of PROGRAMS) {
    const b = before[program];
    assert.ok(alive(b.master), `${program}: the master is still running`);
    assert.deepEqual(childrenOf(b.master).sort(), b.workers, `${program}: the same workers, none died`);
    assert.doesNotMatch(logSince(b.log, program), /killed by signal|exited with/, `${program}: log`);
  }
  assert.equal(count('contact_message'), messagesBefore + accepted, 'only the accepted rows were saved');
  assert.equal(psql("SELECT to_regclass('public.contact_message') IS NOT NULL AND to_regclass('public.site_page') IS NOT NULL"), 't', 'no table was dropped');
  const byStatus = Object.entries(stats.byStatus).sort().map(([s, n]) => `${s}:${n}`).join(' ');
  console.log(`hostile table: ${stats.rows} rows (${accepted} saved); by status ${byStatus}`);
  assert.ok(stats.rows >= 200, `at least 200 rows (got ${stats.rows})`);
});
