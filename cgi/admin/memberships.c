/* memberships.c: /admin/adhesions, the membership lifecycle run by staff: the requests
 * (formulas chosen at signup or a top-up not active yet, memberships, renewal requests)
 * activated, refused with a reason or changed; the memberships not renewed, with a renewal
 * action and the renewal reminders sent now; a carnet sold at the desk; and, on a member's page
 * (/admin/membres/{id}/...), a membership or a formula created for an existing person.
 * Every action is one SQL function of schema/0024_membership_lifecycle.sql that writes the
 * audit log and queues the member's mail in the same transaction. */
#include "admin.h"
#include "fmt.h"
#include "mail.h"
#include <stdlib.h>
#include <string.h>

/* Columns of SQL_MS_REQUESTS. */
enum rq_col {
	RQ_KIND, RQ_ID, RQ_PERSON, RQ_FIRST, RQ_LAST, RQ_EMAIL, RQ_LABEL, RQ_CODE, RQ_CREATED,
	RQ_PERIOD, RQ_RENEWAL, RQ_AMOUNT, RQ_TOTAL
};
/* Requests shown a page (SQL_MS_REQUESTS's LIMIT). */
enum { RQ_PAGE = 100 };
/* Columns of SQL_MS_NOT_RENEWED. */
enum { NR_PERSON, NR_FIRST, NR_LAST, NR_EMAIL, NR_END, NR_STATUS, NR_DAYS, NR_REMINDERS, NR_TOTAL };
/* Memberships not renewed shown here (SQL_MS_NOT_RENEWED's LIMIT). */
enum { NR_SHOWN = 300 };
/* Columns of SQL_MS_FORMULA_GET and SQL_MS_MEMBERSHIP_GET. */
enum { FG_PERSON, FG_FIRST, FG_LABEL, FG_STATUS };

static const char *reason_hint = "Indiquez la raison (elle est envoyée à la personne et gardée au journal).";

/* The French mail of an action, as plain text (the outbox row's body). */
static const char *mail_text(struct request *req, const char *subject, const char *first,
			     const char *p1, const char *p2)
{
	struct mail m = {
		.subject = subject,
		.greeting = arena_printf(&req->arena, "Bonjour %s,", first),
		.paragraphs = {p1, p2},
		.action_url = arena_printf(&req->arena, "%s/compte", space_url(req, "")),
		.action_label = "Voir mon espace membre",
	};
	const char *text = NULL, *html = NULL;
	if (mail_render(req, &m, &text, &html) != 0)
		return NULL;
	return text;
}

static void formula_choices(struct request *req, struct tpl_dict *d, const char *section, PGresult *prices,
			    const char *chosen)
{
	for (int i = 0; i < PQntuples(prices); i++) {
		struct tpl_dict *o = tpl_section(d, section);
		tpl_set(o, "VALUE", PQgetvalue(prices, i, 0));
		tpl_set(o, "LABEL", PQgetvalue(prices, i, 1));
		if (chosen && strcmp(chosen, PQgetvalue(prices, i, 0)) == 0)
			tpl_show(o, "SELECTED");
	}
	(void)req;
}

static int render_memberships(struct request *req, int status, const char *error)
{
	/* ?q= a name or an e-mail among the requests, ?page= their page (100 each, oldest first). */
	const char *q = kv_get(&req->query, "q"), *pg = kv_get(&req->query, "page");
	if (!q || strlen(q) > 100)
		q = "";
	long page = 1;
	if (pg && *pg) {
		char *end;
		page = strtol(pg, &end, 10);
		if (*end || page < 1 || page > 10000)
			page = 1;
	}
	const char *state;
	const char *skip = arena_printf(&req->arena, "%ld", (page - 1) * RQ_PAGE);
	PGresult *rq = req_exec(req, SQL_MS_REQUESTS, (const char *const[]){q, skip}, &state);
	if (!rq)
		return req_db_error(state);
	PGresult *nr = req_exec(req, SQL_MS_NOT_RENEWED, NULL, &state);
	if (!nr)
		return req_db_error(state);
	PGresult *prices = req_exec(req, SQL_MS_PRICES, NULL, &state);
	if (!prices)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_memberships.tpl", "Adhésions et formules");
	static const char *const notices[] = {
		"active", "La demande est activée : ce qui est dû est ajouté à la facture du mois et la personne est prévenue par e-mail.",
		"refuse", "La demande est refusée ; la personne est prévenue par e-mail avec la raison.",
		"modifie", "La formule demandée est modifiée ; la demande reste à décider.",
		"renouvele", "L’adhésion est renouvelée pour un an.",
		"rappels", "Les rappels de renouvellement dus sont envoyés.",
		"carnet", "Le carnet est vendu et ajouté à la facture du mois.",
		"carnet_attente", "Le carnet est enregistré ; il n’est pas encore actif.",
		NULL,
	};
	admin_notice(req, d, notices);
	if (error)
		tpl_set(tpl_section(d, "NOTICE_ERROR"), "NOTICE", error);
	const char *csrf = csrf_token(req);
	tpl_set(d, "CSRF", csrf);
	char money[FMT_MAX];
	for (int i = 0; i < PQntuples(rq); i++) {
		bool formula = strcmp(PQgetvalue(rq, i, RQ_KIND), "formula") == 0;
		struct tpl_dict *r = tpl_section(d, "REQUEST");
		const char *id = PQgetvalue(rq, i, RQ_ID);
		const char *base = arena_printf(&req->arena, "/admin/adhesions/%s/%s", formula ? "formules" : "adhesions", id);
		tpl_set(r, "CSRF", csrf);
		tpl_set(r, "KEY", arena_printf(&req->arena, "%c%s", formula ? 'f' : 'a', id));
		tpl_set(r, "HREF", arena_printf(&req->arena, "/admin/membres/%s", PQgetvalue(rq, i, RQ_PERSON)));
		tpl_set(r, "NAME", arena_printf(&req->arena, "%s %s", PQgetvalue(rq, i, RQ_FIRST), PQgetvalue(rq, i, RQ_LAST)));
		tpl_set(r, "EMAIL", PQgetvalue(rq, i, RQ_EMAIL));
		tpl_set(r, "WHAT", formula ? arena_printf(&req->arena, "formule « %s »", PQgetvalue(rq, i, RQ_LABEL))
				   : strcmp(PQgetvalue(rq, i, RQ_RENEWAL), "t") == 0 ? "Renouvellement d’adhésion"
										   : "Adhésion à l’association");
		tpl_set(r, "CREATED", PQgetvalue(rq, i, RQ_CREATED));
		tpl_set(r, "PERIOD", PQgetvalue(rq, i, RQ_PERIOD));
		tpl_set(r, "AMOUNT", fmt_money(money, strtoll(PQgetvalue(rq, i, RQ_AMOUNT), NULL, 10)));
		tpl_set(r, "ACTIVATE_ACTION", arena_printf(&req->arena, "%s/activer", base));
		tpl_set(r, "REFUSE_ACTION", arena_printf(&req->arena, "%s/refuser", base));
		if (formula) {
			struct tpl_dict *c = tpl_section(r, "CHANGE");
			tpl_set(c, "CSRF", csrf);
			tpl_set(c, "KEY", arena_printf(&req->arena, "f%s", id));
			tpl_set(c, "CHANGE_ACTION", arena_printf(&req->arena, "%s/modifier", base));
			formula_choices(req, c, "CHOICE", prices, PQgetvalue(rq, i, RQ_CODE));
			struct tpl_dict *s = tpl_section(r, "START");
			tpl_set(s, "KEY", arena_printf(&req->arena, "f%s", id));
		}
	}
	long total = PQntuples(rq) ? strtol(PQgetvalue(rq, 0, RQ_TOTAL), NULL, 10) : 0;
	tpl_set(d, "Q", q);
	if (PQntuples(rq) == 0)
		tpl_show(d, page > 1 ? "PAST_LAST" : *q ? "NO_MATCH" : "NO_REQUEST");
	else {
		char count[FMT_MAX];
		struct tpl_dict *c = tpl_section(d, "COUNT");
		tpl_set(c, "N", fmt_plural(count, total, *q ? "demande trouvée" : "demande en attente",
					 *q ? "demandes trouvées" : "demandes en attente"));
		if (total > RQ_PAGE)
			tpl_set(tpl_section(c, "RANGE"), "RANGE",
				arena_printf(&req->arena, "%ld à %ld", (page - 1) * RQ_PAGE + 1,
					     (page - 1) * RQ_PAGE + PQntuples(rq)));
	}
	if (page > 1 || total > page * RQ_PAGE) {
		struct tpl_dict *nav = tpl_section(d, "PAGES");
		if (page > 1) {
			struct tpl_dict *l = tpl_section(nav, "PREV");
			tpl_set(l, "Q", q);
			tpl_set(l, "PAGE", arena_printf(&req->arena, "%ld", page - 1));
		}
		if (total > page * RQ_PAGE) {
			struct tpl_dict *l = tpl_section(nav, "NEXT");
			tpl_set(l, "Q", q);
			tpl_set(l, "PAGE", arena_printf(&req->arena, "%ld", page + 1));
		}
	}
	struct tpl_dict *table = PQntuples(nr) ? tpl_section(d, "HAS_NOT_RENEWED") : NULL;
	for (int i = 0; i < PQntuples(nr); i++) {
		struct tpl_dict *m = tpl_section(table, "NOT_RENEWED");
		tpl_set(m, "CSRF", csrf);
		tpl_set(m, "HREF", arena_printf(&req->arena, "/admin/membres/%s", PQgetvalue(nr, i, NR_PERSON)));
		const char *name = arena_printf(&req->arena, "%s %s", PQgetvalue(nr, i, NR_FIRST), PQgetvalue(nr, i, NR_LAST));
		tpl_set(m, "NAME", name);
		tpl_set(m, "EMAIL", PQgetvalue(nr, i, NR_EMAIL));
		tpl_set(m, "END", PQgetvalue(nr, i, NR_END));
		tpl_set(m, "MSTATUS", strcmp(PQgetvalue(nr, i, NR_STATUS), "paid") == 0 ? "payée" : "à payer");
		long days = strtol(PQgetvalue(nr, i, NR_DAYS), NULL, 10);
		tpl_set(m, "WHEN", days < 0 ? arena_printf(&req->arena, "terminée depuis %ld jour%s", -days, days < -1 ? "s" : "")
				   : days == 0 ? "se termine aujourd’hui"
					       : arena_printf(&req->arena, "dans %ld jour%s", days, days > 1 ? "s" : ""));
		long n = strtol(PQgetvalue(nr, i, NR_REMINDERS), NULL, 10);
		tpl_set(m, "REMINDERS", n == 0 ? "aucun" : arena_printf(&req->arena, "%ld", n));
		tpl_set(m, "RENEW_ACTION", arena_printf(&req->arena, "/admin/membres/%s/adhesion", PQgetvalue(nr, i, NR_PERSON)));
		tpl_set(m, "RENEW_LABEL", arena_printf(&req->arena, "Renouveler l’adhésion de %s", name));
	}
	if (!table)
		tpl_show(d, "NONE_TO_RENEW");
	else if (strtol(PQgetvalue(nr, 0, NR_TOTAL), NULL, 10) > NR_SHOWN) {
		char all[FMT_MAX];
		tpl_set(tpl_section(table, "MORE"), "TOTAL",
			fmt_plural(all, strtol(PQgetvalue(nr, 0, NR_TOTAL), NULL, 10), "adhésion", "adhésions"));
	}
	formula_choices(req, d, "SALE_CHOICE", prices, "carnet_10");
	return page_finish(req, status);
}

int page_memberships(struct request *req)
{
	return render_memberships(req, 200, NULL);
}

static int back(struct request *req, const char *ok)
{
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/adhesions?ok=%s", ok));
	return 303;
}

/* A reason typed by staff: 1 to 500 characters on one line or more; NULL when missing or invalid. */
static const char *read_reason(struct request *req, bool required)
{
	static const struct field_def f[1] = {{"raison", FIELD_TEXT, false, 1, 500, NULL}};
	struct field_value v[1];
	if (form_read(&req->arena, &req->form, f, 1, v) || (required && !v[0].present))
		return NULL;
	return v[0].present ? v[0].str : "";
}

/* The formula or membership id of the path and its row (person, first name, label, status). */
static PGresult *load_request(struct request *req, int stmt, const char **id, int *status)
{
	*id = path_id(req, 0);
	if (!*id) {
		*status = 404;
		return NULL;
	}
	const char *state;
	PGresult *r = req_exec(req, stmt, (const char *const[]){*id}, &state);
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

static int decided(struct request *req, const char *state)
{
	if (state && (strcmp(state, "FTM01") == 0 || strcmp(state, "FTM02") == 0))
		return render_memberships(req, 409, "Cette demande a déjà été traitée : rien n’a changé.");
	if (state && strcmp(state, "23P01") == 0)
		return render_memberships(req, 409, "La personne a déjà une adhésion ou cette formule sur cette période : rien n’a changé.");
	return req_db_error(state);
}

int page_formula_activate_post(struct request *req)
{
	const char *id, *state;
	int status;
	PGresult *f = load_request(req, SQL_MS_FORMULA_GET, &id, &status);
	if (!f)
		return status;
	static const struct field_def def[1] = {{"debut", FIELD_DATE, false, 0, 0, NULL}};
	struct field_value v[1];
	if (form_read(&req->arena, &req->form, def, 1, v))
		return render_memberships(req, 422, "La date de début n’est pas valide (jour/mois/année).");
	const char *label = PQgetvalue(f, 0, FG_LABEL);
	const char *subject = arena_printf(&req->arena, "Votre formule « %s » est active", label);
	const char *text = mail_text(req, subject, PQgetvalue(f, 0, FG_FIRST),
		arena_printf(&req->arena, "L’équipe a activé votre formule « %s ». Vous pouvez dès maintenant réserver "
			     "vos demi-journées en ligne ou à l’accueil.", label),
		"Ce qui est dû est ajouté à votre facture du mois, que vous retrouverez dans votre espace membre.");
	if (!text)
		return 500;
	const char *p[5] = {admin_actor(req), id, v[0].present ? v[0].str : NULL, subject, text};
	if (!req_exec(req, SQL_MS_FORMULA_ACTIVATE, p, &state))
		return decided(req, state);
	return back(req, "active");
}

int page_formula_refuse_post(struct request *req)
{
	const char *id, *state;
	int status;
	PGresult *f = load_request(req, SQL_MS_FORMULA_GET, &id, &status);
	if (!f)
		return status;
	const char *reason = read_reason(req, true);
	if (!reason)
		return render_memberships(req, 422, reason_hint);
	const char *label = PQgetvalue(f, 0, FG_LABEL);
	const char *subject = arena_printf(&req->arena, "Votre demande de formule « %s »", label);
	const char *text = mail_text(req, subject, PQgetvalue(f, 0, FG_FIRST),
		arena_printf(&req->arena, "L’équipe n’a pas pu donner suite à votre demande de formule « %s ».", label),
		arena_printf(&req->arena, "Raison : %s", reason));
	if (!text)
		return 500;
	const char *p[5] = {admin_actor(req), id, reason, subject, text};
	if (!req_exec(req, SQL_MS_FORMULA_REFUSE, p, &state))
		return decided(req, state);
	return back(req, "refuse");
}

int page_formula_change_post(struct request *req)
{
	const char *id = path_id(req, 0), *state;
	if (!id)
		return 404;
	const char *code = kv_get(&req->form, "formule");
	if (!code || !*code || strlen(code) > 40 || strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(code))
		return render_memberships(req, 422, "Choisissez une formule.");
	const char *reason = read_reason(req, false);
	if (!reason)
		return render_memberships(req, 422, reason_hint);
	const char *p[4] = {admin_actor(req), id, code, reason};
	if (!req_exec(req, SQL_MS_FORMULA_CHANGE, p, &state)) {
		if (state && strcmp(state, "22023") == 0)
			return render_memberships(req, 422, "Cette formule n’existe pas ou n’est plus proposée.");
		return decided(req, state);
	}
	return back(req, "modifie");
}

int page_membership_activate_post(struct request *req)
{
	const char *id, *state;
	int status;
	PGresult *m = load_request(req, SQL_MS_MEMBERSHIP_GET, &id, &status);
	if (!m)
		return status;
	const char *subject = "Votre adhésion à l’association est acceptée";
	const char *text = mail_text(req, subject, PQgetvalue(m, 0, FG_FIRST),
		arena_printf(&req->arena, "L’équipe a accepté votre adhésion (%s).", PQgetvalue(m, 0, FG_LABEL)),
		"La cotisation est ajoutée à votre facture ; une fois réglée, vous êtes membre votant·e "
		"de l’association et vous bénéficiez des tarifs membres.");
	if (!text)
		return 500;
	const char *p[4] = {admin_actor(req), id, subject, text};
	if (!req_exec(req, SQL_MS_MEMBERSHIP_ACCEPT, p, &state))
		return decided(req, state);
	return back(req, "active");
}

int page_membership_refuse_post(struct request *req)
{
	const char *id, *state;
	int status;
	PGresult *m = load_request(req, SQL_MS_MEMBERSHIP_GET, &id, &status);
	if (!m)
		return status;
	const char *reason = read_reason(req, true);
	if (!reason)
		return render_memberships(req, 422, reason_hint);
	const char *subject = "Votre demande d’adhésion";
	const char *text = mail_text(req, subject, PQgetvalue(m, 0, FG_FIRST),
		"L’équipe n’a pas pu donner suite à votre demande d’adhésion.",
		arena_printf(&req->arena, "Raison : %s", reason));
	if (!text)
		return 500;
	const char *p[5] = {admin_actor(req), id, reason, subject, text};
	if (!req_exec(req, SQL_MS_MEMBERSHIP_REFUSE, p, &state))
		return decided(req, state);
	return back(req, "refuse");
}

int page_reminders_post(struct request *req)
{
	const char *state;
	if (!req_exec(req, SQL_MS_DAILY, (const char *const[]){admin_actor(req)}, &state))
		return req_db_error(state);
	return back(req, "rappels");
}

/* ---- on a member's page: a membership, a formula ------------------------------------------ */

/* The person of the path: first name, or NULL (status set) when there is none. */
static const char *load_person(struct request *req, const char **id, int *status)
{
	*id = path_id(req, 0);
	if (!*id) {
		*status = 404;
		return NULL;
	}
	const char *state;
	PGresult *r = req_exec(req, SQL_MS_PERSON, (const char *const[]){*id}, &state);
	if (!r) {
		*status = req_db_error(state);
		return NULL;
	}
	if (PQntuples(r) != 1) {
		*status = 404;
		return NULL;
	}
	return PQgetvalue(r, 0, 0);
}

static int member_back(struct request *req, const char *id, const char *ok)
{
	const char *from = kv_get(&req->form, "retour");
	if (from && strcmp(from, "adhesions") == 0)
		return back(req, ok);
	if (!id)
		return back(req, ok);
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/membres/%s?ok=%s", id, ok));
	return 303;
}

static int member_refused(struct request *req, const char *id, int status, const char *text)
{
	const char *const paras[] = {text, "Rien n’a été enregistré.", NULL};
	return page_message(req, status, "Action impossible", arena_printf(&req->arena, "/admin/membres/%s", id),
			    "Revenir à la fiche", paras);
}

/* POST /admin/membres/{id}/adhesion: a membership of a year for the person, after the last one
 * (a renewal) or from today; accepted, invoiced when it has started, the person told. */
int page_member_membership_post(struct request *req)
{
	const char *id, *state;
	int status;
	const char *first = load_person(req, &id, &status);
	if (!first)
		return status;
	const char *subject = "Votre adhésion à l’association est renouvelée";
	const char *text = mail_text(req, subject, first,
		"L’équipe a enregistré votre adhésion à l’association pour un an, à la suite de la précédente "
		"s’il y en avait une.",
		"La cotisation est ajoutée à votre facture ; une fois réglée, vous restez membre votant·e et "
		"vous gardez les tarifs membres.");
	if (!text)
		return 500;
	if (!req_exec(req, SQL_MS_RENEW, (const char *const[]){admin_actor(req), id, subject, text}, &state)) {
		if (state && (strcmp(state, "23P01") == 0 || strcmp(state, SQLSTATE_UNIQUE) == 0))
			return member_refused(req, id, 409, "Cette adhésion est déjà renouvelée.");
		return req_db_error(state);
	}
	return member_back(req, id, "renouvele");
}

/* POST /admin/membres/{id}/formule: a formula for the person (a carnet sold at the desk is a
 * top-up), active from debut (today by default) and invoiced, or stored as not active yet. */
static int create_formula(struct request *req, const char *id, const char *first, bool sale)
{
	const char *state;
	enum { F_CODE, F_START, F_PENDING, F_DESK, F__MAX };
	static const struct field_def def[F__MAX] = {
		[F_CODE] = {"formule", FIELD_LINE, true, 1, 40, NULL},
		[F_START] = {"debut", FIELD_DATE, false, 0, 0, NULL},
		[F_PENDING] = {"plus_tard", FIELD_BOOL, false, 0, 0, NULL},
		[F_DESK] = {"accueil", FIELD_BOOL, false, 0, 0, NULL},
	};
	struct field_value v[F__MAX];
	if (form_read(&req->arena, &req->form, def, F__MAX, v))
		return sale ? render_memberships(req, 422, "Choisissez une formule et, si besoin, une date de début valide.")
			    : member_refused(req, id, 422, "Choisissez une formule et, si besoin, une date de début valide.");
	bool active = !v[F_PENDING].num, desk = sale || v[F_DESK].num;
	PGresult *label = req_exec(req, SQL_MS_PRICE_LABEL, (const char *const[]){v[F_CODE].str}, &state);
	if (!label)
		return req_db_error(state);
	if (PQntuples(label) != 1)
		return member_refused(req, id, 422, "Cette formule n’existe pas ou n’est plus proposée.");
	const char *name = PQgetvalue(label, 0, 0);
	const char *subject = arena_printf(&req->arena, "Votre formule « %s » est active", name);
	const char *text = mail_text(req, subject, first,
		arena_printf(&req->arena, "L’équipe a enregistré votre formule « %s » ; elle est active.", name),
		"Ce qui est dû est ajouté à votre facture du mois, que vous retrouverez dans votre espace membre.");
	if (!text)
		return 500;
	const char *p[8] = {admin_actor(req), id, v[F_CODE].str, v[F_START].present ? v[F_START].str : NULL,
			    active ? "t" : "f", desk ? "t" : "f", subject, text};
	if (!req_exec(req, SQL_MS_FORMULA_CREATE, p, &state)) {
		if (state && strcmp(state, "22023") == 0)
			return member_refused(req, id, 422, "Cette formule n’existe pas ou n’est plus proposée.");
		if (state && strcmp(state, "23P01") == 0)
			return member_refused(req, id, 409, "La personne a déjà cette formule sur cette période.");
		return req_db_error(state);
	}
	const char *ok = strcmp(v[F_CODE].str, "carnet_10") == 0 ? (active ? "carnet" : "carnet_attente")
								 : (active ? "formule" : "formule_attente");
	return member_back(req, sale ? NULL : id, ok);
}

int page_member_formula_post(struct request *req)
{
	const char *id;
	int status;
	const char *first = load_person(req, &id, &status);
	if (!first)
		return status;
	return create_formula(req, id, first, false);
}

/* POST /admin/adhesions/carnet: a carnet sold at the desk to the member of an address. */
int page_carnet_sale_post(struct request *req)
{
	static const struct field_def def[1] = {{"email", FIELD_EMAIL, true, 3, 254, NULL}};
	struct field_value v[1];
	if (form_read(&req->arena, &req->form, def, 1, v))
		return render_memberships(req, 422, "Indiquez l’adresse e-mail du compte du membre.");
	const char *state;
	PGresult *r = req_exec(req, SQL_MS_PERSON_BY_EMAIL, (const char *const[]){v[0].str}, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return render_memberships(req, 422, "Aucun compte n’a cette adresse e-mail.");
	return create_formula(req, PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), true);
}
