//! Groups form a tree: a Focus Group, Working Groups under it, Task Groups
//! under the FG or a WG. A group without a mailing list (or contact address)
//! uses its nearest ancestor's; so does one without a language
//! ([`group_language`]).
//!
//! Nesting rules (see [`GroupKind::may_sit_under`]): a focus group is a
//! root; a working group sits under a focus group; a task group sits under
//! the focus group or a working group, never under another task group. A
//! working or task group without a parent is allowed (a tree of its own).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::join::{MemberPattern, Visibility};
use crate::participants::{ParticipantZoneInput, Participation};
use crate::text::{Email, GroupSlug, OneLine};
use crate::validation::{FieldError, FieldErrors};

/// What kind of group this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroupKind {
    /// A Focus Group (the root in the FG-MV model).
    FocusGroup,
    /// A Working Group.
    WorkingGroup,
    /// A Task Group, under the FG or under a WG.
    TaskGroup,
}

impl GroupKind {
    /// Parses `focus-group`, `working-group` or `task-group`.
    pub fn parse(value: &str) -> Result<Self, String> {
        match value {
            "focus-group" => Ok(Self::FocusGroup),
            "working-group" => Ok(Self::WorkingGroup),
            "task-group" => Ok(Self::TaskGroup),
            other => Err(format!(
                "{other:?} is not a group kind; use \"focus-group\", \"working-group\" or \"task-group\""
            )),
        }
    }

    /// The kebab-case name used in files and the API.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::FocusGroup => "focus-group",
            Self::WorkingGroup => "working-group",
            Self::TaskGroup => "task-group",
        }
    }

    /// The kind in words, for messages ("task group").
    pub fn label(&self) -> &'static str {
        match self {
            Self::FocusGroup => "focus group",
            Self::WorkingGroup => "working group",
            Self::TaskGroup => "task group",
        }
    }

    /// The kinds a group of this kind may sit under; empty for a focus
    /// group, which is always a root.
    pub fn allowed_parents(&self) -> &'static [GroupKind] {
        match self {
            Self::FocusGroup => &[],
            Self::WorkingGroup => &[Self::FocusGroup],
            Self::TaskGroup => &[Self::FocusGroup, Self::WorkingGroup],
        }
    }

    /// Whether a group of this kind may have a parent of kind `parent`: a
    /// working group under a focus group, a task group under a focus group
    /// or a working group, nothing under a task group, a focus group under
    /// nothing.
    pub fn may_sit_under(&self, parent: GroupKind) -> bool {
        self.allowed_parents().contains(&parent)
    }

    /// The nesting rule of this kind, in words, for messages.
    pub fn nesting_rule(&self) -> &'static str {
        match self {
            Self::FocusGroup => "a focus group is a root: it sits under no other group",
            Self::WorkingGroup => "a working group sits under a focus group",
            Self::TaskGroup => "a task group sits under the focus group or a working group",
        }
    }

    /// Why a group of this kind cannot sit under `parent` (a `parent_kind`):
    /// the rule, then what the parent is.
    fn nesting_message(&self, parent: &GroupSlug, parent_kind: GroupKind) -> String {
        format!(
            "{}; \"{parent}\" is a {}",
            self.nesting_rule(),
            parent_kind.label()
        )
    }
}

/// One group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// The slug (feed URL `/calendars/{slug}.ics`).
    pub slug: GroupSlug,
    /// Short name used in calendar summaries and mail subjects ("WG5").
    pub short_name: OneLine,
    /// Full name ("Interoperability").
    pub name: OneLine,
    /// Focus, working or task group.
    pub kind: GroupKind,
    /// The parent group; `None` for a root.
    pub parent: Option<GroupSlug>,
    /// The group's own mailing list, if it has one.
    pub mailing_list: Option<Email>,
    /// The group's own contact (secretariat) address, if it has one.
    pub contact: Option<Email>,
    /// Lists the group used before (e.g. a predecessor group's list). Kept for
    /// reference; never used for sending.
    pub former_mailing_lists: Vec<Email>,
    /// Participant zones, working hours and days the group sets itself.
    #[serde(default, skip_serializing_if = "Participation::is_empty")]
    pub participation: Participation,
    /// Who reads its meetings' join details, if the group says; inherited
    /// by subgroups ([`crate::join::group_visibility`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_visibility: Option<Visibility>,
    /// Addresses (`a@b.org`) and domains (`@b.org`) that may ask for the
    /// members' calendar by mail.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members_allow: Vec<MemberPattern>,
    /// The language of the mails to its list, if the group says; inherited
    /// by subgroups ([`GroupTree::effective_language`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
}

/// A group as an organizer writes it (schedule file `[[groups]]`, API body).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupInput {
    /// Slug, `[a-z0-9-]`.
    pub slug: Option<String>,
    /// Short name ("WG5"); the slug in capitals when left out.
    pub short_name: Option<String>,
    /// Full name.
    pub name: Option<String>,
    /// `focus-group`, `working-group` or `task-group`.
    pub kind: Option<String>,
    /// The parent's slug.
    pub parent: Option<String>,
    /// The group's own mailing list.
    pub mailing_list: Option<String>,
    /// The group's own contact (secretariat) address.
    pub contact: Option<String>,
    /// Lists used before, kept for reference.
    #[serde(default)]
    pub former_mailing_lists: Vec<String>,
    /// Where participants work: `[{ zone = "Asia/Shanghai", weight = 3 }]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participant_zones: Vec<ParticipantZoneInput>,
    /// Working hours, local in each zone: `"08:00-20:00"` (the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_hours: Option<String>,
    /// Working days: `["mon", "tue", "wed", "thu", "fri"]` (the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_days: Option<Vec<String>>,
    /// `members` (its meetings' join details go to members only) or
    /// `public`; inherited from the parent when left out (members at the
    /// root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_visibility: Option<String>,
    /// Member addresses (`a@b.org`) or domains (`@b.org`) allowed to ask
    /// for the members' calendar by mail.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members_allow: Vec<String>,
    /// The language of the mails to its list: `ar`, `zh`, `en`, `fr`, `ru`
    /// or `es`; inherited from the parent when left out
    /// (`i18n.default_language` at the root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl GroupInput {
    /// Checks every field of one group (the tree checks parents and cycles).
    pub fn validate(&self) -> Result<Group, FieldErrors> {
        let mut errs = FieldErrors::default();
        let slug = errs.required("slug", self.slug.as_deref(), GroupSlug::parse);
        let name = errs.required("name", self.name.as_deref(), OneLine::parse);
        let short_name = match (&self.short_name, &slug) {
            (Some(s), _) => errs.optional("short_name", Some(s), OneLine::parse),
            (None, Some(slug)) => OneLine::parse(&slug.as_str().to_uppercase()).ok(),
            (None, None) => None,
        };
        let kind = errs.required("kind", self.kind.as_deref(), GroupKind::parse);
        let parent = errs.optional("parent", self.parent.as_deref(), GroupSlug::parse);
        let mailing_list =
            errs.optional("mailing_list", self.mailing_list.as_deref(), Email::parse);
        let contact = errs.optional("contact", self.contact.as_deref(), Email::parse);
        let mut former_mailing_lists = Vec::new();
        for (i, l) in self.former_mailing_lists.iter().enumerate() {
            if let Some(e) =
                errs.optional(&format!("former_mailing_lists[{i}]"), Some(l), Email::parse)
            {
                former_mailing_lists.push(e);
            }
        }
        let participation = Participation::validate(
            &self.participant_zones,
            self.working_hours.as_deref(),
            self.working_days.as_deref(),
            &mut errs,
        );
        let join_visibility = errs.optional(
            "join_visibility",
            self.join_visibility.as_deref(),
            Visibility::parse,
        );
        let mut members_allow = Vec::new();
        for (i, a) in self.members_allow.iter().enumerate() {
            if let Some(p) = errs.optional(
                &format!("members_allow[{i}]"),
                Some(a),
                MemberPattern::parse,
            ) {
                members_allow.push(p);
            }
        }
        let language = errs.optional("language", self.language.as_deref(), parse_language);
        if parent.is_some() && parent == slug {
            errs.push("parent", "a group cannot be its own parent");
        }
        match (slug, short_name, name, kind) {
            (Some(slug), Some(short_name), Some(name), Some(kind)) if errs.is_empty() => {
                Ok(Group {
                    slug,
                    short_name,
                    name,
                    kind,
                    parent,
                    mailing_list,
                    contact,
                    former_mailing_lists,
                    participation,
                    join_visibility,
                    members_allow,
                    language,
                })
            }
            _ => Err(errs),
        }
    }
}

impl Group {
    /// The input that gives this group back.
    pub fn to_input(&self) -> GroupInput {
        let (participant_zones, working_hours, working_days) = self.participation.to_input();
        GroupInput {
            slug: Some(self.slug.to_string()),
            short_name: Some(self.short_name.to_string()),
            name: Some(self.name.to_string()),
            kind: Some(self.kind.as_str().to_owned()),
            parent: self.parent.as_ref().map(|p| p.to_string()),
            mailing_list: self.mailing_list.as_ref().map(|e| e.to_string()),
            contact: self.contact.as_ref().map(|e| e.to_string()),
            former_mailing_lists: self
                .former_mailing_lists
                .iter()
                .map(|e| e.to_string())
                .collect(),
            participant_zones,
            working_hours,
            working_days,
            join_visibility: self.join_visibility.map(|v| v.as_str().to_owned()),
            members_allow: self.members_allow.iter().map(|p| p.to_string()).collect(),
            language: self.language.map(|l| l.code().to_owned()),
        }
    }
}

/// Where a group's effective address comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inherited<'a> {
    /// The address.
    pub address: &'a Email,
    /// The group that holds it: the group itself or its nearest ancestor
    /// that has one.
    pub from: &'a GroupSlug,
}

impl Inherited<'_> {
    /// Whether the address is the group's own.
    pub fn is_own(&self, slug: &GroupSlug) -> bool {
        self.from == slug
    }
}

/// A validated tree of groups: unique slugs, known parents, no cycles, kinds
/// nested by the rules of [`GroupKind::may_sit_under`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupTree {
    groups: BTreeMap<GroupSlug, Group>,
    children: BTreeMap<GroupSlug, Vec<GroupSlug>>,
}

impl GroupTree {
    /// Builds the tree, refusing duplicates, unknown parents, cycles (checked
    /// in that order) and a group under a parent of a kind it may not sit
    /// under ([`GroupKind::may_sit_under`]).
    pub fn new(groups: impl IntoIterator<Item = Group>) -> Result<Self, TreeError> {
        let mut map = BTreeMap::new();
        for g in groups {
            if map.contains_key(&g.slug) {
                return Err(TreeError::DuplicateSlug(g.slug));
            }
            map.insert(g.slug.clone(), g);
        }
        for g in map.values() {
            if let Some(parent) = &g.parent
                && !map.contains_key(parent)
            {
                return Err(TreeError::UnknownParent {
                    group: g.slug.clone(),
                    parent: parent.clone(),
                });
            }
        }
        for slug in map.keys() {
            if Self::on_cycle(&map, slug) {
                let mut cycle = vec![slug.clone()];
                let mut cur = map.get(slug).and_then(|g| g.parent.clone());
                while let Some(c) = cur {
                    cycle.push(c.clone());
                    if &c == slug {
                        break;
                    }
                    cur = map.get(&c).and_then(|g| g.parent.clone());
                }
                return Err(TreeError::Cycle(cycle));
            }
        }
        let mut children: BTreeMap<GroupSlug, Vec<GroupSlug>> = BTreeMap::new();
        for g in map.values() {
            let Some(p) = g.parent.as_ref().and_then(|p| map.get(p)) else {
                continue;
            };
            if !g.kind.may_sit_under(p.kind) {
                return Err(TreeError::BadNesting {
                    group: g.slug.clone(),
                    kind: g.kind,
                    parent: p.slug.clone(),
                    parent_kind: p.kind,
                });
            }
            children
                .entry(p.slug.clone())
                .or_default()
                .push(g.slug.clone());
        }
        Ok(Self {
            groups: map,
            children,
        })
    }

    fn on_cycle(map: &BTreeMap<GroupSlug, Group>, start: &GroupSlug) -> bool {
        let mut seen = BTreeSet::new();
        let mut cur = map.get(start).and_then(|g| g.parent.as_ref());
        while let Some(c) = cur {
            if c == start {
                return true;
            }
            if !seen.insert(c) {
                return false; // a cycle further up, reported from its own member
            }
            cur = map.get(c).and_then(|g| g.parent.as_ref());
        }
        false
    }

    /// Whether a group of `kind` may have `parent` as its parent in this
    /// tree: the parent is a known group and the kinds nest
    /// ([`GroupKind::may_sit_under`]); no parent (a root) is always fine.
    /// The error is on the field `parent` and names both kinds ("a task
    /// group sits under the focus group or a working group; \"tg-x\" is a
    /// task group").
    ///
    /// For checking one group's create or change before rebuilding the
    /// tree. It does not check cycles, nor whether the group's own children
    /// still fit a changed kind: [`GroupTree::new`] on the changed groups
    /// checks everything.
    pub fn check_parent(
        &self,
        kind: GroupKind,
        parent: Option<&GroupSlug>,
    ) -> Result<(), FieldError> {
        let Some(parent) = parent else {
            return Ok(());
        };
        let Some(p) = self.groups.get(parent) else {
            return Err(FieldError::new(
                "parent",
                format!("the parent \"{parent}\" is not a known group"),
            ));
        };
        if kind.may_sit_under(p.kind) {
            Ok(())
        } else {
            Err(FieldError::new(
                "parent",
                kind.nesting_message(parent, p.kind),
            ))
        }
    }

    /// The groups' short names, in order; a slug the tree does not know
    /// stands for itself.
    pub fn short_names<'a>(&self, slugs: impl IntoIterator<Item = &'a GroupSlug>) -> Vec<String> {
        slugs
            .into_iter()
            .map(|s| {
                self.get(s)
                    .map_or(s.to_string(), |g| g.short_name.to_string())
            })
            .collect()
    }

    /// The group with this slug.
    pub fn get(&self, slug: &GroupSlug) -> Option<&Group> {
        self.groups.get(slug)
    }

    /// Whether a group with this slug exists.
    pub fn contains(&self, slug: &GroupSlug) -> bool {
        self.groups.contains_key(slug)
    }

    /// All groups, by slug.
    pub fn iter(&self) -> impl Iterator<Item = &Group> {
        self.groups.values()
    }

    /// How many groups the tree holds.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether the tree is empty.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Groups without a parent, by slug.
    pub fn roots(&self) -> impl Iterator<Item = &Group> {
        self.groups.values().filter(|g| g.parent.is_none())
    }

    /// The direct children of a group, by slug.
    pub fn children(&self, slug: &GroupSlug) -> impl Iterator<Item = &Group> {
        self.children
            .get(slug)
            .into_iter()
            .flatten()
            .filter_map(|s| self.groups.get(s))
    }

    /// The group's ancestors, nearest first (not the group itself).
    pub fn ancestors(&self, slug: &GroupSlug) -> Vec<&Group> {
        let mut out = Vec::new();
        let mut cur = self.groups.get(slug).and_then(|g| g.parent.as_ref());
        while let Some(p) = cur.and_then(|s| self.groups.get(s)) {
            out.push(p);
            cur = p.parent.as_ref();
        }
        out
    }

    /// The group and all its descendants, the group first, then depth-first
    /// by slug.
    pub fn subtree(&self, slug: &GroupSlug) -> Vec<&Group> {
        let mut out = Vec::new();
        let mut stack: Vec<&GroupSlug> = vec![slug];
        while let Some(s) = stack.pop() {
            if let Some(g) = self.groups.get(s) {
                out.push(g);
                if let Some(kids) = self.children.get(s) {
                    stack.extend(kids.iter().rev());
                }
            }
        }
        out
    }

    /// How deep the group sits (a root is 0).
    pub fn depth(&self, slug: &GroupSlug) -> usize {
        self.ancestors(slug).len()
    }

    /// Whether `ancestor` is `slug` itself or one of its ancestors.
    pub fn is_self_or_ancestor(&self, ancestor: &GroupSlug, slug: &GroupSlug) -> bool {
        ancestor == slug || self.ancestors(slug).iter().any(|g| &g.slug == ancestor)
    }

    /// Whether two groups are the same, or one is an ancestor of the other:
    /// the relation under which their meetings can conflict.
    pub fn related(&self, a: &GroupSlug, b: &GroupSlug) -> bool {
        self.is_self_or_ancestor(a, b) || self.is_self_or_ancestor(b, a)
    }

    /// The group's own mailing list or its nearest ancestor's.
    pub fn effective_mailing_list(&self, slug: &GroupSlug) -> Option<Inherited<'_>> {
        self.inherit(slug, |g| g.mailing_list.as_ref())
    }

    /// The group's own contact address or its nearest ancestor's.
    pub fn effective_contact(&self, slug: &GroupSlug) -> Option<Inherited<'_>> {
        self.inherit(slug, |g| g.contact.as_ref())
    }

    fn inherit<'a>(
        &'a self,
        slug: &GroupSlug,
        field: impl Fn(&'a Group) -> Option<&'a Email>,
    ) -> Option<Inherited<'a>> {
        let mut cur = self.groups.get(slug);
        while let Some(g) = cur {
            if let Some(address) = field(g) {
                return Some(Inherited {
                    address,
                    from: &g.slug,
                });
            }
            cur = g.parent.as_ref().and_then(|p| self.groups.get(p));
        }
        None
    }

    /// The effective mailing lists of several groups (a joint meeting's),
    /// each list once, in the order of the groups.
    pub fn recipients<'a>(&self, slugs: impl IntoIterator<Item = &'a GroupSlug>) -> Vec<Email> {
        let mut out: Vec<Email> = Vec::new();
        for s in slugs {
            if let Some(list) = self.effective_mailing_list(s)
                && !out.contains(list.address)
            {
                out.push(list.address.clone());
            }
        }
        out
    }
}

mod language;
mod tree_error;

pub use language::{InheritedLanguage, Language, group_language, groups_language, parse_language};
pub use tree_error::TreeError;

#[cfg(test)]
mod tests;
