// journeys.test.mjs: the public site as a visitor uses it, in Debian's Chromium:
// discovering the pages, writing to the team, a dead link. Every page visited is
// checked by axe-core on the spot and its server HTML by the Nu HTML checker at the end.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, assertAxeClean, env, launchBrowser, psql, resetArtefacts, saveHtml,
  screenshots, vnuErrors, watch,
} from './helpers.mjs';

const { url: BASE } = env();

let browser;
let page;
let watcher;
/** Raw server HTML of every page visited, for vnu. */
const htmlFiles = [];

before(async () => {
  resetArtefacts();
  browser = await launchBrowser();
  const context = await browser.newContext({
    baseURL: BASE, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: DESKTOP,
    // Steadier screenshots: the CSS shortens its transitions for this preference.
    reducedMotion: 'reduce',
  });
  page = await context.newPage();
  watcher = watch(page);
});

after(async () => {
  await browser?.close();
});

const mainNav = () => page.getByRole('navigation', { name: 'Navigation principale' });
const legalNav = () => page.getByRole('navigation', { name: 'Informations légales' });

/**
 * Waits until the browser shows PATH (after a click or a goto), then checks the
 * page as a whole: HTTP status, one h1 that names the page in <title>, no failed
 * sub-resource, no CSP refusal or script error, no axe violation. Saves the
 * server's HTML as NAME for vnu. Returns the h1's text.
 */
async function arrive(name, path, { status = 200, h1 } = {}) {
  await page.waitForURL((u) => u.pathname === path);
  await page.waitForLoadState('load');
  const doc = await saveHtml(watcher, name);
  htmlFiles.push(doc.file);
  assert.equal(new URL(doc.url).pathname, path);
  assert.equal(doc.status, status, `${path}: HTTP status`);
  const heading = page.getByRole('heading', { level: 1 });
  assert.equal(await heading.count(), 1, `${path}: one h1`);
  const text = (await heading.textContent()).trim();
  assert.ok(text.length > 0, `${path}: the h1 is empty`);
  if (h1 !== undefined) assert.equal(text, h1, `${path}: h1`);
  const title = await page.title();
  assert.ok(title.startsWith(`${text} · `), `${path}: <title> "${title}" does not start with the h1 "${text}"`);
  assert.deepEqual(watcher.problems.splice(0), [], `${path}: sub-resources, CSP or scripts`);
  await assertAxeClean(page, name);
  return text;
}

/** Clicks the link named NAME in the main navigation and checks it is marked current on arrival. */
async function viaMainNav(label, name, path) {
  await mainNav().getByRole('link', { name: label, exact: true }).click();
  const h1 = await arrive(name, path);
  assert.equal(await mainNav().getByRole('link', { name: label, exact: true }).getAttribute('aria-current'),
    'page', `${path}: "${label}" is the current page in the navigation`);
  return h1;
}

test('discover: home, calls to action, skip link, every page of the navigation and the footer', async () => {
  await page.goto('/');
  await arrive('home', '/');
  await screenshots(page, 'home');

  // The skip link is the first stop of the keyboard, visible when focused, and
  // moves the focus to the main content.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Aller au contenu' });
  assert.ok(await skip.evaluate((el) => el === document.activeElement), 'Tab focuses the skip link first');
  // Wait for any slide-in transition to end (up to the default 30 s) before judging the box.
  const inView = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && r.left >= 0 && r.top >= 0 &&
      r.right <= window.innerWidth && r.bottom <= window.innerHeight;
  };
  await page.waitForFunction(inView, await skip.elementHandle()).catch(() => {});
  const box = await skip.boundingBox();
  assert.ok(box && box.width > 1 && box.height > 1 && box.x >= 0 && box.y >= 0 &&
    box.x + box.width <= DESKTOP.width && box.y + box.height <= DESKTOP.height,
  `the focused skip link is inside the viewport (box ${JSON.stringify(box)})`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'contenu');
  assert.equal(new URL(page.url()).hash, '#contenu');
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'MAIN');
  // The next Tab goes on inside the content, past the header's links.
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.querySelector('main').contains(document.activeElement)),
    'after the skip link, Tab stays in the main content');

  // The three calls to action, each followed to where it leads.
  const main = page.getByRole('main');
  const ctas = [
    ['Devenir coworker', 'adhesion', '/adhesion', null],
    ['Réserver la salle de réunion', 'reservation', '/reservation', null],
    ['Voir les événements', 'evenements', '/evenements', null],
  ];
  for (const [label, name, path, subject] of ctas) {
    await page.goto('/');
    await main.getByRole('link', { name: label }).click();
    await page.waitForURL((u) => u.pathname === path);
    if (name) await arrive(name, path);
    if (subject) {
      assert.equal(await page.getByLabel('Objet *', { exact: true }).inputValue(), subject,
        `"${label}" prefills the subject`);
    }
  }

  // The main navigation, page by page, in the order a visitor reads it.
  await viaMainNav('Le coworking', 'coworking', '/coworking');
  await viaMainNav('L’espace', 'espace', '/espace');
  await viaMainNav('Tarifs', 'tarifs', '/tarifs');

  // The price grid: the member price of a half-day reads as a French amount in euros.
  const table = page.getByRole('table', { name: 'Coworking en espace partagé' });
  const headers = (await table.getByRole('columnheader').allTextContents()).map((s) => s.trim());
  assert.deepEqual(headers, ['Formule', 'Tarif adhérent', 'Tarif non adhérent']);
  const row = table.getByRole('row', { name: /Demi-journée en open space/ });
  assert.equal(await row.count(), 1, 'one half-day row');
  const cells = (await row.getByRole('cell').allTextContents()).map((s) => s.trim());
  // The row header takes column 0: cell i is column i + 1.
  const member = cells[headers.indexOf('Tarif adhérent') - 1];
  assert.match(member, /^\d{1,3}(\u202f\d{3})*,\d{2}\u00a0€$/, `member price "${member}"`);
  const nonMember = cells[headers.indexOf('Tarif non adhérent') - 1];
  assert.match(nonMember, /^\d{1,3}(\u202f\d{3})*,\d{2}\u00a0€$/, `non-member price "${nonMember}"`);
  const euros = (s) => Number(s.replace(/[^\d,]/g, '').replace(',', '.'));
  assert.ok(euros(member) <= euros(nonMember), 'members pay no more than non-members');
  await screenshots(page, 'tarifs');

  await viaMainNav('La coopérative', 'cooperative', '/cooperative');
  await viaMainNav('Partenaires', 'partenaires', '/partenaires');
  await viaMainNav('Contact', 'contact', '/contact');
  await screenshots(page, 'contact');

  // The footer's legal pages.
  for (const [label, name, path] of [
    ['Mentions légales', 'mentions-legales', '/mentions-legales'],
    ['Confidentialité', 'confidentialite', '/confidentialite'],
    ['Statuts et règlement intérieur', 'statuts', '/statuts'],
  ]) {
    await legalNav().getByRole('link', { name: label, exact: true }).click();
    await arrive(name, path);
  }
  await legalNav().getByRole('link', { name: 'Nos financeurs', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/partenaires');

  // Back home through the header's brand link.
  await page.getByRole('banner').getByRole('link', { name: 'La Fontaine' }).click();
  await page.waitForURL((u) => u.pathname === '/');
});

/** Makes room under the contact form's rate limit (5 messages an hour from one
 * address) for one more message from 127.0.0.1, whatever earlier tiers sent. */
function roomUnderRateLimit() {
  psql(`UPDATE contact_message SET created_at = created_at - interval '1 hour'
         WHERE remote_addr = '127.0.0.1' AND created_at > now() - interval '1 hour'
           AND (SELECT count(*) FROM contact_message
                 WHERE remote_addr = '127.0.0.1' AND created_at > now() - interval '1 hour') >= 5`);
}

test('contact: a visitor writes to the team and the message is saved', async () => {
  const stamp = Date.now().toString(36);
  const typed = {
    name: 'Hélène d’Aubigné-Lefèvre',
    email: `helene.aubigne+${stamp}@exemple.fr`,
    phone: '05 53 47 12 34',
    subject: `Location de la salle pour l'atelier « Café-compta » (${stamp})`,
    message: 'Bonjour,\n\nj\'organise un atelier « Café-compta » pour une douzaine d’auto-entrepreneurs, ' +
      'un jeudi après-midi en février. La salle de conférence est-elle libre ? ' +
      'Pourriez-vous m’envoyer un devis ?\n\nMerci d’avance, à bientôt !\nHélène',
  };
  roomUnderRateLimit();

  await page.goto('/');
  await mainNav().getByRole('link', { name: 'Contact', exact: true }).click();
  await arrive('contact-form', '/contact');
  await page.getByLabel('Nom et prénom *', { exact: true }).fill(typed.name);
  await page.getByLabel('Adresse e-mail *', { exact: true }).fill(typed.email);
  await page.getByLabel('Téléphone (facultatif)', { exact: true }).fill(typed.phone);
  await page.getByLabel('Objet *', { exact: true }).fill(typed.subject);
  await page.getByLabel('Votre message *', { exact: true }).pressSequentially(typed.message);
  await page.getByRole('button', { name: 'Envoyer le message' }).click();
  await arrive('contact-merci', '/contact/merci', { h1: 'Message envoyé' });
  await page.getByRole('main').getByText('Votre message a bien été transmis').waitFor();

  const rows = psql(`SELECT name, email, phone, body, host(remote_addr), request_key IS NOT NULL,
                            (SELECT count(*) FROM outbox o WHERE o.reply_to = m.email
                                AND o.subject = 'Nouveau message de contact : ' || m.subject)
                       FROM contact_message m WHERE subject = :'subject'`, { subject: typed.subject });
  assert.equal(rows.length, 1, `one contact_message with the subject typed: ${JSON.stringify(rows)}`);
  const [name, email, phone, body, addr, hasKey, mails] = rows[0];
  assert.deepEqual({ name, email, phone, body: body.replace(/\r\n/g, '\n') },
    { name: typed.name, email: typed.email, phone: typed.phone, body: typed.message });
  assert.equal(addr, '127.0.0.1');
  assert.equal(hasKey, 't', 'the form\'s idempotency key is saved');
  assert.equal(mails, '1', 'one mail to the staff is queued');
});

test('contact: an invalid e-mail and an empty message come back with French messages and the values typed', async () => {
  const typed = {
    name: 'Jean-Noël O\'Brien',
    email: 'jean-noel.obrien@',
    subject: `Question sur l’abonnement « au mois » ${Date.now().toString(36)}`,
  };
  await page.goto('/contact');
  await arrive('contact-form-again', '/contact');
  await page.getByLabel('Nom et prénom *', { exact: true }).fill(typed.name);
  await page.getByLabel('Adresse e-mail *', { exact: true }).fill(typed.email);
  await page.getByLabel('Objet *', { exact: true }).fill(typed.subject);
  await page.getByRole('button', { name: 'Envoyer le message' }).click();
  await page.waitForURL((u) => u.pathname === '/contact');
  await page.getByRole('alert').first().waitFor();
  await arrive('contact-erreurs', '/contact', { status: 422 });
  await screenshots(page, 'contact-erreurs');

  const summary = page.getByRole('main').getByRole('alert');
  assert.match(await summary.innerText(), /2\serreurs/, 'the summary counts two errors');

  /** The error shown with the field labelled LABEL: its text, read through aria-describedby. */
  async function fieldError(label) {
    const field = page.getByLabel(label, { exact: true });
    assert.equal(await field.getAttribute('aria-invalid'), 'true', `${label}: aria-invalid`);
    const id = await field.getAttribute('aria-describedby');
    assert.ok(id, `${label}: aria-describedby names its message`);
    const message = page.locator(`[id="${id}"]`);
    assert.ok(await message.isVisible(), `${label}: the message is visible`);
    // Next to the field: in the same field group.
    assert.ok(await message.evaluate((m, f) => m.parentElement.contains(f),
      await field.elementHandle()), `${label}: the message sits with its field`);
    return (await message.innerText()).trim();
  }
  assert.equal(await fieldError('Adresse e-mail *'),
    'Cette adresse e-mail n’est pas valide (exemple : nom@domaine.fr).');
  assert.equal(await fieldError('Votre message *'), 'Ce champ est obligatoire.');

  // What was typed is still there, and the valid fields are not marked.
  for (const [label, value] of [['Nom et prénom *', typed.name], ['Adresse e-mail *', typed.email],
    ['Objet *', typed.subject], ['Votre message *', '']]) {
    assert.equal(await page.getByLabel(label, { exact: true }).inputValue(), value, `${label} keeps its value`);
  }
  for (const label of ['Nom et prénom *', 'Objet *', 'Téléphone (facultatif)']) {
    assert.equal(await page.getByLabel(label, { exact: true }).getAttribute('aria-invalid'), null,
      `${label} is not marked invalid`);
  }
  assert.deepEqual(psql('SELECT id FROM contact_message WHERE subject = :\'subject\'',
    { subject: typed.subject }), [], 'nothing saved');
});

test('a dead link: the 404 page helps the visitor back', async () => {
  await page.goto('/ancienne-page-des-tarifs');
  await arrive('404', '/ancienne-page-des-tarifs', { status: 404, h1: 'Page introuvable' });
  await page.getByRole('main').getByRole('link', { name: 'Revenir à l’accueil' }).click();
  await page.waitForURL((u) => u.pathname === '/');
});

test('the static pages nginx serves when a program is down or a body too large', async () => {
  for (const [name, h1] of [['503', 'Service momentanément indisponible'], ['413', null]]) {
    await page.goto(`/static/${name}.html`);
    await arrive(`static-${name}`, `/static/${name}.html`, h1 ? { h1 } : {});
  }
});

test('the Nu HTML checker finds no error in the HTML the server sent', () => {
  assert.ok(htmlFiles.length >= 10, `pages collected: ${htmlFiles.length}`);
  const errors = vnuErrors(htmlFiles);
  assert.deepEqual(errors, [], `vnu: ${errors.length} error(s):\n  ${errors.join('\n  ')}`);
});
