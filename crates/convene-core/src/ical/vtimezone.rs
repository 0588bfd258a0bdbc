//! VTIMEZONE components generated from the tz database (chrono-tz), so
//! calendar clients that do not know IANA names still get the right instant.
//!
//! For each run of years with the same DST rules, a DAYLIGHT/STANDARD pair
//! with yearly RRULEs (`BYMONTH`, `BYDAY` such as `-1SU`); one STANDARD block
//! for years without DST; plain observances (no RRULE) for a year whose
//! changes do not form such a pair (a zone abolishing DST, say). The rules
//! start a year before the first year asked for, so early-January events are
//! covered by the previous autumn's change.

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike, Utc,
    Weekday,
};
use chrono_tz::{OffsetComponents, Tz};

use super::writer::Writer;

/// One change of offset.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Transition {
    at: DateTime<Utc>,
    from: i32,
    to: i32,
    dst: bool,
    name: String,
}

impl Transition {
    /// The wall-clock time at which it happens, on the old offset.
    fn local(&self) -> NaiveDateTime {
        self.at.naive_utc() + Duration::seconds(i64::from(self.from))
    }

    /// What repeats yearly: month, nth weekday, time of day, offsets.
    fn rule(&self) -> (u32, i32, Weekday, u32, i32, i32, bool) {
        let l = self.local();
        let d = l.date();
        let days_in_month = days_in_month(d.year(), d.month());
        let nth = if d.day() + 7 > days_in_month {
            -1
        } else {
            ((d.day() - 1) / 7 + 1) as i32
        };
        (
            d.month(),
            nth,
            d.weekday(),
            l.num_seconds_from_midnight(),
            self.from,
            self.to,
            self.dst,
        )
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    };
    match (next, NaiveDate::from_ymd_opt(y, m, 1)) {
        (Some(n), Some(f)) => u32::try_from((n - f).num_days()).unwrap_or(30),
        _ => 30,
    }
}

fn offset_at(tz: Tz, t: DateTime<Utc>) -> (i32, bool, String) {
    let o = tz.offset_from_utc_datetime(&t.naive_utc());
    (
        o.fix().local_minus_utc(),
        o.dst_offset() != chrono::Duration::zero(),
        o.to_string(),
    )
}

fn year_start(y: i32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(y, 1, 1)
        .unwrap_or_default()
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
}

/// The offset changes within a year, found by stepping a day at a time and
/// bisecting to the second.
fn transitions(tz: Tz, year: i32) -> Vec<Transition> {
    let mut out = Vec::new();
    let end = year_start(year + 1);
    let mut t = year_start(year);
    let mut cur = offset_at(tz, t);
    while t < end {
        let next = (t + Duration::days(1)).min(end);
        let n = offset_at(tz, next);
        if n.0 != cur.0 || n.1 != cur.1 {
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                let m = offset_at(tz, mid);
                if m.0 == cur.0 && m.1 == cur.1 {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push(Transition {
                at: hi,
                from: cur.0,
                to: n.0,
                dst: n.1,
                name: n.2.clone(),
            });
        }
        cur = n;
        t = next;
    }
    out
}

fn fmt_offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    let (h, m, s) = (a / 3600, (a % 3600) / 60, a % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

fn byday(nth: i32, wd: Weekday) -> String {
    let d = match wd {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    };
    format!("{nth}{d}")
}

fn observance(w: &mut Writer, t: &Transition, rrule: Option<String>) {
    let kind = if t.dst { "DAYLIGHT" } else { "STANDARD" };
    w.begin(kind);
    w.raw("TZOFFSETFROM", &fmt_offset(t.from));
    w.raw("TZOFFSETTO", &fmt_offset(t.to));
    w.text("TZNAME", &t.name);
    w.raw("DTSTART", &super::writer::basic_datetime(t.local()));
    if let Some(r) = rrule {
        w.raw("RRULE", &r);
    }
    w.end(kind);
}

/// The lines [`write_vtimezone`] writes for `tz` and `years`, worked out
/// once a process: they depend on nothing else, and a calendar rendered
/// for every request of a feed would otherwise work out the zone's
/// transitions, year by year, every time. At most a few hundred are kept
/// (then they are all forgotten and worked out again).
pub fn vtimezone_lines(tz: Tz, years: RangeInclusive<i32>) -> Arc<str> {
    type Lines = HashMap<(&'static str, i32, i32), Arc<str>>;
    static KEPT: OnceLock<Mutex<Lines>> = OnceLock::new();
    let key = (tz.name(), *years.start(), *years.end());
    let kept = KEPT.get_or_init(Mutex::default);
    if let Some(lines) = kept.lock().ok().and_then(|k| k.get(&key).cloned()) {
        return lines;
    }
    let mut w = Writer::with_capacity(2048);
    write_vtimezone(&mut w, tz, years);
    let lines: Arc<str> = w.finish().into();
    if let Ok(mut k) = kept.lock() {
        if k.len() >= 512 {
            k.clear();
        }
        k.insert(key, lines.clone());
    }
    lines
}

/// Writes the VTIMEZONE of `tz` for events in `years`.
pub fn write_vtimezone(w: &mut Writer, tz: Tz, years: RangeInclusive<i32>) {
    let first = years.start() - 1;
    let last = *years.end();
    // Per year: its transitions, when they form a DST pair.
    let per_year: Vec<(i32, Vec<Transition>)> =
        (first..=last).map(|y| (y, transitions(tz, y))).collect();
    w.begin("VTIMEZONE");
    w.raw("TZID", tz.name());
    let mut i = 0;
    while i < per_year.len() {
        let (year, ts) = &per_year[i];
        let pair = ts.len() == 2 && ts[0].dst != ts[1].dst;
        if pair {
            // Extend the run while the rules stay the same.
            let rules: Vec<_> = ts.iter().map(Transition::rule).collect();
            let mut j = i + 1;
            while j < per_year.len()
                && per_year[j].1.len() == 2
                && per_year[j]
                    .1
                    .iter()
                    .map(Transition::rule)
                    .collect::<Vec<_>>()
                    == rules
            {
                j += 1;
            }
            let until = (j < per_year.len()).then(|| format!("{}1231T235959Z", per_year[j - 1].0));
            for t in ts {
                let (month, nth, wd, ..) = t.rule();
                let mut r = format!("FREQ=YEARLY;BYMONTH={month};BYDAY={}", byday(nth, wd));
                if let Some(u) = &until {
                    r.push_str(&format!(";UNTIL={u}"));
                }
                observance(w, t, Some(r));
            }
            i = j;
        } else if ts.is_empty() {
            // No change in a run of years: one block from the run's start.
            let mut j = i + 1;
            while j < per_year.len() && per_year[j].1.is_empty() {
                j += 1;
            }
            let (off, dst, name) = offset_at(tz, year_start(*year));
            let t = Transition {
                at: year_start(*year) - Duration::seconds(i64::from(off)),
                from: off,
                to: off,
                dst,
                name,
            };
            observance(w, &t, None);
            i = j;
        } else {
            for t in ts {
                observance(w, t, None);
            }
            i += 1;
        }
    }
    w.end("VTIMEZONE");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(tz: Tz, years: RangeInclusive<i32>) -> String {
        let mut w = Writer::new();
        write_vtimezone(&mut w, tz, years);
        w.finish()
    }

    #[test]
    fn geneva_is_one_yearly_pair_from_the_year_before() {
        let out = render(chrono_tz::Europe::Zurich, 2023..=2024);
        assert_eq!(
            out,
            "BEGIN:VTIMEZONE\r\nTZID:Europe/Zurich\r\n\
             BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:20220327T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
             BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:20221030T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
             END:VTIMEZONE\r\n"
        );
    }

    #[test]
    fn new_york_uses_second_and_first_sundays() {
        let out = render(chrono_tz::America::New_York, 2023..=2023);
        assert!(out.contains("TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nDTSTART:20220313T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"), "{out}");
        assert!(out.contains("TZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nDTSTART:20221106T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n"), "{out}");
    }

    #[test]
    fn shanghai_is_one_standard_block() {
        let out = render(chrono_tz::Asia::Shanghai, 2023..=2023);
        assert_eq!(
            out,
            "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\nDTSTART:20220101T000000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        );
    }

    #[test]
    fn cairo_2023_reinstated_dst_is_written_with_a_bounded_rule() {
        // Egypt had no DST in 2022 and brought it back in 2023 (last Friday
        // of April to last Thursday of October).
        let out = render(chrono_tz::Africa::Cairo, 2023..=2023);
        assert!(
            out.contains("TZNAME:EET\r\nDTSTART:20220101T000000\r\nEND:STANDARD"),
            "{out}"
        );
        assert!(out.contains("TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0300\r\nTZNAME:EEST\r\nDTSTART:20230428T000000\r\n"), "{out}");
    }
}
