//! The Fluent messages, compiled in, one bundle per language.
//!
//! Bidi isolation: Fluent can wrap each value it puts into a message in
//! FSI/PDI marks (U+2068, U+2069), so that a Latin title inside Arabic text
//! (or the reverse) does not reorder the words around it. The marks are
//! right where a left-to-right value meets right-to-left text, so they are
//! on for Arabic and off for the other five, whose values (names, times,
//! codes) run left to right like the text. The same text serves HTML
//! (where an organizer's own text is in `<bdi>` besides) and plain text
//! (calendars, mails), where the marks are the only help a reader gets.

use std::borrow::Cow;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use super::Lang;

macro_rules! files {
    ($code:literal) => {
        [
            (
                "common",
                include_str!(concat!("../../locales/", $code, "/common.ftl")),
            ),
            (
                "pages",
                include_str!(concat!("../../locales/", $code, "/pages.ftl")),
            ),
            (
                "feeds",
                include_str!(concat!("../../locales/", $code, "/feeds.ftl")),
            ),
            (
                "mail",
                include_str!(concat!("../../locales/", $code, "/mail.ftl")),
            ),
            (
                "series",
                include_str!(concat!("../../locales/", $code, "/series.ftl")),
            ),
            (
                "organize",
                include_str!(concat!("../../locales/", $code, "/organize.ftl")),
            ),
        ]
    };
}

/// The files of each language, in [`Lang::ALL`] order: (file name, text).
pub(crate) const FILES: [[(&str, &str); 6]; 6] = [
    files!("ar"),
    files!("zh"),
    files!("en"),
    files!("fr"),
    files!("ru"),
    files!("es"),
];

static BUNDLES: LazyLock<Vec<FluentBundle<FluentResource>>> =
    LazyLock::new(|| Lang::ALL.into_iter().map(bundle).collect());

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let id = lang
        .code()
        .parse::<unic_langid::LanguageIdentifier>()
        .unwrap_or_default();
    let mut b = FluentBundle::new_concurrent(vec![id]);
    b.set_use_isolating(lang.is_rtl());
    for (_, text) in FILES[lang.index()] {
        // A syntax error or a key given twice keeps the rest of the file;
        // the tests refuse both.
        let res = FluentResource::try_new(text.to_owned()).unwrap_or_else(|(res, _)| res);
        let _ = b.add_resource(res);
    }
    b
}

/// A value for a message's variable: text or a number (numbers choose
/// plural forms).
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    /// Text, put in as it is.
    Str(Cow<'a, str>),
    /// A whole number.
    Num(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Str(Cow::Borrowed(s))
    }
}
impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Str(Cow::Borrowed(s.as_str()))
    }
}
impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Str(Cow::Owned(s))
    }
}
impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}
impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Num(i64::from(n))
    }
}
impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// The message `key` in `lang` with `args` put in; the English message
/// when `lang` has none, the key itself when no language has it (the
/// completeness test makes both unreachable).
///
/// ```
/// use convene_core::i18n::{Lang, t};
/// assert_eq!(t(Lang::Fr, "feed-deadline", &[("what", "Contributions".into())]),
///            "Date limite\u{a0}: Contributions");
/// ```
pub fn t(lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    format(lang, key, args)
        .or_else(|| format(Lang::En, key, args))
        .unwrap_or_else(|| key.to_owned())
}

/// [`t`] without the bidi isolation marks, for text that must not carry
/// them (header values, identifiers compared by tests of other crates).
pub fn t_plain(lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    t(lang, key, args).replace(['\u{2068}', '\u{2069}'], "")
}

/// Whether `lang`'s files have `key` (the zone names look up optional
/// city keys this way).
pub(crate) fn has(lang: Lang, key: &str) -> bool {
    BUNDLES
        .get(lang.index())
        .is_some_and(|b| b.has_message(key))
}

fn format(lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> Option<String> {
    let b = BUNDLES.get(lang.index())?;
    let pattern = b.get_message(key)?.value()?;
    let fa = (!args.is_empty()).then(|| {
        let mut fa = FluentArgs::with_capacity(args.len());
        for (name, v) in args {
            match v {
                Arg::Str(s) => fa.set(*name, FluentValue::from(s.as_ref())),
                Arg::Num(n) => fa.set(*name, FluentValue::from(*n)),
            }
        }
        fa
    });
    let mut errors = Vec::new();
    let out = b.format_pattern(pattern, fa.as_ref(), &mut errors);
    Some(out.into_owned())
}
