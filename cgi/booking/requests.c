/* requests.c: staff confirm or decline the conference room requests (/admin/reservations) and
 * see the room's upcoming bookings and the holds waiting for their contact's confirmation. Confirming sends the customer the confirmation with its .ics. */
#include "booking.h"
#include "session.h"
#include "escape.h"
#include "fmt.h"
#include <stdlib.h>
#include <string.h>

int page_requests(struct request *req)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_REQUESTS, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = staff_start(req, "booking_requests.tpl", "Réservations de salle");
	page_staff_nav(req, d, "STAFF_NAV");
	char money[FMT_MAX];
	int pending = 0, confirmed = 0, holds = 0;
	for (int i = 0; i < PQntuples(r); i++) {
		bool req_mode = strcmp(PQgetvalue(r, i, BK_STATUS), "requested") == 0;
		bool held = strcmp(PQgetvalue(r, i, BK_STATUS), "held") == 0;
		struct tpl_dict *row = tpl_section(d, req_mode ? "PENDING" : held ? "HELD" : "CONFIRMED");
		holds += held;
		if (held)
			tpl_set(row, "HOLD_UNTIL", booking_deadline_text(req, (time_t)strtoll(PQgetvalue(r, i, BK_HOLD_UNTIL), NULL, 10)));
		tpl_set(row, "WHEN", booking_when(req, r, i));
		tpl_set(row, "ROOM", PQgetvalue(r, i, BK_RES_NAME));
		tpl_set(row, "COMPANY", PQgetvalue(r, i, BK_COMPANY));
		tpl_set(row, "CONTACT", arena_printf(&req->arena, "%s, %s", PQgetvalue(r, i, BK_CONTACT),
						     PQgetvalue(r, i, BK_EMAIL)));
		char people[FMT_MAX];
		tpl_set(row, "ATTENDEES", fmt_plural(people, strtoll(PQgetvalue(r, i, BK_ATTENDEES), NULL, 10),
						     "participant", "participants"));
		tpl_set(row, "PRICE", fmt_money(money, strtoll(PQgetvalue(r, i, BK_PRICE), NULL, 10)));
		tpl_set(row, "PURPOSE", PQgetvalue(r, i, BK_PURPOSE));
		if (req_mode) {
			tpl_set(row, "ID", PQgetvalue(r, i, BK_ID));
			tpl_set(row, "CSRF", csrf_token(req));
			tpl_set(row, "CONFIRM_LABEL", arena_printf(&req->arena, "Confirmer : %s", PQgetvalue(r, i, BK_COMPANY)));
			tpl_set(row, "DECLINE_LABEL", arena_printf(&req->arena, "Refuser : %s", PQgetvalue(r, i, BK_COMPANY)));
			pending++;
		} else if (!held) {
			confirmed++;
		}
	}
	if (!pending)
		tpl_show(d, "NO_PENDING");
	if (!confirmed)
		tpl_show(d, "NO_CONFIRMED");
	if (!holds)
		tpl_show(d, "NO_HELD");
	const char *ok = kv_get(&req->query, "ok");
	if (ok) {
		tpl_set(d, "NOTICE", strcmp(ok, "confirmee") == 0 ? "Réservation confirmée : le client est prévenu par e-mail."
				     : strcmp(ok, "refusee") == 0 ? "Demande refusée : le client est prévenu par e-mail."
				     : "Cette demande a déjà reçu une réponse.");
		tpl_show(d, "HAS_NOTICE");
	}
	return page_finish(req, 200);
}

int page_request_answer(struct request *req)
{
	const char *id = req->params[0];
	if (!id || !*id || strlen(id) > 18 || strspn(id, "0123456789") != strlen(id))
		return 404;
	const char *answer = kv_get(&req->form, "reponse");
	if (!answer || (strcmp(answer, "confirmer") != 0 && strcmp(answer, "refuser") != 0))
		return 400;
	bool confirm = strcmp(answer, "confirmer") == 0;
	const char *params1[1] = {id};
	const char *state;
	PGresult *r = req_exec(req, SQL_BOOKING_BY_ID, params1, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	const char *mail[3];
	const char *ics = NULL;
	size_t ics_len = 0;
	int rc;
	if (confirm) {
		if ((rc = booking_confirmed_mail(req, r, NULL, mail)))
			return rc;
		if (!(ics = booking_ics(req, r, &ics_len)))
			return 500;
	} else {
		mail[0] = arena_printf(&req->arena, "Demande de réservation non retenue : %s", PQgetvalue(r, 0, BK_RES_NAME));
		mail[1] = arena_printf(&req->arena, "Bonjour %s,\n\nNous ne pouvons malheureusement pas accueillir votre "
			"réservation de %s (%s). Le créneau est libéré ; n’hésitez pas à en choisir un autre sur %s/disponibilites "
			"ou à nous écrire.\n\n%s\n",
			PQgetvalue(r, 0, BK_CONTACT), PQgetvalue(r, 0, BK_RES_NAME), booking_when(req, r, 0), space_url(req, ""),
			booking_signature(req));
		mail[2] = NULL;
	}
	const char *params[6] = {id, confirm ? "true" : "false", mail[0], mail[1], mail[2],
				 ics ? bytea_param(&req->arena, ics, ics_len) : NULL};
	PGresult *res = req_exec(req, SQL_ANSWER, params, &state);
	if (!res)
		return req_db_error(state);
	bool done = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	resp_redirect(req, 303, done ? (confirm ? "/admin/reservations?ok=confirmee" : "/admin/reservations?ok=refusee")
				     : "/admin/reservations?ok=deja");
	return 0;
}
