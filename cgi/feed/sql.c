/* sql.c: every SQL statement of the feed program. */
#include "feed.h"

/* The columns event.c reads, in this order. Epochs are whole seconds (floor), the unit of
 * Last-Modified and If-Modified-Since. */
#define EVENT_COLUMNS \
	"uid::text, slug, title, summary, body_md, category, " \
	"floor(extract(epoch FROM starts_at))::bigint, floor(extract(epoch FROM ends_at))::bigint, " \
	"place_name, coalesce(place_address, ''), status, sequence, " \
	"floor(extract(epoch FROM coalesce(published_at, created_at)))::bigint, " \
	"floor(extract(epoch FROM created_at))::bigint, " \
	"floor(extract(epoch FROM updated_at))::bigint, coalesce(capacity, 0), price_cents "

/* An event's space, for the network feeds (event.c reads them after EVENT_COLUMNS). */
#define SPACE_COLUMNS "sp_name, sp_address, sp_host, sp_slug, sp_default "
/* The event's space is active (SPACE_JOIN keeps only those). */
#define LIVE_SPACE "EXISTS (SELECT 1 FROM space s WHERE s.id = event.space_id AND s.active) "
/* The event's active space, under names no event column has. */
#define SPACE_JOIN \
	"JOIN LATERAL (SELECT coalesce(s.name, o.name) AS sp_name, coalesce(s.street, o.street) " \
	"|| ', ' || coalesce(s.postcode, o.postcode) || ' ' || coalesce(s.city, o.city) AS sp_address, " \
	"coalesce(s.host, '') AS sp_host, s.slug AS sp_slug, s.is_default AS sp_default " \
	"FROM space s JOIN organisation o ON o.id = s.organisation_id " \
	"WHERE s.id = event.space_id AND s.active) sp ON true "

const struct db_stmt feed_stmts[SQL__MAX] = {
	/* Upcoming (not yet over) first, soonest first; then the past, latest first. The 50 are
	 * chosen among at most 50 upcoming ones (event_space_ends, 0053: the events not over yet)
	 * and the 50 latest past ones (event_space_starts, backwards), by id, before any other
	 * column is read: not by sorting every event of the years. Each chosen event is then read
	 * by its key (LIMIT 1 keeps the planner from a hash join over every event). */
	[SQL_FEED_EVENTS] = {"feed_events",
		"WITH k (k_id, k_past, k_starts) AS ("
		"(SELECT id, false, starts_at FROM event WHERE status IN ('published', 'cancelled') "
		"AND ($1::text IS NULL OR category = $1) AND ends_at >= now() ORDER BY starts_at, id LIMIT 50) "
		"UNION ALL (SELECT id, true, starts_at FROM event WHERE status IN ('published', 'cancelled') "
		"AND ($1::text IS NULL OR category = $1) AND ends_at < now() ORDER BY starts_at DESC, id LIMIT 50)) "
		"SELECT " EVENT_COLUMNS "FROM k CROSS JOIN LATERAL (SELECT * FROM event WHERE event.id = k.k_id LIMIT 1) event "
		"ORDER BY k.k_past, CASE WHEN NOT k.k_past THEN k.k_starts END, k.k_starts DESC, k.k_id LIMIT 50",
		1, true},
	/* Until when SQL_FEED_EVENTS's answer stands (its events and the shared data staying the
	 * same): the next end of an event not over yet, which then leaves the upcoming ones
	 * (whole seconds, floor; NULL: none). */
	[SQL_FEED_EVENTS_UNTIL] = {"feed_events_until",
		"SELECT floor(extract(epoch FROM min(ends_at)))::bigint FROM event "
		"WHERE status IN ('published', 'cancelled') AND ends_at >= now()", 0, true},
	/* The same for SQL_CALENDAR_EVENTS: the first moment an event of it may be more than six
	 * months over. Over at e, it stays while t - 6 months <= e, so at least until
	 * e + 6 months (adding months and taking them off again gives e, or up to three days before
	 * it at the end of a month), an hour earlier for a change of summer time on the way. */
	[SQL_CALENDAR_EVENTS_UNTIL] = {"calendar_events_until",
		"SELECT floor(extract(epoch FROM min(ends_at) + interval '6 months'))::bigint - 3600 "
		"FROM event WHERE status IN ('published', 'cancelled') "
		"AND ends_at >= now() - interval '6 months'", 0, true},
	[SQL_CALENDAR_EVENTS] = {"calendar_events",
		"SELECT " EVENT_COLUMNS "FROM event "
		"WHERE status IN ('published', 'cancelled') AND ends_at >= now() - interval '6 months' "
		"AND ($1::text IS NULL OR category = $1) "
		"ORDER BY starts_at, id LIMIT 1000", 1, true},
	[SQL_EVENT] = {"event",
		"SELECT " EVENT_COLUMNS "FROM event "
		"WHERE slug = $1 AND status IN ('published', 'cancelled')", 1, true},
	[SQL_PERSONAL_ITEMS] = {"personal_items",
		"SELECT kind, coalesce(uid, ''), sequence, floor(extract(epoch FROM starts_at))::bigint, "
		"floor(extract(epoch FROM ends_at))::bigint, coalesce(title, ''), coalesce(location, ''), "
		"cancelled, floor(extract(epoch FROM stamp))::bigint FROM calendar_feed_items($1::bytea)",
		1, true},
	/* Every space's events, read in network scope; after EVENT_COLUMNS the space's name,
	 * address, host ('' for none), slug and whether it is the default one (a detail the space
	 * does not set is its organisation's). */
	[SQL_NET_FEED_EVENTS] = {"net_feed_events",
		"WITH k (k_id, k_past, k_starts) AS ("
		"(SELECT id, false, starts_at FROM event WHERE status IN ('published', 'cancelled') "
		"AND ends_at >= now() AND " LIVE_SPACE "ORDER BY starts_at, id LIMIT 50) "
		"UNION ALL (SELECT id, true, starts_at FROM event WHERE status IN ('published', 'cancelled') "
		"AND ends_at < now() AND " LIVE_SPACE "ORDER BY starts_at DESC, id LIMIT 50)) "
		"SELECT " EVENT_COLUMNS ", " SPACE_COLUMNS "FROM k CROSS JOIN LATERAL (SELECT * FROM event WHERE event.id = k.k_id LIMIT 1) event "
		SPACE_JOIN "ORDER BY k.k_past, CASE WHEN NOT k.k_past THEN k.k_starts END, k.k_starts DESC, k.k_id "
		"LIMIT 50", 0, true},
	[SQL_NET_CALENDAR_EVENTS] = {"net_calendar_events",
		"SELECT " EVENT_COLUMNS ", " SPACE_COLUMNS "FROM event "
		SPACE_JOIN "WHERE status IN ('published', 'cancelled') "
		"AND ends_at >= now() - interval '6 months' ORDER BY starts_at, id LIMIT 1000", 0, true},
};
