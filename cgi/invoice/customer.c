/* customer.c: the customer's side: an issued invoice or credit note by its secret link
 * /factures/<token> (HTML with a print stylesheet, the Factur-X PDF and the CII XML as stored
 * at issue, the statement of its payments /factures/<token>/paiements), and the member's own
 * list at /factures. Drafts are never shown; an unknown token is a plain 404. */
#include "invoice.h"
#include "fmt.h"
#include <stdlib.h>
#include <string.h>

/* The connection's fontaine.space setting ("" when unset) before a link of another organisation
 * switched it, NULL when not switched: set back when the request ends (end_request). */
static const char *switched_from;

static int end_request(struct request *req, int rc)
{
	if (switched_from) {
		const char *state;
		const char *p[] = {switched_from};
		req_exec(req, SQL_SET_SPACE, p, &state);
		switched_from = NULL;
	}
	return rc;
}

/* The token of the route when it has the shape of one (24 base64url characters). */
static const char *token_param(struct request *req)
{
	const char *t = req->params[0];
	if (!t || strlen(t) != 24 ||
	    strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != 24)
		return NULL;
	return t;
}

/* Loads the issued document of the link into d. Returns 0, 404 or a db error status. */
static int load_by_token(struct request *req, struct doc *d, PGresult **head)
{
	const char *token = token_param(req);
	if (!token)
		return 404;
	const char *state;
	const char *p[] = {token};
	/* The document's space, the document and its lines in one round trip. The link works on
	 * every space of the network: a document of another organisation is served acting for a
	 * space of its own organisation (schema/0033 invoice_token_space), and then read again
	 * there (what was read here, the rows policies hid). */
	static const int reads[] = {SQL_TOKEN_SPACE, SQL_DOC_BY_TOKEN, SQL_DOC_LINES_BY_TOKEN};
	req_prefetch(req, 3, reads, (const char *const *const[]){p, p, p});
	PGresult *sp = req_exec(req, SQL_TOKEN_SPACE, p, &state);
	if (!sp)
		return req_db_error(state);
	if (PQntuples(sp) != 1 || !*PQgetvalue(sp, 0, 0))
		return 404;
	if (strcmp(PQgetvalue(sp, 0, 0), PQgetvalue(sp, 0, 1)) != 0) {
		const char *s[] = {PQgetvalue(sp, 0, 0)};
		req_forget_prefetched(req);
		if (!req_exec(req, SQL_SET_SPACE, s, &state))
			return req_db_error(state);
		switched_from = PQgetvalue(sp, 0, 2);
	}
	*head = req_exec(req, SQL_DOC_BY_TOKEN, p, &state);
	if (!*head)
		return req_db_error(state);
	if (PQntuples(*head) != 1)
		return 404;
	PGresult *lines = req_exec(req, SQL_DOC_LINES_BY_TOKEN, p, &state);
	if (!lines)
		return req_db_error(state);
	if (doc_load(&req->arena, d, *head, lines) < 0) {
		doc_free(d);
		return 500;
	}
	/* Private: never cached, never indexed. Every response already carries one
	 * Referrer-Policy (server.c); the HTML page narrows it to no-referrer with a meta tag
	 * (a second header would be a duplicate that browsers may resolve either way). */
	resp_header(req, "X-Robots-Tag", "noindex, nofollow");
	return 0;
}

static int customer_doc(struct request *req)
{
	if (strcmp(req->params[0] ? req->params[0] : "", "impression.css") == 0) {
		/* The invoice's print stylesheet: only the document, on A4. */
		buf_puts(&req->resp.body,
			 "@page { size: A4; margin: 15mm; }\n"
			 ".site-header, .site-footer, .skip, .invoice-screen, .admin-nav { display: none !important; }\n"
			 ".invoice { font-size: 10pt; }\n"
			 ".invoice-parties { display: flex; justify-content: space-between; gap: 2rem; }\n"
			 ".invoice table { width: 100%; border-collapse: collapse; }\n"
			 ".invoice th, .invoice td { border-bottom: 1px solid #000; padding: 2pt 4pt; text-align: left; }\n"
			 ".invoice td { text-align: right; }\n"
			 ".invoice-totals { width: 50% !important; margin-left: auto; }\n"
			 ".invoice-hash { font-size: 7pt; word-break: break-all; }\n"
			 ".invoice tr { page-break-inside: avoid; }\n");
		req->resp.content_type = "text/css; charset=utf-8";
		req->resp.cache = CACHE_PUBLIC;
		return 0;
	}
	struct doc d;
	PGresult *head;
	int rc = load_by_token(req, &d, &head);
	if (rc)
		return rc;
	const char *token = PQgetvalue(head, 0, DH_TOKEN);
	const char *title = arena_printf(&req->arena, "%s %s", d.type == DOC_CREDIT_NOTE ? "Avoir" : "Facture", d.number);
	struct tpl_dict *t = page_start(req, "invoice_customer.tpl", title, title);
	tpl_show(req->dict, "NOINDEX");
	tpl_show(req->dict, "NO_REFERRER"); /* the link's token never leaves in a Referer */
	tpl_set(t, "STATUS", status_label(PQgetvalue(head, 0, DH_STATUS), PQgetvalue(head, 0, DH_KIND)));
	tpl_set(t, "PDF_HREF", arena_printf(&req->arena, "/factures/%s.pdf", token));
	tpl_set(t, "XML_HREF", arena_printf(&req->arena, "/factures/%s.xml", token));
	if (d.type == DOC_INVOICE)
		tpl_set(tpl_section(t, "PAYMENTS_S"), "PAYMENTS_HREF", arena_printf(&req->arena, "/factures/%s/paiements", token));
	doc_dict(req, tpl_include(t, "DOC", "invoice_doc.tpl"), &d, PQgetvalue(head, 0, DH_STATUS),
		 PQgetvalue(head, 0, DH_KIND));
	doc_free(&d);
	return page_finish(req, 200);
}

/* The link's document as stored at issue (frozen.c): which is "pdf" or "xml". */
static int download(struct request *req, const char *which, const char *type, const char *disposition)
{
	struct doc d;
	PGresult *head;
	int rc = load_by_token(req, &d, &head);
	if (rc)
		return rc;
	doc_free(&d);
	const char *state;
	if (doc_frozen(REQ_INVOICE_DB(req), PQgetvalue(head, 0, DH_ID), which, &req->resp.body, &state) < 0)
		return state && strcmp(state, SQLSTATE_NOT_RENDERED) == 0 ? 500 : req_db_error(state);
	req->resp.content_type = type;
	resp_header(req, "Content-Disposition", arena_printf(&req->arena, "%s; filename=\"%s.%s\"", disposition,
							     PQgetvalue(head, 0, DH_NUMBER), which));
	return 0;
}

static int customer_pdf(struct request *req)
{
	return download(req, "pdf", "application/pdf", "inline");
}

static int customer_xml(struct request *req)
{
	return download(req, "xml", "application/xml; charset=utf-8", "attachment");
}

/* /factures/<token>/paiements: the statement of the payments of an invoice (a credit note takes
 * none): what was received after issue and what remains due. */
static int customer_payments(struct request *req)
{
	struct doc d;
	PGresult *head;
	int rc = load_by_token(req, &d, &head);
	if (rc)
		return rc;
	if (d.type != DOC_INVOICE) {
		doc_free(&d);
		return 404;
	}
	const char *title = arena_printf(&req->arena, "Règlements de la facture %s", d.number);
	struct tpl_dict *t = page_start(req, "invoice_statement.tpl", title, title);
	tpl_show(req->dict, "NOINDEX");
	tpl_show(req->dict, "NO_REFERRER");
	char b[FMT_MAX];
	tpl_set(t, "DOC_LABEL", "Facture");
	tpl_set(t, "ISSUE_DATE", fmt_date(b, d.issue_date));
	tpl_set(t, "STATUS", status_label(PQgetvalue(head, 0, DH_STATUS), PQgetvalue(head, 0, DH_KIND)));
	tpl_set(t, "DOC_HREF", arena_printf(&req->arena, "/factures/%s", PQgetvalue(head, 0, DH_TOKEN)));
	struct statement sm;
	const char *state;
	int64_t gross = d.gross_cents;
	doc_free(&d);
	if (!statement_dict(req, tpl_include(t, "STATEMENT", "invoice_payments.tpl"), PQgetvalue(head, 0, DH_ID), gross,
			    NULL, &sm, &state))
		return req_db_error(state);
	return page_finish(req, 200);
}

int page_my_invoices(struct request *req)
{
	const char *state;
	const char *p[] = {arena_printf(&req->arena, "%lld", (long long)req->user->person_id)};
	PGresult *r = req_exec(req, SQL_MY_INVOICES, p, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = page_start(req, "invoice_mine.tpl", "Mes factures", "Vos factures et avoirs");
	tpl_show(req->dict, "NOINDEX");
	char b[FMT_MAX];
	if (PQntuples(r) == 0)
		tpl_show(d, "NONE");
	else
		tpl_show(d, "SOME");
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *row = tpl_section(d, "DOC");
		bool credit = strcmp(PQgetvalue(r, i, 1), "credit_note") == 0;
		int64_t gross = strtoll(PQgetvalue(r, i, 4), NULL, 10), paid = strtoll(PQgetvalue(r, i, 5), NULL, 10);
		const char *st = PQgetvalue(r, i, 2);
		bool open = strcmp(st, "issued") == 0 || strcmp(st, "partly_paid") == 0;
		tpl_set(row, "HREF", arena_printf(&req->arena, "/factures/%s", PQgetvalue(r, i, 6)));
		tpl_set(row, "KIND", credit ? "Avoir" : "Facture");
		tpl_set(row, "NUMBER", PQgetvalue(r, i, 0));
		tpl_set(row, "DATE", fmt_date(b, date_col(PQgetvalue(r, i, 3))));
		tpl_set(row, "GROSS", fmt_money(b, gross));
		tpl_set(row, "BALANCE", fmt_money(b, credit || !open ? 0 : gross - paid));
		tpl_set(row, "STATUS", status_label(st, PQgetvalue(r, i, 1)));
	}
	return page_finish(req, 200);
}

int page_customer_doc(struct request *req)
{
	return end_request(req, customer_doc(req));
}

int page_customer_pdf(struct request *req)
{
	return end_request(req, customer_pdf(req));
}

int page_customer_xml(struct request *req)
{
	return end_request(req, customer_xml(req));
}

int page_customer_payments(struct request *req)
{
	return end_request(req, customer_payments(req));
}
