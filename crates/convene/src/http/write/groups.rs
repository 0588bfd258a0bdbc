//! Groups over HTTP (admin tokens only): create, change, archive. The
//! handlers parse and render; the rules and the transaction are
//! `crate::schedule::groups`.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use convene_core::{GroupInput, GroupSlug};

use super::{from_object, json_answer, json_object, key_request, written};
use crate::http::AppState;
use crate::http::auth::Organizer;
use crate::http::error::ApiError;
use crate::http::extract::Path;
use crate::schedule::groups::{Archived, GroupSaved};
use crate::store::Answer;

#[derive(serde::Serialize)]
struct GroupAnswer {
    group: GroupInput,
    effective_mailing_list: Option<String>,
}

fn answer(status: StatusCode, s: &GroupSaved) -> Answer {
    let body = GroupAnswer {
        group: s.group.to_input(),
        effective_mailing_list: s
            .tree
            .effective_mailing_list(&s.group.slug)
            .map(|l| l.address.to_string()),
    };
    json_answer(status, &body, None, None)
}

fn created(s: &GroupSaved) -> Answer {
    answer(StatusCode::CREATED, s)
}

fn changed(s: &GroupSaved) -> Answer {
    answer(StatusCode::OK, s)
}

fn archived((slug, a): &(GroupSlug, Archived)) -> Answer {
    let body = serde_json::json!({ "slug": slug.as_str(), "archived": true, "changed": a.changed });
    json_answer(StatusCode::OK, &body, None, None)
}

/// `POST /api/v1/groups`; honours `Idempotency-Key`.
pub(in crate::http) async fn create(
    State(state): State<AppState>,
    who: Organizer,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let raw = body.as_ref().map(|b| b.to_vec()).unwrap_or_default();
    let key = key_request(&headers, &who, "POST /api/v1/groups", &raw)?;
    let input: GroupInput = from_object(json_object(body, state.config.server.max_body_bytes)?)?;
    let done = state
        .schedule
        .create_group(&who.actor(), input, key.as_ref(), created)
        .await?;
    Ok(written(done, created))
}

/// `PATCH /api/v1/groups/{slug}`: a JSON merge patch over the group as
/// given.
pub(in crate::http) async fn patch(
    State(state): State<AppState>,
    who: Organizer,
    Path(slug): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let patch = json_object(body, state.config.server.max_body_bytes)?;
    let done = state
        .schedule
        .patch_group(&who.actor(), &slug, patch, changed)
        .await?;
    Ok(written(done, changed))
}

/// `POST /api/v1/groups/{slug}/archive`; honours `Idempotency-Key`.
pub(in crate::http) async fn archive(
    State(state): State<AppState>,
    who: Organizer,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let key = key_request(
        &headers,
        &who,
        &format!("POST /api/v1/groups/{slug}/archive"),
        b"",
    )?;
    let done = state
        .schedule
        .archive_group(&who.actor(), &slug, key.as_ref(), archived)
        .await?;
    Ok(written(done, archived))
}
