//! `convene import FILE`: a schedule file reconciled with what is stored,
//! in one transaction.
//!
//! Which source wins: the file, for items only the file has changed; the
//! API, for items changed through it since the last import. An import
//! never silently undoes such a change: the item is left as it is and
//! reported (file, item, field, both values), unless the import is told to
//! `--overwrite`. An item is "changed through the API" when what is stored
//! differs from what the last import wrote (kept per item). Items stored
//! but not in the file are kept. A changed meeting plans the same notice
//! an API change would (an update or a cancellation, with reminders anew);
//! a new one is not announced (an import records a schedule that is
//! already known), only its reminders still ahead are planned.

use std::collections::HashMap;
use std::path::Path;

use convene_core::file::ScheduleItems;
use convene_core::reminder::{fold_notices, plan_deadline, plan_edit, plan_meeting};
use convene_core::{
    DeadlinePolicy, FieldError, FileError, ItemId, Meeting, Owner, PlannedMail, ReminderPolicy,
    archive_problems, deadline_archive_problems, dropped_sessions,
};
use serde_json::Value;

use super::{Actor, Schedule, ScheduleError};
use crate::store::{ExistingRow, ExistingRows, NewRows, Origin, StoreError, to_json};

/// New items written to a statement, at most this many at once.
const BATCH: usize = 500;

/// Why an import did nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("{path}: cannot read the file: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is invalid (the message lists every problem).
    #[error("{0}")]
    Invalid(String),
    /// Storage failed; nothing was written.
    #[error("storing {path} failed; nothing was changed")]
    Store {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: StoreError,
    },
}

/// Counts of an import, per kind of item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// New items.
    pub created: usize,
    /// Items that changed.
    pub updated: usize,
    /// Items already as in the file.
    pub unchanged: usize,
    /// Items changed through the API since the last import, left as they
    /// are.
    pub kept: usize,
}

/// A field an import left alone because it was changed through the API.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct KeptChange {
    /// `meeting wg5-2023-09`, `group wg5`, `deadline fgmv-2-visa`.
    pub item: String,
    /// The field.
    pub field: String,
    /// Its value as stored (changed through the API), JSON.
    pub stored: String,
    /// Its value in the file, JSON.
    pub file: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// Groups.
    pub groups: Counts,
    /// Meetings.
    pub meetings: Counts,
    /// Deadlines.
    pub deadlines: Counts,
    /// Mails planned into the outbox.
    pub mails_planned: usize,
    /// Fields left as the API changed them.
    pub kept: Vec<KeptChange>,
}

/// How to import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The file wins over changes made through the API.
    pub overwrite: bool,
    /// Silent fixes (`--no-notify`): no change notice of their own; a
    /// notice still waiting goes out with the new details.
    pub silent: bool,
}

/// Reads a schedule file's text.
pub fn read(path: &Path) -> Result<String, ImportError> {
    std::fs::read_to_string(path).map_err(|source| ImportError::Read {
        path: path.display().to_string(),
        source,
    })
}

/// Validates a schedule file's text (read from `path`). The items stay in
/// the text and are walked one at a time by [`Schedule::import`], so that a
/// large file is never all in memory as values (see
/// `convene_core::file::ScheduleItems`).
pub fn check<'a>(
    path: &Path,
    src: &'a str,
    policies: &'a [DeadlinePolicy],
) -> Result<ScheduleItems<'a>, ImportError> {
    ScheduleItems::check(src, policies)
        .map_err(|e| ImportError::Invalid(crate::check::problems(&path.display().to_string(), &e)))
}

/// A checked file no longer reading as it did (it cannot: the text is the
/// one checked).
fn walk_error(e: FileError) -> ScheduleError {
    tracing::error!(error = %e, "import: a checked schedule file did not read again");
    ScheduleError::Invalid {
        detail: e.to_string(),
        errors: Vec::new(),
    }
}

/// "groups: 29 created, 0 updated, 0 unchanged; …", then one line per
/// field kept as the API changed it.
pub fn summary(r: &ImportReport) -> String {
    let c = |name: &str, c: &Counts| {
        let mut s = format!(
            "{name}: {} created, {} updated, {} unchanged",
            c.created, c.updated, c.unchanged
        );
        if c.kept > 0 {
            s.push_str(&format!(", {} kept as changed through the API", c.kept));
        }
        s
    };
    let mut out = format!(
        "{}; {}; {}; {} mails planned",
        c("groups", &r.groups),
        c("meetings", &r.meetings),
        c("deadlines", &r.deadlines),
        r.mails_planned
    );
    for k in &r.kept {
        out.push_str(&format!(
            "\nkept: {}: field `{}`: changed through the API to {}, the file says {} (import with --overwrite to take the file's)",
            k.item, k.field, k.stored, k.file
        ));
    }
    out
}

/// What to do with one item.
enum Step {
    Create,
    Unchanged,
    Keep,
    Update(i64),
}

/// Compares an item's JSON with what is stored.
fn step(row: Option<&ExistingRow>, json: &str, overwrite: bool) -> Step {
    match row {
        None => Step::Create,
        Some(r) if r.input == json => Step::Unchanged,
        Some(r) if !overwrite && r.imported.as_deref() != Some(r.input.as_str()) => Step::Keep,
        Some(r) => Step::Update(r.version + 1),
    }
}

/// The fields of `stored` and `file` (JSON objects) that differ.
fn differences(item: String, stored: &str, file: &str) -> Vec<KeptChange> {
    let parse = |s: &str| match serde_json::from_str::<Value>(s) {
        Ok(Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    let (a, b) = (parse(stored), parse(file));
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    let show = |v: Option<&Value>| v.map_or("(none)".to_owned(), Value::to_string);
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| KeptChange {
            item: item.clone(),
            field: k.clone(),
            stored: show(a.get(k)),
            file: show(b.get(k)),
        })
        .collect()
}

fn count(c: &mut Counts, s: &Step) {
    match s {
        Step::Create => c.created += 1,
        Step::Unchanged => c.unchanged += 1,
        Step::Keep => c.kept += 1,
        Step::Update(_) => c.updated += 1,
    }
}

impl Schedule {
    /// Imports a checked schedule file in one transaction (see the module's
    /// rules). Its items are taken one at a time and new ones written
    /// [`BATCH`] to a statement, so that memory follows the batch, not the
    /// file: only the meetings deadlines belong to are kept, for their
    /// deadlines.
    pub async fn import(
        &self,
        actor: &Actor,
        items: &ScheduleItems<'_>,
        options: ImportOptions,
    ) -> Result<ImportReport, ScheduleError> {
        let now = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        tx.set_notified(!options.silent);
        tx.exclude_imports(true).await?;
        let (n_meetings, n_deadlines) = items.counts();
        if n_meetings + n_deadlines > BATCH {
            tx.expect_many_rows().await?;
        }
        let [groups, meetings, deadlines]: [ExistingRows; 3] = tx.existing().await?;
        let mut report = ImportReport::default();
        let tree = items.tree();
        let archived = tx.archived_groups().await?;
        let mut problems: Vec<FieldError> = Vec::new();

        for g in tree.roots().flat_map(|r| tree.subtree(&r.slug)) {
            let json = to_json(&g.to_input());
            let s = step(groups.get(g.slug.as_str()), &json, options.overwrite);
            count(&mut report.groups, &s);
            match s {
                Step::Keep => {
                    let stored = &groups[g.slug.as_str()].input;
                    report
                        .kept
                        .extend(differences(format!("group {}", g.slug), stored, &json));
                }
                Step::Create | Step::Update(_) => {
                    tx.put_group(tree, g, &json, now).await?;
                    tx.audit(
                        now,
                        &actor.name,
                        "import",
                        ("group", g.slug.as_str()),
                        &json,
                    )
                    .await?;
                }
                Step::Unchanged => {}
            }
        }

        let quiet = ReminderPolicy {
            announce: false,
            ..self.config.reminders.clone()
        };
        let mut planned = 0;
        // New items' rows, written many at a time; flushed before any
        // one-by-one write, so that rows are written in the file's order.
        let mut new = NewRows::default();
        // The meetings deadlines belong to, for the deadlines' mails.
        let mut owners: HashMap<ItemId, Meeting> = HashMap::new();
        for m in items.meetings() {
            let m = m.map_err(walk_error)?;
            if items.owns_deadlines(m.id()) {
                owners.insert(m.id().clone(), m.clone());
            }
            let m = &m;
            let id = m.id().as_str();
            let json = to_json(&m.to_input());
            let row = meetings.get(id);
            let s = step(row, &json, options.overwrite);
            count(&mut report.meetings, &s);
            let (version, mails, dropped, before): (i64, Vec<PlannedMail>, _, _) = match (&s, row) {
                (Step::Keep, Some(row)) => {
                    report
                        .kept
                        .extend(differences(format!("meeting {id}"), &row.input, &json));
                    continue;
                }
                (Step::Create, _) => {
                    problems.extend(
                        archive_problems(&archived, None, m.groups())
                            .into_iter()
                            .map(|p| {
                                FieldError::new(format!("meeting {id}: {}", p.field), p.message)
                            }),
                    );
                    let mails = plan_meeting(tree, m, &quiet, now);
                    planned += mails.len();
                    new.meeting(m, &json, &mails, now);
                    if new.len() >= BATCH {
                        tx.insert_new(&mut new, &actor.name, now).await?;
                    }
                    continue;
                }
                (Step::Update(v), Some(_)) => {
                    tx.insert_new(&mut new, &actor.name, now).await?;
                    let Some(old) = tx.meeting(m.id()).await? else {
                        continue;
                    };
                    let news = tx.news(("meeting", id), now).await?;
                    let planned = plan_edit(
                        tree,
                        &old.meeting,
                        m,
                        news.heard,
                        &self.config.reminders,
                        now,
                    );
                    let notify = !options.silent;
                    (
                        *v,
                        fold_notices(tree, &old.meeting, m, planned, &news.waiting, notify, now),
                        dropped_sessions(&old.meeting, m, &old.dropped),
                        Some(old.meeting.groups().to_vec()),
                    )
                }
                _ => continue,
            };
            problems.extend(
                archive_problems(&archived, before.as_deref(), m.groups())
                    .into_iter()
                    .map(|p| FieldError::new(format!("meeting {id}: {}", p.field), p.message)),
            );
            tx.put_meeting(m, version, &to_json(&dropped), Origin::Import, now)
                .await?;
            tx.supersede(("meeting", id), version).await?;
            let mails: Vec<_> = mails.iter().map(|x| (x, version)).collect();
            planned += mails.len();
            tx.plan_mails(&mails, now).await?;
            tx.audit(now, &actor.name, "import", ("meeting", id), &json)
                .await?;
        }

        // Deadlines refer to their meetings: those go first.
        tx.insert_new(&mut new, &actor.name, now).await?;
        for d in items.deadlines() {
            let d = d.map_err(walk_error)?;
            let d = &d;
            let id = d.id().as_str();
            let json = to_json(&d.to_input());
            let row = deadlines.get(id);
            let s = step(row, &json, options.overwrite);
            count(&mut report.deadlines, &s);
            let version = match (&s, row) {
                (Step::Keep, Some(row)) => {
                    report
                        .kept
                        .extend(differences(format!("deadline {id}"), &row.input, &json));
                    continue;
                }
                (Step::Create, _) => 1,
                (Step::Update(v), _) => {
                    tx.insert_new(&mut new, &actor.name, now).await?;
                    *v
                }
                _ => continue,
            };
            let before = row
                .and_then(|r| crate::store::deadline_from_json(id, &r.input).ok())
                .map(|o| o.owner().clone());
            problems.extend(
                deadline_archive_problems(&archived, before.as_ref(), d.owner())
                    .into_iter()
                    .map(|p| FieldError::new(format!("deadline {id}: {}", p.field), p.message)),
            );
            let meeting = match d.owner() {
                Owner::Meeting(mid) => owners.get(mid),
                Owner::Group(_) => None,
            };
            let mails = plan_deadline(tree, d, meeting, &quiet, now);
            if matches!(s, Step::Create) {
                planned += mails.len();
                new.deadline(d, &json, &mails);
                if new.len() >= BATCH {
                    tx.insert_new(&mut new, &actor.name, now).await?;
                }
                continue;
            }
            tx.put_deadline(d, version, Origin::Import, now).await?;
            tx.supersede(("deadline", id), version).await?;
            let mails: Vec<_> = mails.iter().map(|x| (x, version)).collect();
            planned += mails.len();
            tx.plan_mails(&mails, now).await?;
            tx.audit(now, &actor.name, "import", ("deadline", id), &json)
                .await?;
        }
        tx.insert_new(&mut new, &actor.name, now).await?;
        if !problems.is_empty() {
            // Dropped without commit: nothing is written.
            return Err(ScheduleError::Invalid {
                detail: "the file cannot be imported as it is".into(),
                errors: problems,
            });
        }
        report.mails_planned = planned;
        tx.commit().await?;
        Ok(report)
    }
}
