/* main.c: the admin program (staff back office): its routes, each with the staff role (the
 * organisation's legal details and roles: the admin role; the unsubscribe page: public), and
 * templates. One file per group of pages: dashboard.c (/admin, /admin/tableau-de-bord),
 * events.c (/admin/evenements), members.c (/admin/membres), funding.c (/admin/financements),
 * content.c (/admin/contenu), newsletter.c (/admin/lettre, /desinscription), gdpr.c
 * (/admin/rgpd), audit.c (/admin/journal), memberships.c (/admin/adhesions); home.c holds the back office's page start. */
#include "server.h"
#include "admin.h"

static const struct route routes[] = {
	{M_READ, "/admin", page_dashboard, NULL, ROLE_STAFF},
	{M_READ, "/admin/tableau-de-bord", page_dashboard, NULL, ROLE_STAFF},
	{M_READ, "/admin/tableau-de-bord/{}.csv", page_dashboard_csv, NULL, ROLE_STAFF},
	{M_POST, "/admin/tableau-de-bord/objectif", page_target_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/evenements-a-venir", page_admin_home, NULL, ROLE_STAFF},
	{M_READ, "/admin/evenements", page_events, NULL, ROLE_STAFF},
	{M_READ, "/admin/evenements/nouveau", page_event_new, NULL, ROLE_STAFF},
	{M_POST, "/admin/evenements/nouveau", page_event_new_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/evenements/{}", page_event_edit, NULL, ROLE_STAFF},
	{M_POST, "/admin/evenements/{}", page_event_edit_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/evenements/{}/publier", page_event_publish_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/evenements/{}/annuler", page_event_cancel_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/evenements/{}/supprimer", page_event_delete_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/evenements/{}/inscriptions", page_event_registrations, NULL, ROLE_STAFF},
	{M_READ, "/admin/financements", page_funding, NULL, ROLE_STAFF},
	{M_READ, "/admin/financements/nouveau", page_funding_new, NULL, ROLE_STAFF},
	{M_POST, "/admin/financements/nouveau", page_funding_new_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/financements/{}", page_funding_edit, NULL, ROLE_STAFF},
	{M_POST, "/admin/financements/{}", page_funding_edit_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/financements/{}/supprimer", page_funding_delete_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/impression.css", page_print_css, NULL, ROLE_STAFF},
	{M_READ, "/admin/membres", page_members, NULL, ROLE_STAFF},
	{M_READ, "/admin/membres/renouvellements", page_renewals, NULL, ROLE_STAFF},
	{M_READ, "/admin/membres/assemblee", page_voters, NULL, ROLE_STAFF},
	{M_READ, "/admin/membres/{}", page_member, NULL, ROLE_STAFF},
	{M_POST, "/admin/membres/{}", page_member_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/membres/{}/desactiver", page_member_deactivate_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/membres/{}/role", page_member_role_post, NULL, ROLE_ADMIN},
	{M_READ, "/admin/membres/{}/export.json", page_member_export, NULL, ROLE_STAFF},
	{M_POST, "/admin/membres/{}/effacer", page_member_erase_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/membres/{}/adhesion", page_member_membership_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/membres/{}/formule", page_member_formula_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/adhesions", page_memberships, NULL, ROLE_STAFF},
	{M_POST, "/admin/adhesions/formules/{}/activer", page_formula_activate_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/adhesions/formules/{}/refuser", page_formula_refuse_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/adhesions/formules/{}/modifier", page_formula_change_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/adhesions/adhesions/{}/activer", page_membership_activate_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/adhesions/adhesions/{}/refuser", page_membership_refuse_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/adhesions/rappels", page_reminders_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/adhesions/carnet", page_carnet_sale_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/rgpd", page_gdpr, NULL, ROLE_STAFF},
	{M_POST, "/admin/rgpd/nettoyage", page_gdpr_cleanup_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/journal", page_audit, NULL, ROLE_STAFF},
	{M_READ, "/admin/contenu", page_content, NULL, ROLE_STAFF},
	{M_READ, "/admin/contenu/pages/{}", page_content_page, NULL, ROLE_STAFF},
	{M_POST, "/admin/contenu/pages/{}", page_content_page_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/contenu/tarifs", page_prices, NULL, ROLE_STAFF},
	{M_POST, "/admin/contenu/tarifs/{}", page_price_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/contenu/horaires", page_hours, NULL, ROLE_STAFF},
	{M_POST, "/admin/contenu/horaires", page_hours_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/contenu/fermetures", page_closure_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/contenu/fermetures/{}/supprimer", page_closure_delete_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/contenu/organisation", page_organisation, NULL, ROLE_ADMIN},
	{M_POST, "/admin/contenu/organisation", page_organisation_post, NULL, ROLE_ADMIN},
	{M_POST, "/admin/contenu/organisation/banque", page_bank_post, NULL, ROLE_ADMIN},
	{M_READ, "/admin/contenu/financeurs", page_funders, NULL, ROLE_STAFF},
	{M_POST, "/admin/contenu/financeurs", page_funder_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/contenu/financeurs/{}", page_funder_update_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/contenu/financeurs/{}/supprimer", page_funder_delete_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/lettre", page_newsletter, NULL, ROLE_STAFF},
	{M_POST, "/admin/lettre", page_newsletter_post, NULL, ROLE_STAFF},
	{M_READ, "/desinscription", page_unsubscribe, NULL, ROLE_PUBLIC},
	{M_POST, "/desinscription", page_unsubscribe_post, NULL, ROLE_PUBLIC},
	{M_READ | M_POST, "/desinscription/un-clic", page_unsubscribe_one_click, ROUTE_NO_CSRF, ROLE_PUBLIC},
};

static const char *const templates[] = {
	PAGE_LIB_TEMPLATES, "admin_nav.tpl", "admin_home.tpl", "admin_events.tpl",
	"admin_event_form.tpl", "admin_registrations.tpl", "admin_dashboard.tpl", "admin_funding.tpl",
	"admin_funding_form.tpl", "admin_members.tpl", "admin_member.tpl", "admin_renewals.tpl",
	"admin_voters.tpl", "admin_gdpr.tpl", "admin_audit.tpl", "admin_content.tpl",
	"admin_content_page.tpl", "admin_prices.tpl", "admin_hours.tpl", "admin_organisation.tpl",
	"admin_funders.tpl", "admin_newsletter.tpl", "admin_unsubscribe.tpl", "admin_memberships.tpl",
};

static const struct app admin_app = {
	.name = "admin",
	.routes = routes,
	.n_routes = sizeof routes / sizeof routes[0],
	.stmts = admin_stmts,
	.n_stmts = SQL__MAX,
	.templates = templates,
	.n_templates = sizeof templates / sizeof templates[0],
	.actor_in_statements = true,
};

int main(int argc, char **argv)
{
	return server_main(&admin_app, argc, argv);
}
