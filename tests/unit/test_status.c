/* test_status.c: the reason phrase of every HTTP status the programs answer (http_status_text
 * in page.c, written in the Status line by server.c). The statuses are found in the sources
 * themselves (cgi/ ** / *.c: "return NNN;", "(req, NNN", "status = NNN;"), so a status added
 * to a handler without its phrase fails here instead of going out as "Internal Server Error". */
#include "page.h"
#include "tap.h"
#include <dirent.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	int status;
	const char *text;
} phrases[] = {
	{200, "OK"}, {201, "Created"}, {204, "No Content"}, {301, "Moved Permanently"}, {302, "Found"},
	{303, "See Other"}, {304, "Not Modified"}, {400, "Bad Request"}, {401, "Unauthorized"},
	{403, "Forbidden"}, {404, "Not Found"}, {405, "Method Not Allowed"}, {409, "Conflict"},
	{410, "Gone"}, {413, "Payload Too Large"}, {414, "URI Too Long"},
	{415, "Unsupported Media Type"}, {422, "Unprocessable Content"}, {429, "Too Many Requests"},
	{500, "Internal Server Error"}, {502, "Bad Gateway"}, {503, "Service Unavailable"},
};

static bool used[600];

static void scan_file(const char *path, regex_t *re)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char line[4096];
	while (fgets(line, sizeof line, f)) {
		regmatch_t m[3];
		for (const char *p = line; regexec(re, p, 3, m, 0) == 0; p += m[0].rm_eo) {
			int s = atoi(p + m[2].rm_so);
			if (s >= 100 && s < 600)
				used[s] = true;
		}
	}
	fclose(f);
}

static void scan_dir(const char *dir, regex_t *re, int *files)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		size_t n = strlen(e->d_name);
		if (n > 2 && strcmp(e->d_name + n - 2, ".c") == 0) {
			scan_file(path, re);
			(*files)++;
		} else if (!strchr(e->d_name, '.')) {
			scan_dir(path, re, files);
		}
	}
	closedir(d);
}

int main(void)
{
	for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++)
		is_str(http_status_text(phrases[i].status), phrases[i].text, "%d %s", phrases[i].status,
		       phrases[i].text);
	is_str(http_status_text(599), "Internal Server Error", "an unknown status reads as a 500");

	regex_t re;
	if (!ok(regcomp(&re, "(return |\\(req, |status = )([1-5][0-9][0-9])[;,)]", REG_EXTENDED) == 0,
		"the pattern compiles"))
		return done_testing();
	int files = 0;
	scan_dir(UNIT_SRC_DIR "/cgi", &re, &files);
	regfree(&re);
	ok(files > 20, "the programs' sources were read (%d files)", files);
	ok(used[410] && used[422] && used[303], "410, 422 and 303 are among the statuses found");
	for (int s = 200; s < 600; s++) {
		if (!used[s])
			continue;
		bool known = false;
		for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++)
			known |= phrases[i].status == s;
		ok(known && (s == 500 || strcmp(http_status_text(s), "Internal Server Error") != 0),
		   "status %d used in cgi/ has its own reason phrase (%s)", s, http_status_text(s));
	}
	return done_testing();
}
