//! [`Db`]: the backend picked from the URL scheme at start-up, and the
//! storage interface. Each method picks the backend's SQL function with one
//! `match` and does the rest (checks, row mapping in `rows.rs`) once.
//! Writes of the schedule go through [`Db::begin_write`] (`tx.rs`); the
//! outbox queue's methods are in `outbox.rs`.

use chrono::{DateTime, Utc};
use convene_core::{Catalog, GroupSlug, GroupTree, ItemId};
use sqlx::{PgPool, SqlitePool};

use super::rows::{self, TokenRow};
use super::{
    MeetingFilter, ParsedMeetings, Stamp, StoreError, StoredDeadline, StoredMeeting, TokenRecord,
    migrate_error, postgres, sqlite,
};

/// The database, chosen at start-up from the URL scheme.
#[derive(Debug, Clone)]
pub enum Db {
    /// `sqlite:PATH`.
    Sqlite(SqlitePool),
    /// `postgres://…`.
    Postgres(PgPool),
}

impl Db {
    /// Connects to `sqlite:PATH` (created if missing) or `postgres://…`,
    /// with a pool of at most `max_connections`.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Db::Sqlite(sqlite::connect(url, max_connections).await?))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Db::Postgres(
                postgres::connect(url, None, max_connections).await?,
            ))
        } else {
            Err(StoreError::BadUrl(url.to_owned()))
        }
    }

    /// "sqlite" or "postgres".
    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// Checks the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        Ok(match self {
            Db::Sqlite(p) => sqlx::query("SELECT 1").execute(p).await.map(drop),
            Db::Postgres(p) => sqlx::query("SELECT 1").execute(p).await.map(drop),
        }?)
    }

    /// Applies pending migrations and says which; refuses a database newer
    /// than this binary.
    pub async fn migrate(&self) -> Result<Migrated, StoreError> {
        use sqlx::migrate::Migrate;
        // What was there before, so the answer can say what changed. The
        // table is created here, as `run` would.
        macro_rules! run {
            ($pool:expr, $migrator:expr) => {{
                let mut conn = $pool.acquire().await?;
                let before = async {
                    conn.ensure_migrations_table().await?;
                    conn.list_applied_migrations().await
                }
                .await
                .map_err(|e| migrate_error(e, &$migrator))?;
                $migrator
                    .run(&mut *conn)
                    .await
                    .map_err(|e| migrate_error(e, &$migrator))?;
                let known: Vec<i64> = before.iter().map(|m| m.version).collect();
                Migrated::new(&$migrator, &known)
            }};
        }
        let migrated = match self {
            Db::Sqlite(p) => run!(p, sqlite::MIGRATOR),
            Db::Postgres(p) => run!(p, postgres::MIGRATOR),
        };
        let filled = self.fill_digests().await?;
        if filled > 0 {
            tracing::info!(
                meetings = filled,
                "worked out the digests of meetings that had none"
            );
        }
        Ok(migrated)
    }

    /// Works out the digest of every meeting that has none (written before
    /// migration 13, or edited by hand since), 500 rows a transaction,
    /// each only while its row is still what the digest is made of.
    /// Returns how many it wrote. Found through the partial index
    /// `meetings_digest_unknown`, so a start with none to fill reads
    /// nothing else.
    async fn fill_digests(&self) -> Result<u64, StoreError> {
        macro_rules! fill {
            ($pool:expr, $meeting:expr, $groups:expr) => {{
                let mut filled = 0;
                loop {
                    let rows: Vec<rows::DigestSource> = sqlx::query_as(
                        "SELECT id, input, dropped, version, updated_at FROM meetings
                         WHERE digest IS NULL LIMIT 500",
                    )
                    .fetch_all($pool)
                    .await?;
                    if rows.is_empty() {
                        break filled;
                    }
                    let mut t = $pool.begin().await?;
                    let mut done = 0;
                    for row in rows {
                        let (id, input, dropped, version, digest) = row.digest()?;
                        let n = sqlx::query($meeting)
                            .bind(digest)
                            .bind(&id)
                            .bind(&input)
                            .bind(&dropped)
                            .bind(version)
                            .execute(&mut *t)
                            .await?
                            .rows_affected();
                        if n > 0 {
                            sqlx::query($groups)
                                .bind(digest)
                                .bind(&id)
                                .execute(&mut *t)
                                .await?;
                        }
                        done += n;
                    }
                    t.commit().await?;
                    filled += done;
                    // None left, or only rows edited meanwhile (the next
                    // start fills them).
                    if done == 0 {
                        break filled;
                    }
                }
            }};
        }
        Ok(match self {
            Db::Sqlite(p) => fill!(
                p,
                "UPDATE meetings SET digest = ?1
                 WHERE id = ?2 AND input = ?3 AND dropped = ?4 AND version = ?5 AND digest IS NULL",
                "UPDATE meeting_groups SET digest = ?1 WHERE meeting_id = ?2"
            ),
            Db::Postgres(p) => fill!(
                p,
                "UPDATE meetings SET digest = $1
                 WHERE id = $2 AND input = $3 AND dropped = $4 AND version = $5 AND digest IS NULL",
                "UPDATE meeting_groups SET digest = $1 WHERE meeting_id = $2"
            ),
        })
    }

    /// The group tree.
    pub async fn groups(&self) -> Result<GroupTree, StoreError> {
        match self {
            Db::Sqlite(p) => sqlite::reads::groups(p).await,
            Db::Postgres(p) => postgres::reads::groups(p).await,
        }
    }

    /// The archived groups.
    pub async fn archived_groups(&self) -> Result<Vec<GroupSlug>, StoreError> {
        match self {
            Db::Sqlite(p) => sqlite::reads::archived_groups(p).await,
            Db::Postgres(p) => postgres::reads::archived_groups(p).await,
        }
    }

    /// Meetings by filter, by start then id.
    pub async fn meetings(&self, filter: &MeetingFilter) -> Result<Vec<StoredMeeting>, StoreError> {
        match self {
            Db::Sqlite(p) => sqlite::reads::meetings(p, filter).await,
            Db::Postgres(p) => postgres::reads::meetings(p, filter).await,
        }
    }

    /// [`Db::meetings`], each meeting from `parsed` when it holds the
    /// meeting's stored text as read now (the query runs as always; only
    /// the parsing is saved).
    pub async fn meetings_via(
        &self,
        filter: &MeetingFilter,
        parsed: &ParsedMeetings,
    ) -> Result<Vec<StoredMeeting>, StoreError> {
        let found = match self {
            Db::Sqlite(p) => sqlite::reads::meeting_rows(p, filter).await?,
            Db::Postgres(p) => postgres::reads::meeting_rows(p, filter).await?,
        };
        rows::all(found, |r| r.into_stored_via(parsed))
    }

    /// One meeting.
    pub async fn meeting(&self, id: &ItemId) -> Result<Option<StoredMeeting>, StoreError> {
        match self {
            Db::Sqlite(p) => sqlite::reads::meeting(p, id).await,
            Db::Postgres(p) => postgres::reads::meeting(p, id).await,
        }
    }

    /// The deadlines of these meetings and of these groups, by closing time.
    pub async fn deadlines(
        &self,
        meetings: &[impl AsRef<str>],
        groups: &[GroupSlug],
    ) -> Result<Vec<StoredDeadline>, StoreError> {
        let meetings: Vec<&str> = meetings.iter().map(AsRef::as_ref).collect();
        let owners = Some((meetings.as_slice(), groups));
        match self {
            Db::Sqlite(p) => sqlite::reads::deadlines(p, owners).await,
            Db::Postgres(p) => postgres::reads::deadlines(p, owners).await,
        }
    }

    /// One deadline.
    pub async fn deadline(&self, id: &ItemId) -> Result<Option<StoredDeadline>, StoreError> {
        match self {
            Db::Sqlite(p) => sqlite::reads::deadline(p, id).await,
            Db::Postgres(p) => postgres::reads::deadline(p, id).await,
        }
    }

    /// One list's notice of a batch of changes: its entries (JSON).
    pub async fn batch_notice(&self, id: &str) -> Result<Option<String>, StoreError> {
        match self {
            Db::Sqlite(p) => sqlite::reads::batch_notice(p, id).await,
            Db::Postgres(p) => postgres::reads::batch_notice(p, id).await,
        }
    }

    /// Everything, as a catalog (for feeds of many groups and for checks).
    pub async fn catalog(&self) -> Result<Catalog, StoreError> {
        let tree = self.groups().await?;
        let meetings = self.meetings(&MeetingFilter::default()).await?;
        let deadlines = match self {
            Db::Sqlite(p) => sqlite::reads::deadlines(p, None).await?,
            Db::Postgres(p) => postgres::reads::deadlines(p, None).await?,
        };
        rows::catalog(tree, meetings, deadlines)
    }

    /// A cheap stamp that changes with every write: the newest audit row.
    /// Feeds use it for `ETag` and `Last-Modified` without loading data.
    pub async fn stamp(&self) -> Result<Stamp, StoreError> {
        match self {
            Db::Sqlite(p) => sqlite::reads::stamp(p).await,
            Db::Postgres(p) => postgres::reads::stamp(p).await,
        }
    }

    /// The token with this secret hash (revoked ones too).
    pub async fn token_by_hash(&self, hash: &str) -> Result<Option<TokenRecord>, StoreError> {
        let row = match self {
            Db::Sqlite(p) => sqlite::groups_tokens::token_by_hash(p, hash).await?,
            Db::Postgres(p) => postgres::groups_tokens::token_by_hash(p, hash).await?,
        };
        row.map(TokenRow::into_record).transpose()
    }

    /// All tokens, newest first.
    pub async fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
        let rows = match self {
            Db::Sqlite(p) => sqlite::groups_tokens::tokens(p).await?,
            Db::Postgres(p) => postgres::groups_tokens::tokens(p).await?,
        };
        rows::all(rows, TokenRow::into_record)
    }

    /// Stores a new token.
    pub async fn create_token(&self, token: &TokenRecord) -> Result<(), StoreError> {
        let done = match self {
            Db::Sqlite(p) => sqlite::groups_tokens::create_token(p, token).await,
            Db::Postgres(p) => postgres::groups_tokens::create_token(p, token).await,
        };
        rows::unique(done, "token", &token.id)
    }

    /// Marks a token revoked; false when it was not there or already revoked.
    pub async fn revoke_token(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        match self {
            Db::Sqlite(p) => sqlite::groups_tokens::revoke_token(p, id, now).await,
            Db::Postgres(p) => postgres::groups_tokens::revoke_token(p, id, now).await,
        }
    }

    /// Takes one of `token`'s writes at `now` from its bucket, shared by
    /// every replica (see [`super::rate_limit`]): `Ok(Ok(()))`, or
    /// `Ok(Err(wait))` when the token has used its `per_minute` writes.
    pub async fn take_write(
        &self,
        token: &str,
        per_minute: u32,
        now: DateTime<Utc>,
    ) -> Result<Result<(), std::time::Duration>, StoreError> {
        match self {
            Db::Sqlite(p) => sqlite::rate_limits::take_write(p, token, per_minute, now).await,
            Db::Postgres(p) => postgres::rate_limits::take_write(p, token, per_minute, now).await,
        }
    }
}

/// What [`Db::migrate`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migrated {
    /// The migrations applied now: (version, description).
    pub applied: Vec<(i64, String)>,
    /// The database's version afterwards (its latest migration).
    pub version: i64,
}

impl Migrated {
    fn new(migrator: &sqlx::migrate::Migrator, before: &[i64]) -> Self {
        let ups = migrator
            .iter()
            .filter(|m| !m.migration_type.is_down_migration());
        let applied: Vec<(i64, String)> = ups
            .clone()
            .filter(|m| !before.contains(&m.version))
            .map(|m| (m.version, m.description.to_string()))
            .collect();
        let version = ups
            .map(|m| m.version)
            .chain(before.iter().copied())
            .max()
            .unwrap_or(0);
        Self { applied, version }
    }
}

impl std::fmt::Display for Migrated {
    /// `applied 2 migrations: 0002 group archive, 0003 write path; the
    /// database is at version 3`, or `nothing pending; …`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.applied.len() {
            0 => write!(f, "nothing pending")?,
            n => {
                let list: Vec<String> = self
                    .applied
                    .iter()
                    .map(|(v, d)| format!("{v:04} {d}"))
                    .collect();
                let s = if n == 1 { "" } else { "s" };
                write!(f, "applied {n} migration{s}: {}", list.join(", "))?;
            }
        }
        write!(f, "; the database is at version {}", self.version)
    }
}
