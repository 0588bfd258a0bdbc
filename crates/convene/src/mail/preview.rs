//! What will be (or was) sent: the outbox rows due in a window, with their
//! subject as it would be written now. `convene reminders preview` and
//! `GET /api/v1/reminders` both show this.

use std::collections::HashMap;

use chrono::{DateTime, SecondsFormat, Utc};
use convene_core::Subject;
use serde::Serialize;

use super::compose::{self, Loaded};
use super::dispatch::load;
use crate::config::Config;
use crate::store::outbox::SUPERSEDED;
use crate::store::{Db, OutboxQuery, StoreError, kind_name, subject_parts};

/// One mail in the preview.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = ReminderMail)]
pub struct PreviewRow {
    /// The outbox row's id.
    pub id: i64,
    /// When it is due, UTC (RFC 3339).
    pub due_utc: String,
    /// When it is due in Geneva time (RFC 3339 with offset).
    pub due_geneva: String,
    /// `announcement`, `reminder-7d`, `update`, `cancellation`.
    pub kind: String,
    /// `meeting` or `deadline`.
    pub item_type: String,
    /// The item's id.
    pub item_id: String,
    /// The item's version the mail was planned for.
    pub version: i64,
    /// The mailing lists.
    pub recipients: Vec<String>,
    /// The subject, as it would be written now, in the list's language.
    pub subject: String,
    /// `pending`, `sent`, `skipped` or `dead`.
    pub status: String,
    /// Tries so far.
    pub attempts: i64,
    /// When it was sent.
    pub sent_at: Option<String>,
    /// Why the last try failed or why it was skipped.
    pub last_error: Option<String>,
    /// The `Message-ID` header it has (or will have).
    pub message_id: String,
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The mails due in `from..to`, by due time, sent or not (superseded ones,
/// which are never sent, left out).
pub async fn preview(
    db: &Db,
    config: &Config,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<PreviewRow>, StoreError> {
    let rows = db
        .list(&OutboxQuery {
            due_from: Some(from),
            due_to: Some(to),
            ..Default::default()
        })
        .await?;
    let tree = db.groups().await?;
    let mut items: HashMap<Subject, Option<Loaded>> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows.into_iter().filter(|r| r.mail.status != SUPERSEDED) {
        if !items.contains_key(&r.mail.subject) {
            let loaded = load(db, &r.mail.subject).await?;
            items.insert(r.mail.subject.clone(), loaded);
        }
        let subject = match items.get(&r.mail.subject) {
            Some(Some(item)) => {
                let lang = compose::language(item, &r.mail.recipients, &tree, config);
                compose::subject(r.mail.kind, item, &tree, lang)
            }
            _ => "(its item no longer exists)".to_owned(),
        };
        let (t, id) = subject_parts(&r.mail.subject);
        out.push(PreviewRow {
            id: r.id,
            due_utc: rfc3339(r.mail.due_at),
            due_geneva: r
                .mail
                .due_at
                .with_timezone(&chrono_tz::Europe::Zurich)
                .to_rfc3339_opts(SecondsFormat::Secs, true),
            kind: kind_name(r.mail.kind),
            item_type: t.to_owned(),
            item_id: id.to_owned(),
            version: r.mail.subject_version,
            recipients: r.mail.recipients.clone(),
            subject,
            status: r.mail.status.clone(),
            attempts: r.attempts,
            sent_at: r.sent_at.map(rfc3339),
            last_error: r.last_error.clone(),
            message_id: compose::message_id(&r.mail.message_id, config),
        });
    }
    Ok(out)
}

/// The preview as a table for the terminal.
pub fn table(rows: &[PreviewRow]) -> String {
    let mut out = String::new();
    if rows.is_empty() {
        out.push_str("no mails due in this period\n");
        return out;
    }
    let short = |s: &str| s.replace('T', " ").chars().take(16).collect::<String>();
    let lines: Vec<[String; 7]> = rows
        .iter()
        .map(|r| {
            [
                short(&r.due_utc),
                short(&r.due_geneva),
                r.kind.clone(),
                format!("{} {}", r.item_type, r.item_id),
                r.status.clone(),
                r.recipients.join(", "),
                r.subject.clone(),
            ]
        })
        .collect();
    let head = [
        "due (UTC)",
        "due (Geneva)",
        "kind",
        "item",
        "status",
        "to",
        "subject",
    ];
    let mut widths = head.map(str::len);
    for l in &lines {
        for (w, c) in widths.iter_mut().zip(l.iter()) {
            *w = (*w).max(c.chars().count());
        }
    }
    let row = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(&format!("{c:<w$}  ", w = widths[i]));
            }
        }
        s.push('\n');
        s
    };
    out.push_str(&row(head.to_vec()));
    for l in &lines {
        out.push_str(&row(l.iter().map(String::as_str).collect()));
    }
    out.push_str(&format!("{} mail(s)\n", rows.len()));
    out
}
