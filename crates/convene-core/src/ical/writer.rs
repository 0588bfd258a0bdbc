//! A small iCalendar (RFC 5545) writer: content lines with escaped TEXT,
//! CRLF line ends, and folding at 75 octets that never splits a UTF-8
//! character or an escape sequence such as `\n`.
//!
//! Why not the `icalendar` crate: at 0.17 it writes no VTIMEZONE, writes an
//! all-day DTEND equal to DTSTART, invents a random UID and a "now" DTSTAMP
//! when unset, leaves a bare CR unescaped and can fold inside an escape.
//! Those are the parts that decide whether a feed is right, so convene owns
//! them here, with tests.

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};

/// A short run of ASCII digits and punctuation, built on the stack: the
/// dates and times of a feed, written by hand (chrono's `format` parses its
/// pattern on every call, and `write!` with padding is slow, which shows
/// on a 10 000-event feed).
#[derive(Debug, Clone, Copy)]
pub struct Digits {
    buf: [u8; 24],
    len: usize,
}

impl Digits {
    fn new() -> Self {
        Self {
            buf: [0; 24],
            len: 0,
        }
    }

    /// `n` with at least `width` digits, zero-padded.
    fn num(mut self, n: u32, width: usize) -> Self {
        let mut tmp = [0u8; 10];
        let mut i = tmp.len();
        let mut n = n;
        loop {
            i -= 1;
            tmp[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        while tmp.len() - i < width && i > 0 {
            i -= 1;
            tmp[i] = b'0';
        }
        for &b in &tmp[i..] {
            self = self.byte(b);
        }
        self
    }

    fn byte(mut self, b: u8) -> Self {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
        self
    }

    /// A year as `{:04}` writes it; `None` outside 0..=9999.
    fn year(self, y: i32) -> Option<Self> {
        u32::try_from(y)
            .ok()
            .filter(|y| *y <= 9999)
            .map(|y| self.num(y, 4))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        // Only ASCII bytes are ever pushed.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }

    /// `YYYYMMDD`.
    pub fn date(d: NaiveDate) -> Option<Self> {
        Some(
            Self::new()
                .year(d.year())?
                .num(d.month(), 2)
                .num(d.day(), 2),
        )
    }

    /// `YYYYMMDDTHHMMSS`.
    pub fn datetime(t: NaiveDateTime) -> Option<Self> {
        Some(
            Self::date(t.date())?
                .byte(b'T')
                .num(t.hour(), 2)
                .num(t.minute(), 2)
                .num(t.second(), 2),
        )
    }

    /// `YYYYMMDDTHHMMSSZ`.
    pub fn utc(t: DateTime<Utc>) -> Option<Self> {
        Self::datetime(t.naive_utc()).map(|d| d.byte(b'Z'))
    }

    /// `HH:MM`.
    pub fn hh_mm(t: impl Timelike) -> Self {
        Self::new().num(t.hour(), 2).byte(b':').num(t.minute(), 2)
    }

    /// A whole number (`SEQUENCE`).
    pub fn int(n: i64) -> Self {
        let d = if n < 0 {
            Self::new().byte(b'-')
        } else {
            Self::new()
        };
        let mag = n.unsigned_abs();
        match u32::try_from(mag) {
            Ok(m) => d.num(m, 1),
            // Beyond u32: in two halves (no version gets there).
            Err(_) => d
                .num(u32::try_from(mag / 1_000_000_000).unwrap_or(u32::MAX), 1)
                .num(u32::try_from(mag % 1_000_000_000).unwrap_or(0), 9),
        }
    }
}

/// `YYYYMMDD` (iCalendar DATE).
pub fn basic_date(d: NaiveDate) -> String {
    match Digits::date(d) {
        Some(s) => s.as_str().to_owned(),
        None => format!("{:04}{:02}{:02}", d.year(), d.month(), d.day()),
    }
}

/// `YYYYMMDDTHHMMSS` (iCalendar local DATE-TIME).
pub fn basic_datetime(t: NaiveDateTime) -> String {
    match Digits::datetime(t) {
        Some(s) => s.as_str().to_owned(),
        None => {
            let mut s = String::with_capacity(16);
            let _ = write!(
                s,
                "{:04}{:02}{:02}T{:02}{:02}{:02}",
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            );
            s
        }
    }
}

/// `YYYYMMDDTHHMMSSZ` (iCalendar UTC DATE-TIME).
pub fn utc_stamp(t: DateTime<Utc>) -> String {
    let mut s = basic_datetime(t.naive_utc());
    s.push('Z');
    s
}

/// `HH:MM`.
pub fn hh_mm(t: impl Timelike) -> String {
    Digits::hh_mm(t).as_str().to_owned()
}

/// Escapes a TEXT value: `\` `;` `,` and line breaks (CRLF, LF and a bare
/// CR all become `\n`).
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Builds a calendar object line by line, escaping and folding in one pass
/// straight into its buffer.
#[derive(Debug, Default, Clone)]
pub struct Writer {
    out: String,
    /// Octets on the current physical line.
    col: usize,
}

/// Bytes a TEXT value cannot carry as they are: the ones to escape (`\\`
/// `;` `,` CR LF) and the other ASCII control characters (dropped), all but
/// tab. A table, since this is looked up for every byte of a feed.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = i != 0x09;
        i += 1;
    }
    t[0x7f] = true;
    t[b'\\' as usize] = true;
    t[b';' as usize] = true;
    t[b',' as usize] = true;
    t
};

/// The longest physical line, in octets, without its CRLF.
const MAX_LINE: usize = 75;

impl Writer {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty writer with room for `bytes`.
    pub fn with_capacity(bytes: usize) -> Self {
        Self {
            out: String::with_capacity(bytes),
            col: 0,
        }
    }

    /// Appends one unbreakable piece (a character, or an escape pair),
    /// folding first if it would not fit.
    fn piece(&mut self, p: &str) {
        if self.col + p.len() > MAX_LINE {
            self.out.push_str("\r\n ");
            self.col = 1;
        }
        self.out.push_str(p);
        self.col += p.len();
    }

    /// Appends `s` without escaping, folding between characters: whole runs
    /// are copied at once, cut only where a line is full.
    fn plain(&mut self, s: &str) {
        let mut rest = s;
        while !rest.is_empty() {
            let room = MAX_LINE.saturating_sub(self.col);
            if rest.len() <= room {
                self.out.push_str(rest);
                self.col += rest.len();
                return;
            }
            let mut cut = room;
            while cut > 0 && !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            self.out.push_str(&rest[..cut]);
            self.out.push_str("\r\n ");
            self.col = 1;
            rest = &rest[cut..];
        }
    }

    fn end_line(&mut self) {
        self.out.push_str("\r\n");
        self.col = 0;
    }

    /// Writes `NAME[;PARAMS]:VALUE` as is (the value must already be in
    /// its final form), folded at 75 octets, ending in CRLF.
    pub fn raw(&mut self, name_and_params: &str, value: &str) {
        self.plain(name_and_params);
        self.piece(":");
        self.plain(value);
        self.end_line();
    }

    /// Writes `NAME[;PARAMS]:VALUE` as [`Writer::raw`] does, the name and
    /// parameters given in parts (no string is built for them).
    pub fn raw_parts(&mut self, name_and_params: &[&str], value: &str) {
        for part in name_and_params {
            self.plain(part);
        }
        self.piece(":");
        self.plain(value);
        self.end_line();
    }

    /// Writes a TEXT property, escaping as it goes (see [`escape_text`]).
    pub fn text(&mut self, name: &str, value: &str) {
        self.plain(name);
        self.piece(":");
        let bytes = value.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // Only ASCII bytes need escaping or dropping; UTF-8 continuation
            // and lead bytes are >= 0x80 and pass through in runs.
            let special = SPECIAL[usize::from(b)];
            if !special {
                i += 1;
                continue;
            }
            self.plain(&value[start..i]);
            match b {
                b'\\' => self.piece("\\\\"),
                b';' => self.piece("\\;"),
                b',' => self.piece("\\,"),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    self.piece("\\n");
                }
                b'\n' => self.piece("\\n"),
                _ => {} // other control characters are dropped
            }
            i += 1;
            start = i;
        }
        self.plain(&value[start..]);
        self.end_line();
    }

    /// `BEGIN:NAME`.
    pub fn begin(&mut self, name: &str) {
        self.raw("BEGIN", name);
    }

    /// `END:NAME`.
    pub fn end(&mut self, name: &str) {
        self.raw("END", name);
    }

    /// The text written so far.
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escaping_covers_every_special_and_bare_cr() {
        assert_eq!(
            escape_text("a,b;c\\d\ne\r\nf\rg"),
            "a\\,b\\;c\\\\d\\ne\\nf\\ng"
        );
        assert_eq!(escape_text("bell\u{7}"), "bell");
        assert_eq!(escape_text("Réunion 会议"), "Réunion 会议");
    }

    fn lines(s: &str) -> Vec<&str> {
        s.split("\r\n").filter(|l| !l.is_empty()).collect()
    }

    #[test]
    fn folding_keeps_lines_within_75_octets_and_round_trips() {
        let mut w = Writer::new();
        let value = "x".repeat(200);
        w.text("DESCRIPTION", &value);
        let out = w.finish();
        assert!(out.ends_with("\r\n"));
        assert!(!out.replace("\r\n", "").contains('\r'));
        for l in lines(&out) {
            assert!(l.len() <= 75, "{} octets: {l:?}", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("DESCRIPTION:{value}\r\n"));
    }

    #[test]
    fn folding_never_splits_a_utf8_character() {
        let mut w = Writer::new();
        let value = "é会".repeat(40);
        w.text("SUMMARY", &value);
        let out = w.finish();
        for l in lines(&out) {
            assert!(l.len() <= 75);
            assert!(std::str::from_utf8(l.as_bytes()).is_ok());
        }
        assert_eq!(out.replace("\r\n ", ""), format!("SUMMARY:{value}\r\n"));
    }

    #[test]
    fn folding_never_splits_an_escape() {
        // Put a `\n` escape across every possible fold position.
        for pad in 0..80 {
            let mut w = Writer::new();
            let value = format!("{}\n{}", "a".repeat(pad), "b,c;d\\e".repeat(20));
            w.text("DESCRIPTION", &value);
            let out = w.finish();
            for l in lines(&out) {
                assert!(l.len() <= 75);
                let body = l.strip_prefix(' ').unwrap_or(l);
                let trailing = body.bytes().rev().take_while(|b| *b == b'\\').count();
                assert_eq!(trailing % 2, 0, "a line ends inside an escape: {l:?}");
            }
            assert_eq!(
                out.replace("\r\n ", ""),
                format!("DESCRIPTION:{}\r\n", escape_text(&value))
            );
        }
    }
}
