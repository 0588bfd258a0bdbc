//! Schemas of the OpenAPI document for what the server reads and writes but
//! does not own: the core's inputs (`MeetingInput`, `DeadlineInput`,
//! `GroupInput`), its reports (zone tables, slot searches) and the problem
//! body. `convene-core` knows nothing of OpenAPI, so these types mirror the
//! core's on the wire, with the core's rules as patterns and lengths
//! (`text.rs`, `time.rs`); the tests below check the two agree.
//!
//! The types here are never built: they only describe.
#![allow(dead_code)]

use std::borrow::Cow;

use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaFormat, SchemaType, Type};
use utoipa::openapi::{KnownFormat, RefOr};
use utoipa::{IntoResponses, PartialSchema, ToSchema};

/// Declares a string schema, referenced by name from the others.
macro_rules! string_schema {
    ($(#[doc = $doc:literal])* $name:ident {
        $(pattern: $pattern:expr,)?
        $(min: $min:expr,)?
        $(max: $max:expr,)?
        $(format: $format:expr,)?
    }) => {
        $(#[doc = $doc])*
        #[derive(Debug)]
        pub(crate) struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                let description = [$($doc),*].map(str::trim).join(" ");
                let builder = ObjectBuilder::new()
                    .schema_type(SchemaType::Type(Type::String))
                    .description(Some(description));
                $(let builder = builder.pattern(Some($pattern));)?
                $(let builder = builder.min_length(Some($min));)?
                $(let builder = builder.max_length(Some($max));)?
                $(let builder = builder.format(Some(SchemaFormat::KnownFormat($format)));)?
                builder.into()
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }
        }
    };
}

/// `convene_core::GroupSlug`: lowercase letters, digits and `-`, 1 to 40,
/// not starting or ending with `-`.
pub(crate) const SLUG_PATTERN: &str = "^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$";
/// `convene_core::ItemId`: the slug alphabet, 1 to 64 characters.
pub(crate) const ID_PATTERN: &str = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$";
/// `convene_core::time::parse_date`: `YYYY-MM-DD` in the years
/// `MIN_YEAR..=MAX_YEAR` (1900-2200).
pub(crate) const DATE_PATTERN: &str =
    "^(?:19[0-9]{2}|2[01][0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$";
/// `convene_core::time::parse_time`: `HH:MM` on a 24-hour clock.
pub(crate) const TIME_PATTERN: &str = "^(?:[01][0-9]|2[0-3]):[0-5][0-9]$";
/// One line: no control characters, no white space at either end.
const ONE_LINE_PATTERN: &str =
    "^[^\\s\\x00-\\x1f\\x7f-\\x9f](?:[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f])?$";

string_schema! {
    /// A group's slug: lowercase letters a-z, digits and `-`, 1 to 40
    /// characters, not starting or ending with `-`. It names the group's
    /// feed (`/calendars/{slug}.ics`).
    Slug { pattern: SLUG_PATTERN, min: 1, max: 40, }
}
string_schema! {
    /// The stable id of a meeting or deadline: lowercase letters a-z,
    /// digits and `-`, 1 to 64 characters, not starting or ending with `-`.
    Id { pattern: ID_PATTERN, min: 1, max: 64, }
}
string_schema! {
    /// A calendar day, `YYYY-MM-DD`, in the years 1900 to 2200; the day
    /// must exist (no 30 February).
    Date { pattern: DATE_PATTERN, min: 10, max: 10, }
}
string_schema! {
    /// A local time of day, `HH:MM` on a 24-hour clock.
    Time { pattern: TIME_PATTERN, min: 5, max: 5, }
}
string_schema! {
    /// A title: one line (no control characters, no white space at either
    /// end), 1 to 200 characters.
    Title { pattern: ONE_LINE_PATTERN, min: 1, max: 200, }
}
string_schema! {
    /// One line of text (names, venues, cities, labels, reasons): no control
    /// characters, no white space at either end, 1 to 300 characters.
    OneLine { pattern: ONE_LINE_PATTERN, min: 1, max: 300, }
}
string_schema! {
    /// Free text that may span lines: up to 4000 characters, no control
    /// characters other than line breaks and tabs.
    Note { pattern: "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*$", max: 4000, }
}
string_schema! {
    /// An e-mail address, `local@example.org`: no display name, no quoting.
    Email {
        pattern: "^[A-Za-z0-9_+'-](?:[A-Za-z0-9._+'-]*[A-Za-z0-9_+'-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$",
        min: 3,
        max: 254,
    }
}
string_schema! {
    /// A web link, `https://…` or `http://…`, without white space, up to
    /// 2000 characters.
    WebUrl {
        pattern: "^https?://[^\\s/?#\\x00-\\x1f\\x7f-\\x9f][^\\s\\x00-\\x1f\\x7f-\\x9f]*$",
        min: 8,
        max: 2000,
    }
}
string_schema! {
    /// An instant in UTC, RFC 3339 (`2023-09-07T07:00:00Z`).
    Instant { format: KnownFormat::DateTime, }
}

/// An IANA time zone name, e.g. `Europe/Zurich` (Geneva time): one of the
/// zones of the server's time zone database.
#[derive(Debug)]
pub(crate) struct Zone;

impl PartialSchema for Zone {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::String))
            .description(Some(
                "An IANA time zone name, e.g. `Europe/Zurich` (Geneva time).",
            ))
            .enum_values(Some(chrono_tz::TZ_VARIANTS.iter().map(|z| z.name())))
            .into()
    }
}

impl ToSchema for Zone {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Zone")
    }
}

/// `convene_core::MeetingKind`.
#[derive(Debug, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum MeetingKind {
    /// In a room.
    Physical,
    /// Online.
    EMeeting,
    /// A forum.
    Forum,
    /// A webinar.
    Webinar,
    /// A special session.
    SpecialSession,
}

/// `convene_core::Status`.
#[derive(Debug, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum MeetingStatus {
    /// It takes place (the default for a dated meeting).
    Confirmed,
    /// Not settled (the default for a window).
    Tentative,
    /// It will not take place; it stays listed.
    Cancelled,
}

/// `convene_core::DeadlineKind`.
#[derive(Debug, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum DeadlineKind {
    /// Requests for visa support letters.
    VisaSupportLetter,
    /// Contributions.
    Contribution,
    /// Registration.
    Registration,
    /// Anything else (give a title).
    Other,
}

/// `convene_core::GroupKind`.
// The variants are named after the wire values (`focus-group`, …).
#[allow(clippy::enum_variant_names)]
#[derive(Debug, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum GroupKind {
    /// A focus group.
    FocusGroup,
    /// A working group.
    WorkingGroup,
    /// A task group.
    TaskGroup,
}

/// For a local time that happens twice (the hour the clocks go back).
#[derive(Debug, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Ambiguous {
    /// The first of the two.
    Earlier,
    /// The second of the two.
    Later,
}

/// Declares a schema with the fields of `convene_core::MeetingInput` and
/// `extra` ones: the meeting as written, in a body or in an answer.
macro_rules! meeting_input {
    ($(#[$attr:meta])* $name:ident { $($extra:tt)* }) => {
        #[derive(Debug, ToSchema)]
        $(#[$attr])*
        #[serde(deny_unknown_fields)]
        pub(crate) struct $name {
            /// Stable id.
            id: Option<Id>,
            /// Title.
            title: Option<Title>,
            /// The meeting's groups; several for a joint meeting.
            #[serde(default)]
            groups: Vec<Slug>,
            /// What kind of meeting.
            kind: Option<MeetingKind>,
            /// `confirmed` by default, `tentative` for a window.
            status: Option<MeetingStatus>,
            /// Why a cancelled meeting was cancelled.
            cancel_reason: Option<OneLine>,
            /// The zone of the local times; the server's default when left out.
            zone: Option<Zone>,
            /// First (or only) day.
            date: Option<Date>,
            /// Last day of a multi-day meeting.
            until: Option<Date>,
            /// Daily start.
            start: Option<Time>,
            /// Daily end.
            end: Option<Time>,
            /// Whole days rather than a time slot.
            all_day: Option<bool>,
            /// A tentative window, `FIRST/LAST` (two dates).
            #[schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}/[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
            window: Option<String>,
            /// The organizer's wording of the window ("Mid/end of July 2023").
            window_label: Option<OneLine>,
            /// For a local time that happens twice.
            ambiguous: Option<Ambiguous>,
            /// Venue of a physical meeting.
            venue: Option<OneLine>,
            /// City.
            city: Option<OneLine>,
            /// Country.
            country: Option<OneLine>,
            /// Remote-participation link.
            remote_url: Option<WebUrl>,
            /// A page about the meeting.
            url: Option<WebUrl>,
            /// Free text.
            description: Option<Note>,
            $($extra)*
        }
    };
}

meeting_input! {
    /// A meeting as an organizer wrote it (`convene_core::MeetingInput`):
    /// the schedule file's `[[meetings]]` fields, as a meeting's `input`
    /// shows them. Schedule shapes: `date` (+ `until`) with `start` and
    /// `end` gives daily sessions; with `all_day`, whole days; `date`
    /// alone, a day whose time is to be announced; `window` with
    /// `window_label`, a tentative window. Fields not set are `null`.
    #[schema(as = MeetingInput)]
    MeetingInputSchema {}
}

meeting_input! {
    /// The body of `POST /api/v1/meetings` and of the preview: the fields
    /// of a `MeetingInput` (left out or `null`: not set), the meeting's
    /// deadlines, and whether to save it despite conflicts. The rules
    /// between fields (an end after the start, a reason only when
    /// cancelled, existing groups, an id not taken) are checked on
    /// writing: a 422 names each field that breaks one.
    NewMeeting {
        /// Save even when it overlaps confirmed meetings of related groups
        /// (they are listed in `conflicts`).
        allow_conflicts: Option<bool>,
        /// The deadlines, or `"derive"`.
        deadlines: Option<NewDeadlines>,
    }
}

meeting_input! {
    /// The body of `PATCH /api/v1/meetings/{id}`: a JSON merge patch (RFC
    /// 7396) over the meeting's `input`: a field given replaces it, `null`
    /// removes it, one left out stays. `allow_conflicts` as for a new
    /// meeting. The id cannot change.
    MeetingPatch {
        /// Save even when it would overlap confirmed meetings.
        allow_conflicts: Option<bool>,
    }
}

/// The deadlines of a new meeting: a list, or `"derive"` for the deadline
/// policy of the meeting's kind.
#[derive(Debug, ToSchema)]
#[serde(untagged)]
pub(crate) enum NewDeadlines {
    /// The deadlines (`meeting` may be left out: it is the new one).
    List(Vec<DeadlineInputSchema>),
    /// The kind's policy (`deadline_policies` in the configuration).
    Derive(DeriveWord),
}

/// The word `derive`.
#[derive(Debug, ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum DeriveWord {
    /// Deadlines by the kind's policy.
    Derive,
}

/// A deadline as an organizer writes it (`convene_core::DeadlineInput`):
/// exactly one of `meeting` and `group`, at most one of `email` and `url`.
#[derive(Debug, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = DeadlineInput)]
pub(crate) struct DeadlineInputSchema {
    /// Stable id.
    id: Option<Id>,
    /// The meeting it belongs to.
    meeting: Option<Id>,
    /// The group it belongs to.
    group: Option<Slug>,
    /// What closes.
    kind: Option<DeadlineKind>,
    /// What closes, when the kind's label is not enough.
    title: Option<Title>,
    /// The last day.
    date: Option<Date>,
    /// The closing time on that day; without it the whole day counts.
    time: Option<Time>,
    /// The zone; the meeting's (or the server's default) when left out.
    zone: Option<Zone>,
    /// For a local time that happens twice.
    ambiguous: Option<Ambiguous>,
    /// Where to send it by e-mail.
    email: Option<Email>,
    /// Where to send or register on the web.
    url: Option<WebUrl>,
    /// Free text.
    note: Option<Note>,
    /// `true` when worked out by a deadline policy.
    derived: Option<bool>,
}

/// Where a group's participants work, and how much each zone counts.
#[derive(Debug, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ParticipantZone {
    /// The zone.
    zone: Option<Zone>,
    /// How much it counts, 1 to 1000; 1 when left out.
    #[schema(minimum = 1, maximum = 1000)]
    weight: Option<i64>,
}

/// A group as an organizer writes it (`convene_core::GroupInput`).
#[derive(Debug, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = GroupInput)]
pub(crate) struct GroupInputSchema {
    /// The slug: the group's key and feed name; it cannot change.
    slug: Option<Slug>,
    /// Short name ("WG5"); the slug in capitals when left out.
    short_name: Option<OneLine>,
    /// Full name.
    name: Option<OneLine>,
    /// What kind of group.
    kind: Option<GroupKind>,
    /// The parent's slug.
    parent: Option<Slug>,
    /// The group's own mailing list.
    mailing_list: Option<Email>,
    /// The group's own contact (secretariat) address.
    contact: Option<Email>,
    /// Lists used before, kept for reference.
    #[serde(default)]
    former_mailing_lists: Vec<Email>,
    /// Where participants work.
    #[serde(default)]
    participant_zones: Vec<ParticipantZone>,
    /// Working hours, local in each zone: `08:00-20:00` (the default).
    #[schema(pattern = "^(?:[01][0-9]|2[0-3]):[0-5][0-9]-(?:[01][0-9]|2[0-4]):[0-5][0-9]$")]
    working_hours: Option<String>,
    /// Working days: `["mon", "tue", "wed", "thu", "fri"]` (the default).
    #[schema(value_type = Option<Vec<Weekday>>)]
    working_days: Option<Vec<String>>,
}

/// A day of the week.
#[derive(Debug, ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

/// The body of `POST /api/v1/meetings/{id}/cancel`.
#[derive(Debug, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CancelBody {
    /// Why; it goes into the notice and the feeds.
    reason: Option<OneLine>,
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// The values an enum schema lists.
    fn values<T: PartialSchema>() -> Vec<String> {
        let schema = serde_json::to_value(T::schema()).expect("schema");
        schema["enum"]
            .as_array()
            .expect("enum")
            .iter()
            .map(|v| v.as_str().expect("string").to_owned())
            .collect()
    }

    /// The names of an object schema's properties.
    fn properties<T: PartialSchema>() -> Vec<String> {
        let schema = serde_json::to_value(T::schema()).expect("schema");
        let mut names: Vec<String> = schema["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .cloned()
            .collect();
        names.sort();
        names
    }

    fn keys(value: impl serde::Serialize) -> Vec<String> {
        let value = serde_json::to_value(value).expect("json");
        let mut names: Vec<String> = value.as_object().expect("object").keys().cloned().collect();
        names.sort();
        names
    }

    #[test]
    fn mirrors_have_the_cores_fields() {
        let t = chrono::NaiveDate::from_ymd_opt(2023, 9, 7)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("time");
        let zone_time = convene_core::zone_fit::ZoneTime {
            zone: chrono_tz::Europe::Zurich,
            weight: 1,
            local_start: t,
            local_end: t,
            utc_offset: "+02:00".into(),
            fit: convene_core::zone_fit::Fit::InHours,
        };
        assert_eq!(keys(&zone_time), properties::<ZoneTime>());
        let change = convene_core::zone_fit::OffsetChange {
            zone: chrono_tz::Europe::Zurich,
            at: t.and_utc(),
            before: "+02:00".into(),
            after: "+01:00".into(),
        };
        assert_eq!(keys(&change), properties::<OffsetChange>());
        assert_eq!(
            keys(convene_core::MeetingInput::default()),
            properties::<MeetingInputSchema>()
        );
        let mut group = keys(convene_core::GroupInput::default());
        group.extend([
            "participant_zones".into(),
            "working_days".into(),
            "working_hours".into(),
        ]);
        group.sort();
        assert_eq!(group, properties::<GroupInputSchema>());
        let mut deadline = keys(convene_core::DeadlineInput::default());
        deadline.push("derived".into());
        deadline.sort();
        assert_eq!(deadline, properties::<DeadlineInputSchema>());
    }

    #[test]
    fn enumerations_are_the_cores() {
        for v in values::<MeetingKind>() {
            assert!(convene_core::MeetingKind::parse(&v).is_ok(), "{v}");
        }
        for v in values::<MeetingStatus>() {
            assert!(convene_core::Status::parse(&v).is_ok(), "{v}");
        }
        for v in values::<DeadlineKind>() {
            assert!(convene_core::DeadlineKind::parse(&v).is_ok(), "{v}");
        }
        for v in values::<GroupKind>() {
            assert!(convene_core::GroupKind::parse(&v).is_ok(), "{v}");
        }
        let zones = values::<Zone>();
        assert!(zones.iter().any(|z| z == "Europe/Zurich"));
        for z in &zones {
            assert!(convene_core::time::parse_zone(z).is_ok(), "{z}");
        }
    }
}
