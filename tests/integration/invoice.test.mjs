// invoice.test.mjs: the invoice program over HTTP, through nginx: staff pages refused to
// visitors and members, CSRF, the staff's draft → lines → issue → payments → credit note
// journey with its French refusals, the monthly run page twice, the verification page, the
// customer's secret link (wrong token 404, drafts never shown, legal mentions) and the
// member's list. Staff and members log in by a session planted in the database (the login
// itself is the signup program's, tested there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { get, post, psql, psqlRows, csrfCookie, hidden, freshAddr, PROGRAMS } from './lib.mjs';

const RUN = `i${process.pid}x${Date.now().toString(36)}`;
const skip = PROGRAMS.includes('invoice') ? false : 'the invoice program is not in FONTAINE_PROGRAMS';

// A person with role ROLE and a live session: returns {id, cookie}.
function login(role, extra = {}) {
  const email = `${role}.${RUN}.${crypto.randomBytes(3).toString('hex')}@example.org`;
  const token = crypto.randomBytes(32).toString('base64url');
  const hash = execFileSync('/usr/bin/python3', ['-c',
    'import hashlib,sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())', token],
  { encoding: 'utf8' }).trim();
  const id = psql(`INSERT INTO person (email, first_name, last_name, profile, role, status, password_hash)
    VALUES (:'email', 'Test', :'role', 'autre', :'role', 'active', '$argon2id$v=19$m=65536,t=2,p=1$x$y') RETURNING id;
    INSERT INTO session (person_id, token_hash) SELECT id, decode(:'hash', 'hex') FROM person WHERE email = :'email';`,
  { email, role, hash, ...extra }).split('\n')[0];
  return { id, email, cookie: `session=${token}` };
}

// Opens a staff page and returns what a browser would send back: {cookie, csrf, res}.
async function page(user, p, addr) {
  const res = await get(p, { headers: { Cookie: user.cookie }, localAddress: addr });
  const c = csrfCookie(res);
  return { res, cookie: c ? `${user.cookie}; ${c}` : user.cookie, csrf: hidden(res.text, 'csrf') };
}

const text = (html) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

test('staff pages: visitors go to the login page, members get 403, POST without session 403', { skip }, async () => {
  const member = login('member');
  for (const p of ['/admin/factures', '/admin/factures/mensuel', '/admin/factures/verification',
    '/admin/factures/fec?mois=2026-01', '/admin/factures/1']) {
    const anon = await get(p);
    assert.equal(anon.status, 303, `${p} for a visitor`);
    assert.match(anon.headers.location, /^\/connexion\?retour=/);
    const m = await get(p, { headers: { Cookie: member.cookie } });
    assert.equal(m.status, 403, `${p} for a member`);
  }
  const res = await post('/admin/factures/nouvelle', { nom: 'X', delai: '30' }, { localAddress: freshAddr() });
  assert.equal(res.status, 403);
});

test('every staff change needs the CSRF token', { skip }, async () => {
  const staff = login('staff');
  const addr = freshAddr();
  const { cookie } = await page(staff, '/admin/factures/nouvelle', addr);
  const res = await post('/admin/factures/nouvelle', { nom: `Sans jeton ${RUN}`, delai: '30' }, { cookie, localAddress: addr });
  assert.equal(res.status, 403);
  assert.equal(psql(`SELECT count(*) FROM invoice WHERE customer_name = 'Sans jeton ${RUN}'`), '0');
  const wrong = await post('/admin/factures/nouvelle', { csrf: 'AAAA', nom: `Sans jeton ${RUN}`, delai: '30' },
    { cookie, localAddress: addr });
  assert.equal(wrong.status, 403);
});

test('the staff journey: draft, refused lines, issue once, payments, credit note', { skip }, async () => {
  const staff = login('staff');
  const addr = freshAddr();
  let { cookie, csrf, res } = await page(staff, '/admin/factures/nouvelle', addr);
  assert.equal(res.status, 200);

  // A business without SIREN is refused with a French message beside the field.
  let r = await post('/admin/factures/nouvelle', { csrf, professionnel: '1', nom: `Société ${RUN}`, delai: '30' },
    { cookie, localAddress: addr });
  assert.equal(r.status, 422);
  assert.match(r.text, /Un client professionnel doit avoir un SIREN/);
  assert.match(r.text, new RegExp(`value="Société ${RUN}"`), 'the typed name comes back');
  r = await post('/admin/factures/nouvelle', { csrf, professionnel: '1', nom: `Société ${RUN}`, siren: '123456789', delai: '30' },
    { cookie, localAddress: addr });
  assert.equal(r.status, 422, 'a SIREN that fails the Luhn key');
  r = await post('/admin/factures/nouvelle', {
    csrf, professionnel: '1', nom: `Société ${RUN}`, siren: '732 829 320', adresse: '3 quai de la Garonne',
    code_postal: '47000', ville: 'Agen', email: `compta.${RUN}@example.org`, delai: '30',
  }, { cookie, localAddress: addr });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const id = /\/admin\/factures\/(\d+)\?ok=brouillon$/.exec(r.headers.location)[1];
  const base = `/admin/factures/${id}`;

  // Bad lines, each refused in French, nothing saved.
  const line = { csrf, description: 'Location de la salle de conférence (journée)', quantite: '1', unite: 'DAY',
    prix: '150,00', tva: '0', nature: 'room' };
  for (const [change, msg] of [
    [{ quantite: '0' }, /La quantité doit être supérieure à zéro/],
    [{ quantite: '-2' }, /La quantité doit être supérieure à zéro/],
    [{ quantite: 'deux' }, /Quantité invalide/],
    [{ prix: '-5' }, /Le prix ne peut pas être négatif/],
    [{ prix: '250000' }, /Montant invraisemblable/],
    [{ tva: '1500' }, /Taux de TVA inconnu/],
    [{ tva: '2000' }, /TVA non applicable/],
    [{ description: '' }, /obligatoire|Ce champ/i],
  ]) {
    r = await post(`${base}/lignes`, { ...line, ...change }, { cookie, localAddress: addr });
    assert.equal(r.status, 422, JSON.stringify(change));
    assert.match(r.text, msg, JSON.stringify(change));
  }
  assert.equal(psql(`SELECT count(*) FROM invoice_line WHERE invoice_id = ${id}`), '0');
  r = await post(`${base}/emettre`, { csrf }, { cookie, localAddress: addr });
  assert.equal(r.status, 409, 'no line: not issued');
  assert.match(r.text, /Ajoutez au moins une ligne/);

  r = await post(`${base}/lignes`, line, { cookie, localAddress: addr });
  assert.equal(r.status, 303);
  // A draft's PDF is a plain PDF (no e-invoice inside), and named so.
  const draftPage = await get(base, { headers: { Cookie: staff.cookie }, localAddress: addr });
  assert.match(draftPage.text, /PDF du brouillon/);
  const draftPdf = await get(`${base}.pdf`, { headers: { Cookie: staff.cookie }, localAddress: addr });
  assert.equal(draftPdf.status, 200);
  assert.ok(!draftPdf.body.includes('factur-x.xml'), 'a draft carries no Factur-X XML');
  r = await post(`${base}/lignes`, { ...line, description: 'Café d’accueil', quantite: '12', unite: 'C62', prix: '2,50', nature: 'other' },
    { cookie, localAddress: addr });
  assert.equal(r.status, 303);
  r = await post(`${base}/emettre`, { csrf }, { cookie, localAddress: addr });
  assert.equal(r.status, 303);
  const [inv] = psqlRows(`SELECT number, status, gross_cents, public_token FROM invoice WHERE id = ${id}`);
  assert.match(inv.number, /^F\d{4}-\d{5}$/);
  assert.deepEqual([inv.status, inv.gross_cents], ['issued', 18000]);
  assert.equal(psql(`SELECT count(*) FROM outbox o JOIN outbox_attachment a ON a.outbox_id = o.id
    WHERE o.to_addr = 'compta.${RUN}@example.org' AND a.filename = '${inv.number}.pdf'`), '1', 'sent with its PDF');
  // The PDF mailed and served for an issued invoice is its Factur-X (PDF/A-3, the XML inside).
  assert.equal(psql(`SELECT bool_and(substring(a.body from 1 for 8) = '%PDF-1.7'::bytea
      AND position('/AFRelationship /Alternative'::bytea in a.body) > 0 AND position('factur-x.xml'::bytea in a.body) > 0)
    FROM outbox o JOIN outbox_attachment a ON a.outbox_id = o.id
    WHERE o.to_addr = 'compta.${RUN}@example.org' AND a.filename = '${inv.number}.pdf'`), 't', 'the mailed PDF is a Factur-X');
  const issuedPage = await get(base, { headers: { Cookie: staff.cookie }, localAddress: addr });
  assert.match(issuedPage.text, /Facture PDF \(Factur-X\)/);
  const staffPdf = await get(`${base}.pdf`, { headers: { Cookie: staff.cookie }, localAddress: addr });
  assert.equal(staffPdf.status, 200);
  assert.equal(staffPdf.body.subarray(0, 8).toString(), '%PDF-1.7');
  assert.ok(staffPdf.body.includes('factur-x.xml') && staffPdf.body.includes('/GTS_PDFA1'), 'the staff PDF is a Factur-X');

  // Nothing issued twice; an issued invoice takes no line.
  r = await post(`${base}/emettre`, { csrf }, { cookie, localAddress: addr });
  assert.equal(r.status, 409);
  assert.match(r.text, /déjà émis/);
  r = await post(`${base}/lignes`, line, { cookie, localAddress: addr });
  assert.equal(r.status, 409);
  assert.match(r.text, /ne peut plus être modifié/);

  const view = await get(base, { headers: { Cookie: cookie } });
  assert.equal(view.status, 200);
  for (const m of ['Prestations de services', 'SIREN 732829320', 'TVA non applicable, art. 293 B du CGI',
    'Pas d’escompte pour paiement anticipé', 'indemnité forfaitaire pour frais de recouvrement de 40 €',
    '180,00', 'Empreinte d’inaltérabilité']) assert.ok(text(view.text).includes(m), m);

  // Payments: above the balance refused, partial, then the rest.
  const today = psql("SELECT to_char(paris_today(), 'YYYY-MM-DD')");
  const pay = { csrf, date: today, montant: '180,01', mode: 'virement', reference: 'VIR 1' };
  r = await post(`${base}/paiements`, pay, { cookie, localAddress: addr });
  assert.equal(r.status, 422);
  assert.match(r.text, /dépasse le reste à payer/);
  r = await post(`${base}/paiements`, { ...pay, montant: '0' }, { cookie, localAddress: addr });
  assert.equal(r.status, 422);
  assert.match(r.text, /supérieur à zéro/);
  r = await post(`${base}/paiements`, { ...pay, montant: '80' }, { cookie, localAddress: addr });
  assert.equal(r.status, 303);
  assert.equal(psql(`SELECT status || '/' || paid_cents FROM invoice WHERE id = ${id}`), 'partly_paid/8000');
  r = await post(`${base}/avoir`, { csrf }, { cookie, localAddress: addr });
  assert.equal(r.status, 409, 'a partly paid invoice is not cancelled by a credit note');
  r = await post(`${base}/paiements`, { ...pay, montant: '100', mode: 'cheque' }, { cookie, localAddress: addr });
  assert.equal(r.status, 303);
  assert.equal(psql(`SELECT status FROM invoice WHERE id = ${id}`), 'paid');

  // A second invoice, cancelled by a credit note. An individual needs an e-mail address: it is
  // the electronic address of the invoice (BT-49, BR-FR-12).
  r = await post('/admin/factures/nouvelle', { csrf, nom: `Particulier ${RUN}`, delai: '0' }, { cookie, localAddress: addr });
  assert.equal(r.status, 422, 'an individual without e-mail is refused');
  assert.ok(text(r.text).includes('L’e-mail d’un particulier est obligatoire'));
  r = await post('/admin/factures/nouvelle', { csrf, nom: `Particulier ${RUN}`, email: `part.${RUN}@example.org`, delai: '0' },
    { cookie, localAddress: addr });
  const id2 = /\/admin\/factures\/(\d+)/.exec(r.headers.location)[1];
  await post(`/admin/factures/${id2}/lignes`, { ...line, prix: '10' }, { cookie, localAddress: addr });
  r = await post(`/admin/factures/${id2}/emettre`, { csrf }, { cookie, localAddress: addr });
  assert.equal(r.status, 303);
  r = await post(`/admin/factures/${id2}/avoir`, { csrf }, { cookie, localAddress: addr });
  assert.equal(r.status, 303);
  const cn = /\/admin\/factures\/(\d+)\?ok=avoir/.exec(r.headers.location)[1];
  r = await post(`/admin/factures/${cn}/emettre`, { csrf }, { cookie, localAddress: addr });
  assert.equal(r.status, 303);
  const [c] = psqlRows(`SELECT a.number, f.status, f.number AS corrects FROM invoice a JOIN invoice f ON f.id = a.corrects_id WHERE a.id = ${cn}`);
  assert.match(c.number, /^A\d{4}-\d{5}$/);
  assert.equal(c.status, 'cancelled');
  const cview = await get(`/admin/factures/${cn}`, { headers: { Cookie: cookie } });
  assert.ok(text(cview.text).includes(`Avoir portant sur la facture n° ${c.corrects}`));
  // A credit note is dated as a credit note, on the staff page and on its customer's link.
  assert.ok(text(cview.text).includes('Date de l’avoir'));
  assert.ok(!text(cview.text).includes('Date de facture'));
  const cpub = await get(`/factures/${psql(`SELECT public_token FROM invoice WHERE id = ${cn}`)}`);
  assert.ok(text(cpub.text).includes('Date de l’avoir'));
  const iview = await get(`/admin/factures/${id2}`, { headers: { Cookie: cookie } });
  assert.ok(text(iview.text).includes('Date de facture'));

  // The customer's link: the issued document, its downloads; a wrong token is 404.
  const pub = await get(`/factures/${inv.public_token}`);
  assert.equal(pub.status, 200);
  assert.ok(text(pub.text).includes(`Facture n° ${inv.number}`));
  assert.match(pub.headers['cache-control'] || '', /no-store/);
  const pdf = await get(`/factures/${inv.public_token}.pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(pdf.body.subarray(0, 8).toString(), '%PDF-1.7');
  assert.ok(pdf.body.includes('factur-x.xml') && pdf.body.includes('pdfaid:part'), 'the customer PDF is a Factur-X');
  // The downloads are named for what they are: the separate XML is not "Factur-X".
  assert.match(pub.text, /Facture PDF \(Factur-X\)/);
  assert.match(pub.text, /XML CII \(EN 16931\)/);
  assert.doesNotMatch(pub.text, /XML Factur-X/);
  const xml = await get(`/factures/${inv.public_token}.xml`);
  assert.equal(xml.status, 200);
  assert.match(xml.headers['content-type'], /^application\/xml/);
  assert.ok(xml.text.includes(inv.number));
  const wrongToken = inv.public_token.slice(0, -1) + (inv.public_token.endsWith('A') ? 'B' : 'A');
  for (const p of [`/factures/${wrongToken}`, `/factures/${wrongToken}.pdf`, '/factures/court', '/factures/<script>']) {
    assert.equal((await get(encodeURI(p))).status, 404, p);
  }
});

test('a draft is never shown by its link', { skip }, async () => {
  const id = psql(`INSERT INTO invoice (customer_name) VALUES ('Brouillon ${RUN}') RETURNING id`);
  const token = psql(`SELECT public_token FROM invoice WHERE id = ${id}`);
  assert.equal((await get(`/factures/${token}`)).status, 404);
  assert.equal((await get(`/factures/${token}.xml`)).status, 404);
});

test('a monthly run or issue with a bad month answers 422 and issues nothing', { skip }, async () => {
  const staff = login('staff');
  const addr = freshAddr();
  const month = psql("SELECT to_char(paris_today(), 'YYYY-MM')");
  const { cookie, csrf } = await page(staff, `/admin/factures/mensuel?mois=${month}`, addr);
  const before = psql("SELECT count(*) FROM invoice WHERE status = 'draft'");
  for (const mois of ['1999-13', 'x', '']) {
    for (const url of ['/admin/factures/mensuel/emettre', '/admin/factures/mensuel']) {
      const r = await post(url, { csrf, mois }, { cookie, localAddress: addr });
      assert.equal(r.status, 422, `${url} mois=${JSON.stringify(mois)}`);
      assert.match(text(r.text), /Mois invalide/);
    }
  }
  const r = await post('/admin/factures/mensuel/emettre', { csrf }, { cookie, localAddress: addr });
  assert.equal(r.status, 422, 'no month at all');
  assert.equal(psql("SELECT count(*) FROM invoice WHERE status = 'draft'"), before, 'no draft was issued');
});

test('the monthly run page twice invoices nothing twice; verification page', { skip }, async () => {
  const staff = login('staff');
  const addr = freshAddr();
  const person = psql(`INSERT INTO person (email, first_name, last_name, profile, status)
    VALUES ('run.${RUN}@example.org', 'Run', 'Page', 'independant', 'pending') RETURNING id`);
  psql(`INSERT INTO membership (person_id, starts_on, ends_on, fee_cents)
    VALUES (${person}, paris_today(), paris_today() + 364, 2000)`);
  const month = psql("SELECT to_char(paris_today(), 'YYYY-MM')");
  const { cookie, csrf } = await page(staff, `/admin/factures/mensuel?mois=${month}`, addr);
  let r = await post('/admin/factures/mensuel', { csrf, mois: month }, { cookie, localAddress: addr });
  assert.equal(r.status, 303);
  r = await post('/admin/factures/mensuel', { csrf, mois: month }, { cookie, localAddress: addr });
  assert.equal(r.status, 303);
  assert.match(r.headers.location, /lignes=0$/, 'the second run adds nothing');
  const shown = await get(r.headers.location, { headers: { Cookie: cookie } });
  assert.match(text(shown.text), /0\sligne ajoutée aux brouillons du mois/);
  assert.equal(psql(`SELECT count(*) FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id WHERE i.person_id = ${person}`), '1');

  const v = await get('/admin/factures/verification', { headers: { Cookie: cookie } });
  assert.equal(v.status, 200);
  assert.match(text(v.text), /La chaîne est intacte/);
});

test('the member sees their own issued invoices at /factures, not others\'', { skip }, async () => {
  const member = login('member');
  const mine = psql(`WITH i AS (INSERT INTO invoice (person_id, customer_name) VALUES (${member.id}, 'Moi ${RUN}') RETURNING id)
    INSERT INTO invoice_line (invoice_id, description, quantity_milli, unit_price_cents) SELECT id, 'Carnet', 1000, 7000 FROM i RETURNING invoice_id`);
  const number = psql(`SELECT invoice_issue(${mine}, NULL)`);
  const res = await get('/factures', { headers: { Cookie: member.cookie } });
  assert.equal(res.status, 200);
  assert.ok(res.text.includes(number));
  const other = login('member');
  const res2 = await get('/factures', { headers: { Cookie: other.cookie } });
  assert.ok(!res2.text.includes(number));
  assert.match(text(res2.text), /pas encore de facture/);
});
