//! Deadlines on PostgreSQL: listing, reading, saving and deleting one.

use chrono::{DateTime, Utc};
use convene_core::{GroupSlug, ItemId, PlannedMail};

use super::{PgStore, ts};
use crate::store::{StoreError, StoredDeadline, to_json};

impl PgStore {
    pub(super) async fn deadlines(
        &self,
        meetings: &[ItemId],
        groups: &[GroupSlug],
    ) -> Result<Vec<StoredDeadline>, StoreError> {
        let m: Vec<String> = meetings.iter().map(|s| s.as_str().to_owned()).collect();
        let g: Vec<String> = groups.iter().map(|s| s.as_str().to_owned()).collect();
        let rows = sqlx::query(
            "SELECT id, input, version, updated_at FROM deadlines
             WHERE meeting_id = ANY($1) OR group_slug = ANY($2)
             ORDER BY closes_at, id COLLATE \"C\"",
        )
        .bind(m)
        .bind(g)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(Self::stored_deadline).collect()
    }

    pub(super) async fn deadline(&self, id: &ItemId) -> Result<Option<StoredDeadline>, StoreError> {
        let row = sqlx::query("SELECT id, input, version, updated_at FROM deadlines WHERE id = $1")
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
        let mut tx = self.pool.begin().await?;
        let id = deadline.id().as_str();
        if expected_version.is_none() {
            Self::claim_ids(&mut tx, &[id]).await?;
        }
        // The row lock makes a second writer wait here until the first
        // commits, then read the version it wrote.
        let current: Option<i64> =
            sqlx::query_scalar("SELECT version FROM deadlines WHERE id = $1 FOR UPDATE")
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
                    "SELECT MAX(subject_version) FROM outbox WHERE subject_type = 'deadline' AND subject_id = $1",
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
        Self::supersede(&mut tx, ("deadline", id), version).await?;
        let mails: Vec<(&PlannedMail, i64)> = mails.iter().map(|m| (m, version)).collect();
        Self::write_mails(&mut tx, &mails, now).await?;
        tx.commit().await?;
        Ok(StoredDeadline {
            deadline: deadline.clone(),
            version,
            updated_at: ts(now),
        })
    }

    pub(super) async fn delete_deadline(
        &self,
        id: &ItemId,
        expected_version: Option<i64>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let current: Option<i64> =
            sqlx::query_scalar("SELECT version FROM deadlines WHERE id = $1 FOR UPDATE")
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
        sqlx::query("DELETE FROM deadlines WHERE id = $1")
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
