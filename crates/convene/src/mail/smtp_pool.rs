//! SMTP connections convene opens itself and hands to lettre, pooled.
//!
//! Why: lettre 0.11.23 connects its own sockets with Nagle's algorithm on
//! and writes a message's end-of-data marker (`CRLF.CRLF`) as a second
//! small write, which then waits for the relay's delayed ACK (40 ms on
//! Linux): about 25 mails a second per connection. Its fix is merged
//! upstream but not released. Here the socket is connected with
//! `TCP_NODELAY` and given to lettre
//! ([`AsyncSmtpConnection::connect_with_transport`]), which speaks SMTP on
//! it (EHLO, STARTTLS, AUTH, the mail) exactly as its own transport does.
//!
//! The pool works like lettre's: at most `size` connections at once, an
//! idle one is checked with `NOOP` before it is reused and dropped when
//! broken. Implicit TLS (`smtps://`) stays with lettre's own transport:
//! lettre opens no session on a TLS stream it did not start.

use std::sync::Mutex;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

/// STARTTLS, as `tls=` asks.
#[derive(Clone)]
enum StartTls {
    /// Plain SMTP (`smtp://host:port`).
    Never,
    /// When the relay offers it (`tls=opportunistic`).
    Opportunistic(TlsParameters),
    /// Always; fail without it (`tls=required`).
    Required(TlsParameters),
}

/// A pool of SMTP connections with `TCP_NODELAY`.
pub struct SmtpPool {
    host: String,
    port: u16,
    starttls: StartTls,
    hello: ClientId,
    credentials: Option<Credentials>,
    timeout: Duration,
    idle: Mutex<Vec<AsyncSmtpConnection>>,
    slots: Semaphore,
}

impl std::fmt::Debug for SmtpPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the credentials.
        f.debug_struct("SmtpPool")
            .field("host", &self.host)
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl SmtpPool {
    /// The pool for `url` (`smtp://[user:pass@]host[:port][/helo][?tls=…]`),
    /// `None` for `smtps://` (see the module). The URL is read as lettre
    /// reads it (the same default ports and parameters).
    pub fn from_url(url: &str, size: u32, timeout: Duration) -> Result<Option<Self>, String> {
        let url = url::Url::parse(url).map_err(|e| e.to_string())?;
        if url.scheme() == "smtps" {
            return Ok(None);
        }
        let host = url
            .host_str()
            .ok_or_else(|| "smtp host undefined".to_owned())?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let tls = url
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        let params = || TlsParameters::new(host.clone()).map_err(|e| e.to_string());
        let (starttls, default_port) = match (url.scheme(), tls.as_deref()) {
            ("smtp", None) => (StartTls::Never, 25),
            ("smtp", Some("required")) => (StartTls::Required(params()?), 587),
            ("smtp", Some("opportunistic")) => (StartTls::Opportunistic(params()?), 587),
            (scheme, tls) => {
                return Err(format!(
                    "unknown scheme '{scheme}' or tls parameter '{tls:?}'"
                ));
            }
        };
        let hello = match url.path().trim_matches('/') {
            "" => ClientId::default(),
            name => ClientId::Domain(name.to_owned()),
        };
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|c| c.into_owned())
                .map_err(|e| e.to_string())
        };
        let credentials = match url.password() {
            Some(p) => Some(Credentials::new(decode(url.username())?, decode(p)?)),
            None => None,
        };
        let size = usize::try_from(size.max(1)).unwrap_or(1);
        Ok(Some(Self {
            port: url.port().unwrap_or(default_port),
            host,
            starttls,
            hello,
            credentials,
            timeout,
            idle: Mutex::new(Vec::with_capacity(size)),
            slots: Semaphore::new(size),
        }))
    }

    /// A new connection: TCP with `TCP_NODELAY`, EHLO, STARTTLS and AUTH as
    /// configured.
    async fn connect(&self) -> Result<AsyncSmtpConnection, String> {
        let text = |e: &dyn std::error::Error| crate::error_text(e);
        let connect = TcpStream::connect((self.host.as_str(), self.port));
        let tcp = tokio::time::timeout(self.timeout, connect)
            .await
            .map_err(|_| format!("connecting to {}:{} timed out", self.host, self.port))?
            .map_err(|e| format!("connecting to {}:{}: {e}", self.host, self.port))?;
        tcp.set_nodelay(true).map_err(|e| text(&e))?;
        let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &self.hello)
            .await
            .map_err(|e| text(&e))?;
        match &self.starttls {
            StartTls::Opportunistic(p) if conn.can_starttls() => {
                conn.starttls(p.clone(), &self.hello)
                    .await
                    .map_err(|e| text(&e))?;
            }
            StartTls::Required(p) => {
                conn.starttls(p.clone(), &self.hello)
                    .await
                    .map_err(|e| text(&e))?;
            }
            StartTls::Opportunistic(_) | StartTls::Never => {}
        }
        if let Some(c) = &self.credentials {
            conn.auth(DEFAULT_MECHANISMS, c)
                .await
                .map_err(|e| text(&e))?;
        }
        Ok(conn)
    }

    /// An idle connection that still answers, or a new one.
    async fn connection(&self) -> Result<AsyncSmtpConnection, String> {
        loop {
            let parked = self.idle.lock().ok().and_then(|mut idle| idle.pop());
            let Some(mut conn) = parked else {
                return self.connect().await;
            };
            if conn.test_connected().await {
                return Ok(conn);
            }
            conn.abort().await;
        }
    }

    /// Sends one message; the connection goes back to the pool unless it
    /// broke.
    pub async fn send(&self, envelope: &Envelope, message: &[u8]) -> Result<(), String> {
        let _slot = self.slots.acquire().await.map_err(|e| e.to_string())?;
        let mut conn = self.connection().await?;
        let sent = conn.send(envelope, message).await;
        if conn.has_broken() {
            conn.abort().await;
        } else if let Ok(mut idle) = self.idle.lock() {
            idle.push(conn);
        }
        sent.map(drop).map_err(|e| crate::error_text(&e))
    }
}
