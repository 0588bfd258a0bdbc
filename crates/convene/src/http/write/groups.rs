//! Groups (admin tokens only): create, change (name, parent, mailing list,
//! by merge patch), archive. The tree is checked whole after each change:
//! moving a group under its own descendant is refused.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::response::Response;
use convene_core::{Group, GroupInput, GroupSlug, GroupTree, TreeError};
use serde_json::Value;

use super::{from_object, json_object, json_response};
use crate::http::AppState;
use crate::http::auth::Organizer;
use crate::http::error::ApiError;
use crate::http::extract::Path;
use crate::schedule::change_meeting::merge_patch;
use crate::store::Store;

fn invalid(e: convene_core::FieldErrors) -> ApiError {
    ApiError::Unprocessable {
        detail: "the group has invalid fields".into(),
        errors: e.0,
    }
}

/// The tree with `group` put in (added or replacing its old self).
fn tree_with(tree: &GroupTree, group: &Group) -> Result<GroupTree, ApiError> {
    let others = tree.iter().filter(|g| g.slug != group.slug).cloned();
    GroupTree::new(others.chain([group.clone()])).map_err(|e| {
        let _: &TreeError = &e;
        let f = e.to_field_error();
        ApiError::field(&f.field, f.message)
    })
}

/// A group as saved, and where its mails go.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = Group)]
struct GroupAnswer {
    /// The group as given.
    #[schema(value_type = crate::http::schema::GroupInputSchema)]
    group: GroupInput,
    /// Its own mailing list or the nearest ancestor's; `null` when none.
    effective_mailing_list: Option<String>,
}

fn answer(status: StatusCode, tree: &GroupTree, g: &Group) -> Response {
    json_response(
        status,
        &GroupAnswer {
            group: g.to_input(),
            effective_mailing_list: tree
                .effective_mailing_list(&g.slug)
                .map(|l| l.address.to_string()),
        },
        &[],
    )
}

/// `POST /api/v1/groups`. A group's slug is its key: sending the same
/// request again answers 422 "already exists" and changes nothing.
#[utoipa::path(
    post, path = "/api/v1/groups", operation_id = "create_group", tag = "groups",
    summary = "Create a group (admin tokens).",
    security(("bearer" = [])),
    request_body = crate::http::schema::GroupInputSchema,
    responses((status = 201, description = "Created.", body = GroupAnswer), crate::http::schema::WriteErrors, crate::http::schema::Always)
)]
pub(in crate::http) async fn create(
    State(state): State<AppState>,
    who: Organizer,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    who.require_admin()?;
    let input: GroupInput = from_object(json_object(body, state.config.server.max_body_bytes)?)?;
    let group = input.validate().map_err(invalid)?;
    let tree = state.db.groups().await?;
    if tree.contains(&group.slug) {
        return Err(ApiError::field(
            "slug",
            format!("a group {:?} already exists", group.slug.as_str()),
        ));
    }
    let new_tree = tree_with(&tree, &group)?;
    state
        .db
        .save_group(&group, true, &who.actor().name, state.schedule.clock.now())
        .await?;
    Ok(answer(StatusCode::CREATED, &new_tree, &group))
}

fn parse_slug(slug: &str) -> Result<GroupSlug, ApiError> {
    GroupSlug::parse(slug).map_err(|_| ApiError::NotFound(format!("group {slug:?} does not exist")))
}

/// `PATCH /api/v1/groups/{slug}`.
#[utoipa::path(
    patch, path = "/api/v1/groups/{slug}", operation_id = "patch_group", tag = "groups",
    summary = "Change a group's names, parent or mailing lists (admin tokens; JSON merge patch). The slug cannot change; moving a group under its own descendant is refused.",
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
    who.require_admin()?;
    let patch = json_object(body, state.config.server.max_body_bytes)?;
    let slug = parse_slug(&slug)?;
    let tree = state.db.groups().await?;
    let old = tree
        .get(&slug)
        .ok_or_else(|| ApiError::NotFound(format!("group {slug:?} does not exist")))?;
    if let Some(v) = patch.get("slug")
        && v.as_str() != Some(slug.as_str())
    {
        return Err(ApiError::field(
            "slug",
            "the slug of a group cannot change (it is its feed URL)",
        ));
    }
    let mut doc = serde_json::to_value(old.to_input()).unwrap_or(Value::Null);
    merge_patch(&mut doc, Value::Object(patch));
    let input: GroupInput = match doc {
        Value::Object(map) => from_object(map)?,
        _ => return Err(ApiError::field("body", "must be a JSON object")),
    };
    let group = input.validate().map_err(invalid)?;
    let new_tree = tree_with(&tree, &group)?;
    state
        .db
        .save_group(&group, false, &who.actor().name, state.schedule.clock.now())
        .await?;
    Ok(answer(StatusCode::OK, &new_tree, &group))
}

/// `POST /api/v1/groups/{slug}/archive`.
#[utoipa::path(
    post, path = "/api/v1/groups/{slug}/archive", operation_id = "archive_group", tag = "groups",
    summary = "Archive a group (admin tokens): it keeps its history and takes no new meetings.",
    security(("bearer" = [])), params(("slug" = String, Path, description = "A group's slug.", pattern = "^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$", max_length = 40)),
    responses((status = 200, description = "Archived.", body = crate::http::schema::Archived),
        crate::http::schema::BadParameters, crate::http::schema::NeedsToken, (status = 404, description = "No such group.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 429, description = "The token made more writes than `server.write_rate_per_minute`.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
pub(in crate::http) async fn archive(
    State(state): State<AppState>,
    who: Organizer,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    who.require_admin()?;
    let slug = parse_slug(&slug)?;
    let changed = state
        .db
        .archive_group(&slug, &who.actor().name, state.schedule.clock.now())
        .await?;
    Ok(json_response(
        StatusCode::OK,
        &serde_json::json!({ "slug": slug.as_str(), "archived": true, "changed": changed }),
        &[],
    ))
}
