//! Groups and API tokens on SQLite.

use chrono::{DateTime, Utc};
use convene_core::{GroupSlug, GroupTree};
use sqlx::Row;

use super::{SqliteStore, ts};
use crate::store::{StoreError, TokenRecord, group_from_json, to_json};

impl SqliteStore {
    pub(in crate::store) async fn groups<'e>(
        e: impl sqlx::Executor<'e, Database = sqlx::Sqlite>,
    ) -> Result<GroupTree, StoreError> {
        let rows = sqlx::query("SELECT slug, input FROM groups ORDER BY position, slug")
            .fetch_all(e)
            .await?;
        let groups = rows
            .iter()
            .map(|r| group_from_json(&r.try_get::<String, _>(0)?, &r.try_get::<String, _>(1)?))
            .collect::<Result<Vec<_>, _>>()?;
        GroupTree::new(groups).map_err(|e| StoreError::Corrupt {
            what: "group tree",
            id: String::new(),
            why: e.to_string(),
        })
    }

    pub(super) async fn save_group(
        &self,
        group: &convene_core::Group,
        create: bool,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let slug = group.slug.as_str();
        let exists: Option<i64> = sqlx::query_scalar("SELECT version FROM groups WHERE slug = ?1")
            .bind(slug)
            .fetch_optional(&mut *tx)
            .await?;
        match (create, exists) {
            (true, Some(_)) => {
                return Err(StoreError::Duplicate {
                    what: "group",
                    id: slug.to_owned(),
                });
            }
            (false, None) => {
                return Err(StoreError::NotFound {
                    what: "group",
                    id: slug.to_owned(),
                });
            }
            _ => {}
        }
        let depth: i64 = match &group.parent {
            Some(p) => {
                sqlx::query_scalar::<_, i64>("SELECT position + 1 FROM groups WHERE slug = ?1")
                    .bind(p.as_str())
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or_else(|| StoreError::NotFound {
                        what: "group",
                        id: p.to_string(),
                    })?
            }
            None => 0,
        };
        let json = to_json(&group.to_input());
        sqlx::query(
            "INSERT INTO groups (slug, parent, position, input, version, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)
             ON CONFLICT (slug) DO UPDATE SET parent = excluded.parent, position = excluded.position,
               input = excluded.input, version = groups.version + 1, updated_at = excluded.updated_at",
        )
        .bind(slug)
        .bind(group.parent.as_ref().map(|p| p.as_str()))
        .bind(depth)
        .bind(&json)
        .bind(ts(now))
        .execute(&mut *tx)
        .await?;
        let action = if create { "create" } else { "update" };
        Self::audit(&mut tx, now, actor, action, ("group", slug), &json).await?;
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn archive_group(
        &self,
        slug: &GroupSlug,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let r = sqlx::query(
            "UPDATE groups SET archived_at = ?2 WHERE slug = ?1 AND archived_at IS NULL",
        )
        .bind(slug.as_str())
        .bind(ts(now))
        .execute(&mut *tx)
        .await?;
        if r.rows_affected() == 0 {
            let exists: Option<String> =
                sqlx::query_scalar("SELECT slug FROM groups WHERE slug = ?1")
                    .bind(slug.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
            return match exists {
                Some(_) => Ok(false),
                None => Err(StoreError::NotFound {
                    what: "group",
                    id: slug.to_string(),
                }),
            };
        }
        Self::audit(
            &mut tx,
            now,
            actor,
            "archive",
            ("group", slug.as_str()),
            "{}",
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    pub(in crate::store) async fn archived_groups<'e>(
        e: impl sqlx::Executor<'e, Database = sqlx::Sqlite>,
    ) -> Result<Vec<GroupSlug>, StoreError> {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT slug FROM groups WHERE archived_at IS NOT NULL ORDER BY slug",
        )
        .fetch_all(e)
        .await?;
        Ok(rows
            .iter()
            .filter_map(|s| GroupSlug::parse(s).ok())
            .collect())
    }

    pub(super) async fn token_by_hash(
        &self,
        hash: &str,
    ) -> Result<Option<TokenRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT id, name, admin, group_slug, secret_hash, created_at, revoked_at FROM api_tokens WHERE secret_hash = ?1",
        )
        .bind(hash)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(Self::token_record).transpose()
    }

    pub(super) async fn create_token(&self, t: &TokenRecord) -> Result<(), StoreError> {
        let r = sqlx::query(
            "INSERT INTO api_tokens (id, name, admin, group_slug, secret_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .bind(&t.id)
        .bind(&t.name)
        .bind(t.admin)
        .bind(t.group.as_ref().map(|g| g.as_str()))
        .bind(&t.secret_hash)
        .bind(ts(t.created_at))
        .execute(&self.pool)
        .await;
        match r {
            Ok(_) => Ok(()),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Err(StoreError::Duplicate {
                    what: "token",
                    id: t.id.clone(),
                })
            }
            Err(e) => Err(e.into()),
        }
    }

    pub(super) async fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, admin, group_slug, secret_hash, created_at, revoked_at FROM api_tokens ORDER BY created_at DESC, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(Self::token_record).collect()
    }

    pub(super) async fn revoke_token(
        &self,
        id: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
        )
        .bind(id)
        .bind(ts(now))
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }
}
