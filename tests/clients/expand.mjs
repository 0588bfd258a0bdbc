// Expands one event of a calendar with ical.js (Mozilla's, as in Thunderbird).
// Usage: node expand.mjs FEED UID FROM TO   (dates YYYY-MM-DD)
// Prints each instance's start and end in UTC, one per line, sorted.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [feed, uid, from, to] = process.argv.slice(2);
const root = new ICAL.Component(ICAL.parse(readFileSync(feed, "utf8")));
for (const tz of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(tz);
}
const comps = root.getAllSubcomponents("vevent").filter((v) => v.getFirstPropertyValue("uid") === uid);
const master = comps.find((v) => !v.hasProperty("recurrence-id"));
const event = new ICAL.Event(master);
for (const c of comps.filter((v) => v.hasProperty("recurrence-id"))) {
  event.relateException(c);
}
const fromT = ICAL.Time.fromDateString(from);
const toT = ICAL.Time.fromDateString(to);
const iso = (t) => t.toJSDate().toISOString().replace(/\.000Z$/, "Z");
const lines = [];
const it = event.iterator();
for (let next = it.next(); next; next = it.next()) {
  if (next.compare(toT) >= 0) break;
  const d = event.getOccurrenceDetails(next);
  if (d.startDate.compare(fromT) < 0) continue;
  lines.push(`${iso(d.startDate)} ${iso(d.endDate)}`);
}
console.log(lines.sort().join("\n"));
