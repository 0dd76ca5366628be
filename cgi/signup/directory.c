/* directory.c: the coworkers' directory. /annuaire lists the profiles members chose to show
 * (to members only, or to everyone), searchable by skill and activity; /annuaire/photo/<id>
 * serves a profile's photo; /compte/profil-annuaire is the member's own opt-in profile (off by
 * default: no profile until the member saves one and agrees; removed on request, and by the
 * database when the membership ends, see schema/0025_directory.sql). */
#include "signup.h"
#include "fmt.h"
#include "session.h"
#include <stdlib.h>
#include <string.h>

enum { PHOTO_MAX_BYTES = 500 * 1024 };

static const char *uid(struct request *req)
{
	return arena_printf(&req->arena, "%lld", (long long)req->user->person_id);
}

/* ---- the directory ------------------------------------------------------------------------ */

enum search_field { DS_SKILL, DS_ACTIVITY, DS__MAX };
static const struct field_def search_fields[DS__MAX] = {
	[DS_SKILL] = {"competence", FIELD_LINE, false, 0, 80, NULL},
	[DS_ACTIVITY] = {"activite", FIELD_LINE, false, 0, 80, NULL},
};

int page_directory(struct request *req)
{
	int rc = kv_get(&req->cookies, "session") ? session_load(req) : 0;
	if (rc)
		return rc;
	struct field_value v[DS__MAX];
	form_read(&req->arena, &req->query, search_fields, DS__MAX, v);
	const char *skill = v[DS_SKILL].valid ? v[DS_SKILL].str : "";
	const char *activity = v[DS_ACTIVITY].valid ? v[DS_ACTIVITY].str : "";
	bool member = req->user != NULL;
	const char *state;
	PGresult *r = req_exec(req, SQL_DIRECTORY_SEARCH,
			       (const char *const[]){member ? "true" : "false", skill, activity}, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = page_start(req, "directory.tpl", "L’annuaire des coworkers",
					"Les coworkers de La Fontaine : leurs activités, leurs compétences, "
					"ce qu’ils proposent et ce qu’ils cherchent.");
	if (member)
		tpl_show(d, "MEMBER");
	else
		tpl_show(d, "VISITOR");
	tpl_set(d, "SKILL", skill);
	tpl_set(d, "ACTIVITY", activity);
	if (!v[DS_SKILL].valid || !v[DS_ACTIVITY].valid)
		tpl_set(tpl_section(d, "SEARCH_ERROR"), "SEARCH_ERROR_TEXT",
			"La recherche est limitée à 80 caractères par champ.");
	if (*skill || *activity)
		tpl_show(d, "SEARCHED");
	int n = PQntuples(r);
	for (int i = 0; i < n; i++) {
		struct tpl_dict *p = tpl_section(d, "PROFILE");
		tpl_set(p, "PROFILE_ID", arena_printf(&req->arena, "coworker-%s", PQgetvalue(r, i, DR_PERSON)));
		tpl_set(p, "NAME", arena_printf(&req->arena, "%s %s", PQgetvalue(r, i, DR_FIRST),
						PQgetvalue(r, i, DR_LAST)));
		tpl_set(p, "ACTIVITY", PQgetvalue(r, i, DR_ACTIVITY));
		static const struct {
			int col;
			const char *label;
		} blocks[] = {{DR_SKILLS, "Compétences"}, {DR_OFFERS, "Ce que je propose"},
			      {DR_LOOKING, "Ce que je cherche"}, {DR_CONTACT, "Me joindre"}};
		for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++)
			if (*PQgetvalue(r, i, blocks[b].col)) {
				struct tpl_dict *x = tpl_section(p, "DETAIL");
				tpl_set(x, "DETAIL_LABEL", blocks[b].label);
				tpl_set(x, "DETAIL_TEXT", PQgetvalue(r, i, blocks[b].col));
			}
		if (member && strcmp(PQgetvalue(r, i, DR_VISIBILITY), "members") == 0)
			tpl_show(p, "MEMBERS_ONLY");
		if (strcmp(PQgetvalue(r, i, DR_HAS_PHOTO), "t") == 0) {
			struct tpl_dict *ph = tpl_section(p, "PHOTO");
			tpl_set(ph, "PHOTO_SRC", arena_printf(&req->arena, "/annuaire/photo/%s?v=%s",
							      PQgetvalue(r, i, DR_PERSON), PQgetvalue(r, i, DR_PHOTO_AT)));
		}
	}
	if (n == 0)
		tpl_show(d, "NONE");
	tpl_set(d, "COUNT", arena_printf(&req->arena, "%d profil%s", n, n > 1 ? "s" : ""));
	if (member)
		resp_header(req, "Cache-Control", "private, no-store");
	return page_finish(req, 200);
}

int page_directory_photo(struct request *req)
{
	const char *id = req->params[0];
	if (!id || !*id || strlen(id) > 18 || strspn(id, "0123456789") != strlen(id))
		return 404;
	int rc = kv_get(&req->cookies, "session") ? session_load(req) : 0;
	if (rc)
		return rc;
	const char *state;
	PGresult *r = req_exec(req, SQL_DIRECTORY_PHOTO,
			       (const char *const[]){id, req->user ? "true" : "false"}, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	size_t len = 0;
	unsigned char *bytes = PQunescapeBytea((const unsigned char *)PQgetvalue(r, 0, 0), &len);
	if (!bytes)
		return 503;
	buf_reset(&req->resp.body);
	buf_append(&req->resp.body, (const char *)bytes, len);
	PQfreemem(bytes);
	/* The type was checked from the bytes when the photo was saved (one of three). */
	const char *type = PQgetvalue(r, 0, 1);
	req->resp.content_type = strcmp(type, "image/png") == 0 ? "image/png"
				 : strcmp(type, "image/webp") == 0 ? "image/webp" : "image/jpeg";
	resp_header(req, "Cache-Control", req->user ? "private, max-age=300" : "public, max-age=300");
	resp_header(req, "Content-Disposition", "inline");
	return 0;
}

/* ---- the member's own profile ------------------------------------------------------------- */

enum profile_field { DP_ACTIVITY, DP_SKILLS, DP_OFFERS, DP_LOOKING, DP_CONTACT, DP_VISIBILITY,
		     DP_CONSENT, DP_DROP_PHOTO, DP__MAX };
static const char *const visibility_choices[] = {"members", "public", NULL};
static const struct field_def profile_fields[DP__MAX] = {
	[DP_ACTIVITY] = {"activite", FIELD_LINE, true, 1, 200, NULL},
	[DP_SKILLS] = {"competences", FIELD_LINE, false, 0, 500, NULL},
	[DP_OFFERS] = {"propose", FIELD_TEXT, false, 0, 1000, NULL},
	[DP_LOOKING] = {"recherche", FIELD_TEXT, false, 0, 1000, NULL},
	[DP_CONTACT] = {"contact", FIELD_LINE, false, 0, 300, NULL},
	[DP_VISIBILITY] = {"visibilite", FIELD_CHOICE, true, 0, 0, visibility_choices},
	[DP_CONSENT] = {"consentement", FIELD_BOOL, false, 0, 0, NULL},
	[DP_DROP_PHOTO] = {"retirer_photo", FIELD_BOOL, false, 0, 0, NULL},
};
static const struct field_ui profile_ui[DP__MAX] = {
	[DP_ACTIVITY] = {"Mon activité", "text", "organization-title",
			 "Par exemple : graphiste, développeuse web, consultant en énergie."},
	[DP_SKILLS] = {"Mes compétences", "text", NULL, "Séparées par des virgules : illustration, WordPress, comptabilité…"},
	[DP_OFFERS] = {"Ce que je propose", "textarea", NULL, "Un coup de main, un service, un partenariat…"},
	[DP_LOOKING] = {"Ce que je cherche", "textarea", NULL, "Des compétences, des clients, un associé…"},
	[DP_CONTACT] = {"Comment me joindre", "text", NULL,
			"Ce que vous voulez montrer : e-mail, téléphone, site web. Rien n’est ajouté sans vous."},
	[DP_CONSENT] = {"J’accepte que ce profil soit montré dans l’annuaire, comme choisi ci-dessus", "checkbox", NULL,
			"Vous pouvez retirer votre profil à tout moment ; il est aussi retiré à la fin de votre adhésion."},
	[DP_DROP_PHOTO] = {"Retirer ma photo", "checkbox", NULL, NULL},
};

/* The photo's type read from its first bytes (never from what the browser said), or NULL. */
static const char *photo_type(const unsigned char *b, size_t len)
{
	if (len >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
		return "image/jpeg";
	if (len >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (len >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
		return "image/webp";
	return NULL;
}

static int render_profile(struct request *req, int status, PGresult *own, struct field_value *v,
			  size_t errors, const char *photo_error)
{
	bool exists = own && PQntuples(own) == 1;
	struct tpl_dict *d = page_start(req, "directory_profile.tpl", "Mon profil dans l’annuaire",
					"Votre profil dans l’annuaire des coworkers de La Fontaine.");
	tpl_show(req->dict, "NOINDEX");
	tpl_set(d, "CSRF", csrf_token(req));
	struct field_value fill[DP__MAX];
	if (!v && exists) {
		memset(fill, 0, sizeof fill);
		for (int i = 0; i < DP__MAX; i++)
			fill[i].valid = true;
		fill[DP_ACTIVITY].str = PQgetvalue(own, 0, DO_ACTIVITY);
		fill[DP_SKILLS].str = PQgetvalue(own, 0, DO_SKILLS);
		fill[DP_OFFERS].str = PQgetvalue(own, 0, DO_OFFERS);
		fill[DP_LOOKING].str = PQgetvalue(own, 0, DO_LOOKING);
		fill[DP_CONTACT].str = PQgetvalue(own, 0, DO_CONTACT);
		fill[DP_VISIBILITY].num = strcmp(PQgetvalue(own, 0, DO_VISIBILITY), "public") == 0;
		fill[DP_VISIBILITY].present = true;
		fill[DP_CONSENT].num = 1;
		fill[DP_CONSENT].present = true;
		fill[DP_CONSENT].str = "1";
		v = fill;
	}
	page_fields(req, d, "FIELDS", profile_fields, profile_ui, v, DP_ACTIVITY, DP_VISIBILITY);
	int vis = v && v[DP_VISIBILITY].present && v[DP_VISIBILITY].valid ? (int)v[DP_VISIBILITY].num : 0;
	tpl_show(d, vis == 1 ? "VIS_PUBLIC" : "VIS_MEMBERS");
	if (v && !v[DP_VISIBILITY].valid)
		tpl_set(tpl_section(d, "VIS_ERROR"), "VIS_ERROR_TEXT", v[DP_VISIBILITY].error);
	page_fields(req, d, "CONSENT", profile_fields, profile_ui, v, DP_CONSENT, DP_CONSENT + 1);
	page_errors(d, errors + (photo_error != NULL));
	if (photo_error)
		tpl_set(tpl_section(d, "PHOTO_ERROR"), "PHOTO_ERROR_TEXT", photo_error);
	tpl_set(d, "PHOTO_MAX", "500 Ko");
	char day[FMT_MAX];
	if (exists) {
		struct tpl_dict *e = tpl_section(d, "EXISTS");
		tpl_set(e, "CSRF", csrf_token(req));
		tpl_set(e, "CONSENT_AT", fmt_date(day, (time_t)strtoll(PQgetvalue(own, 0, DO_CONSENT_AT), NULL, 10)));
		tpl_set(e, "SHOWN_TO", strcmp(PQgetvalue(own, 0, DO_VISIBILITY), "public") == 0
				       ? "tout le monde" : "les membres connectés");
		if (strcmp(PQgetvalue(own, 0, DO_IS_MEMBER), "t") != 0)
			tpl_show(e, "NOT_LISTED");
		if (strcmp(PQgetvalue(own, 0, DO_HAS_PHOTO), "t") == 0) {
			struct tpl_dict *ph = tpl_section(d, "HAS_PHOTO");
			tpl_set(ph, "PHOTO_SRC", arena_printf(&req->arena, "/annuaire/photo/%s", uid(req)));
			page_fields(req, ph, "DROP", profile_fields, profile_ui, v == fill ? NULL : v,
				    DP_DROP_PHOTO, DP_DROP_PHOTO + 1);
		}
	} else {
		tpl_show(d, "NEW");
	}
	if (kv_get(&req->query, "ok"))
		tpl_show(d, "SAVED");
	if (kv_get(&req->query, "retire"))
		tpl_show(d, "REMOVED");
	return page_finish(req, status);
}

static int load_own(struct request *req, PGresult **out)
{
	const char *state;
	*out = req_exec(req, SQL_DIRECTORY_OWN, (const char *const[]){uid(req)}, &state);
	return *out ? 0 : req_db_error(state);
}

int page_directory_profile(struct request *req)
{
	PGresult *own;
	int rc = load_own(req, &own);
	return rc ? rc : render_profile(req, 200, own, NULL, 0, NULL);
}

int page_directory_profile_post(struct request *req)
{
	PGresult *own;
	int rc = load_own(req, &own);
	if (rc)
		return rc;
	struct field_value v[DP__MAX];
	size_t errors = form_read(&req->arena, &req->form, profile_fields, DP__MAX, v);
	if (v[DP_CONSENT].valid && !v[DP_CONSENT].num) {
		v[DP_CONSENT].valid = false;
		v[DP_CONSENT].error = "Cochez cette case pour apparaître dans l’annuaire (ou retirez votre profil).";
		errors++;
	}
	/* The photo: one file, checked by its bytes and its size. */
	const char *photo_error = NULL, *action = v[DP_DROP_PHOTO].num ? "remove" : "keep";
	const char *photo = NULL, *ptype = NULL;
	for (size_t i = 0; i < req->files.n; i++) {
		const struct upload *u = &req->files.items[i];
		if (strcmp(u->name, "photo") != 0 || u->len == 0)
			continue;
		if (u->len > PHOTO_MAX_BYTES) {
			photo_error = "La photo est trop lourde : 500 Ko au plus. Réduisez-la puis envoyez-la de nouveau.";
		} else if (!(ptype = photo_type((const unsigned char *)u->data, u->len))) {
			photo_error = "Ce fichier n’est pas une photo acceptée : envoyez une image JPEG, PNG ou WebP.";
		} else {
			action = "set";
			photo = bytea_param(&req->arena, u->data, u->len);
		}
	}
	if (errors || photo_error)
		return render_profile(req, 422, own, v, errors, photo_error);
	const char *params[10] = {
		uid(req), v[DP_ACTIVITY].str, v[DP_SKILLS].str, v[DP_OFFERS].str, v[DP_LOOKING].str,
		v[DP_CONTACT].str, visibility_choices[v[DP_VISIBILITY].num], action, photo, ptype,
	};
	const char *state;
	if (!req_exec(req, SQL_DIRECTORY_SAVE, params, &state)) {
		if (state && strcmp(state, "FTD01") == 0) {
			static const char *const text[] = {
				"L’annuaire est réservé aux membres dont l’adhésion est en cours : votre profil "
				"n’a pas été enregistré.", "Renouvelez votre adhésion, puis revenez ici.", NULL};
			return page_message(req, 409, "Adhésion nécessaire", "/compte/adhesion/renouveler",
					    "Mon adhésion", text);
		}
		return req_db_error(state);
	}
	resp_redirect(req, 303, "/compte/profil-annuaire?ok=1");
	return 0;
}

int page_directory_remove_post(struct request *req)
{
	const char *state;
	if (!req_exec(req, SQL_DIRECTORY_REMOVE, (const char *const[]){uid(req)}, &state))
		return req_db_error(state);
	resp_redirect(req, 303, "/compte/profil-annuaire?retire=1");
	return 0;
}
