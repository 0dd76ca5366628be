/* sql.c: every SQL statement of the signup program (writes go through schema functions). */
#include "signup.h"

const struct db_stmt signup_stmts[SQL__MAX] = {
	[SQL_FORMULAS_OFFERED] = {"formulas_offered",
		"SELECT code, label, unit, member_cents, non_member_cents, coalesce(note, '') "
		"FROM price WHERE active AND category IN ('coworking', 'bureau') "
		"ORDER BY array_position(ARRAY['coworking','bureau'], category), sort_order, code",
		0, true},
	[SQL_MEMBERSHIP_FEE] = {"membership_fee",
		"SELECT coalesce(member_cents, non_member_cents), label FROM price WHERE code = "
		"(SELECT value FROM app_setting WHERE key = 'membership_price_code')", 0, true},
	[SQL_SIGNUP_CREATE] = {"signup_create",
		"SELECT signup_create($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::boolean, "
		"$14, $15::bytea, $16, $17, $18, $19, $20)", 20, false},
	[SQL_TOKEN_VALID] = {"token_valid", "SELECT token_valid($1::bytea, $2)", 2, true},
	[SQL_ACTIVATE] = {"activate", "SELECT signup_activate($1::bytea, $2)", 2, false},
	[SQL_LOGIN_LOOKUP] = {"login_lookup",
		"SELECT person_id, password_hash, status, throttled FROM login_lookup($1, $2::inet)",
		2, true},
	[SQL_LOGIN_RECORD] = {"login_record", "SELECT login_record($1, $2::inet, $3::boolean)", 3,
		false},
	[SQL_RESET_REQUEST] = {"reset_request",
		"SELECT password_reset_request($1, $2::bytea, $3, $4, $5)", 5, false},
	[SQL_RESET] = {"reset", "SELECT password_reset($1::bytea, $2)", 2, false},
	[SQL_PERSON] = {"person",
		"SELECT email, first_name, last_name, coalesce(phone, ''), profile, "
		"coalesce(activity, ''), coalesce(siret, ''), coalesce(company_name, ''), "
		"coalesce(siren, ''), coalesce(billing_street, ''), coalesce(billing_postcode, ''), "
		"coalesce(billing_city, ''), newsletter, status, role "
		"FROM person WHERE id = $1::bigint", 1, true},
	[SQL_MEMBERSHIP] = {"membership",
		"SELECT extract(epoch FROM starts_on::timestamp)::bigint, "
		"extract(epoch FROM ends_on::timestamp)::bigint, fee_cents, status, "
		"ends_on < current_date FROM membership "
		"WHERE person_id = $1::bigint AND status <> 'cancelled' ORDER BY starts_on DESC LIMIT 1",
		1, true},
	[SQL_PERSON_FORMULAS] = {"person_formulas",
		"SELECT pr.label, f.status, f.unit_cents, f.halfdays_total, f.halfdays_used "
		"FROM person_formula f JOIN price pr ON pr.code = f.price_code "
		"WHERE f.person_id = $1::bigint AND f.status IN ('requested', 'active') "
		"ORDER BY f.created_at DESC", 1, true},
	[SQL_PROFILE_UPDATE] = {"profile_update",
		"UPDATE person SET first_name = $2, last_name = $3, phone = $4, activity = $5, "
		"siret = $6, company_name = $7, siren = $8, billing_street = $9, "
		"billing_postcode = $10, billing_city = $11 WHERE id = $1::bigint", 11, true},
	[SQL_NEWSLETTER] = {"newsletter",
		"UPDATE person SET newsletter = $2::boolean, "
		"newsletter_at = CASE WHEN $2::boolean THEN now() END WHERE id = $1::bigint", 2, true},
	[SQL_EXPORT] = {"export", "SELECT person_export($1::bigint)", 1, true},
	[SQL_CLOSE_REQUEST] = {"close_request", "SELECT account_close_request($1::bigint, $2, $3)",
		3, true},
	[SQL_EMAIL_REQUEST] = {"email_request",
		"SELECT email_change_request($1::bigint, $2, $3::bytea, $4, $5, $6)", 6, false},
	[SQL_EMAIL_CONFIRM] = {"email_confirm", "SELECT email_change_confirm($1::bytea)", 1, false},
};
