//! What a public feed reads to render, on one connection held for all of
//! its reads: the groups, its window's meetings' ids and digests, their
//! deadlines, and whole only the meetings whose events are not kept
//! written (`calendar/kept.rs`). A connection taken from the pool and
//! given back costs a round trip to its thread each way (sqlx also checks
//! a connection when it comes back), which for a feed that renders every
//! request is a good part of its time.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use convene_core::{GroupSlug, GroupTree};
use sqlx::pool::PoolConnection;
use sqlx::{Postgres, Sqlite};

use super::rows::{self, DeadlineRow, MeetingStampRow};
use super::{
    Db, MeetingFilter, MeetingStamp, ParsedMeetings, StoreError, StoredDeadline, StoredMeeting,
    postgres, sqlite,
};

/// A connection held for one feed's reads.
#[derive(Debug)]
pub enum FeedReader {
    /// On SQLite.
    Sqlite(PoolConnection<Sqlite>),
    /// On PostgreSQL.
    Postgres(PoolConnection<Postgres>),
}

impl Db {
    /// A connection for one feed's reads.
    pub async fn feed_reader(&self) -> Result<FeedReader, StoreError> {
        Ok(match self {
            Db::Sqlite(p) => FeedReader::Sqlite(p.acquire().await?),
            Db::Postgres(p) => FeedReader::Postgres(p.acquire().await?),
        })
    }
}

impl FeedReader {
    /// The group tree, and a fingerprint of the groups' rows as stored:
    /// any change to a group (its name, list, visibility, language, place
    /// in the tree) changes it.
    pub async fn groups_and_fingerprint(&mut self) -> Result<(Arc<GroupTree>, u64), StoreError> {
        let found = match self {
            FeedReader::Sqlite(c) => sqlite::reads::group_rows(&mut **c).await?,
            FeedReader::Postgres(c) => postgres::reads::group_rows(&mut **c).await?,
        };
        let fingerprint = rows::groups_fingerprint(&found);
        Ok((rows::shared_group_tree(found)?, fingerprint))
    }

    /// A feed's window: the ids and digests of the meetings of `groups`
    /// that end after `since` (all when `None`), each once, in no order
    /// (what a feed needs to tell which meetings' events it already keeps
    /// written), and the deadlines of these meetings and of the groups, by
    /// closing time.
    pub async fn window(
        &mut self,
        groups: &[GroupSlug],
        since: Option<DateTime<Utc>>,
    ) -> Result<(Vec<MeetingStamp>, Vec<StoredDeadline>), StoreError> {
        let (stamps, deadlines) = match self {
            FeedReader::Sqlite(c) => sqlite::reads::window(&mut **c, groups, since).await?,
            FeedReader::Postgres(c) => postgres::reads::window(c, groups, since).await?,
        };
        let mut stamps: Vec<MeetingStamp> = stamps
            .into_iter()
            .map(MeetingStampRow::into_stamp)
            .collect();
        // A joint meeting of two of the groups has a row for each.
        stamps.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        stamps.dedup_by(|a, b| a.id == b.id);
        let mut deadlines = rows::all(deadlines, DeadlineRow::into_stored)?;
        // By closing time then id: one deadline's rows are next to each
        // other.
        deadlines.dedup_by(|a, b| a.deadline.id() == b.deadline.id());
        Ok((stamps, deadlines))
    }

    /// The meetings `filter` finds, by start then id, each from `parsed`
    /// when it holds the meeting's stored text ([`Db::meetings_via`]).
    pub async fn meetings(
        &mut self,
        filter: &MeetingFilter,
        parsed: &ParsedMeetings,
    ) -> Result<Vec<StoredMeeting>, StoreError> {
        let found = match self {
            FeedReader::Sqlite(c) => sqlite::reads::meeting_rows(&mut **c, filter).await?,
            FeedReader::Postgres(c) => postgres::reads::meeting_rows(&mut **c, filter).await?,
        };
        rows::all(found, |r| r.into_stored_via(parsed))
    }

    /// The deadlines of these meetings and of these groups, by closing
    /// time.
    pub async fn deadlines(
        &mut self,
        meetings: &[&str],
        groups: &[GroupSlug],
    ) -> Result<Vec<StoredDeadline>, StoreError> {
        let owners = Some((meetings, groups));
        match self {
            FeedReader::Sqlite(c) => sqlite::reads::deadlines(&mut **c, owners).await,
            FeedReader::Postgres(c) => postgres::reads::deadlines(&mut **c, owners).await,
        }
    }

    /// These meetings (in no order; ids not stored are left out), each with
    /// its digest, parsed or from `parsed` as [`Db::meetings_via`] does.
    pub async fn meetings_by_id(
        &mut self,
        ids: &[&str],
        parsed: &ParsedMeetings,
    ) -> Result<Vec<(StoredMeeting, i64)>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let found = match self {
            FeedReader::Sqlite(c) => sqlite::reads::meetings_by_id(&mut **c, ids).await?,
            FeedReader::Postgres(c) => postgres::reads::meetings_by_id(&mut **c, ids).await?,
        };
        rows::all(found, |r| r.into_stored_via(parsed))
    }
}
