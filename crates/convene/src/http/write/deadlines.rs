//! Deadlines: create, read, change (merge patch, `If-Match`), delete; tied
//! to a meeting or a group. Their reminders are planned anew on each change.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use convene_core::{DeadlineInput, ItemId};

use super::{from_object, if_match, json_answer, json_object, key_request, respond, written};
use crate::http::AppState;
use crate::http::api::deadline_view;
use crate::http::auth::Organizer;
use crate::http::error::ApiError;
use crate::http::extract::Path;
use crate::store::{Answer, StoredDeadline};

fn answer(status: StatusCode, d: &StoredDeadline) -> Answer {
    let location =
        (status == StatusCode::CREATED).then(|| format!("/api/v1/deadlines/{}", d.deadline.id()));
    json_answer(
        status,
        &deadline_view(&d.deadline, d.version),
        Some(d.version),
        location,
    )
}

fn created(d: &StoredDeadline) -> Answer {
    answer(StatusCode::CREATED, d)
}

fn changed(d: &StoredDeadline) -> Answer {
    answer(StatusCode::OK, d)
}

/// `POST /api/v1/deadlines`.
pub(in crate::http) async fn create(
    State(state): State<AppState>,
    who: Organizer,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let raw = body.as_ref().map(|b| b.to_vec()).unwrap_or_default();
    let key = key_request(&headers, &who, "POST /api/v1/deadlines", &raw)?;
    let input: DeadlineInput = from_object(json_object(body, state.config.server.max_body_bytes)?)?;
    let done = state
        .schedule
        .create_deadline(&who.actor(), input, key.as_ref(), created)
        .await?;
    Ok(written(done, created))
}

/// `GET /api/v1/deadlines/{id}`.
pub(in crate::http) async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::NotFound(format!("deadline {id:?} does not exist"));
    let parsed = ItemId::parse(&id).map_err(|_| not_found())?;
    let d = state.db.deadline(&parsed).await?.ok_or_else(not_found)?;
    Ok(respond(changed(&d), false))
}

/// `PATCH /api/v1/deadlines/{id}`: a JSON merge patch over the deadline as
/// given.
pub(in crate::http) async fn patch(
    State(state): State<AppState>,
    who: Organizer,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let patch = json_object(body, state.config.server.max_body_bytes)?;
    let done = state
        .schedule
        .patch_deadline(&who.actor(), &id, patch, if_match(&headers)?, changed)
        .await?;
    Ok(written(done, changed))
}

/// `DELETE /api/v1/deadlines/{id}`: 204; its pending reminders are dropped.
pub(in crate::http) async fn delete(
    State(state): State<AppState>,
    who: Organizer,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    state
        .schedule
        .delete_deadline(&who.actor(), &id, if_match(&headers)?)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
