//! The organizer pages (issue 18) over real HTTP, on SQLite and on
//! PostgreSQL, with the real binary and a real SMTP server on loopback:
//! signing in with a token (cookie attributes, a wrong or revoked token,
//! expiry, signing out), CSRF refusals, the token's scope, signed-out
//! redirects, a preview that stores nothing, a confirmed create (303 to
//! the meeting's page, in the feed at the right UTC time), a cancel that
//! sends one notice and a silent fix that sends none.
//!
//! The server runs from 1 September 2023 08:00 UTC (`serve --now`), so the
//! seed's September meetings are ahead; the worker runs "later".

use std::path::Path;

use convene_tests::smtp::SmtpSink;
use convene_tests::{Server, TempDir, TestDatabase};

#[allow(dead_code)]
#[path = "support/mail_common.rs"]
mod mail_common;

use mail_common::{PUBLIC_URL, run, seeded, send, worker};

#[allow(dead_code)]
#[path = "support/organize_common.rs"]
mod organize_common;

use organize_common::{cookie_value, get, post, set_cookie, sign_in, try_sign_in};

const NOW: &str = "2023-09-01T08:00:00Z";
const LATER: &str = "2023-09-01T12:00:00Z";

fn serve_at(dir: &Path, db: &TestDatabase, now: &str) -> Server {
    serve_with(dir, db, now, &[])
}

fn serve_with(dir: &Path, db: &TestDatabase, now: &str, env: &[(&str, &str)]) -> Server {
    let mut all = vec![
        ("CONVENE_DATABASE_URL", db.url.as_str()),
        ("CONVENE_LISTEN", "127.0.0.1:0"),
        ("CONVENE_PUBLIC_URL", PUBLIC_URL),
        ("CONVENE_MAIL_DISPATCH_INTERVAL_SECONDS", "0"),
        ("CONVENE_MAIL__HOLD_MINUTES", "0"),
    ];
    all.extend_from_slice(env);
    Server::start(dir, &["serve", "--now", now], &all)
}

/// The seed, an admin token, a wg5 token (id, secret), and the server.
fn setup(dir: &TempDir, db: &TestDatabase) -> (String, (String, String), Server) {
    let admin = seeded(dir.path(), db);
    let wg5 = convene_tests::create_token(dir.path(), &db.url, "wg5 chair", &["--group", "wg5"]);
    let server = serve_at(dir.path(), db, NOW);
    (admin, wg5, server)
}

fn sign_in_out_and_expiry(db: &TestDatabase, dir: &TempDir) {
    let (_, (wg5_id, wg5), server) = setup(dir, db);
    let addr = &server.addr;
    // A wrong token: a clear message, no session, nothing else revealed.
    let wrong = try_sign_in(addr, "cvn_not_a_token");
    assert_eq!(wrong.status, 401);
    assert!(
        wrong.text().contains("This token is not valid"),
        "{}",
        wrong.text()
    );
    assert!(set_cookie(&wrong, "convene_organize").is_none());
    // A good one: a session cookie with its attributes.
    let r = try_sign_in(addr, &wg5);
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/organize"));
    let set = set_cookie(&r, "convene_organize").expect("session cookie");
    for attr in [
        "HttpOnly",
        "SameSite=Lax",
        "Secure",
        "Path=/organize",
        "Max-Age=28800",
    ] {
        assert!(set.contains(attr), "{attr} in {set}");
    }
    assert_eq!(cookie_value(set).len(), 64, "256 random bits");
    let s = sign_in(addr, &wg5);
    let list = get(addr, "/organize", Some(&s.cookie)).text();
    assert!(
        list.contains("Signed in as <strong><bdi>wg5 chair"),
        "{list}"
    );
    assert!(list.contains("WG5 (Interoperability)"));
    assert!(!list.contains("WG3 (Architecture"), "scope is WG5 only");
    // Signing out needs the csrf value; then the session is gone.
    assert_eq!(
        post(addr, "/organize/sign-out", Some(&s.cookie), &[]).status,
        403
    );
    let out = post(
        addr,
        "/organize/sign-out",
        Some(&s.cookie),
        &[("csrf", &s.csrf)],
    );
    assert_eq!(out.status, 303);
    assert!(set_cookie(&out, "convene_organize").is_some_and(|c| c.contains("Max-Age=0")));
    let after = get(addr, "/organize/meetings/new", Some(&s.cookie));
    assert_eq!(
        (after.status, after.header("location")),
        (303, Some("/organize"))
    );
    // A session ends when its time is up (server clock 9 hours later).
    let s2 = sign_in(addr, &wg5);
    drop(server);
    let later = serve_at(dir.path(), db, "2023-09-01T17:00:00Z");
    let expired = get(&later.addr, "/organize/meetings/new", Some(&s2.cookie));
    assert_eq!(
        expired.status, 303,
        "expired after organize.session_minutes"
    );
    drop(later);
    // Revoking the token ends its sessions, and it signs in no more.
    let server = serve_at(dir.path(), db, NOW);
    let addr = &server.addr;
    let s3 = sign_in(addr, &wg5);
    assert_eq!(
        get(addr, "/organize/meetings/new", Some(&s3.cookie)).status,
        200
    );
    run(dir.path(), db, &["token", "revoke", &wg5_id], &[]);
    let gone = get(addr, "/organize/meetings/new", Some(&s3.cookie));
    assert_eq!(gone.status, 303);
    let revoked = try_sign_in(addr, &wg5);
    assert_eq!(revoked.status, 401);
    assert_eq!(
        revoked.text().contains("This token is not valid"),
        wrong.text().contains("This token is not valid"),
        "the same message as an unknown token"
    );
}

fn csrf_scope_and_signed_out(db: &TestDatabase, dir: &TempDir) {
    let (admin, (_, wg5), server) = setup(dir, db);
    let addr = &server.addr;
    // Signed out, no organizer page is reachable.
    for path in [
        "/organize/meetings/new",
        "/organize/meetings/wg5-2023-09-07/edit",
        "/organize/meetings/wg5-2023-09-07/cancel",
        "/organize/meetings/wg5-2023-09-07/reinstate",
    ] {
        let r = get(addr, path, None);
        assert_eq!(
            (r.status, r.header("location")),
            (303, Some("/organize")),
            "{path}"
        );
        let r = post(addr, path, None, &[("confirm", "1")]);
        assert_eq!(r.status, 303, "POST {path}");
    }
    // The sign-in form itself needs its csrf value.
    assert_eq!(
        post(addr, "/organize", None, &[("token", &wg5)]).status,
        403
    );
    let s = sign_in(addr, &wg5);
    let other = sign_in(addr, &admin);
    let cancel = "/organize/meetings/wg5-2023-09-07/cancel";
    for bad in [None, Some("0000"), Some(other.csrf.as_str())] {
        let mut form = vec![("confirm", "1"), ("notify", "1")];
        if let Some(b) = bad {
            form.push(("csrf", b));
        }
        let r = post(addr, cancel, Some(&s.cookie), &form);
        assert_eq!(r.status, 403, "csrf {bad:?}");
        assert!(
            r.text().contains("csrf"),
            "says what happened: {}",
            r.text()
        );
    }
    let status = |id: &str| {
        send(
            addr,
            "GET",
            &format!("/api/v1/meetings/{id}"),
            &admin,
            None,
            &serde_json::json!({}),
        )
        .json()["status"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(status("wg5-2023-09-07"), "confirmed");
    // A wg5 session cannot touch wg3.
    let wg3 = "/organize/meetings/wg3-2023-10-19";
    assert_eq!(
        get(addr, &format!("{wg3}/edit"), Some(&s.cookie)).status,
        403
    );
    assert_eq!(
        get(addr, &format!("{wg3}/cancel"), Some(&s.cookie)).status,
        403
    );
    let r = post(
        addr,
        &format!("{wg3}/cancel"),
        Some(&s.cookie),
        &[("csrf", &s.csrf), ("confirm", "1"), ("notify", "1")],
    );
    assert_eq!(r.status, 403);
    assert_eq!(status("wg3-2023-10-19"), "confirmed");
    let into_wg3 = post(
        addr,
        "/organize/meetings/new",
        Some(&s.cookie),
        &[
            ("csrf", &s.csrf),
            ("title", "Not mine"),
            ("groups", "wg3"),
            ("kind", "e-meeting"),
            ("zone", "Geneva"),
            ("date", "2023-09-20"),
            ("start", "10:00"),
            ("end", "11:00"),
            ("confirm", "1"),
        ],
    );
    assert_eq!(into_wg3.status, 403);
    let text = into_wg3.text();
    assert!(
        text.contains("org-error\">groups: "),
        "names the field: {text}"
    );
    assert_eq!(
        send(
            addr,
            "GET",
            "/api/v1/meetings/wg3-2023-09-20-e-meeting",
            &admin,
            None,
            &serde_json::json!({})
        )
        .status,
        404
    );
    // Nor give wg3 a deadline: refused, naming `groups`.
    let r = post(
        addr,
        "/organize/deadlines/new",
        Some(&s.cookie),
        &[
            ("csrf", &s.csrf),
            ("group", "wg3"),
            ("kind", "contribution"),
            ("date", "2023-09-20"),
            ("confirm", "1"),
        ],
    );
    assert_eq!(r.status, 403);
    assert!(r.text().contains("groups: "), "{}", r.text());
}

/// The new meeting's form: a WG5 e-meeting on `date` at `start`-`end`,
/// Geneva time, typed as a city.
fn new_meeting<'a>(
    csrf: &'a str,
    date: &'a str,
    start: &'a str,
    end: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("title", "WG5 extra e-meeting"),
        ("groups", "wg5"),
        ("kind", "e-meeting"),
        ("zone", "Geneva"),
        ("date", date),
        ("start", start),
        ("end", end),
        ("remote_url", "https://remote.itu.int/"),
    ]
}

fn preview_then_confirm(db: &TestDatabase, dir: &TempDir) {
    let (admin, (_, wg5), server) = setup(dir, db);
    let addr = &server.addr;
    let sink = SmtpSink::start();
    let s = sign_in(addr, &wg5);
    let etag = |p: &str| get(addr, p, None).header("etag").map(str::to_owned);
    let feed_before = etag("/calendars/wg5.ics");
    // Clashes with WG5's session of 7 September (09:00-12:00 Geneva).
    let preview = post(
        addr,
        "/organize/meetings/new",
        Some(&s.cookie),
        &new_meeting(&s.csrf, "2023-09-07", "10:00", "11:00"),
    );
    assert_eq!(preview.status, 200);
    let page = preview.text();
    for want in [
        "Preview: nothing is saved yet",
        "<time datetime=\"2023-09-07T08:00:00Z\">Thu, 7 Sept 2023, 08:00-09:00 UTC</time>",
        "Thursday, 7 September 2023, 10:00-11:00 Geneva time",
        "href=\"/meetings/wg5-2023-09-07\"",
        "Free slots nearby",
        "Use this slot",
        "<th scope=\"row\">New York time</th>",
        "org-night",
        "To:</strong> <bdi dir=\"ltr\">fgmv-wg5@lists.itu.int",
        "New meeting: WG5 extra e-meeting",
        "name=\"confirm\" value=\"1\"",
    ] {
        assert!(page.contains(want), "{want} in the preview: {page}");
    }
    // Nothing stored: the feed is the same, the outbox empty.
    assert_eq!(etag("/calendars/wg5.ics"), feed_before);
    let outbox = send(
        addr,
        "GET",
        "/api/v1/outbox",
        &admin,
        None,
        &serde_json::json!({}),
    )
    .json();
    assert_eq!(
        outbox["mails"].as_array().map(Vec::len),
        Some(0),
        "{outbox}"
    );
    // A confirm that conflicts is refused (409) without `allow_conflicts`.
    let mut clash = new_meeting(&s.csrf, "2023-09-07", "10:00", "11:00");
    clash.push(("confirm", "1"));
    assert_eq!(
        post(addr, "/organize/meetings/new", Some(&s.cookie), &clash).status,
        409
    );
    // A free slot, confirmed: 303 to its page.
    let mut ok = new_meeting(&s.csrf, "2023-09-06", "12:00", "13:00");
    ok.extend([("confirm", "1"), ("notify", "1")]);
    let done = post(addr, "/organize/meetings/new", Some(&s.cookie), &ok);
    assert_eq!(done.status, 303, "{}", done.text());
    let at = done.header("location").expect("location").to_owned();
    assert_eq!(at, "/meetings/wg5-2023-09-06-e-meeting");
    assert!(get(addr, &at, None).text().contains("WG5 extra e-meeting"));
    let feed = get(addr, "/calendars/wg5.ics", None).text();
    let event = mail_common::vevent(
        &feed,
        &format!("{}@{}", "wg5-2023-09-06-e-meeting", "convene.example.org"),
    );
    assert!(
        event.contains("20230906T100000Z")
            || event.contains("DTSTART;TZID=Europe/Zurich:20230906T120000"),
        "{event}"
    );
    let api = send(
        addr,
        "GET",
        "/api/v1/meetings/wg5-2023-09-06-e-meeting",
        &admin,
        None,
        &serde_json::json!({}),
    )
    .json();
    assert_eq!(
        api["schedule"]["start_utc"], "2023-09-06T10:00:00Z",
        "{api}"
    );
    // Its audit names the token.
    let history = get(addr, "/meetings/wg5-2023-09-06-e-meeting/history", None).text();
    assert!(history.contains("wg5 chair"), "{history}");
    // A deadline for it: previewed, then saved (303 to the meeting's page).
    let deadline = [
        ("csrf", s.csrf.as_str()),
        ("meeting", "wg5-2023-09-06-e-meeting"),
        ("kind", "contribution"),
        ("date", "2023-09-04"),
        ("time", "12:00"),
    ];
    let p = post(addr, "/organize/deadlines/new", Some(&s.cookie), &deadline);
    assert_eq!(p.status, 200);
    assert!(
        p.text()
            .contains("closes Mon, 4 Sept 2023, 12:00 Geneva time (4 September 2023, 10:00 UTC)"),
        "{}",
        p.text()
    );
    let id = "/api/v1/deadlines/wg5-2023-09-06-e-meeting-contribution-2023-09-04";
    let none = send(addr, "GET", id, &admin, None, &serde_json::json!({}));
    assert_eq!(none.status, 404, "the preview stored nothing");
    let mut confirm = deadline.to_vec();
    confirm.extend([("confirm", "1"), ("notify", "1")]);
    let r = post(addr, "/organize/deadlines/new", Some(&s.cookie), &confirm);
    assert_eq!(
        r.header("location"),
        Some("/meetings/wg5-2023-09-06-e-meeting")
    );
    let stored = send(addr, "GET", id, &admin, None, &serde_json::json!({})).json();
    assert_eq!(stored["closes_at_utc"], "2023-09-04T10:00:00Z", "{stored}");
    // One announcement to the WG5 list.
    let (sent, _, failed, _) = worker(dir.path(), db, Some(&sink), Some(LATER), &[]);
    assert_eq!((sent, failed), (1, 0));
    let subject = sink.messages()[0].header("Subject").unwrap_or_default();
    assert!(subject.contains("WG5 extra e-meeting"), "{subject}");
}

fn cancel_mails_once_and_silent_fix_none(db: &TestDatabase, dir: &TempDir) {
    let (_, (_, wg5), server) = setup(dir, db);
    let addr = &server.addr;
    let sink = SmtpSink::start();
    let s = sign_in(addr, &wg5);
    let list = get(addr, "/organize", Some(&s.cookie)).text();
    assert!(list.contains("href=\"/organize/meetings/wg5-2023-09-07/cancel\""));
    let path = "/organize/meetings/wg5-2023-09-07/cancel";
    let form = get(addr, path, Some(&s.cookie));
    assert_eq!(form.status, 200);
    let reason = "The chair is travelling";
    let preview = post(
        addr,
        path,
        Some(&s.cookie),
        &[("csrf", &s.csrf), ("reason", reason)],
    );
    assert_eq!(preview.status, 200);
    assert!(
        preview.text().contains("Cancelled: WG5 e-meeting") || preview.text().contains("Cancel"),
        "{}",
        preview.text()
    );
    assert_eq!(
        worker(dir.path(), db, Some(&sink), Some(LATER), &[]).0,
        0,
        "a preview mails nothing"
    );
    let done = post(
        addr,
        path,
        Some(&s.cookie),
        &[
            ("csrf", &s.csrf),
            ("reason", reason),
            ("confirm", "1"),
            ("notify", "1"),
        ],
    );
    assert_eq!(
        (done.status, done.header("location")),
        (303, Some("/organize"))
    );
    let (sent, _, failed, _) = worker(dir.path(), db, Some(&sink), Some(LATER), &[]);
    assert_eq!((sent, failed), (1, 0), "one notice");
    let m = &sink.messages()[0];
    assert!(m.text().contains(reason), "the reason is in the notice");
    assert_eq!(sink.messages().len(), 1);
    // Reinstating it would clash with the joint WG3/WG5 meeting: refused,
    // still cancelled.
    let back = "/organize/meetings/wg5-2023-09-07/reinstate";
    let r = post(
        addr,
        back,
        Some(&s.cookie),
        &[("csrf", &s.csrf), ("confirm", "1"), ("notify", "1")],
    );
    assert_eq!(r.status, 422);
    assert!(
        r.text().contains("overlaps 1 confirmed meeting"),
        "{}",
        r.text()
    );
    // A silent fix (save without mail) sends nothing.
    let edit = "/organize/meetings/wg5-2023-11-window/edit";
    assert_eq!(get(addr, edit, Some(&s.cookie)).status, 200);
    let r = post(
        addr,
        edit,
        Some(&s.cookie),
        &[
            ("csrf", &s.csrf),
            ("title", "WG5 e-meeting (typo fixed)"),
            ("groups", "wg5"),
            ("kind", "e-meeting"),
            ("zone", "Europe/Zurich"),
            ("confirm", "1"),
            ("notify", "0"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(r.header("location"), Some("/meetings/wg5-2023-11-window"));
    let (sent, _, _, _) = worker(
        dir.path(),
        db,
        Some(&sink),
        Some("2023-09-01T13:00:00Z"),
        &[],
    );
    assert_eq!(sent, 0, "save without mail");
    let history = get(addr, "/meetings/wg5-2023-11-window/history", None).text();
    assert!(history.contains("silent"), "{history}");
    assert!(history.contains("typo fixed"), "{history}");
}
fn sign_in_attempts_are_limited(db: &TestDatabase, dir: &TempDir) {
    seeded(dir.path(), db);
    let wg5 = convene_tests::create_token(dir.path(), &db.url, "wg5 chair", &["--group", "wg5"]).1;
    let server = serve_with(
        dir.path(),
        db,
        NOW,
        &[("CONVENE_ORGANIZE__SIGN_IN_PER_MINUTE", "2")],
    );
    let addr = &server.addr;
    assert_eq!(try_sign_in(addr, "cvn_guess_1").status, 401);
    assert_eq!(try_sign_in(addr, "cvn_guess_2").status, 401);
    let third = try_sign_in(addr, &wg5);
    assert_eq!(
        third.status, 429,
        "even the right token, once over the limit"
    );
    assert!(third.text().contains("Too many sign-in attempts"));
    assert!(set_cookie(&third, "convene_organize").is_none());
}

convene_tests::on_both!("org"; sign_in_out_and_expiry, sign_in_attempts_are_limited, csrf_scope_and_signed_out, preview_then_confirm, cancel_mails_once_and_silent_fix_none);
