/* personal.c: a member's personal calendar, /agenda/<token>.ics: their half-days and room
 * bookings and the events they registered for, at a secret address made and revoked in their
 * portal (cgi/signup/agenda.c). Only the token's hash is stored (schema/0026_mail_calendar.sql);
 * an unknown or revoked token is a 404. */
#include "feed.h"
#include "ical.h"
#include "session.h"
#include <stdlib.h>
#include <string.h>

static time_t col_time(PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0 : (time_t)strtoll(PQgetvalue(r, row, col), NULL, 10);
}

int page_personal(struct request *req)
{
	const char *token = req->params[0];
	if (!token_shape_valid(token))
		return 404;
	const char *params[1] = {token_hash_param(&req->arena, token)};
	const char *state;
	PGresult *r = req_exec(req, SQL_PERSONAL_ITEMS, params, &state);
	if (!r)
		return req_db_error(state);
	int n = PQntuples(r);
	if (n < 1 || strcmp(PQgetvalue(r, 0, PI_KIND), "person") != 0)
		return 404;
	struct ical_event *ev = arena_alloc(&req->arena, (size_t)(n > 1 ? n - 1 : 1) * sizeof *ev);
	size_t k = 0;
	for (int i = 1; i < n; i++) {
		const char *kind = PQgetvalue(r, i, PI_KIND);
		bool event = strcmp(kind, "event") == 0;
		ev[k++] = (struct ical_event){
			/* Bookings have the UID of their mailed invitations; events that of the
			 * public feeds and of the registration mail. */
			.uid = event ? PQgetvalue(r, i, PI_UID)
				     : arena_printf(&req->arena, "%s@fontaine", PQgetvalue(r, i, PI_UID)),
			.sequence = atoi(PQgetvalue(r, i, PI_SEQUENCE)),
			.start = col_time(r, i, PI_START),
			.end = col_time(r, i, PI_END),
			/* The row's own time, not now: the same calendar gives the same bytes. */
			.stamp = col_time(r, i, PI_STAMP),
			.title = PQgetvalue(r, i, PI_TITLE),
			.location = PQgetvalue(r, i, PI_LOCATION),
			.url = arena_printf(&req->arena, "%s%s", space_url(req, ""),
					    event ? "/evenements" : strcmp(kind, "desk") == 0 ? "/mes-reservations"
												 : "/disponibilites"),
			.category = event ? "Événement" : "Réservation",
			.cancelled = strcmp(PQgetvalue(r, i, PI_CANCELLED), "t") == 0,
		};
	}
	if (ical_calendar(&req->resp.body, arena_printf(&req->arena, "La Fontaine : agenda de %s",
			  PQgetvalue(r, 0, PI_TITLE)), ev, k) < 0) {
		buf_reset(&req->resp.body);
		return 500;
	}
	req->resp.content_type = "text/calendar; charset=utf-8";
	req->resp.cache = CACHE_NONE;
	resp_header(req, "Content-Disposition", "inline; filename=\"agenda-la-fontaine.ics\"");
	resp_header(req, "X-Robots-Tag", "noindex");
	resp_header(req, "Referrer-Policy", "no-referrer");
	return 0;
}
