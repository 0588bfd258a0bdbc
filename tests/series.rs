//! Recurring series through the API, on SQLite and on PostgreSQL: a
//! fortnightly series created, one occurrence moved, one cancelled, read
//! back, published in the group's feed, clashing with another meeting on
//! one of its days, and split from an occurrence on.

use convene_tests::{Response, TempDir, TestDatabase, get, request};
use serde_json::{Value, json};

#[allow(dead_code)]
#[path = "support/mail_common.rs"]
mod mail_common;

use convene_tests::smtp::SmtpSink;
use mail_common::{parse, parts, seeded, server as serve, vevent, worker};

pub(crate) const RULE: &str = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20231219";

fn send(addr: &str, token: &str, method: &str, path: &str, body: &Value, status: u16) -> Response {
    let auth = format!("Bearer {token}");
    let headers = [
        ("Content-Type", "application/json"),
        ("Authorization", auth.as_str()),
    ];
    let r = request(addr, method, path, &headers, body.to_string().as_bytes());
    assert_eq!(r.status, status, "{method} {path}: {}", r.text());
    r
}

fn series_body() -> Value {
    json!({
        "id": "wg5-fortnightly", "title": "WG5 e-meeting", "groups": ["wg5"],
        "kind": "e-meeting", "date": "2023-09-05", "start": "14:00", "end": "15:00",
        "remote_url": "https://remote.itu.int/", "recurrence": RULE
    })
}

fn starts(v: &Value) -> Vec<(String, String, String)> {
    v["recurrence"]["occurrences"]
        .as_array()
        .expect("occurrences")
        .iter()
        .map(|o| {
            (
                o["original_date"].as_str().unwrap_or("").to_owned(),
                o["status"].as_str().unwrap_or("").to_owned(),
                o["start_utc"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

fn series_over_the_api(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let server = serve(d, db, &[]);
    let a = &server.addr;
    // The series clashes with the 3rd FG-MV meeting (2-5 October, Geneva)
    // on one of its days only.
    let body = series_body();
    let refused = send(a, &admin, "POST", "/api/v1/meetings", &body, 409).json();
    assert_eq!(refused["conflicts"][0]["meeting"], "fgmv-3");
    assert_eq!(
        refused["conflicts"][0]["overlaps"],
        json!([["2023-10-03T12:00:00Z", "2023-10-03T13:00:00Z"]])
    );
    let mut body = body;
    body["allow_conflicts"] = json!(true);
    let created = send(a, &admin, "POST", "/api/v1/meetings", &body, 201).json();
    assert_eq!(
        created["recurrence"]["words"],
        "every second Tuesday, 14:00-15:00 hours, Geneva time, from 5 September 2023, until 12 December 2023 (8 times)"
    );
    assert_eq!(created["input"]["recurrence"], RULE);
    // Moved and cancelled by their original dates.
    send(
        a,
        &admin,
        "PATCH",
        "/api/v1/meetings/wg5-fortnightly/occurrences/2023-10-17",
        &json!({"date": "2023-10-19", "start": "10:00", "end": "11:30"}),
        200,
    );
    let cancelled = send(
        a,
        &admin,
        "POST",
        "/api/v1/meetings/wg5-fortnightly/occurrences/2023-11-14/cancel",
        &json!({"reason": "TSAG week"}),
        200,
    )
    .json();
    assert_eq!(cancelled["version"], 3);
    assert_eq!(
        starts(&cancelled),
        [
            ("2023-09-05", "scheduled", "2023-09-05T12:00:00Z"),
            ("2023-09-19", "scheduled", "2023-09-19T12:00:00Z"),
            ("2023-10-03", "scheduled", "2023-10-03T12:00:00Z"),
            ("2023-10-17", "changed", "2023-10-19T08:00:00Z"),
            ("2023-10-31", "scheduled", "2023-10-31T13:00:00Z"),
            ("2023-11-14", "cancelled", "2023-11-14T13:00:00Z"),
            ("2023-11-28", "scheduled", "2023-11-28T13:00:00Z"),
            ("2023-12-12", "scheduled", "2023-12-12T13:00:00Z"),
        ]
        .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    );
    assert_eq!(cancelled["sessions"].as_array().map(Vec::len), Some(7));
    let one = get(a, "/api/v1/meetings/wg5-fortnightly/occurrences/2023-11-14");
    assert_eq!(one.status, 200);
    assert_eq!(one.json()["cancel_reason"], "TSAG week");
    assert_eq!(one.header("etag"), Some("\"3\""));
    let none = get(a, "/api/v1/meetings/wg5-fortnightly/occurrences/2023-11-15");
    assert_eq!(none.status, 404, "{}", none.text());
    // Cancelling twice is refused; so is moving a cancelled occurrence.
    send(
        a,
        &admin,
        "POST",
        "/api/v1/meetings/wg5-fortnightly/occurrences/2023-11-14/cancel",
        &json!({}),
        409,
    );
    // The feed: one VEVENT with RRULE and EXDATE, one override.
    let feed = get(a, "/calendars/wg5.ics").text();
    let uid = "wg5-fortnightly@convene.example.org";
    let master = vevent(&feed, uid);
    assert!(
        master.contains("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20231212T130000Z\r\n"),
        "{master}"
    );
    assert!(
        master.contains("EXDATE;TZID=Europe/Zurich:20231114T140000\r\n"),
        "{master}"
    );
    assert!(master.contains("SEQUENCE:2\r\n"), "{master}");
    let rest = &feed[feed.find(master).map_or(0, |i| i + master.len())..];
    let over = vevent(rest, uid);
    assert!(
        over.contains("RECURRENCE-ID;TZID=Europe/Zurich:20231017T140000\r\n"),
        "{over}"
    );
    assert!(
        over.contains("DTSTART;TZID=Europe/Zurich:20231019T100000\r\n"),
        "{over}"
    );
    assert!(over.contains("SEQUENCE:2\r\n"), "{over}");
    // Pages: the programme says the series in words; the meeting's page
    // lists each occurrence that takes place, the moved one on its new day.
    let page = get(a, "/schedule?group=wg5&from=2023-09-01&to=2023-12-31").text();
    assert!(
        page.contains("every second Tuesday, 14:00-15:00 hours, Geneva time, from 5 September 2023, until 12 December 2023 (8 times)"),
        "{page}"
    );
    let page = get(a, "/meetings/wg5-fortnightly").text();
    let sessions = page.matches("<time datetime=\"20").count();
    for t in [
        "2023-09-05T12:00:00Z",
        "2023-10-19T08:00:00Z",
        "2023-12-12T13:00:00Z",
    ] {
        assert!(page.contains(&format!("datetime=\"{t}\"")), "{t}: {page}");
    }
    assert!(
        !page.contains("datetime=\"2023-11-14T13:00:00Z\""),
        "{page}"
    );
    assert!(
        page.contains("<li>Not on 14 November 2023: TSAG week</li>"),
        "{page}"
    );
    assert!(
        page.contains("<li>17 October 2023 moved to 19 October 2023, 10:00-11:30</li>"),
        "{page}"
    );
    assert!(sessions >= 7 * 4, "{sessions}: {page}");
    // A meeting on one of its days clashes; one where an occurrence was
    // (moved away, or cancelled) does not.
    let other = |id: &str, date: &str| {
        json!({"id": id, "title": "WG5 drafting", "groups": ["wg5"], "kind": "e-meeting",
               "date": date, "start": "14:30", "end": "15:30", "remote_url": "https://remote.itu.int/"})
    };
    let clash = send(
        a,
        &admin,
        "POST",
        "/api/v1/meetings",
        &other("wg5-clash", "2023-10-31"),
        409,
    )
    .json();
    assert!(clash.to_string().contains("wg5-fortnightly"), "{clash}");
    send(
        a,
        &admin,
        "POST",
        "/api/v1/meetings",
        &other("wg5-free-1", "2023-10-17"),
        201,
    );
    send(
        a,
        &admin,
        "POST",
        "/api/v1/meetings",
        &other("wg5-free-2", "2023-11-14"),
        201,
    );
    // Occurrences in a batch: one cancelled and reinstated, another
    // cancelled.
    let batch = send(
        a,
        &admin,
        "POST",
        "/api/v1/changes",
        &json!({"changes": [
            {"op": "cancel", "id": "wg5-fortnightly", "occurrence": "2023-12-12", "reason": "Holidays"},
            {"op": "reinstate", "id": "wg5-fortnightly", "occurrence": "2023-12-12"},
            {"op": "cancel", "id": "wg5-fortnightly", "occurrence": "2023-11-28", "reason": "Holidays"},
        ]}),
        200,
    )
    .json();
    assert_eq!(batch["results"][2]["meeting"]["version"], 6, "{batch}");
    let status = |d: &str| {
        get(
            a,
            &format!("/api/v1/meetings/wg5-fortnightly/occurrences/{d}"),
        )
        .json()["status"]
            .clone()
    };
    assert_eq!(status("2023-12-12"), "scheduled");
    assert_eq!(status("2023-11-28"), "cancelled");
    // Split from 28 November: the old series ends on 14 November, the new
    // one takes the rest at the new time.
    let split = send(
        a,
        &admin,
        "PATCH",
        "/api/v1/meetings/wg5-fortnightly",
        &json!({"from": "2023-11-28", "start": "16:00", "end": "17:00"}),
        201,
    );
    assert_eq!(
        split.header("location"),
        Some("/api/v1/meetings/wg5-fortnightly-20231128")
    );
    let new = split.json();
    assert_eq!(new["input"]["recurrence"], RULE);
    assert_eq!(
        starts(&new),
        [
            ("2023-11-28", "cancelled", "2023-11-28T15:00:00Z"),
            ("2023-12-12", "scheduled", "2023-12-12T15:00:00Z"),
        ]
        .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    );
    let old = get(a, "/api/v1/meetings/wg5-fortnightly").json();
    assert_eq!(
        old["input"]["recurrence"],
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20231114"
    );
    assert_eq!(old["version"], 7);
    assert_eq!(starts(&old).len(), 6);
    // Still the exceptions before the split.
    assert!(old["input"]["exceptions"]["2023-10-17"]["date"] == "2023-10-19");
    // The new series' first occurrence, cancelled before the split, is
    // reinstated; a second reinstate is refused.
    let path = "/api/v1/meetings/wg5-fortnightly-20231128/occurrences/2023-11-28/reinstate";
    let back = send(a, &admin, "POST", path, &json!({}), 200).json();
    assert_eq!(starts(&back)[0].1, "scheduled");
    assert_eq!(back["version"], 2);
    send(a, &admin, "POST", path, &json!({}), 409);
    // A bad rule says what to fix, under its field.
    let mut bad = series_body();
    bad["id"] = json!("wg5-bad");
    bad["recurrence"] = json!("FREQ=YEARLY;COUNT=3");
    let e = send(a, &admin, "POST", "/api/v1/meetings", &bad, 422).json();
    assert!(e.to_string().contains("\"recurrence\""), "{e}");
    assert!(
        e.to_string().contains("use DAILY, WEEKLY or MONTHLY"),
        "{e}"
    );
}

/// A series is announced once, in words; each occurrence is reminded the
/// day before, not seven days before every time.
fn series_mails(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let server = serve(d, db, &[]);
    let sink = SmtpSink::start();
    let a = &server.addr;
    let mut body = series_body();
    body["date"] = json!("2031-09-02");
    body["recurrence"] = json!("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=4");
    send(a, &admin, "POST", "/api/v1/meetings", &body, 201);
    assert_eq!(worker(d, db, Some(&sink), None, &[]).0, 1);
    let (text, _, calendar, _, _) = parts(&sink.messages()[0]);
    let subject = parse(&sink.messages()[0])
        .subject()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        subject,
        "[WG5] New meeting: WG5 e-meeting, 2 September-14 October 2031"
    );
    assert!(
        text.contains(
            "every second Tuesday, 14:00-15:00 hours, Geneva time, from 2 September 2031, 4 times"
        ),
        "{text}"
    );
    assert!(
        calendar.contains("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=4\r\n"),
        "{calendar}"
    );
    // The day before the second occurrence (16 September, 14:00 Geneva =
    // 12:00 UTC): its reminder, and only it (the first one's expired).
    let (sent, skipped, _, _) = worker(d, db, Some(&sink), Some("2031-09-15T12:30:00Z"), &[]);
    assert_eq!((sent, skipped), (1, 1));
    let reminder = &sink.messages()[1];
    let subject = parse(reminder).subject().unwrap_or_default().to_owned();
    assert_eq!(
        subject,
        "[WG5] Reminder: WG5 e-meeting, 16 September 2031 (tomorrow)"
    );
    let (text, _, _, _, _) = parts(reminder);
    assert!(
        text.contains(
            "Reminder: this meeting meets tomorrow, Tuesday, 16 September 2031, 14:00-15:00 Geneva time / 12:00-13:00 UTC."
        ),
        "{text}"
    );
    // Nothing else is due before the third occurrence's eve.
    assert_eq!(
        worker(d, db, Some(&sink), Some("2031-09-28T12:30:00Z"), &[]).0,
        0
    );
}

convene_tests::on_both!("series"; series_over_the_api, series_mails);
