//! Deadlines on SQLite: listing, reading, saving and deleting one.

use chrono::{DateTime, Utc};
use convene_core::{GroupSlug, ItemId, PlannedMail};

use super::SqliteStore;
use crate::store::{StoreError, StoredDeadline, to_json};

impl SqliteStore {
    pub(super) async fn deadlines(
        &self,
        meetings: &[ItemId],
        groups: &[GroupSlug],
    ) -> Result<Vec<StoredDeadline>, StoreError> {
        let m = to_json(&meetings.iter().map(|s| s.as_str()).collect::<Vec<_>>());
        let g = to_json(&groups.iter().map(|s| s.as_str()).collect::<Vec<_>>());
        let rows = sqlx::query(
            "SELECT id, input, version, updated_at FROM deadlines
             WHERE meeting_id IN (SELECT value FROM json_each(?1))
                OR group_slug IN (SELECT value FROM json_each(?2))
             ORDER BY closes_at, id",
        )
        .bind(m)
        .bind(g)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(Self::stored_deadline).collect()
    }

    pub(super) async fn deadline(&self, id: &ItemId) -> Result<Option<StoredDeadline>, StoreError> {
        let row = sqlx::query("SELECT id, input, version, updated_at FROM deadlines WHERE id = ?1")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(Self::stored_deadline).transpose()
    }

    pub(super) async fn save_deadline(
        &self,
        deadline: &convene_core::Deadline,
        expected_version: Option<i64>,
        mails: &[PlannedMail],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<StoredDeadline, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let id = deadline.id().as_str();
        let current: Option<i64> =
            sqlx::query_scalar("SELECT version FROM deadlines WHERE id = ?1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let version = match (expected_version, current) {
            (None, None) => {
                if Self::id_taken(&mut tx, id).await? {
                    return Err(StoreError::Duplicate {
                        what: "meeting or deadline",
                        id: id.to_owned(),
                    });
                }
                // A deadline deleted and created again continues its
                // versions, so its mails get new keys.
                let last: Option<i64> = sqlx::query_scalar(
                    "SELECT MAX(subject_version) FROM outbox WHERE subject_type = 'deadline' AND subject_id = ?1",
                )
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
                last.unwrap_or(0) + 1
            }
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
            (Some(expected), Some(current)) if expected != current => {
                return Err(StoreError::VersionConflict {
                    what: "deadline",
                    id: id.to_owned(),
                    expected,
                    current,
                });
            }
            (Some(_), Some(current)) => current + 1,
        };
        let json = to_json(&deadline.to_input());
        Self::write_deadline(&mut tx, deadline, &json, version, now).await?;
        let action = if expected_version.is_none() {
            "create"
        } else {
            "update"
        };
        Self::audit(&mut tx, now, actor, action, ("deadline", id), &json).await?;
        let mails: Vec<(&PlannedMail, i64)> = mails.iter().map(|m| (m, version)).collect();
        Self::supersede(&mut tx, ("deadline", id), version).await?;
        Self::write_mails(&mut tx, &mails, now).await?;
        tx.commit().await?;
        Ok(StoredDeadline {
            deadline: deadline.clone(),
            version,
            updated_at: chrono::SubsecRound::trunc_subsecs(now, 0),
        })
    }

    pub(super) async fn delete_deadline(
        &self,
        id: &ItemId,
        expected_version: Option<i64>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let current: Option<i64> =
            sqlx::query_scalar("SELECT version FROM deadlines WHERE id = ?1")
                .bind(id.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        let current = current.ok_or_else(|| StoreError::NotFound {
            what: "deadline",
            id: id.to_string(),
        })?;
        if let Some(expected) = expected_version
            && expected != current
        {
            return Err(StoreError::VersionConflict {
                what: "deadline",
                id: id.to_string(),
                expected,
                current,
            });
        }
        sqlx::query("DELETE FROM deadlines WHERE id = ?1")
            .bind(id.as_str())
            .execute(&mut *tx)
            .await?;
        Self::supersede(&mut tx, ("deadline", id.as_str()), current + 1).await?;
        Self::audit(
            &mut tx,
            now,
            actor,
            "delete",
            ("deadline", id.as_str()),
            "{}",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
