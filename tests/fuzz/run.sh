#!/bin/bash
# tests/fuzz/run.sh: builds and runs the libFuzzer targets of cgi/lib, the mailer's MIME
# builder, the invoice writers (FEC, SEPA, CII) and the API's cursor (see usage below).
#
#   run.sh build                 compile every target into build-fuzz/ (clang, ASan + UBSan)
#   run.sh smoke [SECONDS]       each target SECONDS (default 10) on a copy of its seed corpus
#   run.sh long [EXECS]          each target to -runs=EXECS (default 10000000), one job each;
#                                the corpus grows in build-fuzz/corpus/<target>/
#   run.sh repro TARGET FILE...  runs TARGET once on each FILE (a crash artefact, a seed)
#   run.sh list                  prints the target names
#
# smoke and long print one line per target (execs, seconds, exec/s, crashes) and exit
# non-zero when any target crashed or broke an invariant; artefacts (crash-*, leak-*,
# timeout-*, oom-*) go to build-fuzz/crashes/, logs to build-fuzz/logs/. A dictionary
# tests/fuzz/<target>.dict is passed to its target when present.
# Environment: CC (default clang-14, else clang), FUZZ_TARGETS (a space-separated subset),
# FUZZ_JOBS (targets run side by side, default 1), FUZZ_ARGS (more libFuzzer flags),
# FONTAINE_STANDARDS (the XSDs the SEPA and CII targets validate against; default
# ../shared/standards beside the source tree; without them, well-formedness only).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=$ROOT/build-fuzz
SEEDS=$ROOT/tests/fuzz/corpus
ALL_TARGETS="fuzz_percent_decode fuzz_urlencoded fuzz_cookies fuzz_request fuzz_fields fuzz_markdown fuzz_xml_clean
fuzz_mime fuzz_fec fuzz_sepa fuzz_cii fuzz_api_cursor"
TARGETS=${FUZZ_TARGETS:-$ALL_TARGETS}
JOBS=${FUZZ_JOBS:-1}
FUZZ_STANDARDS=${FONTAINE_STANDARDS:-$ROOT/../shared/standards}
[ -d "$FUZZ_STANDARDS" ] || FUZZ_STANDARDS=""
export FUZZ_STANDARDS

die() { echo "run.sh: $*" >&2; exit 2; }

# The source files (under cgi/) each target is compiled with, and the pkg-config packages
# it needs.
target_srcs() {
	case $1 in
	fuzz_percent_decode | fuzz_urlencoded | fuzz_cookies) echo "lib/arena.c lib/parse.c" ;;
	fuzz_request) echo "lib/arena.c lib/buf.c lib/conf.c lib/parse.c lib/request.c" ;;
	fuzz_fields) echo "lib/arena.c lib/fields.c lib/parse.c" ;;
	fuzz_markdown) echo "lib/arena.c lib/buf.c lib/markdown.c lib/parse.c" ;;
	fuzz_xml_clean) echo "lib/arena.c lib/buf.c lib/parse.c lib/xmlout.c" ;;
	fuzz_mime) echo "lib/buf.c mailer/mime.c" ;;
	fuzz_fec) echo "lib/buf.c invoice/fec.c" ;;
	fuzz_sepa) echo "lib/arena.c lib/buf.c lib/parse.c lib/xmlout.c invoice/sepa.c" ;;
	fuzz_cii) echo "lib/arena.c lib/buf.c lib/parse.c lib/xmlout.c invoice/doc.c invoice/cii.c" ;;
	fuzz_api_cursor) echo "api/cursor.c" ;;
	*) die "unknown target $1" ;;
	esac
}
target_pkgs() {
	case $1 in
	fuzz_request) echo "fcgi libpq" ;; # http.h includes libpq-fe.h; nothing of libpq is linked in
	fuzz_markdown) echo "libcmark" ;;
	fuzz_xml_clean | fuzz_sepa | fuzz_cii) echo "libxml-2.0" ;;
	fuzz_mime | fuzz_api_cursor) echo "libsodium" ;;
	*) echo "" ;;
	esac
}
# Largest input: above the caps the code enforces, so that the fuzzer reaches them.
target_max_len() {
	case $1 in
	fuzz_request) echo 8192 ;; # MAX_URI_LEN 2048, MAX_COOKIE_HEADER 4096
	fuzz_cookies) echo 5000 ;;
	*) echo 4096 ;;
	esac
}

find_cc() {
	if [ -n "${CC:-}" ]; then echo "$CC"; return; fi
	for c in clang-14 clang; do
		if command -v "$c" >/dev/null; then echo "$c"; return; fi
	done
	die "clang not found (Debian: apt-get install clang-14)"
}

cmd_build() {
	local cc; cc=$(find_cc)
	mkdir -p "$OUT"
	local flags=(-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
		-fno-omit-frame-pointer -g -O1 -std=c11 -D_GNU_SOURCE -Wall -Wextra
		-I"$ROOT/cgi/lib" -I"$ROOT/cgi/mailer" -I"$ROOT/cgi/invoice" -I"$ROOT/cgi/api" -I"$ROOT/tests/fuzz")
	local t
	for t in $TARGETS; do
		local srcs=() s pkgs cflags="" libs=""
		for s in $(target_srcs "$t"); do srcs+=("$ROOT/cgi/$s"); done
		pkgs=$(target_pkgs "$t")
		if [ -n "$pkgs" ]; then
			# shellcheck disable=SC2086
			cflags=$(pkg-config --cflags $pkgs) && libs=$(pkg-config --libs $pkgs) ||
				die "pkg-config: missing one of: $pkgs"
		fi
		echo "  CC  build-fuzz/$t"
		# shellcheck disable=SC2086
		"$cc" "${flags[@]}" $cflags -o "$OUT/$t" "$ROOT/tests/fuzz/$t.c" "${srcs[@]}" $libs
	done
}

need_built() {
	local t
	for t in $TARGETS; do
		[ -x "$OUT/$t" ] || die "build-fuzz/$t missing: run '$0 build' first"
	done
}

# Prints "execs seconds exec/s" read from a libFuzzer log.
log_figures() {
	awk '
		/^Done [0-9]+ runs in [0-9]+ second/ { done_runs = $2; done_secs = $5 }
		/^stat::number_of_executed_units:/ { units = $2 }
		/^stat::average_exec_per_sec:/ { eps = $2 }
		/^#[0-9]+/ { n = substr($1, 2); if (n + 0 > last + 0) last = n }
		END {
			execs = units != "" ? units : (done_runs != "" ? done_runs : last)
			if (execs == "") execs = 0
			if (eps == "") eps = "?"
			print execs, (done_secs != "" ? done_secs : "?"), eps
		}' "$1"
}

# Runs one target; writes "target execs seconds exec/s crashes status" to $OUT/results/<t>.
run_one() {
	local mode=$1 t=$2 arg=$3
	local corpus log res
	log=$OUT/logs/$t.$mode.log
	res=$OUT/results/$t
	if [ "$mode" = smoke ]; then
		corpus=$OUT/work/$t
		rm -rf "$corpus"
		mkdir -p "$corpus"
	else
		corpus=$OUT/corpus/$t
		mkdir -p "$corpus"
	fi
	if [ -d "$SEEDS/$t" ]; then
		cp -n "$SEEDS/$t"/* "$corpus"/ 2>/dev/null || true
	fi
	local limit dict=()
	if [ -f "$ROOT/tests/fuzz/$t.dict" ]; then dict=(-dict="$ROOT/tests/fuzz/$t.dict"); fi
	if [ "$mode" = smoke ]; then limit=-max_total_time=$arg; else limit=-runs=$arg; fi
	local before after start end rc=0
	before=$(find "$OUT/crashes" -maxdepth 1 -name "$t-*" | wc -l)
	start=$(date +%s.%N)
	# shellcheck disable=SC2086
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	"$OUT/$t" "$limit" -max_len="$(target_max_len "$t")" -timeout=120 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$OUT/crashes/$t-" "${dict[@]}" ${FUZZ_ARGS:-} \
		"$corpus" >"$log" 2>&1 || rc=$?
	end=$(date +%s.%N)
	after=$(find "$OUT/crashes" -maxdepth 1 -name "$t-*" | wc -l)
	local crashes=$((after - before))
	# Ctrl-C (or kill -INT) stops libFuzzer with its final stats: not a crash.
	if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ] &&
		! grep -q 'libFuzzer: run interrupted' "$log"; then
		crashes=1
	fi
	local execs secs eps
	read -r execs secs eps < <(log_figures "$log")
	# A run that crashed prints no "Done" line, and libFuzzer's exec/s is 0 under a second:
	# fall back to the wall clock for those.
	local wall; wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
	if [ "$secs" = "?" ]; then secs=$wall; fi
	if [ "$eps" = "?" ] || [ "$eps" = 0 ]; then
		eps=$(awk -v n="$execs" -v w="$wall" 'BEGIN { printf "%.0f", w > 0 ? n / w : 0 }')
	fi
	echo "$t $execs $secs $eps $crashes $rc" >"$res"
}

cmd_run() {
	local mode=$1 arg=$2
	need_built
	mkdir -p "$OUT/crashes" "$OUT/logs" "$OUT/results" "$OUT/work" "$OUT/corpus"
	local t running=0
	for t in $TARGETS; do
		rm -f "$OUT/results/$t"
		if [ "$JOBS" -le 1 ]; then
			run_one "$mode" "$t" "$arg"
			read -r _ execs secs eps crashes rc <"$OUT/results/$t"
			printf '%-22s execs %10s  seconds %5s  exec/s %7s  crashes %s\n' \
				"$t" "$execs" "$secs" "$eps" "$crashes"
		else
			run_one "$mode" "$t" "$arg" &
			running=$((running + 1))
			if [ "$running" -ge "$JOBS" ]; then wait -n || true; running=$((running - 1)); fi
		fi
	done
	wait
	local failed=0 total=0
	echo
	printf '%-22s %12s %8s %8s %8s\n' target execs seconds exec/s crashes
	for t in $TARGETS; do
		if [ ! -s "$OUT/results/$t" ]; then
			printf '%-22s %12s\n' "$t" "no result"
			failed=1
			continue
		fi
		read -r _ execs secs eps crashes rc <"$OUT/results/$t"
		printf '%-22s %12s %8s %8s %8s\n' "$t" "$execs" "$secs" "$eps" "$crashes"
		total=$((total + execs))
		if [ "$crashes" -eq 0 ] && [ "$rc" -ne 0 ]; then
			failed=1
			echo "  $t interrupted (exit $rc): its figures are partial" >&2
		fi
		if [ "$crashes" -ne 0 ]; then
			failed=1
			echo "  $t failed (exit $rc): see build-fuzz/logs/$t.$mode.log" >&2
			grep -m3 -E 'ERROR: |runtime error|invariant failed|Test unit written' \
				"$OUT/logs/$t.$mode.log" | sed 's/^/    /' >&2 || true
		fi
	done
	printf '%-22s %12s\n' total "$total"
	return $failed
}

cmd_repro() {
	[ $# -ge 2 ] || die "usage: $0 repro TARGET FILE..."
	local t=$1; shift
	target_srcs "$t" >/dev/null
	[ -x "$OUT/$t" ] || die "build-fuzz/$t missing: run '$0 build' first"
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} "$OUT/$t" "$@"
}

case ${1:-} in
build) cmd_build ;;
smoke) cmd_run smoke "${2:-10}" ;;
long) cmd_run long "${2:-10000000}" ;;
repro) shift; cmd_repro "$@" ;;
list) echo "$ALL_TARGETS" | tr ' ' '\n' ;;
*)
	sed -n '2,17s/^# \{0,1\}//p' "$0" >&2
	exit 2
	;;
esac
