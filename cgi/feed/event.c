/* event.c: the events of a feed (rows read once) and the French texts RSS and iCalendar share. */
#include "feed.h"
#include "fmt.h"
#include "page.h"
#include <stdlib.h>
#include <string.h>

const struct feed_category feed_categories[5] = {
	{"atelier", "Atelier", "ateliers"},
	{"afterwork", "Afterwork", "afterworks"},
	{"conference", "Conférence", "conférences"},
	{"portes-ouvertes", "Portes ouvertes", "portes ouvertes"},
	{"autre", "Autre", "autres événements"},
};

int feed_category_index(const char *category)
{
	for (int i = 0; i < (int)(sizeof feed_categories / sizeof feed_categories[0]); i++)
		if (strcmp(feed_categories[i].key, category) == 0)
			return i;
	return -1;
}

const char *feed_category_label(const char *category)
{
	int i = feed_category_index(category);
	return i < 0 ? category : feed_categories[i].label;
}

static time_t col_time(PGresult *r, int row, int col)
{
	return (time_t)strtoll(PQgetvalue(r, row, col), NULL, 10);
}

int feed_load(struct request *req, int id, const char *const *params, struct feed *f)
{
	const char *state;
	PGresult *r = req_exec(req, id, params, &state);
	if (!r)
		return req_db_error(state);
	/* The request's space: its name and address (its organisation's when it sets none), from
	 * the worker's snapshot of the spaces (cgi/lib/space.c). */
	*f = (struct feed){.org_name = "La Fontaine", .org_address = ""};
	const struct space *sp = req->space;
	if (sp && sp->id > 0) {
		f->org_name = sp->name;
		if (sp->street && sp->postcode && sp->city)
			f->org_address = arena_printf(&req->arena, "%s, %s %s", sp->street, sp->postcode,
						      sp->city);
	}
	f->n = (size_t)PQntuples(r);
	f->ev = arena_alloc(&req->arena, (f->n ? f->n : 1) * sizeof *f->ev);
	for (int i = 0; i < (int)f->n; i++) {
		struct feed_event *e = &f->ev[i];
		e->uid = PQgetvalue(r, i, 0);
		e->slug = PQgetvalue(r, i, 1);
		e->title = PQgetvalue(r, i, 2);
		e->summary = PQgetvalue(r, i, 3);
		e->body_md = PQgetvalue(r, i, 4);
		e->category = PQgetvalue(r, i, 5);
		e->starts = col_time(r, i, 6);
		e->ends = col_time(r, i, 7);
		e->place_name = PQgetvalue(r, i, 8);
		e->place_address = PQgetvalue(r, i, 9);
		e->cancelled = strcmp(PQgetvalue(r, i, 10), "cancelled") == 0;
		e->sequence = atoi(PQgetvalue(r, i, 11));
		e->published = col_time(r, i, 12);
		e->created = col_time(r, i, 13);
		e->updated = col_time(r, i, 14);
		e->capacity = atoi(PQgetvalue(r, i, 15));
		e->price_cents = strtol(PQgetvalue(r, i, 16), NULL, 10);
		if (PQnfields(r) >= 22) { /* the network feeds: the event's space */
			e->space_name = PQgetvalue(r, i, 17);
			e->space_address = PQgetvalue(r, i, 18);
			const char *host = PQgetvalue(r, i, 19);
			if (*host)
				e->space_base = arena_printf(&req->arena, "%s://%s",
					strncmp(base_url(), "https:", 6) == 0 ? "https" : "http", host);
			else if (strcmp(PQgetvalue(r, i, 21), "t") == 0)
				e->space_base = base_url();
			else
				e->space_base = arena_printf(&req->arena, "%s/lieux/%s", base_url(),
							     PQgetvalue(r, i, 20));
		}
		if (e->updated > f->last_modified)
			f->last_modified = e->updated;
	}
	if (!f->n)
		f->last_modified = time(NULL);
	return 0;
}

bool feed_copy_serve(struct request *req, const char *key, int id, const char *const *params,
		     int until_id)
{
	return page_cache_serve(req, key, 2, (const int[]){id, until_id},
				(const char *const *const[]){params, NULL});
}

void feed_copy_keep(struct request *req, const char *key, const struct feed *f, int until_id)
{
	/* Without events, the feed's Last-Modified is the time of each request: not kept. */
	if (f->n)
		page_cache_keep_until(req, key, until_id, f->last_modified);
}

const char *feed_event_url(struct request *req, const struct feed_event *e)
{
	return arena_printf(&req->arena, "%s/evenements/%s", e->space_base ? e->space_base : space_url(req, ""),
			    e->slug);
}

static bool same_local_day(time_t a, time_t b)
{
	struct tm ta, tb;
	localtime_r(&a, &ta);
	localtime_r(&b, &tb);
	return ta.tm_year == tb.tm_year && ta.tm_yday == tb.tm_yday;
}

const char *feed_when(struct request *req, const struct feed_event *e)
{
	char d1[FMT_MAX], t1[FMT_MAX], d2[FMT_MAX], t2[FMT_MAX];
	fmt_date_long(d1, e->starts);
	fmt_time(t1, e->starts);
	fmt_time(t2, e->ends);
	if (same_local_day(e->starts, e->ends))
		return arena_printf(&req->arena, "%s de %s à %s", d1, t1, t2);
	return arena_printf(&req->arena, "du %s, %s au %s, %s", d1, t1, fmt_date_long(d2, e->ends),
			    t2);
}

const char *feed_place(struct request *req, const struct feed *f, const struct feed_event *e)
{
	const char *address = e->place_address;
	if (e->space_name) {
		/* Network feeds: the place is in its space ("Salle du haut, La Grange, …"), at the
		 * space's address unless the event gives its own. */
		if (strcmp(e->place_name, e->space_name) == 0)
			return arena_printf(&req->arena, "%s, %s", e->space_name,
					    *address ? address : e->space_address);
		if (*address)
			return arena_printf(&req->arena, "%s, %s (%s)", e->place_name, address,
					    e->space_name);
		return arena_printf(&req->arena, "%s, %s, %s", e->place_name, e->space_name,
				    e->space_address);
	}
	if (!*address && strcmp(e->place_name, f->org_name) == 0)
		address = f->org_address;
	if (!*address)
		return e->place_name;
	return arena_printf(&req->arena, "%s, %s", e->place_name, address);
}
