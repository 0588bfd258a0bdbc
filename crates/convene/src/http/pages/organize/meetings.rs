//! `/organize/meetings/new` and `/organize/meetings/{id}/edit`: the
//! meeting form; posted, its preview (a dry run); posted with `confirm=1`,
//! saved (303 to the meeting's public page).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use convene_core::i18n;
use convene_core::{GroupTree, ItemId};

use super::super::lang::PageLang;
use super::form::{MeetingForm, Posted, TEXT_FIELDS};
use super::preview::{self, Refusal};
use super::templates::{Field, GroupChoice, MeetingFormPage, PreviewView, layout};
use super::{failed, message, posted, render, scope_groups, see_other, signed_in, tr};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::Path;
use crate::organize::Session;
use crate::schedule::changes::{Change, Target};
use crate::schedule::{DeadlineSpec, MeetingPatch, MeetingRequest};
use crate::store::StoredMeeting;

const KINDS: &[&str] = &[
    "e-meeting",
    "physical",
    "forum",
    "webinar",
    "special-session",
];

/// The form page; `refusal` puts its errors beside their fields.
#[allow(clippy::too_many_arguments)]
fn page(
    state: &AppState,
    ctx: &PageLang,
    tree: &GroupTree,
    session: &Session,
    form: &MeetingForm,
    edit: Option<&str>,
    refusal: Refusal,
    preview: Option<PreviewView>,
) -> MeetingFormPage {
    let mut choices: Vec<String> = scope_groups(tree, session)
        .iter()
        .map(ToString::to_string)
        .collect();
    for g in &form.groups {
        if !choices.contains(g) {
            choices.push(g.clone());
        }
    }
    let groups = choices
        .into_iter()
        .map(|slug| GroupChoice {
            label: convene_core::GroupSlug::parse(&slug)
                .ok()
                .and_then(|s| tree.get(&s))
                .map_or_else(
                    || slug.clone(),
                    |g| format!("{} ({})", g.short_name, g.name),
                ),
            checked: form.groups.contains(&slug),
            slug,
        })
        .collect();
    let errors_of = |name: &str| -> Vec<String> {
        refusal
            .fields
            .iter()
            .filter(|(f, _)| f == name)
            .map(|(_, m)| m.clone())
            .collect()
    };
    let mut fields: Vec<Field> = TEXT_FIELDS
        .iter()
        .map(|f| Field {
            name: (*f).to_owned(),
            value: form.get(f).to_owned(),
            errors: errors_of(f),
        })
        .collect();
    fields.push(Field {
        name: "deadlines".to_owned(),
        value: String::new(),
        errors: errors_of("deadlines"),
    });
    let (heading, action) = match edit {
        Some(id) => (
            i18n::t(ctx.lang, "org-edit-meeting", &[("id", id.into())]),
            format!("/organize/meetings/{id}/edit"),
        ),
        None => (
            tr(ctx, "org-add-meeting"),
            "/organize/meetings/new".to_owned(),
        ),
    };
    MeetingFormPage {
        layout: layout(state, ctx, &heading),
        heading,
        action,
        csrf: session.csrf.clone(),
        editing: edit.is_some(),
        fields,
        groups,
        group_errors: errors_of("groups"),
        kinds: KINDS
            .iter()
            .map(|k| (*k, i18n::t(ctx.lang, &format!("kind-{k}"), &[])))
            .collect(),
        derive: form.derive,
        version: form.version.clone(),
        zones: super::zones::options(),
        errors: refusal.lines,
        preview,
    }
}

/// `GET /organize/meetings/new`.
pub(super) async fn new_form(
    State(state): State<AppState>,
    ctx: PageLang,
    headers: HeaderMap,
) -> Response {
    let (session, _) = match signed_in(&state, &ctx, &headers).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let tree = match state.db.groups().await {
        Ok(t) => t,
        Err(e) => return failed(&state, &ctx, &e),
    };
    let mut form = MeetingForm::from_posted(&Posted::default());
    form.set("kind", "e-meeting".to_owned());
    form.set("zone", state.config.default_zone().name().to_owned());
    if let crate::schedule::Scope::Group(g) = &session.actor().scope {
        form.groups.push(g.to_string());
    }
    let p = page(
        &state,
        &ctx,
        &tree,
        &session,
        &form,
        None,
        Refusal::default(),
        None,
    );
    render(&state, &ctx, StatusCode::OK, &p)
}

/// `POST /organize/meetings/new`.
pub(super) async fn new_post(
    State(state): State<AppState>,
    ctx: PageLang,
    req: Request,
) -> Response {
    let (session, posted) = match posted(&state, &ctx, req).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let form = MeetingForm::from_posted(&posted);
    let make = |allow: bool| {
        Change::Create(Box::new(MeetingRequest {
            input: form.input(),
            deadlines: if form.derive {
                DeadlineSpec::Derive
            } else {
                DeadlineSpec::None
            },
            allow_conflicts: allow,
            notify: true,
        }))
    };
    let id = form.input().id.unwrap_or_default();
    submit(&state, &ctx, &session, &posted, &form, None, &make, &id).await
}

/// Previews or saves a meeting change made by `make(allow_conflicts)`.
#[allow(clippy::too_many_arguments)]
async fn submit(
    state: &AppState,
    ctx: &PageLang,
    session: &Session,
    posted: &Posted,
    form: &MeetingForm,
    edit: Option<&str>,
    make: &(dyn Fn(bool) -> Change + Sync),
    id: &str,
) -> Response {
    let tree = match state.db.groups().await {
        Ok(t) => t,
        Err(e) => return failed(state, ctx, &e),
    };
    let lang = ctx.lang;
    let confirm = posted.flag("confirm");
    let notify = posted.get("notify") != "0";
    let mut refused = Refusal::default();
    if confirm {
        match preview::run(
            state,
            session,
            make(posted.flag("allow_conflicts")),
            true,
            notify,
        )
        .await
        {
            Ok(_) => return see_other(&format!("/meetings/{id}")),
            Err(e) => match preview::refusal(lang, e) {
                Ok(r) => refused = r,
                Err(e) => return failed(state, ctx, &e),
            },
        }
        if !refused.conflicts {
            let status = if refused.forbidden {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let p = page(state, ctx, &tree, session, form, edit, refused, None);
            return render(state, ctx, status, &p);
        }
    }
    match preview::run(state, session, make(false), false, true).await {
        Ok(done) => {
            let status = if refused.conflicts {
                StatusCode::CONFLICT
            } else {
                StatusCode::OK
            };
            let view = preview::view(state, lang, &tree, &done, Some(form), form.hidden()).await;
            let p = page(state, ctx, &tree, session, form, edit, refused, Some(view));
            render(state, ctx, status, &p)
        }
        Err(e) => match preview::refusal(lang, e) {
            Ok(r) => {
                let status = if r.forbidden {
                    StatusCode::FORBIDDEN
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                };
                let p = page(state, ctx, &tree, session, form, edit, r, None);
                render(state, ctx, status, &p)
            }
            Err(e) => failed(state, ctx, &e),
        },
    }
}

/// The stored meeting `id` if the session may change it; else the answer
/// (404, or 403 for a meeting outside the token's groups).
pub(super) async fn in_scope(
    state: &AppState,
    ctx: &PageLang,
    session: &Session,
    id: Result<Path<String>, ApiError>,
) -> Result<(GroupTree, StoredMeeting), Response> {
    let id = match id {
        Ok(Path(id)) => id,
        Err(e) => {
            return Err(super::private(super::super::bad_path(state, ctx, e)));
        }
    };
    let not_found = || {
        message(
            state,
            ctx,
            StatusCode::NOT_FOUND,
            &tr(ctx, "error-not-found"),
            vec![i18n::t(
                ctx.lang,
                "error-no-meeting",
                &[("id", (&id).into())],
            )],
        )
    };
    let Ok(item) = ItemId::parse(&id) else {
        return Err(not_found());
    };
    let (tree, stored) = match (state.db.groups().await, state.db.meeting(&item).await) {
        (Ok(t), Ok(Some(m))) => (t, m),
        (Ok(_), Ok(None)) => return Err(not_found()),
        (Err(e), _) | (_, Err(e)) => return Err(failed(state, ctx, &e)),
    };
    if let Err(e) = session
        .actor()
        .require_groups(&tree, stored.meeting.groups())
    {
        return Err(message(
            state,
            ctx,
            StatusCode::FORBIDDEN,
            &tr(ctx, "org-not-yours"),
            vec![preview::field_error(ctx.lang, "groups", &e.to_string())],
        ));
    }
    Ok((tree, stored))
}

/// `GET /organize/meetings/{id}/edit`.
pub(super) async fn edit_form(
    State(state): State<AppState>,
    ctx: PageLang,
    id: Result<Path<String>, ApiError>,
    headers: HeaderMap,
) -> Response {
    let (session, _) = match signed_in(&state, &ctx, &headers).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let (tree, stored) = match in_scope(&state, &ctx, &session, id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let form = MeetingForm::from_input(&stored.meeting.to_input(), stored.version);
    let id = stored.meeting.id().to_string();
    let p = page(
        &state,
        &ctx,
        &tree,
        &session,
        &form,
        Some(&id),
        Refusal::default(),
        None,
    );
    render(&state, &ctx, StatusCode::OK, &p)
}

/// `POST /organize/meetings/{id}/edit`.
pub(super) async fn edit_post(
    State(state): State<AppState>,
    ctx: PageLang,
    id: Result<Path<String>, ApiError>,
    req: Request,
) -> Response {
    let (session, posted) = match posted(&state, &ctx, req).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let (_, stored) = match in_scope(&state, &ctx, &session, id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let id = stored.meeting.id().to_string();
    let mut form = MeetingForm::from_posted(&posted);
    form.set("id", id.clone());
    let expected = form.version.parse::<i64>().ok();
    let notify = posted.get("notify") != "0";
    let make = |allow: bool| Change::Patch {
        target: Target {
            id: id.clone(),
            occurrence: None,
        },
        change: MeetingPatch {
            patch: form.patch(),
            allow_conflicts: allow,
            expected,
            notify,
        },
    };
    submit(
        &state,
        &ctx,
        &session,
        &posted,
        &form,
        Some(&id),
        &make,
        &id,
    )
    .await
}
