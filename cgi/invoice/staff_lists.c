/* staff_lists.c: the staff's invoice list with filters, the overdue list and reminders. */
#include "invoice.h"
#include "escape.h"
#include "fmt.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- list ------------------------------------------------------------------------------------ */

static const char *const list_status_values[] = {"", "draft", "open", "issued", "partly_paid", "paid", "cancelled", NULL};
static const char *const list_status_labels[] = {"Tous", "Brouillons", "À payer (émises ou en partie payées)",
						 "Émises, rien payé", "Partiellement payées", "Payées", "Annulées"};
static const char *const list_kind_values[] = {"", "invoice", "credit_note", NULL};
static const char *const list_kind_labels[] = {"Factures et avoirs", "Factures", "Avoirs"};

/* The query value of key when it is one of values, else "". */
static const char *choice_query(struct request *req, const char *key, const char *const *values)
{
	const char *s = kv_get(&req->query, key);
	for (int i = 0; s && values[i]; i++)
		if (strcmp(s, values[i]) == 0)
			return values[i];
	return "";
}

int page_staff_list(struct request *req)
{
	const char *status = choice_query(req, "etat", list_status_values);
	const char *kind = choice_query(req, "type", list_kind_values);
	const char *q = kv_get(&req->query, "q");
	q = q ? q : "";
	if (strlen(q) > 100)
		q = "";
	const char *month_in = kv_get(&req->query, "mois");
	const char *month = "";
	const char *filter_error = NULL;
	if (month_in && *month_in) {
		month = month_param(&req->arena, month_in);
		if (!month) {
			month = "";
			filter_error = "Mois invalide : format attendu AAAA-MM, par exemple 2026-03.";
		}
	}
	/* ?apres=b<id> (after a draft) or c<chain number> (after an issued document); anything
	 * else starts from the top. */
	const char *after = kv_get(&req->query, "apres");
	const char *after_draft = "", *after_chain = "";
	if (after && (after[0] == 'b' || after[0] == 'c') && after[1] && strlen(after) <= 19 &&
	    strspn(after + 1, "0123456789") == strlen(after + 1))
		*(after[0] == 'b' ? &after_draft : &after_chain) = after + 1;
	else
		after = NULL;
	const char *params[] = {status, kind, q, month, after_draft, after_chain};
	const char *state;
	PGresult *r = req_exec(req, SQL_LIST, params, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = staff_start(req, "invoice_list.tpl", "Factures et avoirs");
	show_notice(req, d);
	tpl_set(d, "Q", q);
	tpl_set(d, "MONTH", month_in && !filter_error ? month_in : "");
	if (filter_error)
		tpl_set(tpl_section(d, "FILTER_ERROR_S"), "FILTER_ERROR", filter_error);
	options(d, "STATUS_OPT", list_status_values, list_status_labels, 0, status);
	options(d, "KIND_OPT", list_kind_values, list_kind_labels, 0, kind);
	int n = PQntuples(r);
	bool more = n > LIST_PAGE;
	if (more)
		n = LIST_PAGE;
	char count[FMT_MAX];
	tpl_set(d, "COUNT", fmt_plural(count, n, "document", "documents"));
	if (after)
		tpl_show(d, "LATER");
	if (more || after) {
		struct tpl_dict *pg = tpl_section(d, "PAGES");
		tpl_set(pg, "Q", q);
		tpl_set(pg, "ETAT", status);
		tpl_set(pg, "TYPE", kind);
		tpl_set(pg, "MOIS", month_in && !filter_error ? month_in : "");
		if (after)
			tpl_show(pg, "FIRST");
		if (more) {
			bool draft = PQgetisnull(r, n - 1, 9);
			struct tpl_dict *nx = tpl_section(pg, "NEXT");
			tpl_set(nx, "AFTER", arena_printf(&req->arena, "%c%s", draft ? 'b' : 'c',
							  PQgetvalue(r, n - 1, draft ? 0 : 9)));
		}
	}
	char b[FMT_MAX];
	for (int i = 0; i < n; i++) {
		struct tpl_dict *row = tpl_section(d, "DOC");
		const char *number = PQgetvalue(r, i, 1), *k = PQgetvalue(r, i, 2), *st = PQgetvalue(r, i, 3);
		tpl_set(row, "HREF", arena_printf(&req->arena, "/admin/factures/%s", PQgetvalue(r, i, 0)));
		tpl_set(row, "NUMBER", *number ? number : arena_printf(&req->arena, "Brouillon %s%s",
			strcmp(k, "credit_note") == 0 ? "d’avoir " : "", PQgetvalue(r, i, 0)));
		tpl_set(row, "CUSTOMER", PQgetvalue(r, i, 4));
		tpl_set(row, "DATE", *PQgetvalue(r, i, 5) ? fmt_date(b, date_col(PQgetvalue(r, i, 5))) : "—");
		tpl_set(row, "DUE", *PQgetvalue(r, i, 6) ? fmt_date(b, date_col(PQgetvalue(r, i, 6))) : "—");
		tpl_set(row, "GROSS", fmt_money(b, strtoll(PQgetvalue(r, i, 7), NULL, 10)));
		tpl_set(row, "PAID", fmt_money(b, strtoll(PQgetvalue(r, i, 8), NULL, 10)));
		tpl_set(row, "STATUS", status_label(st, k));
	}
	return page_finish(req, 200);
}

/* ---- overdue and reminders ----------------------------------------------------------------- */

int page_staff_overdue(struct request *req)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_OVERDUE, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = staff_start(req, "invoice_overdue.tpl", "Factures en retard");
	show_notice(req, d);
	char b[FMT_MAX];
	int64_t total = 0;
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *row = tpl_section(d, "DOC");
		tpl_set(row, "HREF", arena_printf(&req->arena, "/admin/factures/%s", PQgetvalue(r, i, 0)));
		tpl_set(row, "NUMBER", PQgetvalue(r, i, 1));
		tpl_set(row, "CUSTOMER", PQgetvalue(r, i, 2));
		if (strcmp(PQgetvalue(r, i, 3), "t") == 0)
			tpl_show(row, "PRO");
		tpl_set(row, "DUE", fmt_date(b, date_col(PQgetvalue(r, i, 6))));
		tpl_set(row, "DAYS", PQgetvalue(r, i, 9));
		int64_t bal = strtoll(PQgetvalue(r, i, 8), NULL, 10);
		total += bal;
		tpl_set(row, "BALANCE", fmt_money(b, bal));
		int level = atoi(PQgetvalue(r, i, 10));
		tpl_set(row, "LEVEL_TEXT", level == 0 ? "aucune. " : level == 1 ? "1re envoyée. " : "2e envoyée.");
		if (level < 2 && *PQgetvalue(r, i, 4)) {
			struct tpl_dict *c = tpl_section(row, "CAN_REMIND");
			tpl_set(c, "CSRF", csrf_token(req));
			tpl_set_int(c, "NEXT_LEVEL", level + 1);
			tpl_set(c, "REMIND_ACTION", arena_printf(&req->arena, "/admin/factures/%s/relance", PQgetvalue(r, i, 0)));
		}
	}
	if (PQntuples(r) == 0)
		tpl_show(d, "NONE");
	tpl_set(d, "TOTAL", fmt_money(b, total));
	return page_finish(req, 200);
}

int page_staff_remind_post(struct request *req)
{
	const char *id = id_param(req, 0);
	if (!id)
		return 404;
	const char *level = kv_get(&req->form, "niveau");
	if (!level || (strcmp(level, "1") != 0 && strcmp(level, "2") != 0)) {
		const char *para[] = {"Le niveau de relance doit être 1 ou 2.", NULL};
		return page_message(req, 422, "Relance impossible", "/admin/factures/retards", "Retour aux retards", para);
	}
	PGresult *head, *lines;
	int rc = load_doc(req, id, &head, &lines);
	if (rc)
		return rc;
	const char *link = arena_printf(&req->arena, "%s/factures/%s", space_url(req, ""), PQgetvalue(head, 0, DH_TOKEN));
	const char *params[] = {id, level, link};
	const char *state;
	if (!req_exec(req, SQL_REMIND, params, &state)) {
		const char *msg = refusal(state);
		if (!msg)
			return req_db_error(state);
		const char *para[] = {msg, NULL};
		return page_message(req, 409, "Relance impossible", "/admin/factures/retards", "Retour aux retards", para);
	}
	resp_redirect(req, 303, "/admin/factures/retards?ok=relance");
	return 303;
}
