//! A recurring meeting as calendar events.
//!
//! Where Outlook can hold the rule ([`RRule::outlook_can_hold`]), the
//! series is one VEVENT with `RRULE`, `DTSTART;TZID=` at the first
//! occurrence's local time (so every client keeps the wall-clock across DST
//! changes with the VTIMEZONE), `EXDATE` for each cancelled occurrence and
//! one override per moved or changed occurrence: same UID, `RECURRENCE-ID`
//! at the occurrence's original local start, same `SEQUENCE` as the
//! series. A `COUNT` is published as given; an `UNTIL` as the UTC start of
//! the last occurrence (RFC 5545 wants `UNTIL` in UTC with a `TZID` start).
//!
//! Cancelled occurrences are `EXDATE`s rather than cancelled overrides:
//! every client (Outlook, Google, Apple, Thunderbird, python icalendar,
//! ical.js, khal) drops an `EXDATE`d instance, while a `STATUS:CANCELLED`
//! override is shown struck through by some, hidden by others and kept as
//! a live event by libraries that expand rules. The reason is in the
//! series' description.
//!
//! Rules Outlook cannot hold (several ordinals such as `2TU,4TU`, several
//! or late month days, `BYDAY` on a daily rule) are published as one event
//! per occurrence, UID `ID-YYYYMMDD@DOMAIN` after the occurrence's original
//! date; a cancelled one stays as a `STATUS:CANCELLED` event, as a
//! cancelled single meeting does. Every client then shows the same
//! instants.

use std::fmt::Write as _;

use chrono::NaiveDateTime;

use super::event::{Event, FeedMeeting, GroupText, Links, When, long_date, titled, zone_label};
use super::writer::{hh_mm, utc_stamp};
use crate::i18n::{self, Lang};
use crate::meeting::{Exception, Meeting, Occurrence, Series, Status};
use crate::recurrence::End;

/// What makes a VEVENT the master of a series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recur {
    /// The `RRULE` value.
    pub rule: String,
    /// `EXDATE`s, local, in the event's zone.
    pub exdates: Vec<NaiveDateTime>,
    /// The last occurrence's local start (for the VTIMEZONE's years).
    pub last: NaiveDateTime,
}

/// "every second Tuesday, 14:00-15:00 hours, Geneva time, from 3 October
/// 2023, 10 times": a series in the secretariat's words, in `lang`
/// ("un mardi sur deux, 14:00-15:00, heure de Genève, à partir du 3
/// octobre 2023, 10 séances"). English keeps the feeds' own dates and zone
/// labels, as always.
pub fn series_words(m: &Meeting, s: &Series, lang: Lang) -> String {
    let crate::meeting::Schedule::Timed { slot, .. } = m.schedule() else {
        return s.describe(lang);
    };
    let (times, zone) = if lang == Lang::En {
        (slot.to_string(), zone_label(m.zone()))
    } else {
        (
            i18n::time_range(lang, slot.start(), slot.end()),
            i18n::zone_name(lang, m.zone()),
        )
    };
    s.describe_at(lang, Some((&times, &zone)))
}

/// The lines the description of a series adds: the rule in words, the
/// cancelled and the moved occurrences, in `say`'s language.
pub(super) fn series_lines(m: &Meeting, s: &Series, out: &mut String, say: super::say::Say) {
    if !say.en() {
        series_lines_in(m, s, out, say);
        return;
    }
    let _ = write!(
        out,
        "\nWhen: {} ({})",
        series_words(m, s, Lang::En),
        m.zone().name()
    );
    for o in s.occurrences() {
        match &o.exception {
            Some(Exception::Cancelled { reason }) => {
                let _ = write!(out, "\nCancelled: {}", long_date(o.original));
                if let Some(r) = reason {
                    let _ = write!(out, " ({r})");
                }
            }
            Some(Exception::Changed { .. }) => {
                let _ = write!(
                    out,
                    "\nMoved: {} to {}, {} {} = {}-{} UTC",
                    long_date(o.original),
                    long_date(o.session.date),
                    o.session.slot,
                    zone_label(m.zone()),
                    hh_mm(o.session.utc.start),
                    hh_mm(o.session.utc.end)
                );
            }
            None => {}
        }
    }
}

fn series_lines_in(m: &Meeting, s: &Series, out: &mut String, say: super::say::Say) {
    use crate::i18n::Arg;
    let words = format!("{} ({})", series_words(m, s, say.0), m.zone().name());
    out.push('\n');
    out.push_str(&say.t("feed-when", &[("when", Arg::from(words))]));
    for o in s.occurrences() {
        let date = say.long_date(o.original);
        let line = match &o.exception {
            Some(Exception::Cancelled { reason: Some(r) }) => say.many(
                "feed-series-cancelled-reason",
                &[("date", &date), ("reason", r.as_str())],
                String::new,
            ),
            Some(Exception::Cancelled { reason: None }) => {
                say.many("feed-series-cancelled", &[("date", &date)], String::new)
            }
            Some(Exception::Changed { .. }) => {
                let to = say.long_date(o.session.date);
                let slot = say.times(o.session.slot.start(), o.session.slot.end());
                let utc = say.times(o.session.utc.start.time(), o.session.utc.end.time());
                say.many(
                    "feed-series-moved",
                    &[
                        ("from", &date),
                        ("to", &to),
                        ("slot", &slot),
                        ("zone", &say.zone(m.zone())),
                        ("utc", &utc),
                    ],
                    String::new,
                )
            }
            None => continue,
        };
        out.push('\n');
        out.push_str(&line);
    }
}

/// Where an occurrence is now, local.
fn local_start(o: &Occurrence) -> NaiveDateTime {
    o.session.date.and_time(o.session.slot.start())
}

/// Pushes the events of series `s` of meeting `f.meeting`; `base` is the
/// event the meeting would be as a single one (UID, summary, description).
pub(super) fn series_events(
    g: &GroupText,
    links: &Links<'_>,
    f: &FeedMeeting<'_>,
    s: &Series,
    base: Event,
    out: &mut Vec<Event>,
) {
    let m = f.meeting;
    let crate::meeting::Schedule::Timed { slot, .. } = m.schedule() else {
        return;
    };
    let slot = *slot;
    let (Some(first), Some(last)) = (s.occurrences().first(), s.occurrences().last()) else {
        return;
    };
    let at = |d: chrono::NaiveDate| When::Local {
        zone: m.zone(),
        start: d.and_time(slot.start()),
        end: Some(d.and_time(slot.end())),
    };
    let changed_summary = |o: &Occurrence| match o.title() {
        Some(t) => {
            let mut e = base.summary.replace(m.title().as_str(), t.as_str());
            if e == base.summary {
                e = t.to_string();
            }
            e
        }
        None => base.summary.clone(),
    };
    if s.rule().outlook_can_hold() {
        let rule = match s.rule().end() {
            End::Count(_) => s.rule().to_string(),
            End::Until(_) => {
                // The rule's own UNTIL is a local date; calendars want the
                // UTC instant of the last occurrence.
                let shown = s.rule().with_count(1).to_string();
                let head = shown.trim_end_matches(";COUNT=1");
                format!(
                    "{head};UNTIL={}",
                    utc_stamp(last_original_start(m, last, slot))
                )
            }
        };
        let exdates = s
            .occurrences()
            .iter()
            .filter(|o| o.is_cancelled())
            .map(|o| o.original.and_time(slot.start()))
            .collect();
        let mut master = base.clone();
        master.when = at(first.original);
        master.starts = first.session.utc.start;
        master.recur = Some(Recur {
            rule,
            exdates,
            last: last.original.and_time(slot.start()),
        });
        out.push(master);
        for o in s.occurrences().iter().filter(|o| o.is_changed()) {
            let mut e = base.clone();
            // Where the rule put it: its original date at the series' slot.
            e.recurrence_id = Some(o.original.and_time(slot.start()));
            e.when = When::Local {
                zone: m.zone(),
                start: local_start(o),
                end: Some(o.session.date.and_time(o.session.slot.end())),
            };
            e.summary = changed_summary(o);
            e.starts = o.session.utc.start;
            out.push(e);
        }
    } else {
        for o in s.occurrences() {
            let mut e = base.clone();
            e.uid = format!(
                "{}-{}@{}",
                m.id(),
                o.original.format("%Y%m%d"),
                links.uid_domain
            );
            e.when = When::Local {
                zone: m.zone(),
                start: local_start(o),
                end: Some(o.session.date.and_time(o.session.slot.end())),
            };
            e.summary = changed_summary(o);
            e.starts = o.session.utc.start;
            if o.is_cancelled() && m.status() != Status::Cancelled {
                e.status = "CANCELLED";
                e.transparent = true;
                let title = titled(g, m);
                e.summary = g.say.one("feed-cancelled", "title", &title, || {
                    format!("Cancelled: {title}")
                });
            }
            out.push(e);
        }
    }
}

/// The UTC start the last occurrence has by the rule (before any change).
fn last_original_start(
    m: &Meeting,
    last: &Occurrence,
    slot: crate::time::TimeSlot,
) -> chrono::DateTime<chrono::Utc> {
    match &last.exception {
        None => last.session.utc.start,
        Some(_) => {
            let start = last.original.and_time(slot.start());
            crate::time::resolve_local(m.zone(), start, m.fold())
                .unwrap_or_else(|_| crate::time::resolve_lenient(m.zone(), start))
        }
    }
}

#[cfg(test)]
mod tests;
