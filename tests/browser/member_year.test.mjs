// member_year.test.mjs: the whole year of a member (issue 19), clicked through in Debian's
// Chromium by the member (at 390 px) and by the staff (at 1366 px): signup with a carnet, the
// address confirmed from the captured mail, activation on /admin/adhesions, a use at the desk
// (a walk-in tied to the member, when today is open) and a half-day booked online, a carnet
// top-up sold at the desk, a use given back (a correction), the renewal reminder sent by the
// daily-job button and the renewal asked from the portal and accepted, a monthly formula stopped
// by its member, the data page, the directory profile found by another member. After each step
// the portal, the audit log (in French), the dashboard or the invoice list shows it. Every page
// is checked by axe-core on the spot and its server HTML by the Nu HTML checker at the end;
// screenshots are artefacts/screenshots/year-NN-*-{phone,desktop}.png.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import {
  ARTEFACTS, DESKTOP, PHONE, assertAxeClean, env, launchBrowser, psql, screenshots, vnuErrors, watch,
} from './helpers.mjs';

const { url: BASE } = env();
const MAILDIR = join(process.env.FONTAINE_VAR, 'mail');
const HTML_DIR = join(ARTEFACTS, 'html-year');
const stamp = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const person = {
  first: 'Maëlle',
  last: `Annee${stamp}`,
  email: `maelle.annee+${stamp}@exemple.fr`,
  password: 'Une année entière à La Fontaine',
};

let browser;
const htmlFiles = [];
let shotNo = 0;

before(async () => {
  rmSync(HTML_DIR, { recursive: true, force: true });
  mkdirSync(HTML_DIR, { recursive: true });
  mkdirSync(join(ARTEFACTS, 'screenshots'), { recursive: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** A browser context and page of its own (the member, the staff, another member). */
async function actor(viewport) {
  const context = await browser.newContext({
    baseURL: BASE, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport, reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  return { context, page, watcher: watch(page), viewport };
}

/** Waits for PATH, checks status, one h1, no sub-resource or script problem, axe; keeps the HTML. */
async function arrive(a, name, path, { status = 200, h1 } = {}) {
  await a.page.waitForURL((u) => u.pathname === path);
  await a.page.waitForLoadState('load');
  const doc = await a.watcher.lastDocument();
  const file = join(HTML_DIR, `${name}.html`);
  writeFileSync(file, doc.body);
  htmlFiles.push(file);
  assert.equal(doc.status, status, `${path}: HTTP status`);
  const heading = a.page.getByRole('heading', { level: 1 });
  assert.equal(await heading.count(), 1, `${path}: one h1`);
  const text = (await heading.textContent()).trim();
  if (h1 !== undefined) assert.equal(text, h1, `${path}: h1`);
  assert.deepEqual(a.watcher.problems.splice(0), [], `${path}: sub-resources, CSP or scripts`);
  await assertAxeClean(a.page, name);
  const main = await a.page.getByRole('main').innerText();
  assert.doesNotMatch(main, /\b\d{4}-\d{2}-\d{2}\b/, `${path}: an ISO date is shown`);
  assert.doesNotMatch(main, /\b(carnet_10|month_open_space|amount_cents|person_formula|halfdays_used)\b/, `${path}: an internal code is shown`);
  return text;
}

/** Screenshots at both widths, numbered in order; no sideways scrolling at 390 px. */
async function shots(a, name) {
  const label = `year-${String(++shotNo).padStart(2, '0')}-${name}`;
  await screenshots(a.page, label);
  await a.page.setViewportSize(PHONE);
  const width = await a.page.evaluate(() => document.documentElement.scrollWidth);
  await a.page.setViewportSize(a.viewport);
  assert.ok(width <= PHONE.width, `${name}: ${width} px wide at ${PHONE.width} px`);
}

function decodeQP(s) {
  const src = s.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-F]{2}$/i.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(src[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The path and query of the PATH?jeton= link in the mail delivered to TO (the SMTP sink's Maildir). */
async function mailedLink(to, path) {
  const deadline = Date.now() + 120000;
  for (;;) {
    for (const sub of ['new', 'cur']) {
      const dir = join(MAILDIR, sub);
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir)) {
        const raw = readFileSync(join(dir, f), 'utf8');
        const head = raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
        const toLine = /^To:\s*(.*)$/mi.exec(head);
        if (!toLine || !toLine[1].toLowerCase().includes(to.toLowerCase())) continue;
        const m = new RegExp(`https?://[^/\\s]+(${path.replace(/[/.]/g, '\\$&')}\\?jeton=[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`)
          .exec(decodeQP(raw));
        if (m) return m[1];
      }
    }
    assert.ok(Date.now() < deadline, `no mail with a ${path} link to ${to} within 2 minutes`);
    await sleep(250);
  }
}

// An open weekday far ahead with no desk booking yet (so the member's half-day is free).
function freeDay() {
  for (let i = 0; i < 300; i++) {
    const off = 60 + Math.floor(Math.random() * 200);
    const [row] = psql(`SELECT (paris_today() + ${off})::text
      WHERE extract(isodow FROM paris_today() + ${off}) BETWEEN 1 AND 5 AND closed_reason(paris_today() + ${off}, NULL) IS NULL
      AND EXISTS (SELECT 1 FROM opening_hours o WHERE o.space_id = 1 AND o.weekday = extract(isodow FROM paris_today() + ${off}))
      AND NOT EXISTS (SELECT 1 FROM booking WHERE day = paris_today() + ${off} AND status IN ('held', 'requested', 'confirmed'))`);
    if (row) return row[0];
  }
  throw new Error('no free day');
}

// Another member with a session (the one who looks the profile up in the directory).
function otherMember() {
  const token = crypto.randomBytes(32).toString('base64url');
  const hash = execFileSync('/usr/bin/python3', ['-c',
    'import hashlib,sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())', token],
  { encoding: 'utf8' }).trim();
  const [[id]] = psql(`WITH p AS (INSERT INTO person (email, first_name, last_name, profile, role, status, password_hash, email_verified_at)
          VALUES (:'email', 'Yanis', :'last', 'independant', 'member', 'active', '$argon2id$test', now()) RETURNING id),
        s AS (INSERT INTO session (person_id, token_hash) SELECT id, decode(:'hash', 'hex') FROM p)
        SELECT id FROM p`, { email: `yanis.${stamp}@exemple.fr`, last: `Voisin${stamp}`, hash });
  psql(`INSERT INTO membership (person_id, starts_on, ends_on, fee_cents, status, paid_at)
          VALUES (:id, paris_today() - 30, paris_today() + 300, 2000, 'paid', now())`, { id });
  return token;
}

const carnetOf = (pid) => psql(`SELECT halfdays_total - halfdays_used FROM person_formula
  WHERE person_id = :pid AND price_code = 'carnet_10' AND NOT sold_at_desk`, { pid })[0][0];

test('the year of a member, clicked through by the member (390 px) and the staff (1366 px)', async () => {
  const m = await actor(PHONE);
  const staff = await actor(DESKTOP);
  const region = (name) => m.page.getByRole('region', { name });

  // ---- 1. Signup with a carnet, from the join form.
  await m.page.goto('/');
  await m.page.getByRole('banner').getByRole('link', { name: 'Adhérer', exact: true }).click();
  await arrive(m, 'join', '/adhesion', { h1: 'Adhérer à La Fontaine' });
  await m.page.getByLabel('Indépendant, freelance ou auto-entrepreneur', { exact: true }).check();
  await m.page.getByLabel('Prénom *', { exact: true }).fill(person.first);
  await m.page.getByLabel('Nom *', { exact: true }).fill(person.last);
  await m.page.getByLabel('Adresse e-mail *', { exact: true }).fill(person.email);
  await m.page.getByLabel('Téléphone *', { exact: true }).fill('06 11 22 33 44');
  await m.page.getByLabel('Votre activité', { exact: true }).fill('Illustratrice indépendante');
  await m.page.getByLabel(/^Carnet de 10 demi-journées/).check();
  await m.page.getByLabel('J’adhère à l’association Canti’net pour un an *', { exact: true }).check();
  await m.page.getByLabel('J’ai lu et j’accepte les statuts et le règlement intérieur *', { exact: true }).check();
  await m.page.getByLabel('J’ai lu la politique de confidentialité *', { exact: true }).check();
  await shots(m, 'join');
  await m.page.getByRole('button', { name: 'Envoyer ma demande d’adhésion' }).click();
  await arrive(m, 'join-sent', '/adhesion/envoyee', { h1: 'Vérifiez votre boîte e-mail' });
  await shots(m, 'join-sent');
  const [[pid]] = psql(`SELECT id FROM person WHERE email = :'e'`, { e: person.email });

  // ---- 2. The address confirmed from the mail the stack captured; the password; the portal.
  await m.page.goto(await mailedLink(person.email, '/adhesion/confirmer'));
  await arrive(m, 'confirm', '/adhesion/confirmer', { h1: 'Choisissez votre mot de passe' });
  await m.page.getByLabel('Nouveau mot de passe *', { exact: true }).fill(person.password);
  await m.page.getByLabel('Confirmez le mot de passe *', { exact: true }).fill(person.password);
  await m.page.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
  await arrive(m, 'portal-new', '/compte', { h1: 'Mon espace membre' });
  assert.match(await region('Ma formule').innerText(), /pas encore actif : 10 demi-journées/);
  await shots(m, 'portal-new');

  // ---- 3. Staff log in and activate the request on /admin/adhesions.
  await staff.page.goto('/admin/adhesions');
  await arrive(staff, 'staff-login', '/connexion');
  await staff.page.getByLabel('Adresse e-mail').fill('equipe@lafontaine-agen.example');
  await staff.page.locator('input[name="mot_de_passe"]').fill('fontaine-demo-2026');
  await staff.page.getByRole('button', { name: /connecter/i }).click();
  await arrive(staff, 'requests', '/admin/adhesions');
  // Among every pending request (100 a page), the staff look for this person's: the carnet and
  // the membership of the signup.
  await staff.page.getByLabel('Chercher une demande (nom ou adresse e-mail)').fill(person.email);
  await staff.page.getByRole('button', { name: 'Chercher' }).click();
  await arrive(staff, 'requests-found', '/admin/adhesions');
  await staff.page.getByText(/^2\sdemandes trouvées\.$/).waitFor();
  const request = staff.page.getByRole('listitem').filter({ hasText: `${person.last}` })
    .filter({ hasText: 'Carnet de 10 demi-journées' });
  assert.equal(await request.count(), 1, 'the carnet request is listed');
  await shots(staff, 'requests');
  await request.getByRole('button', { name: 'Activer' }).click();
  await arrive(staff, 'requests-activated', '/admin/adhesions');
  assert.equal(await staff.page.getByRole('listitem').filter({ hasText: person.last })
    .filter({ hasText: 'Carnet de 10 demi-journées' }).count(), 0, 'no longer a request');
  await shots(staff, 'requests-activated');
  await m.page.reload();
  await arrive(m, 'portal-active', '/compte');
  assert.match(await region('Ma formule').innerText(), /10 demi-journées restantes sur 10/);
  await shots(m, 'portal-active');
  // The activation mail reached the member.
  const deadline = Date.now() + 120000;
  while (psql(`SELECT count(*) FROM outbox WHERE to_addr = :'e' AND subject LIKE 'Votre formule%est active' AND sent_at IS NOT NULL`,
    { e: person.email })[0][0] === '0') {
    assert.ok(Date.now() < deadline, 'the activation mail is sent');
    await sleep(250);
  }

  // ---- 4. A use at the desk: a walk-in under the member's address (only on an open day).
  const open = psql(`SELECT closed_reason(paris_today(), NULL) IS NULL AND fr_public_holiday(paris_today()) IS NULL
    AND EXISTS (SELECT 1 FROM opening_hours o, halfday_slot h WHERE o.space_id = 1 AND o.weekday = extract(isodow FROM paris_today())
      AND h.slot = 'pm' AND o.opens < h.ends AND o.closes > h.starts)`)[0][0] === 't';
  await staff.page.goto('/admin/accueil');
  await arrive(staff, 'desk-today', '/admin/accueil');
  let used = 0;
  if (open) {
    await staff.page.getByLabel('Prénom et nom du visiteur').fill(`${person.first} ${person.last}`);
    await staff.page.getByLabel('Adresse e-mail', { exact: true }).fill(person.email);
    await staff.page.getByRole('group', { name: 'Demi-journée *' }).getByLabel(/après-midi/i).check();
    await staff.page.getByRole('button', { name: 'Enregistrer le visiteur' }).click();
    await arrive(staff, 'desk-walk-in', '/admin/accueil');
    used = 1;
    assert.equal(carnetOf(pid), '9', 'the walk-in draws on the carnet');
    await shots(staff, 'desk-walk-in');
  } else {
    test.diagnostic?.('today is closed: no walk-in');
  }

  // ---- 5. A half-day booked online by the member.
  const day = freeDay();
  await m.page.goto('/compte');
  await m.page.getByRole('link', { name: 'Réserver une demi-journée' }).first().click();
  await arrive(m, 'desk-booking', '/mes-reservations', { h1: 'Mes réservations' });
  await m.page.getByLabel('Jour *').fill(day);
  await m.page.getByLabel('Matin').check();
  await m.page.getByRole('button', { name: 'Réserver' }).click();
  await arrive(m, 'desk-booked', '/mes-reservations');
  await shots(m, 'desk-booked');
  used++;
  assert.equal(carnetOf(pid), String(10 - used));
  await m.page.goto('/compte');
  await arrive(m, 'portal-booked', '/compte');
  assert.match(await region('Ma formule').innerText(), new RegExp(`${10 - used} demi-journées restantes sur 10`));
  const dayFr = psql(`SELECT invoice_fr_date(:'d'::date)`, { d: day })[0][0];
  assert.match(await m.page.getByRole('region', { name: 'Mes réservations' }).innerText(),
    new RegExp(`${dayFr}, matin — L’open space, confirmée \\(sur le carnet\\)`));
  await m.page.getByText('Historique du carnet').click();
  await shots(m, 'portal-booked');

  // ---- 6. A top-up sold at the desk.
  await staff.page.goto('/admin/adhesions');
  await arrive(staff, 'sale', '/admin/adhesions');
  await staff.page.getByLabel('Adresse e-mail du compte du membre *').fill(person.email);
  await staff.page.getByRole('button', { name: 'Vendre' }).click();
  await arrive(staff, 'sale-done', '/admin/adhesions');
  await staff.page.getByRole('status').waitFor();
  await shots(staff, 'sale-done');
  assert.equal(psql(`SELECT count(*) FROM person_formula WHERE person_id = :pid AND sold_at_desk AND status = 'active'`, { pid })[0][0], '1');
  await m.page.goto('/compte');
  await arrive(m, 'portal-topup', '/compte');
  assert.match(await region('Ma formule').innerText(), /10 demi-journées restantes sur 10[\s\S]*\d demi-journées restantes sur 10|\d demi-journées restantes sur 10[\s\S]*10 demi-journées restantes sur 10/,
    'both carnets in the portal');
  await shots(m, 'portal-topup');

  // ---- 7. A correction: the online half-day given back to the carnet.
  await staff.page.goto(`/admin/accueil?jour=${day}`);
  await arrive(staff, 'desk-day', '/admin/accueil');
  const line = staff.page.getByRole('listitem').filter({ hasText: person.last });
  await line.getByText('Rendre la demi-journée au carnet').first().click();
  await line.getByLabel('Raison').fill('Réservée par erreur, rendue à sa demande');
  await line.getByRole('button', { name: 'Rendre la demi-journée au carnet' }).click();
  await arrive(staff, 'desk-corrected', '/admin/accueil');
  await shots(staff, 'desk-corrected');
  used--;
  assert.equal(carnetOf(pid), String(10 - used), 'the half-day is back on the carnet');
  await m.page.goto('/compte');
  await arrive(m, 'portal-corrected', '/compte');
  await m.page.getByText('Historique du carnet').click();
  const history = await m.page.locator('.carnet-history').first().innerText();
  assert.match(history, /Demi-journée rendue au carnet par l’équipe \(Réservée par erreur, rendue à sa demande\) : \+1 demi-journée/, `the carnet history shows the correction: ${history}`);
  await shots(m, 'portal-corrected');

  // ---- 8. The renewal reminder: the membership (paid) ends in 10 days; staff run the daily job.
  psql(`UPDATE membership SET starts_on = paris_today() - 355, ends_on = paris_today() + 10, status = 'paid',
    paid_at = coalesce(paid_at, now()) WHERE person_id = :pid AND renewal_of IS NULL`, { pid });
  await staff.page.goto('/admin/adhesions');
  await arrive(staff, 'renewals', '/admin/adhesions');
  await staff.page.getByRole('button', { name: 'Envoyer maintenant les rappels dus' }).click();
  await arrive(staff, 'reminders-sent', '/admin/adhesions');
  await staff.page.getByRole('status').waitFor();
  const row = staff.page.getByRole('row').filter({ hasText: person.last });
  assert.equal(await row.count(), 1, 'listed among the memberships not renewed');
  assert.match(await row.innerText(), /dans 10 jours/);
  await shots(staff, 'reminders-sent');
  assert.equal(psql(`SELECT count(*) FROM outbox WHERE to_addr = :'e' AND subject LIKE 'Votre adhésion à % se termine le %'`,
    { e: person.email })[0][0], '1', 'one reminder mail');

  // ---- 9. The member renews from the portal; staff accept.
  await m.page.goto('/compte');
  await arrive(m, 'portal-ending', '/compte');
  await m.page.getByRole('link', { name: 'Renouveler mon adhésion' }).click();
  await arrive(m, 'renew', '/compte/adhesion/renouveler', { h1: 'Renouveler mon adhésion' });
  await shots(m, 'renew');
  await m.page.getByRole('button', { name: 'Demander le renouvellement' }).click();
  await arrive(m, 'renew-asked', '/compte/adhesion/renouveler');
  await m.page.getByRole('status').getByText(/Votre demande de renouvellement est envoyée/).waitFor();
  await shots(m, 'renew-asked');
  await staff.page.goto('/admin/adhesions');
  await arrive(staff, 'renewal-request', '/admin/adhesions');
  await staff.page.getByLabel('Chercher une demande (nom ou adresse e-mail)').fill(person.last);
  await staff.page.getByRole('button', { name: 'Chercher' }).click();
  await arrive(staff, 'renewal-found', '/admin/adhesions');
  const renewal = staff.page.getByRole('listitem').filter({ hasText: person.last }).filter({ hasText: 'Renouvellement d’adhésion' });
  assert.equal(await renewal.count(), 1, 'the renewal is a request');
  await renewal.getByRole('button', { name: 'Activer' }).click();
  await arrive(staff, 'renewal-accepted', '/admin/adhesions');
  assert.equal(await staff.page.getByRole('row').filter({ hasText: person.last }).count(), 0, 'no longer "not renewed"');
  await shots(staff, 'renewal-accepted');

  // ---- 10. A monthly formula added by staff, stopped by the member from the portal.
  await staff.page.goto(`/admin/membres/${pid}`);
  await arrive(staff, 'member-page', `/admin/membres/${pid}`);
  await staff.page.getByLabel('Formule', { exact: true }).selectOption({ label: await staff.page.getByLabel('Formule', { exact: true })
    .locator('option').filter({ hasText: /mois|mensuel/i }).first().innerText() });
  await staff.page.getByRole('button', { name: 'Ajouter la formule' }).click();
  await staff.page.waitForLoadState('load');
  await arrive(staff, 'member-formula', `/admin/membres/${pid}`);
  await shots(staff, 'member-formula');
  await m.page.goto('/compte');
  await arrive(m, 'portal-monthly', '/compte');
  await shots(m, 'portal-monthly');
  await m.page.getByRole('button', { name: 'Arrêter cet abonnement à la fin du mois' }).click();
  await arrive(m, 'monthly-stopped', '/compte/formules/' + psql(`SELECT id FROM person_formula WHERE person_id = :pid
    AND halfdays_total IS NULL ORDER BY id DESC LIMIT 1`, { pid })[0][0] + '/arreter', { h1: 'Abonnement arrêté à la fin du mois' });
  assert.match(await m.page.getByRole('main').innerText(), /dernier jour est le \d{1,2}(er)? \S+ \d{4}/);
  await shots(m, 'monthly-stopped');
  await m.page.getByRole('link', { name: 'Revenir à mon espace' }).click();
  await arrive(m, 'portal-stopped', '/compte');
  assert.match(await region('Ma formule').innerText(), /Jusqu’au/);
  assert.equal(await m.page.getByRole('button', { name: 'Arrêter cet abonnement à la fin du mois' }).count(), 0);

  // ---- 11. The member's invoices: the carnet, the top-up, the fees are invoiced by the rules.
  const lines = psql(`SELECT count(*) FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id WHERE i.person_id = :pid`, { pid })[0][0];
  assert.ok(Number(lines) >= 4, `carnet, top-up, membership, renewal and month invoiced (${lines} lines)`);
  // Staff issue the member's draft from the invoice page; the member then finds it in the list.
  const [[draft]] = psql(`SELECT id FROM invoice WHERE person_id = :pid AND status = 'draft' ORDER BY id LIMIT 1`, { pid });
  await staff.page.goto(`/admin/factures/${draft}`);
  await arrive(staff, 'invoice-draft', `/admin/factures/${draft}`);
  await shots(staff, 'invoice-draft');
  await staff.page.getByRole('button', { name: /^Émettre/ }).click();
  await arrive(staff, 'invoice-issued', `/admin/factures/${draft}`);
  const [[number]] = psql(`SELECT number FROM invoice WHERE id = :draft AND status <> 'draft'`, { draft });
  await m.page.goto('/compte');
  await arrive(m, 'portal-invoice', '/compte');
  assert.match(await region('Ma formule').innerText(), new RegExp(`Prochaine facture à régler : ${number}`));
  await m.page.getByRole('link', { name: 'Mes factures' }).click();
  await m.page.waitForLoadState('load');
  await arrive(m, 'invoices', new URL(m.page.url()).pathname);
  assert.match(await m.page.getByRole('main').innerText(), new RegExp(number));
  await shots(m, 'invoices');

  // ---- 12. The data page (and its JSON).
  await m.page.goto('/compte/donnees');
  await arrive(m, 'data', '/compte/donnees', { h1: 'Mes données' });
  const data = await m.page.getByRole('main').innerText();
  assert.match(data, new RegExp(person.last));
  assert.match(data, /Carnet de 10 demi-journées/);
  await shots(m, 'data');
  const json = await m.page.request.get('/compte/donnees.json');
  assert.equal(json.status(), 200);
  assert.ok(JSON.stringify(await json.json()).includes(person.email));

  // ---- 13. The directory profile, found by another member.
  await m.page.goto('/compte');
  await m.page.getByRole('link', { name: 'Mon profil dans l’annuaire' }).click();
  await arrive(m, 'profile', '/compte/profil-annuaire', { h1: 'Mon profil dans l’annuaire' });
  await m.page.getByLabel('Mon activité *').fill('Illustratrice jeunesse');
  await m.page.getByLabel('Mes compétences').fill(`aquarelle, ${stamp}`);
  await m.page.getByLabel('Ce que je propose').fill('Des illustrations pour vos supports.');
  await m.page.getByLabel('Ce que je cherche').fill('Un·e auteur·e pour un album.');
  await m.page.getByLabel('Comment me joindre').fill(person.email);
  await m.page.getByLabel('Les membres de La Fontaine, connectés').check();
  await m.page.getByLabel(/^J’accepte que ce profil/).check();
  await m.page.getByRole('button', { name: 'Enregistrer mon profil' }).click();
  await arrive(m, 'profile-saved', '/compte/profil-annuaire');
  await shots(m, 'profile-saved');
  const other = await actor(PHONE);
  await other.context.addCookies([{ name: 'session', value: otherMember(), url: BASE }]);
  await other.page.goto('/annuaire');
  await arrive(other, 'directory', '/annuaire', { h1: 'L’annuaire des coworkers' });
  await other.page.getByLabel('Compétence').fill(stamp);
  await other.page.getByRole('button', { name: 'Rechercher' }).click();
  await arrive(other, 'directory-found', '/annuaire');
  assert.equal(await other.page.getByRole('heading', { level: 2, name: `${person.first} ${person.last}` }).count(), 1);
  await shots(other, 'directory-found');
  await other.context.close();

  // ---- 14. The audit log, in French, and the dashboard.
  await staff.page.goto('/admin/journal');
  await arrive(staff, 'journal', '/admin/journal');
  const journal = await staff.page.getByRole('main').innerText();
  assert.doesNotMatch(journal, /\b(activate|topup|reverse|walk_in|person_formula|membership|booking|halfdays_used)\b/,
    'the audit log reads in French');
  assert.match(journal, new RegExp(person.last), 'the member’s year is in the audit log');
  await shots(staff, 'journal');
  await staff.page.goto('/admin/tableau-de-bord');
  await arrive(staff, 'dashboard', '/admin/tableau-de-bord');
  await shots(staff, 'dashboard');
  await m.context.close();
  await staff.context.close();
});

test('the pages visited are valid HTML (Nu HTML checker)', () => {
  assert.ok(htmlFiles.length >= 30, `pages collected: ${htmlFiles.length}`);
  const errors = vnuErrors(htmlFiles);
  assert.deepEqual(errors, [], `vnu: ${errors.length} error(s):\n  ${errors.join('\n  ')}`);
});
