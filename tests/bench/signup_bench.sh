#!/usr/bin/env bash
# signup_bench.sh: the signup program under load, against nginx static in the same run:
# GET /adhesion (the form, prices from the database) and GET /compte logged in (session
# lookup + three queries), each with wrk -t2 -c64 -d10s --latency, beside a static copy of
# /adhesion served by nginx's baseline server; then the cost of one login (Argon2id
# interactive): the median of 20 sequential POST /connexion with the right password.
#
# Called by `./dev bench` with the FONTAINE_* variables of `./dev test` (FONTAINE_URL,
# FONTAINE_STATIC_URL, FONTAINE_VAR, FONTAINE_PGHOST, FONTAINE_DB). A benchmark, not a test:
# it prints figures, with the issue's targets beside them, and exits non-zero only when it
# cannot measure (missing tool, account not created, page not served), never on a time.
#
# Knobs (environment): BENCH_DURATION (10s), BENCH_WARMUP (2s), BENCH_CONNECTIONS (64),
# BENCH_THREADS (2), BENCH_LOGINS (20).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/results.sh"

: "${FONTAINE_URL:?run me through ./dev bench}"
: "${FONTAINE_STATIC_URL:?run me through ./dev bench}"
: "${FONTAINE_VAR:?run me through ./dev bench}"
: "${FONTAINE_PGHOST:?run me through ./dev bench}"

DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-2s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
LOGINS="${BENCH_LOGINS:-20}"
STATIC_DIR="$FONTAINE_VAR/bench"          # nginx's baseline server root (dev.conf.in)
WORK="$(mktemp -d /tmp/fontaine-signup-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

# Targets of the issue: printed beside the figures, never enforced.
T_RATIO=0.12
T_P99_MS=20

die() { printf 'signup_bench: %s\n' "$*" >&2; exit 1; }
for tool in wrk curl python3 awk sort; do
    command -v "$tool" >/dev/null || die "missing $tool"
done
PSQL=(/usr/lib/postgresql/15/bin/psql -X -q -At -h "$FONTAINE_PGHOST" -U postgres
      -d "${FONTAINE_DB:-fontaine}" -v ON_ERROR_STOP=1)

# POSTs come from an address of their own, clear of the login throttling and nginx's POST
# limit of whatever ran before.
ADDR="127.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 1)).$((RANDOM % 250 + 1))"
JAR="$WORK/cookies"
CURL=(curl -sS --interface "$ADDR" -b "$JAR" -c "$JAR")

# csrf_field HTML-FILE: the form's csrf token.
csrf_field() { sed -n 's/.*<input type="hidden" name="csrf" value="\([^"]*\)">.*/\1/p' "$1" | head -n 1; }
# cookie NAME: its value in the jar.
cookie() { awk -v n="$1" '$6 == n { v = $7 } END { print v }' "$JAR"; }

# ---- an active member, logged in ----------------------------------------------------------
# Signup over HTTP; the verification link is planted in the database (a token made here,
# stored as its BLAKE2b-256 hash like session.c does) so the bench does not wait for mail;
# activation over HTTP opens the session.
stamp="$(date +%s)$$"
EMAIL="bench.$stamp@exemple.fr"
PASSWORD="Banc d'essai sous les platanes du Gravier"
code="$("${CURL[@]}" -o "$WORK/form.html" -w '%{http_code}' "$FONTAINE_URL/adhesion")"
[ "$code" = 200 ] || die "GET /adhesion answered $code"
CSRF="$(csrf_field "$WORK/form.html")"
[ -n "$CSRF" ] || die "no csrf field in /adhesion"
code="$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$FONTAINE_URL/adhesion" \
    --data-urlencode "csrf=$CSRF" --data-urlencode profil=independant \
    --data-urlencode prenom=Benoît --data-urlencode nom=Banc --data-urlencode "email=$EMAIL" \
    --data-urlencode "telephone=05 53 00 00 00" --data-urlencode formule=carnet_10 \
    --data-urlencode adhesion=1 --data-urlencode statuts=1 --data-urlencode confidentialite=1)"
[ "$code" = 303 ] || die "POST /adhesion answered $code"
read -r TOKEN HASH < <(python3 -c 'import hashlib, secrets
t = secrets.token_urlsafe(32)
print(t, hashlib.blake2b(t.encode(), digest_size=32).hexdigest())')
"${PSQL[@]}" -v email="$EMAIL" -v hash="$HASH" >/dev/null <<'SQL'
INSERT INTO auth_token (person_id, purpose, token_hash, expires_at)
SELECT id, 'verify', decode(:'hash', 'hex'), now() + interval '1 hour' FROM person WHERE email = :'email';
SQL
code="$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$FONTAINE_URL/adhesion/confirmer" \
    --data-urlencode "csrf=$CSRF" --data-urlencode "jeton=$TOKEN" \
    --data-urlencode "mot_de_passe=$PASSWORD" --data-urlencode "confirmation=$PASSWORD")"
[ "$code" = 303 ] || die "activation answered $code"
CSRF_COOKIE="$(cookie csrf)"
SESSION="$(cookie session)"
[ -n "$CSRF_COOKIE" ] && [ -n "$SESSION" ] || die "no csrf or session cookie after activation"
code="$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: csrf=$CSRF_COOKIE; session=$SESSION" "$FONTAINE_URL/compte")"
[ "$code" = 200 ] || die "GET /compte logged in answered $code"

# The static baseline: the same bytes of /adhesion, served by nginx from its bench root.
mkdir -p "$STATIC_DIR"
curl -sS -H "Cookie: csrf=$CSRF_COOKIE" -o "$STATIC_DIR/adhesion.html" "$FONTAINE_URL/adhesion"
code="$(curl -sS -o /dev/null -w '%{http_code}' "$FONTAINE_STATIC_URL/adhesion.html")"
[ "$code" = 200 ] || die "the static baseline $FONTAINE_STATIC_URL/adhesion.html answered $code"

# ---- wrk --------------------------------------------------------------------------------------

# to_ms VALUE: wrk's latency ("812.00us", "1.23ms", "1.01s") in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
        else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.2f", v * 60000 }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
        else printf "?" }'
}

# run NAME URL [HEADER]: warm-up, then the measured run; sets RPS, P50, P99, ERRS.
run() {
    local name="$1" url="$2" header="${3:-}" out="$WORK/$1.txt" args=()
    [ -n "$header" ] && args=(-H "$header")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${args[@]}" "$url" >/dev/null
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${args[@]}" "$url" >"$out"
    RPS="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")"
    P50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")"
    P99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")"
    ERRS="$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { n += 0 } END { print n + 0 }' "$out")"
    [ -n "$RPS" ] || die "wrk printed no figures for $name:\n$(cat "$out")"
}

printf 'signup bench: wrk -t%s -c%s -d%s --latency (after a %s warm-up), %s\n\n' \
    "$THREADS" "$CONNECTIONS" "$DURATION" "$WARMUP" "$FONTAINE_URL"
printf '%-34s %10s %9s %9s %9s %8s\n' page req/s p50_ms p99_ms vs_static non2xx

run static "$FONTAINE_STATIC_URL/adhesion.html"
STATIC_RPS="$RPS"
printf '%-34s %10s %9s %9s %9s %8s\n' "static copy of /adhesion (nginx)" "$RPS" "$P50" "$P99" "1.00x" "$ERRS"

report() {
    local label="$1" ratio
    ratio="$(awk -v a="$RPS" -v b="$STATIC_RPS" 'BEGIN { printf "%.3fx", (b > 0 ? a / b : 0) }')"
    printf '%-34s %10s %9s %9s %9s %8s\n' "$label" "$RPS" "$P50" "$P99" "$ratio" "$ERRS"
}
run adhesion "$FONTAINE_URL/adhesion" "Cookie: csrf=$CSRF_COOKIE"
report "GET /adhesion"
# The same page with a (dummy) session cookie: nginx's micro-cache is bypassed, so its
# fastcgi_cache_lock no longer holds concurrent requests for this never-cached page.
run adhesion_bypass "$FONTAINE_URL/adhesion" "Cookie: csrf=$CSRF_COOKIE; session=bench"
report "GET /adhesion (cache bypassed)"
result adhesion_rps "$RPS" "$STATIC_RPS"; result adhesion_p99 "$P99"
run compte "$FONTAINE_URL/compte" "Cookie: csrf=$CSRF_COOKIE; session=$SESSION"
report "GET /compte (logged in)"
result compte_rps "$RPS" "$STATIC_RPS"; result compte_p99 "$P99"
printf '\ntargets (issue 4): >= %sx static, p99 <= %s ms at %s connections (not enforced)\n' \
    "$T_RATIO" "$T_P99_MS" "$CONNECTIONS"

# ---- the cost of one login ----------------------------------------------------------------------
: >"$WORK/logins"
for _ in $(seq "$LOGINS"); do
    "${CURL[@]}" -o /dev/null -w '%{http_code} %{time_total}\n' "$FONTAINE_URL/connexion" \
        --data-urlencode "csrf=$CSRF" --data-urlencode "email=$EMAIL" \
        --data-urlencode "mot_de_passe=$PASSWORD" --data-urlencode retour=/compte >>"$WORK/logins"
done
bad="$(awk '$1 != 303' "$WORK/logins" | wc -l)"
[ "$bad" = 0 ] || die "$bad of $LOGINS logins did not answer 303: $(sort "$WORK/logins" | uniq -c | tr '\n' ' ')"
median="$(awk '{ print $2 * 1000 }' "$WORK/logins" | sort -n |
          awk '{ v[NR] = $1 } END { if (NR % 2) m = v[(NR + 1) / 2]; else m = (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m }')"
printf '\nlogin (POST /connexion, Argon2id interactive), %s sequential: median %s ms\n' "$LOGINS" "$median"
