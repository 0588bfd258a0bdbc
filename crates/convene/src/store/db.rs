//! [`Db`]: the backend picked from the URL scheme at start-up, and its
//! [`Store`] impl, which hands every call to that backend.

use chrono::{DateTime, Utc};
use convene_core::{Catalog, GroupSlug, GroupTree, ItemId};

use super::{
    MeetingFilter, OutboxMail, Stamp, Store, StoreError, StoredDeadline, StoredMeeting,
    TokenRecord, postgres, sqlite,
};

/// The backend chosen at start-up from the URL scheme.
#[derive(Debug, Clone)]
pub enum Db {
    /// `sqlite:PATH`.
    Sqlite(sqlite::SqliteStore),
    /// `postgres://…`.
    Postgres(postgres::PgStore),
}

impl Db {
    /// Connects to `sqlite:PATH` (created if missing) or `postgres://…`,
    /// with a pool of at most `max_connections`.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Db::Sqlite(
                sqlite::SqliteStore::connect(url, max_connections).await?,
            ))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Db::Postgres(
                postgres::PgStore::connect(url, max_connections).await?,
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
}

macro_rules! delegate {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            Db::Sqlite($s) => $e.await,
            Db::Postgres($s) => $e.await,
        }
    };
}

impl Store for Db {
    async fn ping(&self) -> Result<(), StoreError> {
        delegate!(self, s => s.ping())
    }
    async fn migrate(&self) -> Result<(), StoreError> {
        delegate!(self, s => s.migrate())
    }
    async fn groups(&self) -> Result<GroupTree, StoreError> {
        delegate!(self, s => s.groups())
    }
    async fn meetings(&self, filter: &MeetingFilter) -> Result<Vec<StoredMeeting>, StoreError> {
        delegate!(self, s => s.meetings(filter))
    }
    async fn meeting(&self, id: &ItemId) -> Result<Option<StoredMeeting>, StoreError> {
        delegate!(self, s => s.meeting(id))
    }
    async fn deadlines(
        &self,
        meetings: &[ItemId],
        groups: &[GroupSlug],
    ) -> Result<Vec<StoredDeadline>, StoreError> {
        delegate!(self, s => s.deadlines(meetings, groups))
    }
    async fn catalog(&self) -> Result<Catalog, StoreError> {
        delegate!(self, s => s.catalog())
    }
    async fn outbox(&self) -> Result<Vec<OutboxMail>, StoreError> {
        delegate!(self, s => s.outbox())
    }
    async fn stamp(&self) -> Result<Stamp, StoreError> {
        delegate!(self, s => s.stamp())
    }
    async fn token_by_hash(&self, hash: &str) -> Result<Option<TokenRecord>, StoreError> {
        delegate!(self, s => s.token_by_hash(hash))
    }
    async fn deadline(&self, id: &ItemId) -> Result<Option<StoredDeadline>, StoreError> {
        delegate!(self, s => s.deadline(id))
    }
    async fn save_group(
        &self,
        group: &convene_core::Group,
        create: bool,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        delegate!(self, s => s.save_group(group, create, actor, now))
    }
    async fn archive_group(
        &self,
        slug: &GroupSlug,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        delegate!(self, s => s.archive_group(slug, actor, now))
    }
    async fn archived_groups(&self) -> Result<Vec<GroupSlug>, StoreError> {
        delegate!(self, s => s.archived_groups())
    }
    async fn create_token(&self, token: &TokenRecord) -> Result<(), StoreError> {
        delegate!(self, s => s.create_token(token))
    }
    async fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
        delegate!(self, s => s.tokens())
    }
    async fn revoke_token(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        delegate!(self, s => s.revoke_token(id, now))
    }
}
