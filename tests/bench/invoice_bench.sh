#!/usr/bin/env bash
# invoice_bench.sh: invoicing figures (issue 7), printed, never enforced.
#
#   1. The monthly run for 5,000 customers (created here with generate_series: a pending
#      membership fee and a monthly open-space formula each): fontaine-invoicectl run
#      (drafts), then issue-drafts (numbers, totals, hash chain), each timed; then verify
#      (the whole chain re-hashed in C). Target: run + issue ≤ 5 s (issue 16).
#   2. The customer's invoice page /factures/<token> against nginx serving a static copy of
#      the same bytes, in the same run: wrk -t2 -c64 -d10s --latency, req/s, p50/p99, ratio.
#
# Environment (as ./dev bench / ./dev test export it): FONTAINE_URL, FONTAINE_STATIC_URL,
# FONTAINE_VAR, FONTAINE_CONFIG, FONTAINE_PGHOST, FONTAINE_DB, FONTAINE_SRC. Use a throwaway
# stack: it adds 5,000 people and 5,000 issued invoices. Knobs: BENCH_CUSTOMERS (5000),
# BENCH_DURATION (10s), BENCH_CONNECTIONS (64), BENCH_THREADS (2).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/results.sh"
: "${FONTAINE_URL:?run me with the variables of ./dev test}"
: "${FONTAINE_STATIC_URL:?}" "${FONTAINE_VAR:?}" "${FONTAINE_CONFIG:?}" "${FONTAINE_PGHOST:?}" "${FONTAINE_SRC:?}"
DB="${FONTAINE_DB:-fontaine}"
CUSTOMERS="${BENCH_CUSTOMERS:-5000}"
DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
CTL="${FONTAINE_INVOICECTL:-$FONTAINE_SRC/build/cgi/fontaine-invoicectl}"
PSQL=/usr/lib/postgresql/15/bin/psql
WORK="$(mktemp -d /tmp/fontaine-invbench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
die() { printf 'invoice_bench: %s\n' "$*" >&2; exit 1; }
sql() { "$PSQL" -X -q -At -h "$FONTAINE_PGHOST" -U postgres -d "$DB" -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
command -v wrk >/dev/null || die "wrk is not installed (Debian package wrk)"
[ -x "$CTL" ] || die "no $CTL"

TAG="bench$(date +%s)"
month="$(sql -c "SELECT to_char(paris_today(), 'YYYY-MM')")"
echo "== monthly run, $CUSTOMERS customers, month $month (fsync=$(sql -c 'SHOW fsync'), synchronous_commit=$(sql -c 'SHOW synchronous_commit'))"
sql -v tag="$TAG" -v n="$CUSTOMERS" >/dev/null <<'SQL'
INSERT INTO person (email, first_name, last_name, profile, status, billing_street, billing_postcode, billing_city)
SELECT 'c' || g || '.' || :'tag' || '@example.org', 'Client', 'N' || g, 'independant', 'pending',
       g || ' rue de la Bench', '47000', 'Agen'
FROM generate_series(1, :'n'::int) g;
INSERT INTO membership (person_id, starts_on, ends_on, fee_cents)
SELECT id, date_trunc('year', paris_today())::date, (date_trunc('year', paris_today()) + interval '1 year - 1 day')::date, 2000
FROM person WHERE email LIKE '%.' || :'tag' || '@example.org';
INSERT INTO person_formula (person_id, price_code, unit_cents, member_price, status, starts_on)
SELECT p.id, (SELECT code FROM price WHERE unit = 'le mois' AND category = 'coworking' LIMIT 1), 15000, true,
       'active', date_trunc('month', paris_today())::date
FROM person p WHERE p.email LIKE '%.' || :'tag' || '@example.org'
  AND EXISTS (SELECT 1 FROM price WHERE unit = 'le mois' AND category = 'coworking');
ANALYZE person; ANALYZE membership; ANALYZE person_formula; ANALYZE invoice; ANALYZE invoice_line;
SQL
t0="$(now)"; out_run="$("$CTL" -c "$FONTAINE_CONFIG" run "$month")"; t1="$(now)"
out_issue="$("$CTL" -c "$FONTAINE_CONFIG" issue-drafts "$month")"; t2="$(now)"
out_run2="$("$CTL" -c "$FONTAINE_CONFIG" run "$month")"; t3="$(now)"
# Bounded: verify and the SQL walk stop after BENCH_VERIFY_SECONDS (300) each; a figure that
# ran out of time is printed as such and not recorded.
VERIFY_MAX="${BENCH_VERIFY_SECONDS:-300}"
out_verify="$(timeout "$VERIFY_MAX" "$CTL" -c "$FONTAINE_CONFIG" verify)" || out_verify="${out_verify:-stopped after $VERIFY_MAX s}"; t4="$(now)"
run_s="$(elapsed "$t0" "$t1")"; issue_s="$(elapsed "$t1" "$t2")"
printf '%-44s %8s s   (%s)\n' "run (drafts)" "$run_s" "$out_run"
printf '%-44s %8s s   (%s)\n' "issue-drafts (numbers, totals, hash chain)" "$issue_s" "$out_issue"
printf '%-44s %8s s   target ≤ 5 s\n' "run + issue" "$(awk -v a="$run_s" -v b="$issue_s" 'BEGIN { printf "%.2f", a + b }')"
printf '%-44s %8s s   (%s)\n' "run again (nothing twice)" "$(elapsed "$t2" "$t3")" "$out_run2"
printf '%-44s %8s s   (%s)\n' "verify (whole chain re-hashed in C)" "$(elapsed "$t3" "$t4")" "$out_verify"
docs="$(sql -c "SELECT count(*) FROM invoice WHERE status <> 'draft'")"
customers="$(sql -c "SELECT count(DISTINCT person_id) FROM invoice WHERE run_month = date_trunc('month', paris_today())::date")"
result run_customers "$customers"
result run_issue_s "$(awk -v a="$run_s" -v b="$issue_s" 'BEGIN { printf "%.2f", a + b }')"
result verify_docs "$docs"
case "$out_verify" in "stopped after"*) ;; *) result verify_s "$(elapsed "$t3" "$t4")" ;; esac
# The SQL walk of the chain, and the closing of last year (in a transaction rolled back: the
# work is done, the period stays open).
t5="$(now)"
out_sqlverify="$(PGOPTIONS="-c statement_timeout=${VERIFY_MAX}s" sql -c 'SELECT ok, checked FROM invoice_chain_verify()' 2>&1)" ||
    out_sqlverify="stopped after $VERIFY_MAX s"
t6="$(now)"
printf '%-44s %8s s   (%s)\n' "invoice_chain_verify() (SQL)" "$(elapsed "$t5" "$t6")" "$out_sqlverify"
case "$out_sqlverify" in "stopped after"*) ;; *) result chain_verify_s "$(elapsed "$t5" "$t6")" ;; esac
year="$(( $(date +%Y) - 1 ))"
year_docs="$(sql -c "SELECT count(*) FROM invoice WHERE status <> 'draft' AND extract(year FROM issue_date) = $year")"
t7="$(now)"
out_close="$(sql 2>&1 <<SQL
BEGIN;
SELECT period_close('year', make_date($year, 1, 1)) AS closing \\gset
SELECT doc_count FROM period_closing WHERE id = :closing;
ROLLBACK;
SQL
)" || true
t8="$(now)"
printf '%-44s %8s s   (%s documents: %s)\n' "period_close('year', $year) (rolled back)" "$(elapsed "$t7" "$t8")" "$year_docs" "$out_close"
# Recorded only when the closing ran and counted its documents (an error is no figure). The
# closing is read in a statement of its own: the one that calls period_close() does not see
# the row it inserts (its snapshot is older), which left this figure out of every summary.
result period_close_docs "$year_docs"
case "$out_close" in ""|*[!0-9]*) ;; *) result period_close_s "$(elapsed "$t7" "$t8")" ;; esac

echo "== the customer's invoice page vs nginx static (wrk -t$THREADS -c$CONNECTIONS -d$DURATION)"
token="$(sql -v tag="$TAG" <<<"SELECT i.public_token FROM invoice i JOIN person p ON p.id = i.person_id WHERE p.email = 'c1.' || :'tag' || '@example.org' AND i.status <> 'draft';")"
[ -n "$token" ] || token="$(sql -c "SELECT public_token FROM invoice WHERE status <> 'draft' ORDER BY id LIMIT 1")"
[ -n "$token" ] || die "no issued invoice to show"
url="$FONTAINE_URL/factures/$token"
code="$(curl -s -o "$WORK/page.html" -w '%{http_code}' "$url")"
[ "$code" = 200 ] || die "$url answered $code"
mkdir -p "$FONTAINE_VAR/bench"
cp "$WORK/page.html" "$FONTAINE_VAR/bench/invoice.html"
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u); if (u == "us") n /= 1000; else if (u == "s") n *= 1000; printf "%.2f", n }'; }
measure() {
    wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "$2" >/dev/null
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$2" >"$WORK/$1.out"
    printf '%s %s %s %s\n' "$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$WORK/$1.out")" \
        "$(to_ms "$(awk '$1 == "50%" { print $2 }' "$WORK/$1.out")")" \
        "$(to_ms "$(awk '$1 == "99%" { print $2 }' "$WORK/$1.out")")" \
        "$(awk '/Non-2xx or 3xx responses:/ { n += $NF } END { print n + 0 }' "$WORK/$1.out")"
}
read -r s_rps s_p50 s_p99 s_err < <(measure static "$FONTAINE_STATIC_URL/invoice.html")
read -r p_rps p_p50 p_p99 p_err < <(measure page "$url")
result invoice_page_rps "$p_rps" "$s_rps"
printf '%-30s %10s %10s %10s %8s\n' "" "req/s" "p50 ms" "p99 ms" "errors"
printf '%-30s %10s %10s %10s %8s\n' "nginx static ($(wc -c <"$WORK/page.html") bytes)" "$s_rps" "$s_p50" "$s_p99" "$s_err"
printf '%-30s %10s %10s %10s %8s\n' "/factures/<token>" "$p_rps" "$p_p50" "$p_p99" "$p_err"
printf 'ratio page / static: %s (two prepared queries + ctemplate; guide: 0.12× for one query)\n' \
    "$(awk -v a="$p_rps" -v b="$s_rps" 'BEGIN { printf "%.3f", b ? a / b : 0 }')"
