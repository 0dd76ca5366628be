// french_pages.test.mjs: issue 14's screens and words, page by page: a role refusal is told
// apart from an expired form; /tarifs points to the online booking; the availability page has
// a list of days with the same booking links as its week table; the staff booking pages carry
// the back office's menu; the dashboard has a table of contents and names its heat maps; a
// draft invoice says "seul un avoir"; the public space page writes its surfaces in French.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, hidden, freshAddr, formBody, psql } from './lib.mjs';

const PASSWORD = 'fontaine-demo-2026';

async function session(email) {
  const localAddress = freshAddr();
  const form = await request({ path: '/connexion', localAddress });
  const csrfCookie = /csrf=([^;]+)/.exec(form.headers['set-cookie'])[1];
  const body = formBody({ csrf: hidden(form.text, 'csrf'), email, mot_de_passe: PASSWORD, retour: '/compte' });
  const res = await request({
    method: 'POST', path: '/connexion', body, localAddress,
    headers: { Cookie: `csrf=${csrfCookie}`, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
  });
  assert.equal(res.status, 303, `login of ${email}`);
  const sess = /session=([^;]+)/.exec(res.headers['set-cookie'])[1];
  const cookie = `csrf=${csrfCookie}; session=${sess}`;
  return { localAddress, cookie, get: (p) => request({ path: p, localAddress, headers: { Cookie: cookie } }) };
}

const text = (html) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

test('403: a role refusal says so; an expired form says the form expired', async () => {
  const member = await session('membre@lafontaine-agen.example');
  const refused = await member.get('/admin/tableau-de-bord');
  assert.equal(refused.status, 403);
  assert.match(text(refused.text), /réservée à l’équipe de La Fontaine/);
  assert.doesNotMatch(refused.text, /formulaire a peut-être expiré/);
  // The same member posting a form without its token: the form is what failed.
  const body = formBody({ prenom: 'X' });
  const expired = await request({
    method: 'POST', path: '/compte/profil', body, localAddress: member.localAddress,
    headers: { Cookie: member.cookie, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
  });
  assert.equal(expired.status, 403);
  assert.match(expired.text, /formulaire a peut-être expiré/);
  assert.doesNotMatch(expired.text, /réservée à/);
});

test('/tarifs sends companies to the online booking, not to an e-mail', async () => {
  const res = await request({ path: '/tarifs' });
  assert.equal(res.status, 200);
  assert.doesNotMatch(res.text, /Écrivez-nous pour vérifier les disponibilités/);
  assert.match(res.text, /href="\/reservation"/);
});

test('availability: the list of days carries the same states and booking links as the week', async () => {
  const res = await request({ path: '/disponibilites/salle-de-conference' });
  assert.equal(res.status, 200);
  const [week, days] = res.text.split('<section class="availability-days"');
  assert.ok(days, 'a list of days');
  const links = (html) => [...html.matchAll(/href="(\/reservation\?jour=[^"]+)"/g)].map((m) => m[1]).sort();
  assert.deepEqual(links(days), links(week));
  assert.equal((days.match(/<li><h3><time datetime="\d{4}-\d{2}-\d{2}">/g) || []).length, 7);
  const states = (html) => (html.match(/\b(Libre|Réservé|Fermé)\b/g) || []).length;
  assert.equal(states(days.split('</section>')[0]), states(week.split('<table')[1]));
});

test('staff pages: one menu, a dashboard with its contents, named heat maps, "seul un avoir"', async () => {
  const staff = await session('equipe@lafontaine-agen.example');
  for (const p of ['/admin/accueil', '/admin/reservations', '/admin/reservations/baux', '/admin/membres']) {
    const res = await staff.get(p);
    assert.equal(res.status, 200, p);
    assert.match(res.text, /<nav class="admin-nav" aria-label="Back-office">/, `${p}: the back office's menu`);
    assert.doesNotMatch(res.text, /Back office/, `${p}: one spelling`);
  }
  const dash = await staff.get('/admin/tableau-de-bord');
  const toc = /<nav id="sommaire"[\s\S]*?<\/nav>/.exec(dash.text)[0];
  const anchors = [...toc.matchAll(/href="#([a-z-]+)"/g)].map((m) => m[1]);
  assert.deepEqual(anchors.slice(0, 2), ['utilisations', 'recettes'], 'the most used figures first');
  for (const a of anchors) assert.match(dash.text, new RegExp(`<section id="${a}"`), `#${a}`);
  assert.ok(dash.text.indexOf('id="utilisations"') < dash.text.indexOf('id="financement"'));
  const names = psql('SELECT string_agg(name, \'|\') FROM resource WHERE active').split('|');
  const captions = [...dash.text.matchAll(/<figure class="chart heatmap"><figcaption><strong>([^<]+)</g)].map((m) => m[1]);
  assert.ok(captions.length >= 1);
  for (const c of captions) assert.ok(names.some((n) => c.startsWith(n.replace(/’/g, '&rsquo;')) || c.startsWith(n)), c);
  const draft = psql(`INSERT INTO invoice (customer_name) VALUES ('Brouillon ${process.pid}-${Date.now()}') RETURNING id`);
  const page = await staff.get(`/admin/factures/${draft}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /seul un avoir peut l’annuler/);
  psql(`DELETE FROM invoice WHERE id = ${draft}`);
});

test('the space page writes surfaces with a decimal comma', async () => {
  const [id, area] = psql("SELECT id || ' ' || coalesce(area_m2::text, 'NULL') FROM resource WHERE space_id = 1 AND kind = 'office' ORDER BY id LIMIT 1").split(' ');
  psql(`UPDATE resource SET area_m2 = 12.5 WHERE id = ${id}`);
  let res;
  try {
    res = await request({ path: `/espace?v=${Date.now()}` });
  } finally {
    psql(`UPDATE resource SET area_m2 = ${area} WHERE id = ${id}`);
  }
  assert.equal(res.status, 200);
  assert.match(res.text, /12,5 m²/);
  assert.doesNotMatch(res.text, /\d\.\d+ m²/);
});
