/* events.c: the staff's event pages: list, create, edit (with a Markdown preview and an
 * optimistic lock on sequence), publish, cancel (registered people are told by mail),
 * delete (drafts only: the database refuses the rest) and the registrations. */
#include "admin.h"
#include "fmt.h"
#include "markdown.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *const event_categories[EVENT_CATEGORIES + 1] = {
	"atelier", "afterwork", "conference", "portes-ouvertes", "autre", NULL,
};
const char *const event_category_labels[EVENT_CATEGORIES] = {
	"Atelier", "Afterwork", "Conférence", "Portes ouvertes", "Autre",
};

const char *event_category_label(const char *value)
{
	for (int i = 0; i < EVENT_CATEGORIES; i++)
		if (strcmp(value, event_categories[i]) == 0)
			return event_category_labels[i];
	return "";
}

enum event_field {
	EF_TITLE, EF_SUMMARY, EF_BODY, EF_CATEGORY, EF_START_DATE, EF_START_TIME, EF_END_DATE,
	EF_END_TIME, EF_PLACE, EF_ADDRESS, EF_CAPACITY, EF_PRICE, EF_IMAGE, EF__MAX
};

static const struct field_def event_fields[EF__MAX] = {
	[EF_TITLE] = {"titre", FIELD_LINE, true, 1, 150, NULL},
	[EF_SUMMARY] = {"resume", FIELD_LINE, true, 1, 300, NULL},
	[EF_BODY] = {"description", FIELD_TEXT, false, 0, 20000, NULL},
	[EF_CATEGORY] = {"categorie", FIELD_CHOICE, true, 0, 0, event_categories},
	[EF_START_DATE] = {"date_debut", FIELD_DATE, true, 0, 0, NULL},
	[EF_START_TIME] = {"heure_debut", FIELD_LINE, true, 0, 0, NULL}, /* checked by valid_time */
	[EF_END_DATE] = {"date_fin", FIELD_DATE, true, 0, 0, NULL},
	[EF_END_TIME] = {"heure_fin", FIELD_LINE, true, 0, 0, NULL},
	[EF_PLACE] = {"lieu", FIELD_LINE, true, 1, 150, NULL},
	[EF_ADDRESS] = {"adresse", FIELD_LINE, false, 0, 300, NULL},
	[EF_CAPACITY] = {"capacite", FIELD_INT, false, 1, 100000, NULL},
	[EF_PRICE] = {"prix", FIELD_MONEY, false, 0, 0, NULL},
	[EF_IMAGE] = {"image", FIELD_LINE, false, 0, 200, NULL},
};

static const struct field_ui event_ui[EF__MAX] = {
	[EF_TITLE] = {"Titre", "text", "off", NULL},
	[EF_SUMMARY] = {"Résumé", "text", "off", "Une ou deux phrases, reprises dans les listes et les flux."},
	[EF_BODY] = {"Description", "textarea", NULL,
		     "En Markdown : **gras**, *italique*, listes commençant par « - », liens "
		     "[texte](https://…). Le HTML n’est pas interprété."},
	[EF_CATEGORY] = {"Catégorie", "select", NULL, NULL},
	[EF_START_DATE] = {"Date de début", "date", NULL, NULL},
	[EF_START_TIME] = {"Heure de début", "time", NULL, "Heure de Paris."},
	[EF_END_DATE] = {"Date de fin", "date", NULL, NULL},
	[EF_END_TIME] = {"Heure de fin", "time", NULL, "Heure de Paris."},
	[EF_PLACE] = {"Lieu", "text", NULL, "Le nom du lieu, ou celui d’un autre lieu où l’événement a lieu."},
	[EF_ADDRESS] = {"Adresse (s’il se tient ailleurs)", "text", NULL, NULL},
	[EF_CAPACITY] = {"Nombre de places", "text", "off", "Laissez vide pour un nombre de places illimité."},
	[EF_PRICE] = {"Prix (€)", "text", "off",
		      "En euros, par exemple 12,50. Laissez vide ou mettez 0 pour un événement gratuit."},
	[EF_IMAGE] = {"Image (facultatif)", "text", "off",
		      "Chemin d’une image déjà en ligne sous /static/, par exemple "
		      "/static/img/atelier.jpg. Le téléversement d’images n’est pas encore possible ici."},
};

enum { PRICE_MAX_CENTS = 10000000 }; /* 100 000 € */

/* Columns of SQL_EVENT_GET. */
enum {
	EG_TITLE, EG_SUMMARY, EG_BODY, EG_CATEGORY, EG_START_DATE, EG_START_TIME, EG_END_DATE,
	EG_END_TIME, EG_PLACE, EG_ADDRESS, EG_CAPACITY, EG_PRICE, EG_IMAGE, EG_STATUS,
	EG_SEQUENCE, EG_SLUG, EG_STARTS, EG_LIVE_REGS, EG_PAST
};

static void invalidate(struct field_value *v, const char *msg, size_t *errors)
{
	if (v->valid)
		(*errors)++;
	v->valid = false;
	v->error = msg;
}

/* Returns "HH:MM" for a valid 24-hour time typed as "H:MM", "HH:MM" or "HH:MM:SS" (what
 * browsers send), or NULL. */
static const char *valid_time(struct arena *a, const char *s)
{
	int h, m, sec = 0, n = 0;
	size_t len = strlen(s);
	if (len < 4 || len > 8 || !isdigit((unsigned char)s[0]))
		return NULL;
	for (size_t i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]) && s[i] != ':')
			return NULL;
	if (sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || (s[n] && sscanf(s + n, ":%2d", &sec) != 1))
		return NULL;
	if (s[n] && strlen(s + n) != 3)
		return NULL;
	if (n < 4 || s[n - 3] != ':' || h > 23 || m > 59 || sec > 59)
		return NULL;
	return arena_printf(a, "%02d:%02d", h, m);
}

/* Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Minutes since 1970 of a valid local date and "HH:MM" (for order and duration only). */
static long local_minutes(const char *date, const char *hhmm)
{
	int y, m, d;
	valid_date(date, &y, &m, &d);
	return days_from_civil(y, m, d) * 1440 + atoi(hhmm) * 60 + atoi(hhmm + 3);
}

/* Reads and checks the event form into v[EF__MAX]; returns the number of invalid fields. */
static size_t read_event(struct request *req, struct field_value *v)
{
	size_t errors = form_read(&req->arena, &req->form, event_fields, EF__MAX, v);
	static const char *time_msg = "Cette heure n’est pas valide (format attendu : HH:MM, par exemple 18:30).";
	for (int f = EF_START_TIME; f <= EF_END_TIME; f += 2) {
		if (!v[f].present || !v[f].valid)
			continue;
		const char *t = valid_time(&req->arena, v[f].str);
		if (t)
			v[f].str = t;
		else
			invalidate(&v[f], time_msg, &errors);
	}
	if (v[EF_START_DATE].valid && v[EF_START_TIME].valid && v[EF_END_DATE].valid &&
	    v[EF_END_TIME].valid) {
		long start = local_minutes(v[EF_START_DATE].str, v[EF_START_TIME].str);
		long end = local_minutes(v[EF_END_DATE].str, v[EF_END_TIME].str);
		if (end <= start)
			invalidate(&v[EF_END_DATE], "La fin doit être après le début de l’événement.", &errors);
		else if (end - start > 14 * 1440)
			invalidate(&v[EF_END_DATE], "Un événement dure au plus 14 jours.", &errors);
	}
	if (v[EF_PRICE].valid && v[EF_PRICE].present && v[EF_PRICE].num > PRICE_MAX_CENTS)
		invalidate(&v[EF_PRICE], "Le prix ne peut pas dépasser 100 000 €.", &errors);
	if (v[EF_IMAGE].valid && v[EF_IMAGE].present) {
		const char *s = v[EF_IMAGE].str;
		bool ok = strncmp(s, "/static/", 8) == 0 && s[8] && !strstr(s, "..");
		for (const char *p = s; ok && *p; p++)
			ok = isalnum((unsigned char)*p) || strchr("/_.-", *p);
		if (!ok)
			invalidate(&v[EF_IMAGE], "Indiquez un chemin commençant par /static/ (lettres sans "
				   "accents, chiffres, / _ . et -), par exemple /static/img/atelier.jpg.", &errors);
	}
	return errors;
}

static const char *opt(const struct field_value *v)
{
	return v->present ? v->str : NULL;
}

/* The form's values from a row of SQL_EVENT_GET. */
static void values_from_row(struct request *req, PGresult *r, struct field_value *v)
{
	static const int col[EF__MAX] = {
		[EF_TITLE] = EG_TITLE, [EF_SUMMARY] = EG_SUMMARY, [EF_BODY] = EG_BODY,
		[EF_CATEGORY] = EG_CATEGORY, [EF_START_DATE] = EG_START_DATE,
		[EF_START_TIME] = EG_START_TIME, [EF_END_DATE] = EG_END_DATE,
		[EF_END_TIME] = EG_END_TIME, [EF_PLACE] = EG_PLACE, [EF_ADDRESS] = EG_ADDRESS,
		[EF_CAPACITY] = EG_CAPACITY, [EF_PRICE] = EG_PRICE, [EF_IMAGE] = EG_IMAGE,
	};
	for (int f = 0; f < EF__MAX; f++) {
		const char *s = PQgetvalue(r, 0, col[f]);
		v[f] = (struct field_value){.present = *s != '\0', .valid = true, .str = s};
	}
	long long cents = strtoll(PQgetvalue(r, 0, EG_PRICE), NULL, 10);
	v[EF_PRICE].str = cents ? arena_printf(&req->arena, "%lld,%02lld", cents / 100, cents % 100) : "";
	v[EF_PRICE].present = cents != 0;
}

/* Parses the event id of the path; returns it as text, or NULL when it is not a number. */
static const char *event_id(struct request *req)
{
	const char *s = req->params[0];
	if (!s || !*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s) || s[0] == '0')
		return NULL;
	return s;
}

static const char *status_label(const char *status, bool past)
{
	if (strcmp(status, "draft") == 0)
		return "Brouillon";
	if (strcmp(status, "cancelled") == 0)
		return "Annulé";
	return past ? "Publié (passé)" : "Publié";
}

/* A notice shown at the top of the form page. */
struct notice {
	bool error;
	const char *text;
};

/* Renders the event form. id is NULL for a new event; row (SQL_EVENT_GET) gives what the
 * page shows beside the form (status, actions, preview); v holds the form's values (the
 * user's, or the row's); seq is the hidden sequence the next save is checked against. */
static int render_form(struct request *req, int status, const char *id, PGresult *row,
		       struct field_value *v, size_t errors, struct notice notice, const char *seq)
{
	const char *title = id ? arena_printf(&req->arena, "Modifier : %s", PQgetvalue(row, 0, EG_TITLE))
			       : "Nouvel événement";
	struct tpl_dict *d = admin_start(req, "admin_event_form.tpl", title);
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "ACTION", id ? arena_printf(&req->arena, "/admin/evenements/%s", id)
				: "/admin/evenements/nouveau");
	tpl_set(d, "SUBMIT", id ? "Enregistrer les modifications" : "Créer le brouillon");
	if (notice.text)
		tpl_set(tpl_section(d, notice.error ? "NOTICE_ERROR" : "NOTICE_OK"), "NOTICE", notice.text);

	/* A value that does not fit a date or time input is not sent back (vnu would refuse the
	 * page; the message says what is expected): browsers only ever send well-formed ones. */
	for (int f = EF_START_DATE; f <= EF_END_TIME; f++) {
		bool is_date = f == EF_START_DATE || f == EF_END_DATE;
		bool fits = is_date ? !valid_date(v[f].str, NULL, NULL, NULL)
				    : valid_time(&req->arena, v[f].str) != NULL;
		if (v[f].present && !fits)
			v[f].str = "";
	}

	page_fields(req, d, "MAIN_FIELDS", event_fields, event_ui, v, EF_TITLE, EF_CATEGORY);
	page_fields(req, d, "WHEN_FIELDS", event_fields, event_ui, v, EF_START_DATE, EF_PLACE);
	page_fields(req, d, "WHERE_FIELDS", event_fields, event_ui, v, EF_PLACE, EF_CAPACITY);
	page_fields(req, d, "PRACTICAL_FIELDS", event_fields, event_ui, v, EF_CAPACITY, EF__MAX);
	for (int i = 0; i < EVENT_CATEGORIES; i++) {
		struct tpl_dict *c = tpl_section(d, "CATEGORY");
		tpl_set(c, "VALUE", event_categories[i]);
		tpl_set(c, "LABEL", event_category_labels[i]);
		if (strcmp(v[EF_CATEGORY].str, event_categories[i]) == 0)
			tpl_show(c, "SELECTED");
	}
	if (!v[EF_CATEGORY].valid) {
		tpl_show(d, "CATEGORIE_INVALID");
		tpl_set(d, "CATEGORIE_ERROR", v[EF_CATEGORY].error);
	}
	page_errors(d, errors);

	if (id) {
		tpl_set(d, "SEQUENCE", seq);
		const char *st = PQgetvalue(row, 0, EG_STATUS);
		bool past = strcmp(PQgetvalue(row, 0, EG_PAST), "t") == 0;
		struct tpl_dict *e = tpl_section(d, "EXISTING");
		tpl_set(e, "STATUS", status_label(st, past));
		tpl_set(e, "SLUG", PQgetvalue(row, 0, EG_SLUG));
		tpl_set(e, "PUBLIC_HREF", arena_printf(&req->arena, "/evenements/%s", PQgetvalue(row, 0, EG_SLUG)));
		tpl_set(e, "REG_HREF", arena_printf(&req->arena, "/admin/evenements/%s/inscriptions", id));
		char regs[FMT_MAX];
		tpl_set(e, "N_REGS", fmt_plural(regs, strtoll(PQgetvalue(row, 0, EG_LIVE_REGS), NULL, 10),
						"inscription", "inscriptions"));
		tpl_set(e, "SEQ", PQgetvalue(row, 0, EG_SEQUENCE));
		if (strcmp(st, "draft") == 0) {
			tpl_set(tpl_section(d, "CAN_PUBLISH"), "PUBLISH_ACTION",
				arena_printf(&req->arena, "/admin/evenements/%s/publier", id));
			tpl_set(tpl_section(d, "CAN_DELETE"), "DELETE_ACTION",
				arena_printf(&req->arena, "/admin/evenements/%s/supprimer", id));
		} else if (strcmp(st, "published") == 0) {
			tpl_show(e, "IS_PUBLIC");
			tpl_set(tpl_section(d, "CAN_CANCEL"), "CANCEL_ACTION",
				arena_printf(&req->arena, "/admin/evenements/%s/annuler", id));
		} else {
			tpl_show(d, "IS_CANCELLED");
		}
		/* The preview shows the description as saved (what the public page shows). */
		const char *md = PQgetvalue(row, 0, EG_BODY);
		if (*md) {
			struct buf html = {0};
			if (markdown_html(md, strlen(md), &html) == 0)
				tpl_set_len(tpl_section(d, "PREVIEW"), "PREVIEW_HTML", html.data, html.len);
			buf_free(&html);
		}
	}
	return page_finish(req, status);
}

/* Loads the event of the path: returns its row, or NULL with *status (404, 503). */
static PGresult *load_event(struct request *req, const char *id, int *status)
{
	if (!id) {
		*status = 404;
		return NULL;
	}
	const char *state;
	PGresult *r = req_exec(req, SQL_EVENT_GET, (const char *const[]){id}, &state);
	if (!r) {
		*status = req_db_error(state);
		return NULL;
	}
	if (PQntuples(r) != 1) {
		*status = 404;
		return NULL;
	}
	return r;
}

/* Renders the edit page from the database, with a notice. */
static int render_saved(struct request *req, const char *id, int status, struct notice notice)
{
	int rc;
	PGresult *row = load_event(req, id, &rc);
	if (!row)
		return rc;
	struct field_value v[EF__MAX];
	values_from_row(req, row, v);
	return render_form(req, status, id, row, v, 0, notice, PQgetvalue(row, 0, EG_SEQUENCE));
}

/* ---- list ------------------------------------------------------------------------------ */

int page_events(struct request *req)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_EVENTS_LIST, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_events.tpl", "Événements");
	const char *ok = kv_get(&req->query, "ok");
	if (ok && strcmp(ok, "supprime") == 0)
		tpl_set(tpl_section(d, "NOTICE_OK"), "NOTICE", "Le brouillon a été supprimé.");
	char date[FMT_MAX], hour[FMT_MAX];
	for (int i = 0; i < PQntuples(r); i++) {
		bool past = strcmp(PQgetvalue(r, i, 8), "t") == 0;
		struct tpl_dict *e = tpl_section(d, past ? "PAST_EVENT" : "EVENT");
		time_t t = (time_t)strtoll(PQgetvalue(r, i, 3), NULL, 10);
		tpl_set(e, "HREF", arena_printf(&req->arena, "/admin/evenements/%s", PQgetvalue(r, i, 0)));
		tpl_set(e, "TITLE", PQgetvalue(r, i, 1));
		tpl_set(e, "STATUS", status_label(PQgetvalue(r, i, 2), false));
		tpl_set(e, "WHEN", arena_printf(&req->arena, "%s, %s", fmt_date_long(date, t), fmt_time(hour, t)));
		tpl_set(e, "ISO", fmt_iso_date(date, t));
		tpl_set(e, "CATEGORY", event_category_label(PQgetvalue(r, i, 4)));
		const char *cap = PQgetvalue(r, i, 5);
		tpl_set(e, "SEATS", *cap ? arena_printf(&req->arena, "%s / %s", PQgetvalue(r, i, 6), cap)
					 : arena_printf(&req->arena, "%s (illimité)", PQgetvalue(r, i, 6)));
		tpl_set(e, "WAITING", PQgetvalue(r, i, 7));
		tpl_set(e, "REG_HREF", arena_printf(&req->arena, "/admin/evenements/%s/inscriptions",
						    PQgetvalue(r, i, 0)));
	}
	if (PQntuples(r) == 0)
		tpl_show(d, "NO_EVENT");
	return page_finish(req, 200);
}

/* ---- create ---------------------------------------------------------------------------- */

int page_event_new(struct request *req)
{
	struct field_value v[EF__MAX];
	for (int f = 0; f < EF__MAX; f++)
		v[f] = (struct field_value){.valid = true, .str = ""};
	v[EF_PLACE] = (struct field_value){.present = true, .valid = true, .str = space_name(req)};
	return render_form(req, 200, NULL, NULL, v, 0, (struct notice){0}, NULL);
}

static const char *money_param(struct request *req, const struct field_value *v)
{
	return arena_printf(&req->arena, "%lld", v->present ? (long long)v->num : 0LL);
}

/* The message for a write the database refused on a rule the form does not check. */
static const char *refused_message(const char *state)
{
	if (state && strncmp(state, "22", 2) == 0)
		return "Une date, une heure ou un nombre n’a pas été accepté : vérifiez les champs.";
	return "L’événement n’a pas pu être enregistré : vérifiez les dates (au plus 14 jours), "
	       "les longueurs des textes et le chemin de l’image.";
}

static bool refusal(const char *state)
{
	/* check violations, bad dates or numbers: the user can fix them */
	return state && (strcmp(state, "23514") == 0 || strncmp(state, "22", 2) == 0);
}

int page_event_new_post(struct request *req)
{
	struct field_value v[EF__MAX];
	size_t errors = read_event(req, v);
	if (errors)
		return render_form(req, 422, NULL, NULL, v, errors, (struct notice){0}, NULL);
	const char *base = slugify(&req->arena, v[EF_TITLE].str, 100);
	const char *slug = arena_printf(&req->arena, "%s-%s", *base ? base : "evenement",
					v[EF_START_DATE].str);
	const char *params[15] = {
		admin_actor(req), slug, v[EF_TITLE].str, v[EF_SUMMARY].str, v[EF_BODY].str,
		v[EF_CATEGORY].str, v[EF_START_DATE].str, v[EF_START_TIME].str, v[EF_END_DATE].str,
		v[EF_END_TIME].str, v[EF_PLACE].str, opt(&v[EF_ADDRESS]), opt(&v[EF_CAPACITY]),
		money_param(req, &v[EF_PRICE]), opt(&v[EF_IMAGE]),
	};
	const char *state = NULL;
	PGresult *r = NULL;
	/* Two staff creating the same title and date at once may pick the same free slug: the
	 * unique index refuses the second, which takes the next one. */
	for (int attempt = 0; attempt < 3 && !r; attempt++) {
		r = req_exec(req, SQL_EVENT_INSERT, params, &state);
		if (!r && (!state || strcmp(state, SQLSTATE_UNIQUE) != 0))
			break;
	}
	if (!r && refusal(state))
		return render_form(req, 422, NULL, NULL, v, 0,
				   (struct notice){true, refused_message(state)}, NULL);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 500;
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/evenements/%s?ok=cree", PQgetvalue(r, 0, 0)));
	return 303;
}

/* ---- edit ------------------------------------------------------------------------------ */

static const struct {
	const char *key, *text;
} ok_notices[] = {
	{"cree", "L’événement est créé, en brouillon : il sera visible du public une fois publié."},
	{"enregistre", "Les modifications sont enregistrées."},
	{"publie", "L’événement est publié : il apparaît sur le site et dans les flux."},
	{"annule", "L’événement est annulé ; les personnes inscrites sont prévenues par e-mail."},
};

int page_event_edit(struct request *req)
{
	struct notice notice = {0};
	const char *ok = kv_get(&req->query, "ok");
	for (size_t i = 0; ok && i < sizeof ok_notices / sizeof ok_notices[0]; i++)
		if (strcmp(ok, ok_notices[i].key) == 0)
			notice.text = ok_notices[i].text;
	return render_saved(req, event_id(req), 200, notice);
}

int page_event_edit_post(struct request *req)
{
	int rc;
	const char *id = event_id(req);
	PGresult *row = load_event(req, id, &rc);
	if (!row)
		return rc;
	static const struct field_def seq_def = {"sequence", FIELD_INT, true, 0, 2147483647, NULL};
	struct field_value seq;
	form_read(&req->arena, &req->form, &seq_def, 1, &seq);
	if (!seq.valid)
		return 400; /* the hidden field is ours: only a forged form lacks it */
	struct field_value v[EF__MAX];
	size_t errors = read_event(req, v);
	if (errors)
		return render_form(req, 422, id, row, v, errors, (struct notice){0}, seq.str);
	const char *params[16] = {
		admin_actor(req), id, seq.str, v[EF_TITLE].str, v[EF_SUMMARY].str, v[EF_BODY].str,
		v[EF_CATEGORY].str, v[EF_START_DATE].str, v[EF_START_TIME].str, v[EF_END_DATE].str,
		v[EF_END_TIME].str, v[EF_PLACE].str, opt(&v[EF_ADDRESS]), opt(&v[EF_CAPACITY]),
		money_param(req, &v[EF_PRICE]), opt(&v[EF_IMAGE]),
	};
	const char *state = NULL;
	PGresult *r = req_exec(req, SQL_EVENT_UPDATE, params, &state);
	if (!r && refusal(state))
		return render_form(req, 422, id, row, v, 0, (struct notice){true, refused_message(state)},
				   seq.str);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) == 1) {
		resp_redirect(req, 303, arena_printf(&req->arena, "/admin/evenements/%s?ok=enregistre", id));
		return 303;
	}
	/* No row: the event changed since the form was read, or was cancelled, or is gone. */
	PGresult *now = req_exec(req, SQL_EVENT_STATE, (const char *const[]){id}, &state);
	if (!now)
		return req_db_error(state);
	if (PQntuples(now) != 1)
		return 404;
	if (strcmp(PQgetvalue(now, 0, 0), "cancelled") == 0)
		return render_saved(req, id, 409, (struct notice){true,
			"Cet événement est annulé : il ne peut plus être modifié."});
	/* Keep what this person typed; the next save is checked against the current version,
	 * so it replaces the other change only when they save again, knowingly. */
	row = load_event(req, id, &rc);
	if (!row)
		return rc;
	return render_form(req, 409, id, row, v, 0, (struct notice){true,
		"Cet événement a été modifié entre-temps par quelqu’un d’autre : vos changements ne "
		"sont pas encore enregistrés. Ouvrez la version actuelle dans un autre onglet pour "
		"comparer ; enregistrer à nouveau ce formulaire remplacera l’autre modification."},
		PQgetvalue(now, 0, 1));
}

/* ---- publish, cancel, delete ----------------------------------------------------------- */

int page_event_publish_post(struct request *req)
{
	const char *id = event_id(req);
	if (!id)
		return 404;
	const char *state;
	PGresult *r = req_exec(req, SQL_EVENT_PUBLISH, (const char *const[]){admin_actor(req), id}, &state);
	if (!r && refusal(state))
		return render_saved(req, id, 409, (struct notice){true,
			"L’événement n’a pas pu être publié : vérifiez ses dates et ses textes."});
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) == 0)
		return render_saved(req, id, 409, (struct notice){true,
			"Seul un brouillon peut être publié : cet événement est déjà publié ou annulé."});
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/evenements/%s?ok=publie", id));
	return 303;
}

int page_event_cancel_post(struct request *req)
{
	int rc;
	const char *id = event_id(req);
	PGresult *row = load_event(req, id, &rc);
	if (!row)
		return rc;
	char date[FMT_MAX], hour[FMT_MAX];
	time_t t = (time_t)strtoll(PQgetvalue(row, 0, EG_STARTS), NULL, 10);
	const char *title = PQgetvalue(row, 0, EG_TITLE);
	const char *subject = arena_printf(&req->arena, "Événement annulé : %s", title);
	/* {name} is replaced by each person's name in event_cancel. */
	const char *text = arena_printf(&req->arena,
		"Bonjour {name},\n\n"
		"Nous sommes désolés : l’événement « %s », prévu le %s à %s (%s), est annulé.\n\n"
		"Votre inscription est donc annulée ; vous n’avez rien à faire. Si vous aviez réglé "
		"une participation, l’équipe vous contacte pour le remboursement.\n\n"
		"Retrouvez les prochains rendez-vous sur %s/evenements\n\n"
		"L’équipe de %s\n",
		title, fmt_date_long(date, t), fmt_time(hour, t), PQgetvalue(row, 0, EG_PLACE), space_url(req, ""),
		space_name(req));
	const char *state;
	PGresult *r = req_exec(req, SQL_EVENT_CANCEL,
			       (const char *const[]){admin_actor(req), id, subject, text}, &state);
	if (!r && state && strcmp(state, "P0002") == 0)
		return render_saved(req, id, 409, (struct notice){true,
			"Seul un événement publié peut être annulé. Un brouillon se supprime."});
	if (!r)
		return req_db_error(state);
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/evenements/%s?ok=annule", id));
	return 303;
}

int page_event_delete_post(struct request *req)
{
	const char *id = event_id(req);
	if (!id)
		return 404;
	const char *state;
	PGresult *r = req_exec(req, SQL_EVENT_DELETE, (const char *const[]){admin_actor(req), id}, &state);
	if (!r && state && strcmp(state, "23514") == 0)
		return render_saved(req, id, 409, (struct notice){true,
			"Seul un brouillon peut être supprimé. Un événement publié reste dans l’historique : "
			"annulez-le si besoin."});
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) == 0)
		return 404;
	resp_redirect(req, 303, "/admin/evenements?ok=supprime");
	return 303;
}

/* ---- registrations ---------------------------------------------------------------------- */

int page_event_registrations(struct request *req)
{
	int rc;
	const char *id = event_id(req);
	PGresult *row = load_event(req, id, &rc);
	if (!row)
		return rc;
	const char *state;
	PGresult *r = req_exec(req, SQL_EVENT_REGISTRATIONS, (const char *const[]){id}, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_registrations.tpl",
		arena_printf(&req->arena, "Inscriptions : %s", PQgetvalue(row, 0, EG_TITLE)));
	tpl_set(d, "EVENT_HREF", arena_printf(&req->arena, "/admin/evenements/%s", id));
	tpl_set(d, "EVENT_TITLE", PQgetvalue(row, 0, EG_TITLE));
	const char *cap = PQgetvalue(row, 0, EG_CAPACITY);
	tpl_set(d, "CAPACITY", *cap ? arena_printf(&req->arena, "%s places", cap) : "places illimitées");
	int confirmed = 0, waiting = 0;
	char date[FMT_MAX], hour[FMT_MAX];
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *e = tpl_section(d, "REGISTRATION");
		const char *st = PQgetvalue(r, i, 2);
		time_t t = (time_t)strtoll(PQgetvalue(r, i, 3), NULL, 10);
		tpl_set(e, "NAME", PQgetvalue(r, i, 0));
		tpl_set(e, "EMAIL", PQgetvalue(r, i, 1));
		tpl_set(e, "STATUS", strcmp(st, "confirmed") == 0 ? "Confirmée"
				     : strcmp(st, "waiting") == 0 ? "Liste d’attente" : "Annulée");
		tpl_set(e, "WHEN", arena_printf(&req->arena, "%s, %s", fmt_date(date, t), fmt_time(hour, t)));
		tpl_set(e, "MEMBER", strcmp(PQgetvalue(r, i, 4), "t") == 0 ? "oui" : "non");
		confirmed += strcmp(st, "confirmed") == 0;
		waiting += strcmp(st, "waiting") == 0;
	}
	char conf[FMT_MAX];
	tpl_set(d, "CONFIRMED", fmt_plural(conf, confirmed, "confirmée", "confirmées"));
	tpl_set_int(d, "WAITING", waiting);
	if (PQntuples(r) == 0)
		tpl_show(d, "NO_REGISTRATION");
	return page_finish(req, 200);
}
