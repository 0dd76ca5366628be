#!/usr/bin/env bash
# tests/dev/run.sh: the dev script's own tests (run by the unit tier), each printing TAP.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rc=0
for t in "$here"/test_*.sh; do
    printf '# %s\n' "$(basename "$t")"
    bash "$t" || rc=1
done
exit "$rc"
