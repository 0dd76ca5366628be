/* rss.c: the RSS 2.0 feeds of the events (all, and one per category), with libxml2. */
#include "feed.h"
#include "escape.h"
#include "fmt.h"
#include "markdown.h"
#include "page.h"
#include "xmlout.h"
#include <string.h>

/* Writes <name>text</name> with text cleaned of what XML forbids. Returns < 0 on error. */
static int element(struct request *req, xmlTextWriterPtr w, const char *name, const char *text)
{
	return xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST xml_clean(&req->arena, text));
}

/* The short plain text of an item: when, where, and the summary. */
static const char *item_description(struct request *req, const struct feed *f,
				    const struct feed_event *e)
{
	return arena_printf(&req->arena, "%s%s, %s. %s", e->cancelled ? "Annulé. " : "",
			    feed_when(req, e), feed_place(req, f, e), e->summary);
}

/* The HTML of an item: when, where, price and seats, then the Markdown description. */
static const char *item_html(struct request *req, const struct feed *f, const struct feed_event *e)
{
	struct buf b = {0};
	char money[FMT_MAX];
	if (e->cancelled)
		buf_puts(&b, "<p><strong>Cet événement est annulé.</strong></p>\n");
	buf_puts(&b, "<p><strong>");
	escape_html(&b, feed_when(req, e));
	buf_puts(&b, "</strong><br>\n");
	escape_html(&b, feed_place(req, f, e));
	buf_puts(&b, "<br>\n");
	if (e->price_cents > 0) {
		buf_puts(&b, "Tarif : ");
		escape_html(&b, fmt_money(money, e->price_cents));
	} else {
		buf_puts(&b, "Entrée libre");
	}
	if (e->capacity > 0)
		buf_printf(&b, ", %d places", e->capacity);
	buf_puts(&b, "</p>\n<p>");
	escape_html(&b, e->summary);
	buf_puts(&b, "</p>\n");
	int rc = markdown_html(e->body_md, strlen(e->body_md), &b);
	const char *html = rc == 0 ? arena_strdup(&req->arena, buf_cstr(&b)) : NULL;
	buf_free(&b);
	return html;
}

static int write_item(struct request *req, xmlTextWriterPtr w, const struct feed *f,
		      const struct feed_event *e)
{
	char date[FMT_MAX];
	const char *url = feed_event_url(req, e);
	const char *html = item_html(req, f, e);
	if (!html)
		return -1;
	int rc = 0;
	rc |= xmlTextWriterStartElement(w, BAD_CAST "item") < 0;
	rc |= element(req, w, "title",
		      e->cancelled ? arena_printf(&req->arena, "Annulé : %s", e->title) : e->title) < 0;
	rc |= element(req, w, "link", url) < 0;
	rc |= xmlTextWriterStartElement(w, BAD_CAST "guid") < 0;
	rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "isPermaLink", BAD_CAST "true") < 0;
	rc |= xmlTextWriterWriteString(w, BAD_CAST xml_clean(&req->arena, url)) < 0;
	rc |= xmlTextWriterEndElement(w) < 0;
	rc |= element(req, w, "pubDate", fmt_http_date(date, e->published)) < 0;
	rc |= element(req, w, "description", item_description(req, f, e)) < 0;
	rc |= element(req, w, "content:encoded", html) < 0;
	rc |= element(req, w, "category", feed_category_label(e->category)) < 0;
	rc |= xmlTextWriterEndElement(w) < 0;
	return rc ? -1 : 0;
}

int feed_write_rss(struct request *req, const struct feed *f, const char *title,
		   const char *description, const char *self_path, const char *link_path)
{
	struct xmlout x;
	if (xmlout_begin(&x) < 0)
		return 500;
	xmlTextWriterPtr w = x.w;
	char date[FMT_MAX];
	int rc = 0;
	rc |= xmlTextWriterStartElement(w, BAD_CAST "rss") < 0;
	rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST "2.0") < 0;
	rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:atom",
					  BAD_CAST "http://www.w3.org/2005/Atom") < 0;
	rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:content",
					  BAD_CAST "http://purl.org/rss/1.0/modules/content/") < 0;
	rc |= xmlTextWriterStartElement(w, BAD_CAST "channel") < 0;
	rc |= element(req, w, "title", title) < 0;
	rc |= element(req, w, "link", space_url(req, link_path)) < 0;
	rc |= element(req, w, "description", description) < 0;
	rc |= element(req, w, "language", "fr-FR") < 0;
	rc |= element(req, w, "lastBuildDate", fmt_http_date(date, f->last_modified)) < 0;
	rc |= element(req, w, "generator", "Fontaine") < 0;
	rc |= xmlTextWriterStartElement(w, BAD_CAST "atom:link") < 0;
	rc |= xmlTextWriterWriteAttribute(
		      w, BAD_CAST "href",
		      BAD_CAST xml_clean(&req->arena, arena_printf(&req->arena, "%s%s", space_url(req, ""),
								   self_path))) < 0;
	rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "self") < 0;
	rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "application/rss+xml") < 0;
	rc |= xmlTextWriterEndElement(w) < 0;
	for (size_t i = 0; i < f->n && !rc; i++)
		rc |= write_item(req, w, f, &f->ev[i]) < 0;
	rc |= xmlTextWriterEndElement(w) < 0; /* channel */
	rc |= xmlTextWriterEndElement(w) < 0; /* rss */
	if (xmlout_finish(&x, &req->resp.body) < 0 || rc) {
		buf_reset(&req->resp.body);
		return 500;
	}
	req->resp.content_type = "application/rss+xml; charset=utf-8";
	return 0;
}

/* Loads the events (category NULL: all), answers 304 when the reader is up to date, else
 * writes the feed; what ("Les ateliers") starts the channel description. A worker serves its
 * copy of the feed while the events have not changed and none has ended since (one round trip
 * at most: none while no NOTIFY shared_data came). Returns 0 or an HTTP status. */
static int rss(struct request *req, const char *category, const char *title, const char *what,
	       const char *self_path)
{
	struct feed f;
	const char *params[] = {category};
	const char *key = page_cache_key(req);
	if (feed_copy_serve(req, key, SQL_FEED_EVENTS, params, SQL_FEED_EVENTS_UNTIL))
		return 0;
	int status = feed_load(req, SQL_FEED_EVENTS, params, &f);
	if (status)
		return status;
	req->resp.cache = CACHE_PUBLIC;
	if (resp_last_modified(req, f.last_modified))
		return 0;
	status = feed_write_rss(req, &f, arena_printf(&req->arena, "%s : %s", f.org_name, title),
			   arena_printf(&req->arena, "%s de %s, l’espace de coworking coopératif "
					"du centre-ville d’Agen.", what, f.org_name),
			   self_path, "/evenements");
	if (status == 0)
		feed_copy_keep(req, key, &f, SQL_FEED_EVENTS_UNTIL);
	return status;
}

int page_rss(struct request *req)
{
	return rss(req, NULL, "événements", "Ateliers, afterworks, conférences et portes ouvertes",
		   "/evenements.rss");
}

int page_rss_category(struct request *req)
{
	int i = feed_category_index(req->params[0]);
	if (i < 0)
		return 404;
	const struct feed_category *c = &feed_categories[i];
	return rss(req, c->key, c->plural, arena_printf(&req->arena, "Les %s", c->plural),
		   arena_printf(&req->arena, "/evenements/%s.rss", c->key));
}
