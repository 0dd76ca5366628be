/* events.h: the public events pages: upcoming events, archives, one event, registration. */
#ifndef FT_EVENTS_H
#define FT_EVENTS_H
#include "http.h"
#include "page.h"

enum events_stmt {
	SQL_UPCOMING,
	SQL_PAST,
	SQL_EVENT,
	SQL_REGISTER,
	SQL_REGISTRATION_BY_TOKEN,
	SQL_REGISTRATION_CANCEL,
	SQL_EVENTS_UNTIL, /* one epoch or NULL: until when the lists stand (the next end of an event) */
	SQL__MAX
};
extern const struct db_stmt events_stmts[SQL__MAX];

/* list.c */
int page_events(struct request *req);
int page_events_past(struct request *req);
/* event.c */
int page_event(struct request *req);
int page_event_register(struct request *req);
int page_event_registered(struct request *req);
int page_event_cancel(struct request *req);
int page_event_cancel_post(struct request *req);

/* French label of an event category ("Conférence"). */
const char *event_category_label(const char *category);
/* "mardi 3 mars 2026, de 18 h 30 à 20 h 30" (or "du … au …" over several days). */
const char *event_when(struct arena *a, time_t start, time_t end);
/* Adds the feed links of the events pages to the page head. */
void event_feed_links(struct request *req, const char *category);
/* Fills section name of d with the feeds of every category, or of category alone. */
void event_category_feeds(struct request *req, struct tpl_dict *d, const char *name, const char *category);
#endif
