//! What a feed reads is never older than the store, whatever is kept in
//! memory (the parsed meetings, `server.meeting_cache_bytes`; each
//! meeting's written events, `server.event_cache_bytes`; the rendered
//! bodies, `server.cache_bytes`): a change to a meeting, to its deadlines,
//! to its group's name, list or join visibility, another language, an edit
//! of the database by hand, and the day's turn (the window's start, a
//! cancelled meeting's retention) show on the next request, with each
//! cache on and off, on SQLite and PostgreSQL. Speed is measured in
//! `bench/scale.sh`, not here.

use std::time::{Duration, Instant};

use convene_tests::{
    Response, Server, TempDir, TestDatabase, convene_ok, create_token, get, request, seed_text,
};
use serde_json::{Value, json};

const PUBLIC_URL: &str = "https://convene.example.org";
/// The server's clock starts here: 30 s before a UTC midnight.
const NOW: &str = "2030-03-14T23:59:30Z";
/// How long after its start the server's clock is past midnight.
const PAST_MIDNIGHT: Duration = Duration::from_secs(32);
const AHEAD_URL: &str = "https://remote.example.org/wg5-ahead-7f3a";

/// The seed plus three WG5 meetings: one ahead with join details, one that
/// ends on the first day of the 13-month window (it leaves the window at
/// midnight), and one cancelled (on import, a month before `NOW`) whose 30
/// days of retention end on `NOW`'s day.
fn schedule() -> String {
    let mut s = seed_text();
    s.push_str(&format!(
        r#"
[[meetings]]
id = "wg5-ahead"
title = "WG5 ahead e-meeting"
groups = ["wg5"]
kind = "e-meeting"
date = "2030-04-02"
start = "14:00"
end = "16:00"
remote_url = "{AHEAD_URL}"

[[meetings]]
id = "wg5-edge"
title = "WG5 edge e-meeting"
groups = ["wg5"]
kind = "e-meeting"
date = "2029-02-14"
start = "14:00"
end = "16:00"

[[meetings]]
id = "wg5-called-off"
title = "WG5 called-off e-meeting"
groups = ["wg5"]
kind = "e-meeting"
status = "cancelled"
date = "2030-01-10"
start = "14:00"
end = "16:00"
"#
    ));
    s
}

/// The feed's text with line folding undone.
fn feed(addr: &str) -> String {
    let r = get(addr, "/calendars/wg5.ics");
    assert_eq!(r.status, 200, "{}", r.text());
    r.text().replace("\r\n ", "")
}

fn send(addr: &str, method: &str, path: &str, token: &str, body: &Value) -> Response {
    send_as(addr, method, path, token, body, 200)
}

/// [`send`], answered with `status`.
fn send_as(
    addr: &str,
    method: &str,
    path: &str,
    token: &str,
    body: &Value,
    status: u16,
) -> Response {
    let auth = format!("Bearer {token}");
    let bytes = body.to_string().into_bytes();
    let h = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let r = request(addr, method, path, &h, &bytes);
    assert_eq!(r.status, status, "{method} {path}: {}", r.text());
    r
}

fn has_uid(text: &str, id: &str) -> bool {
    text.contains(&format!("UID:{id}@convene.example.org\r\n"))
}

/// One server with the caches as given: `(server.cache_bytes,
/// server.meeting_cache_bytes, server.event_cache_bytes)`.
fn changes_show_at_once(db: &TestDatabase, dir: &TempDir, caches: (&str, &str, &str)) {
    let d = dir.path();
    let file = d.join("schedule.toml");
    std::fs::write(&file, schedule()).expect("schedule written");
    let path = file.display().to_string();
    convene_ok(
        d,
        &db.url,
        &["import", &path, "--now", "2030-02-12T12:00:00Z"],
    );
    let (_, admin) = create_token(d, &db.url, "secretariat", &["--admin"]);
    let started = Instant::now();
    let server = Server::start(
        d,
        &["serve", "--now", NOW],
        &[
            ("CONVENE_DATABASE_URL", db.url.as_str()),
            ("CONVENE_LISTEN", "127.0.0.1:0"),
            ("CONVENE_PUBLIC_URL", PUBLIC_URL),
            ("CONVENE_MAIL_DISPATCH_INTERVAL_SECONDS", "0"),
            ("CONVENE_CALENDAR__PAST_MONTHS", "13"),
            ("CONVENE_CALENDAR__CANCELLED_RETENTION_DAYS", "30"),
            ("CONVENE_SERVER__CACHE_BYTES", caches.0),
            ("CONVENE_SERVER__MEETING_CACHE_BYTES", caches.1),
            ("CONVENE_SERVER__EVENT_CACHE_BYTES", caches.2),
            // One connection: a feed that took a second while holding the
            // first would wait for itself (as it would under load).
            ("CONVENE_DATABASE__MAX_CONNECTIONS", "1"),
        ],
    );
    let a = server.addr.as_str();

    // 14 March: the window starts on 14 February 2029.
    let text = feed(a);
    assert!(has_uid(&text, "wg5-ahead"), "{text}");
    assert!(has_uid(&text, "wg5-edge"), "{text}");
    assert!(has_uid(&text, "wg5-called-off"), "{text}");
    assert!(text.contains("SUMMARY:WG5 ahead e-meeting\r\n"), "{text}");
    // Members-only by default: the public feed withholds the link.
    assert!(!text.contains(AHEAD_URL), "{text}");
    // The same again: now from what was kept.
    assert_eq!(feed(a), text);

    // A new version of the meeting.
    let patch = json!({"title": "WG5 moved e-meeting", "start": "15:00", "end": "17:00"});
    send(a, "PATCH", "/api/v1/meetings/wg5-ahead", &admin, &patch);
    let text = feed(a);
    assert!(text.contains("SUMMARY:WG5 moved e-meeting\r\n"), "{text}");
    assert!(!text.contains("WG5 ahead e-meeting"), "{text}");
    assert!(text.contains("DTSTART;TZID=Europe/Zurich:20300402T150000\r\n"));

    // A deadline of the meeting: in its description, and an event of its
    // own; then moved a day.
    let deadline = json!({"id": "wg5-ahead-input", "meeting": "wg5-ahead", "kind": "other",
        "title": "Input documents", "date": "2030-03-26", "email": "tsbfgmv@itu.int"});
    send_as(a, "POST", "/api/v1/deadlines", &admin, &deadline, 201);
    let text = feed(a);
    assert!(has_uid(&text, "deadline-wg5-ahead-input"), "{text}");
    assert!(text.contains("DTSTART;VALUE=DATE:20300326\r\n"), "{text}");
    let moved = json!({"date": "2030-03-27"});
    send(
        a,
        "PATCH",
        "/api/v1/deadlines/wg5-ahead-input",
        &admin,
        &moved,
    );
    let text = feed(a);
    assert!(text.contains("DTSTART;VALUE=DATE:20300327\r\n"), "{text}");
    assert!(!text.contains("DTSTART;VALUE=DATE:20300326\r\n"), "{text}");
    // A deadline of a joint meeting is published once, in a feed of both
    // its groups.
    let joint = json!({"id": "joint-notes", "meeting": "wg3-wg5-2023-09-07", "kind": "other",
        "title": "Notes", "date": "2023-09-01", "email": "tsbfgmv@itu.int"});
    send_as(a, "POST", "/api/v1/deadlines", &admin, &joint, 201);
    let both = get(a, "/calendars.ics?groups=wg3,wg5&past=all").text();
    assert_eq!(
        both.matches("UID:deadline-joint-notes@").count(),
        1,
        "{both}"
    );
    assert_eq!(both.matches("UID:wg3-wg5-2023-09-07@").count(), 1, "{both}");
    // Another language, and back: each its own text.
    let fr = get(a, "/calendars/wg5.ics?lang=fr")
        .text()
        .replace("\r\n ", "");
    assert!(fr.contains("SUMMARY:Date limite"), "{fr}");
    assert_eq!(feed(a), text);

    // Its group: another name and list, then its details made public...
    let group = json!({"name": "Renamed working party", "mailing_list": "wg5-new@example.org"});
    send(a, "PATCH", "/api/v1/groups/wg5", &admin, &group);
    let text = feed(a);
    assert!(text.contains("(Renamed working party)"), "{text}");
    assert!(text.contains("wg5-new@example.org"), "{text}");
    assert!(!text.contains(AHEAD_URL), "{text}");
    let public = json!({"join_visibility": "public"});
    send(a, "PATCH", "/api/v1/groups/wg5", &admin, &public);
    let text = feed(a);
    assert!(text.contains(AHEAD_URL), "{text}");
    // ... and members-only again: the link leaves the public feed at once.
    let members = json!({"join_visibility": "members"});
    send(a, "PATCH", "/api/v1/groups/wg5", &admin, &members);
    let text = feed(a);
    assert!(!text.contains(AHEAD_URL), "{text}");
    assert!(text.contains("SUMMARY:WG5 moved e-meeting\r\n"), "{text}");
    assert!(has_uid(&text, "wg5-edge"), "still 14 March: {text}");

    // 15 March: the window starts a day later and the cancelled meeting's
    // retention is over; nothing was written meanwhile.
    if let Some(wait) = PAST_MIDNIGHT.checked_sub(started.elapsed()) {
        std::thread::sleep(wait);
    }
    let text = feed(a);
    assert!(!has_uid(&text, "wg5-edge"), "{text}");
    assert!(!has_uid(&text, "wg5-called-off"), "{text}");
    assert!(text.contains("SUMMARY:WG5 moved e-meeting\r\n"), "{text}");
    assert!(!text.contains(AHEAD_URL), "{text}");
    let all = get(a, "/calendars/wg5.ics?past=all").text();
    assert!(has_uid(&all, "wg5-edge"), "the archive keeps it: {all}");

    // An edit of the database by hand (no change stamp: only a server that
    // renders every request sees it before the next write).
    if caches.0 == "0" {
        db.execute(
            "UPDATE meetings SET input = replace(input, 'WG5 moved e-meeting', 'WG5 hand-edited e-meeting') \
             WHERE id = 'wg5-ahead'",
        );
        let text = feed(a);
        assert!(
            text.contains("SUMMARY:WG5 hand-edited e-meeting\r\n"),
            "{text}"
        );
        assert!(!text.contains("WG5 moved e-meeting"), "{text}");
        // The edit made the digest unknown, on the meeting and beside its
        // groups; `convene migrate` (as every start) works it out again.
        let digest = "SELECT CASE WHEN digest IS NULL THEN 'unknown' ELSE 'known' END \
                      FROM meetings WHERE id = 'wg5-ahead'";
        let apart = "SELECT count(*) FROM meeting_groups mg JOIN meetings m ON m.id = mg.meeting_id \
                     WHERE mg.digest IS NULL OR mg.digest <> m.digest";
        assert_eq!(db.execute(digest), "unknown");
        assert_eq!(db.execute(apart), "1");
        convene_ok(d, &db.url, &["migrate"]);
        assert_eq!(db.execute(digest), "known");
        assert_eq!(db.execute(apart), "0");
        assert_eq!(feed(a), text);
    }
}

/// Every cache on: the server's defaults.
fn kept_bodies_and_meetings(db: &TestDatabase, dir: &TempDir) {
    changes_show_at_once(db, dir, ("67108864", "16777216", "33554432"));
}

/// Every request renders, from kept written events and meetings (as
/// `bench/scale.sh`).
fn kept_events_and_meetings(db: &TestDatabase, dir: &TempDir) {
    changes_show_at_once(db, dir, ("0", "16777216", "33554432"));
}

/// Every request renders, from kept written events alone.
fn kept_events_only(db: &TestDatabase, dir: &TempDir) {
    changes_show_at_once(db, dir, ("0", "0", "33554432"));
}

/// Every request renders, every meeting read whole, from kept meetings.
fn kept_meetings_only(db: &TestDatabase, dir: &TempDir) {
    changes_show_at_once(db, dir, ("0", "16777216", "0"));
}

/// Nothing kept: every request reads, parses and writes everything.
fn nothing_kept(db: &TestDatabase, dir: &TempDir) {
    changes_show_at_once(db, dir, ("0", "0", "0"));
}

convene_tests::on_both!("reads"; kept_bodies_and_meetings, kept_events_and_meetings, kept_events_only, kept_meetings_only, nothing_kept);
