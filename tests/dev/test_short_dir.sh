#!/usr/bin/env bash
# test_short_dir.sh: a stack whose var/ is too deep keeps its cluster and sockets at one
# place fixed by its path; when that place is emptied (a reboot emptying /tmp, say),
# `up` makes it again at the same place and `down` stops what `up` started (TAP).
set -u
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../../dev
source "$src/dev"
set +e
n=0 failed=0
ok()   { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

deep="$SRC/var/dev-test-$$/a-directory-name-long-enough-to-push-the-socket-path/past-eighty-bytes"
stack_vars "$deep" 0
cleanup() { pg_stop >/dev/null 2>&1; clean_var; rm -rf "$SRC/var/dev-test-$$"; }
trap cleanup EXIT

first="$(short_dir run root)"
[ -L "$VAR/run" ] && [ -d "$first" ] && ok "a deep var/run is a link to $first" || fail "a deep var/run is a link (got $first)"
[ "$first" = "$(far_dir run)" ] && ok "its place is fixed by the stack's path" || fail "its place is $first, not $(far_dir run)"
rm -rf "$first"
again="$(short_dir run root)"
[ "$again" = "$first" ] && [ -d "$again" ] && ok "emptied, it is made again at the same place" ||
    fail "emptied, it came back at $again instead of $first"

if as_pg true 2>/dev/null; then
    (pg_start fast) >/dev/null 2>&1 && ok "PostgreSQL starts in the deep stack" || fail "PostgreSQL starts in the deep stack"
    stack_vars "$deep" 0
    data="$PGDIR/data"
    # What a reboot does: the server is gone and its directory emptied.
    pid="$(head -n 1 "$data/postmaster.pid" 2>/dev/null)"
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
    sleep 0.5
    rm -rf "$PGDIR"
    stack_vars "$deep" 0
    out="$( (pg_start fast) 2>&1)" && ok "up again after the directory was emptied" || fail "up again: $out"
    grep -qiE 'cannot|No such file|File exists' <<<"$out" && fail "up again printed errors: $out" ||
        ok "up again printed no error"
    stack_vars "$deep" 0
    [ "$PGDIR/data" = "$data" ] && ok "the cluster is in the same place" || fail "the cluster moved to $PGDIR/data"
    pg_stop >/dev/null 2>&1
    as_pg "$PGBIN/pg_ctl" -D "$data" status >/dev/null 2>&1 && fail "down left PostgreSQL running" ||
        ok "down stops the PostgreSQL that up started"
fi
echo "1..$n"
[ "$failed" = 0 ]
