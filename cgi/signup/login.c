/* login.c: logging in and out, and the forgotten-password link. */
#include "signup.h"
#include "fmt.h"
#include "escape.h"
#include "mail.h"
#include "session.h"
#include <ctype.h>
#include <sodium.h>
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
					arena_printf(&req->arena, "Connectez-vous à votre espace membre %s.", space_name(req)));
	tpl_set(d, "CSRF", csrf_token(req));
	const char *ret = v ? v[LF_RETURN].str : kv_get(&req->query, "retour");
	tpl_set(d, "RETOUR", safe_return(ret));
	page_fields(req, d, "FIELDS", login_fields, login_ui, v, LF_EMAIL, LF_RETURN);
	page_errors(d, errors);
	if (!notice && kv_get(&req->query, "reinitialise"))
		notice = "Votre mot de passe a été changé. Connectez-vous avec le nouveau.";
	if (!notice && kv_get(&req->query, "partout"))
		notice = "Vous avez été déconnecté de tous vos appareils.";
	if (!notice && kv_get(&req->query, "debloque"))
		notice = "La connexion à votre compte est débloquée. Connectez-vous.";
	if (notice) {
		tpl_set(d, "NOTICE", notice);
		tpl_show(d, "HAS_NOTICE");
	}
	if (status == 429 && v) {
		struct tpl_dict *u = tpl_section(d, "UNLOCK");
		tpl_set(u, "CSRF", csrf_token(req));
		tpl_set(u, "UNLOCK_EMAIL", v[LF_EMAIL].str);
	}
	return page_finish(req, status);
}

int page_login(struct request *req)
{
	return render_login(req, 200, NULL, 0, NULL);
}

const char *login_wait_message(struct request *req, int seconds)
{
	int minutes = (seconds + 59) / 60;
	return arena_printf(&req->arena,
			    "Trop de tentatives de connexion échouées pour ce compte depuis cette adresse. "
			    "Réessayez dans %d minute%s, ou recevez par e-mail un lien qui débloque la "
			    "connexion.", minutes, minutes > 1 ? "s" : "");
}

int login_check(struct request *req, const char *email, const char *password,
		struct login_check *out)
{
	*out = (struct login_check){0};
	const char *params[2] = {email, req->remote_addr};
	const char *state;
	PGresult *r = req_exec(req, SQL_LOGIN_BEGIN, params, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 500;
	out->wait_seconds = atoi(PQgetvalue(r, 0, LB_WAIT));
	if (out->wait_seconds > 0)
		return 0;
	/* The attempt is on record (committed) before the password is verified. */
	bool known = !PQgetisnull(r, 0, LB_PERSON);
	bool ok;
	if (known && !PQgetisnull(r, 0, LB_HASH))
		ok = password_verify(PQgetvalue(r, 0, LB_HASH), password);
	else {
		password_dummy_verify(password);
		ok = false;
	}
	const char *status = known ? PQgetvalue(r, 0, LB_STATUS) : "";
	out->ok = ok && (strcmp(status, "active") == 0 || strcmp(status, "closing") == 0);
	out->person_id = known ? strtoll(PQgetvalue(r, 0, LB_PERSON), NULL, 10) : 0;
	out->totp = known && strcmp(PQgetvalue(r, 0, LB_TOTP), "t") == 0;
	const char *fin[2] = {PQgetvalue(r, 0, LB_ATTEMPT), out->ok ? "true" : "false"};
	if (!req_exec(req, SQL_LOGIN_FINISH, fin, &state))
		return req_db_error(state);
	return 0;
}

/* Renders the second step of a login: the code of the authenticator app (or a recovery code). */
static int render_code(struct request *req, int status, const char *token, const char *ret,
		       const char *error)
{
	struct tpl_dict *d = page_start(req, "login_code.tpl", "Code de vérification",
					"Saisissez le code de votre application d’authentification.");
	tpl_show(req->dict, "NOINDEX");
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "TOKEN", token);
	tpl_set(d, "RETOUR", safe_return(ret));
	if (error) {
		tpl_set(d, "CODE_ERROR", error);
		tpl_show(d, "CODE_INVALID");
		tpl_show(d, "FORM_ERRORS");
		tpl_set(d, "N_ERRORS", "1" FMT_NBSP "erreur");
	}
	return page_finish(req, status);
}

int page_login_post(struct request *req)
{
	struct field_value v[LF__MAX];
	size_t errors = form_read(&req->arena, &req->form, login_fields, LF__MAX, v);
	if (errors)
		return render_login(req, 422, v, errors, NULL);
	struct login_check c;
	int rc = login_check(req, v[LF_EMAIL].str, v[LF_PASSWORD].str, &c);
	if (rc)
		return rc;
	if (c.wait_seconds > 0)
		return render_login(req, 429, v, 0, login_wait_message(req, c.wait_seconds));
	if (!c.ok) {
		v[LF_PASSWORD].valid = false;
		v[LF_PASSWORD].error = "Adresse e-mail ou mot de passe incorrect.";
		return render_login(req, 422, v, 1, NULL);
	}
	if (c.totp) {
		const char *token = random_token(&req->arena, 32);
		const char *params[2] = {arena_printf(&req->arena, "%lld", (long long)c.person_id),
					 token_hash_param(&req->arena, token)};
		const char *state;
		if (!req_exec(req, SQL_MFA_START, params, &state))
			return req_db_error(state);
		return render_code(req, 200, token, v[LF_RETURN].str, NULL);
	}
	rc = session_open(req, c.person_id);
	if (rc)
		return rc;
	resp_redirect(req, 303, safe_return(v[LF_RETURN].str));
	return 0;
}

/* A recovery code as typed ("abcde-fghij", any case, spaces) in its stored form, or NULL. */
static const char *recovery_code(struct request *req, const char *in)
{
	char out[11];
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		char ch = (char)toupper((unsigned char)*p);
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= '2' && ch <= '7')) || n == 10)
			return NULL;
		out[n++] = ch;
	}
	if (n != 10)
		return NULL;
	out[n] = '\0';
	return arena_strdup(&req->arena, out);
}

int page_login_code_post(struct request *req)
{
	const char *token = link_token(&req->form);
	const char *ret = kv_get(&req->form, "retour");
	static const char *const expired[] = {
		"Cette étape de connexion a expiré (5 minutes) ou a reçu trop de codes erronés.",
		"Connectez-vous de nouveau avec votre mot de passe.", NULL};
	if (!token)
		return page_message(req, 410, "Connexion expirée", "/connexion", "Se connecter", expired);
	const char *hash = token_hash_param(&req->arena, token);
	const char *state;
	PGresult *r = req_exec(req, SQL_MFA_LOOKUP, (const char *const[]){hash}, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return page_message(req, 410, "Connexion expirée", "/connexion", "Se connecter", expired);
	char code[16];
	size_t n = 0;
	const char *typed = kv_get(&req->form, "code");
	for (const char *p = typed ? typed : ""; *p && n < sizeof code - 1; p++)
		if (*p != ' ')
			code[n++] = *p;
	code[n] = '\0';
	PGresult *passed = NULL;
	unsigned char key[20];
	long long step = -1;
	const char *recovery = NULL;
	if (n == 6 && totp_key_from_bytea(PQgetvalue(r, 0, ML_SECRET), key) == 0)
		step = totp_match(key, code);
	else if (typed)
		recovery = recovery_code(req, typed);
	sodium_memzero(key, sizeof key);
	if (step >= 0)
		passed = req_exec(req, SQL_MFA_PASS,
				  (const char *const[]){hash, arena_printf(&req->arena, "%lld", step)}, &state);
	else if (recovery)
		passed = req_exec(req, SQL_MFA_RECOVER,
				  (const char *const[]){hash, token_hash_param(&req->arena, recovery)}, &state);
	else if (!req_exec(req, SQL_MFA_FAIL, (const char *const[]){hash}, &state))
		return req_db_error(state);
	if ((step >= 0 || recovery) && !passed)
		return req_db_error(state);
	if (!passed || PQgetisnull(passed, 0, 0))
		return render_code(req, 422, token, ret,
				   "Ce code n’est pas valable. Saisissez le code à 6 chiffres affiché maintenant "
				   "par votre application, ou un code de secours.");
	int rc = session_open(req, strtoll(PQgetvalue(passed, 0, 0), NULL, 10));
	if (rc)
		return rc;
	resp_redirect(req, 303, safe_return(ret));
	return 0;
}

/* The unlock link: asked for from the throttled login page, mailed to the account. */
int page_unlock_request_post(struct request *req)
{
	static const struct field_def def = {"email", FIELD_EMAIL, true, 0, 254, NULL};
	struct field_value v;
	if (form_read(&req->arena, &req->form, &def, 1, &v)) {
		const char *text[] = {v.error, NULL};
		return page_message(req, 422, "Adresse e-mail invalide", "/connexion", "Retour à la connexion", text);
	}
	const char *token = random_token(&req->arena, 32);
	struct buf link = {0};
	buf_printf(&link, "%s/connexion/debloquer?jeton=", space_url(req, ""));
	escape_url_component(&link, token);
	struct mail m = {
		.subject = arena_printf(&req->arena, "Débloquer la connexion à votre compte %s", space_name(req)),
		.greeting = "Bonjour,",
		.paragraphs = {"Plusieurs tentatives de connexion à votre compte ont échoué : la connexion "
			       "depuis ces appareils est ralentie. Si c’était vous, suivez ce lien (valable "
			       "une heure, une seule fois) pour la débloquer :"},
		.action_url = arena_strdup(&req->arena, buf_cstr(&link)),
		.action_label = "Débloquer la connexion",
		.after = {"Si ce n’était pas vous, quelqu’un essaie de deviner votre mot de passe : "
			  "ignorez ce message, et choisissez un mot de passe solide si le vôtre est court."},
	};
	buf_free(&link);
	const char *text, *html;
	int rc = mail_render(req, &m, &text, &html);
	if (rc)
		return rc;
	const char *params[5] = {v.str, token_hash_param(&req->arena, token), m.subject, text, html};
	const char *state;
	if (!req_exec(req, SQL_UNLOCK_REQUEST, params, &state))
		return req_db_error(state);
	static const char *const msg[] = {
		"Si cette adresse est celle d’un compte dont la connexion est ralentie, vous allez recevoir "
		"un e-mail avec un lien pour la débloquer. Il est valable une heure.",
		NULL,
	};
	return page_message(req, 200, "Vérifiez votre boîte e-mail", "/connexion", "Retour à la connexion", msg);
}

static int invalid_unlock(struct request *req)
{
	static const char *const text[] = {
		"Ce lien n’est plus valable : il a déjà servi ou il a expiré (une heure).", NULL};
	return page_message(req, 410, "Lien expiré", "/connexion", "Se connecter", text);
}

int page_unlock(struct request *req)
{
	const char *token = link_token(&req->query);
	if (!token)
		return invalid_unlock(req);
	const char *params[2] = {token_hash_param(&req->arena, token), "unlock"};
	const char *state;
	PGresult *r = req_exec(req, SQL_TOKEN_VALID, params, &state);
	if (!r)
		return req_db_error(state);
	if (strcmp(PQgetvalue(r, 0, 0), "t") != 0)
		return invalid_unlock(req);
	/* A link checker may open the link: unlocking waits for this button. */
	struct tpl_dict *d = page_start(req, "password.tpl", "Débloquer la connexion",
					arena_printf(&req->arena, "Débloquez la connexion à votre compte %s.", space_name(req)));
	tpl_show(req->dict, "NOINDEX");
	tpl_show(d, "CONFIRM_UNLOCK");
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "ACTION", "/connexion/debloquer");
	tpl_set(d, "TOKEN", token);
	return page_finish(req, 200);
}

int page_unlock_post(struct request *req)
{
	const char *token = link_token(&req->form);
	if (!token)
		return invalid_unlock(req);
	const char *params[1] = {token_hash_param(&req->arena, token)};
	const char *state;
	PGresult *r = req_exec(req, SQL_UNLOCK, params, &state);
	if (!r)
		return req_db_error(state);
	if (PQgetisnull(r, 0, 0))
		return invalid_unlock(req);
	resp_redirect(req, 303, "/connexion?debloque=1");
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
	buf_printf(&link, "%s/mot-de-passe/nouveau?jeton=", space_url(req, ""));
	escape_url_component(&link, token);
	struct mail m = {
		.subject = arena_printf(&req->arena, "Nouveau mot de passe pour %s", space_name(req)),
		.greeting = "Bonjour,",
		.paragraphs = {arena_printf(&req->arena, "Vous avez demandé à changer le mot de passe de votre "
					    "compte %s. Suivez ce lien, valable une heure et une seule fois :",
					    space_name(req))},
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
					arena_printf(&req->arena, "Choisissez le nouveau mot de passe de votre compte %s.",
						     space_name(req)));
	tpl_show(req->dict, "NOINDEX");
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "ACTION", "/mot-de-passe/nouveau");
	tpl_set(d, "TOKEN", token);
	tpl_show(d, "PASSWORD_FORM");
	if (error) {
		tpl_set(d, "PASSWORD_ERROR", error);
		tpl_show(d, "PASSWORD_INVALID");
		tpl_show(d, "FORM_ERRORS");
		tpl_set(d, "N_ERRORS", "1" FMT_NBSP "erreur");
	}
	return page_finish(req, status);
}

/* The address of the account of a live reset token into *email (NULL when none). Returns 0
 * or an HTTP status. */
static int reset_email(struct request *req, const char *token, const char **email)
{
	const char *params[2] = {token_hash_param(&req->arena, token), "reset"};
	const char *state;
	PGresult *r = req_exec(req, SQL_TOKEN_EMAIL, params, &state);
	if (!r)
		return req_db_error(state);
	*email = PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) ? PQgetvalue(r, 0, 0) : NULL;
	return 0;
}

int page_reset(struct request *req)
{
	const char *token = link_token(&req->query);
	if (!token)
		return invalid_reset(req);
	const char *email;
	int rc = reset_email(req, token, &email);
	if (rc)
		return rc;
	if (!email)
		return invalid_reset(req);
	return render_reset(req, 200, token, NULL);
}

int page_reset_post(struct request *req)
{
	const char *token = link_token(&req->form);
	if (!token)
		return invalid_reset(req);
	const char *email;
	int rc = reset_email(req, token, &email);
	if (rc)
		return rc;
	if (!email)
		return invalid_reset(req);
	const char *pw = kv_get(&req->form, "mot_de_passe");
	const char *msg = check_new_password(pw, kv_get(&req->form, "confirmation"), email);
	if (msg)
		return render_reset(req, 422, token, msg);
	char hash[256];
	if (password_hash(pw, hash, sizeof hash) != 0)
		return 503;
	const char *text, *html;
	if ((rc = password_changed_mail(req, NULL, &text, &html)) != 0)
		return rc;
	const char *params[5] = {token_hash_param(&req->arena, token), hash, PASSWORD_CHANGED_SUBJECT,
				 text, html};
	const char *state;
	PGresult *r = req_exec(req, SQL_RESET, params, &state);
	if (!r)
		return req_db_error(state);
	if (PQgetisnull(r, 0, 0))
		return invalid_reset(req);
	resp_redirect(req, 303, "/connexion?reinitialise=1");
	return 0;
}
