//! `/organize/meetings/{id}/cancel` and `…/reinstate`: the form (a reason
//! for a cancel); posted, the preview of the notices; posted with
//! `confirm=1`, done (303 to the list).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use convene_core::GroupTree;

use super::super::lang::PageLang;
use super::meetings::in_scope;
use super::preview::{self, Refusal};
use super::sign_in::item;
use super::templates::{CancelPage, PreviewView, layout};
use super::{failed, posted, render, see_other, signed_in};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::Path;
use crate::organize::Session;
use crate::schedule::changes::{Change, Target};
use crate::store::StoredMeeting;
use convene_core::i18n;

#[allow(clippy::too_many_arguments)]
fn page(
    state: &AppState,
    ctx: &PageLang,
    tree: &GroupTree,
    session: &Session,
    stored: &StoredMeeting,
    verb: &'static str,
    reason: String,
    errors: Vec<String>,
    preview: Option<PreviewView>,
) -> CancelPage {
    let id = stored.meeting.id().to_string();
    let key = match verb {
        "cancel" => "org-cancel-meeting",
        _ => "org-reinstate-meeting",
    };
    let heading = i18n::t(ctx.lang, key, &[("id", (&id).into())]);
    CancelPage {
        layout: layout(state, ctx, &heading),
        heading,
        action: format!("/organize/meetings/{id}/{verb}"),
        csrf: session.csrf.clone(),
        verb,
        meeting: item(ctx.lang, tree, stored, &session.actor()),
        reason,
        errors,
        preview,
    }
}

async fn form(
    state: AppState,
    ctx: PageLang,
    id: Result<Path<String>, ApiError>,
    headers: HeaderMap,
    verb: &'static str,
) -> Response {
    let (session, _) = match signed_in(&state, &ctx, &headers).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let (tree, stored) = match in_scope(&state, &ctx, &session, id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let p = page(
        &state,
        &ctx,
        &tree,
        &session,
        &stored,
        verb,
        String::new(),
        vec![],
        None,
    );
    render(&state, &ctx, StatusCode::OK, &p)
}

async fn post(
    state: AppState,
    ctx: PageLang,
    id: Result<Path<String>, ApiError>,
    req: Request,
    verb: &'static str,
) -> Response {
    let (session, posted) = match posted(&state, &ctx, req).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let (tree, stored) = match in_scope(&state, &ctx, &session, id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let target = Target {
        id: stored.meeting.id().to_string(),
        occurrence: None,
    };
    let reason = posted.get("reason").to_owned();
    let change = || match verb {
        "cancel" => Change::Cancel {
            target: target.clone(),
            reason: Some(reason.clone()).filter(|r| !r.is_empty()),
        },
        _ => Change::Reinstate {
            target: target.clone(),
        },
    };
    let confirm = posted.flag("confirm");
    let notify = posted.get("notify") != "0";
    let refuse = |r: Refusal| {
        let p = page(
            &state,
            &ctx,
            &tree,
            &session,
            &stored,
            verb,
            reason.clone(),
            r.lines,
            None,
        );
        render(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, &p)
    };
    match preview::run(&state, &session, change(), confirm, notify).await {
        Ok(_) if confirm => see_other("/organize"),
        Ok(done) => {
            let mut hidden = vec![];
            if !reason.is_empty() {
                hidden.push(("reason".to_owned(), reason.clone()));
            }
            let view = preview::view(&state, ctx.lang, &tree, &done, None, hidden).await;
            let p = page(
                &state,
                &ctx,
                &tree,
                &session,
                &stored,
                verb,
                reason.clone(),
                vec![],
                Some(view),
            );
            render(&state, &ctx, StatusCode::OK, &p)
        }
        Err(e) => match preview::refusal(ctx.lang, e) {
            Ok(r) => refuse(r),
            Err(e) => failed(&state, &ctx, &e),
        },
    }
}

/// `GET /organize/meetings/{id}/cancel`.
pub(super) async fn cancel_form(
    State(state): State<AppState>,
    ctx: PageLang,
    id: Result<Path<String>, ApiError>,
    headers: HeaderMap,
) -> Response {
    form(state, ctx, id, headers, "cancel").await
}

/// `POST /organize/meetings/{id}/cancel`.
pub(super) async fn cancel_post(
    State(state): State<AppState>,
    ctx: PageLang,
    id: Result<Path<String>, ApiError>,
    req: Request,
) -> Response {
    post(state, ctx, id, req, "cancel").await
}

/// `GET /organize/meetings/{id}/reinstate`.
pub(super) async fn reinstate_form(
    State(state): State<AppState>,
    ctx: PageLang,
    id: Result<Path<String>, ApiError>,
    headers: HeaderMap,
) -> Response {
    form(state, ctx, id, headers, "reinstate").await
}

/// `POST /organize/meetings/{id}/reinstate`.
pub(super) async fn reinstate_post(
    State(state): State<AppState>,
    ctx: PageLang,
    id: Result<Path<String>, ApiError>,
    req: Request,
) -> Response {
    post(state, ctx, id, req, "reinstate").await
}
