//! Meetings over HTTP: create (with deadlines), change, cancel, reinstate; list with
//! filters and cursor pagination. The handlers parse the request, call
//! the use case in `crate::schedule` and render its outcome; the rules,
//! the transaction and the planned mails are the use case's.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use convene_core::{FieldError, GroupSlug, ItemId, MeetingInput, Status};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    body_key, from_object, if_match, json_answer, json_object, json_response, reinstate_request,
    take_bool, take_notify, written,
};
use crate::http::AppState;
use crate::http::api::{MeetingView, meeting_view, period};
use crate::http::auth::Organizer;
use crate::http::error::{ApiError, ConflictView};
use crate::http::extract::{Path, Query};
use crate::schedule::change_meeting::Cancel;
use crate::schedule::create_meeting::MeetingSaved;
use crate::schedule::{DeadlineSpec, MeetingPatch, MeetingRequest};
use crate::store::{Answer, MeetingFilter, StoredMeeting};

/// A meeting as saved, with the meetings it overlaps.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = SavedMeeting)]
pub(in crate::http) struct Saved {
    #[serde(flatten)]
    meeting: MeetingView,
    /// The confirmed meetings it overlaps (saved with `allow_conflicts`);
    /// left out when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<crate::http::schema::Conflict>, required = false)]
    conflicts: Vec<ConflictView>,
}

/// A saved meeting as answered.
pub(in crate::http) fn saved_view(s: &MeetingSaved) -> Saved {
    let stored = &s.stored;
    Saved {
        meeting: meeting_view(
            &stored.meeting,
            stored.version,
            stored.updated_at,
            &s.deadlines,
        ),
        conflicts: s.conflicts.clone(),
    }
}

fn answer(status: StatusCode, s: &MeetingSaved) -> Answer {
    let stored = &s.stored;
    let view = meeting_view(
        &stored.meeting,
        stored.version,
        stored.updated_at,
        &s.deadlines,
    );
    let location = (status == StatusCode::CREATED)
        .then(|| format!("/api/v1/meetings/{}", stored.meeting.id()));
    json_answer(
        status,
        &Saved {
            meeting: view,
            conflicts: s.conflicts.clone(),
        },
        Some(stored.version),
        location,
    )
}

/// 201 with `Location` and `ETag`.
fn created(s: &MeetingSaved) -> Answer {
    answer(StatusCode::CREATED, s)
}

/// A series changed from an occurrence on: 201 with `Location` for the
/// new series a split made, 200 when `from` was the first occurrence.
fn split(s: &MeetingSaved) -> Answer {
    if s.stored.version == 1 {
        created(s)
    } else {
        changed(s)
    }
}

/// 200 with `ETag`.
pub(super) fn changed(s: &MeetingSaved) -> Answer {
    answer(StatusCode::OK, s)
}

/// Reads a new meeting's body: the meeting's fields, `"allow_conflicts"`,
/// and `"deadlines"`: a list of deadline inputs, or `"derive"` for the
/// meeting kind's policy (`deadline_policies` in the configuration).
pub(in crate::http) fn meeting_request(
    state: &AppState,
    body: Result<Bytes, BytesRejection>,
) -> Result<MeetingRequest, ApiError> {
    meeting_request_from(json_object(body, state.config.server.max_body_bytes)?)
}

/// [`meeting_request`] from a JSON object (also a batch's `"meeting"`).
pub(in crate::http) fn meeting_request_from(
    mut map: serde_json::Map<String, Value>,
) -> Result<MeetingRequest, ApiError> {
    let allow_conflicts = take_bool(&mut map, "allow_conflicts")?;
    let notify = take_notify(&mut map)?;
    let deadlines = match map.remove("deadlines") {
        None | Some(Value::Null) => DeadlineSpec::None,
        Some(Value::String(s)) if s == "derive" => DeadlineSpec::Derive,
        Some(v) => DeadlineSpec::List(serde_json::from_value(v).map_err(|e| {
            ApiError::field(
                "deadlines",
                format!("a list of deadlines, or \"derive\": {e}"),
            )
        })?),
    };
    let input: MeetingInput = from_object(map)?;
    Ok(MeetingRequest {
        input,
        deadlines,
        allow_conflicts,
        notify,
    })
}

/// `POST /api/v1/meetings`.
#[utoipa::path(
    post, path = "/api/v1/meetings", operation_id = "create_meeting", tag = "meetings",
    summary = "Create a meeting, with its deadlines; its announcement and reminders are planned.",
    security(("bearer" = [])), params(("Idempotency-Key" = Option<String>, Header, description = "A retried request with the same key and body returns the first answer and changes nothing again; the same key with another body is a 422.", pattern = "^[!-~]{1,200}$")),
    request_body = crate::http::schema::NewMeeting,
    responses((status = 201, description = "Created; `conflicts` lists the meetings it overlaps when saved with `allow_conflicts`. A retry with the same `Idempotency-Key` and body gets this answer again, whole, with `Idempotent-Replayed: true`.", body = Saved, headers(("ETag" = String, description = "The version, `\"N\"`."), ("Location" = String, description = "The new item's URL."))),
        crate::http::schema::WriteErrors,
        (status = 409, description = "It overlaps confirmed meetings of related groups (listed in `conflicts`; send `allow_conflicts` to save anyway), or a request with the same `Idempotency-Key` is under way.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
pub(in crate::http) async fn create(
    State(state): State<AppState>,
    who: Organizer,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let key = body_key(&headers, &who, "POST /api/v1/meetings", &body)?;
    let req = meeting_request(&state, body)?;
    let done = state
        .schedule
        .create_meeting(&who.actor(), req, key.as_ref(), created)
        .await?;
    Ok(written(done, created))
}

/// `PATCH /api/v1/meetings/{id}`: a JSON merge patch over the meeting as
/// given (`GET …/meetings/{id}` → `input`), honouring `If-Match`.
#[utoipa::path(
    patch, path = "/api/v1/meetings/{id}", operation_id = "patch_meeting", tag = "meetings",
    summary = "Change a meeting (JSON merge patch over its `input`); an update notice is planned when time, place or link changes. For a series, `from` (an occurrence's original date) changes that occurrence and the following ones: the series is split, the new part (id `ID-YYYYMMDD`) answered with 201.",
    security(("bearer" = [])), params(("id" = String, Path, description = "A meeting's or deadline's stable id.", pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64), ("If-Match" = Option<String>, Header, description = "The ETag (version) the change is based on, e.g. `\"3\"`; a stale one gives 412.", pattern = "^(?:W/)?\"?[0-9]{1,18}\"?$")),
    request_body(content = crate::http::schema::MeetingPatch, content_type = "application/merge-patch+json"),
    responses((status = 200, description = "Changed.", body = Saved, headers(("ETag" = String, description = "The version, `\"N\"`: send it as `If-Match`."))),
        (status = 201, description = "A series split by `from`: the new series, from that occurrence on.", body = Saved, headers(("ETag" = String, description = "The new series' version, `\"1\"`."), ("Location" = String, description = "The new series' URL."))),
        crate::http::schema::WriteErrors, (status = 404, description = "No such meeting.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 409, description = "It would overlap confirmed meetings (listed in `conflicts`).", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 412, description = "`If-Match` names another version than the stored one.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
pub(in crate::http) async fn patch(
    State(state): State<AppState>,
    who: Organizer,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let mut patch = json_object(body, state.config.server.max_body_bytes)?;
    let allow_conflicts = take_bool(&mut patch, "allow_conflicts")?;
    let from = match patch.remove("from") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => {
            return Err(ApiError::field(
                "from",
                "an occurrence's original date, YYYY-MM-DD",
            ));
        }
    };
    let notify = take_notify(&mut patch)?;
    let change = MeetingPatch {
        patch,
        allow_conflicts,
        expected: if_match(&headers)?,
        notify,
    };
    if let Some(from) = from {
        let done = state
            .schedule
            .patch_series_from(&who.actor(), &id, &from, change, None, split)
            .await?;
        return Ok(written(done, split));
    }
    let done = state
        .schedule
        .patch_meeting(&who.actor(), &id, change, None, changed)
        .await?;
    Ok(written(done, changed))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(in crate::http) struct CancelBody {
    pub(in crate::http) reason: Option<String>,
    #[serde(default = "yes")]
    pub(in crate::http) notify: bool,
}

fn yes() -> bool {
    true
}

/// `POST /api/v1/meetings/{id}/cancel` with `{"reason": "…"}`: the meeting
/// stays, cancelled.
#[utoipa::path(
    post, path = "/api/v1/meetings/{id}/cancel", operation_id = "cancel_meeting", tag = "meetings",
    summary = "Cancel a meeting, with a reason; it stays, cancelled, and a notice is planned.",
    security(("bearer" = [])), params(("id" = String, Path, description = "A meeting's or deadline's stable id.", pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64), ("If-Match" = Option<String>, Header, description = "The ETag (version) the change is based on, e.g. `\"3\"`; a stale one gives 412.", pattern = "^(?:W/)?\"?[0-9]{1,18}\"?$"), ("Idempotency-Key" = Option<String>, Header, description = "A retried request with the same key and body returns the first answer and changes nothing again; the same key with another body is a 422.", pattern = "^[!-~]{1,200}$")),
    request_body = crate::http::schema::CancelBody,
    responses((status = 200, description = "Cancelled.", body = Saved, headers(("ETag" = String, description = "The version, `\"N\"`: send it as `If-Match`."))),
        crate::http::schema::WriteErrors, (status = 404, description = "No such meeting.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 409, description = "Already cancelled, or a request with the same `Idempotency-Key` is under way.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 412, description = "`If-Match` names another version than the stored one.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
pub(in crate::http) async fn cancel(
    State(state): State<AppState>,
    who: Organizer,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let key = body_key(
        &headers,
        &who,
        &format!("POST /api/v1/meetings/{id}/cancel"),
        &body,
    )?;
    let body: CancelBody = from_object(json_object(body, state.config.server.max_body_bytes)?)?;
    let done = state
        .schedule
        .cancel_meeting(
            &who.actor(),
            &id,
            Cancel {
                reason: body.reason,
                expected: if_match(&headers)?,
                notify: body.notify,
            },
            key.as_ref(),
            changed,
        )
        .await?;
    Ok(written(done, changed))
}

/// `POST /api/v1/meetings/{id}/reinstate`, with an empty body or
/// `{"allow_conflicts": true}`: a cancelled meeting is on again.
#[utoipa::path(
    post, path = "/api/v1/meetings/{id}/reinstate", operation_id = "reinstate_meeting", tag = "meetings",
    summary = "Reinstate a cancelled meeting: same UID, a higher SEQUENCE, the status it was cancelled from, its reminders again and one \"Reinstated\" notice (none when the cancellation notice had not gone out yet: it is withdrawn).",
    security(("bearer" = [])), params(("id" = String, Path, description = "A meeting's or deadline's stable id.", pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64), ("If-Match" = Option<String>, Header, description = "The ETag (version) the change is based on, e.g. `\"3\"`; a stale one gives 412.", pattern = "^(?:W/)?\"?[0-9]{1,18}\"?$"), ("Idempotency-Key" = Option<String>, Header, description = "A retried request with the same key and body returns the first answer and changes nothing again; the same key with another body is a 422.", pattern = "^[!-~]{1,200}$")),
    request_body(content = Option<crate::http::schema::ReinstateBody>, description = "Optional; `{\"allow_conflicts\": true}` reinstates a meeting whose slot has been taken meanwhile."),
    responses((status = 200, description = "Reinstated.", body = Saved, headers(("ETag" = String, description = "The version, `\"N\"`: send it as `If-Match`."))),
        crate::http::schema::WriteErrors, (status = 404, description = "No such meeting.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 409, description = "The meeting is not cancelled, it now overlaps confirmed meetings of related groups (the answer lists them; send `allow_conflicts`), or a request with the same `Idempotency-Key` is under way.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 412, description = "`If-Match` names another version than the stored one.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
pub(in crate::http) async fn reinstate(
    State(state): State<AppState>,
    who: Organizer,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let key = body_key(
        &headers,
        &who,
        &format!("POST /api/v1/meetings/{id}/reinstate"),
        &body,
    )?;
    let request = reinstate_request(body, &headers, state.config.server.max_body_bytes)?;
    let done = state
        .schedule
        .reinstate_meeting(&who.actor(), &id, &request, key.as_ref(), changed)
        .await?;
    Ok(written(done, changed))
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

/// A page of meetings.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = MeetingPage)]
struct Page {
    /// The meetings, in start order.
    meetings: Vec<MeetingView>,
    /// The next page's `cursor`; `null` on the last page.
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
#[utoipa::path(
    get, path = "/api/v1/meetings", operation_id = "list_meetings", tag = "meetings",
    summary = "Meetings by group, period and status, in start order, a page at a time.",
    params(("group" = Option<String>, Query, description = "A group's slug: its meetings only.", pattern = "^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$", max_length = 40), ("subgroups" = Option<bool>, Query, description = "`true` adds the subgroups' meetings."),
        ("from" = Option<String>, Query, description = "Start: a date `YYYY-MM-DD` or an RFC 3339 instant.", pattern = "^(?:19[0-9]{2}|2[01][0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])(?:T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:Z|[+-](?:0[0-9]|1[0-3]):[0-5][0-9]))?$"), ("to" = Option<String>, Query, description = "End: a date (inclusive) or an RFC 3339 instant; after `from`.", pattern = "^(?:19[0-9]{2}|2[01][0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])(?:T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:Z|[+-](?:0[0-9]|1[0-3]):[0-5][0-9]))?$"),
        ("status" = Option<crate::http::schema::MeetingStatus>, Query, description = "Only meetings with this status."),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page.", pattern = "^-?[0-9]{1,12}\\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"),
        ("limit" = Option<u32>, Query, description = "Meetings per page, 1-200 (50).", minimum = 1, maximum = 200)),
    responses((status = 200, description = "A page.", body = Page), crate::http::schema::BadParameters, crate::http::schema::Always)
)]
pub(in crate::http) async fn list(
    State(state): State<AppState>,
    reader: crate::http::reader::Reader,
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
            ..Default::default()
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
            .map(|m| {
                let shown = reader.meeting(&tree, &m.meeting);
                meeting_view(&shown, m.version, m.updated_at, &deadlines)
            })
            .collect(),
    };
    Ok(json_response(StatusCode::OK, &page, &[]))
}
