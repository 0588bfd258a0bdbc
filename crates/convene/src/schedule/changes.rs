//! A batch of changes (`POST /api/v1/changes`): meetings created, patched,
//! cancelled (and reinstated), deadlines created, patched and deleted, all
//! in one [`Write`] (all or none), each by the same inner function its own
//! endpoint uses. Their change notices are not planned one by one: the
//! batch collects them ([`Write::plan`]) and, at the end, plans ONE notice
//! per mailing list (a digest, `MailKind::Digest`) telling of every change
//! that concerns the list; reminders are planned as usual.
//!
//! A dry run does the same in a transaction it never commits, and writes
//! the lists' mails from what the transaction then holds: the same reads
//! the dispatcher makes once the batch is stored, so the mails it shows are
//! the mails the lists get (the dates of `Date:` headers aside).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use convene_core::reminder::hold_notices;
use convene_core::{DeadlineInput, FieldError, ItemId, MailKind, Owner, PlannedMail, Subject};
use serde_json::Value;

use super::change_meeting::Cancel;
use super::create_meeting::MeetingSaved;
use super::reinstate::Reinstate;
use super::{
    Actor, Collected, MeetingPatch, MeetingRequest, Render, Schedule, ScheduleError, Write,
    Written, begin,
};
use crate::mail::compose::{self, DigestEntry, DigestItem, Loaded};
use crate::store::{KeyRequest, OutboxMail, StoreError, StoredDeadline, kind_name};

/// One change of a batch.
#[derive(Debug, Clone)]
pub enum Change {
    /// A new meeting (the `POST /api/v1/meetings` body).
    Create(Box<MeetingRequest>),
    /// A merge patch of a meeting (the `PATCH` body).
    Patch {
        /// The meeting.
        target: Target,
        /// The change.
        change: MeetingPatch,
    },
    /// A cancellation.
    Cancel {
        /// The meeting.
        target: Target,
        /// Why.
        reason: Option<String>,
    },
    /// A cancellation undone.
    Reinstate {
        /// The meeting.
        target: Target,
    },
    /// A new deadline.
    CreateDeadline(Box<DeadlineInput>),
    /// A merge patch of a deadline.
    PatchDeadline {
        /// The deadline's id.
        id: String,
        /// The patch.
        patch: serde_json::Map<String, Value>,
    },
    /// A deadline deleted.
    DeleteDeadline {
        /// The deadline's id.
        id: String,
    },
}

/// The meeting a change is about, or one occurrence of a series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The meeting's id.
    pub id: String,
    /// One occurrence of a series, by its original local date.
    pub occurrence: Option<NaiveDate>,
}

/// A batch as an organizer sends it.
#[derive(Debug, Clone)]
pub struct Batch {
    /// The changes, applied in order.
    pub changes: Vec<Change>,
    /// Store nothing; answer what would be stored and mailed.
    pub dry_run: bool,
    /// Tell the lists (`false`: silent fixes, no notice).
    pub notify: bool,
}

/// What one change did.
#[derive(Debug, Clone)]
pub enum Done {
    /// A meeting as saved.
    Meeting(Box<MeetingSaved>),
    /// A deadline as saved.
    Deadline(StoredDeadline),
    /// A deadline deleted: its id.
    Deleted(String),
}

/// One mail a batch plans (or would plan): a list's notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchMail {
    /// The list.
    pub recipients: Vec<String>,
    /// `Subject`.
    pub subject: String,
    /// The text/plain part.
    pub text: String,
    /// Its language (`Content-Language`): the list's.
    pub language: convene_core::i18n::Lang,
    /// When it goes out (after the hold).
    pub due: DateTime<Utc>,
}

/// What a batch did (or, dry, would do).
#[derive(Debug, Clone)]
pub struct BatchDone {
    /// Nothing was stored.
    pub dry_run: bool,
    /// Each change's outcome, in order.
    pub done: Vec<Done>,
    /// Whether each change allowed conflicts (a dry run lists conflicts
    /// even when the real run would refuse them).
    pub allowed: Vec<bool>,
    /// The lists' notices.
    pub mails: Vec<BatchMail>,
}

/// Names the change in an error: its fields as `changes[i].meeting.start`,
/// an unknown item as `changes[i].id`, anything else in the message.
fn in_change(index: usize, part: &str, e: ScheduleError) -> ScheduleError {
    match e {
        ScheduleError::Invalid { detail, errors } => ScheduleError::Invalid {
            detail: format!("change {index}: {detail}"),
            errors: errors
                .into_iter()
                .map(|f| FieldError::new(format!("changes[{index}].{part}.{}", f.field), f.message))
                .collect(),
        },
        ScheduleError::NotFound(msg) => ScheduleError::field(format!("changes[{index}].id"), msg),
        ScheduleError::Store(s) => ScheduleError::Store(s),
        other => ScheduleError::InChange {
            index,
            source: Box::new(other),
        },
    }
}

impl Schedule {
    /// Applies a batch, all or none, and plans one notice per list; or, dry,
    /// answers what it would store and mail, storing nothing.
    pub async fn apply_batch(
        &self,
        actor: &Actor,
        batch: Batch,
        key: Option<&KeyRequest>,
        render: Render<BatchDone>,
    ) -> Result<Written<BatchDone>, ScheduleError> {
        let mut w = if batch.dry_run {
            self.begin_unkeyed().await?
        } else {
            begin!(self, key)
        };
        w.set_notify(batch.notify);
        w.batch = Some(Vec::new());
        let mut done = Vec::with_capacity(batch.changes.len());
        let mut allowed = Vec::with_capacity(batch.changes.len());
        for (i, change) in batch.changes.into_iter().enumerate() {
            let (d, allow) = self
                .apply_change(&mut w, actor, i, change, batch.dry_run)
                .await?;
            done.push(d);
            allowed.push(allow);
        }
        let collected = w.batch.take().unwrap_or_default();
        let notices = self.digests(&mut w, &collected, batch.dry_run).await?;
        let mut mails = Vec::with_capacity(notices.len());
        for (mail, items) in &notices {
            mails.push(self.write_mail(&mut w, mail, items).await?);
        }
        let out = BatchDone {
            dry_run: batch.dry_run,
            done,
            allowed,
            mails,
        };
        if batch.dry_run {
            // Dropped without commit: nothing is kept.
            return Ok(Written::Done(out));
        }
        w.finish(out, render).await
    }

    /// One change, by its use case's inner function; (what it did, whether
    /// it allowed conflicts).
    async fn apply_change(
        &self,
        w: &mut Write<'_>,
        actor: &Actor,
        i: usize,
        change: Change,
        dry_run: bool,
    ) -> Result<(Done, bool), ScheduleError> {
        let meeting = |r: Result<MeetingSaved, ScheduleError>| {
            r.map(|m| Done::Meeting(Box::new(m)))
                .map_err(|e| in_change(i, "meeting", e))
        };
        let deadline = |r: Result<StoredDeadline, ScheduleError>| {
            r.map(Done::Deadline)
                .map_err(|e| in_change(i, "deadline", e))
        };
        Ok(match change {
            Change::Create(mut req) => {
                let allow = req.allow_conflicts;
                req.allow_conflicts |= dry_run;
                (
                    meeting(self.create_meeting_in(w, actor, *req).await)?,
                    allow,
                )
            }
            Change::Patch { target, mut change } => {
                if let Some(d) = target.occurrence {
                    self.occurrence_in_batch(w, i, &target.id, d).await?;
                    let allow = change.allow_conflicts;
                    change.allow_conflicts |= dry_run;
                    let r = self
                        .patch_occurrence_in(w, actor, &target.id, &d.to_string(), change)
                        .await;
                    return Ok((meeting(r)?, allow));
                }
                let allow = change.allow_conflicts;
                change.allow_conflicts |= dry_run;
                let r = self.patch_meeting_in(w, actor, &target.id, change).await;
                (meeting(r)?, allow)
            }
            Change::Cancel { target, reason } => {
                if let Some(d) = target.occurrence {
                    self.occurrence_in_batch(w, i, &target.id, d).await?;
                    let r = self
                        .cancel_occurrence_in(w, actor, &target.id, &d.to_string(), reason, None)
                        .await;
                    return Ok((meeting(r)?, true));
                }
                let cancel = Cancel {
                    reason,
                    expected: None,
                    notify: w.notify(),
                };
                let r = self.cancel_meeting_in(w, actor, &target.id, cancel).await;
                (meeting(r)?, true)
            }
            Change::Reinstate { target } => {
                if let Some(d) = target.occurrence {
                    self.occurrence_in_batch(w, i, &target.id, d).await?;
                    let r = self
                        .reinstate_occurrence_in(
                            w,
                            actor,
                            &target.id,
                            &d.to_string(),
                            &Reinstate {
                                expected: None,
                                allow_conflicts: dry_run,
                            },
                        )
                        .await;
                    return Ok((meeting(r)?, false));
                }
                let request = Reinstate {
                    expected: None,
                    allow_conflicts: dry_run,
                };
                let r = self.reinstate_in(w, actor, &target.id, &request).await;
                (meeting(r)?, false)
            }
            Change::CreateDeadline(input) => (
                deadline(self.create_deadline_in(w, actor, *input).await)?,
                true,
            ),
            Change::PatchDeadline { id, patch } => {
                let r = self.patch_deadline_in(w, actor, &id, patch, None).await;
                (deadline(r)?, true)
            }
            Change::DeleteDeadline { id } => {
                self.delete_deadline_in(w, actor, &id, None)
                    .await
                    .map_err(|e| in_change(i, "deadline", e))?;
                (Done::Deleted(id), true)
            }
        })
    }

    /// One notice per list of what the batch collected, in the batch's
    /// order; kept (with its entries) unless dry. Each: the outbox mail and
    /// its changes with their items as the transaction holds them.
    async fn digests(
        &self,
        w: &mut Write<'_>,
        collected: &[Collected],
        dry_run: bool,
    ) -> Result<Vec<(OutboxMail, Vec<DigestItem>)>, ScheduleError> {
        let mut by_list: BTreeMap<String, Vec<&Collected>> = BTreeMap::new();
        for c in collected {
            for r in &c.mail.recipients {
                by_list.entry(r.to_string()).or_default().push(c);
            }
        }
        let batch_id = if by_list.is_empty() || dry_run {
            "dry-run".to_owned()
        } else {
            new_batch_id()?
        };
        let mut out = Vec::with_capacity(by_list.len());
        for (n, (list, changes)) in by_list.into_iter().enumerate() {
            let notice = format!("{batch_id}-{}", n + 1);
            let entries: Vec<DigestEntry> = changes
                .iter()
                .map(|c| {
                    let (t, id) = crate::store::subject_parts(&c.mail.subject);
                    DigestEntry {
                        kind: kind_name(c.mail.kind),
                        subject_type: t.to_owned(),
                        id: id.to_owned(),
                        version: c.version,
                    }
                })
                .collect();
            let id = ItemId::parse(&notice).map_err(|e| StoreError::Corrupt {
                what: "batch notice",
                id: notice.clone(),
                why: e.to_string(),
            })?;
            let expires = changes
                .iter()
                .map(|c| c.mail.expires)
                .max()
                .unwrap_or(w.now);
            let email = changes
                .iter()
                .flat_map(|c| &c.mail.recipients)
                .find(|r| r.to_string() == list)
                .cloned();
            let mut mail = vec![PlannedMail {
                due: w.now,
                kind: MailKind::Digest,
                subject: Subject::Batch(id),
                recipients: email.into_iter().collect(),
                expires,
            }];
            hold_notices(&mut mail, w.hold(), w.now);
            if !dry_run {
                w.tx.put_batch_notice(&notice, &crate::store::to_json(&entries), w.now)
                    .await?;
                let planned: Vec<_> = mail.iter().map(|m| (m, 1)).collect();
                w.tx.plan_mails(&planned, w.now).await?;
            }
            let mut items = Vec::with_capacity(entries.len());
            for entry in entries {
                let item = load_in(w, &entry).await?;
                items.push(DigestItem { entry, item });
            }
            let m = &mail[0];
            let outbox = OutboxMail {
                subject: m.subject.clone(),
                subject_version: 1,
                kind: m.kind,
                recipients: m.recipients.iter().map(|r| r.to_string()).collect(),
                due_at: m.due,
                expires_at: m.expires,
                status: crate::store::outbox::PENDING.to_owned(),
                message_id: crate::store::message_key(&m.subject, m.kind, 1),
            };
            out.push((outbox, items));
        }
        Ok(out)
    }

    /// The mail the dispatcher will write for a list's notice.
    async fn write_mail(
        &self,
        w: &mut Write<'_>,
        mail: &OutboxMail,
        items: &[DigestItem],
    ) -> Result<BatchMail, ScheduleError> {
        let tree = w.tx.groups().await?;
        let loaded = Loaded::Batch {
            items: items.to_vec(),
        };
        let content = compose::content(mail, &loaded, &tree, &self.config).map_err(|e| {
            tracing::error!(error = %crate::error_text(&e), "cannot write a batch's notice");
            ScheduleError::State("the batch's notice cannot be written".into())
        })?;
        Ok(BatchMail {
            recipients: mail.recipients.clone(),
            subject: content.subject,
            text: content.text,
            language: content.lang,
            due: mail.due_at,
        })
    }
}

/// A change's item as the transaction holds it (what the dispatcher's
/// `load` reads once it is committed).
async fn load_in(w: &mut Write<'_>, entry: &DigestEntry) -> Result<Option<Loaded>, StoreError> {
    let Ok(id) = ItemId::parse(&entry.id) else {
        return Ok(None);
    };
    if entry.subject_type == "meeting" {
        let Some(meeting) = w.tx.peek_meeting(&id).await? else {
            return Ok(None);
        };
        let deadlines = w.tx.deadlines(std::slice::from_ref(&id), &[]).await?;
        return Ok(Some(Loaded::Meeting { meeting, deadlines }));
    }
    let Some(deadline) = w.tx.deadline(&id).await? else {
        return Ok(None);
    };
    let meeting = match deadline.deadline.owner() {
        Owner::Meeting(m) => w.tx.peek_meeting(m).await?,
        Owner::Group(_) => None,
    };
    Ok(Some(Loaded::Deadline { deadline, meeting }))
}

/// `b` and 16 random hex digits: unique across replicas.
fn new_batch_id() -> Result<String, ScheduleError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| {
        tracing::error!(error = %e, "no randomness for a batch id");
        ScheduleError::State("cannot name the batch; retry".into())
    })?;
    Ok(format!(
        "b{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    ))
}
