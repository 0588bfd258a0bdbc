//! Stored meetings kept parsed in memory, so that reading a feed's window
//! of meetings does not parse and validate every meeting's JSON again on
//! every request (issue 16: a group holding 10 000 meetings).
//!
//! What is kept is a meeting's domain value ([`Meeting`] and its dropped
//! sessions) beside the exact stored text it was made from (the `input`
//! and `dropped` columns). A read still runs its query and gets each row's
//! text; an entry is used only when both texts are byte for byte the text
//! of the row just read, so it is always what parsing that row would give:
//! a new version, an edit by hand, an import, a meeting deleted and made
//! again under its id all read anew, whatever their version or time says.
//! Nothing here depends on the groups (names, lists, join visibility are
//! applied from the group tree read with each feed), on the day (retention
//! and windows are applied to each request) or on the language of a feed:
//! the value is the meeting, not any text made of it.
//!
//! The memory is bounded (`server.meeting_cache_bytes`; 0 turns it off) and
//! shown in `/metrics` (`convene_meeting_cache_*`).

use std::sync::Arc;

use convene_core::{DroppedSession, Meeting};
use quick_cache::sync::Cache;
use quick_cache::{DefaultHashBuilder, Weighter};

use crate::metrics::CountEvictions;

use super::{StoreError, dropped_from_json, meeting_from_json};

/// A meeting's domain values and the stored text they were parsed from.
#[derive(Debug)]
struct Entry {
    input: Box<str>,
    dropped_json: Box<str>,
    meeting: Meeting,
    dropped: Vec<DroppedSession>,
}

/// Weighs an entry at its texts twice over (the text, and the parsed
/// values made of it, which hold about as much) plus its fixed parts.
#[derive(Debug, Clone)]
struct ByBytes;

impl Weighter<String, Arc<Entry>> for ByBytes {
    fn weight(&self, key: &String, e: &Arc<Entry>) -> u64 {
        let text = e.input.len() + e.dropped_json.len();
        let fixed = std::mem::size_of::<Entry>()
            + e.dropped.len() * std::mem::size_of::<DroppedSession>()
            + 128;
        (key.len() + 2 * text + fixed) as u64
    }
}

type EntryCache = Cache<String, Arc<Entry>, ByBytes, DefaultHashBuilder, CountEvictions>;

/// The parsed meetings of one process, at most so many bytes.
#[derive(Debug)]
pub struct ParsedMeetings {
    cache: Option<EntryCache>,
}

impl ParsedMeetings {
    /// At most `bytes` (0: nothing is kept, every row is parsed).
    pub fn new(bytes: u64) -> Self {
        let cache = (bytes > 0).then(|| {
            // About 1 KB a meeting.
            let items = usize::try_from(bytes / 1_000).unwrap_or(usize::MAX).max(16);
            EntryCache::with(
                items,
                bytes,
                ByBytes,
                DefaultHashBuilder::default(),
                CountEvictions(|m| &m.meeting_cache_evictions),
            )
        });
        Self { cache }
    }

    /// Nothing kept: every row is parsed.
    pub fn off() -> Self {
        Self { cache: None }
    }

    /// Bytes and meetings held (for `/metrics`).
    pub fn usage(&self) -> (u64, usize) {
        self.cache
            .as_ref()
            .map_or((0, 0), |c| (c.weight(), c.len()))
    }

    /// The meeting `id` stored as `input` with the dropped sessions
    /// `dropped_json`: from memory when it holds these very texts, else
    /// parsed and validated (and kept).
    pub(super) fn get(
        &self,
        id: String,
        input: String,
        dropped_json: String,
    ) -> Result<(Meeting, Vec<DroppedSession>), StoreError> {
        let Some(cache) = &self.cache else {
            return Ok((
                meeting_from_json(&id, &input)?,
                dropped_from_json(&id, &dropped_json)?,
            ));
        };
        let m = crate::metrics::global();
        if let Some(e) = cache.get(&id)
            && *e.input == *input
            && *e.dropped_json == *dropped_json
        {
            m.meeting_cache_hits.inc();
            return Ok((e.meeting.clone(), e.dropped.clone()));
        }
        m.meeting_cache_misses.inc();
        let meeting = meeting_from_json(&id, &input)?;
        let dropped = dropped_from_json(&id, &dropped_json)?;
        let entry = Entry {
            input: input.into_boxed_str(),
            dropped_json: dropped_json.into_boxed_str(),
            meeting: meeting.clone(),
            dropped: dropped.clone(),
        };
        cache.insert(id, Arc::new(entry));
        Ok((meeting, dropped))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INPUT: &str = r#"{"id":"wg5-x","title":"WG5 e-meeting","groups":["wg5"],"kind":"e-meeting","date":"2031-06-17","start":"14:00","end":"16:00"}"#;

    fn get(p: &ParsedMeetings, input: &str, dropped: &str) -> (Meeting, Vec<DroppedSession>) {
        p.get("wg5-x".into(), input.into(), dropped.into())
            .expect("parses")
    }

    #[test]
    fn an_entry_serves_only_the_text_it_was_parsed_from() {
        let p = ParsedMeetings::new(1 << 20);
        let (first, _) = get(&p, INPUT, "[]");
        assert_eq!(first.title().as_str(), "WG5 e-meeting");
        assert_eq!(p.usage().1, 1);
        // The same id with another text (a new version, an edit by hand, a
        // meeting made again): parsed anew, not the kept value.
        let moved = INPUT
            .replace("2031-06-17", "2031-06-18")
            .replace("WG5 e-meeting", "WG5 moved");
        let (second, _) = get(&p, &moved, "[]");
        assert_eq!(second.title().as_str(), "WG5 moved");
        assert_ne!(first.sessions(), second.sessions());
        // Other dropped sessions alone are a change too.
        let dropped = r#"[{"day":2,"start":"2031-06-18T12:00:00Z","end":"2031-06-18T14:00:00Z"}]"#;
        let (_, d) = get(&p, &moved, dropped);
        assert_eq!(d.len(), 1);
        let (_, d) = get(&p, &moved, "[]");
        assert!(d.is_empty());
        assert_eq!(p.usage().1, 1, "one entry per meeting");
    }

    #[test]
    fn a_bad_row_is_corrupt_with_or_without_the_cache() {
        for p in [ParsedMeetings::new(1 << 20), ParsedMeetings::off()] {
            let e = p
                .get("wg5-x".into(), "{".into(), "[]".into())
                .expect_err("not JSON");
            assert!(matches!(e, StoreError::Corrupt { .. }), "{e}");
        }
    }

    #[test]
    fn off_keeps_nothing() {
        let p = ParsedMeetings::off();
        get(&p, INPUT, "[]");
        assert_eq!(p.usage(), (0, 0));
    }
}
