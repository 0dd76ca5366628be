// booking.test.mjs: a company books the conference room in Debian's Chromium, by clicking
// and typing: the availability pages, the week with a free morning, the form (its error state
// first), the price, the booking held until its contact follows the mailed link, the
// confirmation page of that link, the confirmed booking, a quote; then a member's and the
// desk staff's pages. Every page visited is checked by axe-core on the spot and its server HTML
// by the Nu HTML checker at the end (as journeys.test.mjs does).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  ARTEFACTS, DESKTOP, assertAxeClean, env, launchBrowser, psql, screenshots, vnuErrors, watch,
} from './helpers.mjs';
import { waitMail, mailLink, HOLD_SUBJECT } from '../integration/booking_mail.mjs';

const { url: BASE } = env();
// This file's own folder of server HTML (journeys.test.mjs empties artefacts/html/).
const HTML_DIR = join(ARTEFACTS, 'html-booking');
const ROOM = 'salle-de-conference';

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

/**
 * Waits until the browser shows PATH, then checks the page: HTTP status, one h1 that starts
 * the <title>, no failed sub-resource or CSP refusal, no axe violation. Saves the server's
 * HTML as NAME for vnu. Returns the h1's text.
 */
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
  const title = await page.title();
  assert.ok(title.startsWith(`${text} · `), `${path}: <title> "${title}" does not start with the h1 "${text}"`);
  assert.deepEqual(watcher.problems.splice(0), [], `${path}: sub-resources, CSP or scripts`);
  await assertAxeClean(page, name);
  return text;
}

// An open weekday 90+ days ahead with nothing booked (random, so reruns do not collide).
function freeDay() {
  for (let i = 0; i < 300; i++) {
    const off = 90 + Math.floor(Math.random() * 200);
    const [row] = psql(`SELECT (current_date + ${off})::text, to_char(current_date + ${off}, 'IYYY-"W"IW')
      WHERE extract(isodow FROM current_date + ${off}) BETWEEN 1 AND 5 AND closed_reason(current_date + ${off}, NULL) IS NULL
      AND NOT EXISTS (SELECT 1 FROM booking WHERE day = current_date + ${off} AND status IN ('held', 'requested', 'confirmed'))`);
    if (row) return { day: row[0], week: row[1] };
  }
  throw new Error('no free day');
}

// A session cookie for a new active person with ROLE (the signup program is tested elsewhere).
function sessionFor(role) {
  const token = crypto.randomBytes(32).toString('base64url');
  const hash = execFileSync('/usr/bin/python3', ['-c',
    'import hashlib,sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())', token],
  { encoding: 'utf8' }).trim();
  const tag = `br${process.pid}x${Date.now().toString(36)}${role}`;
  psql(`WITH p AS (INSERT INTO person (email, first_name, last_name, profile, role, status, password_hash)
          VALUES (:'email', 'Dominique', 'Essai', 'independant', :'role', 'active', '$argon2id$test') RETURNING id)
        INSERT INTO session (person_id, token_hash) SELECT id, decode(:'hash', 'hex') FROM p`,
  { email: `${tag}@example.org`, role, hash });
  return token;
}

const company = `Pruneaux d’Agen SARL ${process.pid}`;

test('a company finds a free morning and books the conference room, by clicking and typing', async () => {
  const { day, week } = freeDay();
  await page.goto('/disponibilites');
  await arrive('availability-index', '/disponibilites', { h1: 'Disponibilités' });
  await page.getByRole('main').getByRole('link', { name: 'La salle de conférence' }).click();
  await arrive('availability-room', `/disponibilites/${ROOM}`, { h1: 'Disponibilités : La salle de conférence' });
  await page.getByRole('link', { name: 'Semaine suivante →' }).click();
  await arrive('availability-room-next', `/disponibilites/${ROOM}`);
  assert.match(page.url(), /semaine=\d{4}-W\d{2}/);

  // The week of the chosen day (navigating there week by week would be slow): its table.
  await page.goto(`/disponibilites/${ROOM}?semaine=${week}`);
  await arrive('availability-room-week', `/disponibilites/${ROOM}`);
  const table = page.getByRole('table');
  assert.equal(await table.getByRole('columnheader').count(), 8);
  assert.equal(await table.getByRole('rowheader').count(), 2);
  const link = table.locator(`a[href="/reservation?jour=${day}&creneau=am"]`);
  assert.equal(await link.count(), 1, 'the free morning has a booking link');
  // The list of days that phones get carries the same link.
  assert.equal(await page.locator(`.availability-days a[href="/reservation?jour=${day}&creneau=am"]`).count(), 1);
  await link.click();
  await arrive('room-form', '/reservation', { h1: 'Réserver la salle de conférence' });
  assert.equal(await page.getByLabel('Jour *').inputValue(), day);
  assert.ok(await page.getByLabel('Matin (8 h 30 – 12 h 30)').isChecked());
  await screenshots(page, 'booking-room-form');

  // Submitting at once: the error state, every message beside its field.
  await page.getByRole('button', { name: 'Réserver', exact: true }).click();
  await arrive('room-form-errors', '/reservation', { status: 422 });
  assert.equal(await page.getByRole('alert').first().isVisible(), true);
  assert.equal(await page.getByLabel('Entreprise ou organisme *').getAttribute('aria-invalid'), 'true');

  // The price, then the company details.
  await page.getByLabel('Nombre de participants *').fill('8');
  await page.getByLabel(/^Accueil café/).check();
  await page.getByRole('button', { name: 'Calculer le prix' }).click();
  await arrive('room-form-price', '/reservation');
  const total = await page.locator('#prix-total').textContent();
  const [[cents]] = psql(`SELECT non_member_cents + 8 * (SELECT price_cents FROM booking_option WHERE code = 'accueil_cafe')
    FROM price WHERE code = 'room_half_day'`);
  assert.equal(total, `${String(Math.floor(cents / 100))},${String(cents % 100).padStart(2, '0')}\u00a0€`);

  await page.getByLabel('SIREN *').fill('732829321');
  await page.getByLabel('Entreprise ou organisme *').fill(company);
  await page.getByLabel('Adresse de facturation *').fill('12 boulevard de la République');
  await page.getByLabel('Code postal *').fill('47000');
  await page.getByLabel('Ville *').fill('Agen');
  await page.getByLabel('Personne à contacter *').fill('Sophie Lagarde');
  const email = `sophie.${process.pid}.${Date.now()}@example.org`;
  await page.getByLabel('Adresse e-mail *').fill(email);
  await page.getByLabel('Téléphone *').fill('05 53 00 00 01');
  await page.getByLabel('Objet de la réunion').fill('Lancement de la nouvelle gamme');
  await page.getByRole('button', { name: 'Réserver', exact: true }).click();
  // A SIREN with a wrong key is caught beside its field; the rest is kept.
  await arrive('room-form-siren', '/reservation', { status: 422 });
  assert.match(await page.locator('#f-siren-erreur').textContent(), /clé de contrôle/);
  assert.equal(await page.getByLabel('Entreprise ou organisme *').inputValue(), company);
  await page.getByLabel('SIREN *').fill('732829320');
  await page.getByRole('button', { name: 'Réserver', exact: true }).click();
  // Held until the contact follows the link mailed to them.
  await arrive('room-held', '/reservation/gerer', { h1: 'Confirmez votre réservation par e-mail' });
  assert.match(await page.locator('#attente-confirmation').textContent(), /30 minutes/);
  await screenshots(page, 'booking-held');
  const confirm = mailLink(await waitMail(email, HOLD_SUBJECT), '/reservation/confirmer');
  await page.goto(confirm.link);
  await arrive('room-confirm-link', '/reservation/confirmer', { h1: 'Confirmer votre réservation' });
  await page.getByRole('button', { name: 'Confirmer la réservation' }).click();
  await arrive('room-confirmed', '/reservation/gerer', { h1: 'Réservation confirmée' });
  assert.match(await page.getByRole('main').textContent(), new RegExp(company.replace(/[’]/g, '.')));
  await screenshots(page, 'booking-confirmed');
  const [[status]] = psql(`SELECT status FROM booking WHERE company_name = :'c'`, { c: company });
  assert.equal(status, 'confirmed');
});

test('a quote for another day, printable', async () => {
  const { day } = freeDay();
  await page.goto(`/reservation?jour=${day}&creneau=day`);
  await arrive('room-form-quote', '/reservation');
  await page.getByLabel('Nombre de participants *').fill('4');
  for (const [label, value] of [['Entreprise ou organisme *', `${company} devis`], ['SIREN *', '552100554'],
    ['Adresse de facturation *', '3 rue des Cornières'], ['Code postal *', '47000'], ['Ville *', 'Agen'],
    ['Personne à contacter *', 'Marc Dupuy'], ['Adresse e-mail *', `marc.${process.pid}@example.org`],
    ['Téléphone *', '05 53 00 00 02']]) await page.getByLabel(label).fill(value);
  await page.getByRole('button', { name: 'Obtenir un devis' }).click();
  const h1 = await arrive('room-quote', '/reservation/devis');
  assert.match(h1, /^Devis D\d{4}-\d{5}$/);
});

test('a member’s desk page and the desk staff’s pages', async () => {
  const member = sessionFor('member');
  await context.addCookies([{ name: 'session', value: member, url: BASE }]);
  await page.goto('/mes-reservations');
  await arrive('desk', '/mes-reservations', { h1: 'Mes réservations' });
  await page.getByRole('button', { name: 'Réserver' }).click();
  await arrive('desk-errors', '/mes-reservations', { status: 422 });
  const { day } = freeDay();
  await page.getByLabel('Jour *').fill(day);
  await page.getByLabel('Après-midi').check();
  await page.getByRole('button', { name: 'Réserver' }).click();
  await arrive('desk-booked', '/mes-reservations');
  assert.equal(await page.getByRole('button', { name: /^Annuler la demi-journée/ }).count(), 1);

  await page.goto('/disponibilites/open-space');
  await arrive('availability-open-space', '/disponibilites/open-space');

  const staff = sessionFor('staff');
  await context.addCookies([{ name: 'session', value: staff, url: BASE }]);
  await page.goto(`/admin/accueil?jour=${day}`);
  await arrive('staff-checkin', '/admin/accueil', { h1: 'Accueil du jour' });
  // A day to come: nobody can have arrived yet, so no "Arrivé" (issue 19).
  assert.equal(await page.getByRole('button', { name: /^Arrivé : / }).count(), 0);
  await page.goto('/admin/accueil');
  await arrive('staff-checkin-today', '/admin/accueil');
  // The staff booking pages carry the back office's own menu.
  const staffNav = page.getByRole('navigation', { name: 'Back-office' });
  await staffNav.getByRole('link', { name: 'Réservations', exact: true }).click();
  await arrive('staff-requests', '/admin/reservations', { h1: 'Réservations de salle' });
  await staffNav.getByRole('link', { name: 'Baux des bureaux' }).click();
  await arrive('staff-leases', '/admin/reservations/baux', { h1: 'Baux des bureaux' });
  await page.getByRole('button', { name: 'Enregistrer le bail' }).click();
  await arrive('staff-leases-errors', '/admin/reservations/baux', { status: 422 });
});

test('the Nu HTML checker finds no error in the HTML the server sent', () => {
  assert.ok(htmlFiles.length >= 15, `pages collected: ${htmlFiles.length}`);
  const errors = vnuErrors(htmlFiles);
  assert.deepEqual(errors, [], `vnu: ${errors.length} error(s):\n  ${errors.join('\n  ')}`);
});
