# tests/invoice/organisations.sh: invoicing per organisation (schema/0033), sourced by run.sh
# last (uses its ok, fail, check, sql, sql_as, refused, $CTL, $RUN, $TMP, $PSQL, and $STD,
# $SAXON_JAR, $SDIR of standards.sh).
#
#   two organisations (the demo's second one, La Grange, else one made here) issue 2 × 50
#   documents from 10 concurrent sessions of the program's role, with rollbacks: numbers
#   continuous per organisation, series and year, no gap, no duplicate; each chain holds alone,
#   and a tampered document of one breaks its own chain only; row-level security keeps the
#   program's role acting for one organisation away from the other's documents; closings per
#   organisation; each FEC holds its own documents only, under its own SIREN; each SEPA batch
#   holds its organisation's debits, creditor identifier and account only; the customer link of
#   the second organisation's documents works on the shared host, and those documents (its
#   seller, SIREN, IBAN, creditor identifier) pass the XSD and the three schematrons.

ODIR="$TMP/organisations"
mkdir -p "$ODIR/xml"
year="$(sql -c "SELECT extract(year FROM paris_today())")"

# ---- the second organisation ---------------------------------------------------------------------
ORG2="$(sql -c "SELECT organisation_id FROM space WHERE slug = 'la-grange'")"
if [ -z "$ORG2" ]; then
    ORG2="$(sql -c "INSERT INTO organisation (name, legal_name, legal_form, street, postcode, city, email, phone,
                        siren, siret, vat_status, vat_number, publication_director, host_name, host_address)
                    VALUES ('Deuxième lieu', 'Association du deuxième lieu', 'Association loi 1901',
                            '5 place du Marché', '47200', 'Marmande', 'bonjour@deuxieme.example', '05 36 49 20 77',
                            '471209353', '47120935300005', 'franchise', 'FR26471209353', 'Julien Roumégous', 'Hébergeur', 'Marmande')
                    RETURNING id")"
    sql -c "INSERT INTO space (id, organisation_id, slug, name) VALUES ((SELECT max(id) + 1 FROM space), $ORG2,
            'deuxieme-lieu-$RUN', 'Deuxième lieu')" >/dev/null
fi
SP2="$(sql -c "SELECT id FROM space WHERE organisation_id = $ORG2 AND active ORDER BY is_default DESC, sort_order, id LIMIT 1")"
sql -c "INSERT INTO organisation_setting (organisation_id, key, value) VALUES ($ORG2, 'invoice_iban', 'FR7630004000031234567890143'),
        ($ORG2, 'invoice_bic', 'BNPAFRPP'), ($ORG2, 'sepa_creditor_id', 'FR19ZZZ654321') ON CONFLICT DO NOTHING" >/dev/null
ORG2_SIREN="$(sql -c "SELECT siren FROM organisation WHERE id = $ORG2")"
ORG2_ICS="$(sql -c "SELECT organisation_setting_get($ORG2::smallint, 'sepa_creditor_id')")"
ORG1_ICS="$(sql -c "SELECT organisation_setting_get(1::smallint, 'sepa_creditor_id')")"
check "two organisations, each with its own creditor identifier" \
    "$([ "$ORG2" != 1 ] && [ -n "$ORG2_ICS" ] && [ "$ORG2_ICS" != "$ORG1_ICS" ] && echo yes)" "yes"

# A member of both (a mandate with each creditor) for the SEPA part.
sql -v run="$RUN" >/dev/null <<'SQL'
INSERT INTO person (email, first_name, last_name, profile, status, billing_street, billing_postcode, billing_city)
VALUES ('orgs.' || :'run' || '@example.org', 'Rose', 'Réseau', 'independant', 'pending', '2 rue Paulin', '47000', 'Agen');
SQL
PERSON="$(sql -c "SELECT id FROM person WHERE email = 'orgs.$RUN@example.org'")"

# ---- 2 × 50 documents from 10 concurrent sessions of the program's role -------------------------
# Session w of organisation o (space sp) issues 11 documents, the 6th rolled back: 50 committed
# per organisation (a rolled-back issue leaves no number behind). The first of each session is
# the member's (for the SEPA batches).
for o in 1 2; do
    sp=1; [ "$o" = 2 ] && sp="$SP2"
    for w in 1 2 3 4 5; do
        {
            echo "SELECT set_config('fontaine.space', '$sp', false) \\gset"
            for k in $(seq 1 11); do
                pid="NULL"; [ "$k" = 1 ] && [ "$w" = 1 ] && pid="$PERSON"
                [ "$k" = 6 ] && echo "BEGIN;"
                echo "INSERT INTO invoice (person_id, customer_name, customer_email) VALUES ($pid, 'Org$o $RUN w$w k$k', 'orgs.$RUN@example.org') RETURNING id AS inv \\gset"
                echo "INSERT INTO invoice_line (invoice_id, description, quantity_milli, unit_price_cents) VALUES (:inv, 'Demi-journée en open space', 1000, $((800 + k)));"
                echo "SELECT invoice_issue(:inv, NULL);"
                [ "$k" = 6 ] && echo "ROLLBACK;"
            done
        } >"$ODIR/o$o-w$w.sql"
    done
done
for f in "$ODIR"/o*-w*.sql; do
    "$PSQL" -X -q -At -h "$FONTAINE_PGHOST" -U fontaine_invoice -d "$DB" -v ON_ERROR_STOP=1 -f "$f" >"${f%.sql}.out" 2>&1 &
done
wait
check "10 concurrent sessions of the program's role: no error" "$(cat "$ODIR"/o*-w*.out | grep -c ERROR)" "0"
cat "$ODIR"/o*-w*.out | grep ERROR | head -3 | sed 's/^/#   /'
check "50 issued per organisation, nothing left of the rolled-back ones" \
    "$(sql -c "SELECT string_agg(organisation_id || ':' || status || ':' || n, ' ' ORDER BY organisation_id, status) FROM (SELECT organisation_id, status, count(*) n FROM invoice WHERE customer_name LIKE 'Org_ $RUN %' GROUP BY 1, 2) t")" \
    "1:issued:50 $ORG2:issued:50"
check "each document is in the organisation of the session that made it" \
    "$(sql -c "SELECT count(*) FROM invoice WHERE customer_name LIKE 'Org_ $RUN %' AND (customer_name LIKE 'Org1 %') <> (organisation_id = 1)")" "0"

for o in 1 "$ORG2"; do
    for s in F A; do
        check "organisation $o, series $s$year: numbers 1..last, no gap, no duplicate, counter = last" \
            "$(sql -c "SELECT coalesce(bool_and(ok), true) FROM (SELECT count(*) = max(substr(number, 7)::int) AND count(DISTINCT number) = count(*) AND min(substr(number, 7)::int) = 1 AND max(substr(number, 7)::int) = (SELECT last_number FROM invoice_counter WHERE organisation_id = $o AND series = '$s' AND year = $year) AS ok FROM invoice WHERE organisation_id = $o AND number LIKE '$s$year-%') t")" "t"
    done
    check "organisation $o: its chain is 1..head, numbers in chain order" \
        "$(sql -c "SELECT count(*) = max(chain_seq) AND max(chain_seq) = (SELECT last_seq FROM invoice_chain WHERE id = $o) FROM invoice WHERE organisation_id = $o AND status <> 'draft'")/$(sql -c "SELECT coalesce(bool_and(n > lag_n), true) FROM (SELECT substr(number, 7)::int AS n, lag(substr(number, 7)::int) OVER (ORDER BY chain_seq) AS lag_n FROM invoice WHERE organisation_id = $o AND number LIKE 'F$year-%') t WHERE lag_n IS NOT NULL")" "t/t"
done
check "both organisations number from 1: the same numbers, two documents each" \
    "$(sql -c "SELECT count(*) FROM invoice a JOIN invoice b ON b.number = a.number AND b.organisation_id = $ORG2 WHERE a.organisation_id = 1 AND a.number = 'F$year-00001'")" "1"
check "no document is chained to another organisation's document" \
    "$(sql -c "SELECT count(*) FROM invoice a JOIN invoice b ON b.organisation_id <> a.organisation_id LEFT JOIN invoice_frozen f ON f.invoice_id = b.id WHERE a.status <> 'draft' AND b.status <> 'draft' AND a.prev_hash IN (b.hash, f.seal)")" "0"
check "each document's seller is its organisation" \
    "$(sql -c "SELECT count(*) FROM invoice i JOIN organisation o ON o.id = i.organisation_id WHERE i.customer_name LIKE 'Org_ $RUN %' AND i.status <> 'draft' AND (i.seller_name <> o.legal_name OR i.seller_siren IS DISTINCT FROM o.siren)")" "0"

# ---- row-level security: the program's role acting for one organisation -------------------------
as_space() { sql_as fontaine_invoice -c "SELECT set_config('fontaine.space', '$1', false)" -c "$2" 2>&1 | tail -n 1; }
check "acting for organisation 1, the program's role sees none of the other's documents" \
    "$(as_space 1 "SELECT count(*) FROM invoice WHERE organisation_id = $ORG2")/$(as_space 1 "SELECT count(*) FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id WHERE i.customer_name LIKE 'Org2 $RUN %'")" "0/0"
check "acting for organisation $ORG2, it sees its own (50) and none of organisation 1's" \
    "$(as_space "$SP2" "SELECT count(*) FROM invoice WHERE customer_name LIKE 'Org2 $RUN %' AND status = 'issued'")/$(as_space "$SP2" "SELECT count(*) FROM invoice WHERE organisation_id = 1")" "50/0"
out="$(as_space 1 "INSERT INTO invoice (organisation_id, customer_name) VALUES ($ORG2, 'Intrus $RUN')")"
grep -q "row-level security" <<<"$out" && ok "it cannot write a document into the other organisation" \
    || fail "it cannot write a document into the other organisation" "$out"
o2id="$(sql -c "SELECT id FROM invoice WHERE customer_name = 'Org2 $RUN w2 k2'")"
check "acting for organisation 1, the other's document is not found by its id, nor credited" \
    "$(as_space 1 "SELECT count(*) FROM invoice WHERE id = $o2id")/$(sql_as fontaine_invoice -c "SELECT set_config('fontaine.space', '1', false)" -c "SELECT credit_note_create($o2id)" 2>&1 | grep -c 'cannot be cancelled')" "0/1"
refused "a credit note is in its invoice's organisation (composite key)" 23503 \
    <<<"INSERT INTO invoice (organisation_id, kind, corrects_id, customer_name) VALUES (1, 'credit_note', $o2id, 'Avoir croisé $RUN');"

# ---- each chain verifies alone -------------------------------------------------------------------
check "invoice_chain_verify(), per organisation: both intact" \
    "$(sql -c "SELECT set_config('fontaine.space', '1', false)" -c "SELECT ok FROM invoice_chain_verify()" | tail -n 1)/$(sql -c "SELECT set_config('fontaine.space', '$SP2', false)" -c "SELECT ok FROM invoice_chain_verify()" | tail -n 1)" "t/t"
out="$("$CTL" -c "$FONTAINE_CONFIG" --organisation "$ORG2" verify)"; rc=$?
check "fontaine-invoicectl --organisation $ORG2 verify: exit 0, OK, its documents only" \
    "$rc:${out%%:*}:$(grep -o '^OK: [0-9]* documents' <<<"$out" | grep -o '[0-9]*')" \
    "0:OK:$(sql -c "SELECT count(*) FROM invoice WHERE organisation_id = $ORG2 AND status <> 'draft'")"
out="$("$CTL" -c "$FONTAINE_CONFIG" verify 2>"$ODIR/verify.err")"; rc=$?
check "fontaine-invoicectl verify: every organisation in turn, exit 0, OK" \
    "$rc:${out%%:*}:$(grep -c '^fontaine-invoicectl: organisation' "$ODIR/verify.err")" "0:OK:$(sql -c "SELECT count(*) FROM organisation o WHERE EXISTS (SELECT 1 FROM space s WHERE s.organisation_id = o.id AND s.active)")"
t2="$(sql -c "SELECT id FROM invoice WHERE customer_name = 'Org2 $RUN w3 k3'")"
t2num="$(sql -c "SELECT number FROM invoice WHERE id = $t2")"
sql -c "SET session_replication_role = replica; UPDATE invoice SET customer_name = 'Falsifiée $RUN' WHERE id = $t2;" >/dev/null
out2="$("$CTL" -c "$FONTAINE_CONFIG" --organisation "$ORG2" verify)"; rc2=$?
out1="$("$CTL" -c "$FONTAINE_CONFIG" --organisation 1 verify)"; rc1=$?
check "a tampered document of organisation $ORG2 breaks its chain, not organisation 1's" \
    "$rc2:$(grep -o "BROKEN at [^:]*" <<<"$out2")/$rc1:${out1%%:*}" "1:BROKEN at $t2num/0:OK"
sql -c "SET session_replication_role = replica; UPDATE invoice SET customer_name = 'Org2 $RUN w3 k3' WHERE id = $t2;" >/dev/null
out="$("$CTL" -c "$FONTAINE_CONFIG" --organisation "$ORG2" verify)"; rc=$?
check "restored: organisation $ORG2's chain holds again" "$rc:${out%%:*}" "0:OK"

# ---- closings per organisation -------------------------------------------------------------------
# A month of 2002 not closed yet for either (closing it freezes nothing of today's tests).
pm="$(sql -c "SELECT to_char(m, 'YYYY-MM') FROM generate_series('2002-01-01'::date, '2002-12-01', '1 month') m WHERE NOT EXISTS (SELECT 1 FROM period_closing WHERE kind = 'month' AND period_start = m::date) ORDER BY m LIMIT 1")"
out="$("$CTL" -c "$FONTAINE_CONFIG" close "$pm" -o "$ODIR" 2>/dev/null)"; rc=$?
check "close $pm: one closing per organisation, each archive written" \
    "$rc:$(sql -c "SELECT count(DISTINCT organisation_id) = count(*) AND count(*) >= 2 FROM period_closing WHERE kind = 'month' AND period_start = '$pm-01'"):$([ -s "$ODIR/cloture-$pm.json" ] && [ -s "$ODIR/cloture-$pm-organisation-$ORG2.json" ] && echo files)" "0:t:files"
check "each closing chains to its own organisation's previous closing" \
    "$(sql -c "SELECT bool_and(c.prev_hash = coalesce((SELECT p.hash FROM period_closing p WHERE p.organisation_id = c.organisation_id AND p.id < c.id ORDER BY p.id DESC LIMIT 1), repeat('0', 64))) FROM period_closing c WHERE c.kind = 'month' AND c.period_start = '$pm-01'")" "t"
refused "an organisation closes a period once" FTI11 <<<"SELECT set_config('fontaine.space', '$SP2', false); SELECT period_close('month', '$pm-01');"

# ---- the FEC of each organisation ----------------------------------------------------------------
mkdir -p "$ODIR/fec1" "$ODIR/fec2"
"$CTL" -c "$FONTAINE_CONFIG" --organisation 1 fec "$year" -o "$ODIR/fec1" >"$ODIR/fec1.out"; rc1=$?
"$CTL" -c "$FONTAINE_CONFIG" --organisation "$ORG2" fec "$year" -o "$ODIR/fec2" >"$ODIR/fec2.out"; rc2=$?
f1="$(ls "$ODIR/fec1"/*.txt 2>/dev/null | head -n 1)"
f2="$(ls "$ODIR/fec2"/*.txt 2>/dev/null | head -n 1)"
check "fontaine-invoicectl fec: one file per organisation, named with its SIREN" \
    "$rc1:$rc2:$(basename "${f2:-none}" | cut -c1-9)" "0:0:$ORG2_SIREN"
check "organisation $ORG2's FEC: its 50 documents, none of organisation 1's" \
    "$(iconv -f ISO-8859-15 -t UTF-8 "$f2" | grep -c "^VE.*	411	.*Org2 $RUN ")/$(iconv -f ISO-8859-15 -t UTF-8 "$f2" | grep -c "Org1 $RUN ")" "50/0"
check "organisation 1's FEC: its 50 documents, none of organisation $ORG2's" \
    "$(iconv -f ISO-8859-15 -t UTF-8 "$f1" | grep -c "^VE.*	411	.*Org1 $RUN ")/$(iconv -f ISO-8859-15 -t UTF-8 "$f1" | grep -c "Org2 $RUN ")" "50/0"
if out="$(python3 "$(dirname "${BASH_SOURCE[0]}")/fec_check.py" "$f2")"; then
    ok "organisation $ORG2's FEC passes the independent checker"
else
    fail "organisation $ORG2's FEC passes the independent checker" "$(head -5 <<<"$out")"
fi

# ---- SEPA batches of each organisation -----------------------------------------------------------
tomorrow="$(sql -c "SELECT to_char(paris_today() + 1, 'YYYY-MM-DD')")"
sql >/dev/null <<SQL
SELECT set_config('fontaine.space', '1', false);
INSERT INTO sepa_mandate (person_id, rum, signed_on, debtor_name, iban) VALUES ($PERSON, 'RUM-RES-$RUN', paris_today(), 'Rose Réseau', 'FR7630004005500001234567840');
SELECT set_config('fontaine.space', '$SP2', false);
INSERT INTO sepa_mandate (person_id, rum, signed_on, debtor_name, iban) VALUES ($PERSON, 'RUM-RES-$RUN', paris_today(), 'Rose Réseau', 'FR7630004005500001234567840');
SQL
check "the member has a mandate with each organisation (the same RUM in each)" \
    "$(sql -c "SELECT count(DISTINCT organisation_id) FROM sepa_mandate WHERE person_id = $PERSON AND status = 'active'")" "2"
mkdir -p "$ODIR/sepa1" "$ODIR/sepa2"
"$CTL" -c "$FONTAINE_CONFIG" --organisation "$ORG2" sepa FRST "$tomorrow" -o "$ODIR/sepa2" >"$ODIR/sepa2.out" 2>&1; rc2=$?
"$CTL" -c "$FONTAINE_CONFIG" --organisation 1 sepa FRST "$tomorrow" -o "$ODIR/sepa1" >"$ODIR/sepa1.out" 2>&1; rc1=$?
x1="$(ls "$ODIR/sepa1"/*.xml 2>/dev/null | head -n 1)"
x2="$(ls "$ODIR/sepa2"/*.xml 2>/dev/null | head -n 1)"
check "fontaine-invoicectl sepa: a batch and its file for each organisation" "$rc1:$rc2:$([ -s "$x1" ] && [ -s "$x2" ] && echo files)" "0:0:files"
b2="$(grep -o 'batch [0-9]*' "$ODIR/sepa2.out" | grep -o '[0-9]*')"
b1="$(grep -o 'batch [0-9]*' "$ODIR/sepa1.out" | grep -o '[0-9]*')"
check "each batch holds its organisation's debits only, the member's among them" \
    "$(sql -c "SELECT count(*) FILTER (WHERE i.organisation_id <> b.organisation_id) || '/' || count(*) FILTER (WHERE i.person_id = $PERSON) FROM sepa_debit d JOIN sepa_batch b ON b.id = d.batch_id JOIN invoice i ON i.id = d.invoice_id WHERE d.batch_id = ${b2:-0}")/$(sql -c "SELECT count(*) FILTER (WHERE i.organisation_id <> b.organisation_id) || '/' || count(*) FILTER (WHERE i.person_id = $PERSON) FROM sepa_debit d JOIN sepa_batch b ON b.id = d.batch_id JOIN invoice i ON i.id = d.invoice_id WHERE d.batch_id = ${b1:-0}")" "0/1/0/1"
check "organisation $ORG2's file names its creditor and account, not organisation 1's" \
    "$(grep -c "$ORG2_ICS" "$x2")/$(grep -c "$ORG1_ICS" "$x2")/$(grep -c 'FR7630004000031234567890143' "$x2")" "1/0/1"
check "organisation 1's file names its creditor, not organisation $ORG2's" \
    "$(grep -c "$ORG1_ICS" "$x1")/$(grep -c "$ORG2_ICS" "$x1")" "1/0"
if out="$(xmllint --noout --schema "$STD/sepa/pain.008.001.08.xsd" "$x2" 2>&1)"; then
    ok "organisation $ORG2's file is valid pain.008.001.08"
else
    fail "organisation $ORG2's file is valid pain.008.001.08" "$(head -3 <<<"$out")"
fi

# ---- the daily membership job, per organisation -----------------------------------------------------
# A member of each organisation whose membership ends in 10 days; each organisation's job
# reminds its own member, in its own name.
sql -v run="$RUN" -v org="$ORG2" >/dev/null <<'SQL'
INSERT INTO person (email, first_name, last_name, profile, status, password_hash)
SELECT 'orgs.membre' || o || '.' || :'run' || '@example.org', 'Marin', 'Membre', 'independant', 'active', '$argon2id$v=19$test'
FROM (VALUES (1), (2)) x (o);
INSERT INTO membership (organisation_id, person_id, starts_on, ends_on, fee_cents, status, paid_at)
SELECT CASE WHEN p.email LIKE 'orgs.membre1.%' THEN 1 ELSE :'org'::smallint END, p.id, paris_today() - 355,
       paris_today() + 10, 2000, 'paid', now()
FROM person p WHERE p.email LIKE 'orgs.membre_.' || :'run' || '@example.org';
SQL
mails() { sql -c "SELECT count(*) FROM outbox WHERE to_addr = 'orgs.membre$1.$RUN@example.org' AND subject LIKE 'Votre adhésion à % se termine le %'"; }
out="$("$CTL" -c "$FONTAINE_CONFIG" --organisation "$ORG2" memberships)"; rc=$?
check "memberships for organisation $ORG2: its member reminded, not organisation 1's" "$rc:$(mails 2)/$(mails 1)" "0:1/0"
check "the reminder is in organisation $ORG2's name" \
    "$(sql -c "SELECT count(*) FROM outbox WHERE to_addr = 'orgs.membre2.$RUN@example.org' AND subject LIKE 'Votre adhésion à ' || (SELECT name FROM organisation WHERE id = $ORG2) || ' %'")" "1"
out="$("$CTL" -c "$FONTAINE_CONFIG" memberships 2>/dev/null)"; rc=$?
check "memberships for every organisation: organisation 1's member reminded too, nobody twice" "$rc:$(mails 2)/$(mails 1)" "0:1/1"

# ---- the second organisation's documents: customer links and the standards -----------------------
# A business customer and a credit note besides the member's invoice on a mandate.
sql >/dev/null <<SQL
SELECT set_config('fontaine.space', '$SP2', false);
INSERT INTO invoice (customer_business, customer_name, customer_siren, customer_street, customer_postcode, customer_city, customer_email)
VALUES (true, 'Coteaux SARL $RUN', '732829320', '3 quai de la Garonne', '47200', 'Marmande', 'compta@coteaux.example') RETURNING id AS biz \gset
INSERT INTO invoice_line (invoice_id, kind, description, quantity_milli, unit_code, unit_price_cents) VALUES (:biz, 'room', 'Salle de réunion', 3500, 'HUR', 2500);
SELECT invoice_issue(:biz, NULL);
SELECT credit_note_create(:biz) AS cn \gset
SELECT invoice_issue(:cn, NULL);
SQL
docs="$(sql -c "SELECT string_agg(id::text, ' ' ORDER BY id) FROM invoice WHERE organisation_id = $ORG2 AND status <> 'draft' AND (customer_name = 'Coteaux SARL $RUN' OR corrects_id IN (SELECT id FROM invoice WHERE customer_name = 'Coteaux SARL $RUN') OR (person_id = $PERSON AND customer_name LIKE 'Org2 $RUN %'))")"
for d in $docs; do
    tok="$(sql -c "SELECT public_token FROM invoice WHERE id = $d")"
    cx="$(curl -sS -o "$ODIR/xml/org2-$d.xml" -w '%{http_code}' "$FONTAINE_URL/factures/$tok.xml")"
    cp="$(curl -sS -o "$ODIR/org2-$d.pdf" -w '%{http_code}' "$FONTAINE_URL/factures/$tok.pdf")"
    ch="$(curl -sS -o "$ODIR/org2-$d.html" -w '%{http_code}' "$FONTAINE_URL/factures/$tok")"
    check "organisation $ORG2's document $d: its link works on the shared host (XML, PDF, page)" "$cx/$cp/$ch" "200/200/200"
    pdfdetach -savefile factur-x.xml -o "$ODIR/xml/org2-$d.pdf-customer.xml" "$ODIR/org2-$d.pdf" >/dev/null 2>&1 \
        || fail "organisation $ORG2's document $d: its PDF carries factur-x.xml"
done
sd="$(sql -c "SELECT id FROM invoice WHERE person_id = $PERSON AND organisation_id = $ORG2 AND status <> 'draft' LIMIT 1")"
sx="$ODIR/xml/org2-$sd.xml"
xv() { xmllint --xpath "string($2)" "$1" 2>/dev/null; }
check "the seller is organisation $ORG2: name, SIREN, IBAN, creditor identifier, the member's mandate" \
    "$(xv "$sx" "//*[local-name()='SellerTradeParty']/*[local-name()='Name']")|$(xv "$sx" "//*[local-name()='SellerTradeParty']/*[local-name()='SpecifiedLegalOrganization']/*[local-name()='ID']")|$(xv "$sx" "//*[local-name()='CreditorReferenceID']")|$(xv "$sx" "//*[local-name()='DirectDebitMandateID']")" \
    "$(sql -c "SELECT legal_name || '|' || siren FROM organisation WHERE id = $ORG2")|$ORG2_ICS|RUM-RES-$RUN"
grep -q "Org1 $RUN" "$ODIR"/org2-*.html && fail "no page of organisation $ORG2 shows organisation 1's documents" \
    || ok "no page of organisation $ORG2 shows organisation 1's documents"
check "the program is back to its own space after a link of another organisation" \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$FONTAINE_URL/factures/$(sql -c "SELECT public_token FROM invoice WHERE organisation_id = 1 AND status <> 'draft' ORDER BY id DESC LIMIT 1")")" "200"

n_docs=$(ls "$ODIR"/xml/*.xml | wc -l)
for f in "$ODIR"/xml/*.xml; do
    if out="$(xmllint --noout --schema "$STD/en16931/Factur-X_EN16931.xsd" "$f" 2>&1)"; then
        ok "XSD Factur-X EN16931: $(basename "$f" .xml)"
    else
        fail "XSD Factur-X EN16931: $(basename "$f" .xml)" "$(grep -v validates <<<"$out" | head -5)"
    fi
done
SCH="$STD/schematron"
java -cp "$SAXON_JAR" net.sf.saxon.Transform -it -xsl:"$(dirname "${BASH_SOURCE[0]}")/schematrons.xsl" \
    dir="file://$ODIR/xml" \
    "schematrons=file://$SCH/EN16931-CII-validation.xslt file://$SCH/Factur-X_1.09_EN16931.xsl file://$SCH/BR-FR-Flux2-Schematron-CII.xslt" \
    >"$ODIR/svrl.txt" 2>"$ODIR/saxon.err"
sax_rc=$?
check "Saxon ran the three schematrons on organisation $ORG2's $n_docs documents" \
    "$sax_rc:$(grep -c '^DOC ' "$ODIR/svrl.txt")" "0:$((3 * n_docs))"
while read -r _ doc sch fired; do
    findings="$(grep -E "^(ERROR|WARNING) $doc $sch " "$ODIR/svrl.txt")"
    if [ -z "$findings" ] && [ "$fired" -gt 0 ]; then
        ok "$sch: ${doc%.xml}: 0 errors, 0 warnings ($fired rules fired)"
    else
        fail "$sch: ${doc%.xml}: $(grep -c '^ERROR' <<<"$findings") error(s), $(grep -c '^WARNING' <<<"$findings") warning(s)" \
            "$(cut -d' ' -f1,4- <<<"$findings" | cut -c1-400 | head -8 | sed '2,$s/^/#   /')"
    fi
done < <(grep '^DOC ' "$ODIR/svrl.txt")
