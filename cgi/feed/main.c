/* main.c: the feed program: its routes (RSS 2.0 and iCalendar feeds of the events, members'
 * personal calendars). */
#include "server.h"
#include "page.h"
#include "feed.h"

static const struct route routes[] = {
	{M_READ, "/evenements.rss", page_rss, NULL, ROLE_PUBLIC},
	{M_READ, "/evenements/{}.rss", page_rss_category, NULL, ROLE_PUBLIC},
	{M_READ, "/evenements.ics", page_ics, NULL, ROLE_PUBLIC},
	{M_READ, "/evenements/{}.ics", page_ics_event, NULL, ROLE_PUBLIC},
	{M_READ, "/agenda/{}.ics", page_personal, NULL, ROLE_PUBLIC},
	{M_READ, "/reseau/evenements.rss", page_network_rss, NULL, ROLE_PUBLIC},
	{M_READ, "/reseau/evenements.ics", page_network_ics, NULL, ROLE_PUBLIC},
};

/* The error pages (404, 500) are the site's. */
static const char *const templates[] = {PAGE_LIB_TEMPLATES};

static const struct app feed_app = {
	.name = "feed",
	.routes = routes,
	.n_routes = sizeof routes / sizeof routes[0],
	.stmts = feed_stmts,
	.n_stmts = SQL__MAX,
	.templates = templates,
	.n_templates = sizeof templates / sizeof templates[0],
};

int main(int argc, char **argv)
{
	return server_main(&feed_app, argc, argv);
}
