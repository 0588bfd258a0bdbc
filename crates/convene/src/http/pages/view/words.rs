//! The page's language and the body's home zone: how views write text.

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use convene_core::TimeSlot;
use convene_core::i18n::{self, Arg, Lang};

/// What every view needs to write text: the page's language and the
/// body's home zone (`schedule.default_zone`, "Geneva time"), in which
/// every time is also given when the item's own zone is another.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    pub lang: Lang,
    pub home: Tz,
    /// The language feeds speak without `?lang=` (subscribe links name
    /// the page's language when it is another).
    pub feed_default: Lang,
}

impl Words {
    /// `?lang=xx` (with `sep` in front) when feeds would speak another
    /// language than the page's, else nothing.
    pub fn feed_lang(&self, sep: char) -> String {
        if self.lang == self.feed_default {
            String::new()
        } else {
            format!("{sep}lang={}", self.lang.code())
        }
    }

    /// The message `key` with `args`.
    pub fn t(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        i18n::t(self.lang, key, args)
    }

    /// "7 September 2023".
    pub fn long_date(&self, d: NaiveDate) -> String {
        i18n::long_date(self.lang, d)
    }

    /// "Geneva time".
    pub fn zone(&self, zone: Tz) -> String {
        i18n::zone_name(self.lang, zone)
    }

    /// "09:00-12:00 Geneva time" in the language's order.
    pub fn in_zone(&self, times: &str, zone: Tz) -> String {
        i18n::time_in_zone(self.lang, times, zone)
    }

    /// "09:00-12:00".
    pub fn slot(&self, slot: TimeSlot) -> String {
        i18n::time_range(self.lang, slot.start(), slot.end())
    }

    /// "14:00".
    pub fn hm(&self, t: NaiveTime) -> String {
        i18n::time(self.lang, t)
    }
}

/// "September 2023".
pub fn month_year(w: Words, d: NaiveDate) -> String {
    i18n::month_year(w.lang, d)
}

/// "7 September 2023", "7-8 September 2023", "30 September-2 October 2023",
/// "30 December 2023-2 January 2024": how the secretariat writes days.
pub fn date_range(w: Words, first: NaiveDate, last: NaiveDate) -> String {
    i18n::date_range(w.lang, first, last)
}
