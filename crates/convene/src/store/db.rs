//! [`Db`]: the backend picked from the URL scheme at start-up, and the
//! storage interface. Each method picks the backend's SQL function with one
//! `match` and does the rest (checks, row mapping in `rows.rs`) once.
//! Writes of the schedule go through [`Db::begin_write`] (`tx.rs`); the
//! outbox queue's methods are in `outbox.rs`.

use chrono::{DateTime, Utc};
use convene_core::{Catalog, Group, GroupSlug, GroupTree, ItemId};
use sqlx::{PgPool, SqlitePool};

use super::rows::{self, TokenRow};
use super::tx::GroupWrite;
use super::{
    MeetingFilter, Stamp, StoreError, StoredDeadline, StoredMeeting, TokenRecord, migrate_error,
    postgres, sqlite, to_json,
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

    /// Applies pending migrations; refuses a database newer than this binary.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let (migrator, done) = match self {
            Db::Sqlite(p) => (&sqlite::MIGRATOR, sqlite::MIGRATOR.run(p).await),
            Db::Postgres(p) => (&postgres::MIGRATOR, postgres::MIGRATOR.run(p).await),
        };
        done.map_err(|e| migrate_error(e, migrator))
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
        meetings: &[ItemId],
        groups: &[GroupSlug],
    ) -> Result<Vec<StoredDeadline>, StoreError> {
        let owners = Some((meetings, groups));
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

    /// Creates a group (`create`) or replaces an existing one.
    pub async fn save_group(
        &self,
        group: &Group,
        create: bool,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let slug = group.slug.as_str();
        let exists = tx.group_version(slug, !create).await?.is_some();
        rows::group_presence(create, exists, slug)?;
        let depth = match &group.parent {
            Some(p) => tx
                .child_depth(p)
                .await?
                .ok_or_else(|| StoreError::NotFound {
                    what: "group",
                    id: p.to_string(),
                })?,
            None => 0,
        };
        let json = to_json(&group.to_input());
        let how = if create {
            GroupWrite::Create
        } else {
            GroupWrite::Update
        };
        if !tx.write_group(group, how, depth, &json, now).await? {
            // Created or removed meanwhile.
            rows::group_presence(create, create, slug)?;
        }
        let action = if create { "create" } else { "update" };
        tx.audit(now, actor, action, ("group", slug), &json).await?;
        tx.commit().await
    }

    /// Archives a group: it keeps its history but takes no new meetings.
    /// False when it was already archived.
    pub async fn archive_group(
        &self,
        slug: &GroupSlug,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        if !tx.archive_group(slug, now).await? {
            let exists = tx.group_version(slug.as_str(), false).await?.is_some();
            rows::group_presence(false, exists, slug.as_str())?;
            return Ok(false);
        }
        let subject = ("group", slug.as_str());
        tx.audit(now, actor, "archive", subject, "{}").await?;
        tx.commit().await?;
        Ok(true)
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
}
