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
