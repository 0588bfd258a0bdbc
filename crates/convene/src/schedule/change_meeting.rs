//! Changing a meeting: a JSON merge patch (RFC 7396) over the meeting as
//! given, or a cancellation. Both end in [`Schedule::save_change`]: one
//! transaction that checks the version, the rules and the conflicts, and
//! plans what the lists hear (an update or a cancellation notice, or, when
//! the announcement has not gone out yet, the announcement as the meeting
//! now is, or nothing for a meeting cancelled before anyone heard of it).

use convene_core::reminder::{plan_deadline, plan_edit};
use convene_core::{Defaults, GroupTree, ItemId, Meeting, MeetingInput, Status, dropped_sessions};
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
        let old = self.load_meeting(&mut w, id).await?;
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
        let saved = self
            .save_change(
                &mut w,
                actor,
                old,
                input,
                change.expected,
                change.allow_conflicts,
            )
            .await?;
        w.finish(saved, render).await
    }

    /// Cancels a meeting: it stays, cancelled, with the reason.
    pub async fn cancel_meeting(
        &self,
        actor: &Actor,
        id: &str,
        reason: Option<String>,
        expected: Option<i64>,
        key: Option<&KeyRequest>,
        render: Render<MeetingSaved>,
    ) -> Result<Written<MeetingSaved>, ScheduleError> {
        let mut w = begin!(self, key);
        let old = self.load_meeting(&mut w, id).await?;
        if old.meeting.status() == Status::Cancelled {
            return Err(ScheduleError::State(format!(
                "meeting {id:?} is already cancelled"
            )));
        }
        let mut input = old.meeting.to_input();
        input.status = Some("cancelled".into());
        input.cancel_reason = reason;
        let saved = self
            .save_change(&mut w, actor, old, input, expected, true)
            .await?;
        w.finish(saved, render).await
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
        let heard = w.tx.heard(new.id(), now).await?;
        let mails = plan_edit(
            &tree,
            &old.meeting,
            &new,
            heard,
            &self.config.reminders,
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
        let mails: Vec<_> = mails.iter().map(|m| (m, version)).collect();
        w.tx.plan_mails(&mails, now).await?;
        w.tx.audit(now, &actor.name, "update", ("meeting", id), &json)
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
            let mails: Vec<_> = mails.iter().map(|m| (m, version)).collect();
            w.tx.plan_mails(&mails, now).await?;
            w.tx.audit(now, actor, "update", ("deadline", did), &json)
                .await?;
        }
        Ok(())
    }
}
