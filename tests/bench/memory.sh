#!/usr/bin/env bash
# memory.sh: the private memory of every program's workers, read at the end of a `./dev bench`
# phase, after all its loads (issue 16: ≤ 2 MB private per worker). For each program in
# FONTAINE_PROGRAMS, each worker (the children of the master in $FONTAINE_VAR/run/<prog>.pid):
# Private_Clean + Private_Dirty of /proc/<pid>/smaps_rollup (what the worker does not share
# with the master or its siblings), and its Pss for comparison. Prints one line per program
# (workers, min / max private, max Pss) and records the largest worker of each program
# (mem_<prog>_mb) and of all (worker_private_mb) for the summary. Never fails on a figure.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/results.sh"
: "${FONTAINE_VAR:?run me through ./dev bench}"
PROGRAMS="${FONTAINE_PROGRAMS:-site}"

kb() { awk -v f="$2" '$1 == f ":" || (f == "private" && $1 ~ /^Private_(Clean|Dirty):$/) { n += $2 }
                      END { print n + 0 }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
mb() { awk -v k="$1" 'BEGIN { printf "%.2f", k / 1024 }'; }

all_max=0 all_n=0
printf '%-9s %7s %12s %12s %10s\n' program workers 'private min' 'private max' 'Pss max'
for prog in $PROGRAMS; do
    pidfile="$FONTAINE_VAR/run/$prog.pid"
    [ -s "$pidfile" ] || { printf '%-9s (no pid file)\n' "$prog"; continue; }
    master="$(cat "$pidfile")"
    min="" max=0 pss=0 n=0
    for w in $(pgrep -P "$master" || true); do
        p="$(kb "$w" private)"; s="$(kb "$w" Pss)"
        n=$((n + 1))
        if [ -z "$min" ] || [ "$p" -lt "$min" ]; then min="$p"; fi
        if [ "$p" -gt "$max" ]; then max="$p"; fi
        if [ "$s" -gt "$pss" ]; then pss="$s"; fi
    done
    [ "$n" -gt 0 ] || { printf '%-9s (no workers)\n' "$prog"; continue; }
    printf '%-9s %7s %9s MB %9s MB %7s MB\n' "$prog" "$n" "$(mb "$min")" "$(mb "$max")" "$(mb "$pss")"
    result "mem_${prog}_mb" "$(mb "$max")"
    all_n=$((all_n + n))
    if [ "$max" -gt "$all_max" ]; then all_max="$max"; fi
done
printf 'largest worker of %s: %s MB private (target ≤ 2 MB)\n' "$all_n" "$(mb "$all_max")"
[ "$all_n" -gt 0 ] && result worker_private_mb "$(mb "$all_max")"
result worker_count "$all_n"
exit 0
