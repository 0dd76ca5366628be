/* db.c: the worker's PostgreSQL connection and its prepared statements. */
#include "db.h"
#include "conf.h"
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct db {
	PGconn *conn;
	char *conninfo;
	char options[256];       /* -c statement_timeout=... -c lock_timeout=... */
	char connect_timeout[16];
	const struct db_stmt *stmts;
	int n;
	bool prepared;
	struct timespec last_try;
	/* A session setting the connection must always carry (the connection's space): statement
	 * setting_id with setting_value, run again after each reconnect before anything else.
	 * setting_applied: this connection has it ("" needs nothing on a new connection). */
	int setting_id;
	char setting_value[32];
	bool setting_applied;
	/* db_listen: the channel LISTENed to on each connection to a primary (a standby takes no
	 * LISTEN and receives no NOTIFY), whether this connection does, and the count of
	 * notifications and (re)connects seen (db_notify_seq). */
	char channel[64];
	bool listening;
	unsigned long notify_seq;
};

/* Round trips to the server since db_round_trips_reset: each statement sent and waited for,
 * each pipeline (however many statements it carries), each prepare of a (re)connect. */
static unsigned long round_trips;

unsigned long db_round_trips(void)
{
	return round_trips;
}

void db_round_trips_reset(void)
{
	round_trips = 0;
}

/* Runs the kept session setting on the connection. Returns false when it failed. */
static bool apply_setting(struct db *db)
{
	if (db->setting_applied)
		return true;
	const char *params[1] = {db->setting_value};
	round_trips++;
	PGresult *r = PQexecPrepared(db->conn, db->stmts[db->setting_id].name, 1, params, NULL,
				     NULL, 0);
	bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "db: cannot run %s: %s", db->stmts[db->setting_id].name,
			PQerrorMessage(db->conn));
	PQclear(r);
	db->setting_applied = ok;
	return ok;
}

static bool prepare_all(struct db *db)
{
	for (int i = 0; i < db->n; i++) {
		round_trips++;
		PGresult *r = PQprepare(db->conn, db->stmts[i].name, db->stmts[i].sql,
					db->stmts[i].nparams, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			fprintf(stderr, "db: cannot prepare %s: %s", db->stmts[i].name,
				PQerrorMessage(db->conn));
			PQclear(r);
			return false;
		}
		PQclear(r);
	}
	return true;
}

/* Returns false when the server has closed an idle connection: its last message and the
 * end of the stream are read without blocking, which marks the connection bad. */
static bool still_open(PGconn *conn)
{
	struct pollfd p = {.fd = PQsocket(conn), .events = POLLIN};
	for (int i = 0; i < 4 && poll(&p, 1, 0) > 0; i++)
		if (!PQconsumeInput(conn))
			return false;
	return PQstatus(conn) == CONNECTION_OK;
}

/* On a new connection: LISTEN to the channel of db_listen, unless the server is a standby
 * (in_hot_standby, reported by PostgreSQL 14 and later at connection; a server that does not
 * report it is asked nothing and not listened to). The count moves in any case: whatever
 * the caller kept from the old connection's notifications is to be read again. */
static void listen_start(struct db *db)
{
	db->notify_seq++;
	db->listening = false;
	if (!db->channel[0] || !db->prepared)
		return;
	const char *standby = PQparameterStatus(db->conn, "in_hot_standby");
	if (!standby || strcmp(standby, "off") != 0)
		return;
	char *id = PQescapeIdentifier(db->conn, db->channel, strlen(db->channel));
	if (!id)
		return;
	char sql[96];
	snprintf(sql, sizeof sql, "LISTEN %s", id);
	PQfreemem(id);
	round_trips++;
	PGresult *r = PQexec(db->conn, sql);
	db->listening = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!db->listening)
		fprintf(stderr, "db: cannot %s: %s", sql, PQerrorMessage(db->conn));
	PQclear(r);
}

void db_listen(struct db *db, const char *channel)
{
	if (!db || strlen(channel) >= sizeof db->channel)
		abort();
	snprintf(db->channel, sizeof db->channel, "%s", channel);
	if (db->conn && PQstatus(db->conn) == CONNECTION_OK && db->prepared && !db->listening)
		listen_start(db);
}

unsigned long db_notify_seq(struct db *db)
{
	if (!db || !db->conn || !db->listening || PQstatus(db->conn) != CONNECTION_OK)
		return 0;
	/* Between requests the connection is idle: what the server sent since (notifications) is
	 * read without waiting. A connection the server closed (its last message, then the end of
	 * the stream: still_open) tells nothing: the caller reads, and meets the outage. */
	if (!still_open(db->conn))
		return 0;
	for (PGnotify *n; (n = PQnotifies(db->conn)) != NULL;) {
		db->notify_seq++;
		PQfreemem(n);
	}
	return db->notify_seq;
}

/* Returns true when the connection is up and prepared, (re)connecting if needed, and (with
 * setting) carries the kept session setting. */
static bool ensure_with(struct db *db, bool setting)
{
	/* A server that went away (restart, idle timeout) closed the socket: reading what it
	 * left tells libpq so before a statement is sent, so a write is not lost in between. */
	if (db->conn && PQstatus(db->conn) == CONNECTION_OK && db->prepared && still_open(db->conn))
		return !setting || apply_setting(db);
	if (db->conn && PQstatus(db->conn) != CONNECTION_OK)
		db->last_try.tv_sec = 0; /* just found dead: reconnect at once */
	/* Do not hammer a database that is down: one attempt per 200 ms per worker. */
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (now.tv_sec - db->last_try.tv_sec) * 1000 +
		  (now.tv_nsec - db->last_try.tv_nsec) / 1000000;
	if (db->last_try.tv_sec && ms < 200 && ms >= 0)
		return false;
	db->last_try = now;
	if (db->conn)
		PQfinish(db->conn);
	db->prepared = false;
	db->listening = false;
	/* Ours first: what the program's connection string says itself wins (expand_dbname). */
	const char *const keys[] = {"connect_timeout", "options", "dbname", NULL};
	const char *const values[] = {db->connect_timeout, db->options, db->conninfo, NULL};
	round_trips++;
	db->conn = PQconnectdbParams(keys, values, 1);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		fprintf(stderr, "db: cannot connect: %s", PQerrorMessage(db->conn));
		return false;
	}
	PQsetClientEncoding(db->conn, "UTF8");
	db->prepared = prepare_all(db);
	listen_start(db);
	if (db->prepared)
		db->last_try.tv_sec = 0;
	/* A new connection has no setting: the default ("") needs nothing. */
	db->setting_applied = db->setting_id < 0 || db->setting_value[0] == '\0';
	return db->prepared && (!setting || apply_setting(db));
}

static bool ensure(struct db *db)
{
	return ensure_with(db, true);
}

/* Returns the configuration's value for key when it is a PostgreSQL duration ("5s", "500ms",
 * "0" for none), else def (after a message). */
static const char *duration(const char *key, const char *def)
{
	const char *v = config_get(key, def);
	size_t digits = strspn(v, "0123456789");
	bool ok = digits > 0 && digits < 10 &&
		  (v[digits] == '\0' || strcmp(v + digits, "ms") == 0 || strcmp(v + digits, "s") == 0 ||
		   strcmp(v + digits, "min") == 0);
	if (!ok) {
		fprintf(stderr, "db: %s = %s is not a duration (like 5s or 500ms): using %s\n", key, v,
			def);
		return def;
	}
	return v;
}

static bool worker_limits;

void db_worker_limits(void)
{
	worker_limits = true;
}

struct db *db_open(const char *conninfo, const struct db_stmt *stmts, int n)
{
	struct db *db = calloc(1, sizeof *db);
	if (!db)
		abort();
	/* A held lock or a runaway query must not pin a worker: past these, the statement
	 * fails (SQLSTATE 55P03 or 57014) and the user gets the French 503 page. A command
	 * (fontaine-invoicectl) has nobody waiting on it: it may run long queries (verifying
	 * years of invoices) and wait longer for a lock. */
	if (worker_limits)
		snprintf(db->options, sizeof db->options,
			 "-c statement_timeout=%s -c lock_timeout=%s "
			 "-c idle_in_transaction_session_timeout=%s",
			 duration("statement_timeout", DB_STATEMENT_TIMEOUT),
			 duration("lock_timeout", DB_LOCK_TIMEOUT),
			 duration("idle_in_transaction_timeout", DB_IDLE_IN_TRANSACTION_TIMEOUT));
	else
		snprintf(db->options, sizeof db->options,
			 "-c statement_timeout=%s -c lock_timeout=%s "
			 "-c idle_in_transaction_session_timeout=%s",
			 duration("batch_statement_timeout", DB_BATCH_STATEMENT_TIMEOUT),
			 duration("batch_lock_timeout", DB_BATCH_LOCK_TIMEOUT),
			 duration("idle_in_transaction_timeout", DB_IDLE_IN_TRANSACTION_TIMEOUT));
	const char *ct = config_get("connect_timeout", DB_CONNECT_TIMEOUT);
	if (!*ct || strspn(ct, "0123456789") != strlen(ct) || strlen(ct) > 4) {
		fprintf(stderr, "db: connect_timeout = %s is not a number of seconds: using %s\n", ct,
			DB_CONNECT_TIMEOUT);
		ct = DB_CONNECT_TIMEOUT;
	}
	snprintf(db->connect_timeout, sizeof db->connect_timeout, "%s", ct);
	db->conninfo = strdup(conninfo);
	db->stmts = stmts;
	db->n = n;
	db->setting_id = -1;
	db->setting_applied = true;
	ensure(db);
	return db;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	if (db->conn)
		PQfinish(db->conn);
	free(db->conninfo);
	free(db);
}

int db_session_setting(struct db *db, int id, const char *value)
{
	if (id < 0 || id >= db->n || db->stmts[id].nparams != 1 || strlen(value) >= sizeof db->setting_value)
		abort();
	if (db->setting_id == id && strcmp(db->setting_value, value) == 0 && db->setting_applied)
		return 0;
	if (db->setting_id != id && db->setting_id >= 0)
		abort(); /* one kept setting per connection */
	db->setting_id = id;
	snprintf(db->setting_value, sizeof db->setting_value, "%s", value);
	db->setting_applied = false;
	return 0; /* run before the next statement, in its round trip when it is a pipeline's */
}

void db_session_setting_redo(struct db *db)
{
	db->setting_applied = db->setting_id < 0;
}

bool db_connected(struct db *db)
{
	return ensure(db);
}

/* The last error db_exec did not log because the caller may expect it (a constraint error a
 * handler turns into a French message, a rate limit): logged by db_log_unexpected. */
static char pending[1024];

/* Keeps the error of statement name in pending, on one line with its constraint and detail
 * (what a failed erasure needs to be understood). */
static void keep_pending(const char *name, const char *state, const PGresult *r)
{
	const char *primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	const char *detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
	const char *constraint = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
	snprintf(pending, sizeof pending, "db: %s failed: SQLSTATE %s%s%s: %s%s%s\n", name, state,
		 constraint ? ", constraint " : "", constraint ? constraint : "",
		 primary ? primary : "?", detail ? "; " : "", detail ? detail : "");
	for (char *p = pending; *p; p++)
		if (*p == '\n' && p[1])
			*p = ' ';
}

void db_log_unexpected(void)
{
	if (pending[0])
		fprintf(stderr, "%s", pending);
	pending[0] = '\0';
}

void db_forget_error(void)
{
	pending[0] = '\0';
}

PGresult *db_exec(struct db *db, int id, const char *const *params, const char **sqlstate)
{
	static const char unreachable[] = "08006";
	*sqlstate = NULL;
	if (id < 0 || id >= db->n)
		abort();
	for (int attempt = 0; attempt < 2; attempt++) {
		if (!ensure(db)) {
			*sqlstate = unreachable;
			return NULL;
		}
		round_trips++;
		PGresult *r = PQexecPrepared(db->conn, db->stmts[id].name, db->stmts[id].nparams,
					     params, NULL, NULL, 0);
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
			return r;
		if (PQstatus(db->conn) == CONNECTION_BAD) {
			/* Lost connection: reconnect, and re-send only what is safe to repeat. */
			PQclear(r);
			db->prepared = false;
			db->last_try.tv_sec = 0;
			if (!db->stmts[id].retry_safe) {
				*sqlstate = unreachable;
				return NULL;
			}
			continue;
		}
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		static __thread char keep[6];
		snprintf(keep, sizeof keep, "%s", state ? state : "XX000");
		*sqlstate = keep;
		if (strcmp(keep, SQLSTATE_RATE_LIMITED) == 0 || strncmp(keep, "23", 2) == 0)
			keep_pending(db->stmts[id].name, keep, r);
		else
			fprintf(stderr, "db: %s failed: %s", db->stmts[id].name,
				PQresultErrorMessage(r));
		PQclear(r);
		return NULL;
	}
	*sqlstate = unreachable;
	return NULL;
}

int db_command(struct db *db, const char *sql)
{
	if (!ensure(db))
		return -1;
	round_trips++;
	PGresult *r = PQexec(db->conn, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
	PQclear(r);
	return ok;
}

/* Reads what is left of a pipeline up to its sync (after an error or a lost connection), so
 * the connection is back in its normal state. Returns false when the connection is lost. */
static bool pipeline_drain(PGconn *conn)
{
	for (int guard = 0; guard < 10000; guard++) {
		PGresult *r = PQgetResult(conn);
		if (!r) {
			if (PQstatus(conn) == CONNECTION_BAD)
				return false;
			continue;
		}
		ExecStatusType st = PQresultStatus(r);
		PQclear(r);
		if (st == PGRES_PIPELINE_SYNC)
			return true;
		if (PQstatus(conn) == CONNECTION_BAD)
			return false;
	}
	return false;
}

int db_exec_pipeline(struct db *db, int n, const int *ids, const char *const *const *params,
		     PGresult **out)
{
	for (int i = 0; i < n; i++) {
		out[i] = NULL;
		if (ids[i] < 0 || ids[i] >= db->n)
			abort();
	}
	if (n == 0)
		return 0;
	if (!ensure_with(db, false))
		return -1;
	if (!PQenterPipelineMode(db->conn))
		return -1;
	round_trips++;
	/* The kept setting, when this connection does not carry it yet, goes first in the same
	 * round trip (nothing after it runs when it fails). */
	bool setting = !db->setting_applied;
	bool sent = true;
	if (setting) {
		const char *sp[1] = {db->setting_value};
		sent = PQsendQueryPrepared(db->conn, db->stmts[db->setting_id].name, 1, sp, NULL, NULL,
					   0) == 1;
	}
	for (int i = 0; i < n && sent; i++)
		sent = PQsendQueryPrepared(db->conn, db->stmts[ids[i]].name, db->stmts[ids[i]].nparams,
					   params[i], NULL, NULL, 0) == 1;
	if (!sent || !PQpipelineSync(db->conn)) {
		/* Half a pipeline went out: the connection is in doubt, the next use opens another. */
		db->prepared = false;
		db->last_try.tv_sec = 0;
		return -1;
	}
	int ok = 0;
	bool lost = false;
	if (setting) {
		PGresult *r = PQgetResult(db->conn);
		db->setting_applied = r && PQresultStatus(r) == PGRES_TUPLES_OK;
		if (r && !db->setting_applied)
			fprintf(stderr, "db: cannot run %s: %s", db->stmts[db->setting_id].name,
				PQresultErrorMessage(r));
		PQclear(r);
		PGresult *end = r ? PQgetResult(db->conn) : NULL;
		if (end)
			PQclear(end);
		lost = !r || PQstatus(db->conn) == CONNECTION_BAD;
	}
	for (int i = 0; i < n && !lost; i++) {
		PGresult *r = PQgetResult(db->conn);
		if (!r) {
			lost = true;
			break;
		}
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
			out[i] = r;
			ok++;
		} else {
			PQclear(r);
		}
		/* Each statement's results end with a NULL. */
		PGresult *end = PQgetResult(db->conn);
		if (end) {
			PQclear(end);
			lost = PQstatus(db->conn) == CONNECTION_BAD;
		}
	}
	if (lost || !pipeline_drain(db->conn) || !PQexitPipelineMode(db->conn)) {
		db->prepared = false;
		db->last_try.tv_sec = 0;
	}
	return ok;
}
