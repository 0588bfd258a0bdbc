//! A group's writes in a [`WriteTx`]: create, replace, archive.

use chrono::{DateTime, Utc};
use convene_core::GroupSlug;

use super::{GroupWrite, Inner, WriteTx};
use crate::store::{StoreError, postgres, rows, sqlite, to_json};

/// A group's writes, for the use cases in `crate::schedule::groups`.
impl WriteTx {
    /// Creates a group (`create`) or replaces an existing one, with its
    /// audit row: [`StoreError::Duplicate`] or [`StoreError::NotFound`]
    /// when it does (not) exist as `create` expects.
    pub async fn save_group(
        &mut self,
        group: &convene_core::Group,
        create: bool,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let slug = group.slug.as_str();
        let exists = self.group_version(slug, !create).await?.is_some();
        rows::group_presence(create, exists, slug)?;
        let depth = match &group.parent {
            Some(p) => self
                .child_depth(p)
                .await?
                .ok_or_else(|| StoreError::NotFound {
                    what: "group",
                    id: p.to_string(),
                })?,
            None => 0,
        };
        let json = to_json(&group.to_input());
        let how = if create {
            GroupWrite::Create
        } else {
            GroupWrite::Update
        };
        if !self.write_group(group, how, depth, &json, now).await? {
            // Created or removed meanwhile.
            rows::group_presence(create, create, slug)?;
        }
        let action = if create { "create" } else { "update" };
        self.audit(now, actor, action, ("group", slug), &json).await
    }

    /// Archives a group, with its audit row: it keeps its history but takes
    /// no new meetings. False when it was already archived.
    pub async fn archive(
        &mut self,
        slug: &GroupSlug,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        if !self.archive_group(slug, now).await? {
            let exists = self.group_version(slug.as_str(), false).await?.is_some();
            rows::group_presence(false, exists, slug.as_str())?;
            return Ok(false);
        }
        let subject = ("group", slug.as_str());
        self.audit(now, actor, "archive", subject, "{}").await?;
        Ok(true)
    }

    /// The group's version, if it exists; `for_update` locks its row
    /// (PostgreSQL).
    pub(in crate::store) async fn group_version(
        &mut self,
        slug: &str,
        for_update: bool,
    ) -> Result<Option<i64>, StoreError> {
        on!(self, t => sqlite::groups_tokens::group_version(t, slug, for_update).await, postgres::groups_tokens::group_version(t, slug, for_update).await)
    }

    /// The depth of a child of `parent`, if `parent` exists (PostgreSQL
    /// locks its row, shared).
    pub(in crate::store) async fn child_depth(
        &mut self,
        parent: &GroupSlug,
    ) -> Result<Option<i64>, StoreError> {
        on!(self, t => sqlite::groups_tokens::child_depth(t, parent).await, postgres::groups_tokens::child_depth(t, parent).await)
    }

    /// Writes a group's row at `depth`; false when nothing was written
    /// (PostgreSQL: created or removed by another writer meanwhile).
    pub(in crate::store) async fn write_group(
        &mut self,
        g: &convene_core::Group,
        how: GroupWrite,
        depth: i64,
        json: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        on!(self, t => sqlite::groups_tokens::write_group(t, g, how, depth, json, now).await, postgres::groups_tokens::write_group(t, g, how, depth, json, now).await)
    }

    /// Archives a group not archived yet; false when there is none.
    pub(in crate::store) async fn archive_group(
        &mut self,
        slug: &GroupSlug,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        on!(self, t => sqlite::groups_tokens::archive_group(t, slug, now).await, postgres::groups_tokens::archive_group(t, slug, now).await)
    }
}
