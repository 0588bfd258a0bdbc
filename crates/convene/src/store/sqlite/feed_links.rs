//! Private feed links on sqlite (`feed_links`).

use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

use super::ts;
use crate::store::StoreError;
use crate::store::feed_links::{COLUMNS, FeedLink, FeedLinkRow, groups_json};

pub(in crate::store) async fn create(pool: &SqlitePool, l: &FeedLink) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO feed_links (id, label, secret_hash, groups, subgroups, include_cancelled, created_by, email, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .bind(&l.id)
    .bind(&l.label)
    .bind(&l.secret_hash)
    .bind(groups_json(l))
    .bind(l.subgroups)
    .bind(l.include_cancelled)
    .bind(&l.created_by)
    .bind(l.email.as_deref())
    .bind(ts(l.created_at))
    .execute(pool)
    .await?;
    Ok(())
}

pub(in crate::store) async fn by_hash(
    pool: &SqlitePool,
    hash: &str,
) -> Result<Option<FeedLinkRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM feed_links WHERE secret_hash = ?1");
    Ok(sqlx::query_as(&sql).bind(hash).fetch_optional(pool).await?)
}

pub(in crate::store) async fn by_id(
    pool: &SqlitePool,
    id: &str,
) -> Result<Option<FeedLinkRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM feed_links WHERE id = ?1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?)
}

pub(in crate::store) async fn all(pool: &SqlitePool) -> Result<Vec<FeedLinkRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM feed_links ORDER BY created_at DESC, id");
    Ok(sqlx::query_as(&sql).fetch_all(pool).await?)
}

pub(in crate::store) async fn revoke(
    pool: &SqlitePool,
    id: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let sql = "UPDATE feed_links SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL";
    let r = sqlx::query(sql)
        .bind(id)
        .bind(ts(now))
        .execute(pool)
        .await?;
    Ok(r.rows_affected() == 1)
}
