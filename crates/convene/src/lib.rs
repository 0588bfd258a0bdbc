//! # convene
//!
//! The service around [`convene_core`], as thin adapters:
//! - [`cli`]: the `convene` command (check, migrate, import, serve, demo, token);
//! - [`config`]: defaults, file, environment;
//! - [`store`]: the storage trait and its SQLite and PostgreSQL backends;
//! - [`http`]: the router and server (axum);
//! - [`mail`]: reminder and announcement mails, the outbox dispatcher;
//! - [`calendar`]: stored items as iCalendar, for feeds and mails alike;
//! - [`import`], [`token`], [`check`]: what the commands do.

pub mod calendar;
pub mod check;
pub mod cli;
pub mod config;
pub mod http;
pub mod import;
pub mod mail;
pub mod metrics;
pub mod slots_cli;
pub mod store;
pub mod token;
