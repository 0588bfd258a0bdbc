//! Newtypes for the text that enters convene: identifiers, titles, one-line
//! fields, e-mail addresses and web links. Each has a `parse` constructor; once
//! parsed, a value is valid by type and never checked again.
//!
//! One-line fields refuse CR, LF and other control characters at input, so
//! nothing a user types can become a mail header or break a calendar line.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a piece of text was refused. The message says what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TextError(pub String);

fn err(msg: impl Into<String>) -> TextError {
    TextError(msg.into())
}

fn check_one_line(value: &str, what: &str, max_chars: usize) -> Result<(), TextError> {
    if value.trim().is_empty() {
        return Err(err(format!("{what} must not be empty")));
    }
    if value.trim() != value {
        return Err(err(format!(
            "{what} must not start or end with white space"
        )));
    }
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        let name = match c {
            '\r' => "a carriage return (CR)".to_string(),
            '\n' => "a line feed (LF)".to_string(),
            '\t' => "a tab".to_string(),
            other => format!("the control character U+{:04X}", other as u32),
        };
        return Err(err(format!("{what} must be one line; it contains {name}")));
    }
    let n = value.chars().count();
    if n > max_chars {
        return Err(err(format!(
            "{what} is {n} characters long; at most {max_chars} are allowed"
        )));
    }
    Ok(())
}

/// Implements `Display`, `AsRef<str>`, `FromStr` and string serde for a
/// newtype with a `parse(&str) -> Result<Self, TextError>` constructor.
macro_rules! string_newtype {
    ($ty:ident) => {
        impl $ty {
            /// The text, as parsed.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl std::str::FromStr for $ty {
            type Err = TextError;
            fn from_str(s: &str) -> Result<Self, TextError> {
                Self::parse(s)
            }
        }
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

fn check_slug(value: &str, what: &str, max: usize) -> Result<(), TextError> {
    if value.is_empty() {
        return Err(err(format!("{what} must not be empty")));
    }
    if value.len() > max {
        return Err(err(format!(
            "{what} {value:?} is {} characters long; at most {max} are allowed",
            value.len()
        )));
    }
    if let Some(c) = value
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(err(format!(
            "{what} {value:?} contains {c:?}; use only lowercase letters a-z, digits and '-'"
        )));
    }
    if value.starts_with('-') || value.ends_with('-') {
        return Err(err(format!(
            "{what} {value:?} must not start or end with '-'"
        )));
    }
    Ok(())
}

/// A group's slug: lowercase `[a-z0-9-]`, 1 to 40 characters, no leading or
/// trailing `-`. It becomes the feed URL (`/calendars/{slug}.ics`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupSlug(String);

impl GroupSlug {
    /// Parses a slug, saying what is wrong with it.
    pub fn parse(value: &str) -> Result<Self, TextError> {
        check_slug(value, "a group slug", 40)?;
        Ok(Self(value.to_owned()))
    }
}
string_newtype!(GroupSlug);

/// The stable id of a meeting or a deadline: the same alphabet as slugs, up to
/// 64 characters. It stays the same when the item changes, so calendars and
/// mails can refer to it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemId(String);

impl ItemId {
    /// Parses an id, saying what is wrong with it.
    pub fn parse(value: &str) -> Result<Self, TextError> {
        check_slug(value, "an id", 64)?;
        Ok(Self(value.to_owned()))
    }
}
string_newtype!(ItemId);

/// A title: one line, 1 to 200 characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Title(String);

impl Title {
    /// The longest title accepted, in characters.
    pub const MAX_CHARS: usize = 200;

    /// Parses a title, saying what is wrong with it.
    pub fn parse(value: &str) -> Result<Self, TextError> {
        check_one_line(value, "the title", Self::MAX_CHARS)?;
        Ok(Self(value.to_owned()))
    }
}
string_newtype!(Title);

/// Any other one-line text (names, venues, cities, labels): 1 to 300
/// characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OneLine(String);

impl OneLine {
    /// The longest one-line value accepted, in characters.
    pub const MAX_CHARS: usize = 300;

    /// Parses a one-line value, saying what is wrong with it.
    pub fn parse(value: &str) -> Result<Self, TextError> {
        check_one_line(value, "the value", Self::MAX_CHARS)?;
        Ok(Self(value.to_owned()))
    }
}
string_newtype!(OneLine);

/// Free text that may span lines (notes, descriptions), up to 4000
/// characters. CR LF and lone CR are normalised to LF; other control
/// characters than LF and tab are refused.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Note(String);

impl Note {
    /// The longest note accepted, in characters.
    pub const MAX_CHARS: usize = 4000;

    /// Parses a note, saying what is wrong with it.
    pub fn parse(value: &str) -> Result<Self, TextError> {
        let normalised = value.replace("\r\n", "\n").replace('\r', "\n");
        let trimmed = normalised.trim();
        if trimmed.is_empty() {
            return Err(err(
                "the note must not be empty; leave the field out instead",
            ));
        }
        if let Some(c) = trimmed
            .chars()
            .find(|c| c.is_control() && *c != '\n' && *c != '\t')
        {
            return Err(err(format!(
                "the note contains the control character U+{:04X}",
                c as u32
            )));
        }
        let n = trimmed.chars().count();
        if n > Self::MAX_CHARS {
            return Err(err(format!(
                "the note is {n} characters long; at most {} are allowed",
                Self::MAX_CHARS
            )));
        }
        Ok(Self(trimmed.to_owned()))
    }
}
string_newtype!(Note);

/// An e-mail address (`local@domain.tld`), stored lowercase in the domain.
/// Deliberately strict: no display names, no quoted local parts, no white
/// space, so it is safe in a mail header as it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Email(String);

impl Email {
    /// Parses an address, saying what is wrong with it.
    pub fn parse(value: &str) -> Result<Self, TextError> {
        let bad = |why: &str| err(format!("{value:?} is not an e-mail address: {why}"));
        if value.len() > 254 {
            return Err(bad("longer than 254 characters"));
        }
        let (local, domain) = value.split_once('@').ok_or_else(|| bad("it has no '@'"))?;
        if local.is_empty() || domain.is_empty() {
            return Err(bad("the part before or after '@' is empty"));
        }
        if domain.contains('@') {
            return Err(bad("it has more than one '@'"));
        }
        let local_ok = local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._+-'".contains(c));
        if !local_ok || local.starts_with('.') || local.ends_with('.') {
            return Err(bad(
                "the part before '@' may hold letters, digits and . _ + - ' only",
            ));
        }
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !domain_ok {
            return Err(bad("the domain must look like example.org"));
        }
        Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
    }
}
string_newtype!(Email);

/// A web link (`https://…` or `http://…`), without white space or control
/// characters, up to 2000 characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WebUrl(String);

impl WebUrl {
    /// Parses a link, saying what is wrong with it.
    pub fn parse(value: &str) -> Result<Self, TextError> {
        let bad = |why: &str| err(format!("{value:?} is not a web link: {why}"));
        let rest = value
            .strip_prefix("https://")
            .or_else(|| value.strip_prefix("http://"))
            .ok_or_else(|| bad("it must start with https:// or http://"))?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if host.is_empty() {
            return Err(bad("it has no host"));
        }
        if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad("it contains white space or a control character"));
        }
        if value.len() > 2000 {
            return Err(bad("longer than 2000 characters"));
        }
        Ok(Self(value.to_owned()))
    }
}
string_newtype!(WebUrl);

/// Where to send or register: an e-mail address or a web link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Contact {
    /// Send by e-mail to this address.
    Email(Email),
    /// Go to this page.
    Url(WebUrl),
}

impl fmt::Display for Contact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Contact::Email(e) => e.fmt(f),
            Contact::Url(u) => u.fmt(f),
        }
    }
}

/// Finds the kind named `value` among `all`, or says which names there
/// are: "{value:?} is not a {what}; use one of …".
pub(crate) fn parse_kind<K: Copy, const N: usize>(
    all: [K; N],
    name: fn(&K) -> &'static str,
    what: &str,
    value: &str,
) -> Result<K, String> {
    all.into_iter().find(|k| name(k) == value).ok_or_else(|| {
        format!(
            "{value:?} is not a {what}; use one of {}",
            all.map(|k| format!("{:?}", name(&k))).join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_accept_the_seed_alphabet_only() {
        assert_eq!(
            GroupSlug::parse("tg-power").map(|s| s.0),
            Ok("tg-power".into())
        );
        assert_eq!(GroupSlug::parse("wg1").map(|s| s.0), Ok("wg1".into()));
        for bad in ["", "WG1", "wg_1", "-wg1", "wg1-", "wg 1", "wg/1", "é"] {
            assert!(GroupSlug::parse(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(GroupSlug::parse(&"a".repeat(41)).is_err());
        assert!(GroupSlug::parse(&"a".repeat(40)).is_ok());
    }

    #[test]
    fn one_line_fields_refuse_line_breaks_and_say_which() {
        let e = Title::parse("Agenda\r\nBcc: everyone@example.org").unwrap_err();
        assert_eq!(
            e.0,
            "the title must be one line; it contains a carriage return (CR)"
        );
        let e = Title::parse("a\nb").unwrap_err();
        assert_eq!(
            e.0,
            "the title must be one line; it contains a line feed (LF)"
        );
        assert!(Title::parse("  ").is_err());
        assert!(Title::parse(&"x".repeat(201)).is_err());
        assert_eq!(
            Title::parse("Réunion du GT5 — 会议").map(|t| t.0),
            Ok("Réunion du GT5 — 会议".into())
        );
    }

    #[test]
    fn notes_normalise_line_ends() {
        assert_eq!(
            Note::parse(" a\r\nb\rc ").map(|n| n.0),
            Ok("a\nb\nc".into())
        );
        assert!(Note::parse("a\u{7}b").is_err());
    }

    #[test]
    fn emails_are_strict_and_domains_lowercased() {
        assert_eq!(
            Email::parse("fgmv-wg5@Lists.ITU.int").map(|e| e.0),
            Ok("fgmv-wg5@lists.itu.int".into())
        );
        for bad in [
            "tsbfgmv",
            "@itu.int",
            "a@b",
            "a b@itu.int",
            "a@itu.int\r\nBcc: x@y.org",
            "a@@itu.int",
            "\"a\"@itu.int",
            "Name <a@itu.int>",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn web_links_need_a_scheme_and_a_host() {
        assert!(WebUrl::parse("https://remote.itu.int/").is_ok());
        assert!(WebUrl::parse("remote.itu.int").is_err());
        assert!(WebUrl::parse("https://").is_err());
        assert!(WebUrl::parse("https://a.org/x y").is_err());
        assert!(WebUrl::parse("javascript:alert(1)").is_err());
    }
}
