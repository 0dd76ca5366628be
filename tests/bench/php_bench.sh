#!/usr/bin/env bash
# php_bench.sh: Fontaine's /tarifs side by side with the same page in PHP (issue 16).
#
# tests/bench/php/tarifs.php runs under Debian's PHP-FPM (php8.2-fpm, php8.2-pgsql, opcache
# on), started here from $FONTAINE_VAR/php with its own configuration (in the foreground, its
# own socket, as many workers as Fontaine's site program has; never the system service), with
# a persistent connection as the site's own database role. The same nginx serves it: a
# location /php/tarifs is added to the stack's generated nginx.conf (its static baseline
# server), nginx reloaded, and both are put back at the end. The bench first checks that the
# PHP page's body is Fontaine's, byte for byte (the page has no per-request part: no CSRF
# token, no session), then runs the same wrk as bench.sh on: the static copy, PHP, and
# Fontaine uncached (a `session` cookie makes nginx pass each request to the program).
#
# Environment: the FONTAINE_* variables of ./dev bench. Knobs: BENCH_DURATION (10s),
# BENCH_WARMUP (2s), BENCH_CONNECTIONS (64), BENCH_THREADS (2). Never fails on a time.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/results.sh"
: "${FONTAINE_URL:?run me through ./dev bench}" "${FONTAINE_STATIC_URL:?}" "${FONTAINE_VAR:?}" "${FONTAINE_SRC:?}"
DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-2s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
FPM=/usr/sbin/php-fpm8.2
NGINXDIR="$FONTAINE_VAR/nginx"
CONF="$NGINXDIR/conf/nginx.conf"
PHPDIR="$FONTAINE_VAR/php"
SOCK="$PHPDIR/fpm.sock"
WORK="$(mktemp -d /tmp/fontaine-php-bench.XXXXXX)"
die() { printf 'php_bench: %s\n' "$*" >&2; exit 1; }
[ -x "$FPM" ] || die "no $FPM (Debian packages php8.2-fpm php8.2-pgsql)"
php -m 2>/dev/null | grep -x pgsql >/dev/null || die "PHP has no pgsql extension (Debian package php8.2-pgsql)"
command -v wrk >/dev/null || die "wrk is not installed"
DSN="$(sed -n 's/^db_site = //p' "$FONTAINE_VAR/credentials/site.conf")"
[ -n "$DSN" ] || die "no db_site in $FONTAINE_VAR/credentials/site.conf"
BASE_URL="$(sed -n 's/^base_url = //p' "$FONTAINE_VAR/fontaine.conf")"
WORKERS="$(pgrep -P "$(cat "$FONTAINE_VAR/run/site.pid")" | wc -l)"
[ "$WORKERS" -gt 0 ] || WORKERS=4

cleanup() {
    if [ -f "$CONF.php-bench" ]; then
        mv "$CONF.php-bench" "$CONF"
        kill -HUP "$(cat "$NGINXDIR/nginx.pid")" 2>/dev/null || true
    fi
    if [ -n "${FPM_PID:-}" ] && kill -0 "$FPM_PID" 2>/dev/null; then
        kill -QUIT "$FPM_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$FPM_PID" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$FPM_PID" 2>/dev/null && kill -KILL "$FPM_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# ---- PHP-FPM, its own configuration, in the foreground ----------------------------------------
mkdir -p "$PHPDIR"
cat >"$PHPDIR/php-fpm.conf" <<EOF
[global]
pid = $PHPDIR/fpm.pid
error_log = $PHPDIR/fpm.log
daemonize = no

[fontaine-bench]
listen = $SOCK
listen.mode = 0666
pm = static
pm.max_children = $WORKERS
pm.max_requests = 0
clear_env = yes
env[FONTAINE_PG] = "$DSN"
php_admin_value[opcache.enable] = 1
php_admin_value[opcache.validate_timestamps] = 0
php_admin_value[opcache.memory_consumption] = 64
php_admin_value[pgsql.allow_persistent] = 1
php_admin_value[display_errors] = 0
php_admin_value[log_errors] = 1
EOF
is_root() { [ "$(id -u)" = 0 ]; }
args=(-F -y "$PHPDIR/php-fpm.conf")
is_root && args+=(-R)
"$FPM" "${args[@]}" >>"$PHPDIR/fpm.log" 2>&1 &
FPM_PID=$!
for _ in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
[ -S "$SOCK" ] || { tail -n 20 "$PHPDIR/fpm.log" >&2; die "php-fpm did not open $SOCK"; }

# ---- the same nginx: a location on its baseline server --------------------------------------------
cp "$CONF" "$CONF.php-bench"
awk -v sock="$SOCK" -v script="$FONTAINE_SRC/tests/bench/php/tarifs.php" -v base="$BASE_URL" '
    { print }
    /^ *root .*;$/ && !done {
        print "        location = /php/tarifs {"
        print "            include /etc/nginx/fastcgi_params;"
        print "            fastcgi_param SCRIPT_FILENAME " script ";"
        print "            fastcgi_param FONTAINE_BASE_URL " base ";"
        print "            fastcgi_keep_conn on;"
        print "            fastcgi_pass unix:" sock ";"
        print "        }"
        done = 1
    }' "$CONF.php-bench" >"$CONF"
grep -q 'location = /php/tarifs' "$CONF" || die "could not add the PHP location to $CONF"
nginx -p "$NGINXDIR" -c conf/nginx.conf -e "$NGINXDIR/logs/error.log" -t -q || die "nginx refused the PHP location"
kill -HUP "$(cat "$NGINXDIR/nginx.pid")"
sleep 1

PHP_URL="$FONTAINE_STATIC_URL/php/tarifs"
code="$(curl -sS -o "$WORK/php.html" -w '%{http_code}' "$PHP_URL")"
[ "$code" = 200 ] || { tail -n 5 "$PHPDIR/fpm.log" >&2; die "$PHP_URL answered $code"; }
curl -sS -o "$WORK/fontaine.html" -H 'Cookie: session=bench' "$FONTAINE_URL/tarifs"
opcache="$(curl -sS -o /dev/null -D - "$PHP_URL?opcache" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-opcache" { print $2 }')"
if cmp -s "$WORK/php.html" "$WORK/fontaine.html"; then
    same="identical ($(stat -c %s "$WORK/php.html") bytes)"
    result php_same_bytes 1
else
    same="DIFFERENT: $(diff "$WORK/fontaine.html" "$WORK/php.html" | head -n 6 | tr '\n' ' ' || true)"
    result php_same_bytes 0
fi
printf 'PHP-FPM %s workers (%s), opcache %s, persistent connection; body vs Fontaine: %s\n' \
    "$WORKERS" "$($FPM -v | head -n 1)" "${opcache:-unknown}" "$same"

to_ms() {
    awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.2f", n }'
}
run() { # NAME URL [HEADER]
    local args=()
    [ $# -ge 3 ] && args=(-H "$3")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${args[@]}" "$2" >/dev/null
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${args[@]}" "$2" >"$WORK/$1.out"
}
rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$WORK/$1.out"; }
p99() { to_ms "$(awk '$1 == "99%" { print $2 }' "$WORK/$1.out")"; }
errors() { awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$WORK/$1.out"; }

mkdir -p "$FONTAINE_VAR/bench"
cp "$WORK/fontaine.html" "$FONTAINE_VAR/bench/tarifs_php_baseline.html"
run static "$FONTAINE_STATIC_URL/tarifs_php_baseline.html"
run php "$PHP_URL"
run fontaine "$FONTAINE_URL/tarifs" 'Cookie: session=bench'
printf '%-34s %9s %9s %8s\n' "/tarifs, wrk -c$CONNECTIONS -d$DURATION" req/s p99_ms errors
for n in static php fontaine; do
    printf '%-34s %9s %9s %8s\n' "$n" "$(rps $n)" "$(p99 $n)" "$(errors $n)"
done
awk -v f="$(rps fontaine)" -v p="$(rps php)" 'BEGIN { printf "Fontaine uncached / PHP-FPM: %.2fx (target >= 3x)\n", (p > 0 ? f / p : 0) }'
result php_tarifs_rps "$(rps php)" "$(rps static)"
result php_tarifs_p99 "$(p99 php)"
result php_fontaine_rps "$(rps fontaine)" "$(rps php)"
