//! Idempotency keys on PostgreSQL: reserving, finishing and releasing one.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{PgStore, ts};
use crate::store::{Idempotency, StoreError};

impl PgStore {
    pub(super) async fn idempotency_begin(
        &self,
        token_id: &str,
        key: &str,
        request_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Idempotency, StoreError> {
        // Of two concurrent begins, one inserts; the other waits for it to
        // commit, inserts nothing, and reads the row. A row aborted between
        // the two statements is tried again.
        for _ in 0..3 {
            let inserted = sqlx::query(
                "INSERT INTO idempotency_keys (token_id, key, request_hash, response_status, response_body, created_at)
                 VALUES ($1, $2, $3, 0, '', $4)
                 ON CONFLICT (token_id, key) DO NOTHING",
            )
            .bind(token_id)
            .bind(key)
            .bind(request_hash)
            .bind(ts(now))
            .execute(&self.pool)
            .await?;
            if inserted.rows_affected() == 1 {
                return Ok(Idempotency::Proceed);
            }
            let row = sqlx::query(
                "SELECT request_hash, response_status, response_body FROM idempotency_keys
                 WHERE token_id = $1 AND key = $2",
            )
            .bind(token_id)
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
            let Some(r) = row else { continue };
            let hash: String = r.try_get(0)?;
            let status: i32 = r.try_get(1)?;
            return Ok(if hash != request_hash {
                Idempotency::Mismatch
            } else if status == 0 {
                Idempotency::InProgress
            } else {
                Idempotency::Replay {
                    status: u16::try_from(status).unwrap_or(500),
                    body: r.try_get(2)?,
                }
            });
        }
        // The key keeps being taken and released: someone is on it.
        Ok(Idempotency::InProgress)
    }

    pub(super) async fn idempotency_finish(
        &self,
        token_id: &str,
        key: &str,
        status: u16,
        body: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE idempotency_keys SET response_status = $3, response_body = $4
             WHERE token_id = $1 AND key = $2",
        )
        .bind(token_id)
        .bind(key)
        .bind(i32::from(status))
        .bind(body)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub(super) async fn idempotency_abort(
        &self,
        token_id: &str,
        key: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE token_id = $1 AND key = $2 AND response_status = 0",
        )
        .bind(token_id)
        .bind(key)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
