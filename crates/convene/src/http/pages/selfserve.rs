//! The members' calendar pages (issue 17, [`crate::selfserve`]):
//!
//! - `POST /groups/{slug}/members-calendar` (the form on a group's page,
//!   `address` and `groups` form fields): one and the same answer, byte for
//!   byte, whether the address is allowed, refused, malformed or over a
//!   rate limit; only an unknown group gets the usual 404 page.
//! - `GET /calendars/private/{secret}` (no `.ics`): the personal link's
//!   manage page, its groups and a revoke button;
//!   `POST /calendars/private/{secret}` revokes it. Both are under the
//!   path the access log redacts; an unknown or revoked secret is the same
//!   404 as for the feed.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use convene_core::GroupSlug;
use convene_core::i18n::{Arg, t};

use super::lang::PageLang;
use super::templates::{Layout, SelfServePage};
use super::{PageError, Said, html, language_headers};
use crate::feed_links::{self, PATH_PREFIX};
use crate::http::AppState;
use crate::http::conn::ClientAddr;
use crate::http::error::ApiError;
use crate::http::extract::Path;
use crate::selfserve::{self, Outcome};

/// The answer to every request for a known group.
fn neutral(state: &AppState, ctx: &PageLang) -> Result<String, askama::Error> {
    let l = ctx.lang;
    askama::Template::render(&SelfServePage {
        layout: Layout::new(state, ctx, &t(l, "members-title", &[]), "group", None),
        title: t(l, "members-check-mail", &[]),
        lines: vec![
            t(l, "members-on-its-way", &[]),
            t(l, "members-no-mail", &[]),
        ],
        feed_url: None,
        groups: Vec::new(),
        revoke_action: None,
    })
}

fn private(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

pub(super) async fn request(
    State(state): State<AppState>,
    slug: Result<Path<String>, ApiError>,
    req: Request,
) -> Response {
    let mut ctx = PageLang::negotiate(
        req.uri().query(),
        req.headers(),
        "/",
        state.config.i18n.default_language,
    );
    let slug = match slug {
        Ok(Path(slug)) => slug,
        Err(e) => return super::bad_path(&state, &ctx, e),
    };
    ctx.back = format!("/groups/{slug}");
    let tree = match state.db.groups().await {
        Ok(t) => t,
        Err(e) => return PageError::Store(e).into_response(&state, &ctx),
    };
    if !GroupSlug::parse(&slug).is_ok_and(|s| tree.contains(&s)) {
        return PageError::NotFound(Said::new("error-no-group", &[("slug", &slug)]))
            .into_response(&state, &ctx);
    }
    let client = req
        .extensions()
        .get::<ClientAddr>()
        .map(|c| c.0.to_string());
    let limit = state.config.server.max_body_bytes;
    let body = match axum::body::to_bytes(req.into_body(), limit).await {
        Ok(b) => b,
        Err(_) => return ApiError::PayloadTooLarge(limit).into_response(),
    };
    let mut form = selfserve::Request {
        client,
        ..Default::default()
    };
    for (k, v) in form_urlencoded::parse(&body) {
        match k.as_ref() {
            "address" => form.address = v.into_owned(),
            "groups" => form.groups.push(v.into_owned()),
            _ => {}
        }
    }
    let now = state.schedule.clock.now();
    match selfserve::request(&state.db, &state.config, &form, now).await {
        Ok(Outcome::Mailed(id)) => tracing::info!(link = id, "personal feed link planned"),
        Ok(Outcome::Refused) => tracing::info!("members' calendar request refused"),
        Ok(Outcome::Limited) => tracing::info!("members' calendar request over the rate limit"),
        Err(e) => {
            tracing::error!(error = %crate::error_text(&e), "members' calendar request failed");
        }
    }
    match neutral(&state, &ctx) {
        Ok(body) => private(lang_html(body, &ctx)),
        Err(e) => PageError::Render(e).into_response(&state, &ctx),
    }
}

/// `GET /calendars/private/{secret}`: the manage page.
pub(in crate::http) async fn manage(state: &AppState, ctx: &PageLang, secret: &str) -> Response {
    // The menu must not carry the secret to another address.
    let ctx = &private_ctx(ctx);
    let l = ctx.lang;
    let link = match feed_links::resolve(&state.db, secret).await {
        Ok(Some(link)) => link,
        Ok(None) => return crate::http::private_feed::no_feed().into_response(),
        Err(e) => return ApiError::from(e).into_response(),
    };
    let base = state.config.server.public_url.trim_end_matches('/');
    let page = SelfServePage {
        layout: Layout::new(state, ctx, &t(l, "members-yours", &[]), "", None),
        title: t(l, "members-yours", &[]),
        lines: vec![t(
            l,
            "members-made",
            &[
                ("label", Arg::from(link.label.as_str())),
                (
                    "at",
                    Arg::from(link.created_at.format("%Y-%m-%d %H:%M UTC").to_string()),
                ),
            ],
        )],
        feed_url: Some(format!("{base}{PATH_PREFIX}{secret}.ics")),
        groups: link.groups.iter().map(ToString::to_string).collect(),
        revoke_action: Some(format!("{PATH_PREFIX}{secret}")),
    };
    match askama::Template::render(&page) {
        Ok(body) => private(lang_html(body, ctx)),
        Err(e) => PageError::Render(e).into_response(state, ctx),
    }
}

/// The language of a private page, with the menu going back home.
fn private_ctx(ctx: &PageLang) -> PageLang {
    PageLang {
        lang: ctx.lang,
        back: "/".to_owned(),
    }
}

fn lang_html(body: String, ctx: &PageLang) -> Response {
    let mut r = html(StatusCode::OK, body);
    language_headers(&mut r, ctx.lang);
    r
}

/// `POST /calendars/private/{secret}`: revokes the link.
pub(in crate::http) async fn revoke(state: &AppState, ctx: &PageLang, secret: &str) -> Response {
    let ctx = &private_ctx(ctx);
    let l = ctx.lang;
    let now = state.schedule.clock.now();
    match feed_links::revoke_by_secret(&state.db, secret, now).await {
        Ok(Some(_)) => {}
        Ok(None) => return crate::http::private_feed::no_feed().into_response(),
        Err(e) => return ApiError::from(e).into_response(),
    }
    let page = SelfServePage {
        layout: Layout::new(state, ctx, &t(l, "members-revoked", &[]), "", None),
        title: t(l, "members-revoked", &[]),
        lines: vec![t(l, "members-revoked-line", &[])],
        feed_url: None,
        groups: Vec::new(),
        revoke_action: None,
    };
    match askama::Template::render(&page) {
        Ok(body) => private(lang_html(body, ctx)),
        Err(e) => PageError::Render(e).into_response(state, ctx),
    }
}
