/* feed.h: the feed program: RSS 2.0 and iCalendar feeds of La Fontaine's events. */
#ifndef FT_FEED_H
#define FT_FEED_H
#include <stdbool.h>
#include <time.h>
#include "http.h"

enum feed_stmt {
	SQL_FEED_EVENTS,    /* $1 category or NULL: the 50 most relevant published/cancelled */
	SQL_CALENDAR_EVENTS, /* $1 category or NULL: published/cancelled, upcoming and the last 6 months */
	SQL_EVENT,          /* $1 slug: one published or cancelled event */
	SQL_PERSONAL_ITEMS, /* $1 token hash: a member's calendar (calendar_feed_items) */
	SQL_NET_FEED_EVENTS, /* as SQL_FEED_EVENTS over every space, with each one's space */
	SQL_NET_CALENDAR_EVENTS, /* as SQL_CALENDAR_EVENTS over every space, with each one's space */
	SQL_FEED_EVENTS_UNTIL, /* one epoch or NULL: until when SQL_FEED_EVENTS's events stand */
	SQL_CALENDAR_EVENTS_UNTIL, /* the same for SQL_CALENDAR_EVENTS */
	SQL__MAX
};
/* Columns of SQL_PERSONAL_ITEMS (row 0: kind "person", the name in PI_TITLE). */
enum { PI_KIND, PI_UID, PI_SEQUENCE, PI_START, PI_END, PI_TITLE, PI_LOCATION, PI_CANCELLED, PI_STAMP };
extern const struct db_stmt feed_stmts[SQL__MAX];

/* One event as the feeds show it (strings owned by the request). */
struct feed_event {
	const char *uid, *slug, *title, *summary, *body_md, *category;
	const char *place_name, *place_address;
	/* Network feeds: the event's space (name, address, and where its pages are: "" for the
	 * shared host's default space, "/lieux/<slug>" or "https://<host>"); NULL otherwise. */
	const char *space_name, *space_address, *space_base;
	time_t starts, ends, published, created, updated;
	int sequence;
	int capacity;     /* 0: unlimited */
	long price_cents; /* 0: free */
	bool cancelled;
};

/* A feed's events and what every page of it shows. */
struct feed {
	const char *org_name;    /* "La Fontaine" */
	const char *org_address; /* "12 rue …, 47000 Agen" */
	struct feed_event *ev;
	size_t n;
	time_t last_modified;    /* max(updated_at), or now for a feed without events */
};

/* event.c: reading the rows and the French texts shared by RSS and iCalendar.
 * Runs statement id with params and fills f. Returns 0 or an HTTP status. */
int feed_load(struct request *req, int id, const char *const *params, struct feed *f);
/* The feed at req's address from the worker's copy (returns true, the response ready), else
 * false with statement id (params) and until_id read for the handler (cgi/lib/pagecache.c). */
bool feed_copy_serve(struct request *req, const char *key, int id, const char *const *params,
		     int until_id);
/* Keeps the feed just written as key's copy, until the time until_id read (and not past a
 * feed without events, whose Last-Modified is now). */
void feed_copy_keep(struct request *req, const char *key, const struct feed *f, int until_id);
/* "https://…/evenements/<slug>". */
const char *feed_event_url(struct request *req, const struct feed_event *e);
/* "mardi 3 mars 2026 de 18 h 30 à 20 h 30" (or "du … au …" over several days). */
const char *feed_when(struct request *req, const struct feed_event *e);
/* "La Fontaine, 12 rue …, 47000 Agen": the place and its address (the organisation's own
 * for La Fontaine without an address). */
const char *feed_place(struct request *req, const struct feed *f, const struct feed_event *e);
/* French label of a category ("Atelier"); the key itself when unknown. */
const char *feed_category_label(const char *category);
/* Returns the index of category in the feeds by category, or -1 when there is none. */
int feed_category_index(const char *category);
/* Feeds by category: key, label of the channel ("ateliers"). */
struct feed_category {
	const char *key, *label, *plural;
};
extern const struct feed_category feed_categories[5];

/* rss.c */
int page_rss(struct request *req);
/* Writes f as an RSS 2.0 channel (title, description, its own path, the page it is the
 * feed of). Returns 0 or an HTTP status. */
int feed_write_rss(struct request *req, const struct feed *f, const char *title,
		   const char *description, const char *self_path, const char *link_path);
int page_rss_category(struct request *req);

/* ics.c */
int page_ics(struct request *req);
/* Writes f as a calendar named name, served as filename. Returns 0 or an HTTP status. */
int feed_write_ics(struct request *req, const struct feed *f, const char *name,
		   const char *filename);
int page_ics_event(struct request *req);

/* network.c: /reseau/evenements.rss and /reseau/evenements.ics, every space's events.
 * feed_network_load runs statement id in network scope and fills f (feed_load). */
int feed_network_load(struct request *req, int id, struct feed *f);
int page_network_rss(struct request *req);
int page_network_ics(struct request *req);

/* personal.c: /agenda/<token>.ics */
int page_personal(struct request *req);
#endif
