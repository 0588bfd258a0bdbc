//! SQLite's SQL for [`crate::store::WriteTx`]. Every function runs inside a
//! `BEGIN IMMEDIATE` transaction, which already keeps writers apart.

use chrono::{DateTime, Utc};
use sqlx::{Row, Sqlite, Transaction};

use super::ts;
use crate::store::StoreError;
use crate::store::tx::{Answer, ExistingRow, ExistingRows, KeyRequest};

type Tx = Transaction<'static, Sqlite>;

pub(in crate::store) async fn last_mail_version(
    t: &mut Tx,
    subject: (&str, &str),
) -> Result<i64, StoreError> {
    let last: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(subject_version) FROM outbox WHERE subject_type = ?1 AND subject_id = ?2",
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
        "UPDATE meetings SET dropped = ?2,
           imported_input = CASE WHEN ?3 THEN input ELSE imported_input END
         WHERE id = ?1",
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
        sqlx::query("UPDATE deadlines SET imported_input = input WHERE id = ?1")
            .bind(id)
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

pub(in crate::store) async fn delete_deadline(t: &mut Tx, id: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM deadlines WHERE id = ?1")
        .bind(id)
        .execute(&mut **t)
        .await?;
    Ok(())
}

/// (something about the meeting went out or is going out, its
/// announcement is waiting).
pub(in crate::store) async fn mail_state(
    t: &mut Tx,
    id: &str,
    now: DateTime<Utc>,
) -> Result<(bool, bool), StoreError> {
    let row = sqlx::query(
        "SELECT
           COALESCE(MAX(status = 'sent' OR attempts > 0 OR (status = 'pending' AND lease_until > ?2)), 0),
           COALESCE(MAX(status = 'pending' AND kind = 'announcement'), 0)
         FROM outbox WHERE subject_type = 'meeting' AND subject_id = ?1",
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
         WHERE token_id = ?3 AND (created_at < ?1 OR (key = ?4 AND response_status = 0 AND created_at < ?2))",
    )
    .bind(ts(keep))
    .bind(ts(lease))
    .bind(&key.token_id)
    .bind(&key.key)
    .execute(&mut **t)
    .await?;
    Ok(())
}

pub(in crate::store) async fn insert_key(
    t: &mut Tx,
    key: &KeyRequest,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let r = sqlx::query(
        "INSERT INTO idempotency_keys (token_id, key, request_hash, response_status, response_body, created_at)
         VALUES (?1, ?2, ?3, 0, '', ?4) ON CONFLICT DO NOTHING",
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
         FROM idempotency_keys WHERE token_id = ?1 AND key = ?2",
    )
    .bind(&key.token_id)
    .bind(&key.key)
    .fetch_optional(&mut **t)
    .await?;
    row.map(|r| {
        let status: i64 = r.try_get(1)?;
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
        "UPDATE idempotency_keys SET response_status = ?3, response_body = ?4, response_type = ?5,
           response_location = ?6, response_etag = ?7
         WHERE token_id = ?1 AND key = ?2",
    )
    .bind(&key.token_id)
    .bind(&key.key)
    .bind(i64::from(a.status))
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
        "SELECT slug, input, imported_input, version FROM groups",
        "SELECT id, input, imported_input, version FROM meetings",
        "SELECT id, input, imported_input, version FROM deadlines",
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
         VALUES (?1, ?2, ?3, ?4, ?4, 1, ?5, ?5)
         ON CONFLICT (slug) DO UPDATE SET parent = excluded.parent, position = excluded.position,
           input = excluded.input, imported_input = excluded.input, version = groups.version + 1,
           updated_at = excluded.updated_at",
    )
    .bind(g.slug.as_str())
    .bind(g.parent.as_ref().map(|p| p.as_str()))
    .bind(position)
    .bind(json)
    .bind(ts(now))
    .execute(&mut **t)
    .await?;
    Ok(())
}
