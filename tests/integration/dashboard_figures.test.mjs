// dashboard_figures.test.mjs: every figure of the staff dashboard's charts (their CSVs, made by
// the same code as the page's tables) equals the figure computed the old way, by a reference
// query in this file over the raw tables (use_halfday_all, which expands bookings and leases
// day by day through closed_reason(); every invoice line; every grant), for La Fontaine
// (space 1, organisation 1). The dashboard reads counters kept as data changes (use_tally,
// income_tally) and the calendar of the window shown (schema/0031, 0039): this test is what
// says they give the same answers. Compared on the data present, then after adding desk uses
// (walk-ins, a no-show, a cancellation), room bookings by the day and by the hour, a lease with
// an office closure, a closure of the space, invoices of every kind and a payment; then again
// after corrections (a credit note, a use cancelled, a room booking moved, the lease ended).
// Months compared: the data's month and the next, this month and the next (open leases run
// to the end of next month), each with its 12-month and 3-month windows and 5 years of grants.
// The data goes into a past year (2018), on a day found free, so the test can run twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { psql, psqlRows, openTransaction, staffGet } from './lib.mjs';

// The values of a chart's CSV: one array of cells per row, the row label left out.
function csvValues(res, what) {
  assert.equal(res.status, 200, what);
  const lines = res.text.replace(/^\ufeff/, '').split('\r\n');
  assert.equal(lines.pop(), '', `${what} ends with a line break`);
  return lines.slice(1).map((l) => l.split(';').slice(1));
}

// A value as the CSV writes it: cents as "1234,50", counts as digits, nothing for a gap.
const money = (c) => {
  const n = BigInt(c);
  const a = n < 0n ? -n : n;
  return `${n < 0n ? '-' : ''}${a / 100n},${String(a % 100n).padStart(2, '0')}`;
};
const cell = (v) => (v === null ? '' : String(v));

// The occupancy in percent as the page computes it: used / (open × seats), rounded; none
// when the resource was never open.
const OCCUPANCY = `CASE WHEN o.open <= 0 THEN NULL
    ELSE (u.used * 100 + (o.open * CASE WHEN r.kind = 'open_space' AND r.capacity > 0 THEN r.capacity ELSE 1 END) / 2)
         / (o.open * CASE WHEN r.kind = 'open_space' AND r.capacity > 0 THEN r.capacity ELSE 1 END) END`;
// The open half-days of resource r on day d.d, the old way (closed_reason per resource and day).
const OPEN_OLD = `closed_reason(d.d::date, r.id) IS NULL AND EXISTS (SELECT 1 FROM opening_hours oh
    WHERE oh.space_id = 1 AND oh.weekday = extract(isodow FROM d.d) AND oh.opens < s.ends AND oh.closes > s.starts)`;

const reference = {
  'utilisations-jour': (m) => psqlRows(`
    SELECT (SELECT count(*) FROM use_halfday_all u WHERE u.space_id = 1 AND u.day = g.d::date) AS n
    FROM generate_series(date :'m', date :'m' + interval '1 month' - interval '1 day', interval '1 day') g (d)
    ORDER BY g.d`, { m }).map((x) => [cell(x.n)]),
  'utilisations-mois': (m) => psqlRows(`
    SELECT (SELECT count(*) FROM use_halfday_all u WHERE u.space_id = 1 AND u.day >= g.m::date
              AND u.day < (g.m + interval '1 month')::date) AS n, use_target_of(g.m::date, 1::smallint) AS target
    FROM generate_series(date :'m' - interval '11 months', date :'m', interval '1 month') g (m) ORDER BY g.m`, { m })
    .map((x) => [cell(x.n), cell(x.target)]),
  occupation: (m) => {
    const rows = psqlRows(`
      SELECT r.id, g.m, ${OCCUPANCY} AS pct
      FROM resource r CROSS JOIN generate_series(date :'m' - interval '11 months', date :'m', interval '1 month') g (m)
      CROSS JOIN LATERAL (SELECT count(*) AS used FROM use_halfday_all x WHERE x.resource_id = r.id
                          AND x.day >= g.m::date AND x.day < (g.m + interval '1 month')::date) u
      CROSS JOIN LATERAL (SELECT count(*) AS open FROM generate_series(g.m, g.m + interval '1 month' - interval '1 day',
                          interval '1 day') d (d) CROSS JOIN halfday_slot s WHERE ${OPEN_OLD}) o
      WHERE r.active AND r.space_id = 1 ORDER BY g.m, r.sort_order, r.id`, { m });
    const byMonth = [];
    for (const x of rows) {
      if (!byMonth.length || byMonth.at(-1).m !== x.m) byMonth.push({ m: x.m, cells: [] });
      byMonth.at(-1).cells.push(cell(x.pct));
    }
    return byMonth.map((b) => b.cells);
  },
  'occupation-semaine': (m) => {
    const rows = psqlRows(`
      WITH days AS (SELECT d::date AS d FROM generate_series(date :'m' - interval '2 months',
                    date :'m' + interval '1 month' - interval '1 day', interval '1 day') d),
      cells AS (
        SELECT r.id, r.sort_order, r.kind, r.capacity, w.dow, s.slot, s.starts,
               (SELECT count(*) FROM use_halfday_all x WHERE x.resource_id = r.id AND x.slot = s.slot
                  AND extract(isodow FROM x.day) = w.dow AND x.day >= date :'m' - interval '2 months'
                  AND x.day < date :'m' + interval '1 month') AS used,
               (SELECT count(*) FROM days d WHERE extract(isodow FROM d.d) = w.dow AND ${OPEN_OLD}) AS open
        FROM resource r CROSS JOIN generate_series(1, 7) w (dow) CROSS JOIN halfday_slot s
        WHERE r.active AND r.space_id = 1)
      SELECT c.id, c.dow, c.slot, ${OCCUPANCY.replaceAll('u.used', 'c.used').replaceAll('o.open', 'c.open').replaceAll('r.', 'c.')} AS pct,
             bool_or(c.open > 0) OVER (PARTITION BY c.dow) AS shown
      FROM cells c ORDER BY c.sort_order, c.id, c.dow, c.starts`, { m });
    const out = [];
    for (const x of rows.filter((y) => y.shown)) {
      const last = out.at(-1);
      if (last && last.id === x.id && last.dow === x.dow) last.cells.push(cell(x.pct));
      else out.push({ id: x.id, dow: x.dow, cells: [cell(x.pct)] });
    }
    return out.map((o) => o.cells);
  },
  recettes: (m) => psqlRows(`
    SELECT to_char(g.m, 'YYYY-MM') AS m,
      coalesce(sum(x.net) FILTER (WHERE x.k = 'membership'), 0) AS a,
      coalesce(sum(x.net) FILTER (WHERE x.k = 'formula'), 0) AS b,
      coalesce(sum(x.net) FILTER (WHERE x.k = 'unit'), 0) AS c,
      coalesce(sum(x.net) FILTER (WHERE x.k = 'office'), 0) AS d,
      coalesce(sum(x.net) FILTER (WHERE x.k = 'room'), 0) AS e,
      coalesce(sum(x.net) FILTER (WHERE x.k = 'other'), 0) AS f
    FROM generate_series(date :'m' - interval '11 months', date :'m', interval '1 month') g (m)
    LEFT JOIN (SELECT date_trunc('month', i.issue_date)::date AS m,
        CASE WHEN l.kind <> 'coworking' THEN l.kind
             WHEN coalesce(l.source_key, (SELECT o.source_key FROM invoice_line o WHERE i.kind = 'credit_note'
                  AND o.invoice_id = i.corrects_id AND o.position = l.position AND o.kind = l.kind ORDER BY o.id LIMIT 1))
                  LIKE 'formula:%' THEN 'formula' ELSE 'unit' END AS k,
        CASE i.kind WHEN 'credit_note' THEN -l.net_cents ELSE l.net_cents END AS net
      FROM invoice i JOIN invoice_line l ON l.invoice_id = i.id
      WHERE i.organisation_id = 1 AND i.status <> 'draft') x ON x.m = g.m::date
    GROUP BY g.m ORDER BY g.m`, { m }).map((x) => [x.a, x.b, x.c, x.d, x.e, x.f].map(money)),
  financement: (m) => psqlRows(`
    SELECT y.y,
      (SELECT coalesce(sum(f.amount_cents), 0) FROM funding f WHERE f.organisation_id = 1 AND f.public
         AND f.status <> 'requested' AND extract(year FROM f.period_start) = y.y) AS pub,
      (SELECT coalesce(sum(f.amount_cents), 0) FROM funding f WHERE f.organisation_id = 1 AND NOT f.public
         AND f.status <> 'requested' AND extract(year FROM f.period_start) = y.y) AS priv,
      (SELECT coalesce(sum(CASE i.kind WHEN 'credit_note' THEN -i.net_cents ELSE i.net_cents END), 0) FROM invoice i
        WHERE i.organisation_id = 1 AND i.status <> 'draft' AND extract(year FROM i.issue_date) = y.y) AS sales
    FROM generate_series(extract(year FROM date :'m')::int - 4, extract(year FROM date :'m')::int) y (y)
    ORDER BY y.y`, { m }).map((x) => [x.pub, x.priv, x.sales].map(money)),
  membres: (m) => membersReference(m),
};

// The members chart over the raw tables (organisation 1): per profile, at the month's last
// day or today, members covered that day (account active or pending), first memberships
// started in the 12 months before, departures (last membership ended in them, account closing
// or closed). Counted person by person, not through members_chart() (schema/0055).
function membersReference(m) {
  return psqlRows(`
    WITH ref AS (SELECT least(paris_today(), (date :'m' + interval '1 month' - interval '1 day')::date) AS d),
    pm AS (SELECT p.id, p.profile, p.status,
             EXISTS (SELECT 1 FROM membership x, ref WHERE x.person_id = p.id AND x.organisation_id = 1
                     AND x.status <> 'cancelled' AND ref.d BETWEEN x.starts_on AND x.ends_on) AS covered,
             (SELECT min(x.starts_on) FROM membership x WHERE x.person_id = p.id AND x.organisation_id = 1 AND x.status <> 'cancelled') AS first_start,
             (SELECT max(x.ends_on) FROM membership x WHERE x.person_id = p.id AND x.organisation_id = 1 AND x.status <> 'cancelled') AS last_end
           FROM person p WHERE p.role = 'member'
             AND EXISTS (SELECT 1 FROM membership x WHERE x.person_id = p.id AND x.organisation_id = 1 AND x.status <> 'cancelled'))
    SELECT pr.o,
      (SELECT count(*) FROM pm WHERE pm.profile = pr.profile AND pm.covered AND pm.status IN ('active', 'pending')) AS members,
      (SELECT count(*) FROM pm, ref WHERE pm.profile = pr.profile AND pm.first_start > ref.d - 365 AND pm.first_start <= ref.d) AS fresh,
      (SELECT count(*) FROM pm, ref WHERE pm.profile = pr.profile AND (pm.status IN ('closing', 'closed')
         OR (NOT pm.covered AND pm.last_end > ref.d - 365 AND pm.last_end < ref.d))) AS leaving
    FROM (VALUES ('independant', 1), ('salarie', 2), ('organisation', 3), ('autre', 4)) pr (profile, o)
    ORDER BY pr.o`, { m }).map((x) => [cell(x.members), cell(x.fresh), cell(x.leaving)]);
}

async function compareAll(get, months, when) {
  for (const m of months) {
    for (const [chart, ref] of Object.entries(reference)) {
      const page = csvValues(await get(`/admin/tableau-de-bord/${chart}.csv?mois=${m.slice(0, 7)}`), `${chart} ${m}`);
      assert.deepEqual(page, ref(m), `${when}: ${chart}.csv of ${m.slice(0, 7)} gives the figures of the raw tables`);
    }
  }
}

const RUN = `${process.pid}${Date.now() % 100000000}`;
const thisMonth = () => psql("SELECT to_char(date_trunc('month', paris_today()), 'YYYY-MM-DD')");
const nextMonth = () => psql("SELECT to_char(date_trunc('month', paris_today()) + interval '1 month', 'YYYY-MM-DD')");

test('the dashboard\'s charts give the figures of the raw tables, before and after new data and corrections', async () => {
  const get = await staffGet();
  const months = ['2018-03-01', '2018-04-01', thisMonth(), nextMonth()];
  await compareAll(get, months, 'data as found');

  // A free weekday of 2018 for the room (no live booking of it that day), the office and
  // the open space of La Fontaine.
  psql(`
SET session_replication_role = replica;
DO $$
DECLARE
    v_room int := (SELECT id FROM resource WHERE space_id = 1 AND kind = 'meeting_room' AND active ORDER BY sort_order, id LIMIT 1);
    v_desk int := (SELECT id FROM resource WHERE space_id = 1 AND kind = 'open_space' AND active ORDER BY sort_order, id LIMIT 1);
    v_office int := (SELECT id FROM resource WHERE space_id = 1 AND kind = 'office' AND active ORDER BY sort_order, id LIMIT 1);
    d date;
    v bigint;
    k int;
BEGIN
    SELECT g::date INTO d FROM generate_series(date '2018-03-05', date '2018-06-29', interval '1 day') g
    WHERE extract(isodow FROM g) <= 4 AND closed_reason(g::date, v_room) IS NULL AND closed_reason(g::date + 1, v_room) IS NULL
      AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.resource_id = v_room AND b.day BETWEEN g::date AND g::date + 1
                      AND b.status IN ('held', 'requested', 'confirmed'))
    ORDER BY g LIMIT 1;
    -- Desk uses written as they happened (the rules are for new bookings): walk-ins morning and
    -- afternoon, one cancelled, one no-show.
    INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, contact_name)
    SELECT v_desk, false, d + o, s.slot, (d + o + s.starts) AT TIME ZONE 'Europe/Paris', (d + o + s.ends) AT TIME ZONE 'Europe/Paris',
           CASE WHEN n = 4 AND s.slot = 'am' THEN 'cancelled' WHEN n = 4 THEN 'no_show' ELSE 'confirmed' END,
           'walk_in', 'Tableau ${RUN} ' || n
    FROM generate_series(0, 1) o, halfday_slot s, generate_series(1, 4) n;
    -- The room: a whole day, two hours, a request (not a use).
    INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, contact_name)
    VALUES (v_room, true, d, 'day', (d + time '08:30') AT TIME ZONE 'Europe/Paris', (d + time '18:30') AT TIME ZONE 'Europe/Paris', 'confirmed', 'room', 'Tableau ${RUN} salle 1'),
           (v_room, true, d + 1, 'hours', (d + 1 + time '14:00') AT TIME ZONE 'Europe/Paris', (d + 1 + time '16:00') AT TIME ZONE 'Europe/Paris', 'confirmed', 'room', 'Tableau ${RUN} salle 2'),
           (v_room, true, d + 1, 'am', (d + 1 + time '08:30') AT TIME ZONE 'Europe/Paris', (d + 1 + time '12:30') AT TIME ZONE 'Europe/Paris', 'requested', 'room', 'Tableau ${RUN} salle 3');
    -- A lease of the office over the data's weeks (unless one runs then), with a closure of the
    -- office inside it; a closure of the whole space.
    IF NOT EXISTS (SELECT 1 FROM office_lease l WHERE l.resource_id = v_office AND l.status = 'active'
                   AND l.starts_on <= d + 45 AND coalesce(l.ends_on, 'infinity') >= d - 10) THEN
        INSERT INTO office_lease (resource_id, tenant_name, starts_on, ends_on, monthly_rent_cents, space_id)
        VALUES (v_office, 'Tableau ${RUN} bail', d - 10, d + 45, 30000, 1);
    END IF;
    INSERT INTO closure (starts_on, ends_on, reason, resource_id, space_id) VALUES (d + 7, d + 8, 'Tableau ${RUN} travaux', v_office, 1);
    INSERT INTO closure (starts_on, ends_on, reason, space_id) VALUES (d + 14, d + 14, 'Tableau ${RUN} fermeture', 1);
END;
$$;
SET session_replication_role = origin;
-- Invoices of every kind issued in 2018 (its own counters), a formula line, a unit half-day line,
-- one paid.
DO $$
DECLARE
    v bigint;
    k int;
BEGIN
    FOR k IN 1..3 LOOP
        INSERT INTO invoice (customer_name, organisation_id) VALUES ('Tableau ${RUN} client ' || k, 1) RETURNING id INTO v;
        INSERT INTO invoice_line (invoice_id, position, kind, description, quantity_milli, unit_price_cents, source_key)
        VALUES (v, 1, 'membership', 'Adhésion', 1000, 2000 + k, NULL),
               (v, 2, 'coworking', 'Carnet', 1000, 9000 + k, 'formula:${RUN}' || k),
               (v, 3, 'coworking', 'Demi-journée', 2000, 1200 + k, NULL),
               (v, 4, (ARRAY['office', 'room', 'other'])[k], 'Prestation', 1500, 3000 + k, NULL);
        -- Never before a document the series already dated (a second run of this test).
        PERFORM invoice_issue(v, greatest(date '2018-03-15' + k, (SELECT max(c.last_date) FROM invoice_counter c
                                  WHERE c.organisation_id = 1 AND c.series = 'F' AND c.year = 2018)));
    END LOOP;
END;
$$;
INSERT INTO payment (invoice_id, paid_on, amount_cents, method)
SELECT id, date '2018-03-25', gross_cents, 'virement' FROM invoice WHERE customer_name = 'Tableau ${RUN} client 1';
`);
  await compareAll(get, months, 'after new uses, bookings, a lease, closures and invoices');

  // Corrections: a credit note of an invoice, a confirmed use cancelled, the request withdrawn and
  // a room booking moved to its morning, the lease ended earlier.
  psql(`
SELECT invoice_issue(credit_note_create(id), greatest(date '2018-04-03', (SELECT max(c.last_date) FROM invoice_counter c
    WHERE c.organisation_id = 1 AND c.series = 'A' AND c.year = 2018))) FROM invoice
WHERE customer_name = 'Tableau ${RUN} client 2' AND kind = 'invoice';
SET session_replication_role = replica;
UPDATE booking SET status = 'cancelled' WHERE contact_name = 'Tableau ${RUN} 1' AND slot = 'pm';
UPDATE booking SET status = 'cancelled' WHERE contact_name = 'Tableau ${RUN} salle 3';
UPDATE booking SET starts_at = starts_at - interval '4 hours', ends_at = ends_at - interval '4 hours'
WHERE contact_name = 'Tableau ${RUN} salle 2';
UPDATE office_lease SET ends_on = starts_on + 20 WHERE tenant_name = 'Tableau ${RUN} bail';
SET session_replication_role = origin;
`);
  await compareAll(get, months, 'after a credit note, a cancelled use, a moved booking and a shortened lease');

  // The counters are what a recount from the raw tables gives.
  assert.equal(psql(`SELECT count(*) FROM (SELECT organisation_id, month, kind, sum(net_cents) AS n FROM income_tally WHERE kind <> 'document' GROUP BY 1, 2, 3) a
    FULL JOIN (SELECT i.organisation_id, date_trunc('month', i.issue_date)::date AS month,
        income_line_kind(l.kind, l.source_key, l.position, i.kind, i.corrects_id) AS kind,
        sum(CASE i.kind WHEN 'credit_note' THEN -l.net_cents ELSE l.net_cents END) AS n
      FROM invoice i JOIN invoice_line l ON l.invoice_id = i.id WHERE i.status <> 'draft' GROUP BY 1, 2, 3) b
      USING (organisation_id, month, kind) WHERE coalesce(a.n, 0) <> coalesce(b.n, 0)`), '0',
    'income_tally holds, per organisation, month and kind, the sum of the issued lines');
  assert.equal(psql(`SELECT count(*) FROM (SELECT organisation_id, month, net_cents AS n FROM income_tally WHERE kind = 'document') a
    FULL JOIN (SELECT organisation_id, date_trunc('month', issue_date)::date AS month,
        sum(CASE kind WHEN 'credit_note' THEN -net_cents ELSE net_cents END) AS n
      FROM invoice WHERE status <> 'draft' GROUP BY 1, 2) b
      USING (organisation_id, month) WHERE coalesce(a.n, 0) <> coalesce(b.n, 0)`), '0',
    'income_tally holds, per organisation and month, the net totals of the issued documents');
});

test('the members chart is kept between changes and follows each one: a new member, a profile, an account closing, a writer in progress', async () => {
  const get = await staffGet();
  const m = thisMonth();
  const chart = async (what) => csvValues(await get(`/admin/tableau-de-bord/membres.csv?mois=${m.slice(0, 7)}`), what);
  // Memo rows of this month's chart that serve now (made since the last change, schema/0055).
  const kept = () => psql(`SELECT count(*) FROM members_chart_memo WHERE orgs = '{1}' AND ref = paris_today()
    AND change = (SELECT last_value FROM members_chart_change)`);
  const before = await chart('as found');
  assert.deepEqual(before, membersReference(m), 'as found');
  assert.equal(kept(), '4', 'a view keeps the chart (4 profiles)');
  assert.deepEqual(await chart('served from the memo'), before);

  // A new member whose membership covers today: one more member, one more new, as an independant.
  const id = psql(`INSERT INTO person (email, first_name, last_name, profile, role, status, password_hash)
    VALUES ('membres-${RUN}@example.org', 'Mé', 'Moire', 'independant', 'member', 'active', '$argon2id$x') RETURNING id`);
  assert.equal(kept(), '0', 'a new person makes the memo stale');
  psql(`INSERT INTO membership (person_id, starts_on, ends_on, fee_cents, status, paid_at, organisation_id)
    VALUES (${id}, paris_today() - 10, paris_today() + 355, 2000, 'paid', now(), 1)`);
  const joined = await chart('after a membership');
  assert.deepEqual(joined, membersReference(m), 'after a membership');
  assert.equal(Number(joined[0][0]), Number(before[0][0]) + 1, 'one more independant member');
  assert.equal(Number(joined[0][1]), Number(before[0][1]) + 1, 'one more new independant');
  assert.equal(kept(), '4');

  // The member becomes a teleworker: the counts move from one profile to the other.
  psql(`UPDATE person SET profile = 'salarie' WHERE id = ${id}`);
  const moved = await chart('after a profile change');
  assert.deepEqual(moved, membersReference(m), 'after a profile change');
  assert.equal(Number(moved[0][0]), Number(before[0][0]));
  assert.equal(Number(moved[1][0]), Number(before[1][0]) + 1, 'one more teleworker');

  // A change of another column of person (the name) keeps the memo.
  psql(`UPDATE person SET first_name = 'Memo' WHERE id = ${id}`);
  assert.equal(kept(), '4', 'a name change is not a change of the chart');

  // A writer in progress (its account closing, not committed): the chart is the committed one,
  // and it is not kept while the writer may still commit; after the commit it shows the change.
  const writer = openTransaction(`UPDATE person SET status = 'closing' WHERE id = ${id};`);
  try {
    assert.ok(await writer.written, 'the writer has written');
    const during = await chart('while a change is in progress');
    assert.deepEqual(during, moved, 'the committed figures while the change is not committed');
    assert.equal(kept(), '0', 'nothing kept while a writer is in progress');
    await writer.end('COMMIT');
  } finally {
    await writer.end('ROLLBACK');
  }
  const closing = await chart('after the account closing');
  assert.deepEqual(closing, membersReference(m), 'after the account closing');
  assert.equal(Number(closing[1][0]), Number(before[1][0]), 'a closing account is no longer a member');
  assert.equal(Number(closing[1][2]), Number(moved[1][2]) + 1, 'it is a departure');
  assert.equal(kept(), '4', 'kept again once the writer is done');
});

test('the members chart names each of its four profiles under the bars', async () => {
  const get = await staffGet();
  const res = await get('/admin/tableau-de-bord');
  assert.equal(res.status, 200);
  const svg = /<svg[^>]*aria-labelledby="ch-membres-title[^"]*"[\s\S]*?<\/svg>/.exec(res.text);
  assert.ok(svg, 'the members chart is drawn');
  const axis = /<g class="chart-xaxis"[^>]*>([\s\S]*?)<\/g>/.exec(svg[0]);
  assert.ok(axis, 'it has its axis of labels');
  const labels = [...axis[1].matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  assert.deepEqual(labels, ['Indépendants', 'Salariés', 'Organisations', 'Autres'],
    'no label is thinned out (the longer ones were shown one in two)');
});
