//! Deadlines: create, read, change (merge patch, `If-Match`), delete; tied
//! to a meeting or a group. Their reminders are planned anew on each change.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use convene_core::reminder::plan_deadline;
use convene_core::{Deadline, DeadlineInput, Defaults, GroupSlug, ItemId, Owner};
use serde_json::Value;

use super::{etag, from_object, idempotent, if_match, json_object, json_response, merge_patch};
use crate::http::AppState;
use crate::http::api::deadline_view;
use crate::http::auth::Organizer;
use crate::http::error::ApiError;
use crate::http::extract::Path;
use crate::store::{Store, StoredDeadline};

/// Validates a deadline (zone defaulting to its meeting's), checks its owner
/// exists and is in the caller's scope, and plans its reminders.
async fn check(
    state: &AppState,
    who: &Organizer,
    input: &DeadlineInput,
) -> Result<(Deadline, Vec<convene_core::PlannedMail>), ApiError> {
    let meeting =
        match input.meeting.as_deref().map(ItemId::parse) {
            Some(Ok(id)) => {
                Some(state.db.meeting(&id).await?.ok_or_else(|| {
                    ApiError::field("meeting", format!("{id:?} is not a meeting"))
                })?)
            }
            _ => None,
        };
    let defaults = Defaults {
        zone: meeting
            .as_ref()
            .map_or(state.config.default_zone(), |m| m.meeting.zone()),
    };
    let deadline = input
        .validate(&defaults)
        .map_err(|e| ApiError::Unprocessable {
            detail: "the deadline has invalid fields".into(),
            errors: e.0,
        })?;
    let tree = state.db.groups().await?;
    let groups: Vec<GroupSlug> = match (deadline.owner(), &meeting) {
        (Owner::Meeting(_), Some(m)) => m.meeting.groups().to_vec(),
        (Owner::Group(g), _) if tree.contains(g) => vec![g.clone()],
        (Owner::Group(g), _) => {
            return Err(ApiError::field(
                "group",
                format!("{g:?} is not a known group"),
            ));
        }
        (Owner::Meeting(m), None) => {
            return Err(ApiError::field(
                "meeting",
                format!("{m:?} is not a meeting"),
            ));
        }
    };
    who.require_groups(&tree, &groups)?;
    let mails = plan_deadline(
        &tree,
        &deadline,
        meeting.as_ref().map(|m| &m.meeting),
        &state.config.reminders,
        Utc::now(),
    );
    Ok((deadline, mails))
}

fn answer(status: StatusCode, d: &StoredDeadline) -> Response {
    let mut headers = vec![(header::ETAG, etag(d.version))];
    if status == StatusCode::CREATED
        && let Ok(v) =
            header::HeaderValue::from_str(&format!("/api/v1/deadlines/{}", d.deadline.id()))
    {
        headers.push((header::LOCATION, v));
    }
    json_response(status, &deadline_view(&d.deadline, d.version), &headers)
}

/// `POST /api/v1/deadlines`.
pub(in crate::http) async fn create(
    State(state): State<AppState>,
    who: Organizer,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let raw = body.as_ref().map(|b| b.to_vec()).unwrap_or_default();
    idempotent(
        &state,
        &who,
        &headers,
        "POST /api/v1/deadlines",
        &raw,
        || async {
            let input: DeadlineInput =
                from_object(json_object(body, state.config.server.max_body_bytes)?)?;
            let (deadline, mails) = check(&state, &who, &input).await?;
            let stored = state
                .db
                .save_deadline(&deadline, None, &mails, &who.actor(), Utc::now())
                .await?;
            Ok(answer(StatusCode::CREATED, &stored))
        },
    )
    .await
}

async fn load(state: &AppState, id: &str) -> Result<(ItemId, StoredDeadline), ApiError> {
    let not_found = || ApiError::NotFound(format!("deadline {id:?} does not exist"));
    let id = ItemId::parse(id).map_err(|_| not_found())?;
    let d = state.db.deadline(&id).await?.ok_or_else(not_found)?;
    Ok((id, d))
}

/// `GET /api/v1/deadlines/{id}`.
pub(in crate::http) async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (_, d) = load(&state, &id).await?;
    Ok(answer(StatusCode::OK, &d))
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
    let expected = if_match(&headers)?;
    let (id, old) = load(&state, &id).await?;
    if let Some(v) = patch.get("id")
        && v.as_str() != Some(id.as_str())
    {
        return Err(ApiError::field("id", "the id of a deadline cannot change"));
    }
    // The caller must be allowed to touch the deadline as it is, too.
    check(&state, &who, &old.deadline.to_input()).await?;
    let mut doc = serde_json::to_value(old.deadline.to_input()).unwrap_or(Value::Null);
    merge_patch(&mut doc, Value::Object(patch));
    let input: DeadlineInput = match doc {
        Value::Object(map) => from_object(map)?,
        _ => return Err(ApiError::field("body", "must be a JSON object")),
    };
    let (deadline, mails) = check(&state, &who, &input).await?;
    let stored = state
        .db
        .save_deadline(
            &deadline,
            Some(expected.unwrap_or(old.version)),
            &mails,
            &who.actor(),
            Utc::now(),
        )
        .await?;
    Ok(answer(StatusCode::OK, &stored))
}

/// `DELETE /api/v1/deadlines/{id}`: 204; its pending reminders are dropped.
pub(in crate::http) async fn delete(
    State(state): State<AppState>,
    who: Organizer,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let (id, old) = load(&state, &id).await?;
    check(&state, &who, &old.deadline.to_input()).await?;
    state
        .db
        .delete_deadline(&id, expected, &who.actor(), Utc::now())
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
