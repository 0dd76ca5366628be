/* db.h: one PostgreSQL connection per worker, statements prepared once per connection. */
#ifndef FT_DB_H
#define FT_DB_H
#include <stdbool.h>
#include <libpq-fe.h>

struct db_stmt {
	const char *name;
	const char *sql;
	int nparams;
	bool retry_safe; /* reads, or writes made idempotent by a key: may be re-sent */
};

/* SQLSTATEs our own functions raise (see schema/). */
#define SQLSTATE_RATE_LIMITED "FT429"
#define SQLSTATE_UNIQUE "23505"

/* Time limits set on every connection, from the configuration keys statement_timeout,
 * lock_timeout, idle_in_transaction_timeout (PostgreSQL durations: "30s", "500ms", "0" for
 * none) and connect_timeout (seconds), with these defaults. They are for the FastCGI workers
 * (db_worker_limits); a command such as fontaine-invoicectl gets batch_statement_timeout and
 * batch_lock_timeout instead. schema/0013_timeouts.sql gives the program roles the workers'
 * limits, for every other client. A connection string's own options= replaces these. */
#define DB_STATEMENT_TIMEOUT "60s"
#define DB_LOCK_TIMEOUT "5s"
#define DB_IDLE_IN_TRANSACTION_TIMEOUT "30s"
#define DB_CONNECT_TIMEOUT "5"
#define DB_BATCH_STATEMENT_TIMEOUT "0"
#define DB_BATCH_LOCK_TIMEOUT "60s"

struct db;

/* Opens the worker's connection with conninfo and prepares stmts (kept for reconnects).
 * A failure is not fatal: the next db_exec tries again. */
struct db *db_open(const char *conninfo, const struct db_stmt *stmts, int n);
/* Makes the connections opened from now on use the workers' time limits (server_main). */
void db_worker_limits(void);
void db_close(struct db *db);
/* Runs prepared statement id with text parameters (NULL = SQL NULL). Returns a result that
 * is PGRES_TUPLES_OK or PGRES_COMMAND_OK, or NULL: then *sqlstate says why ("08006" when
 * the database cannot be reached; the caller answers 503). The result is freed by the
 * request (db_exec_req) or by the caller (PQclear). */
PGresult *db_exec(struct db *db, int id, const char *const *params, const char **sqlstate);
/* A constraint error (class 23) or a rate limit (FT429) is not logged by db_exec: the
 * handler may expect it and answer with a French message. db_log_unexpected logs the last
 * one kept (req_db_error calls it: the handler did not expect it); db_forget_error drops it
 * (at the start of each request). */
void db_log_unexpected(void);
void db_forget_error(void);
/* Runs plain SQL with no parameters (BEGIN, COMMIT, ROLLBACK only). Returns 0 or -1. */
int db_command(struct db *db, const char *sql);
bool db_connected(struct db *db);
/* Sends statements ids[0..n) (read-only ones: they run as one implicit transaction) with
 * params[i] in one pipeline, one round trip, and puts each one's result into out[i]: a
 * PGRES_TUPLES_OK or PGRES_COMMAND_OK result the caller frees, or NULL when it failed (nothing
 * is logged: running it again with db_exec gives its error). Returns how many succeeded, or -1
 * when nothing could be sent. */
int db_exec_pipeline(struct db *db, int n, const int *ids, const char *const *const *params,
		     PGresult **out);
/* The round trips to the database since the last reset (the worker resets it before each
 * request and logs it after; tests read it there). */
unsigned long db_round_trips(void);
void db_round_trips_reset(void);
/* Makes every connection of db to a primary LISTEN to channel (now, and after each reconnect;
 * a standby receives no NOTIFY, so a connection to one does not listen). */
void db_listen(struct db *db, const char *channel);
/* A number that moves with each notification received on db's channel and with each new
 * connection, read without waiting (between statements); 0 when the connection does not
 * listen (a standby, no db_listen, the database away): then nothing can be told from it.
 * A caller that read the data the channel speaks of while the number was N may keep it for
 * as long as the number stays N. */
unsigned long db_notify_seq(struct db *db);
/* Makes statement id (one parameter: value) a setting the connection always carries: run
 * before the next statement unless it already ran with value on this connection (first in the
 * same round trip when the next is a pipeline, db_exec_pipeline), and again after every
 * reconnect, before any other statement (a statement never runs without it: when it fails,
 * that statement fails). A new connection counts as having value "". Returns 0. */
int db_session_setting(struct db *db, int id, const char *value);
/* Makes the next statement run the kept setting again first (after a statement that may have
 * changed what it sets). */
void db_session_setting_redo(struct db *db);
#endif
