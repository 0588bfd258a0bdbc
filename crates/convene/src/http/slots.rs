//! Scheduling assistance over HTTP (public reads):
//! - `GET /api/v1/slots`: the fairest slots for one or more groups across
//!   their participants' zones (the core's `find_slots`);
//! - `POST /api/v1/meetings/preview`: a meeting as it would be stored
//!   (sessions in UTC, deadlines given or derived, conflicts, the mails that
//!   would be planned, who would meet at night), storing nothing.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::response::Response;
use convene_core::{Subject, zone_table};
use serde::{Deserialize, Serialize};

use super::AppState;
use super::api::{DeadlineView, MeetingView, deadline_view, meeting_view, utc};
use super::error::{ApiError, ConflictView};
use super::extract::Query;
use super::write::json_response;
use super::write::meetings::meeting_request;
use crate::schedule::ScheduleError;
use crate::schedule::slots::slot_request;

/// Query parameters of `GET /api/v1/slots`.
#[derive(Debug, Deserialize)]
pub(super) struct SlotsQuery {
    groups: Option<String>,
    duration: Option<String>,
    from: Option<String>,
    to: Option<String>,
    earliest: Option<String>,
    latest: Option<String>,
    step: Option<String>,
    count: Option<String>,
    zone: Option<String>,
}

/// `GET /api/v1/slots?groups=wg3,wg5&duration=PT2H&from=2023-09-04&to=2023-09-15`.
#[utoipa::path(
    get, path = "/api/v1/slots", operation_id = "find_slots", tag = "scheduling",
    summary = "The fairest slots for one or more groups: ranked by the weighted share of participant zones in working hours, minus 0.25 per zone at night; conflicts and slots across an offset change left out.",
    params(("groups" = String, Query, description = "Comma-separated group slugs.", pattern = "^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?(?:,[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?)*$"),
        ("duration" = String, Query, description = "Length: `PT2H`, `90m`, `1h30m` or minutes.", pattern = "^(?:[0-9]{1,4}|(?:PT|pt)?[0-9]{1,2}[hH](?:[0-9]{1,2}[mM])?|(?:PT|pt)?[0-9]{1,3}[mM])$"),
        ("from" = String, Query, description = "First day, `YYYY-MM-DD`.", pattern = "^(?:19[0-9]{2}|2[01][0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])$"),
        ("to" = String, Query, description = "Last day, `YYYY-MM-DD`; not before `from`.", pattern = "^(?:19[0-9]{2}|2[01][0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])$"),
        ("earliest" = Option<String>, Query, description = "Earliest start, `HH:MM` in `zone`.", pattern = "^(?:[01][0-9]|2[0-3]):[0-5][0-9]$"),
        ("latest" = Option<String>, Query, description = "Latest end, `HH:MM` in `zone`.", pattern = "^(?:[01][0-9]|2[0-3]):[0-5][0-9]$"),
        ("step" = Option<String>, Query, description = "Between candidate starts: a duration as `duration` (30 minutes).", pattern = "^(?:[0-9]{1,4}|(?:PT|pt)?[0-9]{1,2}[hH](?:[0-9]{1,2}[mM])?|(?:PT|pt)?[0-9]{1,3}[mM])$"),
        ("count" = Option<String>, Query, description = "How many candidates (5).", pattern = "^[0-9]{1,3}$"),
        ("zone" = Option<crate::http::schema::Zone>, Query, description = "The zone of the days and hours (Europe/Zurich).")),
    responses((status = 200, description = "Ranked candidates, each with its UTC instant, the local time and fit in every participant zone, the score, and how it differs from the best.", body = crate::http::schema::SlotReport),
        crate::http::schema::BadParameters,
        (status = 422, description = "Bad or missing parameters, each named in `errors`.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
pub(super) async fn slots(
    State(state): State<AppState>,
    Query(q): Query<SlotsQuery>,
) -> Result<Response, ApiError> {
    let mut request = slot_request(
        q.groups.as_deref(),
        q.duration.as_deref(),
        q.step.as_deref(),
    )
    .map_err(|errors| ScheduleError::Invalid {
        detail: "the slot search has invalid parameters".into(),
        errors,
    })?;
    request.from = q.from;
    request.to = q.to;
    request.earliest = q.earliest;
    request.latest = q.latest;
    request.count = q.count;
    request.zone = q.zone;
    let report = state.schedule.find_slots(request).await?;
    Ok(json_response(StatusCode::OK, &report, &[]))
}

/// A mail that would be planned.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = PlannedMail)]
struct PlannedView {
    /// When it would be due, UTC.
    due_utc: String,
    /// The same in Geneva time, `YYYY-MM-DD HH:MM CET`.
    due_geneva: String,
    /// `announcement`, `reminder-7d`, `reminder-1d`, `update`, `cancellation`,
    /// `reinstatement`.
    kind: String,
    /// The meeting's or deadline's id.
    item: String,
    /// The mailing lists.
    recipients: Vec<String>,
}

/// A meeting as it would be stored, and what storing it would do.
#[derive(Serialize, utoipa::ToSchema)]
struct Preview {
    /// The meeting.
    meeting: MeetingView,
    /// Its deadlines, given or derived.
    deadlines: Vec<DeadlineView>,
    /// The confirmed meetings it would overlap.
    #[schema(value_type = Vec<crate::http::schema::Conflict>)]
    conflicts: Vec<ConflictView>,
    /// The mails that would be planned.
    mails: Vec<PlannedView>,
    /// Each session in every participant zone.
    #[schema(value_type = crate::http::schema::ZoneTable)]
    zones: convene_core::ZoneTable,
    /// Always `false`: nothing is stored.
    stored: bool,
}

/// `POST /api/v1/meetings/preview`: the same body as creating a meeting.
#[utoipa::path(
    post, path = "/api/v1/meetings/preview", operation_id = "preview_meeting", tag = "scheduling",
    summary = "A meeting as it would be stored, without storing it: sessions in UTC, deadlines (given, or `\"deadlines\": \"derive\"`), conflicts, the mails that would be planned, and each session in every participant zone.",
    request_body = crate::http::schema::NewMeeting,
    responses((status = 200, description = "The preview; nothing is stored.", body = Preview),
        (status = 400, description = "Malformed JSON.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 413, description = "The body is larger than `server.max_body_bytes`.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 422, description = "Invalid fields, each named in `errors`.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
pub(super) async fn preview(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let now = state.schedule.clock.now();
    let p = state
        .schedule
        .preview_meeting(meeting_request(&state, body)?)
        .await?;
    let view = meeting_view(&p.meeting, 1, now, &[]);
    let mails = p
        .mails
        .iter()
        .map(|m| PlannedView {
            due_utc: utc(m.due),
            due_geneva: m
                .due
                .with_timezone(&chrono_tz::Europe::Zurich)
                .format("%Y-%m-%d %H:%M %Z")
                .to_string(),
            kind: crate::store::kind_name(m.kind),
            item: match &m.subject {
                Subject::Meeting(id) | Subject::Deadline(id) | Subject::Batch(id) => id.to_string(),
            },
            recipients: m.recipients.iter().map(|r| r.to_string()).collect(),
        })
        .collect();
    Ok(json_response(
        StatusCode::OK,
        &Preview {
            deadlines: p.deadlines.iter().map(|d| deadline_view(d, 1)).collect(),
            zones: zone_table(&p.meeting, &p.tree),
            meeting: view,
            conflicts: p.conflicts,
            mails,
            stored: false,
        },
        &[],
    ))
}
