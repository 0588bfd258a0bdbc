//! What happened to items: the audit trail as the public history reads it,
//! and what a meeting's lists heard of its cancel (for a reinstate).
//!
//! The audit log has one row per change: when, who (the actor as the use
//! case named it, `token:ID (NAME)` for a token), what action, the item,
//! the item as given after the change (`detail`, the input as JSON) and
//! whether the change was announced (`notified`). The history pages diff
//! successive `detail`s (`crate::history`).

use chrono::{DateTime, Utc};
use convene_core::reinstate::CancelHeard;
use convene_core::{GroupSlug, ItemId};

use super::rows::At;
use super::tx::{Inner, WriteTx};
use super::{Db, StoreError, postgres, sqlite};

/// Which rows of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryScope {
    /// A meeting and its deadlines.
    Meeting(ItemId),
    /// The groups (their own rows), their meetings (joint ones included) and
    /// the deadlines of both.
    Groups(Vec<GroupSlug>),
}

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Its id: later rows have higher ids.
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who, as recorded (`token:ID (NAME)`, `import`, …).
    pub actor: String,
    /// `create`, `update`, `cancel`, `reinstate`, `import`, `delete`, …
    pub action: String,
    /// `meeting`, `deadline` or `group`.
    pub subject_type: String,
    /// The item's id or slug.
    pub subject_id: String,
    /// The item as given after the change (JSON), `{}` for a delete or an
    /// archive.
    pub detail: String,
    /// Whether the lists were told (false: a silent `notify: false` write).
    pub notified: bool,
}

/// `SELECT id, at, actor, action, subject_type, subject_id, detail, notified
/// FROM audit_log`.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct AuditRow {
    id: i64,
    at: At,
    actor: String,
    action: String,
    subject_type: String,
    subject_id: String,
    detail: String,
    notified: bool,
}

impl AuditRow {
    pub(super) fn into_entry(self) -> Result<AuditEntry, StoreError> {
        Ok(AuditEntry {
            id: self.id,
            at: self.at.get()?,
            actor: self.actor,
            action: self.action,
            subject_type: self.subject_type,
            subject_id: self.subject_id,
            detail: self.detail,
            notified: self.notified,
        })
    }
}

/// The scope as the SQL binds it: (meeting id, group slugs as a list).
pub(super) fn scope_parts(scope: &HistoryScope) -> (Option<&str>, Vec<&str>) {
    match scope {
        HistoryScope::Meeting(id) => (Some(id.as_str()), Vec::new()),
        HistoryScope::Groups(g) => (None, g.iter().map(GroupSlug::as_str).collect()),
    }
}

impl Db {
    /// The audit rows of `scope`, oldest first.
    pub async fn history(&self, scope: &HistoryScope) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = match self {
            Db::Sqlite(p) => sqlite::history::trail(p, scope).await?,
            Db::Postgres(p) => postgres::history::trail(p, scope).await?,
        };
        rows.into_iter().map(AuditRow::into_entry).collect()
    }
}

impl WriteTx {
    /// The audit rows of `scope`, oldest first, in this transaction.
    pub async fn history(&mut self, scope: &HistoryScope) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = match &mut self.0 {
            Inner::Sqlite(t) => sqlite::history::trail(&mut **t, scope).await?,
            Inner::Postgres(t) => postgres::history::trail(&mut **t, scope).await?,
        };
        rows.into_iter().map(AuditRow::into_entry).collect()
    }

    /// What the lists heard of a cancelled meeting's cancel: its
    /// cancellation notice still waiting (not tried, not leased), nothing
    /// about it ever gone out, or heard. On PostgreSQL the meeting's pending
    /// mails stay locked until the end of the transaction, so no dispatcher
    /// takes the notice meanwhile.
    pub async fn cancel_heard(
        &mut self,
        id: &ItemId,
        now: DateTime<Utc>,
    ) -> Result<CancelHeard, StoreError> {
        let (out, pending) = match &mut self.0 {
            Inner::Sqlite(t) => sqlite::history::cancel_state(t, id, now).await?,
            Inner::Postgres(t) => postgres::history::cancel_state(t, id, now).await?,
        };
        Ok(if pending {
            CancelHeard::Pending
        } else if !out {
            CancelHeard::Unheard
        } else {
            CancelHeard::Heard
        })
    }
}
