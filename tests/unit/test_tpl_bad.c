/* test_tpl_bad.c: unit tests of tpl.cc start-up checks: templates that fail to load or parse.
 * A separate program from test_tpl.c, whose tpl_init freezes the template cache. */
#include "tpl.h"
#include "tap.h"
#include <unistd.h>

#ifndef UNIT_TEMPLATE_DIR
#error "UNIT_TEMPLATE_DIR must name tests/unit/templates"
#endif

/* bad must fail for its content: the fixture must exist unless the test is about a missing
 * file (a fixture left out of the distribution would otherwise pass as "missing"). */
static void expect_failure(const char *bad, const char *what, bool exists)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", UNIT_TEMPLATE_DIR, bad);
	ok((access(path, R_OK) == 0) == exists, "fixture %s %s", bad, exists ? "exists" : "is absent");
	const char *names[] = {"inc.tpl", bad};
	char err[512] = "";
	is_int(tpl_init(UNIT_TEMPLATE_DIR, names, 2, err, sizeof err), -1, "tpl_init fails on %s",
	       what);
	contains(err, bad, "its message names %s", bad);
	contains(err, "does not load or parse", "its message says why (%s)", bad);
}

int main(void)
{
	expect_failure("unclosed.tpl", "a section that is never closed", true);
	expect_failure("badmod.tpl", "an unknown modifier", true);
	expect_failure("unquoted.tpl", "an unquoted href under auto-escape", true);
	expect_failure("absent.tpl", "a missing file", false);
	/* The failures above must come from the templates, not from the directory. */
	const char *good[] = {"inc.tpl"};
	char err[512] = "";
	int rc = tpl_init(UNIT_TEMPLATE_DIR, good, 1, err, sizeof err);
	if (!is_int(rc, 0, "control: tpl_init loads a good template from the same directory"))
		diag("%s", err);
	return done_testing();
}
