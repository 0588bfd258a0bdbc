//! Deadlines: create, change (merge patch, `If-Match`), delete; tied to a
//! meeting or a group. Their reminders are planned anew on each change, in
//! the change's transaction.

use convene_core::reminder::plan_deadline;
use convene_core::{
    Deadline, DeadlineInput, Defaults, GroupSlug, ItemId, Owner, PlannedMail, Subject,
    deadline_archive_problems,
};
use serde_json::Value;

use super::{
    Actor, Render, Schedule, ScheduleError, Write, Written, begin, from_json, merge_patch,
};
use crate::store::{KeyRequest, Origin, StoredDeadline};

impl Schedule {
    /// Checks a deadline (zone defaulting to its meeting's), that its owner
    /// exists and is in the actor's scope, that it gains no archived group,
    /// and plans its reminders.
    async fn check_deadline(
        &self,
        w: &mut Write<'_>,
        actor: &Actor,
        input: &DeadlineInput,
        before: Option<&Owner>,
    ) -> Result<(Deadline, Vec<PlannedMail>), ScheduleError> {
        let meeting = match input.meeting.as_deref().map(ItemId::parse) {
            Some(Ok(id)) => Some(w.tx.peek_meeting(&id).await?.ok_or_else(|| {
                ScheduleError::field("meeting", format!("{id:?} is not a meeting"))
            })?),
            _ => None,
        };
        let defaults = Defaults {
            zone: meeting
                .as_ref()
                .map_or(self.config.default_zone(), |m| m.meeting.zone()),
        };
        let deadline = input
            .validate(&defaults)
            .map_err(|e| ScheduleError::Invalid {
                detail: "the deadline has invalid fields".into(),
                errors: e.0,
            })?;
        let tree = w.tx.groups().await?;
        let groups: Vec<GroupSlug> = match (deadline.owner(), &meeting) {
            (Owner::Meeting(_), Some(m)) => m.meeting.groups().to_vec(),
            (Owner::Group(g), _) if tree.contains(g) => vec![g.clone()],
            (Owner::Group(g), _) => {
                return Err(ScheduleError::field(
                    "group",
                    format!("{g:?} is not a known group"),
                ));
            }
            (Owner::Meeting(m), None) => {
                return Err(ScheduleError::field(
                    "meeting",
                    format!("{m:?} is not a meeting"),
                ));
            }
        };
        actor.require_groups(&tree, &groups)?;
        let archived = w.tx.archived_groups().await?;
        let problems = deadline_archive_problems(&archived, before, deadline.owner());
        if !problems.is_empty() {
            return Err(ScheduleError::Invalid {
                detail: "the deadline has invalid fields".into(),
                errors: problems,
            });
        }
        let mails = plan_deadline(
            &tree,
            &deadline,
            meeting.as_ref().map(|m| &m.meeting),
            &self.config.reminders,
            w.now,
        );
        Ok((deadline, mails))
    }

    async fn load_deadline(
        &self,
        w: &mut Write<'_>,
        id: &str,
    ) -> Result<StoredDeadline, ScheduleError> {
        let not_found = || ScheduleError::NotFound(format!("deadline {id:?} does not exist"));
        let id = ItemId::parse(id).map_err(|_| not_found())?;
        w.tx.deadline(&id).await?.ok_or_else(not_found)
    }

    /// Stores a deadline at `version` with its mails and an audit row.
    async fn save_deadline(
        &self,
        w: &mut Write<'_>,
        actor: &Actor,
        deadline: Deadline,
        mails: &[PlannedMail],
        version: i64,
        action: &str,
    ) -> Result<StoredDeadline, ScheduleError> {
        let now = w.now;
        let id = deadline.id().as_str();
        let subject = Subject::Deadline(deadline.id().clone());
        // Before the older mails are superseded: a silent fix keeps the
        // announcement still waiting (it goes out with the fixed details).
        let waiting = w.news(&subject).await?.waiting;
        let json =
            w.tx.put_deadline(&deadline, version, Origin::Api, now)
                .await?;
        w.tx.audit(now, &actor.name, action, ("deadline", id), &json)
            .await?;
        w.tx.supersede(("deadline", id), version).await?;
        w.plan(&subject, mails.to_vec(), version, &waiting).await?;
        Ok(StoredDeadline {
            deadline,
            version,
            updated_at: chrono::SubsecRound::trunc_subsecs(now, 0),
        })
    }

    /// Creates a deadline.
    pub async fn create_deadline(
        &self,
        actor: &Actor,
        input: DeadlineInput,
        notify: bool,
        key: Option<&KeyRequest>,
        render: Render<StoredDeadline>,
    ) -> Result<Written<StoredDeadline>, ScheduleError> {
        let mut w = begin!(self, key);
        w.set_notify(notify);
        let stored = self.create_deadline_in(&mut w, actor, input).await?;
        w.finish(stored, render).await
    }

    /// [`Schedule::create_deadline`] inside an open write.
    pub(crate) async fn create_deadline_in(
        &self,
        w: &mut Write<'_>,
        actor: &Actor,
        input: DeadlineInput,
    ) -> Result<StoredDeadline, ScheduleError> {
        let id = input.id.clone().unwrap_or_default();
        w.tx.exclude_imports(false).await?;
        w.tx.claim_ids(&[id.as_str()]).await?;
        let (deadline, mails) = self.check_deadline(w, actor, &input, None).await?;
        let id = deadline.id().as_str().to_owned();
        if w.tx.id_taken(&id).await? {
            return Err(ScheduleError::field(
                "id",
                format!("{id:?} is already the id of a meeting or deadline"),
            ));
        }
        // A deadline deleted and created again continues its versions, so
        // its mails get new keys.
        let version = w.tx.last_mail_version("deadline", &id).await? + 1;
        self.save_deadline(w, actor, deadline, &mails, version, "create")
            .await
    }

    /// Changes a deadline by a merge patch over its input.
    pub async fn patch_deadline(
        &self,
        actor: &Actor,
        id: &str,
        patch: serde_json::Map<String, Value>,
        expected: Option<i64>,
        notify: bool,
        render: Render<StoredDeadline>,
    ) -> Result<Written<StoredDeadline>, ScheduleError> {
        let mut w = begin!(self, None);
        w.set_notify(notify);
        let stored = self
            .patch_deadline_in(&mut w, actor, id, patch, expected)
            .await?;
        w.finish(stored, render).await
    }

    /// [`Schedule::patch_deadline`] inside an open write.
    pub(crate) async fn patch_deadline_in(
        &self,
        w: &mut Write<'_>,
        actor: &Actor,
        id: &str,
        patch: serde_json::Map<String, Value>,
        expected: Option<i64>,
    ) -> Result<StoredDeadline, ScheduleError> {
        let old = self.load_deadline(w, id).await?;
        if let Some(v) = patch.get("id")
            && v.as_str() != Some(old.deadline.id().as_str())
        {
            return Err(ScheduleError::field(
                "id",
                "the id of a deadline cannot change",
            ));
        }
        // The actor must be allowed to touch the deadline as it is, too.
        let owner = old.deadline.owner().clone();
        self.check_deadline(w, actor, &old.deadline.to_input(), Some(&owner))
            .await?;
        stale(&old, expected)?;
        let mut doc = serde_json::to_value(old.deadline.to_input()).unwrap_or(Value::Null);
        merge_patch(&mut doc, Value::Object(patch));
        let input: DeadlineInput = from_json(doc)?;
        let (deadline, mails) = self.check_deadline(w, actor, &input, Some(&owner)).await?;
        self.save_deadline(w, actor, deadline, &mails, old.version + 1, "update")
            .await
    }

    /// Deletes a deadline; its pending reminders are superseded.
    pub async fn delete_deadline(
        &self,
        actor: &Actor,
        id: &str,
        expected: Option<i64>,
        notify: bool,
    ) -> Result<(), ScheduleError> {
        let mut w = self.begin_unkeyed().await?;
        w.set_notify(notify);
        self.delete_deadline_in(&mut w, actor, id, expected).await?;
        w.tx.commit().await?;
        Ok(())
    }

    /// [`Schedule::delete_deadline`] inside an open write.
    pub(crate) async fn delete_deadline_in(
        &self,
        w: &mut Write<'_>,
        actor: &Actor,
        id: &str,
        expected: Option<i64>,
    ) -> Result<(), ScheduleError> {
        let old = self.load_deadline(w, id).await?;
        let owner = old.deadline.owner().clone();
        self.check_deadline(w, actor, &old.deadline.to_input(), Some(&owner))
            .await?;
        stale(&old, expected)?;
        let id = old.deadline.id();
        w.tx.delete_deadline(id).await?;
        w.tx.supersede(("deadline", id.as_str()), old.version + 1)
            .await?;
        w.tx.audit(
            w.now,
            &actor.name,
            "delete",
            ("deadline", id.as_str()),
            "{}",
        )
        .await?;
        if let Some(batch) = w.batch.as_mut() {
            let gone = Subject::Deadline(id.clone());
            batch.retain(|c| c.mail.subject != gone);
        }
        Ok(())
    }
}

/// Refuses a change made against another version than the stored one.
fn stale(old: &StoredDeadline, expected: Option<i64>) -> Result<(), ScheduleError> {
    match expected {
        Some(e) if e != old.version => Err(ScheduleError::Stale {
            what: "deadline",
            id: old.deadline.id().to_string(),
            expected: e,
            current: old.version,
        }),
        _ => Ok(()),
    }
}
