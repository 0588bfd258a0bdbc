//! Groups over HTTP (admin tokens only): create, change, archive. The
//! handlers parse and render; the rules and the transaction are
//! `crate::schedule::groups`.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use convene_core::{GroupInput, GroupSlug};

use super::{body_key, from_object, json_answer, json_object, key_request, written};
use crate::http::AppState;
use crate::http::auth::Organizer;
use crate::http::error::ApiError;
use crate::http::extract::Path;
use crate::schedule::groups::{Archived, GroupSaved};
use crate::store::Answer;

/// A group as saved, and where its mails go.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = Group)]
struct GroupAnswer {
    /// The group as given.
    #[schema(value_type = crate::http::schema::GroupInputSchema)]
    group: GroupInput,
    /// Its own mailing list or the nearest ancestor's; `null` when none.
    effective_mailing_list: Option<String>,
    /// The language of the mails to its list: its own, else the nearest
    /// ancestor's, else the service's default (`i18n.default_language`).
    #[schema(value_type = crate::http::schema::Language)]
    effective_language: &'static str,
}

fn answer(status: StatusCode, s: &GroupSaved) -> Answer {
    let body = GroupAnswer {
        effective_language: s.effective_language.code(),
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
#[utoipa::path(
    post, path = "/api/v1/groups", operation_id = "create_group", tag = "groups",
    summary = "Create a group (admin tokens).",
    security(("bearer" = [])), params(("Idempotency-Key" = Option<String>, Header, description = "A retried request with the same key and body returns the first answer and changes nothing again; the same key with another body is a 422.", pattern = "^[!-~]{1,200}$")),
    request_body = crate::http::schema::GroupInputSchema,
    responses((status = 201, description = "Created (or, with `Idempotent-Replayed: true`, the answer of an earlier request with the same `Idempotency-Key`).", body = GroupAnswer), crate::http::schema::WriteErrors, crate::http::schema::Always)
)]
pub(in crate::http) async fn create(
    State(state): State<AppState>,
    who: Organizer,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let key = body_key(&headers, &who, "POST /api/v1/groups", &body)?;
    let input: GroupInput = from_object(json_object(body, state.config.server.max_body_bytes)?)?;
    let done = state
        .schedule
        .create_group(&who.actor(), input, key.as_ref(), created)
        .await?;
    Ok(written(done, created))
}

/// `PATCH /api/v1/groups/{slug}`: a JSON merge patch over the group as
/// given.
#[utoipa::path(
    patch, path = "/api/v1/groups/{slug}", operation_id = "patch_group", tag = "groups",
    summary = "Change a group's names, parent, mailing lists or language (admin tokens; JSON merge patch). The slug cannot change; moving a group under its own descendant, or a task group under a task group, is refused.",
    security(("bearer" = [])), params(("slug" = String, Path, description = "A group's slug.", pattern = "^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$", max_length = 40)),
    request_body(content = crate::http::schema::GroupInputSchema, content_type = "application/merge-patch+json"),
    responses((status = 200, description = "Changed.", body = GroupAnswer), crate::http::schema::WriteErrors, (status = 404, description = "No such group.", content_type = "application/problem+json", body = crate::http::schema::Problem), crate::http::schema::Always)
)]
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
#[utoipa::path(
    post, path = "/api/v1/groups/{slug}/archive", operation_id = "archive_group", tag = "groups",
    summary = "Archive a group (admin tokens): it keeps its history, its meetings can still be changed and cancelled, and it takes no new meetings or deadlines.",
    security(("bearer" = [])), params(("slug" = String, Path, description = "A group's slug.", pattern = "^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$", max_length = 40), ("Idempotency-Key" = Option<String>, Header, description = "A retried request with the same key and body returns the first answer and changes nothing again; the same key with another body is a 422.", pattern = "^[!-~]{1,200}$")),
    responses((status = 200, description = "Archived.", body = crate::http::schema::Archived),
        crate::http::schema::BadParameters, crate::http::schema::NeedsToken, (status = 404, description = "No such group.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 409, description = "A request with the same `Idempotency-Key` is under way.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 422, description = "The `Idempotency-Key` was used for another request.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 429, description = "The token made more writes than `server.write_rate_per_minute`.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
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
