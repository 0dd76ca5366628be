/* login.c: logging in and out, and the forgotten-password link. */
#include "signup.h"
#include "escape.h"
#include "mail.h"
#include "session.h"
#include <stdlib.h>
#include <string.h>

enum login_field { LF_EMAIL, LF_PASSWORD, LF_RETURN, LF__MAX };
static const struct field_def login_fields[LF__MAX] = {
	[LF_EMAIL] = {"email", FIELD_EMAIL, true, 0, 254, NULL},
	[LF_PASSWORD] = {"mot_de_passe", FIELD_PASSWORD, true, 0, 200, NULL},
	/* Any length: safe_return() decides, a long one only falls back to /compte. */
	[LF_RETURN] = {"retour", FIELD_LINE, false, 0, 0, NULL},
};
static const struct field_ui login_ui[LF__MAX] = {
	[LF_EMAIL] = {"Adresse e-mail", "email", "email", NULL},
	[LF_PASSWORD] = {"Mot de passe", "password", "current-password", NULL},
	[LF_RETURN] = {NULL, NULL, NULL, NULL},
};

/* Returns where to go after login: a local path only (never "//host" or a scheme), and
 * one short enough to carry back in the form. */
static const char *safe_return(const char *r)
{
	if (!r || r[0] != '/' || r[1] == '/' || r[1] == '\\' || strpbrk(r, "\r\n") ||
	    strlen(r) > 500)
		return "/compte";
	return r;
}

static int render_login(struct request *req, int status, struct field_value *v, size_t errors,
			const char *notice)
{
	struct tpl_dict *d = page_start(req, "login.tpl", "Connexion à l’espace membre",
					"Connectez-vous à votre espace membre La Fontaine.");
	tpl_set(d, "CSRF", csrf_token(req));
	const char *ret = v ? v[LF_RETURN].str : kv_get(&req->query, "retour");
	tpl_set(d, "RETOUR", safe_return(ret));
	page_fields(req, d, "FIELDS", login_fields, login_ui, v, LF_EMAIL, LF_RETURN);
	page_errors(d, errors);
	if (!notice && kv_get(&req->query, "reinitialise"))
		notice = "Votre mot de passe a été changé. Connectez-vous avec le nouveau.";
	if (!notice && kv_get(&req->query, "partout"))
		notice = "Vous avez été déconnecté de tous vos appareils.";
	if (notice) {
		tpl_set(d, "NOTICE", notice);
		tpl_show(d, "HAS_NOTICE");
	}
	return page_finish(req, status);
}

int page_login(struct request *req)
{
	return render_login(req, 200, NULL, 0, NULL);
}

int page_login_post(struct request *req)
{
	struct field_value v[LF__MAX];
	size_t errors = form_read(&req->arena, &req->form, login_fields, LF__MAX, v);
	if (errors)
		return render_login(req, 422, v, errors, NULL);
	const char *params[2] = {v[LF_EMAIL].str, req->remote_addr};
	const char *state;
	PGresult *r = req_exec(req, SQL_LOGIN_LOOKUP, params, &state);
	if (!r)
		return req_db_error(state);
	if (strcmp(PQgetvalue(r, 0, 3), "t") == 0)
		return render_login(req, 429, v, 0,
				    "Trop de tentatives de connexion échouées. Patientez un quart d’heure, "
				    "ou demandez un nouveau mot de passe.");
	bool known = !PQgetisnull(r, 0, 0);
	bool ok;
	if (known && !PQgetisnull(r, 0, 1))
		ok = password_verify(PQgetvalue(r, 0, 1), v[LF_PASSWORD].str);
	else {
		password_dummy_verify(v[LF_PASSWORD].str);
		ok = false;
	}
	const char *status = known ? PQgetvalue(r, 0, 2) : "";
	ok = ok && (strcmp(status, "active") == 0 || strcmp(status, "closing") == 0);
	const char *rec[3] = {v[LF_EMAIL].str, req->remote_addr, ok ? "true" : "false"};
	if (!req_exec(req, SQL_LOGIN_RECORD, rec, &state))
		return req_db_error(state);
	if (!ok) {
		v[LF_PASSWORD].valid = false;
		v[LF_PASSWORD].error = "Adresse e-mail ou mot de passe incorrect.";
		return render_login(req, 422, v, 1, NULL);
	}
	int rc = session_open(req, strtoll(PQgetvalue(r, 0, 0), NULL, 10));
	if (rc)
		return rc;
	resp_redirect(req, 303, safe_return(v[LF_RETURN].str));
	return 0;
}

int page_logout_post(struct request *req)
{
	int rc = session_close(req, false);
	if (rc)
		return rc;
	resp_redirect(req, 303, "/");
	return 0;
}

int page_logout_all_post(struct request *req)
{
	int rc = session_close(req, true);
	if (rc)
		return rc;
	resp_redirect(req, 303, "/connexion?partout=1");
	return 0;
}

enum forgot_field { FF_EMAIL, FF__MAX };
static const struct field_def forgot_fields[FF__MAX] = {
	[FF_EMAIL] = {"email", FIELD_EMAIL, true, 0, 254, NULL},
};
static const struct field_ui forgot_ui[FF__MAX] = {
	[FF_EMAIL] = {"Adresse e-mail de votre compte", "email", "email", NULL},
};

static int render_forgot(struct request *req, int status, struct field_value *v, size_t errors)
{
	struct tpl_dict *d = page_start(req, "forgot.tpl", "Mot de passe oublié",
					"Recevez par e-mail un lien pour choisir un nouveau mot de passe.");
	tpl_set(d, "CSRF", csrf_token(req));
	page_fields(req, d, "FIELDS", forgot_fields, forgot_ui, v, 0, FF__MAX);
	page_errors(d, errors);
	return page_finish(req, status);
}

int page_forgot(struct request *req)
{
	return render_forgot(req, 200, NULL, 0);
}

int page_forgot_post(struct request *req)
{
	struct field_value v[FF__MAX];
	size_t errors = form_read(&req->arena, &req->form, forgot_fields, FF__MAX, v);
	if (errors)
		return render_forgot(req, 422, v, errors);
	const char *token = random_token(&req->arena, 32);
	struct buf link = {0};
	buf_printf(&link, "%s/mot-de-passe/nouveau?jeton=", base_url());
	escape_url_component(&link, token);
	struct mail m = {
		.subject = "Nouveau mot de passe pour La Fontaine",
		.greeting = "Bonjour,",
		.paragraphs = {"Vous avez demandé à changer le mot de passe de votre compte La Fontaine. "
			       "Suivez ce lien, valable une heure et une seule fois :"},
		.action_url = arena_strdup(&req->arena, buf_cstr(&link)),
		.action_label = "Choisir un nouveau mot de passe",
		.after = {"Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste "
			  "inchangé."},
	};
	buf_free(&link);
	const char *text, *html;
	int rc = mail_render(req, &m, &text, &html);
	if (rc)
		return rc;
	const char *params[5] = {v[FF_EMAIL].str, token_hash_param(&req->arena, token), m.subject,
				 text, html};
	const char *state;
	if (!req_exec(req, SQL_RESET_REQUEST, params, &state))
		return req_db_error(state);
	/* The same answer whether or not the address has an account. */
	static const char *const msg[] = {
		"Si un compte existe avec cette adresse, vous allez recevoir un e-mail avec un lien "
		"pour choisir un nouveau mot de passe. Il est valable une heure.",
		NULL,
	};
	return page_message(req, 200, "Vérifiez votre boîte e-mail", "/connexion", "Retour à la connexion",
			    msg);
}

static int invalid_reset(struct request *req)
{
	static const char *const text[] = {
		"Ce lien n’est plus valable : il a déjà servi ou il a expiré (une heure).",
		"Vous pouvez demander un nouveau lien.",
		NULL,
	};
	return page_message(req, 410, "Lien expiré", "/mot-de-passe-oublie", "Demander un nouveau lien",
			    text);
}

static int render_reset(struct request *req, int status, const char *token, const char *error)
{
	struct tpl_dict *d = page_start(req, "password.tpl", "Choisissez un nouveau mot de passe",
					"Choisissez le nouveau mot de passe de votre compte La Fontaine.");
	tpl_show(req->dict, "NOINDEX");
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "ACTION", "/mot-de-passe/nouveau");
	tpl_set(d, "TOKEN", token);
	tpl_show(d, "PASSWORD_FORM");
	if (error) {
		tpl_set(d, "PASSWORD_ERROR", error);
		tpl_show(d, "PASSWORD_INVALID");
		tpl_show(d, "FORM_ERRORS");
		tpl_set_int(d, "N_ERRORS", 1);
	}
	return page_finish(req, status);
}

int page_reset(struct request *req)
{
	const char *token = link_token(&req->query);
	if (!token)
		return invalid_reset(req);
	const char *params[2] = {token_hash_param(&req->arena, token), "reset"};
	const char *state;
	PGresult *r = req_exec(req, SQL_TOKEN_VALID, params, &state);
	if (!r)
		return req_db_error(state);
	if (strcmp(PQgetvalue(r, 0, 0), "t") != 0)
		return invalid_reset(req);
	return render_reset(req, 200, token, NULL);
}

int page_reset_post(struct request *req)
{
	const char *token = link_token(&req->form);
	if (!token)
		return invalid_reset(req);
	const char *pw = kv_get(&req->form, "mot_de_passe");
	const char *msg = check_new_password(pw, kv_get(&req->form, "confirmation"), NULL);
	if (msg)
		return render_reset(req, 422, token, msg);
	char hash[256];
	if (password_hash(pw, hash, sizeof hash) != 0)
		return 503;
	const char *params[2] = {token_hash_param(&req->arena, token), hash};
	const char *state;
	PGresult *r = req_exec(req, SQL_RESET, params, &state);
	if (!r)
		return req_db_error(state);
	if (PQgetisnull(r, 0, 0))
		return invalid_reset(req);
	resp_redirect(req, 303, "/connexion?reinitialise=1");
	return 0;
}
