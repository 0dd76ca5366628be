// spaces_routing.test.mjs: how a request reaches a space (issue 15). On the shared host,
// /lieux/<slug>/… is that space's site (its name, prices, hours, events), every internal link
// and redirect keeps the prefix, and every program answers under it; a space's own host name
// (space.host) reaches it without prefix; no prefix is the default space, as before; an unknown
// or inactive space is a French 404. Uses the demo's second space, La Grange (slug la-grange).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { get, psql, poll, PORT, fresh } from './lib.mjs';

const P = '/lieux/la-grange';
const HOST = `grange-${process.pid}.test`;

// Internal links of a page (href, action, src) that are not static files nor external.
function internalLinks(html) {
  return [...html.matchAll(/\s(?:href|action|src)="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'))
    .filter((u) => u.startsWith('/') && !u.startsWith('//') && !u.startsWith('/static/'));
}

before(() => {
  assert.equal(psql(`SELECT slug FROM space WHERE id = 2`), 'la-grange', 'the demo has the second space');
  // The demo's second space has only its home page: its prices and contact pages for this
  // test (removed after, unless the demo has its own).
  psql(`INSERT INTO site_page (space_id, slug, title, meta_description, body_md)
        VALUES (2, 'tarifs', 'Tarifs (essai routage)', 'Les tarifs de La Grange.', 'Nos tarifs.'),
               (2, 'contact', 'Contact (essai routage)', 'Écrire à La Grange.', 'Écrivez-nous.')
        ON CONFLICT DO NOTHING`);
  // An inactive space of the test's own (removed after).
  psql(`INSERT INTO space (id, organisation_id, slug, name, active)
        VALUES (90, 2, 'ferme-essai', 'Ferme d’essai', false) ON CONFLICT (id) DO NOTHING`);
});

after(() => {
  psql(`UPDATE space SET host = NULL WHERE id = 2 AND host = '${HOST}'; DELETE FROM space WHERE id = 90;
        DELETE FROM site_page WHERE space_id = 2 AND title LIKE '% (essai routage)'`);
});

test('the prefix reaches the space: its name, footer, prices, hours; links keep the prefix', async () => {
  const home = await get(fresh(`${P}/`));
  assert.equal(home.status, 200);
  assert.match(home.text, /<title>[^<]*· La Grange<\/title>/, 'the site title is the space\'s name');
  assert.match(home.text, /Marmande/, 'the footer has the space\'s address');
  assert.match(home.text, /Les Coteaux numériques/, 'the footer names its organisation');
  assert.doesNotMatch(home.text, /Agen/, 'nothing of La Fontaine\'s address');
  const links = internalLinks(home.text);
  assert.ok(links.length > 10, `links found (${links.length})`);
  assert.deepEqual(links.filter((u) => u !== P && !u.startsWith(`${P}/`)), [], 'every internal link keeps the prefix');
  assert.match(home.text, new RegExp(`<link rel="canonical" href="http://[^"]+${P}/"`));

  const prices = await get(fresh(`${P}/tarifs`));
  assert.equal(prices.status, 200);
  assert.match(prices.text, /6,00\s€/, 'La Grange\'s half-day member price');
  assert.doesNotMatch(prices.text, /Demi-journée en open space[^<]*<\/[^>]+>\s*<td>8,00/, 'not La Fontaine\'s');

  const contact = await get(fresh(`${P}/contact`));
  assert.equal(contact.status, 200);
  assert.match(contact.text, /samedi<\/th><td>9\sh\s00\sà\s13\sh\s00</i, 'La Grange opens on Saturday morning');
  assert.match(contact.text, new RegExp(`action="${P}/contact"`), 'the form posts within the space');
});

test('every program answers under the prefix, for the space', async () => {
  const ev = await get(fresh(`${P}/evenements`));
  assert.equal(ev.status, 200);
  assert.match(ev.text, /Café numérique de La Grange/);
  assert.match(ev.text, new RegExp(`href="${P}/evenements/cafe-numerique-de-la-grange"`));
  const one = await get(fresh(`${P}/evenements/cafe-numerique-de-la-grange`));
  assert.equal(one.status, 200);
  // The other space's event is not this space's.
  const slug = psql(`SELECT slug FROM event WHERE space_id = 1 AND status = 'published' ORDER BY id LIMIT 1`);
  assert.equal((await get(fresh(`${P}/evenements/${slug}`))).status, 404, 'La Fontaine\'s event is not at La Grange');
  const rss = await get(fresh(`${P}/evenements.rss`));
  assert.equal(rss.status, 200);
  assert.match(rss.text, /Café numérique de La Grange/);
  assert.match(rss.text, new RegExp(`<link>http://[^<]+${P}/evenements/cafe-numerique-de-la-grange</link>`), 'feed links keep the prefix');
  assert.equal((await get(fresh(`${P}/disponibilites/grange-salle`))).status, 200, 'booking: the space\'s room');
  assert.equal((await get(fresh(`${P}/connexion`))).status, 200, 'signup: the login page');
  // A page that needs a login sends to the space's login page.
  const acc = await get(`${P}/compte`);
  assert.equal(acc.status, 303);
  assert.equal(acc.header('location'), `${P}/connexion?retour=%2Fcompte`);
  const adm = await get(`${P}/admin/factures`);
  assert.equal(adm.status, 303);
  assert.match(adm.header('location'), new RegExp(`^${P}/connexion\\?retour=`));
  // Static files stay unprefixed in the pages, and nginx serves them under the prefix too.
  assert.equal((await get(`${P}/static/css/site.css`)).status, 200);
});

test('the default space is unchanged: no prefix in its pages', async () => {
  const home = await get(fresh('/'));
  assert.equal(home.status, 200);
  assert.doesNotMatch(home.text, /\/lieux\//);
  assert.doesNotMatch(home.text, /\{\{/, 'no template marker left');
  assert.match(home.text, /Agen/);
  assert.doesNotMatch(home.text, /Marmande/);
  const prices = await get(fresh('/tarifs'));
  assert.doesNotMatch(prices.text, /\/lieux\//);
  assert.equal((await get('/compte')).header('location'), '/connexion?retour=%2Fcompte');
});

test('an unknown or inactive space is a French 404, whatever the program', async () => {
  for (const p of ['/lieux/inconnu/', '/lieux/inconnu/tarifs', '/lieux/inconnu/evenements', '/lieux/inconnu/evenements.rss',
    '/lieux/inconnu/admin', '/lieux/ferme-essai/', '/lieux/ferme-essai/compte', '/lieux/', '/lieux/la-grange/lieux/la-grange/tarifs']) {
    const res = await get(p);
    assert.equal(res.status, 404, `${p}: ${res.status}`);
    assert.match(res.text, /Page introuvable/, `${p}: the French page`);
  }
});

test('a space\'s own host name reaches it without prefix', async () => {
  psql(`UPDATE space SET host = '${HOST}' WHERE id = 2`);
  const headers = { Host: `${HOST}:${PORT}` };
  // Each worker re-reads the space table within a second: wait until every one answers.
  let seen = 0;
  const waited = await poll(async () => {
    const res = await get(fresh('/tarifs'), { headers });
    seen = res.status === 200 && /· La Grange<\/title>/.test(res.text) ? seen + 1 : 0;
    return seen >= 12;
  }, { every: 20, within: 15000 });
  assert.ok(waited.value, 'every worker answers the space\'s host name with the space');
  const home = await get(fresh('/'), { headers: { Host: HOST.toUpperCase() } });
  assert.match(home.text, /· La Grange<\/title>/, 'the host is matched in any case, without port');
  assert.doesNotMatch(home.text, /\/lieux\//, 'no prefix on the space\'s own host');
  assert.match(home.text, new RegExp(`<link rel="canonical" href="http://${HOST.replace(/\./g, '\\.')}(:\\d+)?/"`),
    'absolute links name the space\'s host');
  assert.equal((await get('/compte', { headers })).header('location'), '/connexion?retour=%2Fcompte');
  // The shared host is still the default space.
  assert.match((await get(fresh('/'))).text, /Agen/);
});
