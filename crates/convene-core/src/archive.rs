//! Archived groups keep their history but take no new meetings.
//!
//! The server keeps a list of archived group slugs; these functions decide,
//! without I/O, what an item may do with them. The rule is about *gaining*
//! an archived group, not about having one:
//! - a new meeting (or group deadline) may not name an archived group;
//! - a changed one may not gain an archived group it did not have before;
//! - keeping, removing, cancelling or otherwise editing an item that is
//!   already in an archived group is allowed, so its history can still be
//!   corrected (a cancel, a new room, a moved date).
//!
//! The rule looks at groups only: changing a meeting's status (cancelling
//! it, or confirming it again) while it stays in the same groups is an
//! edit, not a new meeting.

use crate::deadline::Owner;
use crate::text::GroupSlug;
use crate::validation::FieldError;

fn archived_message(slug: &GroupSlug, what: &str) -> String {
    format!("\"{slug}\" is archived and takes no new {what}")
}

/// The archive problems of a meeting's groups.
///
/// `before` is the meeting's groups as stored, or `None` for a new meeting;
/// `after` its groups as they would be. Every group of `after` that is
/// archived and was not in `before` is a problem, on the field `groups[i]`
/// (`i` its index in `after`), with the message
/// `"wg9" is archived and takes no new meetings`. An empty list means the
/// change is allowed.
///
/// ```
/// use convene_core::{GroupSlug, archive_problems};
/// let s = |v: &str| GroupSlug::parse(v).expect("slug");
/// let archived = [s("wg9")];
/// // A new meeting of WG9 is refused...
/// assert_eq!(archive_problems(&archived, None, &[s("wg9")]).len(), 1);
/// // ...a stored one can still be cancelled or edited.
/// assert!(archive_problems(&archived, Some(&[s("wg9")]), &[s("wg9")]).is_empty());
/// ```
pub fn archive_problems(
    archived: &[GroupSlug],
    before: Option<&[GroupSlug]>,
    after: &[GroupSlug],
) -> Vec<FieldError> {
    after
        .iter()
        .enumerate()
        .filter(|(_, g)| archived.contains(g))
        .filter(|(_, g)| before.is_none_or(|b| !b.contains(g)))
        .map(|(i, g)| FieldError::new(format!("groups[{i}]"), archived_message(g, "meetings")))
        .collect()
}

/// The archive problems of a deadline's owner, by the same rule as
/// [`archive_problems`]: a new deadline of an archived group (`before` is
/// `None`), or a changed one that moves to an archived group, is refused
/// on the field `group` (`"wg9" is archived and takes no new deadlines`);
/// a deadline that stays with its archived group may be edited or deleted.
///
/// A meeting's deadline ([`Owner::Meeting`]) has no problem here: whether
/// its meeting may change is the meeting's question.
pub fn deadline_archive_problems(
    archived: &[GroupSlug],
    before: Option<&Owner>,
    after: &Owner,
) -> Vec<FieldError> {
    match after {
        Owner::Group(g) if archived.contains(g) && before != Some(after) => {
            vec![FieldError::new("group", archived_message(g, "deadlines"))]
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::ItemId;

    fn s(v: &str) -> GroupSlug {
        GroupSlug::parse(v).expect("slug")
    }

    fn archived() -> Vec<GroupSlug> {
        vec![s("wg9"), s("tg-gap-analysis")]
    }

    #[test]
    fn a_new_meeting_may_not_name_an_archived_group() {
        assert_eq!(
            archive_problems(&archived(), None, &[s("wg5"), s("wg9")]),
            [FieldError::new(
                "groups[1]",
                "\"wg9\" is archived and takes no new meetings"
            )]
        );
        assert_eq!(
            archive_problems(&archived(), None, &[s("tg-gap-analysis"), s("wg9")]).len(),
            2
        );
        assert!(archive_problems(&archived(), None, &[s("wg5"), s("wg2")]).is_empty());
        assert!(archive_problems(&[], None, &[s("wg9")]).is_empty());
    }

    #[test]
    fn a_meeting_already_in_an_archived_group_can_be_cancelled_and_edited() {
        let before = [s("wg9")];
        // Cancel or patch (dates, room, title): the groups stay the same.
        assert!(archive_problems(&archived(), Some(&before), &before).is_empty());
        // A joint meeting may lose a group, or gain an active one.
        let before = [s("wg5"), s("wg9")];
        assert!(archive_problems(&archived(), Some(&before), &[s("wg9")]).is_empty());
        assert!(archive_problems(&archived(), Some(&before), &[s("wg5")]).is_empty());
        assert!(
            archive_problems(&archived(), Some(&before), &[s("wg9"), s("wg2"), s("wg5")])
                .is_empty()
        );
    }

    #[test]
    fn a_changed_meeting_may_not_gain_an_archived_group() {
        // Moved from WG5 into WG9.
        assert_eq!(
            archive_problems(&archived(), Some(&[s("wg5")]), &[s("wg9")]),
            [FieldError::new(
                "groups[0]",
                "\"wg9\" is archived and takes no new meetings"
            )]
        );
        // Already in WG9, joined with another archived group: the index is
        // the one in the new list.
        assert_eq!(
            archive_problems(
                &archived(),
                Some(&[s("wg9")]),
                &[s("wg9"), s("wg5"), s("tg-gap-analysis")]
            ),
            [FieldError::new(
                "groups[2]",
                "\"tg-gap-analysis\" is archived and takes no new meetings"
            )]
        );
    }

    #[test]
    fn group_deadlines_follow_the_same_rule() {
        let wg9 = Owner::Group(s("wg9"));
        let wg5 = Owner::Group(s("wg5"));
        let refused = [FieldError::new(
            "group",
            "\"wg9\" is archived and takes no new deadlines",
        )];
        assert_eq!(deadline_archive_problems(&archived(), None, &wg9), refused);
        assert_eq!(
            deadline_archive_problems(&archived(), Some(&wg5), &wg9),
            refused
        );
        let m = Owner::Meeting(ItemId::parse("wg9-2023-07").expect("id"));
        assert_eq!(
            deadline_archive_problems(&archived(), Some(&m), &wg9),
            refused
        );
        assert!(deadline_archive_problems(&archived(), Some(&wg9), &wg9).is_empty());
        assert!(deadline_archive_problems(&archived(), Some(&wg9), &wg5).is_empty());
        assert!(deadline_archive_problems(&archived(), None, &wg5).is_empty());
        assert!(deadline_archive_problems(&archived(), None, &m).is_empty());
    }
}
