/* uses.c: the half-days used in the space (uses:read), the open space's check-ins (uses:read)
 * and recording one (uses:write) with the reception's own function, desk_check_in. */
#include "api.h"
#include <string.h>

/* from and to, both needed, 366 days at most apart; false after the 400. */
static bool period(struct request *req, const char **from, const char **to)
{
	bool ok;
	*from = api_date_param(req, "from", &ok);
	if (!ok)
		return false;
	*to = api_date_param(req, "to", &ok);
	if (!ok)
		return false;
	if (!*from || !*to) {
		api_error(req, 400, "missing_parameter",
			  "Les paramètres « from » et « to » (AAAA-MM-JJ) sont nécessaires.",
			  *from ? "to" : "from");
		return false;
	}
	if (strcmp(*from, *to) > 0) {
		api_error(req, 400, "invalid_parameter",
			  "Le paramètre « to » doit être le même jour que « from » ou après.", "to");
		return false;
	}
	return true;
}

int api_uses(struct request *req)
{
	static const char *const allowed[] = {"from", "to", "limit", "cursor", NULL};
	static const struct col cols[] = {
		{"date", COL_STR}, {"slot", COL_STR}, {"resource", COL_STR}, {"kind", COL_STR},
		{"member_id", COL_INT}, {"source", COL_STR}, {"booking_id", COL_INT},
		{"lease_id", COL_INT}, COLS_END,
	};
	if (!api_auth(req, "uses:read") || !api_params(req, allowed))
		return 0;
	const char *from, *to, *ck, *ci;
	int limit;
	if (!period(req, &from, &to) || !api_page_params(req, &limit, &ck, &ci))
		return 0;
	const char *params[5] = {ck, ci, arena_printf(&req->arena, "%d", limit + 1), from, to};
	const char *state;
	PGresult *r = req_exec(req, SQL_USES, params, &state);
	if (!r)
		return api_db_error(req, state);
	return api_send_page(req, r, limit, cols);
}

int api_checkins(struct request *req)
{
	static const char *const allowed[] = {"from", "to", "limit", "cursor", NULL};
	if (!api_auth(req, "uses:read") || !api_params(req, allowed))
		return 0;
	const char *from, *to, *ck, *ci;
	int limit;
	if (!period(req, &from, &to) || !api_page_params(req, &limit, &ck, &ci))
		return 0;
	const char *params[5] = {ck, ci, arena_printf(&req->arena, "%d", limit + 1), from, to};
	const char *state;
	PGresult *r = req_exec(req, SQL_CHECKINS, params, &state);
	if (!r)
		return api_db_error(req, state);
	return api_send_page(req, r, limit, api_booking_cols);
}

int api_checkin_create(struct request *req)
{
	if (!api_auth(req, "uses:write"))
		return 0;
	json_t *body = api_body(req);
	if (!body)
		return 0;
	json_t *id = json_object_get(body, "booking_id");
	if (json_object_size(body) != 1 || !json_is_integer(id) || json_integer_value(id) < 1) {
		json_decref(body);
		return api_error(req, 422, "invalid_field",
				 "Le corps attendu est {\"booking_id\": <l’identifiant d’une réservation de l’open space>}.",
				 "booking_id");
	}
	const char *booking = arena_printf(&req->arena, "%lld", (long long)json_integer_value(id));
	json_decref(body);
	const char *state;
	PGresult *b = req_exec(req, SQL_BOOKING, (const char *const[]){booking}, &state);
	if (!b)
		return api_db_error(req, state);
	if (PQntuples(b) != 1)
		return api_error(req, 422, "invalid_field", "Cette réservation n’existe pas dans ce lieu.",
				 "booking_id");
	PGresult *r = req_exec(req, SQL_CHECK_IN, (const char *const[]){booking}, &state);
	if (!r && state && strcmp(state, "FTM03") == 0)
		return api_error(req, 409, "not_checkable",
				 "Une arrivée s’enregistre le jour de la réservation, pas à l’avance.", "booking_id");
	if (!r)
		return api_db_error(req, state);
	if (PQgetvalue(r, 0, 0)[0] != 't')
		return api_error(req, 409, "not_checkable",
				 "Cette réservation ne peut pas être pointée : elle n’est pas une réservation de "
				 "l’open space en cours, ou l’arrivée est déjà enregistrée.", "booking_id");
	b = req_exec(req, SQL_BOOKING, (const char *const[]){booking}, &state);
	if (!b)
		return api_db_error(req, state);
	return api_send(req, 201, api_row(b, 0, api_booking_cols));
}
