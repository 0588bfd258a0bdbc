//! Change notices fold: a change inside the hold replaces the notices still
//! waiting instead of adding to them, a silent change plans none of its own
//! but keeps (and carries) the waiting ones, and the hold delays notices
//! but never reminders.

use chrono::{DateTime, Duration, Utc};
use convene_core::reminder::{Heard, fold_notices, hold_notices, plan_edit, plan_meeting};
use convene_core::{Catalog, Defaults, MailKind, Meeting, ReminderPolicy, Status, parse_schedule};

const SEED: &str = include_str!("../../../data/fg-mv-2023.toml");

fn seed() -> Catalog {
    parse_schedule(SEED).expect("the seed is valid")
}

fn now() -> DateTime<Utc> {
    "2023-06-01T00:00:00Z".parse().expect("instant")
}

/// The first confirmed, timed WG5 meeting after [`now`], and a copy of it
/// changed by `edit`.
fn meeting_and(edit: impl FnOnce(&mut convene_core::MeetingInput)) -> (Catalog, Meeting, Meeting) {
    let c = seed();
    let m = c
        .meetings()
        .iter()
        .find(|m| {
            m.status() == Status::Confirmed
                && m.starts_at() > now()
                && m.groups().iter().any(|g| g.as_str() == "wg5")
                && m.to_input().start.is_some()
        })
        .expect("a WG5 meeting")
        .clone();
    let mut input = m.to_input();
    edit(&mut input);
    let new = input
        .validate(&Defaults { zone: m.zone() })
        .expect("the edit is valid");
    (c, m, new)
}

fn kinds(mails: &[convene_core::PlannedMail]) -> Vec<MailKind> {
    mails
        .iter()
        .map(|m| m.kind)
        .filter(|k| k.is_notice())
        .collect()
}

#[test]
fn a_waiting_update_is_carried_through_a_retitle() {
    let (c, old, new) = meeting_and(|i| i.title = Some("Retitled".into()));
    let policy = ReminderPolicy::default();
    let planned = plan_edit(c.tree(), &old, &new, Heard::Announced, &policy, now());
    assert_eq!(kinds(&planned), [], "a retitle alone is not worth a notice");
    let folded = fold_notices(
        c.tree(),
        &old,
        &new,
        planned.clone(),
        &[MailKind::Update],
        true,
        now(),
    );
    assert_eq!(kinds(&folded), [MailKind::Update]);
    // Nothing waiting: nothing carried.
    let alone = fold_notices(c.tree(), &old, &new, planned, &[], true, now());
    assert_eq!(kinds(&alone), []);
}

#[test]
fn a_silent_change_keeps_only_what_waited() {
    let (c, old, new) = meeting_and(|i| i.start = Some("06:00".into()));
    let policy = ReminderPolicy::default();
    let planned = plan_edit(c.tree(), &old, &new, Heard::Announced, &policy, now());
    assert_eq!(kinds(&planned), [MailKind::Update]);
    let silent = fold_notices(c.tree(), &old, &new, planned.clone(), &[], false, now());
    assert_eq!(kinds(&silent), []);
    assert!(!silent.is_empty(), "the reminders stay");
    // Not announced yet: the silent fix is announced with the new details.
    let planned = plan_edit(c.tree(), &old, &new, Heard::Nothing, &policy, now());
    let silent = fold_notices(
        c.tree(),
        &old,
        &new,
        planned,
        &[MailKind::Announcement],
        false,
        now(),
    );
    assert_eq!(kinds(&silent), [MailKind::Announcement]);
}

#[test]
fn a_waiting_update_is_dropped_by_a_cancellation() {
    let (c, old, new) = meeting_and(|i| i.status = Some("cancelled".into()));
    let policy = ReminderPolicy::default();
    let planned = plan_edit(c.tree(), &old, &new, Heard::Announced, &policy, now());
    let folded = fold_notices(
        c.tree(),
        &old,
        &new,
        planned,
        &[MailKind::Update],
        true,
        now(),
    );
    assert_eq!(kinds(&folded), [MailKind::Cancellation]);
}

#[test]
fn the_hold_delays_notices_not_reminders() {
    let (c, _, m) = meeting_and(|_| {});
    let mut mails = plan_meeting(c.tree(), &m, &ReminderPolicy::default(), now());
    let reminders: Vec<_> = mails
        .iter()
        .filter(|x| !x.kind.is_notice())
        .map(|x| x.due)
        .collect();
    hold_notices(&mut mails, Duration::minutes(10), now());
    let announcement = mails
        .iter()
        .find(|x| x.kind == MailKind::Announcement)
        .expect("announced");
    assert_eq!(announcement.due, now() + Duration::minutes(10));
    let after: Vec<_> = mails
        .iter()
        .filter(|x| !x.kind.is_notice())
        .map(|x| x.due)
        .collect();
    assert_eq!(after, reminders);
    // A meeting starting sooner than the hold is not held.
    let soon = m.starts_at() - Duration::minutes(5);
    let mut mails = plan_meeting(c.tree(), &m, &ReminderPolicy::default(), soon);
    hold_notices(&mut mails, Duration::minutes(10), soon);
    assert!(
        mails
            .iter()
            .filter(|x| x.kind.is_notice())
            .all(|x| x.due == soon)
    );
}
