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

    fn push(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    /// `n` with at least `width` digits, zero-padded.
    fn num(&mut self, n: u32, width: usize) {
        let mut tmp = [b'0'; 10];
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
        let start = i.min(tmp.len().saturating_sub(width));
        for &b in &tmp[start..] {
            self.push(b);
        }
    }

    /// Two digits (`{:02}` of a value below 100).
    fn two(&mut self, n: u32) {
        self.push(b'0' + (n / 10 % 10) as u8);
        self.push(b'0' + (n % 10) as u8);
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        // Only ASCII bytes are ever pushed.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }

    /// `YYYYMMDD`; `None` outside the years 0-9999.
    pub fn date(d: NaiveDate) -> Option<Self> {
        let y = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
        let mut s = Self::new();
        s.two(y / 100);
        s.two(y % 100);
        s.two(d.month());
        s.two(d.day());
        Some(s)
    }

    /// `YYYYMMDDTHHMMSS`.
    pub fn datetime(t: NaiveDateTime) -> Option<Self> {
        let mut s = Self::date(t.date())?;
        s.push(b'T');
        s.two(t.hour());
        s.two(t.minute());
        s.two(t.second());
        Some(s)
    }

    /// `YYYYMMDDTHHMMSSZ`.
    pub fn utc(t: DateTime<Utc>) -> Option<Self> {
        let mut s = Self::datetime(t.naive_utc())?;
        s.push(b'Z');
        Some(s)
    }

    /// `HH:MM`.
    pub fn hh_mm(t: impl Timelike) -> Self {
        let mut s = Self::new();
        s.two(t.hour());
        s.push(b':');
        s.two(t.minute());
        s
    }

    /// A whole number (`SEQUENCE`, a day, a year).
    pub fn int(n: i64) -> Self {
        let mut s = Self::new();
        if n < 0 {
            s.push(b'-');
        }
        let mag = n.unsigned_abs();
        match u32::try_from(mag) {
            Ok(m) => s.num(m, 1),
            // Beyond u32: in two parts (no version or year gets there).
            Err(_) => {
                s.num(u32::try_from(mag / 1_000_000_000).unwrap_or(u32::MAX), 1);
                s.num(u32::try_from(mag % 1_000_000_000).unwrap_or(0), 9);
            }
        }
        s
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

/// Whether any of the eight bytes of `w` may be in [`SPECIAL`]: one below
/// 0x20 (tab included, so a word with a tab is looked at byte by byte),
/// DEL, `\\`, `;` or `,` (the classic "has a zero byte" test, on `w` and on
/// `w` xor each special byte repeated).
fn may_be_special(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH != 0;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    below(w, 0x20)
        || zero(w ^ (ONES * 0x7f))
        || zero(w ^ (ONES * u64::from(b'\\')))
        || zero(w ^ (ONES * u64::from(b';')))
        || zero(w ^ (ONES * u64::from(b',')))
}

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
            // Eight bytes at a time while none of them is special (most
            // text has no special byte at all).
            if let Some(word) = bytes
                .get(i..i + 8)
                .and_then(|w| <[u8; 8]>::try_from(w).ok())
                && !may_be_special(u64::from_le_bytes(word))
            {
                i += 8;
                continue;
            }
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

    /// Appends whole lines already written by a writer (each ending in
    /// CRLF), as they are: a [`super::WrittenEvent`]'s text.
    pub fn lines(&mut self, text: &str) {
        debug_assert!(self.col == 0 && (text.is_empty() || text.ends_with("\r\n")));
        self.out.push_str(text);
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

    #[test]
    fn every_ascii_character_at_every_place_in_a_word_is_escaped() {
        for c in (0u8..128).map(char::from) {
            for at in 0..20 {
                let mut value: String = "abcdefghijklmnopqrstuvwxyz".into();
                value.insert(at, c);
                let mut w = Writer::new();
                w.text("X", &value);
                let out = w.finish().replace("\r\n ", "");
                assert_eq!(
                    out,
                    format!("X:{}\r\n", escape_text(&value)),
                    "{c:?} at {at}"
                );
            }
        }
    }

    #[test]
    fn digits_write_what_format_writes() {
        for (y, m, d) in [(2023, 9, 7), (999, 1, 31), (5, 12, 1), (9999, 12, 31)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("date");
            let t = date.and_hms_opt(7, 5, 9).expect("time");
            assert_eq!(
                Digits::date(date).map(|x| x.as_str().to_owned()),
                Some(format!("{y:04}{m:02}{d:02}"))
            );
            assert_eq!(
                Digits::utc(t.and_utc()).map(|x| x.as_str().to_owned()),
                Some(format!("{y:04}{m:02}{d:02}T070509Z"))
            );
            assert_eq!(Digits::hh_mm(t).as_str(), "07:05");
        }
        let far = NaiveDate::from_ymd_opt(10_000, 1, 1).expect("date");
        assert!(Digits::date(far).is_none());
        assert_eq!(basic_date(far), "100000101");
        for n in [0, 7, -3, 1_234_567, i64::from(u32::MAX) + 5, -9_876_543_210] {
            assert_eq!(Digits::int(n).as_str(), n.to_string());
        }
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
