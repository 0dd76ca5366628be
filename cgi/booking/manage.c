/* manage.c: the secret manage link of a room booking (see, change or cancel it within the
 * terms) and the printable quote. */
#include "booking.h"
#include "fmt.h"
#include "ical.h"
#include "session.h"
#include <stdlib.h>
#include <string.h>

static const char *const slot_choices[] = {"am", "pm", "day", "hours", NULL};
static const char changed_meanwhile[] =
	"La réservation vient d’être modifiée depuis un autre onglet ou appareil : vérifiez-la ci-dessous, puis recommencez.";

/* ---- the manage link --------------------------------------------------------------------- */

int booking_unknown_link(struct request *req)
{
	static const char *const text[] = {"Ce lien de réservation n’est pas valable. Vérifiez qu’il est complet, "
					   "ou écrivez-nous.", NULL};
	return page_message(req, 404, "Lien inconnu", "/contact", "Nous contacter", text);
}

int booking_load_link(struct request *req, int stmt, const char *token, PGresult **out)
{
	if (!token)
		return 404;
	const char *params[1] = {token_hash_param(&req->arena, token)};
	const char *state;
	PGresult *r = req_exec(req, stmt, params, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	*out = r;
	return 0;
}

/* Loads the booking a manage token names. Returns 0 with *out, or a status (404). */
static int load_by_token(struct request *req, const char *token, PGresult **out)
{
	return booking_load_link(req, SQL_BY_TOKEN, token, out);
}

const char *booking_status_label(const char *s)
{
	if (strcmp(s, "confirmed") == 0)
		return "Confirmée";
	if (strcmp(s, "requested") == 0)
		return "Demande en attente de réponse";
	if (strcmp(s, "cancelled") == 0)
		return "Annulée";
	if (strcmp(s, "declined") == 0)
		return "Refusée";
	if (strcmp(s, "quote") == 0)
		return "Devis";
	if (strcmp(s, "held") == 0)
		return "En attente de votre confirmation par e-mail";
	if (strcmp(s, "expired") == 0)
		return "Non confirmée à temps (créneau libéré)";
	return s;
}

/* Fills the summary of booking r (both the manage page and the quote show it). */
int booking_fill_summary(struct request *req, struct tpl_dict *d, PGresult *r)
{
	char money[FMT_MAX];
	tpl_set(d, "ROOM_NAME", PQgetvalue(r, 0, BK_RES_NAME));
	tpl_set(d, "WHEN", booking_when(req, r, 0));
	tpl_set(d, "STATUS", booking_status_label(PQgetvalue(r, 0, BK_STATUS)));
	tpl_set(d, "COMPANY", PQgetvalue(r, 0, BK_COMPANY));
	tpl_set(d, "SIREN", PQgetvalue(r, 0, BK_SIREN));
	tpl_set(d, "ADDRESS", arena_printf(&req->arena, "%s, %s %s", PQgetvalue(r, 0, BK_STREET),
					   PQgetvalue(r, 0, BK_POSTCODE), PQgetvalue(r, 0, BK_CITY)));
	tpl_set(d, "CONTACT", PQgetvalue(r, 0, BK_CONTACT));
	tpl_set(d, "EMAIL", PQgetvalue(r, 0, BK_EMAIL));
	tpl_set(d, "PHONE", PQgetvalue(r, 0, BK_PHONE));
	tpl_set(d, "ATTENDEES", PQgetvalue(r, 0, BK_ATTENDEES));
	if (*PQgetvalue(r, 0, BK_PURPOSE))
		tpl_set(tpl_section(d, "PURPOSE"), "PURPOSE_TEXT", PQgetvalue(r, 0, BK_PURPOSE));
	long long total = strtoll(PQgetvalue(r, 0, BK_PRICE), NULL, 10);
	tpl_set(d, "TOTAL", fmt_money(money, total));
	tpl_set(d, "PRICE_BASIS", price_kind_label(PQgetvalue(r, 0, BK_PRICE_KIND)));
	tpl_set(d, "TERMS", PQgetvalue(r, 0, BK_TERMS));
	tpl_set(d, "DEADLINE", booking_deadline_text(req, (time_t)strtoll(PQgetvalue(r, 0, BK_FREE_UNTIL), NULL, 10)));
	const char *params[1] = {PQgetvalue(r, 0, BK_ID)};
	const char *state;
	PGresult *lines = req_exec(req, SQL_OPTION_LINES, params, &state);
	if (!lines)
		return req_db_error(state);
	long long options = 0;
	for (int i = 0; i < PQntuples(lines); i++) {
		long long q = strtoll(PQgetvalue(lines, i, 1), NULL, 10), u = strtoll(PQgetvalue(lines, i, 2), NULL, 10);
		struct tpl_dict *l = tpl_section(d, "LINE");
		tpl_set(l, "LINE_LABEL", PQgetvalue(lines, i, 0));
		tpl_set(l, "LINE_QTY", PQgetvalue(lines, i, 1));
		tpl_set(l, "LINE_UNIT", fmt_money(money, u));
		tpl_set(l, "LINE_TOTAL", fmt_money(money, q * u));
		options += q * u;
	}
	struct tpl_dict *base = tpl_section(d, "BASE");
	tpl_set(base, "BASE_LABEL", arena_printf(&req->arena, "%s, %s (%s)", PQgetvalue(r, 0, BK_RES_NAME),
		strcmp(PQgetvalue(r, 0, BK_DAY_PRICE), "t") == 0 ? "journée" : "demi-journée",
		price_kind_label(PQgetvalue(r, 0, BK_PRICE_KIND))));
	tpl_set(base, "BASE_PRICE", fmt_money(money, total - options));
	return 0;
}

static int render_manage(struct request *req, int status, PGresult *r, const char *token,
			 const struct field_value *v, const char *notice)
{
	const char *st = PQgetvalue(r, 0, BK_STATUS);
	bool fresh = kv_get(&req->query, "nouvelle") != NULL;
	const char *title = "Votre réservation";
	if (fresh && strcmp(st, "confirmed") == 0)
		title = "Réservation confirmée";
	else if (fresh && strcmp(st, "requested") == 0)
		title = "Demande de réservation envoyée";
	else if (strcmp(st, "held") == 0)
		title = "Confirmez votre réservation par e-mail";
	else if (kv_get(&req->query, "modifiee"))
		title = "Réservation modifiée";
	struct tpl_dict *d = page_start(req, "booking_manage.tpl", title, title);
	tpl_show(req->dict, "NOINDEX");
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "TOKEN", token);
	int rc = booking_fill_summary(req, d, r);
	if (rc)
		return rc;
	if (fresh && strcmp(st, "confirmed") == 0)
		tpl_show(d, "JUST_CONFIRMED");
	if (fresh && strcmp(st, "requested") == 0)
		tpl_show(d, "JUST_REQUESTED");
	if (strcmp(st, "held") == 0) {
		/* The link went to the address typed in the form; this page only cancels the hold. */
		struct tpl_dict *h = tpl_section(d, "HELD");
		tpl_set(h, "CSRF", csrf_token(req));
		tpl_set(h, "TOKEN", token);
		tpl_set(h, "HOLD_EMAIL", PQgetvalue(r, 0, BK_EMAIL));
		tpl_set(h, "HOLD_UNTIL", booking_deadline_text(req, (time_t)strtoll(PQgetvalue(r, 0, BK_HOLD_UNTIL), NULL, 10)));
		const char *state;
		PGresult *set = req_exec(req, SQL_SETTINGS, NULL, &state);
		if (!set)
			return req_db_error(state);
		tpl_set(h, "HOLD_MINUTES", PQgetvalue(set, 0, SET_HOLD_MINUTES));
	}
	if (strcmp(PQgetvalue(r, 0, BK_CAN_CHANGE), "t") == 0) {
		struct tpl_dict *c = tpl_section(d, "CAN_CHANGE");
		tpl_set(c, "CSRF", csrf_token(req));
		tpl_set(c, "TOKEN", token);
		tpl_set(c, "DEADLINE", booking_deadline_text(req, (time_t)strtoll(PQgetvalue(r, 0, BK_FREE_UNTIL), NULL, 10)));
		tpl_set(c, "DAY_VALUE", v ? v[0].str : PQgetvalue(r, 0, BK_DAY));
		const char *cur = v && v[1].present && v[1].valid ? slot_choices[v[1].num] : PQgetvalue(r, 0, BK_SLOT);
		for (int i = 0; i < 3; i++) {
			struct tpl_dict *s = tpl_section(c, "SLOT_CHOICE");
			tpl_set(s, "SLOT_VALUE", slot_choices[i]);
			tpl_set(s, "SLOT_ID", arena_printf(&req->arena, "m-creneau-%s", slot_choices[i]));
			tpl_set(s, "SLOT_TEXT", slot_label(slot_choices[i]));
			if (strcmp(cur, slot_choices[i]) == 0)
				tpl_show(s, "SLOT_CHECKED");
		}
		if (v && !v[0].valid) {
			tpl_show(c, "DAY_INVALID");
			tpl_set(c, "DAY_ERROR", v[0].error);
		}
		if (v && !v[1].valid) {
			tpl_show(c, "SLOT_INVALID");
			tpl_set(c, "SLOT_ERROR", v[1].error);
		}
	} else if (strcmp(st, "confirmed") == 0 || strcmp(st, "requested") == 0) {
		tpl_show(d, "TOO_LATE");
	}
	if (notice) {
		tpl_set(d, "NOTICE", notice);
		tpl_show(d, "HAS_NOTICE");
	}
	return page_finish(req, status);
}

/* The 410 page of a booking that no longer holds its slot: cancelled, declined, or a hold
 * that was not confirmed in time (with a link to book the same slot again). */
static int gone(struct request *req, PGresult *r)
{
	const char *st = PQgetvalue(r, 0, BK_STATUS);
	if (strcmp(st, "expired") == 0 || (strcmp(st, "held") == 0 && strcmp(PQgetvalue(r, 0, BK_LIVE), "t") != 0))
		return booking_hold_expired(req, r);
	const char *text[] = {
		strcmp(st, "declined") == 0 ? "Cette demande de réservation a été refusée : le créneau n’était pas disponible."
					    : "Cette réservation est annulée.",
		"Pour réserver un autre créneau, consultez les disponibilités de la salle.", NULL};
	return page_message(req, 410, strcmp(st, "declined") == 0 ? "Demande refusée" : "Réservation annulée",
			    "/disponibilites", "Voir les disponibilités", text);
}

int booking_hold_expired(struct request *req, PGresult *r)
{
	const char *text[] = {
		"Cette réservation n’a pas été confirmée à temps : le lien envoyé par e-mail a expiré et le créneau a été libéré. "
		"Rien n’a été enregistré ni facturé.",
		"Si le créneau est toujours libre, vous pouvez le réserver de nouveau.", NULL};
	return page_message(req, 410, "Lien expiré", arena_printf(&req->arena, "/reservation?salle=%s&jour=%s&creneau=%s",
			    PQgetvalue(r, 0, BK_RES_SLUG), PQgetvalue(r, 0, BK_DAY), PQgetvalue(r, 0, BK_SLOT)),
			    "Réserver de nouveau", text);
}

int page_manage(struct request *req)
{
	const char *token = link_token(&req->query);
	PGresult *r;
	int rc = load_by_token(req, token, &r);
	if (rc == 404)
		return booking_unknown_link(req);
	if (rc)
		return rc;
	const char *st = PQgetvalue(r, 0, BK_STATUS);
	if (strcmp(st, "cancelled") == 0 || strcmp(st, "declined") == 0 || strcmp(st, "expired") == 0 ||
	    (strcmp(st, "held") == 0 && strcmp(PQgetvalue(r, 0, BK_LIVE), "t") != 0))
		return gone(req, r);
	if (strcmp(st, "quote") == 0) {
		resp_redirect(req, 303, booking_link_url(req, "/reservation/devis", token) + strlen(base_url()));
		return 0;
	}
	return render_manage(req, 200, r, token, NULL, NULL);
}

int page_manage_cancel(struct request *req)
{
	const char *token = link_token(&req->form);
	PGresult *r;
	int rc = load_by_token(req, token, &r);
	if (rc == 404)
		return booking_unknown_link(req);
	if (rc)
		return rc;
	/* A hold is only dropped (no mail: nothing was booked yet). Otherwise the mail carries
	 * the .ics METHOD:CANCEL of the same UID, SEQUENCE raised (as the database raises it). */
	bool held = strcmp(PQgetvalue(r, 0, BK_STATUS), "held") == 0;
	int sequence = atoi(PQgetvalue(r, 0, BK_SEQUENCE)) + 1;
	const char *mail[3] = {NULL, NULL, NULL};
	const char *ics = NULL;
	size_t ics_len = 0;
	if (!held) {
		if ((rc = booking_update_mail(req, r, MAIL_CANCELLED, NULL, NULL, mail)))
			return rc;
		if (!(ics = booking_ics_invite(req, r, ICAL_CANCEL, sequence, NULL, &ics_len)))
			return 500;
	}
	const char *params[6] = {
		token_hash_param(&req->arena, token), arena_printf(&req->arena, "%d", sequence),
		mail[0], mail[1], mail[2], ics ? bytea_param(&req->arena, ics, ics_len) : NULL,
	};
	const char *state;
	PGresult *res = req_exec(req, SQL_CANCEL_BY_LINK, params, &state);
	if (!res) {
		if (state && strcmp(state, "FTB09") == 0)
			return render_manage(req, 409, r, token, NULL,
				"Le délai d’annulation gratuite est dépassé : la réservation ne peut plus être annulée en ligne. Contactez-nous.");
		if (state && strcmp(state, "FTB15") == 0)
			return render_manage(req, 409, r, token, NULL, changed_meanwhile);
		return req_db_error(state);
	}
	if (strcmp(PQgetvalue(res, 0, 0), "t") != 0)
		return gone(req, r);
	static const char *const text[] = {"Votre réservation est annulée, sans frais. Un e-mail vous le confirme.", NULL};
	static const char *const held_text[] = {"La demande de réservation est abandonnée : le créneau est libéré et rien n’est enregistré.", NULL};
	if (held)
		return page_message(req, 200, "Réservation annulée", "/disponibilites", "Voir les disponibilités", held_text);
	return page_message(req, 200, "Réservation annulée", "/disponibilites", "Voir les disponibilités", text);
}

int page_manage_change(struct request *req)
{
	const char *token = link_token(&req->form);
	PGresult *r;
	int rc = load_by_token(req, token, &r);
	if (rc == 404)
		return booking_unknown_link(req);
	if (rc)
		return rc;
	static const struct field_def defs[2] = {
		{"jour", FIELD_DATE, true, 0, 0, NULL},
		{"creneau", FIELD_CHOICE, true, 0, 0, slot_choices},
	};
	struct field_value v[2];
	size_t errors = form_read(&req->arena, &req->form, defs, 2, v);
	if (!errors && v[1].num == 3) {
		v[1].valid = false;
		v[1].error = "Choisissez le matin, l’après-midi ou la journée.";
		errors++;
	}
	if (errors)
		return render_manage(req, 422, r, token, v, NULL);
	/* The new times and price first: the mail and its .ics (same UID, SEQUENCE raised, METHOD
	 * REQUEST) go with the change, in its transaction. */
	const char *pp[3] = {token_hash_param(&req->arena, token), v[0].str, slot_choices[v[1].num]};
	const char *state;
	PGresult *pv = req_exec(req, SQL_CHANGE_PREVIEW, pp, &state);
	const char *mail[3] = {NULL, NULL, NULL};
	const char *ics = NULL;
	size_t ics_len = 0;
	int sequence = atoi(PQgetvalue(r, 0, BK_SEQUENCE)) + 1;
	PGresult *done = NULL;
	if (pv && PQntuples(pv) == 1) {
		struct booking_change ch = {
			.slot = slot_choices[v[1].num],
			.start = (time_t)strtoll(PQgetvalue(pv, 0, CP_START), NULL, 10),
			.end = (time_t)strtoll(PQgetvalue(pv, 0, CP_END), NULL, 10),
			.free_until = (time_t)strtoll(PQgetvalue(pv, 0, CP_FREE_UNTIL), NULL, 10),
			.price_cents = strtoll(PQgetvalue(pv, 0, CP_PRICE), NULL, 10),
		};
		if ((rc = booking_update_mail(req, r, MAIL_CHANGED, &ch, booking_link_url(req, "/reservation/gerer", token), mail)))
			return rc;
		if (!(ics = booking_ics_invite(req, r, ICAL_REQUEST, sequence, &ch, &ics_len)))
			return 500;
		const char *params[8] = {
			pp[0], pp[1], pp[2], arena_printf(&req->arena, "%d", sequence),
			mail[0], mail[1], mail[2], bytea_param(&req->arena, ics, ics_len),
		};
		done = req_exec(req, SQL_CHANGE_BY_LINK, params, &state);
	} else if (pv) {
		state = "P0002";
	}
	if (!done) {
		enum booking_field_hint hint;
		int status;
		if (state && strcmp(state, "FTB15") == 0)
			return render_manage(req, 409, r, token, v, changed_meanwhile);
		const char *text = booking_error(req, state, &hint, &status);
		if (state && strcmp(state, "P0002") == 0)
			return gone(req, r);
		if (!text)
			return req_db_error(state);
		if (hint == HINT_DAY) {
			v[0].valid = false;
			v[0].error = text;
		} else if (hint != HINT_FORM) {
			v[1].valid = false;
			v[1].error = text;
		}
		return render_manage(req, status, r, token, v, text);
	}
	resp_redirect(req, 303, arena_printf(&req->arena, "%s&modifiee=1",
		booking_link_url(req, "/reservation/gerer", token) + strlen(base_url())));
	return 0;
}

/* ---- the quote --------------------------------------------------------------------------- */

int page_quote(struct request *req)
{
	const char *token = link_token(&req->query);
	PGresult *r;
	int rc = load_by_token(req, token, &r);
	if (rc == 404)
		return booking_unknown_link(req);
	if (rc)
		return rc;
	if (strcmp(PQgetvalue(r, 0, BK_STATUS), "quote") != 0)
		return booking_unknown_link(req);
	const char *number = PQgetvalue(r, 0, BK_QUOTE);
	struct tpl_dict *d = page_start(req, "booking_quote.tpl", arena_printf(&req->arena, "Devis %s", number),
					arena_printf(&req->arena, "Devis de location de la salle de conférence de %s.",
						     space_name(req)));
	tpl_show(req->dict, "NOINDEX");
	if ((rc = booking_fill_summary(req, d, r)))
		return rc;
	char date[FMT_MAX];
	tpl_set(d, "NUMBER", number);
	char people[FMT_MAX];
	tpl_set(d, "ATTENDEES_TEXT", fmt_plural(people, strtoll(PQgetvalue(r, 0, BK_ATTENDEES), NULL, 10),
						 "participant", "participants"));
	tpl_set(d, "ROOM_IN_SENTENCE", name_in_sentence(&req->arena, PQgetvalue(r, 0, BK_RES_NAME)));
	tpl_set(d, "ISSUED", fmt_date_long(date, (time_t)strtoll(PQgetvalue(r, 0, BK_CREATED), NULL, 10)));
	long valid;
	char v[64];
	if (day_parse(PQgetvalue(r, 0, BK_QUOTE_VALID), &valid))
		tpl_set(d, "VALID_UNTIL", day_long(v, valid));
	tpl_set(d, "ROOM_LINK", arena_printf(&req->arena, "/reservation?salle=%s&jour=%s&creneau=%s&jeton=%s",
		PQgetvalue(r, 0, BK_RES_SLUG), PQgetvalue(r, 0, BK_DAY), PQgetvalue(r, 0, BK_SLOT), token));
	if (kv_get(&req->query, "nouvelle"))
		tpl_show(d, "JUST_MADE");
	return page_finish(req, 200);
}

/* The quote's print stylesheet (the site's own print rules hide the navigation already). */
int page_quote_css(struct request *req)
{
	static const char css[] =
		"@media print {\n"
		"  .quote-actions, .notice, .site-header .account { display: none !important; }\n"
		"  .quote { font-size: 10.5pt; }\n"
		"  .quote table { width: 100%; border-collapse: collapse; }\n"
		"  .quote th, .quote td { border: 1px solid #000; padding: 4pt 6pt; }\n"
		"  .quote .parties { display: flex; gap: 2rem; }\n"
		"  @page { margin: 15mm; }\n"
		"}\n";
	buf_append(&req->resp.body, css, sizeof css - 1);
	req->resp.content_type = "text/css; charset=utf-8";
	req->resp.cache = CACHE_PUBLIC;
	return 0;
}
