//! The outbox on PostgreSQL, shared by several replicas: a claim locks due
//! rows with `FOR UPDATE SKIP LOCKED` and leases them in the same
//! statement, so concurrent claimers get disjoint sets and never wait on
//! each other.

use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;

use super::ts;
use crate::store::StoreError;
use crate::store::outbox::{COLUMNS, OutboxQuery, QueueRow};
use crate::store::rows::MailRow;

/// Every planned mail, by due time then key.
pub(in crate::store) async fn mails(pool: &PgPool) -> Result<Vec<MailRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM outbox ORDER BY due_at, message_id COLLATE \"C\"");
    Ok(sqlx::query_as(&sql).fetch_all(pool).await?)
}

pub(in crate::store) async fn claim_due(
    pool: &PgPool,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u32,
) -> Result<Vec<QueueRow>, StoreError> {
    // One statement, one transaction: the rows are locked (skipping those
    // another claimer holds), then leased. A row leased by a claimer that
    // committed first fails the re-checked WHERE.
    let returning = COLUMNS
        .split(", ")
        .map(|c| format!("outbox.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "WITH due AS (
           SELECT id FROM outbox
           WHERE status = 'pending' AND next_attempt_at <= $1
             AND (lease_until IS NULL OR lease_until <= $1)
           ORDER BY next_attempt_at, id
           LIMIT $3
           FOR UPDATE SKIP LOCKED)
         UPDATE outbox SET lease_until = $2 FROM due WHERE outbox.id = due.id
         RETURNING {returning}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(ts(now))
        .bind(ts(now + lease))
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await?)
}

pub(in crate::store) async fn mark_sent(
    pool: &PgPool,
    id: i64,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let sql = "UPDATE outbox SET status = 'sent', sent_at = $2, attempts = attempts + 1,
                 lease_until = NULL, last_error = NULL
               WHERE id = $1";
    let done = sqlx::query(sql)
        .bind(id)
        .bind(ts(now))
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

pub(in crate::store) async fn mark_failed(
    pool: &PgPool,
    id: i64,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE outbox SET attempts = attempts + 1, lease_until = NULL, last_error = $2,
           status = CASE WHEN $3::timestamptz IS NULL THEN 'dead' ELSE 'pending' END,
           next_attempt_at = COALESCE($3::timestamptz, next_attempt_at)
         WHERE id = $1 AND status = 'pending'",
    )
    .bind(id)
    .bind(error)
    .bind(retry_at.map(ts))
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

pub(in crate::store) async fn mark_skipped(
    pool: &PgPool,
    id: i64,
    note: &str,
) -> Result<u64, StoreError> {
    let sql = "UPDATE outbox SET status = 'skipped', lease_until = NULL, last_error = $2
               WHERE id = $1 AND status = 'pending'";
    let done = sqlx::query(sql).bind(id).bind(note).execute(pool).await?;
    Ok(done.rows_affected())
}

pub(in crate::store) async fn list(
    pool: &PgPool,
    q: &OutboxQuery,
) -> Result<Vec<QueueRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM outbox
         WHERE ($1::text IS NULL OR status = $1)
           AND ($2::timestamptz IS NULL OR due_at >= $2)
           AND ($3::timestamptz IS NULL OR due_at < $3)
         ORDER BY due_at, id
         LIMIT $4"
    );
    Ok(sqlx::query_as(&sql)
        .bind(q.status.as_deref())
        .bind(q.due_from.map(ts))
        .bind(q.due_to.map(ts))
        .bind(q.limit.map(i64::from))
        .fetch_all(pool)
        .await?)
}

pub(in crate::store) async fn row(pool: &PgPool, id: i64) -> Result<Option<QueueRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM outbox WHERE id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?)
}

pub(in crate::store) async fn retry(
    pool: &PgPool,
    id: i64,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let sql = "UPDATE outbox SET status = 'pending', attempts = 0,
                 next_attempt_at = LEAST(due_at, $2), lease_until = NULL
               WHERE id = $1 AND status = 'dead'";
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
    pool: &PgPool,
    now: DateTime<Utc>,
) -> Result<(Vec<(String, i64)>, Option<DateTime<Utc>>), StoreError> {
    let counts = sqlx::query_as("SELECT status, COUNT(*) FROM outbox GROUP BY status")
        .fetch_all(pool)
        .await?;
    let oldest = sqlx::query_scalar(
        "SELECT MIN(next_attempt_at) FROM outbox
         WHERE status = 'pending' AND next_attempt_at <= $1",
    )
    .bind(ts(now))
    .fetch_one(pool)
    .await?;
    Ok((counts, oldest))
}
