/* accounting.c: invoices and credit notes with their frozen Factur-X XML and PDF
 * (invoices:read), payments (payments:read) and period closings (closings:read). */
#include "api.h"
#include <stdlib.h>
#include <string.h>

static const struct col invoice_cols[] = {
	{"id", COL_INT}, {"kind", COL_STR}, {"number", COL_STR}, {"status", COL_STR},
	{"issue_date", COL_STR}, {"due_date", COL_STR}, {"service_start", COL_STR},
	{"service_end", COL_STR}, {"corrects_id", COL_INT}, {"member_id", COL_INT},
	{"customer_name", COL_STR}, {"customer_business", COL_BOOL}, {"customer_siren", COL_STR},
	{"customer_email", COL_STR}, {"net_cents", COL_INT}, {"vat_cents", COL_INT},
	{"gross_cents", COL_INT}, {"paid_cents", COL_INT}, {"currency", COL_EUR},
	{"issued_at", COL_STR}, {"hash", COL_STR}, {"documents_frozen", COL_BOOL}, COLS_END,
};

/* Adds the links to the documents to an invoice object. */
static json_t *with_links(struct request *req, json_t *o)
{
	json_int_t id = json_integer_value(json_object_get(o, "id"));
	json_object_set_new(o, "xml_url", json_string(api_url(req, arena_printf(&req->arena,
		"/api/v1/invoices/%lld.xml", (long long)id))));
	json_object_set_new(o, "pdf_url", json_string(api_url(req, arena_printf(&req->arena,
		"/api/v1/invoices/%lld.pdf", (long long)id))));
	return o;
}

int api_invoices(struct request *req)
{
	static const char *const allowed[] = {"kind", "from", "to", "limit", "cursor", NULL};
	if (!api_auth(req, "invoices:read") || !api_params(req, allowed))
		return 0;
	const char *kind = kv_get(&req->query, "kind");
	if (kind && strcmp(kind, "invoice") && strcmp(kind, "credit_note"))
		return api_error(req, 400, "invalid_parameter",
				 "Le paramètre « kind » doit être invoice ou credit_note.", "kind");
	bool ok;
	const char *from = api_date_param(req, "from", &ok);
	if (!ok)
		return 0;
	const char *to = api_date_param(req, "to", &ok);
	int limit;
	const char *ck, *ci;
	if (!ok || !api_page_params(req, &limit, &ck, &ci))
		return 0;
	const char *params[6] = {ck, ci, arena_printf(&req->arena, "%d", limit + 1), kind, from, to};
	const char *state;
	PGresult *r = req_exec(req, SQL_INVOICES, params, &state);
	if (!r)
		return api_db_error(req, state);
	json_t *body = api_page(req, r, limit, invoice_cols);
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(body, "data"), i, o)
		with_links(req, o);
	return api_send(req, 200, body);
}

int api_invoice(struct request *req)
{
	static const char *const none[] = {NULL};
	if (!api_auth(req, "invoices:read") || !api_params(req, none))
		return 0;
	if (!api_id(req->params[0]))
		return api_error(req, 404, "not_found", "Cette facture n’existe pas.", NULL);
	const char *state;
	PGresult *r = req_exec(req, SQL_INVOICE, (const char *const[]){req->params[0]}, &state);
	if (!r)
		return api_db_error(req, state);
	if (PQntuples(r) != 1)
		return api_error(req, 404, "not_found", "Cette facture n’existe pas (ou n’est pas émise).", NULL);
	return api_send(req, 200, with_links(req, api_row(r, 0, invoice_cols)));
}

/* Serves the stored bytes of the document (schema/0022_frozen_documents.sql), never
 * rendered here: a document not frozen yet is frozen by the invoice program on its first
 * view (its page, its customer link or the monthly run). */
static int document(struct request *req, const char *which, const char *type)
{
	static const char *const none[] = {NULL};
	if (!api_auth(req, "invoices:read") || !api_params(req, none))
		return 0;
	if (!api_id(req->params[0]))
		return api_error(req, 404, "not_found", "Cette facture n’existe pas.", NULL);
	const char *state;
	PGresult *r = req_exec(req, SQL_INVOICE_FROZEN, (const char *const[]){req->params[0], which}, &state);
	if (!r)
		return api_db_error(req, state);
	if (PQntuples(r) != 1)
		return api_error(req, 404, "not_found", "Cette facture n’existe pas (ou n’est pas émise).", NULL);
	if (PQgetisnull(r, 0, 1))
		return api_error(req, 409, "not_frozen",
				 "Ce document n’a pas encore été figé : il l’est à sa première consultation dans "
				 "le back-office ou par le lien du client. Réessayez ensuite.", NULL);
	size_t n = 0;
	unsigned char *bytes = PQunescapeBytea((const unsigned char *)PQgetvalue(r, 0, 1), &n);
	if (!bytes)
		return api_db_error(req, NULL);
	req->resp.content_type = type;
	buf_reset(&req->resp.body);
	buf_append(&req->resp.body, bytes, n);
	PQfreemem(bytes);
	/* The stored document's SHA-256 is its ETag: it never changes. */
	const char *etag = arena_printf(&req->arena, "\"%s\"", PQgetvalue(r, 0, 2));
	resp_header(req, "ETag", etag);
	resp_header(req, "Content-Disposition", arena_printf(&req->arena, "attachment; filename=\"%s.%s\"",
		PQgetvalue(r, 0, 0), which));
	if (req->if_none_match && strstr(req->if_none_match, etag)) {
		req->resp.status = 304;
		buf_reset(&req->resp.body);
	}
	return 0;
}

int api_invoice_xml(struct request *req)
{
	return document(req, "xml", "application/xml");
}

int api_invoice_pdf(struct request *req)
{
	return document(req, "pdf", "application/pdf");
}

int api_payments(struct request *req)
{
	static const char *const allowed[] = {"from", "to", "limit", "cursor", NULL};
	static const struct col cols[] = {
		{"id", COL_INT}, {"invoice_id", COL_INT}, {"invoice_number", COL_STR},
		{"paid_on", COL_STR}, {"amount_cents", COL_INT}, {"currency", COL_EUR},
		{"method", COL_STR}, {"reference", COL_STR}, {"reverses_id", COL_INT},
		{"reason", COL_STR}, {"created_at", COL_STR}, COLS_END,
	};
	if (!api_auth(req, "payments:read") || !api_params(req, allowed))
		return 0;
	bool ok;
	const char *from = api_date_param(req, "from", &ok);
	if (!ok)
		return 0;
	const char *to = api_date_param(req, "to", &ok);
	int limit;
	const char *ck, *ci;
	if (!ok || !api_page_params(req, &limit, &ck, &ci))
		return 0;
	const char *params[5] = {ck, ci, arena_printf(&req->arena, "%d", limit + 1), from, to};
	const char *state;
	PGresult *r = req_exec(req, SQL_PAYMENTS, params, &state);
	if (!r)
		return api_db_error(req, state);
	return api_send_page(req, r, limit, cols);
}

int api_closings(struct request *req)
{
	static const char *const allowed[] = {"limit", "cursor", NULL};
	static const struct col cols[] = {
		{"id", COL_INT}, {"kind", COL_STR}, {"period_start", COL_STR}, {"period_end", COL_STR},
		{"closed_at", COL_STR}, {"doc_count", COL_INT}, {"chain_seq", COL_INT},
		{"chain_hash", COL_STR}, {"archive_sha256", COL_STR}, {"hash", COL_STR}, COLS_END,
	};
	if (!api_auth(req, "closings:read") || !api_params(req, allowed))
		return 0;
	int limit;
	const char *ck, *ci;
	if (!api_page_params(req, &limit, &ck, &ci))
		return 0;
	const char *params[3] = {ck, ci, arena_printf(&req->arena, "%d", limit + 1)};
	const char *state;
	PGresult *r = req_exec(req, SQL_CLOSINGS, params, &state);
	if (!r)
		return api_db_error(req, state);
	return api_send_page(req, r, limit, cols);
}
