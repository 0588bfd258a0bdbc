//! One occurrence of a series over HTTP: read, change, cancel; and the
//! series' part of a meeting's answer. An occurrence's URL names its
//! original local date: `/api/v1/meetings/{id}/occurrences/{YYYY-MM-DD}`.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use convene_core::{ItemId, Meeting, Occurrence, Series};
use serde::{Deserialize, Serialize};

use super::meetings::changed;
use super::{
    body_key, from_object, if_match, json_object, json_response, reinstate_request, take_bool,
    take_notify, written,
};
use crate::http::AppState;
use crate::http::auth::Organizer;
use crate::http::error::ApiError;
use crate::http::extract::Path;
use crate::schedule::MeetingPatch;
use crate::schedule::occurrences::occurrence_date;

fn utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn local(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A recurring meeting's rule and occurrences.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = Series)]
pub(in crate::http) struct SeriesView {
    /// The rule, as stored (`FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10`).
    rule: String,
    /// The series in words, in English ("every second Tuesday, 14:00-15:00 hours,
    /// Geneva time, from 3 October 2023, 10 times").
    words: String,
    /// Every occurrence, cancelled ones included, by original date.
    occurrences: Vec<OccurrenceView>,
}

/// One occurrence of a series.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = Occurrence)]
pub(in crate::http) struct OccurrenceView {
    /// The series' id.
    meeting: String,
    /// The date the rule gives it: its address.
    original_date: String,
    /// `scheduled` (as the rule has it), `changed` (moved or retitled) or
    /// `cancelled`.
    #[schema(pattern = "^(scheduled|changed|cancelled)$")]
    status: &'static str,
    /// The day it is on, local.
    date: String,
    /// Start, in the meeting's zone (RFC 3339 with offset).
    start: String,
    /// End, in the meeting's zone.
    end: String,
    /// Start, UTC.
    start_utc: String,
    /// End, UTC.
    end_utc: String,
    /// Its title: the series' unless changed for this occurrence.
    title: String,
    /// Why it was cancelled.
    cancel_reason: Option<String>,
    /// Its URL in the API.
    href: String,
}

fn occurrence_view(m: &Meeting, o: &Occurrence) -> OccurrenceView {
    let zone = m.zone();
    OccurrenceView {
        meeting: m.id().to_string(),
        original_date: o.original.to_string(),
        status: if o.is_cancelled() {
            "cancelled"
        } else if o.is_changed() {
            "changed"
        } else {
            "scheduled"
        },
        date: o.session.date.to_string(),
        start: local(o.session.utc.start, zone),
        end: local(o.session.utc.end, zone),
        start_utc: utc(o.session.utc.start),
        end_utc: utc(o.session.utc.end),
        title: o.title().unwrap_or(m.title()).to_string(),
        cancel_reason: o.cancel_reason().map(|r| r.to_string()),
        href: format!("/api/v1/meetings/{}/occurrences/{}", m.id(), o.original),
    }
}

/// The series part of a meeting's answer.
pub(in crate::http) fn series_view(m: &Meeting, s: &Series) -> SeriesView {
    SeriesView {
        rule: s.rule().to_string(),
        words: convene_core::ical::series_words(m, s, convene_core::i18n::Lang::En),
        occurrences: s
            .occurrences()
            .iter()
            .map(|o| occurrence_view(m, o))
            .collect(),
    }
}

const ID: &str = "A meeting's stable id.";
const DATE: &str = "The occurrence's original local date (the date the rule gives it).";

/// `GET /api/v1/meetings/{id}/occurrences/{date}`.
#[utoipa::path(
    get, path = "/api/v1/meetings/{id}/occurrences/{date}", operation_id = "get_occurrence", tag = "meetings",
    summary = "One occurrence of a series, by its original date.",
    params(("id" = String, Path, description = ID, pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64),
        ("date" = String, Path, description = DATE, pattern = "^(?:19[0-9]{2}|2[01][0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$")),
    responses((status = 200, description = "The occurrence.", body = OccurrenceView, headers(("ETag" = String, description = "The series' version, `\"N\"`: send it as `If-Match`."))),
        crate::http::schema::BadParameters,
        (status = 404, description = "No such meeting, not a series, or no occurrence on that date.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
pub(in crate::http) async fn get(
    State(state): State<AppState>,
    Path((id, date)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::NotFound(format!("meeting {id:?} does not exist"));
    let parsed = ItemId::parse(&id).map_err(|_| not_found())?;
    let m = state.db.meeting(&parsed).await?.ok_or_else(not_found)?;
    let d = occurrence_date(&m, &date)?;
    let o = m
        .meeting
        .series()
        .and_then(|s| s.occurrence(d))
        .ok_or_else(not_found)?;
    Ok(json_response(
        StatusCode::OK,
        &occurrence_view(&m.meeting, o),
        &[(axum::http::header::ETAG, super::etag(m.version))],
    ))
}

/// `PATCH /api/v1/meetings/{id}/occurrences/{date}`.
#[utoipa::path(
    patch, path = "/api/v1/meetings/{id}/occurrences/{date}", operation_id = "patch_occurrence", tag = "meetings",
    summary = "Move or retitle one occurrence (JSON merge patch over its exception: `date`, `start`, `end`, `title`; `null` puts a field back as the series has it).",
    security(("bearer" = [])),
    params(("id" = String, Path, description = ID, pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64),
        ("date" = String, Path, description = DATE, pattern = "^(?:19[0-9]{2}|2[01][0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"),
        ("If-Match" = Option<String>, Header, description = "The series' ETag (version) the change is based on; a stale one gives 412.", pattern = "^(?:W/)?\"?[0-9]{1,18}\"?$")),
    request_body(content = crate::http::schema::OccurrencePatch, content_type = "application/merge-patch+json"),
    responses((status = 200, description = "Changed: the series.", body = crate::http::write::meetings::Saved, headers(("ETag" = String, description = "The series' version."))),
        crate::http::schema::WriteErrors,
        (status = 404, description = "No such meeting, not a series, or no occurrence on that date.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 409, description = "The occurrence is cancelled, or it would overlap confirmed meetings (listed in `conflicts`).", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 412, description = "`If-Match` names another version than the stored one.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
pub(in crate::http) async fn patch(
    State(state): State<AppState>,
    who: Organizer,
    Path((id, date)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let mut patch = json_object(body, state.config.server.max_body_bytes)?;
    let allow_conflicts = take_bool(&mut patch, "allow_conflicts")?;
    let notify = take_notify(&mut patch)?;
    let change = MeetingPatch {
        patch,
        allow_conflicts,
        expected: if_match(&headers)?,
        notify,
    };
    let done = state
        .schedule
        .patch_occurrence(&who.actor(), &id, &date, change, None, changed)
        .await?;
    Ok(written(done, changed))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CancelBody {
    reason: Option<String>,
    notify: Option<bool>,
}

/// `POST /api/v1/meetings/{id}/occurrences/{date}/cancel`.
#[utoipa::path(
    post, path = "/api/v1/meetings/{id}/occurrences/{date}/cancel", operation_id = "cancel_occurrence", tag = "meetings",
    summary = "Cancel one occurrence, with a reason; the series goes on.",
    security(("bearer" = [])),
    params(("id" = String, Path, description = ID, pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64),
        ("date" = String, Path, description = DATE, pattern = "^(?:19[0-9]{2}|2[01][0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"),
        ("If-Match" = Option<String>, Header, description = "The series' ETag (version) the change is based on; a stale one gives 412.", pattern = "^(?:W/)?\"?[0-9]{1,18}\"?$"),
        ("Idempotency-Key" = Option<String>, Header, description = "A retried request with the same key and body returns the first answer and changes nothing again; the same key with another body is a 422.", pattern = "^[!-~]{1,200}$")),
    request_body = crate::http::schema::CancelBody,
    responses((status = 200, description = "Cancelled: the series.", body = crate::http::write::meetings::Saved, headers(("ETag" = String, description = "The series' version."))),
        crate::http::schema::WriteErrors,
        (status = 404, description = "No such meeting, not a series, or no occurrence on that date.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 409, description = "Already cancelled (or the whole series is), or a request with the same `Idempotency-Key` is under way.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 412, description = "`If-Match` names another version than the stored one.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
pub(in crate::http) async fn cancel(
    State(state): State<AppState>,
    who: Organizer,
    Path((id, date)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let key = body_key(
        &headers,
        &who,
        &format!("POST /api/v1/meetings/{id}/occurrences/{date}/cancel"),
        &body,
    )?;
    let body: CancelBody = from_object(json_object(body, state.config.server.max_body_bytes)?)?;
    let done = state
        .schedule
        .cancel_occurrence(
            &who.actor(),
            &id,
            &date,
            body.reason,
            body.notify.unwrap_or(true),
            if_match(&headers)?,
            key.as_ref(),
            changed,
        )
        .await?;
    Ok(written(done, changed))
}

/// `POST /api/v1/meetings/{id}/occurrences/{date}/reinstate`.
#[utoipa::path(
    post, path = "/api/v1/meetings/{id}/occurrences/{date}/reinstate", operation_id = "reinstate_occurrence", tag = "meetings",
    summary = "Undo the cancel of one occurrence: it is back as the rule has it (same UID, a higher SEQUENCE; its EXDATE goes).",
    security(("bearer" = [])),
    params(("id" = String, Path, description = ID, pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64),
        ("date" = String, Path, description = DATE, pattern = "^(?:19[0-9]{2}|2[01][0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"),
        ("If-Match" = Option<String>, Header, description = "The series' ETag (version) the change is based on; a stale one gives 412.", pattern = "^(?:W/)?\"?[0-9]{1,18}\"?$"),
        ("Idempotency-Key" = Option<String>, Header, description = "A retried request with the same key and body returns the first answer and changes nothing again; the same key with another body is a 422.", pattern = "^[!-~]{1,200}$")),
    request_body(content = Option<crate::http::schema::ReinstateBody>, description = "Optional; `{\"allow_conflicts\": true}` reinstates it even when its slot has been taken meanwhile."),
    responses((status = 200, description = "Reinstated: the series.", body = crate::http::write::meetings::Saved, headers(("ETag" = String, description = "The series' version."))),
        crate::http::schema::WriteErrors,
        (status = 404, description = "No such meeting, not a series, or no occurrence on that date.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 409, description = "The occurrence is not cancelled, it now overlaps confirmed meetings (listed; send `allow_conflicts`), or a request with the same `Idempotency-Key` is under way.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 412, description = "`If-Match` names another version than the stored one.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
pub(in crate::http) async fn reinstate(
    State(state): State<AppState>,
    who: Organizer,
    Path((id, date)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let key = body_key(
        &headers,
        &who,
        &format!("POST /api/v1/meetings/{id}/occurrences/{date}/reinstate"),
        &body,
    )?;
    let request = reinstate_request(body, &headers, state.config.server.max_body_bytes)?;
    let done = state
        .schedule
        .reinstate_occurrence(&who.actor(), &id, &date, &request, key.as_ref(), changed)
        .await?;
    Ok(written(done, changed))
}
