/* api_keys.c: /admin/api, the keys of the JSON API (issue 18) for admins: the space's keys
 * (scopes, expiry, limit, last use, calls of the last 30 days), a new key (drawn here, shown
 * once, only its SHA-256 stored: schema/0037_api_keys.sql), a key's revocation and a key's
 * last calls. Creations and revocations are audited by the SQL functions. */
#include "admin.h"
#include "fmt.h"
#include "session.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* The scopes a key may hold (api_scopes() of 0037), with their checkbox and French label. */
static const struct {
	const char *scope, *field, *label;
} scopes[] = {
	{"members:read", "portee_membres", "Membres et adhésions en cours (lecture) : contrôle d’accès, Wi-Fi"},
	{"bookings:read", "portee_reservations", "Réservations (lecture)"},
	{"bookings:write", "portee_reservations_ecriture", "Réservations (création et annulation)"},
	{"uses:read", "portee_utilisations", "Utilisations et arrivées (lecture)"},
	{"uses:write", "portee_arrivees", "Arrivées (enregistrement)"},
	{"invoices:read", "portee_factures", "Factures et avoirs, leurs PDF et XML Factur-X (lecture) : comptabilité"},
	{"payments:read", "portee_paiements", "Paiements (lecture)"},
	{"closings:read", "portee_clotures", "Clôtures de période (lecture)"},
};
enum { N_SCOPES = sizeof scopes / sizeof scopes[0] };

enum key_field { KF_NAME, KF_EXPIRES, KF_RATE, KF__MAX };

static const struct field_def key_fields[KF__MAX] = {
	[KF_NAME] = {"nom", FIELD_LINE, true, 1, 100, NULL},
	[KF_EXPIRES] = {"expire_le", FIELD_DATE, true, 0, 0, NULL},
	[KF_RATE] = {"limite", FIELD_INT, true, 1, 60000, NULL},
};

static const struct field_ui key_ui[KF__MAX] = {
	[KF_NAME] = {"Nom de la clé", "text", "off",
		     "Ce qui l’utilise, par exemple : « Contrôle d’accès de la porte » ou « Logiciel du comptable »."},
	[KF_EXPIRES] = {"Valable jusqu’au", "date", NULL,
			"Inclus. Au plus trois ans ; une clé expirée est refusée."},
	[KF_RATE] = {"Appels par minute au plus", "text", "off",
		     "Au-delà, l’API répond 429 jusqu’à la minute suivante."},
};

/* Columns of SQL_API_KEYS_LIST and SQL_API_KEY_GET. */
enum { AK_ID, AK_NAME, AK_PREFIX, AK_SCOPES, AK_RATE, AK_EXPIRES, AK_CREATED, AK_CREATOR,
       AK_REVOKED, AK_EXPIRED, AK_LAST_USED, AK_USES, AK_REFUSED };
/* "1 appel", "3 refusés": a count of calls with its noun agreed (0 and 1 singular). */
static const char *calls(struct request *req, const char *n, const char *one, const char *many)
{
	char out[FMT_MAX];
	return arena_strdup(&req->arena, fmt_plural(out, strtoll(n, NULL, 10), one, many));
}

/* Columns of SQL_API_KEY_USES. */
enum { AU_USE_AT, AU_USE_METHOD, AU_USE_PATH, AU_USE_SCOPE, AU_USE_OUTCOME, AU_USE_ADDR };

static const char *scope_label(const char *scope)
{
	for (size_t i = 0; i < N_SCOPES; i++)
		if (strcmp(scope, scopes[i].scope) == 0)
			return scopes[i].label;
	return scope;
}

static const char *when(struct request *req, const char *epoch)
{
	if (!*epoch)
		return "";
	char date[FMT_MAX], hour[FMT_MAX];
	time_t t = (time_t)strtoll(epoch, NULL, 10);
	return arena_printf(&req->arena, "%s à %s", fmt_date_long(date, t), fmt_time(hour, t));
}

static void invalidate(struct field_value *v, const char *msg, size_t *errors)
{
	if (v->valid)
		(*errors)++;
	v->valid = false;
	v->error = msg;
}

/* Renders the list and the creation form; new_key is the key just drawn (shown once), or
 * NULL; checked[] the scopes ticked in the form. */
static int render(struct request *req, int status, struct field_value *v, size_t errors,
		  const bool *checked, const char *scope_error, const char *new_key, const char *notice)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_API_KEYS_LIST, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_api.tpl", "Clés de l’API");
	static const char *const notices[] = {"revoquee", "La clé est révoquée : elle est refusée dès maintenant.", NULL};
	admin_notice(req, d, notices);
	if (notice)
		tpl_set(tpl_section(d, "NOTICE_ERROR"), "NOTICE", notice);
	if (new_key)
		tpl_set(tpl_section(d, "NEW_KEY"), "KEY", new_key);
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "OPENAPI", space_url(req, "/api/v1/openapi.json"));
	struct tpl_dict *table = PQntuples(r) ? tpl_section(d, "HAS_KEYS") : NULL;
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *k = tpl_section(table, "KEY_ROW");
		const char *id = PQgetvalue(r, i, AK_ID);
		tpl_set(k, "HREF", arena_printf(&req->arena, "/admin/api/%s", id));
		tpl_set(k, "NAME", admin_text(&req->arena, PQgetvalue(r, i, AK_NAME), strlen(PQgetvalue(r, i, AK_NAME))));
		tpl_set(k, "PREFIX", PQgetvalue(r, i, AK_PREFIX));
		char *list = arena_printf(&req->arena, "%s", PQgetvalue(r, i, AK_SCOPES));
		for (char *save = NULL, *s = strtok_r(list, " ", &save); s; s = strtok_r(NULL, " ", &save))
			tpl_set(tpl_section(k, "SCOPE"), "LABEL", scope_label(s));
		char day[FMT_MAX];
		tpl_set(k, "EXPIRES", arena_printf(&req->arena, "%s", fmt_date_long(day,
			(time_t)strtoll(PQgetvalue(r, i, AK_EXPIRES), NULL, 10))));
		tpl_set(k, "CREATED", when(req, PQgetvalue(r, i, AK_CREATED)));
		tpl_set(k, "CREATOR", PQgetvalue(r, i, AK_CREATOR));
		tpl_set(k, "RATE", fmt_count(&req->arena, strtoll(PQgetvalue(r, i, AK_RATE), NULL, 10)));
		tpl_set(k, "LAST_USED", *PQgetvalue(r, i, AK_LAST_USED) ? when(req, PQgetvalue(r, i, AK_LAST_USED))
									  : "jamais");
		tpl_set(k, "USES", calls(req, PQgetvalue(r, i, AK_USES), "appel", "appels"));
		tpl_set(k, "REFUSED", calls(req, PQgetvalue(r, i, AK_REFUSED), "refusé", "refusés"));
		bool revoked = strcmp(PQgetvalue(r, i, AK_REVOKED), "t") == 0;
		bool expired = strcmp(PQgetvalue(r, i, AK_EXPIRED), "t") == 0;
		tpl_set(k, "STATE", revoked ? "Révoquée" : expired ? "Expirée" : "Active");
		if (!revoked && !expired)
			tpl_set(tpl_section(k, "CAN_REVOKE"), "REVOKE_ACTION",
				arena_printf(&req->arena, "/admin/api/%s/revoquer", id));
	}
	if (!PQntuples(r))
		tpl_show(d, "NO_KEY");
	page_fields(req, d, "FIELDS", key_fields, key_ui, v, 0, KF__MAX);
	for (size_t i = 0; i < N_SCOPES; i++) {
		struct tpl_dict *s = tpl_section(d, "SCOPE_CHOICE");
		tpl_set(s, "FIELD", scopes[i].field);
		tpl_set(s, "LABEL", scopes[i].label);
		tpl_set(s, "CODE", scopes[i].scope);
		if (checked && checked[i])
			tpl_show(s, "CHECKED");
	}
	if (scope_error) {
		tpl_show(d, "SCOPES_INVALID");
		tpl_set(d, "SCOPES_ERROR", scope_error);
	}
	page_errors(d, errors);
	return page_finish(req, status);
}

int page_api_keys(struct request *req)
{
	struct field_value v[KF__MAX] = {0};
	for (int i = 0; i < KF__MAX; i++)
		v[i] = (struct field_value){.valid = true, .str = ""};
	/* a year from today, as proposed expiry; 600 calls a minute */
	time_t t = time(NULL) + 365 * 86400;
	char date[FMT_MAX];
	v[KF_EXPIRES].str = arena_printf(&req->arena, "%s", fmt_iso_date(date, t));
	v[KF_RATE].str = "600";
	return render(req, 200, v, 0, NULL, NULL, NULL, NULL);
}

int page_api_key_new_post(struct request *req)
{
	struct field_value v[KF__MAX];
	size_t errors = form_read(&req->arena, &req->form, key_fields, KF__MAX, v);
	bool checked[N_SCOPES] = {0};
	struct buf list = {0};
	size_t n = 0;
	for (size_t i = 0; i < N_SCOPES; i++) {
		const char *on = kv_get(&req->form, scopes[i].field);
		if (on && (strcmp(on, "1") == 0 || strcmp(on, "on") == 0)) {
			checked[i] = true;
			buf_printf(&list, "%s%s", n++ ? " " : "", scopes[i].scope);
		}
	}
	const char *scope_error = NULL;
	if (!n) {
		scope_error = "Cochez au moins une autorisation.";
		errors++;
	}
	if (v[KF_EXPIRES].valid && v[KF_EXPIRES].present) {
		char today[FMT_MAX], limit[FMT_MAX];
		time_t now = time(NULL);
		fmt_iso_date(today, now);
		fmt_iso_date(limit, now + 3 * 366 * 86400);
		if (strcmp(v[KF_EXPIRES].str, today) < 0)
			invalidate(&v[KF_EXPIRES], "Choisissez une date à venir.", &errors);
		else if (strcmp(v[KF_EXPIRES].str, limit) > 0)
			invalidate(&v[KF_EXPIRES], "Une clé vaut trois ans au plus : choisissez une date plus proche.", &errors);
	}
	char *scope_text = arena_printf(&req->arena, "%s", buf_cstr(&list));
	buf_free(&list);
	if (errors)
		return render(req, 422, v, errors, checked, scope_error, NULL, NULL);

	/* ftk_ + 43 characters of base64url (32 random bytes); its SHA-256 is what is kept */
	const char *key = arena_printf(&req->arena, "ftk_%s", random_token(&req->arena, 32));
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)key, strlen(key));
	const char *prefix = arena_printf(&req->arena, "%.12s", key);
	const char *params[] = {admin_actor(req), v[KF_NAME].str, prefix,
				bytea_param(&req->arena, (const char *)h, sizeof h), scope_text,
				v[KF_EXPIRES].str, v[KF_RATE].str};
	const char *state;
	PGresult *r = req_exec(req, SQL_API_KEY_CREATE, params, &state);
	if (!r) {
		if (state && strcmp(state, "23505") == 0) /* a prefix drawn twice: 1 in 2^48 */
			return render(req, 409, v, 0, checked, NULL, NULL,
				      "La clé n’a pas pu être créée : réessayez.");
		if (state && strcmp(state, "23514") == 0)
			return render(req, 422, v, 0, checked, NULL, NULL,
				      "Ces valeurs ne sont pas acceptées : vérifiez chaque champ.");
		return req_db_error(state);
	}
	/* the form comes back empty, the key shown once above the list */
	struct field_value empty[KF__MAX];
	for (int i = 0; i < KF__MAX; i++)
		empty[i] = (struct field_value){.valid = true, .str = ""};
	empty[KF_EXPIRES].str = v[KF_EXPIRES].str;
	empty[KF_RATE].str = "600";
	return render(req, 201, empty, 0, NULL, NULL, key, NULL);
}

int page_api_key_revoke_post(struct request *req)
{
	const char *id = path_id(req, 0);
	if (!id)
		return 404;
	const char *params[] = {admin_actor(req), id};
	const char *state;
	PGresult *r = req_exec(req, SQL_API_KEY_REVOKE, params, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1 || strcmp(PQgetvalue(r, 0, 0), "t") != 0)
		return 404;
	resp_redirect(req, 303, "/admin/api?ok=revoquee");
	return 303;
}

int page_api_key(struct request *req)
{
	const char *id = path_id(req, 0);
	if (!id)
		return 404;
	const char *params[] = {id};
	const char *state;
	PGresult *k = req_exec(req, SQL_API_KEY_GET, params, &state);
	if (!k)
		return req_db_error(state);
	if (PQntuples(k) != 1)
		return 404;
	PGresult *u = req_exec(req, SQL_API_KEY_USES, params, &state);
	if (!u)
		return req_db_error(state);
	const char *name = admin_text(&req->arena, PQgetvalue(k, 0, AK_NAME), strlen(PQgetvalue(k, 0, AK_NAME)));
	struct tpl_dict *d = admin_start(req, "admin_api_key.tpl",
					 arena_printf(&req->arena, "Clé « %s »", name));
	tpl_set(d, "PREFIX", PQgetvalue(k, 0, AK_PREFIX));
	tpl_set(d, "USES", calls(req, PQgetvalue(k, 0, AK_USES), "appel", "appels"));
	tpl_set(d, "REFUSED", calls(req, PQgetvalue(k, 0, AK_REFUSED), "refusé", "refusés"));
	static const char *const outcomes[][2] = {
		{"ok", "Accepté"}, {"forbidden", "Refusé : autorisation manquante (403)"},
		{"rate_limited", "Refusé : limite d’appels atteinte (429)"},
	};
	for (int i = 0; i < PQntuples(u); i++) {
		struct tpl_dict *c = tpl_section(d, "CALL");
		tpl_set(c, "AT", when(req, PQgetvalue(u, i, AU_USE_AT)));
		tpl_set(c, "METHOD", PQgetvalue(u, i, AU_USE_METHOD));
		tpl_set(c, "PATH", admin_text(&req->arena, PQgetvalue(u, i, AU_USE_PATH), strlen(PQgetvalue(u, i, AU_USE_PATH))));
		tpl_set(c, "SCOPE", *PQgetvalue(u, i, AU_USE_SCOPE) ? PQgetvalue(u, i, AU_USE_SCOPE) : "—");
		const char *o = PQgetvalue(u, i, AU_USE_OUTCOME);
		for (size_t j = 0; j < sizeof outcomes / sizeof outcomes[0]; j++)
			if (strcmp(o, outcomes[j][0]) == 0)
				o = outcomes[j][1];
		tpl_set(c, "OUTCOME", o);
		tpl_set(c, "ADDR", PQgetvalue(u, i, AU_USE_ADDR));
	}
	if (!PQntuples(u))
		tpl_show(d, "NO_CALL");
	return page_finish(req, 200);
}
