//! `/api/v1/feed-links`: private feed links, by a token whose scope covers
//! the groups (the use cases are in `crate::feed_links`). The secret is in
//! the answer to `POST` only; it is never stored, listed or logged.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::AppState;
use super::auth::Organizer;
use super::error::ApiError;
use super::extract::Path;
use super::write::{from_object, json_object, json_response};
use crate::feed_links::{self, NewFeedLink};
use crate::store::FeedLink;

/// The body of `POST /api/v1/feed-links`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct NewFeedLinkBody {
    /// What the link is for ("Ana's phone"), one line.
    #[schema(value_type = crate::http::schema::OneLine)]
    label: String,
    /// The groups it shows (slugs), each in the token's scope.
    #[schema(value_type = Vec<crate::http::schema::Slug>, min_items = 1)]
    groups: Vec<String>,
    /// `true`: each group's subgroups too, as the tree is when the feed is
    /// read (a task group created later appears).
    #[serde(default)]
    subgroups: bool,
    /// `true`: cancelled meetings stay in the feed (with their reason).
    #[serde(default)]
    include_cancelled: bool,
}

/// A feed link as listed: never its secret.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct FeedLinkView {
    /// The id, for `DELETE`.
    id: String,
    /// What it is for.
    label: String,
    /// The groups it shows.
    groups: Vec<String>,
    /// Whether subgroups are followed.
    subgroups: bool,
    /// Whether cancelled meetings stay.
    include_cancelled: bool,
    /// `token:ID`, `cli` or `mail` (asked for on a group's page).
    created_by: String,
    /// When created, UTC.
    created_at: String,
    /// When revoked, UTC; `null` while live.
    revoked_at: Option<String>,
}

/// The answer to `POST`: the link, and its URL, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct CreatedFeedLink {
    #[serde(flatten)]
    link: FeedLinkView,
    /// `{server.public_url}/calendars/private/{secret}.ics`: the secret
    /// (256 random bits, base64url) is shown only here.
    url: String,
}

/// Every link the token may see.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct FeedLinks {
    /// Newest first, revoked ones too.
    feed_links: Vec<FeedLinkView>,
}

fn view(l: &FeedLink) -> FeedLinkView {
    FeedLinkView {
        id: l.id.clone(),
        label: l.label.clone(),
        groups: l.groups.iter().map(|g| g.to_string()).collect(),
        subgroups: l.subgroups,
        include_cancelled: l.include_cancelled,
        created_by: l.created_by.clone(),
        created_at: crate::schedule::utc(l.created_at),
        revoked_at: l.revoked_at.map(crate::schedule::utc),
    }
}

#[utoipa::path(
    post, path = "/api/v1/feed-links", operation_id = "create_feed_link", tag = "feeds",
    summary = "Create a private feed link: its URL, shown once, gives the groups' meetings with members' join details.",
    security(("bearer" = [])), request_body = NewFeedLinkBody,
    responses((status = 201, description = "Created; `url` holds the secret, shown only now.", body = CreatedFeedLink),
        (status = 400, description = "Malformed JSON.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::NeedsToken,
        (status = 413, description = "The body is larger than `server.max_body_bytes`.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 422, description = "Invalid fields (label, unknown groups), each named in `errors`.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 429, description = "The token made more writes than `server.write_rate_per_minute`.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
pub(super) async fn create(
    State(state): State<AppState>,
    who: Organizer,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let map = json_object(body, state.config.server.max_body_bytes)?;
    let b: NewFeedLinkBody = from_object(map)?;
    let req = NewFeedLink {
        label: b.label,
        groups: b.groups,
        subgroups: b.subgroups,
        include_cancelled: b.include_cancelled,
    };
    let now = state.schedule.clock.now();
    let by = format!("token:{}", who.0.id);
    let made = feed_links::create(&state.db, &who.actor(), &req, &by, None, now).await?;
    let answer = CreatedFeedLink {
        link: view(&made.link),
        url: format!("{}{}", state.config.server.public_url, made.path()),
    };
    Ok(json_response(StatusCode::CREATED, &answer, &[]))
}

#[utoipa::path(
    get, path = "/api/v1/feed-links", operation_id = "list_feed_links", tag = "feeds",
    summary = "The private feed links whose groups are all in the token's scope, without their secrets.",
    security(("bearer" = [])),
    responses((status = 200, description = "The links.", body = FeedLinks),
        crate::http::schema::NeedsToken, crate::http::schema::Always)
)]
pub(super) async fn list(
    State(state): State<AppState>,
    who: Organizer,
) -> Result<Response, ApiError> {
    let links = feed_links::list(&state.db, &who.actor()).await?;
    let answer = FeedLinks {
        feed_links: links.iter().map(view).collect(),
    };
    Ok(json_response(StatusCode::OK, &answer, &[]))
}

#[utoipa::path(
    delete, path = "/api/v1/feed-links/{id}", operation_id = "revoke_feed_link", tag = "feeds",
    summary = "Revoke a private feed link: its URL then answers 404, exactly as an unknown one.",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The link's id (`fl_…`).", max_length = 40)),
    responses((status = 204, description = "Revoked."),
        crate::http::schema::NeedsToken,
        (status = 404, description = "No such link in the token's scope.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 409, description = "Already revoked.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 429, description = "The token made more writes than `server.write_rate_per_minute`.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
pub(super) async fn revoke(
    State(state): State<AppState>,
    who: Organizer,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let now = state.schedule.clock.now();
    feed_links::revoke(&state.db, &who.actor(), &id, now).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
