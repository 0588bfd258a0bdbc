//! Issue 17 end to end, on SQLite and PostgreSQL: members-only join details
//! never reach a public feed, page, anonymous API read or history, but do
//! reach the list mail, token reads in scope and private feeds; private
//! feed links follow the tree, are revoked to the same 404 as an unknown
//! one, and their secret never appears in the server's log.

#[path = "support/mail_common.rs"]
#[allow(dead_code)]
mod mail_common;

use convene_tests::smtp::SmtpSink;
use convene_tests::{Response, Server, TempDir, TestDatabase, create_token, get, request};
use mail_common::{PUBLIC_URL, parts, run, seed_path, worker};
use serde_json::{Value, json};

const ROOM: &str = "https://remote.example.org/wg5-room-7f3a";
const NOTES: &str = "Passcode 918273 / dial-in +41 22 555 0100";
const TG_NOTES: &str = "TG passcode 5550";

/// The text with iCalendar line folding undone.
fn unfolded(r: &Response) -> String {
    r.text().replace("\r\n ", "")
}

fn send(addr: &str, method: &str, path: &str, token: &str, body: &Value) -> Response {
    let auth = format!("Bearer {token}");
    let bytes = body.to_string().into_bytes();
    let mut h = vec![("Authorization", auth.as_str())];
    if !bytes.is_empty() && body != &Value::Null {
        h.push(("Content-Type", "application/json"));
    }
    let b: &[u8] = if body == &Value::Null { b"" } else { &bytes };
    request(addr, method, path, &h, b)
}

fn holds_details(text: &str) -> bool {
    text.contains(ROOM) || text.contains("918273") || text.contains("wg5-room-7f3a")
}

fn scenario(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    run(d, db, &["import", &seed_path()], &[]);
    let (_, admin) = create_token(d, &db.url, "secretariat", &["--admin"]);
    let (_, wg2) = create_token(d, &db.url, "wg2 chair", &["--group", "wg2"]);
    let log = d.join("server.log");
    let srv = Server::start_logging_to(
        d,
        &["serve"],
        &[
            ("CONVENE_DATABASE_URL", db.url.as_str()),
            ("CONVENE_LISTEN", "127.0.0.1:0"),
            ("CONVENE_PUBLIC_URL", PUBLIC_URL),
            ("CONVENE_MAIL_DISPATCH_INTERVAL_SECONDS", "0"),
            // Announcements due at once, not after the hold.
            ("CONVENE_MAIL__HOLD_MINUTES", "0"),
            ("CONVENE_LOG", "info"),
        ],
        &log,
    );
    let a = srv.addr.as_str();
    let id = "wg5-2027-03-10";
    let r = send(
        a,
        "POST",
        "/api/v1/meetings",
        &admin,
        &json!({ "id": id, "title": "WG5 e-meeting", "groups": ["wg5"], "kind": "e-meeting",
                 "date": "2027-03-10", "start": "09:00", "end": "12:00",
                 "remote_url": ROOM, "join_notes": NOTES }),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    // The writer's own answer holds what it wrote.
    assert!(holds_details(&r.text()), "{}", r.text());

    // Public: no byte of the details, and the notice instead.
    let notice = "Join details: sent to fgmv-wg5@lists.itu.int and in members' calendars";
    for path in [
        "/calendars/wg5.ics".to_owned(),
        "/calendars/wg5.ics?subgroups=true".to_owned(),
        "/calendars/fg-mv.ics?subgroups=true".to_owned(),
        "/calendars.ics?groups=wg5".to_owned(),
        format!("/meetings/{id}.ics"),
    ] {
        let r = get(a, &path);
        assert_eq!(r.status, 200, "{path}");
        let text = unfolded(&r);
        assert!(!holds_details(&text), "{path} holds join details");
        assert!(text.contains(notice), "{path} lacks the notice:\n{text}");
    }
    for path in [
        format!("/meetings/{id}"),
        "/groups/wg5?from=2027-03-01".to_owned(),
        "/schedule?from=2027-03-01".to_owned(),
        "/?from=2027-03-01".to_owned(),
        format!("/meetings/{id}/history"),
        "/groups/wg5/history".to_owned(),
        "/groups/wg5/changes.atom".to_owned(),
        format!("/api/v1/meetings/{id}"),
        "/api/v1/meetings?group=wg5&from=2027-03-01".to_owned(),
        "/api/v1/groups/wg5/meetings?from=2027-03-01".to_owned(),
    ] {
        let r = get(a, &path);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        assert!(!holds_details(&r.text()), "{path} holds join details");
    }
    // (HTML escapes the apostrophe.)
    assert!(
        get(a, &format!("/meetings/{id}"))
            .text()
            .contains("Join details: sent to fgmv-wg5@lists.itu.int and in members")
    );
    let anon = get(a, &format!("/api/v1/meetings/{id}")).json();
    assert_eq!(anon["remote_url"], Value::Null);
    assert_eq!(anon["join_notes"], Value::Null);
    assert_eq!(anon["join_notice"], notice);
    assert_eq!(anon["input"]["remote_url"], Value::Null);

    // A token in scope reads them; one outside (wg2) does not.
    let mine = send(
        a,
        "GET",
        &format!("/api/v1/meetings/{id}"),
        &admin,
        &Value::Null,
    )
    .json();
    assert_eq!(
        (mine["remote_url"].as_str(), mine["join_notes"].as_str()),
        (Some(ROOM), Some(NOTES))
    );
    let other = send(
        a,
        "GET",
        &format!("/api/v1/meetings/{id}"),
        &wg2,
        &Value::Null,
    );
    assert!(!holds_details(&other.text()), "{}", other.text());

    // A wg5 subtree link: the private feed holds the details.
    let r = send(
        a,
        "POST",
        "/api/v1/feed-links",
        &admin,
        &json!({ "label": "WG5 members", "groups": ["wg5"], "subgroups": true, "include_cancelled": true }),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let made = r.json();
    let url = made["url"].as_str().expect("url");
    let path = url
        .strip_prefix(PUBLIC_URL)
        .expect("under the public URL")
        .to_owned();
    let secret = path
        .strip_prefix("/calendars/private/")
        .and_then(|s| s.strip_suffix(".ics"))
        .expect("a private feed path")
        .to_owned();
    assert_eq!(secret.len(), 43, "256 bits, base64url");
    let link_id = made["id"].as_str().expect("id").to_owned();
    let feed = get(a, &path);
    assert_eq!(feed.status, 200, "{}", feed.text());
    assert_eq!(feed.header("cache-control"), Some("private, no-store"));
    let text = unfolded(&feed);
    assert!(text.contains(ROOM) && text.contains(NOTES), "{text}");
    assert!(!text.contains(notice));

    // A group token outside wg5 may not make a wg5 link.
    let r = send(
        a,
        "POST",
        "/api/v1/feed-links",
        &wg2,
        &json!({ "label": "x", "groups": ["wg5"] }),
    );
    assert_eq!(r.status, 403, "{}", r.text());

    // A task group created later under wg5 appears in the subtree link.
    let r = send(
        a,
        "POST",
        "/api/v1/groups",
        &admin,
        &json!({ "slug": "tg-late", "name": "Late task group", "kind": "task-group", "parent": "wg5" }),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let r = send(
        a,
        "POST",
        "/api/v1/meetings",
        &admin,
        &json!({ "id": "tg-late-2027-04-01", "title": "TG e-meeting", "groups": ["tg-late"], "kind": "e-meeting",
                 "date": "2027-04-01", "start": "13:00", "end": "14:00", "join_notes": TG_NOTES }),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let text = unfolded(&get(a, &path));
    assert!(text.contains("UID:tg-late-2027-04-01"), "{text}");
    assert!(text.contains(TG_NOTES));
    assert!(
        !get(a, "/calendars/wg5.ics?subgroups=true")
            .text()
            .contains("5550")
    );

    // Listed without the secret.
    let list = send(a, "GET", "/api/v1/feed-links", &admin, &Value::Null);
    assert_eq!(list.status, 200);
    assert!(list.text().contains(&link_id));
    assert!(!list.text().contains(&secret));
    assert!(
        !send(a, "GET", "/api/v1/feed-links", &wg2, &Value::Null)
            .text()
            .contains(&link_id)
    );

    // Revoked: the same 404 as a secret nobody was given.
    let r = send(
        a,
        "DELETE",
        &format!("/api/v1/feed-links/{link_id}"),
        &admin,
        &Value::Null,
    );
    assert_eq!(r.status, 204, "{}", r.text());
    let gone = get(a, &path);
    let unknown = get(a, &format!("/calendars/private/{}.ics", "A".repeat(43)));
    assert_eq!(gone.status, 404);
    assert_eq!(gone.body, unknown.body);
    let headers = |r: &Response| -> Vec<(String, String)> {
        r.headers
            .iter()
            .filter(|(k, _)| k != "date" && k != "x-request-id")
            .cloned()
            .collect()
    };
    assert_eq!(headers(&gone), headers(&unknown));

    // The list mail holds the details.
    let sink = SmtpSink::start();
    worker(d, db, Some(&sink), None, &[]);
    let mails = sink.messages();
    let ours: Vec<String> = mails
        .iter()
        .filter(|m| m.text().contains(id))
        .map(|m| parts(m).0)
        .collect();
    assert!(!ours.is_empty(), "no mail about {id} among {}", mails.len());
    assert!(
        ours.iter().all(|t| t.contains(NOTES) && t.contains(ROOM)),
        "{ours:?}"
    );

    // WG5 makes its details public (its TGs inherit it) and lists who may
    // ask for the members' calendar: the list never shows publicly.
    let r = send(
        a,
        "PATCH",
        "/api/v1/groups/wg5",
        &admin,
        &json!({ "join_visibility": "public", "members_allow": ["ana@member.org", "@itu.int"] }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let text = unfolded(&get(a, "/calendars/wg5.ics?subgroups=true"));
    assert!(
        text.contains(ROOM) && text.contains(NOTES) && text.contains(TG_NOTES),
        "{text}"
    );
    let groups = get(a, "/api/v1/groups").text();
    assert!(
        groups.contains(r#""effective_join_visibility":"public""#),
        "{groups}"
    );
    for path in [
        "/api/v1/groups",
        "/groups/wg5",
        "/groups/wg5/history",
        "/groups/wg5/changes.atom",
    ] {
        let body = get(a, path).text();
        assert!(
            !body.contains("ana@member.org"),
            "{path} shows the allow list"
        );
    }

    drop(srv);
    let logged = std::fs::read_to_string(&log).expect("the log");
    assert!(logged.contains("/calendars/private/[secret]"), "{logged}");
    assert!(!logged.contains(&secret), "the secret is in the log");
}

#[test]
fn members_only_details_and_private_links_on_sqlite() {
    let dir = TempDir::new("members");
    scenario(&TestDatabase::sqlite(&dir), &dir);
}

#[test]
fn members_only_details_and_private_links_on_postgres() {
    let Some(db) = TestDatabase::postgres("members") else {
        return;
    };
    let dir = TempDir::new("members-pg");
    scenario(&db, &dir);
}
