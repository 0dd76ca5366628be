/* mine.c: a member's own bookings as the portal links them: /mes-reservations/<id>.ics (the
 * booking in the member's calendar) and /mes-reservations/<id>/gerer (the manage page of a
 * room booking, through a fresh manage link: the mailed one is only stored hashed). Another
 * member's booking is a 404, as an unknown one. */
#include "booking.h"
#include "session.h"
#include <stdio.h>
#include <string.h>

static const char *own_id(struct request *req)
{
	const char *id = req->params[0];
	if (!id || !*id || strlen(id) > 18 || strspn(id, "0123456789") != strlen(id))
		return NULL;
	return id;
}

static int load_own(struct request *req, const char *id, PGresult **out)
{
	const char *params[2] = {id, arena_printf(&req->arena, "%lld", (long long)req->user->person_id)};
	const char *state;
	PGresult *r = req_exec(req, SQL_OWNER_BOOKING, params, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	*out = r;
	return 0;
}

int page_mine_ics(struct request *req)
{
	const char *id = own_id(req);
	if (!id)
		return 404;
	PGresult *r = NULL;
	int rc = load_own(req, id, &r);
	if (rc)
		return rc;
	size_t len;
	const char *ics = booking_ics(req, r, &len);
	if (!ics)
		return 500;
	buf_reset(&req->resp.body);
	buf_append(&req->resp.body, ics, len);
	req->resp.content_type = "text/calendar; charset=utf-8";
	resp_header(req, "Content-Disposition",
		    arena_printf(&req->arena, "attachment; filename=\"reservation-%s.ics\"", id));
	return 0;
}

int page_mine_manage(struct request *req)
{
	const char *id = own_id(req);
	if (!id)
		return 404;
	const char *token = random_token(&req->arena, 32);
	const char *params[3] = {id, arena_printf(&req->arena, "%lld", (long long)req->user->person_id),
				 token_hash_param(&req->arena, token)};
	const char *state;
	PGresult *r = req_exec(req, SQL_OWNER_RELINK, params, &state);
	if (!r)
		return req_db_error(state);
	if (strcmp(PQgetvalue(r, 0, 0), "t") != 0)
		return 404;
	resp_redirect(req, 303, booking_link_url(req, "/reservation/gerer", token) + strlen(base_url()));
	return 0;
}
