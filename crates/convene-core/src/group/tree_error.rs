//! Why a set of groups is not a valid tree, and which field of the
//! offending group that is about.

use super::GroupKind;
use crate::text::GroupSlug;
use crate::validation::FieldError;

/// Why a set of groups is not a valid tree.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    /// Two groups share a slug.
    #[error("the slug \"{0}\" is used by more than one group")]
    DuplicateSlug(GroupSlug),
    /// A group names a parent that is not there.
    #[error("group \"{group}\": the parent \"{parent}\" is not a known group")]
    UnknownParent {
        /// The group.
        group: GroupSlug,
        /// The parent it names.
        parent: GroupSlug,
    },
    /// Following parents from a group comes back to it.
    #[error("groups {} form a cycle: each is the parent of the next", .0.iter().map(|s| format!("{:?}", s.as_str())).collect::<Vec<_>>().join(" -> "))]
    Cycle(Vec<GroupSlug>),
    /// A group's kind may not sit under its parent's kind (see
    /// [`GroupKind::may_sit_under`]).
    #[error("group \"{group}\": {}", kind.nesting_message(parent, *parent_kind))]
    BadNesting {
        /// The group.
        group: GroupSlug,
        /// Its kind.
        kind: GroupKind,
        /// Its parent.
        parent: GroupSlug,
        /// The parent's kind.
        parent_kind: GroupKind,
    },
}

impl TreeError {
    /// The field of the offending group the error is about: `slug` for a
    /// duplicate, `parent` otherwise.
    pub fn field(&self) -> &'static str {
        match self {
            Self::DuplicateSlug(_) => "slug",
            Self::UnknownParent { .. } | Self::Cycle(_) | Self::BadNesting { .. } => "parent",
        }
    }

    /// The error as a [`FieldError`] on the offending group's
    /// [field](Self::field), for reporting under that group. A bad nesting
    /// reads like [`GroupTree::check_parent`]'s error: the rule and the
    /// parent's kind, without repeating the group's slug.
    pub fn to_field_error(&self) -> FieldError {
        let message = match self {
            Self::BadNesting {
                kind,
                parent,
                parent_kind,
                ..
            } => kind.nesting_message(parent, *parent_kind),
            other => other.to_string(),
        };
        FieldError::new(self.field(), message)
    }
}
