// membership.test.mjs: the membership lifecycle run by staff (issue 19, schema/0024): a signup
// with a carnet listed as a request on /admin/adhesions, activated once (the invoice line made
// by the invoicing rules, the member's mail queued, the audit row written), a carnet sold at the
// desk (active and invoiced, or stored as not active yet), a use given back to the carnet once,
// no check-in on a day to come, a walk-in tied to a member drawing on their carnet and undone,
// the renewal reminder job (once, then not again before the repeat), the list of those not
// renewed, the renewal requested from the portal and accepted by staff, a membership that ends
// at its date leaving the general-assembly roll and member prices, a monthly formula invoiced
// for the month and stopped by its member for the end of the month, a lease ended at a date
// (not before a month already invoiced). Every run uses its own people and far days.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { request, psql, psqlRows, hidden, freshAddr, formBody } from './lib.mjs';

class Client {
  constructor(session) {
    this.localAddress = freshAddr();
    this.jar = new Map([['session', session]]);
    this.csrf = undefined;
  }

  keep(res) {
    for (const c of res.all['set-cookie'] || []) {
      const m = /^([^=;\s]+)=([^;]*)/.exec(c);
      if (m) this.jar.set(m[1], m[2]);
    }
    const token = hidden(res.text, 'csrf');
    if (token) this.csrf = token;
    return res;
  }

  cookie() { return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '); }

  async get(p) {
    return this.keep(await request({ path: p, headers: { Cookie: this.cookie() }, localAddress: this.localAddress }));
  }

  async post(p, fields = {}) {
    const body = formBody([['csrf', this.csrf], ...Object.entries(fields)]);
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), Cookie: this.cookie() };
    return this.keep(await request({ method: 'POST', path: p, headers, body, localAddress: this.localAddress }));
  }
}

let seq = 0;
const tag = () => `ms${process.pid.toString(36)}x${Date.now().toString(36)}x${++seq}`;
const one = (sql, vars) => psql(sql, vars).split('\n')[0];

function session(person) {
  const token = crypto.randomBytes(32).toString('base64url');
  const hash = execFileSync('/usr/bin/python3', ['-c',
    'import hashlib,sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())', token],
  { encoding: 'utf8' }).trim();
  psql(`INSERT INTO session (person_id, token_hash) VALUES (${person}, decode(:'hash', 'hex'))`, { hash });
  return token;
}

// A person signed up through signup_create (what POST /adhesion calls) with formula, the account
// then verified: {id, email, token}.
function signup(formula) {
  const t = tag();
  const email = `${t}@example.org`;
  const id = Number(one(`SELECT signup_create(:'email', 'Camille', :'t', NULL, 'independant', NULL, NULL, NULL, NULL,
      NULL, NULL, NULL, false, :'f', decode(md5(:'t') || md5(:'t'), 'hex'), 'Bienvenue', 'Texte', NULL, 'Inscription', 'Texte')`,
  { email, t, f: formula }));
  psql(`UPDATE person SET status = 'active', password_hash = '$argon2id$test', email_verified_at = now() WHERE id = ${id}`);
  return { id, email, token: session(id) };
}

function staffAccount() {
  const t = tag();
  const id = Number(one(`INSERT INTO person (email, first_name, last_name, profile, role, status, password_hash, email_verified_at)
    VALUES ('${t}@example.org', 'Alex', 'Équipe', 'autre', 'staff', 'active', '$argon2id$test', now()) RETURNING id`));
  return { id, token: session(id) };
}

// An open weekday far ahead, free of desk bookings of this run.
function farDay() {
  for (let i = 0; i < 200; i++) {
    const off = 70 + Math.floor(Math.random() * 250);
    const d = one(`SELECT (paris_today() + ${off})::text WHERE extract(isodow FROM paris_today() + ${off}) BETWEEN 1 AND 5
      AND closed_reason(paris_today() + ${off}, NULL) IS NULL
      AND EXISTS (SELECT 1 FROM opening_hours o WHERE o.space_id = 1 AND o.weekday = extract(isodow FROM paris_today() + ${off}))`);
    if (d) return d;
  }
  throw new Error('no open day');
}

const audit = (actor, action, table, row) => Number(one(`SELECT count(*) FROM audit_log WHERE person_id = ${actor}
  AND action = '${action}' AND table_name = '${table}' AND row_id = ${row}`));

test('staff journey: signup with a carnet, activation, invoice and mail, desk top-up, use given back, future check-in refused, walk-in of a member', async () => {
  const m = signup('carnet_10');
  const staff = staffAccount();
  const s = new Client(staff.token);
  const fid = Number(one(`SELECT id FROM person_formula WHERE person_id = ${m.id}`));
  const mid = Number(one(`SELECT id FROM membership WHERE person_id = ${m.id}`));

  // The request is listed, in French, with its actions.
  const list = await s.get(`/admin/adhesions?q=${encodeURIComponent(m.email)}`);
  assert.equal(list.status, 200);
  assert.ok(list.text.includes(`/admin/adhesions/formules/${fid}/activer`), 'the formula request is listed');
  assert.match(list.text, /Carnet de 10 demi-journées/);
  assert.doesNotMatch(list.text, /carnet_10<|\d{4}-\d{2}-\d{2}</, 'no internal code nor ISO date shown');

  // Activation: the carnet and the membership of the signup, invoiced by the rules, the mail queued.
  const act = await s.post(`/admin/adhesions/formules/${fid}/activer`);
  assert.equal(act.status, 303);
  assert.equal(one(`SELECT status FROM person_formula WHERE id = ${fid}`), 'active');
  assert.equal(one(`SELECT accepted_at IS NOT NULL FROM membership WHERE id = ${mid}`), 't');
  const lines = psqlRows(`SELECT l.source_key, i.status, i.person_id FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id
    WHERE l.source_key IN ('formula:${fid}', 'membership:${mid}') ORDER BY 1`);
  assert.equal(lines.length, 2, 'the carnet and the membership fee are on an invoice');
  for (const l of lines) assert.deepEqual([l.status, l.person_id], ['draft', m.id]);
  // The fee's line names its period in French, never 01/01/2026.
  const fee = one(`SELECT description FROM invoice_line WHERE source_key = 'membership:${mid}'`);
  assert.match(fee, /^Adhésion à l’association .+ du \d{1,2}(er)? \p{Ll}+ \d{4} au \d{1,2}(er)? \p{Ll}+ \d{4}$/u, fee);
  assert.doesNotMatch(fee, /\d{2}\/\d{2}\/\d{4}/);
  assert.equal(Number(one(`SELECT count(*) FROM outbox WHERE to_addr = :'e' AND subject = 'Votre formule « Carnet de 10 demi-journées » est active'`, { e: m.email })), 1);
  assert.equal(audit(staff.id, 'activate', 'person_formula', fid), 1);
  // One journal entry for the activation, not the trigger's "edit" beside it (0029).
  assert.equal(Number(one(`SELECT count(*) FROM audit_log WHERE table_name = 'person_formula' AND row_id = ${fid}
    AND at = (SELECT at FROM audit_log WHERE table_name = 'person_formula' AND row_id = ${fid} AND action = 'activate')`)), 1,
    'the activation is one entry');
  assert.equal(audit(staff.id, 'activate', 'membership', mid), 1);
  // The monthly run does not invoice them again.
  const month = one(`SELECT date_trunc('month', paris_today())::date::text`);
  assert.equal(Number(one(`SELECT count(*) FROM invoice_run_sources('${month}') WHERE source_key IN ('formula:${fid}', 'membership:${mid}')`)), 0);
  // Twice is refused; the database refuses it too.
  await s.get('/admin/adhesions');
  assert.equal((await s.post(`/admin/adhesions/formules/${fid}/activer`)).status, 409);
  assert.throws(() => psql(`UPDATE person_formula SET activated_at = now() - interval '1 day' WHERE id = ${fid}`), /already activated/);
  assert.throws(() => psql(`UPDATE person_formula SET status = 'requested' WHERE id = ${fid}`), /cannot go from/);

  // A carnet sold at the desk: active and invoiced; another stored as not active yet.
  const sale = await s.post('/admin/adhesions/carnet', { email: m.email, formule: 'carnet_10' });
  assert.equal(sale.status, 303);
  const topup = Number(one(`SELECT id FROM person_formula WHERE person_id = ${m.id} AND sold_at_desk AND status = 'active'`));
  assert.equal(Number(one(`SELECT count(*) FROM invoice_line WHERE source_key = 'formula:${topup}'`)), 1);
  assert.equal(audit(staff.id, 'topup', 'person_formula', topup), 1);
  await s.get('/admin/adhesions');
  assert.equal((await s.post('/admin/adhesions/carnet', { email: m.email, formule: 'carnet_10', plus_tard: '1' })).status, 303);
  const later = Number(one(`SELECT id FROM person_formula WHERE person_id = ${m.id} AND sold_at_desk AND status = 'requested'`));
  assert.equal(Number(one(`SELECT count(*) FROM invoice_line WHERE source_key = 'formula:${later}'`)), 0, 'not invoiced before it is active');
  await s.get('/admin/adhesions');
  assert.equal((await s.post('/admin/adhesions/carnet', { email: `inconnu-${tag()}@example.org`, formule: 'carnet_10' })).status, 422);

  // A desk half-day drawn on the carnet, then given back once, with the reason audited.
  const day = farDay();
  const b = Number(one(`SELECT booking_id FROM desk_book(${m.id}, '${day}', 'am')`));
  assert.equal(one(`SELECT halfdays_used FROM person_formula WHERE id = ${fid}`), '1');
  const page = await s.get(`/admin/accueil?jour=${day}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Rendre la demi-journée au carnet/);
  assert.doesNotMatch(page.text, />Arrivé<\/button>/, 'no "Arrivé" on a day to come');
  // "Arrivé" for a day to come is refused (by the database), nothing saved.
  assert.equal((await s.post('/admin/accueil/arrivee', { id: String(b), jour: day })).status, 409);
  assert.equal(one(`SELECT checked_in_at IS NULL FROM booking WHERE id = ${b}`), 't');
  assert.throws(() => psql(`UPDATE booking SET checked_in_at = now() WHERE id = ${b}`), /no check-in in the future/);
  // A correction needs its reason.
  assert.equal((await s.post('/admin/accueil/correction', { id: String(b), jour: day, quoi: 'carnet', raison: '' })).status, 422);
  const back = await s.post('/admin/accueil/correction', { id: String(b), jour: day, quoi: 'carnet', raison: 'Réservation faite par erreur' });
  assert.equal(back.status, 303);
  assert.equal(one(`SELECT halfdays_used FROM person_formula WHERE id = ${fid}`), '0');
  assert.equal(one(`SELECT reason FROM booking_correction WHERE booking_id = ${b} AND kind = 'carnet_use'`), 'Réservation faite par erreur');
  assert.equal(one(`SELECT after->>'reason' FROM audit_log WHERE person_id = ${staff.id} AND action = 'reverse' AND table_name = 'person_formula' AND row_id = ${fid}`), 'Réservation faite par erreur');
  await s.get(`/admin/accueil?jour=${day}`);
  assert.equal((await s.post('/admin/accueil/correction', { id: String(b), jour: day, quoi: 'carnet', raison: 'Encore' })).status, 409, 'given back once');
  assert.equal(one(`SELECT halfdays_used FROM person_formula WHERE id = ${fid}`), '0');
  assert.equal(one(`SELECT status FROM booking WHERE id = ${b}`), 'confirmed', 'the booking is kept, never deleted');

  // A walk-in under the member's address draws on the member's carnet (today must be open).
  const open = one(`SELECT closed_reason(paris_today(), NULL) IS NULL AND fr_public_holiday(paris_today()) IS NULL
    AND EXISTS (SELECT 1 FROM opening_hours o, halfday_slot h WHERE o.space_id = 1 AND o.weekday = extract(isodow FROM paris_today())
      AND h.slot = 'pm' AND o.opens < h.ends AND o.closes > h.starts)`) === 't';
  await s.get('/admin/accueil');
  const w = await s.post('/admin/accueil/visiteur', { nom: 'Camille', email: m.email.toUpperCase(), creneau: 'pm' });
  if (open) {
    assert.equal(w.status, 303);
    const row = psqlRows(`SELECT id, source, person_id, covered_by, formula_id FROM booking WHERE person_id = ${m.id} AND source = 'walk_in'`)[0];
    assert.deepEqual([row.source, row.person_id, row.covered_by, row.formula_id], ['walk_in', m.id, 'carnet', fid]);
    assert.equal(one(`SELECT halfdays_used FROM person_formula WHERE id = ${fid}`), '1');
    assert.equal(audit(staff.id, 'walk_in', 'booking', row.id), 1);
    // Recorded by mistake: undone (cancelled, the carnet half-day given back), audited.
    const today = one(`SELECT paris_today()::text`);
    await s.get('/admin/accueil');
    assert.equal((await s.post('/admin/accueil/correction', { id: String(row.id), jour: today, quoi: 'arrivee', raison: 'Mauvaise personne' })).status, 303);
    assert.equal(one(`SELECT status FROM booking WHERE id = ${row.id}`), 'cancelled');
    assert.equal(one(`SELECT halfdays_used FROM person_formula WHERE id = ${fid}`), '0');
    assert.equal(audit(staff.id, 'reverse', 'booking', row.id), 1);
  } else {
    assert.ok(w.status >= 400 && w.status < 500, `a closed day refuses the walk-in (${w.status})`);
  }
});

test('renewal: reminder job, the list of those not renewed, a renewal requested from the portal and accepted, the end of a membership', async () => {
  const m = signup('half_day');
  const staff = staffAccount();
  const s = new Client(staff.token);
  const mid = Number(one(`SELECT id FROM membership WHERE person_id = ${m.id}`));
  // A paid membership that ends in 10 days.
  psql(`UPDATE membership SET starts_on = paris_today() - 355, ends_on = paris_today() + 10, status = 'paid',
    paid_at = now(), accepted_at = now() WHERE id = ${mid}`);
  // The reminder job (what `fontaine-invoicectl memberships` runs): one mail, then none before the repeat.
  const n1 = Number(one(`SELECT membership_daily()`));
  assert.ok(n1 >= 1);
  const mails = () => Number(one(`SELECT count(*) FROM outbox WHERE to_addr = :'e' AND subject LIKE 'Votre adhésion à % se termine le %'`, { e: m.email }));
  assert.equal(mails(), 1);
  assert.match(psql(`SELECT body_text FROM outbox WHERE to_addr = :'e' AND subject LIKE 'Votre adhésion%' ORDER BY id DESC LIMIT 1`, { e: m.email }), /dans 10 jours/);
  one(`SELECT membership_daily()`);
  assert.equal(mails(), 1, 'not again before membership_reminder_repeat_days');
  psql(`UPDATE membership_reminder SET sent_at = sent_at - interval '8 days' WHERE membership_id = ${mid}`);
  one(`SELECT membership_daily()`);
  assert.equal(mails(), 2, 'repeated after 7 days');

  // Listed as not renewed, with its reminders.
  const list = await s.get('/admin/adhesions');
  assert.ok(list.text.includes(`/admin/membres/${m.id}/adhesion`), 'listed with a renewal action');
  assert.match(list.text, /dans 10 jours/);

  // The member asks from the portal (explicitly), staff accept.
  const c = new Client(m.token);
  const page = await c.get('/compte/adhesion/renouveler');
  assert.equal(page.status, 200);
  assert.match(page.text, /Votre adhésion se termine le <strong>\d{1,2}(er)? \S+ \d{4}<\/strong>/);
  assert.equal((await c.post('/compte/adhesion/renouveler', {})).status, 422, 'not without the confirmation');
  assert.equal(Number(one(`SELECT count(*) FROM membership WHERE person_id = ${m.id}`)), 1);
  const asked = await c.post('/compte/adhesion/renouveler', { confirmer: 'oui' });
  assert.equal(asked.status, 200);
  const renewal = psqlRows(`SELECT id, starts_on::text AS s, (SELECT (ends_on + 1)::text FROM membership WHERE id = ${mid}) AS expected,
    requested_by_member AS asked, accepted_at IS NULL AS open FROM membership WHERE renewal_of = ${mid}`)[0];
  assert.deepEqual([renewal.s, renewal.asked, renewal.open], [renewal.expected, true, true]);
  await c.get('/compte/adhesion/renouveler');
  assert.equal((await c.post('/compte/adhesion/renouveler', { confirmer: 'oui' })).status, 409, 'renewed once');
  const l2 = await s.get(`/admin/adhesions?q=${encodeURIComponent(m.email)}`);
  assert.ok(l2.text.includes(`/admin/adhesions/adhesions/${renewal.id}/activer`));
  assert.match(l2.text, /Renouvellement d’adhésion/);
  assert.equal((await s.post(`/admin/adhesions/adhesions/${renewal.id}/activer`)).status, 303);
  assert.equal(one(`SELECT accepted_at IS NOT NULL FROM membership WHERE id = ${renewal.id}`), 't');
  assert.equal(audit(staff.id, 'activate', 'membership', renewal.id), 1);
  assert.equal(Number(one(`SELECT count(*) FROM outbox WHERE to_addr = :'e' AND subject = 'Votre adhésion à l’association est acceptée'`, { e: m.email })), 1);

  // A membership refused with its reason.
  const r = signup('half_day');
  const rid = Number(one(`SELECT id FROM membership WHERE person_id = ${r.id}`));
  await s.get('/admin/adhesions');
  assert.equal((await s.post(`/admin/adhesions/adhesions/${rid}/refuser`, { raison: '' })).status, 422);
  assert.equal((await s.post(`/admin/adhesions/adhesions/${rid}/refuser`, { raison: 'Hors du territoire' })).status, 303);
  assert.deepEqual(psqlRows(`SELECT status, refused_reason FROM membership WHERE id = ${rid}`)[0], { status: 'cancelled', refused_reason: 'Hors du territoire' });
  assert.match(psql(`SELECT body_text FROM outbox WHERE to_addr = :'e' AND subject = 'Votre demande d’adhésion'`, { e: r.email }), /Hors du territoire/);

  // Staff renew a member from the member page: the next year, after the last one.
  const o = signup('half_day');
  const oid = Number(one(`SELECT id FROM membership WHERE person_id = ${o.id}`));
  await s.get(`/admin/membres/${o.id}`);
  assert.equal((await s.post(`/admin/membres/${o.id}/adhesion`)).status, 303);
  assert.equal(one(`SELECT starts_on = (SELECT ends_on + 1 FROM membership WHERE id = ${oid}) AND accepted_at IS NOT NULL
    FROM membership WHERE renewal_of = ${oid}`), 't');

  // The end of a membership: a paid one that ended yesterday no longer counts.
  const gone = signup('half_day');
  psql(`UPDATE membership SET starts_on = paris_today() - 366, ends_on = paris_today() - 1, status = 'paid', paid_at = now(),
    accepted_at = now() WHERE person_id = ${gone.id}`);
  const year = one(`SELECT extract(year FROM paris_today())::int`);
  const roll = await s.get(`/admin/membres/assemblee?annee=${year}`);
  assert.equal(roll.status, 200);
  assert.ok(!roll.text.includes(psqlRows(`SELECT last_name FROM person WHERE id = ${gone.id}`)[0].last_name), 'an ended membership is not on the roll');
  assert.ok(roll.text.includes(psqlRows(`SELECT last_name FROM person WHERE id = ${m.id}`)[0].last_name), 'a running one is');
  assert.equal(one(`SELECT is_member_on(${gone.id}, paris_today())`), 'f', 'no member price after the end');
  assert.equal(one(`SELECT is_member_on(${m.id}, paris_today())`), 't');
});

test('a monthly formula: activated and invoiced for the month, stopped by its member for the end of the month', async () => {
  const staff = staffAccount();
  const s = new Client(staff.token);
  const m = signup('half_day');
  const other = signup('half_day');
  await s.get(`/admin/membres/${m.id}`);
  assert.equal((await s.post(`/admin/membres/${m.id}/formule`, { formule: 'month_open_space' })).status, 303);
  const f = Number(one(`SELECT id FROM person_formula WHERE person_id = ${m.id} AND price_code = 'month_open_space' AND status = 'active'`));
  const ym = one(`SELECT to_char(paris_today(), 'YYYY-MM')`);
  assert.equal(Number(one(`SELECT count(*) FROM invoice_line WHERE source_key = 'formula:${f}:${ym}'`)), 1, 'this month invoiced');
  const next = one(`SELECT (date_trunc('month', paris_today()) + interval '1 month')::date::text`);
  assert.equal(Number(one(`SELECT count(*) FROM invoice_run_sources('${next}') WHERE source_key LIKE 'formula:${f}:%'`)), 1, 'renews next month through the run');
  // Twice the same monthly formula over one period is refused by the database.
  await s.get(`/admin/membres/${m.id}`);
  assert.equal((await s.post(`/admin/membres/${m.id}/formule`, { formule: 'month_open_space' })).status, 409);
  // Another member cannot stop it.
  const intruder = new Client(other.token);
  await intruder.get('/compte/adhesion/renouveler');
  assert.equal((await intruder.post(`/compte/formules/${f}/arreter`)).status, 404);
  assert.equal(one(`SELECT ends_on IS NULL FROM person_formula WHERE id = ${f}`), 't');
  // Its member stops it: the last day of this month; the run no longer invoices next month.
  const c = new Client(m.token);
  await c.get('/compte/adhesion/renouveler');
  const stop = await c.post(`/compte/formules/${f}/arreter`);
  assert.equal(stop.status, 200);
  assert.match(stop.text, /dernier jour est le \d{1,2}(er)? \S+ \d{4}/);
  assert.equal(one(`SELECT ends_on = (date_trunc('month', paris_today()) + interval '1 month' - interval '1 day')::date FROM person_formula WHERE id = ${f}`), 't');
  assert.equal(Number(one(`SELECT count(*) FROM invoice_run_sources('${next}') WHERE source_key LIKE 'formula:${f}:%'`)), 0);
  assert.equal((await c.post(`/compte/formules/${f}/arreter`)).status, 404, 'already stopped');
  // Past its end the daily job marks it ended.
  psql(`UPDATE person_formula SET starts_on = paris_today() - 40, ends_on = paris_today() - 1 WHERE id = ${f}`);
  one(`SELECT membership_daily()`);
  assert.equal(one(`SELECT status FROM person_formula WHERE id = ${f}`), 'ended');
});

test('a lease ended by staff at a date, with the reason; never before a month already invoiced', async () => {
  const staff = staffAccount();
  const s = new Client(staff.token);
  // An office without an open-ended lease (the demo's runs until notice), and a far year it is
  // free (the form takes years up to 2200; earlier runs leased some).
  const office = one(`SELECT r.id FROM resource r WHERE r.kind = 'office' AND r.active AND NOT EXISTS (SELECT 1
    FROM office_lease l WHERE l.resource_id = r.id AND l.status = 'active' AND l.ends_on IS NULL) ORDER BY r.id LIMIT 1`);
  const year = Number(one(`SELECT y FROM generate_series(2101, 2199) y WHERE NOT EXISTS (SELECT 1 FROM office_lease l
    WHERE l.resource_id = ${office} AND l.status = 'active'
      AND daterange(l.starts_on, l.ends_on, '[]') && daterange(make_date(y, 1, 1), make_date(y, 12, 31), '[]'))
    ORDER BY random() LIMIT 1`));
  const lease = Number(one(`SELECT office_lease_create(${office}, 'Bail ${tag()}', NULL, NULL, '${year}-01-01', '${year}-12-31', 30000)`));
  const page = await s.get('/admin/reservations/baux');
  assert.ok(page.text.includes(`/admin/reservations/baux/${lease}/fin`));
  assert.equal((await s.post(`/admin/reservations/baux/${lease}/fin`, { fin: `${year}-06-30`, raison: '' })).status, 422);
  assert.equal((await s.post(`/admin/reservations/baux/${lease}/fin`, { fin: `${year - 1}-06-30`, raison: 'Erreur' })).status, 422, 'before it starts');
  // A month after the end already invoiced: refused (a credit note first).
  psql(`WITH i AS (INSERT INTO invoice (customer_name) VALUES ('Bail test') RETURNING id)
    INSERT INTO invoice_line (invoice_id, description, quantity_milli, unit_price_cents, source_key)
    SELECT id, 'Loyer', 1000, 30000, 'lease:${lease}:${year}-08' FROM i`);
  assert.equal((await s.post(`/admin/reservations/baux/${lease}/fin`, { fin: `${year}-06-30`, raison: 'Départ' })).status, 409);
  assert.equal(one(`SELECT ends_on::text FROM office_lease WHERE id = ${lease}`), `${year}-12-31`, 'unchanged');
  const ok = await s.post(`/admin/reservations/baux/${lease}/fin`, { fin: `${year}-09-30`, raison: 'Départ du locataire' });
  assert.equal(ok.status, 303);
  assert.deepEqual(psqlRows(`SELECT ends_on::text AS e, end_reason AS r, ended_by AS b FROM office_lease WHERE id = ${lease}`)[0],
    { e: `${year}-09-30`, r: 'Départ du locataire', b: staff.id });
  assert.equal(audit(staff.id, 'end', 'office_lease', lease), 1);
  const after = await s.get('/admin/reservations/baux?ok=fin');
  assert.match(after.text, /30 septembre \d{4}/);
});

test('the requests to decide: 100 a page, oldest first, counted, searched by name or e-mail', async () => {
  const t = tag();
  // 101 membership requests of this run, a second apart, the oldest first.
  psql(`WITH p AS (INSERT INTO person (email, first_name, last_name, profile, status, password_hash, email_verified_at)
      SELECT :'t' || '.' || g || '@example.org', 'Dana', :'t' || lpad(g::text, 3, '0'), 'independant', 'active', '$argon2id$test', now()
      FROM generate_series(1, 101) g RETURNING id, last_name)
    INSERT INTO membership (person_id, starts_on, ends_on, fee_cents, created_at)
    SELECT p.id, paris_today(), paris_today() + 364, 2000, now() - interval '1 day' + right(p.last_name, 3)::int * interval '1 second' FROM p`, { t });
  const staff = staffAccount();
  const s = new Client(staff.token);
  const ids = (text) => [...text.matchAll(/\/admin\/membres\/(\d+)"/g)].map((m) => Number(m[1]));
  const ofRun = psqlRows(`SELECT p.id FROM person p WHERE p.last_name LIKE :'t' || '%' ORDER BY p.last_name`, { t }).map((r) => Number(r.id));

  const p1 = await s.get(`/admin/adhesions?q=${encodeURIComponent(t)}`);
  assert.equal(p1.status, 200);
  assert.match(p1.text, /101\sdemandes trouvées ; affichées ici : 1 à 100, les plus anciennes d’abord\./);
  assert.deepEqual(ids(p1.text).filter((i) => ofRun.includes(i)), ofRun.slice(0, 100), 'the 100 oldest, in order');
  assert.match(p1.text, /href="\/admin\/adhesions\?q=[^"]+&amp;page=2" rel="next">Demandes suivantes/);
  assert.doesNotMatch(p1.text, /rel="prev"/);
  assert.ok(p1.text.includes(`value="${t}"`), 'the search stays in its field');

  const p2 = await s.get(`/admin/adhesions?q=${encodeURIComponent(t)}&page=2`);
  assert.equal(p2.status, 200);
  assert.match(p2.text, /101\sdemandes trouvées ; affichées ici : 101 à 101/);
  assert.deepEqual(ids(p2.text).filter((i) => ofRun.includes(i)), ofRun.slice(100), 'the newest on page 2');
  assert.match(p2.text, /rel="prev">← Demandes précédentes/);
  assert.doesNotMatch(p2.text, /rel="next"/);

  // By e-mail, one; the wildcards of a search are letters; a bad page is page 1; past the last, said so.
  const one1 = await s.get(`/admin/adhesions?q=${encodeURIComponent(`${t}.101@example.org`)}`);
  assert.match(one1.text, /\b1\sdemande trouvée\./);
  assert.deepEqual(ids(one1.text).filter((i) => ofRun.includes(i)), [ofRun[100]]);
  const wild = await s.get(`/admin/adhesions?q=${encodeURIComponent(`${t}%1`)}`);
  assert.match(wild.text, /Aucune demande en attente ne correspond à « [^»]+%1 »/);
  const bad = await s.get(`/admin/adhesions?q=${encodeURIComponent(t)}&page=deux`);
  assert.equal(bad.status, 200);
  assert.match(bad.text, /affichées ici : 1 à 100/);
  const past = await s.get(`/admin/adhesions?q=${encodeURIComponent(t)}&page=9`);
  assert.equal(past.status, 200);
  assert.match(past.text, /Cette page est vide/);
  const all = await s.get('/admin/adhesions');
  assert.match(all.text, /<p class="count">\d[\d\s]*\sdemandes? en attente\.<\/p>|affichées ici : 1 à 100/);

  psql(`UPDATE membership SET status = 'cancelled' WHERE person_id IN (SELECT id FROM person WHERE last_name LIKE :'t' || '%')`, { t });
});

test('memberships not renewed: past 300, the count is given and the full list linked', async () => {
  const t = tag();
  // 301 memberships of this run ending in 45 days (after any other test's), none renewed.
  psql(`WITH p AS (INSERT INTO person (email, first_name, last_name, profile, status, password_hash, email_verified_at)
      SELECT :'t' || '.' || g || '@example.org', 'Noa', :'t' || lpad(g::text, 3, '0'), 'independant', 'active', '$argon2id$test', now()
      FROM generate_series(1, 301) g RETURNING id)
    INSERT INTO membership (person_id, starts_on, ends_on, fee_cents, status, paid_at, accepted_at)
    SELECT p.id, paris_today() - 319, paris_today() + 45, 2000, 'paid', now(), now() FROM p`, { t });
  try {
    const all = Number(psql(`SELECT count(*) FROM membership_not_renewed WHERE days_left BETWEEN -90 AND 45`));
    const s = new Client(staffAccount().token);
    const page = await s.get('/admin/adhesions');
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`${all.toLocaleString('fr-FR').replace(/\s/g, '\\s')}\\sadhésions à renouveler : les 300 qui se terminent le plus tôt sont ci-dessous`));
    assert.match(page.text, /href="\/admin\/membres\/renouvellements">Adhésions à renouveler<\/a>/);
    assert.equal([...page.text.matchAll(/name="retour" value="adhesions"/g)].length, 300, '300 rows');
    const full = await s.get('/admin/membres/renouvellements');
    assert.equal(full.status, 200);
    assert.ok(full.text.includes(`${t}301`), 'the full list holds the last one');
  } finally {
    // Renewed (a paid membership cannot be cancelled): off the list for the next tests.
    psql(`INSERT INTO membership (person_id, starts_on, ends_on, fee_cents, status, paid_at, accepted_at)
      SELECT id, paris_today() + 46, paris_today() + 410, 2000, 'paid', now(), now() FROM person WHERE last_name LIKE :'t' || '%'`, { t });
  }
});
