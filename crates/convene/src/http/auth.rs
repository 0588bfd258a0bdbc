//! Who is calling: a Bearer token, looked up by the SHA-256 of its secret.
//! Reads are public; every write asks for an [`Organizer`], and checks its
//! scope: an admin token acts on everything, a group token on its group and
//! that group's descendants.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, header};

use super::AppState;
use super::error::ApiError;
use crate::schedule::Actor;
use crate::store::TokenRecord;
use crate::token::hash_secret;

/// An authenticated caller with a valid (unrevoked) token.
#[derive(Debug, Clone)]
pub struct Organizer(pub TokenRecord);

impl Organizer {
    /// The token as the use cases see it: its name for the audit log, and
    /// its scope.
    pub fn actor(&self) -> Actor {
        crate::organize::actor(&self.0)
    }

    /// Refuses unless the token is an admin token.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.0.admin {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "token {} may act on group {} and its subgroups only; this needs an admin token",
                self.0.id,
                self.0.group.as_ref().map_or("?", |g| g.as_str())
            )))
        }
    }
}

impl FromRequestParts<AppState> for Organizer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
            return Err(ApiError::Unauthorized {
                detail: "this request needs a token: send `Authorization: Bearer <token>`".into(),
                invalid_token: false,
            });
        };
        let secret = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| ApiError::Unauthorized {
                detail: "the Authorization header must be `Bearer <token>`".into(),
                invalid_token: true,
            })?;
        let record = state.db.token_by_hash(&hash_secret(secret)).await?;
        match record {
            Some(t) if t.revoked_at.is_none() => {
                // Writes count against the token's rate limit; reads do not.
                if parts.method != Method::GET && parts.method != Method::HEAD {
                    state.write_limiter.check(&t.id).await?;
                }
                Ok(Organizer(t))
            }
            Some(_) => Err(ApiError::Unauthorized {
                detail: "this token was revoked".into(),
                invalid_token: true,
            }),
            None => Err(ApiError::Unauthorized {
                detail: "this token is not known".into(),
                invalid_token: true,
            }),
        }
    }
}
