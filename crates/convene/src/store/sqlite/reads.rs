//! What the schedule reads, on SQLite: meetings, deadlines, groups, the
//! change stamp. Lists of ids or slugs are bound as one JSON array and
//! unpacked with `json_each`.

use chrono::{DateTime, Utc};
use convene_core::{GroupSlug, GroupTree, ItemId};
use sqlx::{Executor, Sqlite};

use super::ts;
use crate::store::rows::{
    self, At, DeadlineRow, DigestedMeetingRow, GroupRow, MeetingRow, MeetingStampRow,
};
use crate::store::{MeetingFilter, Stamp, StoreError, StoredDeadline, StoredMeeting, to_json};

fn json_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    to_json(&items.into_iter().collect::<Vec<_>>())
}

pub(in crate::store) async fn meetings<'e>(
    e: impl Executor<'e, Database = Sqlite>,
    filter: &MeetingFilter,
) -> Result<Vec<StoredMeeting>, StoreError> {
    rows::all(meeting_rows(e, filter).await?, MeetingRow::into_stored)
}

/// The rows of [`meetings`], not yet parsed.
pub(in crate::store) async fn meeting_rows<'e>(
    e: impl Executor<'e, Database = Sqlite>,
    filter: &MeetingFilter,
) -> Result<Vec<MeetingRow>, StoreError> {
    let groups = filter
        .groups
        .as_ref()
        .map(|g| json_list(g.iter().map(GroupSlug::as_str)));
    let after = filter.after.as_ref();
    // With groups, the search starts from each group's rows of
    // `meeting_groups` that end after the range starts (one index range per
    // group), so what other groups hold costs nothing; without, from the
    // meetings' span index.
    let by_group = "m.id IN (SELECT mg.meeting_id FROM meeting_groups mg
                WHERE mg.group_slug IN (SELECT value FROM json_each(?1))
                  AND mg.ends_at > COALESCE(?2, '')
                  AND mg.ends_at <= COALESCE(?8, '9999-12-31T23:59:59Z'))";
    let order = if filter.newest_first {
        "m.starts_at DESC, m.id DESC"
    } else {
        "m.starts_at, m.id"
    };
    let sql = format!(
        "SELECT id, input, version, updated_at, dropped FROM meetings m
         WHERE {}
           AND (?2 IS NULL OR m.ends_at > ?2)
           AND (?3 IS NULL OR m.starts_at < ?3)
           AND (?4 IS NULL OR m.status = ?4)
           AND (?5 IS NULL OR m.starts_at > ?5 OR (m.starts_at = ?5 AND m.id > ?6))
           AND (?8 IS NULL OR m.ends_at <= ?8)
         ORDER BY {order}
         LIMIT ?7 OFFSET ?9",
        if groups.is_some() {
            by_group
        } else {
            "?1 IS NULL"
        }
    );
    let found: Vec<MeetingRow> = sqlx::query_as(&sql)
        .bind(groups)
        .bind(filter.range.map(|r| ts(r.start)))
        .bind(filter.range.map(|r| ts(r.end)))
        .bind(filter.status.map(|s| s.as_str()))
        .bind(after.map(|(t, _)| ts(*t)))
        .bind(after.map(|(_, id)| id.as_str()))
        .bind(filter.limit.map_or(-1, i64::from))
        .bind(filter.ended_by.map(ts))
        .bind(filter.offset.map_or(0, i64::from))
        .fetch_all(e)
        .await?;
    Ok(found)
}

/// A feed's window: the ids and digests of the meetings of `groups` that
/// end after `since` (in no order, a meeting of several of them once or
/// more), read from `meeting_groups` alone (its index
/// `meeting_groups_window` holds them); and the deadlines of these
/// meetings and of the groups, by closing time.
///
/// One statement giving one row of two JSON arrays: sqlx-sqlite hands each
/// row from its connection's thread to the task through a channel, waking
/// the task for each, and each statement costs a round trip; for a window
/// of a few hundred meetings, rows one by one cost several times what
/// SQLite's work does.
pub(in crate::store) async fn window<'e>(
    e: impl Executor<'e, Database = Sqlite>,
    groups: &[GroupSlug],
    since: Option<DateTime<Utc>>,
) -> Result<(Vec<MeetingStampRow>, Vec<DeadlineRow>), StoreError> {
    // The groups as a list of parameters (a statement kept prepared for
    // each length), which SQLite searches without building a table of
    // them; the meetings' deadlines found from the window's rows, each
    // meeting's through its index (a deadline of a meeting in two of the
    // groups comes twice: dropped in `FeedReader::window`).
    let list = (0..groups.len())
        .map(|i| format!("?{}", i + 2))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT
          (SELECT json_group_array(json_array(meeting_id, digest)) FROM meeting_groups
            WHERE group_slug IN ({list}) AND ends_at > ?1),
          (SELECT json_group_array(json_array(id, input, version, updated_at) ORDER BY closes_at, id)
             FROM (SELECT d.id, d.input, d.version, d.updated_at, d.closes_at
                     FROM meeting_groups mg CROSS JOIN deadlines d ON d.meeting_id = mg.meeting_id
                    WHERE mg.group_slug IN ({list}) AND mg.ends_at > ?1
                   UNION ALL
                   SELECT id, input, version, updated_at, closes_at FROM deadlines
                    WHERE group_slug IN ({list})))"
    );
    let mut q = sqlx::query_as(&sql).bind(since.map(ts).unwrap_or_default());
    for g in groups {
        q = q.bind(g.as_str());
    }
    let (stamps, deadlines): (String, String) = q.fetch_one(e).await?;
    Ok((
        rows::stamp_rows_from_json(&stamps)?,
        rows::deadline_rows_from_json(&deadlines)?,
    ))
}

/// These meetings' rows with their digests (in no order; an id not stored
/// is left out).
pub(in crate::store) async fn meetings_by_id<'e>(
    e: impl Executor<'e, Database = Sqlite>,
    ids: &[&str],
) -> Result<Vec<DigestedMeetingRow>, StoreError> {
    let sql = "SELECT id, input, version, updated_at, dropped, digest FROM meetings WHERE id IN (SELECT value FROM json_each(?1))";
    let ids = json_list(ids.iter().copied());
    Ok(sqlx::query_as(sql).bind(ids).fetch_all(e).await?)
}

pub(in crate::store) async fn meeting<'e>(
    e: impl Executor<'e, Database = Sqlite>,
    id: &ItemId,
) -> Result<Option<StoredMeeting>, StoreError> {
    let sql = "SELECT id, input, version, updated_at, dropped FROM meetings WHERE id = ?1";
    let found: Option<MeetingRow> = sqlx::query_as(sql)
        .bind(id.as_str())
        .fetch_optional(e)
        .await?;
    found.map(MeetingRow::into_stored).transpose()
}

/// The deadlines of these meetings and of these groups (all deadlines
/// when both are `None`), by closing time.
pub(in crate::store) async fn deadlines<'e>(
    e: impl Executor<'e, Database = Sqlite>,
    owners: Option<(&[&str], &[GroupSlug])>,
) -> Result<Vec<StoredDeadline>, StoreError> {
    let lists = owners.map(|(m, g)| {
        let m = json_list(m.iter().copied());
        (m, json_list(g.iter().map(GroupSlug::as_str)))
    });
    let (m, g) = lists.unzip();
    // Each owner list is searched through its own index.
    let sql = if m.is_some() {
        "SELECT id, input, version, updated_at FROM deadlines
         WHERE id IN (SELECT id FROM deadlines WHERE meeting_id IN (SELECT value FROM json_each(?1))
                      UNION ALL
                      SELECT id FROM deadlines WHERE group_slug IN (SELECT value FROM json_each(?2)))
         ORDER BY closes_at, id"
    } else {
        "SELECT id, input, version, updated_at FROM deadlines
         WHERE ?1 IS NULL AND ?2 IS NULL
         ORDER BY closes_at, id"
    };
    let found: Vec<DeadlineRow> = sqlx::query_as(sql).bind(m).bind(g).fetch_all(e).await?;
    rows::all(found, DeadlineRow::into_stored)
}

pub(in crate::store) async fn deadline<'e>(
    e: impl Executor<'e, Database = Sqlite>,
    id: &ItemId,
) -> Result<Option<StoredDeadline>, StoreError> {
    let sql = "SELECT id, input, version, updated_at FROM deadlines WHERE id = ?1";
    let found: Option<DeadlineRow> = sqlx::query_as(sql)
        .bind(id.as_str())
        .fetch_optional(e)
        .await?;
    found.map(DeadlineRow::into_stored).transpose()
}

pub(in crate::store) async fn groups<'e>(
    e: impl Executor<'e, Database = Sqlite>,
) -> Result<GroupTree, StoreError> {
    rows::group_tree(group_rows(e).await?)
}

/// The groups' rows, in tree order (parents first). As one row, for the
/// reason [`window`] gives (every feed and page reads them): each group's
/// slug and text joined by the ASCII unit separator, the groups by the
/// record separator. Neither can be in a slug or in a group's stored JSON
/// (JSON escapes control characters), so the text is cut without being
/// escaped and unescaped.
pub(in crate::store) async fn group_rows<'e>(
    e: impl Executor<'e, Database = Sqlite>,
) -> Result<Vec<GroupRow>, StoreError> {
    let sql = "SELECT group_concat(slug || char(31) || input, char(30) ORDER BY position, slug)
               FROM groups";
    let joined: Option<String> = sqlx::query_scalar(sql).fetch_one(e).await?;
    rows::group_rows_from_joined(joined.as_deref().unwrap_or(""))
}

pub(in crate::store) async fn archived_groups<'e>(
    e: impl Executor<'e, Database = Sqlite>,
) -> Result<Vec<GroupSlug>, StoreError> {
    let sql = "SELECT slug FROM groups WHERE archived_at IS NOT NULL ORDER BY slug";
    Ok(rows::slugs(sqlx::query_scalar(sql).fetch_all(e).await?))
}

pub(in crate::store) async fn stamp<'e>(
    e: impl Executor<'e, Database = Sqlite>,
) -> Result<Stamp, StoreError> {
    let sql = "SELECT id, at FROM audit_log ORDER BY id DESC LIMIT 1";
    let newest: Option<(i64, At)> = sqlx::query_as(sql).fetch_optional(e).await?;
    rows::stamp(newest)
}

/// One list's notice of a batch: its entries (JSON), if it exists.
pub(in crate::store) async fn batch_notice<'e>(
    e: impl Executor<'e, Database = Sqlite>,
    id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT entries FROM batch_notices WHERE id = ?1")
            .bind(id)
            .fetch_optional(e)
            .await?,
    )
}
