// admin_backoffice.test.mjs: the staff back office's dashboard and managing pages against the
// running stack: dashboard figures checked against rows this test inserts (uses that
// use_halfday counts, issued invoices and a credit note, grants), in French formatting; the
// CSV of a chart; the monthly target; roles (visitor, member, staff, admin) and CSRF refused;
// GDPR export and erasure (invoices kept, the rest removed); clean-up of expired data; the
// newsletter through the outbox and its signed unsubscribe link; a page edit visible on the
// public site; the audit log; every page valid HTML (vnu).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { request, psql, psqlRows, count, hidden, freshAddr, formBody, poll, fresh, get } from './lib.mjs';

const ADMIN = { email: 'equipe@lafontaine-agen.example', password: 'fontaine-demo-2026' };
const MEMBER = { email: 'membre@lafontaine-agen.example', password: 'fontaine-demo-2026' };
const NNBSP = '\u202f';
const NBSP = '\u00a0';

class Client {
  constructor() {
    this.localAddress = freshAddr();
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

  cookie() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(p) {
    const headers = this.jar.size ? { Cookie: this.cookie() } : {};
    return this.keep(await request({ path: p, headers, localAddress: this.localAddress }));
  }

  async post(p, fields = {}, { csrf = this.csrf } = {}) {
    const body = formBody(csrf === null ? fields : { csrf, ...fields });
    const headers = {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Content-Length': Buffer.byteLength(body),
    };
    if (this.jar.size) headers.Cookie = this.cookie();
    return this.keep(await request({ method: 'POST', path: p, headers, body, localAddress: this.localAddress }));
  }
}

async function logIn({ email, password }) {
  const c = new Client();
  await c.get('/connexion');
  const res = await c.post('/connexion', { email, mot_de_passe: password, retour: '/admin' });
  assert.equal(res.status, 303, `login of ${email} answered ${res.status}`);
  assert.ok(c.jar.has('session'), `${email} has a session`);
  return c;
}

const tag = () => `${process.pid.toString(36)}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const adminId = () => Number(psql(`SELECT id FROM person WHERE email = '${ADMIN.email}'`));

// A person with the demo password (so it can log in), returning its id.
function makePerson({ role = 'member', newsletter = false, email = `p-${tag()}@example.org`, first = 'Léa', last = 'Testeuse' } = {}) {
  const id = Number(psql(`INSERT INTO person (email, first_name, last_name, phone, profile, role, status,
      password_hash, email_verified_at, newsletter, newsletter_at)
    SELECT :'email', :'first', :'last', '05 53 00 00 00', 'independant', :'role', 'active', password_hash, now(),
      :'nl'::boolean, CASE WHEN :'nl'::boolean THEN now() END
    FROM person WHERE email = '${ADMIN.email}' RETURNING id;`, { email, first, last, role, nl: String(newsletter) }));
  return { id, email, password: ADMIN.password };
}

// HTML pages kept for the vnu check at the end.
const HTML_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-backoffice-'));
let pageNo = 0;
function keepHtml(res, name) {
  if ((res.header('content-type') || '').startsWith('text/html'))
    fs.writeFileSync(path.join(HTML_DIR, `${String(++pageNo).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '_')}.html`), res.body);
}

// "1 234,50 €" (U+202F, U+00A0) → 123450; throws on anything else.
function cents(text) {
  const m = new RegExp(`^(-?)(\\d{1,3}(?:${NNBSP}\\d{3})*),(\\d{2})${NBSP}€$`).exec(text.trim());
  assert.ok(m, `${JSON.stringify(text)} is an amount in French formatting`);
  return (m[1] ? -1 : 1) * (Number(m[2].replaceAll(NNBSP, '')) * 100 + Number(m[3]));
}

// The cells of the row labelled label of the table whose caption starts with caption.
function tableRow(html, caption, label) {
  const t = html.split('<table').find((x) => x.includes(`<caption>${caption}`));
  assert.ok(t, `a table captioned ${caption}`);
  const row = t.split('<tr>').find((r) => r.startsWith(`<th scope="row">${label}</th>`));
  assert.ok(row, `a row ${label} in ${caption}`);
  return [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
}

const parisToday = () => psql("SELECT paris_today()");
const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

test('visitors, members and CSRF are refused; staff see the dashboard, admins only see the legal details', async () => {
  const visitor = new Client();
  for (const p of ['/admin', '/admin/tableau-de-bord', '/admin/membres', '/admin/journal', '/admin/tableau-de-bord/recettes.csv']) {
    const res = await visitor.get(p);
    assert.equal(res.status, 303, `${p} without a session`);
    assert.match(res.header('location'), /^\/connexion\?retour=/);
  }
  const member = await logIn(MEMBER);
  for (const p of ['/admin', '/admin/membres', '/admin/financements', '/admin/rgpd', '/admin/membres/1/export.json'])
    assert.equal((await member.get(p)).status, 403, `${p} for a member`);
  assert.equal((await member.post('/admin/financements/nouveau', { objet: 'x' })).status, 403);

  const staff = makePerson({ role: 'staff' });
  const s = await logIn(staff);
  const dash = await s.get('/admin/tableau-de-bord');
  assert.equal(dash.status, 200);
  assert.match(dash.header('cache-control') || '', /no-store/);
  assert.equal((await s.get('/admin/contenu/organisation')).status, 403, 'legal details: admin only');
  const target = psqlRows('SELECT id FROM person WHERE email = $$' + MEMBER.email + '$$')[0].id;
  assert.equal((await s.post(`/admin/membres/${target}/role`, { role: 'admin' })).status, 403, 'roles: admin only');
  assert.equal(psql(`SELECT role FROM person WHERE id = ${target}`), 'member');

  // CSRF: a staff POST without the token, or with a wrong one, changes nothing.
  const before = count('funding');
  const grant = { financeur: '', nom_financeur: 'Fondation Test', nature: 'prive', objet: 'Essai', montant: '100', debut: '2026-01-01', fin: '2026-12-31', statut: 'requested', note: '' };
  assert.equal((await s.post('/admin/financements/nouveau', grant, { csrf: null })).status, 403);
  assert.equal((await s.post('/admin/financements/nouveau', grant, { csrf: 'x'.repeat(43) })).status, 403);
  assert.equal(count('funding'), before, 'nothing saved without a valid token');

  const admin = await logIn(ADMIN);
  const org = await admin.get('/admin/contenu/organisation');
  assert.equal(org.status, 200);
  keepHtml(org, 'organisation');
});

test('dashboard: uses, projection and target, income by kind, unpaid, grants and the public share, in French', async () => {
  const admin = await logIn(ADMIN);
  const today = parisToday();
  const [y, m] = today.split('-').map(Number);
  const monthLabel = `${MONTHS[m - 1]} ${y}`;
  const page0 = await admin.get('/admin');
  assert.equal(page0.status, 200);
  const uses0 = Number(/<strong>([\d\u202f]+)\u00a0utilisations?<\/strong>/.exec(page0.text)[1].replaceAll(NNBSP, ''));
  const unpaid0 = cents(/<strong id="unpaid">([^<]*)<\/strong>/.exec(page0.text)[1]);
  const income0 = tableRow(page0.text, 'Recettes par mois', monthLabel).map(cents);

  // Uses that use_halfday counts, today: 3 people in the open space (walk-ins) and a full
  // day of the conference room (2 half-days). Written as they are recorded, without the
  // booking rules (which refuse a day without opening hours).
  const roomOut = psql(`SET session_replication_role = replica;
    INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, contact_name)
    SELECT r.id, false, paris_today(), s, (paris_today() + time '08:30') AT TIME ZONE 'Europe/Paris',
           (paris_today() + time '12:30') AT TIME ZONE 'Europe/Paris', 'confirmed', 'walk_in', 'Visiteur test'
    FROM resource r, (VALUES ('am'), ('am'), ('pm')) v (s) WHERE r.space_id = 1 AND r.kind = 'open_space' LIMIT 3;
    INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, contact_name)
    SELECT r.id, true, paris_today(), 'day', (paris_today() + time '08:30') AT TIME ZONE 'Europe/Paris',
           (paris_today() + time '18:30') AT TIME ZONE 'Europe/Paris', 'confirmed', 'room', 'Entreprise test'
    FROM resource r WHERE r.space_id = 1 AND r.kind = 'meeting_room'
      AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.resource_id = r.id AND b.day = paris_today()
                      AND b.status IN ('requested', 'confirmed')) LIMIT 1
    RETURNING id;`);
  const roomToday = roomOut.trim() !== ''; // the room may be taken today already

  // Invoices issued today: a membership (20,00 €) and a formula (70,00 €) on one, a room
  // rental of 1 234,50 € on another, an office (300,00 €) cancelled by a credit note.
  const t = tag();
  const issue = (lines) => psql(`WITH i AS (INSERT INTO invoice (customer_name, customer_email)
      VALUES ('Client ${t}', 'client-${t}@example.org') RETURNING id),
    l AS (INSERT INTO invoice_line (invoice_id, position, kind, description, quantity_milli, unit_price_cents, source_key)
      SELECT i.id, n, k, d, 1000, c, s FROM i, (VALUES ${lines}) v (n, k, d, c, s) RETURNING invoice_id)
    SELECT DISTINCT invoice_id FROM l;`);
  const key = () => Math.floor(Math.random() * 1e9) + 1e9;
  const a = issue(`(1, 'membership', 'Adhésion test', 2000, NULL), (2, 'coworking', 'Carnet test', 7000, 'formula:${key()}')`);
  const b = issue(`(1, 'room', 'Salle de conférence, journée', 123450, NULL)`);
  const c = issue(`(1, 'office', 'Bureau privé, un mois', 30000, NULL)`);
  psql(`SELECT invoice_issue(${a}, NULL), invoice_issue(${b}, NULL), invoice_issue(${c}, NULL);
        SELECT invoice_issue(credit_note_create(${c}), NULL);`);

  // Grants in a year of their own: 8 000 € public granted, 2 000 € private received, 500 €
  // requested (not counted in the share).
  const year = Number(psql(`SELECT y FROM generate_series(2001, 2099) y
    WHERE y < extract(year FROM now()) - 1
      AND NOT EXISTS (SELECT 1 FROM funding WHERE extract(year FROM period_start) = y)
      AND NOT EXISTS (SELECT 1 FROM invoice WHERE extract(year FROM issue_date) = y)
    ORDER BY random() LIMIT 1`));
  const funder = psql("SELECT id FROM funder WHERE kind = 'public' ORDER BY id LIMIT 1");
  const grants = [
    { financeur: funder, nom_financeur: '', nature: '', objet: `Fonctionnement ${t}`, montant: '8 000', debut: `${year}-01-01`, fin: `${year}-12-31`, statut: 'granted', note: '' },
    { financeur: '', nom_financeur: `Fondation ${t}`, nature: 'prive', objet: 'Équipement', montant: '2000,00', debut: `${year}-03-01`, fin: `${year}-08-31`, statut: 'received', note: 'Reçu par virement' },
    { financeur: '', nom_financeur: `Mécène ${t}`, nature: 'prive', objet: 'Projet', montant: '500', debut: `${year}-05-01`, fin: `${year}-05-31`, statut: 'requested', note: '' },
  ];
  await admin.get('/admin/financements/nouveau');
  for (const g of grants) {
    const res = await admin.post('/admin/financements/nouveau', g);
    assert.equal(res.status, 303, `grant answered ${res.status}: ${res.text.slice(0, 2000)}`);
  }
  const bad = await admin.post('/admin/financements/nouveau', { ...grants[1], nom_financeur: '', montant: '12,345' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="f-nom_financeur-erreur">Choisissez un financeur/);
  keepHtml(bad, 'funding-errors');

  // The target of the month.
  const tgt = await admin.post('/admin/tableau-de-bord/objectif', { mois: `${today.slice(0, 7)}`, objectif: '1234' });
  assert.equal(tgt.status, 303);

  const page = await admin.get('/admin');
  assert.equal(page.status, 200);
  keepHtml(page, 'dashboard');
  const added = 3 + (roomToday ? 2 : 0);
  const uses = Number(/<strong>([\d\u202f]+)\u00a0utilisations?<\/strong>/.exec(page.text)[1].replaceAll(NNBSP, ''));
  assert.equal(uses, uses0 + added, 'uses of the month count the new half-days');
  assert.match(page.text, new RegExp(`sur un objectif de <strong>1${NNBSP}234</strong>`), 'the target, French grouping');
  assert.match(page.text, /Projection à la fin du mois : <strong>[\d\u202f]+\u00a0utilisations?<\/strong>|aucun jour d’ouverture écoulé/);
  const income = tableRow(page.text, 'Recettes par mois', monthLabel).map(cents);
  assert.deepEqual(income.map((v, i) => v - income0[i]), [2000, 7000, 0, 0, 123450, 0],
    'memberships, formulas, unit half-days, offices (cancelled by the credit note), rooms, other');
  assert.equal(tableRow(page.text, 'Recettes par mois', monthLabel)[4], fmtEuros(income0[4] + 123450),
    'the room rentals of the month, "1 234,50 €"-style');
  const unpaid = /<strong id="unpaid">([^<]*)<\/strong>/.exec(page.text)[1];
  assert.equal(cents(unpaid) - unpaid0, 2000 + 7000 + 123450, 'the two open invoices are unpaid; the cancelled one is not');
  assert.ok(Number(page.header('x-fontaine-queries')) <= 12, `a handful of queries: ${page.header('x-fontaine-queries')}`);

  const past = await admin.get(`/admin/tableau-de-bord?mois=${year}-06`);
  assert.equal(past.status, 200);
  const row = tableRow(past.text, 'Ressources et part publique par année', String(year));
  assert.deepEqual(row, [`8${NNBSP}000,00${NBSP}€`, `2${NNBSP}000,00${NBSP}€`, `0,00${NBSP}€`, `10${NNBSP}000,00${NBSP}€`,
    `80,0${NNBSP}%`, `500,00${NBSP}€`, `8${NNBSP}000,00${NBSP}€`, `2${NNBSP}000,00${NBSP}€`]);

  // The same figures as CSV (';', BOM, CRLF, "1234,50").
  const csv = await admin.get(`/admin/tableau-de-bord/recettes.csv?mois=${today.slice(0, 7)}`);
  assert.equal(csv.status, 200);
  assert.match(csv.header('content-type'), /^text\/csv/);
  assert.match(csv.header('content-disposition'), /attachment; filename="recettes-\d{4}-\d{2}\.csv"/);
  assert.ok(csv.body.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'UTF-8 BOM');
  const lines = csv.text.slice(1).split('\r\n');
  assert.equal(lines[0], 'Période;Adhésions;Formules;Demi-journées à l’unité;Bureaux;Location de salle;Autres');
  const last = lines.find((l) => l.startsWith(`${monthLabel};`));
  assert.ok(last, `a CSV row for ${monthLabel}`);
  assert.equal(last.split(';')[5], ((income0[4] + 123450) / 100).toFixed(2).replace('.', ','));
  for (const name of ['utilisations-jour', 'utilisations-mois', 'occupation', 'occupation-semaine', 'financement', 'membres']) {
    const r = await admin.get(`/admin/tableau-de-bord/${name}.csv`);
    assert.equal(r.status, 200, `${name}.csv`);
    assert.ok(r.text.split('\r\n').length > 2, `${name}.csv has rows`);
  }
  assert.equal((await admin.get('/admin/tableau-de-bord/nimporte.csv')).status, 404);
  assert.equal((await admin.get('/admin/tableau-de-bord?mois=2026-13')).status, 404);

  // Every change was logged with its author.
  const audit = await admin.get(`/admin/journal?table=funding`);
  assert.equal(audit.status, 200);
  keepHtml(audit, 'audit');
  assert.ok(audit.text.includes(`Financeur : Fondation ${t}`), 'the audit log shows the new grant, in French');
  assert.ok(!audit.text.includes('funder_name'), 'never a raw column name');
  assert.equal(Number(psql(`SELECT count(*) FROM audit_log WHERE table_name = 'funding' AND person_id = ${adminId()}
    AND after->>'label' LIKE '%${t}'`)), 1);
});

function fmtEuros(c) {
  const s = Math.floor(c / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP);
  return `${s},${String(c % 100).padStart(2, '0')}${NBSP}€`;
}

test('GDPR: export everything as JSON, erase keeps the invoice and removes the rest', async () => {
  const admin = await logIn(ADMIN);
  const p = makePerson({ newsletter: true });
  const t = tag();
  psql(`INSERT INTO session (person_id, token_hash) VALUES (${p.id}, gen_random_bytes(32));
    INSERT INTO auth_token (person_id, purpose, token_hash, expires_at) VALUES (${p.id}, 'reset', gen_random_bytes(32), now() + interval '1 hour');
    INSERT INTO contact_message (name, email, subject, body) VALUES ('Léa Testeuse', '${p.email}', 'Question ${t}', 'Bonjour');
    INSERT INTO membership (person_id, starts_on, ends_on, fee_cents) VALUES (${p.id}, current_date, current_date + 364, 2000);`);
  const inv = psql(`WITH i AS (INSERT INTO invoice (person_id, customer_name, customer_email)
      VALUES (${p.id}, 'Léa Testeuse', '${p.email}') RETURNING id),
    l AS (INSERT INTO invoice_line (invoice_id, kind, description, quantity_milli, unit_price_cents)
      SELECT id, 'coworking', 'Demi-journée', 1000, 1000 FROM i RETURNING invoice_id)
    SELECT invoice_id FROM l;`);
  psql(`SELECT invoice_issue(${inv}, NULL)`);
  const before = psqlRows(`SELECT number, hash, customer_name, gross_cents FROM invoice WHERE id = ${inv}`)[0];

  const exp = await admin.get(`/admin/membres/${p.id}/export.json`);
  assert.equal(exp.status, 200);
  assert.match(exp.header('content-type'), /^application\/json/);
  const data = JSON.parse(exp.text);
  assert.equal(data.personne.email, p.email);
  assert.equal(data.factures.length, 1);
  assert.equal(data.factures[0].numero, before.number);
  assert.equal(data.messages_contact.length, 1);
  assert.equal(data.adhesions.length, 1);

  const view = await admin.get(`/admin/membres/${p.id}`);
  assert.equal(view.status, 200);
  keepHtml(view, 'member');
  const refused = await admin.post(`/admin/membres/${p.id}/effacer`, { confirmation: 'oui' });
  assert.equal(refused.status, 422);
  assert.equal(psql(`SELECT email FROM person WHERE id = ${p.id}`), p.email, 'nothing erased without the confirmation');
  const res = await admin.post(`/admin/membres/${p.id}/effacer`, { confirmation: 'EFFACER' });
  assert.equal(res.status, 303);
  const after = psqlRows(`SELECT email, first_name, last_name, phone, password_hash, status, newsletter FROM person WHERE id = ${p.id}`)[0];
  assert.deepEqual(after, { email: `efface-${p.id}@invalid.example`, first_name: 'Personne', last_name: 'effacée', phone: null, password_hash: null, status: 'closed', newsletter: false });
  assert.equal(count('session', `person_id = ${p.id}`), 0);
  assert.equal(count('auth_token', `person_id = ${p.id}`), 0);
  assert.equal(count('contact_message', `email = '${p.email}'`), 0);
  assert.deepEqual(psqlRows(`SELECT number, hash, customer_name, gross_cents FROM invoice WHERE id = ${inv}`)[0], before, 'the invoice is kept unchanged');
  assert.equal(count('audit_log', `table_name = 'person' AND row_id = ${p.id} AND after::text LIKE '%${p.email}%'`), 0, 'the audit log keeps no copy');
  assert.equal(count('audit_log', `table_name = 'person' AND row_id = ${p.id} AND action = 'erase' AND person_id = ${adminId()}`), 1);
  // Staff accounts are refused.
  const staff = makePerson({ role: 'staff' });
  assert.equal((await admin.post(`/admin/membres/${staff.id}/effacer`, { confirmation: 'EFFACER' })).status, 409);
});

test('clean-up deletes expired sessions, old contact messages and unverified signups only', async () => {
  const admin = await logIn(ADMIN);
  const t = tag();
  const p = makePerson();
  psql(`INSERT INTO session (person_id, token_hash, expires_at) VALUES (${p.id}, gen_random_bytes(32), now() - interval '1 day');
    INSERT INTO session (person_id, token_hash) VALUES (${p.id}, gen_random_bytes(32));
    INSERT INTO contact_message (name, email, subject, body, created_at) VALUES
      ('Ancien', 'a@example.org', 'Vieux ${t}', 'x', now() - interval '13 months'),
      ('Récent', 'r@example.org', 'Neuf ${t}', 'x', now() - interval '11 months');
    INSERT INTO person (email, first_name, last_name, profile, created_at) VALUES
      ('jamais-${t}@example.org', 'Jamais', 'Validé', 'autre', now() - interval '31 days'),
      ('recent-${t}@example.org', 'Récent', 'Inscrit', 'autre', now() - interval '2 days');`);
  await admin.get('/admin/rgpd');
  const res = await admin.post('/admin/rgpd/nettoyage');
  assert.equal(res.status, 200);
  keepHtml(res, 'gdpr');
  assert.match(res.text, /Nettoyage effectué/);
  assert.equal(count('session', `person_id = ${p.id}`), 1, 'the live session stays');
  assert.equal(count('contact_message', `subject = 'Vieux ${t}'`), 0);
  assert.equal(count('contact_message', `subject = 'Neuf ${t}'`), 1);
  assert.equal(count('person', `email = 'jamais-${t}@example.org'`), 0);
  assert.equal(count('person', `email = 'recent-${t}@example.org'`), 1);
});

test('newsletter: to consenting members through the outbox, with a working signed unsubscribe link', async () => {
  const admin = await logIn(ADMIN);
  const t = tag();
  const yes = makePerson({ newsletter: true, first: 'Inès' });
  const no = makePerson({ newsletter: false });
  const form = await admin.get('/admin/lettre');
  keepHtml(form, 'newsletter');
  const fields = { destinataires: 'membres', sujet: `Nouvelles ${t}`, message: 'Premier paragraphe.\n\nSecond paragraphe.' };
  const preview = await admin.post('/admin/lettre', { ...fields, action: 'apercu' });
  assert.equal(preview.status, 200);
  keepHtml(preview, 'newsletter-preview');
  assert.equal(count('outbox', `subject = 'Nouvelles ${t}'`), 0, 'a preview sends nothing');
  const sent = await admin.post('/admin/lettre', { ...fields, action: 'envoyer' });
  assert.equal(sent.status, 303);
  const mails = psqlRows(`SELECT to_addr, body_text, body_html FROM outbox WHERE subject = 'Nouvelles ${t}'`);
  assert.ok(mails.some((m) => m.to_addr === yes.email.toLowerCase()), 'the consenting member gets it');
  assert.ok(!mails.some((m) => m.to_addr === no.email.toLowerCase()), 'the other does not');
  const mine = mails.find((m) => m.to_addr === yes.email.toLowerCase());
  assert.match(mine.body_text, /^Bonjour Inès,/);
  const link = /(https?:\/\/[^\s]+\/desinscription\?e=[^\s&]+&t=[A-Za-z0-9_-]{43})/.exec(mine.body_text)[1];
  const p = link.replace(/^https?:\/\/[^/]+/, '');
  assert.equal(count('newsletter_issue', `subject = 'Nouvelles ${t}' AND recipients = ${mails.length}`), 1);

  const visitor = new Client();
  const tampered = await visitor.get(p.replace(/t=./, (x) => (x === 't=A' ? 't=B' : 't=A')));
  assert.equal(tampered.status, 400);
  const other = await visitor.get(p.replace(/e=[^&]+/, `e=${encodeURIComponent(no.email)}`));
  assert.equal(other.status, 400, 'a token for one address does not unsubscribe another');
  const page = await visitor.get(p);
  assert.equal(page.status, 200);
  keepHtml(page, 'unsubscribe');
  assert.equal(psql(`SELECT newsletter FROM person WHERE id = ${yes.id}`), 't', 'the GET alone changes nothing');
  const done = await visitor.post('/desinscription', { e: hidden(page.text, 'e'), t: hidden(page.text, 't') });
  assert.equal(done.status, 200);
  assert.match(done.text, /ne recevra plus la lettre/);
  assert.equal(psql(`SELECT newsletter FROM person WHERE id = ${yes.id}`), 'f');
  assert.equal(count('newsletter_optout', `email_lower = lower('${yes.email}')`), 1);
  assert.equal(count('audit_log', `table_name = 'person' AND row_id = ${yes.id} AND person_id = ${yes.id}`), 1,
    'the change is the person’s own, in the audit log');
});

test('content: a page edited with a preview is on the public site within a second', async () => {
  const admin = await logIn(ADMIN);
  const original = psqlRows("SELECT title, meta_description, body_md FROM site_page WHERE space_id = 1 AND slug = 'statuts'")[0];
  const t = tag();
  const form = await admin.get('/admin/contenu/pages/statuts');
  assert.equal(form.status, 200);
  keepHtml(form, 'page-form');
  const fields = { titre: original.title, description: original.meta_description, contenu: `${original.body_md}\n\nMention ${t} **importante**.` };
  const preview = await admin.post('/admin/contenu/pages/statuts', { ...fields, action: 'apercu' });
  assert.equal(preview.status, 200);
  assert.ok(preview.text.includes(`Mention ${t} <strong>importante</strong>`), 'the preview renders the Markdown');
  assert.equal(psql("SELECT body_md FROM site_page WHERE space_id = 1 AND slug = 'statuts'"), original.body_md, 'a preview saves nothing');
  try {
    const saved = await admin.post('/admin/contenu/pages/statuts', { ...fields, action: 'enregistrer' });
    assert.equal(saved.status, 303);
    const seen = await poll(async () => (await get('/statuts')).text.includes(`Mention ${t}`), { every: 50, within: 10000 });
    assert.ok(seen.value, 'the public page shows the change');
    console.log(`# page edit visible on the public site after ${Math.round(seen.ms)} ms`);
    assert.equal(count('audit_log', `table_name = 'site_page' AND action = 'edit' AND person_id = ${adminId()}
      AND after->>'body_md' LIKE '%Mention ${t}%'`), 1, 'the edit is in the audit log');
  } finally {
    psql(`UPDATE site_page SET body_md = :'b' WHERE slug = 'statuts'`, { b: original.body_md });
  }
});

test('every back-office page answers 200 and is valid HTML (vnu)', async (t) => {
  const admin = await logIn(ADMIN);
  // A row written outside the back office with characters HTML forbids (a C0 and a C1
  // control, a noncharacter): the dashboard's events and the audit log must still be valid.
  const slug = `controle-${tag()}`;
  psql(`INSERT INTO event (slug, title, summary, category, starts_at, ends_at)
    VALUES ('${slug}', 'Soirée ' || chr(1) || chr(133) || chr(65535) || ' contrôle', 'Résumé', 'autre',
            now() + interval '400 days', now() + interval '400 days 2 hours')`);
  // (the draft is deleted at the end: other files' pages list events too)
  t.after(() => psql(`DELETE FROM event WHERE slug = '${slug}' AND status = 'draft'`));
  const memberId = psql(`SELECT id FROM person WHERE email = '${MEMBER.email}'`);
  const pages = ['/admin', '/admin/tableau-de-bord?mois=2019-02', '/admin/financements', '/admin/financements/nouveau',
    '/admin/membres', '/admin/membres?q=membre', `/admin/membres/${memberId}`, '/admin/membres/renouvellements',
    '/admin/membres/assemblee', '/admin/rgpd', '/admin/journal', '/admin/contenu', '/admin/contenu/tarifs',
    '/admin/contenu/horaires', '/admin/contenu/financeurs', '/admin/contenu/pages/accueil', '/admin/lettre',
    '/admin/evenements-a-venir'];
  const grant = psql('SELECT id FROM funding ORDER BY id LIMIT 1');
  if (grant) pages.push(`/admin/financements/${grant}`);
  for (const p of pages) {
    const res = await admin.get(p);
    assert.equal(res.status, 200, p);
    keepHtml(res, p);
  }
  const jar = path.join(path.dirname(createRequire(import.meta.url).resolve('vnu-jar')), 'build/dist/vnu.jar');
  let out = '';
  try {
    execFileSync('java', ['-jar', jar, '--errors-only', '--format', 'text', HTML_DIR], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = `${e.stdout || ''}${e.stderr || ''}` || String(e);
  }
  assert.equal(out.trim(), '', `vnu:\n${out}`);
  fs.rmSync(HTML_DIR, { recursive: true, force: true });
});
