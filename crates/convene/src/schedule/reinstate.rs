//! Reinstating a cancelled meeting: the cancel undone. Same UID, a higher
//! version (so calendars take it again), the status it was cancelled from
//! (confirmed or tentative, from its history), the conflicts checked again
//! (a slot may have been taken meanwhile), its reminders planned again, and
//! one "Reinstated" notice, unless the lists never heard of the cancel (its
//! notice still waiting: it is withdrawn and nothing is sent) or of the
//! meeting at all (then it is announced as it now is). See
//! `convene_core::reinstate`.
//!
//! [`Schedule::reinstate_in`] runs in a caller's [`Write`], so a batch of
//! changes can reinstate in its own transaction. Reinstating one occurrence
//! of a series is for the series' use case; it would add an occurrence date
//! to [`Reinstate`].

use convene_core::reinstate::status_before_cancel;
use convene_core::{ItemId, Status};

use super::change_meeting::Plan;
use super::create_meeting::MeetingSaved;
use super::{Actor, Render, Schedule, ScheduleError, Write, Written, begin};
use crate::store::{AuditEntry, HistoryScope, KeyRequest};

/// A reinstate request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reinstate {
    /// The version the request was made against (`If-Match`).
    pub expected: Option<i64>,
    /// Reinstate it even when it now overlaps confirmed meetings of related
    /// groups.
    pub allow_conflicts: bool,
}

/// The statuses of a meeting's earlier versions, newest first, as its
/// audit rows hold them (each row's `detail` is the meeting as given).
fn earlier_statuses<'a>(
    id: &'a ItemId,
    history: &'a [AuditEntry],
) -> impl Iterator<Item = Status> + 'a {
    history
        .iter()
        .rev()
        .filter(move |e| e.subject_type == "meeting" && e.subject_id == id.as_str())
        .filter_map(|e| {
            let detail: serde_json::Value = serde_json::from_str(&e.detail).ok()?;
            Status::parse(detail.get("status")?.as_str()?).ok()
        })
}

impl Schedule {
    /// Reinstates a cancelled meeting (one transaction).
    pub async fn reinstate_meeting(
        &self,
        actor: &Actor,
        id: &str,
        request: &Reinstate,
        key: Option<&KeyRequest>,
        render: Render<MeetingSaved>,
    ) -> Result<Written<MeetingSaved>, ScheduleError> {
        let mut w = begin!(self, key);
        let saved = self.reinstate_in(&mut w, actor, id, request).await?;
        w.finish(saved, render).await
    }

    /// Reinstates a cancelled meeting in `w`: refused (a state error) for a
    /// meeting that is not cancelled.
    pub(crate) async fn reinstate_in(
        &self,
        w: &mut Write<'_>,
        actor: &Actor,
        id: &str,
        request: &Reinstate,
    ) -> Result<MeetingSaved, ScheduleError> {
        let old = self.load_meeting(w, id).await?;
        if old.meeting.status() != Status::Cancelled {
            return Err(ScheduleError::State(format!(
                "meeting {id:?} is {}, not cancelled: only a cancelled meeting can be reinstated",
                old.meeting.status().as_str()
            )));
        }
        let mid = old.meeting.id().clone();
        let history = w.tx.history(&HistoryScope::Meeting(mid.clone())).await?;
        let status = status_before_cancel(&old.meeting, earlier_statuses(&mid, &history));
        let heard = w.tx.cancel_heard(&mid, w.now).await?;
        let mut input = old.meeting.to_input();
        input.status = Some(status.as_str().to_owned());
        input.cancel_reason = None;
        self.save_change_as(
            w,
            actor,
            old,
            input,
            request.expected,
            request.allow_conflicts,
            Plan::Reinstate(heard),
        )
        .await
    }
}
