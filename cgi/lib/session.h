/* session.h: login sessions (256-bit cookie tokens, only their hash stored) and passwords. */
#ifndef FT_SESSION_H
#define FT_SESSION_H
#include "http.h"

enum { SESSION_MAX_AGE = 14 * 24 * 3600 };

/* Looks up the session cookie; sets req->user when it names a live session.
 * Returns 0, or an HTTP status (503) when the database cannot say. */
int session_load(struct request *req);
/* Ends what session_load set for a staff user on the worker's connection (fontaine.actor, so
 * that the audit triggers attribute the staff member's writes): called before each request, so
 * a later visitor's writes are never attributed to the staff member. */
void session_actor_clear(struct request *req);
/* Opens a session for person and sets the cookie. Returns 0, or an HTTP status. */
int session_open(struct request *req, int64_t person_id);
/* The hash (bytea input) of this browser's session cookie, or NULL when it has none. */
const char *session_token_hash(struct request *req);
/* Ends this session (or every session of its person) and clears the cookie. */
int session_close(struct request *req, bool everywhere);

/* Hex of the BLAKE2b-256 hash of token, as bytea input ("\\x..."): what the database keeps. */
/* Binary data as bytea input ("\\x..." hex), for a statement parameter. */
const char *bytea_param(struct arena *a, const char *data, size_t len);
/* True when t has the shape of a 256-bit link token (43 characters of base64url). */
bool token_shape_valid(const char *t);
/* The "jeton" field of src when it has the shape of a 256-bit emailed-link token, else NULL. */
const char *link_token(const struct kvlist *src);
const char *token_hash_param(struct arena *a, const char *token);

/* An e-mail change about to be requested (SQL email_change_request): a new link token (its
 * hash), the mail to the new address with the link, and the notice to the current one. */
struct email_change {
	const char *token_hash;
	const char *subject, *text, *html;
	const char *old_subject, *old_text, *old_html;
};
/* Fills out for first_name's change to new_email (by_staff: the team asked for it). Returns 0,
 * or an HTTP status when a mail template failed. Used by the portal and the back office. */
int email_change_prepare(struct request *req, const char *first_name, const char *new_email,
			 bool by_staff, struct email_change *out);

/* Argon2id hash (libsodium crypto_pwhash_str) into out. Returns 0 or -1 (out of memory). */
int password_hash(const char *password, char *out, size_t outlen);
bool password_verify(const char *hash, const char *password);
/* Returns NULL when the password is acceptable, else a French message (too short, too
 * common, or contains the email's name). */
const char *password_weak(const char *password, const char *email);
/* Burns the time of one verification, so unknown accounts answer as slowly as known ones. */
void password_dummy_verify(const char *password);
#endif
