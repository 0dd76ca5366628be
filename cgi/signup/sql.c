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
	/* signup_create, or a mail to an address that has an account ($21-$23). */
	[SQL_SIGNUP_CREATE] = {"signup_submit",
		"SELECT signup_submit($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::boolean, "
		"$14, $15::bytea, $16, $17, $18, $19, $20, $21, $22, $23)", 23, false},
	[SQL_TOKEN_VALID] = {"token_valid", "SELECT token_valid($1::bytea, $2)", 2, true},
	[SQL_TOKEN_EMAIL] = {"token_email", "SELECT token_email($1::bytea, $2)", 2, true},
	[SQL_ACTIVATE] = {"activate", "SELECT signup_activate($1::bytea, $2)", 2, false},
	/* columns: enum LB_* */
	[SQL_LOGIN_BEGIN] = {"login_begin",
		"SELECT attempt_id, person_id, password_hash, status, totp, wait_seconds "
		"FROM login_begin($1, $2::inet)", 2, false},
	[SQL_LOGIN_FINISH] = {"login_finish", "SELECT login_finish($1::bigint, $2::boolean)", 2, false},
	[SQL_UNLOCK_REQUEST] = {"unlock_request",
		"SELECT login_unlock_request($1, $2::bytea, $3, $4, $5)", 5, false},
	[SQL_UNLOCK] = {"unlock", "SELECT login_unlock($1::bytea)", 1, false},
	[SQL_RESET_REQUEST] = {"reset_request",
		"SELECT password_reset_request($1, $2::bytea, $3, $4, $5)", 5, false},
	[SQL_RESET] = {"reset", "SELECT password_reset($1::bytea, $2, $3, $4, $5)", 5, false},
	/* columns: enum PE_* */
	[SQL_PERSON] = {"person",
		"SELECT email, first_name, last_name, coalesce(phone, ''), profile, "
		"coalesce(activity, ''), coalesce(siret, ''), coalesce(company_name, ''), "
		"coalesce(siren, ''), coalesce(billing_street, ''), coalesce(billing_postcode, ''), "
		"coalesce(billing_city, ''), newsletter, status, role "
		"FROM person WHERE id = $1::bigint", 1, true},
	/* columns: enum MS_* */
	[SQL_MEMBERSHIP] = {"membership",
		"SELECT extract(epoch FROM starts_on::timestamp)::bigint, "
		"extract(epoch FROM ends_on::timestamp)::bigint, fee_cents, status, "
		"ends_on < current_date FROM membership "
		"WHERE person_id = $1::bigint AND status <> 'cancelled' ORDER BY starts_on DESC LIMIT 1",
		1, true},
	/* columns: enum PF_* */
	[SQL_PERSON_FORMULAS] = {"person_formulas",
		"SELECT pr.label, f.status, f.unit_cents, f.halfdays_total, f.halfdays_used, "
		"extract(epoch FROM f.ends_on::timestamp)::bigint, f.id, "
		"(f.status = 'active' AND f.halfdays_total IS NULL AND f.ends_on IS NULL) "
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
	/* The one export of a person (the staff's too): person_export_full of 0025. */
	[SQL_EXPORT] = {"export", "SELECT jsonb_pretty(person_export_full($1::bigint))", 1, true},
	/* columns: enum EL_* */
	[SQL_EXPORT_LINES] = {"export_lines",
		"SELECT section, item, key, value FROM person_export_lines($1::bigint)", 1, true},
	/* $1 the viewer is a member, $2 skill, $3 activity; columns: enum DR_* */
	[SQL_DIRECTORY_SEARCH] = {"directory_search",
		"SELECT person_id, first_name, last_name, activity, skills, offers, looking_for, contact, "
		"visibility, has_photo, coalesce(photo_at, 0) FROM directory_search($1::boolean, $2, $3)",
		3, true},
	[SQL_DIRECTORY_PHOTO] = {"directory_photo",
		"SELECT photo, photo_type FROM directory_photo($1::bigint, $2::boolean)", 2, true},
	/* columns: enum DO_* */
	[SQL_DIRECTORY_OWN] = {"directory_own",
		"SELECT activity, skills, offers, looking_for, contact, visibility, consent_at, has_photo, "
		"is_member FROM directory_own($1::bigint)", 1, true},
	[SQL_DIRECTORY_SAVE] = {"directory_save",
		"SELECT directory_save($1::bigint, $2, $3, $4, $5, $6, $7, $8, $9::bytea, $10)", 10, false},
	[SQL_DIRECTORY_REMOVE] = {"directory_remove", "SELECT directory_remove($1::bigint)", 1, false},
	/* columns: enum PB_* */
	[SQL_PORTAL_BOOKINGS] = {"portal_bookings",
		"SELECT id, resource_kind, resource_name, starts_at, ends_at, status, price_cents, "
		"covered_by, is_room, slot, starts_at >= extract(epoch FROM now())::bigint "
		"FROM portal_bookings($1::bigint)", 1, true},
	/* columns: enum PC_* */
	[SQL_PORTAL_CARNET] = {"portal_carnet",
		"SELECT at, what, label, halfdays, formula_status FROM ("
		"SELECT * FROM portal_carnet_history($1::bigint) UNION ALL "
		/* a use given back by staff (booking_correction): +1, with the reason */
		"SELECT extract(epoch FROM c.at)::bigint, 'rendu', c.reason, 1, f.status "
		"FROM booking_correction c JOIN person_formula f ON f.id = c.formula_id "
		"WHERE c.kind = 'carnet_use' AND f.person_id = $1::bigint) h "
		"ORDER BY at DESC LIMIT 100", 1, true},
	/* columns: enum PI_* */
	[SQL_PORTAL_NEXT_INVOICE] = {"portal_next_invoice",
		"SELECT number, due_on, balance_cents, public_token FROM portal_next_invoice($1::bigint)", 1, true},
	[SQL_CLOSE_REQUEST] = {"close_request", "SELECT account_close_request($1::bigint, $2, $3)",
		3, true},
	[SQL_EMAIL_REQUEST] = {"email_request",
		"SELECT email_change_request($1::bigint, $2, $3::bytea, $4, $5, $6, $7, $8, $9)", 9, false},
	/* $2: the hash of the session to keep (the confirming browser's), or NULL */
	[SQL_EMAIL_CONFIRM] = {"email_confirm", "SELECT email_change_confirm($1::bytea, $2::bytea)",
		2, false},
	[SQL_PASSWORD_CHANGE] = {"password_change",
		"SELECT password_change($1::bigint, $2, $3::bytea, $4, $5, $6)", 6, false},
	[SQL_TOTP_SETUP] = {"totp_setup", "SELECT totp_setup($1::bigint, $2::bytea)", 2, false},
	/* columns: enum TS_* */
	[SQL_TOTP_STATE] = {"totp_state",
		"SELECT enabled, pending_secret, is_admin, codes_left, secret FROM totp_state($1::bigint)", 1, true},
	[SQL_TOTP_ENABLE] = {"totp_enable", "SELECT totp_enable($1::bigint, $2::bigint, $3::bytea[])",
		3, false},
	[SQL_TOTP_DISABLE] = {"totp_disable", "SELECT totp_disable($1::bigint)", 1, false},
	[SQL_MFA_START] = {"mfa_start", "SELECT mfa_start($1::bigint, $2::bytea)", 2, false},
	/* columns: enum ML_* */
	[SQL_MFA_LOOKUP] = {"mfa_lookup", "SELECT person_id, secret FROM mfa_lookup($1::bytea)", 1, true},
	[SQL_MFA_PASS] = {"mfa_pass", "SELECT mfa_pass($1::bytea, $2::bigint)", 2, false},
	[SQL_MFA_RECOVER] = {"mfa_recover", "SELECT mfa_recover($1::bytea, $2::bytea)", 2, false},
	[SQL_MFA_FAIL] = {"mfa_fail", "SELECT mfa_fail($1::bytea)", 1, false},
	/* schema/0026_mail_calendar.sql: the personal calendar's address. */
	[SQL_AGENDA_SINCE] = {"agenda_since",
		"SELECT extract(epoch FROM calendar_feed_since($1::bigint))::bigint", 1, true},
	[SQL_AGENDA_RENEW] = {"agenda_renew", "SELECT calendar_feed_renew($1::bigint, $2::bytea)", 2, false},
	[SQL_AGENDA_REVOKE] = {"agenda_revoke", "SELECT calendar_feed_revoke($1::bigint)", 1, true},
/* $1 person: the last membership (end, French end, status, starts in the future, renewal
	 * request pending) or no row */
	[SQL_MS_CURRENT] = {"ms_current",
		"SELECT m.ends_on::text, invoice_fr_date(m.ends_on), m.status, m.starts_on > paris_today(), "
		"m.requested_by_member AND m.accepted_at IS NULL AND m.status = 'pending' "
		"FROM membership m WHERE m.person_id = $1::bigint AND m.status <> 'cancelled' "
		"ORDER BY m.ends_on DESC LIMIT 1", 1, true},
	/* $1 person, $2 staff mail subject, $3 text: the renewal request (pending, for staff);
	 * 23P01 when already renewed */
	[SQL_MS_RENEW_REQUEST] = {"ms_renew_request",
		"SELECT membership_renew(NULL, $1::bigint, $2, $3)", 3, false},
	/* $1 person, $2 formula: its new end (YYYY-MM-DD) and French end, or NULL when not theirs */
	[SQL_MS_FORMULA_STOP] = {"ms_formula_stop",
		"SELECT e::text, invoice_fr_date(e) FROM formula_stop($1::bigint, $2::bigint) e", 2, false},
};
