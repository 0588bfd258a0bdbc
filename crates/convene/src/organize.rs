//! The organizer pages' sessions (issue 18): signing in with an API token,
//! the session that remembers it, its CSRF value, signing out.
//!
//! A session id is 256 random bits, given to the browser once (the cookie)
//! and stored only as its SHA-256. The form's CSRF value is a second hash of
//! the id (`SHA-256("csrf:" || id)`): a page can show it, the store never
//! holds it, and it cannot be had without the cookie. Every request looks
//! the session up with its token, so a revoked token or an expired session
//! ends it at once. Before signing in, the sign-in form's CSRF value is
//! derived the same way from a short-lived random "pre-session" cookie.

use chrono::{DateTime, Duration, Utc};
use subtle::ConstantTimeEq;

use crate::config::Config;
use crate::schedule::{Actor, Scope};
use crate::store::{Db, StoreError, TokenRecord};
use crate::token::hash_secret;

/// Why a sign-in or a session failed, in the pages' words.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The token is unknown or revoked (one answer for both).
    #[error("this token is not valid")]
    BadToken,
    /// Too many attempts from this client.
    #[error("too many sign-in attempts")]
    Limited,
    /// No randomness.
    #[error("no randomness available: {0}")]
    Random(String),
    /// Storage failed.
    #[error("storage failed")]
    Store(#[from] StoreError),
}

/// A session just made: the id for the cookie (shown once) and when it ends.
#[derive(Debug)]
pub struct NewSession {
    /// The cookie's value.
    pub id: String,
    /// When it ends.
    pub expires: DateTime<Utc>,
}

/// A signed-in session: its token and its CSRF value.
#[derive(Debug, Clone)]
pub struct Session {
    /// The token it acts for (checked unrevoked).
    pub token: TokenRecord,
    /// The value every form carries in `csrf`.
    pub csrf: String,
}

impl Session {
    /// The token as the use cases see it (as `Authorization: Bearer` would):
    /// the audit log names the token.
    pub fn actor(&self) -> Actor {
        actor(&self.token)
    }
}

/// The actor of a token: `token:ID (NAME)`, scoped to its group unless admin.
pub fn actor(t: &TokenRecord) -> Actor {
    Actor {
        name: format!("token:{} ({})", t.id, t.name),
        scope: match (&t.group, t.admin) {
            (Some(g), false) => Scope::Group(g.clone()),
            _ => Scope::All,
        },
    }
}

/// 32 random bytes, hex.
pub fn random_id() -> Result<String, SessionError> {
    let mut buf = [0u8; 32];
    getrandom::fill(&mut buf).map_err(|e| SessionError::Random(e.to_string()))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// The CSRF value of a session (or pre-session) id.
pub fn csrf_of(id: &str) -> String {
    hash_secret(&format!("csrf:{id}"))
}

/// Whether `given` is the CSRF value of `id`, compared in constant time.
pub fn csrf_ok(id: &str, given: &str) -> bool {
    let want = csrf_of(id);
    want.len() == given.len() && bool::from(want.as_bytes().ct_eq(given.as_bytes()))
}

/// Signs in with a token's secret from `client`: a new session, or why not.
/// Attempts count against `organize.sign_in_per_minute` per client.
pub async fn sign_in(
    db: &Db,
    config: &Config,
    secret: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<NewSession, SessionError> {
    let per_minute = config.organize.sign_in_per_minute;
    if per_minute > 0
        && db
            .take_write(&format!("organize:sign-in:{client}"), per_minute, now)
            .await?
            .is_err()
    {
        return Err(SessionError::Limited);
    }
    let secret = secret.trim();
    if secret.is_empty() {
        return Err(SessionError::BadToken);
    }
    let token = match db.token_by_hash(&hash_secret(secret)).await? {
        Some(t) if t.revoked_at.is_none() => t,
        _ => return Err(SessionError::BadToken),
    };
    let id = random_id()?;
    let expires = now + Duration::minutes(i64::from(config.organize.session_minutes.max(1)));
    db.create_session(&hash_secret(&id), &token.id, now, expires)
        .await?;
    tracing::info!(token = %token.id, "organizer signed in");
    Ok(NewSession { id, expires })
}

/// The live session with this id: not expired, its token not revoked.
pub async fn session(db: &Db, id: &str, now: DateTime<Utc>) -> Result<Option<Session>, StoreError> {
    if id.is_empty() {
        return Ok(None);
    }
    let hash = hash_secret(id);
    match db.session_token(&hash, now).await? {
        Some(token) if token.revoked_at.is_none() => Ok(Some(Session {
            token,
            csrf: csrf_of(id),
        })),
        Some(_) => {
            // A revoked token ends its sessions.
            db.delete_session(&hash).await?;
            Ok(None)
        }
        None => Ok(None),
    }
}

/// Ends a session.
pub async fn sign_out(db: &Db, id: &str) -> Result<(), StoreError> {
    db.delete_session(&hash_secret(id)).await.map(drop)
}

#[cfg(test)]
mod tests {
    use super::{csrf_of, csrf_ok};

    #[test]
    fn csrf_is_bound_to_the_session() {
        let v = csrf_of("abc");
        assert!(csrf_ok("abc", &v));
        assert!(!csrf_ok("abd", &v));
        assert!(!csrf_ok("abc", ""));
        assert!(!csrf_ok("abc", &v[1..]));
        assert_ne!(v, crate::token::hash_secret("abc"), "not the stored hash");
    }
}
