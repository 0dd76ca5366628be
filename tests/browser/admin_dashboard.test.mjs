// admin_dashboard.test.mjs: the back office's dashboard and managing pages in Debian's
// Chromium: the demo admin logs in, lands on the dashboard (charts as SVG with their tables),
// changes the month's target through the form, walks through members, the attendance sheet,
// funding, content, newsletter, audit log and GDPR pages. Every page is checked by axe-core
// on the spot (0 violations) and its server HTML by the Nu HTML checker at the end.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  ARTEFACTS, DESKTOP, assertAxeClean, env, launchBrowser, psql, vnuErrors, watch,
} from './helpers.mjs';

const { url: BASE } = env();
const HTML = join(ARTEFACTS, 'html-admin-dashboard');

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

const nav = () => page.getByRole('navigation', { name: 'Back-office' });

test('staff: the dashboard, its target, and every managing page, accessible', async () => {
  await page.goto('/admin/tableau-de-bord');
  await arrive('login', '/connexion');
  await page.getByLabel('Adresse e-mail').fill('equipe@lafontaine-agen.example');
  await page.locator('input[name="mot_de_passe"]').fill('fontaine-demo-2026');
  await page.getByRole('button', { name: /connecter/i }).click();
  await arrive('dashboard', '/admin/tableau-de-bord');

  // Charts: inline SVG images with a title, their numbers in a table, a CSV link each.
  const charts = page.locator('svg[role="img"]');
  assert.ok(await charts.count() >= 6, 'the charts are drawn');
  assert.ok(await page.getByRole('img', { name: /Utilisations par jour/ }).count() === 1);
  assert.ok(await page.getByRole('link', { name: /Télécharger les données \(CSV\)/ }).count() >= 6);

  const month = psql("SELECT to_char(paris_today(), 'YYYY-MM')")[0][0];
  await page.getByLabel(/^Objectif de /).fill('210');
  await page.getByRole('button', { name: 'Enregistrer l’objectif' }).click();
  await page.waitForURL(/ok=objectif$/);
  await arrive('dashboard-target', '/admin/tableau-de-bord');
  await page.getByRole('status').getByText('L’objectif du mois est enregistré.').waitFor();
  assert.equal(psql(`SELECT target FROM use_target WHERE space_id = 1 AND month = '${month}-01'`)[0][0], '210');
  assert.match(await page.locator('#uses-figure').textContent(), /objectif de 210/);

  await nav().getByRole('link', { name: 'Membres' }).click();
  await arrive('members', '/admin/membres');
  await page.getByLabel('Nom, e-mail ou entreprise').fill('membre@');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await arrive('members-search', '/admin/membres');
  await page.getByRole('link', { name: 'Démo Camille' }).click();
  await page.waitForURL(/\/admin\/membres\/\d+$/);
  await arrive('member', new URL(page.url()).pathname);
  await page.goto('/admin/membres/assemblee');
  await arrive('voters', '/admin/membres/assemblee');
  await page.goto('/admin/membres/renouvellements');
  await arrive('renewals', '/admin/membres/renouvellements');

  await nav().getByRole('link', { name: 'Financements' }).click();
  await arrive('funding', '/admin/financements');
  await page.getByRole('link', { name: 'Enregistrer un financement' }).click();
  await arrive('funding-new', '/admin/financements/nouveau');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await arrive('funding-errors', '/admin/financements/nouveau', { status: 422 });

  await nav().getByRole('link', { name: 'Contenus du site' }).click();
  await arrive('content', '/admin/contenu');
  for (const [name, p] of [['prices', '/admin/contenu/tarifs'], ['hours', '/admin/contenu/horaires'],
    ['funders', '/admin/contenu/financeurs'], ['organisation', '/admin/contenu/organisation'],
    ['page-form', '/admin/contenu/pages/cooperative']]) {
    await page.goto(p);
    await arrive(name, p);
  }
  await page.getByRole('button', { name: 'Aperçu' }).click();
  await arrive('page-preview', '/admin/contenu/pages/cooperative');

  await nav().getByRole('link', { name: 'Lettre d’information' }).click();
  await arrive('newsletter', '/admin/lettre');
  await nav().getByRole('link', { name: 'Journal' }).click();
  await arrive('audit', '/admin/journal');
  await nav().getByRole('link', { name: 'RGPD' }).click();
  await arrive('gdpr', '/admin/rgpd');
});

test('vnu: every page visited is valid HTML', () => {
  assert.ok(htmlFiles.length >= 15);
  const errors = vnuErrors(htmlFiles);
  assert.deepEqual(errors, [], `vnu: ${errors.length} error(s):\n${errors.join('\n')}`);
});
