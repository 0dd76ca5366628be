// accounts.test.mjs: the account findings of the security review (issue 12) replayed as
// attacks: lock-outs by wrong passwords (per account, per shared address, 30 in parallel),
// the unlock link, reset links that outlive a reset, account enumeration at signup and at
// event registration, the e-mail rule on the reset and confirmation pages, e-mail and
// password changes without the current password and without a notice, staff session
// lifetimes, and the TOTP second factor (codes computed here with Python's hmac and checked
// against oathtool, never with the program's own code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  VAR, request, psql, count, hidden, freshAddr, formBody, poll,
} from '../integration/lib.mjs';

// ---- a small browser --------------------------------------------------------------------------

class Client {
  constructor(localAddress = freshAddr()) {
    this.localAddress = localAddress;
    this.jar = new Map();
    this.csrf = undefined;
  }

  keep(res) {
    for (const c of res.all['set-cookie'] || []) {
      const m = /^([^=;\s]+)=([^;]*)/.exec(c);
      if (!m) continue;
      if (m[2] === '' || /;\s*Max-Age=0(;|$)/i.test(c)) this.jar.delete(m[1]);
      else this.jar.set(m[1], m[2]);
    }
    const token = hidden(res.text, 'csrf');
    if (token) this.csrf = token;
    return res;
  }

  headers() {
    return this.jar.size ? { Cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  async get(p) {
    return this.keep(await request({ method: 'GET', path: p, headers: this.headers(), localAddress: this.localAddress }));
  }

  async post(p, fields = {}) {
    const body = formBody({ csrf: this.csrf, ...fields });
    const h = { ...this.headers(), 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) };
    return this.keep(await request({ method: 'POST', path: p, headers: h, body, localAddress: this.localAddress }));
  }

  static async opened(p = '/connexion', localAddress = freshAddr()) {
    const c = new Client(localAddress);
    const res = await c.get(p);
    assert.equal(res.status, 200, `GET ${p}`);
    return c;
  }
}

const hasSession = (res) => (res.all['set-cookie'] || []).some((c) => /^session=[^;]/.test(c));
const main = (html) => (/<main[\s\S]*<\/main>/.exec(html) || [html])[0];

// ---- mail: the SMTP sink's Maildir ------------------------------------------------------------

const MAILDIR = path.join(VAR, 'mail');
const seen = new Set();

function decodeQP(s) {
  const bytes = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-F]{2}$/i.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(src[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function parseMessage(file) {
  const raw = fs.readFileSync(file, 'utf8');
  const sep = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, sep).replace(/\r?\n[ \t]+/g, ' ');
  const header = (n) => ((new RegExp(`^${n}:\\s*(.*)$`, 'im').exec(head)) || [])[1] || '';
  const subject = header('subject').replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, e, t) => (e.toLowerCase() === 'b'
    ? Buffer.from(t, 'base64').toString('utf8') : decodeQP(t.replace(/_/g, ' '))));
  // The text part: the first text/plain part, decoded.
  const body = raw.slice(sep);
  const m = /Content-Type: text\/plain[^\n]*\r?\n(?:[^\r\n]+\r?\n)*?Content-Transfer-Encoding: *([\w-]+)[^\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)(?:\r?\n--|$)/i.exec(body);
  let text = m ? m[2] : body;
  if (m && /quoted-printable/i.test(m[1])) text = decodeQP(text);
  else if (m && /base64/i.test(m[1])) text = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { file, to: header('to'), subject, text };
}

function delivered(to) {
  const out = [];
  for (const sub of ['new', 'cur']) {
    const dir = path.join(MAILDIR, sub);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort()) {
      const msg = parseMessage(path.join(dir, f));
      if (msg.to.toLowerCase().includes(to.toLowerCase())) out.push(msg);
    }
  }
  return out;
}

async function waitMail(to, subjectPart) {
  const { value } = await poll(() => delivered(to).find((m) => !seen.has(m.file) && m.subject.includes(subjectPart)),
    { every: 200, within: 120000 });
  assert.ok(value, `no mail to ${to} about "${subjectPart}" within 2 minutes`);
  seen.add(value.file);
  return value;
}

function linkIn(msg, prefix) {
  const m = new RegExp(`https?://[^/\\s]+(${prefix.replace(/[/.?]/g, '\\$&')}\\?jeton=[A-Za-z0-9_-]{43})`).exec(msg.text);
  assert.ok(m, `a ${prefix} link in:\n${msg.text}`);
  return m[1];
}
const jeton = (link) => new URL(link, 'http://x').searchParams.get('jeton');

// ---- accounts ---------------------------------------------------------------------------------

let seq = 0;
const tag = () => `${process.pid.toString(36)}${Date.now().toString(36)}${(++seq).toString(36)}`;
const PASSWORD = 'Le pont-canal enjambe la Garonne';
const OTHER = 'Sept cents pruneaux sur la table';

function blake(token) {
  return execFileSync('/usr/bin/python3', ['-c',
    'import hashlib,sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())', token],
  { encoding: 'utf8' }).trim();
}

// Stores a token of purpose for the person with address email (its BLAKE2b-256 hash, as
// session.c does), for the steps that are not about the mail.
function plantToken(email, purpose) {
  const token = crypto.randomBytes(32).toString('base64url');
  psql(`INSERT INTO auth_token (person_id, purpose, token_hash, expires_at)
        SELECT id, :'purpose', decode(:'hash', 'hex'), now() + interval '1 hour'
        FROM person WHERE lower(email) = lower(:'email');`, { purpose, hash: blake(token), email });
  return token;
}

function signupFields(extra = {}) {
  const t = tag();
  return {
    profil: 'independant', prenom: 'Baptiste', nom: `Castéra-${t}`, email: `baptiste.castera.${t}@exemple.fr`,
    telephone: '05 53 66 00 00', formule: 'half_day', adhesion: '1', statuts: '1', confidentialite: '1', ...extra,
  };
}

// A new active member: {email, id, client (logged in)}.
async function member(role = 'member') {
  const c = await Client.opened('/adhesion');
  const fields = signupFields();
  const res = await c.post('/adhesion', fields);
  assert.equal(res.status, 303, `signup: ${res.status}`);
  const token = plantToken(fields.email, 'verify');
  await c.get(`/adhesion/confirmer?jeton=${token}`);
  const ok = await c.post('/adhesion/confirmer', { jeton: token, mot_de_passe: PASSWORD, confirmation: PASSWORD });
  assert.equal(ok.status, 303, 'activation');
  const id = psql('SELECT id FROM person WHERE lower(email) = lower(:\'e\');', { e: fields.email });
  if (role !== 'member') psql('UPDATE person SET role = :\'r\' WHERE id = :id;', { r: role, id });
  return { email: fields.email, id, client: c, first: fields.prenom };
}

async function logIn(email, password, client) {
  const c = client || await Client.opened();
  if (!c.csrf) await c.get('/connexion');
  const res = await c.post('/connexion', { email, mot_de_passe: password });
  return { client: c, res };
}

async function loggedIn(client) {
  return (await client.get('/compte')).status === 200;
}

// ---- lock-outs --------------------------------------------------------------------------------

test('five wrong passwords from one address do not lock the member out from another', async () => {
  const m = await member();
  const attacker = await Client.opened();
  for (let i = 0; i < 5; i++) {
    const r = await attacker.post('/connexion', { email: m.email, mot_de_passe: `faux ${i} mot de passe` });
    assert.equal(r.status, 422, `failure ${i + 1}`);
  }
  const held = await attacker.post('/connexion', { email: m.email, mot_de_passe: PASSWORD });
  assert.equal(held.status, 429, 'the attacking pair waits');
  assert.ok(!hasSession(held));
  assert.match(held.text, /Réessayez dans 1 minute/);
  assert.match(held.text, /action="\/connexion\/deblocage"/, 'an unlock link is offered');
  const { res } = await logIn(m.email, PASSWORD);
  assert.equal(res.status, 303, 'the member logs in from another address');
});

test('twenty failures from a shared address (a coworking’s Wi-Fi) do not block its other members', async () => {
  const m = await member();
  const wifi = freshAddr();
  const other = await Client.opened('/connexion', wifi);
  for (let i = 0; i < 20; i++) {
    const r = await other.post('/connexion', { email: `quelquun${i}.${tag()}@exemple.fr`, mot_de_passe: 'pas le bon du tout' });
    assert.equal(r.status, 422, `failure ${i + 1}`);
  }
  const { res } = await logIn(m.email, PASSWORD, await Client.opened('/connexion', wifi));
  assert.equal(res.status, 303, 'a member on the same address logs in');
});

test('the delay after five failures doubles with each further failure', async () => {
  const m = await member();
  const attacker = await Client.opened();
  const back = (interval) => psql(`UPDATE login_attempt SET at = at - interval '${interval}' WHERE email_lower = lower(:'e');`, { e: m.email });
  for (let i = 0; i < 5; i++) await attacker.post('/connexion', { email: m.email, mot_de_passe: `faux ${i} mot de passe` });
  assert.equal((await attacker.post('/connexion', { email: m.email, mot_de_passe: 'encore faux' })).status, 429);
  back('61 seconds');
  assert.equal((await attacker.post('/connexion', { email: m.email, mot_de_passe: 'encore faux' })).status, 422, 'one try after a minute');
  const again = await attacker.post('/connexion', { email: m.email, mot_de_passe: 'encore faux' });
  assert.equal(again.status, 429);
  assert.match(again.text, /Réessayez dans 2 minutes/, 'then two minutes');
  back('61 seconds');
  assert.equal((await attacker.post('/connexion', { email: m.email, mot_de_passe: 'encore faux' })).status, 429, 'one minute is not enough now');
  back('60 seconds');
  assert.equal((await attacker.post('/connexion', { email: m.email, mot_de_passe: PASSWORD })).status, 303, 'after two minutes the right password works');
});

test('30 parallel wrong logins: at most 5 passwords are checked', async () => {
  const m = await member();
  const attacker = await Client.opened();
  const results = await Promise.all(Array.from({ length: 30 }, (_, i) => attacker.post('/connexion',
    { email: m.email, mot_de_passe: `essai parallèle ${i}` })));
  const checked = results.filter((r) => r.status === 422).length;
  const held = results.filter((r) => r.status === 429).length;
  assert.equal(checked + held, 30, `statuses: ${results.map((r) => r.status)}`);
  assert.ok(checked <= 5, `${checked} passwords were checked`);
  assert.equal(count('login_attempt', 'email_lower = lower(:\'e\')', { e: m.email }), checked, 'each checked try is on record');
});

test('the unlock link, mailed to the account, lifts the throttle', async () => {
  const m = await member();
  const shared = await Client.opened();
  for (let i = 0; i < 5; i++) await shared.post('/connexion', { email: m.email, mot_de_passe: `faux ${i} mot de passe` });
  assert.equal((await shared.post('/connexion', { email: m.email, mot_de_passe: PASSWORD })).status, 429);
  const asked = await shared.post('/connexion/deblocage', { email: m.email });
  const stranger = await shared.post('/connexion/deblocage', { email: `personne.${tag()}@exemple.fr` });
  assert.equal(asked.status, 200);
  assert.equal(main(stranger.text).replace(/value="[^"]*"/g, ''), main(asked.text).replace(/value="[^"]*"/g, ''), 'same answer');
  const link = linkIn(await waitMail(m.email, 'Débloquer la connexion'), '/connexion/debloquer');
  const page = await shared.get(link);
  assert.equal(page.status, 200, 'a link checker opening it changes nothing');
  assert.equal((await shared.post('/connexion', { email: m.email, mot_de_passe: PASSWORD })).status, 429);
  const done = await shared.post('/connexion/debloquer', { jeton: jeton(link) });
  assert.equal(done.status, 303);
  assert.equal(done.header('location'), '/connexion?debloque=1');
  assert.equal((await shared.post('/connexion/debloquer', { jeton: jeton(link) })).status, 410, 'single use');
  assert.equal((await shared.post('/connexion', { email: m.email, mot_de_passe: PASSWORD })).status, 303);
});

// ---- password reset -----------------------------------------------------------------------------

test('using one reset link ends the other open reset links, and the person is told', async () => {
  const m = await member();
  const first = plantToken(m.email, 'reset');
  const second = plantToken(m.email, 'reset');
  const c = await Client.opened();
  await c.get(`/mot-de-passe/nouveau?jeton=${second}`);
  const done = await c.post('/mot-de-passe/nouveau', { jeton: second, mot_de_passe: OTHER, confirmation: OTHER });
  assert.equal(done.status, 303);
  assert.equal((await c.get(`/mot-de-passe/nouveau?jeton=${first}`)).status, 410, 'the older link is dead');
  const reuse = await c.post('/mot-de-passe/nouveau', { jeton: first, mot_de_passe: PASSWORD, confirmation: PASSWORD });
  assert.equal(reuse.status, 410);
  assert.equal((await logIn(m.email, OTHER)).res.status, 303, 'the password of the used link holds');
  assert.ok(!(await loggedIn(m.client)), 'the sessions opened before are over');
  const notice = await waitMail(m.email, 'Le mot de passe de votre compte La Fontaine a changé');
  assert.match(notice.text, /mot-de-passe-oublie/);
});

test('the reset and confirmation pages refuse a password that contains the e-mail', async () => {
  const m = await member();
  const local = m.email.split('@')[0];
  const c = await Client.opened();
  const reset = plantToken(m.email, 'reset');
  await c.get(`/mot-de-passe/nouveau?jeton=${reset}`);
  const pw = `${local}-Garonne`;
  const r = await c.post('/mot-de-passe/nouveau', { jeton: reset, mot_de_passe: pw, confirmation: pw });
  assert.equal(r.status, 422);
  assert.match(r.text, /Le mot de passe ne doit pas contenir votre adresse e-mail\./);

  const j = await Client.opened('/adhesion');
  const fields = signupFields();
  assert.equal((await j.post('/adhesion', fields)).status, 303);
  const verify = plantToken(fields.email, 'verify');
  await j.get(`/adhesion/confirmer?jeton=${verify}`);
  const pw2 = `${fields.email.split('@')[0].toUpperCase()}!47`;
  const v = await j.post('/adhesion/confirmer', { jeton: verify, mot_de_passe: pw2, confirmation: pw2 });
  assert.equal(v.status, 422);
  assert.match(v.text, /Le mot de passe ne doit pas contenir votre adresse e-mail\./);
});

// ---- enumeration --------------------------------------------------------------------------------

test('signup with an address that has an account: the same answer, and a mail to that address', async () => {
  const m = await member();
  const c = await Client.opened('/adhesion');
  const fresh = await c.post('/adhesion', signupFields());
  const known = await c.post('/adhesion', signupFields({ email: m.email.toUpperCase() }));
  assert.equal(known.status, fresh.status);
  assert.equal(known.header('location'), fresh.header('location'));
  assert.equal(known.text, fresh.text);
  const mail = await waitMail(m.email, 'Vous avez déjà un compte');
  assert.match(mail.text, /\/connexion/);
  assert.match(mail.text, /\/mot-de-passe-oublie/);
  assert.equal(count('person', 'lower(email) = lower(:\'e\')', { e: m.email }), 1);
});

test('event registration with an address already registered: the same answer, a mail with a new link', async () => {
  const slug = psql(`SELECT slug FROM event WHERE status = 'published' AND ends_at > now() AND capacity IS NULL
                     ORDER BY starts_at LIMIT 1;`);
  assert.ok(slug, 'the demo data has an open event');
  const email = `inscrite.${tag()}@exemple.fr`;
  const c = await Client.opened(`/evenements/${slug}`);
  const first = await c.post(`/evenements/${slug}/inscription`, { nom: 'Jeanne Lafitte', email });
  assert.equal(first.status, 303);
  const firstMail = await waitMail(email, 'Inscription confirmée');
  const oldLink = linkIn(firstMail, '/evenements/annulation');
  await c.get(`/evenements/${slug}`);
  const again = await c.post(`/evenements/${slug}/inscription`, { nom: 'Jeanne Lafitte', email: email.toUpperCase() });
  assert.equal(again.status, first.status, 'no 409 telling that the address is registered');
  assert.equal(again.header('location'), first.header('location'));
  const mail = await waitMail(email, 'Vous êtes déjà inscrit');
  const newLink = linkIn(mail, '/evenements/annulation');
  assert.equal((await c.get(newLink)).status, 200, 'the new cancel link works');
  assert.equal((await c.get(oldLink)).status, 404, 'the old one no longer does');
  assert.equal(count('registration', 'lower(email) = lower(:\'e\')', { e: email }), 1);
});

// ---- e-mail and password changes ----------------------------------------------------------------

test('changing the e-mail needs the current password; the old address is told; sessions and links end', async () => {
  const m = await member();
  const other = (await logIn(m.email, PASSWORD)).client;
  await m.client.get('/compte');
  const next = `nouvelle.${tag()}@exemple.fr`;
  const none = await m.client.post('/compte/email', { email: next });
  assert.equal(none.status, 422, 'no current password');
  const wrong = await m.client.post('/compte/email', { email: next, mot_de_passe: 'pas le bon mot de passe' });
  assert.equal(wrong.status, 422, 'a wrong current password');
  assert.equal(count('auth_token', `person_id = ${Number(m.id)} AND purpose = 'email'`), 0, 'no link made');
  const ok = await m.client.post('/compte/email', { email: next, mot_de_passe: PASSWORD });
  assert.equal(ok.status, 303);
  const told = await waitMail(m.email, 'Changement d’adresse e-mail demandé');
  assert.ok(told.text.includes(next), 'the old address is told the new one');
  const link = linkIn(await waitMail(next, 'Confirmez votre nouvelle adresse'), '/compte/email/confirmer');
  const reset = plantToken(m.email, 'reset');
  await m.client.get(link);
  const done = await m.client.post('/compte/email/confirmer', { jeton: jeton(link) });
  assert.equal(done.status, 200);
  assert.ok(await loggedIn(m.client), 'the browser that confirmed stays logged in');
  assert.ok(!(await loggedIn(other)), 'the other session is over');
  assert.equal((await other.get(`/mot-de-passe/nouveau?jeton=${reset}`)).status, 410, 'an open reset link is over');
});

test('staff changing a member’s e-mail in the back office goes through the confirmation link', async () => {
  const staff = await member('staff');
  const m = await member();
  const page = await staff.client.get(`/admin/membres/${m.id}`);
  assert.equal(page.status, 200);
  const next = `par.equipe.${tag()}@exemple.fr`;
  const res = await staff.client.post(`/admin/membres/${m.id}`, {
    prenom: 'Baptiste', nom: 'Castéra', email: next, telephone: '05 53 66 00 00', profil: 'independant',
  });
  assert.equal(res.status, 303, `admin edit: ${res.status}`);
  assert.equal(psql('SELECT email FROM person WHERE id = :id;', { id: m.id }), m.email, 'the address is not written directly');
  assert.equal(psql('SELECT last_name FROM person WHERE id = :id;', { id: m.id }), 'Castéra', 'the rest is saved');
  await waitMail(m.email, 'Changement d’adresse e-mail demandé');
  const link = linkIn(await waitMail(next, 'Confirmez votre nouvelle adresse'), '/compte/email/confirmer');
  const anon = await Client.opened();
  await anon.get(link);
  assert.equal((await anon.post('/compte/email/confirmer', { jeton: jeton(link) })).status, 200);
  assert.equal(psql('SELECT email FROM person WHERE id = :id;', { id: m.id }), next);
  assert.ok(!(await loggedIn(m.client)), 'the member’s sessions ended');
});

test('changing the password needs the current one, ends the other sessions and mails the person', async () => {
  const m = await member();
  const other = (await logIn(m.email, PASSWORD)).client;
  const form = await m.client.get('/compte/mot-de-passe');
  assert.equal(form.status, 200);
  const wrong = await m.client.post('/compte/mot-de-passe', { actuel: 'pas le bon mot de passe', mot_de_passe: OTHER, confirmation: OTHER });
  assert.equal(wrong.status, 422);
  assert.match(wrong.text, /Le mot de passe actuel est incorrect\./);
  const ok = await m.client.post('/compte/mot-de-passe', { actuel: PASSWORD, mot_de_passe: OTHER, confirmation: OTHER });
  assert.equal(ok.status, 303);
  assert.ok(await loggedIn(m.client), 'this session stays');
  assert.ok(!(await loggedIn(other)), 'the other one ends');
  await waitMail(m.email, 'Le mot de passe de votre compte La Fontaine a changé');
  assert.equal((await logIn(m.email, OTHER)).res.status, 303);
});

// ---- staff sessions -----------------------------------------------------------------------------

test('staff and admin sessions end after 2 hours idle and 12 hours in all; members keep 48 hours idle', async () => {
  const staff = await member('staff');
  const { client } = await logIn(staff.email, PASSWORD);
  assert.ok(await loggedIn(client));
  assert.equal(psql(`SELECT expires_at <= now() + interval '12 hours' FROM session
                     WHERE person_id = :id ORDER BY created_at DESC, id DESC LIMIT 1;`, { id: staff.id }), 't');
  psql('UPDATE session SET last_seen_at = now() - interval \'2 hours 1 minute\' WHERE person_id = :id;', { id: staff.id });
  assert.ok(!(await loggedIn(client)), 'idle 2 hours');
  const again = (await logIn(staff.email, PASSWORD)).client;
  psql('UPDATE session SET created_at = now() - interval \'12 hours 1 minute\', expires_at = now() + interval \'10 days\' WHERE person_id = :id;', { id: staff.id });
  assert.ok(!(await loggedIn(again)), 'older than 12 hours');
  const m = await member();
  psql('UPDATE session SET last_seen_at = now() - interval \'3 hours\' WHERE person_id = :id;', { id: m.id });
  assert.ok(await loggedIn(m.client), 'a member idle 3 hours is still in');
});

// ---- TOTP ---------------------------------------------------------------------------------------

// The RFC 6238 code of a base32 key at unix time t, by Python's hmac (and oathtool, which
// must agree).
function totp(secret, t = Date.now() / 1000) {
  const py = execFileSync('/usr/bin/python3', ['-c', `
import base64, hashlib, hmac, struct, sys
key = base64.b32decode(sys.argv[1])
h = hmac.new(key, struct.pack('>Q', int(float(sys.argv[2])) // 30), hashlib.sha1).digest()
o = h[-1] & 15
print('%06d' % ((struct.unpack('>I', h[o:o + 4])[0] & 0x7fffffff) % 1000000))`, secret, String(t)], { encoding: 'utf8' }).trim();
  const when = new Date(Math.floor(t) * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const oath = execFileSync('/usr/bin/oathtool', ['--totp', '-b', '-N', when, secret], { encoding: 'utf8' }).trim();
  assert.equal(py, oath, 'Python and oathtool agree');
  return py;
}

async function enrol(staff) {
  const page = await staff.client.get('/compte/double-authentification');
  assert.equal(page.status, 200);
  const secret = (/<code id="totp-cle">([A-Z2-7 ]+)<\/code>/.exec(page.text) || [])[1]?.replace(/ /g, '');
  assert.ok(secret && secret.length === 32, 'a 160-bit key in base32');
  const uri = (/<code id="totp-uri">([^<]+)<\/code>/.exec(page.text) || [])[1].replace(/&amp;/g, '&');
  assert.match(uri, /^otpauth:\/\/totp\/La%20Fontaine:/);
  assert.equal(new URL(uri).searchParams.get('secret'), secret);
  assert.match(page.text, /<svg[^>]*class="qr"/, 'a QR code');
  const bad = await staff.client.post('/compte/double-authentification', { code: '000000' === totp(secret) ? '111111' : '000000' });
  assert.equal(bad.status, 422);
  assert.equal(psql('SELECT totp_enabled_at IS NULL FROM person WHERE id = :id;', { id: staff.id }), 't');
  const ok = await staff.client.post('/compte/double-authentification', { code: totp(secret) });
  assert.equal(ok.status, 200);
  const codes = [...ok.text.matchAll(/<li><code>([A-Z2-7]{5}-[A-Z2-7]{5})<\/code><\/li>/g)].map((x) => x[1]);
  assert.equal(codes.length, 10, 'ten recovery codes');
  return { secret, codes };
}

test('TOTP: enrolment with a first code, then login asks for the code; recovery codes serve once', async () => {
  const staff = await member('staff');
  const { secret, codes } = await enrol(staff);

  const { client, res } = await logIn(staff.email, PASSWORD);
  assert.equal(res.status, 200, 'the password alone opens no session');
  assert.ok(!hasSession(res));
  assert.match(res.text, /Code de vérification/);
  const wrong = await client.post('/connexion/code', { jeton: hidden(res.text, 'jeton'), code: '12345', retour: '/compte' });
  assert.equal(wrong.status, 422);
  assert.ok(!hasSession(wrong));
  // The next step's code (the enrolment used this step's; a code serves once).
  const code = totp(secret, Date.now() / 1000 + 30);
  const ok = await client.post('/connexion/code', { jeton: hidden(res.text, 'jeton'), code, retour: '/compte' });
  assert.equal(ok.status, 303);
  assert.ok(hasSession(ok));
  assert.ok(await loggedIn(client));

  // The same code again is refused.
  const second = await logIn(staff.email, PASSWORD);
  const replay = await second.client.post('/connexion/code', { jeton: hidden(second.res.text, 'jeton'), code, retour: '/compte' });
  assert.equal(replay.status, 422, 'a code serves once');
  // A recovery code works once.
  const rec = await second.client.post('/connexion/code', { jeton: hidden(second.res.text, 'jeton'), code: codes[0].toLowerCase(), retour: '/compte' });
  assert.equal(rec.status, 303);
  const third = await logIn(staff.email, PASSWORD);
  const reuse = await third.client.post('/connexion/code', { jeton: hidden(third.res.text, 'jeton'), code: codes[0], retour: '/compte' });
  assert.equal(reuse.status, 422);
  // Five wrong codes end the step.
  for (let i = 0; i < 4; i++) await third.client.post('/connexion/code', { jeton: hidden(third.res.text, 'jeton'), code: '999999', retour: '/compte' });
  const dead = await third.client.post('/connexion/code', { jeton: hidden(third.res.text, 'jeton'), code: codes[1], retour: '/compte' });
  assert.equal(dead.status, 410);
});

test('TOTP: staff may turn it off with password and code; an admin may not; members have no page', async () => {
  const staff = await member('staff');
  const { secret } = await enrol(staff);
  const page = await staff.client.get('/compte/double-authentification');
  assert.match(page.text, /action="\/compte\/double-authentification\/desactiver"/);
  const off = await staff.client.post('/compte/double-authentification/desactiver', { mot_de_passe: PASSWORD, code: totp(secret, Date.now() / 1000 + 30) });
  assert.equal(off.status, 303);
  assert.equal(psql('SELECT totp_enabled_at IS NULL FROM person WHERE id = :id;', { id: staff.id }), 't');
  assert.equal((await logIn(staff.email, PASSWORD)).res.status, 303, 'the password alone again');

  const admin = await member('admin');
  const a = await enrol(admin);
  const refused = await admin.client.post('/compte/double-authentification/desactiver', { mot_de_passe: PASSWORD, code: totp(a.secret, Date.now() / 1000 + 30) });
  assert.equal(refused.status, 403);
  assert.equal(psql('SELECT totp_enabled_at IS NOT NULL FROM person WHERE id = :id;', { id: admin.id }), 't');
  // The database opens no session for it without a passed code, whatever the program does.
  assert.equal(psql(`SELECT session_open(${Number(admin.id)}, decode(repeat('ab', 32), 'hex'), 'x', '127.0.0.1') IS NULL;`), 't');

  const m = await member();
  assert.equal((await m.client.get('/compte/double-authentification')).status, 403);
});
