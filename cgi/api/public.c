/* public.c: the API's public answers (no key): the events, the bookable resources and their
 * availability, the prices, the opening hours and closures, and the OpenAPI document. */
#include "api.h"
#include "conf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const categories[] = {"atelier", "afterwork", "conference", "portes-ouvertes",
					 "autre", NULL};

static const struct col event_cols[] = {
	{"id", COL_INT}, {"slug", COL_STR}, {"title", COL_STR}, {"summary", COL_STR},
	{"description", COL_STR}, {"category", COL_STR}, {"starts_at", COL_STR},
	{"ends_at", COL_STR}, {"place_name", COL_STR}, {"place_address", COL_STR},
	{"capacity", COL_INT}, {"price_cents", COL_INT}, {"currency", COL_EUR},
	{"status", COL_STR}, {"updated_at", COL_STR}, COLS_END,
};

int api_events(struct request *req)
{
	static const char *const allowed[] = {"category", "from", "to", "limit", "cursor", NULL};
	if (!api_params(req, allowed))
		return 0;
	const char *category = kv_get(&req->query, "category");
	if (category) {
		bool known = false;
		for (const char *const *c = categories; *c && !known; c++)
			known = strcmp(*c, category) == 0;
		if (!known)
			return api_error(req, 400, "invalid_parameter",
					 "Le paramètre « category » doit être atelier, afterwork, conference, "
					 "portes-ouvertes ou autre.", "category");
	}
	bool ok;
	const char *from = api_date_param(req, "from", &ok);
	if (!ok)
		return 0;
	const char *to = api_date_param(req, "to", &ok);
	if (!ok)
		return 0;
	if (from && to && strcmp(from, to) > 0)
		return api_error(req, 400, "invalid_parameter",
				 "Le paramètre « to » doit être le même jour que « from » ou après.", "to");
	int limit;
	const char *ck, *ci;
	if (!api_page_params(req, &limit, &ck, &ci))
		return 0;
	req->resp.cache = CACHE_PUBLIC;
	const char *params[6] = {ck, ci, arena_printf(&req->arena, "%d", limit + 1), category, from, to};
	const char *state;
	PGresult *r = req_exec(req, SQL_EVENTS, params, &state);
	if (!r)
		return api_db_error(req, state);
	return api_send_page(req, r, limit, event_cols);
}

int api_event(struct request *req)
{
	static const char *const none[] = {NULL};
	if (!api_params(req, none))
		return 0;
	const char *params[1] = {req->params[0]};
	const char *state;
	PGresult *r = req_exec(req, SQL_EVENT, params, &state);
	if (!r)
		return api_db_error(req, state);
	if (PQntuples(r) != 1)
		return api_error(req, 404, "not_found", "Cet événement n’existe pas (ou n’est pas publié).", NULL);
	req->resp.cache = CACHE_PUBLIC;
	return api_send(req, 200, api_row(r, 0, event_cols));
}

int api_resources(struct request *req)
{
	static const char *const none[] = {NULL};
	static const struct col cols[] = {
		{"slug", COL_STR}, {"name", COL_STR}, {"kind", COL_STR}, {"description", COL_STR},
		{"capacity", COL_INT}, {"area_m2", COL_STR}, {"equipment", COL_LIST},
		{"booking_mode", COL_STR}, {"max_booking_minutes", COL_INT}, COLS_END,
	};
	if (!api_params(req, none))
		return 0;
	const char *state;
	PGresult *r = req_exec(req, SQL_RESOURCES, NULL, &state);
	if (!r)
		return api_db_error(req, state);
	json_t *data = json_array();
	for (int i = 0; i < PQntuples(r); i++) {
		json_t *o = api_row(r, i, cols);
		/* area_m2 is a decimal: a JSON number. */
		const char *a = PQgetisnull(r, i, PQfnumber(r, "area_m2")) ? NULL
			: PQgetvalue(r, i, PQfnumber(r, "area_m2"));
		json_object_set_new(o, "area_m2", a ? json_real(strtod(a, NULL)) : json_null());
		json_array_append_new(data, o);
	}
	req->resp.cache = CACHE_PUBLIC;
	return api_send(req, 200, json_pack("{s:o}", "data", data));
}

/* The number of days from a to b (dates already checked). */
static long days_between(const char *a, const char *b)
{
	struct tm ta = {0}, tb = {0};
	sscanf(a, "%d-%d-%d", &ta.tm_year, &ta.tm_mon, &ta.tm_mday);
	sscanf(b, "%d-%d-%d", &tb.tm_year, &tb.tm_mon, &tb.tm_mday);
	ta.tm_year -= 1900, tb.tm_year -= 1900, ta.tm_mon--, tb.tm_mon--;
	return (long)((timegm(&tb) - timegm(&ta)) / 86400);
}

int api_availability(struct request *req)
{
	static const char *const allowed[] = {"from", "to", NULL};
	static const struct col cols[] = {
		{"date", COL_STR}, {"slot", COL_STR}, {"state", COL_STR}, {"reason", COL_STR},
		{"free_places", COL_INT}, {"starts_at", COL_STR}, {"ends_at", COL_STR}, COLS_END,
	};
	if (!api_params(req, allowed))
		return 0;
	bool ok;
	const char *from = api_date_param(req, "from", &ok);
	if (!ok)
		return 0;
	const char *to = api_date_param(req, "to", &ok);
	if (!ok)
		return 0;
	if (!from || !to)
		return api_error(req, 400, "missing_parameter",
				 "Les paramètres « from » et « to » (AAAA-MM-JJ) sont nécessaires.",
				 from ? "to" : "from");
	long span = days_between(from, to);
	if (span < 0 || span > 62)
		return api_error(req, 400, "invalid_parameter",
				 "La période va de « from » à « to », 63 jours au plus.", "to");
	const char *state;
	PGresult *res = req_exec(req, SQL_RESOURCE, (const char *const[]){req->params[0]}, &state);
	if (!res)
		return api_db_error(req, state);
	if (PQntuples(res) != 1)
		return api_error(req, 404, "not_found", "Cette ressource n’existe pas.", NULL);
	const char *params[3] = {PQgetvalue(res, 0, 0), from, to};
	PGresult *r = req_exec(req, SQL_AVAILABILITY, params, &state);
	if (!r)
		return api_db_error(req, state);
	json_t *data = json_array();
	for (int i = 0; i < PQntuples(r); i++)
		json_array_append_new(data, api_row(r, i, cols));
	req->resp.cache = CACHE_PUBLIC;
	return api_send(req, 200, json_pack("{s:s, s:s, s:s, s:s, s:o}", "resource", PQgetvalue(res, 0, 1),
					    "kind", PQgetvalue(res, 0, 2), "from", from, "to", to, "data", data));
}

int api_prices(struct request *req)
{
	static const char *const none[] = {NULL};
	static const struct col cols[] = {
		{"code", COL_STR}, {"category", COL_STR}, {"label", COL_STR}, {"unit", COL_STR},
		{"member_cents", COL_INT}, {"non_member_cents", COL_INT}, {"network_cents", COL_INT},
		{"currency", COL_EUR}, {"note", COL_STR}, {"booking_role", COL_STR}, COLS_END,
	};
	if (!api_params(req, none))
		return 0;
	const char *state;
	PGresult *r = req_exec(req, SQL_PRICES, NULL, &state);
	if (!r)
		return api_db_error(req, state);
	json_t *data = json_array();
	for (int i = 0; i < PQntuples(r); i++)
		json_array_append_new(data, api_row(r, i, cols));
	req->resp.cache = CACHE_PUBLIC;
	return api_send(req, 200, json_pack("{s:o}", "data", data));
}

int api_hours(struct request *req)
{
	static const char *const allowed[] = {"from", "to", NULL};
	static const struct col hour_cols[] = {
		{"weekday", COL_INT}, {"opens", COL_STR}, {"closes", COL_STR}, COLS_END,
	};
	static const struct col closure_cols[] = {
		{"starts_on", COL_STR}, {"ends_on", COL_STR}, {"reason", COL_STR}, {"resource", COL_STR},
		COLS_END,
	};
	if (!api_params(req, allowed))
		return 0;
	bool ok;
	const char *from = api_date_param(req, "from", &ok);
	if (!ok)
		return 0;
	const char *to = api_date_param(req, "to", &ok);
	if (!ok)
		return 0;
	if (from && to && strcmp(from, to) > 0)
		return api_error(req, 400, "invalid_parameter",
				 "Le paramètre « to » doit être le même jour que « from » ou après.", "to");
	const char *state;
	PGresult *h = req_exec(req, SQL_HOURS, NULL, &state);
	PGresult *c = h ? req_exec(req, SQL_CLOSURES, (const char *const[]){from ? from : "today",
				   to ? to : "infinity"}, &state) : NULL;
	if (!c)
		return api_db_error(req, state);
	json_t *hours = json_array(), *closures = json_array();
	for (int i = 0; i < PQntuples(h); i++)
		json_array_append_new(hours, api_row(h, i, hour_cols));
	for (int i = 0; i < PQntuples(c); i++)
		json_array_append_new(closures, api_row(c, i, closure_cols));
	req->resp.cache = CACHE_PUBLIC;
	return api_send(req, 200, json_pack("{s:s, s:o, s:o}", "time_zone", "Europe/Paris",
					    "opening_hours", hours, "closures", closures));
}

/* The OpenAPI document, read once per worker. */
int api_openapi(struct request *req)
{
	static char *doc;
	static size_t len;
	if (!doc) {
		const char *path = config_get("openapi_file", OPENAPI_FILE);
		FILE *f = fopen(path, "rb");
		if (!f) {
			fprintf(stderr, "api: cannot read the OpenAPI document %s\n", path);
			return 503;
		}
		struct buf b = {0};
		char chunk[8192];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_append(&b, chunk, n);
		fclose(f);
		doc = b.data;
		len = b.len;
	}
	req->resp.cache = CACHE_PUBLIC;
	req->resp.content_type = "application/json; charset=utf-8";
	buf_reset(&req->resp.body);
	buf_append(&req->resp.body, doc, len);
	return 0;
}
