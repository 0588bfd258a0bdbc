//! The whole catalog on PostgreSQL: reading it, importing it, the planned
//! mails and the latest change stamp.

use chrono::{DateTime, Utc};
use convene_core::{Catalog, Meeting, PlannedMail};
use sqlx::Row;

use super::{PgStore, position, ts};
use crate::store::{
    ImportReport, MeetingFilter, OutboxMail, Stamp, StoreError, deadline_from_json, parse_kind,
    parse_subject, plan_import,
};

impl PgStore {
    pub(super) async fn catalog(&self) -> Result<Catalog, StoreError> {
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
        crate::store::catalog_from_parts(tree, meetings, deadlines)
    }

    pub(super) async fn import(
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

    pub(super) async fn outbox(&self) -> Result<Vec<OutboxMail>, StoreError> {
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

    pub(super) async fn stamp(&self) -> Result<Stamp, StoreError> {
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
}
