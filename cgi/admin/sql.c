/* sql.c: every SQL statement of the admin program. Writes carry the acting staff member:
 * "(SELECT set_config('fontaine.actor', $1, true) AS actor) a ... WHERE a.actor <> ''" sets
 * the transaction-local setting before any row changes (the WHERE makes the planner evaluate
 * it first), and the audit triggers of schema/0005_admin.sql read it in the same statement,
 * hence the same transaction. Local dates and times become timestamptz in SQL only. */
#include "admin.h"

/* A search typed by the staff ($1) as an ILIKE pattern q.pat matching it anywhere, its
 * wildcards and backslashes taken literally. */
#define SEARCH_PATTERN "WITH q AS (SELECT '%' || replace(replace(replace($1, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' AS pat) "
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

	/* ---- dashboard.c ---------------------------------------------------------------- */
	/* The dashboard is the connection's space's. Uses come from counters kept as bookings
	 * change (use_tally, 0031) and the leases' working half-days of the window, through
	 * use_counts(from, to, space); open half-days from space_open_halfdays(space, from, to)
	 * (each day of the window looked at once) less resource_closed_days(); unpaid invoices from
	 * the index invoice_open_balance; sales from income_tally, kept as documents are
	 * issued (0039). None of them reads the history: tests/integration/dashboard_figures.test.mjs
	 * compares every figure with the same figure computed from the raw tables. */
	/* Every day of the month $1: date, day of month, uses, open (no closure of the whole space,
	 * not a public holiday, opening hours that weekday), the month's target, elapsed (up to
	 * today). */
	[SQL_DASH_DAYS] = {"dash_days",
		"WITH u AS (SELECT day, sum(n) AS n FROM use_counts($1::date, ($1::date + interval '1 month')::date, "
		"(SELECT fontaine_space())) GROUP BY day) "
		"SELECT to_char(d.day, 'YYYY-MM-DD'), extract(day FROM d.day)::int, coalesce(u.n, 0), d.open, "
		"(SELECT use_target_of($1::date)), d.day <= paris_today() "
		"FROM space_month_days((SELECT fontaine_space()), $1::date) d LEFT JOIN u ON u.day = d.day "
		"ORDER BY d.day", 1, true},
	/* The 12 months ending with $1: month (YYYY-MM), uses, target. */
	[SQL_DASH_MONTHS] = {"dash_months",
		"SELECT to_char(g.m, 'YYYY-MM'), coalesce(u.n, 0), use_target_of(g.m::date) "
		"FROM generate_series($1::date - interval '11 months', $1::date, interval '1 month') g (m) "
		"LEFT JOIN (SELECT month AS m, sum(n) AS n FROM use_month_counts("
		"($1::date - interval '11 months')::date, ($1::date + interval '1 month')::date, "
		"(SELECT fontaine_space())) GROUP BY 1) u ON u.m = g.m::date "
		"ORDER BY g.m", 1, true},
	/* Per active resource and month of the 12 ending with $1: id, name, kind, capacity, month,
	 * half-days used, half-days open (opening hours that weekday, not closed for it). */
	[SQL_DASH_OCCUPANCY] = {"dash_occupancy",
		"WITH so AS MATERIALIZED (SELECT day, slot FROM space_open_halfdays((SELECT fontaine_space()), "
		"($1::date - interval '11 months')::date, ($1::date + interval '1 month')::date)), "
		"tot AS (SELECT date_trunc('month', day)::date AS m, count(*) AS n FROM so GROUP BY 1), "
		"ded AS (SELECT c.resource_id, date_trunc('month', so.day)::date AS m, count(*) AS n "
		"FROM resource_closed_days((SELECT fontaine_space()), ($1::date - interval '11 months')::date, "
		"($1::date + interval '1 month')::date) c JOIN so ON so.day = c.day GROUP BY 1, 2), "
		"used AS (SELECT resource_id, month AS m, sum(n) AS n "
		"FROM use_month_counts(($1::date - interval '11 months')::date, ($1::date + interval '1 month')::date, "
		"(SELECT fontaine_space())) GROUP BY 1, 2) "
		"SELECT r.id, r.name, r.kind, r.capacity, to_char(g.m, 'YYYY-MM'), coalesce(u.n, 0), "
		"coalesce(t.n, 0) - coalesce(d.n, 0) FROM resource r "
		"CROSS JOIN generate_series($1::date - interval '11 months', $1::date, interval '1 month') g (m) "
		"LEFT JOIN tot t ON t.m = g.m::date "
		"LEFT JOIN ded d ON d.resource_id = r.id AND d.m = g.m::date "
		"LEFT JOIN used u ON u.resource_id = r.id AND u.m = g.m::date "
		"WHERE r.active ORDER BY r.sort_order, r.id, g.m", 1, true},
	/* Per active resource, ISO weekday and slot over the 3 months ending with $1: id, name,
	 * kind, capacity, weekday, slot, half-days used, half-days open. */
	[SQL_DASH_HEATMAP] = {"dash_heatmap",
		"WITH so AS MATERIALIZED (SELECT day, slot FROM space_open_halfdays((SELECT fontaine_space()), "
		"($1::date - interval '2 months')::date, ($1::date + interval '1 month')::date)), "
		"tot AS (SELECT extract(isodow FROM day)::int AS dow, slot, count(*) AS n FROM so GROUP BY 1, 2), "
		"ded AS (SELECT c.resource_id, extract(isodow FROM so.day)::int AS dow, so.slot, count(*) AS n "
		"FROM resource_closed_days((SELECT fontaine_space()), ($1::date - interval '2 months')::date, "
		"($1::date + interval '1 month')::date) c JOIN so ON so.day = c.day GROUP BY 1, 2, 3), "
		"used AS (SELECT resource_id, dow, slot, sum(n) AS n "
		"FROM use_month_counts(($1::date - interval '2 months')::date, ($1::date + interval '1 month')::date, "
		"(SELECT fontaine_space())) GROUP BY 1, 2, 3) "
		"SELECT r.id, r.name, r.kind, r.capacity, w.dow, s.slot, coalesce(u.n, 0), "
		"coalesce(t.n, 0) - coalesce(d.n, 0) "
		"FROM resource r CROSS JOIN generate_series(1, 7) w (dow) CROSS JOIN halfday_slot s "
		"LEFT JOIN tot t ON t.dow = w.dow AND t.slot = s.slot "
		"LEFT JOIN ded d ON d.resource_id = r.id AND d.dow = w.dow AND d.slot = s.slot "
		"LEFT JOIN used u ON u.resource_id = r.id AND u.dow = w.dow AND u.slot = s.slot "
		"WHERE r.active ORDER BY r.sort_order, r.id, w.dow, s.starts", 1, true},
	/* Income (net cents, invoices minus credit notes, by issue date) of the 12 months ending
	 * with $1: month, memberships, formulas, unit half-days, offices, rooms, other. A coworking
	 * line is a formula when it invoices one (source_key formula:…); a credit note's lines
	 * have no source_key and take the kind of the corrected invoice's line at that position
	 * (income_line_kind, applied as each document is issued). */
	[SQL_DASH_INCOME] = {"dash_income",
		"SELECT to_char(g.m, 'YYYY-MM'), "
		"coalesce(sum(t.net_cents) FILTER (WHERE t.kind = 'membership'), 0), "
		"coalesce(sum(t.net_cents) FILTER (WHERE t.kind = 'formula'), 0), "
		"coalesce(sum(t.net_cents) FILTER (WHERE t.kind = 'unit'), 0), "
		"coalesce(sum(t.net_cents) FILTER (WHERE t.kind = 'office'), 0), "
		"coalesce(sum(t.net_cents) FILTER (WHERE t.kind = 'room'), 0), "
		"coalesce(sum(t.net_cents) FILTER (WHERE t.kind = 'other'), 0) "
		"FROM generate_series($1::date - interval '11 months', $1::date, interval '1 month') g (m) "
		"LEFT JOIN income_tally t ON t.organisation_id = (SELECT fontaine_org()) AND t.month = g.m::date "
		"GROUP BY g.m ORDER BY g.m", 1, true},
	/* Today: unpaid (issued, not fully paid) cents and count, overdue cents and count; and
	 * whether $1, the staff member looking, is a network admin (a query saved). */
	[SQL_DASH_UNPAID] = {"dash_unpaid",
		"SELECT coalesce(sum(gross_cents - paid_cents), 0), count(*), "
		"coalesce(sum(gross_cents - paid_cents) FILTER (WHERE due_date < (SELECT paris_today())), 0), "
		"count(*) FILTER (WHERE due_date < (SELECT paris_today())), (SELECT person_spaces($1::bigint) IS NULL) "
		"FROM invoice WHERE kind = 'invoice' AND status IN ('issued', 'partly_paid')", 1, true},
	/* The 5 years ending with the year of $1: year, public grants (granted or received),
	 * private grants, sales (invoices minus credit notes, net, of the space's organisation), requested, granted awaiting
	 * payment, received (cents). A grant counts in the year its period starts. The five years
	 * are a fixed count and the funding's first day a sub-select, so that the planner's
	 * generic estimate is the one it makes for a given month: with the years a series of the
	 * parameter (1,000 rows for its generic estimate) and the first day compared as a range,
	 * PostgreSQL planned the statement again at every page (0.24 ms; plans_kept.test.mjs). */
	[SQL_DASH_FUNDING] = {"dash_funding",
		"WITH y AS (SELECT extract(year FROM $1::date)::int - 4 + k AS year FROM generate_series(0, 4) k), "
		"g AS (SELECT extract(year FROM period_start)::int AS year, "
		"sum(amount_cents) FILTER (WHERE public AND status <> 'requested') AS pub, "
		"sum(amount_cents) FILTER (WHERE NOT public AND status <> 'requested') AS priv, "
		"sum(amount_cents) FILTER (WHERE status = 'requested') AS requested, "
		"sum(amount_cents) FILTER (WHERE status = 'granted') AS granted, "
		"sum(amount_cents) FILTER (WHERE status = 'received') AS received FROM funding "
		"WHERE period_start >= (SELECT make_date(extract(year FROM $1::date)::int - 4, 1, 1)) GROUP BY 1), "
		"s AS (SELECT year, sales_cents AS sales FROM organisation_sales(fontaine_org(), "
		"extract(year FROM $1::date)::int - 4, extract(year FROM $1::date)::int)) "
		"SELECT y.year, coalesce(g.pub, 0), coalesce(g.priv, 0), coalesce(s.sales, 0), "
		"coalesce(g.requested, 0), coalesce(g.granted, 0), coalesce(g.received, 0) "
		"FROM y LEFT JOIN g USING (year) LEFT JOIN s USING (year) ORDER BY y.year", 1, true},
	/* Per profile, at the end of the month $1 (or today): profile, members (a membership, paid
	 * or not, covering that day, account not closed), new (first membership started in the 12
	 * months before), leaving (last membership ended in those 12 months, or account
	 * closing/closed); kept between the changes that can alter it (schema/0055). */
	[SQL_DASH_MEMBERS] = {"dash_members",
		"SELECT profile, members, fresh, leaving FROM members_chart($1::date)", 1, true},
	/* $1 actor, $2 month (first day), $3 target */
	[SQL_TARGET_SET] = {"target_set",
		"INSERT INTO use_target (month, target) SELECT $2::date, $3::int FROM " ACTOR
		" WHERE a.actor <> '' ON CONFLICT (space_id, month) DO UPDATE SET target = EXCLUDED.target RETURNING month",
		3, false},

	/* ---- funding.c ------------------------------------------------------------------ */
	/* id, funder, public, label, amount, start, end, status, note */
	[SQL_FUNDING_LIST] = {"funding_list",
		"SELECT id, funder_name, public, label, amount_cents, to_char(period_start, 'YYYY-MM-DD'), "
		"to_char(period_end, 'YYYY-MM-DD'), status, coalesce(note, '') FROM funding "
		"ORDER BY period_start DESC, id DESC LIMIT 500", 0, true},
	/* funder id ('' typed), funder name, public, label, amount, start, end, status, note */
	[SQL_FUNDING_GET] = {"funding_get",
		"SELECT coalesce(funder_id::text, ''), funder_name, public, label, amount_cents, "
		"to_char(period_start, 'YYYY-MM-DD'), to_char(period_end, 'YYYY-MM-DD'), status, "
		"coalesce(note, '') FROM funding WHERE id = $1::bigint", 1, true},
	/* $1 actor, $2 funder id ('' = typed), $3 typed name, $4 typed public (t/f), $5 label,
	 * $6 amount cents, $7 start, $8 end, $9 status, $10 note. A funder from the table gives its
	 * name and kind. */
	[SQL_FUNDING_INSERT] = {"funding_insert",
		"INSERT INTO funding (funder_id, funder_name, public, label, amount_cents, period_start, "
		"period_end, status, note) SELECT f.id, coalesce(f.name, nullif($3, '')), "
		"coalesce(f.kind = 'public', $4::boolean), $5, $6::bigint, $7::date, $8::date, $9, nullif($10, '') "
		"FROM " ACTOR " LEFT JOIN funder f ON f.id = nullif($2, '')::int WHERE a.actor <> '' RETURNING id",
		10, false},
	/* $1 actor, $2 id, then $3.. as the insert from $2 */
	[SQL_FUNDING_UPDATE] = {"funding_update",
		"UPDATE funding g SET funder_id = f.id, funder_name = coalesce(f.name, nullif($4, '')), "
		"public = coalesce(f.kind = 'public', $5::boolean), label = $6, amount_cents = $7::bigint, "
		"period_start = $8::date, period_end = $9::date, status = $10, note = nullif($11, '') "
		"FROM " ACTOR " LEFT JOIN funder f ON f.id = nullif($3, '')::int "
		"WHERE a.actor <> '' AND g.id = $2::bigint RETURNING g.id", 11, false},
	[SQL_FUNDING_DELETE] = {"funding_delete",
		"DELETE FROM funding g USING " ACTOR " WHERE a.actor <> '' AND g.id = $2::bigint RETURNING g.id",
		2, false},
	/* id, name, kind */
	[SQL_FUNDER_CHOICES] = {"funder_choices",
		"SELECT id, name, kind FROM funder ORDER BY sort_order, name", 0, true},

	/* ---- members.c ------------------------------------------------------------------ */
	/* $1 words ('' = everyone), $2 status ('' = any): id, first, last, email, company,
	 * profile, status, role, last membership's end (YYYY-MM-DD or ''), its status. The first
	 * 200 people in name order first (index person_name_order), then their memberships: both
	 * from their indexes alone (schema/0061), so only these columns of person. */
	[SQL_MEMBERS_SEARCH] = {"members_search",
		SEARCH_PATTERN
		"SELECT p.id, p.first_name, p.last_name, p.email, coalesce(p.company_name, ''), p.profile, "
		"p.status, p.role, coalesce(to_char(m.ends_on, 'YYYY-MM-DD'), ''), coalesce(m.status, '') "
		"FROM (SELECT p.id, p.first_name, p.last_name, p.email, p.company_name, p.profile, p.status, "
		"p.role FROM person p CROSS JOIN q "
		"WHERE ($1 = '' OR p.email ILIKE q.pat OR (p.first_name || ' ' || p.last_name) ILIKE q.pat "
		"OR (p.last_name || ' ' || p.first_name) ILIKE q.pat OR p.company_name ILIKE q.pat) "
		"AND ($2 = '' OR p.status = $2) ORDER BY lower(p.last_name), lower(p.first_name), p.id LIMIT 200) p "
		"LEFT JOIN LATERAL (SELECT ends_on, status FROM membership "
		"WHERE person_id = p.id AND status <> 'cancelled' ORDER BY ends_on DESC LIMIT 1) m ON true "
		"ORDER BY lower(p.last_name), lower(p.first_name), p.id",
		2, true},
	/* first, last, email, phone, profile, activity, company, siren, street, postcode, city,
	 * newsletter, role, status, created (epoch), close requested (epoch or '') */
	[SQL_MEMBER_GET] = {"member_get",
		"SELECT first_name, last_name, email, coalesce(phone, ''), profile, coalesce(activity, ''), "
		"coalesce(company_name, ''), coalesce(siren, ''), coalesce(billing_street, ''), "
		"coalesce(billing_postcode, ''), coalesce(billing_city, ''), newsletter, role, status, "
		"extract(epoch FROM created_at)::bigint, "
		"coalesce(extract(epoch FROM close_requested_at)::bigint::text, '') "
		"FROM person WHERE id = $1::bigint", 1, true},
	/* memberships then formulas of a person: what, start, end, status, cents */
	[SQL_MEMBER_MEMBERSHIPS] = {"member_memberships",
		"SELECT 'Adhésion', to_char(starts_on, 'YYYY-MM-DD'), to_char(ends_on, 'YYYY-MM-DD'), status, "
		"fee_cents, 0 AS o, starts_on FROM membership WHERE person_id = $1::bigint "
		"UNION ALL SELECT coalesce(pr.label, f.price_code), coalesce(to_char(f.starts_on, 'YYYY-MM-DD'), ''), "
		"coalesce(to_char(f.ends_on, 'YYYY-MM-DD'), ''), f.status, f.unit_cents, 1, "
		"coalesce(f.starts_on, f.created_at::date) FROM person_formula f "
		"LEFT JOIN price pr ON pr.code = f.price_code WHERE f.person_id = $1::bigint ORDER BY 6, 7 DESC",
		1, true},
	/* $1 actor, $2 id, $3 first, $4 last, $5 email, $6 phone, $7 profile, $8 activity,
	 * $9 company, $10 siren, $11 street, $12 postcode, $13 city, $14 newsletter (t/f);
	 * $15-$21 a new email's confirmation link and mails (struct email_change): the address
	 * itself changes only when the link is followed. */
	[SQL_MEMBER_UPDATE] = {"member_update",
		"UPDATE person p SET first_name = $3, last_name = $4, "
		"email = email_change_request(p.id, $5, $15::bytea, $16, $17, $18, $19, $20, $21), "
		"phone = nullif($6, ''), "
		"profile = $7, activity = nullif($8, ''), company_name = nullif($9, ''), siren = nullif($10, ''), "
		"billing_street = nullif($11, ''), billing_postcode = nullif($12, ''), billing_city = nullif($13, ''), "
		"newsletter = $14::boolean, newsletter_at = CASE WHEN $14::boolean AND NOT p.newsletter THEN now() "
		"WHEN $14::boolean THEN p.newsletter_at END "
		"FROM " ACTOR " WHERE a.actor <> '' AND p.id = $2::bigint RETURNING p.id", 21, false},
	/* $1 actor, $2 id: a member's account closed and its sessions ended (staff accounts are
	 * demoted first, by an administrator). */
	[SQL_MEMBER_DEACTIVATE] = {"member_deactivate",
		"WITH s AS (DELETE FROM session WHERE person_id = $2::bigint "
		"AND EXISTS (SELECT 1 FROM person WHERE id = $2::bigint AND role = 'member')) "
		"UPDATE person p SET status = 'closed', newsletter = false FROM " ACTOR
		" WHERE a.actor <> '' AND p.id = $2::bigint AND p.role = 'member' AND p.status <> 'closed' "
		"RETURNING p.id", 2, false},
	/* $1 actor, $2 id, $3 role: never one's own */
	[SQL_MEMBER_ROLE] = {"member_role",
		"UPDATE person p SET role = $3 FROM " ACTOR " WHERE a.actor <> '' AND p.id = $2::bigint "
		"AND p.id <> a.actor::bigint RETURNING p.id", 3, false},
	/* Memberships ending within 45 days or ended within 90 without a later one: person id,
	 * first, last, email, end (YYYY-MM-DD), status, days left */
	[SQL_RENEWALS] = {"renewals",
		"SELECT p.id, p.first_name, p.last_name, p.email, to_char(m.ends_on, 'YYYY-MM-DD'), m.status, "
		"m.ends_on - paris_today() FROM membership m JOIN person p ON p.id = m.person_id "
		"WHERE m.status <> 'cancelled' AND p.status IN ('active', 'closing') "
		"AND m.ends_on BETWEEN paris_today() - 90 AND paris_today() + 45 "
		"AND NOT EXISTS (SELECT 1 FROM membership n WHERE n.person_id = m.person_id "
		"AND n.status <> 'cancelled' AND n.ends_on > m.ends_on) ORDER BY m.ends_on, p.last_name", 0, true},
	/* $1 year: the voting members on the roll's day (today in the current year, the last day
	 * of a past year, the first of a coming one): a paid membership covering that day, so a
	 * membership counts until its end date (voting_members_on, schema/0024). id, last, first,
	 * company, profile, the roll's day (French) */
	[SQL_VOTERS] = {"voters",
		"WITH d AS (SELECT CASE WHEN $1::int = extract(year FROM paris_today()) THEN paris_today() "
		"WHEN $1::int < extract(year FROM paris_today()) THEN make_date($1::int, 12, 31) "
		"ELSE make_date($1::int, 1, 1) END AS day) "
		"SELECT p.id, p.last_name, p.first_name, coalesce(p.company_name, ''), p.profile, invoice_fr_date(d.day) "
		"FROM d, person p WHERE p.id IN (SELECT voting_members_on(d.day)) "
		"ORDER BY lower(p.last_name), lower(p.first_name), p.id",
		1, true},

	/* ---- gdpr.c --------------------------------------------------------------------- */
	[SQL_GDPR_EXPORT] = {"gdpr_export",
		"SELECT jsonb_pretty(person_export_full($1::bigint)), email FROM person WHERE id = $1::bigint",
		1, true},
	/* $1 actor, $2 id: true, false (no such person); FTA01 for a staff account */
	[SQL_GDPR_ERASE] = {"gdpr_erase",
		"SELECT person_erase($2::bigint) FROM " ACTOR " WHERE a.actor <> ''", 2, false},
	/* $1 actor: what, deleted */
	[SQL_CLEANUP] = {"cleanup",
		"SELECT (c).what, (c).deleted FROM (SELECT cleanup_expired() AS c FROM " ACTOR
		" WHERE a.actor <> '') x", 1, false},

	/* ---- audit.c -------------------------------------------------------------------- */
	/* $1 table ('' any), $2 person ('' any: the actor, or the person changed), $3 before id
	 * ('' newest). Columns: enum AU_* of admin.h. AU_CHANGES: one per changed field (every
	 * field set, for a creation), "field U+001F before U+001F after" (each value cut at 300 characters), separated by U+001E;
	 * AU_ROW: the row after (or before a deletion), "field U+001F value" the same way; 51 rows
	 * (one more tells a next page). */
	[SQL_AUDIT_LIST] = {"audit_list",
		"SELECT l.id, extract(epoch FROM l.at)::bigint, "
		"coalesce(p.first_name || ' ' || p.last_name, ''), l.action, l.table_name, "
		"coalesce(l.row_id::text, ''), "
		"coalesce((SELECT string_agg(k || E'\\x1f' || coalesce(left(l.before->>k, 300), '') || E'\\x1f' || "
		"coalesce(left(l.after->>k, 300), ''), E'\\x1e' ORDER BY k) FROM jsonb_object_keys(coalesce(l.after, "
		"l.before)) k WHERE k NOT IN ('updated_at', 'password_hash') "
		"AND coalesce(l.before->k, 'null') IS DISTINCT FROM coalesce(l.after->k, 'null')), ''), coalesce(l.person_id::text, ''), "
		"coalesce((SELECT string_agg(e.key || E'\\x1f' || left(coalesce(e.value, ''), 300), E'\\x1e') "
		"FROM jsonb_each_text(coalesce(l.after, l.before)) e), ''), "
		"coalesce((SELECT pr.label FROM price pr WHERE pr.code = coalesce(l.after, l.before)->>'price_code'), '') "
		"FROM audit_log l LEFT JOIN person p ON p.id = l.person_id "
		"WHERE ($1 = '' OR l.table_name = $1) AND ($2 = '' OR l.person_id = $2::bigint "
		"OR (l.table_name = 'person' AND l.row_id = $2::bigint)) "
		"AND ($3 = '' OR l.id < $3::bigint) ORDER BY l.id DESC LIMIT 51", 3, true},
	[SQL_AUDIT_TABLES] = {"audit_tables",
		"SELECT DISTINCT table_name FROM audit_log ORDER BY 1", 0, true},

	/* ---- content.c ------------------------------------------------------------------ */
	[SQL_PAGES_LIST] = {"pages_list",
		"SELECT slug, title, extract(epoch FROM updated_at)::bigint FROM site_page "
		"ORDER BY nav_order NULLS LAST, slug", 0, true},
	/* title, description, body, updated (epoch) */
	[SQL_PAGE_GET] = {"page_get",
		"SELECT title, meta_description, body_md, extract(epoch FROM updated_at)::bigint "
		"FROM site_page WHERE slug = $1", 1, true},
	/* $1 actor, $2 slug, $3 title, $4 description, $5 body */
	[SQL_PAGE_UPDATE] = {"page_update",
		"UPDATE site_page s SET title = $3, meta_description = $4, body_md = $5 FROM " ACTOR
		" WHERE a.actor <> '' AND s.slug = $2 RETURNING s.slug", 5, false},
	/* code, category, label, unit, member cents ('' none), non-member cents, note, active */
	[SQL_PRICES_LIST] = {"prices_list",
		"SELECT code, category, label, unit, coalesce(member_cents::text, ''), "
		"coalesce(non_member_cents::text, ''), coalesce(note, ''), active FROM price "
		"ORDER BY array_position(ARRAY['coworking', 'bureau', 'salle', 'adhesion'], category), sort_order, code",
		0, true},
	/* $1 actor, $2 code, $3 label, $4 unit, $5 member cents ('' none), $6 non-member, $7 note,
	 * $8 active */
	[SQL_PRICE_UPDATE] = {"price_update",
		"UPDATE price p SET label = $3, unit = $4, member_cents = nullif($5, '')::int, "
		"non_member_cents = nullif($6, '')::int, note = nullif($7, ''), active = $8::boolean FROM "
		ACTOR " WHERE a.actor <> '' AND p.code = $2 RETURNING p.code", 8, false},
	/* weekday, opens, closes (HH:MM) */
	[SQL_HOURS_LIST] = {"hours_list",
		"SELECT weekday, to_char(opens, 'HH24:MI'), to_char(closes, 'HH24:MI') FROM opening_hours "
		"ORDER BY weekday, opens", 0, true},
	/* $1 actor, $2 weekdays int[], $3 opens time[], $4 closes time[]: replaces every period */
	[SQL_HOURS_SET] = {"hours_set",
		"SELECT opening_hours_replace($1, $2::int[], $3::time[], $4::time[])", 4, false},
	/* closures ending today or later, and the last 10 past: id, start, end, reason, resource */
	[SQL_CLOSURES_LIST] = {"closures_list",
		"SELECT c.id, to_char(c.starts_on, 'YYYY-MM-DD'), to_char(c.ends_on, 'YYYY-MM-DD'), c.reason, "
		"coalesce(r.name, 'Tout l’espace') FROM closure c LEFT JOIN resource r ON r.id = c.resource_id "
		"WHERE c.ends_on >= paris_today() - 90 ORDER BY c.starts_on, c.id", 0, true},
	/* $1 actor, $2 start, $3 end, $4 reason, $5 resource id ('' whole space) */
	[SQL_CLOSURE_INSERT] = {"closure_insert",
		"INSERT INTO closure (starts_on, ends_on, reason, resource_id) SELECT $2::date, $3::date, $4, "
		"nullif($5, '')::int FROM " ACTOR " WHERE a.actor <> '' RETURNING id", 5, false},
	[SQL_CLOSURE_DELETE] = {"closure_delete",
		"DELETE FROM closure c USING " ACTOR " WHERE a.actor <> '' AND c.id = $2::int RETURNING c.id",
		2, false},
	/* the organisation's editable fields, in the order of content.c's org_fields */
	[SQL_ORG_GET] = {"org_get",
		"SELECT name, legal_name, legal_form, street, postcode, city, email, phone, "
		"coalesce(siren, ''), coalesce(siret, ''), coalesce(rna, ''), vat_status, "
		"coalesce(vat_number, ''), publication_director, host_name, host_address FROM organisation "
		"WHERE id = (SELECT fontaine_org())", 0, true},
	[SQL_ORG_UPDATE] = {"org_update",
		"UPDATE organisation o SET name = $2, legal_name = $3, legal_form = $4, street = $5, "
		"postcode = $6, city = $7, email = $8, phone = $9, siren = nullif($10, ''), "
		"siret = nullif($11, ''), rna = nullif($12, ''), vat_status = $13, vat_number = nullif($14, ''), "
		"publication_director = $15, host_name = $16, host_address = $17 FROM " ACTOR
		" WHERE a.actor <> '' AND o.id = (SELECT fontaine_org()) RETURNING o.id", 17, false},
	/* id, name, kind, role, url, sort order */
	[SQL_FUNDERS_LIST] = {"funders_list",
		"SELECT id, name, kind, role, coalesce(url, ''), sort_order FROM funder ORDER BY sort_order, name",
		0, true},
	/* $1 actor, $2 name, $3 kind, $4 role, $5 url, $6 sort order */
	[SQL_FUNDER_INSERT] = {"funder_insert",
		"INSERT INTO funder (name, kind, role, url, sort_order) SELECT $2, $3, $4, nullif($5, ''), "
		"$6::smallint FROM " ACTOR " WHERE a.actor <> '' RETURNING id", 6, false},
	[SQL_FUNDER_UPDATE] = {"funder_update",
		"UPDATE funder f SET name = $3, kind = $4, role = $5, url = nullif($6, ''), sort_order = $7::smallint "
		"FROM " ACTOR " WHERE a.actor <> '' AND f.id = $2::int RETURNING f.id", 7, false},
	[SQL_FUNDER_DELETE] = {"funder_delete",
		"DELETE FROM funder f USING " ACTOR " WHERE a.actor <> '' AND f.id = $2::int RETURNING f.id",
		2, false},

	/* ---- newsletter.c --------------------------------------------------------------- */
	/* events with live registrations: id, title, starts (epoch), registrations */
	[SQL_NL_EVENTS] = {"nl_events",
		"SELECT e.id, e.title, extract(epoch FROM e.starts_at)::bigint, count(r.id) FROM event e "
		"JOIN registration r ON r.event_id = e.id AND r.status <> 'cancelled' "
		"WHERE e.status <> 'draft' GROUP BY e.id ORDER BY e.starts_at DESC LIMIT 100", 0, true},
	/* $1 audience: email (lower case), first name */
	[SQL_NL_RECIPIENTS] = {"nl_recipients",
		"SELECT email, first_name FROM newsletter_recipients($1)", 1, true},
	/* $1 actor, $2 subject, $3 text, $4 audience, $5 addresses, $6 texts, $7 html: one
	 * newsletter_issue row and one outbox row per address; returns the issue id per mail. */
	[SQL_NL_SEND] = {"nl_send",
		"WITH i AS (INSERT INTO newsletter_issue (subject, body_text, audience, recipients, sent_by) "
		"SELECT $2, $3, $4, cardinality($5::text[]), a.actor::bigint FROM " ACTOR
		" WHERE a.actor <> '' RETURNING id) "
		"INSERT INTO outbox (to_addr, subject, body_text, body_html, list_unsubscribe) "
		"SELECT t.e, $2, t.b, t.h, t.u FROM i, unnest($5::text[], $6::text[], $7::text[], $8::text[]) "
		"t (e, b, h, u) RETURNING (SELECT id FROM i)", 8, false},
	/* subject, audience, recipients, sent (epoch), sender */
	[SQL_NL_HISTORY] = {"nl_history",
		"SELECT n.subject, n.audience, n.recipients, extract(epoch FROM n.sent_at)::bigint, "
		"coalesce(p.first_name || ' ' || p.last_name, '') FROM newsletter_issue n "
		"LEFT JOIN person p ON p.id = n.sent_by ORDER BY n.id DESC LIMIT 20", 0, true},
	[SQL_UNSUBSCRIBE] = {"unsubscribe", "SELECT newsletter_unsubscribe($1)", 1, false},
	/* label, hint, href of each setting still missing, in the order to fill them in */
	[SQL_SETUP_TODO] = {"setup_todo", "SELECT label, hint, href FROM setup_todo()", 0, true},
	/* IBAN, BIC, SEPA creditor id ('' when unset): organisation 1's (app_setting); '' for a
	 * space of another organisation. */
	[SQL_BANK_GET] = {"bank_get",
		"SELECT coalesce((SELECT value FROM app_setting WHERE key = 'invoice_iban' AND fontaine_org() = 1), ''), "
		"coalesce((SELECT value FROM app_setting WHERE key = 'invoice_bic' AND fontaine_org() = 1), ''), "
		"coalesce((SELECT value FROM app_setting WHERE key = 'sepa_creditor_id' AND fontaine_org() = 1), '')",
		0, true},
	/* $1 actor, $2 IBAN, $3 BIC, $4 creditor id (0012's checks guard their form). The
	 * app_setting rows are organisation 1's: no row for a space of another organisation. */
	[SQL_BANK_UPDATE] = {"bank_update",
		"INSERT INTO app_setting (key, value) SELECT s.k, s.v FROM " ACTOR ", (VALUES "
		"('invoice_iban', $2::text), ('invoice_bic', $3::text), ('sepa_creditor_id', $4::text)) s (k, v) "
		"WHERE a.actor <> '' AND fontaine_org() = 1 "
		"ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value RETURNING key", 4, false},
	/* ---- memberships.c: the membership lifecycle (schema/0024) -------------------------- */
	/* The requests to decide: formulas requested (signup, top-ups not active yet) and
	 * memberships not accepted (signup, renewal requests), oldest first, 100 a page; $1 a
	 * search on name or e-mail ('' all), $2 the rows to skip. kind (formula, membership), id,
	 * person, first, last, email, label, price code, asked on, period, renewal (t/f), cents,
	 * how many requests match in all (columns: enum rq_col in memberships.c) */
	[SQL_MS_REQUESTS] = {"ms_requests",
		SEARCH_PATTERN
		"SELECT r.kind, r.id, r.person, r.first_name, r.last_name, r.email, r.label, r.code, r.asked, r.period, "
		"r.renewal, r.cents, count(*) OVER () AS total FROM ("
		"SELECT 'formula' AS kind, f.id, p.id AS person, p.first_name, p.last_name, p.email, "
		"coalesce(pr.label, f.price_code) AS label, f.price_code AS code, invoice_fr_date(f.created_at::date) AS asked, "
		"coalesce('à partir du ' || invoice_fr_date(f.starts_on), '') AS period, false AS renewal, f.unit_cents AS cents, "
		"f.created_at FROM person_formula f JOIN person p ON p.id = f.person_id "
		"LEFT JOIN price pr ON pr.code = f.price_code WHERE f.status = 'requested' AND p.status <> 'closed' "
		"UNION ALL SELECT 'membership', m.id, p.id, p.first_name, p.last_name, p.email, "
		"'Adhésion à l’association', '', invoice_fr_date(m.created_at::date), "
		"'du ' || invoice_fr_date(m.starts_on) || ' au ' || invoice_fr_date(m.ends_on), m.requested_by_member, "
		"m.fee_cents, m.created_at FROM membership m JOIN person p ON p.id = m.person_id "
		"WHERE m.status = 'pending' AND m.accepted_at IS NULL AND p.status <> 'closed') r CROSS JOIN q "
		"WHERE $1 = '' OR r.email ILIKE q.pat OR (r.first_name || ' ' || r.last_name) ILIKE q.pat "
		"OR (r.last_name || ' ' || r.first_name) ILIKE q.pat "
		"ORDER BY r.created_at, r.kind, r.id LIMIT 100 OFFSET $2::int", 2, true},
	/* Memberships ending within 45 days or ended within 90, not renewed: person, first, last,
	 * email, end (French), status, days left, reminders sent, how many in all (the first 300
	 * shown; /admin/membres/renouvellements lists them all) */
	[SQL_MS_NOT_RENEWED] = {"ms_not_renewed",
		"SELECT p.id, p.first_name, p.last_name, p.email, invoice_fr_date(v.ends_on), v.status, v.days_left, "
		"v.reminders, count(*) OVER () AS total FROM membership_not_renewed v JOIN person p ON p.id = v.person_id "
		"WHERE v.days_left BETWEEN -90 AND 45 ORDER BY v.ends_on, lower(p.last_name), p.id LIMIT 300", 0, true},
	/* The formulas staff may give: code, label */
	[SQL_MS_PRICES] = {"ms_prices",
		"SELECT code, label FROM price WHERE active AND category IN ('coworking', 'bureau') "
		"ORDER BY sort_order, code", 0, true},
	[SQL_MS_PRICE_LABEL] = {"ms_price_label",
		"SELECT label FROM price WHERE code = $1 AND active AND category IN ('coworking', 'bureau')", 1, true},
	/* $1 formula: person, first name, label, status */
	[SQL_MS_FORMULA_GET] = {"ms_formula_get",
		"SELECT f.person_id, p.first_name, coalesce(pr.label, f.price_code), f.status FROM person_formula f "
		"JOIN person p ON p.id = f.person_id LEFT JOIN price pr ON pr.code = f.price_code "
		"WHERE f.id = $1::bigint", 1, true},
	/* $1 actor, $2 formula, $3 start (NULL: today), $4 subject, $5 text: the draft invoice id */
	[SQL_MS_FORMULA_ACTIVATE] = {"ms_formula_activate",
		"SELECT formula_activate($1::bigint, $2::bigint, $3::date, $4, $5)", 5, false},
	/* $1 actor, $2 formula, $3 reason, $4 subject, $5 text */
	[SQL_MS_FORMULA_REFUSE] = {"ms_formula_refuse",
		"SELECT formula_refuse($1::bigint, $2::bigint, $3, $4, $5)", 5, false},
	/* $1 actor, $2 formula, $3 price code, $4 reason ('' none) */
	[SQL_MS_FORMULA_CHANGE] = {"ms_formula_change",
		"SELECT formula_change($1::bigint, $2::bigint, $3, $4)", 4, false},
	/* $1 actor, $2 person, $3 price code, $4 start, $5 active, $6 sold at the desk, $7 subject, $8 text */
	[SQL_MS_FORMULA_CREATE] = {"ms_formula_create",
		"SELECT formula_create($1::bigint, $2::bigint, $3, $4::date, $5::boolean, $6::boolean, $7, $8)", 8, false},
	/* $1 membership: person, first name, period (French), status */
	[SQL_MS_MEMBERSHIP_GET] = {"ms_membership_get",
		"SELECT m.person_id, p.first_name, 'du ' || invoice_fr_date(m.starts_on) || ' au ' || invoice_fr_date(m.ends_on), "
		"m.status FROM membership m JOIN person p ON p.id = m.person_id WHERE m.id = $1::bigint", 1, true},
	/* $1 actor, $2 membership, $3 subject, $4 text */
	[SQL_MS_MEMBERSHIP_ACCEPT] = {"ms_membership_accept",
		"SELECT membership_accept($1::bigint, $2::bigint, $3, $4)", 4, false},
	/* $1 actor, $2 membership, $3 reason, $4 subject, $5 text */
	[SQL_MS_MEMBERSHIP_REFUSE] = {"ms_membership_refuse",
		"SELECT membership_refuse($1::bigint, $2::bigint, $3, $4, $5)", 5, false},
	/* $1 actor, $2 person, $3 subject, $4 text: the new membership */
	[SQL_MS_RENEW] = {"ms_renew", "SELECT membership_renew($1::bigint, $2::bigint, $3, $4)", 4, false},
	/* $1 actor: the reminders queued */
	[SQL_MS_DAILY] = {"ms_daily", "SELECT membership_daily($1::bigint)", 1, false},
	/* $1 person: first name */
	[SQL_MS_PERSON] = {"ms_person", "SELECT first_name FROM person WHERE id = $1::bigint AND status <> 'closed'", 1, true},
	/* $1 email: id, first name of the (not closed) account */
	[SQL_MS_PERSON_BY_EMAIL] = {"ms_person_by_email",
		"SELECT id, first_name FROM person WHERE lower(email) = lower($1) AND status <> 'closed'", 1, true},

	/* ---- network.c, spaces.c: the network admin's pages --------------------------------- */
	/* $1 person: true for a network admin (an admin without a space of their own). */
	[SQL_NET_IS_ADMIN] = {"net_is_admin",
		"SELECT person_spaces($1::bigint) IS NULL AND role = 'admin' FROM person WHERE id = $1::bigint",
		1, true},
	/* Per space (active ones, then the others): name, uses this month up to today, the
	 * month's target, uses this year up to today, the year's targets summed (Europe/Paris
	 * dates). use_counts(from, to, space): the counters and the window's leases (0039), what
	 * counting use_halfday gives without reading every booking. */
	[SQL_NET_USES] = {"net_uses",
		"WITH t AS (SELECT date_trunc('month', paris_today())::date AS m, "
		"date_trunc('year', paris_today())::date AS y) "
		"SELECT coalesce(s.name, o.name), "
		"(SELECT coalesce(sum(u.n), 0) FROM use_counts(t.m, paris_today() + 1, s.id) u), "
		"use_target_of(t.m, s.id), "
		"(SELECT coalesce(sum(u.n), 0) FROM use_counts(t.y, paris_today() + 1, s.id) u), "
		"(SELECT sum(use_target_of(g.m::date, s.id)) FROM generate_series(t.y, "
		"t.y + interval '11 months', interval '1 month') g (m)) "
		"FROM space s JOIN organisation_names() o ON o.id = s.organisation_id CROSS JOIN t "
		"ORDER BY NOT s.active, s.sort_order, s.id", 0, true},
	/* Per organisation this year (run in network scope: funding is read per organisation by
	 * its policy otherwise): legal name, public grants, private grants (granted or received,
	 * counted in the year their period starts), net sales (cents). */
	[SQL_NET_INCOME] = {"net_income",
		"WITH y AS (SELECT extract(year FROM paris_today())::int AS y) "
		"SELECT o.legal_name, "
		"coalesce((SELECT sum(f.amount_cents) FROM funding f WHERE f.organisation_id = o.id AND f.public "
		"AND f.status <> 'requested' AND extract(year FROM f.period_start) = y.y), 0), "
		"coalesce((SELECT sum(f.amount_cents) FROM funding f WHERE f.organisation_id = o.id AND NOT f.public "
		"AND f.status <> 'requested' AND extract(year FROM f.period_start) = y.y), 0), "
		"coalesce((SELECT sum(x.sales_cents) FROM organisation_sales(o.id, y.y, y.y) x), 0) "
		"FROM organisation o CROSS JOIN y WHERE NOT o.placeholder ORDER BY o.id", 0, true},
	/* Every space: id, name, slug, host, city, organisation, active, default, staff count. */
	[SQL_SPACES_LIST] = {"spaces_list",
		"SELECT s.id, coalesce(s.name, o.name), s.slug, coalesce(s.host, ''), coalesce(s.city, o.city), "
		"o.legal_name, s.active, s.is_default, "
		"(SELECT count(*) FROM staff_space x WHERE x.space_id = s.id) "
		"FROM space s JOIN organisation_names() o ON o.id = s.organisation_id ORDER BY s.sort_order, s.id",
		0, true},
	/* $1 id: the space's own details ('' = the organisation's), organisation, active, default */
	[SQL_SPACE_GET] = {"space_get",
		"SELECT coalesce(name, ''), slug, coalesce(host, ''), coalesce(street, ''), "
		"coalesce(postcode, ''), coalesce(city, ''), summary, organisation_id, active, is_default "
		"FROM space WHERE id = $1::smallint", 1, true},
	/* $1 actor, $2 name, $3 slug, $4 host, $5 street, $6 postcode, $7 city, $8 summary,
	 * $9 organisation, $10 active: the new space's id (the next free one, after the others). */
	[SQL_SPACE_INSERT] = {"space_insert",
		"INSERT INTO space (id, organisation_id, slug, name, host, street, postcode, city, summary, "
		"active, sort_order) SELECT (SELECT coalesce(max(id), 0) + 1 FROM space), $9::smallint, $3, "
		"nullif($2, ''), nullif($4, ''), nullif($5, ''), nullif($6, ''), nullif($7, ''), $8, "
		"$10::boolean, (SELECT coalesce(max(sort_order), 0) + 1 FROM space) FROM " ACTOR
		" WHERE a.actor <> '' RETURNING id", 10, false},
	/* $1 actor, $2 id, then as the insert from the name. An unchanged row stays as it is
	 * (IS DISTINCT FROM): no audit entry, no new updated_at. */
	[SQL_SPACE_UPDATE] = {"space_update",
		"UPDATE space s SET name = nullif($3, ''), slug = $4, host = nullif($5, ''), "
		"street = nullif($6, ''), postcode = nullif($7, ''), city = nullif($8, ''), summary = $9, "
		"organisation_id = $10::smallint, active = $11::boolean FROM " ACTOR
		" WHERE a.actor <> '' AND s.id = $2::smallint AND (s.name, s.slug, s.host, s.street, s.postcode, "
		"s.city, s.summary, s.organisation_id, s.active) IS DISTINCT FROM (nullif($3, ''), $4, "
		"nullif($5, ''), nullif($6, ''), nullif($7, ''), nullif($8, ''), $9, $10::smallint, "
		"$11::boolean) RETURNING s.id", 11, false},
	/* The organisations a space may belong to: id, legal name. */
	[SQL_SPACE_ORGS] = {"space_orgs",
		"SELECT id, legal_name FROM organisation_names() WHERE NOT placeholder ORDER BY id", 0, true},
	/* $1 space: its staff: person id, first and last name, e-mail, role. */
	[SQL_SPACE_STAFF] = {"space_staff",
		"SELECT p.id, p.first_name, p.last_name, p.email, p.role FROM staff_space x "
		"JOIN person p ON p.id = x.person_id WHERE x.space_id = $1::smallint "
		"ORDER BY p.last_name, p.first_name, p.id", 1, true},
	/* $1 space: staff and admins (accounts not closed) not yet in it: id, name, e-mail. */
	[SQL_SPACE_STAFF_CHOICES] = {"space_staff_choices",
		"SELECT p.id, p.first_name || ' ' || p.last_name, p.email FROM person p "
		"WHERE p.role IN ('staff', 'admin') AND p.status <> 'closed' AND NOT EXISTS "
		"(SELECT 1 FROM staff_space x WHERE x.person_id = p.id AND x.space_id = $1::smallint) "
		"ORDER BY p.last_name, p.first_name, p.id", 1, true},
	/* $1 actor, $2 space, $3 person (staff or admin): no row when the person is neither or
	 * is already in the space. */
	[SQL_SPACE_STAFF_ADD] = {"space_staff_add",
		"INSERT INTO staff_space (person_id, space_id) SELECT p.id, $2::smallint FROM " ACTOR
		", person p WHERE a.actor <> '' AND p.id = $3::bigint AND p.role IN ('staff', 'admin') "
		"AND p.status <> 'closed' ON CONFLICT DO NOTHING RETURNING person_id", 3, false},
	[SQL_SPACE_STAFF_REMOVE] = {"space_staff_remove",
		"DELETE FROM staff_space x USING " ACTOR " WHERE a.actor <> '' AND x.space_id = $2::smallint "
		"AND x.person_id = $3::bigint RETURNING x.person_id", 3, false},
	/* api_keys.c. AK_ columns: id, name, prefix, scopes (space-separated), limit, last valid second,
	 * created (epochs), creator, revoked, expired, last used (epoch or ''), calls and refused
	 * calls of the last 30 days. */
	[SQL_API_KEYS_LIST] = {"api_keys_list",
		"SELECT id, name, prefix, array_to_string(scopes, ' '), rate_per_minute, "
		"extract(epoch FROM expires_at - interval '1 second')::bigint, extract(epoch FROM created_at)::bigint, "
		"coalesce(created_by_name, ''), revoked_at IS NOT NULL, expires_at <= now(), "
		"coalesce(extract(epoch FROM last_used_at)::bigint::text, ''), uses_30d, refused_30d "
		"FROM api_key_list()", 0, true},
	[SQL_API_KEY_GET] = {"api_key_get",
		"SELECT id, name, prefix, array_to_string(scopes, ' '), rate_per_minute, "
		"extract(epoch FROM expires_at - interval '1 second')::bigint, extract(epoch FROM created_at)::bigint, "
		"coalesce(created_by_name, ''), revoked_at IS NOT NULL, expires_at <= now(), "
		"coalesce(extract(epoch FROM last_used_at)::bigint::text, ''), uses_30d, refused_30d "
		"FROM api_key_list() WHERE id = $1::bigint", 1, true},
	/* $1 actor, $2 name, $3 prefix, $4 SHA-256 of the key, $5 scopes (space-separated),
	 * $6 last valid day (Paris), $7 calls a minute */
	[SQL_API_KEY_CREATE] = {"api_key_create",
		"SELECT api_key_create($1::bigint, $2, $3, $4::bytea, string_to_array($5, ' '), "
		"(($6::date + 1)::timestamp AT TIME ZONE 'Europe/Paris'), $7::int) FROM " ACTOR
		" WHERE a.actor <> ''", 7, false},
	[SQL_API_KEY_REVOKE] = {"api_key_revoke",
		"SELECT api_key_revoke($1::bigint, $2::bigint) FROM " ACTOR " WHERE a.actor <> ''", 2, false},
	/* AU_USE_ columns: at (epoch), method, path, scope, outcome, address */
	[SQL_API_KEY_USES] = {"api_key_uses",
		"SELECT extract(epoch FROM at)::bigint, method, path, coalesce(scope, ''), outcome, "
		"coalesce(host(addr), '') FROM api_key_uses($1::bigint, 200)", 1, true},
	/* ---- webhooks.c (schema/0038_webhooks.sql; the space's own rows by row-level security) ---- */
	/* id, url, description, events, active, pending, failed */
	[SQL_WH_LIST] = {"wh_list",
		"SELECT w.id, w.url, w.description, array_to_string(w.events, ', '), w.active, "
		"(SELECT count(*) FROM webhook_delivery d WHERE d.endpoint_id = w.id AND d.status = 'pending'), "
		"(SELECT count(*) FROM webhook_delivery d WHERE d.endpoint_id = w.id AND d.status = 'failed') "
		"FROM webhook_endpoint w ORDER BY w.active DESC, w.id DESC LIMIT 200", 0, true},
	/* id, url, description, events "a,b", active, previous secret's expiry (epoch, NULL) */
	[SQL_WH_GET] = {"wh_get",
		"SELECT id, url, description, array_to_string(events, ','), active, "
		"CASE WHEN previous_expires_at > now() THEN extract(epoch FROM previous_expires_at)::bigint END "
		"FROM webhook_endpoint WHERE id = $1::bigint", 1, true},
	/* $1 actor, $2 url, $3 description, $4 events "a,b"; returns id, secret */
	[SQL_WH_INSERT] = {"wh_insert",
		"INSERT INTO webhook_endpoint (url, description, events, created_by) "
		"SELECT $2, coalesce($3, ''), string_to_array($4, ','), $1::bigint FROM " ACTOR
		" WHERE a.actor <> '' RETURNING id, secret", 4, false},
	[SQL_WH_UPDATE] = {"wh_update",
		"UPDATE webhook_endpoint w SET url = $3, description = coalesce($4, ''), "
		"events = string_to_array($5, ',') FROM " ACTOR " WHERE a.actor <> '' AND w.id = $2::bigint "
		"RETURNING w.id", 5, false},
	[SQL_WH_DISABLE] = {"wh_disable",
		"UPDATE webhook_endpoint w SET active = false, disabled_at = now(), disabled_by = $1::bigint "
		"FROM " ACTOR " WHERE a.actor <> '' AND w.id = $2::bigint AND w.active RETURNING w.id", 2, false},
	/* $1 actor, $2 endpoint: enabled again (it gets the events from now on, not those missed) */
	[SQL_WH_ENABLE] = {"wh_enable",
		"UPDATE webhook_endpoint w SET active = true, disabled_at = NULL, disabled_by = NULL "
		"FROM " ACTOR " WHERE a.actor <> '' AND w.id = $2::bigint AND NOT w.active RETURNING w.id", 2, false},
	/* the new secret (NULL: no such endpoint) */
	[SQL_WH_ROTATE] = {"wh_rotate",
		"SELECT webhook_rotate(w.id) FROM " ACTOR ", webhook_endpoint w "
		"WHERE a.actor <> '' AND w.id = $2::bigint AND w.active", 2, false},
	/* id, delivery id, type, key, status, attempts, last HTTP status, last error, created (epoch) */
	[SQL_WH_DELIVERIES] = {"wh_deliveries",
		"SELECT id, delivery_id, event_type, resource_key, status, attempts, "
		"coalesce(last_http_status::text, ''), coalesce(last_error, ''), "
		"extract(epoch FROM created_at)::bigint FROM webhook_delivery WHERE endpoint_id = $1::bigint "
		"ORDER BY id DESC LIMIT 100", 1, true},
	/* $1 actor, $2 endpoint, $3 delivery: true when a failed one goes again */
	[SQL_WH_RESEND] = {"wh_resend",
		"SELECT webhook_resend(d.id) FROM " ACTOR ", webhook_delivery d "
		"WHERE a.actor <> '' AND d.id = $3::bigint AND d.endpoint_id = $2::bigint", 3, false},
};
