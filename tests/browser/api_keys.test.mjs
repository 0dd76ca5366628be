// api_keys.test.mjs: the back office's API keys (/admin/api, issue 18) in Debian's Chromium, as
// the demo admin: the nav's link, a key refused in French without a scope, then created (shown
// once, copied from a read-only field), its calls' page, and its revocation. Every page is
// checked by axe-core on the spot, its server HTML by the Nu HTML checker at the end, and
// photographed at 390 and 1366 px (artefacts/screenshots/api-*).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { journey, psql, vnuErrors } from './helpers.mjs';

const NAME = `Porte d’entrée ${process.pid}`;
let j;
let page;
let arrive;

before(async () => {
  j = await journey('api');
  ({ page, arrive } = j);
});

after(async () => {
  await j?.close();
  psql(`DELETE FROM api_key WHERE name = '${NAME.replace("'", "''")}'`);
});

test('an admin creates a key for the door, sees it once, then revokes it', async () => {
  await page.goto('/admin');
  await page.waitForURL((u) => u.pathname === '/connexion');
  await page.getByLabel('Adresse e-mail').fill('equipe@lafontaine-agen.example');
  await page.locator('input[name="mot_de_passe"]').fill('fontaine-demo-2026');
  await page.getByRole('button', { name: /connecter/i }).click();
  await page.waitForURL((u) => u.pathname === '/admin');
  await page.getByRole('navigation', { name: 'Back-office' }).getByRole('link', { name: 'API', exact: true }).click();
  await arrive('keys', '/admin/api');

  await page.getByLabel('Nom de la clé').fill(NAME);
  await page.getByRole('button', { name: 'Créer la clé' }).click();
  await arrive('keys-errors', '/admin/api', { status: 422 });
  await page.getByText('Cochez au moins une autorisation.').waitFor();
  assert.equal(await page.getByLabel('Nom de la clé').inputValue(), NAME, 'the name is kept');

  await page.getByLabel(/Membres et adhésions en cours/).check();
  await page.getByLabel(/Arrivées \(enregistrement\)/).check();
  await page.getByRole('button', { name: 'Créer la clé' }).click();
  await arrive('key-created', '/admin/api', { status: 201 });
  const key = await page.getByLabel('Clé', { exact: true }).inputValue();
  assert.match(key, /^ftk_[A-Za-z0-9_-]{43}$/);
  const stored = psql(`SELECT array_to_string(scopes, ' '), key_hash = sha256(convert_to('${key}', 'UTF8'))
    FROM api_key WHERE name = '${NAME.replace("'", "''")}'`);
  assert.deepEqual(stored, [['members:read uses:write', 't']]);

  await page.getByRole('link', { name: NAME }).click();
  const id = psql(`SELECT id FROM api_key WHERE name = '${NAME.replace("'", "''")}'`)[0][0];
  await arrive('key-calls', `/admin/api/${id}`);
  await page.getByText('Aucun appel pour l’instant.').waitFor();
  await page.getByRole('link', { name: '← Clés de l’API' }).click();
  await arrive('keys-again', '/admin/api', { shoot: false });
  assert.equal(await page.getByText(key).count(), 0, 'the key is not shown again');
  const row = page.getByRole('row', { name: new RegExp(NAME) });
  await row.getByRole('button', { name: 'Révoquer' }).click();
  await page.waitForURL(/ok=revoquee$/);
  await arrive('key-revoked', '/admin/api', { shoot: false });
  assert.match(await page.getByRole('row', { name: new RegExp(NAME) }).innerText(), /Révoquée/);
  assert.equal(psql(`SELECT revoked_at IS NOT NULL FROM api_key WHERE id = ${id}`)[0][0], 't');
});

test('every page of the keys is valid HTML (Nu HTML checker)', () => {
  assert.ok(j.htmlFiles.length >= 5, `${j.htmlFiles.length} pages saved`);
  const errors = vnuErrors(j.htmlFiles);
  assert.deepEqual(errors, [], `vnu: ${errors.length} error(s):\n  ${errors.join('\n  ')}`);
});
