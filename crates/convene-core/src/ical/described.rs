//! A meeting's description in a language other than English, line by line
//! from `feeds.ftl` (English keeps its own, faster writer in `event.rs`).

use crate::dropped::DroppedSession;
use crate::i18n::Arg;
use crate::meeting::{Meeting, Schedule, Status};

use super::event::{FeedMeeting, GroupText, Links, push_slot_text};
use super::say::Say;
use crate::deadline::Deadline;
use crate::text::Contact;

/// The description of `f`'s meeting in `g.say`'s language.
pub(super) fn meeting(g: &GroupText, links: &Links<'_>, f: &FeedMeeting<'_>) -> String {
    let say = g.say;
    let m = f.meeting;
    let mut lines: Vec<String> = Vec::with_capacity(12);
    let kind = say.kind(m.kind());
    lines.push(say.many(
        "feed-kind-of",
        &[("kind", &kind), ("groups", &g.described)],
        String::new,
    ));
    if m.status() == Status::Cancelled {
        lines.push(match m.cancel_reason() {
            Some(r) => say.t(
                "feed-cancelled-reason",
                &[("reason", Arg::from(r.as_str()))],
            ),
            None => say.t("feed-cancelled-line", &[]),
        });
    }
    let when = |text: String| say.t("feed-when", &[("when", Arg::from(text))]);
    let iana = m.zone().name();
    match m.schedule() {
        Schedule::Timed { .. } if m.series().is_some() => {
            if let Some(s) = m.series() {
                let mut out = String::new();
                super::series::series_lines(m, s, &mut out, say);
                lines.extend(out.lines().filter(|l| !l.is_empty()).map(str::to_owned));
            }
        }
        Schedule::Timed { .. } => {
            for s in m.sessions() {
                let mut text = String::new();
                push_slot_text(&mut text, m.zone(), s, say);
                lines.push(when(text));
            }
        }
        Schedule::AllDay { days } => {
            let (first, last) = (say.long_date(days.first()), say.long_date(days.last()));
            lines.push(when(say.many(
                "feed-whole-days",
                &[("first", &first), ("last", &last), ("iana", iana)],
                String::new,
            )));
        }
        Schedule::TimeTba { days } => {
            let date = say.long_date(days.first());
            lines.push(when(say.many(
                "feed-time-tba",
                &[("date", &date), ("iana", iana)],
                String::new,
            )));
        }
        Schedule::Tentative {
            window,
            label,
            slot,
        } => {
            let (first, last) = (say.long_date(window.first()), say.long_date(window.last()));
            let text = match slot {
                Some(s) => {
                    let times = say.times(s.start(), s.end());
                    let zone = say.zone(m.zone());
                    say.many(
                        "feed-not-fixed-planned",
                        &[
                            ("label", label.as_str()),
                            ("first", &first),
                            ("last", &last),
                            ("slot", &times),
                            ("zone", &zone),
                        ],
                        String::new,
                    )
                }
                None => say.many(
                    "feed-not-fixed",
                    &[
                        ("label", label.as_str()),
                        ("first", &first),
                        ("last", &last),
                    ],
                    String::new,
                ),
            };
            lines.push(when(text));
        }
    }
    if let Some(l) = m.location().display() {
        lines.push(say.t("feed-where", &[("place", Arg::from(l))]));
    }
    if let Some(u) = m.remote_url() {
        lines.push(say.t("feed-remote", &[("url", Arg::from(u.to_string()))]));
    }
    if let Some(n) = m.join_notes() {
        lines.push(say.t("feed-joining", &[("notes", Arg::from(n.to_string()))]));
    }
    if let Some(n) = m.join_notice() {
        lines.push(n.to_owned());
    }
    if let Some(l) = &g.lists {
        lines.push(l.clone());
    }
    if !f.deadlines.is_empty() {
        lines.push(say.t("feed-deadlines", &[]));
        for d in &f.deadlines {
            lines.push(deadline_line(d, say));
        }
    }
    let mut out = lines.join("\n");
    if let Some(d) = m.description() {
        out.push_str("\n\n");
        out.push_str(d.as_str());
    }
    out.push_str("\n\n");
    out.push_str(&details(say, links, m));
    out
}

fn details(say: super::say::Say, links: &Links<'_>, m: &Meeting) -> String {
    let url = format!("{}/meetings/{}", links.base_url, m.id());
    say.t("feed-details", &[("url", Arg::from(url))])
}

/// The description of a dropped session in `g.say`'s language.
pub(super) fn dropped(g: &GroupText, links: &Links<'_>, m: &Meeting, d: &DroppedSession) -> String {
    let say = g.say;
    let zone = m.zone();
    let (start, end) = (d.start.with_timezone(&zone), d.end.with_timezone(&zone));
    let kind = say.kind(m.kind());
    let date = say.long_date(start.date_naive());
    let times = say.times(start.time(), end.time());
    let utc = say.times(d.start.time(), d.end.time());
    let day = d.day.to_string();
    [
        say.many(
            "feed-kind-of",
            &[("kind", &kind), ("groups", &g.described)],
            String::new,
        ),
        say.many("feed-dropped-line", &[("day", &day)], String::new),
        say.many(
            "feed-was",
            &[
                ("date", &date),
                ("times", &times),
                ("zone", &say.zone(zone)),
                ("iana", zone.name()),
                ("utc", &utc),
            ],
            String::new,
        ),
        String::new(),
        details(say, links, m),
    ]
    .join("\n")
}

/// "- Contributions: 20 June 2023 23:59 (Europe/Zurich); send to …": a
/// deadline in a meeting's description.
pub(super) fn deadline_line(d: &Deadline, say: Say) -> String {
    let date = say.long_date(d.date());
    let when = match d.time() {
        Some(t) => format!("{date} {} ({})", super::writer::hh_mm(t), d.zone().name()),
        None => format!("{date} ({})", d.zone().name()),
    };
    let what = d.what_in(say.0);
    let what = what.as_ref();
    match d.submit_to() {
        Some(Contact::Email(e)) => say.many(
            "feed-deadline-send-to",
            &[("what", what), ("when", &when), ("email", e.as_str())],
            || format!("- {what}: {when}; send to {e}"),
        ),
        Some(Contact::Url(u)) => say.many(
            "feed-deadline-at",
            &[("what", what), ("when", &when), ("url", u.as_str())],
            || format!("- {what}: {when}; at {u}"),
        ),
        None => say.many(
            "feed-deadline-line",
            &[("what", what), ("when", &when)],
            || format!("- {what}: {when}"),
        ),
    }
}
