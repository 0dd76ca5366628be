/* invoice.h: the invoice program (staff pages under /admin/factures, the customer's invoice
 * page /factures/<token>) and its command fontaine-invoicectl: statements, pages, loaders. */
#ifndef FT_INVOICE_H
#define FT_INVOICE_H
#include "http.h"
#include "page.h"
#include "doc.h"
#include "fmt.h"

/* The invoice list's page (SQL_LIST returns one row more when a next page follows). */
#define LIST_PAGE 100
#define LIST_PAGE_SQL "101"

/* Statements of sql.c (shared by the FastCGI program and the command). */
enum invoice_stmt {
	SQL_DOC_BY_ID,
	SQL_DOC_BY_TOKEN,
	SQL_DOC_LINES,
	SQL_LIST,
	SQL_DRAFT_NEW,
	SQL_LINE_ADD,
	SQL_LINE_DELETE,
	SQL_DRAFT_DELETE,
	SQL_ISSUE,
	SQL_PAYMENTS,
	SQL_PAYMENT_ADD,
	SQL_CREDIT_NOTE,
	SQL_CREDIT_NOTE_OF,
	SQL_OVERDUE,
	SQL_REMIND,
	SQL_RUN,
	SQL_RUN_SUMMARY,
	SQL_VERIFY,
	SQL_CHAIN_ROWS,
	SQL_CHAIN_HEAD,
	SQL_CLOSINGS,
	SQL_CLOSE,
	SQL_CLOSING_GET,
	SQL_ACCOUNTS,
	SQL_FEC_SALES,
	SQL_FEC_PAYMENTS,
	SQL_JOURNAL,
	SQL_SEPA_BATCH_CREATE,
	SQL_SEPA_BATCH,
	SQL_SEPA_BATCHES,
	SQL_SEPA_DEBITS,
	SQL_SEPA_STORE,
	SQL_SEPA_RETURN,
	SQL_SEPA_SETTLE,
	SQL_MANDATES,
	SQL_MANDATE_ADD,
	SQL_SETTINGS,
	SQL_MY_INVOICES,
	SQL_MAIL_PDF,
	SQL_AC_ADD,
	SQL_LINE_AC_ADD,
	SQL_AC_DELETE,
	SQL_AC_REASONS,
	SQL_MEMBERSHIP_DAILY, /* fontaine-invoicectl memberships (schema/0024) */
	SQL_FREEZE,
	SQL_FROZEN_GET,
	SQL_MONTH_DRAFTS,
	SQL_UNFROZEN,
	SQL_PAYMENT_REVERSE,
	SQL_ORGANISATIONS,
	SQL_SET_SPACE,
	SQL_TOKEN_SPACE,
	SQL_DOC_LINES_BY_TOKEN,
	SQL__MAX
};
extern const struct db_stmt invoice_stmts[SQL__MAX];

/* Columns of SQL_DOC_BY_ID / SQL_DOC_BY_TOKEN. */
enum {
	DH_ID, DH_KIND, DH_STATUS, DH_NUMBER, DH_CORRECTS_NUMBER, DH_CORRECTS_DATE, DH_ISSUE_DATE,
	DH_DUE_DATE, DH_SERVICE_START, DH_SERVICE_END, DH_PAYMENT_DAYS, DH_C_BUSINESS, DH_C_NAME,
	DH_C_STREET, DH_C_POSTCODE, DH_C_CITY, DH_C_COUNTRY, DH_C_SIREN, DH_C_EMAIL, DH_S_NAME,
	DH_S_STREET, DH_S_POSTCODE, DH_S_CITY, DH_S_SIREN, DH_S_SIRET, DH_S_RNA, DH_S_VAT_STATUS,
	DH_S_VAT_NUMBER, DH_S_EMAIL, DH_PAID, DH_HASH, DH_TOKEN, DH_IBAN, DH_BIC, DH_PERSON_ID,
	DH_GROSS, DH_CORRECTS_ID, DH_C_VAT_NUMBER, DH_S_VAT_DEBITS, DH_MANDATE_RUM, DH_MANDATE_IBAN,
	DH_CREDITOR_ID, DH__MAX
};
/* Columns of SQL_CHAIN_ROWS: the document, its link, its canonical text, 't' when its bytes
 * are stored, then (stored ones) the SHA-256 of its PDF and XML now, as recorded, its seal,
 * 't' when stored at issue (in the chain). */
enum chain_row_col {
	CR_ID, CR_NUMBER, CR_SEQ, CR_PREV_HASH, CR_HASH, CR_CANONICAL, CR_FROZEN, CR_PDF_NOW,
	CR_XML_NOW, CR_PDF_SHA256, CR_XML_SHA256, CR_SEAL, CR_AT_ISSUE, CR__MAX
};
/* Columns of SQL_PAYMENTS. */
enum {
	PAY_DATE, PAY_AMOUNT, PAY_METHOD, PAY_REF, PAY_ID, PAY_REVERSES, PAY_REASON, PAY_REVERSED, PAY__MAX
};
/* Columns of SQL_DOC_LINES. */
enum {
	DL_DESCRIPTION, DL_QUANTITY, DL_UNIT, DL_PRICE, DL_VAT, DL_START, DL_END, DL_NET, DL_ID,
	DL_KIND, DL_AC_TYPE, DL_AC_LINE, DL_AC_CHARGE, DL_AC_AMOUNT, DL_AC_BASE, DL_AC_PERCENT,
	DL_AC_CODE, DL__MAX
};

/* load.c: database rows → the structures of doc.h. Strings point into the results (keep them
 * until the document is used) or into arena a. */
/* Fills d from one row of SQL_DOC_BY_* (head) and the rows of SQL_DOC_LINES (lines), with the
 * legal mentions (payment terms, penalties for businesses, no discount, VAT exemption), then
 * runs doc_totals. Returns 0, or -1 when the document is not coherent. */
int doc_load(struct arena *a, struct doc *d, PGresult *head, PGresult *lines);
/* A date column ("YYYY-MM-DD", "" for none) as noon, Paris time, or 0. */
time_t date_col(const char *iso);
/* The FEC rows of a period from SQL_FEC_SALES, SQL_FEC_PAYMENTS and SQL_ACCOUNTS rows; *n
 * set. Sales: 411 debit / sales and VAT credit (reversed for credit notes); payments: bank or
 * cash debit / 411 credit. Entries in chronological order (a day's documents before its
 * payments), numbered 000001, 000002… across all journals; one auxiliary account per customer;
 * the 411 lines of an invoice lettered with its payments and credit note when they balance
 * in the file (EcritureLet "AA"…, DateLet the last movement). Returns the rows (arena). */
struct fec_row *fec_load(struct arena *a, PGresult *sales, PGresult *payments, PGresult *accounts,
			 size_t *n);
/* The SEPA batch from SQL_SETTINGS (one row), its SQL_SEPA_BATCH row and its pending
 * SQL_SEPA_DEBITS rows. */
void sepa_load(struct arena *a, struct sepa_batch *b, PGresult *settings, PGresult *batch,
	       PGresult *debits);
/* French status label of an invoice status. */
const char *status_label(const char *status, const char *kind);
/* "YYYY-MM" → first day "YYYY-MM-01", or NULL when malformed. */
const char *month_param(struct arena *a, const char *s);
/* Writes the SHA-256 hex of prev || "\n" || canonical into out[65] (libsodium), as the
 * database computes a document's hash. */
void chain_hash(const char *prev, const char *canonical, char out[65]);

/* frozen.c: issued means frozen (schema/0022_frozen_documents.sql). An issued document's PDF
 * and CII XML are rendered once, stored with their SHA-256 and served as stored ever after. */
/* A connection and the index of the program's first statement in it (LIB__MAX in the FastCGI
 * program, whose table starts with the library's statements; 0 in fontaine-invoicectl). */
struct invoice_db {
	struct db *db;
	int base;
};
#define REQ_INVOICE_DB(req) (&(struct invoice_db){(req)->db, LIB__MAX})
/* The one renderer of an issued document's PDF (and of a draft's preview). */
int issued_pdf(const struct doc *d, struct buf *out);
/* Issues draft id and stores its PDF and XML in the same transaction, which the chain then
 * covers. Returns 0, or -1 with *state: the database's refusal (FTI01…), or FTI33 when the
 * document could not be rendered (nothing is issued then). */
int doc_issue(const struct invoice_db *db, const char *id, const char **state);
/* Appends the stored bytes of issued document id (which: "pdf" or "xml") to out; a document
 * issued without them (before schema/0022, or by SQL) is rendered and stored on this first
 * request. Returns 0, or -1 with *state (FTI30: not issued, FTI33: not renderable). */
int doc_frozen(const struct invoice_db *db, const char *id, const char *which, struct buf *out, const char **state);
#define SQLSTATE_NOT_RENDERED "FTI33"
/* Issues the drafts of the monthly run of month first ("YYYY-MM-01") that can be issued, each
 * with its bytes, 50 documents per transaction (a savepoint each); *issued and *left (drafts left to
 * correct) set. Returns 0, or -1 with *state when a refusal stops the run (closed period) or
 * the database fails; the documents issued before stay issued. */
int issue_month(const struct invoice_db *db, const char *first, int *issued, int *left, const char **state);
/* Releases the font caches pango, cairo and fontconfig keep for the process (once, at the end
 * of fontaine-invoicectl: the sanitizer build counts them as leaks otherwise). */
void render_release(void);

/* statement.c: the statement of payments of an invoice (staff page and customer page). */
struct statement {
	int64_t gross, paid, due;
};
/* Adds the payments of invoice id (SQL_PAYMENTS) to t as sections PAYMENT (P_DATE, P_AMOUNT,
 * P_METHOD, P_REF_S, REVERSAL_S with P_REASON, REVERSED_S) and sets STMT_GROSS, STMT_PAID,
 * STMT_DUE; reverse_csrf non-NULL adds each reversible payment's form (REVERSE_S with
 * REVERSE_ACTION, CSRF). Returns the result (NULL: db error, *state set). */
PGresult *statement_dict(struct request *req, struct tpl_dict *t, const char *id, int64_t gross,
			 const char *reverse_csrf, struct statement *s, const char **state);
/* French label of a payment method code. */
const char *method_label(const char *code);

/* staff.c helpers shared with sepa_pages.c: the staff page start (navigation, CSRF), the
 * route's id parameter (NULL unless a positive id), the French message of a database refusal
 * (NULL when unexpected), the ?ok= notice, today's ISO date, a field marked invalid. */
struct tpl_dict *staff_start(struct request *req, const char *tpl, const char *title);
const char *id_param(struct request *req, int i);
const char *refusal(const char *state);
void show_notice(struct request *req, struct tpl_dict *d);
const char *today_iso(char out[FMT_MAX]);
void invalidate(struct field_value *v, const char *msg, size_t *errors);
/* Options of a select (sections of d), the current value selected. */
void options(struct tpl_dict *d, const char *section, const char *const *values,
	     const char *const *labels, size_t from, const char *current);
/* Loads document id (head and lines); returns 0, 404 or a db error. */
int load_doc(struct request *req, const char *id, PGresult **head, PGresult **lines);

/* staff.c: /admin/factures… */
int page_staff_list(struct request *req);
int page_staff_new(struct request *req);
int page_staff_new_post(struct request *req);
int page_staff_doc(struct request *req);
int page_staff_line_add_post(struct request *req);
int page_staff_line_delete_post(struct request *req);
int page_staff_draft_delete_post(struct request *req);
int page_staff_issue_post(struct request *req);
int page_staff_payment_post(struct request *req);
int page_staff_payment_reverse_post(struct request *req);
int page_staff_credit_post(struct request *req);
int page_staff_remind_post(struct request *req);
int page_staff_overdue(struct request *req);
int page_staff_run(struct request *req);
int page_staff_run_post(struct request *req);
int page_staff_issue_month_post(struct request *req);
int page_staff_verify(struct request *req);
int page_staff_closings(struct request *req);
int page_staff_close_post(struct request *req);
int page_staff_closing_archive(struct request *req);
int page_staff_fec(struct request *req);
int page_staff_journal(struct request *req);
/* sepa_pages.c: mandates and direct-debit batches under /admin/factures/sepa */
int page_staff_sepa(struct request *req);
int page_staff_mandate_post(struct request *req);
int page_staff_batch_post(struct request *req);
int page_staff_batch(struct request *req);
int page_staff_batch_xml(struct request *req);
int page_staff_batch_return_post(struct request *req);
int page_staff_batch_settle_post(struct request *req);
int page_staff_doc_pdf(struct request *req);
/* staff_allowances.c: allowances and charges of a draft, line or document level. */
int page_staff_ac_add_post(struct request *req);
int page_staff_ac_delete_post(struct request *req);
/* The draft page's allowance form (staff_allowances.c), in section dr of invoice_staff.tpl:
 * the lines to choose from, the reasons, the values and messages of a form being redisplayed
 * (v NULL: a fresh form). */
struct field_value;
void ac_form_dict(struct request *req, struct tpl_dict *dr, const char *id, PGresult *lines,
		  bool franchise, const struct field_value *v, size_t errors);
/* The line's allowances and charges (section LINE_AC of row r of invoice_doc.tpl), and the
 * document's block "Remises et frais" (DOC_AC_S). */
void ac_line_dict(struct request *req, struct tpl_dict *r, const struct doc *d, size_t line);
void ac_doc_dict(struct request *req, struct tpl_dict *t, const struct doc *d);
/* staff.c: the document's page again, with the allowance form's values and messages or a
 * refusal shown above the document. */
int staff_doc_redisplay(struct request *req, const char *id, const struct field_value *ac,
			size_t ac_errors, const char *error, int status);

/* customer.c: the invoice page of the customer (secret link) and the member's list. */
int page_customer_doc(struct request *req);
int page_customer_pdf(struct request *req);
int page_customer_xml(struct request *req);
int page_customer_payments(struct request *req);
int page_my_invoices(struct request *req);
/* Fills the invoice's own dictionary (invoice_doc.tpl) from d. */
void doc_dict(struct request *req, struct tpl_dict *t, const struct doc *d, const char *status,
	      const char *kind);
#endif
