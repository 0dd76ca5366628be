#!/usr/bin/env bash
# summary.sh EMPTY.tsv [TENYEAR.tsv]: the one table `./dev bench` ends with (issue 16). Reads
# the figures the measurements wrote (tests/bench/results.sh: KEY, VALUE, BASELINE of the same
# run), for the demo database and for the ten-year one, and prints for each figure of the
# issue: its value, its baseline and ratio, the target, whether it is met, at both databases,
# and for every page whether its ten-year figure stays within 1.2× of its demo figure.
# Never fails on a figure: a missing one is printed as "—".
set -euo pipefail
EMPTY="${1:?usage: summary.sh EMPTY.tsv [TENYEAR.tsv]}"
TEN="${2:-/dev/null}"
[ -f "$EMPTY" ] || EMPTY=/dev/null
[ -f "$TEN" ] || TEN=/dev/null

# key | label | target: ratio>=X (value / baseline), <=X or >=X (value) | page (1: the
# ten-year figure should stay within 1.2x of the demo one; for req/s higher is better, for
# times lower)
SPEC='index_cached_rps|/ cached (req/s)|ratio>=0.9|1
tarifs_cached_rps|/tarifs cached (req/s)|ratio>=0.9|1
rss_cached_rps|RSS cached (req/s)|ratio>=0.9|1
rss_304_rps|RSS 304, If-None-Match (req/s)|ratio>=0.9|1
index_uncached_rps|/ uncached (req/s)|ratio>=0.18|1
index_uncached_p99|/ uncached p99 (ms)|<=20|1
tarifs_uncached_rps|/tarifs uncached (req/s)|ratio>=0.18|1
tarifs_uncached_p99|/tarifs uncached p99 (ms)|<=20|1
rss_uncached_rps|RSS uncached (req/s)|ratio>=0.18|1
rss_uncached_p99|RSS uncached p99 (ms)|<=20|1
events_uncached_rps|/evenements uncached (req/s)|ratio>=0.18|1
events_uncached_p99|/evenements uncached p99 (ms)|<=20|1
invoice_page_rps|/factures/<token> (req/s)|ratio>=0.18|1
adhesion_rps|/adhesion, session (req/s)|ratio>=0.15|1
adhesion_p99|/adhesion p99 (ms)|<=20|1
compte_rps|/compte logged in (req/s)|ratio>=0.15|1
compte_p99|/compte p99 (ms)|<=20|1
week_rps|availability week uncached (req/s)|ratio>=0.15|1
week_p99|availability week p99 (ms)|<=20|1
dashboard_ms|dashboard alone, median (ms)|<=10|1
dashboard_rps|dashboard, 64 conn. (req/s)|>=1000|1
staff_factures_ms|/admin/factures, median (ms)|-|1
staff_accueil_ms|/admin/accueil, median (ms)|-|1
staff_membres_ms|/admin/membres, median (ms)|-|1
staff_factures_verification_ms|/admin/factures/verification (ms)|<=5000|1
booking_commits|room booking creation (committed/s)|>=1500|0
run_issue_s|monthly run + issue (s)|<=5|0
verify_s|invoicectl verify (s)|<=5|0
chain_verify_s|invoice_chain_verify() (s)|<=5|0
period_close_s|period_close last year (s)|<=5|0
worker_private_mb|worker private memory (MB)|<=2|0
php_tarifs_rps|PHP-FPM /tarifs (req/s)|-|0
php_fontaine_rps|Fontaine /tarifs uncached / PHP|ratio>=3|0'

{ sed 's/^/e\t/' "$EMPTY"; sed 's/^/t\t/' "$TEN"; } | awk -F'\t' -v spec="$SPEC" '
    # A latency of 0 comes from a run with no answer at all: no figure.
    $2 ~ /_p99$/ && $3 + 0 == 0 { $3 = "" }
    $1 == "e" { ev[$2] = $3; eb[$2] = $4; next }
    $1 == "t" { tv[$2] = $3; tb[$2] = $4; next }
    function num(x) { return x != "" && x ~ /^-?[0-9.]+$/ }
    function ratio(v, b) { return (num(v) && num(b) && b > 0) ? sprintf("%.3f", v / b) : "" }
    function met(t, v, b,   x) {
        if (t == "-" || !num(v)) return ""
        if (t ~ /^ratio>=/) { x = substr(t, 8); return (num(b) && b > 0) ? ((v / b >= x + 0) ? "met" : "NOT MET") : "" }
        if (t ~ /^<=/) { x = substr(t, 3); return (v + 0 <= x + 0) ? "met" : "NOT MET" }
        if (t ~ /^>=/) { x = substr(t, 3); return (v + 0 >= x + 0) ? "met" : "NOT MET" }
        return ""
    }
    function show(x) { return x == "" ? "-" : x }
    END {
        n = split(spec, rows, "\n")
        printf "%-36s %9s %9s %7s %-8s | %9s %9s %7s %-8s | %6s %-8s | %s\n", "figure", "demo", "baseline",
            "ratio", "target", "10 years", "baseline", "ratio", "target", "10y/demo", "<= 1.2x", "target"
        for (i = 1; i <= n; i++) {
            split(rows[i], c, "|"); k = c[1]
            e = ev[k]; t = tv[k]
            er = ratio(e, eb[k]); tr = ratio(t, tb[k])
            grow = ""; keep = ""
            if (num(e) && num(t) && e > 0) {
                grow = sprintf("%.2f", t / e)
                if (c[4] == 1) {
                    if (k ~ /_rps$/) keep = (t * 1.2 >= e) ? "met" : "NOT MET"
                    else keep = (t <= 1.2 * e) ? "met" : "NOT MET"
                }
            }
            printf "%-36s %9s %9s %7s %-8s | %9s %9s %7s %-8s | %6s %-8s | %s\n", c[2], show(e), show(eb[k]),
                show(er), show(met(c[3], e, eb[k])), show(t), show(tb[k]), show(tr), show(met(c[3], t, tb[k])),
                show(grow), show(keep), c[3]
        }
        printf "\nbaseline: nginx serving the same bytes as a static file, in the same run (for PHP: the PHP page; for the\n"
        printf "ten-year figures, the baseline re-measured in the ten-year run). Context: %s documents verified (demo run), %s\n",
            show(ev["verify_docs"]), show(tv["verify_docs"]) " (ten-year run)"
        printf "period_close documents: %s / %s; monthly run customers: %s / %s; PHP body identical to Fontaine: %s / %s;\n",
            show(ev["period_close_docs"]), show(tv["period_close_docs"]), show(ev["run_customers"]), show(tv["run_customers"]),
            (ev["php_same_bytes"] == 1 ? "yes" : show(ev["php_same_bytes"])), (tv["php_same_bytes"] == 1 ? "yes" : show(tv["php_same_bytes"]))
        printf "fsync of the bench cluster: %s. Targets are printed, never enforced.\n", show(ev["booking_fsync"])
    }'
