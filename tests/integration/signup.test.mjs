// signup.test.mjs: the signup program over HTTP: joining (form, prices, validation, hostile
// values, duplicates at the same instant), the emailed verification link read from the SMTP
// sink's Maildir, passwords, sessions (logout, everywhere, idle, expiry), CSRF, login
// throttling, password reset, and the member portal (profile, newsletter, export, closing,
// email change). Every client posts from its own loopback address (freshAddr), so the
// throttling and nginx's POST limit of one test never touch another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  VAR, request, psql, psqlRows, count, hidden, freshAddr, formBody, poll,
} from './lib.mjs';

// ---- a small browser: cookie jar, csrf token, source address -------------------------------

class Client {
  constructor(localAddress = freshAddr()) {
    this.localAddress = localAddress;
    this.jar = new Map();
    this.csrf = undefined;
  }

  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
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

  async get(p, headers = {}) {
    const h = { ...headers };
    if (this.jar.size) h.Cookie = this.cookieHeader();
    return this.keep(await request({ method: 'GET', path: p, headers: h, localAddress: this.localAddress }));
  }

  // post(path, fields, {csrf}): a form POST; the csrf field is the one of the last form page
  // this client received, unless opts.csrf says otherwise (null: no csrf field at all).
  async post(p, fields = {}, { csrf = this.csrf, rawBody, cookie } = {}) {
    const f = csrf === null ? { ...fields } : { csrf, ...fields };
    const body = rawBody ?? formBody(f);
    const h = { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) };
    const c = cookie ?? this.cookieHeader();
    if (c) h.Cookie = c;
    return this.keep(await request({ method: 'POST', path: p, headers: h, body, localAddress: this.localAddress }));
  }

  // A new client opens the signup form first, to receive its csrf cookie and token.
  static async opened(p = '/adhesion') {
    const c = new Client();
    const res = await c.get(p);
    assert.equal(res.status, 200, `GET ${p}`);
    assert.ok(c.jar.has('csrf') && c.csrf, `GET ${p} gives a csrf cookie and a csrf field`);
    return c;
  }
}

// ---- HTML helpers --------------------------------------------------------------------------

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;').replace(/'/g, '&#39;');

// The message shown beside field NAME (field.tpl: <p class="error" id="f-NAME-erreur">), or undefined.
function fieldError(html, name) {
  const id = name === 'profil' || name === 'formule' ? `${name}-erreur` : `f-${name}-erreur`;
  const m = new RegExp(`<p class="error" id="${id}">([^<]*)</p>`).exec(html);
  return m ? m[1] : undefined;
}

const errorIds = (html) => [...html.matchAll(/<p class="error" id="([^"]+)">/g)].map((m) => m[1]);

// The value attribute of the input named NAME, as the server wrote it (still escaped).
function inputValue(html, name) {
  const m = new RegExp(`<input id="f-${name}" name="${name}" type="[a-z]+" value="([^"]*)"`).exec(html);
  return m ? m[1] : undefined;
}

function mainText(html) {
  const m = /<main[\s\S]*<\/main>/.exec(html);
  return m ? m[0] : html;
}

// French money as fmt.c writes it: U+202F between thousands, U+00A0 before €.
function euros(cents) {
  const n = Number(cents);
  const units = String(Math.floor(n / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${units},${String(n % 100).padStart(2, '0')}\u00a0€`;
}

// ---- mail: the SMTP sink's Maildir ---------------------------------------------------------

const MAILDIR = path.join(VAR, 'mail');
const seenMail = new Set();

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

function decodeWords(s) {
  return s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc, txt) => (enc.toLowerCase() === 'b'
    ? Buffer.from(txt, 'base64').toString('utf8')
    : decodeQP(txt.replace(/_/g, ' '))));
}

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

// Parses one delivered message: {file, to, subject, headers, text, html}.
function parseMessage(file) {
  const raw = fs.readFileSync(file, 'utf8');
  const sep = raw.search(/\r?\n\r?\n/);
  const headers = parseHeaders(raw.slice(0, sep));
  const body = raw.slice(sep).replace(/^\r?\n\r?\n/, '');
  const msg = { file, headers, to: headers.to || '', subject: decodeWords(headers.subject || ''), text: '', html: '' };
  const b = /boundary="?([^";]+)"?/i.exec(headers['content-type'] || '');
  const parts = b ? body.split(`--${b[1]}`).slice(1) : [`\n${raw.slice(sep)}`];
  for (const part of parts) {
    const ps = part.search(/\r?\n\r?\n/);
    if (ps < 0) continue;
    const ph = b ? parseHeaders(part.slice(0, ps)) : headers;
    const pb = part.slice(ps).replace(/^\r?\n\r?\n/, '');
    const type = (ph['content-type'] || 'text/plain').toLowerCase();
    if (type.startsWith('text/plain')) msg.text = decodePart(ph, pb);
    else if (type.startsWith('text/html')) msg.html = decodePart(ph, pb);
  }
  return msg;
}

// The messages delivered so far to address TO (the mailer -> SMTP sink -> Maildir).
function deliveredTo(to) {
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

// waitMail(to, subjectPart): the first not yet read message to TO whose subject contains
// subjectPart, as delivered to the SMTP sink's Maildir. Waits generously (the mailer sends
// as soon as the outbox row is committed; a slow machine only makes this wait longer).
async function waitMail(to, subjectPart) {
  const { value } = await poll(() => deliveredTo(to)
    .find((m) => !seenMail.has(m.file) && m.subject.includes(subjectPart)), { every: 200, within: 120000 });
  assert.ok(value, `no mail to ${to} about "${subjectPart}" in ${MAILDIR}/new within 2 minutes ` +
    `(outbox: ${JSON.stringify(psqlRows('SELECT id, status, attempts, last_error FROM outbox WHERE to_addr = :\'to\'', { to }))})`);
  seenMail.add(value.file);
  return value;
}

// The path and query of the single-use link (…?jeton=<43 chars>) in a message's text part.
function mailLink(msg, pathPrefix) {
  const m = new RegExp(`https?://[^/\\s]+(${pathPrefix.replace(/[/.?]/g, '\\$&')}\\?jeton=[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`).exec(msg.text);
  assert.ok(m, `a ${pathPrefix} link in the mail's text:\n${msg.text}`);
  // The HTML part carries the same link.
  assert.ok(msg.html.includes(m[1]), 'the HTML part carries the same link');
  return m[1];
}

// ---- accounts --------------------------------------------------------------------------

let seq = 0;
const tag = () => `${process.pid.toString(36)}${Date.now().toString(36)}${(++seq).toString(36)}`;
const GOOD_PASSWORD = 'Quatre chevaux près du Gravier';
const OTHER_PASSWORD = 'La passerelle sur la Garonne 1839';

// A valid signup of an independent worker, with a unique address.
function joinFields(extra = {}) {
  const t = tag();
  return {
    profil: 'independant',
    prenom: 'Mathilde',
    nom: `Laborde-${t}`,
    email: `mathilde.laborde.${t}@exemple.fr`,
    telephone: '05 53 47 12 34',
    activite: 'Graphiste indépendante',
    siret: '',
    entreprise: '',
    siren: '',
    adresse: '',
    code_postal: '',
    ville: '',
    formule: 'carnet_10',
    adhesion: '1',
    statuts: '1',
    confidentialite: '1',
    ...extra,
  };
}

const personCount = () => count('person');

// Signs up through the form; returns {client, fields, id}.
async function signUp(extra = {}) {
  const client = await Client.opened();
  const fields = joinFields(extra);
  const res = await client.post('/adhesion', fields);
  assert.equal(res.status, 303, `signup answered ${res.status}: ${fieldErrorsOf(res.text)}`);
  assert.equal(res.header('location'), '/adhesion/envoyee');
  const id = psql('SELECT id FROM person WHERE lower(email) = lower(:\'e\');', { e: fields.email });
  return { client, fields, id };
}

function fieldErrorsOf(html) {
  return errorIds(html).map((id) => `${id}: ${(new RegExp(`id="${id}">([^<]*)<`).exec(html) || [])[1]}`).join('; ');
}

// A verification token made here and stored (as its BLAKE2b-256 hash, as session.c does) for
// the person with address EMAIL: lets tests that are not about mail activate an account
// without waiting for one.
function plantToken(email, purpose = 'verify') {
  const token = crypto.randomBytes(32).toString('base64url');
  const hash = execFileSync('/usr/bin/python3', ['-c',
    'import hashlib,sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())', token],
  { encoding: 'utf8' }).trim();
  psql(`INSERT INTO auth_token (person_id, purpose, token_hash, expires_at)
        SELECT id, :'purpose', decode(:'hash', 'hex'), now() + interval '1 hour'
        FROM person WHERE lower(email) = lower(:'email');`, { purpose, hash, email });
  return token;
}

// An active member, logged in: {client, fields, id, password}.
async function member(extra = {}) {
  const s = await signUp(extra);
  const token = plantToken(s.fields.email);
  const page = await s.client.get(`/adhesion/confirmer?jeton=${token}`);
  assert.equal(page.status, 200);
  const res = await s.client.post('/adhesion/confirmer', { jeton: token, mot_de_passe: GOOD_PASSWORD, confirmation: GOOD_PASSWORD });
  assert.equal(res.status, 303, `activation answered ${res.status}`);
  assert.ok(s.client.jar.has('session'), 'activation opens a session');
  return { ...s, password: GOOD_PASSWORD };
}

// Logs in as EMAIL with a fresh client; returns {client, res}.
async function logIn(email, password, { client, retour } = {}) {
  const c = client || await Client.opened('/connexion');
  const fields = { email, mot_de_passe: password };
  if (retour !== undefined) fields.retour = retour;
  const res = await c.post('/connexion', fields);
  return { client: c, res };
}

async function expectLoggedOut(client, what) {
  const res = await client.get('/compte');
  assert.equal(res.status, 303, `${what}: GET /compte answers ${res.status}`);
  assert.equal(res.header('location'), '/connexion?retour=%2Fcompte', what);
}

// ---- the journey -----------------------------------------------------------------------------

test('journey: form with prices from the database → signup → mail → password → portal', async () => {
  const client = new Client();
  const form = await client.get('/adhesion');
  assert.equal(form.status, 200);
  assert.match(form.header('cache-control') || '', /no-store/, 'a form page with a csrf token is never cached');

  // Prices come from the price table, formatted in French.
  const prices = psqlRows(`SELECT code, label, unit, coalesce(member_cents, non_member_cents) AS cents
                             FROM price WHERE active AND space_id = 1 AND category IN ('coworking', 'bureau')`);
  assert.ok(prices.length >= 4, 'the demo data offers the four formulas');
  for (const p of prices) {
    const shown = `<strong>${escapeHtml(p.label)}</strong> — ${euros(p.cents)} ${escapeHtml(p.unit)}`;
    assert.ok(form.text.includes(`value="${p.code}"`), `formula ${p.code} is offered`);
    assert.ok(form.text.includes(shown), `formula ${p.code} shows "${shown}"`);
  }
  const fee = psqlRows(`SELECT label, coalesce(member_cents, non_member_cents) AS cents FROM price
                         WHERE code = (SELECT value FROM app_setting WHERE key = 'membership_price_code')`)[0];
  assert.ok(form.text.includes(`${escapeHtml(fee.label)} : <strong>${euros(fee.cents)}</strong> par an`),
    'the membership fee comes from the database');
  // A price changed in the database shows at once (no price lives in the template).
  const carnet = prices.find((p) => p.code === 'carnet_10');
  psql('UPDATE price SET member_cents = member_cents + 123456 WHERE code = \'carnet_10\';');
  try {
    const again = await client.get('/adhesion');
    assert.ok(again.text.includes(euros(Number(carnet.cents) + 123456)), 'the new carnet price is shown');
  } finally {
    psql('UPDATE price SET member_cents = member_cents - 123456 WHERE code = \'carnet_10\';');
  }

  const before = personCount();
  const fields = joinFields({ newsletter: '1' });
  const res = await client.post('/adhesion', fields);
  assert.equal(res.status, 303, fieldErrorsOf(res.text));
  assert.equal(res.header('location'), '/adhesion/envoyee');
  const sent = await client.get('/adhesion/envoyee');
  assert.equal(sent.status, 200);
  assert.match(sent.text, /Vérifiez votre boîte e-mail/);
  assert.equal(personCount(), before + 1, 'one person more');

  // What the database holds.
  const [p] = psqlRows(`SELECT id, email, first_name, last_name, phone, profile, status, role, newsletter,
                               newsletter_at IS NOT NULL AS newsletter_dated, password_hash
                          FROM person WHERE email = :'e'`, { e: fields.email });
  assert.deepEqual({ ...p, id: undefined }, {
    id: undefined, email: fields.email, first_name: 'Mathilde', last_name: fields.nom, phone: fields.telephone,
    profile: 'independant', status: 'pending', role: 'member', newsletter: true, newsletter_dated: true,
    password_hash: null,
  });
  const memberships = psqlRows('SELECT status, fee_cents, starts_on = current_date AS today FROM membership WHERE person_id = :id', { id: p.id });
  assert.deepEqual(memberships, [{ status: 'pending', fee_cents: Number(fee.cents), today: true }]);
  const formulas = psqlRows('SELECT price_code, halfdays_total, halfdays_used, status, unit_cents FROM person_formula WHERE person_id = :id', { id: p.id });
  assert.deepEqual(formulas, [{ price_code: 'carnet_10', halfdays_total: 10, halfdays_used: 0, status: 'requested', unit_cents: Number(carnet.cents) }]);
  assert.equal(count('auth_token', `person_id = ${Number(p.id)} AND purpose = 'verify' AND used_at IS NULL AND expires_at BETWEEN now() + interval '47 hours' AND now() + interval '49 hours'`), 1,
    'one verification token, valid 48 hours');
  const outbox = psqlRows('SELECT to_addr, reply_to FROM outbox WHERE to_addr = :\'e\' OR reply_to = :\'e\' ORDER BY id', { e: fields.email });
  assert.equal(outbox.length, 2, `two outbox rows (person + staff): ${JSON.stringify(outbox)}`);
  assert.equal(outbox[0].to_addr, fields.email);
  assert.equal(outbox[1].reply_to, fields.email, 'the staff mail answers to the new member');
  assert.notEqual(outbox[1].to_addr, fields.email);

  // The mail arrives; its link leads to the password form.
  const mail = await waitMail(fields.email, 'Confirmez votre adhésion');
  assert.match(mail.text, /Bonjour Mathilde,/);
  const link = mailLink(mail, '/adhesion/confirmer');
  const token = new URL(link, 'http://x').searchParams.get('jeton');
  const pw = await client.get(link);
  assert.equal(pw.status, 200);
  assert.match(pw.text, /<h1>Choisissez votre mot de passe<\/h1>/);
  assert.equal(hidden(pw.text, 'jeton'), token);

  // Weak passwords are refused with a French message; the token stays usable.
  for (const [bad, message] of [
    ['azertyuiop', 'Ce mot de passe fait partie des plus courants : choisissez-en un autre.'],
    ['short', 'Le mot de passe doit compter au moins 10 caractères.'],
    ['', 'Ce champ est obligatoire.'],
  ]) {
    const r = await client.post('/adhesion/confirmer', { jeton: token, mot_de_passe: bad, confirmation: bad });
    assert.equal(r.status, 422, `password "${bad}"`);
    assert.equal((/id="mot_de_passe-erreur">([^<]*)</.exec(r.text) || [])[1], escapeHtml(message), `password "${bad}"`);
    assert.ok(!client.jar.has('session'), 'no session for a refused password');
  }
  const mismatch = await client.post('/adhesion/confirmer', { jeton: token, mot_de_passe: GOOD_PASSWORD, confirmation: `${GOOD_PASSWORD}!` });
  assert.equal(mismatch.status, 422);
  assert.match(mismatch.text, /Les deux mots de passe ne sont pas identiques\./);
  assert.equal(psql('SELECT status FROM person WHERE id = :id;', { id: p.id }), 'pending');

  const ok = await client.post('/adhesion/confirmer', { jeton: token, mot_de_passe: GOOD_PASSWORD, confirmation: GOOD_PASSWORD });
  assert.equal(ok.status, 303);
  assert.equal(ok.header('location'), '/compte?bienvenue=1');
  const cookie = (ok.all['set-cookie'] || []).find((c) => c.startsWith('session='));
  assert.ok(cookie, 'a session cookie');
  assert.match(cookie, /^session=[A-Za-z0-9_-]{43};/, '256-bit token');
  for (const attr of [/;\s*HttpOnly(;|$)/i, /;\s*SameSite=Lax(;|$)/i, /;\s*Path=\/(;|$)/i]) assert.match(cookie, attr);
  const [acct] = psqlRows('SELECT status, password_hash LIKE \'$argon2id$%\' AS argon2id, email_verified_at IS NOT NULL AS verified FROM person WHERE id = :id', { id: p.id });
  assert.deepEqual(acct, { status: 'active', argon2id: true, verified: true });
  const sessionToken = cookie.slice('session='.length, cookie.indexOf(';'));
  assert.equal(count('session', `person_id = ${Number(p.id)}`), 1);
  assert.equal(count('session', 'token_hash = convert_to(:\'t\', \'UTF8\')', { t: sessionToken }), 0, 'only a hash of the session token is stored');

  const portal = await client.get('/compte?bienvenue=1');
  assert.equal(portal.status, 200);
  assert.match(portal.text, /<h1>Mon espace membre<\/h1>/);
  assert.match(portal.text, /Bienvenue Mathilde !/);
  assert.match(portal.text, /<dt>Statut<\/dt><dd>en attente du règlement de la cotisation<\/dd>/);
  assert.ok(portal.text.includes(`<dt>Cotisation</dt><dd>${euros(fee.cents)}</dd>`));
  assert.match(portal.text, /<dt>Formule<\/dt><dd>Carnet de 10 demi-journées<\/dd>/);
  // A carnet requested at signup is not active until staff activate it (issue 19).
  assert.match(portal.text, /pas encore actif : 10 demi-journées dès sa validation par l’équipe/);
  assert.ok(portal.text.includes(escapeHtml(fields.email)));
  assert.match(portal.header('cache-control') || '', /no-store/, 'the portal is never cached');

  // The link is single-use.
  for (const r of [await client.get(link),
    await client.post('/adhesion/confirmer', { jeton: token, mot_de_passe: OTHER_PASSWORD, confirmation: OTHER_PASSWORD })]) {
    assert.equal(r.status, 410);
    assert.match(r.text, /<h1>Lien expiré<\/h1>/);
  }
  // Malformed and unknown tokens.
  for (const bad of ['', 'abc', `${token}x`, token.slice(0, 42) + '!', '%3Cscript%3E', crypto.randomBytes(32).toString('base64url')]) {
    const r = await client.get(`/adhesion/confirmer?jeton=${bad}`);
    assert.equal(r.status, 410, `token "${bad}"`);
    assert.match(r.text, /Lien expiré/);
    assert.doesNotMatch(r.text, /<script>/);
  }
  const none = await client.get('/adhesion/confirmer');
  assert.equal(none.status, 410);
});

test('an expired verification link is refused (410) and activates nothing', async () => {
  const { client, fields, id } = await signUp({ formule: 'half_day' });
  const mail = await waitMail(fields.email, 'Confirmez votre adhésion');
  const link = mailLink(mail, '/adhesion/confirmer');
  assert.equal((await client.get(link)).status, 200, 'alive before it expires');
  psql('UPDATE auth_token SET expires_at = now() - interval \'1 second\' WHERE person_id = :id AND purpose = \'verify\';', { id });
  const page = await client.get(link);
  assert.equal(page.status, 410);
  assert.match(page.text, /Lien expiré/);
  const token = new URL(link, 'http://x').searchParams.get('jeton');
  const post = await client.post('/adhesion/confirmer', { jeton: token, mot_de_passe: GOOD_PASSWORD, confirmation: GOOD_PASSWORD });
  assert.equal(post.status, 410);
  assert.ok(!client.jar.has('session'));
  assert.equal(psql('SELECT status || \'/\' || (password_hash IS NULL) FROM person WHERE id = :id;', { id }), 'pending/true');
});

// ---- validation -------------------------------------------------------------------------------

test('validation: each invalid field comes back with its French message, values escaped, nothing saved', async () => {
  const client = await Client.opened();
  const cases = [
    ['missing first name', { prenom: '' }, { prenom: 'Ce champ est obligatoire.' }],
    ['missing last name', { nom: '   ' }, { nom: 'Ce champ est obligatoire.' }],
    ['bad email', { email: 'mathilde.laborde@' }, { email: 'Cette adresse e-mail n’est pas valide (exemple : nom@domaine.fr).' }],
    ['phone with letters', { telephone: '05 53 AB CD 34' }, { telephone: 'Ce numéro de téléphone n’est pas valide (exemple : 05 53 00 00 00).' }],
    ['SIRET of the wrong length', { siret: '1234567890123' }, { siret: 'Le SIRET compte 14 chiffres.' }],
    ['postcode of 4 digits', { code_postal: '4700' }, { code_postal: 'Le code postal compte 5 chiffres.' }],
    ['SIREN failing Luhn', { profil: 'organisation', entreprise: 'Atelier Garonne', siren: '123456789', adresse: '12 rue Montesquieu', code_postal: '47000', ville: 'Agen' },
      { siren: 'Ce SIREN n’est pas valide : vérifiez les chiffres (clé de contrôle).' }],
    ['organisation without its details', { profil: 'organisation' }, Object.fromEntries(
      ['entreprise', 'siren', 'adresse', 'code_postal', 'ville'].map((f) => [f, 'Ce champ est obligatoire pour une entreprise ou une organisation.']))],
    ['boxes left unticked', { adhesion: undefined, statuts: undefined, confidentialite: undefined },
      { adhesion: 'Cette case doit être cochée.', statuts: 'Cette case doit être cochée.', confidentialite: 'Cette case doit être cochée.' }],
    ['no profile, unknown formula', { profil: undefined, formule: 'gratuit' },
      { profil: 'Ce champ est obligatoire.', formule: 'Choisissez une des options proposées.' }],
    ['control characters', { prenom: 'Ma\u0007thilde', activite: 'a\u001bb' },
      { prenom: 'Ce champ contient des caractères non autorisés.', activite: 'Ce champ contient des caractères non autorisés.' }],
    ['10 kB name', { nom: 'L'.repeat(10240) }, { nom: 'Ce champ ne doit pas dépasser 80 caractères.' }],
  ];
  const before = personCount();
  for (const [what, change, expected] of cases) {
    const fields = joinFields({ prenom: '<script>alert("x")</script>' });
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined) delete fields[k];
      else fields[k] = v;
    }
    if (!('prenom' in expected)) fields.prenom = change.prenom ?? '<script>alert("x")</script>';
    const res = await client.post('/adhesion', fields);
    assert.equal(res.status, 422, `${what}: status`);
    const want = Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, escapeHtml(v)]));
    const got = Object.fromEntries(Object.keys(expected).map((k) => [k, fieldError(res.text, k)]));
    assert.deepEqual(got, want, `${what}: messages beside the fields`);
    assert.equal(errorIds(res.text).length, Object.keys(expected).length, `${what}: only those fields are marked (${errorIds(res.text)})`);
    assert.match(res.text, new RegExp(`Le formulaire contient ${Object.keys(expected).length}\\serreur`), `${what}: summary`);
    // Values come back, escaped; markup is never reflected.
    if (!('prenom' in expected)) {
      assert.equal(inputValue(res.text, 'prenom'), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;', `${what}: first name redisplayed escaped`);
    }
    if (!('email' in expected)) assert.equal(inputValue(res.text, 'email'), escapeHtml(fields.email), `${what}: email redisplayed`);
    assert.doesNotMatch(res.text, /<script>alert/, `${what}: no markup reflected`);
    if (fields.formule === 'carnet_10') assert.match(res.text, /value="carnet_10" checked/, `${what}: the formula stays chosen`);
    assert.equal(personCount(), before, `${what}: nothing saved`);
  }
  assert.equal(count('outbox', 'subject LIKE \'Nouvelle adhésion : %script%\''), 0, 'no mail queued');
});

test('hostile values: SQL fragments and markup stored verbatim, invalid UTF-8 refused (400)', async () => {
  // Markup and SQL fragments are ordinary text: stored as typed, shown escaped.
  const sqlName = 'O\'Brien\'); DROP TABLE person; --';
  const markup = '<img src=x onerror=alert(1)>&amp;';
  const m = await member({ nom: sqlName, activite: markup, prenom: 'Zoé "Zaza"' });
  const [row] = psqlRows('SELECT last_name, activity, first_name FROM person WHERE id = :id', { id: m.id });
  assert.deepEqual(row, { last_name: sqlName, activity: markup, first_name: 'Zoé "Zaza"' });
  assert.ok(Number(psql('SELECT count(*) FROM person;')) > 0, 'the person table is still there');
  const portal = await m.client.get('/compte');
  assert.equal(portal.status, 200);
  assert.ok(portal.text.includes(escapeHtml(`Zoé "Zaza" ${sqlName}`)), 'the name is shown escaped');
  assert.doesNotMatch(portal.text, /<img src=x/);
  const profile = await m.client.get('/compte/profil');
  assert.equal(inputValue(profile.text, 'activite'), escapeHtml(markup));
  const staff = psql('SELECT body_text FROM outbox WHERE reply_to = :\'e\';', { e: m.fields.email });
  assert.ok(staff.includes(sqlName), 'the staff mail carries the name as typed');

  // Invalid UTF-8 (an overlong "<", a lone continuation byte, a truncated sequence).
  const client = await Client.opened();
  const before = personCount();
  for (const bad of ['%C0%BC', '%80', '%E2%82', '%FF%FE']) {
    const fields = joinFields();
    const body = `${formBody({ csrf: client.csrf, ...fields }).replace(/&prenom=[^&]*/, `&prenom=Ma${bad}thilde`)}`;
    const res = await client.post('/adhesion', {}, { rawBody: body });
    assert.equal(res.status, 400, `invalid UTF-8 ${bad}`);
    assert.doesNotMatch(res.text, /\uFFFD|<script/);
  }
  assert.equal(personCount(), before, 'nothing saved');
});

// ---- duplicates ---------------------------------------------------------------------------------

test('the same address twice, in another case: the same answer as a new address, one account', async () => {
  const { fields } = await signUp();
  const client = await Client.opened();
  const upper = fields.email.replace(/^[a-z]+/, (s) => s.toUpperCase()).replace('@exemple.fr', '@EXEMPLE.FR');
  const res = await client.post('/adhesion', joinFields({ email: upper }));
  assert.equal(res.status, 303, 'no 409 telling that the address has an account');
  assert.equal(res.header('location'), '/adhesion/envoyee');
  assert.equal(count('person', 'lower(email) = lower(:\'e\')', { e: fields.email }), 1);
});

test('10 signups with the same address at the same instant → one account, ten identical answers', async () => {
  const email = `simultane.${tag()}@exemple.fr`;
  const clients = await Promise.all(Array.from({ length: 10 }, () => Client.opened()));
  const results = await Promise.all(clients.map((c, i) => c.post('/adhesion',
    joinFields({ email: i % 2 ? email.toUpperCase() : email, prenom: `Essai${i}` }))));
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, Array(10).fill(303), `statuses: ${statuses}`);
  assert.equal(count('person', 'lower(email) = lower(:\'e\')', { e: email }), 1, 'one person row');
  const id = psql('SELECT id FROM person WHERE lower(email) = lower(:\'e\');', { e: email });
  assert.equal(count('membership', `person_id = ${Number(id)}`), 1);
  assert.equal(count('person_formula', `person_id = ${Number(id)}`), 1);
  // The pending account's confirmation mail, not repeated within 10 minutes.
  assert.equal(count('outbox', 'lower(to_addr) = lower(:\'e\')', { e: email }), 1, 'one verification mail');
});

// ---- CSRF ---------------------------------------------------------------------------------------

test('CSRF: POSTs without a token, or with the token of another cookie → 403', async () => {
  const m = await member();
  const stranger = await Client.opened('/connexion');
  const cases = [
    ['/adhesion', joinFields()],
    ['/connexion', { email: m.fields.email, mot_de_passe: m.password }],
    ['/compte/profil', { prenom: 'Pirate', nom: 'Pirate', telephone: '0553000000' }],
    ['/compte/newsletter', { newsletter: '1' }],
    ['/compte/deconnexion-partout', {}],
  ];
  const before = personCount();
  for (const [p, fields] of cases) {
    const none = await m.client.post(p, fields, { csrf: null });
    assert.equal(none.status, 403, `${p} without a token`);
    const other = await m.client.post(p, fields, { csrf: stranger.csrf });
    assert.equal(other.status, 403, `${p} with another cookie's token`);
    const empty = await m.client.post(p, fields, { csrf: '' });
    assert.equal(empty.status, 403, `${p} with an empty token`);
    // The right token with no csrf cookie at all (a cross-site form).
    const noCookie = await m.client.post(p, fields, { cookie: `session=${m.client.jar.get('session')}` });
    assert.equal(noCookie.status, 403, `${p} without the csrf cookie`);
  }
  assert.equal(personCount(), before, 'no signup went through');
  assert.equal(psql('SELECT first_name FROM person WHERE id = :id;', { id: m.id }), 'Mathilde', 'the profile is unchanged');
  assert.equal((await m.client.get('/compte')).status, 200, 'the session still works');
});

// ---- login ---------------------------------------------------------------------------------------

test('login: one answer for a wrong password and an unknown address; local return only', async () => {
  const m = await member();
  const wrong = await logIn(m.fields.email, 'Pas le bon mot de passe');
  const unknown = await logIn(`personne.${tag()}@exemple.fr`, 'Pas le bon mot de passe');
  for (const { res } of [wrong, unknown]) {
    assert.equal(res.status, 422);
    assert.equal(fieldError(res.text, 'mot_de_passe'), 'Adresse e-mail ou mot de passe incorrect.');
    assert.ok(!(res.all['set-cookie'] || []).some((c) => c.startsWith('session=')), 'no session');
  }
  // Two browsers: only their csrf tokens and the address typed may differ.
  const strip = (html) => mainText(html).replace(/name="csrf" value="[^"]*"/, '').replace(/value="[^"]*@exemple\.fr"/, '');
  assert.equal(strip(wrong.res.text), strip(unknown.res.text), 'the same page either way (no enumeration)');

  for (const [retour, location] of [
    [undefined, '/compte'], ['/compte/profil', '/compte/profil'], ['/compte?x=1', '/compte?x=1'],
    ['//evil.example', '/compte'], ['https://evil.example', '/compte'], ['/\\evil.example', '/compte'],
    ['javascript:alert(1)', '/compte'], ['evil.example', '/compte'],
  ]) {
    const { res, client } = await logIn(m.fields.email.toUpperCase(), m.password, { retour });
    assert.equal(res.status, 303, `retour=${retour}`);
    assert.equal(res.header('location'), location, `retour=${retour}`);
    const cookie = (res.all['set-cookie'] || []).find((c) => c.startsWith('session='));
    assert.match(cookie || '', /HttpOnly/);
    assert.equal((await client.get('/compte')).status, 200, 'logged in');
  }

  // The login form keeps a local "retour" and drops a foreign one.
  const form = await new Client().get('/connexion?retour=%2F%2Fevil.example');
  assert.equal(hidden(form.text, 'retour'), '/compte');
  const local = await new Client().get('/connexion?retour=%2Fcompte%2Fprofil');
  assert.equal(hidden(local.text, 'retour'), '/compte/profil');
});

test('throttling: after 5 failures from one address, that address waits (429), others log in', async () => {
  const m = await member();
  const attacker = await Client.opened('/connexion');
  for (let i = 0; i < 5; i++) {
    const r = await attacker.post('/connexion', { email: m.fields.email, mot_de_passe: `mauvais mot de passe ${i}` });
    assert.equal(r.status, 422, `failure ${i + 1}`);
  }
  const res = await attacker.post('/connexion', { email: m.fields.email, mot_de_passe: m.password });
  assert.equal(res.status, 429);
  assert.match(res.text, /Trop de tentatives de connexion échouées pour ce compte depuis cette adresse\. Réessayez dans 1 minute/);
  assert.ok(!(res.all['set-cookie'] || []).some((c) => c.startsWith('session=')), 'no session');
  assert.equal((await logIn(m.fields.email, m.password)).res.status, 303, 'another address logs in');
  // The delay passes (the attempts are moved back 2 minutes): the right password works again.
  psql('UPDATE login_attempt SET at = at - interval \'2 minutes\' WHERE email_lower = lower(:\'e\');', { e: m.fields.email });
  assert.equal((await attacker.post('/connexion', { email: m.fields.email, mot_de_passe: m.password })).status, 303);
});

test('throttling: 20 failures for other accounts from one address do not hold back a good account', async () => {
  const m = await member();
  const attacker = await Client.opened('/connexion');
  for (let i = 0; i < 20; i++) {
    const r = await attacker.post('/connexion', { email: `inconnu${i}.${tag()}@exemple.fr`, mot_de_passe: 'devine-moi-si-tu-peux' });
    assert.equal(r.status, 422, `failure ${i + 1}`);
  }
  const ok = await attacker.post('/connexion', { email: m.fields.email, mot_de_passe: m.password });
  assert.equal(ok.status, 303, 'a shared address (a coworking’s Wi-Fi) still logs its members in');
});

test('sessions: GET /compte needs one; logout ends it; "everywhere" ends the others; idle or expired sessions end', async () => {
  await expectLoggedOut(new Client(), 'no cookie');
  await expectLoggedOut(Object.assign(new Client(), { jar: new Map([['session', crypto.randomBytes(32).toString('base64url')]]) }), 'an unknown session token');
  const anonymousPost = await (await Client.opened('/connexion')).post('/compte/profil', { prenom: 'X', nom: 'Y', telephone: '0553000000' });
  assert.equal(anonymousPost.status, 403, 'a POST to the portal without a session');

  const m = await member();
  // Logout.
  const old = m.client.jar.get('session');
  const out = await m.client.post('/deconnexion', {});
  assert.equal(out.status, 303);
  assert.equal(out.header('location'), '/');
  assert.match((out.all['set-cookie'] || []).find((c) => c.startsWith('session=')) || '', /^session=;.*Max-Age=0/);
  m.client.jar.set('session', old); // a stolen copy of the old cookie
  await expectLoggedOut(m.client, 'after logout');
  assert.equal(count('session', `person_id = ${Number(m.id)}`), 0);

  // Log out everywhere, from one of two sessions.
  const a = (await logIn(m.fields.email, m.password)).client;
  const b = (await logIn(m.fields.email, m.password)).client;
  const other = await member();
  assert.equal((await a.get('/compte')).status, 200);
  assert.equal((await b.get('/compte')).status, 200);
  const all = await a.post('/compte/deconnexion-partout', {});
  assert.equal(all.status, 303);
  assert.equal(all.header('location'), '/connexion?partout=1');
  await expectLoggedOut(b, 'the second session after "log out everywhere"');
  await expectLoggedOut(a, 'the session that asked');
  const notice = await a.get('/connexion?partout=1');
  assert.match(notice.text, /Vous avez été déconnecté de tous vos appareils\./);
  assert.equal((await other.client.get('/compte')).status, 200, 'another member stays logged in');

  // Idle for more than 48 hours.
  const idle = (await logIn(m.fields.email, m.password)).client;
  assert.equal((await idle.get('/compte')).status, 200);
  psql('UPDATE session SET last_seen_at = now() - interval \'48 hours 1 minute\' WHERE person_id = :id;', { id: m.id });
  await expectLoggedOut(idle, 'idle 48 h');
  // Idle for less is fine.
  const recent = (await logIn(m.fields.email, m.password)).client;
  psql('UPDATE session SET last_seen_at = now() - interval \'47 hours\' WHERE person_id = :id AND last_seen_at > now() - interval \'1 hour\';', { id: m.id });
  assert.equal((await recent.get('/compte')).status, 200, 'idle 47 h is still alive');
  assert.equal(psql('SELECT count(*) FROM session WHERE person_id = :id AND last_seen_at > now() - interval \'1 minute\';', { id: m.id }), '1',
    'the page noted that the session was seen');
  // Past its expiry.
  psql('UPDATE session SET expires_at = now() - interval \'1 second\' WHERE person_id = :id;', { id: m.id });
  await expectLoggedOut(recent, 'expired');
});

// ---- password reset -------------------------------------------------------------------------------

test('password reset: same answer for any address, mail only to the account, single-use link, sessions ended', async () => {
  const m = await member();
  const second = (await logIn(m.fields.email, m.password)).client;
  const unknown = `inconnue.${tag()}@exemple.fr`;
  const client = await Client.opened('/mot-de-passe-oublie');
  const known = await client.post('/mot-de-passe-oublie', { email: m.fields.email });
  const stranger = await client.post('/mot-de-passe-oublie', { email: unknown });
  assert.equal(known.status, 200);
  assert.equal(stranger.status, known.status, 'same status');
  assert.equal(mainText(stranger.text), mainText(known.text), 'same text (no enumeration)');
  assert.match(known.text, /Si un compte existe avec cette adresse/);

  const mail = await waitMail(m.fields.email, 'Nouveau mot de passe');
  assert.equal(count('outbox', 'lower(to_addr) = lower(:\'e\')', { e: unknown }), 0, 'nothing queued for an unknown address');
  assert.equal(deliveredTo(unknown).length, 0, 'nothing delivered to an unknown address');
  assert.equal(count('auth_token', `person_id = ${Number(m.id)} AND purpose = 'reset' AND expires_at <= now() + interval '1 hour'`), 1, 'a reset token valid one hour');

  const link = mailLink(mail, '/mot-de-passe/nouveau');
  const token = new URL(link, 'http://x').searchParams.get('jeton');
  const page = await client.get(link);
  assert.equal(page.status, 200);
  assert.match(page.text, /Choisissez un nouveau mot de passe/);
  const weak = await client.post('/mot-de-passe/nouveau', { jeton: token, mot_de_passe: 'motdepasse', confirmation: 'motdepasse' });
  assert.equal(weak.status, 422);
  assert.match(weak.text, /fait partie des plus courants/);
  const done = await client.post('/mot-de-passe/nouveau', { jeton: token, mot_de_passe: OTHER_PASSWORD, confirmation: OTHER_PASSWORD });
  assert.equal(done.status, 303);
  assert.equal(done.header('location'), '/connexion?reinitialise=1');
  assert.match((await client.get('/connexion?reinitialise=1')).text, /Votre mot de passe a été changé/);

  // Every earlier session is over.
  assert.equal(count('session', `person_id = ${Number(m.id)}`), 0);
  await expectLoggedOut(m.client, 'the first session after the reset');
  await expectLoggedOut(second, 'the second session after the reset');
  // Old password refused, new one accepted.
  assert.equal((await logIn(m.fields.email, m.password)).res.status, 422, 'the old password');
  assert.equal((await logIn(m.fields.email, OTHER_PASSWORD)).res.status, 303, 'the new password');
  // The link is single-use.
  assert.equal((await client.get(link)).status, 410);
  const again = await client.post('/mot-de-passe/nouveau', { jeton: token, mot_de_passe: GOOD_PASSWORD, confirmation: GOOD_PASSWORD });
  assert.equal(again.status, 410);
  assert.match(again.text, /Lien expiré/);
  assert.equal((await logIn(m.fields.email, GOOD_PASSWORD)).res.status, 422, 'the reused link changed nothing');
  // A verification token is not a reset token.
  const verify = plantToken(m.fields.email, 'verify');
  assert.equal((await client.get(`/mot-de-passe/nouveau?jeton=${verify}`)).status, 410);
});

// ---- the member portal -------------------------------------------------------------------------------

test('portal: profile edit (valid, invalid SIREN, role not writable)', async () => {
  const m = await member();
  const form = await m.client.get('/compte/profil');
  assert.equal(form.status, 200);
  assert.equal(inputValue(form.text, 'prenom'), 'Mathilde');
  const edit = {
    prenom: 'Mathilde', nom: 'Laborde-Sénac', telephone: '06 12 34 56 78', activite: 'Illustratrice',
    siret: '73282932000074', entreprise: '', siren: '', adresse: '', code_postal: '', ville: '',
  };
  const bad = await m.client.post('/compte/profil', { ...edit, siren: '123456789' });
  assert.equal(bad.status, 422);
  assert.equal(fieldError(bad.text, 'siren'), escapeHtml('Ce SIREN n’est pas valide : vérifiez les chiffres (clé de contrôle).'));
  assert.equal(inputValue(bad.text, 'nom'), 'Laborde-Sénac', 'values redisplayed');
  assert.equal(psql('SELECT last_name FROM person WHERE id = :id;', { id: m.id }), m.fields.nom, 'nothing saved');

  const ok = await m.client.post('/compte/profil', { ...edit, role: 'admin', status: 'active', email: 'pirate@exemple.fr' });
  assert.equal(ok.status, 303);
  assert.equal(ok.header('location'), '/compte?profil=1');
  const [row] = psqlRows('SELECT last_name, phone, activity, siret, role, email FROM person WHERE id = :id', { id: m.id });
  assert.deepEqual(row, { last_name: 'Laborde-Sénac', phone: '06 12 34 56 78', activity: 'Illustratrice', siret: '73282932000074', role: 'member', email: m.fields.email });
  const portal = await m.client.get('/compte?profil=1');
  assert.match(portal.text, /Vos informations ont été enregistrées\./);
  assert.match(portal.text, /Mathilde Laborde-Sénac/);
});

test('portal: an organisation must keep its billing details', async () => {
  const m = await member({ profil: 'organisation', entreprise: 'Association Les Pruneaux', siren: '732829320', adresse: '3 place Wilson', code_postal: '47000', ville: 'Agen' });
  const res = await m.client.post('/compte/profil', { prenom: 'Mathilde', nom: 'Laborde', telephone: '0553471234', entreprise: 'Association Les Pruneaux', siren: '732829320', adresse: '', code_postal: '47000', ville: 'Agen' });
  assert.equal(res.status, 422);
  assert.equal(fieldError(res.text, 'adresse'), 'Ce champ est obligatoire pour une entreprise ou une organisation.');
  assert.equal(psql('SELECT billing_street FROM person WHERE id = :id;', { id: m.id }), '3 place Wilson');
});

test('portal: newsletter on and off is recorded with its date', async () => {
  const m = await member();
  await m.client.get('/compte');
  const on = await m.client.post('/compte/newsletter', { newsletter: '1' });
  assert.equal(on.status, 303);
  assert.equal(on.header('location'), '/compte?newsletter=1');
  assert.equal(psql('SELECT newsletter || \'/\' || (newsletter_at IS NOT NULL) FROM person WHERE id = :id;', { id: m.id }), 'true/true');
  assert.match((await m.client.get('/compte')).text, /Vous recevez la lettre d’information\./);
  const off = await m.client.post('/compte/newsletter', { newsletter: '0' });
  assert.equal(off.status, 303);
  assert.equal(psql('SELECT newsletter || \'/\' || (newsletter_at IS NULL) FROM person WHERE id = :id;', { id: m.id }), 'false/true');
  assert.equal((await m.client.post('/compte/newsletter', { newsletter: 'oui' })).status, 400);
  assert.equal(psql('SELECT newsletter FROM person WHERE id = :id;', { id: m.id }), 'f');
});

test('portal: my data as a JSON attachment', async () => {
  const m = await member();
  const res = await m.client.get('/compte/donnees.json');
  assert.equal(res.status, 200);
  assert.match(res.header('content-type'), /^application\/json/);
  assert.match(res.header('content-disposition') || '', /^attachment;\s*filename=/);
  const data = JSON.parse(res.text);
  assert.equal(data.personne.email, m.fields.email);
  assert.equal(data.personne.nom, m.fields.nom);
  assert.equal(data.adhesions.length, 1);
  assert.equal(data.adhesions[0].statut, 'pending');
  assert.equal(data.formules[0].formule, 'Carnet de 10 demi-journées', 'the formula by its label, not its code');
  assert.ok(Array.isArray(data.sessions) && data.sessions.length >= 1);
  assert.ok(!res.text.includes('argon2'), 'no password hash in the export');
  await expectLoggedOut(new Client(), 'export without a session');
  assert.equal((await new Client().get('/compte/donnees.json')).status, 303);
});

test('portal: closing the account needs the box ticked; staff are told once', async () => {
  const m = await member();
  await m.client.get('/compte');
  const subject = `Demande de fermeture de compte : Mathilde ${m.fields.nom}`;
  const no = await m.client.post('/compte/fermeture', {});
  assert.equal(no.status, 422);
  assert.match(no.text, /cochez la case de confirmation/);
  assert.equal(psql('SELECT status FROM person WHERE id = :id;', { id: m.id }), 'active');
  const yes = await m.client.post('/compte/fermeture', { confirmer: '1' });
  assert.equal(yes.status, 200);
  assert.match(yes.text, /Demande enregistrée/);
  assert.equal(psql('SELECT status || \'/\' || (close_requested_at IS NOT NULL) FROM person WHERE id = :id;', { id: m.id }), 'closing/true');
  assert.equal(count('outbox', 'subject = :\'s\' AND reply_to = :\'e\'', { s: subject, e: m.fields.email }), 1, 'one staff mail');
  const twice = await m.client.post('/compte/fermeture', { confirmer: '1' });
  assert.equal(twice.status, 200);
  assert.equal(count('outbox', 'subject = :\'s\'', { s: subject }), 1, 'still one staff mail');
  const portal = await m.client.get('/compte');
  assert.equal(portal.status, 200, 'a closing account can still log in');
  assert.match(portal.text, /La fermeture de votre compte est demandée/);
});

test('portal: email change is confirmed from the new address, by a button', async () => {
  const m = await member();
  const taken = await member();
  await m.client.get('/compte');
  const used = await m.client.post('/compte/email', { email: taken.fields.email.toUpperCase(), mot_de_passe: m.password });
  assert.equal(used.status, 409);
  assert.match(used.text, /Cette adresse est déjà utilisée par un autre compte\./);
  const invalid = await m.client.post('/compte/email', { email: 'pas-une-adresse', mot_de_passe: m.password });
  assert.equal(invalid.status, 422);

  const next = `mathilde.nouvelle.${tag()}@exemple.fr`;
  const res = await m.client.post('/compte/email', { email: next, mot_de_passe: m.password });
  assert.equal(res.status, 303);
  assert.equal(res.header('location'), '/compte?email=1');
  const mail = await waitMail(next, 'Confirmez votre nouvelle adresse');
  assert.equal(count('outbox', 'to_addr = :\'e\' AND subject LIKE \'Confirmez votre nouvelle%\'', { e: m.fields.email }), 0, 'not sent to the old address');
  await waitMail(m.fields.email, 'Changement d’adresse e-mail demandé');
  const link = mailLink(mail, '/compte/email/confirmer');
  const token = new URL(link, 'http://x').searchParams.get('jeton');

  // Opening the link (as a link checker would) changes nothing.
  const anon = new Client();
  const page = await anon.get(link);
  assert.equal(page.status, 200);
  assert.match(page.text, /<button type="submit" class="button">Confirmer<\/button>/);
  assert.equal(psql('SELECT email FROM person WHERE id = :id;', { id: m.id }), m.fields.email, 'GET changes nothing');
  const ok = await anon.post('/compte/email/confirmer', { jeton: token });
  assert.equal(ok.status, 200);
  assert.match(ok.text, /Votre nouvelle adresse e-mail est confirmée\./);
  assert.equal(psql('SELECT email FROM person WHERE id = :id;', { id: m.id }), next);
  assert.equal((await anon.post('/compte/email/confirmer', { jeton: token })).status, 410, 'single-use');
  // The new address logs in; the old one no longer does.
  assert.equal((await logIn(next, m.password)).res.status, 303);
  assert.equal((await logIn(m.fields.email, m.password)).res.status, 422);
});
