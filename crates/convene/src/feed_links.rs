//! Private feed links (issue 17), the use cases the API, the CLI and the
//! self-service page share: create (the secret shown once), list, revoke,
//! and resolve a secret to the groups its feed shows.
//!
//! A secret is 256 random bits, base64url without padding (43 characters),
//! in `/calendars/private/{secret}.ics`. Only its SHA-256 is stored: for a
//! secret with 256 bits of entropy a plain hash is as strong as a slow
//! password hash, and lets the link be found by an indexed lookup. The
//! stored hash is compared again in constant time after the lookup.
//! Secrets are never logged (the access log redacts `/calendars/private/`
//! paths, `http/conn.rs`).

use base64::Engine;
use chrono::{DateTime, Utc};
use convene_core::{GroupSlug, GroupTree, OneLine};
use subtle::ConstantTimeEq;

use crate::schedule::{Actor, ScheduleError, Scope};
use crate::store::{Db, FeedLink};
use crate::token::hash_secret;

/// Where private feeds are served: `{PREFIX}{secret}.ics`.
pub const PATH_PREFIX: &str = "/calendars/private/";

/// What a new link shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewFeedLink {
    /// What it is for.
    pub label: String,
    /// The groups' slugs.
    pub groups: Vec<String>,
    /// Whether each group's subgroups are in (followed as the tree grows).
    pub subgroups: bool,
    /// Whether cancelled meetings stay in the feed.
    pub include_cancelled: bool,
}

/// A link just made: the record and the secret, shown once.
#[derive(Debug)]
pub struct CreatedLink {
    /// As stored.
    pub link: FeedLink,
    /// The secret; never stored.
    pub secret: String,
}

impl CreatedLink {
    /// The feed's path, `/calendars/private/{secret}.ics`.
    pub fn path(&self) -> String {
        format!("{PATH_PREFIX}{}.ics", self.secret)
    }
}

fn random(bytes: usize) -> Result<Vec<u8>, ScheduleError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)
        .map_err(|e| ScheduleError::State(format!("no randomness available: {e}")))?;
    Ok(buf)
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Checks `req` (label, known groups, the actor's scope) and stores a new
/// link made by `created_by` (`token:ID`, `cli`, `mail`).
pub async fn create(
    db: &Db,
    actor: &Actor,
    req: &NewFeedLink,
    created_by: &str,
    email: Option<&str>,
    now: DateTime<Utc>,
) -> Result<CreatedLink, ScheduleError> {
    let tree = db.groups().await?;
    let mut errors = Vec::new();
    let label = match OneLine::parse(req.label.trim()) {
        Ok(l) => Some(l),
        Err(e) => {
            errors.push(convene_core::FieldError::new("label", e.to_string()));
            None
        }
    };
    if req.groups.is_empty() {
        errors.push(convene_core::FieldError::new(
            "groups",
            "name at least one group",
        ));
    }
    let mut groups: Vec<GroupSlug> = Vec::new();
    for (i, g) in req.groups.iter().enumerate() {
        match GroupSlug::parse(g) {
            Ok(s) if tree.contains(&s) => {
                if !groups.contains(&s) {
                    groups.push(s);
                }
            }
            _ => errors.push(convene_core::FieldError::new(
                format!("groups[{i}]"),
                format!("{g:?} is not a known group"),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(ScheduleError::Invalid {
            detail: "the feed link has invalid fields".into(),
            errors,
        });
    }
    actor.require_groups(&tree, &groups)?;
    let secret = b64(&random(32)?);
    let id = format!("fl_{}", b64(&random(9)?));
    let link = FeedLink {
        id,
        label: label.map(|l| l.to_string()).unwrap_or_default(),
        secret_hash: hash_secret(&secret),
        groups,
        subgroups: req.subgroups,
        include_cancelled: req.include_cancelled,
        created_by: created_by.to_owned(),
        email: email.map(str::to_owned),
        created_at: now,
        revoked_at: None,
    };
    db.create_feed_link(&link).await?;
    Ok(CreatedLink { link, secret })
}

/// Whether `actor` may see and revoke `link`: every group of it in scope.
fn in_scope(actor: &Actor, tree: &GroupTree, link: &FeedLink) -> bool {
    match &actor.scope {
        Scope::All => true,
        Scope::Group(scope) => link
            .groups
            .iter()
            .all(|g| tree.is_self_or_ancestor(scope, g)),
    }
}

/// The links `actor` may see (all of their groups in its scope), newest
/// first, revoked ones too.
pub async fn list(db: &Db, actor: &Actor) -> Result<Vec<FeedLink>, ScheduleError> {
    let tree = db.groups().await?;
    Ok(db
        .feed_links()
        .await?
        .into_iter()
        .filter(|l| in_scope(actor, &tree, l))
        .collect())
}

/// Revokes link `id`; a link outside the actor's scope is "not found", as
/// an unknown one.
pub async fn revoke(
    db: &Db,
    actor: &Actor,
    id: &str,
    now: DateTime<Utc>,
) -> Result<FeedLink, ScheduleError> {
    let not_found = || ScheduleError::NotFound(format!("feed link {id:?} does not exist"));
    let tree = db.groups().await?;
    let link = db.feed_link(id).await?.ok_or_else(not_found)?;
    if !in_scope(actor, &tree, &link) {
        return Err(not_found());
    }
    if link.revoked_at.is_some() {
        return Err(ScheduleError::State(format!(
            "feed link {id:?} is already revoked"
        )));
    }
    db.revoke_feed_link(id, now).await?;
    Ok(FeedLink {
        revoked_at: Some(now),
        ..link
    })
}

/// Revokes the link whose secret is `secret` (the manage page of a
/// personal link); `None` when unknown or already revoked.
pub async fn revoke_by_secret(
    db: &Db,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<Option<FeedLink>, ScheduleError> {
    let Some(link) = resolve(db, secret).await? else {
        return Ok(None);
    };
    db.revoke_feed_link(&link.id, now).await?;
    Ok(Some(link))
}

/// The live link whose secret is `secret`: `None` when unknown or revoked
/// (the caller answers both the same way).
pub async fn resolve(db: &Db, secret: &str) -> Result<Option<FeedLink>, ScheduleError> {
    // A secret is 43 base64url characters; anything else is not one.
    if secret.len() != 43
        || !secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Ok(None);
    }
    let hash = hash_secret(secret);
    let Some(link) = db.feed_link_by_hash(&hash).await? else {
        return Ok(None);
    };
    let same: bool = link.secret_hash.as_bytes().ct_eq(hash.as_bytes()).into();
    Ok((same && link.revoked_at.is_none()).then_some(link))
}

/// The groups a link's feed shows now: its groups, with each one's subtree
/// as the tree is today when it follows subgroups; groups since removed are
/// left out.
pub fn feed_groups(tree: &GroupTree, link: &FeedLink) -> Vec<GroupSlug> {
    let mut out: Vec<GroupSlug> = Vec::new();
    for g in &link.groups {
        let add: Vec<GroupSlug> = if link.subgroups {
            tree.subtree(g)
                .into_iter()
                .map(|s| s.slug.clone())
                .collect()
        } else if tree.contains(g) {
            vec![g.clone()]
        } else {
            vec![]
        };
        for s in add {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}
