//! Where mails go: an SMTP relay (one pooled transport per process, shared
//! by every send) or, by default, `.eml` files in a folder.
//!
//! `mail.smtp_url` (env `CONVENE_SMTP_URL`):
//!
//! | URL | connection |
//! |---|---|
//! | empty | no SMTP: `{mail.outbox_dir}/{key}.eml` files |
//! | `smtp://host:port` | plain SMTP, no TLS (a local relay, tests) |
//! | `smtp://user:pass@host:587?tls=required` | STARTTLS, required (`tls=starttls` is the same) |
//! | `smtp://host:587?tls=opportunistic` | STARTTLS when offered |
//! | `smtps://user:pass@host:465` | implicit TLS |
//!
//! User and password are percent-encoded in the URL; an optional path names
//! the EHLO host (`smtp://relay:25/convene.example.org`). Certificates are
//! checked against the Mozilla roots (webpki-roots).
//!
//! `smtp://` connections are convene's own, with `TCP_NODELAY`, handed to
//! lettre (see `smtp_pool.rs`); `smtps://` uses lettre's pooled transport.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::MailConfig;

use super::smtp_pool::SmtpPool;

/// The mail transport.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP relay, through convene's pool of `TCP_NODELAY` connections.
    Pool(Arc<SmtpPool>),
    /// An SMTP relay over implicit TLS, through lettre's connection pool.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// `.eml` files in this folder, named after the outbox key (so a
    /// repeated send overwrites, never duplicates).
    Files(PathBuf),
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // Never the URL: it may hold a password.
            Transport::Smtp(_) | Transport::Pool(_) => f.write_str("Transport::Smtp(<relay>)"),
            Transport::Files(dir) => f.debug_tuple("Transport::Files").field(dir).finish(),
        }
    }
}

/// Why the transport cannot be set up.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// The SMTP URL is not one lettre understands.
    #[error(
        "mail.smtp_url is not usable ({0}); use smtp://HOST:PORT, smtp://USER:PASS@HOST:587?tls=required or smtps://USER:PASS@HOST:465"
    )]
    Url(String),
}

/// Why one send failed (it is retried, or becomes dead).
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The SMTP relay refused or could not be reached.
    #[error("SMTP: {0}")]
    Smtp(String),
    /// The file could not be written.
    #[error("writing {path}: {source}")]
    File {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

impl Transport {
    /// The transport `mail` asks for. Does not connect yet.
    pub fn from_config(mail: &MailConfig) -> Result<Self, TransportError> {
        let url = mail.smtp_url.0.trim();
        if url.is_empty() {
            return Ok(Transport::Files(PathBuf::from(&mail.outbox_dir)));
        }
        let url = url.replace("tls=starttls", "tls=required");
        let size = mail.concurrency.max(1);
        let timeout = Duration::from_secs(mail.smtp_timeout_seconds.max(1));
        if let Some(pool) = SmtpPool::from_url(&url, size, timeout).map_err(TransportError::Url)? {
            return Ok(Transport::Pool(Arc::new(pool)));
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&url)
            .map_err(|e| TransportError::Url(e.to_string()))?
            .timeout(Some(Duration::from_secs(mail.smtp_timeout_seconds.max(1))))
            .pool_config(PoolConfig::new().max_size(size))
            .build();
        Ok(Transport::Smtp(transport))
    }

    /// "smtp" or "files".
    pub fn kind(&self) -> &'static str {
        match self {
            Transport::Smtp(_) | Transport::Pool(_) => "smtp",
            Transport::Files(_) => "files",
        }
    }

    /// Sends one mail whose outbox key is `key`.
    pub async fn send(&self, key: &str, message: Message) -> Result<(), SendError> {
        match self {
            Transport::Pool(pool) => pool
                .send(message.envelope(), &message.formatted())
                .await
                .map_err(SendError::Smtp),
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| SendError::Smtp(crate::error_text(&e))),
            Transport::Files(dir) => {
                let dir = dir.clone();
                let name = format!("{key}.eml");
                let bytes = message.formatted();
                let path = dir.join(&name);
                let shown = path.display().to_string();
                // Written aside, then renamed: a crash leaves the old file
                // or the new one, never half of one.
                let result = tokio::task::spawn_blocking(move || {
                    std::fs::create_dir_all(&dir)?;
                    let tmp = dir.join(format!(".{name}.tmp"));
                    std::fs::write(&tmp, bytes)?;
                    std::fs::rename(&tmp, &path)
                })
                .await
                .unwrap_or_else(|e| Err(std::io::Error::other(e)));
                result.map_err(|source| SendError::File {
                    path: shown,
                    source,
                })
            }
        }
    }
}
