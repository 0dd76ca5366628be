# tests/invoice/fec.sh: the FEC (art. A47 A-1 LPF) of documents and payments made through the
# staff pages, judged by the independent checker fec_check.py (sourced by run.sh after
# standards.sh: uses s_post, S_CURL, s_draft, s_line, s_issue, s_credit, and ok, fail, check,
# sql, $RUN, $TMP).
#
#   a company without an account: an invoice cancelled by a credit note, a second invoice paid
#   by a transfer dated the day before it; one auxiliary account for all of it; the invoice
#   and its credit note lettered together, the second invoice with its payment; the payment's
#   entry before the later invoice's, numbers continuous across the sales and bank journals.

FDIR="$TMP/fec"
mkdir -p "$FDIR"
CHECK="$(dirname "${BASH_SOURCE[0]}")/fec_check.py"
year="$(date +%Y)"
before="$(sql -c "SELECT CASE WHEN extract(year FROM paris_today() - 1) = extract(year FROM paris_today()) THEN to_char(paris_today() - 1, 'YYYY-MM-DD') ELSE to_char(paris_today(), 'YYYY-MM-DD') END")"
company=(professionnel=1 "nom=Fec Conseil $RUN" siren=443061841 "adresse=3 boulevard de la République" \
         code_postal=47000 ville=Agen email=compta@fec-conseil.example delai=30)
fa="$(s_draft "${company[@]}")"; s_line "$fa" "Salle de réunion" 4 HUR "25,00" 0 room >/dev/null; s_issue "$fa" >/dev/null
fcn="$(s_credit "$fa")"
fb="$(s_draft "${company[@]}")"; s_line "$fb" "Demi-journée" 5 C62 "10,00" 0 coworking >/dev/null; s_issue "$fb" >/dev/null
check "a payment of the second invoice, dated $before" \
    "$(s_post "/admin/factures/$fb/paiements" "date=$before" "montant=50,00" mode=virement "reference=VIR FEC $RUN" | cut -d' ' -f1)" "303"
na="$(sql -c "SELECT number FROM invoice WHERE id = $fa")"
ncn="$(sql -c "SELECT number FROM invoice WHERE id = ${fcn:-0}")"
nb="$(sql -c "SELECT number FROM invoice WHERE id = $fb")"
code="$("${S_CURL[@]}" -o "$FDIR/fec.txt" -w '%{http_code}' "$FONTAINE_URL/admin/factures/fec?annee=$year")"
check "the FEC of $year is served" "$code" "200"
if out="$(python3 "$CHECK" "$FDIR/fec.txt")"; then
    ok "the FEC passes the A47 A-1 checker ($(tail -1 <<<"$out"))"
else
    fail "the FEC passes the A47 A-1 checker" "$(head -8 <<<"$out" | sed '2,$s/^/#   /')"
fi
# The scenario's 411 lines: PieceRef, EcritureNum, CompAuxNum, EcritureLet, DateLet, debit, credit.
iconv -f ISO-8859-15 -t UTF-8 "$FDIR/fec.txt" | tr -d '\r' |
    awk -F'\t' -v a="$na" -v c="$ncn" -v b="$nb" '$5 == "411" && ($9 == a || $9 == c || $9 == b) { print $9 "|" $1 "|" $3 "|" $7 "|" $14 "|" $15 }' >"$FDIR/mine.txt"
check "four 411 lines: the invoice, the credit note, the second invoice, its payment" "$(wc -l <"$FDIR/mine.txt")" "4"
check "one auxiliary account for the customer" "$(cut -d'|' -f4 "$FDIR/mine.txt" | sort -u)" "CS443061841"
let_a="$(awk -F'|' -v n="$na" '$1 == n { print $5 }' "$FDIR/mine.txt")"
let_c="$(awk -F'|' -v n="$ncn" '$1 == n { print $5 }' "$FDIR/mine.txt")"
[ -n "$let_a" ] && [ "$let_a" = "$let_c" ] && ok "the invoice and its credit note are lettered together ($let_a)" \
    || fail "the invoice and its credit note are lettered together" "$(cat "$FDIR/mine.txt")"
check "the second invoice and its payment share one other letter, dated by the later movement" \
    "$(awk -F'|' -v n="$nb" '$1 == n { print $2 ":" $5 ":" $6 }' "$FDIR/mine.txt" | sort | tr '\n' ' ')" \
    "BQ:$(awk -F'|' -v n="$nb" '$1 == n && $2 == "VE" { print $5 }' "$FDIR/mine.txt"):$(date +%Y%m%d) VE:$(awk -F'|' -v n="$nb" '$1 == n && $2 == "VE" { print $5 }' "$FDIR/mine.txt"):$(date +%Y%m%d) "
[ "$(awk -F'|' -v n="$nb" '$1 == n && $2 == "VE" { print $5 }' "$FDIR/mine.txt")" != "$let_a" ] \
    || fail "two groups, two letters"
pay_num="$(awk -F'|' -v n="$nb" '$1 == n && $2 == "BQ" { print $3 }' "$FDIR/mine.txt")"
inv_num="$(awk -F'|' -v n="$nb" '$1 == n && $2 == "VE" { print $3 }' "$FDIR/mine.txt")"
if [ "$before" \< "$(date +%F)" ]; then
    [ "$pay_num" \< "$inv_num" ] && ok "the payment of $before comes before the later invoice ($pay_num < $inv_num)" \
        || fail "chronological order" "payment $pay_num, invoice $inv_num"
fi
# The checker is a judge: a broken file is caught.
iconv -f ISO-8859-15 -t UTF-8 "$FDIR/fec.txt" | awk -F'\t' 'BEGIN { OFS = "\t" } NR == 2 { $12 = "1,00"; $13 = "0,00" } { print }' |
    iconv -f UTF-8 -t ISO-8859-15 >"$FDIR/bad.txt"
python3 "$CHECK" "$FDIR/bad.txt" >/dev/null && fail "the checker catches an unbalanced entry" || ok "the checker catches an unbalanced entry"
# The last entry's line moved to the top: out of order and numbers no longer continuous.
{ head -n 1 "$FDIR/fec.txt"; tail -n 1 "$FDIR/fec.txt"; sed '1d;$d' "$FDIR/fec.txt"; } >"$FDIR/moved.txt"
python3 "$CHECK" "$FDIR/moved.txt" >"$FDIR/moved.out" && fail "the checker catches an entry out of order" \
    || { grep -q "continuity\|not contiguous" "$FDIR/moved.out" && ok "the checker catches an entry out of order" \
         || fail "the checker catches an entry out of order" "$(head -3 "$FDIR/moved.out")"; }
