// hostile_forms.test.mjs: a table of hostile requests against every form and URL of the
// programs other than the public site (hostile.test.mjs covers site's pages and /contact):
// signup (/adhesion, /connexion, /mot-de-passe-oublie, /compte/profil logged in, the
// account's links), events (the registration form, hostile slugs and cancel links), feed
// (hostile .ics/.rss names), booking (/reservation field by field, /mes-reservations as the
// demo member, hostile rooms, weeks and manage links), admin (the event form as the demo
// staff, hostile event ids). Rows are generated from lists: each form field x each hostile
// value, each form x CSRF / content type / method / size, each URL x each hostile segment.
//
// Every row states what it expects, computed from the field's declared rule (the same rules
// as cgi/lib/fields.c: trimmed, bounded in characters, one line without control characters or
// multi-line text; strict kinds such as e-mail, dates, choices refuse every hostile value):
// 400 for bytes the request parser refuses (NUL, invalid UTF-8, bad escapes), 422 with the
// form back for a value the field refuses, or a legitimate success for acceptable text, then
// stored exactly as trimmed (multi-line text: as typed, with LF line ends). On every answer:
// never a 5xx, no injected header or cookie, no raw payload or <script> reflected, no tag with an event handler. After the table: every
// program still has the same workers, no log says "killed by signal", and each affected
// table holds exactly the rows the table accepted.
//
// Each row posts from its own loopback address (freshAddr): nginx limits POSTs per address
// and the login is throttled per address and per account (each row uses its own address).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  URL_BASE, PROGRAMS, request, raw, psql, psqlRows, count, hidden, freshAddr, formBody,
  masterPid, childrenOf, alive, logSize, logSince, tagsWithHandlers, poll,
} from './lib.mjs';

const host = new URL(URL_BASE).host;
const DEMO_MEMBER = 'membre@lafontaine-agen.example';
const DEMO_STAFF = 'equipe@lafontaine-agen.example';
const DEMO_PASSWORD = 'fontaine-demo-2026';
const ROOM = 'salle-de-conference';

// ---- a small browser: cookie jar, csrf token; a fresh source address per request -------------

class Client {
  constructor() {
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

  async get(p, { headers = {} } = {}) {
    const h = { ...headers };
    if (this.jar.size) h.Cookie = this.cookieHeader();
    return this.keep(await request({ method: 'GET', path: p, headers: h, localAddress: freshAddr() }));
  }

  // A POST of BODY (a string, sent as it is); the cookie jar unless opts.cookie says otherwise.
  async post(p, body, { contentType = 'application/x-www-form-urlencoded', headers = {}, cookie, method = 'POST' } = {}) {
    const h = { ...headers, 'Content-Length': Buffer.byteLength(body) };
    if (contentType) h['Content-Type'] = contentType;
    const c = cookie === undefined ? this.cookieHeader() : cookie;
    if (c) h.Cookie = c;
    return this.keep(await request({ method, path: p, headers: h, body, localAddress: freshAddr() }));
  }

  static async opened(p) {
    const c = new Client();
    const res = await c.get(p);
    assert.equal(res.status, 200, `GET ${p}`);
    assert.ok(c.csrf && c.jar.has('csrf'), `GET ${p} gives a csrf cookie and token`);
    return c;
  }

  // A client logged in through /connexion with a demo account.
  static async loggedIn(email) {
    const c = await Client.opened('/connexion');
    const res = await c.post('/connexion', formBody({ csrf: c.csrf, email, mot_de_passe: DEMO_PASSWORD }));
    assert.equal(res.status, 303, `login of ${email} answered ${res.status}`);
    assert.ok(c.jar.has('session'), `login of ${email} opens a session`);
    return c;
  }
}

// A member made in SQL with a live session (signup itself is tested in signup.test.mjs).
function plantedMember() {
  const tag = `hf${process.pid}x${Date.now().toString(36)}`;
  const token = crypto.randomBytes(32).toString('base64url');
  const hash = execFileSync('/usr/bin/python3', ['-c',
    'import hashlib,sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())', token],
  { encoding: 'utf8' }).trim();
  const id = Number(psql(`
    WITH p AS (INSERT INTO person (email, first_name, last_name, phone, profile, role, status, password_hash, email_verified_at)
               VALUES (:'email', 'Bérénice', :'tag', '05 53 00 00 09', 'independant', 'member', 'active', '$argon2id$test', now()) RETURNING id)
    INSERT INTO session (person_id, token_hash) SELECT id, decode(:'hash', 'hex') FROM p RETURNING person_id;`,
  { email: `${tag}@example.org`, tag, hash }).split('\n')[0]);
  return { id, token };
}

// ---- hostile values and the rules that judge them ---------------------------------------------

// A value is a string (sent URL-encoded as a browser would) or {enc} (sent as it is inside the
// urlencoded body: bad escapes, invalid UTF-8).
const HOSTILE = [
  { name: 'SQL quote OR', v: "' OR 1=1 --" },
  { name: 'SQL drop table', v: "'; DROP TABLE person; --" },
  { name: 'script tag', v: '<script>alert("xss")</script>' },
  { name: 'attribute breakout', v: '"><img src=x onerror=alert(1)>' },
  { name: 'template syntax', v: '{{TITLE}}{{%AUTOESCAPE context="NONE"}}' },
  { name: 'format string', v: '%s%s%n%x' },
  { name: 'overlong 10 kB', v: 'A'.repeat(10240) },
  { name: 'CR/LF header injection', v: 'ligne\r\nSet-Cookie: x=1\r\nX-Injected: 1' },
  { name: 'zero-width, bidi and emoji', v: 'ca\u200bfé \u202Egnp\u202C 😀' },
  { name: 'NUL byte', v: 'a\u0000b' },
  { name: 'raw %00', v: { enc: 'abc%00def' } },
  { name: 'invalid UTF-8 %C3%28', v: { enc: 'caf%C3%28' } },
  { name: 'invalid UTF-8 %FF', v: { enc: 'x%FFy' } },
  { name: 'encoded CR/LF', v: { enc: 'a%0d%0aSet-Cookie:x=1' } },
];

const trim = (s) => s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
const chars = (s) => [...s].length;
const hasControl = (s, multiline) =>
  /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u0080-\u009f]/.test(s) || (!multiline && /[\t\n\r]/.test(s));

function decodeBytes(enc) {
  const out = [];
  for (let i = 0; i < enc.length; i++) {
    if (enc[i] === '%') {
      out.push(parseInt(enc.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(...Buffer.from(enc[i]));
  }
  return Buffer.from(out);
}

// Field rules: line / text (bounded in characters) or strict (an e-mail, a date, a choice…:
// no hostile value is one).
const line = (min, max, required = false) => ({ kind: 'line', min, max, required });
const text = (max, required = false) => ({ kind: 'text', min: 0, max, required });
const strict = (required = false) => ({ kind: 'strict', required });

// What a form answers when FIELD (rule) holds VALUE and every other field is valid:
// {status: 400} (refused bytes), {status: 422} (refused value), or {ok: true, stored}.
function judge(rule, value) {
  if (typeof value === 'object') {
    const bytes = decodeBytes(value.enc);
    const txt = new TextDecoder('utf-8').decode(bytes);
    if (bytes.includes(0) || !Buffer.from(txt).equals(bytes)) return { status: 400 };
    return judge(rule, txt);
  }
  if (value.includes('\0')) return { status: 400 };
  const t = trim(value);
  if (!t) return rule.required ? { status: 422 } : { ok: true, stored: null };
  if (rule.kind === 'strict') return { status: 422 };
  if (rule.kind === 'text') {
    // Multi-line text is kept as typed, its line ends made LF (fields.c, issue 12).
    const lf = value.replace(/\r\n?/g, '\n');
    if (chars(lf) > rule.max || chars(t) < rule.min || hasControl(lf, true)) return { status: 422 };
    return { ok: true, stored: lf };
  }
  if (chars(t) > rule.max || chars(t) < rule.min || hasControl(t, rule.kind === 'text')) return { status: 422 };
  return { ok: true, stored: t };
}

// The urlencoded body of FIELDS with FIELD set to VALUE (a string or {enc}).
function bodyWith(fields, field, value) {
  const all = { ...fields };
  if (typeof value === 'object') {
    delete all[field];
    return `${formBody(all)}&${field}=${value.enc}`;
  }
  all[field] = value;
  return formBody(all);
}

// ---- checks on every answer --------------------------------------------------------------------

const stats = { rows: 0, byStatus: {}, bySection: {} };
const accepted = { person: 0, registration: 0, booking: 0, event: 0 };

function checkCommon(section, res, payloads = []) {
  stats.rows++;
  stats.byStatus[res.status] = (stats.byStatus[res.status] || 0) + 1;
  stats.bySection[section] = (stats.bySection[section] || 0) + 1;
  assert.ok(res.status < 500, `never a 5xx (got ${res.status})`);
  assert.equal(res.header('x-injected'), undefined, 'no injected header');
  for (const c of res.all['set-cookie'] || [])
    assert.match(c, /^(csrf|session)=/, `only the csrf and session cookies are ever set (got ${c})`);
  const type = res.header('content-type') || '';
  // iCalendar is plain text: a title holding "<script>" (stored by an earlier test, which is
  // allowed: it is escaped on every HTML page) is rightly written there as it is.
  if (/html|xml|json/.test(type)) {
    assert.ok(!/<script>alert/i.test(res.text), 'no raw <script>alert');
    if (/html/.test(type)) assert.deepEqual(tagsWithHandlers(res.text), [], 'no tag with an event handler');
    for (const p of payloads)
      if (typeof p === 'string' && /[<>"]/.test(p))
        assert.ok(!res.text.includes(p), `payload ${JSON.stringify(p.slice(0, 40))} not reflected raw`);
  }
}

function checkRefused(res, want) {
  assert.equal(res.status, want, `status ${res.status}, expected ${want}`);
  if (want === 422) {
    assert.equal(res.header('content-type'), 'text/html; charset=utf-8');
    assert.match(res.text, /<p class="error" id="[^"]+">|class="notice"|class="errors" role="alert"/, 'the form comes back with a message');
  }
}

// ---- state before and after ------------------------------------------------------------------------

const before = {};
let rowsBefore;
const createdEvents = [];
after(async () => {
  // The drafts the admin rows created (only drafts may be deleted).
  for (const id of createdEvents) psql(`DELETE FROM event WHERE id = ${Number(id)} AND status = 'draft'`);
  // The staff notices of the signups accepted with markup in a name ("Nouvelle adhésion :
  // <script>…"): signup.test.mjs checks that no such notice exists anywhere in the outbox.
  // Deleted once the mailer has dealt with them (up to a minute), never while in flight.
  const mine = `subject LIKE 'Nouvelle adhésion : %script%' AND body_text LIKE '%hostile.join.${process.pid.toString(36)}%'`;
  await poll(() => count('outbox', `${mine} AND status IN ('queued', 'sending')`) === 0, { every: 250, within: 60000 });
  psql(`DELETE FROM outbox WHERE ${mine} AND status IN ('sent', 'failed')`);
});

const tableCounts = () => ({
  person: count('person'), registration: count('registration'), booking: count('booking'), event: count('event'),
});

test('before the table: the programs run with their workers', () => {
  for (const program of PROGRAMS) {
    const master = masterPid(program);
    assert.ok(alive(master), `${program} runs`);
    const workers = childrenOf(master).sort();
    assert.ok(workers.length > 0, `${program} has workers`);
    before[program] = { master, workers, log: logSize(program) };
  }
  rowsBefore = tableCounts();
});

// ---- 1. /adhesion: each field x each hostile value ---------------------------------------------

const JOIN_RULES = {
  profil: strict(true), prenom: line(1, 80, true), nom: line(1, 80, true), email: strict(true),
  telephone: strict(true), activite: line(0, 200), siret: strict(), entreprise: line(1, 200), siren: strict(),
  adresse: line(1, 200), code_postal: strict(), ville: line(1, 100), formule: strict(true),
  adhesion: strict(true), statuts: strict(true), confidentialite: strict(true), newsletter: strict(),
};
const JOIN_COLUMN = { prenom: 'first_name', nom: 'last_name', activite: 'activity', entreprise: 'company_name',
  adresse: 'billing_street', ville: 'billing_city' };

let seq = 0;
const tag = () => `${process.pid.toString(36)}${Date.now().toString(36)}${(++seq).toString(36)}`;

function joinFields() {
  const t = tag();
  return {
    profil: 'independant', prenom: 'Mathilde', nom: `Laborde ${t}`, email: `hostile.join.${t}@exemple.fr`,
    telephone: '05 53 47 12 34', activite: 'Graphiste', formule: 'carnet_10', adhesion: '1', statuts: '1',
    confidentialite: '1',
  };
}

test('/adhesion: each field x each hostile value', async (t) => {
  const client = await Client.opened('/adhesion');
  for (const [field, rule] of Object.entries(JOIN_RULES)) {
    for (const h of HOSTILE) {
      const exp = judge(rule, h.v);
      await t.test(`${field} = ${h.name} -> ${exp.ok ? 303 : exp.status}`, async () => {
        const fields = joinFields();
        const res = await client.post('/adhesion', bodyWith({ csrf: client.csrf, ...fields }, field, h.v));
        checkCommon('adhesion', res, [h.v]);
        const email = field === 'email' ? null : fields.email;
        const rows = email ? psqlRows(`SELECT * FROM person WHERE email = :'e'`, { e: email })
          : psqlRows(`SELECT * FROM person WHERE last_name = :'n'`, { n: fields.nom });
        if (exp.ok) {
          assert.equal(res.status, 303, `accepted (got ${res.status})`);
          assert.equal(res.header('location'), '/adhesion/envoyee');
          assert.equal(rows.length, 1, 'saved once');
          if (JOIN_COLUMN[field]) assert.equal(rows[0][JOIN_COLUMN[field]], exp.stored, 'stored exactly (trimmed)');
          accepted.person++;
        } else {
          checkRefused(res, exp.status);
          assert.equal(rows.length, 0, 'nothing saved');
        }
      });
    }
  }
});

// ---- 2. /connexion and /mot-de-passe-oublie ---------------------------------------------------------

test('/connexion: each field x each hostile value (unknown accounts), and hostile return paths', async (t) => {
  const client = await Client.opened('/connexion');
  const rules = { email: strict(true), mot_de_passe: { kind: 'password' }, retour: line(0, 500) };
  for (const [field, rule] of Object.entries(rules)) {
    for (const h of HOSTILE) {
      // A password is kept as typed: the request parser's 400s, else the account is unknown: 422.
      const exp = rule.kind === 'password' ? (judge(line(0, 1e9), h.v).status === 400 ? 400 : 422)
        : (judge(rule, h.v).status || 422);
      await t.test(`${field} = ${h.name} -> ${exp}`, async () => {
        const fields = { csrf: client.csrf, email: `inconnu.${tag()}@exemple.fr`, mot_de_passe: 'pas le bon', retour: '/compte' };
        const res = await client.post('/connexion', bodyWith(fields, field, h.v));
        checkCommon('connexion', res, [h.v]);
        checkRefused(res, exp);
        assert.ok(!client.jar.has('session'), 'no session');
      });
    }
  }
  // The demo member logs in with a return path pointing elsewhere: always a local path.
  for (const [retour, location] of [['//evil.example/', '/compte'], ['https://evil.example/', '/compte'],
    ['/\\evil.example', '/compte'], ['javascript:alert(1)', '/compte'], ['/compte?x="><script>alert(1)</script>', null]]) {
    await t.test(`retour = ${retour} with the right password -> 303 to a local path`, async () => {
      const c = await Client.opened('/connexion');
      const res = await c.post('/connexion', formBody({ csrf: c.csrf, email: DEMO_MEMBER, mot_de_passe: DEMO_PASSWORD, retour }));
      checkCommon('connexion', res, [retour]);
      assert.equal(res.status, 303);
      const loc = res.header('location');
      if (location) assert.equal(loc, location);
      assert.ok(loc.startsWith('/') && !loc.startsWith('//') && !loc.startsWith('/\\'), `local redirect (got ${loc})`);
    });
  }
  // Known bug (reported, not fixed here): the login page copies any local return path into
  // its hidden field, but the POST refuses one over 500 characters, so the right password
  // gets a 422 with no field marked. Expected: the login succeeds (to /compte at worst).
  await t.test('retour of 600 characters from the login page, right password -> 303', async () => {
    const retour = `/compte?x=${'a'.repeat(600)}`;
    const c = await Client.opened(`/connexion?retour=${encodeURIComponent(retour)}`);
    const res = await c.post('/connexion', formBody({ csrf: c.csrf, email: DEMO_MEMBER, mot_de_passe: DEMO_PASSWORD, retour }));
    checkCommon('connexion', res, [retour]);
    assert.equal(res.status, 303);
  });
});

test('/mot-de-passe-oublie: the address x each hostile value', async (t) => {
  const client = await Client.opened('/mot-de-passe-oublie');
  const outbox = count('outbox');
  for (const h of HOSTILE) {
    const exp = judge(strict(true), h.v).status;
    await t.test(`email = ${h.name} -> ${exp}`, async () => {
      const res = await client.post('/mot-de-passe-oublie', bodyWith({ csrf: client.csrf }, 'email', h.v));
      checkCommon('mot-de-passe-oublie', res, [h.v]);
      checkRefused(res, exp);
    });
  }
  assert.equal(count('outbox'), outbox, 'no mail queued');
});

// ---- 3. /compte/profil, logged in ----------------------------------------------------------------------

test('/compte/profil (logged in): each field x each hostile value', async (t) => {
  const m = plantedMember();
  const client = new Client();
  client.jar.set('session', m.token);
  const page = await client.get('/compte/profil');
  assert.equal(page.status, 200, 'the profile form');
  const rules = { prenom: line(1, 80, true), nom: line(1, 80, true), telephone: strict(true), activite: line(0, 200),
    siret: strict(), entreprise: line(1, 200), adresse: line(1, 200), code_postal: strict(), ville: line(1, 100) };
  const column = { ...JOIN_COLUMN, telephone: 'phone', siret: 'siret', code_postal: 'billing_postcode' };
  const base = { prenom: 'Bérénice', nom: 'Testeuse', telephone: '05 53 00 00 09', activite: 'Traductrice' };
  for (const [field, rule] of Object.entries(rules)) {
    for (const h of HOSTILE) {
      const exp = judge(rule, h.v);
      await t.test(`${field} = ${h.name} -> ${exp.ok ? 303 : exp.status}`, async () => {
        const [beforeRow] = psqlRows(`SELECT * FROM person WHERE id = ${m.id}`);
        const res = await client.post('/compte/profil', bodyWith({ csrf: client.csrf, ...base }, field, h.v));
        checkCommon('compte/profil', res, [h.v]);
        const [row] = psqlRows(`SELECT * FROM person WHERE id = ${m.id}`);
        if (exp.ok) {
          assert.equal(res.status, 303, `accepted (got ${res.status})`);
          assert.equal(res.header('location'), '/compte?profil=1');
          assert.equal(row[column[field]], exp.stored, 'stored exactly (trimmed)');
        } else {
          checkRefused(res, exp.status);
          assert.deepEqual(row, beforeRow, 'the profile is unchanged');
        }
      });
    }
  }
});

// ---- 4. the event registration form ----------------------------------------------------------------

test('event registration: each field x each hostile value', async (t) => {
  const [ev] = psqlRows(`SELECT id, slug FROM event WHERE space_id = 1 AND status = 'published' AND capacity IS NULL AND starts_at > now()
                         ORDER BY starts_at LIMIT 1`);
  assert.ok(ev, 'an upcoming published event without a seat limit in the demo data');
  const client = await Client.opened(`/evenements/${ev.slug}`);
  const rules = { nom: line(1, 120, true), email: strict(true) };
  for (const [field, rule] of Object.entries(rules)) {
    for (const h of HOSTILE) {
      const exp = judge(rule, h.v);
      await t.test(`${field} = ${h.name} -> ${exp.ok ? 303 : exp.status}`, async () => {
        const t2 = tag();
        const fields = { csrf: client.csrf, nom: `Inscrit ${t2}`, email: `hostile.reg.${t2}@exemple.fr` };
        const res = await client.post(`/evenements/${ev.slug}/inscription`, bodyWith(fields, field, h.v));
        checkCommon('evenements', res, [h.v]);
        const rows = psqlRows(`SELECT * FROM registration WHERE event_id = ${ev.id} AND ${field === 'email' ? 'name = :\'k\'' : 'email = :\'k\''}`,
          { k: field === 'email' ? fields.nom : fields.email });
        if (exp.ok) {
          assert.equal(res.status, 303, `accepted (got ${res.status})`);
          assert.equal(res.header('location'), `/evenements/${ev.slug}/inscription?statut=confirmee`);
          assert.equal(rows.length, 1, 'saved once');
          assert.equal(rows[0].name, exp.stored, 'stored exactly (trimmed)');
          accepted.registration++;
        } else {
          checkRefused(res, exp.status);
          assert.equal(rows.length, 0, 'nothing saved');
        }
      });
    }
  }
});

// ---- 5. /reservation: each field x each hostile value ------------------------------------------------

const usedDays = new Set();
// An open weekday 60+ days ahead with no live booking (random: repeated runs do not collide).
function freeDay() {
  for (let tries = 0; tries < 500; tries++) {
    const offset = 60 + Math.floor(Math.random() * 270); // within the 12-month booking horizon
    const d = psql(`SELECT (current_date + ${offset})::text WHERE extract(isodow FROM current_date + ${offset}) BETWEEN 1 AND 5
      AND closed_reason(current_date + ${offset}, NULL) IS NULL
      AND NOT EXISTS (SELECT 1 FROM booking WHERE day = current_date + ${offset} AND status IN ('held', 'requested', 'confirmed', 'no_show')
                      AND NOT (status = 'held' AND hold_expires_at < now()))`);
    if (d && !usedDays.has(d)) {
      usedDays.add(d);
      return d;
    }
  }
  throw new Error('no free day found');
}

test('/reservation: each field x each hostile value', async (t) => {
  const client = await Client.opened('/reservation');
  // Every accepted value is a hold from this one client: lift the per-address cap meanwhile.
  const cap = psql(`SELECT value FROM app_setting WHERE key = 'booking_hold_max_per_addr'`);
  psql(`UPDATE app_setting SET value = '100000' WHERE key = 'booking_hold_max_per_addr'`);
  t.after(() => psql(`UPDATE app_setting SET value = :'v' WHERE key = 'booking_hold_max_per_addr'`, { v: cap || '3' }));
  // The table's holds are never confirmed: let them lapse at the end, so that their days are
  // free again for the next run on this stack (the sanitizers tier runs this file again).
  const since = psql('SELECT now()');
  t.after(() => psql(`UPDATE booking SET hold_expires_at = now() - interval '1 second'
    WHERE status = 'held' AND created_at >= :'since'`, { since }));
  const rules = {
    jour: strict(true), creneau: strict(true), participants: strict(true), entreprise: line(1, 200, true),
    siren: strict(true), adresse: line(1, 200, true), code_postal: strict(true), ville: line(1, 100, true),
    contact: line(1, 120, true), email: strict(true), telephone: strict(true), objet: text(500),
  };
  const column = { entreprise: 'company_name', adresse: 'billing_street', ville: 'billing_city', contact: 'contact_name', objet: 'purpose' };
  for (const [field, rule] of Object.entries(rules)) {
    for (const h of HOSTILE) {
      const exp = judge(rule, h.v);
      await t.test(`${field} = ${h.name} -> ${exp.ok ? 303 : exp.status}`, async () => {
        const t2 = tag();
        const fields = {
          csrf: client.csrf, salle: ROOM, jour: exp.ok ? freeDay() : '2031-03-04', creneau: 'am', participants: '6',
          entreprise: `Hostile SARL ${t2}`, siren: '732829320', adresse: '1 place Armand Fallières', code_postal: '47000',
          ville: 'Agen', contact: 'Alix Martin', email: `hostile.room.${t2}@example.org`, telephone: '05 53 00 00 00',
          objet: 'Réunion', action: 'reserver',
        };
        const res = await client.post('/reservation', bodyWith(fields, field, h.v));
        checkCommon('reservation', res, [h.v]);
        const rows = field === 'email' ? psqlRows(`SELECT * FROM booking WHERE company_name = :'k'`, { k: fields.entreprise })
          : psqlRows(`SELECT * FROM booking WHERE email = :'k'`, { k: fields.email });
        if (exp.ok) {
          assert.equal(res.status, 303, `accepted (got ${res.status})`);
          assert.match(res.header('location'), /^\/reservation\/gerer\?jeton=[A-Za-z0-9_-]{43}&nouvelle=1$/);
          assert.equal(rows.length, 1, 'saved once');
          if (column[field]) assert.equal(rows[0][column[field]], exp.stored, 'stored exactly (trimmed)');
          accepted.booking++;
        } else {
          checkRefused(res, exp.status);
          assert.equal(rows.length, 0, 'nothing saved');
        }
      });
    }
  }
  // The fields that are not typed: the room, the action, the options.
  for (const h of HOSTILE) {
    const exp = judge(strict(), h.v).status === 400 ? 400 : 404;
    await t.test(`salle = ${h.name} -> ${exp}`, async () => {
      const t2 = tag();
      const fields = { csrf: client.csrf, salle: ROOM, jour: freeDay(), creneau: 'am', participants: '2',
        entreprise: `Hostile SARL ${t2}`, siren: '732829320', adresse: '1 rue Lamouroux', code_postal: '47000', ville: 'Agen',
        contact: 'Alix Martin', email: `hostile.room.${t2}@example.org`, telephone: '05 53 00 00 00', action: 'reserver' };
      const res = await client.post('/reservation', bodyWith(fields, 'salle', h.v));
      checkCommon('reservation', res, [h.v]);
      assert.equal(res.status, exp);
      assert.equal(count('booking', "email = :'e'", { e: fields.email }), 0, 'nothing saved');
    });
  }
});

// ---- 6. /mes-reservations as the demo member ----------------------------------------------------------

test('/mes-reservations (the demo member): each field x each hostile value, hostile ids to cancel', async (t) => {
  const client = await Client.loggedIn(DEMO_MEMBER);
  assert.equal((await client.get('/mes-reservations')).status, 200);
  const bookings = () => count('booking', `person_id = (SELECT id FROM person WHERE email = '${DEMO_MEMBER}')`);
  const n = bookings();
  for (const field of ['jour', 'creneau']) {
    for (const h of HOSTILE) {
      const exp = judge(strict(true), h.v).status;
      await t.test(`${field} = ${h.name} -> ${exp}`, async () => {
        const res = await client.post('/mes-reservations', bodyWith({ csrf: client.csrf, jour: freeDay(), creneau: 'pm' }, field, h.v));
        checkCommon('mes-reservations', res, [h.v]);
        checkRefused(res, exp);
      });
    }
  }
  for (const id of ["1' OR '1'='1", '-1', '0', '99999999999999999999', '%3Cscript%3E', '1%00']) {
    const exp = id.includes('%00') ? 400 : 404;
    await t.test(`POST /mes-reservations/${id}/annuler -> ${exp}`, async () => {
      const res = await client.post(`/mes-reservations/${id.includes('%') ? id : encodeURIComponent(id)}/annuler`,
        formBody({ csrf: client.csrf }));
      checkCommon('mes-reservations', res);
      assert.equal(res.status, exp);
    });
  }
  assert.equal(bookings(), n, 'no booking made or cancelled');
});

// ---- 7. the admin event form as the demo staff ----------------------------------------------------------

test('/admin/evenements/nouveau (the demo staff): each field x each hostile value', async (t) => {
  const client = await Client.loggedIn(DEMO_STAFF);
  const form = await client.get('/admin/evenements/nouveau');
  assert.equal(form.status, 200, 'the event form');
  const rules = {
    titre: line(1, 150, true), resume: line(1, 300, true), description: text(20000), categorie: strict(true),
    date_debut: strict(true), heure_debut: strict(true), lieu: line(1, 150, true), adresse: line(0, 300),
    capacite: strict(), prix: strict(), image: strict(),
  };
  const column = { titre: 'title', resume: 'summary', description: 'body_md', lieu: 'place_name', adresse: 'place_address' };
  for (const [field, rule] of Object.entries(rules)) {
    for (const h of HOSTILE) {
      const exp = judge(rule, h.v);
      await t.test(`${field} = ${h.name} -> ${exp.ok ? 303 : exp.status}`, async () => {
        const t2 = tag();
        const fields = {
          csrf: client.csrf, titre: `Atelier ${t2}`, resume: `Résumé ${t2}`, description: 'Un *atelier*.', categorie: 'atelier',
          date_debut: '2031-05-06', heure_debut: '14:00', date_fin: '2031-05-06', heure_fin: '16:00', lieu: 'La Fontaine',
          adresse: '', capacite: '12', prix: '0', image: '',
        };
        const n = count('event');
        const res = await client.post('/admin/evenements/nouveau', bodyWith(fields, field, h.v));
        checkCommon('admin', res, [h.v]);
        if (exp.ok) {
          assert.equal(res.status, 303, `accepted (got ${res.status})`);
          const m = /^\/admin\/evenements\/(\d+)\?ok=cree$/.exec(res.header('location') || '');
          assert.ok(m, `redirect to the new event (got ${res.header('location')})`);
          createdEvents.push(m[1]);
          const [row] = psqlRows(`SELECT * FROM event WHERE id = ${Number(m[1])}`);
          assert.equal(row.status, 'draft');
          assert.equal(row[column[field]], exp.stored, 'stored exactly (trimmed)');
          // The edit page shows it escaped.
          const edit = await client.get(res.header('location'));
          checkCommon('admin', edit, [h.v]);
          assert.equal(edit.status, 200);
          accepted.event++;
        } else {
          checkRefused(res, exp.status);
          assert.equal(count('event'), n, 'nothing saved');
        }
      });
    }
  }
});

// ---- 8. every form: CSRF, content types, methods, sizes ----------------------------------------------

test('every form: missing or forged CSRF tokens, other origins, wrong content types, methods and sizes', async (t) => {
  const member = plantedMember();
  const staff = await Client.loggedIn(DEMO_STAFF);
  const [ev] = psqlRows(`SELECT slug FROM event WHERE space_id = 1 AND status = 'published' AND starts_at > now() ORDER BY starts_at LIMIT 1`);
  const forms = [
    { path: '/adhesion', page: '/adhesion', fields: () => joinFields(), allow: 'GET, HEAD, POST' },
    { path: '/connexion', page: '/connexion', fields: () => ({ email: DEMO_MEMBER, mot_de_passe: DEMO_PASSWORD }), allow: 'GET, HEAD, POST' },
    { path: '/mot-de-passe-oublie', page: '/mot-de-passe-oublie', fields: () => ({ email: DEMO_MEMBER }), allow: 'GET, HEAD, POST' },
    { path: '/compte/profil', page: '/compte/profil', session: member.token,
      fields: () => ({ prenom: 'Bérénice', nom: 'Intacte', telephone: '05 53 00 00 09' }), allow: 'GET, HEAD, POST' },
    { path: `/evenements/${ev.slug}/inscription`, page: `/evenements/${ev.slug}`,
      fields: () => ({ nom: 'Inscrite', email: `hostile.csrf.${tag()}@exemple.fr` }), allow: 'GET, HEAD, POST' },
    { path: '/reservation', page: '/reservation', allow: 'GET, HEAD, POST',
      fields: () => ({ salle: ROOM, jour: freeDay(), creneau: 'am', participants: '3', entreprise: `CSRF SARL ${tag()}`,
        siren: '732829320', adresse: '1 rue Lamouroux', code_postal: '47000', ville: 'Agen', contact: 'Alix',
        email: `hostile.csrf.${tag()}@example.org`, telephone: '05 53 00 00 00', action: 'reserver' }) },
    { path: '/mes-reservations', page: '/mes-reservations', login: DEMO_MEMBER,
      fields: () => ({ jour: freeDay(), creneau: 'am' }), allow: 'GET, HEAD, POST' },
    { path: '/admin/evenements/nouveau', page: '/admin/evenements/nouveau', client: staff, allow: 'GET, HEAD, POST',
      fields: () => ({ titre: `CSRF ${tag()}`, resume: 'Résumé', categorie: 'atelier', date_debut: '2031-05-07',
        heure_debut: '10:00', date_fin: '2031-05-07', heure_fin: '11:00', lieu: 'La Fontaine' }) },
  ];
  for (const f of forms) {
    let client = f.client;
    if (!client && f.login) client = await Client.loggedIn(f.login);
    if (!client) {
      client = new Client();
      if (f.session) client.jar.set('session', f.session);
    }
    const page = await client.get(f.page);
    assert.equal(page.status, 200, `GET ${f.page}`);
    const other = await Client.opened('/connexion');
    const rows = [
      { name: 'missing token', csrf: undefined, status: 403 },
      { name: 'empty token', csrf: '', status: 403 },
      { name: 'forged token', csrf: 'x'.repeat(43), status: 403 },
      { name: 'token with markup', csrf: '<script>alert(1)</script>', status: 403 },
      { name: 'token with SQL', csrf: "' OR 1=1 --", status: 403 },
      { name: 'token of another cookie', csrf: other.csrf, status: 403 },
      { name: 'token with a forged cookie', cookieCsrf: 'AAAAAAAAAAAAAAAAAAAAAA', status: 403 },
      { name: 'Origin https://evil.example', headers: { Origin: 'https://evil.example' }, status: 403 },
      { name: 'Content-Type text/plain', contentType: 'text/plain', status: 415 },
      { name: 'Content-Type application/json', contentType: 'application/json', status: 415 },
      { name: 'Content-Type multipart/form-data', contentType: 'multipart/form-data; boundary=x', status: 415 },
      { name: 'no Content-Type', contentType: null, status: 415 },
      { name: 'body over 1 MB', extra: `&pad=${'p'.repeat(1024 * 1024 + 1)}`, status: 413 },
      { name: '129 fields', extra: `&${Array.from({ length: 129 }, (_, i) => `f${i}=1`).join('&')}`, status: 400 },
      { name: 'PUT', method: 'PUT', status: 405 },
      { name: 'DELETE', method: 'DELETE', status: 405 },
      { name: 'PATCH', method: 'PATCH', status: 405 },
    ];
    for (const row of rows) {
      await t.test(`${f.path}: ${row.name} -> ${row.status}`, async () => {
        const counts = tableCounts();
        const fields = f.fields();
        const csrf = 'csrf' in row ? row.csrf : client.csrf;
        const all = csrf === undefined ? fields : { csrf, ...fields };
        const body = formBody(all) + (row.extra || '');
        let cookie;
        if (row.cookieCsrf) cookie = client.cookieHeader().replace(/csrf=[^;]*/, `csrf=${row.cookieCsrf}`);
        const res = await client.post(f.path, body, {
          method: row.method || 'POST', headers: row.headers || {}, cookie,
          contentType: 'contentType' in row ? row.contentType : 'application/x-www-form-urlencoded',
        });
        checkCommon('csrf/types/methods', res, [csrf]);
        assert.equal(res.status, row.status);
        if (row.status === 405) assert.equal(res.header('allow'), f.allow);
        assert.deepEqual(tableCounts(), counts, 'nothing saved');
      });
    }
  }
  // A POST without a session is refused (a GET would be sent to the login page).
  for (const p of ['/compte/profil', '/mes-reservations', '/admin/evenements/nouveau']) {
    await t.test(`POST ${p} without a session -> 403`, async () => {
      const c = await Client.opened('/connexion');
      const counts = tableCounts();
      const res = await c.post(p, formBody({ csrf: c.csrf, prenom: '<script>alert(1)</script>', jour: '2031-01-01', titre: 'x' }));
      checkCommon('csrf/types/methods', res);
      assert.equal(res.status, 403);
      assert.deepEqual(tableCounts(), counts, 'nothing saved');
    });
  }
});

// ---- 9. GET URLs of each program x hostile segments and query strings ----------------------------------

// Hostile path segments and query values, already percent-encoded as they travel.
const SEGMENTS = [
  { name: 'SQL quote', s: encodeURIComponent("' OR 1=1 --") },
  { name: 'SQL drop', s: encodeURIComponent("1; DROP TABLE event; --") },
  { name: 'script', s: encodeURIComponent('<script>alert(1)</script>'), payload: '<script>alert(1)</script>' },
  { name: 'attribute breakout', s: encodeURIComponent('"><img src=x onerror=alert(1)>'), payload: '"><img src=x onerror=alert(1)>' },
  { name: 'NUL', s: 'a%00b', bad: 400 },
  { name: 'invalid UTF-8 %C3%28', s: 'caf%C3%28', bad: 400 },
  { name: 'invalid UTF-8 %FF', s: 'x%FFy', bad: 400 },
  { name: 'encoded CR/LF', s: 'a%0d%0aSet-Cookie:x=1%0d%0aX-Injected:1' },
  { name: '1 kB', s: 'A'.repeat(1000) },
  // Over the 2 kB the programs accept in a request URI: refused before any route.
  { name: '2 kB', s: 'A'.repeat(2048), bad: 414 },
  { name: 'huge number', s: '99999999999999999999999' },
  { name: 'negative', s: '-1' },
  { name: 'template syntax', s: encodeURIComponent('{{TITLE}}') },
];

// URL templates per program: {} is replaced by the hostile segment; want(seg) is the status:
// the segment's own (400 for refused bytes, 414 for an overlong URI), else the URL's.
const is = (status) => (seg) => seg.bad ?? status;
const GET_URLS = [
  // events: an unknown slug or cancel link is a 404; a page number that is not one, a 400
  { program: 'events', url: '/evenements/{}', want: is(404) },
  { program: 'events', url: '/evenements/{}/inscription', want: is(404) },
  { program: 'events', url: '/evenements?page={}', want: is(400) },
  { program: 'events', url: '/evenements/archives?page={}', want: is(400) },
  { program: 'events', url: '/evenements/annulation?jeton={}', want: is(404) },
  // feed: unknown names; unknown parameters are ignored
  { program: 'feed', url: '/evenements/{}.ics', want: is(404) },
  { program: 'feed', url: '/evenements/{}.rss', want: is(404) },
  { program: 'feed', url: '/evenements.rss?categorie={}', want: is(200) },
  { program: 'feed', url: '/evenements.ics?x={}', want: is(200) },
  // booking: unknown rooms, weeks and links; a bad day or slot in a link is not pre-filled
  { program: 'booking', url: '/disponibilites/{}', want: is(404) },
  { program: 'booking', url: '/disponibilites/{}.ics', want: is(404) },
  { program: 'booking', url: `/disponibilites/${ROOM}?semaine={}`, want: is(404) },
  { program: 'booking', url: '/reservation?jour={}&creneau={}', want: is(200) },
  { program: 'booking', url: '/reservation?salle={}', want: is(404) },
  { program: 'booking', url: '/reservation/gerer?jeton={}', want: is(404) },
  { program: 'booking', url: '/reservation/devis?jeton={}', want: is(404) },
  // signup: dead links are 410; a return path is never followed off-site; the export needs a session
  { program: 'signup', url: '/adhesion/confirmer?jeton={}', want: is(410) },
  { program: 'signup', url: '/mot-de-passe/nouveau?jeton={}', want: is(410) },
  { program: 'signup', url: '/connexion?retour={}', want: is(200) },
  { program: 'signup', url: '/compte/donnees.json?format={}', want: is(200), session: 'member' },
  { program: 'signup', url: '/compte/donnees.json?format={}', want: is(303) },
  // admin (staff): unknown event ids
  { program: 'admin', url: '/admin/evenements/{}', want: is(404), session: 'staff' },
  { program: 'admin', url: '/admin/evenements/{}/inscriptions', want: is(404), session: 'staff' },
  { program: 'admin', url: '/admin/evenements?page={}', want: is(200), session: 'staff' },
];

test('GET URLs of each program x hostile path segments and query values', async (t) => {
  const sessions = { member: plantedMember().token, staff: (await Client.loggedIn(DEMO_STAFF)).jar.get('session') };
  for (const u of GET_URLS) {
    for (const seg of SEGMENTS) {
      const p = u.url.replaceAll('{}', seg.s);
      const want = u.want(seg);
      await t.test(`${u.program}${u.session ? ` (${u.session})` : ''}: GET ${p.slice(0, 90)} -> ${want}`, async () => {
        const headers = u.session ? { Cookie: `session=${sessions[u.session]}` } : {};
        // raw(): the path travels exactly as written (no client re-encodes it).
        const res = await raw(`GET ${p} HTTP/1.1\r\nHost: ${host}\r\n${headers.Cookie ? `Cookie: ${headers.Cookie}\r\n` : ''}Connection: close\r\n\r\n`,
          { localAddress: freshAddr() });
        checkCommon(`GET ${u.program}`, res, seg.payload ? [seg.payload] : []);
        assert.equal(res.status, want);
        if (want === 200 && u.url.includes('donnees.json')) {
          assert.match(res.header('content-type'), /^application\/json/);
          JSON.parse(res.text);
        }
      });
    }
  }
  // A request line over nginx's header buffers: refused before any program.
  for (const p of ['/evenements/{}', '/reservation/gerer?jeton={}', '/admin/evenements/{}']) {
    await t.test(`GET ${p} with 10 kB -> 414`, async () => {
      const res = await raw(`GET ${p.replace('{}', 'A'.repeat(10240))} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      checkCommon('GET 10 kB', res);
      assert.equal(res.status, 414);
    });
  }
});

// ---- after the table ----------------------------------------------------------------------------------------

test('after the table: no worker crashed, the tables hold exactly the accepted rows', async () => {
  for (const program of PROGRAMS) {
    const b = before[program];
    assert.ok(alive(b.master), `${program}: the master is still running`);
    assert.deepEqual(childrenOf(b.master).sort(), b.workers, `${program}: the same workers, none died`);
    assert.doesNotMatch(logSince(b.log, program), /killed by signal|exited with/, `${program}: log`);
  }
  const now = tableCounts();
  // The table made one member in SQL for the profile rows, one for the CSRF rows, one for the GETs.
  assert.equal(now.person, rowsBefore.person + accepted.person + 3, 'person: only the accepted signups');
  assert.equal(now.registration, rowsBefore.registration + accepted.registration, 'registration: only the accepted ones');
  assert.equal(now.booking, rowsBefore.booking + accepted.booking, 'booking: only the accepted ones');
  assert.equal(now.event, rowsBefore.event + accepted.event, 'event: only the accepted drafts');
  assert.equal(psql(`SELECT to_regclass('public.person') IS NOT NULL AND to_regclass('public.event') IS NOT NULL
                     AND to_regclass('public.booking') IS NOT NULL`), 't', 'no table was dropped');
  const byStatus = Object.entries(stats.byStatus).sort().map(([s, n]) => `${s}:${n}`).join(' ');
  const bySection = Object.entries(stats.bySection).map(([s, n]) => `${s}:${n}`).join(' ');
  console.log(`hostile forms table: ${stats.rows} rows (accepted: ${JSON.stringify(accepted)}); by status ${byStatus}; by section ${bySection}`);
  assert.ok(stats.rows >= 200, `at least 200 rows (got ${stats.rows})`);
});
