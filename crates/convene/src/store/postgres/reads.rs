//! What the schedule reads, on PostgreSQL: meetings, deadlines, groups,
//! the change stamp. Lists of ids or slugs are bound as `text[]`; ids are
//! ordered and compared bytewise (`COLLATE "C"`).

use chrono::{DateTime, Utc};
use convene_core::{GroupSlug, GroupTree, ItemId};
use sqlx::{Executor, Postgres};

use super::ts;
use crate::store::rows::{
    self, At, DeadlineRow, DigestedMeetingRow, GroupRow, MeetingRow, MeetingStampRow,
};
use crate::store::{MeetingFilter, Stamp, StoreError, StoredDeadline, StoredMeeting};

fn text_array<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    items.into_iter().map(str::to_owned).collect()
}

pub(in crate::store) async fn meetings<'e>(
    e: impl Executor<'e, Database = Postgres>,
    filter: &MeetingFilter,
) -> Result<Vec<StoredMeeting>, StoreError> {
    rows::all(meeting_rows(e, filter).await?, MeetingRow::into_stored)
}

/// The rows of [`meetings`], not yet parsed.
pub(in crate::store) async fn meeting_rows<'e>(
    e: impl Executor<'e, Database = Postgres>,
    filter: &MeetingFilter,
) -> Result<Vec<MeetingRow>, StoreError> {
    let groups = filter
        .groups
        .as_ref()
        .map(|g| text_array(g.iter().map(GroupSlug::as_str)));
    let after = filter.after.as_ref();
    // With groups, the search starts from each group's rows of
    // `meeting_groups` that end after the range starts (one index range per
    // group), so what other groups hold costs nothing; without, from the
    // meetings' span index. The cursor compares ids as they are ordered:
    // bytewise.
    let by_group = "m.id IN (SELECT mg.meeting_id FROM meeting_groups mg
                WHERE mg.group_slug = ANY($1)
                  AND mg.ends_at > COALESCE($2::timestamptz, '-infinity'::timestamptz)
                  AND mg.ends_at <= COALESCE($8::timestamptz, 'infinity'::timestamptz))";
    let order = if filter.newest_first {
        "m.starts_at DESC, m.id COLLATE \"C\" DESC"
    } else {
        "m.starts_at, m.id COLLATE \"C\""
    };
    let sql = format!(
        "SELECT id, input, version, updated_at, dropped FROM meetings m
         WHERE {}
           AND ($2::timestamptz IS NULL OR m.ends_at > $2)
           AND ($3::timestamptz IS NULL OR m.starts_at < $3)
           AND ($4::text IS NULL OR m.status = $4)
           AND ($5::timestamptz IS NULL OR m.starts_at > $5
                OR (m.starts_at = $5 AND m.id COLLATE \"C\" > $6::text COLLATE \"C\"))
           AND ($8::timestamptz IS NULL OR m.ends_at <= $8)
         ORDER BY {order}
         LIMIT $7::bigint OFFSET $9::bigint",
        if groups.is_some() {
            by_group
        } else {
            "$1::text[] IS NULL"
        }
    );
    let found: Vec<MeetingRow> = sqlx::query_as(&sql)
        .bind(groups)
        .bind(filter.range.map(|r| ts(r.start)))
        .bind(filter.range.map(|r| ts(r.end)))
        .bind(filter.status.map(|s| s.as_str()))
        .bind(after.map(|(t, _)| ts(*t)))
        .bind(after.map(|(_, id)| id.as_str()))
        .bind(filter.limit.map(i64::from))
        .bind(filter.ended_by.map(ts))
        .bind(filter.offset.map(i64::from))
        .fetch_all(e)
        .await?;
    Ok(found)
}

/// A feed's window: the ids and digests of the meetings of `groups` that
/// end after `since` (in no order, a meeting of several of them once or
/// more), read from `meeting_groups` alone (its index
/// `meeting_groups_window` holds them); and the deadlines of these
/// meetings and of the groups, by closing time.
pub(in crate::store) async fn window(
    c: &mut sqlx::PgConnection,
    groups: &[GroupSlug],
    since: Option<DateTime<Utc>>,
) -> Result<(Vec<MeetingStampRow>, Vec<DeadlineRow>), StoreError> {
    let groups = text_array(groups.iter().map(GroupSlug::as_str));
    let since = since.map(ts);
    let stamps = sqlx::query_as(
        "SELECT meeting_id, digest FROM meeting_groups
          WHERE group_slug = ANY($1)
            AND ends_at > COALESCE($2::timestamptz, '-infinity'::timestamptz)",
    )
    .bind(&groups)
    .bind(since)
    .fetch_all(&mut *c)
    .await?;
    // A deadline of a meeting in two of the groups comes twice: dropped
    // in `FeedReader::window`.
    let deadlines = sqlx::query_as(
        "SELECT id, input, version, updated_at FROM (
           SELECT d.id, d.input, d.version, d.updated_at, d.closes_at
             FROM meeting_groups mg JOIN deadlines d ON d.meeting_id = mg.meeting_id
            WHERE mg.group_slug = ANY($1)
              AND mg.ends_at > COALESCE($2::timestamptz, '-infinity'::timestamptz)
           UNION ALL
           SELECT id, input, version, updated_at, closes_at FROM deadlines WHERE group_slug = ANY($1)
         ) w
         ORDER BY closes_at, id COLLATE \"C\"",
    )
    .bind(&groups)
    .bind(since)
    .fetch_all(&mut *c)
    .await?;
    Ok((stamps, deadlines))
}

/// These meetings' rows with their digests (in no order; an id not stored
/// is left out).
pub(in crate::store) async fn meetings_by_id<'e>(
    e: impl Executor<'e, Database = Postgres>,
    ids: &[&str],
) -> Result<Vec<DigestedMeetingRow>, StoreError> {
    let sql =
        "SELECT id, input, version, updated_at, dropped, digest FROM meetings WHERE id = ANY($1)";
    let ids = text_array(ids.iter().copied());
    Ok(sqlx::query_as(sql).bind(ids).fetch_all(e).await?)
}

pub(in crate::store) async fn meeting<'e>(
    e: impl Executor<'e, Database = Postgres>,
    id: &ItemId,
) -> Result<Option<StoredMeeting>, StoreError> {
    let sql = "SELECT id, input, version, updated_at, dropped FROM meetings WHERE id = $1";
    let found: Option<MeetingRow> = sqlx::query_as(sql)
        .bind(id.as_str())
        .fetch_optional(e)
        .await?;
    found.map(MeetingRow::into_stored).transpose()
}

/// The deadlines of these meetings and of these groups (all deadlines
/// when both are `None`), by closing time.
pub(in crate::store) async fn deadlines<'e>(
    e: impl Executor<'e, Database = Postgres>,
    owners: Option<(&[&str], &[GroupSlug])>,
) -> Result<Vec<StoredDeadline>, StoreError> {
    let lists = owners.map(|(m, g)| {
        let m = text_array(m.iter().copied());
        (m, text_array(g.iter().map(GroupSlug::as_str)))
    });
    let (m, g) = lists.unzip();
    let sql = if m.is_some() {
        "SELECT id, input, version, updated_at FROM deadlines
         WHERE meeting_id = ANY($1) OR group_slug = ANY($2)
         ORDER BY closes_at, id COLLATE \"C\""
    } else {
        "SELECT id, input, version, updated_at FROM deadlines
         WHERE $1::text[] IS NULL AND $2::text[] IS NULL
         ORDER BY closes_at, id COLLATE \"C\""
    };
    let found: Vec<DeadlineRow> = sqlx::query_as(sql).bind(m).bind(g).fetch_all(e).await?;
    rows::all(found, DeadlineRow::into_stored)
}

pub(in crate::store) async fn deadline<'e>(
    e: impl Executor<'e, Database = Postgres>,
    id: &ItemId,
) -> Result<Option<StoredDeadline>, StoreError> {
    let sql = "SELECT id, input, version, updated_at FROM deadlines WHERE id = $1";
    let found: Option<DeadlineRow> = sqlx::query_as(sql)
        .bind(id.as_str())
        .fetch_optional(e)
        .await?;
    found.map(DeadlineRow::into_stored).transpose()
}

pub(in crate::store) async fn groups<'e>(
    e: impl Executor<'e, Database = Postgres>,
) -> Result<GroupTree, StoreError> {
    rows::group_tree(group_rows(e).await?)
}

/// The groups' rows, in tree order (parents first).
pub(in crate::store) async fn group_rows<'e>(
    e: impl Executor<'e, Database = Postgres>,
) -> Result<Vec<GroupRow>, StoreError> {
    let sql = "SELECT slug, input FROM groups ORDER BY position, slug COLLATE \"C\"";
    Ok(sqlx::query_as(sql).fetch_all(e).await?)
}

pub(in crate::store) async fn archived_groups<'e>(
    e: impl Executor<'e, Database = Postgres>,
) -> Result<Vec<GroupSlug>, StoreError> {
    let sql = "SELECT slug FROM groups WHERE archived_at IS NOT NULL ORDER BY slug COLLATE \"C\"";
    Ok(rows::slugs(sqlx::query_scalar(sql).fetch_all(e).await?))
}

pub(in crate::store) async fn stamp<'e>(
    e: impl Executor<'e, Database = Postgres>,
) -> Result<Stamp, StoreError> {
    let sql = "SELECT id, at FROM audit_log ORDER BY id DESC LIMIT 1";
    let newest: Option<(i64, At)> = sqlx::query_as(sql).fetch_optional(e).await?;
    rows::stamp(newest)
}

/// One list's notice of a batch: its entries (JSON), if it exists.
pub(in crate::store) async fn batch_notice<'e>(
    e: impl Executor<'e, Database = Postgres>,
    id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT entries FROM batch_notices WHERE id = $1")
            .bind(id)
            .fetch_optional(e)
            .await?,
    )
}
