// api_writes.test.mjs: the JSON API's writes and documents through nginx, every answer checked
// against the OpenAPI document (api_lib.mjs): the room and a desk booked for a member with the
// booking pages' rules (an overlap is a 409 with a French message, a closure, the opening
// hours), cancelled; a check-in recorded and listed with the uses; the invoices with the
// stored bytes of their Factur-X XML and PDF; payments and period closings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get, psql } from './lib.mjs';
import { api, makeKey, parisDay } from './api_lib.mjs';

const MEMBER = Number(psql(`SELECT p.id FROM person p WHERE p.status = 'active' AND p.email_verified_at IS NOT NULL
  AND EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id AND m.organisation_id = 1 AND m.status = 'paid')
  ORDER BY p.id LIMIT 1`));

// A weekday from+ days ahead on which fits(day) holds.
async function findDay(from, fits) {
  for (let n = from; n < from + 120; n++) {
    const d = parisDay(n);
    const wd = new Date(`${d}T12:00:00Z`).getUTCDay();
    if (wd === 0 || wd === 6) continue;
    if (await fits(d)) return d;
  }
  throw new Error('no day found');
}

test('the room booked for a member: 201, then the same slot is a 409 with a French message, then cancelled', async () => {
  const w = makeKey(['bookings:write', 'bookings:read']);
  const slot = 'am';
  const day = await findDay(20, async (d) => {
    const av = await api('GET', `/api/v1/resources/salle-de-conference/availability?from=${d}&to=${d}`);
    return av.json.data.some((s) => s.slot === slot && s.state === 'free');
  });
  const body = { resource: 'salle-de-conference', member_id: MEMBER, date: day, slot, attendees: 4,
    purpose: 'Réunion d’équipe' };
  const made = await api('POST', '/api/v1/bookings', { key: w.key, body });
  assert.equal(made.status, 201, made.text);
  const b = made.json;
  assert.equal(b.member_id, MEMBER);
  assert.equal(b.resource, 'salle-de-conference');
  assert.equal(b.date, day);
  assert.ok(['confirmed', 'requested'].includes(b.status));
  assert.equal(made.header('location'), `${new URL(made.header('location')).origin}/api/v1/bookings/${b.id}`);
  assert.equal(psql(`SELECT source || ' ' || person_id FROM booking WHERE id = ${b.id} AND space_id = 1`), `room ${MEMBER}`);
  const av = await api('GET', `/api/v1/resources/salle-de-conference/availability?from=${day}&to=${day}`);
  assert.equal(av.json.data.find((s) => s.slot === slot).state, 'taken');

  const again = await api('POST', '/api/v1/bookings', { key: w.key, body });
  assert.equal(again.status, 409, again.text);
  assert.equal(again.json.error.code, 'slot_taken');
  assert.match(again.json.error.message, /déjà pris/);
  const day2 = await api('POST', '/api/v1/bookings', { key: w.key, body: { ...body, slot: 'day' } });
  assert.equal(day2.status, 409, 'a day overlaps the morning');
  const early = await api('POST', '/api/v1/bookings', { key: w.key,
    body: { ...body, slot: 'hours', starts: '05:00', ends: '06:00' } });
  assert.equal(early.status, 409, early.text);
  assert.equal(early.json.error.code, 'outside_opening_hours');

  const one = await api('GET', `/api/v1/bookings/${b.id}`, { key: w.key });
  assert.deepEqual(one.json, b);
  const listed = await api('GET', `/api/v1/bookings?from=${day}&to=${day}&resource=salle-de-conference&member_id=${MEMBER}`, { key: w.key });
  assert.ok(listed.json.data.some((x) => x.id === b.id));

  const cancelled = await api('POST', `/api/v1/bookings/${b.id}/cancel`, { key: w.key });
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.equal(cancelled.json.status, 'cancelled');
  assert.ok(cancelled.json.cancelled_at);
  assert.equal(psql(`SELECT status FROM booking WHERE id = ${b.id}`), 'cancelled');
  const twice = await api('POST', `/api/v1/bookings/${b.id}/cancel`, { key: w.key });
  assert.equal(twice.status, 409);
  const free = await api('GET', `/api/v1/resources/salle-de-conference/availability?from=${day}&to=${day}`);
  assert.equal(free.json.data.find((s) => s.slot === slot).state, 'free');
  assert.equal((await api('POST', '/api/v1/bookings/999999999/cancel', { key: w.key })).status, 404);
});

test('a closure of the space refuses a booking with a 409', async () => {
  const w = makeKey(['bookings:write']);
  const day = await findDay(150, async (d) => psql(`SELECT count(*) FROM closure WHERE space_id = 1
    AND '${d}' BETWEEN starts_on AND ends_on`) === '0');
  const id = psql(`INSERT INTO closure (starts_on, ends_on, reason, space_id) VALUES ('${day}', '${day}', 'Test API', 1) RETURNING id`);
  try {
    const r = await api('POST', '/api/v1/bookings', { key: w.key,
      body: { resource: 'salle-de-conference', member_id: MEMBER, date: day, slot: 'pm' } });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.error.code, 'closed');
    assert.match(r.json.error.message, /fermée/);
    const hours = await api('GET', `/api/v1/opening-hours?from=${day}&to=${day}`);
    assert.ok(hours.json.closures.some((c) => c.reason === 'Test API'));
  } finally {
    psql(`DELETE FROM closure WHERE id = ${id}`);
  }
});

test('a desk booked for a member (a duplicate is a 409), no check-in before its day, then cancelled', async () => {
  const w = makeKey(['bookings:write', 'uses:write', 'uses:read']);
  const day = await findDay(30, async (d) => psql(`SELECT count(*) FROM booking WHERE person_id = ${MEMBER}
    AND day = '${d}' AND NOT exclusive AND status <> 'cancelled'`) === '0' &&
    psql(`SELECT count(*) FROM closure WHERE space_id = 1 AND '${d}' BETWEEN starts_on AND ends_on`) === '0');
  const made = await api('POST', '/api/v1/bookings', { key: w.key, body: { member_id: MEMBER, date: day, slot: 'pm' } });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.source, 'desk');
  assert.equal(made.json.resource_kind, 'open_space');
  assert.equal(made.json.checked_in_at, null);
  const dup = await api('POST', '/api/v1/bookings', { key: w.key, body: { member_id: MEMBER, date: day, slot: 'pm' } });
  assert.equal(dup.status, 409, dup.text);
  assert.equal(dup.json.error.code, 'already_booked');

  const early = await api('POST', '/api/v1/checkins', { key: w.key, body: { booking_id: made.json.id } });
  assert.equal(early.status, 409, 'no check-in before the day');
  assert.equal(early.json.error.code, 'not_checkable');
  const c = await api('POST', `/api/v1/bookings/${made.json.id}/cancel`, { key: w.key, body: {} });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.status, 'cancelled');
});

test('invoices and credit notes, with the stored bytes of their Factur-X XML and PDF', async () => {
  const k = makeKey(['invoices:read']);
  const [inv] = JSON.parse(psql(`SELECT json_agg(t) FROM (SELECT id, public_token, number FROM invoice
    WHERE organisation_id = 1 AND status <> 'draft' ORDER BY id LIMIT 1) t`));
  const list = await api('GET', '/api/v1/invoices?limit=100', { key: k.key });
  assert.equal(list.status, 200);
  assert.equal(list.json.data.length, Math.min(100, Number(psql(`SELECT count(*) FROM invoice WHERE organisation_id = 1 AND status <> 'draft'`))));
  assert.ok(list.json.data.every((i) => i.number && i.currency === 'EUR'));
  const credit = await api('GET', '/api/v1/invoices?kind=credit_note', { key: k.key });
  assert.ok(credit.json.data.every((i) => i.kind === 'credit_note' && i.corrects_id));
  const one = await api('GET', `/api/v1/invoices/${inv.id}`, { key: k.key });
  assert.equal(one.json.number, inv.number);
  const draft = psql(`SELECT id FROM invoice WHERE organisation_id = 1 AND status = 'draft' LIMIT 1`);
  if (draft) assert.equal((await api('GET', `/api/v1/invoices/${draft}`, { key: k.key })).status, 404, 'a draft is not served');

  if (psql(`SELECT count(*) FROM invoice_frozen WHERE invoice_id = ${inv.id}`) === '0') {
    const early = await api('GET', `/api/v1/invoices/${inv.id}.xml`, { key: k.key });
    assert.equal(early.status, 409);
    assert.equal(early.json.error.code, 'not_frozen');
    // The customer's link freezes the document (the invoice program renders it once).
    assert.equal((await get(`/factures/${inv.public_token}.xml`)).status, 200);
  }
  for (const [ext, type, magic] of [['xml', 'application/xml', '<?xml'], ['pdf', 'application/pdf', '%PDF']]) {
    const r = await api('GET', `/api/v1/invoices/${inv.id}.${ext}`, { key: k.key });
    assert.equal(r.status, 200, r.text.slice(0, 200));
    assert.equal(r.header('content-type'), type);
    assert.equal(r.body.subarray(0, magic.length).toString('latin1'), magic);
    const stored = psql(`SELECT encode(${ext}, 'hex') || ' ' || ${ext}_sha256 FROM invoice_frozen WHERE invoice_id = ${inv.id}`).split(' ');
    assert.equal(r.body.toString('hex'), stored[0], `${ext}: the stored bytes`);
    assert.equal(r.header('etag'), `"${stored[1]}"`);
    const again = await api('GET', `/api/v1/invoices/${inv.id}.${ext}`, { key: k.key, headers: { 'If-None-Match': r.header('etag') } });
    assert.equal(again.status, 304);
  }
});

test('payments and period closings', async () => {
  const k = makeKey(['payments:read', 'closings:read']);
  const pay = await api('GET', '/api/v1/payments?limit=100', { key: k.key });
  assert.equal(pay.status, 200);
  assert.equal(pay.json.data.reduce((s, p) => s + p.amount_cents, 0),
    Number(psql('SELECT coalesce(sum(amount_cents), 0) FROM (SELECT amount_cents FROM payment WHERE organisation_id = 1 ORDER BY id LIMIT 100) p')));
  const day = pay.json.data[0] && pay.json.data[0].paid_on;
  if (day) {
    const some = await api('GET', `/api/v1/payments?from=${day}&to=${day}`, { key: k.key });
    assert.ok(some.json.data.length >= 1 && some.json.data.every((p) => p.paid_on === day));
  }
  const cl = await api('GET', '/api/v1/closings?limit=100', { key: k.key });
  assert.equal(cl.status, 200);
  assert.equal(cl.json.data.length, Math.min(100, Number(psql('SELECT count(*) FROM period_closing WHERE organisation_id = 1'))));
});

test('a check-in recorded on the day (uses:write), refused twice, listed with the check-ins and the uses', async () => {
  const w = makeKey(['uses:write', 'uses:read']);
  const today = parisDay(0);
  // A desk booked earlier for today, written as it stands (bookings start in the future: the
  // booking rules would refuse to make it now): the superuser, its triggers off for this one
  // row, without a person so that no member's half-day is taken.
  const id = Number(psql(`SET session_replication_role = replica;
INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, contact_name,
    price_cents, covered_by, space_id, price_kind, confirmed_at)
SELECT r.id, false, DATE '${today}', 'am', (DATE '${today}' + time '08:30') AT TIME ZONE 'Europe/Paris',
    (DATE '${today}' + time '12:30') AT TIME ZONE 'Europe/Paris', 'confirmed', 'desk', 'Test API',
    0, 'unit', 1, 'non_member', now() - interval '1 day'
FROM resource r WHERE r.slug = 'open-space' RETURNING id;`).split('\n').pop());
  const ci = await api('POST', '/api/v1/checkins', { key: w.key, body: { booking_id: id } });
  assert.equal(ci.status, 201, ci.text);
  assert.ok(ci.json.checked_in_at);
  assert.equal(psql(`SELECT checked_in_at IS NOT NULL FROM booking WHERE id = ${id}`), 't');
  const twice = await api('POST', '/api/v1/checkins', { key: w.key, body: { booking_id: id } });
  assert.equal(twice.status, 409);
  assert.equal(twice.json.error.code, 'not_checkable');
  const room = psql("SELECT id FROM booking WHERE exclusive AND space_id = 1 AND status = 'confirmed' LIMIT 1");
  if (room) assert.equal((await api('POST', '/api/v1/checkins', { key: w.key, body: { booking_id: Number(room) } })).status, 409,
    'the room is not checked in');
  assert.equal((await api('POST', '/api/v1/checkins', { key: w.key, body: { booking_id: 'x' } })).status, 422);
  assert.equal((await api('POST', '/api/v1/checkins', { key: w.key, body: { booking_id: 999999999 } })).status, 422);
  const list = await api('GET', `/api/v1/checkins?from=${today}&to=${today}&limit=100`, { key: w.key });
  assert.ok(list.json.data.some((b) => b.id === id && b.checked_in_at));
  const uses = await api('GET', `/api/v1/uses?from=${today}&to=${today}&limit=100`, { key: w.key });
  assert.ok(uses.json.data.some((u) => u.booking_id === id && u.slot === 'am' && u.kind === 'open_space'),
    JSON.stringify(uses.json.data));
});

test('Idempotency-Key: a retried write is answered again without a second booking; another body under the key is a 422', async () => {
  const w = makeKey(['bookings:write']);
  const day = await findDay(40, async (d) => psql(`SELECT count(*) FROM booking WHERE person_id = ${MEMBER}
    AND day = '${d}' AND NOT exclusive AND status <> 'cancelled'`) === '0' &&
    psql(`SELECT count(*) FROM closure WHERE space_id = 1 AND '${d}' BETWEEN starts_on AND ends_on`) === '0');
  const idem = `test-${process.pid}-${Date.now()}`;
  const body = { member_id: MEMBER, date: day, slot: 'am' };
  const first = await api('POST', '/api/v1/bookings', { key: w.key, body, headers: { 'Idempotency-Key': idem } });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.header('idempotent-replayed'), undefined);
  const again = await api('POST', '/api/v1/bookings', { key: w.key, body, headers: { 'Idempotency-Key': idem } });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.header('idempotent-replayed'), 'true');
  assert.deepEqual(again.json, first.json);
  assert.equal(again.header('location'), first.header('location'));
  assert.equal(psql(`SELECT count(*) FROM booking WHERE person_id = ${MEMBER} AND day = '${day}' AND status = 'confirmed'`), '1');
  const other = await api('POST', '/api/v1/bookings', { key: w.key, body: { ...body, slot: 'pm' },
    headers: { 'Idempotency-Key': idem } });
  assert.equal(other.status, 422);
  assert.equal(other.json.error.code, 'idempotency_key_reused');
  // Without the key, the same body is a new request: the rule says it is booked already.
  assert.equal((await api('POST', '/api/v1/bookings', { key: w.key, body })).status, 409);
  // Another key's Idempotency-Key space is its own.
  const w2 = makeKey(['bookings:write']);
  const mine = await api('POST', '/api/v1/bookings', { key: w2.key, body, headers: { 'Idempotency-Key': idem } });
  assert.equal(mine.status, 409, 'runs (and meets the rule), not replayed');
  assert.equal(mine.header('idempotent-replayed'), undefined);
  const bad = await api('POST', '/api/v1/bookings', { key: w.key, body, headers: { 'Idempotency-Key': 'x'.repeat(201) } });
  assert.equal(bad.status, 400);
  const cancelKey = `${idem}-cancel`;
  for (const replayed of [undefined, 'true']) {
    const c = await api('POST', `/api/v1/bookings/${first.json.id}/cancel`, { key: w.key, headers: { 'Idempotency-Key': cancelKey } });
    assert.equal(c.status, 200, c.text);
    assert.equal(c.header('idempotent-replayed'), replayed);
  }
  const uses = Number(psql(`SELECT count(*) FROM api_key_use WHERE key_id = ${w.id}`));
  assert.equal(uses, 7, 'each call is recorded once');
});
