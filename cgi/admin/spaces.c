/* spaces.c: /admin/lieux, the places of the network for network admins: the list, a new
 * space, a space's details (name, short name in addresses, host, address, summary,
 * organisation, open or not) and its staff (staff_space). Every change is audited by the
 * triggers of schema/0030_spaces.sql, the acting admin named in the statement. */
#include "admin.h"
#include <stdlib.h>
#include <string.h>

enum space_field {
	SF_NAME, SF_SLUG, SF_HOST, SF_STREET, SF_POSTCODE, SF_CITY, SF_SUMMARY, SF_ORG, SF_ACTIVE,
	SF__MAX
};

static const struct field_def space_fields[SF__MAX] = {
	[SF_NAME] = {"nom", FIELD_LINE, false, 1, 100, NULL},
	[SF_SLUG] = {"identifiant", FIELD_LINE, true, 1, 40, NULL},
	[SF_HOST] = {"domaine", FIELD_LINE, false, 1, 253, NULL},
	[SF_STREET] = {"rue", FIELD_LINE, false, 1, 200, NULL},
	[SF_POSTCODE] = {"code_postal", FIELD_POSTCODE, false, 0, 0, NULL},
	[SF_CITY] = {"ville", FIELD_LINE, false, 1, 100, NULL},
	[SF_SUMMARY] = {"presentation", FIELD_TEXT, false, 0, 500, NULL},
	[SF_ORG] = {"organisation", FIELD_INT, true, 1, 32767, NULL},
	[SF_ACTIVE] = {"ouvert", FIELD_BOOL, false, 0, 0, NULL},
};

static const struct field_ui space_ui[SF__MAX] = {
	[SF_NAME] = {"Nom du lieu", "text", "off",
		     "Vide : le nom de l’organisation, comme pour un lieu unique."},
	[SF_SLUG] = {"Identifiant dans les adresses", "text", "off",
		     "Lettres minuscules sans accent, chiffres et tirets, par exemple la-grange : "
		     "le lieu répond sous /lieux/la-grange/."},
	[SF_HOST] = {"Nom de domaine propre (facultatif)", "text", "off",
		     "Par exemple lagrange-marmande.fr, sans http:// ni barre oblique. Vide : le "
		     "lieu n’est servi que sous le domaine commun."},
	[SF_STREET] = {"Rue", "text", "off", "Vide : l’adresse de l’organisation."},
	[SF_POSTCODE] = {"Code postal", "text", "off", NULL},
	[SF_CITY] = {"Ville", "text", "off", NULL},
	[SF_SUMMARY] = {"Ce que propose le lieu", "textarea", NULL,
			"Une ou deux phrases pour la page du réseau (500 caractères au plus)."},
	[SF_ACTIVE] = {"Lieu ouvert (affiché sur la page du réseau)", "checkbox", NULL, NULL},
};

static void invalidate(struct field_value *v, const char *msg, size_t *errors)
{
	if (v->valid)
		(*errors)++;
	v->valid = false;
	v->error = msg;
}

/* True when s is lower-case ASCII letters and digits in groups joined by single '-'. */
static bool valid_slug(const char *s)
{
	if (!*s || *s == '-')
		return false;
	for (const char *p = s; *p; p++) {
		bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
		if (!alnum && !(*p == '-' && p[1] && p[1] != '-'))
			return false;
	}
	return true;
}

/* True when s is a host name as the space table takes it: labels of lower-case letters,
 * digits and inner '-', joined by '.'. */
static bool valid_host(const char *s)
{
	size_t label = 0;
	for (const char *p = s;; p++) {
		if (*p == '.' || !*p) {
			if (!label || p[-1] == '-')
				return false;
			if (!*p)
				return true;
			label = 0;
			continue;
		}
		bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
		if (!alnum && !(*p == '-' && label))
			return false;
		if (++label > 63)
			return false;
	}
}

static size_t read_space(struct request *req, struct field_value *v, bool is_new)
{
	size_t errors = form_read(&req->arena, &req->form, space_fields, SF__MAX, v);
	if (v[SF_SLUG].valid && v[SF_SLUG].present && !valid_slug(v[SF_SLUG].str))
		invalidate(&v[SF_SLUG], "L’identifiant ne peut contenir que des lettres minuscules sans "
			   "accent, des chiffres et des tirets simples entre eux.", &errors);
	if (v[SF_HOST].valid && v[SF_HOST].present && !valid_host(v[SF_HOST].str))
		invalidate(&v[SF_HOST], "Indiquez un nom de domaine en minuscules, par exemple "
			   "lagrange-marmande.fr, sans http:// ni barre oblique.", &errors);
	if (is_new && !v[SF_NAME].present && v[SF_NAME].valid)
		invalidate(&v[SF_NAME], "Indiquez le nom du nouveau lieu.", &errors);
	if (is_new && !v[SF_CITY].present && v[SF_CITY].valid)
		invalidate(&v[SF_CITY], "Indiquez la ville du nouveau lieu.", &errors);
	if (v[SF_POSTCODE].present != v[SF_CITY].present && v[SF_POSTCODE].valid && v[SF_CITY].valid)
		invalidate(v[SF_POSTCODE].present ? &v[SF_CITY] : &v[SF_POSTCODE],
			   "Indiquez le code postal et la ville ensemble.", &errors);
	return errors;
}

/* The space id of path parameter i (a smallint), or NULL. */
static const char *space_id(struct request *req, int i)
{
	const char *id = path_id(req, i);
	return id && strlen(id) <= 5 && atol(id) <= 32767 ? id : NULL;
}

/* Renders the form; id NULL for a new space (an existing one shows its staff too). */
static int render_form(struct request *req, int status, const char *id, struct field_value *v,
		       size_t errors, const char *notice, bool is_default)
{
	const char *state;
	PGresult *orgs = req_exec(req, SQL_SPACE_ORGS, NULL, &state);
	if (!orgs)
		return req_db_error(state);
	PGresult *staff = NULL, *choices = NULL;
	if (id && (!(staff = req_exec(req, SQL_SPACE_STAFF, (const char *const[]){id}, &state)) ||
		   !(choices = req_exec(req, SQL_SPACE_STAFF_CHOICES, (const char *const[]){id}, &state))))
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_space_form.tpl",
					 id ? "Modifier un lieu" : "Nouveau lieu");
	static const char *const notices[] = {
		"cree", "Le lieu est créé : ajoutez-lui son équipe.", "modifie", "Le lieu est enregistré.",
		"inchange", "Rien n’a changé : le lieu est tel qu’il était.",
		"equipe", "L’équipe du lieu est modifiée.", NULL,
	};
	admin_notice(req, d, notices);
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "ACTION", id ? arena_printf(&req->arena, "/admin/lieux/%s", id) : "/admin/lieux/nouveau");
	if (notice)
		tpl_set(tpl_section(d, "NOTICE_ERROR"), "NOTICE", notice);
	if (is_default)
		tpl_show(d, "IS_DEFAULT");
	page_fields(req, d, "FIELDS_BEFORE", space_fields, space_ui, v, SF_NAME, SF_ORG);
	for (int i = 0; i < PQntuples(orgs); i++) {
		struct tpl_dict *o = tpl_section(d, "ORG");
		tpl_set(o, "VALUE", PQgetvalue(orgs, i, 0));
		tpl_set(o, "LABEL", PQgetvalue(orgs, i, 1));
		if (strcmp(v[SF_ORG].str, PQgetvalue(orgs, i, 0)) == 0)
			tpl_show(o, "SELECTED");
	}
	if (!v[SF_ORG].valid)
		tpl_set(tpl_section(d, "ORG_INVALID"), "ORG_ERROR", v[SF_ORG].error);
	page_fields(req, d, "FIELDS_AFTER", space_fields, space_ui, v, SF_ACTIVE, SF__MAX);
	page_errors(d, errors);
	if (id) {
		struct tpl_dict *team = tpl_section(d, "TEAM");
		tpl_set(team, "CSRF", csrf_token(req));
		tpl_set(team, "ADD_ACTION", arena_printf(&req->arena, "/admin/lieux/%s/equipe", id));
		for (int i = 0; i < PQntuples(staff); i++) {
			struct tpl_dict *m = tpl_section(team, "MEMBER");
			tpl_set(m, "NAME", arena_printf(&req->arena, "%s %s", PQgetvalue(staff, i, 1),
							PQgetvalue(staff, i, 2)));
			tpl_set(m, "EMAIL", PQgetvalue(staff, i, 3));
			tpl_set(m, "ROLE", strcmp(PQgetvalue(staff, i, 4), "admin") == 0
						   ? "Administrateur du lieu" : "Équipe");
			tpl_set(m, "REMOVE_ACTION", arena_printf(&req->arena, "/admin/lieux/%s/equipe/%s/retirer",
								 id, PQgetvalue(staff, i, 0)));
		}
		if (!PQntuples(staff))
			tpl_show(team, "NO_MEMBER");
		for (int i = 0; i < PQntuples(choices); i++) {
			struct tpl_dict *c = tpl_section(team, "CHOICE");
			tpl_set(c, "VALUE", PQgetvalue(choices, i, 0));
			tpl_set(c, "LABEL", arena_printf(&req->arena, "%s (%s)", PQgetvalue(choices, i, 1),
							 PQgetvalue(choices, i, 2)));
		}
		if (PQntuples(choices))
			tpl_show(team, "CAN_ADD");
	}
	return page_finish(req, status);
}

/* $2.. of the insert (after the actor), from valid values. */
static void params_of(const struct field_value *v, const char **p)
{
	p[0] = v[SF_NAME].str;
	p[1] = v[SF_SLUG].str;
	p[2] = v[SF_HOST].str;
	p[3] = v[SF_STREET].str;
	p[4] = v[SF_POSTCODE].str;
	p[5] = v[SF_CITY].str;
	p[6] = v[SF_SUMMARY].str;
	p[7] = v[SF_ORG].str;
	p[8] = v[SF_ACTIVE].num ? "t" : "f";
}

/* The French message for a refused write (a unique key or a check of the space table), on
 * the field it concerns; false when the error is none of those. */
static bool refusal(const char *sqlstate, struct field_value *v, size_t *errors, const char **notice)
{
	if (!sqlstate)
		return false;
	if (strcmp(sqlstate, "23505") == 0) {
		*notice = "Cet identifiant ou ce nom de domaine est déjà celui d’un autre lieu.";
		return true;
	}
	if (strcmp(sqlstate, "23514") == 0) {
		if (!v[SF_ACTIVE].num) {
			invalidate(&v[SF_ACTIVE], "Le lieu principal répond au domaine commun : il ne peut "
				   "pas être fermé.", errors);
			return true;
		}
		*notice = "Ces valeurs ne sont pas acceptées : vérifiez chaque champ.";
		return true;
	}
	if (strcmp(sqlstate, "23503") == 0) {
		invalidate(&v[SF_ORG], "Choisissez une organisation de la liste.", errors);
		return true;
	}
	return false;
}

int page_spaces(struct request *req)
{
	int status = admin_network_only(req);
	if (status)
		return status;
	const char *state;
	PGresult *r = req_exec(req, SQL_SPACES_LIST, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_spaces.tpl", "Les lieux du réseau");
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *s = tpl_section(d, "SPACE");
		tpl_set(s, "HREF", arena_printf(&req->arena, "/admin/lieux/%s", PQgetvalue(r, i, SL_ID)));
		tpl_set(s, "NAME", PQgetvalue(r, i, SL_NAME));
		const char *host = PQgetvalue(r, i, SL_HOST);
		bool is_default = PQgetvalue(r, i, SL_DEFAULT)[0] == 't';
		tpl_set(s, "WHERE", *host ? host
				  : is_default ? "domaine commun"
					       : arena_printf(&req->arena, "/lieux/%s/", PQgetvalue(r, i, SL_SLUG)));
		tpl_set(s, "CITY", PQgetvalue(r, i, SL_CITY));
		tpl_set(s, "ORG", PQgetvalue(r, i, SL_ORG));
		tpl_set(s, "STATE", PQgetvalue(r, i, SL_ACTIVE)[0] == 't'
					    ? (is_default ? "Ouvert (lieu principal)" : "Ouvert") : "Fermé");
		long n = atol(PQgetvalue(r, i, SL_STAFF));
		tpl_set(s, "STAFF", n ? arena_printf(&req->arena, "%ld personne%s", n, n > 1 ? "s" : "")
				      : "personne");
	}
	return page_finish(req, 200);
}

int page_space_new(struct request *req)
{
	int status = admin_network_only(req);
	if (status)
		return status;
	struct field_value v[SF__MAX];
	for (int i = 0; i < SF__MAX; i++)
		v[i] = (struct field_value){.valid = true, .str = ""};
	v[SF_ACTIVE] = (struct field_value){.present = true, .valid = true, .str = "1", .num = 1};
	return render_form(req, 200, NULL, v, 0, NULL, false);
}

int page_space_new_post(struct request *req)
{
	int status = admin_network_only(req);
	if (status)
		return status;
	struct field_value v[SF__MAX];
	size_t errors = read_space(req, v, true);
	if (errors)
		return render_form(req, 422, NULL, v, errors, NULL, false);
	const char *p[10] = {admin_actor(req)};
	params_of(v, p + 1);
	const char *state, *notice = NULL;
	PGresult *r = req_exec(req, SQL_SPACE_INSERT, p, &state);
	if (!r) {
		if (refusal(state, v, &errors, &notice))
			return render_form(req, 422, NULL, v, errors, notice, false);
		return req_db_error(state);
	}
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/lieux/%s?ok=cree", PQgetvalue(r, 0, 0)));
	return 303;
}

int page_space_edit(struct request *req)
{
	int status = admin_network_only(req);
	if (status)
		return status;
	const char *id = space_id(req, 0), *state;
	if (!id)
		return 404;
	PGresult *r = req_exec(req, SQL_SPACE_GET, (const char *const[]){id}, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	struct field_value v[SF__MAX];
	static const int cols[SF__MAX] = {
		[SF_NAME] = SG_NAME, [SF_SLUG] = SG_SLUG, [SF_HOST] = SG_HOST, [SF_STREET] = SG_STREET,
		[SF_POSTCODE] = SG_POSTCODE, [SF_CITY] = SG_CITY, [SF_SUMMARY] = SG_SUMMARY,
		[SF_ORG] = SG_ORG, [SF_ACTIVE] = SG_ACTIVE,
	};
	for (int i = 0; i < SF__MAX; i++) {
		const char *s = PQgetvalue(r, 0, cols[i]);
		v[i] = (struct field_value){.present = *s != '\0', .valid = true, .str = s};
	}
	v[SF_ACTIVE].num = v[SF_ACTIVE].str[0] == 't';
	return render_form(req, 200, id, v, 0, NULL, PQgetvalue(r, 0, SG_DEFAULT)[0] == 't');
}

int page_space_edit_post(struct request *req)
{
	int status = admin_network_only(req);
	if (status)
		return status;
	const char *id = space_id(req, 0), *state;
	if (!id)
		return 404;
	PGresult *cur = req_exec(req, SQL_SPACE_GET, (const char *const[]){id}, &state);
	if (!cur)
		return req_db_error(state);
	if (PQntuples(cur) != 1)
		return 404;
	bool is_default = PQgetvalue(cur, 0, SG_DEFAULT)[0] == 't';
	struct field_value v[SF__MAX];
	size_t errors = read_space(req, v, false);
	if (errors)
		return render_form(req, 422, id, v, errors, NULL, is_default);
	const char *p[11] = {admin_actor(req), id};
	params_of(v, p + 2);
	const char *notice = NULL;
	PGresult *r = req_exec(req, SQL_SPACE_UPDATE, p, &state);
	if (!r) {
		if (refusal(state, v, &errors, &notice))
			return render_form(req, 422, id, v, errors, notice, is_default);
		return req_db_error(state);
	}
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/lieux/%s?ok=%s", id,
					     PQntuples(r) == 1 ? "modifie" : "inchange"));
	return 303;
}

int page_space_staff_post(struct request *req)
{
	int status = admin_network_only(req);
	if (status)
		return status;
	const char *id = space_id(req, 0), *state;
	if (!id)
		return 404;
	static const struct field_def person_field[] = {{"personne", FIELD_INT, true, 1, INT64_MAX, NULL}};
	struct field_value v[1];
	const char *back = arena_printf(&req->arena, "/admin/lieux/%s", id);
	if (form_read(&req->arena, &req->form, person_field, 1, v)) {
		const char *const text[] = {"Choisissez dans la liste la personne à ajouter à l’équipe.", NULL};
		return page_message(req, 422, "Personne non choisie", back, "Revenir au lieu", text);
	}
	if (strcmp(v[0].str, admin_actor(req)) == 0) {
		const char *const text[] = {
			"Un administrateur rattaché à un lieu n’administre plus que ce lieu : vous "
			"perdriez l’accès au réseau. Demandez à un autre administrateur du réseau.", NULL};
		return page_message(req, 409, "Action impossible", back, "Revenir au lieu", text);
	}
	PGresult *r = req_exec(req, SQL_SPACE_STAFF_ADD, (const char *const[]){admin_actor(req), id, v[0].str},
			       &state);
	if (!r) {
		if (state && strcmp(state, "23503") == 0)
			return 404;
		return req_db_error(state);
	}
	if (PQntuples(r) != 1) {
		const char *const text[] = {"Cette personne ne fait pas partie de l’équipe ou des "
					    "administrateurs, ou elle est déjà dans l’équipe de ce lieu.", NULL};
		return page_message(req, 409, "Action impossible", back, "Revenir au lieu", text);
	}
	resp_redirect(req, 303, arena_printf(&req->arena, "%s?ok=equipe", back));
	return 303;
}

int page_space_staff_remove_post(struct request *req)
{
	int status = admin_network_only(req);
	if (status)
		return status;
	const char *id = space_id(req, 0), *person = path_id(req, 1), *state;
	if (!id || !person)
		return 404;
	PGresult *r = req_exec(req, SQL_SPACE_STAFF_REMOVE, (const char *const[]){admin_actor(req), id, person},
			       &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/lieux/%s?ok=equipe", id));
	return 303;
}
