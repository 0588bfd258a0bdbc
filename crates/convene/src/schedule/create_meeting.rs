//! Creating a meeting (with its deadlines), and previewing one: the same
//! checks, the same conflicts, the same planned mails; preview stores
//! nothing.

use convene_core::reminder::{plan_change, plan_deadline};
use convene_core::{
    Deadline, DeadlineInput, Defaults, FieldError, GroupSlug, GroupTree, Meeting, MeetingInput,
    PlannedMail, Status, archive_problems, conflicts_with,
};

use super::{
    Actor, ConflictView, Render, Schedule, ScheduleError, Write, Written, begin, conflict_views,
};
use crate::store::{KeyRequest, Origin, StoredDeadline, StoredMeeting};

/// A new meeting as an organizer sends it.
#[derive(Debug, Clone)]
pub struct MeetingRequest {
    /// The meeting, as given.
    pub input: MeetingInput,
    /// Its deadlines.
    pub deadlines: DeadlineSpec,
    /// Save it even when it overlaps confirmed meetings of related groups.
    pub allow_conflicts: bool,
    /// Announce it (`"notify"`, default true); false: a silent write, no
    /// announcement.
    pub notify: bool,
}

/// A new meeting's deadlines.
#[derive(Debug, Clone, Default)]
pub enum DeadlineSpec {
    /// None.
    #[default]
    None,
    /// Derived by the meeting kind's policy (`deadline_policies`).
    Derive,
    /// As given.
    List(Vec<DeadlineInput>),
}

/// A new meeting, checked, with its deadlines, conflicts and planned mails:
/// what create stores and preview shows.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The group tree it was checked against.
    pub tree: GroupTree,
    /// The meeting.
    pub meeting: Meeting,
    /// Its deadlines.
    pub deadlines: Vec<Deadline>,
    /// The confirmed meetings it overlaps.
    pub conflicts: Vec<ConflictView>,
    /// Whether the request allows conflicts.
    pub allow_conflicts: bool,
    /// The mails it plans.
    pub mails: Vec<PlannedMail>,
}

/// A meeting as saved: what create, patch and cancel answer.
#[derive(Debug, Clone)]
pub struct MeetingSaved {
    /// The meeting at its new version.
    pub stored: StoredMeeting,
    /// Its deadlines.
    pub deadlines: Vec<StoredDeadline>,
    /// The confirmed meetings it overlaps (saved with `allow_conflicts`).
    pub conflicts: Vec<ConflictView>,
}

/// Checks a meeting's fields (the core's rules), that its groups exist, and
/// that it gains no archived group. `before`: its groups before the
/// change (`None` for a new meeting): a meeting already in an archived
/// group can still be changed or cancelled.
pub(crate) fn check_meeting(
    schedule: &Schedule,
    tree: &GroupTree,
    archived: &[GroupSlug],
    input: &MeetingInput,
    before: Option<&[GroupSlug]>,
) -> Result<Meeting, ScheduleError> {
    let defaults = Defaults {
        zone: schedule.config.default_zone(),
    };
    let result = input.validate(&defaults);
    let mut errors: Vec<FieldError> = match &result {
        Ok(_) => vec![],
        Err(e) => e.0.clone(),
    };
    for (i, g) in input.groups.iter().enumerate() {
        if let Ok(s) = GroupSlug::parse(g)
            && !tree.contains(&s)
        {
            errors.push(FieldError::new(
                format!("groups[{i}]"),
                format!("{g:?} is not a known group"),
            ));
        }
    }
    if let Ok(m) = &result {
        errors.extend(archive_problems(archived, before, m.groups()));
    }
    match result {
        Ok(m) if errors.is_empty() => Ok(m),
        _ => Err(ScheduleError::Invalid {
            detail: "the meeting has invalid fields".into(),
            errors,
        }),
    }
}

impl Schedule {
    /// The confirmed meetings `m` would overlap, read in the write's
    /// transaction after locking its groups (and their ancestors): two
    /// overlapping writes cannot both miss each other.
    pub(crate) async fn conflicts(
        &self,
        w: &mut Write<'_>,
        tree: &GroupTree,
        m: &Meeting,
        also_lock: &[GroupSlug],
    ) -> Result<Vec<ConflictView>, ScheduleError> {
        w.tx.lock_groups(tree, m.groups().iter().chain(also_lock))
            .await?;
        if m.status() != Status::Confirmed {
            return Ok(vec![]);
        }
        let others = w.tx.confirmed_meetings(m.span(), m.id()).await?;
        let found = conflicts_with(tree, m, others.iter().map(|o| &o.meeting));
        Ok(conflict_views(m, found, &others))
    }

    async fn prepare(
        &self,
        w: &mut Write<'_>,
        req: MeetingRequest,
    ) -> Result<Prepared, ScheduleError> {
        let tree = w.tx.groups().await?;
        let archived = w.tx.archived_groups().await?;
        let meeting = check_meeting(self, &tree, &archived, &req.input, None)?;
        let inputs = match req.deadlines {
            DeadlineSpec::None => vec![],
            DeadlineSpec::List(list) => list,
            DeadlineSpec::Derive => {
                match convene_core::DeadlinePolicy::for_meeting(
                    &self.config.deadline_policies,
                    &meeting,
                ) {
                    Some(policy) => convene_core::derive_deadlines(&meeting, policy),
                    None => {
                        return Err(ScheduleError::field(
                            "deadlines",
                            format!(
                                "no deadline policy for {} meetings is configured",
                                meeting.kind().as_str()
                            ),
                        ));
                    }
                }
            }
        };
        let deadlines = meeting_deadlines(&meeting, inputs)?;
        let conflicts = self.conflicts(w, &tree, &meeting, &[]).await?;
        let policy = &self.config.reminders;
        let mut mails = plan_change(&tree, None, &meeting, policy, w.now);
        for d in &deadlines {
            mails.extend(plan_deadline(&tree, d, Some(&meeting), policy, w.now));
        }
        mails.sort_by(|a, b| (a.due, &a.subject).cmp(&(b.due, &b.subject)));
        Ok(Prepared {
            tree,
            meeting,
            deadlines,
            conflicts,
            allow_conflicts: req.allow_conflicts,
            mails,
        })
    }

    /// What creating this meeting would store and send, without storing
    /// anything.
    pub async fn preview_meeting(&self, req: MeetingRequest) -> Result<Prepared, ScheduleError> {
        // Dropped without commit, the transaction keeps nothing.
        let mut w = self.begin_unkeyed().await?;
        let notify = req.notify;
        let mut p = self.prepare(&mut w, req).await?;
        if !notify {
            p.mails.retain(|m| !m.kind.is_notice());
        }
        convene_core::reminder::hold_notices(&mut p.mails, w.hold(), w.now);
        Ok(p)
    }

    /// Creates a meeting with its deadlines; plans its announcement and
    /// reminders. Refused when it overlaps confirmed meetings of related
    /// groups, unless the request allows conflicts.
    pub async fn create_meeting(
        &self,
        actor: &Actor,
        req: MeetingRequest,
        key: Option<&KeyRequest>,
        render: Render<MeetingSaved>,
    ) -> Result<Written<MeetingSaved>, ScheduleError> {
        let mut w = begin!(self, key);
        w.set_notify(req.notify);
        let saved = self.create_meeting_in(&mut w, actor, req).await?;
        w.finish(saved, render).await
    }

    /// [`Schedule::create_meeting`] inside an open write (a batch runs
    /// several in one).
    pub(crate) async fn create_meeting_in(
        &self,
        w: &mut Write<'_>,
        actor: &Actor,
        req: MeetingRequest,
    ) -> Result<MeetingSaved, ScheduleError> {
        let id = req.input.id.clone().unwrap_or_default();
        let mut ids: Vec<&str> = vec![id.as_str()];
        let deadline_ids: Vec<String> = match &req.deadlines {
            DeadlineSpec::List(l) => l.iter().filter_map(|d| d.id.clone()).collect(),
            _ => vec![],
        };
        ids.extend(deadline_ids.iter().map(String::as_str));
        w.tx.exclude_imports(false).await?;
        w.tx.claim_ids(&ids).await?;
        let p = self.prepare(w, req).await?;
        actor.require_groups(&p.tree, p.meeting.groups())?;
        if !p.conflicts.is_empty() && !p.allow_conflicts {
            return Err(ScheduleError::Conflicts(p.conflicts));
        }
        let ids: Vec<&str> = std::iter::once(p.meeting.id().as_str())
            .chain(p.deadlines.iter().map(|d| d.id().as_str()))
            .collect();
        for (i, &taken) in ids.iter().enumerate() {
            if ids[..i].contains(&taken) || w.tx.id_taken(taken).await? {
                return Err(ScheduleError::field(
                    if i == 0 {
                        "id".to_owned()
                    } else {
                        format!("deadlines[{}].id", i - 1)
                    },
                    format!("{taken:?} is already the id of a meeting or deadline"),
                ));
            }
        }
        let now = w.now;
        let json =
            w.tx.put_meeting(&p.meeting, 1, "[]", Origin::Api, now)
                .await?;
        let mid = p.meeting.id().as_str();
        w.tx.audit(now, &actor.name, "create", ("meeting", mid), &json)
            .await?;
        for d in &p.deadlines {
            let djson = w.tx.put_deadline(d, 1, Origin::Api, now).await?;
            w.tx.audit(
                now,
                &actor.name,
                "create",
                ("deadline", d.id().as_str()),
                &djson,
            )
            .await?;
        }
        // The deadlines' mails are keyed by their own subjects.
        let mut by_subject: Vec<(convene_core::Subject, Vec<PlannedMail>)> = Vec::new();
        for m in p.mails.iter().cloned() {
            match by_subject.iter_mut().find(|(s, _)| *s == m.subject) {
                Some((_, list)) => list.push(m),
                None => by_subject.push((m.subject.clone(), vec![m])),
            }
        }
        for (subject, mails) in by_subject {
            w.plan(&subject, mails, 1, &[]).await?;
        }
        let deadlines =
            w.tx.deadlines(std::slice::from_ref(p.meeting.id()), &[])
                .await?;
        let saved = MeetingSaved {
            stored: StoredMeeting {
                meeting: p.meeting,
                version: 1,
                updated_at: chrono::SubsecRound::trunc_subsecs(now, 0),
                dropped: vec![],
            },
            deadlines,
            conflicts: p.conflicts,
        };
        Ok(saved)
    }
}

/// Deadlines sent with a new meeting belong to it; they may not name
/// another owner.
fn meeting_deadlines(
    meeting: &Meeting,
    inputs: Vec<DeadlineInput>,
) -> Result<Vec<Deadline>, ScheduleError> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let defaults = Defaults {
        zone: meeting.zone(),
    };
    for (i, mut d) in inputs.into_iter().enumerate() {
        if d.group.is_some()
            || d.meeting
                .as_deref()
                .is_some_and(|m| m != meeting.id().as_str())
        {
            errors.push(FieldError::new(
                format!("deadlines[{i}].meeting"),
                "deadlines sent with a meeting belong to it; leave `meeting` and `group` out",
            ));
            continue;
        }
        d.meeting = Some(meeting.id().to_string());
        match d.validate(&defaults) {
            Ok(v) => out.push(v),
            Err(e) => errors.extend(
                e.0.into_iter()
                    .map(|f| FieldError::new(format!("deadlines[{i}].{}", f.field), f.message)),
            ),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ScheduleError::Invalid {
            detail: "the meeting's deadlines have invalid fields".into(),
            errors,
        })
    }
}
