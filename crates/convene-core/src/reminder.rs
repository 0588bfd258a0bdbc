//! The reminder plan: which mails to send to which lists, and when.
//!
//! A pure function of the catalog, a policy and "now" (the moment of the
//! change that plans them). The mail adapter stores the plan in its outbox
//! and sends what is due.

use std::collections::BTreeMap;

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::deadline::{Deadline, Owner};
use crate::group::GroupTree;
use crate::meeting::{Meeting, MeetingKind, Status};
use crate::text::{Email, ItemId};
use crate::time::resolve_lenient;

/// Which mails to plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderPolicy {
    /// Announce an item when it is created.
    pub announce: bool,
    /// Remind this many days before a meeting's first session.
    pub meeting_days_before: Vec<u32>,
    /// Remind this many days before a deadline.
    pub deadline_days_before: Vec<u32>,
    /// Remind this many days before each occurrence of a series (instead
    /// of `meeting_days_before`, which would be a 7-day reminder every
    /// week).
    #[serde(default = "one_day")]
    pub series_days_before: Vec<u32>,
    /// `series_days_before` for some meeting kinds (`physical`,
    /// `e-meeting`, …): `{ physical = [7, 1] }`.
    #[serde(default)]
    pub series_days_before_by_kind: BTreeMap<String, Vec<u32>>,
}

fn one_day() -> Vec<u32> {
    vec![1]
}

impl Default for ReminderPolicy {
    fn default() -> Self {
        Self {
            announce: true,
            meeting_days_before: vec![7, 1],
            deadline_days_before: vec![7, 1],
            series_days_before: one_day(),
            series_days_before_by_kind: BTreeMap::new(),
        }
    }
}

impl ReminderPolicy {
    /// The days before each occurrence of a series of this kind.
    pub fn series_days(&self, kind: MeetingKind) -> &[u32] {
        self.series_days_before_by_kind
            .get(kind.as_str())
            .unwrap_or(&self.series_days_before)
    }

    /// The names in `series_days_before_by_kind` that are not meeting
    /// kinds, for the configuration to refuse.
    pub fn unknown_kinds(&self) -> Vec<&str> {
        self.series_days_before_by_kind
            .keys()
            .map(String::as_str)
            .filter(|k| MeetingKind::parse(k).is_err())
            .collect()
    }
}

/// What kind of mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum MailKind {
    /// "A meeting has been scheduled" / "a deadline has been set".
    Announcement,
    /// "In N days".
    Reminder {
        /// How many days before.
        days_before: u32,
    },
    /// "In N days", for one occurrence of a series.
    OccurrenceReminder {
        /// How many days before.
        days_before: u32,
        /// The occurrence's original date (its key).
        occurrence: NaiveDate,
    },
    /// "The meeting moved / changed place or link".
    Update,
    /// "The meeting is cancelled".
    Cancellation,
    /// "The meeting is on again": a cancel undone (see [`crate::reinstate`]).
    Reinstatement,
    /// One list's summary of a batch of changes (`POST /api/v1/changes`).
    Digest,
    /// A personal feed link asked for on a group's page, mailed to one
    /// person (issue 17); not a list mail.
    PersonalLink,
}

impl MailKind {
    /// Whether the mail tells of a change (announcement, update,
    /// cancellation or reinstatement notice, digest), as opposed to a
    /// reminder: change notices wait out the hold, fold, and are left out
    /// of silent writes.
    pub fn is_notice(self) -> bool {
        !matches!(self, MailKind::Reminder { .. })
    }
}

/// What a mail is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "kebab-case")]
pub enum Subject {
    /// A meeting.
    Meeting(ItemId),
    /// A deadline.
    Deadline(ItemId),
    /// One list's digest of a batch of changes.
    Batch(ItemId),
    /// A personal feed link (its id): the mail that carries its URL.
    FeedLink(ItemId),
}

/// One planned mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedMail {
    /// When to send it.
    pub due: DateTime<Utc>,
    /// What kind.
    pub kind: MailKind,
    /// The item.
    pub subject: Subject,
    /// The effective lists of the item's groups, each once.
    pub recipients: Vec<Email>,
    /// After this instant the mail is of no use (the meeting has begun, the
    /// deadline has closed): a dispatcher that was down skips it instead of
    /// sending it late.
    pub expires: DateTime<Utc>,
}

impl PlannedMail {
    /// Whether the mail is due at `now` and still worth sending.
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.due <= now && now < self.expires
    }
}

/// `n` calendar days before `at`, at the same local wall-clock time in `zone`
/// (a week before 09:00 is 09:00, whatever DST did in between).
pub fn days_before(zone: Tz, at: DateTime<Utc>, n: u32) -> DateTime<Utc> {
    let local = at.with_timezone(&zone).naive_local();
    match local.checked_sub_days(Days::new(u64::from(n))) {
        Some(earlier) => resolve_lenient(zone, earlier),
        None => at,
    }
}

/// Mails for one meeting, planned at `now`. Cancelled meetings get none;
/// tentative ones only the announcement. Nothing is planned for moments
/// already past, and no announcement for a meeting already begun.
pub fn plan_meeting(
    tree: &GroupTree,
    meeting: &Meeting,
    policy: &ReminderPolicy,
    now: DateTime<Utc>,
) -> Vec<PlannedMail> {
    let recipients = tree.recipients(meeting.groups());
    if meeting.status() == Status::Cancelled || recipients.is_empty() {
        return Vec::new();
    }
    let subject = Subject::Meeting(meeting.id().clone());
    let starts = meeting.starts_at();
    // A series is worth announcing while an occurrence is still ahead.
    let announce_until = match (meeting.series(), meeting.sessions().last()) {
        (Some(_), Some(last)) => last.utc.start,
        _ => starts,
    };
    let mut out = Vec::new();
    if policy.announce && announce_until > now {
        out.push(PlannedMail {
            due: now,
            kind: MailKind::Announcement,
            subject: subject.clone(),
            recipients: recipients.clone(),
            expires: announce_until,
        });
    }
    if let Some(series) = meeting.series() {
        // The announcement above tells the series once; each occurrence
        // still ahead gets its own reminders.
        if meeting.status() == Status::Confirmed {
            for o in series.occurrences().iter().filter(|o| !o.is_cancelled()) {
                let start = o.session.utc.start;
                for &n in policy.series_days(meeting.kind()) {
                    let due = days_before(meeting.zone(), start, n);
                    if due >= now && due < start {
                        out.push(PlannedMail {
                            due,
                            kind: MailKind::OccurrenceReminder {
                                days_before: n,
                                occurrence: o.original,
                            },
                            subject: subject.clone(),
                            recipients: recipients.clone(),
                            expires: start,
                        });
                    }
                }
            }
        }
        return out;
    }
    if meeting.status() == Status::Confirmed {
        for &n in &policy.meeting_days_before {
            let due = days_before(meeting.zone(), starts, n);
            if due >= now && due < starts {
                out.push(PlannedMail {
                    due,
                    kind: MailKind::Reminder { days_before: n },
                    subject: subject.clone(),
                    recipients: recipients.clone(),
                    expires: starts,
                });
            }
        }
    }
    out
}

/// Mails for one deadline, planned at `now`: reminders before it closes, and
/// an announcement for a group's own deadline (a meeting's deadlines are in
/// the meeting's announcement). None for a cancelled meeting's deadlines.
/// `meeting` is the deadline's meeting, when it belongs to one.
pub fn plan_deadline(
    tree: &GroupTree,
    deadline: &Deadline,
    meeting: Option<&Meeting>,
    policy: &ReminderPolicy,
    now: DateTime<Utc>,
) -> Vec<PlannedMail> {
    if meeting.is_some_and(|m| m.status() == Status::Cancelled) {
        return Vec::new();
    }
    let groups: &[crate::text::GroupSlug] = match (deadline.owner(), meeting) {
        (Owner::Group(g), _) => std::slice::from_ref(g),
        (Owner::Meeting(_), Some(m)) => m.groups(),
        (Owner::Meeting(_), None) => &[],
    };
    let recipients = tree.recipients(groups);
    if recipients.is_empty() {
        return Vec::new();
    }
    let subject = Subject::Deadline(deadline.id().clone());
    let anchor = deadline.anchor();
    let mut out = Vec::new();
    if policy.announce && meeting.is_none() && deadline.closes_at() > now {
        out.push(PlannedMail {
            due: now,
            kind: MailKind::Announcement,
            subject: subject.clone(),
            recipients: recipients.clone(),
            expires: deadline.closes_at(),
        });
    }
    for &n in &policy.deadline_days_before {
        let due = days_before(deadline.zone(), anchor, n);
        if due >= now && due < deadline.closes_at() {
            out.push(PlannedMail {
                due,
                kind: MailKind::Reminder { days_before: n },
                subject: subject.clone(),
                recipients: recipients.clone(),
                expires: deadline.closes_at(),
            });
        }
    }
    out
}

/// Every mail for the catalog planned at `now`, by due instant, then item,
/// then kind.
pub fn plan(catalog: &Catalog, policy: &ReminderPolicy, now: DateTime<Utc>) -> Vec<PlannedMail> {
    let mut out: Vec<PlannedMail> = catalog
        .meetings()
        .iter()
        .flat_map(|m| plan_meeting(catalog.tree(), m, policy, now))
        .chain(catalog.deadlines().iter().flat_map(|d| {
            let meeting = match d.owner() {
                Owner::Meeting(id) => catalog.meeting(id),
                Owner::Group(_) => None,
            };
            plan_deadline(catalog.tree(), d, meeting, policy, now)
        }))
        .collect();
    out.sort_by(|a, b| (a.due, &a.subject, a.kind).cmp(&(b.due, &b.subject, b.kind)));
    out
}

/// Whether a change is worth telling the lists about: time, place, link or
/// status moved (a title or description edit is not).
pub fn is_material_change(old: &Meeting, new: &Meeting) -> bool {
    old.schedule() != new.schedule()
        || old.zone() != new.zone()
        || old.fold() != new.fold()
        || old.location() != new.location()
        || old.remote_url() != new.remote_url()
        || old.join_notes() != new.join_notes()
        || old.status() != new.status()
        || old.groups() != new.groups()
}

/// What the lists have heard of a meeting when it changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heard {
    /// Its announcement is planned but has not gone out: the lists know
    /// nothing of it yet.
    Nothing,
    /// Its announcement went out (or is going out), or the meeting came with
    /// a schedule the lists already knew (an import).
    Announced,
}

/// Mails for a meeting created (`old` is `None`) or changed, planned at
/// `now`, when the lists have heard of it ([`plan_edit`] with
/// [`Heard::Announced`]).
pub fn plan_change(
    tree: &GroupTree,
    old: Option<&Meeting>,
    new: &Meeting,
    policy: &ReminderPolicy,
    now: DateTime<Utc>,
) -> Vec<PlannedMail> {
    match old {
        None => plan_meeting(tree, new, policy, now),
        Some(old) => plan_edit(tree, old, new, Heard::Announced, policy, now),
    }
}

/// Mails for a changed meeting, planned at `now`. A list hears of a meeting
/// first by its announcement: when it has heard [`Heard::Nothing`], the
/// change is announced as the meeting now is (and a meeting cancelled
/// before anyone heard of it sends nothing). Otherwise: a cancellation
/// notice when cancelled; an update notice when time, place or link
/// changed, with the reminders planned anew for the new time. The store
/// supersedes the pending mails of the older version.
pub fn plan_edit(
    tree: &GroupTree,
    old: &Meeting,
    new: &Meeting,
    heard: Heard,
    policy: &ReminderPolicy,
    now: DateTime<Utc>,
) -> Vec<PlannedMail> {
    if heard == Heard::Nothing {
        return plan_meeting(tree, new, policy, now);
    }
    let recipients = tree.recipients(old.groups().iter().chain(new.groups()));
    let subject = Subject::Meeting(new.id().clone());
    let notice = |kind| PlannedMail {
        due: now,
        kind,
        subject: subject.clone(),
        recipients: recipients.clone(),
        // A notice about a meeting is useful until the meeting ends.
        expires: new.span().end.max(now),
    };
    if new.status() == Status::Cancelled {
        return if old.status() == Status::Cancelled || recipients.is_empty() {
            Vec::new()
        } else {
            vec![notice(MailKind::Cancellation)]
        };
    }
    let reminders = ReminderPolicy {
        announce: false,
        ..policy.clone()
    };
    let mut out = Vec::new();
    if is_material_change(old, new) && !recipients.is_empty() && new.span().end > now {
        out.push(notice(MailKind::Update));
    }
    out.extend(plan_meeting(tree, new, &reminders, now));
    out
}

/// What the lists have heard of a meeting, and which of its change
/// notices still wait in the outbox (their hold not over, not yet taken by
/// a dispatcher).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailNews {
    /// Whether its announcement went out.
    pub heard: Heard,
    /// Notices of earlier versions still waiting: a change folds into them.
    pub waiting: Vec<MailKind>,
}

/// Folds a change into the notices still waiting, and leaves out the
/// notices of a silent change (`notify: false`).
///
/// `planned` is what [`plan_edit`] planned for the change. A notice of an
/// earlier version that still waits (an update notice, a cancellation
/// notice) is carried to the new version when it still makes sense (an
/// update for a meeting not cancelled and not over, a cancellation for a
/// meeting still cancelled), so a later edit inside the hold, even one that
/// is not worth a notice of its own, does not drop it: the lists get one
/// mail with the final details. A silent change plans no notice of its own
/// but keeps (and carries) the waiting ones: a typo fixed before the
/// announcement went out is announced fixed, not dropped.
pub fn fold_notices(
    tree: &GroupTree,
    old: &Meeting,
    new: &Meeting,
    planned: Vec<PlannedMail>,
    waiting: &[MailKind],
    notify: bool,
    now: DateTime<Utc>,
) -> Vec<PlannedMail> {
    let mut out: Vec<PlannedMail> = planned
        .into_iter()
        .filter(|m| notify || !m.kind.is_notice() || waiting.contains(&m.kind))
        .collect();
    let recipients = tree.recipients(old.groups().iter().chain(new.groups()));
    if recipients.is_empty() {
        return out;
    }
    let cancelled = new.status() == Status::Cancelled;
    for &kind in waiting {
        let fits = match kind {
            MailKind::Update => !cancelled && new.span().end > now,
            MailKind::Cancellation => cancelled,
            _ => false,
        };
        let notices = |m: &PlannedMail| m.kind.is_notice() && m.kind != MailKind::Digest;
        if fits && !out.iter().any(notices) {
            out.push(PlannedMail {
                due: now,
                kind,
                subject: Subject::Meeting(new.id().clone()),
                recipients: recipients.clone(),
                expires: new.span().end.max(now),
            });
        }
    }
    out
}

/// Makes change notices wait `hold` after `now` (the change), so that
/// changes inside the window fold into one mail; reminders keep their due
/// times. A notice whose hold would end after it has stopped being useful
/// (the meeting starts sooner) is not held.
pub fn hold_notices(mails: &mut [PlannedMail], hold: chrono::Duration, now: DateTime<Utc>) {
    for m in mails.iter_mut().filter(|m| m.kind.is_notice()) {
        if m.due <= now && now + hold < m.expires {
            m.due = now + hold;
        }
    }
}
