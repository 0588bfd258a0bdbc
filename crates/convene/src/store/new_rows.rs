//! [`NewRows`]: the rows of items an import creates, gathered and written
//! many to a statement ([`WriteTx::insert_new`]), in the import's one
//! transaction. A new item's rows are exactly what the one-by-one writes
//! of [`WriteTx::put_meeting`], [`WriteTx::put_deadline`],
//! [`WriteTx::plan_mails`] and [`WriteTx::audit`] give it: version 1,
//! remembered as imported, no dropped sessions, its mails at version 1 (a
//! new item has no older mails to supersede).

use chrono::{DateTime, Utc};
use convene_core::{Deadline, Meeting, Owner, PlannedMail};

use super::tx::WriteTx;
use super::{StoreError, kind_name, message_key, postgres, sqlite, subject_parts, to_json};

/// A new meeting's row.
#[derive(Debug)]
pub(super) struct MeetingRow {
    pub id: String,
    pub status: &'static str,
    pub zone: &'static str,
    pub starts: DateTime<Utc>,
    pub ends: DateTime<Utc>,
    pub input: String,
    /// [`super::meeting_digest`] of `input`, no dropped sessions, version 1
    /// and the import's time.
    pub digest: i64,
}

/// A row of `meeting_groups`.
#[derive(Debug)]
pub(super) struct GroupLink {
    pub meeting: String,
    pub group: String,
    pub position: usize,
    pub ends: DateTime<Utc>,
    /// The meeting's digest.
    pub digest: i64,
}

/// A row of `sessions`.
#[derive(Debug)]
pub(super) struct SessionRow {
    pub meeting: String,
    pub date: String,
    pub starts: DateTime<Utc>,
    pub ends: DateTime<Utc>,
}

/// A new deadline's row.
#[derive(Debug)]
pub(super) struct DeadlineRow {
    pub id: String,
    pub meeting: Option<String>,
    pub group: Option<String>,
    pub closes: DateTime<Utc>,
    pub input: String,
}

/// A planned mail's row in `outbox`.
#[derive(Debug)]
pub(super) struct MailRow {
    pub subject_type: &'static str,
    pub subject_id: String,
    pub version: i64,
    pub kind: String,
    pub recipients: String,
    pub due: DateTime<Utc>,
    pub expires: DateTime<Utc>,
    pub message_id: String,
}

/// An `audit_log` row (`at`, `actor` and `action` are the import's).
#[derive(Debug)]
pub(super) struct AuditRow {
    pub subject_type: &'static str,
    pub subject_id: String,
    pub detail: String,
}

/// New items' rows, not written yet.
#[derive(Debug, Default)]
pub struct NewRows {
    pub(super) meetings: Vec<MeetingRow>,
    pub(super) groups: Vec<GroupLink>,
    pub(super) sessions: Vec<SessionRow>,
    pub(super) deadlines: Vec<DeadlineRow>,
    pub(super) mails: Vec<MailRow>,
    pub(super) audit: Vec<AuditRow>,
}

impl NewRows {
    /// How many items are waiting.
    pub fn len(&self) -> usize {
        self.meetings.len() + self.deadlines.len()
    }

    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0 && self.mails.is_empty() && self.audit.is_empty()
    }

    /// A new meeting (`json`: its input), with its mails and audit row, to
    /// be written at `now`.
    pub fn meeting(&mut self, m: &Meeting, json: &str, mails: &[PlannedMail], now: DateTime<Utc>) {
        let id = m.id().as_str();
        let span = m.span();
        let digest = super::meeting_digest(json, "[]", 1, now);
        self.meetings.push(MeetingRow {
            id: id.to_owned(),
            status: m.status().as_str(),
            zone: m.zone().name(),
            starts: span.start,
            ends: span.end,
            input: json.to_owned(),
            digest,
        });
        for (position, g) in m.groups().iter().enumerate() {
            self.groups.push(GroupLink {
                meeting: id.to_owned(),
                group: g.as_str().to_owned(),
                position,
                ends: span.end,
                digest,
            });
        }
        for s in m.sessions() {
            self.sessions.push(SessionRow {
                meeting: id.to_owned(),
                date: s.date.to_string(),
                starts: s.utc.start,
                ends: s.utc.end,
            });
        }
        self.mails(mails);
        self.audit("meeting", id, json);
    }

    /// A new deadline (`json`: its input), with its mails and audit row.
    pub fn deadline(&mut self, d: &Deadline, json: &str, mails: &[PlannedMail]) {
        let (meeting, group) = match d.owner() {
            Owner::Meeting(m) => (Some(m.as_str().to_owned()), None),
            Owner::Group(g) => (None, Some(g.as_str().to_owned())),
        };
        let id = d.id().as_str();
        self.deadlines.push(DeadlineRow {
            id: id.to_owned(),
            meeting,
            group,
            closes: d.closes_at(),
            input: json.to_owned(),
        });
        self.mails(mails);
        self.audit("deadline", id, json);
    }

    fn mails(&mut self, mails: &[PlannedMail]) {
        for mail in mails {
            let (subject_type, subject_id) = subject_parts(&mail.subject);
            self.mails.push(MailRow {
                subject_type,
                subject_id: subject_id.to_owned(),
                version: 1,
                kind: kind_name(mail.kind),
                recipients: to_json(&mail.recipients),
                due: mail.due,
                expires: mail.expires,
                message_id: message_key(&mail.subject, mail.kind, 1),
            });
        }
    }

    fn audit(&mut self, subject_type: &'static str, id: &str, json: &str) {
        self.audit.push(AuditRow {
            subject_type,
            subject_id: id.to_owned(),
            detail: json.to_owned(),
        });
    }
}

impl WriteTx {
    /// Writes the waiting rows, many to a statement, and empties `rows`.
    /// Meetings go first, so that their deadlines can refer to them.
    pub async fn insert_new(
        &mut self,
        rows: &mut NewRows,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let taken = std::mem::take(rows);
        let notified = self.1;
        match self.inner() {
            super::tx::InnerRef::Sqlite(t) => {
                sqlite::bulk::insert(t, &taken, (actor, notified), now).await
            }
            super::tx::InnerRef::Postgres(t) => {
                postgres::bulk::insert(t, &taken, (actor, notified), now).await
            }
        }
    }
}
