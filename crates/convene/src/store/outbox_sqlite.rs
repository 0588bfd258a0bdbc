//! The outbox queue on SQLite. A claim is one short write transaction
//! (`BEGIN IMMEDIATE`): SQLite has one writer at a time, so two claimers
//! never see the same unleased row.

use chrono::{DateTime, Duration, Utc};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::StoreError;
use super::outbox::{
    COLUMNS, ClaimedMail, Outbox, OutboxQuery, OutboxRow, RawMail, clip, skipped_note,
};
use super::sqlite::{SqliteStore, parse_ts, ts};

fn opt_ts(s: Option<String>) -> Result<Option<DateTime<Utc>>, StoreError> {
    s.as_deref().map(parse_ts).transpose()
}

fn row(r: &SqliteRow) -> Result<OutboxRow, StoreError> {
    let mail = RawMail {
        subject_type: r.try_get("subject_type")?,
        subject_id: r.try_get("subject_id")?,
        subject_version: r.try_get("subject_version")?,
        kind: r.try_get("kind")?,
        recipients: r.try_get("recipients")?,
        due_at: parse_ts(&r.try_get::<String, _>("due_at")?)?,
        expires_at: parse_ts(&r.try_get::<String, _>("expires_at")?)?,
        status: r.try_get("status")?,
        message_id: r.try_get("message_id")?,
    }
    .into_mail()?;
    Ok(OutboxRow {
        id: r.try_get("id")?,
        mail,
        attempts: r.try_get("attempts")?,
        next_attempt_at: parse_ts(&r.try_get::<String, _>("next_attempt_at")?)?,
        lease_until: opt_ts(r.try_get("lease_until")?)?,
        last_error: r.try_get("last_error")?,
        sent_at: opt_ts(r.try_get("sent_at")?)?,
    })
}

impl Outbox for SqliteStore {
    async fn claim_due(
        &self,
        now: DateTime<Utc>,
        lease: Duration,
        limit: u32,
    ) -> Result<Vec<ClaimedMail>, StoreError> {
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let sql = format!(
            "UPDATE outbox SET lease_until = ?2
             WHERE id IN (SELECT id FROM outbox
                          WHERE status = 'pending' AND next_attempt_at <= ?1
                            AND (lease_until IS NULL OR lease_until <= ?1)
                          ORDER BY next_attempt_at, id LIMIT ?3)
             RETURNING {COLUMNS}"
        );
        let rows = sqlx::query(&sql)
            .bind(ts(now))
            .bind(ts(now + lease))
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        let mut out: Vec<(DateTime<Utc>, ClaimedMail)> = rows
            .iter()
            .map(|r| {
                let r = row(r)?;
                Ok((
                    r.next_attempt_at,
                    ClaimedMail {
                        id: r.id,
                        mail: r.mail,
                        attempts: r.attempts,
                    },
                ))
            })
            .collect::<Result<_, StoreError>>()?;
        out.sort_by_key(|(at, c)| (*at, c.id));
        Ok(out.into_iter().map(|(_, c)| c).collect())
    }

    async fn mark_sent(&self, id: i64, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "UPDATE outbox SET status = 'sent', sent_at = ?2, attempts = attempts + 1,
               lease_until = NULL, last_error = NULL
             WHERE id = ?1",
        )
        .bind(id)
        .bind(ts(now))
        .execute(self.pool())
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn mark_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, lease_until = NULL, last_error = ?2,
               status = CASE WHEN ?3 IS NULL THEN 'dead' ELSE 'pending' END,
               next_attempt_at = COALESCE(?3, next_attempt_at)
             WHERE id = ?1 AND status = 'pending'",
        )
        .bind(id)
        .bind(clip(error))
        .bind(retry_at.map(ts))
        .execute(self.pool())
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn mark_skipped(
        &self,
        id: i64,
        now: DateTime<Utc>,
        reason: &str,
    ) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "UPDATE outbox SET status = 'skipped', lease_until = NULL, last_error = ?2
             WHERE id = ?1 AND status = 'pending'",
        )
        .bind(id)
        .bind(clip(&skipped_note(now, reason)))
        .execute(self.pool())
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn list(&self, q: &OutboxQuery) -> Result<Vec<OutboxRow>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM outbox
             WHERE (?1 IS NULL OR status = ?1)
               AND (?2 IS NULL OR due_at >= ?2)
               AND (?3 IS NULL OR due_at < ?3)
             ORDER BY due_at, id
             LIMIT ?4"
        );
        let rows = sqlx::query(&sql)
            .bind(q.status.as_deref())
            .bind(q.due_from.map(ts))
            .bind(q.due_to.map(ts))
            .bind(q.limit.map_or(-1, i64::from))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(row).collect()
    }

    async fn outbox_row(&self, id: i64) -> Result<Option<OutboxRow>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1");
        let r = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        r.as_ref().map(row).transpose()
    }

    async fn retry(&self, id: i64, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = MIN(due_at, ?2), lease_until = NULL
             WHERE id = ?1 AND status = 'dead'",
        )
        .bind(id)
        .bind(ts(now))
        .execute(self.pool())
        .await?;
        Ok(r.rows_affected() == 1)
    }
}
