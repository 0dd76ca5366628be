/* checkin.c: the desk staff's day (/admin/accueil): who is expected in the open space per
 * half-day, "Arrivé" in one click (never for a day to come), no-shows, walk-ins (a visitor
 * paying at the unit, or a member, found by the address of their account, drawing on their
 * formula or carnet), and corrections as reversals with a reason: an arrival undone, a
 * half-day given back to a carnet (schema/0024_membership_lifecycle.sql). */
#include "booking.h"
#include "fmt.h"
#include <stdlib.h>
#include <string.h>

static const char *const walk_slots[] = {"am", "pm", NULL};
enum walk_field { WF_NAME, WF_EMAIL, WF_SLOT, WF_PAID, WF__MAX };
static const struct field_def walk_fields[WF__MAX] = {
	[WF_NAME] = {"nom", FIELD_LINE, true, 1, 120, NULL},
	[WF_EMAIL] = {"email", FIELD_EMAIL, false, 0, 254, NULL},
	[WF_SLOT] = {"creneau", FIELD_CHOICE, true, 0, 0, walk_slots},
	[WF_PAID] = {"paye", FIELD_BOOL, false, 0, 0, NULL},
};
static const struct field_ui walk_ui[WF__MAX] = {
	[WF_NAME] = {"Prénom et nom du visiteur", "text", "off", NULL},
	[WF_EMAIL] = {"Adresse e-mail", "email", "off", "Facultatif : pour lui envoyer la facture. L’adresse d’un compte "
		      "membre relie la venue au membre (son abonnement ou son carnet est utilisé)."},
	[WF_SLOT] = {"Créneau", "text", NULL, NULL},
	[WF_PAID] = {"Payé sur place", "checkbox", NULL, "Cochez si la demi-journée est réglée à l’accueil."},
};

static const char *source_label(const char *source, const char *covered)
{
	if (strcmp(source, "walk_in") == 0)
		return strcmp(covered, "unit_paid") == 0 ? "Visiteur, payé sur place" : "Visiteur, à facturer";
	if (strcmp(covered, "carnet") == 0)
		return "Membre, carnet";
	if (strcmp(covered, "month") == 0)
		return "Membre, abonnement";
	return "Membre, à l’unité";
}

static int render_checkin(struct request *req, int status, long day, const struct field_value *v,
			  size_t errors, const char *notice)
{
	const char *iso = day_iso(&req->arena, day);
	const char *params[1] = {iso};
	const char *state;
	PGresult *r = req_exec(req, SQL_DAY_DESKS, params, &state);
	if (!r)
		return req_db_error(state);
	char when[64];
	struct tpl_dict *d = staff_start(req, "booking_checkin.tpl", "Accueil du jour");
	page_staff_nav(req, d, "STAFF_NAV");
	tpl_set(d, "DAY_LONG", day_long(when, day));
	tpl_set(d, "DAY_ISO", iso);
	tpl_set(d, "PREV_DAY", day_iso(&req->arena, day - 1));
	tpl_set(d, "NEXT_DAY", day_iso(&req->arena, day + 1));
	static const char *const slots[2] = {"am", "pm"};
	for (int s = 0; s < 2; s++) {
		struct tpl_dict *sec = tpl_section(d, "SLOT");
		tpl_set(sec, "SLOT_LABEL", slot_label(slots[s]));
		tpl_set(sec, "SLOT_CODE", slots[s]);
		int n = 0, here = 0;
		for (int i = 0; i < PQntuples(r); i++) {
			if (strcmp(PQgetvalue(r, i, 1), slots[s]) != 0)
				continue;
			struct tpl_dict *row = tpl_section(sec, "PERSON");
			const char *name = PQgetvalue(r, i, 2);
			bool in = strcmp(PQgetvalue(r, i, 5), "t") == 0;
			bool no_show = strcmp(PQgetvalue(r, i, 4), "no_show") == 0;
			tpl_set(row, "NAME", name);
			tpl_set(row, "KIND", source_label(PQgetvalue(r, i, 3), PQgetvalue(r, i, 6)));
			bool reversed = strcmp(PQgetvalue(r, i, 9), "t") == 0;
			bool cancelled_walk_in = reversed && strcmp(PQgetvalue(r, i, 3), "walk_in") == 0;
			tpl_set(row, "STATE", in ? "Arrivé" : no_show ? "Absent" : reversed ? "Arrivée annulée" : "Attendu");
			if (in) {
				struct tpl_dict *c = tpl_section(row, "UNDO");
				tpl_set(c, "ID", PQgetvalue(r, i, 0));
				tpl_set(c, "CSRF", csrf_token(req));
				tpl_set(c, "DAY_ISO", iso);
				tpl_set(c, "WHAT", "arrivee");
				tpl_set(c, "KEY", arena_printf(&req->arena, "a%s", PQgetvalue(r, i, 0)));
				tpl_set(c, "UNDO_LABEL", "Annuler l’arrivée");
			}
			if (strcmp(PQgetvalue(r, i, 6), "carnet") == 0 && strcmp(PQgetvalue(r, i, 8), "t") != 0 &&
			    !cancelled_walk_in) {
				struct tpl_dict *c = tpl_section(row, "UNDO");
				tpl_set(c, "ID", PQgetvalue(r, i, 0));
				tpl_set(c, "CSRF", csrf_token(req));
				tpl_set(c, "DAY_ISO", iso);
				tpl_set(c, "WHAT", "carnet");
				tpl_set(c, "KEY", arena_printf(&req->arena, "c%s", PQgetvalue(r, i, 0)));
				tpl_set(c, "UNDO_LABEL", "Rendre la demi-journée au carnet");
			}
			n++;
			here += in;
			if (!in && day <= today()) {
				struct tpl_dict *b = tpl_section(row, "ARRIVE");
				tpl_set(b, "ID", PQgetvalue(r, i, 0));
				tpl_set(b, "CSRF", csrf_token(req));
				tpl_set(b, "DAY_ISO", iso);
				tpl_set(b, "LABEL", arena_printf(&req->arena, "Arrivé : %s", name));
			}
			if (!in && !no_show && strcmp(PQgetvalue(r, i, 3), "desk") == 0) {
				struct tpl_dict *b = tpl_section(row, "NO_SHOW");
				tpl_set(b, "ID", PQgetvalue(r, i, 0));
				tpl_set(b, "CSRF", csrf_token(req));
				tpl_set(b, "DAY_ISO", iso);
				tpl_set(b, "LABEL", arena_printf(&req->arena, "Absent : %s", name));
			}
		}
		tpl_set(sec, "COUNT", arena_printf(&req->arena, "%d attendu%s, %d arrivé%s", n, n > 1 ? "s" : "",
						   here, here > 1 ? "s" : ""));
		if (!n)
			tpl_show(sec, "EMPTY");
	}
	if (day == today()) {
		struct tpl_dict *w = tpl_section(d, "WALK_IN");
		tpl_set(w, "CSRF", csrf_token(req));
		page_fields(req, w, "FIELDS", walk_fields, walk_ui, v, WF_NAME, WF_SLOT);
		page_fields(req, w, "FIELDS_AFTER", walk_fields, walk_ui, v, WF_PAID, WF__MAX);
		for (int i = 0; walk_slots[i]; i++) {
			struct tpl_dict *c = tpl_section(w, "SLOT_CHOICE");
			tpl_set(c, "SLOT_VALUE", walk_slots[i]);
			tpl_set(c, "SLOT_ID", arena_printf(&req->arena, "f-creneau-%s", walk_slots[i]));
			tpl_set(c, "SLOT_TEXT", slot_label(walk_slots[i]));
			bool chosen = v ? (v[WF_SLOT].present && v[WF_SLOT].valid && v[WF_SLOT].num == i)
					: (i == 0) == (time(NULL) % 86400 < 11 * 3600);
			if (chosen)
				tpl_show(c, "SLOT_CHECKED");
		}
		if (v && !v[WF_SLOT].valid) {
			tpl_show(w, "SLOT_INVALID");
			tpl_set(w, "SLOT_ERROR", v[WF_SLOT].error);
		}
		page_errors(w, errors);
	}
	const char *ok = kv_get(&req->query, "ok");
	if (!notice && ok)
		notice = strcmp(ok, "arrivee") == 0 ? "Arrivée enregistrée."
			 : strcmp(ok, "absent") == 0 ? "Absence enregistrée."
			 : strcmp(ok, "visiteur") == 0 ? "Visiteur enregistré."
			 : strcmp(ok, "membre") == 0 ? "Venue du membre enregistrée (son abonnement, son carnet ou le tarif à l’unité)."
			 : strcmp(ok, "correction") == 0 ? "Correction enregistrée au journal." : NULL;
	if (notice) {
		tpl_set(d, "NOTICE", notice);
		tpl_show(d, "HAS_NOTICE");
	}
	return page_finish(req, status);
}

/* The day of ?jour= (or of the form's jour), today by default. 0 when malformed. */
static bool day_of(const struct kvlist *src, long *day)
{
	const char *s = kv_get(src, "jour");
	if (!s) {
		*day = today();
		return true;
	}
	return day_parse(s, day);
}

int page_checkin(struct request *req)
{
	long day;
	if (!day_of(&req->query, &day))
		return 404;
	return render_checkin(req, 200, day, NULL, 0, NULL);
}

static int staff_desk_action(struct request *req, int stmt, const char *ok)
{
	const char *id = kv_get(&req->form, "id");
	long day;
	if (!id || !*id || strlen(id) > 18 || strspn(id, "0123456789") != strlen(id) || !day_of(&req->form, &day))
		return 400;
	const char *params[1] = {id};
	const char *state;
	PGresult *r = req_exec(req, stmt, params, &state);
	if (!r) {
		if (state && strcmp(state, "FT409") == 0)
			return render_checkin(req, 409, day, NULL, 0,
				"L’open space est complet pour ce créneau : impossible d’enregistrer l’arrivée.");
		if (state && strcmp(state, "FTM03") == 0)
			return render_checkin(req, 409, day, NULL, 0,
				"Une arrivée s’enregistre le jour même : ce jour n’est pas encore arrivé.");
		return req_db_error(state);
	}
	if (PQntuples(r) != 1 || strcmp(PQgetvalue(r, 0, 0), "t") != 0)
		return render_checkin(req, 409, day, NULL, 0, "Cette réservation a déjà été traitée.");
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/accueil?jour=%s&ok=%s",
					     day_iso(&req->arena, day), ok));
	return 0;
}

int page_checkin_arrived(struct request *req)
{
	return staff_desk_action(req, SQL_CHECK_IN, "arrivee");
}

int page_checkin_no_show(struct request *req)
{
	return staff_desk_action(req, SQL_NO_SHOW, "absent");
}

int page_checkin_walk_in(struct request *req)
{
	struct field_value v[WF__MAX];
	size_t errors = form_read(&req->arena, &req->form, walk_fields, WF__MAX, v);
	if (errors)
		return render_checkin(req, 422, today(), v, errors, NULL);
	const char *params[4] = {v[WF_NAME].str, v[WF_EMAIL].str, walk_slots[v[WF_SLOT].num],
				 v[WF_PAID].num ? "true" : "false"};
	const char *state, *ok = "visiteur";
	PGresult *member = NULL;
	if (v[WF_EMAIL].present) {
		member = req_exec(req, SQL_MEMBER_BY_EMAIL, (const char *const[]){v[WF_EMAIL].str}, &state);
		if (!member)
			return req_db_error(state);
	}
	PGresult *done;
	if (member && PQntuples(member) == 1) {
		const char *mp[4] = {arena_printf(&req->arena, "%lld", (long long)req->user->person_id),
				     PQgetvalue(member, 0, 0), params[2], params[3]};
		done = req_exec(req, SQL_WALK_IN_MEMBER, mp, &state);
		ok = "membre";
	} else {
		done = req_exec(req, SQL_WALK_IN, params, &state);
	}
	if (!done && state && strcmp(state, "FTM05") == 0) {
		v[WF_SLOT].valid = false;
		v[WF_SLOT].error = "Ce membre a déjà réservé cette demi-journée : enregistrez son arrivée dans la liste.";
		return render_checkin(req, 409, today(), v, 1, NULL);
	}
	if (!done) {
		enum booking_field_hint hint;
		int status;
		const char *text = booking_error(req, state, &hint, &status);
		if (!text)
			return req_db_error(state);
		if (state && strcmp(state, "FT409") == 0)
			text = "L’open space est complet pour ce créneau.";
		v[WF_SLOT].valid = false;
		v[WF_SLOT].error = text;
		return render_checkin(req, status, today(), v, 1, text);
	}
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/accueil?ok=%s", ok));
	return 0;
}

/* POST /admin/accueil/correction: id, jour, quoi (arrivee: the arrival undone; carnet: the
 * half-day given back to the carnet), raison (kept with the correction and in the journal). */
int page_checkin_correction(struct request *req)
{
	static const char *const whats[] = {"arrivee", "carnet", NULL};
	enum { C_WHAT, C_REASON, C__MAX };
	static const struct field_def def[C__MAX] = {
		[C_WHAT] = {"quoi", FIELD_CHOICE, true, 0, 0, whats},
		[C_REASON] = {"raison", FIELD_TEXT, true, 1, 500, NULL},
	};
	const char *id = kv_get(&req->form, "id");
	long day;
	if (!id || !*id || strlen(id) > 18 || strspn(id, "0123456789") != strlen(id) || !day_of(&req->form, &day))
		return 400;
	struct field_value v[C__MAX];
	if (form_read(&req->arena, &req->form, def, C__MAX, v)) {
		if (!v[C_WHAT].valid)
			return 400;
		return render_checkin(req, 422, day, NULL, 0,
				      "Indiquez la raison de la correction (elle est gardée au journal).");
	}
	const char *p[3] = {arena_printf(&req->arena, "%lld", (long long)req->user->person_id), id, v[C_REASON].str};
	const char *state;
	if (!req_exec(req, v[C_WHAT].num == 0 ? SQL_CHECK_IN_REVERSE : SQL_CARNET_USE_REVERSE, p, &state)) {
		if (state && (strcmp(state, "FTM01") == 0 || strcmp(state, "23505") == 0))
			return render_checkin(req, 409, day, NULL, 0, "Cette correction a déjà été faite ou ne s’applique pas à cette venue.");
		return req_db_error(state);
	}
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/accueil?jour=%s&ok=correction", day_iso(&req->arena, day)));
	return 0;
}
