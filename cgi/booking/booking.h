/* booking.h: the booking program: availability, room bookings and quotes, members' desks,
 * and the desk staff's pages (check-ins, room requests, office leases). */
#ifndef FT_BOOKING_H
#define FT_BOOKING_H
#include "http.h"
#include "page.h"

enum booking_stmt {
	SQL_RESOURCES,
	SQL_RESOURCE,
	SQL_AVAILABILITY,
	SQL_BUSY,
	SQL_ROOM,
	SQL_OPTIONS,
	SQL_ROOM_PRICE,
	SQL_ROOM_RESERVE,
	SQL_BY_CONFIRM,
	SQL_CONFIRM_HOLD,
	SQL_BY_TOKEN,
	SQL_OPTION_LINES,
	SQL_CANCEL_BY_TOKEN,
	SQL_CHANGE_BY_TOKEN,
	SQL_SETTINGS,
	SQL_DESK_BOOK,
	SQL_DESK_CANCEL,
	SQL_DESK_LIST,
	SQL_DESK_FORMULAS,
	SQL_DAY_DESKS,
	SQL_CHECK_IN,
	SQL_NO_SHOW,
	SQL_WALK_IN,
	SQL_REQUESTS,
	SQL_BOOKING_BY_ID,
	SQL_ANSWER,
	SQL_OFFICES,
	SQL_LEASES,
	SQL_LEASE_CREATE,
	SQL_CHANGE_PREVIEW,
	SQL_CHANGE_BY_LINK,
	SQL_CANCEL_BY_LINK,
	SQL_DESK_PREVIEW,
	SQL_DESK_BOOK_MAILED,
	/* the membership lifecycle (schema/0024): lease ended, corrections, members walking in */
	SQL_LEASE_END,
	SQL_CHECK_IN_REVERSE,
	SQL_CARNET_USE_REVERSE,
	SQL_MEMBER_BY_EMAIL,
	SQL_WALK_IN_MEMBER,
	SQL_OWNER_BOOKING,
	SQL_OWNER_RELINK,
	/* several spaces (schema/0034): the connection's space */
	SQL_SPACE,
	SQL_AVAILABILITY_SLUG, /* SQL_AVAILABILITY of the resource SQL_RESOURCE names */
	SQL_AVAILABILITY_STAMP, /* whether a kept week of that resource still stands */
	SQL__MAX
};
extern const struct db_stmt booking_stmts[SQL__MAX];

/* Columns of SQL_AVAILABILITY_SLUG (and SQL_AVAILABILITY). */
enum { AV_DAY, AV_SLOT, AV_STATE, AV_REASON, AV_FREE };
/* Columns of SQL_AVAILABILITY_STAMP. */
enum { AS_STAMP, AS_UNTIL };

/* Columns of SQL_BY_TOKEN, SQL_BY_CONFIRM, SQL_REQUESTS and SQL_BOOKING_BY_ID (one booking and its room). */
enum {
	BK_ID, BK_UID, BK_STATUS, BK_SLOT, BK_DAY, BK_START, BK_END, BK_RES_NAME, BK_RES_SLUG,
	BK_COMPANY, BK_SIREN, BK_STREET, BK_POSTCODE, BK_CITY, BK_CONTACT, BK_EMAIL, BK_PHONE,
	BK_PURPOSE, BK_ATTENDEES, BK_PRICE, BK_MEMBER, BK_FREE_UNTIL, BK_TERMS, BK_QUOTE,
	BK_QUOTE_VALID, BK_CAN_CHANGE, BK_CREATED, BK_PRICE_CODE, BK_HOLD_UNTIL, BK_LIVE, BK_MODE,
	BK_SEQUENCE, BK_ORG_EMAIL, BK_PRICE_KIND, BK_DAY_PRICE
};
/* Columns of SQL_CHANGE_PREVIEW. */
enum { CP_START, CP_END, CP_PRICE, CP_FREE_UNTIL };
/* Columns of SQL_DESK_PREVIEW. */
enum { DP_START, DP_END, DP_ORG_EMAIL, DP_EMAIL, DP_NAME };
/* Columns of SQL_SETTINGS. */
enum {
	SET_FREE_CANCEL_HOURS, SET_DESK_CANCEL_HOURS, SET_HOLD_MINUTES, SET_HORIZON_MONTHS,
	SET_HOLD_MAX_ADDR, SET_LIVE_MAX_EMAIL, SET_FIRST_DAY, SET_LAST_DAY
};

/* calendar.c: /disponibilites (resources), /disponibilites/{slug} (week), {slug}.ics */
int page_availability_index(struct request *req);
int page_availability(struct request *req);
int page_availability_ics(struct request *req);

/* room.c: /reservation (form, price, booking or hold, quote) and the booking mails */
int page_room(struct request *req);
int page_room_post(struct request *req);
/* The mails of a room booking. */
enum booking_mail { MAIL_HOLD, MAIL_CONFIRMED, MAIL_REQUESTED, MAIL_CHANGED, MAIL_CANCELLED };
/* What a change through the manage link makes of a booking (MAIL_CHANGED). */
struct booking_change {
	const char *slot;
	time_t start, end, free_until;
	long long price_cents;
};
/* Renders the mail of a change (kind MAIL_CHANGED, with ch) or a cancellation (MAIL_CANCELLED,
 * ch NULL) of booking row r into out[3]. Returns 0 or 500. */
int booking_update_mail(struct request *req, PGresult *r, enum booking_mail kind,
			const struct booking_change *ch, const char *link, const char *out[3]);
/* The invitation of booking row r with method (REQUEST: its times, or those of ch when not
 * NULL; CANCEL) and SEQUENCE sequence, organised by the organisation's address. Returns the
 * .ics (length in *len) or NULL. */
const char *booking_ics_invite(struct request *req, PGresult *r, int method, int sequence,
			       const struct booking_change *ch, size_t *len);
/* Renders the mail of kind for booking row r (SQL_BY_TOKEN columns) into out[3] (subject,
 * text, html); link is the manage link (or NULL). Returns 0 or 500. */
int booking_row_mail(struct request *req, PGresult *r, enum booking_mail kind, const char *link,
		     const char *out[3]);
/* "jeudi 5 mars 2026 à 14 h 30" of t. */
const char *booking_deadline_text(struct request *req, time_t t);
/* A random RFC 4122 version 4 UUID (a booking's iCalendar UID). */
const char *booking_new_uuid(struct request *req);
/* The absolute URL path?jeton=token of an emailed link. */
const char *booking_link_url(struct request *req, const char *path, const char *token);

/* manage.c: /reservation/gerer (manage link: see, change, cancel), /reservation/devis (quote) */
int page_manage(struct request *req);
int page_manage_cancel(struct request *req);
int page_manage_change(struct request *req);
int page_quote(struct request *req);
int page_quote_css(struct request *req);
/* Loads the booking whose link token is token through stmt (SQL_BY_TOKEN or SQL_BY_CONFIRM,
 * one parameter: the token's hash). Returns 0 with *out, or a status (404: no such booking). */
int booking_load_link(struct request *req, int stmt, const char *token, PGresult **out);
/* The 404 page of a link that names no booking. */
int booking_unknown_link(struct request *req);
/* Fills the summary of booking row r (room, when, customer, price and its lines) into d.
 * Returns 0 or an HTTP status. */
int booking_fill_summary(struct request *req, struct tpl_dict *d, PGresult *r);
/* The 410 page of a hold that ran out, offering to book the slot of row r again. */
int booking_hold_expired(struct request *req, PGresult *r);
/* The French label of a booking status. */
const char *booking_status_label(const char *status);

/* hold.c: /reservation/confirmer (the link mailed for a held booking) */
int page_hold_confirm(struct request *req);
int page_hold_confirm_post(struct request *req);
/* Returns the .ics of a booking row of r (SQL_BY_TOKEN columns), or NULL. */
const char *booking_ics(struct request *req, PGresult *r, size_t *len);
/* "mardi 3 mars 2026, matin (8 h 30 – 12 h 30)" for a booking row of r. */
const char *booking_when(struct request *req, PGresult *r, int row);
/* "La Fontaine, espace de coworking coopératif, Agen.": the last line of a booking's mails,
 * for the request's space. */
const char *booking_signature(struct request *req);
/* Renders and returns the mail telling the customer their booking is confirmed (subject,
 * text, html in *out[3]); manage_url may be NULL. Returns 0 or 500. */
int booking_confirmed_mail(struct request *req, PGresult *r, const char *manage_url,
			   const char *out[3]);

/* desk.c: /mes-reservations (members' half-days in the open space) */
int page_desk(struct request *req);
int page_desk_post(struct request *req);
int page_desk_cancel(struct request *req);

/* checkin.c: /admin/accueil (today's arrivals, walk-ins, no-shows) */
int page_checkin(struct request *req);
int page_checkin_arrived(struct request *req);
int page_checkin_no_show(struct request *req);
int page_checkin_walk_in(struct request *req);
int page_checkin_correction(struct request *req);

/* requests.c: /admin/reservations (room requests to confirm or decline, upcoming rooms) */
int page_requests(struct request *req);
int page_request_answer(struct request *req);

/* leases.c: /admin/reservations/baux (office leases) */
int page_leases(struct request *req);
int page_leases_post(struct request *req);
int page_lease_end_post(struct request *req);

/* when.c: days, ISO weeks and slots */
/* Days since 1970-01-01 of a civil date, and back. */
long days_from_civil(int y, int m, int d);
void civil_from_days(long z, int *y, int *m, int *d);
/* "2026-03-03" of a day number, in the arena. */
const char *day_iso(struct arena *a, long day);
/* Parses "YYYY-MM-DD" into a day number. Returns true when valid. */
bool day_parse(const char *s, long *day);
/* Parses "2026-W48" into the day number of its Monday. Returns true when valid. */
bool week_parse(const char *s, long *monday);
/* "2026-W48" of the ISO week holding day. */
const char *week_name(struct arena *a, long day);
/* Today in Europe/Paris, as a day number. */
long today(void);
/* "mardi 3 mars 2026" of a day number. */
const char *day_long(char out[64], long day);
/* French label of a slot code ("Matin", "Après-midi", "Journée", "Horaires") or "". */
const char *slot_label(const char *slot);
/* A resource's name inside a sentence: "Location de la salle de conférence" (a leading article
 * "La", "Le", "Les" or "L’" lower-cased; other names as they are). */
const char *name_in_sentence(struct arena *a, const char *name);
/* Parses "HH:MM" (or "HHhMM"). Returns true when valid. */
bool hhmm_parse(const char *s, int *minutes);
/* Maps a booking SQLSTATE to the French message shown beside a field; *field names which
 * field (a value of enum booking_field_hint) and *status the HTTP status. NULL when the
 * SQLSTATE is not one of ours. */
enum booking_field_hint { HINT_DAY, HINT_SLOT, HINT_END, HINT_ATTENDEES, HINT_FORM };
const char *booking_error(struct request *req, const char *sqlstate, enum booking_field_hint *field,
			  int *status);
/* The space the request is for (fontaine_space()): its name ("La Fontaine"), city and contact
 * address; NULL when the database fails (*state set). */
struct booking_space {
	const char *name, *city, *email;
};
const struct booking_space *booking_space(struct request *req, const char **state);
/* "tarif membre", "tarif réseau" or "tarif non-membre" for a price kind (member, network,
 * non_member). */
const char *price_kind_label(const char *kind);
/* mine.c: a member's own room booking from the portal: its .ics and its manage page */
int page_mine_ics(struct request *req);
int page_mine_manage(struct request *req);

/* Loads the session when the request carries its cookie (public pages greet members). */
int maybe_session(struct request *req);
/* Starts a staff page (never indexed) with the desk's navigation; returns the content dict. */
struct tpl_dict *staff_start(struct request *req, const char *content_tpl, const char *title);
#endif
