//! Private feed links as stored (`feed_links`, migration 0008): the record,
//! its row, and the [`Db`] methods; the SQL is per backend in
//! `sqlite/feed_links.rs` and `postgres/feed_links.rs`.

use chrono::{DateTime, Utc};
use convene_core::GroupSlug;

use super::rows::At;
use super::{Db, StoreError, postgres, sqlite};

/// A private feed link (the secret itself is never stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedLink {
    /// Public id (`fl_…`), for listing and revoking.
    pub id: String,
    /// What it is for ("Ana's phone").
    pub label: String,
    /// SHA-256 of the secret, hex.
    pub secret_hash: String,
    /// The groups it shows.
    pub groups: Vec<GroupSlug>,
    /// Whether each group's subgroups (as they are when the feed is read)
    /// are in.
    pub subgroups: bool,
    /// Whether cancelled meetings stay in the feed.
    pub include_cancelled: bool,
    /// `token:ID`, `cli` or `mail`.
    pub created_by: String,
    /// The address a personal (mailed) link went to.
    pub email: Option<String>,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// `feed_links`' columns, as both backends read them.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct FeedLinkRow {
    id: String,
    label: String,
    secret_hash: String,
    groups: String,
    subgroups: bool,
    include_cancelled: bool,
    created_by: String,
    email: Option<String>,
    created_at: At,
    revoked_at: Option<At>,
}

/// The columns, in [`FeedLinkRow`]'s names.
pub(super) const COLUMNS: &str = "id, label, secret_hash, groups, subgroups, include_cancelled, created_by, email, created_at, revoked_at";

impl FeedLinkRow {
    fn into_record(self) -> Result<FeedLink, StoreError> {
        let slugs: Vec<String> =
            serde_json::from_str(&self.groups).map_err(|e| StoreError::Corrupt {
                what: "feed link",
                id: self.id.clone(),
                why: format!("groups: {e}"),
            })?;
        Ok(FeedLink {
            groups: slugs
                .iter()
                .filter_map(|g| GroupSlug::parse(g).ok())
                .collect(),
            id: self.id,
            label: self.label,
            secret_hash: self.secret_hash,
            subgroups: self.subgroups,
            include_cancelled: self.include_cancelled,
            created_by: self.created_by,
            email: self.email,
            created_at: self.created_at.get()?,
            revoked_at: At::get_opt(self.revoked_at)?,
        })
    }
}

/// The groups column's text.
pub(super) fn groups_json(link: &FeedLink) -> String {
    let slugs: Vec<&str> = link.groups.iter().map(GroupSlug::as_str).collect();
    serde_json::Value::from(slugs).to_string()
}

impl Db {
    /// Stores a new link.
    pub async fn create_feed_link(&self, link: &FeedLink) -> Result<(), StoreError> {
        let done = match self {
            Db::Sqlite(p) => sqlite::feed_links::create(p, link).await,
            Db::Postgres(p) => postgres::feed_links::create(p, link).await,
        };
        super::rows::unique(done, "feed link", &link.id)
    }

    /// The link with this secret hash, revoked ones too.
    pub async fn feed_link_by_hash(&self, hash: &str) -> Result<Option<FeedLink>, StoreError> {
        let row = match self {
            Db::Sqlite(p) => sqlite::feed_links::by_hash(p, hash).await?,
            Db::Postgres(p) => postgres::feed_links::by_hash(p, hash).await?,
        };
        row.map(FeedLinkRow::into_record).transpose()
    }

    /// The link with this id, revoked ones too.
    pub async fn feed_link(&self, id: &str) -> Result<Option<FeedLink>, StoreError> {
        let row = match self {
            Db::Sqlite(p) => sqlite::feed_links::by_id(p, id).await?,
            Db::Postgres(p) => postgres::feed_links::by_id(p, id).await?,
        };
        row.map(FeedLinkRow::into_record).transpose()
    }

    /// Every link, newest first.
    pub async fn feed_links(&self) -> Result<Vec<FeedLink>, StoreError> {
        let rows = match self {
            Db::Sqlite(p) => sqlite::feed_links::all(p).await?,
            Db::Postgres(p) => postgres::feed_links::all(p).await?,
        };
        rows.into_iter().map(FeedLinkRow::into_record).collect()
    }

    /// Marks a link revoked; false when it was not there or already revoked.
    pub async fn revoke_feed_link(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        match self {
            Db::Sqlite(p) => sqlite::feed_links::revoke(p, id, now).await,
            Db::Postgres(p) => postgres::feed_links::revoke(p, id, now).await,
        }
    }
}
