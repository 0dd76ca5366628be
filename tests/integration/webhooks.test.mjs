// webhooks.test.mjs: signed webhooks end to end (issue 18): an endpoint registered on the admin
// pages, each event caused through the product's pages and functions, received by a local
// receiver that checks the signature, the dedup id and the body's schema; order per resource;
// the receiver down for a while; the deliverer stopped and killed mid-stream; secret rotation;
// no delivery to a loopback address outside webhooks_allow; the pages are the admin's only.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { psql, poll, sleep } from './lib.mjs';
import { account, Client } from './portal_lib.mjs';
import {
  Receiver, TAG, disableTestEndpoints, deliveries, hurry, secretsOf, stopDeliverer, startDeliverer,
} from './webhooks_lib.mjs';

const ALL = ['member.joined', 'membership.renewed', 'booking.created', 'booking.changed', 'booking.cancelled',
  'checkin.recorded', 'invoice.issued', 'payment.received', 'event.published'];
let admin;
const receivers = [];

before(() => {
  disableTestEndpoints();
  admin = account('admin', { member: false });
});
after(async () => {
  disableTestEndpoints();
  // The events published here leave the public pages and feeds (the other tiers' counts).
  psql(`SET session_replication_role = replica; DELETE FROM event WHERE slug LIKE 'webhook-${TAG}' OR slug LIKE 'wh-${TAG}-%';`);
  for (const r of receivers) await r.stop();
});

// Registers an endpoint for url on the admin pages; returns {id, secret} (the secret is shown
// once, on the page the form leads to).
async function register(url, events = ALL, label = 'main') {
  const c = admin.client;
  const form = await c.get('/admin/webhooks/nouveau');
  assert.equal(form.status, 200, 'the new endpoint form');
  const fields = { url, description: `test-webhooks ${TAG} ${label}` };
  const body = Object.entries(fields);
  for (const e of events) body.push([`ev_${e.replace('.', '_')}`, '1']);
  const res = await c.postPairs('/admin/webhooks/nouveau', body);
  assert.equal(res.status, 200, `creating the endpoint answered ${res.status}`);
  const m = /<code id="secret">(whsec_[0-9a-f]{64})<\/code>/.exec(res.text);
  assert.ok(m, 'the secret is shown once after creation');
  const id = Number(psql(`SELECT id FROM webhook_endpoint WHERE description = :'d'`, { d: fields.description }));
  assert.ok(id > 0);
  assert.equal(secretsOf(id)[0], m[1], 'the secret shown is the stored one');
  return { id, secret: m[1] };
}

// Client.postPairs: a form POST with repeated names (the event checkboxes).
Client.prototype.postPairs = async function postPairs(p, pairs) {
  const { request, formBody } = await import('./lib.mjs');
  const body = formBody([['csrf', this.csrf], ...pairs]);
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body),
    Cookie: this.cookieHeader() };
  return this.keep(await request({ method: 'POST', path: p, headers, body, localAddress: this.localAddress }));
};

async function newReceiver(opts = {}) {
  const r = await new Receiver(opts).start();
  receivers.push(r);
  return r;
}

// Waits until endpoint's deliveries matching where are all delivered (or failed for good).
async function settled(endpoint, { within = 60000, want } = {}) {
  const { value } = await poll(() => {
    const ds = deliveries(endpoint);
    return (want ? ds.length >= want : ds.length > 0) && ds.every((d) => d.status !== 'pending') ? ds : undefined;
  }, { every: 200, within });
  assert.ok(value, `the deliveries of endpoint ${endpoint} settled: ${JSON.stringify(deliveries(endpoint).map((d) => [d.event_type, d.status, d.attempts, d.last_error]))}`);
  return value;
}

function assertReceivedOnce(r, ds) {
  assert.deepEqual(r.problems, [], 'every delivery was signed, deduplicable and valid');
  for (const d of ds) {
    assert.equal(d.status, 'delivered', `${d.event_type} ${d.resource_key} delivered`);
    assert.equal(r.times(d.delivery_id), 1, `${d.event_type} ${d.resource_key} arrived once`);
  }
}

// Per resource key, the order the deliveries were written in is the order they arrived in.
function assertOrder(r, ds) {
  const arrived = r.unique().map((x) => x.body.id);
  const byKey = new Map();
  for (const d of ds) byKey.set(d.resource_key, [...(byKey.get(d.resource_key) || []), d.delivery_id]);
  for (const [key, ids] of byKey) {
    const seen = arrived.filter((id) => ids.includes(id));
    assert.deepEqual(seen, ids, `the deliveries of ${key} arrived in order`);
  }
}

// A weekday to come with no desk booking yet.
function freeDay() {
  for (let i = 0; i < 400; i++) {
    const off = 40 + Math.floor(Math.random() * 250);
    const d = psql(`SELECT (current_date + ${off})::text WHERE extract(isodow FROM current_date + ${off}) BETWEEN 1 AND 5
      AND closed_reason(current_date + ${off}, NULL) IS NULL`);
    if (d) return d;
  }
  throw new Error('no free day');
}

test('every event arrives once, signed, valid against the schema, in order per resource', async () => {
  let ep;
  const r = await newReceiver({ secrets: () => secretsOf(ep.id) });
  ep = await register(r.url);

  // member.joined, then membership.renewed: a membership request accepted by staff, then a second one.
  const m = account('member', { member: false });
  const m1 = Number(psql(`INSERT INTO membership (person_id, starts_on, ends_on, fee_cents)
    VALUES (${m.id}, paris_today() - 400, paris_today() - 40, 2000) RETURNING id`));
  psql(`SELECT membership_accept(${admin.id}, ${m1}, 'Adhésion', 'Bienvenue')`);
  const m2 = Number(psql(`INSERT INTO membership (person_id, starts_on, ends_on, fee_cents)
    VALUES (${m.id}, paris_today() - 39, paris_today() + 300, 2000) RETURNING id`));
  psql(`SELECT membership_accept(${admin.id}, ${m2}, 'Adhésion', 'Renouvelée')`);

  // A desk booking: created, changed (staff mark the no-show... here: the seat count), cancelled.
  const day = freeDay();
  const b = Number(psql(`SELECT booking_id FROM desk_book(${m.id}, :'d', 'am')`, { d: day }));
  psql(`UPDATE booking SET attendees = 2 WHERE id = ${b}`);
  assert.equal(psql(`SELECT desk_cancel(${m.id}, ${b})`), 't');

  // A check-in through the staff page (today's booking, written with the triggers off: a
  // half-day already begun cannot be booked, so it has no booking.created).
  const staff = account('staff', { member: false });
  const today = psql('SELECT paris_today()::text');
  const bt = Number(psql(`SET session_replication_role = replica;
    INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, person_id, contact_name,
                         covered_by, confirmed_at)
    SELECT r.id, false, paris_today(), 'am', s.starts_at, s.ends_at, 'confirmed', 'desk', ${m.id}, 'Test ${m.id}', 'unit', now()
    FROM resource r, slot_range(paris_today(), 'am') s WHERE r.kind = 'open_space' AND r.space_id = 1
    ORDER BY r.sort_order, r.id LIMIT 1 RETURNING id;`));
  await staff.client.get(`/admin/accueil?jour=${today}`);
  const arrived = await staff.client.post('/admin/accueil/arrivee', { id: String(bt), jour: today });
  assert.equal(arrived.status, 303, 'check-in recorded by the staff page');

  // An invoice issued, then paid.
  const inv = Number(psql(`INSERT INTO invoice (organisation_id, person_id, customer_name, customer_email)
    VALUES (1, ${m.id}, 'Client ${TAG}', 'client@example.org') RETURNING id`));
  psql(`INSERT INTO invoice_line (invoice_id, description, quantity_milli, unit_price_cents)
        VALUES (${inv}, 'Demi-journée', 1000, 1500)`);
  psql(`SELECT invoice_issue(${inv}, paris_today())`);
  psql(`INSERT INTO payment (invoice_id, paid_on, amount_cents, method, organisation_id)
        VALUES (${inv}, paris_today(), 1500, 'virement', 1)`);

  // An event published on the staff pages.
  const ev = Number(psql(`INSERT INTO event (space_id, slug, title, summary, category, starts_at, ends_at)
    VALUES (1, 'webhook-${TAG}', 'Atelier ${TAG}', 'Un atelier.', 'atelier', date_trunc('hour', now()) + interval '30 days',
            date_trunc('hour', now()) + interval '30 days 2 hours') RETURNING id`));
  await staff.client.get(`/admin/evenements/${ev}`);
  const pub = await staff.client.post(`/admin/evenements/${ev}/publier`, {});
  assert.ok([200, 303].includes(pub.status), `publishing answered ${pub.status}`);

  const mine = (ds) => ds.filter((d) => [`person:${m.id}`, `booking:${b}`, `booking:${bt}`, `invoice:${inv}`, `event:${ev}`]
    .includes(d.resource_key));
  const { value: ds } = await poll(() => {
    const x = mine(deliveries(ep.id));
    return x.length >= 9 && x.every((d) => d.status === 'delivered') ? x : undefined;
  }, { every: 200, within: 60000 });
  assert.ok(ds, `nine deliveries delivered: ${JSON.stringify(mine(deliveries(ep.id)).map((d) => [d.event_type, d.status, d.last_error]))}`);
  assert.deepEqual(ds.map((d) => d.event_type).sort(), [...ALL].sort(), 'one delivery of each event');
  assertReceivedOnce(r, ds);
  assertOrder(r, ds);
  const got = (type) => r.unique().find((x) => ds.some((d) => d.delivery_id === x.body.id && d.event_type === type)).body;
  assert.equal(got('member.joined').data.membership.id, m1);
  assert.equal(got('membership.renewed').data.membership.id, m2);
  assert.equal(got('booking.created').data.id, b);
  assert.equal(got('booking.changed').data.attendees, 2);
  assert.equal(got('booking.cancelled').data.status, 'cancelled');
  assert.equal(got('checkin.recorded').data.booking_id, bt);
  assert.equal(got('invoice.issued').data.total_cents, 1500);
  assert.match(got('invoice.issued').data.number, /^F[0-9]{4}-[0-9]{5,}$/);
  assert.equal(got('payment.received').data.invoice_id, inv);
  assert.equal(got('event.published').data.id, ev);
  assert.equal(got('event.published').space, 'la-fontaine');
  // The exact bytes stored are the bytes received (the signature covers them).
  for (const d of ds) assert.equal(r.unique().find((x) => x.body.id === d.delivery_id).raw.toString('utf8'), d.body);
  // A rolled-back change sends nothing.
  psql(`BEGIN; UPDATE event SET status = 'draft' WHERE id = ${ev}; UPDATE event SET status = 'published' WHERE id = ${ev}; ROLLBACK;`);
  await sleep(1000);
  assert.equal(mine(deliveries(ep.id)).length, 9, 'a rolled-back change queued nothing');
});

// Publishes n events; returns their ids.
function publishEvents(n, label) {
  const ids = [];
  for (let i = 0; i < n; i++)
    ids.push(Number(psql(`INSERT INTO event (space_id, slug, title, summary, category, starts_at, ends_at, status, published_at)
      VALUES (1, 'wh-${TAG}-${label}-${i}', 'Atelier ${i}', 'Un atelier.', 'atelier', date_trunc('hour', now()) + interval '40 days',
              date_trunc('hour', now()) + interval '40 days 1 hour', 'published', now()) RETURNING id`)));
  return ids;
}

test('the receiver down for a while: retried with back-off, each delivery arrives once, in order', async () => {
  let ep;
  const r = await newReceiver({ secrets: () => secretsOf(ep.id) });
  ep = await register(r.url, ['booking.created', 'booking.changed', 'booking.cancelled', 'event.published'], 'down');
  r.mode = 'fail';
  const m = account('member');
  const day = freeDay();
  const b = Number(psql(`SELECT booking_id FROM desk_book(${m.id}, :'d', 'pm')`, { d: day }));
  psql(`UPDATE booking SET attendees = 2 WHERE id = ${b}`);
  psql(`SELECT desk_cancel(${m.id}, ${b})`);
  publishEvents(3, 'down');
  const { value: tried } = await poll(() => {
    const ds = deliveries(ep.id);
    return ds.length === 6 && ds.filter((d) => d.attempts >= 1 && d.last_http_status).length === 4 ? ds : undefined;
  }, { within: 30000 });
  assert.ok(tried, `the heads were tried: ${JSON.stringify(deliveries(ep.id).map((d) => [d.event_type, d.attempts]))}`);
  const failed = tried.find((d) => d.resource_key === `booking:${b}` && d.event_type === 'booking.created');
  assert.equal(failed.status, 'pending');
  assert.equal(failed.last_http_status, 503);
  assert.ok(failed.due_in > 15 && failed.due_in <= 31, `retried 30 s later (in ${failed.due_in} s)`);
  const later = tried.filter((d) => d.resource_key === `booking:${b}` && d.event_type !== 'booking.created');
  assert.ok(later.every((d) => d.attempts === 0), 'the later deliveries of the booking wait for the first');
  // Down longer: a second failure is pushed back a minute.
  hurry(ep.id);
  await poll(() => deliveries(ep.id).filter((d) => d.attempts >= 2 && d.due_in > 40).length === 4, { within: 20000 });
  const second = deliveries(ep.id).find((d) => d.delivery_id === failed.delivery_id);
  assert.equal(second.attempts, 2);
  assert.ok(second.due_in > 45 && second.due_in <= 61, `then 60 s later (in ${second.due_in} s)`);
  // Up again: everything arrives, once, in order.
  r.mode = 'ok';
  const before = r.requests.length;
  hurry(ep.id);
  const ds = await settled(ep.id, { want: 6 });
  assert.equal(ds.filter((d) => d.status === 'delivered').length, 6);
  const ok = r.requests.slice(before);
  for (const d of ds) assert.equal(ok.filter((x) => x.body.id === d.delivery_id).length, 1, `${d.event_type} delivered once`);
  assert.deepEqual(r.problems, []);
  assertOrder({ unique: () => ok }, ds);
});

test('the deliverer stopped (SIGTERM) and killed (SIGKILL) mid-stream: every delivery arrives, once', async () => {
  let ep;
  const r = await newReceiver({ secrets: () => secretsOf(ep.id) });
  ep = await register(r.url, ['event.published'], 'restart');
  r.delayMs = 300;
  publishEvents(8, 'term');
  await poll(() => r.requests.length >= 2, { within: 30000 });
  const cmd = await stopDeliverer('SIGTERM');
  const atStop = r.requests.length;
  await sleep(800);
  assert.equal(r.requests.length, atStop, 'nothing is sent once the deliverer has stopped');
  assert.ok(deliveries(ep.id).some((d) => d.status === 'pending'), 'some deliveries were left');
  await startDeliverer(cmd);
  let ds = await settled(ep.id, { want: 8 });
  assertReceivedOnce(r, ds);

  // SIGKILL while a delivery is in flight: the claim of a dead deliverer is taken again; the
  // one in flight may arrive twice, with the same Fontaine-Delivery (receivers deduplicate).
  r.delayMs = 1500;
  const before = r.requests.length;
  publishEvents(4, 'kill');
  await poll(() => r.requests.length > before, { within: 30000 });
  const cmd2 = await stopDeliverer('SIGKILL');
  r.delayMs = 0;
  await startDeliverer(cmd2);
  ds = await settled(ep.id, { want: 12 });
  assert.deepEqual(r.problems, []);
  const ids = ds.map((d) => d.delivery_id);
  assert.ok(ds.every((d) => d.status === 'delivered'));
  assert.deepEqual(r.unique().map((x) => x.body.id).sort(), [...ids].sort(), 'each delivery arrived');
  const twice = ids.filter((id) => r.times(id) > 1);
  assert.ok(twice.length <= 1, `at most the one in flight arrived twice (${twice.length})`);
  assert.ok(ids.every((id) => r.times(id) <= 2));
});

test('secret rotation: both secrets sign for a day, the new one is shown once', async () => {
  let ep;
  const r = await newReceiver({ secrets: () => secretsOf(ep.id) });
  ep = await register(r.url, ['event.published'], 'rotate');
  const c = admin.client;
  await c.get(`/admin/webhooks/${ep.id}`);
  const res = await c.post(`/admin/webhooks/${ep.id}/rotation`, {});
  assert.equal(res.status, 200);
  const m = /<code id="secret">(whsec_[0-9a-f]{64})<\/code>/.exec(res.text);
  assert.ok(m, 'the new secret is shown');
  const [cur, prev] = secretsOf(ep.id);
  assert.equal(cur, m[1]);
  assert.equal(prev, ep.secret, 'the previous secret is kept');
  assert.ok(!(await c.get(`/admin/webhooks/${ep.id}`)).text.includes(cur), 'never shown again');
  publishEvents(1, 'rotate');
  const ds = await settled(ep.id, { want: 1 });
  assertReceivedOnce(r, ds);
  const got = r.unique()[0];
  assert.equal(got.sig.v1.length, 2, 'two v1 signatures');
  // Once the previous secret has expired, only the new one signs.
  psql(`UPDATE webhook_endpoint SET previous_expires_at = now() - interval '1 second' WHERE id = ${ep.id}`);
  const only = [cur];
  r.secrets = () => only;
  publishEvents(1, 'rotate2');
  await settled(ep.id, { want: 2 });
  assert.deepEqual(r.problems, []);
  assert.equal(r.unique()[1].sig.v1.length, 1);
});

test('no delivery to a loopback address outside webhooks_allow (127.0.0.2): refused, shown', async () => {
  let ep;
  const r = await newReceiver({ host: '127.0.0.2', secrets: () => secretsOf(ep.id) });
  ep = await register(r.url, ['event.published'], 'ssrf');
  publishEvents(1, 'ssrf');
  const { value } = await poll(() => {
    const d = deliveries(ep.id)[0];
    return d && d.attempts >= 1 && d.last_error ? d : undefined;
  }, { within: 30000 });
  assert.ok(value, 'the delivery was tried');
  assert.match(value.last_error, /adresse refusée : 127\.0\.0\.2 \(loopback/);
  assert.equal(value.status, 'pending');
  await sleep(500);
  assert.equal(r.requests.length, 0, 'the address was never contacted');
  const page = await admin.client.get(`/admin/webhooks/${ep.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /adresse refusée/);
});

test('the webhook pages are the admin\'s: a member and staff get 403', async () => {
  const staff = account('staff', { member: false });
  const member = account('member');
  for (const who of [staff, member]) {
    for (const p of ['/admin/webhooks', '/admin/webhooks/nouveau']) {
      const res = await who.client.get(p);
      assert.equal(res.status, 403, `${p} as ${who === staff ? 'staff' : 'member'}`);
    }
  }
  // The admin sees the list.
  const list = await admin.client.get('/admin/webhooks');
  assert.equal(list.status, 200);
  assert.match(list.text, /Webhooks/);
});

test('retention: a delivery delivered or given up goes 90 days after it was made; a pending one stays', () => {
  const ep = psql(`INSERT INTO webhook_endpoint (space_id, url, events, description, active, disabled_at)
    VALUES (1, 'http://127.0.0.9/retention', ARRAY['event.published'], '${TAG} retention', false, now()) RETURNING id`).split('\n')[0];
  const ids = psql(`INSERT INTO webhook_delivery (endpoint_id, space_id, event_type, resource_key, body, status, created_at, delivered_at)
    VALUES (:'e', 1, 'event.published', 'event:1', '{"old":"delivered"}', 'delivered', now() - interval '91 days', now() - interval '91 days'),
           (:'e', 1, 'event.published', 'event:2', '{"old":"failed"}', 'failed', now() - interval '91 days', NULL),
           (:'e', 1, 'event.published', 'event:3', '{"old":"pending"}', 'pending', now() - interval '91 days', NULL),
           (:'e', 1, 'event.published', 'event:4', '{"recent":"delivered"}', 'delivered', now() - interval '89 days', now() - interval '89 days')
    RETURNING id`, { e: ep }).split('\n');
  const gone = psql(`SELECT deleted FROM cleanup_expired() WHERE what = 'webhook_delivery'`);
  assert.ok(Number(gone) >= 2, `deleted: ${gone}`);
  assert.equal(psql(`SELECT string_agg(resource_key, ',' ORDER BY id) FROM webhook_delivery WHERE id IN (${ids.join(',')})`),
    'event:3,event:4', 'the pending one and the recent one are kept');
  assert.equal(psql(`SELECT count(*) FROM webhook_endpoint WHERE id = :'e'`, { e: ep }), '1', 'the endpoint stays');
  psql(`UPDATE webhook_delivery SET status = 'failed' WHERE id = ${ids[2]}`);
});

// The doorbell (0050): NOTIFY webhook is sent by the first delivery queued after the deliverer
// last updated the queue (a claim, even one that finds nothing), not by every insert, so that
// commits with an endpoint registered do not queue behind each other's NOTIFY. The deliverer
// is stopped meanwhile (its claims would arm the bell); the endpoint is inactive (nothing is
// sent). psql prints each notification after the command whose commit it came with.
test('the deliverer\'s doorbell: one NOTIFY for the first delivery after a claim, none for the next ones', async () => {
  const cmd = await stopDeliverer('SIGTERM');
  try {
    const ep = psql(`INSERT INTO webhook_endpoint (space_id, url, events, description, active, disabled_at)
      VALUES (1, 'http://127.0.0.9/doorbell', ARRAY['event.published'], '${TAG} doorbell', false, now()) RETURNING id`).split('\n')[0];
    const ins = (k) => `INSERT INTO webhook_delivery (endpoint_id, space_id, event_type, resource_key, body)
      VALUES (:'e', 1, 'event.published', 'event:${k}', '{"doorbell":${k}}');`;
    const claim = `UPDATE webhook_delivery SET attempts = attempts WHERE false;`;
    const out = psql(`LISTEN webhook;
      ${claim}
      \\echo first
      ${ins(1)}
      \\echo second
      ${ins(2)}
      \\echo third
      BEGIN; ${ins(3)} ${ins(4)} COMMIT;
      \\echo claimed
      ${claim}
      \\echo after-claim
      BEGIN; ${ins(5)} ${ins(6)} COMMIT;
      \\echo rolled-back
      ${claim}
      BEGIN; ${ins(7)} ROLLBACK;
      \\echo end`, { e: ep });
    const heard = {};
    let at = 'start';
    for (const line of out.split('\n')) {
      if (/^Asynchronous notification "webhook"/.test(line)) heard[at] = (heard[at] || 0) + 1;
      else if (line.trim()) at = line.trim();
    }
    assert.deepEqual(heard, { first: 1, 'after-claim': 1 },
      `NOTIFY after the first insert following a claim only (and none for a rolled-back one):\n${out}`);
    psql(`UPDATE webhook_delivery SET status = 'failed' WHERE endpoint_id = :'e'`, { e: ep });
  } finally {
    await startDeliverer(cmd);
  }
});
