//! Undoing a cancel: the status a cancelled meeting goes back to, and what
//! its lists hear.
//!
//! A reinstated meeting keeps its UID and gets a higher `SEQUENCE`, so
//! calendars that took the cancellation show it again. It goes back to the
//! status it was cancelled from (confirmed or tentative), found in its
//! history ([`status_before_cancel`]). Whether a "Reinstated" notice goes out
//! depends on what the lists heard of the cancel ([`CancelHeard`],
//! [`plan_reinstate`]).

use chrono::{DateTime, Utc};

use crate::group::GroupTree;
use crate::meeting::{Meeting, Schedule, Status};
use crate::reminder::{MailKind, PlannedMail, ReminderPolicy, Subject, plan_meeting};

/// The status a cancelled meeting goes back to: the newest status of its
/// earlier versions that was not "cancelled" (`earlier`, newest first, as
/// its history holds them). With none (a meeting imported cancelled), a
/// tentative window stays tentative and any other schedule is confirmed.
pub fn status_before_cancel(
    meeting: &Meeting,
    earlier: impl IntoIterator<Item = Status>,
) -> Status {
    earlier
        .into_iter()
        .find(|s| *s != Status::Cancelled)
        .unwrap_or(match meeting.schedule() {
            Schedule::Tentative { .. } => Status::Tentative,
            _ => Status::Confirmed,
        })
}

/// What the lists heard of a meeting's cancel when it is reinstated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelHeard {
    /// Nothing about the meeting ever went out (it was cancelled before its
    /// announcement was sent): reinstating announces it as it now is.
    Unheard,
    /// Its cancellation notice is still waiting in the outbox: reinstating
    /// withdraws it and sends no notice; the lists know the meeting as it was.
    Pending,
    /// The lists heard of the cancel (the notice went out or is going out,
    /// or the meeting came cancelled with a schedule the lists knew).
    Heard,
}

/// Mails for a meeting reinstated at `now` (`meeting` as reinstated): one
/// "Reinstated" notice to its lists when they heard of the cancel (useful
/// until the meeting ends), the announcement when they heard nothing of the
/// meeting, nothing when the cancel notice never left; and its reminders
/// again in every case. The store supersedes the pending mails of older
/// versions, the waiting cancellation notice among them.
pub fn plan_reinstate(
    tree: &GroupTree,
    meeting: &Meeting,
    heard: CancelHeard,
    policy: &ReminderPolicy,
    now: DateTime<Utc>,
) -> Vec<PlannedMail> {
    if heard == CancelHeard::Unheard {
        return plan_meeting(tree, meeting, policy, now);
    }
    let reminders = ReminderPolicy {
        announce: false,
        ..policy.clone()
    };
    let recipients = tree.recipients(meeting.groups());
    let mut out = Vec::new();
    if heard == CancelHeard::Heard && !recipients.is_empty() && meeting.span().end > now {
        out.push(PlannedMail {
            due: now,
            kind: MailKind::Reinstatement,
            subject: Subject::Meeting(meeting.id().clone()),
            recipients,
            expires: meeting.span().end,
        });
    }
    out.extend(plan_meeting(tree, meeting, &reminders, now));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::group::GroupInput;
    use crate::meeting::MeetingInput;

    fn tree() -> GroupTree {
        let g = GroupInput {
            slug: Some("wg5".into()),
            name: Some("Interoperability".into()),
            kind: Some("focus-group".into()),
            mailing_list: Some("wg5@lists.example.org".into()),
            ..GroupInput::default()
        };
        GroupTree::new([g.validate().expect("group")]).expect("tree")
    }

    fn meeting(status: &str, window: bool) -> Meeting {
        let mut input = MeetingInput {
            id: Some("m".into()),
            title: Some("WG5 e-meeting".into()),
            groups: vec!["wg5".into()],
            kind: Some("e-meeting".into()),
            status: Some(status.into()),
            ..MeetingInput::default()
        };
        if window {
            input.window = Some("2031-07-10/2031-07-20".into());
            input.window_label = Some("Mid July 2031".into());
        } else {
            input.date = Some("2031-07-10".into());
            input.start = Some("14:00".into());
            input.end = Some("15:00".into());
        }
        input.validate(&Default::default()).expect("valid meeting")
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    #[test]
    fn a_reinstated_meeting_keeps_what_was_cancelled() {
        let m = meeting("cancelled", false);
        use Status::*;
        assert_eq!(
            status_before_cancel(&m, [Cancelled, Tentative, Confirmed]),
            Tentative
        );
        assert_eq!(status_before_cancel(&m, [Confirmed]), Confirmed);
        assert_eq!(status_before_cancel(&m, [Cancelled]), Confirmed);
        assert_eq!(
            status_before_cancel(&meeting("cancelled", true), []),
            Tentative
        );
    }

    #[test]
    fn the_lists_hear_of_a_reinstatement_once_and_only_after_the_cancel() {
        let tree = tree();
        let m = meeting("confirmed", false);
        let policy = ReminderPolicy::default();
        let now = at("2031-06-01T00:00:00Z");
        let kinds = |heard| -> Vec<MailKind> {
            plan_reinstate(&tree, &m, heard, &policy, now)
                .into_iter()
                .map(|p| p.kind)
                .collect()
        };
        let reminders = [
            MailKind::Reminder { days_before: 7 },
            MailKind::Reminder { days_before: 1 },
        ];
        let heard = kinds(CancelHeard::Heard);
        assert_eq!(heard[0], MailKind::Reinstatement);
        assert_eq!(heard[1..], reminders);
        assert_eq!(kinds(CancelHeard::Pending), reminders);
        assert_eq!(kinds(CancelHeard::Unheard)[0], MailKind::Announcement);
        let notice = &plan_reinstate(&tree, &m, CancelHeard::Heard, &policy, now)[0];
        assert_eq!(notice.due, now);
        assert_eq!(notice.expires, at("2031-07-10T13:00:00Z"));
        // A meeting already over gets no notice.
        let late = at("2031-07-11T00:00:00Z");
        assert!(plan_reinstate(&tree, &m, CancelHeard::Heard, &policy, late).is_empty());
    }
}
