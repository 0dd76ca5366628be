/* http.h: the request, the response, routes and the program description every CGI shares. */
#ifndef FT_HTTP_H
#define FT_HTTP_H
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "parse.h"
#include "tpl.h"

enum http_method { METHOD_GET, METHOD_HEAD, METHOD_POST, METHOD__MAX };
#define M_GET (1u << METHOD_GET)
#define M_HEAD (1u << METHOD_HEAD)
#define M_POST (1u << METHOD_POST)
#define M_READ (M_GET | M_HEAD)
/* With M_POST: the route also takes a multipart/form-data body (files in req->files); any
 * other route answers such a body 415. */
#define M_UPLOAD (1u << 7)

enum cache_policy {
	CACHE_NONE,   /* private or changing: Cache-Control: no-store */
	CACHE_PUBLIC, /* same for everyone: nginx may keep it a second; ETag for browsers */
};

struct response {
	int status;
	const char *content_type;
	enum cache_policy cache;
	struct buf headers; /* extra "Name: value\r\n" lines */
	struct buf body;
	const char *etag;   /* the body's ETag when known already (a worker's copy), else NULL */
};

struct request;
typedef int (*handler_fn)(struct request *req);

/* Who may use a route; a route declares the least role it needs. */
enum role { ROLE_PUBLIC, ROLE_MEMBER, ROLE_STAFF, ROLE_ADMIN, ROLE__MAX };

/* A route's data set to ROUTE_NO_CSRF takes POSTs without the CSRF token: for a POST whose
 * URL carries its own proof (a signed token), sent by a mail client without cookies (RFC 8058
 * one-click unsubscribe). The handler gets no route data. */
extern const char ROUTE_NO_CSRF[];

struct route {
	unsigned methods;
	const char *pattern; /* "/tarifs", "/evenements/{}" or "/evenements/{}.ics": {} is a
			      * parameter up to the next '/' or the pattern's next character */
	handler_fn handler;
	const void *data;    /* handed to the handler as req->route_data */
	enum role need;      /* checked before the handler runs (login page or 403) */
};

/* The person behind a valid session cookie. */
struct user {
	int64_t person_id;
	enum role role;         /* in the request's space: a staff member or admin of other spaces
				 * only is a member here (account_role keeps the account's own) */
	enum role account_role;
	const char *first_name, *last_name, *email;
	const char *token; /* the session cookie value */
	bool all_spaces;          /* person_spaces() is NULL: a network admin */
	const short *spaces;      /* otherwise the spaces the person works for as staff */
	int n_spaces;
};

/* The space (place) a request is for: resolved by the library before any handler from the
 * Host header (space.host), else the shared host's path prefix /lieux/<slug>/, else the
 * default space (see cgi/lib/space.c). */
struct space {
	int id, organisation_id;   /* id 0: the space table could not be read (default) */
	const char *slug, *name;   /* name: the space's, else its organisation's */
	/* The footer's details: the space's own, else its organisation's. */
	const char *legal_name, *street, *postcode, *city, *email, *phone;
	const char *host;          /* NULL when reached on the shared host only */
	const char *base;          /* "" or "/lieux/<slug>": what every internal link starts with */
	const char *origin;        /* base_url() for this request (the space's host when mapped) */
	bool is_default;
};

struct app {
	const char *name;            /* "site": names the log lines and the db_<name> key */
	const struct route *routes;
	size_t n_routes;
	const struct db_stmt *stmts; /* the program's SQL, in one place */
	int n_stmts;
	const char *const *templates;
	size_t n_templates;
	bool actor_in_statements;    /* names the acting staff member in its own writes (admin):
				      * the session does not set fontaine.actor for it */
	/* Optional: names with req_prefetch what the handler of req->route will read for person
	 * (the session's person id, as text), or nothing. When the worker has seen the session
	 * cookie before, these reads go in the same round trip as the session's check, and are
	 * dropped unless the check names that person; the handler calls req_route_reads (which
	 * then sends nothing). */
	void (*route_reads)(struct request *req, const char *person);
	/* A JSON API (api): POSTs carry no CSRF token (callers send a bearer key, no cookie),
	 * a POST body is application/json (kept whole in req->body; any other type is 415; a path
	 * without a POST route is not read: 404 or 405), and
	 * the errors the library answers itself (400, 404, 405, 413, 414, 415, 5xx) are written
	 * by error() instead of the HTML error page. */
	bool json_api;
	void (*error)(struct request *req, int status);
};

enum { MAX_ROUTE_PARAMS = 4 };

struct request {
	struct arena arena;
	const struct app *app;
	struct db *db;
	enum http_method method;
	const char *path;         /* percent-decoded, valid UTF-8 */
	const char *query_string; /* raw */
	const char *remote_addr;
	const char *content_type;
	const char *if_none_match;
	const char *if_modified_since; /* raw HTTP date, or NULL */
	const char *origin;
	const char *user_agent;
	struct kvlist query;
	struct kvlist form;
	struct uploads files;      /* files of a multipart body (routes with uploads only) */
	const char *body;          /* a JSON API's POST body, NUL-terminated (app->json_api) */
	size_t body_len;
	char **envp;               /* the FastCGI parameters, for the duration of the request */
	struct kvlist cookies;
	const char *params[MAX_ROUTE_PARAMS];
	const void *route_data;
	const struct user *user; /* NULL when not logged in (or when the route is public) */
	const struct space *space; /* never NULL once request_from_env has run */
	const char *host;        /* the Host header, lower case, without port ("" when none) */
	bool network_scope;      /* space_network_scope() ran for this request */
	const char *refusal;     /* the error page's French text for why a 403 was answered */
	const char *csrf_cookie;  /* the csrf cookie this response sets, once per request */
	struct tpl_dict *dict; /* the page's root dictionary (layout), freed with the request */
	PGresult **results;    /* every result of req_exec, cleared with the request */
	size_t n_results, cap_results;
	struct prefetched *prefetched; /* results of req_prefetch not yet asked for */
	size_t n_prefetched;
	const struct route *route; /* the route matched, or NULL */
	const char *session_check; /* the session's token hash while route->reads runs with it */
	PGresult *session_result;  /* LIB_SESSION_TOUCH as read with them (freed with the request) */
	bool reads_done;           /* route->reads ran for the request's user */
	bool data_version_read;  /* data_version was read during this request */
	bool spaces_checked;     /* space_resolve read it on its own (a round trip of its own) */
	long long data_version;  /* shared_data_version (schema/0041) as this request read it */
	struct response resp;
};

/* Parses the FastCGI environment (and reads the body from in) into req.
 * Returns 0, or an HTTP status (400, 413, 414, 415) to answer without running a handler. */
struct FCGX_Stream;
int request_from_env(struct request *req, char **envp, struct FCGX_Stream *in);

/* Finds the route for req. Returns the route, or NULL with *status 404 or 405. */
const struct route *route_match(const struct app *app, struct request *req, int *status);

/* The FastCGI parameter name of the request ("HTTP_AUTHORIZATION"), or NULL. */
const char *req_param(const struct request *req, const char *name);

void resp_header(struct request *req, const char *name, const char *value);
/* Sets Location: a local path ("/compte", not "//host") gets the space's base in front, so
 * that a redirect stays in the space the request was for. */
void resp_redirect(struct request *req, int status, const char *location);
/* Adds a Set-Cookie header with HttpOnly, SameSite=Lax, Path=/ and Secure when configured. */
void resp_cookie(struct request *req, const char *name, const char *value, long max_age);
/* Sets Last-Modified to t on a public response and, when the request's If-Modified-Since is
 * not older than t (and it sends no If-None-Match, which takes precedence), turns the
 * response into an empty 304. Returns true for a 304: the handler may skip building the body. */
bool resp_last_modified(struct request *req, time_t t);
/* The ETag a cacheable 200 with this body gets ("\"<24 hex digits>\""). */
enum { RESP_ETAG_SIZE = 27 };
void resp_etag_of(const char *body, size_t len, char out[RESP_ETAG_SIZE]);

/* Runs statement id of the program with params; the result is freed with the request.
 * Returns NULL when it failed: *sqlstate (may be NULL) tells why. */
PGresult *req_exec(struct request *req, int id, const char *const *params,
		   const char **sqlstate);
/* Runs program statements ids[0..n) (reads) with params[i] in one pipeline, one round trip,
 * and keeps their results for the request: the handler's later req_exec of the same
 * statement with the same parameters returns the kept result without asking the database.
 * A statement that failed is kept as nothing: its req_exec runs it again and reports its
 * error as before. So a handler names up front what its page reads, and reads it as before. */
void req_prefetch(struct request *req, int n, const int *ids, const char *const *const *params);
/* Drops what req_prefetch kept and was not asked for yet (the results are still freed with
 * the request): for a handler that changed what its reads would see, such as the space. */
void req_forget_prefetched(struct request *req);
/* Runs the app's route_reads (struct app) for the logged-in user, unless they already ran
 * with the session's check. */
void req_route_reads(struct request *req);
/* Like req_prefetch, with the shared data's version (lib_data_version) read first in the same
 * pipeline when this request has not read it yet. */
void req_prefetch_versioned(struct request *req, int n, const int *ids,
			    const char *const *const *params);
/* Makes the request free r with its own results. */
void req_keep_result(struct request *req, PGresult *r);
/* The version of the data every page shares (schema/0041_shared_data_version.sql), read once
 * per request (with the page's statements when it came through req_prefetch_versioned); the
 * worker's snapshot of the spaces is read again when it moved. Returns 0, or -1 when the
 * database could not say (then nothing kept may be used). */
int lib_data_version(struct request *req, long long *version);
/* For the library itself (server.c's pipelines): the version this worker knows, as the
 * parameter of LIB_DATA_VERSION, and the taking of that statement's result (NULL: failed). */
const char *space_version_param(struct request *req);
void space_version_result(struct request *req, PGresult *r);
/* Statements of the shared library itself (libsql.c), prepared in every program. */
enum lib_stmt {
	LIB_ORG,           /* every space with its details (the space's, else its organisation's) */
	LIB_SPACE_SET,     /* the connection's space (fontaine.space) and scope reset */
	LIB_SCOPE_NETWORK, /* fontaine.scope = 'network' for one request */
	LIB_SESSION_TOUCH,
	LIB_SESSION_OPEN,
	LIB_SESSION_CLOSE,
	LIB_SESSION_CLOSE_ALL,
	LIB_SESSION_ACTOR,
	LIB_DATA_VERSION,  /* the shared data's version, and the spaces when it is not $1 */
	LIB__MAX
};
extern const struct db_stmt lib_stmts[LIB__MAX];
/* Like req_exec, for the shared library's statements. */
PGresult *lib_exec(struct request *req, enum lib_stmt id, const char *const *params,
		   const char **sqlstate);
/* Status to answer when req_exec failed on an unexpected error: 503 when unreachable. */
int req_db_error(const char *sqlstate);

/* Returns the base URL of the request's site without trailing slash
 * ("https://lafontaine-agen.fr"): the configured base_url, or for a space reached by its own
 * host name that host with the configured scheme and port. The space's path prefix is not in
 * it: see space_url. */
const char *base_url(void);

/* Resolves req->space from req->host and req->path (stripping a /lieux/<slug> prefix from
 * req->path), from the worker's snapshot of the space table (re-read at most once a second).
 * Returns 0, 404 for an unknown or inactive space, or 503 when the space table was never
 * read and a prefix asks for a space. */
int space_resolve(struct request *req);
/* Makes the worker's connection act for req->space (fontaine.space, scope reset) when it
 * does not already: once per change of space, again after a reconnect. Returns 0 or a status. */
int space_apply(struct request *req);
/* Puts the connection in network scope (fontaine.scope = 'network': every space's rows are
 * read) for this request only; the library sets it back when the request ends. Returns 0, or
 * an HTTP status when the database failed. For the network's own pages. */
int space_network_scope(struct request *req);
/* Ends the network scope a handler asked for (server_handle calls it after each request). */
void space_scope_end(struct request *req);
/* How many spaces are active in the worker's snapshot (more than one: the footer links the
 * network's home page, /reseau). */
int space_active_count(void);
/* True when user may act as staff on space (a network admin on every space). */
bool user_works_for(const struct user *user, const struct space *space);
/* The absolute URL of path ("/evenements/x") in the request's space:
 * base_url() + base + path. Allocated in the request's arena. */
const char *space_url(struct request *req, const char *path);
/* The local path ("/evenements/x") in the request's space: base + path. */
const char *space_path(struct request *req, const char *path);
/* The request's space as texts name it ("La Grange": the space's name, else its
 * organisation's; "La Fontaine" when the space table could not be read), and its town ("Agen";
 * "" when neither the space nor its organisation has one). For titles, descriptions and mails. */
const char *space_name(const struct request *req);
const char *space_city(const struct request *req);
#endif
