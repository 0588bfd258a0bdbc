//! The organizer pages (issue 18): sign in with an API token once, then
//! list, add, move, cancel and reinstate meetings in the token's scope,
//! with a preview of every change (zones, conflicts, free slots, deadlines,
//! the exact mails) before anything is saved.
//!
//! - `GET /organize`: the sign-in form (field `token`), or the list;
//!   `POST /organize` signs in; `POST /organize/sign-out` signs out.
//! - `GET|POST /organize/meetings/new`, `…/{id}/edit`, `…/{id}/cancel`,
//!   `…/{id}/reinstate`: a form posts to its own address and gets the
//!   preview (a dry run of the same batch, `crate::schedule::changes`);
//!   the preview's confirm form posts the same fields with `confirm=1`.
//!
//! Handlers parse the form, check the session and its CSRF value
//! (`crate::organize`), call the use case with the token's actor, and
//! render. Every page is `no-store`; a signed-out request is sent to
//! `/organize`; a POST without the right `csrf` gets a 403 page.

mod cancel;
mod deadlines;
mod form;
mod meetings;
pub(super) mod openapi;
mod preview;
mod sign_in;
mod templates;
mod zones;

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use convene_core::{GroupSlug, GroupTree};

use super::error::language_headers;
use super::lang::PageLang;
use super::{PageError, html};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::organize::{self, Session};
use crate::schedule::Scope;
use templates::MessagePage;

/// The session cookie.
const COOKIE: &str = "convene_organize";
/// The pre-session cookie: the sign-in form's CSRF value is bound to it.
const PRE_COOKIE: &str = "convene_organize_pre";

/// The organizer pages' rows of the route table.
pub(in crate::http) fn routes() -> Vec<crate::http::Route> {
    use axum::routing::post;
    vec![
        (Method::GET, "/organize", get(sign_in::show)),
        (Method::POST, "/organize", post(sign_in::sign_in)),
        (Method::POST, "/organize/sign-out", post(sign_in::sign_out)),
        (
            Method::GET,
            "/organize/meetings/new",
            get(meetings::new_form),
        ),
        (
            Method::POST,
            "/organize/meetings/new",
            post(meetings::new_post),
        ),
        (
            Method::GET,
            "/organize/meetings/{id}/edit",
            get(meetings::edit_form),
        ),
        (
            Method::POST,
            "/organize/meetings/{id}/edit",
            post(meetings::edit_post),
        ),
        (
            Method::GET,
            "/organize/meetings/{id}/cancel",
            get(cancel::cancel_form),
        ),
        (
            Method::POST,
            "/organize/meetings/{id}/cancel",
            post(cancel::cancel_post),
        ),
        (
            Method::GET,
            "/organize/deadlines/new",
            get(deadlines::new_form),
        ),
        (
            Method::POST,
            "/organize/deadlines/new",
            post(deadlines::new_post),
        ),
        (
            Method::GET,
            "/organize/meetings/{id}/reinstate",
            get(cancel::reinstate_form),
        ),
        (
            Method::POST,
            "/organize/meetings/{id}/reinstate",
            post(cancel::reinstate_post),
        ),
    ]
}

/// A cookie's value in the request.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

/// `Set-Cookie` for `name=value` living `max_age` seconds (0 deletes it):
/// `HttpOnly`, `SameSite=Lax`, only under `/organize`, `Secure` when the
/// public URL is https.
fn set_cookie(state: &AppState, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.config.server.public_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    let text = format!(
        "{name}={value}; Path=/organize; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
    );
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("x=; Max-Age=0"))
}

/// Every organizer answer: never cached, no referrer.
fn private(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

/// 303 to `to`.
fn see_other(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    private(r)
}

/// A rendered page in the negotiated language (`Content-Language`,
/// `Vary: Accept-Language, Cookie`), or the error page.
fn render<T: askama::Template>(
    state: &AppState,
    ctx: &PageLang,
    status: StatusCode,
    page: &T,
) -> Response {
    match page.render() {
        Ok(body) => {
            let mut r = html(status, body);
            language_headers(&mut r, ctx.lang);
            private(r)
        }
        Err(e) => private(PageError::Render(e).into_response(state, ctx)),
    }
}

/// A message of the page's language.
fn tr(ctx: &PageLang, key: &str) -> String {
    convene_core::i18n::t(ctx.lang, key, &[])
}

/// A page of a few lines (refusals, errors).
fn message(
    state: &AppState,
    ctx: &PageLang,
    status: StatusCode,
    title: &str,
    lines: Vec<String>,
) -> Response {
    let page = MessagePage {
        layout: templates::layout(state, ctx, title),
        title: title.to_owned(),
        lines,
    };
    render(state, ctx, status, &page)
}

/// Storage failed: logged, a plain page for the person.
fn failed(state: &AppState, ctx: &PageLang, e: &dyn std::error::Error) -> Response {
    tracing::error!(error = %crate::error_text(e), "organizer page failed");
    message(
        state,
        ctx,
        StatusCode::INTERNAL_SERVER_ERROR,
        &tr(ctx, "error-went-wrong"),
        vec![tr(ctx, "error-not-loaded")],
    )
}

/// The CSRF refusal.
fn bad_csrf(state: &AppState, ctx: &PageLang) -> Response {
    message(
        state,
        ctx,
        StatusCode::FORBIDDEN,
        &tr(ctx, "org-csrf-title"),
        vec![tr(ctx, "org-csrf-refused"), tr(ctx, "org-csrf-again")],
    )
}

/// The signed-in session of a request, or the answer to give instead
/// (`Err`): a redirect to the sign-in page.
async fn signed_in(
    state: &AppState,
    ctx: &PageLang,
    headers: &HeaderMap,
) -> Result<(Session, String), Response> {
    let Some(id) = cookie(headers, COOKIE) else {
        return Err(see_other("/organize"));
    };
    let now = state.schedule.clock.now();
    match organize::session(&state.db, id, now).await {
        Ok(Some(s)) => Ok((s, id.to_owned())),
        Ok(None) => Err(see_other("/organize")),
        Err(e) => Err(failed(state, ctx, &e)),
    }
}

/// A POST's session and form: signed in, the body read, its `csrf` right.
async fn posted(
    state: &AppState,
    ctx: &PageLang,
    req: Request,
) -> Result<(Session, form::Posted), Response> {
    let (session, id) = signed_in(state, ctx, req.headers()).await?;
    let limit = state.config.server.max_body_bytes;
    let body = match axum::body::to_bytes(req.into_body(), limit).await {
        Ok(b) => b,
        Err(_) => return Err(ApiError::PayloadTooLarge(limit).into_response()),
    };
    let p = form::Posted::parse(&body);
    if !organize::csrf_ok(&id, p.get("csrf")) {
        tracing::warn!(token = %session.token.id, "organizer form without the right csrf");
        return Err(bad_csrf(state, ctx));
    }
    Ok((session, p))
}

/// The groups a session may change: its token's group and subgroups, or
/// every group (admin), in tree order.
fn scope_groups(tree: &GroupTree, session: &Session) -> Vec<GroupSlug> {
    let actor = session.actor();
    let mut out = Vec::new();
    let mut walk: Vec<&convene_core::Group> = tree.roots().collect();
    walk.reverse();
    while let Some(g) = walk.pop() {
        let inside = match &actor.scope {
            Scope::All => true,
            Scope::Group(s) => tree.is_self_or_ancestor(s, &g.slug),
        };
        if inside {
            out.push(g.slug.clone());
        }
        let mut kids: Vec<&convene_core::Group> = tree.children(&g.slug).collect();
        kids.reverse();
        walk.extend(kids);
    }
    out
}
