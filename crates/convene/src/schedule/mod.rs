//! The schedule's use cases: every change to groups, meetings and
//! deadlines, in one place that HTTP, the CLI and `import` all call.
//!
//! One file per use case:
//! - [`create_meeting`]: a new meeting with its deadlines (and its preview);
//! - [`change_meeting`]: a merge patch, or a cancellation;
//! - [`occurrences`]: one occurrence of a series changed or cancelled, a
//!   series split from an occurrence on;
//! - [`reinstate`]: a cancel undone;
//! - [`deadlines`]: a deadline's create, change and delete;
//! - [`groups`]: a group's create, change and archive;
//! - [`import`]: a schedule file reconciled with what is stored;
//! - [`slots`]: the fairest free slots (a read).
//!
//! Each change is one [`WriteTx`]: the `Idempotency-Key`, the reads its
//! checks need, the conflict check, the write, the audit row, the planned
//! mails and the kept answer commit together or not at all. Rules about
//! the schedule itself (fields, zones, nesting, conflicts, which mails) are
//! the core's; this layer loads what they need, asks them, and stores the
//! outcome.

pub mod change_meeting;
pub mod changes;
pub mod create_meeting;
pub mod deadlines;
pub mod groups;
pub mod import;
pub mod occurrences;
pub mod reinstate;
pub mod slots;

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use convene_core::reminder::{Heard, MailNews, hold_notices};
use convene_core::{
    Conflict, FieldError, GroupSlug, GroupTree, MailKind, Meeting, PlannedMail, Subject,
};
use serde_json::Value;

use crate::clock::Clock;
use crate::config::Config;
use crate::store::{
    Answer, Db, KeyClaim, KeyPolicy, KeyRequest, StoreError, StoredMeeting, WriteTx, subject_parts,
};

pub use change_meeting::MeetingPatch;
pub use create_meeting::{DeadlineSpec, MeetingRequest, Prepared};
pub use reinstate::Reinstate;

/// The use cases, with what they need: the store, the configuration and
/// the clock.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// The store.
    pub db: Db,
    /// The configuration.
    pub config: Arc<Config>,
    /// Now.
    pub clock: Clock,
}

/// Why a change was refused, in the schedule's words. HTTP turns each into
/// a status; the CLI into a message.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    /// Fields the rules refuse.
    #[error("{detail}")]
    Invalid {
        /// In short.
        detail: String,
        /// Every bad field and why.
        errors: Vec<FieldError>,
    },
    /// No such item.
    #[error("{0}")]
    NotFound(String),
    /// The actor may not act on these groups.
    #[error("{0}")]
    Forbidden(String),
    /// The meeting overlaps confirmed meetings of related groups.
    #[error(
        "the meeting overlaps {} confirmed meeting(s) of the same, a parent or a child group; send \"allow_conflicts\": true to save it anyway",
        .0.len()
    )]
    Conflicts(Vec<ConflictView>),
    /// The item's state does not allow the change.
    #[error("{0}")]
    State(String),
    /// The change was made against another version.
    #[error(
        "{what} {id:?} is at version {current}; the request was made against version {expected}: fetch it again and reapply the change"
    )]
    Stale {
        /// "meeting", "deadline".
        what: &'static str,
        /// Its id.
        id: String,
        /// The version the client had.
        expected: i64,
        /// The stored version.
        current: i64,
    },
    /// The `Idempotency-Key` was used for another request.
    #[error("this Idempotency-Key was already used for a different request; use a new key")]
    KeyReused,
    /// The first request with this `Idempotency-Key` is still running.
    #[error("a request with this Idempotency-Key is still being processed; retry shortly")]
    KeyInProgress,
    /// A change of a batch was refused: which one, and why.
    #[error("changes[{index}]: {source}")]
    InChange {
        /// Its index in `changes`.
        index: usize,
        /// Why.
        source: Box<ScheduleError>,
    },
    /// Storage failed.
    #[error("storage failed")]
    Store(#[from] StoreError),
}

impl ScheduleError {
    /// One bad field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        ScheduleError::Invalid {
            detail: "the request has invalid fields".into(),
            errors: vec![FieldError::new(field, message)],
        }
    }
}

/// A conflicting meeting, as listed in a 409 and in previews.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConflictView {
    /// The other meeting.
    pub meeting: String,
    /// Its title.
    pub title: String,
    /// The overlapping spans, UTC.
    pub overlaps: Vec<[String; 2]>,
}

/// `2023-09-07T07:00:00Z`.
pub fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The core's conflicts of `m`, with the other meetings' titles.
pub(crate) fn conflict_views(
    m: &Meeting,
    conflicts: Vec<Conflict>,
    others: &[StoredMeeting],
) -> Vec<ConflictView> {
    conflicts
        .into_iter()
        .map(|c| {
            let other = if &c.a == m.id() { c.b } else { c.a };
            let title = others
                .iter()
                .find(|o| o.meeting.id() == &other)
                .map(|o| o.meeting.title().to_string())
                .unwrap_or_default();
            ConflictView {
                meeting: other.to_string(),
                title,
                overlaps: c
                    .overlaps
                    .iter()
                    .map(|i| [utc(i.start), utc(i.end)])
                    .collect(),
            }
        })
        .collect()
}

/// Applies a JSON merge patch (RFC 7396): `null` removes a field.
pub fn merge_patch(target: &mut Value, patch: Value) {
    match patch {
        Value::Object(p) => {
            if !target.is_object() {
                *target = Value::Object(serde_json::Map::new());
            }
            if let Value::Object(t) = target {
                for (k, v) in p {
                    if v.is_null() {
                        t.remove(&k);
                    } else {
                        merge_patch(t.entry(k).or_insert(Value::Null), v);
                    }
                }
            }
        }
        other => *target = other,
    }
}

/// Reads an input type from JSON; type errors and unknown fields name the
/// field.
pub fn from_json<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, ScheduleError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let msg = e.inner().to_string();
        // An unknown field is named by the message; a value of the wrong
        // type by its path (`language`, `exceptions.2023-09-07.title`).
        let path = e.path().to_string();
        let field = msg
            .split('`')
            .nth(1)
            .filter(|_| msg.starts_with("unknown field"))
            .map(str::to_owned)
            .or_else(|| (path != "." && !path.is_empty()).then_some(path))
            .unwrap_or_else(|| "body".to_owned());
        ScheduleError::field(field, msg)
    })
}

/// Who makes a change, and on what they may act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// As recorded in the audit log: `token:ID (NAME)`, `import`, …
    pub name: String,
    /// What they may change.
    pub scope: Scope,
}

/// What an actor may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Everything (an admin token, the CLI).
    All,
    /// This group and its descendants.
    Group(GroupSlug),
}

impl Actor {
    /// The command line, acting on everything.
    pub fn cli(name: &str) -> Self {
        Actor {
            name: name.to_owned(),
            scope: Scope::All,
        }
    }

    /// Refuses unless every group is in the actor's scope.
    pub fn require_groups<'a>(
        &self,
        tree: &GroupTree,
        groups: impl IntoIterator<Item = &'a GroupSlug>,
    ) -> Result<(), ScheduleError> {
        let Scope::Group(scope) = &self.scope else {
            return Ok(());
        };
        let outside: Vec<&str> = groups
            .into_iter()
            .filter(|g| !tree.is_self_or_ancestor(scope, g))
            .map(|g| g.as_str())
            .collect();
        if outside.is_empty() {
            Ok(())
        } else {
            Err(ScheduleError::Forbidden(format!(
                "{} may act on group {scope} and its subgroups only, not on {}",
                self.name,
                outside.join(", ")
            )))
        }
    }
}

/// What a write did: the new state, or (for a retried request) the answer
/// the first one got.
#[derive(Debug)]
pub enum Written<T> {
    /// Done now.
    Done(T),
    /// Done before, under the same `Idempotency-Key`: its answer.
    Replayed(Answer),
}

/// How the caller answers a write: kept with the key so a retry gets the
/// same bytes.
pub type Render<T> = fn(&T) -> Answer;

/// A write in progress: its transaction, its key, its "now", and how its
/// change notices go out.
#[derive(Debug)]
pub(crate) struct Write<'k> {
    pub(crate) tx: WriteTx,
    key: Option<&'k KeyRequest>,
    pub(crate) now: DateTime<Utc>,
    /// Whether its changes are announced (`"notify"`, true unless a silent
    /// fix).
    notify: bool,
    /// How long change notices wait (`mail.hold_minutes`).
    hold: Duration,
    /// In a batch (`POST /api/v1/changes`): the change notices, collected
    /// for one digest per list instead of planned one by one.
    pub(crate) batch: Option<Vec<Collected>>,
}

/// A change notice a batch collected: the mail as it would be planned, at
/// the item's version.
#[derive(Debug, Clone)]
pub(crate) struct Collected {
    pub(crate) mail: PlannedMail,
    pub(crate) version: i64,
}

impl Schedule {
    /// A new service over a store.
    pub fn new(db: Db, config: Arc<Config>, clock: Clock) -> Self {
        Schedule { db, config, clock }
    }

    /// How long keys live: reserved ones are taken over after the request
    /// time limit (plus a margin), answered ones kept
    /// `server.idempotency_key_hours`.
    pub fn key_policy(&self) -> KeyPolicy {
        let s = &self.config.server;
        let timeout = if s.request_timeout_seconds == 0 {
            300
        } else {
            s.request_timeout_seconds
        };
        KeyPolicy {
            lease: Duration::seconds(i64::try_from(timeout).unwrap_or(300) + 30),
            keep: Duration::hours(i64::from(s.idempotency_key_hours)),
        }
    }

    /// Opens a write that has no key (nothing to replay).
    pub(crate) async fn begin_unkeyed(&self) -> Result<Write<'static>, ScheduleError> {
        Ok(self.write(self.db.begin_write().await?, None, self.clock.now()))
    }

    fn write<'k>(&self, tx: WriteTx, key: Option<&'k KeyRequest>, now: DateTime<Utc>) -> Write<'k> {
        Write {
            tx,
            key,
            now,
            notify: true,
            hold: Duration::minutes(i64::from(self.config.mail.hold_minutes)),
            batch: None,
        }
    }

    /// Opens a write and claims its key: `Err(answer)` when the key was
    /// answered before.
    pub(crate) async fn begin<'k>(
        &self,
        key: Option<&'k KeyRequest>,
    ) -> Result<Result<Write<'k>, Answer>, ScheduleError> {
        let now = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        if let Some(k) = key {
            match tx.claim_key(k, self.key_policy(), now).await? {
                KeyClaim::Fresh => {}
                KeyClaim::Replay(answer) => return Ok(Err(answer)),
                KeyClaim::Mismatch => return Err(ScheduleError::KeyReused),
                KeyClaim::InProgress => return Err(ScheduleError::KeyInProgress),
            }
        }
        Ok(Ok(self.write(tx, key, now)))
    }
}

impl Write<'_> {
    /// Makes the write silent (`notify: false`) or not: stored and
    /// published, no change notice of its own, and its audit rows say so.
    pub(crate) fn set_notify(&mut self, notify: bool) {
        self.notify = notify;
        self.tx.set_notified(notify);
    }

    /// Whether its changes are announced.
    pub(crate) fn notify(&self) -> bool {
        self.notify
    }

    /// How long change notices wait.
    pub(crate) fn hold(&self) -> Duration {
        self.hold
    }

    /// What the lists have heard of a meeting (or deadline), and which of
    /// its notices wait: in the outbox, or collected earlier in this batch.
    pub(crate) async fn news(&mut self, subject: &Subject) -> Result<MailNews, StoreError> {
        let mut news = self.tx.news(subject_parts(subject), self.now).await?;
        for c in self.batch.iter().flatten() {
            if &c.mail.subject != subject {
                continue;
            }
            if c.mail.kind == MailKind::Announcement {
                news.heard = Heard::Nothing;
            }
            if !news.waiting.contains(&c.mail.kind) {
                news.waiting.push(c.mail.kind);
            }
        }
        Ok(news)
    }

    /// Plans an item's mails at `version`. Change notices wait the hold
    /// (reminders keep their times); a silent write keeps only the notices
    /// in `carried` (those that already waited, folded into this change);
    /// in a batch, the notices are collected for the lists' digests
    /// (replacing what the batch collected for the item before) instead of
    /// planned one by one.
    pub(crate) async fn plan(
        &mut self,
        subject: &Subject,
        mut mails: Vec<PlannedMail>,
        version: i64,
        carried: &[MailKind],
    ) -> Result<(), StoreError> {
        if !self.notify {
            mails.retain(|m| !m.kind.is_notice() || carried.contains(&m.kind));
        }
        if let Some(batch) = self.batch.as_mut() {
            batch.retain(|c| &c.mail.subject != subject);
            let (notices, rest): (Vec<_>, Vec<_>) =
                mails.into_iter().partition(|m| m.kind.is_notice());
            batch.extend(notices.into_iter().map(|mail| Collected { mail, version }));
            mails = rest;
        } else {
            hold_notices(&mut mails, self.hold, self.now);
        }
        let mails: Vec<_> = mails.iter().map(|m| (m, version)).collect();
        self.tx.plan_mails(&mails, self.now).await
    }

    /// Keeps the answer with the key, and commits.
    pub(crate) async fn finish<T>(
        mut self,
        value: T,
        render: Render<T>,
    ) -> Result<Written<T>, ScheduleError> {
        if let Some(k) = self.key {
            self.tx.keep_answer(k, &render(&value)).await?;
        }
        self.tx.commit().await?;
        Ok(Written::Done(value))
    }
}

/// Opens a write, or returns the kept answer: `let mut w = begin!(self,
/// key);`.
macro_rules! begin {
    ($schedule:expr, $key:expr) => {
        match $schedule.begin($key).await? {
            Ok(w) => w,
            Err(answer) => return Ok($crate::schedule::Written::Replayed(answer)),
        }
    };
}
pub(crate) use begin;
