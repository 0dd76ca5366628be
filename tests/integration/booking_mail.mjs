// booking_mail.mjs: helpers of the room booking tests (integration and security tiers): read
// the mails the SMTP sink delivered to $FONTAINE_VAR/mail/, find the confirmation link of a
// held booking and follow it as its contact would (open the page, press "Confirmer").
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { VAR, poll, psqlRows } from './lib.mjs';

const MAILDIR = path.join(VAR, 'mail');

function decodeQP(s) {
  const bytes = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-F]{2}$/i.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(src[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

const decodeWords = (s) => s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc, txt) => (enc.toLowerCase() === 'b'
  ? Buffer.from(txt, 'base64').toString('utf8') : decodeQP(txt.replace(/_/g, ' '))));

function parseHeaders(block) {
  const h = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const c = line.indexOf(':');
    if (c > 0) h[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  return h;
}

function decodePart(headers, body) {
  const cte = (headers['content-transfer-encoding'] || '').toLowerCase();
  if (cte === 'quoted-printable') return decodeQP(body);
  if (cte === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

// The text/plain and text/html parts of a MIME body (nested multiparts included).
function walk(headers, body, msg) {
  const type = (headers['content-type'] || 'text/plain').toLowerCase();
  const b = /boundary="?([^";]+)"?/i.exec(headers['content-type'] || '');
  if (type.startsWith('multipart/') && b) {
    for (const part of body.split(`--${b[1]}`).slice(1)) {
      const ps = part.search(/\r?\n\r?\n/);
      if (ps < 0) continue;
      walk(parseHeaders(part.slice(0, ps)), part.slice(ps).replace(/^\r?\n\r?\n/, ''), msg);
    }
  } else if (type.startsWith('text/plain')) {
    msg.text ||= decodePart(headers, body);
  } else if (type.startsWith('text/html')) {
    msg.html ||= decodePart(headers, body);
  } else if (type.startsWith('text/calendar')) {
    msg.ics = decodePart(headers, body);
  }
}

const parsed = new Map();
// The messages delivered so far to address TO: [{file, to, subject, text, html, ics}].
export function deliveredTo(to) {
  const out = [];
  for (const sub of ['new', 'cur']) {
    const dir = path.join(MAILDIR, sub);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) {
      const file = path.join(dir, f);
      let msg = parsed.get(file);
      if (!msg) {
        const raw = fs.readFileSync(file, 'utf8');
        const sep = raw.search(/\r?\n\r?\n/);
        const headers = parseHeaders(raw.slice(0, sep));
        msg = { file, to: headers.to || '', subject: decodeWords(headers.subject || ''), text: '', html: '' };
        walk(headers, raw.slice(sep).replace(/^\r?\n\r?\n/, ''), msg);
        parsed.set(file, msg);
      }
      if (msg.to.toLowerCase().includes(to.toLowerCase())) out.push(msg);
    }
  }
  return out;
}

// The first message to TO whose subject starts with SUBJECT, waiting for the mailer.
export async function waitMail(to, subject, within = 120000) {
  const { value } = await poll(() => deliveredTo(to).find((m) => m.subject.startsWith(subject)), { every: 150, within });
  assert.ok(value, `no mail to ${to} starting "${subject}" within ${within} ms (outbox: ${JSON.stringify(
    psqlRows(`SELECT id, subject, status, attempts, last_error FROM outbox WHERE to_addr = :'to'`, { to }))})`);
  return value;
}

// The path and query of the link to pathPrefix (…?jeton=<43 chars>) in a message (text and HTML).
export function mailLink(msg, pathPrefix) {
  const m = new RegExp(`https?://[^/\\s]+(${pathPrefix.replace(/[/.?]/g, '\\$&')}\\?jeton=([A-Za-z0-9_-]{43}))(?![A-Za-z0-9_-])`).exec(msg.text);
  assert.ok(m, `a ${pathPrefix} link in the mail's text:\n${msg.text}`);
  assert.ok(msg.html.includes(m[1]), 'the HTML part carries the same link');
  return { link: m[1], token: m[2] };
}

export const HOLD_SUBJECT = 'Confirmez votre réservation';

// Follows the confirmation link mailed to EMAIL with CLIENT (an object with get(path) and
// post(path, fields) that keeps cookies and the csrf token): opens the page, confirms.
// Returns {page, res, confirmToken, manageToken, loc} (manageToken: the new manage link's).
export async function confirmByMail(client, email) {
  const mail = await waitMail(email, HOLD_SUBJECT);
  const { link, token } = mailLink(mail, '/reservation/confirmer');
  const page = await client.get(link);
  assert.equal(page.status, 200, `GET ${link}: ${page.status} ${page.text.slice(0, 300)}`);
  assert.match(page.text, /<h1>Confirmer votre réservation<\/h1>/);
  const res = await client.post('/reservation/confirmer', { jeton: token });
  assert.equal(res.status, 303, `POST /reservation/confirmer: ${res.status} ${res.text.slice(0, 300)}`);
  const loc = res.header('location');
  const manage = /^\/reservation\/gerer\?jeton=([A-Za-z0-9_-]{43})&nouvelle=1$/.exec(loc);
  assert.ok(manage, `the confirmation leads to the manage page: ${loc}`);
  return { mail, page, res, confirmToken: token, manageToken: manage[1], loc };
}
