#!/usr/bin/env bash
# tests/install/run.sh: the README's production walk-through, by the `install` tier of ./dev
# test (TAP). It configures a build with --prefix under $FONTAINE_VAR/install, runs make
# install, compares what was installed with the tree, creates the database fontaine_install on
# the test cluster, migrates it from the installed files WITHOUT demo data, creates the first
# administrator with the installed command, starts the installed programs from the installed
# configuration on their own sockets, logs in over FastCGI and opens /admin; then checks the
# installed systemd units with systemd-analyze, backs the database up with fontaine-backup and
# restores the dump into a fresh cluster where the invoice chain must verify.
# Everything it starts it stops, whatever happens.
#
# Environment (from ./dev): FONTAINE_SRC, FONTAINE_VAR, FONTAINE_PGHOST, FONTAINE_PROGRAMS.
set -uo pipefail

: "${FONTAINE_SRC:?run through ./dev test install}" "${FONTAINE_VAR:?}" "${FONTAINE_PGHOST:?}"
SRC="$FONTAINE_SRC"
PROGRAMS="${FONTAINE_PROGRAMS:-site signup events feed admin booking invoice api}"
PGBIN=/usr/lib/postgresql/15/bin
JOBS="${FONTAINE_JOBS:-2}"
TOP="$FONTAINE_VAR/install"
BUILD="$TOP/build"
PREFIX="$TOP/prefix"
CONF="$PREFIX/etc/fontaine/fontaine.conf"
CRED="$PREFIX/etc/fontaine/credentials"
DB=fontaine_install
ADMIN_EMAIL=direction@coworking.example.org
ADMIN_PW='Une-phrase de passe 2026 !'
RUN="$(mktemp -d /tmp/fontaine-install-run.XXXXXX)"
PG2=""
N=0
FAILED=0

ok()   { N=$((N + 1)); echo "ok $N - $1"; }
fail() { N=$((N + 1)); FAILED=$((FAILED + 1)); echo "not ok $N - $1"; [ -n "${2:-}" ] && printf '#   %s\n' "${2:0:2000}" | sed '2,$s/^/#   /'; return 0; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got [$2], want [$3]"; fi; }
bail() { echo "Bail out! $*"; cleanup; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }
as_pg() { if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
psql_on() { local host="$1" db="$2"; shift 2; "$PGBIN/psql" -X -q -At -h "$host" -U postgres -d "$db" -v ON_ERROR_STOP=1 "$@"; }
sql() { psql_on "$FONTAINE_PGHOST" "$DB" "$@"; }

cleanup() {
    local f
    for f in "$RUN"/*.pid; do
        [ -s "$f" ] || continue
        kill -TERM "$(cat "$f")" 2>/dev/null || true
    done
    for f in "$RUN"/*.pid; do
        [ -s "$f" ] || continue
        for _ in $(seq 50); do kill -0 "$(cat "$f")" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$(cat "$f")" 2>/dev/null || true
    done
    if [ -n "$PG2" ] && [ -f "$PG2/data/PG_VERSION" ]; then
        as_pg "$PGBIN/pg_ctl" -D "$PG2/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    [ -n "$PG2" ] && rm -rf "$PG2"
    rm -rf "$RUN"
    psql_on "$FONTAINE_PGHOST" postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "TAP version 13"

# ---- 1. build and make install into a prefix ------------------------------------------------------

rm -rf "$TOP"
mkdir -p "$BUILD"
if (cd "$BUILD" && "$SRC/configure" --prefix="$PREFIX" >configure.log 2>&1); then ok "configure --prefix=$PREFIX"
else tail -n 20 "$BUILD/configure.log"; bail "configure failed"; fi
if make -C "$BUILD" -j"$JOBS" >"$BUILD/make.log" 2>&1 && make -C "$BUILD" install >"$BUILD/install.log" 2>&1
then ok "make && make install"
else tail -n 30 "$BUILD/make.log" "$BUILD/install.log"; bail "make install failed"; fi

# ---- 2. what was installed is what the tree has ------------------------------------------------------

data="$PREFIX/share/fontaine"
missing="" differ=""
for f in $(cd "$SRC" && { ls schema/[0-9]*.sql schema/demo/*.sql templates/*.tpl; find static -type f; }); do
    case "$f" in static/*) dest="$data/$f" ;; *) dest="$data/$f" ;; esac
    if [ ! -f "$dest" ]; then missing="$missing $f"
    elif ! cmp -s "$SRC/$f" "$dest"; then differ="$differ $f"; fi
done
check "every migration, demo file, template and static file of the tree is installed" "${missing# }" ""
check "and installed unchanged" "${differ# }" ""
check "the API's OpenAPI document is installed unchanged" \
    "$(cmp -s "$SRC/cgi/api/openapi.json" "$data/openapi.json" && echo same)" "same"
extra=""
for f in $(cd "$data" && find . -type f | sed 's|^\./||'); do
    case "$f" in openapi.json) src=cgi/api/openapi.json ;; *) src=$f ;; esac
    [ -f "$SRC/$src" ] || extra="$extra $f"
done
check "nothing installed under share/fontaine that the tree does not have" "${extra# }" ""
absent=""
for p in $PROGRAMS mailer webhooks migrate invoicectl backup; do
    [ -x "$PREFIX/sbin/fontaine-$p" ] || absent="$absent fontaine-$p"
done
check "every program and command in sbin" "${absent# }" ""
absent=""
for f in share/man/man8/fontaine.8 share/man/man8/fontaine-migrate.8 share/man/man8/fontaine-backup.8 \
         share/man/man5/fontaine.conf.5 share/doc/fontaine/LICENSE etc/fontaine/fontaine.conf \
         lib/sysusers.d/fontaine-sysusers.conf lib/systemd/system/fontaine.target \
         lib/systemd/system/fontaine-mailer.service lib/systemd/system/fontaine-webhooks.service lib/systemd/system/fontaine-backup.timer \
         lib/systemd/system/fontaine-daily.service lib/systemd/system/fontaine-daily.timer; do
    [ -f "$PREFIX/$f" ] || absent="$absent $f"
done
for p in $PROGRAMS; do
    for u in socket service; do [ -f "$PREFIX/lib/systemd/system/fontaine-$p.$u" ] || absent="$absent fontaine-$p.$u"; done
done
check "man pages, LICENSE, configuration, sysusers.d and a socket and a service per program" "${absent# }" ""
for f in share/man/man8/fontaine.8 share/man/man8/fontaine-migrate.8 share/man/man8/fontaine-backup.8 share/man/man5/fontaine.conf.5; do
    out="$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$PREFIX/$f" 2>&1 >/dev/null)"
    check "man page $(basename "$f") renders without warnings" "$out" ""
done
check "the credentials directory: traversable, not listable (711)" "$(stat -c %a "$CRED")" "711"
bad=""
for f in "$CRED"/*.conf; do [ "$(stat -c %a "$f")" = 600 ] || bad="$bad $(basename "$f"):$(stat -c %a "$f")"; done
check "each credential file is mode 600" "${bad# }" ""
check "one credential file per program and command" \
    "$(cd "$CRED" && ls | tr '\n' ' ')" "admin.conf api.conf backup.conf booking.conf events.conf feed.conf invoice.conf invoicectl.conf mailer.conf migrate.conf signup.conf site.conf webhooks.conf "
check "the main configuration holds no credential" \
    "$(grep -cE '^[[:space:]]*(db_|smtp_user|smtp_password)' "$CONF")" "0"
check "the installed configuration points at the installed data" \
    "$(sed -n 's/^template_dir = //p' "$CONF")" "$PREFIX/share/fontaine/templates"
echo "base_url = https://changed.example.org" >>"$CONF"
make -C "$BUILD" install >/dev/null 2>&1
check "make install again keeps the administrator's configuration" \
    "$(tail -n 1 "$CONF")" "base_url = https://changed.example.org"
sed -i '$d' "$CONF"

# ---- 3. the walk-through: configuration, database, migrations, first administrator ---------------------

# What the administrator edits: the public address, the secret, the connection strings.
sed -i -e 's|^base_url = .*|base_url = https://coworking.example.org|' "$CONF"
(umask 077 && head -c 32 /dev/urandom >"$PREFIX/etc/fontaine/secret")
sed -i -e "s|host=/run/postgresql dbname=fontaine |host=$FONTAINE_PGHOST dbname=$DB |" "$CRED"/*.conf
psql_on "$FONTAINE_PGHOST" postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
psql_on "$FONTAINE_PGHOST" postgres -c "CREATE DATABASE $DB" >/dev/null || bail "cannot create $DB"
out="$("$PREFIX/sbin/fontaine-migrate" -c "$CONF" 2>&1)"
check "fontaine-migrate from the installed files: exit 0" "$?" "0"
check "every installed migration applied" "$(sql -c "SELECT count(*) FROM schema_migration")" \
    "$(ls "$data"/schema/[0-9]*.sql | wc -l)"
check "no demo data without --demo" \
    "$(sql -c "SELECT (SELECT count(*) FROM schema_migration WHERE name LIKE 'demo/%') || '/' || (SELECT count(*) FROM person) || '/' || (SELECT count(*) FROM event)")" "0/0/0"
check "the placeholder organisation row exists" \
    "$(sql -c "SELECT placeholder, legal_name FROM organisation")" "t|À renseigner"
check "setup_todo lists the settings to fill in" \
    "$(sql -c "SELECT string_agg(item, ' ' ORDER BY item) FROM setup_todo()")" "bank hours legal organisation prices siret"
out="$("$PREFIX/sbin/fontaine-migrate" -c "$CONF" 2>&1)"
check "a second run applies nothing" "$out" "migrate: 0 file(s) applied"

out="$(printf 'azertyuiop\n' | "$PREFIX/sbin/fontaine-migrate" -c "$CONF" --create-admin "$ADMIN_EMAIL" 2>&1)"
check "--create-admin refuses a common password (exit 2)" "$?:$(grep -c 'plus courants' <<<"$out")" "2:1"
out="$(printf 'x\n' | "$PREFIX/sbin/fontaine-migrate" -c "$CONF" --create-admin pas-une-adresse 2>&1)"
check "--create-admin refuses a bad address (exit 2)" "$?" "2"
out="$(printf '%s\n' "$ADMIN_PW" | "$PREFIX/sbin/fontaine-migrate" -c "$CONF" --create-admin "$ADMIN_EMAIL" \
       --first-name Camille --last-name Martin 2>&1)"
check "--create-admin with the password on stdin: exit 0" "$?:$(grep -c 'créé' <<<"$out")" "0:1"
check "an active administrator, Argon2id" \
    "$(sql -c "SELECT role, status, left(password_hash, 10), first_name FROM person WHERE email = '$ADMIN_EMAIL'")" \
    "admin|active|\$argon2id\$|Camille"
sql -c "UPDATE person SET role = 'member' WHERE email = '$ADMIN_EMAIL'" >/dev/null
out="$(printf '%s\n' "$ADMIN_PW" | "$PREFIX/sbin/fontaine-migrate" -c "$CONF" --create-admin "${ADMIN_EMAIL^^}" 2>&1)"
check "run again (address in capitals): the same account is made administrator again" \
    "$?:$(sql -c "SELECT count(*) || ':' || min(role) FROM person")" "0:1:admin"

# A credential file others may read stops the command.
chmod 644 "$CRED/migrate.conf"
out="$("$PREFIX/sbin/fontaine-migrate" -c "$CONF" 2>&1)"; rc=$?
check "credentials readable by others: fontaine-migrate refuses to start" \
    "$rc:$(grep -c 'lets others read' <<<"$out")" "2:1"
chmod 600 "$CRED/migrate.conf"
cp "$CONF" "$RUN/leaky.conf"
echo "db_site = host=$FONTAINE_PGHOST dbname=$DB user=fontaine_site" >>"$RUN/leaky.conf"
out="$("$PREFIX/sbin/fontaine-site" -c "$RUN/leaky.conf" -s "$RUN/leaky.sock" -n 1 2>&1)"; rc=$?
check "a credential in the main file: fontaine-site refuses to start" \
    "$rc:$(grep -c 'is a credential' <<<"$out")" "1:1"

# ---- 4. the installed programs, from the installed configuration -----------------------------------------

started=""
for p in $PROGRAMS; do
    "$PREFIX/sbin/fontaine-$p" -c "$CONF" -s "$RUN/$p.sock" -n 1 \
        </dev/null >>"$RUN/$p.log" 2>&1 &
    echo "$!" >"$RUN/$p.pid"
    for _ in $(seq 100); do [ -S "$RUN/$p.sock" ] && break; kill -0 "$!" 2>/dev/null || break; sleep 0.1; done
    if [ -S "$RUN/$p.sock" ]; then started="$started $p"; else fail "fontaine-$p starts" "$(tail -n 5 "$RUN/$p.log")"; fi
done
check "every installed program starts from the installed configuration" "${started# }" "$PROGRAMS"

# Each program's pages answer without the demo data (no 5xx): the first start works.
pages="site:/ site:/tarifs site:/mentions-legales site:/contact signup:/adhesion signup:/connexion
events:/evenements feed:/evenements.rss feed:/evenements.ics booking:/disponibilites
booking:/reservation invoice:/factures admin:/desinscription api:/api/v1/events
api:/api/v1/openapi.json"
bad=""
for pp in $pages; do
    p="${pp%%:*}" path="${pp#*:}"
    st="$(PYTHONPATH="$SRC/tests/feed" python3 -c 'import sys, fcgi
print(fcgi.request(sys.argv[1], sys.argv[2], headers={"Host": "coworking.example.org"})[0])' "$RUN/$p.sock" "$path" 2>&1)"
    case "$st" in [1234]??) ;; *) bad="$bad $path:$st" ;; esac
done
check "the public pages of every program answer without demo data (no 5xx)" "${bad# }" ""

out="$(TAP_START=$N python3 "$SRC/tests/install/fcgi_login.py" "$RUN/signup.sock" "$RUN/admin.sock" \
       "$ADMIN_EMAIL" "$ADMIN_PW" "https://coworking.example.org" 2>&1)"
printf '%s\n' "$out" | grep -v '^count '
read -r _ n _ f <<<"$(grep '^count ' <<<"$out" || echo "count $((N + 1)) failed 1")"
N="$n"; FAILED=$((FAILED + f))

for p in $PROGRAMS; do
    [ -s "$RUN/$p.pid" ] && kill -TERM "$(cat "$RUN/$p.pid")" 2>/dev/null
done
gone=1
for p in $PROGRAMS; do
    for _ in $(seq 100); do kill -0 "$(cat "$RUN/$p.pid")" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$(cat "$RUN/$p.pid")" 2>/dev/null && gone=0
done
check "SIGTERM stops every installed program" "$gone" "1"
errors="$(cat "$RUN"/*.log | grep -iE 'error|fatal|cannot' | grep -v 'leaky' | head -n 5)"
check "no error in the programs' logs" "$errors" ""

# ---- 5. systemd units -------------------------------------------------------------------------------------

units="$PREFIX/lib/systemd/system"
out="$(cd "$units" && MANPATH="$PREFIX/share/man" systemd-analyze verify ./*.socket ./*.service ./*.timer ./*.target 2>&1)"
check "systemd-analyze verify: every installed unit is valid (commands, man pages, keys)" "$?:$out" "0:"
check "each socket: mode 0660, group www-data, not world-writable" \
    "$(grep -h '^Socket\(Mode\|Group\)' "$units"/fontaine-*.socket | sort -u | tr '\n' ' ')" "SocketGroup=www-data SocketMode=0660 "
for u in "$units"/fontaine-site.service "$units"/fontaine-mailer.service "$units"/fontaine-webhooks.service "$units"/fontaine-daily.service; do
    out="$(systemd-analyze security --offline=yes --threshold=2 "$u" 2>&1)"
    check "systemd-analyze security: $(basename "$u") exposure at most 2 ($(grep -o 'level for [^:]*: [0-9.]*' <<<"$out" | grep -o '[0-9.]*$'))" "$?" "0"
done
check "the FastCGI services run as the fontaine user with no capabilities" \
    "$(grep -hE '^(User|CapabilityBoundingSet|NoNewPrivileges|ProtectSystem)=' "$units"/fontaine-site.service | tr '\n' ' ')" \
    "User=fontaine NoNewPrivileges=yes CapabilityBoundingSet= ProtectSystem=strict "
check "each service is handed only its own credential file" \
    "$(grep -h '^LoadCredential=site' "$units"/fontaine-site.service; grep -c "LoadCredential=.*mailer" "$units"/fontaine-site.service)" \
    "LoadCredential=site.conf:$CRED/site.conf
0"

# ---- 6. backup, and a restore into a fresh cluster where the invoice chain verifies --------------------------

ids=""
for i in 1 2 3; do
    id="$(sql -v n="Client restauré $i" <<'SQL'
WITH i AS (INSERT INTO invoice (customer_name, customer_business, customer_street, customer_postcode,
                                customer_city, customer_email)
           VALUES (:'n', false, '1 rue du Test', '47000', 'Agen', 'client@example.org') RETURNING id),
     l AS (INSERT INTO invoice_line (invoice_id, description, quantity_milli, unit_price_cents)
           SELECT id, 'Demi-journée en open space', 1000, 1200 FROM i)
SELECT id FROM i;
SQL
)"
    sql -c "SELECT invoice_issue($id, NULL)" >/dev/null && ids="$ids $id"
done
check "three invoices issued in the new database" "$(sql -c "SELECT count(*) FROM invoice WHERE status = 'issued'")" "3"
chmod 777 "$RUN"   # the dumps are written by this user; pg_dump reads as the client only
BK="$RUN/backups"
for k in 1 2 3; do
    out="$(PG_DUMP="$PGBIN/pg_dump" "$PREFIX/sbin/fontaine-backup" -c "$CONF" -o "$BK" -k 2 2>&1)"
    rc=$?
    [ "$k" = 3 ] || sleep 1.1   # one dump a second: names carry the second
done
check "fontaine-backup: exit 0, a dump written" "$rc:$(grep -c 'wrote' <<<"$out")" "0:1"
check "retention: the 2 newest dumps kept, the oldest removed" \
    "$(ls "$BK" | grep -c '^fontaine-.*\.dump$'):$(grep -c 'removed' <<<"$out")" "2:1"
check "the dumps are private (600)" "$(stat -c %a "$BK"/fontaine-*.dump | sort -u)" "600"
dump="$(ls "$BK"/fontaine-*.dump | sort | tail -n 1)"
check "the newest is a pg_dump custom archive" "$(head -c 5 "$dump")" "PGDMP"
chmod 644 "$CRED/backup.conf"
out="$("$PREFIX/sbin/fontaine-backup" -c "$CONF" -o "$BK" 2>&1)"
check "fontaine-backup refuses credentials others may read" "$?:$(grep -c 'lets others read' <<<"$out")" "1:1"
chmod 600 "$CRED/backup.conf"

# A fresh cluster, as on a new server: roles from the migrations, then the dump.
PG2="$(mktemp -d /tmp/fontaine-restore.XXXXXX)"
chmod 755 "$PG2"
is_root && chown postgres "$PG2"
as_pg "$PGBIN/initdb" -D "$PG2/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$RUN/initdb.log" 2>&1 ||
    bail "initdb of the restore cluster failed: $(tail -n 5 "$RUN/initdb.log")"
printf "listen_addresses = ''\nunix_socket_directories = '%s'\nfsync = off\n" "$PG2" |
    as_pg tee -a "$PG2/data/postgresql.conf" >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PG2/data" -l "$PG2/postgres.log" -w -t 30 start >/dev/null ||
    bail "the restore cluster did not start: $(tail -n 5 "$PG2/postgres.log")"
ok "a fresh cluster for the restore"
psql_on "$PG2" postgres -c "CREATE DATABASE fontaine_roles" -c "CREATE DATABASE $DB" >/dev/null
# The programs' roles are cluster-wide, not in the dump: fontaine-migrate on an empty database
# creates them (fontaine-backup(8), RESTORING).
mkdir -p "$RUN/restore/credentials"
chmod 700 "$RUN/restore/credentials"
sed -e "s|^credentials_dir = .*|credentials_dir = $RUN/restore/credentials|" "$CONF" >"$RUN/restore/fontaine.conf"
(umask 077
 echo "db_migrate = host=$PG2 dbname=fontaine_roles user=postgres" >"$RUN/restore/credentials/migrate.conf"
 echo "db_invoice = host=$PG2 dbname=$DB user=fontaine_invoice" >"$RUN/restore/credentials/invoicectl.conf")
out="$("$PREFIX/sbin/fontaine-migrate" -c "$RUN/restore/fontaine.conf" 2>&1)"
check "the roles created on the new cluster by fontaine-migrate" "$?" "0"
out="$("$PGBIN/pg_restore" --exit-on-error --no-owner -h "$PG2" -U postgres -d "$DB" "$dump" 2>&1)"
check "pg_restore of the dump into the fresh cluster: exit 0" "$?:$out" "0:"
check "the restored database has the invoices and the administrator" \
    "$(psql_on "$PG2" "$DB" -c "SELECT (SELECT count(*) FROM invoice WHERE status = 'issued') || '/' || (SELECT role FROM person WHERE email = '$ADMIN_EMAIL')")" "3/admin"
out="$("$PREFIX/sbin/fontaine-invoicectl" -c "$RUN/restore/fontaine.conf" verify 2>&1)"
check "fontaine-invoicectl verify on the restored database (as fontaine_invoice): exit 0, OK" "$?:${out%%:*}" "0:OK"
# The daily membership job, as fontaine-daily.service runs it (the installed program, its own
# credential): exit 0, and the same day again queues nothing more.
out="$("$PREFIX/sbin/fontaine-invoicectl" -c "$RUN/restore/fontaine.conf" memberships 2>&1)"
check "fontaine-invoicectl memberships (the daily job of fontaine-daily.timer): exit 0" "$?:${out%%:*}" "0:memberships"
out="$("$PREFIX/sbin/fontaine-invoicectl" -c "$RUN/restore/fontaine.conf" memberships 2>&1)"
check "and run again the same day, it queues no reminder twice" "$?:$out" "0:memberships: 0 renewal reminder(s) queued"
check "the daily timer runs the daily service" \
    "$(sed -n 's/^OnCalendar=//p' "$PREFIX/lib/systemd/system/fontaine-daily.timer"):$(grep -c 'invoicectl .* memberships$' "$PREFIX/lib/systemd/system/fontaine-daily.service")" "*-*-* 07:30:00:1"
# The check would see a broken chain: tamper with the restored copy.
psql_on "$PG2" "$DB" -c "SET session_replication_role = replica; UPDATE invoice_line SET unit_price_cents = 1 WHERE invoice_id = ${ids##* }" >/dev/null
out="$("$PREFIX/sbin/fontaine-invoicectl" -c "$RUN/restore/fontaine.conf" verify 2>&1)"
check "and finds a tampered restored invoice (exit 1)" "$?:$(grep -c BROKEN <<<"$out")" "1:1"

echo "1..$N"
echo "# install: $((N - FAILED)) passed, $FAILED failed"
[ "$FAILED" = 0 ]
