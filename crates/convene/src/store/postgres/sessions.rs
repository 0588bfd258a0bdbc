//! Organizer sessions on postgres (`organizer_sessions`).

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::ts;
use crate::store::StoreError;
use crate::store::rows::TokenRow;

pub(in crate::store) async fn create(
    pool: &PgPool,
    id_hash: &str,
    token_id: &str,
    now: DateTime<Utc>,
    expires: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM organizer_sessions WHERE expires_at <= $1")
        .bind(ts(now))
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO organizer_sessions (id_hash, token_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(id_hash)
    .bind(token_id)
    .bind(ts(now))
    .bind(ts(expires))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(in crate::store) async fn token(
    pool: &PgPool,
    id_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<TokenRow>, StoreError> {
    let sql = "SELECT t.id, t.name, t.admin, t.group_slug, t.secret_hash, t.created_at, t.revoked_at                FROM organizer_sessions s JOIN api_tokens t ON t.id = s.token_id                WHERE s.id_hash = $1 AND s.expires_at > $2";
    Ok(sqlx::query_as(sql)
        .bind(id_hash)
        .bind(ts(now))
        .fetch_optional(pool)
        .await?)
}

pub(in crate::store) async fn delete(pool: &PgPool, id_hash: &str) -> Result<bool, StoreError> {
    let r = sqlx::query("DELETE FROM organizer_sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(pool)
        .await?;
    Ok(r.rows_affected() > 0)
}
