//! Deadlines on SQLite: listing, reading, saving and deleting one.

use convene_core::{GroupSlug, ItemId};

use super::SqliteStore;
use crate::store::{StoreError, StoredDeadline, to_json};

impl SqliteStore {
    pub(in crate::store) async fn deadlines<'e>(
        e: impl sqlx::Executor<'e, Database = sqlx::Sqlite>,
        meetings: &[ItemId],
        groups: &[GroupSlug],
    ) -> Result<Vec<StoredDeadline>, StoreError> {
        let m = to_json(&meetings.iter().map(|s| s.as_str()).collect::<Vec<_>>());
        let g = to_json(&groups.iter().map(|s| s.as_str()).collect::<Vec<_>>());
        let rows = sqlx::query(
            "SELECT id, input, version, updated_at FROM deadlines
             WHERE meeting_id IN (SELECT value FROM json_each(?1))
                OR group_slug IN (SELECT value FROM json_each(?2))
             ORDER BY closes_at, id",
        )
        .bind(m)
        .bind(g)
        .fetch_all(e)
        .await?;
        rows.iter().map(Self::stored_deadline).collect()
    }

    pub(in crate::store) async fn deadline<'e>(
        e: impl sqlx::Executor<'e, Database = sqlx::Sqlite>,
        id: &ItemId,
    ) -> Result<Option<StoredDeadline>, StoreError> {
        let row = sqlx::query("SELECT id, input, version, updated_at FROM deadlines WHERE id = ?1")
            .bind(id.as_str())
            .fetch_optional(e)
            .await?;
        row.as_ref().map(Self::stored_deadline).transpose()
    }
}
