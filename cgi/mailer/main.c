/* main.c: fontaine-mailer, the daemon that sends the outbox table's mail by SMTP.
 *
 *   fontaine-mailer -c CONFIG [-p PIDFILE] [--once]
 *
 * Configuration keys: db_mailer (libpq conninfo, role fontaine_mailer), smtp_url
 * (smtp://host:port or smtps://host:port), mail_from ("La Fontaine <contact@...>"),
 * smtp_tls (1 = require STARTTLS on smtp://), smtp_user, smtp_password, smtp_ca_file (PEM
 * bundle to verify the server with, instead of the system's), smtp_timeout (s).
 *
 * Loop: claim a batch of due rows, build and send each, record the outcome; then wait
 * for NOTIFY outbox (a trigger fires it on every insert) or 5 s, whichever comes first.
 * Every minute (and first thing with --once) it also queues the reminders of the bookings
 * of the next day (booking_queue_reminders(), schema/0026_mail_calendar.sql).
 * The database going away is never fatal: the mailer reconnects with back-off. SIGTERM
 * lets the message in flight finish, puts the rest of the batch back, and exits. */
#include "conf.h"
#include "mailer.h"
#include "mime.h"
#include <curl/curl.h>
#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

volatile sig_atomic_t mailer_stop;

enum { WAIT_MS = 5000, BACKOFF_MAX_MS = 30000, REMINDERS_EVERY_S = 60 };

static void on_signal(int sig)
{
	(void)sig;
	mailer_stop = 1;
}

/* Sleeps ms milliseconds, or less when a stop signal arrives. */
static void nap(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (!mailer_stop && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Returns the domain of address spec (after its '@') when it is a plausible host name,
 * else "localhost": the right-hand side of the Message-IDs. */
static const char *id_domain(const char *spec)
{
	const char *at = strrchr(spec, '@');
	if (!at || !at[1])
		return "localhost";
	for (const char *p = at + 1; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-'))
			return "localhost";
	return at + 1;
}

struct mailer {
	struct outbox *q;
	struct smtp *smtp;
	const char *from;
};

/* Builds and sends claimed row i. Returns the outcome and the reason in err. */
static enum outbox_outcome deliver(struct mailer *m, PGresult *rows, int i, char *err,
				   size_t errlen)
{
	const char *id = PQgetvalue(rows, i, OC_ID);
	char rcpt[320];
	if (!mime_addr_spec(PQgetvalue(rows, i, OC_TO), rcpt, sizeof rcpt)) {
		snprintf(err, errlen, "to_addr is not a usable address");
		return OUTCOME_FAILED;
	}
	PGresult *att = outbox_attachments(m->q, id);
	if (!att) {
		snprintf(err, errlen, "cannot read the attachments");
		return OUTCOME_RETRY;
	}
	int n_att = PQntuples(att);
	struct mime_attachment *a = calloc((size_t)n_att + 1, sizeof *a);
	if (!a)
		abort();
	for (int k = 0; k < n_att; k++) {
		/* Binary results: text columns come as their bytes, without a NUL. */
		a[k].filename = strndup(PQgetvalue(att, k, 0), (size_t)PQgetlength(att, k, 0));
		a[k].content_type = strndup(PQgetvalue(att, k, 1), (size_t)PQgetlength(att, k, 1));
		if (!a[k].filename || !a[k].content_type)
			abort();
		a[k].data = (const unsigned char *)PQgetvalue(att, k, 2);
		a[k].len = (size_t)PQgetlength(att, k, 2);
	}
	struct mime_message msg = {
		.from = m->from,
		.to = PQgetvalue(rows, i, OC_TO),
		.reply_to = PQgetisnull(rows, i, OC_REPLY_TO) ? NULL
							      : PQgetvalue(rows, i, OC_REPLY_TO),
		.subject = PQgetvalue(rows, i, OC_SUBJECT),
		.message_id = PQgetvalue(rows, i, OC_MESSAGE_ID),
		.date = (time_t)strtoll(PQgetvalue(rows, i, OC_CREATED), NULL, 10),
		.body_text = PQgetvalue(rows, i, OC_BODY_TEXT),
		.body_html = PQgetisnull(rows, i, OC_BODY_HTML) ? NULL
								: PQgetvalue(rows, i, OC_BODY_HTML),
		.attachments = a,
		.n_attachments = (size_t)n_att,
		.list_unsubscribe = PQgetisnull(rows, i, OC_LIST_UNSUBSCRIBE)
					    ? NULL : PQgetvalue(rows, i, OC_LIST_UNSUBSCRIBE),
	};
	struct buf text = {0};
	const char *bad;
	enum outbox_outcome outcome;
	if (mime_build(&text, &msg, &bad) < 0) {
		snprintf(err, errlen, "cannot build the message: bad %s", bad);
		outcome = OUTCOME_FAILED;
	} else {
		switch (smtp_send(m->smtp, rcpt, text.data, text.len, err, errlen)) {
		case SMTP_SENT:
			outcome = OUTCOME_SENT;
			break;
		case SMTP_PERMANENT:
			outcome = OUTCOME_FAILED;
			break;
		default:
			outcome = OUTCOME_RETRY;
		}
	}
	buf_free(&text);
	for (int k = 0; k < n_att; k++) {
		free((char *)a[k].filename);
		free((char *)a[k].content_type);
	}
	free(a);
	PQclear(att);
	return outcome;
}

/* Records the outcome of message id, reconnecting as long as it takes (the message has
 * left or failed: losing that fact would resend it). Gives up only on a stop signal
 * while the database is away: the row then stays 'sending' and is put back in the queue
 * at the next start. */
static void record(struct mailer *m, const char *id, const char *message_id,
		   enum outbox_outcome outcome, const char *err)
{
	long backoff = 500;
	for (;;) {
		const char *status = outbox_ready(m->q) ? outbox_finish(m->q, id, outcome, err)
							: NULL;
		if (status) {
			if (outcome == OUTCOME_SENT)
				fprintf(stderr, "mailer: #%s sent %s\n", id, message_id);
			else
				fprintf(stderr, "mailer: #%s not sent (%s, now %s): %s\n", id,
					outcome == OUTCOME_FAILED ? "permanent" : "will retry",
					status, err);
			return;
		}
		if (mailer_stop) {
			fprintf(stderr, "mailer: #%s: outcome not recorded (database away); "
					"it will be tried again at the next start\n", id);
			return;
		}
		nap(backoff);
		backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
	}
}

/* Claims and sends one batch. Returns the number of rows claimed, or -1 when the
 * database failed. */
static int run_batch(struct mailer *m)
{
	unsigned gen = outbox_generation(m->q);
	PGresult *rows = outbox_claim(m->q);
	if (!rows)
		return -1;
	int n = PQntuples(rows);
	for (int i = 0; i < n; i++) {
		const char *id = PQgetvalue(rows, i, OC_ID);
		if (outbox_generation(m->q) != gen)
			break; /* reconnected: the rest went back to the queue */
		if (mailer_stop) {
			if (outbox_release(m->q, id) < 0)
				break;
			continue;
		}
		char err[512] = "";
		enum outbox_outcome outcome = deliver(m, rows, i, err, sizeof err);
		record(m, id, PQgetvalue(rows, i, OC_MESSAGE_ID), outcome, err);
	}
	PQclear(rows);
	return n;
}

static int usage(const char *argv0)
{
	fprintf(stderr, "usage: %s -c CONFIG [-p PIDFILE] [--once]\n", argv0);
	return 2;
}

int main(int argc, char **argv)
{
	const char *conf = NULL, *pidfile = NULL;
	bool once = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			conf = argv[++i];
		else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
			pidfile = argv[++i];
		else if (strcmp(argv[i], "--once") == 0)
			once = true;
		else
			return usage(argv[0]);
	}
	if (!conf || config_load(conf) < 0)
		return usage(argv[0]);
	const char *conninfo = config_get("db_mailer", NULL);
	const char *url = config_get("smtp_url", NULL);
	const char *from = config_get("mail_from", NULL);
	char from_spec[320];
	if (!conninfo || !url || !from) {
		fprintf(stderr, "mailer: the configuration needs db_mailer, smtp_url and mail_from\n");
		return 1;
	}
	if (!mime_addr_spec(from, from_spec, sizeof from_spec)) {
		fprintf(stderr, "mailer: mail_from holds no usable address: %s\n", from);
		return 1;
	}
	if (strncmp(url, "smtp://", 7) != 0 && strncmp(url, "smtps://", 8) != 0) {
		fprintf(stderr, "mailer: smtp_url must start with smtp:// or smtps://\n");
		return 1;
	}
	/* Date headers in French local time. */
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	if (sodium_init() < 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "mailer: cannot initialise libsodium or libcurl\n");
		return 1;
	}

	struct sigaction sa = {0};
	sa.sa_handler = on_signal; /* no SA_RESTART: poll and nanosleep return at once */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (pidfile) {
		FILE *f = fopen(pidfile, "w");
		if (!f) {
			fprintf(stderr, "mailer: cannot write %s\n", pidfile);
			return 1;
		}
		fprintf(f, "%ld\n", (long)getpid());
		fclose(f);
	}

	struct mailer m = {
		.q = outbox_open(conninfo, id_domain(from_spec)),
		.smtp = smtp_open(url, from_spec, strcmp(config_get("smtp_tls", "0"), "1") == 0,
				  config_get("smtp_user", NULL), config_get("smtp_password", NULL),
				  config_get("smtp_ca_file", NULL),
				  strtol(config_get("smtp_timeout", "120"), NULL, 10)),
		.from = from,
	};
	fprintf(stderr, "mailer: started (pid %ld, %s)\n", (long)getpid(), url);
	int rc = 0;
	long backoff = 1000;
	time_t reminded = 0;
	while (!mailer_stop) {
		if (!outbox_ready(m.q)) {
			if (once) {
				rc = 1;
				break;
			}
			nap(backoff);
			backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
			continue;
		}
		time_t now = time(NULL);
		if (now - reminded >= REMINDERS_EVERY_S || now < reminded) {
			int queued = outbox_queue_reminders(m.q);
			if (queued > 0)
				fprintf(stderr, "mailer: %d reminder(s) queued\n", queued);
			if (queued >= 0)
				reminded = now;
		}
		int n = run_batch(&m);
		if (n < 0) {
			/* The database failed: reconnect (or wait out an error) with back-off. */
			if (once) {
				rc = 1;
				break;
			}
			nap(backoff);
			backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
			continue;
		}
		backoff = 1000;
		if (n == OUTBOX_BATCH)
			continue; /* more may be due */
		if (once)
			break;
		outbox_wait(m.q, WAIT_MS);
	}
	fprintf(stderr, "mailer: stopping\n");
	smtp_close(m.smtp);
	outbox_close(m.q);
	curl_global_cleanup();
	if (pidfile)
		unlink(pidfile);
	return rc;
}
