#!/usr/bin/env bash
# statements_bench.sh: how many SQL statements a page costs (issue 16: at most one database
# round trip per page: shared data kept in each worker, a page's own data in one statement or
# one pipeline). For each page, uncached (public pages: a query string of its own for each
# request, so that nginx's cache misses and the program sees an anonymous visitor, as on a
# real miss; /compte and the dashboard with a real session), after a warm-up of 8 requests
# (each worker fills what it keeps), 20 sequential requests; PostgreSQL logs every statement
# meanwhile (log_min_duration_statement = 0 for this script's window, reset at the end), and the
# statements run by the page's program role (fontaine_<program>: its `execute` lines and plain
# statements, not the parse/bind steps) are counted and divided by 20. A pipeline of N
# statements counts N here while it is one round trip: the figure is an upper bound of the
# round trips; a page at 1.0 makes one. Background work of a program (its timers) falls in the
# count too, if it runs in the window. Never fails on a figure.
#
# Environment: the FONTAINE_* variables of ./dev bench.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/results.sh"
: "${FONTAINE_URL:?run me through ./dev bench}" "${FONTAINE_PGHOST:?}"
DB="${FONTAINE_DB:-fontaine}"
N=20
LOG="$FONTAINE_PGHOST/postgres.log"
WORK="$(mktemp -d /tmp/fontaine-statements-bench.XXXXXX)"
PSQL=(/usr/lib/postgresql/15/bin/psql -X -q -At -h "$FONTAINE_PGHOST" -U postgres -d "$DB" -v ON_ERROR_STOP=1)
die() { printf 'statements_bench: %s\n' "$*" >&2; exit 1; }
[ -f "$LOG" ] || die "no PostgreSQL log at $LOG"

reset_logging() {
    "${PSQL[@]}" -c "ALTER SYSTEM RESET log_min_duration_statement" -c "ALTER SYSTEM RESET log_line_prefix" \
        -c "SELECT pg_reload_conf()" >/dev/null 2>&1 || true
}
trap 'reset_logging; rm -rf "$WORK"' EXIT

# login EMAIL: a session cookie for a demo account (password of the demo data).
login() {
    local jar="$WORK/jar.$1" addr csrf code
    addr="127.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 1)).$((RANDOM % 250 + 1))"
    curl -sS --interface "$addr" -b "$jar" -c "$jar" -o "$WORK/login.html" "$FONTAINE_URL/connexion"
    csrf="$(sed -n 's/.*<input type="hidden" name="csrf" value="\([^"]*\)">.*/\1/p' "$WORK/login.html" | head -n 1)"
    code="$(curl -sS --interface "$addr" -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' "$FONTAINE_URL/connexion" \
        --data-urlencode "csrf=$csrf" --data-urlencode "email=$1" --data-urlencode mot_de_passe=fontaine-demo-2026 \
        --data-urlencode retour=/)"
    [ "$code" = 303 ] || return 1
    awk '$6 == "session" { v = $7 } END { print v }' "$jar"
}
member="$(login membre@lafontaine-agen.example || true)"
staff="$(login equipe@lafontaine-agen.example || true)"
week="$(date -d 'next monday' +%G-W%V)"

"${PSQL[@]}" -c "ALTER SYSTEM SET log_min_duration_statement = 0" -c "ALTER SYSTEM SET log_line_prefix = '%u '" \
    -c "SELECT pg_reload_conf()" >/dev/null
sleep 1

# key | program | URL | cookie
PAGES="index|site|/|
tarifs|site|/tarifs|
events|events|/evenements|
rss|feed|/evenements.rss|
ics|feed|/evenements.ics|
adhesion|signup|/adhesion|
week|booking|/disponibilites/salle-de-conference?semaine=$week|
compte|signup|/compte|session=$member
dashboard|admin|/admin/tableau-de-bord|session=$staff"

printf '%-10s %-8s %6s %12s  %s\n' page program HTTP 'statements' URL
while IFS='|' read -r key prog url cookie; do
    [ "$cookie" != "session=" ] || { printf '%-10s (no session: login failed)\n' "$key"; continue; }
    hdr=(); [ -n "$cookie" ] && hdr=(-H "Cookie: $cookie")
    case "$url" in *\?*) sep='&' ;; *) sep='?' ;; esac
    # url_of I: the page's URL, made unique for an anonymous request (a cache miss).
    url_of() { if [ -n "$cookie" ]; then printf '%s' "$url"; else printf '%s%sbanc=%s-%s' "$url" "$sep" "$$" "$1"; fi; }
    for i in $(seq 8); do curl -sS -o /dev/null "${hdr[@]}" "$FONTAINE_URL$(url_of "w$key$i")"; done
    sleep 0.3
    mark="$(stat -c %s "$LOG")"
    code=""
    for i in $(seq "$N"); do
        code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 "${hdr[@]}" "$FONTAINE_URL$(url_of "$key$i")" || echo 000)"
    done
    sleep 0.5
    n="$(tail -c +"$((mark + 1))" "$LOG" |
         awk -v u="fontaine_$prog" '$1 == u && / duration: / && (/ execute / || / statement: /) { n++ } END { print n + 0 }')"
    per="$(awk -v n="$n" -v r="$N" 'BEGIN { printf "%.1f", n / r }')"
    printf '%-10s %-8s %6s %12s  %s\n' "$key" "$prog" "$code" "$per" "$url"
    [ "$code" = 200 ] && result "stmts_${key}" "$per"
done <<<"$PAGES"
exit 0
