// availability_reasons.test.mjs: availability() (schema/0059) gives each day the reason
// closed_reason(day, resource) gives, which every booking checks: for every resource of every
// space and every half-day of a year, its reason is closed_reason's (or 'Fermé' for a free
// slot, as before), and a day closed for a reason is never offered. The year (2034) holds, in
// a transaction rolled back: a closure of each space, one of a single resource, two closures
// that overlap (the first by id wins), closures of the other space on the same days, public
// holidays, and the weekdays without opening hours; each kind is checked to occur.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { psql } from './lib.mjs';

const TAG = `Raison ${process.pid}`;

test('availability gives every day the reason closed_reason gives, for every resource', () => {
  const out = psql(`BEGIN;
INSERT INTO closure (space_id, resource_id, starts_on, ends_on, reason)
SELECT s.id, NULL, d::date, d::date + 4, '${TAG} : fermeture du lieu ' || s.slug
FROM space s, (VALUES (date '2034-03-06'), (date '2034-10-16')) v (d);
-- One resource of the default space alone, then two closures that overlap (ids in order).
INSERT INTO closure (space_id, resource_id, starts_on, ends_on, reason)
SELECT r.space_id, r.id, date '2034-05-15', date '2034-05-19', '${TAG} : travaux ' || r.slug
FROM resource r WHERE r.space_id = (SELECT id FROM space WHERE is_default) ORDER BY r.id LIMIT 1;
INSERT INTO closure (space_id, resource_id, starts_on, ends_on, reason)
SELECT id, NULL, date '2034-06-12', date '2034-06-16', '${TAG} : première' FROM space WHERE is_default;
INSERT INTO closure (space_id, resource_id, starts_on, ends_on, reason)
SELECT id, NULL, date '2034-06-14', date '2034-06-21', '${TAG} : seconde' FROM space WHERE is_default;
CREATE TEMP TABLE cell ON COMMIT DROP AS
SELECT r.id AS resource_id, a.day, a.slot, a.state, a.reason,
       closed_reason(a.day, r.id) AS expected
FROM resource r CROSS JOIN LATERAL availability(r.id, date '2034-01-01', date '2034-12-31') a;
SELECT json_build_object(
  'cells', (SELECT count(*) FROM cell),
  'resources', (SELECT count(DISTINCT resource_id) FROM cell),
  'all_resources', (SELECT count(*) FROM resource),
  'wrong_reason', (SELECT count(*) FROM cell WHERE reason IS DISTINCT FROM coalesce(expected, 'Fermé')),
  'closed_offered', (SELECT count(*) FROM cell WHERE expected IS NOT NULL AND state = 'free'),
  'space', (SELECT count(*) FROM cell WHERE expected LIKE '${TAG} : fermeture du lieu %'),
  'one_resource', (SELECT count(*) FROM cell WHERE expected LIKE '${TAG} : travaux %'),
  'first', (SELECT count(*) FROM cell WHERE expected = '${TAG} : première' AND day BETWEEN '2034-06-14' AND '2034-06-16'),
  'second', (SELECT count(*) FROM cell WHERE expected = '${TAG} : seconde' AND day BETWEEN '2034-06-14' AND '2034-06-16'),
  'holiday', (SELECT count(*) FROM cell WHERE expected = fr_public_holiday(day)),
  'no_hours', (SELECT count(*) FROM cell WHERE expected = 'Fermé'),
  'open', (SELECT count(*) FROM cell WHERE expected IS NULL));
ROLLBACK;`);
  const r = JSON.parse(out.split('\n').find((l) => l.startsWith('{')));
  assert.equal(r.resources, r.all_resources, 'every resource');
  assert.ok(r.cells >= r.all_resources * 365 * 2, `every half-day of the year (${r.cells})`);
  assert.equal(r.wrong_reason, 0, 'the reason of every cell is closed_reason\'s');
  assert.equal(r.closed_offered, 0, 'no day closed for a reason is offered');
  for (const k of ['space', 'one_resource', 'first', 'holiday', 'no_hours', 'open']) {
    assert.ok(r[k] > 0, `the year has cells of the kind "${k}" (${JSON.stringify(r)})`);
  }
  assert.equal(r.second, 0, 'where two closures overlap, the first one\'s reason');
  assert.equal(psql(`SELECT count(*) FROM closure WHERE reason LIKE '${TAG}%'`), '0', 'rolled back');
});
