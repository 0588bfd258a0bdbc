//! Prometheus metrics, served at `GET /metrics` in the OpenMetrics text
//! format, kept by the `prometheus-client` crate: one registry per process
//! ([`global`]), its families below. Recording takes no global lock: a
//! family finds its series under a shared read lock (a write lock only the
//! first time a label set is seen) and the series is atomic.
//!
//! `route` is the matched route template (`/api/v1/meetings/{id}`), never
//! the raw path, so the number of series stays bounded; requests that match
//! no route are counted under `route="unmatched"`.

use std::sync::LazyLock;
use std::sync::atomic::AtomicU64;

use axum::extract::MatchedPath;
use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue, LabelValueEncoder};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// The `Content-Type` of the exposition (what `prometheus-client` writes).
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Upper bounds of the latency histogram's buckets, seconds (`+Inf` is
/// implied).
pub const LATENCY_BUCKETS: [f64; 13] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The matched route template, or `unmatched`; cloning it is an `Arc`'s.
#[derive(Debug, Clone)]
pub struct Route(pub Option<MatchedPath>);

impl Route {
    /// As the label value.
    pub fn as_str(&self) -> &str {
        self.0.as_ref().map_or("unmatched", MatchedPath::as_str)
    }
}

impl PartialEq for Route {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Route {}

impl std::hash::Hash for Route {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl EncodeLabelValue for Route {
    fn encode(&self, encoder: &mut LabelValueEncoder<'_>) -> Result<(), std::fmt::Error> {
        EncodeLabelValue::encode(&self.as_str(), encoder)
    }
}

/// `{method, route, status}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct Answered {
    /// GET, POST, … or `other`.
    pub method: &'static str,
    /// The route template.
    pub route: Route,
    /// The status code.
    pub status: u16,
}

/// `{method, route}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct Endpoint {
    /// GET, POST, … or `other`.
    pub method: &'static str,
    /// The route template.
    pub route: Route,
}

/// `{status}` of an outbox row.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct OutboxStatus {
    /// `pending`, `sent`, `skipped`, `dead`, `superseded`.
    pub status: &'static str,
}

/// `{outcome}` of a delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct Delivery {
    /// `sent`, `skipped`, `failed` or `dead`.
    pub outcome: &'static str,
}

/// `{version}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct Version {
    version: &'static str,
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// Every metric of the service and the registry that encodes them.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// `convene_http_requests_total{method,route,status}`: requests answered.
    pub http_requests: Family<Answered, Counter>,
    /// `convene_http_request_duration_seconds{method,route}`: time to the
    /// response head.
    pub http_duration: Family<Endpoint, Histogram, fn() -> Histogram>,
    /// `convene_http_requests_in_flight`: requests being answered.
    pub http_in_flight: Gauge,
    /// `convene_feed_renders_total`: calendar feeds rendered (200 with a body).
    pub feed_renders: Counter,
    /// `convene_feed_not_modified_total`: feed requests answered 304.
    pub feed_not_modified: Counter,
    /// `convene_cache_hits_total`: feeds and pages served from the cache of
    /// rendered bodies.
    pub cache_hits: Counter,
    /// `convene_cache_misses_total`: feeds and pages rendered because the
    /// cache did not hold them (when the cache is on).
    pub cache_misses: Counter,
    /// `convene_cache_evictions_total`: bodies dropped to stay within
    /// `server.cache_bytes`.
    pub cache_evictions: Counter,
    /// `convene_cache_bytes`: bytes the cache holds, set when scraped.
    pub cache_bytes: Gauge,
    /// `convene_cache_entries`: bodies the cache holds, set when scraped.
    pub cache_entries: Gauge,
    /// `convene_meeting_cache_hits_total`: stored meetings read without
    /// parsing (their text unchanged since they were kept).
    pub meeting_cache_hits: Counter,
    /// `convene_meeting_cache_misses_total`: stored meetings parsed because
    /// the cache held no entry for their text (when the cache is on).
    pub meeting_cache_misses: Counter,
    /// `convene_meeting_cache_evictions_total`: parsed meetings dropped to
    /// stay within `server.meeting_cache_bytes`.
    pub meeting_cache_evictions: Counter,
    /// `convene_meeting_cache_bytes`: bytes the cache of parsed meetings
    /// holds, set when scraped.
    pub meeting_cache_bytes: Gauge,
    /// `convene_meeting_cache_entries`: meetings it holds, set when scraped.
    pub meeting_cache_entries: Gauge,
    /// `convene_event_cache_hits_total`: meetings whose feed events were
    /// kept written as they are now.
    pub event_cache_hits: Counter,
    /// `convene_event_cache_misses_total`: meetings a feed read and wrote
    /// again (new, changed, or not kept; when the cache is on).
    pub event_cache_misses: Counter,
    /// `convene_event_cache_evictions_total`: meetings' written events
    /// dropped to stay within `server.event_cache_bytes`.
    pub event_cache_evictions: Counter,
    /// `convene_event_cache_bytes`: bytes of written events held, set when
    /// scraped.
    pub event_cache_bytes: Gauge,
    /// `convene_event_cache_entries`: meetings (in a feed language and
    /// day) whose events are held, set when scraped.
    pub event_cache_entries: Gauge,
    /// `convene_outbox_messages{status}`: outbox rows by status, read from
    /// the database when scraped.
    pub outbox_messages: Family<OutboxStatus, Gauge>,
    /// `convene_outbox_lag_seconds`: age of the oldest due pending row, set
    /// when scraped; 0 when none is due.
    pub outbox_lag: Gauge<f64, AtomicU64>,
    /// `convene_mail_deliveries_total{outcome}`: this process's delivery
    /// attempts.
    pub mail_deliveries: Family<Delivery, Counter>,
    /// `convene_change_listener_reconnects_total`: times the PostgreSQL
    /// change listener listened again after losing its connection.
    pub listener_reconnects: Counter,
    /// `convene_change_listener_up`: 1 while the PostgreSQL change listener
    /// listens, else 0 (always 0 on SQLite).
    pub listener_up: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A registry with every family, empty but for the build info.
    pub fn new() -> Self {
        let m = Self {
            registry: Registry::default(),
            http_requests: Family::default(),
            http_duration: Family::new_with_constructor(latency_histogram),
            http_in_flight: Gauge::default(),
            feed_renders: Counter::default(),
            feed_not_modified: Counter::default(),
            cache_hits: Counter::default(),
            cache_misses: Counter::default(),
            cache_evictions: Counter::default(),
            cache_bytes: Gauge::default(),
            cache_entries: Gauge::default(),
            meeting_cache_hits: Counter::default(),
            meeting_cache_misses: Counter::default(),
            meeting_cache_evictions: Counter::default(),
            meeting_cache_bytes: Gauge::default(),
            meeting_cache_entries: Gauge::default(),
            event_cache_hits: Counter::default(),
            event_cache_misses: Counter::default(),
            event_cache_evictions: Counter::default(),
            event_cache_bytes: Gauge::default(),
            event_cache_entries: Gauge::default(),
            outbox_messages: Family::default(),
            outbox_lag: Gauge::default(),
            mail_deliveries: Family::default(),
            listener_reconnects: Counter::default(),
            listener_up: Gauge::default(),
        };
        let build_info = Family::<Version, Gauge>::default();
        build_info
            .get_or_create(&Version {
                version: env!("CARGO_PKG_VERSION"),
            })
            .set(1);
        // The encoder adds `_total` to counters and a full stop to help.
        let mut r = m.registry;
        r.register(
            "convene_http_requests",
            "HTTP requests answered, by method, matched route template and status",
            m.http_requests.clone(),
        );
        r.register(
            "convene_http_request_duration_seconds",
            "Time to answer an HTTP request (until the response head), by method and matched route template",
            m.http_duration.clone(),
        );
        r.register(
            "convene_http_requests_in_flight",
            "HTTP requests being answered",
            m.http_in_flight.clone(),
        );
        r.register(
            "convene_feed_renders",
            "Calendar feeds rendered (a 200 with a body)",
            m.feed_renders.clone(),
        );
        r.register(
            "convene_feed_not_modified",
            "Calendar feed requests answered 304 Not Modified from the change stamp alone (no query, no render)",
            m.feed_not_modified.clone(),
        );
        r.register(
            "convene_cache_hits",
            "Feeds and pages served from the cache of rendered bodies",
            m.cache_hits.clone(),
        );
        r.register(
            "convene_cache_misses",
            "Feeds and pages rendered because the cache did not hold them",
            m.cache_misses.clone(),
        );
        r.register(
            "convene_cache_evictions",
            "Rendered bodies dropped from the cache to stay within server.cache_bytes",
            m.cache_evictions.clone(),
        );
        r.register(
            "convene_cache_bytes",
            "Bytes held by the cache of rendered bodies (both codings and keys)",
            m.cache_bytes.clone(),
        );
        r.register(
            "convene_cache_entries",
            "Rendered bodies held by the cache",
            m.cache_entries.clone(),
        );
        r.register(
            "convene_meeting_cache_hits",
            "Stored meetings read without parsing them again (their stored text unchanged)",
            m.meeting_cache_hits.clone(),
        );
        r.register(
            "convene_meeting_cache_misses",
            "Stored meetings parsed because the cache of parsed meetings held no entry for their text",
            m.meeting_cache_misses.clone(),
        );
        r.register(
            "convene_meeting_cache_evictions",
            "Parsed meetings dropped to stay within server.meeting_cache_bytes",
            m.meeting_cache_evictions.clone(),
        );
        r.register(
            "convene_meeting_cache_bytes",
            "Bytes held by the cache of parsed meetings (an estimate: texts and values)",
            m.meeting_cache_bytes.clone(),
        );
        r.register(
            "convene_meeting_cache_entries",
            "Parsed meetings held by the cache",
            m.meeting_cache_entries.clone(),
        );
        r.register(
            "convene_event_cache_hits",
            "Meetings whose feed events were kept written as they are now",
            m.event_cache_hits.clone(),
        );
        r.register(
            "convene_event_cache_misses",
            "Meetings a feed read and wrote again (new, changed, or not kept)",
            m.event_cache_misses.clone(),
        );
        r.register(
            "convene_event_cache_evictions",
            "Meetings' written feed events dropped to stay within server.event_cache_bytes",
            m.event_cache_evictions.clone(),
        );
        r.register(
            "convene_event_cache_bytes",
            "Bytes held by the kept written feed events (an estimate: texts, UIDs and keys)",
            m.event_cache_bytes.clone(),
        );
        r.register(
            "convene_event_cache_entries",
            "Meetings (in a feed language and day) whose written feed events are held",
            m.event_cache_entries.clone(),
        );
        r.register(
            "convene_outbox_messages",
            "Outbox rows by status (the same for every replica: they share the database)",
            m.outbox_messages.clone(),
        );
        r.register(
            "convene_outbox_lag_seconds",
            "Age of the oldest pending outbox row that is due; 0 when none is",
            m.outbox_lag.clone(),
        );
        r.register(
            "convene_mail_deliveries",
            "Mail delivery attempts by this process, by outcome",
            m.mail_deliveries.clone(),
        );
        r.register(
            "convene_change_listener_reconnects",
            "Times the PostgreSQL change listener listened again after losing its connection",
            m.listener_reconnects.clone(),
        );
        r.register(
            "convene_change_listener_up",
            "1 while the PostgreSQL change listener listens for other replicas' changes, else 0",
            m.listener_up.clone(),
        );
        r.register(
            "convene_build_info",
            "The running convene's version (always 1)",
            build_info,
        );
        Self { registry: r, ..m }
    }

    /// Records one answered request.
    pub fn http_request(&self, method: &'static str, route: &Route, status: u16, seconds: f64) {
        let route = route.clone();
        self.http_duration
            .get_or_create(&Endpoint {
                method,
                route: route.clone(),
            })
            .observe(seconds);
        self.http_requests
            .get_or_create(&Answered {
                method,
                route,
                status,
            })
            .inc();
    }

    /// Counts one delivery attempt's outcome.
    pub fn mail_delivery(&self, outcome: &'static str) {
        self.mail_deliveries
            .get_or_create(&Delivery { outcome })
            .inc();
    }

    /// Sets the outbox gauges: rows per status (every status, zeros
    /// included, so a drained queue shows) and the lag in seconds.
    pub fn set_outbox(&self, counts: &[(&'static str, u64)], lag_seconds: f64) {
        for (status, n) in counts {
            self.outbox_messages
                .get_or_create(&OutboxStatus { status })
                .set(i64::try_from(*n).unwrap_or(i64::MAX));
        }
        self.outbox_lag.set(lag_seconds.max(0.0));
    }

    /// Every family in the OpenMetrics text format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

/// The process's registry.
pub fn global() -> &'static Metrics {
    static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);
    &METRICS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_names_and_buckets() {
        let m = Metrics::new();
        m.http_request("GET", &Route(None), 404, 0.00390625);
        m.feed_renders.inc();
        m.mail_delivery("sent");
        m.set_outbox(&[("pending", 3), ("sent", 0)], -3.0);
        let text = m.render();
        for want in [
            "# TYPE convene_http_requests counter",
            "convene_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1",
            "# TYPE convene_http_request_duration_seconds histogram",
            "convene_http_request_duration_seconds_bucket{le=\"0.001\",method=\"GET\",route=\"unmatched\"} 0",
            "convene_http_request_duration_seconds_bucket{le=\"0.005\",method=\"GET\",route=\"unmatched\"} 1",
            "convene_http_request_duration_seconds_bucket{le=\"10.0\",method=\"GET\",route=\"unmatched\"} 1",
            "convene_http_requests_in_flight 0",
            "convene_feed_renders_total 1",
            "convene_feed_not_modified_total 0",
            "convene_cache_hits_total 0",
            "convene_cache_misses_total 0",
            "convene_cache_evictions_total 0",
            "convene_cache_bytes 0",
            "convene_meeting_cache_hits_total 0",
            "convene_meeting_cache_misses_total 0",
            "convene_meeting_cache_evictions_total 0",
            "convene_meeting_cache_bytes 0",
            "convene_meeting_cache_entries 0",
            "convene_outbox_messages{status=\"pending\"} 3",
            "convene_outbox_messages{status=\"sent\"} 0",
            "convene_outbox_lag_seconds 0.0",
            "convene_mail_deliveries_total{outcome=\"sent\"} 1",
            &format!(
                "convene_build_info{{version=\"{}\"}} 1",
                env!("CARGO_PKG_VERSION")
            ),
            "# EOF",
        ] {
            assert!(
                text.lines().any(|l| l == want),
                "missing {want:?} in:\n{text}"
            );
        }
    }
}

/// The lifecycle of a bounded cache (`quick_cache`) that counts the entries
/// it drops to stay within its bytes in one counter of [`global`]: the
/// bodies', the parsed meetings' and the written events' caches each name
/// theirs.
#[derive(Debug, Clone, Copy)]
pub struct CountEvictions(pub fn(&Metrics) -> &Counter);

impl<K, V> quick_cache::Lifecycle<K, V> for CountEvictions {
    type RequestState = ();

    fn on_evict(&self, _state: &mut (), _key: K, _val: V) {
        (self.0)(global()).inc();
    }
}
