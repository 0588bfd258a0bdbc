//! Calendars (RFC 5545, RFC 7986): the rendering model and its writer.
//!
//! [`events`] turns meetings and deadlines into [`Event`]s, the model the
//! tests pin; [`render`] writes a whole `VCALENDAR` with a VTIMEZONE for
//! every TZID used. The output is byte-stable: the same data gives the same
//! bytes (UIDs and DTSTAMPs come from the data, never from "now").
//!
//! Publishing choices:
//! - a timed meeting is one VEVENT per daily session, so each day shows at
//!   its own instant even across a DST change; day 1 has the UID
//!   `ID@DOMAIN`, day n `ID-dayN@DOMAIN`, so moving a meeting updates its
//!   events instead of replacing them;
//! - whole days, dates without a time and tentative windows are all-day
//!   events (`VALUE=DATE`, `DTEND` the day after the last);
//! - a deadline is an all-day event on its day, or a point in time when it
//!   has a closing time; transparent (it does not make anyone busy);
//! - a daily session an edit dropped (see [`crate::dropped`]) stays
//!   published under its UID as a cancelled event at the UTC time it had,
//!   with the meeting's current `SEQUENCE`, so calendars that imported it
//!   cancel it instead of keeping it;
//! - `SEQUENCE` is the item's version minus one, `DTSTAMP` and
//!   `LAST-MODIFIED` its last change.

mod described;
mod dropped_events;
mod event;
mod say;
mod series;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_lang;
mod vtimezone;
mod writer;

pub use event::{
    Event, FeedDeadline, FeedMeeting, Links, When, events, events_in, group_names, long_date,
    month_name, zone_label,
};
pub use series::{Recur, series_words};
pub use vtimezone::{vtimezone_lines, write_vtimezone};
pub use writer::{Digits, Writer, basic_date, basic_datetime, escape_text, hh_mm, utc_stamp};

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

/// What the calendar is called and how often clients should refresh it.
#[derive(Debug, Clone)]
pub struct CalendarMeta<'a> {
    /// `NAME` / `X-WR-CALNAME`.
    pub name: &'a str,
    /// `DESCRIPTION` / `X-WR-CALDESC`, if any.
    pub description: Option<&'a str>,
    /// `REFRESH-INTERVAL` / `X-PUBLISHED-TTL`, in minutes.
    pub refresh_minutes: u32,
    /// `METHOD`: `PUBLISH` for feeds and for mails to lists.
    pub method: &'a str,
}

/// Writes a whole calendar.
pub fn render(meta: &CalendarMeta<'_>, events: &[Event]) -> String {
    let mut zones = Zones::default();
    for e in events {
        zones.add(event_zone(e));
    }
    let mut w = Writer::with_capacity(1024 + events.len() * 800);
    calendar(&mut w, meta, &zones, |w| {
        for e in events {
            write_event(w, e);
        }
    });
    w.finish()
}

/// An event written on its own: the very lines [`render`] writes for it,
/// with what placing it among others takes. A caller that keeps written
/// events (the feeds keep each item's) assembles a calendar from them with
/// [`render_written`], byte for byte what [`render`] gives for the same
/// events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenEvent {
    /// The UTC instant it starts; with the UID, its place in a calendar.
    pub starts: DateTime<Utc>,
    /// Its `UID`.
    pub uid: String,
    /// The zone of its `TZID` and the years it spans, if it has one.
    pub zone: Option<(Tz, i32, i32)>,
    /// `BEGIN:VEVENT` to `END:VEVENT`, CRLF-terminated lines.
    pub text: String,
}

/// Each event written on its own (see [`WrittenEvent`]).
pub fn write_events(events: &[Event]) -> Vec<WrittenEvent> {
    events
        .iter()
        .map(|e| {
            let mut w = Writer::with_capacity(800);
            write_event(&mut w, e);
            WrittenEvent {
                starts: e.starts,
                uid: e.uid.clone(),
                zone: event_zone(e),
                text: w.finish(),
            }
        })
        .collect()
}

/// A whole calendar of written events, in the order [`events`] gives
/// (by start, then UID): what [`render`] writes for the same events.
pub fn render_written(meta: &CalendarMeta<'_>, events: &mut [&WrittenEvent]) -> String {
    events.sort_unstable_by(|a, b| (a.starts, &a.uid).cmp(&(b.starts, &b.uid)));
    let mut zones = Zones::default();
    let mut bytes = 1024;
    for e in events.iter() {
        zones.add(e.zone);
        bytes += e.text.len();
    }
    let mut w = Writer::with_capacity(bytes + zones.0.len() * 2048);
    calendar(&mut w, meta, &zones, |w| {
        for e in events.iter() {
            w.lines(&e.text);
        }
    });
    w.finish()
}

/// The zone of an event's `TZID` and the years its occurrences span.
fn event_zone(e: &Event) -> Option<(Tz, i32, i32)> {
    match &e.when {
        When::Local { zone, start, end } => {
            let y0 = start.year();
            let y1 = end.map_or(y0, |e| e.year());
            let y1 = e.recur.as_ref().map_or(y1, |r| y1.max(r.last.year()));
            Some((*zone, y0, y1))
        }
        _ => None,
    }
}

/// The TZIDs a calendar uses, each with the years its events cover (events
/// in UTC have no TZID and need none).
#[derive(Debug, Default)]
struct Zones<'a>(BTreeMap<&'a str, (Tz, i32, i32)>);

impl Zones<'_> {
    fn add(&mut self, zone: Option<(Tz, i32, i32)>) {
        let Some((tz, y0, y1)) = zone else { return };
        let entry = self.0.entry(tz.name()).or_insert((tz, y0, y1));
        entry.1 = entry.1.min(y0);
        entry.2 = entry.2.max(y1);
    }
}

/// The `VCALENDAR` around `body`: its properties, then a VTIMEZONE for
/// every zone used, then the events `body` writes.
fn calendar(
    w: &mut Writer,
    meta: &CalendarMeta<'_>,
    zones: &Zones<'_>,
    body: impl FnOnce(&mut Writer),
) {
    w.begin("VCALENDAR");
    w.raw("VERSION", "2.0");
    w.raw(
        "PRODID",
        concat!("-//convene//convene ", env!("CARGO_PKG_VERSION"), "//EN"),
    );
    w.raw("CALSCALE", "GREGORIAN");
    w.raw("METHOD", meta.method);
    w.text("NAME", meta.name);
    w.text("X-WR-CALNAME", meta.name);
    if let Some(d) = meta.description {
        w.text("DESCRIPTION", d);
        w.text("X-WR-CALDESC", d);
    }
    let ttl = format!("PT{}M", meta.refresh_minutes.max(1));
    w.raw("REFRESH-INTERVAL;VALUE=DURATION", &ttl);
    w.raw("X-PUBLISHED-TTL", &ttl);
    for (zone, first, last) in zones.0.values() {
        w.lines(&vtimezone_lines(*zone, *first..=*last));
    }
    body(w);
    w.end("VCALENDAR");
}

/// `NAME[;PARAMS]:VALUE` for a date or time written on the stack, or
/// (outside the years 0-9999, which no item has) as `slow` writes it.
fn put_stamp(w: &mut Writer, name: &[&str], fast: Option<Digits>, slow: impl FnOnce() -> String) {
    match fast {
        Some(d) => w.raw_parts(name, d.as_str()),
        None => w.raw_parts(name, &slow()),
    }
}

fn write_event(w: &mut Writer, e: &Event) {
    w.begin("VEVENT");
    w.text("UID", &e.uid);
    match Digits::utc(e.last_modified) {
        Some(d) => {
            w.raw("DTSTAMP", d.as_str());
            w.raw("LAST-MODIFIED", d.as_str());
        }
        None => {
            let stamp = utc_stamp(e.last_modified);
            w.raw("DTSTAMP", &stamp);
            w.raw("LAST-MODIFIED", &stamp);
        }
    }
    w.raw("SEQUENCE", Digits::int(e.sequence).as_str());
    match &e.when {
        When::Date {
            first,
            end_exclusive,
        } => {
            let (a, b) = (*first, *end_exclusive);
            put_stamp(w, &["DTSTART;VALUE=DATE"], Digits::date(a), || {
                basic_date(a)
            });
            put_stamp(w, &["DTEND;VALUE=DATE"], Digits::date(b), || basic_date(b));
        }
        When::Local { zone, start, end } => {
            let s = *start;
            let tz = zone.name();
            put_stamp(w, &["DTSTART;TZID=", tz], Digits::datetime(s), || {
                basic_datetime(s)
            });
            if let Some(end) = *end {
                put_stamp(w, &["DTEND;TZID=", tz], Digits::datetime(end), || {
                    basic_datetime(end)
                });
            }
            if let Some(r) = &e.recur {
                w.raw("RRULE", &r.rule);
                if !r.exdates.is_empty() {
                    let v: Vec<String> = r.exdates.iter().map(|d| basic_datetime(*d)).collect();
                    w.raw(&format!("EXDATE;TZID={tz}"), &v.join(","));
                }
            }
            if let Some(id) = e.recurrence_id {
                w.raw(&format!("RECURRENCE-ID;TZID={tz}"), &basic_datetime(id));
            }
        }
        When::Utc { start, end } => {
            let (a, b) = (*start, *end);
            put_stamp(w, &["DTSTART"], Digits::utc(a), || utc_stamp(a));
            put_stamp(w, &["DTEND"], Digits::utc(b), || utc_stamp(b));
        }
    }
    w.text("SUMMARY", &e.summary);
    w.text("DESCRIPTION", &e.description);
    if let Some(l) = &e.location {
        w.text("LOCATION", l);
    }
    if let Some(u) = &e.url {
        w.raw("URL", u);
    }
    if !e.categories.is_empty() {
        let cats: Vec<String> = e.categories.iter().map(|c| escape_text(c)).collect();
        w.raw("CATEGORIES", &cats.join(","));
    }
    w.raw("STATUS", e.status);
    w.raw(
        "TRANSP",
        if e.transparent {
            "TRANSPARENT"
        } else {
            "OPAQUE"
        },
    );
    w.end("VEVENT");
}
