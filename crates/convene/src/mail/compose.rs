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
//! repeated send of the same mail, a new one for a new version),
//! `References: <TYPE.ID@UID_DOMAIN>` on every mail about an item (plus
//! `In-Reply-To` on all but the announcement), so mail clients thread the
//! announcement, notices and reminders of one meeting together, and
//! `Auto-Submitted: auto-generated` (RFC 3834), so auto-responders stay
//! quiet, and `Content-Language` (RFC 3282): the list's language
//! ([`language`]), in which every generated word is written. No `Precedence` and no `List-Id`: those are the list's to add.
//!
//! Organizers' text is never trusted: one-line fields cannot hold CR/LF
//! (refused at input), lettre encodes every header value, and the HTML part
//! is an askama template, which escapes every value it prints.
//!
//! Here: the item ([`Loaded`]), the rendered [`Content`] and the MIME
//! assembly ([`message`]). The wording (dates, zones, group names, the
//! subject) is in `compose/wording.rs`; the table of details in
//! `compose/fields.rs`; the bodies are filled in `compose/body.rs`, which
//! writes the text part itself and renders the HTML
//! part with the templates in `crates/convene/templates/mail/`.

use std::time::SystemTime;

use chrono::{DateTime, Utc};
use convene_core::group::groups_language;
use convene_core::i18n::Lang;
use convene_core::{GroupSlug, GroupTree, Status, group_language};
use lettre::Message;
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Body, Mailbox, MultiPart, SinglePart};

use crate::config::Config;
use crate::store::{OutboxMail, StoredDeadline, StoredMeeting};

mod body;
pub mod digest;
mod fields;
mod wording;

pub use body::content;
pub use digest::{DigestEntry, DigestItem};
pub use wording::{range_text, subject};

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
    /// One list's notice of a batch of changes: each change with its item.
    Batch {
        /// The changes, in the batch's order.
        items: Vec<DigestItem>,
    },
}

impl Loaded {
    /// The item's stored version.
    pub fn version(&self) -> i64 {
        match self {
            Loaded::Meeting { meeting, .. } => meeting.version,
            Loaded::Deadline { deadline, .. } => deadline.version,
            // A batch's notice is written once and never changes.
            Loaded::Batch { .. } => 1,
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
            Loaded::Batch { items } => {
                let mut out: Vec<GroupSlug> = Vec::new();
                for g in items
                    .iter()
                    .filter_map(|i| i.item.as_ref())
                    .flat_map(Loaded::groups)
                {
                    if !out.contains(&g) {
                        out.push(g);
                    }
                }
                out
            }
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
    /// Its language (`Content-Language`).
    pub lang: Lang,
}

/// The language a mail about `item` to `recipients` is written in: the
/// language ([`convene_core::group_language`]) of the first of the item's
/// groups whose list the mail goes to; else the first group's; else
/// `i18n.default_language`. A mail has one language: a joint meeting whose
/// lists speak different languages is written in its lead group's.
pub fn language(item: &Loaded, recipients: &[String], tree: &GroupTree, config: &Config) -> Lang {
    let default = super::default_language(config);
    let groups = item.groups();
    groups
        .iter()
        .find(|g| {
            tree.effective_mailing_list(g)
                .is_some_and(|l| recipients.iter().any(|r| *r == l.address.to_string()))
        })
        .map_or_else(
            || groups_language(tree, &groups, default),
            |g| group_language(tree, g, default),
        )
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
    /// The HTML template failed to render.
    #[error("cannot render the HTML part")]
    Render(#[source] askama::Error),
}

/// `<KEY@UID_DOMAIN>`: deterministic per (item, kind, version).
pub fn message_id(key: &str, config: &Config) -> String {
    format!("<{key}@{}>", config.uid_domain())
}

/// `<TYPE.ID@UID_DOMAIN>`: the thread of every mail about one item. No mail
/// has this Message-ID; each refers to it, so clients that thread by
/// `References` (RFC 5322 section 3.6.4) put them together whichever went out.
pub fn thread_id(subject: &convene_core::Subject, config: &Config) -> String {
    let (t, id) = crate::store::subject_parts(subject);
    format!("<{t}.{id}@{}>", config.uid_domain())
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

/// `Content-Language: fr` (RFC 3282): the language of the mail's text.
pub(crate) fn content_language(lang: Lang) -> HeaderValue {
    HeaderValue::new(
        HeaderName::new_from_ascii_str("Content-Language"),
        lang.code().to_owned(),
    )
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
        .references(thread_id(&mail.subject, config))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".to_owned(),
        ))
        .raw_header(content_language(content.lang));
    if mail.kind != convene_core::MailKind::Announcement {
        b = b.in_reply_to(thread_id(&mail.subject, config));
    }
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
mod tests;
