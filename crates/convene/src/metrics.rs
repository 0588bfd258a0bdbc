//! Prometheus metrics, served at `GET /metrics` in the text exposition
//! format (version 0.0.4).
//!
//! A small registry written for this service: counters, gauges and
//! histograms with fixed label names, each family a map from label values
//! to its value behind a short-lived lock. The process has one registry
//! ([`global`]); the free functions below record into it, so any module can
//! count without threading a handle through.
//!
//! | metric | type | labels | recorded by |
//! |---|---|---|---|
//! | `convene_http_requests_total` | counter | `method`, `route`, `status` | the HTTP layer, every request |
//! | `convene_http_request_duration_seconds` | histogram | `method`, `route` | the HTTP layer, every request |
//! | `convene_http_requests_in_flight` | gauge | | the HTTP layer |
//! | `convene_feed_renders_total` | counter | | [`feed_rendered`] |
//! | `convene_feed_not_modified_total` | counter | | [`not_modified`] |
//! | `convene_outbox_messages` | gauge | `status` | [`set_outbox_depth`] |
//! | `convene_outbox_lag_seconds` | gauge | | [`set_outbox_lag_seconds`] |
//! | `convene_mail_deliveries_total` | counter | `outcome` | [`mail_delivery`] |
//! | `convene_build_info` | gauge | `version` | always 1 |
//!
//! `route` is the matched route template (`/api/v1/meetings/{id}`), never
//! the raw path, so the number of series stays bounded; requests that match
//! no route are counted under `route="unmatched"`.
//!
//! Values that are cheaper to compute when scraped than to keep up to date
//! (the outbox's depth and lag) are set by hooks registered with
//! [`on_scrape`], which run before every scrape.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// The `Content-Type` of the exposition format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Upper bounds of the latency histogram's buckets, seconds (`+Inf` is
/// implied).
pub const LATENCY_BUCKETS: [f64; 13] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// How long one scrape hook may take before the scrape goes on without it.
const HOOK_TIMEOUT: Duration = Duration::from_secs(5);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding a metrics lock leaves plain numbers behind:
    // keep using them.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One histogram series: counts per bucket (not cumulative; the last is
/// `+Inf`), the sum and the count of observations.
#[derive(Debug, Clone)]
struct Hist {
    buckets: Vec<u64>,
    sum: f64,
    count: u64,
}

impl Hist {
    fn new() -> Self {
        Self {
            buckets: vec![0; LATENCY_BUCKETS.len() + 1],
            sum: 0.0,
            count: 0,
        }
    }

    fn observe(&mut self, v: f64) {
        let i = LATENCY_BUCKETS
            .iter()
            .position(|b| v <= *b)
            .unwrap_or(LATENCY_BUCKETS.len());
        self.buckets[i] += 1;
        self.sum += v;
        self.count += 1;
    }
}

/// A metric family: a name, help text, label names, and one value per set
/// of label values.
#[derive(Debug)]
struct Family<V> {
    name: &'static str,
    help: &'static str,
    labels: &'static [&'static str],
    values: Mutex<BTreeMap<Vec<String>, V>>,
}

impl<V> Family<V> {
    fn new(name: &'static str, help: &'static str, labels: &'static [&'static str]) -> Self {
        Self {
            name,
            help,
            labels,
            values: Mutex::new(BTreeMap::new()),
        }
    }

    fn update(&self, labels: &[&str], default: impl FnOnce() -> V, f: impl FnOnce(&mut V)) {
        debug_assert_eq!(labels.len(), self.labels.len(), "{}", self.name);
        let key: Vec<String> = labels.iter().map(|l| (*l).to_owned()).collect();
        let mut values = lock(&self.values);
        f(values.entry(key).or_insert_with(default));
    }

    fn header(&self, out: &mut String, kind: &str) {
        let _ = writeln!(out, "# HELP {} {}", self.name, self.help);
        let _ = writeln!(out, "# TYPE {} {kind}", self.name);
    }
}

/// `{a="x",b="y"}` (empty when there are no labels), with `extra` last.
fn label_set(names: &[&str], values: &[String], extra: Option<(&str, &str)>) -> String {
    let pairs: Vec<String> = names
        .iter()
        .zip(values)
        .map(|(n, v)| (*n, v.as_str()))
        .chain(extra)
        .map(|(n, v)| format!("{n}=\"{}\"", escape(v)))
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("{{{}}}", pairs.join(","))
    }
}

/// A label value as the format wants it: `\`, `"` and newlines escaped.
fn escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// A number as the format wants it.
fn number(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_owned()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf" } else { "-Inf" }.to_owned()
    } else {
        v.to_string()
    }
}

impl Family<u64> {
    fn add(&self, labels: &[&str], n: u64) {
        self.update(labels, || 0, |v| *v += n);
    }

    fn render(&self, out: &mut String) {
        self.header(out, "counter");
        for (values, v) in lock(&self.values).iter() {
            let _ = writeln!(
                out,
                "{}{} {v}",
                self.name,
                label_set(self.labels, values, None)
            );
        }
    }
}

impl Family<f64> {
    fn set(&self, labels: &[&str], x: f64) {
        self.update(labels, || 0.0, |v| *v = x);
    }

    fn add(&self, labels: &[&str], x: f64) {
        self.update(labels, || 0.0, |v| *v += x);
    }

    fn render(&self, out: &mut String) {
        self.header(out, "gauge");
        for (values, v) in lock(&self.values).iter() {
            let _ = writeln!(
                out,
                "{}{} {}",
                self.name,
                label_set(self.labels, values, None),
                number(*v)
            );
        }
    }
}

impl Family<Hist> {
    fn observe(&self, labels: &[&str], x: f64) {
        self.update(labels, Hist::new, |h| h.observe(x));
    }

    fn render(&self, out: &mut String) {
        self.header(out, "histogram");
        for (values, h) in lock(&self.values).iter() {
            let mut cumulative = 0;
            for (i, n) in h.buckets.iter().enumerate() {
                cumulative += n;
                let le = LATENCY_BUCKETS
                    .get(i)
                    .map_or("+Inf".to_owned(), |b| number(*b));
                let _ = writeln!(
                    out,
                    "{}_bucket{} {cumulative}",
                    self.name,
                    label_set(self.labels, values, Some(("le", &le)))
                );
            }
            let labels = label_set(self.labels, values, None);
            let _ = writeln!(out, "{}_sum{labels} {}", self.name, number(h.sum));
            let _ = writeln!(out, "{}_count{labels} {}", self.name, h.count);
        }
    }
}

/// A function run before every scrape, e.g. to read the outbox's depth.
type Hook = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// Every metric of the service. One per process ([`global`]); tests make
/// their own.
pub struct Metrics {
    http_requests: Family<u64>,
    http_duration: Family<Hist>,
    http_in_flight: Family<f64>,
    feed_renders: Family<u64>,
    feed_not_modified: Family<u64>,
    outbox_messages: Family<f64>,
    outbox_lag: Family<f64>,
    mail_deliveries: Family<u64>,
    build_info: Family<f64>,
    hooks: Mutex<Vec<Hook>>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// An empty registry.
    pub fn new() -> Self {
        let m = Self {
            http_requests: Family::new(
                "convene_http_requests_total",
                "HTTP requests answered, by method, matched route template and status.",
                &["method", "route", "status"],
            ),
            http_duration: Family::new(
                "convene_http_request_duration_seconds",
                "Time to answer an HTTP request (until the response head), by method and matched route template.",
                &["method", "route"],
            ),
            http_in_flight: Family::new(
                "convene_http_requests_in_flight",
                "HTTP requests being answered.",
                &[],
            ),
            feed_renders: Family::new(
                "convene_feed_renders_total",
                "Calendar feeds rendered (a 200 with a body).",
                &[],
            ),
            feed_not_modified: Family::new(
                "convene_feed_not_modified_total",
                "Calendar feed requests answered 304 Not Modified from the change stamp alone.",
                &[],
            ),
            outbox_messages: Family::new(
                "convene_outbox_messages",
                "Outbox rows by status (the same for every replica: they share the database).",
                &["status"],
            ),
            outbox_lag: Family::new(
                "convene_outbox_lag_seconds",
                "Age of the oldest pending outbox row that is due; 0 when none is.",
                &[],
            ),
            mail_deliveries: Family::new(
                "convene_mail_deliveries_total",
                "Mail delivery attempts by this process, by outcome.",
                &["outcome"],
            ),
            build_info: Family::new(
                "convene_build_info",
                "The running convene's version (always 1).",
                &["version"],
            ),
            hooks: Mutex::new(Vec::new()),
        };
        m.build_info.set(&[env!("CARGO_PKG_VERSION")], 1.0);
        m.http_in_flight.set(&[], 0.0);
        m.feed_renders.add(&[], 0);
        m.feed_not_modified.add(&[], 0);
        m
    }

    /// Records one answered request.
    pub fn http_request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let status = status.to_string();
        self.http_requests.add(&[method, route, &status], 1);
        self.http_duration.observe(&[method, route], seconds);
    }

    /// A request starts (+1) or ends (-1).
    pub fn http_in_flight(&self, delta: f64) {
        self.http_in_flight.add(&[], delta);
    }

    /// A feed was rendered.
    pub fn feed_rendered(&self) {
        self.feed_renders.add(&[], 1);
    }

    /// A feed request was answered 304.
    pub fn not_modified(&self) {
        self.feed_not_modified.add(&[], 1);
    }

    /// Sets the number of outbox rows with `status`.
    pub fn set_outbox_depth(&self, status: &str, count: u64) {
        // Counts of rows stay far below 2^53: exact as f64.
        #[allow(clippy::cast_precision_loss)]
        self.outbox_messages.set(&[status], count as f64);
    }

    /// Sets the age of the oldest due pending outbox row, seconds.
    pub fn set_outbox_lag_seconds(&self, seconds: f64) {
        self.outbox_lag.set(&[], seconds.max(0.0));
    }

    /// Counts one delivery attempt's outcome.
    pub fn mail_delivery(&self, outcome: &str) {
        self.mail_deliveries.add(&[outcome], 1);
    }

    /// Registers a hook run before every scrape.
    pub fn on_scrape<F, Fut>(&self, hook: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        lock(&self.hooks).push(Arc::new(move || Box::pin(hook())));
    }

    /// Runs the hooks (each at most [`HOOK_TIMEOUT`]), then renders.
    pub async fn scrape(&self) -> String {
        let hooks: Vec<Hook> = lock(&self.hooks).clone();
        for hook in hooks {
            if tokio::time::timeout(HOOK_TIMEOUT, hook()).await.is_err() {
                tracing::warn!(
                    "a metrics hook took longer than {}s; scraping without it",
                    HOOK_TIMEOUT.as_secs()
                );
            }
        }
        self.render()
    }

    /// Every family in the text format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.http_requests.render(&mut out);
        self.http_duration.render(&mut out);
        self.http_in_flight.render(&mut out);
        self.feed_renders.render(&mut out);
        self.feed_not_modified.render(&mut out);
        self.outbox_messages.render(&mut out);
        self.outbox_lag.render(&mut out);
        self.mail_deliveries.render(&mut out);
        self.build_info.render(&mut out);
        out
    }
}

/// The process's registry.
pub fn global() -> &'static Metrics {
    static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);
    &METRICS
}

/// A calendar feed was rendered (`convene_feed_renders_total`).
pub fn feed_rendered() {
    global().feed_rendered();
}

/// A calendar feed request was answered 304 Not Modified
/// (`convene_feed_not_modified_total`).
pub fn not_modified() {
    global().not_modified();
}

/// Sets `convene_outbox_messages{status}`: the number of outbox rows with
/// this status. Set every status, zeros included, so a drained queue shows.
pub fn set_outbox_depth(status: &str, count: u64) {
    global().set_outbox_depth(status, count);
}

/// Sets `convene_outbox_lag_seconds`: now minus the due time of the oldest
/// pending row that is due (0 when none is).
pub fn set_outbox_lag_seconds(seconds: f64) {
    global().set_outbox_lag_seconds(seconds);
}

/// Counts a delivery attempt in `convene_mail_deliveries_total{outcome}`
/// (`"sent"`, `"failed"`, `"skipped"`, `"dead"`).
pub fn mail_delivery(outcome: &str) {
    global().mail_delivery(outcome);
}

/// Registers `hook` to run before every scrape of `/metrics` (at most 5 s;
/// a slow hook is skipped with a warning), e.g. to set the outbox gauges
/// with one cheap query.
pub fn on_scrape<F, Fut>(hook: F)
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    global().on_scrape(hook);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_format() {
        let m = Metrics::new();
        // Binary fractions, so the sum is exact.
        m.http_request("GET", "/api/v1/meetings/{id}", 200, 0.00390625);
        m.http_request("GET", "/api/v1/meetings/{id}", 200, 0.125);
        m.http_request("GET", "/api/v1/meetings/{id}", 404, 0.0009765625);
        m.http_request("POST", "/a\"b\\c\nd", 201, 30.0);
        m.feed_rendered();
        m.not_modified();
        m.not_modified();
        m.set_outbox_depth("pending", 3);
        m.set_outbox_depth("sent", 0);
        m.set_outbox_lag_seconds(12.5);
        m.mail_delivery("sent");
        let text = m.render();
        let lines: Vec<&str> = text.lines().collect();
        for want in [
            "# HELP convene_http_requests_total HTTP requests answered, by method, matched route template and status.",
            "# TYPE convene_http_requests_total counter",
            "convene_http_requests_total{method=\"GET\",route=\"/api/v1/meetings/{id}\",status=\"200\"} 2",
            "convene_http_requests_total{method=\"GET\",route=\"/api/v1/meetings/{id}\",status=\"404\"} 1",
            "convene_http_requests_total{method=\"POST\",route=\"/a\\\"b\\\\c\\nd\",status=\"201\"} 1",
            "# TYPE convene_http_request_duration_seconds histogram",
            "convene_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/meetings/{id}\",le=\"0.001\"} 1",
            "convene_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/meetings/{id}\",le=\"0.005\"} 2",
            "convene_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/meetings/{id}\",le=\"0.1\"} 2",
            "convene_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/meetings/{id}\",le=\"0.25\"} 3",
            "convene_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/meetings/{id}\",le=\"10\"} 3",
            "convene_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/meetings/{id}\",le=\"+Inf\"} 3",
            "convene_http_request_duration_seconds_sum{method=\"GET\",route=\"/api/v1/meetings/{id}\"} 0.1298828125",
            "convene_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/meetings/{id}\"} 3",
            "convene_http_request_duration_seconds_bucket{method=\"POST\",route=\"/a\\\"b\\\\c\\nd\",le=\"10\"} 0",
            "convene_http_request_duration_seconds_bucket{method=\"POST\",route=\"/a\\\"b\\\\c\\nd\",le=\"+Inf\"} 1",
            "# TYPE convene_http_requests_in_flight gauge",
            "convene_http_requests_in_flight 0",
            "# TYPE convene_feed_renders_total counter",
            "convene_feed_renders_total 1",
            "convene_feed_not_modified_total 2",
            "# TYPE convene_outbox_messages gauge",
            "convene_outbox_messages{status=\"pending\"} 3",
            "convene_outbox_messages{status=\"sent\"} 0",
            "convene_outbox_lag_seconds 12.5",
            "convene_mail_deliveries_total{outcome=\"sent\"} 1",
            &format!(
                "convene_build_info{{version=\"{}\"}} 1",
                env!("CARGO_PKG_VERSION")
            ),
        ] {
            assert!(lines.contains(&want), "missing {want:?} in:\n{text}");
        }
        // Every sample line is NAME[{LABELS}] VALUE, every family has HELP
        // and TYPE before its samples, and the buckets are cumulative.
        let mut typed = std::collections::HashSet::new();
        for line in &lines {
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                typed.insert(rest.split(' ').next().unwrap_or_default().to_owned());
                continue;
            }
            if line.starts_with('#') {
                continue;
            }
            let (series, value) = line.rsplit_once(' ').expect("NAME VALUE");
            assert!(value.parse::<f64>().is_ok(), "{line}");
            let name = series.split('{').next().unwrap_or_default();
            let family = ["_bucket", "_sum", "_count"]
                .iter()
                .find_map(|s| name.strip_suffix(s).filter(|f| typed.contains(*f)))
                .unwrap_or(name);
            assert!(typed.contains(family), "{line} before its TYPE");
        }
        let buckets: Vec<u64> = lines
            .iter()
            .filter(|l| {
                l.starts_with("convene_http_request_duration_seconds_bucket{method=\"GET\"")
            })
            .filter_map(|l| l.rsplit_once(' ')?.1.parse().ok())
            .collect();
        assert_eq!(buckets.len(), LATENCY_BUCKETS.len() + 1);
        assert!(buckets.windows(2).all(|w| w[0] <= w[1]), "{buckets:?}");
    }

    #[test]
    fn gauges_move_and_lag_is_never_negative() {
        let m = Metrics::new();
        m.http_in_flight(1.0);
        m.http_in_flight(1.0);
        m.http_in_flight(-1.0);
        m.set_outbox_lag_seconds(-3.0);
        let text = m.render();
        assert!(
            text.contains("\nconvene_http_requests_in_flight 1\n"),
            "{text}"
        );
        assert!(text.contains("\nconvene_outbox_lag_seconds 0\n"), "{text}");
    }

    #[tokio::test]
    async fn hooks_run_before_each_scrape() {
        let m = Arc::new(Metrics::new());
        let n = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let (m2, n2) = (Arc::clone(&m), Arc::clone(&n));
        m.on_scrape(move || {
            let (m, n) = (Arc::clone(&m2), Arc::clone(&n2));
            async move {
                let k = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                m.set_outbox_depth("pending", k);
            }
        });
        assert!(
            m.scrape()
                .await
                .contains("convene_outbox_messages{status=\"pending\"} 1")
        );
        assert!(
            m.scrape()
                .await
                .contains("convene_outbox_messages{status=\"pending\"} 2")
        );
    }
}
