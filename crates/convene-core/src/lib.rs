//! # convene-core
//!
//! The domain of convene, pure: groups, meetings, schedules, deadlines,
//! time-zone rules, conflicts and reminder plans. No I/O and no clock: where
//! the current time matters, it is a parameter (`now`).
//!
//! Follow a meeting through the core:
//! - [`MeetingInput`] is what an organizer writes (schedule file or API body);
//!   [`MeetingInput::validate`] turns it into a [`Meeting`] with its sessions in
//!   UTC, or lists every bad field ([`FieldErrors`]).
//! - A [`Catalog`] holds a [`GroupTree`] with meetings and deadlines and checks
//!   the references between them; [`parse_schedule`] builds one from a
//!   schedule file's text.
//! - [`find_conflicts`] and [`reminder::plan`] work on a catalog.
//! - [`archive_problems`] says whether a new or changed meeting may name
//!   its groups when some groups are archived (history stays editable).
//! - Scheduling assistance: [`find_slots`] ranks free slots for groups by
//!   where their participants work ([`participants`]), [`zone_table`] shows
//!   an existing meeting in every participant zone, and [`derive_deadlines`]
//!   works out a meeting's deadlines from a [`DeadlinePolicy`].
//! - When an edit shortens a meeting, [`dropped_sessions`] lists the daily
//!   sessions it no longer has ([`DroppedSession`]); the calendars keep
//!   publishing them as cancelled ([`ical::FeedMeeting::dropped`]).
//! - A cancelled item leaves the feeds after a while ([`retention`]); a
//!   cancel can be undone ([`reinstate`]).

pub mod archive;
pub mod catalog;
pub mod conflict;
pub mod deadline;
pub mod derive;
pub mod dropped;
pub mod file;
pub mod group;
pub mod i18n;
pub mod ical;
pub mod join;
pub mod meeting;
pub mod participants;
pub mod recurrence;
pub mod reinstate;
pub mod reminder;
pub mod retention;
pub mod slots;
pub mod text;
pub mod time;
pub mod validation;
pub mod zone_fit;

pub use archive::{archive_problems, deadline_archive_problems};
pub use catalog::{Catalog, ItemProblem, ItemRef};
pub use conflict::{Conflict, conflicts_with, find_conflicts};
pub use deadline::{Deadline, DeadlineInput, DeadlineKind, Owner};
pub use derive::{DeadlinePolicy, DeadlineRule, WeekendRule, derive_deadlines};
pub use dropped::{DroppedSession, dropped_sessions};
pub use file::{FileError, FileProblem, parse_schedule, parse_schedule_with, to_schedule_toml};
pub use group::{
    Group, GroupInput, GroupKind, GroupTree, Inherited, Language, TreeError, group_language,
};
pub use join::{Audience, MemberPattern, Visibility};
pub use meeting::{
    Defaults, Exception, ExceptionInput, Location, Meeting, MeetingInput, MeetingKind, Occurrence,
    Schedule, Series, Session, Status,
};
pub use participants::{
    EffectiveZones, ParticipantZone, ParticipantZoneInput, Participation, WorkingDays,
    WorkingHours, WorkingTime,
};
pub use recurrence::RRule;
pub use reminder::{MailKind, PlannedMail, ReminderPolicy, Subject};
pub use slots::{Candidate, SlotError, SlotQuery, SlotReport, SlotRequest, find_slots};
pub use text::{Contact, Email, GroupSlug, ItemId, Note, OneLine, TextError, Title, WebUrl};
pub use time::{DateRange, Fold, Interval, MAX_YEAR, MIN_YEAR, TimeError, TimeSlot};
pub use validation::{FieldError, FieldErrors};
pub use zone_fit::{Fit, OffsetChange, ZoneRow, ZoneTable, ZoneTime, zone_table};
