/* tap.h: a tiny Test Anything Protocol helper for the C unit tests (header only).
 *
 * Each test program includes it once and ends with `return done_testing();`, which prints
 * the plan (when plan() was not called first) and returns non-zero when an assertion failed
 * or the number of assertions does not match the plan. Assertions between todo_start() and
 * todo_end() are TAP TODOs: a known bug, reported but not counted as a failure. */
#ifndef FT_TAP_H
#define FT_TAP_H
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static struct {
	int run, failed, planned;
	const char *todo;
} tap_state = {0, 0, -1, NULL};

#define TAP_UNUSED __attribute__((unused))

/* Declares the number of assertions up front (optional: done_testing() prints it otherwise). */
static TAP_UNUSED void plan(int n)
{
	tap_state.planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

/* Prints a diagnostic line ("# ...") on stdout, where the TAP driver keeps it in the log. */
static TAP_UNUSED __attribute__((format(printf, 1, 2))) void diag(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("# ", stdout);
	vprintf(fmt, ap);
	fputs("\n", stdout);
	va_end(ap);
	fflush(stdout);
}

/* Marks the next assertions as TODO (a known bug named by reason) until todo_end(). */
static TAP_UNUSED void todo_start(const char *reason)
{
	tap_state.todo = reason;
}

static TAP_UNUSED void todo_end(void)
{
	tap_state.todo = NULL;
}

static bool tap_vok(bool cond, const char *fmt, va_list ap)
{
	tap_state.run++;
	printf("%sok %d - ", cond ? "" : "not ", tap_state.run);
	/* '#' would start a directive in the description: TAP has no escape for it but '\#'. */
	char name[512];
	vsnprintf(name, sizeof name, fmt, ap);
	for (const char *p = name; *p; p++) {
		if (*p == '#')
			putchar('\\');
		putchar(*p == '\n' ? ' ' : *p);
	}
	if (tap_state.todo)
		printf(" # TODO %s", tap_state.todo);
	putchar('\n');
	if (!cond && !tap_state.todo)
		tap_state.failed++;
	fflush(stdout);
	return cond;
}

/* Returns cond; one TAP line named by the printf-style description. */
static TAP_UNUSED __attribute__((format(printf, 2, 3))) bool ok(bool cond, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bool r = tap_vok(cond, fmt, ap);
	va_end(ap);
	return r;
}

/* Prints s as a C string literal (so invisible bytes such as U+202F show up), or NULL. */
static void tap_quote(const char *s, size_t len)
{
	if (!s) {
		fputs("NULL", stdout);
		return;
	}
	putchar('"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			putchar(c);
		else
			printf("\\x%02x", c);
	}
	putchar('"');
}

/* Compares got[0..got_len) with want[0..want_len) byte for byte (NULL equals only NULL). */
static TAP_UNUSED bool tap_is_mem(const char *got, size_t got_len, const char *want,
				  size_t want_len, const char *fmt, va_list ap)
{
	bool same = (!got && !want) ||
		    (got && want && got_len == want_len && memcmp(got, want, got_len) == 0);
	tap_vok(same, fmt, ap);
	if (!same) {
		fputs("#      got: ", stdout);
		tap_quote(got, got_len);
		fputs("\n# expected: ", stdout);
		tap_quote(want, want_len);
		putchar('\n');
		fflush(stdout);
	}
	return same;
}

/* Returns true when the strings are equal (both may be NULL); prints both when they differ. */
static TAP_UNUSED __attribute__((format(printf, 3, 4))) bool is_str(const char *got,
								    const char *want,
								    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bool r = tap_is_mem(got, got ? strlen(got) : 0, want, want ? strlen(want) : 0, fmt, ap);
	va_end(ap);
	return r;
}

/* Like is_str for byte strings that may hold NULs. */
static TAP_UNUSED __attribute__((format(printf, 5, 6))) bool
is_mem(const char *got, size_t got_len, const char *want, size_t want_len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bool r = tap_is_mem(got, got_len, want, want_len, fmt, ap);
	va_end(ap);
	return r;
}

/* Returns true when got == want; prints both when they differ. */
static TAP_UNUSED __attribute__((format(printf, 3, 4))) bool is_int(long long got,
								    long long want,
								    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bool r = tap_vok(got == want, fmt, ap);
	va_end(ap);
	if (!r) {
		printf("#      got: %lld\n# expected: %lld\n", got, want);
		fflush(stdout);
	}
	return r;
}

/* Returns true when needle occurs in haystack (a NULL haystack contains nothing). */
static TAP_UNUSED __attribute__((format(printf, 3, 4))) bool contains(const char *haystack,
								      const char *needle,
								      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bool r = tap_vok(haystack && strstr(haystack, needle), fmt, ap);
	va_end(ap);
	if (!r) {
		fputs("#   in: ", stdout);
		tap_quote(haystack, haystack ? strlen(haystack) : 0);
		fputs("\n# want: ", stdout);
		tap_quote(needle, strlen(needle));
		putchar('\n');
		fflush(stdout);
	}
	return r;
}

/* Returns true when needle does not occur in haystack. */
static TAP_UNUSED __attribute__((format(printf, 3, 4))) bool lacks(const char *haystack,
								   const char *needle,
								   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bool r = tap_vok(haystack && !strstr(haystack, needle), fmt, ap);
	va_end(ap);
	if (!r) {
		fputs("#      in: ", stdout);
		tap_quote(haystack, haystack ? strlen(haystack) : 0);
		fputs("\n# unwanted: ", stdout);
		tap_quote(needle, strlen(needle));
		putchar('\n');
		fflush(stdout);
	}
	return r;
}

/* Prints the plan if none was given; returns the exit status: 0 when every assertion passed
 * (TODOs aside) and the count matches the plan, else 1. */
static TAP_UNUSED int done_testing(void)
{
	if (tap_state.planned < 0) {
		printf("1..%d\n", tap_state.run);
	} else if (tap_state.planned != tap_state.run) {
		diag("planned %d tests but ran %d", tap_state.planned, tap_state.run);
		return 1;
	}
	if (tap_state.run == 0) {
		diag("no test ran");
		return 1;
	}
	if (tap_state.failed)
		diag("failed %d of %d tests", tap_state.failed, tap_state.run);
	fflush(stdout);
	return tap_state.failed ? 1 : 0;
}
#endif
