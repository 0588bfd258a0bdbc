//! Dates, times and numbers as each language writes them, by ICU4X
//! (compiled CLDR data): no month names or patterns of our own.
//!
//! Choices, after the UN's own documents:
//! - English is British English ("7 September 2023", not "September 7").
//! - Times are on the 24-hour clock in every language ("14:00").
//! - Arabic uses the digits 0-9 (`-u-nu-latn`), as UN Arabic documents
//!   do, so times, years and "UTC+3" read the same in every language.
//!
//! Formatters are built once per thread and language (ICU4X data payloads
//! are not `Sync` without its `sync` feature, and building is cheap).

use std::cell::RefCell;

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{E, MD, MDE, T, YM, YMD, YMDE};
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::Locale;

use super::{Arg, Lang, t};

/// The ICU locale of a language.
fn locale(lang: Lang) -> Locale {
    let tag = match lang {
        Lang::Ar => "ar-u-hc-h23-nu-latn",
        Lang::Zh => "zh-u-hc-h23",
        Lang::En => "en-GB-u-hc-h23",
        Lang::Fr => "fr-u-hc-h23",
        Lang::Ru => "ru-u-hc-h23",
        Lang::Es => "es-u-hc-h23",
    };
    tag.parse().unwrap_or(Locale::UNKNOWN)
}

/// The locale of whole numbers. ICU4X 2.1's compiled data holds no
/// decimal symbols for `ar` with Latin digits (`ar/latn`: the lookup fails
/// and says so on stderr), and CLDR writes Arabic with Latin digits as
/// English does ("1,234"), so Arabic numbers take English's symbols.
fn number_locale(lang: Lang) -> Locale {
    match lang {
        Lang::Ar => locale(Lang::En),
        other => locale(other),
    }
}

type Dates<F> = FixedCalendarDateTimeFormatter<Gregorian, F>;

/// One language's formatters; `None` where ICU4X has no data (never with
/// compiled data; the chrono fallback keeps the page readable).
struct Formatters {
    long: Option<Dates<YMD>>,
    weekday: Option<Dates<YMDE>>,
    short: Option<Dates<YMDE>>,
    day_month: Option<Dates<MDE>>,
    day_month_long: Option<Dates<MD>>,
    month_year: Option<Dates<YM>>,
    weekday_only: Option<Dates<E>>,
    time: Option<FixedCalendarDateTimeFormatter<(), T>>,
    number: Option<DecimalFormatter>,
}

impl Formatters {
    fn new(lang: Lang) -> Self {
        let loc = locale(lang);
        Self {
            long: Dates::try_new((&loc).into(), YMD::long()).ok(),
            weekday: Dates::try_new((&loc).into(), YMDE::long()).ok(),
            short: Dates::try_new((&loc).into(), YMDE::medium()).ok(),
            day_month: Dates::try_new((&loc).into(), MDE::medium()).ok(),
            day_month_long: Dates::try_new((&loc).into(), MD::long()).ok(),
            month_year: Dates::try_new((&loc).into(), YM::long()).ok(),
            weekday_only: Dates::try_new((&loc).into(), E::long()).ok(),
            time: FixedCalendarDateTimeFormatter::try_new((&loc).into(), T::hm()).ok(),
            number: DecimalFormatter::try_new((&number_locale(lang)).into(), Default::default())
                .ok(),
        }
    }
}

thread_local! {
    static FORMATTERS: RefCell<Vec<Option<Formatters>>> =
        RefCell::new(Lang::ALL.iter().map(|_| None).collect());
}

fn with<R>(lang: Lang, f: impl FnOnce(&Formatters) -> R) -> R {
    FORMATTERS.with(|cell| {
        let mut all = cell.borrow_mut();
        let slot = &mut all[lang.index()];
        f(slot.get_or_insert_with(|| Formatters::new(lang)))
    })
}

fn gregorian(d: NaiveDate) -> Option<Date<Gregorian>> {
    let month = u8::try_from(d.month()).ok()?;
    let day = u8::try_from(d.day()).ok()?;
    Date::try_new_gregorian(d.year(), month, day).ok()
}

fn date_with(
    lang: Lang,
    d: NaiveDate,
    pick: impl FnOnce(&Formatters) -> Option<String>,
    fallback: &str,
) -> String {
    with(lang, pick).unwrap_or_else(|| d.format(fallback).to_string())
}

macro_rules! date_fn {
    ($(#[$doc:meta])* $name:ident, $field:ident, $fallback:literal) => {
        $(#[$doc])*
        pub fn $name(lang: Lang, d: NaiveDate) -> String {
            date_with(
                lang,
                d,
                |f| Some(f.$field.as_ref()?.format(&gregorian(d)?).to_string()),
                $fallback,
            )
        }
    };
}

date_fn!(
    /// "7 September 2023", "7 septembre 2023", "2023年9月7日",
    /// "7 сентября 2023 г.".
    long_date, long, "%-d %B %Y"
);
date_fn!(
    /// "Thursday 7 September 2023", "jeudi 7 septembre 2023".
    weekday_date, weekday, "%A %-d %B %Y"
);
date_fn!(
    /// "Thu 7 Sept 2023", "jeu. 7 sept. 2023": lists and tables.
    short_date, short, "%a %-d %b %Y"
);
date_fn!(
    /// "Thu 7 Sept", "jeu. 7 sept.": a day next to a date it follows.
    day_month, day_month, "%a %-d %b"
);
date_fn!(
    /// "7 September", "7 septembre", "9月7日".
    day_month_long, day_month_long, "%-d %B"
);
date_fn!(
    /// "September 2023", "septembre 2023".
    month_year, month_year, "%B %Y"
);

/// "Tuesday", "mardi", "星期二", "الثلاثاء": the day's name alone.
pub fn weekday_name(lang: Lang, w: chrono::Weekday) -> String {
    // 2 October 2023 is a Monday.
    let d = NaiveDate::from_ymd_opt(2023, 10, 2)
        .map(|monday| monday + chrono::Days::new(u64::from(w.num_days_from_monday())));
    let icu = d.and_then(|d| {
        with(lang, |f| {
            Some(f.weekday_only.as_ref()?.format(&gregorian(d)?).to_string())
        })
    });
    icu.unwrap_or_else(|| crate::recurrence::weekday_name(w).to_owned())
}

/// "14:00" (24-hour clock in every language).
pub fn time(lang: Lang, t: NaiveTime) -> String {
    let icu = || {
        let hour = u8::try_from(t.hour()).ok()?;
        let minute = u8::try_from(t.minute()).ok()?;
        let time = icu_time::Time::try_new(hour, minute, 0, 0).ok()?;
        Some(with(lang, |f| {
            f.time.as_ref().map(|f| f.format(&time).to_string())
        }))
    };
    icu()
        .flatten()
        .unwrap_or_else(|| t.format("%H:%M").to_string())
}

/// "14:00-15:00" (each language's range mark).
pub fn time_range(lang: Lang, start: NaiveTime, end: NaiveTime) -> String {
    t(
        lang,
        "time-range",
        &[
            ("start", Arg::from(time(lang, start))),
            ("end", Arg::from(time(lang, end))),
        ],
    )
}

/// "1,234", "1 234", "1.234": a whole number with the language's
/// grouping.
pub fn number(lang: Lang, n: i64) -> String {
    with(lang, |f| {
        f.number
            .as_ref()
            .map(|f| f.format(&Decimal::from(n)).to_string())
    })
    .unwrap_or_else(|| n.to_string())
}

/// "7 September 2023", "7-8 September 2023", "30 September-2 October
/// 2023", "30 December 2023-2 January 2024": how the secretariat writes
/// days, in each language ("2023年9月7日至8日", "7-8 septembre 2023").
/// ICU4X 2.1 has no interval formatter, so the message `date-range` picks
/// the form by `$shape` (`days`: same month, `months`: same year,
/// `years`) from the pieces ICU4X writes.
pub fn date_range(lang: Lang, first: NaiveDate, last: NaiveDate) -> String {
    if first == last {
        return long_date(lang, first);
    }
    let shape = if (first.year(), first.month()) == (last.year(), last.month()) {
        "days"
    } else if first.year() == last.year() {
        "months"
    } else {
        "years"
    };
    t(
        lang,
        "date-range",
        &[
            ("shape", Arg::from(shape)),
            ("first", Arg::from(long_date(lang, first))),
            ("last", Arg::from(long_date(lang, last))),
            ("first_day", Arg::from(first.day())),
            ("last_day", Arg::from(last.day())),
            ("first_md", Arg::from(day_month_long(lang, first))),
            ("last_md", Arg::from(day_month_long(lang, last))),
        ],
    )
}
