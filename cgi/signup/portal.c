/* portal.c: the member's own pages: summary, profile, newsletter, data export, closing,
 * email change. */
#include "signup.h"
#include "escape.h"
#include "fmt.h"
#include "mail.h"
#include "session.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *uid(struct request *req)
{
	return arena_printf(&req->arena, "%lld", (long long)req->user->person_id);
}

static const char *profile_label(const char *p)
{
	if (strcmp(p, "independant") == 0)
		return "Indépendant, freelance ou auto-entrepreneur";
	if (strcmp(p, "salarie") == 0)
		return "Salarié en télétravail";
	if (strcmp(p, "organisation") == 0)
		return "Entreprise, association ou collectivité";
	return "Autre situation";
}

static const char *formula_status(const char *s)
{
	return strcmp(s, "active") == 0 ? "en cours" : "demandée, en attente de validation par l’équipe";
}

void portal_reads(struct request *req, const char *person)
{
	/* Everything the portal reads (here, portal_agenda, portal_activity), in one round trip
	 * (with the session's check when the worker knows the session). */
	static const int reads[] = {SQL_PERSON, SQL_MEMBERSHIP, SQL_PERSON_FORMULAS, SQL_AGENDA_SINCE,
				    SQL_PORTAL_BOOKINGS, SQL_PORTAL_CARNET, SQL_PORTAL_NEXT_INVOICE,
				    SQL_DIRECTORY_OWN};
	enum { N_READS = sizeof reads / sizeof reads[0] };
	const char **id = arena_alloc(&req->arena, sizeof *id);
	id[0] = person;
	const char *const *params[N_READS];
	for (int i = 0; i < N_READS; i++)
		params[i] = id;
	req_prefetch(req, N_READS, reads, params);
}

int page_portal(struct request *req)
{
	const char *id[1] = {uid(req)};
	const char *state;
	req_route_reads(req);
	PGresult *p = req_exec(req, SQL_PERSON, id, &state);
	PGresult *m = p ? req_exec(req, SQL_MEMBERSHIP, id, &state) : NULL;
	PGresult *f = m ? req_exec(req, SQL_PERSON_FORMULAS, id, &state) : NULL;
	if (!f)
		return req_db_error(state);
	if (PQntuples(p) != 1)
		return 404;
	struct tpl_dict *d = page_start(req, "portal.tpl", "Mon espace membre",
					"Votre adhésion, votre formule et vos informations personnelles.");
	tpl_show(req->dict, "NOINDEX");
	tpl_set(d, "CSRF", csrf_token(req));
	if (kv_get(&req->query, "bienvenue"))
		tpl_show(d, "WELCOME");
	static const char *const notices[][2] = {
		{"profil", "Vos informations ont été enregistrées."},
		{"newsletter", "Votre choix pour la lettre d’information a été enregistré."},
		{"email", "Un lien de confirmation a été envoyé à votre nouvelle adresse ; elle remplacera "
			  "l’actuelle quand vous l’aurez confirmée."},
		{"mot_de_passe", "Votre mot de passe a été changé ; vos autres sessions ont été fermées."},
	};
	for (size_t i = 0; i < sizeof notices / sizeof notices[0]; i++)
		if (kv_get(&req->query, notices[i][0])) {
			tpl_set(d, "NOTICE", notices[i][1]);
			tpl_show(d, "HAS_NOTICE");
		}
	tpl_set(d, "FIRST_NAME", PQgetvalue(p, 0, PE_FIRST));
	tpl_set(d, "FULL_NAME", arena_printf(&req->arena, "%s %s", PQgetvalue(p, 0, PE_FIRST), PQgetvalue(p, 0, PE_LAST)));
	tpl_set(d, "EMAIL", PQgetvalue(p, 0, PE_EMAIL));
	tpl_set(d, "PHONE", *PQgetvalue(p, 0, PE_PHONE) ? PQgetvalue(p, 0, PE_PHONE) : "—");
	tpl_set(d, "PROFILE", profile_label(PQgetvalue(p, 0, PE_PROFILE)));
	if (*PQgetvalue(p, 0, PE_COMPANY)) {
		struct tpl_dict *c = tpl_section(d, "COMPANY");
		tpl_set(c, "COMPANY_NAME", PQgetvalue(p, 0, PE_COMPANY));
		tpl_set(c, "SIREN", PQgetvalue(p, 0, PE_SIREN));
		tpl_set(c, "BILLING", arena_printf(&req->arena, "%s, %s %s", PQgetvalue(p, 0, PE_STREET),
						   PQgetvalue(p, 0, PE_POSTCODE), PQgetvalue(p, 0, PE_CITY)));
	}
	if (strcmp(PQgetvalue(p, 0, PE_NEWSLETTER), "t") == 0)
		tpl_show(d, "NEWSLETTER_ON");
	else
		tpl_show(d, "NEWSLETTER_OFF");
	if (strcmp(PQgetvalue(p, 0, PE_ROLE), "staff") == 0 || strcmp(PQgetvalue(p, 0, PE_ROLE), "admin") == 0)
		tpl_show(d, "STAFF");
	if (strcmp(PQgetvalue(p, 0, PE_STATUS), "closing") == 0)
		tpl_show(d, "CLOSING");
	else
		tpl_show(d, "CAN_CLOSE");

	char a[FMT_MAX], b[FMT_MAX];
	struct portal_state ps = {0};
	if (PQntuples(m) == 1) {
		time_t start = (time_t)strtoll(PQgetvalue(m, 0, MS_STARTS), NULL, 10);
		time_t end = (time_t)strtoll(PQgetvalue(m, 0, MS_ENDS), NULL, 10);
		const char *st = PQgetvalue(m, 0, MS_STATUS);
		bool expired = strcmp(PQgetvalue(m, 0, MS_EXPIRED), "t") == 0;
		struct tpl_dict *s = tpl_section(d, "MEMBERSHIP");
		tpl_set(s, "MEMBERSHIP_STATUS", expired ? "expirée"
					: strcmp(st, "paid") == 0 ? "à jour"
					: "en attente du règlement de la cotisation");
		tpl_set(s, "MEMBERSHIP_PERIOD", arena_printf(&req->arena, "du %s au %s",
					fmt_date(a, start + 12 * 3600), fmt_date(b, end + 12 * 3600)));
		tpl_set(s, "MEMBERSHIP_RENEWAL", fmt_date(a, end + 36 * 3600));
		tpl_set(s, "MEMBERSHIP_END", fmt_date(a, end + 12 * 3600));
		tpl_set(s, "MEMBERSHIP_FEE", fmt_money(b, strtoll(PQgetvalue(m, 0, MS_FEE), NULL, 10)));
		ps.has_membership = !expired;
		ps.membership_unpaid = !expired && strcmp(st, "paid") != 0;
		ps.membership_ending = expired || end - time(NULL) < 30 * 24 * 3600;
	} else {
		tpl_show(d, "NO_MEMBERSHIP");
	}
	for (int i = 0; i < PQntuples(f); i++) {
		struct tpl_dict *s = tpl_section(d, "FORMULA");
		tpl_set(s, "FORMULA_LABEL", PQgetvalue(f, i, PF_LABEL));
		tpl_set(s, "FORMULA_STATUS", formula_status(PQgetvalue(f, i, PF_STATUS)));
		tpl_set(s, "FORMULA_PRICE", fmt_money(a, strtoll(PQgetvalue(f, i, PF_UNIT), NULL, 10)));
		bool waiting = strcmp(PQgetvalue(f, i, PF_STATUS), "requested") == 0;
		ps.formula_waiting |= waiting;
		if (!PQgetisnull(f, i, PF_TOTAL)) {
			int total = atoi(PQgetvalue(f, i, PF_TOTAL)), used = atoi(PQgetvalue(f, i, PF_USED));
			if (waiting)
				tpl_set(tpl_section(s, "CARNET"), "CARNET_LEFT",
					arena_printf(&req->arena, "pas encore actif : %d demi-journées dès sa "
						     "validation par l’équipe", total));
			else
				tpl_set(tpl_section(s, "CARNET"), "CARNET_LEFT",
					arena_printf(&req->arena, "%d demi-journée%s restante%s sur %d", total - used,
						     total - used > 1 ? "s" : "", total - used > 1 ? "s" : "", total));
			ps.carnet_empty |= !waiting && used >= total;
		}
		if (!PQgetisnull(f, i, PF_ENDS) && *PQgetvalue(f, i, PF_ENDS))
			tpl_set(tpl_section(s, "FORMULA_END"), "FORMULA_END_DATE",
				fmt_date(a, (time_t)strtoll(PQgetvalue(f, i, PF_ENDS), NULL, 10) + 12 * 3600));
		if (strcmp(PQgetvalue(f, i, PF_STOPPABLE), "t") == 0) { /* a running monthly formula: stoppable */
			struct tpl_dict *x = tpl_section(s, "FORMULA_STOP");
			tpl_set(x, "STOP_ACTION", arena_printf(&req->arena, "/compte/formules/%s/arreter",
								PQgetvalue(f, i, PF_ID)));
			tpl_set(x, "CSRF", csrf_token(req));
		}
	}
	if (PQntuples(f) == 0)
		tpl_show(d, "NO_FORMULA");
	int rc = portal_agenda(req, d);
	if (!rc)
		rc = portal_activity(req, d, id[0], &ps);
	if (rc)
		return rc;
	return page_finish(req, 200);
}

enum profile_field { PR_FIRST, PR_LAST, PR_PHONE, PR_ACTIVITY, PR_SIRET, PR_COMPANY, PR_SIREN,
		     PR_STREET, PR_POSTCODE, PR_CITY, PR__MAX };
static const struct field_def profile_fields[PR__MAX] = {
	[PR_FIRST] = {"prenom", FIELD_LINE, true, 1, 80, NULL},
	[PR_LAST] = {"nom", FIELD_LINE, true, 1, 80, NULL},
	[PR_PHONE] = {"telephone", FIELD_PHONE, true, 0, 30, NULL},
	[PR_ACTIVITY] = {"activite", FIELD_LINE, false, 0, 200, NULL},
	[PR_SIRET] = {"siret", FIELD_SIRET, false, 0, 0, NULL},
	[PR_COMPANY] = {"entreprise", FIELD_LINE, false, 1, 200, NULL},
	[PR_SIREN] = {"siren", FIELD_SIREN, false, 0, 0, NULL},
	[PR_STREET] = {"adresse", FIELD_LINE, false, 1, 200, NULL},
	[PR_POSTCODE] = {"code_postal", FIELD_POSTCODE, false, 0, 0, NULL},
	[PR_CITY] = {"ville", FIELD_LINE, false, 1, 100, NULL},
};
static const struct field_ui profile_ui[PR__MAX] = {
	[PR_FIRST] = {"Prénom", "text", "given-name", NULL},
	[PR_LAST] = {"Nom", "text", "family-name", NULL},
	[PR_PHONE] = {"Téléphone", "tel", "tel", NULL},
	[PR_ACTIVITY] = {"Votre activité", "text", "organization-title", NULL},
	[PR_SIRET] = {"SIRET (facultatif)", "text", NULL, "14 chiffres, pour les indépendants."},
	[PR_COMPANY] = {"Nom de la structure", "text", "organization", NULL},
	[PR_SIREN] = {"SIREN", "text", NULL, "9 chiffres."},
	[PR_STREET] = {"Adresse de facturation", "text", "address-line1", NULL},
	[PR_POSTCODE] = {"Code postal", "text", "postal-code", NULL},
	[PR_CITY] = {"Ville", "text", "address-level2", NULL},
};

static int render_profile(struct request *req, int status, struct field_value *v, size_t errors,
			  bool organisation)
{
	struct tpl_dict *d = page_start(req, "profile.tpl", "Modifier mes informations",
					"Modifiez vos coordonnées et celles de votre structure.");
	tpl_show(req->dict, "NOINDEX");
	tpl_set(d, "CSRF", csrf_token(req));
	if (organisation)
		tpl_show(d, "ORGANISATION");
	page_fields(req, d, "IDENTITY", profile_fields, profile_ui, v, PR_FIRST, PR_COMPANY);
	page_fields(req, d, "COMPANY_FIELDS", profile_fields, profile_ui, v, PR_COMPANY, PR__MAX);
	page_errors(d, errors);
	return page_finish(req, status);
}

/* Loads the person's current values into v (for the first display of the form). */
static int load_profile(struct request *req, struct field_value *v, bool *organisation)
{
	const char *id[1] = {uid(req)};
	const char *state;
	portal_reads(req, id[0]);
	PGresult *p = req_exec(req, SQL_PERSON, id, &state);
	if (!p)
		return req_db_error(state);
	if (PQntuples(p) != 1)
		return 404;
	static const int cols[PR__MAX] = {PE_FIRST, PE_LAST, PE_PHONE, PE_ACTIVITY, PE_SIRET, PE_COMPANY,
					   PE_SIREN, PE_STREET, PE_POSTCODE, PE_CITY};
	for (int i = 0; i < PR__MAX; i++)
		v[i] = (struct field_value){.valid = true, .str = PQgetvalue(p, 0, cols[i]),
					    .present = *PQgetvalue(p, 0, cols[i]) != '\0'};
	*organisation = strcmp(PQgetvalue(p, 0, PE_PROFILE), "organisation") == 0;
	return 0;
}

int page_profile(struct request *req)
{
	struct field_value v[PR__MAX];
	bool organisation;
	int rc = load_profile(req, v, &organisation);
	return rc ? rc : render_profile(req, 200, v, 0, organisation);
}

int page_profile_post(struct request *req)
{
	struct field_value cur[PR__MAX], v[PR__MAX];
	bool organisation;
	int rc = load_profile(req, cur, &organisation);
	if (rc)
		return rc;
	size_t errors = form_read(&req->arena, &req->form, profile_fields, PR__MAX, v);
	if (organisation)
		for (int f = PR_COMPANY; f <= PR_CITY; f++)
			if (!v[f].present && v[f].valid) {
				v[f].valid = false;
				v[f].error = "Ce champ est obligatoire pour une entreprise ou une organisation.";
				errors++;
			}
	if (errors)
		return render_profile(req, 422, v, errors, organisation);
	const char *params[PR__MAX + 1] = {uid(req)};
	for (int i = 0; i < PR__MAX; i++)
		params[i + 1] = v[i].present ? v[i].str : NULL;
	const char *state;
	if (!req_exec(req, SQL_PROFILE_UPDATE, params, &state)) {
		if (state && strncmp(state, "23", 2) == 0) {
			v[PR_COMPANY].valid = false;
			v[PR_COMPANY].error = "Les informations de la structure sont incomplètes ou incohérentes.";
			return render_profile(req, 422, v, errors + 1, organisation);
		}
		return req_db_error(state);
	}
	resp_redirect(req, 303, "/compte?profil=1");
	return 0;
}

int page_newsletter_post(struct request *req)
{
	const char *want = kv_get(&req->form, "newsletter");
	if (!want || (strcmp(want, "1") && strcmp(want, "0")))
		return 400;
	const char *params[2] = {uid(req), strcmp(want, "1") == 0 ? "true" : "false"};
	const char *state;
	if (!req_exec(req, SQL_NEWSLETTER, params, &state))
		return req_db_error(state);
	resp_redirect(req, 303, "/compte?newsletter=1");
	return 0;
}

int page_close_post(struct request *req)
{
	if (!kv_get(&req->form, "confirmer")) {
		static const char *const text[] = {
			"Pour demander la fermeture de votre compte, cochez la case de confirmation.", NULL};
		return page_message(req, 422, "Confirmation nécessaire", "/compte", "Retour à mon compte", text);
	}
	const char *params[3] = {
		uid(req),
		arena_printf(&req->arena, "Demande de fermeture de compte : %s %s", req->user->first_name,
			     req->user->last_name),
		arena_printf(&req->arena,
			     "%s %s <%s> demande la fermeture de son compte.\n\nÀ traiter dans le mois : "
			     "effacer les données personnelles, conserver les factures dix ans.\n",
			     req->user->first_name, req->user->last_name, req->user->email),
	};
	const char *state;
	if (!req_exec(req, SQL_CLOSE_REQUEST, params, &state))
		return req_db_error(state);
	static const char *const text[] = {
		"Votre demande de fermeture de compte est enregistrée. L’équipe la traite dans le mois et "
		"vous confirme par e-mail l’effacement de vos données personnelles.",
		"Les factures sont conservées dix ans, comme la loi l’exige.",
		NULL,
	};
	return page_message(req, 200, "Demande enregistrée", "/compte", "Retour à mon compte", text);
}

int page_email_post(struct request *req)
{
	enum { EF_EMAIL, EF_PASSWORD, EF__MAX };
	static const struct field_def defs[EF__MAX] = {
		[EF_EMAIL] = {"email", FIELD_EMAIL, true, 0, 254, NULL},
		[EF_PASSWORD] = {"mot_de_passe", FIELD_PASSWORD, true, 0, 200, NULL},
	};
	struct field_value v[EF__MAX];
	if (form_read(&req->arena, &req->form, defs, EF__MAX, v)) {
		const char *text[] = {!v[EF_EMAIL].valid ? v[EF_EMAIL].error
				      : "Saisissez votre mot de passe actuel pour changer d’adresse e-mail.", NULL};
		return page_message(req, 422, !v[EF_EMAIL].valid ? "Adresse e-mail invalide"
				    : "Mot de passe nécessaire", "/compte", "Retour à mon compte", text);
	}
	struct login_check c;
	int rc = login_check(req, req->user->email, v[EF_PASSWORD].str, &c);
	if (rc)
		return rc;
	if (c.wait_seconds > 0) {
		const char *text[] = {login_wait_message(req, c.wait_seconds), NULL};
		return page_message(req, 429, "Trop de tentatives", "/compte", "Retour à mon compte", text);
	}
	if (!c.ok || c.person_id != req->user->person_id) {
		static const char *const text[] = {
			"Le mot de passe actuel est incorrect : l’adresse e-mail n’a pas été changée.", NULL};
		return page_message(req, 422, "Mot de passe incorrect", "/compte", "Retour à mon compte", text);
	}
	struct email_change ch;
	if ((rc = email_change_prepare(req, req->user->first_name, v[EF_EMAIL].str, false, &ch)) != 0)
		return rc;
	const char *params[9] = {uid(req), v[EF_EMAIL].str, ch.token_hash, ch.subject, ch.text,
				 ch.html, ch.old_subject, ch.old_text, ch.old_html};
	const char *state;
	if (!req_exec(req, SQL_EMAIL_REQUEST, params, &state)) {
		if (state && strcmp(state, SQLSTATE_UNIQUE) == 0) {
			static const char *const t[] = {
				"Cette adresse est déjà utilisée par un autre compte.", NULL};
			return page_message(req, 409, "Adresse déjà utilisée", "/compte", "Retour à mon compte", t);
		}
		return req_db_error(state);
	}
	resp_redirect(req, 303, "/compte?email=1");
	return 0;
}

static int invalid_email_link(struct request *req)
{
	static const char *const text[] = {
		"Ce lien n’est plus valable : il a déjà servi ou il a expiré.", NULL};
	return page_message(req, 410, "Lien expiré", "/compte", "Mon compte", text);
}

int page_email_confirm(struct request *req)
{
	const char *token = link_token(&req->query);
	if (!token)
		return invalid_email_link(req);
	const char *params[2] = {token_hash_param(&req->arena, token), "email"};
	const char *state;
	PGresult *r = req_exec(req, SQL_TOKEN_VALID, params, &state);
	if (!r)
		return req_db_error(state);
	if (strcmp(PQgetvalue(r, 0, 0), "t") != 0)
		return invalid_email_link(req);
	/* A link checker may open the link: the change itself waits for this button. */
	struct tpl_dict *d = page_start(req, "password.tpl", "Confirmer ma nouvelle adresse",
					"Confirmez la nouvelle adresse e-mail de votre compte.");
	tpl_show(req->dict, "NOINDEX");
	tpl_show(d, "CONFIRM_ONLY");
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "ACTION", "/compte/email/confirmer");
	tpl_set(d, "TOKEN", token);
	return page_finish(req, 200);
}

int page_email_confirm_post(struct request *req)
{
	const char *token = link_token(&req->form);
	if (!token)
		return invalid_email_link(req);
	/* The browser confirming keeps its session (if it is the person's); the others end. */
	const char *params[2] = {token_hash_param(&req->arena, token), session_token_hash(req)};
	const char *state;
	PGresult *r = req_exec(req, SQL_EMAIL_CONFIRM, params, &state);
	if (!r) {
		if (state && strcmp(state, SQLSTATE_UNIQUE) == 0) {
			static const char *const t[] = {"Cette adresse est déjà utilisée par un autre compte.", NULL};
			return page_message(req, 409, "Adresse déjà utilisée", "/compte", "Mon compte", t);
		}
		return req_db_error(state);
	}
	if (PQgetisnull(r, 0, 0))
		return invalid_email_link(req);
	static const char *const text[] = {
		"Votre nouvelle adresse e-mail est confirmée.",
		"Par sécurité, vos autres sessions ont été fermées : reconnectez-vous avec cette adresse.",
		NULL};
	return page_message(req, 200, "Adresse confirmée", "/compte", "Mon compte", text);
}
