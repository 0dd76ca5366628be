// cache.test.mjs: nginx's 1-second micro-cache in front of the site program: an edit shows
// within a bounded time (the measured delay is printed), a second quick GET is a HIT, the
// session cookie bypasses the cache, and the contact page (CSRF cookie) is never cached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get, psql, psqlRows, poll, fresh } from './lib.mjs';

test('an edit of a page is visible on the public page within 10 s (target: 1 s + request time)', async () => {
  const [orig] = psqlRows("SELECT body_md FROM site_page WHERE space_id = 1 AND slug = 'cooperative'");
  // Warm the cache with the current page first, so the edit has a cached copy to replace.
  const warm = await get('/cooperative');
  assert.equal(warm.status, 200);
  const marker = `Marqueur-${process.pid}-${Date.now()}`;
  try {
    psql("UPDATE site_page SET body_md = body_md || E'\\n\\n' || :'m' WHERE slug = 'cooperative';", { m: marker });
    const t0 = performance.now();
    const seen = await poll(async () => {
      const res = await get('/cooperative');
      return res.status === 200 && res.text.includes(marker);
    }, { every: 100, within: 10000 });
    const ms = Math.round(performance.now() - t0);
    console.log(`edit visible after ${ms} ms (micro-cache of 1 s)`);
    assert.ok(seen.value, `the edit shows within 10 s (waited ${ms} ms)`);
  } finally {
    psql("UPDATE site_page SET body_md = :'b' WHERE slug = 'cooperative';", { b: orig.body_md });
  }
  // And the restore shows too.
  const gone = await poll(async () => !(await get('/cooperative')).text.includes(marker), { every: 100, within: 10000 });
  assert.ok(gone.value, 'the restored page shows within 10 s');
});

test('a second quick GET of a public page is served from the micro-cache (HIT)', async () => {
  // nginx counts the 1 s validity in whole seconds, so a pair of GETs may straddle the
  // expiry: try a few fresh URLs and require a HIT on one of them.
  const seen = [];
  for (let i = 0; i < 10; i++) {
    const p = fresh('/tarifs');
    const a = await get(p);
    const b = await get(p);
    assert.equal(a.status, 200);
    assert.equal(a.header('x-cache-status'), 'MISS', 'a new URL is a MISS');
    seen.push(b.header('x-cache-status'));
    if (b.header('x-cache-status') === 'HIT') {
      assert.equal(b.status, 200);
      assert.ok(b.body.equals(a.body), 'the cached copy is the page');
      assert.equal(b.header('etag'), a.header('etag'));
      assert.match(b.header('content-security-policy') || '', /frame-ancestors 'none'/, 'cached copies keep the security headers');
      return;
    }
  }
  assert.fail(`no HIT in 10 tries: ${seen.join(' ')}`);
});

test('the session cookie bypasses the micro-cache and is never stored', async () => {
  const p = fresh('/tarifs');
  const a = await get(p, { headers: { Cookie: 'session=abc' } });
  assert.equal(a.status, 200);
  assert.equal(a.header('x-cache-status'), 'BYPASS');
  const b = await get(p, { headers: { Cookie: 'session=abc' } });
  assert.equal(b.header('x-cache-status'), 'BYPASS');
  // Nothing was stored for that URL: an anonymous GET is a MISS.
  const c = await get(p);
  assert.equal(c.header('x-cache-status'), 'MISS');
  // And an anonymous cached copy is not served to a logged-in visitor.
  const d = await get(p, { headers: { Cookie: 'session=abc' } });
  assert.equal(d.header('x-cache-status'), 'BYPASS');
});

test('the contact page (which sets the CSRF cookie) is never cached', async () => {
  const p = fresh('/contact');
  const cookies = new Set();
  for (let i = 0; i < 5; i++) {
    const res = await get(p);
    assert.equal(res.status, 200);
    assert.notEqual(res.header('x-cache-status'), 'HIT', `GET #${i + 1}`);
    assert.equal(res.header('cache-control'), 'no-store');
    const c = (res.all['set-cookie'] || []).find((s) => s.startsWith('csrf='));
    assert.ok(c, `GET #${i + 1} sets its own csrf cookie`);
    cookies.add(c);
  }
  assert.equal(cookies.size, 5, 'each visitor gets a cookie of their own');
  // With the cookie (no Set-Cookie in the answer) it is still not cached: no-store.
  const first = await get(p);
  const cookie = first.all['set-cookie'][0].split(';')[0];
  for (let i = 0; i < 3; i++) {
    const res = await get(p, { headers: { Cookie: cookie } });
    assert.notEqual(res.header('x-cache-status'), 'HIT');
  }
});

test('error pages are not cached', async () => {
  const p = fresh('/nexiste-pas');
  for (let i = 0; i < 3; i++) {
    const res = await get(p);
    assert.equal(res.status, 404);
    assert.notEqual(res.header('x-cache-status'), 'HIT', `GET #${i + 1}`);
  }
});
