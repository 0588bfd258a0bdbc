//! The organizer API over real HTTP, on SQLite and on PostgreSQL: every
//! status code it documents is produced by a real request and its body
//! checked.

use convene_tests::{
    Response, Server, TempDir, TestDatabase, convene_ok, create_token, get, import, list_ids,
    request, serve_db,
};
use serde_json::{Value, json};

struct Api {
    server: Server,
}

impl Api {
    fn send(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        extra: &[(&str, &str)],
        body: &Value,
    ) -> Response {
        let auth = token.map(|t| format!("Bearer {t}"));
        let mut headers: Vec<(&str, &str)> = vec![("Content-Type", "application/json")];
        if let Some(a) = &auth {
            headers.push(("Authorization", a));
        }
        headers.extend_from_slice(extra);
        let bytes = if body.is_null() {
            Vec::new()
        } else {
            body.to_string().into_bytes()
        };
        request(&self.server.addr, method, path, &headers, &bytes)
    }
}

fn problem(r: &Response, status: u16) -> Value {
    assert_eq!(r.status, status, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let p = r.json();
    assert_eq!(p["status"], status);
    p
}

fn fields(p: &Value) -> Vec<String> {
    p["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn new_meeting(id: &str, groups: &[&str], date: &str, start: &str, end: &str) -> Value {
    json!({
        "id": id, "title": format!("{id} e-meeting"), "groups": groups, "kind": "e-meeting",
        "date": date, "start": start, "end": end, "remote_url": "https://remote.itu.int/"
    })
}

fn scenario(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    import(dir, &db.url, None);
    let (_, admin) = create_token(d, &db.url, "secretariat", &["--admin"]);
    let (_, wg5) = create_token(d, &db.url, "wg5 chair", &["--group", "wg5"]);
    let (revoked_id, revoked) = create_token(d, &db.url, "old", &["--group", "wg5"]);
    convene_ok(d, &db.url, &["token", "revoke", &revoked_id]);
    let api = Api {
        server: serve_db(d, &db.url, &[("CONVENE_MAX_BODY_BYTES", "4096")]),
    };
    let a = api.server.addr.clone();

    // 401: no token (with the challenge), unknown and revoked tokens.
    let body = new_meeting("wg5-2023-10-10", &["wg5"], "2023-10-10", "14:00", "16:00");
    let r = api.send("POST", "/api/v1/meetings", None, &[], &body);
    problem(&r, 401);
    assert_eq!(
        r.header("www-authenticate"),
        Some("Bearer realm=\"convene\"")
    );
    let r = api.send("POST", "/api/v1/meetings", Some("cvn_nope"), &[], &body);
    assert_eq!(problem(&r, 401)["detail"], "this token is not known");
    assert_eq!(
        r.header("www-authenticate"),
        Some("Bearer realm=\"convene\", error=\"invalid_token\"")
    );
    assert_eq!(
        problem(
            &api.send("POST", "/api/v1/meetings", Some(&revoked), &[], &body),
            401
        )["detail"],
        "this token was revoked"
    );

    // 201: a WG5 chair creates a meeting with a deadline.
    let mut with_deadline = body.clone();
    with_deadline["deadlines"] = json!([{ "id": "wg5-2023-10-10-contrib", "kind": "contribution", "date": "2023-10-03", "email": "tsbfgmv@itu.int" }]);
    let r = api.send("POST", "/api/v1/meetings", Some(&wg5), &[], &with_deadline);
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(
        r.header("location"),
        Some("/api/v1/meetings/wg5-2023-10-10")
    );
    assert_eq!(r.header("etag"), Some("\"1\""));
    let m = r.json();
    assert_eq!(m["sessions"][0]["start_utc"], "2023-10-10T12:00:00Z");
    assert_eq!(m["sessions"][0]["end_utc"], "2023-10-10T14:00:00Z");
    assert_eq!(m["deadlines"][0]["closes_at_utc"], "2023-10-03T22:00:00Z");
    // It is in the listing and in the group's feed, at the right instant.
    let list = get(
        &a,
        "/api/v1/meetings?group=wg5&from=2023-10-01&to=2023-10-30",
    )
    .json();
    let ids = list_ids(&list, "meetings");
    assert_eq!(ids, ["wg5-2023-10-10"]);
    let feed = get(&a, "/calendars/wg5.ics").text();
    assert!(
        feed.contains("DTSTART;TZID=Europe/Zurich:20231010T140000\r\n"),
        "{feed}"
    );
    assert!(
        get(&a, "/calendars/fg-mv.ics?subgroups=true")
            .text()
            .contains("UID:wg5-2023-10-10@")
    );

    // 403: the WG5 token cannot touch a sibling group.
    let r = api.send(
        "POST",
        "/api/v1/meetings",
        Some(&wg5),
        &[],
        &new_meeting("wg1-x", &["wg1"], "2023-10-11", "09:00", "10:00"),
    );
    assert!(
        problem(&r, 403)["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("not on wg1")
    );
    let r = api.send(
        "PATCH",
        "/api/v1/meetings/wg1-2023-09-07",
        Some(&wg5),
        &[],
        &json!({"title": "hijacked"}),
    );
    problem(&r, 403);
    let r = api.send(
        "POST",
        "/api/v1/groups",
        Some(&wg5),
        &[],
        &json!({"slug": "tg-x", "name": "X", "kind": "task-group", "parent": "wg5"}),
    );
    problem(&r, 403);

    // 422: every bad field named.
    let bad = json!({
        "id": "wg5-bad", "title": "Line\r\nBcc: x@example.org", "groups": ["wg5", "wg55"], "kind": "e-meeting",
        "zone": "Europe/Geneva", "date": "2023-03-26", "start": "12:00", "end": "11:00"
    });
    let p = problem(
        &api.send("POST", "/api/v1/meetings", Some(&admin), &[], &bad),
        422,
    );
    assert_eq!(fields(&p), ["title", "zone", "end", "groups[1]"]);
    let gap = new_meeting("wg5-gap", &["wg5"], "2023-03-26", "02:30", "04:00");
    let p = problem(
        &api.send("POST", "/api/v1/meetings", Some(&admin), &[], &gap),
        422,
    );
    assert_eq!(fields(&p), ["start"]);
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("does not exist in Europe/Zurich")
    );
    let p = problem(
        &api.send(
            "POST",
            "/api/v1/meetings",
            Some(&admin),
            &[],
            &json!({"id": "x", "colour": "red"}),
        ),
        422,
    );
    assert_eq!(fields(&p), ["colour"]);
    // 400: malformed JSON. 413: too big.
    let r = request(
        &a,
        "POST",
        "/api/v1/meetings",
        &[("Authorization", &format!("Bearer {admin}"))],
        b"{\"id\": ",
    );
    assert!(
        problem(&r, 400)["detail"]
            .as_str()
            .unwrap_or_default()
            .starts_with("the request body is not valid JSON")
    );
    let big = json!({ "id": "big", "description": "x".repeat(5000) });
    problem(
        &api.send("POST", "/api/v1/meetings", Some(&admin), &[], &big),
        413,
    );

    // 409: a conflict with WG5's 7-8 Sep meeting, listed; saved on request.
    let clash = new_meeting("wg5-clash", &["wg5"], "2023-09-08", "11:00", "13:00");
    let p = problem(
        &api.send("POST", "/api/v1/meetings", Some(&wg5), &[], &clash),
        409,
    );
    assert_eq!(p["conflicts"][0]["meeting"], "wg5-2023-09-07");
    assert_eq!(
        p["conflicts"][0]["overlaps"][0],
        json!(["2023-09-08T09:00:00Z", "2023-09-08T10:00:00Z"])
    );
    let mut allowed = clash.clone();
    allowed["allow_conflicts"] = json!(true);
    let r = api.send("POST", "/api/v1/meetings", Some(&wg5), &[], &allowed);
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["conflicts"][0]["meeting"], "wg5-2023-09-07");
    // Same id again: 422 on `id`.
    let p = problem(
        &api.send("POST", "/api/v1/meetings", Some(&wg5), &[], &allowed),
        422,
    );
    assert_eq!(fields(&p), ["id"]);

    // Two PATCHes with the same If-Match: one 200, one 412.
    let one = api.send(
        "PATCH",
        "/api/v1/meetings/wg5-2023-10-10",
        Some(&wg5),
        &[("If-Match", "\"1\"")],
        &json!({"start": "15:00", "end": "17:00"}),
    );
    assert_eq!(one.status, 200, "{}", one.text());
    assert_eq!(one.header("etag"), Some("\"2\""));
    assert_eq!(
        one.json()["sessions"][0]["start_utc"],
        "2023-10-10T13:00:00Z"
    );
    let two = api.send(
        "PATCH",
        "/api/v1/meetings/wg5-2023-10-10",
        Some(&wg5),
        &[("If-Match", "\"1\"")],
        &json!({"title": "Other"}),
    );
    let p = problem(&two, 412);
    assert!(
        p["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("is at version 2")
    );
    // The move shows in the feed with a higher SEQUENCE.
    let feed = get(&a, "/calendars/wg5.ics").text();
    let event = feed.split("UID:wg5-2023-10-10@").nth(1).unwrap_or_default();
    assert!(
        event.contains("SEQUENCE:1\r\n")
            && event.contains("DTSTART;TZID=Europe/Zurich:20231010T150000"),
        "{event}"
    );
    // Moving it onto the 7 Sep meeting: 409.
    let p = problem(
        &api.send(
            "PATCH",
            "/api/v1/meetings/wg5-2023-10-10",
            Some(&wg5),
            &[],
            &json!({"date": "2023-09-07", "start": "09:00", "end": "10:00"}),
        ),
        409,
    );
    assert_eq!(p["conflicts"].as_array().map(Vec::len), Some(2));
    problem(
        &api.send(
            "PATCH",
            "/api/v1/meetings/no-such",
            Some(&wg5),
            &[],
            &json!({"title": "x"}),
        ),
        404,
    );

    // Cancel: stays, cancelled, in the feed; twice is a 409.
    let r = api.send(
        "POST",
        "/api/v1/meetings/wg5-2023-10-10/cancel",
        Some(&wg5),
        &[("If-Match", "\"2\"")],
        &json!({"reason": "Chair unavailable"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "cancelled");
    assert_eq!(r.json()["cancel_reason"], "Chair unavailable");
    let feed = get(&a, "/calendars/wg5.ics").text();
    let event = feed.split("UID:wg5-2023-10-10@").nth(1).unwrap_or_default();
    assert!(
        event.contains("STATUS:CANCELLED\r\n") && event.contains("SEQUENCE:2\r\n"),
        "{event}"
    );
    problem(
        &api.send(
            "POST",
            "/api/v1/meetings/wg5-2023-10-10/cancel",
            Some(&wg5),
            &[],
            &json!({}),
        ),
        409,
    );

    // Idempotency-Key: a replayed POST creates one meeting.
    let key = [("Idempotency-Key", "retry-1")];
    let body = new_meeting("wg5-2023-12-01", &["wg5"], "2023-12-01", "09:00", "10:00");
    let first = api.send("POST", "/api/v1/meetings", Some(&wg5), &key, &body);
    let again = api.send("POST", "/api/v1/meetings", Some(&wg5), &key, &body);
    assert_eq!((first.status, again.status), (201, 201));
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(first.json(), again.json());
    let list = get(
        &a,
        "/api/v1/meetings?group=wg5&from=2023-12-01&to=2023-12-01",
    )
    .json();
    assert_eq!(list["meetings"].as_array().map(Vec::len), Some(1));
    let other = new_meeting("wg5-2023-12-02", &["wg5"], "2023-12-02", "09:00", "10:00");
    assert_eq!(
        fields(&problem(
            &api.send("POST", "/api/v1/meetings", Some(&wg5), &key, &other),
            422
        )),
        ["Idempotency-Key"]
    );

    // Listing: filters and cursor pagination.
    let p1 = get(
        &a,
        "/api/v1/meetings?group=wg8&subgroups=true&status=confirmed&limit=5",
    )
    .json();
    let p1_ids: Vec<String> = p1["meetings"]
        .as_array()
        .expect("page")
        .iter()
        .filter_map(|m| m["id"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(p1_ids[0], "tg-sustainability-2023-08-29");
    let cursor = p1["next_cursor"].as_str().expect("more pages").to_owned();
    let p2 = get(
        &a,
        &format!(
            "/api/v1/meetings?group=wg8&subgroups=true&status=confirmed&limit=5&cursor={cursor}"
        ),
    )
    .json();
    let p2_ids = list_ids(&p2, "meetings");
    assert_eq!(p2_ids.len(), 5);
    assert!(p2_ids.iter().all(|id| !p1_ids.iter().any(|x| x == id)));
    assert_eq!(
        fields(&problem(
            &get(&a, "/api/v1/meetings?status=maybe&limit=0"),
            400
        )),
        ["status", "limit"]
    );
    // Parameters that do not even parse: the same shape, naming them.
    let p = problem(&get(&a, "/api/v1/meetings?limit=abc"), 400);
    assert_eq!(fields(&p), ["limit"]);
    let p = problem(&get(&a, "/api/v1/meetings?group=wg8&subgroups=1"), 400);
    assert_eq!(fields(&p), ["subgroups"]);
    let r = api.send(
        "POST",
        "/api/v1/outbox/%FF/retry",
        Some(&admin),
        &[],
        &Value::Null,
    );
    assert_eq!(fields(&problem(&r, 400)), ["id"]);
    // A write route with a method it has not: 405 with `Allow`.
    let r = api.send(
        "PUT",
        "/api/v1/deadlines/wg5-x",
        Some(&wg5),
        &[],
        &json!({}),
    );
    problem(&r, 405);
    let allow = r.header("allow").unwrap_or_default();
    for m in ["GET", "PATCH", "DELETE"] {
        assert!(allow.contains(m), "{allow:?}");
    }
    // An unknown API address.
    problem(&get(&a, "/api/v1/meeting"), 404);

    // Deadlines: create, read, change with If-Match, delete.
    let r = api.send("POST", "/api/v1/deadlines", Some(&wg5), &[], &json!({"id": "wg5-report", "group": "wg5", "kind": "other", "title": "Progress report", "date": "2023-11-20", "email": "tsbfgmv@itu.int"}));
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["closes_at_utc"], "2023-11-20T23:00:00Z");
    let r = api.send(
        "PATCH",
        "/api/v1/deadlines/wg5-report",
        Some(&wg5),
        &[("If-Match", "\"1\"")],
        &json!({"date": "2023-11-21"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("etag"), Some("\"2\""));
    problem(
        &api.send(
            "PATCH",
            "/api/v1/deadlines/wg5-report",
            Some(&wg5),
            &[("If-Match", "\"1\"")],
            &json!({"date": "2023-11-22"}),
        ),
        412,
    );
    assert_eq!(
        get(&a, "/api/v1/deadlines/wg5-report").json()["date"],
        "2023-11-21"
    );
    assert_eq!(
        api.send(
            "DELETE",
            "/api/v1/deadlines/wg5-report",
            Some(&wg5),
            &[],
            &Value::Null
        )
        .status,
        204
    );
    problem(&get(&a, "/api/v1/deadlines/wg5-report"), 404);

    // Groups (admin): create, refuse a cycle, archive.
    let r = api.send("POST", "/api/v1/groups", Some(&admin), &[], &json!({"slug": "tg-avatars", "name": "TG on avatars", "kind": "task-group", "parent": "wg5"}));
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["effective_mailing_list"], "fgmv-wg5@lists.itu.int");
    let p = problem(
        &api.send(
            "PATCH",
            "/api/v1/groups/wg9",
            Some(&admin),
            &[],
            &json!({"kind": "task-group", "parent": "tg-gap-analysis"}),
        ),
        422,
    );
    assert_eq!(fields(&p), ["parent"]);
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("form a cycle")
    );
    let r = api.send(
        "PATCH",
        "/api/v1/groups/wg9",
        Some(&admin),
        &[],
        &json!({"mailing_list": "fgmv-wg9@lists.itu.int"}),
    );
    assert_eq!(r.json()["effective_mailing_list"], "fgmv-wg9@lists.itu.int");
    assert_eq!(
        api.send(
            "POST",
            "/api/v1/groups/tg-avatars/archive",
            Some(&admin),
            &[],
            &Value::Null
        )
        .status,
        200
    );
    let p = problem(
        &api.send(
            "POST",
            "/api/v1/meetings",
            Some(&admin),
            &[],
            &new_meeting(
                "tg-avatars-1",
                &["tg-avatars"],
                "2023-12-05",
                "09:00",
                "10:00",
            ),
        ),
        422,
    );
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("archived")
    );

    // The document describes the API.
    let doc = get(&a, "/api/openapi.json").json();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["paths"]["/api/v1/meetings/{id}"]["patch"]["responses"]["412"].is_object());
}

#[test]
fn organizer_api_on_sqlite() {
    let dir = TempDir::new("api-sqlite");
    let db = TestDatabase::sqlite(&dir);
    scenario(&db, &dir);
}

#[test]
fn organizer_api_on_postgres() {
    let dir = TempDir::new("api-pg");
    if let Some(db) = TestDatabase::postgres("api") {
        scenario(&db, &dir);
    }
}
