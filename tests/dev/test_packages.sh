#!/usr/bin/env bash
# test_packages.sh: every Debian package that configure.ac's FT_DEP lines or dev's TOOLS
# name is in dev's one PACKAGES list, so that a fresh machine installs it (TAP).
set -u
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../../dev
source "$src/dev"
n=0 failed=0
ok()   { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
in_packages() { tr ' \n' '\n\n' <<<"$PACKAGES" | grep -qxF "$1"; }

deps="$(grep -oE 'FT_DEP\(\[[A-Z_]+\], \[[^]]+\], \[[^]]+\]\)' "$src/configure.ac" |
        sed -E 's/.*, \[([^]]+)\]\)$/\1/')"
[ "$(wc -w <<<"$deps")" -ge 10 ] && ok "configure.ac names its packages ($(wc -w <<<"$deps") FT_DEP lines)" ||
    fail "configure.ac's FT_DEP lines were not found (the pattern of this test is out of date)"
for p in $deps; do
    in_packages "$p" && ok "configure.ac needs $p: it is in PACKAGES" || fail "configure.ac needs $p: it is not in PACKAGES"
done
for t in $TOOLS; do
    in_packages "${t#*:}" && ok "the tiers run ${t%%:*}: ${t#*:} is in PACKAGES" ||
        fail "the tiers run ${t%%:*}: ${t#*:} is not in PACKAGES"
done
# The test can fail: a package that is not in the list is found missing.
PACKAGES="autoconf" in_packages libpq-dev && fail "in_packages finds a package that is not listed" ||
    ok "in_packages tells a missing package"
echo "1..$n"
[ "$failed" = 0 ]
