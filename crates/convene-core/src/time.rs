//! Wall-clock time in IANA zones, and how it becomes UTC.
//!
//! Organizers give local dates and times in a zone ("09:00 Geneva time").
//! convene keeps what they gave and computes UTC instants from it with the tz
//! database. A local time that does not exist (the hour skipped when clocks go
//! forward) is an error; one that happens twice (the hour repeated when clocks
//! go back) is an error unless the organizer said which of the two they mean.

use std::fmt;

use chrono::{DateTime, Days, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Which instant an ambiguous local time means, when clocks go back and the
/// same wall-clock hour happens twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fold {
    /// The first occurrence (still on summer time).
    Earlier,
    /// The second occurrence (already on standard time).
    Later,
}

impl Fold {
    /// Parses `earlier` or `later`.
    pub fn parse(value: &str) -> Result<Self, String> {
        match value {
            "earlier" => Ok(Fold::Earlier),
            "later" => Ok(Fold::Later),
            other => Err(format!(
                "{other:?} is not a choice for an ambiguous time; use \"earlier\" or \"later\""
            )),
        }
    }
}

/// A local time that cannot be turned into one UTC instant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// The local time falls in a gap: clocks jumped over it.
    #[error(
        "{local} does not exist in {zone}: clocks go forward that night (daylight saving time starts); pick a time outside the skipped hour"
    )]
    Nonexistent {
        /// The local time given.
        local: NaiveDateTime,
        /// The zone it was given in.
        zone: Tz,
    },
    /// The local time happens twice: clocks went back over it.
    #[error(
        "{local} happens twice in {zone} (clocks go back that night): at {earlier} and at {later}; say which with ambiguous = \"earlier\" or \"later\""
    )]
    Ambiguous {
        /// The local time given.
        local: NaiveDateTime,
        /// The zone it was given in.
        zone: Tz,
        /// The first instant it names, in UTC.
        earlier: DateTime<Utc>,
        /// The second instant it names, in UTC.
        later: DateTime<Utc>,
    },
}

/// Turns a local wall-clock time in `zone` into a UTC instant.
///
/// A time in a DST gap is always an error. A time in a DST overlap is an error
/// unless `fold` says which occurrence is meant.
pub fn resolve_local(
    zone: Tz,
    local: NaiveDateTime,
    fold: Option<Fold>,
) -> Result<DateTime<Utc>, TimeError> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => {
            let (earlier, later) = if a <= b { (a, b) } else { (b, a) };
            match fold {
                Some(Fold::Earlier) => Ok(earlier.with_timezone(&Utc)),
                Some(Fold::Later) => Ok(later.with_timezone(&Utc)),
                None => Err(TimeError::Ambiguous {
                    local,
                    zone,
                    earlier: earlier.with_timezone(&Utc),
                    later: later.with_timezone(&Utc),
                }),
            }
        }
        LocalResult::None => Err(TimeError::Nonexistent { local, zone }),
    }
}

/// Turns a local time into an instant without refusing: a time in a gap moves
/// forward past the gap, an ambiguous one takes the earlier instant. For
/// derived times (day starts, reminder moments), never for what organizers
/// type.
pub fn resolve_lenient(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    let mut probe = local;
    // Gaps are at most a few hours long (the longest in the tz database is a
    // day, when Samoa crossed the date line); step forward until out of it.
    for _ in 0..(26 * 4) {
        match zone.from_local_datetime(&probe) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(a, b) => return a.min(b).with_timezone(&Utc),
            LocalResult::None => probe += chrono::Duration::minutes(15),
        }
    }
    // Unreachable with the real tz database; fall back to reading the wall
    // clock as UTC rather than panicking on data.
    Utc.from_utc_datetime(&local)
}

/// The first instant of a local date in a zone (midnight, or the end of a gap
/// where a zone skips midnight).
pub fn day_start(zone: Tz, date: NaiveDate) -> DateTime<Utc> {
    resolve_lenient(zone, date.and_time(NaiveTime::MIN))
}

/// Parses an IANA zone name such as `Europe/Zurich`.
pub fn parse_zone(value: &str) -> Result<Tz, String> {
    value.parse::<Tz>().map_err(|_| {
        format!(
            "{value:?} is not an IANA time zone name; use a name such as \"Europe/Zurich\" (Geneva time), \"Asia/Shanghai\" or \"America/New_York\""
        )
    })
}

/// The earliest year of a date an organizer may give (see [`parse_date`]).
pub const MIN_YEAR: i32 = 1900;

/// The latest year of a date an organizer may give (see [`parse_date`]).
///
/// With dates up to 31 December [`MAX_YEAR`] and a zone at most 14 hours
/// off UTC, every instant derived from them (sessions, whole-day spans,
/// deadline closings) stays within years of four digits, which calendar
/// feeds (iCalendar `DATE-TIME`) and RFC 3339 can write.
pub const MAX_YEAR: i32 = 2200;

/// Whether a date's year is in `MIN_YEAR..=MAX_YEAR`; the message says the
/// range when it is not. Callers that get dates some other way than
/// [`parse_date`] (query parameters) can check them with this.
pub fn check_year(date: NaiveDate) -> Result<NaiveDate, String> {
    use chrono::Datelike;
    if (MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(format!(
            "\"{date}\" is out of range: the year must be between {MIN_YEAR} and {MAX_YEAR}"
        ))
    }
}

/// Parses an ISO date `YYYY-MM-DD` whose year is between [`MIN_YEAR`] and
/// [`MAX_YEAR`]. Every date an organizer types (meeting days, windows,
/// deadlines, slot searches) goes through here, so no date outside that
/// range gets into the domain.
pub fn parse_date(value: &str) -> Result<NaiveDate, String> {
    let bytes = value.as_bytes();
    let ok_shape = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[..4].iter().all(u8::is_ascii_digit);
    match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(d) if ok_shape => check_year(d),
        _ => Err(format!(
            "{value:?} is not a date; write it as YYYY-MM-DD, e.g. \"2023-09-07\""
        )),
    }
}

/// One end of a period asked for in a query: a date (`YYYY-MM-DD`, a
/// whole UTC day; with `end`, the day is included) or an RFC 3339 instant.
/// Bounds beyond the years a schedule can hold ([`MIN_YEAR`]..=[`MAX_YEAR`])
/// are brought back to them: `to=9999-12-31` means "to the end".
pub fn parse_bound(
    field: &str,
    value: &str,
    end: bool,
) -> Result<DateTime<Utc>, crate::FieldError> {
    let value = value.trim();
    let t = if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        t.with_timezone(&Utc)
    } else {
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(d) => {
                let d = if end { d.succ_opt().unwrap_or(d) } else { d };
                d.and_time(NaiveTime::MIN).and_utc()
            }
            Err(_) => {
                return Err(crate::FieldError::new(
                    field,
                    format!("{value:?} is neither a date (YYYY-MM-DD) nor an RFC 3339 instant"),
                ));
            }
        }
    };
    let first =
        NaiveDate::from_ymd_opt(MIN_YEAR, 1, 1).map(|d| d.and_time(NaiveTime::MIN).and_utc());
    // The day after the last one, plus a day for zones ahead of UTC.
    let last =
        NaiveDate::from_ymd_opt(MAX_YEAR + 1, 1, 2).map(|d| d.and_time(NaiveTime::MIN).and_utc());
    Ok(match (first, last) {
        (Some(f), _) if t < f => f,
        (_, Some(l)) if t > l => l,
        _ => t,
    })
}

/// Parses a 24-hour time `HH:MM`.
pub fn parse_time(value: &str) -> Result<NaiveTime, String> {
    let ok_shape = value.len() == 5 && value.as_bytes()[2] == b':';
    match NaiveTime::parse_from_str(value, "%H:%M") {
        Ok(t) if ok_shape => Ok(t),
        _ => Err(format!(
            "{value:?} is not a time; write it as HH:MM on a 24-hour clock, e.g. \"09:00\""
        )),
    }
}

/// An inclusive range of calendar days, `first..=last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateRange {
    first: NaiveDate,
    last: NaiveDate,
}

impl DateRange {
    /// A range of days; `last` must not be before `first`.
    pub fn new(first: NaiveDate, last: NaiveDate) -> Result<Self, String> {
        if last < first {
            return Err(format!(
                "the last day {last} is before the first day {first}"
            ));
        }
        if (last - first).num_days() > 366 {
            return Err(format!(
                "{first} to {last} is longer than a year; split it into several items"
            ));
        }
        Ok(Self { first, last })
    }

    /// A single day.
    pub fn day(date: NaiveDate) -> Self {
        Self {
            first: date,
            last: date,
        }
    }

    /// The first day.
    pub fn first(&self) -> NaiveDate {
        self.first
    }

    /// The last day (inclusive).
    pub fn last(&self) -> NaiveDate {
        self.last
    }

    /// The day after the last one (the exclusive end, as calendars want it).
    pub fn end_exclusive(&self) -> NaiveDate {
        self.last
            .checked_add_days(Days::new(1))
            .unwrap_or(self.last)
    }

    /// Every day in the range, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.first.iter_days().take_while(move |d| *d <= self.last)
    }

    /// How many days the range holds.
    pub fn len(&self) -> usize {
        usize::try_from((self.last - self.first).num_days() + 1).unwrap_or(1)
    }

    /// Always false: a range holds at least one day.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The instants covered by these whole days in a zone.
    pub fn interval_in(&self, zone: Tz) -> Interval {
        Interval {
            start: day_start(zone, self.first),
            end: day_start(zone, self.end_exclusive()),
        }
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{} to {}", self.first, self.last)
        }
    }
}

/// A daily time slot, `start..end` on the same day, local wall-clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TimeSlot {
    start: NaiveTime,
    end: NaiveTime,
}

impl TimeSlot {
    /// A slot; `end` must be after `start` (slots do not cross midnight).
    pub fn new(start: NaiveTime, end: NaiveTime) -> Result<Self, String> {
        if end <= start {
            return Err(format!(
                "the end {} is not after the start {}",
                end.format("%H:%M"),
                start.format("%H:%M")
            ));
        }
        Ok(Self { start, end })
    }

    /// Local start time.
    pub fn start(&self) -> NaiveTime {
        self.start
    }

    /// Local end time.
    pub fn end(&self) -> NaiveTime {
        self.end
    }
}

impl fmt::Display for TimeSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::Timelike;
        write!(
            f,
            "{:02}:{:02}-{:02}:{:02}",
            self.start.hour(),
            self.start.minute(),
            self.end.hour(),
            self.end.minute()
        )
    }
}

/// A half-open span of time `[start, end)` in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Interval {
    /// First instant.
    pub start: DateTime<Utc>,
    /// First instant after the span.
    pub end: DateTime<Utc>,
}

impl Interval {
    /// The part two intervals share, if any (touching ends do not overlap).
    pub fn overlap(&self, other: &Interval) -> Option<Interval> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start < end).then_some(Interval { start, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America::New_York, Asia::Shanghai, Europe::Zurich};

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().expect("test instant")
    }

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test local time")
    }

    #[test]
    fn geneva_summer_and_winter_offsets() {
        // CEST (UTC+2) in September, CET (UTC+1) in November.
        assert_eq!(
            resolve_local(Zurich, local("2023-09-07 09:00"), None),
            Ok(utc("2023-09-07T07:00:00Z"))
        );
        assert_eq!(
            resolve_local(Zurich, local("2023-11-09 09:30"), None),
            Ok(utc("2023-11-09T08:30:00Z"))
        );
    }

    #[test]
    fn europe_2023_spring_gap_is_refused() {
        let e = resolve_local(Zurich, local("2023-03-26 02:30"), None).unwrap_err();
        assert!(matches!(e, TimeError::Nonexistent { .. }));
        assert_eq!(
            e.to_string(),
            "2023-03-26 02:30:00 does not exist in Europe/Zurich: clocks go forward that night (daylight saving time starts); pick a time outside the skipped hour"
        );
        // Even with a fold choice: a gap has no instant to choose.
        assert!(resolve_local(Zurich, local("2023-03-26 02:30"), Some(Fold::Later)).is_err());
        // Either side of the gap is fine.
        assert_eq!(
            resolve_local(Zurich, local("2023-03-26 01:59"), None),
            Ok(utc("2023-03-26T00:59:00Z"))
        );
        assert_eq!(
            resolve_local(Zurich, local("2023-03-26 03:00"), None),
            Ok(utc("2023-03-26T01:00:00Z"))
        );
    }

    #[test]
    fn europe_2023_autumn_overlap_needs_a_choice() {
        let e = resolve_local(Zurich, local("2023-10-29 02:30"), None).unwrap_err();
        assert_eq!(
            e,
            TimeError::Ambiguous {
                local: local("2023-10-29 02:30"),
                zone: Zurich,
                earlier: utc("2023-10-29T00:30:00Z"),
                later: utc("2023-10-29T01:30:00Z"),
            }
        );
        assert_eq!(
            resolve_local(Zurich, local("2023-10-29 02:30"), Some(Fold::Earlier)),
            Ok(utc("2023-10-29T00:30:00Z"))
        );
        assert_eq!(
            resolve_local(Zurich, local("2023-10-29 02:30"), Some(Fold::Later)),
            Ok(utc("2023-10-29T01:30:00Z"))
        );
    }

    #[test]
    fn europe_2024_changes() {
        assert!(resolve_local(Zurich, local("2024-03-31 02:15"), None).is_err());
        assert!(matches!(
            resolve_local(Zurich, local("2024-10-27 02:15"), None),
            Err(TimeError::Ambiguous { .. })
        ));
        assert_eq!(
            resolve_local(Zurich, local("2024-10-27 02:15"), Some(Fold::Later)),
            Ok(utc("2024-10-27T01:15:00Z"))
        );
    }

    #[test]
    fn us_2023_and_2024_changes() {
        // 12 Mar 2023: 02:00 EST -> 03:00 EDT.
        assert!(matches!(
            resolve_local(New_York, local("2023-03-12 02:30"), None),
            Err(TimeError::Nonexistent { .. })
        ));
        // 5 Nov 2023: 02:00 EDT -> 01:00 EST, so 01:30 happens twice.
        assert_eq!(
            resolve_local(New_York, local("2023-11-05 01:30"), Some(Fold::Earlier)),
            Ok(utc("2023-11-05T05:30:00Z"))
        );
        assert_eq!(
            resolve_local(New_York, local("2023-11-05 01:30"), Some(Fold::Later)),
            Ok(utc("2023-11-05T06:30:00Z"))
        );
        assert!(resolve_local(New_York, local("2024-03-10 02:00"), None).is_err());
        assert!(resolve_local(New_York, local("2024-11-03 01:00"), None).is_err());
        // Between the European and the US change (29 Oct - 5 Nov 2023),
        // Geneva is 5 hours ahead of New York instead of 6.
        let ny = resolve_local(New_York, local("2023-11-02 04:00"), None);
        let ge = resolve_local(Zurich, local("2023-11-02 09:00"), None);
        assert_eq!(ny, ge);
    }

    #[test]
    fn shanghai_has_no_dst() {
        assert_eq!(
            resolve_local(Shanghai, local("2023-07-04 09:00"), None),
            Ok(utc("2023-07-04T01:00:00Z"))
        );
        // The nights Europe and the US change clocks are ordinary in Shanghai.
        for t in [
            "2023-03-26 02:30",
            "2023-10-29 02:30",
            "2024-03-10 02:30",
            "2024-11-03 01:30",
        ] {
            assert!(resolve_local(Shanghai, local(t), None).is_ok(), "{t}");
        }
    }

    #[test]
    fn lenient_resolution_moves_out_of_gaps() {
        assert_eq!(
            resolve_lenient(Zurich, local("2023-03-26 02:30")),
            utc("2023-03-26T01:00:00Z")
        );
        assert_eq!(
            resolve_lenient(Zurich, local("2023-10-29 02:30")),
            utc("2023-10-29T00:30:00Z")
        );
    }

    #[test]
    fn parsing_says_what_format_is_wanted() {
        assert_eq!(
            parse_date("2023-9-7").unwrap_err(),
            "\"2023-9-7\" is not a date; write it as YYYY-MM-DD, e.g. \"2023-09-07\""
        );
        assert!(parse_date("2023-02-30").is_err());
        assert_eq!(
            parse_time("9:00").unwrap_err(),
            "\"9:00\" is not a time; write it as HH:MM on a 24-hour clock, e.g. \"09:00\""
        );
        assert!(parse_time("24:00").is_err());
        assert!(parse_zone("Geneva").is_err());
        assert_eq!(parse_zone("Europe/Zurich"), Ok(Zurich));
    }

    #[test]
    fn dates_outside_the_year_range_are_refused() {
        for v in ["0000-01-01", "1899-12-31", "2201-01-01", "9999-12-31"] {
            assert_eq!(
                parse_date(v).unwrap_err(),
                format!("\"{v}\" is out of range: the year must be between 1900 and 2200"),
            );
        }
        // Not a year of four digits: not a date at all.
        for v in ["-001-01-01", "+999-01-01", "+10000-01-01"] {
            assert!(parse_date(v).unwrap_err().contains("is not a date"), "{v}");
        }
        assert_eq!(
            parse_date("1900-01-01").map(|d| d.to_string()),
            Ok("1900-01-01".to_owned())
        );
        assert_eq!(
            parse_date("2200-12-31").map(|d| d.to_string()),
            Ok("2200-12-31".to_owned())
        );
        assert_eq!((MIN_YEAR, MAX_YEAR), (1900, 2200));
    }

    #[test]
    fn instants_at_the_ends_of_the_range_keep_four_digit_years() {
        let d = |s| parse_date(s).expect("date");
        let far_west: Tz = "Etc/GMT+12".parse().expect("zone");
        let far_east: Tz = "Pacific/Kiritimati".parse().expect("zone");
        // Local 2200-12-31 23:00 at UTC-12 is already 2201 in UTC: fine, as
        // long as it is written with four digits.
        let late = resolve_local(
            far_west,
            d("2200-12-31").and_hms_opt(23, 0, 0).expect("t"),
            None,
        )
        .expect("instant");
        assert_eq!(late.to_rfc3339(), "2201-01-01T11:00:00+00:00");
        let end = DateRange::day(d("2200-12-31")).interval_in(far_west).end;
        assert_eq!(end.to_rfc3339(), "2201-01-01T12:00:00+00:00");
        // And 1900-01-01 at UTC+14 is still 1899 in UTC.
        let early = DateRange::day(d("1900-01-01")).interval_in(far_east).start;
        assert_eq!(early.format("%Y").to_string().len(), 4);
    }

    #[test]
    fn ranges_and_slots_refuse_backwards_values() {
        let d = |s| parse_date(s).expect("date");
        assert!(DateRange::new(d("2023-09-08"), d("2023-09-07")).is_err());
        let r = DateRange::new(d("2023-09-07"), d("2023-09-08")).expect("range");
        assert_eq!(
            r.days().collect::<Vec<_>>(),
            vec![d("2023-09-07"), d("2023-09-08")]
        );
        assert_eq!(r.end_exclusive(), d("2023-09-09"));
        let t = |s| parse_time(s).expect("time");
        assert_eq!(
            TimeSlot::new(t("11:00"), t("09:00")).unwrap_err(),
            "the end 09:00 is not after the start 11:00"
        );
        assert!(TimeSlot::new(t("09:00"), t("09:00")).is_err());
    }

    #[test]
    fn whole_days_cover_local_midnights() {
        let d = |s| parse_date(s).expect("date");
        let r = DateRange::new(d("2023-07-04"), d("2023-07-06")).expect("range");
        assert_eq!(
            r.interval_in(Shanghai),
            Interval {
                start: utc("2023-07-03T16:00:00Z"),
                end: utc("2023-07-06T16:00:00Z")
            }
        );
        // The day of the autumn change is 25 hours long in Geneva.
        let i = DateRange::day(d("2023-10-29")).interval_in(Zurich);
        assert_eq!((i.end - i.start).num_hours(), 25);
    }
}
