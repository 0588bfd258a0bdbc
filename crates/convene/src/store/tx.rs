//! [`WriteTx`]: one write transaction, whichever the backend. Every change
//! to the schedule (the use cases in `crate::schedule`) runs in one: the
//! idempotency key, the reads its checks need, the conflict check, the
//! write, the audit row, the planned mails and the stored answer commit
//! together or not at all. [`WriteTx::save_group`] and [`WriteTx::archive`]
//! run in one too (`tx/groups.rs`).
//!
//! How writers are kept apart:
//! - SQLite: the transaction starts with `BEGIN IMMEDIATE`, so it holds the
//!   database's one write lock from its first statement: writers run one
//!   after the other and each reads what the one before committed.
//! - PostgreSQL: `READ COMMITTED`, plus transaction-scoped advisory locks
//!   ([`WriteTx::lock_groups`], [`WriteTx::claim_ids`]) taken before the
//!   reads they protect, and row locks on the items changed.
//!
//! The SQL is per backend (`sqlite/tx.rs`, `postgres/tx.rs`); what is the
//! same for both (which rows to read, what to decide) is written here once.

use chrono::{DateTime, Duration, Utc};
use convene_core::reminder::{Heard, MailNews};
use convene_core::{
    Deadline, GroupSlug, GroupTree, Interval, ItemId, MailKind, Meeting, PlannedMail, Status,
};
use sqlx::{Postgres, Sqlite, Transaction};

use super::rows::{self, KeyRow};
use super::{
    Db, MeetingFilter, StoreError, StoredDeadline, StoredMeeting, postgres, sqlite, subject_parts,
    to_json,
};

/// What a meeting's row holds besides the values its columns index.
#[derive(Debug)]
pub(super) struct MeetingText<'a> {
    /// The organizer's input, as JSON.
    pub json: &'a str,
    /// 1 when created, +1 on every change.
    pub version: i64,
    /// The sessions earlier versions published that this one dropped.
    pub dropped: &'a str,
    /// Written by `convene import` (kept as the text last imported).
    pub imported: bool,
    /// [`super::meeting_digest`] of `json`, `dropped`, `version` and the
    /// time of the write.
    pub digest: i64,
}

/// An open write transaction. Dropped without [`WriteTx::commit`], it rolls
/// back: a request that times out or a process that dies leaves nothing.
/// The flag: whether its changes are announced (its audit rows say so).
#[derive(Debug)]
pub struct WriteTx(pub(super) Inner, pub(super) bool);

/// Something went out; an announcement, update, cancellation waits.
pub(super) type MailState = (bool, bool, bool, bool);

#[derive(Debug)]
pub(super) enum Inner {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$sqlite` or `$pg` with `$t` bound to the backend's transaction.
macro_rules! on {
    ($self:ident, $t:ident => $sqlite:expr, $pg:expr) => {
        match &mut $self.0 {
            Inner::Sqlite($t) => $sqlite,
            Inner::Postgres($t) => $pg,
        }
    };
}

/// An answer kept for an `Idempotency-Key`: a retry gets it whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: String,
    /// `Location`, if any.
    pub location: Option<String>,
    /// `ETag`, if any.
    pub etag: Option<String>,
    /// The body.
    pub body: String,
}

/// An `Idempotency-Key` as a write sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRequest {
    /// The token that sent it (keys are per token).
    pub token_id: String,
    /// The key.
    pub key: String,
    /// SHA-256 of the method, path and body: the same key with another
    /// request is refused.
    pub request_hash: String,
}

/// How long keys live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyPolicy {
    /// A key reserved but never answered (only databases written by convene
    /// before 0.2 hold such rows) is taken over after this long.
    pub lease: Duration,
    /// Answered keys are forgotten after this long.
    pub keep: Duration,
}

/// What a write finds under its `Idempotency-Key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyClaim {
    /// New (or expired): reserved in this transaction; go ahead.
    Fresh,
    /// Answered before, for the same request: give that answer again.
    Replay(Answer),
    /// Used before for another request.
    Mismatch,
    /// Reserved by a request that may still be running.
    InProgress,
}

/// A stored row as an import compares it: id, `input`, what the last
/// import wrote, version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingRow {
    /// What is stored.
    pub input: String,
    /// What the last import wrote (`None`: never imported).
    pub imported: Option<String>,
    /// The version.
    pub version: i64,
}

/// Stored rows by id (or slug).
pub type ExistingRows = std::collections::HashMap<String, ExistingRow>;

/// How a group's row is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GroupWrite {
    /// A new group (the API).
    Create,
    /// A change to an existing group (the API).
    Update,
    /// An import: created or replaced, and remembered as imported.
    Import,
}

/// A row of `audit_log`: who changed what.
#[derive(Debug)]
pub(super) struct AuditRow<'a> {
    pub at: DateTime<Utc>,
    pub actor: &'a str,
    pub action: &'a str,
    pub subject: (&'a str, &'a str),
    pub detail: &'a str,
    pub notified: bool,
}

/// Who wrote an item: an import keeps track of what it wrote, so that a
/// later import can tell API changes apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The API (or any organizer's change).
    Api,
    /// `convene import`.
    Import,
}

impl Db {
    /// Opens a write transaction (SQLite: `BEGIN IMMEDIATE`).
    pub async fn begin_write(&self) -> Result<WriteTx, StoreError> {
        let inner = match self {
            Db::Sqlite(p) => Inner::Sqlite(sqlite::begin(p).await?),
            Db::Postgres(p) => Inner::Postgres(postgres::begin(p).await?),
        };
        Ok(WriteTx(inner, true))
    }
}

/// The backend's transaction, for the store's other files.
pub(super) enum InnerRef<'a> {
    Sqlite(&'a mut Transaction<'static, Sqlite>),
    Postgres(&'a mut Transaction<'static, Postgres>),
}

impl WriteTx {
    /// The backend's transaction.
    pub(super) fn inner(&mut self) -> InnerRef<'_> {
        match &mut self.0 {
            Inner::Sqlite(t) => InnerRef::Sqlite(t),
            Inner::Postgres(t) => InnerRef::Postgres(t),
        }
    }

    /// The PostgreSQL transaction, for what only PostgreSQL needs (locks).
    fn postgres(&mut self) -> Option<&mut Transaction<'static, Postgres>> {
        match &mut self.0 {
            Inner::Sqlite(_) => None,
            Inner::Postgres(t) => Some(t),
        }
    }

    /// Marks this transaction's changes silent (`notify: false`) or not:
    /// its audit rows say so.
    pub fn set_notified(&mut self, notified: bool) {
        self.1 = notified;
    }

    /// Commits, telling the [`super::ChangeWatch`]es: this process's at
    /// once, every replica's on PostgreSQL (a `NOTIFY` in the transaction).
    pub async fn commit(self) -> Result<(), StoreError> {
        match self.0 {
            Inner::Sqlite(t) => t.commit().await?,
            Inner::Postgres(t) => postgres::tx::notify_and_commit(t).await?,
        }
        super::changes::committed();
        Ok(())
    }

    /// Serializes this transaction with every other that locks one of the
    /// same groups, or an ancestor of one. Two meetings can only conflict
    /// when a group of one is a group of the other, or an ancestor or
    /// descendant of one: the higher of the two is then locked by both, so
    /// conflict checks of overlapping groups run one after the other.
    /// Locks are taken in one order (by slug), so two writers cannot wait
    /// for each other. SQLite needs none: its writers already run one at a
    /// time.
    pub async fn lock_groups<'a>(
        &mut self,
        tree: &GroupTree,
        groups: impl IntoIterator<Item = &'a GroupSlug>,
    ) -> Result<(), StoreError> {
        let mut keys: Vec<&str> = Vec::new();
        for g in groups {
            keys.extend(tree.ancestors(g).iter().map(|a| a.slug.as_str()));
            keys.push(g.as_str());
        }
        keys.sort_unstable();
        keys.dedup();
        match self.postgres() {
            Some(t) => postgres::tx::advisory_locks(t, "convene.group.", &keys).await,
            None => Ok(()),
        }
    }

    /// Before creating items with these ids: makes two creations of one id
    /// (as a meeting or a deadline) run one after the other, so the second
    /// sees the first in [`WriteTx::id_taken`].
    pub async fn claim_ids(&mut self, ids: &[&str]) -> Result<(), StoreError> {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        match self.postgres() {
            Some(t) => postgres::tx::advisory_locks(t, "convene.item.", &ids).await,
            None => Ok(()),
        }
    }

    /// Waits for a running import and makes the next one wait for this
    /// transaction (SQLite: always so).
    pub async fn exclude_imports(&mut self, import: bool) -> Result<(), StoreError> {
        match self.postgres() {
            Some(t) => postgres::tx::exclude_imports(t, import).await,
            None => Ok(()),
        }
    }

    /// Before a write of many rows (an import): on SQLite, a page cache
    /// of 256 MB for this connection, so that the indexes being filled stay
    /// in memory instead of going back and forth to the write-ahead log
    /// (SQLite's default is 2 MB). PostgreSQL needs nothing.
    pub async fn expect_many_rows(&mut self) -> Result<(), StoreError> {
        match &mut self.0 {
            Inner::Sqlite(t) => {
                sqlx::query("PRAGMA cache_size = -262144")
                    .execute(&mut **t)
                    .await?;
                Ok(())
            }
            Inner::Postgres(_) => Ok(()),
        }
    }

    /// The group tree.
    pub async fn groups(&mut self) -> Result<GroupTree, StoreError> {
        on!(self, t => sqlite::reads::groups(&mut **t).await, postgres::reads::groups(&mut **t).await)
    }

    /// The archived groups.
    pub async fn archived_groups(&mut self) -> Result<Vec<GroupSlug>, StoreError> {
        on!(self, t => sqlite::reads::archived_groups(&mut **t).await, postgres::reads::archived_groups(&mut **t).await)
    }

    /// A meeting, its row locked until the end of the transaction.
    pub async fn meeting(&mut self, id: &ItemId) -> Result<Option<StoredMeeting>, StoreError> {
        on!(self, t => sqlite::reads::meeting(&mut **t, id).await, {
            postgres::tx::lock_row(t, "meetings", id.as_str()).await?;
            postgres::reads::meeting(&mut **t, id).await
        })
    }

    /// A meeting, read without locking it (a deadline's checks read its
    /// meeting; locking it there could deadlock with a change of the
    /// meeting that moves the deadline).
    pub async fn peek_meeting(&mut self, id: &ItemId) -> Result<Option<StoredMeeting>, StoreError> {
        on!(self, t => sqlite::reads::meeting(&mut **t, id).await, postgres::reads::meeting(&mut **t, id).await)
    }

    /// The confirmed meetings whose span touches `span`, but `except`.
    pub async fn confirmed_meetings(
        &mut self,
        span: Interval,
        except: &ItemId,
    ) -> Result<Vec<StoredMeeting>, StoreError> {
        let filter = MeetingFilter {
            range: Some(span),
            status: Some(Status::Confirmed),
            ..Default::default()
        };
        let mut found = on!(self, t => sqlite::reads::meetings(&mut **t, &filter).await, postgres::reads::meetings(&mut **t, &filter).await)?;
        found.retain(|m| m.meeting.id() != except);
        Ok(found)
    }

    /// The deadlines of these meetings and of these groups.
    pub async fn deadlines(
        &mut self,
        meetings: &[impl AsRef<str>],
        groups: &[GroupSlug],
    ) -> Result<Vec<StoredDeadline>, StoreError> {
        let meetings: Vec<&str> = meetings.iter().map(AsRef::as_ref).collect();
        let owners = Some((meetings.as_slice(), groups));
        on!(self, t => sqlite::reads::deadlines(&mut **t, owners).await, postgres::reads::deadlines(&mut **t, owners).await)
    }

    /// A deadline, its row locked until the end of the transaction.
    pub async fn deadline(&mut self, id: &ItemId) -> Result<Option<StoredDeadline>, StoreError> {
        on!(self, t => sqlite::reads::deadline(&mut **t, id).await, {
            postgres::tx::lock_row(t, "deadlines", id.as_str()).await?;
            postgres::reads::deadline(&mut **t, id).await
        })
    }

    /// Whether a meeting or a deadline has this id.
    pub async fn id_taken(&mut self, id: &str) -> Result<bool, StoreError> {
        on!(self, t => sqlite::tx::id_taken(t, id).await, postgres::tx::id_taken(t, id).await)
    }

    /// The highest version any mail of this item was planned for (a
    /// deadline deleted and created again continues its versions, so its
    /// mails get new keys).
    pub async fn last_mail_version(&mut self, t: &str, id: &str) -> Result<i64, StoreError> {
        let subject = (t, id);
        on!(self, x => sqlite::tx::last_mail_version(x, subject).await, postgres::tx::last_mail_version(x, subject).await)
    }

    /// Writes a meeting at `version`, with the sessions earlier versions
    /// published that this one dropped.
    pub async fn put_meeting(
        &mut self,
        m: &Meeting,
        version: i64,
        dropped: &str,
        origin: Origin,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let json = to_json(&m.to_input());
        let text = MeetingText {
            json: &json,
            version,
            dropped,
            imported: origin == Origin::Import,
            digest: super::meeting_digest(&json, dropped, version, now),
        };
        on!(self, t => sqlite::tx::write_meeting(t, m, &text, now).await, postgres::tx::write_meeting(t, m, &text, now).await)?;
        let id = m.id().as_str();
        let ends = m.span().end;
        for (i, g) in m.groups().iter().enumerate() {
            let link = (g, i, ends, text.digest);
            on!(self, t => sqlite::tx::meeting_group(t, id, link).await, postgres::tx::meeting_group(t, id, link).await)?;
        }
        for s in m.sessions() {
            on!(self, t => sqlite::tx::session(t, id, s).await, postgres::tx::session(t, id, s).await)?;
        }
        Ok(json)
    }

    /// Writes a deadline at `version`.
    pub async fn put_deadline(
        &mut self,
        d: &Deadline,
        version: i64,
        origin: Origin,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let json = to_json(&d.to_input());
        on!(self, t => sqlite::tx::write_deadline(t, d, &json, version, now).await, postgres::tx::write_deadline(t, d, &json, version, now).await)?;
        let id = d.id().as_str();
        if origin == Origin::Import {
            on!(self, t => sqlite::tx::deadline_imported(t, id).await, postgres::tx::deadline_imported(t, id).await)?;
        }
        Ok(json)
    }

    /// Deletes a deadline.
    pub async fn delete_deadline(&mut self, id: &ItemId) -> Result<(), StoreError> {
        on!(self, t => sqlite::tx::delete_deadline(t, id.as_str()).await, postgres::tx::delete_deadline(t, id.as_str()).await)
    }

    /// Supersedes the pending mails an item's older versions planned.
    pub async fn supersede(
        &mut self,
        subject: (&str, &str),
        version: i64,
    ) -> Result<(), StoreError> {
        on!(self, t => sqlite::tx::supersede(t, subject, version).await, postgres::tx::supersede(t, subject, version).await)
    }

    /// Puts planned mails in the outbox, each for its item's version.
    pub async fn plan_mails(
        &mut self,
        mails: &[(&PlannedMail, i64)],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut superseded: Vec<&convene_core::Subject> = Vec::new();
        for &(mail, version) in mails {
            if !superseded.contains(&&mail.subject) {
                self.supersede(subject_parts(&mail.subject), version)
                    .await?;
                superseded.push(&mail.subject);
            }
            on!(self, t => sqlite::tx::insert_mail(t, mail, version, now).await, postgres::tx::insert_mail(t, mail, version, now).await)?;
        }
        Ok(())
    }

    /// Records who changed what.
    pub async fn audit(
        &mut self,
        now: DateTime<Utc>,
        actor: &str,
        action: &str,
        subject: (&str, &str),
        detail: &str,
    ) -> Result<(), StoreError> {
        let row = AuditRow {
            at: now,
            actor,
            action,
            subject,
            detail,
            notified: self.1,
        };
        on!(self, t => sqlite::tx::audit(t, &row).await, postgres::tx::audit(t, &row).await)
    }

    /// What the lists have heard of a meeting: [`Heard::Nothing`] when its
    /// announcement is still waiting in the outbox and nothing about it has
    /// gone out (or is going out: a mail leased by a dispatcher counts as
    /// sent). On PostgreSQL the meeting's pending mails stay locked until
    /// the end of the transaction, so no dispatcher takes one meanwhile.
    pub async fn heard(&mut self, id: &ItemId, now: DateTime<Utc>) -> Result<Heard, StoreError> {
        Ok(self.news(("meeting", id.as_str()), now).await?.heard)
    }

    /// [`WriteTx::heard`] of a meeting or deadline, with its notices still
    /// waiting untouched (a change folds into them).
    pub async fn news(
        &mut self,
        subject: (&str, &str),
        now: DateTime<Utc>,
    ) -> Result<MailNews, StoreError> {
        let (out, announcement, update, cancellation) = on!(self, t => sqlite::tx::mail_state(t, subject, now).await, postgres::tx::mail_state(t, subject, now).await)?;
        let heard = if !out && announcement {
            Heard::Nothing
        } else {
            Heard::Announced
        };
        let waiting = [
            (heard == Heard::Nothing, MailKind::Announcement),
            (update, MailKind::Update),
            (cancellation, MailKind::Cancellation),
        ];
        let waiting = waiting.into_iter().filter(|w| w.0).map(|w| w.1).collect();
        Ok(MailNews { heard, waiting })
    }

    /// Keeps one list's notice of a batch of changes (`entries`: JSON).
    pub async fn put_batch_notice(
        &mut self,
        id: &str,
        entries: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        on!(self, t => sqlite::tx::put_batch_notice(t, id, entries, now).await, postgres::tx::put_batch_notice(t, id, entries, now).await)
    }

    /// Reserves an `Idempotency-Key` in this transaction, or says what it
    /// was used for. The token's answered keys older than `policy.keep` are
    /// forgotten;
    /// a key reserved and never answered (left by convene before 0.2) is
    /// taken over after `policy.lease`. On PostgreSQL a second request with
    /// the same key waits here until the first commits or rolls back.
    pub async fn claim_key(
        &mut self,
        key: &KeyRequest,
        policy: KeyPolicy,
        now: DateTime<Utc>,
    ) -> Result<KeyClaim, StoreError> {
        let (keep, lease) = (now - policy.keep, now - policy.lease);
        on!(self, t => sqlite::tx::forget_keys(t, key, keep, lease).await, postgres::tx::forget_keys(t, key, keep, lease).await)?;
        let inserted = on!(self, t => sqlite::tx::insert_key(t, key, now).await, postgres::tx::insert_key(t, key, now).await)?;
        if inserted {
            return Ok(KeyClaim::Fresh);
        }
        let row = on!(self, t => sqlite::tx::read_key(t, key).await, postgres::tx::read_key(t, key).await)?;
        Ok(match row.map(KeyRow::into_claim) {
            // Gone meanwhile (expired and deleted by another writer): a
            // retry will find it free.
            None => KeyClaim::InProgress,
            Some((hash, _)) if hash != key.request_hash => KeyClaim::Mismatch,
            Some((_, None)) => KeyClaim::InProgress,
            Some((_, Some(answer))) => KeyClaim::Replay(answer),
        })
    }

    /// Keeps the answer of a key this transaction reserved.
    pub async fn keep_answer(
        &mut self,
        key: &KeyRequest,
        answer: &Answer,
    ) -> Result<(), StoreError> {
        on!(self, t => sqlite::tx::keep_answer(t, key, answer).await, postgres::tx::keep_answer(t, key, answer).await)
    }

    /// Stored groups, meetings and deadlines, for an import to compare.
    pub async fn existing(&mut self) -> Result<[ExistingRows; 3], StoreError> {
        let tables =
            on!(self, t => sqlite::tx::existing(t).await, postgres::tx::existing(t).await)?;
        Ok(rows::existing(tables))
    }

    /// Creates or replaces a group as an import has it.
    pub async fn put_group(
        &mut self,
        tree: &GroupTree,
        g: &convene_core::Group,
        json: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let depth = i64::try_from(tree.depth(&g.slug)).unwrap_or(i64::MAX);
        self.write_group(g, GroupWrite::Import, depth, json, now)
            .await
            .map(drop)
    }
}

mod groups;
