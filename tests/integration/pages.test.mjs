// pages.test.mjs: every public page of the site program through nginx: status, type, the
// layout's head and landmarks, security headers, content read back from the database,
// sitemap and robots, ETag/304, HEAD, static files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  URL_BASE, SRC, get, request, raw, gunzip, psql, psqlRows, securityHeaderProblems, fresh,
} from './lib.mjs';

const HTML_PAGES = [
  { path: '/', slug: 'accueil' },
  { path: '/coworking', slug: 'coworking' },
  { path: '/espace', slug: 'espace' },
  { path: '/tarifs', slug: 'tarifs' },
  { path: '/cooperative', slug: 'cooperative' },
  { path: '/partenaires', slug: 'partenaires' },
  { path: '/contact', slug: 'contact' },
  { path: '/mentions-legales', slug: 'mentions-legales' },
  { path: '/confidentialite', slug: 'confidentialite' },
  { path: '/statuts', slug: 'statuts' },
  { path: '/contact/merci', slug: null },
];
const NAV = ['/', '/coworking', '/espace', '/tarifs', '/evenements', '/cooperative', '/partenaires', '/contact'];

// HTML-escapes text the way ctemplate's HTML auto-escape does.
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const euro = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

function attr(html, re) {
  const m = re.exec(html);
  return m ? m[1] : undefined;
}

// Checks the shared layout of an HTML page of the site; msg names the page in failures.
function assertLayout(res, p, msg) {
  const html = res.text;
  assert.match(html, /^<!DOCTYPE html>\n<html lang="fr">/, `${msg}: doctype and <html lang="fr">`);
  assert.equal((html.match(/<h1[\s>]/g) || []).length, 1, `${msg}: exactly one <h1>`);
  const title = attr(html, /<title>([^<]*)<\/title>/);
  assert.ok(title && title.trim().length > 0, `${msg}: non-empty <title>`);
  const desc = attr(html, /<meta name="description" content="([^"]*)">/);
  assert.ok(desc && desc.trim().length > 0, `${msg}: meta description`);
  assert.equal(attr(html, /<link rel="canonical" href="([^"]*)">/), `${URL_BASE}${p}`, `${msg}: canonical`);
  const og = attr(html, /<meta property="og:title" content="([^"]*)">/);
  assert.ok(og && og.trim().length > 0, `${msg}: og:title`);
  assert.match(html, /<a class="skip" href="#contenu">/, `${msg}: skip link`);
  assert.match(html, /<main id="contenu"/, `${msg}: skip link target`);
  const nav = /<nav class="main-nav" aria-label="Navigation principale">([\s\S]*?)<\/nav>/.exec(html);
  assert.ok(nav, `${msg}: main nav`);
  const hrefs = [...nav[1].matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(hrefs, NAV, `${msg}: main nav links`);
  return { title, desc, og };
}

for (const pg of HTML_PAGES) {
  test(`GET ${pg.path}: 200 HTML page in the site's layout`, async () => {
    // The session cookie bypasses nginx's micro-cache: the program answers.
    const res = await get(pg.path, { headers: { Cookie: 'session=x' } });
    assert.equal(res.status, 200);
    assert.equal(res.header('content-type'), 'text/html; charset=utf-8');
    assert.deepEqual(securityHeaderProblems(res), []);
    const { title, desc } = assertLayout(res, pg.path, pg.path);
    if (pg.slug) {
      const [row] = psqlRows('SELECT title, meta_description FROM site_page WHERE space_id = 1 AND slug = :\'slug\'', { slug: pg.slug });
      assert.equal(title, `${esc(row.title)} · La Fontaine`);
      assert.equal(desc, esc(row.meta_description));
      assert.match(res.text, new RegExp(`<h1>${esc(row.title).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</h1>`));
    }
    // The nav marks the current page (the home page is "/").
    if (NAV.includes(pg.path))
      assert.match(res.text, new RegExp(`<a href="${pg.path}" aria-current="page">`));
  });
}

test('GET /sitemap.xml: well-formed XML listing every public page', async () => {
  const res = await get('/sitemap.xml');
  assert.equal(res.status, 200);
  assert.equal(res.header('content-type'), 'application/xml; charset=utf-8');
  assert.deepEqual(securityHeaderProblems(res), []);
  // xmllint exits non-zero on a document that is not well-formed.
  execFileSync('xmllint', ['--noout', '-'], { input: res.body });
  assert.match(res.text, /<urlset xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9">/);
  const locs = [...res.text.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);
  const want = HTML_PAGES.filter((p) => p.slug).map((p) => `${URL_BASE}${p.path}`);
  assert.deepEqual([...locs].sort(), [...want].sort());
  // lastmod is the day of each page's last edit.
  const n = [...res.text.matchAll(/<lastmod>\d{4}-\d{2}-\d{2}<\/lastmod>/g)].length;
  assert.equal(n, want.length);
});

test('GET /robots.txt: plain text pointing at the sitemap', async () => {
  const res = await get('/robots.txt');
  assert.equal(res.status, 200);
  assert.equal(res.header('content-type'), 'text/plain; charset=utf-8');
  assert.deepEqual(securityHeaderProblems(res), []);
  assert.match(res.text, /^User-agent: \*$/m);
  assert.ok(res.text.includes(`Sitemap: ${URL_BASE}/sitemap.xml\n`));
  assert.match(res.text, /^Disallow: \/contact\/merci$/m);
});

test('/tarifs shows every active price of the database, formatted the French way', async () => {
  const rows = psqlRows('SELECT code, member_cents, non_member_cents FROM price WHERE active AND space_id = 1');
  assert.ok(rows.length > 0, 'the demo data has prices');
  const res = await get(fresh('/tarifs'));
  assert.equal(res.status, 200);
  for (const r of rows)
    for (const cents of [r.member_cents, r.non_member_cents]) {
      if (cents === null) continue;
      const want = euro.format(cents / 100); // "1 234,50 €": U+202F, then U+00A0 before €
      assert.ok(res.text.includes(`<td>${want}</td>`), `${r.code}: ${cents} cents shown as ${JSON.stringify(want)}`);
    }
  // A price not offered to a group shows a dash.
  if (rows.some((r) => r.member_cents === null || r.non_member_cents === null))
    assert.ok(res.text.includes('<td>—</td>'));
});

test('/tarifs: thousands separator is U+202F, the euro sign follows U+00A0', async () => {
  // The demo prices are all under 1 000 €: add one that is not, for the time of the test.
  psql(`INSERT INTO price (code, category, label, unit, member_cents, non_member_cents, sort_order)
        VALUES ('zz_test_thousands', 'salle', 'Test milliers', 'la semaine', 123450, 1000000, 99);`);
  try {
    const res = await get(fresh('/tarifs'));
    assert.equal(res.status, 200);
    assert.ok(res.text.includes('<td>1\u202f234,50\u00a0€</td>'), '1 234,50 €');
    assert.ok(res.text.includes('<td>10\u202f000,00\u00a0€</td>'), '10 000,00 €');
    assert.equal(euro.format(1234.5), '1\u202f234,50\u00a0€', 'Intl agrees on the bytes');
    // An inactive price disappears.
    psql("UPDATE price SET active = false WHERE code = 'zz_test_thousands';");
    const res2 = await get(fresh('/tarifs'));
    assert.ok(!res2.text.includes('Test milliers'));
  } finally {
    psql("DELETE FROM price WHERE code = 'zz_test_thousands';");
  }
});

test('/espace lists each active resource, and no inactive one', async () => {
  const rows = psqlRows('SELECT name, active FROM resource WHERE space_id = 1 ORDER BY sort_order, id');
  assert.ok(rows.some((r) => r.active), 'the demo data has resources');
  const res = await get(fresh('/espace'));
  assert.equal(res.status, 200);
  const shown = [...res.text.matchAll(/<li class="card">\n<h3>([^<]*)<\/h3>/g)].map((m) => m[1]);
  assert.deepEqual(shown, rows.filter((r) => r.active).map((r) => esc(r.name)));
});

test('/partenaires lists the five funders of the seed text', async () => {
  const rows = psqlRows('SELECT name FROM funder WHERE space_id = 1 ORDER BY sort_order, name');
  assert.equal(rows.length, 5);
  const res = await get(fresh('/partenaires'));
  assert.equal(res.status, 200);
  for (const name of ['Fonds social européen', 'Conseil régional d’Aquitaine', 'Ville d’Agen',
    'Conseil général de Lot-et-Garonne', 'Fondation Veolia'])
    assert.ok(rows.some((r) => r.name === name), `${name} in the database`);
  const shown = [...res.text.matchAll(/<li class="card">\n<h3>(?:<a [^>]*>)?([^<]*)/g)].map((m) => m[1]);
  assert.deepEqual(shown, rows.map((r) => esc(r.name)));
});

test('/mentions-legales shows SIREN, SIRET and RNA from the organisation row', async () => {
  const [org] = psqlRows('SELECT siren, siret, rna, legal_name FROM organisation WHERE id = 1');
  assert.ok(org.siren && org.rna, 'the demo organisation has a SIREN and an RNA number');
  const res = await get(fresh('/mentions-legales'));
  assert.equal(res.status, 200);
  assert.ok(res.text.includes(`<dt>SIREN</dt><dd>${org.siren}</dd>`), 'SIREN');
  assert.ok(res.text.includes(`<dt>Numéro RNA</dt><dd>${org.rna}</dd>`), 'RNA');
  if (org.siret) assert.ok(res.text.includes(`<dt>SIRET</dt><dd>${org.siret}</dd>`), 'SIRET');
  assert.ok(res.text.includes(`<dt>Éditeur</dt><dd>${esc(org.legal_name)}</dd>`), 'publisher');
});

test('security headers are on error pages too (404, 405, 400)', async () => {
  for (const [p, method, status] of [['/nexiste-pas', 'GET', 404], ['/tarifs', 'DELETE', 405], ['/tarifs?x=%zz', 'GET', 400]]) {
    const res = await request({ method, path: p });
    assert.equal(res.status, status, `${method} ${p}`);
    assert.deepEqual(securityHeaderProblems(res), [], `${method} ${p}`);
    assert.equal(res.header('cache-control'), 'no-store', `${method} ${p}: errors are not cached`);
  }
});

test('ETag: If-None-Match answers 304 with an empty body (program and micro-cache)', async () => {
  for (const headers of [{ Cookie: 'session=x' }, {}]) {
    const p = headers.Cookie ? '/coworking' : fresh('/coworking');
    const first = await get(p, { headers });
    assert.equal(first.status, 200);
    const etag = first.header('etag');
    assert.match(etag || '', /^"[0-9a-f]{24}"$/, 'a strong ETag');
    const again = await raw(`GET ${p} HTTP/1.1\r\nHost: ${new URL(URL_BASE).host}\r\n` +
      `If-None-Match: ${etag}\r\n${headers.Cookie ? `Cookie: ${headers.Cookie}\r\n` : ''}Connection: close\r\n\r\n`);
    assert.equal(again.status, 304, `304 (${headers.Cookie ? 'program' : 'nginx cache'})`);
    assert.equal(again.rawBody.length, 0, 'a 304 has no body');
    const other = await get(p, { headers: { ...headers, 'If-None-Match': '"00000000000000000000000a"' } });
    assert.equal(other.status, 200, 'another ETag gets the page');
    assert.ok(other.body.length > 0);
  }
});

test('HEAD answers the headers of GET and no body', async () => {
  for (const p of ['/', '/tarifs', '/contact', '/sitemap.xml', '/nexiste-pas']) {
    const res = await raw(`HEAD ${p} HTTP/1.1\r\nHost: ${new URL(URL_BASE).host}\r\nCookie: session=x\r\nConnection: close\r\n\r\n`);
    const g = await get(p, { headers: { Cookie: 'session=x' } });
    assert.equal(res.status, g.status, `HEAD ${p}: same status as GET`);
    assert.equal(res.header('content-type'), g.header('content-type'), `HEAD ${p}: same type`);
    assert.equal(res.rawBody.length, 0, `HEAD ${p}: no body`);
  }
});

test('static files: long browser cache, gzip when asked', async () => {
  const file = path.join(SRC, 'static/css/site.css');
  assert.ok(fs.existsSync(file), 'static/css/site.css is in the source tree');
  const css = fs.readFileSync(file);
  const plain = await get('/static/css/site.css');
  assert.equal(plain.status, 200);
  assert.equal(plain.header('content-type'), 'text/css');
  assert.ok(plain.body.equals(css), 'the file as it is');
  assert.equal(plain.header('content-encoding'), undefined);
  const maxAge = Number(/max-age=(\d+)/.exec(plain.header('cache-control') || '')?.[1]);
  assert.ok(maxAge >= 7 * 24 * 3600, `Cache-Control max-age of a week or more (got ${plain.header('cache-control')})`);
  const expires = Date.parse(plain.header('expires') || '');
  assert.ok(expires - Date.now() >= 6 * 24 * 3600 * 1000, `Expires a week ahead or more (got ${plain.header('expires')})`);
  const gz = await get('/static/css/site.css', { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(gz.status, 200);
  if (css.length >= 256) {
    assert.equal(gz.header('content-encoding'), 'gzip');
    assert.ok(gunzip(gz.body).equals(css), 'gzip body inflates to the file');
  }
  assert.match(gz.header('vary') || '', /Accept-Encoding/);
  const missing = await get('/static/css/nexiste-pas.css');
  assert.equal(missing.status, 404);
});

test('HTML pages are gzipped when asked', async () => {
  const res = await get('/tarifs', { headers: { 'Accept-Encoding': 'gzip', Cookie: 'session=x' } });
  assert.equal(res.status, 200);
  assert.equal(res.header('content-encoding'), 'gzip');
  assert.match(gunzip(res.body).toString('utf8'), /<html lang="fr">/);
});

test('responses nginx writes itself (static files, its 413 and 404) carry the security headers too', async () => {
    const problems = {};
    const check = (what, res) => {
      const p = securityHeaderProblems(res);
      if (p.length) problems[`${what} (${res.status})`] = p;
    };
    check('GET /static/css/site.css', await get('/static/css/site.css'));
    check('GET /static/nexiste-pas.css', await get('/static/nexiste-pas.css'));
    const big = await request({
      method: 'POST', path: '/contact', body: 'a'.repeat(1024 * 1024 + 1),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    check('POST of 1 MB', big);
    assert.deepEqual(problems, {});
  });
