// phone_layout.test.mjs: the pages people use on a phone at the reception desk, in Debian's
// Chromium at 390 px and 1366 px wide: the availability grid (a list of days on a phone), the
// reception page, the dashboard (with its table of contents), the member, booking and invoice
// lists and the invoice as its customer sees it. At both widths the page never scrolls
// sideways (a wide table scrolls inside its own wrapper), and every target (link, button, field)
// is at least 24 × 24 CSS px or has that much room around it (WCAG 2.5.8; links inside a
// sentence are exempt). Screenshots of every page at both widths are kept in
// tests/artefacts/screenshots/layout-*.png. axe-core judges each page at both widths.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DESKTOP, PHONE, SHOTS_DIR, assertAxeClean, env, launchBrowser, psql, watch } from './helpers.mjs';

const { url: BASE } = env();
let browser;
let page;
let watcher;

before(async () => {
  mkdirSync(SHOTS_DIR, { recursive: true });
  browser = await launchBrowser();
  const context = await browser.newContext({
    baseURL: BASE, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: PHONE, reducedMotion: 'reduce',
  });
  page = await context.newPage();
  watcher = watch(page);
});

after(async () => {
  await browser?.close();
});

/** Targets smaller than 24 × 24 whose 24 px square around the centre meets another target. */
async function smallTargets() {
  return page.evaluate(() => {
    const sel = 'main a[href], main button, main input:not([type="hidden"]), main select, main summary, main textarea';
    const els = [...document.querySelectorAll(sel)].filter((e) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
    });
    // A link inside a sentence is exempt (WCAG 2.5.8 "inline").
    const inline = (e) => e.tagName === 'A' && getComputedStyle(e).display === 'inline' &&
      (e.parentElement.textContent.trim().length > e.textContent.trim().length + 2);
    const rects = els.map((e) => e.getBoundingClientRect());
    const out = [];
    els.forEach((e, i) => {
      const r = rects[i];
      if ((r.width >= 24 && r.height >= 24) || inline(e)) return;
      const cx = r.left + r.width / 2; const cy = r.top + r.height / 2;
      const sq = { l: cx - 12, r: cx + 12, t: cy - 12, b: cy + 12 };
      const clash = rects.some((o, k) => k !== i && !(els[k].contains(e) || e.contains(els[k])) &&
        o.left < sq.r && o.right > sq.l && o.top < sq.b && o.bottom > sq.t);
      if (clash) out.push(`${e.tagName.toLowerCase()} "${(e.textContent || e.name || '').trim().slice(0, 40)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    });
    return out;
  });
}

async function check(name, path) {
  for (const [label, size] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    await page.setViewportSize(size);
    const res = await page.goto(path);
    assert.equal(res.status(), 200, `${path}: HTTP status`);
    const [scroll, inner] = await page.evaluate(() => [document.scrollingElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= inner, `${path} at ${size.width} px: the page scrolls sideways (${scroll} > ${inner})`);
    assert.deepEqual(await smallTargets(), [], `${path} at ${size.width} px: targets under 24 × 24 px`);
    await assertAxeClean(page, `${name} at ${size.width} px`);
    await page.screenshot({ path: join(SHOTS_DIR, `layout-${name}-${label}.png`), fullPage: true });
  }
  assert.deepEqual(watcher.problems.splice(0), [], `${path}: sub-resources, CSP or scripts`);
}

test('availability: a list of days on a phone, the week table on a desktop', async () => {
  await check('availability-room', '/disponibilites/salle-de-conference');
  await page.setViewportSize(PHONE);
  assert.equal(await page.locator('.availability-days').isVisible(), true, 'the list of days on a phone');
  assert.equal(await page.locator('table.availability').isVisible(), false, 'no week table on a phone');
  assert.equal(await page.locator('.availability-days li').count(), 7, 'seven days');
  const phoneLinks = await page.locator('.availability-days a[href^="/reservation?"]').count();
  await page.setViewportSize(DESKTOP);
  assert.equal(await page.locator('table.availability').isVisible(), true);
  assert.equal(await page.locator('.availability-days').isVisible(), false);
  assert.equal(await page.locator('table.availability a[href^="/reservation?"]').count(), phoneLinks,
    'the same booking links at both widths');
  await check('availability-open-space', '/disponibilites/open-space');
});

test('the room form: radio buttons and checkboxes beside their labels', async () => {
  await page.setViewportSize(PHONE);
  await page.goto('/reservation');
  for (const input of await page.locator('form input[type="radio"], form input[type="checkbox"]').all()) {
    const id = await input.getAttribute('id');
    const box = await input.boundingBox();
    const label = await page.locator(`label[for="${id}"]`).boundingBox();
    assert.ok(label.x > box.x + box.width - 1, `#${id}: the label is to the right of its box`);
    assert.ok(label.y < box.y + box.height, `#${id}: the label is on the box's line, not below it`);
  }
});

test('staff on a phone: reception, dashboard, lists and the invoice page', async () => {
  await page.setViewportSize(PHONE);
  await page.goto('/connexion');
  await page.getByLabel('Adresse e-mail').fill('equipe@lafontaine-agen.example');
  await page.locator('input[name="mot_de_passe"]').fill('fontaine-demo-2026');
  await page.getByRole('button', { name: /connecter/i }).click();
  await page.waitForLoadState('load');
  await check('reception', '/admin/accueil');
  await check('dashboard', '/admin/tableau-de-bord');
  // The dashboard's table of contents leads to its sections; the heat maps name their space.
  const toc = page.getByRole('navigation', { name: 'Sommaire du tableau de bord' });
  for (const link of await toc.getByRole('link').all()) {
    const id = (await link.getAttribute('href')).slice(1);
    assert.equal(await page.locator(`section#${id}`).count(), 1, `#${id} is a section`);
  }
  const spaces = psql("SELECT name FROM resource WHERE active AND space_id = 1 ORDER BY name").map((r) => r[0]);
  const captions = await page.locator('.heatmap figcaption').allTextContents();
  assert.ok(captions.length >= 1, 'heat maps are drawn');
  for (const c of captions) assert.ok(spaces.some((s) => c.startsWith(s)), `"${c}" names its space`);
  // The staff booking pages carry the back office's menu.
  await page.goto('/admin/reservations');
  assert.equal(await page.getByRole('navigation', { name: 'Back-office' }).getByRole('link', { name: 'Tableau de bord' }).count(), 1);
  await check('members', '/admin/membres');
  await check('bookings', '/admin/reservations');
  await check('leases', '/admin/reservations/baux');
  await check('invoices', '/admin/factures');
  const token = psql('SELECT public_token FROM invoice WHERE number IS NOT NULL ORDER BY id LIMIT 1')[0][0];
  await check('invoice', `/factures/${token}`);
  // The invoice page: seller and buyer side by side on a desktop, amounts aligned right.
  await page.setViewportSize(DESKTOP);
  const [seller, buyer] = await Promise.all(['#seller-title', '#buyer-title'].map((s) => page.locator(s).boundingBox()));
  assert.ok(Math.abs(seller.y - buyer.y) < 2 && buyer.x > seller.x + 200, 'seller and buyer side by side');
  const align = await page.locator('.invoice-lines td').first().evaluate((e) => getComputedStyle(e).textAlign);
  assert.equal(align, 'right', 'amounts aligned right');
});
