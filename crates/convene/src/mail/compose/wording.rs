//! The words of a mail: dates, zones and group names as text, and the
//! subject line.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use convene_core::ical::{group_names, hh_mm, long_date, zone_label};
use convene_core::{GroupSlug, GroupTree, MailKind, Schedule};

use super::Loaded;

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// "Thursday 7 September 2023".
pub(super) fn day(d: NaiveDate) -> String {
    let name = WEEKDAYS
        .get(d.weekday().num_days_from_monday() as usize)
        .copied()
        .unwrap_or("");
    format!("{name} {}", long_date(d))
}

/// "7 September 2023", "7-8 September 2023", "30 October - 2 November
/// 2023", "30 December 2023 - 2 January 2024".
pub fn range_text(first: NaiveDate, last: NaiveDate) -> String {
    if first == last {
        long_date(first)
    } else if (first.year(), first.month()) == (last.year(), last.month()) {
        format!("{}-{}", first.day(), long_date(last))
    } else if first.year() == last.year() {
        let f = long_date(first);
        let without_year = f.rsplit_once(' ').map_or(f.as_str(), |(a, _)| a);
        format!("{without_year} - {}", long_date(last))
    } else {
        format!("{} - {}", long_date(first), long_date(last))
    }
}

/// "Geneva time (Europe/Zurich)", or the zone's name.
pub(super) fn zone_text(zone: Tz) -> String {
    let label = zone_label(zone);
    if label == zone.name() {
        label
    } else {
        format!("{label} ({})", zone.name())
    }
}

/// "Thursday 7 September 2023 07:00 UTC".
pub(super) fn utc_instant(t: DateTime<Utc>) -> String {
    format!("{} {} UTC", day(t.date_naive()), hh_mm(t))
}

/// An interval in UTC, on one line.
pub(super) fn utc_span(start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    if start.date_naive() == end.date_naive() {
        format!(
            "{}, {}-{} UTC",
            day(start.date_naive()),
            hh_mm(start),
            hh_mm(end)
        )
    } else {
        format!(
            "{} {} - {} {} UTC",
            day(start.date_naive()),
            hh_mm(start),
            day(end.date_naive()),
            hh_mm(end)
        )
    }
}

pub(super) fn groups_described(tree: &GroupTree, groups: &[GroupSlug]) -> String {
    groups
        .iter()
        .map(|g| {
            tree.get(g).map_or(g.to_string(), |g| {
                if g.name.as_str() == g.short_name.as_str() {
                    g.name.to_string()
                } else {
                    format!("{} ({})", g.short_name, g.name)
                }
            })
        })
        .collect::<Vec<_>>()
        .join(" & ")
}

/// "close" for "Contributions", "closes" for "Registration".
pub(super) fn closes(what: &str) -> &'static str {
    if what.ends_with('s') && !what.ends_with("ss") {
        "close"
    } else {
        "closes"
    }
}

pub(super) fn in_days(n: u32) -> String {
    match n {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        n => format!("in {n} days"),
    }
}

/// A single line: no control characters (subjects are built from one-line
/// fields already; this is the last guard).
pub(super) fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The meeting's days, or its window's wording.
pub(super) fn meeting_dates(m: &convene_core::Meeting) -> String {
    match m.schedule() {
        Schedule::Tentative { label, .. } => format!("{label} (tentative)"),
        _ if m.series().is_some() => match (m.sessions().first(), m.sessions().last()) {
            (Some(f), Some(l)) => range_text(f.date, l.date),
            _ => range_text(m.schedule().days().first(), m.schedule().days().last()),
        },
        other => range_text(other.days().first(), other.days().last()),
    }
}

/// The mail's subject: groups, title, date.
pub fn subject(kind: MailKind, item: &Loaded, tree: &GroupTree) -> String {
    let groups = group_names(tree, &item.groups());
    let text = match item {
        Loaded::Meeting { meeting, .. } => {
            let m = &meeting.meeting;
            let title = m.title().as_str();
            let dates = meeting_dates(m);
            match kind {
                MailKind::Announcement => format!("New meeting: {title}, {dates}"),
                MailKind::Reminder { days_before } => {
                    format!("Reminder: {title}, {dates} ({})", in_days(days_before))
                }
                MailKind::OccurrenceReminder {
                    days_before,
                    occurrence,
                } => {
                    // The occurrence's day now (it may have moved).
                    let o = m.series().and_then(|s| s.occurrence(occurrence));
                    let day = o.map_or(occurrence, |o| o.session.date);
                    let title = o.and_then(|o| o.title()).map_or(title, |t| t.as_str());
                    format!(
                        "Reminder: {title}, {} ({})",
                        long_date(day),
                        in_days(days_before)
                    )
                }
                MailKind::Update | MailKind::Digest | MailKind::PersonalLink => {
                    format!("Changed: {title}, now {dates}")
                }
                MailKind::Cancellation => format!("Cancelled: {title}, {dates}"),
                MailKind::Reinstatement => format!("Reinstated: {title}, {dates}"),
            }
        }
        Loaded::Deadline { deadline, meeting } => {
            let d = &deadline.deadline;
            let what = d.what();
            let on = format!("{what} {} on {}", closes(what), long_date(d.date()));
            let of = meeting
                .as_ref()
                .map_or(String::new(), |m| format!(" ({})", m.meeting.title()));
            match kind {
                MailKind::Reminder { .. } | MailKind::OccurrenceReminder { .. } => {
                    format!("Reminder: {on}{of}")
                }
                MailKind::Announcement => format!("New deadline: {on}{of}"),
                MailKind::Update | MailKind::Digest | MailKind::PersonalLink => {
                    format!("Changed: {on}{of}")
                }
                MailKind::Cancellation => format!("Cancelled: {what}{of}"),
                MailKind::Reinstatement => format!("Reinstated: {what}{of}"),
            }
        }
        Loaded::Batch { items } => super::digest::subject_text(items),
    };
    one_line(&format!("[{groups}] {text}"))
}
