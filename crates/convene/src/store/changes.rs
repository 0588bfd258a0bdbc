//! Knowing the store's change stamp ([`Db::stamp`]) without a query per
//! request: [`ChangeWatch`] keeps the last stamp read and when it was read,
//! and reads it again only when it may be out of date:
//!
//! - a write committed by this process (every [`super::WriteTx`] commit
//!   bumps a counter, [`committed`]): known at once;
//! - on PostgreSQL, a write committed by any replica: every write
//!   transaction sends `NOTIFY convene_changes` before it commits (the
//!   notification is delivered only if the transaction commits), and a
//!   task per process listens ([`ChangeWatch::start`]) and marks the stamp
//!   stale; a lost listener connection marks it stale too, and so does
//!   listening again (with a back-off: `database.listen_retry_ms`), since
//!   notifications sent meanwhile are lost;
//! - in any case, once the stamp is older than `freshness` (the
//!   `calendar.freshness_ms` setting): then the next request reads it again
//!   (one indexed query, one at a time however many requests wait). This is
//!   the bound on SQLite, where another process (`convene import`, a second
//!   `convene serve`) writes without telling, and on PostgreSQL when a
//!   notification was missed (listener down, reconnecting).
//!
//! So a response built on [`ChangeWatch::current`] is never older than the
//! last change by more than `freshness`, and usually by far less.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use super::{Db, Stamp, StoreError};

/// The PostgreSQL channel every write transaction notifies.
pub(crate) const CHANNEL: &str = "convene_changes";

/// Write transactions committed by this process.
static COMMITTED: AtomicU64 = AtomicU64::new(0);

/// Counts a committed write transaction (called by [`super::WriteTx::commit`]).
pub(super) fn committed() {
    COMMITTED.fetch_add(1, Ordering::Release);
}

/// The stamp as last read, and what it was read after.
#[derive(Debug, Clone, Copy)]
struct Known {
    stamp: Stamp,
    /// When the read began: the stamp is at least as new as this instant.
    read_at: Instant,
    /// [`COMMITTED`] when the read began.
    local: u64,
    /// The notifications counted when the read began.
    notified: u64,
}

#[derive(Debug)]
struct Inner {
    db: Db,
    freshness: Duration,
    known: Mutex<Option<Known>>,
    /// Notifications (and lost listener connections) seen by the listener.
    notified: AtomicU64,
    /// One read at a time: requests that find the stamp stale wait for it.
    reading: tokio::sync::Mutex<()>,
}

/// The store's change stamp, kept in memory (see the module docs).
#[derive(Debug, Clone)]
pub struct ChangeWatch(Arc<Inner>);

impl ChangeWatch {
    /// A watch over `db` whose stamp is never older than `freshness` (zero:
    /// read on every call, as without a watch).
    pub fn new(db: Db, freshness: Duration) -> Self {
        Self(Arc::new(Inner {
            db,
            freshness,
            known: Mutex::new(None),
            notified: AtomicU64::new(0),
            reading: tokio::sync::Mutex::new(()),
        }))
    }

    /// On PostgreSQL, starts the task that listens for other replicas'
    /// changes (for as long as the watch lives), waiting `retry` before
    /// listening again when its connection is lost; nothing on SQLite.
    pub fn start(&self, retry: Duration) {
        if let Db::Postgres(pool) = &self.0.db {
            let weak = Arc::downgrade(&self.0);
            let options = (*pool.connect_options())
                .clone()
                .application_name(&listener_name());
            tokio::spawn(listen(weak, options, retry));
        }
    }

    fn usable(&self, k: &Known) -> bool {
        k.local == COMMITTED.load(Ordering::Acquire)
            && k.notified == self.0.notified.load(Ordering::Acquire)
            && k.read_at.elapsed() < self.0.freshness
    }

    fn known(&self) -> Option<Known> {
        *self.0.known.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The current stamp: from memory when nothing may have changed since
    /// it was read, otherwise read again.
    pub async fn current(&self) -> Result<Stamp, StoreError> {
        if let Some(k) = self.known()
            && self.usable(&k)
        {
            return Ok(k.stamp);
        }
        let _one = self.0.reading.lock().await;
        // Another request may have read it meanwhile.
        if let Some(k) = self.known()
            && self.usable(&k)
        {
            return Ok(k.stamp);
        }
        let read_at = Instant::now();
        let local = COMMITTED.load(Ordering::Acquire);
        let notified = self.0.notified.load(Ordering::Acquire);
        let stamp = self.0.db.stamp().await?;
        *self.0.known.lock().unwrap_or_else(PoisonError::into_inner) = Some(Known {
            stamp,
            read_at,
            local,
            notified,
        });
        Ok(stamp)
    }

    /// Marks the stamp stale (a notification, or one may have been lost).
    fn stale(inner: &Inner) {
        inner.notified.fetch_add(1, Ordering::AcqRel);
    }
}

/// The `application_name` of this process's listener connection (with the
/// process id), so that it can be told apart in `pg_stat_activity`.
pub fn listener_name() -> String {
    format!("convene-changes-{}", std::process::id())
}

/// The longest wait between two attempts to listen again.
const RETRY_MAX: Duration = Duration::from_secs(30);

/// Listens on [`CHANNEL`] on a connection of its own (not one of the
/// pool's), marking the stamp stale on every notification. When the
/// connection is lost it marks the stamp stale (the freshness bound holds
/// meanwhile), waits `retry` (doubled after each failed attempt, up to
/// [`RETRY_MAX`]), connects and listens again, and then marks the stamp
/// stale once more: notifications sent while it was away are lost, so the
/// stamp is read anew. Counted in `/metrics`. Ends when the watch is
/// dropped.
async fn listen(
    inner: std::sync::Weak<Inner>,
    options: sqlx::postgres::PgConnectOptions,
    retry: Duration,
) {
    let metrics = crate::metrics::global();
    let mut wait = retry;
    let mut listened = false;
    loop {
        match subscribe(&options).await {
            Ok(mut l) => {
                // Listening from now on: what changed before is read anew.
                match inner.upgrade() {
                    Some(i) => ChangeWatch::stale(&i),
                    None => return,
                }
                metrics.listener_up.set(1);
                if listened {
                    metrics.listener_reconnects.inc();
                    tracing::info!("change notifications: listening again; the stamp is read anew");
                }
                listened = true;
                wait = retry;
                let lost = receive(&inner, &mut l).await;
                metrics.listener_up.set(0);
                let Some(why) = lost else { return };
                tracing::warn!(
                    error = %why,
                    retry_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                    "change notifications: connection lost; the stamp is read every calendar.freshness_ms until listening again"
                );
            }
            Err(e) => {
                if inner.strong_count() == 0 {
                    return;
                }
                tracing::warn!(error = %e, "change notifications: cannot listen; the stamp is read every calendar.freshness_ms meanwhile");
            }
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(RETRY_MAX);
        if inner.strong_count() == 0 {
            return;
        }
    }
}

/// A listener on [`CHANNEL`], on a connection of its own.
async fn subscribe(
    options: &sqlx::postgres::PgConnectOptions,
) -> Result<sqlx::postgres::PgListener, sqlx::Error> {
    use sqlx::postgres::{PgListener, PgPoolOptions};
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .max_lifetime(None)
        .idle_timeout(None)
        .connect_lazy_with(options.clone());
    let mut l = PgListener::connect_with(&pool).await?;
    l.ignore_pool_close_event(true);
    // A lost connection is reconnected here, with a back-off, not inside
    // `try_recv`.
    l.eager_reconnect(false);
    l.listen(CHANNEL).await?;
    Ok(l)
}

/// Marks the stamp stale on every notification until the connection is
/// lost (why) or the watch is dropped (`None`).
async fn receive(
    inner: &std::sync::Weak<Inner>,
    l: &mut sqlx::postgres::PgListener,
) -> Option<String> {
    loop {
        let got = l.try_recv().await;
        let i = inner.upgrade()?;
        ChangeWatch::stale(&i);
        match got {
            Ok(Some(_)) => {
                // Many at once (an import): one mark is enough.
                while l.next_buffered().is_some() {}
            }
            Ok(None) => return Some("the server closed the connection".to_owned()),
            Err(e) => return Some(e.to_string()),
        }
    }
}
