//! Working out what an import writes: the catalog compared with what is
//! stored, shared by both backends.

use convene_core::{Catalog, Deadline, GroupTree, Meeting, PlannedMail, Subject};

use super::{ImportReport, to_json};

/// Groups in an order where every parent comes before its children.
pub(crate) fn parents_first(tree: &GroupTree) -> Vec<&convene_core::Group> {
    tree.roots().flat_map(|r| tree.subtree(&r.slug)).collect()
}

/// What an import has to write, worked out from what is stored.
#[derive(Debug, Default)]
pub(crate) struct ImportPlan<'a> {
    /// Groups to insert (`true`) or update (`false`), parents first.
    pub groups: Vec<(&'a convene_core::Group, String, bool)>,
    /// Meetings to write, with their new version (1 when new).
    pub meetings: Vec<(&'a Meeting, String, i64)>,
    /// Deadlines to write, with their new version.
    pub deadlines: Vec<(&'a Deadline, String, i64)>,
    /// Mails of the written items, with the item's new version.
    pub mails: Vec<(&'a PlannedMail, i64)>,
    /// The counts to report.
    pub report: ImportReport,
}

/// Stored `input` JSON and version, by id.
pub(crate) type Existing = std::collections::HashMap<String, (String, i64)>;

/// Compares a catalog with what is stored and lists what to write.
pub(crate) fn plan_import<'a>(
    catalog: &'a Catalog,
    mails: &'a [PlannedMail],
    groups: &Existing,
    meetings: &Existing,
    deadlines: &Existing,
) -> ImportPlan<'a> {
    let mut plan = ImportPlan::default();
    for g in parents_first(catalog.tree()) {
        let json = to_json(&g.to_input());
        match groups.get(g.slug.as_str()) {
            None => {
                plan.report.groups.created += 1;
                plan.groups.push((g, json, true));
            }
            Some((old, _)) if *old != json => {
                plan.report.groups.updated += 1;
                plan.groups.push((g, json, false));
            }
            Some(_) => plan.report.groups.unchanged += 1,
        }
    }
    let mut versions: std::collections::HashMap<Subject, i64> = Default::default();
    for m in catalog.meetings() {
        let json = to_json(&m.to_input());
        let version = match meetings.get(m.id().as_str()) {
            None => {
                plan.report.meetings.created += 1;
                1
            }
            Some((old, v)) if *old != json => {
                plan.report.meetings.updated += 1;
                v + 1
            }
            Some(_) => {
                plan.report.meetings.unchanged += 1;
                continue;
            }
        };
        versions.insert(Subject::Meeting(m.id().clone()), version);
        plan.meetings.push((m, json, version));
    }
    for d in catalog.deadlines() {
        let json = to_json(&d.to_input());
        let version = match deadlines.get(d.id().as_str()) {
            None => {
                plan.report.deadlines.created += 1;
                1
            }
            Some((old, v)) if *old != json => {
                plan.report.deadlines.updated += 1;
                v + 1
            }
            Some(_) => {
                plan.report.deadlines.unchanged += 1;
                continue;
            }
        };
        versions.insert(Subject::Deadline(d.id().clone()), version);
        plan.deadlines.push((d, json, version));
    }
    for mail in mails {
        if let Some(v) = versions.get(&mail.subject) {
            plan.mails.push((mail, *v));
        }
    }
    plan.report.mails_planned = plan.mails.len();
    plan
}
