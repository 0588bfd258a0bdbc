//! Meetings on PostgreSQL: listing, reading, creating and updating one.

use chrono::{DateTime, Utc};
use convene_core::{ItemId, Meeting, PlannedMail};

use super::{PgStore, ts};
use crate::store::{MeetingFilter, MovedDeadline, StoreError, StoredMeeting, to_json};

impl PgStore {
    pub(super) async fn meetings(
        &self,
        filter: &MeetingFilter,
    ) -> Result<Vec<StoredMeeting>, StoreError> {
        let groups: Option<Vec<String>> = filter
            .groups
            .as_ref()
            .map(|g| g.iter().map(|s| s.as_str().to_owned()).collect());
        let (after_start, after_id) = match &filter.after {
            Some((t, id)) => (Some(ts(*t)), Some(id.as_str())),
            None => (None, None),
        };
        // The cursor compares ids as they are ordered: bytewise.
        let rows = sqlx::query(
            "SELECT id, input, version, updated_at FROM meetings m
             WHERE ($1::text[] IS NULL OR EXISTS (SELECT 1 FROM meeting_groups mg
                    WHERE mg.meeting_id = m.id AND mg.group_slug = ANY($1)))
               AND ($2::timestamptz IS NULL OR m.ends_at > $2)
               AND ($3::timestamptz IS NULL OR m.starts_at < $3)
               AND ($4::text IS NULL OR m.status = $4)
               AND ($5::timestamptz IS NULL OR m.starts_at > $5
                    OR (m.starts_at = $5 AND m.id COLLATE \"C\" > $6::text COLLATE \"C\"))
             ORDER BY m.starts_at, m.id COLLATE \"C\"
             LIMIT $7::bigint",
        )
        .bind(groups)
        .bind(filter.range.map(|r| ts(r.start)))
        .bind(filter.range.map(|r| ts(r.end)))
        .bind(filter.status.map(|s| s.as_str()))
        .bind(after_start)
        .bind(after_id)
        .bind(filter.limit.map(i64::from))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(Self::stored_meeting).collect()
    }

    pub(super) async fn meeting(&self, id: &ItemId) -> Result<Option<StoredMeeting>, StoreError> {
        let row = sqlx::query("SELECT id, input, version, updated_at FROM meetings WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(Self::stored_meeting).transpose()
    }

    pub(super) async fn create_meeting(
        &self,
        meeting: &Meeting,
        deadlines: &[convene_core::Deadline],
        mails: &[PlannedMail],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<StoredMeeting, StoreError> {
        let mut tx = self.pool.begin().await?;
        let id = meeting.id().as_str();
        let ids: Vec<&str> = std::iter::once(id)
            .chain(deadlines.iter().map(|d| d.id().as_str()))
            .collect();
        Self::claim_ids(&mut tx, &ids).await?;
        for (i, taken) in ids.iter().enumerate() {
            if ids[..i].contains(taken) || Self::id_taken(&mut tx, taken).await? {
                return Err(StoreError::Duplicate {
                    what: "meeting or deadline",
                    id: (*taken).to_owned(),
                });
            }
        }
        let json = to_json(&meeting.to_input());
        Self::write_meeting(&mut tx, meeting, &json, 1, now).await?;
        Self::audit(&mut tx, now, actor, "create", ("meeting", id), &json).await?;
        for d in deadlines {
            let djson = to_json(&d.to_input());
            Self::write_deadline(&mut tx, d, &djson, 1, now).await?;
            Self::audit(
                &mut tx,
                now,
                actor,
                "create",
                ("deadline", d.id().as_str()),
                &djson,
            )
            .await?;
        }
        let mails: Vec<(&PlannedMail, i64)> = mails.iter().map(|m| (m, 1)).collect();
        Self::write_mails(&mut tx, &mails, now).await?;
        tx.commit().await?;
        Ok(StoredMeeting {
            meeting: meeting.clone(),
            version: 1,
            updated_at: ts(now),
        })
    }

    pub(super) async fn update_meeting(
        &self,
        meeting: &Meeting,
        expected_version: i64,
        mails: &[PlannedMail],
        moved: &[MovedDeadline],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<StoredMeeting, StoreError> {
        let mut tx = self.pool.begin().await?;
        let id = meeting.id().as_str();
        // The row lock makes a second writer wait here until the first
        // commits, then read the version it wrote.
        let current: Option<i64> =
            sqlx::query_scalar("SELECT version FROM meetings WHERE id = $1 FOR UPDATE")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let current = current.ok_or_else(|| StoreError::NotFound {
            what: "meeting",
            id: id.to_owned(),
        })?;
        if current != expected_version {
            return Err(StoreError::VersionConflict {
                what: "meeting",
                id: id.to_owned(),
                expected: expected_version,
                current,
            });
        }
        let version = current + 1;
        let json = to_json(&meeting.to_input());
        Self::write_meeting(&mut tx, meeting, &json, version, now).await?;
        // Also when no mail is planned for the new version (moved into the
        // past, no recipients left): the old reminders are wrong now.
        Self::supersede(&mut tx, ("meeting", id), version).await?;
        let mails: Vec<(&PlannedMail, i64)> = mails.iter().map(|m| (m, version)).collect();
        Self::write_mails(&mut tx, &mails, now).await?;
        Self::audit(&mut tx, now, actor, "update", ("meeting", id), &json).await?;
        for m in moved {
            let did = m.deadline.id().as_str();
            let current: Option<i64> =
                sqlx::query_scalar("SELECT version FROM deadlines WHERE id = $1 FOR UPDATE")
                    .bind(did)
                    .fetch_optional(&mut *tx)
                    .await?;
            let current = current.ok_or_else(|| StoreError::NotFound {
                what: "deadline",
                id: did.to_owned(),
            })?;
            let djson = to_json(&m.deadline.to_input());
            Self::write_deadline(&mut tx, &m.deadline, &djson, current + 1, now).await?;
            Self::supersede(&mut tx, ("deadline", did), current + 1).await?;
            let dmails: Vec<(&PlannedMail, i64)> =
                m.mails.iter().map(|x| (x, current + 1)).collect();
            Self::write_mails(&mut tx, &dmails, now).await?;
            Self::audit(&mut tx, now, actor, "update", ("deadline", did), &djson).await?;
        }
        tx.commit().await?;
        Ok(StoredMeeting {
            meeting: meeting.clone(),
            version,
            updated_at: chrono::SubsecRound::trunc_subsecs(now, 0),
        })
    }
}
