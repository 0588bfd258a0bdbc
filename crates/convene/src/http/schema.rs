//! Schemas of the OpenAPI document for what the server reads and writes but
//! does not own: the core's inputs (`MeetingInput`, `DeadlineInput`,
//! `GroupInput`), its reports (zone tables, slot searches) and the problem
//! body. `convene-core` knows nothing of OpenAPI, so these types mirror the
//! core's on the wire, with the core's rules as patterns and lengths
//! (`text.rs`, `time.rs`); the tests below check the two agree.
//!
//! The types here are never built: they only describe. What the server
//! answers (problems, zone tables, slot reports, the responses every
//! operation shares) is in `schema/answers.rs`; the bodies of an
//! occurrence's patch, a cancel, a reinstate and a batch of changes are in
//! `schema/changes.rs`.
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
            /// Remote-participation link: members only unless the
            /// meeting's visibility is `public`.
            remote_url: Option<WebUrl>,
            /// Free text for joining (passcodes, dial-in numbers, room
            /// access): members only unless the visibility is `public`.
            join_notes: Option<Note>,
            /// Overrides the groups' `join_visibility` for this meeting.
            join_visibility: Option<JoinVisibility>,
            /// A page about the meeting.
            url: Option<WebUrl>,
            /// Free text.
            description: Option<Note>,
            /// Makes a timed one-day meeting a series: an RFC 5545 RRULE
            /// with `FREQ` `DAILY`, `WEEKLY` or `MONTHLY`, `INTERVAL`,
            /// `BYDAY` (ordinals such as `2TU`, `-1FR` for a monthly rule),
            /// `BYMONTHDAY`, and `COUNT` or `UNTIL=YYYYMMDD`; at most 200
            /// occurrences within two years of `date`, the first occurrence.
            #[schema(pattern = "^(?:RRULE:)?[A-Za-z]+=[A-Za-z0-9,+-]+(?:;[A-Za-z]+=[A-Za-z0-9,+-]+)*$", max_length = 300, example = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10")]
            recurrence: Option<String>,
            /// A series' exceptions, keyed by each occurrence's original
            /// date (`YYYY-MM-DD`): cancelled, or moved/changed.
            exceptions: Option<std::collections::BTreeMap<String, ExceptionInputSchema>>,
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
        /// `false`: a silent write: stored and published (feeds), no
        /// announcement; the history marks it silent. Default `true`.
        notify: Option<bool>,
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
        /// For a series: change this occurrence (its original date) and
        /// the following ones; the series is split and the new part,
        /// `ID-YYYYMMDD`, answered with 201. Left out: the whole series.
        from: Option<Date>,
        /// `false`: a silent fix: stored, feeds updated (`SEQUENCE`
        /// rises), no update notice; an announcement or notice still
        /// waiting goes out with the fixed details. Default `true`.
        notify: Option<bool>,
    }
}

meeting_input! {
    /// A meeting in a batch's change: for `create`, the new meeting (the
    /// `POST /api/v1/meetings` body); for `patch`, a JSON merge patch (the
    /// `PATCH` body). Without `notify`: that is the batch's.
    BatchMeeting {
        /// Save even when it overlaps confirmed meetings.
        allow_conflicts: Option<bool>,
        /// `create` only: the deadlines, or `"derive"`.
        deadlines: Option<NewDeadlines>,
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

/// Declares a deadline input schema, with extra fields.
macro_rules! deadline_input {
    ($(#[$attr:meta])* $name:ident { $($extra:tt)* }) => {
        #[derive(Debug, ToSchema)]
        $(#[$attr])*
        #[serde(deny_unknown_fields)]
        pub(crate) struct $name {
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
            $($extra)*
        }
    };
}

deadline_input! {
    /// A deadline as an organizer writes it (`convene_core::DeadlineInput`):
    /// exactly one of `meeting` and `group`, at most one of `email` and `url`.
    #[schema(as = DeadlineInput)]
    DeadlineInputSchema {}
}

deadline_input! {
    /// The body of `POST /api/v1/deadlines` and `PATCH
    /// /api/v1/deadlines/{id}` (there, a JSON merge patch): a deadline's
    /// fields, and `notify`.
    DeadlineWrite {
        /// `false`: a silent write: stored and published, no announcement;
        /// an announcement still waiting goes out with the new details.
        /// Default `true`.
        notify: Option<bool>,
    }
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
    /// Who reads its meetings' join details; inherited from the parent
    /// when left out (`members` at the top).
    join_visibility: Option<JoinVisibility>,
    /// Member addresses (`a@b.org`) and domains (`@b.org`) that may ask
    /// for the members' calendar by mail on the group's page (subgroups
    /// inherit them). Never shown on public pages or anonymous reads.
    #[serde(default)]
    members_allow: Vec<String>,
    /// The language of the mails to its list (announcements, notices,
    /// reminders; the organizers' own text is never translated); inherited
    /// from the parent when left out (`i18n.default_language` at the top).
    language: Option<Language>,
}

/// One of the six languages of the United Nations (`convene_core::Language`).
#[derive(Debug, ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Language {
    /// Arabic.
    Ar,
    /// Chinese.
    Zh,
    /// English.
    En,
    /// French.
    Fr,
    /// Russian.
    Ru,
    /// Spanish.
    Es,
}

/// Who reads a meeting's join details (`remote_url`, `join_notes`).
#[derive(Debug, ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum JoinVisibility {
    /// The members: the mailing list, private feeds and tokens in scope.
    Members,
    /// Everyone.
    Public,
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

/// One occurrence's exception (`convene_core::ExceptionInput`): either
/// `cancelled` (with `reason`), or any of `date`, `start` with `end`, and
/// `title`.
#[derive(Debug, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ExceptionInput)]
pub(crate) struct ExceptionInputSchema {
    /// The occurrence does not take place.
    cancelled: Option<bool>,
    /// Why it was cancelled.
    reason: Option<OneLine>,
    /// The day it moved to.
    date: Option<Date>,
    /// Its start.
    start: Option<Time>,
    /// Its end.
    end: Option<Time>,
    /// A title for this occurrence only.
    title: Option<Title>,
}

mod answers;
mod changes;
pub(crate) use answers::*;
pub(crate) use changes::*;

#[cfg(test)]
mod tests;
