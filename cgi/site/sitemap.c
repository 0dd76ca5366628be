/* sitemap.c: sitemap.xml (written with libxml2) and robots.txt. */
#include "site.h"
#include "xmlout.h"
#include <string.h>

/* Public URLs and the site_page slug whose updated_at is their lastmod. */
static const struct {
	const char *path, *slug;
} urls[] = {
	{"/", "accueil"},
	{"/coworking", "coworking"},
	{"/espace", "espace"},
	{"/tarifs", "tarifs"},
	{"/cooperative", "cooperative"},
	{"/partenaires", "partenaires"},
	{"/contact", "contact"},
	{"/mentions-legales", "mentions-legales"},
	{"/confidentialite", "confidentialite"},
	{"/statuts", "statuts"},
};

int page_sitemap(struct request *req)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_SITEMAP, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct xmlout x;
	if (xmlout_begin(&x) < 0)
		return 500;
	xmlTextWriterPtr w = x.w;
	xmlTextWriterStartElement(w, BAD_CAST "urlset");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns",
				    BAD_CAST "http://www.sitemaps.org/schemas/sitemap/0.9");
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		xmlTextWriterStartElement(w, BAD_CAST "url");
		xmlTextWriterWriteElement(
			w, BAD_CAST "loc",
			BAD_CAST arena_printf(&req->arena, "%s%s", space_url(req, ""), urls[i].path));
		for (int row = 0; row < PQntuples(r); row++)
			if (strcmp(PQgetvalue(r, row, 0), urls[i].slug) == 0)
				xmlTextWriterWriteElement(w, BAD_CAST "lastmod",
							  BAD_CAST PQgetvalue(r, row, 1));
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndElement(w);
	if (xmlout_finish(&x, &req->resp.body) < 0)
		return 500;
	req->resp.content_type = "application/xml; charset=utf-8";
	req->resp.cache = CACHE_PUBLIC;
	return 0;
}

int page_robots(struct request *req)
{
	buf_printf(&req->resp.body, "User-agent: *\nAllow: /\nDisallow: /contact/merci\n\nSitemap: %s/sitemap.xml\n",
		   space_url(req, ""));
	req->resp.content_type = "text/plain; charset=utf-8";
	req->resp.cache = CACHE_PUBLIC;
	return 0;
}
