/* funding.c: /admin/financements, the grants and subsidies staff record: the funder (from the
 * funder table or typed), public or private money, amount, the period funded and where it
 * stands (requested, granted, received). The dashboard sums them per year beside the sales. */
#include "admin.h"
#include "fmt.h"
#include <stdlib.h>
#include <string.h>

static const char *const statuses[] = {"requested", "granted", "received", NULL};
static const char *const status_labels[] = {"Demandé", "Accordé", "Reçu"};
static const char *const kinds[] = {"public", "prive", NULL};

enum funding_field {
	GF_FUNDER, GF_NAME, GF_KIND, GF_LABEL, GF_AMOUNT, GF_START, GF_END, GF_STATUS, GF_NOTE, GF__MAX
};

static const struct field_def funding_fields[GF__MAX] = {
	[GF_FUNDER] = {"financeur", FIELD_INT, false, 1, 1000000, NULL},
	[GF_NAME] = {"nom_financeur", FIELD_LINE, false, 1, 200, NULL},
	[GF_KIND] = {"nature", FIELD_CHOICE, false, 0, 0, kinds},
	[GF_LABEL] = {"objet", FIELD_LINE, true, 1, 200, NULL},
	[GF_AMOUNT] = {"montant", FIELD_MONEY, true, 0, 0, NULL},
	[GF_START] = {"debut", FIELD_DATE, true, 0, 0, NULL},
	[GF_END] = {"fin", FIELD_DATE, true, 0, 0, NULL},
	[GF_STATUS] = {"statut", FIELD_CHOICE, true, 0, 0, statuses},
	[GF_NOTE] = {"note", FIELD_TEXT, false, 0, 1000, NULL},
};

static const struct field_ui funding_ui[GF__MAX] = {
	[GF_NAME] = {"Ou nom d’un autre financeur", "text", "off",
		     "Si le financeur n’est pas dans la liste : son nom, et la nature de l’argent ci-dessous."},
	[GF_LABEL] = {"Objet", "text", "off", "Par exemple : fonctionnement 2026, aménagement de la salle."},
	[GF_AMOUNT] = {"Montant (€)", "text", "off", "En euros, par exemple 8 000 ou 12 500,50."},
	[GF_START] = {"Début de la période financée", "date", NULL,
		      "L’année de ce début est celle où la somme compte au tableau de bord."},
	[GF_END] = {"Fin de la période financée", "date", NULL, NULL},
	[GF_NOTE] = {"Note", "textarea", NULL, NULL},
};

static void invalidate(struct field_value *v, const char *msg, size_t *errors)
{
	if (v->valid)
		(*errors)++;
	v->valid = false;
	v->error = msg;
}

static size_t read_funding(struct request *req, struct field_value *v)
{
	size_t errors = form_read(&req->arena, &req->form, funding_fields, GF__MAX, v);
	if (!v[GF_FUNDER].present && v[GF_FUNDER].valid) {
		if (!v[GF_NAME].present && v[GF_NAME].valid)
			invalidate(&v[GF_NAME], "Choisissez un financeur dans la liste ou indiquez son nom.", &errors);
		if (!v[GF_KIND].present && v[GF_KIND].valid)
			invalidate(&v[GF_KIND], "Indiquez s’il s’agit d’argent public ou privé.", &errors);
	}
	if (v[GF_AMOUNT].valid && v[GF_AMOUNT].present && v[GF_AMOUNT].num <= 0)
		invalidate(&v[GF_AMOUNT], "Le montant doit être supérieur à zéro.", &errors);
	if (v[GF_START].valid && v[GF_END].valid && v[GF_START].present && v[GF_END].present &&
	    strcmp(v[GF_END].str, v[GF_START].str) < 0)
		invalidate(&v[GF_END], "La fin doit être après le début de la période.", &errors);
	return errors;
}

/* Renders the form; id NULL for a new grant. */
static int render_form(struct request *req, int status, const char *id, struct field_value *v,
		       size_t errors, const char *notice)
{
	const char *state;
	PGresult *funders = req_exec(req, SQL_FUNDER_CHOICES, NULL, &state);
	if (!funders)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_funding_form.tpl",
					 id ? "Modifier un financement" : "Nouveau financement");
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "ACTION", id ? arena_printf(&req->arena, "/admin/financements/%s", id)
				: "/admin/financements/nouveau");
	if (notice)
		tpl_set(tpl_section(d, "NOTICE_ERROR"), "NOTICE", notice);
	for (int i = 0; i < PQntuples(funders); i++) {
		struct tpl_dict *f = tpl_section(d, "FUNDER");
		tpl_set(f, "VALUE", PQgetvalue(funders, i, 0));
		tpl_set(f, "LABEL", arena_printf(&req->arena, "%s (%s)", PQgetvalue(funders, i, 1),
						 strcmp(PQgetvalue(funders, i, 2), "public") == 0 ? "public" : "privé"));
		if (strcmp(v[GF_FUNDER].str, PQgetvalue(funders, i, 0)) == 0)
			tpl_show(f, "SELECTED");
	}
	if (!v[GF_FUNDER].valid)
		tpl_set(tpl_section(d, "FUNDER_INVALID"), "FUNDER_ERROR", v[GF_FUNDER].error);
	page_fields(req, d, "NAME_FIELDS", funding_fields, funding_ui, v, GF_NAME, GF_KIND);
	tpl_show(d, strcmp(v[GF_KIND].str, "public") == 0 ? "KIND_PUBLIC"
		   : strcmp(v[GF_KIND].str, "prive") == 0 ? "KIND_PRIVATE" : "KIND_NONE");
	if (!v[GF_KIND].valid)
		tpl_set(tpl_section(d, "KIND_INVALID"), "KIND_ERROR", v[GF_KIND].error);
	page_fields(req, d, "MAIN_FIELDS", funding_fields, funding_ui, v, GF_LABEL, GF_STATUS);
	for (int i = 0; statuses[i]; i++) {
		struct tpl_dict *s = tpl_section(d, "STATUS");
		tpl_set(s, "VALUE", statuses[i]);
		tpl_set(s, "LABEL", status_labels[i]);
		if (strcmp(v[GF_STATUS].str, statuses[i]) == 0)
			tpl_show(s, "SELECTED");
	}
	if (!v[GF_STATUS].valid)
		tpl_set(tpl_section(d, "STATUS_INVALID"), "STATUS_ERROR", v[GF_STATUS].error);
	page_fields(req, d, "NOTE_FIELDS", funding_fields, funding_ui, v, GF_NOTE, GF__MAX);
	page_errors(d, errors);
	if (id)
		tpl_set(tpl_section(d, "CAN_DELETE"), "DELETE_ACTION",
			arena_printf(&req->arena, "/admin/financements/%s/supprimer", id));
	return page_finish(req, status);
}

/* The statement's parameters from valid values: $2.. of the insert (after the actor). */
static void params_of(struct request *req, const struct field_value *v, const char **p)
{
	p[0] = v[GF_FUNDER].present ? v[GF_FUNDER].str : "";
	p[1] = v[GF_NAME].str;
	p[2] = v[GF_KIND].present ? (strcmp(v[GF_KIND].str, "public") == 0 ? "t" : "f") : NULL;
	p[3] = v[GF_LABEL].str;
	p[4] = arena_printf(&req->arena, "%lld", (long long)v[GF_AMOUNT].num);
	p[5] = v[GF_START].str;
	p[6] = v[GF_END].str;
	p[7] = v[GF_STATUS].str;
	p[8] = v[GF_NOTE].str;
}

int page_funding(struct request *req)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_FUNDING_LIST, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_funding.tpl", "Subventions et financements");
	static const char *const notices[] = {
		"cree", "Le financement est enregistré.", "modifie", "Le financement est modifié.",
		"supprime", "Le financement est supprimé.", NULL,
	};
	admin_notice(req, d, notices);
	char money[FMT_MAX];
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *g = tpl_section(d, "GRANT");
		tpl_set(g, "HREF", arena_printf(&req->arena, "/admin/financements/%s", PQgetvalue(r, i, 0)));
		tpl_set(g, "FUNDER", PQgetvalue(r, i, 1));
		tpl_set(g, "KIND", strcmp(PQgetvalue(r, i, 2), "t") == 0 ? "Public" : "Privé");
		tpl_set(g, "LABEL", PQgetvalue(r, i, 3));
		tpl_set(g, "AMOUNT", fmt_money(money, strtoll(PQgetvalue(r, i, 4), NULL, 10)));
		char from[FMT_MAX], to[FMT_MAX];
		tpl_set(g, "PERIOD", arena_printf(&req->arena, "du %s au %s", fmt_iso_day(from, PQgetvalue(r, i, 5)),
						  fmt_iso_day(to, PQgetvalue(r, i, 6))));
		const char *st = PQgetvalue(r, i, 7);
		for (int k = 0; statuses[k]; k++)
			if (strcmp(st, statuses[k]) == 0)
				tpl_set(g, "STATUS", status_labels[k]);
	}
	if (PQntuples(r) == 0)
		tpl_show(d, "NO_GRANT");
	return page_finish(req, 200);
}

int page_funding_new(struct request *req)
{
	struct field_value v[GF__MAX];
	for (int i = 0; i < GF__MAX; i++)
		v[i] = (struct field_value){.valid = true, .str = ""};
	v[GF_STATUS].str = "requested";
	return render_form(req, 200, NULL, v, 0, NULL);
}

int page_funding_new_post(struct request *req)
{
	struct field_value v[GF__MAX];
	size_t errors = read_funding(req, v);
	if (errors)
		return render_form(req, 422, NULL, v, errors, NULL);
	const char *p[10] = {admin_actor(req)};
	params_of(req, v, p + 1);
	const char *state;
	PGresult *r = req_exec(req, SQL_FUNDING_INSERT, p, &state);
	if (!r) {
		if (state && strncmp(state, "23", 2) == 0)
			return render_form(req, 422, NULL, v, 0, "Ce financement n’a pas pu être enregistré : "
					   "vérifiez le financeur choisi.");
		return req_db_error(state);
	}
	resp_redirect(req, 303, "/admin/financements?ok=cree");
	return 303;
}

int page_funding_edit(struct request *req)
{
	const char *id = path_id(req, 0), *state;
	if (!id)
		return 404;
	PGresult *r = req_exec(req, SQL_FUNDING_GET, (const char *const[]){id}, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	struct field_value v[GF__MAX];
	for (int i = 0; i < GF__MAX; i++)
		v[i] = (struct field_value){.valid = true, .str = ""};
	v[GF_FUNDER].str = PQgetvalue(r, 0, 0);
	v[GF_FUNDER].present = *v[GF_FUNDER].str != '\0';
	if (!v[GF_FUNDER].present) {
		v[GF_NAME] = (struct field_value){.present = true, .valid = true, .str = PQgetvalue(r, 0, 1)};
		v[GF_KIND] = (struct field_value){.present = true, .valid = true,
						 .str = strcmp(PQgetvalue(r, 0, 2), "t") == 0 ? "public" : "prive"};
	}
	v[GF_LABEL] = (struct field_value){.present = true, .valid = true, .str = PQgetvalue(r, 0, 3)};
	long long cents = strtoll(PQgetvalue(r, 0, 4), NULL, 10);
	v[GF_AMOUNT] = (struct field_value){.present = true, .valid = true,
					    .str = arena_printf(&req->arena, "%lld,%02lld", cents / 100, cents % 100)};
	v[GF_START] = (struct field_value){.present = true, .valid = true, .str = PQgetvalue(r, 0, 5)};
	v[GF_END] = (struct field_value){.present = true, .valid = true, .str = PQgetvalue(r, 0, 6)};
	v[GF_STATUS] = (struct field_value){.present = true, .valid = true, .str = PQgetvalue(r, 0, 7)};
	v[GF_NOTE] = (struct field_value){.present = *PQgetvalue(r, 0, 8) != '\0', .valid = true,
					  .str = PQgetvalue(r, 0, 8)};
	return render_form(req, 200, id, v, 0, NULL);
}

int page_funding_edit_post(struct request *req)
{
	const char *id = path_id(req, 0);
	if (!id)
		return 404;
	struct field_value v[GF__MAX];
	size_t errors = read_funding(req, v);
	if (errors)
		return render_form(req, 422, id, v, errors, NULL);
	const char *p[11] = {admin_actor(req), id};
	params_of(req, v, p + 2);
	const char *state;
	PGresult *r = req_exec(req, SQL_FUNDING_UPDATE, p, &state);
	if (!r) {
		if (state && strncmp(state, "23", 2) == 0)
			return render_form(req, 422, id, v, 0, "Ce financement n’a pas pu être enregistré : "
					   "vérifiez le financeur choisi.");
		return req_db_error(state);
	}
	if (PQntuples(r) != 1)
		return 404;
	resp_redirect(req, 303, "/admin/financements?ok=modifie");
	return 303;
}

int page_funding_delete_post(struct request *req)
{
	const char *id = path_id(req, 0), *state;
	if (!id)
		return 404;
	PGresult *r = req_exec(req, SQL_FUNDING_DELETE, (const char *const[]){admin_actor(req), id}, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	resp_redirect(req, 303, "/admin/financements?ok=supprime");
	return 303;
}
