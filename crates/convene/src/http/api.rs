//! Read API under `/api/v1`: groups with their effective lists, a group's
//! meetings in a period, one meeting. Times are given in the meeting's zone
//! and in UTC.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use convene_core::time::parse_bound;
use convene_core::{
    Contact, Deadline, FieldError, GroupSlug, GroupTree, Interval, ItemId, Meeting, Schedule,
};
use serde::{Deserialize, Serialize};

use super::AppState;
use super::error::ApiError;
use super::extract::{Path, Query};
use crate::store::{MeetingFilter, StoredDeadline, StoredMeeting};

pub(super) fn utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn local(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[derive(Serialize)]
pub(super) struct GroupView {
    slug: String,
    short_name: String,
    name: String,
    kind: &'static str,
    parent: Option<String>,
    mailing_list: Option<String>,
    effective_mailing_list: Option<String>,
    mailing_list_inherited_from: Option<String>,
    former_mailing_lists: Vec<String>,
    feed: String,
    children: Vec<GroupView>,
}

fn group_view(tree: &GroupTree, g: &convene_core::Group, base: &str) -> GroupView {
    let eff = tree.effective_mailing_list(&g.slug);
    GroupView {
        slug: g.slug.to_string(),
        short_name: g.short_name.to_string(),
        name: g.name.to_string(),
        kind: g.kind.as_str(),
        parent: g.parent.as_ref().map(|p| p.to_string()),
        mailing_list: g.mailing_list.as_ref().map(|e| e.to_string()),
        effective_mailing_list: eff.map(|e| e.address.to_string()),
        mailing_list_inherited_from: eff
            .filter(|e| !e.is_own(&g.slug))
            .map(|e| e.from.to_string()),
        former_mailing_lists: g
            .former_mailing_lists
            .iter()
            .map(|e| e.to_string())
            .collect(),
        feed: format!("{base}/calendars/{}.ics", g.slug),
        children: tree
            .children(&g.slug)
            .map(|c| group_view(tree, c, base))
            .collect(),
    }
}

#[derive(Serialize)]
pub(super) struct GroupsResponse {
    groups: Vec<GroupView>,
}

pub(super) async fn groups(
    State(state): State<AppState>,
) -> Result<Json<GroupsResponse>, ApiError> {
    let tree = state.db.groups().await?;
    let base = &state.config.server.public_url;
    Ok(Json(GroupsResponse {
        groups: tree.roots().map(|g| group_view(&tree, g, base)).collect(),
    }))
}

#[derive(Debug, Deserialize)]
pub(super) struct RangeQuery {
    from: Option<String>,
    to: Option<String>,
    subgroups: Option<bool>,
}

/// The period of `from`/`to` query parameters (see [`parse_bound`]).
pub(super) fn period(from: Option<&str>, to: Option<&str>) -> Result<Option<Interval>, ApiError> {
    let mut errors = Vec::new();
    let from = from.map(|v| parse_bound("from", v, false));
    let to = to.map(|v| parse_bound("to", v, true));
    let from = match from {
        Some(Err(e)) => {
            errors.push(e);
            None
        }
        Some(Ok(t)) => Some(t),
        None => None,
    };
    let to = match to {
        Some(Err(e)) => {
            errors.push(e);
            None
        }
        Some(Ok(t)) => Some(t),
        None => None,
    };
    if let (Some(f), Some(t)) = (from, to)
        && t <= f
    {
        errors.push(FieldError::new("to", "must be after `from`"));
    }
    if !errors.is_empty() {
        return Err(ApiError::BadRequest {
            detail: "the query parameters are invalid".into(),
            errors,
        });
    }
    Ok(match (from, to) {
        (None, None) => None,
        (f, t) => Some(Interval {
            start: f.unwrap_or(DateTime::<Utc>::MIN_UTC),
            end: t.unwrap_or(DateTime::<Utc>::MAX_UTC),
        }),
    })
}

#[derive(Serialize)]
pub(super) struct SessionView {
    date: String,
    start: String,
    end: String,
    start_utc: String,
    end_utc: String,
}

#[derive(Serialize)]
pub(super) struct ScheduleView {
    shape: &'static str,
    first_day: String,
    last_day: String,
    start: Option<String>,
    end: Option<String>,
    label: Option<String>,
    start_utc: String,
    end_utc: String,
}

#[derive(Serialize)]
pub(super) struct DeadlineView {
    id: String,
    kind: &'static str,
    what: String,
    date: String,
    time: Option<String>,
    zone: String,
    closes_at: String,
    closes_at_utc: String,
    email: Option<String>,
    url: Option<String>,
    note: Option<String>,
    version: i64,
}

pub(super) fn deadline_view(d: &Deadline, version: i64) -> DeadlineView {
    let (email, url) = match d.submit_to() {
        Some(Contact::Email(e)) => (Some(e.to_string()), None),
        Some(Contact::Url(u)) => (None, Some(u.to_string())),
        None => (None, None),
    };
    DeadlineView {
        id: d.id().to_string(),
        kind: d.kind().as_str(),
        what: d.what().to_owned(),
        date: d.date().to_string(),
        time: d.time().map(|t| t.format("%H:%M").to_string()),
        zone: d.zone().name().to_owned(),
        closes_at: local(d.closes_at(), d.zone()),
        closes_at_utc: utc(d.closes_at()),
        email,
        url,
        note: d.note().map(|n| n.to_string()),
        version,
    }
}

#[derive(Serialize)]
pub(super) struct LocationView {
    venue: Option<String>,
    city: Option<String>,
    country: Option<String>,
}

#[derive(Serialize)]
pub(super) struct MeetingView {
    id: String,
    title: String,
    kind: &'static str,
    status: &'static str,
    cancel_reason: Option<String>,
    groups: Vec<String>,
    zone: String,
    schedule: ScheduleView,
    sessions: Vec<SessionView>,
    location: Option<LocationView>,
    remote_url: Option<String>,
    url: Option<String>,
    description: Option<String>,
    deadlines: Vec<DeadlineView>,
    version: i64,
    updated_at: String,
    /// The meeting as given: what a PATCH body merges into.
    input: convene_core::MeetingInput,
    /// Each session in every participant zone, with who meets at night
    /// (one meeting's answer only).
    #[serde(skip_serializing_if = "Option::is_none")]
    zones: Option<convene_core::ZoneTable>,
}

pub(super) fn meeting_view(
    m: &Meeting,
    version: i64,
    updated_at: DateTime<Utc>,
    deadlines: &[StoredDeadline],
) -> MeetingView {
    let zone = m.zone();
    let days = m.schedule().days();
    let slot = m.schedule().slot();
    let span = m.span();
    let loc = m.location();
    MeetingView {
        id: m.id().to_string(),
        title: m.title().to_string(),
        kind: m.kind().as_str(),
        status: m.status().as_str(),
        cancel_reason: m.cancel_reason().map(|r| r.to_string()),
        groups: m.groups().iter().map(|g| g.to_string()).collect(),
        zone: zone.name().to_owned(),
        schedule: ScheduleView {
            shape: m.schedule().shape(),
            first_day: days.first().to_string(),
            last_day: days.last().to_string(),
            start: slot.map(|s| s.start().format("%H:%M").to_string()),
            end: slot.map(|s| s.end().format("%H:%M").to_string()),
            label: match m.schedule() {
                Schedule::Tentative { label, .. } => Some(label.to_string()),
                _ => None,
            },
            start_utc: utc(span.start),
            end_utc: utc(span.end),
        },
        sessions: m
            .sessions()
            .iter()
            .map(|s| SessionView {
                date: s.date.to_string(),
                start: local(s.utc.start, zone),
                end: local(s.utc.end, zone),
                start_utc: utc(s.utc.start),
                end_utc: utc(s.utc.end),
            })
            .collect(),
        location: (!loc.is_empty()).then(|| LocationView {
            venue: loc.venue.as_ref().map(|v| v.to_string()),
            city: loc.city.as_ref().map(|v| v.to_string()),
            country: loc.country.as_ref().map(|v| v.to_string()),
        }),
        remote_url: m.remote_url().map(|u| u.to_string()),
        url: m.url().map(|u| u.to_string()),
        description: m.description().map(|d| d.to_string()),
        deadlines: deadlines
            .iter()
            .filter(
                |d| matches!(d.deadline.owner(), convene_core::Owner::Meeting(id) if id == m.id()),
            )
            .map(|d| deadline_view(&d.deadline, d.version))
            .collect(),
        version,
        updated_at: utc(updated_at),
        input: m.to_input(),
        zones: None,
    }
}

#[derive(Serialize)]
pub(super) struct MeetingsResponse {
    group: String,
    subgroups: bool,
    meetings: Vec<MeetingView>,
    deadlines: Vec<DeadlineView>,
}

pub(super) async fn group_meetings(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<RangeQuery>,
) -> Result<Json<MeetingsResponse>, ApiError> {
    let not_found = || ApiError::NotFound(format!("group {slug:?} does not exist"));
    let slug_parsed = GroupSlug::parse(&slug).map_err(|_| not_found())?;
    let range = period(q.from.as_deref(), q.to.as_deref())?;
    let tree = state.db.groups().await?;
    if !tree.contains(&slug_parsed) {
        return Err(not_found());
    }
    let subgroups = q.subgroups.unwrap_or(false);
    let groups: Vec<GroupSlug> = if subgroups {
        tree.subtree(&slug_parsed)
            .into_iter()
            .map(|g| g.slug.clone())
            .collect()
    } else {
        vec![slug_parsed]
    };
    let meetings: Vec<StoredMeeting> = state
        .db
        .meetings(&MeetingFilter {
            groups: Some(groups.clone()),
            range,
            ..Default::default()
        })
        .await?;
    let ids: Vec<ItemId> = meetings.iter().map(|m| m.meeting.id().clone()).collect();
    let deadlines = state.db.deadlines(&ids, &groups).await?;
    let group_deadlines = deadlines
        .iter()
        .filter(|d| matches!(d.deadline.owner(), convene_core::Owner::Group(_)))
        .filter(|d| {
            range
                .is_none_or(|r| d.deadline.closes_at() > r.start && d.deadline.closes_at() <= r.end)
        })
        .map(|d| deadline_view(&d.deadline, d.version))
        .collect();
    Ok(Json(MeetingsResponse {
        group: slug,
        subgroups,
        meetings: meetings
            .iter()
            .map(|m| meeting_view(&m.meeting, m.version, m.updated_at, &deadlines))
            .collect(),
        deadlines: group_deadlines,
    }))
}

pub(super) async fn meeting(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    let not_found = || ApiError::NotFound(format!("meeting {id:?} does not exist"));
    let id_parsed = ItemId::parse(&id).map_err(|_| not_found())?;
    let m = state.db.meeting(&id_parsed).await?.ok_or_else(not_found)?;
    let deadlines = state
        .db
        .deadlines(std::slice::from_ref(&id_parsed), &[])
        .await?;
    let tree = state.db.groups().await?;
    let mut view = meeting_view(&m.meeting, m.version, m.updated_at, &deadlines);
    view.zones = Some(convene_core::zone_table(&m.meeting, &tree));
    Ok(super::write::json_response(
        axum::http::StatusCode::OK,
        &view,
        &[(axum::http::header::ETAG, super::write::etag(m.version))],
    ))
}
