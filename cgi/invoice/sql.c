/* sql.c: every SQL statement of the invoice program and of fontaine-invoicectl. The rules
 * (numbers, hash chain, immutability, balances) live in schema/0009_invoicing.sql: these
 * statements only call them. Dates travel as "YYYY-MM-DD" text ("" for none). */
#include "invoice.h"

#define D(x) "coalesce(to_char(" x ", 'YYYY-MM-DD'), '')"
/* An invoicing setting of organisation `org` (schema/0033: app_setting for organisation 1), read
 * as organisation_setting_get() reads it, in the statement itself: three calls of that function
 * were a third of the customer page's statement. */
#define SETTING(org, k) \
	"coalesce((SELECT st.value FROM organisation_setting st WHERE st.organisation_id = " org \
	" AND st.key = '" k "'), (SELECT ap.value FROM app_setting ap WHERE " org " = 1 AND ap.key = '" k "'), '')"
/* The columns of enum DH_* over invoice i and organisation o (the seller: the snapshot once
 * issued, the organisation as it is for a draft). */
#define DOC_COLS \
	"SELECT i.id, i.kind, i.status, coalesce(i.number, ''), coalesce(c.number, ''), " \
	D("c.issue_date") ", " D("i.issue_date") ", " D("i.due_date") ", " \
	D("i.service_start") ", " D("i.service_end") ", i.payment_days, i.customer_business, " \
	"i.customer_name, coalesce(i.customer_street, ''), coalesce(i.customer_postcode, ''), " \
	"coalesce(i.customer_city, ''), i.customer_country, coalesce(i.customer_siren, ''), " \
	"coalesce(i.customer_email, ''), coalesce(i.seller_name, o.legal_name), " \
	"coalesce(i.seller_street, o.street), coalesce(i.seller_postcode, o.postcode), " \
	"coalesce(i.seller_city, o.city), coalesce(i.seller_siren, o.siren, ''), " \
	"coalesce(i.seller_siret, o.siret, ''), coalesce(i.seller_rna, o.rna, ''), " \
	"coalesce(i.seller_vat_status, o.vat_status), coalesce(i.seller_vat_number, o.vat_number, ''), " \
	"coalesce(i.seller_email, o.email), i.paid_cents, coalesce(i.hash, ''), i.public_token, " \
	SETTING("i.organisation_id", "invoice_iban") ", " SETTING("i.organisation_id", "invoice_bic") ", coalesce(i.person_id::text, ''), " \
	"coalesce(i.gross_cents, 0), coalesce(i.corrects_id::text, ''), coalesce(i.customer_vat_number, ''), " \
	"coalesce(i.seller_vat_on_debits, o.vat_status = 'assujetti' AND o.vat_on_debits), " \
	"coalesce(m.rum, ''), coalesce(m.iban, ''), " SETTING("i.organisation_id", "sepa_creditor_id") " " \
	"FROM invoice i JOIN organisation o ON o.id = i.organisation_id LEFT JOIN invoice c ON c.id = i.corrects_id " \
	"LEFT JOIN LATERAL (SELECT rum, iban FROM sepa_mandate sm WHERE sm.person_id = i.person_id AND sm.organisation_id = i.organisation_id " \
	"AND sm.status = 'active' ORDER BY sm.signed_on DESC, sm.id DESC LIMIT 1) m ON i.kind = 'invoice' "

/* An open invoice's total: stored once issued, from the lines (net of their allowances and
 * charges, with the document's, schema/0023 invoice_sales) for a draft. */
#define GROSS "coalesce(i.gross_cents, (SELECT coalesce(sum(l.net_cents), 0) FROM invoice_sales l WHERE l.invoice_id = i.id))"

/* The lines of document inv (an SQL expression), then its line-level
 * allowances and charges ('L', line by line) and its document-level ones ('D'): the columns of
 * enum DL_* (an allowance's reason in DL_DESCRIPTION, its VAT rate in DL_VAT: its line's, or
 * its own). */
#define DOC_LINES_OF(inv) \
	"SELECT description, quantity_milli, unit_code, unit_price_cents, vat_rate_bp, s, e, net_cents, id, kind, " \
	"ac_type, ac_line, ac_charge, ac_amount, ac_base, ac_percent, ac_code FROM (" \
	"SELECT description, quantity_milli::text, unit_code, unit_price_cents::text, vat_rate_bp::text, " \
	D("service_start") " AS s, " D("service_end") " AS e, net_cents::text, id::text, kind, " \
	"'' AS ac_type, '' AS ac_line, '' AS ac_charge, '' AS ac_amount, '' AS ac_base, '' AS ac_percent, " \
	"'' AS ac_code, 0 AS g, position AS p, id AS o FROM invoice_line WHERE invoice_id = " inv " " \
	"UNION ALL SELECT a.reason, '', '', '', l.vat_rate_bp::text, '', '', '', a.id::text, l.kind, 'L', l.id::text, " \
	"a.charge::text, a.amount_cents::text, coalesce(a.base_cents::text, ''), coalesce(a.percent_bp::text, ''), " \
	"coalesce(a.reason_code, ''), 1, l.position, a.id FROM invoice_line_allowance_charge a " \
	"JOIN invoice_line l ON l.id = a.line_id WHERE l.invoice_id = " inv " " \
	"UNION ALL SELECT a.reason, '', '', '', a.vat_rate_bp::text, '', '', '', a.id::text, '', 'D', '', " \
	"a.charge::text, a.amount_cents::text, coalesce(a.base_cents::text, ''), coalesce(a.percent_bp::text, ''), " \
	"coalesce(a.reason_code, ''), 2, 0, a.id FROM invoice_allowance_charge a WHERE a.invoice_id = " inv \
	") x ORDER BY g, p, o, ac_line"

const struct db_stmt invoice_stmts[SQL__MAX] = {
	[SQL_DOC_BY_ID] = {"doc_by_id", DOC_COLS "WHERE i.id = $1::bigint", 1, true},
	/* The customer's link shows issued documents only. */
	[SQL_DOC_BY_TOKEN] = {"doc_by_token", DOC_COLS "WHERE i.public_token = $1 AND i.status <> 'draft'", 1, true},
	/* The document's lines (DL_AC_TYPE '') with their allowances and charges (DOC_LINES_OF). */
	[SQL_DOC_LINES] = {"doc_lines", DOC_LINES_OF("$1::bigint"), 1, true},
	/* The same for the issued document of link $1 (SQL_DOC_BY_TOKEN's), so that the customer's
	 * page reads the document and its lines in one round trip. */
	[SQL_DOC_LINES_BY_TOKEN] = {"doc_lines_by_token",
		DOC_LINES_OF("(SELECT t.id FROM invoice t WHERE t.public_token = $1 AND t.status <> 'draft')"),
		1, true},
	/* $1 status ('' all, 'open' = issued or partly paid), $2 kind ('' all), $3 text in the
	 * customer's name or the number, $4 month 'YYYY-MM-01' ('' all: by issue date, or by run
	 * month for drafts), $5 the last draft id of the page before ('' none), $6 the last chain
	 * number of the page before ('' none). id, number, kind, status, customer, issue date, due
	 * date, gross, paid, chain number: LIST_PAGE + 1 rows at most (one more: there is a next
	 * page), drafts first (newest first), then issued documents by chain number, newest first.
	 * Keyset pagination in invoice_list_page() (schema/0031): each branch walks its index
	 * (primary key, chain_seq) from the cursor, planned for the filters given. */
	[SQL_LIST] = {"list",
		"SELECT id, number, kind, status, customer_name, issue_date, due_date, gross_cents, paid_cents, chain_seq "
		"FROM invoice_list_page($1, $2, $3, $4, $5, $6, " LIST_PAGE_SQL ")", 6, true},
	/* $1 business, $2 name, $3 street, $4 postcode, $5 city, $6 siren, $7 email, $8 service
	 * start, $9 service end, $10 payment days, $11 VAT number */
	[SQL_DRAFT_NEW] = {"draft_new",
		"INSERT INTO invoice (customer_business, customer_name, customer_street, customer_postcode, "
		"customer_city, customer_siren, customer_email, service_start, service_end, payment_days, "
		"customer_vat_number) "
		"VALUES ($1::boolean, $2, nullif($3, ''), nullif($4, ''), nullif($5, ''), nullif($6, ''), "
		"nullif($7, ''), nullif($8, '')::date, nullif($9, '')::date, $10::int, nullif($11, '')) RETURNING id", 11, false},
	/* $1 invoice, $2 kind, $3 description, $4 quantity (thousandths), $5 unit, $6 unit price,
	 * $7 VAT bp. The line trigger refuses it unless the invoice is a draft (FTI08). */
	[SQL_LINE_ADD] = {"line_add",
		"INSERT INTO invoice_line (invoice_id, position, kind, description, quantity_milli, unit_code, "
		"unit_price_cents, vat_rate_bp, service_start, service_end) "
		"SELECT $1::bigint, coalesce((SELECT max(position) FROM invoice_line WHERE invoice_id = $1::bigint), 0) + 1, "
		"$2, $3, $4::bigint, $5, $6::bigint, $7::int, i.service_start, i.service_end "
		"FROM invoice i WHERE i.id = $1::bigint RETURNING id", 7, false},
	[SQL_LINE_DELETE] = {"line_delete",
		"DELETE FROM invoice_line WHERE invoice_id = $1::bigint AND id = $2::bigint RETURNING id", 2, false},
	[SQL_DRAFT_DELETE] = {"draft_delete",
		"DELETE FROM invoice WHERE id = $1::bigint AND status = 'draft' RETURNING id", 1, false},
	[SQL_ISSUE] = {"issue", "SELECT invoice_issue($1::bigint, NULL)", 1, false},
	/* Columns PAY_*: date, amount (negative: a reversal), method, reference, id, the payment
	 * a reversal cancels ('' none), its reason, 't' when this payment is reversed */
	[SQL_PAYMENTS] = {"payments",
		"SELECT " D("p.paid_on") ", p.amount_cents, p.method, coalesce(p.reference, ''), p.id, "
		"coalesce(p.reverses_id::text, ''), coalesce(p.reason, ''), "
		"EXISTS (SELECT 1 FROM payment r WHERE r.reverses_id = p.id) FROM payment p "
		"WHERE p.invoice_id = $1::bigint ORDER BY p.paid_on, p.id", 1, true},
	/* $1 invoice, $2 date, $3 cents, $4 method, $5 reference, $6 staff member */
	[SQL_PAYMENT_ADD] = {"payment_add",
		"INSERT INTO payment (invoice_id, paid_on, amount_cents, method, reference, created_by) "
		"VALUES ($1::bigint, $2::date, $3::bigint, $4, nullif($5, ''), $6::bigint) RETURNING id", 6, false},
	[SQL_CREDIT_NOTE] = {"credit_note", "SELECT credit_note_create($1::bigint)", 1, false},
	/* id, number, status of the credit note of an invoice */
	[SQL_CREDIT_NOTE_OF] = {"credit_note_of",
		"SELECT id, coalesce(number, ''), status FROM invoice WHERE corrects_id = $1::bigint", 1, true},
	/* id, number, customer, business, email, issue, due, gross, balance, days late, last level */
	[SQL_OVERDUE] = {"overdue",
		"SELECT id, number, customer_name, customer_business, coalesce(customer_email, ''), "
		D("issue_date") ", " D("due_date") ", gross_cents, balance_cents, days_late, "
		"coalesce(last_level, 0) FROM invoice_overdue ORDER BY due_date, id", 0, true},
	[SQL_REMIND] = {"remind", "SELECT invoice_remind($1::bigint, $2::int, $3)", 3, false},
	[SQL_RUN] = {"run", "SELECT invoice_run($1::date)", 1, false},
	/* drafts of the run's month: count, total; issued from the run: count */
	[SQL_RUN_SUMMARY] = {"run_summary",
		"SELECT count(*) FILTER (WHERE i.status = 'draft'), "
		"coalesce(sum(" GROSS ") FILTER (WHERE i.status = 'draft'), 0), "
		"count(*) FILTER (WHERE i.status <> 'draft') FROM invoice i "
		"WHERE i.organisation_id = (SELECT fontaine_org()) AND i.run_month = $1::date", 1, true},
	[SQL_VERIFY] = {"verify", "SELECT ok, checked, coalesce(broken, ''), coalesce(reason, '') FROM invoice_chain_verify()", 0, true},
	/* What the command re-hashes, in the columns of enum chain_row_col (invoice.h): each
	 * document's canonical text (in one set-wise query, see 0031) and, when its bytes are
	 * stored, the SHA-256 of its PDF and XML as they are now, beside the ones recorded with its
	 * seal. The stored bytes are hashed where they are (sha256(), OpenSSL's), not sent here:
	 * 100,000 documents are 5 GB of PDF. */
	[SQL_CHAIN_ROWS] = {"chain_rows",
		"SELECT i.id, i.number, i.chain_seq, i.prev_hash, i.hash, ca.canonical, "
		"f.invoice_id IS NOT NULL, encode(sha256(f.pdf), 'hex'), encode(sha256(f.xml), 'hex'), "
		"f.pdf_sha256, f.xml_sha256, f.seal, f.at_issue "
		"FROM invoice i LEFT JOIN invoice_frozen f ON f.invoice_id = i.id "
		"LEFT JOIN invoice_canonical_all() ca ON ca.id = i.id "
		"WHERE i.organisation_id = (SELECT fontaine_org()) AND i.status <> 'draft' ORDER BY i.chain_seq", 0, true},
	[SQL_CHAIN_HEAD] = {"chain_head", "SELECT coalesce((SELECT last_seq FROM invoice_chain WHERE id = (SELECT fontaine_org())), 0), "
		"coalesce((SELECT last_hash FROM invoice_chain WHERE id = (SELECT fontaine_org())), repeat('0', 64))", 0, true},
	/* id, kind, start, end, documents, archive sha256, prev hash, hash, closed at (epoch) */
	[SQL_CLOSINGS] = {"closings",
		"SELECT id, kind, " D("period_start") ", " D("period_end") ", doc_count, archive_sha256, "
		"prev_hash, hash, extract(epoch FROM closed_at)::bigint FROM period_closing "
		"WHERE organisation_id = (SELECT fontaine_org()) ORDER BY id", 0, true},
	[SQL_CLOSE] = {"close", "SELECT period_close($1, $2::date)", 2, false},
	/* archive, kind, start, archive sha256, hash */
	[SQL_CLOSING_GET] = {"closing_get",
		"SELECT archive, kind, " D("period_start") ", archive_sha256, hash FROM period_closing "
		"WHERE id = $1::bigint AND organisation_id = (SELECT fontaine_org())", 1, true},
	[SQL_ACCOUNTS] = {"accounts", "SELECT key, code, label FROM account_code", 0, true},
/* The customer's auxiliary account key of invoice i: its account, else its SIREN, else its
 * e-mail, else the invoice (a credit note: the invoice it cancels). One per customer. */
#define CUSTOMER_KEY "coalesce('P' || i.person_id, 'S' || i.customer_siren, 'E' || left(md5(lower(i.customer_email)), 10), " \
	"'F' || coalesce(i.corrects_id, i.id)) "
	/* Issued documents of [$1, $2] with their sales by line kind (schema/0023 invoice_sales: net of allowances and charges, the
	 * document-level ones as kinds allowance and charge): number, kind, issue date,
	 * customer account key, customer, gross, vat, line kind, net of that kind, chain seq,
	 * number of the invoice a credit note cancels ('' none) */
	[SQL_FEC_SALES] = {"fec_sales",
		"SELECT i.number, i.kind, " D("i.issue_date") ", " CUSTOMER_KEY ", "
		"i.customer_name, i.gross_cents, i.vat_cents, l.kind, l.net_cents, i.chain_seq, coalesce(c.number, '') "
		"FROM invoice i JOIN invoice_sales l ON l.invoice_id = i.id LEFT JOIN invoice c ON c.id = i.corrects_id "
		"WHERE i.organisation_id = (SELECT fontaine_org()) AND i.status <> 'draft' "
		"AND i.issue_date BETWEEN $1::date AND $2::date ORDER BY i.chain_seq, l.kind", 2, true},
	/* Payments of [$1, $2]: id, date, amount, method, invoice number, account key, customer, reference */
	[SQL_FEC_PAYMENTS] = {"fec_payments",
		"SELECT p.id, " D("p.paid_on") ", p.amount_cents, p.method, i.number, "
		CUSTOMER_KEY ", i.customer_name, coalesce(p.reference, '') "
		"FROM payment p JOIN invoice i ON i.id = p.invoice_id "
		"WHERE p.organisation_id = (SELECT fontaine_org()) AND p.paid_on BETWEEN $1::date AND $2::date "
		"ORDER BY p.paid_on, p.id", 2, true},
	/* number, kind, issue date, due date, customer, siren, net, vat, gross, paid, status */
	[SQL_JOURNAL] = {"journal",
		"SELECT number, kind, " D("issue_date") ", " D("due_date") ", customer_name, "
		"coalesce(customer_siren, ''), net_cents, vat_cents, gross_cents, paid_cents, status "
		"FROM invoice WHERE organisation_id = (SELECT fontaine_org()) AND status <> 'draft' "
		"AND issue_date BETWEEN $1::date AND $2::date "
		"ORDER BY chain_seq", 2, true},
	/* $1 sequence, $2 collection date, $3 staff member: the new batch's id (schema/0019). */
	[SQL_SEPA_BATCH_CREATE] = {"sepa_batch_create", "SELECT sepa_batch_create($1, $2::date, $3::bigint)", 3, false},
	/* id, sequence, collection date, message id, creditor id, status, created (epoch), file
	 * (text, '' when not written yet), settled on */
	[SQL_SEPA_BATCH] = {"sepa_batch",
		"SELECT id, sequence_type, " D("collection_date") ", message_id, creditor_id, status, "
		"extract(epoch FROM created_at)::bigint, coalesce(convert_from(file, 'UTF8'), ''), " D("settled_on") " "
		"FROM sepa_batch WHERE id = $1::bigint AND organisation_id = (SELECT fontaine_org())", 1, true},
	/* id, sequence, collection date, status, debits, amount, returned */
	[SQL_SEPA_BATCHES] = {"sepa_batches",
		"SELECT b.id, b.sequence_type, " D("b.collection_date") ", b.status, count(d.id), "
		"coalesce(sum(d.amount_cents) FILTER (WHERE d.status <> 'returned'), 0), "
		"count(d.id) FILTER (WHERE d.status = 'returned') FROM sepa_batch b "
		"LEFT JOIN sepa_debit d ON d.batch_id = b.id WHERE b.organisation_id = (SELECT fontaine_org()) GROUP BY b.id ORDER BY b.id DESC LIMIT 200", 0, true},
	/* The debits of batch $1: end-to-end id, amount, RUM, signed on, debtor, IBAN, BIC, invoice
	 * number, debit id, status, returned on, reason */
	[SQL_SEPA_DEBITS] = {"sepa_debits",
		"SELECT d.end_to_end_id, d.amount_cents, m.rum, " D("m.signed_on") ", m.debtor_name, m.iban, "
		"coalesce(m.bic, ''), i.number, d.id, d.status, " D("d.returned_on") ", coalesce(d.return_reason, '') "
		"FROM sepa_debit d JOIN sepa_mandate m ON m.id = d.mandate_id JOIN invoice i ON i.id = d.invoice_id "
		"WHERE d.batch_id = $1::bigint AND d.organisation_id = (SELECT fontaine_org()) ORDER BY d.id", 1, true},
	/* $1 batch, $2 the pain.008 text: the stored text (the first one written). */
	[SQL_SEPA_STORE] = {"sepa_store",
		"SELECT convert_from(sepa_batch_store($1::bigint, convert_to($2, 'UTF8')), 'UTF8')", 2, false},
	/* $1 batch, $2 debit, $3 returned on, $4 reason code: a row when the debit is in the batch. */
	[SQL_SEPA_RETURN] = {"sepa_return",
		"SELECT sepa_debit_return(d.id, $3::date, $4) FROM sepa_debit d "
		"WHERE d.id = $2::bigint AND d.batch_id = $1::bigint", 4, false},
	/* $1 batch, $2 settled on, $3 staff member: the number of payments recorded. */
	[SQL_SEPA_SETTLE] = {"sepa_settle", "SELECT sepa_batch_settle($1::bigint, $2::date, $3::bigint)", 3, false},
	/* RUM, signed on, debtor, IBAN, status, person email */
	[SQL_MANDATES] = {"mandates",
		"SELECT m.rum, " D("m.signed_on") ", m.debtor_name, m.iban, m.status, p.email FROM sepa_mandate m "
		"JOIN person p ON p.id = m.person_id WHERE m.organisation_id = (SELECT fontaine_org()) ORDER BY m.id DESC LIMIT 500", 0, true},
	/* $1 person email, $2 RUM, $3 signed on, $4 debtor, $5 IBAN, $6 BIC */
	[SQL_MANDATE_ADD] = {"mandate_add",
		"INSERT INTO sepa_mandate (person_id, rum, signed_on, debtor_name, iban, bic) "
		"SELECT p.id, $2, $3::date, $4, upper(replace($5, ' ', '')), nullif(upper($6), '') FROM person p "
		"WHERE lower(p.email) = lower($1) RETURNING id", 6, false},
	/* seller name, SIREN, IBAN, BIC, creditor id */
	[SQL_SETTINGS] = {"settings",
		"SELECT o.legal_name, coalesce(o.siren, ''), " SETTING("o.id", "invoice_iban") ", " SETTING("o.id", "invoice_bic")
		", " SETTING("o.id", "sepa_creditor_id") " FROM organisation o WHERE o.id = (SELECT fontaine_org())", 0, true},
	/* The member's issued documents: number, kind, status, issue date, gross, paid, token */
	[SQL_MY_INVOICES] = {"my_invoices",
		"SELECT number, kind, status, " D("issue_date") ", gross_cents, paid_cents, public_token "
		"FROM person_documents($1::bigint)", 1, true},
	/* $1 to, $2 reply-to, $3 subject, $4 text, $5 file name, $6 PDF (base64): the message and
	 * its attachment in one statement, hence one transaction. */
	[SQL_MAIL_PDF] = {"mail_pdf",
		"WITH o AS (INSERT INTO outbox (to_addr, reply_to, subject, body_text) "
		"VALUES ($1, nullif($2, ''), $3, $4) RETURNING id) "
		"INSERT INTO outbox_attachment (outbox_id, filename, content_type, body) "
		"SELECT id, $5, 'application/pdf', decode($6, 'base64') FROM o RETURNING outbox_id", 6, false},
	/* Allowances and charges of a draft (schema/0023; the guard refuses them on an issued
	 * document, FTI08, and beyond their line, FTI14). $1 invoice, $2 charge, $3 amount, $4 base
	 * ('' none), $5 percent bp ('' none), $6 reason, $7 code ('' none), $8 VAT bp. */
	[SQL_AC_ADD] = {"ac_add",
		"INSERT INTO invoice_allowance_charge (invoice_id, charge, amount_cents, base_cents, percent_bp, "
		"reason, reason_code, vat_rate_bp) VALUES ($1::bigint, $2::boolean, $3::bigint, nullif($4, '')::bigint, "
		"nullif($5, '')::int, $6, nullif($7, ''), $8::int) RETURNING id", 8, false},
	/* $1 invoice, $2 line, then as SQL_AC_ADD $2..$7: a row when the line is the invoice's. */
	[SQL_LINE_AC_ADD] = {"line_ac_add",
		"INSERT INTO invoice_line_allowance_charge (line_id, charge, amount_cents, base_cents, percent_bp, "
		"reason, reason_code) SELECT l.id, $3::boolean, $4::bigint, nullif($5, '')::bigint, nullif($6, '')::int, "
		"$7, nullif($8, '') FROM invoice_line l WHERE l.id = $2::bigint AND l.invoice_id = $1::bigint "
		"RETURNING id", 8, false},
	/* $1 invoice, $2 allowance or charge, $3 'D' document level or 'L' line level. */
	[SQL_AC_DELETE] = {"ac_delete",
		"WITH d AS (DELETE FROM invoice_allowance_charge WHERE $3 = 'D' AND id = $2::bigint "
		"AND invoice_id = $1::bigint RETURNING id), "
		"l AS (DELETE FROM invoice_line_allowance_charge a USING invoice_line l WHERE $3 = 'L' "
		"AND a.id = $2::bigint AND l.id = a.line_id AND l.invoice_id = $1::bigint RETURNING a.id) "
		"SELECT id FROM d UNION ALL SELECT id FROM l", 3, false},
	/* Reason codes: charge ('t'/'f'), code, French label. */
	[SQL_AC_REASONS] = {"ac_reasons",
		"SELECT charge, code, label FROM allowance_charge_reason ORDER BY charge, label", 0, true},
	/* the daily membership job: formulas past their end ended, renewal reminders queued */
	[SQL_MEMBERSHIP_DAILY] = {"membership_daily", "SELECT membership_daily(NULL)", 0, false},
	/* $1 issued document, $2 its PDF, $3 its CII XML (hex): 't' when stored at issue, in the
	 * chain (schema/0022). */
	[SQL_FREEZE] = {"freeze", "SELECT invoice_freeze($1::bigint, decode($2, 'hex'), decode($3, 'hex'))", 3, false},
	/* $1 document, $2 'pdf' or 'xml': the stored bytes (hex); no row when not frozen yet */
	[SQL_FROZEN_GET] = {"frozen_get",
		"SELECT encode(CASE $2 WHEN 'pdf' THEN pdf ELSE xml END, 'hex') FROM invoice_frozen "
		"WHERE invoice_id = $1::bigint", 2, true},
	/* The drafts of the monthly run of $1, in id order: id, 't' when it can be issued (as
	 * invoice_issue_month of schema/0009 judges: lines, a business's SIREN and address, no VAT
	 * under the franchise). */
	[SQL_MONTH_DRAFTS] = {"month_drafts",
		"SELECT i.id, EXISTS (SELECT 1 FROM invoice_line l WHERE l.invoice_id = i.id) "
		"AND (NOT i.customer_business OR (i.customer_siren IS NOT NULL AND i.customer_street IS NOT NULL "
		"AND i.customer_postcode IS NOT NULL AND i.customer_city IS NOT NULL)) "
		"AND NOT (o.vat_status = 'franchise' AND EXISTS (SELECT 1 FROM invoice_line l "
		"WHERE l.invoice_id = i.id AND l.vat_rate_bp <> 0)) "
		"FROM invoice i JOIN organisation o ON o.id = i.organisation_id "
		"WHERE i.organisation_id = (SELECT fontaine_org()) AND i.run_month = date_trunc('month', $1::date)::date AND i.status = 'draft' ORDER BY i.id", 1, true},
	/* Issued documents without stored bytes (issued before schema/0022 or by SQL), chain order */
	[SQL_UNFROZEN] = {"unfrozen",
		"SELECT i.id FROM invoice i WHERE i.organisation_id = (SELECT fontaine_org()) AND i.status <> 'draft' AND NOT EXISTS "
		"(SELECT 1 FROM invoice_frozen f WHERE f.invoice_id = i.id) ORDER BY i.chain_seq", 0, true},
	/* $1 payment, $2 its invoice, $3 reason, $4 staff member: the reversal's id; no row when
	 * the payment is not the invoice's. */
	[SQL_PAYMENT_REVERSE] = {"payment_reverse",
		"SELECT payment_reverse(p.id, NULL, $3, $4::bigint) FROM payment p "
		"WHERE p.id = $1::bigint AND p.invoice_id = $2::bigint", 4, false},
	/* fontaine-invoicectl: the organisations to work for ($1 '' all, else its id), each with
	 * a space to act for (its default or first active one): id, space id, name. */
	[SQL_ORGANISATIONS] = {"organisations",
		"SELECT o.id, s.id, o.name FROM organisation_names() o JOIN LATERAL (SELECT sp.id FROM space sp "
		"WHERE sp.organisation_id = o.id AND sp.active ORDER BY sp.is_default DESC, sp.sort_order, sp.id LIMIT 1) s ON true "
		"WHERE $1 = '' OR o.id::text = $1 ORDER BY o.id", 1, true},
	/* $1 space id: the connection acts for that space (and its organisation) from now on. */
	[SQL_SET_SPACE] = {"set_space", "SELECT set_config('fontaine.space', $1, false)", 1, false},
	/* $1 a customer link's token: the space to serve it for (schema/0033, '' when none), the
	 * connection's space, its fontaine.space setting as it is ('' unset). */
	[SQL_TOKEN_SPACE] = {"token_space",
		"SELECT coalesce(invoice_token_space($1)::text, ''), fontaine_space()::text, "
		"coalesce(current_setting('fontaine.space', true), '')", 1, true},
};
