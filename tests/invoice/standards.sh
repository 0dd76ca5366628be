# tests/invoice/standards.sh: every kind of document the product issues, issued through the
# product's own paths, checked by the e-invoicing standards (sourced by run.sh: uses its ok,
# fail, check, sql, $CTL, $RUN, $TMP).
#
#   documents: the monthly run (fontaine-invoicectl run + issue-drafts) for an individual
#   member and a company member; the staff pages (/admin/factures/nouvelle, lines, issue,
#   credit note) for a company (SIREN, VAT number, hours) and an individual, and documents
#   with line and document allowances and charges (schema/0023) and their credit notes; all of that for
#   the VAT-exempt association (franchise en base, art. 293 B) and again for a VAT-registered
#   one (with and without the option for VAT on debits); the invoice of a member on a SEPA
#   mandate. Each XML is fetched from the customer's link /factures/<token>.xml, and read out of
#   the Factur-X PDFs of the customer's link and of the staff page (pdfdetach): all are judged.
#   judges: the Factur-X 1.09 EN16931 XSD (xmllint), and in one Saxon-HE run the three
#   compiled schematrons of standards/schematron/: the CEN EN 16931 CII rules, the Factur-X
#   EN16931 rules and the French CIUS rules BR-FR (Flux 2). Every svrl:failed-assert is a
#   failure: flag fatal, error or absent is an error, flag warning a warning; both fail.
#
# Environment: FONTAINE_URL (./dev test), FONTAINE_STANDARDS (default ../shared/standards), SAXON_JAR (default /usr/share/java/Saxon-HE.jar, Debian's libsaxonhe-java).

# The standards beside the checkout (../shared/standards), or beside the main checkout of a git
# worktree (its common git directory's parent).
STD="${FONTAINE_STANDARDS:-$FONTAINE_SRC/../shared/standards}"
if [ ! -d "$STD" ] && common="$(git -C "$FONTAINE_SRC" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)"; then
    STD="$(dirname "$(dirname "$common")")/shared/standards"
fi
SAXON_JAR="${SAXON_JAR:-/usr/share/java/Saxon-HE.jar}"
: "${FONTAINE_URL:?run through ./dev test (FONTAINE_URL)}"
std_t0=$(date +%s)
SDIR="$TMP/standards"
mkdir -p "$SDIR/xml" "$SDIR/pdf"

# ---- a staff session (curl, its own loopback address: the login's rate limit is per address) ----
S_ADDR="127.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 1)).$((RANDOM % 250 + 1))"
S_CURL=(curl -sS --interface "$S_ADDR" -b "$SDIR/jar" -c "$SDIR/jar")
"${S_CURL[@]}" -o "$SDIR/login.html" "$FONTAINE_URL/connexion"
s_csrf() { sed -n 's/.*<input type="hidden" name="csrf" value="\([^"]*\)">.*/\1/p' "$1" | head -n 1; }
code="$("${S_CURL[@]}" -o /dev/null -w '%{http_code}' "$FONTAINE_URL/connexion" \
    --data-urlencode "csrf=$(s_csrf "$SDIR/login.html")" \
    --data-urlencode email=equipe@lafontaine-agen.example \
    --data-urlencode mot_de_passe=fontaine-demo-2026 --data-urlencode retour=/admin)"
check "standards: the staff member logs in" "$code" "303"
"${S_CURL[@]}" -o "$SDIR/new.html" "$FONTAINE_URL/admin/factures/nouvelle"
S_CSRF="$(s_csrf "$SDIR/new.html")"

# s_post PATH FIELD=VALUE...: POST the form as the staff member; prints "code location".
s_post() {
    local path="$1" a=()
    shift
    for kv in "$@"; do a+=(--data-urlencode "$kv"); done
    "${S_CURL[@]}" -o "$SDIR/last.html" -w '%{http_code} %{redirect_url}' "$FONTAINE_URL$path" \
        --data-urlencode "csrf=$S_CSRF" "${a[@]}"
}
# s_draft FIELD=VALUE...: a new draft through the staff form; prints its id.
s_draft() {
    local out
    out="$(s_post /admin/factures/nouvelle "$@")"
    [[ "$out" =~ ^303\ .*/admin/factures/([0-9]+) ]] && echo "${BASH_REMATCH[1]}"
}
# s_line ID DESC QTY UNIT PRICE VAT [KIND]
s_line() {
    s_post "/admin/factures/$1/lignes" "description=$2" "quantite=$3" "unite=$4" "prix=$5" "tva=$6" \
        "nature=${7:-other}" | cut -d' ' -f1
}
s_issue() { s_post "/admin/factures/$1/emettre" | cut -d' ' -f1; }
# s_ac ID FIELD=VALUE...: an allowance or charge through the staff form; prints the status.
s_ac() { local id="$1"; shift; s_post "/admin/factures/$id/remises" "$@" | cut -d' ' -f1; }
# first_line ID: the id of the draft's first line.
first_line() { sql -c "SELECT id FROM invoice_line WHERE invoice_id = $1 ORDER BY position, id LIMIT 1"; }
# s_credit ID: prepares and issues the credit note of invoice ID; prints its id.
s_credit() {
    local out
    out="$(s_post "/admin/factures/$1/avoir")"
    [[ "$out" =~ ^303\ .*/admin/factures/([0-9]+) ]] || return 1
    [ "$(s_issue "${BASH_REMATCH[1]}")" = 303 ] && echo "${BASH_REMATCH[1]}"
}
# fetch ID NAME: the document's XML and PDF from the customer's link, and its PDF from the staff
# page. Each PDF is a Factur-X: the XML it carries (factur-x.xml, extracted with pdfdetach) goes
# beside the others as NAME.pdf-customer.xml and NAME.pdf-staff.xml, to be judged the same way.
fetch() {
    local tok
    tok="$(sql -c "SELECT public_token FROM invoice WHERE id = $1 AND status <> 'draft'")"
    [ -n "$tok" ] || { fail "standards: $2 is issued" "document $1 not issued"; return; }
    local cx cp cs
    cx="$(curl -sS -o "$SDIR/xml/$2.xml" -w '%{http_code}' "$FONTAINE_URL/factures/$tok.xml")"
    cp="$(curl -sS -o "$SDIR/pdf/$2.pdf" -w '%{http_code}' "$FONTAINE_URL/factures/$tok.pdf")"
    cs="$("${S_CURL[@]}" -o "$SDIR/pdf/$2.staff.pdf" -w '%{http_code}' "$FONTAINE_URL/admin/factures/$1.pdf")"
    if [ "$cx/$cp/$cs" != 200/200/200 ]; then
        fail "standards: $2: its XML and PDFs are served" "XML $cx, PDF (customer) $cp, PDF (staff) $cs"
        rm -f "$SDIR/xml/$2.xml"
        return
    fi
    local from pdf out
    for from in customer staff; do
        pdf="$SDIR/pdf/$2.pdf"
        [ "$from" = staff ] && pdf="$SDIR/pdf/$2.staff.pdf"
        if out="$(pdfdetach -savefile factur-x.xml -o "$SDIR/xml/$2.pdf-$from.xml" "$pdf" 2>&1)"; then
            cmp -s "$SDIR/xml/$2.xml" "$SDIR/xml/$2.pdf-$from.xml" && ok "Factur-X: $2: the PDF ($from) carries the XML of the link" \
                || fail "Factur-X: $2: the PDF ($from) carries the XML of the link" "$(cmp "$SDIR/xml/$2.xml" "$SDIR/xml/$2.pdf-$from.xml" 2>&1)"
        else
            fail "Factur-X: $2: pdfdetach finds factur-x.xml in the PDF ($from)" "$out"
            rm -f "$SDIR/xml/$2.pdf-$from.xml"
        fi
    done
}

# The organisation as it is, restored at the end (the VAT-registered part changes it).
ORG_SAVED="$(sql -c "SELECT vat_status || '|' || coalesce(vat_number, '') || '|' || vat_on_debits FROM organisation WHERE id = 1")"
restore_org() {
    IFS='|' read -r st num deb <<<"$ORG_SAVED"
    sql -v st="$st" -v num="$num" -v deb="$deb" >/dev/null \
        <<<"UPDATE organisation SET vat_status = :'st', vat_number = nullif(:'num', ''), vat_on_debits = :'deb'::boolean WHERE id = 1;"
}

# ---- 1. the VAT-exempt association (franchise en base, art. 293 B du CGI) ------------------------
# It holds an intra-community VAT number (BT-31; a franchise does not forbid one).
sql -c "UPDATE organisation SET vat_status = 'franchise', vat_number = 'FR11123456782', vat_on_debits = false WHERE id = 1" >/dev/null

# The monthly run: an individual member (fee + monthly formula) and a company member (fee).
sql -v run="$RUN" >/dev/null <<'SQL'
INSERT INTO person (email, first_name, last_name, profile, status, billing_street, billing_postcode, billing_city)
VALUES ('std.indiv.' || :'run' || '@example.org', 'Inès', 'Particulière', 'independant', 'pending',
        '5 rue Voltaire', '47000', 'Agen');
INSERT INTO person (email, first_name, last_name, profile, company_name, siren, status, billing_street,
                    billing_postcode, billing_city)
VALUES ('std.societe.' || :'run' || '@example.org', 'Paul', 'Gérant', 'organisation', 'Société Standard SAS',
        '732829320', 'pending', '3 quai de la Garonne', '47000', 'Agen');
INSERT INTO membership (person_id, starts_on, ends_on, fee_cents)
SELECT id, date_trunc('year', paris_today())::date, (date_trunc('year', paris_today()) + interval '1 year - 1 day')::date, 2000
FROM person WHERE email LIKE 'std.%.' || :'run' || '@example.org';
INSERT INTO person_formula (person_id, price_code, unit_cents, member_price, status, starts_on)
SELECT p.id, pr.code, 15000, true, 'active', date_trunc('month', paris_today())::date
FROM person p, price pr WHERE p.email = 'std.indiv.' || :'run' || '@example.org'
  AND pr.unit = 'le mois' AND pr.category = 'coworking' LIMIT 1;
SQL
month="$(sql -c "SELECT to_char(paris_today(), 'YYYY-MM')")"
"$CTL" -c "$FONTAINE_CONFIG" run "$month" >/dev/null || fail "standards: monthly run"
"$CTL" -c "$FONTAINE_CONFIG" issue-drafts "$month" >/dev/null || fail "standards: issue-drafts"
run_indiv="$(sql -c "SELECT i.id FROM invoice i JOIN person p ON p.id = i.person_id WHERE p.email = 'std.indiv.$RUN@example.org' AND i.status <> 'draft'")"
run_company="$(sql -c "SELECT i.id FROM invoice i JOIN person p ON p.id = i.person_id WHERE p.email = 'std.societe.$RUN@example.org' AND i.status <> 'draft'")"
fetch "$run_indiv" 01-franchise-run-individual
fetch "$run_company" 02-franchise-run-company

# The staff pages: a company (SIREN, VAT number, hours of meeting room) and an individual.
fc="$(s_draft professionnel=1 "nom=Conseil Garonne SARL $RUN" siren=732829320 tva_client=FR44732829320 \
    "adresse=3 quai de la Garonne" code_postal=47000 ville=Agen email=compta@conseil-garonne.example \
    debut="$(date +%F)" fin="$(date +%F)" delai=30)"
check "standards: staff draft for a company" "$([ -n "$fc" ] && echo id)" "id"
check "standards: a line in hours (3,5 h)" "$(s_line "$fc" "Salle de réunion" "3,5" HUR "25,00" 0 room)" "303"
check "standards: the company's invoice is issued" "$(s_issue "$fc")" "303"
fetch "$fc" 03-franchise-staff-company
fi_="$(s_draft "nom=Jeanne Visiteuse $RUN" "adresse=9 rue des Cornières" code_postal=47000 ville=Agen \
    email=jeanne.visiteuse@example.org delai=0)"
check "standards: a line for an individual" "$(s_line "$fi_" "Demi-journée en open space" 2 C62 "8,00" 0 coworking)" "303"
check "standards: the individual's invoice is issued" "$(s_issue "$fi_")" "303"
fetch "$fi_" 04-franchise-staff-individual
fcn="$(s_credit "$fi_")"
check "standards: the credit note of the individual's invoice is issued" "$([ -n "$fcn" ] && echo id)" "id"
fetch "$fcn" 05-franchise-credit-note-individual
fcn2="$(s_credit "$fc")"
fetch "$fcn2" 06-franchise-credit-note-company

# Allowances and charges (BG-20/21/27/28) under the franchise: a line allowance by percentage,
# a document allowance and a charge, all at 0 % (category E); then its credit note.
fa="$(s_draft professionnel=1 "nom=Atelier Remise SARL $RUN" siren=732829320 tva_client=FR44732829320 \
    "adresse=3 quai de la Garonne" code_postal=47000 ville=Agen email=compta@atelier-remise.example delai=30)"
s_line "$fa" "Salle de réunion" "3,5" HUR "25,00" 0 room >/dev/null
s_line "$fa" "Demi-journée en open space" 4 C62 "8,00" 0 coworking >/dev/null
check "standards: a line allowance of 10 % (franchise)" \
    "$(s_ac "$fa" porte_sur="$(first_line "$fa")" type=remise "motif=Fidélité" code=95 pourcentage=10)" "303"
check "standards: a document allowance (franchise)" \
    "$(s_ac "$fa" porte_sur=document type=remise "motif=Geste commercial" code=100 montant=5,00 tva=0)" "303"
check "standards: a document charge (franchise)" \
    "$(s_ac "$fa" porte_sur=document type=frais "motif=Ménage après l’événement" code=CG montant=15 tva=0)" "303"
check "standards: a negative amount is refused with a French message (422)" \
    "$(s_ac "$fa" porte_sur=document type=remise motif=Essai montant=-3 tva=0):$(grep -c 'sans signe' "$SDIR/last.html")" "422:1"
check "standards: a percentage above 100 is refused (422)" \
    "$(s_ac "$fa" porte_sur=document type=remise motif=Essai pourcentage=150 tva=0):$(grep -c 'ne dépasse pas 100' "$SDIR/last.html")" "422:1"
check "standards: an allowance above its line is refused (422)" \
    "$(s_ac "$fa" porte_sur="$(first_line "$fa")" type=remise motif=Essai montant=500):$(grep -c 'dépasse le montant de la ligne' "$SDIR/last.html")" "422:1"
check "standards: a VAT rate on an allowance under the franchise is refused (422)" \
    "$(s_ac "$fa" porte_sur=document type=remise motif=Essai montant=1 tva=2000)" "422"
check "standards: a charge code on an allowance is refused (422)" \
    "$(s_ac "$fa" porte_sur=document type=remise motif=Essai code=CG montant=1 tva=0):$(grep -c 'pas un motif de remise' "$SDIR/last.html")" "422:1"
check "standards: a line of another document is refused (422)" \
    "$(s_ac "$fa" porte_sur="$(first_line "$fc")" type=remise motif=Essai montant=1):$(grep -c 'l’une de ses lignes' "$SDIR/last.html")" "422:1"
check "standards: an amount and a percentage together are refused (422)" \
    "$(s_ac "$fa" porte_sur=document type=frais motif=Essai montant=1 pourcentage=5 tva=0)" "422"
check "standards: a forged type is refused (422), never a 500" \
    "$(s_ac "$fa" porte_sur=document type=rabais motif=Essai montant=1 tva=0)" "422"
check "standards: a charge added then removed" \
    "$(s_ac "$fa" porte_sur=document type=frais motif=Provisoire montant=2 tva=0):$(s_post "/admin/factures/$fa/remises/d$(sql -c "SELECT id FROM invoice_allowance_charge WHERE invoice_id = $fa AND reason = 'Provisoire'")/supprimer" | cut -d' ' -f1):$(sql -c "SELECT count(*) FROM invoice_allowance_charge WHERE invoice_id = $fa AND reason = 'Provisoire'")" "303:303:0"
check "standards: removing an unknown allowance is a 404" \
    "$(s_post "/admin/factures/$fa/remises/l987654321/supprimer" | cut -d' ' -f1)" "404"
check "standards: the draft with allowances and a charge is issued" "$(s_issue "$fa")" "303"
# 87,50 − 8,75 + 32,00 = 110,75 (BT-106); − 5,00 + 15,00 = 120,75 (BT-109); no VAT.
check "totals in the database: net, VAT, gross (franchise, allowances and charge)" \
    "$(sql -c "SELECT net_cents, vat_cents, gross_cents FROM invoice WHERE id = $fa")" "12075|0|12075"
check "an issued document's allowances cannot change (FTI08)" \
    "$(s_post "/admin/factures/$fa/remises" porte_sur=document type=remise motif=Tard montant=1 tva=0 | cut -d' ' -f1)" "409"
refused "an issued document's allowance cannot be deleted in SQL" FTI08 \
    <<<"DELETE FROM invoice_allowance_charge WHERE invoice_id = $fa;"
refused "an issued document's line allowance cannot be changed in SQL" FTI08 \
    <<<"UPDATE invoice_line_allowance_charge a SET amount_cents = 1 FROM invoice_line l WHERE l.id = a.line_id AND l.invoice_id = $fa;"
fetch "$fa" 08-franchise-staff-allowances
fan="$(s_credit "$fa")"
check "the credit note copies the allowances and charges (same gross)" \
    "$(sql -c "SELECT c.gross_cents = i.gross_cents, (SELECT count(*) FROM invoice_allowance_charge WHERE invoice_id = c.id) FROM invoice c JOIN invoice i ON i.id = c.corrects_id WHERE c.id = ${fan:-0}")" "t|2"
fetch "$fan" 09-franchise-credit-note-allowances

# A member on a SEPA mandate (the demo's coworker): the invoice states the direct debit.
sepa="$(sql -c "SELECT i.id FROM invoice i JOIN sepa_mandate m ON m.person_id = i.person_id AND m.organisation_id = i.organisation_id AND m.status = 'active' WHERE i.organisation_id = 1 AND i.status <> 'draft' AND i.kind = 'invoice' ORDER BY i.id DESC LIMIT 1")"
if [ -n "$sepa" ]; then fetch "$sepa" 07-franchise-sepa-mandate; else fail "standards: an invoice of a member on a mandate"; fi

# ---- 2. a VAT-registered association, with the option for VAT on debits ---------------------------
sql -c "UPDATE organisation SET vat_status = 'assujetti', vat_number = 'FR11123456782', vat_on_debits = true WHERE id = 1" >/dev/null
vc="$(s_draft professionnel=1 "nom=Conseil Garonne SARL $RUN" siren=732829320 tva_client=FR44732829320 \
    "adresse=3 quai de la Garonne" code_postal=47000 ville=Agen email=compta@conseil-garonne.example delai=30)"
s_line "$vc" "Salle de réunion" "3,5" HUR "25,00" 2000 room >/dev/null
s_line "$vc" "Bureau privatif" 1 MON "300,00" 2000 office >/dev/null
s_line "$vc" "Petit-déjeuner d’accueil" 12 C62 "4,50" 1000 other >/dev/null
check "standards: VAT-registered, company, three lines at 20 % and 10 %: issued" "$(s_issue "$vc")" "303"
fetch "$vc" 11-vat-debits-staff-company
sql -c "UPDATE organisation SET vat_on_debits = false WHERE id = 1" >/dev/null
vi="$(s_draft "nom=Jeanne Visiteuse $RUN" "adresse=9 rue des Cornières" code_postal=47000 ville=Agen \
    email=jeanne.visiteuse@example.org delai=0)"
s_line "$vi" "Demi-journée en open space" 2 C62 "8,00" 2000 coworking >/dev/null
check "standards: VAT-registered, individual: issued" "$(s_issue "$vi")" "303"
fetch "$vi" 12-vat-staff-individual
vcn="$(s_credit "$vc")"
fetch "$vcn" 13-vat-credit-note-company
# Allowances and charges with VAT: lines at 20 % and 10 %, a line allowance by amount, a line
# charge, a document allowance at 20 % and a document charge at 10 %; then its credit note.
va="$(s_draft professionnel=1 "nom=Atelier Remise SARL $RUN" siren=732829320 tva_client=FR44732829320 \
    "adresse=3 quai de la Garonne" code_postal=47000 ville=Agen email=compta@atelier-remise.example delai=30)"
s_line "$va" "Bureau privatif" 1 MON "300,00" 2000 office >/dev/null
s_line "$va" "Petit-déjeuner d’accueil" 12 C62 "4,50" 1000 other >/dev/null
check "standards: a line allowance of 30,00 € (VAT)" \
    "$(s_ac "$va" porte_sur="$(first_line "$va")" type=remise "motif=Remise de bienvenue" code=95 montant=30)" "303"
check "standards: a line charge (VAT)" \
    "$(s_ac "$va" porte_sur="$(sql -c "SELECT id FROM invoice_line WHERE invoice_id = $va ORDER BY position DESC, id DESC LIMIT 1")" type=frais "motif=Livraison" code=DL montant=6)" "303"
check "standards: a document allowance of 5 % at 20 % (VAT)" \
    "$(s_ac "$va" porte_sur=document type=remise "motif=Remise annuelle" code=105 pourcentage=5 tva=2000)" "303"
check "standards: a document charge at 10 % (VAT)" \
    "$(s_ac "$va" porte_sur=document type=frais "motif=Nettoyage" code=CG montant=12,50 tva=1000)" "303"
check "standards: VAT-registered, allowances and charges: issued" "$(s_issue "$va")" "303"
# 20 %: 300 − 30 = 270, − 5 % (13,50) = 256,50 → VAT 51,30; 10 %: 54 + 6 = 60, + 12,50 = 72,50
# → VAT 7,25; net 329,00, VAT 58,55, gross 387,55.
check "totals in the database: net, VAT, gross (VAT, allowances and charges)" \
    "$(sql -c "SELECT net_cents, vat_cents, gross_cents FROM invoice WHERE id = $va")" "32900|5855|38755"
fetch "$va" 15-vat-staff-allowances
page="$("${S_CURL[@]}" -o "$SDIR/va.html" -w '%{http_code}' "$FONTAINE_URL/admin/factures/$va")"
check "the staff page of a document with allowances shows them" \
    "$page:$(grep -c 'Total des lignes HT' "$SDIR/va.html"):$(grep -c 'Remise « Remise de bienvenue »' "$SDIR/va.html")" "200:1:1"
tok="$(sql -c "SELECT public_token FROM invoice WHERE id = $va")"
check "the customer's page shows them too" \
    "$(curl -sS "$FONTAINE_URL/factures/$tok" | grep -c 'Remise « Remise annuelle »')" "1"
"$CTL" -c "$FONTAINE_CONFIG" verify >/dev/null && ok "fontaine-invoicectl verify: the chain holds with allowances" \
    || fail "fontaine-invoicectl verify: the chain holds with allowances"
van="$(s_credit "$va")"
fetch "$van" 16-vat-credit-note-allowances
check "the hash chain verifies with documents that have allowances" \
    "$(sql -c "SELECT ok FROM invoice_chain_verify()")" "t"

sql -v run="$RUN" >/dev/null <<'SQL'
INSERT INTO person (email, first_name, last_name, profile, status, billing_street, billing_postcode, billing_city)
VALUES ('std.tva.' || :'run' || '@example.org', 'Ali', 'Membre', 'independant', 'pending', '1 place Wilson', '47000', 'Agen');
INSERT INTO membership (person_id, starts_on, ends_on, fee_cents)
SELECT id, date_trunc('year', paris_today())::date, (date_trunc('year', paris_today()) + interval '1 year - 1 day')::date, 2000
FROM person WHERE email = 'std.tva.' || :'run' || '@example.org';
SQL
"$CTL" -c "$FONTAINE_CONFIG" run "$month" >/dev/null && "$CTL" -c "$FONTAINE_CONFIG" issue-drafts "$month" >/dev/null \
    || fail "standards: VAT-registered monthly run"
fetch "$(sql -c "SELECT i.id FROM invoice i JOIN person p ON p.id = i.person_id WHERE p.email = 'std.tva.$RUN@example.org' AND i.status <> 'draft'")" \
    14-vat-run-individual
restore_org

# ---- what the fixes say, read in the documents --------------------------------------------------
X="$SDIR/xml"
xp() { xmllint --xpath "$2" "$X/$1.xml" 2>/dev/null; }
check "BT-23: the business process is S1 (services)" \
    "$(xp 03-franchise-staff-company "string(//*[local-name()='BusinessProcessSpecifiedDocumentContextParameter']/*[local-name()='ID'])")" "S1"
check "BT-49: a company is addressed by its SIREN, scheme 0225" \
    "$(xp 03-franchise-staff-company "string(//*[local-name()='BuyerTradeParty']/*[local-name()='URIUniversalCommunication']/*[local-name()='URIID'][@schemeID='0225'])")" "732829320"
check "BT-49: an individual by e-mail (EM)" \
    "$(xp 04-franchise-staff-individual "string(//*[local-name()='BuyerTradeParty']/*[local-name()='URIUniversalCommunication']/*[local-name()='URIID'][@schemeID='EM'])")" "jeanne.visiteuse@example.org"
check "BT-48: the buyer's VAT number entered by staff" \
    "$(xp 03-franchise-staff-company "string(//*[local-name()='BuyerTradeParty']/*[local-name()='SpecifiedTaxRegistration']/*[local-name()='ID'][@schemeID='VA'])")" "FR44732829320"
check "BT-32: no SIREN declared as tax registration (FC)" \
    "$(xp 03-franchise-staff-company "count(//*[local-name()='SellerTradeParty']/*[local-name()='SpecifiedTaxRegistration']/*[local-name()='ID'][@schemeID='FC'])")" "0"
check "BR-FR-05: PMD and PMT notes for an individual too" \
    "$(xp 04-franchise-staff-individual "count(//*[local-name()='IncludedNote'][*[local-name()='SubjectCode']='PMD' or *[local-name()='SubjectCode']='PMT'])")" "2"
check "BT-72: the delivery date is written" \
    "$(xp 04-franchise-staff-individual "count(//*[local-name()='ApplicableHeaderTradeDelivery']/*[local-name()='ActualDeliverySupplyChainEvent']/*[local-name()='OccurrenceDateTime'])")" "1"
check "BT-8: VAT on debits (code 5) when chosen" \
    "$(xp 11-vat-debits-staff-company "string((//*[local-name()='ApplicableHeaderTradeSettlement']/*[local-name()='ApplicableTradeTax']/*[local-name()='DueDateTypeCode'])[1])")" "5"
check "BT-8: nothing when not chosen" \
    "$(xp 12-vat-staff-individual "count(//*[local-name()='DueDateTypeCode'])")" "0"
pdftotext -layout "$SDIR/pdf/03-franchise-staff-company.pdf" "$SDIR/03.txt" 2>/dev/null
grep -qE "3,5( |$(printf '\302\240'))h" "$SDIR/03.txt" && ok "the PDF prints the unit of quantity (3,5 h)" \
    || fail "the PDF prints the unit of quantity (3,5 h)" "$(grep -m1 "Salle" "$SDIR/03.txt")"
pdftotext -layout "$SDIR/pdf/11-vat-debits-staff-company.pdf" "$SDIR/11.txt" 2>/dev/null
grep -q "d’après les débits" "$SDIR/11.txt" && ok "the PDF states the option for VAT on debits" \
    || fail "the PDF states the option for VAT on debits"

check "BG-27: the line allowance in the line's settlement, 10 % of 87,50" \
    "$(xp 08-franchise-staff-allowances "concat(string((//*[local-name()='SpecifiedLineTradeSettlement']/*[local-name()='SpecifiedTradeAllowanceCharge']/*[local-name()='ActualAmount'])[1]), '/', string((//*[local-name()='SpecifiedLineTradeSettlement']/*[local-name()='SpecifiedTradeAllowanceCharge']/*[local-name()='CalculationPercent'])[1]))")" "8.75/10.00"
check "BT-107/BT-108: allowance and charge totals in the summation" \
    "$(xp 15-vat-staff-allowances "concat(string(//*[local-name()='AllowanceTotalAmount']), '/', string(//*[local-name()='ChargeTotalAmount']), '/', string(//*[local-name()='TaxBasisTotalAmount']))")" "13.50/12.50/329.00"
pdftotext -layout "$SDIR/pdf/15-vat-staff-allowances.pdf" "$SDIR/15.txt" 2>/dev/null
grep -q "Remises et frais" "$SDIR/15.txt" && grep -q "Remise « Remise de bienvenue » : -30,00" "$SDIR/15.txt" \
    && ok "the PDF shows the line allowance and the block « Remises et frais »" \
    || fail "the PDF shows the line allowance and the block « Remises et frais »" "$(grep -m3 -i "remise" "$SDIR/15.txt")"

# ---- the judges ---------------------------------------------------------------------------------
n_docs=$(ls "$X"/*.xml | wc -l)
for f in "$X"/*.xml; do
    b="$(basename "$f" .xml)"
    if out="$(xmllint --noout --schema "$STD/en16931/Factur-X_EN16931.xsd" "$f" 2>&1)"; then
        ok "XSD Factur-X EN16931: $b"
    else
        fail "XSD Factur-X EN16931: $b" "$(grep -v validates <<<"$out" | head -5)"
    fi
done
SCH="$STD/schematron"
sax_t0=$(date +%s)
java -cp "$SAXON_JAR" net.sf.saxon.Transform -it -xsl:"$(dirname "${BASH_SOURCE[0]}")/schematrons.xsl" \
    dir="file://$X" \
    "schematrons=file://$SCH/EN16931-CII-validation.xslt file://$SCH/Factur-X_1.09_EN16931.xsl file://$SCH/BR-FR-Flux2-Schematron-CII.xslt" \
    >"$SDIR/svrl.txt" 2>"$SDIR/saxon.err"
sax_rc=$?
sax_t=$(( $(date +%s) - sax_t0 ))
check "Saxon ran the three schematrons on $n_docs documents in one JVM (${sax_t} s)" \
    "$sax_rc:$(grep -c '^DOC ' "$SDIR/svrl.txt")" "0:$((3 * n_docs))"
[ "$sax_rc" = 0 ] || head -5 "$SDIR/saxon.err" | sed 's/^/#   /'
while read -r _ doc sch fired; do
    findings="$(grep -E "^(ERROR|WARNING) $doc $sch " "$SDIR/svrl.txt")"
    if [ -z "$findings" ] && [ "$fired" -gt 0 ]; then
        ok "$sch: ${doc%.xml}: 0 errors, 0 warnings ($fired rules fired)"
    else
        fail "$sch: ${doc%.xml}: $(grep -c '^ERROR' <<<"$findings") error(s), $(grep -c '^WARNING' <<<"$findings") warning(s), $fired rules fired" \
            "$(cut -d' ' -f1,4- <<<"$findings" | cut -c1-400 | head -8 | sed '2,$s/^/#   /')"
    fi
done < <(grep '^DOC ' "$SDIR/svrl.txt")
echo "# standards: $n_docs documents, XSD and 3 schematrons in $(( $(date +%s) - std_t0 )) s (Saxon ${sax_t} s)"

# ---- the SEPA creditor identifier (ICS) and the demo mandate ---------------------------------------
check "ics_ok: the test ICS FR72ZZZ123456 holds, the former default FR12ZZZ123456 does not" \
    "$(sql -c "SELECT ics_ok('FR72ZZZ123456'), ics_ok('FR12ZZZ123456'), ics_ok('FR72ZZZ123457')" )" "t|f|f"
refused "an ICS whose check digits fail cannot be saved" 23514 \
    <<<"UPDATE app_setting SET value = 'FR12ZZZ123456' WHERE key = 'sepa_creditor_id';"
check "the ICS in use is valid" "$(sql -c "SELECT ics_ok(value) FROM app_setting WHERE key = 'sepa_creditor_id'")" "t"
check "no mandate debits the creditor's own account" \
    "$(sql -c "SELECT count(*) FROM sepa_mandate m WHERE m.iban = (SELECT replace(value, ' ', '') FROM app_setting WHERE key = 'invoice_iban')")" "0"
