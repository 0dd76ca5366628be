/* desk.c: members book half-days in the open space (/mes-reservations): the booking draws on
 * their carnet or is covered by their monthly formula (else it is invoiced at the unit price);
 * they cancel up to the deadline (a carnet half-day comes back) and see what is coming and past. */
#include "booking.h"
#include "fmt.h"
#include "ical.h"
#include "mail.h"
#include "session.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const desk_slots[] = {"am", "pm", NULL};
enum desk_field { DF_DAY, DF_SLOT, DF__MAX };
static const struct field_def desk_fields[DF__MAX] = {
	[DF_DAY] = {"jour", FIELD_DATE, true, 0, 0, NULL},
	[DF_SLOT] = {"creneau", FIELD_CHOICE, true, 0, 0, desk_slots},
};
static const struct form_vars desk_vars[DF__MAX] = {
	[DF_DAY] = {"DAY_VALUE", "DAY_ERROR", "DAY_INVALID"},
	[DF_SLOT] = {NULL, "SLOT_ERROR", "SLOT_INVALID"},
};

static const char *covered_label(struct request *req, const char *covered, const char *cents, const char *kind)
{
	char money[FMT_MAX];
	if (strcmp(covered, "carnet") == 0)
		return "décomptée du carnet";
	if (strcmp(covered, "month") == 0)
		return "comprise dans l’abonnement";
	/* A member of another association of the network: "à l’unité (7,00 €, tarif réseau)". */
	if (strcmp(kind, "network") == 0)
		return arena_printf(&req->arena, "à l’unité (%s, tarif réseau)", fmt_money(money, strtoll(cents, NULL, 10)));
	return arena_printf(&req->arena, "à l’unité (%s)", fmt_money(money, strtoll(cents, NULL, 10)));
}

static int render_desk(struct request *req, int status, const struct field_value *v, size_t errors,
		       const char *notice, const char *done)
{
	const char *person = arena_printf(&req->arena, "%lld", (long long)req->user->person_id);
	const char *params[1] = {person};
	const char *state;
	PGresult *formulas = req_exec(req, SQL_DESK_FORMULAS, params, &state);
	if (!formulas)
		return req_db_error(state);
	PGresult *list = req_exec(req, SQL_DESK_LIST, params, &state);
	if (!list)
		return req_db_error(state);
	PGresult *settings = req_exec(req, SQL_SETTINGS, NULL, &state);
	if (!settings)
		return req_db_error(state);
	const struct booking_space *sp = booking_space(req, &state);
	if (!sp)
		return req_db_error(state);
	struct tpl_dict *d = page_start(req, "booking_desk.tpl", "Mes réservations",
					arena_printf(&req->arena, "Vos demi-journées dans l’open space de %s.", sp->name));
	tpl_show(req->dict, "NOINDEX");
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "CANCEL_HOURS", PQgetvalue(settings, 0, SET_DESK_CANCEL_HOURS));
	for (int i = 0; i < PQntuples(formulas); i++) {
		struct tpl_dict *f = tpl_section(d, "FORMULA");
		tpl_set(f, "FORMULA_LABEL", PQgetvalue(formulas, i, 1));
		int total = atoi(PQgetvalue(formulas, i, 2)), used = atoi(PQgetvalue(formulas, i, 3));
		if (total > 0)
			tpl_set(f, "FORMULA_STATE", arena_printf(&req->arena, "%d demi-journée%s restante%s sur %d",
				total - used, total - used > 1 ? "s" : "", total - used > 1 ? "s" : "", total));
		else
			tpl_set(f, "FORMULA_STATE", "en cours");
	}
	if (!PQntuples(formulas))
		tpl_show(d, "NO_FORMULA");
	struct field_value pre[DF__MAX] = {{.valid = true, .str = ""}, {.valid = true, .str = ""}};
	if (!v)
		v = pre;
	page_form(d, desk_fields, desk_vars, v, DF__MAX, errors);
	for (int i = 0; desk_slots[i]; i++) {
		struct tpl_dict *c = tpl_section(d, "SLOT_CHOICE");
		tpl_set(c, "SLOT_VALUE", desk_slots[i]);
		tpl_set(c, "SLOT_ID", arena_printf(&req->arena, "f-creneau-%s", desk_slots[i]));
		tpl_set(c, "SLOT_TEXT", slot_label(desk_slots[i]));
		if (v[DF_SLOT].present && v[DF_SLOT].valid && v[DF_SLOT].num == i)
			tpl_show(c, "SLOT_CHECKED");
	}
	int upcoming = 0, past = 0;
	for (int i = 0; i < PQntuples(list); i++) {
		bool is_past = strcmp(PQgetvalue(list, i, 7), "t") == 0;
		struct tpl_dict *row = tpl_section(d, is_past ? "PAST" : "UPCOMING");
		long day;
		char when[64];
		day_parse(PQgetvalue(list, i, 1), &day);
		tpl_set(row, "WHEN", day_long(when, day));
		tpl_set(row, "WHEN_ISO", PQgetvalue(list, i, 1));
		/* Mid-sentence: "mardi 1er décembre 2026, matin : réservée, à l’unité (12 €)." */
		tpl_set(row, "SLOT", strcmp(PQgetvalue(list, i, 2), "am") == 0 ? "matin" : "après-midi");
		tpl_set(row, "COVERED", covered_label(req, PQgetvalue(list, i, 4), PQgetvalue(list, i, 5), PQgetvalue(list, i, 9)));
		const char *st = PQgetvalue(list, i, 3);
		tpl_set(row, "STATE", strcmp(st, "no_show") == 0 ? "non utilisée (absence)"
				     : strcmp(PQgetvalue(list, i, 8), "t") == 0 ? "utilisée" : "réservée");
		if (!is_past && strcmp(PQgetvalue(list, i, 6), "t") == 0) {
			struct tpl_dict *c = tpl_section(row, "CANCEL");
			tpl_set(c, "ID", PQgetvalue(list, i, 0));
			tpl_set(c, "CSRF", csrf_token(req));
			tpl_set(c, "CANCEL_LABEL", arena_printf(&req->arena, "Annuler la demi-journée du %s (%s)",
				when, slot_label(PQgetvalue(list, i, 2))));
		}
		is_past ? past++ : upcoming++;
	}
	if (!upcoming)
		tpl_show(d, "NO_UPCOMING");
	if (!past)
		tpl_show(d, "NO_PAST");
	if (notice) {
		tpl_set(d, "NOTICE", notice);
		tpl_show(d, "HAS_NOTICE");
	}
	if (done) {
		tpl_set(d, "DONE", done);
		tpl_show(d, "HAS_DONE");
	}
	return page_finish(req, status);
}

int page_desk(struct request *req)
{
	const char *ok = kv_get(&req->query, "ok");
	const char *done = NULL;
	if (ok && strcmp(ok, "reservee") == 0)
		done = "Votre demi-journée est réservée.";
	else if (ok && strcmp(ok, "annulee") == 0)
		done = "Votre réservation est annulée.";
	return render_desk(req, 200, NULL, 0, NULL, done);
}

/* The confirmation mail of a half-day (subject, text, html in out[3]) and its invitation
 * (.ics of UID uid, METHOD REQUEST) in *ics. pv holds the SQL_DESK_PREVIEW row. Returns 0 or
 * an HTTP status. */
static int desk_mail(struct request *req, PGresult *pv, const char *slot, const char *uid,
		     const char *cancel_hours, const char *out[3], const char **ics, size_t *ics_len)
{
	const char *state;
	const struct booking_space *sp = booking_space(req, &state);
	if (!sp)
		return req_db_error(state);
	const char *place = *sp->city ? arena_printf(&req->arena, "%s, %s", sp->name, sp->city) : sp->name;
	time_t start = (time_t)strtoll(PQgetvalue(pv, 0, DP_START), NULL, 10);
	time_t end = (time_t)strtoll(PQgetvalue(pv, 0, DP_END), NULL, 10);
	char d[FMT_MAX], a[FMT_MAX], b[FMT_MAX];
	const char *when = arena_printf(&req->arena, "%s, %s (%s – %s)", fmt_date_long(d, start),
					strcmp(slot, "am") == 0 ? "matin" : "après-midi", fmt_time(a, start),
					fmt_time(b, end));
	struct mail m = {
		.subject = arena_printf(&req->arena, "Demi-journée réservée : %s", when),
		.greeting = arena_printf(&req->arena, "Bonjour %s,", req->user->first_name),
		.paragraphs = {arena_printf(&req->arena, "Votre demi-journée de coworking à %s est réservée :", sp->name), when,
			       arena_printf(&req->arena, "Un empêchement ? Annulez-la depuis « Mes réservations » "
					    "jusqu’à %s h avant son début, pour libérer la place.", cancel_hours),
			       "L’invitation jointe (fichier .ics) l’ajoute à votre agenda."},
		.action_url = arena_printf(&req->arena, "%s/mes-reservations", space_url(req, "")),
		.action_label = "Mes réservations",
	};
	out[0] = m.subject;
	int rc = mail_render(req, &m, &out[1], &out[2]);
	if (rc)
		return rc;
	const char *org = PQgetvalue(pv, 0, DP_ORG_EMAIL);
	struct ical_event ev = {
		.uid = arena_printf(&req->arena, "%s@fontaine", uid),
		.start = start,
		.end = end,
		.stamp = time(NULL),
		.title = arena_printf(&req->arena, "Coworking à %s (%s)", sp->name, strcmp(slot, "am") == 0 ? "matin" : "après-midi"),
		.description = arena_printf(&req->arena, "Demi-journée dans l’open space de %s.", sp->name),
		.location = place,
		.url = arena_printf(&req->arena, "%s/mes-reservations", space_url(req, "")),
		.organizer = *org ? org : NULL,
		.organizer_name = sp->name,
		.attendee = *org ? PQgetvalue(pv, 0, DP_EMAIL) : NULL,
		.attendee_name = PQgetvalue(pv, 0, DP_NAME),
	};
	struct buf o = {0};
	if (ical_calendar_method(&o, sp->name, ICAL_REQUEST, &ev, 1) < 0) {
		buf_free(&o);
		return 500;
	}
	*ics_len = o.len;
	*ics = arena_strndup(&req->arena, o.data ? o.data : "", o.len);
	buf_free(&o);
	return 0;
}

int page_desk_post(struct request *req)
{
	struct field_value v[DF__MAX];
	size_t errors = form_read(&req->arena, &req->form, desk_fields, DF__MAX, v);
	if (errors)
		return render_desk(req, 422, v, errors, NULL, NULL);
	const char *person = arena_printf(&req->arena, "%lld", (long long)req->user->person_id);
	const char *slot = desk_slots[v[DF_SLOT].num];
	const char *state;
	/* The half-day's times first, for the confirmation mail and its .ics, queued with the
	 * booking in its transaction. */
	PGresult *pv = req_exec(req, SQL_DESK_PREVIEW, (const char *const[]){v[DF_DAY].str, slot, person}, &state);
	PGresult *set = pv ? req_exec(req, SQL_SETTINGS, NULL, &state) : NULL;
	if (!set)
		return req_db_error(state);
	PGresult *done = NULL;
	if (PQntuples(pv) == 1) {
		const char *uid = booking_new_uuid(req), *mail[3], *ics = NULL;
		size_t ics_len = 0;
		int rc = desk_mail(req, pv, slot, uid, PQgetvalue(set, 0, SET_DESK_CANCEL_HOURS), mail, &ics, &ics_len);
		if (rc)
			return rc;
		const char *params[8] = {person, v[DF_DAY].str, slot, uid, mail[0], mail[1], mail[2],
					 bytea_param(&req->arena, ics, ics_len)};
		done = req_exec(req, SQL_DESK_BOOK_MAILED, params, &state);
	} else {
		state = "FTB10";
	}
	if (!done) {
		enum booking_field_hint hint;
		int status;
		const char *text = booking_error(req, state, &hint, &status);
		if (!text)
			return req_db_error(state);
		if (state && strcmp(state, "FT409") == 0)
			text = "Ce créneau est déjà pris : l’open space est complet pour cette demi-journée.";
		int i = hint == HINT_DAY ? DF_DAY : DF_SLOT;
		v[i].valid = false;
		v[i].error = text;
		return render_desk(req, status, v, 1, status == 409 ? text : NULL, NULL);
	}
	resp_redirect(req, 303, "/mes-reservations?ok=reservee");
	return 0;
}

int page_desk_cancel(struct request *req)
{
	const char *id = req->params[0];
	if (!id || !*id || strlen(id) > 18 || strspn(id, "0123456789") != strlen(id))
		return 404;
	const char *params[2] = {arena_printf(&req->arena, "%lld", (long long)req->user->person_id), id};
	const char *state;
	PGresult *r = req_exec(req, SQL_DESK_CANCEL, params, &state);
	if (!r) {
		if (state && strcmp(state, "FTB09") == 0)
			return render_desk(req, 409, NULL, 0,
				"Le délai d’annulation est dépassé : cette demi-journée ne peut plus être annulée.", NULL);
		return req_db_error(state);
	}
	if (strcmp(PQgetvalue(r, 0, 0), "t") != 0)
		return 404;
	resp_redirect(req, 303, "/mes-reservations?ok=annulee");
	return 0;
}
