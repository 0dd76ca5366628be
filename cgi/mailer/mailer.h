/* mailer.h: the mailer daemon's parts: the outbox queue (outbox.c) and SMTP (smtp.c). */
#ifndef FT_MAILER_H
#define FT_MAILER_H
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <libpq-fe.h>

/* Set by SIGTERM/SIGINT: finish the message in flight, then leave. */
extern volatile sig_atomic_t mailer_stop;

/* Messages claimed per transaction. */
enum { OUTBOX_BATCH = 20 };
/* After this many attempts a message is 'failed' for good. */
enum { OUTBOX_MAX_ATTEMPTS = 10 };

/* ---- outbox.c: the queue in PostgreSQL ---- */

struct outbox;

/* How one message ended. */
enum outbox_outcome { OUTCOME_SENT, OUTCOME_RETRY, OUTCOME_FAILED, OUTCOME__MAX };

/* Columns of a claimed row (outbox_claim's result). */
enum outbox_col {
	OC_ID, OC_TO, OC_REPLY_TO, OC_SUBJECT, OC_BODY_TEXT, OC_BODY_HTML, OC_ATTEMPTS,
	OC_MESSAGE_ID, OC_CREATED, OC_LIST_UNSUBSCRIBE, OC__MAX
};

/* Returns the queue handle; connects lazily. domain goes into new Message-IDs. */
struct outbox *outbox_open(const char *conninfo, const char *domain);
void outbox_close(struct outbox *q);
/* Returns true when connected, listening and holding the single-mailer lock, after
 * (re)connecting if needed: that is when rows left in 'sending' go back to 'queued'. */
bool outbox_ready(struct outbox *q);
/* Counts the successful (re)connections: a batch claimed under an older one is no longer
 * the mailer's own (the reconnection put its rows back in the queue). */
unsigned outbox_generation(const struct outbox *q);
/* Claims up to OUTBOX_BATCH due messages (status 'sending', attempts + 1, Message-ID
 * assigned), by id. Returns the result (PQclear it), or NULL when the database failed. */
PGresult *outbox_claim(struct outbox *q);
/* Queues the reminders due now (booking_queue_reminders(): the day before a booking, each
 * once). Returns how many, or -1 when the database failed. */
int outbox_queue_reminders(struct outbox *q);
/* Returns the attachments of message id (columns filename, content_type, body; binary
 * format), or NULL when the database failed. */
PGresult *outbox_attachments(struct outbox *q, const char *id);
/* Records how message id ended (error: last_error, for RETRY and FAILED). Returns the
 * status now stored ("sent", "queued", "failed"), or NULL when the database failed. */
const char *outbox_finish(struct outbox *q, const char *id, enum outbox_outcome outcome,
			  const char *error);
/* Puts a claimed message that was not tried back in the queue. Returns 0 or -1. */
int outbox_release(struct outbox *q, const char *id);
/* Waits up to ms for a notification on channel outbox (or a signal). Returns 1 when
 * one came, 0 on time-out or signal, -1 when the connection was lost. */
int outbox_wait(struct outbox *q, int ms);

/* ---- smtp.c: delivery through libcurl ---- */

struct smtp;

enum smtp_result { SMTP_SENT, SMTP_RETRY, SMTP_PERMANENT };

/* Returns the SMTP client for url (smtp:// or smtps://) and envelope sender from_spec; tls
 * requires STARTTLS on smtp://; user may be NULL; ca_file (PEM, may be NULL) replaces the
 * system's certificate authorities. */
struct smtp *smtp_open(const char *url, const char *from_spec, bool tls, const char *user,
		       const char *password, const char *ca_file, long timeout_s);
void smtp_close(struct smtp *s);
/* Sends message[0..len) to rcpt_spec. Returns SMTP_SENT, SMTP_PERMANENT (the server
 * refused the recipient or the message for good: 5xx) or SMTP_RETRY, with a one-line
 * reason in err. */
enum smtp_result smtp_send(struct smtp *s, const char *rcpt_spec, const char *message,
			   size_t len, char *err, size_t errlen);
#endif
