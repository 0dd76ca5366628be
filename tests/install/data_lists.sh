#!/bin/sh
# data_lists.sh (make check): every migration, demo file, template and static file of the tree
# is in one of Makefile.am's install lists (tests/install/installed-data.list, made by make),
# and every listed file exists, so that a new file cannot be forgotten by make install.
src=$(cd "$(dirname "$0")/../.." && pwd)
list=tests/install/installed-data.list
echo "TAP version 13"
if [ ! -f "$list" ]; then echo "Bail out! no $list (make it first)"; exit 1; fi
tree=$(cd "$src" && { ls schema/[0-9]*.sql schema/demo/*.sql templates/*.tpl; find static -type f; } | sort)
n=0 fail=0
for f in $tree; do
    n=$((n + 1))
    if grep -qxF "$f" "$list"; then echo "ok $n - $f is installed"
    else echo "not ok $n - $f is in the tree but in no install list of Makefile.am"; fail=1; fi
done
for f in $(cat "$list"); do
    n=$((n + 1))
    if [ -f "$src/$f" ]; then echo "ok $n - listed $f exists"
    else echo "not ok $n - $f is listed in Makefile.am but not in the tree"; fail=1; fi
done
echo "1..$n"
exit 0
