/* pages.c: the content pages (Markdown from site_page) and what each adds: calls to action,
 * spaces, prices, funders, legal details. */
#include "site.h"
#include "fmt.h"
#include "markdown.h"
#include <stdlib.h>
#include <string.h>

static int home_extra(struct request *req, struct tpl_dict *d)
{
	(void)req;
	/* The three calls to action of the home page. */
	static const struct {
		const char *href, *label, *text;
	} cta[] = {
		{"/adhesion", "Devenir coworker",
		 "Adhérez à l’association et choisissez votre formule."},
		{"/reservation", "Réserver la salle de réunion",
		 "Pour un entretien, une formation ou un lancement de produit."},
		{"/evenements", "Voir les événements",
		 "Ateliers, afterworks, conférences et portes ouvertes, ouverts à tous."},
	};
	for (size_t i = 0; i < sizeof cta / sizeof cta[0]; i++) {
		struct tpl_dict *c = tpl_section(d, "CTA");
		tpl_set(c, "CTA_HREF", cta[i].href);
		tpl_set(c, "CTA_LABEL", cta[i].label);
		tpl_set(c, "CTA_TEXT", cta[i].text);
	}
	tpl_show(d, "CTAS");
	return 0;
}

static const char *kind_label(const char *kind)
{
	if (strcmp(kind, "open_space") == 0)
		return "Espace partagé";
	if (strcmp(kind, "office") == 0)
		return "Bureau privatif";
	return "Salle de réunion";
}

static int espace_extra(struct request *req, struct tpl_dict *d)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_RESOURCES, NULL, &state);
	if (!r)
		return req_db_error(state);
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *s = tpl_section(d, "RESOURCE");
		const char *kind = PQgetvalue(r, i, 0);
		int cap = atoi(PQgetvalue(r, i, 3));
		tpl_set(s, "RES_KIND", kind_label(kind));
		tpl_set(s, "RES_NAME", PQgetvalue(r, i, 1));
		tpl_set(s, "RES_DESCRIPTION", PQgetvalue(r, i, 2));
		tpl_set(s, "RES_CAPACITY",
			strcmp(kind, "open_space") == 0
				? arena_printf(&req->arena, "%d poste%s de travail", cap, cap > 1 ? "s" : "")
				: arena_printf(&req->arena, "%d personne%s", cap, cap > 1 ? "s" : ""));
		if (*PQgetvalue(r, i, 4)) {
			char area[FMT_MAX];
			tpl_set(s, "RES_AREA", fmt_decimal(area, PQgetvalue(r, i, 4)));
			tpl_show(s, "HAS_AREA");
		}
		if (*PQgetvalue(r, i, 5)) {
			tpl_set(s, "RES_EQUIPMENT", PQgetvalue(r, i, 5));
			tpl_show(s, "HAS_EQUIPMENT");
		}
	}
	tpl_show(d, "RESOURCES");
	return 0;
}

static const char *category_label(const char *c)
{
	if (strcmp(c, "adhesion") == 0)
		return "Adhésion à l’association";
	if (strcmp(c, "coworking") == 0)
		return "Coworking en espace partagé";
	if (strcmp(c, "bureau") == 0)
		return "Bureau privatif";
	return "Salle de réunion";
}

static const char *money_or_dash(struct request *req, PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return "—";
	char tmp[FMT_MAX];
	return arena_strdup(&req->arena, fmt_money(tmp, strtoll(PQgetvalue(r, row, col), NULL, 10)));
}

static int tarifs_extra(struct request *req, struct tpl_dict *d)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_PRICES, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *group = NULL;
	const char *current = "";
	for (int i = 0; i < PQntuples(r); i++) {
		const char *cat = PQgetvalue(r, i, 0);
		if (!group || strcmp(cat, current) != 0) {
			group = tpl_section(d, "PRICE_GROUP");
			if (strcmp(PQgetvalue(r, i, 7), "t") == 0)
				tpl_show(group, "NETWORK");
			tpl_set(group, "GROUP_LABEL", category_label(cat));
			tpl_set(group, "GROUP_ID", cat);
			current = cat;
		}
		struct tpl_dict *row = tpl_section(group, "PRICE");
		tpl_set(row, "PRICE_LABEL", PQgetvalue(r, i, 1));
		tpl_set(row, "PRICE_UNIT", PQgetvalue(r, i, 2));
		tpl_set(row, "PRICE_MEMBER", money_or_dash(req, r, i, 3));
		tpl_set(row, "PRICE_NON_MEMBER", money_or_dash(req, r, i, 4));
		if (strcmp(PQgetvalue(r, i, 7), "t") == 0) {
			tpl_show(row, "NETWORK_CELL");
			tpl_set(row, "PRICE_NETWORK", money_or_dash(req, r, i, 6));
		}
		if (*PQgetvalue(r, i, 5)) {
			tpl_set(row, "PRICE_NOTE", PQgetvalue(r, i, 5));
			tpl_show(row, "HAS_NOTE");
		}
	}
	if (PQntuples(r) && strcmp(PQgetvalue(r, 0, 7), "t") == 0)
		tpl_show(d, "NETWORK_NOTE");
	tpl_show(d, "PRICES");
	return 0;
}

static int partenaires_extra(struct request *req, struct tpl_dict *d)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_FUNDERS, NULL, &state);
	if (!r)
		return req_db_error(state);
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *f = tpl_section(d, "FUNDER");
		tpl_set(f, "FUNDER_NAME", PQgetvalue(r, i, 0));
		tpl_set(f, "FUNDER_KIND",
			strcmp(PQgetvalue(r, i, 1), "public") == 0 ? "Financeur public" : "Mécène privé");
		tpl_set(f, "FUNDER_ROLE", PQgetvalue(r, i, 2));
		if (*PQgetvalue(r, i, 3)) {
			tpl_set(f, "FUNDER_URL", PQgetvalue(r, i, 3));
			tpl_show(f, "HAS_URL");
		} else {
			tpl_show(f, "NO_URL");
		}
	}
	tpl_show(d, "FUNDERS");
	return 0;
}

static int legal_extra(struct request *req, struct tpl_dict *d)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_ORG_LEGAL, NULL, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 0;
	static const char *const labels[] = {
		"Éditeur", "Forme juridique", NULL, NULL, NULL, "Courriel", "Téléphone",
		"SIREN", "SIRET", "Numéro RNA", NULL, "Numéro de TVA intracommunautaire",
		"Directrice ou directeur de la publication", "Hébergeur", "Adresse de l’hébergeur",
	};
	for (int col = 0; col < (int)(sizeof labels / sizeof labels[0]); col++) {
		const char *v = PQgetvalue(r, 0, col);
		if (col == 2) {
			struct tpl_dict *row = tpl_section(d, "LEGAL");
			tpl_set(row, "LEGAL_LABEL", "Siège");
			tpl_set(row, "LEGAL_VALUE",
				arena_printf(&req->arena, "%s, %s %s", v, PQgetvalue(r, 0, 3),
					     PQgetvalue(r, 0, 4)));
			continue;
		}
		if (col == 10) {
			struct tpl_dict *row = tpl_section(d, "LEGAL");
			tpl_set(row, "LEGAL_LABEL", "TVA");
			tpl_set(row, "LEGAL_VALUE", strcmp(v, "franchise") == 0
							    ? "TVA non applicable, art. 293 B du CGI"
							    : "Assujettie à la TVA");
			continue;
		}
		if (!labels[col] || !*v)
			continue;
		struct tpl_dict *row = tpl_section(d, "LEGAL");
		tpl_set(row, "LEGAL_LABEL", labels[col]);
		tpl_set(row, "LEGAL_VALUE", v);
	}
	tpl_show(d, "LEGAL_TABLE");
	return 0;
}

void site_hours_rows(struct tpl_dict *d, PGresult *r, int *row, int end, int col)
{
	int i = *row;
	for (int day = 1; day <= 7; day++) {
		struct tpl_dict *line = tpl_section(d, "DAY");
		tpl_set(line, "DAY_NAME", fmt_weekday_names[day - 1]);
		struct buf text = {0};
		for (; i < end && atoi(PQgetvalue(r, i, col)) == day; i++) {
			int open = atoi(PQgetvalue(r, i, col + 1)), close = atoi(PQgetvalue(r, i, col + 2));
			if (text.len)
				buf_puts(&text, " et ");
			buf_printf(&text, "%d" FMT_NBSP "h" FMT_NBSP "%02d à %d" FMT_NBSP "h" FMT_NBSP "%02d",
				   open / 3600, open / 60 % 60, close / 3600, close / 60 % 60);
		}
		tpl_set(line, "DAY_HOURS", text.len ? buf_cstr(&text) : "fermé");
		buf_free(&text);
	}
	*row = i;
}

int site_hours(struct request *req, struct tpl_dict *d)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_HOURS, NULL, &state);
	if (!r)
		return req_db_error(state);
	int i = 0;
	site_hours_rows(d, r, &i, PQntuples(r), 0);
	tpl_show(d, "OPENING_HOURS");
	return 0;
}

static int contact_page_extra(struct request *req, struct tpl_dict *d)
{
	return site_hours(req, d);
}

const struct content_page page_home = {"accueil", home_extra, -1};
const struct content_page page_coworking = {"coworking", NULL, -1};
const struct content_page page_espace = {"espace", espace_extra, SQL_RESOURCES};
const struct content_page page_tarifs = {"tarifs", tarifs_extra, SQL_PRICES};
const struct content_page page_cooperative = {"cooperative", NULL, -1};
const struct content_page page_partenaires = {"partenaires", partenaires_extra, SQL_FUNDERS};
const struct content_page page_legal = {"mentions-legales", legal_extra, SQL_ORG_LEGAL};
const struct content_page page_privacy = {"confidentialite", NULL, -1};
const struct content_page page_statuts = {"statuts", NULL, -1};
static const struct content_page page_contact_info = {"contact", contact_page_extra, SQL_HOURS};

/* Renders the Markdown page named by slug into template tpl with extra's additions.
 * Returns the handler's status (0 when the page is rendered). */
static int render_content(struct request *req, const struct content_page *cp, const char *tpl,
			  struct tpl_dict **out)
{
	const char *params[1] = {cp->slug};
	const char *state;
	PGresult *r = req_exec(req, SQL_PAGE, params, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	struct tpl_dict *d = page_start(req, tpl, PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1));
	struct buf html = {0};
	int rc = markdown_html(PQgetvalue(r, 0, 2), (size_t)PQgetlength(r, 0, 2), &html);
	if (rc == 0)
		tpl_set_len(d, "BODY_HTML", html.data ? html.data : "", html.len);
	buf_free(&html);
	if (rc < 0)
		return 500;
	if (cp->extra && (rc = cp->extra(req, d)) != 0)
		return rc;
	if (out)
		*out = d;
	return 0;
}

/* Reads cp's page and what its extra reads (req_prefetch) in one round trip; or serves the
 * worker's copy of the page (returns true) when key names one of the data's version. */
static bool content_reads(struct request *req, const struct content_page *cp, const char *key)
{
	const char *const params[1] = {cp->slug};
	return page_cache_serve(req, key, cp->extra_stmt >= 0 ? 2 : 1,
				(const int[]){SQL_PAGE, cp->extra_stmt},
				(const char *const *const[]){params, NULL});
}

int page_content(struct request *req)
{
	const struct content_page *cp = req->route_data;
	/* Made of shared data only: the worker keeps a copy while that data does not change. */
	const char *key = page_cache_key(req);
	if (content_reads(req, cp, key))
		return 0;
	int rc = render_content(req, cp, "page.tpl", NULL);
	if (rc)
		return rc;
	req->resp.cache = CACHE_PUBLIC;
	rc = page_finish(req, 200);
	if (!rc)
		page_cache_keep(req, key);
	return rc;
}

struct tpl_dict *site_contact_page(struct request *req, int *status)
{
	struct tpl_dict *d = NULL;
	content_reads(req, &page_contact_info, NULL);
	*status = render_content(req, &page_contact_info, "contact.tpl", &d);
	return *status ? NULL : d;
}
