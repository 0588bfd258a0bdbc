//! Deadlines on PostgreSQL: listing, reading, saving and deleting one.

use convene_core::{GroupSlug, ItemId};

use super::PgStore;
use crate::store::{StoreError, StoredDeadline};

impl PgStore {
    pub(in crate::store) async fn deadlines<'e>(
        e: impl sqlx::Executor<'e, Database = sqlx::Postgres>,
        meetings: &[ItemId],
        groups: &[GroupSlug],
    ) -> Result<Vec<StoredDeadline>, StoreError> {
        let m: Vec<String> = meetings.iter().map(|s| s.as_str().to_owned()).collect();
        let g: Vec<String> = groups.iter().map(|s| s.as_str().to_owned()).collect();
        let rows = sqlx::query(
            "SELECT id, input, version, updated_at FROM deadlines
             WHERE meeting_id = ANY($1) OR group_slug = ANY($2)
             ORDER BY closes_at, id COLLATE \"C\"",
        )
        .bind(m)
        .bind(g)
        .fetch_all(e)
        .await?;
        rows.iter().map(Self::stored_deadline).collect()
    }

    pub(in crate::store) async fn deadline<'e>(
        e: impl sqlx::Executor<'e, Database = sqlx::Postgres>,
        id: &ItemId,
    ) -> Result<Option<StoredDeadline>, StoreError> {
        let row = sqlx::query("SELECT id, input, version, updated_at FROM deadlines WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(e)
            .await?;
        row.as_ref().map(Self::stored_deadline).transpose()
    }
}
