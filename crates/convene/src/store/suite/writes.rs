//! The writes the scenarios make, as single [`WriteTx`] transactions with
//! explicit versions and mails: what the use cases in `crate::schedule` do
//! around them (rules, conflicts, which mails) is tested there; here the
//! store's part is, on both backends.

use chrono::{DateTime, Utc};
use convene_core::{Catalog, Deadline, ItemId, Meeting, PlannedMail};

use crate::store::{Db, Origin, StoreError, StoredDeadline, StoredMeeting, WriteTx, to_json};

/// Counts of a store-level import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Counts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// What a store-level import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct ImportReport {
    pub groups: Counts,
    pub meetings: Counts,
    pub deadlines: Counts,
    pub mails_planned: usize,
}

fn trunc(now: DateTime<Utc>) -> DateTime<Utc> {
    chrono::SubsecRound::trunc_subsecs(now, 0)
}

async fn mails(
    tx: &mut WriteTx,
    mails: &[PlannedMail],
    version: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let m: Vec<_> = mails.iter().map(|x| (x, version)).collect();
    tx.plan_mails(&m, now).await
}

/// The writes the old storage trait had, each one transaction.
impl Db {
    pub(super) async fn save_group(
        &self,
        group: &convene_core::Group,
        create: bool,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        tx.save_group(group, create, actor, now).await?;
        tx.commit().await
    }

    pub(super) async fn archive_group(
        &self,
        slug: &convene_core::GroupSlug,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let changed = tx.archive(slug, actor, now).await?;
        tx.commit().await?;
        Ok(changed)
    }

    pub(super) async fn create_meeting(
        &self,
        m: &Meeting,
        deadlines: &[Deadline],
        planned: &[PlannedMail],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<StoredMeeting, StoreError> {
        let mut tx = self.begin_write().await?;
        let ids: Vec<&str> = std::iter::once(m.id().as_str())
            .chain(deadlines.iter().map(|d| d.id().as_str()))
            .collect();
        tx.exclude_imports(false).await?;
        tx.claim_ids(&ids).await?;
        for (i, &taken) in ids.iter().enumerate() {
            if ids[..i].contains(&taken) || tx.id_taken(taken).await? {
                return Err(StoreError::Duplicate {
                    what: "meeting or deadline",
                    id: taken.to_owned(),
                });
            }
        }
        let json = tx.put_meeting(m, 1, "[]", Origin::Api, now).await?;
        tx.audit(now, actor, "create", ("meeting", m.id().as_str()), &json)
            .await?;
        for d in deadlines {
            let json = tx.put_deadline(d, 1, Origin::Api, now).await?;
            tx.audit(now, actor, "create", ("deadline", d.id().as_str()), &json)
                .await?;
        }
        mails(&mut tx, planned, 1, now).await?;
        tx.commit().await?;
        Ok(StoredMeeting {
            meeting: m.clone(),
            version: 1,
            updated_at: trunc(now),
            dropped: vec![],
        })
    }

    pub(super) async fn update_meeting(
        &self,
        m: &Meeting,
        expected: i64,
        planned: &[PlannedMail],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<StoredMeeting, StoreError> {
        let mut tx = self.begin_write().await?;
        let id = m.id().as_str();
        let current = tx
            .meeting(m.id())
            .await?
            .ok_or_else(|| StoreError::NotFound {
                what: "meeting",
                id: id.to_owned(),
            })?
            .version;
        if current != expected {
            return Err(StoreError::VersionConflict {
                what: "meeting",
                id: id.to_owned(),
                expected,
                current,
            });
        }
        let json = tx
            .put_meeting(m, current + 1, "[]", Origin::Api, now)
            .await?;
        tx.supersede(("meeting", id), current + 1).await?;
        mails(&mut tx, planned, current + 1, now).await?;
        tx.audit(now, actor, "update", ("meeting", id), &json)
            .await?;
        tx.commit().await?;
        Ok(StoredMeeting {
            meeting: m.clone(),
            version: current + 1,
            updated_at: trunc(now),
            dropped: vec![],
        })
    }

    pub(super) async fn save_deadline(
        &self,
        d: &Deadline,
        expected: Option<i64>,
        planned: &[PlannedMail],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<StoredDeadline, StoreError> {
        let mut tx = self.begin_write().await?;
        let id = d.id().as_str();
        tx.exclude_imports(false).await?;
        tx.claim_ids(&[id]).await?;
        let current = tx.deadline(d.id()).await?.map(|s| s.version);
        let version = match (expected, current) {
            (None, None) if tx.id_taken(id).await? => {
                return Err(StoreError::Duplicate {
                    what: "meeting or deadline",
                    id: id.to_owned(),
                });
            }
            (None, None) => tx.last_mail_version("deadline", id).await? + 1,
            (None, Some(_)) => {
                return Err(StoreError::Duplicate {
                    what: "deadline",
                    id: id.to_owned(),
                });
            }
            (Some(_), None) => {
                return Err(StoreError::NotFound {
                    what: "deadline",
                    id: id.to_owned(),
                });
            }
            (Some(e), Some(c)) if e != c => {
                return Err(StoreError::VersionConflict {
                    what: "deadline",
                    id: id.to_owned(),
                    expected: e,
                    current: c,
                });
            }
            (Some(_), Some(c)) => c + 1,
        };
        let json = tx.put_deadline(d, version, Origin::Api, now).await?;
        let action = if expected.is_none() {
            "create"
        } else {
            "update"
        };
        tx.audit(now, actor, action, ("deadline", id), &json)
            .await?;
        tx.supersede(("deadline", id), version).await?;
        mails(&mut tx, planned, version, now).await?;
        tx.commit().await?;
        Ok(StoredDeadline {
            deadline: d.clone(),
            version,
            updated_at: trunc(now),
        })
    }

    pub(super) async fn delete_deadline(
        &self,
        id: &ItemId,
        expected: Option<i64>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let current = tx
            .deadline(id)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                what: "deadline",
                id: id.to_string(),
            })?
            .version;
        if let Some(e) = expected
            && e != current
        {
            return Err(StoreError::VersionConflict {
                what: "deadline",
                id: id.to_string(),
                expected: e,
                current,
            });
        }
        tx.delete_deadline(id).await?;
        tx.supersede(("deadline", id.as_str()), current + 1).await?;
        tx.audit(now, actor, "delete", ("deadline", id.as_str()), "{}")
            .await?;
        tx.commit().await
    }

    pub(super) async fn import(
        &self,
        catalog: &Catalog,
        planned: &[PlannedMail],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<ImportReport, StoreError> {
        let mut tx = self.begin_write().await?;
        tx.exclude_imports(true).await?;
        let [groups, meetings, deadlines] = tx.existing().await?;
        let mut report = ImportReport::default();
        let tree = catalog.tree();
        let step = |c: &mut Counts, row: Option<&crate::store::ExistingRow>, json: &str| match row {
            None => {
                c.created += 1;
                Some(1)
            }
            Some(r) if r.input != json => {
                c.updated += 1;
                Some(r.version + 1)
            }
            Some(_) => {
                c.unchanged += 1;
                None
            }
        };
        for g in tree.roots().flat_map(|r| tree.subtree(&r.slug)) {
            let json = to_json(&g.to_input());
            if step(&mut report.groups, groups.get(g.slug.as_str()), &json).is_some() {
                tx.put_group(tree, g, &json, now).await?;
                tx.audit(now, actor, "import", ("group", g.slug.as_str()), &json)
                    .await?;
            }
        }
        let mut versions = std::collections::HashMap::new();
        for m in catalog.meetings() {
            let json = to_json(&m.to_input());
            if let Some(v) = step(&mut report.meetings, meetings.get(m.id().as_str()), &json) {
                tx.put_meeting(m, v, "[]", Origin::Import, now).await?;
                tx.supersede(("meeting", m.id().as_str()), v).await?;
                tx.audit(now, actor, "import", ("meeting", m.id().as_str()), &json)
                    .await?;
                versions.insert(convene_core::Subject::Meeting(m.id().clone()), v);
            }
        }
        for d in catalog.deadlines() {
            let json = to_json(&d.to_input());
            if let Some(v) = step(&mut report.deadlines, deadlines.get(d.id().as_str()), &json) {
                tx.put_deadline(d, v, Origin::Import, now).await?;
                tx.audit(now, actor, "import", ("deadline", d.id().as_str()), &json)
                    .await?;
                tx.supersede(("deadline", d.id().as_str()), v).await?;
                versions.insert(convene_core::Subject::Deadline(d.id().clone()), v);
            }
        }
        let m: Vec<_> = planned
            .iter()
            .filter_map(|x| versions.get(&x.subject).map(|v| (x, *v)))
            .collect();
        report.mails_planned = m.len();
        tx.plan_mails(&m, now).await?;
        tx.commit().await?;
        Ok(report)
    }
}
