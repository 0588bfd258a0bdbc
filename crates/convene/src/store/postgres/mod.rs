//! PostgreSQL's SQL: for a shared, hosted deployment.
//! Instants are `TIMESTAMPTZ`, stored to the whole second as in SQLite so
//! that both backends give back the same values; ids sort bytewise
//! (`COLLATE "C"`), as SQLite sorts them.
//!
//! Writers take row locks where SQLite takes its database-wide write lock:
//! a [`crate::store::WriteTx`] locks an item's row before comparing
//! versions, an import serializes with other imports on the `groups` table
//! and locks the rows it compares, and creating an item (which has no row
//! to lock yet) takes a transaction-scoped advisory lock on its id, shared
//! by meetings and deadlines (see `tx.rs`).
//!
//! Free functions by concern, each taking an executor, as in `sqlite/`:
//! `reads`, `groups_tokens`, `tx`, `outbox`, `rate_limits`. What happens to the rows is
//! written once, in `store/rows.rs`.

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

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgTypeInfo, PgValueRef};
use sqlx::{Decode, PgPool, Postgres, Type};

use super::StoreError;
use super::rows::At;

pub(super) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

/// An instant as stored: whole seconds, like SQLite's text form.
pub(super) fn ts(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(0)
}

/// A position as stored in an `INTEGER` column.
pub(super) fn position<N: TryInto<i32>>(n: N) -> i32 {
    n.try_into().unwrap_or(i32::MAX)
}

impl Type<Postgres> for At {
    fn type_info() -> PgTypeInfo {
        <DateTime<Utc> as Type<Postgres>>::type_info()
    }
}

impl<'r> Decode<'r, Postgres> for At {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(At::Utc(<DateTime<Utc> as Decode<Postgres>>::decode(value)?))
    }
}

/// Connects to `postgres://USER@HOST/DB`, with every connection's
/// `search_path` set to `schema` when one is given (it must exist: tables,
/// including `_sqlx_migrations`, live there; for tests that each want a
/// database of their own).
pub(super) async fn connect(
    url: &str,
    schema: Option<&str>,
    max_connections: u32,
) -> Result<PgPool, StoreError> {
    let mut opts = PgConnectOptions::from_str(url)?;
    if let Some(schema) = schema {
        opts = opts.options([("search_path", schema)]);
    }
    Ok(PgPoolOptions::new()
        .max_connections(max_connections.max(1))
        .connect_with(opts)
        .await?)
}

/// A write transaction, `READ COMMITTED`: the locks that keep writers apart
/// are taken by the steps that need them.
pub(super) async fn begin(
    pool: &PgPool,
) -> Result<sqlx::Transaction<'static, Postgres>, StoreError> {
    Ok(pool.begin().await?)
}
