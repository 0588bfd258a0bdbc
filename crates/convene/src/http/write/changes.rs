//! `POST /api/v1/changes`: a batch of changes, all or none, with one notice
//! per mailing list; or, with `"dry_run": true`, what it would store and
//! the exact mails, storing nothing. The handler reads the body (each
//! change's fields named `changes[i]…` when refused) and calls
//! [`crate::schedule::Schedule::apply_batch`].

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::NaiveDate;
use convene_core::{DeadlineInput, FieldError};
use serde::Serialize;
use serde_json::{Map, Value};

use super::meetings::{Saved, meeting_request_from, saved_view};
use super::{body_key, from_object, json_answer, json_object, take_bool, written};
use crate::http::AppState;
use crate::http::api::{DeadlineView, deadline_view};
use crate::http::auth::Organizer;
use crate::http::error::ApiError;
use crate::schedule::changes::{Batch, BatchDone, Change, Done, Target};
use crate::schedule::{MeetingPatch, utc};
use crate::store::Answer;

/// The most changes one batch may hold (its body is bounded by
/// `server.max_body_bytes` too).
const MAX_CHANGES: usize = 200;

/// What one change did.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = ChangeResult)]
struct ResultView {
    /// The meeting as saved (create, patch, cancel).
    #[serde(skip_serializing_if = "Option::is_none")]
    meeting: Option<Saved>,
    /// The deadline as saved (create, patch).
    #[serde(skip_serializing_if = "Option::is_none")]
    deadline: Option<DeadlineView>,
    /// The id of the deadline deleted.
    #[serde(skip_serializing_if = "Option::is_none")]
    deleted: Option<String>,
}

/// A mail the batch plans (or, dry, would plan): one per mailing list.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = BatchMail)]
struct MailView {
    /// The list.
    recipients: Vec<String>,
    /// `Subject`.
    subject: String,
    /// The text/plain part, exactly as sent.
    text: String,
    /// Its language (`Content-Language`): the list's group's.
    #[schema(value_type = crate::http::schema::Language)]
    language: &'static str,
    /// When it goes out (`mail.hold_minutes` after the batch), UTC.
    due: String,
}

/// A conflict found by one change.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = BatchConflict)]
struct ConflictView {
    /// The change's index in `changes`.
    change: usize,
    /// Whether the change allows it (`allow_conflicts`); a real run refuses
    /// the batch with 409 when one does not.
    allowed: bool,
    /// The other meeting.
    meeting: String,
    /// Its title.
    title: String,
    /// The overlapping spans, UTC.
    overlaps: Vec<[String; 2]>,
}

/// A batch's answer.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = BatchResult)]
struct BatchView {
    /// Nothing was stored.
    dry_run: bool,
    /// Each change's outcome, in order.
    results: Vec<ResultView>,
    /// The notices planned (or, dry, that would be): one per mailing list,
    /// summarizing every change that concerns it. Empty with `"notify":
    /// false`.
    mails: Vec<MailView>,
    /// Conflicts found, by change.
    conflicts: Vec<ConflictView>,
}

fn view(b: &BatchDone) -> BatchView {
    let mut conflicts = Vec::new();
    let results = b
        .done
        .iter()
        .enumerate()
        .map(|(i, d)| match d {
            Done::Meeting(m) => {
                let allowed = b.allowed.get(i).copied().unwrap_or(true);
                conflicts.extend(m.conflicts.iter().map(|c| ConflictView {
                    change: i,
                    allowed,
                    meeting: c.meeting.clone(),
                    title: c.title.clone(),
                    overlaps: c.overlaps.clone(),
                }));
                ResultView {
                    meeting: Some(saved_view(m)),
                    deadline: None,
                    deleted: None,
                }
            }
            Done::Deadline(d) => ResultView {
                meeting: None,
                deadline: Some(deadline_view(&d.deadline, d.version)),
                deleted: None,
            },
            Done::Deleted(id) => ResultView {
                meeting: None,
                deadline: None,
                deleted: Some(id.clone()),
            },
        })
        .collect();
    BatchView {
        dry_run: b.dry_run,
        results,
        mails: b
            .mails
            .iter()
            .map(|m| MailView {
                recipients: m.recipients.clone(),
                subject: m.subject.clone(),
                text: m.text.clone(),
                language: m.language.code(),
                due: utc(m.due),
            })
            .collect(),
        conflicts,
    }
}

fn answer(b: &BatchDone) -> Answer {
    json_answer(StatusCode::OK, &view(b), None, None)
}

/// Names the change in a refusal: `changes[2].meeting.start`.
fn within(index: usize, part: &str, e: ApiError) -> ApiError {
    let rename = |errors: Vec<FieldError>| -> Vec<FieldError> {
        errors
            .into_iter()
            .map(|f| {
                let field = if part.is_empty() {
                    format!("changes[{index}].{}", f.field)
                } else {
                    format!("changes[{index}].{part}.{}", f.field)
                };
                FieldError::new(field, f.message)
            })
            .collect()
    };
    match e {
        ApiError::Unprocessable { detail, errors } => ApiError::Unprocessable {
            detail: format!("change {index}: {detail}"),
            errors: rename(errors),
        },
        ApiError::BadRequest { detail, errors } => ApiError::Unprocessable {
            detail: format!("change {index}: {detail}"),
            errors: rename(errors),
        },
        other => other,
    }
}

fn bad(index: usize, field: &str, message: impl Into<String>) -> ApiError {
    let field = if field.is_empty() {
        format!("changes[{index}]")
    } else {
        format!("changes[{index}].{field}")
    };
    ApiError::Unprocessable {
        detail: format!("change {index} is invalid"),
        errors: vec![FieldError::new(field, message)],
    }
}

fn take_string(
    i: usize,
    map: &mut Map<String, Value>,
    key: &str,
) -> Result<Option<String>, ApiError> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(bad(i, key, "must be a string")),
    }
}

fn take_object(
    i: usize,
    map: &mut Map<String, Value>,
    key: &str,
) -> Result<Option<Map<String, Value>>, ApiError> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(_) => Err(bad(i, key, "must be an object")),
    }
}

/// One change of the body.
fn change(i: usize, value: Value) -> Result<Change, ApiError> {
    let Value::Object(mut map) = value else {
        return Err(bad(i, "", "must be an object with \"op\""));
    };
    let op = take_string(i, &mut map, "op")?.ok_or_else(|| bad(i, "op", "is required"))?;
    let id = take_string(i, &mut map, "id")?;
    let occurrence = match take_string(i, &mut map, "occurrence")? {
        None => None,
        Some(s) => Some(
            NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .map_err(|_| bad(i, "occurrence", "a date, YYYY-MM-DD"))?,
        ),
    };
    let meeting = take_object(i, &mut map, "meeting")?;
    let deadline = take_object(i, &mut map, "deadline")?;
    let reason = take_string(i, &mut map, "reason")?;
    if let Some(k) = map.keys().next() {
        return Err(bad(i, k, "unknown field"));
    }
    if meeting.is_some() && deadline.is_some() {
        return Err(bad(
            i,
            "deadline",
            "a change is about a meeting or a deadline, not both",
        ));
    }
    let need_id = || {
        id.clone()
            .ok_or_else(|| bad(i, "id", "is required for this op"))
    };
    let target = || {
        Ok::<_, ApiError>(Target {
            id: need_id()?,
            occurrence,
        })
    };
    let no_reason = || match reason {
        Some(_) => Err(bad(i, "reason", "only a cancel has a reason")),
        None => Ok(()),
    };
    Ok(match (op.as_str(), meeting, deadline) {
        ("create", Some(m), None) => {
            no_reason()?;
            if id.is_some() {
                return Err(bad(i, "id", "a new meeting's id goes in \"meeting\""));
            }
            if m.contains_key("notify") {
                return Err(bad(
                    i,
                    "meeting.notify",
                    "\"notify\" is the batch's, not a change's",
                ));
            }
            Change::Create(Box::new(
                meeting_request_from(m).map_err(|e| within(i, "meeting", e))?,
            ))
        }
        ("create", None, Some(d)) => {
            no_reason()?;
            let input: DeadlineInput = from_object(d).map_err(|e| within(i, "deadline", e))?;
            Change::CreateDeadline(Box::new(input))
        }
        ("create", None, None) => return Err(bad(i, "meeting", "is required")),
        ("patch", Some(mut m), None) => {
            no_reason()?;
            let allow_conflicts =
                take_bool(&mut m, "allow_conflicts").map_err(|e| within(i, "meeting", e))?;
            if m.contains_key("notify") {
                return Err(bad(
                    i,
                    "meeting.notify",
                    "\"notify\" is the batch's, not a change's",
                ));
            }
            Change::Patch {
                target: target()?,
                change: MeetingPatch {
                    patch: m,
                    allow_conflicts,
                    expected: None,
                    notify: true,
                },
            }
        }
        ("patch", None, Some(d)) => {
            no_reason()?;
            Change::PatchDeadline {
                id: need_id()?,
                patch: d,
            }
        }
        ("patch", None, None) => return Err(bad(i, "meeting", "is required")),
        ("cancel", None, None) => Change::Cancel {
            target: target()?,
            reason,
        },
        ("reinstate", None, None) => {
            no_reason()?;
            Change::Reinstate { target: target()? }
        }
        ("delete", None, None) => {
            no_reason()?;
            Change::DeleteDeadline { id: need_id()? }
        }
        ("cancel" | "reinstate" | "delete", _, _) => {
            return Err(bad(i, "", format!("{op} takes \"id\" only")));
        }
        (_, _, _) => {
            return Err(bad(
                i,
                "op",
                "one of create, patch, cancel, reinstate, delete",
            ));
        }
    })
}

/// The whole body.
fn batch(mut map: Map<String, Value>) -> Result<Batch, ApiError> {
    let dry_run = take_bool(&mut map, "dry_run")?;
    let notify = super::take_notify(&mut map)?;
    let list = match map.remove("changes") {
        Some(Value::Array(a)) if a.len() > MAX_CHANGES => {
            return Err(ApiError::field(
                "changes",
                format!("at most {MAX_CHANGES} changes in one batch"),
            ));
        }
        Some(Value::Array(a)) if !a.is_empty() => a,
        Some(Value::Array(_)) => return Err(ApiError::field("changes", "at least one change")),
        Some(_) => return Err(ApiError::field("changes", "must be a list of changes")),
        None => return Err(ApiError::field("changes", "is required")),
    };
    if let Some(k) = map.keys().next() {
        return Err(ApiError::field(k, "unknown field"));
    }
    let changes = list
        .into_iter()
        .enumerate()
        .map(|(i, v)| change(i, v))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Batch {
        changes,
        dry_run,
        notify,
    })
}

/// `POST /api/v1/changes`.
#[utoipa::path(
    post, path = "/api/v1/changes", operation_id = "apply_changes", tag = "meetings",
    summary = "Apply a batch of changes, all or none, with one notice per mailing list; `dry_run` stores nothing and answers the exact mails.",
    security(("bearer" = [])), params(("Idempotency-Key" = Option<String>, Header, description = "A retried request with the same key and body returns the first answer and changes nothing again; the same key with another body is a 422.", pattern = "^[!-~]{1,200}$")),
    request_body = crate::http::schema::ChangeBatch,
    responses((status = 200, description = "Applied (or, with `dry_run`, what would be): each change's outcome, the lists' notices, the conflicts. A retry with the same `Idempotency-Key` and body gets this answer again, whole, with `Idempotent-Replayed: true`.", body = BatchView),
        crate::http::schema::WriteErrors,
        (status = 409, description = "A change overlaps confirmed meetings of related groups without `allow_conflicts` (the detail names the change, `conflicts` lists the meetings), a meeting is already cancelled, or a request with the same `Idempotency-Key` is under way.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
pub(in crate::http) async fn apply(
    State(state): State<AppState>,
    who: Organizer,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let key = body_key(&headers, &who, "POST /api/v1/changes", &body)?;
    let batch = batch(json_object(body, state.config.server.max_body_bytes)?)?;
    let done = state
        .schedule
        .apply_batch(&who.actor(), batch, key.as_ref(), answer)
        .await?;
    Ok(written(done, answer))
}
