#!/usr/bin/env bash
# tests/install/spaces_migration.sh: the migration to several spaces (0030 and every migration
# after it) loses nothing. Run by the `install` tier of ./dev test (TAP).
#
# It builds a database at the release before 0030 (schema/0001…0029 and the demo data of that
# release: from git, the parent of the commit that added 0030, else the tree's files), fills it
# with activity through the product's functions of that schema (spaces_fill.sql: members,
# formulas, desk and room bookings, a lease, registrations, walk-ins and room days of last year,
# invoices issued, paid and credited, a month closed, this month's run), takes a copy of every
# table and the results of the pages' queries as the program roles, then applies the tree's
# migrations (0030 and whatever follows) with fontaine-migrate and checks that:
#   every row of every table is still there, unchanged in its old columns, and no table gained
#   rows (but the migration log and the audit trail of the new tables); every space-scoped row
#   is in space 1 and every organisation-scoped row in organisation 1; the program roles, under
#   row-level security, see every migrated row; the invoice chain verifies (fontaine-invoicectl
#   verify); the pages' queries of the previous release give the same results as before; a
#   second run applies nothing and changes nothing; the demo files of the tree load on top; the
#   programs of the tree serve the public pages from the migrated database.
# The database is dropped at the end, whatever happens. Takes 20 to 60 s (2 shared cores).
#
# Environment (from ./dev): FONTAINE_SRC, FONTAINE_PGHOST, FONTAINE_CONFIG; FONTAINE_BINDIR
# (default $FONTAINE_SRC/build/cgi) for fontaine-migrate, fontaine-invoicectl and the programs.
set -uo pipefail

: "${FONTAINE_SRC:?run through ./dev test install}" "${FONTAINE_PGHOST:?}" "${FONTAINE_CONFIG:?}"
SRC="$FONTAINE_SRC"
BIN="${FONTAINE_BINDIR:-$SRC/build/cgi}"
PGBIN=/usr/lib/postgresql/15/bin
DB=fontaine_spaces_migration
FIRST=0030                      # the first migration of several spaces
export TZ=Europe/Paris
WORK="$(mktemp -d /tmp/fontaine-spaces-mig.XXXXXX)"
N=0
FAILED=0
T0=$SECONDS

ok()   { N=$((N + 1)); echo "ok $N - $1"; }
fail() { N=$((N + 1)); FAILED=$((FAILED + 1)); echo "not ok $N - $1"; [ -n "${2:-}" ] && printf '%s\n' "${2:0:3000}" | sed 's/^/#   /'; return 0; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got [$2], want [$3]"; fi; }
bail() { echo "Bail out! $*"; exit 1; }
psql_db() { local db="$1"; shift; "$PGBIN/psql" -X -q -At -h "$FONTAINE_PGHOST" -U postgres -d "$db" -v ON_ERROR_STOP=1 "$@"; }
sql() { psql_db "$DB" "$@"; }
sql_as() { local r="$1"; shift; "$PGBIN/psql" -X -q -At -h "$FONTAINE_PGHOST" -U "$r" -d "$DB" -v ON_ERROR_STOP=1 "$@"; }

cleanup() {
    local f
    for f in "$WORK"/*.pid; do
        [ -s "$f" ] || continue
        kill -TERM "$(cat "$f")" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$(cat "$f")" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$(cat "$f")" 2>/dev/null || true
    done
    psql_db postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "TAP version 13"
for p in fontaine-migrate fontaine-invoicectl; do [ -x "$BIN/$p" ] || bail "no $BIN/$p (build first)"; done

# ---- 1. the release before 0030 ------------------------------------------------------------------------

PRE="$WORK/pre/schema"
mkdir -p "$PRE/demo" "$WORK/tree"
added=""
if git -C "$SRC" rev-parse -q --verify HEAD >/dev/null 2>&1; then
    added="$(git -C "$SRC" log --diff-filter=A --format=%H -1 -- "schema/${FIRST}_spaces.sql" 2>/dev/null)"
fi
if [ -n "$added" ] && git -C "$SRC" archive "$added^" schema 2>/dev/null | tar -x -C "$WORK/tree" 2>/dev/null; then
    origin="git $(git -C "$SRC" rev-parse --short "$added^")"
    for f in "$WORK"/tree/schema/[0-9]*.sql; do cp "$f" "$PRE/"; done
    cp "$WORK"/tree/schema/demo/*.sql "$PRE/demo/"
else
    # No history (a tarball): the tree's files before 0030, their demo keys as they were.
    origin="the tree"
    for f in "$SRC"/schema/[0-9]*.sql; do [[ "$(basename "$f")" < "$FIRST" ]] && cp "$f" "$PRE/"; done
    for f in "$SRC"/schema/demo/[0-9]*.sql; do
        [[ "$(basename "$f")" < "$FIRST" ]] &&
            sed 's/ON CONFLICT (space_id, /ON CONFLICT (/' "$f" >"$PRE/demo/$(basename "$f")"
    done
fi
changed=""
for f in "$PRE"/[0-9]*.sql; do cmp -s "$f" "$SRC/schema/$(basename "$f")" || changed="$changed $(basename "$f")"; done
check "the migrations before $FIRST ($(ls "$PRE" | grep -c '\.sql$') files, from $origin) are unchanged in the tree" "${changed# }" ""

# Configurations: the stack's, with the database, the schema directory and credentials of our own.
mkconf() {  # mkconf NAME SCHEMA_DIR
    local d="$WORK/$1"
    mkdir -p "$d/credentials"
    chmod 700 "$d/credentials"
    sed -e '/^schema_dir = /d' -e '/^credentials_dir = /d' "$FONTAINE_CONFIG" >"$d/fontaine.conf"
    printf 'schema_dir = %s\ncredentials_dir = %s\n' "$2" "$d/credentials" >>"$d/fontaine.conf"
    (umask 077
     echo "db_migrate = host=$FONTAINE_PGHOST dbname=$DB user=postgres" >"$d/credentials/migrate.conf"
     echo "db_invoice = host=$FONTAINE_PGHOST dbname=$DB user=fontaine_invoice" >"$d/credentials/invoicectl.conf"
     for p in site signup events feed admin booking invoice; do
         echo "db_$p = host=$FONTAINE_PGHOST dbname=$DB user=fontaine_$p" >"$d/credentials/$p.conf"
     done)
}
mkconf old "$PRE"
mkconf new "$SRC/schema"

psql_db postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
psql_db postgres -c "CREATE DATABASE $DB" >/dev/null || bail "cannot create $DB"
out="$("$BIN/fontaine-migrate" -c "$WORK/old/fontaine.conf" 2>&1)" || bail "the migrations before $FIRST failed: $out"
out2="$("$BIN/fontaine-migrate" -c "$WORK/old/fontaine.conf" --demo 2>&1)" || bail "the demo data before $FIRST failed: $out2"
check "a database at the release before $FIRST, with its demo data" \
    "$(sql -c "SELECT count(*) FILTER (WHERE name NOT LIKE 'demo/%') || '/' || count(*) FILTER (WHERE name >= '$FIRST' AND name NOT LIKE 'demo/%') FROM schema_migration")" \
    "$(ls "$PRE"/[0-9]*.sql | wc -l)/0"
out="$(sql -f "$SRC/tests/install/spaces_fill.sql" 2>&1)" || bail "the activity fill failed: $out"
printf '%s\n' "$out" | grep ': ' | sed 's/^/# filled: /'
check "the fill made members, bookings, registrations, invoices, payments and a closing" \
    "$(sql -c "SELECT (SELECT count(*) >= 12 FROM membership m JOIN person p ON p.id = m.person_id WHERE p.email LIKE 'migration.%')
                  AND (SELECT count(*) > 1000 FROM booking) AND (SELECT count(*) > 0 FROM registration)
                  AND (SELECT count(*) > 120 FROM invoice WHERE status <> 'draft') AND (SELECT count(*) > 50 FROM payment)
                  AND (SELECT count(*) > 0 FROM period_closing)")" "t"
check "the invoice chain verifies before the migration" "$(sql -c "SELECT ok FROM invoice_chain_verify()")" "t"

# ---- 2. what there is before ------------------------------------------------------------------------------

# snapshot DIR: every public table's rows (the columns listed in $WORK/cols/, text COPY, sorted).
mkdir -p "$WORK/cols" "$WORK/before" "$WORK/after"
sql -F ' ' -c "SELECT c.relname, string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
               JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
               WHERE c.relkind IN ('r', 'p') GROUP BY 1 ORDER BY 1" |
while read -r t cols; do printf '%s\n' "$cols" >"$WORK/cols/$t"; done
TABLES="$(ls "$WORK/cols")"
snapshot() {
    local t
    for t in $TABLES; do
        sql -c "\\copy (SELECT $(cat "$WORK/cols/$t") FROM public.$t) TO STDOUT" 2>"$1/$t.err" |
            LC_ALL=C sort >"$1/$t"
    done
}
snapshot "$WORK/before"

# The pages' queries of the previous release (site, events, booking, admin, invoice programs),
# each as its program's role: what the pages show.
OPEN_SPACE="$(sql -c "SELECT id FROM resource WHERE kind = 'open_space' ORDER BY id LIMIT 1")"
ROOM="$(sql -c "SELECT id FROM resource WHERE kind = 'meeting_room' ORDER BY id LIMIT 1")"
PAGES=(
"fontaine_site|site pages|SELECT slug, title, meta_description, md5(body_md), nav_label, nav_order FROM site_page ORDER BY slug"
"fontaine_site|resources|SELECT kind, name, description, capacity, coalesce(to_char(area_m2, 'FM990D0'), ''), array_to_string(equipment, ', ') FROM resource WHERE active ORDER BY sort_order, id"
"fontaine_site|prices|SELECT category, label, unit, member_cents, non_member_cents, coalesce(note, '') FROM price WHERE active ORDER BY array_position(ARRAY['adhesion','coworking','bureau','salle'], category), sort_order, code"
"fontaine_site|funders|SELECT name, kind, role, coalesce(url, '') FROM funder ORDER BY sort_order, name"
"fontaine_site|hours|SELECT weekday, opens, closes FROM opening_hours ORDER BY weekday, opens"
"fontaine_site|legal notice|SELECT legal_name, legal_form, street, postcode, city, email, phone, siren, siret, vat_status FROM organisation"
"fontaine_events|events to come|SELECT slug, title, starts_at, ends_at, status, capacity, price_cents FROM event WHERE status IN ('published', 'cancelled') AND ends_at >= now() ORDER BY starts_at, id"
"fontaine_events|past events|SELECT slug, title, starts_at FROM event WHERE status IN ('published', 'cancelled') AND ends_at < now() ORDER BY starts_at DESC, id"
"fontaine_feed|feed events|SELECT slug, title, uid, sequence FROM event WHERE status IN ('published', 'cancelled') ORDER BY starts_at, id"
"fontaine_booking|bookable resources|SELECT id, kind, name, capacity FROM resource WHERE active ORDER BY sort_order, id"
"fontaine_booking|open space availability|SELECT * FROM availability($OPEN_SPACE, current_date, current_date + 20)"
"fontaine_booking|room availability|SELECT * FROM availability($ROOM, current_date, current_date + 20)"
"fontaine_booking|reception (bookings of the next days)|SELECT id, resource_id, person_id, day, slot, status, source, covered_by, price_cents FROM booking WHERE day BETWEEN current_date AND current_date + 14 ORDER BY id"
"fontaine_admin|uses a month (dashboard)|SELECT date_trunc('month', day)::date, kind, count(*) FROM use_halfday GROUP BY 1, 2 ORDER BY 1, 2"
"fontaine_admin|monthly target|SELECT use_target_of(current_date)"
"fontaine_admin|memberships|SELECT id, person_id, status, starts_on, ends_on, fee_cents FROM membership ORDER BY id"
"fontaine_admin|formulas|SELECT id, person_id, price_code, status, halfdays_used FROM person_formula ORDER BY id"
"fontaine_admin|leases|SELECT id, resource_id, tenant_name, starts_on, monthly_rent_cents FROM office_lease ORDER BY id"
"fontaine_admin|contact messages|SELECT id, name, subject FROM contact_message ORDER BY id"
"fontaine_invoice|invoices|SELECT number, kind, status, issue_date, gross_cents, paid_cents FROM invoice ORDER BY id"
"fontaine_invoice|closings|SELECT kind, period_start, period_end FROM period_closing ORDER BY id"
)
pages() {  # pages FILE
    local e role name q
    : >"$1"
    for e in "${PAGES[@]}"; do
        IFS='|' read -r role name q <<<"$e"
        { echo "== $name ($role)"; sql_as "$role" -c "$q" 2>&1; } >>"$1"
    done
}
pages "$WORK/pages.before"
check "the pages' queries answer before the migration" "$(grep -c -E '^(ERROR|psql):' "$WORK/pages.before")" "0"

# ---- 3. the migration --------------------------------------------------------------------------------------

AUDIT_BEFORE="$(sql -c "SELECT coalesce(max(id), 0) FROM audit_log")"
t=$SECONDS
out="$("$BIN/fontaine-migrate" -c "$WORK/new/fontaine.conf" 2>&1)"
rc=$?
expected="$(cd "$SRC/schema" && ls [0-9]*.sql | awk -v f="$FIRST" '$0 >= f' | tr '\n' ' ')"
check "fontaine-migrate applies ${expected}in $((SECONDS - t)) s: exit 0" "$rc" "0"
[ "$rc" = 0 ] || { printf '%s\n' "$out" | sed 's/^/#   /'; bail "the migration failed"; }
check "each of them applied once, in order" \
    "$(sql -c "SELECT string_agg(name, ' ' ORDER BY name) || ' ' FROM schema_migration WHERE name >= '$FIRST' AND name NOT LIKE 'demo/%'")" "$expected"

snapshot "$WORK/after"
lost="" grown="" gone=""
for t in $TABLES; do
    if [ -s "$WORK/after/$t.err" ]; then gone="$gone $t($(head -c 120 "$WORK/after/$t.err"))"; continue; fi
    n="$(LC_ALL=C comm -23 "$WORK/before/$t" "$WORK/after/$t" | wc -l)"
    [ "$n" = 0 ] || lost="$lost $t:$n"
    b="$(wc -l <"$WORK/before/$t")" a="$(wc -l <"$WORK/after/$t")"
    case "$t" in
        schema_migration|audit_log) ;;   # the migrations' own log; the audit of the rows they make
        *) [ "$a" = "$b" ] || grown="$grown $t:$b->$a" ;;
    esac
done
check "every table of before is still there with its columns" "${gone# }" ""
check "no row lost or changed in its old columns, in any of the $(wc -w <<<"$TABLES") tables" "${lost# }" ""
check "every table has as many rows as before (but schema_migration and audit_log, which grow)" "${grown# }" ""
pre_tables="$(printf "'%s'," $TABLES)"
check "the audit rows the migration added are about its new tables only" \
    "$(sql -c "SELECT coalesce(string_agg(DISTINCT table_name, ' '), '') FROM audit_log
               WHERE id > $AUDIT_BEFORE AND table_name IN (${pre_tables%,})")" ""
echo "# rows before → after: $(for t in $TABLES; do printf '%s %s, ' "$t" "$(wc -l <"$WORK/after/$t")"; done | sed 's/, $//')"
new=""
for t in $(sql -c "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public' WHERE c.relkind IN ('r', 'p') AND c.relname NOT IN (${pre_tables%,}) ORDER BY 1"); do
    new="$new, $t $(sql -c "SELECT count(*) FROM public.$t")"
done
echo "# new tables (rows): ${new#, }"

# Where the rows went: one organisation, one space, everything in them.
check "one organisation (id 1, the real one) and one space (id 1, the default, active, of organisation 1)" \
    "$(sql -c "SELECT (SELECT string_agg(id || ':' || placeholder, ',') FROM organisation) || '/' ||
                      (SELECT string_agg(id || ':' || organisation_id || ':' || is_default || ':' || active, ',') FROM space)")" \
    "1:false/1:1:true:true"
scoped="$(sql -F ' ' -c "SELECT a.attname, string_agg(c.relname, ' ' ORDER BY c.relname)
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    WHERE a.attname IN ('space_id', 'organisation_id') AND a.attnum > 0 AND NOT a.attisdropped
    GROUP BY 1 ORDER BY 1")"
missing=""
for t in opening_hours site_page resource price closure event use_target contact_message funder newsletter_issue booking office_lease; do
    grep -q "^space_id .*\b$t\b" <<<"$scoped" || missing="$missing $t.space_id"
done
for t in membership person_formula; do
    grep -q "^organisation_id .*\b$t\b" <<<"$scoped" || missing="$missing $t.organisation_id"
done
check "the space- and organisation-scoped tables carry their key" "${missing# }" ""
elsewhere=""
while read -r col tabs; do
    for t in $tabs; do
        n="$(sql -c "SELECT count(*) FROM public.$t WHERE $col IS DISTINCT FROM 1")"
        [ "$n" = 0 ] || elsewhere="$elsewhere $t.$col:$n"
    done
done <<<"$scoped"
check "every space-scoped row is in space 1, every organisation-scoped row in organisation 1 ($(wc -w <<<"$scoped") columns)" "${elsewhere# }" ""
check "every staff member works for space 1; admins stay network admins" \
    "$(sql -c "SELECT (SELECT count(*) FROM person WHERE role = 'staff') = (SELECT count(*) FROM staff_space WHERE space_id = 1)
                  AND (SELECT bool_and(person_spaces(id) IS NULL) FROM person WHERE role = 'admin' AND id NOT IN (SELECT person_id FROM staff_space))")" "t"

# Row-level security: a program's role sees every migrated row (the default space).
hidden=""
for t in $(sql -c "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public' WHERE c.relrowsecurity ORDER BY 1"); do
    role="$(sql -c "SELECT r FROM unnest(ARRAY['fontaine_admin', 'fontaine_booking', 'fontaine_invoice', 'fontaine_site', 'fontaine_signup', 'fontaine_events']) r WHERE has_table_privilege(r, 'public.$t', 'SELECT') LIMIT 1")"
    [ -n "$role" ] || continue
    seen="$(sql_as "$role" -c "SELECT count(*) FROM public.$t" 2>&1)"
    all="$(sql -c "SELECT count(*) FROM public.$t")"
    [ "$seen" = "$all" ] || hidden="$hidden $t($role sees $seen of $all)"
done
check "under row-level security the programs' roles see every migrated row" "${hidden# }" ""

# The invoice chain.
out="$("$BIN/fontaine-invoicectl" -c "$WORK/new/fontaine.conf" verify 2>&1)"
check "fontaine-invoicectl verify after the migration: exit 0, OK ($(head -c 80 <<<"$out"))" "$?:${out%%:*}" "0:OK"

# The pages' queries of the previous release: the same answers.
pages "$WORK/pages.after"
check "the pages' queries of the previous release give the same results after the migration" \
    "$(diff "$WORK/pages.before" "$WORK/pages.after" | head -n 30)" ""

# ---- 4. a second run does nothing ------------------------------------------------------------------------

# (pg_dump's \restrict lines carry a key of their own each time.)
dump() { "$PGBIN/pg_dump" -h "$FONTAINE_PGHOST" -U postgres -d "$DB" --schema-only --no-owner 2>&1 | grep -v '^\\\(un\)\?restrict '; }
dump >"$WORK/schema.1"
out="$("$BIN/fontaine-migrate" -c "$WORK/new/fontaine.conf" 2>&1)"
check "a second run applies nothing" "$?:$out" "0:migrate: 0 file(s) applied"
dump >"$WORK/schema.2"
check "and leaves the schema as it was" "$(diff "$WORK/schema.1" "$WORK/schema.2" | head -n 10)" ""
mkdir -p "$WORK/again"
snapshot "$WORK/again"
changed=""
for t in $TABLES; do cmp -s "$WORK/after/$t" "$WORK/again/$t" || changed="$changed $t"; done
check "and the rows as they were" "${changed# }" ""

# ---- 5. the tree's demo data on top, and the pages of the tree's programs ---------------------------------------

out="$("$BIN/fontaine-migrate" -c "$WORK/new/fontaine.conf" --demo 2>&1)"
rc=$?
check "the tree's new demo files load on the migrated database ($(grep -c 'applied demo/' <<<"$out") file(s))" "$rc" "0"
[ "$rc" = 0 ] || printf '%s\n' "$out" | tail -n 5 | sed 's/^/#   /'
# Another space (of another organisation) exists now: row-level security keeps its rows away
# from the previous release's queries, which name no space. The legal notice's query reads the
# organisation table, which has no row-level security (the site filters by fontaine_org()).
pages "$WORK/pages.demo"
# The tree's demo files may add rows to the default space itself (the demo member's membership
# of organisation 1): the membership list is checked by its organisation instead.
no_legal() { awk '/^== / { skip = ($0 ~ /^== (legal notice|memberships)/) } !skip' "$1"; }
check "with a second space loaded, the previous release's pages' queries (but the legal notice) see the default space only" \
    "$(diff <(no_legal "$WORK/pages.after") <(no_legal "$WORK/pages.demo") | head -n 30)" ""
check "and the memberships the back office reads are organisation 1's only" \
    "$(sql_as fontaine_admin -c "SELECT count(*) FROM membership WHERE organisation_id <> 1" 2>&1)" "0"

started="" bad=""
for p in site events booking feed; do
    [ -x "$BIN/fontaine-$p" ] || continue
    "$BIN/fontaine-$p" -c "$WORK/new/fontaine.conf" -s "$WORK/$p.sock" -n 1 </dev/null >>"$WORK/$p.log" 2>&1 &
    echo "$!" >"$WORK/$p.pid"
    for _ in $(seq 100); do [ -S "$WORK/$p.sock" ] && break; kill -0 "$!" 2>/dev/null || break; sleep 0.1; done
    [ -S "$WORK/$p.sock" ] && started="$started $p" || bad="$bad fontaine-$p:$(tail -n 2 "$WORK/$p.log")"
done
check "the tree's programs start on the migrated database" "${bad# }" ""
fetch() {  # fetch PROGRAM PATH: prints the status line, then the body
    PYTHONPATH="$SRC/tests/feed" python3 -c 'import sys, fcgi
st, hdrs, body = fcgi.request(sys.argv[1], sys.argv[2], headers={"Host": "127.0.0.1"})[:3]
print(st); sys.stdout.write(body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body))' "$WORK/$1.sock" "$2" 2>&1
}
bad=""
for pp in site:/ site:/tarifs site:/mentions-legales events:/evenements feed:/evenements.rss booking:/disponibilites; do
    p="${pp%%:*}" path="${pp#*:}"
    case " $started " in *" $p "*) ;; *) continue ;; esac
    fetch "$p" "$path" >"$WORK/page"
    st="$(head -n 1 "$WORK/page")"
    [ "$st" = 200 ] || bad="$bad $path:$st"
done
check "the public pages answer 200 from the migrated database" "${bad# }" ""
if case " $started " in *" site "*) true ;; *) false ;; esac; then
    fetch site /tarifs >"$WORK/tarifs"
    absent=""
    while IFS= read -r label; do
        grep -qF -- "$label" "$WORK/tarifs" || absent="$absent [$label]"
    done < <(sql -c "SELECT label FROM price WHERE active AND space_id = 1 AND label !~ '[<>&\"'']' ORDER BY 1")
    check "/tarifs lists every price of space 1" "${absent# }" ""
fi

echo "1..$N"
echo "# spaces migration: $((N - FAILED)) passed, $FAILED failed, in $((SECONDS - T0)) s"
[ "$FAILED" = 0 ]
