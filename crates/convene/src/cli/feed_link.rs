//! `convene feed-link create|list|revoke`: private feed links from the
//! command line, through the same use cases as `/api/v1/feed-links`
//! (`crate::feed_links`), acting on every group.

use clap::Subcommand;

use super::Failure;
use crate::clock::Clock;
use crate::config::Config;
use crate::feed_links::{self, NewFeedLink};
use crate::schedule::{Actor, ScheduleError};
use crate::store::Db;

/// `feed-link …`.
#[derive(Debug, Subcommand)]
pub enum FeedLinkCommand {
    /// Create a private feed link; its URL (with the secret) is printed
    /// once.
    Create {
        /// What it is for.
        #[arg(long)]
        label: String,
        /// A group's slug; repeat for several.
        #[arg(long = "group", required = true)]
        groups: Vec<String>,
        /// Follow each group's subgroups (those created later too).
        #[arg(long)]
        subgroups: bool,
        /// Keep cancelled meetings in the feed.
        #[arg(long)]
        include_cancelled: bool,
    },
    /// List the links (never their secrets).
    List,
    /// Revoke a link by id: its URL then answers 404.
    Revoke {
        /// The link's id (from `feed-link list`).
        id: String,
    },
}

fn failure(e: ScheduleError) -> Failure {
    match e {
        ScheduleError::Invalid { detail, errors } => Failure {
            message: std::iter::once(detail)
                .chain(
                    errors
                        .iter()
                        .map(|f| format!("  {}: {}", f.field, f.message)),
                )
                .collect::<Vec<_>>()
                .join("\n"),
            code: 1,
        },
        ScheduleError::NotFound(m) | ScheduleError::State(m) => Failure {
            message: m,
            code: 1,
        },
        other => other.into(),
    }
}

pub(super) async fn feed_link(
    cmd: FeedLinkCommand,
    db: &Db,
    config: &Config,
) -> Result<(), Failure> {
    let actor = Actor::cli("cli");
    let now = Clock::System.now();
    match cmd {
        FeedLinkCommand::Create {
            label,
            groups,
            subgroups,
            include_cancelled,
        } => {
            let req = NewFeedLink {
                label,
                groups,
                subgroups,
                include_cancelled,
            };
            let made = feed_links::create(db, &actor, &req, "cli", None, now)
                .await
                .map_err(failure)?;
            println!(
                "Feed link {} ({}). Its URL is shown once:",
                made.link.id, made.link.label
            );
            println!("{}{}", config.server.public_url, made.path());
        }
        FeedLinkCommand::List => {
            for l in feed_links::list(db, &actor).await.map_err(failure)? {
                let groups: Vec<&str> = l.groups.iter().map(|g| g.as_str()).collect();
                let state = l
                    .revoked_at
                    .map_or("active".to_owned(), |r| format!("revoked {r}"));
                println!(
                    "{}\t{}\t{}{}{}\tby {}\tcreated {}\t{state}",
                    l.id,
                    l.label,
                    groups.join(","),
                    if l.subgroups { " +subgroups" } else { "" },
                    if l.include_cancelled {
                        " +cancelled"
                    } else {
                        ""
                    },
                    l.created_by,
                    l.created_at
                );
            }
        }
        FeedLinkCommand::Revoke { id } => {
            feed_links::revoke(db, &actor, &id, now)
                .await
                .map_err(failure)?;
            println!("feed link {id} revoked");
        }
    }
    Ok(())
}
