// space_calendar.test.mjs: the open half-days kept per space (schema/0057, read by the
// dashboard through space_open_halfdays) are at every moment what the computation from the
// opening hours, the whole-space closures and the public holidays gives (space_calendar_compute,
// 0039's function), over the whole range kept, for every space: as found, after a closure is
// added, moved, deleted, added with the rules off (replica mode), after a closure of one
// resource (no change), after the opening hours change, and when two writers of one space meet
// (the second waits for the first and sees its closure). Days far ahead (2033), tagged, removed
// at the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { psql, poll, PGHOST, DB, openTransaction } from './lib.mjs';

const TAG = `Calendrier ${process.pid}-${Date.now()}`;
const COMPUTED = `SELECT s.id AS space_id, c.day, c.slot FROM space s, space_calendar_range() r,
  space_calendar_compute(s.id, r.from_day, r.to_day) c`;
const DIFF = `SELECT count(*) FROM ((${COMPUTED} EXCEPT ALL SELECT space_id, day, slot FROM space_calendar)
  UNION ALL (SELECT space_id, day, slot FROM space_calendar EXCEPT ALL ${COMPUTED})) x`;
const same = (what) => assert.equal(psql(DIFF), '0', `${what}: the kept calendar is the computed one`);
// Open half-days of a space over days from ≤ day < to, as the dashboard reads them.
const open = (space, from, to) => Number(psql(`SELECT count(*) FROM space_open_halfdays(${space}::smallint, :'f', :'t')`,
  { f: from, t: to }));
const computed = (space, from, to) => Number(psql(`SELECT count(*) FROM space_calendar_compute(${space}::smallint, :'f', :'t')`,
  { f: from, t: to }));
const plus = (d, n) => psql(`SELECT (:'d'::date + ${n})::text`, { d });

// A Tuesday of 2033 whose week (Tuesday to Friday) has no public holiday and no closure.
const TUESDAY = psql(`SELECT d::date::text FROM generate_series(date '2033-02-01', date '2033-11-30', interval '1 day') d
  WHERE extract(isodow FROM d) = 2
    AND NOT EXISTS (SELECT 1 FROM fr_public_holidays(d::date, d::date + 3))
    AND NOT EXISTS (SELECT 1 FROM closure c WHERE c.starts_on <= d::date + 3 AND c.ends_on >= d::date)
  ORDER BY d LIMIT 1`);

test.after(() => {
  psql(`DELETE FROM closure WHERE reason LIKE :'t' || '%'`, { t: TAG });
});

test('the kept calendar follows closures: added, moved, of one resource, with the rules off, deleted', () => {
  const d = TUESDAY, end = plus(d, 3);
  assert.ok(d, 'a free week of 2033');
  same('as found');
  const week1 = open(1, d, end), week2 = open(2, d, end);
  assert.ok(week1 >= 6, `La Fontaine is open that week (${week1} half-days)`);
  assert.equal(week1, computed(1, d, end));

  psql(`INSERT INTO closure (starts_on, ends_on, reason, space_id) VALUES (:'d', :'e', :'r', 1)`,
    { d, e: plus(d, 2), r: `${TAG} fermeture` });
  same('a closure of three days added');
  assert.equal(open(1, d, end), 0, 'the three days are closed');
  assert.equal(open(2, d, end), week2, 'La Grange is not');

  psql(`UPDATE closure SET ends_on = starts_on WHERE reason = :'r'`, { r: `${TAG} fermeture` });
  same('the closure cut to one day');
  assert.equal(open(1, d, end), computed(1, d, end));
  assert.ok(open(1, d, end) > 0, 'two days open again');

  const rows = psql('SELECT count(*) FROM space_calendar WHERE space_id = 1');
  psql(`INSERT INTO closure (starts_on, ends_on, reason, space_id, resource_id)
    VALUES (:'d', :'e', :'r', 1, (SELECT id FROM resource WHERE space_id = 1 AND active ORDER BY sort_order, id LIMIT 1))`,
  { d: plus(d, 1), e: plus(d, 2), r: `${TAG} ressource` });
  same('a closure of one resource');
  assert.equal(psql('SELECT count(*) FROM space_calendar WHERE space_id = 1'), rows, 'the space\'s calendar is unchanged');

  psql(`SET session_replication_role = replica;
    INSERT INTO closure (starts_on, ends_on, reason, space_id) VALUES (:'d', :'d', :'r', 1);`,
  { d: plus(d, 2), r: `${TAG} réplique` });
  same('a closure added with the rules off');

  psql(`DELETE FROM closure WHERE reason LIKE :'t' || '%'`, { t: TAG });
  same('the closures deleted');
  assert.equal(open(1, d, end), week1, 'the week is open again');
});

test('the kept calendar follows the opening hours and the half-day slots (changes rolled back)', () => {
  assert.ok(Number(psql(`SELECT count(*) FROM space_calendar WHERE space_id = 2 AND extract(isodow FROM day) = 3`)) > 0,
    'La Grange opens on Wednesdays');
  const out = psql(`
    BEGIN;
    DELETE FROM opening_hours WHERE space_id = 2 AND weekday = 3;
    SELECT 'no wednesdays ' || (${DIFF}) || ' ' || (SELECT count(*) FROM space_calendar WHERE space_id = 2 AND extract(isodow FROM day) = 3);
    DELETE FROM opening_hours WHERE space_id = 1 AND weekday = 2;
    SELECT 'no tuesdays ' || (${DIFF}) || ' ' || (SELECT count(*) FROM space_calendar WHERE space_id = 1 AND extract(isodow FROM day) = 2);
    UPDATE halfday_slot SET starts = time '14:30' WHERE slot = 'pm';
    SELECT 'slots ' || (${DIFF});
    ROLLBACK;`);
  assert.match(out, /^no wednesdays 0 0$/m);
  assert.match(out, /^no tuesdays 0 0$/m);
  assert.match(out, /^slots 0$/m);
  same('after the rollback');
});

test('two writers of one space: the second waits for the first and sees its closure', async () => {
  const d = plus(TUESDAY, 7), end = plus(d, 1);
  // A closure already there, which the second writer deletes while the first adds one the same day.
  psql(`INSERT INTO closure (starts_on, ends_on, reason, space_id) VALUES (:'d', :'d', :'r', 1)`, { d, r: `${TAG} ancienne` });
  same('the old closure');
  assert.equal(open(1, d, end), 0);
  const first = openTransaction(`INSERT INTO closure (starts_on, ends_on, reason, space_id) VALUES ('${d}', '${d}', '${TAG} nouvelle', 1);`);
  let second;
  try {
    assert.ok(await first.written, 'the first writer has written');
    second = new Promise((resolve) => {
      const p = spawn('/usr/bin/psql', ['-X', '-q', '-At', '-h', PGHOST, '-U', 'postgres', '-d', DB, '-v', 'ON_ERROR_STOP=1',
        '-c', `DELETE FROM closure WHERE reason = '${TAG} ancienne'`], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr.on('data', (b) => { err += b; });
      p.on('exit', (code) => resolve({ code, err }));
    });
    // The second waits (its calendar's lock, or the shared data's version) while the first is open.
    const waits = await poll(() => psql(`SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'
      AND query LIKE 'DELETE FROM closure WHERE reason = %'`) === '1', { every: 20, within: 5000 });
    assert.ok(waits.value, 'the second writer waits for the first');
    await first.end('COMMIT');
  } finally {
    await first.end('ROLLBACK');
  }
  const r = await second;
  assert.equal(r.code, 0, r.err);
  same('after both writers');
  assert.equal(open(1, d, end), 0, 'the day stays closed: the new closure covers it');
});

test('a window outside the kept range is computed', () => {
  assert.equal(open(1, '2041-03-01', '2041-04-01'), computed(1, '2041-03-01', '2041-04-01'));
  assert.ok(open(1, '2041-03-01', '2041-04-01') > 0);
  assert.equal(open(1, '2014-12-20', '2015-01-10'), computed(1, '2014-12-20', '2015-01-10'));
});
