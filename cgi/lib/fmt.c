/* fmt.c: French formatting of money, dates and times. */
#include "fmt.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const fmt_weekday_names[7] = {"lundi", "mardi", "mercredi", "jeudi",
					  "vendredi", "samedi", "dimanche"};
const char *const fmt_month_names[12] = {"janvier", "février", "mars", "avril",
					 "mai", "juin", "juillet", "août",
					 "septembre", "octobre", "novembre", "décembre"};

void fmt_init_timezone(void)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
}

const char *fmt_money(char out[FMT_MAX], int64_t cents)
{
	char digits[32];
	uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	snprintf(digits, sizeof digits, "%" PRIu64, v / 100);
	size_t nd = strlen(digits);
	size_t o = 0;
	if (cents < 0)
		out[o++] = '-';
	for (size_t i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0) {
			memcpy(out + o, FMT_NNBSP, 3);
			o += 3;
		}
		out[o++] = digits[i];
	}
	snprintf(out + o, FMT_MAX - o, ",%02u" FMT_NBSP "€", (unsigned)(v % 100));
	return out;
}

static void local_tm(time_t t, struct tm *tm)
{
	localtime_r(&t, tm);
}

const char *fmt_date_long(char out[FMT_MAX], time_t t)
{
	struct tm tm;
	local_tm(t, &tm);
	snprintf(out, FMT_MAX, "%s %d%s %s %d", fmt_weekday_names[(tm.tm_wday + 6) % 7],
		 tm.tm_mday, tm.tm_mday == 1 ? "er" : "", fmt_month_names[tm.tm_mon],
		 tm.tm_year + 1900);
	return out;
}

const char *fmt_date(char out[FMT_MAX], time_t t)
{
	struct tm tm;
	local_tm(t, &tm);
	snprintf(out, FMT_MAX, "%d%s %s %d", tm.tm_mday, tm.tm_mday == 1 ? "er" : "",
		 fmt_month_names[tm.tm_mon], tm.tm_year + 1900);
	return out;
}

const char *fmt_time(char out[FMT_MAX], time_t t)
{
	struct tm tm;
	local_tm(t, &tm);
	if (tm.tm_min)
		snprintf(out, FMT_MAX, "%d" FMT_NBSP "h" FMT_NBSP "%02d", tm.tm_hour, tm.tm_min);
	else
		snprintf(out, FMT_MAX, "%d" FMT_NBSP "h", tm.tm_hour);
	return out;
}

const char *fmt_month(char out[FMT_MAX], time_t t)
{
	struct tm tm;
	local_tm(t, &tm);
	snprintf(out, FMT_MAX, "%s %d", fmt_month_names[tm.tm_mon], tm.tm_year + 1900);
	return out;
}

const char *fmt_iso_date(char out[FMT_MAX], time_t t)
{
	struct tm tm;
	local_tm(t, &tm);
	strftime(out, FMT_MAX, "%Y-%m-%d", &tm);
	return out;
}

const char *fmt_http_date(char out[FMT_MAX], time_t t)
{
	static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(out, FMT_MAX, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
		 months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return out;
}

const char *fmt_plural(char out[FMT_MAX], long long n, const char *one, const char *many)
{
	char digits[32];
	snprintf(digits, sizeof digits, "%lld", n < 0 ? -n : n);
	size_t len = strlen(digits), o = 0;
	if (n < 0)
		out[o++] = '-';
	for (size_t i = 0; i < len && o + 4 < FMT_MAX; i++) {
		if (i && (len - i) % 3 == 0) {
			memcpy(out + o, FMT_NNBSP, 3);
			o += 3;
		}
		out[o++] = digits[i];
	}
	out[o] = '\0';
	/* French: 0 and 1 take the singular, as do -1 and 1,5 (CLDR fr "one" is i = 0 or 1). */
	snprintf(out + o, FMT_MAX - o, FMT_NBSP "%s", (n >= -1 && n <= 1) ? one : many);
	return out;
}

const char *fmt_iso_day(char out[FMT_MAX], const char *iso)
{
	int y, m, d;
	char tail;
	if (!iso || sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) < 3 || m < 1 || m > 12 || d < 1 ||
	    d > 31) {
		snprintf(out, FMT_MAX, "%s", iso ? iso : "");
		return out;
	}
	snprintf(out, FMT_MAX, "%d%s %s %d", d, d == 1 ? "er" : "", fmt_month_names[m - 1], y);
	return out;
}

const char *fmt_decimal(char out[FMT_MAX], const char *num)
{
	snprintf(out, FMT_MAX, "%s", num ? num : "");
	char *dot = strchr(out, '.');
	if (!dot)
		return out;
	size_t end = strlen(out);
	while (end > (size_t)(dot - out) + 1 && out[end - 1] == '0')
		out[--end] = '\0';
	if (out[end - 1] == '.')
		out[end - 1] = '\0';
	else
		*dot = ',';
	return out;
}

/* The epoch of "2026-12-02T10:15:00.123+01:00" (or with a space, "Z", no offset: UTC; no
 * seconds), or of a date "2026-12-02" (noon, Paris: safe for fmt_date). Returns false when s is
 * neither. */
static bool iso_parse(const char *s, time_t *out, bool *has_time)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10 || mo < 1 || mo > 12 ||
	    d < 1 || d > 31)
		return false;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d};
	const char *p = s + 10;
	if (!*p) {
		tm.tm_hour = 12;
		tm.tm_isdst = -1;
		*out = mktime(&tm);
		*has_time = false;
		return true;
	}
	if ((*p != 'T' && *p != ' ') || sscanf(p + 1, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
		return false;
	p += 6;
	if (*p == ':' && sscanf(p + 1, "%2d%n", &sec, &n) == 1 && n == 2)
		p += 3;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	long off = 0;
	if (*p == '+' || *p == '-') {
		int oh = 0, om = 0;
		if (sscanf(p + 1, "%2d%n", &oh, &n) != 1 || n != 2)
			return false;
		const char *q = p + 3;
		if (*q == ':')
			q++;
		if (*q && sscanf(q, "%2d", &om) != 1)
			return false;
		off = (*p == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
	} else if (*p && strcmp(p, "Z") != 0) {
		return false;
	}
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = timegm(&tm) - off;
	*has_time = true;
	return true;
}

const char *fmt_iso_text(char out[FMT_MAX], const char *s)
{
	time_t t;
	bool has_time;
	if (!s || !iso_parse(s, &t, &has_time))
		return NULL;
	char d[FMT_MAX], h[FMT_MAX];
	if (!has_time)
		return fmt_date(out, t);
	snprintf(out, FMT_MAX, "%s à %s", fmt_date(d, t), fmt_time(h, t));
	return out;
}
