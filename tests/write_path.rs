//! The write path the way the world uses it, on SQLite and on PostgreSQL:
//! writers racing for one slot, a request that times out or whose server
//! is killed and is then retried with its `Idempotency-Key`, a change made
//! before the last one was mailed, a meeting shortened after it was
//! announced, and an import run again after an API change. The real
//! `convene` binary over real sockets, a real SMTP server on loopback.

use std::sync::{Arc, Barrier};

use convene_tests::smtp::SmtpSink;
use convene_tests::{DbLock, Response, TempDir, TestDatabase, get, list_ids};
use serde_json::{Value, json};

// Shared with the mail tests; this file uses only part of it.
#[allow(dead_code)]
#[path = "support/mail_common.rs"]
mod mail_common;

use mail_common::{parse, parts, run, seed_path, seeded, send, server as serve, vevent, worker};

/// Sends `body` and checks the answer's status; the response.
fn expect(
    addr: &str,
    token: &str,
    method: &str,
    path: &str,
    body: &Value,
    status: u16,
) -> Response {
    let r = send(addr, method, path, token, None, body);
    assert_eq!(r.status, status, "{method} {path}: {}", r.text());
    r
}

fn meeting(id: &str, groups: &[&str], date: &str, start: &str, end: &str) -> Value {
    json!({
        "id": id, "title": format!("{id} e-meeting"), "groups": groups, "kind": "e-meeting",
        "date": date, "start": start, "end": end, "remote_url": "https://remote.itu.int/"
    })
}

// ---------------------------------------------------------------------------
// Racing writers
// ---------------------------------------------------------------------------

/// 20 simultaneous creates on one slot, for WG6 and its task group
/// TG-cybersecurity: exactly one is stored, every other gets 409 naming it.
fn overlapping_creates_one_wins(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let server = serve(d, db, &[]);
    let n = 20;
    let barrier = Arc::new(Barrier::new(n));
    let threads: Vec<_> = (0..n)
        .map(|i| {
            let (addr, admin, barrier) = (server.addr.clone(), admin.clone(), barrier.clone());
            std::thread::spawn(move || {
                let group = if i % 2 == 0 {
                    "wg6"
                } else {
                    "tg-cybersecurity"
                };
                let body = meeting(
                    &format!("race-{i:02}"),
                    &[group],
                    "2031-05-06",
                    "09:00",
                    "11:00",
                );
                barrier.wait();
                let r = send(&addr, "POST", "/api/v1/meetings", &admin, None, &body);
                (r.status, r.json())
            })
        })
        .collect();
    let answers: Vec<(u16, Value)> = threads
        .into_iter()
        .map(|t| t.join().expect("thread"))
        .collect();
    let created: Vec<&Value> = answers
        .iter()
        .filter(|(s, _)| *s == 201)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(created.len(), 1, "{answers:?}");
    let winner = created[0]["id"].as_str().expect("id").to_owned();
    for (status, body) in answers.iter().filter(|(s, _)| *s != 201) {
        assert_eq!(*status, 409, "{body}");
        assert_eq!(body["conflicts"][0]["meeting"], winner.as_str(), "{body}");
        assert_eq!(
            body["conflicts"][0]["overlaps"][0],
            json!(["2031-05-06T07:00:00Z", "2031-05-06T09:00:00Z"])
        );
    }
    let listed = get(
        &server.addr,
        "/api/v1/meetings?from=2031-05-06&to=2031-05-06",
    )
    .json();
    let ids = list_ids(&listed, "meetings");
    assert_eq!(ids, [winner.as_str()]);
}

// ---------------------------------------------------------------------------
// Retried requests
// ---------------------------------------------------------------------------

/// A keyed POST that hits the request time limit leaves its key free: the
/// retry creates the meeting, and a second retry gets that answer whole.
fn key_of_a_timed_out_request_works_on_retry(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let server = serve(d, db, &[("CONVENE_REQUEST_TIMEOUT_SECONDS", "1")]);
    let body = meeting("retried", &["wg5"], "2031-05-13", "14:00", "15:00");
    let lock = DbLock::hold(db);
    let first = send(
        &server.addr,
        "POST",
        "/api/v1/meetings",
        &admin,
        Some("k-1"),
        &body,
    );
    assert_eq!(first.status, 503, "{}", first.text());
    assert_eq!(
        first.header("content-type"),
        Some("application/problem+json")
    );
    drop(lock);

    let retry = send(
        &server.addr,
        "POST",
        "/api/v1/meetings",
        &admin,
        Some("k-1"),
        &body,
    );
    assert_eq!(retry.status, 201, "{}", retry.text());
    assert_eq!(retry.header("idempotent-replayed"), None);
    let again = send(
        &server.addr,
        "POST",
        "/api/v1/meetings",
        &admin,
        Some("k-1"),
        &body,
    );
    assert_eq!(again.status, 201, "{}", again.text());
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    for h in ["content-type", "location", "etag"] {
        assert_eq!(again.header(h), retry.header(h), "{h}");
    }
    assert_eq!(again.header("location"), Some("/api/v1/meetings/retried"));
    assert_eq!(again.header("etag"), Some("\"1\""));
    assert_eq!(again.body, retry.body);

    // The same key with another body is refused, naming the header.
    let other = meeting("other", &["wg5"], "2031-05-20", "14:00", "15:00");
    let r = send(
        &server.addr,
        "POST",
        "/api/v1/meetings",
        &admin,
        Some("k-1"),
        &other,
    );
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.json()["errors"][0]["field"], "Idempotency-Key");
    // A refused request keeps nothing: its key can carry a corrected one.
    let bad = json!({"id": "bad", "title": "x"});
    let r = send(
        &server.addr,
        "POST",
        "/api/v1/meetings",
        &admin,
        Some("k-2"),
        &bad,
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let r = send(
        &server.addr,
        "POST",
        "/api/v1/meetings",
        &admin,
        Some("k-2"),
        &other,
    );
    assert_eq!(r.status, 201, "{}", r.text());
}

/// A keyed POST whose server is killed mid-request leaves its key free:
/// the retry, on a new server, creates the meeting.
fn key_of_a_killed_request_works_on_retry(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let server = serve(d, db, &[]);
    let body = meeting("survivor", &["wg5"], "2031-05-13", "14:00", "15:00");
    let lock = DbLock::hold(db);
    let in_flight = {
        let (addr, admin, body) = (server.addr.clone(), admin.clone(), body.clone());
        std::thread::spawn(move || {
            std::panic::catch_unwind(|| {
                send(
                    &addr,
                    "POST",
                    "/api/v1/meetings",
                    &admin,
                    Some("k-kill"),
                    &body,
                )
                .status
            })
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(700));
    drop(server); // SIGKILL
    let _ = in_flight.join();
    drop(lock);

    let server = serve(d, db, &[]);
    let retry = send(
        &server.addr,
        "POST",
        "/api/v1/meetings",
        &admin,
        Some("k-kill"),
        &body,
    );
    assert_eq!(retry.status, 201, "{}", retry.text());
    assert_eq!(get(&server.addr, "/api/v1/meetings/survivor").status, 200);
}

// ---------------------------------------------------------------------------
// Notices in order
// ---------------------------------------------------------------------------

/// A meeting changed before its announcement went out is announced as it
/// now is, once, with no "Changed:"; one cancelled before anything went out
/// sends nothing.
fn a_list_hears_of_a_meeting_first_by_its_announcement(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let server = serve(d, db, &[]);
    let sink = SmtpSink::start();
    let a = &server.addr;
    expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings",
        &meeting("early", &["wg5"], "2031-05-13", "14:00", "15:00"),
        201,
    );
    expect(
        a,
        &admin,
        "PATCH",
        "/api/v1/meetings/early",
        &json!({"start": "16:00", "end": "17:00"}),
        200,
    );
    expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings",
        &meeting("gone", &["wg3"], "2031-05-14", "14:00", "15:00"),
        201,
    );
    expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings/gone/cancel",
        &json!({"reason": "no quorum"}),
        200,
    );

    let (sent, _, failed, _) = worker(d, db, Some(&sink), None, &[]);
    assert_eq!((sent, failed), (1, 0));
    let mails = sink.messages();
    assert_eq!(mails.len(), 1);
    let m = &mails[0];
    assert_eq!(
        m.header("Message-ID").as_deref(),
        Some("<meeting.early.v2.announcement@convene.example.org>")
    );
    let subject = parse(m).subject().unwrap_or_default().to_owned();
    assert!(
        subject.starts_with("[WG5] New meeting: early e-meeting"),
        "{subject}"
    );
    let (text, _, calendar, _, _) = parts(m);
    assert!(text.contains("16:00"), "{text}");
    assert!(
        calendar.contains("DTSTART;TZID=Europe/Zurich:20310513T160000"),
        "{calendar}"
    );
    assert!(calendar.contains("SEQUENCE:1"), "{calendar}");
    // Nothing more is due: no "Changed:", no "Cancelled:".
    assert_eq!(worker(d, db, Some(&sink), None, &[]).0, 0);
    assert_eq!(sink.count(), 1);
}

/// A four-day meeting shortened to two after its announcement: the update
/// mail's calendar and the feed carry days 3 and 4 as cancelled, under the
/// UIDs they were announced with and a higher SEQUENCE.
fn dropped_days_are_published_cancelled(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let server = serve(d, db, &[]);
    let sink = SmtpSink::start();
    let a = &server.addr;
    let mut body = meeting("long", &["wg5"], "2031-06-02", "09:00", "12:00");
    body["until"] = json!("2031-06-05");
    expect(a, &admin, "POST", "/api/v1/meetings", &body, 201);
    assert_eq!(worker(d, db, Some(&sink), None, &[]).0, 1);
    let (_, _, announced, _, _) = parts(&sink.messages()[0]);
    assert!(
        announced.contains("UID:long-day4@convene.example.org"),
        "{announced}"
    );

    expect(
        a,
        &admin,
        "PATCH",
        "/api/v1/meetings/long",
        &json!({"until": "2031-06-03"}),
        200,
    );
    assert_eq!(worker(d, db, Some(&sink), None, &[]).0, 1);
    let update = &sink.messages()[1];
    let subject = parse(update).subject().unwrap_or_default().to_owned();
    assert!(
        subject.starts_with("[WG5] Changed: long e-meeting"),
        "{subject}"
    );
    let (_, _, calendar, _, _) = parts(update);
    let feed = get(a, "/calendars/wg5.ics").text();
    for cal in [&calendar, &feed] {
        for day in [3, 4] {
            let ev = vevent(cal, &format!("long-day{day}@convene.example.org"));
            assert!(ev.contains("STATUS:CANCELLED\r\n"), "{ev}");
            assert!(ev.contains("SEQUENCE:1\r\n"), "{ev}");
        }
        let ev = vevent(cal, "long-day2@convene.example.org");
        assert!(ev.contains("STATUS:CONFIRMED\r\n"), "{ev}");
    }
    let ev = vevent(&feed, "long-day3@convene.example.org");
    assert!(ev.contains("DTSTART:20310604T070000Z\r\n"), "{ev}");
}

// ---------------------------------------------------------------------------
// Imports and the API
// ---------------------------------------------------------------------------

/// Import the seed, move a meeting through the API, import the same file
/// again: the move stays and is reported; `--overwrite` takes the file's.
fn reimport_keeps_api_changes(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let server = serve(d, db, &[]);
    let a = &server.addr;
    let id = "wg5-2023-09-07";
    let before = get(a, &format!("/api/v1/meetings/{id}")).json();
    let r = expect(
        a,
        &admin,
        "PATCH",
        &format!("/api/v1/meetings/{id}"),
        &json!({"start": "10:00", "allow_conflicts": true}),
        200,
    );
    let moved = r.json();

    let out = run(d, db, &["import", &seed_path()], &[]);
    assert!(
        out.contains("meetings: 0 created, 0 updated, 49 unchanged, 1 kept"),
        "{out}"
    );
    assert!(
        out.contains(&format!("kept: meeting {id}: field `start`: changed through the API to \"10:00\", the file says \"09:00\"")),
        "{out}"
    );
    let now = get(a, &format!("/api/v1/meetings/{id}")).json();
    assert_eq!(now["sessions"], moved["sessions"]);
    assert_eq!(now["version"], 2);

    let out = run(d, db, &["import", &seed_path(), "--overwrite"], &[]);
    assert!(
        out.contains("meetings: 0 created, 1 updated, 49 unchanged"),
        "{out}"
    );
    let now = get(a, &format!("/api/v1/meetings/{id}")).json();
    assert_eq!(now["sessions"], before["sessions"]);
    assert_eq!(now["version"], 3);
    // Imported again, the file and the store agree: nothing to report.
    let out = run(d, db, &["import", &seed_path()], &[]);
    assert!(
        out.contains("meetings: 0 created, 0 updated, 50 unchanged;"),
        "{out}"
    );
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

/// An archived group keeps its meetings changeable (cancel) but takes no
/// new ones; a task group sits under the FG or a WG; years are bounded.
fn rules_hold_on_every_write(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let server = serve(d, db, &[]);
    let a = &server.addr;
    expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings",
        &meeting("wg3-late", &["wg3"], "2031-05-14", "14:00", "15:00"),
        201,
    );
    expect(
        a,
        &admin,
        "POST",
        "/api/v1/groups/wg3/archive",
        &json!({}),
        200,
    );
    let r = expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings/wg3-late/cancel",
        &json!({"reason": "WG closed"}),
        200,
    );
    assert_eq!(r.json()["status"], "cancelled");
    let r = expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings",
        &meeting("wg3-new", &["wg3"], "2031-05-21", "14:00", "15:00"),
        422,
    );
    assert_eq!(r.json()["errors"][0]["field"], "groups[0]");

    // A group made with a key: its retry gets the same answer, and only
    // one group exists.
    let wg = json!({"slug": "wg10", "name": "New working group", "kind": "working-group", "parent": "fg-mv"});
    let first = send(a, "POST", "/api/v1/groups", &admin, Some("g-1"), &wg);
    assert_eq!(first.status, 201, "{}", first.text());
    let again = send(a, "POST", "/api/v1/groups", &admin, Some("g-1"), &wg);
    assert_eq!(again.status, 201, "{}", again.text());
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body, first.body);
    let tg = json!({"slug": "tg-sub", "name": "Sub task group", "kind": "task-group", "parent": "tg-cybersecurity"});
    let r = send(a, "POST", "/api/v1/groups", &admin, None, &tg);
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.json()["errors"][0]["field"], "parent");

    for date in ["0000-01-01", "1899-12-31", "2201-01-01"] {
        let r = send(
            a,
            "POST",
            "/api/v1/meetings",
            &admin,
            None,
            &meeting("far", &["wg5"], date, "14:00", "15:00"),
        );
        assert_eq!(r.status, 422, "{date}: {}", r.text());
        assert_eq!(r.json()["errors"][0]["field"], "date", "{date}");
    }
    // The whole tree's feed still parses, and holds every meeting kept.
    let feed = get(a, "/calendars/fg-mv.ics?subgroups=true");
    assert_eq!(feed.status, 200);
    let calendars: Vec<_> = ical::IcalParser::new(feed.body.as_slice()).collect();
    assert_eq!(calendars.len(), 1);
    let calendar = calendars[0].as_ref().expect("the feed parses");
    let uids: Vec<String> = calendar
        .events
        .iter()
        .flat_map(|e| &e.properties)
        .filter(|p| p.name == "UID")
        .filter_map(|p| p.value.clone())
        .collect();
    assert!(uids.iter().any(|u| u.starts_with("wg3-late@")), "{uids:?}");
    assert!(!uids.iter().any(|u| u.starts_with("far")), "{uids:?}");
}

convene_tests::on_both!(
    "wp";
    overlapping_creates_one_wins,
    key_of_a_timed_out_request_works_on_retry,
    key_of_a_killed_request_works_on_retry,
    a_list_hears_of_a_meeting_first_by_its_announcement,
    dropped_days_are_published_cancelled,
    reimport_keeps_api_changes,
    rules_hold_on_every_write,
);
