//! PostgreSQL's SQL for [`crate::store::WriteTx`]: the same steps as
//! SQLite's, plus the locks that keep concurrent writers apart.

use chrono::{DateTime, Utc};
use sqlx::{Postgres, Row, Transaction};

use super::ts;
use crate::store::StoreError;
use crate::store::tx::{Answer, ExistingRow, ExistingRows, KeyRequest};

type Tx = Transaction<'static, Postgres>;

/// Transaction-scoped advisory locks on `prefix || key`, in the order given
/// (callers sort them).
pub(in crate::store) async fn advisory_locks(
    t: &mut Tx,
    prefix: &str,
    keys: &[&str],
) -> Result<(), StoreError> {
    for k in keys {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1 || $2, 0))")
            .bind(prefix)
            .bind(k)
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

/// ROW EXCLUSIVE (every writer) conflicts with an import's SHARE ROW
/// EXCLUSIVE, not with itself: writers run side by side, imports alone.
pub(in crate::store) async fn exclude_imports(t: &mut Tx, import: bool) -> Result<(), StoreError> {
    let mode = if import {
        "LOCK TABLE groups IN SHARE ROW EXCLUSIVE MODE"
    } else {
        "LOCK TABLE groups IN ROW EXCLUSIVE MODE"
    };
    sqlx::query(mode).execute(&mut **t).await?;
    Ok(())
}

/// Locks an item's row (`meetings` or `deadlines`) until the end of the
/// transaction.
pub(in crate::store) async fn lock_row(
    t: &mut Tx,
    table: &str,
    id: &str,
) -> Result<(), StoreError> {
    let sql = match table {
        "meetings" => "SELECT 1 FROM meetings WHERE id = $1 FOR UPDATE",
        _ => "SELECT 1 FROM deadlines WHERE id = $1 FOR UPDATE",
    };
    sqlx::query(sql).bind(id).fetch_optional(&mut **t).await?;
    Ok(())
}

pub(in crate::store) async fn last_mail_version(
    t: &mut Tx,
    subject: (&str, &str),
) -> Result<i64, StoreError> {
    let last: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(subject_version) FROM outbox WHERE subject_type = $1 AND subject_id = $2",
    )
    .bind(subject.0)
    .bind(subject.1)
    .fetch_one(&mut **t)
    .await?;
    Ok(last.unwrap_or(0))
}

pub(in crate::store) async fn meeting_extras(
    t: &mut Tx,
    id: &str,
    dropped: &str,
    imported: bool,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE meetings SET dropped = $2,
           imported_input = CASE WHEN $3 THEN input ELSE imported_input END
         WHERE id = $1",
    )
    .bind(id)
    .bind(dropped)
    .bind(imported)
    .execute(&mut **t)
    .await?;
    Ok(())
}

pub(in crate::store) async fn deadline_imported(
    t: &mut Tx,
    id: &str,
    imported: bool,
) -> Result<(), StoreError> {
    if imported {
        sqlx::query("UPDATE deadlines SET imported_input = input WHERE id = $1")
            .bind(id)
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

pub(in crate::store) async fn delete_deadline(t: &mut Tx, id: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM deadlines WHERE id = $1")
        .bind(id)
        .execute(&mut **t)
        .await?;
    Ok(())
}

/// (something about the meeting went out or is going out, its
/// announcement is waiting). Locks the meeting's pending mails first: a
/// dispatcher skips locked rows, and one that leased a row before shows
/// its lease here.
pub(in crate::store) async fn mail_state(
    t: &mut Tx,
    id: &str,
    now: DateTime<Utc>,
) -> Result<(bool, bool), StoreError> {
    sqlx::query(
        "SELECT id FROM outbox WHERE subject_type = 'meeting' AND subject_id = $1 AND status = 'pending' FOR UPDATE",
    )
    .bind(id)
    .fetch_all(&mut **t)
    .await?;
    let row = sqlx::query(
        "SELECT
           COALESCE(bool_or(status = 'sent' OR attempts > 0 OR (status = 'pending' AND lease_until > $2)), false),
           COALESCE(bool_or(status = 'pending' AND kind = 'announcement'), false)
         FROM outbox WHERE subject_type = 'meeting' AND subject_id = $1",
    )
    .bind(id)
    .bind(ts(now))
    .fetch_one(&mut **t)
    .await?;
    Ok((row.try_get::<bool, _>(0)?, row.try_get::<bool, _>(1)?))
}

pub(in crate::store) async fn forget_keys(
    t: &mut Tx,
    key: &KeyRequest,
    keep: DateTime<Utc>,
    lease: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "DELETE FROM idempotency_keys
         WHERE token_id = $3 AND (created_at < $1 OR (key = $4 AND response_status = 0 AND created_at < $2))",
    )
    .bind(ts(keep))
    .bind(ts(lease))
    .bind(&key.token_id)
    .bind(&key.key)
    .execute(&mut **t)
    .await?;
    Ok(())
}

/// Inserts the key; a request with the same key in flight makes this wait
/// until it commits (then nothing is inserted) or rolls back.
pub(in crate::store) async fn insert_key(
    t: &mut Tx,
    key: &KeyRequest,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let r = sqlx::query(
        "INSERT INTO idempotency_keys (token_id, key, request_hash, response_status, response_body, created_at)
         VALUES ($1, $2, $3, 0, '', $4) ON CONFLICT DO NOTHING",
    )
    .bind(&key.token_id)
    .bind(&key.key)
    .bind(&key.request_hash)
    .bind(ts(now))
    .execute(&mut **t)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub(in crate::store) async fn read_key(
    t: &mut Tx,
    key: &KeyRequest,
) -> Result<Option<(String, Option<Answer>)>, StoreError> {
    let row = sqlx::query(
        "SELECT request_hash, response_status, response_body, response_type, response_location, response_etag
         FROM idempotency_keys WHERE token_id = $1 AND key = $2",
    )
    .bind(&key.token_id)
    .bind(&key.key)
    .fetch_optional(&mut **t)
    .await?;
    row.map(|r| {
        let status: i32 = r.try_get(1)?;
        let answer = (status != 0).then(|| -> Result<Answer, StoreError> {
            Ok(Answer {
                status: u16::try_from(status).unwrap_or(500),
                body: r.try_get(2)?,
                content_type: r.try_get(3)?,
                location: r.try_get(4)?,
                etag: r.try_get(5)?,
            })
        });
        Ok((r.try_get(0)?, answer.transpose()?))
    })
    .transpose()
}

pub(in crate::store) async fn keep_answer(
    t: &mut Tx,
    key: &KeyRequest,
    a: &Answer,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE idempotency_keys SET response_status = $3, response_body = $4, response_type = $5,
           response_location = $6, response_etag = $7
         WHERE token_id = $1 AND key = $2",
    )
    .bind(&key.token_id)
    .bind(&key.key)
    .bind(i32::from(a.status))
    .bind(&a.body)
    .bind(&a.content_type)
    .bind(&a.location)
    .bind(&a.etag)
    .execute(&mut **t)
    .await?;
    Ok(())
}

pub(in crate::store) async fn existing(t: &mut Tx) -> Result<[ExistingRows; 3], StoreError> {
    let mut out: [ExistingRows; 3] = Default::default();
    for (i, sql) in [
        "SELECT slug, input, imported_input, version FROM groups FOR UPDATE",
        "SELECT id, input, imported_input, version FROM meetings FOR UPDATE",
        "SELECT id, input, imported_input, version FROM deadlines FOR UPDATE",
    ]
    .into_iter()
    .enumerate()
    {
        for r in sqlx::query(sql).fetch_all(&mut **t).await? {
            out[i].insert(
                r.try_get(0)?,
                ExistingRow {
                    input: r.try_get(1)?,
                    imported: r.try_get(2)?,
                    version: r.try_get(3)?,
                },
            );
        }
    }
    Ok(out)
}

pub(in crate::store) async fn put_group(
    t: &mut Tx,
    g: &convene_core::Group,
    position: i64,
    json: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO groups (slug, parent, position, input, imported_input, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $4, 1, $5, $5)
         ON CONFLICT (slug) DO UPDATE SET parent = excluded.parent, position = excluded.position,
           input = excluded.input, imported_input = excluded.input, version = groups.version + 1,
           updated_at = excluded.updated_at",
    )
    .bind(g.slug.as_str())
    .bind(g.parent.as_ref().map(|p| p.as_str()))
    .bind(i32::try_from(position).unwrap_or(i32::MAX))
    .bind(json)
    .bind(ts(now))
    .execute(&mut **t)
    .await?;
    Ok(())
}
