# tests/invoice/sepa_batches.sh: SEPA direct-debit batches as records (schema/0019), through the
# staff pages (sourced by run.sh after standards.sh: uses its staff session s_post, S_CURL, and
# ok, fail, check, sql, refused, $RUN, $TMP, $STD).
#
#   a batch holds its debits; an invoice is debited once across repeated preparations and
#   downloads; a second download gives the same bytes; RCUR only after a FRST; the file is
#   valid pain.008.001.08; a returned debit is recorded and the invoice presented again; a
#   settled batch records one payment per debit; the invoice states the direct debit.

BDIR="$TMP/sepa"
mkdir -p "$BDIR"
tomorrow="$(sql -c "SELECT to_char(paris_today() + 1, 'YYYY-MM-DD')")"
# A member with two open invoices and a mandate recorded through the staff page.
sql -v run="$RUN" >/dev/null <<'SQL'
INSERT INTO person (email, first_name, last_name, profile, status, billing_street, billing_postcode, billing_city)
VALUES ('sepa.' || :'run' || '@example.org', 'Sam', 'Prélevé', 'independant', 'pending', '2 rue Paulin', '47000', 'Agen');
WITH p AS (SELECT id FROM person WHERE email = 'sepa.' || :'run' || '@example.org'),
     i AS (INSERT INTO invoice (person_id, customer_name, customer_email, customer_street, customer_postcode, customer_city)
           SELECT p.id, 'Sam Prélevé', 'sepa.' || :'run' || '@example.org', '2 rue Paulin', '47000', 'Agen'
           FROM p, generate_series(1, 2) RETURNING id)
INSERT INTO invoice_line (invoice_id, description, quantity_milli, unit_price_cents)
SELECT id, 'Formule mensuelle', 1000, 15000 FROM i;
SELECT invoice_issue(i.id, NULL) FROM invoice i JOIN person p ON p.id = i.person_id
WHERE p.email = 'sepa.' || :'run' || '@example.org' ORDER BY i.id;
SQL
inv1="$(sql -c "SELECT min(i.id) FROM invoice i JOIN person p ON p.id = i.person_id WHERE p.email = 'sepa.$RUN@example.org'")"
inv2="$(sql -c "SELECT max(i.id) FROM invoice i JOIN person p ON p.id = i.person_id WHERE p.email = 'sepa.$RUN@example.org'")"
rum="RUM-$RUN"
check "the staff records the member's mandate" \
    "$(s_post /admin/factures/sepa "email=sepa.$RUN@example.org" "rum=$rum" "signe_le=$(date +%F)" \
        "titulaire=Sam Prélevé" "iban=FR76 3000 4005 5000 0123 4567 840" bic=BNPAFRPP | cut -d' ' -f1)" "303"
mine() { sql -c "SELECT count(*) FILTER (WHERE d.invoice_id = $inv1) || '/' || count(*) FILTER (WHERE d.invoice_id = $inv2) FROM sepa_debit d WHERE d.batch_id = $1"; }
# batch SEQ: prepares a batch through the staff page; prints "code id".
batch() {
    local out
    out="$(s_post /admin/factures/sepa/lots "sequence=$1" "date=$tomorrow")"
    if [[ "$out" =~ ^303\ .*/sepa/lots/([0-9]+) ]]; then echo "303 ${BASH_REMATCH[1]}"; else echo "${out%% *} -"; fi
}

# The invoice states the direct debit, not a transfer (BT-89, BT-90, the pre-notification).
tok="$(sql -c "SELECT public_token FROM invoice WHERE id = $inv1")"
curl -sS -o "$BDIR/inv1.pdf" "$FONTAINE_URL/factures/$tok.pdf"
pdftotext "$BDIR/inv1.pdf" "$BDIR/inv1.txt" 2>/dev/null
txt="$(tr '\n' ' ' <"$BDIR/inv1.txt" | tr -s ' ')"
grep -q "Prélèvement SEPA de" <<<"$txt" && grep -q "$rum" <<<"$txt" && grep -q "FR72ZZZ123456" <<<"$txt" \
    && grep -q "pré-notification" <<<"$txt" && ! grep -q "Règlement par virement" <<<"$txt" \
    && ok "the invoice of a member on a mandate states the debit, its date and amount, the RUM and the ICS" \
    || fail "the invoice states the direct debit" "$(head -c 600 <<<"$txt")"
curl -sS -o "$BDIR/inv1.xml" "$FONTAINE_URL/factures/$tok.xml"
check "its XML: payment means 59, mandate (BT-89) and creditor (BT-90)" \
    "$(xmllint --xpath "concat(//*[local-name()='SpecifiedTradeSettlementPaymentMeans']/*[local-name()='TypeCode'], '|', //*[local-name()='DirectDebitMandateID'], '|', //*[local-name()='CreditorReferenceID'])" "$BDIR/inv1.xml")" \
    "59|$rum|FR72ZZZ123456"

read -r c b1 <<<"$(batch FRST)"
check "a FRST batch is prepared" "$c" "303"
check "FRST: the mandate's first invoice only" "$(mine "$b1")" "1/0"
check "its debit is FRST, pending" "$(sql -c "SELECT sequence_type || '|' || status FROM sepa_debit WHERE invoice_id = $inv1")" "FRST|pending"
"${S_CURL[@]}" -o "$BDIR/b1.xml" "$FONTAINE_URL/admin/factures/sepa/lots/$b1.xml"
"${S_CURL[@]}" -o "$BDIR/b1-again.xml" "$FONTAINE_URL/admin/factures/sepa/lots/$b1.xml"
cmp -s "$BDIR/b1.xml" "$BDIR/b1-again.xml" && [ -s "$BDIR/b1.xml" ] \
    && ok "a second download gives the same file" || fail "a second download gives the same file"
if out="$(xmllint --noout --schema "$STD/sepa/pain.008.001.08.xsd" "$BDIR/b1.xml" 2>&1)"; then
    ok "the batch file is valid pain.008.001.08"
else
    fail "the batch file is valid pain.008.001.08" "$(head -3 <<<"$out")"
fi
grep -q "<SeqTp>FRST</SeqTp>" "$BDIR/b1.xml" && grep -q "$rum" "$BDIR/b1.xml" && grep -q "<Id>FR72ZZZ123456</Id>" "$BDIR/b1.xml" \
    && ok "the file: FRST, the RUM, the ICS" || fail "the file: FRST, the RUM, the ICS"
read -r c b1b <<<"$(batch FRST)"
check "preparing FRST again debits nothing twice" \
    "$(sql -c "SELECT count(*) FROM sepa_debit WHERE invoice_id IN ($inv1, $inv2)")" "1"
refused "the database refuses a second debit of one invoice" 23505 \
    <<<"INSERT INTO sepa_debit (batch_id, invoice_id, mandate_id, sequence_type, amount_cents, end_to_end_id) SELECT $b1, $inv1, mandate_id, 'RCUR', 1, 'X-$RUN' FROM sepa_debit WHERE invoice_id = $inv1;"
read -r c b2 <<<"$(batch RCUR)"
check "RCUR after the FRST: the second invoice" "$c:$(mine "$b2")" "303:0/1"
"${S_CURL[@]}" -o "$BDIR/b2.xml" "$FONTAINE_URL/admin/factures/sepa/lots/$b2.xml"
grep -q "<SeqTp>RCUR</SeqTp>" "$BDIR/b2.xml" && xmllint --noout --schema "$STD/sepa/pain.008.001.08.xsd" "$BDIR/b2.xml" 2>/dev/null \
    && ok "the RCUR file is valid pain.008.001.08" || fail "the RCUR file is valid pain.008.001.08"
read -r c _ <<<"$(batch RCUR)"
check "RCUR again: nothing left for this member" "$(sql -c "SELECT count(*) FROM sepa_debit WHERE invoice_id IN ($inv1, $inv2)")" "2"

# A returned debit (R-transaction), then the invoice presented again.
d2="$(sql -c "SELECT id FROM sepa_debit WHERE invoice_id = $inv2")"
check "a bad reason code is refused (422)" \
    "$(s_post "/admin/factures/sepa/lots/$b2/rejet" "prelevement=$d2" "date=$(date +%F)" motif=XX | cut -d' ' -f1)" "422"
check "the return is recorded through the batch page" \
    "$(s_post "/admin/factures/sepa/lots/$b2/rejet" "prelevement=$d2" "date=$(date +%F)" motif=AM04 | cut -d' ' -f1)" "303"
check "the debit is returned, with its reason" "$(sql -c "SELECT status || '|' || return_reason FROM sepa_debit WHERE id = $d2")" "returned|AM04"
check "a returned debit is not returned twice (409)" \
    "$(s_post "/admin/factures/sepa/lots/$b2/rejet" "prelevement=$d2" "date=$(date +%F)" motif=AM04 | cut -d' ' -f1)" "409"
"${S_CURL[@]}" -o "$BDIR/b2-after.xml" "$FONTAINE_URL/admin/factures/sepa/lots/$b2.xml"
cmp -s "$BDIR/b2.xml" "$BDIR/b2-after.xml" && ok "the stored file does not change after a return" || fail "the stored file does not change after a return"
read -r c b3 <<<"$(batch RCUR)"
check "the returned invoice is presented again in a new RCUR batch" "$c:$(mine "$b3")" "303:0/1"

# Settling: one payment per debit collected. The collection date is tomorrow: age the batch
# (as superuser, triggers off) so that it can be settled today.
refused "a batch is not settled before its collection date" FTI22 <<<"SELECT sepa_batch_settle($b1, paris_today(), NULL);"
sql -c "SET session_replication_role = replica; UPDATE sepa_batch SET collection_date = paris_today() WHERE id = $b1;" >/dev/null
check "the batch is settled through its page" \
    "$(s_post "/admin/factures/sepa/lots/$b1/reglement" "date=$(date +%F)" | cut -d' ' -f1)" "303"
check "the invoice is paid by direct debit, the debit collected" \
    "$(sql -c "SELECT i.status || '|' || p.method || '|' || d.status FROM invoice i JOIN payment p ON p.invoice_id = i.id JOIN sepa_debit d ON d.payment_id = p.id WHERE i.id = $inv1")" \
    "paid|prelevement|collected"
check "settling twice is refused (409)" \
    "$(s_post "/admin/factures/sepa/lots/$b1/reglement" "date=$(date +%F)" | cut -d' ' -f1)" "409"
refused "batches are kept" FTI08 <<<"DELETE FROM sepa_batch WHERE id = $b1;"
refused "a stored file never changes" FTI08 <<<"UPDATE sepa_batch SET file = 'x' WHERE id = $b1;"
check "the batch page lists the debits" \
    "$("${S_CURL[@]}" -o "$BDIR/page.html" -w '%{http_code}' "$FONTAINE_URL/admin/factures/sepa/lots/$b1"):$(grep -c "$rum" "$BDIR/page.html")" "200:1"
