//! The mail of a personal feed link ("Get the members' calendar", issue 17):
//! the outbox row names only the link (`feed-link` / `personal-link`); the
//! secret is made here, when the mail is composed, and the link's stored
//! hash replaced by its hash, so the mailed URL is the only copy anywhere.
//! A link revoked or gone before its mail is sent is skipped.

use std::time::SystemTime;

use askama::Template;
use chrono::{DateTime, Utc};
use convene_core::ItemId;
use convene_core::i18n::{Arg, Lang, t, t_plain};
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
    asked: &'a str,
    feed_label: &'a str,
    feed_url: &'a str,
    add: &'a str,
    manage_label: &'a str,
    manage_url: &'a str,
    ignore: &'a str,
    footer: &'a str,
    lang: &'static str,
    dir: &'static str,
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
    let names: Vec<&str> = link.groups.iter().map(|g| g.as_str()).collect();
    let names = names.join(", ");
    // The language of the link's first group's list.
    let tree = db.groups().await?;
    let default = super::default_language(config);
    let lang = link
        .groups
        .first()
        .map_or(default, |g| convene_core::group_language(&tree, g, default));
    Ok(Prepared::Mail(build(
        mail,
        config,
        now,
        lang,
        &names,
        base,
        &feed_url,
        &manage_url,
    )))
}

#[allow(clippy::too_many_arguments)]
fn build(
    mail: &OutboxMail,
    config: &Config,
    now: DateTime<Utc>,
    lang: Lang,
    groups: &str,
    site: &str,
    feed_url: &str,
    manage_url: &str,
) -> Result<Message, String> {
    let words = [("groups", Arg::from(groups)), ("site", Arg::from(site))];
    let asked = t(lang, "mail-personal-asked", &words);
    let feed_label = t(lang, "mail-personal-feed", &[]);
    let add = t(lang, "mail-personal-add", &[]);
    let manage_label = t(lang, "mail-personal-manage", &[]);
    let ignore = t(lang, "mail-personal-ignore", &[]);
    let footer = t(lang, "mail-personal-footer", &[("site", Arg::from(site))]);
    let html = Personal {
        asked: &asked,
        feed_label: &feed_label,
        feed_url,
        add: &add,
        manage_label: &manage_label,
        manage_url,
        ignore: &ignore,
        footer: &footer,
        lang: lang.code(),
        dir: lang.dir(),
    }
    .render()
    .map_err(|e| e.to_string())?;
    let text = format!(
        "{asked}\n\n{feed_label}\n{feed_url}\n\n{add}\n\n{manage_label}\n{manage_url}\n\n{ignore}\n\n-- \n{footer}\n"
    );
    let parse = |what: &str, v: &str| -> Result<Mailbox, String> {
        v.parse().map_err(|e| format!("{what} {v:?}: {e}"))
    };
    let mut b = Message::builder()
        .from(parse("mail.from", &config.mail.from)?)
        .subject(t_plain(
            lang,
            "mail-personal-subject",
            &[("groups", Arg::from(groups))],
        ))
        .date(SystemTime::from(now))
        .message_id(Some(super::compose::message_id(&mail.message_id, config)))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".to_owned(),
        ))
        .raw_header(super::compose::content_language(lang));
    for r in &mail.recipients {
        b = b.to(parse("recipient", r)?);
    }
    b.multipart(MultiPart::alternative_plain_html(text, html))
        .map_err(|e| e.to_string())
}
