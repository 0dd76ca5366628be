/* sql.c: every SQL statement of the admin program. Writes carry the acting staff member:
 * "(SELECT set_config('fontaine.actor', $1, true) AS actor) a ... WHERE a.actor <> ''" sets
 * the transaction-local setting before any row changes (the WHERE makes the planner evaluate
 * it first), and the audit triggers of schema/0005_admin.sql read it in the same statement,
 * hence the same transaction. Local dates and times become timestamptz in SQL only. */
#include "admin.h"

#define ACTOR "(SELECT set_config('fontaine.actor', $1, true) AS actor) a"
#define PARIS(d, t) "((" d "::date + " t "::time) AT TIME ZONE 'Europe/Paris')"
/* Counts of an event's registrations, as columns of a query over event e. */
#define SEATS \
	"(SELECT count(*) FROM registration r WHERE r.event_id = e.id AND r.status = 'confirmed'), " \
	"(SELECT count(*) FROM registration r WHERE r.event_id = e.id AND r.status = 'waiting')"

const struct db_stmt admin_stmts[SQL__MAX] = {
	/* id, title, status, starts (epoch), capacity ('' = unlimited), confirmed, waiting */
	[SQL_HOME_UPCOMING] = {"home_upcoming",
		"SELECT e.id, e.title, e.status, extract(epoch FROM e.starts_at)::bigint, "
		"coalesce(e.capacity::text, ''), " SEATS " FROM event e "
		"WHERE e.ends_at >= now() AND e.status <> 'cancelled' ORDER BY e.starts_at, e.id LIMIT 20",
		0, true},
	/* drafts, published upcoming, past, cancelled */
	[SQL_HOME_COUNTS] = {"home_counts",
		"SELECT count(*) FILTER (WHERE status = 'draft'), "
		"count(*) FILTER (WHERE status = 'published' AND ends_at >= now()), "
		"count(*) FILTER (WHERE status = 'published' AND ends_at < now()), "
		"count(*) FILTER (WHERE status = 'cancelled') FROM event", 0, true},
	/* id, title, status, starts (epoch), category, capacity, confirmed, waiting, past */
	[SQL_EVENTS_LIST] = {"events_list",
		"SELECT e.id, e.title, e.status, extract(epoch FROM e.starts_at)::bigint, e.category, "
		"coalesce(e.capacity::text, ''), " SEATS ", e.ends_at < now() FROM event e "
		"ORDER BY e.ends_at < now(), CASE WHEN e.ends_at < now() THEN -extract(epoch FROM e.starts_at) "
		"ELSE extract(epoch FROM e.starts_at) END, e.id LIMIT 500", 0, true},
	[SQL_EVENT_GET] = {"event_get",
		"SELECT title, summary, body_md, category, "
		"to_char(starts_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD'), "
		"to_char(starts_at AT TIME ZONE 'Europe/Paris', 'HH24:MI'), "
		"to_char(ends_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD'), "
		"to_char(ends_at AT TIME ZONE 'Europe/Paris', 'HH24:MI'), "
		"place_name, coalesce(place_address, ''), coalesce(capacity::text, ''), price_cents, "
		"coalesce(image_path, ''), status, sequence, slug, extract(epoch FROM starts_at)::bigint, "
		"(SELECT count(*) FROM registration r WHERE r.event_id = event.id AND r.status <> 'cancelled'), "
		"ends_at < now() FROM event WHERE id = $1::bigint", 1, true},
	/* $1 actor, $2 slug base, $3 title, $4 summary, $5 body, $6 category, $7..$10 start date,
	 * start time, end date, end time, $11 place, $12 address, $13 capacity, $14 price cents,
	 * $15 image. The slug is the base, else base-2, base-3…: the first one free. */
	[SQL_EVENT_INSERT] = {"event_insert",
		"INSERT INTO event (slug, title, summary, body_md, category, starts_at, ends_at, "
		"place_name, place_address, capacity, price_cents, image_path) "
		"SELECT (SELECT c.s FROM (SELECT $2 AS s, 1 AS n UNION ALL "
		"SELECT $2 || '-' || g, g FROM generate_series(2, 10000) g) c "
		"WHERE NOT EXISTS (SELECT 1 FROM event x WHERE x.slug = c.s) ORDER BY c.n LIMIT 1), "
		"$3, $4, $5, $6, " PARIS("$7", "$8") ", " PARIS("$9", "$10") ", $11, $12, $13::int, "
		"$14::int, $15 FROM " ACTOR " WHERE a.actor <> '' RETURNING id", 15, false},
	/* $1 actor, $2 id, $3 the sequence the form was read at, $4.. as for the insert from the
	 * title. The image alone does not raise SEQUENCE in the event trigger: raised here, so
	 * that the lock sees every change. Returns the new sequence; no row when the event
	 * changed meanwhile (or is gone, or cancelled). */
	[SQL_EVENT_UPDATE] = {"event_update",
		"UPDATE event e SET title = $4, summary = $5, body_md = $6, category = $7, "
		"starts_at = " PARIS("$8", "$9") ", ends_at = " PARIS("$10", "$11") ", "
		"place_name = $12, place_address = $13, capacity = $14::int, price_cents = $15::int, "
		"image_path = $16, sequence = e.sequence + "
		"CASE WHEN e.image_path IS DISTINCT FROM $16 THEN 1 ELSE 0 END "
		"FROM " ACTOR " WHERE a.actor <> '' AND e.id = $2::bigint AND e.sequence = $3::int "
		"AND e.status <> 'cancelled' RETURNING e.sequence", 16, false},
	/* status, sequence: why an update or a delete touched no row */
	[SQL_EVENT_STATE] = {"event_state", "SELECT status, sequence FROM event WHERE id = $1::bigint",
		1, true},
	[SQL_EVENT_PUBLISH] = {"event_publish",
		"UPDATE event e SET status = 'published' FROM " ACTOR " WHERE a.actor <> '' "
		"AND e.id = $2::bigint AND e.status = 'draft' RETURNING e.id", 2, false},
	/* $1 actor, $2 id, $3 subject, $4 text with {name}: returns the number of people told;
	 * event_cancel raises P0002 when the event is not published. */
	[SQL_EVENT_CANCEL] = {"event_cancel",
		"SELECT event_cancel($2::bigint, $3, $4) FROM " ACTOR " WHERE a.actor <> ''", 4, false},
	/* The event trigger refuses (23514) anything but a draft. */
	[SQL_EVENT_DELETE] = {"event_delete",
		"DELETE FROM event e USING " ACTOR " WHERE a.actor <> '' AND e.id = $2::bigint "
		"RETURNING e.id", 2, false},
	/* name, email, status, created (epoch), person account or not */
	[SQL_EVENT_REGISTRATIONS] = {"event_registrations",
		"SELECT name, email, status, extract(epoch FROM created_at)::bigint, person_id IS NOT NULL "
		"FROM registration WHERE event_id = $1::bigint "
		"ORDER BY array_position(ARRAY['confirmed','waiting','cancelled'], status), created_at, id",
		1, true},
};
