/* api.h: the JSON API program (/api/v1/, issue 18): its statements, its JSON helpers. */
#ifndef FT_API_H
#define FT_API_H
#include "http.h"
#include "cursor.h"
#include <jansson.h>

enum api_sql {
	SQL_AUTH,
	SQL_EVENTS,
	SQL_EVENT,
	SQL_RESOURCES,
	SQL_RESOURCE,
	SQL_AVAILABILITY,
	SQL_PRICES,
	SQL_HOURS,
	SQL_CLOSURES,
	SQL_MEMBERS,
	SQL_MEMBER,
	SQL_MEMBER_MEMBERSHIPS,
	SQL_MEMBER_FORMULAS,
	SQL_BOOKINGS,
	SQL_BOOKING,
	SQL_BOOKING_TARGET,
	SQL_MEMBER_CONTACT,
	SQL_DESK_BOOK,
	SQL_ROOM_RESERVE,
	SQL_DESK_CANCEL,
	SQL_CANCEL_BY_TOKEN,
	SQL_USES,
	SQL_CHECKINS,
	SQL_CHECK_IN,
	SQL_INVOICES,
	SQL_INVOICE,
	SQL_INVOICE_FROZEN,
	SQL_PAYMENTS,
	SQL_CLOSINGS,
	SQL_IDEM_CLAIM,
	SQL_IDEM_GET,
	SQL_IDEM_STORE,
	SQL_IDEM_RELEASE,
	SQL__MAX
};
extern const struct db_stmt api_stmts[SQL__MAX];

/* How a column of a result becomes a JSON member. Columns are read by name: the SQL names
 * each column after its JSON field. */
enum col_type {
	COL_STR,     /* text, NULL → null */
	COL_INT,     /* integer (money in cents too), NULL → null */
	COL_BOOL,    /* boolean, NULL → null */
	COL_LIST,    /* text joined by U+001F (array_to_string(a, E'\x1f')) → array of strings */
	COL_EUR,     /* no column: "currency": "EUR" */
};
struct col {
	const char *name;
	enum col_type type;
};
#define COLS_END {NULL, COL_STR}

/* The object of row of r, with the fields of cols. */
json_t *api_row(const PGresult *r, int row, const struct col *cols);

/* Answers status with body (stolen) as application/json; a 200 GET gets an ETag and turns into
 * a 304 when If-None-Match names it. Returns 0 (the handler's return value). */
int api_send(struct request *req, int status, json_t *body);
/* Answers the error shape {"error": {"code", "message"[, "parameter"]}} with status.
 * Returns 0. */
int api_error(struct request *req, int status, const char *code, const char *message,
	      const char *parameter);
/* The library's own errors (404, 405, 413, 415, 5xx...) in the same shape (app->error). */
void api_error_status(struct request *req, int status);
/* The database failed where no French message was expected: 500 or 503, in the error shape. */
int api_db_error(struct request *req, const char *sqlstate);

/* Checks the request's bearer key for scope (api_key_authenticate of 0037): true when the call
 * may go on; else the 401, 403 or 429 is answered and the handler returns 0. Sends the
 * RateLimit headers. */
bool api_auth(struct request *req, const char *scope);

/* The id of the key api_auth accepted for this request (0 before). */
const char *api_key_id(void);
/* Runs the write handler h under the request's Idempotency-Key, when it has one: the first
 * call runs and its answer is kept; a retry gets the same answer; another body under the same
 * key is a 422, a retry while the first still runs a 409. The key is checked first, for scope. */
int api_idempotent(struct request *req, const char *scope, handler_fn h);

/* Refuses (400) a query parameter that is not in allowed (NULL-terminated). */
bool api_params(struct request *req, const char *const *allowed);
/* The query parameter name as a date YYYY-MM-DD (NULL when absent); *ok false after a 400. */
/* True when s is a real calendar date YYYY-MM-DD between 2000 and 2099. */
bool api_valid_date(const char *s);
const char *api_date_param(struct request *req, const char *name, bool *ok);
/* The page size (limit, 1 to 100, default 50) and the cursor's two SQL parameters (NULL, NULL
 * without a cursor). False after a 400. */
bool api_page_params(struct request *req, int *limit, const char **cursor_key,
		     const char **cursor_id);
/* A list's answer: the first limit rows of r as data, next_cursor (from the columns _k and
 * _id of row limit - 1) when r has more, and the Link header to the next page. */
int api_send_page(struct request *req, const PGresult *r, int limit, const struct col *cols);
/* The same page's body, for a handler that adds to it before api_send. */
json_t *api_page(struct request *req, const PGresult *r, int limit, const struct col *cols);
/* The POST body as a JSON object, or NULL after the 400. */
json_t *api_body(struct request *req);
/* A booking's fields (bookings.c), for the check-ins too. */
extern const struct col api_booking_cols[];
/* True when s is a decimal id (1 to 18 digits). */
bool api_id(const char *s);
/* The path of the request in its space (for Link and Location). */
const char *api_url(struct request *req, const char *path);

/* Handlers. */
int api_openapi(struct request *req);
int api_events(struct request *req);
int api_event(struct request *req);
int api_resources(struct request *req);
int api_availability(struct request *req);
int api_prices(struct request *req);
int api_hours(struct request *req);
int api_members(struct request *req);
int api_member(struct request *req);
int api_bookings(struct request *req);
int api_booking(struct request *req);
int api_booking_create(struct request *req);
int api_booking_cancel(struct request *req);
int api_uses(struct request *req);
int api_checkins(struct request *req);
int api_checkin_create(struct request *req);
int api_invoices(struct request *req);
int api_invoice(struct request *req);
int api_invoice_xml(struct request *req);
int api_invoice_pdf(struct request *req);
int api_payments(struct request *req);
int api_closings(struct request *req);
#endif
