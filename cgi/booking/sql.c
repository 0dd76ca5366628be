/* sql.c: every SQL statement of the booking program (the rules are in schema/0008_booking.sql). */
#include "booking.h"

#define EPOCH(x) "extract(epoch FROM " x ")::bigint"
/* One booking and its resource: the BK_* columns of booking.h. */
#define BOOKING_COLUMNS \
	"b.id, b.uid, b.status, b.slot, b.day::text, " EPOCH("b.starts_at") ", " EPOCH("b.ends_at") ", " \
	"r.name, r.slug, coalesce(b.company_name, ''), coalesce(b.siren, ''), " \
	"coalesce(b.billing_street, ''), coalesce(b.billing_postcode, ''), coalesce(b.billing_city, ''), " \
	"b.contact_name, coalesce(b.email, ''), coalesce(b.phone, ''), coalesce(b.purpose, ''), " \
	"b.attendees, b.price_cents, b.member_price, " EPOCH("b.free_cancel_until") ", b.terms, " \
	"coalesce(b.quote_number, ''), coalesce(b.quote_valid_until::text, ''), " \
	"(now() <= b.free_cancel_until AND b.status IN ('requested', 'confirmed')), " \
	EPOCH("b.created_at") ", coalesce(b.price_code, ''), " \
	"coalesce(" EPOCH("b.hold_expires_at") ", 0), booking_is_live(b.status, b.hold_expires_at), r.booking_mode, " \
	"b.ics_sequence, coalesce(space_contact_email(b.space_id), ''), b.price_kind, " \
	"coalesce((SELECT coalesce(pr.booking_role, pr.code) = 'room_day' FROM price pr WHERE pr.code = b.price_code), false) "

const struct db_stmt booking_stmts[SQL__MAX] = {
	[SQL_RESOURCES] = {"resources",
		"SELECT slug, name, kind, capacity, description, booking_mode FROM resource "
		"WHERE active AND space_id = (SELECT fontaine_space()) ORDER BY sort_order, id", 0, true},
	[SQL_RESOURCE] = {"resource",
		"SELECT id, slug, name, kind, capacity, booking_mode, array_to_string(equipment, ', '), "
		"exclusive FROM resource WHERE slug = $1 AND active AND space_id = (SELECT fontaine_space())", 1, true},
	/* $1 resource id, $2 first day, $3 last day. */
	[SQL_AVAILABILITY] = {"availability",
		"SELECT day::text, slot, state, reason, coalesce(free_places, -1) "
		"FROM availability($1::int, $2::date, $3::date)", 3, true},
	/* $1 resource slug (as SQL_RESOURCE), $2 first day, $3 last day: what SQL_AVAILABILITY
	 * gives for that resource, so the week's page reads both in one round trip. */
	[SQL_AVAILABILITY_SLUG] = {"availability_slug",
		"SELECT a.day::text, a.slot, a.state, a.reason, coalesce(a.free_places, -1) "
		"FROM resource r CROSS JOIN LATERAL availability(r.id, $2::date, $3::date) a "
		"WHERE r.slug = $1 AND r.active AND r.space_id = (SELECT fontaine_space()) "
		"ORDER BY a.day, a.slot", 3, true},
	/* $1 resource slug, $2 first day, $3 last day (as SQL_AVAILABILITY_SLUG): the sum of the
	 * days' availability_version counters (schema/0063: every booking written moves its
	 * day's), and until when the week stands with no write: the first expiry of a hold it
	 * shows as taken (availability() counts exclusive holds not yet expired), at most the
	 * next midnight in Paris (days up to today take no booking link). Read before the week
	 * itself: a booking committed in between gives a copy that is never served, not a stale
	 * one. The days are looked up one by one (= ANY of the week's days) rather than as a
	 * range: with a range of parameters the planner's generic estimate (a default share of the
	 * table) is costlier than the one it makes for the given days, so PostgreSQL planned the
	 * statement again at every page (0.4 ms, most of the page's time, with ten years of
	 * bookings); with the days one by one both estimates agree and the plan is kept. */
	[SQL_AVAILABILITY_STAMP] = {"availability_stamp",
		"SELECT coalesce((SELECT sum(v.version) FROM availability_version v WHERE v.resource_id = r.id "
		"AND v.day = ANY (ARRAY(SELECT generate_series($2::date, $3::date, interval '1 day')::date))), 0)::text, "
		"floor(extract(epoch FROM least((SELECT min(b.hold_expires_at) FROM booking b "
		"WHERE b.resource_id = r.id AND b.exclusive AND b.status = 'held' AND b.hold_expires_at > now() "
		"AND tstzrange(b.starts_at, b.ends_at) && tstzrange($2::date AT TIME ZONE 'Europe/Paris', "
		"($3::date + 1) AT TIME ZONE 'Europe/Paris')), "
		"(date_trunc('day', now() AT TIME ZONE 'Europe/Paris') + interval '1 day') AT TIME ZONE 'Europe/Paris')))::bigint "
		"FROM resource r WHERE r.slug = $1 AND r.active AND r.space_id = (SELECT fontaine_space())", 3, true},
	[SQL_BUSY] = {"busy",
		"SELECT b.uid, " EPOCH("b.starts_at") ", " EPOCH("b.ends_at") ", b.status, "
		EPOCH("coalesce(b.confirmed_at, b.created_at)") " FROM booking b "
		"WHERE b.resource_id = $1::int AND booking_is_live(b.status, b.hold_expires_at) "
		"AND b.ends_at > now() - interval '30 days' AND b.starts_at < now() + interval '1 year' "
		"ORDER BY b.starts_at LIMIT 2000", 1, true},
	[SQL_ROOM] = {"room",
		"SELECT slug FROM resource WHERE kind = 'meeting_room' AND active "
		"AND space_id = (SELECT fontaine_space()) ORDER BY sort_order, id LIMIT 1", 0, true},
	[SQL_OPTIONS] = {"options",
		"SELECT code, label, price_cents, per_attendee FROM booking_option WHERE active "
		"ORDER BY sort_order, code", 0, true},
	/* $1 resource, $2 day, $3 slot, $4 minutes, $5 person, $6 options, $7 attendees. */
	/* $1 resource, $2 day, $3 slot, $4 minutes, $5 person, $6 options, $7 attendees, $8 $9
	 * start and end times (slot "hours"). Returns the price, its code, member or not, the
	 * slot's instants and the free cancellation delay in hours. */
	[SQL_ROOM_PRICE] = {"room_price",
		"SELECT p.price_cents, p.price_code, p.member_price, " EPOCH("t.s") ", " EPOCH("t.e") ", "
		"coalesce((SELECT value FROM app_setting WHERE key = 'booking_free_cancel_hours'), '48'), "
		/* 6: the price kind (member, network, non_member), 7: a day's price */
		"p.price_kind, coalesce((SELECT coalesce(pr.booking_role, pr.code) = 'room_day' FROM price pr "
		"WHERE pr.code = p.price_code), false) "
		"FROM room_price($1::int, $2::date, $3, $4::int, $5::bigint, $6::text[], $7::int) p, "
		"LATERAL (SELECT CASE WHEN $3 = 'hours' THEN ($2::date + $8::time) AT TIME ZONE 'Europe/Paris' "
		"ELSE (SELECT starts_at FROM space_slot_range(fontaine_space(), $2::date, $3)) END AS s, "
		"CASE WHEN $3 = 'hours' THEN ($2::date + $9::time) AT TIME ZONE 'Europe/Paris' "
		"ELSE (SELECT ends_at FROM space_slot_range(fontaine_space(), $2::date, $3)) END AS e) t", 9, true},
	/* The web form's booking (schema/0015_booking_holds.sql): $21 the confirmation token's
	 * hash (a hold) or NULL (a member under their own address), $22 the client address. */
	[SQL_ROOM_RESERVE] = {"room_reserve",
		"SELECT booking_id, status, coalesce(quote_number, ''), "
		"coalesce(" EPOCH("hold_expires_at") ", 0) FROM room_reserve($1::int, $2::date, "
		"$3, $4::time, $5::time, $6::bigint, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::int, "
		"$17::text[], $18::int, $19::bytea, $20::boolean, $21::bytea, $22::inet, $23, $24, $25, "
		"$26::bytea, $27::uuid)", 27, false},
	[SQL_BY_CONFIRM] = {"by_confirm",
		"SELECT " BOOKING_COLUMNS "FROM booking b JOIN resource r ON r.id = b.resource_id "
		"WHERE b.confirm_token_hash = $1::bytea", 1, true},
	/* $1 confirmation token hash, $2 the new manage token hash, $3..$5 the mail, $6 the .ics. */
	[SQL_CONFIRM_HOLD] = {"confirm_hold",
		"SELECT booking_confirm_hold($1::bytea, $2::bytea, $3, $4, $5, $6::bytea)", 6, false},
	[SQL_BY_TOKEN] = {"by_token",
		"SELECT " BOOKING_COLUMNS "FROM booking_by_token($1::bytea) b "
		"JOIN resource r ON r.id = b.resource_id", 1, true},
	[SQL_OPTION_LINES] = {"option_lines",
		"SELECT label, quantity, unit_cents FROM booking_option_line WHERE booking_id = $1::bigint "
		"ORDER BY option_code", 1, true},
	[SQL_CANCEL_BY_TOKEN] = {"cancel_by_token",
		"SELECT booking_cancel_by_token($1::bytea, $2, $3)", 3, true},
	[SQL_CHANGE_BY_TOKEN] = {"change_by_token",
		"SELECT booking_change_by_token($1::bytea, $2::date, $3)", 3, false},
	/* schema/0026_mail_calendar.sql: the change and the cancellation with their mail and .ics.
	 * $1 token hash, $2 day, $3 slot: the new times, price and free cancellation deadline. */
	[SQL_CHANGE_PREVIEW] = {"change_preview",
		"SELECT " EPOCH("s.starts_at") ", " EPOCH("s.ends_at") ", p.price_cents, "
		EPOCH("s.starts_at - make_interval(hours => coalesce((SELECT value::int FROM app_setting "
		"WHERE key = 'booking_free_cancel_hours'), 48))") " "
		"FROM booking_by_token($1::bytea) b, space_slot_range(b.space_id, $2::date, $3) s, "
		"LATERAL room_price(b.resource_id, $2::date, $3, 0, b.person_id, "
		"ARRAY(SELECT option_code FROM booking_option_line WHERE booking_id = b.id), b.attendees) p",
		3, true},
	[SQL_CHANGE_BY_LINK] = {"change_by_link",
		"SELECT booking_change_by_link($1::bytea, $2::date, $3, $4::int, $5, $6, $7, $8::bytea)", 8, false},
	[SQL_CANCEL_BY_LINK] = {"cancel_by_link",
		"SELECT booking_cancel_by_link($1::bytea, $2::int, $3, $4, $5, $6::bytea)", 6, true},
	/* $1 day, $2 slot: the half-day's instants; $3 person: their address and name. */
	[SQL_DESK_PREVIEW] = {"desk_preview",
		"SELECT " EPOCH("s.starts_at") ", " EPOCH("s.ends_at") ", "
		"coalesce(space_contact_email(fontaine_space()), ''), p.email, "
		"p.first_name || ' ' || p.last_name FROM space_slot_range(fontaine_space(), $1::date, $2) s, person p "
		"WHERE p.id = $3::bigint AND s.starts_at IS NOT NULL", 3, true},
	[SQL_DESK_BOOK_MAILED] = {"desk_book_mailed",
		"SELECT booking_id, covered_by, price_cents FROM desk_book_mailed($1::bigint, $2::date, $3, "
		"$4::uuid, $5, $6, $7, $8::bytea)", 8, false},
	/* The SET_* columns of booking.h. */
	[SQL_SETTINGS] = {"settings",
		"SELECT coalesce((SELECT value FROM app_setting WHERE key = 'booking_free_cancel_hours'), '48'), "
		"coalesce((SELECT value FROM app_setting WHERE key = 'desk_cancel_hours'), '2'), "
		"coalesce((SELECT value FROM app_setting WHERE key = 'booking_hold_minutes'), '30'), "
		"coalesce((SELECT value FROM app_setting WHERE key = 'booking_horizon_months'), '12'), "
		"coalesce((SELECT value FROM app_setting WHERE key = 'booking_hold_max_per_addr'), '3'), "
		"coalesce((SELECT value FROM app_setting WHERE key = 'booking_live_max_per_email'), '10'), "
		"(now() AT TIME ZONE 'Europe/Paris')::date::text, "
		"((now() AT TIME ZONE 'Europe/Paris')::date + make_interval(months => coalesce((SELECT value::int "
		"FROM app_setting WHERE key = 'booking_horizon_months'), 12)))::date::text", 0, true},
	[SQL_DESK_BOOK] = {"desk_book",
		"SELECT booking_id, covered_by, price_cents FROM desk_book($1::bigint, $2::date, $3)", 3, false},
	[SQL_DESK_CANCEL] = {"desk_cancel", "SELECT desk_cancel($1::bigint, $2::bigint)", 2, true},
	[SQL_DESK_LIST] = {"desk_list",
		"SELECT id, day::text, slot, status, covered_by, price_cents, "
		"(now() <= free_cancel_until AND status = 'confirmed'), ends_at < now(), "
		"checked_in_at IS NOT NULL, price_kind FROM booking WHERE person_id = $1::bigint AND source = 'desk' "
		"AND space_id = (SELECT fontaine_space()) "
		"AND status IN ('confirmed', 'no_show') AND starts_at > now() - interval '90 days' "
		"ORDER BY starts_at, id LIMIT 500", 1, true},
	[SQL_DESK_FORMULAS] = {"desk_formulas",
		"SELECT f.price_code, p.label, coalesce(f.halfdays_total, 0), f.halfdays_used, "
		"coalesce(f.ends_on::text, '') FROM person_formula f JOIN price p ON p.code = f.price_code "
		"WHERE f.person_id = $1::bigint AND f.status = 'active' AND f.organisation_id = (SELECT fontaine_org()) "
		"ORDER BY f.id", 1, true},
	[SQL_DAY_DESKS] = {"day_desks",
		"SELECT b.id, b.slot, b.contact_name, b.source, b.status, b.checked_in_at IS NOT NULL, "
		"b.covered_by, b.starts_at < now(), "
		"EXISTS (SELECT 1 FROM booking_correction c WHERE c.booking_id = b.id AND c.kind = 'carnet_use'), "
		"EXISTS (SELECT 1 FROM booking_correction c WHERE c.booking_id = b.id AND c.kind = 'check_in') "
		"FROM booking b "
		"WHERE NOT b.exclusive AND b.day = $1::date AND b.status IN ('confirmed', 'no_show') "
		"AND b.space_id = (SELECT fontaine_space()) "
		"ORDER BY b.slot, b.contact_name, b.id", 1, true},
	[SQL_CHECK_IN] = {"check_in", "SELECT desk_check_in($1::bigint)", 1, true},
	[SQL_NO_SHOW] = {"no_show", "SELECT desk_no_show($1::bigint)", 1, true},
	[SQL_WALK_IN] = {"walk_in", "SELECT desk_walk_in($1, $2, $3, $4::boolean)", 4, false},
	[SQL_REQUESTS] = {"requests",
		"SELECT " BOOKING_COLUMNS "FROM booking b JOIN resource r ON r.id = b.resource_id "
		"WHERE b.source = 'room' AND booking_is_live(b.status, b.hold_expires_at) AND b.ends_at > now() "
		"AND b.space_id = (SELECT fontaine_space()) "
		"ORDER BY b.status = 'requested' DESC, b.starts_at LIMIT 300", 0, true},
	[SQL_BOOKING_BY_ID] = {"booking_by_id",
		"SELECT " BOOKING_COLUMNS "FROM booking b JOIN resource r ON r.id = b.resource_id "
		"WHERE b.id = $1::bigint AND b.source = 'room' AND b.space_id = (SELECT fontaine_space())", 1, true},
	[SQL_ANSWER] = {"answer",
		"SELECT booking_answer($1::bigint, $2::boolean, $3, $4, $5, $6::bytea)", 6, true},
	[SQL_OFFICES] = {"offices",
		"SELECT id, slug, name FROM resource WHERE kind = 'office' AND active AND space_id = (SELECT fontaine_space()) "
		"ORDER BY sort_order, id",
		0, true},
	[SQL_LEASES] = {"leases",
		"SELECT l.id, r.name, l.tenant_name, l.starts_on::text, coalesce(l.ends_on::text, ''), "
		"l.monthly_rent_cents, l.status, coalesce(l.end_reason, '') FROM office_lease l JOIN resource r ON r.id = l.resource_id "
		"WHERE l.space_id = (SELECT fontaine_space()) ORDER BY l.status, l.starts_on DESC, l.id DESC LIMIT 500", 0, true},
	[SQL_LEASE_CREATE] = {"lease_create",
		"SELECT office_lease_create($1::int, $2, $3, $4, $5::date, $6::date, $7::int)", 7, false},
/* $1 staff, $2 lease, $3 last day, $4 reason: true; false when not an active lease;
	 * FTM04 when a later month is already invoiced */
	[SQL_LEASE_END] = {"lease_end",
		"SELECT office_lease_end($1::bigint, $2::bigint, $3::date, $4)", 4, false},
	/* $1 staff, $2 booking, $3 reason: the correction's id; FTM01 not checked in; 23505 done */
	[SQL_CHECK_IN_REVERSE] = {"check_in_reverse",
		"SELECT desk_check_in_reverse($1::bigint, $2::bigint, $3)", 3, false},
	/* $1 staff, $2 booking, $3 reason: the correction's id; FTM01 no carnet; 23505 done */
	[SQL_CARNET_USE_REVERSE] = {"carnet_use_reverse",
		"SELECT carnet_use_reverse($1::bigint, $2::bigint, $3)", 3, false},
	/* $1 email: the id of the account with that address */
	[SQL_MEMBER_BY_EMAIL] = {"member_by_email",
		"SELECT id FROM person WHERE lower(email) = lower($1) AND email <> ''", 1, true},
	/* $1 staff, $2 person, $3 slot, $4 paid: the booking */
	[SQL_WALK_IN_MEMBER] = {"walk_in_member",
		"SELECT desk_walk_in_member($1::bigint, $2::bigint, $3, $4::boolean)", 4, false},
	/* mine.c: the member's own booking ($1 id, $2 person), BK_* columns */
	[SQL_OWNER_BOOKING] = {"owner_booking",
		"SELECT " BOOKING_COLUMNS "FROM booking b JOIN resource r ON r.id = b.resource_id "
		"WHERE b.id = $1::bigint AND b.person_id = $2::bigint "
		"AND b.status IN ('requested', 'confirmed', 'quote', 'no_show')", 2, true},
	/* The connection's space: its name, city and contact address (the SP_* columns). */
	[SQL_SPACE] = {"space",
		"SELECT coalesce(s.name, o.name), coalesce(s.city, o.city, ''), coalesce(s.email, o.email, '') "
		"FROM space s JOIN organisation o ON o.id = s.organisation_id WHERE s.id = (SELECT fontaine_space())", 0, true},
	[SQL_OWNER_RELINK] = {"owner_relink",
		"SELECT booking_owner_relink($1::bigint, $2::bigint, $3::bytea)", 3, false},
};
