//! The slot finder: free spans for a meeting of one or more groups, ranked by
//! where the groups' participants work.
//!
//! A [`SlotRequest`] (strings, as an HTTP query or the CLI gives them) is
//! checked into a [`SlotQuery`]; [`find_slots`] walks the days of the query
//! in its zone (Geneva time by default) in steps (30 minutes by default) and
//! for every span of the asked duration that fits the earliest/latest hours:
//!
//! 1. leaves it out when a participant zone changes its UTC offset during it
//!    (the report lists every change in the range);
//! 2. leaves it out when it overlaps a confirmed meeting of the groups, of
//!    an ancestor or of a descendant (the conflict rule of
//!    [`crate::conflict`]: [`GroupTree::related`], [`Meeting::busy`]);
//! 3. else scores it (see [`crate::zone_fit`]: the weighted share of zones
//!    in working hours, minus a quarter for each zone at night).
//!
//! The best `count` are returned, best first, ties to the earlier one; each
//! says how it differs, zone by zone, from the best. The same data always
//! gives the same ranking.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveTime, TimeDelta, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::group::GroupTree;
use crate::meeting::{Defaults, Meeting, Status};
use crate::participants::zone_name;
use crate::text::GroupSlug;
use crate::time::{DateRange, day_start, parse_date, parse_time, parse_zone};
use crate::validation::FieldErrors;
use crate::zone_fit::{
    Fit, OffsetChange, Timeline, ZoneRow, ZoneTime, fit, instant, participant_rows, score,
    score_key, tally, timelines, wall_clock, zone_time,
};

/// A slot search as given (HTTP query, CLI flags): every field a string.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotRequest {
    /// The groups that meet (one, or several for a joint meeting).
    #[serde(default)]
    pub groups: Vec<String>,
    /// First day, `YYYY-MM-DD`, in `zone`.
    pub from: Option<String>,
    /// Last day (inclusive), `YYYY-MM-DD`, in `zone`.
    pub to: Option<String>,
    /// How long the meeting lasts, in minutes (`"120"`).
    pub duration: Option<String>,
    /// The earliest start, `HH:MM` in `zone`.
    pub earliest: Option<String>,
    /// The latest end, `HH:MM` in `zone`.
    pub latest: Option<String>,
    /// Minutes between candidate starts; 30 when left out.
    pub step: Option<String>,
    /// How many candidates to return; 5 when left out.
    pub count: Option<String>,
    /// The zone of the days and hours above; Geneva time (`Europe/Zurich`)
    /// when left out.
    pub zone: Option<String>,
}

/// A checked slot search (see [`SlotRequest::validate`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotQuery {
    groups: Vec<GroupSlug>,
    days: DateRange,
    zone: Tz,
    duration: TimeDelta,
    earliest: Option<NaiveTime>,
    latest: Option<NaiveTime>,
    step: TimeDelta,
    count: usize,
}

fn minutes(value: &str, min: i64, max: i64) -> Result<i64, String> {
    match value.parse::<i64>() {
        Ok(m) if (min..=max).contains(&m) => Ok(m),
        _ => Err(format!(
            "{value:?} is not a number of minutes from {min} to {max}; write e.g. \"120\""
        )),
    }
}

impl SlotRequest {
    /// Checks every field (groups must be in `tree`); all problems at once.
    pub fn validate(&self, tree: &GroupTree) -> Result<SlotQuery, FieldErrors> {
        let mut errs = FieldErrors::default();
        let mut groups: Vec<GroupSlug> = Vec::new();
        if self.groups.is_empty() {
            errs.push("groups", "name at least one group");
        }
        for (i, g) in self.groups.iter().enumerate() {
            let field = format!("groups[{i}]");
            match GroupSlug::parse(g) {
                Ok(s) if groups.contains(&s) => errs.push(field, format!("{g:?} is listed twice")),
                Ok(s) if !tree.contains(&s) => {
                    errs.push(field, format!("{g:?} is not a known group"))
                }
                Ok(s) => groups.push(s),
                Err(e) => errs.push(field, e.to_string()),
            }
        }
        let from = errs.required("from", self.from.as_deref(), parse_date);
        let to = errs.required("to", self.to.as_deref(), parse_date);
        let days = match (from, to) {
            (Some(f), Some(t)) => DateRange::new(f, t)
                .map_err(|msg| errs.push("to", msg))
                .ok(),
            _ => None,
        };
        let duration = errs.required("duration", self.duration.as_deref(), |v| {
            minutes(v, 5, 1440)
        });
        let step = errs
            .optional("step", self.step.as_deref(), |v| minutes(v, 5, 1440))
            .unwrap_or(30);
        let count = errs
            .optional("count", self.count.as_deref(), |v| {
                match v.parse::<usize>() {
                    Ok(n) if (1..=100).contains(&n) => Ok(n),
                    _ => Err(format!("{v:?} is not a count from 1 to 100")),
                }
            })
            .unwrap_or(5);
        let earliest = errs.optional("earliest", self.earliest.as_deref(), parse_time);
        let latest = errs.optional("latest", self.latest.as_deref(), parse_time);
        let window = latest.map(|l| l - earliest.unwrap_or(NaiveTime::MIN));
        if let (Some(e), Some(l)) = (earliest, latest)
            && l <= e
        {
            errs.push(
                "latest",
                format!(
                    "{} is not after the earliest start {}",
                    l.format("%H:%M"),
                    e.format("%H:%M")
                ),
            );
        } else if let (Some(window), Some(d)) = (window, duration)
            && window < TimeDelta::minutes(d)
        {
            errs.push(
                "latest",
                format!(
                    "leaves less than the {d} minutes the meeting lasts after the earliest start"
                ),
            );
        }
        let zone = errs
            .optional("zone", self.zone.as_deref(), parse_zone)
            .unwrap_or(Defaults::default().zone);
        match (days, duration) {
            (Some(days), Some(d)) if errs.is_empty() => Ok(SlotQuery {
                groups,
                days,
                zone,
                duration: TimeDelta::minutes(d),
                earliest,
                latest,
                step: TimeDelta::minutes(step),
                count,
            }),
            _ => Err(errs),
        }
    }
}

impl SlotQuery {
    /// The groups that meet.
    pub fn groups(&self) -> &[GroupSlug] {
        &self.groups
    }
    /// The days searched, in [`SlotQuery::zone`].
    pub fn days(&self) -> DateRange {
        self.days
    }
    /// The zone of the days and of the earliest/latest hours.
    pub fn zone(&self) -> Tz {
        self.zone
    }
    /// How long the meeting lasts.
    pub fn duration(&self) -> TimeDelta {
        self.duration
    }
    /// The earliest start, in [`SlotQuery::zone`].
    pub fn earliest(&self) -> Option<NaiveTime> {
        self.earliest
    }
    /// The latest end, in [`SlotQuery::zone`].
    pub fn latest(&self) -> Option<NaiveTime> {
        self.latest
    }
    /// Time between candidate starts.
    pub fn step(&self) -> TimeDelta {
        self.step
    }
    /// How many candidates to return.
    pub fn count(&self) -> usize {
        self.count
    }
}

/// Why no search could be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlotError {
    /// A group of the query is not in the tree.
    #[error("\"{0}\" is not a known group")]
    UnknownGroup(GroupSlug),
    /// None of the groups (nor their ancestors) lists participant zones.
    #[error(
        "none of the groups {} (nor an ancestor) lists participant zones; set `participant_zones` on a group to rank slots",
        .0.iter().map(|g| format!("{:?}", g.as_str())).collect::<Vec<_>>().join(", ")
    )]
    NoParticipantZones(Vec<GroupSlug>),
}

/// How a candidate and the best one differ in one zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZoneDifference {
    /// The zone.
    #[serde(serialize_with = "zone_name")]
    pub zone: Tz,
    /// Its weight.
    pub weight: u32,
    /// How the best candidate falls there.
    pub best: Fit,
    /// How this one falls there.
    pub here: Fit,
}

/// One ranked span.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// 1 for the best.
    pub rank: usize,
    /// Start, UTC.
    pub start: DateTime<Utc>,
    /// End, UTC.
    pub end: DateTime<Utc>,
    /// Start in the query's zone (Geneva time).
    pub local_start: chrono::NaiveDateTime,
    /// End in the query's zone.
    pub local_end: chrono::NaiveDateTime,
    /// `in_hours_weight / total_weight - night_zones / 4`.
    pub score: f64,
    /// The summed weight of the zones where it is in working hours.
    pub in_hours_weight: u32,
    /// How many zones it puts at night.
    pub night_zones: u32,
    /// The span in every participant zone, in the order of
    /// [`SlotReport::zones`].
    pub zones: Vec<ZoneTime>,
    /// Why it ranks where it does: the zones where it falls differently from
    /// the best candidate (empty for the best).
    pub versus_best: Vec<ZoneDifference>,
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlotReport {
    /// The groups that meet.
    pub groups: Vec<GroupSlug>,
    /// The zone of the days and local times of the query.
    #[serde(serialize_with = "zone_name")]
    pub zone: Tz,
    /// The search's first instant (the first day's start in `zone`).
    pub range_start: DateTime<Utc>,
    /// The search's end (the day after the last day, in `zone`).
    pub range_end: DateTime<Utc>,
    /// Length of each span, minutes.
    pub duration_minutes: i64,
    /// Minutes between candidate starts.
    pub step_minutes: i64,
    /// The participant zones of the groups, merged.
    pub zones: Vec<ZoneRow>,
    /// The sum of their weights.
    pub total_weight: u32,
    /// Every change of a participant zone's UTC offset in the range.
    pub offset_changes: Vec<OffsetChange>,
    /// Spans within the earliest/latest hours that were looked at.
    pub considered: usize,
    /// Of those, left out because a participant zone changes offset during
    /// them.
    pub left_out_for_offset_change: usize,
    /// Of those, left out because they overlap a related confirmed meeting.
    pub left_out_for_conflict: usize,
    /// The best candidates, best first.
    pub candidates: Vec<Candidate>,
}

/// Busy time of the confirmed meetings related to `groups`, within
/// `[from, to)`, sorted and merged into disjoint spans (seconds).
fn busy_spans<'a>(
    tree: &GroupTree,
    meetings: impl IntoIterator<Item = &'a Meeting>,
    groups: &[GroupSlug],
    from: i64,
    to: i64,
) -> Vec<(i64, i64)> {
    let related: BTreeSet<&GroupSlug> = tree
        .iter()
        .map(|g| &g.slug)
        .filter(|s| groups.iter().any(|q| tree.related(s, q)))
        .collect();
    let mut spans: Vec<(i64, i64)> = meetings
        .into_iter()
        .filter(|m| m.status() == Status::Confirmed)
        .filter(|m| m.groups().iter().any(|g| related.contains(g)))
        .flat_map(|m| m.busy())
        .map(|b| (b.start.timestamp(), b.end.timestamp()))
        .filter(|&(s, e)| s < to && e > from)
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// Ranks the free spans for a meeting of `query`'s groups (see the module
/// documentation). `meetings` are the meetings to avoid (all of them: the
/// related confirmed ones are picked out here).
pub fn find_slots<'a>(
    tree: &GroupTree,
    meetings: impl IntoIterator<Item = &'a Meeting>,
    query: &SlotQuery,
) -> Result<SlotReport, SlotError> {
    if let Some(g) = query.groups.iter().find(|g| !tree.contains(g)) {
        return Err(SlotError::UnknownGroup(g.clone()));
    }
    let rows = participant_rows(tree, &query.groups);
    let total: u32 = rows.iter().map(|r| r.weight).sum();
    if total == 0 {
        return Err(SlotError::NoParticipantZones(query.groups.clone()));
    }
    let from = day_start(query.zone, query.days.first()).timestamp();
    let to = day_start(query.zone, query.days.end_exclusive()).timestamp();
    let (dur, step) = (
        query.duration.num_seconds(),
        query.step.num_seconds().max(60),
    );
    let tls = timelines(&rows, from, to);
    let reference = Timeline::new(query.zone, from, to);
    let busy = busy_spans(tree, meetings, &query.groups, from, to);
    let earliest = query
        .earliest
        .map(|t| i64::from(t.num_seconds_from_midnight()));
    let latest = query
        .latest
        .map(|t| i64::from(t.num_seconds_from_midnight()));

    let mut offset_changes: Vec<OffsetChange> = Vec::new();
    for tl in &tls {
        for c in tl.offset_changes() {
            if !offset_changes.contains(&c) {
                offset_changes.push(c);
            }
        }
    }
    offset_changes.sort_by(|a, b| (a.at, a.zone.name()).cmp(&(b.at, b.zone.name())));
    // Each zone once, for the offset-change test.
    let mut moving: Vec<&Timeline> = Vec::new();
    for tl in &tls {
        if !moving.iter().any(|m| m.zone() == tl.zone()) {
            moving.push(tl);
        }
    }

    let (mut considered, mut dst, mut conflict) = (0, 0, 0);
    let mut scored: Vec<(i64, i64)> = Vec::new(); // (key, start)
    let mut next_busy = 0;
    let mut t = from;
    while t + dur <= to {
        let (start, end) = (t, t + dur);
        t += step;
        let (ls, le) = reference.local(start, end);
        let day = ls.div_euclid(86_400) * 86_400;
        if earliest.is_some_and(|e| ls - day < e) || latest.is_some_and(|l| le - day > l) {
            continue;
        }
        considered += 1;
        if moving.iter().any(|tl| tl.changes_within(start, end)) {
            dst += 1;
            continue;
        }
        while busy.get(next_busy).is_some_and(|&(_, e)| e <= start) {
            next_busy += 1;
        }
        if busy.get(next_busy).is_some_and(|&(s, _)| s < end) {
            conflict += 1;
            continue;
        }
        let fits = rows.iter().zip(&tls).map(|(row, tl)| {
            let (a, b) = tl.local(start, end);
            fit(row.working_hours, row.working_days, a, b)
        });
        let (in_hours, nights) = tally(&rows, fits);
        scored.push((score_key(in_hours, nights, total), start));
    }
    let order = |a: &(i64, i64), b: &(i64, i64)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
    if scored.len() > query.count {
        scored.select_nth_unstable_by(query.count, order);
        scored.truncate(query.count);
    }
    scored.sort_unstable_by(order);

    let mut candidates: Vec<Candidate> = Vec::with_capacity(scored.len());
    for (i, &(key, start)) in scored.iter().enumerate() {
        let end = start + dur;
        let zones: Vec<ZoneTime> = rows
            .iter()
            .zip(&tls)
            .map(|(row, tl)| zone_time(row, tl, start, end))
            .collect();
        let (in_hours_weight, night_zones) = tally(&rows, zones.iter().map(|z| z.fit));
        let versus_best = match candidates.first() {
            None => Vec::new(),
            Some(best) => best
                .zones
                .iter()
                .zip(&zones)
                .filter(|(b, h)| b.fit != h.fit)
                .map(|(b, h)| ZoneDifference {
                    zone: h.zone,
                    weight: h.weight,
                    best: b.fit,
                    here: h.fit,
                })
                .collect(),
        };
        let (ls, le) = reference.local(start, end);
        candidates.push(Candidate {
            rank: i + 1,
            start: instant(start),
            end: instant(end),
            local_start: wall_clock(ls),
            local_end: wall_clock(le),
            score: score(key, total),
            in_hours_weight,
            night_zones,
            zones,
            versus_best,
        });
    }
    Ok(SlotReport {
        groups: query.groups.clone(),
        zone: query.zone,
        range_start: instant(from),
        range_end: instant(to),
        duration_minutes: query.duration.num_minutes(),
        step_minutes: query.step.num_minutes(),
        zones: rows,
        total_weight: total,
        offset_changes,
        considered,
        left_out_for_offset_change: dst,
        left_out_for_conflict: conflict,
        candidates,
    })
}
