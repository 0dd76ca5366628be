/* account.c: the member's own password (changed with the current one), and the notice
 * mailed when a password changes. */
#include "signup.h"
#include "mail.h"
#include "session.h"
#include <stdlib.h>
#include <string.h>

int password_changed_mail(struct request *req, const char *first_name, const char **text,
			  const char **html)
{
	struct mail m = {
		.subject = PASSWORD_CHANGED_SUBJECT,
		.greeting = first_name ? arena_printf(&req->arena, "Bonjour %s,", first_name) : "Bonjour,",
		.paragraphs = {arena_printf(&req->arena, "Le mot de passe de votre compte %s vient d’être changé, "
					    "et les sessions ouvertes sur vos autres appareils ont été fermées.",
					    space_name(req))},
		.action_url = arena_printf(&req->arena, "%s/mot-de-passe-oublie", space_url(req, "")),
		.action_label = "Ce n’était pas moi : choisir un nouveau mot de passe",
		.after = {"Si c’était bien vous, il n’y a rien à faire. Sinon, choisissez tout de suite un "
			  "nouveau mot de passe avec le lien ci-dessus et répondez à ce message pour "
			  "prévenir l’équipe."},
	};
	return mail_render(req, &m, text, html);
}

enum password_field { AP_CURRENT, AP_NEW, AP_CONFIRM, AP__MAX };
static const struct field_def password_fields[AP__MAX] = {
	[AP_CURRENT] = {"actuel", FIELD_PASSWORD, true, 0, 200, NULL},
	[AP_NEW] = {"mot_de_passe", FIELD_PASSWORD, true, 0, 200, NULL},
	[AP_CONFIRM] = {"confirmation", FIELD_PASSWORD, true, 0, 200, NULL},
};
static const struct field_ui password_ui[AP__MAX] = {
	[AP_CURRENT] = {"Mot de passe actuel", "password", "current-password", NULL},
	[AP_NEW] = {"Nouveau mot de passe", "password", "new-password",
		    "Au moins 10 caractères. Une phrase de plusieurs mots est facile à retenir et "
		    "difficile à deviner."},
	[AP_CONFIRM] = {"Confirmez le nouveau mot de passe", "password", "new-password", NULL},
};

static int render_password_form(struct request *req, int status, struct field_value *v,
				size_t errors, const char *notice)
{
	struct tpl_dict *d = page_start(req, "account_password.tpl", "Changer mon mot de passe",
					arena_printf(&req->arena, "Changez le mot de passe de votre compte %s.",
						     space_name(req)));
	tpl_show(req->dict, "NOINDEX");
	tpl_set(d, "CSRF", csrf_token(req));
	/* Passwords are never written back into the form. */
	if (v)
		for (int i = 0; i < AP__MAX; i++)
			v[i].str = "";
	page_fields(req, d, "FIELDS", password_fields, password_ui, v, 0, AP__MAX);
	page_errors(d, errors);
	if (notice) {
		tpl_set(d, "NOTICE", notice);
		tpl_show(d, "HAS_NOTICE");
	}
	return page_finish(req, status);
}

int page_password(struct request *req)
{
	return render_password_form(req, 200, NULL, 0, NULL);
}

static void invalidate(struct field_value *v, const char *msg, size_t *errors)
{
	if (v->valid)
		(*errors)++;
	v->valid = false;
	v->error = msg;
}

int page_password_post(struct request *req)
{
	struct field_value v[AP__MAX];
	size_t errors = form_read(&req->arena, &req->form, password_fields, AP__MAX, v);
	if (errors)
		return render_password_form(req, 422, v, errors, NULL);
	struct login_check c;
	int rc = login_check(req, req->user->email, v[AP_CURRENT].str, &c);
	if (rc)
		return rc;
	if (c.wait_seconds > 0)
		return render_password_form(req, 429, v, 0, login_wait_message(req, c.wait_seconds));
	if (!c.ok || c.person_id != req->user->person_id) {
		invalidate(&v[AP_CURRENT], "Le mot de passe actuel est incorrect.", &errors);
		return render_password_form(req, 422, v, errors, NULL);
	}
	const char *msg = check_new_password(v[AP_NEW].str, v[AP_CONFIRM].str, req->user->email);
	if (msg) {
		invalidate(&v[AP_NEW], msg, &errors);
		return render_password_form(req, 422, v, errors, NULL);
	}
	char hash[256];
	if (password_hash(v[AP_NEW].str, hash, sizeof hash) != 0)
		return 503;
	const char *text, *html;
	if ((rc = password_changed_mail(req, req->user->first_name, &text, &html)) != 0)
		return rc;
	const char *params[6] = {
		arena_printf(&req->arena, "%lld", (long long)req->user->person_id), hash,
		session_token_hash(req), PASSWORD_CHANGED_SUBJECT, text, html,
	};
	const char *state;
	if (!req_exec(req, SQL_PASSWORD_CHANGE, params, &state))
		return req_db_error(state);
	resp_redirect(req, 303, "/compte?mot_de_passe=1");
	return 0;
}
