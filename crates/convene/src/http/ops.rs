//! Running it for real: for every request an id (`X-Request-Id`, taken from
//! the request or made up), a tracing span carrying it, an access-log line,
//! the HTTP metrics and a time limit (`server.request_timeout_seconds`);
//! per-token limits on writes (`server.write_rate_per_minute`, checked by
//! the [`super::auth::Organizer`] extractor); and `GET /metrics`.
//!
//! Nothing here logs headers: neither `Authorization` nor anything else.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::Instrument;

use super::error::ApiError;
use crate::clock::Clock;
use crate::config::ServerConfig;
use crate::metrics;
use crate::store::Db;

/// The request id header, read and answered.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The request's id, in the request's extensions for handlers that want to
/// quote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

/// What [`track`] needs from the configuration.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    /// Longest time to answer; `None` for no limit.
    pub(super) timeout: Option<Duration>,
}

impl From<&ServerConfig> for Limits {
    fn from(c: &ServerConfig) -> Self {
        Self {
            timeout: (c.request_timeout_seconds > 0)
                .then(|| Duration::from_secs(c.request_timeout_seconds)),
        }
    }
}

/// A request id from a client is kept when it is 1-128 characters of
/// `A-Z a-z 0-9 . _ : -` (a UUID, say); anything else is replaced, so
/// nothing odd reaches the logs.
fn acceptable_id(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
}

/// 24 hex digits: a random start drawn once per process, plus a counter
/// (unique within the process, unlikely to repeat across processes, and
/// no system call or allocation but the string's per request).
fn new_id() -> String {
    static START: LazyLock<(u32, u64)> = LazyLock::new(|| {
        let mut buf = [0u8; 12];
        if getrandom::fill(&mut buf).is_err() {
            // No randomness: the process id and the time still differ.
            let t = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64);
            buf[..4].copy_from_slice(&std::process::id().to_be_bytes());
            buf[4..].copy_from_slice(&t.to_be_bytes());
        }
        let (hi, lo) = buf.split_at(4);
        (
            u32::from_be_bytes(hi.try_into().unwrap_or_default()),
            u64::from_be_bytes(lo.try_into().unwrap_or_default()),
        )
    });
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let (hi, lo) = *START;
    format!("{hi:08x}{:016x}", lo.wrapping_add(n))
}

/// The method as a metrics label: the standard ones, else "other".
fn method_label(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

/// Counts a request in `convene_http_requests_in_flight` while it lives,
/// even when the client goes away and the request is dropped.
struct InFlight;

impl InFlight {
    fn start() -> Self {
        metrics::global().http_in_flight.inc();
        InFlight
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        metrics::global().http_in_flight.dec();
    }
}

/// The path as the access log shows it: a private feed's secret replaced
/// by `[secret]`.
pub(super) fn redact(path: &str) -> &str {
    if path.starts_with(crate::feed_links::PATH_PREFIX) {
        REDACTED
    } else {
        path
    }
}

/// A private feed's path in the log (`feed_links::PATH_PREFIX` and
/// `[secret]`; the test below keeps them together).
const REDACTED: &str = "/calendars/private/[secret]";

#[cfg(test)]
#[test]
fn redacted_path_starts_with_the_private_prefix() {
    assert_eq!(
        REDACTED,
        format!("{}[secret]", crate::feed_links::PATH_PREFIX)
    );
    assert_eq!(redact("/calendars/private/abc.ics"), REDACTED);
    assert_eq!(redact("/calendars/wg5.ics"), "/calendars/wg5.ics");
}

/// The middleware around every route: id, span, time limit, metrics,
/// access log.
pub(super) async fn track(State(limits): State<Limits>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let _in_flight = InFlight::start();
    let id = req
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| acceptable_id(v))
        .map_or_else(new_id, str::to_owned);
    let method = method_label(req.method().as_str());
    let route = metrics::Route(req.extensions().get::<MatchedPath>().cloned());
    // A clone of the parsed URI shares its bytes: no copy of the path. A
    // private feed's secret is a credential: never in the log.
    let uri = req.uri().clone();
    let path = redact(uri.path());
    req.extensions_mut().insert(RequestId(id.clone()));
    // At ERROR level so that the span, and the id with it, is on every line
    // of the request whatever `log.level` lets through.
    let span = tracing::error_span!("request", id = %id, method = %method, route = route.as_str());
    let answer = next.run(req);
    let mut response = async {
        match limits.timeout {
            None => answer.await,
            Some(limit) => match tokio::time::timeout(limit, answer).await {
                Ok(r) => r,
                Err(_) => ApiError::Timeout(limit).into_response(),
            },
        }
    }
    .instrument(span.clone())
    .await;
    let elapsed = started.elapsed();
    let status = response.status();
    metrics::global().http_request(method, &route, status.as_u16(), elapsed.as_secs_f64());
    let latency_ms = (elapsed.as_secs_f64() * 100_000.0).round() / 100.0;
    let status = status.as_u16();
    span.in_scope(|| {
        if status >= 500 {
            tracing::warn!(target: "convene::access", status, latency_ms, path = %path, "answered");
        } else if matches!(route.as_str(), "/healthz" | "/readyz" | "/metrics") {
            // Probes and scrapes come every few seconds.
            tracing::debug!(target: "convene::access", status, latency_ms, path = %path, "answered");
        } else {
            tracing::info!(target: "convene::access", status, latency_ms, path = %path, "answered");
        }
    });
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(X_REQUEST_ID, v);
    }
    response
}

/// `GET /metrics`: the OpenMetrics text format.
#[utoipa::path(
    get, path = "/metrics", operation_id = "metrics", tag = "operations",
    summary = "Metrics in the OpenMetrics text format: requests by route and status, latency histograms, feed renders and 304s, outbox depth and lag.",
    responses((status = 200, description = "OpenMetrics text exposition format.", body = String, content_type = "application/openmetrics-text; version=1.0.0"))
)]
pub(super) async fn metrics_text(State(state): State<super::AppState>) -> Response {
    // The outbox gauges are read from the database now, cheaper than
    // keeping them up to date; on failure the last values stay.
    let read = state.db.depth(state.schedule.clock.now());
    match tokio::time::timeout(Duration::from_secs(5), read).await {
        Ok(Ok((counts, lag))) => {
            metrics::global().set_outbox(&counts, lag.as_seconds_f64());
        }
        Ok(Err(e)) => tracing::warn!(error = %e, "metrics: outbox not read"),
        Err(_) => tracing::warn!("metrics: outbox not read within 5 s"),
    }
    let (bytes, entries) = state.responses.usage();
    let m = metrics::global();
    m.cache_bytes.set(i64::try_from(bytes).unwrap_or(i64::MAX));
    m.cache_entries
        .set(i64::try_from(entries).unwrap_or(i64::MAX));
    let (bytes, entries) = state.parsed.usage();
    m.meeting_cache_bytes
        .set(i64::try_from(bytes).unwrap_or(i64::MAX));
    m.meeting_cache_entries
        .set(i64::try_from(entries).unwrap_or(i64::MAX));
    let (bytes, entries) = state.kept.usage();
    m.event_cache_bytes
        .set(i64::try_from(bytes).unwrap_or(i64::MAX));
    m.event_cache_entries
        .set(i64::try_from(entries).unwrap_or(i64::MAX));
    (
        [(header::CONTENT_TYPE, metrics::CONTENT_TYPE)],
        metrics::global().render(),
    )
        .into_response()
}

/// Per-token write limits, shared by every replica: the buckets are in the
/// database ([`crate::store::rate_limit`]), so a token gets
/// `per_minute` writes a minute however many replicas serve it. A token may
/// make `per_minute` writes at once, then one every `60 / per_minute`
/// seconds.
#[derive(Debug)]
pub struct WriteLimiter {
    per_minute: u32,
    db: Db,
    clock: Clock,
}

impl WriteLimiter {
    /// `per_minute` writes a minute per token; 0 for no limit.
    pub fn new(db: Db, clock: Clock, per_minute: u32) -> Self {
        Self {
            per_minute,
            db,
            clock,
        }
    }

    /// Takes one write from `token`'s bucket, or answers 429 with how long
    /// until one is there (`Retry-After`, whole seconds, at least 1).
    pub async fn check(&self, token: &str) -> Result<(), ApiError> {
        if self.per_minute == 0 {
            return Ok(());
        }
        self.db
            .take_write(token, self.per_minute, self.clock.now())
            .await?
            .map_err(|wait| ApiError::TooManyRequests {
                per_minute: self.per_minute,
                retry_after: wait.as_secs_f64().ceil().max(1.0) as u64,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_clients_are_kept_only_when_plain() {
        assert!(acceptable_id("0b6c3c1e-5a0e-4b8e-9a53-3f3f2a1b9c77"));
        assert!(acceptable_id("req.42:a_b"));
        assert!(!acceptable_id(""));
        assert!(!acceptable_id("a b"));
        assert!(!acceptable_id("x\"}\n"));
        assert!(!acceptable_id(&"a".repeat(129)));
        let (a, b) = (new_id(), new_id());
        assert_eq!(a.len(), 24);
        assert!(acceptable_id(&a));
        assert_ne!(a, b);
    }

    /// The time limit needs a slow handler, which the real router does not
    /// have: a router of its own with the same middleware.
    #[tokio::test]
    async fn slow_requests_get_a_503_problem_with_the_request_id() {
        use std::io::{Read, Write};
        let app = axum::Router::new()
            .route(
                "/slow/{n}",
                axum::routing::get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "late"
                }),
            )
            .route("/fast", axum::routing::get(|| async { "ok" }))
            .layer(axum::middleware::from_fn_with_state(
                Limits {
                    timeout: Some(Duration::from_millis(100)),
                },
                track,
            ));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        let get = move |path: &'static str| {
            tokio::task::spawn_blocking(move || {
                let mut s = std::net::TcpStream::connect(addr).expect("connect");
                write!(
                    s,
                    "GET {path} HTTP/1.1\r\nHost: x\r\nX-Request-Id: given-1\r\nConnection: close\r\n\r\n"
                )
                .expect("send");
                let mut out = String::new();
                s.read_to_string(&mut out).expect("read");
                out
            })
        };
        let started = Instant::now();
        let slow = get("/slow/1").await.expect("slow");
        assert!(started.elapsed() < Duration::from_secs(3), "not cut short");
        assert!(slow.starts_with("HTTP/1.1 503"), "{slow}");
        assert!(
            slow.to_ascii_lowercase()
                .contains("content-type: application/problem+json"),
            "{slow}"
        );
        assert!(
            slow.to_ascii_lowercase().contains("x-request-id: given-1"),
            "{slow}"
        );
        assert!(slow.contains("longer than 0.1 s"), "{slow}");
        let fast = get("/fast").await.expect("fast");
        assert!(fast.starts_with("HTTP/1.1 200"), "{fast}");
        let text = metrics::global().render();
        assert!(
            text.contains(
                "convene_http_requests_total{method=\"GET\",route=\"/slow/{n}\",status=\"503\"} 1"
            ),
            "{text}"
        );
    }
}
