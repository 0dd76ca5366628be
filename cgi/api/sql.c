/* sql.c: every SQL statement of the API program. Columns are named after the JSON fields
 * they become (api_row reads them by name); _k and _id are a list's order, for its cursor.
 * Lists take $1 $2 (the cursor: key and id, NULL for the first page) and $3 (the page size
 * plus one). Times are RFC 3339 with the Europe/Paris offset (api_time of 0040_api.sql). */
#include "api.h"

#define T(x) "api_time(" x ")"
#define AFTER(k, id) "($1::bigint IS NULL OR (" k ", " id ") > ($1::bigint, $2::bigint)) "
/* The first instant of a day given as $n (a date, Paris time). */
#define DAY_START(n) "(" n "::date)::timestamp AT TIME ZONE 'Europe/Paris'"
#define DAY_END(n) "(" n "::date + 1)::timestamp AT TIME ZONE 'Europe/Paris'"

#define EVENT_COLUMNS \
	"e.id, e.slug, e.title, e.summary, e.body_md AS description, e.category, " \
	T("e.starts_at") " AS starts_at, " T("e.ends_at") " AS ends_at, e.place_name, e.place_address, " \
	"e.capacity, e.price_cents, e.status, " T("e.updated_at") " AS updated_at, " \
	"extract(epoch FROM e.starts_at)::bigint AS _k, e.id AS _id "

#define BOOKING_COLUMNS \
	"b.id, b.uid::text AS uid, r.slug AS resource, r.name AS resource_name, r.kind AS resource_kind, " \
	"b.source, b.status, b.day::text AS date, b.slot, " T("b.starts_at") " AS starts_at, " \
	T("b.ends_at") " AS ends_at, b.person_id AS member_id, b.contact_name, b.email, b.company_name, " \
	"b.attendees, b.price_cents, b.price_kind, b.covered_by, b.quote_number, " \
	T("b.free_cancel_until") " AS free_cancel_until, " T("b.checked_in_at") " AS checked_in_at, " \
	T("b.created_at") " AS created_at, " T("b.cancelled_at") " AS cancelled_at, " \
	"extract(epoch FROM b.starts_at)::bigint AS _k, b.id AS _id "

#define INVOICE_COLUMNS \
	"i.id, i.kind, i.number, i.status, i.issue_date::text AS issue_date, i.due_date::text AS due_date, " \
	"i.service_start::text AS service_start, i.service_end::text AS service_end, i.corrects_id, " \
	"i.person_id AS member_id, i.customer_name, i.customer_business, i.customer_siren, i.customer_email, " \
	"i.net_cents, i.vat_cents, i.gross_cents, i.paid_cents, " T("i.issued_at") " AS issued_at, " \
	"i.hash, EXISTS (SELECT 1 FROM invoice_frozen f WHERE f.invoice_id = i.id) AS documents_frozen, " \
	"i.id AS _k, i.id AS _id "

const struct db_stmt api_stmts[SQL__MAX] = {
	/* $1 the key's SHA-256, $2 the scope, $3 method, $4 path, $5 address: enum AUTH_*. */
	[SQL_AUTH] = {"auth",
		"SELECT key_id, outcome, rate_limit, rate_remaining, coalesce(retry_after, 0) "
		"FROM api_key_authenticate($1::bytea, $2, $3, $4, $5::inet)", 5, false},

	/* $4 category, $5 from, $6 to (dates): published (or since cancelled) events. */
	[SQL_EVENTS] = {"events",
		"SELECT " EVENT_COLUMNS "FROM event e WHERE e.space_id = (SELECT fontaine_space()) "
		"AND e.status IN ('published', 'cancelled') AND e.published_at IS NOT NULL "
		"AND ($4::text IS NULL OR e.category = $4) "
		"AND CASE WHEN $5::date IS NULL THEN e.ends_at > now() ELSE e.ends_at > " DAY_START("$5") " END "
		"AND ($6::date IS NULL OR e.starts_at < " DAY_END("$6") ") "
		"AND " AFTER("extract(epoch FROM e.starts_at)::bigint", "e.id")
		"ORDER BY extract(epoch FROM e.starts_at)::bigint, e.id LIMIT $3::int", 6, true},
	[SQL_EVENT] = {"event",
		"SELECT " EVENT_COLUMNS "FROM event e WHERE e.space_id = (SELECT fontaine_space()) "
		"AND e.status IN ('published', 'cancelled') AND e.published_at IS NOT NULL AND e.slug = $1", 1, true},

	[SQL_RESOURCES] = {"resources",
		"SELECT slug, name, kind, description, capacity, area_m2::float8::text AS area_m2, "
		"array_to_string(equipment, E'\\x1f') AS equipment, booking_mode, max_booking_minutes "
		"FROM resource WHERE active AND space_id = (SELECT fontaine_space()) ORDER BY sort_order, id", 0, true},
	[SQL_RESOURCE] = {"resource",
		"SELECT id, slug, kind FROM resource WHERE active AND slug = $1 "
		"AND space_id = (SELECT fontaine_space())", 1, true},
	/* $1 resource id, $2 $3 first and last day; the reason only of a closed slot (the function
	 * gives 'Fermé' beside every slot of a day with no closure). */
	[SQL_AVAILABILITY] = {"availability",
		"SELECT day::text AS date, slot, state, CASE WHEN state = 'closed' THEN reason END AS reason, free_places, "
		T("starts_at") " AS starts_at, "
		T("ends_at") " AS ends_at FROM availability($1::int, $2::date, $3::date) ORDER BY day, starts_at, slot",
		3, true},
	[SQL_PRICES] = {"prices",
		"SELECT code, category, label, unit, member_cents, non_member_cents, network_cents, note, booking_role "
		"FROM price WHERE active AND space_id = (SELECT fontaine_space()) ORDER BY sort_order, code", 0, true},
	[SQL_HOURS] = {"hours",
		"SELECT weekday, to_char(opens, 'HH24:MI') AS opens, to_char(closes, 'HH24:MI') AS closes "
		"FROM opening_hours WHERE space_id = (SELECT fontaine_space()) ORDER BY weekday, opens", 0, true},
	/* $1 from, $2 to: the closures that overlap (the space's, or one resource's). */
	[SQL_CLOSURES] = {"closures",
		"SELECT c.starts_on::text AS starts_on, c.ends_on::text AS ends_on, c.reason, r.slug AS resource "
		"FROM closure c LEFT JOIN resource r ON r.id = c.resource_id "
		"WHERE c.space_id = (SELECT fontaine_space()) AND c.ends_on >= $1::date AND c.starts_on <= $2::date "
		"ORDER BY c.starts_on, c.id LIMIT 500", 2, true},

	/* $4 the day: the members of the space's organisation whose paid membership covers it. */
	[SQL_MEMBERS] = {"members",
		"SELECT p.id, p.first_name, p.last_name, p.email, p.company_name, true AS member_on_date, "
		"p.id AS _k, p.id AS _id FROM person p WHERE EXISTS (SELECT 1 FROM membership m "
		"WHERE m.person_id = p.id AND m.organisation_id = (SELECT fontaine_org()) AND m.status = 'paid' "
		"AND $4::date BETWEEN m.starts_on AND m.ends_on) AND " AFTER("p.id", "p.id")
		"ORDER BY p.id LIMIT $3::int", 4, true},
	/* $1 person, $2 day: a person with a membership (any) of the organisation. */
	[SQL_MEMBER] = {"member",
		"SELECT p.id, p.first_name, p.last_name, p.email, p.company_name, EXISTS (SELECT 1 FROM membership m "
		"WHERE m.person_id = p.id AND m.organisation_id = (SELECT fontaine_org()) AND m.status = 'paid' "
		"AND $2::date BETWEEN m.starts_on AND m.ends_on) AS member_on_date FROM person p "
		"WHERE p.id = $1::bigint AND EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id "
		"AND m.organisation_id = (SELECT fontaine_org()))", 2, true},
	/* $1 the people ({1,2}), $2 the day: their memberships that have not ended. */
	[SQL_MEMBER_MEMBERSHIPS] = {"member_memberships",
		"SELECT m.person_id, m.id, m.starts_on::text AS starts_on, m.ends_on::text AS ends_on, m.status, "
		"m.fee_cents FROM membership m WHERE m.person_id = ANY ($1::bigint[]) "
		"AND m.organisation_id = (SELECT fontaine_org()) AND m.status <> 'cancelled' AND m.ends_on >= $2::date "
		"ORDER BY m.person_id, m.starts_on", 2, true},
	[SQL_MEMBER_FORMULAS] = {"member_formulas",
		"SELECT f.person_id, f.id, f.price_code, p.label, f.status, f.starts_on::text AS starts_on, "
		"f.ends_on::text AS ends_on, f.halfdays_total, f.halfdays_used, f.unit_cents "
		"FROM person_formula f JOIN price p ON p.code = f.price_code WHERE f.person_id = ANY ($1::bigint[]) "
		"AND f.organisation_id = (SELECT fontaine_org()) AND f.status = 'active' "
		"AND (f.ends_on IS NULL OR f.ends_on >= $2::date) ORDER BY f.person_id, f.id", 2, true},

	/* $4 from, $5 to (days), $6 resource slug, $7 status, $8 member. */
	[SQL_BOOKINGS] = {"bookings",
		"SELECT " BOOKING_COLUMNS "FROM booking b JOIN resource r ON r.id = b.resource_id "
		"WHERE b.space_id = (SELECT fontaine_space()) AND b.status NOT IN ('held', 'expired') "
		"AND ($4::date IS NULL OR b.day >= $4::date) AND ($5::date IS NULL OR b.day <= $5::date) "
		"AND ($6::text IS NULL OR r.slug = $6) AND ($7::text IS NULL OR b.status = $7) "
		"AND ($8::bigint IS NULL OR b.person_id = $8::bigint) "
		"AND " AFTER("extract(epoch FROM b.starts_at)::bigint", "b.id")
		"ORDER BY extract(epoch FROM b.starts_at)::bigint, b.id LIMIT $3::int", 8, true},
	[SQL_BOOKING] = {"booking",
		"SELECT " BOOKING_COLUMNS ", b.manage_token_hash IS NOT NULL AS _manageable, "
		"encode(b.manage_token_hash, 'hex') AS _manage_hash FROM booking b JOIN resource r ON r.id = b.resource_id "
		"WHERE b.id = $1::bigint AND b.space_id = (SELECT fontaine_space()) "
		"AND b.status NOT IN ('held', 'expired')", 1, true},
	/* The resource a booking asks for: its id and kind. */
	[SQL_BOOKING_TARGET] = {"booking_target",
		"SELECT id, kind FROM resource WHERE active AND slug = $1 AND space_id = (SELECT fontaine_space())",
		1, true},
	/* A member of the organisation who may book: name and address, for room_reserve. */
	[SQL_MEMBER_CONTACT] = {"member_contact",
		"SELECT p.first_name || ' ' || p.last_name, p.email FROM person p WHERE p.id = $1::bigint "
		"AND p.status = 'active' AND EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id "
		"AND m.organisation_id = (SELECT fontaine_org()))", 1, true},
	/* The pages' own functions (schema/0008, 0015, 0034): the same rules. */
	[SQL_DESK_BOOK] = {"desk_book",
		"SELECT booking_id FROM desk_book($1::bigint, $2::date, $3)", 3, false},
	/* $1 room, $2 day, $3 slot, $4 $5 times, $6 person, $7 contact, $8 e-mail, $9 purpose,
	 * $10 attendees, $11 the manage token's hash (the API cancels with it). */
	[SQL_ROOM_RESERVE] = {"room_reserve",
		"SELECT booking_id FROM room_reserve($1::int, $2::date, $3, $4::time, $5::time, $6::bigint, "
		"NULL, NULL, NULL, NULL, NULL, $7, $8, NULL, $9, $10::int, '{}'::text[], NULL, $11::bytea, false, "
		"NULL, NULL, NULL, NULL, NULL, NULL, NULL)", 11, false},
	[SQL_DESK_CANCEL] = {"desk_cancel", "SELECT desk_cancel($1::bigint, $2::bigint)", 2, true},
	[SQL_CANCEL_BY_TOKEN] = {"cancel_by_token",
		"SELECT booking_cancel_by_token(decode($1, 'hex'), NULL, NULL)", 1, true},

	/* $4 from, $5 to (days, both given): the half-days used (schema/0008 use_halfday). */
	[SQL_USES] = {"uses",
		"SELECT u.day::text AS date, u.slot, r.slug AS resource, u.kind, u.person_id AS member_id, u.source, "
		"u.booking_id, u.lease_id, "
		"(extract(epoch FROM u.day::timestamp)::bigint * 2 + (u.slot = 'pm')::int) AS _k, "
		"coalesce(u.booking_id, -u.lease_id) AS _id "
		"FROM use_halfday u JOIN resource r ON r.id = u.resource_id "
		"WHERE u.space_id = (SELECT fontaine_space()) AND u.day BETWEEN $4::date AND $5::date "
		"AND " AFTER("extract(epoch FROM u.day::timestamp)::bigint * 2 + (u.slot = 'pm')::int",
			     "coalesce(u.booking_id, -u.lease_id)")
		"ORDER BY 9, 10 LIMIT $3::int", 5, true},
	/* $4 from, $5 to: the open space's bookings checked in. */
	[SQL_CHECKINS] = {"checkins",
		"SELECT " BOOKING_COLUMNS "FROM booking b JOIN resource r ON r.id = b.resource_id "
		"WHERE b.space_id = (SELECT fontaine_space()) AND NOT b.exclusive AND b.checked_in_at IS NOT NULL "
		"AND b.day BETWEEN $4::date AND $5::date "
		"AND " AFTER("extract(epoch FROM b.starts_at)::bigint", "b.id")
		"ORDER BY extract(epoch FROM b.starts_at)::bigint, b.id LIMIT $3::int", 5, true},
	[SQL_CHECK_IN] = {"check_in", "SELECT coalesce(desk_check_in($1::bigint), false)", 1, false},

	/* $4 kind, $5 from, $6 to (issue dates): issued documents only. */
	[SQL_INVOICES] = {"invoices",
		"SELECT " INVOICE_COLUMNS "FROM invoice i WHERE i.organisation_id = (SELECT fontaine_org()) "
		"AND i.status <> 'draft' AND ($4::text IS NULL OR i.kind = $4) "
		"AND ($5::date IS NULL OR i.issue_date >= $5::date) AND ($6::date IS NULL OR i.issue_date <= $6::date) "
		"AND " AFTER("i.id", "i.id") "ORDER BY i.id LIMIT $3::int", 6, true},
	[SQL_INVOICE] = {"invoice",
		"SELECT " INVOICE_COLUMNS "FROM invoice i WHERE i.organisation_id = (SELECT fontaine_org()) "
		"AND i.status <> 'draft' AND i.id = $1::bigint", 1, true},
	/* $1 invoice, $2 'pdf' or 'xml': the stored bytes (schema/0022), hex, and the number. */
	[SQL_INVOICE_FROZEN] = {"invoice_frozen",
		"SELECT i.number, CASE WHEN $2 = 'pdf' THEN f.pdf ELSE f.xml END, "
		"CASE WHEN $2 = 'pdf' THEN f.pdf_sha256 ELSE f.xml_sha256 END "
		"FROM invoice i LEFT JOIN invoice_frozen f ON f.invoice_id = i.id "
		"WHERE i.id = $1::bigint AND i.organisation_id = (SELECT fontaine_org()) AND i.status <> 'draft'",
		2, true},
	/* $4 from, $5 to (payment days). */
	[SQL_PAYMENTS] = {"payments",
		"SELECT p.id, p.invoice_id, i.number AS invoice_number, p.paid_on::text AS paid_on, p.amount_cents, "
		"p.method, p.reference, p.reverses_id, p.reason, " T("p.created_at") " AS created_at, "
		"p.id AS _k, p.id AS _id FROM payment p JOIN invoice i ON i.id = p.invoice_id "
		"WHERE p.organisation_id = (SELECT fontaine_org()) "
		"AND ($4::date IS NULL OR p.paid_on >= $4::date) AND ($5::date IS NULL OR p.paid_on <= $5::date) "
		"AND " AFTER("p.id", "p.id") "ORDER BY p.id LIMIT $3::int", 5, true},
	[SQL_CLOSINGS] = {"closings",
		"SELECT c.id, c.kind, c.period_start::text AS period_start, c.period_end::text AS period_end, "
		T("c.closed_at") " AS closed_at, c.doc_count, c.chain_seq, c.chain_hash, c.archive_sha256, c.hash, "
		"c.id AS _k, c.id AS _id FROM period_closing c WHERE c.organisation_id = (SELECT fontaine_org()) "
		"AND " AFTER("c.id", "c.id") "ORDER BY c.id LIMIT $3::int", 3, true},

	/* $1 key, $2 Idempotency-Key, $3 method, $4 path, $5 the body's SHA-256: a row when this
	 * call holds the key (new, or a claim left over a minute, or an answer over a day old). */
	[SQL_IDEM_CLAIM] = {"idem_claim",
		"INSERT INTO api_idempotency AS i (key_id, idem_key, method, path, request_sha256) "
		"VALUES ($1::bigint, $2, $3, $4, $5) ON CONFLICT (key_id, idem_key) DO UPDATE "
		"SET method = $3, path = $4, request_sha256 = $5, status = NULL, body = NULL, location = NULL, "
		"created_at = now() WHERE (i.status IS NULL AND i.created_at < now() - interval '1 minute') "
		"OR i.created_at < now() - interval '1 day' RETURNING true", 5, false},
	[SQL_IDEM_GET] = {"idem_get",
		"SELECT method, path, request_sha256, status, body, location FROM api_idempotency "
		"WHERE key_id = $1::bigint AND idem_key = $2", 2, true},
	[SQL_IDEM_STORE] = {"idem_store",
		"UPDATE api_idempotency SET status = $3::smallint, body = $4, location = $5 "
		"WHERE key_id = $1::bigint AND idem_key = $2 AND status IS NULL", 5, true},
	[SQL_IDEM_RELEASE] = {"idem_release",
		"DELETE FROM api_idempotency WHERE key_id = $1::bigint AND idem_key = $2 AND status IS NULL", 2, true},
};
