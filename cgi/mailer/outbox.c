/* outbox.c: the mailer's PostgreSQL side: one connection, LISTEN outbox, the queue's SQL. */
#include "mailer.h"
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum outbox_stmt {
	ST_LOCK, ST_RECOVER, ST_CLAIM, ST_ATTACHMENTS, ST_SENT, ST_RETRY, ST_FAILED, ST_RELEASE,
	ST_REMINDERS,
	ST__MAX
};

static const struct {
	const char *name, *sql;
	int nparams;
} stmts[ST__MAX] = {
	/* One mailer per database: rows in 'sending' are then always this process's own. */
	[ST_LOCK] = {"mailer_lock",
		     "SELECT pg_try_advisory_lock(hashtextextended('fontaine-mailer', 0))", 0},
	[ST_RECOVER] = {"mailer_recover",
			"UPDATE outbox SET status = 'queued' WHERE status = 'sending'", 0},
	/* The Message-ID is stored before the message leaves, so a resend keeps it. */
	[ST_CLAIM] = {"mailer_claim",
		      "WITH claimed AS ("
		      " UPDATE outbox o SET status = 'sending', attempts = o.attempts + 1,"
		      "  message_id = coalesce(o.message_id, '<' ||"
		      "   replace(gen_random_uuid()::text, '-', '') || '.' || o.id || '@' || $1 || '>')"
		      " WHERE o.id IN (SELECT id FROM outbox"
		      "  WHERE status = 'queued' AND next_attempt_at <= now()"
		      "  ORDER BY id LIMIT 20 FOR UPDATE SKIP LOCKED)"
		      " RETURNING o.id, o.to_addr, o.reply_to, o.subject, o.body_text, o.body_html,"
		      "  o.attempts, o.message_id, extract(epoch FROM o.created_at)::bigint,"
		      "  o.list_unsubscribe)"
		      " SELECT * FROM claimed ORDER BY id",
		      1},
	[ST_ATTACHMENTS] = {"mailer_attachments",
			    "SELECT filename, content_type, body FROM outbox_attachment"
			    " WHERE outbox_id = $1 ORDER BY id",
			    1},
	/* 'queued' too: a reconnection between sending and this update has put the row
	 * back in the queue, and only this process claims rows. */
	[ST_SENT] = {"mailer_sent",
		     "UPDATE outbox SET status = 'sent', sent_at = now(), last_error = NULL"
		     " WHERE id = $1 AND status IN ('sending', 'queued') RETURNING status",
		     1},
	/* Back-off: 30 s after the first failure, doubling, at most an hour. */
	[ST_RETRY] = {"mailer_retry",
		      "UPDATE outbox SET last_error = $2,"
		      " status = CASE WHEN attempts >= 10 THEN 'failed' ELSE 'queued' END,"
		      " next_attempt_at = now() + make_interval(secs =>"
		      "  least(30 * 2 ^ (least(greatest(attempts, 1), 12) - 1), 3600))"
		      " WHERE id = $1 AND status IN ('sending', 'queued') RETURNING status",
		      2},
	[ST_FAILED] = {"mailer_failed",
		       "UPDATE outbox SET status = 'failed', last_error = $2"
		       " WHERE id = $1 AND status IN ('sending', 'queued') RETURNING status",
		       2},
	[ST_RELEASE] = {"mailer_release",
			"UPDATE outbox SET status = 'queued', attempts = greatest(attempts - 1, 0)"
			" WHERE id = $1 AND status = 'sending'",
			1},
	/* schema/0026_mail_calendar.sql: the reminders of tomorrow's bookings, queued once. */
	[ST_REMINDERS] = {"mailer_reminders", "SELECT booking_queue_reminders()", 0},
};

struct outbox {
	PGconn *conn;
	char *conninfo;
	char *domain;
	unsigned generation;
	bool lock_warned;
};

struct outbox *outbox_open(const char *conninfo, const char *domain)
{
	struct outbox *q = calloc(1, sizeof *q);
	if (!q || !(q->conninfo = strdup(conninfo)) || !(q->domain = strdup(domain)))
		abort();
	return q;
}

static void drop(struct outbox *q)
{
	if (q->conn)
		PQfinish(q->conn);
	q->conn = NULL;
}

void outbox_close(struct outbox *q)
{
	if (!q)
		return;
	drop(q);
	free(q->conninfo);
	free(q->domain);
	free(q);
}

unsigned outbox_generation(const struct outbox *q)
{
	return q->generation;
}

/* Returns true when r succeeded; else logs, drops a broken connection, clears r. */
static bool result_ok(struct outbox *q, PGresult *r, const char *what)
{
	ExecStatusType st = PQresultStatus(r);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return true;
	fprintf(stderr, "mailer: %s: %s", what,
		r ? PQresultErrorMessage(r) : PQerrorMessage(q->conn));
	PQclear(r);
	if (PQstatus(q->conn) == CONNECTION_BAD)
		drop(q);
	return false;
}

/* Runs statement id. Returns its result (PQclear it) or NULL. */
static PGresult *run(struct outbox *q, enum outbox_stmt id, const char *const *params,
		     int binary)
{
	if (!q->conn)
		return NULL;
	PGresult *r = PQexecPrepared(q->conn, stmts[id].name, stmts[id].nparams, params, NULL,
				     NULL, binary);
	return result_ok(q, r, stmts[id].name) ? r : NULL;
}

/* Connects, prepares, listens and takes the lock. Returns true when all went well. */
static bool connect_db(struct outbox *q)
{
	q->conn = PQconnectdb(q->conninfo);
	if (PQstatus(q->conn) != CONNECTION_OK) {
		fprintf(stderr, "mailer: cannot connect to the database: %s",
			PQerrorMessage(q->conn));
		drop(q);
		return false;
	}
	if (PQsetClientEncoding(q->conn, "UTF8") != 0) {
		fprintf(stderr, "mailer: cannot set the client encoding\n");
		drop(q);
		return false;
	}
	for (int i = 0; i < ST__MAX; i++) {
		PGresult *r = PQprepare(q->conn, stmts[i].name, stmts[i].sql, stmts[i].nparams,
					NULL);
		if (!result_ok(q, r, stmts[i].name)) {
			drop(q);
			return false;
		}
		PQclear(r);
	}
	PGresult *r = PQexec(q->conn, "LISTEN outbox");
	if (!result_ok(q, r, "LISTEN outbox")) {
		drop(q);
		return false;
	}
	PQclear(r);
	if (!(r = run(q, ST_LOCK, NULL, 0))) {
		drop(q);
		return false;
	}
	bool locked = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (!locked) {
		if (!q->lock_warned)
			fprintf(stderr, "mailer: another mailer is running on this database; "
					"waiting for it to stop\n");
		q->lock_warned = true;
		drop(q);
		return false;
	}
	q->lock_warned = false;
	/* Rows another session of ours left in 'sending' (a crash, a lost connection)
	 * go back to the queue. At-least-once: when the crash fell between the server's
	 * 250 and the update to 'sent', that message goes out once more, with the same
	 * Message-ID, so that mail clients can drop the duplicate. */
	if (!(r = run(q, ST_RECOVER, NULL, 0))) {
		drop(q);
		return false;
	}
	const char *n = PQcmdTuples(r);
	if (n && strcmp(n, "0") != 0)
		fprintf(stderr, "mailer: %s message(s) left in 'sending' put back in the queue\n",
			n);
	PQclear(r);
	q->generation++;
	return true;
}

bool outbox_ready(struct outbox *q)
{
	if (q->conn && PQstatus(q->conn) == CONNECTION_OK)
		return true;
	drop(q);
	return connect_db(q);
}

PGresult *outbox_claim(struct outbox *q)
{
	const char *p[1] = {q->domain};
	return run(q, ST_CLAIM, p, 0);
}

int outbox_queue_reminders(struct outbox *q)
{
	PGresult *r = run(q, ST_REMINDERS, NULL, 0);
	if (!r)
		return -1;
	int n = PQntuples(r) == 1 ? atoi(PQgetvalue(r, 0, 0)) : 0;
	PQclear(r);
	return n;
}

PGresult *outbox_attachments(struct outbox *q, const char *id)
{
	const char *p[1] = {id};
	return run(q, ST_ATTACHMENTS, p, 1);
}

const char *outbox_finish(struct outbox *q, const char *id, enum outbox_outcome outcome,
			  const char *error)
{
	static const enum outbox_stmt stmt[OUTCOME__MAX] = {
		[OUTCOME_SENT] = ST_SENT, [OUTCOME_RETRY] = ST_RETRY, [OUTCOME_FAILED] = ST_FAILED};
	static char status[16];
	const char *p[2] = {id, error ? error : ""};
	PGresult *r = run(q, stmt[outcome], p, 0);
	if (!r)
		return NULL;
	snprintf(status, sizeof status, "%s", PQntuples(r) ? PQgetvalue(r, 0, 0) : "gone");
	PQclear(r);
	return status;
}

int outbox_release(struct outbox *q, const char *id)
{
	const char *p[1] = {id};
	PGresult *r = run(q, ST_RELEASE, p, 0);
	if (!r)
		return -1;
	PQclear(r);
	return 0;
}

int outbox_wait(struct outbox *q, int ms)
{
	if (!q->conn)
		return -1;
	struct pollfd pfd = {.fd = PQsocket(q->conn), .events = POLLIN};
	if (pfd.fd < 0) {
		drop(q);
		return -1;
	}
	int n = poll(&pfd, 1, ms);
	if (n < 0)
		return errno == EINTR ? 0 : -1;
	if (n == 0)
		return 0;
	if (!PQconsumeInput(q->conn)) {
		fprintf(stderr, "mailer: lost the database: %s", PQerrorMessage(q->conn));
		drop(q);
		return -1;
	}
	int got = 0;
	PGnotify *nt;
	while ((nt = PQnotifies(q->conn))) {
		got = 1;
		PQfreemem(nt);
	}
	return got;
}
