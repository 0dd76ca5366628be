/* bookings.c: the bookings of the space (bookings:read), and booking or cancelling a desk or
 * the room for a member (bookings:write) through the booking program's own SQL functions, so
 * that the database's rules (overlaps, capacity, closures, opening hours, carnets, the free
 * cancellation deadline) are the pages' rules. */
#include "api.h"
#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

const struct col api_booking_cols[] = {
	{"id", COL_INT}, {"uid", COL_STR}, {"resource", COL_STR}, {"resource_name", COL_STR},
	{"resource_kind", COL_STR}, {"source", COL_STR}, {"status", COL_STR}, {"date", COL_STR},
	{"slot", COL_STR}, {"starts_at", COL_STR}, {"ends_at", COL_STR}, {"member_id", COL_INT},
	{"contact_name", COL_STR}, {"email", COL_STR}, {"company_name", COL_STR},
	{"attendees", COL_INT}, {"price_cents", COL_INT}, {"currency", COL_EUR},
	{"price_kind", COL_STR}, {"covered_by", COL_STR}, {"quote_number", COL_STR},
	{"free_cancel_until", COL_STR}, {"checked_in_at", COL_STR}, {"created_at", COL_STR},
	{"cancelled_at", COL_STR}, COLS_END,
};

static const char *const statuses[] = {"quote", "requested", "confirmed", "declined", "cancelled",
				       "no_show", NULL};

int api_bookings(struct request *req)
{
	static const char *const allowed[] = {"from", "to", "resource", "status", "member_id", "limit",
					      "cursor", NULL};
	if (!api_auth(req, "bookings:read") || !api_params(req, allowed))
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
	const char *status = kv_get(&req->query, "status");
	if (status) {
		bool known = false;
		for (const char *const *s = statuses; *s && !known; s++)
			known = strcmp(*s, status) == 0;
		if (!known)
			return api_error(req, 400, "invalid_parameter",
					 "Le paramètre « status » doit être quote, requested, confirmed, declined, "
					 "cancelled ou no_show.", "status");
	}
	const char *member = kv_get(&req->query, "member_id");
	if (member && !api_id(member))
		return api_error(req, 400, "invalid_parameter",
				 "Le paramètre « member_id » doit être un identifiant (nombre entier positif).",
				 "member_id");
	const char *resource = kv_get(&req->query, "resource");
	if (resource && (strlen(resource) > 120 || strspn(resource, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(resource)))
		return api_error(req, 400, "invalid_parameter",
				 "Le paramètre « resource » doit être l’identifiant d’une ressource (slug).", "resource");
	int limit;
	const char *ck, *ci;
	if (!api_page_params(req, &limit, &ck, &ci))
		return 0;
	const char *params[8] = {ck, ci, arena_printf(&req->arena, "%d", limit + 1), from, to,
				 resource, status, member};
	const char *state;
	PGresult *r = req_exec(req, SQL_BOOKINGS, params, &state);
	if (!r)
		return api_db_error(req, state);
	return api_send_page(req, r, limit, api_booking_cols);
}

/* The booking id of the space (SQL_BOOKING), or NULL after the 404. */
static PGresult *booking_get(struct request *req, const char *id)
{
	if (!api_id(id)) {
		api_error(req, 404, "not_found", "Cette réservation n’existe pas.", NULL);
		return NULL;
	}
	const char *state;
	PGresult *r = req_exec(req, SQL_BOOKING, (const char *const[]){id}, &state);
	if (!r) {
		api_db_error(req, state);
		return NULL;
	}
	if (PQntuples(r) != 1) {
		api_error(req, 404, "not_found", "Cette réservation n’existe pas.", NULL);
		return NULL;
	}
	return r;
}

int api_booking(struct request *req)
{
	static const char *const none[] = {NULL};
	if (!api_auth(req, "bookings:read") || !api_params(req, none))
		return 0;
	PGresult *r = booking_get(req, req->params[0]);
	return r ? api_send(req, 200, api_row(r, 0, api_booking_cols)) : 0;
}

/* The booking rules' SQLSTATEs (schema/0008, 0015, 0034) as the API answers them: 409 for a
 * rule of the space (taken, closed, outside the hours), 422 for a value the rules refuse. */
static int booking_refused(struct request *req, const char *state)
{
	static const struct {
		const char *state;
		int status;
		const char *code, *parameter, *text;
	} map[] = {
		{"FTB01", 422, "date_past", "date", "Cette date est passée : choisissez un jour à venir."},
		{"FTB02", 422, "invalid_hours", "ends", "L’heure de fin doit être après l’heure de début."},
		{"FTB03", 409, "outside_opening_hours", "slot", "Ce créneau est en dehors des heures d’ouverture de %s."},
		{"FTB04", 409, "closed", "date", "%s est fermée ce jour-là (fermeture exceptionnelle ou congés)."},
		{"FTB05", 409, "public_holiday", "date", "Ce jour est férié : %s est fermée."},
		{"FTB06", 422, "too_long", "ends", "Durée trop longue : une réservation tient dans une seule journée."},
		{"FTB07", 422, "over_capacity", "attendees", "Il y a plus de participants que de places dans la salle."},
		{"FTB09", 409, "cancel_deadline_passed", NULL, "Le délai d’annulation gratuite est dépassé : cette réservation ne peut plus être annulée."},
		{"FTB10", 422, "invalid_slot", "slot", "Ce créneau n’existe pas pour cette ressource."},
		{"FTB11", 422, "date_too_far", "date", "Cette date est trop lointaine : les réservations ne sont pas encore ouvertes pour ce jour."},
		{"FTB13", 409, "too_many_bookings", "member_id", "Ce membre a déjà le nombre maximal de réservations à venir."},
		{"FTB14", 422, "unverified_member", "member_id", "L’adresse e-mail de ce membre n’est pas vérifiée : la salle ne peut pas être réservée en son nom."},
		{"FT409", 409, "slot_taken", "slot", "Ce créneau est déjà pris : il n’y a plus de place. Choisissez un autre créneau."},
		{"23P01", 409, "slot_taken", "slot", "Ce créneau est déjà pris : la salle est déjà réservée. Choisissez un autre créneau."},
		{"23505", 409, "already_booked", "slot", "Ce membre a déjà réservé ce créneau."},
		{"23514", 422, "invalid_value", NULL, "Une valeur n’est pas acceptée par les règles de réservation."},
		{"22007", 422, "invalid_value", NULL, "Une date ou une heure n’est pas valide."},
		{"22008", 422, "invalid_value", NULL, "Une date ou une heure n’est pas valide."},
	};
	for (size_t i = 0; state && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(state, map[i].state) == 0) {
			const char *text = map[i].text, *at = strstr(text, "%s");
			if (at)
				text = arena_printf(&req->arena, "%.*s%s%s", (int)(at - text), text,
						    req->space->name, at + 2);
			return api_error(req, map[i].status, map[i].code, text, map[i].parameter);
		}
	return api_db_error(req, state);
}

static int invalid(struct request *req, const char *field, const char *text)
{
	return api_error(req, 422, "invalid_field", text, field);
}

/* The body of a POST as a JSON object, or NULL after the 400. */
json_t *api_body(struct request *req)
{
	json_error_t err;
	json_t *body = req->body_len ? json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &err) : NULL;
	if (!body || !json_is_object(body)) {
		json_decref(body);
		api_error(req, 400, "invalid_json", req->body_len
			  ? "Le corps de la requête n’est pas un objet JSON valide."
			  : "Le corps de la requête doit être un objet JSON (Content-Type: application/json).",
			  NULL);
		return NULL;
	}
	return body;
}

/* True when s is HH:MM. */
static bool valid_time(const char *s)
{
	return strlen(s) == 5 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	       s[2] == ':' && isdigit((unsigned char)s[3]) && isdigit((unsigned char)s[4]) &&
	       atoi(s) < 24 && atoi(s + 3) < 60;
}

int api_booking_create(struct request *req)
{
	static const char *const fields[] = {"resource", "member_id", "date", "slot", "starts", "ends",
					     "attendees", "purpose", NULL};
	if (!api_auth(req, "bookings:write"))
		return 0;
	json_t *body = api_body(req);
	if (!body)
		return 0;
	int rc = 0;
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) {
		bool known = false;
		for (const char *const *f = fields; *f && !known; f++)
			known = strcmp(*f, key) == 0;
		if (!known) {
			rc = invalid(req, key, arena_printf(&req->arena, "Le champ « %.40s » n’existe pas.", key));
			goto out;
		}
	}
	json_t *member = json_object_get(body, "member_id"), *date = json_object_get(body, "date"),
	       *slot = json_object_get(body, "slot"), *resource = json_object_get(body, "resource"),
	       *starts = json_object_get(body, "starts"), *ends = json_object_get(body, "ends"),
	       *attendees = json_object_get(body, "attendees"), *purpose = json_object_get(body, "purpose");
	if (!json_is_integer(member) || json_integer_value(member) < 1) {
		rc = invalid(req, "member_id", "Le champ « member_id » (l’identifiant du membre) est nécessaire.");
		goto out;
	}
	if (!json_is_string(date) || !api_valid_date(json_string_value(date))) {
		rc = invalid(req, "date", "Le champ « date » doit être une date AAAA-MM-JJ.");
		goto out;
	}
	const char *s = json_is_string(slot) ? json_string_value(slot) : "";
	if (strcmp(s, "am") && strcmp(s, "pm") && strcmp(s, "day") && strcmp(s, "hours")) {
		rc = invalid(req, "slot", "Le champ « slot » doit être am, pm, day ou hours.");
		goto out;
	}
	if (resource && (!json_is_string(resource) || json_string_length(resource) > 120)) {
		rc = invalid(req, "resource", "Le champ « resource » doit être l’identifiant (slug) d’une ressource.");
		goto out;
	}
	const char *t[2] = {NULL, NULL};
	json_t *tv[2] = {starts, ends};
	for (int i = 0; i < 2; i++) {
		if (!tv[i])
			continue;
		if (!json_is_string(tv[i]) || !valid_time(json_string_value(tv[i]))) {
			rc = invalid(req, i ? "ends" : "starts", "Une heure s’écrit HH:MM (par exemple 09:30).");
			goto out;
		}
		t[i] = json_string_value(tv[i]);
	}
	if (strcmp(s, "hours") == 0 && (!t[0] || !t[1])) {
		rc = invalid(req, t[0] ? "ends" : "starts", "Un créneau « hours » demande « starts » et « ends » (HH:MM).");
		goto out;
	}
	if (attendees && (!json_is_integer(attendees) || json_integer_value(attendees) < 1 ||
			  json_integer_value(attendees) > 1000)) {
		rc = invalid(req, "attendees", "Le champ « attendees » doit être un nombre entier de 1 à 1000.");
		goto out;
	}
	if (purpose && (!json_is_string(purpose) || json_string_length(purpose) > 500)) {
		rc = invalid(req, "purpose", "Le champ « purpose » est un texte de 500 caractères au plus.");
		goto out;
	}
	const char *person = arena_printf(&req->arena, "%lld", (long long)json_integer_value(member));
	const char *day = json_string_value(date), *state;
	/* The resource: the open space (a desk) without one. */
	const char *kind = "open_space", *resource_id = NULL;
	if (resource) {
		PGresult *res = req_exec(req, SQL_BOOKING_TARGET,
					 (const char *const[]){json_string_value(resource)}, &state);
		if (!res) {
			rc = api_db_error(req, state);
			goto out;
		}
		if (PQntuples(res) != 1) {
			rc = invalid(req, "resource", "Cette ressource n’existe pas dans ce lieu.");
			goto out;
		}
		resource_id = PQgetvalue(res, 0, 0);
		kind = PQgetvalue(res, 0, 1);
	}
	PGresult *who = req_exec(req, SQL_MEMBER_CONTACT, (const char *const[]){person}, &state);
	if (!who) {
		rc = api_db_error(req, state);
		goto out;
	}
	if (PQntuples(who) != 1) {
		rc = invalid(req, "member_id", "Ce membre n’existe pas (ou son compte n’est pas actif).");
		goto out;
	}
	PGresult *done;
	if (strcmp(kind, "open_space") == 0) {
		if (strcmp(s, "am") && strcmp(s, "pm")) {
			rc = invalid(req, "slot", "L’open space se réserve par demi-journée : am ou pm.");
			goto out;
		}
		done = req_exec(req, SQL_DESK_BOOK, (const char *const[]){person, day, s}, &state);
	} else if (strcmp(kind, "meeting_room") == 0) {
		/* A manage token nobody holds: the API cancels with its hash, as a manage link would. */
		unsigned char hash[32];
		randombytes_buf(hash, sizeof hash);
		char hex[2 + 64 + 1] = "\\x";
		sodium_bin2hex(hex + 2, sizeof hex - 2, hash, sizeof hash);
		const char *params[11] = {resource_id, day, s, t[0], t[1], person, PQgetvalue(who, 0, 0),
			PQgetvalue(who, 0, 1), purpose ? json_string_value(purpose) : NULL,
			arena_printf(&req->arena, "%lld", attendees ? (long long)json_integer_value(attendees) : 1LL),
			hex};
		done = req_exec(req, SQL_ROOM_RESERVE, params, &state);
	} else {
		rc = invalid(req, "resource", "Les bureaux se louent au mois, par le back-office : cette ressource "
			     "ne se réserve pas par l’API.");
		goto out;
	}
	if (!done) {
		rc = booking_refused(req, state);
		goto out;
	}
	const char *id = PQgetvalue(done, 0, 0);
	PGresult *r = booking_get(req, id);
	if (r) {
		resp_header(req, "Location", api_url(req, arena_printf(&req->arena, "/api/v1/bookings/%s", id)));
		rc = api_send(req, 201, api_row(r, 0, api_booking_cols));
	}
out:
	json_decref(body);
	return rc;
}

int api_booking_cancel(struct request *req)
{
	if (!api_auth(req, "bookings:write"))
		return 0;
	if (req->body_len) {
		json_t *body = api_body(req);
		if (!body)
			return 0;
		size_t n = json_object_size(body);
		json_decref(body);
		if (n)
			return invalid(req, NULL, "L’annulation ne prend aucun champ : envoyez {} ou rien.");
	}
	PGresult *r = booking_get(req, req->params[0]);
	if (!r)
		return 0;
	const char *source = PQgetvalue(r, 0, PQfnumber(r, "source")),
		   *status = PQgetvalue(r, 0, PQfnumber(r, "status"));
	const char *state;
	PGresult *done = NULL;
	if (strcmp(status, "cancelled") == 0)
		return api_error(req, 409, "already_cancelled", "Cette réservation est déjà annulée.", NULL);
	if (strcmp(source, "desk") == 0) {
		const char *params[2] = {PQgetvalue(r, 0, PQfnumber(r, "member_id")), req->params[0]};
		done = req_exec(req, SQL_DESK_CANCEL, params, &state);
	} else if (strcmp(source, "room") == 0 && PQgetvalue(r, 0, PQfnumber(r, "_manageable"))[0] == 't') {
		done = req_exec(req, SQL_CANCEL_BY_TOKEN,
				(const char *const[]){PQgetvalue(r, 0, PQfnumber(r, "_manage_hash"))}, &state);
	} else {
		return api_error(req, 409, "not_cancellable",
				 "Cette réservation ne s’annule pas par l’API (passage à l’accueil ou devis) : "
				 "l’équipe l’annule depuis le back-office.", NULL);
	}
	if (!done)
		return booking_refused(req, state);
	if (PQgetvalue(done, 0, 0)[0] != 't')
		return api_error(req, 409, "not_cancellable",
				 "Cette réservation ne peut plus être annulée (elle n’est plus en cours).", NULL);
	r = booking_get(req, req->params[0]);
	return r ? api_send(req, 200, api_row(r, 0, api_booking_cols)) : 0;
}
