/* test_ical.c: the iCalendar writer (Paris local times across DST, folding, control
 * characters, empty calendar) and Last-Modified / If-Modified-Since (resp_last_modified). TAP. */
#include "http.h"
#include "ical.h"
#include "fmt.h"
#include <libical/ical.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int n_tests, n_failed;

static void ok(bool cond, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s %d - ", cond ? "ok" : "not ok", ++n_tests);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	if (!cond)
		n_failed++;
}

/* 2026 instants (UTC epochs) and the Paris wall-clock times they are. */
#define WINTER_START 1768498200 /* 2026-01-15 17:30Z = 18:30 CET */
#define SUMMER_START 1783701000 /* 2026-07-10 16:30Z = 18:30 CEST */
#define SPRING_NIGHT 1774744200 /* 2026-03-29 00:30Z = 01:30 CET; +1 h = 03:30 CEST */
#define AUTUMN_NIGHT 1792881000 /* 2026-10-24 22:30Z = 00:30 CEST; +4 h = 03:30 CET */

static bool valid_utf8_line(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t len = p[i] < 0x80 ? 1 : (p[i] & 0xE0) == 0xC0 ? 2 : (p[i] & 0xF0) == 0xE0 ? 3
			   : (p[i] & 0xF8) == 0xF0 ? 4 : 0;
		if (!len || i + len > n)
			return false;
		for (size_t k = 1; k < len; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
		i += len;
	}
	return true;
}

/* Every line ends in CRLF, holds at most 75 octets and whole UTF-8 characters, and no
 * control character but the CRLF and the tab. */
static bool well_formed(const char *s)
{
	const char *p = s;
	while (*p) {
		const char *eol = strstr(p, "\r\n");
		if (!eol)
			return false;
		size_t n = (size_t)(eol - p);
		if (n > 75 || !valid_utf8_line((const unsigned char *)p, n))
			return false;
		for (size_t i = 0; i < n; i++)
			if (((unsigned char)p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7f)
				return false;
		p = eol + 2;
	}
	return true;
}

static bool has(const char *s, const char *needle)
{
	return strstr(s, needle) != NULL;
}

static void test_calendar(void)
{
	const char *long_text =
		"Venez découvrir La Fontaine 😀 : présentations, café, visite de l’espace, "
		"des salles de réunion et du jardin, rencontre avec les coworkers, éèàçù 🎉🎉🎉🎉🎉🎉🎉🎉.";
	struct ical_event ev[] = {
		{.uid = "winter-uid", .sequence = 0, .start = WINTER_START, .end = WINTER_START + 7200,
		 .stamp = 1767225600, .created = 1767225600, .modified = 1767225600,
		 .title = "Atelier <&> \"quotes\" \x01\x0b😀", .description = long_text,
		 .location = "La Fontaine, 12 rue X, 47000 Agen", .url = "http://x/evenements/a",
		 .category = "Atelier"},
		{.uid = "summer-uid", .sequence = 3, .start = SUMMER_START, .end = SUMMER_START + 7200,
		 .stamp = 1767225600, .title = "Afterwork d’été", .cancelled = true},
		{.uid = "spring-uid", .start = SPRING_NIGHT, .end = SPRING_NIGHT + 3600,
		 .stamp = 1767225600, .title = "Nuit du passage à l’heure d’été"},
		{.uid = "autumn-uid", .start = AUTUMN_NIGHT, .end = AUTUMN_NIGHT + 4 * 3600,
		 .stamp = 1767225600, .title = "Nuit du passage à l’heure d’hiver"},
	};
	struct buf b = {0};
	ok(ical_calendar(&b, "La Fontaine : événements", ev, 4) == 0, "a calendar of 4 events");
	const char *s = buf_cstr(&b);
	ok(well_formed(s), "CRLF lines of at most 75 octets, whole UTF-8 characters, no controls");
	ok(strncmp(s, "BEGIN:VCALENDAR\r\n", 17) == 0 && has(s, "END:VCALENDAR\r\n"), "VCALENDAR");
	ok(has(s, "\r\nPRODID:-//Canti'net//Fontaine//FR\r\n") && has(s, "\r\nVERSION:2.0\r\n") &&
		   has(s, "\r\nCALSCALE:GREGORIAN\r\n") && has(s, "\r\nMETHOD:PUBLISH\r\n"),
	   "PRODID, VERSION, CALSCALE, METHOD");
	ok(has(s, "\r\nX-WR-TIMEZONE:Europe/Paris\r\n"), "X-WR-TIMEZONE");
	ok(has(s, "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n"), "VTIMEZONE with TZID Europe/Paris");
	ok(has(s, "TZOFFSETTO:+0200") && has(s, "BYDAY=-1SU;BYMONTH=3") &&
		   has(s, "BYDAY=-1SU;BYMONTH=10"), "the VTIMEZONE has the EU rules (last Sundays)");
	ok(has(s, "DTSTART;TZID=Europe/Paris:20260115T183000\r\n") &&
		   has(s, "DTEND;TZID=Europe/Paris:20260115T203000\r\n"), "winter: 18:30-20:30 CET");
	ok(has(s, "DTSTART;TZID=Europe/Paris:20260710T183000\r\n"), "summer: 18:30 CEST");
	ok(has(s, "DTSTART;TZID=Europe/Paris:20260329T013000\r\n") &&
		   has(s, "DTEND;TZID=Europe/Paris:20260329T033000\r\n"),
	   "spring DST night: 01:30 CET + 1 h = 03:30 CEST");
	ok(has(s, "DTSTART;TZID=Europe/Paris:20261025T003000\r\n") &&
		   has(s, "DTEND;TZID=Europe/Paris:20261025T033000\r\n"),
	   "autumn DST night: 00:30 CEST + 4 h = 03:30 CET");
	ok(has(s, "\r\nDTSTAMP:20260101T000000Z\r\n"), "DTSTAMP in UTC");
	ok(has(s, "\r\nUID:winter-uid\r\n") && has(s, "\r\nSEQUENCE:3\r\n"), "UID and SEQUENCE");
	ok(has(s, "\r\nSTATUS:CANCELLED\r\n") && has(s, "\r\nSTATUS:CONFIRMED\r\n"), "STATUS");
	ok(has(s, "\r\nSUMMARY:Atelier <&> \"quotes\" 😀\r\n"),
	   "control characters removed from the SUMMARY, the rest kept");
	ok(has(s, "\r\nLOCATION:La Fontaine\\, 12 rue X\\, 47000 Agen\r\n"), "LOCATION escaped");
	ok(has(s, "\r\nURL:http://x/evenements/a\r\n") && has(s, "\r\nCATEGORIES:Atelier\r\n"),
	   "URL and CATEGORIES");
	ok(has(s, "\r\nCREATED:20260101T000000Z\r\n") && has(s, "\r\nLAST-MODIFIED:20260101T000000Z\r\n"),
	   "CREATED and LAST-MODIFIED");

	/* libical reads back what we wrote, with the same local times. */
	icalcomponent *cal = icalparser_parse_string(s);
	ok(cal != NULL, "libical parses the calendar");
	int n = 0, right = 0;
	for (icalcomponent *v = cal ? icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT) : NULL;
	     v; v = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT), n++) {
		struct icaltimetype t = icalcomponent_get_dtstart(v);
		icaltimezone *z = icaltimezone_get_builtin_timezone("Europe/Paris");
		time_t back = icaltime_as_timet_with_zone(t, z);
		right += back == ev[n].start;
	}
	ok(n == 4 && right == 4, "the 4 DTSTARTs read back as the same instants (%d/%d)", right, n);
	if (cal)
		icalcomponent_free(cal);
	buf_free(&b);

	ok(ical_calendar(&b, "Vide", NULL, 0) == 0 && well_formed(buf_cstr(&b)) &&
		   has(buf_cstr(&b), "BEGIN:VTIMEZONE") && !has(buf_cstr(&b), "BEGIN:VEVENT"),
	   "an empty calendar is still a calendar with its VTIMEZONE");
	buf_free(&b);
}

/* Invitations (RFC 5546): METHOD REQUEST and CANCEL, ORGANIZER and ATTENDEE. */
static void test_invitations(void)
{
	struct ical_event ev = {
		.uid = "b-uid@fontaine", .sequence = 2, .start = WINTER_START, .end = WINTER_START + 3600,
		.stamp = 1767225600, .title = "Salle – Société", .organizer = "equipe@example.org",
		.organizer_name = "La Fontaine", .attendee = "alix@example.org",
		.attendee_name = "Alix \"Martin\"\n",
	};
	struct buf b = {0};
	ok(ical_calendar_method(&b, "La Fontaine", ICAL_REQUEST, &ev, 1) == 0, "an invitation");
	const char *s = buf_cstr(&b);
	ok(well_formed(s), "invitation: well formed");
	ok(has(s, "\r\nMETHOD:REQUEST\r\n") && has(s, "\r\nSEQUENCE:2\r\n") &&
		   has(s, "\r\nSTATUS:CONFIRMED\r\n"), "METHOD:REQUEST, SEQUENCE, STATUS");
	ok(has(s, "ORGANIZER;CN=La Fontaine:mailto:equipe@example.org\r\n"), "ORGANIZER with its CN");
	ok(has(s, "ATTENDEE;CN=Alix  Martin  ;") && !has(s, "\"Martin\""),
	   "ATTENDEE, its CN without quotes or line breaks");
	icalcomponent *cal = icalparser_parse_string(s);
	ok(cal && icalcomponent_get_method(cal) == ICAL_METHOD_REQUEST, "libical reads METHOD:REQUEST");
	icalcomponent *v = cal ? icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT) : NULL;
	icalproperty *att = v ? icalcomponent_get_first_property(v, ICAL_ATTENDEE_PROPERTY) : NULL;
	ok(att && strcmp(icalproperty_get_attendee(att), "mailto:alix@example.org") == 0,
	   "libical reads the ATTENDEE back");
	if (cal)
		icalcomponent_free(cal);
	buf_free(&b);
	ok(ical_calendar_method(&b, "La Fontaine", ICAL_CANCEL, &ev, 1) == 0, "a cancellation");
	s = buf_cstr(&b);
	ok(has(s, "\r\nMETHOD:CANCEL\r\n") && has(s, "\r\nSTATUS:CANCELLED\r\n") &&
		   has(s, "\r\nUID:b-uid@fontaine\r\n"), "METHOD:CANCEL marks the event cancelled, same UID");
	buf_free(&b);
	ev.organizer = NULL;
	ev.attendee = NULL;
	ok(ical_calendar_method(&b, "La Fontaine", ICAL_PUBLISH, &ev, 1) == 0 &&
		   !has(buf_cstr(&b), "ORGANIZER") && !has(buf_cstr(&b), "ATTENDEE"), "no parties when none given");
	buf_free(&b);
}

static void test_last_modified(void)
{
	const time_t t = 1772553600; /* Tue, 03 Mar 2026 16:00:00 GMT */
	struct {
		const char *ims, *inm;
		enum http_method method;
		bool want_304;
		const char *what;
	} cases[] = {
		{NULL, NULL, METHOD_GET, false, "no If-Modified-Since: 200"},
		{"Tue, 03 Mar 2026 16:00:00 GMT", NULL, METHOD_GET, true, "equal: 304"},
		{"Tue, 03 Mar 2026 16:00:00 GMT", NULL, METHOD_HEAD, true, "equal, HEAD: 304"},
		{"Wed, 04 Mar 2026 09:00:00 GMT", NULL, METHOD_GET, true, "later: 304"},
		{"Tue, 03 Mar 2026 15:59:59 GMT", NULL, METHOD_GET, false, "one second older: 200"},
		{"Tue, 03 Mar 2026 16:00:00 GMT", "\"abc\"", METHOD_GET, false,
		 "If-None-Match present: If-Modified-Since ignored"},
		{"Tue, 03 Mar 2026 16:00:00 GMT", NULL, METHOD_POST, false, "POST: never 304"},
		{"Fri, 01 Jan 2100 00:00:00 GMT", NULL, METHOD_GET, false, "a date in the future: ignored"},
		{"Tue, 03 Mar 2026 16:00:00 UTC", NULL, METHOD_GET, false, "not GMT: ignored"},
		{"Tue, 03 Foo 2026 16:00:00 GMT", NULL, METHOD_GET, false, "bad month: ignored"},
		{"Tue, 03 Mar 2026 16:00:00 GMT trailing", NULL, METHOD_GET, false, "trailing bytes: ignored"},
		{"yesterday", NULL, METHOD_GET, false, "garbage: ignored"},
		{"", NULL, METHOD_GET, false, "empty: ignored"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct request req = {0};
		req.method = cases[i].method;
		req.if_modified_since = cases[i].ims;
		req.if_none_match = cases[i].inm;
		req.resp.status = 200;
		buf_puts(&req.resp.body, "<rss/>");
		bool r = resp_last_modified(&req, t);
		bool header = has(buf_cstr(&req.resp.headers), "Last-Modified: Tue, 03 Mar 2026 16:00:00 GMT\r\n");
		ok(r == cases[i].want_304 && req.resp.status == (cases[i].want_304 ? 304 : 200) &&
			   (req.resp.body.len == 0) == cases[i].want_304 && header,
		   "resp_last_modified: %s", cases[i].what);
		buf_free(&req.resp.headers);
		buf_free(&req.resp.body);
		arena_free(&req.arena);
	}
}

int main(void)
{
	fmt_init_timezone();
	test_calendar();
	test_invitations();
	test_last_modified();
	icaltimezone_free_builtin_timezones();
	printf("1..%d\n", n_tests);
	return n_failed ? 1 : 0;
}
