//! The PostgreSQL backend: for a shared, hosted deployment.
//! Instants are `TIMESTAMPTZ`, stored to the whole second as in SQLite so
//! that both backends give back the same values; ids sort bytewise
//! (`COLLATE "C"`), as SQLite sorts them.
//!
//! Writers take row locks where SQLite takes its database-wide write lock:
//! [`Store::update_meeting`] locks the meeting's row before comparing
//! versions, and [`Store::import`] serializes with other imports on the
//! `groups` table and locks the meeting and deadline rows it compares.

use std::str::FromStr;

use chrono::{DateTime, SubsecRound, Utc};
use convene_core::{Catalog, GroupSlug, GroupTree, ItemId, Meeting, Owner, PlannedMail};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::{PgPool, Postgres, Row, Transaction};

use super::{
    Existing, ImportReport, MeetingFilter, OutboxMail, Stamp, Store, StoreError, StoredDeadline,
    StoredMeeting, TokenRecord, deadline_from_json, group_from_json, kind_name, meeting_from_json,
    message_key, parse_kind, parse_subject, plan_import, subject_parts, to_json,
};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

/// A PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

/// An instant as stored: whole seconds, like SQLite's text form.
fn ts(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(0)
}

/// A position as stored in an `INTEGER` column.
fn position(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl PgStore {
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

    async fn existing(
        tx: &mut Transaction<'_, Postgres>,
        sql: &str,
    ) -> Result<Existing, StoreError> {
        let rows = sqlx::query(sql).fetch_all(&mut **tx).await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get::<String, _>(0)?,
                    (r.try_get::<String, _>(1)?, r.try_get::<i64, _>(2)?),
                ))
            })
            .collect()
    }

    async fn write_meeting(
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

    async fn write_mails(
        tx: &mut Transaction<'_, Postgres>,
        mails: &[(&PlannedMail, i64)],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut superseded: Vec<&convene_core::Subject> = Vec::new();
        for (mail, version) in mails {
            let (t, id) = subject_parts(&mail.subject);
            if !superseded.contains(&&mail.subject) {
                sqlx::query(
                    "UPDATE outbox SET status = 'superseded'
                     WHERE subject_type = $1 AND subject_id = $2 AND status = 'pending' AND subject_version < $3",
                )
                .bind(t)
                .bind(id)
                .bind(version)
                .execute(&mut **tx)
                .await?;
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

    async fn audit(
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
            meeting: meeting_from_json(&id, &r.try_get::<String, _>("input")?)?,
            version: r.try_get("version")?,
            updated_at: r.try_get("updated_at")?,
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
        let rows =
            sqlx::query("SELECT slug, input FROM groups ORDER BY position, slug COLLATE \"C\"")
                .fetch_all(&self.pool)
                .await?;
        let groups = rows
            .iter()
            .map(|r| group_from_json(&r.try_get::<String, _>(0)?, &r.try_get::<String, _>(1)?))
            .collect::<Result<Vec<_>, _>>()?;
        GroupTree::new(groups).map_err(|e| StoreError::Corrupt {
            what: "group tree",
            id: String::new(),
            why: e.to_string(),
        })
    }

    async fn meetings(&self, filter: &MeetingFilter) -> Result<Vec<StoredMeeting>, StoreError> {
        let groups: Option<Vec<String>> = filter
            .groups
            .as_ref()
            .map(|g| g.iter().map(|s| s.as_str().to_owned()).collect());
        let rows = sqlx::query(
            "SELECT id, input, version, updated_at FROM meetings m
             WHERE ($1::text[] IS NULL OR EXISTS (SELECT 1 FROM meeting_groups mg
                    WHERE mg.meeting_id = m.id AND mg.group_slug = ANY($1)))
               AND ($2::timestamptz IS NULL OR m.ends_at > $2)
               AND ($3::timestamptz IS NULL OR m.starts_at < $3)
             ORDER BY m.starts_at, m.id COLLATE \"C\"",
        )
        .bind(groups)
        .bind(filter.range.map(|r| ts(r.start)))
        .bind(filter.range.map(|r| ts(r.end)))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(Self::stored_meeting).collect()
    }

    async fn meeting(&self, id: &ItemId) -> Result<Option<StoredMeeting>, StoreError> {
        let row = sqlx::query("SELECT id, input, version, updated_at FROM meetings WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(Self::stored_meeting).transpose()
    }

    async fn deadlines(
        &self,
        meetings: &[ItemId],
        groups: &[GroupSlug],
    ) -> Result<Vec<StoredDeadline>, StoreError> {
        let m: Vec<String> = meetings.iter().map(|s| s.as_str().to_owned()).collect();
        let g: Vec<String> = groups.iter().map(|s| s.as_str().to_owned()).collect();
        let rows = sqlx::query(
            "SELECT id, input, version, updated_at FROM deadlines
             WHERE meeting_id = ANY($1) OR group_slug = ANY($2)
             ORDER BY closes_at, id COLLATE \"C\"",
        )
        .bind(m)
        .bind(g)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let id: String = r.try_get("id")?;
                Ok(StoredDeadline {
                    deadline: deadline_from_json(&id, &r.try_get::<String, _>("input")?)?,
                    version: r.try_get("version")?,
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect()
    }

    async fn catalog(&self) -> Result<Catalog, StoreError> {
        let tree = self.groups().await?;
        let meetings: Vec<Meeting> = self
            .meetings(&MeetingFilter::default())
            .await?
            .into_iter()
            .map(|m| m.meeting)
            .collect();
        let rows =
            sqlx::query("SELECT id, input FROM deadlines ORDER BY closes_at, id COLLATE \"C\"")
                .fetch_all(&self.pool)
                .await?;
        let deadlines = rows
            .iter()
            .map(|r| deadline_from_json(&r.try_get::<String, _>(0)?, &r.try_get::<String, _>(1)?))
            .collect::<Result<Vec<_>, _>>()?;
        super::catalog_from_parts(tree, meetings, deadlines)
    }

    async fn import(
        &self,
        catalog: &Catalog,
        mails: &[PlannedMail],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<ImportReport, StoreError> {
        let mut tx = self.pool.begin().await?;
        // Imports serialize here (the mode conflicts with itself and with
        // row writes to groups, not with reads or foreign-key checks); the
        // rows compared below are locked so that a concurrent
        // update_meeting either finishes first (and is read here) or waits.
        sqlx::query("LOCK TABLE groups IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await?;
        let groups = Self::existing(&mut tx, "SELECT slug, input, version FROM groups").await?;
        let meetings = Self::existing(
            &mut tx,
            "SELECT id, input, version FROM meetings FOR UPDATE",
        )
        .await?;
        let deadlines = Self::existing(
            &mut tx,
            "SELECT id, input, version FROM deadlines FOR UPDATE",
        )
        .await?;
        let plan = plan_import(catalog, mails, &groups, &meetings, &deadlines);
        let tree = catalog.tree();
        for (g, json, _) in &plan.groups {
            sqlx::query(
                "INSERT INTO groups (slug, parent, position, input, version, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, 1, $5, $5)
                 ON CONFLICT (slug) DO UPDATE SET parent = excluded.parent, position = excluded.position,
                   input = excluded.input, version = groups.version + 1, updated_at = excluded.updated_at",
            )
            .bind(g.slug.as_str())
            .bind(g.parent.as_ref().map(|p| p.as_str()))
            .bind(position(tree.depth(&g.slug)))
            .bind(json)
            .bind(ts(now))
            .execute(&mut *tx)
            .await?;
            Self::audit(
                &mut tx,
                now,
                actor,
                "import",
                ("group", g.slug.as_str()),
                json,
            )
            .await?;
        }
        for (m, json, version) in &plan.meetings {
            Self::write_meeting(&mut tx, m, json, *version, now).await?;
            Self::audit(
                &mut tx,
                now,
                actor,
                "import",
                ("meeting", m.id().as_str()),
                json,
            )
            .await?;
        }
        for (d, json, version) in &plan.deadlines {
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
            .execute(&mut *tx)
            .await?;
            Self::audit(
                &mut tx,
                now,
                actor,
                "import",
                ("deadline", d.id().as_str()),
                json,
            )
            .await?;
        }
        Self::write_mails(&mut tx, &plan.mails, now).await?;
        tx.commit().await?;
        Ok(plan.report)
    }

    async fn update_meeting(
        &self,
        meeting: &Meeting,
        expected_version: i64,
        mails: &[PlannedMail],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<StoredMeeting, StoreError> {
        let mut tx = self.pool.begin().await?;
        let id = meeting.id().as_str();
        // The row lock makes a second writer wait here until the first
        // commits, then read the version it wrote.
        let current: Option<i64> =
            sqlx::query_scalar("SELECT version FROM meetings WHERE id = $1 FOR UPDATE")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let current = current.ok_or_else(|| StoreError::NotFound {
            what: "meeting",
            id: id.to_owned(),
        })?;
        if current != expected_version {
            return Err(StoreError::VersionConflict {
                id: id.to_owned(),
                expected: expected_version,
                current,
            });
        }
        let version = current + 1;
        let json = to_json(&meeting.to_input());
        Self::write_meeting(&mut tx, meeting, &json, version, now).await?;
        let mails: Vec<(&PlannedMail, i64)> = mails.iter().map(|m| (m, version)).collect();
        Self::write_mails(&mut tx, &mails, now).await?;
        Self::audit(&mut tx, now, actor, "update", ("meeting", id), &json).await?;
        tx.commit().await?;
        Ok(StoredMeeting {
            meeting: meeting.clone(),
            version,
            updated_at: chrono::SubsecRound::trunc_subsecs(now, 0),
        })
    }

    async fn outbox(&self) -> Result<Vec<OutboxMail>, StoreError> {
        let rows = sqlx::query(
            "SELECT subject_type, subject_id, subject_version, kind, recipients, due_at, expires_at, status, message_id
             FROM outbox ORDER BY due_at, message_id COLLATE \"C\"",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let key: String = r.try_get("message_id")?;
                let corrupt = || StoreError::Corrupt {
                    what: "outbox row",
                    id: key.clone(),
                    why: "unknown subject or kind".into(),
                };
                Ok(OutboxMail {
                    subject: parse_subject(
                        &r.try_get::<String, _>("subject_type")?,
                        &r.try_get::<String, _>("subject_id")?,
                    )
                    .ok_or_else(corrupt)?,
                    subject_version: r.try_get("subject_version")?,
                    kind: parse_kind(&r.try_get::<String, _>("kind")?).ok_or_else(corrupt)?,
                    recipients: serde_json::from_str(&r.try_get::<String, _>("recipients")?)
                        .map_err(|_| corrupt())?,
                    due_at: r.try_get("due_at")?,
                    expires_at: r.try_get("expires_at")?,
                    status: r.try_get("status")?,
                    message_id: key.clone(),
                })
            })
            .collect()
    }

    async fn stamp(&self) -> Result<Stamp, StoreError> {
        let row = sqlx::query("SELECT id, at FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(r) => Ok(Stamp {
                change: r.try_get(0)?,
                at: Some(r.try_get(1)?),
            }),
            None => Ok(Stamp::default()),
        }
    }

    async fn create_token(&self, t: &TokenRecord) -> Result<(), StoreError> {
        let r = sqlx::query(
            "INSERT INTO api_tokens (id, name, admin, group_slug, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&t.id)
        .bind(&t.name)
        .bind(t.admin)
        .bind(t.group.as_ref().map(|g| g.as_str()))
        .bind(&t.secret_hash)
        .bind(ts(t.created_at))
        .execute(&self.pool)
        .await;
        match r {
            Ok(_) => Ok(()),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Err(StoreError::Duplicate {
                    what: "token",
                    id: t.id.clone(),
                })
            }
            Err(e) => Err(e.into()),
        }
    }

    async fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, admin, group_slug, secret_hash, created_at, revoked_at FROM api_tokens
             ORDER BY created_at DESC, id COLLATE \"C\"",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
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
            })
            .collect()
    }

    async fn revoke_token(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
        )
        .bind(id)
        .bind(ts(now))
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }
}
