/* sql.c: every SQL statement of the site program. */
#include "site.h"

const struct db_stmt site_stmts[SQL__MAX] = {
	[SQL_PAGE] = {"page",
		"SELECT title, meta_description, body_md FROM site_page WHERE slug = $1", 1, true},
	[SQL_RESOURCES] = {"resources",
		"SELECT kind, name, description, capacity, coalesce(to_char(area_m2, 'FM990D0'), ''), "
		"array_to_string(equipment, ', ') "
		"FROM resource WHERE active ORDER BY sort_order, id", 0, true},
	[SQL_PRICES] = {"prices",
		/* 6: what a member of another association of the network pays (schema/0034: the
		 * non-member price where the space offers none), 7: the space has network prices. */
		"SELECT category, label, unit, member_cents, non_member_cents, coalesce(note, ''), "
		"coalesce(network_cents, non_member_cents), bool_or(network_cents IS NOT NULL) OVER () "
		"FROM price WHERE active "
		"ORDER BY array_position(ARRAY['adhesion','coworking','bureau','salle'], category), "
		"sort_order, code", 0, true},
	[SQL_FUNDERS] = {"funders",
		"SELECT name, kind, role, coalesce(url, '') FROM funder ORDER BY sort_order, name",
		0, true},
	[SQL_HOURS] = {"hours",
		"SELECT weekday, extract(epoch FROM opens)::int, extract(epoch FROM closes)::int "
		"FROM opening_hours ORDER BY weekday, opens", 0, true},
	[SQL_ORG_LEGAL] = {"org_legal",
		"SELECT legal_name, legal_form, street, postcode, city, email, phone, "
		"coalesce(siren, ''), coalesce(siret, ''), coalesce(rna, ''), vat_status, "
		"coalesce(vat_number, ''), publication_director, host_name, host_address "
		"FROM organisation", 0, true},
	/* Idempotent by its request key: safe to send again after a lost connection. */
	[SQL_CONTACT_SUBMIT] = {"contact_submit",
		"SELECT contact_submit($1, $2, $3, $4, $5, $6::inet, $7::uuid)", 7, true},
	[SQL_SITEMAP] = {"sitemap",
		"SELECT slug, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM site_page",
		0, true},
	/* ---- network.c: read in network scope (every space's rows, 0030's policies) ---- */
	/* The active spaces: id, slug, name, street, postcode, city, summary, host ('' for none),
	 * default; a detail the space does not set is its organisation's. */
	[SQL_NET_SPACES] = {"net_spaces",
		"SELECT s.id, s.slug, coalesce(s.name, o.name), coalesce(s.street, o.street), "
		"coalesce(s.postcode, o.postcode), coalesce(s.city, o.city), s.summary, "
		"coalesce(s.host, ''), s.is_default "
		"FROM space s JOIN organisation o ON o.id = s.organisation_id "
		"WHERE s.active ORDER BY s.sort_order, s.id", 0, true},
	/* space, ISO weekday, opens and closes (seconds) of every space, by space and weekday */
	[SQL_NET_HOURS] = {"net_hours",
		"SELECT space_id, weekday, extract(epoch FROM opens)::int, extract(epoch FROM closes)::int "
		"FROM opening_hours ORDER BY space_id, weekday, opens", 0, true},
	/* The next 3 published events of each space (not over yet): space, slug, title and start
	 * (epoch), by space and start. */
	[SQL_NET_EVENTS] = {"net_events",
		"SELECT space_id, slug, title, floor(extract(epoch FROM starts_at))::bigint "
		"FROM (SELECT e.*, row_number() OVER "
		"(PARTITION BY e.space_id ORDER BY e.starts_at, e.id) AS n FROM event e "
		"WHERE e.status = 'published' AND e.ends_at >= now()) x WHERE n <= 3 "
		"ORDER BY space_id, starts_at, id", 0, true},
};
