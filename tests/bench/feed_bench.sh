#!/usr/bin/env bash
# feed_bench.sh: figures for the events and feeds (issue 5), printed, never enforced.
#
# With 50 published events in the database (the demo ones plus throwaway ones, removed at
# the end), wrk -t2 -c64 --latency on: the RSS feed through nginx's micro-cache, the RSS
# feed uncached (a `session` cookie makes nginx pass every request to the program), the
# feed answered 304 by nginx from its cached copy (If-None-Match with the copy's ETag, and
# If-Modified-Since with its Last-Modified; no cookie), the same 304 answered by the program
# (with the cookie), the iCalendar feed cached, the events list page cached and uncached; and,
# in the same run, nginx serving a static copy of the same bytes of each (for a 304: nginx
# answering a static copy's 304 to its own ETag / Last-Modified).
# Targets of issue 16: cached ≥ 0.9× static (304s too), uncached ≥ 0.18×, p99 ≤ 20 ms.
#
# Environment: what ./dev test exports. Knobs: BENCH_DURATION (10s), BENCH_CONNECTIONS (64).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/results.sh"

: "${FONTAINE_URL:?export the FONTAINE_* variables (see test_env in dev)}"
: "${FONTAINE_STATIC_URL:?}"
: "${FONTAINE_VAR:?}"
: "${FONTAINE_PGHOST:?}"
DB="${FONTAINE_DB:-fontaine}"
DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
STATIC_DIR="$FONTAINE_VAR/bench"
WORK="$(mktemp -d /tmp/fontaine-feed-bench.XXXXXX)"
TAG="bench-feed-$$"

die() { printf 'feed_bench: %s\n' "$*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk is not installed (Debian package wrk)"
q() { /usr/lib/postgresql/15/bin/psql -X -q -At -h "$FONTAINE_PGHOST" -U postgres -d "$DB" -v ON_ERROR_STOP=1 "$@"; }

cleanup() {
    q -c "ALTER TABLE event DISABLE TRIGGER event_before_delete;
          DELETE FROM event WHERE slug LIKE '$TAG-%';
          ALTER TABLE event ENABLE TRIGGER event_before_delete;" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

have="$(q -c "SELECT count(*) FROM event WHERE status <> 'draft'")"
need=$(( 50 - have ))
if [ "$need" -gt 0 ]; then
    q -c "INSERT INTO event (slug, title, summary, body_md, category, starts_at, ends_at, status)
          SELECT '$TAG-' || i, 'Atelier n° ' || i || ' : bien démarrer', 'Un atelier pour les coworkers.',
                 E'## Au programme\n\nDes *échanges* et des idées, autour d''un café.',
                 (ARRAY['atelier','afterwork','conference','portes-ouvertes'])[1 + i % 4],
                 now() + i * interval '1 day', now() + i * interval '1 day' + interval '2 hours', 'published'
          FROM generate_series(1, $need) AS i" >/dev/null
fi
items="$(curl -sS -H 'Cookie: session=bench' "$FONTAINE_URL/evenements.rss" | grep -c '<item>' || true)"

to_ms() {
    awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.2f", n }'
}
run() { # NAME URL [HEADER...]
    local name="$1" url="$2"; shift 2
    local args=()
    for h in "$@"; do args+=(-H "$h"); done
    wrk -t2 -c"$CONNECTIONS" -d2s "${args[@]}" "$url" >/dev/null
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${args[@]}" "$url" >"$WORK/$name.out"
}
rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$WORK/$1.out"; }
p() { to_ms "$(awk -v k="$2%" '$1 == k { print $2 }' "$WORK/$1.out")"; }
errors() { awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$WORK/$1.out"; }

mkdir -p "$STATIC_DIR"
curl -sS -o "$STATIC_DIR/feed.rss" -H 'Cookie: session=bench' "$FONTAINE_URL/evenements.rss"
curl -sS -o "$STATIC_DIR/feed.ics" -H 'Cookie: session=bench' "$FONTAINE_URL/evenements.ics"
curl -sS -o "$STATIC_DIR/events.html" -H 'Cookie: session=bench' "$FONTAINE_URL/evenements"
# header NAME URL [CURL-ARG...]: the value of a response header.
header() {
    local name="$1" url="$2"; shift 2
    curl -sS -o /dev/null -D - "$@" "$url" | tr -d '\r' | awk -F': ' -v n="$name" 'tolower($1) == n { print $2 }'
}
etag="$(header etag "$FONTAINE_URL/evenements.rss")"
lastmod="$(header last-modified "$FONTAINE_URL/evenements.rss")"
[ -n "$etag" ] || die "the feed has no ETag"
[ -n "$lastmod" ] || die "the feed has no Last-Modified"
# The feed's validators do not change while nothing is edited: the ones of the cached copy.
code304="$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$FONTAINE_URL/evenements.rss")"
code304ims="$(curl -sS -o /dev/null -w '%{http_code}' -H "If-Modified-Since: $lastmod" "$FONTAINE_URL/evenements.rss")"
[ "$code304" = 304 ] && [ "$code304ims" = 304 ] || die "the cached feed answers $code304 / $code304ims to its own validators"
cache304="$(header x-cache-status "$FONTAINE_URL/evenements.rss" -H "If-None-Match: $etag")"
s_etag="$(header etag "$FONTAINE_STATIC_URL/feed.rss")"
s_lastmod="$(header last-modified "$FONTAINE_STATIC_URL/feed.rss")"

run feed_static "$FONTAINE_STATIC_URL/feed.rss"
run feed_cached "$FONTAINE_URL/evenements.rss"
run feed_uncached "$FONTAINE_URL/evenements.rss" 'Cookie: session=bench'
run feed_304_static "$FONTAINE_STATIC_URL/feed.rss" "If-None-Match: $s_etag"
run feed_304 "$FONTAINE_URL/evenements.rss" "If-None-Match: $etag"
run feed_304ims_static "$FONTAINE_STATIC_URL/feed.rss" "If-Modified-Since: $s_lastmod"
run feed_304ims "$FONTAINE_URL/evenements.rss" "If-Modified-Since: $lastmod"
run feed_304_program "$FONTAINE_URL/evenements.rss" 'Cookie: session=bench' "If-None-Match: $etag"
run ics_static "$FONTAINE_STATIC_URL/feed.ics"
run ics_cached "$FONTAINE_URL/evenements.ics"
run list_static "$FONTAINE_STATIC_URL/events.html"
run list_cached "$FONTAINE_URL/evenements"
run list_uncached "$FONTAINE_URL/evenements" 'Cookie: session=bench'

printf '\nRSS feed with %s items (%s bytes), 304 check: %s (X-Cache-Status %s), If-Modified-Since %s; wrk -c%s -d%s\n' "$items" \
    "$(wc -c <"$STATIC_DIR/feed.rss")" "$code304" "$cache304" "$code304ims" "$CONNECTIONS" "$DURATION"
printf '%-28s %9s %9s %9s %8s %7s  %s\n' what req/s p50_ms p99_ms ratio errors target
line() { # NAME BASELINE TARGET
    local r b
    r="$(rps "$1")"; b="$(rps "$2")"
    printf '%-28s %9s %9s %9s %7.3fx %7s  %s\n' "$1" "$r" "$(p "$1" 50)" "$(p "$1" 99)" \
        "$(awk -v a="$r" -v b="$b" 'BEGIN { print (b > 0 ? a / b : 0) }')" "$(errors "$1")" "$3"
}
line feed_static feed_static baseline
line feed_cached feed_static ">= 0.9"
line feed_304_static feed_304_static "baseline (static 304)"
line feed_304 feed_304_static ">= 0.9 (304 from the cache)"
line feed_304ims_static feed_304ims_static "baseline (static 304)"
line feed_304ims feed_304ims_static ">= 0.9 (304 from the cache)"
line feed_304_program feed_304_static "(304 by the program)"
line feed_uncached feed_static ">= 0.18"
line ics_static ics_static baseline
line ics_cached ics_static ">= 0.9"
line list_static list_static baseline
line list_cached list_static ">= 0.9"
line list_uncached list_static ">= 0.18"
result rss_cached_rps "$(rps feed_cached)" "$(rps feed_static)"
result rss_uncached_rps "$(rps feed_uncached)" "$(rps feed_static)"
result rss_uncached_p99 "$(p feed_uncached 99)"
result rss_304_rps "$(rps feed_304)" "$(rps feed_304_static)"
result rss_304ims_rps "$(rps feed_304ims)" "$(rps feed_304ims_static)"
result rss_304_program_rps "$(rps feed_304_program)" "$(rps feed_304_static)"
result ics_cached_rps "$(rps ics_cached)" "$(rps ics_static)"
result events_cached_rps "$(rps list_cached)" "$(rps list_static)"
result events_uncached_rps "$(rps list_uncached)" "$(rps list_static)"
result events_uncached_p99 "$(p list_uncached 99)"
