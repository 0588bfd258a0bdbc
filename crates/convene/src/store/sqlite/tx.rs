//! SQLite's SQL for [`crate::store::WriteTx`]: one statement (or one step)
//! per function. Every function runs inside a `BEGIN IMMEDIATE`
//! transaction, which already keeps writers apart.

use chrono::{DateTime, Utc};
use convene_core::{Deadline, GroupSlug, Meeting, Owner, PlannedMail, Session};
use sqlx::{Sqlite, Transaction};

use super::ts;
use crate::store::StoreError;
use crate::store::rows::{Existing, KeyRow};
use crate::store::tx::{Answer, AuditRow, KeyRequest, MailState, MeetingText};
use crate::store::{kind_name, message_key, subject_parts, to_json};

pub(in crate::store) type Tx = Transaction<'static, Sqlite>;

/// Creates or replaces the meeting's row (its text, the sessions earlier
/// versions published that it dropped, and their digest; the text as
/// imported when `w.imported`), and clears its groups and sessions
/// (written again by [`meeting_group`] and [`session`]).
pub(in crate::store) async fn write_meeting(
    t: &mut Tx,
    m: &Meeting,
    w: &MeetingText<'_>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let span = m.span();
    sqlx::query(
        "INSERT INTO meetings (id, status, zone, starts_at, ends_at, input, version, created_at, updated_at,
                               dropped, imported_input, digest)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, CASE WHEN ?10 THEN ?6 END, ?11)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, zone = excluded.zone,
           starts_at = excluded.starts_at, ends_at = excluded.ends_at, input = excluded.input,
           version = excluded.version, updated_at = excluded.updated_at, dropped = excluded.dropped,
           imported_input = CASE WHEN ?10 THEN excluded.input ELSE meetings.imported_input END,
           digest = excluded.digest",
    )
    .bind(m.id().as_str())
    .bind(m.status().as_str())
    .bind(m.zone().name())
    .bind(ts(span.start))
    .bind(ts(span.end))
    .bind(w.json)
    .bind(w.version)
    .bind(ts(now))
    .bind(w.dropped)
    .bind(w.imported)
    .bind(w.digest)
    .execute(&mut **t)
    .await?;
    for sql in [
        "DELETE FROM meeting_groups WHERE meeting_id = ?1",
        "DELETE FROM sessions WHERE meeting_id = ?1",
    ] {
        sqlx::query(sql)
            .bind(m.id().as_str())
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

/// The meeting's row for one of its groups: its place among them, its end
/// and its digest.
pub(in crate::store) async fn meeting_group(
    t: &mut Tx,
    id: &str,
    (group, position, ends_at, digest): (&GroupSlug, usize, DateTime<Utc>, i64),
) -> Result<(), StoreError> {
    let sql = "INSERT INTO meeting_groups (meeting_id, group_slug, position, ends_at, digest) VALUES (?1, ?2, ?3, ?4, ?5)";
    let position = i64::try_from(position).unwrap_or(i64::MAX);
    let q = sqlx::query(sql)
        .bind(id)
        .bind(group.as_str())
        .bind(position)
        .bind(ts(ends_at))
        .bind(digest);
    q.execute(&mut **t).await?;
    Ok(())
}

pub(in crate::store) async fn session(t: &mut Tx, id: &str, s: &Session) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sessions (meeting_id, local_date, starts_at, ends_at) VALUES (?1, ?2, ?3, ?4)",
    )
    .bind(id)
    .bind(s.date.to_string())
    .bind(ts(s.utc.start))
    .bind(ts(s.utc.end))
    .execute(&mut **t)
    .await?;
    Ok(())
}

pub(in crate::store) async fn write_deadline(
    t: &mut Tx,
    d: &Deadline,
    json: &str,
    version: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let (meeting, group) = match d.owner() {
        Owner::Meeting(m) => (Some(m.as_str()), None),
        Owner::Group(g) => (None, Some(g.as_str())),
    };
    sqlx::query(
        "INSERT INTO deadlines (id, meeting_id, group_slug, closes_at, input, version, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
         ON CONFLICT (id) DO UPDATE SET meeting_id = excluded.meeting_id, group_slug = excluded.group_slug,
           closes_at = excluded.closes_at, input = excluded.input, version = excluded.version,
           updated_at = excluded.updated_at",
    )
    .bind(d.id().as_str())
    .bind(meeting)
    .bind(group)
    .bind(ts(d.closes_at()))
    .bind(json)
    .bind(version)
    .bind(ts(now))
    .execute(&mut **t)
    .await?;
    Ok(())
}

/// After [`write_deadline`]: keeps what an import wrote.
pub(in crate::store) async fn deadline_imported(t: &mut Tx, id: &str) -> Result<(), StoreError> {
    let sql = "UPDATE deadlines SET imported_input = input WHERE id = ?1";
    sqlx::query(sql).bind(id).execute(&mut **t).await?;
    Ok(())
}

pub(in crate::store) async fn delete_deadline(t: &mut Tx, id: &str) -> Result<(), StoreError> {
    let sql = "DELETE FROM deadlines WHERE id = ?1";
    sqlx::query(sql).bind(id).execute(&mut **t).await?;
    Ok(())
}

/// Whether an id is taken by a meeting or a deadline.
pub(in crate::store) async fn id_taken(t: &mut Tx, id: &str) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM meetings WHERE id = ?1) + (SELECT COUNT(*) FROM deadlines WHERE id = ?1)",
    )
    .bind(id)
    .fetch_one(&mut **t)
    .await?;
    Ok(n > 0)
}

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

/// Supersedes the pending mails of older versions of an item.
pub(in crate::store) async fn supersede(
    t: &mut Tx,
    subject: (&str, &str),
    version: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE outbox SET status = 'superseded'
         WHERE subject_type = ?1 AND subject_id = ?2 AND status = 'pending' AND subject_version < ?3",
    )
    .bind(subject.0)
    .bind(subject.1)
    .bind(version)
    .execute(&mut **t)
    .await?;
    Ok(())
}

pub(in crate::store) async fn insert_mail(
    t: &mut Tx,
    mail: &PlannedMail,
    version: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let (subject_type, subject_id) = subject_parts(&mail.subject);
    sqlx::query(
        "INSERT INTO outbox (subject_type, subject_id, subject_version, kind, recipients, due_at, expires_at, next_attempt_at, message_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?8, ?9)",
    )
    .bind(subject_type)
    .bind(subject_id)
    .bind(version)
    .bind(kind_name(mail.kind))
    .bind(to_json(&mail.recipients))
    .bind(ts(mail.due))
    .bind(ts(mail.expires))
    .bind(message_key(&mail.subject, mail.kind, version))
    .bind(ts(now))
    .execute(&mut **t)
    .await?;
    Ok(())
}

pub(in crate::store) async fn audit(t: &mut Tx, row: &AuditRow<'_>) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, action, subject_type, subject_id, detail, notified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .bind(ts(row.at))
    .bind(row.actor)
    .bind(row.action)
    .bind(row.subject.0)
    .bind(row.subject.1)
    .bind(row.detail)
    .bind(row.notified)
    .execute(&mut **t)
    .await?;
    Ok(())
}

/// (something about the meeting went out or is going out, its
/// announcement is waiting, an update notice is waiting untouched, a
/// cancellation notice is waiting untouched).
pub(in crate::store) async fn mail_state(
    t: &mut Tx,
    (subject_type, id): (&str, &str),
    now: DateTime<Utc>,
) -> Result<MailState, StoreError> {
    Ok(sqlx::query_as(
        "SELECT
           COALESCE(MAX(status = 'sent' OR attempts > 0 OR (status = 'pending' AND lease_until > ?2)), 0),
           COALESCE(MAX(status = 'pending' AND kind = 'announcement'), 0),
           COALESCE(MAX(status = 'pending' AND kind = 'update' AND attempts = 0 AND (lease_until IS NULL OR lease_until <= ?2)), 0),
           COALESCE(MAX(status = 'pending' AND kind = 'cancellation' AND attempts = 0 AND (lease_until IS NULL OR lease_until <= ?2)), 0)
         FROM outbox WHERE subject_type = ?3 AND subject_id = ?1",
    )
    .bind(id)
    .bind(ts(now))
    .bind(subject_type)
    .fetch_one(&mut **t)
    .await?)
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
) -> Result<Option<KeyRow>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT request_hash, response_status, response_body, response_type, response_location, response_etag
         FROM idempotency_keys WHERE token_id = ?1 AND key = ?2",
    )
    .bind(&key.token_id)
    .bind(&key.key)
    .fetch_optional(&mut **t)
    .await?)
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

/// Stored groups, meetings and deadlines, for an import to compare.
pub(in crate::store) async fn existing(t: &mut Tx) -> Result<[Vec<Existing>; 3], StoreError> {
    let mut out: [Vec<Existing>; 3] = Default::default();
    let tables = [
        "SELECT slug, input, imported_input, version FROM groups",
        "SELECT id, input, imported_input, version FROM meetings",
        "SELECT id, input, imported_input, version FROM deadlines",
    ];
    for (rows, sql) in out.iter_mut().zip(tables) {
        *rows = sqlx::query_as(sql).fetch_all(&mut **t).await?;
    }
    Ok(out)
}

pub(in crate::store) async fn put_batch_notice(
    t: &mut Tx,
    id: &str,
    entries: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO batch_notices (id, entries, created_at) VALUES (?1, ?2, ?3)")
        .bind(id)
        .bind(entries)
        .bind(ts(now))
        .execute(&mut **t)
        .await?;
    Ok(())
}
