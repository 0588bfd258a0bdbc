//! A rule in words, for mails, pages, feeds and the schedule list, in each
//! of the six languages.
//!
//! The sentence comes from the `rule-*` messages of
//! `locales/{lang}/series.ftl`; the code gives them the rule's parts:
//! `$interval`, `$day` (`mon`..`sun`, for languages whose words agree with
//! the weekday: Russian cases and genders, Spanish plurals), `$weekday`
//! (ICU4X's name of the day, "Tuesday", "mardi", "星期二"), `$ordinal`
//! (1..5, -1..-5; 0 for "every such weekday"), `$n` (a day of the month,
//! counted from the end by `rule-month-day-last`)
//! and the lists the code joins with `rule-and` / `rule-comma`. Plurals
//! follow each language's CLDR categories through Fluent.

use chrono::{Datelike, NaiveDate, Weekday};

use super::{ByDay, Freq, RRule};
use crate::i18n::{self, Arg, Lang};

impl RRule {
    /// The rule in words: "every second Tuesday", "on the second and
    /// fourth Tuesday of every month", "un mardi sur deux",
    /// "каждую последнюю пятницу"...
    pub fn describe(&self, lang: Lang, first: NaiveDate) -> String {
        let interval = || ("interval", Arg::from(self.interval));
        match self.freq {
            Freq::Daily => i18n::t(lang, "rule-daily", &[interval()]),
            Freq::Weekly => {
                let list = if self.by_day.is_empty() {
                    vec![ByDay {
                        ordinal: None,
                        weekday: first.weekday(),
                    }]
                } else {
                    self.by_day.clone()
                };
                match list.as_slice() {
                    [one] => {
                        let mut args = day_args(lang, one.weekday);
                        args.push(interval());
                        i18n::t(lang, "rule-weekly", &args)
                    }
                    _ => {
                        let items: Vec<String> = list
                            .iter()
                            .map(|b| i18n::t(lang, "rule-weekly-day", &day_args(lang, b.weekday)))
                            .collect();
                        i18n::t(
                            lang,
                            "rule-weekly-days",
                            &[interval(), ("days", Arg::from(join(lang, &items)))],
                        )
                    }
                }
            }
            Freq::Monthly => self.monthly(lang, first),
        }
    }

    fn monthly(&self, lang: Lang, first: NaiveDate) -> String {
        let interval = || ("interval", Arg::from(self.interval));
        if let Some(weekday) = same_weekday(&self.by_day) {
            // "the second and fourth Tuesday": one weekday, its ordinals.
            let ordinals: Vec<i8> = self.by_day.iter().filter_map(|b| b.ordinal).collect();
            let items: Vec<String> = ordinals
                .iter()
                .map(|k| {
                    let mut args = day_args(lang, weekday);
                    args.push(("ordinal", Arg::from(i64::from(*k))));
                    i18n::t(lang, "rule-ordinal", &args)
                })
                .collect();
            let mut args = day_args(lang, weekday);
            args.extend([
                interval(),
                ("ordinals", Arg::from(join(lang, &items))),
                ("ordinal", Arg::from(i64::from(ordinals[0]))),
                ("count", Arg::from(ordinals.len())),
            ]);
            return i18n::t(lang, "rule-monthly-weekday", &args);
        }
        if !self.by_day.is_empty() {
            let items: Vec<String> = self
                .by_day
                .iter()
                .map(|b| {
                    let mut args = day_args(lang, b.weekday);
                    args.push(("ordinal", Arg::from(i64::from(b.ordinal.unwrap_or(0)))));
                    i18n::t(lang, "rule-monthly-day", &args)
                })
                .collect();
            return i18n::t(
                lang,
                "rule-monthly-days",
                &[interval(), ("days", Arg::from(join(lang, &items)))],
            );
        }
        let days: Vec<i64> = if self.by_month_day.is_empty() {
            vec![i64::from(first.day())]
        } else {
            self.by_month_day.iter().map(|d| i64::from(*d)).collect()
        };
        let items: Vec<String> = days
            .iter()
            .map(|n| match *n {
                n if n < 0 => i18n::t(lang, "rule-month-day-last", &[("n", Arg::from(-n))]),
                n => i18n::t(lang, "rule-month-day", &[("n", Arg::from(n))]),
            })
            .collect();
        i18n::t(
            lang,
            "rule-monthly-dates",
            &[
                interval(),
                ("dates", Arg::from(join(lang, &items))),
                ("count", Arg::from(days.len())),
            ],
        )
    }
}

/// The weekday of every entry when they all have one weekday and an
/// ordinal ("2TU,4TU").
fn same_weekday(list: &[ByDay]) -> Option<Weekday> {
    let first = list.first()?;
    list.iter()
        .all(|b| b.weekday == first.weekday && b.ordinal.is_some())
        .then_some(first.weekday)
}

/// `$day` and `$weekday` of a weekday.
fn day_args(lang: Lang, w: Weekday) -> Vec<(&'static str, Arg<'static>)> {
    vec![
        ("day", Arg::from(day_code(w))),
        ("weekday", Arg::from(i18n::weekday_name(lang, w))),
    ]
}

/// `mon`..`sun`: the selector languages agree with.
fn day_code(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// "A, B and C" in the language's words.
fn join(lang: Lang, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => {
            let mut head = rest[0].clone();
            for item in &rest[1..] {
                head = i18n::t(
                    lang,
                    "rule-comma",
                    &[("first", Arg::from(head)), ("last", Arg::from(item))],
                );
            }
            i18n::t(
                lang,
                "rule-and",
                &[("first", Arg::from(head)), ("last", Arg::from(last))],
            )
        }
    }
}

/// "Tuesday", in English: the rule's own error messages.
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

#[cfg(test)]
mod tests;
