// plans_kept.test.mjs: a page's statements are planned once per worker, not at every request
// (issue 16). Each program prepares its statements once per connection; PostgreSQL plans the
// first five executions for their parameters, then keeps a generic plan unless its estimated
// cost is higher than theirs. A range of parameters (day BETWEEN $2 AND $3) gets a default
// share of the table as its generic estimate: once the table holds years of rows, the plan for
// the given days looks cheaper and PostgreSQL plans the statement again at every execution,
// which was most of the time of the week's page with ten years of bookings (0.4 ms a request).
//
// The judge is PostgreSQL's own count: pg_stat_statements (loaded in the test cluster with
// track_planning, ./dev) counts the plans and the calls of each statement. The table of the
// week's stamp is given ten years of days first (the shape that made the difference), with
// its statistics (vacuumed and analysed here, so that autovacuum has nothing left to do on it
// meanwhile); the days are past ones, which no page shows.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { get, psql, staffGet } from './lib.mjs';

// A session cookie of the wrong shape: nginx's micro-cache is bypassed, no session is read.
const BYPASS = { Cookie: 'session=plans-kept' };
const WORKERS = 4; // ./dev's workers per program (the warm-up passes each one's first five)
const REQUESTS = 400;

// The test cluster counts plans: pg_stat_statements loaded with track_planning (./dev, pg_start
// fast), its view created in the database.
before(() => {
  assert.equal(psql("SELECT current_setting('shared_preload_libraries') LIKE '%pg_stat_statements%'"), 't',
    'the test cluster loads pg_stat_statements (./dev, pg_start fast)');
  assert.equal(psql("SELECT current_setting('pg_stat_statements.track_planning')"), 'on',
    'pg_stat_statements.track_planning is on in the test cluster');
  psql('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
});

// The plans and calls of the statements whose text is like `like` over n answers of fetch(),
// once every worker's connection is past its first five executions (counted from zero then).
async function plansOver(n, fetch, like) {
  for (let i = 0; i < 8 * WORKERS; i++) assert.equal((await fetch()).status, 200);
  psql('SELECT pg_stat_statements_reset()');
  for (let i = 0; i < n; i++) assert.equal((await fetch()).status, 200);
  const row = psql(`SELECT coalesce(sum(calls), 0) || '|' || coalesce(sum(plans), 0) FROM pg_stat_statements
    WHERE query LIKE :'q'`, { q: like });
  const [calls, plans] = row.split('|').map(Number);
  return { calls, plans };
}

test('the week of a resource is not planned again at every request, with years of rows', async () => {
  psql(`INSERT INTO availability_version (resource_id, day)
    SELECT r.id, d::date FROM resource r,
           generate_series(current_date - 3650, current_date - 60, interval '1 day') d
    ON CONFLICT (resource_id, day) DO NOTHING;
    VACUUM (ANALYZE) availability_version;`);
  const room = psql("SELECT slug FROM resource WHERE space_id = 1 AND kind = 'meeting_room' AND active ORDER BY sort_order, id LIMIT 1");
  const week = psql("SELECT to_char(current_date + 21, 'IYYY-\"W\"IW')");
  const page = `/disponibilites/${room}?semaine=${week}`;
  const stamp = await plansOver(REQUESTS, () => get(page, { headers: BYPASS }),
    '%FROM availability_version v WHERE v.resource_id = r.id%');
  assert.ok(stamp.calls >= REQUESTS, `the week's stamp ran at every request (${stamp.calls} calls)`);
  // A kept plan is made again when something it depends on changes (an ANALYZE of its tables,
  // autovacuum's among them, while the other tests write), and then planned for the parameters
  // five times again: up to six plans per worker for each such change (32 plans in 120 calls
  // were seen in CI), never one a request (the statement of 431be8b: as many plans as calls).
  assert.ok(stamp.plans * 4 <= stamp.calls,
    `the week's stamp is kept planned, not planned again at every request: ${stamp.plans} plans for ${stamp.calls} calls`);
});

test('the dashboard\'s funding chart is not planned again at every page', async () => {
  const as = await staffGet();
  const pages = 160;
  const funding = await plansOver(pages, () => as('/admin/tableau-de-bord'), '%FROM funding WHERE period_start >=%');
  assert.ok(funding.calls >= pages, `the funding chart ran at every page (${funding.calls} calls)`);
  assert.ok(funding.plans * 4 <= funding.calls,
    `the funding chart is kept planned, not planned again at every page: ${funding.plans} plans for ${funding.calls} calls`);
});
