/* site.h: the public showcase site: its statements and its pages. */
#ifndef FT_SITE_H
#define FT_SITE_H
#include "http.h"
#include "page.h"

enum site_stmt {
	SQL_PAGE,
	SQL_RESOURCES,
	SQL_PRICES,
	SQL_FUNDERS,
	SQL_HOURS,
	SQL_ORG_LEGAL,
	SQL_CONTACT_SUBMIT,
	SQL_SITEMAP,
	/* network.c */
	SQL_NET_SPACES,
	SQL_NET_HOURS,
	SQL_NET_EVENTS,
	SQL__MAX
};
extern const struct db_stmt site_stmts[SQL__MAX];

/* A content page: its slug in site_page and what the program adds to the Markdown body. */
struct content_page {
	const char *slug;
	int (*extra)(struct request *req, struct tpl_dict *d);
	int extra_stmt; /* the statement extra reads (no parameters), read with the page; -1: none */
};

/* pages.c */
int page_content(struct request *req);
extern const struct content_page page_home, page_coworking, page_espace, page_tarifs,
	page_cooperative, page_partenaires, page_legal, page_privacy, page_statuts;
/* Fills the opening hours section (OPENING_HOURS) of d; shared by the contact page. */
int site_hours(struct request *req, struct tpl_dict *d);
/* Fills one DAY row per weekday (DAY_NAME, DAY_HOURS: "9 h 00 à 12 h 30 et …" or "fermé") of d
 * from rows [*row, end) of r whose columns col, col + 1, col + 2 are the ISO weekday and the
 * opening and closing times in seconds, ordered by weekday; *row ends past the rows read. */
void site_hours_rows(struct tpl_dict *d, PGresult *r, int *row, int end, int col);

/* The contact page's own text and opening hours in contact.tpl; NULL with *status on error. */
struct tpl_dict *site_contact_page(struct request *req, int *status);

/* contact.c */
int page_contact(struct request *req);
int page_contact_post(struct request *req);
int page_contact_thanks(struct request *req);

/* network.c: /reseau, the network's home page (every active space) */
int page_network(struct request *req);

/* sitemap.c */
int page_sitemap(struct request *req);
int page_robots(struct request *req);
#endif
