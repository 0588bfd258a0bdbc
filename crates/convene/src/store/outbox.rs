//! The outbox as a queue: what the mail dispatcher needs from storage.
//!
//! Planned mails are written to the `outbox` table by the same transaction
//! that changes the schedule ([`super::Store`]); this trait takes them out
//! again. A dispatcher *claims* due rows: it sets their `lease_until`, so no
//! other dispatcher takes them until the lease ends (PostgreSQL: `FOR UPDATE
//! SKIP LOCKED`, so concurrent claimers get disjoint sets; SQLite: one short
//! write transaction). Then it marks each row `sent`, `skipped` (its moment
//! passed), failed with a retry time (still `pending`), or `dead` (no more
//! tries; an admin can [`Outbox::retry`] it).
//!
//! A crash between the SMTP server's acceptance and [`Outbox::mark_sent`]
//! leaves the row leased; once the lease ends it is claimed again and sent
//! once more, with the same Message-ID. That is the only way a mail goes out
//! twice.

use std::future::Future;

use chrono::{DateTime, Duration, Utc};

use super::{Db, OutboxMail, StoreError};

/// Waiting to be sent (or to be retried at `next_attempt_at`).
pub const PENDING: &str = "pending";
/// Accepted by the SMTP server, or written as an .eml file.
pub const SENT: &str = "sent";
/// Not sent: its moment had passed when a dispatcher got to it.
pub const SKIPPED: &str = "skipped";
/// Failed `mail.max_attempts` times; waits for an admin's retry.
pub const DEAD: &str = "dead";
/// Replaced by the mails of a newer version of its item; never sent.
pub const SUPERSEDED: &str = "superseded";

/// Every status, for validating filters.
pub const STATUSES: [&str; 5] = [PENDING, SENT, SKIPPED, DEAD, SUPERSEDED];

/// A row taken by a dispatcher, leased to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedMail {
    /// The row's id.
    pub id: i64,
    /// What to send.
    pub mail: OutboxMail,
    /// How many times sending was tried before.
    pub attempts: i64,
}

/// A row as listed for people (admins, the preview).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    /// The row's id.
    pub id: i64,
    /// The mail.
    pub mail: OutboxMail,
    /// Tries so far.
    pub attempts: i64,
    /// When it is tried next (while pending).
    pub next_attempt_at: DateTime<Utc>,
    /// Held by a dispatcher until then.
    pub lease_until: Option<DateTime<Utc>>,
    /// Why the last try failed, or why it was skipped.
    pub last_error: Option<String>,
    /// When it was sent.
    pub sent_at: Option<DateTime<Utc>>,
}

/// Which rows to list.
#[derive(Debug, Clone, Default)]
pub struct OutboxQuery {
    /// Only rows with this status.
    pub status: Option<String>,
    /// Only rows due at or after this instant.
    pub due_from: Option<DateTime<Utc>>,
    /// Only rows due before this instant.
    pub due_to: Option<DateTime<Utc>>,
    /// At most this many (all when `None`).
    pub limit: Option<u32>,
}

/// The outbox queue. Implemented by both backends and by [`Db`].
pub trait Outbox: Clone + Send + Sync + 'static {
    /// Leases up to `limit` pending rows due at `now` (`next_attempt_at <=
    /// now`) and not leased by anyone (no lease, or one ended by `now`)
    /// until `now + lease`; oldest first. Expired rows are claimed too: the
    /// dispatcher marks them skipped.
    fn claim_due(
        &self,
        now: DateTime<Utc>,
        lease: Duration,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<ClaimedMail>, StoreError>> + Send;

    /// Marks a row sent at `now` (one more attempt, lease released). False
    /// when there is no such row.
    fn mark_sent(
        &self,
        id: i64,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Records a failed try of a pending row (one more attempt, lease
    /// released): it is tried again at `retry_at`, or becomes `dead` when
    /// `None`. False when the row is not pending (someone else finished it).
    fn mark_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Marks a pending row `skipped` at `now`, saying why in `last_error`.
    /// False when the row is not pending.
    fn mark_skipped(
        &self,
        id: i64,
        now: DateTime<Utc>,
        reason: &str,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Rows by due time, then id.
    fn list(
        &self,
        query: &OutboxQuery,
    ) -> impl Future<Output = Result<Vec<OutboxRow>, StoreError>> + Send;

    /// One row.
    fn outbox_row(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<Option<OutboxRow>, StoreError>> + Send;

    /// Puts a `dead` row back in the queue with its attempts reset, due at
    /// once: its next try is at its due time (or `now`, if earlier), so a
    /// dispatcher on an injected clock takes it too. False when there is no
    /// dead row with this id.
    fn retry(
        &self,
        id: i64,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}

/// What `mark_skipped` writes to `last_error`.
pub(super) fn skipped_note(now: DateTime<Utc>, reason: &str) -> String {
    format!(
        "skipped at {}: {reason}",
        now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    )
}

/// Errors are kept short in the table.
pub(super) fn clip(error: &str) -> String {
    const MAX: usize = 2000;
    if error.len() <= MAX {
        return error.to_owned();
    }
    let mut end = MAX;
    while !error.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &error[..end])
}

impl Outbox for Db {
    async fn claim_due(
        &self,
        now: DateTime<Utc>,
        lease: Duration,
        limit: u32,
    ) -> Result<Vec<ClaimedMail>, StoreError> {
        match self {
            Db::Sqlite(s) => s.claim_due(now, lease, limit).await,
            Db::Postgres(s) => s.claim_due(now, lease, limit).await,
        }
    }
    async fn mark_sent(&self, id: i64, now: DateTime<Utc>) -> Result<bool, StoreError> {
        match self {
            Db::Sqlite(s) => s.mark_sent(id, now).await,
            Db::Postgres(s) => s.mark_sent(id, now).await,
        }
    }
    async fn mark_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> Result<bool, StoreError> {
        match self {
            Db::Sqlite(s) => s.mark_failed(id, error, retry_at).await,
            Db::Postgres(s) => s.mark_failed(id, error, retry_at).await,
        }
    }
    async fn mark_skipped(
        &self,
        id: i64,
        now: DateTime<Utc>,
        reason: &str,
    ) -> Result<bool, StoreError> {
        match self {
            Db::Sqlite(s) => s.mark_skipped(id, now, reason).await,
            Db::Postgres(s) => s.mark_skipped(id, now, reason).await,
        }
    }
    async fn list(&self, query: &OutboxQuery) -> Result<Vec<OutboxRow>, StoreError> {
        match self {
            Db::Sqlite(s) => s.list(query).await,
            Db::Postgres(s) => s.list(query).await,
        }
    }
    async fn outbox_row(&self, id: i64) -> Result<Option<OutboxRow>, StoreError> {
        match self {
            Db::Sqlite(s) => s.outbox_row(id).await,
            Db::Postgres(s) => s.outbox_row(id).await,
        }
    }
    async fn retry(&self, id: i64, now: DateTime<Utc>) -> Result<bool, StoreError> {
        match self {
            Db::Sqlite(s) => s.retry(id, now).await,
            Db::Postgres(s) => s.retry(id, now).await,
        }
    }
}

/// An outbox row's columns, as both backends read them.
#[derive(Debug)]
pub(super) struct RawMail {
    pub subject_type: String,
    pub subject_id: String,
    pub subject_version: i64,
    pub kind: String,
    pub recipients: String,
    pub due_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub status: String,
    pub message_id: String,
}

impl RawMail {
    /// The mail, or [`StoreError::Corrupt`] when a column makes no sense.
    pub(super) fn into_mail(self) -> Result<OutboxMail, StoreError> {
        let corrupt = |why: &str| StoreError::Corrupt {
            what: "outbox row",
            id: self.message_id.clone(),
            why: why.to_owned(),
        };
        Ok(OutboxMail {
            subject: super::parse_subject(&self.subject_type, &self.subject_id)
                .ok_or_else(|| corrupt("unknown subject"))?,
            subject_version: self.subject_version,
            kind: super::parse_kind(&self.kind).ok_or_else(|| corrupt("unknown kind"))?,
            recipients: serde_json::from_str(&self.recipients)
                .map_err(|_| corrupt("recipients are not a JSON list"))?,
            due_at: self.due_at,
            expires_at: self.expires_at,
            status: self.status.clone(),
            message_id: self.message_id.clone(),
        })
    }
}

/// The columns every outbox query selects, in [`RawMail`] order and then
/// the queue's own.
pub(super) const COLUMNS: &str = "id, subject_type, subject_id, subject_version, kind, recipients, \
     due_at, expires_at, status, message_id, attempts, next_attempt_at, lease_until, last_error, sent_at";
