//! The mail of a personal feed link ("Get the members' calendar", issue 17):
//! the outbox row names only the link (`feed-link` / `personal-link`); the
//! secret is made here, when the mail is composed, and the link's stored
//! hash replaced by its hash, so the mailed URL is the only copy anywhere.
//! A link revoked or gone before its mail is sent is skipped.

use std::time::SystemTime;

use askama::Template;
use chrono::{DateTime, Utc};
use convene_core::ItemId;
use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};

use crate::config::Config;
use crate::feed_links::{self, PATH_PREFIX};
use crate::store::{Db, OutboxMail, StoreError};
use crate::token::hash_secret;

/// The HTML part.
#[derive(Debug, Template)]
#[template(path = "mail/personal.html")]
struct Personal<'a> {
    groups: &'a str,
    site: &'a str,
    feed_url: &'a str,
    manage_url: &'a str,
    footer: &'a str,
}

/// What to do with a claimed personal-link mail.
#[derive(Debug)]
pub enum Prepared {
    /// Not to be sent, and why.
    Skip(String),
    /// The mail, or why it could not be built (a failure, retried).
    Mail(Result<Message, String>),
}

/// Gives link `id` a new secret and builds its mail to `mail.recipients`.
pub async fn prepare(
    db: &Db,
    mail: &OutboxMail,
    id: &ItemId,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<Prepared, StoreError> {
    let Some(link) = db.feed_link(id.as_str()).await? else {
        return Ok(Prepared::Skip("its link no longer exists".into()));
    };
    if link.revoked_at.is_some() {
        return Ok(Prepared::Skip("its link was revoked".into()));
    }
    let secret = match feed_links::new_secret() {
        Ok(s) => s,
        Err(e) => return Ok(Prepared::Mail(Err(e.to_string()))),
    };
    if !db.rotate_feed_link(&link.id, &hash_secret(&secret)).await? {
        return Ok(Prepared::Skip("its link was revoked".into()));
    }
    let base = config.server.public_url.trim_end_matches('/');
    let manage_url = format!("{base}{PATH_PREFIX}{secret}");
    let feed_url = format!("{manage_url}.ics");
    let groups: Vec<&str> = link.groups.iter().map(|g| g.as_str()).collect();
    let groups = groups.join(", ");
    Ok(Prepared::Mail(build(
        mail,
        config,
        now,
        &groups,
        base,
        &feed_url,
        &manage_url,
    )))
}

fn build(
    mail: &OutboxMail,
    config: &Config,
    now: DateTime<Utc>,
    groups: &str,
    site: &str,
    feed_url: &str,
    manage_url: &str,
) -> Result<Message, String> {
    let footer = format!("Sent by convene ({site}) because this address asked for it.");
    let html = Personal {
        groups,
        site,
        feed_url,
        manage_url,
        footer: &footer,
    }
    .render()
    .map_err(|e| e.to_string())?;
    let text = format!(
        "Someone (we hope you) asked for the members' calendar of {groups} on {site}, for this address.\n\n\
         Your personal calendar, with members' joining details:\n{feed_url}\n\n\
         Add it to your calendar program by its address (\"subscribe from web\" / \"from URL\"). \
         Keep it to yourself: anyone with it sees the joining details.\n\n\
         See its groups or revoke it:\n{manage_url}\n\n\
         If you did not ask for it, revoke it there, or ignore this mail.\n\n-- \n{footer}\n"
    );
    let parse = |what: &str, v: &str| -> Result<Mailbox, String> {
        v.parse().map_err(|e| format!("{what} {v:?}: {e}"))
    };
    let mut b = Message::builder()
        .from(parse("mail.from", &config.mail.from)?)
        .subject(format!("Your members' calendar: {groups}"))
        .date(SystemTime::from(now))
        .message_id(Some(super::compose::message_id(&mail.message_id, config)))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".to_owned(),
        ));
    for r in &mail.recipients {
        b = b.to(parse("recipient", r)?);
    }
    b.multipart(MultiPart::alternative_plain_html(text, html))
        .map_err(|e| e.to_string())
}
