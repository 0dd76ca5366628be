#!/usr/bin/env bash
# summary.sh EMPTY.tsv [TENYEAR.tsv]: the one table `./dev bench` ends with (issue 16). Reads
# the figures the measurements wrote (tests/bench/results.sh: KEY, VALUE, BASELINE of the same
# run), for the demo database and for the ten-year one, and prints for each figure of the
# issue: its value, its baseline and ratio, the target, whether it is met, at both databases,
# and for every page whether its ten-year figure stays within 1.2× of its demo figure.
# Never fails on a figure: a missing one is printed as MISSING (and counted at the end).
set -euo pipefail
EMPTY="${1:?usage: summary.sh EMPTY.tsv [TENYEAR.tsv]}"
TEN="${2:-/dev/null}"
[ -f "$EMPTY" ] || EMPTY=/dev/null
[ -f "$TEN" ] || TEN=/dev/null

# key | label | target: ratio>=X (value / baseline), <=X or >=X (value), - (none but the
# ten-year rule, or a context figure) | page (1: the ten-year figure should stay within 1.2x of
# the demo one; for req/s higher is better, for times lower)
SPEC='index_cached_rps|/ cached (req/s)|ratio>=0.9|1
tarifs_cached_rps|/tarifs cached (req/s)|ratio>=0.9|1
events_cached_rps|/evenements cached (req/s)|ratio>=0.9|1
rss_cached_rps|RSS cached (req/s)|ratio>=0.9|1
ics_cached_rps|iCalendar cached (req/s)|ratio>=0.9|1
rss_304_rps|RSS 304 from cache, INM (req/s)*|ratio>=0.9|1
rss_304ims_rps|RSS 304 from cache, IMS (req/s)*|ratio>=0.9|1
rss_304_program_rps|RSS 304 by the program (req/s)*|-|1
index_uncached_rps|/ uncached (req/s)|ratio>=0.18|1
index_uncached_p99|/ uncached p99 (ms)|<=20|1
tarifs_uncached_rps|/tarifs uncached (req/s)|ratio>=0.18|1
tarifs_uncached_p99|/tarifs uncached p99 (ms)|<=20|1
rss_uncached_rps|RSS uncached (req/s)|ratio>=0.18|1
rss_uncached_p99|RSS uncached p99 (ms)|<=20|1
events_uncached_rps|/evenements uncached (req/s)|ratio>=0.18|1
events_uncached_p99|/evenements uncached p99 (ms)|<=20|1
invoice_page_rps|/factures/<token> (req/s)|ratio>=0.18|1
adhesion_rps|/adhesion, form (req/s)|ratio>=0.15|1
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
stmts_index|SQL statements per request, /|<=1|1
stmts_tarifs|  /tarifs|<=1|1
stmts_events|  /evenements|<=1|1
stmts_rss|  RSS|<=1|1
stmts_ics|  iCalendar|<=1|1
stmts_adhesion|  /adhesion|<=1|1
stmts_week|  availability week|<=1|1
stmts_compte|  /compte|<=1|1
stmts_dashboard|  dashboard|<=1|1
booking_commits|room booking creation (commits/s)|>=1500|0
booking_commits_webhook|  with a webhook endpoint (c/s)|ratio>=0.9|0
run_issue_s|monthly run + issue (s)|<=5|0
verify_s|invoicectl verify (s)|<=5|0
chain_verify_s|invoice_chain_verify() (s)|<=5|0
period_close_s|period_close last year (s)|<=5|0
worker_private_mb|largest worker, private (MB)|<=2|0
mem_site_mb|  site worker, private (MB)|<=2|0
mem_signup_mb|  signup worker, private (MB)|<=2|0
mem_events_mb|  events worker, private (MB)|<=2|0
mem_feed_mb|  feed worker, private (MB)|<=2|0
mem_admin_mb|  admin worker, private (MB)|<=2|0
mem_booking_mb|  booking worker, private (MB)|<=2|0
mem_invoice_mb|  invoice worker, private (MB)|<=2|0
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
        if (t == "-") return "n/a"
        if (!num(v)) return ""
        if (t ~ /^ratio>=/) { x = substr(t, 8); return (num(b) && b > 0) ? ((v / b >= x + 0) ? "met" : "NOT MET") : "" }
        if (t ~ /^<=/) { x = substr(t, 3); return (v + 0 <= x + 0) ? "met" : "NOT MET" }
        if (t ~ /^>=/) { x = substr(t, 3); return (v + 0 >= x + 0) ? "met" : "NOT MET" }
        return ""
    }
    # A figure missing is MISSING; a column that does not apply to it (no baseline for an
    # absolute target) is n/a.
    function show(x) { return x == "" ? "MISSING" : x }
    function opt(x, applies) { return x != "" ? x : (applies ? "MISSING" : "n/a") }
    END {
        n = split(spec, rows, "\n")
        printf "%-34s %9s %8s %7s %-7s | %9s %8s %7s %-7s | %8s %-7s | %s\n", "figure", "demo", "baseline",
            "ratio", "met", "10 years", "baseline", "ratio", "met", "10y/demo", "<=1.2x", "target"
        missing = 0; notmet = 0; total = 0
        for (i = 1; i <= n; i++) {
            split(rows[i], c, "|"); k = c[1]
            e = ev[k]; t = tv[k]
            hasbase = (c[3] ~ /^ratio/) || (k ~ /_rps$/ && c[3] == "-" && k !~ /^php_/)
            er = ratio(e, eb[k]); tr = ratio(t, tb[k])
            grow = ""; keep = "n/a"
            if (c[4] == 1) keep = ""
            if (num(e) && num(t) && e > 0) {
                # Across the two runs, a throughput is compared through its ratio to the
                # baseline of its own run (the machine may be busier in one of them).
                if (er != "" && tr != "" && er > 0) { a = tr; b = er } else { a = t; b = e }
                grow = sprintf("%.2f", a / b)
                if (c[4] == 1) {
                    if (k ~ /_rps$/) keep = (a * 1.2 >= b) ? "met" : "NOT MET"
                    else keep = (a <= 1.2 * b) ? "met" : "NOT MET"
                }
            }
            em = met(c[3], e, eb[k]); tm = met(c[3], t, tb[k])
            for (x = 0; x < 2; x++) total++
            if (em == "NOT MET") notmet++
            if (tm == "NOT MET") notmet++
            if (keep == "NOT MET") notmet++
            if (e == "") missing++
            if (t == "") missing++
            printf "%-34s %9s %8s %7s %-7s | %9s %8s %7s %-7s | %8s %-7s | %s\n", c[2], show(e), opt(eb[k], hasbase),
                opt(er, hasbase), opt(em, 1), show(t), opt(tb[k], hasbase), opt(tr, hasbase), opt(tm, 1),
                opt(grow, 1), opt(keep, 1), (c[3] == "-" ? (c[4] == 1 ? "10y <= 1.2x demo" : "context") : c[3])
        }
        printf "\n%d figures missing, %d verdicts NOT MET. Baseline: nginx serving the same bytes as a static file in the\n", missing, notmet
        printf "same run (*: for a 304, nginx answering a static copy'"'"'s 304 to its own validator; for PHP: the PHP page).\n"
        printf "10y/demo: for a figure with a baseline, the ratio of its two ratios to baseline (each run'"'"'s own baseline),\n"
        printf "otherwise of the raw figures. Context: %s / %s documents verified (demo / ten-year run), %s / %s\n",
            show(ev["verify_docs"]), show(tv["verify_docs"]), show(ev["period_close_docs"]), show(tv["period_close_docs"])
        printf "documents in the closed year, %s / %s customers in the monthly run; PHP body identical to Fontaine: %s / %s;\n",
            show(ev["run_customers"]), show(tv["run_customers"]),
            (ev["php_same_bytes"] == 1 ? "yes" : show(ev["php_same_bytes"])), (tv["php_same_bytes"] == 1 ? "yes" : show(tv["php_same_bytes"]))
        printf "SQL statements: counted in PostgreSQL'"'"'s log over 20 uncached requests (a pipeline of N counts N: an upper bound of\n"
        printf "the round trips). %s / %s workers measured; fsync of the bench cluster: %s. Targets are printed, never enforced.\n",
            show(ev["worker_count"]), show(tv["worker_count"]), show(ev["booking_fsync"])
    }'
