//! The outbox as a queue: what the mail dispatcher needs from storage.
//!
//! Planned mails are written to the `outbox` table by the same transaction
//! that changes the schedule ([`super::WriteTx`]); the [`Db`] methods here
//! take them out again. A dispatcher *claims* due rows: it sets their `lease_until`, so no
//! other dispatcher takes them until the lease ends (PostgreSQL: `FOR UPDATE
//! SKIP LOCKED`, so concurrent claimers get disjoint sets; SQLite: one short
//! write transaction). Then it marks each row `sent`, `skipped` (its moment
//! passed), failed with a retry time (still `pending`), or `dead` (no more
//! tries; an admin can [`Db::retry`] it).
//!
//! A crash between the SMTP server's acceptance and [`Db::mark_sent`]
//! leaves the row leased; once the lease ends it is claimed again and sent
//! once more, with the same Message-ID. That is the only way a mail goes out
//! twice.

use chrono::{DateTime, Duration, Utc};

use super::rows::{At, MailRow};
use super::{Db, OutboxMail, StoreError, postgres, sqlite};

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

impl Db {
    /// Every planned mail, by due time then key.
    pub async fn outbox(&self) -> Result<Vec<OutboxMail>, StoreError> {
        let rows = match self {
            Db::Sqlite(p) => sqlite::outbox::mails(p).await?,
            Db::Postgres(p) => postgres::outbox::mails(p).await?,
        };
        super::rows::all(rows, MailRow::into_mail)
    }

    /// Leases up to `limit` pending rows due at `now` (`next_attempt_at <=
    /// now`) and not leased by anyone (no lease, or one ended by `now`)
    /// until `now + lease`; oldest first. Expired rows are claimed too: the
    /// dispatcher marks them skipped.
    pub async fn claim_due(
        &self,
        now: DateTime<Utc>,
        lease: Duration,
        limit: u32,
    ) -> Result<Vec<ClaimedMail>, StoreError> {
        let rows = match self {
            Db::Sqlite(p) => sqlite::outbox::claim_due(p, now, lease, limit).await?,
            Db::Postgres(p) => postgres::outbox::claim_due(p, now, lease, limit).await?,
        };
        let mut claimed = super::rows::all(rows, QueueRow::into_row)?;
        claimed.sort_by_key(|r| (r.next_attempt_at, r.id));
        Ok(claimed
            .into_iter()
            .map(|r| ClaimedMail {
                id: r.id,
                mail: r.mail,
                attempts: r.attempts,
            })
            .collect())
    }

    /// Marks a row sent at `now` (one more attempt, lease released). False
    /// when there is no such row.
    pub async fn mark_sent(&self, id: i64, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let changed = match self {
            Db::Sqlite(p) => sqlite::outbox::mark_sent(p, id, now).await?,
            Db::Postgres(p) => postgres::outbox::mark_sent(p, id, now).await?,
        };
        Ok(changed == 1)
    }

    /// Records a failed try of a pending row (one more attempt, lease
    /// released): it is tried again at `retry_at`, or becomes `dead` when
    /// `None`. False when the row is not pending (someone else finished it).
    pub async fn mark_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> Result<bool, StoreError> {
        let error = clip(error);
        let changed = match self {
            Db::Sqlite(p) => sqlite::outbox::mark_failed(p, id, &error, retry_at).await?,
            Db::Postgres(p) => postgres::outbox::mark_failed(p, id, &error, retry_at).await?,
        };
        Ok(changed == 1)
    }

    /// Marks a pending row `skipped` at `now`, saying why in `last_error`.
    /// False when the row is not pending.
    pub async fn mark_skipped(
        &self,
        id: i64,
        now: DateTime<Utc>,
        reason: &str,
    ) -> Result<bool, StoreError> {
        let note = clip(&skipped_note(now, reason));
        let changed = match self {
            Db::Sqlite(p) => sqlite::outbox::mark_skipped(p, id, &note).await?,
            Db::Postgres(p) => postgres::outbox::mark_skipped(p, id, &note).await?,
        };
        Ok(changed == 1)
    }

    /// Rows by due time, then id.
    pub async fn list(&self, query: &OutboxQuery) -> Result<Vec<OutboxRow>, StoreError> {
        let rows = match self {
            Db::Sqlite(p) => sqlite::outbox::list(p, query).await?,
            Db::Postgres(p) => postgres::outbox::list(p, query).await?,
        };
        super::rows::all(rows, QueueRow::into_row)
    }

    /// One row.
    pub async fn outbox_row(&self, id: i64) -> Result<Option<OutboxRow>, StoreError> {
        let row = match self {
            Db::Sqlite(p) => sqlite::outbox::row(p, id).await?,
            Db::Postgres(p) => postgres::outbox::row(p, id).await?,
        };
        row.map(QueueRow::into_row).transpose()
    }

    /// For the metrics: the number of rows with each status of
    /// [`STATUSES`] (zeros included), and how long the oldest pending row
    /// that is due at `now` has been due (zero when none is).
    pub async fn depth(
        &self,
        now: DateTime<Utc>,
    ) -> Result<(Vec<(&'static str, u64)>, Duration), StoreError> {
        let (counts, oldest) = match self {
            Db::Sqlite(p) => sqlite::outbox::depth(p, now).await?,
            Db::Postgres(p) => postgres::outbox::depth(p, now).await?,
        };
        let per_status = STATUSES
            .iter()
            .map(|s| {
                let n = counts.iter().find(|(c, _)| c == s).map_or(0, |(_, n)| *n);
                (*s, u64::try_from(n).unwrap_or(0))
            })
            .collect();
        let lag = oldest.map_or(Duration::zero(), |t| (now - t).max(Duration::zero()));
        Ok((per_status, lag))
    }

    /// Puts a `dead` row back in the queue with its attempts reset, due at
    /// once: its next try is at its due time (or `now`, if earlier), so a
    /// dispatcher on an injected clock takes it too. False when there is no
    /// dead row with this id.
    pub async fn retry(&self, id: i64, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let changed = match self {
            Db::Sqlite(p) => sqlite::outbox::retry(p, id, now).await?,
            Db::Postgres(p) => postgres::outbox::retry(p, id, now).await?,
        };
        Ok(changed == 1)
    }
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

/// An outbox row's columns, as both backends read them.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct QueueRow {
    id: i64,
    #[sqlx(flatten)]
    mail: MailRow,
    attempts: i32,
    next_attempt_at: At,
    lease_until: Option<At>,
    last_error: Option<String>,
    sent_at: Option<At>,
}

impl QueueRow {
    fn into_row(self) -> Result<OutboxRow, StoreError> {
        Ok(OutboxRow {
            id: self.id,
            mail: self.mail.into_mail()?,
            attempts: i64::from(self.attempts),
            next_attempt_at: self.next_attempt_at.get()?,
            lease_until: At::get_opt(self.lease_until)?,
            last_error: self.last_error,
            sent_at: At::get_opt(self.sent_at)?,
        })
    }
}

/// The columns every outbox query selects, the mail's and then the queue's
/// own.
pub(super) const COLUMNS: &str = "id, subject_type, subject_id, subject_version, kind, recipients, \
     due_at, expires_at, status, message_id, attempts, next_attempt_at, lease_until, last_error, sent_at";
