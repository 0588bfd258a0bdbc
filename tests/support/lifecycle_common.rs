//! Helpers of the golden lifecycle test (`lifecycle.rs`): the server at a
//! given "now", requests, a feed's events in UTC, the mails of one step,
//! and the history page's rows.

use std::path::Path;

use chrono::{NaiveDateTime, TimeZone};
use convene_tests::smtp::{Received, SmtpSink};
use convene_tests::{Response, Server, TestDatabase, create_token, get, request};
use scraper::{Html, Selector};
use serde_json::Value;

use super::mail_common::{PUBLIC_URL, parse, run, seed_path, vevent};

pub(crate) const DOMAIN: &str = "convene.example.org";
/// The server's "now" while the meeting is planned and changed.
pub(crate) const T0: &str = "2031-06-01T08:00:00Z";
/// When the worker sends what the changes planned (no reminder is due yet).
pub(crate) const SEND_AT: &str = "2031-06-01T09:00:00Z";

pub(crate) fn seeded(dir: &Path, db: &TestDatabase) -> String {
    run(dir, db, &["import", &seed_path(), "--now", T0], &[]);
    create_token(dir, &db.url, "secretariat", &["--admin"]).1
}

/// `convene serve --now NOW` on `db`, sending no mail itself.
pub(crate) fn serve_at(dir: &Path, db: &TestDatabase, now: &str) -> Server {
    Server::start(
        dir,
        &["serve", "--now", now],
        &[
            ("CONVENE_DATABASE_URL", db.url.as_str()),
            ("CONVENE_LISTEN", "127.0.0.1:0"),
            ("CONVENE_PUBLIC_URL", PUBLIC_URL),
            ("CONVENE_MAIL_DISPATCH_INTERVAL_SECONDS", "0"),
        ],
    )
}

pub(crate) fn send(
    addr: &str,
    token: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Response {
    let auth = format!("Bearer {token}");
    let headers = [
        ("Content-Type", "application/json"),
        ("Authorization", auth.as_str()),
    ];
    let body = body.map(Value::to_string).unwrap_or_default();
    request(addr, method, path, &headers, body.as_bytes())
}

pub(crate) fn expect(
    addr: &str,
    token: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
    status: u16,
) -> Value {
    let r = send(addr, token, method, path, body);
    assert_eq!(r.status, status, "{method} {path}: {}", r.text());
    r.json()
}

/// A property's value as UTC (`DTSTART:…Z` or `DTSTART;TZID=…:…`).
pub(crate) fn utc_of(event: &str, name: &str) -> String {
    let line = event
        .split("\r\n")
        .find(|l| l.starts_with(&format!("{name}:")) || l.starts_with(&format!("{name};")))
        .unwrap_or_else(|| panic!("no {name} in {event}"));
    let (params, value) = line.split_once(':').expect("a property line");
    let local = NaiveDateTime::parse_from_str(value.trim_end_matches('Z'), "%Y%m%dT%H%M%S")
        .unwrap_or_else(|e| panic!("{line}: {e}"));
    let utc = match params.split_once(";TZID=") {
        Some((_, zone)) => {
            let tz: chrono_tz::Tz = zone.parse().expect("a zone");
            tz.from_local_datetime(&local)
                .single()
                .expect("one instant")
                .with_timezone(&chrono::Utc)
        }
        None => {
            assert!(value.ends_with('Z'), "{line} is neither UTC nor zoned");
            local.and_utc()
        }
    };
    utc.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// What a feed says of one UID: (SEQUENCE, STATUS, start, end in UTC).
pub(crate) fn published(feed: &str, uid: &str) -> (String, String, String, String) {
    let ev = vevent(feed, &format!("{uid}@{DOMAIN}"));
    let prop = |name: &str| {
        ev.split("\r\n")
            .find_map(|l| l.strip_prefix(&format!("{name}:")))
            .unwrap_or_else(|| panic!("no {name} in {ev}"))
            .to_owned()
    };
    (
        prop("SEQUENCE"),
        prop("STATUS"),
        utc_of(ev, "DTSTART"),
        utc_of(ev, "DTEND"),
    )
}

pub(crate) fn ev(
    seq: u32,
    status: &str,
    start: &str,
    end: &str,
) -> (String, String, String, String) {
    (seq.to_string(), status.into(), start.into(), end.into())
}

pub(crate) fn feed(addr: &str) -> String {
    let r = get(addr, "/calendars/wg5.ics");
    assert_eq!(r.status, 200);
    r.text()
}

/// The one new mail since `before`, checked for its subject's start,
/// Message-ID and threading.
pub(crate) fn one_new_mail(sink: &SmtpSink, before: usize, subject: &str, key: &str) -> Received {
    let mails = sink.messages();
    assert_eq!(mails.len(), before + 1, "exactly one new mail");
    let m = mails[before].clone();
    let s = parse(&m).subject().unwrap_or_default().to_owned();
    assert!(
        s.starts_with(subject),
        "{s:?} should start with {subject:?}"
    );
    assert_eq!(
        m.header("Message-ID").as_deref(),
        Some(format!("<meeting.life.{key}@{DOMAIN}>").as_str())
    );
    let thread = format!("<meeting.life@{DOMAIN}>");
    assert_eq!(m.header("References").as_deref(), Some(thread.as_str()));
    let reply = m.header("In-Reply-To");
    if key.ends_with("announcement") {
        assert_eq!(reply, None);
    } else {
        assert_eq!(reply.as_deref(), Some(thread.as_str()));
    }
    assert_eq!(m.header("To").as_deref(), Some("fgmv-wg5@lists.itu.int"));
    m
}

/// The history page's rows: (heading, who, notified/silent, [(field, from, to)]).
pub(crate) type Row = (String, String, String, Vec<(String, String, String)>);

pub(crate) fn history_rows(html: &str) -> Vec<Row> {
    let doc = Html::parse_document(html);
    let sel = |s: &str| Selector::parse(s).expect("selector");
    let text = |e: scraper::ElementRef<'_>| e.text().collect::<String>().trim().to_owned();
    doc.select(&sel("ol.history > li"))
        .map(|li| {
            let h = li.select(&sel("h2")).next().map(text).unwrap_or_default();
            let who = li.select(&sel(".who")).next().map(text).unwrap_or_default();
            let told = li
                .select(&sel(".told"))
                .next()
                .map(text)
                .unwrap_or_default();
            let fields = li
                .select(&sel("tbody tr"))
                .map(|tr| {
                    let cells: Vec<String> = tr.select(&sel("th, td")).map(text).collect();
                    (cells[0].clone(), cells[1].clone(), cells[2].clone())
                })
                .collect();
            (h, who, told, fields)
        })
        .collect()
}

pub(crate) fn field(f: &str, from: &str, to: &str) -> (String, String, String) {
    (f.into(), from.into(), to.into())
}

/// Checks what `feed` publishes under `uid`: SEQUENCE, STATUS, and start
/// (`YYYY-MM-DDTHH:MM`) and end (`HH:MM`, the same day) in UTC.
pub(crate) fn has(feed: &str, uid: &str, seq: u32, status: &str, start: &str, end: &str) {
    let day = &start[..10];
    assert_eq!(
        published(feed, uid),
        ev(
            seq,
            status,
            &format!("{start}:00Z"),
            &format!("{day}T{end}:00Z")
        ),
        "{uid}"
    );
}
