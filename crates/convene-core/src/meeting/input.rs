//! [`MeetingInput`]: a meeting as typed, and its validation into a [`Meeting`].

use std::collections::BTreeMap;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::series::{self, ExceptionInput, SeriesParts};
use super::{Defaults, Location, Meeting, MeetingKind, Schedule, Session, Status};
use crate::join::Visibility;
use crate::text::{GroupSlug, ItemId, Note, OneLine, Title, WebUrl};
use crate::time::{
    DateRange, Fold, Interval, TimeSlot, parse_date, parse_time, parse_zone, resolve_local,
};
use crate::validation::FieldErrors;

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
    /// First (or only) day, `YYYY-MM-DD`, in the years
    /// [`MIN_YEAR`](crate::time::MIN_YEAR)..=[`MAX_YEAR`](crate::time::MAX_YEAR)
    /// like every date.
    pub date: Option<String>,
    /// Last day of a multi-day meeting, `YYYY-MM-DD`.
    pub until: Option<String>,
    /// Daily start, `HH:MM`.
    pub start: Option<String>,
    /// Daily end, `HH:MM`.
    pub end: Option<String>,
    /// Whole days rather than a time slot.
    pub all_day: Option<bool>,
    /// Tentative window, `YYYY-MM-DD/YYYY-MM-DD` (both in the year range).
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
    /// Remote-participation link; members only unless visibility says
    /// public.
    pub remote_url: Option<String>,
    /// Free text for joining: passcodes, dial-in numbers, room access;
    /// members only unless visibility says public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_notes: Option<String>,
    /// `members` or `public`: overrides the groups' `join_visibility` for
    /// this meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_visibility: Option<String>,
    /// A page about the meeting (announcement, registration).
    pub url: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// `"derive"`: the meeting's deadlines follow the deadline policy of
    /// its kind (schedule files; the API takes the same word). Not stored:
    /// the derived deadlines are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadlines: Option<String>,
    /// An RFC 5545 RRULE subset (`FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10`)
    /// for a timed meeting of one day: the meeting recurs, `date` being its
    /// first occurrence. See [`crate::recurrence`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<String>,
    /// Per-occurrence exceptions of a series, keyed by the occurrence's
    /// original date (`YYYY-MM-DD`): cancelled, or moved/changed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub exceptions: BTreeMap<String, ExceptionInput>,
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
        let join_notes = errs.optional("join_notes", self.join_notes.as_deref(), Note::parse);
        let join_visibility = errs.optional(
            "join_visibility",
            self.join_visibility.as_deref(),
            Visibility::parse,
        );
        let url = errs.optional("url", self.url.as_deref(), WebUrl::parse);
        let description = errs.optional("description", self.description.as_deref(), Note::parse);
        if let Some(d) = self.deadlines.as_deref()
            && d != "derive"
        {
            errs.push(
                "deadlines",
                format!("{d:?} is not understood; write \"derive\" (or list deadlines as [[deadlines]] tables)"),
            );
        }

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
        let mut series = None;
        let sessions = match (&schedule, &self.recurrence) {
            (Some(Schedule::Timed { days, slot }), Some(rule)) if days.len() == 1 => {
                series = series::build(
                    &SeriesParts {
                        recurrence: rule,
                        exceptions: &self.exceptions,
                        first: days.first(),
                        slot: *slot,
                        zone,
                        fold,
                    },
                    &mut errs,
                );
                let mut live: Vec<Session> = series
                    .iter()
                    .flat_map(|s| s.occurrences())
                    .filter(|o| !o.is_cancelled())
                    .map(|o| o.session)
                    .collect();
                live.sort_by_key(|s| s.utc.start);
                live
            }
            (Some(_), Some(_)) => {
                errs.push(
                    "recurrence",
                    "only a timed meeting of one day can recur: give `date`, `start` and `end` (no `until`, `all_day` or `window`)",
                );
                Vec::new()
            }
            (Some(s), None) => sessions(s, zone, fold, &mut errs),
            (None, _) => Vec::new(),
        };
        if self.recurrence.is_none() && !self.exceptions.is_empty() {
            errs.push(
                "exceptions",
                "only a recurring meeting (with `recurrence`) has exceptions",
            );
        }
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
                    join_notes,
                    join_visibility,
                    join_notice: None,
                    url,
                    description,
                    series,
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
