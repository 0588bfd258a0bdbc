//! # convene
//!
//! The service around [`convene_core`], as thin adapters:
//! - [`cli`]: the `convene` command (check, migrate, import, serve, demo, token);
//! - [`config`]: defaults, file, environment;
//! - [`store`]: the storage interface ([`store::Db`]) on SQLite and PostgreSQL;
//! - [`http`]: the router and server (axum);
//! - [`mail`]: reminder and announcement mails, the outbox dispatcher;
//! - [`calendar`]: stored items as iCalendar, for feeds and mails alike;
//! - [`schedule`]: the use cases, every change to the schedule in one place;
//! - [`clock`]: the one clock;
//! - [`token`], [`check`]: what the commands do.

pub mod calendar;
pub mod check;
pub mod cli;
pub mod clock;
pub mod config;
pub mod feed_links;
pub mod history;
pub mod http;
pub mod mail;
pub mod metrics;
pub mod organize;
pub mod schedule;
pub mod selfserve;
pub mod slots_cli;
pub mod store;
pub mod token;

/// An error with its causes, on one line.
pub fn error_text(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}
