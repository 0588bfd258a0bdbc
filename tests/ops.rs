//! Running it for real, over the real binary: `/metrics` (parsed by a
//! strict OpenMetrics parser) has every documented family and counts
//! requests by route template and status, with latency histograms, and feed
//! renders and 304s; every request has an `X-Request-Id`, echoed or made up, found in
//! the JSON log line of that request; writes over a token's rate get 429
//! with `Retry-After`, whichever replica takes them. (The request time limit needs a slow handler, so it
//! is tested in `crates/convene/src/http/ops.rs` instead; the connection
//! timeouts in `tests/connections.rs`.)

use std::path::Path;
use std::time::{Duration, Instant};

use convene_tests::{
    Response, Server, TempDir, TestDatabase, convene_ok, create_token, get, request, seeded_db,
    workspace_root,
};
use openmetrics_parser::openmetrics::parse_openmetrics;
use openmetrics_parser::{MetricsExposition, OpenMetricsType, OpenMetricsValue};
use serde_json::Value;

fn serve(dir: &TempDir, db: &str, env: &[(&str, &str)], log: Option<&Path>) -> Server {
    let mut all = vec![
        ("CONVENE_DATABASE_URL", db),
        ("CONVENE_LISTEN", "127.0.0.1:0"),
    ];
    all.extend_from_slice(env);
    match log {
        Some(log) => Server::start_logging_to(dir.path(), &["serve"], &all, log),
        None => Server::start(dir.path(), &["serve"], &all),
    }
}

type Exposition = MetricsExposition<OpenMetricsType, OpenMetricsValue>;

/// A scrape, parsed by a strict OpenMetrics parser (it rejects a missing
/// `# EOF`, a sample outside its family, a duplicate series, a bad value).
fn parse(text: &str) -> Exposition {
    parse_openmetrics(text).unwrap_or_else(|e| panic!("not OpenMetrics: {e:?}\n{text}"))
}

/// The value of the series `family{labels}` (a histogram's: its count).
fn value(m: &Exposition, family: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let f = m.families.get(family)?;
    f.iter_samples()
        .find(|s| {
            let set = s.get_labelset().expect("labels");
            set.iter().count() == labels.len()
                && labels
                    .iter()
                    .all(|(k, v)| set.get_label_value(k) == Some(*v))
        })
        .map(|s| match &s.value {
            OpenMetricsValue::Counter(c) => c.value.as_f64(),
            OpenMetricsValue::Gauge(n) | OpenMetricsValue::Unknown(n) => n.as_f64(),
            OpenMetricsValue::Histogram(h) => h.count.map_or(f64::NAN, |c| c as f64),
            other => panic!("{family}: unexpected {other:?}"),
        })
}

#[test]
fn metrics_count_requests_by_route_template_and_status_and_feed_304s() {
    let dir = TempDir::new("ops-metrics");
    let db = seeded_db(&dir, None);
    let server = serve(&dir, &db, &[], None);
    let a = &server.addr;

    let r = get(a, "/metrics");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type"),
        Some("application/openmetrics-text; version=1.0.0; charset=utf-8")
    );
    let text = r.text();
    let before = parse(&text);
    assert_eq!(
        value(
            &before,
            "convene_build_info",
            &[("version", env!("CARGO_PKG_VERSION"))]
        ),
        Some(1.0)
    );
    let feeds_before = value(&before, "convene_feed_renders", &[]).expect("renders");
    let not_modified_before = value(&before, "convene_feed_not_modified", &[]).expect("304s");

    for id in [
        "wg5-2023-09-07",
        "wg5-2023-09-07",
        "fgmv-2",
        "wg8-2023-09-20",
    ] {
        assert_eq!(get(a, &format!("/api/v1/meetings/{id}")).status, 200);
    }
    assert_eq!(get(a, "/api/v1/meetings/no-such-meeting").status, 404);
    let feed = get(a, "/calendars/wg5.ics");
    assert_eq!(feed.status, 200);
    let etag = feed.header("etag").expect("ETag").to_owned();
    let again = request(
        a,
        "GET",
        "/calendars/wg5.ics",
        &[("If-None-Match", &etag)],
        b"",
    );
    assert_eq!(again.status, 304);
    let nowhere = get(a, "/no/such/page");
    assert_eq!(nowhere.status, 404);
    assert!(nowhere.header("x-request-id").is_some());

    let text = get(a, "/metrics").text();
    let m = parse(&text);
    // Every family of README's table, with its type and label names (a
    // counter's samples are its name + `_total`).
    for (family, kind, labels) in [
        (
            "convene_http_requests",
            OpenMetricsType::Counter,
            &["method", "route", "status"][..],
        ),
        (
            "convene_http_request_duration_seconds",
            OpenMetricsType::Histogram,
            &["method", "route"][..],
        ),
        (
            "convene_http_requests_in_flight",
            OpenMetricsType::Gauge,
            &[][..],
        ),
        ("convene_feed_renders", OpenMetricsType::Counter, &[][..]),
        (
            "convene_feed_not_modified",
            OpenMetricsType::Counter,
            &[][..],
        ),
        (
            "convene_outbox_messages",
            OpenMetricsType::Gauge,
            &["status"][..],
        ),
        (
            "convene_outbox_lag_seconds",
            OpenMetricsType::Gauge,
            &[][..],
        ),
        (
            "convene_mail_deliveries",
            OpenMetricsType::Counter,
            &["outcome"][..],
        ),
        (
            "convene_change_listener_up",
            OpenMetricsType::Gauge,
            &[][..],
        ),
        (
            "convene_change_listener_reconnects",
            OpenMetricsType::Counter,
            &[][..],
        ),
        (
            "convene_build_info",
            OpenMetricsType::Gauge,
            &["version"][..],
        ),
    ] {
        if family == "convene_mail_deliveries" && !m.families.contains_key(family) {
            // No mail was due: a family with no series is left out.
            continue;
        }
        let f = m
            .families
            .get(family)
            .unwrap_or_else(|| panic!("no family {family} in:\n{text}"));
        assert_eq!(f.family_type, kind, "{family}");
        let mut names = f.get_label_names().to_vec();
        names.retain(|n| n != "le");
        names.sort();
        assert_eq!(names, labels, "{family}");
    }
    // The outbox, read from the database when scraped: every status.
    for status in ["pending", "sent", "skipped", "dead", "superseded"] {
        assert!(
            value(&m, "convene_outbox_messages", &[("status", status)]).is_some_and(|n| n >= 0.0),
            "{status} in:\n{text}"
        );
    }
    assert!(value(&m, "convene_outbox_lag_seconds", &[]).is_some_and(|s| s >= 0.0));
    let meeting = [("method", "GET"), ("route", "/api/v1/meetings/{id}")];
    let with = |status: &'static str| {
        let mut l = meeting.to_vec();
        l.push(("status", status));
        l
    };
    let feed_route = |status: &'static str| {
        vec![
            ("method", "GET"),
            ("route", "/calendars/{file}"),
            ("status", status),
        ]
    };
    for (family, labels, want) in [
        ("convene_http_requests", with("200"), 4.0),
        ("convene_http_requests", with("404"), 1.0),
        ("convene_http_requests", feed_route("200"), 1.0),
        ("convene_http_requests", feed_route("304"), 1.0),
        (
            "convene_http_requests",
            vec![("method", "GET"), ("route", "unmatched"), ("status", "404")],
            1.0,
        ),
        (
            "convene_http_requests",
            vec![("method", "GET"), ("route", "/metrics"), ("status", "200")],
            1.0,
        ),
        (
            "convene_http_request_duration_seconds",
            meeting.to_vec(),
            5.0,
        ),
        ("convene_feed_renders", vec![], feeds_before + 1.0),
        (
            "convene_feed_not_modified",
            vec![],
            not_modified_before + 1.0,
        ),
        // This scrape is still being answered.
        ("convene_http_requests_in_flight", vec![], 1.0),
    ] {
        assert_eq!(
            value(&m, family, &labels),
            Some(want),
            "{family}{labels:?} in:\n{text}"
        );
    }
    // The histogram: buckets 1 ms to 10 s, cumulative, and a positive sum.
    let f = &m.families["convene_http_request_duration_seconds"];
    let mut names = f.get_label_names().to_vec();
    names.retain(|n| n != "le");
    names.sort();
    assert_eq!(names, ["method", "route"]);
    let h = f
        .iter_samples()
        .find_map(|s| match &s.value {
            OpenMetricsValue::Histogram(h)
                if s.get_labelset().ok()?.get_label_value("route")
                    == Some("/api/v1/meetings/{id}") =>
            {
                Some(h.clone())
            }
            _ => None,
        })
        .expect("the meetings histogram");
    let bounds: Vec<f64> = h.buckets.iter().map(|b| b.upper_bound).collect();
    assert_eq!(
        bounds,
        [
            0.001,
            0.0025,
            0.005,
            0.01,
            0.025,
            0.05,
            0.1,
            0.25,
            0.5,
            1.0,
            2.5,
            5.0,
            10.0,
            f64::INFINITY
        ]
    );
    let counts: Vec<f64> = h.buckets.iter().map(|b| b.count.as_f64()).collect();
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
    assert_eq!(counts.last(), Some(&5.0));
    assert!(h.sum.is_some_and(|s| s.as_f64() > 0.0));
    // Route templates, never raw paths.
    assert!(!text.contains("wg5-2023-09-07"), "{text}");
    assert!(!text.contains("/no/such/page"), "{text}");
}

/// The JSON log lines of a request id, waiting a little for them.
fn log_lines(log: &Path, id: &str) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let lines: Vec<Value> = text
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l)
                    .unwrap_or_else(|e| panic!("a log line is not JSON ({e}): {l}"))
            })
            .filter(|v| v["span"]["id"] == id)
            .collect();
        if lines.iter().any(|v| v["fields"]["message"] == "answered") || Instant::now() > deadline {
            return lines;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn request_ids_are_echoed_or_made_up_and_on_the_json_log_lines() {
    let dir = TempDir::new("ops-log");
    let db = seeded_db(&dir, None);
    let (_, secret) = create_token(dir.path(), &db, "log test", &["--admin"]);
    let log = dir.path().join("convene.log");
    let server = serve(
        &dir,
        &db,
        &[("CONVENE_LOG_FORMAT", "json"), ("CONVENE_LOG", "info")],
        Some(&log),
    );
    let a = &server.addr;

    // Given: echoed.
    let given = "3f2c9a1e-7b4d-4c55-9e8a-0d1f2a3b4c5d";
    let r = request(
        a,
        "GET",
        "/api/v1/meetings/wg5-2023-09-07",
        &[("X-Request-Id", given)],
        b"",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("x-request-id"), Some(given));
    // Absent, or not a plain token: made up, and different every time.
    let made = get(a, "/api/v1/groups");
    let made_id = made.header("x-request-id").expect("an id").to_owned();
    assert_eq!(made_id.len(), 24, "{made_id}");
    assert!(made_id.bytes().all(|b| b.is_ascii_hexdigit()), "{made_id}");
    assert_ne!(
        get(a, "/api/v1/groups").header("x-request-id"),
        Some(&*made_id)
    );
    let odd = request(
        a,
        "GET",
        "/api/v1/groups",
        &[("X-Request-Id", "a b \"c\"")],
        b"",
    );
    assert_eq!(odd.header("x-request-id").map(str::len), Some(24));
    // A write with a token, and a rejected one: the token is never logged.
    let body = br#"{"title": "WG8 meeting (renamed)"}"#;
    let auth = format!("Bearer {secret}");
    let w = request(
        a,
        "PATCH",
        "/api/v1/meetings/wg8-2023-09-20",
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
            ("X-Request-Id", "write-1"),
        ],
        body,
    );
    assert_eq!(w.status, 200, "{}", w.text());
    let bad = request(
        a,
        "PATCH",
        "/api/v1/meetings/wg8-2023-09-20",
        &[
            ("Authorization", "Bearer cvn_not-a-real-token"),
            ("Content-Type", "application/json"),
        ],
        body,
    );
    assert_eq!(bad.status, 401);

    // The access line of the given id: one JSON object, the id, method and
    // route template in its span, status and latency in its fields.
    let lines = log_lines(&log, given);
    let access = lines
        .iter()
        .find(|v| v["fields"]["message"] == "answered")
        .unwrap_or_else(|| panic!("no access line for {given}: {lines:?}"));
    assert_eq!(access["level"], "INFO");
    assert_eq!(access["target"], "convene::access");
    assert_eq!(access["span"]["name"], "request");
    assert_eq!(access["span"]["method"], "GET");
    assert_eq!(access["span"]["route"], "/api/v1/meetings/{id}");
    assert_eq!(access["fields"]["status"], 200);
    assert_eq!(access["fields"]["path"], "/api/v1/meetings/wg5-2023-09-07");
    assert!(
        access["fields"]["latency_ms"].as_f64().is_some(),
        "{access}"
    );
    // The made-up id and the write's are logged too.
    assert!(
        log_lines(&log, &made_id)
            .iter()
            .any(|v| v["fields"]["message"] == "answered" && v["span"]["route"] == "/api/v1/groups")
    );
    assert!(log_lines(&log, "write-1").iter().any(|v| {
        v["fields"]["message"] == "answered"
            && v["span"]["method"] == "PATCH"
            && v["fields"]["status"] == 200
    }));
    drop(server);
    let text = std::fs::read_to_string(&log).expect("the log");
    assert!(!text.contains(&secret), "the token is in the log");
    assert!(!text.contains("cvn_"), "a token is in the log");
    assert!(!text.to_ascii_lowercase().contains("bearer"), "{text}");
}

fn patch_title(a: &str, secret: &str, title: &str) -> Response {
    request(
        a,
        "PATCH",
        "/api/v1/meetings/wg8-2023-09-20",
        &[
            ("Authorization", &format!("Bearer {secret}")),
            ("Content-Type", "application/json"),
        ],
        format!(r#"{{"title": "{title}"}}"#).as_bytes(),
    )
}

#[test]
fn writes_over_a_tokens_rate_get_429_with_retry_after() {
    let dir = TempDir::new("ops-rate");
    let db = seeded_db(&dir, None);
    let (_, first) = create_token(dir.path(), &db, "busy", &["--admin"]);
    let (_, second) = create_token(dir.path(), &db, "calm", &["--group", "wg8"]);
    let server = serve(&dir, &db, &[("CONVENE_WRITE_RATE_PER_MINUTE", "3")], None);
    let a = &server.addr;

    for n in 1..=3 {
        let r = patch_title(a, &first, &format!("WG8 meeting {n}"));
        assert_eq!(r.status, 200, "write {n}: {}", r.text());
    }
    let r = patch_title(a, &first, "WG8 meeting 4");
    assert_eq!(r.status, 429, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let retry: u64 = r
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in whole seconds");
    // 3 a minute: one comes back every 20 s.
    assert!((1..=20).contains(&retry), "{retry}");
    let p = r.json();
    assert_eq!(p["status"], 429);
    assert_eq!(p["title"], "Too Many Requests");
    assert!(
        p["detail"]
            .as_str()
            .is_some_and(|d| d.contains("3 writes a minute")),
        "{p}"
    );
    // Nothing was written by the refused request.
    let m = get(a, "/api/v1/meetings/wg8-2023-09-20").json();
    assert_eq!(m["title"], "WG8 meeting 3");
    // Reads are not limited, with or without the token.
    let read = request(
        a,
        "GET",
        "/api/v1/meetings?group=wg8",
        &[("Authorization", &format!("Bearer {first}"))],
        b"",
    );
    assert_eq!(read.status, 200, "{}", read.text());
    // Another token has its own bucket.
    assert_eq!(patch_title(a, &second, "WG8 meeting 5").status, 200);
    // An unknown token is refused as before, not limited.
    assert_eq!(patch_title(a, "cvn_unknown", "x").status, 401);
    let m = parse(&get(a, "/metrics").text());
    assert_eq!(
        value(
            &m,
            "convene_http_requests",
            &[
                ("method", "PATCH"),
                ("route", "/api/v1/meetings/{id}"),
                ("status", "429")
            ]
        ),
        Some(1.0)
    );
}

/// Two replicas on one PostgreSQL database: a token's writes are counted
/// once, whichever replica takes them, so alternating between replicas
/// gets no more than the configured rate.
#[test]
fn two_replicas_share_a_tokens_write_rate() {
    let Some(db) = TestDatabase::postgres("ops_rate") else {
        return;
    };
    let dir = TempDir::new("ops-rate-replicas");
    let d = dir.path();
    let seed = workspace_root().join("data/fg-mv-2023.toml");
    convene_ok(d, &db.url, &["import", &seed.display().to_string()]);
    let (_, secret) = create_token(d, &db.url, "busy", &["--admin"]);
    let limit = [("CONVENE_WRITE_RATE_PER_MINUTE", "5")];
    let replicas = [
        serve(&dir, &db.url, &limit, None),
        serve(&dir, &db.url, &limit, None),
    ];
    for n in 1..=5 {
        let r = patch_title(&replicas[n % 2].addr, &secret, &format!("WG8 meeting {n}"));
        assert_eq!(r.status, 200, "write {n}: {}", r.text());
    }
    // The 6th write of the minute is refused by either replica.
    for replica in &replicas {
        let r = patch_title(&replica.addr, &secret, "WG8 meeting 6");
        assert_eq!(r.status, 429, "{}", r.text());
        let retry: u64 = r
            .header("retry-after")
            .and_then(|v| v.parse().ok())
            .expect("Retry-After in whole seconds");
        // 5 a minute: one comes back every 12 s.
        assert!((1..=12).contains(&retry), "{retry}");
    }
    let m = get(&replicas[0].addr, "/api/v1/meetings/wg8-2023-09-20").json();
    assert_eq!(m["title"], "WG8 meeting 5");
}
