//! Meetings: what, for which groups, and when.
//!
//! A [`MeetingInput`] is what an organizer writes (in a schedule file or an
//! API body): strings as typed. [`MeetingInput::validate`] checks every field
//! at once and gives a [`Meeting`], whose UTC sessions are computed from the
//! local wall-clock and the zone. A `Meeting` is valid by construction; to
//! change one, change its input and validate again.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::text::{GroupSlug, ItemId, Note, OneLine, Title, WebUrl};
use crate::time::{
    DateRange, Fold, Interval, TimeSlot, parse_date, parse_time, parse_zone, resolve_local,
};
use crate::validation::FieldErrors;

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
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == value)
            .ok_or_else(|| {
                format!(
                    "{value:?} is not a meeting kind; use one of {}",
                    Self::ALL.map(|k| format!("{:?}", k.as_str())).join(", ")
                )
            })
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

/// A meeting as an organizer writes it: the schedule file's `[[meetings]]`
/// tables and the API's JSON bodies have these fields.
///
/// Schedule shapes: `date` (+ `until` for several days) with `start` and `end`
/// gives daily sessions; with `all_day = true`, whole days; with neither, a
/// date whose time is to be announced. `window` (`"FIRST/LAST"`) with
/// `window_label` gives a tentative window, optionally with `start`/`end`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingInput {
    /// Stable id, `[a-z0-9-]`.
    pub id: Option<String>,
    /// Title, one line.
    pub title: Option<String>,
    /// Slugs of the meeting's groups; several for a joint meeting.
    #[serde(default)]
    pub groups: Vec<String>,
    /// `physical`, `e-meeting`, `forum`, `webinar`, `special-session`.
    pub kind: Option<String>,
    /// `confirmed` (default), `tentative` (default for a window) or `cancelled`.
    pub status: Option<String>,
    /// Why a cancelled meeting was cancelled.
    pub cancel_reason: Option<String>,
    /// IANA zone of the local times; the file's or the server's default when
    /// left out.
    pub zone: Option<String>,
    /// First (or only) day, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Last day of a multi-day meeting, `YYYY-MM-DD`.
    pub until: Option<String>,
    /// Daily start, `HH:MM`.
    pub start: Option<String>,
    /// Daily end, `HH:MM`.
    pub end: Option<String>,
    /// Whole days rather than a time slot.
    pub all_day: Option<bool>,
    /// Tentative window, `YYYY-MM-DD/YYYY-MM-DD`.
    pub window: Option<String>,
    /// The organizer's wording of the window ("Mid/end of July 2023").
    pub window_label: Option<String>,
    /// For a local time that happens twice: `earlier` or `later`.
    pub ambiguous: Option<String>,
    /// Venue of a physical meeting.
    pub venue: Option<String>,
    /// City of a physical meeting.
    pub city: Option<String>,
    /// Country of a physical meeting.
    pub country: Option<String>,
    /// Remote-participation link.
    pub remote_url: Option<String>,
    /// A page about the meeting (announcement, registration).
    pub url: Option<String>,
    /// Free text.
    pub description: Option<String>,
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
    url: Option<WebUrl>,
    description: Option<Note>,
}

impl MeetingInput {
    /// Checks every field and computes the sessions. All problems are
    /// reported at once, each under its field's name. Group slugs are checked
    /// for form here and for existence by the [`crate::Catalog`].
    pub fn validate(&self, defaults: &Defaults) -> Result<Meeting, FieldErrors> {
        let mut errs = FieldErrors::default();
        let id = errs.required("id", self.id.as_deref(), ItemId::parse);
        let title = errs.required("title", self.title.as_deref(), Title::parse);
        let kind = errs.required("kind", self.kind.as_deref(), MeetingKind::parse);
        let mut groups = Vec::new();
        if self.groups.is_empty() {
            errs.push("groups", "name at least one group");
        }
        for (i, g) in self.groups.iter().enumerate() {
            match GroupSlug::parse(g) {
                Ok(s) if groups.contains(&s) => {
                    errs.push(format!("groups[{i}]"), format!("{g:?} is listed twice"))
                }
                Ok(s) => groups.push(s),
                Err(e) => errs.push(format!("groups[{i}]"), e.to_string()),
            }
        }
        let status = errs.optional("status", self.status.as_deref(), Status::parse);
        let cancel_reason = errs.optional(
            "cancel_reason",
            self.cancel_reason.as_deref(),
            OneLine::parse,
        );
        let zone = errs
            .optional("zone", self.zone.as_deref(), parse_zone)
            .unwrap_or(defaults.zone);
        let fold = errs.optional("ambiguous", self.ambiguous.as_deref(), Fold::parse);
        let location = Location {
            venue: errs.optional("venue", self.venue.as_deref(), OneLine::parse),
            city: errs.optional("city", self.city.as_deref(), OneLine::parse),
            country: errs.optional("country", self.country.as_deref(), OneLine::parse),
        };
        let remote_url = errs.optional("remote_url", self.remote_url.as_deref(), WebUrl::parse);
        let url = errs.optional("url", self.url.as_deref(), WebUrl::parse);
        let description = errs.optional("description", self.description.as_deref(), Note::parse);

        let schedule = self.schedule(&mut errs);
        let status = match (status, &schedule) {
            (Some(Status::Confirmed), Some(Schedule::Tentative { .. })) => {
                errs.push(
                    "status",
                    "a meeting with only a tentative window cannot be confirmed; give it a date",
                );
                None
            }
            (Some(s), _) => Some(s),
            (None, Some(Schedule::Tentative { .. })) => Some(Status::Tentative),
            (None, _) => Some(Status::Confirmed),
        };
        if cancel_reason.is_some() && status != Some(Status::Cancelled) {
            errs.push(
                "cancel_reason",
                "only a cancelled meeting has a cancel reason",
            );
        }
        if kind == Some(MeetingKind::Physical) && location.city.is_none() {
            errs.push(
                "city",
                "a physical meeting needs the city it takes place in",
            );
        }
        let sessions = match &schedule {
            Some(s) => sessions(s, zone, fold, &mut errs),
            None => Vec::new(),
        };
        match (id, title, kind, status, schedule) {
            (Some(id), Some(title), Some(kind), Some(status), Some(schedule))
                if errs.is_empty() =>
            {
                Ok(Meeting {
                    id,
                    title,
                    groups,
                    kind,
                    status,
                    cancel_reason,
                    zone,
                    fold,
                    schedule,
                    sessions,
                    location,
                    remote_url,
                    url,
                    description,
                })
            }
            _ => Err(errs),
        }
    }

    fn schedule(&self, errs: &mut FieldErrors) -> Option<Schedule> {
        let slot = self.slot(errs);
        match (&self.date, &self.window) {
            (Some(_), Some(_)) => {
                errs.push(
                    "window",
                    "give either `date` (a fixed day) or `window` (a tentative period), not both",
                );
                None
            }
            (None, None) => {
                errs.push(
                    "date",
                    "is required (or `window` with `window_label` for a meeting whose day is not fixed yet)",
                );
                None
            }
            (Some(date), None) => {
                if self.window_label.is_some() {
                    errs.push(
                        "window_label",
                        "only a meeting with a `window` has a window label",
                    );
                }
                let first = errs.optional("date", Some(date), parse_date);
                let last = match &self.until {
                    Some(u) => errs.optional("until", Some(u), parse_date),
                    None => first,
                };
                let days = match (first, last) {
                    (Some(f), Some(l)) => match DateRange::new(f, l) {
                        Ok(days) => Some(days),
                        Err(msg) => {
                            errs.push("until", msg);
                            None
                        }
                    },
                    _ => None,
                };
                let all_day = self.all_day.unwrap_or(false);
                match (slot, all_day) {
                    (Slot::Given(_), true) => {
                        errs.push("all_day", "a whole-day meeting has no `start` and `end`");
                        None
                    }
                    (Slot::Given(slot), false) => days.map(|days| Schedule::Timed { days, slot }),
                    (Slot::None, true) => days.map(|days| Schedule::AllDay { days }),
                    (Slot::None, false) => days.map(|days| Schedule::TimeTba { days }),
                    (Slot::Invalid, _) => None,
                }
            }
            (None, Some(window)) => {
                if self.until.is_some() {
                    errs.push(
                        "until",
                        "a tentative window has no `until`; the window gives its days",
                    );
                }
                if self.all_day.is_some() {
                    errs.push("all_day", "a tentative window cannot be whole-day");
                }
                let window = errs.optional("window", Some(window), parse_window);
                let label =
                    errs.required("window_label", self.window_label.as_deref(), OneLine::parse);
                let slot = match slot {
                    Slot::Given(s) => Some(Some(s)),
                    Slot::None => Some(None),
                    Slot::Invalid => None,
                };
                match (window, label, slot) {
                    (Some(window), Some(label), Some(slot)) => Some(Schedule::Tentative {
                        window,
                        label,
                        slot,
                    }),
                    _ => None,
                }
            }
        }
    }

    fn slot(&self, errs: &mut FieldErrors) -> Slot {
        let start = errs.optional("start", self.start.as_deref(), parse_time);
        let end = errs.optional("end", self.end.as_deref(), parse_time);
        match (&self.start, &self.end, start, end) {
            (None, None, _, _) => Slot::None,
            (Some(_), None, _, _) => {
                errs.push("end", "is required when `start` is given");
                Slot::Invalid
            }
            (None, Some(_), _, _) => {
                errs.push("start", "is required when `end` is given");
                Slot::Invalid
            }
            (_, _, Some(s), Some(e)) => match TimeSlot::new(s, e) {
                Ok(slot) => Slot::Given(slot),
                Err(msg) => {
                    errs.push("end", msg);
                    Slot::Invalid
                }
            },
            _ => Slot::Invalid,
        }
    }
}

enum Slot {
    None,
    Given(TimeSlot),
    Invalid,
}

/// Parses `YYYY-MM-DD/YYYY-MM-DD`.
fn parse_window(value: &str) -> Result<DateRange, String> {
    let (a, b) = value.split_once('/').ok_or_else(|| {
        format!("{value:?} is not a window; write it as FIRST/LAST, e.g. \"2023-07-15/2023-07-31\"")
    })?;
    DateRange::new(parse_date(a)?, parse_date(b)?)
}

fn sessions(
    schedule: &Schedule,
    zone: Tz,
    fold: Option<Fold>,
    errs: &mut FieldErrors,
) -> Vec<Session> {
    let Schedule::Timed { days, slot } = schedule else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(days.len());
    for date in days.days() {
        let start = resolve_local(zone, date.and_time(slot.start()), fold);
        let end = resolve_local(zone, date.and_time(slot.end()), fold);
        match (start, end) {
            (Ok(start), Ok(end)) if end > start => out.push(Session {
                date,
                slot: *slot,
                utc: Interval { start, end },
            }),
            (Ok(_), Ok(_)) => errs.push(
                "end",
                format!("on {date} the end falls before the start once clocks change; choose the other `ambiguous` value"),
            ),
            (start, end) => {
                if let Err(e) = start {
                    errs.push("start", e.to_string());
                }
                if let Err(e) = end {
                    errs.push("end", e.to_string());
                }
            }
        }
    }
    out
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
    /// timed).
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
    /// A page about the meeting.
    pub fn url(&self) -> Option<&WebUrl> {
        self.url.as_ref()
    }
    /// Free text.
    pub fn description(&self) -> Option<&Note> {
        self.description.as_ref()
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
            url: self.url.as_ref().map(|v| v.to_string()),
            description: self.description.as_ref().map(|v| v.to_string()),
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

#[cfg(test)]
mod tests;
