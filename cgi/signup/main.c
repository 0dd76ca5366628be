/* main.c: the signup program: its routes (each with the role it needs) and templates. */
#include "server.h"
#include "signup.h"

static const struct route routes[] = {
	{M_READ, "/adhesion", page_join, NULL, ROLE_PUBLIC},
	{M_POST, "/adhesion", page_join_post, NULL, ROLE_PUBLIC},
	{M_READ, "/adhesion/envoyee", page_join_sent, NULL, ROLE_PUBLIC},
	{M_READ, "/adhesion/confirmer", page_join_confirm, NULL, ROLE_PUBLIC},
	{M_POST, "/adhesion/confirmer", page_join_confirm_post, NULL, ROLE_PUBLIC},
	{M_READ, "/connexion", page_login, NULL, ROLE_PUBLIC},
	{M_POST, "/connexion", page_login_post, NULL, ROLE_PUBLIC},
	{M_POST, "/connexion/code", page_login_code_post, NULL, ROLE_PUBLIC},
	{M_POST, "/connexion/deblocage", page_unlock_request_post, NULL, ROLE_PUBLIC},
	{M_READ, "/connexion/debloquer", page_unlock, NULL, ROLE_PUBLIC},
	{M_POST, "/connexion/debloquer", page_unlock_post, NULL, ROLE_PUBLIC},
	{M_POST, "/deconnexion", page_logout_post, NULL, ROLE_PUBLIC},
	{M_READ, "/mot-de-passe-oublie", page_forgot, NULL, ROLE_PUBLIC},
	{M_POST, "/mot-de-passe-oublie", page_forgot_post, NULL, ROLE_PUBLIC},
	{M_READ, "/mot-de-passe/nouveau", page_reset, NULL, ROLE_PUBLIC},
	{M_POST, "/mot-de-passe/nouveau", page_reset_post, NULL, ROLE_PUBLIC},
	{M_READ, "/compte", page_portal, NULL, ROLE_MEMBER},
	{M_READ, "/compte/profil", page_profile, NULL, ROLE_MEMBER},
	{M_POST, "/compte/profil", page_profile_post, NULL, ROLE_MEMBER},
	{M_POST, "/compte/newsletter", page_newsletter_post, NULL, ROLE_MEMBER},
	{M_READ, "/compte/donnees.json", page_export, NULL, ROLE_MEMBER},
	{M_READ, "/compte/donnees", page_data, NULL, ROLE_MEMBER},
	{M_READ, "/compte/profil-annuaire", page_directory_profile, NULL, ROLE_MEMBER},
	{M_POST | M_UPLOAD, "/compte/profil-annuaire", page_directory_profile_post, NULL, ROLE_MEMBER},
	{M_POST, "/compte/profil-annuaire/retirer", page_directory_remove_post, NULL, ROLE_MEMBER},
	{M_READ, "/annuaire", page_directory, NULL, ROLE_PUBLIC},
	{M_READ, "/annuaire/photo/{}", page_directory_photo, NULL, ROLE_PUBLIC},
	{M_POST, "/compte/fermeture", page_close_post, NULL, ROLE_MEMBER},
	{M_POST, "/compte/deconnexion-partout", page_logout_all_post, NULL, ROLE_MEMBER},
	{M_POST, "/compte/email", page_email_post, NULL, ROLE_MEMBER},
	{M_POST, "/compte/agenda", page_agenda_post, NULL, ROLE_MEMBER},
	{M_POST, "/compte/agenda/supprimer", page_agenda_delete_post, NULL, ROLE_MEMBER},
	{M_READ, "/compte/mot-de-passe", page_password, NULL, ROLE_MEMBER},
	{M_POST, "/compte/mot-de-passe", page_password_post, NULL, ROLE_MEMBER},
	{M_READ, "/compte/double-authentification", page_totp, NULL, ROLE_STAFF},
	{M_POST, "/compte/double-authentification", page_totp_post, NULL, ROLE_STAFF},
	{M_POST, "/compte/double-authentification/desactiver", page_totp_disable_post, NULL, ROLE_STAFF},
	{M_READ, "/compte/email/confirmer", page_email_confirm, NULL, ROLE_PUBLIC},
	{M_POST, "/compte/email/confirmer", page_email_confirm_post, NULL, ROLE_PUBLIC},
	{M_READ, "/compte/adhesion/renouveler", page_renew, NULL, ROLE_MEMBER},
	{M_POST, "/compte/adhesion/renouveler", page_renew_post, NULL, ROLE_MEMBER},
	{M_POST, "/compte/formules/{}/arreter", page_formula_stop_post, NULL, ROLE_MEMBER},
};

static const char *const templates[] = {
	PAGE_LIB_TEMPLATES, "join.tpl", "password.tpl", "login.tpl", "forgot.tpl", "portal.tpl",
	"profile.tpl", "account_password.tpl", "login_code.tpl", "totp.tpl", "agenda.tpl",
	"account_membership.tpl",
	"portal_data.tpl", "directory.tpl", "directory_profile.tpl",
};

/* What a member page reads for person, sent with the session's check (struct app). */
static void signup_route_reads(struct request *req, const char *person)
{
	if (req->route->handler == page_portal)
		portal_reads(req, person);
}

static const struct app signup_app = {
	.name = "signup",
	.routes = routes,
	.n_routes = sizeof routes / sizeof routes[0],
	.stmts = signup_stmts,
	.n_stmts = SQL__MAX,
	.templates = templates,
	.n_templates = sizeof templates / sizeof templates[0],
	.route_reads = signup_route_reads,
};

int main(int argc, char **argv)
{
	return server_main(&signup_app, argc, argv);
}
