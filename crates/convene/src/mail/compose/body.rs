//! The mail's body: the text/plain and text/html parts, with the table of
//! details and the subscribe links, rendered from the same [`Doc`].
//!
//! [`content`] fills the `Doc`; [`Doc::text`] writes the text part and the
//! askama templates in `crates/convene/templates/mail/` (`item.html` in
//! `base.html`) the HTML part, which escapes every value.

use askama::Template;
use chrono::NaiveDate;
use convene_core::ical::{group_names, hh_mm, long_date};
use convene_core::time::resolve_lenient;
use convene_core::{Contact, GroupSlug, GroupTree, MailKind, Schedule, Status};

use super::{ComposeError, Content, Loaded};
use crate::calendar;
use crate::config::Config;
use crate::store::{OutboxMail, StoredDeadline, StoredMeeting};

use super::wording::{
    closes, day, groups_described, in_days, meeting_dates, range_text, subject, utc_instant,
    utc_span, zone_text,
};

/// A value in the table of details.
#[derive(Debug, Clone)]
pub(super) enum Val {
    Text(String),
    Url(String),
}

/// The body, rendered twice: as text ([`Doc::text`]) and as HTML (the
/// template `mail/item.html`, through [`Template::render`]).
#[derive(Debug, Default, Template)]
#[template(path = "mail/item.html")]
pub(super) struct Doc {
    pub(super) intro: Vec<String>,
    pub(super) title: String,
    pub(super) fields: Vec<(String, Vec<Val>)>,
    pub(super) notes: Vec<String>,
    pub(super) links: Vec<(String, Val)>,
    pub(super) footer: String,
}

impl Doc {
    pub(super) fn field(&mut self, label: &str, values: Vec<Val>) {
        if !values.is_empty() {
            self.fields.push((label.to_owned(), values));
        }
    }

    /// The text/plain part: the table aligned in columns, URLs as they are.
    fn text(&self) -> String {
        let mut out = String::new();
        for p in &self.intro {
            out.push_str(p);
            out.push_str("\n\n");
        }
        out.push_str(&self.section_text());
        out.push_str("\n-- \n");
        out.push_str(&self.footer);
        out.push('\n');
        out
    }

    /// The title, the table, the notes and the links, as text.
    pub(super) fn section_text(&self) -> String {
        let mut out = String::new();
        out.push_str(&self.title);
        out.push_str("\n\n");
        let width = self
            .fields
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0)
            + 2;
        for (label, values) in &self.fields {
            for (i, v) in values.iter().enumerate() {
                let head = if i == 0 {
                    format!("{label}:")
                } else {
                    String::new()
                };
                let v = match v {
                    Val::Text(t) | Val::Url(t) => t,
                };
                out.push_str(&format!("{head:<width$}{v}\n"));
            }
        }
        for n in &self.notes {
            out.push('\n');
            out.push_str(n);
            out.push('\n');
        }
        if !self.links.is_empty() {
            out.push('\n');
        }
        for (label, v) in &self.links {
            let v = match v {
                Val::Text(t) | Val::Url(t) => t,
            };
            out.push_str(&format!("{label}: {v}\n"));
        }
        out
    }
}

pub(super) fn deadline_when(d: &convene_core::Deadline) -> (String, String) {
    let local = match d.time() {
        Some(t) => format!("{}, {} {}", day(d.date()), hh_mm(t), zone_text(d.zone())),
        None => format!("{}, end of the day, {}", day(d.date()), zone_text(d.zone())),
    };
    (local, utc_instant(d.closes_at()))
}

pub(super) fn contact(d: &convene_core::Deadline) -> Option<(&'static str, Val)> {
    match d.submit_to() {
        Some(Contact::Email(e)) => Some(("Send to", Val::Text(e.to_string()))),
        Some(Contact::Url(u)) => Some(("Register at", Val::Url(u.to_string()))),
        None => None,
    }
}

/// The planned slot of a tentative window in UTC, on its first day (and on
/// its last, when a DST change moves it).
fn tentative_utc(m: &convene_core::Meeting) -> Option<String> {
    let Schedule::Tentative { window, slot, .. } = m.schedule() else {
        return None;
    };
    let slot = (*slot)?;
    let on = |d: NaiveDate| {
        let s = resolve_lenient(m.zone(), d.and_time(slot.start()));
        let e = resolve_lenient(m.zone(), d.and_time(slot.end()));
        format!("{}-{}", hh_mm(s), hh_mm(e))
    };
    let first = on(window.first());
    let last = on(window.last());
    Some(if first == last {
        format!("planned {first} UTC")
    } else {
        format!("planned {first} or {last} UTC (the clocks change in the window)")
    })
}

pub(super) fn meeting_fields(
    doc: &mut Doc,
    tree: &GroupTree,
    stored: &StoredMeeting,
    deadlines: &[StoredDeadline],
) {
    let m = &stored.meeting;
    doc.field(
        "Groups",
        vec![Val::Text(groups_described(tree, m.groups()))],
    );
    doc.field("Kind", vec![Val::Text(m.kind().label().to_owned())]);
    match m.status() {
        Status::Tentative => doc.field("Status", vec![Val::Text("Tentative".into())]),
        Status::Cancelled => doc.field(
            "Status",
            vec![Val::Text(match m.cancel_reason() {
                Some(r) => format!("Cancelled: {r}"),
                None => "Cancelled".into(),
            })],
        ),
        Status::Confirmed => {}
    }
    let zone = zone_text(m.zone());
    match m.schedule() {
        Schedule::Timed { .. } if m.series().is_some() => {
            // A series is told once, in words, with what is off or moved.
            let mut when = Vec::new();
            if let Some(s) = m.series() {
                when.push(Val::Text(convene_core::ical::series_words(m, s)));
                for o in s.occurrences() {
                    if o.is_cancelled() {
                        when.push(Val::Text(format!("not on {}", day(o.original))));
                    } else if o.is_changed() {
                        when.push(Val::Text(format!(
                            "{} moved to {}, {} {zone}",
                            day(o.original),
                            day(o.session.date),
                            o.session.slot
                        )));
                    }
                }
            }
            doc.field("When", when);
        }
        Schedule::Timed { .. } => {
            doc.field(
                "When",
                m.sessions()
                    .iter()
                    .map(|s| Val::Text(format!("{}, {} {zone}", day(s.date), s.slot)))
                    .collect(),
            );
            doc.field(
                "In UTC",
                m.sessions()
                    .iter()
                    .map(|s| Val::Text(utc_span(s.utc.start, s.utc.end)))
                    .collect(),
            );
        }
        Schedule::AllDay { days } => {
            doc.field(
                "When",
                vec![Val::Text(format!(
                    "{}, whole days, {zone}",
                    range_text(days.first(), days.last())
                ))],
            );
            let span = m.span();
            doc.field(
                "In UTC",
                vec![Val::Text(format!(
                    "from {} to {}",
                    utc_instant(span.start),
                    utc_instant(span.end)
                ))],
            );
        }
        Schedule::TimeTba { days } => doc.field(
            "When",
            vec![Val::Text(format!(
                "{}, time to be announced ({zone})",
                range_text(days.first(), days.last())
            ))],
        ),
        Schedule::Tentative {
            window,
            label,
            slot,
        } => {
            let planned = slot.map_or(String::new(), |s| format!(", planned {s} {zone}"));
            doc.field(
                "When",
                vec![Val::Text(format!(
                    "not fixed yet: {label} ({}){planned}",
                    range_text(window.first(), window.last())
                ))],
            );
            if let Some(u) = tentative_utc(m) {
                doc.field("In UTC", vec![Val::Text(u)]);
            }
        }
    }
    if let Some(l) = m.location().display() {
        doc.field("Where", vec![Val::Text(l)]);
    }
    if let Some(u) = m.remote_url() {
        doc.field("Remote participation", vec![Val::Url(u.to_string())]);
    }
    if let Some(n) = m.join_notes() {
        doc.field("Joining", vec![Val::Text(n.to_string())]);
    }
    let mine: Vec<Val> = deadlines
        .iter()
        .filter(|d| matches!(d.deadline.owner(), convene_core::Owner::Meeting(id) if id == m.id()))
        .map(|d| {
            let (local, utc) = deadline_when(&d.deadline);
            let to = contact(&d.deadline).map_or(String::new(), |(how, v)| match v {
                Val::Text(t) | Val::Url(t) => format!("; {} {t}", how.to_lowercase()),
            });
            Val::Text(format!("{}: {local} ({utc}){to}", d.deadline.what()))
        })
        .collect();
    doc.field("Deadlines", mine);
}

pub(super) fn lists(tree: &GroupTree, groups: &[GroupSlug]) -> Vec<Val> {
    tree.recipients(groups)
        .iter()
        .map(|l| Val::Text(l.to_string()))
        .collect()
}

pub(super) fn subscribe_links(doc: &mut Doc, tree: &GroupTree, groups: &[GroupSlug], base: &str) {
    for g in groups {
        let name = tree
            .get(g)
            .map_or(g.to_string(), |g| g.short_name.to_string());
        doc.links.push((
            format!("Subscribe to the {name} calendar"),
            Val::Url(format!("{base}/calendars/{g}.ics")),
        ));
    }
}

/// Subject, text, HTML and calendar of a mail about `item`.
pub fn content(
    mail: &OutboxMail,
    item: &Loaded,
    tree: &GroupTree,
    config: &Config,
) -> Result<Content, ComposeError> {
    let base = config.server.public_url.as_str();
    let groups = item.groups();
    let mut doc = Doc::default();
    let (calendar, file_name) = match item {
        Loaded::Batch { items } => return super::digest::content(mail, items, tree, config),
        Loaded::Meeting { meeting, deadlines } => {
            let m = &meeting.meeting;
            doc.intro.push(match mail.kind {
                MailKind::Announcement if m.status() == Status::Tentative => {
                    "A meeting is planned; its date is not fixed yet.".to_owned()
                }
                MailKind::Announcement => "A meeting has been scheduled.".to_owned(),
                MailKind::Reminder { days_before } => {
                    format!("Reminder: this meeting starts {}.", in_days(days_before))
                }
                MailKind::OccurrenceReminder {
                    days_before,
                    occurrence,
                } => occurrence_reminder(m, occurrence, days_before),
                MailKind::Update | MailKind::Digest | MailKind::PersonalLink => {
                    "This meeting has changed. The details below are the new ones.".to_owned()
                }
                MailKind::Cancellation => "This meeting has been cancelled.".to_owned(),
                MailKind::Reinstatement => {
                    "This meeting is on again: its cancellation has been withdrawn. The details below are current.".to_owned()
                }
            });
            doc.title = m.title().to_string();
            meeting_fields(&mut doc, tree, meeting, deadlines);
            doc.field("Mailing list", lists(tree, m.groups()));
            if let Some(d) = m.description() {
                doc.notes.push(d.to_string());
            }
            doc.links.push((
                "Details".into(),
                Val::Url(format!("{base}/meetings/{}", m.id())),
            ));
            doc.links.push((
                "Add to your calendar".into(),
                Val::Text(format!("open the attached {}.ics", m.id())),
            ));
            let events =
                calendar::events(config, tree, std::slice::from_ref(meeting), deadlines, &[]);
            (
                calendar::render_events(config, m.title().as_str(), &events),
                format!("{}.ics", m.id()),
            )
        }
        Loaded::Deadline { deadline, meeting } => {
            let d = &deadline.deadline;
            let what = d.what();
            doc.intro.push(match mail.kind {
                MailKind::Reminder { days_before } => format!(
                    "Reminder: {what} {} {}, on {}.",
                    closes(what),
                    in_days(days_before),
                    long_date(d.date())
                ),
                _ => "A deadline has been set.".to_owned(),
            });
            doc.title = match meeting {
                Some(m) => format!("{what} for {}", m.meeting.title()),
                None => format!("{what} ({})", group_names(tree, &groups)),
            };
            let (local, utc) = deadline_when(d);
            doc.field("Closes", vec![Val::Text(local)]);
            doc.field("In UTC", vec![Val::Text(utc)]);
            if let Some((how, v)) = contact(d) {
                doc.field(how, vec![v]);
            }
            if let Some(m) = meeting {
                doc.field(
                    "Meeting",
                    vec![Val::Text(format!(
                        "{}, {}",
                        m.meeting.title(),
                        meeting_dates(&m.meeting)
                    ))],
                );
            }
            doc.field("Groups", vec![Val::Text(groups_described(tree, &groups))]);
            doc.field("Mailing list", lists(tree, &groups));
            if let Some(n) = d.note() {
                doc.notes.push(n.to_string());
            }
            if let Some(m) = meeting {
                doc.links.push((
                    "Meeting details".into(),
                    Val::Url(format!("{base}/meetings/{}", m.meeting.id())),
                ));
            }
            doc.links.push((
                "Add to your calendar".into(),
                Val::Text(format!("open the attached {}.ics", d.id())),
            ));
            let events = calendar::events(
                config,
                tree,
                &[],
                std::slice::from_ref(deadline),
                meeting.as_slice(),
            );
            (
                calendar::render_events(config, &format!("Deadline: {what}"), &events),
                format!("{}.ics", d.id()),
            )
        }
    };
    subscribe_links(&mut doc, tree, &groups, base);
    doc.footer = footer(config);
    Ok(Content {
        subject: subject(mail.kind, item, tree),
        text: doc.text(),
        html: doc.render().map_err(ComposeError::Render)?,
        calendar,
        file_name,
    })
}

/// The intro of a reminder of one occurrence: which day, when, in UTC.
fn occurrence_reminder(m: &convene_core::Meeting, occurrence: chrono::NaiveDate, n: u32) -> String {
    match m.series().and_then(|s| s.occurrence(occurrence)) {
        Some(o) => format!(
            "Reminder: this meeting meets {}, {}, {} {} ({}).",
            in_days(n),
            day(o.session.date),
            o.session.slot,
            zone_text(m.zone()),
            utc_span(o.session.utc.start, o.session.utc.end)
        ),
        None => format!("Reminder: this meeting meets {}.", in_days(n)),
    }
}

/// Every mail's footer.
pub(super) fn footer(config: &Config) -> String {
    format!(
        "Sent automatically by convene for the secretariat ({}). Times are given in the item's own zone and in UTC.",
        if config.mail.reply_to.is_empty() {
            &config.mail.from
        } else {
            &config.mail.reply_to
        }
    )
}
