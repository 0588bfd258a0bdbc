//! The table of details of a meeting or a deadline, in the mail's
//! language: when (in the item's zone, at a glance with Geneva time and
//! UTC, and in UTC), where, how to join, the deadlines.

use chrono::NaiveDate;
use convene_core::i18n;
use convene_core::time::resolve_lenient;
use convene_core::{Contact, GroupTree, Schedule, Status};

use super::body::{Doc, Val, Words};
use super::wording::{
    day, glance, groups_described, meeting_dates, range_text, slot_in_zone, tr, utc_instant,
    utc_span, zone_text,
};
use crate::store::{StoredDeadline, StoredMeeting};

/// When a deadline closes: in its zone, and in UTC.
pub(super) fn deadline_when(w: Words, d: &convene_core::Deadline) -> (String, String) {
    let lang = w.lang;
    let local = match d.time() {
        Some(t) => w.t(
            "mail-day-times",
            &[
                ("day", day(lang, d.date()).into()),
                (
                    "times",
                    tr(
                        lang,
                        "time-in-zone",
                        &[
                            ("time", i18n::time(lang, t).into()),
                            ("zone", zone_text(lang, d.zone()).into()),
                        ],
                    )
                    .into(),
                ),
            ],
        ),
        None => w.t(
            "mail-end-of-day",
            &[
                ("day", day(lang, d.date()).into()),
                ("zone", zone_text(lang, d.zone()).into()),
            ],
        ),
    };
    (local, utc_instant(lang, d.closes_at()))
}

/// Where to send or register, with its label's key.
pub(super) fn contact(d: &convene_core::Deadline) -> Option<(&'static str, Val)> {
    match d.submit_to() {
        Some(Contact::Email(e)) => Some(("mail-field-send-to", Val::Text(e.to_string()))),
        Some(Contact::Url(u)) => Some(("mail-field-register-at", Val::Url(u.to_string()))),
        None => None,
    }
}

/// The planned slot of a tentative window in UTC, on its first day (and on
/// its last, when a DST change moves it).
fn tentative_utc(w: Words, m: &convene_core::Meeting) -> Option<String> {
    let Schedule::Tentative { window, slot, .. } = m.schedule() else {
        return None;
    };
    let slot = (*slot)?;
    let on = |d: NaiveDate| {
        let s = resolve_lenient(m.zone(), d.and_time(slot.start()));
        let e = resolve_lenient(m.zone(), d.and_time(slot.end()));
        i18n::time_range(w.lang, s.time(), e.time())
    };
    let first = on(window.first());
    let last = on(window.last());
    Some(if first == last {
        w.t("mail-planned-utc", &[("times", first.into())])
    } else {
        w.t(
            "mail-planned-utc-two",
            &[("first", first.into()), ("last", last.into())],
        )
    })
}

/// A series in words, in the list's language: "every second Tuesday,
/// 14:00-15:00 hours, Geneva time, from 3 October 2023, 10 times".
fn series_text(w: Words, m: &convene_core::Meeting, s: &convene_core::Series) -> String {
    convene_core::ical::series_words(m, s, w.lang)
}

pub(super) fn meeting_fields(
    w: Words,
    doc: &mut Doc,
    tree: &GroupTree,
    stored: &StoredMeeting,
    deadlines: &[StoredDeadline],
) {
    let lang = w.lang;
    let m = &stored.meeting;
    doc.field(
        &w.t("mail-field-groups", &[]),
        vec![Val::Text(groups_described(tree, m.groups()))],
    );
    doc.field(
        &w.t("mail-field-kind", &[]),
        vec![Val::Text(w.t(&format!("kind-{}", m.kind().as_str()), &[]))],
    );
    let status = w.t("mail-field-status", &[]);
    match m.status() {
        Status::Tentative => doc.field(&status, vec![Val::Text(w.t("mail-status-tentative", &[]))]),
        Status::Cancelled => doc.field(
            &status,
            vec![Val::Text(match m.cancel_reason() {
                Some(r) => w.t(
                    "mail-status-cancelled-because",
                    &[("reason", r.as_str().into())],
                ),
                None => w.t("mail-status-cancelled", &[]),
            })],
        ),
        Status::Confirmed => {}
    }
    let zone = zone_text(lang, m.zone());
    let when = w.t("mail-field-when", &[]);
    let at_a_glance = w.t("mail-field-times", &[]);
    let in_utc = w.t("mail-field-in-utc", &[]);
    match m.schedule() {
        Schedule::Timed { .. } if m.series().is_some() => {
            // A series is told once, in words, with what is off or moved.
            let mut lines = Vec::new();
            if let Some(s) = m.series() {
                lines.push(Val::Text(series_text(w, m, s)));
                for o in s.occurrences() {
                    if o.is_cancelled() {
                        lines.push(Val::Text(
                            w.t("mail-not-on", &[("day", day(lang, o.original).into())]),
                        ));
                    } else if o.is_changed() {
                        lines.push(Val::Text(w.t(
                            "mail-moved",
                            &[
                                ("from", day(lang, o.original).into()),
                                ("to", day(lang, o.session.date).into()),
                                ("times", slot_in_zone(lang, o.session.slot, m.zone()).into()),
                            ],
                        )));
                    }
                }
            }
            doc.field(&when, lines);
        }
        Schedule::Timed { .. } => {
            doc.field(
                &when,
                m.sessions()
                    .iter()
                    .map(|s| {
                        Val::Text(w.t(
                            "mail-day-times",
                            &[
                                ("day", day(lang, s.date).into()),
                                ("times", slot_in_zone(lang, s.slot, m.zone()).into()),
                            ],
                        ))
                    })
                    .collect(),
            );
            // Each session in its zone, Geneva time and UTC.
            doc.field(
                &at_a_glance,
                m.sessions()
                    .iter()
                    .map(|s| {
                        let g = glance(lang, s.utc.start, Some(s.utc.end), m.zone(), w.home);
                        Val::Text(if m.sessions().len() > 1 {
                            format!("{}: {g}", i18n::day_month(lang, s.date))
                        } else {
                            g
                        })
                    })
                    .collect(),
            );
            doc.field(
                &in_utc,
                m.sessions()
                    .iter()
                    .map(|s| Val::Text(utc_span(lang, s.utc.start, s.utc.end)))
                    .collect(),
            );
        }
        Schedule::AllDay { days } => {
            doc.field(
                &when,
                vec![Val::Text(w.t(
                    "mail-whole-days",
                    &[
                        ("dates", range_text(lang, days.first(), days.last()).into()),
                        ("zone", (&zone).into()),
                    ],
                ))],
            );
            let span = m.span();
            doc.field(
                &in_utc,
                vec![Val::Text(w.t(
                    "mail-from-to",
                    &[
                        ("start", utc_instant(lang, span.start).into()),
                        ("end", utc_instant(lang, span.end).into()),
                    ],
                ))],
            );
        }
        Schedule::TimeTba { days } => doc.field(
            &when,
            vec![Val::Text(w.t(
                "mail-time-tba",
                &[
                    ("dates", range_text(lang, days.first(), days.last()).into()),
                    ("zone", (&zone).into()),
                ],
            ))],
        ),
        Schedule::Tentative {
            window,
            label,
            slot,
        } => {
            let dates = range_text(lang, window.first(), window.last());
            let text = match slot {
                Some(s) => w.t(
                    "mail-not-fixed-planned",
                    &[
                        ("label", label.as_str().into()),
                        ("dates", dates.into()),
                        ("times", slot_in_zone(lang, *s, m.zone()).into()),
                    ],
                ),
                None => w.t(
                    "mail-not-fixed",
                    &[("label", label.as_str().into()), ("dates", dates.into())],
                ),
            };
            doc.field(&when, vec![Val::Text(text)]);
            if let Some(u) = tentative_utc(w, m) {
                doc.field(&in_utc, vec![Val::Text(u)]);
            }
        }
    }
    if let Some(l) = m.location().display() {
        doc.field(&w.t("mail-field-where", &[]), vec![Val::Text(l)]);
    }
    if let Some(u) = m.remote_url() {
        doc.field(
            &w.t("mail-field-remote", &[]),
            vec![Val::Url(u.to_string())],
        );
    }
    if let Some(n) = m.join_notes() {
        doc.field(
            &w.t("mail-field-joining", &[]),
            vec![Val::Text(n.to_string())],
        );
    }
    let mine: Vec<Val> = deadlines
        .iter()
        .filter(|d| matches!(d.deadline.owner(), convene_core::Owner::Meeting(id) if id == m.id()))
        .map(|d| {
            let (local, utc) = deadline_when(w, &d.deadline);
            let line = w.t(
                "mail-deadline-line",
                &[
                    ("what", d.deadline.what_in(w.lang).as_ref().into()),
                    ("local", local.into()),
                    ("utc", utc.into()),
                ],
            );
            Val::Text(match d.deadline.submit_to() {
                Some(Contact::Email(e)) => w.t(
                    "mail-deadline-send-to",
                    &[("line", line.into()), ("to", e.to_string().into())],
                ),
                Some(Contact::Url(u)) => w.t(
                    "mail-deadline-register-at",
                    &[("line", line.into()), ("to", u.to_string().into())],
                ),
                None => line,
            })
        })
        .collect();
    doc.field(&w.t("mail-field-deadlines", &[]), mine);
}

/// A deadline's rows: when it closes (its zone, Geneva time and UTC), where
/// to send, its meeting, its groups.
pub(super) fn deadline_fields(
    w: Words,
    doc: &mut Doc,
    tree: &GroupTree,
    deadline: &StoredDeadline,
    meeting: Option<&StoredMeeting>,
) {
    let d = &deadline.deadline;
    let (local, utc) = deadline_when(w, d);
    doc.field(&w.t("mail-field-closes", &[]), vec![Val::Text(local)]);
    doc.field(&w.t("mail-field-in-utc", &[]), vec![Val::Text(utc)]);
    if let Some((key, v)) = contact(d) {
        doc.field(&w.t(key, &[]), vec![v]);
    }
    if let Some(m) = meeting {
        doc.field(
            &w.t("mail-field-meeting", &[]),
            vec![Val::Text(format!(
                "{}, {}",
                m.meeting.title(),
                meeting_dates(w.lang, &m.meeting)
            ))],
        );
    }
    let groups = match (d.owner(), meeting) {
        (convene_core::Owner::Group(g), _) => vec![g.clone()],
        (_, Some(m)) => m.meeting.groups().to_vec(),
        (_, None) => vec![],
    };
    doc.field(
        &w.t("mail-field-groups", &[]),
        vec![Val::Text(groups_described(tree, &groups))],
    );
}
