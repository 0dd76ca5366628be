/* signup.h: the signup program: joining La Fontaine, logging in, and the member portal. */
#ifndef FT_SIGNUP_H
#define FT_SIGNUP_H
#include "http.h"
#include "page.h"

enum signup_stmt {
	SQL_FORMULAS_OFFERED,
	SQL_MEMBERSHIP_FEE,
	SQL_SIGNUP_CREATE,
	SQL_TOKEN_VALID,
	SQL_TOKEN_EMAIL,
	SQL_ACTIVATE,
	SQL_LOGIN_BEGIN,
	SQL_LOGIN_FINISH,
	SQL_UNLOCK_REQUEST,
	SQL_UNLOCK,
	SQL_RESET_REQUEST,
	SQL_RESET,
	SQL_PERSON,
	SQL_MEMBERSHIP,
	SQL_PERSON_FORMULAS,
	SQL_PROFILE_UPDATE,
	SQL_NEWSLETTER,
	SQL_EXPORT,
	SQL_EXPORT_LINES,
	SQL_DIRECTORY_SEARCH,
	SQL_DIRECTORY_PHOTO,
	SQL_DIRECTORY_OWN,
	SQL_DIRECTORY_SAVE,
	SQL_DIRECTORY_REMOVE,
	SQL_PORTAL_BOOKINGS,
	SQL_PORTAL_CARNET,
	SQL_PORTAL_NEXT_INVOICE,
	SQL_CLOSE_REQUEST,
	SQL_EMAIL_REQUEST,
	SQL_EMAIL_CONFIRM,
	SQL_PASSWORD_CHANGE,
	SQL_TOTP_SETUP,
	SQL_TOTP_STATE,
	SQL_TOTP_ENABLE,
	SQL_TOTP_DISABLE,
	SQL_MFA_START,
	SQL_MFA_LOOKUP,
	SQL_MFA_PASS,
	SQL_MFA_RECOVER,
	SQL_MFA_FAIL,
	SQL_AGENDA_SINCE,
	SQL_AGENDA_RENEW,
	SQL_AGENDA_REVOKE,
	/* membership.c: renewal request, a monthly formula stopped (schema/0024) */
	SQL_MS_CURRENT,
	SQL_MS_RENEW_REQUEST,
	SQL_MS_FORMULA_STOP,
	SQL__MAX
};
extern const struct db_stmt signup_stmts[SQL__MAX];
/* Columns of SQL_PERSON. */
enum { PE_EMAIL, PE_FIRST, PE_LAST, PE_PHONE, PE_PROFILE, PE_ACTIVITY, PE_SIRET, PE_COMPANY, PE_SIREN,
       PE_STREET, PE_POSTCODE, PE_CITY, PE_NEWSLETTER, PE_STATUS, PE_ROLE };
/* Columns of SQL_MEMBERSHIP. */
enum { MS_STARTS, MS_ENDS, MS_FEE, MS_STATUS, MS_EXPIRED };
/* Columns of SQL_PERSON_FORMULAS. */
enum { PF_LABEL, PF_STATUS, PF_UNIT, PF_TOTAL, PF_USED, PF_ENDS, PF_ID, PF_STOPPABLE };
/* Columns of SQL_LOGIN_BEGIN. */
enum { LB_ATTEMPT, LB_PERSON, LB_HASH, LB_STATUS, LB_TOTP, LB_WAIT };
/* Columns of SQL_TOTP_STATE. */
enum { TS_ENABLED, TS_PENDING, TS_ADMIN, TS_CODES_LEFT, TS_SECRET };
/* Columns of SQL_EXPORT_LINES. */
enum { EL_SECTION, EL_ITEM, EL_KEY, EL_VALUE };
/* Columns of SQL_DIRECTORY_SEARCH. */
enum { DR_PERSON, DR_FIRST, DR_LAST, DR_ACTIVITY, DR_SKILLS, DR_OFFERS, DR_LOOKING, DR_CONTACT,
       DR_VISIBILITY, DR_HAS_PHOTO, DR_PHOTO_AT };
/* Columns of SQL_DIRECTORY_OWN. */
enum { DO_ACTIVITY, DO_SKILLS, DO_OFFERS, DO_LOOKING, DO_CONTACT, DO_VISIBILITY, DO_CONSENT_AT,
       DO_HAS_PHOTO, DO_IS_MEMBER };
/* Columns of SQL_PORTAL_BOOKINGS. */
enum { PB_ID, PB_KIND, PB_RESOURCE, PB_STARTS, PB_ENDS, PB_STATUS, PB_PRICE, PB_COVERED, PB_IS_ROOM,
       PB_SLOT, PB_UPCOMING };
/* Columns of SQL_PORTAL_CARNET. */
enum { PC_AT, PC_WHAT, PC_LABEL, PC_HALFDAYS, PC_STATUS };
/* Columns of SQL_PORTAL_NEXT_INVOICE. */
enum { PI_NUMBER, PI_DUE, PI_BALANCE, PI_TOKEN };
/* Columns of SQL_MFA_LOOKUP. */
enum { ML_PERSON, ML_SECRET };

/* join.c: the signup form and the verification link */
int page_join(struct request *req);
int page_join_post(struct request *req);
int page_join_sent(struct request *req);
int page_join_confirm(struct request *req);
int page_join_confirm_post(struct request *req);

/* login.c: login, logout, password reset */
int page_login(struct request *req);
int page_login_post(struct request *req);
int page_logout_post(struct request *req);
int page_logout_all_post(struct request *req);
int page_forgot(struct request *req);
int page_forgot_post(struct request *req);
int page_reset(struct request *req);
int page_reset_post(struct request *req);
int page_unlock_request_post(struct request *req);
int page_unlock(struct request *req);
int page_unlock_post(struct request *req);
int page_login_code_post(struct request *req);

/* The result of checking a password against the login throttle (login.c). */
struct login_check {
	int64_t person_id; /* 0 when no account has the address */
	bool ok;           /* the right password, for an account that may log in */
	bool totp;         /* the account asks for a second factor */
	int wait_seconds;  /* > 0: this address must wait, nothing was checked */
};
/* Records the attempt of email from this address (before anything is verified), then checks
 * password. Returns 0 with *out, or an HTTP status. */
int login_check(struct request *req, const char *email, const char *password,
		struct login_check *out);
/* The French message for a throttled try that must wait seconds. */
const char *login_wait_message(struct request *req, int seconds);

/* account.c: the member's own password */
#define PASSWORD_CHANGED_SUBJECT(req) \
	arena_printf(&(req)->arena, "Le mot de passe de votre compte %s a changé", space_name(req))
/* The notice mailed when a password was reset or changed (first_name may be NULL). Returns 0
 * or an HTTP status. */
int password_changed_mail(struct request *req, const char *first_name, const char **text,
			  const char **html);
int page_password(struct request *req);
int page_password_post(struct request *req);

/* totp.c: second factor (RFC 6238) of staff and admin accounts */
int page_totp(struct request *req);
int page_totp_post(struct request *req);
int page_totp_disable_post(struct request *req);
/* Returns the time step (>= 0) at which code is the 6-digit TOTP of the 20-byte key (one
 * step of drift either way), or -1. */
long long totp_match(const unsigned char *key, const char *code);
/* Decodes a bytea column (hex output "\\x...") of 20 bytes into key. Returns 0 or -1. */
int totp_key_from_bytea(const char *value, unsigned char key[20]);

/* portal.c: the member's own pages */
/* What page_portal reads for person (its reads, with the session's check: struct app). */
void portal_reads(struct request *req, const char *person);
int page_portal(struct request *req);
int page_profile(struct request *req);
int page_profile_post(struct request *req);
int page_newsletter_post(struct request *req);
int page_close_post(struct request *req);
int page_email_post(struct request *req);
int page_email_confirm(struct request *req);
int page_email_confirm_post(struct request *req);

/* What the portal knows of the member, for its "what to do next" (portal.c fills the first
 * fields, portal_activity.c the others). */
struct portal_state {
	bool has_membership, membership_unpaid, membership_ending, formula_waiting, carnet_empty;
	bool invoice_due, in_directory;
	int upcoming;
};
/* portal_activity.c: bookings, carnet history, next invoice and next steps of the portal page
 * d for person. Returns 0 or an HTTP status. */
int portal_activity(struct request *req, struct tpl_dict *d, const char *person,
		    struct portal_state *st);

/* data.c: everything kept about the member, as JSON and as a page */
int page_export(struct request *req);
int page_data(struct request *req);

/* directory.c: the coworkers' directory and the member's own profile in it */
int page_directory(struct request *req);
int page_directory_photo(struct request *req);
int page_directory_profile(struct request *req);
int page_directory_profile_post(struct request *req);
int page_directory_remove_post(struct request *req);

/* Shared by the pages above: the password form's two fields checked together.
 * Returns NULL when acceptable, else the French message. */
const char *check_new_password(const char *password, const char *confirm, const char *email);
/* agenda.c: the personal calendar's address (/compte/agenda) */
/* Fills the portal's AGENDA section of d. Returns 0 or an HTTP status. */
int portal_agenda(struct request *req, struct tpl_dict *d);
int page_agenda_post(struct request *req);
int page_agenda_delete_post(struct request *req);
/* membership.c: /compte/adhesion/renouveler (renewal request), /compte/formules/{id}/arreter */
int page_renew(struct request *req);
int page_renew_post(struct request *req);
int page_formula_stop_post(struct request *req);
#endif
