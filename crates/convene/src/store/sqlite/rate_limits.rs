//! Write rate limits (sqlite): a token's bucket is created full if missing,
//! read, updated by [`rate_limit::take`] and written back in one
//! transaction; SQLite's one write lock (`BEGIN IMMEDIATE`) serializes the writers.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

use crate::store::StoreError;
use crate::store::rate_limit::{self, Bucket};
use crate::store::rows::BucketRow;

/// Takes one of `token`'s writes at `now`, or says how long to wait.
pub(in crate::store) async fn take_write(
    pool: &SqlitePool,
    token: &str,
    per_minute: u32,
    now: DateTime<Utc>,
) -> Result<Result<(), Duration>, StoreError> {
    let mut tx = super::begin(pool).await?;
    let full = Bucket::full(per_minute, now);
    sqlx::query("INSERT INTO write_rate_buckets (token_id, tokens, refilled_at_ms) VALUES (?, ?, ?) ON CONFLICT (token_id) DO NOTHING")
        .bind(token)
        .bind(full.tokens)
        .bind(full.refilled_at_ms)
        .execute(&mut *tx)
        .await?;
    let row: BucketRow =
        sqlx::query_as("SELECT tokens, refilled_at_ms FROM write_rate_buckets WHERE token_id = ?")
            .bind(token)
            .fetch_one(&mut *tx)
            .await?;
    let (bucket, verdict) = rate_limit::take(row.into_bucket(), per_minute, now);
    sqlx::query("UPDATE write_rate_buckets SET tokens = ?, refilled_at_ms = ? WHERE token_id = ?")
        .bind(bucket.tokens)
        .bind(bucket.refilled_at_ms)
        .bind(token)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(verdict)
}
