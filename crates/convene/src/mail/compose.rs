//! One outbox row, with its item as stored now, becomes one mail.
//!
//! Pure: no I/O, no clock (the `Date` header is the dispatcher's "now").
//!
//! The mail is `multipart/mixed`: a `multipart/alternative` (text/plain,
//! text/html and the calendar as `text/calendar; method=PUBLISH`, RFC 6047)
//! and the same calendar again as an `.ics` attachment, for clients that
//! only look at attachments. The calendar comes from [`crate::calendar`],
//! the feeds' code path, so its UID and SEQUENCE are the feed's and an
//! update or a cancellation replaces the event subscribers already have.
//!
//! Headers: `From` (`mail.from`), `To` (every list, once), `Reply-To`
//! (`mail.reply_to`, when set), `Subject` (groups, title, date), `Date`,
//! a `Message-ID` made of the outbox key (`<KEY@UID_DOMAIN>`: the same for a
//! repeated send of the same mail, a new one for a new version) and
//! `Auto-Submitted: auto-generated` (RFC 3834), so auto-responders stay
//! quiet. No `Precedence` and no `List-Id`: those are the list's to add.
//!
//! Organizers' text is never trusted: one-line fields cannot hold CR/LF
//! (refused at input), lettre encodes every header value, and the HTML part
//! escapes everything it prints.

use std::time::SystemTime;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use convene_core::ical::{hh_mm, long_date, zone_label};
use convene_core::time::resolve_lenient;
use convene_core::{Contact, GroupSlug, GroupTree, MailKind, Schedule, Status};
use lettre::Message;
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Body, Mailbox, MultiPart, SinglePart};

use crate::calendar;
use crate::config::Config;
use crate::store::{OutboxMail, StoredDeadline, StoredMeeting};

/// What a mail is about, as stored when it is sent.
#[derive(Debug, Clone)]
pub enum Loaded {
    /// A meeting, with its deadlines.
    Meeting {
        /// The meeting.
        meeting: StoredMeeting,
        /// Its deadlines.
        deadlines: Vec<StoredDeadline>,
    },
    /// A deadline, with its meeting when it belongs to one.
    Deadline {
        /// The deadline.
        deadline: StoredDeadline,
        /// Its meeting.
        meeting: Option<StoredMeeting>,
    },
}

impl Loaded {
    /// The item's stored version.
    pub fn version(&self) -> i64 {
        match self {
            Loaded::Meeting { meeting, .. } => meeting.version,
            Loaded::Deadline { deadline, .. } => deadline.version,
        }
    }

    /// The groups it concerns.
    pub fn groups(&self) -> Vec<GroupSlug> {
        match self {
            Loaded::Meeting { meeting, .. } => meeting.meeting.groups().to_vec(),
            Loaded::Deadline { deadline, meeting } => match (deadline.deadline.owner(), meeting) {
                (convene_core::Owner::Group(g), _) => vec![g.clone()],
                (_, Some(m)) => m.meeting.groups().to_vec(),
                (_, None) => vec![],
            },
        }
    }

    /// Why it should not be sent any more, if so: a deadline of a
    /// cancelled meeting gets no reminders.
    pub fn moot(&self) -> Option<&'static str> {
        match self {
            Loaded::Deadline {
                meeting: Some(m), ..
            } if m.meeting.status() == Status::Cancelled => Some("its meeting is cancelled"),
            _ => None,
        }
    }
}

/// The parts of one mail.
#[derive(Debug, Clone)]
pub struct Content {
    /// `Subject`.
    pub subject: String,
    /// The text/plain part.
    pub text: String,
    /// The text/html part.
    pub html: String,
    /// The calendar (`METHOD:PUBLISH`).
    pub calendar: String,
    /// The attachment's file name (`ID.ics`).
    pub file_name: String,
}

/// Why a mail could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    /// A configured or stored address does not parse.
    #[error("{what} {value:?} is not a mail address")]
    Address {
        /// `mail.from`, `mail.reply_to`, "recipient".
        what: &'static str,
        /// The value.
        value: String,
        /// Why.
        #[source]
        source: lettre::address::AddressError,
    },
    /// A header or MIME part was refused.
    #[error("cannot build the message")]
    Build(#[source] lettre::error::Error),
    /// A content type did not parse.
    #[error("bad content type {0:?}")]
    ContentType(String),
    /// The mail has no recipient.
    #[error("the mail has no recipient")]
    NoRecipient,
}

/// `<KEY@UID_DOMAIN>`: deterministic per (item, kind, version).
pub fn message_id(key: &str, config: &Config) -> String {
    format!("<{key}@{}>", config.uid_domain())
}

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
fn day(d: NaiveDate) -> String {
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
fn zone_text(zone: Tz) -> String {
    let label = zone_label(zone);
    if label == zone.name() {
        label
    } else {
        format!("{label} ({})", zone.name())
    }
}

/// "Thursday 7 September 2023 07:00 UTC".
fn utc_instant(t: DateTime<Utc>) -> String {
    format!("{} {} UTC", day(t.date_naive()), hh_mm(t))
}

/// An interval in UTC, on one line.
fn utc_span(start: DateTime<Utc>, end: DateTime<Utc>) -> String {
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

fn group_names(tree: &GroupTree, groups: &[GroupSlug]) -> String {
    groups
        .iter()
        .map(|g| {
            tree.get(g)
                .map_or(g.to_string(), |g| g.short_name.to_string())
        })
        .collect::<Vec<_>>()
        .join(" & ")
}

fn groups_described(tree: &GroupTree, groups: &[GroupSlug]) -> String {
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
fn closes(what: &str) -> &'static str {
    if what.ends_with('s') && !what.ends_with("ss") {
        "close"
    } else {
        "closes"
    }
}

fn in_days(n: u32) -> String {
    match n {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        n => format!("in {n} days"),
    }
}

/// A single line: no control characters (subjects are built from one-line
/// fields already; this is the last guard).
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The meeting's days, or its window's wording.
fn meeting_dates(m: &convene_core::Meeting) -> String {
    match m.schedule() {
        Schedule::Tentative { label, .. } => format!("{label} (tentative)"),
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
                MailKind::Update => format!("Changed: {title}, now {dates}"),
                MailKind::Cancellation => format!("Cancelled: {title}, {dates}"),
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
                MailKind::Reminder { .. } => format!("Reminder: {on}{of}"),
                MailKind::Announcement => format!("New deadline: {on}{of}"),
                MailKind::Update => format!("Changed: {on}{of}"),
                MailKind::Cancellation => format!("Cancelled: {what}{of}"),
            }
        }
    };
    one_line(&format!("[{groups}] {text}"))
}

/// A value in the table of details.
#[derive(Debug, Clone)]
enum Val {
    Text(String),
    Url(String),
}

/// The body, rendered twice: as text and as HTML.
#[derive(Debug, Default)]
struct Doc {
    intro: Vec<String>,
    title: String,
    fields: Vec<(String, Vec<Val>)>,
    notes: Vec<String>,
    links: Vec<(String, Val)>,
    footer: String,
}

impl Doc {
    fn field(&mut self, label: &str, values: Vec<Val>) {
        if !values.is_empty() {
            self.fields.push((label.to_owned(), values));
        }
    }

    fn text(&self) -> String {
        let mut out = String::new();
        for p in &self.intro {
            out.push_str(p);
            out.push_str("\n\n");
        }
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
        out.push_str("\n-- \n");
        out.push_str(&self.footer);
        out.push('\n');
        out
    }

    fn html(&self) -> String {
        let val = |v: &Val| match v {
            Val::Text(t) => esc(t),
            Val::Url(u) => format!("<a href=\"{0}\">{0}</a>", esc(u)),
        };
        let mut out = String::from(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>\n\
             <body style=\"font-family: sans-serif; line-height: 1.4\">\n",
        );
        for p in &self.intro {
            out.push_str(&format!("<p>{}</p>\n", esc(p)));
        }
        out.push_str(&format!("<h2>{}</h2>\n<table>\n", esc(&self.title)));
        for (label, values) in &self.fields {
            let cell: Vec<String> = values.iter().map(val).collect();
            out.push_str(&format!(
                "<tr><th style=\"text-align: left; vertical-align: top; padding-right: 1em\">{}</th><td>{}</td></tr>\n",
                esc(label),
                cell.join("<br>")
            ));
        }
        out.push_str("</table>\n");
        for n in &self.notes {
            let lines: Vec<String> = n.lines().map(esc).collect();
            out.push_str(&format!("<p>{}</p>\n", lines.join("<br>")));
        }
        if !self.links.is_empty() {
            out.push_str("<ul>\n");
            for (label, v) in &self.links {
                out.push_str(&format!("<li>{}: {}</li>\n", esc(label), val(v)));
            }
            out.push_str("</ul>\n");
        }
        out.push_str(&format!(
            "<p style=\"color: #666; font-size: smaller\">{}</p>\n</body></html>\n",
            esc(&self.footer)
        ));
        out
    }
}

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn deadline_when(d: &convene_core::Deadline) -> (String, String) {
    let local = match d.time() {
        Some(t) => format!("{}, {} {}", day(d.date()), hh_mm(t), zone_text(d.zone())),
        None => format!("{}, end of the day, {}", day(d.date()), zone_text(d.zone())),
    };
    (local, utc_instant(d.closes_at()))
}

fn contact(d: &convene_core::Deadline) -> Option<(&'static str, Val)> {
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

fn meeting_fields(
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

fn lists(tree: &GroupTree, groups: &[GroupSlug]) -> Vec<Val> {
    tree.recipients(groups)
        .iter()
        .map(|l| Val::Text(l.to_string()))
        .collect()
}

fn subscribe_links(doc: &mut Doc, tree: &GroupTree, groups: &[GroupSlug], base: &str) {
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
pub fn content(mail: &OutboxMail, item: &Loaded, tree: &GroupTree, config: &Config) -> Content {
    let base = config.server.public_url.as_str();
    let groups = item.groups();
    let mut doc = Doc::default();
    let (calendar, file_name) = match item {
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
                MailKind::Update => {
                    "This meeting has changed. The details below are the new ones.".to_owned()
                }
                MailKind::Cancellation => "This meeting has been cancelled.".to_owned(),
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
    doc.footer = format!(
        "Sent automatically by convene for the secretariat ({}). Times are given in the item's own zone and in UTC.",
        if config.mail.reply_to.is_empty() {
            &config.mail.from
        } else {
            &config.mail.reply_to
        }
    );
    Content {
        subject: subject(mail.kind, item, tree),
        text: doc.text(),
        html: doc.html(),
        calendar,
        file_name,
    }
}

fn mailbox(what: &'static str, value: &str) -> Result<Mailbox, ComposeError> {
    value.parse().map_err(|source| ComposeError::Address {
        what,
        value: value.to_owned(),
        source,
    })
}

fn content_type(s: &str) -> Result<ContentType, ComposeError> {
    ContentType::parse(s).map_err(|_| ComposeError::ContentType(s.to_owned()))
}

fn base64(data: &str) -> Body {
    match Body::new_with_encoding(data.to_owned(), ContentTransferEncoding::Base64) {
        Ok(b) => b,
        // Base64 can carry anything; this branch is never taken.
        Err(raw) => Body::new(raw),
    }
}

/// The mail itself, dated `now`.
pub fn message(
    mail: &OutboxMail,
    content: &Content,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<Message, ComposeError> {
    if mail.recipients.is_empty() {
        return Err(ComposeError::NoRecipient);
    }
    let mut b = Message::builder()
        .from(mailbox("mail.from", &config.mail.from)?)
        .subject(content.subject.clone())
        .date(SystemTime::from(now))
        .message_id(Some(message_id(&mail.message_id, config)))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".to_owned(),
        ));
    for r in &mail.recipients {
        b = b.to(mailbox("recipient", r)?);
    }
    if !config.mail.reply_to.is_empty() {
        b = b.reply_to(mailbox("mail.reply_to", &config.mail.reply_to)?);
    }
    let calendar_type = "text/calendar; charset=utf-8; method=PUBLISH";
    let alternative = MultiPart::alternative()
        .singlepart(SinglePart::plain(content.text.clone()))
        .singlepart(SinglePart::html(content.html.clone()))
        .singlepart(
            SinglePart::builder()
                .content_type(content_type(calendar_type)?)
                .body(base64(&content.calendar)),
        );
    let attachment = Attachment::new(content.file_name.clone()).body(
        base64(&content.calendar),
        content_type(&format!("{calendar_type}; name=\"{}\"", content.file_name))?,
    );
    b.multipart(
        MultiPart::mixed()
            .multipart(alternative)
            .singlepart(attachment),
    )
    .map_err(ComposeError::Build)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::message_key;
    use convene_core::{ItemId, Subject, parse_schedule};

    const SEED: &str = include_str!("../../../../data/fg-mv-2023.toml");

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    #[test]
    fn ranges_read_as_people_write_them() {
        assert_eq!(
            range_text(date("2023-09-07"), date("2023-09-07")),
            "7 September 2023"
        );
        assert_eq!(
            range_text(date("2023-09-07"), date("2023-09-08")),
            "7-8 September 2023"
        );
        assert_eq!(
            range_text(date("2023-10-30"), date("2023-11-02")),
            "30 October - 2 November 2023"
        );
        assert_eq!(
            range_text(date("2023-12-30"), date("2024-01-02")),
            "30 December 2023 - 2 January 2024"
        );
        assert_eq!(closes("Visa support letter requests"), "close");
        assert_eq!(closes("Pre-registration"), "closes");
        assert_eq!(closes("Progress"), "closes");
        assert_eq!(
            esc("<b>\"R&D\"</b> it's"),
            "&lt;b&gt;&quot;R&amp;D&quot;&lt;/b&gt; it&#39;s"
        );
        assert_eq!(one_line("a\r\nBcc: x"), "a  Bcc: x");
    }

    #[test]
    fn a_meeting_mail_has_its_parts_and_headers() {
        let catalog = parse_schedule(SEED).expect("seed");
        let id = ItemId::parse("wg5-2023-09-07").expect("id");
        let meeting = catalog.meeting(&id).expect("in the seed").clone();
        let stored = StoredMeeting {
            meeting,
            version: 2,
            updated_at: at("2023-08-01T10:00:00Z"),
        };
        let item = Loaded::Meeting {
            meeting: stored,
            deadlines: vec![],
        };
        let config = Config::load(None, |k| match k {
            "CONVENE_PUBLIC_URL" => Some("https://convene.example.org".into()),
            "CONVENE_MAIL_REPLY_TO" => Some("secretariat@example.org".into()),
            _ => None,
        })
        .expect("config");
        let kind = MailKind::Reminder { days_before: 1 };
        let subject = Subject::Meeting(id);
        let mail = OutboxMail {
            message_id: message_key(&subject, kind, 2),
            subject,
            subject_version: 2,
            kind,
            recipients: vec!["fgmv-wg5@lists.itu.int".into()],
            due_at: at("2023-09-06T07:00:00Z"),
            expires_at: at("2023-09-07T07:00:00Z"),
            status: "pending".into(),
        };
        let tree = catalog.tree();
        let c = content(&mail, &item, tree, &config);
        assert_eq!(
            c.subject,
            "[WG5] Reminder: WG5 e-meeting, 7-8 September 2023 (tomorrow)"
        );
        assert!(
            c.text
                .starts_with("Reminder: this meeting starts tomorrow.\n")
        );
        assert!(
            c.text
                .contains("Thursday 7 September 2023, 09:00-12:00 Geneva time (Europe/Zurich)"),
            "{}",
            c.text
        );
        assert!(
            c.text
                .contains("Thursday 7 September 2023, 07:00-10:00 UTC")
        );
        assert!(c.text.contains("Friday 8 September 2023, 07:00-10:00 UTC"));
        assert!(
            c.text
                .contains("https://convene.example.org/calendars/wg5.ics")
        );
        assert!(
            c.calendar
                .contains("\r\nUID:wg5-2023-09-07@convene.example.org\r\n")
        );
        assert!(
            c.calendar
                .contains("\r\nUID:wg5-2023-09-07-day2@convene.example.org\r\n")
        );
        assert!(c.calendar.contains("\r\nSEQUENCE:1\r\n"));
        assert_eq!(c.file_name, "wg5-2023-09-07.ics");
        let m = message(&mail, &c, &config, at("2023-09-06T07:00:05Z")).expect("message");
        let raw = String::from_utf8(m.formatted()).expect("ASCII");
        assert!(raw.contains(
            "\r\nMessage-ID: <meeting.wg5-2023-09-07.v2.reminder-1d@convene.example.org>\r\n"
        ));
        assert!(raw.contains("\r\nAuto-Submitted: auto-generated\r\n"));
        assert!(raw.contains("\r\nReply-To: secretariat@example.org\r\n"));
        assert!(raw.contains("Date: Wed, 06 Sep 2023 07:00:05 +0000\r\n"));
        assert!(!raw.contains("Precedence:") && !raw.contains("List-Id:"));
        assert_eq!(raw.matches("method=PUBLISH").count(), 2);
        assert!(raw.contains("filename=\"wg5-2023-09-07.ics\""));
    }

    #[test]
    fn organizers_text_is_escaped_in_html() {
        let catalog = parse_schedule(SEED).expect("seed");
        let id = ItemId::parse("wg5-2023-09-07").expect("id");
        let mut input = catalog.meeting(&id).expect("in the seed").to_input();
        input.title = Some("<script>alert(1)</script> R&D".into());
        input.description = Some("Line 1\n<img src=x onerror=alert(1)>".into());
        let meeting = input
            .validate(&convene_core::Defaults::default())
            .expect("valid");
        let item = Loaded::Meeting {
            meeting: StoredMeeting {
                meeting,
                version: 1,
                updated_at: at("2023-08-01T10:00:00Z"),
            },
            deadlines: vec![],
        };
        let config = Config::load(None, |_| None).expect("config");
        let kind = MailKind::Announcement;
        let subject = Subject::Meeting(id);
        let mail = OutboxMail {
            message_id: message_key(&subject, kind, 1),
            subject,
            subject_version: 1,
            kind,
            recipients: vec!["fgmv-wg5@lists.itu.int".into()],
            due_at: at("2023-08-01T10:00:00Z"),
            expires_at: at("2023-09-07T07:00:00Z"),
            status: "pending".into(),
        };
        let c = content(&mail, &item, catalog.tree(), &config);
        assert!(
            !c.html.contains("<script>") && !c.html.contains("<img"),
            "{}",
            c.html
        );
        assert!(
            c.html
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; R&amp;D")
        );
        assert!(
            c.html
                .contains("Line 1<br>&lt;img src=x onerror=alert(1)&gt;")
        );
        assert!(c.text.contains("<script>alert(1)</script> R&D"));
        assert_eq!(
            c.subject,
            "[WG5] New meeting: <script>alert(1)</script> R&D, 7-8 September 2023"
        );
    }
}
