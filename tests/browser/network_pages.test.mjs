// network_pages.test.mjs: the network's pages in Debian's Chromium: the network home /reseau
// (both demo spaces, their hours and next events), then, as the demo admin (a network admin),
// the network dashboard /admin/reseau and the spaces /admin/lieux: a space opened and saved
// without change (nothing changes), a new space refused with French messages. Every page is
// checked by axe-core on the spot, its server HTML by the Nu HTML checker at the end, and
// photographed at 390 and 1366 px (artefacts/screenshots/network-*).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DESKTOP, journey, psql, vnuErrors } from './helpers.mjs';

let j;
let page;
let arrive;

before(async () => {
  j = await journey('network');
  ({ page, arrive } = j);
});

after(async () => {
  await j?.close();
});

test('the network home: both spaces with hours and next events, linked from the footer', async () => {
  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Les lieux du réseau' }).click();
  await arrive('home', '/reseau');
  const grange = page.locator('li.card', { has: page.getByRole('heading', { name: 'La Grange', level: 2 }) });
  const fontaine = page.locator('li.card', { has: page.getByRole('heading', { name: 'La Fontaine', level: 2 }) });
  assert.equal(await grange.count(), 1);
  assert.equal(await fontaine.count(), 1);
  assert.match(await grange.locator('address').innerText(), /5 place du Marché\s+47200 Marmande/);
  // Its own hours, as the database has them (a test of another tier may have changed them).
  const saturday = psql(`SELECT to_char(opens, 'FMHH24 h MI') || ' à ' || to_char(closes, 'FMHH24 h MI')
    FROM opening_hours WHERE space_id = (SELECT id FROM space WHERE slug = 'la-grange') AND weekday = 6
    ORDER BY opens`).map((r) => r[0]).join(' et ') || 'fermé';
  const shown = (await grange.getByRole('row', { name: /samedi/ }).innerText()).replace(/\s+/g, ' ');
  assert.equal(shown, `samedi ${saturday}`);
  const upcoming = Number(psql(`SELECT count(*) FROM event WHERE status = 'published' AND ends_at >= now()
    AND space_id = (SELECT id FROM space WHERE slug = 'la-grange')`)[0][0]);
  assert.equal(await grange.locator('.network-events li').count(), Math.min(upcoming, 3), 'La Grange\'s next events');
  assert.equal(await grange.getByRole('link', { name: 'Découvrir La Grange' }).getAttribute('href'), '/lieux/la-grange/');
  // The layout holds at phone width: nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scroll at 390 px (${overflow} px too wide)`);
  await page.setViewportSize(DESKTOP);
});

test('the network admin: dashboard, spaces, a space saved unchanged, a new space refused in French', async () => {
  await page.goto('/admin/reseau');
  await page.waitForURL((u) => u.pathname === '/connexion');
  await page.getByLabel('Adresse e-mail').fill('equipe@lafontaine-agen.example');
  await page.locator('input[name="mot_de_passe"]').fill('fontaine-demo-2026');
  await page.getByRole('button', { name: /connecter/i }).click();
  await arrive('dashboard', '/admin/reseau');
  const uses = page.getByRole('table').first();
  assert.match(await uses.getByRole('row', { name: /La Grange/ }).innerText(), /\d+ sur \d+ \(\d+,\d\s%\)/);
  const orgs = Number(psql('SELECT count(*) FROM organisation WHERE NOT placeholder')[0][0]);
  assert.ok(orgs >= 2, 'the demo has two organisations');
  assert.equal(await page.getByRole('table').nth(1).locator('tbody tr').count(), orgs, 'a row per organisation');

  await page.getByRole('link', { name: 'Gérer les lieux et leurs équipes' }).click();
  await arrive('spaces', '/admin/lieux');
  const id = psql("SELECT id FROM space WHERE slug = 'la-grange'")[0][0];
  const before = psql(`SELECT to_jsonb(s)::text FROM space s WHERE id = ${id}`)[0][0];
  await page.getByRole('link', { name: 'La Grange' }).click();
  await arrive('space', `/admin/lieux/${id}`);
  assert.equal(await page.getByLabel('Nom du lieu').inputValue(), 'La Grange');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.waitForURL(/ok=inchange$/);
  await arrive('space-unchanged', `/admin/lieux/${id}`, { shoot: false });
  await page.getByRole('status').getByText('Rien n’a changé').waitFor();
  assert.equal(psql(`SELECT to_jsonb(s)::text FROM space s WHERE id = ${id}`)[0][0], before, 'the row is as it was');

  await page.goto('/admin/lieux/nouveau');
  await arrive('space-new', '/admin/lieux/nouveau', { shoot: false });
  await page.getByLabel('Identifiant dans les adresses').fill('Mauvais identifiant');
  await page.getByLabel('Code postal').fill('47');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await arrive('space-new-errors', '/admin/lieux/nouveau', { status: 422 });
  await page.getByRole('alert').getByText(/Le formulaire contient \d+\s+erreurs/).waitFor();
  assert.ok(await page.getByText('Indiquez le nom du nouveau lieu.').count() === 1);
  assert.ok(await page.getByText('Le code postal compte 5 chiffres.').count() === 1);
  assert.equal(await page.getByLabel('Identifiant dans les adresses').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Identifiant dans les adresses').inputValue(), 'Mauvais identifiant');
});

test('every page of the network is valid HTML (Nu HTML checker)', () => {
  assert.ok(j.htmlFiles.length >= 6, `${j.htmlFiles.length} pages saved`);
  const errors = vnuErrors(j.htmlFiles);
  assert.deepEqual(errors, [], `vnu: ${errors.length} error(s):\n  ${errors.join('\n  ')}`);
});
