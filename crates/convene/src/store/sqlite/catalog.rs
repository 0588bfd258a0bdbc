//! The whole catalog on SQLite: reading it, importing it, the planned
//! mails and the latest change stamp.

use convene_core::{Catalog, Meeting};
use sqlx::Row;

use super::{SqliteStore, parse_ts};
use crate::store::{
    MeetingFilter, OutboxMail, Stamp, StoreError, deadline_from_json, parse_kind, parse_subject,
};

impl SqliteStore {
    pub(super) async fn catalog(&self) -> Result<Catalog, StoreError> {
        let tree = Self::groups(&self.pool).await?;
        let meetings: Vec<Meeting> = Self::meetings(&self.pool, &MeetingFilter::default())
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
        crate::store::catalog_from_parts(tree, meetings, deadlines)
    }

    pub(super) async fn outbox(&self) -> Result<Vec<OutboxMail>, StoreError> {
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

    pub(super) async fn stamp(&self) -> Result<Stamp, StoreError> {
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
}
