//! Deadlines: create, read, change (merge patch, `If-Match`), delete; tied
//! to a meeting or a group. Their reminders are planned anew on each change.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use convene_core::{DeadlineInput, ItemId};

use super::{
    body_key, from_object, if_match, json_answer, json_object, respond, take_notify, written,
};
use crate::http::AppState;
use crate::http::api::deadline_view;
use crate::http::auth::Organizer;
use crate::http::error::ApiError;
use crate::http::extract::{Path, Query};
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
#[utoipa::path(
    post, path = "/api/v1/deadlines", operation_id = "create_deadline", tag = "deadlines",
    summary = "Create a deadline for a meeting or a group; its reminders are planned.",
    security(("bearer" = [])), params(("Idempotency-Key" = Option<String>, Header, description = "A retried request with the same key and body returns the first answer and changes nothing again; the same key with another body is a 422.", pattern = "^[!-~]{1,200}$")),
    request_body = crate::http::schema::DeadlineWrite,
    responses((status = 201, description = "Created. A retry with the same `Idempotency-Key` and body gets this answer again, whole, with `Idempotent-Replayed: true`.", body = crate::http::api::DeadlineView, headers(("ETag" = String, description = "The version, `\"N\"`."), ("Location" = String, description = "The new item's URL."))),
        crate::http::schema::WriteErrors,
        (status = 409, description = "A request with the same `Idempotency-Key` is under way.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
pub(in crate::http) async fn create(
    State(state): State<AppState>,
    who: Organizer,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let key = body_key(&headers, &who, "POST /api/v1/deadlines", &body)?;
    let mut map = json_object(body, state.config.server.max_body_bytes)?;
    let notify = take_notify(&mut map)?;
    let input: DeadlineInput = from_object(map)?;
    let done = state
        .schedule
        .create_deadline(&who.actor(), input, notify, key.as_ref(), created)
        .await?;
    Ok(written(done, created))
}

/// `GET /api/v1/deadlines/{id}`.
#[utoipa::path(
    get, path = "/api/v1/deadlines/{id}", operation_id = "get_deadline", tag = "deadlines",
    summary = "One deadline.", params(("id" = String, Path, description = "A meeting's or deadline's stable id.", pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64)),
    responses((status = 200, description = "The deadline.", body = crate::http::api::DeadlineView, headers(("ETag" = String, description = "The version, `\"N\"`: send it as `If-Match`."))), crate::http::schema::BadParameters, (status = 404, description = "No such deadline.", content_type = "application/problem+json", body = crate::http::schema::Problem), crate::http::schema::Always)
)]
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
#[utoipa::path(
    patch, path = "/api/v1/deadlines/{id}", operation_id = "patch_deadline", tag = "deadlines",
    summary = "Change a deadline (JSON merge patch over it as given); its reminders are planned anew.",
    security(("bearer" = [])), params(("id" = String, Path, description = "A meeting's or deadline's stable id.", pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64), ("If-Match" = Option<String>, Header, description = "The ETag (version) the change is based on, e.g. `\"3\"`; a stale one gives 412.", pattern = "^(?:W/)?\"?[0-9]{1,18}\"?$")),
    request_body(content = crate::http::schema::DeadlineWrite, content_type = "application/merge-patch+json"),
    responses((status = 200, description = "Changed.", body = crate::http::api::DeadlineView, headers(("ETag" = String, description = "The version, `\"N\"`: send it as `If-Match`."))),
        crate::http::schema::WriteErrors, (status = 404, description = "No such deadline.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 412, description = "`If-Match` names another version than the stored one.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
pub(in crate::http) async fn patch(
    State(state): State<AppState>,
    who: Organizer,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let mut patch = json_object(body, state.config.server.max_body_bytes)?;
    let notify = take_notify(&mut patch)?;
    let done = state
        .schedule
        .patch_deadline(
            &who.actor(),
            &id,
            patch,
            if_match(&headers)?,
            notify,
            changed,
        )
        .await?;
    Ok(written(done, changed))
}

/// `DELETE`'s parameters.
#[derive(Debug, serde::Deserialize)]
pub(in crate::http) struct DeleteQuery {
    /// `false`: recorded as a silent change.
    notify: Option<bool>,
}

/// `DELETE /api/v1/deadlines/{id}`: 204; its pending reminders are dropped.
#[utoipa::path(
    delete, path = "/api/v1/deadlines/{id}", operation_id = "delete_deadline", tag = "deadlines",
    summary = "Delete a deadline; its pending reminders are dropped.",
    security(("bearer" = [])), params(("id" = String, Path, description = "A meeting's or deadline's stable id.", pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64), ("If-Match" = Option<String>, Header, description = "The ETag (version) the change is based on, e.g. `\"3\"`; a stale one gives 412.", pattern = "^(?:W/)?\"?[0-9]{1,18}\"?$"), ("notify" = Option<bool>, Query, description = "`false`: a silent change (no mail is sent for a deletion either way; the history marks it silent).")),
    responses((status = 204, description = "Deleted."),
        crate::http::schema::BadParameters, crate::http::schema::NeedsToken, (status = 404, description = "No such deadline.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 412, description = "`If-Match` names another version than the stored one.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 429, description = "The token made more writes than `server.write_rate_per_minute`.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
pub(in crate::http) async fn delete(
    State(state): State<AppState>,
    who: Organizer,
    Path(id): Path<String>,
    Query(q): Query<DeleteQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    state
        .schedule
        .delete_deadline(
            &who.actor(),
            &id,
            if_match(&headers)?,
            q.notify.unwrap_or(true),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
