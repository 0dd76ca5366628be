// portal.test.mjs: the member portal and its data (issue 19): the export (/compte/donnees.json)
// holds each kind of data of a person who has all of them, is the staff's export, and reads as
// a page (/compte/donnees) with no internal code nor ISO date; the portal shows the room
// booking with the half-days, their manage link and .ics, the membership's end, a carnet not
// active yet, the carnet's history and the next invoice; a member books the room as a person
// (no company asked) while a company booking still needs its SIREN and address (the database
// too); the coworkers' directory (off by default, consent recorded, members-only or public,
// search, photo type and size, removal on request and at the membership's end); the audit log
// reads in French.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, psql, psqlRows } from './lib.mjs';
import { Client, account, runTag } from './portal_lib.mjs';

// An open weekday 40 to 300 days ahead without any live booking of the room.
const usedDays = new Set();
function freeDay() {
  for (let tries = 0; tries < 500; tries++) {
    const offset = 40 + Math.floor(Math.random() * 260);
    const d = psql(`SELECT (paris_today() + ${offset})::text WHERE extract(isodow FROM paris_today() + ${offset}) BETWEEN 1 AND 5
      AND closed_reason(paris_today() + ${offset}, NULL) IS NULL
      AND NOT EXISTS (SELECT 1 FROM booking WHERE day = paris_today() + ${offset} AND status IN ('held', 'requested', 'confirmed', 'no_show'))`);
    if (d && !usedDays.has(d)) { usedDays.add(d); return d; }
  }
  throw new Error('no free day');
}

// The visible text of a page's main content (tags removed, entities decoded).
function mainText(html) {
  const m = /<main[^>]*>([\s\S]*)<\/main>/.exec(html);
  return (m ? m[1] : html).replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>').replace(/[ \t\r\n]+/g, ' ');
}
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;
const RAW_NAME = /\b[a-z]+_[a-z_]+\b/;
const RAW_CODES = /\b(confirmed|requested|cancelled|no_show|walk_in|credit_note|partly_paid|carnet_10|unit_paid|members|public)\b/;

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const ROOM = 'salle-de-conference';

// ---- the whole year of a member, as far as this part goes -----------------------------------

async function roomAsPerson(m, day) {
  await m.client.get(`/reservation?salle=${ROOM}`);
  return m.client.post('/reservation', {
    salle: ROOM, jour: day, creneau: 'pm', participants: '3', pour: 'personne', contact: `Test ${m.tag}`,
    email: m.email, telephone: '05 53 00 00 00', objet: 'Entretiens', action: 'reserver',
  });
}

test('a person with every kind of data: the export holds each, is the staff export, and reads as a page', async () => {
  const m = account();
  const c = m.client;
  // A carnet (active, with one use at the desk) and a top-up not active yet.
  const carnet = psql(`INSERT INTO person_formula (person_id, price_code, unit_cents, member_price, status, starts_on, halfdays_total, halfdays_used)
    VALUES (:id, 'carnet_10', 7000, true, 'active', paris_today() - 20, 10, 0) RETURNING id`, { id: m.id }).split('\n')[0];
  psql(`INSERT INTO person_formula (person_id, price_code, unit_cents, member_price, status, halfdays_total)
    VALUES (:id, 'carnet_10', 7000, true, 'requested', 10)`, { id: m.id });
  // A half-day booked online (drawn on the carnet) and the conference room booked as a person.
  const deskDay = freeDay();
  await c.get('/mes-reservations');
  const desk = await c.post('/mes-reservations', { jour: deskDay, creneau: 'am' });
  assert.equal(desk.status, 303, 'desk booking');
  const roomDay = freeDay();
  const room = await roomAsPerson(m, roomDay);
  assert.equal(room.status, 303, `room booking as a person: ${mainText(room.text).slice(0, 400)}`);
  // A use already made: a walk-in at the desk on a past open day.
  const past = psql(`SELECT d::date::text FROM generate_series(paris_today() - 25, paris_today() - 1, interval '1 day') g(d)
    WHERE extract(isodow FROM d) BETWEEN 1 AND 5 AND closed_reason(d::date, NULL) IS NULL
      AND EXISTS (SELECT 1 FROM opening_hours o WHERE o.space_id = 1 AND o.weekday = extract(isodow FROM d) AND o.opens <= '09:00' AND o.closes >= '12:00')
    ORDER BY d DESC LIMIT 1`);
  psql(`INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, person_id, contact_name, covered_by, formula_id)
    SELECT r.id, false, :'d'::date, 'am', (:'d'::date + time '09:00') AT TIME ZONE 'Europe/Paris',
           (:'d'::date + time '12:00') AT TIME ZONE 'Europe/Paris', 'confirmed', 'walk_in', :id, 'Test', 'carnet', :f
    FROM resource r WHERE r.slug = 'open-space'`, { d: past, id: m.id, f: carnet });
  // An event registration, an invoice with a payment, the newsletter consent, a directory profile.
  psql(`INSERT INTO registration (event_id, person_id, name, email, status, cancel_token_hash)
    SELECT id, :id, 'Test', :'email', 'confirmed', decode(md5(:'email') || md5(:'email' || 'r'), 'hex')
    FROM event ORDER BY id LIMIT 1`, { id: m.id, email: m.email });
  const inv = psql(`WITH i AS (INSERT INTO invoice (person_id, customer_name, customer_email) VALUES (:id, 'Test', :'email') RETURNING id),
    l AS (INSERT INTO invoice_line (invoice_id, description, quantity_milli, unit_price_cents) SELECT id, 'Carnet de 10 demi-journées', 1000, 7000 FROM i)
    SELECT id FROM i`, { id: m.id, email: m.email }).split('\n')[0];
  const number = psql(`SELECT invoice_issue(:inv, NULL)`, { inv });
  psql(`INSERT INTO payment (invoice_id, paid_on, amount_cents, method) VALUES (:inv, paris_today(), 2000, 'cheque')`, { inv });
  await c.get('/compte');
  assert.equal((await c.post('/compte/newsletter', { newsletter: '1' })).status, 303);
  await c.get('/compte/profil-annuaire');
  const prof = await c.postMultipart('/compte/profil-annuaire', {
    activite: 'Traductrice', competences: 'anglais, allemand', propose: 'Relectures', recherche: 'Clients',
    contact: m.email, visibilite: 'members', consentement: '1',
  });
  assert.equal(prof.status, 303, mainText(prof.text).slice(0, 300));

  const res = await c.get('/compte/donnees.json');
  assert.equal(res.status, 200);
  assert.match(res.header('content-type'), /application\/json/);
  const data = JSON.parse(res.text);
  assert.equal(data.personne.email, m.email);
  assert.ok(data.adhesions.length >= 1, 'memberships');
  assert.equal(data.formules.length, 2, 'formulas, the carnet waiting activation included');
  assert.ok(data.reservations.some((b) => b.origine === 'room' && b.entreprise === null), 'the room booked as a person');
  assert.ok(data.reservations.some((b) => b.origine === 'desk' && b.jour === deskDay), 'the half-day');
  assert.ok(data.utilisations.some((u) => u.jour === past), 'the use of the past day');
  assert.ok(data.carnet.some((x) => x.mouvement === 'achat') && data.carnet.some((x) => x.mouvement === 'utilisation'), 'carnet history');
  assert.ok(data.inscriptions.length >= 1, 'event registrations');
  assert.ok(data.factures.some((f) => f.numero === number), 'invoices');
  assert.ok(data.paiements.some((p) => p.facture === number && p.montant_centimes === 2000), 'payments');
  assert.equal(data.consentements.lettre_information, true);
  assert.ok(data.consentements.lettre_information_depuis, 'the newsletter consent date');
  assert.ok(data.consentements.annuaire_depuis, 'the directory consent date');
  assert.equal(data.annuaire.activite, 'Traductrice');

  // One export: the staff's holds the same.
  const admin = account('admin', { member: false });
  const staff = await admin.client.get(`/admin/membres/${m.id}/export.json`);
  assert.equal(staff.status, 200);
  const strip = (d) => { const x = { ...d }; delete x.exporte_le; delete x.sessions; return x; };
  assert.deepEqual(strip(JSON.parse(staff.text)), strip(data));

  // The page: every section, French values, no key nor code nor ISO date.
  const page = await c.get('/compte/donnees');
  assert.equal(page.status, 200);
  const text = mainText(page.text);
  for (const title of ['Mon compte', 'Mes adhésions', 'Mes formules et carnets', 'Historique de mes carnets',
    'Mes réservations', 'Mes utilisations', 'Mes inscriptions aux événements', 'Mes factures et avoirs',
    'Mes paiements', 'Mes consentements', 'Mon profil dans l’annuaire des coworkers'])
    assert.ok(text.includes(title), `section ${title}`);
  assert.ok(text.includes('20,00\u00a0€'), 'the payment in euros');
  assert.ok(text.includes('Traductrice'));
  assert.doesNotMatch(text, ISO_DATE, 'no ISO date');
  assert.doesNotMatch(text, RAW_NAME, 'no raw key');
  assert.doesNotMatch(text, RAW_CODES, 'no internal code');

  // The portal: both bookings with their links, the carnet not active yet, history, invoice.
  const portal = await c.get('/compte');
  const ptext = mainText(portal.text);
  const roomId = psql(`SELECT id FROM booking WHERE person_id = :id AND source = 'room'`, { id: m.id });
  assert.match(portal.text, new RegExp(`href="/mes-reservations/${roomId}/gerer"`), 'the room manage link');
  assert.match(portal.text, new RegExp(`href="/mes-reservations/${roomId}\\.ics"`), 'the room .ics');
  assert.ok(ptext.includes('Salle de conférence') || /salle/i.test(ptext));
  assert.ok(ptext.includes('pas encore actif'), 'a carnet waiting activation is not active yet');
  assert.doesNotMatch(ptext, /10 demi-journées restantes sur 10/);
  assert.ok(ptext.includes('Historique du carnet') && ptext.includes('Utilisation'), 'carnet history');
  assert.ok(ptext.includes(`Prochaine facture à régler : ${number}`), 'the next invoice');
  assert.ok(ptext.includes('50,00\u00a0€'), 'its balance');
  assert.ok(ptext.includes('Fin de l’adhésion'), 'the membership end');
  assert.ok(ptext.includes('À faire maintenant'));
  assert.doesNotMatch(ptext, ISO_DATE);
  // The .ics and the manage link work for the owner.
  const ics = await c.get(`/mes-reservations/${roomId}.ics`);
  assert.equal(ics.status, 200);
  assert.match(ics.header('content-type'), /text\/calendar/);
  assert.match(ics.text, /BEGIN:VEVENT/);
  const manage = await c.get(`/mes-reservations/${roomId}/gerer`);
  assert.equal(manage.status, 303);
  const page2 = await c.get(manage.header('location'));
  assert.equal(page2.status, 200);
  assert.ok(mainText(page2.text).includes('Annuler') || /annul/i.test(page2.text));
});

// ---- the room booked as a person ----------------------------------------------------------

test('room: a member as a person gives no company; a company booking still needs SIREN and address', async () => {
  const m = account();
  const form = await m.client.get(`/reservation?salle=${ROOM}`);
  assert.match(form.text, /name="pour" type="radio" value="personne" checked/, 'a member books as a person by default');
  const day = freeDay();
  const res = await roomAsPerson(m, day);
  assert.equal(res.status, 303);
  const row = psqlRows(`SELECT company_name, siren, billing_street, person_id FROM booking WHERE person_id = :id AND source = 'room'`, { id: m.id })[0];
  assert.equal(row.company_name, null);
  assert.equal(row.siren, null);
  assert.equal(row.billing_street, null);
  assert.equal(Number(row.person_id), m.id);
  // As a company, the member is asked for the company's details.
  const co = await m.client.post('/reservation', {
    salle: ROOM, jour: freeDay(), creneau: 'am', participants: '3', pour: 'entreprise', contact: 'Test',
    email: m.email, telephone: '05 53 00 00 00', action: 'reserver',
  });
  assert.equal(co.status, 422);
  assert.match(co.text, /id="entreprise-erreur"|id="f-entreprise-erreur"|entreprise[^>]*aria-invalid/);
  // A visitor is not offered the choice, and a "personne" sent anyway still needs a company.
  const v = new Client();
  const vf = await v.get(`/reservation?salle=${ROOM}`);
  assert.doesNotMatch(vf.text, /name="pour"/);
  const vr = await v.post('/reservation', {
    salle: ROOM, jour: freeDay(), creneau: 'am', participants: '3', pour: 'personne', contact: 'Visiteur',
    email: `v.${runTag}@example.org`, telephone: '05 53 00 00 00', action: 'reserver',
  });
  assert.equal(vr.status, 422);
  // The database: a booking in a company's name without its SIREN and address is refused.
  const insert = (person, company) => psql(`INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, person_id, company_name, contact_name)
      SELECT r.id, true, :'d'::date, 'am', (:'d'::date + time '09:00') AT TIME ZONE 'Europe/Paris', (:'d'::date + time '12:00') AT TIME ZONE 'Europe/Paris',
        'confirmed', 'room', ${person}, ${company}, 'X'
      FROM resource r WHERE r.slug = '${ROOM}'`, { d: freeDay() });
  assert.throws(() => insert(m.id, "'Société sans SIREN'"), /booking_company_complete/, 'a company without SIREN nor address');
});

// ---- the directory ---------------------------------------------------------------------------

async function saveProfile(m, fields, files) {
  await m.client.get('/compte/profil-annuaire');
  return m.client.postMultipart('/compte/profil-annuaire', { consentement: '1', visibilite: 'members', ...fields }, files);
}

test('directory: off by default, consent recorded, members-only or public, search, removal', async () => {
  const pub = account('member', { first: 'Publique' });
  const priv = account('member', { first: 'Privée' });
  const none = account('member', { first: 'Absente' });
  const skill = `compétence${runTag}`;
  // Off by default: no profile, not listed.
  const own = await none.client.get('/compte/profil-annuaire');
  assert.ok(mainText(own.text).includes('Vous n’apparaissez pas dans l’annuaire'));
  // No consent, no profile (French message); then with consent.
  await pub.client.get('/compte/profil-annuaire');
  const refused = await pub.client.postMultipart('/compte/profil-annuaire', { activite: 'Graphiste', visibilite: 'public' });
  assert.equal(refused.status, 422);
  assert.ok(mainText(refused.text).includes('Cochez cette case pour apparaître dans l’annuaire'));
  assert.equal(psql('SELECT count(*) FROM directory_profile WHERE person_id = :id', { id: pub.id }), '0');
  assert.equal((await saveProfile(pub, { activite: 'Graphiste', competences: `${skill}, illustration`, visibilite: 'public' })).status, 303);
  assert.equal((await saveProfile(priv, { activite: 'Développeuse', competences: `${skill}, PostgreSQL` })).status, 303);
  assert.equal(psql('SELECT consent_at IS NOT NULL FROM directory_profile WHERE person_id = :id', { id: pub.id }), 't');

  // A visitor sees the public profile only; a member sees both; the third is nowhere.
  const anon = await request({ path: `/annuaire?competence=${encodeURIComponent(skill)}&n=${Date.now()}` });
  assert.equal(anon.status, 200);
  assert.ok(anon.text.includes(`Publique ${pub.tag}`));
  assert.ok(!anon.text.includes(priv.tag), 'a members-only profile is hidden from visitors');
  const seen = await none.client.get(`/annuaire?competence=${encodeURIComponent(skill)}`);
  assert.ok(seen.text.includes(pub.tag) && seen.text.includes(priv.tag));
  assert.ok(!seen.text.includes(`Absente ${none.tag}`));
  // Search by skill and by activity.
  const bySkill = await none.client.get(`/annuaire?competence=${encodeURIComponent(`${skill}, PostgreSQL`)}`);
  assert.ok(bySkill.text.includes(priv.tag) && !bySkill.text.includes(pub.tag));
  const byActivity = await none.client.get(`/annuaire?activite=Graphiste&competence=${encodeURIComponent(skill)}`);
  assert.ok(byActivity.text.includes(pub.tag) && !byActivity.text.includes(priv.tag));

  // Removed on request…
  const rm = await pub.client.post('/compte/profil-annuaire/retirer', {});
  assert.equal(rm.status, 303);
  assert.equal(psql('SELECT count(*) FROM directory_profile WHERE person_id = :id', { id: pub.id }), '0');
  // …and when the membership ends (cancelled, or its end passed: the retention job).
  psql(`UPDATE membership SET status = 'cancelled', paid_at = NULL WHERE person_id = :id`, { id: priv.id });
  assert.equal(psql('SELECT count(*) FROM directory_profile WHERE person_id = :id', { id: priv.id }), '0');
  const late = account('member', { first: 'Tardive' });
  assert.equal((await saveProfile(late, { activite: 'Comptable' })).status, 303);
  psql(`ALTER TABLE membership DISABLE TRIGGER membership_directory_end;
        UPDATE membership SET starts_on = paris_today() - 400, ends_on = paris_today() - 1 WHERE person_id = :id;
        ALTER TABLE membership ENABLE TRIGGER membership_directory_end;`, { id: late.id });
  const listed = await none.client.get('/annuaire?activite=Comptable');
  assert.ok(!listed.text.includes(late.tag), 'an ended membership is not listed');
  psql('SELECT * FROM cleanup_expired()');
  assert.equal(psql('SELECT count(*) FROM directory_profile WHERE person_id = :id', { id: late.id }), '0');
  // Not a member: the profile cannot be made.
  const ex = account('member', { member: false });
  const no = await saveProfile(ex, { activite: 'Designer' });
  assert.equal(no.status, 409);
  assert.ok(mainText(no.text).includes('réservé aux membres'));
});

test('directory photo: type and size refused in French; served with its type and nosniff', async () => {
  const m = account();
  const bad = await saveProfile(m, { activite: 'Photographe', visibilite: 'public' },
    [{ name: 'photo', filename: 'photo.jpg', type: 'image/jpeg', data: Buffer.from('<html><script>alert(1)</script></html>') }]);
  assert.equal(bad.status, 422);
  assert.ok(mainText(bad.text).includes('Ce fichier n’est pas une photo acceptée : envoyez une image JPEG, PNG ou WebP.'));
  const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(600 * 1024, 1)]);
  const heavy = await saveProfile(m, { activite: 'Photographe', visibilite: 'public' },
    [{ name: 'photo', filename: 'grande.jpg', type: 'image/jpeg', data: big }]);
  assert.equal(heavy.status, 422);
  assert.ok(mainText(heavy.text).includes('La photo est trop lourde : 500 Ko au plus.'));
  assert.ok(heavy.text.includes('value="Photographe"'), 'the typed values are kept');
  assert.equal(psql('SELECT count(*) FROM directory_profile WHERE person_id = :id', { id: m.id }), '0');
  const ok = await saveProfile(m, { activite: 'Photographe', visibilite: 'public' },
    [{ name: 'photo', filename: 'moi.png', type: 'application/octet-stream', data: PNG }]);
  assert.equal(ok.status, 303);
  const img = await request({ path: `/annuaire/photo/${m.id}` });
  assert.equal(img.status, 200);
  assert.equal(img.header('content-type'), 'image/png');
  assert.equal(img.header('x-content-type-options'), 'nosniff');
  // Members-only: a visitor gets 404 for the photo; a member sees it.
  await saveProfile(m, { activite: 'Photographe', visibilite: 'members' });
  assert.equal((await request({ path: `/annuaire/photo/${m.id}?n=${Date.now()}` })).status, 404);
  assert.equal((await m.client.get(`/annuaire/photo/${m.id}`)).status, 200);
  // Remove the photo.
  await saveProfile(m, { activite: 'Photographe', retirer_photo: '1' });
  assert.equal(psql('SELECT photo IS NULL FROM directory_profile WHERE person_id = :id', { id: m.id }), 't');
});

// ---- the audit log in French ---------------------------------------------------------------

test('audit: staff payments, bookings and check-ins are logged, and read in French', async () => {
  const staff = account('staff', { member: false, first: 'Marie' });
  const m = account();
  const inv = psql(`WITH i AS (INSERT INTO invoice (person_id, customer_name, customer_email) VALUES (:id, 'Client audit', :'email') RETURNING id),
    l AS (INSERT INTO invoice_line (invoice_id, description, quantity_milli, unit_price_cents) SELECT id, 'Salle', 1000, 5000 FROM i)
    SELECT id FROM i`, { id: m.id, email: m.email }).split('\n')[0];
  psql('SELECT invoice_issue(:inv, NULL)', { inv });
  const today = psql('SELECT paris_today()::text');
  await staff.client.get(`/admin/factures/${inv}`);
  const pay = await staff.client.post(`/admin/factures/${inv}/paiements`, { date: today, montant: '20,00', mode: 'virement', reference: 'VIR-AUDIT' });
  assert.equal(pay.status, 303, mainText(pay.text).slice(0, 300));
  const row = psqlRows(`SELECT person_id, action FROM audit_log WHERE table_name = 'payment' AND after->>'invoice_id' = :'inv'`, { inv })[0];
  assert.ok(row, 'the payment is audited');
  assert.equal(Number(row.person_id), staff.id, 'with the staff member who recorded it');
  // A member's own half-day is not a staff action; a staff check-in is.
  const day = freeDay();
  await m.client.get('/mes-reservations');
  await m.client.post('/mes-reservations', { jour: day, creneau: 'am' });
  const b = psql(`SELECT id FROM booking WHERE person_id = :id AND day = :'day'`, { id: m.id, day });
  assert.equal(psql(`SELECT count(*) FROM audit_log WHERE table_name = 'booking' AND row_id = :b`, { b }), '0');

  const admin = account('admin', { member: false });
  const page = await admin.client.get(`/admin/journal?personne=${staff.id}`);
  assert.equal(page.status, 200);
  const text = mainText(page.text);
  assert.match(text, new RegExp(`Paiement de 20,00\u00a0€ enregistré par Marie ${staff.tag} le \\d{1,2}(er)? \\p{L}+ \\d{4} à \\d{1,2}\u00a0h`, 'u'));
  assert.ok(text.includes('Moyen de paiement : virement'), 'what the payment holds');
  assert.ok(text.includes('Statut : émise → réglée en partie'), 'the invoice it settled');
  assert.doesNotMatch(text, ISO_DATE, 'no ISO date');
  assert.doesNotMatch(text, RAW_NAME, 'no raw column name');
  // The whole first page of the log, too.
  const all = mainText((await admin.client.get('/admin/journal')).text);
  assert.doesNotMatch(all, ISO_DATE);
  assert.doesNotMatch(all, RAW_NAME);
  assert.doesNotMatch(all, /\b(amount_cents|received|paid_on|created_by)\b/);
});
