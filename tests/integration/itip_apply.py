#!/usr/bin/python3
"""itip_apply.py: a calendar client's view of mailed invitations, with Python's icalendar.

    itip_apply.py FILE.ics...

Parses each file in order (a real parser: icalendar.Calendar.from_ical) and applies it as a
calendar application does (RFC 5546): PUBLISH and REQUEST add an event, or replace the one of
the same UID when their SEQUENCE is higher (a lower or equal one is ignored); CANCEL removes
the event of that UID when its SEQUENCE is not lower. Prints the resulting calendar as JSON:
{"methods": [...], "events": {uid: {"sequence", "start", "end", "status", "summary"}}}."""
import json
import sys

from icalendar import Calendar

events = {}
methods = []
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        cal = Calendar.from_ical(f.read())
    method = str(cal.get('METHOD', 'PUBLISH')).upper()
    methods.append(method)
    for ev in cal.walk('VEVENT'):
        uid = str(ev['UID'])
        seq = int(ev.get('SEQUENCE', 0))
        have = events.get(uid)
        if have is not None and seq < have['sequence']:
            continue
        if method == 'CANCEL':
            events.pop(uid, None)
            continue
        if have is not None and seq == have['sequence'] and method != 'PUBLISH':
            continue
        events[uid] = {
            'sequence': seq,
            'start': ev.decoded('DTSTART').isoformat(),
            'end': ev.decoded('DTEND').isoformat(),
            'status': str(ev.get('STATUS', '')),
            'summary': str(ev.get('SUMMARY', '')),
            'organizer': str(ev.get('ORGANIZER', '')),
        }
json.dump({'methods': methods, 'events': events}, sys.stdout)
