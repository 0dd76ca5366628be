#!/usr/bin/env bash
# bench.sh: throughput and latency of public pages against a static nginx baseline.
#
# Run by `./dev bench` against a fresh stack; reads the FONTAINE_* variables that
# `./dev` exports (FONTAINE_URL, FONTAINE_STATIC_URL, FONTAINE_VAR). A benchmark,
# not a test: it prints figures and the targets beside them, and exits non-zero
# only when it cannot measure (missing tool, page not served), never on a time.
#
# For each page: nginx serving a static copy of the same bytes (the baseline),
# the normal URL (nginx's 1-second micro-cache in front of the program), and the
# URL with a `session` cookie (nginx bypasses its cache: every request reaches
# the program). Each run: 2 s warm-up, then wrk -t2 -c64 -d10s --latency.
# Then the private memory of the site program's workers and master, and the
# per-request time the program logged during the uncached runs.
#
# Knobs (environment): BENCH_DURATION (10s), BENCH_WARMUP (2s),
# BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_PAGES ("/ /tarifs").
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/results.sh"

: "${FONTAINE_URL:?run me through ./dev bench}"
: "${FONTAINE_STATIC_URL:?run me through ./dev bench}"
: "${FONTAINE_VAR:?run me through ./dev bench}"

DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-2s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
PAGES="${BENCH_PAGES:-/ /tarifs}"
PROGRAM=site
STATIC_DIR="$FONTAINE_VAR/bench"          # nginx's baseline server root (dev.conf.in)
RESULTS="$FONTAINE_VAR/results.txt"
LOG="$FONTAINE_VAR/log/$PROGRAM.log"
PIDFILE="$FONTAINE_VAR/run/$PROGRAM.pid"
WORK="$(mktemp -d /tmp/fontaine-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

# Targets (issue 16): printed beside the figures, never enforced.
T_UNCACHED_RATIO=0.18
T_UNCACHED_P99_MS=20
T_CACHED_RATIO=0.9
T_WORKER_MB=2

die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk is not installed (Debian package wrk)"
[ -s "$PIDFILE" ] || die "no $PIDFILE: is the stack running?"

# static_name PAGE: the baseline file name for a page ("/" -> index.html).
static_name() {
    local p="${1#/}"
    [ -n "$p" ] || p=index
    printf '%s.html\n' "${p//\//_}"
}

# to_ms VALUE: wrk's "850.00us", "1.23ms", "2.01s" or "1.5m" in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.2f", n }'
}

# run_wrk NAME URL [HEADER]: warm up, then measure; leaves NAME.out in $WORK.
run_wrk() {
    local name="$1" url="$2" args=()
    [ $# -ge 3 ] && args=(-H "$3")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${args[@]}" "$url" >/dev/null
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${args[@]}" "$url" >"$WORK/$name.out"
}

# wrk_field NAME FIELD: rps, p50, p99 (ms) or errors (non-2xx/3xx + socket errors).
wrk_field() {
    local f="$WORK/$1.out"
    case "$2" in
        rps) awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f" ;;
        p50) to_ms "$(awk '$1 == "50%" { print $2 }' "$f")" ;;
        p99) to_ms "$(awk '$1 == "99%" { print $2 }' "$f")" ;;
        errors) awk '/Non-2xx or 3xx responses:/ { n += $NF }
                     /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
                     END { print n + 0 }' "$f" ;;
    esac
}

# children PID: the pids whose parent is PID (the program's workers).
children() {
    pgrep -P "$1" || true
}

# private_kb PID: Private_Clean + Private_Dirty of the process, in kB.
private_kb() {
    awk '/^Private_(Clean|Dirty):/ { kb += $2 } END { print kb + 0 }' "/proc/$1/smaps_rollup"
}

# pss_kb PID: the process's proportional share of its resident memory, in kB.
pss_kb() {
    awk '$1 == "Pss:" { print $2 }' "/proc/$1/smaps_rollup"
}

# ---- the static baseline: the same bytes as served ----------------------------
mkdir -p "$STATIC_DIR"
for page in $PAGES; do
    file="$STATIC_DIR/$(static_name "$page")"
    code="$(curl -sS -o "$file" -w '%{http_code}' "$FONTAINE_URL$page")"
    [ "$code" = 200 ] || die "$page answered $code"
    curl -sS -o "$WORK/check" "$FONTAINE_STATIC_URL/$(static_name "$page")"
    cmp -s "$file" "$WORK/check" || die "the static copy of $page is not served as is"
    # The cached and uncached paths must really be what they claim.
    hit="$(curl -sS -o /dev/null -D - "$FONTAINE_URL$page" | tr -d '\r' |
           awk -F': ' 'tolower($1) == "x-cache-status" { print $2 }')"
    bypass="$(curl -sS -o /dev/null -D - -H 'Cookie: session=bench' "$FONTAINE_URL$page" |
              tr -d '\r' | awk -F': ' 'tolower($1) == "x-cache-status" { print $2 }')"
    printf 'page %-8s %6d bytes; X-Cache-Status: normal URL %s, with session cookie %s\n' \
        "$page" "$(stat -c %s "$file")" "${hit:-none}" "${bypass:-none}"
done

# ---- load -----------------------------------------------------------------------
log_lines="$WORK/uncached-us"
: >"$log_lines"
i=0
for page in $PAGES; do
    i=$((i + 1))
    echo "wrk: $page (static, cached, uncached), ${WARMUP} warm-up + $DURATION each..."
    run_wrk "p$i-static" "$FONTAINE_STATIC_URL/$(static_name "$page")"
    run_wrk "p$i-cached" "$FONTAINE_URL$page"
    # Only the measured uncached run counts for the program's own times: wrk's
    # warm-up is run first, then the log is marked, then the measured run.
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H 'Cookie: session=bench' \
        "$FONTAINE_URL$page" >/dev/null
    before="$(stat -c %s "$LOG")"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H 'Cookie: session=bench' \
        "$FONTAINE_URL$page" >"$WORK/p$i-uncached.out"
    tail -c +"$((before + 1))" "$LOG" |
        awk -v prog="$PROGRAM" -v uri="$page" \
            '$1 == prog && $2 == "GET" && $3 == uri && $4 == 200 && $5 ~ /^[0-9]+us$/ {
                 sub(/us$/, "", $5); print $5 }' >>"$log_lines"
done

# ---- memory, right after the load -------------------------------------------------
master="$(cat "$PIDFILE")"
mem_min="" mem_max="" n_workers=0 pss=""
for w in $(children "$master"); do
    kb="$(private_kb "$w")"
    pss="$pss $(pss_kb "$w")"
    n_workers=$((n_workers + 1))
    if [ -z "$mem_min" ] || [ "$kb" -lt "$mem_min" ]; then mem_min="$kb"; fi
    if [ -z "$mem_max" ] || [ "$kb" -gt "$mem_max" ]; then mem_max="$kb"; fi
done
master_kb="$(private_kb "$master")"

# ---- report ------------------------------------------------------------------------
report() {
    local i=0 page mode base rps ratio target verdict p99
    printf 'Fontaine benchmark, %s, %s cores, %s\n' "$(date -Is)" "$(nproc)" "$(uname -r)"
    printf 'wrk -t%s -c%s -d%s --latency (after %s warm-up); program workers: %s\n\n' \
        "$THREADS" "$CONNECTIONS" "$DURATION" "$WARMUP" "$n_workers"
    printf '%-8s %-9s %9s %9s %9s %7s %7s  %-28s %s\n' \
        page mode 'req/s' 'p50 ms' 'p99 ms' ratio errors target verdict
    for page in $PAGES; do
        i=$((i + 1))
        base="$(wrk_field "p$i-static" rps)"
        for mode in static cached uncached; do
            rps="$(wrk_field "p$i-$mode" rps)"
            p99="$(wrk_field "p$i-$mode" p99)"
            ratio="$(awk -v a="$rps" -v b="$base" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')"
            case "$mode" in
                static)   target="baseline"; verdict="" ;;
                cached)   target="ratio >= $T_CACHED_RATIO"
                          verdict="$(awk -v r="$ratio" -v t="$T_CACHED_RATIO" \
                                     'BEGIN { print (r >= t) ? "met" : "MISSED" }')" ;;
                uncached) target="ratio >= $T_UNCACHED_RATIO, p99 <= ${T_UNCACHED_P99_MS} ms"
                          verdict="$(awk -v r="$ratio" -v t="$T_UNCACHED_RATIO" -v p="$p99" \
                                     -v m="$T_UNCACHED_P99_MS" \
                                     'BEGIN { print (r >= t && p <= m) ? "met" : "MISSED" }')" ;;
            esac
            printf '%-8s %-9s %9s %9s %9s %6sx %7s  %-28s %s\n' "$page" "$mode" "$rps" \
                "$(wrk_field "p$i-$mode" p50)" "$p99" "$ratio" \
                "$(wrk_field "p$i-$mode" errors)" "$target" "$verdict"
        done
    done
    echo
    printf 'worker private memory (Private_Clean + Private_Dirty, %s workers): min %.2f MB, max %.2f MB (target <= %s MB: %s)\n' \
        "$n_workers" "$(awk -v k="${mem_min:-0}" 'BEGIN { print k / 1024 }')" \
        "$(awk -v k="${mem_max:-0}" 'BEGIN { print k / 1024 }')" "$T_WORKER_MB" \
        "$(awk -v k="${mem_max:-0}" -v t="$T_WORKER_MB" 'BEGIN { print (k > 0 && k <= t * 1024) ? "met" : "MISSED" }')"
    printf 'worker Pss (for comparison):%s kB\n' "$pss"
    printf 'master private memory: %.2f MB\n' "$(awk -v k="$master_kb" 'BEGIN { print k / 1024 }')"
    sort -n "$log_lines" | awk '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "program time per request (log, uncached runs): no log lines"; exit }
            i50 = int(NR * 0.50 + 0.5); if (i50 < 1) i50 = 1
            i99 = int(NR * 0.99 + 0.5); if (i99 < 1) i99 = 1; if (i99 > NR) i99 = NR
            printf "program time per request (log, uncached runs, %d requests): p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                   NR, v[i50] / 1000, v[i99] / 1000, v[NR] / 1000
        }'
    echo "(figures are for this machine and this moment; other load on it skews them)"
}

# ---- figures for the summary (tests/bench/results.sh) -------------------------------------
i=0
for page in $PAGES; do
    i=$((i + 1))
    key="$(static_name "$page")"; key="${key%.html}"
    base="$(wrk_field "p$i-static" rps)"
    result "${key}_static_rps" "$base"
    result "${key}_cached_rps" "$(wrk_field "p$i-cached" rps)" "$base"
    result "${key}_uncached_rps" "$(wrk_field "p$i-uncached" rps)" "$base"
    result "${key}_uncached_p99" "$(wrk_field "p$i-uncached" p99)"
done
result site_private_mb "$(awk -v k="${mem_max:-0}" 'BEGIN { printf "%.2f", k / 1024 }')"

echo
report | tee "$RESULTS"
echo "results written to $RESULTS"
