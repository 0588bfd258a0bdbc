//! Meetings on SQLite: listing, reading, creating and updating one.

use convene_core::ItemId;

use super::{SqliteStore, ts};
use crate::store::{MeetingFilter, StoreError, StoredMeeting, to_json};

impl SqliteStore {
    pub(in crate::store) async fn meetings<'e>(
        e: impl sqlx::Executor<'e, Database = sqlx::Sqlite>,
        filter: &MeetingFilter,
    ) -> Result<Vec<StoredMeeting>, StoreError> {
        let groups = filter
            .groups
            .as_ref()
            .map(|g| to_json(&g.iter().map(|s| s.as_str()).collect::<Vec<_>>()));
        let (after_start, after_id) = match &filter.after {
            Some((t, id)) => (Some(ts(*t)), Some(id.clone())),
            None => (None, None),
        };
        let rows = sqlx::query(
            "SELECT id, input, version, updated_at, dropped FROM meetings m
             WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM meeting_groups mg
                    WHERE mg.meeting_id = m.id AND mg.group_slug IN (SELECT value FROM json_each(?1))))
               AND (?2 IS NULL OR m.ends_at > ?2)
               AND (?3 IS NULL OR m.starts_at < ?3)
               AND (?4 IS NULL OR m.status = ?4)
               AND (?5 IS NULL OR m.starts_at > ?5 OR (m.starts_at = ?5 AND m.id > ?6))
             ORDER BY m.starts_at, m.id
             LIMIT ?7",
        )
        .bind(groups)
        .bind(filter.range.map(|r| ts(r.start)))
        .bind(filter.range.map(|r| ts(r.end)))
        .bind(filter.status.map(|s| s.as_str()))
        .bind(after_start)
        .bind(after_id)
        .bind(filter.limit.map_or(-1, i64::from))
        .fetch_all(e)
        .await?;
        rows.iter().map(Self::stored_meeting).collect()
    }

    pub(in crate::store) async fn meeting<'e>(
        e: impl sqlx::Executor<'e, Database = sqlx::Sqlite>,
        id: &ItemId,
    ) -> Result<Option<StoredMeeting>, StoreError> {
        let row = sqlx::query(
            "SELECT id, input, version, updated_at, dropped FROM meetings WHERE id = ?1",
        )
        .bind(id.as_str())
        .fetch_optional(e)
        .await?;
        row.as_ref().map(Self::stored_meeting).transpose()
    }
}
