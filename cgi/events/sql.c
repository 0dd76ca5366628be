/* sql.c: every SQL statement of the events program. */
#include "events.h"

#define EVENT_COLUMNS \
	"e.slug, e.title, e.summary, e.category, extract(epoch FROM e.starts_at)::bigint, " \
	"extract(epoch FROM e.ends_at)::bigint, e.place_name, coalesce(e.place_address, ''), " \
	"e.status, e.capacity, e.price_cents, " \
	"(SELECT count(*) FROM registration r WHERE r.event_id = e.id AND r.status = 'confirmed') "

const struct db_stmt events_stmts[SQL__MAX] = {
	/* $1 = page size + 1 (to know whether there is a next page), $2 = offset. */
	[SQL_UPCOMING] = {"upcoming",
		"SELECT " EVENT_COLUMNS "FROM event e "
		"WHERE e.status IN ('published', 'cancelled') AND e.ends_at >= now() "
		"ORDER BY e.starts_at, e.id LIMIT $1::int OFFSET $2::int", 2, true},
	[SQL_PAST] = {"past",
		"SELECT " EVENT_COLUMNS "FROM event e "
		"WHERE e.status IN ('published', 'cancelled') AND e.ends_at < now() "
		"ORDER BY e.starts_at DESC, e.id LIMIT $1::int OFFSET $2::int", 2, true},
	/* Until when SQL_UPCOMING's and SQL_PAST's answers stand (the events, their fullness and
	 * the shared data staying the same, schema/0060): the next end of an event not over yet,
	 * which then goes from one list to the other (whole seconds, floor; NULL: none). */
	[SQL_EVENTS_UNTIL] = {"events_until",
		"SELECT floor(extract(epoch FROM min(ends_at)))::bigint FROM event "
		"WHERE status IN ('published', 'cancelled') AND ends_at >= now()", 0, true},
	[SQL_EVENT] = {"event",
		"SELECT " EVENT_COLUMNS ", e.id, e.uid, e.body_md, e.sequence, "
		"extract(epoch FROM e.created_at)::bigint, extract(epoch FROM e.updated_at)::bigint, "
		"(SELECT count(*) FROM registration r WHERE r.event_id = e.id AND r.status = 'waiting'), "
		"e.ends_at < now() "
		"FROM event e WHERE e.slug = $1 AND e.status IN ('published', 'cancelled')", 1, true},
	/* event_register, or a mail with a new cancel link ($13-$15) to an address already there. */
	[SQL_REGISTER] = {"register",
		"SELECT event_register_or_remind($1::bigint, $2::bigint, $3, $4, $5::bytea, $6, $7, $8, "
		"$9, $10, $11, $12::bytea, $13, $14, $15)", 15, false},
	[SQL_REGISTRATION_BY_TOKEN] = {"registration_by_token",
		"SELECT registration_id, status, name, event_title, event_slug, "
		"extract(epoch FROM starts_at)::bigint FROM registration_by_token($1::bytea)", 1, true},
	[SQL_REGISTRATION_CANCEL] = {"registration_cancel",
		"SELECT registration_cancel($1::bytea, $2, $3)", 3, true},
};
