//! The words of a mail, in its language: dates, zones and group names as
//! text, and the subject line. Messages are `mail-*` in
//! `crates/convene-core/locales/{lang}/mail.ftl`; dates and times come from
//! ICU4X (`convene_core::i18n`). Organizers' text (titles, labels, names)
//! is put in as written.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use convene_core::i18n::{self, Arg, Lang};
use convene_core::ical::group_names;
use convene_core::{GroupSlug, GroupTree, MailKind, Schedule, TimeSlot};

use super::Loaded;

/// A message of the mail's language (with Arabic's bidi isolation).
pub(super) fn tr(lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    i18n::t(lang, key, args)
}

/// "Thursday 7 September 2023", "jeudi 7 septembre 2023".
pub(super) fn day(lang: Lang, d: NaiveDate) -> String {
    i18n::weekday_date(lang, d)
}

/// "7 September 2023", "7-8 September 2023", "30 October-2 November
/// 2023", in the language's way ("7-8 septembre 2023", "2023年9月7日至8日").
pub fn range_text(lang: Lang, first: NaiveDate, last: NaiveDate) -> String {
    i18n::date_range(lang, first, last)
}

/// "Geneva time (Europe/Zurich)", "UTC": the zone's name in the language,
/// with its IANA name when that says something more.
pub(super) fn zone_text(lang: Lang, zone: Tz) -> String {
    let name = i18n::zone_name(lang, zone);
    if name == zone.name() || i18n::zone::is_utc(zone) {
        name
    } else {
        format!("{name} ({})", zone.name())
    }
}

/// "09:00-11:00" in the language.
pub(super) fn slot_text(lang: Lang, slot: TimeSlot) -> String {
    i18n::time_range(lang, slot.start(), slot.end())
}

/// "09:00-11:00 Geneva time (Europe/Zurich)", in the language's order.
pub(super) fn slot_in_zone(lang: Lang, slot: TimeSlot, zone: Tz) -> String {
    tr(
        lang,
        "time-in-zone",
        &[
            ("time", slot_text(lang, slot).into()),
            ("zone", zone_text(lang, zone).into()),
        ],
    )
}

/// "Thursday 7 September 2023 07:00 UTC".
pub(super) fn utc_instant(lang: Lang, t: DateTime<Utc>) -> String {
    format!(
        "{} {} UTC",
        day(lang, t.date_naive()),
        i18n::time(lang, t.time())
    )
}

/// An interval in UTC, on one line.
pub(super) fn utc_span(lang: Lang, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    if start.date_naive() == end.date_naive() {
        format!(
            "{}, {} UTC",
            day(lang, start.date_naive()),
            i18n::time_range(lang, start.time(), end.time())
        )
    } else {
        format!(
            "{} {} - {} {} UTC",
            day(lang, start.date_naive()),
            i18n::time(lang, start.time()),
            day(lang, end.date_naive()),
            i18n::time(lang, end.time())
        )
    }
}

/// The times of `start..end` at a glance: in the item's zone, in the
/// body's home zone (`schedule.default_zone`, "Geneva time") when it
/// differs, and in UTC: "13:15-14:45 New York time / 19:15-20:45 Geneva
/// time / 17:15-18:45 UTC".
pub(super) fn glance(
    lang: Lang,
    start: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    zone: Tz,
    home: Tz,
) -> String {
    i18n::glance(lang, start, end, zone, home)
        .into_iter()
        .map(|g| g.text)
        .collect::<Vec<_>>()
        .join(" / ")
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

/// "close" for "Contributions", "closes" for "Registration" (English; the
/// other languages say it one way).
pub(super) fn closes(lang: Lang, what: &str) -> String {
    let plural = if what.ends_with('s') && !what.ends_with("ss") {
        "yes"
    } else {
        "no"
    };
    tr(lang, "mail-closes", &[("plural", plural.into())])
}

/// "Contributions close on 20 June 2023".
pub(super) fn deadline_on(lang: Lang, what: &str, date: NaiveDate) -> String {
    tr(
        lang,
        "mail-deadline-on",
        &[
            ("what", what.into()),
            ("closes", closes(lang, what).into()),
            ("date", i18n::long_date(lang, date).into()),
        ],
    )
}

/// "today", "tomorrow", "in 7 days".
pub(super) fn in_days(lang: Lang, n: u32) -> String {
    tr(lang, "mail-in-days", &[("days", n.into())])
}

/// A single line: no control characters (subjects are built from one-line
/// fields already; this is the last guard). Arabic's bidi isolation marks
/// are format characters, not control ones: they stay out of subjects
/// because subjects are built from the messages without them.
pub(super) fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The meeting's days, or its window's wording.
pub(super) fn meeting_dates(lang: Lang, m: &convene_core::Meeting) -> String {
    match m.schedule() {
        Schedule::Tentative { label, .. } => {
            tr(lang, "mail-tentative", &[("label", label.as_str().into())])
        }
        _ if m.series().is_some() => match (m.sessions().first(), m.sessions().last()) {
            (Some(f), Some(l)) => range_text(lang, f.date, l.date),
            _ => range_text(
                lang,
                m.schedule().days().first(),
                m.schedule().days().last(),
            ),
        },
        other => range_text(lang, other.days().first(), other.days().last()),
    }
}

/// The mail's subject in `lang`: groups, title, date.
pub fn subject(kind: MailKind, item: &Loaded, tree: &GroupTree, lang: Lang) -> String {
    let p = |key: &str, args: &[(&str, Arg<'_>)]| i18n::t_plain(lang, key, args);
    let groups = group_names(tree, &item.groups());
    let text = match item {
        Loaded::Meeting { meeting, .. } => {
            let m = &meeting.meeting;
            let title = m.title().as_str();
            let dates = meeting_dates(lang, m);
            let args = [("title", Arg::from(title)), ("dates", Arg::from(&dates))];
            match kind {
                MailKind::Announcement => p("mail-subject-new-meeting", &args),
                MailKind::Reminder { days_before } => p(
                    "mail-subject-reminder-meeting",
                    &[
                        ("title", title.into()),
                        ("dates", (&dates).into()),
                        ("when", in_days(lang, days_before).into()),
                    ],
                ),
                MailKind::OccurrenceReminder {
                    days_before,
                    occurrence,
                } => {
                    // The occurrence's day now (it may have moved).
                    let o = m.series().and_then(|s| s.occurrence(occurrence));
                    let day = o.map_or(occurrence, |o| o.session.date);
                    let title = o.and_then(|o| o.title()).map_or(title, |t| t.as_str());
                    p(
                        "mail-subject-reminder-meeting",
                        &[
                            ("title", title.into()),
                            ("dates", i18n::long_date(lang, day).into()),
                            ("when", in_days(lang, days_before).into()),
                        ],
                    )
                }
                MailKind::Update | MailKind::Digest | MailKind::PersonalLink => {
                    p("mail-subject-changed-meeting", &args)
                }
                MailKind::Cancellation => p("mail-subject-cancelled-meeting", &args),
                MailKind::Reinstatement => p("mail-subject-reinstated-meeting", &args),
            }
        }
        Loaded::Deadline { deadline, meeting } => {
            let d = &deadline.deadline;
            let what = d.what_in(lang);
            let what = what.as_ref();
            let of = meeting
                .as_ref()
                .map_or(String::new(), |m| format!(" ({})", m.meeting.title()));
            let on = format!("{}{of}", deadline_on(lang, what, d.date()));
            let bare = format!("{what}{of}");
            let (key, deadline) = match kind {
                MailKind::Reminder { .. } | MailKind::OccurrenceReminder { .. } => {
                    ("mail-subject-reminder-deadline", on)
                }
                MailKind::Announcement => ("mail-subject-new-deadline", on),
                MailKind::Update | MailKind::Digest | MailKind::PersonalLink => {
                    ("mail-subject-changed-deadline", on)
                }
                MailKind::Cancellation => ("mail-subject-cancelled-deadline", bare),
                MailKind::Reinstatement => ("mail-subject-reinstated-deadline", bare),
            };
            p(key, &[("deadline", deadline.into())])
        }
        Loaded::Batch { items } => super::digest::subject_text(items, lang),
    };
    // Bidi marks out of the header whatever a message gave.
    let text: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{2066}'..='\u{2069}'))
        .collect();
    one_line(&format!("[{groups}] {text}"))
}
