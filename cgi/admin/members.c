/* members.c: /admin/membres: search members and companies, view and edit one, deactivate an
 * account, change a role (administrators only), the memberships to renew, and the voting
 * members of the general assembly (fee paid for the year) as a printable attendance sheet. */
#include "admin.h"
#include "fmt.h"
#include "session.h"
#include <stdlib.h>
#include <string.h>

static const char *const profiles[] = {"independant", "salarie", "organisation", "autre", NULL};
static const char *const profile_labels[] = {
	"Indépendant·e", "Salarié·e en télétravail", "Entreprise ou organisation", "Autre",
};
static const char *const person_statuses[] = {"pending", "active", "closing", "closed", NULL};
static const char *const status_labels[] = {
	"En attente de validation", "Actif", "Fermeture demandée", "Fermé",
};
static const char *const roles[] = {"member", "staff", "admin", NULL};
static const char *const role_labels[] = {"Membre", "Équipe", "Administrateur·rice"};

static const char *label_of(const char *const *values, const char *const *labels, const char *v)
{
	for (int i = 0; values[i]; i++)
		if (strcmp(values[i], v) == 0)
			return labels[i];
	return v;
}

static const char *membership_label(const char *status)
{
	if (strcmp(status, "paid") == 0)
		return "payée";
	if (strcmp(status, "pending") == 0)
		return "à payer";
	if (strcmp(status, "cancelled") == 0)
		return "annulée";
	if (strcmp(status, "active") == 0)
		return "en cours";
	if (strcmp(status, "requested") == 0)
		return "demandée";
	if (strcmp(status, "ended") == 0)
		return "terminée";
	return status;
}

/* "3 mars 2026" from "YYYY-MM-DD" ("" stays ""). */
static const char *date_fr(struct arena *a, const char *iso)
{
	if (!*iso)
		return "";
	struct tm tm = {0};
	int y, m, d;
	if (valid_date(iso, &y, &m, &d))
		return iso;
	tm.tm_year = y - 1900, tm.tm_mon = m - 1, tm.tm_mday = d, tm.tm_hour = 12, tm.tm_isdst = -1;
	char out[FMT_MAX];
	return arena_strdup(a, fmt_date(out, mktime(&tm)));
}

/* ---- search ------------------------------------------------------------------------------ */

int page_members(struct request *req)
{
	const char *q = kv_get(&req->query, "q"), *st = kv_get(&req->query, "statut");
	if (!q || strlen(q) > 100)
		q = "";
	bool st_ok = false;
	for (int i = 0; st && person_statuses[i]; i++)
		st_ok |= strcmp(st, person_statuses[i]) == 0;
	if (!st_ok)
		st = "";
	const char *state;
	PGresult *r = req_exec(req, SQL_MEMBERS_SEARCH, (const char *const[]){q, st}, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_members.tpl", "Membres et entreprises");
	static const char *const notices[] = {
		"desactive", "Le compte est fermé et ses sessions sont terminées.",
		"efface", "Les données personnelles de la personne ont été effacées ; ses factures sont conservées.",
		NULL,
	};
	admin_notice(req, d, notices);
	tpl_set(d, "Q", q);
	for (int i = 0; person_statuses[i]; i++) {
		struct tpl_dict *o = tpl_section(d, "STATUS_OPTION");
		tpl_set(o, "VALUE", person_statuses[i]);
		tpl_set(o, "LABEL", status_labels[i]);
		if (strcmp(st, person_statuses[i]) == 0)
			tpl_show(o, "SELECTED");
	}
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *m = tpl_section(d, "MEMBER");
		tpl_set(m, "HREF", arena_printf(&req->arena, "/admin/membres/%s", PQgetvalue(r, i, 0)));
		tpl_set(m, "NAME", arena_printf(&req->arena, "%s %s", PQgetvalue(r, i, 2), PQgetvalue(r, i, 1)));
		tpl_set(m, "EMAIL", PQgetvalue(r, i, 3));
		tpl_set(m, "COMPANY", PQgetvalue(r, i, 4));
		tpl_set(m, "PROFILE", label_of(profiles, profile_labels, PQgetvalue(r, i, 5)));
		tpl_set(m, "STATUS", label_of(person_statuses, status_labels, PQgetvalue(r, i, 6)));
		tpl_set(m, "ROLE", label_of(roles, role_labels, PQgetvalue(r, i, 7)));
		const char *end = PQgetvalue(r, i, 8);
		tpl_set(m, "MEMBERSHIP", *end ? arena_printf(&req->arena, "jusqu’au %s (%s)", date_fr(&req->arena, end),
							    membership_label(PQgetvalue(r, i, 9)))
					      : "aucune");
	}
	char found[FMT_MAX];
	tpl_set(d, "N_FOUND", fmt_plural(found, PQntuples(r), "compte trouvé", "comptes trouvés"));
	if (PQntuples(r) == 0)
		tpl_show(d, "NONE");
	return page_finish(req, 200);
}

/* ---- one member -------------------------------------------------------------------------- */

enum member_field {
	MF_FIRST, MF_LAST, MF_EMAIL, MF_PHONE, MF_PROFILE, MF_ACTIVITY, MF_COMPANY, MF_SIREN,
	MF_STREET, MF_POSTCODE, MF_CITY, MF_NEWSLETTER, MF__MAX
};

static const struct field_def member_fields[MF__MAX] = {
	[MF_FIRST] = {"prenom", FIELD_LINE, true, 1, 80, NULL},
	[MF_LAST] = {"nom", FIELD_LINE, true, 1, 80, NULL},
	[MF_EMAIL] = {"email", FIELD_EMAIL, true, 3, 254, NULL},
	[MF_PHONE] = {"telephone", FIELD_PHONE, false, 0, 30, NULL},
	[MF_PROFILE] = {"profil", FIELD_CHOICE, true, 0, 0, profiles},
	[MF_ACTIVITY] = {"activite", FIELD_LINE, false, 0, 200, NULL},
	[MF_COMPANY] = {"entreprise", FIELD_LINE, false, 1, 200, NULL},
	[MF_SIREN] = {"siren", FIELD_SIREN, false, 0, 0, NULL},
	[MF_STREET] = {"adresse", FIELD_LINE, false, 1, 200, NULL},
	[MF_POSTCODE] = {"code_postal", FIELD_POSTCODE, false, 0, 0, NULL},
	[MF_CITY] = {"ville", FIELD_LINE, false, 1, 100, NULL},
	[MF_NEWSLETTER] = {"lettre", FIELD_BOOL, false, 0, 0, NULL},
};

static const struct field_ui member_ui[MF__MAX] = {
	[MF_FIRST] = {"Prénom", "text", "off", NULL},
	[MF_LAST] = {"Nom", "text", "off", NULL},
	[MF_EMAIL] = {"Adresse e-mail", "email", "off", NULL},
	[MF_PHONE] = {"Téléphone", "tel", "off", NULL},
	[MF_ACTIVITY] = {"Activité", "text", "off", NULL},
	[MF_COMPANY] = {"Entreprise ou organisation", "text", "off", "Obligatoire pour le profil « entreprise »."},
	[MF_SIREN] = {"SIREN", "text", "off", "9 chiffres ; obligatoire pour le profil « entreprise »."},
	[MF_STREET] = {"Adresse de facturation", "text", "off", NULL},
	[MF_POSTCODE] = {"Code postal", "text", "off", NULL},
	[MF_CITY] = {"Ville", "text", "off", NULL},
	[MF_NEWSLETTER] = {"Reçoit la lettre d’information (consentement donné par la personne)", "checkbox", NULL, NULL},
};

/* Columns of SQL_MEMBER_GET. */
enum {
	MG_FIRST, MG_LAST, MG_EMAIL, MG_PHONE, MG_PROFILE, MG_ACTIVITY, MG_COMPANY, MG_SIREN,
	MG_STREET, MG_POSTCODE, MG_CITY, MG_NEWSLETTER, MG_ROLE, MG_STATUS, MG_CREATED, MG_CLOSE
};

/* True when the signed-in user may edit the account of row: a staff or admin account is an
 * administrator's to edit (a staff member changing an admin's e-mail could then reset its
 * password and take the admin role). schema/0014_backoffice_guards.sql refuses it too. */
static bool may_edit(const struct request *req, PGresult *row)
{
	return req->user->role >= ROLE_ADMIN || strcmp(PQgetvalue(row, 0, MG_ROLE), "member") == 0;
}

static int refuse_edit(struct request *req, const char *id)
{
	static const char *const paras[] = {
		"Ce compte est celui d’un membre de l’équipe : seul·e un·e administrateur·rice peut le "
		"modifier. Rien n’a été enregistré.", NULL,
	};
	return page_message(req, 403, "Modification réservée aux administrateur·rices",
			    arena_printf(&req->arena, "/admin/membres/%s", id), "Revenir à la fiche", paras);
}

static int render_member(struct request *req, int status, const char *id, PGresult *row,
			 struct field_value *v, size_t errors, const char *error_notice)
{
	const char *state;
	PGresult *ms = req_exec(req, SQL_MEMBER_MEMBERSHIPS, (const char *const[]){id}, &state);
	if (!ms)
		return req_db_error(state);
	const char *name = arena_printf(&req->arena, "%s %s", PQgetvalue(row, 0, MG_FIRST), PQgetvalue(row, 0, MG_LAST));
	struct tpl_dict *d = admin_start(req, "admin_member.tpl", name);
	static const char *const notices[] = {
		"modifie", "Les informations sont enregistrées.", "role", "Le rôle est modifié.",
		"renouvele", "L’adhésion est enregistrée pour un an et la personne est prévenue.",
		"carnet", "Le carnet est vendu et ajouté à la facture du mois.",
		"carnet_attente", "Le carnet est enregistré ; il n’est pas encore actif.",
		"formule", "La formule est active et ajoutée à la facture du mois.",
		"formule_attente", "La formule est enregistrée ; elle n’est pas encore active.", NULL,
	};
	admin_notice(req, d, notices);
	if (error_notice)
		tpl_set(tpl_section(d, "NOTICE_ERROR"), "NOTICE", error_notice);
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "ACTION", arena_printf(&req->arena, "/admin/membres/%s", id));
	tpl_set(d, "STATUS", label_of(person_statuses, status_labels, PQgetvalue(row, 0, MG_STATUS)));
	tpl_set(d, "ROLE", label_of(roles, role_labels, PQgetvalue(row, 0, MG_ROLE)));
	char date[FMT_MAX];
	tpl_set(d, "CREATED", fmt_date(date, (time_t)strtoll(PQgetvalue(row, 0, MG_CREATED), NULL, 10)));
	if (*PQgetvalue(row, 0, MG_CLOSE))
		tpl_set(tpl_section(d, "CLOSE_REQUESTED"), "CLOSE_DATE",
			fmt_date(date, (time_t)strtoll(PQgetvalue(row, 0, MG_CLOSE), NULL, 10)));
	page_fields(req, d, "ID_FIELDS", member_fields, member_ui, v, MF_FIRST, MF_PROFILE);
	for (int i = 0; profiles[i]; i++) {
		struct tpl_dict *o = tpl_section(d, "PROFILE");
		tpl_set(o, "VALUE", profiles[i]);
		tpl_set(o, "LABEL", profile_labels[i]);
		if (strcmp(v[MF_PROFILE].str, profiles[i]) == 0)
			tpl_show(o, "SELECTED");
	}
	if (!v[MF_PROFILE].valid)
		tpl_set(tpl_section(d, "PROFILE_INVALID"), "PROFILE_ERROR", v[MF_PROFILE].error);
	page_fields(req, d, "WORK_FIELDS", member_fields, member_ui, v, MF_ACTIVITY, MF__MAX);
	tpl_show(d, may_edit(req, row) ? "CAN_EDIT" : "READ_ONLY");
	page_errors(d, errors);
	char money[FMT_MAX];
	for (int i = 0; i < PQntuples(ms); i++) {
		struct tpl_dict *m = tpl_section(d, "MEMBERSHIP");
		tpl_set(m, "WHAT", PQgetvalue(ms, i, 0));
		tpl_set(m, "FROM", date_fr(&req->arena, PQgetvalue(ms, i, 1)));
		tpl_set(m, "TO", date_fr(&req->arena, PQgetvalue(ms, i, 2)));
		tpl_set(m, "MSTATUS", membership_label(PQgetvalue(ms, i, 3)));
		tpl_set(m, "AMOUNT", fmt_money(money, strtoll(PQgetvalue(ms, i, 4), NULL, 10)));
	}
	if (PQntuples(ms) == 0)
		tpl_show(d, "NO_MEMBERSHIP");
	if (strcmp(PQgetvalue(row, 0, MG_STATUS), "closed") != 0) {
		PGresult *prices = req_exec(req, SQL_MS_PRICES, NULL, &state);
		if (!prices)
			return req_db_error(state);
		struct tpl_dict *m = tpl_section(d, "CAN_MANAGE");
		tpl_set(m, "CSRF", csrf_token(req));
		tpl_set(m, "MEMBERSHIP_ACTION", arena_printf(&req->arena, "/admin/membres/%s/adhesion", id));
		tpl_set(m, "FORMULA_ACTION", arena_printf(&req->arena, "/admin/membres/%s/formule", id));
		for (int i = 0; i < PQntuples(prices); i++) {
			struct tpl_dict *o = tpl_section(m, "FORMULA_CHOICE");
			tpl_set(o, "VALUE", PQgetvalue(prices, i, 0));
			tpl_set(o, "LABEL", PQgetvalue(prices, i, 1));
		}
	}
	bool member = strcmp(PQgetvalue(row, 0, MG_ROLE), "member") == 0;
	if (member && strcmp(PQgetvalue(row, 0, MG_STATUS), "closed") != 0)
		tpl_set(tpl_section(d, "CAN_DEACTIVATE"), "DEACTIVATE_ACTION",
			arena_printf(&req->arena, "/admin/membres/%s/desactiver", id));
	if (req->user->role >= ROLE_ADMIN && req->user->person_id != strtoll(id, NULL, 10)) {
		struct tpl_dict *r = tpl_section(d, "CAN_ROLE");
		tpl_set(r, "ROLE_ACTION", arena_printf(&req->arena, "/admin/membres/%s/role", id));
		for (int i = 0; roles[i]; i++) {
			struct tpl_dict *o = tpl_section(r, "ROLE_OPTION");
			tpl_set(o, "VALUE", roles[i]);
			tpl_set(o, "LABEL", role_labels[i]);
			if (strcmp(PQgetvalue(row, 0, MG_ROLE), roles[i]) == 0)
				tpl_show(o, "SELECTED");
		}
	}
	tpl_set(d, "EXPORT_HREF", arena_printf(&req->arena, "/admin/membres/%s/export.json", id));
	tpl_set(d, "AUDIT_HREF", arena_printf(&req->arena, "/admin/journal?personne=%s", id));
	if (member)
		tpl_set(tpl_section(d, "CAN_ERASE"), "ERASE_ACTION",
			arena_printf(&req->arena, "/admin/membres/%s/effacer", id));
	return page_finish(req, status);
}

static PGresult *load_member(struct request *req, const char *id, int *status)
{
	if (!id) {
		*status = 404;
		return NULL;
	}
	const char *state;
	PGresult *r = req_exec(req, SQL_MEMBER_GET, (const char *const[]){id}, &state);
	if (!r) {
		*status = req_db_error(state);
		return NULL;
	}
	if (PQntuples(r) != 1) {
		*status = 404;
		return NULL;
	}
	return r;
}

int page_member(struct request *req)
{
	const char *id = path_id(req, 0);
	int status;
	PGresult *row = load_member(req, id, &status);
	if (!row)
		return status;
	struct field_value v[MF__MAX];
	for (int f = 0; f < MF__MAX; f++) {
		const char *s = PQgetvalue(row, 0, f);
		v[f] = (struct field_value){.present = *s != '\0', .valid = true, .str = s};
	}
	v[MF_NEWSLETTER].num = strcmp(v[MF_NEWSLETTER].str, "t") == 0;
	v[MF_NEWSLETTER].str = v[MF_NEWSLETTER].num ? "1" : "";
	v[MF_NEWSLETTER].present = v[MF_NEWSLETTER].num;
	return render_member(req, 200, id, row, v, 0, NULL);
}

int page_member_post(struct request *req)
{
	const char *id = path_id(req, 0);
	int status;
	PGresult *row = load_member(req, id, &status);
	if (!row)
		return status;
	if (!may_edit(req, row))
		return refuse_edit(req, id);
	struct field_value v[MF__MAX];
	size_t errors = form_read(&req->arena, &req->form, member_fields, MF__MAX, v);
	if (v[MF_PROFILE].valid && strcmp(v[MF_PROFILE].str, "organisation") == 0) {
		static const char *const need = "Ce champ est obligatoire pour une entreprise ou une organisation.";
		int req_fields[] = {MF_COMPANY, MF_SIREN, MF_STREET, MF_POSTCODE, MF_CITY};
		for (size_t i = 0; i < sizeof req_fields / sizeof req_fields[0]; i++) {
			struct field_value *f = &v[req_fields[i]];
			if (f->valid && !f->present) {
				f->valid = false;
				f->error = need;
				errors++;
			}
		}
	}
	if (errors)
		return render_member(req, 422, id, row, v, errors, NULL);
	/* A new address goes through the confirmation link (the old one is told). */
	struct email_change ch;
	if ((status = email_change_prepare(req, v[MF_FIRST].str, v[MF_EMAIL].str, true, &ch)) != 0)
		return status;
	const char *p[21] = {
		admin_actor(req), id, v[MF_FIRST].str, v[MF_LAST].str, v[MF_EMAIL].str, v[MF_PHONE].str,
		v[MF_PROFILE].str, v[MF_ACTIVITY].str, v[MF_COMPANY].str, v[MF_SIREN].str,
		v[MF_STREET].str, v[MF_POSTCODE].str, v[MF_CITY].str, v[MF_NEWSLETTER].num ? "t" : "f",
		ch.token_hash, ch.subject, ch.text, ch.html, ch.old_subject, ch.old_text, ch.old_html,
	};
	const char *state;
	PGresult *r = req_exec(req, SQL_MEMBER_UPDATE, p, &state);
	if (!r) {
		if (state && strcmp(state, "FTA02") == 0) /* the account became staff meanwhile */
			return refuse_edit(req, id);
		if (state && strcmp(state, SQLSTATE_UNIQUE) == 0) {
			v[MF_EMAIL].valid = false;
			v[MF_EMAIL].error = "Cette adresse e-mail est déjà celle d’un autre compte.";
			return render_member(req, 422, id, row, v, 1, NULL);
		}
		if (state && strncmp(state, "23", 2) == 0)
			return render_member(req, 422, id, row, v, 0,
					     "Ces informations n’ont pas pu être enregistrées : vérifiez le SIRET, "
					     "le SIREN et l’adresse de facturation.");
		return req_db_error(state);
	}
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/membres/%s?ok=modifie", id));
	return 303;
}

int page_member_deactivate_post(struct request *req)
{
	const char *id = path_id(req, 0), *state;
	if (!id)
		return 404;
	PGresult *r = req_exec(req, SQL_MEMBER_DEACTIVATE, (const char *const[]){admin_actor(req), id}, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1) {
		const char *const paras[] = {
			"Ce compte ne peut pas être fermé ici : il est déjà fermé, ou c’est un compte de "
			"l’équipe (un·e administrateur·rice doit d’abord lui retirer ce rôle).", NULL,
		};
		return page_message(req, 409, "Compte non fermé",
				    arena_printf(&req->arena, "/admin/membres/%s", id), "Revenir à la fiche", paras);
	}
	resp_redirect(req, 303, "/admin/membres?ok=desactive");
	return 303;
}

int page_member_role_post(struct request *req)
{
	const char *id = path_id(req, 0), *state;
	if (!id)
		return 404;
	static const struct field_def f[1] = {{"role", FIELD_CHOICE, true, 0, 0, roles}};
	struct field_value v[1];
	if (form_read(&req->arena, &req->form, f, 1, v))
		return 400;
	PGresult *r = req_exec(req, SQL_MEMBER_ROLE, (const char *const[]){admin_actor(req), id, v[0].str}, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/membres/%s?ok=role", id));
	return 303;
}

/* ---- renewals and the general assembly ------------------------------------------------------ */

int page_renewals(struct request *req)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_RENEWALS, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_renewals.tpl", "Adhésions à renouveler");
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *m = tpl_section(d, "RENEWAL");
		tpl_set(m, "HREF", arena_printf(&req->arena, "/admin/membres/%s", PQgetvalue(r, i, 0)));
		tpl_set(m, "NAME", arena_printf(&req->arena, "%s %s", PQgetvalue(r, i, 2), PQgetvalue(r, i, 1)));
		tpl_set(m, "EMAIL", PQgetvalue(r, i, 3));
		tpl_set(m, "END", date_fr(&req->arena, PQgetvalue(r, i, 4)));
		tpl_set(m, "END_ISO", PQgetvalue(r, i, 4));
		tpl_set(m, "MSTATUS", membership_label(PQgetvalue(r, i, 5)));
		long days = strtol(PQgetvalue(r, i, 6), NULL, 10);
		tpl_set(m, "WHEN", days < 0 ? arena_printf(&req->arena, "échue depuis %ld jour%s", -days, -days > 1 ? "s" : "")
				   : days == 0 ? "échue aujourd’hui"
					       : arena_printf(&req->arena, "dans %ld jour%s", days, days > 1 ? "s" : ""));
	}
	if (PQntuples(r) == 0)
		tpl_show(d, "NONE");
	return page_finish(req, 200);
}

int page_voters(struct request *req)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	int year = tm.tm_year + 1900;
	const char *y = kv_get(&req->query, "annee");
	if (y && *y) {
		if (strlen(y) != 4 || strspn(y, "0123456789") != 4 || atoi(y) < 2000)
			return 404;
		year = atoi(y);
	}
	const char *ys = arena_printf(&req->arena, "%d", year), *state;
	PGresult *r = req_exec(req, SQL_VOTERS, (const char *const[]){ys}, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_voters.tpl",
					 arena_printf(&req->arena, "Assemblée générale %d : membres votants", year));
	tpl_set(d, "YEAR", ys);
	tpl_set(d, "PREV_HREF", arena_printf(&req->arena, "/admin/membres/assemblee?annee=%d", year - 1));
	tpl_set(d, "NEXT_HREF", arena_printf(&req->arena, "/admin/membres/assemblee?annee=%d", year + 1));
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *m = tpl_section(d, "VOTER");
		tpl_set_int(m, "N", i + 1);
		tpl_set(m, "NAME", arena_printf(&req->arena, "%s %s", PQgetvalue(r, i, 1), PQgetvalue(r, i, 2)));
		tpl_set(m, "COMPANY", PQgetvalue(r, i, 3));
	}
	if (PQntuples(r) > 0)
		tpl_set(tpl_section(d, "ROLL"), "ROLL_DAY", PQgetvalue(r, 0, 5));
	tpl_set_int(d, "N_VOTERS", PQntuples(r));
	if (PQntuples(r) == 0)
		tpl_show(d, "NONE");
	return page_finish(req, 200);
}

/* /admin/impression.css: the attendance sheet's print stylesheet (served here, as the page's
 * <link media="print">: the back office's navigation and links are not printed, the table
 * fills the page with room to sign). */
int page_print_css(struct request *req)
{
	static const char css[] =
		"@media print {\n"
		"  .admin-nav, .skip-print, .site-header nav, .account { display: none !important; }\n"
		"  .attendance-sheet { width: 100%; border-collapse: collapse; font-size: 11pt; }\n"
		"  .attendance-sheet th, .attendance-sheet td { border: 1px solid #000; padding: 6pt; }\n"
		"  .attendance-sheet tbody tr { height: 1.4cm; page-break-inside: avoid; }\n"
		"  .attendance-sheet td:nth-child(4) { width: 30%; }\n"
		"  .attendance-sheet td:nth-child(5) { width: 25%; }\n"
		"  .attendance-sheet caption { font-weight: bold; font-size: 14pt; margin-bottom: 8pt; }\n"
		"}\n";
	buf_reset(&req->resp.body);
	buf_append(&req->resp.body, css, sizeof css - 1);
	req->resp.status = 200;
	req->resp.content_type = "text/css; charset=utf-8";
	return 0;
}
