//! API tokens: a random secret shown once; only its SHA-256 is stored.

use chrono::{DateTime, Utc};
use convene_core::GroupSlug;
use sha2::{Digest, Sha256};

use crate::store::{Db, StoreError, TokenRecord};

/// Why a token could not be made.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The system's random source failed.
    #[error("no randomness available: {0}")]
    Random(String),
    /// The group is unknown.
    #[error("group {0:?} does not exist")]
    UnknownGroup(String),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn random_hex(bytes: usize) -> Result<String, TokenError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| TokenError::Random(e.to_string()))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// SHA-256 of a secret, hex.
pub fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A token just made: the record stored and the secret to show once.
#[derive(Debug)]
pub struct NewToken {
    /// As stored.
    pub record: TokenRecord,
    /// `cvn_…`: shown once, never stored.
    pub secret: String,
}

/// Makes and stores a token, admin or scoped to a group (and its
/// descendants).
pub async fn create(
    store: &Db,
    name: &str,
    group: Option<&str>,
    now: DateTime<Utc>,
) -> Result<NewToken, TokenError> {
    let group = match group {
        Some(g) => {
            let slug = GroupSlug::parse(g).map_err(|_| TokenError::UnknownGroup(g.to_owned()))?;
            if !store.groups().await?.contains(&slug) {
                return Err(TokenError::UnknownGroup(g.to_owned()));
            }
            Some(slug)
        }
        None => None,
    };
    let secret = format!("cvn_{}", random_hex(32)?);
    let record = TokenRecord {
        id: random_hex(6)?,
        name: name.to_owned(),
        admin: group.is_none(),
        group,
        secret_hash: hash_secret(&secret),
        created_at: now,
        revoked_at: None,
    };
    store.create_token(&record).await?;
    Ok(NewToken { record, secret })
}
