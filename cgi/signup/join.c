/* join.c: the signup form (profile, identity, formula, membership) and its emailed link. */
#include "signup.h"
#include "escape.h"
#include "fmt.h"
#include "mail.h"
#include "session.h"
#include <stdlib.h>
#include <string.h>

enum join_field {
	JF_PROFILE, JF_FIRST, JF_LAST, JF_EMAIL, JF_PHONE, JF_ACTIVITY, JF_SIRET, JF_COMPANY,
	JF_SIREN, JF_STREET, JF_POSTCODE, JF_CITY, JF_FORMULA, JF_MEMBERSHIP, JF_RULES, JF_PRIVACY,
	JF_NEWSLETTER, JF__MAX
};

static const char *const profiles[] = {"independant", "salarie", "organisation", "autre", NULL};
static const char *const profile_labels[] = {
	"Indépendant, freelance ou auto-entrepreneur", "Salarié en télétravail",
	"Entreprise, association ou collectivité", "Autre situation",
};
static const char *const formulas[] = {"half_day", "carnet_10", "month_open_space", "office_month", NULL};

static const struct field_def join_fields[JF__MAX] = {
	[JF_PROFILE] = {"profil", FIELD_CHOICE, true, 0, 0, profiles},
	[JF_FIRST] = {"prenom", FIELD_LINE, true, 1, 80, NULL},
	[JF_LAST] = {"nom", FIELD_LINE, true, 1, 80, NULL},
	[JF_EMAIL] = {"email", FIELD_EMAIL, true, 0, 254, NULL},
	[JF_PHONE] = {"telephone", FIELD_PHONE, true, 0, 30, NULL},
	[JF_ACTIVITY] = {"activite", FIELD_LINE, false, 0, 200, NULL},
	[JF_SIRET] = {"siret", FIELD_SIRET, false, 0, 0, NULL},
	[JF_COMPANY] = {"entreprise", FIELD_LINE, false, 1, 200, NULL},
	[JF_SIREN] = {"siren", FIELD_SIREN, false, 0, 0, NULL},
	[JF_STREET] = {"adresse", FIELD_LINE, false, 1, 200, NULL},
	[JF_POSTCODE] = {"code_postal", FIELD_POSTCODE, false, 0, 0, NULL},
	[JF_CITY] = {"ville", FIELD_LINE, false, 1, 100, NULL},
	[JF_FORMULA] = {"formule", FIELD_CHOICE, true, 0, 0, formulas},
	[JF_MEMBERSHIP] = {"adhesion", FIELD_BOOL, true, 0, 0, NULL},
	[JF_RULES] = {"statuts", FIELD_BOOL, true, 0, 0, NULL},
	[JF_PRIVACY] = {"confidentialite", FIELD_BOOL, true, 0, 0, NULL},
	[JF_NEWSLETTER] = {"newsletter", FIELD_BOOL, false, 0, 0, NULL},
};

static const struct field_ui join_ui[JF__MAX] = {
	[JF_PROFILE] = {"Vous êtes", "radio", NULL, NULL},
	[JF_FIRST] = {"Prénom", "text", "given-name", NULL},
	[JF_LAST] = {"Nom", "text", "family-name", NULL},
	[JF_EMAIL] = {"Adresse e-mail", "email", "email", "Nous y envoyons le lien de confirmation."},
	[JF_PHONE] = {"Téléphone", "tel", "tel", NULL},
	[JF_ACTIVITY] = {"Votre activité", "text", "organization-title",
			 "Par exemple : graphiste, développeuse web, formateur, journaliste…"},
	[JF_SIRET] = {"SIRET (facultatif)", "text", NULL, "14 chiffres, pour les indépendants."},
	[JF_COMPANY] = {"Nom de la structure", "text", "organization", NULL},
	[JF_SIREN] = {"SIREN", "text", NULL, "9 chiffres."},
	[JF_STREET] = {"Adresse de facturation", "text", "address-line1", NULL},
	[JF_POSTCODE] = {"Code postal", "text", "postal-code", NULL},
	[JF_CITY] = {"Ville", "text", "address-level2", NULL},
	[JF_FORMULA] = {"Votre formule", "radio", NULL, NULL},
	[JF_MEMBERSHIP] = {"J’adhère à l’association Canti’net pour un an", "checkbox", NULL, NULL},
	[JF_RULES] = {"J’ai lu et j’accepte les statuts et le règlement intérieur", "checkbox", NULL, NULL},
	[JF_PRIVACY] = {"J’ai lu la politique de confidentialité", "checkbox", NULL, NULL},
	[JF_NEWSLETTER] = {"Je souhaite recevoir la lettre d’information de La Fontaine (facultatif)",
			   "checkbox", NULL, "Une à deux fois par mois ; désinscription en un clic."},
};

static void invalidate(struct field_value *v, const char *msg, size_t *errors)
{
	if (v->valid)
		(*errors)++;
	v->valid = false;
	v->error = msg;
}

/* Renders the form: the profiles and the formulas with their prices from the database. */
static int render_join(struct request *req, int status, struct field_value *v, size_t errors)
{
	const char *state;
	/* The empty form is made of shared data only: the worker keeps a copy of it (with a
	 * hole for each visitor's form token) while that data does not change. */
	const char *key = !v && status == 200 ? page_cache_key(req) : NULL;
	if (page_cache_serve(req, key, 2, (const int[]){SQL_FORMULAS_OFFERED, SQL_MEMBERSHIP_FEE},
			     (const char *const *const[]){NULL, NULL}))
		return 0;
	PGresult *offered = req_exec(req, SQL_FORMULAS_OFFERED, NULL, &state);
	if (!offered)
		return req_db_error(state);
	PGresult *fee = req_exec(req, SQL_MEMBERSHIP_FEE, NULL, &state);
	if (!fee)
		return req_db_error(state);
	const char *city = space_city(req);
	struct tpl_dict *d = page_start(req, "join.tpl", arena_printf(&req->arena, "Adhérer à %s", space_name(req)),
		arena_printf(&req->arena, "Rejoignez l’espace de coworking coopératif %s%s%s : adhésion à "
			     "l’association et choix de votre formule, en ligne.", space_name(req),
			     *city ? " à " : "", city));
	tpl_set(d, "CSRF", key ? PAGE_CACHE_CSRF : csrf_token(req));
	const char *chosen_profile = v ? v[JF_PROFILE].str : "";
	for (int i = 0; profiles[i]; i++) {
		struct tpl_dict *p = tpl_section(d, "PROFILE");
		tpl_set(p, "PROFILE_VALUE", profiles[i]);
		tpl_set(p, "PROFILE_LABEL", profile_labels[i]);
		tpl_set(p, "PROFILE_ID", arena_printf(&req->arena, "profil-%s", profiles[i]));
		if (strcmp(chosen_profile, profiles[i]) == 0)
			tpl_show(p, "CHECKED");
	}
	const char *chosen_formula = v ? v[JF_FORMULA].str : "";
	char money[FMT_MAX];
	for (int i = 0; i < PQntuples(offered); i++) {
		const char *code = PQgetvalue(offered, i, 0);
		bool known = false;
		for (int k = 0; formulas[k]; k++)
			known |= strcmp(code, formulas[k]) == 0;
		if (!known)
			continue;
		struct tpl_dict *f = tpl_section(d, "FORMULA");
		tpl_set(f, "FORMULA_VALUE", code);
		tpl_set(f, "FORMULA_ID", arena_printf(&req->arena, "formule-%s", code));
		tpl_set(f, "FORMULA_LABEL", PQgetvalue(offered, i, 1));
		bool member = !PQgetisnull(offered, i, 3);
		long long cents = strtoll(PQgetvalue(offered, i, member ? 3 : 4), NULL, 10);
		tpl_set(f, "FORMULA_PRICE",
			arena_printf(&req->arena, "%s %s", fmt_money(money, cents), PQgetvalue(offered, i, 2)));
		if (*PQgetvalue(offered, i, 5))
			tpl_set(tpl_section(f, "FORMULA_NOTE"), "NOTE", PQgetvalue(offered, i, 5));
		if (strcmp(chosen_formula, code) == 0)
			tpl_show(f, "CHECKED");
	}
	if (PQntuples(fee) == 1) {
		tpl_set(d, "MEMBERSHIP_FEE", fmt_money(money, strtoll(PQgetvalue(fee, 0, 0), NULL, 10)));
		tpl_set(d, "MEMBERSHIP_LABEL", PQgetvalue(fee, 0, 1));
	}
	page_fields(req, d, "IDENTITY", join_fields, join_ui, v, JF_FIRST, JF_COMPANY);
	page_fields(req, d, "COMPANY_FIELDS", join_fields, join_ui, v, JF_COMPANY, JF_FORMULA);
	/* the consents name the space's association and newsletter */
	struct field_ui consents[JF__MAX];
	memcpy(consents, join_ui, sizeof consents);
	const char *assoc = req->space && req->space->legal_name && *req->space->legal_name
				    ? req->space->legal_name : "Canti’net";
	consents[JF_MEMBERSHIP].label = arena_printf(&req->arena, "J’adhère à l’association %s pour un an", assoc);
	consents[JF_NEWSLETTER].label = arena_printf(&req->arena, "Je souhaite recevoir la lettre d’information "
						     "de %s (facultatif)", space_name(req));
	page_fields(req, d, "CONSENTS", join_fields, consents, v, JF_MEMBERSHIP, JF__MAX);
	if (v && !v[JF_PROFILE].valid) {
		tpl_show(d, "PROFIL_INVALID");
		tpl_set(d, "PROFIL_ERROR", v[JF_PROFILE].error);
	}
	if (v && !v[JF_FORMULA].valid) {
		tpl_show(d, "FORMULE_INVALID");
		tpl_set(d, "FORMULE_ERROR", v[JF_FORMULA].error);
	}
	page_errors(d, errors);
	int rc = page_finish(req, status);
	if (!rc && key)
		page_cache_keep(req, key);
	return rc;
}

int page_join(struct request *req)
{
	return render_join(req, 200, NULL, 0);
}

static const char *opt(const struct field_value *v)
{
	return v->present ? v->str : NULL;
}

int page_join_post(struct request *req)
{
	struct field_value v[JF__MAX];
	size_t errors = form_read(&req->arena, &req->form, join_fields, JF__MAX, v);
	bool organisation = v[JF_PROFILE].valid && v[JF_PROFILE].present &&
			    strcmp(v[JF_PROFILE].str, "organisation") == 0;
	if (organisation) {
		static const char *msg = "Ce champ est obligatoire pour une entreprise ou une organisation.";
		for (int f = JF_COMPANY; f <= JF_CITY; f++)
			if (!v[f].present)
				invalidate(&v[f], msg, &errors);
	}
	if (errors)
		return render_join(req, 422, v, errors);

	const char *token = random_token(&req->arena, 32);
	struct buf link = {0};
	buf_printf(&link, "%s/adhesion/confirmer?jeton=", space_url(req, ""));
	escape_url_component(&link, token);
	const char *url = arena_strdup(&req->arena, buf_cstr(&link));
	buf_free(&link);
	struct mail m = {
		.subject = arena_printf(&req->arena, "Confirmez votre adhésion à %s", space_name(req)),
		.greeting = arena_printf(&req->arena, "Bonjour %s,", v[JF_FIRST].str),
		.paragraphs = {*space_city(req)
				       ? arena_printf(&req->arena, "Merci de rejoindre %s, l’espace de coworking "
						      "coopératif %s%s !", space_name(req),
						      strchr("AEIOUYÉÈÂH", space_city(req)[0]) ? "d’" : "de ", space_city(req))
				       : arena_printf(&req->arena, "Merci de rejoindre %s, l’espace de coworking coopératif !",
						      space_name(req)),
			       "Pour activer votre compte, confirmez votre adresse e-mail et choisissez "
			       "votre mot de passe en suivant ce lien, valable 48 heures."},
		.action_url = url,
		.action_label = "Confirmer mon adresse",
		.after = {"Votre adhésion et votre formule seront ensuite validées par l’équipe, "
			  "qui vous contactera pour le règlement.",
			  "Si vous n’êtes pas à l’origine de cette demande, ignorez simplement ce message."},
	};
	const char *text, *html;
	int rc = mail_render(req, &m, &text, &html);
	if (rc)
		return rc;
	const char *staff_text = arena_printf(&req->arena,
		"Nouvelle demande d’adhésion en ligne :\n\n%s %s <%s>\nTéléphone : %s\nProfil : %s\n"
		"Activité : %s\nStructure : %s\nFormule : %s\nLettre d’information : %s\n",
		v[JF_FIRST].str, v[JF_LAST].str, v[JF_EMAIL].str, v[JF_PHONE].str,
		profile_labels[v[JF_PROFILE].num], v[JF_ACTIVITY].present ? v[JF_ACTIVITY].str : "—",
		v[JF_COMPANY].present ? v[JF_COMPANY].str : "—", v[JF_FORMULA].str,
		v[JF_NEWSLETTER].present ? "oui" : "non");
	/* An address that has an account gets this mail instead, and the same answer. */
	struct buf login = {0}, reset = {0};
	buf_printf(&login, "%s/connexion", space_url(req, ""));
	buf_printf(&reset, "Mot de passe oublié : %s/mot-de-passe-oublie", space_url(req, ""));
	struct mail known = {
		.subject = arena_printf(&req->arena, "Vous avez déjà un compte à %s", space_name(req)),
		.greeting = "Bonjour,",
		.paragraphs = {arena_printf(&req->arena, "Quelqu’un (sans doute vous) a demandé à adhérer à %s "
					    "avec cette adresse e-mail. Elle a déjà un compte : inutile de vous "
					    "inscrire de nouveau, connectez-vous avec votre mot de passe.", space_name(req))},
		.action_url = arena_strdup(&req->arena, buf_cstr(&login)),
		.action_label = "Me connecter",
		.after = {"Vous ne vous souvenez plus de votre mot de passe ? Demandez-en un nouveau :",
			  arena_strdup(&req->arena, buf_cstr(&reset)),
			  "Si votre compte a été fermé, écrivez-nous pour le rouvrir. Si vous n’avez rien "
			  "demandé, ignorez ce message."},
	};
	buf_free(&login);
	buf_free(&reset);
	const char *known_text, *known_html;
	if ((rc = mail_render(req, &known, &known_text, &known_html)) != 0)
		return rc;
	const char *params[23] = {
		v[JF_EMAIL].str, v[JF_FIRST].str, v[JF_LAST].str, v[JF_PHONE].str, v[JF_PROFILE].str,
		opt(&v[JF_ACTIVITY]), opt(&v[JF_SIRET]), opt(&v[JF_COMPANY]), opt(&v[JF_SIREN]),
		opt(&v[JF_STREET]), opt(&v[JF_POSTCODE]), opt(&v[JF_CITY]),
		v[JF_NEWSLETTER].present ? "true" : "false", v[JF_FORMULA].str,
		token_hash_param(&req->arena, token), m.subject, text, html,
		arena_printf(&req->arena, "Nouvelle adhésion : %s %s", v[JF_FIRST].str, v[JF_LAST].str),
		staff_text, known.subject, known_text, known_html,
	};
	const char *state;
	if (!req_exec(req, SQL_SIGNUP_CREATE, params, &state)) {
		if (state && strncmp(state, "23", 2) == 0) {
			invalidate(&v[JF_COMPANY], "Les informations de la structure sont incomplètes "
				   "ou incohérentes.", &errors);
			return render_join(req, 422, v, errors);
		}
		return req_db_error(state);
	}
	resp_redirect(req, 303, "/adhesion/envoyee");
	return 0;
}

int page_join_sent(struct request *req)
{
	static const char *const text[] = {
		"Merci ! Nous vous avons envoyé un e-mail : suivez le lien qu’il contient (valable 48 heures) "
		"pour confirmer votre adresse et choisir votre mot de passe.",
		"Vous ne le trouvez pas ? Regardez dans vos courriers indésirables, ou écrivez-nous.",
		NULL,
	};
	return page_message(req, 200, "Vérifiez votre boîte e-mail", "/contact", "Nous écrire", text);
}

static int invalid_link(struct request *req)
{
	static const char *const text[] = {
		"Ce lien n’est plus valable : il a déjà servi ou il a expiré.",
		"Si vous avez déjà choisi votre mot de passe, connectez-vous. Sinon, recommencez votre "
		"inscription ou demandez un nouveau mot de passe.",
		NULL,
	};
	return page_message(req, 410, "Lien expiré", "/connexion", "Se connecter", text);
}

/* Renders the choose-your-password form for token (used by the signup and reset links). */
static int render_password(struct request *req, int status, const char *action, const char *title,
			   const char *token, const char *error)
{
	struct tpl_dict *d = page_start(req, "password.tpl", title,
					arena_printf(&req->arena, "Choisissez le mot de passe de votre compte %s.",
						     space_name(req)));
	tpl_show(req->dict, "NOINDEX");
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "ACTION", action);
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

/* The address of the account of a live verification token into *email (NULL when none).
 * Returns 0 or an HTTP status. */
static int verify_email(struct request *req, const char *token, const char **email)
{
	const char *params[2] = {token_hash_param(&req->arena, token), "verify"};
	const char *state;
	PGresult *r = req_exec(req, SQL_TOKEN_EMAIL, params, &state);
	if (!r)
		return req_db_error(state);
	*email = PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) ? PQgetvalue(r, 0, 0) : NULL;
	return 0;
}

int page_join_confirm(struct request *req)
{
	const char *token = link_token(&req->query);
	if (!token)
		return invalid_link(req);
	const char *email;
	int rc = verify_email(req, token, &email);
	if (rc)
		return rc;
	if (!email)
		return invalid_link(req);
	return render_password(req, 200, "/adhesion/confirmer", "Choisissez votre mot de passe", token,
			       NULL);
}

const char *check_new_password(const char *password, const char *confirm, const char *email)
{
	if (!password || !*password)
		return "Choisissez un mot de passe.";
	const char *weak = password_weak(password, email);
	if (weak)
		return weak;
	if (!confirm || strcmp(password, confirm) != 0)
		return "Les deux mots de passe ne sont pas identiques.";
	return NULL;
}

enum password_field { PF_TOKEN, PF_PASSWORD, PF_CONFIRM, PF__MAX };
static const struct field_def password_fields[PF__MAX] = {
	[PF_TOKEN] = {"jeton", FIELD_TOKEN, true, 0, 0, NULL},
	[PF_PASSWORD] = {"mot_de_passe", FIELD_PASSWORD, true, 0, 200, NULL},
	[PF_CONFIRM] = {"confirmation", FIELD_PASSWORD, true, 0, 200, NULL},
};

int page_join_confirm_post(struct request *req)
{
	struct field_value v[PF__MAX];
	form_read(&req->arena, &req->form, password_fields, PF__MAX, v);
	const char *token = link_token(&req->form);
	if (!token)
		return invalid_link(req);
	const char *email;
	int rc = verify_email(req, token, &email);
	if (rc)
		return rc;
	if (!email)
		return invalid_link(req);
	const char *msg = v[PF_PASSWORD].valid ? check_new_password(v[PF_PASSWORD].str, v[PF_CONFIRM].str, email)
					       : v[PF_PASSWORD].error;
	if (msg)
		return render_password(req, 422, "/adhesion/confirmer", "Choisissez votre mot de passe",
				       token, msg);
	char hash[256];
	if (password_hash(v[PF_PASSWORD].str, hash, sizeof hash) != 0)
		return 503;
	const char *params[2] = {token_hash_param(&req->arena, token), hash};
	const char *state;
	PGresult *r = req_exec(req, SQL_ACTIVATE, params, &state);
	if (!r)
		return req_db_error(state);
	if (PQgetisnull(r, 0, 0))
		return invalid_link(req);
	rc = session_open(req, strtoll(PQgetvalue(r, 0, 0), NULL, 10));
	if (rc)
		return rc;
	resp_redirect(req, 303, "/compte?bienvenue=1");
	return 0;
}
