#!/usr/bin/env bash
# grow.sh [--years N]: fill the database with N years (10) of synthetic activity, ending last
# month: ~500 members, ~100,000 desk uses (half-days), ~5,000 room bookings, ~200 events a
# year, and the invoices of every month, made by the product's own monthly run. Run by
# `./dev bench` (on its ten-year stack) and by `./dev grow` (on the dev stack); needs
# FONTAINE_PGHOST (and FONTAINE_DB, default fontaine).
#
# Two parts:
#   1. tests/bench/grow.sql, set-wise (INSERT … SELECT), with the product's triggers and
#      constraints on (see its header for the one trigger set aside, and why);
#   2. month after month, in order: invoice_run(month) (the run's own sources: membership
#      fees, carnets, monthly formulas, room bookings and unit half-days), and in a second
#      session, as soon as a month's drafts are made, CALL invoice_issue_month(month, first
#      day of the next month) (numbers, totals, the hash chain, committed every 50), a few
#      credit notes (credit_note_create + invoice_issue);
#      then every invoice paid 3 to 45 days after its issue (payment triggers: paid status,
#      membership paid), but for 3 % left unpaid and the last month's half;
#   3. fontaine-invoicectl verify on the result (numbers, canonical texts, hashes, chain): the
#      fill fails if the grown database does not verify.
# Knobs: GROW_MEMBERS (500 a year), GROW_USES (100000 a year), GROW_ROOM_BOOKINGS (5000 a year),
# GROW_EVENTS (200 a year).
set -euo pipefail
: "${FONTAINE_PGHOST:?run me through ./dev grow or ./dev bench}"
DB="${FONTAINE_DB:-fontaine}"
YEARS=10
while [ $# -gt 0 ]; do
    case "$1" in
        --years) YEARS="${2:?--years needs a number}"; shift 2 ;;
        *) echo "grow: unknown argument $1" >&2; exit 2 ;;
    esac
done
case "$YEARS" in ''|*[!0-9]*|0) echo "grow: --years takes a whole number of years" >&2; exit 2 ;; esac
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The fill is thrown away if anything fails: its commits need not wait for the disk.
export PGOPTIONS="${PGOPTIONS:-} -c synchronous_commit=off"
PSQL=(/usr/lib/postgresql/15/bin/psql -X -q -At -h "$FONTAINE_PGHOST" -U postgres -d "$DB" -v ON_ERROR_STOP=1)
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", b - a }'; }

if [ "$("${PSQL[@]}" -c "SELECT count(*) FROM person WHERE email LIKE '%@grow.exemple.fr'")" != 0 ]; then
    echo "grow: this database is grown already"
    exit 0
fi
t0="$(now)"
echo "grow: $YEARS years of activity, set-wise part (tests/bench/grow.sql)…"
"${PSQL[@]}" -v years="$YEARS" -v members="${GROW_MEMBERS:-500}" -v uses="${GROW_USES:-100000}" \
    -v room_bookings="${GROW_ROOM_BOOKINGS:-5000}" -v events="${GROW_EVENTS:-200}" -f "$HERE/grow.sql"
t1="$(now)"
echo "grow: set-wise part in $(secs "$t0" "$t1") s; monthly invoice runs…"

months="$("${PSQL[@]}" -c "SELECT string_agg(m::date::text, ' ' ORDER BY m) FROM grow.span,
    generate_series(span.first, span.last, interval '1 month') m")"
# Three sessions at once, month by month, in order (a pipeline: each passes the month on when
# it is done with it): the first makes the month's drafts (the run reads the sources and the
# lines already drafted or issued: a month's run needs no earlier month issued), the second
# issues them (the chain and the numbers are the issuer's alone, taken in order) and cancels a
# few by a credit note, the third records the month's payments (payment triggers: paid
# status, membership paid): every invoice paid 3 to 45 days after its issue, but for 3 % left
# unpaid and half of the last month's.
runs() {
    for m in $months; do
        "${PSQL[@]}" -v m="$m" >/dev/null <<<"SELECT invoice_run(:'m'::date);"
        echo "$m"
    done
}
issues() {
    while read -r m; do
        # One psql per month: the procedure commits as it goes (outside a transaction block).
        "${PSQL[@]}" -v m="$m" >/dev/null <<'SQL'
-- Issued the first day of the next month; never before a document the series already dated
-- (the demo's invoices are issued on the day the stack was made: this year's months are then
-- issued that day, late).
SELECT least((:'m'::date + interval '1 month')::date, paris_today()) AS d \gset
SELECT greatest(:'d'::date, (SELECT max(last_date) FROM invoice_counter WHERE series = 'F'
                             AND year = extract(year FROM :'d'::date))) AS f,
       greatest(:'d'::date, (SELECT max(last_date) FROM invoice_counter WHERE series = 'A'
                             AND year = extract(year FROM :'d'::date))) AS a \gset
CALL invoice_issue_month(:'m'::date, :'f'::date);
SELECT invoice_issue(credit_note_create(id), :'a'::date) FROM invoice
WHERE run_month = :'m'::date AND kind = 'invoice' AND status = 'issued' AND id % 150 = 7 ORDER BY id;
SQL
        echo "$m"
    done
}
payments() {
    while read -r m; do
        "${PSQL[@]}" -v m="$m" >/dev/null <<'SQL'
INSERT INTO payment (invoice_id, paid_on, amount_cents, method, reference)
SELECT i.id, least(i.issue_date + 3 + ((i.id * 7919) % 43)::int, paris_today()), i.gross_cents,
       (ARRAY['virement', 'prelevement', 'carte', 'cheque', 'especes'])[1 + i.id % 5], 'Règlement ' || i.number
FROM invoice i, grow.span
WHERE i.run_month = :'m'::date AND i.kind = 'invoice' AND i.status = 'issued' AND i.gross_cents > 0
  AND i.id % 33 <> 5 AND (i.run_month < date_trunc('month', span.last) OR i.id % 2 = 0)
ORDER BY i.id;
SQL
        case "$m" in *-01-01) printf '  %s: %s documents so far (%s s)\n' "$m" \
            "$("${PSQL[@]}" -c "SELECT count(*) FROM invoice WHERE status <> 'draft'")" "$(secs "$t1" "$(now)")" ;; esac
    done
}
runs | issues | payments
t2="$(now)"
echo "grow: monthly runs, issues and payments in $(secs "$t1" "$t2") s"
# VACUUM too: ten years of a live database are ten years of autovacuum, which a fill of a few
# minutes leaves behind (the unpaid invoices' index-only scan of the dashboard fetched 4,000
# heap pages before it came: 5-10 ms against 1.2-1.9 ms after, one session on a loaded machine);
# the copy then starts as it would.
"${PSQL[@]}" -c "VACUUM (ANALYZE)" >/dev/null
t3="$(now)"
"${PSQL[@]}" <<'SQL'
SELECT format('grow: %s people, %s desk uses (use_halfday, open space), %s room bookings, %s events, %s registrations, %s issued documents (%s credit notes), %s payments, %s months run',
    (SELECT count(*) FROM person), (SELECT count(*) FROM booking WHERE NOT exclusive AND status = 'confirmed'),
    (SELECT count(*) FROM booking WHERE source = 'room'), (SELECT count(*) FROM event),
    (SELECT count(*) FROM registration), (SELECT count(*) FROM invoice WHERE status <> 'draft'),
    (SELECT count(*) FROM invoice WHERE kind = 'credit_note'), (SELECT count(*) FROM payment),
    (SELECT count(DISTINCT run_month) FROM invoice));
SQL
# The documents issued above, checked by the product's own verifier: every number in sequence,
# every hash re-computed in C from the canonical text and chained (fontaine-invoicectl verify).
# A grown database that does not verify is no database to measure: the fill fails.
CTL="${FONTAINE_INVOICECTL:-$HERE/../../build/cgi/fontaine-invoicectl}"
if [ -n "${FONTAINE_CONFIG:-}" ] && [ -x "$CTL" ]; then
    echo "grow: fontaine-invoicectl verify…"
    out="$(timeout "${GROW_VERIFY_SECONDS:-600}" "$CTL" -c "$FONTAINE_CONFIG" verify 2>&1)" || {
        printf 'grow: verify FAILED on the grown database:\n%s\n' "$out" >&2; exit 1; }
    t4="$(now)"
    echo "grow: verify in $(secs "$t3" "$t4") s: $out"
else
    t4="$t3"
    echo "grow: verify skipped (no FONTAINE_CONFIG or no $CTL)" >&2
fi
echo "grow: total $(secs "$t0" "$t4") s"

