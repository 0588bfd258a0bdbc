//! Each meeting's events, kept written for the public feeds, so that a feed
//! that renders (with the cache of rendered bodies off, or on the first
//! request after a change) writes again only the meetings that changed
//! (issue 16: a group holding 10 000 meetings serves its window of 253
//! events at a few hundred microseconds a render).
//!
//! A feed reads its window's meetings' ids and digests (the SHA-256 of
//! each one's row, migration 13), not the meetings. A meeting's written
//! events are kept under its id and the feed's [`Context`] (the group tree
//! as stored, the language, the day), and used only while the meeting's
//! digest and deadlines are the ones they were written from. Everything
//! that shapes the bytes is in that comparison:
//! - the meeting's row (its text: what the organizer gave and the sessions
//!   an edit dropped; its version, its last change);
//! - its deadlines (each one's id, version, last change and text), listed in
//!   its description and published beside it;
//! - the groups (names, lists, join visibility), the language of the
//!   generated text, and the day, which decides what retention still
//!   publishes: the [`Context`];
//! - the configuration (UID domain, public URL, retention days), fixed for
//!   the life of the process.
//!
//! A digest the store does not know (a row written before migration 13, or
//! edited by hand since: the migration's trigger forgets the digest) is
//! never matched: such a meeting is read in full and written again.
//!
//! The memory is bounded (`server.event_cache_bytes`; 0 turns it off and a
//! feed reads and writes every meeting) and shown in `/metrics`
//! (`convene_event_cache_*`).

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use chrono::NaiveDate;
use convene_core::i18n::Lang;
use convene_core::ical::WrittenEvent;
use quick_cache::sync::Cache;
use quick_cache::{DefaultHashBuilder, Weighter};

use crate::metrics::CountEvictions;

use crate::store::{MeetingStamp, StoredDeadline};

/// What shapes a feed's events besides each meeting and its deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Context {
    /// The group tree's fingerprint ([`crate::store::Db::groups_and_fingerprint`]).
    pub groups: u64,
    /// The language of the generated text.
    pub lang: Lang,
    /// The day the feed is rendered as of.
    pub day: NaiveDate,
}

/// What a meeting's kept events were written from, beyond the [`Context`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Made {
    /// The meeting's digest ([`crate::store::meeting_digest`]).
    pub digest: i64,
    /// Its deadlines' fingerprint ([`deadlines_fingerprint`]).
    pub deadlines: u64,
}

impl Made {
    /// What a meeting read as `stamp`, with these deadlines, would be
    /// written from; `None` when the store does not know its digest.
    pub fn of(stamp: &MeetingStamp, deadlines: &[&StoredDeadline]) -> Option<Self> {
        Some(Self {
            digest: stamp.digest?,
            deadlines: deadlines_fingerprint(deadlines),
        })
    }
}

/// A fingerprint of a meeting's deadlines as stored (each one's id,
/// version, last change and text), in the order given.
pub fn deadlines_fingerprint(deadlines: &[&StoredDeadline]) -> u64 {
    let mut h = DefaultHasher::new();
    deadlines.len().hash(&mut h);
    for d in deadlines {
        d.deadline.id().as_str().hash(&mut h);
        d.version.hash(&mut h);
        d.updated_at.hash(&mut h);
        // The deadline as the organizer gave it: the same value stored
        // gives the same input, and every field shapes the events.
        crate::store::to_json(&d.deadline.to_input()).hash(&mut h);
    }
    h.finish()
}

/// A meeting's events as one feed context writes them.
#[derive(Debug)]
pub struct Written {
    made: Made,
    /// Its events (none when retention no longer publishes it), then its
    /// deadlines'.
    pub events: Vec<WrittenEvent>,
}

impl Written {
    /// Bytes held: the texts and UIDs, and the fixed parts.
    fn bytes(&self) -> u64 {
        let each = std::mem::size_of::<WrittenEvent>();
        let text: usize = self
            .events
            .iter()
            .map(|e| e.text.len() + e.uid.len() + each)
            .sum();
        (text + std::mem::size_of::<Self>()) as u64
    }
}

/// An entry's key: a meeting in a feed context.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    id: Box<str>,
    context: Context,
}

/// [`Key`] borrowed, to look one up without making one. Its fields, in the
/// same order, hash as the key's do.
#[derive(Debug, Hash)]
struct KeyRef<'a> {
    id: &'a str,
    context: Context,
}

impl quick_cache::Equivalent<Key> for KeyRef<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        *key.id == *self.id && key.context == self.context
    }
}

#[derive(Debug, Clone)]
struct ByBytes;

impl Weighter<Key, Arc<Written>> for ByBytes {
    fn weight(&self, key: &Key, w: &Arc<Written>) -> u64 {
        key.id.len() as u64 + 64 + w.bytes()
    }
}

type WrittenCache = Cache<Key, Arc<Written>, ByBytes, DefaultHashBuilder, CountEvictions>;

/// The meetings' written events of one process, at most so many bytes.
#[derive(Debug)]
pub struct KeptEvents {
    cache: Option<WrittenCache>,
}

impl KeptEvents {
    /// At most `bytes` (0: nothing is kept).
    pub fn new(bytes: u64) -> Self {
        let cache = (bytes > 0).then(|| {
            // About 2 KB a meeting's events.
            let items = usize::try_from(bytes / 2_000).unwrap_or(usize::MAX).max(16);
            WrittenCache::with(
                items,
                bytes,
                ByBytes,
                DefaultHashBuilder::default(),
                CountEvictions(|m| &m.event_cache_evictions),
            )
        });
        Self { cache }
    }

    /// Whether anything is kept (else a feed reads every meeting whole).
    pub fn is_on(&self) -> bool {
        self.cache.is_some()
    }

    /// Bytes and meetings held (for `/metrics`).
    pub fn usage(&self) -> (u64, usize) {
        self.cache
            .as_ref()
            .map_or((0, 0), |c| (c.weight(), c.len()))
    }

    /// The events of meeting `id` in `context`, if kept and written from
    /// `made` (counted by the caller, [`KeptEvents::count`]).
    pub fn get(&self, id: &str, context: Context, made: Option<Made>) -> Option<Arc<Written>> {
        let (cache, made) = (self.cache.as_ref()?, made?);
        cache
            .get(&KeyRef { id, context })
            .filter(|w| w.made == made)
    }

    /// Counts one feed's meetings found kept and not (once a feed rather
    /// than once a meeting: the counters are shared by every thread).
    pub fn count(&self, hits: usize, misses: usize) {
        if self.cache.is_some() {
            let m = crate::metrics::global();
            m.event_cache_hits.inc_by(hits as u64);
            m.event_cache_misses.inc_by(misses as u64);
        }
    }

    /// Keeps the events of meeting `id` in `context`, written from `made`
    /// (replacing what was kept for an older version).
    pub fn keep(
        &self,
        id: &str,
        context: Context,
        made: Made,
        events: Vec<WrittenEvent>,
    ) -> Arc<Written> {
        let written = Arc::new(Written { made, events });
        if let Some(cache) = &self.cache {
            let key = Key {
                id: id.into(),
                context,
            };
            cache.insert(key, written.clone());
        }
        written
    }
}
