//! Deadlines derived by rule: a meeting kind's usual deadlines ("visa
//! support letter requests 14 days before a physical meeting"), worked out
//! from the meeting's first day instead of typed one by one.
//!
//! A [`DeadlinePolicy`] lists [`DeadlineRule`]s for one meeting kind;
//! [`derive_deadlines`] turns a meeting and a policy into deadline inputs
//! marked `derived = true`, with ids `{meeting-id}-{suffix}`, to be checked
//! and stored like any other deadline.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::deadline::{DeadlineInput, DeadlineKind};
use crate::meeting::{Meeting, MeetingKind};
use crate::text::{Contact, Email, ItemId, Note, Title};

/// What to do with a deadline that falls on a Saturday or Sunday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WeekendRule {
    /// Keep it on the weekend day.
    #[default]
    Keep,
    /// Move it to the Friday before (the working day before; holidays are
    /// not known).
    WorkingDayBefore,
}

/// One deadline of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineRule {
    /// Appended to the meeting's id: `{meeting-id}-{suffix}` (`visa`).
    pub suffix: ItemId,
    /// What the deadline is for.
    pub kind: DeadlineKind,
    /// What closes, when the kind's label is not enough
    /// ("Pre-registration").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Title>,
    /// Calendar days before the meeting's first day (in the meeting's zone).
    pub days_before: u32,
    /// Where to send or register.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submit_to: Option<Contact>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Note>,
}

/// The usual deadlines of one meeting kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlinePolicy {
    /// The meeting kind it is for (see [`DeadlinePolicy::for_meeting`]).
    pub kind: MeetingKind,
    /// The deadlines, in the order they are to be listed.
    pub rules: Vec<DeadlineRule>,
    /// Whether a deadline on a weekend moves to the Friday before.
    #[serde(default)]
    pub weekends: WeekendRule,
}

impl DeadlinePolicy {
    /// The policy for the meeting's kind among several, if any.
    pub fn for_meeting<'a>(
        policies: &'a [DeadlinePolicy],
        meeting: &Meeting,
    ) -> Option<&'a DeadlinePolicy> {
        policies.iter().find(|p| p.kind == meeting.kind())
    }

    /// The FG-MV physical-meeting offsets, as for the 2nd meeting (4 July
    /// 2023: requests 20 June, contributions 27 June, pre-registration 29
    /// June): visa support letter requests 14 days before to `visa_to`,
    /// contributions 7 days before to `contributions_to`, pre-registration
    /// 5 days before (at `registration`, when known). Weekend deadlines move
    /// to the Friday before.
    pub fn physical(
        visa_to: Option<Email>,
        contributions_to: Option<Email>,
        registration: Option<Contact>,
    ) -> Self {
        let rule = |suffix: &str, kind, title: Option<&str>, days_before, submit_to| {
            Some(DeadlineRule {
                suffix: ItemId::parse(suffix).ok()?,
                kind,
                title: match title {
                    Some(t) => Some(Title::parse(t).ok()?),
                    None => None,
                },
                days_before,
                submit_to,
                note: None,
            })
        };
        let rules = [
            rule(
                "visa",
                DeadlineKind::VisaSupportLetter,
                None,
                14,
                visa_to.map(Contact::Email),
            ),
            rule(
                "contribution",
                DeadlineKind::Contribution,
                None,
                7,
                contributions_to.map(Contact::Email),
            ),
            rule(
                "pre-registration",
                DeadlineKind::Registration,
                Some("Pre-registration"),
                5,
                registration,
            ),
        ];
        Self {
            kind: MeetingKind::Physical,
            rules: rules.into_iter().flatten().collect(),
            weekends: WeekendRule::WorkingDayBefore,
        }
    }
}

/// The day a rule gives: `days_before` calendar days before `first_day`,
/// then off the weekend if the policy says so.
pub fn deadline_day(first_day: NaiveDate, days_before: u32, weekends: WeekendRule) -> NaiveDate {
    let day = first_day
        .checked_sub_days(Days::new(u64::from(days_before)))
        .unwrap_or(NaiveDate::MIN);
    let back = match (weekends, day.weekday()) {
        (WeekendRule::WorkingDayBefore, Weekday::Sat) => 1,
        (WeekendRule::WorkingDayBefore, Weekday::Sun) => 2,
        _ => 0,
    };
    day.checked_sub_days(Days::new(back)).unwrap_or(day)
}

/// The meeting's deadlines by the policy's rules, whatever the meeting's
/// kind (pick the policy with [`DeadlinePolicy::for_meeting`]). Each is
/// counted back from the meeting's first day in its zone (a tentative
/// meeting's: the first day of its window), is a whole-day
/// deadline in the meeting's zone, has the id `{meeting-id}-{suffix}` and
/// `derived = true`. A rule whose id would be too long is skipped.
pub fn derive_deadlines(meeting: &Meeting, policy: &DeadlinePolicy) -> Vec<DeadlineInput> {
    let first_day = meeting.schedule().days().first();
    policy
        .rules
        .iter()
        .filter_map(|r| {
            let id = ItemId::parse(&format!("{}-{}", meeting.id(), r.suffix)).ok()?;
            let (email, url) = match &r.submit_to {
                Some(Contact::Email(e)) => (Some(e.to_string()), None),
                Some(Contact::Url(u)) => (None, Some(u.to_string())),
                None => (None, None),
            };
            Some(DeadlineInput {
                id: Some(id.to_string()),
                meeting: Some(meeting.id().to_string()),
                group: None,
                kind: Some(r.kind.as_str().to_owned()),
                title: r.title.as_ref().map(|t| t.to_string()),
                date: Some(deadline_day(first_day, r.days_before, policy.weekends).to_string()),
                time: None,
                zone: Some(meeting.zone().name().to_owned()),
                ambiguous: None,
                email,
                url,
                note: r.note.as_ref().map(|n| n.to_string()),
                derived: Some(true),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::participants::tests::field_names;

    #[test]
    fn an_announced_deadline_serializes_exactly_as_before() {
        let d = DeadlineInput {
            id: Some("fgmv-2-visa".into()),
            ..DeadlineInput::default()
        };
        let before = [
            "id",
            "meeting",
            "group",
            "kind",
            "title",
            "date",
            "time",
            "zone",
            "ambiguous",
            "email",
            "url",
            "note",
        ];
        assert_eq!(field_names(&d), before);
        let d = DeadlineInput {
            derived: Some(true),
            ..d
        };
        assert_eq!(field_names(&d)[before.len()..], ["derived"]);
    }

    #[test]
    fn days_are_counted_back_then_moved_off_the_weekend() {
        let d = |s: &str| s.parse::<NaiveDate>().expect("date");
        let back = WeekendRule::WorkingDayBefore;
        // Tue 4 Jul 2023 - 14 = Tue 20 Jun: no move.
        assert_eq!(deadline_day(d("2023-07-04"), 14, back), d("2023-06-20"));
        // Thu 9 Nov - 5 = Sat 4 Nov -> Fri 3 Nov; Fri 10 Nov - 5 = Sun 5 Nov
        // -> Fri 3 Nov.
        assert_eq!(deadline_day(d("2023-11-09"), 5, back), d("2023-11-03"));
        assert_eq!(deadline_day(d("2023-11-10"), 5, back), d("2023-11-03"));
        assert_eq!(
            deadline_day(d("2023-11-09"), 5, WeekendRule::Keep),
            d("2023-11-04")
        );
        assert_eq!(deadline_day(d("2023-11-09"), 0, back), d("2023-11-09"));
    }
}
