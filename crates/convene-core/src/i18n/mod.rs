//! Languages: the six of the United Nations (Arabic, Chinese, English,
//! French, Russian, Spanish), Arabic written right to left.
//!
//! - [`Lang`] names one; [`Lang::parse`] reads `fr`, `fr-CH`, `zh_Hans`.
//! - [`t`] looks a message up in the Fluent files compiled in from
//!   `crates/convene-core/locales/{lang}/{common,pages,feeds,mail,series,organize}.ftl`
//!   (no I/O); [`Arg`] passes values to it.
//! - [`format`]: dates, times and numbers by ICU4X ("7 septembre 2023",
//!   "2023年9月7日", "14:00").
//! - [`zone`]: what a time zone is called ("Geneva time", "heure de
//!   Genève", "UTC+14") and the times of an interval at a glance (the
//!   item's zone, the body's home zone, UTC).
//!
//! Only generated text is translated: what an organizer wrote (titles,
//! descriptions) is shown as written.

pub mod format;
mod messages;
pub mod zone;

#[cfg(test)]
mod tests;

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use format::{
    date_range, day_month, long_date, month_year, number, short_date, time, time_range,
    weekday_date, weekday_name,
};
pub use messages::{Arg, t, t_plain};
pub use zone::{Glance, glance, time_in_zone, zone_name};

/// One of the six languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    /// العربية, right to left.
    Ar,
    /// 中文 (simplified script).
    Zh,
    /// English.
    #[default]
    En,
    /// Français.
    Fr,
    /// Русский.
    Ru,
    /// Español.
    Es,
}

impl Lang {
    /// All six, in the order of the language menu (the UN's: alphabetical
    /// by English name, Arabic first).
    pub const ALL: [Lang; 6] = [Lang::Ar, Lang::Zh, Lang::En, Lang::Fr, Lang::Ru, Lang::Es];

    /// The language of a tag: `fr`, `FR`, `fr-CH`, `zh-Hans-CN`, `es_419`.
    /// Only the primary subtag counts; `None` for any other language.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?;
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    /// The code: `ar`, `zh`, `en`, `fr`, `ru`, `es` (`<html lang>`,
    /// `Content-Language`, `?lang=`).
    pub const fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::Zh => "zh",
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Ru => "ru",
            Lang::Es => "es",
        }
    }

    /// Written right to left (Arabic).
    pub const fn is_rtl(self) -> bool {
        matches!(self, Lang::Ar)
    }

    /// `rtl` or `ltr`, for `<html dir>`.
    pub const fn dir(self) -> &'static str {
        if self.is_rtl() { "rtl" } else { "ltr" }
    }

    /// The language's own name ("Français"), for the language menu.
    pub const fn native_name(self) -> &'static str {
        match self {
            Lang::Ar => "العربية",
            Lang::Zh => "中文",
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Ru => "Русский",
            Lang::Es => "Español",
        }
    }

    /// Position in [`Lang::ALL`].
    pub(crate) const fn index(self) -> usize {
        match self {
            Lang::Ar => 0,
            Lang::Zh => 1,
            Lang::En => 2,
            Lang::Fr => 3,
            Lang::Ru => 4,
            Lang::Es => 5,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Self, UnknownLang> {
        Lang::parse(s).ok_or_else(|| UnknownLang(s.to_owned()))
    }
}

/// A language convene does not speak.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a language convene speaks; use one of ar, zh, en, fr, ru, es")]
pub struct UnknownLang(pub String);

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Lang {
    /// Exactly one of the six codes, lowercase (files and API bodies say
    /// `fr`, not `fr-CH`).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Lang::ALL
            .into_iter()
            .find(|l| l.code() == s)
            .ok_or_else(|| serde::de::Error::custom(UnknownLang(s)))
    }
}
