//! Who reads: anyone, or the holder of a token. Reads need no token, but a
//! token whose scope covers one of a meeting's groups reads its
//! members-only join details ([`convene_core::join`]).

use std::borrow::Cow;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use convene_core::{Audience, GroupTree, Meeting};

use super::AppState;
use super::auth::Organizer;
use super::error::ApiError;

/// The reader of an `/api/v1` read: `None` without `Authorization`. A
/// header with an unknown or revoked token is refused (401), as on writes,
/// rather than read as anonymous.
#[derive(Debug, Clone)]
pub struct Reader(pub Option<Organizer>);

impl Reader {
    /// Members when the token is an admin token or its group is, or is an
    /// ancestor of, one of the meeting's groups; the public otherwise.
    pub fn audience(&self, tree: &GroupTree, meeting: &Meeting) -> Audience {
        match &self.0 {
            Some(Organizer(t)) if t.admin => Audience::Members,
            Some(Organizer(t)) => match &t.group {
                Some(scope)
                    if meeting
                        .groups()
                        .iter()
                        .any(|g| tree.is_self_or_ancestor(scope, g)) =>
                {
                    Audience::Members
                }
                _ => Audience::Public,
            },
            None => Audience::Public,
        }
    }

    /// The meeting as this reader may read it.
    pub fn meeting<'a>(&self, tree: &GroupTree, meeting: &'a Meeting) -> Cow<'a, Meeting> {
        convene_core::join::for_audience(tree, meeting, self.audience(tree, meeting))
    }
}

impl FromRequestParts<AppState> for Reader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if parts.headers.get(header::AUTHORIZATION).is_none() {
            return Ok(Reader(None));
        }
        Organizer::from_request_parts(parts, state)
            .await
            .map(|o| Reader(Some(o)))
    }
}
