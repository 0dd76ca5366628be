/* migrate.c: applies schema/NNNN_*.sql (and schema/demo/ with --demo) in order, once each;
 * --create-admin EMAIL makes the first administrator (admin.c). */
#include "migrate.h"
#include "conf.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the sorted *.sql file names of dir (caller frees), or NULL. */
static char **list_sql(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char **names = NULL;
	size_t cap = 0;
	*n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".sql") != 0 || e->d_name[0] == '.')
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			names = realloc(names, cap * sizeof *names);
		}
		names[(*n)++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, *n, sizeof *names, cmp_names);
	return names;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)len + 1);
	if (fread(s, 1, (size_t)len, f) != (size_t)len) {
		fclose(f);
		free(s);
		return NULL;
	}
	s[len] = '\0';
	fclose(f);
	return s;
}

bool sql_ok(PGconn *c, PGresult *r, const char *what)
{
	ExecStatusType st = PQresultStatus(r);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		PQclear(r);
		return true;
	}
	fprintf(stderr, "migrate: %s: %s", what, PQerrorMessage(c));
	PQclear(r);
	return false;
}

/* Applies every file of dir not yet recorded under prefix. Returns the count, or -1. */
static int apply_dir(PGconn *c, const char *dir, const char *prefix)
{
	size_t n;
	char **names = list_sql(dir, &n);
	if (!names) {
		fprintf(stderr, "migrate: cannot read %s\n", dir);
		return -1;
	}
	int applied = 0;
	for (size_t i = 0; i < n && applied >= 0; i++) {
		char id[512], path[1024];
		snprintf(id, sizeof id, "%s%s", prefix, names[i]);
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		const char *p[1] = {id};
		PGresult *r = PQexecParams(c, "SELECT 1 FROM schema_migration WHERE name = $1", 1,
					   NULL, p, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			sql_ok(c, r, "lookup");
			applied = -1;
			break;
		}
		bool done = PQntuples(r) > 0;
		PQclear(r);
		if (done)
			continue;
		char *sql = read_file(path);
		if (!sql) {
			fprintf(stderr, "migrate: cannot read %s\n", path);
			applied = -1;
			break;
		}
		if (!sql_ok(c, PQexec(c, "BEGIN"), "begin") || !sql_ok(c, PQexec(c, sql), path) ||
		    !sql_ok(c, PQexecParams(c, "INSERT INTO schema_migration (name) VALUES ($1)", 1, NULL,
					p, NULL, NULL, 0), "record") ||
		    !sql_ok(c, PQexec(c, "COMMIT"), "commit")) {
			PQclear(PQexec(c, "ROLLBACK"));
			applied = -1;
		} else {
			printf("migrate: applied %s\n", id);
			applied++;
		}
		free(sql);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return applied;
}

static int usage(const char *prog)
{
	fprintf(stderr, "usage: %s -c CONFIG [--demo]\n"
			"       %s -c CONFIG --create-admin EMAIL [--first-name NAME] [--last-name NAME]"
			" < password\n", prog, prog);
	return 2;
}

int main(int argc, char **argv)
{
	const char *conf = NULL, *admin = NULL, *first = "Administrateur", *last = "Fontaine";
	bool demo = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			conf = argv[++i];
		else if (strcmp(argv[i], "--demo") == 0)
			demo = true;
		else if (strcmp(argv[i], "--create-admin") == 0 && i + 1 < argc)
			admin = argv[++i];
		else if (strcmp(argv[i], "--first-name") == 0 && i + 1 < argc)
			first = argv[++i];
		else if (strcmp(argv[i], "--last-name") == 0 && i + 1 < argc)
			last = argv[++i];
		else
			return usage(argv[0]);
	}
	if (!conf || (admin && demo))
		return usage(argv[0]);
	if (config_load(conf) < 0)
		return 2;
	const char *conninfo = config_get("db_migrate", NULL);
	if (!conninfo) {
		fprintf(stderr, "migrate: no db_migrate in the credentials of fontaine-migrate "
				"(credentials_dir/migrate.conf)\n");
		return 1;
	}
	PGconn *c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "migrate: %s", PQerrorMessage(c));
		PQfinish(c);
		return 1;
	}
	PQclear(PQexec(c, "SET client_min_messages = warning"));
	if (admin) {
		int rc = create_admin(c, admin, first, last);
		PQfinish(c);
		return rc;
	}
	/* One migration run at a time on this database. */
	if (!sql_ok(c, PQexec(c, "SELECT pg_advisory_lock(4242001)"), "lock") ||
	    !sql_ok(c, PQexec(c, "CREATE TABLE IF NOT EXISTS schema_migration ("
			     "name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"),
		"schema_migration")) {
		PQfinish(c);
		return 1;
	}
	const char *dir = config_get("schema_dir", SCHEMA_DIR);
	int n;
	if (demo) {
		char demo_dir[1024];
		snprintf(demo_dir, sizeof demo_dir, "%s/demo", dir);
		n = apply_dir(c, demo_dir, "demo/");
	} else {
		n = apply_dir(c, dir, "");
	}
	PQfinish(c);
	if (n < 0)
		return 1;
	printf("migrate: %d file(s) applied%s\n", n, demo ? " (demo data)" : "");
	return 0;
}
