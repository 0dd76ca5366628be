/* staff_period.c: the monthly run, verification of the chain, period closings, FEC / CSV downloads. */
#include "invoice.h"
#include "escape.h"
#include "fmt.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- monthly run ---------------------------------------------------------------------------- */

/* The month of the query or form (key "mois"), else the current month: "YYYY-MM". */
static const char *month_of(struct request *req, const struct kvlist *src, const char **first)
{
	const char *m = kv_get(src, "mois");
	if (m && (*first = month_param(&req->arena, m)))
		return m;
	char b[FMT_MAX];
	m = arena_strndup(&req->arena, today_iso(b), 7);
	*first = month_param(&req->arena, m);
	return m;
}

int page_staff_run(struct request *req)
{
	const char *first;
	const char *month = month_of(req, &req->query, &first);
	const char *state;
	const char *p[] = {first};
	PGresult *r = req_exec(req, SQL_RUN_SUMMARY, p, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = staff_start(req, "invoice_run.tpl", "Facturation mensuelle");
	const char *n = kv_get(&req->query, "lignes"), *iss = kv_get(&req->query, "emises"),
		   *left = kv_get(&req->query, "restants");
	char b[FMT_MAX], b2[FMT_MAX];
	if (n && strspn(n, "0123456789") == strlen(n) && strlen(n) < 10)
		tpl_set(tpl_section(d, "NOTICE_S"), "NOTICE",
			arena_printf(&req->arena, "%s aux brouillons du mois (rien n’est facturé deux fois).",
				     fmt_plural(b, strtoll(n, NULL, 10), "ligne ajoutée", "lignes ajoutées")));
	if (iss && left && strspn(iss, "0123456789") == strlen(iss) && strspn(left, "0123456789") == strlen(left) &&
	    strlen(iss) < 10 && strlen(left) < 10)
		tpl_set(tpl_section(d, "NOTICE_S"), "NOTICE",
			arena_printf(&req->arena, "%s ; %s à corriger (client professionnel sans SIREN, brouillon vide…).",
				     fmt_plural(b, strtoll(iss, NULL, 10), "document émis", "documents émis"),
				     fmt_plural(b2, strtoll(left, NULL, 10), "brouillon laissé", "brouillons laissés")));
	tpl_set(d, "MONTH", month);
	tpl_set(d, "MONTH_LABEL", fmt_month(b, date_col(first)));
	tpl_set(d, "DRAFTS", fmt_plural(b, strtoll(PQgetvalue(r, 0, 0), NULL, 10), "brouillon", "brouillons"));
	tpl_set(d, "DRAFT_TOTAL", fmt_money(b, strtoll(PQgetvalue(r, 0, 1), NULL, 10)));
	tpl_set(d, "ISSUED", fmt_plural(b, strtoll(PQgetvalue(r, 0, 2), NULL, 10), "facture déjà émise", "factures déjà émises"));
	tpl_set(d, "LIST_HREF", arena_printf(&req->arena, "/admin/factures?etat=draft&mois=%s", month));
	return page_finish(req, 200);
}

/* The month a monthly-run form names, or NULL after answering 422: a POST that invoices or
 * issues a month never falls back to the current one (a wrong field would issue its drafts). */
static const char *month_posted(struct request *req, const char **first, int *status)
{
	const char *m = kv_get(&req->form, "mois");
	if (m && (*first = month_param(&req->arena, m)))
		return m;
	const char *para[] = {"Le mois envoyé n’est pas valide (AAAA-MM) : rien n’a été facturé ni émis.", NULL};
	*status = page_message(req, 422, "Mois invalide", "/admin/factures/mensuel", "Retour", para);
	return NULL;
}

int page_staff_run_post(struct request *req)
{
	const char *first;
	int status;
	const char *month = month_posted(req, &first, &status);
	if (!month)
		return status;
	const char *state;
	const char *p[] = {first};
	PGresult *r = req_exec(req, SQL_RUN, p, &state);
	if (!r)
		return req_db_error(state);
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/factures/mensuel?mois=%s&lignes=%s", month,
					     PQgetvalue(r, 0, 0)));
	return 303;
}

int page_staff_issue_month_post(struct request *req)
{
	const char *first;
	int status;
	const char *month = month_posted(req, &first, &status);
	if (!month)
		return status;
	const char *state;
	int issued, left;
	/* Each document rendered and stored in its own issuing transaction (frozen.c). */
	if (issue_month(REQ_INVOICE_DB(req), first, &issued, &left, &state) < 0) {
		const char *msg = refusal(state);
		if (!msg)
			return req_db_error(state);
		const char *para[] = {msg, NULL};
		return page_message(req, 409, "Émission impossible", "/admin/factures/mensuel", "Retour", para);
	}
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/factures/mensuel?mois=%s&emises=%d&restants=%d",
					     month, issued, left));
	return 303;
}

/* ---- verification and closings ---------------------------------------------------------------- */

int page_staff_verify(struct request *req)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_VERIFY, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = staff_start(req, "invoice_verify.tpl", "Vérification de l’inaltérabilité");
	bool ok = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	struct tpl_dict *s = tpl_section(d, ok ? "OK" : "BROKEN");
	char checked[FMT_MAX];
	tpl_set(s, "CHECKED", fmt_plural(checked, strtoll(PQgetvalue(r, 0, 1), NULL, 10), "maillon vérifié", "maillons vérifiés"));
	if (!ok) {
		tpl_set(s, "WHERE", PQgetvalue(r, 0, 2));
		tpl_set(s, "REASON", PQgetvalue(r, 0, 3));
	}
	return page_finish(req, 200);
}

static int render_closings(struct request *req, const char *error, const char *period, int status)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_CLOSINGS, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = staff_start(req, "invoice_closings.tpl", "Clôtures et exports comptables");
	show_notice(req, d);
	if (error)
		tpl_set(tpl_section(d, "ERROR_S"), "ERROR", error);
	tpl_set(d, "PERIOD", period ? period : "");
	char b[FMT_MAX];
	tpl_set(d, "MONTH", arena_strndup(&req->arena, today_iso(b), 7));
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *c = tpl_section(d, "CLOSING");
		bool month = strcmp(PQgetvalue(r, i, 1), "month") == 0;
		time_t start = date_col(PQgetvalue(r, i, 2));
		tpl_set(c, "PERIOD_LABEL", month ? fmt_month(b, start)
					   : arena_strndup(&req->arena, PQgetvalue(r, i, 2), 4));
		tpl_set(c, "DOCS", PQgetvalue(r, i, 4));
		tpl_set(c, "ARCHIVE_SHA", PQgetvalue(r, i, 5));
		tpl_set(c, "HASH", PQgetvalue(r, i, 7));
		tpl_set(c, "HREF", arena_printf(&req->arena, "/admin/factures/clotures/%s.json", PQgetvalue(r, i, 0)));
	}
	return page_finish(req, status);
}

int page_staff_closings(struct request *req)
{
	return render_closings(req, NULL, NULL, 200);
}

/* "YYYY-MM" → ("month", first day), "YYYY" → ("year", 1 January); false when malformed. */
static bool parse_period(struct request *req, const char *s, const char **kind, const char **start)
{
	if (s && strlen(s) == 4 && strspn(s, "0123456789") == 4 && s[0] == '2') {
		*kind = "year";
		*start = arena_printf(&req->arena, "%s-01-01", s);
		return true;
	}
	*kind = "month";
	return (*start = month_param(&req->arena, s)) != NULL;
}

int page_staff_close_post(struct request *req)
{
	const char *period = kv_get(&req->form, "periode");
	const char *kind, *start;
	if (!parse_period(req, period, &kind, &start))
		return render_closings(req, "Période invalide : AAAA-MM pour un mois (2026-03) ou AAAA pour une année.",
				       period && strlen(period) < 20 ? period : "", 422);
	const char *p[] = {kind, start};
	const char *state;
	if (!req_exec(req, SQL_CLOSE, p, &state)) {
		const char *msg = refusal(state);
		return msg ? render_closings(req, msg, period, 409) : req_db_error(state);
	}
	resp_redirect(req, 303, "/admin/factures/clotures?ok=cloture");
	return 303;
}

int page_staff_closing_archive(struct request *req)
{
	const char *id = id_param(req, 0);
	if (!id)
		return 404;
	const char *state;
	const char *p[] = {id};
	PGresult *r = req_exec(req, SQL_CLOSING_GET, p, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	buf_puts(&req->resp.body, PQgetvalue(r, 0, 0));
	req->resp.content_type = "application/json; charset=utf-8";
	resp_header(req, "Content-Disposition", arena_printf(&req->arena, "attachment; filename=\"cloture-%s.json\"",
		arena_strndup(&req->arena, PQgetvalue(r, 0, 2), strcmp(PQgetvalue(r, 0, 1), "month") == 0 ? 7 : 4)));
	resp_header(req, "X-Archive-SHA256", PQgetvalue(r, 0, 3));
	return 0;
}

/* ---- exports ------------------------------------------------------------------------------------ */

/* The period of the query: ?mois=YYYY-MM or ?annee=YYYY. Sets first and last day; false when
 * neither is valid. */
static bool export_period(struct request *req, const char **first, const char **last, time_t *end)
{
	const char *m = kv_get(&req->query, "mois"), *y = kv_get(&req->query, "annee");
	int yy, mm;
	if (m && (*first = month_param(&req->arena, m))) {
		sscanf(*first, "%4d-%2d", &yy, &mm);
		static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
		int dd = mdays[mm - 1] + (mm == 2 && ((yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0));
		*last = arena_printf(&req->arena, "%04d-%02d-%02d", yy, mm, dd);
	} else if (y && strlen(y) == 4 && strspn(y, "0123456789") == 4 && y[0] == '2') {
		*first = arena_printf(&req->arena, "%s-01-01", y);
		*last = arena_printf(&req->arena, "%s-12-31", y);
	} else {
		return false;
	}
	*end = date_col(*last);
	return true;
}

static int bad_period(struct request *req)
{
	const char *para[] = {"Indiquez le mois (AAAA-MM) ou l’année (AAAA) de l’export.", NULL};
	return page_message(req, 400, "Période invalide", "/admin/factures/clotures", "Retour aux exports", para);
}

int page_staff_fec(struct request *req)
{
	const char *first, *last;
	time_t end;
	if (!export_period(req, &first, &last, &end))
		return bad_period(req);
	const char *state;
	const char *p[] = {first, last};
	PGresult *settings = req_exec(req, SQL_SETTINGS, NULL, &state);
	PGresult *sales = settings ? req_exec(req, SQL_FEC_SALES, p, &state) : NULL;
	PGresult *pays = sales ? req_exec(req, SQL_FEC_PAYMENTS, p, &state) : NULL;
	PGresult *acc = pays ? req_exec(req, SQL_ACCOUNTS, NULL, &state) : NULL;
	if (!acc)
		return req_db_error(state);
	size_t n;
	struct fec_row *rows = fec_load(&req->arena, sales, pays, acc, &n);
	if (fec_write(rows, n, &req->resp.body) < 0)
		return 500;
	char name[32];
	req->resp.content_type = "text/plain; charset=iso-8859-15"; /* fec.c writes ISO 8859-15 */
	resp_header(req, "Content-Disposition", arena_printf(&req->arena, "attachment; filename=\"%s.txt\"",
		fec_filename(name, PQgetvalue(settings, 0, 1), end)));
	return 0;
}

/* One CSV field: quoted when it holds ';', '"' or a line break; a leading = + - @ is
 * neutralised so a spreadsheet never runs it as a formula. */
static void csv_field(struct buf *b, const char *s, bool last)
{
	bool quote = strpbrk(s, ";\"\r\n") != NULL || (s[0] && strchr("=+-@", s[0]) != NULL);
	if (quote)
		buf_putc(b, '"');
	if (s[0] && strchr("=+-@", s[0]))
		buf_putc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	if (quote)
		buf_putc(b, '"');
	buf_puts(b, last ? "\r\n" : ";");
}

static const char *csv_amount(struct arena *a, const char *cents)
{
	long long c = strtoll(cents, NULL, 10);
	return arena_printf(a, "%s%lld,%02lld", c < 0 ? "-" : "", llabs(c) / 100, llabs(c) % 100);
}

int page_staff_journal(struct request *req)
{
	const char *first, *last;
	time_t end;
	if (!export_period(req, &first, &last, &end))
		return bad_period(req);
	const char *state;
	const char *p[] = {first, last};
	PGresult *r = req_exec(req, SQL_JOURNAL, p, &state);
	if (!r)
		return req_db_error(state);
	struct buf *b = &req->resp.body;
	buf_puts(b, "Date;Numéro;Type;Client;SIREN;Montant HT;TVA;Montant TTC;Payé;Échéance;État\r\n");
	for (int i = 0; i < PQntuples(r); i++) {
		bool credit = strcmp(PQgetvalue(r, i, 1), "credit_note") == 0;
		csv_field(b, PQgetvalue(r, i, 2), false);
		csv_field(b, PQgetvalue(r, i, 0), false);
		csv_field(b, credit ? "Avoir" : "Facture", false);
		csv_field(b, PQgetvalue(r, i, 4), false);
		csv_field(b, PQgetvalue(r, i, 5), false);
		/* Credit notes count negatively in the journal. */
		for (int c = 6; c <= 8; c++) {
			const char *v = PQgetvalue(r, i, c);
			buf_puts(b, credit && strcmp(v, "0") != 0 ? "-" : "");
			buf_puts(b, csv_amount(&req->arena, v));
			buf_putc(b, ';');
		}
		buf_puts(b, csv_amount(&req->arena, PQgetvalue(r, i, 9)));
		buf_putc(b, ';');
		csv_field(b, PQgetvalue(r, i, 3), false);
		csv_field(b, status_label(PQgetvalue(r, i, 10), PQgetvalue(r, i, 1)), true);
	}
	req->resp.content_type = "text/csv; charset=utf-8";
	resp_header(req, "Content-Disposition", arena_printf(&req->arena, "attachment; filename=\"journal-ventes-%s-%s.csv\"", first, last));
	return 0;
}
