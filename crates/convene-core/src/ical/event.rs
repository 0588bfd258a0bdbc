//! The rendering model: meetings and deadlines as calendar events.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

use crate::deadline::Deadline;
use crate::dropped::DroppedSession;
use crate::group::GroupTree;
use crate::i18n::Lang;
use crate::meeting::{Meeting, MeetingKind, Schedule, Status};
use crate::text::Contact;
use crate::time::day_start;

use super::say::Say;
use super::writer::Digits;

/// When an event is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// All-day, `first..end_exclusive`.
    Date {
        /// First day.
        first: NaiveDate,
        /// The day after the last.
        end_exclusive: NaiveDate,
    },
    /// Local wall-clock in a zone (`TZID`); no end for a point in time.
    Local {
        /// The zone.
        zone: Tz,
        /// Start, local.
        start: NaiveDateTime,
        /// End, local.
        end: Option<NaiveDateTime>,
    },
    /// An exact interval in UTC (`…Z`, no `TZID`), for a session that is
    /// no longer part of its meeting: its instants are what was published,
    /// whatever the meeting's zone is now.
    Utc {
        /// Start.
        start: DateTime<Utc>,
        /// End.
        end: DateTime<Utc>,
    },
}

/// One VEVENT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable UID.
    pub uid: String,
    /// `SEQUENCE`: the item's version minus one.
    pub sequence: i64,
    /// `DTSTAMP` and `LAST-MODIFIED`.
    pub last_modified: DateTime<Utc>,
    /// When.
    pub when: When,
    /// `SUMMARY`.
    pub summary: String,
    /// `DESCRIPTION`.
    pub description: String,
    /// `LOCATION`, for meetings with a place.
    pub location: Option<String>,
    /// `URL`.
    pub url: Option<String>,
    /// `CATEGORIES`.
    pub categories: Vec<String>,
    /// `CONFIRMED`, `TENTATIVE` or `CANCELLED`.
    pub status: &'static str,
    /// `TRANSP:TRANSPARENT` (does not make anyone busy).
    pub transparent: bool,
    /// The UTC instant it starts, for ordering.
    pub starts: DateTime<Utc>,
    /// `RRULE` and `EXDATE`: the master event of a series.
    pub recur: Option<super::series::Recur>,
    /// `RECURRENCE-ID`: the original local start of the occurrence this
    /// event overrides, in the event's zone.
    pub recurrence_id: Option<NaiveDateTime>,
}

/// A meeting to publish, with what the feed needs besides the meeting.
#[derive(Debug, Clone)]
pub struct FeedMeeting<'a> {
    /// The meeting.
    pub meeting: &'a Meeting,
    /// Its version (1 when created).
    pub version: i64,
    /// Its last change.
    pub last_modified: DateTime<Utc>,
    /// Its deadlines, listed in the description.
    pub deadlines: Vec<&'a Deadline>,
    /// The daily sessions it published and no longer has (see
    /// [`crate::dropped_sessions`]), each published as a cancelled event
    /// with the UID its day had. Days the meeting publishes again, and
    /// repeats of a day, are left out.
    pub dropped: &'a [DroppedSession],
}

/// A deadline to publish.
#[derive(Debug, Clone)]
pub struct FeedDeadline<'a> {
    /// The deadline.
    pub deadline: &'a Deadline,
    /// Its version.
    pub version: i64,
    /// Its last change.
    pub last_modified: DateTime<Utc>,
    /// Its meeting's title, for a meeting's deadline.
    pub meeting_title: Option<&'a str>,
    /// The groups it concerns (its meeting's, or its group).
    pub groups: Vec<crate::text::GroupSlug>,
}

/// Where links point and what UIDs end with.
#[derive(Debug, Clone, Copy)]
pub struct Links<'a> {
    /// Public base URL, no trailing slash.
    pub base_url: &'a str,
    /// The right-hand side of UIDs (`…@DOMAIN`).
    pub uid_domain: &'a str,
}

/// The UID of day `day` (1-based) of meeting `id`: `ID@DOMAIN` for day 1,
/// `ID-dayN@DOMAIN` after it.
pub(super) fn day_uid(id: &crate::text::ItemId, day: u32, domain: &str) -> String {
    if day <= 1 {
        format!("{id}@{domain}")
    } else {
        format!("{id}-day{day}@{domain}")
    }
}

/// "Geneva time" for Europe/Zurich, the IANA name otherwise.
pub fn zone_label(zone: Tz) -> String {
    zone_label_str(zone).to_owned()
}

fn zone_label_str(zone: Tz) -> &'static str {
    match zone {
        chrono_tz::Europe::Zurich => "Geneva time",
        other => other.name(),
    }
}

/// Appends [`long_date`] of `d` to `out`.
fn push_long_date(out: &mut String, d: NaiveDate) {
    out.push_str(Digits::int(i64::from(d.day())).as_str());
    out.push(' ');
    out.push_str(month_name(d));
    out.push(' ');
    out.push_str(Digits::int(i64::from(d.year())).as_str());
}

/// "June": a date's month, in English.
pub fn month_name(d: NaiveDate) -> &'static str {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    MONTHS.get(d.month0() as usize).copied().unwrap_or("?")
}

/// "20 June 2023".
pub fn long_date(d: NaiveDate) -> String {
    let mut s = String::with_capacity(20);
    push_long_date(&mut s, d);
    s
}

/// "WG3 & WG5": the groups' short names (a slug where the tree has none).
pub fn group_names(tree: &GroupTree, groups: &[crate::text::GroupSlug]) -> String {
    tree.short_names(groups).join(" & ")
}

/// What a feed says about a set of groups; the same for every meeting of
/// those groups, so it is worked out once per set.
#[derive(Debug)]
pub(super) struct GroupText {
    /// The feed's language.
    pub(super) say: Say,
    /// Short names ("WG3", "WG5").
    pub(super) names: Vec<String>,
    /// "WG3 (Architecture & Infrastructure) & WG5 (Interoperability)".
    pub(super) described: String,
    /// "Mailing list: …", if any list applies.
    pub(super) lists: Option<String>,
}

impl GroupText {
    fn new(tree: &GroupTree, groups: &[crate::text::GroupSlug], say: Say) -> Self {
        let mut names = Vec::with_capacity(groups.len());
        let mut described = Vec::with_capacity(groups.len());
        for g in groups {
            match tree.get(g) {
                Some(g) => {
                    names.push(g.short_name.to_string());
                    described.push(format!("{} ({})", g.short_name, g.name));
                }
                None => {
                    names.push(g.to_string());
                    described.push(g.to_string());
                }
            }
        }
        let lists: Vec<String> = tree
            .recipients(groups)
            .iter()
            .map(|l| l.to_string())
            .collect();
        Self {
            say,
            names,
            described: described.join(" & "),
            lists: (!lists.is_empty()).then(|| {
                let lists = lists.join(", ");
                say.one("feed-mailing-list", "lists", &lists, || {
                    format!("Mailing list: {lists}")
                })
            }),
        }
    }
}

/// The title, with the groups named unless it already names them.
pub(super) fn titled(g: &GroupText, m: &Meeting) -> String {
    let names = &g.names;
    let title = m.title().as_str();
    if names.iter().all(|n| title.contains(n.as_str())) {
        title.to_owned()
    } else {
        format!("{}: {title}", names.join(" & "))
    }
}

/// The summary: the title with the groups, what is not fixed yet, and
/// "Cancelled: " in front for a cancelled meeting.
fn summary(g: &GroupText, m: &Meeting) -> String {
    let say = g.say;
    let base = titled(g, m);
    let base = match m.schedule() {
        Schedule::TimeTba { .. } => say.one("feed-tba", "title", &base, || {
            format!("{base} (time to be announced)")
        }),
        Schedule::Tentative { label, slot, .. } => match slot {
            Some(s) => {
                let zone = say.zone(m.zone());
                let slot = say.times(s.start(), s.end());
                say.many(
                    "feed-tentative-planned",
                    &[
                        ("title", &base),
                        ("label", label.as_str()),
                        ("slot", &slot),
                        ("zone", &zone),
                    ],
                    || format!("{base}, {label}, planned {s} {zone} (tentative)"),
                )
            }
            None => say.many(
                "feed-tentative-window",
                &[("title", &base), ("label", label.as_str())],
                || format!("{base}, {label} (tentative)"),
            ),
        },
        _ if m.status() == Status::Tentative => say.one("feed-tentative", "title", &base, || {
            format!("{base} (tentative)")
        }),
        _ => base,
    };
    if m.status() == Status::Cancelled {
        say.one("feed-cancelled", "title", &base, || {
            format!("Cancelled: {base}")
        })
    } else {
        base
    }
}

/// Appends "7 September 2023, 09:00-12:00 Geneva time (Europe/Zurich) =
/// 07:00-10:00 UTC" to `out`.
pub(super) fn push_slot_text(out: &mut String, zone: Tz, s: &crate::meeting::Session, say: Say) {
    if !say.en() {
        let date = say.long_date(s.date);
        let times = say.times(s.slot.start(), s.slot.end());
        let utc = say.times(s.utc.start.time(), s.utc.end.time());
        out.push_str(&say.many(
            "feed-slot",
            &[
                ("date", &date),
                ("times", &times),
                ("zone", &say.zone(zone)),
                ("iana", zone.name()),
                ("utc", &utc),
            ],
            String::new,
        ));
        return;
    }
    push_long_date(out, s.date);
    out.push_str(", ");
    out.push_str(Digits::hh_mm(s.slot.start()).as_str());
    out.push('-');
    out.push_str(Digits::hh_mm(s.slot.end()).as_str());
    out.push(' ');
    out.push_str(zone_label_str(zone));
    out.push_str(" (");
    out.push_str(zone.name());
    out.push_str(") = ");
    out.push_str(Digits::hh_mm(s.utc.start).as_str());
    out.push('-');
    out.push_str(Digits::hh_mm(s.utc.end).as_str());
    out.push_str(" UTC");
}

fn meeting_description(g: &GroupText, links: &Links<'_>, f: &FeedMeeting<'_>) -> String {
    use std::fmt::Write as _;
    let m = f.meeting;
    // One buffer, lines written straight into it: this runs once per event
    // of a feed, so it avoids a string per line.
    let say = g.say;
    if !say.en() {
        return super::described::meeting(g, links, f);
    }
    let mut out = String::with_capacity(512);
    let _ = write!(out, "{} of {}", m.kind().label(), g.described);
    if m.status() == Status::Cancelled {
        match m.cancel_reason() {
            Some(r) => {
                let _ = write!(out, "\nCANCELLED: {r}");
            }
            None => out.push_str("\nCANCELLED"),
        }
    }
    match m.schedule() {
        Schedule::Timed { .. } if m.series().is_some() => {
            if let Some(s) = m.series() {
                super::series::series_lines(m, s, &mut out, say);
            }
        }
        Schedule::Timed { .. } => {
            for s in m.sessions() {
                out.push_str("\nWhen: ");
                push_slot_text(&mut out, m.zone(), s, say);
            }
        }
        Schedule::AllDay { days } => {
            let _ = write!(
                out,
                "\nWhen: {} to {}, whole days ({})",
                long_date(days.first()),
                long_date(days.last()),
                m.zone().name()
            );
        }
        Schedule::TimeTba { days } => {
            let _ = write!(
                out,
                "\nWhen: {}, time to be announced ({})",
                long_date(days.first()),
                m.zone().name()
            );
        }
        Schedule::Tentative {
            window,
            label,
            slot,
        } => {
            let _ = write!(
                out,
                "\nWhen: not fixed yet: {label} ({} to {})",
                long_date(window.first()),
                long_date(window.last())
            );
            if let Some(s) = slot {
                let _ = write!(out, ", planned {s} {}", zone_label(m.zone()));
            }
        }
    }
    if let Some(l) = m.location().display() {
        let _ = write!(out, "\nWhere: {l}");
    }
    if let Some(u) = m.remote_url() {
        let _ = write!(out, "\nRemote participation: {u}");
    }
    if let Some(n) = m.join_notes() {
        let _ = write!(out, "\nJoining: {n}");
    }
    if let Some(n) = m.join_notice() {
        let _ = write!(out, "\n{n}");
    }
    if let Some(l) = &g.lists {
        out.push('\n');
        out.push_str(l);
    }
    if !f.deadlines.is_empty() {
        out.push_str("\nDeadlines:");
        for d in &f.deadlines {
            out.push('\n');
            out.push_str(&super::described::deadline_line(d, say));
        }
    }
    if let Some(d) = m.description() {
        out.push_str("\n\n");
        out.push_str(d.as_str());
    }
    let _ = write!(out, "\n\nDetails: {}/meetings/{}", links.base_url, m.id());
    out
}

/// `LOCATION`: for a physical meeting, or any meeting with a place.
pub(super) fn location(m: &Meeting) -> Option<String> {
    (m.kind() == MeetingKind::Physical || !m.location().is_empty())
        .then(|| m.location().display())
        .flatten()
}

fn status(m: &Meeting) -> &'static str {
    match m.status() {
        Status::Confirmed => "CONFIRMED",
        Status::Tentative => "TENTATIVE",
        Status::Cancelled => "CANCELLED",
    }
}

/// The events of meetings and deadlines, ordered by start, then UID.
pub fn events(
    tree: &GroupTree,
    links: &Links<'_>,
    meetings: &[FeedMeeting<'_>],
    deadlines: &[FeedDeadline<'_>],
) -> Vec<Event> {
    events_in(tree, links, meetings, deadlines, Lang::En)
}

/// [`events`] with the generated text in `lang` (summaries' prefixes,
/// description labels, dates, zone names); the organizer's text as it is.
pub fn events_in(
    tree: &GroupTree,
    links: &Links<'_>,
    meetings: &[FeedMeeting<'_>],
    deadlines: &[FeedDeadline<'_>],
    lang: Lang,
) -> Vec<Event> {
    let say = Say(lang);
    let mut out = Vec::with_capacity(meetings.len() + deadlines.len());
    let mut texts: Vec<(&[crate::text::GroupSlug], GroupText)> = Vec::new();
    for f in meetings {
        let m = f.meeting;
        let i = match texts.iter().position(|(k, _)| *k == m.groups()) {
            Some(i) => i,
            None => {
                texts.push((m.groups(), GroupText::new(tree, m.groups(), say)));
                texts.len() - 1
            }
        };
        let g = &texts[i].1;
        let description = meeting_description(g, links, f);
        let location = location(m);
        let base = Event {
            uid: format!("{}@{}", m.id(), links.uid_domain),
            sequence: f.version - 1,
            last_modified: f.last_modified,
            when: When::Date {
                first: m.schedule().days().first(),
                end_exclusive: m.schedule().days().end_exclusive(),
            },
            summary: summary(g, m),
            description,
            location,
            url: Some(format!("{}/meetings/{}", links.base_url, m.id())),
            categories: vec![say.kind(m.kind())],
            status: status(m),
            transparent: matches!(
                m.schedule(),
                Schedule::Tentative { .. } | Schedule::TimeTba { .. }
            ),
            starts: m.starts_at(),
            recur: None,
            recurrence_id: None,
        };
        match (m.schedule(), m.series()) {
            (Schedule::Timed { .. }, Some(s)) => {
                super::series::series_events(g, links, f, s, base, &mut out);
            }
            (Schedule::Timed { .. }, None) => {
                let n = m.sessions().len();
                let mut base = Some(base);
                for (i, s) in m.sessions().iter().enumerate() {
                    // The last session takes the event itself; the others a copy.
                    let next = if i + 1 == n {
                        base.take()
                    } else {
                        base.clone()
                    };
                    let Some(mut e) = next else { break };
                    // Day 1 keeps the meeting's UID, so moving a meeting
                    // updates the event instead of replacing it.
                    if i > 0 {
                        let day = u32::try_from(i + 1).unwrap_or(u32::MAX);
                        e.uid = day_uid(m.id(), day, links.uid_domain);
                    }
                    e.when = When::Local {
                        zone: m.zone(),
                        start: s.date.and_time(s.slot.start()),
                        end: Some(s.date.and_time(s.slot.end())),
                    };
                    if n > 1 {
                        let (day, days) = ((i + 1).to_string(), n.to_string());
                        e.summary = say.many(
                            "feed-day-of",
                            &[("title", &e.summary), ("day", &day), ("days", &days)],
                            || format!("{} (day {day} of {days})", e.summary),
                        );
                    }
                    e.starts = s.utc.start;
                    out.push(e);
                }
            }
            (_, _) => out.push(base),
        }
        super::dropped_events::dropped_events(g, links, f, &mut out);
    }
    for f in deadlines {
        let d = f.deadline;
        let kind_or_title = d.what_in(say.0);
        let what_in = kind_or_title.as_ref();
        let what = match f.meeting_title {
            Some(t) => say.many(
                "feed-deadline-of-meeting",
                &[("what", what_in), ("title", t)],
                || format!("{what_in} for {t}"),
            ),
            None => {
                let groups = group_names(tree, &f.groups);
                say.many(
                    "feed-deadline-of-groups",
                    &[("what", what_in), ("groups", &groups)],
                    || format!("{what_in} ({groups})"),
                )
            }
        };
        let prefixed = say.one("feed-deadline", "what", &what, || {
            format!("Deadline: {what}")
        });
        let mut description = vec![prefixed.clone(), super::described::deadline_line(d, say)];
        if let Some(n) = d.note() {
            description.push(String::new());
            description.push(n.to_string());
        }
        let when = match d.time() {
            Some(t) => When::Local {
                zone: d.zone(),
                start: d.date().and_time(t),
                end: None,
            },
            None => When::Date {
                first: d.date(),
                end_exclusive: d.date().succ_opt().unwrap_or(d.date()),
            },
        };
        out.push(Event {
            uid: format!("deadline-{}@{}", d.id(), links.uid_domain),
            sequence: f.version - 1,
            last_modified: f.last_modified,
            when,
            summary: prefixed,
            description: description.join("\n"),
            location: None,
            url: match d.submit_to() {
                Some(Contact::Url(u)) => Some(u.to_string()),
                _ => None,
            },
            categories: vec![say.many("feed-category-deadline", &[], || "Deadline".to_owned())],
            status: "CONFIRMED",
            transparent: true,
            starts: d
                .time()
                .map_or(day_start(d.zone(), d.date()), |_| d.closes_at()),
            recur: None,
            recurrence_id: None,
        });
    }
    out.sort_by(|a, b| (a.starts, &a.uid).cmp(&(b.starts, &b.uid)));
    out
}
