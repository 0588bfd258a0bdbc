//! SQLite's SQL for [`crate::store::NewRows`]: many rows to an `INSERT`.

use chrono::{DateTime, Utc};
use sqlx::query_builder::Separated;
use sqlx::{QueryBuilder, Sqlite};

use super::ts;
use super::tx::Tx;
use crate::store::StoreError;
use crate::store::new_rows::NewRows;

/// Rows to a statement: well under SQLite's 32 766 parameters.
const ROWS: usize = 500;

async fn insert_chunks<'a, T>(
    t: &mut Tx,
    head: &str,
    rows: &'a [T],
    push: impl Fn(&mut Separated<'_, 'a, Sqlite, &'static str>, &'a T) + Copy,
) -> Result<(), StoreError> {
    for chunk in rows.chunks(ROWS) {
        let mut q = QueryBuilder::<Sqlite>::new(head);
        q.push_values(chunk, |mut b, row| push(&mut b, row));
        // A full chunk's statement is kept prepared; the last, shorter one
        // of each flush differs every time and is not kept (each kept
        // statement holds memory for thousands of parameters).
        q.build()
            .persistent(chunk.len() == ROWS)
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

pub(in crate::store) async fn insert(
    t: &mut Tx,
    rows: &NewRows,
    (actor, notified): (&str, bool),
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let at = ts(now);
    insert_chunks(
        t,
        "INSERT INTO meetings (id, status, zone, starts_at, ends_at, input, version, created_at, updated_at, dropped, imported_input, digest) ",
        &rows.meetings,
        |b, m| {
            b.push_bind(m.id.as_str())
                .push_bind(m.status)
                .push_bind(m.zone)
                .push_bind(ts(m.starts))
                .push_bind(ts(m.ends))
                .push_bind(m.input.as_str())
                .push("1")
                .push_bind(at.clone())
                .push_bind(at.clone())
                .push("'[]'")
                .push_bind(m.input.as_str())
                .push_bind(m.digest);
        },
    )
    .await?;
    insert_chunks(
        t,
        "INSERT INTO meeting_groups (meeting_id, group_slug, position, ends_at, digest) ",
        &rows.groups,
        |b, g| {
            b.push_bind(g.meeting.as_str())
                .push_bind(g.group.as_str())
                .push_bind(i64::try_from(g.position).unwrap_or(i64::MAX))
                .push_bind(ts(g.ends))
                .push_bind(g.digest);
        },
    )
    .await?;
    insert_chunks(
        t,
        "INSERT INTO sessions (meeting_id, local_date, starts_at, ends_at) ",
        &rows.sessions,
        |b, s| {
            b.push_bind(s.meeting.as_str())
                .push_bind(s.date.as_str())
                .push_bind(ts(s.starts))
                .push_bind(ts(s.ends));
        },
    )
    .await?;
    insert_chunks(
        t,
        "INSERT INTO deadlines (id, meeting_id, group_slug, closes_at, input, version, created_at, updated_at, imported_input) ",
        &rows.deadlines,
        |b, d| {
            b.push_bind(d.id.as_str())
                .push_bind(d.meeting.as_deref())
                .push_bind(d.group.as_deref())
                .push_bind(ts(d.closes))
                .push_bind(d.input.as_str())
                .push("1")
                .push_bind(at.clone())
                .push_bind(at.clone())
                .push_bind(d.input.as_str());
        },
    )
    .await?;
    insert_chunks(
        t,
        "INSERT INTO outbox (subject_type, subject_id, subject_version, kind, recipients, due_at, expires_at, next_attempt_at, message_id, created_at) ",
        &rows.mails,
        |b, m| {
            b.push_bind(m.subject_type)
                .push_bind(m.subject_id.as_str())
                .push_bind(m.version)
                .push_bind(m.kind.as_str())
                .push_bind(m.recipients.as_str())
                .push_bind(ts(m.due))
                .push_bind(ts(m.expires))
                .push_bind(ts(m.due))
                .push_bind(m.message_id.as_str())
                .push_bind(at.clone());
        },
    )
    .await?;
    insert_chunks(
        t,
        "INSERT INTO audit_log (at, actor, action, subject_type, subject_id, detail, notified) ",
        &rows.audit,
        |b, a| {
            b.push_bind(at.clone())
                .push_bind(actor)
                .push("'import'")
                .push_bind(a.subject_type)
                .push_bind(a.subject_id.as_str())
                .push_bind(a.detail.as_str())
                .push_bind(notified);
        },
    )
    .await
}
