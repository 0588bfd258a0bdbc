//! Mail to the groups' mailing lists: announcements, update and
//! cancellation notices, and reminders before meetings and deadlines.
//!
//! Every change to the schedule writes its planned mails to the outbox in
//! the same transaction (`store/`); the [`Dispatcher`] sends them when they
//! are due, inside `convene serve` or alone as `convene worker`:
//! - [`compose`]: an outbox row and its item → a MIME message (text, HTML
//!   from the askama templates in `crates/convene/templates/mail/`, and the
//!   feeds' calendar with `METHOD:PUBLISH`);
//! - [`transport`]: one pooled SMTP transport, or `.eml` files (`smtp_pool`:
//!   the pool of `TCP_NODELAY` connections handed to lettre);
//! - [`dispatch`]: claim, send, mark; retries with backoff; the clock is a
//!   parameter;
//! - [`preview`]: what is due in a period, sent or not.

pub mod compose;
pub mod dispatch;
pub mod personal;
pub mod preview;
mod smtp_pool;
pub mod transport;

pub use dispatch::{Dispatcher, PassReport};

/// The language of mails to lists whose groups set none, up to the root
/// (`i18n.default_language`).
pub fn default_language(config: &crate::config::Config) -> convene_core::Language {
    config.i18n.default_language
}
pub use transport::Transport;
