//! How a span of time falls for participants: the local time in each of a
//! group's participant zones, whether that is within working hours, outside
//! them, or at night; the score of the span; and the zones' UTC offset
//! changes. [`zone_table`] gives this for an existing meeting's sessions, so
//! a chair sees who is asked to join at night; the slot finder
//! ([`crate::slots`]) ranks free spans with the same rule.
//!
//! ## The rule
//!
//! For each participant zone, a span is
//! - **in hours** when all of it falls within the zone's working hours on one
//!   working day there (local date and weekday of its start);
//! - else **night** when any part of it falls between 22:00 and 06:00 local;
//! - else **out of hours**.
//!
//! The score is the weighted share of zones in hours, minus
//! [`NIGHT_PENALTY`] (a quarter) for each zone at night, whatever its weight:
//! `score = in_hours_weight / total_weight - night_zones / 4`. It is 1 when
//! everyone is in hours and can go below 0. A quarter makes asking one zone
//! to join at night cost more than leaving a light zone (a seventh of the
//! weight, say) in its evening: for FG-MV WG5 it prefers 18:00-20:00 in
//! Shanghai with New York at 06:00 over adding Seoul and putting New York at
//! 02:00.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::group::GroupTree;
use crate::meeting::Meeting;
use crate::participants::{WorkingDays, WorkingHours, zone_name};
use crate::text::GroupSlug;
use crate::time::Interval;

/// What a zone at night costs the score, whatever the zone's weight.
pub const NIGHT_PENALTY: f64 = 0.25;
/// `1 / NIGHT_PENALTY`: scores are compared exactly as
/// `PENALTY_DIVISOR * in_hours_weight - total_weight * night_zones`.
const PENALTY_DIVISOR: i64 = 4;
/// Local night: from 22:00 ...
pub const NIGHT_FROM_HOUR: i64 = 22;
/// ... to 06:00.
pub const NIGHT_UNTIL_HOUR: i64 = 6;

const DAY: i64 = 86_400;

/// How a span falls for the participants in one zone. Ordered from worst to
/// best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fit {
    /// Some of it falls between 22:00 and 06:00 local.
    Night,
    /// Outside working hours or on a day off, but not at night.
    OutOfHours,
    /// All of it within working hours on a working day.
    InHours,
}

/// One participant zone of a set of groups, with its working time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZoneRow {
    /// The zone.
    #[serde(serialize_with = "zone_name")]
    pub zone: Tz,
    /// Its weight (summed when several of the groups list it).
    pub weight: u32,
    /// Working hours there.
    pub working_hours: WorkingHours,
    /// Working days there.
    pub working_days: WorkingDays,
    /// The groups whose participants it stands for.
    pub groups: Vec<GroupSlug>,
}

/// How one span falls in one participant zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZoneTime {
    /// The zone.
    #[serde(serialize_with = "zone_name")]
    pub zone: Tz,
    /// Its weight.
    pub weight: u32,
    /// Local start.
    pub local_start: NaiveDateTime,
    /// Local end.
    pub local_end: NaiveDateTime,
    /// The zone's offset from UTC at the start, `+08:00`.
    pub utc_offset: String,
    /// In hours, out of hours or night.
    pub fit: Fit,
}

/// A participant zone changes its UTC offset (daylight saving time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OffsetChange {
    /// The zone.
    #[serde(serialize_with = "zone_name")]
    pub zone: Tz,
    /// The instant of the change.
    pub at: DateTime<Utc>,
    /// The offset before, `+02:00`.
    pub before: String,
    /// The offset after, `+01:00`.
    pub after: String,
}

/// One session of a meeting in every participant zone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionZones {
    /// The session's local date, in the meeting's zone.
    pub date: NaiveDate,
    /// The session in UTC.
    pub utc: Interval,
    /// The session in each participant zone, in the order of
    /// [`ZoneTable::zones`].
    pub zones: Vec<ZoneTime>,
    /// The score of the session (see the module documentation); `None`
    /// when the groups have no participant zones.
    pub score: Option<f64>,
}

/// A meeting's timed sessions as they fall in its groups' participant zones.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZoneTable {
    /// The participant zones of the meeting's groups.
    pub zones: Vec<ZoneRow>,
    /// The sum of their weights.
    pub total_weight: u32,
    /// One entry per timed session (none for whole-day, date-only and
    /// tentative meetings).
    pub sessions: Vec<SessionZones>,
}

/// The participant zones of several groups (each group's own or inherited
/// ones, with its working time), merged: one row per zone and working time,
/// weights summed, in the order the groups and their zones are given. Two
/// groups that inherit the same zones from the same ancestor count them
/// once.
pub fn participant_rows(tree: &GroupTree, groups: &[GroupSlug]) -> Vec<ZoneRow> {
    let mut rows: Vec<ZoneRow> = Vec::new();
    let mut sources: Vec<(&GroupSlug, WorkingHours, WorkingDays)> = Vec::new();
    for g in groups {
        let Some(eff) = tree.effective_participants(g) else {
            continue;
        };
        let wt = tree.effective_working_time(g);
        let source = (eff.from, wt.hours, wt.days);
        let first_time = !sources.contains(&source);
        if first_time {
            sources.push(source);
        }
        for z in eff.zones {
            let same = |r: &&mut ZoneRow| {
                r.zone == z.zone && r.working_hours == wt.hours && r.working_days == wt.days
            };
            match rows.iter_mut().find(same) {
                Some(row) => {
                    if first_time {
                        row.weight += z.weight;
                    }
                    if !row.groups.contains(g) {
                        row.groups.push(g.clone());
                    }
                }
                None => rows.push(ZoneRow {
                    zone: z.zone,
                    weight: z.weight,
                    working_hours: wt.hours,
                    working_days: wt.days,
                    groups: vec![g.clone()],
                }),
            }
        }
    }
    rows
}

/// How a span falls in one zone, from its local start and end written as
/// seconds since 1970-01-01 00:00 local.
pub(crate) fn fit(hours: WorkingHours, days: WorkingDays, local_start: i64, local_end: i64) -> Fit {
    let day = local_start.div_euclid(DAY);
    let from = local_start - day * DAY;
    let until = local_end - day * DAY;
    // 1970-01-01 was a Thursday (Monday = 0).
    let weekday = (day + 3).rem_euclid(7);
    if days.contains_index(weekday) && from >= hours.start_seconds() && until <= hours.end_seconds()
    {
        Fit::InHours
    } else if from < NIGHT_UNTIL_HOUR * 3600 || until > NIGHT_FROM_HOUR * 3600 {
        Fit::Night
    } else {
        Fit::OutOfHours
    }
}

/// The exact ranking key of a score: larger is better.
pub(crate) fn score_key(in_hours_weight: u32, night_zones: u32, total_weight: u32) -> i64 {
    PENALTY_DIVISOR * i64::from(in_hours_weight) - i64::from(total_weight) * i64::from(night_zones)
}

/// The score for a ranking key.
pub(crate) fn score(key: i64, total_weight: u32) -> f64 {
    key as f64 / (PENALTY_DIVISOR * i64::from(total_weight)) as f64
}

/// A zone's UTC offsets over a span of time: the offset at its start and
/// every change in it.
#[derive(Debug, Clone)]
pub(crate) struct Timeline {
    zone: Tz,
    first: i32,
    changes: Vec<(i64, i32)>,
}

/// How often [`Timeline::new`] samples a zone's offset: changes closer than
/// this together would be missed (no zone has had any since 1945).
const SAMPLE: i64 = 3 * 3600;

pub(crate) fn offset_of(zone: Tz, at: i64) -> i32 {
    DateTime::from_timestamp(at, 0)
        .map(|t| {
            zone.offset_from_utc_datetime(&t.naive_utc())
                .fix()
                .local_minus_utc()
        })
        .unwrap_or(0)
}

impl Timeline {
    /// Samples the zone from `from` to `to` (seconds since the epoch) and
    /// finds each change to the second.
    pub(crate) fn new(zone: Tz, from: i64, to: i64) -> Self {
        let first = offset_of(zone, from);
        let mut changes = Vec::new();
        let (mut prev_t, mut prev) = (from, first);
        let mut t = from;
        while t < to {
            t = (t + SAMPLE).min(to);
            let cur = offset_of(zone, t);
            if cur != prev {
                let (mut lo, mut hi) = (prev_t, t);
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if offset_of(zone, mid) == prev {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                changes.push((hi, cur));
            }
            (prev_t, prev) = (t, cur);
        }
        Self {
            zone,
            first,
            changes,
        }
    }

    /// The zone.
    pub(crate) fn zone(&self) -> Tz {
        self.zone
    }

    /// The offset in effect at `t` (seconds east of UTC).
    pub(crate) fn offset_at(&self, t: i64) -> i32 {
        let i = self.changes.partition_point(|(at, _)| *at <= t);
        match i.checked_sub(1).and_then(|i| self.changes.get(i)) {
            Some((_, off)) => *off,
            None => self.first,
        }
    }

    /// Whether the offset changes strictly inside `(start, end)`.
    pub(crate) fn changes_within(&self, start: i64, end: i64) -> bool {
        let i = self.changes.partition_point(|(at, _)| *at <= start);
        self.changes.get(i).is_some_and(|(at, _)| *at < end)
    }

    /// The changes, for people.
    pub(crate) fn offset_changes(&self) -> Vec<OffsetChange> {
        let mut before = self.first;
        self.changes
            .iter()
            .map(|&(at, after)| {
                let c = OffsetChange {
                    zone: self.zone,
                    at: instant(at),
                    before: format_offset(before),
                    after: format_offset(after),
                };
                before = after;
                c
            })
            .collect()
    }

    /// The local start and end of `[start, end)`, in seconds since
    /// 1970-01-01 00:00 local. The end is read with the offset of the span's
    /// last second.
    pub(crate) fn local(&self, start: i64, end: i64) -> (i64, i64) {
        (
            start + i64::from(self.offset_at(start)),
            end + i64::from(self.offset_at(end - 1)),
        )
    }
}

/// The instant `secs` seconds after the epoch.
pub(crate) fn instant(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

/// A local time written as seconds since 1970-01-01 00:00.
pub(crate) fn wall_clock(local_secs: i64) -> NaiveDateTime {
    instant(local_secs).naive_utc()
}

/// `+08:00`, `-04:00`, `+05:30`.
pub(crate) fn format_offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let m = secs.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// How `[start, end)` falls in one row's zone.
pub(crate) fn zone_time(row: &ZoneRow, tl: &Timeline, start: i64, end: i64) -> ZoneTime {
    let (ls, le) = tl.local(start, end);
    ZoneTime {
        zone: row.zone,
        weight: row.weight,
        local_start: wall_clock(ls),
        local_end: wall_clock(le),
        utc_offset: format_offset(tl.offset_at(start)),
        fit: fit(row.working_hours, row.working_days, ls, le),
    }
}

/// One timeline per row (rows in the same zone share the samples).
pub(crate) fn timelines(rows: &[ZoneRow], from: i64, to: i64) -> Vec<Timeline> {
    let mut out: Vec<Timeline> = Vec::with_capacity(rows.len());
    for r in rows {
        let tl = match out.iter().find(|t| t.zone == r.zone) {
            Some(t) => t.clone(),
            None => Timeline::new(r.zone, from, to),
        };
        out.push(tl);
    }
    out
}

/// The summed weight of the rows in hours, and how many rows are at night,
/// for one span's fits (in row order).
pub(crate) fn tally(rows: &[ZoneRow], fits: impl Iterator<Item = Fit>) -> (u32, u32) {
    let mut in_hours = 0;
    let mut nights = 0;
    for (row, f) in rows.iter().zip(fits) {
        match f {
            Fit::InHours => in_hours += row.weight,
            Fit::Night => nights += 1,
            Fit::OutOfHours => {}
        }
    }
    (in_hours, nights)
}

/// A meeting's timed sessions in each participant zone of its groups (own
/// or inherited), with the score of each session, so a chair sees who is
/// asked to join out of hours or at night. A session during which a zone
/// changes offset shows its local end with the new offset.
pub fn zone_table(meeting: &Meeting, tree: &GroupTree) -> ZoneTable {
    let zones = participant_rows(tree, meeting.groups());
    let total_weight: u32 = zones.iter().map(|r| r.weight).sum();
    let span = meeting.span();
    let (from, to) = (span.start.timestamp(), span.end.timestamp());
    let tls = timelines(&zones, from, to.max(from + 1));
    let sessions = meeting
        .sessions()
        .iter()
        .map(|s| {
            let (a, b) = (s.utc.start.timestamp(), s.utc.end.timestamp());
            let times: Vec<ZoneTime> = zones
                .iter()
                .zip(&tls)
                .map(|(row, tl)| zone_time(row, tl, a, b))
                .collect();
            let (in_hours, nights) = tally(&zones, times.iter().map(|z| z.fit));
            SessionZones {
                date: s.date,
                utc: s.utc,
                zones: times,
                score: (total_weight > 0)
                    .then(|| score(score_key(in_hours, nights, total_weight), total_weight)),
            }
        })
        .collect();
    ZoneTable {
        zones,
        total_weight,
        sessions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America::New_York, Asia::Shanghai, Europe::Zurich};

    /// Seconds since 1970-01-01 00:00 of a wall-clock time.
    fn wall(s: &str) -> i64 {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
            .expect("wall-clock time")
            .and_utc()
            .timestamp()
    }

    fn utc(s: &str) -> i64 {
        s.parse::<DateTime<Utc>>().expect("instant").timestamp()
    }

    #[test]
    fn fits_follow_working_hours_days_and_the_night() {
        let f = |a: &str, b: &str| {
            fit(
                WorkingHours::DEFAULT,
                WorkingDays::default(),
                wall(a),
                wall(b),
            )
        };
        // 4 Sep 2023 is a Monday, 9 Sep a Saturday.
        assert_eq!(f("2023-09-04 08:00", "2023-09-04 10:00"), Fit::InHours);
        assert_eq!(f("2023-09-04 18:00", "2023-09-04 20:00"), Fit::InHours);
        assert_eq!(f("2023-09-04 07:30", "2023-09-04 09:30"), Fit::OutOfHours);
        assert_eq!(f("2023-09-04 19:00", "2023-09-04 21:00"), Fit::OutOfHours);
        // Ending at 22:00 sharp is not night; starting at 06:00 sharp neither.
        assert_eq!(f("2023-09-04 20:00", "2023-09-04 22:00"), Fit::OutOfHours);
        assert_eq!(f("2023-09-04 06:00", "2023-09-04 08:00"), Fit::OutOfHours);
        assert_eq!(f("2023-09-04 20:30", "2023-09-04 22:30"), Fit::Night);
        assert_eq!(f("2023-09-04 05:30", "2023-09-04 07:30"), Fit::Night);
        assert_eq!(f("2023-09-04 23:00", "2023-09-05 01:00"), Fit::Night);
        assert_eq!(f("2023-09-09 10:00", "2023-09-09 12:00"), Fit::OutOfHours);
        assert_eq!(f("2023-09-09 02:00", "2023-09-09 04:00"), Fit::Night);
        // Hours reaching into the night count as hours: the group said so.
        let late = WorkingHours::parse("14:00-23:00").expect("hours");
        let sat_too = WorkingDays::of([chrono::Weekday::Fri, chrono::Weekday::Sat]);
        assert_eq!(
            fit(
                late,
                sat_too,
                wall("2023-09-09 21:00"),
                wall("2023-09-09 23:00")
            ),
            Fit::InHours
        );
    }

    #[test]
    fn scores_are_shares_minus_a_quarter_per_night_zone() {
        // Weights 3+2+1+1 = 7: 5 in hours, nobody at night: 5/7.
        assert_eq!(score(score_key(5, 0, 7), 7), 5.0 / 7.0);
        // 6 in hours, one zone at night: 6/7 - 1/4 = (24 - 7)/28 = 17/28.
        assert_eq!(score_key(6, 1, 7), 17);
        assert_eq!(score(17, 7), 17.0 / 28.0);
        assert!(score_key(5, 0, 7) > score_key(6, 1, 7));
    }

    #[test]
    fn timelines_find_each_change_to_the_second() {
        let (from, to) = (utc("2023-10-27T00:00:00Z"), utc("2023-11-08T00:00:00Z"));
        let z = Timeline::new(Zurich, from, to);
        assert_eq!(
            z.offset_changes(),
            [OffsetChange {
                zone: Zurich,
                at: instant(utc("2023-10-29T01:00:00Z")),
                before: "+02:00".into(),
                after: "+01:00".into(),
            }]
        );
        assert_eq!(z.offset_at(utc("2023-10-29T00:59:59Z")), 7200);
        assert_eq!(z.offset_at(utc("2023-10-29T01:00:00Z")), 3600);
        let ny = Timeline::new(New_York, from, to);
        assert_eq!(
            ny.offset_changes()[0].at,
            instant(utc("2023-11-05T06:00:00Z"))
        );
        assert_eq!(ny.offset_changes()[0].after, "-05:00");
        assert!(
            Timeline::new(Shanghai, from, to)
                .offset_changes()
                .is_empty()
        );
        // A span that starts or ends at the change does not cross it.
        let at = utc("2023-10-29T01:00:00Z");
        assert!(z.changes_within(at - 3600, at + 3600));
        assert!(!z.changes_within(at, at + 7200));
        assert!(!z.changes_within(at - 7200, at));
        // 00:30-02:30 UTC that night is 02:30 CEST to 03:30 CET locally.
        let (ls, le) = z.local(at - 1800, at + 5400);
        assert_eq!(
            (wall_clock(ls), wall_clock(le)),
            (
                NaiveDateTime::parse_from_str("2023-10-29 02:30", "%Y-%m-%d %H:%M").expect("t"),
                NaiveDateTime::parse_from_str("2023-10-29 03:30", "%Y-%m-%d %H:%M").expect("t"),
            )
        );
        assert_eq!(format_offset(19_800), "+05:30");
        assert_eq!(format_offset(-14_400), "-04:00");
    }
}
