#!/usr/bin/env bash
# rls_bench.sh: the cost of row-level security (schema/0030_spaces.sql, issue 15). The pages'
# typical queries (a site page, prices, opening hours, events to come, availability, reception
# of a day, the dashboard's uses a month) run as the program's role, where the space policy
# filters the rows, against the same queries run as the schema's owner (who bypasses row-level
# security) with an explicit `space_id = 1` filter, in the same run, on two databases of its
# own: the demo data alone, and the demo data with BENCH_RLS_BOOKINGS bookings (1,000,000)
# spread over the two spaces. Each query is a prepared statement (as the programs do) run by
# pgbench on one connection for BENCH_RLS_SECONDS; prints the median per query, both ways, and
# the ratio; then EXPLAIN ANALYZE of the reception query as the program's role, to show that
# the policy's functions are evaluated once per statement (InitPlan, loops=1), not per row.
#
# A third column measures a proposal on a copy of each database (proposal.sql below, not part
# of the schema): fontaine_space(), fontaine_org() and fontaine_network() in PL/pgSQL (a SQL
# function with a sub-select is not inlined: its body is planned again at every statement),
# and policies of the form `space_id = ANY ((SELECT fontaine_space_ids())::smallint[])`, which
# an index on (space_id, …) can use, where `space_id = (SELECT …) OR (SELECT …)` is a filter.
#
# Called by `./dev bench` with the FONTAINE_* variables (FONTAINE_PGHOST, FONTAINE_CONFIG,
# FONTAINE_SRC). A benchmark, not a test: it exits non-zero only when it cannot measure.
# Knobs: BENCH_RLS_SECONDS (3), BENCH_RLS_BOOKINGS (1000000; the fill takes about 3 min on 2 cores).
set -euo pipefail
# Figures for ./dev bench's summary (tests/bench/results.sh), when it exists.
if [ -f "$(dirname "${BASH_SOURCE[0]}")/results.sh" ]; then . "$(dirname "${BASH_SOURCE[0]}")/results.sh"; fi
declare -F result >/dev/null || result() { :; }

: "${FONTAINE_PGHOST:?run me through ./dev bench}"
: "${FONTAINE_CONFIG:?run me through ./dev bench}"
: "${FONTAINE_SRC:?run me through ./dev bench}"
BIN="${FONTAINE_BINDIR:-$FONTAINE_SRC/build/cgi}"
PGBIN=/usr/lib/postgresql/15/bin
SECONDS_EACH="${BENCH_RLS_SECONDS:-3}"
BOOKINGS="${BENCH_RLS_BOOKINGS:-1000000}"
DEMO_DB=fontaine_rls_demo
BIG_DB=fontaine_rls_big
DBS="$DEMO_DB $BIG_DB ${DEMO_DB}_p ${BIG_DB}_p"
export TZ=Europe/Paris
WORK="$(mktemp -d /tmp/fontaine-rls-bench.XXXXXX)"
chmod 755 "$WORK"

die() { printf 'rls_bench: %s\n' "$*" >&2; exit 1; }
psql_db() { local db="$1"; shift; "$PGBIN/psql" -X -q -At -h "$FONTAINE_PGHOST" -U postgres -d "$db" -v ON_ERROR_STOP=1 "$@"; }
drop_db() { psql_db postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null 2>&1 || true; }
cleanup() {
    local d
    for d in $DBS; do drop_db "$d"; done
    rm -rf "$WORK"
}
trap cleanup EXIT
[ -x "$BIN/fontaine-migrate" ] || die "no $BIN/fontaine-migrate (build first)"
[ -x "$PGBIN/pgbench" ] || die "no $PGBIN/pgbench"

# ---- the two databases -----------------------------------------------------------------------------

# A configuration of our own: the stack's, with credentials naming our database.
mkdir -p "$WORK/credentials"
chmod 700 "$WORK/credentials"
sed -e '/^credentials_dir = /d' "$FONTAINE_CONFIG" >"$WORK/fontaine.conf"
echo "credentials_dir = $WORK/credentials" >>"$WORK/fontaine.conf"
(umask 077; echo "db_migrate = host=$FONTAINE_PGHOST dbname=$DEMO_DB user=postgres" >"$WORK/credentials/migrate.conf")
for d in $DBS; do drop_db "$d"; done
psql_db postgres -c "CREATE DATABASE $DEMO_DB" >/dev/null
"$BIN/fontaine-migrate" -c "$WORK/fontaine.conf" >"$WORK/migrate.log" 2>&1 || { tail -n 5 "$WORK/migrate.log" >&2; die "migration of $DEMO_DB failed"; }
"$BIN/fontaine-migrate" -c "$WORK/fontaine.conf" --demo >"$WORK/migrate.log" 2>&1 || { tail -n 5 "$WORK/migrate.log" >&2; die "demo data of $DEMO_DB failed"; }
# The demo should have a second space; a tree without it gets a bare one.
psql_db "$DEMO_DB" >/dev/null <<'SQL'
INSERT INTO space (id, organisation_id, slug, name) SELECT 2, 1, 'banc-second', 'Second lieu (banc)'
WHERE NOT EXISTS (SELECT 1 FROM space WHERE id = 2);
INSERT INTO resource (space_id, kind, slug, name, capacity)
SELECT 2, 'open_space', 'banc-open-space', 'Open space (banc)', 20
WHERE NOT EXISTS (SELECT 1 FROM resource WHERE space_id = 2 AND kind = 'open_space');
ANALYZE;
SQL
psql_db postgres -c "CREATE DATABASE $BIG_DB TEMPLATE $DEMO_DB" >/dev/null

t0=$(date +%s)
psql_db "$BIG_DB" -v n="$BOOKINGS" >/dev/null <<'SQL' || die "the large fill failed"
-- Bookings as they were recorded over the years (walk-ins and desk uses of the open spaces,
-- room half-days), about as many in each space: the booking rules are for new bookings.
SET session_replication_role = replica;
SELECT set_config('bench.n', :'n', false);
WITH days AS (SELECT d::date AS day FROM generate_series(current_date - 2000, current_date + 60, interval '1 day') d
              WHERE extract(isodow FROM d) < 6),
     per AS (SELECT ceil(current_setting('bench.n')::numeric / (2 * (SELECT count(*) FROM days)))::int AS k),
     res AS (SELECT DISTINCT ON (space_id) id, space_id FROM resource WHERE kind = 'open_space' ORDER BY space_id, id)
INSERT INTO booking (resource_id, space_id, exclusive, day, slot, starts_at, ends_at, status, source, contact_name)
SELECT r.id, r.space_id, false, d.day, CASE WHEN n % 2 = 0 THEN 'am' ELSE 'pm' END,
       (d.day + time '08:30') AT TIME ZONE 'Europe/Paris', (d.day + time '12:30') AT TIME ZONE 'Europe/Paris',
       CASE WHEN n % 17 = 0 THEN 'cancelled' ELSE 'confirmed' END,
       CASE WHEN n % 3 = 0 THEN 'walk_in' ELSE 'desk' END, 'Coworker ' || n
FROM res r CROSS JOIN days d CROSS JOIN per CROSS JOIN generate_series(1, per.k) n
WHERE r.space_id IN (SELECT id FROM space ORDER BY id LIMIT 2);
SET session_replication_role = origin;
VACUUM ANALYZE booking;
SQL
fill_s=$(( $(date +%s) - t0 ))

# The proposal, on a copy of each database.
cat >"$WORK/proposal.sql" <<'SQL'
CREATE OR REPLACE FUNCTION fontaine_space() RETURNS smallint
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN COALESCE(NULLIF(current_setting('fontaine.space', true), '')::smallint,
                    (SELECT id FROM space WHERE is_default));
END;
$$;
CREATE OR REPLACE FUNCTION fontaine_org() RETURNS smallint
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN (SELECT organisation_id FROM space WHERE id = fontaine_space());
END;
$$;
CREATE OR REPLACE FUNCTION fontaine_network() RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN COALESCE(current_setting('fontaine.scope', true), '') = 'network';
END;
$$;
-- The spaces (organisations) the connection reads: every one in network scope, else its own.
CREATE OR REPLACE FUNCTION fontaine_space_ids() RETURNS smallint[]
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    IF fontaine_network() THEN RETURN ARRAY(SELECT id FROM space ORDER BY id); END IF;
    RETURN ARRAY[fontaine_space()];
END;
$$;
CREATE OR REPLACE FUNCTION fontaine_org_ids() RETURNS smallint[]
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    IF fontaine_network() THEN RETURN ARRAY(SELECT id FROM organisation ORDER BY id); END IF;
    RETURN ARRAY[fontaine_org()];
END;
$$;
GRANT EXECUTE ON FUNCTION fontaine_space_ids(), fontaine_org_ids() TO PUBLIC;
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT p.polname, c.relname, pg_get_expr(p.polqual, p.polrelid) AS q
             FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid LOOP
        IF r.q = '((space_id = ( SELECT fontaine_space() AS fontaine_space)) OR ( SELECT fontaine_network() AS fontaine_network))' THEN
            EXECUTE format('ALTER POLICY %I ON %I USING (space_id = ANY ((SELECT fontaine_space_ids())::smallint[]))',
                           r.polname, r.relname);
        ELSIF r.q = '((organisation_id = ( SELECT fontaine_org() AS fontaine_org)) OR ( SELECT fontaine_network() AS fontaine_network))' THEN
            EXECUTE format('ALTER POLICY %I ON %I USING (organisation_id = ANY ((SELECT fontaine_org_ids())::smallint[]))',
                           r.polname, r.relname);
        END IF;
    END LOOP;
END;
$$;
SQL
for d in "$DEMO_DB" "$BIG_DB"; do
    psql_db postgres -c "CREATE DATABASE ${d}_p TEMPLATE $d" >/dev/null
    psql_db "${d}_p" -f "$WORK/proposal.sql" >/dev/null || die "the proposal does not apply"
done

# ---- the queries ----------------------------------------------------------------------------------------

OPEN_SPACE="$(psql_db "$DEMO_DB" -c "SELECT id FROM resource WHERE space_id = 1 AND kind = 'open_space' ORDER BY id LIMIT 1")"
DAY="$(psql_db "$DEMO_DB" -c "SELECT (current_date - extract(isodow FROM current_date)::int + 2)::text")"  # this week's Tuesday
YEAR_FROM="$(date +%Y)-01-01"
# name | role | query as the program sends it (row-level security filters) | the owner's filter
QUERIES=(
"site page|fontaine_site|SELECT title, meta_description, body_md FROM site_page WHERE slug = 'accueil'|AND space_id = 1"
"prices|fontaine_site|SELECT category, label, unit, member_cents, non_member_cents, coalesce(note, '') FROM price WHERE active @ ORDER BY array_position(ARRAY['adhesion','coworking','bureau','salle'], category), sort_order, code|AND space_id = 1"
"opening hours|fontaine_site|SELECT weekday, opens, closes FROM opening_hours WHERE true @ ORDER BY weekday, opens|AND space_id = 1"
"events to come|fontaine_events|SELECT slug, title, starts_at, ends_at FROM event WHERE status IN ('published', 'cancelled') AND ends_at >= now() @ ORDER BY starts_at, id LIMIT 20|AND space_id = 1"
"availability, 2 weeks|fontaine_booking|SELECT * FROM availability($OPEN_SPACE, current_date, current_date + 13)|"
"reception, one day|fontaine_admin|SELECT id, resource_id, slot, status, source, contact_name FROM booking WHERE day = '$DAY' @ ORDER BY slot, id|AND space_id = 1"
"dashboard, uses a month|fontaine_admin|SELECT date_trunc('month', day), count(*) FROM booking WHERE day >= '$YEAR_FROM' AND status = 'confirmed' @ GROUP BY 1 ORDER BY 1|AND space_id = 1"
)
# The query with its owner's filter in place of @ (or at the end), or without it.
with_filter() { local q="$1" f="$2"; if [[ "$q" == *@* ]]; then printf '%s' "${q/@/$f}"; else printf '%s %s' "$q" "$f"; fi; }
without() { local q="$1"; printf '%s' "${q/@ /}"; }

# median_ms DB ROLE SQL: pgbench, one connection, prepared, SECONDS_EACH s after 1 s of warm-up;
# prints the median latency in ms and the number of runs.
median_ms() {
    local db="$1" role="$2" q="$3"
    printf '%s;\n' "$q" >"$WORK/q.sql"
    "$PGBIN/pgbench" -n -M prepared -c 1 -j 1 -T 1 -f "$WORK/q.sql" -h "$FONTAINE_PGHOST" -U "$role" "$db" >/dev/null 2>&1 ||
        { echo "failed"; return; }
    rm -f "$WORK"/log.*
    (cd "$WORK" && "$PGBIN/pgbench" -n -M prepared -c 1 -j 1 -T "$SECONDS_EACH" -l --log-prefix=log \
        -f "$WORK/q.sql" -h "$FONTAINE_PGHOST" -U "$role" "$db" >/dev/null 2>&1) || { echo "failed"; return; }
    awk '{ print $3 }' "$WORK"/log.* | sort -n | awk '{ a[NR] = $1 } END { printf "%.3f %d", a[int((NR + 1) / 2)] / 1000, NR }'
}

# measure DB LABEL KEY: the table for one database (and its copy with the proposal).
measure() {
    local db="$1" label="$2" key="$3" e name role q f rls prop own r1 r2 k rn pn on
    echo "$label"
    printf '  %-24s %-16s %10s %10s %10s %7s %7s %16s\n' "query" "role" "RLS ms" "proposal" "owner ms" \
        "ratio" "ratio p" "runs (RLS/p/own)"
    for e in "${QUERIES[@]}"; do
        IFS='|' read -r name role q f <<<"$e"
        read -r rls rn <<<"$(median_ms "$db" "$role" "$(without "$q")")"
        read -r prop pn <<<"$(median_ms "${db}_p" "$role" "$(without "$q")")"
        read -r own on <<<"$(median_ms "$db" postgres "$(with_filter "$q" "$f")")"
        r1="$(awk -v a="$rls" -v b="$own" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')"
        r2="$(awk -v a="$prop" -v b="$own" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')"
        printf '  %-24s %-16s %10s %10s %10s %7s %7s %16s\n' "$name" "$role" "$rls" "$prop" "$own" "$r1" "$r2" "$rn/$pn/$on"
        k="$(tr ' ,' '__' <<<"$name" | tr -cd 'a-z_')"
        result "rls_${key}_${k}_ms" "$rls" "$own"
        result "rls_proposal_${key}_${k}_ms" "$prop" "$own"
    done
}

nb_demo="$(psql_db "$DEMO_DB" -c "SELECT count(*) FROM booking")"
nb_big="$(psql_db "$BIG_DB" -c "SELECT string_agg(n::text, ' + ' ORDER BY space_id) FROM (SELECT space_id, count(*) n FROM booking GROUP BY 1) s")"
echo "row-level security: each query as its program's role (the space policy filters) vs the owner with an"
echo "explicit space filter; median of prepared executions over ${SECONDS_EACH} s on one connection (round trip included)"
echo
measure "$DEMO_DB" "demo data ($nb_demo bookings)" demo
echo
measure "$BIG_DB" "demo data + large fill ($nb_big bookings in spaces 1 and 2, inserted in ${fill_s} s)" big

# ---- the policy is evaluated once per statement ----------------------------------------------------------------

IFS='|' read -r _ _ q _ <<<"${QUERIES[5]}"
for d in "$BIG_DB" "${BIG_DB}_p"; do
    echo
    case "$d" in *_p) echo "EXPLAIN ANALYZE, reception of one day, as fontaine_admin on the large fill, with the proposal:" ;;
                 *)   echo "EXPLAIN ANALYZE, reception of one day, as fontaine_admin on the large fill (space 1, setting unset):" ;; esac
    plan="$("$PGBIN/psql" -X -q -At -h "$FONTAINE_PGHOST" -U fontaine_admin -d "$d" -c \
        "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) $(without "$q")")"
    printf '%s\n' "$plan" | sed 's/^/  /'
    initplans="$(grep -c 'InitPlan' <<<"$plan" || true)"
    once="$(grep -A1 'InitPlan' <<<"$plan" | grep -c 'loops=1)' || true)"
    per_row="$(grep -E 'Filter|Cond' <<<"$plan" | grep -c 'fontaine_' || true)"
    removed="$(awk '/Rows Removed by Filter/ { s += $NF } END { print s + 0 }' <<<"$plan")"
    echo "  policy: $initplans InitPlan(s), $once of them run once (loops=1); a policy function in a per-row filter: $per_row; rows read and filtered out: $removed"
done

# The proposal keeps what each connection sees.
seen() {  # seen DB [PGOPTIONS]: bookings visible to fontaine_admin
    PGOPTIONS="${2:-}" "$PGBIN/psql" -X -q -At -h "$FONTAINE_PGHOST" -U fontaine_admin -d "$1" -c "SELECT count(*) FROM booking"
}
for d in "$BIG_DB" "${BIG_DB}_p"; do
    printf '%-26s bookings seen by fontaine_admin: default space %s, fontaine.space=2 %s, network scope %s\n' \
        "$([ "$d" = "$BIG_DB" ] && echo "0030:" || echo "with the proposal:")" \
        "$(seen "$d")" "$(seen "$d" "-c fontaine.space=2")" "$(seen "$d" "-c fontaine.scope=network")"
done
