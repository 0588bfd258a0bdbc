//! `GET /calendars/private/{secret}.ics`: a private feed. The secret is
//! resolved to its link's groups (subtrees followed as the tree is now) and
//! the feed rendered by the same path as the public feeds
//! ([`crate::calendar::render_feed_for`]), for the members: join details
//! in. An unknown, malformed or revoked secret gets one and the same 404.
//!
//! Never cached under a public key: the answer carries
//! `Cache-Control: private, no-store` and is rendered per request, and the
//! access log shows the path with the secret redacted (`ops.rs`).

use axum::extract::State;
use axum::http::{HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use convene_core::{Audience, ItemId, Status};

use super::AppState;
use super::error::ApiError;
use super::extract::Path;
use crate::feed_links;
use crate::store::MeetingFilter;

/// The route.
pub(super) fn routes() -> Vec<super::Route> {
    vec![
        (Method::GET, "/calendars/private/{file}", get(private_feed)),
        (Method::POST, "/calendars/private/{file}", post(revoke)),
    ]
}

/// `POST /calendars/private/{secret}` (or `{secret}.ics`): the link
/// revoked, from a personal link's manage page.
async fn revoke(
    State(state): State<AppState>,
    file: Result<Path<String>, ApiError>,
    ctx: super::pages::lang::PageLang,
) -> Response {
    match file {
        Ok(Path(file)) => {
            let secret = file.strip_suffix(".ics").unwrap_or(&file);
            super::pages::selfserve::revoke(&state, &ctx, secret).await
        }
        Err(_) => no_feed().into_response(),
    }
}

/// The one answer for every secret that gives no feed.
pub(super) fn no_feed() -> ApiError {
    ApiError::NotFound("there is no calendar at this address".into())
}

async fn private_feed(
    State(state): State<AppState>,
    file: Result<Path<String>, ApiError>,
    ctx: super::pages::lang::PageLang,
) -> Result<Response, ApiError> {
    let Ok(Path(file)) = file else {
        return Err(no_feed());
    };
    let Some(secret) = file.strip_suffix(".ics") else {
        // A personal link's manage page (issue 17).
        return Ok(super::pages::selfserve::manage(&state, &ctx, &file).await);
    };
    let link = feed_links::resolve(&state.db, secret)
        .await?
        .ok_or_else(no_feed)?;
    let tree = state.db.groups().await?;
    let groups = feed_links::feed_groups(&tree, &link);
    let mut meetings = if groups.is_empty() {
        Vec::new()
    } else {
        let filter = MeetingFilter {
            groups: Some(groups.clone()),
            ..Default::default()
        };
        state.db.meetings_via(&filter, &state.parsed).await?
    };
    if !link.include_cancelled {
        meetings.retain(|m| m.meeting.status() != Status::Cancelled);
    }
    let ids: Vec<ItemId> = meetings.iter().map(|m| m.meeting.id().clone()).collect();
    let deadlines = state.db.deadlines(&ids, &groups).await?;
    let now = state.schedule.clock.now();
    let day = now.date_naive().and_time(chrono::NaiveTime::MIN).and_utc();
    let name = format!("{} (members)", link.label);
    let body = crate::calendar::render_feed_for(
        &state.config,
        &tree,
        &name,
        &meetings,
        &deadlines,
        day,
        Audience::Members,
        state.config.i18n.default_language,
    );
    let mut response = (
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        body,
    )
        .into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    Ok(response)
}
