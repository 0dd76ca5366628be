// invoice_frozen.test.mjs: issued means frozen (schema/0022_frozen_documents.sql). An invoice
// issued through the staff page has its PDF and CII XML stored at issue, sealed into the hash
// chain; the customer's and the staff's downloads are those bytes, the same after a payment
// (which never shows as TotalPrepaidAmount, BT-113: paid before the invoice); the payments are
// on a separate statement. A payment recorded by mistake is cancelled by a reversing entry
// (never deleted), once, with its reason in the audit log; fontaine-invoicectl verify passes.
// (Tampering the stored bytes is tested in the invoice tier, tests/invoice/frozen.sh: a tier
// that runs alone, so that a broken chain never meets another test.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { get, post, psql, csrfCookie, hidden, freshAddr, PROGRAMS, SRC } from './lib.mjs';

const RUN = `fz${process.pid}x${Date.now().toString(36)}`;
const skip = PROGRAMS.includes('invoice') ? false : 'the invoice program is not in FONTAINE_PROGRAMS';
const CTL = process.env.FONTAINE_INVOICECTL || `${SRC}/build/cgi/fontaine-invoicectl`;
const sha = (buf) => crypto.createHash('sha256').update(buf).digest('hex');
const text = (html) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

function login(role) {
  const email = `${role}.${RUN}.${crypto.randomBytes(3).toString('hex')}@example.org`;
  const token = crypto.randomBytes(32).toString('base64url');
  const hash = execFileSync('/usr/bin/python3', ['-c',
    'import hashlib,sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())', token],
  { encoding: 'utf8' }).trim();
  const id = psql(`INSERT INTO person (email, first_name, last_name, profile, role, status, password_hash)
    VALUES (:'email', 'Test', :'role', 'autre', :'role', 'active', '$argon2id$v=19$m=65536,t=2,p=1$x$y') RETURNING id;
    INSERT INTO session (person_id, token_hash) SELECT id, decode(:'hash', 'hex') FROM person WHERE email = :'email';`,
  { email, role, hash }).split('\n')[0];
  return { id, cookie: `session=${token}` };
}

async function page(user, p, addr) {
  const res = await get(p, { headers: { Cookie: user.cookie }, localAddress: addr });
  const c = csrfCookie(res);
  return { res, cookie: c ? `${user.cookie}; ${c}` : user.cookie, csrf: hidden(res.text, 'csrf') };
}

// A draft for an individual with one line of 120,00 € (no VAT: the demo association's franchise).
function draft(name) {
  return psql(`WITH i AS (INSERT INTO invoice (customer_name, customer_email, customer_street, customer_postcode, customer_city)
      VALUES (:'name', :'email', '1 rue du Gravier', '47000', 'Agen') RETURNING id),
    l AS (INSERT INTO invoice_line (invoice_id, description, quantity_milli, unit_price_cents) SELECT id, 'Bureau privé', 1000, 12000 FROM i)
    SELECT id FROM i`, { name, email: `client.${crypto.randomBytes(3).toString('hex')}.${RUN}@example.org` });
}

const prepaid = (xml) => {
  const m = /<ram:TotalPrepaidAmount[^>]*>([^<]*)</.exec(xml);
  return m ? m[1] : null;
};

test('issued means frozen: the same bytes after a payment, no prepaid amount, a separate statement', { skip }, async () => {
  const staff = login('staff');
  const addr = freshAddr();
  const id = draft(`Figée ${RUN}`);
  const base = `/admin/factures/${id}`;
  let { cookie, csrf } = await page(staff, base, addr);
  const livePdf = await get(`${base}.pdf`, { headers: { Cookie: cookie } });
  assert.equal(livePdf.status, 200, 'a draft is rendered live');
  assert.match(execFileSync('/usr/bin/pdftotext', ['-', '-'], { input: livePdf.body }).toString(), /Brouillon/, 'marked as a draft');
  assert.equal(psql(`SELECT count(*) FROM invoice_frozen WHERE invoice_id = ${id}`), '0', 'a draft is never stored');

  let r = await post(`${base}/emettre`, { csrf }, { cookie, localAddress: addr });
  assert.equal(r.status, 303);
  const [token, number, hash] = psql(`SELECT public_token, number, hash FROM invoice WHERE id = ${id}`).split('|');
  const [pdfSha, xmlSha, seal, atIssue] = psql(`SELECT pdf_sha256, xml_sha256, seal, at_issue FROM invoice_frozen WHERE invoice_id = ${id}`).split('|');
  assert.equal(atIssue, 't', 'stored in the issuing transaction');
  assert.equal(seal, sha(Buffer.from(`${hash}\npdf|${pdfSha}\nxml|${xmlSha}\n`)), 'the seal covers the document hash and both files');
  // The seal is the chain's link after this document: the head now, or the next document's prev_hash.
  // (Each organisation has its chain, schema/0033: this document's.)
  assert.equal(psql(`SELECT coalesce((SELECT n.prev_hash FROM invoice i JOIN invoice n ON n.organisation_id = i.organisation_id
    AND n.chain_seq = i.chain_seq + 1 WHERE i.id = ${id}),
    (SELECT h.last_hash FROM invoice_chain h JOIN invoice i ON h.id = i.organisation_id WHERE i.id = ${id}))`), seal);

  const pdf1 = await get(`/factures/${token}.pdf`);
  const xml1 = await get(`/factures/${token}.xml`);
  const staffPdf1 = await get(`${base}.pdf`, { headers: { Cookie: cookie } });
  assert.equal(pdf1.status, 200);
  assert.equal(xml1.status, 200);
  assert.equal(sha(pdf1.body), pdfSha, 'the customer gets the stored PDF');
  assert.equal(sha(xml1.body), xmlSha, 'the customer gets the stored XML');
  assert.equal(sha(staffPdf1.body), pdfSha, 'the staff gets the stored PDF');
  assert.match(pdf1.headers['content-disposition'], new RegExp(`${number}\\.pdf`));
  // The mail of the issue carries the same PDF.
  assert.equal(psql(`SELECT encode(digest(a.body, 'sha256'), 'hex') FROM outbox_attachment a JOIN outbox o ON o.id = a.outbox_id
    WHERE a.filename = :'f' ORDER BY a.id DESC LIMIT 1`, { f: `${number}.pdf` }), pdfSha, 'the mailed PDF is the stored one');

  // A payment after issue: the documents do not move.
  const today = psql("SELECT to_char(paris_today(), 'YYYY-MM-DD')");
  r = await post(`${base}/paiements`, { csrf, date: today, montant: '50', mode: 'cheque', reference: `CHQ ${RUN}` },
    { cookie, localAddress: addr });
  assert.equal(r.status, 303);
  assert.equal(psql(`SELECT status || '/' || paid_cents FROM invoice WHERE id = ${id}`), 'partly_paid/5000');
  const pdf2 = await get(`/factures/${token}.pdf`);
  const xml2 = await get(`/factures/${token}.xml`);
  assert.equal(sha(pdf2.body), sha(pdf1.body), 'the PDF is byte for byte the one issued');
  assert.equal(sha(xml2.body), sha(xml1.body), 'the XML is byte for byte the one issued');
  assert.ok([null, '0.00'].includes(prepaid(xml2.text)), `no prepaid amount from a later payment (${prepaid(xml2.text)})`);
  assert.ok(!/Déjà réglé|50,00/.test(execFileSync('/usr/bin/pdftotext', ['-', '-'], { input: pdf2.body }).toString()),
    'the PDF shows no payment');

  // The statement of payments, apart from the document.
  const st = await get(`/factures/${token}/paiements`);
  assert.equal(st.status, 200);
  const t = text(st.text);
  for (const m of ['Relevé des règlements', 'Chèque', `CHQ ${RUN}`, '50,00', 'Reste à payer', '70,00'])
    assert.ok(t.includes(m), m);
  assert.match(st.headers['x-robots-tag'] || '', /noindex/);
  const customer = await get(`/factures/${token}`);
  assert.ok(customer.text.includes(`/factures/${token}/paiements`), 'the customer page links to the statement');
  const staffView = await get(base, { headers: { Cookie: cookie } });
  assert.ok(text(staffView.text).includes('Reste à payer 70,00'), 'the staff page shows the remaining due');

  // The chain verifies with the stored files.
  const out = execFileSync(CTL, ['-c', process.env.FONTAINE_CONFIG, 'verify'], { encoding: 'utf8' });
  assert.match(out, /^OK: /);
  assert.equal(psql('SELECT ok FROM invoice_chain_verify()'), 't');
});

test('a document issued without its files is frozen on its first request, outside the chain', { skip }, async () => {
  const id = draft(`Ancienne ${RUN}`);
  psql(`SELECT invoice_issue(${id}, NULL)`); // as before 0022 (or the demo data): no files
  const token = psql(`SELECT public_token FROM invoice WHERE id = ${id}`);
  assert.equal(psql(`SELECT count(*) FROM invoice_frozen WHERE invoice_id = ${id}`), '0');
  const xml = await get(`/factures/${token}.xml`);
  assert.equal(xml.status, 200);
  assert.equal(psql(`SELECT at_issue::text || '/' || (xml_sha256 = :'s') FROM invoice_frozen WHERE invoice_id = ${id}`, { s: sha(xml.body) }), 'false/true');
  const pdf = await get(`/factures/${token}.pdf`);
  assert.equal(sha(pdf.body), psql(`SELECT pdf_sha256 FROM invoice_frozen WHERE invoice_id = ${id}`));
  const again = await get(`/factures/${token}.xml`);
  assert.equal(sha(again.body), sha(xml.body), 'stored once, served as stored');
  assert.equal(psql('SELECT ok FROM invoice_chain_verify()'), 't');
});

test('a payment recorded by mistake is cancelled by a reversing entry, once, audited', { skip }, async () => {
  const staff = login('staff');
  const addr = freshAddr();
  const id = draft(`Erreur ${RUN}`);
  const base = `/admin/factures/${id}`;
  let { cookie, csrf } = await page(staff, base, addr);
  let r = await post(`${base}/emettre`, { csrf }, { cookie, localAddress: addr });
  assert.equal(r.status, 303);
  const token = psql(`SELECT public_token FROM invoice WHERE id = ${id}`);
  const pdfBefore = sha((await get(`/factures/${token}.pdf`)).body);
  const today = psql("SELECT to_char(paris_today(), 'YYYY-MM-DD')");
  r = await post(`${base}/paiements`, { csrf, date: today, montant: '120', mode: 'virement', reference: `VIR ${RUN}` },
    { cookie, localAddress: addr });
  assert.equal(r.status, 303);
  assert.equal(psql(`SELECT status FROM invoice WHERE id = ${id}`), 'paid');
  const pay = psql(`SELECT id FROM payment WHERE invoice_id = ${id}`);
  const view = await get(base, { headers: { Cookie: cookie } });
  assert.ok(view.text.includes(`action="${base}/paiements/${pay}/annuler"`), 'the staff page offers the reversal');

  // No reason: refused, nothing written.
  r = await post(`${base}/paiements/${pay}/annuler`, { csrf, motif: '' }, { cookie, localAddress: addr });
  assert.equal(r.status, 422);
  assert.match(text(r.text), /Indiquez le motif/);
  // Without the CSRF token: refused.
  r = await post(`${base}/paiements/${pay}/annuler`, { motif: 'Erreur de saisie' }, { cookie, localAddress: addr });
  assert.equal(r.status, 403);
  // A member and a visitor cannot call it.
  const member = login('member');
  r = await post(`${base}/paiements/${pay}/annuler`, { motif: 'Erreur de saisie' }, { cookie: member.cookie, localAddress: freshAddr() });
  assert.equal(r.status, 403);
  r = await post(`${base}/paiements/${pay}/annuler`, { motif: 'Erreur de saisie' }, { localAddress: freshAddr() });
  assert.equal(r.status, 403);
  // A payment of another invoice through this one's route: not found.
  const other = psql(`SELECT id FROM payment WHERE invoice_id <> ${id} ORDER BY id LIMIT 1`);
  if (other) {
    r = await post(`${base}/paiements/${other}/annuler`, { csrf, motif: 'Erreur de saisie' }, { cookie, localAddress: addr });
    assert.equal(r.status, 404);
  }
  assert.equal(psql(`SELECT count(*) FROM payment WHERE invoice_id = ${id}`), '1');

  r = await post(`${base}/paiements/${pay}/annuler`, { csrf, motif: `Virement d’un autre client ${RUN}` }, { cookie, localAddress: addr });
  assert.equal(r.status, 303);
  assert.equal(psql(`SELECT status || '/' || paid_cents FROM invoice WHERE id = ${id}`), 'issued/0', 'the amount is due again');
  assert.equal(psql(`SELECT amount_cents || '/' || reverses_id || '/' || reason FROM payment WHERE invoice_id = ${id} AND reverses_id IS NOT NULL`),
    `-12000/${pay}/Virement d’un autre client ${RUN}`);
  assert.equal(psql(`SELECT count(*) FROM payment WHERE id = ${pay}`), '1', 'the original is kept');
  assert.equal(psql(`SELECT person_id || '/' || action || '/' || (after->>'reason') FROM audit_log WHERE table_name = 'payment' AND row_id = ${pay} AND action = 'cancel'`),
    `${staff.id}/cancel/Virement d’un autre client ${RUN}`, 'who, what and why in the audit log');

  // Twice: refused with a French message; the database refuses it too.
  r = await post(`${base}/paiements/${pay}/annuler`, { csrf, motif: 'Encore' }, { cookie, localAddress: addr });
  assert.equal(r.status, 409);
  assert.match(text(r.text), /déjà annulé/);
  assert.throws(() => psql(`INSERT INTO payment (invoice_id, paid_on, amount_cents, method, reverses_id, reason)
    VALUES (${id}, paris_today(), -100, 'virement', ${pay}, 'doublon')`), /already reversed|payment_reversed_once/);
  // A reversal cannot exceed its payment, and a positive or unexplained reversal is refused.
  r = await post(`${base}/paiements`, { csrf, date: today, montant: '40', mode: 'especes' }, { cookie, localAddress: addr });
  assert.equal(r.status, 303);
  const p2 = psql(`SELECT id FROM payment WHERE invoice_id = ${id} AND amount_cents = 4000`);
  assert.throws(() => psql(`INSERT INTO payment (invoice_id, paid_on, amount_cents, method, reverses_id, reason)
    VALUES (${id}, paris_today(), -4001, 'especes', ${p2}, 'trop')`), /at most/);
  assert.throws(() => psql(`INSERT INTO payment (invoice_id, paid_on, amount_cents, method, reverses_id)
    VALUES (${id}, paris_today(), -4000, 'especes', ${p2})`), /payment_amount_sign/);
  assert.throws(() => psql(`DELETE FROM payment WHERE id = ${p2}`), /append-only/);

  // The statement shows the reversal; the frozen PDF never moved.
  const st = text((await get(`/factures/${token}/paiements`)).text);
  for (const m of ['Annulation du règlement', `Virement d’un autre client ${RUN}`, '−120,00', 'Reste à payer 80,00'])
    assert.ok(st.includes(m) || st.includes(m.replace('−', '-')), m);
  assert.equal(sha((await get(`/factures/${token}.pdf`)).body), pdfBefore);

  // The FEC of the month writes the reversal as its own entry: 411 debit, bank credit.
  const month = today.slice(0, 7);
  const fec = await get(`/admin/factures/fec?mois=${month}`, { headers: { Cookie: cookie } });
  assert.equal(fec.status, 200);
  const rows = fec.body.toString('latin1').split(/\r?\n/).filter((l) => l.includes(`Annulation règlement`) && l.includes(`Erreur ${RUN}`));
  assert.equal(rows.length, 2, 'two lines: the bank and the customer');
  const cols = rows.map((l) => l.split('\t'));
  assert.equal(cols[0][2], cols[1][2], 'one entry number');
  const bank = cols.find((c) => c[4].startsWith('512')), cust = cols.find((c) => c[4].startsWith('411'));
  assert.ok(bank && cust, 'a bank line and a customer line');
  assert.equal(bank[12], '120,00', 'the bank is credited');
  assert.equal(cust[11], '120,00', 'the customer is debited');
});
