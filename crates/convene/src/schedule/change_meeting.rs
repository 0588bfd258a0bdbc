//! Changing a meeting: a JSON merge patch (RFC 7396) over the meeting as
//! given, or a cancellation. Both end in [`Schedule::save_change`]: one
//! transaction that checks the version, the rules and the conflicts, and
//! plans what the lists hear (an update or a cancellation notice, or, when
//! the announcement has not gone out yet, the announcement as the meeting
//! now is, or nothing for a meeting cancelled before anyone heard of it).

use convene_core::reinstate::{CancelHeard, plan_reinstate};
use convene_core::reminder::{fold_notices, plan_deadline, plan_edit};
use convene_core::{
    Defaults, GroupTree, ItemId, Meeting, MeetingInput, Status, Subject, dropped_sessions,
};
use serde_json::Value;

use super::create_meeting::{MeetingSaved, check_meeting};
use super::{
    Actor, Render, Schedule, ScheduleError, Write, Written, begin, from_json, merge_patch,
};
use crate::store::{KeyRequest, Origin, StoredMeeting, to_json};

/// A change to a meeting.
#[derive(Debug, Clone)]
pub struct MeetingPatch {
    /// A JSON merge patch over the meeting's input (`null` removes a field).
    pub patch: serde_json::Map<String, Value>,
    /// Save it even when it overlaps confirmed meetings of related groups.
    pub allow_conflicts: bool,
    /// The version the change was made against (`If-Match`).
    pub expected: Option<i64>,
    /// Announce the change (`"notify"`, default true); false: a silent fix.
    pub notify: bool,
}

/// A cancellation.
#[derive(Debug, Clone)]
pub struct Cancel {
    /// Why, as the notice and the feeds say.
    pub reason: Option<String>,
    /// The version the change was made against (`If-Match`).
    pub expected: Option<i64>,
    /// Announce it (`"notify"`, default true); false: no cancellation notice.
    pub notify: bool,
}

/// Which mails a saved change plans, and how its audit row names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plan {
    /// A change (`update`): an update notice, or the announcement as the
    /// meeting now is ([`plan_edit`]).
    Edit,
    /// A cancellation (`cancel`): as [`Plan::Edit`] plans it.
    Cancel,
    /// A cancel undone (`reinstate`; [`plan_reinstate`]), given what the
    /// lists heard of the cancel.
    Reinstate(CancelHeard),
}

impl Plan {
    /// The audit row's action.
    fn action(self) -> &'static str {
        match self {
            Plan::Edit => "update",
            Plan::Cancel => "cancel",
            Plan::Reinstate(_) => "reinstate",
        }
    }
}

impl Schedule {
    pub(crate) async fn load_meeting(
        &self,
        w: &mut Write<'_>,
        id: &str,
    ) -> Result<StoredMeeting, ScheduleError> {
        let not_found = || ScheduleError::NotFound(format!("meeting {id:?} does not exist"));
        let id = ItemId::parse(id).map_err(|_| not_found())?;
        w.tx.meeting(&id).await?.ok_or_else(not_found)
    }

    /// Changes a meeting by a merge patch over its input.
    pub async fn patch_meeting(
        &self,
        actor: &Actor,
        id: &str,
        change: MeetingPatch,
        key: Option<&KeyRequest>,
        render: Render<MeetingSaved>,
    ) -> Result<Written<MeetingSaved>, ScheduleError> {
        let mut w = begin!(self, key);
        w.set_notify(change.notify);
        let saved = self.patch_meeting_in(&mut w, actor, id, change).await?;
        w.finish(saved, render).await
    }

    /// [`Schedule::patch_meeting`] inside an open write.
    pub(crate) async fn patch_meeting_in(
        &self,
        w: &mut Write<'_>,
        actor: &Actor,
        id: &str,
        change: MeetingPatch,
    ) -> Result<MeetingSaved, ScheduleError> {
        let old = self.load_meeting(w, id).await?;
        if let Some(v) = change.patch.get("id")
            && v.as_str() != Some(old.meeting.id().as_str())
        {
            return Err(ScheduleError::field(
                "id",
                "the id of a meeting cannot change",
            ));
        }
        let mut doc = serde_json::to_value(old.meeting.to_input()).unwrap_or(Value::Null);
        merge_patch(&mut doc, Value::Object(change.patch));
        let input: MeetingInput = from_json(doc)?;
        self.save_change(
            w,
            actor,
            old,
            input,
            change.expected,
            change.allow_conflicts,
        )
        .await
    }

    /// Cancels a meeting: it stays, cancelled, with the reason.
    pub async fn cancel_meeting(
        &self,
        actor: &Actor,
        id: &str,
        cancel: Cancel,
        key: Option<&KeyRequest>,
        render: Render<MeetingSaved>,
    ) -> Result<Written<MeetingSaved>, ScheduleError> {
        let mut w = begin!(self, key);
        w.set_notify(cancel.notify);
        let saved = self.cancel_meeting_in(&mut w, actor, id, cancel).await?;
        w.finish(saved, render).await
    }

    /// [`Schedule::cancel_meeting`] inside an open write.
    pub(crate) async fn cancel_meeting_in(
        &self,
        w: &mut Write<'_>,
        actor: &Actor,
        id: &str,
        cancel: Cancel,
    ) -> Result<MeetingSaved, ScheduleError> {
        let Cancel {
            reason, expected, ..
        } = cancel;
        let old = self.load_meeting(w, id).await?;
        if old.meeting.status() == Status::Cancelled {
            return Err(ScheduleError::State(format!(
                "meeting {id:?} is already cancelled"
            )));
        }
        let mut input = old.meeting.to_input();
        input.status = Some("cancelled".into());
        input.cancel_reason = reason;
        self.save_change_as(w, actor, old, input, expected, true, Plan::Cancel)
            .await
    }

    /// Saves a changed meeting in `w`: scope (before and after), rules, the
    /// version the change was made against, conflicts, then the meeting,
    /// its moved deadlines, its planned mails and the audit row.
    pub(crate) async fn save_change(
        &self,
        w: &mut Write<'_>,
        actor: &Actor,
        old: StoredMeeting,
        input: MeetingInput,
        expected: Option<i64>,
        allow_conflicts: bool,
    ) -> Result<MeetingSaved, ScheduleError> {
        self.save_change_as(w, actor, old, input, expected, allow_conflicts, Plan::Edit)
            .await
    }

    /// [`Schedule::save_change`], planning the mails and naming the audit
    /// row as `plan` says.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn save_change_as(
        &self,
        w: &mut Write<'_>,
        actor: &Actor,
        old: StoredMeeting,
        input: MeetingInput,
        expected: Option<i64>,
        allow_conflicts: bool,
        plan: Plan,
    ) -> Result<MeetingSaved, ScheduleError> {
        let tree = w.tx.groups().await?;
        actor.require_groups(&tree, old.meeting.groups())?;
        let archived = w.tx.archived_groups().await?;
        let new = check_meeting(self, &tree, &archived, &input, Some(old.meeting.groups()))?;
        actor.require_groups(&tree, new.groups())?;
        if let Some(expected) = expected
            && expected != old.version
        {
            return Err(ScheduleError::Stale {
                what: "meeting",
                id: old.meeting.id().to_string(),
                expected,
                current: old.version,
            });
        }
        let conflicts = self.conflicts(w, &tree, &new, old.meeting.groups()).await?;
        if !conflicts.is_empty() && !allow_conflicts {
            return Err(ScheduleError::Conflicts(conflicts));
        }
        let now = w.now;
        let version = old.version + 1;
        let subject = Subject::Meeting(new.id().clone());
        let news = w.news(&subject).await?;
        let policy = &self.config.reminders;
        let planned = match plan {
            Plan::Edit | Plan::Cancel => {
                plan_edit(&tree, &old.meeting, &new, news.heard, policy, now)
            }
            Plan::Reinstate(heard) => plan_reinstate(&tree, &new, heard, policy, now),
        };
        let mails = fold_notices(
            &tree,
            &old.meeting,
            &new,
            planned,
            &news.waiting,
            w.notify(),
            now,
        );
        let id = new.id().as_str();
        // Days the old version published that this one has not: published
        // as cancelled, so calendars that took them drop them.
        let dropped = dropped_sessions(&old.meeting, &new, &old.dropped);
        let json =
            w.tx.put_meeting(&new, version, &to_json(&dropped), Origin::Api, now)
                .await?;
        // Also when no mail is planned for the new version (moved into the
        // past, no recipients left): the old ones are wrong now.
        w.tx.supersede(("meeting", id), version).await?;
        w.plan(&subject, mails, version, &news.waiting).await?;
        w.tx.audit(now, &actor.name, plan.action(), ("meeting", id), &json)
            .await?;
        self.move_deadlines(w, &tree, &new, &actor.name).await?;
        let deadlines = w.tx.deadlines(std::slice::from_ref(new.id()), &[]).await?;
        Ok(MeetingSaved {
            stored: StoredMeeting {
                meeting: new,
                version,
                updated_at: chrono::SubsecRound::trunc_subsecs(now, 0),
                dropped,
            },
            deadlines,
            conflicts,
        })
    }

    /// Moves the meeting's derived deadlines to the dates its policy gives
    /// for the new schedule (deadlines set by hand stay where they were
    /// put), with their reminders planned anew.
    async fn move_deadlines(
        &self,
        w: &mut Write<'_>,
        tree: &GroupTree,
        new: &Meeting,
        actor: &str,
    ) -> Result<(), ScheduleError> {
        if new.status() == Status::Cancelled {
            return Ok(());
        }
        let Some(policy) =
            convene_core::DeadlinePolicy::for_meeting(&self.config.deadline_policies, new)
        else {
            return Ok(());
        };
        let stored = w.tx.deadlines(std::slice::from_ref(new.id()), &[]).await?;
        let fresh = convene_core::derive_deadlines(new, policy);
        let defaults = Defaults { zone: new.zone() };
        let now = w.now;
        for old in stored.iter().filter(|d| d.deadline.derived()) {
            let Some(input) = fresh
                .iter()
                .find(|f| f.id.as_deref() == Some(old.deadline.id().as_str()))
            else {
                continue;
            };
            let Ok(moved) = input.validate(&defaults) else {
                continue;
            };
            if moved == old.deadline {
                continue;
            }
            let version = old.version + 1;
            let did = moved.id().as_str();
            let json = w.tx.put_deadline(&moved, version, Origin::Api, now).await?;
            w.tx.supersede(("deadline", did), version).await?;
            let mails = plan_deadline(tree, &moved, Some(new), &self.config.reminders, now);
            w.plan(&Subject::Deadline(moved.id().clone()), mails, version, &[])
                .await?;
            w.tx.audit(now, actor, "update", ("deadline", did), &json)
                .await?;
        }
        Ok(())
    }
}
