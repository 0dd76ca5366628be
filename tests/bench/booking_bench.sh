#!/usr/bin/env bash
# booking_bench.sh: figures for the booking program (issue 6), printed, never enforced.
#
#  1. The availability page of the conference room for one week, uncached (a `session`
#     cookie makes nginx bypass its micro-cache, so every request reaches the program and
#     runs the availability query), against nginx serving the same bytes as a static file,
#     in the same run: wrk -t2 -c64 -d10s --latency; req/s, p50, p99, ratio.
#  2. Booking creation: committed bookings per second through what the program calls: the hold
#     (room_reserve: validation trigger, price, caps under their advisory locks, exclusion
#     constraint, option lines, the mail queued) and its confirmation by the mailed link
#     (booking_confirm_hold), both in one transaction here, on distinct slots of a throwaway
#     room, by pgbench with 8 clients, synchronous_commit on. The booking horizon (12 months)
#     is lifted for the run (restored after), so that slots from 2040 on can be used.
#     `SHOW fsync` is printed beside the figure: the test cluster runs with fsync off, where
#     a "durable" commit costs no disk flush, so that figure overstates a production disk.
#
# Environment: what ./dev test exports (FONTAINE_URL, FONTAINE_STATIC_URL, FONTAINE_VAR,
# FONTAINE_PGHOST, FONTAINE_DB). Knobs: BENCH_DURATION (10s), BENCH_CONNECTIONS (64),
# BENCH_THREADS (2), BENCH_PG_CLIENTS (8), BENCH_PG_SECONDS (10).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/results.sh"

: "${FONTAINE_URL:?export the FONTAINE_* variables (see test_env in dev)}"
: "${FONTAINE_STATIC_URL:?}"
: "${FONTAINE_VAR:?}"
: "${FONTAINE_PGHOST:?}"
DB="${FONTAINE_DB:-fontaine}"
DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
PG_CLIENTS="${BENCH_PG_CLIENTS:-8}"
PG_SECONDS="${BENCH_PG_SECONDS:-10}"
PGBIN=/usr/lib/postgresql/15/bin
STATIC_DIR="$FONTAINE_VAR/bench"
WORK="$(mktemp -d /tmp/fontaine-booking-bench.XXXXXX)"
BENCH_SLUG="bench-salle-$$"

die() { printf 'booking_bench: %s\n' "$*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk is not installed (Debian package wrk)"
[ -x "$PGBIN/pgbench" ] || die "no $PGBIN/pgbench"

q() { "$PGBIN/psql" -X -q -At -h "$FONTAINE_PGHOST" -U postgres -d "$DB" -v ON_ERROR_STOP=1 "$@"; }

HORIZON="$(q -c "SELECT value FROM app_setting WHERE key = 'booking_horizon_months'")"
cleanup() {
    q -c "UPDATE app_setting SET value = '${HORIZON:-12}' WHERE key = 'booking_horizon_months'" >/dev/null 2>&1 || true
    q -c "DELETE FROM outbox WHERE to_addr LIKE 'banc.%@example.org';
          DELETE FROM booking WHERE resource_id IN (SELECT id FROM resource WHERE slug = '$BENCH_SLUG');
          DELETE FROM resource WHERE slug = '$BENCH_SLUG'; DROP SCHEMA IF EXISTS booking_bench CASCADE;" \
        >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

to_ms() {
    awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.2f", n }'
}
run_wrk() { # NAME URL [HEADER]
    local name="$1" url="$2" args=()
    [ $# -ge 3 ] && args=(-H "$3")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "${args[@]}" "$url" >/dev/null
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${args[@]}" "$url" >"$WORK/$name.out"
}
field() { # NAME rps|p50|p99|errors
    local f="$WORK/$1.out"
    case "$2" in
        rps) awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f" ;;
        p50) to_ms "$(awk '$1 == "50%" { print $2 }' "$f")" ;;
        p99) to_ms "$(awk '$1 == "99%" { print $2 }' "$f")" ;;
        errors) awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
                     END { print n + 0 }' "$f" ;;
    esac
}

# ---- 1. the week's availability page vs static -----------------------------------------------
week="$(q -c "SELECT to_char(current_date + 14, 'IYYY-\"W\"IW')")"
page="/disponibilites/salle-de-conference?semaine=$week"
mkdir -p "$STATIC_DIR"
code="$(curl -sS -o "$STATIC_DIR/booking_week.html" -w '%{http_code}' -H 'Cookie: session=bench' "$FONTAINE_URL$page")"
[ "$code" = 200 ] || die "$page answered $code"
curl -sS -o "$WORK/check" "$FONTAINE_STATIC_URL/booking_week.html"
cmp -s "$STATIC_DIR/booking_week.html" "$WORK/check" || die "the static copy is not served as is"
cache="$(curl -sS -o /dev/null -D - -H 'Cookie: session=bench' "$FONTAINE_URL$page" | tr -d '\r' |
         awk -F': ' 'tolower($1) == "x-cache-status" { print $2 }')"
printf 'availability page %s: %d bytes, X-Cache-Status with the session cookie: %s\n' \
    "$page" "$(stat -c %s "$STATIC_DIR/booking_week.html")" "${cache:-none}"
run_wrk static "$FONTAINE_STATIC_URL/booking_week.html"
run_wrk week "$FONTAINE_URL$page" 'Cookie: session=bench'
s_rps="$(field static rps)"; w_rps="$(field week rps)"
printf '%-34s %9s %9s %9s %8s\n' "" "req/s" "p50 ms" "p99 ms" "errors"
printf '%-34s %9s %9s %9s %8s\n' "nginx static (same bytes)" "$s_rps" "$(field static p50)" "$(field static p99)" "$(field static errors)"
printf '%-34s %9s %9s %9s %8s\n' "availability week, uncached" "$w_rps" "$(field week p50)" "$(field week p99)" "$(field week errors)"
result week_rps "$w_rps" "$s_rps"; result week_p99 "$(field week p99)"
awk -v a="$w_rps" -v b="$s_rps" 'BEGIN { printf "ratio uncached/static: %.3f (target >= 0.12; p99 target <= 20 ms)\n", (b > 0 ? a / b : 0) }'

# ---- 2. committed bookings per second ------------------------------------------------------------
fsync="$(q -c 'SHOW fsync')"
q >/dev/null <<SQL
INSERT INTO resource (kind, slug, name, description, capacity, exclusive, active, sort_order)
VALUES ('meeting_room', '$BENCH_SLUG', 'Salle de banc d’essai', 'Créée et supprimée par booking_bench.sh', 12, true, true, 99);
CREATE SCHEMA booking_bench;
-- Every open half-day from 2040 on: distinct slots, one per booking.
CREATE TABLE booking_bench.slot AS
SELECT row_number() OVER (ORDER BY d, s) AS id, d::date AS day, s AS slot
FROM generate_series(date '2040-01-01', date '2099-12-31', interval '1 day') d, (VALUES ('am'), ('pm')) v (s)
WHERE extract(isodow FROM d) BETWEEN 1 AND 5 AND closed_reason(d::date, NULL) IS NULL;
-- Looked up by id once per booking: without a key, that was a scan of 30,000 rows (~1 ms)
-- counted in every booking's time although it is the bench's own work.
ALTER TABLE booking_bench.slot ADD PRIMARY KEY (id);
CREATE SEQUENCE booking_bench.pick;
UPDATE app_setting SET value = '1200' WHERE key = 'booking_horizon_months';
CREATE FUNCTION booking_bench.book() RETURNS bigint LANGUAGE plpgsql AS \$\$
DECLARE v booking_bench.slot%ROWTYPE; k bigint := nextval('booking_bench.pick'); b record;
    c bytea := sha256(convert_to('confirm' || k || random()::text, 'UTF8'));
BEGIN
    SELECT * INTO v FROM booking_bench.slot WHERE id = k;
    SELECT * INTO b FROM room_reserve((SELECT id FROM resource WHERE slug = '$BENCH_SLUG'), v.day, v.slot,
        NULL, NULL, NULL, 'Banc d’essai SA', '732829320', '1 rue du Banc', '47000', 'Agen', 'Test',
        'banc.' || k || '@example.org', '', '', 4, ARRAY['accueil_cafe'], NULL,
        sha256(convert_to('manage' || k || random()::text, 'UTF8')), false, c, '10.0.0.0'::inet + k,
        'Confirmez votre réservation', 'texte', NULL, NULL, NULL);
    PERFORM booking_confirm_hold(c, sha256(convert_to('manage2' || k || random()::text, 'UTF8')),
        'Réservation confirmée', 'texte', NULL, NULL);
    RETURN b.booking_id;
END \$\$;
SQL
slots="$(q -c 'SELECT count(*) FROM booking_bench.slot')"
echo 'SELECT booking_bench.book();' >"$WORK/book.sql"
PGOPTIONS='-c synchronous_commit=on' "$PGBIN/pgbench" -n -h "$FONTAINE_PGHOST" -U postgres -M prepared \
    -c "$PG_CLIENTS" -j 2 -T "$PG_SECONDS" -f "$WORK/book.sql" "$DB" >"$WORK/pgbench.out" 2>&1 ||
    { cat "$WORK/pgbench.out" >&2; die "pgbench failed"; }
made="$(q -c "SELECT count(*) FROM booking WHERE resource_id = (SELECT id FROM resource WHERE slug = '$BENCH_SLUG') AND status = 'confirmed'")"
tps="$(awk '/^tps = / { printf "%.0f", $3 }' "$WORK/pgbench.out")"
lat="$(awk '/^latency average/ { print $4 }' "$WORK/pgbench.out")"
failed="$(awk '/number of failed transactions/ { print $5 }' "$WORK/pgbench.out")"
printf 'booking creation (room_reserve + booking_confirm_hold, distinct slots of %s, %s clients, %ss): %s committed bookings/s, latency avg %s ms, failed %s; %s bookings in the table\n' \
    "$slots" "$PG_CLIENTS" "$PG_SECONDS" "$tps" "$lat" "${failed:-0}" "$made"
result booking_commits "$tps"; result booking_fsync "$fsync"
printf '  synchronous_commit=on, fsync=%s%s (target >= 1000/s)\n' "$fsync" \
    "$([ "$fsync" = off ] && echo ': commits are not flushed to disk on this cluster, a production disk is slower')"

# 3. The same with a webhook endpoint registered for the booking events (issue 18): each
#    booking then queues deliveries in its transaction. Before 0050 every one of them sent a
#    NOTIFY, and commits that notify are serialised on one lock held until their commit record
#    is flushed; the doorbell (0050) sends one per claim of the deliverer. The figure without an
#    endpoint, just above, is the baseline. The endpoint's address is refused by the deliverer
#    (not in webhooks_allow), so it claims and records failures as it would for a dead receiver.
q -c "INSERT INTO webhook_endpoint (space_id, url, events, description)
      VALUES (1, 'http://127.0.0.9/banc', ARRAY['booking.created', 'booking.changed'], 'booking_bench $BENCH_SLUG')" >/dev/null
PGOPTIONS='-c synchronous_commit=on' "$PGBIN/pgbench" -n -h "$FONTAINE_PGHOST" -U postgres -M prepared \
    -c "$PG_CLIENTS" -j 2 -T "$PG_SECONDS" -f "$WORK/book.sql" "$DB" >"$WORK/pgbench-webhook.out" 2>&1 ||
    { cat "$WORK/pgbench-webhook.out" >&2; die "pgbench (with a webhook endpoint) failed"; }
wtps="$(awk '/^tps = / { printf "%.0f", $3 }' "$WORK/pgbench-webhook.out")"
queued="$(q -c "SELECT count(*) FROM webhook_delivery d JOIN webhook_endpoint w ON w.id = d.endpoint_id
                WHERE w.description = 'booking_bench $BENCH_SLUG'")"
q -c "UPDATE webhook_endpoint SET active = false, disabled_at = now() WHERE description = 'booking_bench $BENCH_SLUG'" >/dev/null
printf 'booking creation with a webhook endpoint registered: %s committed bookings/s (%s deliveries queued), %s of the figure without\n' \
    "$wtps" "$queued" "$(awk -v a="$wtps" -v b="$tps" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')"
result booking_commits_webhook "$wtps" "$tps"
