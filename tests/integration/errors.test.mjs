// errors.test.mjs: what the stack answers to wrong requests (unknown paths, wrong methods,
// malformed encodings, oversized URIs and bodies, wrong content types), and that hostile
// content stored in the database is escaped on the page. Never a 5xx.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  URL_BASE, get, request, raw, post, psql, psqlRows, openForm, freshAddr, validMessage, count,
  securityHeaderProblems, fresh, logSize, logSince, tagsWithHandlers, underSanitizer,
} from './lib.mjs';


const host = new URL(URL_BASE).host;

// Asserts res is the site's own French error page for status.
function assertErrorPage(res, status, title) {
  assert.equal(res.status, status);
  assert.equal(res.header('content-type'), 'text/html; charset=utf-8');
  assert.equal(res.header('cache-control'), 'no-store');
  assert.deepEqual(securityHeaderProblems(res), []);
  assert.match(res.text, /<html lang="fr">/);
  assert.match(res.text, /<nav class="main-nav" aria-label="Navigation principale">/, 'in the site layout (nav)');
  assert.ok(res.text.includes(`<h1>${title}</h1>`), `<h1>${title}</h1>`);
  assert.ok(res.text.includes(`Code d’erreur : ${status}`), 'the status on the page');
  assert.match(res.text, /<meta name="robots" content="noindex">/);
}

test('unknown paths: 404 French page in the site layout', async () => {
  for (const p of ['/nexiste-pas', '/tarifs/', '/TARIFS', '/contact/merci/plus', '/index.php', '/%C3%A9t%C3%A9']) {
    const res = await get(p);
    assertErrorPage(res, 404, 'Page introuvable');
    assert.match(res.text, /La page demandée n’existe pas ou a été déplacée\./);
  }
});

test('PUT, DELETE, PATCH, OPTIONS on a known path: 405 with Allow', async () => {
  for (const [p, allow] of [['/tarifs', 'GET, HEAD'], ['/', 'GET, HEAD'], ['/contact', 'GET, HEAD, POST'], ['/sitemap.xml', 'GET, HEAD']]) {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await request({ method, path: p, headers: { 'Content-Length': '0' } });
      assertErrorPage(res, 405, 'Méthode non autorisée');
      assert.equal(res.header('allow'), allow, `${method} ${p}: Allow`);
    }
  }
  // An unknown method on an unknown path is a 404.
  const res = await request({ method: 'DELETE', path: '/nexiste-pas' });
  assert.equal(res.status, 404);
});

test('POST on a GET-only path: 405 with Allow, before the CSRF check, nothing saved', async () => {
  // Routing runs before the CSRF check (server_handle): a POST to /tarifs is 405 whether
  // or not it carries a valid token. That is the right order: the method and the route
  // are rejected first, and no token is needed to learn that a path takes no POST.
  const addr = freshAddr();
  const form = await openForm(addr);
  const { tag, fields } = validMessage();
  const before = count('contact_message');
  for (const [what, body, cookie] of [
    ['no token', fields, undefined],
    ['a valid token', { csrf: form.csrf, cle: form.cle, ...fields }, form.cookie],
  ]) {
    for (const p of ['/tarifs', '/contact/merci', '/sitemap.xml']) {
      const res = await post(p, body, { cookie, localAddress: addr });
      assertErrorPage(res, 405, 'Méthode non autorisée');
      assert.equal(res.header('allow'), 'GET, HEAD', `POST ${p} with ${what}`);
    }
  }
  // POST on an unknown path: 404 (also before CSRF).
  const res = await post('/nexiste-pas', fields, { localAddress: addr });
  assert.equal(res.status, 404);
  assert.equal(count('contact_message'), before);
  assert.equal(count('contact_message', "email = :'e'", { e: fields.email }), 0, tag);
});

test('malformed percent-encoding or invalid UTF-8 in the query: 400 from the program', async () => {
  for (const p of ['/tarifs?x=%zz', '/contact?objet=%C3', '/tarifs?x=%', '/tarifs?x=%4', '/tarifs?%zz=1',
    '/tarifs?=1', '/contact?objet=%C3%28', '/contact?objet=%FF', '/contact?objet=%ED%A0%80',
    '/contact?objet=%C0%AF', '/tarifs?x=%F4%90%80%80']) {
    const res = await get(p);
    assertErrorPage(res, 400, 'Requête invalide');
  }
});

test('malformed percent-encoding in the path: nginx answers 400 itself', async () => {
  // nginx decodes the path before it routes: a bad escape never reaches the program.
  for (const p of ['/tarif%zz', '/tarifs%4', '/tarifs%', '/%zz/tarifs']) {
    const res = await get(p);
    assert.equal(res.status, 400, p);
  }
});

test('invalid UTF-8 in the path: 400, never a 5xx', async () => {
  const log0 = logSize();
  for (const p of ['/tarifs%C3', '/tarifs%C3%28', '/%FF', '/%ED%A0%80', '/contact%C0%AF']) {
    const res = await get(p);
    assert.equal(res.status, 400, `${p} (got ${res.status})`);
    assert.deepEqual(securityHeaderProblems(res), [], p);
  }
  assert.doesNotMatch(logSince(log0), /killed by signal/);
});

test('NUL bytes (%00) in the path, the query or the body: 400', async () => {
  for (const p of ['/tarifs?x=%00', '/contact?objet=a%00b', '/tarifs?x=a%00', '/tarifs?%00=1']) {
    const res = await get(p);
    assertErrorPage(res, 400, 'Requête invalide');
  }
  // In the path, nginx refuses it before the program sees it.
  assert.equal((await get('/tarifs%00')).status, 400);
  const addr = freshAddr();
  const form = await openForm(addr);
  const { fields } = validMessage();
  const before = count('contact_message');
  const enc = new URLSearchParams({ csrf: form.csrf, cle: form.cle, ...fields }).toString();
  for (const body of [`${enc}&nom=a%00b`, Buffer.concat([Buffer.from(`${enc}&x=`), Buffer.from([0]), Buffer.from('y')])]) {
    const res = await post('/contact', body, { cookie: form.cookie, localAddress: addr });
    assertErrorPage(res, 400, 'Requête invalide');
  }
  assert.equal(count('contact_message'), before);
});

test('invalid UTF-8 in a form body: 400, nothing saved', async () => {
  const addr = freshAddr();
  const form = await openForm(addr);
  const { fields } = validMessage();
  const enc = new URLSearchParams({ csrf: form.csrf, cle: form.cle, ...fields }).toString();
  const before = count('contact_message');
  for (const bad of ['%C3%28', '%FF', '%ED%A0%80', '%C0%80', '%E2%82', '%F8%88%80%80%80']) {
    const res = await post('/contact', enc.replace(/message=[^&]*/, `message=Bonjour+${bad}+la+Fontaine`), { cookie: form.cookie, localAddress: addr });
    assertErrorPage(res, 400, 'Requête invalide');
  }
  // Raw bytes, not percent-encoded.
  const rawBody = Buffer.concat([Buffer.from(`${enc}&nom=Caf`), Buffer.from([0xe9])]);
  const res = await post('/contact', rawBody, { cookie: form.cookie, localAddress: addr });
  assertErrorPage(res, 400, 'Requête invalide');
  assert.equal(count('contact_message'), before);
});

test('a URI of 3000 characters: a 4xx, never a 5xx', async () => {
  const log0 = logSize();
  for (const p of [`/${'a'.repeat(2999)}`, `/tarifs?x=${'a'.repeat(2990)}`]) {
    const res = await get(p);
    console.log(`URI of ${p.length} characters: ${res.status}`);
    assert.ok(res.status >= 400 && res.status < 500, `4xx (got ${res.status})`);
    if (res.status === 414) assert.deepEqual(securityHeaderProblems(res), []);
  }
  assert.doesNotMatch(logSince(log0), /killed by signal/);
});

test('a URI over nginx\'s header buffer (9000 characters): nginx\'s own 414, never a 5xx', async () => {
  const res = await get(`/tarifs?x=${'a'.repeat(9000)}`);
  console.log(`URI of 9000 characters: ${res.status}`);
  assert.equal(res.status, 414);
});

test('a body over 1 MB: 413 from nginx, with the French page', async () => {
  const addr = freshAddr();
  const form = await openForm(addr);
  const before = count('contact_message');
  const { fields } = validMessage({ message: 'x'.repeat(1024 * 1024 + 10) });
  let res;
  try {
    res = await post('/contact', { csrf: form.csrf, cle: form.cle, ...fields }, { cookie: form.cookie, localAddress: addr });
  } catch (e) {
    assert.fail(`no answer to a 1 MB body: ${e.message}`);
  }
  assert.equal(res.status, 413);
  assert.match(res.text, /<title>Envoi trop volumineux · La Fontaine<\/title>/);
  assert.match(res.text, /<html lang="fr">/);
  assert.equal(count('contact_message'), before);
});

test('a POST of text/plain, multipart or JSON: 415 (the body is parsed before the CSRF check)', async () => {
  // request_from_env refuses a body that is not application/x-www-form-urlencoded before
  // routing and the CSRF check run, so even a POST with a valid cookie gets a 415, and
  // so does a POST to a GET-only path.
  const addr = freshAddr();
  const form = await openForm(addr);
  const before = count('contact_message');
  const body = new URLSearchParams({ csrf: form.csrf, cle: form.cle, ...validMessage().fields }).toString();
  for (const ct of ['text/plain', 'multipart/form-data; boundary=xyz', 'application/json',
    'application/x-www-form-urlencodedx', 'application/xml']) {
    for (const p of ['/contact', '/tarifs']) {
      const res = await post(p, body, { cookie: form.cookie, localAddress: addr, contentType: ct });
      assertErrorPage(res, 415, 'Format d’envoi non pris en charge');
    }
  }
  // No Content-Type at all, with a body.
  const res = await post('/contact', body, { cookie: form.cookie, localAddress: addr, contentType: null });
  assertErrorPage(res, 415, 'Format d’envoi non pris en charge');
  // The charset parameter is fine.
  const ok = await post('/contact', body, { cookie: form.cookie, localAddress: addr, contentType: 'application/x-www-form-urlencoded; charset=UTF-8' });
  assert.equal(ok.status, 303);
  assert.equal(count('contact_message'), before + 1);
});

test('an empty POST without a token: 403', async () => {
  const res = await post('/contact', '', { localAddress: freshAddr(), contentType: null });
  assertErrorPage(res, 403, 'Accès refusé');
});

test('a cookie header over the cap (4 kB): the rest is ignored, never a 5xx', async () => {
  // (A fresh URL: the micro-cache would answer a cached page whatever the cookie.)
  const res = await get(fresh('/tarifs'), { headers: { Cookie: `a=${'b'.repeat(5000)}` } });
  assert.equal(res.status, 200, 'past 4 kB the cookies are ignored, not refused (issue 12)');
  const huge = await get(fresh('/tarifs'), { headers: { Cookie: `a=${'b'.repeat(20000)}` } });
  console.log(`cookie header of 20 kB: ${huge.status}`);
  assert.ok(huge.status >= 400 && huge.status < 500, `4xx (got ${huge.status})`);
});

test('hostile content stored in site_page is escaped or neutralised on the page', async () => {
  const [orig] = psqlRows("SELECT title, meta_description, body_md FROM site_page WHERE space_id = 1 AND slug = 'coworking'");
  assert.ok(orig, 'the coworking page exists');
  const title = '<script>alert(1)</script>"><img src=x onerror=alert(1)>';
  const description = '"><script>alert(2)</script>';
  const body = [
    '## Titre <script>alert(3)</script>',
    '',
    '<script>alert(4)</script>',
    '',
    '"><img src=x onerror=alert(5)>',
    '',
    '[cliquez ici](javascript:alert(6)) et [là](JAVASCRIPT:alert(7)) et [ici](  javascript:alert(8))',
    '',
    '![image](javascript:alert(9))',
    '',
    '<a href="javascript:alert(10)">lien brut</a>',
    '',
    '<iframe src="https://evil.example/"></iframe>',
    '',
    '<div onmouseover="alert(11)">survol</div>',
    '',
    'Texte <b onclick="alert(12)">gras</b> et <style>body{display:none}</style> fin.',
    '',
    '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMyk8L3NjcmlwdD4=)',
  ].join('\n');
  try {
    psql("UPDATE site_page SET title = :'t', meta_description = :'d', body_md = :'b' WHERE slug = 'coworking';", { t: title, d: description, b: body });
    const res = await get(fresh('/coworking'));
    assert.equal(res.status, 200);
    const html = res.text;
    assert.ok(!/<script>alert/i.test(html), 'no <script>alert');
    assert.deepEqual(tagsWithHandlers(html), [], 'no event handler attribute in a tag');
    assert.ok(!/href="\s*javascript:/i.test(html), 'no href="javascript:');
    assert.ok(!/src="\s*javascript:/i.test(html), 'no src="javascript:');
    assert.ok(!/<iframe/i.test(html), 'no <iframe>');
    assert.ok(!/<style/i.test(html), 'no <style>');
    assert.ok(!/href="data:/i.test(html), 'no data: link');
    assert.ok(!/<img src=x/i.test(html), 'no injected <img>');
    // The title and description are shown, escaped.
    assert.ok(html.includes('<h1>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</h1>'), 'escaped title in <h1>');
    assert.ok(html.includes('<meta name="description" content="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;">'), 'escaped description');
    assert.ok(html.includes('cliquez ici'), 'the link text stays');
    assert.equal((html.match(/<h1[\s>]/g) || []).length, 1, 'still one <h1>');
  } finally {
    psql("UPDATE site_page SET title = :'t', meta_description = :'d', body_md = :'b' WHERE slug = 'coworking';",
      { t: orig.title, d: orig.meta_description, b: orig.body_md });
  }
  const [back] = psqlRows("SELECT title, meta_description, body_md FROM site_page WHERE space_id = 1 AND slug = 'coworking'");
  assert.deepEqual(back, orig, 'the page is restored');
});

test('hostile stored organisation details are escaped in the footer and legal page', async () => {
  const [orig] = psqlRows('SELECT legal_name, host_name FROM organisation WHERE id = 1');
  try {
    psql("UPDATE organisation SET legal_name = :'n', host_name = :'h' WHERE id = 1;", { n: '<script>alert(20)</script>', h: '"><img src=x onerror=alert(21)>' });
    // The footer re-reads the organisation at most once a second per worker.
    await new Promise((r) => setTimeout(r, 1100));
    const res = await get(fresh('/mentions-legales'));
    assert.equal(res.status, 200);
    assert.ok(!res.text.includes('<script>alert(20)'), 'legal name escaped');
    assert.ok(!/<img src=x/i.test(res.text), 'host name escaped');
    assert.ok(res.text.includes('&lt;script&gt;alert(20)&lt;/script&gt;'));
  } finally {
    psql("UPDATE organisation SET legal_name = :'n', host_name = :'h' WHERE id = 1;", { n: orig.legal_name, h: orig.host_name });
  }
});

test('raw requests nginx refuses itself never reach a 5xx', async () => {
  // An unknown HTTP version is nginx's 505, the one 5xx that is the right answer.
  const v = await raw(`GET /tarifs HTTP/9.9\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  assert.equal(v.status, 505);
  for (const line of [
    `GET /tarifs\r\n`, // HTTP/0.9
    `GET /tarifs HTTP/1.1\r\nHost: ${host}\r\nHost: other\r\nConnection: close\r\n\r\n`,
    `GET /tarifs HTTP/1.1\r\nConnection: close\r\n\r\n`, // no Host
    `GET /ta rifs HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
    `GET /tarifs HTTP/1.1\r\nHost: ${host}\r\nContent-Length: -1\r\nConnection: close\r\n\r\n`,
    `POST /contact HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n`,
  ]) {
    let res;
    try {
      res = await raw(line);
    } catch (e) {
      continue; // nginx closed the connection without an answer: not a 5xx
    }
    assert.ok(res.status < 500, `${JSON.stringify(line.slice(0, 60))}: ${res.status}`);
  }
});
