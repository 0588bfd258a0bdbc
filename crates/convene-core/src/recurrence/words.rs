//! A rule in words, for mails, pages and the schedule list.

use chrono::{Datelike, NaiveDate, Weekday};

use super::{ByDay, Freq, RRule};

impl RRule {
    /// The rule in words, for mails, pages and the schedule list: "every
    /// second Tuesday", "on the second and fourth Tuesday of every month".
    pub fn describe(&self, first: NaiveDate) -> String {
        let every = |unit: &str, units: &str| match self.interval {
            1 => format!("every {unit}"),
            2 => format!("every second {unit}"),
            3 => format!("every third {unit}"),
            n => format!("every {n} {units}"),
        };
        let days = |list: &[ByDay]| {
            let names: Vec<String> = list
                .iter()
                .map(|b| match b.ordinal {
                    Some(k) => format!("{} {}", ordinal_word(k), weekday_name(b.weekday)),
                    None => weekday_name(b.weekday).to_owned(),
                })
                .collect();
            join_and(&names)
        };
        match self.freq {
            Freq::Daily => every("day", "days"),
            Freq::Weekly => {
                let list = if self.by_day.is_empty() {
                    vec![ByDay {
                        ordinal: None,
                        weekday: first.weekday(),
                    }]
                } else {
                    self.by_day.clone()
                };
                match (self.interval, list.as_slice()) {
                    (1, [one]) => format!("every {}", weekday_name(one.weekday)),
                    (2, [one]) => format!("every second {}", weekday_name(one.weekday)),
                    _ => format!("{} on {}", every("week", "weeks"), days(&list)),
                }
            }
            Freq::Monthly => {
                let on = match (self.by_day.is_empty(), self.by_month_day.is_empty()) {
                    (false, _) => format!("the {}", days(&self.by_day)),
                    (true, false) => {
                        let names: Vec<String> = self
                            .by_month_day
                            .iter()
                            .map(|d| month_day_word(*d))
                            .collect();
                        format!("the {}", join_and(&names))
                    }
                    (true, true) => format!("the {}", month_day_word(first.day() as i8)),
                };
                format!("on {on} of {}", every("month", "months"))
            }
        }
    }
}

/// "Tuesday".
pub fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn ordinal_word(k: i8) -> String {
    match k {
        1 => "first".into(),
        2 => "second".into(),
        3 => "third".into(),
        4 => "fourth".into(),
        5 => "fifth".into(),
        -1 => "last".into(),
        -2 => "second-to-last".into(),
        k => format!("{}-to-last", ordinal_word(-k)),
    }
}

fn month_day_word(d: i8) -> String {
    if d < 0 {
        return if d == -1 {
            "last day".into()
        } else {
            format!("{} day from the end", ordinal_word(-d))
        };
    }
    let suffix = match (d % 10, d % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{d}{suffix}")
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
