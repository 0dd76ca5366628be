/* ics.c: the iCalendar feeds: every recent and upcoming event, and one event. */
#include "feed.h"
#include "ical.h"
#include "page.h"
#include <string.h>

int feed_write_ics(struct request *req, const struct feed *f, const char *name,
		   const char *filename)
{
	struct ical_event *ev = arena_alloc(&req->arena, (f->n ? f->n : 1) * sizeof *ev);
	for (size_t i = 0; i < f->n; i++) {
		const struct feed_event *e = &f->ev[i];
		ev[i] = (struct ical_event){
			.uid = e->uid,
			.sequence = e->sequence,
			.start = e->starts,
			.end = e->ends,
			/* The revision's time, not now: the same event gives the same bytes
			 * (ETag, 304) until it changes. */
			.stamp = e->updated,
			.created = e->created,
			.modified = e->updated,
			.title = e->title,
			.description = *e->body_md
					       ? arena_printf(&req->arena, "%s\n\n%s", e->summary, e->body_md)
					       : e->summary,
			.location = feed_place(req, f, e),
			.url = feed_event_url(req, e),
			.category = feed_category_label(e->category),
			.cancelled = e->cancelled,
		};
	}
	if (ical_calendar(&req->resp.body, name, ev, f->n) < 0) {
		buf_reset(&req->resp.body);
		return 500;
	}
	req->resp.content_type = "text/calendar; charset=utf-8";
	resp_header(req, "Content-Disposition",
		    arena_printf(&req->arena, "inline; filename=\"%s\"", filename));
	return 0;
}

/* /evenements.ics, or ?categorie=<key> for one category's events (as /evenements/<key>.rss). */
int page_ics(struct request *req)
{
	const char *cat = kv_get(&req->query, "categorie");
	int i = cat ? feed_category_index(cat) : -1;
	if (cat && i < 0)
		return 404;
	struct feed f;
	const char *params[1] = {cat ? feed_categories[i].key : NULL};
	/* The worker's copy, as for RSS (rss.c): the category is in the query. */
	const char *key = arena_printf(&req->arena, "%s?%s", page_cache_key(req), cat ? cat : "");
	if (feed_copy_serve(req, key, SQL_CALENDAR_EVENTS, params, SQL_CALENDAR_EVENTS_UNTIL))
		return 0;
	int status = feed_load(req, SQL_CALENDAR_EVENTS, params, &f);
	if (status)
		return status;
	req->resp.cache = CACHE_PUBLIC;
	if (resp_last_modified(req, f.last_modified))
		return 0;
	if (cat)
		status = feed_write_ics(req, &f, arena_printf(&req->arena, "%s : %s", f.org_name, feed_categories[i].plural),
				 arena_printf(&req->arena, "evenements-%s.ics", feed_categories[i].key));
	else
		status = feed_write_ics(req, &f, arena_printf(&req->arena, "%s : événements", f.org_name),
				 "evenements.ics");
	if (status == 0)
		feed_copy_keep(req, key, &f, SQL_CALENDAR_EVENTS_UNTIL);
	return status;
}

int page_ics_event(struct request *req)
{
	struct feed f;
	const char *params[] = {req->params[0]};
	int status = feed_load(req, SQL_EVENT, params, &f);
	if (status)
		return status;
	if (f.n != 1)
		return 404;
	req->resp.cache = CACHE_PUBLIC;
	if (resp_last_modified(req, f.last_modified))
		return 0;
	/* The slug matched the table's pattern ([a-z0-9-]): safe in the header. */
	return feed_write_ics(req, &f, f.ev[0].title,
			 arena_printf(&req->arena, "%s.ics", f.ev[0].slug));
}
