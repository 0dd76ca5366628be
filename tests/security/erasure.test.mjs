// erasure.test.mjs: the GDPR erasure of a person (POST /admin/membres/<id>/effacer) and the
// retention clean-up (POST /admin/rgpd/nettoyage) never fail on a foreign key. Replays the
// review's finding (a mailed payment reminder made both roll back) with a person who has
// every kind of data; checks that what the law keeps is kept (issued invoices unchanged,
// payments, the reminder record, a recently used SEPA mandate) and that the rest is gone;
// and reads the catalogue so that a new foreign key that would block either is caught here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, psql, psqlRows, count, hidden, freshAddr, formBody, poll } from '../integration/lib.mjs';

const ADMIN = { email: 'equipe@lafontaine-agen.example', password: 'fontaine-demo-2026' };

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

  headers() {
    return this.jar.size ? { Cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  async get(p) {
    return this.keep(await request({ path: p, headers: this.headers(), localAddress: this.localAddress }));
  }

  async post(p, fields = {}) {
    const body = formBody({ csrf: this.csrf, ...fields });
    const headers = { ...this.headers(), 'Content-Type': 'application/x-www-form-urlencoded',
      'Content-Length': Buffer.byteLength(body) };
    return this.keep(await request({ method: 'POST', path: p, headers, body, localAddress: this.localAddress }));
  }
}

async function logIn({ email, password }) {
  const c = new Client();
  await c.get('/connexion');
  const res = await c.post('/connexion', { email, mot_de_passe: password, retour: '/compte' });
  assert.equal(res.status, 303, `login of ${email} answered ${res.status}`);
  assert.ok(c.jar.has('session'), `${email} has a session`);
  return c;
}

const tag = () => `${process.pid.toString(36)}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

// A member with the demo password; returns {id, email, password}.
function makeMember(extraSql = '') {
  const email = `efface-moi-${tag()}@example.org`;
  const id = Number(psql(`INSERT INTO person (email, first_name, last_name, phone, profile, role, status,
      password_hash, email_verified_at, newsletter, newsletter_at, billing_street, billing_postcode, billing_city)
    SELECT :'email', 'Ninon', 'Effaçable', '05 53 11 22 33', 'independant', 'member', 'active',
      password_hash, now(), true, now(), '12 rue Molinier', '47000', 'Agen'
    FROM person WHERE email = '${ADMIN.email}' RETURNING id;`, { email }));
  if (extraSql) psql(extraSql.replaceAll('$PERSON', String(id)));
  return { id, email, password: ADMIN.password };
}

// An issued invoice of person id (one line of cents), due today; returns its id.
function issuedInvoice(id, email, cents) {
  const inv = Number(psql(`WITH i AS (INSERT INTO invoice (person_id, customer_name, customer_street,
        customer_postcode, customer_city, customer_email, payment_days)
      VALUES (${id}, 'Ninon Effaçable', '12 rue Molinier', '47000', 'Agen', :'email', 0) RETURNING id),
    l AS (INSERT INTO invoice_line (invoice_id, description, quantity_milli, unit_price_cents)
      SELECT id, 'Carnet de 10 demi-journées', 1000, ${cents} FROM i)
    SELECT id FROM i;`, { email }));
  psql(`SELECT invoice_issue(${inv}, NULL);`);
  return inv;
}

// Mails a first reminder for invoice inv (due yesterday for the time of the call: the hash
// covers due_date, so it is put back afterwards) and waits until the mailer has sent it.
async function mailedReminder(inv) {
  psql(`SET session_replication_role = replica; UPDATE invoice SET due_date = due_date - 1 WHERE id = ${inv};`);
  const ob = Number(psql(`SELECT invoice_remind(${inv}, 1, 'http://127.0.0.1/factures/x');`));
  psql(`SET session_replication_role = replica; UPDATE invoice SET due_date = due_date + 1 WHERE id = ${inv};`);
  const sent = await poll(() => psql(`SELECT status FROM outbox WHERE id = ${ob}`) === 'sent', { within: 30000 });
  assert.ok(sent.value, `the reminder mail ${ob} was sent by the mailer`);
  return ob;
}

// The tables person_erase() and cleanup_expired() delete from, and the foreign keys into them
// that may stay NO ACTION because the functions never delete a row they reference (each
// with the reason). Any other key into these tables must be CASCADE or SET NULL/DEFAULT.
const DELETED_FROM = ['person', 'session', 'auth_token', 'login_attempt', 'contact_message',
  'newsletter_optout', 'outbox', 'invoice', 'sepa_mandate', 'membership', 'person_formula'];
const GUARDED = {
  'invoice.person_id': 'cleanup_expired keeps an account with an invoice; erasure anonymises, never deletes, the person',
  'membership.person_id': 'cleanup_expired deletes the memberships of the accounts it deletes first',
  'person_formula.person_id': 'same, for formulas',
  'payment.created_by': 'cleanup_expired keeps an account that recorded a payment (0017)',
  'sepa_mandate.person_id': 'cleanup_expired keeps an account with a mandate (0017)',
  'booking.formula_id': 'cleanup_expired keeps an account whose formula a booking uses (0017)',
  'booking_correction.formula_id': 'a correction gives back the carnet half-day of a booking (booking.formula_id), whose account cleanup_expired keeps (0024)',
  'payment.invoice_id': 'only drafts are deleted, and a draft takes no payment',
  'invoice_reminder.invoice_id': 'only drafts are deleted, and a draft is never overdue',
  'invoice_frozen.invoice_id': 'only drafts are deleted, and a draft is never frozen (invoice_freeze refuses it, 0022)',
  'invoice.corrects_id': 'only drafts are deleted, and a credit note corrects an issued invoice',
  'sepa_debit.invoice_id': 'only drafts are deleted, and a draft is never debited',
  'sepa_debit.mandate_id': 'a mandate that a debit names is kept, revoked (trigger sepa_mandate_keep_debited, 0020)',
  'sepa_batch.created_by': 'persons are anonymised, never deleted; cleanup_expired deletes only never-verified accounts, which create no batch',
};

test('no foreign key can roll back person_erase() or cleanup_expired()', () => {
  const keys = psqlRows(`SELECT c.conrelid::regclass::text AS tbl, a.attname AS col,
      c.confrelid::regclass::text AS ref, c.confdeltype AS del
    FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND c.confrelid::regclass::text = ANY (:'tables'::text[])
    ORDER BY 1, 2`, { tables: `{${DELETED_FROM.join(',')}}` });
  assert.ok(keys.some((k) => k.tbl === 'invoice_reminder' && k.col === 'outbox_id'), 'the catalogue was read');
  const blocking = keys.filter((k) => ['a', 'r'].includes(k.del) && !GUARDED[`${k.tbl}.${k.col}`])
    .map((k) => `${k.tbl}.${k.col} -> ${k.ref} (ON DELETE ${k.del === 'a' ? 'NO ACTION' : 'RESTRICT'})`);
  assert.deepEqual(blocking, [], 'foreign keys that would block the erasure or the clean-up');
});

test('erasing a person who has every kind of data succeeds, keeps what the law keeps, removes the rest', async () => {
  const p = makeMember(`
    INSERT INTO membership (person_id, starts_on, ends_on, fee_cents)
      VALUES ($PERSON, date_trunc('year', paris_today()), date_trunc('year', paris_today()) + interval '1 year - 1 day', 2000);
    INSERT INTO person_formula (person_id, price_code, unit_cents, member_price, status, halfdays_total)
      VALUES ($PERSON, 'carnet_10', 7000, true, 'active', 10);
    INSERT INTO auth_token (person_id, purpose, token_hash, expires_at)
      VALUES ($PERSON, 'verify', gen_random_bytes(32), now() + interval '1 day');`);
  const who = { email: p.email };
  // A session (and a login attempt) through the login form.
  const member = await logIn(p);
  // A desk booking (a use of the open space) through the member's own page.
  const day = psql(`SELECT d::date FROM generate_series(paris_today() + 7, paris_today() + 60, interval '1 day') d
    WHERE extract(isodow FROM d) BETWEEN 1 AND 5 AND closed_reason(d::date, NULL) IS NULL
      AND EXISTS (SELECT 1 FROM opening_hours o WHERE o.space_id = 1 AND o.weekday = extract(isodow FROM d))
    ORDER BY random() LIMIT 1`);
  assert.equal((await member.get('/mes-reservations')).status, 200);
  const booked = await member.post('/mes-reservations', { jour: day, creneau: 'am' });
  assert.equal(booked.status, 303, `desk booking on ${day}: ${booked.status} ${booked.text.slice(0, 300)}`);
  assert.equal(count('use_halfday', `person_id = ${p.id}`), 1, 'the booking is a use');
  // An event registration, a contact message, an audit row of a staff edit.
  psql(`INSERT INTO registration (event_id, person_id, name, email, status, cancel_token_hash)
      SELECT id, ${p.id}, 'Ninon Effaçable', :'email', 'confirmed', gen_random_bytes(32)
      FROM event WHERE space_id = 1 AND status = 'published' AND starts_at > now() AND capacity IS NULL ORDER BY id LIMIT 1;
    INSERT INTO contact_message (name, email, subject, body) VALUES ('Ninon Effaçable', :'email', 'Visite', 'Bonjour');
    INSERT INTO audit_log (person_id, action, table_name, row_id, before, after)
      SELECT id, 'edit', 'person', ${p.id}, jsonb_build_object('email', :'email'), jsonb_build_object('phone', '05 53 11 22 33')
      FROM person WHERE email = '${ADMIN.email}';`, who);
  assert.equal(count('registration', `person_id = ${p.id}`), 1, 'registered to an event');
  // Invoices: one issued, half paid, reminded by mail; one draft.
  const inv = issuedInvoice(p.id, p.email, 7000);
  psql(`INSERT INTO payment (invoice_id, paid_on, amount_cents, method, reference)
    VALUES (${inv}, paris_today(), 3500, 'virement', 'VIR N EFFACABLE');`);
  const reminderMail = await mailedReminder(inv);
  const draft = Number(psql(`INSERT INTO invoice (person_id, customer_name, customer_email)
    VALUES (${p.id}, 'Ninon Effaçable', :'email') RETURNING id;`, who));
  // SEPA: an active mandate used last month (kept 13 months, revoked), an old one (deleted).
  const rum = `T-${tag()}`.slice(0, 35);
  psql(`INSERT INTO sepa_mandate (person_id, rum, signed_on, debtor_name, iban, status, last_collected_on) VALUES
    (${p.id}, :'rum' || 'A', paris_today() - 400, 'Ninon Effaçable', 'FR7630004005500001234567840', 'active', paris_today() - 30),
    (${p.id}, :'rum' || 'B', paris_today() - 1500, 'Ninon Effaçable', 'FR7630004005500001234567840', 'revoked', paris_today() - 900);`, { rum });
  const issuedBefore = psqlRows(`SELECT number, hash, customer_name, customer_email, gross_cents, paid_cents, status
    FROM invoice WHERE id = ${inv}`)[0];
  for (const [table, where] of [['session', `person_id = ${p.id}`], ['auth_token', `person_id = ${p.id}`],
    ['login_attempt', `email_lower = '${p.email}'`], ['outbox', `to_addr = '${p.email}'`],
    ['membership', `person_id = ${p.id}`], ['invoice_reminder', `invoice_id = ${inv}`]])
    assert.ok(count(table, where) > 0, `the person has ${table} rows before the erasure`);

  // The erasure, by an admin through the back office.
  const admin = await logIn(ADMIN);
  assert.equal((await admin.get(`/admin/membres/${p.id}`)).status, 200);
  const res = await admin.post(`/admin/membres/${p.id}/effacer`, { confirmation: 'EFFACER' });
  assert.equal(res.status, 303, `erasure answered ${res.status}: ${res.text.slice(0, 300)}`);
  assert.equal(res.header('location'), '/admin/membres?ok=efface');

  // Gone: personal data, sessions, tokens, attempts, messages, mails, the draft, the old mandate.
  const person = psqlRows(`SELECT email, first_name, last_name, phone, billing_street, newsletter,
    password_hash IS NULL AS no_password, status FROM person WHERE id = ${p.id}`)[0];
  assert.deepEqual(person, { email: `efface-${p.id}@invalid.example`, first_name: 'Personne', last_name: 'effacée',
    phone: null, billing_street: null, newsletter: false, no_password: true, status: 'closed' });
  for (const [table, where] of [['session', `person_id = ${p.id}`], ['auth_token', `person_id = ${p.id}`],
    ['login_attempt', `email_lower = '${p.email}'`], ['contact_message', `email = '${p.email}'`],
    ['outbox', `lower(to_addr) = '${p.email}'`], ['invoice', `id = ${draft}`],
    ['registration', `email = '${p.email}'`], ['booking', `email = '${p.email}' OR person_id = ${p.id} AND contact_name <> 'Personne effacée'`],
    ['audit_log', `table_name = 'person' AND row_id = ${p.id} AND (before::text LIKE '%${p.email}%' OR after::text LIKE '%05 53 11%')`],
    ['sepa_mandate', `rum = '${rum}B'`]])
    assert.equal(count(table, where), 0, `no ${table} row left (${where})`);
  assert.equal(count('outbox', `id = ${reminderMail}`), 0, 'the reminder mail is deleted');
  // The session the member had is dead.
  assert.equal((await member.get('/compte')).status, 303, 'the erased person is logged out');
  // Kept: the issued invoice unchanged (ten years), its payment, the reminder record, the
  // use (anonymised), the membership, the recent mandate (revoked), the registration (anonymised).
  assert.deepEqual(psqlRows(`SELECT number, hash, customer_name, customer_email, gross_cents, paid_cents, status
    FROM invoice WHERE id = ${inv}`)[0], issuedBefore, 'the issued invoice is kept unchanged');
  assert.equal(psql(`SELECT ok FROM invoice_chain_verify()`), 't', 'the hash chain is intact');
  assert.equal(count('payment', `invoice_id = ${inv}`), 1, 'the payment is kept');
  assert.deepEqual(psqlRows(`SELECT level, outbox_id FROM invoice_reminder WHERE invoice_id = ${inv}`),
    [{ level: 1, outbox_id: null }], 'the reminder is recorded, without its mail');
  assert.equal(count('use_halfday', `person_id = ${p.id}`), 1, 'the use still counts');
  assert.equal(count('membership', `person_id = ${p.id}`), 1, 'the membership is kept');
  assert.equal(psql(`SELECT status FROM sepa_mandate WHERE rum = '${rum}A'`), 'revoked',
    'a mandate collected within 13 months is kept, revoked');
  assert.equal(count('registration', `person_id = ${p.id} AND name = 'Personne effacée'`), 1);
  assert.equal(count('audit_log', `action = 'erase' AND table_name = 'person' AND row_id = ${p.id}`), 1,
    'the erasure is in the audit log');
  // The back office says so, and the person can be looked at (anonymised).
  assert.equal((await admin.get(`/admin/membres/${p.id}`)).status, 200);
});

test('the retention clean-up succeeds with mailed reminders and accounts tied to a mandate or a payment', async () => {
  // A customer who was reminded 13 months ago: the mail is past its retention period.
  const p = makeMember();
  const inv = issuedInvoice(p.id, p.email, 2500);
  const oldMail = await mailedReminder(inv);
  psql(`UPDATE outbox SET created_at = now() - interval '13 months' WHERE id = ${oldMail};
        UPDATE invoice_reminder SET sent_at = now() - interval '13 months' WHERE invoice_id = ${inv};`);
  // Never-verified accounts 40 days old: a bare one (deleted), one with a mandate and one that
  // recorded a payment (kept: the keys would block their deletion).
  const pending = (extra = '') => Number(psql(`INSERT INTO person (email, first_name, last_name, profile, role, status, created_at)
    VALUES ('pendant-${tag()}@example.org', 'Jamais', 'Validé', 'independant', 'member', 'pending', now() - interval '40 days')
    RETURNING id;`));
  const bare = pending();
  const withMandate = pending();
  psql(`INSERT INTO sepa_mandate (person_id, rum, signed_on, debtor_name, iban)
    VALUES (${withMandate}, :'rum', paris_today(), 'Jamais Validé', 'FR7630004005500001234567840');`, { rum: `C-${tag()}`.slice(0, 35) });
  const withPayment = pending();
  const inv2 = issuedInvoice(p.id, p.email, 1000);
  psql(`INSERT INTO payment (invoice_id, paid_on, amount_cents, method, created_by)
    VALUES (${inv2}, paris_today(), 1000, 'especes', ${withPayment});`);
  const admin = await logIn(ADMIN);
  assert.equal((await admin.get('/admin/rgpd')).status, 200);
  const res = await admin.post('/admin/rgpd/nettoyage', {});
  assert.equal(res.status, 200, `clean-up answered ${res.status}: ${res.text.slice(0, 300)}`);
  assert.match(res.text, /E-mails envoyés/);
  assert.equal(count('outbox', `id = ${oldMail}`), 0, 'the 13-month-old mail is deleted');
  assert.deepEqual(psqlRows(`SELECT level, outbox_id FROM invoice_reminder WHERE invoice_id = ${inv}`),
    [{ level: 1, outbox_id: null }], 'the reminder record is kept, without its mail');
  assert.equal(count('person', `id = ${bare}`), 0, 'a bare never-verified account is deleted');
  assert.equal(count('person', `id = ${withMandate}`), 1, 'an account with a mandate is kept');
  assert.equal(count('person', `id = ${withPayment}`), 1, 'an account that recorded a payment is kept');
  // The same function run by cron as postgres.
  assert.match(psql(`SELECT string_agg(what, ',') FROM cleanup_expired()`), /mails/);
});
