#!/usr/bin/env bash
# dashboard_bench.sh: the staff dashboard (/admin/tableau-de-bord) with a year of synthetic
# data — 200+ uses a month (walk-ins and room days, counted by the view use_halfday), 1,000
# invoices issued through the real issuing trigger (numbers, hash chain), half of them paid,
# some cancelled by a credit note, grants — against nginx static serving a copy of the same
# page, in the same run: wrk -t2 -c64 with the staff session cookie. Prints requests/s, the
# ratio to static, latencies, and the page's statement count (header X-Fontaine-Queries).
#
# The data goes into last year (its own invoice counter, so the dates can run through the
# year in order) and the page shown is ?mois=<last year>-12: the 12 months of charts all
# hold data. Called with the FONTAINE_* variables of `./dev test` / `./dev bench`. A
# benchmark, not a test: it exits non-zero only when it cannot measure, never on a time.
#
# Knobs: BENCH_DURATION (10s), BENCH_WARMUP (2s), BENCH_CONNECTIONS (64), BENCH_THREADS (2).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/results.sh"

: "${FONTAINE_URL:?run me through ./dev bench}"
: "${FONTAINE_STATIC_URL:?run me through ./dev bench}"
: "${FONTAINE_VAR:?run me through ./dev bench}"
: "${FONTAINE_PGHOST:?run me through ./dev bench}"

DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-2s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
STATIC_DIR="$FONTAINE_VAR/bench"
WORK="$(mktemp -d /tmp/fontaine-dashboard-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

die() { printf 'dashboard_bench: %s\n' "$*" >&2; exit 1; }
for tool in wrk curl awk; do
    command -v "$tool" >/dev/null || die "missing $tool"
done
PSQL=(/usr/lib/postgresql/15/bin/psql -X -q -At -h "$FONTAINE_PGHOST" -U postgres
      -d "${FONTAINE_DB:-fontaine}" -v ON_ERROR_STOP=1)

YEAR="$(( $(date +%Y) - 1 ))"
MONTH="$YEAR-12"

# ---- a year of data (once per database) -------------------------------------------------------
# A grown database (tests/bench/grow.sh) has its ten years already: nothing is added to it.
GROWN="$("${PSQL[@]}" -c "SELECT count(*) FROM person WHERE email LIKE '%@grow.exemple.fr'")"
if [ "$GROWN" = 0 ] && [ "$("${PSQL[@]}" -c "SELECT count(*) FROM invoice WHERE customer_name LIKE 'Client banc %'")" = 0 ]; then
    echo "dashboard_bench: inserting a year of synthetic data in $YEAR…"
    t0=$(date +%s%N)
    "${PSQL[@]}" -v y="$YEAR" >/dev/null <<'SQL' || die "could not insert the synthetic year (is $YEAR closed, or invoiced already?)"
-- Uses: 12 walk-ins a weekday in the open space (about 260 a month) and a room day a week.
-- Recorded as they happened: the booking rules (no past, opening hours) are for new bookings.
SET session_replication_role = replica;
INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, contact_name)
SELECT r.id, false, d::date, CASE WHEN n % 2 = 0 THEN 'am' ELSE 'pm' END,
       (d::date + time '08:30') AT TIME ZONE 'Europe/Paris', (d::date + time '12:30') AT TIME ZONE 'Europe/Paris',
       'confirmed', 'walk_in', 'Visiteur banc'
FROM resource r, generate_series(make_date(:y, 1, 1), make_date(:y, 12, 31), interval '1 day') d,
     generate_series(1, 12) n
WHERE r.kind = 'open_space' AND extract(isodow FROM d) < 6;
INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, contact_name)
SELECT r.id, true, d::date, 'day', (d::date + time '08:30') AT TIME ZONE 'Europe/Paris',
       (d::date + time '18:30') AT TIME ZONE 'Europe/Paris', 'confirmed', 'room', 'Entreprise banc'
FROM resource r, generate_series(make_date(:y, 1, 2), make_date(:y, 12, 31), interval '7 days') d
WHERE r.kind = 'meeting_room';
SET session_replication_role = origin;
-- 1,000 invoices issued through the trigger, dated through the year in order (the DO block
-- reads the year from a setting: psql does not expand its variables inside $$…$$).
SELECT set_config('bench.year', :'y', false);
DO $$
DECLARE
    y int := current_setting('bench.year')::int;
    v bigint;
BEGIN
    FOR i IN 1..1000 LOOP
        INSERT INTO invoice (customer_name) VALUES ('Client banc ' || i) RETURNING id INTO v;
        INSERT INTO invoice_line (invoice_id, position, kind, description, quantity_milli, unit_price_cents, source_key)
        VALUES (v, 1, (ARRAY['membership', 'coworking', 'office', 'room', 'other'])[1 + i % 5], 'Prestation ' || i,
                1000, 1000 + i * 7, CASE WHEN i % 10 = 1 THEN 'formula:' || (800000000 + i) END);
        PERFORM invoice_issue(v, make_date(y, 1, 1) + (i * 360 / 1000));
    END LOOP;
END;
$$;
SQL
    "${PSQL[@]}" -v y="$YEAR" >/dev/null <<'SQL' || die "could not add payments, credit notes and grants"
INSERT INTO payment (invoice_id, paid_on, amount_cents, method)
SELECT id, issue_date + 10, gross_cents, 'virement' FROM invoice
WHERE customer_name LIKE 'Client banc %' AND kind = 'invoice' AND id % 2 = 0 ORDER BY id;
SELECT invoice_issue(credit_note_create(id), make_date(:y, 12, 31)) FROM invoice
WHERE customer_name LIKE 'Client banc %' AND kind = 'invoice' AND status = 'issued' AND id % 50 = 1 ORDER BY id;
INSERT INTO funding (funder_name, public, label, amount_cents, period_start, period_end, status)
VALUES ('Région (banc)', true, 'Fonctionnement', 1200000, make_date(:y, 1, 1), make_date(:y, 12, 31), 'received'),
       ('Ville (banc)', true, 'Animation', 300000, make_date(:y, 3, 1), make_date(:y, 12, 31), 'granted'),
       ('Fondation (banc)', false, 'Équipement', 500000, make_date(:y, 6, 1), make_date(:y, 6, 30), 'received');
SQL
    echo "dashboard_bench: data inserted in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
fi
"${PSQL[@]}" -v y="$YEAR" <<'SQL'
SELECT format('data of %s: %s uses (%s a month on average), %s invoices and credit notes, %s grants',
    :y, (SELECT count(*) FROM use_halfday WHERE extract(year FROM day) = :y),
    (SELECT count(*) / 12 FROM use_halfday WHERE extract(year FROM day) = :y),
    (SELECT count(*) FROM invoice WHERE status <> 'draft' AND extract(year FROM issue_date) = :y),
    (SELECT count(*) FROM funding WHERE extract(year FROM period_start) = :y));
SQL

# ---- the staff session ---------------------------------------------------------------------------
ADDR="127.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 1)).$((RANDOM % 250 + 1))"
JAR="$WORK/cookies"
CURL=(curl -sS --interface "$ADDR" -b "$JAR" -c "$JAR")
"${CURL[@]}" -o "$WORK/login.html" "$FONTAINE_URL/connexion"
CSRF="$(sed -n 's/.*<input type="hidden" name="csrf" value="\([^"]*\)">.*/\1/p' "$WORK/login.html" | head -n 1)"
code="$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$FONTAINE_URL/connexion" --data-urlencode "csrf=$CSRF" \
    --data-urlencode email=equipe@lafontaine-agen.example --data-urlencode mot_de_passe=fontaine-demo-2026 \
    --data-urlencode retour=/admin)"
[ "$code" = 303 ] || die "staff login answered $code"
SESSION="$(awk '$6 == "session" { v = $7 } END { print v }' "$JAR")"
[ -n "$SESSION" ] || die "no session cookie"

PAGE="/admin/tableau-de-bord?mois=$MONTH"
code="$(curl -sS -o "$WORK/page.html" -D "$WORK/head.txt" -w '%{http_code}' -H "Cookie: session=$SESSION" "$FONTAINE_URL$PAGE")"
[ "$code" = 200 ] || die "GET $PAGE answered $code"
QUERIES="$(awk -F': ' 'tolower($1) == "x-fontaine-queries" { gsub(/\r/, "", $2); print $2 }' "$WORK/head.txt")"
mkdir -p "$STATIC_DIR"
cp "$WORK/page.html" "$STATIC_DIR/dashboard.html"

# Sequential latency: the median of 20 single requests.
for _ in $(seq 20); do
    curl -sS -o /dev/null -w '%{time_total}\n' -H "Cookie: session=$SESSION" "$FONTAINE_URL$PAGE"
done | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f\n", a[int((NR + 1) / 2)] * 1000 }' >"$WORK/alone"
printf 'single request (sequential, median of 20): %s ms\n' "$(cat "$WORK/alone")"
result dashboard_ms "$(cat "$WORK/alone")"
# The other staff pages that read all history, sequential, median of 20 each.
# Bounded: a page slower than half a second is timed 3 times, one slower than 10 s once;
# never more than 90 s a request.
for p in /admin/factures /admin/accueil /admin/membres /admin/factures/verification; do
    read -r code first < <(curl -sS -o /dev/null --max-time 90 -w '%{http_code} %{time_total}\n' \
                               -H "Cookie: session=$SESSION" "$FONTAINE_URL$p" || echo "000 90")
    n=20
    if awk -v t="$first" 'BEGIN { exit !(t > 0.5) }'; then n=3; fi
    if awk -v t="$first" 'BEGIN { exit !(t > 10) }'; then n=0; fi   # past 10 s: that one
    ms="$(for _ in $(seq "$n"); do
              curl -sS -o /dev/null --max-time 90 -w '%{time_total}\n' -H "Cookie: session=$SESSION" "$FONTAINE_URL$p" || echo 90
          done | sort -n | awk -v f="$first" '{ a[NR] = $1 } END { if (NR == 0) { a[1] = f; NR = 1 }
                                                 printf "%.1f", a[int((NR + 1) / 2)] * 1000 }')"
    [ "$n" -gt 0 ] || n=1
    printf '%-34s %8s ms (sequential, median of %s; HTTP %s)\n' "$p" "$ms" "$n" "$code"
    key="${p#/admin/}"; key="${key//\//_}"
    if [ "$code" = 200 ]; then result "staff_${key}_ms" "$ms"; fi
done

# wrk_run NAME URL [HEADER]: prints NAME req/s p50 p99 and returns the req/s in $RPS.
wrk_run() {
    local name="$1" url="$2" out
    local hdr=()
    [ -n "${3:-}" ] && hdr=(-H "$3")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${hdr[@]}" "$url" >/dev/null 2>&1 || true
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${hdr[@]}" "$url")" || die "wrk failed on $url"
    RPS="$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")"
    local p50 p99 non2xx
    p50="$(awk '$1 == "50%" { print $2 }' <<<"$out")"
    p99="$(awk '$1 == "99%" { print $2 }' <<<"$out")"
    non2xx="$(awk '/Non-2xx/ { print $NF }' <<<"$out")"
    printf '%-34s %10s req/s   p50 %8s   p99 %8s%s\n' "$name" "$RPS" "$p50" "$p99" \
        "${non2xx:+   non-2xx: $non2xx}"
}

echo "dashboard ($(wc -c <"$WORK/page.html") bytes, $QUERIES statements per page: session, organisation (cached 1 s), 9 aggregates)"
wrk_run "nginx static copy" "$FONTAINE_STATIC_URL/dashboard.html"
STATIC_RPS="$RPS"
wrk_run "dashboard (staff session)" "$FONTAINE_URL$PAGE" "Cookie: session=$SESSION"
DASH_RPS="$RPS"
result dashboard_rps "${DASH_RPS%.*}" "${STATIC_RPS%.*}"
awk -v d="$DASH_RPS" -v s="$STATIC_RPS" 'BEGIN { if (s > 0) printf "ratio dashboard / static: %.4f\n", d / s }'
wrk_run "one chart as CSV (recettes.csv)" "$FONTAINE_URL/admin/tableau-de-bord/recettes.csv?mois=$MONTH" "Cookie: session=$SESSION"
