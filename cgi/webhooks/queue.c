/* queue.c: the webhook deliverer's PostgreSQL side: one connection, LISTEN webhook, and the
 * functions of schema/0038_webhooks.sql (the role fontaine_webhooks may run nothing else). */
#include "webhooks.h"
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum queue_stmt { ST_CLAIM, ST_DELIVERED, ST_RETRY, ST_RELEASE, ST__MAX };

static const struct {
	const char *name, *sql;
	int nparams;
} stmts[ST__MAX] = {
	[ST_CLAIM] = {"webhooks_claim",
		      "SELECT id, delivery_id, event_type, url, body, secrets, attempts"
		      " FROM webhook_claim(10)",
		      0},
	[ST_DELIVERED] = {"webhooks_delivered", "SELECT webhook_delivered($1, $2)", 2},
	[ST_RETRY] = {"webhooks_retry", "SELECT coalesce(webhook_retry($1, $2, $3), 'gone')", 3},
	[ST_RELEASE] = {"webhooks_release", "SELECT webhook_release($1)", 1},
};

struct queue {
	PGconn *conn;
	char *conninfo;
	unsigned generation;
};

struct queue *queue_open(const char *conninfo)
{
	struct queue *q = calloc(1, sizeof *q);
	if (!q || !(q->conninfo = strdup(conninfo)))
		abort();
	return q;
}

static void drop(struct queue *q)
{
	if (q->conn)
		PQfinish(q->conn);
	q->conn = NULL;
}

void queue_close(struct queue *q)
{
	if (!q)
		return;
	drop(q);
	free(q->conninfo);
	free(q);
}

unsigned queue_generation(const struct queue *q)
{
	return q->generation;
}

/* Returns true when r succeeded; else logs, drops a broken connection, clears r. */
static bool result_ok(struct queue *q, PGresult *r, const char *what)
{
	ExecStatusType st = PQresultStatus(r);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return true;
	fprintf(stderr, "webhooks: %s: %s", what,
		r ? PQresultErrorMessage(r) : PQerrorMessage(q->conn));
	PQclear(r);
	if (PQstatus(q->conn) == CONNECTION_BAD)
		drop(q);
	return false;
}

static PGresult *run(struct queue *q, enum queue_stmt id, const char *const *params)
{
	if (!q->conn)
		return NULL;
	PGresult *r = PQexecPrepared(q->conn, stmts[id].name, stmts[id].nparams, params, NULL,
				     NULL, 0);
	return result_ok(q, r, stmts[id].name) ? r : NULL;
}

static bool connect_db(struct queue *q)
{
	q->conn = PQconnectdb(q->conninfo);
	if (PQstatus(q->conn) != CONNECTION_OK) {
		fprintf(stderr, "webhooks: cannot connect to the database: %s",
			PQerrorMessage(q->conn));
		drop(q);
		return false;
	}
	if (PQsetClientEncoding(q->conn, "UTF8") != 0) {
		fprintf(stderr, "webhooks: cannot set the client encoding\n");
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
	PGresult *r = PQexec(q->conn, "LISTEN webhook");
	if (!result_ok(q, r, "LISTEN webhook")) {
		drop(q);
		return false;
	}
	PQclear(r);
	q->generation++;
	return true;
}

bool queue_ready(struct queue *q)
{
	if (q->conn && PQstatus(q->conn) == CONNECTION_OK)
		return true;
	drop(q);
	return connect_db(q);
}

PGresult *queue_claim(struct queue *q)
{
	return run(q, ST_CLAIM, NULL);
}

int queue_delivered(struct queue *q, const char *id, int status)
{
	char st[16];
	snprintf(st, sizeof st, "%d", status);
	const char *p[2] = {id, st};
	PGresult *r = run(q, ST_DELIVERED, p);
	if (!r)
		return -1;
	int ok = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	return ok;
}

const char *queue_retry(struct queue *q, const char *id, int status, const char *error)
{
	static char out[16];
	char st[16];
	snprintf(st, sizeof st, "%d", status);
	const char *p[3] = {id, status > 0 ? st : NULL, error};
	PGresult *r = run(q, ST_RETRY, p);
	if (!r)
		return NULL;
	snprintf(out, sizeof out, "%s", PQntuples(r) == 1 ? PQgetvalue(r, 0, 0) : "gone");
	PQclear(r);
	return out;
}

int queue_release(struct queue *q, const char *id)
{
	const char *p[1] = {id};
	PGresult *r = run(q, ST_RELEASE, p);
	if (!r)
		return -1;
	PQclear(r);
	return 0;
}

int queue_wait(struct queue *q, int ms)
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
		fprintf(stderr, "webhooks: lost the database: %s", PQerrorMessage(q->conn));
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

size_t queue_split_array(const char *value, char *buf, size_t buflen, const char **out, size_t max)
{
	size_t len = strlen(value);
	if (len < 2 || value[0] != '{' || value[len - 1] != '}' || len - 1 > buflen)
		return 0;
	memcpy(buf, value + 1, len - 2);
	buf[len - 2] = '\0';
	size_t n = 0;
	char *save = NULL;
	for (char *tok = strtok_r(buf, ",", &save); tok && n < max; tok = strtok_r(NULL, ",", &save))
		out[n++] = tok;
	return n;
}
