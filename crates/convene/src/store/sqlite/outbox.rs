//! The outbox on SQLite. A claim is one short write transaction
//! (`BEGIN IMMEDIATE`): SQLite has one writer at a time, so two claimers
//! never see the same unleased row.

use chrono::{DateTime, Duration, Utc};
use sqlx::SqlitePool;

use super::ts;
use crate::store::StoreError;
use crate::store::outbox::{COLUMNS, OutboxQuery, QueueRow};
use crate::store::rows::MailRow;

/// Every planned mail, by due time then key.
pub(in crate::store) async fn mails(pool: &SqlitePool) -> Result<Vec<MailRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM outbox ORDER BY due_at, message_id");
    Ok(sqlx::query_as(&sql).fetch_all(pool).await?)
}

pub(in crate::store) async fn claim_due(
    pool: &SqlitePool,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u32,
) -> Result<Vec<QueueRow>, StoreError> {
    let mut tx = super::begin(pool).await?;
    let sql = format!(
        "UPDATE outbox SET lease_until = ?2
         WHERE id IN (SELECT id FROM outbox
                      WHERE status = 'pending' AND next_attempt_at <= ?1
                        AND (lease_until IS NULL OR lease_until <= ?1)
                      ORDER BY next_attempt_at, id LIMIT ?3)
         RETURNING {COLUMNS}"
    );
    let rows = sqlx::query_as(&sql)
        .bind(ts(now))
        .bind(ts(now + lease))
        .bind(i64::from(limit))
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(rows)
}

pub(in crate::store) async fn mark_sent(
    pool: &SqlitePool,
    id: i64,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let sql = "UPDATE outbox SET status = 'sent', sent_at = ?2, attempts = attempts + 1,
                 lease_until = NULL, last_error = NULL
               WHERE id = ?1";
    let done = sqlx::query(sql)
        .bind(id)
        .bind(ts(now))
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

pub(in crate::store) async fn mark_failed(
    pool: &SqlitePool,
    id: i64,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE outbox SET attempts = attempts + 1, lease_until = NULL, last_error = ?2,
           status = CASE WHEN ?3 IS NULL THEN 'dead' ELSE 'pending' END,
           next_attempt_at = COALESCE(?3, next_attempt_at)
         WHERE id = ?1 AND status = 'pending'",
    )
    .bind(id)
    .bind(error)
    .bind(retry_at.map(ts))
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

pub(in crate::store) async fn mark_skipped(
    pool: &SqlitePool,
    id: i64,
    note: &str,
) -> Result<u64, StoreError> {
    let sql = "UPDATE outbox SET status = 'skipped', lease_until = NULL, last_error = ?2
               WHERE id = ?1 AND status = 'pending'";
    let done = sqlx::query(sql).bind(id).bind(note).execute(pool).await?;
    Ok(done.rows_affected())
}

pub(in crate::store) async fn list(
    pool: &SqlitePool,
    q: &OutboxQuery,
) -> Result<Vec<QueueRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM outbox
         WHERE (?1 IS NULL OR status = ?1)
           AND (?2 IS NULL OR due_at >= ?2)
           AND (?3 IS NULL OR due_at < ?3)
         ORDER BY due_at, id
         LIMIT ?4"
    );
    Ok(sqlx::query_as(&sql)
        .bind(q.status.as_deref())
        .bind(q.due_from.map(ts))
        .bind(q.due_to.map(ts))
        .bind(q.limit.map_or(-1, i64::from))
        .fetch_all(pool)
        .await?)
}

pub(in crate::store) async fn row(
    pool: &SqlitePool,
    id: i64,
) -> Result<Option<QueueRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?)
}

pub(in crate::store) async fn retry(
    pool: &SqlitePool,
    id: i64,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let sql = "UPDATE outbox SET status = 'pending', attempts = 0,
                 next_attempt_at = MIN(due_at, ?2), lease_until = NULL
               WHERE id = ?1 AND status = 'dead'";
    let done = sqlx::query(sql)
        .bind(id)
        .bind(ts(now))
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

/// Rows per status, and the earliest `next_attempt_at` of pending rows due
/// at `now`.
pub(in crate::store) async fn depth(
    pool: &SqlitePool,
    now: DateTime<Utc>,
) -> Result<(Vec<(String, i64)>, Option<DateTime<Utc>>), StoreError> {
    let counts = sqlx::query_as("SELECT status, COUNT(*) FROM outbox GROUP BY status")
        .fetch_all(pool)
        .await?;
    let oldest: Option<String> = sqlx::query_scalar(
        "SELECT MIN(next_attempt_at) FROM outbox
         WHERE status = 'pending' AND next_attempt_at <= ?1",
    )
    .bind(ts(now))
    .fetch_one(pool)
    .await?;
    Ok((counts, oldest.as_deref().map(super::parse_ts).transpose()?))
}
