//! Groups (admin only): create, change (name, parent, mailing list, by
//! merge patch), archive. The tree is checked whole, in the write's
//! transaction, after each change: a task group under a task group, or a
//! group under its own descendant, is refused.

use convene_core::{Group, GroupInput, GroupSlug, GroupTree, Language, group_language};
use serde_json::Value;

use super::{
    Actor, Render, Schedule, ScheduleError, Scope, Write, Written, begin, from_json, merge_patch,
};
use crate::store::KeyRequest;

/// A group as saved, with the tree it is in.
#[derive(Debug, Clone)]
pub struct GroupSaved {
    /// The group.
    pub group: Group,
    /// The tree after the change (for the effective mailing list).
    pub tree: GroupTree,
    /// The language of the mails to its list, after the change.
    pub effective_language: Language,
}

/// A group archived (or found archived already).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Archived {
    /// False when it was archived already.
    pub changed: bool,
}

fn require_admin(actor: &Actor) -> Result<(), ScheduleError> {
    match &actor.scope {
        Scope::All => Ok(()),
        Scope::Group(g) => Err(ScheduleError::Forbidden(format!(
            "{} may act on group {g} and its subgroups only; this needs an admin token",
            actor.name
        ))),
    }
}

fn invalid(e: convene_core::FieldErrors) -> ScheduleError {
    ScheduleError::Invalid {
        detail: "the group has invalid fields".into(),
        errors: e.0,
    }
}

impl Schedule {
    fn saved(&self, group: Group, tree: GroupTree) -> GroupSaved {
        let default = crate::mail::default_language(&self.config);
        GroupSaved {
            effective_language: group_language(&tree, &group.slug, default),
            group,
            tree,
        }
    }

    /// The tree with `group` put in (added or replacing its old self), as
    /// stored now: the core refuses cycles and bad nesting.
    async fn tree_with(
        &self,
        w: &mut Write<'_>,
        group: &Group,
    ) -> Result<GroupTree, ScheduleError> {
        // Group changes run one at a time (and not beside an import), so
        // two moves cannot make a cycle together.
        w.tx.exclude_imports(true).await?;
        let tree = w.tx.groups().await?;
        let others = tree.iter().filter(|g| g.slug != group.slug).cloned();
        GroupTree::new(others.chain([group.clone()])).map_err(|e| {
            let f = e.to_field_error();
            ScheduleError::field(f.field, f.message)
        })
    }

    /// Creates a group.
    pub async fn create_group(
        &self,
        actor: &Actor,
        input: GroupInput,
        key: Option<&KeyRequest>,
        render: Render<GroupSaved>,
    ) -> Result<Written<GroupSaved>, ScheduleError> {
        require_admin(actor)?;
        let group = input.validate().map_err(invalid)?;
        let mut w = begin!(self, key);
        if w.tx.groups().await?.contains(&group.slug) {
            return Err(ScheduleError::field(
                "slug",
                format!("a group {:?} already exists", group.slug.as_str()),
            ));
        }
        let tree = self.tree_with(&mut w, &group).await?;
        w.tx.save_group(&group, true, &actor.name, w.now).await?;
        let saved = self.saved(group, tree);
        w.finish(saved, render).await
    }

    /// Changes a group by a merge patch over its input.
    pub async fn patch_group(
        &self,
        actor: &Actor,
        slug: &str,
        patch: serde_json::Map<String, Value>,
        render: Render<GroupSaved>,
    ) -> Result<Written<GroupSaved>, ScheduleError> {
        require_admin(actor)?;
        let not_found = || ScheduleError::NotFound(format!("group {slug:?} does not exist"));
        let parsed = GroupSlug::parse(slug).map_err(|_| not_found())?;
        let mut w = begin!(self, None);
        let old =
            w.tx.groups()
                .await?
                .get(&parsed)
                .cloned()
                .ok_or_else(not_found)?;
        if let Some(v) = patch.get("slug")
            && v.as_str() != Some(slug)
        {
            return Err(ScheduleError::field(
                "slug",
                "the slug of a group cannot change (it is its feed URL)",
            ));
        }
        let mut doc = serde_json::to_value(old.to_input()).unwrap_or(Value::Null);
        merge_patch(&mut doc, Value::Object(patch));
        let group = from_json::<GroupInput>(doc)?.validate().map_err(invalid)?;
        let tree = self.tree_with(&mut w, &group).await?;
        w.tx.save_group(&group, false, &actor.name, w.now).await?;
        let saved = self.saved(group, tree);
        w.finish(saved, render).await
    }

    /// Archives a group: it keeps its history, its meetings can still be
    /// changed and cancelled, but it takes no new meetings or deadlines.
    pub async fn archive_group(
        &self,
        actor: &Actor,
        slug: &str,
        key: Option<&KeyRequest>,
        render: Render<(GroupSlug, Archived)>,
    ) -> Result<Written<(GroupSlug, Archived)>, ScheduleError> {
        require_admin(actor)?;
        let parsed = GroupSlug::parse(slug)
            .map_err(|_| ScheduleError::NotFound(format!("group {slug:?} does not exist")))?;
        let mut w = begin!(self, key);
        let changed = w.tx.archive(&parsed, &actor.name, w.now).await?;
        w.finish((parsed, Archived { changed }), render).await
    }
}
