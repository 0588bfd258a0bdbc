#!/usr/bin/env python3
"""The render benchmark's 10 000 events (crates/convene-core/benches/render.rs)
built and serialised with python icalendar, for comparison. Prints the
median time of `runs` runs. Needs `pip install icalendar` (bench/render.sh
makes a venv)."""
import datetime, statistics, sys, time
from zoneinfo import ZoneInfo

import icalendar

ZONES = ["Europe/Zurich", "America/New_York", "Asia/Shanghai"]
GROUPS = ["WG1", "WG2", "WG5", "TG-power", "TG-genai"]
N = 10_000
TZ = "--no-vtimezone" not in sys.argv
STAMP = datetime.datetime(2023, 6, 1, tzinfo=datetime.timezone.utc)
FIRST = datetime.date(2023, 1, 2)


def build():
    cal = icalendar.Calendar()
    cal.add("prodid", "-//convene//bench//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", "Bench")
    cal.add("x-wr-calname", "Bench")
    for i in range(N):
        zone = ZoneInfo(ZONES[i % 3])
        day = FIRST + datetime.timedelta(days=i % 700)
        start = datetime.datetime.combine(day, datetime.time(8 + i % 8, 0), zone)
        end = datetime.datetime.combine(day, datetime.time(9 + i % 8, 30), zone)
        e = icalendar.Event()
        e.add("uid", f"bench-{i}@convene.example.org")
        e.add("dtstamp", STAMP)
        e.add("last-modified", STAMP)
        e.add("sequence", 2)
        e.add("dtstart", start)
        e.add("dtend", end)
        g = GROUPS[i % 5]
        e.add("summary", f"{g}: Bench e-meeting number {i}, with a comma; and more text")
        e.add("description",
              f"E-meeting of {g} (bench)\nWhen: {day}, {start:%H:%M}-{end:%H:%M} {ZONES[i % 3]}\n"
              f"Remote participation: https://remote.itu.int/\n\nAgenda:\n1. Opening\n2. Contributions\n3. AOB\n\n"
              f"Details: https://convene.example.org/meetings/bench-{i}")
        e.add("url", f"https://convene.example.org/meetings/bench-{i}")
        e.add("categories", ["E-meeting"])
        e.add("status", "CONFIRMED")
        e.add("transp", "OPAQUE")
        cal.add_component(e)
    if TZ:
        cal.add_missing_timezones()
    return cal.to_ical()


args = [a for a in sys.argv[1:] if not a.startswith("--")]
runs = int(args[0]) if args else 3
times = []
for _ in range(runs):
    t = time.perf_counter()
    size = len(build())
    times.append(time.perf_counter() - t)
print(f"python icalendar {icalendar.__version__}: 10000 events built and serialised: "
      f"median {statistics.median(times) * 1000:.0f} ms over {runs} runs ({size} bytes)")
