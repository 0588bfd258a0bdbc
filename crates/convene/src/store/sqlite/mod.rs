//! SQLite's SQL: the embedded default, one file in WAL mode.
//! Instants are TEXT `YYYY-MM-DDTHH:MM:SSZ`, which sorts as time; ids sort
//! bytewise, as SQLite compares TEXT.
//!
//! Free functions by concern, each taking an executor (the pool, or a
//! [`crate::store::WriteTx`]'s transaction): `reads` (what the schedule
//! reads), `groups_tokens`, `tx` (the write steps), `outbox` (the queue),
//! `rate_limits` (the write buckets).
//! What happens to the rows is written once, in `store/rows.rs`.

pub(super) mod bulk;
pub(super) mod feed_links;
pub(super) mod groups_tokens;
pub(super) mod history;
pub(super) mod outbox;
pub(super) mod rate_limits;
pub(super) mod reads;
pub(super) mod sessions;
pub(super) mod tx;

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use sqlx::error::BoxDynError;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous, SqliteTypeInfo,
    SqliteValueRef,
};
use sqlx::{Decode, Sqlite, SqlitePool, Type};

use super::StoreError;
use super::rows::At;

pub(super) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");

/// An instant as stored.
pub(super) fn ts(t: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    use std::fmt::Write as _;
    // As `format("%Y-%m-%dT%H:%M:%SZ")` writes it, without parsing the
    // pattern on every call (an import writes millions).
    if !(0..=9999).contains(&t.year()) {
        return t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    }
    let mut s = String::with_capacity(20);
    let _ = write!(
        s,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    s
}

/// Reads what [`ts`] wrote.
pub(super) fn parse_ts(s: &str) -> Result<DateTime<Utc>, StoreError> {
    // Every row read has one: the usual 20 bytes without parsing a
    // pattern; anything else (or out of range) as chrono reads it.
    if let Some(t) = parse_ts_fast(s.as_bytes()) {
        return Ok(t);
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%SZ")
        .map(|n| n.and_utc())
        .map_err(|e| StoreError::Corrupt {
            what: "timestamp",
            id: s.to_owned(),
            why: e.to_string(),
        })
}

/// `YYYY-MM-DDTHH:MM:SSZ`, exactly, as a valid instant; `None` otherwise.
fn parse_ts_fast(b: &[u8]) -> Option<DateTime<Utc>> {
    let &[
        y0,
        y1,
        y2,
        y3,
        b'-',
        m0,
        m1,
        b'-',
        d0,
        d1,
        b'T',
        h0,
        h1,
        b':',
        i0,
        i1,
        b':',
        s0,
        s1,
        b'Z',
    ] = b
    else {
        return None;
    };
    let n = |hi: u8, lo: u8| {
        (hi.is_ascii_digit() && lo.is_ascii_digit())
            .then(|| i32::from(hi - b'0') * 10 + i32::from(lo - b'0'))
    };
    let u = |hi: u8, lo: u8| n(hi, lo).and_then(|v| u32::try_from(v).ok());
    let date =
        chrono::NaiveDate::from_ymd_opt(n(y0, y1)? * 100 + n(y2, y3)?, u(m0, m1)?, u(d0, d1)?)?;
    Some(
        date.and_hms_opt(u(h0, h1)?, u(i0, i1)?, u(s0, s1)?)?
            .and_utc(),
    )
}

impl Type<Sqlite> for At {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <String as Type<Sqlite>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Sqlite> for At {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(At::Text(<String as Decode<Sqlite>>::decode(value)?))
    }
}

/// Opens (creating if missing) `sqlite:PATH` in WAL mode with foreign keys
/// on.
pub(super) async fn connect(url: &str, max_connections: u32) -> Result<SqlitePool, StoreError> {
    let opts = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    Ok(SqlitePoolOptions::new()
        .max_connections(max_connections.max(1))
        // A connection to a file does not go away as one to a server can:
        // no round trip to the connection's thread to check it before
        // every query (a feed makes three).
        .test_before_acquire(false)
        .connect_with(opts)
        .await?)
}

/// A write transaction: `BEGIN IMMEDIATE` takes the database's one write
/// lock at once, so writers run one after the other.
pub(super) async fn begin(
    pool: &SqlitePool,
) -> Result<sqlx::Transaction<'static, Sqlite>, StoreError> {
    Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_read_as_chrono_reads_them() {
        let chrono_reads = |s: &str| {
            NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%SZ")
                .ok()
                .map(|n| n.and_utc())
        };
        for s in [
            "2023-09-07T12:00:00Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2024-02-29T23:59:59Z",
            "2023-02-29T10:00:00Z",
            "2023-13-01T10:00:00Z",
            "2023-09-07T24:00:00Z",
            "2023-09-07T12:00:60Z",
            "2023-09-07T12:00:00",
            "2023-09-07 12:00:00Z",
            "+2023-09-07T12:00:00Z",
            "2023-9-07T12:00:00Z",
            "2023-09-07T12:0a:00Z",
        ] {
            assert_eq!(parse_ts(s).ok(), chrono_reads(s), "{s}");
        }
        let t = chrono_reads("2023-09-07T12:34:56Z").expect("instant");
        assert_eq!(parse_ts(&ts(t)).ok(), Some(t));
    }
}
