//! Groups and API tokens on PostgreSQL. Group writes run in a
//! [`crate::store::WriteTx`] and lock the rows they depend on.

use chrono::{DateTime, Utc};
use convene_core::{Group, GroupSlug};
use sqlx::{Executor, PgPool, Postgres};

use super::tx::Tx;
use super::{position, ts};
use crate::store::rows::TokenRow;
use crate::store::tx::GroupWrite;
use crate::store::{StoreError, TokenRecord};

/// The group's version, if it exists. An update locks the row first; a
/// creation that loses a race finds the row in [`write_group`].
pub(in crate::store) async fn group_version(
    t: &mut Tx,
    slug: &str,
    for_update: bool,
) -> Result<Option<i64>, StoreError> {
    let sql = if for_update {
        "SELECT version FROM groups WHERE slug = $1 FOR UPDATE"
    } else {
        "SELECT version FROM groups WHERE slug = $1"
    };
    Ok(sqlx::query_scalar(sql)
        .bind(slug)
        .fetch_optional(&mut **t)
        .await?)
}

/// One more than the group's depth, if it exists. The row is locked
/// (shared) so that the depth holds until commit.
pub(in crate::store) async fn child_depth(
    t: &mut Tx,
    parent: &GroupSlug,
) -> Result<Option<i64>, StoreError> {
    let sql = "SELECT position + 1 FROM groups WHERE slug = $1 FOR SHARE";
    let depth: Option<i32> = sqlx::query_scalar(sql)
        .bind(parent.as_str())
        .fetch_optional(&mut **t)
        .await?;
    Ok(depth.map(i64::from))
}

/// Writes the group's row; true when a row was written. A concurrent
/// creation of the same slug makes a creation wait, then write nothing; an
/// import (which holds the `groups` table) creates or replaces, and keeps
/// what it wrote.
pub(in crate::store) async fn write_group(
    t: &mut Tx,
    group: &Group,
    how: GroupWrite,
    depth: i64,
    json: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let sql = match how {
        GroupWrite::Create => {
            "INSERT INTO groups (slug, parent, position, input, language, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $6, 1, $5, $5)
             ON CONFLICT (slug) DO NOTHING"
        }
        GroupWrite::Update => {
            "UPDATE groups SET parent = $2, position = $3, input = $4, language = $6,
               version = version + 1, updated_at = $5
             WHERE slug = $1"
        }
        GroupWrite::Import => {
            "INSERT INTO groups (slug, parent, position, input, imported_input, language, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $4, $6, 1, $5, $5)
             ON CONFLICT (slug) DO UPDATE SET parent = excluded.parent, position = excluded.position,
               input = excluded.input, imported_input = excluded.input, language = excluded.language,
               version = groups.version + 1,
               updated_at = excluded.updated_at"
        }
    };
    let r = sqlx::query(sql)
        .bind(group.slug.as_str())
        .bind(group.parent.as_ref().map(GroupSlug::as_str))
        .bind(position(depth))
        .bind(json)
        .bind(ts(now))
        .bind(group.language.map(|l| l.code()))
        .execute(&mut **t)
        .await?;
    Ok(r.rows_affected() > 0)
}

/// Archives a group that is not archived yet; true when it did.
pub(in crate::store) async fn archive_group(
    t: &mut Tx,
    slug: &GroupSlug,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let sql = "UPDATE groups SET archived_at = $2 WHERE slug = $1 AND archived_at IS NULL";
    let r = sqlx::query(sql)
        .bind(slug.as_str())
        .bind(ts(now))
        .execute(&mut **t)
        .await?;
    Ok(r.rows_affected() > 0)
}

const TOKEN: &str =
    "SELECT id, name, admin, group_slug, secret_hash, created_at, revoked_at FROM api_tokens";

pub(in crate::store) async fn token_by_hash(
    pool: &PgPool,
    hash: &str,
) -> Result<Option<TokenRow>, StoreError> {
    let sql = format!("{TOKEN} WHERE secret_hash = $1");
    let query = sqlx::query_as(&sql).bind(hash);
    Ok(query.fetch_optional(pool).await?)
}

pub(in crate::store) async fn tokens(pool: &PgPool) -> Result<Vec<TokenRow>, StoreError> {
    let sql = format!("{TOKEN} ORDER BY created_at DESC, id COLLATE \"C\"");
    Ok(sqlx::query_as(&sql).fetch_all(pool).await?)
}

pub(in crate::store) async fn create_token<'e>(
    e: impl Executor<'e, Database = Postgres>,
    t: &TokenRecord,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO api_tokens (id, name, admin, group_slug, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&t.id)
    .bind(&t.name)
    .bind(t.admin)
    .bind(t.group.as_ref().map(GroupSlug::as_str))
    .bind(&t.secret_hash)
    .bind(ts(t.created_at))
    .execute(e)
    .await?;
    Ok(())
}

/// Marks a token revoked; true when it was there and not revoked yet.
pub(in crate::store) async fn revoke_token(
    pool: &PgPool,
    id: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let sql = "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";
    let r = sqlx::query(sql)
        .bind(id)
        .bind(ts(now))
        .execute(pool)
        .await?;
    Ok(r.rows_affected() == 1)
}
