//! Mail end to end, on SQLite and on PostgreSQL: the real `convene` binary
//! (`import --now`, `worker --once --now`, `serve`) sending to a real SMTP
//! server on loopback (`support/smtp.rs`), the received MIME parsed by
//! `mail-parser`. The clock is injected: no test waits for next week.
//! Two dispatchers at once and `.eml` files are in `mail_delivery.rs`; the
//! shared helpers in `support/mail_common.rs`.

use chrono::{NaiveDate, TimeZone, Utc};
use convene_tests::smtp::SmtpSink;
use convene_tests::{TempDir, TestDatabase, create_token, get, request};
use serde_json::{Value, json};

// Shared with the other mail and API tests; this file uses only part of it.
#[allow(dead_code)]
#[path = "support/mail_common.rs"]
mod mail_common;

use mail_common::{
    GENERATED_DUE_AT, PUBLIC_URL, import_generated, parse, parts, run, seed_path, server, vevent,
    worker,
};

const VISA_ID: &str = "<deadline.fgmv-2-visa.v1.reminder-7d@convene.example.org>";

// ---------------------------------------------------------------------------
// The seed's first reminder
// ---------------------------------------------------------------------------

fn seed_reminder(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let out = run(
        d,
        db,
        &["import", &seed_path(), "--now", "2023-06-01T00:00:00Z"],
        &[],
    );
    assert!(out.contains("91 mails planned"), "{out}");
    let sink = SmtpSink::start();

    // 13 June 2023, 08:00 in Geneva: the visa reminder (due 12 June 16:00
    // UTC, midnight in Shanghai) goes out; the 1-day reminder of the 8 June
    // session is too late to send.
    let (sent, skipped, failed, _) =
        worker(d, db, Some(&sink), Some("2023-06-13T08:00:00+02:00"), &[]);
    assert_eq!((sent, skipped, failed), (1, 1, 0));
    let mails = sink.messages();
    assert_eq!(mails.len(), 1);
    let m = &mails[0];
    assert_eq!(m.from, "tsbfgmv@itu.int");
    assert_eq!(m.to, ["fgmv@lists.itu.int"]);

    // Headers.
    assert_eq!(m.header("Message-ID").as_deref(), Some(VISA_ID));
    assert_eq!(
        m.header("Auto-Submitted").as_deref(),
        Some("auto-generated")
    );
    assert_eq!(m.header("From").as_deref(), Some("tsbfgmv@itu.int"));
    assert_eq!(m.header("To").as_deref(), Some("fgmv@lists.itu.int"));
    assert_eq!(
        m.header("Date").as_deref(),
        Some("Tue, 13 Jun 2023 06:00:00 +0000")
    );
    for absent in ["Precedence", "List-Id", "Reply-To", "Bcc"] {
        assert_eq!(m.header(absent), None, "{absent} must not be set");
    }
    let parsed = parse(m);
    assert_eq!(
        parsed.subject(),
        Some(
            "[FG-MV] Reminder: Visa support letter requests close on 20 June 2023 (2nd FG-MV meeting)"
        )
    );
    assert_eq!(
        parsed.message_id(),
        Some("deadline.fgmv-2-visa.v1.reminder-7d@convene.example.org")
    );
    assert_eq!(
        parsed.date().map(|d| d.to_rfc3339()),
        Some("2023-06-13T06:00:00Z".to_owned())
    );

    // Body: the time in the deadline's zone and in UTC, where to send, the
    // feed to subscribe to.
    let (text, html, inline, attached, name) = parts(m);
    for needle in [
        "Reminder: Visa support letter requests close in 7 days, on 20 June 2023.",
        "Tuesday, 20 June 2023, end of the day, Beijing time (Asia/Shanghai)",
        "Tuesday, 20 June 2023 16:00 UTC",
        "jjajun.yao@sh-aia.com",
        "2nd FG-MV meeting, 4-6 July 2023",
        "https://convene.example.org/calendars/fg-mv.ics",
        "https://convene.example.org/meetings/fgmv-2",
    ] {
        assert!(text.contains(needle), "text part lacks {needle:?}:\n{text}");
    }
    assert!(html.contains("<h2>Visa support letter requests for 2nd FG-MV meeting</h2>"));
    assert!(
        html.contains(
            "<a href=\"https://convene.example.org/calendars/fg-mv.ics\">https://convene.example.org/calendars/fg-mv.ics</a>"
        ),
        "{html}"
    );

    // The calendar: inline and attached alike, the feed's event.
    assert_eq!(inline, attached);
    assert_eq!(name, "fgmv-2-visa.ics");
    let uid = "deadline-fgmv-2-visa@convene.example.org";
    let event = vevent(&inline, uid);
    assert!(event.contains("\r\nSEQUENCE:0\r\n"), "{event}");
    assert!(
        event.contains("\r\nDTSTART;VALUE=DATE:20230620\r\n"),
        "{event}"
    );
    let srv = server(d, db, &[]);
    let feed = get(&srv.addr, "/calendars/fg-mv.ics").text();
    assert_eq!(vevent(&feed, uid), event, "the mail's event is the feed's");

    // The preview, in the terminal and over HTTP.
    let preview = run(
        d,
        db,
        &[
            "reminders",
            "preview",
            "--from",
            "2023-06-12",
            "--to",
            "2023-06-12",
        ],
        &[],
    );
    assert!(
        preview.contains("2023-06-12 16:00  2023-06-12 18:00  reminder-7d  deadline fgmv-2-visa"),
        "{preview}"
    );
    assert!(preview.contains("sent"), "{preview}");
    let r = get(&srv.addr, "/api/v1/reminders?from=2023-06-01&to=2023-06-30");
    assert_eq!(r.status, 200, "{}", r.text());
    let list = r.json();
    let mails = list["mails"].as_array().expect("mails");
    assert_eq!(mails.len(), 9);
    let visa = &mails[1];
    assert_eq!(visa["due_utc"], "2023-06-12T16:00:00Z");
    assert_eq!(visa["due_geneva"], "2023-06-12T18:00:00+02:00");
    assert_eq!(visa["kind"], "reminder-7d");
    assert_eq!(visa["item_id"], "fgmv-2-visa");
    assert_eq!(visa["status"], "sent");
    assert_eq!(visa["recipients"], json!(["fgmv@lists.itu.int"]));
    assert_eq!(visa["message_id"], VISA_ID);
    assert_eq!(mails[0]["status"], "skipped");
    assert_eq!(mails[2]["status"], "pending");
    let r = get(&srv.addr, "/api/v1/reminders?from=2023-06-30");
    assert_eq!(r.status, 400, "{}", r.text());
    drop(srv);

    // Again at the same instant: nothing more.
    let again = worker(d, db, Some(&sink), Some("2023-06-13T08:00:00+02:00"), &[]);
    assert_eq!(again, (0, 0, 0, 0));
    assert_eq!(sink.count(), 1);
}

#[test]
fn seed_reminder_is_sent_once_on_sqlite() {
    let dir = TempDir::new("mail-seed");
    seed_reminder(&TestDatabase::sqlite(&dir), &dir);
}

#[test]
fn seed_reminder_is_sent_once_on_postgres() {
    let Some(db) = TestDatabase::postgres("mail_seed") else {
        return;
    };
    let dir = TempDir::new("mail-seed-pg");
    seed_reminder(&db, &dir);
}

// ---------------------------------------------------------------------------
// Update and cancellation notices
// ---------------------------------------------------------------------------

/// `date` at `hh:mm` in Geneva, as RFC 3339.
fn geneva(date: NaiveDate, h: u32, m: u32) -> String {
    let local = date.and_hms_opt(h, m, 0).expect("time");
    chrono_tz::Europe::Zurich
        .from_local_datetime(&local)
        .earliest()
        .expect("a Geneva time")
        .with_timezone(&Utc)
        .to_rfc3339()
}

fn send(
    addr: &str,
    method: &str,
    path: &str,
    token: &str,
    headers: &[(&str, &str)],
    body: &Value,
) -> convene_tests::Response {
    let auth = format!("Bearer {token}");
    let mut h: Vec<(&str, &str)> = vec![
        ("Content-Type", "application/json"),
        ("Authorization", &auth),
    ];
    h.extend_from_slice(headers);
    let bytes = if body.is_null() {
        Vec::new()
    } else {
        body.to_string().into_bytes()
    };
    request(addr, method, path, &h, &bytes)
}

fn notices(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    run(d, db, &["import", &seed_path()], &[]);
    let (_, admin) = create_token(d, &db.url, "secretariat", &["--admin"]);
    let srv = server(d, db, &[]);
    let sink = SmtpSink::start();
    let today = chrono::DateTime::<Utc>::from(std::time::SystemTime::now()).date_naive();
    let day = today + chrono::Days::new(40);
    let moved = day + chrono::Days::new(2);
    let id = "wg5-mail-test";

    // Created: announced (due now, real clock).
    let body = json!({
        "id": id, "title": "WG5 e-meeting", "groups": ["wg5"], "kind": "e-meeting",
        "date": day.to_string(), "start": "09:00", "end": "11:00",
        "remote_url": "https://remote.itu.int/"
    });
    let r = send(&srv.addr, "POST", "/api/v1/meetings", &admin, &[], &body);
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(worker(d, db, Some(&sink), None, &[]), (1, 0, 0, 0));
    let announced = &sink.messages()[0];
    let subject = parse(announced).subject().unwrap_or_default().to_owned();
    assert!(
        subject.starts_with("[WG5] New meeting: WG5 e-meeting, "),
        "{subject}"
    );
    assert_eq!(
        announced.header("Message-ID"),
        Some(format!(
            "<meeting.{id}.v1.announcement@convene.example.org>"
        ))
    );
    assert_eq!(announced.to, ["fgmv-wg5@lists.itu.int"]);

    // Moved two days later: one update notice, with the new time and a
    // higher SEQUENCE.
    let r = send(
        &srv.addr,
        "PATCH",
        &format!("/api/v1/meetings/{id}"),
        &admin,
        &[("If-Match", "\"1\"")],
        &json!({ "date": moved.to_string() }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(worker(d, db, Some(&sink), None, &[]), (1, 0, 0, 0));
    let update = &sink.messages()[1];
    assert_eq!(
        update.header("Message-ID"),
        Some(format!("<meeting.{id}.v2.update@convene.example.org>"))
    );
    let subject = parse(update).subject().unwrap_or_default().to_owned();
    assert!(
        subject.starts_with("[WG5] Changed: WG5 e-meeting, now "),
        "{subject}"
    );
    let (text, _, calendar, _, _) = parts(update);
    assert!(
        text.contains("09:00-11:00 Geneva time (Europe/Zurich)"),
        "{text}"
    );
    assert!(text.contains(" UTC"), "{text}");
    assert!(text.contains("https://remote.itu.int/"), "{text}");
    let event = vevent(&calendar, &format!("{id}@convene.example.org"));
    assert!(event.contains("\r\nSEQUENCE:1\r\n"), "{event}");
    let dtstart = format!(
        "\r\nDTSTART;TZID=Europe/Zurich:{}T090000\r\n",
        moved.format("%Y%m%d")
    );
    assert!(event.contains(&dtstart), "{event}");
    // The list is the members: its calendar is the members' one, event for
    // event the private feed's (the public feed withholds the join details).
    let link = run(
        d,
        db,
        &["feed-link", "create", "--label", "wg5", "--group", "wg5"],
        &[],
    );
    let private = link
        .lines()
        .nth(1)
        .and_then(|u| u.strip_prefix(PUBLIC_URL))
        .expect("the private feed's URL");
    let feed = get(&srv.addr, private).text();
    assert_eq!(vevent(&feed, &format!("{id}@convene.example.org")), event);
    let public = get(&srv.addr, "/calendars/wg5.ics").text();
    let public = vevent(&public, &format!("{id}@convene.example.org"));
    assert!(
        public.contains("\r\nSEQUENCE:1\r\n") && public.contains(&dtstart),
        "{public}"
    );

    // The old time's reminder is never sent; the new time's is.
    let old_7d = geneva(day - chrono::Days::new(7), 9, 1);
    assert_eq!(worker(d, db, Some(&sink), Some(&old_7d), &[]), (0, 0, 0, 0));
    let new_7d = geneva(moved - chrono::Days::new(7), 9, 1);
    assert_eq!(worker(d, db, Some(&sink), Some(&new_7d), &[]), (1, 0, 0, 0));
    let reminder = &sink.messages()[2];
    assert_eq!(
        reminder.header("Message-ID"),
        Some(format!("<meeting.{id}.v2.reminder-7d@convene.example.org>"))
    );

    // Cancelled: one notice, STATUS:CANCELLED; no more reminders.
    let r = send(
        &srv.addr,
        "POST",
        &format!("/api/v1/meetings/{id}/cancel"),
        &admin,
        &[],
        &json!({ "reason": "Chair unavailable" }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(worker(d, db, Some(&sink), None, &[]), (1, 0, 0, 0));
    let cancel = &sink.messages()[3];
    assert_eq!(
        cancel.header("Message-ID"),
        Some(format!(
            "<meeting.{id}.v3.cancellation@convene.example.org>"
        ))
    );
    let subject = parse(cancel).subject().unwrap_or_default().to_owned();
    assert!(
        subject.starts_with("[WG5] Cancelled: WG5 e-meeting, "),
        "{subject}"
    );
    let (text, _, calendar, _, _) = parts(cancel);
    assert!(text.contains("Chair unavailable"), "{text}");
    let event = vevent(&calendar, &format!("{id}@convene.example.org"));
    assert!(event.contains("\r\nSTATUS:CANCELLED\r\n"), "{event}");
    assert!(event.contains("\r\nSEQUENCE:2\r\n"), "{event}");
    let new_1d = geneva(moved - chrono::Days::new(1), 9, 1);
    assert_eq!(worker(d, db, Some(&sink), Some(&new_1d), &[]), (0, 0, 0, 0));
    assert_eq!(sink.count(), 4);
}

#[test]
fn update_and_cancel_send_one_notice_each_on_sqlite() {
    let dir = TempDir::new("mail-notices");
    notices(&TestDatabase::sqlite(&dir), &dir);
}

#[test]
fn update_and_cancel_send_one_notice_each_on_postgres() {
    let Some(db) = TestDatabase::postgres("mail_notices") else {
        return;
    };
    let dir = TempDir::new("mail-notices-pg");
    notices(&db, &dir);
}

// ---------------------------------------------------------------------------
// Refusals, retries, dead letters
// ---------------------------------------------------------------------------

fn retries(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    run(
        d,
        db,
        &["import", &seed_path(), "--now", "2023-06-01T00:00:00Z"],
        &[],
    );
    let sink = SmtpSink::start();

    // 451 once: failed, due again after a minute, not before.
    sink.refuse_next(1);
    let t = "2023-06-13T06:00:00Z";
    assert_eq!(worker(d, db, Some(&sink), Some(t), &[]), (0, 1, 1, 0));
    assert_eq!((sink.refused(), sink.count()), (1, 0));
    assert_eq!(
        worker(d, db, Some(&sink), Some("2023-06-13T06:00:59Z"), &[]),
        (0, 0, 0, 0)
    );
    assert_eq!(
        worker(d, db, Some(&sink), Some("2023-06-13T06:01:00Z"), &[]),
        (1, 0, 0, 0)
    );
    let mails = sink.messages();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].header("Message-ID").as_deref(), Some(VISA_ID));

    // Two tries at most: the two mails due on 19 June fail twice and are
    // dead, listed for admins; one is retried and delivered.
    let max = [("CONVENE_MAIL_MAX_ATTEMPTS", "2")];
    sink.refuse_next(4);
    assert_eq!(
        worker(d, db, Some(&sink), Some("2023-06-19T17:00:00Z"), &max),
        (0, 0, 2, 0)
    );
    assert_eq!(
        worker(d, db, Some(&sink), Some("2023-06-19T17:01:00Z"), &max),
        (0, 0, 2, 2)
    );
    assert_eq!(
        worker(d, db, Some(&sink), Some("2023-06-19T18:00:00Z"), &max),
        (0, 0, 0, 0)
    );
    let (_, admin) = create_token(d, &db.url, "secretariat", &["--admin"]);
    let (_, chair) = create_token(d, &db.url, "wg5 chair", &["--group", "wg5"]);
    let srv = server(d, db, &[]);
    assert_eq!(get(&srv.addr, "/api/v1/outbox?status=dead").status, 401);
    let r = send(
        &srv.addr,
        "GET",
        "/api/v1/outbox?status=dead",
        &chair,
        &[],
        &Value::Null,
    );
    assert_eq!(r.status, 403, "{}", r.text());
    let r = send(
        &srv.addr,
        "GET",
        "/api/v1/outbox?status=dead",
        &admin,
        &[],
        &Value::Null,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let dead = r.json()["mails"].as_array().cloned().expect("mails");
    let keys: Vec<&str> = dead
        .iter()
        .filter_map(|m| m["message_id"].as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "<deadline.fgmv-2-visa.v1.reminder-1d@convene.example.org>",
            "<deadline.fgmv-2-contribution.v1.reminder-7d@convene.example.org>"
        ]
    );
    assert_eq!(dead[0]["attempts"], 2);
    assert_eq!(dead[0]["status"], "dead");
    assert!(
        dead[0]["last_error"]
            .as_str()
            .unwrap_or_default()
            .contains("451"),
        "{}",
        dead[0]
    );
    let first = dead[0]["id"].as_i64().expect("id");
    let r = send(
        &srv.addr,
        "POST",
        &format!("/api/v1/outbox/{first}/retry"),
        &admin,
        &[],
        &Value::Null,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "pending");
    assert_eq!(r.json()["attempts"], 0);
    let r = send(
        &srv.addr,
        "POST",
        &format!("/api/v1/outbox/{first}/retry"),
        &admin,
        &[],
        &Value::Null,
    );
    assert_eq!(r.status, 409, "{}", r.text());
    let r = send(
        &srv.addr,
        "POST",
        "/api/v1/outbox/999999/retry",
        &admin,
        &[],
        &Value::Null,
    );
    assert_eq!(r.status, 404, "{}", r.text());
    assert_eq!(
        worker(d, db, Some(&sink), Some("2023-06-19T18:00:00Z"), &max),
        (1, 0, 0, 0)
    );
    let r = send(
        &srv.addr,
        "GET",
        "/api/v1/outbox?status=dead",
        &admin,
        &[],
        &Value::Null,
    );
    assert_eq!(r.json()["mails"].as_array().map(Vec::len), Some(1));
    let ids: Vec<String> = sink
        .messages()
        .iter()
        .filter_map(|m| m.header("Message-ID"))
        .collect();
    assert_eq!(
        ids,
        [
            VISA_ID,
            "<deadline.fgmv-2-visa.v1.reminder-1d@convene.example.org>"
        ]
    );
}

#[test]
fn refused_mail_is_retried_then_dead_then_retried_on_sqlite() {
    let dir = TempDir::new("mail-retry");
    retries(&TestDatabase::sqlite(&dir), &dir);
}

#[test]
fn refused_mail_is_retried_then_dead_then_retried_on_postgres() {
    let Some(db) = TestDatabase::postgres("mail_retry") else {
        return;
    };
    let dir = TempDir::new("mail-retry-pg");
    retries(&db, &dir);
}

// ---------------------------------------------------------------------------
// Throughput (not run by default)
// ---------------------------------------------------------------------------

/// Mails per second from the outbox into a local SMTP sink, over lettre's
/// connection pool:
/// `cargo test --release -p convene-tests --test mail -- --ignored --nocapture throughput`
/// (`BENCH_MAILS`, default 5000; `BENCH_CONCURRENCY`, the pool size and
/// sends in flight, default 64; on PostgreSQL too when it is reachable).
#[test]
#[ignore = "a benchmark: run it with --ignored --nocapture"]
fn throughput() {
    let env_or = |k: &str, d: usize| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let mails = env_or("BENCH_MAILS", 5000);
    let concurrency = env_or("BENCH_CONCURRENCY", 64).to_string();
    let meetings = mails.div_ceil(2);
    let mut dbs: Vec<(&str, TempDir, TestDatabase)> = Vec::new();
    let dir = TempDir::new("mail-bench");
    let sqlite = TestDatabase::sqlite(&dir);
    dbs.push(("sqlite", dir, sqlite));
    if let Some(pg) = TestDatabase::postgres("mail_bench") {
        dbs.push(("postgres", TempDir::new("mail-bench-pg"), pg));
    }
    for (backend, dir, db) in &dbs {
        import_generated(dir, db, meetings);
        let sink = SmtpSink::start();
        let env = [("CONVENE_MAIL_CONCURRENCY", concurrency.as_str())];
        let started = std::time::Instant::now();
        let (sent, _, failed, _) =
            worker(dir.path(), db, Some(&sink), Some(GENERATED_DUE_AT), &env);
        let elapsed = started.elapsed();
        assert_eq!((sent, failed), (2 * meetings, 0));
        assert_eq!(sink.count(), 2 * meetings);
        let rate = sent as f64 / elapsed.as_secs_f64();
        println!(
            "{backend}: {sent} mails in {:.2} s = {rate:.0} mails/s (one `convene worker --once`, process start included; mail.concurrency {concurrency}; {} SMTP connections)",
            elapsed.as_secs_f64(),
            sink.connections()
        );
    }
}
