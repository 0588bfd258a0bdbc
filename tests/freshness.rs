//! Feeds and pages served from memory: one ETag per content coding, and a
//! change made through one replica reaching another's feed within
//! `calendar.freshness_ms` (SQLite: by re-checking the store; PostgreSQL: by
//! LISTEN/NOTIFY, long before the bound).

use std::time::{Duration, Instant};

use convene_tests::{
    Response, Server, TempDir, TestDatabase, create_token, get, import, request, serve_db,
};
use serde_json::json;

const FEED: &str = "/calendars/fg-mv.ics?subgroups=true";
const NEW_UID: &str = "fresh-2031-05-14@";

fn get_with(addr: &str, path: &str, headers: &[(&str, &str)]) -> Response {
    request(addr, "GET", path, headers, b"")
}

/// The value of an unlabelled counter or gauge in `/metrics`.
fn metric(addr: &str, name: &str) -> f64 {
    let text = get(addr, "/metrics").text();
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {name} in:\n{text}"))
}

#[test]
fn gzip_and_identity_have_their_own_etags_and_both_answer_304() {
    let dir = TempDir::new("fresh-etags");
    let db = format!("sqlite:{}", dir.path().join("convene.sqlite").display());
    import(&dir, &db, None);
    let server = serve_db(dir.path(), &db, &[]);
    let a = &server.addr;
    let gzip = [("Accept-Encoding", "gzip")];

    let plain = get(a, FEED);
    assert_eq!(plain.status, 200);
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.header("vary"), Some("accept-encoding"));
    let plain_tag = plain.header("etag").expect("etag").to_owned();
    let packed = get_with(a, FEED, &gzip);
    assert_eq!(packed.status, 200);
    assert_eq!(packed.header("content-encoding"), Some("gzip"));
    assert_eq!(packed.header("vary"), Some("accept-encoding"));
    assert_eq!(&packed.body[..2], &[0x1f, 0x8b], "a gzip stream");
    assert!(packed.body.len() < plain.body.len());
    let packed_tag = packed.header("etag").expect("etag").to_owned();
    assert_ne!(plain_tag, packed_tag, "two representations, two ETags");

    // Each 304s with its own ETag...
    let r = get_with(a, FEED, &[("If-None-Match", &plain_tag)]);
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty());
    assert_eq!(r.header("etag"), Some(plain_tag.as_str()));
    assert_eq!(r.header("vary"), Some("accept-encoding"));
    let r = get_with(
        a,
        FEED,
        &[("Accept-Encoding", "gzip"), ("If-None-Match", &packed_tag)],
    );
    assert_eq!(r.status, 304);
    assert_eq!(r.header("etag"), Some(packed_tag.as_str()));
    // ... and the other coding's ETag is no match: the full body, as asked.
    let r = get_with(
        a,
        FEED,
        &[("Accept-Encoding", "gzip"), ("If-None-Match", &plain_tag)],
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-encoding"), Some("gzip"));
    assert_eq!(r.header("etag"), Some(packed_tag.as_str()));
    assert_eq!(r.body, packed.body);
    let r = get_with(a, FEED, &[("If-None-Match", &packed_tag)]);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-encoding"), None);
    assert_eq!(r.header("etag"), Some(plain_tag.as_str()));
    assert_eq!(r.body, plain.body);

    // Pages too.
    let page = "/groups/wg5?from=2023-09-01";
    let p = get(a, page);
    let pz = get_with(a, page, &gzip);
    assert_eq!(pz.header("content-encoding"), Some("gzip"));
    assert_ne!(p.header("etag"), pz.header("etag"));
    let r = get_with(
        a,
        page,
        &[
            ("Accept-Encoding", "gzip"),
            ("If-None-Match", pz.header("etag").expect("etag")),
        ],
    );
    assert_eq!(r.status, 304);
    assert!(r.header("content-security-policy").is_some());

    // Served again from memory: the same bytes, counted as cache hits.
    let hits = metric(a, "convene_cache_hits_total");
    assert_eq!(get(a, FEED).body, plain.body);
    assert_eq!(get_with(a, FEED, &gzip).body, packed.body);
    assert_eq!(metric(a, "convene_cache_hits_total"), hits + 2.0);
    assert!(metric(a, "convene_cache_bytes") > plain.body.len() as f64);
}

/// Two replicas on one database; the change goes through `a`, `b` had the
/// feed (in its cache) before.
fn two_replicas(dir: &TempDir, db: &str, freshness_ms: &str) -> (String, Server, Server) {
    import(dir, db, None);
    let (_, admin) = create_token(dir.path(), db, "secretariat", &["--admin"]);
    let env = [("CONVENE_CALENDAR__FRESHNESS_MS", freshness_ms)];
    let a = serve_db(dir.path(), db, &env);
    let b = serve_db(dir.path(), db, &env);
    (admin, a, b)
}

/// Warms `b`'s cache with the feed, then creates a meeting through `a`.
fn change_through_a(admin: &str, a: &Server, b: &Server) -> String {
    let before = get(&b.addr, FEED);
    assert_eq!(before.status, 200);
    assert!(!before.text().contains(NEW_UID));
    assert_eq!(get(&b.addr, FEED).body, before.body, "from b's cache");
    let auth = format!("Bearer {admin}");
    let body = json!({
        "id": "fresh-2031-05-14", "title": "WG5 e-meeting", "groups": ["wg5"],
        "kind": "e-meeting", "date": "2031-05-14", "start": "14:00", "end": "15:00",
        "remote_url": "https://remote.itu.int/"
    });
    let r = request(
        &a.addr,
        "POST",
        "/api/v1/meetings",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &auth),
        ],
        body.to_string().as_bytes(),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    // The replica that wrote knows at once.
    assert!(get(&a.addr, FEED).text().contains(NEW_UID));
    before.header("etag").expect("etag").to_owned()
}

#[test]
fn a_change_reaches_a_second_replica_within_the_bound_on_sqlite() {
    let dir = TempDir::new("fresh-sqlite");
    let db = format!("sqlite:{}", dir.path().join("convene.sqlite").display());
    let (admin, a, b) = two_replicas(&dir, &db, "500");
    let etag = change_through_a(&admin, &a, &b);
    // SQLite tells no one: `b` checks the store at most every 500 ms, so
    // after that its feed has the change, and the old ETag is stale.
    std::thread::sleep(Duration::from_millis(600));
    let r = get_with(&b.addr, FEED, &[("If-None-Match", &etag)]);
    assert_eq!(r.status, 200);
    assert_ne!(r.header("etag"), Some(etag.as_str()));
    assert!(r.text().contains(NEW_UID));
}

#[test]
fn a_change_reaches_a_second_replica_by_notification_on_postgres() {
    let Some(db) = TestDatabase::postgres("fresh") else {
        return;
    };
    let dir = TempDir::new("fresh-pg");
    // A bound of ten minutes: only the notification can bring the change
    // to `b` within this test.
    let (admin, a, b) = two_replicas(&dir, &db.url, "600000");
    let etag = change_through_a(&admin, &a, &b);
    let give_up = Instant::now() + Duration::from_secs(30);
    loop {
        let r = get_with(&b.addr, FEED, &[("If-None-Match", &etag)]);
        if r.status == 200 && r.text().contains(NEW_UID) {
            assert_ne!(r.header("etag"), Some(etag.as_str()));
            break;
        }
        assert!(
            Instant::now() < give_up,
            "replica b still serves the feed from before the change ({})",
            r.status
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Creates meeting `id` on `date` through `addr`.
fn create_meeting(addr: &str, admin: &str, id: &str, date: &str) {
    let auth = format!("Bearer {admin}");
    let body = json!({
        "id": id, "title": "WG5 e-meeting", "groups": ["wg5"],
        "kind": "e-meeting", "date": date, "start": "14:00", "end": "15:00",
        "remote_url": "https://remote.itu.int/"
    });
    let r = request(
        addr,
        "POST",
        "/api/v1/meetings",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &auth),
        ],
        body.to_string().as_bytes(),
    );
    assert_eq!(r.status, 201, "{}", r.text());
}

/// Polls `addr` until `done` holds of it, for at most a minute (a bound for
/// a stuck test, not a timing assertion).
fn wait_for(what: &str, addr: &str, done: impl Fn(&str) -> bool) {
    let give_up = Instant::now() + Duration::from_secs(60);
    while !done(addr) {
        assert!(Instant::now() < give_up, "{what}: not after a minute");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn has(uid: &str) -> impl Fn(&str) -> bool + '_ {
    move |addr| get(addr, FEED).text().contains(uid)
}

/// Terminates the backends of every replica's change listener on the
/// database of `url` (they name themselves `convene-changes-PID`); returns
/// how many.
fn kill_listeners(url: &str) -> usize {
    let (server, name) = url.rsplit_once('/').expect("a database URL");
    let out = std::process::Command::new("psql")
        .args([
            format!("{server}/postgres").as_str(),
            "-qAtc",
            &format!(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
                 WHERE datname = '{name}' AND application_name LIKE 'convene-changes-%'"
            ),
        ])
        .output()
        .expect("psql runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("a count")
}

#[test]
fn a_replica_whose_listener_is_killed_stays_fresh_and_listens_again_on_postgres() {
    let Some(db) = TestDatabase::postgres("fresh_kill") else {
        return;
    };
    let dir = TempDir::new("fresh-kill");
    import(&dir, &db.url, None);
    let (_, admin) = create_token(dir.path(), &db.url, "secretariat", &["--admin"]);
    // `a` writes. `b` re-reads the stamp every 300 ms and, once its
    // listener is lost, stays without one for 10 s; `c` relies on its
    // listener alone (a bound of ten minutes) and listens again after 5 s.
    let a = serve_db(dir.path(), &db.url, &[]);
    let b = serve_db(
        dir.path(),
        &db.url,
        &[
            ("CONVENE_CALENDAR__FRESHNESS_MS", "300"),
            ("CONVENE_DATABASE__LISTEN_RETRY_MS", "10000"),
        ],
    );
    let c = serve_db(
        dir.path(),
        &db.url,
        &[
            ("CONVENE_CALENDAR__FRESHNESS_MS", "600000"),
            ("CONVENE_DATABASE__LISTEN_RETRY_MS", "5000"),
        ],
    );
    for r in [&b, &c] {
        wait_for("listening", &r.addr, |x| {
            metric(x, "convene_change_listener_up") == 1.0
        });
        assert!(!get(&r.addr, FEED).text().contains(NEW_UID));
        assert_eq!(
            metric(&r.addr, "convene_change_listener_reconnects_total"),
            0.0
        );
    }

    // The listeners' backends go away; the replicas notice.
    assert_eq!(kill_listeners(&db.url), 3, "a's, b's and c's listeners");
    for r in [&b, &c] {
        wait_for("the listener down", &r.addr, |x| {
            metric(x, "convene_change_listener_up") == 0.0
        });
        // Requests go on meanwhile (and read the stamp as of now).
        assert!(!get(&r.addr, FEED).text().contains(NEW_UID));
    }
    create_meeting(&a.addr, &admin, "fresh-2031-05-14", "2031-05-14");
    // The change was written while c was not listening yet.
    assert_eq!(
        metric(&c.addr, "convene_change_listener_reconnects_total"),
        0.0
    );

    // (a) No notification can reach b, yet its feed has the change within
    // its bound: the stamp is read again once it is 300 ms old. Its
    // listener is still down when it does.
    wait_for("the change in b's feed", &b.addr, has(NEW_UID));
    assert_eq!(metric(&b.addr, "convene_change_listener_up"), 0.0);
    assert_eq!(
        metric(&b.addr, "convene_change_listener_reconnects_total"),
        0.0
    );

    // (b) c listens again, and reads the stamp anew when it does: the
    // change made while it was away is in its very next response, though
    // its bound is ten minutes and no notification of it will come.
    wait_for("c listening again", &c.addr, |x| {
        metric(x, "convene_change_listener_reconnects_total") == 1.0
    });
    assert_eq!(metric(&c.addr, "convene_change_listener_up"), 1.0);
    assert!(
        get(&c.addr, FEED).text().contains(NEW_UID),
        "c listens again but serves the feed from before the change"
    );
    // Listening again means notified again: the next change reaches c.
    create_meeting(&a.addr, &admin, "fresh-2031-05-21", "2031-05-21");
    wait_for(
        "the second change in c's feed",
        &c.addr,
        has("fresh-2031-05-21@"),
    );
}
