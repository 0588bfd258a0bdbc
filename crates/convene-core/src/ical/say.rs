//! The generated text of a feed in its language (`?lang=`, else the
//! group's): summaries' prefixes ("Cancelled: ", "Deadline: "), the
//! description's labels, dates and zone names. The organizer's own text
//! (titles, descriptions, labels of windows) is never translated.
//!
//! English is written directly, as it always was (the golden files pin
//! it, and feeds are rendered often); the other languages come from
//! `locales/{lang}/feeds.ftl`, whose English file says the same words, and
//! ICU4X. Plain text: Arabic carries Fluent's bidi isolation marks around
//! the values it puts in, the only help a calendar client gets.

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::i18n::{self, Arg, Lang};
use crate::meeting::MeetingKind;

/// A feed's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Say(pub Lang);

impl Default for Say {
    fn default() -> Self {
        Say(Lang::En)
    }
}

impl Say {
    pub(super) fn en(self) -> bool {
        self.0 == Lang::En
    }

    pub(super) fn t(self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        i18n::t(self.0, key, args)
    }

    /// "7 September 2023".
    pub(super) fn long_date(self, d: NaiveDate) -> String {
        if self.en() {
            super::event::long_date(d)
        } else {
            i18n::long_date(self.0, d)
        }
    }

    /// "Geneva time" for the body's home (`Europe/Zurich`), else the IANA
    /// name in English (as always); the zone's name in other languages.
    pub(super) fn zone(self, z: Tz) -> String {
        if self.en() {
            super::event::zone_label(z)
        } else {
            i18n::zone_name(self.0, z)
        }
    }

    /// A meeting kind: "E-meeting".
    pub(super) fn kind(self, k: MeetingKind) -> String {
        if self.en() {
            return k.label().to_owned();
        }
        let key = match k {
            MeetingKind::Physical => "kind-physical",
            MeetingKind::EMeeting => "kind-e-meeting",
            MeetingKind::Forum => "kind-forum",
            MeetingKind::Webinar => "kind-webinar",
            MeetingKind::SpecialSession => "kind-special-session",
        };
        self.t(key, &[])
    }

    /// A message with one text value; `en` is the English.
    pub(super) fn one(
        self,
        key: &str,
        name: &str,
        value: &str,
        en: impl FnOnce() -> String,
    ) -> String {
        if self.en() {
            en()
        } else {
            self.t(key, &[(name, Arg::from(value))])
        }
    }

    /// A message with text values; `en` is the English.
    pub(super) fn many(
        self,
        key: &str,
        args: &[(&str, &str)],
        en: impl FnOnce() -> String,
    ) -> String {
        if self.en() {
            en()
        } else {
            let args: Vec<(&str, Arg<'_>)> =
                args.iter().map(|(k, v)| (*k, Arg::from(*v))).collect();
            self.t(key, &args)
        }
    }

    /// "09:00-12:00".
    pub(super) fn times(self, start: chrono::NaiveTime, end: chrono::NaiveTime) -> String {
        if self.en() {
            format!(
                "{}-{}",
                super::writer::hh_mm(start),
                super::writer::hh_mm(end)
            )
        } else {
            i18n::time_range(self.0, start, end)
        }
    }
}
