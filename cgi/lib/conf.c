/* conf.c: the main configuration file (no secrets) and the running program's own credentials.
 *
 * The main file (-c, readable by every program) may not hold a credential: db_* connection
 * strings, smtp_user and smtp_password live in one file per program, <name>.conf, found in
 * $CREDENTIALS_DIRECTORY (systemd's LoadCredential=) or else in the main file's
 * credentials_dir. A credential file that others may read, or that someone else owns, stops
 * the program at start-up. A file named secret in $CREDENTIALS_DIRECTORY is the secret_file. */
#include "conf.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { CONFIG_MAX = 96 };
static struct {
	char *key, *value;
} entries[CONFIG_MAX];
static size_t n_entries;

static char *strip(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && strchr(" \t\r\n", s[n - 1]))
		s[--n] = '\0';
	return s;
}

int config_is_credential(const char *key)
{
	return strncmp(key, "db_", 3) == 0 || strcmp(key, "smtp_user") == 0 ||
	       strcmp(key, "smtp_password") == 0;
}

/* Reads the key = value lines of f (named path). credentials: the file is a credential file
 * (any key), else the main file (no credential key). Returns 0 or -1 with a message. */
static int read_lines(FILE *f, const char *path, int credentials)
{
	char line[4096];
	int lineno = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		char *s = strip(line);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq || n_entries == CONFIG_MAX) {
			fprintf(stderr, "fontaine: %s:%d: expected key = value\n", path, lineno);
			return -1;
		}
		*eq = '\0';
		char *key = strip(s);
		if (!credentials && config_is_credential(key)) {
			fprintf(stderr, "fontaine: %s:%d: %s is a credential: it belongs in the program's own "
					"credential file (credentials_dir/<program>.conf, see fontaine.conf(5)), "
					"not in the main file\n", path, lineno, key);
			return -1;
		}
		entries[n_entries].key = strdup(key);
		entries[n_entries].value = strdup(strip(eq + 1));
		n_entries++;
	}
	return 0;
}

/* Loads the credential file path, which must be a regular file owned by this user (or root)
 * that neither others nor its group may write, nor others read. Returns 0, 1 when it does not
 * exist, or -1 with a message. */
static int load_credentials(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT)
			return 1;
		fprintf(stderr, "fontaine: cannot read credentials %s: %s\n", path, strerror(errno));
		return -1;
	}
	struct stat st;
	int rc = -1;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode))
		fprintf(stderr, "fontaine: credentials %s: not a regular file\n", path);
	else if (st.st_mode & (S_IROTH | S_IWOTH | S_IXOTH | S_IWGRP))
		fprintf(stderr, "fontaine: credentials %s: mode %03o lets others read or change it: "
				"chmod 600 (or 640 for the program's group) %s\n",
			path, (unsigned)(st.st_mode & 0777), path);
	else if (st.st_uid != geteuid() && st.st_uid != 0)
		fprintf(stderr, "fontaine: credentials %s: owned by uid %ld, neither this user nor root\n",
			path, (long)st.st_uid);
	else
		rc = read_lines(f, path, 1);
	fclose(f);
	return rc;
}

/* The program's name from the executable: fontaine-site (or libtool's lt-fontaine-site) is
 * "site"; NULL for anything else. */
static const char *program_name(void)
{
	const char *n = program_invocation_short_name;
	if (strncmp(n, "lt-", 3) == 0)
		n += 3;
	if (strncmp(n, "fontaine-", 9) != 0 || !n[9])
		return NULL;
	return n + 9;
}

int config_load_as(const char *path, const char *name)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "fontaine: cannot read configuration %s\n", path);
		return -1;
	}
	int rc = read_lines(f, path, 0);
	fclose(f);
	if (rc < 0 || !name)
		return rc;
	if (strchr(name, '/') || name[0] == '.') {
		fprintf(stderr, "fontaine: bad program name %s\n", name);
		return -1;
	}
	char file[4096];
	const char *sd = getenv("CREDENTIALS_DIRECTORY");
	if (sd && *sd) {
		/* LoadCredential=secret:... hands the program the shared secret too. */
		snprintf(file, sizeof file, "%s/secret", sd);
		if (access(file, F_OK) == 0 && n_entries < CONFIG_MAX) {
			entries[n_entries].key = strdup("secret_file");
			entries[n_entries].value = strdup(file);
			n_entries++;
		}
		snprintf(file, sizeof file, "%s/%s.conf", sd, name);
		rc = load_credentials(file);
		if (rc <= 0)
			return rc;
	}
	const char *dir = config_get("credentials_dir", NULL);
	if (!dir)
		return 0; /* no credentials: the program says which key it lacks */
	snprintf(file, sizeof file, "%s/%s.conf", dir, name);
	rc = load_credentials(file);
	if (rc == 1) {
		fprintf(stderr, "fontaine: no credential file %s for %s\n", file, name);
		return -1;
	}
	return rc;
}

int config_load(const char *path)
{
	return config_load_as(path, program_name());
}

const char *config_get(const char *key, const char *def)
{
	for (size_t i = n_entries; i-- > 0;)
		if (strcmp(entries[i].key, key) == 0)
			return entries[i].value;
	return def;
}

void config_reset(void)
{
	for (size_t i = 0; i < n_entries; i++) {
		free(entries[i].key);
		free(entries[i].value);
	}
	n_entries = 0;
}
