//! The audit trail and a cancel's mail state, on SQLite (see
//! `store/history.rs`).

use chrono::{DateTime, Utc};
use convene_core::ItemId;
use sqlx::{Executor, Sqlite};

use super::ts;
use super::tx::Tx;
use crate::store::StoreError;
use crate::store::history::{AuditRow, HistoryScope, scope_parts};

pub(in crate::store) async fn trail<'e>(
    e: impl Executor<'e, Database = Sqlite>,
    scope: &HistoryScope,
) -> Result<Vec<AuditRow>, StoreError> {
    let (meeting, groups) = scope_parts(scope);
    let groups = crate::store::to_json(&groups);
    Ok(sqlx::query_as(
        "WITH ms(id) AS (
             SELECT ?1 WHERE ?1 IS NOT NULL
             UNION SELECT meeting_id FROM meeting_groups
                   WHERE group_slug IN (SELECT value FROM json_each(?2))),
         ds(id) AS (
             SELECT id FROM deadlines
             WHERE meeting_id IN (SELECT id FROM ms)
                OR group_slug IN (SELECT value FROM json_each(?2)))
         SELECT id, at, actor, action, subject_type, subject_id, detail, notified
         FROM audit_log
         WHERE (subject_type = 'meeting' AND subject_id IN (SELECT id FROM ms))
            OR (subject_type = 'deadline' AND subject_id IN (SELECT id FROM ds))
            OR (subject_type = 'group' AND subject_id IN (SELECT value FROM json_each(?2)))
         ORDER BY id",
    )
    .bind(meeting)
    .bind(groups)
    .fetch_all(e)
    .await?)
}

/// (something about the meeting went out or is going out, its cancellation
/// notice is waiting untried).
pub(in crate::store) async fn cancel_state(
    t: &mut Tx,
    id: &ItemId,
    now: DateTime<Utc>,
) -> Result<(bool, bool), StoreError> {
    Ok(sqlx::query_as(
        "SELECT
           COALESCE(MAX(status = 'sent' OR attempts > 0 OR (status = 'pending' AND lease_until > ?2)), 0),
           COALESCE(MAX(kind = 'cancellation' AND status = 'pending' AND attempts = 0
                        AND (lease_until IS NULL OR lease_until <= ?2)), 0)
         FROM outbox WHERE subject_type = 'meeting' AND subject_id = ?1",
    )
    .bind(id.as_str())
    .bind(ts(now))
    .fetch_one(&mut **t)
    .await?)
}
