/* sepa_pages.c: the staff's SEPA direct-debit pages under /admin/factures/sepa: mandates, and
 * batches as records (schema/0019_sepa_batches.sql): prepare a batch (FRST or RCUR, its
 * collection date), download its pain.008 file (written once, then served unchanged), record
 * a returned debit, settle the batch (one payment per debit collected). */
#include "invoice.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *batch_status(const char *s)
{
	return strcmp(s, "settled") == 0 ? "Réglé" : "Préparé, en attente de règlement";
}


enum { MF_EMAIL, MF_RUM, MF_SIGNED, MF_DEBTOR, MF_IBAN, MF_BIC, MF__MAX };
static const struct field_def mandate_fields[MF__MAX] = {
	[MF_EMAIL] = {"email", FIELD_EMAIL, true, 3, 254, NULL},
	[MF_RUM] = {"rum", FIELD_LINE, true, 1, 35, NULL},
	[MF_SIGNED] = {"signe_le", FIELD_DATE, true, 0, 0, NULL},
	[MF_DEBTOR] = {"titulaire", FIELD_LINE, true, 1, 70, NULL},
	[MF_IBAN] = {"iban", FIELD_LINE, true, 15, 42, NULL},
	[MF_BIC] = {"bic", FIELD_LINE, false, 0, 11, NULL},
};
static const struct field_ui mandate_ui[MF__MAX] = {
	[MF_EMAIL] = {"E-mail du compte du membre", "email", "off", NULL},
	[MF_RUM] = {"Référence unique du mandat (RUM)", "text", "off", "35 caractères au plus : lettres, chiffres, espaces et + ? / : ( ) . , ' -"},
	[MF_SIGNED] = {"Date de signature", "date", NULL, NULL},
	[MF_DEBTOR] = {"Titulaire du compte", "text", "off", NULL},
	[MF_IBAN] = {"IBAN", "text", "off", NULL},
	[MF_BIC] = {"BIC (facultatif)", "text", "off", NULL},
};

static int render_sepa(struct request *req, const struct field_value *v, size_t errors, int status)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_MANDATES, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = staff_start(req, "invoice_sepa.tpl", "Prélèvements SEPA");
	show_notice(req, d);
	char b[FMT_MAX];
	tpl_set(d, "DATE", fmt_iso_date(b, time(NULL) + 7 * 86400));
	struct field_value fresh[MF__MAX];
	if (!v) {
		for (int i = 0; i < MF__MAX; i++)
			fresh[i] = (struct field_value){.valid = true, .str = ""};
		v = fresh;
	}
	page_fields(req, d, "FIELD", mandate_fields, mandate_ui, v, 0, MF__MAX);
	page_errors(d, errors);
	tpl_set(d, "BATCH_ACTION", "/admin/factures/sepa/lots");
	PGresult *bs = req_exec(req, SQL_SEPA_BATCHES, NULL, &state);
	if (!bs)
		return req_db_error(state);
	for (int i = 0; i < PQntuples(bs); i++) {
		struct tpl_dict *row = tpl_section(d, "BATCH");
		tpl_set(row, "B_HREF", arena_printf(&req->arena, "/admin/factures/sepa/lots/%s", PQgetvalue(bs, i, 0)));
		tpl_set(row, "B_ID", PQgetvalue(bs, i, 0));
		tpl_set(row, "B_SEQ", PQgetvalue(bs, i, 1));
		tpl_set(row, "B_DATE", fmt_date(b, date_col(PQgetvalue(bs, i, 2))));
		tpl_set(row, "B_STATUS", batch_status(PQgetvalue(bs, i, 3)));
		tpl_set(row, "B_COUNT", PQgetvalue(bs, i, 4));
		tpl_set(row, "B_AMOUNT", fmt_money(b, strtoll(PQgetvalue(bs, i, 5), NULL, 10)));
		tpl_set(row, "B_RETURNED", PQgetvalue(bs, i, 6));
	}
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *m = tpl_section(d, "MANDATE");
		tpl_set(m, "RUM", PQgetvalue(r, i, 0));
		tpl_set(m, "SIGNED", fmt_date(b, date_col(PQgetvalue(r, i, 1))));
		tpl_set(m, "DEBTOR", PQgetvalue(r, i, 2));
		tpl_set(m, "IBAN", PQgetvalue(r, i, 3));
		tpl_set(m, "STATUS", strcmp(PQgetvalue(r, i, 4), "active") == 0 ? "Actif" : "Révoqué");
		tpl_set(m, "EMAIL", PQgetvalue(r, i, 5));
	}
	return page_finish(req, status);
}

int page_staff_sepa(struct request *req)
{
	return render_sepa(req, NULL, 0, 200);
}

int page_staff_mandate_post(struct request *req)
{
	struct field_value v[MF__MAX];
	size_t errors = form_read(&req->arena, &req->form, mandate_fields, MF__MAX, v);
	char today[FMT_MAX];
	if (v[MF_SIGNED].valid && v[MF_SIGNED].present && strcmp(v[MF_SIGNED].str, today_iso(today)) > 0)
		invalidate(&v[MF_SIGNED], "La date de signature ne peut pas être dans le futur.", &errors);
	if (v[MF_IBAN].valid && v[MF_IBAN].present && !iban_valid(v[MF_IBAN].str))
		invalidate(&v[MF_IBAN], "IBAN invalide : la clé de contrôle ne correspond pas.", &errors);
	if (v[MF_RUM].valid && v[MF_RUM].present &&
	    strspn(v[MF_RUM].str, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+?/:().,' -") != strlen(v[MF_RUM].str))
		invalidate(&v[MF_RUM], "Caractère non autorisé dans une RUM.", &errors);
	else if (v[MF_RUM].valid && v[MF_RUM].present &&
		 (v[MF_RUM].str[0] == ' ' || v[MF_RUM].str[0] == '/' ||
		  v[MF_RUM].str[strlen(v[MF_RUM].str) - 1] == '/' || strstr(v[MF_RUM].str, "//")))
		/* The SEPA rules: no leading space, no '/' at either end, never "//". */
		invalidate(&v[MF_RUM], "Une RUM ne commence ni par une espace ni par « / », ne finit "
			   "pas par « / » et ne contient pas « // ».", &errors);
	if (v[MF_BIC].valid && v[MF_BIC].present) {
		size_t n = strlen(v[MF_BIC].str);
		if ((n != 8 && n != 11) || strspn(v[MF_BIC].str, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") != n)
			invalidate(&v[MF_BIC], "BIC invalide : 8 ou 11 lettres et chiffres.", &errors);
	}
	if (errors)
		return render_sepa(req, v, errors, 422);
	const char *params[] = {v[MF_EMAIL].str, v[MF_RUM].str, v[MF_SIGNED].str, v[MF_DEBTOR].str,
				v[MF_IBAN].str, v[MF_BIC].str};
	const char *state;
	PGresult *r = req_exec(req, SQL_MANDATE_ADD, params, &state);
	if (!r) {
		if (state && strcmp(state, SQLSTATE_UNIQUE) == 0) {
			invalidate(&v[MF_RUM], "Cette RUM existe déjà, ou ce membre a déjà un mandat actif.", &errors);
			return render_sepa(req, v, errors, 422);
		}
		if (state && strcmp(state, "23514") == 0) {
			invalidate(&v[MF_IBAN], "IBAN ou BIC refusé.", &errors);
			return render_sepa(req, v, errors, 422);
		}
		return req_db_error(state);
	}
	if (PQntuples(r) == 0) {
		invalidate(&v[MF_EMAIL], "Aucun compte n’a cette adresse e-mail.", &errors);
		return render_sepa(req, v, errors, 422);
	}
	resp_redirect(req, 303, "/admin/factures/sepa?ok=mandat");
	return 303;
}

/* ---- batches ----------------------------------------------------------------------------- */

enum { BF_SEQ, BF_DATE, BF__MAX };
static const char *const seq_values[] = {"FRST", "RCUR", NULL};
static const struct field_def batch_fields[BF__MAX] = {
	[BF_SEQ] = {"sequence", FIELD_CHOICE, true, 0, 0, seq_values},
	[BF_DATE] = {"date", FIELD_DATE, true, 0, 0, NULL},
};

static int batch_refused(struct request *req, const char *state, const char *back)
{
	const char *msg = refusal(state);
	if (!msg)
		return req_db_error(state);
	const char *para[] = {msg, NULL};
	return page_message(req, 409, "Opération refusée", back, "Retour", para);
}

int page_staff_batch_post(struct request *req)
{
	struct field_value v[BF__MAX];
	size_t errors = form_read(&req->arena, &req->form, batch_fields, BF__MAX, v);
	if (errors) {
		const char *para[] = {"Choisissez la séquence (FRST ou RCUR) et une date d’échéance valide.", NULL};
		return page_message(req, 422, "Lot de prélèvements impossible", "/admin/factures/sepa", "Retour", para);
	}
	const char *p[] = {seq_values[v[BF_SEQ].num], v[BF_DATE].str,
			   arena_printf(&req->arena, "%lld", (long long)req->user->person_id)};
	const char *state;
	PGresult *r = req_exec(req, SQL_SEPA_BATCH_CREATE, p, &state);
	if (!r)
		return batch_refused(req, state, "/admin/factures/sepa");
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/factures/sepa/lots/%s?ok=lot", PQgetvalue(r, 0, 0)));
	return 303;
}

int page_staff_batch(struct request *req)
{
	const char *id = id_param(req, 0);
	if (!id)
		return 404;
	const char *state;
	const char *p[] = {id};
	PGresult *b = req_exec(req, SQL_SEPA_BATCH, p, &state);
	if (!b)
		return req_db_error(state);
	if (PQntuples(b) != 1)
		return 404;
	PGresult *ds = req_exec(req, SQL_SEPA_DEBITS, p, &state);
	if (!ds)
		return req_db_error(state);
	char m[FMT_MAX];
	struct tpl_dict *d = staff_start(req, "invoice_sepa_batch.tpl",
					 arena_printf(&req->arena, "Lot de prélèvements n° %s", id));
	show_notice(req, d);
	bool prepared = strcmp(PQgetvalue(b, 0, 5), "prepared") == 0;
	tpl_set(d, "SEQ", PQgetvalue(b, 0, 1));
	tpl_set(d, "DATE", fmt_date(m, date_col(PQgetvalue(b, 0, 2))));
	tpl_set(d, "MESSAGE_ID", PQgetvalue(b, 0, 3));
	tpl_set(d, "CREDITOR_ID", PQgetvalue(b, 0, 4));
	tpl_set(d, "STATUS", batch_status(PQgetvalue(b, 0, 5)));
	tpl_set(d, "XML_HREF", arena_printf(&req->arena, "/admin/factures/sepa/lots/%s.xml", id));
	if (*PQgetvalue(b, 0, 8))
		tpl_set(tpl_section(d, "SETTLED_S"), "SETTLED_ON", fmt_date(m, date_col(PQgetvalue(b, 0, 8))));
	for (int i = 0; i < PQntuples(ds); i++) {
		struct tpl_dict *r = tpl_section(d, "DEBIT");
		const char *st = PQgetvalue(ds, i, 9);
		tpl_set(r, "NUMBER", PQgetvalue(ds, i, 7));
		tpl_set(r, "RUM", PQgetvalue(ds, i, 2));
		tpl_set(r, "DEBTOR", PQgetvalue(ds, i, 4));
		tpl_set(r, "AMOUNT", fmt_money(m, strtoll(PQgetvalue(ds, i, 1), NULL, 10)));
		tpl_set(r, "E2E", PQgetvalue(ds, i, 0));
		if (strcmp(st, "returned") == 0)
			tpl_set(r, "D_STATUS", arena_printf(&req->arena, "Rejeté le %s (motif %s)",
							    fmt_date(m, date_col(PQgetvalue(ds, i, 10))),
							    PQgetvalue(ds, i, 11)));
		else
			tpl_set(r, "D_STATUS", strcmp(st, "collected") == 0 ? "Encaissé" : "À encaisser");
		if (prepared && strcmp(st, "pending") == 0) {
			struct tpl_dict *f = tpl_section(r, "RETURN_S");
			tpl_set(f, "CSRF", csrf_token(req));
			tpl_set(f, "RETURN_ACTION", arena_printf(&req->arena, "/admin/factures/sepa/lots/%s/rejet", id));
			tpl_set(f, "DEBIT_ID", PQgetvalue(ds, i, 8));
			tpl_set(f, "TODAY", today_iso(m));
		}
	}
	if (prepared) {
		struct tpl_dict *s = tpl_section(d, "SETTLE_S");
		tpl_set(s, "CSRF", csrf_token(req));
		tpl_set(s, "SETTLE_ACTION", arena_printf(&req->arena, "/admin/factures/sepa/lots/%s/reglement", id));
		tpl_set(s, "TODAY", today_iso(m));
	}
	return page_finish(req, 200);
}

int page_staff_batch_xml(struct request *req)
{
	const char *id = id_param(req, 0);
	if (!id)
		return 404;
	const char *state;
	const char *p[] = {id};
	PGresult *b = req_exec(req, SQL_SEPA_BATCH, p, &state);
	if (!b)
		return req_db_error(state);
	if (PQntuples(b) != 1)
		return 404;
	const char *file = PQgetvalue(b, 0, 7);
	if (!*file) {
		/* First download: write the file from the batch's debits and store it; a download
		 * racing this one gets the bytes stored first. */
		PGresult *settings = req_exec(req, SQL_SETTINGS, NULL, &state);
		PGresult *ds = settings ? req_exec(req, SQL_SEPA_DEBITS, p, &state) : NULL;
		if (!ds)
			return req_db_error(state);
		struct sepa_batch batch;
		sepa_load(&req->arena, &batch, settings, b, ds);
		struct buf x = {0};
		if (batch.n_tx == 0 || sepa_pain008(&batch, &x) < 0) {
			buf_free(&x);
			const char *para[] = {"Le fichier de ce lot ne peut pas être produit : IBAN ou BIC de l’association, "
					      "ou aucun prélèvement à présenter (tous rejetés).", NULL};
			return page_message(req, 409, "Fichier SEPA impossible", "/admin/factures/sepa", "Retour", para);
		}
		const char *sp[] = {id, arena_strndup(&req->arena, x.data, x.len)};
		buf_free(&x);
		PGresult *st = req_exec(req, SQL_SEPA_STORE, sp, &state);
		if (!st)
			return req_db_error(state);
		file = PQgetvalue(st, 0, 0);
	}
	buf_puts(&req->resp.body, file);
	req->resp.content_type = "application/xml; charset=utf-8";
	resp_header(req, "Content-Disposition",
		    arena_printf(&req->arena, "attachment; filename=\"%s.xml\"", PQgetvalue(b, 0, 3)));
	return 0;
}

enum { RF_DEBIT, RF_DATE, RF_REASON, RF__MAX };
static const struct field_def return_fields[RF__MAX] = {
	[RF_DEBIT] = {"prelevement", FIELD_INT, true, 1, 1000000000, NULL},
	[RF_DATE] = {"date", FIELD_DATE, true, 0, 0, NULL},
	[RF_REASON] = {"motif", FIELD_LINE, true, 4, 4, NULL},
};

int page_staff_batch_return_post(struct request *req)
{
	const char *id = id_param(req, 0);
	if (!id)
		return 404;
	struct field_value v[RF__MAX];
	size_t errors = form_read(&req->arena, &req->form, return_fields, RF__MAX, v);
	const char *reason = v[RF_REASON].valid ? v[RF_REASON].str : "";
	bool code = strlen(reason) == 4 && strspn(reason, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == 2 &&
		    strspn(reason + 2, "0123456789") == 2;
	const char *back = arena_printf(&req->arena, "/admin/factures/sepa/lots/%s", id);
	if (errors || !code) {
		const char *para[] = {"Indiquez le prélèvement, la date du rejet et son code motif ISO 20022 "
				      "(deux lettres et deux chiffres, par exemple AM04 ou MD01).", NULL};
		return page_message(req, 422, "Rejet non enregistré", back, "Retour", para);
	}
	const char *p[] = {id, arena_printf(&req->arena, "%lld", (long long)v[RF_DEBIT].num), v[RF_DATE].str, reason};
	const char *state;
	PGresult *r = req_exec(req, SQL_SEPA_RETURN, p, &state);
	if (!r)
		return batch_refused(req, state, back);
	if (PQntuples(r) == 0)
		return 404;
	resp_redirect(req, 303, arena_printf(&req->arena, "%s?ok=retour", back));
	return 303;
}

enum { SF_DATE, SF__MAX };
static const struct field_def settle_fields[SF__MAX] = {
	[SF_DATE] = {"date", FIELD_DATE, true, 0, 0, NULL},
};

int page_staff_batch_settle_post(struct request *req)
{
	const char *id = id_param(req, 0);
	if (!id)
		return 404;
	struct field_value v[SF__MAX];
	const char *back = arena_printf(&req->arena, "/admin/factures/sepa/lots/%s", id);
	if (form_read(&req->arena, &req->form, settle_fields, SF__MAX, v)) {
		const char *para[] = {"Indiquez la date du règlement du lot.", NULL};
		return page_message(req, 422, "Règlement non enregistré", back, "Retour", para);
	}
	const char *p[] = {id, v[SF_DATE].str, arena_printf(&req->arena, "%lld", (long long)req->user->person_id)};
	const char *state;
	if (!req_exec(req, SQL_SEPA_SETTLE, p, &state))
		return batch_refused(req, state, back);
	resp_redirect(req, 303, arena_printf(&req->arena, "%s?ok=regle", back));
	return 303;
}
