/* hold.c: the link mailed for a held room booking (/reservation/confirmer): the page that
 * shows what is about to be confirmed, and its button. Following the link proves the contact's
 * address; the booking is then confirmed (or sent to staff as a request, per room) and the
 * usual confirmation mail with the .ics and a new manage link goes out. The GET only shows:
 * mail scanners that open links must not confirm anything. */
#include "booking.h"
#include "session.h"
#include <stdlib.h>
#include <string.h>

/* The 409 page of a link already followed (the booking was confirmed, then maybe cancelled). */
static int already_used(struct request *req, PGresult *r)
{
	const char *st = PQgetvalue(r, 0, BK_STATUS);
	bool live = strcmp(st, "confirmed") == 0 || strcmp(st, "requested") == 0 || strcmp(st, "held") == 0;
	const char *text[] = {
		live ? "Ce lien a déjà servi : la réservation est confirmée. Le lien pour la gérer vous a été envoyé par e-mail."
		     : "Ce lien a déjà servi, et la réservation n’est plus active (annulée ou refusée).",
		"Pour réserver un autre créneau, consultez les disponibilités de la salle.", NULL};
	return page_message(req, 409, "Lien déjà utilisé", "/disponibilites", "Voir les disponibilités", text);
}

/* Loads the hold that token names into *r. Returns true when it is a live hold; else false,
 * with *answer the handler's answer: 0 once the page that says why not is rendered (unknown
 * link, expired, already used), or an HTTP status. */
static bool live_hold(struct request *req, const char *token, PGresult **r, int *answer)
{
	int rc = booking_load_link(req, SQL_BY_CONFIRM, token, r);
	if (rc) {
		*answer = rc == 404 ? booking_unknown_link(req) : rc;
		return false;
	}
	const char *st = PQgetvalue(*r, 0, BK_STATUS);
	if (strcmp(st, "expired") == 0 || (strcmp(st, "held") == 0 && strcmp(PQgetvalue(*r, 0, BK_LIVE), "t") != 0)) {
		*answer = booking_hold_expired(req, *r);
		return false;
	}
	if (strcmp(st, "held") != 0) {
		*answer = already_used(req, *r);
		return false;
	}
	return true;
}

int page_hold_confirm(struct request *req)
{
	const char *token = link_token(&req->query);
	PGresult *r;
	int rc;
	if (!live_hold(req, token, &r, &rc))
		return rc;
	struct tpl_dict *d = page_start(req, "booking_confirm.tpl", "Confirmer votre réservation",
					"Confirmer votre réservation");
	tpl_show(req->dict, "NOINDEX");
	if ((rc = booking_fill_summary(req, d, r)))
		return rc;
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "TOKEN", token);
	tpl_set(d, "HOLD_UNTIL", booking_deadline_text(req, (time_t)strtoll(PQgetvalue(r, 0, BK_HOLD_UNTIL), NULL, 10)));
	if (strcmp(PQgetvalue(r, 0, BK_MODE), "request") == 0)
		tpl_show(d, "REQUEST_MODE");
	return page_finish(req, 200);
}

int page_hold_confirm_post(struct request *req)
{
	const char *token = link_token(&req->form);
	PGresult *r;
	int rc;
	if (!live_hold(req, token, &r, &rc))
		return rc;
	bool request_mode = strcmp(PQgetvalue(r, 0, BK_MODE), "request") == 0;
	const char *manage = random_token(&req->arena, 32);
	const char *mail[3];
	if ((rc = booking_row_mail(req, r, request_mode ? MAIL_REQUESTED : MAIL_CONFIRMED,
				   booking_link_url(req, "/reservation/gerer", manage), mail)))
		return rc;
	const char *ics = NULL;
	size_t ics_len = 0;
	if (!request_mode && !(ics = booking_ics(req, r, &ics_len)))
		return 500;
	const char *params[6] = {
		token_hash_param(&req->arena, token), token_hash_param(&req->arena, manage),
		mail[0], mail[1], mail[2], ics ? bytea_param(&req->arena, ics, ics_len) : NULL,
	};
	const char *state;
	PGresult *res = req_exec(req, SQL_CONFIRM_HOLD, params, &state);
	if (!res)
		return req_db_error(state);
	const char *outcome = PQgetvalue(res, 0, 0);
	if (strcmp(outcome, "expired") == 0)
		return booking_hold_expired(req, r);
	if (strcmp(outcome, "used") == 0)
		return already_used(req, r);
	if (strcmp(outcome, "confirmed") != 0 && strcmp(outcome, "requested") != 0)
		return booking_unknown_link(req);
	resp_redirect(req, 303, arena_printf(&req->arena, "%s&nouvelle=1",
		booking_link_url(req, "/reservation/gerer", manage) + strlen(base_url())));
	return 0;
}
