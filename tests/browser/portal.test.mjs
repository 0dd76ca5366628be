// portal.test.mjs: a member's portal and the coworkers' directory in Debian's Chromium, by
// clicking and typing, at 390 and 1366 px: the conference room booked as a person (the company
// fields hidden), the portal with that booking beside the half-days (manage link, .ics), the
// carnet not active yet and its history, the next invoice and what to do next; the directory
// profile (consent, public, a photo), the directory and its search, the data page. Every page
// is checked by axe-core on the spot and its server HTML by the Nu HTML checker at the end.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  ARTEFACTS, DESKTOP, PHONE, assertAxeClean, env, launchBrowser, psql, screenshots, vnuErrors, watch,
} from './helpers.mjs';

const { url: BASE } = env();
const HTML_DIR = join(ARTEFACTS, 'html-portal');
const ROOM = 'salle-de-conference';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

let browser;
let context;
let page;
let watcher;
const htmlFiles = [];

before(async () => {
  rmSync(HTML_DIR, { recursive: true, force: true });
  mkdirSync(HTML_DIR, { recursive: true });
  mkdirSync(join(ARTEFACTS, 'screenshots'), { recursive: true });
  browser = await launchBrowser();
  context = await browser.newContext({
    baseURL: BASE, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: DESKTOP, reducedMotion: 'reduce',
  });
  page = await context.newPage();
  watcher = watch(page);
});

after(async () => {
  await browser?.close();
});

async function arrive(name, path, { status = 200, h1 } = {}) {
  await page.waitForURL((u) => u.pathname === path);
  await page.waitForLoadState('load');
  const doc = await watcher.lastDocument();
  const file = join(HTML_DIR, `${name}.html`);
  writeFileSync(file, doc.body);
  htmlFiles.push(file);
  assert.equal(doc.status, status, `${path}: HTTP status`);
  const heading = page.getByRole('heading', { level: 1 });
  assert.equal(await heading.count(), 1, `${path}: one h1`);
  const text = (await heading.textContent()).trim();
  if (h1 !== undefined) assert.equal(text, h1, `${path}: h1`);
  assert.deepEqual(watcher.problems.splice(0), [], `${path}: sub-resources, CSP or scripts`);
  await assertAxeClean(page, name);
  return text;
}

// Screenshots at both widths, and no sideways scrolling on a phone.
async function shots(name) {
  await screenshots(page, name);
  await page.setViewportSize(PHONE);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.setViewportSize(DESKTOP);
  assert.ok(width <= PHONE.width, `${name}: ${width} px wide at ${PHONE.width} px`);
}

function freeDay() {
  for (let i = 0; i < 300; i++) {
    const off = 60 + Math.floor(Math.random() * 200);
    const [row] = psql(`SELECT (paris_today() + ${off})::text
      WHERE extract(isodow FROM paris_today() + ${off}) BETWEEN 1 AND 5 AND closed_reason(paris_today() + ${off}, NULL) IS NULL
      AND NOT EXISTS (SELECT 1 FROM booking WHERE day = paris_today() + ${off} AND status IN ('held', 'requested', 'confirmed'))`);
    if (row) return row[0];
  }
  throw new Error('no free day');
}

// A member with a paid membership, a carnet in use, a top-up not active yet, a half-day booked
// and an invoice to pay; returns its id, session token and name.
function member() {
  const token = crypto.randomBytes(32).toString('base64url');
  const hash = execFileSync('/usr/bin/python3', ['-c',
    'import hashlib,sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())', token],
  { encoding: 'utf8' }).trim();
  const tag = `Portail${process.pid}${Date.now().toString(36)}`;
  const [[id]] = psql(`WITH p AS (INSERT INTO person (email, first_name, last_name, profile, role, status, password_hash, email_verified_at)
          VALUES (:'email', 'Léa', :'tag', 'salarie', 'member', 'active', '$argon2id$test', now()) RETURNING id),
        s AS (INSERT INTO session (person_id, token_hash) SELECT id, decode(:'hash', 'hex') FROM p)
        SELECT id FROM p`, { email: `${tag.toLowerCase()}@example.org`, tag, hash });
  psql(`INSERT INTO membership (person_id, starts_on, ends_on, fee_cents, status, paid_at)
          VALUES (:id, paris_today() - 30, paris_today() + 300, 2000, 'paid', now());
        INSERT INTO person_formula (person_id, price_code, unit_cents, member_price, status, starts_on, halfdays_total, halfdays_used)
          VALUES (:id, 'carnet_10', 7000, true, 'active', paris_today() - 20, 10, 0);
        INSERT INTO person_formula (person_id, price_code, unit_cents, member_price, status, halfdays_total)
          VALUES (:id, 'carnet_10', 7000, true, 'requested', 10);`, { id });
  const inv = psql(`WITH i AS (INSERT INTO invoice (person_id, customer_name, customer_email) VALUES (:id, 'Léa', 'lea@example.org') RETURNING id),
      l AS (INSERT INTO invoice_line (invoice_id, description, quantity_milli, unit_price_cents) SELECT id, 'Carnet de 10 demi-journées', 1000, 7000 FROM i)
      SELECT id FROM i`, { id })[0][0];
  psql('SELECT invoice_issue(:inv, NULL)', { inv });
  return { id, token, tag, email: `${tag.toLowerCase()}@example.org` };
}

test('a member books the room as a person, finds it in the portal, joins the directory', async () => {
  const m = member();
  await context.addCookies([{ name: 'session', value: m.token, url: BASE }]);

  // A half-day in the open space.
  await page.goto('/mes-reservations');
  await arrive('desk', '/mes-reservations', { h1: 'Mes réservations' });
  await page.getByLabel('Jour *').fill(freeDay());
  await page.getByLabel('Matin').check();
  await page.getByRole('button', { name: 'Réserver' }).click();
  await arrive('desk-booked', '/mes-reservations');

  // The room, as a person: no company fields in sight.
  const day = freeDay();
  await page.goto(`/reservation?salle=${ROOM}&jour=${day}&creneau=pm`);
  await arrive('room-person', '/reservation');
  assert.ok(await page.getByLabel(/^À mon nom/).isChecked());
  assert.equal(await page.getByLabel('Entreprise ou organisme *').isVisible(), false, 'no company asked of a person');
  assert.equal(await page.getByLabel('SIREN *').isVisible(), false);
  await shots('portal-room-person');
  await page.getByLabel('Nombre de participants *').fill('4');
  await page.getByLabel('Téléphone *').fill('05 53 00 00 03');
  await page.getByLabel('Objet de la réunion').fill('Entretiens de recrutement');
  await page.getByRole('button', { name: 'Réserver', exact: true }).click();
  await arrive('room-person-booked', '/reservation/gerer');
  // The company choice shows them again.
  await page.goto(`/reservation?salle=${ROOM}`);
  await page.getByLabel('Au nom d’une entreprise ou d’un organisme').check();
  assert.equal(await page.getByLabel('Entreprise ou organisme *').isVisible(), true);

  // The portal.
  await page.goto('/compte');
  await arrive('portal', '/compte', { h1: 'Mon espace membre' });
  const main = page.getByRole('main');
  assert.match(await main.textContent(), /pas encore actif/);
  assert.match(await main.textContent(), /Prochaine facture à régler : F\d{4}-\d{5}/);
  assert.equal(await page.getByRole('link', { name: 'Gérer cette réservation' }).count(), 1);
  assert.equal(await page.getByRole('link', { name: 'Ajouter à mon agenda (.ics)' }).count(), 2);
  await page.getByText('Historique du carnet').click();
  await shots('portal');
  await page.getByRole('link', { name: 'Gérer cette réservation' }).click();
  await arrive('portal-manage', '/reservation/gerer');

  // The directory profile: consent, public, a photo.
  await page.goto('/compte/profil-annuaire');
  await arrive('directory-profile-new', '/compte/profil-annuaire', { h1: 'Mon profil dans l’annuaire' });
  await page.getByLabel('Mon activité *').fill('Chargée de communication');
  await page.getByLabel('Mes compétences').fill(`réseaux sociaux, ${m.tag}`);
  await page.getByLabel('Ce que je propose').fill('Un regard sur vos supports de communication.');
  await page.getByLabel('Ce que je cherche').fill('Un·e graphiste pour un projet commun.');
  await page.getByLabel('Comment me joindre').fill(m.email);
  await page.getByLabel('Tout le monde, sur le site public').check();
  await page.getByRole('button', { name: 'Enregistrer mon profil' }).click();
  await arrive('directory-profile-consent', '/compte/profil-annuaire', { status: 422 });
  await page.getByLabel(/^J’accepte que ce profil/).check();
  await page.getByLabel('Envoyer une photo').setInputFiles({ name: 'lea.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: 'Enregistrer mon profil' }).click();
  await arrive('directory-profile-saved', '/compte/profil-annuaire');
  await shots('directory-profile');

  // The directory, and its search.
  await page.goto('/annuaire');
  await arrive('directory', '/annuaire', { h1: 'L’annuaire des coworkers' });
  await page.getByLabel('Compétence').fill(m.tag);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await arrive('directory-search', '/annuaire');
  assert.equal(await page.getByRole('heading', { level: 2, name: `Léa ${m.tag}` }).count(), 1);
  await shots('directory');

  // The data page.
  await page.goto('/compte/donnees');
  await arrive('data', '/compte/donnees', { h1: 'Mes données' });
  assert.doesNotMatch(await page.getByRole('main').textContent(), /\d{4}-\d{2}-\d{2}/);
  await shots('portal-data');
  await context.clearCookies();

  // A visitor sees the public profile.
  await page.goto(`/annuaire?competence=${encodeURIComponent(m.tag)}`);
  await arrive('directory-visitor', '/annuaire');
  assert.equal(await page.getByRole('heading', { level: 2, name: `Léa ${m.tag}` }).count(), 1);
});

test('the pages visited are valid HTML (Nu HTML checker)', () => {
  assert.deepEqual(vnuErrors(htmlFiles), []);
});
