/* admin.c: fontaine-migrate --create-admin EMAIL: the first administrator account (or an
 * existing account made administrator, with a new password), the password read from stdin. */
#include "migrate.h"
#include "fields.h"
#include "session.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* $1 email, $2 first name, $3 last name, $4 Argon2id hash. An existing account (same address,
 * whatever its case) becomes an active administrator with this password. */
static const char sql_admin_upsert[] =
	"INSERT INTO person (email, first_name, last_name, profile, role, status, password_hash, "
	"email_verified_at) VALUES ($1, $2, $3, 'autre', 'admin', 'active', $4, now()) "
	"ON CONFLICT ((lower(email))) DO UPDATE SET role = 'admin', status = 'active', "
	"password_hash = EXCLUDED.password_hash, "
	"email_verified_at = coalesce(person.email_verified_at, now()) "
	"RETURNING id, (xmax = 0)::int AS created";
enum { ADMIN_ID, ADMIN_CREATED };
/* $1 person id: a new password ends the account's sessions. */
static const char sql_admin_sessions[] = "DELETE FROM session WHERE person_id = $1::bigint";

/* Reads one line of at most cap-1 bytes from stdin into buf, without its newline; with a
 * terminal, prompts on stderr and does not echo. Returns false at end of input. */
static bool read_password(const char *prompt, char *buf, size_t cap)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		fputs(prompt, stderr);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	bool got = fgets(buf, (int)cap, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!got)
		return false;
	buf[strcspn(buf, "\r\n")] = '\0';
	return true;
}

int create_admin(PGconn *c, const char *email, const char *first_name, const char *last_name)
{
	const char *why = valid_email(email);
	if (why) {
		fprintf(stderr, "fontaine-migrate: %s : %s\n", email, why);
		return 2;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "fontaine-migrate: libsodium ne s’initialise pas\n");
		return 1;
	}
	char pw[512], again[512];
	if (!read_password("Mot de passe de l’administrateur : ", pw, sizeof pw)) {
		fprintf(stderr, "fontaine-migrate: aucun mot de passe sur l’entrée standard\n");
		return 2;
	}
	if (isatty(STDIN_FILENO)) {
		if (!read_password("Le même mot de passe, encore : ", again, sizeof again) ||
		    strcmp(pw, again) != 0) {
			fprintf(stderr, "fontaine-migrate: les deux mots de passe diffèrent\n");
			sodium_memzero(pw, sizeof pw);
			return 2;
		}
		sodium_memzero(again, sizeof again);
	}
	if ((why = password_weak(pw, email))) {
		fprintf(stderr, "fontaine-migrate: %s\n", why);
		sodium_memzero(pw, sizeof pw);
		return 2;
	}
	char hash[crypto_pwhash_STRBYTES];
	int rc = password_hash(pw, hash, sizeof hash);
	sodium_memzero(pw, sizeof pw);
	if (rc != 0) {
		fprintf(stderr, "fontaine-migrate: le mot de passe n’a pas pu être chiffré (mémoire)\n");
		return 1;
	}
	const char *p[4] = {email, first_name, last_name, hash};
	if (!sql_ok(c, PQexec(c, "BEGIN"), "begin"))
		return 1;
	PGresult *r = PQexecParams(c, sql_admin_upsert, 4, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		sql_ok(c, r, "create-admin");
		PQclear(PQexec(c, "ROLLBACK"));
		return 1;
	}
	const char *id[1] = {PQgetvalue(r, 0, ADMIN_ID)};
	bool created = strcmp(PQgetvalue(r, 0, ADMIN_CREATED), "1") == 0;
	char person[32];
	snprintf(person, sizeof person, "%s", id[0]);
	PQclear(r);
	if (!sql_ok(c, PQexecParams(c, sql_admin_sessions, 1, NULL, id, NULL, NULL, 0), "sessions") ||
	    !sql_ok(c, PQexec(c, "COMMIT"), "commit")) {
		PQclear(PQexec(c, "ROLLBACK"));
		return 1;
	}
	printf(created ? "fontaine-migrate: compte administrateur %s créé (n° %s)\n"
		       : "fontaine-migrate: le compte %s (n° %s) est administrateur, avec ce nouveau mot de passe\n",
	       email, person);
	return 0;
}
