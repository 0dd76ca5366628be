/* page.c: the site's layout, error pages, and form redisplay. */
#include "page.h"
#include "fmt.h"
#include "conf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Main navigation of the public site: the same on every program's pages. */
static const struct {
	const char *href, *label;
} nav[] = {
	{"/", "Accueil"},
	{"/coworking", "Le coworking"},
	{"/espace", "L’espace"},
	{"/tarifs", "Tarifs"},
	{"/evenements", "Événements"},
	{"/cooperative", "La coopérative"},
	{"/partenaires", "Partenaires"},
	{"/contact", "Contact"},
};

/* The back office's navigation, shared by every staff page of every program; a page group
 * adds its line here, with the least role that sees it. */
static const struct {
	const char *href, *label;
	enum role need;
} staff_nav[] = {
	{"/admin", "Tableau de bord", ROLE_STAFF},
	{"/admin/accueil", "Accueil et arrivées", ROLE_STAFF},
	{"/admin/reservations", "Réservations", ROLE_STAFF},
	{"/admin/reservations/baux", "Baux des bureaux", ROLE_STAFF},
	{"/admin/factures", "Factures", ROLE_STAFF},
	{"/admin/membres", "Membres", ROLE_STAFF},
	{"/admin/adhesions", "Adhésions", ROLE_STAFF},
	{"/admin/evenements", "Événements", ROLE_STAFF},
	{"/admin/financements", "Financements", ROLE_STAFF},
	{"/admin/contenu", "Contenus du site", ROLE_STAFF},
	{"/admin/lettre", "Lettre d’information", ROLE_STAFF},
	{"/admin/journal", "Journal", ROLE_STAFF},
	{"/admin/rgpd", "RGPD", ROLE_STAFF},
	{"/admin/api", "API", ROLE_ADMIN},
	{"/admin/webhooks", "Webhooks", ROLE_ADMIN},
};

void page_staff_nav(struct request *req, struct tpl_dict *d, const char *key)
{
	struct tpl_dict *menu = tpl_include(d, key, "admin_nav.tpl");
	size_t best = 0, best_len = 0; /* the longest href that prefixes the path is current */
	for (size_t i = 0; i < sizeof staff_nav / sizeof staff_nav[0]; i++) {
		size_t n = strlen(staff_nav[i].href);
		if (strncmp(req->path, staff_nav[i].href, n) == 0 &&
		    (req->path[n] == '\0' || req->path[n] == '/') && n > best_len)
			best = i, best_len = n;
	}
	for (size_t i = 0; i < sizeof staff_nav / sizeof staff_nav[0]; i++) {
		if (!req->user || req->user->role < staff_nav[i].need)
			continue;
		struct tpl_dict *item = tpl_section(menu, "ITEM");
		tpl_set(item, "HREF", staff_nav[i].href);
		tpl_set(item, "LABEL", staff_nav[i].label);
		if (best_len && i == best)
			tpl_show(item, strcmp(req->path, staff_nav[i].href) == 0 ? "PAGE" : "SECTION_CUR");
	}
	tpl_set(menu, "STAFF_NAME", req->user ? req->user->first_name : "");
}

struct tpl_dict *page_start(struct request *req, const char *content_tpl, const char *title,
			    const char *description)
{
	if (req->dict)
		tpl_dict_free(req->dict);
	struct tpl_dict *d = req->dict = tpl_dict_new();
	tpl_set(d, "TITLE", title);
	tpl_set(d, "DESCRIPTION", description);
	tpl_set(d, "BASE_URL", base_url());
	tpl_set(d, "CANONICAL", space_url(req, req->path));
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	tpl_set_int(d, "YEAR", 1900 + tm.tm_year);
	for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
		struct tpl_dict *item = tpl_section(d, "NAV");
		tpl_set(item, "NAV_HREF", nav[i].href);
		tpl_set(item, "NAV_LABEL", nav[i].label);
		if (strcmp(req->path, nav[i].href) == 0)
			tpl_show(item, "NAV_CURRENT");
	}
	/* The footer: the space's details, else its organisation's (the space table's snapshot,
	 * cgi/lib/space.c: no query here). */
	const struct space *s = req->space;
	if (s && s->id > 0) {
		const char *const values[] = {s->name, s->legal_name, s->street, s->postcode,
					      s->city, s->email, s->phone};
		static const char *const vars[] = {"ORG_NAME", "ORG_LEGAL_NAME", "ORG_STREET",
						   "ORG_POSTCODE", "ORG_CITY", "ORG_EMAIL", "ORG_PHONE"};
		for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
			tpl_set(d, vars[i], values[i] ? values[i] : "");
		tpl_show(d, "ORG");
	}
	if (space_active_count() > 1)
		tpl_show(d, "NETWORK");
	tpl_set(d, "SITE_NAME", s && s->id > 0 ? s->name : "La Fontaine");
	if (req->user) {
		tpl_show(d, "LOGGED_IN");
		tpl_set(d, "USER_FIRST_NAME", req->user->first_name);
		tpl_set(d, "CSRF", csrf_token(req));
		if (req->user->role >= ROLE_STAFF)
			tpl_show(d, "IS_STAFF");
	} else {
		tpl_show(d, "LOGGED_OUT");
	}
	struct tpl_dict *content = tpl_include(d, "CONTENT", content_tpl);
	tpl_set(content, "TITLE", title);
	return content;
}

void page_alternate(struct request *req, const char *type, const char *title, const char *href)
{
	struct tpl_dict *alt = tpl_section(req->dict, "ALTERNATE");
	tpl_set(alt, "ALT_TYPE", type);
	tpl_set(alt, "ALT_TITLE", title);
	tpl_set(alt, "ALT_HREF", href);
}

int page_finish(struct request *req, int status)
{
	req->resp.status = status;
	req->resp.content_type = "text/html; charset=utf-8";
	buf_reset(&req->resp.body);
	if (tpl_expand("layout.tpl", req->dict, &req->resp.body) < 0) {
		fprintf(stderr, "%s: layout expansion failed for %s\n", req->app->name, req->path);
		return 500;
	}
	return 0;
}

const char *http_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Payload Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

static const char *error_title(int status)
{
	switch (status) {
	case 400: return "Requête invalide";
	case 403: return "Accès refusé";
	case 404: return "Page introuvable";
	case 405: return "Méthode non autorisée";
	case 409: return "Action impossible";
	case 410: return "Lien expiré";
	case 413: return "Envoi trop volumineux";
	case 414: return "Adresse trop longue";
	case 415: return "Format d’envoi non pris en charge";
	case 429: return "Trop de demandes";
	case 503: return "Service momentanément indisponible";
	default: return "Erreur du serveur";
	}
}

static const char *error_text(int status)
{
	switch (status) {
	case 400: return "Votre navigateur a envoyé une demande que nous ne comprenons pas. "
			 "Vérifiez l’adresse ou revenez à l’accueil.";
	case 403: return "Cette action n’a pas pu être vérifiée. Le formulaire a peut-être expiré : "
			 "rechargez la page et recommencez.";
	case 404: return "La page demandée n’existe pas ou a été déplacée.";
	case 405: return "Cette adresse ne peut pas être utilisée de cette façon.";
	case 409: return "Cette action n’est pas possible dans l’état actuel des données.";
	case 410: return "Ce lien n’est plus valable : il a expiré ou a déjà servi.";
	case 413: return "Les données envoyées sont trop volumineuses.";
	case 414: return "L’adresse demandée est trop longue.";
	case 415: return "Ce format d’envoi n’est pas accepté par ce formulaire.";
	case 429: return "Vous avez envoyé trop de demandes en peu de temps. Réessayez dans un moment.";
	case 503: return "Le site est momentanément indisponible. Réessayez dans quelques instants : "
			 "rien de ce que vous aviez enregistré n’est perdu.";
	default: return "Une erreur inattendue s’est produite. L’équipe a été prévenue ; "
			"réessayez dans quelques instants.";
	}
}

void page_error(struct request *req, int status)
{
	/* Headers a handler set for the success path (cookies, Location) are dropped, but
	 * Allow is what a 405 is about. */
	char allow[64] = "";
	const char *a = strstr(buf_cstr(&req->resp.headers), "Allow: ");
	if (a)
		sscanf(a + 7, "%63[^\r]", allow);
	buf_reset(&req->resp.headers);
	if (allow[0])
		resp_header(req, "Allow", allow);
	req->resp.cache = CACHE_NONE;
	struct tpl_dict *d = page_start(req, "error.tpl", error_title(status), error_title(status));
	tpl_show(req->dict, "NOINDEX");
	tpl_set(d, "MESSAGE", status == 403 && req->refusal ? req->refusal : error_text(status));
	tpl_set_int(d, "STATUS", status);
	if (page_finish(req, status) != 0) {
		buf_reset(&req->resp.body);
		buf_puts(&req->resp.body, "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
					  "<title>Erreur</title></head><body><h1>Erreur</h1>"
					  "<p>Une erreur inattendue s’est produite.</p></body></html>");
		req->resp.status = status;
	}
}

void page_form(struct tpl_dict *d, const struct field_def *defs, const struct form_vars *vars,
	       const struct field_value *values, size_t n, size_t n_errors)
{
	for (size_t i = 0; i < n; i++) {
		if (vars[i].value_var)
			tpl_set(d, vars[i].value_var, values[i].str);
		if (!values[i].valid) {
			if (vars[i].error_var)
				tpl_set(d, vars[i].error_var, values[i].error);
			if (vars[i].invalid_sec)
				tpl_show(d, vars[i].invalid_sec);
		}
	}
	(void)defs;
	page_errors(d, n_errors);
}

void page_errors(struct tpl_dict *d, size_t n_errors)
{
	if (n_errors) {
		tpl_show(d, "FORM_ERRORS");
		char count[FMT_MAX];
		tpl_set(d, "N_ERRORS", fmt_plural(count, (long long)n_errors, "erreur", "erreurs"));
	}
}

int page_message(struct request *req, int status, const char *title, const char *link_href,
		 const char *link_label, const char *const *paragraphs)
{
	struct tpl_dict *d = page_start(req, "message.tpl", title, title);
	tpl_show(req->dict, "NOINDEX");
	for (const char *const *p = paragraphs; p && *p; p++)
		tpl_set(tpl_section(d, "PARAGRAPH"), "TEXT", *p);
	if (link_href) {
		struct tpl_dict *l = tpl_section(d, "LINK");
		tpl_set(l, "LINK_HREF", link_href);
		tpl_set(l, "LINK_LABEL", link_label);
	}
	return page_finish(req, status);
}

void page_fields(struct request *req, struct tpl_dict *d, const char *section,
		 const struct field_def *defs, const struct field_ui *ui,
		 const struct field_value *values, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		const struct field_def *def = &defs[i];
		const struct field_value *v = values ? &values[i] : NULL;
		struct tpl_dict *f = tpl_include(tpl_section(d, section), "FIELD", "field.tpl");
		const char *id = arena_printf(&req->arena, "f-%s", def->name);
		tpl_set(f, "ID", id);
		tpl_set(f, "NAME", def->name);
		tpl_set(f, "LABEL", ui[i].label);
		tpl_set(f, "TYPE", ui[i].input);
		if (def->required)
			tpl_show(f, "REQUIRED");
		if (ui[i].autocomplete)
			tpl_set(tpl_section(f, "AUTOCOMPLETE"), "AC", ui[i].autocomplete);
		if (def->max && def->type != FIELD_INT)
			tpl_set_int(tpl_section(f, "MAXLEN"), "MAX", (long long)def->max);
		struct buf described = {0};
		if (ui[i].hint) {
			tpl_set(tpl_section(f, "HINT"), "HINT_TEXT", ui[i].hint);
			buf_printf(&described, "%s-aide", id);
		}
		if (v && !v->valid) {
			tpl_show(f, "INVALID");
			tpl_set(tpl_section(f, "ERROR"), "ERROR_TEXT", v->error);
			buf_printf(&described, "%s%s-erreur", described.len ? " " : "", id);
		}
		if (described.len)
			tpl_set(tpl_section(f, "DESCRIBED"), "DESCRIBED_BY", buf_cstr(&described));
		buf_free(&described);
		const char *input = ui[i].input;
		if (strcmp(input, "checkbox") == 0) {
			tpl_show(f, "CHECKBOX");
			if (v && v->present && v->valid && v->num)
				tpl_show(f, "CHECKED");
		} else if (strcmp(input, "textarea") == 0) {
			tpl_show(f, "TEXTAREA");
			tpl_set(f, "VALUE", v && def->type != FIELD_PASSWORD ? v->str : "");
		} else {
			tpl_show(f, "INPUT");
			tpl_set(f, "VALUE", v && def->type != FIELD_PASSWORD ? v->str : "");
		}
	}
}
