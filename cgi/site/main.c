/* main.c: the public site program: its routes and templates. */
#include "server.h"
#include "site.h"

static const struct route routes[] = {
	{M_READ, "/", page_content, &page_home, ROLE_PUBLIC},
	{M_READ, "/coworking", page_content, &page_coworking, ROLE_PUBLIC},
	{M_READ, "/espace", page_content, &page_espace, ROLE_PUBLIC},
	{M_READ, "/tarifs", page_content, &page_tarifs, ROLE_PUBLIC},
	{M_READ, "/cooperative", page_content, &page_cooperative, ROLE_PUBLIC},
	{M_READ, "/partenaires", page_content, &page_partenaires, ROLE_PUBLIC},
	{M_READ, "/mentions-legales", page_content, &page_legal, ROLE_PUBLIC},
	{M_READ, "/confidentialite", page_content, &page_privacy, ROLE_PUBLIC},
	{M_READ, "/statuts", page_content, &page_statuts, ROLE_PUBLIC},
	{M_READ, "/contact", page_contact, NULL, ROLE_PUBLIC},
	{M_POST, "/contact", page_contact_post, NULL, ROLE_PUBLIC},
	{M_READ, "/contact/merci", page_contact_thanks, NULL, ROLE_PUBLIC},
	{M_READ, "/reseau", page_network, NULL, ROLE_PUBLIC},
	{M_READ, "/sitemap.xml", page_sitemap, NULL, ROLE_PUBLIC},
	{M_READ, "/robots.txt", page_robots, NULL, ROLE_PUBLIC},
};

static const char *const templates[] = {
	PAGE_LIB_TEMPLATES, "page.tpl", "contact.tpl", "contact_thanks.tpl",
	"network.tpl",
};

static const struct app site_app = {
	.name = "site",
	.routes = routes,
	.n_routes = sizeof routes / sizeof routes[0],
	.stmts = site_stmts,
	.n_stmts = SQL__MAX,
	.templates = templates,
	.n_templates = sizeof templates / sizeof templates[0],
};

int main(int argc, char **argv)
{
	return server_main(&site_app, argc, argv);
}
