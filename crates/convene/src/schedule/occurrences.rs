//! One occurrence of a series, and splitting a series.
//!
//! An occurrence is addressed by its original local date (the date the
//! rule gives it). Changing or cancelling it writes the series' exception
//! for that date and saves the series as any change is saved
//! ([`Schedule::save_change`]: one transaction, version check, conflicts,
//! notices, audit row). Removing every field of an exception (a merge
//! patch with `null`s) puts the occurrence back as the rule has it.
//!
//! A series PATCH with `"from": "YYYY-MM-DD"` splits the series as
//! calendar apps do: the stored series ends the occurrence before (its
//! rule gets `UNTIL`), and a new meeting, `ID-YYYYMMDD`, takes that
//! occurrence and the following ones, with their exceptions, and the
//! patch. Both are written in the same transaction.

use chrono::NaiveDate;
use convene_core::recurrence::End;
use convene_core::time::parse_date;
use convene_core::{ExceptionInput, ItemId, MeetingInput, Status};
use serde_json::Value;

use super::change_meeting::MeetingPatch;
use super::create_meeting::{MeetingSaved, check_meeting};
use super::reinstate::Reinstate;
use super::{
    Actor, Render, Schedule, ScheduleError, Write, Written, begin, from_json, merge_patch,
};
use crate::store::{KeyRequest, Origin, StoredMeeting};

/// The original date of an occurrence of `m`, or why there is none.
pub(crate) fn occurrence_date(m: &StoredMeeting, date: &str) -> Result<NaiveDate, ScheduleError> {
    let id = m.meeting.id();
    let Some(series) = m.meeting.series() else {
        return Err(ScheduleError::NotFound(format!(
            "meeting {id:?} is not a series; it has no occurrences"
        )));
    };
    // A path that names no date names no occurrence.
    let d = parse_date(date).map_err(|e| {
        ScheduleError::NotFound(format!("meeting {id:?} has no occurrence on {date:?}: {e}"))
    })?;
    if series.occurrence(d).is_none() {
        return Err(ScheduleError::NotFound(format!(
            "meeting {id:?} has no occurrence on {d}; address an occurrence by the date the rule gives it"
        )));
    }
    Ok(d)
}

/// The conflicts of a saved series that overlap the occurrence of `d`:
/// only those count against a change to that occurrence (the others'
/// were accepted when they were saved).
fn occurrence_conflicts(saved: &MeetingSaved, d: NaiveDate) -> Vec<super::ConflictView> {
    let Some(session) = saved
        .stored
        .meeting
        .series()
        .and_then(|s| s.occurrence(d))
        .map(|o| o.session.utc)
    else {
        return Vec::new();
    };
    let (from, to) = (super::utc(session.start), super::utc(session.end));
    saved
        .conflicts
        .iter()
        .filter(|c| c.overlaps.iter().any(|[a, b]| *a < to && from < *b))
        .cloned()
        .collect()
}

impl Schedule {
    /// Changes one occurrence by a merge patch over its exception (`date`,
    /// `start`, `end`, `title`; `null` removes one).
    pub async fn patch_occurrence(
        &self,
        actor: &Actor,
        id: &str,
        date: &str,
        change: MeetingPatch,
        key: Option<&KeyRequest>,
        render: Render<MeetingSaved>,
    ) -> Result<Written<MeetingSaved>, ScheduleError> {
        let mut w = begin!(self, key);
        w.set_notify(change.notify);
        let saved = self
            .patch_occurrence_in(&mut w, actor, id, date, change)
            .await?;
        w.finish(saved, render).await
    }

    /// [`Schedule::patch_occurrence`] inside `w` (a batch's change too).
    /// An error returned before `finish` rolls `w` back.
    pub(crate) async fn patch_occurrence_in(
        &self,
        w: &mut Write<'_>,
        actor: &Actor,
        id: &str,
        date: &str,
        change: MeetingPatch,
    ) -> Result<MeetingSaved, ScheduleError> {
        let old = self.load_meeting(w, id).await?;
        let d = occurrence_date(&old, date)?;
        for k in change.patch.keys() {
            if !["date", "start", "end", "title"].contains(&k.as_str()) {
                return Err(ScheduleError::field(
                    k.clone(),
                    "an occurrence's change takes `date`, `start`, `end` and `title`; cancel it with POST …/cancel",
                ));
            }
        }
        let mut input = old.meeting.to_input();
        let key_s = d.to_string();
        let current = input.exceptions.get(&key_s).cloned().unwrap_or_default();
        if current.cancelled == Some(true) {
            return Err(ScheduleError::State(format!(
                "the occurrence of {d} is cancelled; it cannot be changed"
            )));
        }
        let mut doc = serde_json::to_value(current).unwrap_or(Value::Null);
        merge_patch(&mut doc, Value::Object(change.patch));
        let merged: ExceptionInput = from_json(doc)?;
        if merged == ExceptionInput::default() {
            input.exceptions.remove(&key_s);
        } else {
            input.exceptions.insert(key_s, merged);
        }
        // Only what this occurrence now overlaps counts: the others'
        // conflicts were accepted when they were saved.
        let saved = self
            .save_change(w, actor, old, input, change.expected, true)
            .await?;
        if !change.allow_conflicts {
            let own = occurrence_conflicts(&saved, d);
            if !own.is_empty() {
                return Err(ScheduleError::Conflicts(own));
            }
        }
        Ok(saved)
    }

    /// Cancels one occurrence, with a reason; the series goes on.
    #[allow(clippy::too_many_arguments)]
    pub async fn cancel_occurrence(
        &self,
        actor: &Actor,
        id: &str,
        date: &str,
        reason: Option<String>,
        notify: bool,
        expected: Option<i64>,
        key: Option<&KeyRequest>,
        render: Render<MeetingSaved>,
    ) -> Result<Written<MeetingSaved>, ScheduleError> {
        let mut w = begin!(self, key);
        w.set_notify(notify);
        let saved = self
            .cancel_occurrence_in(&mut w, actor, id, date, reason, expected)
            .await?;
        w.finish(saved, render).await
    }

    /// [`Schedule::cancel_occurrence`] inside `w` (a batch's change too).
    pub(crate) async fn cancel_occurrence_in(
        &self,
        w: &mut Write<'_>,
        actor: &Actor,
        id: &str,
        date: &str,
        reason: Option<String>,
        expected: Option<i64>,
    ) -> Result<MeetingSaved, ScheduleError> {
        let old = self.load_meeting(w, id).await?;
        let d = occurrence_date(&old, date)?;
        if old.meeting.status() == Status::Cancelled {
            return Err(ScheduleError::State(format!(
                "meeting {id:?} is cancelled as a whole"
            )));
        }
        let mut input = old.meeting.to_input();
        let key_s = d.to_string();
        if input
            .exceptions
            .get(&key_s)
            .is_some_and(|e| e.cancelled == Some(true))
        {
            return Err(ScheduleError::State(format!(
                "the occurrence of {d} is already cancelled"
            )));
        }
        input.exceptions.insert(
            key_s,
            ExceptionInput {
                cancelled: Some(true),
                reason,
                ..ExceptionInput::default()
            },
        );
        self.save_change(w, actor, old, input, expected, true).await
    }

    /// Checks, for a batch's change `index`, that meeting `id` has an
    /// occurrence on `date`: an unknown meeting names `changes[i].id`, a
    /// meeting that is not a series or has no such occurrence names
    /// `changes[i].occurrence`.
    pub(crate) async fn occurrence_in_batch(
        &self,
        w: &mut Write<'_>,
        index: usize,
        id: &str,
        date: NaiveDate,
    ) -> Result<(), ScheduleError> {
        let field = |f: &str, e: ScheduleError| match e {
            ScheduleError::NotFound(msg) => {
                ScheduleError::field(format!("changes[{index}].{f}"), msg)
            }
            other => other,
        };
        let m = self.load_meeting(w, id).await.map_err(|e| field("id", e))?;
        occurrence_date(&m, &date.to_string())
            .map(|_| ())
            .map_err(|e| field("occurrence", e))
    }

    /// Undoes the cancel of one occurrence:
    /// `POST /api/v1/meetings/{id}/occurrences/{date}/reinstate`.
    pub async fn reinstate_occurrence(
        &self,
        actor: &Actor,
        id: &str,
        date: &str,
        request: &Reinstate,
        key: Option<&KeyRequest>,
        render: Render<MeetingSaved>,
    ) -> Result<Written<MeetingSaved>, ScheduleError> {
        let mut w = begin!(self, key);
        let saved = self
            .reinstate_occurrence_in(&mut w, actor, id, date, request)
            .await?;
        w.finish(saved, render).await
    }

    /// Undoes the cancel of one occurrence (the seam for reinstating an
    /// occurrence): its exception goes, so it is back as the rule has it;
    /// its own conflicts are checked again unless `allow_conflicts`.
    pub(crate) async fn reinstate_occurrence_in(
        &self,
        w: &mut Write<'_>,
        actor: &Actor,
        id: &str,
        date: &str,
        request: &Reinstate,
    ) -> Result<MeetingSaved, ScheduleError> {
        let allow_conflicts = request.allow_conflicts;
        let old = self.load_meeting(w, id).await?;
        let d = occurrence_date(&old, date)?;
        let mut input = old.meeting.to_input();
        let key_s = d.to_string();
        if input
            .exceptions
            .get(&key_s)
            .is_none_or(|e| e.cancelled != Some(true))
        {
            return Err(ScheduleError::State(format!(
                "the occurrence of {d} is not cancelled"
            )));
        }
        input.exceptions.remove(&key_s);
        let saved = self
            .save_change(w, actor, old, input, request.expected, true)
            .await?;
        let own = occurrence_conflicts(&saved, d);
        if !own.is_empty() && !allow_conflicts {
            return Err(ScheduleError::Conflicts(own));
        }
        Ok(saved)
    }

    /// Changes a series from the occurrence of `from` on: splits it (see
    /// the module), or changes the whole series when `from` is its first
    /// occurrence. Answers with the series that holds `from`.
    #[allow(clippy::too_many_arguments)]
    pub async fn patch_series_from(
        &self,
        actor: &Actor,
        id: &str,
        from: &str,
        change: MeetingPatch,
        key: Option<&KeyRequest>,
        render: Render<MeetingSaved>,
    ) -> Result<Written<MeetingSaved>, ScheduleError> {
        let mut w = begin!(self, key);
        w.set_notify(change.notify);
        let old = self.load_meeting(&mut w, id).await?;
        let d = occurrence_date(&old, from).map_err(|e| match e {
            ScheduleError::NotFound(m) => ScheduleError::field("from", m),
            other => other,
        })?;
        let is_first = old
            .meeting
            .series()
            .and_then(|s| s.occurrences().first())
            .is_some_and(|o| o.original == d);
        let saved = if is_first {
            let mut doc = serde_json::to_value(old.meeting.to_input()).unwrap_or(Value::Null);
            merge_patch(&mut doc, Value::Object(change.patch));
            let input: MeetingInput = from_json(doc)?;
            if input.id.as_deref() != Some(old.meeting.id().as_str()) {
                return Err(ScheduleError::field(
                    "id",
                    "the id of a meeting cannot change",
                ));
            }
            self.save_change(
                &mut w,
                actor,
                old,
                input,
                change.expected,
                change.allow_conflicts,
            )
            .await?
        } else {
            self.split_series(&mut w, actor, old, d, change).await?
        };
        w.finish(saved, render).await
    }

    /// Splits a series at `from` (an occurrence's original date after the
    /// first) and applies `change` to the new part. Answers with the new
    /// meeting.
    pub(crate) async fn split_series(
        &self,
        w: &mut Write<'_>,
        actor: &Actor,
        old: StoredMeeting,
        from: NaiveDate,
        change: MeetingPatch,
    ) -> Result<MeetingSaved, ScheduleError> {
        let Some(series) = old.meeting.series() else {
            return Err(ScheduleError::field(
                "from",
                "only a series can be changed from an occurrence on",
            ));
        };
        let before: Vec<NaiveDate> = series
            .occurrences()
            .iter()
            .map(|o| o.original)
            .filter(|d| *d < from)
            .collect();
        let Some(last_before) = before.last().copied() else {
            return Err(ScheduleError::field(
                "from",
                "is the first occurrence; leave `from` out to change the whole series",
            ));
        };
        let new_id = format!("{}-{}", old.meeting.id(), from.format("%Y%m%d"));
        let new_id = ItemId::parse(&new_id).map_err(|_| {
            ScheduleError::field(
                "from",
                format!(
                    "the new series' id {new_id:?} would be too long; shorten the meeting's id"
                ),
            )
        })?;
        w.tx.claim_ids(&[new_id.as_str()]).await?;
        if w.tx.id_taken(new_id.as_str()).await? {
            return Err(ScheduleError::field(
                "from",
                format!("{new_id:?}, the id the new series would take, is already taken"),
            ));
        }
        let rule = series.rule();
        // The first part: up to the occurrence before `from`.
        let mut first: MeetingInput = old.meeting.to_input();
        first.recurrence = Some(rule.until(last_before).to_string());
        first
            .exceptions
            .retain(|k, _| k.as_str() < from.to_string().as_str());
        // The rest: from `from` on, with its exceptions, then the patch.
        let mut rest: MeetingInput = old.meeting.to_input();
        rest.id = Some(new_id.to_string());
        rest.date = Some(from.to_string());
        let rest_rule = match rule.end() {
            End::Count(n) => {
                let done = u32::try_from(before.len()).unwrap_or(u32::MAX);
                rule.with_count(n.saturating_sub(done).max(1))
            }
            End::Until(_) => rule.clone(),
        };
        rest.recurrence = Some(rest_rule.to_string());
        rest.exceptions
            .retain(|k, _| k.as_str() >= from.to_string().as_str());
        let mut doc = serde_json::to_value(rest).unwrap_or(Value::Null);
        merge_patch(&mut doc, Value::Object(change.patch));
        let rest: MeetingInput = from_json(doc)?;
        if rest.id.as_deref() != Some(new_id.as_str()) {
            return Err(ScheduleError::field(
                "id",
                "the id of a meeting cannot change",
            ));
        }
        let expected = change.expected;
        // The first part only loses occurrences: it gains no conflict.
        self.save_change(w, actor, old, first, expected, true)
            .await?;
        let tree = w.tx.groups().await?;
        let archived = w.tx.archived_groups().await?;
        let new = check_meeting(self, &tree, &archived, &rest, None)?;
        actor.require_groups(&tree, new.groups())?;
        // Checked after the first part was shortened, so it is not in the
        // way of its own occurrences.
        let conflicts = self.conflicts(w, &tree, &new, &[]).await?;
        if !conflicts.is_empty() && !change.allow_conflicts {
            return Err(ScheduleError::Conflicts(conflicts));
        }
        let now = w.now;
        let json = w.tx.put_meeting(&new, 1, "[]", Origin::Api, now).await?;
        w.tx.audit(
            now,
            &actor.name,
            "create",
            ("meeting", new.id().as_str()),
            &json,
        )
        .await?;
        let mails =
            convene_core::reminder::plan_change(&tree, None, &new, &self.config.reminders, now);
        let mails: Vec<_> = mails.iter().map(|m| (m, 1)).collect();
        w.tx.plan_mails(&mails, now).await?;
        Ok(MeetingSaved {
            stored: StoredMeeting {
                meeting: new,
                version: 1,
                updated_at: chrono::SubsecRound::trunc_subsecs(now, 0),
                dropped: vec![],
            },
            deadlines: vec![],
            conflicts,
        })
    }
}
