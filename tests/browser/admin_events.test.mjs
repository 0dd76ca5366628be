// admin_events.test.mjs: the staff back office in Debian's Chromium: the demo admin logs in,
// creates an event by typing into the form as a person would (first with a mistake, to see
// the form's error state), checks the preview and publishes it. Every page visited is checked
// by axe-core on the spot and its server HTML by the Nu HTML checker at the end.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  ARTEFACTS, DESKTOP, assertAxeClean, env, launchBrowser, psql, vnuErrors, watch,
} from './helpers.mjs';

const { url: BASE } = env();
const HTML = join(ARTEFACTS, 'html-admin');

let browser;
let page;
let watcher;
const htmlFiles = [];

before(async () => {
  rmSync(HTML, { recursive: true, force: true });
  mkdirSync(HTML, { recursive: true });
  browser = await launchBrowser();
  const context = await browser.newContext({
    baseURL: BASE, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: DESKTOP, reducedMotion: 'reduce',
  });
  page = await context.newPage();
  watcher = watch(page);
});

after(async () => {
  await browser?.close();
});

/** Waits for PATH, checks status, one h1, no failed resource, axe; keeps the server HTML for vnu. */
async function arrive(name, path, { status = 200 } = {}) {
  await page.waitForURL((u) => u.pathname === path);
  await page.waitForLoadState('load');
  const doc = await watcher.lastDocument();
  const file = join(HTML, `${name}.html`);
  writeFileSync(file, doc.body);
  htmlFiles.push(file);
  assert.equal(doc.status, status, `${path}: HTTP status`);
  assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1, `${path}: one h1`);
  assert.deepEqual(watcher.problems.splice(0), [], `${path}: sub-resources, CSP or scripts`);
  await assertAxeClean(page, name);
}

test('staff: log in, create an event (with a mistake first), preview, publish', async () => {
  const title = `Afterwork des coworkers ${Date.now().toString(36)}`;
  await page.goto('/admin');
  await arrive('login', '/connexion');
  await page.getByLabel('Adresse e-mail').fill('equipe@lafontaine-agen.example');
  await page.locator('input[name="mot_de_passe"]').fill('fontaine-demo-2026');
  await page.getByRole('button', { name: /connecter/i }).click();
  await arrive('admin-home', '/admin');

  await page.getByRole('navigation', { name: 'Back-office' }).getByRole('link', { name: 'Événements' }).click();
  await arrive('admin-events', '/admin/evenements');
  await page.getByRole('link', { name: 'Créer un événement' }).first().click();
  await arrive('admin-event-new', '/admin/evenements/nouveau');
  assert.equal(await page.getByLabel('Lieu').inputValue(), 'La Fontaine', 'La Fontaine by default');

  await page.getByLabel('Titre').fill(title);
  await page.getByLabel('Résumé').fill('On se retrouve après le travail autour d’un verre.');
  await page.getByLabel('Description').fill('Venez **nombreux** !\n\n- boissons offertes\n- jeux');
  await page.getByLabel('Catégorie').selectOption({ label: 'Afterwork' });
  await page.getByLabel('Date de début').fill('2031-06-12');
  await page.getByLabel('Heure de début').fill('18:30');
  await page.getByLabel('Date de fin').fill('2031-06-12');
  await page.getByLabel('Heure de fin').fill('17:00'); // before the start: a mistake
  await page.getByLabel('Nombre de places').fill('30');
  await page.getByLabel('Prix (€)').fill('5,50');
  await page.getByRole('button', { name: 'Créer le brouillon' }).click();
  await arrive('admin-event-errors', '/admin/evenements/nouveau', { status: 422 });
  const error = page.locator('#f-date_fin-erreur');
  assert.equal(await error.textContent(), 'La fin doit être après le début de l’événement.');
  assert.equal(await page.getByLabel('Titre').inputValue(), title, 'the values typed are kept');

  await page.getByLabel('Heure de fin').fill('21:00');
  await page.getByRole('button', { name: 'Créer le brouillon' }).click();
  await page.waitForURL(/\/admin\/evenements\/\d+\?ok=cree$/);
  const id = new URL(page.url()).pathname.split('/').pop();
  await arrive('admin-event-edit', `/admin/evenements/${id}`);
  await page.getByRole('status').getByText(/créé, en brouillon/).waitFor();
  const preview = page.getByRole('region', { name: 'Aperçu de la description enregistrée' });
  assert.equal(await preview.locator('strong').textContent(), 'nombreux');

  await page.getByRole('button', { name: 'Publier l’événement' }).click();
  await page.waitForURL(/\?ok=publie$/);
  await arrive('admin-event-published', `/admin/evenements/${id}`);
  const [[status, price, starts]] = psql(`SELECT status, price_cents,
      to_char(starts_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD HH24:MI') FROM event WHERE id = :id`, { id });
  assert.deepEqual([status, price, starts], ['published', '550', '2031-06-12 18:30']);

  await page.getByRole('link', { name: /inscriptions? en cours/ }).click();
  await arrive('admin-registrations', `/admin/evenements/${id}/inscriptions`);
});

test('vnu: every admin page visited is valid HTML', () => {
  assert.ok(htmlFiles.length >= 7, `pages collected: ${htmlFiles.length}`);
  const errors = vnuErrors(htmlFiles);
  assert.deepEqual(errors, [], `vnu: ${errors.length} error(s):\n${errors.join('\n')}`);
});
