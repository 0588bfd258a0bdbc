//! `/organize/deadlines/new[?meeting=ID]`: a new deadline of a meeting or
//! of a group (the API's fields: `meeting` or `group`, `kind`, `title`,
//! `date`, `time`, `zone`, `email`, `url`, `note`, `id`); posted, its
//! preview (a dry run, with the announcement it mails); with `confirm=1`,
//! saved (303 to its meeting's or group's page).

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_core::{DeadlineInput, GroupTree};

use super::super::lang::PageLang;
use super::form::Posted;
use super::preview::{self, Refusal};
use super::templates::{DeadlineFormPage, Field, PreviewView, layout};
use super::{failed, posted, render, scope_groups, see_other, signed_in, tr};
use crate::http::AppState;
use crate::organize::Session;
use crate::schedule::changes::Change;
use convene_core::i18n;

/// The form's fields, in its order: the API's names.
const FIELDS: &[&str] = &[
    "meeting", "group", "kind", "title", "date", "time", "zone", "email", "url", "note", "id",
];

const KINDS: &[&str] = &[
    "contribution",
    "registration",
    "visa-support-letter",
    "other",
];

fn value(p: &Posted, key: &str) -> Option<String> {
    Some(p.get(key).to_owned()).filter(|v| !v.is_empty())
}

/// The deadline as the use case takes it; its id, when none was typed,
/// from its owner, kind and date (`wg5-2023-09-06-e-meeting-contribution`).
fn input(p: &Posted) -> DeadlineInput {
    let zone = value(p, "zone").map(|z| super::zones::resolve(&z).unwrap_or(z));
    let owner = value(p, "meeting").or_else(|| value(p, "group"));
    let id = value(p, "id").or_else(|| {
        let (owner, kind, date) = (owner?, value(p, "kind")?, value(p, "date")?);
        Some(format!("{owner}-{kind}-{date}"))
    });
    DeadlineInput {
        id,
        meeting: value(p, "meeting"),
        group: value(p, "group").filter(|_| p.get("meeting").is_empty()),
        kind: value(p, "kind"),
        title: value(p, "title"),
        date: value(p, "date"),
        time: value(p, "time"),
        zone,
        email: value(p, "email"),
        url: value(p, "url"),
        note: value(p, "note"),
        ..DeadlineInput::default()
    }
}

fn page(
    state: &AppState,
    ctx: &PageLang,
    tree: &GroupTree,
    session: &Session,
    p: &Posted,
    refusal: Refusal,
    preview: Option<PreviewView>,
) -> DeadlineFormPage {
    let fields = FIELDS
        .iter()
        .map(|f| Field {
            name: (*f).to_owned(),
            value: p.get(f).to_owned(),
            errors: refusal
                .fields
                .iter()
                .filter(|(n, _)| n == f)
                .map(|(_, m)| m.clone())
                .collect(),
        })
        .collect();
    DeadlineFormPage {
        layout: layout(state, ctx, &tr(ctx, "org-add-deadline")),
        action: "/organize/deadlines/new".to_owned(),
        csrf: session.csrf.clone(),
        fields,
        groups: scope_groups(tree, session)
            .iter()
            .filter_map(|g| tree.get(g))
            .map(|g| (g.slug.to_string(), format!("{} ({})", g.short_name, g.name)))
            .collect(),
        kinds: KINDS
            .iter()
            .map(|k| {
                (
                    *k,
                    i18n::t(ctx.lang, &format!("org-deadline-kind-{k}"), &[]),
                )
            })
            .collect(),
        errors: refusal.lines,
        preview,
    }
}

/// `GET /organize/deadlines/new[?meeting=ID]`.
pub(super) async fn new_form(
    State(state): State<AppState>,
    ctx: PageLang,
    req: Request,
) -> Response {
    let (session, _) = match signed_in(&state, &ctx, req.headers()).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let query = Posted::parse(req.uri().query().unwrap_or("").as_bytes());
    let tree = match state.db.groups().await {
        Ok(t) => t,
        Err(e) => return failed(&state, &ctx, &e),
    };
    let mut start = vec![("kind".to_owned(), "contribution".to_owned())];
    if !query.get("meeting").is_empty() {
        start.push(("meeting".to_owned(), query.get("meeting").to_owned()));
    }
    let p = page(
        &state,
        &ctx,
        &tree,
        &session,
        &Posted(start),
        Refusal::default(),
        None,
    );
    render(&state, &ctx, StatusCode::OK, &p)
}

/// `POST /organize/deadlines/new`.
pub(super) async fn new_post(
    State(state): State<AppState>,
    ctx: PageLang,
    req: Request,
) -> Response {
    let (session, posted) = match posted(&state, &ctx, req).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let tree = match state.db.groups().await {
        Ok(t) => t,
        Err(e) => return failed(&state, &ctx, &e),
    };
    let d = input(&posted);
    let confirm = posted.flag("confirm");
    let notify = posted.get("notify") != "0";
    let change = Change::CreateDeadline(Box::new(d.clone()));
    match preview::run(&state, &session, change, confirm, notify).await {
        Ok(_) if confirm => {
            let to = match (&d.meeting, &d.group) {
                (Some(m), _) => format!("/meetings/{m}"),
                (None, Some(g)) => format!("/groups/{g}"),
                _ => "/organize".to_owned(),
            };
            see_other(&to)
        }
        Ok(done) => {
            let hidden = FIELDS
                .iter()
                .filter(|f| !posted.get(f).is_empty())
                .map(|f| ((*f).to_owned(), posted.get(f).to_owned()))
                .collect();
            let view = preview::view(&state, ctx.lang, &tree, &done, None, hidden).await;
            let p = page(
                &state,
                &ctx,
                &tree,
                &session,
                &posted,
                Refusal::default(),
                Some(view),
            );
            render(&state, &ctx, StatusCode::OK, &p)
        }
        Err(e) => match preview::refusal(ctx.lang, e) {
            Ok(r) => {
                let status = if r.forbidden {
                    StatusCode::FORBIDDEN
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                };
                let p = page(&state, &ctx, &tree, &session, &posted, r, None);
                render(&state, &ctx, status, &p)
            }
            Err(e) => failed(&state, &ctx, &e),
        },
    }
}
