/* content.c: /admin/contenu, the public site's content: the showcase pages (Markdown with a
 * preview), the price list, opening hours and closures, the organisation's identity and legal
 * details (administrators only) and the funders shown on the partners page. The site program
 * reads these tables on every request and nginx keeps a public page one second at most, so a
 * change shows on the site within a second. */
#include "admin.h"
#include "fmt.h"
#include "markdown.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const content_notices[] = {
	"page", "La page est enregistrée : elle est en ligne.",
	"tarif", "Le tarif est enregistré.",
	"horaires", "Les horaires d’ouverture sont enregistrés.",
	"fermeture", "La fermeture est enregistrée.",
	"fermeture-supprimee", "La fermeture est supprimée.",
	"organisation", "Les informations de l’association sont enregistrées.",
	"banque", "Les coordonnées bancaires sont enregistrées : elles figureront sur les prochaines factures.",
	"financeur", "Le financeur est enregistré.",
	"financeur-supprime", "Le financeur est supprimé.",
	NULL,
};

int page_content(struct request *req)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_PAGES_LIST, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_content.tpl", "Contenus du site");
	admin_notice(req, d, content_notices);
	char date[FMT_MAX];
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *p = tpl_section(d, "PAGE");
		tpl_set(p, "HREF", arena_printf(&req->arena, "/admin/contenu/pages/%s", PQgetvalue(r, i, 0)));
		tpl_set(p, "PAGE_TITLE", PQgetvalue(r, i, 1));
		tpl_set(p, "SLUG", PQgetvalue(r, i, 0));
		tpl_set(p, "UPDATED", fmt_date(date, (time_t)strtoll(PQgetvalue(r, i, 2), NULL, 10)));
	}
	if (req->user->role >= ROLE_ADMIN)
		tpl_show(d, "IS_ADMIN");
	return page_finish(req, 200);
}

/* ---- showcase pages ------------------------------------------------------------------------ */

enum page_field { PF_TITLE, PF_DESCRIPTION, PF_BODY, PF__MAX };

static const struct field_def page_defs[PF__MAX] = {
	[PF_TITLE] = {"titre", FIELD_LINE, true, 1, 200, NULL},
	[PF_DESCRIPTION] = {"description", FIELD_LINE, true, 1, 300, NULL},
	[PF_BODY] = {"contenu", FIELD_TEXT, true, 1, 100000, NULL},
};

static const struct field_ui page_ui[PF__MAX] = {
	[PF_TITLE] = {"Titre de la page", "text", "off", NULL},
	[PF_DESCRIPTION] = {"Description (moteurs de recherche et partages)", "text", "off",
			    "Une phrase de 300 caractères au plus."},
	[PF_BODY] = {"Contenu", "textarea", NULL,
		     "En Markdown : ## pour un intertitre, **gras**, *italique*, listes avec « - », liens "
		     "[texte](https://…). Le HTML n’est pas interprété."},
};

static bool slug_ok(const char *s)
{
	if (!s || !*s || strlen(s) > 100)
		return false;
	for (const char *p = s; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-'))
			return false;
	return true;
}

static int render_page_form(struct request *req, int status, const char *slug,
			    struct field_value *v, size_t errors, bool preview)
{
	struct tpl_dict *d = admin_start(req, "admin_content_page.tpl",
					 arena_printf(&req->arena, "Modifier la page : %s", v[PF_TITLE].str));
	admin_notice(req, d, content_notices);
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "ACTION", arena_printf(&req->arena, "/admin/contenu/pages/%s", slug));
	tpl_set(d, "PUBLIC_HREF", strcmp(slug, "accueil") == 0 ? "/" : arena_printf(&req->arena, "/%s", slug));
	page_fields(req, d, "FIELDS", page_defs, page_ui, v, 0, PF__MAX);
	page_errors(d, errors);
	if (v[PF_BODY].present) {
		struct buf html = {0};
		if (markdown_html(v[PF_BODY].str, strlen(v[PF_BODY].str), &html) == 0) {
			struct tpl_dict *p = tpl_section(d, "PREVIEW");
			tpl_set_len(p, "PREVIEW_HTML", html.data, html.len);
			tpl_set(p, "PREVIEW_WHAT", preview ? "Aperçu (non enregistré)" : "Aperçu de la page en ligne");
		}
		buf_free(&html);
	}
	if (preview)
		tpl_show(d, "UNSAVED");
	return page_finish(req, status);
}

int page_content_page(struct request *req)
{
	const char *slug = req->params[0], *state;
	if (!slug_ok(slug))
		return 404;
	PGresult *r = req_exec(req, SQL_PAGE_GET, (const char *const[]){slug}, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	struct field_value v[PF__MAX];
	for (int f = 0; f < PF__MAX; f++)
		v[f] = (struct field_value){.present = *PQgetvalue(r, 0, f) != '\0', .valid = true,
					    .str = PQgetvalue(r, 0, f)};
	return render_page_form(req, 200, slug, v, 0, false);
}

int page_content_page_post(struct request *req)
{
	const char *slug = req->params[0], *state;
	if (!slug_ok(slug))
		return 404;
	struct field_value v[PF__MAX];
	size_t errors = form_read(&req->arena, &req->form, page_defs, PF__MAX, v);
	const char *action = kv_get(&req->form, "action");
	bool preview = action && strcmp(action, "apercu") == 0;
	if (errors || preview) {
		if (!v[PF_TITLE].valid || !*v[PF_TITLE].str)
			v[PF_TITLE].str = v[PF_TITLE].str ? v[PF_TITLE].str : "";
		return render_page_form(req, errors ? 422 : 200, slug, v, errors, preview);
	}
	PGresult *r = req_exec(req, SQL_PAGE_UPDATE,
			       (const char *const[]){admin_actor(req), slug, v[PF_TITLE].str,
						     v[PF_DESCRIPTION].str, v[PF_BODY].str}, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/contenu/pages/%s?ok=page", slug));
	return 303;
}

/* ---- prices -------------------------------------------------------------------------------- */

static const char *cents_input(struct arena *a, const char *cents)
{
	if (!*cents)
		return "";
	long long c = strtoll(cents, NULL, 10);
	return arena_printf(a, "%lld,%02lld", c / 100, c % 100);
}

static int render_prices(struct request *req, int status, const char *error)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_PRICES_LIST, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_prices.tpl", "Tarifs");
	admin_notice(req, d, content_notices);
	if (error)
		tpl_set(tpl_section(d, "NOTICE_ERROR"), "NOTICE", error);
	tpl_set(d, "CSRF", csrf_token(req));
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *p = tpl_section(d, "PRICE");
		const char *code = PQgetvalue(r, i, 0);
		tpl_set(p, "CODE", code);
		tpl_set(p, "ACTION", arena_printf(&req->arena, "/admin/contenu/tarifs/%s", code));
		tpl_set(p, "LABEL", PQgetvalue(r, i, 2));
		tpl_set(p, "UNIT", PQgetvalue(r, i, 3));
		tpl_set(p, "MEMBER", cents_input(&req->arena, PQgetvalue(r, i, 4)));
		tpl_set(p, "NON_MEMBER", cents_input(&req->arena, PQgetvalue(r, i, 5)));
		tpl_set(p, "NOTE", PQgetvalue(r, i, 6));
		if (strcmp(PQgetvalue(r, i, 7), "t") == 0)
			tpl_show(p, "ACTIVE");
	}
	return page_finish(req, status);
}

int page_prices(struct request *req)
{
	return render_prices(req, 200, NULL);
}

int page_price_post(struct request *req)
{
	const char *code = req->params[0], *state;
	if (!code || !*code || strlen(code) > 60 || strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(code))
		return 404;
	static const struct field_def defs[6] = {
		{"libelle", FIELD_LINE, true, 1, 200, NULL},
		{"unite", FIELD_LINE, true, 1, 100, NULL},
		{"prix_membre", FIELD_MONEY, false, 0, 0, NULL},
		{"prix_non_membre", FIELD_MONEY, false, 0, 0, NULL},
		{"note", FIELD_LINE, false, 0, 300, NULL},
		{"actif", FIELD_BOOL, false, 0, 0, NULL},
	};
	struct field_value v[6];
	size_t errors = form_read(&req->arena, &req->form, defs, 6, v);
	const char *what = NULL;
	if (!v[0].valid)
		what = "le libellé est obligatoire (200 caractères au plus)";
	else if (!v[1].valid)
		what = "l’unité est obligatoire (par exemple « la demi-journée »)";
	else if (!v[2].valid || !v[3].valid)
		what = "un prix s’écrit en euros, par exemple 8 ou 12,50";
	else if (!v[2].present && !v[3].present)
		what = "indiquez au moins un prix (membre ou non-membre)";
	else if (v[2].num > 100000000 || v[3].num > 100000000)
		what = "un prix ne peut pas dépasser 1 000 000 €";
	else if (errors)
		what = "la note est trop longue (300 caractères au plus)";
	if (what)
		return render_prices(req, 422, arena_printf(&req->arena, "Tarif « %s » non enregistré : %s.", code, what));
	const char *m = v[2].present ? arena_printf(&req->arena, "%lld", (long long)v[2].num) : "";
	const char *nm = v[3].present ? arena_printf(&req->arena, "%lld", (long long)v[3].num) : "";
	PGresult *r = req_exec(req, SQL_PRICE_UPDATE,
			       (const char *const[]){admin_actor(req), code, v[0].str, v[1].str, m, nm,
						     v[4].str, v[5].num ? "t" : "f"}, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	resp_redirect(req, 303, "/admin/contenu/tarifs?ok=tarif");
	return 303;
}

/* ---- opening hours and closures ------------------------------------------------------------ */

/* The form's names: two periods a day, ISO weekdays 1..7. */
static const char *const hour_names[7][4] = {
	{"j1_debut1", "j1_fin1", "j1_debut2", "j1_fin2"}, {"j2_debut1", "j2_fin1", "j2_debut2", "j2_fin2"},
	{"j3_debut1", "j3_fin1", "j3_debut2", "j3_fin2"}, {"j4_debut1", "j4_fin1", "j4_debut2", "j4_fin2"},
	{"j5_debut1", "j5_fin1", "j5_debut2", "j5_fin2"}, {"j6_debut1", "j6_fin1", "j6_debut2", "j6_fin2"},
	{"j7_debut1", "j7_fin1", "j7_debut2", "j7_fin2"},
};

/* "HH:MM" of a valid 24-hour time ("H:MM", "HH:MM" or "HH:MM:SS"), or NULL. */
static const char *hhmm(struct arena *a, const char *s)
{
	int h, m, n = 0;
	if (!s || strlen(s) < 4 || strlen(s) > 8 || sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 ||
	    (s[n] && strcmp(s + n, ":00") != 0) || h < 0 || h > 23 || m < 0 || m > 59 ||
	    !isdigit((unsigned char)s[0]) || s[n - 3] != ':')
		return NULL;
	return arena_printf(a, "%02d:%02d", h, m);
}

static int render_hours(struct request *req, int status, const char *values[7][4], const char *error)
{
	const char *state;
	PGresult *cl = req_exec(req, SQL_CLOSURES_LIST, NULL, &state);
	if (!cl)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_hours.tpl", "Horaires d’ouverture et fermetures");
	admin_notice(req, d, content_notices);
	if (error)
		tpl_set(tpl_section(d, "NOTICE_ERROR"), "NOTICE", error);
	tpl_set(d, "CSRF", csrf_token(req));
	for (int w = 0; w < 7; w++) {
		struct tpl_dict *day = tpl_section(d, "DAY");
		tpl_set(day, "DAY_NAME", fmt_weekday_names[w]);
		static const char *const vars[4] = {"OPEN1", "CLOSE1", "OPEN2", "CLOSE2"};
		static const char *const names[4] = {"NAME_OPEN1", "NAME_CLOSE1", "NAME_OPEN2", "NAME_CLOSE2"};
		for (int k = 0; k < 4; k++) {
			tpl_set(day, vars[k], values[w][k] ? values[w][k] : "");
			tpl_set(day, names[k], hour_names[w][k]);
		}
	}
	for (int i = 0; i < PQntuples(cl); i++) {
		struct tpl_dict *c = tpl_section(d, "CLOSURE");
		char from[FMT_MAX], to[FMT_MAX];
		tpl_set(c, "FROM", fmt_iso_day(from, PQgetvalue(cl, i, 1)));
		tpl_set(c, "TO", fmt_iso_day(to, PQgetvalue(cl, i, 2)));
		tpl_set(c, "REASON", PQgetvalue(cl, i, 3));
		tpl_set(c, "WHERE", PQgetvalue(cl, i, 4));
		tpl_set(c, "DELETE_ACTION", arena_printf(&req->arena, "/admin/contenu/fermetures/%s/supprimer",
							 PQgetvalue(cl, i, 0)));
	}
	if (PQntuples(cl) == 0)
		tpl_show(d, "NO_CLOSURE");
	return page_finish(req, status);
}

/* Fills values[7][4] with the opening hours saved (NULL where none). Returns 0 or a status. */
static int load_hours(struct request *req, const char *values[7][4])
{
	const char *state;
	PGresult *r = req_exec(req, SQL_HOURS_LIST, NULL, &state);
	if (!r)
		return req_db_error(state);
	for (int i = 0; i < PQntuples(r); i++) {
		int w = atoi(PQgetvalue(r, i, 0)) - 1;
		if (w < 0 || w > 6)
			continue;
		int k = values[w][0] ? 2 : 0;
		if (values[w][2])
			continue; /* a third period is not shown */
		values[w][k] = PQgetvalue(r, i, 1);
		values[w][k + 1] = PQgetvalue(r, i, 2);
	}
	return 0;
}

int page_hours(struct request *req)
{
	const char *values[7][4] = {{0}};
	int rc = load_hours(req, values);
	return rc ? rc : render_hours(req, 200, values, NULL);
}

int page_hours_post(struct request *req)
{
	const char *values[7][4];
	struct buf days = {0}, opens = {0}, closes = {0};
	const char *error = NULL;
	int n = 0, missing = 0;
	for (int w = 0; w < 7; w++) {
		for (int k = 0; k < 4; k++) {
			const char *s = kv_get(&req->form, hour_names[w][k]);
			values[w][k] = s ? s : "";
			missing += !s;
		}
	}
	/* The form sends its 28 inputs, blank or not: a POST without them is not the form, and
	 * must not close the space (a blank week is refused unless confirmed). */
	if (missing) {
		const char *saved[7][4] = {{0}};
		int rc = load_hours(req, saved);
		return rc ? rc : render_hours(req, 422, saved, "Horaires non enregistrés : le formulaire envoyé "
					      "est incomplet. Les horaires en place, ci-dessous, n’ont pas changé.");
	}
	for (int w = 0; w < 7 && !error; w++) {
		for (int p = 0; p < 2; p++) {
			const char *o = values[w][2 * p], *c = values[w][2 * p + 1];
			if (!*o && !*c)
				continue;
			const char *oo = hhmm(&req->arena, o), *cc = hhmm(&req->arena, c);
			if (!oo || !cc) {
				error = arena_printf(&req->arena, "%s : indiquez l’ouverture et la fermeture au "
						     "format HH:MM (par exemple 08:30 et 12:30).", fmt_weekday_names[w]);
				break;
			}
			if (strcmp(oo, cc) >= 0) {
				error = arena_printf(&req->arena, "%s : la fermeture doit être après l’ouverture.",
						     fmt_weekday_names[w]);
				break;
			}
			buf_printf(&days, "%s%d", n ? "," : "{", w + 1);
			buf_printf(&opens, "%s%s", n ? "," : "{", oo);
			buf_printf(&closes, "%s%s", n ? "," : "{", cc);
			n++;
		}
	}
	const char *confirm = kv_get(&req->form, "fermer_semaine");
	if (!error && !n && !(confirm && strcmp(confirm, "1") == 0))
		error = "Horaires non enregistrés : aucun jour n’a d’horaire, l’espace serait fermé toute la "
			"semaine. Si c’est voulu, cochez « Fermer l’espace toute la semaine » ; sinon, les "
			"horaires en place n’ont pas changé.";
	if (error) {
		buf_free(&days), buf_free(&opens), buf_free(&closes);
		return render_hours(req, 422, values, error);
	}
	if (!n) {
		buf_puts(&days, "{");
		buf_puts(&opens, "{");
		buf_puts(&closes, "{");
	}
	buf_putc(&days, '}'), buf_putc(&opens, '}'), buf_putc(&closes, '}');
	const char *p[4] = {admin_actor(req), arena_strdup(&req->arena, buf_cstr(&days)),
			    arena_strdup(&req->arena, buf_cstr(&opens)), arena_strdup(&req->arena, buf_cstr(&closes))};
	buf_free(&days), buf_free(&opens), buf_free(&closes);
	const char *state;
	PGresult *r = req_exec(req, SQL_HOURS_SET, p, &state);
	if (!r) {
		if (state && strncmp(state, "23", 2) == 0)
			return render_hours(req, 422, values, "Deux périodes d’un même jour se chevauchent ou "
					    "commencent à la même heure.");
		return req_db_error(state);
	}
	resp_redirect(req, 303, "/admin/contenu/horaires?ok=horaires");
	return 303;
}

int page_closure_post(struct request *req)
{
	static const struct field_def defs[3] = {
		{"debut", FIELD_DATE, true, 0, 0, NULL},
		{"fin", FIELD_DATE, true, 0, 0, NULL},
		{"motif", FIELD_LINE, true, 1, 200, NULL},
	};
	struct field_value v[3];
	size_t errors = form_read(&req->arena, &req->form, defs, 3, v);
	const char *error = NULL;
	if (errors)
		error = "Fermeture non enregistrée : indiquez les dates de début et de fin et un motif "
			"(200 caractères au plus).";
	else if (strcmp(v[1].str, v[0].str) < 0)
		error = "Fermeture non enregistrée : la fin doit être le jour du début ou après.";
	if (error) {
		const char *const paras[] = {error, NULL};
		return page_message(req, 422, "Fermeture non enregistrée", "/admin/contenu/horaires",
				    "Revenir aux horaires", paras);
	}
	const char *state;
	if (!req_exec(req, SQL_CLOSURE_INSERT,
		      (const char *const[]){admin_actor(req), v[0].str, v[1].str, v[2].str, ""}, &state))
		return req_db_error(state);
	resp_redirect(req, 303, "/admin/contenu/horaires?ok=fermeture");
	return 303;
}

int page_closure_delete_post(struct request *req)
{
	const char *id = path_id(req, 0), *state;
	if (!id || strlen(id) > 9)
		return 404;
	PGresult *r = req_exec(req, SQL_CLOSURE_DELETE, (const char *const[]){admin_actor(req), id}, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	resp_redirect(req, 303, "/admin/contenu/horaires?ok=fermeture-supprimee");
	return 303;
}

/* ---- the organisation (administrators) -------------------------------------------------------- */

static const char *const vat_statuses[] = {"franchise", "assujetti", NULL};

enum org_field {
	OF_NAME, OF_LEGAL_NAME, OF_LEGAL_FORM, OF_STREET, OF_POSTCODE, OF_CITY, OF_EMAIL, OF_PHONE,
	OF_SIREN, OF_SIRET, OF_RNA, OF_VAT, OF_VAT_NUMBER, OF_DIRECTOR, OF_HOST, OF_HOST_ADDRESS, OF__MAX
};

static const struct field_def org_fields[OF__MAX] = {
	[OF_NAME] = {"nom", FIELD_LINE, true, 1, 200, NULL},
	[OF_LEGAL_NAME] = {"raison_sociale", FIELD_LINE, true, 1, 200, NULL},
	[OF_LEGAL_FORM] = {"forme", FIELD_LINE, true, 1, 200, NULL},
	[OF_STREET] = {"adresse", FIELD_LINE, true, 1, 200, NULL},
	[OF_POSTCODE] = {"code_postal", FIELD_POSTCODE, true, 0, 0, NULL},
	[OF_CITY] = {"ville", FIELD_LINE, true, 1, 100, NULL},
	[OF_EMAIL] = {"email", FIELD_EMAIL, true, 3, 254, NULL},
	[OF_PHONE] = {"telephone", FIELD_PHONE, true, 0, 30, NULL},
	[OF_SIREN] = {"siren", FIELD_SIREN, false, 0, 0, NULL},
	[OF_SIRET] = {"siret", FIELD_SIRET, false, 0, 0, NULL},
	[OF_RNA] = {"rna", FIELD_LINE, false, 10, 10, NULL},
	[OF_VAT] = {"tva", FIELD_CHOICE, true, 0, 0, vat_statuses},
	[OF_VAT_NUMBER] = {"numero_tva", FIELD_LINE, false, 4, 20, NULL},
	[OF_DIRECTOR] = {"directeur_publication", FIELD_LINE, true, 1, 200, NULL},
	[OF_HOST] = {"hebergeur", FIELD_LINE, true, 1, 200, NULL},
	[OF_HOST_ADDRESS] = {"adresse_hebergeur", FIELD_LINE, true, 1, 300, NULL},
};

static const struct field_ui org_ui[OF__MAX] = {
	[OF_NAME] = {"Nom de l’espace", "text", "off", NULL},
	[OF_LEGAL_NAME] = {"Nom de l’association", "text", "off", NULL},
	[OF_LEGAL_FORM] = {"Forme juridique", "text", "off", "Par exemple : Association loi 1901."},
	[OF_STREET] = {"Adresse", "text", "off", NULL},
	[OF_POSTCODE] = {"Code postal", "text", "off", NULL},
	[OF_CITY] = {"Ville", "text", "off", NULL},
	[OF_EMAIL] = {"E-mail de contact", "email", "off", NULL},
	[OF_PHONE] = {"Téléphone", "tel", "off", NULL},
	[OF_SIREN] = {"SIREN", "text", "off", NULL},
	[OF_SIRET] = {"SIRET", "text", "off", "Le SIREN suivi des 5 chiffres de l’établissement."},
	[OF_RNA] = {"Numéro RNA", "text", "off", "W suivi de 9 chiffres."},
	[OF_VAT_NUMBER] = {"Numéro de TVA intracommunautaire", "text", "off", "Obligatoire si l’association est assujettie."},
	[OF_DIRECTOR] = {"Directeur·rice de la publication", "text", "off", NULL},
	[OF_HOST] = {"Hébergeur du site", "text", "off", NULL},
	[OF_HOST_ADDRESS] = {"Adresse de l’hébergeur", "text", "off", NULL},
};

/* The bank details printed on invoices and in SEPA files (app_setting). */
enum bank_field { BF_IBAN, BF_BIC, BF_ICS, BF__MAX };

static const struct field_def bank_fields[BF__MAX] = {
	[BF_IBAN] = {"iban", FIELD_LINE, true, 15, 42, NULL},
	[BF_BIC] = {"bic", FIELD_LINE, true, 8, 11, NULL},
	[BF_ICS] = {"ics", FIELD_LINE, true, 8, 35, NULL},
};

static const struct field_ui bank_ui[BF__MAX] = {
	[BF_IBAN] = {"IBAN", "text", "off", "Le compte de l’association où les clients paient leurs factures."},
	[BF_BIC] = {"BIC", "text", "off", "8 ou 11 lettres et chiffres."},
	[BF_ICS] = {"Identifiant créancier SEPA (ICS)", "text", "off",
		    "Attribué par la banque pour les prélèvements, par exemple FR72ZZZ123456."},
};

/* Renders the organisation page: the identity form (v, errors, error) and the bank form (bv, or
 * the saved values when NULL, and berrors). */
static int render_org(struct request *req, int status, struct field_value *v, size_t errors,
		      const char *error, struct field_value *bv, size_t berrors)
{
	struct field_value saved[BF__MAX];
	if (!bv) {
		const char *state;
		PGresult *r = req_exec(req, SQL_BANK_GET, NULL, &state);
		if (!r)
			return req_db_error(state);
		for (int f = 0; f < BF__MAX; f++)
			saved[f] = (struct field_value){.present = *PQgetvalue(r, 0, f) != '\0', .valid = true,
							.str = PQgetvalue(r, 0, f)};
		bv = saved;
	}
	struct tpl_dict *d = admin_start(req, "admin_organisation.tpl", "Identité et mentions légales");
	admin_notice(req, d, content_notices);
	if (error)
		tpl_set(tpl_section(d, "NOTICE_ERROR"), "NOTICE", error);
	tpl_set(d, "CSRF", csrf_token(req));
	page_fields(req, d, "ID_FIELDS", org_fields, org_ui, v, OF_NAME, OF_SIREN);
	page_fields(req, d, "LEGAL_FIELDS", org_fields, org_ui, v, OF_SIREN, OF_VAT);
	tpl_show(d, strcmp(v[OF_VAT].str, "assujetti") == 0 ? "VAT_SUBJECT" : "VAT_FRANCHISE");
	page_fields(req, d, "VAT_FIELDS", org_fields, org_ui, v, OF_VAT_NUMBER, OF__MAX);
	page_fields(req, d, "BANK_FIELDS", bank_fields, bank_ui, bv, BF_IBAN, BF__MAX);
	page_errors(d, errors + berrors);
	return page_finish(req, status);
}

/* Loads the saved organisation into v (strings owned by the result). Returns 0, 404 when the
 * row is missing, or the database error's status. */
static int org_load(struct request *req, struct field_value *v)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_ORG_GET, NULL, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	for (int f = 0; f < OF__MAX; f++)
		v[f] = (struct field_value){.present = *PQgetvalue(r, 0, f) != '\0', .valid = true,
					    .str = PQgetvalue(r, 0, f)};
	return 0;
}

int page_organisation(struct request *req)
{
	struct field_value v[OF__MAX];
	int rc = org_load(req, v);
	return rc ? rc : render_org(req, 200, v, 0, NULL, NULL, 0);
}

/* s without blanks, in capitals (an IBAN as printed: "FR76 3000 ..."). */
static char *compact_upper(struct arena *a, const char *s)
{
	char *out = arena_alloc(a, strlen(s) + 1), *o = out;
	for (; *s; s++)
		if (*s != ' ')
			*o++ = (char)toupper((unsigned char)*s);
	*o = '\0';
	return out;
}

static bool all_alnum(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s))
			return false;
	return true;
}

int page_bank_post(struct request *req)
{
	struct field_value bv[BF__MAX];
	size_t errors = form_read(&req->arena, &req->form, bank_fields, BF__MAX, bv);
	for (int f = 0; f < BF__MAX; f++)
		if (bv[f].valid && bv[f].present)
			bv[f].str = compact_upper(&req->arena, bv[f].str);
	const char *iban = bv[BF_IBAN].str, *bic = bv[BF_BIC].str, *ics = bv[BF_ICS].str;
	if (bv[BF_IBAN].valid && bv[BF_IBAN].present &&
	    (!all_alnum(iban) || !isalpha((unsigned char)iban[0]) || !isalpha((unsigned char)iban[1]))) {
		bv[BF_IBAN].valid = false;
		bv[BF_IBAN].error = "Un IBAN commence par deux lettres et ne contient que des lettres et des chiffres.";
		errors++;
	}
	if (bv[BF_BIC].valid && bv[BF_BIC].present &&
	    (!all_alnum(bic) || (strlen(bic) != 8 && strlen(bic) != 11) || strspn(bic, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") < 6)) {
		bv[BF_BIC].valid = false;
		bv[BF_BIC].error = "Un BIC compte 8 ou 11 caractères, dont 6 lettres au début.";
		errors++;
	}
	if (bv[BF_ICS].valid && bv[BF_ICS].present &&
	    (!all_alnum(ics) || !isalpha((unsigned char)ics[0]) || !isalpha((unsigned char)ics[1]) ||
	     !isdigit((unsigned char)ics[2]) || !isdigit((unsigned char)ics[3]))) {
		bv[BF_ICS].valid = false;
		bv[BF_ICS].error = "Un identifiant créancier commence par le code du pays et deux chiffres (FR72ZZZ123456).";
		errors++;
	}
	struct field_value v[OF__MAX];
	int rc;
	if (errors)
		return (rc = org_load(req, v)) ? rc : render_org(req, 422, v, 0, NULL, bv, errors);
	const char *p[4] = {admin_actor(req), iban, bic, ics};
	const char *state;
	PGresult *saved = req_exec(req, SQL_BANK_UPDATE, p, &state);
	if (!saved) {
		if (state && strncmp(state, "23", 2) == 0) {
			bv[BF_IBAN].valid = false;
			bv[BF_IBAN].error = "Cet IBAN n’est pas valide : vérifiez-le (sa clé de contrôle ne correspond pas).";
			return (rc = org_load(req, v)) ? rc : render_org(req, 422, v, 0, NULL, bv, 1);
		}
		return req_db_error(state);
	}
	if (PQntuples(saved) == 0) /* a space of another organisation than the first */
		return (rc = org_load(req, v)) ? rc : render_org(req, 409, v, 0,
			"Les coordonnées bancaires de cette organisation ne peuvent pas encore être "
			"enregistrées ici : rien n’a été modifié.", bv, 0);
	resp_redirect(req, 303, "/admin/contenu/organisation?ok=banque");
	return 303;
}

int page_organisation_post(struct request *req)
{
	struct field_value v[OF__MAX];
	size_t errors = form_read(&req->arena, &req->form, org_fields, OF__MAX, v);
	if (v[OF_RNA].valid && v[OF_RNA].present &&
	    (v[OF_RNA].str[0] != 'W' || strspn(v[OF_RNA].str + 1, "0123456789") != 9)) {
		v[OF_RNA].valid = false;
		v[OF_RNA].error = "Un numéro RNA s’écrit W suivi de 9 chiffres.";
		errors++;
	}
	if (v[OF_SIRET].valid && v[OF_SIREN].valid && v[OF_SIRET].present && v[OF_SIREN].present &&
	    strncmp(v[OF_SIRET].str, v[OF_SIREN].str, 9) != 0) {
		v[OF_SIRET].valid = false;
		v[OF_SIRET].error = "Le SIRET doit commencer par le SIREN.";
		errors++;
	}
	if (v[OF_VAT].valid && strcmp(v[OF_VAT].str, "assujetti") == 0 && v[OF_VAT_NUMBER].valid &&
	    !v[OF_VAT_NUMBER].present) {
		v[OF_VAT_NUMBER].valid = false;
		v[OF_VAT_NUMBER].error = "Une association assujettie à la TVA doit indiquer son numéro.";
		errors++;
	}
	if (errors)
		return render_org(req, 422, v, errors, NULL, NULL, 0);
	const char *p[17] = {admin_actor(req)};
	for (int f = 0; f < OF__MAX; f++)
		p[1 + f] = v[f].str;
	const char *state;
	PGresult *r = req_exec(req, SQL_ORG_UPDATE, p, &state);
	if (!r) {
		if (state && strncmp(state, "23", 2) == 0)
			return render_org(req, 422, v, 0, "Ces informations n’ont pas pu être enregistrées : "
					  "vérifiez le SIREN, le SIRET et le numéro RNA.", NULL, 0);
		return req_db_error(state);
	}
	resp_redirect(req, 303, "/admin/contenu/organisation?ok=organisation");
	return 303;
}

/* ---- funders shown on the site ------------------------------------------------------------------ */

static const char *const funder_kinds[] = {"public", "private", NULL};

static const struct field_def funder_defs[5] = {
	{"nom", FIELD_LINE, true, 1, 200, NULL},
	{"nature", FIELD_CHOICE, true, 0, 0, funder_kinds},
	{"role", FIELD_LINE, true, 1, 300, NULL},
	{"url", FIELD_LINE, false, 9, 300, NULL},
	{"ordre", FIELD_INT, false, 0, 1000, NULL},
};

static int render_funders(struct request *req, int status, const char *error)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_FUNDERS_LIST, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_funders.tpl", "Financeurs affichés sur le site");
	admin_notice(req, d, content_notices);
	if (error)
		tpl_set(tpl_section(d, "NOTICE_ERROR"), "NOTICE", error);
	tpl_set(d, "CSRF", csrf_token(req));
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *f = tpl_section(d, "FUNDER");
		const char *id = PQgetvalue(r, i, 0);
		tpl_set(f, "ID", id);
		tpl_set(f, "ACTION", arena_printf(&req->arena, "/admin/contenu/financeurs/%s", id));
		tpl_set(f, "DELETE_ACTION", arena_printf(&req->arena, "/admin/contenu/financeurs/%s/supprimer", id));
		tpl_set(f, "NAME", PQgetvalue(r, i, 1));
		tpl_show(f, strcmp(PQgetvalue(r, i, 2), "public") == 0 ? "PUBLIC" : "PRIVATE");
		tpl_set(f, "ROLE", PQgetvalue(r, i, 3));
		tpl_set(f, "URL", PQgetvalue(r, i, 4));
		tpl_set(f, "ORDER", PQgetvalue(r, i, 5));
	}
	return page_finish(req, status);
}

int page_funders(struct request *req)
{
	return render_funders(req, 200, NULL);
}

/* Reads the funder form; returns NULL, or a French message. */
static const char *read_funder(struct request *req, struct field_value *v)
{
	size_t errors = form_read(&req->arena, &req->form, funder_defs, 5, v);
	if (!v[0].valid)
		return "le nom est obligatoire (200 caractères au plus)";
	if (!v[1].valid)
		return "choisissez public ou privé";
	if (!v[2].valid)
		return "indiquez ce que le financeur a soutenu (300 caractères au plus)";
	if (!v[3].valid || (v[3].present && strncmp(v[3].str, "https://", 8) != 0))
		return "l’adresse du site doit commencer par https://";
	if (!v[4].valid || errors)
		return "l’ordre d’affichage est un nombre entre 0 et 1000";
	return NULL;
}

int page_funder_post(struct request *req)
{
	struct field_value v[5];
	const char *error = read_funder(req, v), *state;
	if (error)
		return render_funders(req, 422, arena_printf(&req->arena, "Financeur non enregistré : %s.", error));
	PGresult *r = req_exec(req, SQL_FUNDER_INSERT,
			       (const char *const[]){admin_actor(req), v[0].str, v[1].str, v[2].str, v[3].str,
						     v[4].present ? v[4].str : "0"}, &state);
	if (!r) {
		if (state && strcmp(state, SQLSTATE_UNIQUE) == 0)
			return render_funders(req, 422, "Financeur non enregistré : ce nom existe déjà.");
		return req_db_error(state);
	}
	resp_redirect(req, 303, "/admin/contenu/financeurs?ok=financeur");
	return 303;
}

int page_funder_update_post(struct request *req)
{
	const char *id = path_id(req, 0), *state;
	if (!id || strlen(id) > 9)
		return 404;
	struct field_value v[5];
	const char *error = read_funder(req, v);
	if (error)
		return render_funders(req, 422, arena_printf(&req->arena, "Financeur non enregistré : %s.", error));
	PGresult *r = req_exec(req, SQL_FUNDER_UPDATE,
			       (const char *const[]){admin_actor(req), id, v[0].str, v[1].str, v[2].str, v[3].str,
						     v[4].present ? v[4].str : "0"}, &state);
	if (!r) {
		if (state && strcmp(state, SQLSTATE_UNIQUE) == 0)
			return render_funders(req, 422, "Financeur non enregistré : ce nom existe déjà.");
		return req_db_error(state);
	}
	if (PQntuples(r) != 1)
		return 404;
	resp_redirect(req, 303, "/admin/contenu/financeurs?ok=financeur");
	return 303;
}

int page_funder_delete_post(struct request *req)
{
	const char *id = path_id(req, 0), *state;
	if (!id || strlen(id) > 9)
		return 404;
	PGresult *r = req_exec(req, SQL_FUNDER_DELETE, (const char *const[]){admin_actor(req), id}, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	resp_redirect(req, 303, "/admin/contenu/financeurs?ok=financeur-supprime");
	return 303;
}
