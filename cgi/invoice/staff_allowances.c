/* staff_allowances.c: allowances and charges of a draft (remises et frais, EN 16931 BG-20/21
 * at document level, BG-27/28 at line level): the form on the draft's page, adding one,
 * removing one, and how the document's page shows them. */
#include "invoice.h"
#include "fields.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_values[] = {"remise", "frais", NULL};
static const char *const type_labels[] = {"Remise", "Frais"};
static const char *const ac_vat_values[] = {"0", "550", "1000", "2000", NULL};
static const char *const ac_vat_labels[] = {"0 %", "5,5 %", "10 %", "20 %"};

enum { AF_SCOPE, AF_TYPE, AF_REASON, AF_CODE, AF_AMOUNT, AF_PERCENT, AF_VAT, AF__MAX };
static const struct field_def ac_fields[AF__MAX] = {
	[AF_SCOPE] = {"porte_sur", FIELD_LINE, true, 1, 20, NULL},
	[AF_TYPE] = {"type", FIELD_CHOICE, true, 0, 0, type_values},
	[AF_REASON] = {"motif", FIELD_LINE, true, 1, 200, NULL},
	[AF_CODE] = {"code", FIELD_LINE, false, 0, 3, NULL},
	[AF_AMOUNT] = {"montant", FIELD_MONEY, false, 0, 0, NULL},
	[AF_PERCENT] = {"pourcentage", FIELD_LINE, false, 0, 10, NULL},
	[AF_VAT] = {"tva", FIELD_CHOICE, false, 0, 0, ac_vat_values},
};
enum { MAX_AC_CENTS = 100000000 };

/* "10", "12,5", "7.25" (per cent, two decimals at most, 0 to 100) into basis points. Returns
 * NULL when valid, else the French message. */
static const char *parse_percent(const char *s, int *bp)
{
	int whole = 0, frac = 0, digits = 0, fdigits = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9' && digits < 4; p++, digits++)
		whole = whole * 10 + (*p - '0');
	if (*p == ',' || *p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, fdigits++) {
			if (fdigits >= 2)
				return "Deux décimales au plus pour un pourcentage.";
			frac = frac * 10 + (*p - '0');
		}
	if (*p == ' ')
		p++;
	if (*p == '%')
		p++;
	if (*p || digits == 0)
		return "Pourcentage invalide : un nombre entre 0 et 100, par exemple 10 ou 12,5.";
	if (fdigits == 1)
		frac *= 10;
	*bp = whole * 100 + frac;
	if (*bp > 10000)
		return "Un pourcentage ne dépasse pas 100 %.";
	if (*bp == 0)
		return "Un pourcentage de 0 % ne donne aucun montant.";
	return NULL;
}

/* The line (index among d's lines) whose id is line_id in the SQL_DOC_LINES rows, or -1. */
static int line_index(PGresult *rows, const char *line_id)
{
	for (int i = 0, li = 0; i < PQntuples(rows); i++) {
		if (*PQgetvalue(rows, i, DL_AC_TYPE))
			continue;
		if (strcmp(PQgetvalue(rows, i, DL_ID), line_id) == 0)
			return li;
		li++;
	}
	return -1;
}

/* "Remise « Fidélité » : -3,50 € (10 % de 35,00 €)". */
static const char *ac_words(struct arena *a, const struct doc_allowance *ac)
{
	char m[FMT_MAX], b[FMT_MAX];
	const char *pct = "";
	if (ac->base_cents) {
		pct = ac->percent_bp % 100 == 0
			? arena_printf(a, " (%d" FMT_NBSP "%% de %s)", ac->percent_bp / 100, fmt_money(b, ac->base_cents))
			: arena_printf(a, " (%d,%02d" FMT_NBSP "%% de %s)", ac->percent_bp / 100, ac->percent_bp % 100,
				       fmt_money(b, ac->base_cents));
	}
	return arena_printf(a, "%s « %s » : %s%s", ac->charge ? "Frais" : "Remise", ac->reason,
			    fmt_money(m, ac->charge ? ac->amount_cents : -ac->amount_cents), pct);
}

void ac_line_dict(struct request *req, struct tpl_dict *r, const struct doc *d, size_t line)
{
	for (size_t j = 0; j < d->n_acs; j++)
		if (d->acs[j].line == (int)line)
			tpl_set(tpl_section(r, "LINE_AC"), "LINE_AC_TEXT", ac_words(&req->arena, &d->acs[j]));
}

void ac_doc_dict(struct request *req, struct tpl_dict *t, const struct doc *d)
{
	char b[FMT_MAX];
	struct tpl_dict *s = NULL;
	for (size_t j = 0; j < d->n_acs; j++) {
		const struct doc_allowance *ac = &d->acs[j];
		if (ac->line != -1)
			continue;
		if (!s) {
			s = tpl_section(t, "DOC_AC_S");
			tpl_set(s, "LINE_TOTAL", fmt_money(b, d->line_total_cents));
			if (d->allowance_cents)
				tpl_set(tpl_section(s, "ALLOWANCES_S"), "ALLOWANCES", fmt_money(b, -d->allowance_cents));
			if (d->charge_cents)
				tpl_set(tpl_section(s, "CHARGES_S"), "CHARGES", fmt_money(b, d->charge_cents));
		}
		struct tpl_dict *r = tpl_section(s, "DOC_AC");
		tpl_set(r, "AC_TEXT", ac_words(&req->arena, ac));
		int bp = ac->vat_rate_bp;
		tpl_set(r, "AC_VAT", ac->vat_category != 'S' ? "TVA non applicable"
				     : bp % 100 == 0 ? arena_printf(&req->arena, "TVA %d" FMT_NBSP "%%", bp / 100)
				     : arena_printf(&req->arena, "TVA %d,%d" FMT_NBSP "%%", bp / 100, (bp % 100) / 10));
	}
}

void ac_form_dict(struct request *req, struct tpl_dict *dr, const char *id, PGresult *lines,
		  bool franchise, const struct field_value *v, size_t errors)
{
	struct arena *a = &req->arena;
	const char *scope = v ? v[AF_SCOPE].str : "document";
	/* What each allowance or charge can apply to: the document, or one of its lines. */
	struct tpl_dict *o = tpl_section(dr, "AC_SCOPE_OPT");
	tpl_set(o, "VALUE", "document");
	tpl_set(o, "LABEL", "Tout le document");
	if (strcmp(scope, "document") == 0)
		tpl_show(o, "SEL");
	for (int i = 0, n = 0; i < PQntuples(lines); i++) {
		const char *type = PQgetvalue(lines, i, DL_AC_TYPE);
		if (*type) {
			/* An existing allowance or charge, with its remove button. */
			struct tpl_dict *r = tpl_section(dr, "AC_ROW");
			bool charge = strcmp(PQgetvalue(lines, i, DL_AC_CHARGE), "true") == 0;
			char m[FMT_MAX];
			int64_t cents = strtoll(PQgetvalue(lines, i, DL_AC_AMOUNT), NULL, 10);
			const char *on = "le document";
			if (*type == 'L') {
				for (int j = 0; j < PQntuples(lines); j++)
					if (!*PQgetvalue(lines, j, DL_AC_TYPE) &&
					    strcmp(PQgetvalue(lines, j, DL_ID), PQgetvalue(lines, i, DL_AC_LINE)) == 0)
						on = arena_printf(a, "la ligne « %s »", PQgetvalue(lines, j, DL_DESCRIPTION));
			}
			tpl_set(r, "AC_ROW_TEXT", arena_printf(a, "%s « %s » sur %s : %s", charge ? "Frais" : "Remise",
							       PQgetvalue(lines, i, DL_DESCRIPTION), on,
							       fmt_money(m, charge ? cents : -cents)));
			tpl_set(r, "CSRF", csrf_token(req));
			tpl_set(r, "AC_DEL_ACTION", arena_printf(a, "/admin/factures/%s/remises/%s%s/supprimer", id,
								 *type == 'L' ? "l" : "d", PQgetvalue(lines, i, DL_ID)));
			continue;
		}
		n++;
		o = tpl_section(dr, "AC_SCOPE_OPT");
		tpl_set(o, "VALUE", PQgetvalue(lines, i, DL_ID));
		tpl_set(o, "LABEL", arena_printf(a, "Ligne %d : %s", n, PQgetvalue(lines, i, DL_DESCRIPTION)));
		if (strcmp(scope, PQgetvalue(lines, i, DL_ID)) == 0)
			tpl_show(o, "SEL");
	}
	options(dr, "AC_TYPE_OPT", type_values, type_labels, 0, v ? v[AF_TYPE].str : "remise");
	const char *state;
	PGresult *reasons = req_exec(req, SQL_AC_REASONS, NULL, &state);
	o = tpl_section(dr, "AC_CODE_OPT");
	tpl_set(o, "VALUE", "");
	tpl_set(o, "LABEL", "(aucun code)");
	for (int i = 0; reasons && i < PQntuples(reasons); i++) {
		o = tpl_section(dr, "AC_CODE_OPT");
		bool charge = strcmp(PQgetvalue(reasons, i, 0), "t") == 0;
		tpl_set(o, "VALUE", PQgetvalue(reasons, i, 1));
		tpl_set(o, "LABEL", arena_printf(a, "%s : %s", charge ? "Frais" : "Remise", PQgetvalue(reasons, i, 2)));
		if (v && strcmp(v[AF_CODE].str, PQgetvalue(reasons, i, 1)) == 0)
			tpl_show(o, "SEL");
	}
	if (franchise) {
		o = tpl_section(dr, "AC_VAT_OPT");
		tpl_set(o, "VALUE", "0");
		tpl_set(o, "LABEL", "0 % (TVA non applicable, art. 293 B du CGI)");
	} else {
		options(dr, "AC_VAT_OPT", ac_vat_values, ac_vat_labels, 0, v && v[AF_VAT].present ? v[AF_VAT].str : "2000");
	}
#define AC_VAR(idx, name)                                                                     \
	do {                                                                                  \
		tpl_set(dr, name "_VALUE", v ? v[idx].str : "");                             \
		if (v && !v[idx].valid)                                                       \
			tpl_set(tpl_section(dr, name "_INVALID"), name "_ERROR", v[idx].error); \
	} while (0)
	AC_VAR(AF_SCOPE, "A_SCOPE");
	AC_VAR(AF_TYPE, "A_TYPE");
	AC_VAR(AF_REASON, "A_REASON");
	AC_VAR(AF_CODE, "A_CODE");
	AC_VAR(AF_AMOUNT, "A_AMOUNT");
	AC_VAR(AF_PERCENT, "A_PERCENT");
	AC_VAR(AF_VAT, "A_VAT");
#undef AC_VAR
	if (errors)
		tpl_set_int(tpl_section(dr, "AC_ERRORS"), "N_AC_ERRORS", (long long)errors);
	tpl_set(dr, "AC_ACTION", arena_printf(a, "/admin/factures/%s/remises", id));
}

int page_staff_ac_add_post(struct request *req)
{
	const char *id = id_param(req, 0);
	if (!id)
		return 404;
	struct arena *a = &req->arena;
	struct field_value v[AF__MAX];
	size_t errors = form_read(a, &req->form, ac_fields, AF__MAX, v);
	PGresult *head, *lines;
	int rc = load_doc(req, id, &head, &lines);
	if (rc)
		return rc;
	if (strcmp(PQgetvalue(head, 0, DH_STATUS), "draft") != 0)
		return staff_doc_redisplay(req, id, NULL, 0, refusal("FTI08"), 409);
	bool franchise = strcmp(PQgetvalue(head, 0, DH_S_VAT_STATUS), "franchise") == 0;
	/* The document as it is: the base of a percentage is what the allowance reduces. */
	struct doc d;
	bool coherent = doc_load(a, &d, head, lines) == 0;
	bool on_doc = v[AF_SCOPE].valid && strcmp(v[AF_SCOPE].str, "document") == 0;
	int line = -1;
	if (v[AF_SCOPE].valid && !on_doc) {
		line = line_index(lines, v[AF_SCOPE].str);
		if (line < 0)
			invalidate(&v[AF_SCOPE], "Choisissez le document ou l’une de ses lignes.", &errors);
	}
	if (!v[AF_TYPE].valid && v[AF_TYPE].present)
		v[AF_TYPE].error = "Choisissez « Remise » ou « Frais ».";
	bool charge = v[AF_TYPE].valid && v[AF_TYPE].num == 1;
	/* The reason code: one of the table's, of the same type (remise: UNTDID 5189, frais: 7161). */
	const char *state;
	if (v[AF_CODE].valid && v[AF_CODE].present) {
		PGresult *reasons = req_exec(req, SQL_AC_REASONS, NULL, &state);
		if (!reasons) {
			doc_free(&d);
			return req_db_error(state);
		}
		bool known = false;
		for (int i = 0; i < PQntuples(reasons); i++)
			if (strcmp(PQgetvalue(reasons, i, 1), v[AF_CODE].str) == 0 &&
			    (strcmp(PQgetvalue(reasons, i, 0), "t") == 0) == charge)
				known = true;
		if (!known && v[AF_TYPE].valid)
			invalidate(&v[AF_CODE], charge ? "Ce code n’est pas un motif de frais : choisissez-en un de la liste."
						       : "Ce code n’est pas un motif de remise : choisissez-en un de la liste.",
				   &errors);
	}
	int vat = 0;
	if (on_doc) {
		if (!v[AF_VAT].present)
			invalidate(&v[AF_VAT], "Choisissez le taux de TVA de la remise ou des frais.", &errors);
		else if (!v[AF_VAT].valid)
			v[AF_VAT].error = "Taux de TVA inconnu : 0 %, 5,5 %, 10 % ou 20 %.";
		else
			vat = atoi(ac_vat_values[v[AF_VAT].num]);
		if (v[AF_VAT].valid && vat != 0 && franchise)
			invalidate(&v[AF_VAT], "TVA non applicable : l’association est en franchise en base (art. 293 B du CGI).", &errors);
	} else if (line >= 0 && coherent) {
		vat = d.lines[line].vat_rate_bp;
	}
	/* The amount, typed or given by a percentage of its base. */
	int bp = 0;
	int64_t base = 0, amount = 0;
	if (v[AF_PERCENT].valid && v[AF_PERCENT].present) {
		const char *msg = parse_percent(v[AF_PERCENT].str, &bp);
		if (msg)
			invalidate(&v[AF_PERCENT], msg, &errors);
	}
	if (!v[AF_AMOUNT].valid && v[AF_AMOUNT].present && v[AF_AMOUNT].str[0] == '-')
		v[AF_AMOUNT].error = "Le montant s’indique sans signe : choisissez « Remise » pour une réduction.";
	if (v[AF_AMOUNT].present && v[AF_PERCENT].present && v[AF_AMOUNT].valid && v[AF_PERCENT].valid) {
		invalidate(&v[AF_PERCENT], "Indiquez un montant ou un pourcentage, pas les deux.", &errors);
	} else if (!v[AF_AMOUNT].present && !v[AF_PERCENT].present) {
		invalidate(&v[AF_AMOUNT], "Indiquez le montant (en euros) ou un pourcentage.", &errors);
	} else if (v[AF_AMOUNT].present && v[AF_AMOUNT].valid) {
		amount = v[AF_AMOUNT].num;
		if (amount <= 0)
			invalidate(&v[AF_AMOUNT], "Le montant doit être supérieur à zéro.", &errors);
		else if (amount > MAX_AC_CENTS)
			invalidate(&v[AF_AMOUNT], "Montant invraisemblable : 1 000 000 € au plus.", &errors);
	} else if (v[AF_PERCENT].present && v[AF_PERCENT].valid && coherent && (on_doc || line >= 0)) {
		if (on_doc) {
			for (size_t k = 0; k < d.n_vat; k++)
				if (d.vat[k].rate_bp == vat)
					base = d.vat[k].basis_cents;
		} else {
			base = d.lines[line].net_cents + d.lines[line].allowance_cents - d.lines[line].charge_cents;
		}
		amount = (base * bp + 5000) / 10000;
		if (base <= 0 || amount <= 0)
			invalidate(&v[AF_PERCENT], on_doc ? "Aucune ligne à ce taux de TVA : le pourcentage n’a pas de base."
							  : "Ce pourcentage de la ligne ne donne aucun montant.",
				   &errors);
	}
	if (!coherent && !errors)
		invalidate(&v[AF_SCOPE], "Ajoutez d’abord une ligne au document : une remise ou des frais portent sur ses lignes.", &errors);
	/* An allowance never exceeds what it reduces. */
	if (!errors && !charge && coherent) {
		int64_t left = -1;
		if (line >= 0)
			left = d.lines[line].net_cents;
		else
			for (size_t k = 0; k < d.n_vat; k++)
				if (d.vat[k].rate_bp == vat)
					left = d.vat[k].basis_cents;
		if (left < 0)
			left = 0;
		if (amount > left)
			invalidate(v[AF_PERCENT].present ? &v[AF_PERCENT] : &v[AF_AMOUNT],
				   line >= 0 ? "La remise dépasse le montant de la ligne."
					     : "La remise dépasse le montant des lignes à ce taux de TVA.",
				   &errors);
	}
	doc_free(&d);
	if (errors)
		return staff_doc_redisplay(req, id, v, errors, NULL, 422);
	const char *s_amount = arena_printf(a, "%lld", (long long)amount);
	const char *s_base = base ? arena_printf(a, "%lld", (long long)base) : "";
	const char *s_bp = base ? arena_printf(a, "%d", bp) : "";
	const char *s_charge = charge ? "true" : "false";
	PGresult *r;
	if (on_doc) {
		const char *p[] = {id, s_charge, s_amount, s_base, s_bp, v[AF_REASON].str, v[AF_CODE].str,
				   arena_printf(a, "%d", vat)};
		r = req_exec(req, SQL_AC_ADD, p, &state);
	} else {
		const char *p[] = {id, v[AF_SCOPE].str, s_charge, s_amount, s_base, s_bp, v[AF_REASON].str,
				   v[AF_CODE].str};
		r = req_exec(req, SQL_LINE_AC_ADD, p, &state);
	}
	if (!r) {
		const char *msg = refusal(state);
		return msg ? staff_doc_redisplay(req, id, v, 0, msg, 409) : req_db_error(state);
	}
	if (PQntuples(r) == 0)
		return 404;
	resp_redirect(req, 303, arena_printf(a, "/admin/factures/%s?ok=%s", id, charge ? "frais" : "remise"));
	return 303;
}

/* POST /admin/factures/<id>/remises/<d|l><id>/supprimer */
int page_staff_ac_delete_post(struct request *req)
{
	const char *id = id_param(req, 0), *which = req->params[1];
	if (!id || !which || (which[0] != 'd' && which[0] != 'l'))
		return 404;
	const char *ac = which + 1;
	if (!*ac || strlen(ac) > 18 || *ac == '0' || strspn(ac, "0123456789") != strlen(ac))
		return 404;
	const char *state;
	const char *p[] = {id, ac, which[0] == 'd' ? "D" : "L"};
	PGresult *r = req_exec(req, SQL_AC_DELETE, p, &state);
	if (!r) {
		const char *msg = refusal(state);
		return msg ? staff_doc_redisplay(req, id, NULL, 0, msg, 409) : req_db_error(state);
	}
	if (PQntuples(r) == 0)
		return 404;
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/factures/%s?ok=remise_retiree", id));
	return 303;
}
