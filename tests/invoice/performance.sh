# tests/invoice/performance.sh (sourced by run.sh): what schema/0031 changes for speed keeps the
# same answers, and the plans have the shape that keeps them fast (issue 16).
#
#   the dashboard's counters (use_tally, use_counts) give what use_halfday gives, per resource,
#   day and half-day, over the whole database, after desk bookings, walk-ins (one written with
#   the rules off), cancellations,
#   no-shows, a check-in reversed, a moved booking, a deleted one, room bookings by the day and
#   by the hour, a request confirmed, a lease open and one ended, closures of an office and of the
#   space; counting a year through use_counts reads no booking (counted in pg_stat_user_tables);
#   the reception's day and the member list are served by their indexes; the invoice list's
#   issued branch walks chain_seq; invoice_canonical_all() gives byte for byte the text of
#   invoice_canonical(id) for every document (credit notes, allowances and frozen seals present).

# ---- the dashboard's counters -------------------------------------------------------------------

# Everything below happens in one transaction rolled back at the end (the comparison is made
# inside it), so a second run on the same database starts from the same data.
out="$(sql <<'SQL'
BEGIN;
DO $$
DECLARE
    d date;
    v_room int := (SELECT id FROM resource WHERE exclusive AND kind <> 'office' AND active AND space_id = fontaine_space() ORDER BY id LIMIT 1);
    v_desk int := (SELECT id FROM resource WHERE NOT exclusive AND active AND space_id = fontaine_space() ORDER BY id LIMIT 1);
    v_office int;
    b bigint;
    w bigint;
    v_staff bigint := (SELECT id FROM person WHERE role IN ('staff', 'admin') ORDER BY id LIMIT 1);
BEGIN
    -- An open weekday two weeks or more ahead, its next two open days free of closures.
    SELECT g::date INTO d FROM generate_series(paris_today() + 14, paris_today() + 120, interval '1 day') g
    WHERE extract(isodow FROM g) <= 3
      AND closed_reason(g::date, NULL) IS NULL AND closed_reason(g::date + 1, NULL) IS NULL
      AND closed_reason(g::date + 2, NULL) IS NULL AND NOT EXISTS (SELECT 1 FROM closure c
          WHERE c.ends_on >= g::date AND c.starts_on <= g::date + 40)
      AND NOT EXISTS (SELECT 1 FROM booking x WHERE x.resource_id = v_room AND x.day BETWEEN g::date AND g::date + 2
                      AND x.status IN ('held', 'requested', 'confirmed'))
      AND NOT EXISTS (SELECT 1 FROM desk_load x WHERE x.day = g::date AND x.taken > x.capacity - 5)
      -- The space's hours hold both half-days on the three days (an earlier tier may have
      -- changed them; the desk's space, not only the default space's closures).
      AND (SELECT bool_and(EXISTS (SELECT 1 FROM opening_hours h JOIN halfday_slot s ON h.opens <= s.starts AND h.closes >= s.ends
                                   WHERE h.space_id = (SELECT space_id FROM resource WHERE id = v_desk)
                                     AND h.weekday = extract(isodow FROM g::date + k) AND s.slot = 'am')
                           AND EXISTS (SELECT 1 FROM opening_hours h JOIN halfday_slot s ON h.opens <= s.starts AND h.closes >= s.ends
                                   WHERE h.space_id = (SELECT space_id FROM resource WHERE id = v_desk)
                                     AND h.weekday = extract(isodow FROM g::date + k) AND s.slot = 'pm'))
           FROM generate_series(0, 2) k)
    ORDER BY g LIMIT 1;
    IF d IS NULL THEN
        RAISE EXCEPTION 'no open weekday found for the scenario (desk %, room %): hours %', v_desk, v_room,
            (SELECT string_agg(weekday || ' ' || opens || '-' || closes, ', ' ORDER BY weekday, opens) FROM opening_hours
             WHERE space_id = (SELECT space_id FROM resource WHERE id = v_desk));
    END IF;
    -- Desk bookings: kept, cancelled, no-show, moved to the afternoon, deleted.
    INSERT INTO booking (resource_id, slot, starts_at, ends_at, status, source, contact_name)
    SELECT v_desk, s.slot, (d + s.starts) AT TIME ZONE 'Europe/Paris', (d + s.ends) AT TIME ZONE 'Europe/Paris',
           'confirmed', 'desk', 'Perf ' || k
    FROM halfday_slot s CROSS JOIN generate_series(1, 4) k;
    UPDATE booking SET status = 'cancelled', cancelled_at = now()
    WHERE id = (SELECT id FROM booking WHERE contact_name = 'Perf 1' AND day = d AND slot = 'am');
    UPDATE booking SET status = 'no_show' WHERE id = (SELECT id FROM booking WHERE contact_name = 'Perf 2' AND day = d AND slot = 'pm');
    UPDATE booking SET slot = 'pm', starts_at = (d + time '13:30') AT TIME ZONE 'Europe/Paris',
           ends_at = (d + time '18:30') AT TIME ZONE 'Europe/Paris'
    WHERE id = (SELECT id FROM booking WHERE contact_name = 'Perf 3' AND day = d AND slot = 'am');
    BEGIN
        DELETE FROM booking WHERE contact_name = 'Perf 4' AND day = d AND slot = 'am';
    EXCEPTION WHEN OTHERS THEN
        UPDATE booking SET status = 'cancelled' WHERE contact_name = 'Perf 4' AND day = d AND slot = 'am';
    END;
    -- Room bookings: a whole day, two hours moved from the afternoon to the morning, a request
    -- confirmed, one cancelled.
    INSERT INTO booking (resource_id, slot, starts_at, ends_at, status, source, contact_name)
    VALUES (v_room, 'day', (d + time '08:30') AT TIME ZONE 'Europe/Paris', (d + time '18:30') AT TIME ZONE 'Europe/Paris', 'confirmed', 'room', 'Perf salle 1'),
           (v_room, 'hours', (d + 1 + time '14:00') AT TIME ZONE 'Europe/Paris', (d + 1 + time '16:00') AT TIME ZONE 'Europe/Paris', 'confirmed', 'room', 'Perf salle 2'),
           (v_room, 'pm', (d + 2 + time '13:30') AT TIME ZONE 'Europe/Paris', (d + 2 + time '18:30') AT TIME ZONE 'Europe/Paris', 'requested', 'room', 'Perf salle 3'),
           (v_room, 'am', (d + 2 + time '08:30') AT TIME ZONE 'Europe/Paris', (d + 2 + time '12:30') AT TIME ZONE 'Europe/Paris', 'confirmed', 'room', 'Perf salle 4');
    UPDATE booking SET starts_at = (d + 1 + time '10:00') AT TIME ZONE 'Europe/Paris',
           ends_at = (d + 1 + time '12:00') AT TIME ZONE 'Europe/Paris' WHERE contact_name = 'Perf salle 2';
    UPDATE booking SET status = 'confirmed', confirmed_at = now() WHERE contact_name = 'Perf salle 3';
    UPDATE booking SET status = 'cancelled', cancelled_at = now() WHERE contact_name = 'Perf salle 4';
    -- A walk-in today recorded by mistake and reversed (when today is open).
    BEGIN
        w := desk_walk_in('Perf visiteur', NULL, CASE WHEN localtime < time '13:00' THEN 'am' ELSE 'pm' END, false);
        PERFORM desk_check_in_reverse(v_staff, w, 'Saisie en double');
    EXCEPTION WHEN OTHERS THEN
        NULL;
    END;
    -- Leases: an office leased from d with no end, another (or the same later) ended; a
    -- closure of the office and one of the whole space inside them.
    SELECT r.id INTO v_office FROM resource r WHERE r.kind = 'office' AND r.active
      AND NOT EXISTS (SELECT 1 FROM office_lease l WHERE l.resource_id = r.id AND l.status = 'active'
                      AND coalesce(l.ends_on, 'infinity') >= d)
    ORDER BY r.id LIMIT 1;
    IF v_office IS NOT NULL THEN
        INSERT INTO office_lease (resource_id, tenant_name, starts_on, ends_on, monthly_rent_cents)
        VALUES (v_office, 'Perf bail ouvert', d, NULL, 30000);
        INSERT INTO closure (starts_on, ends_on, reason, resource_id) VALUES (d + 5, d + 7, 'Perf travaux', v_office);
    END IF;
    INSERT INTO office_lease (resource_id, tenant_name, starts_on, ends_on, monthly_rent_cents, status)
    SELECT id, 'Perf bail annulé', d - 400, d - 300, 30000, 'cancelled' FROM resource WHERE kind = 'office' ORDER BY id LIMIT 1;
    INSERT INTO closure (starts_on, ends_on, reason) VALUES (d + 20, d + 21, 'Perf fermeture');
END;
$$;
-- A past use recorded with the rules off (as repairs and tests write them): counted too.
SET LOCAL session_replication_role = replica;
INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, contact_name)
SELECT r.id, false, paris_today() - 3, 'am', (paris_today() - 3 + time '08:30') AT TIME ZONE 'Europe/Paris',
       (paris_today() - 3 + time '12:30') AT TIME ZONE 'Europe/Paris', 'confirmed', 'walk_in', 'Perf passé'
FROM resource r WHERE NOT r.exclusive AND r.active ORDER BY r.id LIMIT 1;
SET LOCAL session_replication_role = origin;
-- Counters and view, per resource, day and half-day, over everything: the rows that differ.
SELECT 'differ', count(*) FROM
    (SELECT resource_id, day, slot, count(*) AS n FROM use_halfday_all GROUP BY 1, 2, 3) a
    FULL JOIN (SELECT resource_id, day, slot, sum(n) AS n FROM use_counts('1900-01-01', '2200-01-01') GROUP BY 1, 2, 3) b
    USING (resource_id, day, slot)
    WHERE a.n IS DISTINCT FROM b.n;
SELECT 'uses', count(*) FROM use_halfday_all;
-- The same per space through use_counts(from, to, space) (0039: the leases' half-days from the
-- space's open half-days of the window less the office's closures).
SELECT 'differ_space', count(*) FROM
    (SELECT space_id, resource_id, day, slot, count(*) AS n FROM use_halfday_all GROUP BY 1, 2, 3, 4) a
    FULL JOIN (SELECT s.id AS space_id, u.resource_id, u.day, u.slot, sum(u.n) AS n FROM space s
               CROSS JOIN LATERAL use_counts('1900-01-01', '2200-01-01', s.id) u GROUP BY 1, 2, 3, 4) b
    USING (space_id, resource_id, day, slot)
    WHERE a.n IS DISTINCT FROM b.n;
SELECT 'scenario', count(*) FROM use_halfday_all u JOIN booking b ON b.id = u.booking_id WHERE b.contact_name LIKE 'Perf %';
SELECT 'leased', count(*) > 0 FROM use_halfday_all WHERE source = 'lease';
-- Month by month over the window the dashboard shows: the same totals.
SELECT 'months', count(*) FROM generate_series(date_trunc('month', paris_today()) - interval '11 months',
    date_trunc('month', paris_today()) + interval '2 months', interval '1 month') g (m)
    WHERE (SELECT count(*) FROM use_halfday_all WHERE day >= g.m::date AND day < (g.m + interval '1 month')::date)
          IS DISTINCT FROM (SELECT coalesce(sum(n), 0) FROM use_counts(g.m::date, (g.m + interval '1 month')::date));
ROLLBACK;
SQL
)"
check "the counters give what use_halfday gives, per resource, day and half-day" "$(grep '^differ|' <<<"$out")" "differ|0"
check "per space, use_counts(from, to, space) gives what use_halfday gives" "$(grep '^differ_space|' <<<"$out")" "differ_space|0"
check "the scenario's bookings count: 5 + 1 desk half-days, 2 + 1 + 1 room half-days" "$(grep '^scenario|' <<<"$out")" "scenario|10"
check "leases are among the uses compared" "$(grep '^leased|' <<<"$out")" "leased|t"
check "month by month, the dashboard's window: the same totals" "$(grep '^months|' <<<"$out")" "months|0"

# Counting twelve months through use_counts reads no booking; through use_halfday it reads them.
reads() {
    sql <<SQL
SELECT pg_stat_force_next_flush();
SELECT pg_stat_clear_snapshot();
CREATE TEMP TABLE s0 AS SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS n FROM pg_stat_user_tables WHERE relname = 'booking';
SELECT count(*) FROM (SELECT * FROM $1) x;
SELECT pg_stat_force_next_flush();
SELECT pg_stat_clear_snapshot();
SELECT 'reads', (SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'booking') - (SELECT n FROM s0);
SQL
}
check "a year of uses through use_counts: no read of booking" \
    "$(reads "use_counts((paris_today() - 365), paris_today() + 31)" | grep '^reads|')" "reads|0"
r="$(reads "use_halfday_all WHERE day >= paris_today() - 365 AND day < paris_today() + 31" | grep '^reads|')"
if [ "${r#reads|}" -gt 0 ] 2>/dev/null; then ok "the same through use_halfday reads booking (${r#reads|} scans)"; else fail "use_halfday reads booking" "$r"; fi

# The counters follow a booking made through the product's function, as the program makes it.
check "use_tally is granted to the back office only for reading" \
    "$(sql -c "SELECT has_table_privilege('fontaine_admin', 'use_tally', 'SELECT'), has_table_privilege('fontaine_admin', 'use_tally', 'UPDATE'), has_table_privilege('fontaine_booking', 'use_tally', 'UPDATE')")" "t|f|f"

# ---- plan shapes of the staff lists ---------------------------------------------------------------

plan() { sql -c "SET enable_seqscan = off; SET plan_cache_mode = force_generic_plan; $1"; }
p="$(plan "PREPARE q(date) AS SELECT b.id FROM booking b WHERE NOT b.exclusive AND b.day = \$1 AND b.status IN ('confirmed', 'no_show') ORDER BY b.slot, b.contact_name, b.id; EXPLAIN EXECUTE q('2026-03-03');")"
if grep -q "booking_desk_day" <<<"$p" && grep -q "Index Cond: (day = \$1)" <<<"$p"; then ok "reception: the day's desk bookings through booking_desk_day"; else fail "reception plan" "$p"; fi
p="$(plan "PREPARE q(text) AS SELECT p.id FROM (SELECT p.* FROM person p WHERE (\$1 = '' OR p.status = \$1) ORDER BY lower(p.last_name), lower(p.first_name), p.id LIMIT 200) p LEFT JOIN LATERAL (SELECT ends_on FROM membership WHERE person_id = p.id AND status <> 'cancelled' ORDER BY ends_on DESC LIMIT 1) m ON true ORDER BY lower(p.last_name), lower(p.first_name), p.id; EXPLAIN EXECUTE q('');")"
# The LIMIT under the join (LATERAL after LIMIT), read in index order; at most a sort of the
# 200 rows above the join.
# (How each membership is probed depends on the table's size: membership_person_latest, or the
# exclusion constraint's index with a sort of that person's few rows; both are one probe.)
# (Index Only Scan since 0061, which made person_name_order cover the list's columns.)
if grep -A2 "Nested Loop Left Join" <<<"$p" | grep -A1 -- "->  Limit" | grep -Eq "Index (Only )?Scan using person_name_order" \
   && grep -Eq "membership_person_latest|membership_person_id_daterange_excl" <<<"$p" \
   && ! grep -q "Seq Scan" <<<"$p"; then
    ok "member list: the first 200 in name order from person_name_order, then one membership probe each"
else fail "member list plan" "$p"; fi
# The invoice lists' checks below ask whether an index can give the order under the list's
# filters, whatever the table's size: with the few documents of a tier run alone, a sort of them
# is cheaper and the planner rightly takes it, so sorts and bitmap scans are off for them (a
# missing or unusable index still shows as a Sort).
plan_ordered() { sql -c "SET enable_sort = off; SET enable_bitmapscan = off; $1"; }
p="$(plan_ordered "SET enable_seqscan = off; SET plan_cache_mode = force_generic_plan; PREPARE q(text, text) AS SELECT i.id FROM invoice i WHERE i.organisation_id = 1 AND i.chain_seq < coalesce(nullif(\$2, '')::bigint, 9223372036854775807) AND (\$1 = '' OR i.kind = \$1) ORDER BY i.chain_seq DESC LIMIT 101; EXPLAIN EXECUTE q('', '');")"
# (invoice_chain_seq_key, or 0039's invoice_chain_order: both walk chain_seq backwards)
if grep -Eq "Index Scan Backward using (invoice_chain_seq_key|invoice_chain_order)" <<<"$p" && ! grep -q "Sort" <<<"$p"; then
    ok "invoice list: the issued documents walked backwards along chain_seq from the cursor, no sort"
else fail "invoice list plan" "$p"; fi

# Through the row policy (organisation_id = fontaine_org() OR network cannot be
# invoice_chain_seq_key's key), the issued documents are still walked backwards along an index
# (invoice_chain_order, 0039), not read and sorted.
p="$(plan_ordered "SET ROLE fontaine_invoice; SET enable_seqscan = off; SET plan_cache_mode = force_generic_plan; PREPARE q(text) AS SELECT i.id FROM invoice i WHERE i.chain_seq < coalesce(nullif(\$1, '')::bigint, 9223372036854775807) ORDER BY i.chain_seq DESC LIMIT 101; EXPLAIN EXECUTE q('');")"
if grep -q "Index Scan Backward using invoice_chain_order" <<<"$p" && ! grep -q "Sort" <<<"$p"; then
    ok "invoice list under the row policy: invoice_chain_order walked backwards, no sort"
else fail "invoice list plan under the row policy" "$p"; fi
# Every hold looks for holds expired a week ago (booking_expire_holds): an index, not every booking.
p="$(sql -c "SET enable_seqscan = off; EXPLAIN SELECT id FROM booking WHERE status = 'expired' AND hold_expires_at < now() - interval '7 days'")"
if grep -q "booking_expired" <<<"$p"; then ok "expired holds found through booking_expired"; else fail "expired holds plan" "$p"; fi
# A member's carnet history (/compte, portal_carnet_history) and the exports find the carnet's
# uses through booking_formula (0049), not by reading every booking.
p="$(plan "PREPARE q(bigint) AS SELECT b.id FROM booking b JOIN person_formula f ON f.id = b.formula_id WHERE f.person_id = \$1 AND b.covered_by = 'carnet' AND b.status IN ('confirmed', 'no_show'); EXPLAIN EXECUTE q(1);")"
if grep -q "booking_formula" <<<"$p" && ! grep -q "Seq Scan on booking" <<<"$p"; then
    ok "carnet history: a carnet's uses through booking_formula, not every booking"
else fail "carnet history plan" "$p"; fi
# A member's bookings on /compte (portal_bookings, 0051) are read from 30 days ago on: the plan
# of the function's own statement (auto_explain, sent to this session) starts the index range
# booking_person (person_id, starts_at) there, for a member with two years of past half-days
# (walk-ins, in a transaction rolled back), and keeps the same rows as the day filter.
p="$(sql 2>&1 <<'SQL'
BEGIN;
CREATE TEMP TABLE pb_who ON COMMIT DROP AS WITH p AS (
    INSERT INTO person (email, first_name, last_name, profile, status)
    VALUES ('portal.range@example.org', 'Portail', 'Plage', 'independant', 'pending') RETURNING id)
SELECT id FROM p;
INSERT INTO booking (resource_id, slot, starts_at, ends_at, status, source, person_id, contact_name, checked_in_at)
SELECT r.id, s.slot, (g::date + s.starts) AT TIME ZONE 'Europe/Paris', (g::date + s.ends) AT TIME ZONE 'Europe/Paris',
       'confirmed', 'walk_in', (SELECT id FROM pb_who), 'Portail Plage', (g::date + s.starts) AT TIME ZONE 'Europe/Paris'
FROM (SELECT id FROM resource WHERE NOT exclusive AND active AND space_id = fontaine_space() ORDER BY id LIMIT 1) r,
     generate_series(paris_today() - 760, paris_today() - 20, interval '1 day') g, halfday_slot s
WHERE closed_reason(g::date, r.id) IS NULL
  AND EXISTS (SELECT 1 FROM opening_hours h WHERE h.space_id = fontaine_space() AND h.weekday = extract(isodow FROM g)
              AND h.opens <= s.starts AND h.closes >= s.ends)
  AND NOT EXISTS (SELECT 1 FROM desk_load l WHERE l.resource_id = r.id AND l.day = g::date AND l.slot = s.slot
                  AND l.taken >= l.capacity);
SELECT 'past half-days: ' || count(*) FROM booking WHERE person_id = (SELECT id FROM pb_who);
SELECT 'kept: ' || count(*) || ', by the day filter: ' || (SELECT count(*) FROM booking b WHERE b.person_id = (SELECT id FROM pb_who)
       AND b.day >= paris_today() - 30 AND b.status IN ('requested', 'confirmed', 'held', 'no_show'))
FROM portal_bookings((SELECT id FROM pb_who));
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on;
SET auto_explain.log_analyze = on; SET auto_explain.log_level = notice; SET client_min_messages = notice;
SELECT count(*) FROM portal_bookings((SELECT id FROM pb_who));
ROLLBACK;
SQL
)"
n_past="$(sed -n 's/^past half-days: //p' <<<"$p")"
kept="$(sed -n 's/^kept: //p' <<<"$p")"
if [ "${n_past:-0}" -ge 500 ] && grep -q "booking_person" <<<"$p" \
   && grep -Eq "Index Cond: .*starts_at >= " <<<"$p" && ! grep -q "Rows Removed by Filter" <<<"$p" \
   && [ -n "$kept" ] && [ "${kept%%,*}" = "${kept##*: }" ]; then
    ok "/compte's bookings: the index range starts 30 days ago ($n_past past half-days not read; $kept)"
else fail "/compte's bookings plan (portal_bookings)" "$p"; fi
# A resource whose bookings are gone can be deleted: its counters (use_tally) go with it.
check "use_tally's rows go with their resource" \
    "$(sql -c "SELECT confdeltype FROM pg_constraint WHERE conname = 'use_tally_resource_id_fkey'")" "c"

# ---- the canonical text of every document in one query ----------------------------------------------

check "the database holds credit notes, allowances, line allowances and frozen documents to compare" \
    "$(sql -c "SELECT (SELECT count(*) > 0 FROM invoice WHERE kind = 'credit_note' AND status <> 'draft'), (SELECT count(*) > 0 FROM invoice_allowance_charge), (SELECT count(*) > 0 FROM invoice_line_allowance_charge), (SELECT count(*) > 0 FROM invoice_frozen)")" "t|t|t|t"
check "invoice_canonical_all(): byte for byte invoice_canonical(id), every document" \
    "$(sql -c "SELECT count(*), count(*) FILTER (WHERE convert_to(a.canonical, 'UTF8') = convert_to(invoice_canonical(i.id), 'UTF8')) = count(*), (SELECT count(*) FROM invoice_canonical_all()) = count(*) FROM invoice i JOIN invoice_canonical_all() a ON a.id = i.id" | cut -d'|' -f2,3)" "t|t"
check "invoice_canonical_all(from, to): the documents issued in the period, the same text" \
    "$(sql -c "SELECT count(*) = (SELECT count(*) FROM invoice WHERE issue_date BETWEEN date_trunc('month', paris_today())::date AND paris_today()), bool_and(a.canonical = invoice_canonical(a.id)) FROM invoice_canonical_all(date_trunc('month', paris_today())::date, paris_today()) a")" "t|t"
check "every issued document's hash is the hash of its set-wise canonical text (or seals a frozen one)" \
    "$(sql -c "SELECT count(*) FROM invoice i JOIN invoice_canonical_all() a ON a.id = i.id WHERE i.status <> 'draft' AND i.hash <> invoice_hash(i.prev_hash, a.canonical)")" "0"
check "invoice_chain_verify() with the set-wise texts: OK" "$(sql -c "SELECT ok FROM invoice_chain_verify()")" "t"
