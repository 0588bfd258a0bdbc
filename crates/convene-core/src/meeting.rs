//! Meetings: what, for which groups, and when.
//!
//! A [`MeetingInput`] is what an organizer writes (in a schedule file or an
//! API body): strings as typed. [`MeetingInput::validate`] checks every field
//! at once and gives a [`Meeting`], whose UTC sessions are computed from the
//! local wall-clock and the zone. A `Meeting` is valid by construction; to
//! change one, change its input and validate again. The input and its
//! validation are in `meeting/input.rs`.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::join::Visibility;
use crate::text::{GroupSlug, ItemId, Note, OneLine, Title, WebUrl};
use crate::time::{DateRange, Fold, Interval, TimeSlot};

mod input;
mod series;

pub use input::MeetingInput;
pub use series::{Exception, ExceptionInput, Occurrence, Series};

/// The format of a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingKind {
    /// A physical meeting (with remote participation).
    Physical,
    /// An e-meeting, online only.
    EMeeting,
    /// A forum.
    Forum,
    /// A webinar.
    Webinar,
    /// A special session.
    SpecialSession,
}

impl MeetingKind {
    /// Every kind, for messages and documentation.
    pub const ALL: [MeetingKind; 5] = [
        Self::Physical,
        Self::EMeeting,
        Self::Forum,
        Self::Webinar,
        Self::SpecialSession,
    ];

    /// The kebab-case name used in files and the API.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Physical => "physical",
            Self::EMeeting => "e-meeting",
            Self::Forum => "forum",
            Self::Webinar => "webinar",
            Self::SpecialSession => "special-session",
        }
    }

    /// A label for people ("E-meeting").
    pub fn label(&self) -> &'static str {
        match self {
            Self::Physical => "Meeting (physical, with remote participation)",
            Self::EMeeting => "E-meeting",
            Self::Forum => "Forum",
            Self::Webinar => "Webinar",
            Self::SpecialSession => "Special session",
        }
    }

    /// Parses a kind name.
    pub fn parse(value: &str) -> Result<Self, String> {
        crate::text::parse_kind(Self::ALL, Self::as_str, "meeting kind", value)
    }
}

/// Whether a meeting is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// It takes place as scheduled.
    Confirmed,
    /// Planned, not yet fixed.
    Tentative,
    /// It will not take place; it stays in calendars, marked cancelled.
    Cancelled,
}

impl Status {
    /// The kebab-case name used in files and the API.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Tentative => "tentative",
            Self::Cancelled => "cancelled",
        }
    }

    /// Parses a status name.
    pub fn parse(value: &str) -> Result<Self, String> {
        match value {
            "confirmed" => Ok(Self::Confirmed),
            "tentative" => Ok(Self::Tentative),
            "cancelled" => Ok(Self::Cancelled),
            other => Err(format!(
                "{other:?} is not a status; use \"confirmed\", \"tentative\" or \"cancelled\""
            )),
        }
    }
}

/// When a meeting takes place, in the shapes organizers announce.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "shape", rename_all = "kebab-case")]
pub enum Schedule {
    /// One or more consecutive days with the same daily slot: one session a
    /// day ("7-8 September 2023, 09:00-12:00").
    Timed {
        /// The days.
        days: DateRange,
        /// The daily slot, local time.
        slot: TimeSlot,
    },
    /// Whole days ("Shanghai, 4-6 July 2023").
    AllDay {
        /// The days.
        days: DateRange,
    },
    /// A date whose time is not announced yet ("20 September 2023").
    TimeTba {
        /// The days.
        days: DateRange,
    },
    /// A window with no day chosen yet ("Mid/end of July 2023"), with the
    /// planned daily slot if known.
    Tentative {
        /// The window, as a range of days.
        window: DateRange,
        /// The organizer's wording.
        label: OneLine,
        /// The planned daily slot.
        slot: Option<TimeSlot>,
    },
}

impl Schedule {
    /// The days the meeting is on, or the window it may be in.
    pub fn days(&self) -> DateRange {
        match self {
            Schedule::Timed { days, .. }
            | Schedule::AllDay { days }
            | Schedule::TimeTba { days } => *days,
            Schedule::Tentative { window, .. } => *window,
        }
    }

    /// The daily slot, when there is one (planned or fixed).
    pub fn slot(&self) -> Option<TimeSlot> {
        match self {
            Schedule::Timed { slot, .. } => Some(*slot),
            Schedule::Tentative { slot, .. } => *slot,
            Schedule::AllDay { .. } | Schedule::TimeTba { .. } => None,
        }
    }

    /// The kebab-case shape name.
    pub fn shape(&self) -> &'static str {
        match self {
            Schedule::Timed { .. } => "timed",
            Schedule::AllDay { .. } => "all-day",
            Schedule::TimeTba { .. } => "time-tba",
            Schedule::Tentative { .. } => "tentative",
        }
    }
}

/// One day's session of a timed meeting, in local time and in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The local date.
    pub date: NaiveDate,
    /// The local slot.
    pub slot: TimeSlot,
    /// The UTC instants.
    pub utc: Interval,
}

/// Where a physical meeting (or forum) takes place.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Location {
    /// The venue ("Zhangjiang Science Hall").
    pub venue: Option<OneLine>,
    /// The city.
    pub city: Option<OneLine>,
    /// The country.
    pub country: Option<OneLine>,
}

impl Location {
    /// Whether nothing is known.
    pub fn is_empty(&self) -> bool {
        self.venue.is_none() && self.city.is_none() && self.country.is_none()
    }

    /// "venue, city, country" with what is known.
    pub fn display(&self) -> Option<String> {
        let parts: Vec<&str> = [&self.venue, &self.city, &self.country]
            .into_iter()
            .flatten()
            .map(|p| p.as_str())
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// Defaults applied to inputs that leave a field out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Defaults {
    /// The zone for local times (Geneva time: Europe/Zurich).
    pub zone: Tz,
}

impl Default for Defaults {
    fn default() -> Self {
        Self {
            zone: chrono_tz::Europe::Zurich,
        }
    }
}

/// A valid meeting, with its sessions computed in UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    id: ItemId,
    title: Title,
    groups: Vec<GroupSlug>,
    kind: MeetingKind,
    status: Status,
    cancel_reason: Option<OneLine>,
    zone: Tz,
    fold: Option<Fold>,
    schedule: Schedule,
    sessions: Vec<Session>,
    location: Location,
    remote_url: Option<WebUrl>,
    join_notes: Option<Note>,
    join_visibility: Option<Visibility>,
    /// Set only by [`crate::join::for_audience`] on a copy for the public:
    /// where members find the details withheld. Never stored.
    join_notice: Option<String>,
    url: Option<WebUrl>,
    description: Option<Note>,
    series: Option<Series>,
}

impl Meeting {
    /// The stable id.
    pub fn id(&self) -> &ItemId {
        &self.id
    }
    /// The title.
    pub fn title(&self) -> &Title {
        &self.title
    }
    /// The groups, in the order given (the first is the lead group).
    pub fn groups(&self) -> &[GroupSlug] {
        &self.groups
    }
    /// The format.
    pub fn kind(&self) -> MeetingKind {
        self.kind
    }
    /// Confirmed, tentative or cancelled.
    pub fn status(&self) -> Status {
        self.status
    }
    /// Why it was cancelled.
    pub fn cancel_reason(&self) -> Option<&OneLine> {
        self.cancel_reason.as_ref()
    }
    /// The zone of the local times.
    pub fn zone(&self) -> Tz {
        self.zone
    }
    /// The organizer's choice for ambiguous local times.
    pub fn fold(&self) -> Option<Fold> {
        self.fold
    }
    /// When, as the organizer gave it.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }
    /// The timed sessions, one a day, in UTC (empty unless the schedule is
    /// timed). For a series, the sessions of the occurrences that are not
    /// cancelled, in order: what keeps people busy and what pages list.
    pub fn sessions(&self) -> &[Session] {
        &self.sessions
    }
    /// Venue, city, country.
    pub fn location(&self) -> &Location {
        &self.location
    }
    /// The remote-participation link.
    pub fn remote_url(&self) -> Option<&WebUrl> {
        self.remote_url.as_ref()
    }
    /// Free-text join details (passcodes, dial-in, room access).
    pub fn join_notes(&self) -> Option<&Note> {
        self.join_notes.as_ref()
    }
    /// The meeting's own visibility of its join details, if it sets one.
    pub fn join_visibility(&self) -> Option<Visibility> {
        self.join_visibility
    }
    /// On a copy made for the public: where members find the withheld join
    /// details ("Join details: sent to LIST and in members' calendars").
    pub fn join_notice(&self) -> Option<&str> {
        self.join_notice.as_deref()
    }
    /// A copy without `remote_url` and `join_notes`, carrying `notice`
    /// instead (see [`crate::join::for_audience`]).
    pub(crate) fn withholding_join_details(&self, notice: String) -> Self {
        Self {
            remote_url: None,
            join_notes: None,
            join_notice: Some(notice),
            ..self.clone()
        }
    }
    /// A page about the meeting.
    pub fn url(&self) -> Option<&WebUrl> {
        self.url.as_ref()
    }
    /// Free text.
    pub fn description(&self) -> Option<&Note> {
        self.description.as_ref()
    }
    /// The series, for a recurring meeting.
    pub fn series(&self) -> Option<&Series> {
        self.series.as_ref()
    }

    /// The time the meeting keeps busy, for conflicts: each timed session, or
    /// the whole days of a whole-day meeting. A date without a time and a
    /// tentative window keep no time busy: nobody knows which hours yet.
    pub fn busy(&self) -> Vec<Interval> {
        match &self.schedule {
            Schedule::Timed { .. } => self.sessions.iter().map(|s| s.utc).collect(),
            Schedule::AllDay { days } => vec![days.interval_in(self.zone)],
            Schedule::TimeTba { .. } | Schedule::Tentative { .. } => Vec::new(),
        }
    }

    /// The span of time the meeting is in: from its first session's start
    /// (or its first day's start) to its last session's end (or the end of
    /// its last day). For a tentative meeting, the whole window.
    pub fn span(&self) -> Interval {
        match (&self.schedule, self.sessions.first(), self.sessions.last()) {
            (Schedule::Timed { .. }, Some(first), Some(last)) => Interval {
                start: first.utc.start,
                end: last.utc.end,
            },
            (schedule, _, _) => schedule.days().interval_in(self.zone),
        }
    }

    /// When the meeting begins: the moment reminders count back from.
    pub fn starts_at(&self) -> DateTime<Utc> {
        self.span().start
    }

    /// The input that gives this meeting back: what to store and what the
    /// API returns as "as given".
    pub fn to_input(&self) -> MeetingInput {
        let s = |v: &dyn ToString| Some(v.to_string());
        let fmt_t = |t: chrono::NaiveTime| Some(t.format("%H:%M").to_string());
        let mut input = MeetingInput {
            id: s(&self.id),
            title: s(&self.title),
            groups: self.groups.iter().map(|g| g.to_string()).collect(),
            kind: Some(self.kind.as_str().to_owned()),
            status: Some(self.status.as_str().to_owned()),
            cancel_reason: self.cancel_reason.as_ref().map(|r| r.to_string()),
            zone: Some(self.zone.name().to_owned()),
            ambiguous: self.fold.map(|f| match f {
                Fold::Earlier => "earlier".to_owned(),
                Fold::Later => "later".to_owned(),
            }),
            venue: self.location.venue.as_ref().map(|v| v.to_string()),
            city: self.location.city.as_ref().map(|v| v.to_string()),
            country: self.location.country.as_ref().map(|v| v.to_string()),
            remote_url: self.remote_url.as_ref().map(|v| v.to_string()),
            join_notes: self.join_notes.as_ref().map(|v| v.to_string()),
            join_visibility: self.join_visibility.map(|v| v.as_str().to_owned()),
            url: self.url.as_ref().map(|v| v.to_string()),
            description: self.description.as_ref().map(|v| v.to_string()),
            recurrence: self.series.as_ref().map(|s| s.rule().to_string()),
            exceptions: self
                .series
                .iter()
                .flat_map(|s| s.exceptions())
                .map(|(d, e)| (d.to_string(), e.to_input()))
                .collect(),
            ..MeetingInput::default()
        };
        let days_fields = |input: &mut MeetingInput, days: &DateRange| {
            input.date = s(&days.first());
            if days.last() != days.first() {
                input.until = s(&days.last());
            }
        };
        match &self.schedule {
            Schedule::Timed { days, slot } => {
                days_fields(&mut input, days);
                input.start = fmt_t(slot.start());
                input.end = fmt_t(slot.end());
            }
            Schedule::AllDay { days } => {
                days_fields(&mut input, days);
                input.all_day = Some(true);
            }
            Schedule::TimeTba { days } => days_fields(&mut input, days),
            Schedule::Tentative {
                window,
                label,
                slot,
            } => {
                input.window = Some(format!("{}/{}", window.first(), window.last()));
                input.window_label = s(label);
                if let Some(slot) = slot {
                    input.start = fmt_t(slot.start());
                    input.end = fmt_t(slot.end());
                }
            }
        }
        input
    }
}

// The tests (`meeting/tests.rs`) build inputs' errors by hand.
#[cfg(test)]
use crate::validation::FieldErrors;

#[cfg(test)]
mod tests;
