//! A small iCalendar (RFC 5545) writer: content lines with escaped TEXT,
//! CRLF line ends, and folding at 75 octets that never splits a UTF-8
//! character or an escape sequence such as `\n`.
//!
//! Why not the `icalendar` crate: at 0.17 it writes no VTIMEZONE, writes an
//! all-day DTEND equal to DTSTART, invents a random UID and a "now" DTSTAMP
//! when unset, leaves a bare CR unescaped and can fold inside an escape.
//! Those are the parts that decide whether a feed is right, so convene owns
//! them here, with tests.

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

/// Builds a calendar object line by line.
#[derive(Debug, Default, Clone)]
pub struct Writer {
    out: String,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes `NAME[;PARAMS]:VALUE` as is (the value must already be in
    /// its final form), folded at 75 octets, ending in CRLF.
    pub fn raw(&mut self, name_and_params: &str, value: &str) {
        let line = format!("{name_and_params}:{value}");
        fold_into(&mut self.out, &line);
    }

    /// Writes a TEXT property, escaped.
    pub fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &escape_text(value));
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

/// Appends `line` folded to lines of at most 75 octets (continuations start
/// with one space, which counts), each ending in CRLF. A fold never falls
/// inside a UTF-8 character or right after a backslash (so `\n`, `\,` stay
/// whole).
fn fold_into(out: &mut String, line: &str) {
    const MAX: usize = 75;
    let mut rest = line;
    let mut first = true;
    loop {
        let room = if first { MAX } else { MAX - 1 };
        if rest.len() <= room {
            if !first {
                out.push(' ');
            }
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        // Do not end a piece on the backslash of an escape pair. The pair
        // starts at an odd run of backslashes.
        let trailing = rest[..cut]
            .bytes()
            .rev()
            .take_while(|b| *b == b'\\')
            .count();
        if trailing % 2 == 1 {
            cut -= 1;
        }
        if !first {
            out.push(' ');
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n");
        rest = &rest[cut..];
        first = false;
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
