# tests/invoice/frozen.sh: issued means frozen (schema/0022), sourced by run.sh (its helpers
# sql, sql_as, check, refused, ok, fail, draft, $CTL, $RUN). A draft issued by the command
# (issue-drafts) has its PDF and XML stored at issue and its seal is the chain's next link;
# tampering the stored bytes, as the database owner with the triggers off, is found by the
# verification in SQL and in C, and restored bytes verify again; `freeze` stores the files of
# documents issued without them (by SQL here, as before 0022), outside the chain.

# A draft of a monthly run far in the past (its own month: issue-drafts issues only it).
fm="2001-01"
fd="$(draft "Gelée $RUN" 4200)"
sql -c "UPDATE invoice SET run_month = '$fm-01' WHERE id = $fd" >/dev/null
out="$("$CTL" -c "$FONTAINE_CONFIG" issue-drafts "$fm")"; rc=$?
check "issue-drafts issues the month's draft (rendered in C, stored in its transaction)" "$rc:$out" "0:issue-drafts $fm: 1 issued, 0 left as drafts"
fnum="$(sql -c "SELECT number FROM invoice WHERE id = $fd")"
check "its PDF and XML are stored at issue, with their SHA-256" \
    "$(sql -c "SELECT at_issue, pdf_sha256 = encode(digest(pdf, 'sha256'), 'hex'), xml_sha256 = encode(digest(xml, 'sha256'), 'hex'), substr(convert_from(substr(pdf, 1, 5), 'UTF8'), 1, 5), position('<rsm:CrossIndustryInvoice' IN convert_from(xml, 'UTF8')) > 0 FROM invoice_frozen WHERE invoice_id = $fd")" \
    "t|t|t|%PDF-|t"
check "the seal covers the document hash and both files, and heads the chain" \
    "$(sql -c "SELECT f.seal = invoice_hash(i.hash, 'pdf|' || f.pdf_sha256 || E'\n' || 'xml|' || f.xml_sha256 || E'\n') AND h.last_hash = f.seal FROM invoice_frozen f JOIN invoice i ON i.id = f.invoice_id, invoice_chain h WHERE h.id = i.organisation_id AND f.invoice_id = $fd")" "t"
fn="$(draft "Après la gelée $RUN" 100)"
sql -c "SELECT invoice_issue($fn, NULL)" >/dev/null
check "the next document is chained to the seal" \
    "$(sql -c "SELECT n.prev_hash = f.seal FROM invoice n, invoice_frozen f WHERE n.id = $fn AND f.invoice_id = $fd")" "t"
out="$("$CTL" -c "$FONTAINE_CONFIG" verify)"; rc=$?
check "verify: exit 0 with the stored files" "$rc:${out%%:*}" "0:OK"
check "verify (SQL) too" "$(sql -c "SELECT ok FROM invoice_chain_verify()")" "t"

out="$(sql_as fontaine_invoice -c "UPDATE invoice_frozen SET pdf = pdf WHERE invoice_id = $fd" 2>&1)" \
    && fail "the program's role cannot rewrite stored files" "$out" || ok "the program's role cannot rewrite stored files"
refused "stored files are append-only, even for the owner" FTI08 <<<"UPDATE invoice_frozen SET pdf = pdf WHERE invoice_id = $fd;"
refused "a draft is not frozen" FTI30 <<<"SELECT invoice_freeze($(draft "Brouillon $RUN" 100), '\\x01', '\\x01');"
check "freezing again keeps the first bytes" "$(sql -c "SELECT invoice_freeze($fd, '\\x01', '\\x01'), (SELECT length(pdf) > 1 FROM invoice_frozen WHERE invoice_id = $fd)")" "f|t"

# Tampered bytes (as the owner, triggers off): found, then restored.
sql -c "SET session_replication_role = replica; UPDATE invoice_frozen SET pdf = pdf || '\\x0a'::bytea WHERE invoice_id = $fd;" >/dev/null
check "a tampered stored PDF: verify (SQL) names the document" "$(sql -c "SELECT ok, broken FROM invoice_chain_verify()")" "f|$fnum"
out="$("$CTL" -c "$FONTAINE_CONFIG" verify)"; rc=$?
check "a tampered stored PDF: fontaine-invoicectl verify exits 1 and names it" "$rc:$(grep -o "BROKEN at [^:]*" <<<"$out")" "1:BROKEN at $fnum"
sql -c "SET session_replication_role = replica; UPDATE invoice_frozen SET pdf = substr(pdf, 1, length(pdf) - 1) WHERE invoice_id = $fd;" >/dev/null
out="$("$CTL" -c "$FONTAINE_CONFIG" verify)"; rc=$?
check "restored PDF: verify OK" "$rc:${out%%:*}" "0:OK"
# Bytes and their SHA-256 rewritten together: the seal no longer matches.
sql -c "SET session_replication_role = replica; CREATE TABLE frozen_keep_$RUN AS SELECT xml, xml_sha256 FROM invoice_frozen WHERE invoice_id = $fd;
        UPDATE invoice_frozen SET xml = convert_to(replace(convert_from(xml, 'UTF8'), '42.00', '4.20'), 'UTF8') WHERE invoice_id = $fd;
        UPDATE invoice_frozen SET xml_sha256 = encode(digest(xml, 'sha256'), 'hex') WHERE invoice_id = $fd;" >/dev/null
out="$("$CTL" -c "$FONTAINE_CONFIG" verify)"; rc=$?
check "an XML rewritten with its own SHA-256: the seal finds it" "$rc:$(grep -o "BROKEN at [^:]*" <<<"$out")" "1:BROKEN at $fnum"
check "and so does verify (SQL)" "$(sql -c "SELECT ok, broken FROM invoice_chain_verify()")" "f|$fnum"
sql -c "SET session_replication_role = replica; UPDATE invoice_frozen f SET xml = k.xml, xml_sha256 = k.xml_sha256 FROM frozen_keep_$RUN k WHERE f.invoice_id = $fd;
        DROP TABLE frozen_keep_$RUN;" >/dev/null
out="$("$CTL" -c "$FONTAINE_CONFIG" verify)"; rc=$?
check "restored XML: verify OK" "$rc:${out%%:*}" "0:OK"

# Documents issued without files (by SQL: the demo data, this tier): frozen by the command, late.
out="$("$CTL" -c "$FONTAINE_CONFIG" freeze)"; rc=$?
check "freeze stores every issued document's files" "$rc:$(sql -c "SELECT count(*) FROM invoice i WHERE status <> 'draft' AND NOT EXISTS (SELECT 1 FROM invoice_frozen f WHERE f.invoice_id = i.id)")" "0:0"
check "a document frozen late is outside the chain" "$(sql -c "SELECT at_issue FROM invoice_frozen WHERE invoice_id = $fn")" "f"
out="$("$CTL" -c "$FONTAINE_CONFIG" verify)"; rc=$?
check "verify OK after freeze, and says how many were stored after issue" "$rc:${out%%:*}:$(grep -c "stored after issue" <<<"$out")" "0:OK:1"
