//! The answers' schemas: problems, conflicts, zone tables, slot reports,
//! and the responses every operation shares.
#![allow(dead_code)]

use super::*;

/// One bad field of a 400 or 422.
#[derive(Debug, ToSchema)]
pub(crate) struct FieldError {
    /// The field's name as written (`start`, `groups[1]`, a query
    /// parameter, a header).
    field: String,
    /// What is wrong and how to fix it.
    message: String,
}

/// A confirmed meeting that a meeting overlaps (`crate::schedule::ConflictView`).
#[derive(Debug, ToSchema)]
pub(crate) struct Conflict {
    /// The other meeting's id.
    meeting: String,
    /// Its title.
    title: String,
    /// The overlapping spans, each `[start, end]` in UTC.
    #[schema(value_type = Vec<Vec<String>>)]
    overlaps: Vec<[String; 2]>,
}

/// An error: RFC 9457 `application/problem+json` (`http/error.rs`).
#[derive(Debug, ToSchema)]
pub(crate) struct Problem {
    /// Always `about:blank`: `title` is the status's reason.
    #[serde(rename = "type")]
    kind: String,
    /// The status's reason phrase.
    title: String,
    /// The HTTP status.
    status: u16,
    /// What happened and what to do.
    detail: String,
    /// Each bad field (400, 422); left out when none.
    #[schema(required = false)]
    errors: Vec<FieldError>,
    /// The meetings a change would overlap (409); left out when none.
    #[schema(required = false)]
    conflicts: Vec<Conflict>,
}

/// The answer of `POST /api/v1/groups/{slug}/archive`.
#[derive(Debug, ToSchema)]
pub(crate) struct Archived {
    /// The group.
    slug: String,
    /// Always `true`.
    archived: bool,
    /// `false` when it was archived already.
    changed: bool,
}

/// How a span falls in one zone.
#[derive(Debug, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Fit {
    /// Some of it between 22:00 and 06:00 local.
    Night,
    /// Outside working hours or on a day off, not at night.
    OutOfHours,
    /// All of it in working hours on a working day.
    InHours,
}

/// One participant zone of a set of groups (`convene_core::ZoneRow`).
#[derive(Debug, ToSchema)]
pub(crate) struct ZoneRow {
    /// The zone.
    zone: String,
    /// Its weight.
    weight: u32,
    /// Working hours there, `08:00-20:00`.
    working_hours: String,
    /// Working days there.
    working_days: Vec<String>,
    /// The groups whose participants it stands for.
    groups: Vec<String>,
}

/// How a span falls in one participant zone (`convene_core::ZoneTime`).
#[derive(Debug, ToSchema)]
pub(crate) struct ZoneTime {
    /// The zone.
    zone: String,
    /// Its weight.
    weight: u32,
    /// Local start, without offset.
    local_start: String,
    /// Local end, without offset.
    local_end: String,
    /// The zone's offset from UTC at the start, `+08:00`.
    utc_offset: String,
    /// How it falls there.
    fit: Fit,
}

/// A span in UTC.
#[derive(Debug, ToSchema)]
pub(crate) struct Interval {
    /// Start.
    start: String,
    /// End.
    end: String,
}

/// One session of a meeting in every participant zone.
#[derive(Debug, ToSchema)]
pub(crate) struct SessionZones {
    /// The session's day in the meeting's zone.
    date: String,
    /// The session in UTC.
    utc: Interval,
    /// The session in each zone, in the order of `zones`.
    zones: Vec<ZoneTime>,
    /// Its score; `null` when the groups have no participant zones.
    score: Option<f64>,
}

/// A meeting's timed sessions in its groups' participant zones
/// (`convene_core::ZoneTable`).
#[derive(Debug, ToSchema)]
pub(crate) struct ZoneTable {
    /// The participant zones.
    zones: Vec<ZoneRow>,
    /// The sum of their weights.
    total_weight: u32,
    /// One entry per timed session.
    sessions: Vec<SessionZones>,
}

/// A participant zone's change of UTC offset.
#[derive(Debug, ToSchema)]
pub(crate) struct OffsetChange {
    /// The zone.
    zone: String,
    /// When, UTC.
    at: String,
    /// The offset before, `+02:00`.
    before: String,
    /// The offset after.
    after: String,
}

/// How a candidate and the best one differ in one zone.
#[derive(Debug, ToSchema)]
pub(crate) struct ZoneDifference {
    /// The zone.
    zone: String,
    /// Its weight.
    weight: u32,
    /// How the best candidate falls there.
    best: Fit,
    /// How this one does.
    here: Fit,
}

/// One ranked slot.
#[derive(Debug, ToSchema)]
pub(crate) struct Candidate {
    /// 1 for the best.
    rank: u32,
    /// Start, UTC.
    start: String,
    /// End, UTC.
    end: String,
    /// Start in the query's zone, without offset.
    local_start: String,
    /// End in the query's zone.
    local_end: String,
    /// `in_hours_weight / total_weight - night_zones / 4`.
    score: f64,
    /// The weight of the zones where it is in working hours.
    in_hours_weight: u32,
    /// How many zones it puts at night.
    night_zones: u32,
    /// The slot in every participant zone.
    zones: Vec<ZoneTime>,
    /// The zones where it falls otherwise than the best.
    versus_best: Vec<ZoneDifference>,
}

/// What a slot search found (`convene_core::SlotReport`).
#[derive(Debug, ToSchema)]
pub(crate) struct SlotReport {
    /// The groups that meet.
    groups: Vec<String>,
    /// The zone of the days and hours of the query.
    zone: String,
    /// The first instant searched.
    range_start: String,
    /// The end of the search.
    range_end: String,
    /// Length of each slot, minutes.
    duration_minutes: i64,
    /// Minutes between candidate starts.
    step_minutes: i64,
    /// The participant zones, merged.
    zones: Vec<ZoneRow>,
    /// The sum of their weights.
    total_weight: u32,
    /// Changes of offset in the range.
    offset_changes: Vec<OffsetChange>,
    /// Slots looked at.
    considered: u64,
    /// Left out: a zone changes offset during them.
    left_out_for_offset_change: u64,
    /// Left out: they overlap a related confirmed meeting.
    left_out_for_conflict: u64,
    /// The best, best first.
    candidates: Vec<Candidate>,
}

/// The errors of every operation: the request took too long.
#[derive(Debug, IntoResponses)]
pub(crate) enum Always {
    /// The answer took longer than `server.request_timeout_seconds`, or the
    /// database does not answer.
    #[response(status = 503, content_type = "application/problem+json")]
    Unavailable(Problem),
}

/// The errors of a request with query or path parameters.
#[derive(Debug, IntoResponses)]
pub(crate) enum BadParameters {
    /// A query or path parameter is invalid: `errors` names each one.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
}

/// The errors of a request that needs a token.
#[derive(Debug, IntoResponses)]
pub(crate) enum NeedsToken {
    /// No token, or an unknown or revoked one (with `WWW-Authenticate`).
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The token's scope does not cover what the request touches.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
}

/// The errors of every write with a JSON body.
#[derive(Debug, IntoResponses)]
pub(crate) enum WriteErrors {
    /// Malformed JSON, a body that is not an object, or a bad header
    /// (`If-Match`, `Idempotency-Key`).
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// No token, or an unknown or revoked one (with `WWW-Authenticate`).
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The token's scope does not cover the groups concerned.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// The body is larger than `server.max_body_bytes`.
    #[response(status = 413, content_type = "application/problem+json")]
    TooLarge(Problem),
    /// Invalid or unknown fields: `errors` names each field and why.
    #[response(status = 422, content_type = "application/problem+json")]
    Unprocessable(Problem),
    /// The token made more writes than `server.write_rate_per_minute`
    /// (with `Retry-After`).
    #[response(status = 429, content_type = "application/problem+json")]
    TooManyRequests(Problem),
}
