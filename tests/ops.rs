//! Running it for real, over the real binary: `/metrics` counts requests by
//! route template and status, with latency histograms, and feed renders and
//! 304s; every request has an `X-Request-Id`, echoed or made up, found in
//! the JSON log line of that request; writes over a token's rate get 429
//! with `Retry-After`. (The request time limit needs a slow handler, so it
//! is tested in `crates/convene/src/http/ops.rs` instead.)

use std::path::Path;
use std::time::{Duration, Instant};

use convene_tests::{Response, Server, TempDir, create_token, get, request, seeded_db};
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

/// The value of the sample `series` (`name{labels}`) in a scrape.
fn sample(metrics: &str, series: &str) -> Option<f64> {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[test]
fn metrics_count_requests_by_route_template_and_status_and_feed_304s() {
    let dir = TempDir::new("ops-metrics");
    let db = seeded_db(&dir, None);
    let server = serve(&dir, &db, &[], None);
    let a = &server.addr;

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

    let r = get(a, "/metrics");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type"),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    let m = r.text();
    let route = r#"method="GET",route="/api/v1/meetings/{id}""#;
    for (series, want) in [
        (
            format!("convene_http_requests_total{{{route},status=\"200\"}}"),
            4.0,
        ),
        (
            format!("convene_http_requests_total{{{route},status=\"404\"}}"),
            1.0,
        ),
        (
            r#"convene_http_requests_total{method="GET",route="/calendars/{file}",status="200"}"#
                .to_owned(),
            1.0,
        ),
        (
            r#"convene_http_requests_total{method="GET",route="/calendars/{file}",status="304"}"#
                .to_owned(),
            1.0,
        ),
        (
            r#"convene_http_requests_total{method="GET",route="unmatched",status="404"}"#
                .to_owned(),
            1.0,
        ),
        (
            format!("convene_http_request_duration_seconds_bucket{{{route},le=\"+Inf\"}}"),
            5.0,
        ),
        (
            format!("convene_http_request_duration_seconds_count{{{route}}}"),
            5.0,
        ),
        ("convene_feed_renders_total".to_owned(), 1.0),
        ("convene_feed_not_modified_total".to_owned(), 1.0),
        // This scrape is still being answered.
        ("convene_http_requests_in_flight".to_owned(), 1.0),
    ] {
        assert_eq!(sample(&m, &series), Some(want), "{series} in:\n{m}");
    }
    assert!(m.contains("# TYPE convene_http_request_duration_seconds histogram"));
    for le in ["0.001", "0.01", "0.1", "1", "10"] {
        assert!(
            sample(
                &m,
                &format!("convene_http_request_duration_seconds_bucket{{{route},le=\"{le}\"}}")
            )
            .is_some(),
            "bucket {le} in:\n{m}"
        );
    }
    assert!(
        sample(
            &m,
            &format!("convene_http_request_duration_seconds_sum{{{route}}}")
        )
        .is_some_and(|s| s > 0.0)
    );
    // Route templates, never raw paths.
    assert!(!m.contains("wg5-2023-09-07"), "{m}");
    assert!(!m.contains("/no/such/page"), "{m}");

    // The scrape itself is counted by the next one.
    let m = get(a, "/metrics").text();
    assert_eq!(
        sample(
            &m,
            r#"convene_http_requests_total{method="GET",route="/metrics",status="200"}"#
        ),
        Some(1.0),
        "{m}"
    );
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
    let m = get(a, "/metrics").text();
    assert_eq!(
        sample(
            &m,
            r#"convene_http_requests_total{method="PATCH",route="/api/v1/meetings/{id}",status="429"}"#
        ),
        Some(1.0),
        "{m}"
    );
}

/// Reads from `stream` until `until` is in what was read; panics on EOF.
fn read_until(stream: &mut std::net::TcpStream, until: &str) {
    use std::io::Read;
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&got).contains(until) {
        let n = stream.read(&mut buf).expect("read the response");
        assert!(
            n > 0,
            "closed early; got {:?}",
            String::from_utf8_lossy(&got)
        );
        got.extend_from_slice(&buf[..n]);
    }
}

/// Waits until the server closes `stream` (EOF or reset); how long it took.
fn closed_after(stream: &mut std::net::TcpStream, started: Instant) -> Duration {
    use std::io::Read;
    stream
        .set_read_timeout(Some(Duration::from_secs(8)))
        .expect("set a read timeout");
    let mut buf = [0u8; 256];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return started.elapsed(),
            Ok(_) => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                panic!("the server kept the connection open for 8 s")
            }
            Err(_) => return started.elapsed(),
        }
    }
}

#[test]
fn slow_headers_and_idle_keep_alive_connections_are_closed() {
    use std::io::Write;
    use std::net::TcpStream;
    let dir = TempDir::new("conn-timeouts");
    let db = seeded_db(&dir, None);
    let server = serve(
        &dir,
        &db,
        &[
            ("CONVENE_SERVER__HEADER_READ_TIMEOUT_SECONDS", "1"),
            ("CONVENE_SERVER__IDLE_TIMEOUT_SECONDS", "2"),
        ],
        None,
    );
    let healthz = b"GET /healthz HTTP/1.1\r\nHost: convene\r\n\r\n";

    // Half a request line, then nothing: cut after the header time.
    let mut slow = TcpStream::connect(&server.addr).expect("connect");
    let slow_started = Instant::now();
    slow.write_all(b"GET /heal").expect("send half a line");
    // Connected and silent: the same.
    let mut silent = TcpStream::connect(&server.addr).expect("connect");
    let silent_started = Instant::now();

    // A kept-alive connection: its idle time is the longer one, so a second
    // request after more than the header time still works...
    let mut idle = TcpStream::connect(&server.addr).expect("connect");
    idle.write_all(healthz).expect("send");
    read_until(&mut idle, "\r\n\r\nok\n");
    std::thread::sleep(Duration::from_millis(1300));
    idle.write_all(healthz).expect("send again");
    read_until(&mut idle, "\r\n\r\nok\n");
    let idle_started = Instant::now();

    let slow_took = closed_after(&mut slow, slow_started);
    assert!(slow_took < Duration::from_secs(4), "{slow_took:?}");
    let silent_took = closed_after(&mut silent, silent_started);
    assert!(silent_took < Duration::from_secs(4), "{silent_took:?}");
    // ...and it is closed after the idle time.
    let idle_took = closed_after(&mut idle, idle_started);
    assert!(
        idle_took >= Duration::from_millis(1500) && idle_took < Duration::from_secs(5),
        "{idle_took:?}"
    );
    // Meanwhile a normal request is answered.
    assert_eq!(get(&server.addr, "/healthz").status, 200);
    assert_eq!(server.terminate(), Some(0));
}
