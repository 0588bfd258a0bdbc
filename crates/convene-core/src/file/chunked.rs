//! A valid schedule file read item by item, so that a large one (an archive
//! of a million meetings) is never held as a whole TOML document.
//!
//! The `toml` crate does not stream: `toml::from_str` parses the whole text
//! into a document (every key, value and span) before deserializing, which
//! for a million meetings is gigabytes beside the text and the items. So the
//! text is cut at its top-level item headers (`[[groups]]`, `[[meetings]]`,
//! `[[deadlines]]`, `[defaults]`), each piece is deserialized on its own
//! into the file's typed items and validated at once, and only the
//! validated values are kept.
//!
//! This is only the path of a file in which everything is right. At the
//! first doubt (a piece that does not parse, a piece holding what its
//! header does not announce, a second `[defaults]`, an invalid item, a
//! cross-reference that does not hold) it gives up and the caller parses the
//! whole text as before, which names the line, the item and the field of
//! every problem exactly as it always did. Cutting is conservative: a cut
//! where there should be none leaves a piece with an unterminated string or
//! array, which does not parse (so the whole text is parsed instead), and a
//! header the cutter does not recognise (`[[ meetings ]]`) merely stays
//! inside the piece before it, which TOML reads the same way.

use std::collections::{HashMap, HashSet};

use super::{FileError, RawFile};
use crate::catalog::Catalog;
use crate::deadline::{Deadline, DeadlineInput, Owner};
use crate::derive::{DeadlinePolicy, derive_deadlines};
use crate::group::GroupTree;
use crate::meeting::Defaults;
use crate::meeting::Meeting;
use crate::text::ItemId;
use crate::time::parse_zone;

/// What a piece of the file starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Before the first item header: comments and blank lines.
    Prefix,
    Defaults,
    Groups,
    Meetings,
    Deadlines,
}

/// The item header a line is, if it is exactly one (a comment may follow).
fn header(line: &str) -> Option<Kind> {
    let text = line.split('#').next().unwrap_or("").trim();
    match text {
        "[defaults]" => Some(Kind::Defaults),
        "[[groups]]" => Some(Kind::Groups),
        "[[meetings]]" => Some(Kind::Meetings),
        "[[deadlines]]" => Some(Kind::Deadlines),
        _ => None,
    }
}

/// Where the scanner is at the end of a line.
#[derive(Debug, Clone, Copy, Default)]
struct Scan {
    /// Inside a multi-line basic (`"""`) string.
    basic: bool,
    /// Inside a multi-line literal (`'''`) string.
    literal: bool,
    /// Open arrays and inline tables.
    depth: usize,
}

impl Scan {
    fn at_top(&self) -> bool {
        !self.basic && !self.literal && self.depth == 0
    }

    /// Follows strings, comments and brackets through one line.
    fn line(&mut self, line: &[u8]) {
        let mut i = 0;
        let at = |i: usize, s: &[u8]| line.get(i..).is_some_and(|r| r.starts_with(s));
        while i < line.len() {
            if self.basic {
                if line[i] == b'\\' {
                    i += 2;
                } else if at(i, b"\"\"\"") {
                    self.basic = false;
                    i += 3;
                    // `""""` and `"""""` end with quotes in the string.
                    while line.get(i) == Some(&b'"') {
                        i += 1;
                    }
                } else {
                    i += 1;
                }
                continue;
            }
            if self.literal {
                if at(i, b"'''") {
                    self.literal = false;
                    i += 3;
                    while line.get(i) == Some(&b'\'') {
                        i += 1;
                    }
                } else {
                    i += 1;
                }
                continue;
            }
            match line[i] {
                b'#' => return,
                b'"' if at(i, b"\"\"\"") => {
                    self.basic = true;
                    i += 3;
                }
                b'"' => {
                    i += 1;
                    while i < line.len() {
                        match line[i] {
                            b'\\' => i += 2,
                            b'"' => {
                                i += 1;
                                break;
                            }
                            _ => i += 1,
                        }
                    }
                }
                b'\'' if at(i, b"'''") => {
                    self.literal = true;
                    i += 3;
                }
                b'\'' => {
                    i += 1;
                    while i < line.len() && line[i] != b'\'' {
                        i += 1;
                    }
                    i += 1;
                }
                b'[' | b'{' => {
                    self.depth += 1;
                    i += 1;
                }
                b']' | b'}' => {
                    self.depth = self.depth.saturating_sub(1);
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }
}

/// The pieces of `src`: what each starts with, and its byte range.
fn pieces(src: &str) -> Vec<(Kind, usize, usize)> {
    let mut out = Vec::new();
    let (mut kind, mut start) = (Kind::Prefix, 0);
    let mut scan = Scan::default();
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        if scan.at_top() {
            let trimmed = line.trim_start_matches([' ', '\t']);
            if trimmed.starts_with('[') {
                // A table header: it opens no string or array.
                if let Some(next) = header(trimmed) {
                    if here > start || kind != Kind::Prefix {
                        out.push((kind, start, here));
                    }
                    (kind, start) = (next, here);
                }
                continue;
            }
        }
        scan.line(line.as_bytes());
    }
    out.push((kind, start, src.len()));
    out
}

/// Only what `kind` announces: nothing for the prefix, the zone for
/// `[defaults]`, one kind of item for the others.
fn holds_only(raw: &RawFile, kind: Kind) -> bool {
    let defaults = raw.defaults.zone.is_some();
    let (g, m, d) = (
        !raw.groups.is_empty(),
        !raw.meetings.is_empty(),
        !raw.deadlines.is_empty(),
    );
    match kind {
        Kind::Prefix => !(defaults || g || m || d),
        Kind::Defaults => !(g || m || d),
        Kind::Groups => !(defaults || m || d),
        Kind::Meetings => !(defaults || g || d),
        Kind::Deadlines => !(defaults || g || m),
    }
}

/// A piece: what it starts with, and its byte range.
type Piece = (Kind, usize, usize);

/// A valid schedule file's items, checked piece by piece and walked one at
/// a time, so that they are never all in memory at once: the text is kept,
/// and each item is deserialized and validated again when walked (the same
/// code on the same text gives the same item). See [`ScheduleItems`].
#[derive(Debug)]
struct Pieces<'a> {
    src: &'a str,
    pieces: Vec<Piece>,
    policies: &'a [DeadlinePolicy],
    defaults: Defaults,
    tree: GroupTree,
    meetings: usize,
    deadlines: usize,
    /// The pieces that hold a meeting whose deadlines are derived.
    deriving: Vec<usize>,
    /// The meetings deadlines belong to, and the zones of those the file's
    /// deadlines name.
    owners: HashSet<ItemId>,
    zones: HashMap<ItemId, chrono_tz::Tz>,
}

impl<'a> Pieces<'a> {
    /// Checks `src` as [`super::parse_schedule_with`] would, holding only
    /// the ids; `None` at the first doubt (see the module docs).
    pub(super) fn check(src: &'a str, policies: &'a [DeadlinePolicy]) -> Option<Self> {
        let pieces = pieces(src);
        if pieces.iter().filter(|p| p.0 == Kind::Defaults).count() > 1 {
            return None;
        }
        // Before the first header, only comments: top-level keys (`groups =
        // [...]`) may clash with the headers after them.
        let prefix = pieces
            .first()
            .filter(|p| p.0 == Kind::Prefix)
            .map_or(0, |p| p.2);
        let comment = |l: &str| l.trim().is_empty() || l.trim_start().starts_with('#');
        if !src.get(..prefix)?.lines().all(comment) {
            return None;
        }
        let mut defaults = Defaults::default();
        for raw in read(src, &pieces, Kind::Defaults) {
            if let Some(z) = raw?.defaults.zone {
                defaults.zone = parse_zone(&z).ok()?;
            }
        }
        let mut groups = Vec::new();
        for raw in read(src, &pieces, Kind::Groups) {
            for g in raw?.groups {
                groups.push(g.get_ref().validate().ok()?);
            }
        }
        let tree = GroupTree::new(groups).ok()?;
        let mut this = Self {
            src,
            pieces,
            policies,
            defaults,
            tree,
            meetings: 0,
            deadlines: 0,
            deriving: Vec::new(),
            owners: HashSet::new(),
            zones: HashMap::new(),
        };
        this.check_items()?;
        Some(this)
    }

    /// The cross-references of [`Catalog::new`], on ids alone.
    fn check_items(&mut self) -> Option<()> {
        // The meetings the file's deadlines name, for their zones.
        let mut named = HashSet::new();
        for raw in read(self.src, &self.pieces, Kind::Deadlines) {
            for d in raw?.deadlines {
                if let Some(id) = d.get_ref().meeting.as_deref() {
                    named.insert(ItemId::parse(id).ok()?);
                }
            }
        }
        let mut meeting_ids = HashSet::new();
        let mut deadline_ids = HashSet::new();
        for (k, piece) in self.pieces.iter().enumerate() {
            if piece.0 != Kind::Meetings {
                continue;
            }
            let mut derives = false;
            for m in parse_piece(self.src, piece)?.meetings {
                let input = m.get_ref();
                let meeting = input.validate(&self.defaults).ok()?;
                if !meeting.groups().iter().all(|g| self.tree.contains(g)) {
                    return None;
                }
                if input.deadlines.as_deref() == Some("derive") {
                    derives = true;
                    for d in derived(self.policies, &meeting)? {
                        deadline_ids.insert(d.id().clone()).then_some(())?;
                        self.deadlines += 1;
                    }
                    self.owners.insert(meeting.id().clone());
                }
                if named.contains(meeting.id()) {
                    self.zones.insert(meeting.id().clone(), meeting.zone());
                }
                meeting_ids.insert(meeting.id().clone()).then_some(())?;
                self.meetings += 1;
            }
            if derives {
                self.deriving.push(k);
            }
        }
        for raw in read(self.src, &self.pieces, Kind::Deadlines) {
            for d in raw?.deadlines {
                let d = d
                    .get_ref()
                    .validate(&self.deadline_defaults(d.get_ref()))
                    .ok()?;
                let id = d.id().clone();
                if meeting_ids.contains(&id) || !deadline_ids.insert(id) {
                    return None;
                }
                match d.owner() {
                    Owner::Meeting(m) if meeting_ids.contains(m) => {
                        self.owners.insert(m.clone());
                    }
                    Owner::Group(g) if self.tree.contains(g) => {}
                    _ => return None,
                }
                self.deadlines += 1;
            }
        }
        // Derived ids against the meetings' (checked above, after them).
        deadline_ids
            .iter()
            .all(|id| !meeting_ids.contains(id))
            .then_some(())
    }

    /// A file deadline's zone: its meeting's unless it says otherwise.
    fn deadline_defaults(&self, d: &DeadlineInput) -> Defaults {
        let zone = d
            .meeting
            .as_deref()
            .and_then(|id| ItemId::parse(id).ok())
            .and_then(|id| self.zones.get(&id).copied());
        Defaults {
            zone: zone.unwrap_or(self.defaults.zone),
        }
    }

    /// The meetings, in the file's order.
    fn meetings(&self) -> impl Iterator<Item = Result<Meeting, FileError>> + '_ {
        self.pieces
            .iter()
            .filter(|p| p.0 == Kind::Meetings)
            .flat_map(move |p| self.items(p, |raw| raw.meetings))
            .map(move |m| {
                m.and_then(|m| m.get_ref().validate(&self.defaults).map_err(|_| changed()))
            })
    }

    /// The deadlines: derived ones first, in their meetings' order, then
    /// the file's.
    fn deadlines(&self) -> impl Iterator<Item = Result<Deadline, FileError>> + '_ {
        let derived = self
            .deriving
            .iter()
            .filter_map(|k| self.pieces.get(*k))
            .flat_map(move |p| self.items(p, |raw| raw.meetings))
            .flat_map(move |m| {
                let all = m.and_then(|m| {
                    if m.get_ref().deadlines.as_deref() != Some("derive") {
                        return Ok(Vec::new());
                    }
                    let meeting = m
                        .get_ref()
                        .validate(&self.defaults)
                        .map_err(|_| changed())?;
                    derived(self.policies, &meeting).ok_or_else(changed)
                });
                match all {
                    Ok(all) => all.into_iter().map(Ok).collect::<Vec<_>>(),
                    Err(e) => vec![Err(e)],
                }
            });
        let own = self
            .pieces
            .iter()
            .filter(|p| p.0 == Kind::Deadlines)
            .flat_map(move |p| self.items(p, |raw| raw.deadlines))
            .map(move |d| {
                d.and_then(|d| {
                    let d = d.get_ref();
                    d.validate(&self.deadline_defaults(d))
                        .map_err(|_| changed())
                })
            });
        derived.chain(own)
    }

    /// The items of one piece.
    fn items<T>(
        &self,
        piece: &Piece,
        take: impl Fn(RawFile) -> Vec<T>,
    ) -> Vec<Result<T, FileError>> {
        match parse_piece(self.src, piece) {
            Some(raw) => take(raw).into_iter().map(Ok).collect(),
            None => vec![Err(changed())],
        }
    }
}

/// What walking a checked file cannot meet (the text is the one checked).
fn changed() -> FileError {
    FileError::Syntax("the schedule file no longer reads as it did when it was checked".into())
}

/// A meeting's derived deadlines, validated; `None` without a policy or
/// when one is invalid.
fn derived(policies: &[DeadlinePolicy], meeting: &Meeting) -> Option<Vec<Deadline>> {
    let policy = DeadlinePolicy::for_meeting(policies, meeting)?;
    let own = Defaults {
        zone: meeting.zone(),
    };
    derive_deadlines(meeting, policy)
        .iter()
        .map(|d| d.validate(&own).ok())
        .collect()
}

/// One piece deserialized, if it holds only what its header announces.
fn parse_piece(src: &str, &(kind, from, to): &Piece) -> Option<RawFile> {
    let raw: RawFile = toml::from_str(src.get(from..to)?).ok()?;
    holds_only(&raw, kind).then_some(raw)
}

/// The pieces of one kind, deserialized.
fn read<'p>(
    src: &'p str,
    pieces: &'p [Piece],
    kind: Kind,
) -> impl Iterator<Item = Option<RawFile>> + 'p {
    pieces
        .iter()
        .filter(move |p| p.0 == kind)
        .map(move |p| parse_piece(src, p))
}

/// A valid schedule file's groups, meetings and deadlines: a [`Catalog`],
/// or for a file read piece by piece, the file's text walked item by item
/// ([`Pieces`]), so that a large file's items are never all in memory.
#[derive(Debug)]
pub struct ScheduleItems<'a>(Items<'a>);

#[derive(Debug)]
enum Items<'a> {
    /// All in memory, and the meetings deadlines belong to.
    Whole(Catalog, HashSet<ItemId>),
    /// Walked from the text.
    Pieces(Pieces<'a>),
}

impl<'a> ScheduleItems<'a> {
    /// Checks a schedule file's text as [`super::parse_schedule_with`]
    /// does (the same errors), keeping the items in the text when it can.
    pub fn check(src: &'a str, policies: &'a [DeadlinePolicy]) -> Result<Self, FileError> {
        match Pieces::check(src, policies) {
            Some(p) => Ok(Self(Items::Pieces(p))),
            None => super::parse_whole(src, policies).map(Self::from),
        }
    }

    /// Whether the items are walked from the text (not all in memory).
    pub fn walked(&self) -> bool {
        matches!(self.0, Items::Pieces(_))
    }

    /// The groups.
    pub fn tree(&self) -> &GroupTree {
        match &self.0 {
            Items::Whole(c, _) => c.tree(),
            Items::Pieces(p) => &p.tree,
        }
    }

    /// How many meetings and deadlines (derived ones included).
    pub fn counts(&self) -> (usize, usize) {
        match &self.0 {
            Items::Whole(c, _) => (c.meetings().len(), c.deadlines().len()),
            Items::Pieces(p) => (p.meetings, p.deadlines),
        }
    }

    /// The meetings in the file's order, one at a time.
    pub fn meetings(&self) -> Box<dyn Iterator<Item = Result<Meeting, FileError>> + '_> {
        match &self.0 {
            Items::Whole(c, _) => Box::new(c.meetings().iter().cloned().map(Ok)),
            Items::Pieces(p) => Box::new(p.meetings()),
        }
    }

    /// The deadlines in [`Catalog::deadlines`]' order, one at a time.
    pub fn deadlines(&self) -> Box<dyn Iterator<Item = Result<Deadline, FileError>> + '_> {
        match &self.0 {
            Items::Whole(c, _) => Box::new(c.deadlines().iter().cloned().map(Ok)),
            Items::Pieces(p) => Box::new(p.deadlines()),
        }
    }

    /// Whether deadlines belong to the meeting `id` (a walker keeps such
    /// meetings for them).
    pub fn owns_deadlines(&self, id: &ItemId) -> bool {
        match &self.0 {
            Items::Whole(_, owners) => owners.contains(id),
            Items::Pieces(p) => p.owners.contains(id),
        }
    }

    /// All items at once.
    pub fn into_catalog(self) -> Result<Catalog, FileError> {
        match self.0 {
            Items::Whole(c, _) => Ok(c),
            Items::Pieces(p) => {
                let meetings = p.meetings().collect::<Result<Vec<_>, _>>()?;
                let deadlines = p.deadlines().collect::<Result<Vec<_>, _>>()?;
                let tree = p.tree.clone();
                Catalog::new(tree, meetings, deadlines).map_err(|_| changed())
            }
        }
    }
}

impl From<Catalog> for ScheduleItems<'_> {
    fn from(c: Catalog) -> Self {
        let owners = c
            .deadlines()
            .iter()
            .filter_map(|d| match d.owner() {
                Owner::Meeting(m) => Some(m.clone()),
                Owner::Group(_) => None,
            })
            .collect();
        Self(Items::Whole(c, owners))
    }
}

#[cfg(test)]
mod tests;
