//! Who may read a meeting's join details (`remote_url`, `join_notes`).
//!
//! Join details are for the members of the meeting's groups by default: the
//! mailing list (which is the members) and private feeds carry them; public
//! feeds, public pages, anonymous API reads and the per-meeting `.ics` get a
//! notice saying where members find them instead. A group may make its
//! meetings' details public (`join_visibility = "public"`), inherited by its
//! subgroups like the mailing list; a meeting may override its groups.
//!
//! [`for_audience`] is the one rule: every reader-facing model (feed, page,
//! API answer, mail) is built from the meeting it returns, never by editing
//! rendered output.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::group::GroupTree;
use crate::meeting::Meeting;
use crate::text::{Email, GroupSlug};

/// Who may read a meeting's join details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Visibility {
    /// Members only: the list and private feeds (the default).
    #[default]
    Members,
    /// Everyone.
    Public,
}

impl Visibility {
    /// Parses `members` or `public`.
    pub fn parse(value: &str) -> Result<Self, String> {
        match value {
            "members" => Ok(Self::Members),
            "public" => Ok(Self::Public),
            other => Err(format!(
                "{other:?} is not a visibility; write \"members\" or \"public\""
            )),
        }
    }

    /// The word used in files and the API.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Members => "members",
            Self::Public => "public",
        }
    }
}

/// Who a model is being built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    /// Anyone: public feeds, pages, anonymous API reads.
    Public,
    /// The members: list mails, private feeds, token-authenticated reads.
    Members,
}

/// The group's own visibility or its nearest ancestor's; members when none
/// says.
pub fn group_visibility(tree: &GroupTree, slug: &GroupSlug) -> Visibility {
    tree.get(slug)
        .into_iter()
        .chain(tree.ancestors(slug))
        .find_map(|g| g.join_visibility)
        .unwrap_or_default()
}

/// The meeting's effective visibility: its own override, else members if
/// any of its groups keeps details to members (a joint meeting is as strict
/// as its strictest group), else public.
pub fn meeting_visibility(tree: &GroupTree, meeting: &Meeting) -> Visibility {
    if let Some(v) = meeting.join_visibility() {
        return v;
    }
    if meeting.groups().is_empty() {
        return Visibility::Members;
    }
    if meeting
        .groups()
        .iter()
        .all(|g| group_visibility(tree, g) == Visibility::Public)
    {
        Visibility::Public
    } else {
        Visibility::Members
    }
}

/// What the public reads instead of members-only join details.
pub fn withheld_notice(tree: &GroupTree, meeting: &Meeting) -> String {
    let lists: Vec<String> = tree
        .recipients(meeting.groups())
        .iter()
        .map(|e| e.to_string())
        .collect();
    if lists.is_empty() {
        "Join details: in members' calendars".to_owned()
    } else {
        format!(
            "Join details: sent to {} and in members' calendars",
            lists.join(" and ")
        )
    }
}

/// The meeting as `audience` may read it: unchanged for members, for public
/// details or when there are no details; otherwise without `remote_url` and
/// `join_notes`, carrying [`withheld_notice`] instead.
pub fn for_audience<'a>(
    tree: &GroupTree,
    meeting: &'a Meeting,
    audience: Audience,
) -> Cow<'a, Meeting> {
    let has_details = meeting.remote_url().is_some() || meeting.join_notes().is_some();
    if audience == Audience::Members
        || !has_details
        || meeting_visibility(tree, meeting) == Visibility::Public
    {
        return Cow::Borrowed(meeting);
    }
    Cow::Owned(meeting.withholding_join_details(withheld_notice(tree, meeting)))
}

/// One entry of a group's `members_allow`: an address or a whole domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum MemberPattern {
    /// `a@b.org`: that address (case-insensitive).
    Address(String),
    /// `@b.org`: every address at that domain (not its subdomains).
    Domain(String),
}

impl MemberPattern {
    /// Parses `a@b.org` or `@b.org`.
    pub fn parse(value: &str) -> Result<Self, String> {
        let v = value.trim().to_lowercase();
        if let Some(domain) = v.strip_prefix('@') {
            if Email::parse(&format!("x@{domain}")).is_ok() {
                return Ok(Self::Domain(domain.to_owned()));
            }
        } else if Email::parse(&v).is_ok() {
            return Ok(Self::Address(v));
        }
        Err(format!(
            "{value:?} is neither an address (a@b.org) nor a domain (@b.org)"
        ))
    }

    /// Whether `address` is allowed by this entry.
    pub fn matches(&self, address: &Email) -> bool {
        let a = address.as_str().to_lowercase();
        match self {
            Self::Address(x) => *x == a,
            Self::Domain(d) => a.rsplit_once('@').is_some_and(|(_, dom)| dom == d),
        }
    }
}

impl fmt::Display for MemberPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Address(a) => f.write_str(a),
            Self::Domain(d) => write!(f, "@{d}"),
        }
    }
}

impl TryFrom<String> for MemberPattern {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        Self::parse(&value)
    }
}

impl From<MemberPattern> for String {
    fn from(p: MemberPattern) -> String {
        p.to_string()
    }
}

/// Whether `address` may ask for the members' calendar of `slug`: listed in
/// the group's `members_allow` or an ancestor's.
pub fn may_request(tree: &GroupTree, slug: &GroupSlug, address: &Email) -> bool {
    tree.get(slug)
        .into_iter()
        .chain(tree.ancestors(slug))
        .any(|g| g.members_allow.iter().any(|p| p.matches(address)))
}

#[cfg(test)]
mod tests;
