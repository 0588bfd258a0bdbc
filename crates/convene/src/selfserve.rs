//! "Get the members' calendar" (issue 17): a person asks, on a group's page,
//! for a personal private feed; if every group chosen allows the address
//! (`members_allow`, inherited: [`convene_core::join::may_request`]), a
//! feed link is stored for it and a mail planned in the outbox.
//!
//! What the person sees never depends on the outcome: allowed, refused,
//! malformed or over a rate limit, the page answers the same bytes, so the
//! form cannot be used to learn who is a member. Both paths do the same
//! database work in the same order (two bucket takes, the tree, one
//! feed-link statement, one write transaction); only the allowed one keeps
//! what it wrote.
//!
//! No plaintext secret is kept at rest: the link is stored with the hash of
//! a secret that is thrown away at once, and the outbox row names only the
//! link. The dispatcher gives the link a new secret when it composes the
//! mail ([`crate::mail::personal`]), so the mailed URL is the only copy;
//! a mail sent again (a retry) makes the earlier URL stop working.

use chrono::{DateTime, Duration, Utc};
use convene_core::{Email, GroupSlug, ItemId, MailKind, PlannedMail, Subject};

use crate::config::Config;
use crate::feed_links;
use crate::schedule::ScheduleError;
use crate::store::{Db, FeedLink, StoreError};
use crate::token::hash_secret;

/// A request from the form, as sent.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The address typed in.
    pub address: String,
    /// The groups ticked (slugs); their subtrees are followed.
    pub groups: Vec<String>,
    /// The client's IP address, when known.
    pub client: Option<String>,
}

/// What happened; for logs and tests only, never shown to the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A link was stored and its mail planned.
    Mailed(String),
    /// The address may not have these groups' calendar, or the request
    /// was malformed.
    Refused,
    /// Over the per-address or per-client limit.
    Limited,
}

/// The rate-limit key of an address: its SHA-256, so the table holds no
/// addresses.
fn address_key(address: &str) -> String {
    format!(
        "selfserve:addr:{}",
        hash_secret(&address.trim().to_lowercase())
    )
}

async fn take(db: &Db, key: &str, per_minute: u32, now: DateTime<Utc>) -> Result<bool, StoreError> {
    if per_minute == 0 {
        return Ok(true);
    }
    Ok(db.take_write(key, per_minute, now).await?.is_ok())
}

/// The groups of `req` when all are known and all allow `address`.
fn allowed(
    tree: &convene_core::GroupTree,
    req: &Request,
    address: &Email,
) -> Option<Vec<GroupSlug>> {
    let mut groups: Vec<GroupSlug> = Vec::new();
    for g in &req.groups {
        let slug = GroupSlug::parse(g.trim()).ok()?;
        if !tree.contains(&slug) {
            return None;
        }
        if !groups.contains(&slug) {
            groups.push(slug);
        }
    }
    (!groups.is_empty()
        && groups
            .iter()
            .all(|g| convene_core::join::may_request(tree, g, address)))
    .then_some(groups)
}

/// Handles one request as of `now`.
pub async fn request(
    db: &Db,
    config: &Config,
    req: &Request,
    now: DateTime<Utc>,
) -> Result<Outcome, ScheduleError> {
    let server = &config.server;
    let client = req.client.as_deref().unwrap_or("unknown");
    // Both buckets are taken every time, whatever the first said.
    let by_client = take(
        db,
        &format!("selfserve:client:{client}"),
        server.selfserve_per_client_per_minute,
        now,
    )
    .await?;
    let by_address = take(
        db,
        &address_key(&req.address),
        server.selfserve_per_address_per_minute,
        now,
    )
    .await?;
    let tree = db.groups().await?;
    let address = Email::parse(req.address.trim()).ok();
    let groups = address.as_ref().and_then(|a| allowed(&tree, req, a));
    let plan = match (by_client && by_address, groups, address) {
        (true, Some(groups), Some(address)) => Some((groups, address)),
        _ => None,
    };
    // The link as it would be stored, made on every path.
    let throwaway = feed_links::new_secret()?;
    let id = feed_links::new_personal_id()?;
    let link = plan.as_ref().map(|(groups, address)| FeedLink {
        id: id.clone(),
        label: format!("personal: {address}"),
        secret_hash: hash_secret(&throwaway),
        groups: groups.clone(),
        subgroups: true,
        include_cancelled: false,
        created_by: "mail".to_owned(),
        email: Some(address.to_string()),
        created_at: now,
        revoked_at: None,
    });
    match &link {
        Some(link) => db.create_feed_link(link).await?,
        None => {
            let _ = db.feed_link_by_hash(&hash_secret(&throwaway)).await?;
        }
    }
    let mut tx = db.begin_write().await?;
    let Some((_, address)) = plan else {
        drop(tx);
        return Ok(if by_client && by_address {
            Outcome::Refused
        } else {
            Outcome::Limited
        });
    };
    let subject_id =
        ItemId::parse(&id).map_err(|e| ScheduleError::State(format!("feed link id: {e}")))?;
    let mail = PlannedMail {
        due: now,
        kind: MailKind::PersonalLink,
        subject: Subject::FeedLink(subject_id),
        recipients: vec![address],
        expires: now + Duration::days(2),
    };
    tx.plan_mails(&[(&mail, 1)], now).await?;
    tx.commit().await?;
    Ok(Outcome::Mailed(id))
}
