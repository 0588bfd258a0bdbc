//! The golden lifecycle, on SQLite and on PostgreSQL: one meeting through
//! create → move → shorten → cancel → reinstate → retention expiry, the
//! real `convene` binary over real sockets, its clock set with `--now`,
//! and a real SMTP server on loopback. At each step: the feed (UIDs,
//! SEQUENCE, STATUS, start and end in UTC, the dropped days as cancelled
//! events under their own UIDs), the mails (how many, subject, Message-ID,
//! threading) and, at the end, the history page and the Atom feed of
//! changes. Beside it: a reinstate before the cancel notice went out sends
//! nothing, and a reinstate checks conflicts and restores "tentative".

use convene_tests::smtp::SmtpSink;
use convene_tests::{TempDir, TestDatabase, get, request};
use serde_json::{Value, json};

// Shared with the mail tests; this file uses only part of it.
#[allow(dead_code)]
#[path = "support/mail_common.rs"]
mod mail_common;

#[path = "support/lifecycle_common.rs"]
mod lifecycle_common;

use lifecycle_common::*;
use mail_common::{PUBLIC_URL, worker};

fn golden_lifecycle(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let server = serve_at(d, db, T0);
    let sink = SmtpSink::start();
    let a = &server.addr;
    let send_mail = || worker(d, db, Some(&sink), Some(SEND_AT), &[]);

    // Create: four days, 09:00-12:00 Geneva time (07:00-10:00 UTC in June).
    let body = json!({
        "id": "life", "title": "Lifecycle e-meeting", "groups": ["wg5"], "kind": "e-meeting",
        "date": "2031-06-10", "until": "2031-06-13", "start": "09:00", "end": "12:00",
        "remote_url": "https://remote.itu.int/"
    });
    expect(a, &admin, "POST", "/api/v1/meetings", Some(&body), 201);
    let f = feed(a);
    has(&f, "life", 0, "CONFIRMED", "2031-06-10T07:00", "10:00");
    has(&f, "life-day4", 0, "CONFIRMED", "2031-06-13T07:00", "10:00");
    assert_eq!(send_mail().0, 1);
    one_new_mail(
        &sink,
        0,
        "[WG5] New meeting: Lifecycle e-meeting",
        "v1.announcement",
    );

    // Move: a week later, an hour later.
    let patch =
        json!({"date": "2031-06-17", "until": "2031-06-20", "start": "10:00", "end": "13:00"});
    expect(
        a,
        &admin,
        "PATCH",
        "/api/v1/meetings/life",
        Some(&patch),
        200,
    );
    let f = feed(a);
    has(&f, "life", 1, "CONFIRMED", "2031-06-17T08:00", "11:00");
    has(&f, "life-day4", 1, "CONFIRMED", "2031-06-20T08:00", "11:00");
    assert_eq!(send_mail().0, 1);
    one_new_mail(
        &sink,
        1,
        "[WG5] Changed: Lifecycle e-meeting, now 17-20 June 2031",
        "v2.update",
    );

    // Shorten to two days: days 3 and 4 stay, cancelled, under their UIDs.
    expect(
        a,
        &admin,
        "PATCH",
        "/api/v1/meetings/life",
        Some(&json!({"until": "2031-06-18"})),
        200,
    );
    let f = feed(a);
    has(&f, "life-day2", 2, "CONFIRMED", "2031-06-18T08:00", "11:00");
    has(&f, "life-day3", 2, "CANCELLED", "2031-06-19T08:00", "11:00");
    has(&f, "life-day4", 2, "CANCELLED", "2031-06-20T08:00", "11:00");
    assert_eq!(send_mail().0, 1);
    let m = one_new_mail(
        &sink,
        2,
        "[WG5] Changed: Lifecycle e-meeting, now 17-18 June 2031",
        "v3.update",
    );
    let (_, _, calendar, _, _) = mail_common::parts(&m);
    assert_eq!(published(&calendar, "life-day4").1, "CANCELLED");

    // Cancel: every day cancelled, a higher SEQUENCE.
    expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings/life/cancel",
        Some(&json!({"reason": "no quorum"})),
        200,
    );
    let f = feed(a);
    has(&f, "life", 3, "CANCELLED", "2031-06-17T08:00", "11:00");
    has(&f, "life-day2", 3, "CANCELLED", "2031-06-18T08:00", "11:00");
    has(&f, "life-day4", 3, "CANCELLED", "2031-06-20T08:00", "11:00");
    assert_eq!(send_mail().0, 1);
    one_new_mail(
        &sink,
        3,
        "[WG5] Cancelled: Lifecycle e-meeting, 17-18 June 2031",
        "v4.cancellation",
    );

    // Reinstate: same UIDs, confirmed again, SEQUENCE 4; the dropped days
    // stay cancelled. Once: a second reinstate is refused.
    let r = expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings/life/reinstate",
        None,
        200,
    );
    assert_eq!(
        (r["status"].as_str(), r["version"].as_i64()),
        (Some("confirmed"), Some(5))
    );
    assert!(r.get("cancel_reason").is_none_or(Value::is_null), "{r}");
    let again = send(a, &admin, "POST", "/api/v1/meetings/life/reinstate", None);
    assert_eq!(again.status, 409, "{}", again.text());
    assert_eq!(
        again.header("content-type"),
        Some("application/problem+json")
    );
    assert!(
        again.json()["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("not cancelled"),
        "{}",
        again.text()
    );
    let f = feed(a);
    has(&f, "life", 4, "CONFIRMED", "2031-06-17T08:00", "11:00");
    has(&f, "life-day2", 4, "CONFIRMED", "2031-06-18T08:00", "11:00");
    has(&f, "life-day3", 4, "CANCELLED", "2031-06-19T08:00", "11:00");
    assert_eq!(send_mail().0, 1);
    let m = one_new_mail(
        &sink,
        4,
        "[WG5] Reinstated: Lifecycle e-meeting, 17-18 June 2031",
        "v5.reinstatement",
    );
    let (text, _, calendar, _, _) = mail_common::parts(&m);
    assert!(text.contains("on again"), "{text}");
    assert_eq!(published(&calendar, "life").1, "CONFIRMED");

    // A second meeting, created and cancelled before anything went out:
    // no mail; it stays in the feed, cancelled, until its retention ends.
    let gone = json!({
        "id": "gone", "title": "Short-lived e-meeting", "groups": ["wg5"], "kind": "e-meeting",
        "date": "2031-06-05", "start": "14:00", "end": "15:00"
    });
    expect(a, &admin, "POST", "/api/v1/meetings", Some(&gone), 201);
    expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings/gone/cancel",
        Some(&json!({})),
        200,
    );
    assert_eq!(send_mail().0, 0);
    assert_eq!(sink.count(), 5);

    // The history, newest first: every change, field by field, by the
    // token's name.
    let h = get(a, "/meetings/life/history");
    assert_eq!(h.status, 200);
    assert!(h.header("content-security-policy").is_some());
    let rows = history_rows(&h.text());
    let heads: Vec<&str> = rows
        .iter()
        .map(|r| r.0.rsplit(' ').next().unwrap_or_default())
        .collect();
    assert_eq!(
        heads,
        ["reinstated", "cancelled", "changed", "changed", "created"]
    );
    for r in &rows {
        assert_eq!(
            (r.1.as_str(), r.2.as_str()),
            ("secretariat", "notified"),
            "{r:?}"
        );
    }
    assert_eq!(
        rows[0].3,
        [
            field("cancel_reason", "no quorum", "(none)"),
            field("status", "cancelled", "confirmed")
        ]
    );
    assert_eq!(
        rows[1].3,
        [
            field("cancel_reason", "(none)", "no quorum"),
            field("status", "confirmed", "cancelled")
        ]
    );
    assert_eq!(rows[2].3, [field("until", "2031-06-20", "2031-06-18")]);
    assert_eq!(
        rows[3].3,
        [
            field("date", "2031-06-10", "2031-06-17"),
            field("end", "12:00", "13:00"),
            field("start", "09:00", "10:00"),
            field("until", "2031-06-13", "2031-06-20"),
        ]
    );
    assert!(
        rows[4]
            .3
            .contains(&field("title", "(none)", "Lifecycle e-meeting")),
        "{:?}",
        rows[4]
    );

    // The group's history and its Atom feed, linked from the group page.
    let page = get(a, "/groups/wg5").text();
    let atom_url = format!("{PUBLIC_URL}/groups/wg5/changes.atom");
    assert!(page.contains(&format!("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Changes to WG5\" href=\"{atom_url}\">")), "{page}");
    assert!(page.contains("href=\"/groups/wg5/history\""), "{page}");
    let rows = history_rows(&get(a, "/groups/wg5/history").text());
    assert!(
        rows[0].0.ends_with("Short-lived e-meeting cancelled"),
        "{:?}",
        rows[0]
    );
    let atom = get(a, "/groups/wg5/changes.atom");
    assert_eq!(atom.status, 200);
    assert_eq!(
        atom.header("content-type"),
        Some("application/atom+xml; charset=utf-8")
    );
    let xml = atom.text();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"), "{xml}");
    assert!(xml.contains(&format!("<id>{atom_url}</id>")), "{xml}");
    let first = &xml[xml.find("<entry>").expect("an entry")..];
    assert!(
        first.contains("<title>Short-lived e-meeting: meeting cancelled</title>"),
        "{first}"
    );
    assert!(
        first.contains("<author><name>secretariat</name></author>"),
        "{first}"
    );
    assert!(
        first.contains(&format!("<id>{PUBLIC_URL}/meetings/gone/history#change-")),
        "{first}"
    );
    assert!(
        xml.contains("<title>Lifecycle e-meeting: meeting reinstated</title>"),
        "{xml}"
    );
    let with_sub = get(a, "/groups/fg-mv/changes.atom?subgroups=true").text();
    assert!(
        with_sub.contains("Lifecycle e-meeting: meeting reinstated"),
        "{with_sub}"
    );
    let alone = get(a, "/groups/fg-mv/changes.atom").text();
    assert!(!alone.contains("Lifecycle e-meeting"), "{alone}");
    let bad = get(a, "/groups/wg5/changes.atom?subgroups=maybe");
    assert_eq!(bad.status, 400, "{}", bad.text());
    assert_eq!(get(a, "/groups/nope/changes.atom").status, 404);
    drop(server);

    // Retention: 30 days after the last change (1 June), so the cancelled
    // items leave with the feed of 2 July (feeds change once a day with
    // time alone). The day before, they are there; the validator of that
    // day is not current the next.
    let server = serve_at(d, db, "2031-07-01T23:00:00Z");
    let before = get(&server.addr, "/calendars/wg5.ics");
    let f = before.text();
    assert_eq!(published(&f, "gone").1, "CANCELLED");
    has(&f, "life-day4", 4, "CANCELLED", "2031-06-20T08:00", "11:00");
    let etag = before.header("etag").expect("an ETag").to_owned();
    let modified = before
        .header("last-modified")
        .expect("Last-Modified")
        .to_owned();
    let same = request(
        &server.addr,
        "GET",
        "/calendars/wg5.ics",
        &[("If-None-Match", etag.as_str())],
        b"",
    );
    assert_eq!(same.status, 304);
    drop(server);
    let server = serve_at(d, db, "2031-07-02T00:30:00Z");
    let after = request(
        &server.addr,
        "GET",
        "/calendars/wg5.ics",
        &[("If-None-Match", etag.as_str())],
        b"",
    );
    assert_eq!(after.status, 200, "a feed changed by time alone is not 304");
    let since = [("If-Modified-Since", modified.as_str())];
    let by_date = request(&server.addr, "GET", "/calendars/wg5.ics", &since, b"");
    assert_eq!(by_date.status, 200, "nor by date alone");
    let f = after.text();
    for uid in ["gone", "life-day3", "life-day4"] {
        assert!(
            !f.contains(&format!("UID:{uid}@{DOMAIN}\r\n")),
            "{uid} should have left:\n{f}"
        );
    }
    has(&f, "life", 4, "CONFIRMED", "2031-06-17T08:00", "11:00");
    // The pages keep the cancelled meeting in the past list.
    let page = get(&server.addr, "/groups/wg5").text();
    let past = &page[page.find("id=\"past-h\"").expect("a past list")..];
    assert!(past.contains("Short-lived e-meeting"), "{past}");
}

/// A reinstate before the cancellation notice went out withdraws it and
/// sends nothing: the lists still know the meeting as announced.
fn reinstate_before_the_cancel_notice_sends_nothing(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let server = serve_at(d, db, T0);
    let sink = SmtpSink::start();
    let a = &server.addr;
    let body = json!({
        "id": "life", "title": "Lifecycle e-meeting", "groups": ["wg5"], "kind": "e-meeting",
        "date": "2031-06-10", "start": "09:00", "end": "12:00"
    });
    expect(a, &admin, "POST", "/api/v1/meetings", Some(&body), 201);
    assert_eq!(worker(d, db, Some(&sink), Some(SEND_AT), &[]).0, 1);
    expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings/life/cancel",
        Some(&json!({"reason": "oops"})),
        200,
    );
    expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings/life/reinstate",
        Some(&json!({})),
        200,
    );
    assert_eq!(worker(d, db, Some(&sink), Some(SEND_AT), &[]).0, 0);
    assert_eq!(sink.count(), 1);
    has(
        &feed(a),
        "life",
        2,
        "CONFIRMED",
        "2031-06-10T07:00",
        "10:00",
    );
}

/// A reinstate checks conflicts again (the slot may have been taken) and
/// gives back the status that was cancelled.
fn reinstate_checks_conflicts_and_keeps_tentative(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let server = serve_at(d, db, T0);
    let a = &server.addr;
    let m = |id: &str, status: &str| {
        json!({"id": id, "title": format!("{id} e-meeting"), "groups": ["wg5"], "kind": "e-meeting",
               "date": "2031-06-10", "start": "14:00", "end": "15:00", "status": status})
    };
    expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings",
        Some(&m("first", "confirmed")),
        201,
    );
    expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings/first/cancel",
        Some(&json!({})),
        200,
    );
    expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings",
        Some(&m("second", "confirmed")),
        201,
    );
    let r = expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings/first/reinstate",
        None,
        409,
    );
    assert_eq!(r["conflicts"][0]["meeting"], "second", "{r}");
    let r = expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings/first/reinstate",
        Some(&json!({"allow_conflicts": true})),
        200,
    );
    assert_eq!(r["status"], "confirmed");
    assert_eq!(r["conflicts"][0]["meeting"], "second", "{r}");

    expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings",
        Some(&m("maybe", "tentative")),
        201,
    );
    expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings/maybe/cancel",
        Some(&json!({})),
        200,
    );
    let r = expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings/maybe/reinstate",
        None,
        200,
    );
    assert_eq!(r["status"], "tentative");
    let r = expect(
        a,
        &admin,
        "POST",
        "/api/v1/meetings/maybe/reinstate",
        Some(&json!({"reason": "x"})),
        422,
    );
    assert_eq!(r["errors"][0]["field"], "reason");
    assert_eq!(
        send(a, "nope", "POST", "/api/v1/meetings/maybe/reinstate", None).status,
        401
    );
    assert_eq!(
        expect(
            a,
            &admin,
            "POST",
            "/api/v1/meetings/none/reinstate",
            None,
            404
        )["status"],
        404
    );
}

convene_tests::on_both!(
    "life";
    golden_lifecycle,
    reinstate_before_the_cancel_notice_sends_nothing,
    reinstate_checks_conflicts_and_keeps_tentative,
);
