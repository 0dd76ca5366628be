/* admin.h: the admin program (staff back office): its statements, pages and shared helpers. */
#ifndef FT_ADMIN_H
#define FT_ADMIN_H
#include "http.h"
#include "page.h"

/* Statements of sql.c. Every write sets the acting staff member (the transaction-local
 * setting fontaine.actor, read by the audit triggers of schema/0005_admin.sql) in the same
 * statement, so the change and its audit_log row commit or fail together. */
enum admin_stmt {
	SQL_HOME_UPCOMING,
	SQL_HOME_COUNTS,
	SQL_EVENTS_LIST,
	SQL_EVENT_GET,
	SQL_EVENT_INSERT,
	SQL_EVENT_UPDATE,
	SQL_EVENT_STATE,
	SQL_EVENT_PUBLISH,
	SQL_EVENT_CANCEL,
	SQL_EVENT_DELETE,
	SQL_EVENT_REGISTRATIONS,
	SQL__MAX
};
extern const struct db_stmt admin_stmts[SQL__MAX];

/* home.c: /admin, what exists and where to go */
int page_admin_home(struct request *req);

/* events.c: the events' list, form, state changes and registrations */
int page_events(struct request *req);
int page_event_new(struct request *req);
int page_event_new_post(struct request *req);
int page_event_edit(struct request *req);
int page_event_edit_post(struct request *req);
int page_event_publish_post(struct request *req);
int page_event_cancel_post(struct request *req);
int page_event_delete_post(struct request *req);
int page_event_registrations(struct request *req);

/* Starts a back-office page (never indexed, with the back office's own navigation):
 * returns the content dictionary, as page_start does. */
struct tpl_dict *admin_start(struct request *req, const char *content_tpl, const char *title);
/* The acting staff member's id as a statement parameter (for fontaine.actor). */
const char *admin_actor(struct request *req);

/* slug.c: the URL name of an event: lowercase ASCII letters, digits and single hyphens, the
 * accents of the Latin-1 range folded (é → e, œ → oe, ß → ss), other characters dropped as
 * separators, at most max bytes (cut at a hyphen when possible). Returns an arena string,
 * "" when nothing is left. */
const char *slugify(struct arena *a, const char *text, size_t max);

/* The event categories: database values and French labels, indexed alike. */
enum { EVENT_CATEGORIES = 5 };
extern const char *const event_categories[EVENT_CATEGORIES + 1]; /* NULL-terminated */
extern const char *const event_category_labels[EVENT_CATEGORIES];
/* The French label of a category value ("" when unknown). */
const char *event_category_label(const char *value);
#endif
