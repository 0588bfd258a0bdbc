//! Meetings on PostgreSQL: listing, reading, creating and updating one.

use convene_core::ItemId;

use super::{PgStore, ts};
use crate::store::{MeetingFilter, StoreError, StoredMeeting};

impl PgStore {
    pub(in crate::store) async fn meetings<'e>(
        e: impl sqlx::Executor<'e, Database = sqlx::Postgres>,
        filter: &MeetingFilter,
    ) -> Result<Vec<StoredMeeting>, StoreError> {
        let groups: Option<Vec<String>> = filter
            .groups
            .as_ref()
            .map(|g| g.iter().map(|s| s.as_str().to_owned()).collect());
        let (after_start, after_id) = match &filter.after {
            Some((t, id)) => (Some(ts(*t)), Some(id.as_str())),
            None => (None, None),
        };
        // The cursor compares ids as they are ordered: bytewise.
        let rows = sqlx::query(
            "SELECT id, input, version, updated_at, dropped FROM meetings m
             WHERE ($1::text[] IS NULL OR EXISTS (SELECT 1 FROM meeting_groups mg
                    WHERE mg.meeting_id = m.id AND mg.group_slug = ANY($1)))
               AND ($2::timestamptz IS NULL OR m.ends_at > $2)
               AND ($3::timestamptz IS NULL OR m.starts_at < $3)
               AND ($4::text IS NULL OR m.status = $4)
               AND ($5::timestamptz IS NULL OR m.starts_at > $5
                    OR (m.starts_at = $5 AND m.id COLLATE \"C\" > $6::text COLLATE \"C\"))
             ORDER BY m.starts_at, m.id COLLATE \"C\"
             LIMIT $7::bigint",
        )
        .bind(groups)
        .bind(filter.range.map(|r| ts(r.start)))
        .bind(filter.range.map(|r| ts(r.end)))
        .bind(filter.status.map(|s| s.as_str()))
        .bind(after_start)
        .bind(after_id)
        .bind(filter.limit.map(i64::from))
        .fetch_all(e)
        .await?;
        rows.iter().map(Self::stored_meeting).collect()
    }

    pub(in crate::store) async fn meeting<'e>(
        e: impl sqlx::Executor<'e, Database = sqlx::Postgres>,
        id: &ItemId,
    ) -> Result<Option<StoredMeeting>, StoreError> {
        let row = sqlx::query(
            "SELECT id, input, version, updated_at, dropped FROM meetings WHERE id = $1",
        )
        .bind(id.as_str())
        .fetch_optional(e)
        .await?;
        row.as_ref().map(Self::stored_meeting).transpose()
    }
}
