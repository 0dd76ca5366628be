/* migrate.h: fontaine-migrate's parts: the migrations (migrate.c) and the first administrator
 * (admin.c). */
#ifndef FT_MIGRATE_H
#define FT_MIGRATE_H
#include <libpq-fe.h>
#include <stdbool.h>

/* Clears r. Returns true when it succeeded; else prints what failed and returns false. */
bool sql_ok(PGconn *c, PGresult *r, const char *what);
/* Creates (or promotes) the administrator email with the password read from stdin. Returns
 * the exit status: 0, 1 (database, memory) or 2 (bad address or password). */
int create_admin(PGconn *c, const char *email, const char *first_name, const char *last_name);
#endif
