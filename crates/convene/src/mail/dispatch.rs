//! The dispatcher: claims due outbox rows, builds each mail from its item as
//! stored now, sends it, and records the outcome.
//!
//! One pass ([`Dispatcher::pass`]) claims `mail.batch_size` rows at a time
//! (leased for `mail.lease_seconds`) until none is due, and sends up to
//! `mail.concurrency` at once over the one shared transport. For each row:
//!
//! - its moment has passed (`now >= expires_at`: the meeting has begun, the
//!   deadline has closed): `skipped`, not sent;
//! - its item is gone, changed since (a newer version planned its own
//!   mails), or is a deadline of a cancelled meeting: `skipped`;
//! - sent (SMTP accepted it, or the .eml file is written): `sent`;
//! - failed: tried again after `retry_base_seconds × 2^attempts` (at most
//!   `retry_max_seconds`), and `dead` after `max_attempts` tries.
//!
//! "Now" is a parameter ([`Clock`]), so tests and drills run a pass as of
//! any instant (`convene worker --once --now …`).

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use convene_core::{GroupTree, Subject};
use tokio::sync::watch;

use super::compose::{self, DigestEntry, DigestItem, Loaded};
use super::transport::{Transport, TransportError};
use crate::clock::Clock;
use crate::config::Config;
use crate::store::{ClaimedMail, Db, StoreError};

/// What a pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct PassReport {
    /// Sent (or written as .eml).
    pub sent: usize,
    /// Not sent: too late, or no longer relevant.
    pub skipped: usize,
    /// Failed this time (retried later, or dead).
    pub failed: usize,
    /// Of the failed, those that will not be retried.
    pub dead: usize,
}

impl PassReport {
    fn add(&mut self, o: Outcome) {
        match o {
            Outcome::Sent => self.sent += 1,
            Outcome::Skipped => self.skipped += 1,
            Outcome::Failed => self.failed += 1,
            Outcome::Dead => {
                self.failed += 1;
                self.dead += 1;
            }
        }
    }

    /// Whether anything happened.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl std::fmt::Display for PassReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "sent {}, skipped {}, failed {} ({} dead)",
            self.sent, self.skipped, self.failed, self.dead
        )
    }
}

/// The mails one pass has claimed and not yet handed to a lane.
#[derive(Debug, Default)]
struct Queue {
    items: std::collections::VecDeque<ClaimedMail>,
    /// Nothing more to claim in this pass.
    exhausted: bool,
    tree: Option<Arc<GroupTree>>,
}

#[derive(Debug, Clone, Copy)]
enum Outcome {
    Sent,
    Skipped,
    Failed,
    Dead,
}

impl Outcome {
    /// As `convene_mail_deliveries_total{outcome}`.
    fn label(self) -> &'static str {
        match self {
            Outcome::Sent => "sent",
            Outcome::Skipped => "skipped",
            Outcome::Failed => "failed",
            Outcome::Dead => "dead",
        }
    }
}

/// Sends what is due. Cheap to clone: the store pool and the one transport
/// (with its SMTP connection pool) are shared.
#[derive(Debug, Clone)]
pub struct Dispatcher {
    db: Db,
    transport: Arc<Transport>,
    config: Arc<Config>,
}

/// Loads a mail's item as stored now; `None` when it is gone. A batch's
/// notice loads each of its changes' items.
pub async fn load(db: &Db, subject: &Subject) -> Result<Option<Loaded>, StoreError> {
    let Subject::Batch(id) = subject else {
        return load_item(db, subject).await;
    };
    let Some(json) = db.batch_notice(id.as_str()).await? else {
        return Ok(None);
    };
    let entries: Vec<DigestEntry> =
        serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
            what: "batch notice",
            id: id.to_string(),
            why: e.to_string(),
        })?;
    let mut items = Vec::with_capacity(entries.len());
    for entry in entries {
        let item = match crate::store::parse_subject(&entry.subject_type, &entry.id) {
            Some(s @ (Subject::Meeting(_) | Subject::Deadline(_))) => load_item(db, &s).await?,
            _ => None,
        };
        items.push(DigestItem { entry, item });
    }
    Ok(Some(Loaded::Batch { items }))
}

async fn load_item(db: &Db, subject: &Subject) -> Result<Option<Loaded>, StoreError> {
    match subject {
        Subject::Batch(_) => Ok(None),
        Subject::Meeting(id) => {
            let Some(meeting) = db.meeting(id).await? else {
                return Ok(None);
            };
            let deadlines = db.deadlines(std::slice::from_ref(id), &[]).await?;
            Ok(Some(Loaded::Meeting { meeting, deadlines }))
        }
        Subject::Deadline(id) => {
            let Some(deadline) = db.deadline(id).await? else {
                return Ok(None);
            };
            let meeting = match deadline.deadline.owner() {
                convene_core::Owner::Meeting(m) => db.meeting(m).await?,
                convene_core::Owner::Group(_) => None,
            };
            Ok(Some(Loaded::Deadline { deadline, meeting }))
        }
    }
}

impl Dispatcher {
    /// A dispatcher over `db` with the transport `config` asks for.
    pub fn new(db: Db, config: Arc<Config>) -> Result<Self, TransportError> {
        let transport = Arc::new(Transport::from_config(&config.mail)?);
        Ok(Self {
            db,
            transport,
            config,
        })
    }

    /// "smtp" or "files".
    pub fn transport_kind(&self) -> &'static str {
        self.transport.kind()
    }

    /// The wait before try number `attempts + 1`, after `attempts` failed.
    pub fn backoff(&self, attempts: i64) -> Duration {
        let base = self.config.mail.retry_base_seconds.max(1);
        let cap = self.config.mail.retry_max_seconds.max(base);
        let shift = u32::try_from(attempts.clamp(0, 30)).unwrap_or(30);
        let secs = base.saturating_mul(1u64 << shift).min(cap);
        Duration::seconds(i64::try_from(secs).unwrap_or(i64::MAX / 2_000))
    }

    /// One pass as of `now`: claim and send everything due, then return.
    pub async fn pass(&self, now: DateTime<Utc>) -> Result<PassReport, StoreError> {
        self.pass_until(now, Arc::new(|| false)).await
    }

    /// A pass that stops claiming when `stop` says so; what was claimed is
    /// still sent.
    ///
    /// `mail.concurrency` lanes share one queue: the lane that finds it
    /// empty claims the next batch, so no lane waits for a batch's slowest
    /// mail.
    async fn pass_until(
        &self,
        now: DateTime<Utc>,
        stop: Arc<dyn Fn() -> bool + Send + Sync>,
    ) -> Result<PassReport, StoreError> {
        let lanes = self.config.mail.concurrency.max(1);
        let queue = Arc::new(tokio::sync::Mutex::new(Queue::default()));
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..lanes {
            let me = self.clone();
            let queue = queue.clone();
            let stop = stop.clone();
            tasks.spawn(async move {
                let mut part = PassReport::default();
                while let Some((c, tree)) = me.next(&queue, now, stop.as_ref()).await? {
                    let outcome = me.handle(c, &tree, now).await?;
                    crate::metrics::global().mail_delivery(outcome.label());
                    part.add(outcome);
                }
                Ok::<_, StoreError>(part)
            });
        }
        // Every lane finishes before an error is returned: a lane cut off
        // between a send and its mark would send that mail again.
        let mut report = PassReport::default();
        let mut first_error = None;
        while let Some(done) = tasks.join_next().await {
            match done {
                Ok(Ok(part)) => {
                    report.sent += part.sent;
                    report.skipped += part.skipped;
                    report.failed += part.failed;
                    report.dead += part.dead;
                }
                Ok(Err(e)) => {
                    queue.lock().await.exhausted = true;
                    first_error.get_or_insert(e);
                }
                // Its mail stays leased and is taken again after the lease.
                Err(e) => tracing::error!(error = %e, "a mail lane stopped"),
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(report),
        }
    }

    /// The next claimed mail of this pass, claiming a batch when the queue
    /// is empty; `None` when nothing more is due (or `stop`).
    async fn next(
        &self,
        queue: &tokio::sync::Mutex<Queue>,
        now: DateTime<Utc>,
        stop: &(dyn Fn() -> bool + Send + Sync),
    ) -> Result<Option<(ClaimedMail, Arc<GroupTree>)>, StoreError> {
        let mail = &self.config.mail;
        let mut q = queue.lock().await;
        if q.items.is_empty() && !q.exhausted {
            if stop() {
                q.exhausted = true;
            } else {
                let lease =
                    Duration::seconds(i64::try_from(mail.lease_seconds.max(1)).unwrap_or(600));
                let claimed = self.db.claim_due(now, lease, mail.batch_size.max(1)).await;
                let batch = match claimed {
                    Ok(b) => b,
                    Err(e) => {
                        q.exhausted = true;
                        return Err(e);
                    }
                };
                if batch.is_empty() {
                    q.exhausted = true;
                } else {
                    if q.tree.is_none() {
                        match self.db.groups().await {
                            Ok(t) => q.tree = Some(Arc::new(t)),
                            Err(e) => {
                                q.exhausted = true;
                                return Err(e);
                            }
                        }
                    }
                    q.items.extend(batch);
                }
            }
        }
        Ok(match (q.items.pop_front(), &q.tree) {
            (Some(c), Some(tree)) => Some((c, tree.clone())),
            _ => None,
        })
    }

    async fn handle(
        &self,
        c: ClaimedMail,
        tree: &GroupTree,
        now: DateTime<Utc>,
    ) -> Result<Outcome, StoreError> {
        let key = c.mail.message_id.as_str();
        if now >= c.mail.expires_at {
            tracing::debug!(mail = key, expired = %c.mail.expires_at, "skipped: its moment has passed");
            let why = format!(
                "its moment had passed (useful until {})",
                c.mail
                    .expires_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            );
            self.db.mark_skipped(c.id, now, &why).await?;
            return Ok(Outcome::Skipped);
        }
        let item = match load(&self.db, &c.mail.subject).await? {
            None => Err("its item no longer exists".to_owned()),
            Some(item) if item.version() > c.mail.subject_version => Err(format!(
                "superseded: the item is at version {} now",
                item.version()
            )),
            Some(item) => match item.moot() {
                Some(why) => Err(why.to_owned()),
                None => Ok(item),
            },
        };
        let item = match item {
            Ok(item) => item,
            Err(why) => {
                tracing::info!(mail = key, why, "skipped");
                self.db.mark_skipped(c.id, now, &why).await?;
                return Ok(Outcome::Skipped);
            }
        };
        let message = compose::content(&c.mail, &item, tree, &self.config)
            .and_then(|content| compose::message(&c.mail, &content, &self.config, now));
        let sent = match message {
            Ok(message) => self
                .transport
                .send(key, message)
                .await
                .map_err(|e| e.to_string()),
            Err(e) => Err(crate::error_text(&e)),
        };
        match sent {
            Ok(()) => {
                tracing::info!(mail = key, to = ?c.mail.recipients, "sent");
                self.db.mark_sent(c.id, now).await?;
                Ok(Outcome::Sent)
            }
            Err(error) => {
                let attempts = c.attempts + 1;
                if attempts >= i64::from(self.config.mail.max_attempts.max(1)) {
                    tracing::error!(mail = key, attempts, %error, "not sent; no more tries (dead)");
                    self.db.mark_failed(c.id, &error, None).await?;
                    Ok(Outcome::Dead)
                } else {
                    let retry_at = now + self.backoff(c.attempts);
                    tracing::warn!(mail = key, attempts, %error, %retry_at, "not sent; will retry");
                    self.db.mark_failed(c.id, &error, Some(retry_at)).await?;
                    Ok(Outcome::Failed)
                }
            }
        }
    }

    /// Passes every `mail.dispatch_interval_seconds` until `stop` turns
    /// true; a pass under way stops claiming and finishes its batch.
    pub async fn run(&self, clock: Clock, mut stop: watch::Receiver<bool>) {
        let every =
            std::time::Duration::from_secs(self.config.mail.dispatch_interval_seconds.max(1));
        tracing::info!(
            transport = self.transport_kind(),
            every_seconds = every.as_secs(),
            "mail dispatcher started"
        );
        loop {
            if *stop.borrow() {
                break;
            }
            let flag = stop.clone();
            match self
                .pass_until(clock.now(), Arc::new(move || *flag.borrow()))
                .await
            {
                Ok(r) if r.is_empty() => {}
                Ok(report) => tracing::info!(%report, "mail pass"),
                Err(e) => {
                    tracing::warn!(error = %crate::error_text(&e), "mail pass failed; retrying next time")
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                changed = stop.changed() => if changed.is_err() || *stop.borrow() { break },
            }
        }
        tracing::info!("mail dispatcher stopped");
    }
}

/// A dispatcher running in the background of `convene serve`.
#[derive(Debug)]
pub struct Background {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Background {
    /// Starts one on the real clock, unless `mail.dispatch_interval_seconds`
    /// is 0 (then `None`: run `convene worker` instead).
    pub fn start(
        db: Db,
        config: Arc<Config>,
        clock: Clock,
    ) -> Result<Option<Self>, TransportError> {
        if config.mail.dispatch_interval_seconds == 0 {
            tracing::info!(
                "no mail dispatcher in this process (mail.dispatch_interval_seconds = 0)"
            );
            return Ok(None);
        }
        let dispatcher = Dispatcher::new(db, config)?;
        let (stop, rx) = watch::channel(false);
        let task = tokio::spawn(async move { dispatcher.run(clock, rx).await });
        Ok(Some(Self { stop, task }))
    }

    /// A handle that asks it to stop (from a signal handler).
    pub fn stopper(&self) -> watch::Sender<bool> {
        self.stop.clone()
    }

    /// Asks it to stop and waits up to `grace` for the pass under way.
    pub async fn stop(self, grace: std::time::Duration) {
        let _ = self.stop.send(true);
        if tokio::time::timeout(grace, self.task).await.is_err() {
            tracing::warn!(
                "the mail dispatcher did not stop within {}s",
                grace.as_secs()
            );
        }
    }
}
