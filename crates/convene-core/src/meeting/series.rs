//! A meeting that recurs: its rule, its per-occurrence exceptions and its
//! occurrences.
//!
//! Only a timed meeting of one day recurs (`date`, `start`, `end`). Each
//! occurrence is addressed by its ORIGINAL local date, the date the rule
//! gives it, whatever happened to it since: that is the key of its
//! exception, of its URL (`/occurrences/YYYY-MM-DD`) and of its
//! `RECURRENCE-ID` in calendars. An exception cancels the occurrence (with
//! a reason) or changes it (another date or slot, maybe another title).
//! Each occurrence keeps the meeting's local slot in the meeting's zone:
//! its UTC instants follow the zone's offset on its own date.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::Session;
use crate::i18n::{self, Arg, Lang};
use crate::recurrence::RRule;
use crate::text::{OneLine, Title};
use crate::time::{
    Fold, Interval, TimeSlot, parse_date, parse_time, resolve_lenient, resolve_local,
};
use crate::validation::FieldErrors;

/// One occurrence's exception as typed (`exceptions."2023-10-17"` in a
/// schedule file, the same object in the API).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExceptionInput {
    /// `true`: the occurrence does not take place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<bool>,
    /// Why it was cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The day it moved to, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Its start, `HH:MM` (with `end`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Its end, `HH:MM` (with `start`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// A title for this occurrence only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// What happened to one occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exception {
    /// It does not take place.
    Cancelled {
        /// Why.
        reason: Option<OneLine>,
    },
    /// It takes place on another day, at another time or under another
    /// title.
    Changed {
        /// The day it is on now.
        date: NaiveDate,
        /// The slot it has now.
        slot: TimeSlot,
        /// Its own title, if it has one.
        title: Option<Title>,
    },
}

impl Exception {
    /// The input that gives this exception back.
    pub fn to_input(&self) -> ExceptionInput {
        match self {
            Exception::Cancelled { reason } => ExceptionInput {
                cancelled: Some(true),
                reason: reason.as_ref().map(|r| r.to_string()),
                ..ExceptionInput::default()
            },
            Exception::Changed { date, slot, title } => ExceptionInput {
                date: Some(date.to_string()),
                start: Some(slot.start().format("%H:%M").to_string()),
                end: Some(slot.end().format("%H:%M").to_string()),
                title: title.as_ref().map(|t| t.to_string()),
                ..ExceptionInput::default()
            },
        }
    }
}

/// One occurrence of a series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// The date the rule gives it: its key.
    pub original: NaiveDate,
    /// When it is (after a change), or was (when cancelled).
    pub session: Session,
    /// Its exception, if any.
    pub exception: Option<Exception>,
}

impl Occurrence {
    /// Whether it is cancelled.
    pub fn is_cancelled(&self) -> bool {
        matches!(self.exception, Some(Exception::Cancelled { .. }))
    }

    /// Whether it was moved or changed.
    pub fn is_changed(&self) -> bool {
        matches!(self.exception, Some(Exception::Changed { .. }))
    }

    /// Its own title, if changed to one.
    pub fn title(&self) -> Option<&Title> {
        match &self.exception {
            Some(Exception::Changed { title, .. }) => title.as_ref(),
            _ => None,
        }
    }

    /// The reason it was cancelled.
    pub fn cancel_reason(&self) -> Option<&OneLine> {
        match &self.exception {
            Some(Exception::Cancelled { reason }) => reason.as_ref(),
            _ => None,
        }
    }
}

/// A recurring meeting's rule, exceptions and occurrences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    rule: RRule,
    exceptions: BTreeMap<NaiveDate, Exception>,
    occurrences: Vec<Occurrence>,
}

impl Series {
    /// The rule.
    pub fn rule(&self) -> &RRule {
        &self.rule
    }
    /// The exceptions, by original date.
    pub fn exceptions(&self) -> &BTreeMap<NaiveDate, Exception> {
        &self.exceptions
    }
    /// Every occurrence, cancelled ones included, by original date.
    pub fn occurrences(&self) -> &[Occurrence] {
        &self.occurrences
    }
    /// The occurrence whose original date is `date`.
    pub fn occurrence(&self, date: NaiveDate) -> Option<&Occurrence> {
        self.occurrences.iter().find(|o| o.original == date)
    }
    /// "every second Tuesday, from 3 October 2023, 10 times", "un mardi
    /// sur deux, à partir du 3 octobre 2023, 10 séances".
    pub fn describe(&self, lang: Lang) -> String {
        self.describe_at(lang, None)
    }

    /// [`Series::describe`] with the slot and the zone as given
    /// ("14:00-15:00", "Geneva time") after the rule: "every second
    /// Tuesday, 14:00-15:00 hours, Geneva time, from 3 October 2023, 10
    /// times".
    pub fn describe_at(&self, lang: Lang, at: Option<(&str, &str)>) -> String {
        let (Some(first), Some(last)) = (self.occurrences.first(), self.occurrences.last()) else {
            return self.rule.to_string();
        };
        let (first, last) = (first.original, last.original);
        let date = |d| {
            if lang == Lang::En {
                crate::ical::long_date(d)
            } else {
                i18n::long_date(lang, d)
            }
        };
        let until = matches!(self.rule.end(), crate::recurrence::End::Until(_));
        let key = match (until, at.is_some()) {
            (false, false) => "series-count",
            (true, false) => "series-until",
            (false, true) => "series-count-at",
            (true, true) => "series-until-at",
        };
        let mut args = vec![
            ("rule", Arg::from(self.rule.describe(lang, first))),
            ("first", Arg::from(date(first))),
            ("last", Arg::from(date(last))),
            ("count", Arg::from(self.occurrences.len())),
        ];
        if let Some((times, zone)) = at {
            args.extend([("times", Arg::from(times)), ("zone", Arg::from(zone))]);
        }
        i18n::t(lang, key, &args)
    }
}

/// What `MeetingInput::validate` hands over to build a series.
pub(super) struct SeriesParts<'a> {
    pub recurrence: &'a str,
    pub exceptions: &'a BTreeMap<String, ExceptionInput>,
    pub first: NaiveDate,
    pub slot: TimeSlot,
    pub zone: Tz,
    pub fold: Option<Fold>,
}

/// Checks the rule and the exceptions and computes every occurrence; every
/// problem goes to `errs` under `recurrence` or `exceptions.DATE.FIELD`.
pub(super) fn build(p: &SeriesParts<'_>, errs: &mut FieldErrors) -> Option<Series> {
    let rule = errs.optional("recurrence", Some(p.recurrence), RRule::parse)?;
    let dates = match rule.expand(p.first) {
        Ok(d) => d,
        Err(e) => {
            errs.push("recurrence", e);
            return None;
        }
    };
    let mut exceptions = BTreeMap::new();
    for (key, input) in p.exceptions {
        let field = format!("exceptions.{key}");
        let Some(date) = errs.optional(&field, Some(key), parse_date) else {
            continue;
        };
        if !dates.contains(&date) {
            errs.push(
                &field,
                format!("{date} is not an occurrence of the series; key an exception by the date the rule gives the occurrence"),
            );
            continue;
        }
        if let Some(e) = exception(&field, input, date, p.slot, errs) {
            exceptions.insert(date, e);
        }
    }
    let mut occurrences = Vec::with_capacity(dates.len());
    for original in dates {
        let exception = exceptions.get(&original).cloned();
        let (date, slot, field) = match &exception {
            Some(Exception::Changed { date, slot, .. }) => {
                (*date, *slot, format!("exceptions.{original}"))
            }
            _ => (original, p.slot, "recurrence".to_owned()),
        };
        // A cancelled occurrence keeps no time: its instants are only
        // shown, so one in a DST gap does not make the series invalid.
        let resolve = |t| match &exception {
            Some(Exception::Cancelled { .. }) => Ok(resolve_lenient(p.zone, t)),
            _ => resolve_local(p.zone, t, p.fold),
        };
        let start = resolve(date.and_time(slot.start()));
        let end = resolve(date.and_time(slot.end()));
        match (start, end) {
            (Ok(start), Ok(end)) if end > start => occurrences.push(Occurrence {
                original,
                session: Session {
                    date,
                    slot,
                    utc: Interval { start, end },
                },
                exception,
            }),
            (Ok(_), Ok(_)) => errs.push(
                field,
                format!("on {date} the end falls before the start once clocks change; choose the other `ambiguous` value"),
            ),
            (start, end) => {
                let e = start.err().or(end.err()).map(|e| e.to_string()).unwrap_or_default();
                errs.push(
                    field,
                    format!("the occurrence of {original}: {e}; or move or cancel that occurrence with an exception"),
                );
            }
        }
    }
    // Two live occurrences on one day would be one session twice.
    let mut live: Vec<NaiveDate> = occurrences
        .iter()
        .filter(|o| !o.is_cancelled())
        .map(|o| o.session.date)
        .collect();
    live.sort();
    if let Some(w) = live.windows(2).find(|w| w[0] == w[1]) {
        errs.push(
            "exceptions",
            format!(
                "two occurrences would be on {}; a series meets at most once a day",
                w[0]
            ),
        );
    }
    Some(Series {
        rule,
        exceptions,
        occurrences,
    })
}

fn exception(
    field: &str,
    input: &ExceptionInput,
    original: NaiveDate,
    slot: TimeSlot,
    errs: &mut FieldErrors,
) -> Option<Exception> {
    let changes = input.date.is_some()
        || input.start.is_some()
        || input.end.is_some()
        || input.title.is_some();
    match input.cancelled {
        Some(true) => {
            if changes {
                errs.push(
                    format!("{field}.cancelled"),
                    "a cancelled occurrence has no new date, time or title; give either `cancelled = true` (with `reason`) or the changes",
                );
                return None;
            }
            let reason = errs.optional(
                &format!("{field}.reason"),
                input.reason.as_deref(),
                OneLine::parse,
            );
            if input.reason.is_some() && reason.is_none() {
                return None;
            }
            Some(Exception::Cancelled { reason })
        }
        _ => {
            if input.reason.is_some() {
                errs.push(
                    format!("{field}.reason"),
                    "only a cancelled occurrence has a reason",
                );
            }
            if !changes {
                errs.push(
                    field,
                    "says nothing; give `cancelled = true` or a new `date`, `start`/`end` or `title`",
                );
                return None;
            }
            let date = match &input.date {
                Some(d) => errs.optional(&format!("{field}.date"), Some(d), parse_date)?,
                None => original,
            };
            let slot = match (&input.start, &input.end) {
                (None, None) => slot,
                (Some(s), Some(e)) => {
                    let s = errs.optional(&format!("{field}.start"), Some(s), parse_time);
                    let e = errs.optional(&format!("{field}.end"), Some(e), parse_time);
                    match TimeSlot::new(s?, e?) {
                        Ok(slot) => slot,
                        Err(m) => {
                            errs.push(format!("{field}.end"), m);
                            return None;
                        }
                    }
                }
                _ => {
                    errs.push(
                        format!("{field}.start"),
                        "give both `start` and `end`, or neither",
                    );
                    return None;
                }
            };
            let title = errs.optional(
                &format!("{field}.title"),
                input.title.as_deref(),
                Title::parse,
            );
            if input.title.is_some() && title.is_none() {
                return None;
            }
            Some(Exception::Changed { date, slot, title })
        }
    }
}

#[cfg(test)]
mod tests;
