//! Read API under `/api/v1`: groups with their effective lists, a group's
//! meetings in a period, one meeting. Times are given in the meeting's zone
//! and in UTC.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use convene_core::time::parse_bound;
use convene_core::{
    Contact, Deadline, FieldError, GroupSlug, GroupTree, Interval, ItemId, Language, Meeting,
    Schedule, group_language,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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

/// A group with its own and effective mailing lists, and its subgroups.
#[derive(Serialize, ToSchema)]
#[schema(as = GroupNode)]
pub(super) struct GroupView {
    /// The slug.
    slug: String,
    /// The short name ("WG5").
    short_name: String,
    /// The full name.
    name: String,
    /// What kind of group.
    #[schema(value_type = super::schema::GroupKind)]
    kind: &'static str,
    /// The parent's slug; `null` for a top group.
    parent: Option<String>,
    /// The group's own mailing list.
    mailing_list: Option<String>,
    /// Where its mails go: its own list or the nearest ancestor's.
    effective_mailing_list: Option<String>,
    /// The ancestor whose list it uses; `null` when its own or none.
    mailing_list_inherited_from: Option<String>,
    /// Lists used before.
    former_mailing_lists: Vec<String>,
    /// Its own `join_visibility` (`members` or `public`); `null` when it
    /// inherits.
    join_visibility: Option<String>,
    /// Who reads its meetings' join details: its own visibility or the
    /// nearest ancestor's, `members` when none says.
    #[schema(value_type = String, example = "members")]
    effective_join_visibility: &'static str,
    /// Its own language (`ar`, `zh`, `en`, `fr`, `ru` or `es`); `null`
    /// when it inherits.
    #[schema(value_type = Option<super::schema::Language>)]
    language: Option<&'static str>,
    /// The language of the mails to its list: its own, else the nearest
    /// ancestor's, else the service's default (`i18n.default_language`).
    #[schema(value_type = super::schema::Language)]
    effective_language: &'static str,
    /// Its calendar feed's URL.
    feed: String,
    /// Its subgroups.
    #[schema(no_recursion)]
    children: Vec<GroupView>,
}

fn group_view(
    tree: &GroupTree,
    g: &convene_core::Group,
    base: &str,
    default: Language,
) -> GroupView {
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
        join_visibility: g.join_visibility.map(|v| v.as_str().to_owned()),
        effective_join_visibility: convene_core::join::group_visibility(tree, &g.slug).as_str(),
        language: g.language.map(|l| l.code()),
        effective_language: group_language(tree, &g.slug, default).code(),
        feed: format!("{base}/calendars/{}.ics", g.slug),
        children: tree
            .children(&g.slug)
            .map(|c| group_view(tree, c, base, default))
            .collect(),
    }
}

/// The group tree.
#[derive(Serialize, ToSchema)]
#[schema(as = Groups)]
pub(super) struct GroupsResponse {
    /// The top groups, each with its subgroups.
    groups: Vec<GroupView>,
}

#[utoipa::path(
    get, path = "/api/v1/groups", operation_id = "list_groups", tag = "groups",
    summary = "The group tree with own and effective mailing lists.",
    responses((status = 200, description = "The tree.", body = GroupsResponse), crate::http::schema::Always)
)]
pub(super) async fn groups(
    State(state): State<AppState>,
) -> Result<Json<GroupsResponse>, ApiError> {
    let tree = state.db.groups().await?;
    let base = &state.config.server.public_url;
    let default = crate::mail::default_language(&state.config);
    Ok(Json(GroupsResponse {
        groups: tree
            .roots()
            .map(|g| group_view(&tree, g, base, default))
            .collect(),
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

/// One session: its day, and its start and end in the meeting's zone and
/// in UTC.
#[derive(Serialize, ToSchema)]
#[schema(as = Session)]
pub(super) struct SessionView {
    /// The day, in the meeting's zone.
    date: String,
    /// Start in the meeting's zone, RFC 3339 with offset.
    start: String,
    /// End in the meeting's zone.
    end: String,
    /// Start, UTC.
    start_utc: String,
    /// End, UTC.
    end_utc: String,
}

/// A meeting's schedule as given.
#[derive(Serialize, ToSchema)]
#[schema(as = MeetingSchedule)]
pub(super) struct ScheduleView {
    /// `timed`, `all-day`, `time-tba` or `tentative`.
    shape: &'static str,
    /// The first day.
    first_day: String,
    /// The last day.
    last_day: String,
    /// Daily start, `HH:MM`; `null` without a time slot.
    start: Option<String>,
    /// Daily end, `HH:MM`; `null` without a time slot.
    end: Option<String>,
    /// The wording of a tentative window; `null` otherwise.
    label: Option<String>,
    /// The whole span's start, UTC.
    start_utc: String,
    /// The whole span's end, UTC.
    end_utc: String,
}

/// A deadline: what closes, when (in its zone and in UTC), where to send.
#[derive(Serialize, ToSchema)]
#[schema(as = Deadline)]
pub(super) struct DeadlineView {
    /// Stable id.
    id: String,
    /// What closes.
    #[schema(value_type = super::schema::DeadlineKind)]
    kind: &'static str,
    /// What closes, in words.
    what: String,
    /// The last day.
    date: String,
    /// The closing time, `HH:MM`; `null` when the whole day counts.
    time: Option<String>,
    /// The zone of `date` and `time`.
    zone: String,
    /// When it closes, in its zone (RFC 3339 with offset).
    closes_at: String,
    /// When it closes, UTC.
    closes_at_utc: String,
    /// Where to send it by e-mail.
    email: Option<String>,
    /// Where to send or register on the web.
    url: Option<String>,
    /// Free text.
    note: Option<String>,
    /// Its version (the `ETag`).
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

/// Where a physical meeting takes place.
#[derive(Serialize, ToSchema)]
#[schema(as = Location)]
pub(super) struct LocationView {
    /// The venue.
    venue: Option<String>,
    /// The city.
    city: Option<String>,
    /// The country.
    country: Option<String>,
}

/// A meeting: its schedule as given, its sessions in its zone and in UTC,
/// its deadlines, its version (also the `ETag`) and `input`, what a PATCH
/// merges into.
#[derive(Serialize, ToSchema)]
#[schema(as = Meeting)]
pub(super) struct MeetingView {
    /// Stable id.
    id: String,
    /// Title.
    title: String,
    /// What kind of meeting.
    #[schema(value_type = super::schema::MeetingKind)]
    kind: &'static str,
    /// Confirmed, tentative or cancelled.
    #[schema(value_type = super::schema::MeetingStatus)]
    status: &'static str,
    /// Why it was cancelled; `null` unless cancelled with a reason.
    cancel_reason: Option<String>,
    /// The groups' slugs.
    groups: Vec<String>,
    /// The zone of its local times.
    zone: String,
    /// The schedule as given.
    schedule: ScheduleView,
    /// Each session (none for a tentative window); for a series, each
    /// occurrence that is not cancelled.
    sessions: Vec<SessionView>,
    /// For a recurring meeting: its rule, in words, and every occurrence;
    /// left out otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    recurrence: Option<super::write::occurrences::SeriesView>,
    /// Where; `null` when no venue, city or country is given.
    location: Option<LocationView>,
    /// Remote-participation link. Members-only (the default visibility):
    /// `null` for a reader without a token in scope, who reads
    /// `join_notice` instead.
    remote_url: Option<String>,
    /// Free-text join details (passcodes, dial-in, room access); withheld
    /// like `remote_url`.
    join_notes: Option<String>,
    /// Set when join details were withheld from this reader: where members
    /// find them ("Join details: sent to LIST and in members' calendars").
    join_notice: Option<String>,
    /// A page about the meeting.
    url: Option<String>,
    /// Free text.
    description: Option<String>,
    /// The meeting's deadlines.
    deadlines: Vec<DeadlineView>,
    /// Its version (the `ETag`).
    version: i64,
    /// When it last changed, UTC.
    updated_at: String,
    /// The meeting as given: what a PATCH body merges into.
    #[schema(value_type = super::schema::MeetingInputSchema)]
    input: convene_core::MeetingInput,
    /// Each session in every participant zone, with who meets at night
    /// (one meeting's answer only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<super::schema::ZoneTable>)]
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
        recurrence: m
            .series()
            .map(|s| super::write::occurrences::series_view(m, s)),
        location: (!loc.is_empty()).then(|| LocationView {
            venue: loc.venue.as_ref().map(|v| v.to_string()),
            city: loc.city.as_ref().map(|v| v.to_string()),
            country: loc.country.as_ref().map(|v| v.to_string()),
        }),
        remote_url: m.remote_url().map(|u| u.to_string()),
        join_notes: m.join_notes().map(|n| n.to_string()),
        join_notice: m.join_notice().map(str::to_owned),
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

/// A group's meetings in a period, and the group's own deadlines.
#[derive(Serialize, ToSchema)]
#[schema(as = GroupMeetings)]
pub(super) struct MeetingsResponse {
    /// The group.
    group: String,
    /// Whether its subgroups' meetings are in.
    subgroups: bool,
    /// The meetings, with their deadlines.
    meetings: Vec<MeetingView>,
    /// The group's (and subgroups') own deadlines in the period.
    deadlines: Vec<DeadlineView>,
}

#[utoipa::path(
    get, path = "/api/v1/groups/{slug}/meetings", operation_id = "group_meetings", tag = "groups",
    summary = "A group's meetings (joint ones included) that touch a period, with their deadlines, and the group's own deadlines.",
    params(("slug" = String, Path, description = "A group's slug.", pattern = "^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$", max_length = 40), ("from" = Option<String>, Query, description = "Start: a date `YYYY-MM-DD` (a whole UTC day) or an RFC 3339 instant.", pattern = "^(?:19[0-9]{2}|2[01][0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])(?:T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:Z|[+-](?:0[0-9]|1[0-3]):[0-5][0-9]))?$"), ("to" = Option<String>, Query, description = "End: a date (inclusive) or an RFC 3339 instant; after `from`.", pattern = "^(?:19[0-9]{2}|2[01][0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])(?:T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:Z|[+-](?:0[0-9]|1[0-3]):[0-5][0-9]))?$"), ("subgroups" = Option<bool>, Query, description = "`true` adds the subgroups' meetings.")),
    responses((status = 200, description = "Meetings and deadlines.", body = MeetingsResponse), crate::http::schema::BadParameters, (status = 404, description = "No such group.", content_type = "application/problem+json", body = crate::http::schema::Problem), crate::http::schema::Always)
)]
pub(super) async fn group_meetings(
    State(state): State<AppState>,
    reader: super::reader::Reader,
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
            .map(|m| {
                let shown = reader.meeting(&tree, &m.meeting);
                meeting_view(&shown, m.version, m.updated_at, &deadlines)
            })
            .collect(),
        deadlines: group_deadlines,
    }))
}

#[utoipa::path(
    get, path = "/api/v1/meetings/{id}", operation_id = "get_meeting", tag = "meetings",
    summary = "One meeting, with each session in every participant zone.",
    params(("id" = String, Path, description = "A meeting's or deadline's stable id.", pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64)),
    responses((status = 200, description = "The meeting.", body = MeetingView, headers(("ETag" = String, description = "The version, `\"N\"`: send it as `If-Match`."))), crate::http::schema::BadParameters, (status = 404, description = "No such meeting.", content_type = "application/problem+json", body = crate::http::schema::Problem), crate::http::schema::Always)
)]
pub(super) async fn meeting(
    State(state): State<AppState>,
    reader: super::reader::Reader,
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
    let shown = reader.meeting(&tree, &m.meeting);
    let mut view = meeting_view(&shown, m.version, m.updated_at, &deadlines);
    view.zones = Some(convene_core::zone_table(&m.meeting, &tree));
    Ok(super::write::json_response(
        axum::http::StatusCode::OK,
        &view,
        &[(axum::http::header::ETAG, super::write::etag(m.version))],
    ))
}
