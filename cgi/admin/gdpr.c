/* gdpr.c: personal data (RGPD): /admin/rgpd lists the retention periods and runs the
 * clean-up of expired data (cleanup_expired() of schema/0010_backoffice.sql, also callable by
 * cron); a person's export (everything held, as JSON) and erasure on request (personal data
 * anonymised, invoices kept ten years unchanged). */
#include "admin.h"
#include "fmt.h"
#include <stdlib.h>
#include <string.h>

/* The retention periods, as cleanup_expired() applies them (what, how long). */
static const char *const retention[][2] = {
	{"Sessions de connexion", "jusqu’à leur expiration : 14 jours au plus, 48 heures sans activité"},
	{"Liens à usage unique (validation, mot de passe, changement d’e-mail)", "7 jours après leur expiration ou leur utilisation"},
	{"Tentatives de connexion", "30 jours"},
	{"Inscriptions jamais validées", "30 jours après l’inscription"},
	{"Messages du formulaire de contact", "12 mois"},
	{"E-mails envoyés (file d’envoi)", "12 mois"},
	{"Factures et avoirs", "10 ans (article L123-22 du Code de commerce), sans modification possible"},
	{"Comptes des membres", "jusqu’à leur fermeture, puis effacement sur demande"},
	{"Profil dans l’annuaire des coworkers", "jusqu’à son retrait par le membre, la fin de son adhésion ou la fermeture du compte"},
	{"Journal des appels à l’API (clé, date, adresse)", "12 mois"},
	{"Journal des modifications", "conservé ; les données d’une personne effacée y sont masquées"},
};

static const char *cleanup_label(const char *what)
{
	static const char *const map[][2] = {
		{"sessions", "Sessions expirées"}, {"tokens", "Liens à usage unique"},
		{"login_attempts", "Tentatives de connexion"}, {"unverified_accounts", "Inscriptions jamais validées"},
		{"contact_messages", "Messages de contact"}, {"mails", "E-mails envoyés"},
		{"directory_profiles", "Profils de l’annuaire des anciens membres"},
		{"api_key_uses", "Appels à l’API"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(what, map[i][0]) == 0)
			return map[i][1];
	return what;
}

static int render_gdpr(struct request *req, PGresult *done)
{
	struct tpl_dict *d = admin_start(req, "admin_gdpr.tpl", "Données personnelles (RGPD)");
	tpl_set(d, "CSRF", csrf_token(req));
	for (size_t i = 0; i < sizeof retention / sizeof retention[0]; i++) {
		struct tpl_dict *r = tpl_section(d, "RETENTION");
		tpl_set(r, "WHAT", retention[i][0]);
		tpl_set(r, "HOW_LONG", retention[i][1]);
	}
	if (done) {
		struct tpl_dict *s = tpl_section(d, "DONE");
		for (int i = 0; i < PQntuples(done); i++) {
			struct tpl_dict *r = tpl_section(s, "DELETED");
			tpl_set(r, "WHAT", cleanup_label(PQgetvalue(done, i, 0)));
			char n[FMT_MAX];
			tpl_set(r, "N", fmt_plural(n, strtoll(PQgetvalue(done, i, 1), NULL, 10), "supprimé", "supprimés"));
		}
	}
	return page_finish(req, 200);
}

int page_gdpr(struct request *req)
{
	return render_gdpr(req, NULL);
}

int page_gdpr_cleanup_post(struct request *req)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_CLEANUP, (const char *const[]){admin_actor(req)}, &state);
	if (!r)
		return req_db_error(state);
	return render_gdpr(req, r);
}

int page_member_export(struct request *req)
{
	const char *id = path_id(req, 0), *state;
	if (!id)
		return 404;
	PGresult *r = req_exec(req, SQL_GDPR_EXPORT, (const char *const[]){id}, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	buf_reset(&req->resp.body);
	buf_puts(&req->resp.body, PQgetvalue(r, 0, 0));
	buf_putc(&req->resp.body, '\n');
	req->resp.status = 200;
	req->resp.content_type = "application/json; charset=utf-8";
	resp_header(req, "Content-Disposition",
		    arena_printf(&req->arena, "attachment; filename=\"donnees-personne-%s.json\"", id));
	return 0;
}

int page_member_erase_post(struct request *req)
{
	const char *id = path_id(req, 0), *state;
	if (!id)
		return 404;
	const char *confirm = kv_get(&req->form, "confirmation");
	if (!confirm || strcmp(confirm, "EFFACER") != 0) {
		const char *const paras[] = {
			"Rien n’a été effacé : tapez EFFACER (en majuscules) dans le champ de confirmation.", NULL,
		};
		return page_message(req, 422, "Confirmation manquante",
				    arena_printf(&req->arena, "/admin/membres/%s", id), "Revenir à la fiche", paras);
	}
	PGresult *r = req_exec(req, SQL_GDPR_ERASE, (const char *const[]){admin_actor(req), id}, &state);
	if (!r && state && strcmp(state, "FTA01") == 0) {
		const char *const paras[] = {
			"Le compte d’un membre de l’équipe ne peut pas être effacé : un·e administrateur·rice "
			"doit d’abord lui retirer son rôle.", NULL,
		};
		return page_message(req, 409, "Effacement refusé",
				    arena_printf(&req->arena, "/admin/membres/%s", id), "Revenir à la fiche", paras);
	}
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1 || strcmp(PQgetvalue(r, 0, 0), "t") != 0)
		return 404;
	resp_redirect(req, 303, "/admin/membres?ok=efface");
	return 303;
}
