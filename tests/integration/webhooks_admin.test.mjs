// webhooks_admin.test.mjs: the webhook back office and the rest of the delivery rules: the form's
// French messages (http/https only, an event at least), edit and disable (audited, the secret
// never in the audit log), a delivery failed for good after its day of retries and sent again
// from the page, and two deliverers at once sending each delivery once.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { psql, poll, sleep, formBody, request } from './lib.mjs';
import { account } from './portal_lib.mjs';
import { Receiver, TAG, disableTestEndpoints, deliveries, hurry, secretsOf, delivererPid } from './webhooks_lib.mjs';

let admin;
const receivers = [];
before(() => {
  disableTestEndpoints();
  admin = account('admin', { member: false });
});
after(async () => {
  disableTestEndpoints();
  // The events published here leave the public pages and feeds (the other tiers' counts).
  psql(`SET session_replication_role = replica; DELETE FROM event WHERE slug LIKE 'wha-${TAG}-%';`);
  for (const r of receivers) await r.stop();
});

async function postPairs(c, p, pairs) {
  const body = formBody([['csrf', c.csrf], ...pairs]);
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body),
    Cookie: c.cookieHeader() };
  return c.keep(await request({ method: 'POST', path: p, headers, body, localAddress: c.localAddress }));
}
const ev = (...types) => types.map((t) => [`ev_${t.replace('.', '_')}`, '1']);

async function register(url, types, label) {
  const c = admin.client;
  await c.get('/admin/webhooks/nouveau');
  const d = `test-webhooks ${TAG} ${label}`;
  const res = await postPairs(c, '/admin/webhooks/nouveau', [['url', url], ['description', d], ...ev(...types)]);
  assert.equal(res.status, 200);
  return Number(psql(`SELECT id FROM webhook_endpoint WHERE description = :'d'`, { d }));
}

function publish(n, label) {
  for (let i = 0; i < n; i++)
    psql(`INSERT INTO event (space_id, slug, title, summary, category, starts_at, ends_at, status, published_at)
      VALUES (1, 'wha-${TAG}-${label}-${i}', 'Atelier ${i}', 'Un atelier.', 'atelier', date_trunc('hour', now()) + interval '50 days',
              date_trunc('hour', now()) + interval '50 days 1 hour', 'published', now())`);
}

test('the endpoint form: French messages, http(s) only, one event at least; edit, disable, audited', async () => {
  const c = admin.client;
  const form = await c.get('/admin/webhooks/nouveau');
  assert.equal(form.status, 200);
  assert.match(form.text, /Événements envoyés/);
  assert.match(form.text, /name="ev_booking_created"/);
  for (const [url, events, re] of [
    ['ftp://exemple.org/x', ev('event.published'), /commence par http:\/\/ ou https:\/\//],
    ['http://moi@exemple.org/x', ev('event.published'), /sans espace ni identifiant/],
    ['https://exemple.org/a b', ev('event.published'), /sans espace ni identifiant/],
    ['https://exemple.org/x', [], /Choisissez au moins un événement/],
  ]) {
    const res = await postPairs(c, '/admin/webhooks/nouveau', [['url', url], ['description', `test-webhooks ${TAG} bad`], ...events]);
    assert.equal(res.status, 422, `${url} refused`);
    assert.match(res.text, re);
  }
  assert.equal(Number(psql(`SELECT count(*) FROM webhook_endpoint WHERE description = :'d'`, { d: `test-webhooks ${TAG} bad` })), 0);

  const id = await register('https://exemple.org/hooks', ['event.published'], 'form');
  const audit = psql(`SELECT action || '|' || person_id || '|' || (after ? 'secret') || '|' || (after::text LIKE '%whsec_%')
    FROM audit_log WHERE table_name = 'webhook_endpoint' AND row_id = ${id}
      AND at >= (SELECT created_at FROM webhook_endpoint WHERE id = ${id}) ORDER BY id`);
  assert.equal(audit, `create|${admin.id}|false|false`, 'the creation is audited, without the secret');
  const page = await c.get(`/admin/webhooks/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Aucun envoi pour l’instant/);
  const edited = await postPairs(c, `/admin/webhooks/${id}`, [['url', 'https://exemple.org/autre'],
    ['description', `test-webhooks ${TAG} form`], ...ev('booking.created', 'invoice.issued')]);
  assert.equal(edited.status, 303);
  assert.equal(psql(`SELECT url || ' ' || array_to_string(events, ',') FROM webhook_endpoint WHERE id = ${id}`),
    'https://exemple.org/autre booking.created,invoice.issued');
  await c.get(`/admin/webhooks/${id}`);
  const off = await c.post(`/admin/webhooks/${id}/desactiver`, {});
  assert.equal(off.status, 303);
  assert.equal(psql(`SELECT active || ' ' || (disabled_by = ${admin.id}) FROM webhook_endpoint WHERE id = ${id}`), 'false true');
  assert.equal(psql(`SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE table_name = 'webhook_endpoint' AND row_id = ${id}
    AND at >= (SELECT created_at FROM webhook_endpoint WHERE id = ${id})`),
    'create,edit,disable');
  // Without a CSRF token, nothing changes.
  const fbody = formBody([['csrf', 'x'.repeat(43)]]);
  const forged = await request({ method: 'POST', path: `/admin/webhooks/${id}/rotation`, body: fbody, localAddress: c.localAddress,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(fbody), Cookie: c.cookieHeader() } });
  assert.equal(forged.status, 403);
  assert.equal(psql(`SELECT previous_secret IS NULL FROM webhook_endpoint WHERE id = ${id}`), 't');
  // A disabled endpoint gets nothing.
  const before = Number(psql(`SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ${id}`));
  psql(`UPDATE webhook_endpoint SET events = ARRAY['event.published'] WHERE id = ${id}`);
  publish(1, 'off');
  assert.equal(Number(psql(`SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ${id}`)), before);
  // Enabled again from its page: it gets what follows, not what it missed; audited.
  const offPage = await c.get(`/admin/webhooks/${id}`);
  assert.match(offPage.text, /Réactiver ce récepteur/);
  assert.doesNotMatch(offPage.text, /Désactiver ce récepteur/);
  const on = await c.post(`/admin/webhooks/${id}/reactiver`, {});
  assert.equal(on.status, 303);
  assert.equal(on.headers.location, `/admin/webhooks/${id}?ok=reactive`);
  assert.equal(psql(`SELECT active || ' ' || (disabled_at IS NULL) FROM webhook_endpoint WHERE id = ${id}`), 'true true');
  assert.equal(Number(psql(`SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ${id}`)), before, 'nothing missed is sent');
  assert.match((await c.get(`/admin/webhooks/${id}?ok=reactive`)).text, /Le récepteur est réactivé/);
  assert.equal((await c.post(`/admin/webhooks/${id}/reactiver`, {})).status, 404, 'already active');
  assert.equal(psql(`SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE table_name = 'webhook_endpoint' AND row_id = ${id}
    AND at >= (SELECT created_at FROM webhook_endpoint WHERE id = ${id})`), 'create,edit,disable,edit,enable');
  publish(1, 'on');
  assert.equal(Number(psql(`SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ${id}`)), before + 1, 'what follows is sent');
  psql(`UPDATE webhook_endpoint SET active = false, disabled_at = now() WHERE id = ${id}`);
});

test('a delivery failed for good after its day of retries, then sent again from the page', async () => {
  let id;
  const r = await new Receiver({ secrets: () => secretsOf(id) }).start();
  receivers.push(r);
  id = await register(r.url, ['event.published'], 'again');
  r.mode = 'fail';
  // The day of retries is over: the next failure is the last.
  publish(1, 'again');
  await poll(() => deliveries(id)[0]?.last_http_status === 503, { within: 30000 });
  psql(`UPDATE webhook_delivery SET give_up_at = now() WHERE endpoint_id = ${id}`);
  hurry(id);
  const { value: failed } = await poll(() => (deliveries(id)[0]?.status === 'failed' ? deliveries(id)[0] : undefined), { within: 30000 });
  assert.ok(failed, 'failed for good');
  assert.equal(failed.attempts, 2);
  const c = admin.client;
  const page = await c.get(`/admin/webhooks/${id}`);
  assert.match(page.text, /Échec/);
  assert.match(page.text, /HTTP 503/);
  const action = new RegExp(`action="(/admin/webhooks/${id}/envois/${failed.id}/renvoyer)"`).exec(page.text);
  assert.ok(action, 'a "Renvoyer" button for the failed delivery');
  r.mode = 'ok';
  const res = await c.post(action[1], {});
  assert.equal(res.status, 303);
  const { value: done } = await poll(() => (deliveries(id)[0]?.status === 'delivered' ? deliveries(id)[0] : undefined), { within: 30000 });
  assert.ok(done, 'delivered after "Renvoyer"');
  assert.equal(done.delivery_id, failed.delivery_id, 'the same delivery id');
  assert.equal(r.unique().length, 1);
  assert.equal(r.unique()[0].raw.toString('utf8'), failed.body, 'the same body');
  assert.deepEqual(r.problems, []);
  // Only a failed delivery goes again.
  await c.get(`/admin/webhooks/${id}`);
  assert.equal((await c.post(action[1], {})).status, 409);
});

test('two deliverers at once: each delivery is sent once, in order', async () => {
  let id;
  const r = await new Receiver({ secrets: () => secretsOf(id) }).start();
  receivers.push(r);
  id = await register(r.url, ['booking.created', 'booking.changed', 'booking.cancelled', 'event.published'], 'two');
  r.delayMs = 100;
  const pid = delivererPid();
  const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const second = spawn(argv[0], argv.slice(1), { stdio: 'ignore' });
  try {
    await sleep(300);
    publish(12, 'two');
    const m = account('member');
    const days = psql(`SELECT string_agg(d::text, ',') FROM (SELECT current_date + g AS d FROM generate_series(60, 140) g
      WHERE extract(isodow FROM current_date + g) BETWEEN 1 AND 5 AND closed_reason(current_date + g, NULL) IS NULL
      ORDER BY g LIMIT 3) x`).split(',');
    assert.equal(days.length, 3);
    for (const day of days) {
      const b = psql(`SELECT booking_id FROM desk_book(${m.id}, :'d', 'am')`, { d: day });
      psql(`UPDATE booking SET attendees = 2 WHERE id = ${b}`);
      psql(`SELECT desk_cancel(${m.id}, ${b})`);
    }
    const { value: ds } = await poll(() => {
      const x = deliveries(id);
      return x.length >= 21 && x.every((d) => d.status === 'delivered') ? x : undefined;
    }, { every: 200, within: 60000 });
    assert.ok(ds, 'all delivered');
    assert.deepEqual(r.problems, []);
    for (const d of ds) assert.equal(r.times(d.delivery_id), 1, `${d.event_type} ${d.resource_key} sent once`);
    const arrived = r.unique().map((x) => x.body.id);
    for (const key of new Set(ds.map((d) => d.resource_key))) {
      const ids = ds.filter((d) => d.resource_key === key).map((d) => d.delivery_id);
      assert.deepEqual(arrived.filter((x) => ids.includes(x)), ids, `${key} in order`);
    }
  } finally {
    second.kill('SIGTERM');
    await poll(() => second.exitCode !== null, { within: 15000 });
  }
});
