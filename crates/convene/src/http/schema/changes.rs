//! The bodies of the changes to existing meetings: an occurrence's patch,
//! a cancel, a reinstate, and a batch of changes.
#![allow(dead_code)]

use super::*;

/// The body of `PATCH /api/v1/meetings/{id}/occurrences/{date}`: a JSON
/// merge patch over the occurrence's exception; `null` puts a field back
/// as the series has it. `allow_conflicts` as for a meeting.
#[derive(Debug, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct OccurrencePatch {
    /// The day it moves to.
    date: Option<Date>,
    /// Its start.
    start: Option<Time>,
    /// Its end.
    end: Option<Time>,
    /// A title for this occurrence only.
    title: Option<Title>,
    /// Save even when it would overlap confirmed meetings.
    allow_conflicts: Option<bool>,
    /// `false`: a silent fix (stored, feeds updated, no notice).
    notify: Option<bool>,
}

/// The body of `POST /api/v1/meetings/{id}/cancel`.
#[derive(Debug, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CancelBody {
    /// Why; it goes into the notice and the feeds.
    reason: Option<OneLine>,
    /// `false`: no cancellation notice (the feeds still show it
    /// cancelled). Default `true`.
    notify: Option<bool>,
}

/// The body of `POST /api/v1/changes`: changes applied in order, all or
/// none, with one notice per mailing list summarizing every change that
/// concerns it.
#[derive(Debug, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChangeBatch {
    /// One to 200 changes.
    #[schema(min_items = 1, max_items = 200)]
    changes: Vec<ChangeSchema>,
    /// `true`: store nothing; answer each change's outcome, the conflicts
    /// and the exact mails (recipients, subject, text). Default `false`.
    dry_run: Option<bool>,
    /// `false`: silent fixes: stored and published, no notice. Default
    /// `true`.
    notify: Option<bool>,
}

/// One change of a batch: `create` with `meeting` (the `POST
/// /api/v1/meetings` body) or `deadline`; `patch` with `id` and `meeting`
/// (the `PATCH` body) or `deadline`; `cancel` with `id` and `reason`;
/// `reinstate` with `id`; `delete` with `id` (a deadline). `occurrence`
/// names one occurrence of a series. `notify` is the batch's, not a
/// change's. A refused change is named in the 422 as `changes[i]`, with the
/// field: `changes[2].meeting.start`.
#[derive(Debug, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Change)]
pub(crate) struct ChangeSchema {
    /// What to do.
    op: ChangeOp,
    /// The meeting or deadline (not for `create`).
    id: Option<Id>,
    /// One occurrence of a series, by its original local date.
    occurrence: Option<Date>,
    /// The meeting (`create`: the new meeting; `patch`: a merge patch).
    meeting: Option<BatchMeeting>,
    /// The deadline (`create`: a new one; `patch`: a merge patch).
    deadline: Option<DeadlineInputSchema>,
    /// Why (`cancel`).
    reason: Option<OneLine>,
}

/// What a change does.
#[derive(Debug, ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ChangeOp {
    /// A new meeting or deadline.
    Create,
    /// A merge patch.
    Patch,
    /// A meeting cancelled.
    Cancel,
    /// A cancelled meeting reinstated.
    Reinstate,
    /// A deadline deleted.
    Delete,
}

/// The body of `POST /api/v1/meetings/{id}/reinstate` (optional).
#[derive(Debug, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReinstateBody {
    /// Reinstate it even when it now overlaps confirmed meetings of the
    /// same, a parent or a child group (the answer lists them).
    allow_conflicts: Option<bool>,
}
