/* conf.c: the one configuration file. */
#include "conf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CONFIG_MAX = 64 };
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

int config_load(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "fontaine: cannot read configuration %s\n", path);
		return -1;
	}
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
			fclose(f);
			return -1;
		}
		*eq = '\0';
		entries[n_entries].key = strdup(strip(s));
		entries[n_entries].value = strdup(strip(eq + 1));
		n_entries++;
	}
	fclose(f);
	return 0;
}

const char *config_get(const char *key, const char *def)
{
	for (size_t i = n_entries; i-- > 0;)
		if (strcmp(entries[i].key, key) == 0)
			return entries[i].value;
	return def;
}
