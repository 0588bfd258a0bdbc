//! A catalog: a group tree with its meetings and deadlines, checked as a
//! whole: every group a meeting names exists, every deadline's owner exists,
//! ids are unique.

use std::collections::{BTreeMap, BTreeSet};

use crate::conflict::{Conflict, find_conflicts};
use crate::deadline::{Deadline, Owner};
use crate::group::GroupTree;
use crate::meeting::Meeting;
use crate::text::{GroupSlug, ItemId};
use crate::time::Interval;
use crate::validation::FieldErrors;

/// Which item a problem is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemRef {
    /// The n-th group (0-based) and its slug if it has one.
    Group(usize, Option<String>),
    /// The n-th meeting and its id.
    Meeting(usize, Option<String>),
    /// The n-th deadline and its id.
    Deadline(usize, Option<String>),
}

impl std::fmt::Display for ItemRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (what, i, id) = match self {
            ItemRef::Group(i, id) => ("group", i, id),
            ItemRef::Meeting(i, id) => ("meeting", i, id),
            ItemRef::Deadline(i, id) => ("deadline", i, id),
        };
        match id {
            Some(id) => write!(f, "{what} {id:?}"),
            None => write!(f, "{what} #{} (no id)", i + 1),
        }
    }
}

/// Everything wrong with one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemProblem {
    /// The item.
    pub item: ItemRef,
    /// Its bad fields.
    pub errors: FieldErrors,
}

/// A valid set of groups, meetings and deadlines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Catalog {
    tree: GroupTree,
    meetings: Vec<Meeting>,
    deadlines: Vec<Deadline>,
    meeting_index: BTreeMap<ItemId, usize>,
}

impl Catalog {
    /// Checks the cross-references and builds the catalog. Meetings and
    /// deadlines keep the order given.
    pub fn new(
        tree: GroupTree,
        meetings: Vec<Meeting>,
        deadlines: Vec<Deadline>,
    ) -> Result<Self, Vec<ItemProblem>> {
        let mut problems = Vec::new();
        let mut ids: BTreeSet<&ItemId> = BTreeSet::new();
        let mut meeting_index = BTreeMap::new();
        for (i, m) in meetings.iter().enumerate() {
            let mut errs = FieldErrors::default();
            if !ids.insert(m.id()) {
                errs.push(
                    "id",
                    format!("{:?} is already the id of another item", m.id().as_str()),
                );
            }
            for (j, g) in m.groups().iter().enumerate() {
                if !tree.contains(g) {
                    errs.push(format!("groups[{j}]"), unknown_group(&tree, g));
                }
            }
            meeting_index.entry(m.id().clone()).or_insert(i);
            if !errs.is_empty() {
                problems.push(ItemProblem {
                    item: ItemRef::Meeting(i, Some(m.id().to_string())),
                    errors: errs,
                });
            }
        }
        for (i, d) in deadlines.iter().enumerate() {
            let mut errs = FieldErrors::default();
            if !ids.insert(d.id()) {
                errs.push(
                    "id",
                    format!("{:?} is already the id of another item", d.id().as_str()),
                );
            }
            match d.owner() {
                Owner::Meeting(m) if !meeting_index.contains_key(m) => errs.push(
                    "meeting",
                    format!("{:?} is not the id of a meeting", m.as_str()),
                ),
                Owner::Group(g) if !tree.contains(g) => errs.push("group", unknown_group(&tree, g)),
                _ => {}
            }
            if !errs.is_empty() {
                problems.push(ItemProblem {
                    item: ItemRef::Deadline(i, Some(d.id().to_string())),
                    errors: errs,
                });
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self {
            tree,
            meetings,
            deadlines,
            meeting_index,
        })
    }

    /// The groups.
    pub fn tree(&self) -> &GroupTree {
        &self.tree
    }

    /// All meetings, in the order given.
    pub fn meetings(&self) -> &[Meeting] {
        &self.meetings
    }

    /// All deadlines, in the order given.
    pub fn deadlines(&self) -> &[Deadline] {
        &self.deadlines
    }

    /// The meeting with this id.
    pub fn meeting(&self, id: &ItemId) -> Option<&Meeting> {
        self.meeting_index
            .get(id)
            .and_then(|i| self.meetings.get(*i))
    }

    /// The deadlines of a meeting, by closing time.
    pub fn deadlines_of(&self, meeting: &ItemId) -> Vec<&Deadline> {
        let mut out: Vec<&Deadline> = self
            .deadlines
            .iter()
            .filter(|d| matches!(d.owner(), Owner::Meeting(m) if m == meeting))
            .collect();
        out.sort_by_key(|d| (d.closes_at(), d.id().clone()));
        out
    }

    /// The groups a deadline concerns: its meeting's groups or its group.
    pub fn deadline_groups<'a>(&'a self, d: &'a Deadline) -> &'a [GroupSlug] {
        match d.owner() {
            Owner::Meeting(m) => self.meeting(m).map_or(&[], |m| m.groups()),
            Owner::Group(g) => std::slice::from_ref(g),
        }
    }

    /// The meetings of a group (with its descendants when asked) whose span
    /// touches `range` (all when `None`), by start, then id. A joint meeting
    /// appears once.
    pub fn meetings_of(
        &self,
        group: &GroupSlug,
        with_subgroups: bool,
        range: Option<Interval>,
    ) -> Vec<&Meeting> {
        let wanted: BTreeSet<&GroupSlug> = if with_subgroups {
            self.tree
                .subtree(group)
                .into_iter()
                .map(|g| &g.slug)
                .collect()
        } else {
            BTreeSet::from([group])
        };
        let mut out: Vec<&Meeting> = self
            .meetings
            .iter()
            .filter(|m| m.groups().iter().any(|g| wanted.contains(g)))
            .filter(|m| range.is_none_or(|r| m.span().overlap(&r).is_some()))
            .collect();
        out.sort_by(|a, b| (a.starts_at(), a.id()).cmp(&(b.starts_at(), b.id())));
        out
    }

    /// Every conflict among the catalog's meetings.
    pub fn conflicts(&self) -> Vec<Conflict> {
        find_conflicts(&self.tree, &self.meetings)
    }
}

fn unknown_group(tree: &GroupTree, slug: &GroupSlug) -> String {
    let close: Vec<&str> = tree
        .iter()
        .map(|g| g.slug.as_str())
        .filter(|s| s.contains(slug.as_str()) || slug.as_str().contains(s))
        .take(3)
        .collect();
    if close.is_empty() {
        format!("{:?} is not a known group", slug.as_str())
    } else {
        format!(
            "{:?} is not a known group (did you mean {}?)",
            slug.as_str(),
            close
                .iter()
                .map(|s| format!("{s:?}"))
                .collect::<Vec<_>>()
                .join(" or ")
        )
    }
}
