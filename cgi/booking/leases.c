/* leases.c: office leases recorded by staff (/admin/reservations/baux): office, tenant, start,
 * end (or open), monthly rent; a lease ended at a date, with the reason (/baux/{id}/fin, never
 * before a month already invoiced). The database refuses two leases of one office at once. */
#include "booking.h"
#include "fmt.h"
#include <stdlib.h>
#include <string.h>

enum lease_field { LF_TENANT, LF_EMAIL, LF_SIREN, LF_START, LF_END, LF_RENT, LF__MAX };
static const struct field_def lease_fields[LF__MAX] = {
	[LF_TENANT] = {"locataire", FIELD_LINE, true, 1, 200, NULL},
	[LF_EMAIL] = {"email", FIELD_EMAIL, false, 0, 254, NULL},
	[LF_SIREN] = {"siren", FIELD_SIREN, false, 0, 0, NULL},
	[LF_START] = {"debut", FIELD_DATE, true, 0, 0, NULL},
	[LF_END] = {"fin", FIELD_DATE, false, 0, 0, NULL},
	[LF_RENT] = {"loyer", FIELD_MONEY, true, 0, 0, NULL},
};
static const struct field_ui lease_ui[LF__MAX] = {
	[LF_TENANT] = {"Locataire (personne ou entreprise)", "text", "off", NULL},
	[LF_EMAIL] = {"Adresse e-mail du compte membre", "email", "off", "Facultatif : relie le bail au compte du membre."},
	[LF_SIREN] = {"SIREN", "text", "off", "Facultatif, pour une entreprise."},
	[LF_START] = {"Début du bail", "date", NULL, NULL},
	[LF_END] = {"Fin du bail", "date", NULL, "Laissez vide tant que le congé n’est pas donné."},
	[LF_RENT] = {"Loyer mensuel (€)", "text", "off", "Par exemple 300 ou 300,00."},
};

static int render_leases(struct request *req, int status, const struct field_value *v, size_t errors,
			 const char *office_error, const char *notice)
{
	const char *state;
	PGresult *leases = req_exec(req, SQL_LEASES, NULL, &state);
	if (!leases)
		return req_db_error(state);
	PGresult *offices = req_exec(req, SQL_OFFICES, NULL, &state);
	if (!offices)
		return req_db_error(state);
	struct tpl_dict *d = staff_start(req, "booking_leases.tpl", "Baux des bureaux");
	page_staff_nav(req, d, "STAFF_NAV");
	char money[FMT_MAX], a[64], b[64];
	struct tpl_dict *endable = NULL;
	for (int i = 0; i < PQntuples(leases); i++) {
		struct tpl_dict *row = tpl_section(d, "LEASE");
		long s, e;
		tpl_set(row, "OFFICE", PQgetvalue(leases, i, 1));
		tpl_set(row, "TENANT", PQgetvalue(leases, i, 2));
		tpl_set(row, "START", day_parse(PQgetvalue(leases, i, 3), &s) ? day_long(a, s) : "");
		tpl_set(row, "END", day_parse(PQgetvalue(leases, i, 4), &e) ? day_long(b, e) : "sans date de fin");
		tpl_set(row, "RENT", fmt_money(money, strtoll(PQgetvalue(leases, i, 5), NULL, 10)));
		bool active = strcmp(PQgetvalue(leases, i, 6), "active") == 0;
		tpl_set(row, "STATUS", !active ? "Annulé" : *PQgetvalue(leases, i, 7) ? "Fin fixée" : "En cours");
		if (active) {
			if (!endable)
				endable = tpl_section(d, "HAS_ENDABLE");
			struct tpl_dict *f = tpl_section(endable, "END_FORM");
			tpl_set(f, "CSRF", csrf_token(req));
			tpl_set(f, "KEY", PQgetvalue(leases, i, 0));
			tpl_set(f, "END_ACTION", arena_printf(&req->arena, "/admin/reservations/baux/%s/fin", PQgetvalue(leases, i, 0)));
			tpl_set(f, "END_LABEL", arena_printf(&req->arena, "Mettre fin au bail de %s (%s, depuis le %s)",
										PQgetvalue(leases, i, 2), PQgetvalue(leases, i, 1),
										day_parse(PQgetvalue(leases, i, 3), &s) ? day_long(a, s) : ""));
		}
	}
	if (!PQntuples(leases))
		tpl_show(d, "NO_LEASE");
	tpl_set(d, "CSRF", csrf_token(req));
	const char *chosen = kv_get(&req->form, "bureau");
	for (int i = 0; i < PQntuples(offices); i++) {
		struct tpl_dict *o = tpl_section(d, "OFFICE");
		tpl_set(o, "OFFICE_ID", PQgetvalue(offices, i, 0));
		tpl_set(o, "OFFICE_NAME", PQgetvalue(offices, i, 2));
		if (chosen && strcmp(chosen, PQgetvalue(offices, i, 0)) == 0)
			tpl_show(o, "OFFICE_SELECTED");
	}
	if (office_error) {
		tpl_show(d, "OFFICE_INVALID");
		tpl_set(d, "OFFICE_ERROR", office_error);
	}
	page_fields(req, d, "FIELDS", lease_fields, lease_ui, v, 0, LF__MAX);
	page_errors(d, errors);
	const char *ok = kv_get(&req->query, "ok");
	if (!notice && ok)
		notice = strcmp(ok, "fin") == 0 ? "La fin du bail est enregistrée ; les loyers s’arrêtent à cette date." : "Bail enregistré.";
	if (notice) {
		tpl_set(d, "NOTICE", notice);
		tpl_show(d, "HAS_NOTICE");
	}
	return page_finish(req, status);
}

int page_leases(struct request *req)
{
	return render_leases(req, 200, NULL, 0, NULL, NULL);
}

int page_leases_post(struct request *req)
{
	struct field_value v[LF__MAX];
	size_t errors = form_read(&req->arena, &req->form, lease_fields, LF__MAX, v);
	const char *office = kv_get(&req->form, "bureau");
	const char *office_error = NULL;
	if (!office || !*office || strlen(office) > 9 || strspn(office, "0123456789") != strlen(office)) {
		office_error = "Choisissez un bureau.";
		errors++;
	}
	if (v[LF_RENT].valid && v[LF_RENT].present && (v[LF_RENT].num <= 0 || v[LF_RENT].num > 10000000)) {
		v[LF_RENT].valid = false;
		v[LF_RENT].error = "Indiquez un loyer mensuel entre 1 € et 100 000 €.";
		errors++;
	}
	long s, e;
	if (!errors && v[LF_END].present && day_parse(v[LF_START].str, &s) && day_parse(v[LF_END].str, &e) && e < s) {
		v[LF_END].valid = false;
		v[LF_END].error = "La fin du bail doit être après son début.";
		errors++;
	}
	if (errors)
		return render_leases(req, 422, v, errors, office_error, NULL);
	const char *params[7] = {office, v[LF_TENANT].str, v[LF_EMAIL].str, v[LF_SIREN].str, v[LF_START].str,
				 v[LF_END].present ? v[LF_END].str : NULL,
				 arena_printf(&req->arena, "%lld", (long long)v[LF_RENT].num)};
	const char *state;
	if (!req_exec(req, SQL_LEASE_CREATE, params, &state)) {
		if (state && strcmp(state, "23P01") == 0) {
			v[LF_START].valid = false;
			v[LF_START].error = "Ce bureau est déjà loué sur cette période.";
			return render_leases(req, 409, v, 1, NULL, NULL);
		}
		if (state && (strcmp(state, "FTB10") == 0 || strcmp(state, "23503") == 0))
			return render_leases(req, 422, v, 1, "Choisissez un bureau.", NULL);
		return req_db_error(state);
	}
	resp_redirect(req, 303, "/admin/reservations/baux?ok=1");
	return 0;
}

/* POST /admin/reservations/baux/{id}/fin: fin (the lease's last day), raison. */
int page_lease_end_post(struct request *req)
{
	const char *id = req->params[0];
	if (!id || !*id || strlen(id) > 18 || strspn(id, "0123456789") != strlen(id))
		return 404;
	enum { E_END, E_REASON, E__MAX };
	static const struct field_def def[E__MAX] = {
		[E_END] = {"fin", FIELD_DATE, true, 0, 0, NULL},
		[E_REASON] = {"raison", FIELD_TEXT, true, 1, 500, NULL},
	};
	struct field_value v[E__MAX];
	if (form_read(&req->arena, &req->form, def, E__MAX, v))
		return render_leases(req, 422, NULL, 0, NULL,
				     "Indiquez la date du dernier jour du bail et la raison : rien n’a été enregistré.");
	const char *p[4] = {arena_printf(&req->arena, "%lld", (long long)req->user->person_id), id, v[E_END].str,
			    v[E_REASON].str};
	const char *state;
	PGresult *r = req_exec(req, SQL_LEASE_END, p, &state);
	if (!r) {
		if (state && strcmp(state, "FTM04") == 0)
			return render_leases(req, 409, NULL, 0, NULL,
					     "Un loyer après cette date est déjà facturé : établissez d’abord un avoir. "
					     "Rien n’a été enregistré.");
		if (state && strcmp(state, "23514") == 0)
			return render_leases(req, 422, NULL, 0, NULL,
					     "La fin du bail doit être après son début. Rien n’a été enregistré.");
		return req_db_error(state);
	}
	if (PQntuples(r) != 1 || strcmp(PQgetvalue(r, 0, 0), "t") != 0)
		return 404;
	resp_redirect(req, 303, "/admin/reservations/baux?ok=fin");
	return 0;
}
