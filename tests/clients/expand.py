"""Expands one event of a calendar with python icalendar + recurring_ical_events.

Usage: expand.py FEED UID FROM TO   (dates YYYY-MM-DD)
Prints each instance's start and end in UTC, one per line, sorted.
"""
import sys
from datetime import date, timezone

import icalendar
import recurring_ical_events

feed, uid, start, end = sys.argv[1:5]
with open(feed, "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())
lines = []
for e in recurring_ical_events.of(cal).between(date.fromisoformat(start), date.fromisoformat(end)):
    if str(e.get("UID")) != uid:
        continue
    s = e.decoded("DTSTART").astimezone(timezone.utc)
    t = e.decoded("DTEND").astimezone(timezone.utc)
    lines.append(f"{s:%Y-%m-%dT%H:%M:%SZ} {t:%Y-%m-%dT%H:%M:%SZ}")
print("\n".join(sorted(lines)))
