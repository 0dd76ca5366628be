/* calendar.c: the public availability calendars: the list of resources, one resource's week
 * (free / taken / closed per half-day, navigable by ?semaine=2026-W48) and a room's free/busy
 * iCalendar feed (busy periods only: no customer is named). */
#include "booking.h"
#include "fmt.h"
#include "ical.h"
#include <stdlib.h>
#include <string.h>

static const char *kind_label(const char *kind)
{
	if (strcmp(kind, "open_space") == 0)
		return "Postes partagés, à la demi-journée";
	if (strcmp(kind, "office") == 0)
		return "Bureau privé, loué au mois";
	return "Salle de réunion, à la demi-journée ou à la journée";
}

int page_availability_index(struct request *req)
{
	int rc = maybe_session(req);
	if (rc)
		return rc;
	const char *state;
	PGresult *r = req_exec(req, SQL_RESOURCES, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = page_start(req, "booking_index.tpl", "Disponibilités",
		arena_printf(&req->arena, "Les disponibilités de l’open space, de la salle de conférence et des "
			     "bureaux de %s, semaine par semaine.", space_name(req)));
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *s = tpl_section(d, "RESOURCE");
		tpl_set(s, "SLUG", PQgetvalue(r, i, 0));
		tpl_set(s, "NAME", PQgetvalue(r, i, 1));
		tpl_set(s, "KIND", kind_label(PQgetvalue(r, i, 2)));
		tpl_set(s, "DESCRIPTION", PQgetvalue(r, i, 4));
		if (strcmp(PQgetvalue(r, i, 2), "meeting_room") == 0)
			tpl_show(s, "BOOKABLE");
	}
	if (!req->user)
		req->resp.cache = CACHE_PUBLIC;
	return page_finish(req, 200);
}

/* Loads the resource named by the route. Returns 0 with *out, or 404 / a db status. */
static int load_resource(struct request *req, PGresult **out)
{
	const char *params[1] = {req->params[0]};
	const char *state;
	PGresult *r = req_exec(req, SQL_RESOURCE, params, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	*out = r;
	return 0;
}

static const char *short_day(struct arena *a, long day)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	long w = ((day + 3) % 7 + 7) % 7; /* 0 = Monday */
	return arena_printf(a, "%s %d%s %s", fmt_weekday_names[w], d, d == 1 ? "er" : "",
			    fmt_month_names[m - 1]);
}

int page_availability(struct request *req)
{
	long monday, now_day = today();
	const char *week = kv_get(&req->query, "semaine");
	bool week_ok = true;
	if (week)
		week_ok = week_parse(week, &monday);
	else
		monday = now_day - (((now_day + 3) % 7 + 7) % 7);
	/* A visitor's week is kept in the worker (cgi/lib/pagecache.c) while its stamp, its
	 * bookings' counters (schema/0063), holds. One round trip: the stamp alone when there is
	 * a copy to check (a stamp names an active resource of the space, as SQL_RESOURCE), else
	 * the resource, the stamp and the week itself (the week's by the resource's slug). */
	const char *by_slug[3] = {req->params[0], week_ok ? day_iso(&req->arena, monday) : NULL,
				  week_ok ? day_iso(&req->arena, monday + 6) : NULL};
	const char *key = week_ok ? arena_printf(&req->arena, "%s|%s", page_cache_key(req), by_slug[1]) : NULL;
	static const int with_copy[] = {SQL_AVAILABILITY_STAMP},
			 without[] = {SQL_RESOURCE, SQL_AVAILABILITY_STAMP, SQL_AVAILABILITY_SLUG},
			 again[] = {SQL_RESOURCE, SQL_AVAILABILITY_SLUG};
	bool copy = week_ok && page_cache_has(key);
	req_prefetch(req, copy ? 1 : week_ok ? 3 : 1, copy ? with_copy : without,
		     (const char *const *const[]){by_slug, by_slug, by_slug});
	const char *state, *stamp = NULL;
	time_t until = 0;
	if (week_ok) {
		PGresult *st = req_exec(req, SQL_AVAILABILITY_STAMP, by_slug, &state);
		if (!st)
			return req_db_error(state);
		if (PQntuples(st) == 1) {
			stamp = PQgetvalue(st, 0, AS_STAMP);
			until = (time_t)strtoll(PQgetvalue(st, 0, AS_UNTIL), NULL, 10);
		}
	}
	int rc = maybe_session(req);
	if (rc)
		return rc;
	if (page_cache_serve_stamped(req, key, stamp))
		return 0;
	if (copy) /* it no longer stands (or was a visitor's): the page's reads in one round trip */
		req_prefetch(req, 2, again, (const char *const *const[]){by_slug, by_slug});
	PGresult *res;
	if ((rc = load_resource(req, &res)))
		return rc;
	if (!week_ok)
		return 404;
	PGresult *r = req_exec(req, SQL_AVAILABILITY_SLUG, by_slug, &state);
	if (!r)
		return req_db_error(state);
	const char *name = PQgetvalue(res, 0, 2);
	const char *kind = PQgetvalue(res, 0, 3);
	bool room = strcmp(kind, "meeting_room") == 0, open_space = strcmp(kind, "open_space") == 0;
	char a[64], b[64];
	struct tpl_dict *d = page_start(req, "booking_calendar.tpl",
		arena_printf(&req->arena, "Disponibilités : %s", name),
		arena_printf(&req->arena, "%s : créneaux libres, réservés et fermés de la semaine, par demi-journée.", name));
	tpl_set(d, "SLUG", PQgetvalue(res, 0, 1));
	tpl_set(d, "NAME", name);
	tpl_set(d, "CAPTION", arena_printf(&req->arena, "Semaine du %s au %s", day_long(a, monday),
					   day_long(b, monday + 6)));
	tpl_set(d, "PREV_WEEK", week_name(&req->arena, monday - 7));
	tpl_set(d, "NEXT_WEEK", week_name(&req->arena, monday + 7));
	tpl_set(d, "THIS_WEEK", week_name(&req->arena, monday));
	if (strcmp(PQgetvalue(res, 0, 6), "") != 0)
		tpl_set(tpl_section(d, "EQUIPMENT"), "LIST", PQgetvalue(res, 0, 6));
	if (room) {
		tpl_show(d, "ROOM");
		page_alternate(req, "text/calendar", arena_printf(&req->arena, "Occupation : %s", name),
			       arena_printf(&req->arena, "/disponibilites/%s.ics", PQgetvalue(res, 0, 1)));
	}
	if (open_space)
		tpl_set(tpl_section(d, "OPEN_SPACE"), "CAPACITY", PQgetvalue(res, 0, 4));
	/* The same cells twice: a week table for wide screens, a list of days for phones
	 * (site.css shows one or the other by width). */
	struct tpl_dict *days[7];
	for (int i = 0; i < 7; i++) {
		struct tpl_dict *h = tpl_section(d, "DAY");
		tpl_set(h, "DAY_LABEL", short_day(&req->arena, monday + i));
		tpl_set(h, "DAY_ISO", day_iso(&req->arena, monday + i));
		days[i] = tpl_section(d, "DAY_ITEM");
		tpl_set(days[i], "DAY_LABEL", short_day(&req->arena, monday + i));
		tpl_set(days[i], "DAY_ISO", day_iso(&req->arena, monday + i));
	}
	static const char *const slots[2] = {"am", "pm"};
	for (int s = 0; s < 2; s++) {
		struct tpl_dict *row = tpl_section(d, "SLOT");
		tpl_set(row, "SLOT_LABEL", slot_label(slots[s]));
		for (int i = 0; i < PQntuples(r); i++) {
			if (strcmp(PQgetvalue(r, i, AV_SLOT), slots[s]) != 0)
				continue;
			const char *cell = PQgetvalue(r, i, AV_STATE);
			long day;
			day_parse(PQgetvalue(r, i, AV_DAY), &day);
			struct tpl_dict *cells[2] = {tpl_section(row, "CELL"), NULL};
			if (day >= monday && day < monday + 7) {
				cells[1] = tpl_section(days[day - monday], "DAY_SLOT");
				tpl_set(cells[1], "SLOT_LABEL", slot_label(slots[s]));
			}
			for (int k = 0; k < 2 && cells[k]; k++) {
				struct tpl_dict *c = cells[k];
				if (strcmp(cell, "closed") == 0) {
					tpl_set(c, "CLASS", "closed");
					tpl_set(c, "STATE", "Fermé");
					if (strcmp(PQgetvalue(r, i, AV_REASON), "Fermé") != 0)
						tpl_set(tpl_section(c, "REASON"), "REASON_TEXT", PQgetvalue(r, i, AV_REASON));
				} else if (strcmp(cell, "taken") == 0) {
					tpl_set(c, "CLASS", "taken");
					tpl_set(c, "STATE", open_space ? "Complet" : "Réservé");
				} else {
					tpl_set(c, "CLASS", "free");
					tpl_set(c, "STATE", "Libre");
					int left = atoi(PQgetvalue(r, i, AV_FREE));
					if (open_space && left >= 0)
						tpl_set(tpl_section(c, "REASON"), "REASON_TEXT",
							arena_printf(&req->arena, "%d place%s", left, left > 1 ? "s" : ""));
					if (room && day > now_day) {
						struct tpl_dict *l = tpl_section(c, "BOOK");
						tpl_set(l, "BOOK_DAY", PQgetvalue(r, i, 0));
						tpl_set(l, "BOOK_SLOT", slots[s]);
						tpl_set(l, "BOOK_LABEL", arena_printf(&req->arena, "Réserver le %s, %s",
							short_day(&req->arena, day), s ? "après-midi" : "matin"));
					}
				}
			}
		}
	}
	if (!req->user)
		req->resp.cache = CACHE_PUBLIC;
	rc = page_finish(req, 200);
	if (!rc)
		page_cache_keep_stamped(req, key, stamp, until);
	return rc;
}

int page_availability_ics(struct request *req)
{
	PGresult *res;
	int rc = load_resource(req, &res);
	if (rc)
		return rc;
	if (strcmp(PQgetvalue(res, 0, 7), "t") != 0)
		return 404; /* the open space has seats, not a busy/free state */
	const char *params[1] = {PQgetvalue(res, 0, 0)};
	const char *state;
	PGresult *r = req_exec(req, SQL_BUSY, params, &state);
	if (!r)
		return req_db_error(state);
	int n = PQntuples(r);
	struct ical_event *ev = arena_alloc(&req->arena, sizeof *ev * (size_t)(n ? n : 1));
	const char *name = PQgetvalue(res, 0, 2);
	time_t now = time(NULL);
	for (int i = 0; i < n; i++) {
		bool requested = strcmp(PQgetvalue(r, i, 3), "requested") == 0;
		bool held = strcmp(PQgetvalue(r, i, 3), "held") == 0;
		ev[i] = (struct ical_event){
			.uid = arena_printf(&req->arena, "%s@fontaine", PQgetvalue(r, i, 0)),
			.start = (time_t)strtoll(PQgetvalue(r, i, 1), NULL, 10),
			.end = (time_t)strtoll(PQgetvalue(r, i, 2), NULL, 10),
			.stamp = now,
			.modified = (time_t)strtoll(PQgetvalue(r, i, 4), NULL, 10),
			.title = requested ? "Occupé (demande en attente)"
				 : held ? "Occupé (en attente de confirmation)" : "Occupé",
			.location = name,
		};
	}
	if (ical_calendar(&req->resp.body, arena_printf(&req->arena, "Occupation : %s", name), ev,
			  (size_t)n) < 0) {
		buf_reset(&req->resp.body);
		return 500;
	}
	req->resp.content_type = "text/calendar; charset=utf-8";
	resp_header(req, "Content-Disposition",
		    arena_printf(&req->arena, "inline; filename=\"%s.ics\"", PQgetvalue(res, 0, 1)));
	req->resp.cache = CACHE_PUBLIC;
	return 0;
}
