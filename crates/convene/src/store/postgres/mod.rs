//! The PostgreSQL backend: for a shared, hosted deployment.
//! Instants are `TIMESTAMPTZ`, stored to the whole second as in SQLite so
//! that both backends give back the same values; ids sort bytewise
//! (`COLLATE "C"`), as SQLite sorts them.
//!
//! Writers take row locks where SQLite takes its database-wide write lock:
//! [`Store::update_meeting`], [`Store::save_deadline`] and
//! [`Store::delete_deadline`] lock the item's row before comparing versions,
//! and [`Store::import`] serializes with other imports on the `groups` table
//! and locks the meeting and deadline rows it compares. Creating an item
//! (which has no row to lock yet) takes a transaction-scoped advisory lock
//! on its id, shared by meetings and deadlines, and waits for a running
//! import (see [`PgStore::claim_ids`]).
//!
//! The [`Store`] impl at the bottom hands each call to an inherent method in
//! the submodule for its concern (`meetings`, `deadlines`, `catalog`,
//! `groups_tokens`, `idempotency`); connecting, migrating and the shared
//! write helpers stay here.

mod catalog;
mod deadlines;
mod groups_tokens;
mod meetings;
pub(super) mod tx;

use std::str::FromStr;

use chrono::{DateTime, SubsecRound, Utc};
use convene_core::{Catalog, GroupSlug, GroupTree, ItemId, Meeting, Owner, PlannedMail};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::{PgPool, Postgres, Row, Transaction};

use super::{
    MeetingFilter, OutboxMail, Stamp, Store, StoreError, StoredDeadline, StoredMeeting,
    TokenRecord, deadline_from_json, kind_name, meeting_from_json, message_key, subject_parts,
    to_json,
};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

/// A PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

/// An instant as stored: whole seconds, like SQLite's text form.
pub(super) fn ts(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(0)
}

/// A position as stored in an `INTEGER` column.
fn position(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl PgStore {
    /// The pool, for the outbox queries (`outbox_postgres.rs`).
    pub(super) fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Connects to `postgres://USER@HOST/DB`.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, StoreError> {
        Self::connect_with(PgConnectOptions::from_str(url)?, max_connections).await
    }

    /// Connects with every connection's `search_path` set to `schema` (which
    /// must exist): tables, including `_sqlx_migrations`, live there. For
    /// tests that each want a database of their own.
    pub async fn connect_with_schema(url: &str, schema: &str) -> Result<Self, StoreError> {
        Self::connect_with(
            PgConnectOptions::from_str(url)?.options([("search_path", schema)]),
            4,
        )
        .await
    }

    async fn connect_with(
        opts: PgConnectOptions,
        max_connections: u32,
    ) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(1))
            .connect_with(opts)
            .await?;
        Ok(Self { pool })
    }

    pub(in crate::store) async fn write_meeting(
        tx: &mut Transaction<'_, Postgres>,
        m: &Meeting,
        json: &str,
        version: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let span = m.span();
        sqlx::query(
            "INSERT INTO meetings (id, status, zone, starts_at, ends_at, input, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
             ON CONFLICT (id) DO UPDATE SET status = excluded.status, zone = excluded.zone,
               starts_at = excluded.starts_at, ends_at = excluded.ends_at, input = excluded.input,
               version = excluded.version, updated_at = excluded.updated_at",
        )
        .bind(m.id().as_str())
        .bind(m.status().as_str())
        .bind(m.zone().name())
        .bind(ts(span.start))
        .bind(ts(span.end))
        .bind(json)
        .bind(version)
        .bind(ts(now))
        .execute(&mut **tx)
        .await?;
        sqlx::query("DELETE FROM meeting_groups WHERE meeting_id = $1")
            .bind(m.id().as_str())
            .execute(&mut **tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE meeting_id = $1")
            .bind(m.id().as_str())
            .execute(&mut **tx)
            .await?;
        for (i, g) in m.groups().iter().enumerate() {
            sqlx::query(
                "INSERT INTO meeting_groups (meeting_id, group_slug, position) VALUES ($1, $2, $3)",
            )
            .bind(m.id().as_str())
            .bind(g.as_str())
            .bind(position(i))
            .execute(&mut **tx)
            .await?;
        }
        for s in m.sessions() {
            sqlx::query(
                "INSERT INTO sessions (meeting_id, local_date, starts_at, ends_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(m.id().as_str())
            .bind(s.date.to_string())
            .bind(ts(s.utc.start))
            .bind(ts(s.utc.end))
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    pub(in crate::store) async fn write_deadline(
        tx: &mut Transaction<'_, Postgres>,
        d: &convene_core::Deadline,
        json: &str,
        version: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (meeting, group) = match d.owner() {
            Owner::Meeting(m) => (Some(m.as_str()), None),
            Owner::Group(g) => (None, Some(g.as_str())),
        };
        sqlx::query(
            "INSERT INTO deadlines (id, meeting_id, group_slug, closes_at, input, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
             ON CONFLICT (id) DO UPDATE SET meeting_id = excluded.meeting_id, group_slug = excluded.group_slug,
               closes_at = excluded.closes_at, input = excluded.input, version = excluded.version,
               updated_at = excluded.updated_at",
        )
        .bind(d.id().as_str())
        .bind(meeting)
        .bind(group)
        .bind(ts(d.closes_at()))
        .bind(json)
        .bind(version)
        .bind(ts(now))
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Whether an id is taken by a meeting or a deadline.
    pub(in crate::store) async fn id_taken(
        tx: &mut Transaction<'_, Postgres>,
        id: &str,
    ) -> Result<bool, StoreError> {
        let taken: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM meetings WHERE id = $1) OR EXISTS (SELECT 1 FROM deadlines WHERE id = $1)",
        )
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
        Ok(taken)
    }

    /// Supersedes the pending mails of older versions of an item.
    pub(in crate::store) async fn supersede(
        tx: &mut Transaction<'_, Postgres>,
        subject: (&str, &str),
        version: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET status = 'superseded'
             WHERE subject_type = $1 AND subject_id = $2 AND status = 'pending' AND subject_version < $3",
        )
        .bind(subject.0)
        .bind(subject.1)
        .bind(version)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    pub(in crate::store) async fn write_mails(
        tx: &mut Transaction<'_, Postgres>,
        mails: &[(&PlannedMail, i64)],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut superseded: Vec<&convene_core::Subject> = Vec::new();
        for (mail, version) in mails {
            let (t, id) = subject_parts(&mail.subject);
            if !superseded.contains(&&mail.subject) {
                Self::supersede(tx, (t, id), *version).await?;
                superseded.push(&mail.subject);
            }
            sqlx::query(
                "INSERT INTO outbox (subject_type, subject_id, subject_version, kind, recipients, due_at, expires_at, next_attempt_at, message_id, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $8, $9)",
            )
            .bind(t)
            .bind(id)
            .bind(version)
            .bind(kind_name(mail.kind))
            .bind(to_json(&mail.recipients))
            .bind(ts(mail.due))
            .bind(ts(mail.expires))
            .bind(message_key(&mail.subject, mail.kind, *version))
            .bind(ts(now))
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    pub(in crate::store) async fn audit(
        tx: &mut Transaction<'_, Postgres>,
        now: DateTime<Utc>,
        actor: &str,
        action: &str,
        subject: (&str, &str),
        detail: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor, action, subject_type, subject_id, detail) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(ts(now))
        .bind(actor)
        .bind(action)
        .bind(subject.0)
        .bind(subject.1)
        .bind(detail)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    fn stored_meeting(r: &PgRow) -> Result<StoredMeeting, StoreError> {
        let id: String = r.try_get("id")?;
        Ok(StoredMeeting {
            dropped: crate::store::dropped_from_json(&id, &r.try_get::<String, _>("dropped")?)?,
            meeting: meeting_from_json(&id, &r.try_get::<String, _>("input")?)?,
            version: r.try_get("version")?,
            updated_at: r.try_get("updated_at")?,
        })
    }

    fn stored_deadline(r: &PgRow) -> Result<StoredDeadline, StoreError> {
        let id: String = r.try_get("id")?;
        Ok(StoredDeadline {
            deadline: deadline_from_json(&id, &r.try_get::<String, _>("input")?)?,
            version: r.try_get("version")?,
            updated_at: r.try_get("updated_at")?,
        })
    }

    fn token_record(r: &PgRow) -> Result<TokenRecord, StoreError> {
        let group: Option<String> = r.try_get("group_slug")?;
        Ok(TokenRecord {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            admin: r.try_get("admin")?,
            group: group.and_then(|g| GroupSlug::parse(&g).ok()),
            secret_hash: r.try_get("secret_hash")?,
            created_at: r.try_get("created_at")?,
            revoked_at: r.try_get("revoked_at")?,
        })
    }
}

impl Store for PgStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
    async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR
            .run(&self.pool)
            .await
            .map_err(|e| super::migrate_error(e, &MIGRATOR))
    }
    async fn groups(&self) -> Result<GroupTree, StoreError> {
        Self::groups(&self.pool).await
    }
    async fn meetings(&self, filter: &MeetingFilter) -> Result<Vec<StoredMeeting>, StoreError> {
        Self::meetings(&self.pool, filter).await
    }
    async fn meeting(&self, id: &ItemId) -> Result<Option<StoredMeeting>, StoreError> {
        Self::meeting(&self.pool, id).await
    }
    async fn deadlines(
        &self,
        meetings: &[ItemId],
        groups: &[GroupSlug],
    ) -> Result<Vec<StoredDeadline>, StoreError> {
        Self::deadlines(&self.pool, meetings, groups).await
    }
    async fn catalog(&self) -> Result<Catalog, StoreError> {
        self.catalog().await
    }
    async fn outbox(&self) -> Result<Vec<OutboxMail>, StoreError> {
        self.outbox().await
    }
    async fn token_by_hash(&self, hash: &str) -> Result<Option<TokenRecord>, StoreError> {
        self.token_by_hash(hash).await
    }
    async fn deadline(&self, id: &ItemId) -> Result<Option<StoredDeadline>, StoreError> {
        Self::deadline(&self.pool, id).await
    }
    async fn save_group(
        &self,
        group: &convene_core::Group,
        create: bool,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.save_group(group, create, actor, now).await
    }
    async fn archive_group(
        &self,
        slug: &GroupSlug,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.archive_group(slug, actor, now).await
    }
    async fn archived_groups(&self) -> Result<Vec<GroupSlug>, StoreError> {
        Self::archived_groups(&self.pool).await
    }
    async fn stamp(&self) -> Result<Stamp, StoreError> {
        self.stamp().await
    }
    async fn create_token(&self, t: &TokenRecord) -> Result<(), StoreError> {
        self.create_token(t).await
    }
    async fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
        self.tokens().await
    }
    async fn revoke_token(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        self.revoke_token(id, now).await
    }
}
