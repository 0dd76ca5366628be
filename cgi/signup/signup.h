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
	SQL_ACTIVATE,
	SQL_LOGIN_LOOKUP,
	SQL_LOGIN_RECORD,
	SQL_RESET_REQUEST,
	SQL_RESET,
	SQL_PERSON,
	SQL_MEMBERSHIP,
	SQL_PERSON_FORMULAS,
	SQL_PROFILE_UPDATE,
	SQL_NEWSLETTER,
	SQL_EXPORT,
	SQL_CLOSE_REQUEST,
	SQL_EMAIL_REQUEST,
	SQL_EMAIL_CONFIRM,
	SQL__MAX
};
extern const struct db_stmt signup_stmts[SQL__MAX];

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

/* portal.c: the member's own pages */
int page_portal(struct request *req);
int page_profile(struct request *req);
int page_profile_post(struct request *req);
int page_newsletter_post(struct request *req);
int page_export(struct request *req);
int page_close_post(struct request *req);
int page_email_post(struct request *req);
int page_email_confirm(struct request *req);
int page_email_confirm_post(struct request *req);

/* Shared by the pages above: the password form's two fields checked together.
 * Returns NULL when acceptable, else the French message. */
const char *check_new_password(const char *password, const char *confirm, const char *email);
#endif
