/* main.c: the events program: its routes and templates. */
#include "events.h"
#include "server.h"

static const struct route routes[] = {
	{M_READ, "/evenements", page_events, NULL, ROLE_PUBLIC},
	{M_READ, "/evenements/archives", page_events_past, NULL, ROLE_PUBLIC},
	{M_READ, "/evenements/annulation", page_event_cancel, NULL, ROLE_PUBLIC},
	{M_POST, "/evenements/annulation", page_event_cancel_post, NULL, ROLE_PUBLIC},
	{M_READ, "/evenements/{}", page_event, NULL, ROLE_PUBLIC},
	{M_POST, "/evenements/{}/inscription", page_event_register, NULL, ROLE_PUBLIC},
	{M_READ, "/evenements/{}/inscription", page_event_registered, NULL, ROLE_PUBLIC},
};

static const char *const templates[] = {
	PAGE_LIB_TEMPLATES, "events_list.tpl", "event.tpl", "event_cancel.tpl",
};

static const struct app events_app = {
	.name = "events",
	.routes = routes,
	.n_routes = sizeof routes / sizeof routes[0],
	.stmts = events_stmts,
	.n_stmts = SQL__MAX,
	.templates = templates,
	.n_templates = sizeof templates / sizeof templates[0],
};

int main(int argc, char **argv)
{
	return server_main(&events_app, argc, argv);
}
