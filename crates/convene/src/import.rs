//! `convene import FILE`: load a schedule file into the database, in one
//! transaction, idempotent by stable ids.

use std::path::Path;

use chrono::{DateTime, Utc};
use convene_core::{Catalog, DeadlinePolicy, ReminderPolicy, parse_schedule_with, reminder};

use crate::store::{ImportReport, Store, StoreError};

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

/// Reads and validates a schedule file.
pub fn read(path: &Path, policies: &[DeadlinePolicy]) -> Result<Catalog, ImportError> {
    let shown = path.display().to_string();
    let src = std::fs::read_to_string(path).map_err(|source| ImportError::Read {
        path: shown.clone(),
        source,
    })?;
    parse_schedule_with(&src, policies)
        .map_err(|e| ImportError::Invalid(crate::check::problems(&shown, &e)))
}

/// Imports a catalog: reminders still ahead of `now` are planned; nothing is
/// announced (an import records a schedule that is already known).
pub async fn import<S: Store>(
    store: &S,
    catalog: &Catalog,
    policy: &ReminderPolicy,
    actor: &str,
    now: DateTime<Utc>,
    path: &Path,
) -> Result<ImportReport, ImportError> {
    let policy = ReminderPolicy {
        announce: false,
        ..policy.clone()
    };
    let mails = reminder::plan(catalog, &policy, now);
    store
        .import(catalog, &mails, actor, now)
        .await
        .map_err(|source| ImportError::Store {
            path: path.display().to_string(),
            source,
        })
}

/// "groups: 29 created, 0 updated, 0 unchanged; …"
pub fn summary(r: &ImportReport) -> String {
    let c = |name: &str, c: &crate::store::Counts| {
        format!(
            "{name}: {} created, {} updated, {} unchanged",
            c.created, c.updated, c.unchanged
        )
    };
    format!(
        "{}; {}; {}; {} reminder mails planned",
        c("groups", &r.groups),
        c("meetings", &r.meetings),
        c("deadlines", &r.deadlines),
        r.mails_planned
    )
}
