//! Where a group's participants work: the time zones they are in (each with a
//! weight, roughly how many take part from there) and their working hours
//! and days (default 08:00-20:00 local, Monday to Friday). A group that sets
//! none of these uses its nearest ancestor's; each of the three is inherited
//! on its own.
//!
//! In a schedule file:
//!
//! ```toml
//! [[groups]]
//! slug = "wg5"
//! # ...
//! participant_zones = [
//!   { zone = "Asia/Shanghai", weight = 3 },
//!   { zone = "Europe/Zurich", weight = 2 },
//!   { zone = "Asia/Seoul" },              # weight 1
//! ]
//! working_hours = "08:00-20:00"           # local, in every zone above
//! working_days = ["mon", "tue", "wed", "thu", "fri"]
//! ```

use std::fmt;

use chrono::{Timelike, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::group::GroupTree;
use crate::text::GroupSlug;
use crate::time::{parse_time, parse_zone};
use crate::validation::FieldErrors;

/// The largest weight a participant zone may have.
pub const MAX_WEIGHT: u32 = 1000;
/// The most participant zones one group may list.
pub const MAX_ZONES: usize = 50;

/// One participant zone as an organizer writes it:
/// `{ zone = "Asia/Shanghai", weight = 3 }`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantZoneInput {
    /// IANA zone name.
    pub zone: Option<String>,
    /// How much the zone counts, 1 to 1000; 1 when left out.
    pub weight: Option<i64>,
}

/// A valid participant zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParticipantZone {
    /// The zone.
    pub zone: Tz,
    /// How much it counts (1 to [`MAX_WEIGHT`]).
    pub weight: u32,
}

impl ParticipantZone {
    fn to_input(self) -> ParticipantZoneInput {
        ParticipantZoneInput {
            zone: Some(self.zone.name().to_owned()),
            weight: Some(i64::from(self.weight)),
        }
    }
}

impl Serialize for ParticipantZone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_input().serialize(s)
    }
}

impl<'de> Deserialize<'de> for ParticipantZone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let input = ParticipantZoneInput::deserialize(d)?;
        let mut errs = FieldErrors::default();
        match zone(&input, "", &mut errs) {
            Some(z) if errs.is_empty() => Ok(z),
            _ => Err(serde::de::Error::custom(errs)),
        }
    }
}

/// A set of weekdays on which participants work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WorkingDays(u8);

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl WorkingDays {
    /// Monday to Friday, the default.
    pub const MONDAY_TO_FRIDAY: WorkingDays = WorkingDays(0b001_1111);

    /// The set of these weekdays.
    pub fn of(days: impl IntoIterator<Item = Weekday>) -> Self {
        Self(
            days.into_iter()
                .fold(0, |bits, d| bits | 1 << d.num_days_from_monday()),
        )
    }

    /// Whether participants work on this weekday.
    pub fn contains(&self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }

    /// Whether participants work on the n-th day of the week, Monday = 0.
    pub(crate) fn contains_index(&self, day_from_monday: i64) -> bool {
        (0..7).contains(&day_from_monday) && self.0 & (1 << day_from_monday) != 0
    }

    /// The days' names (`mon` ... `sun`), in week order.
    pub fn names(&self) -> Vec<&'static str> {
        DAY_NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, n)| *n)
            .collect()
    }

    /// Parses a list of day names; every bad entry is recorded under
    /// `field[i]`.
    fn parse_list(days: &[String], field: &str, errs: &mut FieldErrors) -> Option<WorkingDays> {
        let before = errs.0.len();
        if days.is_empty() {
            errs.push(field, "name at least one day, e.g. [\"mon\", \"tue\"]");
        }
        let mut bits = 0u8;
        for (i, d) in days.iter().enumerate() {
            match DAY_NAMES.iter().position(|n| n == d) {
                Some(p) if bits & (1 << p) != 0 => {
                    errs.push(format!("{field}[{i}]"), format!("{d:?} is listed twice"))
                }
                Some(p) => bits |= 1 << p,
                None => errs.push(
                    format!("{field}[{i}]"),
                    format!("{d:?} is not a day; use mon, tue, wed, thu, fri, sat or sun"),
                ),
            }
        }
        (errs.0.len() == before).then_some(WorkingDays(bits))
    }
}

impl Default for WorkingDays {
    fn default() -> Self {
        Self::MONDAY_TO_FRIDAY
    }
}

impl fmt::Display for WorkingDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.names().join(","))
    }
}

impl Serialize for WorkingDays {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.names().serialize(s)
    }
}

impl<'de> Deserialize<'de> for WorkingDays {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let names = Vec::<String>::deserialize(d)?;
        let mut errs = FieldErrors::default();
        WorkingDays::parse_list(&names, "working_days", &mut errs)
            .ok_or_else(|| serde::de::Error::custom(errs))
    }
}

/// Working hours, local wall-clock: `start..end` on one day, to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WorkingHours {
    start: u16,
    end: u16,
}

impl WorkingHours {
    /// 08:00-20:00, the default.
    pub const DEFAULT: WorkingHours = WorkingHours {
        start: 8 * 60,
        end: 20 * 60,
    };

    /// Parses `HH:MM-HH:MM` (the end after the start, on the same day).
    pub fn parse(value: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "{value:?} is not a span of working hours; write it as HH:MM-HH:MM, e.g. \"08:00-20:00\""
            )
        };
        let (a, b) = value.split_once('-').ok_or_else(bad)?;
        let minute = |t: &str| {
            parse_time(t)
                .map(|t| (t.hour() * 60 + t.minute()) as u16)
                .map_err(|_| bad())
        };
        let (start, end) = (minute(a)?, minute(b)?);
        if end <= start {
            return Err(format!(
                "working hours {value:?} end before they start; write the earlier time first (hours cannot cross midnight)"
            ));
        }
        Ok(Self { start, end })
    }

    /// The first working minute, in seconds after local midnight.
    pub fn start_seconds(&self) -> i64 {
        i64::from(self.start) * 60
    }

    /// The end of the working day, in seconds after local midnight.
    pub fn end_seconds(&self) -> i64 {
        i64::from(self.end) * 60
    }
}

impl Default for WorkingHours {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Display for WorkingHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}:{:02}-{:02}:{:02}",
            self.start / 60,
            self.start % 60,
            self.end / 60,
            self.end % 60
        )
    }
}

impl Serialize for WorkingHours {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for WorkingHours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// What a group says about where and when its participants work. Every part
/// is optional; what is not set is inherited (see
/// [`GroupTree::effective_participants`] and
/// [`GroupTree::effective_working_time`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Participation {
    /// The participant zones, in the order given; empty when not set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<ParticipantZone>,
    /// Working hours, local in each zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_hours: Option<WorkingHours>,
    /// Working days, in each zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_days: Option<WorkingDays>,
}

fn zone(
    input: &ParticipantZoneInput,
    prefix: &str,
    errs: &mut FieldErrors,
) -> Option<ParticipantZone> {
    let tz = errs.required(&format!("{prefix}zone"), input.zone.as_deref(), parse_zone);
    let weight = match input.weight {
        None => Some(1),
        Some(w) => match u32::try_from(w) {
            Ok(w) if (1..=MAX_WEIGHT).contains(&w) => Some(w),
            _ => {
                errs.push(
                    format!("{prefix}weight"),
                    format!("{w} is not a weight; use a whole number from 1 to {MAX_WEIGHT}"),
                );
                None
            }
        },
    };
    Some(ParticipantZone {
        zone: tz?,
        weight: weight?,
    })
}

impl Participation {
    /// Whether the group sets none of it.
    pub fn is_empty(&self) -> bool {
        self.zones.is_empty() && self.working_hours.is_none() && self.working_days.is_none()
    }

    /// Checks the three schedule-file fields, recording problems under
    /// `participant_zones[i].zone`, `participant_zones[i].weight`,
    /// `working_hours` and `working_days[i]`.
    pub(crate) fn validate(
        zones: &[ParticipantZoneInput],
        hours: Option<&str>,
        days: Option<&[String]>,
        errs: &mut FieldErrors,
    ) -> Participation {
        if zones.len() > MAX_ZONES {
            errs.push(
                "participant_zones",
                format!(
                    "{} zones are listed; at most {MAX_ZONES} are allowed",
                    zones.len()
                ),
            );
        }
        let mut out: Vec<ParticipantZone> = Vec::new();
        for (i, z) in zones.iter().enumerate() {
            let prefix = format!("participant_zones[{i}].");
            if let Some(z) = zone(z, &prefix, errs) {
                if out.iter().any(|o| o.zone == z.zone) {
                    errs.push(
                        format!("{prefix}zone"),
                        format!(
                            "{:?} is listed twice; give it once with the sum of the weights",
                            z.zone.name()
                        ),
                    );
                } else {
                    out.push(z);
                }
            }
        }
        Participation {
            zones: out,
            working_hours: errs.optional("working_hours", hours, WorkingHours::parse),
            working_days: days.and_then(|d| WorkingDays::parse_list(d, "working_days", errs)),
        }
    }

    /// The schedule-file fields that give this back: participant zones,
    /// working hours, working days.
    pub(crate) fn to_input(
        &self,
    ) -> (
        Vec<ParticipantZoneInput>,
        Option<String>,
        Option<Vec<String>>,
    ) {
        (
            self.zones.iter().map(|z| z.to_input()).collect(),
            self.working_hours.map(|h| h.to_string()),
            self.working_days
                .map(|d| d.names().into_iter().map(str::to_owned).collect()),
        )
    }
}

/// A group's participant zones in effect, and the group that sets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EffectiveZones<'a> {
    /// The zones.
    pub zones: &'a [ParticipantZone],
    /// The group itself or its nearest ancestor that lists zones.
    pub from: &'a GroupSlug,
}

/// A group's working hours and days in effect, and where each comes from
/// (`None`: nobody sets it, the default applies).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkingTime {
    /// Working hours, local (default 08:00-20:00).
    pub hours: WorkingHours,
    /// Working days (default Monday to Friday).
    pub days: WorkingDays,
    /// The group that sets the hours.
    pub hours_from: Option<GroupSlug>,
    /// The group that sets the days.
    pub days_from: Option<GroupSlug>,
}

impl Default for WorkingTime {
    fn default() -> Self {
        Self {
            hours: WorkingHours::DEFAULT,
            days: WorkingDays::MONDAY_TO_FRIDAY,
            hours_from: None,
            days_from: None,
        }
    }
}

/// Serializes a zone as its IANA name.
pub(crate) fn zone_name<S: Serializer>(z: &Tz, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(z.name())
}

impl GroupTree {
    /// The group itself, then its ancestors, nearest first.
    fn lineage<'a>(&'a self, slug: &GroupSlug) -> impl Iterator<Item = &'a crate::Group> {
        self.get(slug).into_iter().chain(self.ancestors(slug))
    }

    /// The group's own participant zones, or its nearest ancestor's; `None`
    /// when neither it nor any ancestor lists zones (or the group is unknown).
    pub fn effective_participants(&self, slug: &GroupSlug) -> Option<EffectiveZones<'_>> {
        self.lineage(slug)
            .find(|g| !g.participation.zones.is_empty())
            .map(|g| EffectiveZones {
                zones: &g.participation.zones,
                from: &g.slug,
            })
    }

    /// The group's working hours and days: each its own or its nearest
    /// ancestor's, else the default (08:00-20:00, Monday to Friday).
    pub fn effective_working_time(&self, slug: &GroupSlug) -> WorkingTime {
        let mut out = WorkingTime::default();
        if let Some(g) = self
            .lineage(slug)
            .find(|g| g.participation.working_hours.is_some())
        {
            out.hours = g.participation.working_hours.unwrap_or(out.hours);
            out.hours_from = Some(g.slug.clone());
        }
        if let Some(g) = self
            .lineage(slug)
            .find(|g| g.participation.working_days.is_some())
        {
            out.days = g.participation.working_days.unwrap_or(out.days);
            out.days_from = Some(g.slug.clone());
        }
        out
    }
}

#[cfg(test)]
pub(crate) mod tests;
