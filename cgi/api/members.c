/* members.c: the members of the space's organisation, with their memberships and formulas
 * (members:read), for door access and Wi-Fi: "who is a member on this day". */
#include "api.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct col member_cols[] = {
	{"id", COL_INT}, {"first_name", COL_STR}, {"last_name", COL_STR}, {"email", COL_STR},
	{"company_name", COL_STR}, {"member_on_date", COL_BOOL}, COLS_END,
};
static const struct col membership_cols[] = {
	{"id", COL_INT}, {"starts_on", COL_STR}, {"ends_on", COL_STR}, {"status", COL_STR},
	{"fee_cents", COL_INT}, {"currency", COL_EUR}, COLS_END,
};
static const struct col formula_cols[] = {
	{"id", COL_INT}, {"price_code", COL_STR}, {"label", COL_STR}, {"status", COL_STR},
	{"starts_on", COL_STR}, {"ends_on", COL_STR}, {"halfdays_total", COL_INT},
	{"halfdays_used", COL_INT}, {"unit_cents", COL_INT}, {"currency", COL_EUR}, COLS_END,
};

/* Adds to each member object of data (rows of r, limit at most) its memberships and formulas
 * not ended on day. Returns 0 or the answer already made (a database error). */
static int attach(struct request *req, json_t *data, const PGresult *r, int n, const char *day)
{
	if (!n)
		return 0;
	struct buf ids = {0};
	buf_putc(&ids, '{');
	for (int i = 0; i < n; i++)
		buf_printf(&ids, "%s%s", i ? "," : "", PQgetvalue(r, i, PQfnumber(r, "id")));
	buf_putc(&ids, '}');
	const char *params[2] = {arena_strdup(&req->arena, buf_cstr(&ids)), day};
	buf_free(&ids);
	const char *state;
	PGresult *m = req_exec(req, SQL_MEMBER_MEMBERSHIPS, params, &state);
	PGresult *f = m ? req_exec(req, SQL_MEMBER_FORMULAS, params, &state) : NULL;
	if (!f) {
		api_db_error(req, state);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		json_t *o = json_array_get(data, (size_t)i);
		const char *id = PQgetvalue(r, i, PQfnumber(r, "id"));
		json_t *ms = json_array(), *fs = json_array();
		for (int j = 0; j < PQntuples(m); j++)
			if (strcmp(PQgetvalue(m, j, 0), id) == 0)
				json_array_append_new(ms, api_row(m, j, membership_cols));
		for (int j = 0; j < PQntuples(f); j++)
			if (strcmp(PQgetvalue(f, j, 0), id) == 0)
				json_array_append_new(fs, api_row(f, j, formula_cols));
		json_object_set_new(o, "memberships", ms);
		json_object_set_new(o, "formulas", fs);
	}
	return 0;
}

/* The date parameter, or today in Paris. */
static const char *member_day(struct request *req, bool *ok)
{
	const char *d = api_date_param(req, "date", ok);
	if (d || !*ok)
		return d;
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm); /* the programs run in Europe/Paris (fmt_init_timezone) */
	char *out = arena_alloc(&req->arena, 11);
	strftime(out, 11, "%Y-%m-%d", &tm);
	return out;
}

int api_members(struct request *req)
{
	static const char *const allowed[] = {"date", "limit", "cursor", NULL};
	if (!api_auth(req, "members:read") || !api_params(req, allowed))
		return 0;
	bool ok;
	const char *day = member_day(req, &ok);
	int limit;
	const char *ck, *ci;
	if (!ok || !api_page_params(req, &limit, &ck, &ci))
		return 0;
	const char *params[4] = {ck, ci, arena_printf(&req->arena, "%d", limit + 1), day};
	const char *state;
	PGresult *r = req_exec(req, SQL_MEMBERS, params, &state);
	if (!r)
		return api_db_error(req, state);
	int n = PQntuples(r) < limit ? PQntuples(r) : limit;
	json_t *body = api_page(req, r, limit, member_cols);
	if (attach(req, json_object_get(body, "data"), r, n, day)) {
		json_decref(body);
		return 0;
	}
	json_object_set_new(body, "date", json_string(day));
	return api_send(req, 200, body);
}

int api_member(struct request *req)
{
	static const char *const allowed[] = {"date", NULL};
	if (!api_auth(req, "members:read") || !api_params(req, allowed))
		return 0;
	bool ok;
	const char *day = member_day(req, &ok);
	if (!ok)
		return 0;
	if (!api_id(req->params[0]))
		return api_error(req, 404, "not_found", "Ce membre n’existe pas.", NULL);
	const char *state;
	PGresult *r = req_exec(req, SQL_MEMBER, (const char *const[]){req->params[0], day}, &state);
	if (!r)
		return api_db_error(req, state);
	if (PQntuples(r) != 1)
		return api_error(req, 404, "not_found", "Ce membre n’existe pas.", NULL);
	json_t *data = json_pack("[o]", api_row(r, 0, member_cols));
	if (attach(req, data, r, 1, day)) {
		json_decref(data);
		return 0;
	}
	json_t *o = json_incref(json_array_get(data, 0));
	json_decref(data);
	json_object_set_new(o, "date", json_string(day));
	return api_send(req, 200, o);
}
