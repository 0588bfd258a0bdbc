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

#[derive(Serialize)]
struct PlannedView {
    due_utc: String,
    due_geneva: String,
    kind: String,
    item: String,
    recipients: Vec<String>,
}

#[derive(Serialize)]
struct Preview {
    meeting: MeetingView,
    deadlines: Vec<DeadlineView>,
    conflicts: Vec<ConflictView>,
    mails: Vec<PlannedView>,
    zones: convene_core::ZoneTable,
    stored: bool,
}

/// `POST /api/v1/meetings/preview`: the same body as creating a meeting.
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
                Subject::Meeting(id) | Subject::Deadline(id) => id.to_string(),
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
