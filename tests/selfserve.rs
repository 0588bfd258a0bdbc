//! Issue 17's last part end to end, on SQLite and PostgreSQL: "Get the
//! members' calendar" on a group's page answers the same bytes for an
//! allowed and a refused address, mails a personal link (over real SMTP on
//! loopback) only to the allowed one, the link serves members' details and
//! its manage page revokes it to a 404; requests over the per-address limit
//! mail nothing; no secret reaches the server's log.

#[path = "support/mail_common.rs"]
#[allow(dead_code)]
mod mail_common;

use convene_tests::smtp::{Received, SmtpSink};
use convene_tests::{Response, Server, TempDir, TestDatabase, create_token, get, request};
use mail_common::{PUBLIC_URL, run, seed_path, worker};
use serde_json::{Value, json};

const ROOM: &str = "https://remote.example.org/wg5-room-7f3a";
const NOTES: &str = "Passcode 918273";

fn send(addr: &str, method: &str, path: &str, token: &str, body: &Value) -> Response {
    let auth = format!("Bearer {token}");
    let bytes = body.to_string().into_bytes();
    let h = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    request(addr, method, path, &h, &bytes)
}

/// The form as a browser posts it.
fn ask(addr: &str, group: &str, address: &str, groups: &[&str]) -> Response {
    let mut body = format!("address={}", address.replace('@', "%40"));
    for g in groups {
        body.push_str(&format!("&groups={g}"));
    }
    request(
        addr,
        "POST",
        &format!("/groups/{group}/members-calendar"),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body.as_bytes(),
    )
}

/// Status, headers (but the date and request id) and body.
fn answer(r: &Response) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let headers = r
        .headers
        .iter()
        .filter(|(k, _)| k != "date" && k != "x-request-id")
        .cloned()
        .collect();
    (r.status, headers, r.body.clone())
}

/// The text part of a mail.
fn text(m: &Received) -> String {
    let parsed = mail_parser::MessageParser::default()
        .parse(&m.data)
        .expect("a mail");
    parsed.body_text(0).expect("a text part").into_owned()
}

/// The private feed's path in a mail: `/calendars/private/SECRET.ics`.
fn feed_path(m: &Received) -> String {
    let t = text(m);
    let start = t
        .find(&format!("{PUBLIC_URL}/calendars/private/"))
        .unwrap_or_else(|| panic!("no link in {t}"));
    let rest = &t[start + PUBLIC_URL.len()..];
    let end = rest.find(".ics").expect("the feed's .ics") + 4;
    rest[..end].to_owned()
}

fn scenario(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    run(d, db, &["import", &seed_path()], &[]);
    let (_, admin) = create_token(d, &db.url, "secretariat", &["--admin"]);
    let log = d.join("server.log");
    let srv = Server::start_logging_to(
        d,
        &["serve"],
        &[
            ("CONVENE_DATABASE_URL", db.url.as_str()),
            ("CONVENE_LISTEN", "127.0.0.1:0"),
            ("CONVENE_PUBLIC_URL", PUBLIC_URL),
            ("CONVENE_MAIL_DISPATCH_INTERVAL_SECONDS", "0"),
            ("CONVENE_MAIL__HOLD_MINUTES", "0"),
            ("CONVENE_SERVER__SELFSERVE_PER_ADDRESS_PER_MINUTE", "2"),
            ("CONVENE_LOG", "debug"),
        ],
        &log,
    );
    let a = srv.addr.as_str();
    let r = send(
        a,
        "POST",
        "/api/v1/meetings",
        &admin,
        &json!({ "id": "wg5-2027-03-10", "title": "WG5 e-meeting", "groups": ["wg5"], "kind": "e-meeting",
                 "date": "2027-03-10", "start": "09:00", "end": "12:00",
                 "remote_url": ROOM, "join_notes": NOTES }),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let r = send(
        a,
        "PATCH",
        "/api/v1/groups/wg5",
        &admin,
        &json!({ "members_allow": ["ana@member.org", "@itu.int"] }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // The announcement to the list goes first, so the sink below sees only
    // personal mails.
    let lists = SmtpSink::start();
    worker(d, db, Some(&lists), None, &[]);

    // The form is on the group's page.
    let page = get(a, "/groups/wg5").text();
    // (askama writes the apostrophe as a character reference)
    assert!(page.contains("Get the members&#39; calendar"), "{page}");
    assert!(page.contains("action=\"/groups/wg5/members-calendar\""));
    assert!(page.contains("<label for=\"members-address\">"));

    // The same answer for an allowed and a refused address.
    let allowed = ask(a, "wg5", "ana@member.org", &["wg5"]);
    let refused = ask(a, "wg5", "eve@elsewhere.example", &["wg5"]);
    assert_eq!(allowed.status, 200, "{}", allowed.text());
    assert_eq!(answer(&allowed), answer(&refused));
    assert!(!allowed.text().contains("ana@member.org"));

    // A mail only for the allowed one, with a link to members' details.
    let sink = SmtpSink::start();
    worker(d, db, Some(&sink), None, &[]);
    let mails = sink.messages();
    assert_eq!(
        mails.len(),
        1,
        "{:?}",
        mails.iter().map(|m| &m.to).collect::<Vec<_>>()
    );
    assert_eq!(mails[0].to, vec!["ana@member.org".to_owned()]);
    let path = feed_path(&mails[0]);
    let secret = path
        .trim_start_matches("/calendars/private/")
        .trim_end_matches(".ics")
        .to_owned();
    assert_eq!(secret.len(), 43, "{path}");
    let feed = get(a, &path);
    assert_eq!(feed.status, 200, "{}", feed.text());
    let cal = feed.text().replace("\r\n ", "");
    assert!(cal.contains(NOTES) && cal.contains(ROOM), "{cal}");
    assert!(!get(a, "/calendars/wg5.ics").text().contains("918273"));

    // The manage page shows the groups and revokes; then both answer 404.
    let manage = path.trim_end_matches(".ics").to_owned();
    let m = get(a, &manage);
    assert_eq!(m.status, 200, "{}", m.text());
    assert!(
        m.text().contains("wg5") && m.text().contains("Revoke"),
        "{}",
        m.text()
    );
    let r = request(a, "POST", &manage, &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(get(a, &path).status, 404);
    assert_eq!(get(a, &manage).status, 404);

    // Over the per-address limit (2 a minute; one is spent): the same
    // answer, and no mail.
    let second = ask(a, "wg5", "ana@member.org", &["wg5"]);
    let third = ask(a, "wg5", "ana@member.org", &["wg5"]);
    assert_eq!(answer(&second), answer(&refused));
    assert_eq!(answer(&third), answer(&refused));
    let sink2 = SmtpSink::start();
    worker(d, db, Some(&sink2), None, &[]);
    let mails2 = sink2.messages();
    assert_eq!(mails2.len(), 1, "the third request was over the limit");
    let secret2 = feed_path(&mails2[0])
        .trim_start_matches("/calendars/private/")
        .trim_end_matches(".ics")
        .to_owned();
    assert_eq!(get(a, &feed_path(&mails2[0])).status, 200);

    drop(srv);
    let logged = std::fs::read_to_string(&log).expect("the log");
    assert!(logged.contains("/calendars/private/[secret]"), "{logged}");
    assert!(!logged.contains(&secret), "the secret is in the log");
    assert!(!logged.contains(&secret2), "the secret is in the log");
}

#[test]
fn personal_links_on_sqlite() {
    let dir = TempDir::new("selfserve");
    scenario(&TestDatabase::sqlite(&dir), &dir);
}

#[test]
fn personal_links_on_postgres() {
    let Some(db) = TestDatabase::postgres("selfserve") else {
        return;
    };
    let dir = TempDir::new("selfserve-pg");
    scenario(&db, &dir);
}
