#!/usr/bin/env python3
"""Writes a schedule file for the scale benchmarks: the FG-MV seed, plus
`--other N` meetings of another body (root group `ob`, two subgroups) and
`--own N` meetings of the seed's WG5 (one every 3 days, the last about a
year after --today). Usage:
  python3 bench/gen_schedule.py --other 10000 [--own 0] [--today 2026-12-01] > file.toml
"""
import argparse, datetime, sys

p = argparse.ArgumentParser()
p.add_argument("--other", type=int, default=0)
p.add_argument("--own", type=int, default=0)
p.add_argument("--today", default=datetime.date.today().isoformat())
p.add_argument("--seed", default="data/fg-mv-2023.toml")
a = p.parse_args()
out = sys.stdout
out.write(open(a.seed, encoding="utf-8").read())
if a.other:
    out.write('\n[[groups]]\nslug = "ob"\nshort_name = "OB"\nname = "Another body"\n'
              'kind = "focus-group"\nmailing_list = "ob@example.org"\n')
    for s in ("ob-a", "ob-b"):
        out.write(f'\n[[groups]]\nslug = "{s}"\nname = "Another body {s}"\n'
                  f'kind = "working-group"\nparent = "ob"\n')
start = datetime.date(2015, 1, 5)
zones = ("Europe/Zurich", "America/New_York", "Asia/Shanghai")
w = out.write
for i in range(a.other):
    d = start + datetime.timedelta(days=i % 7300)
    g = ("ob", "ob-a", "ob-b")[i % 3]
    h = 7 + i % 10
    w(f'\n[[meetings]]\nid = "ob-{i:07d}"\ntitle = "Another body meeting {i}"\ngroups = ["{g}"]\n'
      f'kind = "e-meeting"\nzone = "{zones[i % 3]}"\ndate = "{d}"\nstart = "{h:02d}:00"\n'
      f'end = "{h + 1:02d}:30"\nremote_url = "https://remote.example.org/"\n')
today = datetime.date.fromisoformat(a.today)
first = today + datetime.timedelta(days=365 - 3 * a.own)
for i in range(a.own):
    d = first + datetime.timedelta(days=3 * i)
    w(f'\n[[meetings]]\nid = "wg5-b{i:05d}"\ntitle = "WG5 e-meeting {i}"\ngroups = ["wg5"]\n'
      f'kind = "e-meeting"\ndate = "{d}"\nstart = "14:00"\nend = "16:00"\n'
      f'remote_url = "https://remote.itu.int/"\n')
