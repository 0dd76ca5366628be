/* list.c: the upcoming events (by month, paginated) and the archives. */
#include "events.h"
#include "fmt.h"
#include <stdlib.h>
#include <string.h>

enum { PAGE_SIZE = 12, MAX_PAGE = 1000 };

/* The categories: key, label, and what their feeds are called ("Les ateliers"). */
static const char *const categories[][3] = {
	{"atelier", "Atelier", "Les ateliers"}, {"afterwork", "Afterwork", "Les afterworks"},
	{"conference", "Conférence", "Les conférences"},
	{"portes-ouvertes", "Portes ouvertes", "Les portes ouvertes"},
	{"autre", "Autre", "Les autres événements"},
};
enum { N_CATEGORIES = sizeof categories / sizeof categories[0] };

const char *event_category_label(const char *c)
{
	for (size_t i = 0; i < N_CATEGORIES; i++)
		if (strcmp(c, categories[i][0]) == 0)
			return categories[i][1];
	return "Autre";
}

/* Fills section name of d with one entry per category (or only category, when not NULL): its
 * name and the addresses of its RSS and iCalendar feeds (cgi/feed). */
void event_category_feeds(struct request *req, struct tpl_dict *d, const char *name, const char *category)
{
	for (size_t i = 0; i < N_CATEGORIES; i++) {
		if (category && strcmp(category, categories[i][0]) != 0)
			continue;
		struct tpl_dict *s = tpl_section(d, name);
		tpl_set(s, "FEED_NAME", categories[i][2]);
		tpl_set(s, "FEED_RSS", arena_printf(&req->arena, "/evenements/%s.rss", categories[i][0]));
		tpl_set(s, "FEED_ICS", arena_printf(&req->arena, "/evenements.ics?categorie=%s", categories[i][0]));
	}
}

const char *event_when(struct arena *a, time_t start, time_t end)
{
	char d1[FMT_MAX], d2[FMT_MAX], t1[FMT_MAX], t2[FMT_MAX];
	fmt_date_long(d1, start);
	fmt_date_long(d2, end);
	fmt_time(t1, start);
	fmt_time(t2, end);
	if (strcmp(d1, d2) == 0)
		return arena_printf(a, "%s, de %s à %s", d1, t1, t2);
	return arena_printf(a, "du %s à %s au %s à %s", d1, t1, d2, t2);
}

void event_feed_links(struct request *req, const char *category)
{
	/* The feeds of every event are in every page's head (layout.tpl); an event adds its
	 * category's. */
	for (size_t i = 0; category && i < N_CATEGORIES; i++)
		if (strcmp(category, categories[i][0]) == 0) {
			page_alternate(req, "application/rss+xml", arena_printf(&req->arena, "%s de %s (RSS)",
				       categories[i][2], space_name(req)), arena_printf(&req->arena, "/evenements/%s.rss", categories[i][0]));
			page_alternate(req, "text/calendar", arena_printf(&req->arena, "%s de %s (iCalendar)",
				       categories[i][2], space_name(req)), arena_printf(&req->arena, "/evenements.ics?categorie=%s", categories[i][0]));
		}
}

/* Reads ?page=N (1 by default). Returns 0 when absent or valid, 400 otherwise. */
static int page_number(struct request *req, int *page)
{
	*page = 1;
	const char *p = kv_get(&req->query, "page");
	if (!p)
		return 0;
	char *end;
	long n = strtol(p, &end, 10);
	if (!*p || *end || n < 1 || n > MAX_PAGE)
		return 400;
	*page = (int)n;
	return 0;
}

/* Fills one EVENT section from row i of r (columns of EVENT_COLUMNS). */
static void event_item(struct request *req, struct tpl_dict *s, PGresult *r, int i)
{
	time_t start = (time_t)strtoll(PQgetvalue(r, i, 4), NULL, 10);
	time_t end = (time_t)strtoll(PQgetvalue(r, i, 5), NULL, 10);
	char iso[FMT_MAX];
	tpl_set(s, "SLUG", PQgetvalue(r, i, 0));
	tpl_set(s, "EV_TITLE", PQgetvalue(r, i, 1));
	tpl_set(s, "SUMMARY", PQgetvalue(r, i, 2));
	tpl_set(s, "CATEGORY", event_category_label(PQgetvalue(r, i, 3)));
	tpl_set(s, "WHEN", event_when(&req->arena, start, end));
	tpl_set(s, "DATETIME", fmt_iso_date(iso, start));
	tpl_set(s, "PLACE", PQgetvalue(r, i, 6));
	if (strcmp(PQgetvalue(r, i, 8), "cancelled") == 0)
		tpl_show(s, "CANCELLED");
	else if (!PQgetisnull(r, i, 9) &&
		 atoi(PQgetvalue(r, i, 11)) >= atoi(PQgetvalue(r, i, 9)))
		tpl_show(s, "FULL");
}

/* Renders a list of events: upcoming (grouped by month) or past. */
static int render_list(struct request *req, bool past)
{
	int page, rc = page_number(req, &page);
	if (rc)
		return rc;
	const char *params[2] = {
		arena_printf(&req->arena, "%d", PAGE_SIZE + 1),
		arena_printf(&req->arena, "%d", (page - 1) * PAGE_SIZE),
	};
	/* Made of shared data (schema/0060: the events, and whether each is full): the worker
	 * serves its copy until an event changes, fills up or ends. */
	const char *key = arena_printf(&req->arena, "%s?page=%d", page_cache_key(req), page);
	if (page_cache_serve(req, key, 2, (const int[]){past ? SQL_PAST : SQL_UPCOMING, SQL_EVENTS_UNTIL},
			     (const char *const *const[]){params, NULL}))
		return 0;
	const char *state;
	PGresult *r = req_exec(req, past ? SQL_PAST : SQL_UPCOMING, params, &state);
	if (!r)
		return req_db_error(state);
	int rows = PQntuples(r);
	if (page > 1 && rows == 0)
		return 404;
	struct tpl_dict *d = page_start(req, "events_list.tpl",
		past ? "Événements passés" : arena_printf(&req->arena, "Les événements de %s", space_name(req)),
		past ? arena_printf(&req->arena, "Les ateliers, afterworks, conférences et portes ouvertes passés "
				    "de %s, espace de coworking coopératif%s%s.", space_name(req),
				    *space_city(req) ? " à " : "", space_city(req))
		     : arena_printf(&req->arena, "Ateliers, afterworks, conférences et portes ouvertes à %s, espace "
				    "de coworking coopératif%s%s : le programme et les inscriptions.", space_name(req),
				    *space_city(req) ? " à " : "", space_city(req)));
	event_feed_links(req, NULL);
	if (past)
		tpl_show(d, "PAST");
	else
		event_category_feeds(req, tpl_section(d, "UPCOMING"), "CATEGORY_FEED", NULL);
	char month[FMT_MAX] = "", m[FMT_MAX];
	struct tpl_dict *group = NULL;
	int shown = rows > PAGE_SIZE ? PAGE_SIZE : rows;
	for (int i = 0; i < shown; i++) {
		fmt_month(m, (time_t)strtoll(PQgetvalue(r, i, 4), NULL, 10));
		if (!group || strcmp(m, month) != 0) {
			group = tpl_section(d, "MONTH");
			/* "mars 2026" → "Mars 2026" for a heading */
			char cap[FMT_MAX];
			snprintf(cap, sizeof cap, "%s", m);
			if (cap[0] >= 'a' && cap[0] <= 'z')
				cap[0] = (char)(cap[0] - 'a' + 'A');
			else if (strncmp(cap, "\xc3\xa9", 2) == 0) /* "é" → "É" */
				cap[1] = '\x89';
			tpl_set(group, "MONTH_NAME", cap);
			snprintf(month, sizeof month, "%s", m);
		}
		event_item(req, tpl_section(group, "EVENT"), r, i);
	}
	if (rows == 0)
		tpl_show(d, "NONE");
	const char *base = past ? "/evenements/archives" : "/evenements";
	if (page > 1) {
		struct tpl_dict *p = tpl_section(d, "PREV");
		tpl_set(p, "PREV_HREF", page == 2 ? base : arena_printf(&req->arena, "%s?page=%d", base, page - 1));
	}
	if (rows > PAGE_SIZE)
		tpl_set(tpl_section(d, "NEXT"), "NEXT_HREF", arena_printf(&req->arena, "%s?page=%d", base, page + 1));
	if (page > 1 || rows > PAGE_SIZE)
		tpl_set_int(tpl_section(d, "PAGINATION"), "PAGE", page);
	req->resp.cache = CACHE_PUBLIC;
	rc = page_finish(req, 200);
	if (!rc)
		page_cache_keep_until(req, key, SQL_EVENTS_UNTIL, 0);
	return rc;
}

int page_events(struct request *req)
{
	return render_list(req, false);
}

int page_events_past(struct request *req)
{
	return render_list(req, true);
}
