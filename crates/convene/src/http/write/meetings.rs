//! Meetings: create (with deadlines), change, cancel; list with filters and
//! cursor pagination. Each change is checked by the core, for scope, and
//! for conflicts; it is stored with its planned mails in one transaction.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use convene_core::reminder::{plan_change, plan_deadline};
use convene_core::{
    Deadline, DeadlineInput, Defaults, FieldError, GroupSlug, GroupTree, ItemId, Meeting,
    MeetingInput, PlannedMail, Status, conflicts_with,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    etag, from_object, idempotent, if_match, json_object, json_response, merge_patch, take_bool,
};
use crate::http::AppState;
use crate::http::api::{MeetingView, meeting_view, period, utc};
use crate::http::auth::Organizer;
use crate::http::error::{ApiError, ConflictView};
use crate::http::extract::{Path, Query};
use crate::store::{MeetingFilter, MovedDeadline, Store, StoredMeeting};

fn defaults(state: &AppState) -> Defaults {
    Defaults {
        zone: state.config.default_zone(),
    }
}

/// Validates a meeting input and checks its groups exist and are active.
async fn validate(
    state: &AppState,
    tree: &GroupTree,
    input: &MeetingInput,
) -> Result<Meeting, ApiError> {
    let result = input.validate(&defaults(state));
    let mut errors: Vec<FieldError> = match &result {
        Ok(_) => vec![],
        Err(e) => e.0.clone(),
    };
    let archived = state.db.archived_groups().await?;
    for (i, g) in input.groups.iter().enumerate() {
        match GroupSlug::parse(g) {
            Ok(s) if !tree.contains(&s) => errors.push(FieldError::new(
                format!("groups[{i}]"),
                format!("{g:?} is not a known group"),
            )),
            Ok(s) if archived.contains(&s) => errors.push(FieldError::new(
                format!("groups[{i}]"),
                format!("{g:?} is archived and takes no new meetings"),
            )),
            _ => {}
        }
    }
    match result {
        Ok(m) if errors.is_empty() => Ok(m),
        _ => Err(ApiError::Unprocessable {
            detail: "the meeting has invalid fields".into(),
            errors,
        }),
    }
}

/// The confirmed meetings this one would conflict with (core's rule).
async fn conflicts(
    state: &AppState,
    tree: &GroupTree,
    m: &Meeting,
) -> Result<Vec<ConflictView>, ApiError> {
    let others = state
        .db
        .meetings(&MeetingFilter {
            range: Some(m.span()),
            status: Some(Status::Confirmed),
            ..Default::default()
        })
        .await?;
    let list = conflicts_with(tree, m, others.iter().map(|o| &o.meeting));
    Ok(list
        .into_iter()
        .map(|c| {
            let other = if &c.a == m.id() { c.b } else { c.a };
            let title = others
                .iter()
                .find(|o| o.meeting.id() == &other)
                .map(|o| o.meeting.title().to_string())
                .unwrap_or_default();
            ConflictView {
                meeting: other.to_string(),
                title,
                overlaps: c
                    .overlaps
                    .iter()
                    .map(|i| [utc(i.start), utc(i.end)])
                    .collect(),
            }
        })
        .collect())
}

fn conflict_error(list: Vec<ConflictView>) -> ApiError {
    ApiError::Conflict {
        detail: format!(
            "the meeting overlaps {} confirmed meeting(s) of the same, a parent or a child group; send \"allow_conflicts\": true to save it anyway",
            list.len()
        ),
        conflicts: list,
    }
}

#[derive(Serialize)]
struct Saved {
    #[serde(flatten)]
    meeting: MeetingView,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    conflicts: Vec<ConflictView>,
}

fn saved(
    status: StatusCode,
    stored: &StoredMeeting,
    deadlines: &[crate::store::StoredDeadline],
    conflicts: Vec<ConflictView>,
) -> Response {
    let view = meeting_view(
        &stored.meeting,
        stored.version,
        stored.updated_at,
        deadlines,
    );
    let location = format!("/api/v1/meetings/{}", stored.meeting.id());
    let mut headers = vec![(header::ETAG, etag(stored.version))];
    if status == StatusCode::CREATED
        && let Ok(v) = header::HeaderValue::from_str(&location)
    {
        headers.push((header::LOCATION, v));
    }
    json_response(
        status,
        &Saved {
            meeting: view,
            conflicts,
        },
        &headers,
    )
}

/// `POST /api/v1/meetings`.
pub(in crate::http) async fn create(
    State(state): State<AppState>,
    who: Organizer,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let raw = body.as_ref().map(|b| b.to_vec()).unwrap_or_default();
    idempotent(
        &state,
        &who,
        &headers,
        "POST /api/v1/meetings",
        &raw,
        || create_once(&state, &who, body),
    )
    .await
}

/// A new meeting as the body describes it, checked, with its deadlines,
/// conflicts and planned mails: what create stores and preview shows.
pub(in crate::http) struct Prepared {
    pub(in crate::http) tree: GroupTree,
    pub(in crate::http) meeting: Meeting,
    pub(in crate::http) deadlines: Vec<Deadline>,
    pub(in crate::http) conflicts: Vec<ConflictView>,
    pub(in crate::http) allow_conflicts: bool,
    pub(in crate::http) mails: Vec<PlannedMail>,
}

/// Reads and checks a new meeting's body. `"deadlines"` is a list of
/// deadline inputs, or `"derive"` for the meeting kind's policy
/// (`deadline_policies` in the configuration).
pub(in crate::http) async fn prepare(
    state: &AppState,
    body: Result<Bytes, BytesRejection>,
    now: DateTime<Utc>,
) -> Result<Prepared, ApiError> {
    let mut map = json_object(body, state.config.server.max_body_bytes)?;
    let allow_conflicts = take_bool(&mut map, "allow_conflicts")?;
    let deadlines_field = map.remove("deadlines");
    let input: MeetingInput = from_object(map)?;
    let tree = state.db.groups().await?;
    let meeting = validate(state, &tree, &input).await?;
    let deadline_inputs: Vec<DeadlineInput> = match deadlines_field {
        None | Some(Value::Null) => vec![],
        Some(Value::String(s)) if s == "derive" => {
            match convene_core::DeadlinePolicy::for_meeting(
                &state.config.deadline_policies,
                &meeting,
            ) {
                Some(policy) => convene_core::derive_deadlines(&meeting, policy),
                None => {
                    return Err(ApiError::field(
                        "deadlines",
                        format!(
                            "no deadline policy for {} meetings is configured",
                            meeting.kind().as_str()
                        ),
                    ));
                }
            }
        }
        Some(v) => serde_json::from_value(v).map_err(|e| {
            ApiError::field(
                "deadlines",
                format!("a list of deadlines, or \"derive\": {e}"),
            )
        })?,
    };
    let deadlines = meeting_deadlines(&meeting, deadline_inputs)?;
    let conflicts = if meeting.status() == Status::Confirmed {
        conflicts(state, &tree, &meeting).await?
    } else {
        vec![]
    };
    let policy = &state.config.reminders;
    let mut mails: Vec<PlannedMail> = plan_change(&tree, None, &meeting, policy, now);
    for d in &deadlines {
        mails.extend(plan_deadline(&tree, d, Some(&meeting), policy, now));
    }
    mails.sort_by(|a, b| (a.due, &a.subject).cmp(&(b.due, &b.subject)));
    Ok(Prepared {
        tree,
        meeting,
        deadlines,
        conflicts,
        allow_conflicts,
        mails,
    })
}

async fn create_once(
    state: &AppState,
    who: &Organizer,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let now = Utc::now();
    let p = prepare(state, body, now).await?;
    who.require_groups(&p.tree, p.meeting.groups())?;
    if !p.conflicts.is_empty() && !p.allow_conflicts {
        return Err(conflict_error(p.conflicts));
    }
    let stored = state
        .db
        .create_meeting(&p.meeting, &p.deadlines, &p.mails, &who.actor(), now)
        .await?;
    let stored_deadlines = state
        .db
        .deadlines(std::slice::from_ref(p.meeting.id()), &[])
        .await?;
    Ok(saved(
        StatusCode::CREATED,
        &stored,
        &stored_deadlines,
        p.conflicts,
    ))
}

/// Deadlines sent with a new meeting belong to it; they may not name
/// another owner.
fn meeting_deadlines(
    meeting: &Meeting,
    inputs: Vec<DeadlineInput>,
) -> Result<Vec<Deadline>, ApiError> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let defaults = Defaults {
        zone: meeting.zone(),
    };
    for (i, mut d) in inputs.into_iter().enumerate() {
        if d.group.is_some()
            || d.meeting
                .as_deref()
                .is_some_and(|m| m != meeting.id().as_str())
        {
            errors.push(FieldError::new(
                format!("deadlines[{i}].meeting"),
                "deadlines sent with a meeting belong to it; leave `meeting` and `group` out",
            ));
            continue;
        }
        d.meeting = Some(meeting.id().to_string());
        match d.validate(&defaults) {
            Ok(v) => out.push(v),
            Err(e) => errors.extend(
                e.0.into_iter()
                    .map(|f| FieldError::new(format!("deadlines[{i}].{}", f.field), f.message)),
            ),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ApiError::Unprocessable {
            detail: "the meeting's deadlines have invalid fields".into(),
            errors,
        })
    }
}

async fn load(state: &AppState, id: &str) -> Result<(ItemId, StoredMeeting), ApiError> {
    let not_found = || ApiError::NotFound(format!("meeting {id:?} does not exist"));
    let id = ItemId::parse(id).map_err(|_| not_found())?;
    let stored = state.db.meeting(&id).await?.ok_or_else(not_found)?;
    Ok((id, stored))
}

/// Saves a changed meeting against the version the client saw.
async fn save_change(
    state: &AppState,
    who: &Organizer,
    tree: &GroupTree,
    old: &StoredMeeting,
    new: Meeting,
    expected: i64,
    found: Vec<ConflictView>,
) -> Result<Response, ApiError> {
    if expected != old.version {
        return Err(ApiError::PreconditionFailed {
            what: "meeting",
            id: old.meeting.id().to_string(),
            expected,
            current: old.version,
        });
    }
    let now = Utc::now();
    let mails = plan_change(tree, Some(&old.meeting), &new, &state.config.reminders, now);
    let moved = moved_deadlines(state, tree, &new, now).await?;
    let stored = state
        .db
        .update_meeting(&new, expected, &mails, &moved, &who.actor(), now)
        .await?;
    let deadlines = state
        .db
        .deadlines(std::slice::from_ref(new.id()), &[])
        .await?;
    Ok(saved(StatusCode::OK, &stored, &deadlines, found))
}

/// The meeting's derived deadlines at the dates its policy gives for the
/// new schedule (deadlines set by hand stay where they were put).
async fn moved_deadlines(
    state: &AppState,
    tree: &GroupTree,
    new: &Meeting,
    now: DateTime<Utc>,
) -> Result<Vec<MovedDeadline>, ApiError> {
    if new.status() == Status::Cancelled {
        return Ok(vec![]);
    }
    let Some(policy) =
        convene_core::DeadlinePolicy::for_meeting(&state.config.deadline_policies, new)
    else {
        return Ok(vec![]);
    };
    let stored = state
        .db
        .deadlines(std::slice::from_ref(new.id()), &[])
        .await?;
    let fresh = convene_core::derive_deadlines(new, policy);
    let defaults = Defaults { zone: new.zone() };
    let mut out = Vec::new();
    for old in stored.iter().filter(|d| d.deadline.derived()) {
        let Some(input) = fresh
            .iter()
            .find(|f| f.id.as_deref() == Some(old.deadline.id().as_str()))
        else {
            continue;
        };
        let Ok(moved) = input.validate(&defaults) else {
            continue;
        };
        if moved != old.deadline {
            let mails = plan_deadline(tree, &moved, Some(new), &state.config.reminders, now);
            out.push(MovedDeadline {
                deadline: moved,
                mails,
            });
        }
    }
    Ok(out)
}

/// `PATCH /api/v1/meetings/{id}`: a JSON merge patch over the meeting as
/// given (`GET …/meetings/{id}` → `input`), honouring `If-Match`.
pub(in crate::http) async fn patch(
    State(state): State<AppState>,
    who: Organizer,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let mut patch = json_object(body, state.config.server.max_body_bytes)?;
    let allow = take_bool(&mut patch, "allow_conflicts")?;
    let expected = if_match(&headers)?;
    let (id, old) = load(&state, &id).await?;
    if let Some(v) = patch.get("id")
        && v.as_str() != Some(id.as_str())
    {
        return Err(ApiError::field("id", "the id of a meeting cannot change"));
    }
    let tree = state.db.groups().await?;
    who.require_groups(&tree, old.meeting.groups())?;
    let mut doc = serde_json::to_value(old.meeting.to_input()).unwrap_or(Value::Null);
    merge_patch(&mut doc, Value::Object(patch));
    let input: MeetingInput = match doc {
        Value::Object(map) => from_object(map)?,
        _ => return Err(ApiError::field("body", "must be a JSON object")),
    };
    let new = validate(&state, &tree, &input).await?;
    who.require_groups(&tree, new.groups())?;
    let found = if new.status() == Status::Confirmed {
        conflicts(&state, &tree, &new).await?
    } else {
        vec![]
    };
    if !found.is_empty() && !allow {
        return Err(conflict_error(found));
    }
    save_change(
        &state,
        &who,
        &tree,
        &old,
        new,
        expected.unwrap_or(old.version),
        found,
    )
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CancelBody {
    reason: Option<String>,
}

/// `POST /api/v1/meetings/{id}/cancel` with `{"reason": "…"}`: the meeting
/// stays, cancelled.
pub(in crate::http) async fn cancel(
    State(state): State<AppState>,
    who: Organizer,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body: CancelBody = from_object(json_object(body, state.config.server.max_body_bytes)?)?;
    let expected = if_match(&headers)?;
    let (_, old) = load(&state, &id).await?;
    let tree = state.db.groups().await?;
    who.require_groups(&tree, old.meeting.groups())?;
    if old.meeting.status() == Status::Cancelled {
        return Err(ApiError::Conflict {
            detail: format!("meeting {id:?} is already cancelled"),
            conflicts: vec![],
        });
    }
    let mut input = old.meeting.to_input();
    input.status = Some("cancelled".into());
    input.cancel_reason = body.reason;
    let new = validate(&state, &tree, &input).await?;
    save_change(
        &state,
        &who,
        &tree,
        &old,
        new,
        expected.unwrap_or(old.version),
        vec![],
    )
    .await
}

/// Listing parameters of `GET /api/v1/meetings`.
#[derive(Debug, Deserialize)]
pub(in crate::http) struct ListQuery {
    group: Option<String>,
    subgroups: Option<bool>,
    from: Option<String>,
    to: Option<String>,
    status: Option<String>,
    cursor: Option<String>,
    limit: Option<u32>,
}

#[derive(Serialize)]
struct Page {
    meetings: Vec<MeetingView>,
    next_cursor: Option<String>,
}

fn cursor_of(m: &StoredMeeting) -> String {
    format!("{}.{}", m.meeting.starts_at().timestamp(), m.meeting.id())
}

fn parse_cursor(c: &str) -> Option<(DateTime<Utc>, String)> {
    let (secs, id) = c.split_once('.')?;
    let t = DateTime::from_timestamp(secs.parse().ok()?, 0)?;
    ItemId::parse(id).ok()?;
    Some((t, id.to_owned()))
}

/// `GET /api/v1/meetings`: by group (with subgroups), period and status, in
/// start order, `limit` at a time (default 50, at most 200); `next_cursor`
/// fetches the next page.
pub(in crate::http) async fn list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    let mut errors = Vec::new();
    let range = period(q.from.as_deref(), q.to.as_deref())?;
    let status = match q.status.as_deref().map(Status::parse) {
        Some(Ok(s)) => Some(s),
        Some(Err(e)) => {
            errors.push(FieldError::new("status", e));
            None
        }
        None => None,
    };
    let after = match q.cursor.as_deref().map(parse_cursor) {
        Some(Some(c)) => Some(c),
        Some(None) => {
            errors.push(FieldError::new("cursor", "not a cursor this API gave"));
            None
        }
        None => None,
    };
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        errors.push(FieldError::new("limit", "must be between 1 and 200"));
    }
    let tree = state.db.groups().await?;
    let groups = match q.group.as_deref() {
        Some(g) => match GroupSlug::parse(g).ok().filter(|s| tree.contains(s)) {
            Some(s) if q.subgroups.unwrap_or(false) => Some(
                tree.subtree(&s)
                    .into_iter()
                    .map(|g| g.slug.clone())
                    .collect(),
            ),
            Some(s) => Some(vec![s]),
            None => {
                errors.push(FieldError::new(
                    "group",
                    format!("{g:?} is not a known group"),
                ));
                None
            }
        },
        None => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::BadRequest {
            detail: "the query parameters are invalid".into(),
            errors,
        });
    }
    let mut found = state
        .db
        .meetings(&MeetingFilter {
            groups,
            range,
            status,
            after,
            limit: Some(limit + 1),
        })
        .await?;
    let more = found.len() > limit as usize;
    found.truncate(limit as usize);
    let ids: Vec<ItemId> = found.iter().map(|m| m.meeting.id().clone()).collect();
    let deadlines = state.db.deadlines(&ids, &[]).await?;
    let page = Page {
        next_cursor: if more {
            found.last().map(cursor_of)
        } else {
            None
        },
        meetings: found
            .iter()
            .map(|m| meeting_view(&m.meeting, m.version, m.updated_at, &deadlines))
            .collect(),
    };
    Ok(json_response(StatusCode::OK, &page, &[]))
}
