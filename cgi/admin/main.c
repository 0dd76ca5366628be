/* main.c: the admin program (staff back office): its routes, each with the staff role, and
 * templates. One file per group of pages: home.c (/admin), events.c (/admin/evenements). */
#include "server.h"
#include "admin.h"

static const struct route routes[] = {
	{M_READ, "/admin", page_admin_home, NULL, ROLE_STAFF},
	{M_READ, "/admin/evenements", page_events, NULL, ROLE_STAFF},
	{M_READ, "/admin/evenements/nouveau", page_event_new, NULL, ROLE_STAFF},
	{M_POST, "/admin/evenements/nouveau", page_event_new_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/evenements/{}", page_event_edit, NULL, ROLE_STAFF},
	{M_POST, "/admin/evenements/{}", page_event_edit_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/evenements/{}/publier", page_event_publish_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/evenements/{}/annuler", page_event_cancel_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/evenements/{}/supprimer", page_event_delete_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/evenements/{}/inscriptions", page_event_registrations, NULL, ROLE_STAFF},
};

static const char *const templates[] = {
	PAGE_LIB_TEMPLATES, "admin_nav.tpl", "admin_home.tpl", "admin_events.tpl",
	"admin_event_form.tpl", "admin_registrations.tpl",
};

static const struct app admin_app = {
	.name = "admin",
	.routes = routes,
	.n_routes = sizeof routes / sizeof routes[0],
	.stmts = admin_stmts,
	.n_stmts = SQL__MAX,
	.templates = templates,
	.n_templates = sizeof templates / sizeof templates[0],
};

int main(int argc, char **argv)
{
	return server_main(&admin_app, argc, argv);
}
