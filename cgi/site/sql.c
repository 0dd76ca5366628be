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
};
