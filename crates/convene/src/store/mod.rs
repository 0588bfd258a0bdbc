//! Storage: one interface in domain terms, two backends.
//!
//! [`Db`] is the database, SQLite or PostgreSQL, picked from the URL scheme
//! at start-up; its methods speak in the core's types (groups, meetings,
//! deadlines, planned mails). There is one layer, not three: each method
//! (`db.rs` for reads, groups and tokens; `outbox.rs` for the mail queue;
//! `tx.rs` for [`WriteTx`], the schedule's write transaction) has one
//! `match` that picks the backend's SQL function, and does everything else
//! once. `changes.rs` keeps the change stamp in memory ([`ChangeWatch`]:
//! told by this process's commits and, on PostgreSQL, by every replica's
//! `NOTIFY`).
//!
//! - SQL stays per backend: `sqlite/` and `postgres/` hold free functions
//!   by concern (`reads`, `groups_tokens`, `tx`, `outbox`, `rate_limits`), each taking an
//!   executor (the pool or the write transaction), with their own
//!   migrations (`migrations/sqlite/`, `migrations/postgres/`, same
//!   versions). They differ where the databases do: placeholders, lists
//!   (JSON arrays vs `text[]`), id order (`COLLATE "C"`), locks.
//! - The Rust around the SQL is shared: rows are read into the structs of
//!   `rows.rs` by column name on both backends and turned into domain values
//!   there (JSON parsing, [`StoredMeeting`], [`StoredDeadline`],
//!   [`TokenRecord`], outbox rows); instants, TEXT on SQLite and
//!   `TIMESTAMPTZ` on PostgreSQL, are read through one type (`rows::At`)
//!   that each backend decodes its way.
//!
//! There is no storage trait: nothing needs to be generic over the backend,
//! and the storage suite (`suite/`) runs every scenario on a [`Db`] of each
//! kind.
//!
//! Every write is one transaction: a meeting, its groups, its sessions and
//! its planned mails are stored together or not at all. Each meeting and
//! deadline has a version; a write that expects another version fails with
//! [`StoreError::VersionConflict`].

mod changes;
mod db;
pub mod feed_links;
mod feed_reads;
pub mod history;
mod new_rows;
pub mod outbox;
mod parsed;
mod postgres;
pub mod rate_limit;
mod rows;
mod sessions;
mod sqlite;
#[cfg(test)]
mod suite;

use chrono::{DateTime, Utc};
use convene_core::{
    Catalog, Deadline, GroupSlug, GroupTree, Interval, ItemId, MailKind, Meeting, Subject,
};

pub use changes::ChangeWatch;
pub use db::{Db, Migrated};
pub use feed_links::FeedLink;
pub use feed_reads::FeedReader;
pub use history::{AuditEntry, HistoryScope};
pub use new_rows::NewRows;
pub use parsed::ParsedMeetings;
pub mod tx;
pub use outbox::{ClaimedMail, OutboxQuery, OutboxRow};
pub use tx::{Answer, ExistingRow, ExistingRows, KeyClaim, KeyPolicy, KeyRequest, Origin, WriteTx};

/// What went wrong in storage, in domain words. Backend details stay in the
/// `source` chain (logged, never shown to clients).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The item is not there.
    #[error("{what} {id:?} does not exist")]
    NotFound {
        /// "meeting", "token", …
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// Someone else changed the item first.
    #[error(
        "{what} {id:?} was changed meanwhile: it is at version {current}, the change was made against version {expected}"
    )]
    VersionConflict {
        /// "meeting" or "deadline".
        what: &'static str,
        /// The item.
        id: String,
        /// The version the writer saw.
        expected: i64,
        /// The version stored now.
        current: i64,
    },
    /// An item with this id already exists.
    #[error("{what} {id:?} already exists")]
    Duplicate {
        /// "meeting", "token", …
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// The database was migrated by a newer convene.
    #[error(
        "the database is at schema version {found}, newer than this convene knows ({known}); run a newer convene, or restore a backup made before the upgrade"
    )]
    TooNew {
        /// The newest version applied in the database.
        found: i64,
        /// The newest version this binary has.
        known: i64,
    },
    /// A stored row no longer makes sense (edited by hand, or a tz database
    /// change made a stored local time invalid).
    #[error("stored {what} {id:?} is invalid: {why}")]
    Corrupt {
        /// "meeting", …
        what: &'static str,
        /// Its id.
        id: String,
        /// Why.
        why: String,
    },
    /// The database URL is not one convene can use.
    #[error("unsupported database URL {0:?}: use sqlite:PATH or postgres://USER@HOST/DB")]
    BadUrl(String),
    /// Migrating failed.
    #[error("migrating the database failed")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    /// The database said no, or could not be reached.
    #[error("database error")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// Whether trying again shortly may succeed: the database was busy
    /// (SQLite's write lock held past `busy_timeout`), a PostgreSQL deadlock
    /// or serialization failure, or the pool had no connection to give.
    pub fn is_transient(&self) -> bool {
        match self {
            StoreError::Database(sqlx::Error::PoolTimedOut) => true,
            StoreError::Database(sqlx::Error::Database(e)) => matches!(
                e.code().as_deref(),
                // SQLITE_BUSY, SQLITE_LOCKED; serialization_failure,
                // deadlock_detected, lock_not_available.
                Some("5" | "6" | "517" | "40001" | "40P01" | "55P03")
            ),
            _ => false,
        }
    }
}

/// A meeting as stored, with its version (the calendar `SEQUENCE` grows with it).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredMeeting {
    /// The meeting.
    pub meeting: Meeting,
    /// 1 when created, +1 on every change.
    pub version: i64,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Daily sessions earlier versions published that this one no longer
    /// has: published as cancelled under the UID that day had.
    pub dropped: Vec<convene_core::DroppedSession>,
}

/// What a feed reads of a meeting to tell whether it keeps the meeting's
/// events written (`calendar/kept.rs`), without reading the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingStamp {
    /// The meeting's id.
    pub id: String,
    /// [`meeting_digest`] of its row, `None` when not known (written
    /// before migration 13, or edited by hand).
    pub digest: Option<i64>,
}

/// A deadline as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDeadline {
    /// The deadline.
    pub deadline: Deadline,
    /// 1 when created, +1 on every change.
    pub version: i64,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// Which meetings to list.
#[derive(Debug, Clone, Default)]
pub struct MeetingFilter {
    /// Meetings of any of these groups (all meetings when `None`).
    pub groups: Option<Vec<GroupSlug>>,
    /// Meetings whose span touches this range.
    pub range: Option<Interval>,
    /// Only meetings with this status.
    pub status: Option<convene_core::Status>,
    /// Only meetings after this (start, id) in the listing order: the
    /// cursor of the previous page.
    pub after: Option<(DateTime<Utc>, String)>,
    /// At most this many.
    pub limit: Option<u32>,
    /// Only meetings that ended at or before this instant (the past of a
    /// page).
    pub ended_by: Option<DateTime<Utc>>,
    /// Latest first (by start, then id, both descending).
    pub newest_first: bool,
    /// Skip this many (a page of the past).
    pub offset: Option<u32>,
}

/// An instant after every item (the end of a range open to the future):
/// 9999-12-31T23:59:59Z, which both backends store and compare as they do
/// any other.
pub const FAR_FUTURE: DateTime<Utc> = match chrono::NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => match d.and_hms_opt(23, 59, 59) {
        Some(t) => t.and_utc(),
        None => DateTime::<Utc>::MAX_UTC,
    },
    None => DateTime::<Utc>::MAX_UTC,
};

/// An API token as stored (the secret itself is never stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    /// Public id (shown in `token list`).
    pub id: String,
    /// Who it is for.
    pub name: String,
    /// Acts on everything.
    pub admin: bool,
    /// Acts on this group and its descendants.
    pub group: Option<GroupSlug>,
    /// SHA-256 of the secret, hex.
    pub secret_hash: String,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// What [`Db::stamp`] returns: the id and time of the newest change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stamp {
    /// The newest audit row's id (0 when nothing was ever written).
    pub change: i64,
    /// When it was written.
    pub at: Option<DateTime<Utc>>,
}

/// A mail in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMail {
    /// What it is about.
    pub subject: Subject,
    /// The item's version it was planned for.
    pub subject_version: i64,
    /// Announcement or reminder.
    pub kind: MailKind,
    /// Mailing lists.
    pub recipients: Vec<String>,
    /// When to send.
    pub due_at: DateTime<Utc>,
    /// Of no use after.
    pub expires_at: DateTime<Utc>,
    /// pending, sent, skipped, dead, superseded.
    pub status: String,
    /// Unique per (item, kind, version): the Message-ID's left part.
    pub message_id: String,
}

/// The outbox key of a planned mail: one per (item, kind, version), so a
/// new version plans new mails and a retry never plans the same one twice.
pub fn message_key(subject: &Subject, kind: MailKind, version: i64) -> String {
    let (t, id) = subject_parts(subject);
    format!("{t}.{id}.v{version}.{}", kind_name(kind))
}

/// `("meeting", id)` or `("deadline", id)`.
pub fn subject_parts(subject: &Subject) -> (&'static str, &str) {
    match subject {
        Subject::Meeting(id) => ("meeting", id.as_str()),
        Subject::Deadline(id) => ("deadline", id.as_str()),
        Subject::Batch(id) => ("batch", id.as_str()),
        Subject::FeedLink(id) => ("feed-link", id.as_str()),
    }
}

/// `announcement`, `reminder-7d`, or `reminder-1d-2023-10-17` for one
/// occurrence of a series.
pub fn kind_name(kind: MailKind) -> String {
    match kind {
        MailKind::Announcement => "announcement".to_owned(),
        MailKind::Reminder { days_before } => format!("reminder-{days_before}d"),
        MailKind::OccurrenceReminder {
            days_before,
            occurrence,
        } => format!("reminder-{days_before}d-{occurrence}"),
        MailKind::Update => "update".to_owned(),
        MailKind::Cancellation => "cancellation".to_owned(),
        MailKind::Reinstatement => "reinstatement".to_owned(),
        MailKind::Digest => "digest".to_owned(),
        MailKind::PersonalLink => "personal-link".to_owned(),
    }
}

/// Parses what [`kind_name`] wrote.
pub fn parse_kind(s: &str) -> Option<MailKind> {
    match s {
        "announcement" => return Some(MailKind::Announcement),
        "update" => return Some(MailKind::Update),
        "cancellation" => return Some(MailKind::Cancellation),
        "reinstatement" => return Some(MailKind::Reinstatement),
        "digest" => return Some(MailKind::Digest),
        "personal-link" => return Some(MailKind::PersonalLink),
        _ => {}
    }
    let rest = s.strip_prefix("reminder-")?;
    if let Some((days, date)) = rest.split_once("d-") {
        return Some(MailKind::OccurrenceReminder {
            days_before: days.parse().ok()?,
            occurrence: convene_core::time::parse_date(date).ok()?,
        });
    }
    let days = rest.strip_suffix('d')?.parse().ok()?;
    Some(MailKind::Reminder { days_before: days })
}

/// Parses what [`subject_parts`] gave.
pub fn parse_subject(t: &str, id: &str) -> Option<Subject> {
    let id = ItemId::parse(id).ok()?;
    match t {
        "meeting" => Some(Subject::Meeting(id)),
        "deadline" => Some(Subject::Deadline(id)),
        "batch" => Some(Subject::Batch(id)),
        "feed-link" => Some(Subject::FeedLink(id)),
        _ => None,
    }
}

/// Reads a stored row's JSON as `I` and makes it a domain value again with
/// `check`; either failing means the row no longer makes sense.
fn from_json<I: serde::de::DeserializeOwned, T, E: std::fmt::Display>(
    what: &'static str,
    id: &str,
    json: &str,
    check: impl FnOnce(I) -> Result<T, E>,
) -> Result<T, StoreError> {
    let corrupt = |why: String| StoreError::Corrupt {
        what,
        id: id.to_owned(),
        why,
    };
    let input: I = serde_json::from_str(json).map_err(|e| corrupt(e.to_string()))?;
    check(input).map_err(|e| corrupt(e.to_string()))
}

/// Turns stored input JSON back into a meeting (validated again).
pub(crate) fn meeting_from_json(id: &str, json: &str) -> Result<Meeting, StoreError> {
    from_json("meeting", id, json, |i: convene_core::MeetingInput| {
        i.validate(&convene_core::Defaults::default())
    })
}

/// Reads a meeting's dropped sessions.
pub(crate) fn dropped_from_json(
    id: &str,
    json: &str,
) -> Result<Vec<convene_core::DroppedSession>, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        what: "meeting",
        id: id.to_owned(),
        why: format!("dropped sessions: {e}"),
    })
}

/// Turns stored input JSON back into a deadline.
pub(crate) fn deadline_from_json(id: &str, json: &str) -> Result<Deadline, StoreError> {
    from_json("deadline", id, json, |i: convene_core::DeadlineInput| {
        i.validate(&convene_core::Defaults::default())
    })
}

/// Turns stored input JSON back into a group.
pub(crate) fn group_from_json(slug: &str, json: &str) -> Result<convene_core::Group, StoreError> {
    from_json("group", slug, json, |i: convene_core::GroupInput| {
        i.validate()
    })
}

/// JSON of what the organizer gave, as stored.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    // Serializing plain structs of strings cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// A meeting's digest as stored beside its row and its groups (migration
/// 13): the first 64 bits of the SHA-256 of everything of the row its
/// events are written from: `input`, `dropped`, the version and the second
/// of its last change. A feed keeps a meeting's written events under it
/// (`calendar/kept.rs`).
pub fn meeting_digest(input: &str, dropped: &str, version: i64, updated_at: DateTime<Utc>) -> i64 {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(input.as_bytes());
    h.update([0]);
    h.update(dropped.as_bytes());
    h.update([0]);
    h.update(version.to_be_bytes());
    h.update(updated_at.timestamp().to_be_bytes());
    let sum = h.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&sum[..8]);
    i64::from_be_bytes(first)
}

/// Names a database newer than the binary as such; other failures as they are.
pub(crate) fn migrate_error(
    e: sqlx::migrate::MigrateError,
    migrator: &sqlx::migrate::Migrator,
) -> StoreError {
    match e {
        sqlx::migrate::MigrateError::VersionMissing(found) => StoreError::TooNew {
            found,
            known: migrator.iter().map(|m| m.version).max().unwrap_or(0),
        },
        other => StoreError::Migrate(other),
    }
}

/// Builds a catalog from stored parts; a mismatch means a corrupt store.
pub(crate) fn catalog_from_parts(
    tree: GroupTree,
    meetings: Vec<Meeting>,
    deadlines: Vec<Deadline>,
) -> Result<Catalog, StoreError> {
    Catalog::new(tree, meetings, deadlines).map_err(|problems| StoreError::Corrupt {
        what: "catalog",
        id: String::new(),
        why: problems
            .iter()
            .map(|p| format!("{}: {}", p.item, p.errors))
            .collect::<Vec<_>>()
            .join("; "),
    })
}
