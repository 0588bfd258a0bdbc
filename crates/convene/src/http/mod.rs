//! HTTP: the router and the server. The server takes an already-bound
//! listener and a shutdown future, so tests (port 0) and `convene serve`
//! (SIGTERM/SIGINT) use the same entry point.

mod api;
mod auth;
pub mod cache;
pub mod conn;
pub mod error;
pub mod extract;
mod feed_links;
mod feeds;
mod openapi;
pub mod ops;
mod outbox;
mod pages;
mod private_feed;
mod reader;
mod schema;
pub mod slots;
mod write;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, delete, get, patch, post};
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;

use crate::config::Config;
use crate::schedule::Schedule;
use crate::store::Db;
use error::ApiError;

/// What every handler can reach: [`Shared`] behind one `Arc`, since axum
/// clones the state for every request (one count, not one per field).
#[derive(Debug, Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    /// The state of a server.
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts of [`AppState`].
#[derive(Debug)]
pub struct Shared {
    /// The store.
    pub db: Db,
    /// The configuration.
    pub config: Arc<Config>,
    /// Per-token write limits (`server.write_rate_per_minute`).
    pub write_limiter: Arc<ops::WriteLimiter>,
    /// The use cases: every change goes through them.
    pub schedule: Schedule,
    /// The change stamp and the rendered feeds and pages (`cache.rs`).
    pub responses: Arc<cache::Responses>,
    /// Stored meetings kept parsed (`server.meeting_cache_bytes`), for the
    /// feeds' and pages' reads.
    pub parsed: Arc<crate::store::ParsedMeetings>,
    /// Each meeting's events written for the public feeds
    /// (`server.event_cache_bytes`).
    pub kept: Arc<crate::calendar::kept::KeptEvents>,
}

/// The API's routes, in one table: the router is built from it and the
/// OpenAPI document is checked against it (`openapi.rs`), so neither can
/// drift from the other.
pub(crate) fn api_routes() -> Vec<Route> {
    use write::{changes, deadlines, groups, meetings, occurrences};
    vec![
        (Method::GET, "/healthz", get(healthz)),
        (Method::GET, "/readyz", get(readyz)),
        (Method::GET, "/metrics", get(ops::metrics_text)),
        (Method::GET, "/api/openapi.json", get(openapi::document)),
        (Method::GET, "/api/v1/groups", get(api::groups)),
        (Method::POST, "/api/v1/groups", post(groups::create)),
        (Method::PATCH, "/api/v1/groups/{slug}", patch(groups::patch)),
        (
            Method::POST,
            "/api/v1/groups/{slug}/archive",
            post(groups::archive),
        ),
        (
            Method::GET,
            "/api/v1/groups/{slug}/meetings",
            get(api::group_meetings),
        ),
        (Method::GET, "/api/v1/meetings", get(meetings::list)),
        (Method::POST, "/api/v1/meetings", post(meetings::create)),
        (
            Method::POST,
            "/api/v1/meetings/preview",
            post(slots::preview),
        ),
        (Method::GET, "/api/v1/slots", get(slots::slots)),
        (Method::GET, "/api/v1/meetings/{id}", get(api::meeting)),
        (
            Method::PATCH,
            "/api/v1/meetings/{id}",
            patch(meetings::patch),
        ),
        (
            Method::POST,
            "/api/v1/meetings/{id}/cancel",
            post(meetings::cancel),
        ),
        (
            Method::GET,
            "/api/v1/meetings/{id}/occurrences/{date}",
            get(occurrences::get),
        ),
        (
            Method::PATCH,
            "/api/v1/meetings/{id}/occurrences/{date}",
            patch(occurrences::patch),
        ),
        (
            Method::POST,
            "/api/v1/meetings/{id}/occurrences/{date}/cancel",
            post(occurrences::cancel),
        ),
        (
            Method::POST,
            "/api/v1/meetings/{id}/occurrences/{date}/reinstate",
            post(occurrences::reinstate),
        ),
        (
            Method::POST,
            "/api/v1/meetings/{id}/reinstate",
            post(meetings::reinstate),
        ),
        (Method::POST, "/api/v1/changes", post(changes::apply)),
        (Method::POST, "/api/v1/deadlines", post(deadlines::create)),
        (Method::GET, "/api/v1/deadlines/{id}", get(deadlines::get)),
        (
            Method::PATCH,
            "/api/v1/deadlines/{id}",
            patch(deadlines::patch),
        ),
        (
            Method::DELETE,
            "/api/v1/deadlines/{id}",
            delete(deadlines::delete),
        ),
        (Method::POST, "/api/v1/feed-links", post(feed_links::create)),
        (Method::GET, "/api/v1/feed-links", get(feed_links::list)),
        (
            Method::DELETE,
            "/api/v1/feed-links/{id}",
            delete(feed_links::revoke),
        ),
        (Method::GET, "/api/v1/reminders", get(outbox::reminders)),
        (Method::GET, "/api/v1/outbox", get(outbox::list)),
        (
            Method::POST,
            "/api/v1/outbox/{id}/retry",
            post(outbox::retry),
        ),
    ]
}

/// One row of the route table: method, path, handler.
pub(crate) type Route = (Method, &'static str, MethodRouter<AppState>);

/// Every route: the API's, the feeds' and the pages'. The router is built
/// from this list, and the OpenAPI test checks it whole.
pub(crate) fn all_routes() -> Vec<Route> {
    let mut routes = api_routes();
    routes.extend(feeds::routes());
    routes.extend(private_feed::routes());
    routes.extend(pages::routes());
    routes
}

/// All routes, with the answers for addresses and methods they do not
/// serve ([`not_found`], [`method_not_allowed`]).
pub fn router(state: AppState) -> Router {
    let limit = state.config.server.max_body_bytes;
    let limits = ops::Limits::from(&state.config.server);
    all_routes()
        .into_iter()
        .fold(Router::new(), |r, (_, path, handler)| {
            r.route(path, handler)
        })
        .fallback(not_found)
        // After every route: it applies to the routes already added.
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(limit))
        .layer(CompressionLayer::new().gzip(true))
        // Outermost: request id, span, time limit, metrics, access log.
        .layer(axum::middleware::from_fn_with_state(limits, ops::track))
        .with_state(state)
}

/// Whether an address is for programs rather than people: the API
/// (`/api/...`) and the calendar feeds (`/calendars...`).
fn for_programs(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/") || path.starts_with("/calendars")
}

/// An address no route serves. Programs (see [`for_programs`]) get the
/// API's `application/problem+json` 404, as for an unknown group or
/// meeting there. Anywhere else a person probably typed or followed the
/// link, so they get the HTML 404 page, the one an unknown group or
/// meeting page shows, with its way back to the home page.
async fn not_found(
    State(state): State<AppState>,
    uri: Uri,
    ctx: pages::lang::PageLang,
) -> Response {
    let path = uri.path();
    if for_programs(path) {
        ApiError::NotFound(format!("no resource is at {path}")).into_response()
    } else {
        pages::unknown_page(&state, &ctx)
    }
}

/// A known address with a method it does not have: a problem+json 405
/// everywhere, pages included, since only programs send methods other than
/// GET. The router adds the `Allow` header listing the route's methods.
async fn method_not_allowed(method: Method) -> ApiError {
    ApiError::MethodNotAllowed(method.to_string())
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let timeouts = conn::Timeouts::from_seconds(
        state.config.server.header_read_timeout_seconds,
        state.config.server.idle_timeout_seconds,
    );
    conn::serve(listener, router(state), timeouts, shutdown).await
}

/// The process is up.
#[utoipa::path(
    get, path = "/healthz", operation_id = "healthz", tag = "operations", summary = "The process is up.",
    responses((status = 200, description = "`ok`", body = String, content_type = "text/plain"))
)]
async fn healthz() -> &'static str {
    "ok\n"
}

/// The database answers.
#[utoipa::path(
    get, path = "/readyz", operation_id = "readyz", tag = "operations", summary = "The database answers.",
    responses((status = 200, description = "`ready`", body = String, content_type = "text/plain"),
        (status = 503, description = "The database is not reachable.", body = String, content_type = "text/plain"))
)]
async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready\n"),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database not reachable\n")
        }
    }
}
