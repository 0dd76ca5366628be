/* ical.h: iCalendar (RFC 5545) calendars of events, written with libical. */
#ifndef FT_ICAL_H
#define FT_ICAL_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "buf.h"

/* One event. Times are instants (DTSTART/DTEND are written in Europe/Paris local time, the
 * others in UTC); a zero created/modified is left out, as is a NULL or empty text. */
struct ical_event {
	const char *uid;
	int sequence;
	time_t start, end, stamp, created, modified;
	const char *title, *description, *location, *url, *category;
	bool cancelled;
	/* An invitation's parties (METHOD REQUEST or CANCEL): mailto addresses, or NULL. */
	const char *organizer, *organizer_name, *attendee, *attendee_name;
};

/* The METHOD of a calendar (RFC 5546): a feed or an attachment to import (PUBLISH), an
 * invitation that adds or updates events (REQUEST), one that cancels them (CANCEL). */
enum ical_method { ICAL_PUBLISH, ICAL_REQUEST, ICAL_CANCEL };

/* Appends a VCALENDAR (PRODID "-//Canti'net//Fontaine//FR", VERSION 2.0, CALSCALE GREGORIAN,
 * METHOD PUBLISH, X-WR-CALNAME name, X-WR-TIMEZONE Europe/Paris, the Europe/Paris VTIMEZONE)
 * with one VEVENT per event to out. Returns 0 or -1. */
int ical_calendar(struct buf *out, const char *name, const struct ical_event *ev, size_t n);
/* As ical_calendar, with METHOD method (a CANCEL marks every event STATUS:CANCELLED). */
int ical_calendar_method(struct buf *out, const char *name, enum ical_method method,
			 const struct ical_event *ev, size_t n);
#endif
