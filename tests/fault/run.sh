#!/usr/bin/env bash
# tests/fault/run.sh: the high-availability topology of README "Several machines", built on
# this one machine in network namespaces, then killed piece by piece under load.
#
#   bash tests/fault/run.sh            build it, run tests/fault/load.mjs, check, tear down
#   bash tests/fault/run.sh fault WHAT the hook load.mjs calls (kill-primary, restart-killed,
#                                      partition-primary, kill-app) while the load runs
#
# Run by `./dev test fault` (tier_fault) and `./dev fault`. Topology, all on the private
# network 10.77.0.0/24 of a bridge that lives in a namespace of its own (nothing leaves it):
#
#   <P>-pg1  10.77.0.11   etcd member e1 + Patroni + PostgreSQL 15     (P = ft<port>)
#   <P>-pg2  10.77.0.12   etcd member e2 + Patroni + PostgreSQL 15
#   <P>-pg3  10.77.0.13   etcd member e3 + Patroni + PostgreSQL 15
#   <P>-app1 10.77.0.21   every FastCGI program of $FONTAINE_PROGRAMS on TCP + fontaine-mailer
#   <P>-app2 10.77.0.22   the same
#   <P>-front 10.77.0.30  nginx (upstreams to both hosts), the SMTP sink, the load client
#   <P>-br                the bridge br0 joining the veth pairs
#
# Everything is torn down on exit, even on failure (trap): every process in those namespaces
# (their pids, from `ip netns pids`), the namespaces, the clusters' data. Logs stay in
# $FONTAINE_FAULT_DIR (default $FONTAINE_SRC/var/fault). Needs root (ip netns).
#
# Environment: FONTAINE_SRC, FONTAINE_TEST_PORT (the front's port inside its namespace; also
# names the namespaces, so that two runs with different ports do not collide),
# FONTAINE_TEST_SMTP_PORT, FONTAINE_PROGRAMS, FONTAINE_BIN (default $FONTAINE_SRC/build/cgi),
# FONTAINE_FAULT_SECONDS (load duration at least, default 70), FONTAINE_FAULT_WORKERS (per program, 2).
set -euo pipefail

SRC="${FONTAINE_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
PORT="${FONTAINE_TEST_PORT:-8181}"
SMTP_PORT="${FONTAINE_TEST_SMTP_PORT:-2526}"
PROGRAMS="${FONTAINE_PROGRAMS:-site signup events feed admin booking invoice}"
BIN="${FONTAINE_BIN:-$SRC/build/cgi}"
SECONDS_LOAD="${FONTAINE_FAULT_SECONDS:-70}"
WORKERS="${FONTAINE_FAULT_WORKERS:-2}"
DIR="${FONTAINE_FAULT_DIR:-$SRC/var/fault}"
# PostgreSQL's and etcd's data: a short path the postgres user can reach.
PGROOT="/var/tmp/fontaine-fault-$PORT"
PGBIN=/usr/lib/postgresql/15/bin
P="ft$PORT"
NET=10.77.0
PG_ADDR=("" "$NET.11" "$NET.12" "$NET.13")
APP_ADDR=("" "$NET.21" "$NET.22")
FRONT_ADDR="$NET.30"
NODES="pg1 pg2 pg3 app1 app2 front"
ETCD_HOSTS="$NET.11:2379,$NET.12:2379,$NET.13:2379"
PG_HOSTS="$NET.11,$NET.12,$NET.13"
# What every client of the database adds to its connection string: the three nodes, the
# primary only, and a dead peer noticed within seconds (a cut network sends no RST).
PG_OPTS="port=5432 dbname=fontaine target_session_attrs=read-write connect_timeout=2 keepalives=1 keepalives_idle=5 keepalives_interval=1 keepalives_count=3 tcp_user_timeout=5000"

say()  { printf '==> fault: %s\n' "$*"; }
warn() { printf 'fault: %s\n' "$*" >&2; }
die()  { warn "$*"; exit 1; }

ns() { local n="$1"; shift; ip netns exec "$P-$n" "$@"; }

# fill TEMPLATE OUT KEY=VALUE...: TEMPLATE with each @KEY@ replaced (comment lines kept).
fill() {
    local t="$1" out="$2" kv args=()
    shift 2
    for kv in "$@"; do args+=(-e "/^[[:space:]]*#/!s|@${kv%%=*}@|${kv#*=}|g"); done
    sed "${args[@]}" "$t" >"$out"
    if grep -v '^[[:space:]]*#' "$out" | grep -q '@[A-Z_0-9]*@'; then
        die "unfilled placeholders in $out"
    fi
}

# ---- network -----------------------------------------------------------------------------

net_up() {
    local i=0 n addr
    ip netns add "$P-br"
    ns br ip link set lo up
    ns br ip link add br0 type bridge
    ns br ip link set br0 up
    for n in $NODES; do
        i=$((i + 1))
        case "$n" in
            pg*) addr="${PG_ADDR[${n#pg}]}" ;;
            app*) addr="${APP_ADDR[${n#app}]}" ;;
            front) addr="$FRONT_ADDR" ;;
        esac
        ip netns add "$P-$n"
        ip link add "${P}v${i}a" type veth peer name "${P}v${i}b"
        ip link set "${P}v${i}a" netns "$P-br"
        ip link set "${P}v${i}b" netns "$P-$n"
        ns br ip link set "${P}v${i}a" master br0 up
        ns "$n" ip link set "${P}v${i}b" name eth0
        ns "$n" ip addr add "$addr/24" dev eth0
        ns "$n" ip link set eth0 up
        ns "$n" ip link set lo up
    done
}

# teardown: SIGKILL every process of our namespaces (by pid), delete them, drop the data.
TORN=0
teardown() {
    [ "$TORN" = 1 ] && return 0
    TORN=1
    local n pids _
    for n in $NODES br; do
        ip netns list 2>/dev/null | grep -q "^$P-$n\b" || continue
        pids="$(ip netns pids "$P-$n" 2>/dev/null || true)"
        # shellcheck disable=SC2086 # one pid per word
        [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
    done
    for _ in $(seq 50); do
        pids=""
        for n in $NODES br; do pids="$pids$(ip netns pids "$P-$n" 2>/dev/null || true)"; done
        [ -z "$pids" ] && break
        sleep 0.1
    done
    for n in $NODES br; do ip netns del "$P-$n" 2>/dev/null || true; done
    for n in 1 2 3 4 5 6; do ip link del "${P}v${n}a" 2>/dev/null || true; done
    rm -rf "$PGROOT"
}

# ---- etcd and Patroni ------------------------------------------------------------------

etcd_start() {
    local i cluster="e1=http://$NET.11:2380,e2=http://$NET.12:2380,e3=http://$NET.13:2380"
    for i in 1 2 3; do
        mkdir -p "$PGROOT/etcd$i"
        fill "$SRC/deploy/etcd.env.in" "$PGROOT/etcd$i.env" NAME="e$i" ADDR="${PG_ADDR[$i]}" \
            CLUSTER="$cluster" DATA_DIR="$PGROOT/etcd$i/data" TOKEN="fontaine-$P"
        # shellcheck disable=SC2046 # one VAR=value per line of the env file
        ns "pg$i" env $(grep -v '^[[:space:]]*#' "$PGROOT/etcd$i.env" | grep .) \
            setsid etcd </dev/null >>"$DIR/log/etcd$i.log" 2>&1 &
    done
    for _ in $(seq 100); do
        ns pg1 etcdctl --endpoints="http://$NET.11:2379,http://$NET.12:2379,http://$NET.13:2379" \
            endpoint health >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    tail -n 20 "$DIR"/log/etcd*.log >&2
    die "etcd did not become healthy"
}

patroni_start() {
    local i="$1"
    mkdir -p "$PGROOT/pg$i"
    chown postgres: "$PGROOT/pg$i"
    chmod 700 "$PGROOT/pg$i"
    [ -f "$PGROOT/pg$i/patroni.yml" ] ||
        fill "$SRC/deploy/patroni.yml.in" "$PGROOT/pg$i/patroni.yml" NAME="pg$i" ADDR="${PG_ADDR[$i]}" \
            ETCD_HOSTS="$ETCD_HOSTS" NETWORK="$NET.0/24" HBA_METHOD=trust \
            DATA_DIR="$PGROOT/pg$i/data" SOCKET_DIR="$PGROOT/pg$i" \
            REPL_PASSWORD="repl-$P" SUPER_PASSWORD="super-$P"
    chown postgres: "$PGROOT/pg$i/patroni.yml"
    # A throwaway test cluster: its data need not reach the disk (the faults are process
    # kills and a cut network, not a power loss); replication is what is tested.
    ns "pg$i" setsid runuser -u postgres -- env PATRONI_POSTGRESQL_PARAMETERS_FSYNC=off \
        patroni "$PGROOT/pg$i/patroni.yml" </dev/null >>"$DIR/log/patroni$i.log" 2>&1 &
}

# node_sql I SQL: psql as postgres on node I's unix socket (reachable from any namespace).
node_sql() {
    "$PGBIN/psql" -X -h "$PGROOT/pg$1" -U postgres -d "${3:-postgres}" -Atqc "$2" 2>/dev/null
}

# primary_sql SQL: psql as postgres on whichever node is the read-write one (from the front).
primary_sql() {
    ns front "$PGBIN/psql" -X "host=$PG_HOSTS user=postgres $PG_OPTS" -v ON_ERROR_STOP=1 -Atqc "$1"
}

# primary_index: 1, 2 or 3, the node that takes writes, as a client finds it.
primary_index() {
    local a
    a="$(primary_sql "SELECT host(inet_server_addr())" 2>/dev/null)" || return 1
    case "$a" in "$NET.11") echo 1 ;; "$NET.12") echo 2 ;; "$NET.13") echo 3 ;; *) return 1 ;; esac
}

db_up() {
    local i _
    etcd_start
    patroni_start 1
    for _ in $(seq 300); do
        [ "$(node_sql 1 'SELECT pg_is_in_recovery()')" = f ] && break
        sleep 0.2
    done
    [ "$(node_sql 1 'SELECT pg_is_in_recovery()')" = f ] || {
        tail -n 30 "$DIR/log/patroni1.log" >&2; die "pg1 did not become the primary"; }
    patroni_start 2
    patroni_start 3
    for _ in $(seq 600); do
        [ "$(node_sql 1 "SELECT count(*) FILTER (WHERE state = 'streaming'), count(*) FILTER (WHERE sync_state = 'sync') FROM pg_stat_replication")" = "2|1" ] && break
        sleep 0.2
    done
    say "replication: $(node_sql 1 "SELECT string_agg(application_name || ' ' || state || ' ' || sync_state, ', ' ORDER BY application_name) FROM pg_stat_replication")"
    [ "$(node_sql 1 "SELECT count(*) FILTER (WHERE sync_state = 'sync') FROM pg_stat_replication")" = 1 ] || {
        tail -n 30 "$DIR"/log/patroni[23].log >&2; die "no synchronous standby"; }
    node_sql 1 "CREATE DATABASE fontaine" >/dev/null
}

# ---- application hosts and front ----------------------------------------------------------

# port_of PROGRAM: the program's port in deploy/nginx-upstreams.conf.in.
port_of() {
    awk -v u="upstream fontaine_$1 {" '$0 == u { f = 1; next }
        f && /server @APP1@:/ { sub(/.*@APP1@:/, ""); sub(/ .*/, ""); print; exit }' \
        "$SRC/deploy/nginx-upstreams.conf.in"
}

app_config() {
    local h="$1" d="$DIR/app$1" p
    mkdir -p "$d/credentials"
    chmod 700 "$d/credentials"
    {
        echo "# Generated by tests/fault/run.sh for application host app$h."
        echo "base_url = http://127.0.0.1:$PORT"
        echo "template_dir = $SRC/templates"
        echo "schema_dir = $SRC/schema"
        echo "static_dir = $SRC/static"
        echo "cookie_secure = 0"
        echo "secret_file = $DIR/secret"
        echo "credentials_dir = $d/credentials"
        echo "smtp_url = smtp://$FRONT_ADDR:$SMTP_PORT"
        echo "mail_from = La Fontaine <contact@lafontaine-agen.example>"
        echo "connect_timeout = 2"
        echo "openapi_file = $SRC/cgi/api/openapi.json"
    } >"$d/fontaine.conf"
    (
        umask 077
        echo "db_migrate = host=$PG_HOSTS user=postgres $PG_OPTS" >"$d/credentials/migrate.conf"
        for p in $PROGRAMS mailer; do
            echo "db_$p = host=$PG_HOSTS user=fontaine_$p $PG_OPTS" >"$d/credentials/$p.conf"
        done
        echo "db_invoice = host=$PG_HOSTS user=fontaine_invoice $PG_OPTS" >"$d/credentials/invoicectl.conf"
    )
}

app_start() {
    local h="$1" p port addr="${APP_ADDR[$1]}" _
    for p in $PROGRAMS; do
        port="$(port_of "$p")"
        [ -n "$port" ] || die "no upstream fontaine_$p in deploy/nginx-upstreams.conf.in: add it"
        ns "app$h" env FCGI_WEB_SERVER_ADDRS="$FRONT_ADDR" setsid "$BIN/fontaine-$p" \
            -c "$DIR/app$h/fontaine.conf" -s "$addr:$port" -n "$WORKERS" \
            </dev/null >>"$DIR/log/app$h-$p.log" 2>&1 &
    done
    ns "app$h" setsid "$BIN/fontaine-mailer" -c "$DIR/app$h/fontaine.conf" \
        </dev/null >>"$DIR/log/app$h-mailer.log" 2>&1 &
    for p in $PROGRAMS; do
        port="$(port_of "$p")"
        for _ in $(seq 100); do
            ns front bash -c ": >/dev/tcp/$addr/$port" 2>/dev/null && break
            sleep 0.1
        done
        ns front bash -c ": >/dev/tcp/$addr/$port" 2>/dev/null || {
            tail -n 20 "$DIR/log/app$h-$p.log" >&2; die "fontaine-$p did not listen on app$h ($addr:$port)"; }
    done
    say "app$h ($addr): $(echo "$PROGRAMS" | wc -w) programs x $WORKERS workers on TCP, and the mailer"
}

front_start() {
    local n="$DIR/nginx" p _
    mkdir -p "$n"/{conf,logs,cache,tmp,bench} "$DIR/mail"/{new,cur,tmp}
    ns front setsid /usr/bin/python3 -m aiosmtpd -n -l "$FRONT_ADDR:$SMTP_PORT" \
        -c aiosmtpd.handlers.Mailbox "$DIR/mail" </dev/null >>"$DIR/log/smtp.log" 2>&1 &
    fill "$SRC/deploy/nginx-upstreams.conf.in" "$n/conf/upstreams.conf" \
        APP1="${APP_ADDR[1]}" APP2="${APP_ADDR[2]}"
    local args=()
    for p in $PROGRAMS; do args+=(-e "/^[[:space:]]*#/!s|fastcgi_pass unix:@RUNDIR@/$p\\.sock;|fastcgi_pass fontaine_$p;|g"); done
    sed "${args[@]}" "$SRC/nginx/fontaine.conf.in" >"$n/conf/fontaine.in"
    fill "$n/conf/fontaine.in" "$n/conf/fontaine.conf" LISTEN="$PORT" \
        SERVER_NAME="127.0.0.1 localhost" RUNDIR=/nonexistent STATICDIR="$SRC/static" \
        CACHEDIR="$n/cache" LOGDIR="$n/logs" POST_RATE=50r/s POST_BURST=200
    if grep -v '^[[:space:]]*#' "$n/conf/fontaine.conf" | grep -q 'unix:/nonexistent'; then
        die "a location of nginx/fontaine.conf.in passes to a program not in PROGRAMS"
    fi
    sed -e "s|include @NGINXDIR@/conf/fontaine.conf;|include @NGINXDIR@/conf/upstreams.conf;\n    include @NGINXDIR@/conf/fontaine.conf;|" \
        "$SRC/nginx/dev.conf.in" >"$n/conf/nginx.in"
    fill "$n/conf/nginx.in" "$n/conf/nginx.conf" NGINXDIR="$n" BENCHDIR="$n/bench" \
        STATIC_PORT="$((PORT + 1))"
    ns front nginx -p "$n" -c conf/nginx.conf -e "$n/logs/error.log" -t -q ||
        die "the front's nginx configuration does not pass nginx -t"
    ns front nginx -p "$n" -c conf/nginx.conf -e "$n/logs/error.log"
    for _ in $(seq 100); do
        ns front bash -c ": >/dev/tcp/$FRONT_ADDR/$SMTP_PORT" 2>/dev/null && break
        sleep 0.1
    done
    say "front ($FRONT_ADDR): nginx on port $PORT, SMTP sink on $SMTP_PORT"
}

# throughput LABEL: wrk in the front against a page the cache does not serve (session cookie).
throughput() {
    local out
    out="$(ns front wrk -t2 -c8 -d5s -H 'Cookie: session=fault-bench' \
        "http://127.0.0.1:$PORT/tarifs" 2>&1)" || true
    printf '%s: %s req/s%s\n' "$1" "$(awk '/Requests\/sec/ { print $2 }' <<<"$out")" \
        "$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | sed 's/^/; /' | paste -sd ' ' || true)"
}

# ---- the faults (called by load.mjs through `run.sh fault WHAT`) ----------------------------

fault() {
    local i pid pat
    case "$1" in
        kill-primary)
            i="$(primary_index)" || die "no primary found"
            pid="$(head -n 1 "$PGROOT/pg$i/data/postmaster.pid")"
            # Patroni would restart its postgres in place within loop_wait (a crash, not a
            # failover): the node's Patroni goes too, as on a machine that died.
            pat="$(for p in $(ip netns pids "$P-pg$i"); do
                { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null | grep -q '^/usr/bin/python3 /usr/bin/patroni' && echo "$p"
            done | head -n 1 || true)"
            kill -KILL "$pid" ${pat:+"$pat"}
            echo "$i" >"$PGROOT/killed"
            echo "primary pg$i (${PG_ADDR[$i]}): SIGKILL to postgres $pid and patroni ${pat:-?}"
            ;;
        restart-killed)
            i="$(cat "$PGROOT/killed")"
            patroni_start "$i"
            echo "Patroni of pg$i started again (rejoins as a standby, pg_rewind)"
            ;;
        partition-primary)
            i="$(primary_index)" || die "no primary found"
            # The node killed earlier streams again (pg_rewind, then replication): wait for it.
            for w in $(seq 60); do
                [ "$(node_sql "$i" "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" = 2 ] && break
                sleep 0.5
            done
            pat="$(node_sql "$i" "SELECT string_agg(application_name || ' ' || state || ' ' || sync_state, ', ' ORDER BY application_name) FROM pg_stat_replication" || true)"
            ns "pg$i" ip link set eth0 down
            echo "network of pg$i (${PG_ADDR[$i]}, the primary; its standbys after $((w / 2)) s of waiting: ${pat:-none}) cut: eth0 down in its namespace"
            ;;
        kill-app)
            i="${2:-1}"
            pid="$(ip netns pids "$P-app$i" | wc -l)"
            # shellcheck disable=SC2046 # one pid per word
            kill -KILL $(ip netns pids "$P-app$i")
            echo "application host app$i (${APP_ADDR[$i]}): SIGKILL to its $pid processes"
            ;;
        *) die "fault: unknown fault $1" ;;
    esac
}

if [ "${1:-}" = fault ]; then
    shift
    fault "$@"
    exit 0
fi

# ---- the run ------------------------------------------------------------------------------

[ "$(id -u)" = 0 ] || { echo "skipped: the fault tier needs root (ip netns)"; exit 77; }
for c in patroni etcd etcdctl nginx wrk node; do
    command -v "$c" >/dev/null || die "missing $c (./dev installs PACKAGES)"
done
[ -x "$BIN/fontaine-site" ] || die "no $BIN/fontaine-site: build first"

start=$SECONDS
teardown_and_report() {
    local rc=$?
    if [ "$rc" != 0 ]; then
        warn "failed (exit $rc): the last lines of the logs in $DIR/log/:"
        for f in "$DIR"/log/patroni*.log "$DIR"/log/app*-mailer.log; do
            [ -f "$f" ] && { echo "---- $f"; tail -n 8 "$f"; }
        done >&2
    fi
    teardown
    say "torn down (namespaces, processes, data); wall time $((SECONDS - start)) s"
}
teardown # a previous run that was killed
TORN=0
trap teardown_and_report EXIT
trap 'exit 130' INT TERM
rm -rf "$DIR"
mkdir -p "$DIR/log" "$PGROOT"
chmod 755 "$PGROOT"
(umask 077 && head -c 32 /dev/urandom >"$DIR/secret")

net_up
say "network: namespaces $P-{pg1,pg2,pg3,app1,app2,front} on bridge br0 in $P-br, $NET.0/24"
db_up
say "PostgreSQL: pg1 primary, pg2 and pg3 standbys (one synchronous) after $((SECONDS - start)) s"
app_config 1
app_config 2
ns app1 "$BIN/fontaine-migrate" -c "$DIR/app1/fontaine.conf" >"$DIR/log/migrate.log" 2>&1 &&
    ns app1 "$BIN/fontaine-migrate" -c "$DIR/app1/fontaine.conf" --demo >>"$DIR/log/migrate.log" 2>&1 || {
    tail -n 20 "$DIR/log/migrate.log" >&2; die "the migrations failed"; }
app_start 1
app_start 2
front_start
say "topology up after $((SECONDS - start)) s"

tp2="$(throughput 'throughput with two application hosts')"
echo "$tp2"

export FONTAINE_URL="http://127.0.0.1:$PORT" FONTAINE_VAR="$DIR" FONTAINE_SRC="$SRC"
export FONTAINE_FAULT_DSN="host=$PG_HOSTS user=postgres $PG_OPTS"
export FONTAINE_FAULT_CTL="bash $SRC/tests/fault/run.sh fault"
export FONTAINE_FAULT_INVOICECTL="$BIN/fontaine-invoicectl"
export FONTAINE_FAULT_NS="$P" FONTAINE_TEST_PORT="$PORT" FONTAINE_TEST_SMTP_PORT="$SMTP_PORT"
export FONTAINE_PROGRAMS="$PROGRAMS" FONTAINE_BIN="$BIN" FONTAINE_FAULT_DIR="$DIR"
set +e
ns front node "$SRC/tests/fault/load.mjs" "$SECONDS_LOAD"
rc=$?
set -e

# No worker crashed: a broken connection is a 503 and a reconnection, not a dead worker.
crashes="$(cat "$DIR"/log/app[12]-*.log | grep -E 'worker [0-9]+ (killed by signal|exited with)' || true)"
echo "program workers that died during the run: $(grep -c . <<<"$crashes" || true)"
[ -z "$crashes" ] || { head -n 5 <<<"$crashes"; rc=1; }

echo
echo "== once across hosts"
out="$(ns app2 "$BIN/fontaine-invoicectl" -c "$DIR/app2/fontaine.conf" verify 2>&1)" && vrc=0 || vrc=$?
echo "fontaine-invoicectl verify (app2): $out"
[ "$vrc" = 0 ] || rc=1
# app1 comes back (a host restarted after its crash), then the monthly run and the daily job
# (fontaine-invoicectl, as fontaine-monthly and fontaine-daily.service start it on every host)
# from both hosts at the same moment: the second finds nothing more to do.
app_start 1 >/dev/null
month="$(primary_sql "SELECT to_char(paris_today(), 'YYYY-MM')")"
for job in "run $month" memberships; do
    # shellcheck disable=SC2086 # the job's words
    ns app1 "$BIN/fontaine-invoicectl" -c "$DIR/app1/fontaine.conf" $job >"$DIR/log/once-1.log" 2>&1 &
    j1=$!
    # shellcheck disable=SC2086
    ns app2 "$BIN/fontaine-invoicectl" -c "$DIR/app2/fontaine.conf" $job >"$DIR/log/once-2.log" 2>&1 || rc=1
    wait "$j1" || rc=1
    # shellcheck disable=SC2086
    again="$(ns app2 "$BIN/fontaine-invoicectl" -c "$DIR/app2/fontaine.conf" $job 2>&1)" || rc=1
    echo "${job%% *} on app1 and app2 at once: app1 \"$(cat "$DIR/log/once-1.log")\", app2 \"$(cat "$DIR/log/once-2.log")\"; once more: \"$again\""
    case "$again" in *": 0 "*) ;; *) warn "the ${job%% *} job found more to do after two runs"; rc=1 ;; esac
done

echo
# Asked from the node killed first (the partitioned one would show its stale view).
k="$(cat "$PGROOT/killed" 2>/dev/null || echo 1)"
echo "== the database cluster after the faults (patronictl list, from pg$k)"
ns "pg$k" patronictl -c "$PGROOT/pg$k/patroni.yml" list 2>&1 | grep -v ' - ERROR - ' | sed 's/^/  /' || true

echo
echo "== throughput (wrk, 2 threads, 8 connections, 5 s, GET /tarifs past nginx's cache)"
echo "$tp2 (before the load)"
# shellcheck disable=SC2046 # one pid per word
kill -KILL $(ip netns pids "$P-app1") 2>/dev/null || true
sleep 1
throughput 'throughput with one application host (app1 killed)'
app_start 1 >/dev/null
sleep 6 # nginx's fail_timeout: app1 is tried again
throughput 'throughput with two application hosts (app1 started again)'
echo "(both hosts share this machine's $(nproc) cores: a second host adds capacity only on a machine of its own)"
echo
if [ "$rc" = 0 ]; then echo "fault: ok"; else echo "fault: FAILED"; fi
exit "$rc"
