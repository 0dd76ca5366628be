/* page.h: pages in the site's layout (header, navigation, footer), error pages, form helpers. */
#ifndef FT_PAGE_H
#define FT_PAGE_H
#include "fields.h"
#include "http.h"

/* Template files of the shared library; each program lists them among its templates. */
#define PAGE_LIB_TEMPLATES "layout.tpl", "error.tpl", "message.tpl", "mail.tpl", "field.tpl"

/* Starts an HTML page: returns the dictionary of content_tpl, included in the layout.
 * title is the <title> and <h1>; description the meta description. */
struct tpl_dict *page_start(struct request *req, const char *content_tpl, const char *title,
			    const char *description);
/* Includes the back office's menu (admin_nav.tpl, which the program must load) in d under
 * key, the current page marked: the same menu on every staff page of every program. */
void page_staff_nav(struct request *req, struct tpl_dict *d, const char *key);
/* Renders the layout into the response body with status. Returns 0 (handler result), or
 * 500 when a template failed to expand. */
int page_finish(struct request *req, int status);

/* Worker copies of public pages made of shared data only (cgi/lib/pagecache.c). The key of
 * req's page: its path with what the layout takes from the request (space, origin, year). */
const char *page_cache_key(struct request *req);
/* Serves req from key's copy when the shared data's version has not moved since it was made:
 * returns true, with the response ready (one round trip: the version). Else returns false,
 * having read statements ids[0..n) with params[i] (req_prefetch) for the handler to render
 * with, in the same round trip as the version when there was no copy. key NULL: no copy. */
bool page_cache_serve(struct request *req, const char *key, int n, const int *ids,
		      const char *const *const *params);
/* For a page made of shared data and of data of its own (not a person's): whether key has a
 * copy (then the page need not read its data with the stamp: it may be served without). */
bool page_cache_has(const char *key);
/* Serves req from key's copy when it was kept with this stamp (what the page read of its own
 * data, with the version: a counter the database moves with that data) and the shared data's
 * version (read with it, req_prefetch) and the time still stand. Returns false otherwise. */
bool page_cache_serve_stamped(struct request *req, const char *key, const char *stamp);
/* Keeps req's rendered response as key's copy for stamp, until the epoch until (> 0): the
 * moment the page would change with no write (page_cache_keep's rules otherwise). */
void page_cache_keep_stamped(struct request *req, const char *key, const char *stamp,
			     time_t until);
/* Keeps req's rendered response (a 200 with no header of its own, to a visitor) as key's
 * copy, for the version read before its data. A page with a form renders PAGE_CACHE_CSRF
 * instead of csrf_token(req): the copy keeps it, and each response (this one too) gets the
 * visitor's own token there (and its csrf cookie when it has none). */
void page_cache_keep(struct request *req, const char *key);
/* page_cache_keep for a page that also depends on the time: the copy is not served from the
 * moment that statement until_id of the program (no parameter, read with the page by
 * page_cache_serve) gives, an epoch in its one row (NULL: while the version holds; no row, or
 * the statement failed: not kept). last_modified (0: none): served as
 * resp_last_modified(req, last_modified) answers, a 304 to a reader up to date. The response
 * may have header lines of its own (not a cookie: such a response is not kept). */
void page_cache_keep_until(struct request *req, const char *key, int until_id,
			   time_t last_modified);
/* Stands for the form token in a page kept by page_cache_keep (as long as a token). */
#define PAGE_CACHE_CSRF "csrf-token-of-the-visitor-xxxxxxxxxxxxxxxxx"
/* The reason phrase of an HTTP status for the Status line ("Gone" for 410): every status the
 * programs answer has its own; an unknown one reads "Internal Server Error". */
const char *http_status_text(int status);
/* Replaces whatever was under way with the French error page for status. */
void page_error(struct request *req, int status);
/* Renders a short page of paragraphs (message.tpl): confirmations, expired links. The
 * paragraphs end with NULL; link (may be NULL) is shown as a button. */
int page_message(struct request *req, int status, const char *title, const char *link_href,
		 const char *link_label, const char *const *paragraphs);
/* Adds a link rel="alternate" to the page head (feeds). */
void page_alternate(struct request *req, const char *type, const char *title, const char *href);

/* Fills NAME_VALUE / NAME_ERROR variables for each field: the user's value (escaped by the
 * template) and the French message; shows section FORM_ERRORS when any is invalid. The
 * variable names come from a table of literals given by the program (interned by ctemplate). */
struct form_vars {
	const char *value_var;   /* e.g. "NAME_VALUE" */
	const char *error_var;   /* e.g. "NAME_ERROR" */
	const char *invalid_sec; /* section shown when invalid, e.g. "NAME_INVALID" */
};
void page_form(struct tpl_dict *d, const struct field_def *defs, const struct form_vars *vars,
	       const struct field_value *values, size_t n, size_t n_errors);

/* How a declared field is shown: label, input kind and help. One table per form, beside
 * its field_def table and indexed the same way. */
struct field_ui {
	const char *label;
	const char *input;        /* "text", "email", "tel", "password", "textarea", "checkbox" */
	const char *autocomplete; /* NULL for none */
	const char *hint;         /* NULL for none */
};
/* Renders fields [from, to) of a form into repetitions of section (each includes field.tpl
 * as {{>FIELD}}), with the user's values, the messages and the ARIA attributes. */
void page_fields(struct request *req, struct tpl_dict *d, const char *section,
		 const struct field_def *defs, const struct field_ui *ui,
		 const struct field_value *values, size_t from, size_t to);

/* Shows the form's error summary (section FORM_ERRORS, N_ERRORS) when n_errors > 0. */
void page_errors(struct tpl_dict *d, size_t n_errors);

/* The CSRF token for the forms of this page (sets the cookie when the browser has none). */
const char *csrf_token(struct request *req);
/* Returns true when the POST carries a valid token for the browser's cookie and, when the
 * browser sent an Origin, it is ours. */
bool csrf_valid(struct request *req);
/* Loads the server secret from path (at least 32 bytes) at start-up; NULL makes a random one
 * (tests). Returns 0, or -1 after a message when the file cannot be read or is too short. */
int secret_init(const char *path);
/* A token that proves the server issued a link for value (an unsubscribe link for an email):
 * HMAC-SHA256 under the server secret of purpose and value, base64url (43 characters). The
 * purpose keeps tokens of one use from serving another. */
const char *signed_token(struct arena *a, const char *purpose, const char *value);
/* True when token is signed_token(purpose, value) (compared in constant time). */
bool signed_token_valid(struct arena *a, const char *purpose, const char *value, const char *token);
/* Returns a new random token: n random bytes, base64url without padding. */
const char *random_token(struct arena *a, size_t n);
#endif
