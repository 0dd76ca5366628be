# tests/invoice/booking_sources.sh: the booking program's records as sources of the monthly run
# (schema/0011_invoice_booking_sources.sql). Sourced by tests/invoice/run.sh, whose helpers (sql,
# sql_as, check, ok, fail, $CTL, $RUN) it uses; TAP lines continue its numbering.
#
# Room bookings (confirmed with an option, a full day, by the hour for a private visitor, still
# freely cancellable then due; a cancelled one, a quote, a hold never confirmed, an expired hold), an office lease starting on the 16th and
# ending on the 10th two months later, a member's half-days (at the unit price, on the carnet,
# covered by the month, cancelled, a no-show) and walk-ins (to invoice, paid at the desk), all in
# a month of the past that no other data of the database reaches (the run of a month also takes
# what earlier months left), so the run's lines are exactly these. Bookings are written as
# superuser with triggers off (session_replication_role = replica): the booking program refuses
# the past. Nothing is timed.

echo "# booking sources of the monthly run"

# The month: the month after any booking, lease or run of 2002-2019 (a fresh month per run of this
# file on the same database: some 70 runs before a database must be made anew; fontaine-invoicectl
# takes years from 2000, and the closings above use 2001).
M="$(sql -c "SELECT to_char(date_trunc('month', greatest(date '2002-01-01', coalesce(max(x), date '2001-12-01') + interval '1 month')), 'YYYY-MM-DD')
             FROM (SELECT day AS x FROM booking WHERE day BETWEEN '2002-01-01' AND '2019-12-31'
                   UNION ALL SELECT coalesce(ends_on, starts_on) FROM office_lease WHERE starts_on BETWEEN '2002-01-01' AND '2019-12-31'
                   UNION ALL SELECT run_month FROM invoice WHERE run_month BETWEEN '2002-01-01' AND '2019-12-31') t")"
M1="$(date -u -d "$M +1 month" +%F)"
M2="$(date -u -d "$M +2 month" +%F)"
M3="$(date -u -d "$M +3 month" +%F)"
MONTH="${M%-01}"
MONTH1="${M1%-01}"
MONTH2="${M2%-01}"
MONTH3="${M3%-01}"
# Four working days of the month (2nd to 15th, no public holiday).
read -r D1 D2 D3 D4 <<<"$(sql -c "SELECT string_agg(d::text, ' ' ORDER BY d) FROM (SELECT g::date AS d FROM generate_series('$M'::date, '$M'::date + 14, '1 day') g
    WHERE extract(isodow FROM g) <= 5 AND extract(day FROM g) >= 2 AND fr_public_holiday(g::date) IS NULL ORDER BY g LIMIT 4) t")"
ROOM="$(sql -c "SELECT id FROM resource WHERE slug = 'salle-de-conference'")"
OFFICE="$(sql -c "SELECT id FROM resource WHERE slug = 'grand-bureau'")"
DESK="$(sql -c "SELECT id FROM resource WHERE space_id = 1 AND kind = 'open_space' AND active ORDER BY sort_order, id LIMIT 1")"
if [[ "$MONTH" > "2019-09" || -z "$D4" || -z "$ROOM" || -z "$OFFICE" || -z "$DESK" ]]; then
    fail "booking sources: set-up" "month $MONTH, days [$D1 $D2 $D3 $D4], room [$ROOM], office [$OFFICE], desk [$DESK] (demo data loaded? a database used for some 70 runs of this file: make it anew)"
    return 0
fi

# French wording, written independently of the SQL: fr_date DAY [weekday], fr_month DAY.
NB=$'\xc2\xa0'
MONTHS=(janvier février mars avril mai juin juillet août septembre octobre novembre décembre)
DAYS=(lundi mardi mercredi jeudi vendredi samedi dimanche)
fr_date() {
    local d m y u
    d="$(date -u -d "$1" +%-d)"; m="$(date -u -d "$1" +%-m)"; y="$(date -u -d "$1" +%Y)"; u="$(date -u -d "$1" +%u)"
    [ "$d" = 1 ] && d=1er
    printf '%s%s %s %s' "${2:+${DAYS[$((u - 1))]} }" "$d" "${MONTHS[$((m - 1))]}" "$y"
}
fr_month() { printf '%s %s' "${MONTHS[$(($(date -u -d "$1" +%-m) - 1))]}" "$(date -u -d "$1" +%Y)"; }

# ---- the records -------------------------------------------------------------------------------

ids="$(sql -v run="$RUN" -v m="$M" -v d1="$D1" -v d2="$D2" -v d3="$D3" -v d4="$D4" -v room="$ROOM" \
          -v office="$OFFICE" -v desk="$DESK" <<'SQL'
SET session_replication_role = replica;
INSERT INTO person (email, first_name, last_name, profile, billing_street, billing_postcode, billing_city, status)
VALUES ('bk.' || :'run' || '@example.org', 'Léon', 'Desk ' || :'run', 'independant', '5 rue Jasmin', '47000', 'Agen', 'pending'),
       ('bail.' || :'run' || '@example.org', 'Inès', 'Bail', 'autre', '9 cours Gambetta', '47000', 'Agen', 'pending');
INSERT INTO person_formula (person_id, price_code, unit_cents, member_price, status, starts_on, halfdays_total, halfdays_used)
SELECT id, 'carnet_10', 7000, true, 'active', :'m'::date, 10, 1 FROM person WHERE email = 'bk.' || :'run' || '@example.org';

-- room VAR DAY SLOT STATUS COMPANY SIREN CONTACT PRICE [FREE_CANCEL_UNTIL]
CREATE TEMP TABLE k (name text PRIMARY KEY, id bigint);
WITH r (name, day, slot, hfrom, hto, status, company, siren, contact, price, free_until) AS (VALUES
    ('room_opt',    :'d1'::date, 'am',    NULL::time, NULL::time, 'confirmed', 'Salle SA ' || :'run', '732829320', 'Claire Salle', 12200, NULL::timestamptz),
    ('room_day',    :'d2'::date, 'day',   NULL, NULL, 'confirmed', 'Salle SA ' || :'run', '732829320', 'Claire Salle', 15000, NULL),
    ('room_cancel', :'d3'::date, 'am',    NULL, NULL, 'cancelled', 'Annulée ' || :'run', '552100554', 'Paul Annule', 9000, NULL),
    ('room_quote',  :'d3'::date, 'am',    NULL, NULL, 'quote',     'Devis ' || :'run', '552100554', 'Rémi Devis', 9000, NULL),
    ('room_hours',  :'d3'::date, 'hours', '14:00', '16:30', 'confirmed', NULL, NULL, 'Particulier ' || :'run', 6000, NULL),
    ('room_later',  :'d4'::date, 'am',    NULL, NULL, 'confirmed', 'Salle SA ' || :'run', '732829320', 'Claire Salle', 9000, now() + interval '1 day')
), ins AS (
    INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, company_name, siren,
        billing_street, billing_postcode, billing_city, contact_name, email, attendees, price_code, price_cents,
        covered_by, free_cancel_until, terms, quote_number, quote_valid_until, confirmed_at, cancelled_at)
    SELECT :'room', true, r.day, r.slot,
           coalesce((r.day + r.hfrom) AT TIME ZONE 'Europe/Paris', s.starts_at),
           coalesce((r.day + r.hto) AT TIME ZONE 'Europe/Paris', s.ends_at), r.status, 'room', r.company, r.siren,
           CASE WHEN r.company IS NULL THEN '2 place Armand Fallières' ELSE '12 rue du Test' END, '47000', 'Agen',
           r.contact, lower(split_part(r.contact, ' ', 1)) || '.' || :'run' || '@example.org', 8,
           CASE WHEN r.slot = 'day' THEN 'room_day' ELSE 'room_half_day' END, r.price, 'invoice',
           coalesce(r.free_until, s.starts_at - interval '48 hours'), 'Annulation gratuite jusqu’à 48 h avant.',
           CASE WHEN r.status = 'quote' THEN 'D' || to_char(r.day, 'YYYY') || '-' || to_char(r.day, 'MM') || '001' END,
           CASE WHEN r.status = 'quote' THEN r.day END,
           CASE WHEN r.status = 'confirmed' THEN s.starts_at - interval '10 days' END,
           CASE WHEN r.status = 'cancelled' THEN s.starts_at - interval '5 days' END
    FROM r, slot_range(r.day, CASE WHEN r.slot = 'hours' THEN 'day' ELSE r.slot END) s
    RETURNING id, contact_name, slot, status, day
)
INSERT INTO k SELECT CASE WHEN status = 'cancelled' THEN 'room_cancel' WHEN status = 'quote' THEN 'room_quote'
                          WHEN slot = 'hours' THEN 'room_hours' WHEN slot = 'day' THEN 'room_day'
                          WHEN day = :'d4'::date THEN 'room_later' ELSE 'room_opt' END, id FROM ins;
INSERT INTO booking_option_line (booking_id, option_code, label, quantity, unit_cents)
SELECT id, 'accueil_cafe', 'Accueil café', 8, 400 FROM k WHERE name = 'room_opt';

-- Two room bookings made in a company's name and never confirmed by the mailed link: one still
-- held, one whose hold expired. Past their free-cancellation deadline like the others, and never
-- invoiced (schema/0015_booking_holds.sql: only confirmed bookings are).
WITH h (name, day, status, expires) AS (VALUES
    ('room_held',    :'d1'::date, 'held',    now() + interval '30 minutes'),
    ('room_expired', :'d4'::date, 'expired', now() - interval '1 day')
), ins AS (
    INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, company_name, siren,
        billing_street, billing_postcode, billing_city, contact_name, email, attendees, price_code, price_cents,
        covered_by, free_cancel_until, terms, hold_expires_at, confirm_token_hash)
    SELECT :'room', true, h.day, 'pm', s.starts_at, s.ends_at, h.status, 'room', 'Retenue ' || :'run', '732829320',
           '1 rue Usurpée', '47000', 'Agen', 'Usurpé ' || h.name || ' ' || :'run', 'usurpe.' || :'run' || '@example.org', 4,
           'room_half_day', 9000, 'invoice', s.starts_at - interval '48 hours', '', h.expires,
           sha256(convert_to(h.name || random()::text, 'UTF8'))
    FROM h, slot_range(h.day, 'pm') s
    RETURNING id, contact_name
)
INSERT INTO k SELECT split_part(contact_name, ' ', 2), id FROM ins;

-- The member's half-days and the walk-ins.
WITH p AS (SELECT id, first_name || ' ' || last_name AS name, email FROM person WHERE email = 'bk.' || :'run' || '@example.org'),
f AS (SELECT f.id FROM person_formula f JOIN p ON p.id = f.person_id),
d (name, day, slot, status, source, covered, price) AS (VALUES
    ('desk_unit1',   :'d1'::date, 'pm', 'confirmed', 'desk', 'unit', 800),
    ('desk_unit2',   :'d2'::date, 'am', 'confirmed', 'desk', 'unit', 800),
    ('desk_carnet',  :'d1'::date, 'am', 'confirmed', 'desk', 'carnet', 0),
    ('desk_month',   :'d2'::date, 'pm', 'confirmed', 'desk', 'month', 0),
    ('desk_cancel',  :'d3'::date, 'pm', 'cancelled', 'desk', 'unit', 800),
    ('desk_noshow',  :'d3'::date, 'am', 'no_show',   'desk', 'unit', 800),
    ('walk_paid',    :'d1'::date, 'am', 'confirmed', 'walk_in', 'unit_paid', 1000),
    ('walk_unit',    :'d2'::date, 'pm', 'confirmed', 'walk_in', 'unit', 1000)
), ins AS (
    INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, person_id,
        contact_name, email, member_price, price_code, price_cents, covered_by, formula_id, free_cancel_until,
        terms, confirmed_at, cancelled_at, checked_in_at)
    SELECT :'desk', false, d.day, d.slot, s.starts_at, s.ends_at, d.status, d.source,
           CASE WHEN d.source = 'desk' THEN p.id END,
           CASE WHEN d.source = 'desk' THEN p.name WHEN d.covered = 'unit_paid' THEN 'Visiteur payé ' || :'run'
                ELSE 'Visiteur ' || :'run' END,
           CASE WHEN d.source = 'desk' THEN p.email ELSE 'visiteur.' || :'run' || '@example.org' END,
           d.source = 'desk', CASE WHEN d.covered IN ('unit', 'unit_paid') THEN 'half_day' END, d.price, d.covered,
           CASE WHEN d.covered = 'carnet' THEN f.id END,
           CASE WHEN d.source = 'desk' THEN s.starts_at - interval '2 hours' END, '',
           s.starts_at - interval '1 day', CASE WHEN d.status = 'cancelled' THEN s.starts_at - interval '1 day' END,
           CASE WHEN d.source = 'walk_in' THEN s.starts_at END
    FROM d, p, f, slot_range(d.day, d.slot) s
    RETURNING id, source, covered_by, slot, day, status
)
INSERT INTO k SELECT d.name, ins.id FROM ins JOIN d ON d.day = ins.day AND d.slot = ins.slot AND d.source = ins.source
    AND d.covered = ins.covered_by AND d.status = ins.status;

-- The lease: from the 16th to the 10th two months later, for a company with a SIREN.
WITH l AS (INSERT INTO office_lease (resource_id, person_id, tenant_name, siren, starts_on, ends_on, monthly_rent_cents)
           SELECT :'office', id, 'Bureau SARL ' || :'run', '552100554', :'m'::date + 15,
                  (:'m'::date + interval '2 months')::date + 9, 45000
           FROM person WHERE email = 'bail.' || :'run' || '@example.org' RETURNING id)
INSERT INTO k SELECT 'lease', id FROM l;
SELECT string_agg(name || '=' || id, ' ' ORDER BY name) FROM k;
SQL
)"
declare -A B
for kv in $ids; do B[${kv%%=*}]="${kv#*=}"; done
check "booking sources: the records are written" "${#B[@]}" "17"

# The run's lines of this file's customers: customer|business|description|unit|quantity|unit price|net
mylines() {
    sql -c "SELECT i.customer_name || '|' || i.customer_business || '|' || l.description || '|' || l.unit_code || '|'
                   || l.quantity_milli || '|' || l.unit_price_cents || '|' || l.net_cents
            FROM invoice i JOIN invoice_line l ON l.invoice_id = i.id
            WHERE i.customer_name LIKE '% $RUN' AND i.run_month = '$1' ORDER BY i.customer_name, l.position"
}
DIM="$(date -u -d "$M1 -1 day" +%-d)"           # days in the month
LDAYS=$((DIM - 15))                               # the lease's days in it (16th to the end)
LRENT=$(( (45000 * LDAYS * 2 + DIM) / (2 * DIM) ))  # prorated, half-up to the cent
DIM2="$(date -u -d "$M3 -1 day" +%-d)"
LRENT2=$(( (45000 * 10 * 2 + DIM2) / (2 * DIM2) ))
carnet="$(sql -c "SELECT label FROM price WHERE code = 'carnet_10'")"
EXPECTED="Bureau SARL $RUN|true|Loyer du grand bureau — $(fr_month "$M") (du 16 au $(fr_date "$(date -u -d "$M1 -1 day" +%F)"), $LDAYS jours sur $DIM)|C62|1000|$LRENT|$LRENT
Léon Desk $RUN|false|$carnet (10 demi-journées)|C62|1000|7000|7000
Léon Desk $RUN|false|Demi-journée en open space — $(fr_date "$D1") après-midi|C62|1000|800|800
Léon Desk $RUN|false|Demi-journée en open space — $(fr_date "$D2") matin|C62|1000|800|800
Léon Desk $RUN|false|Demi-journée en open space — $(fr_date "$D3") matin|C62|1000|800|800
Particulier $RUN|false|Location de la salle de conférence — $(fr_date "$D3" w), de 14${NB}h à 16${NB}h${NB}30|C62|1000|6000|6000
Salle SA $RUN|true|Location de la salle de conférence — $(fr_date "$D1" w), matin (options comprises : Accueil café × 8)|C62|1000|12200|12200
Salle SA $RUN|true|Location de la salle de conférence — $(fr_date "$D2" w), journée|C62|1000|15000|15000
Visiteur $RUN|false|Demi-journée en open space — $(fr_date "$D2") après-midi|C62|1000|1000|1000"

# ---- the run, twice ------------------------------------------------------------------------------

out1="$("$CTL" -c "$FONTAINE_CONFIG" run "$MONTH")" || fail "run $MONTH" "$out1"
check "run $MONTH: 9 lines added (the program's role reads the bookings)" "$out1" "run $MONTH: 9 line(s) added to the month's drafts"
check "the drafts: exactly the expected lines, French descriptions, amounts" "$(mylines "$M")" "$EXPECTED"
out2="$("$CTL" -c "$FONTAINE_CONFIG" run "$MONTH")"
check "run $MONTH again: nothing added" "$out2" "run $MONTH: 0 line(s) added to the month's drafts"
check "run twice: the same lines, nothing twice" "$(mylines "$M")" "$EXPECTED"
check "one draft per customer: the company, the lease's company, the member, the private customer, the walk-in" \
    "$(sql -c "SELECT count(*) || '/' || count(DISTINCT customer_name) FROM invoice WHERE customer_name LIKE '% $RUN' AND run_month = '$M'")" "5/5"
check "the company's snapshot from its booking: business, SIREN, billing address, e-mail; no person" \
    "$(sql -c "SELECT customer_business, customer_siren, customer_street, customer_postcode, customer_city, customer_email, person_id IS NULL, service_start, service_end FROM invoice WHERE customer_name = 'Salle SA $RUN'")" \
    "t|732829320|12 rue du Test|47000|Agen|claire.$RUN@example.org|t|$D1|$D2"
check "the lease's company: its SIREN, the tenant's billing address and e-mail" \
    "$(sql -c "SELECT customer_business, customer_siren, customer_street, customer_city, customer_email, person_id IS NULL FROM invoice WHERE customer_name = 'Bureau SARL $RUN'")" \
    "t|552100554|9 cours Gambetta|Agen|bail.$RUN@example.org|t"
check "a private customer without account: not a business, the booking's address" \
    "$(sql -c "SELECT customer_business, coalesce(customer_siren, '-'), customer_street, customer_email FROM invoice WHERE customer_name = 'Particulier $RUN'")" \
    "f|-|2 place Armand Fallières|particulier.$RUN@example.org"
check "the member's half-days go on the member's own draft" \
    "$(sql -c "SELECT count(*) FROM invoice i JOIN person p ON p.id = i.person_id WHERE p.email = 'bk.$RUN@example.org' AND i.run_month = '$M' AND i.customer_name = 'Léon Desk $RUN'")" "1"
nothing="${B[room_cancel]},${B[room_quote]},${B[room_later]},${B[desk_carnet]},${B[desk_month]},${B[desk_cancel]},${B[walk_paid]},${B[room_held]},${B[room_expired]}"
check "nothing for the cancelled booking, the quote, the booking still freely cancellable, the carnet's and the month's half-days, the cancelled half-day, the walk-in paid at the desk, the held and the expired (never confirmed) bookings" \
    "$(sql -c "SELECT count(*) FROM invoice_line WHERE source_key IN (SELECT 'booking:' || x FROM unnest('{$nothing}'::bigint[]) x)")/$(sql -c "SELECT count(*) FROM invoice WHERE customer_name IN ('Annulée $RUN', 'Devis $RUN', 'Visiteur payé $RUN', 'Retenue $RUN')")" "0/0"
check "each source invoiced under its own key" \
    "$(sql -c "SELECT string_agg(l.source_key, ' ' ORDER BY l.source_key) FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id WHERE i.customer_name IN ('Salle SA $RUN', 'Visiteur $RUN')")" \
    "$(printf '%s\n' "booking:${B[room_day]}" "booking:${B[room_opt]}" "booking:${B[walk_unit]}" | sort | tr '\n' ' ' | sed 's/ $//')"

# The free-cancellation deadline passes: the booking is due, and joins the company's draft.
sql -c "UPDATE booking SET free_cancel_until = now() - interval '1 second' WHERE id = ${B[room_later]}" >/dev/null
out3="$("$CTL" -c "$FONTAINE_CONFIG" run "$MONTH")"
check "once past its free-cancellation deadline, the booking is invoiced, on the company's draft of the month" \
    "$out3/$(sql -c "SELECT count(*) || ':' || max(l.position) || ':' || max(i.service_end) FROM invoice i JOIN invoice_line l ON l.invoice_id = i.id WHERE i.customer_name = 'Salle SA $RUN'")/$(sql -c "SELECT count(*) FROM invoice WHERE customer_name = 'Salle SA $RUN'")" \
    "run $MONTH: 1 line(s) added to the month's drafts/3:3:$D4/1"
check "its description" "$(sql -c "SELECT description FROM invoice_line WHERE source_key = 'booking:${B[room_later]}'")" \
    "Location de la salle de conférence — $(fr_date "$D4" w), matin"

# The lease's other months: a whole one at the rent, the last one prorated, then nothing.
out4="$("$CTL" -c "$FONTAINE_CONFIG" run "$MONTH1")"
check "run $MONTH1: the lease's whole month, one month at the rent" "$out4|$(mylines "$M1")" \
    "run $MONTH1: 1 line(s) added to the month's drafts|Bureau SARL $RUN|true|Loyer du grand bureau — $(fr_month "$M1")|MON|1000|45000|45000"
out5="$("$CTL" -c "$FONTAINE_CONFIG" run "$MONTH2")"
check "run $MONTH2: the lease's last month, prorated (10 days)" "$out5|$(mylines "$M2")" \
    "run $MONTH2: 1 line(s) added to the month's drafts|Bureau SARL $RUN|true|Loyer du grand bureau — $(fr_month "$M2") (du 1er au 10 $(fr_month "$M2"), 10 jours sur $DIM2)|C62|1000|$LRENT2|$LRENT2"
out6="$("$CTL" -c "$FONTAINE_CONFIG" run "$MONTH3")"
check "run $MONTH3: the lease is over, nothing; one rent line per month of the lease" \
    "$out6|$(sql -c "SELECT string_agg(split_part(source_key, ':', 3), ' ' ORDER BY source_key) FROM invoice_line WHERE source_key LIKE 'lease:${B[lease]}:%'")" \
    "run $MONTH3: 0 line(s) added to the month's drafts|$MONTH $MONTH1 $MONTH2"
check "the program's role cannot read the bookings' manage tokens" \
    "$(sql_as fontaine_invoice -c "SELECT manage_token_hash FROM booking LIMIT 1" 2>&1 | grep -c 'permission denied')" "1"

# ---- issuing ---------------------------------------------------------------------------------------

out="$("$CTL" -c "$FONTAINE_CONFIG" issue-drafts "$MONTH")"
check "issue-drafts $MONTH: the five drafts issued, none left" "$out" "issue-drafts $MONTH: 5 issued, 0 left as drafts"
for mm in "$MONTH1" "$MONTH2"; do
    out="$("$CTL" -c "$FONTAINE_CONFIG" issue-drafts "$mm")"
    check "issue-drafts $mm: the month's rent issued" "$out" "issue-drafts $mm: 1 issued, 0 left as drafts"
done
year="$(sql -c "SELECT extract(year FROM paris_today())")"
check "issued: F numbers of this year, totals = sum of the lines, hashed" \
    "$(sql -c "SELECT count(*) FILTER (WHERE number ~ '^F$year-[0-9]{5}\$' AND status = 'issued' AND hash ~ '^[0-9a-f]{64}\$'
                        AND gross_cents = net_cents AND net_cents = (SELECT sum(net_cents) FROM invoice_line l WHERE l.invoice_id = i.id))
               || '/' || count(*) FROM invoice i WHERE customer_name LIKE '% $RUN' AND run_month IN ('$M', '$M1', '$M2')")" "7/7"
check "the company's invoice: 12 200 + 15 000 + 9 000 cents" \
    "$(sql -c "SELECT gross_cents FROM invoice WHERE customer_name = 'Salle SA $RUN'")" "36200"
"$CTL" -c "$FONTAINE_CONFIG" run "$MONTH" >/dev/null
"$CTL" -c "$FONTAINE_CONFIG" run "$MONTH2" >/dev/null
check "run after issuing: still nothing twice" \
    "$(sql -c "SELECT count(*) || '/' || count(DISTINCT l.source_key) FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id WHERE i.customer_name LIKE '% $RUN' AND i.run_month IN ('$M', '$M1', '$M2')")" "12/12"
out="$("$CTL" -c "$FONTAINE_CONFIG" verify)"; rc=$?
check "fontaine-invoicectl verify: the chain is intact" "$rc:${out%%:*}" "0:OK"

# The customer's page and the structured invoice (through nginx and the invoice program).
if [ -n "${FONTAINE_URL:-}" ]; then
    tok="$(sql -c "SELECT public_token FROM invoice WHERE customer_name = 'Salle SA $RUN'")"
    page="$(curl -fsS "$FONTAINE_URL/factures/$tok")"
    grep -q "732829320" <<<"$page" && grep -q "frais de recouvrement de 40" <<<"$page" \
        && ok "the company's invoice page: its SIREN and the late-payment mentions" \
        || fail "the company's invoice page: SIREN and penalties" "$(head -c 300 <<<"$page")"
    ptok="$(sql -c "SELECT public_token FROM invoice WHERE customer_name = 'Particulier $RUN'")"
    curl -fsS "$FONTAINE_URL/factures/$ptok" | grep -q "frais de recouvrement de 40" \
        && fail "the private customer's page has no business penalty mentions" \
        || ok "the private customer's page has no business penalty mentions"
    XSD="${FONTAINE_STANDARDS:-$FONTAINE_SRC/../shared/standards}/en16931/Factur-X_EN16931.xsd"
    if [ -f "$XSD" ]; then
        curl -fsS "$FONTAINE_URL/factures/$tok.xml" >"$TMP/salle.xml"
        out="$(xmllint --noout --schema "$XSD" "$TMP/salle.xml" 2>&1)" \
            && ok "the company's Factur-X XML validates (EN 16931)" || fail "Factur-X XML" "$(head -c 400 <<<"$out")"
    else
        ok "Factur-X XML: skipped, no $XSD # SKIP"
    fi
else
    ok "the invoice pages: skipped, no FONTAINE_URL # SKIP"
fi
