//! Changes that mail once, on SQLite and on PostgreSQL, with the real
//! binary and a real SMTP server on loopback: a batch of changes sends each
//! list one notice (and its dry run shows exactly those mails, storing
//! nothing), a silent fix sends nothing but still raises the feed's
//! SEQUENCE, and changes inside `mail.hold_minutes` fold into one mail.
//!
//! The server runs on the real clock (meetings are in 2031); the worker is
//! run "later" with `--now`, past the hold.

use std::path::Path;

use chrono::{Duration, SecondsFormat, Utc};
use convene_tests::smtp::{Received, SmtpSink};
use convene_tests::{TempDir, TestDatabase, get};
use serde_json::{Value, json};

// Shared with the mail tests; this file uses only part of it.
#[allow(dead_code)]
#[path = "support/mail_common.rs"]
mod mail_common;

use mail_common::{parse, parts, seeded, send, server, vevent, worker};

/// The server, with the default hold of 10 minutes (the other mail tests
/// run theirs without one).
fn serve(dir: &Path, db: &TestDatabase) -> convene_tests::Server {
    server(dir, db, &[("CONVENE_MAIL__HOLD_MINUTES", "10")])
}

const WG3: &str = "fgmv-wg3@lists.itu.int";
const WG5: &str = "fgmv-wg5@lists.itu.int";

fn expect(addr: &str, token: &str, method: &str, path: &str, body: &Value, status: u16) -> Value {
    let r = send(addr, method, path, token, None, body);
    assert_eq!(r.status, status, "{method} {path}: {}", r.text());
    r.json()
}

fn meeting(id: &str, groups: &[&str], date: &str, start: &str, end: &str) -> Value {
    json!({
        "id": id, "title": format!("{id} e-meeting"), "groups": groups, "kind": "e-meeting",
        "date": date, "start": start, "end": end, "remote_url": "https://remote.itu.int/"
    })
}

/// `minutes` from now, RFC 3339: the worker's "later".
fn later(minutes: i64) -> String {
    (chrono::DateTime::<Utc>::from(std::time::SystemTime::now()) + Duration::minutes(minutes))
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn subject(m: &Received) -> String {
    parse(m).subject().unwrap_or_default().to_owned()
}

/// The SEQUENCE of an event in a feed.
fn sequence(addr: &str, feed: &str, uid: &str) -> String {
    let body = get(addr, feed).text();
    vevent(&body, uid)
        .lines()
        .find_map(|l| l.strip_prefix("SEQUENCE:"))
        .unwrap_or_else(|| panic!("no SEQUENCE for {uid}"))
        .trim()
        .to_owned()
}

/// `mails` without their `due`, and the dues.
fn without_due(mails: &Value) -> (Value, Vec<chrono::DateTime<chrono::FixedOffset>>) {
    let mut mails = mails.clone();
    let mut dues = Vec::new();
    for m in mails.as_array_mut().into_iter().flatten() {
        let due = m
            .as_object_mut()
            .and_then(|o| o.remove("due"))
            .unwrap_or_default();
        let due = due.as_str().unwrap_or_default();
        dues.push(chrono::DateTime::parse_from_rfc3339(due).expect("due is an instant"));
    }
    (mails, dues)
}

/// Five changes touching WG3 and WG5: two meetings created silently
/// before, then one batch that creates three (one joint), moves one and
/// cancels one. Its dry run stores nothing and shows two mails; the real
/// run sends exactly those two, one per list, each naming its three
/// changes.
fn one_batch_one_mail_per_list(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let server = serve(d, db);
    let sink = SmtpSink::start();
    let a = &server.addr;
    for (id, group, date) in [("old5", "wg5", "2031-06-02"), ("old3", "wg3", "2031-06-03")] {
        let mut m = meeting(id, &[group], date, "09:00", "10:00");
        m["notify"] = json!(false);
        expect(a, &admin, "POST", "/api/v1/meetings", &m, 201);
    }
    let body = |dry: bool| {
        json!({"dry_run": dry, "changes": [
            {"op": "create", "meeting": meeting("new5", &["wg5"], "2031-05-13", "14:00", "15:00")},
            {"op": "create", "meeting": meeting("new3", &["wg3"], "2031-05-14", "14:00", "15:00")},
            {"op": "create", "meeting": meeting("joint", &["wg3", "wg5"], "2031-05-15", "14:00", "15:00")},
            {"op": "patch", "id": "old5", "meeting": {"start": "11:00", "end": "12:00"}},
            {"op": "cancel", "id": "old3", "reason": "no quorum"},
        ]})
    };
    let feed = "/calendars/fg-mv.ics?subgroups=true";
    let before = get(a, feed);
    let etag = before.header("etag").map(str::to_owned);

    let dry = expect(a, &admin, "POST", "/api/v1/changes", &body(true), 200);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["results"].as_array().map(Vec::len), Some(5), "{dry}");
    assert_eq!(dry["results"][3]["meeting"]["version"], 2, "{dry}");
    // Nothing stored: the feed is the same, the new meetings do not exist.
    let after_dry = get(a, feed);
    assert_eq!(after_dry.header("etag").map(str::to_owned), etag);
    assert_eq!(after_dry.body, before.body);
    assert_eq!(get(a, "/api/v1/meetings/new5").status, 404);
    assert_eq!(
        get(a, "/api/v1/meetings/old3").json()["status"],
        "confirmed"
    );

    let real = expect(a, &admin, "POST", "/api/v1/changes", &body(false), 200);
    assert_eq!(real["dry_run"], false);
    // The same mails; each due the hold after its run, and the server's
    // clock runs between the two (a second may turn).
    let (real_mails, dry_mails) = (without_due(&real["mails"]), without_due(&dry["mails"]));
    assert_eq!(
        real_mails.0, dry_mails.0,
        "the dry run shows the mails the batch plans"
    );
    for (r, d) in real_mails.1.iter().zip(&dry_mails.1) {
        let late = (*r - *d).num_seconds();
        assert!(
            (0..=5).contains(&late),
            "due {d} in the dry run, {r} for real"
        );
    }
    assert_eq!(
        get(a, "/api/v1/meetings/old3").json()["status"],
        "cancelled"
    );
    assert_ne!(get(a, feed).header("etag").map(str::to_owned), etag);

    // Held: nothing is due yet.
    assert_eq!(worker(d, db, Some(&sink), Some(&later(5)), &[]).0, 0);
    let (sent, _, failed, _) = worker(d, db, Some(&sink), Some(&later(11)), &[]);
    assert_eq!((sent, failed), (2, 0));
    let mails = sink.messages();
    assert_eq!(mails.len(), 2);
    let planned = dry["mails"].as_array().expect("mails");
    assert_eq!(planned.len(), 2);
    for (list, others) in [
        (WG3, ["new3 ", "joint ", "old3 "]),
        (WG5, ["new5 ", "joint ", "old5 "]),
    ] {
        let m = mails
            .iter()
            .find(|m| m.to == [list.to_owned()])
            .unwrap_or_else(|| {
                panic!(
                    "no mail to {list} alone: {:?}",
                    mails.iter().map(|m| &m.to).collect::<Vec<_>>()
                )
            });
        let subject = subject(m);
        assert!(subject.contains("3 changes: "), "{subject}");
        let (text, html, calendar, _, name) = parts(m);
        for id in others {
            assert!(
                text.contains(&format!("{id}e-meeting")),
                "{list}: {id}: {text}"
            );
            assert!(html.contains(&format!("{id}e-meeting")), "{list}: {id}");
        }
        assert_eq!(name, "changes.ics");
        assert!(calendar.contains("UID:joint@"), "{calendar}");
        let shown = planned
            .iter()
            .find(|p| p["recipients"] == json!([list]))
            .expect("the dry run shows this list's mail");
        assert_eq!(shown["subject"], subject.as_str());
        assert_eq!(
            shown["text"].as_str().map(str::trim_end),
            Some(text.replace("\r\n", "\n").trim_end())
        );
    }
    let wg3 = mails
        .iter()
        .find(|m| m.to == [WG3.to_owned()])
        .expect("wg3");
    assert!(parts(wg3).0.contains("Cancelled: old3 e-meeting"));
    let wg5 = mails
        .iter()
        .find(|m| m.to == [WG5.to_owned()])
        .expect("wg5");
    assert!(parts(wg5).0.contains("Changed: old5 e-meeting"));
    assert!(parts(wg5).0.contains("11:00-12:00"), "{}", parts(wg5).0);
    // No separate announcements, updates or cancellations follow.
    assert_eq!(worker(d, db, Some(&sink), Some(&later(12)), &[]).0, 0);
}

/// A batch is all or none, and its errors name the change and the field;
/// its Idempotency-Key works as for any write.
fn batch_all_or_none_and_keyed(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let server = serve(d, db);
    let a = &server.addr;
    let mut bad = meeting("bad", &["wg5"], "2031-05-13", "25:00", "15:00");
    bad["title"] = json!("Bad");
    let body = json!({"changes": [
        {"op": "create", "meeting": meeting("good", &["wg5"], "2031-05-12", "14:00", "15:00")},
        {"op": "cancel", "id": "nope"},
        {"op": "create", "meeting": bad},
    ]});
    let r = send(a, "POST", "/api/v1/changes", &admin, None, &body);
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(
        r.json()["errors"][0]["field"],
        "changes[1].id",
        "{}",
        r.text()
    );
    assert_eq!(get(a, "/api/v1/meetings/good").status, 404);
    let body = json!({"changes": [
        {"op": "create", "meeting": meeting("good", &["wg5"], "2031-05-12", "14:00", "15:00")},
        {"op": "create", "meeting": meeting("bad", &["wg5"], "2031-05-13", "25:00", "15:00")},
    ]});
    let r = send(a, "POST", "/api/v1/changes", &admin, None, &body);
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(
        r.json()["errors"][0]["field"],
        "changes[1].meeting.start",
        "{}",
        r.text()
    );
    assert_eq!(get(a, "/api/v1/meetings/good").status, 404);

    let ok = json!({"changes": [
        {"op": "create", "meeting": meeting("good", &["wg5"], "2031-05-12", "14:00", "15:00")},
        {"op": "create", "deadline": {"id": "good-doc", "group": "wg5", "kind": "contribution", "date": "2031-05-01"}},
    ]});
    let first = send(a, "POST", "/api/v1/changes", &admin, Some("b-1"), &ok);
    assert_eq!(first.status, 200, "{}", first.text());
    let again = send(a, "POST", "/api/v1/changes", &admin, Some("b-1"), &ok);
    assert_eq!(again.status, 200, "{}", again.text());
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body, first.body);
    // Two overlapping WG5 meetings: the dry run lists the conflict, the
    // real run refuses it naming the change.
    let overlap = |dry: bool| {
        json!({"dry_run": dry, "changes": [
            {"op": "create", "meeting": meeting("first", &["wg5"], "2031-05-20", "14:00", "15:00")},
            {"op": "create", "meeting": meeting("second", &["wg5"], "2031-05-20", "14:30", "15:30")},
        ]})
    };
    let dry = send(a, "POST", "/api/v1/changes", &admin, None, &overlap(true));
    assert_eq!(dry.status, 200, "{}", dry.text());
    let conflicts = &dry.json()["conflicts"];
    assert_eq!(conflicts[0]["change"], 1, "{conflicts}");
    assert_eq!(conflicts[0]["allowed"], false, "{conflicts}");
    assert_eq!(conflicts[0]["meeting"], "first", "{conflicts}");
    let real = send(a, "POST", "/api/v1/changes", &admin, None, &overlap(false));
    assert_eq!(real.status, 409, "{}", real.text());
    let detail = real.json()["detail"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(detail.starts_with("changes[1]: "), "{detail}");
    assert_eq!(real.json()["conflicts"][0]["meeting"], "first");
    assert_eq!(get(a, "/api/v1/meetings/first").status, 404);
    // One list, one notice for both changes.
    assert_eq!(
        first.json()["mails"].as_array().map(Vec::len),
        Some(1),
        "{}",
        first.text()
    );
    assert_eq!(get(a, "/api/v1/deadlines/good-doc").status, 200);

    // Cancelled and reinstated in one batch: confirmed again, one version
    // per change.
    let undo = json!({"changes": [
        {"op": "cancel", "id": "good", "reason": "oops"},
        {"op": "reinstate", "id": "good"},
    ]});
    let r = expect(a, &admin, "POST", "/api/v1/changes", &undo, 200);
    assert_eq!(r["results"][1]["meeting"]["status"], "confirmed", "{r}");
    assert_eq!(r["results"][1]["meeting"]["version"], 3, "{r}");
    let occurrence = json!({"changes": [
        {"op": "cancel", "id": "good", "occurrence": "2031-05-12"},
    ]});
    let r = send(a, "POST", "/api/v1/changes", &admin, None, &occurrence);
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.json()["errors"][0]["field"], "changes[0].occurrence");
}

/// `notify: false` on every write: stored and published (SEQUENCE rises),
/// no mail at all.
fn silent_fixes_mail_nothing(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let server = serve(d, db);
    let sink = SmtpSink::start();
    let a = &server.addr;
    let feed = "/calendars/wg5.ics";
    let mut m = meeting("quiet", &["wg5"], "2031-05-13", "14:00", "15:00");
    m["notify"] = json!(false);
    expect(a, &admin, "POST", "/api/v1/meetings", &m, 201);
    let uid = "quiet@convene.example.org";
    assert_eq!(sequence(a, feed, uid), "0");
    let fix = json!({"start": "16:00", "end": "17:00", "notify": false});
    expect(a, &admin, "PATCH", "/api/v1/meetings/quiet", &fix, 200);
    assert_eq!(sequence(a, feed, uid), "1");
    let batch = json!({"notify": false, "changes": [
        {"op": "patch", "id": "quiet", "meeting": {"title": "Quiet e-meeting"}},
        {"op": "create", "deadline": {"id": "quiet-doc", "group": "wg5", "kind": "contribution", "date": "2031-05-01"}},
    ]});
    let r = expect(a, &admin, "POST", "/api/v1/changes", &batch, 200);
    assert_eq!(r["mails"], json!([]), "{r}");
    assert_eq!(sequence(a, feed, uid), "2");
    let cancel = json!({"reason": "typo", "notify": false});
    expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings/quiet/cancel",
        &cancel,
        200,
    );
    assert_eq!(sequence(a, feed, uid), "3");
    assert!(get(a, feed).text().contains("STATUS:CANCELLED"));
    assert_eq!(worker(d, db, Some(&sink), Some(&later(11)), &[]).0, 0);
    assert_eq!(sink.count(), 0);
}

/// Changes inside the hold fold into one mail with the final details: a
/// meeting created and patched twice is announced once, at its final time;
/// one created and cancelled mails nothing; one announced, then moved and
/// retitled, gets one update notice; a silent fix before the announcement
/// went out is announced fixed.
fn changes_inside_the_hold_fold(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let server = serve(d, db);
    let sink = SmtpSink::start();
    let a = &server.addr;
    expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings",
        &meeting("twice", &["wg5"], "2031-05-13", "14:00", "15:00"),
        201,
    );
    expect(
        a,
        &admin,
        "PATCH",
        "/api/v1/meetings/twice",
        &json!({"start": "15:00", "end": "16:00"}),
        200,
    );
    expect(
        a,
        &admin,
        "PATCH",
        "/api/v1/meetings/twice",
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
    expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings",
        &meeting("typo", &["wg3"], "2031-05-16", "09:00", "10:00"),
        201,
    );
    expect(
        a,
        &admin,
        "PATCH",
        "/api/v1/meetings/typo",
        &json!({"title": "Typo fixed", "notify": false}),
        200,
    );

    assert_eq!(
        worker(d, db, Some(&sink), Some(&later(5)), &[]).0,
        0,
        "held"
    );
    let (sent, _, failed, _) = worker(d, db, Some(&sink), Some(&later(11)), &[]);
    assert_eq!((sent, failed), (2, 0));
    let mails = sink.messages();
    let twice = mails
        .iter()
        .find(|m| m.header("Message-ID").is_some_and(|h| h.contains("twice")))
        .expect("twice announced");
    assert_eq!(
        twice.header("Message-ID").as_deref(),
        Some("<meeting.twice.v3.announcement@convene.example.org>")
    );
    assert!(
        subject(twice).contains("New meeting: twice e-meeting"),
        "{}",
        subject(twice)
    );
    let (text, _, calendar, _, _) = parts(twice);
    assert!(text.contains("16:00-17:00"), "{text}");
    assert!(
        calendar.contains("DTSTART;TZID=Europe/Zurich:20310513T160000"),
        "{calendar}"
    );
    let typo = mails
        .iter()
        .find(|m| m.header("Message-ID").is_some_and(|h| h.contains("typo")))
        .expect("typo announced, fixed");
    assert!(
        subject(typo).contains("New meeting: Typo fixed"),
        "{}",
        subject(typo)
    );
    assert!(
        !mails
            .iter()
            .any(|m| m.header("Message-ID").is_some_and(|h| h.contains("gone")))
    );

    // Announced now: a move then a retitle inside the hold give one update
    // notice, with the final details.
    expect(
        a,
        &admin,
        "PATCH",
        "/api/v1/meetings/twice",
        &json!({"start": "10:00", "end": "11:00"}),
        200,
    );
    expect(
        a,
        &admin,
        "PATCH",
        "/api/v1/meetings/twice",
        &json!({"title": "Twice, retitled"}),
        200,
    );
    let (sent, _, _, _) = worker(d, db, Some(&sink), Some(&later(11)), &[]);
    assert_eq!(sent, 1);
    let update = sink.messages().pop().expect("the update");
    assert_eq!(
        update.header("Message-ID").as_deref(),
        Some("<meeting.twice.v5.update@convene.example.org>")
    );
    assert!(
        subject(&update).contains("Changed: Twice, retitled"),
        "{}",
        subject(&update)
    );
    assert!(parts(&update).0.contains("10:00-11:00"));
    assert_eq!(worker(d, db, Some(&sink), Some(&later(12)), &[]).0, 0);
}

/// Batches racing for one WG5 slot: each creates its meeting there and one
/// in WG3 at a free time. Exactly one batch wins; the others are refused
/// whole (their WG3 meeting is not stored either), and the lists get one
/// notice each, for the winner only.
fn racing_batches_one_wins_whole(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let server = serve(d, db);
    let sink = SmtpSink::start();
    let a = server.addr.clone();
    let racers: Vec<_> = (0..4)
        .map(|i| {
            let (a, admin) = (a.clone(), admin.clone());
            std::thread::spawn(move || {
                let body = json!({"changes": [
                    {"op": "create", "meeting": meeting(&format!("race{i}"), &["wg5"], "2031-07-01", "09:00", "10:00")},
                    {"op": "create", "meeting": meeting(&format!("side{i}"), &["wg3"], &format!("2031-07-0{}", i + 2), "09:00", "10:00")},
                ]});
                let r = send(&a, "POST", "/api/v1/changes", &admin, None, &body);
                (i, r.status, r.text())
            })
        })
        .collect();
    let results: Vec<_> = racers
        .into_iter()
        .map(|t| t.join().expect("racer"))
        .collect();
    let statuses: Vec<(usize, u16)> = results.iter().map(|r| (r.0, r.1)).collect();
    let won: Vec<_> = results.iter().filter(|r| r.1 == 200).collect();
    assert_eq!(won.len(), 1, "exactly one batch wins: {statuses:?}");
    for r in results.iter().filter(|r| r.1 != 200) {
        assert_eq!(r.1, 409, "the others are refused as conflicts: {}", r.2);
    }
    let winner = won[0].0;
    for i in 0..4 {
        let status = |id: String| get(&a, &format!("/api/v1/meetings/{id}")).status;
        let stored = if i == winner { 200 } else { 404 };
        assert_eq!(status(format!("race{i}")), stored, "race{i}");
        assert_eq!(status(format!("side{i}")), stored, "side{i}: all or none");
    }
    let (sent, _, failed, _) = worker(d, db, Some(&sink), Some(&later(11)), &[]);
    assert_eq!((sent, failed), (2, 0), "one notice per list, the winner's");
    let mut to: Vec<_> = sink.messages().iter().map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(to, [vec![WG3.to_owned()], vec![WG5.to_owned()]]);
}

convene_tests::on_both!(
    "ch";
    one_batch_one_mail_per_list,
    batch_all_or_none_and_keyed,
    silent_fixes_mail_nothing,
    changes_inside_the_hold_fold,
    racing_batches_one_wins_whole,
);
