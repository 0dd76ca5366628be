/* test_fmt.c: unit tests of fmt.c (French money, dates and times in Europe/Paris). */
#include "fmt.h"
#include "labels.h"
#include "tap.h"
#include <string.h>

/* U+202F between thousands, U+00A0 before the euro sign and around "h". */
#define NN "\xe2\x80\xaf"
#define NB "\xc2\xa0"
#define EUR "\xe2\x82\xac"

static void test_money(void)
{
	static const struct {
		int64_t cents;
		const char *want;
	} cases[] = {
		{0, "0,00" NB EUR},
		{5, "0,05" NB EUR},
		{10, "0,10" NB EUR},
		{99, "0,99" NB EUR},
		{100, "1,00" NB EUR},
		{2500, "25,00" NB EUR},
		{99999, "999,99" NB EUR},
		{100000, "1" NN "000,00" NB EUR},
		{123450, "1" NN "234,50" NB EUR},
		{1234567, "12" NN "345,67" NB EUR},
		{12345678, "123" NN "456,78" NB EUR},
		{100000000, "1" NN "000" NN "000,00" NB EUR},
		{-5, "-0,05" NB EUR},
		{-123450, "-1" NN "234,50" NB EUR},
		{-100000000, "-1" NN "000" NN "000,00" NB EUR},
		{INT64_MAX, "92" NN "233" NN "720" NN "368" NN "547" NN "758,07" NB EUR},
		{INT64_MIN, "-92" NN "233" NN "720" NN "368" NN "547" NN "758,08" NB EUR},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[FMT_MAX];
		const char *got = fmt_money(out, cases[i].cents);
		is_str(got, cases[i].want, "fmt_money(%lld)", (long long)cases[i].cents);
		ok(got == out, "fmt_money(%lld) returns its buffer", (long long)cases[i].cents);
	}
}

struct when {
	time_t t; /* UTC seconds */
	const char *what;
	const char *date_long, *date, *time, *month, *iso;
};

static void test_dates(void)
{
	static const struct when cases[] = {
		{1772532000, "2026-03-03 10:00 UTC (winter, UTC+1)", "mardi 3 mars 2026", "3 mars 2026",
		 "11" NB "h", "mars 2026", "2026-03-03"},
		{1772543100, "2026-03-03 13:05 UTC", "mardi 3 mars 2026", "3 mars 2026",
		 "14" NB "h" NB "05", "mars 2026", "2026-03-03"},
		{1772355600, "2026-03-01 09:00 UTC (first of the month)", "dimanche 1er mars 2026",
		 "1er mars 2026", "10" NB "h", "mars 2026", "2026-03-01"},
		{1769904000, "2026-02-01 00:00 UTC", "dimanche 1er f\xc3\xa9vrier 2026",
		 "1er f\xc3\xa9vrier 2026", "1" NB "h", "f\xc3\xa9vrier 2026", "2026-02-01"},
		{1784032200, "2026-07-14 12:30 UTC (summer, UTC+2)", "mardi 14 juillet 2026",
		 "14 juillet 2026", "14" NB "h" NB "30", "juillet 2026", "2026-07-14"},
		{1786831200, "2026-08-15 22:00 UTC (midnight in Paris, next day)", "dimanche 16 ao\xc3\xbbt 2026",
		 "16 ao\xc3\xbbt 2026", "0" NB "h", "ao\xc3\xbbt 2026", "2026-08-16"},
		{1774744200, "2026-03-29 00:30 UTC (before the spring change)", "dimanche 29 mars 2026",
		 "29 mars 2026", "1" NB "h" NB "30", "mars 2026", "2026-03-29"},
		{1774747800, "2026-03-29 01:30 UTC (after the spring change)", "dimanche 29 mars 2026",
		 "29 mars 2026", "3" NB "h" NB "30", "mars 2026", "2026-03-29"},
		{1792888200, "2026-10-25 00:30 UTC (before the autumn change)", "dimanche 25 octobre 2026",
		 "25 octobre 2026", "2" NB "h" NB "30", "octobre 2026", "2026-10-25"},
		{1792891800, "2026-10-25 01:30 UTC (after the autumn change)", "dimanche 25 octobre 2026",
		 "25 octobre 2026", "2" NB "h" NB "30", "octobre 2026", "2026-10-25"},
		{1793520000, "2026-11-01 08:00 UTC", "dimanche 1er novembre 2026", "1er novembre 2026",
		 "9" NB "h", "novembre 2026", "2026-11-01"},
		{1798759800, "2026-12-31 23:30 UTC (new year in Paris)", "vendredi 1er janvier 2027",
		 "1er janvier 2027", "0" NB "h" NB "30", "janvier 2027", "2027-01-01"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct when *w = &cases[i];
		char out[FMT_MAX];
		is_str(fmt_date_long(out, w->t), w->date_long, "fmt_date_long %s", w->what);
		is_str(fmt_date(out, w->t), w->date, "fmt_date %s", w->what);
		is_str(fmt_time(out, w->t), w->time, "fmt_time %s", w->what);
		is_str(fmt_month(out, w->t), w->month, "fmt_month %s", w->what);
		is_str(fmt_iso_date(out, w->t), w->iso, "fmt_iso_date %s", w->what);
	}

	/* Every weekday and month name, over one week and one year (noon UTC, no DST doubt). */
	static const char *const days[7] = {"lundi", "mardi", "mercredi", "jeudi",
					    "vendredi", "samedi", "dimanche"};
	time_t monday = 1772452800; /* 2026-03-02 12:00 UTC, a Monday */
	for (int i = 0; i < 7; i++) {
		char out[FMT_MAX], want[FMT_MAX];
		snprintf(want, sizeof want, "%s %d mars 2026", days[i], 2 + i);
		is_str(fmt_date_long(out, monday + i * 86400), want, "weekday %d", i);
	}
	static const char *const months[12] = {"janvier", "f\xc3\xa9vrier", "mars", "avril",
					       "mai", "juin", "juillet", "ao\xc3\xbbt",
					       "septembre", "octobre", "novembre", "d\xc3\xa9" "cembre"};
	time_t jan15 = 1768478400; /* 2026-01-15 12:00 UTC */
	for (int m = 0; m < 12; m++) {
		char out[FMT_MAX], want[FMT_MAX];
		snprintf(want, sizeof want, "%s 2026", months[m]);
		/* 30.44 days a month on average: the 15th drifts by at most a few days. */
		is_str(fmt_month(out, jan15 + (time_t)m * 2629800), want, "month %d", m + 1);
		is_str(fmt_month_names[m], months[m], "fmt_month_names[%d]", m);
	}
}

static void test_http_date(void)
{
	char out[FMT_MAX];
	is_str(fmt_http_date(out, 0), "Thu, 01 Jan 1970 00:00:00 GMT", "fmt_http_date(0)");
	is_str(fmt_http_date(out, 1772532000), "Tue, 03 Mar 2026 10:00:00 GMT",
	       "fmt_http_date is in GMT, not Paris time");
	is_str(fmt_http_date(out, 1798759800), "Thu, 31 Dec 2026 23:30:00 GMT",
	       "fmt_http_date on new year's eve");
	is_str(fmt_http_date(out, 1784032200 + 9), "Tue, 14 Jul 2026 12:30:09 GMT",
	       "fmt_http_date seconds, summer");
}

static void test_words(void)
{
	char out[FMT_MAX];
	is_str(fmt_plural(out, 1, "facture", "factures"), "1" FMT_NBSP "facture", "1 facture");
	is_str(fmt_plural(out, 0, "facture", "factures"), "0" FMT_NBSP "facture", "0 facture (French)");
	is_str(fmt_plural(out, 2, "jour", "jours"), "2" FMT_NBSP "jours", "2 jours");
	is_str(fmt_plural(out, 1234, "avoir", "avoirs"), "1" FMT_NNBSP "234" FMT_NBSP "avoirs",
	       "grouped count");
	is_str(fmt_iso_day(out, "2026-03-01"), "1er mars 2026", "ISO day, first of the month");
	is_str(fmt_iso_day(out, "2026-06-30"), "30 juin 2026", "ISO day");
	is_str(fmt_iso_day(out, "2026-12-02 14:05:00+01"), "2 décembre 2026", "ISO timestamp: its day");
	is_str(fmt_iso_day(out, ""), "", "empty stays empty");
	is_str(fmt_decimal(out, "80.0"), "80", "80.0 m²");
	is_str(fmt_decimal(out, "12.50"), "12,5", "decimal comma");
	is_str(fmt_decimal(out, "35"), "35", "integer");
	is_str(fmt_decimal(out, "0.05"), "0,05", "small decimal");
	is_str(code_label(LABEL_TABLE, "person", "?"), "Personne", "a table's French name");
	is_str(code_label(LABEL_TABLE, "funding", "?"), "Financement", "funding");
	is_str(code_label(LABEL_RESOURCE_KIND, "open_space", "?"), "Open space", "a resource kind");
	is_str(code_label(LABEL_TABLE, "no_such_table", "Autre donnée"), "Autre donnée",
	       "an unknown code gets the fallback, never itself");
}

static void test_iso_text(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"2026-12-02", "2 d\xc3\xa9" "cembre 2026"},
		{"2026-03-01", "1er mars 2026"},
		{"2026-12-02T10:15:00+01:00", "2 d\xc3\xa9" "cembre 2026 \xc3\xa0 10" NB "h" NB "15"},
		{"2026-12-02T09:15:00.123456+00:00", "2 d\xc3\xa9" "cembre 2026 \xc3\xa0 10" NB "h" NB "15"},
		{"2026-12-02 09:15:00+00", "2 d\xc3\xa9" "cembre 2026 \xc3\xa0 10" NB "h" NB "15"},
		{"2026-07-14T12:00:00Z", "14 juillet 2026 \xc3\xa0 " "14" NB "h"},
		{"2026-12-31T23:30:00+00:00", "1er janvier 2027 \xc3\xa0 " "0" NB "h" NB "30"},
		{"2026-06-01T08:00:00-04:00", "1er juin 2026 \xc3\xa0 " "14" NB "h"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[FMT_MAX];
		is_str(fmt_iso_text(out, cases[i].in), cases[i].want, "fmt_iso_text(%s)", cases[i].in);
	}
	static const char *const not_iso[] = {
		"", "2026", "2026-12", "2026-13-01", "2026-12-32", "02/12/2026", "2026-12-02x",
		"2026-12-02T", "2026-12-02T10", "2026-12-02T10:15+1", "confirmed", "12345678901", "2026-12-02T10:15:00 trailing",
	};
	for (size_t i = 0; i < sizeof not_iso / sizeof not_iso[0]; i++) {
		char out[FMT_MAX];
		ok(fmt_iso_text(out, not_iso[i]) == NULL, "fmt_iso_text(\"%s\") is not a date", not_iso[i]);
	}
	char out[FMT_MAX];
	ok(fmt_iso_text(out, NULL) == NULL, "fmt_iso_text(NULL)");
}

static void test_labels(void)
{
	struct arena a = {0};
	is_str(label_value(&a, "2000", 1), "20,00" NB EUR, "label_value: cents as money");
	is_str(label_value(&a, "2000", 0), "2000", "label_value: a number that is not money");
	is_str(label_value(&a, "2026-12-02", 0), "2 d\xc3\xa9" "cembre 2026", "label_value: a date");
	is_str(label_value(&a, "true", 0), "oui", "label_value: true");
	is_str(label_value(&a, "f", 0), "non", "label_value: f");
	is_str(label_value(&a, "", 0), "\xe2\x80\x94", "label_value: nothing");
	is_str(label_value(&a, "partly_paid", 0), "r\xc3\xa9" "gl\xc3\xa9" "e en partie", "label_value: a status");
	is_str(label_value(&a, "virement", 0), "virement", "label_value: a method");
	is_str(label_value(&a, "Graphiste", 0), "Graphiste", "label_value: text as it is");
	ok(label_code("amount_cents") == NULL, "label_code: a column name is not a code");
	char long_text[400];
	memset(long_text, 'x', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	ok(strlen(label_value(&a, long_text, 0)) == 300 + 3, "label_value: cut at 300 characters, with an ellipsis");
	arena_free(&a);
}

int main(void)
{
	fmt_init_timezone();
	test_labels();
	test_money();
	test_dates();
	test_http_date();
	test_words();
	test_iso_text();
	return done_testing();
}
