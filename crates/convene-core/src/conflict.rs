//! Conflicts: two confirmed meetings that keep the same time busy and share a
//! group, or where a group of one is an ancestor of a group of the other (a
//! WG e-meeting during the FG's plenary conflicts; two sibling WGs do not).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::group::GroupTree;
use crate::meeting::{Meeting, Status};
use crate::text::ItemId;
use crate::time::Interval;

/// Two meetings that conflict, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The meeting whose id sorts first.
    pub a: ItemId,
    /// The other meeting.
    pub b: ItemId,
    /// Every span both keep busy, in time order.
    pub overlaps: Vec<Interval>,
}

fn related(tree: &GroupTree, x: &Meeting, y: &Meeting) -> bool {
    x.groups()
        .iter()
        .any(|gx| y.groups().iter().any(|gy| tree.related(gx, gy)))
}

/// Every conflicting pair among `meetings`, ordered by the first overlap,
/// then by ids. Only confirmed meetings take part.
///
/// Runs a sweep over busy intervals sorted by start, so the cost grows with
/// the number of overlapping intervals, not with all pairs.
pub fn find_conflicts<'a>(
    tree: &GroupTree,
    meetings: impl IntoIterator<Item = &'a Meeting>,
) -> Vec<Conflict> {
    let confirmed: Vec<&Meeting> = meetings
        .into_iter()
        .filter(|m| m.status() == Status::Confirmed)
        .collect();
    let mut spans: Vec<(Interval, usize)> = confirmed
        .iter()
        .enumerate()
        .flat_map(|(i, m)| m.busy().into_iter().map(move |b| (b, i)))
        .collect();
    spans.sort();
    let mut pairs: BTreeMap<(usize, usize), Vec<Interval>> = BTreeMap::new();
    let mut active: Vec<(Interval, usize)> = Vec::new();
    for (span, i) in spans {
        active.retain(|(a, _)| a.end > span.start);
        for (other, j) in &active {
            if *j == i || !related(tree, confirmed[i], confirmed[*j]) {
                continue;
            }
            if let Some(overlap) = span.overlap(other) {
                let key = if confirmed[i].id() < confirmed[*j].id() {
                    (i, *j)
                } else {
                    (*j, i)
                };
                pairs.entry(key).or_default().push(overlap);
            }
        }
        active.push((span, i));
    }
    let mut out: Vec<Conflict> = pairs
        .into_iter()
        .map(|((i, j), mut overlaps)| {
            overlaps.sort();
            Conflict {
                a: confirmed[i].id().clone(),
                b: confirmed[j].id().clone(),
                overlaps,
            }
        })
        .collect();
    out.sort_by(|x, y| (x.overlaps.first(), &x.a, &x.b).cmp(&(y.overlaps.first(), &y.a, &y.b)));
    out
}

/// The conflicts one (new or moved) meeting would have with `others`. The
/// meeting itself is skipped if it is among them.
pub fn conflicts_with<'a>(
    tree: &GroupTree,
    meeting: &Meeting,
    others: impl IntoIterator<Item = &'a Meeting>,
) -> Vec<Conflict> {
    let others: Vec<&Meeting> = others
        .into_iter()
        .filter(|o| o.id() != meeting.id())
        .collect();
    find_conflicts(tree, others.into_iter().chain([meeting]))
        .into_iter()
        .filter(|c| &c.a == meeting.id() || &c.b == meeting.id())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::group::{Group, GroupKind};
    use crate::meeting::{Defaults, MeetingInput};
    use crate::text::{GroupSlug, OneLine};

    fn tree() -> GroupTree {
        let g = |slug: &str, kind, parent: Option<&str>| Group {
            slug: GroupSlug::parse(slug).expect("slug"),
            short_name: OneLine::parse(slug).expect("name"),
            name: OneLine::parse(slug).expect("name"),
            kind,
            parent: parent.map(|p| GroupSlug::parse(p).expect("slug")),
            mailing_list: None,
            contact: None,
            former_mailing_lists: vec![],
            participation: Default::default(),
            join_visibility: None,
            members_allow: vec![],
            language: None,
        };
        use GroupKind::*;
        GroupTree::new([
            g("fg-mv", FocusGroup, None),
            g("wg1", WorkingGroup, Some("fg-mv")),
            g("wg3", WorkingGroup, Some("fg-mv")),
            g("wg5", WorkingGroup, Some("fg-mv")),
            g("tg-x", TaskGroup, Some("wg5")),
        ])
        .expect("tree")
    }

    fn m(
        id: &str,
        groups: &[&str],
        date: &str,
        until: Option<&str>,
        slot: Option<(&str, &str)>,
    ) -> Meeting {
        MeetingInput {
            id: Some(id.into()),
            title: Some(id.into()),
            groups: groups.iter().map(|g| g.to_string()).collect(),
            kind: Some("e-meeting".into()),
            date: Some(date.into()),
            until: until.map(Into::into),
            start: slot.map(|s| s.0.into()),
            end: slot.map(|s| s.1.into()),
            ..MeetingInput::default()
        }
        .validate(&Defaults::default())
        .expect("valid meeting")
    }

    fn utc(s: &str) -> chrono::DateTime<chrono::Utc> {
        s.parse().expect("instant")
    }

    #[test]
    fn the_seed_case_joint_meeting_overlaps_the_wg5_meeting() {
        let t = tree();
        let ms = [
            m(
                "wg1-2023-09-07",
                &["wg1"],
                "2023-09-07",
                None,
                Some(("09:30", "11:00")),
            ),
            m(
                "wg3-wg5-2023-09-07",
                &["wg3", "wg5"],
                "2023-09-07",
                None,
                Some(("09:00", "11:00")),
            ),
            m(
                "wg5-2023-09-07",
                &["wg5"],
                "2023-09-07",
                Some("2023-09-08"),
                Some(("09:00", "12:00")),
            ),
        ];
        assert_eq!(
            find_conflicts(&t, &ms),
            vec![Conflict {
                a: ItemId::parse("wg3-wg5-2023-09-07").expect("id"),
                b: ItemId::parse("wg5-2023-09-07").expect("id"),
                overlaps: vec![Interval {
                    start: utc("2023-09-07T07:00:00Z"),
                    end: utc("2023-09-07T09:00:00Z")
                }],
            }]
        );
    }

    #[test]
    fn ancestors_conflict_siblings_do_not_touching_ends_do_not() {
        let t = tree();
        let ms = [
            m(
                "plenary",
                &["fg-mv"],
                "2023-10-03",
                None,
                Some(("09:00", "17:00")),
            ),
            m(
                "tg",
                &["tg-x"],
                "2023-10-03",
                None,
                Some(("16:00", "18:00")),
            ),
            m(
                "wg1",
                &["wg1"],
                "2023-10-03",
                None,
                Some(("17:00", "18:00")),
            ),
            m(
                "wg3",
                &["wg3"],
                "2023-10-03",
                None,
                Some(("16:30", "17:30")),
            ),
        ];
        let got: Vec<(String, String)> = find_conflicts(&t, &ms)
            .into_iter()
            .map(|c| (c.a.to_string(), c.b.to_string()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("plenary".to_string(), "tg".to_string()),
                ("plenary".to_string(), "wg3".to_string()),
            ]
        );
    }

    #[test]
    fn multi_day_overlaps_are_listed_per_day_and_unconfirmed_meetings_ignored() {
        let t = tree();
        let a = m(
            "a",
            &["wg5"],
            "2023-11-06",
            Some("2023-11-07"),
            Some(("09:00", "11:00")),
        );
        let b = m(
            "b",
            &["tg-x"],
            "2023-11-06",
            Some("2023-11-07"),
            Some(("10:00", "12:00")),
        );
        let c = find_conflicts(&t, [&a, &b]);
        assert_eq!(c.len(), 1);
        assert_eq!(
            c[0].overlaps,
            vec![
                Interval {
                    start: utc("2023-11-06T09:00:00Z"),
                    end: utc("2023-11-06T10:00:00Z")
                },
                Interval {
                    start: utc("2023-11-07T09:00:00Z"),
                    end: utc("2023-11-07T10:00:00Z")
                },
            ]
        );
        let mut tentative = b.to_input();
        tentative.status = Some("tentative".into());
        let tentative = tentative.validate(&Defaults::default()).expect("valid");
        assert!(find_conflicts(&t, [&a, &tentative]).is_empty());
        assert_eq!(conflicts_with(&t, &b, [&a, &b]).len(), 1);
    }

    #[test]
    fn whole_days_conflict_dates_without_time_do_not() {
        let t = tree();
        let mut plenary = m(
            "plenary",
            &["fg-mv"],
            "2023-10-03",
            Some("2023-10-05"),
            None,
        )
        .to_input();
        plenary.all_day = Some(true);
        let plenary = plenary.validate(&Defaults::default()).expect("valid");
        let tba = m("special", &["fg-mv"], "2023-10-04", None, None);
        let wg = m(
            "wg1",
            &["wg1"],
            "2023-10-04",
            None,
            Some(("09:00", "10:00")),
        );
        let got: Vec<(String, String)> = find_conflicts(&t, [&plenary, &tba, &wg])
            .into_iter()
            .map(|c| (c.a.to_string(), c.b.to_string()))
            .collect();
        assert_eq!(got, vec![("plenary".to_string(), "wg1".to_string())]);
    }
}
