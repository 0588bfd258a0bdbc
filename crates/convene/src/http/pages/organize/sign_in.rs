//! `GET /organize` (the sign-in form, or the list), `POST /organize`
//! (sign in with the field `token`), `POST /organize/sign-out`.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use convene_core::Status;
use convene_core::i18n;

use super::super::lang::PageLang;
use super::form::Posted;
use super::templates::{ListItem, ListPage, SignInPage, layout};
use super::{
    COOKIE, PRE_COOKIE, bad_csrf, cookie, failed, posted, private, render, scope_groups, see_other,
    set_cookie, tr,
};
use crate::http::AppState;
use crate::http::conn::ClientAddr;
use crate::http::error::ApiError;
use crate::organize::{self, SessionError};
use crate::store::{MeetingFilter, StoredMeeting};

/// How long the sign-in form's pre-session lasts, seconds.
const PRE_SECONDS: i64 = 3600;

/// The sign-in form, with a fresh pre-session (its cookie and CSRF value).
fn sign_in_page(
    state: &AppState,
    ctx: &PageLang,
    status: StatusCode,
    error: Option<String>,
) -> Response {
    let pre = match organize::random_id() {
        Ok(p) => p,
        Err(e) => return failed(state, ctx, &e),
    };
    let page = SignInPage {
        layout: layout(state, ctx, &tr(ctx, "org-sign-in-title")),
        csrf: organize::csrf_of(&pre),
        error,
    };
    let mut r = render(state, ctx, status, &page);
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(state, PRE_COOKIE, &pre, PRE_SECONDS),
    );
    r
}

/// `GET /organize`.
pub(super) async fn show(
    State(state): State<AppState>,
    ctx: PageLang,
    headers: HeaderMap,
) -> Response {
    let Some(id) = cookie(&headers, COOKIE) else {
        return sign_in_page(&state, &ctx, StatusCode::OK, None);
    };
    let now = state.schedule.clock.now();
    let session = match organize::session(&state.db, id, now).await {
        Ok(Some(s)) => s,
        Ok(None) => {
            let mut r = sign_in_page(&state, &ctx, StatusCode::OK, None);
            r.headers_mut()
                .append(header::SET_COOKIE, set_cookie(&state, COOKIE, "", 0));
            return r;
        }
        Err(e) => return failed(&state, &ctx, &e),
    };
    match list(&state, &ctx, &session).await {
        Ok(page) => render(&state, &ctx, StatusCode::OK, &page),
        Err(e) => failed(&state, &ctx, &e),
    }
}

/// A meeting as the list (and the cancel page) shows it.
pub(super) fn item(
    lang: convene_core::i18n::Lang,
    tree: &convene_core::GroupTree,
    m: &StoredMeeting,
    actor: &crate::schedule::Actor,
) -> ListItem {
    let meeting = &m.meeting;
    ListItem {
        id: meeting.id().to_string(),
        title: meeting.title().to_string(),
        when: super::preview::when(lang, meeting),
        groups: tree.short_names(meeting.groups()).join(", "),
        cancelled: meeting.status() == Status::Cancelled,
        editable: actor.require_groups(tree, meeting.groups()).is_ok(),
    }
}

async fn list(
    state: &AppState,
    ctx: &PageLang,
    session: &organize::Session,
) -> Result<ListPage, crate::store::StoreError> {
    let tree = state.db.groups().await?;
    let groups = scope_groups(&tree, session);
    let now = state.schedule.clock.now();
    let meetings = state
        .db
        .meetings(&MeetingFilter {
            groups: Some(groups.clone()),
            ..Default::default()
        })
        .await?;
    let (mut upcoming, mut past): (Vec<&StoredMeeting>, Vec<&StoredMeeting>) =
        meetings.iter().partition(|m| m.meeting.span().end > now);
    upcoming.sort_by_key(|m| (m.meeting.span().start, m.meeting.id().clone()));
    past.sort_by_key(|m| std::cmp::Reverse((m.meeting.span().start, m.meeting.id().clone())));
    past.truncate(100);
    let scope = groups
        .iter()
        .filter_map(|g| tree.get(g))
        .map(|g| format!("{} ({})", g.short_name, g.name))
        .collect();
    let t = &session.token;
    let actor = session.actor();
    let lang = ctx.lang;
    Ok(ListPage {
        layout: layout(state, ctx, &tr(ctx, "org-list-title")),
        csrf: session.csrf.clone(),
        who: i18n::t(
            lang,
            "org-who",
            &[("name", (&t.name).into()), ("id", t.id.to_string().into())],
        ),
        scope,
        upcoming: upcoming
            .iter()
            .map(|m| item(lang, &tree, m, &actor))
            .collect(),
        past: past.iter().map(|m| item(lang, &tree, m, &actor)).collect(),
        today: super::preview::utc_text(lang, now),
    })
}

/// `POST /organize`: `token` and `csrf` (bound to the pre-session cookie).
pub(super) async fn sign_in(
    State(state): State<AppState>,
    ctx: PageLang,
    req: Request,
) -> Response {
    let client = req
        .extensions()
        .get::<ClientAddr>()
        .map_or_else(|| "unknown".to_owned(), |c| c.0.to_string());
    let pre = cookie(req.headers(), PRE_COOKIE).map(str::to_owned);
    let limit = state.config.server.max_body_bytes;
    let body = match axum::body::to_bytes(req.into_body(), limit).await {
        Ok(b) => b,
        Err(_) => return ApiError::PayloadTooLarge(limit).into_response(),
    };
    let form = Posted::parse(&body);
    if !pre.is_some_and(|p| organize::csrf_ok(&p, form.get("csrf"))) {
        return bad_csrf(&state, &ctx);
    }
    let now = state.schedule.clock.now();
    match organize::sign_in(&state.db, &state.config, form.get("token"), &client, now).await {
        Ok(s) => {
            let mut r = see_other("/organize");
            let age = (s.expires - now).num_seconds().max(1);
            let h = r.headers_mut();
            h.append(header::SET_COOKIE, set_cookie(&state, COOKIE, &s.id, age));
            h.append(header::SET_COOKIE, set_cookie(&state, PRE_COOKIE, "", 0));
            r
        }
        Err(SessionError::BadToken) => sign_in_page(
            &state,
            &ctx,
            StatusCode::UNAUTHORIZED,
            Some(tr(&ctx, "org-bad-token")),
        ),
        Err(SessionError::Limited) => sign_in_page(
            &state,
            &ctx,
            StatusCode::TOO_MANY_REQUESTS,
            Some(tr(&ctx, "org-too-many")),
        ),
        Err(e) => failed(&state, &ctx, &e),
    }
}

/// `POST /organize/sign-out` (with `csrf`).
pub(super) async fn sign_out(
    State(state): State<AppState>,
    ctx: PageLang,
    req: Request,
) -> Response {
    let id = cookie(req.headers(), COOKIE).map(str::to_owned);
    if let Err(r) = posted(&state, &ctx, req).await {
        return r;
    }
    if let Some(id) = id
        && let Err(e) = organize::sign_out(&state.db, &id).await
    {
        return failed(&state, &ctx, &e);
    }
    let mut r = see_other("/organize");
    r.headers_mut()
        .append(header::SET_COOKIE, set_cookie(&state, COOKIE, "", 0));
    private(r)
}
