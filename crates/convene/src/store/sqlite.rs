//! The SQLite backend: the embedded default, one file in WAL mode.
//! Instants are TEXT `YYYY-MM-DDTHH:MM:SSZ`, which sorts as time.

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use convene_core::{Catalog, GroupSlug, GroupTree, ItemId, Meeting, Owner, PlannedMail};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, Sqlite, SqlitePool, Transaction};

use super::{
    Existing, Idempotency, ImportReport, MeetingFilter, MovedDeadline, OutboxMail, Stamp, Store,
    StoreError, StoredDeadline, StoredMeeting, TokenRecord, deadline_from_json, group_from_json,
    kind_name, meeting_from_json, message_key, parse_kind, parse_subject, plan_import,
    subject_parts, to_json,
};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");

/// A SQLite database.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

pub(super) fn ts(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub(super) fn parse_ts(s: &str) -> Result<DateTime<Utc>, StoreError> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%SZ")
        .map(|n| n.and_utc())
        .map_err(|e| StoreError::Corrupt {
            what: "timestamp",
            id: s.to_owned(),
            why: e.to_string(),
        })
}

impl SqliteStore {
    /// The pool, for the outbox queries (`outbox_sqlite.rs`).
    pub(super) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Opens (creating if missing) `sqlite:PATH` in WAL mode with foreign
    /// keys on.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, StoreError> {
        let opts = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections.max(1))
            .connect_with(opts)
            .await?;
        Ok(Self { pool })
    }

    async fn existing(tx: &mut Transaction<'_, Sqlite>, sql: &str) -> Result<Existing, StoreError> {
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
        tx: &mut Transaction<'_, Sqlite>,
        m: &Meeting,
        json: &str,
        version: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let span = m.span();
        sqlx::query(
            "INSERT INTO meetings (id, status, zone, starts_at, ends_at, input, version, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
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
        sqlx::query("DELETE FROM meeting_groups WHERE meeting_id = ?1")
            .bind(m.id().as_str())
            .execute(&mut **tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE meeting_id = ?1")
            .bind(m.id().as_str())
            .execute(&mut **tx)
            .await?;
        for (i, g) in m.groups().iter().enumerate() {
            sqlx::query(
                "INSERT INTO meeting_groups (meeting_id, group_slug, position) VALUES (?1, ?2, ?3)",
            )
            .bind(m.id().as_str())
            .bind(g.as_str())
            .bind(i as i64)
            .execute(&mut **tx)
            .await?;
        }
        for s in m.sessions() {
            sqlx::query("INSERT INTO sessions (meeting_id, local_date, starts_at, ends_at) VALUES (?1, ?2, ?3, ?4)")
                .bind(m.id().as_str())
                .bind(s.date.to_string())
                .bind(ts(s.utc.start))
                .bind(ts(s.utc.end))
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    async fn write_deadline(
        tx: &mut Transaction<'_, Sqlite>,
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
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
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
    async fn id_taken(tx: &mut Transaction<'_, Sqlite>, id: &str) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM meetings WHERE id = ?1) + (SELECT COUNT(*) FROM deadlines WHERE id = ?1)",
        )
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
        Ok(n > 0)
    }

    fn stored_deadline(r: &sqlx::sqlite::SqliteRow) -> Result<StoredDeadline, StoreError> {
        let id: String = r.try_get("id")?;
        Ok(StoredDeadline {
            deadline: deadline_from_json(&id, &r.try_get::<String, _>("input")?)?,
            version: r.try_get("version")?,
            updated_at: parse_ts(&r.try_get::<String, _>("updated_at")?)?,
        })
    }

    fn token_record(r: &sqlx::sqlite::SqliteRow) -> Result<TokenRecord, StoreError> {
        let group: Option<String> = r.try_get("group_slug")?;
        let revoked: Option<String> = r.try_get("revoked_at")?;
        Ok(TokenRecord {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            admin: r.try_get("admin")?,
            group: group.and_then(|g| GroupSlug::parse(&g).ok()),
            secret_hash: r.try_get("secret_hash")?,
            created_at: parse_ts(&r.try_get::<String, _>("created_at")?)?,
            revoked_at: revoked.as_deref().map(parse_ts).transpose()?,
        })
    }

    /// Supersedes the pending mails of older versions of an item.
    async fn supersede(
        tx: &mut Transaction<'_, Sqlite>,
        subject: (&str, &str),
        version: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE outbox SET status = 'superseded' WHERE subject_type = ?1 AND subject_id = ?2 AND status = 'pending' AND subject_version < ?3")
            .bind(subject.0)
            .bind(subject.1)
            .bind(version)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    async fn write_mails(
        tx: &mut Transaction<'_, Sqlite>,
        mails: &[(&PlannedMail, i64)],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut superseded: Vec<&convene_core::Subject> = Vec::new();
        for (mail, version) in mails {
            let (t, id) = subject_parts(&mail.subject);
            if !superseded.contains(&&mail.subject) {
                sqlx::query("UPDATE outbox SET status = 'superseded' WHERE subject_type = ?1 AND subject_id = ?2 AND status = 'pending' AND subject_version < ?3")
                    .bind(t)
                    .bind(id)
                    .bind(version)
                    .execute(&mut **tx)
                    .await?;
                superseded.push(&mail.subject);
            }
            sqlx::query(
                "INSERT INTO outbox (subject_type, subject_id, subject_version, kind, recipients, due_at, expires_at, next_attempt_at, message_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?8, ?9)",
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
        tx: &mut Transaction<'_, Sqlite>,
        now: DateTime<Utc>,
        actor: &str,
        action: &str,
        subject: (&str, &str),
        detail: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO audit_log (at, actor, action, subject_type, subject_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
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

    fn stored_meeting(r: &sqlx::sqlite::SqliteRow) -> Result<StoredMeeting, StoreError> {
        let id: String = r.try_get("id")?;
        Ok(StoredMeeting {
            meeting: meeting_from_json(&id, &r.try_get::<String, _>("input")?)?,
            version: r.try_get("version")?,
            updated_at: parse_ts(&r.try_get::<String, _>("updated_at")?)?,
        })
    }
}

impl Store for SqliteStore {
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
        let rows = sqlx::query("SELECT slug, input FROM groups ORDER BY position, slug")
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
        let groups = filter
            .groups
            .as_ref()
            .map(|g| to_json(&g.iter().map(|s| s.as_str()).collect::<Vec<_>>()));
        let (after_start, after_id) = match &filter.after {
            Some((t, id)) => (Some(ts(*t)), Some(id.clone())),
            None => (None, None),
        };
        let rows = sqlx::query(
            "SELECT id, input, version, updated_at FROM meetings m
             WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM meeting_groups mg
                    WHERE mg.meeting_id = m.id AND mg.group_slug IN (SELECT value FROM json_each(?1))))
               AND (?2 IS NULL OR m.ends_at > ?2)
               AND (?3 IS NULL OR m.starts_at < ?3)
               AND (?4 IS NULL OR m.status = ?4)
               AND (?5 IS NULL OR m.starts_at > ?5 OR (m.starts_at = ?5 AND m.id > ?6))
             ORDER BY m.starts_at, m.id
             LIMIT ?7",
        )
        .bind(groups)
        .bind(filter.range.map(|r| ts(r.start)))
        .bind(filter.range.map(|r| ts(r.end)))
        .bind(filter.status.map(|s| s.as_str()))
        .bind(after_start)
        .bind(after_id)
        .bind(filter.limit.map_or(-1, i64::from))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(Self::stored_meeting).collect()
    }

    async fn meeting(&self, id: &ItemId) -> Result<Option<StoredMeeting>, StoreError> {
        let row = sqlx::query("SELECT id, input, version, updated_at FROM meetings WHERE id = ?1")
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
        let m = to_json(&meetings.iter().map(|s| s.as_str()).collect::<Vec<_>>());
        let g = to_json(&groups.iter().map(|s| s.as_str()).collect::<Vec<_>>());
        let rows = sqlx::query(
            "SELECT id, input, version, updated_at FROM deadlines
             WHERE meeting_id IN (SELECT value FROM json_each(?1))
                OR group_slug IN (SELECT value FROM json_each(?2))
             ORDER BY closes_at, id",
        )
        .bind(m)
        .bind(g)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(Self::stored_deadline).collect()
    }

    async fn catalog(&self) -> Result<Catalog, StoreError> {
        let tree = self.groups().await?;
        let meetings: Vec<Meeting> = self
            .meetings(&MeetingFilter::default())
            .await?
            .into_iter()
            .map(|m| m.meeting)
            .collect();
        let rows = sqlx::query("SELECT id, input FROM deadlines ORDER BY closes_at, id")
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
        // BEGIN IMMEDIATE: take the write lock first, so two importers
        // serialize instead of failing on lock upgrade.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let groups = Self::existing(&mut tx, "SELECT slug, input, version FROM groups").await?;
        let meetings = Self::existing(&mut tx, "SELECT id, input, version FROM meetings").await?;
        let deadlines = Self::existing(&mut tx, "SELECT id, input, version FROM deadlines").await?;
        let plan = plan_import(catalog, mails, &groups, &meetings, &deadlines);
        let tree = catalog.tree();
        for (g, json, _) in &plan.groups {
            sqlx::query(
                "INSERT INTO groups (slug, parent, position, input, version, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)
                 ON CONFLICT (slug) DO UPDATE SET parent = excluded.parent, position = excluded.position,
                   input = excluded.input, version = groups.version + 1, updated_at = excluded.updated_at",
            )
            .bind(g.slug.as_str())
            .bind(g.parent.as_ref().map(|p| p.as_str()))
            .bind(tree.depth(&g.slug) as i64)
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
            Self::supersede(&mut tx, ("meeting", m.id().as_str()), *version).await?;
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
            Self::write_deadline(&mut tx, d, json, *version, now).await?;
            Self::supersede(&mut tx, ("deadline", d.id().as_str()), *version).await?;
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
        moved: &[MovedDeadline],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<StoredMeeting, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let id = meeting.id().as_str();
        let current: Option<i64> = sqlx::query_scalar("SELECT version FROM meetings WHERE id = ?1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let current = current.ok_or_else(|| StoreError::NotFound {
            what: "meeting",
            id: id.to_owned(),
        })?;
        if current != expected_version {
            return Err(StoreError::VersionConflict {
                what: "meeting",
                id: id.to_owned(),
                expected: expected_version,
                current,
            });
        }
        let version = current + 1;
        let json = to_json(&meeting.to_input());
        Self::write_meeting(&mut tx, meeting, &json, version, now).await?;
        // Also when no mail is planned for the new version (moved into the
        // past, no recipients left): the old reminders are wrong now.
        Self::supersede(&mut tx, ("meeting", id), version).await?;
        let mails: Vec<(&PlannedMail, i64)> = mails.iter().map(|m| (m, version)).collect();
        Self::write_mails(&mut tx, &mails, now).await?;
        Self::audit(&mut tx, now, actor, "update", ("meeting", id), &json).await?;
        for m in moved {
            let did = m.deadline.id().as_str();
            let current: Option<i64> =
                sqlx::query_scalar("SELECT version FROM deadlines WHERE id = ?1")
                    .bind(did)
                    .fetch_optional(&mut *tx)
                    .await?;
            let current = current.ok_or_else(|| StoreError::NotFound {
                what: "deadline",
                id: did.to_owned(),
            })?;
            let djson = to_json(&m.deadline.to_input());
            Self::write_deadline(&mut tx, &m.deadline, &djson, current + 1, now).await?;
            Self::supersede(&mut tx, ("deadline", did), current + 1).await?;
            let dmails: Vec<(&PlannedMail, i64)> =
                m.mails.iter().map(|x| (x, current + 1)).collect();
            Self::write_mails(&mut tx, &dmails, now).await?;
            Self::audit(&mut tx, now, actor, "update", ("deadline", did), &djson).await?;
        }
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
             FROM outbox ORDER BY due_at, message_id",
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
                    due_at: parse_ts(&r.try_get::<String, _>("due_at")?)?,
                    expires_at: parse_ts(&r.try_get::<String, _>("expires_at")?)?,
                    status: r.try_get("status")?,
                    message_id: key.clone(),
                })
            })
            .collect()
    }

    async fn token_by_hash(&self, hash: &str) -> Result<Option<TokenRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT id, name, admin, group_slug, secret_hash, created_at, revoked_at FROM api_tokens WHERE secret_hash = ?1",
        )
        .bind(hash)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(Self::token_record).transpose()
    }

    async fn create_meeting(
        &self,
        meeting: &Meeting,
        deadlines: &[convene_core::Deadline],
        mails: &[PlannedMail],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<StoredMeeting, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let id = meeting.id().as_str();
        let ids: Vec<&str> = std::iter::once(id)
            .chain(deadlines.iter().map(|d| d.id().as_str()))
            .collect();
        for (i, &taken) in ids.iter().enumerate() {
            // Taken in the store, or twice in this request.
            if ids[..i].contains(&taken) || Self::id_taken(&mut tx, taken).await? {
                return Err(StoreError::Duplicate {
                    what: "meeting or deadline",
                    id: taken.to_owned(),
                });
            }
        }
        let json = to_json(&meeting.to_input());
        Self::write_meeting(&mut tx, meeting, &json, 1, now).await?;
        Self::audit(&mut tx, now, actor, "create", ("meeting", id), &json).await?;
        for d in deadlines {
            let djson = to_json(&d.to_input());
            Self::write_deadline(&mut tx, d, &djson, 1, now).await?;
            Self::audit(
                &mut tx,
                now,
                actor,
                "create",
                ("deadline", d.id().as_str()),
                &djson,
            )
            .await?;
        }
        let mails: Vec<(&PlannedMail, i64)> = mails.iter().map(|m| (m, 1)).collect();
        Self::write_mails(&mut tx, &mails, now).await?;
        tx.commit().await?;
        Ok(StoredMeeting {
            meeting: meeting.clone(),
            version: 1,
            updated_at: chrono::SubsecRound::trunc_subsecs(now, 0),
        })
    }

    async fn deadline(&self, id: &ItemId) -> Result<Option<StoredDeadline>, StoreError> {
        let row = sqlx::query("SELECT id, input, version, updated_at FROM deadlines WHERE id = ?1")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(Self::stored_deadline).transpose()
    }

    async fn save_deadline(
        &self,
        deadline: &convene_core::Deadline,
        expected_version: Option<i64>,
        mails: &[PlannedMail],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<StoredDeadline, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let id = deadline.id().as_str();
        let current: Option<i64> =
            sqlx::query_scalar("SELECT version FROM deadlines WHERE id = ?1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let version = match (expected_version, current) {
            (None, None) => {
                if Self::id_taken(&mut tx, id).await? {
                    return Err(StoreError::Duplicate {
                        what: "meeting or deadline",
                        id: id.to_owned(),
                    });
                }
                // A deadline deleted and created again continues its
                // versions, so its mails get new keys.
                let last: Option<i64> = sqlx::query_scalar(
                    "SELECT MAX(subject_version) FROM outbox WHERE subject_type = 'deadline' AND subject_id = ?1",
                )
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
                last.unwrap_or(0) + 1
            }
            (None, Some(_)) => {
                return Err(StoreError::Duplicate {
                    what: "deadline",
                    id: id.to_owned(),
                });
            }
            (Some(_), None) => {
                return Err(StoreError::NotFound {
                    what: "deadline",
                    id: id.to_owned(),
                });
            }
            (Some(expected), Some(current)) if expected != current => {
                return Err(StoreError::VersionConflict {
                    what: "deadline",
                    id: id.to_owned(),
                    expected,
                    current,
                });
            }
            (Some(_), Some(current)) => current + 1,
        };
        let json = to_json(&deadline.to_input());
        Self::write_deadline(&mut tx, deadline, &json, version, now).await?;
        let action = if expected_version.is_none() {
            "create"
        } else {
            "update"
        };
        Self::audit(&mut tx, now, actor, action, ("deadline", id), &json).await?;
        let mails: Vec<(&PlannedMail, i64)> = mails.iter().map(|m| (m, version)).collect();
        Self::supersede(&mut tx, ("deadline", id), version).await?;
        Self::write_mails(&mut tx, &mails, now).await?;
        tx.commit().await?;
        Ok(StoredDeadline {
            deadline: deadline.clone(),
            version,
            updated_at: chrono::SubsecRound::trunc_subsecs(now, 0),
        })
    }

    async fn delete_deadline(
        &self,
        id: &ItemId,
        expected_version: Option<i64>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let current: Option<i64> =
            sqlx::query_scalar("SELECT version FROM deadlines WHERE id = ?1")
                .bind(id.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        let current = current.ok_or_else(|| StoreError::NotFound {
            what: "deadline",
            id: id.to_string(),
        })?;
        if let Some(expected) = expected_version
            && expected != current
        {
            return Err(StoreError::VersionConflict {
                what: "deadline",
                id: id.to_string(),
                expected,
                current,
            });
        }
        sqlx::query("DELETE FROM deadlines WHERE id = ?1")
            .bind(id.as_str())
            .execute(&mut *tx)
            .await?;
        Self::supersede(&mut tx, ("deadline", id.as_str()), current + 1).await?;
        Self::audit(
            &mut tx,
            now,
            actor,
            "delete",
            ("deadline", id.as_str()),
            "{}",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn save_group(
        &self,
        group: &convene_core::Group,
        create: bool,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let slug = group.slug.as_str();
        let exists: Option<i64> = sqlx::query_scalar("SELECT version FROM groups WHERE slug = ?1")
            .bind(slug)
            .fetch_optional(&mut *tx)
            .await?;
        match (create, exists) {
            (true, Some(_)) => {
                return Err(StoreError::Duplicate {
                    what: "group",
                    id: slug.to_owned(),
                });
            }
            (false, None) => {
                return Err(StoreError::NotFound {
                    what: "group",
                    id: slug.to_owned(),
                });
            }
            _ => {}
        }
        let depth: i64 = match &group.parent {
            Some(p) => {
                sqlx::query_scalar::<_, i64>("SELECT position + 1 FROM groups WHERE slug = ?1")
                    .bind(p.as_str())
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or_else(|| StoreError::NotFound {
                        what: "group",
                        id: p.to_string(),
                    })?
            }
            None => 0,
        };
        let json = to_json(&group.to_input());
        sqlx::query(
            "INSERT INTO groups (slug, parent, position, input, version, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)
             ON CONFLICT (slug) DO UPDATE SET parent = excluded.parent, position = excluded.position,
               input = excluded.input, version = groups.version + 1, updated_at = excluded.updated_at",
        )
        .bind(slug)
        .bind(group.parent.as_ref().map(|p| p.as_str()))
        .bind(depth)
        .bind(&json)
        .bind(ts(now))
        .execute(&mut *tx)
        .await?;
        let action = if create { "create" } else { "update" };
        Self::audit(&mut tx, now, actor, action, ("group", slug), &json).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn archive_group(
        &self,
        slug: &GroupSlug,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let r = sqlx::query(
            "UPDATE groups SET archived_at = ?2 WHERE slug = ?1 AND archived_at IS NULL",
        )
        .bind(slug.as_str())
        .bind(ts(now))
        .execute(&mut *tx)
        .await?;
        if r.rows_affected() == 0 {
            let exists: Option<String> =
                sqlx::query_scalar("SELECT slug FROM groups WHERE slug = ?1")
                    .bind(slug.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
            return match exists {
                Some(_) => Ok(false),
                None => Err(StoreError::NotFound {
                    what: "group",
                    id: slug.to_string(),
                }),
            };
        }
        Self::audit(
            &mut tx,
            now,
            actor,
            "archive",
            ("group", slug.as_str()),
            "{}",
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn archived_groups(&self) -> Result<Vec<GroupSlug>, StoreError> {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT slug FROM groups WHERE archived_at IS NOT NULL ORDER BY slug",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .filter_map(|s| GroupSlug::parse(s).ok())
            .collect())
    }

    async fn idempotency_begin(
        &self,
        token_id: &str,
        key: &str,
        request_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Idempotency, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let row = sqlx::query(
            "SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE token_id = ?1 AND key = ?2",
        )
        .bind(token_id)
        .bind(key)
        .fetch_optional(&mut *tx)
        .await?;
        let answer = match row {
            Some(r) => {
                let hash: String = r.try_get(0)?;
                let status: i64 = r.try_get(1)?;
                if hash != request_hash {
                    Idempotency::Mismatch
                } else if status == 0 {
                    Idempotency::InProgress
                } else {
                    Idempotency::Replay {
                        status: u16::try_from(status).unwrap_or(500),
                        body: r.try_get(2)?,
                    }
                }
            }
            None => {
                sqlx::query(
                    "INSERT INTO idempotency_keys (token_id, key, request_hash, response_status, response_body, created_at)
                     VALUES (?1, ?2, ?3, 0, '', ?4)",
                )
                .bind(token_id)
                .bind(key)
                .bind(request_hash)
                .bind(ts(now))
                .execute(&mut *tx)
                .await?;
                Idempotency::Proceed
            }
        };
        tx.commit().await?;
        Ok(answer)
    }

    async fn idempotency_finish(
        &self,
        token_id: &str,
        key: &str,
        status: u16,
        body: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE idempotency_keys SET response_status = ?3, response_body = ?4 WHERE token_id = ?1 AND key = ?2")
            .bind(token_id)
            .bind(key)
            .bind(i64::from(status))
            .bind(body)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn idempotency_abort(&self, token_id: &str, key: &str) -> Result<(), StoreError> {
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE token_id = ?1 AND key = ?2 AND response_status = 0",
        )
        .bind(token_id)
        .bind(key)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn stamp(&self) -> Result<Stamp, StoreError> {
        let row = sqlx::query("SELECT id, at FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(r) => Ok(Stamp {
                change: r.try_get(0)?,
                at: Some(parse_ts(&r.try_get::<String, _>(1)?)?),
            }),
            None => Ok(Stamp::default()),
        }
    }

    async fn create_token(&self, t: &TokenRecord) -> Result<(), StoreError> {
        let r = sqlx::query(
            "INSERT INTO api_tokens (id, name, admin, group_slug, secret_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
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
            "SELECT id, name, admin, group_slug, secret_hash, created_at, revoked_at FROM api_tokens ORDER BY created_at DESC, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(Self::token_record).collect()
    }

    async fn revoke_token(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
        )
        .bind(id)
        .bind(ts(now))
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }
}
