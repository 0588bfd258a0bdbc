//! Write rate limits (postgres): a token's bucket is created full if missing,
//! read, updated by [`rate_limit::take`] and written back in one
//! transaction; the row lock (`FOR UPDATE`) makes concurrent writes of one token, on any replica, wait for each other.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use crate::store::StoreError;
use crate::store::rate_limit::{self, Bucket};
use crate::store::rows::BucketRow;

/// Takes one of `token`'s writes at `now`, or says how long to wait.
pub(in crate::store) async fn take_write(
    pool: &PgPool,
    token: &str,
    per_minute: u32,
    now: DateTime<Utc>,
) -> Result<Result<(), Duration>, StoreError> {
    let mut tx = pool.begin().await?;
    let full = Bucket::full(per_minute, now);
    sqlx::query("INSERT INTO write_rate_buckets (token_id, tokens, refilled_at_ms) VALUES ($1, $2, $3) ON CONFLICT (token_id) DO NOTHING")
        .bind(token)
        .bind(full.tokens)
        .bind(full.refilled_at_ms)
        .execute(&mut *tx)
        .await?;
    let row: BucketRow = sqlx::query_as(
        "SELECT tokens, refilled_at_ms FROM write_rate_buckets WHERE token_id = $1 FOR UPDATE",
    )
    .bind(token)
    .fetch_one(&mut *tx)
    .await?;
    let (bucket, verdict) = rate_limit::take(row.into_bucket(), per_minute, now);
    sqlx::query(
        "UPDATE write_rate_buckets SET tokens = $1, refilled_at_ms = $2 WHERE token_id = $3",
    )
    .bind(bucket.tokens)
    .bind(bucket.refilled_at_ms)
    .bind(token)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(verdict)
}
