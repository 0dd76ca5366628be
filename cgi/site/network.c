/* network.c: /reseau, the network's home page: every active space with its address, opening
 * hours, what it offers, its next events and a link to it. Read in network scope. */
#include "site.h"
#include "fmt.h"
#include <stdlib.h>
#include <string.h>

enum { NS_ID, NS_SLUG, NS_NAME, NS_STREET, NS_POSTCODE, NS_CITY, NS_SUMMARY, NS_HOST, NS_DEFAULT };
enum { NH_SPACE, NH_WEEKDAY };
enum { NE_SPACE, NE_SLUG, NE_TITLE, NE_STARTS };

/* The address of a space's pages without trailing slash: its own host when it has one, the
 * shared host for the default space, else the shared host's /lieux/<slug>. */
static const char *space_base(struct request *req, PGresult *r, int i)
{
	const char *host = PQgetvalue(r, i, NS_HOST);
	if (*host) {
		const char *scheme = strncmp(base_url(), "https:", 6) == 0 ? "https" : "http";
		return arena_printf(&req->arena, "%s://%s", scheme, host);
	}
	if (strcmp(PQgetvalue(r, i, NS_DEFAULT), "t") == 0)
		return "";
	return arena_printf(&req->arena, "/lieux/%s", PQgetvalue(r, i, NS_SLUG));
}

/* "mardi 3 mars 2026, 18 h 30" */
static const char *event_when(struct request *req, time_t starts)
{
	char d[FMT_MAX], t[FMT_MAX];
	return arena_printf(&req->arena, "%s, %s", fmt_date_long(d, starts), fmt_time(t, starts));
}

int page_network(struct request *req)
{
	/* Every space's rows for this request (the library ends the scope after it). */
	int status = space_network_scope(req);
	if (status)
		return status;
	const char *state = NULL;
	PGresult *spaces = req_exec(req, SQL_NET_SPACES, NULL, &state);
	PGresult *hours = spaces ? req_exec(req, SQL_NET_HOURS, NULL, &state) : NULL;
	PGresult *events = hours ? req_exec(req, SQL_NET_EVENTS, NULL, &state) : NULL;
	if (!events)
		return req_db_error(state);

	struct tpl_dict *d = page_start(req, "network.tpl", "Le réseau des tiers-lieux",
					"Les lieux du réseau : adresses, horaires, ce que chacun "
					"propose et leurs prochains événements.");
	page_alternate(req, "application/rss+xml", "Les événements du réseau (RSS)",
		       "/reseau/evenements.rss");
	page_alternate(req, "text/calendar", "Les événements du réseau (iCalendar)",
		       "/reseau/evenements.ics");
	int n_hours = PQntuples(hours), n_events = PQntuples(events), h = 0, e = 0;
	char count[FMT_MAX];
	tpl_set(d, "N_SPACES", fmt_plural(count, PQntuples(spaces), "lieu", "lieux"));
	for (int i = 0; i < PQntuples(spaces); i++) {
		struct tpl_dict *s = tpl_section(d, "SPACE");
		long id = strtol(PQgetvalue(spaces, i, NS_ID), NULL, 10);
		const char *base = space_base(req, spaces, i);
		tpl_set(s, "SPACE_ID", PQgetvalue(spaces, i, NS_SLUG));
		tpl_set(s, "SPACE_NAME", PQgetvalue(spaces, i, NS_NAME));
		tpl_set(s, "SPACE_STREET", PQgetvalue(spaces, i, NS_STREET));
		tpl_set(s, "SPACE_POSTCODE", PQgetvalue(spaces, i, NS_POSTCODE));
		tpl_set(s, "SPACE_CITY", PQgetvalue(spaces, i, NS_CITY));
		tpl_set(s, "SPACE_HREF", *base ? arena_printf(&req->arena, "%s/", base) : "/");
		if (*PQgetvalue(spaces, i, NS_SUMMARY))
			tpl_set(tpl_section(s, "SUMMARY"), "SPACE_SUMMARY",
				PQgetvalue(spaces, i, NS_SUMMARY));
		/* Rows of spaces listed before this one (inactive ones) are skipped. */
		while (h < n_hours && strtol(PQgetvalue(hours, h, NH_SPACE), NULL, 10) < id)
			h++;
		int end = h;
		while (end < n_hours && strtol(PQgetvalue(hours, end, NH_SPACE), NULL, 10) == id)
			end++;
		site_hours_rows(s, hours, &h, end, NH_WEEKDAY);
		h = end;
		while (e < n_events && strtol(PQgetvalue(events, e, NE_SPACE), NULL, 10) < id)
			e++;
		bool any = false;
		for (; e < n_events && strtol(PQgetvalue(events, e, NE_SPACE), NULL, 10) == id; e++) {
			struct tpl_dict *ev = tpl_section(s, "EVENT");
			tpl_set(ev, "EVENT_TITLE", PQgetvalue(events, e, NE_TITLE));
			tpl_set(ev, "EVENT_HREF", arena_printf(&req->arena, "%s/evenements/%s", base,
							       PQgetvalue(events, e, NE_SLUG)));
			tpl_set(ev, "EVENT_WHEN",
				event_when(req, (time_t)strtoll(PQgetvalue(events, e, NE_STARTS), NULL, 10)));
			any = true;
		}
		tpl_show(s, any ? "EVENTS" : "NO_EVENTS");
	}
	req->resp.cache = CACHE_PUBLIC;
	return page_finish(req, 200);
}
