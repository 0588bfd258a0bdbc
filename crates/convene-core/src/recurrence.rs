//! Recurring series: an RFC 5545 `RRULE` subset and its expansion into
//! local dates.
//!
//! convene takes `FREQ` `DAILY`, `WEEKLY` or `MONTHLY`; `INTERVAL`; `BYDAY`
//! (with ordinals such as `2TU` or `-1FR` for a monthly rule);
//! `BYMONTHDAY`; and `COUNT` or `UNTIL` (a date, `YYYYMMDD`). Anything else
//! is refused with a message saying what to write instead. A series holds
//! at most [`MAX_OCCURRENCES`] occurrences within [`MAX_SPAN_DAYS`] days
//! of its first date.
//!
//! Expansion gives local dates; the meeting keeps its local slot on each
//! of them, so "14:00 Geneva time" stays 14:00 Geneva time across both DST
//! changes (see [`crate::meeting`]). The first date must itself be an
//! occurrence of the rule: RFC 5545 leaves a series whose `DTSTART` does
//! not match its rule undefined, and clients differ on it.

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// At most this many occurrences in one series.
pub const MAX_OCCURRENCES: usize = 200;

/// The last occurrence at most this many days after the first (two years).
pub const MAX_SPAN_DAYS: u64 = 731;

/// How often the rule repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Freq {
    /// Every `INTERVAL` days.
    Daily,
    /// Every `INTERVAL` weeks (weeks start on Monday).
    Weekly,
    /// Every `INTERVAL` months.
    Monthly,
}

impl Freq {
    fn as_str(self) -> &'static str {
        match self {
            Freq::Daily => "DAILY",
            Freq::Weekly => "WEEKLY",
            Freq::Monthly => "MONTHLY",
        }
    }
}

/// One `BYDAY` entry: a weekday, with an ordinal within the month (`2TU`:
/// the second Tuesday; `-1FR`: the last Friday) for a monthly rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ByDay {
    /// 1..=5 or -5..=-1; `None` for every such weekday of the period.
    pub ordinal: Option<i8>,
    /// The weekday.
    pub weekday: Weekday,
}

/// How the series ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum End {
    /// After this many occurrences.
    Count(u32),
    /// On or before this local date.
    Until(NaiveDate),
}

/// A valid recurrence rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RRule {
    freq: Freq,
    interval: u32,
    by_day: Vec<ByDay>,
    by_month_day: Vec<i8>,
    end: End,
}

const SUPPORTED: &str =
    "convene takes FREQ (DAILY, WEEKLY or MONTHLY), INTERVAL, BYDAY, BYMONTHDAY and COUNT or UNTIL";

fn weekday_code(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

fn parse_weekday(code: &str) -> Option<Weekday> {
    Some(match code {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

impl RRule {
    /// Parses and checks a rule (`FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10`;
    /// a leading `RRULE:` is accepted). Every message says what to fix.
    pub fn parse(value: &str) -> Result<Self, String> {
        let text = value.trim();
        let text = text.strip_prefix("RRULE:").unwrap_or(text);
        if text.is_empty() {
            return Err(format!(
                "the rule is empty; {SUPPORTED}, e.g. \"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10\""
            ));
        }
        let mut freq = None;
        let mut interval = None;
        let mut by_day = None;
        let mut by_month_day = None;
        let mut count = None;
        let mut until = None;
        for part in text.split(';') {
            let (name, v) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?} is not NAME=VALUE; {SUPPORTED}"))?;
            let name = name.to_ascii_uppercase();
            let once = |seen: bool| {
                if seen {
                    Err(format!("{name} is given twice; give it once"))
                } else {
                    Ok(())
                }
            };
            match name.as_str() {
                "FREQ" => {
                    once(freq.is_some())?;
                    freq = Some(match v.to_ascii_uppercase().as_str() {
                        "DAILY" => Freq::Daily,
                        "WEEKLY" => Freq::Weekly,
                        "MONTHLY" => Freq::Monthly,
                        other => {
                            return Err(format!(
                                "FREQ={other} is not supported; use DAILY, WEEKLY or MONTHLY"
                            ));
                        }
                    });
                }
                "INTERVAL" => {
                    once(interval.is_some())?;
                    match v.parse::<u32>() {
                        Ok(n) if (1..=366).contains(&n) => interval = Some(n),
                        _ => {
                            return Err(format!(
                                "INTERVAL={v} is not a whole number from 1 to 366"
                            ));
                        }
                    }
                }
                "COUNT" => {
                    once(count.is_some())?;
                    match v.parse::<u32>() {
                        Ok(n) if n >= 1 && n as usize <= MAX_OCCURRENCES => count = Some(n),
                        _ => {
                            return Err(format!(
                                "COUNT={v} is not a whole number from 1 to {MAX_OCCURRENCES} (a series has at most {MAX_OCCURRENCES} occurrences)"
                            ));
                        }
                    }
                }
                "UNTIL" => {
                    once(until.is_some())?;
                    until = Some(NaiveDate::parse_from_str(v, "%Y%m%d").ok().filter(|_| v.len() == 8).ok_or_else(|| {
                        format!("UNTIL={v} is not a date; write the last day as YYYYMMDD, e.g. UNTIL=20231219 (the meeting's own zone)")
                    })?);
                }
                "BYDAY" => {
                    once(by_day.is_some())?;
                    by_day = Some(parse_by_day(v)?);
                }
                "BYMONTHDAY" => {
                    once(by_month_day.is_some())?;
                    by_month_day = Some(parse_by_month_day(v)?);
                }
                "WKST" if v.eq_ignore_ascii_case("MO") => {}
                other => {
                    return Err(format!("{other} is not supported; {SUPPORTED}"));
                }
            }
        }
        let freq = freq.ok_or_else(|| {
            "FREQ is required: FREQ=DAILY, FREQ=WEEKLY or FREQ=MONTHLY".to_owned()
        })?;
        let end = match (count, until) {
            (Some(_), Some(_)) => {
                return Err("give COUNT or UNTIL, not both".to_owned());
            }
            (Some(n), None) => End::Count(n),
            (None, Some(d)) => End::Until(d),
            (None, None) => {
                return Err(format!(
                    "the series has no end; add COUNT (at most {MAX_OCCURRENCES}) or UNTIL=YYYYMMDD (at most two years after the first date)"
                ));
            }
        };
        let by_day = by_day.unwrap_or_default();
        let by_month_day = by_month_day.unwrap_or_default();
        match freq {
            Freq::Daily | Freq::Weekly if by_day.iter().any(|d| d.ordinal.is_some()) => {
                return Err(format!(
                    "BYDAY with an ordinal (such as 2TU) needs FREQ=MONTHLY; with FREQ={} give plain weekdays (TU,TH)",
                    freq.as_str()
                ));
            }
            Freq::Weekly if !by_month_day.is_empty() => {
                return Err("BYMONTHDAY cannot go with FREQ=WEEKLY; use FREQ=MONTHLY".to_owned());
            }
            _ => {}
        }
        Ok(Self {
            freq,
            interval: interval.unwrap_or(1),
            by_day,
            by_month_day,
            end,
        })
    }

    /// How often.
    pub fn freq(&self) -> Freq {
        self.freq
    }
    /// Every how many days, weeks or months.
    pub fn interval(&self) -> u32 {
        self.interval
    }
    /// The `BYDAY` entries.
    pub fn by_day(&self) -> &[ByDay] {
        &self.by_day
    }
    /// The `BYMONTHDAY` entries.
    pub fn by_month_day(&self) -> &[i8] {
        &self.by_month_day
    }
    /// `COUNT` or `UNTIL`.
    pub fn end(&self) -> End {
        self.end
    }

    /// The same rule ending on `last` (inclusive): what the first half of
    /// a split series keeps.
    pub fn until(&self, last: NaiveDate) -> Self {
        Self {
            end: End::Until(last),
            ..self.clone()
        }
    }

    /// The same rule with `COUNT=n`.
    pub fn with_count(&self, n: u32) -> Self {
        Self {
            end: End::Count(n),
            ..self.clone()
        }
    }

    /// Whether Outlook can hold the rule as it is. Outlook's recurrence
    /// patterns (MS-OXOCAL) are: every N days; every N weeks on a set of
    /// weekdays; every N months on day D; every N months on the
    /// first..fourth or last weekday W. It drops or changes anything else
    /// (several ordinals such as `2TU,4TU`, several month days, `BYDAY` on
    /// a daily rule, month days past 28, which Outlook moves to the last
    /// day where RFC 5545 skips the month).
    pub fn outlook_can_hold(&self) -> bool {
        match self.freq {
            Freq::Daily => self.by_day.is_empty() && self.by_month_day.is_empty(),
            Freq::Weekly => true,
            Freq::Monthly => match (self.by_day.as_slice(), self.by_month_day.as_slice()) {
                ([], []) => true,
                ([], [d]) => (1..=28).contains(d),
                (
                    [
                        ByDay {
                            ordinal: Some(n), ..
                        },
                    ],
                    [],
                ) => (1..=4).contains(n) || *n == -1,
                _ => false,
            },
        }
    }

    /// The local dates of the series that starts on `first`, in order. The
    /// first date must be an occurrence; the series must stay within
    /// [`MAX_OCCURRENCES`] and [`MAX_SPAN_DAYS`].
    pub fn expand(&self, first: NaiveDate) -> Result<Vec<NaiveDate>, String> {
        let limit = first
            .checked_add_days(Days::new(MAX_SPAN_DAYS))
            .unwrap_or(first);
        if let End::Until(u) = self.end {
            if u < first {
                return Err(format!(
                    "UNTIL={} is before the first date {first}",
                    u.format("%Y%m%d")
                ));
            }
            if u > limit {
                return Err(format!(
                    "UNTIL={} is more than two years after the first date {first}; a series spans at most two years (end it by {})",
                    u.format("%Y%m%d"),
                    limit.format("%Y%m%d")
                ));
            }
        }
        let mut out: Vec<NaiveDate> = Vec::new();
        // Periods that can still hold a date within the limit; empty ones
        // (a month without a 31st) count too, so the loop always ends.
        let unit_days: u64 = match self.freq {
            Freq::Daily => 1,
            Freq::Weekly => 7,
            Freq::Monthly => 28,
        };
        let max_periods = MAX_SPAN_DAYS / (unit_days * u64::from(self.interval)) + 2;
        let mut period = 0u32;
        'periods: loop {
            if u64::from(period) > max_periods {
                break;
            }
            let candidates = self.period_dates(first, period);
            let Some(candidates) = candidates else { break };
            for d in candidates {
                if d < first {
                    continue;
                }
                if d > limit {
                    break 'periods;
                }
                match self.end {
                    End::Until(u) if d > u => break 'periods,
                    End::Count(n) if out.len() >= n as usize => break 'periods,
                    _ => {}
                }
                out.push(d);
                if out.len() > MAX_OCCURRENCES {
                    return Err(format!(
                        "the rule gives more than {MAX_OCCURRENCES} occurrences; end it earlier (COUNT or UNTIL)"
                    ));
                }
            }
            if let End::Count(n) = self.end
                && out.len() >= n as usize
            {
                break;
            }
            period += 1;
        }
        if out.first() != Some(&first) {
            return Err(format!(
                "the first date {first} ({}) is not an occurrence of the rule; make `date` the first occurrence",
                weekday_name(first.weekday())
            ));
        }
        if let End::Count(n) = self.end
            && out.len() < n as usize
        {
            return Err(format!(
                "COUNT={n} does not fit in two years: the rule gives {} occurrences by {}; lower COUNT",
                out.len(),
                limit
            ));
        }
        Ok(out)
    }

    /// The candidate dates of the `n`-th period after the one holding
    /// `first`, sorted; `None` past any date a schedule can hold.
    fn period_dates(&self, first: NaiveDate, n: u32) -> Option<Vec<NaiveDate>> {
        let step = n.checked_mul(self.interval)?;
        let mut out = match self.freq {
            Freq::Daily => {
                let d = first.checked_add_days(Days::new(u64::from(step)))?;
                let ok = (self.by_day.is_empty()
                    || self.by_day.iter().any(|b| b.weekday == d.weekday()))
                    && (self.by_month_day.is_empty() || month_day_matches(&self.by_month_day, d));
                if ok { vec![d] } else { Vec::new() }
            }
            Freq::Weekly => {
                let monday = first
                    .checked_sub_days(Days::new(u64::from(first.weekday().num_days_from_monday())))?
                    .checked_add_days(Days::new(u64::from(step) * 7))?;
                let days: Vec<Weekday> = if self.by_day.is_empty() {
                    vec![first.weekday()]
                } else {
                    self.by_day.iter().map(|b| b.weekday).collect()
                };
                days.iter()
                    .filter_map(|w| {
                        monday.checked_add_days(Days::new(u64::from(w.num_days_from_monday())))
                    })
                    .collect()
            }
            Freq::Monthly => {
                let month1 = first.with_day(1)?.checked_add_months(Months::new(step))?;
                self.month_dates(month1, first)
            }
        };
        if out.iter().any(|d| d.year() > crate::time::MAX_YEAR) {
            return None;
        }
        out.sort();
        out.dedup();
        Some(out)
    }

    fn month_dates(&self, month1: NaiveDate, first: NaiveDate) -> Vec<NaiveDate> {
        let days_in: Vec<NaiveDate> = month1
            .iter_days()
            .take_while(|d| d.month() == month1.month())
            .collect();
        let by_day_hits = |d: &NaiveDate| {
            self.by_day.iter().any(|b| {
                b.weekday == d.weekday()
                    && match b.ordinal {
                        None => true,
                        Some(k) if k > 0 => (d.day0() / 7) as i8 + 1 == k,
                        Some(k) => {
                            let last = days_in.len() as u32;
                            ((last - d.day()) / 7) as i8 + 1 == -k
                        }
                    }
            })
        };
        days_in
            .iter()
            .copied()
            .filter(
                |d| match (self.by_day.is_empty(), self.by_month_day.is_empty()) {
                    (true, true) => d.day() == first.day(),
                    (false, true) => by_day_hits(d),
                    (true, false) => month_day_matches(&self.by_month_day, *d),
                    (false, false) => by_day_hits(d) && month_day_matches(&self.by_month_day, *d),
                },
            )
            .collect()
    }
}

impl fmt::Display for RRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FREQ={}", self.freq.as_str())?;
        if self.interval != 1 {
            write!(f, ";INTERVAL={}", self.interval)?;
        }
        if !self.by_day.is_empty() {
            let v: Vec<String> = self
                .by_day
                .iter()
                .map(|b| match b.ordinal {
                    Some(k) => format!("{k}{}", weekday_code(b.weekday)),
                    None => weekday_code(b.weekday).to_owned(),
                })
                .collect();
            write!(f, ";BYDAY={}", v.join(","))?;
        }
        if !self.by_month_day.is_empty() {
            let v: Vec<String> = self.by_month_day.iter().map(|d| d.to_string()).collect();
            write!(f, ";BYMONTHDAY={}", v.join(","))?;
        }
        match self.end {
            End::Count(n) => write!(f, ";COUNT={n}"),
            End::Until(d) => write!(f, ";UNTIL={}", d.format("%Y%m%d")),
        }
    }
}

fn month_day_matches(list: &[i8], d: NaiveDate) -> bool {
    let last = {
        let next = d
            .with_day(1)
            .and_then(|m| m.checked_add_months(Months::new(1)));
        next.and_then(|n| n.pred_opt()).map_or(31, |l| l.day())
    };
    list.iter().any(|&k| {
        if k > 0 {
            d.day() == k as u32
        } else {
            i64::from(last) + 1 + i64::from(k) == i64::from(d.day())
        }
    })
}

fn parse_by_day(v: &str) -> Result<Vec<ByDay>, String> {
    let mut out: Vec<ByDay> = Vec::new();
    for item in v.split(',') {
        let item = item.trim().to_ascii_uppercase();
        let split = item.len().saturating_sub(2);
        let (num, code) = item.split_at(split);
        let weekday = parse_weekday(code).ok_or_else(|| {
            format!("BYDAY entry {item:?} is not a weekday; write MO, TU, WE, TH, FR, SA or SU, with an ordinal for a monthly rule (2TU, -1FR)")
        })?;
        let ordinal = if num.is_empty() {
            None
        } else {
            match num.trim_start_matches('+').parse::<i8>() {
                Ok(k) if (1..=5).contains(&k.abs()) => Some(k),
                _ => {
                    return Err(format!(
                        "BYDAY entry {item:?}: the ordinal must be 1 to 5 or -1 to -5 (2TU: the second Tuesday; -1FR: the last Friday)"
                    ));
                }
            }
        };
        let b = ByDay { ordinal, weekday };
        if out.contains(&b) {
            return Err(format!("BYDAY lists {item} twice"));
        }
        out.push(b);
    }
    Ok(out)
}

fn parse_by_month_day(v: &str) -> Result<Vec<i8>, String> {
    let mut out = Vec::new();
    for item in v.split(',') {
        match item.trim().trim_start_matches('+').parse::<i8>() {
            Ok(k) if (1..=31).contains(&k.abs()) && !out.contains(&k) => out.push(k),
            Ok(k) if out.contains(&k) => return Err(format!("BYMONTHDAY lists {k} twice")),
            _ => {
                return Err(format!(
                    "BYMONTHDAY entry {item:?} is not a day of the month: 1 to 31, or -1 to -31 counting from the end"
                ));
            }
        }
    }
    Ok(out)
}

mod words;

pub use words::weekday_name;

#[cfg(test)]
mod tests;
