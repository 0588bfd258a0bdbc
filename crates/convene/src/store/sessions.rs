//! Organizer sessions as stored (`organizer_sessions`, migration 0011):
//! the [`Db`] methods; the SQL is per backend in `sqlite/sessions.rs` and
//! `postgres/sessions.rs`. Only a hash of a session's id is kept.

use chrono::{DateTime, Utc};

use super::rows::TokenRow;
use super::{Db, StoreError, TokenRecord, postgres, sqlite};

impl Db {
    /// Stores a session (by the hash of its id) for `token_id` until
    /// `expires`, and deletes sessions that have expired by `now`.
    pub async fn create_session(
        &self,
        id_hash: &str,
        token_id: &str,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        match self {
            Db::Sqlite(p) => sqlite::sessions::create(p, id_hash, token_id, now, expires).await,
            Db::Postgres(p) => postgres::sessions::create(p, id_hash, token_id, now, expires).await,
        }
    }

    /// The token of the session with this id hash, unless the session has
    /// expired by `now` (the token may be revoked: the caller checks).
    pub async fn session_token(
        &self,
        id_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<TokenRecord>, StoreError> {
        let row: Option<TokenRow> = match self {
            Db::Sqlite(p) => sqlite::sessions::token(p, id_hash, now).await?,
            Db::Postgres(p) => postgres::sessions::token(p, id_hash, now).await?,
        };
        row.map(TokenRow::into_record).transpose()
    }

    /// Deletes a session (signing out); false when it was not there.
    pub async fn delete_session(&self, id_hash: &str) -> Result<bool, StoreError> {
        match self {
            Db::Sqlite(p) => sqlite::sessions::delete(p, id_hash).await,
            Db::Postgres(p) => postgres::sessions::delete(p, id_hash).await,
        }
    }
}
