/* ical.c: iCalendar calendars of events (VCALENDAR, Europe/Paris VTIMEZONE, VEVENTs) with libical. */
#include "ical.h"
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char paris[] = "Europe/Paris";

/* Returns a malloc'd copy of s without control characters (all C0 but tab and line feed, and
 * DEL; CR is dropped so CRLF becomes LF), or NULL when s is NULL or empty. */
static char *clean_text(const char *s)
{
	if (!s || !*s)
		return NULL;
	size_t n = strlen(s);
	char *out = malloc(n + 1), *o = out;
	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p >= 0x20 && *p != 0x7f) || *p == '\t' || *p == '\n')
			*o++ = (char)*p;
	*o = '\0';
	if (o == out) {
		free(out);
		return NULL;
	}
	return out;
}

/* Adds the property new_prop(cleaned text) to c when text has something left after cleaning.
 * Returns 0, or -1 when libical failed. */
static int add_text(icalcomponent *c, icalproperty *(*new_prop)(const char *), const char *text)
{
	char *t = clean_text(text);
	if (!t)
		return 0;
	icalproperty *p = new_prop(t);
	free(t);
	if (!p)
		return -1;
	icalcomponent_add_property(c, p);
	return 0;
}

/* Adds an X- property (X-WR-CALNAME, X-WR-TIMEZONE). Returns 0 or -1. */
static int add_x(icalcomponent *c, const char *name, const char *value)
{
	char *t = clean_text(value);
	if (!t)
		return 0;
	icalproperty *p = icalproperty_new_x(t);
	free(t);
	if (!p)
		return -1;
	icalproperty_set_x_name(p, name);
	icalcomponent_add_property(c, p);
	return 0;
}

static struct icaltimetype utc_time(time_t t)
{
	return icaltime_from_timet_with_zone(t, 0, icaltimezone_get_utc_timezone());
}

/* A DTSTART or DTEND in Paris local time with TZID=Europe/Paris (the TZID of the VTIMEZONE
 * we write, whatever prefix libical gives its own zones). */
static icalproperty *paris_time(icalproperty *(*new_prop)(struct icaltimetype), time_t t,
				icaltimezone *zone)
{
	struct icaltimetype local = icaltime_from_timet_with_zone(t, 0, zone);
	local.zone = NULL; /* the fields are Paris wall-clock time; the parameter says so */
	icalproperty *p = new_prop(local);
	if (p)
		icalproperty_add_parameter(p, icalparameter_new_tzid(paris));
	return p;
}

/* Returns the Europe/Paris VTIMEZONE (a copy with TZID "Europe/Paris", cut to the rules in
 * force from since on so that it stays short), or NULL. */
static icalcomponent *paris_vtimezone(icaltimezone *zone, time_t since)
{
	icalcomponent *builtin = icaltimezone_get_component(zone);
	if (!builtin)
		return NULL;
	icalcomponent *vtz = icalcomponent_new_clone(builtin);
	if (!vtz)
		return NULL;
	icalproperty *tzid = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
	if (tzid)
		icalproperty_set_tzid(tzid, paris);
	else
		icalcomponent_add_property(vtz, icalproperty_new_tzid(paris));
	icaltimezone_truncate_vtimezone(vtz, utc_time(since), icaltime_null_time(), 0);
	return vtz;
}

/* Adds ORGANIZER or ATTENDEE mailto:address (with CN name) to v when address is set. */
static int add_party(icalcomponent *v, bool organizer, const char *address, const char *name)
{
	char *a = clean_text(address);
	if (!a)
		return 0;
	size_t n = strlen(a) + 8;
	char *uri = malloc(n);
	if (!uri) {
		free(a);
		return -1;
	}
	snprintf(uri, n, "mailto:%s", a);
	free(a);
	icalproperty *p = organizer ? icalproperty_new_organizer(uri) : icalproperty_new_attendee(uri);
	free(uri);
	if (!p)
		return -1;
	char *cn = clean_text(name);
	if (cn) {
		for (char *c = cn; *c; c++)
			if (*c == '\n' || *c == '\t' || *c == '"')
				*c = ' ';
		icalproperty_add_parameter(p, icalparameter_new_cn(cn));
		free(cn);
	}
	if (!organizer) {
		icalproperty_add_parameter(p, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
		icalproperty_add_parameter(p, icalparameter_new_partstat(ICAL_PARTSTAT_ACCEPTED));
	}
	icalcomponent_add_property(v, p);
	return 0;
}

static int add_event(icalcomponent *cal, const struct ical_event *e, icaltimezone *zone)
{
	icalcomponent *v = icalcomponent_new_vevent();
	if (!v)
		return -1;
	icalcomponent_add_component(cal, v); /* freed with cal from here on */
	int rc = add_text(v, icalproperty_new_uid, e->uid);
	icalcomponent_add_property(v, icalproperty_new_sequence(e->sequence));
	icalcomponent_add_property(v, icalproperty_new_dtstamp(utc_time(e->stamp)));
	icalproperty *start = paris_time(icalproperty_new_dtstart, e->start, zone);
	icalproperty *end = paris_time(icalproperty_new_dtend, e->end, zone);
	if (!start || !end) {
		if (start)
			icalproperty_free(start);
		if (end)
			icalproperty_free(end);
		return -1;
	}
	icalcomponent_add_property(v, start);
	icalcomponent_add_property(v, end);
	icalcomponent_add_property(
		v, icalproperty_new_status(e->cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
	rc |= add_text(v, icalproperty_new_summary, e->title);
	rc |= add_text(v, icalproperty_new_description, e->description);
	rc |= add_text(v, icalproperty_new_location, e->location);
	rc |= add_text(v, icalproperty_new_url, e->url);
	rc |= add_text(v, icalproperty_new_categories, e->category);
	if (e->created)
		icalcomponent_add_property(v, icalproperty_new_created(utc_time(e->created)));
	if (e->modified)
		icalcomponent_add_property(v, icalproperty_new_lastmodified(utc_time(e->modified)));
	rc |= add_party(v, true, e->organizer, e->organizer_name);
	rc |= add_party(v, false, e->attendee, e->attendee_name);
	return rc ? -1 : 0;
}

int ical_calendar(struct buf *out, const char *name, const struct ical_event *ev, size_t n)
{
	return ical_calendar_method(out, name, ICAL_PUBLISH, ev, n);
}

int ical_calendar_method(struct buf *out, const char *name, enum ical_method method,
			 const struct ical_event *ev, size_t n)
{
	static const icalproperty_method methods[] = {
		[ICAL_PUBLISH] = ICAL_METHOD_PUBLISH, [ICAL_REQUEST] = ICAL_METHOD_REQUEST,
		[ICAL_CANCEL] = ICAL_METHOD_CANCEL,
	};
	icaltimezone *zone = icaltimezone_get_builtin_timezone(paris);
	if (!zone)
		return -1;
	/* The zone's rules from 1996 (the current EU rule) or the first event, if earlier. */
	time_t since = 820454400; /* 1996-01-01T00:00:00Z */
	for (size_t i = 0; i < n; i++)
		if (ev[i].start < since)
			since = ev[i].start;
	icalcomponent *vtz = paris_vtimezone(zone, since);
	if (!vtz)
		return -1;
	icalcomponent *cal = icalcomponent_vanew(
		ICAL_VCALENDAR_COMPONENT, icalproperty_new_prodid("-//Canti'net//Fontaine//FR"),
		icalproperty_new_version("2.0"), icalproperty_new_calscale("GREGORIAN"),
		icalproperty_new_method(methods[method]), (void *)0);
	if (!cal) {
		icalcomponent_free(vtz);
		return -1;
	}
	int rc = add_x(cal, "X-WR-CALNAME", name);
	rc |= add_x(cal, "X-WR-TIMEZONE", paris);
	icalcomponent_add_component(cal, vtz);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct ical_event e = ev[i];
		if (method == ICAL_CANCEL)
			e.cancelled = true;
		rc = add_event(cal, &e, zone);
	}
	char *s = rc == 0 ? icalcomponent_as_ical_string_r(cal) : NULL;
	icalcomponent_free(cal);
	if (!s)
		return -1;
	buf_puts(out, s);
	free(s);
	return 0;
}
