//! Scheduling assistance end to end: `GET /api/v1/slots`, `convene slots`,
//! and `POST /api/v1/meetings/preview` storing nothing, on the seed.

use convene_tests::{
    TempDir, TestDatabase, convene_ok, create_token, get, id_and, import, request, serve_db,
};
use serde_json::json;

#[test]
fn slots_for_wg3_and_wg5_by_api_and_cli() {
    let dir = TempDir::new("slots");
    let db = TestDatabase::sqlite(&dir);
    import(&dir, &db.url, None);
    let server = serve_db(dir.path(), &db.url, &[]);
    let a = &server.addr;
    let r = get(
        a,
        "/api/v1/slots?groups=wg3,wg5&duration=PT2H&from=2023-09-04&to=2023-09-15",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let report = r.json();
    let best = &report["candidates"][0];
    // Worked out in the core's tests: 12:00-14:00 Geneva on Mon 4 Sep, with
    // Shanghai and Geneva in hours (weights 3 + 2 of 7), Seoul and New York not.
    assert_eq!(best["start"], "2023-09-04T10:00:00Z");
    assert!((best["score"].as_f64().unwrap_or(0.0) - 5.0 / 7.0).abs() < 1e-9);
    let fits: Vec<(&str, &str)> = best["zones"]
        .as_array()
        .expect("zones")
        .iter()
        .map(|z| {
            (
                z["zone"].as_str().unwrap_or(""),
                z["fit"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        fits,
        [
            ("Asia/Shanghai", "in-hours"),
            ("Europe/Zurich", "in-hours"),
            ("Asia/Seoul", "out-of-hours"),
            ("America/New_York", "out-of-hours"),
        ]
    );
    assert_eq!(report["left_out_for_conflict"], 69);
    // Bad parameters: 422 naming each.
    let r = get(
        a,
        "/api/v1/slots?groups=wg3,wg5&duration=two&from=2023-09-04&to=2023-09-15",
    );
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["errors"][0]["field"], "duration");
    let r = get(
        a,
        "/api/v1/slots?groups=wg3,wg55&duration=90&from=2023-09-32&to=2023-09-15",
    );
    assert_eq!(r.status, 422);
    let fields: Vec<String> = r.json()["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str().map(str::to_owned))
        .collect();
    assert!(
        fields.iter().any(|f| f.starts_with("groups")) && fields.contains(&"from".to_owned()),
        "{fields:?}"
    );
    // The meeting's own page of data shows who meets at night.
    let m = get(a, "/api/v1/meetings/wg3-wg5-2023-09-07").json();
    let ny = m["zones"]["sessions"][0]["zones"]
        .as_array()
        .expect("zones")
        .iter()
        .find(|z| z["zone"] == "America/New_York")
        .cloned()
        .expect("New York");
    assert_eq!(ny["fit"], "night");

    // The CLI prints the same ranking as a table.
    let out = convene_ok(
        dir.path(),
        &db.url,
        &[
            "slots",
            "--groups",
            "wg3,wg5",
            "--duration",
            "2h",
            "--from",
            "2023-09-04",
            "--to",
            "2023-09-15",
            "--count",
            "3",
        ],
    );
    let first = out
        .lines()
        .find(|l| l.starts_with("1 "))
        .expect("rank 1 line");
    assert!(
        first.contains("2023-09-04 10:00")
            && first.contains("18:00-20:00 ok")
            && first.contains("06:00-08:00 off"),
        "{out}"
    );
    assert_eq!(
        out.lines()
            .filter(
                |l| l.chars().next().is_some_and(|c| c.is_ascii_digit()) && l.contains("2023-09")
            )
            .count(),
        3,
        "{out}"
    );
}

#[test]
fn preview_derives_deadlines_and_stores_nothing() {
    let dir = TempDir::new("preview");
    let db = TestDatabase::sqlite(&dir);
    import(&dir, &db.url, None);
    let server = serve_db(dir.path(), &db.url, &[]);
    let a = &server.addr;
    let before = get(a, "/calendars/fg-mv.ics");
    // A physical meeting on Thu 3 Jul 2036 (in the future, so mails are
    // planned): 14, 7 and 5 days before are 19 Jun (Thu), 26 Jun (Thu) and
    // Sat 28 Jun, moved to Fri 27 Jun.
    let body = json!({
        "id": "fgmv-9", "title": "9th FG-MV meeting", "groups": ["fg-mv"], "kind": "physical",
        "city": "Geneva", "zone": "Europe/Zurich", "date": "2036-07-03", "until": "2036-07-04", "all_day": true,
        "deadlines": "derive"
    });
    let r = request(
        a,
        "POST",
        "/api/v1/meetings/preview",
        &[("Content-Type", "application/json")],
        body.to_string().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let p = r.json();
    assert_eq!(p["stored"], false);
    let days: Vec<(&str, &str)> = p["deadlines"]
        .as_array()
        .expect("deadlines")
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap_or(""),
                d["date"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            ("fgmv-9-visa", "2036-06-19"),
            ("fgmv-9-contribution", "2036-06-26"),
            ("fgmv-9-pre-registration", "2036-06-27")
        ]
    );
    assert_eq!(
        p["meeting"]["schedule"]["start_utc"],
        "2036-07-02T22:00:00Z"
    );
    // The announcement now, then reminders: 7 and 1 days before the meeting
    // and before each of the three deadlines (nine mails), to the FG's list.
    let mails = p["mails"].as_array().expect("mails");
    assert_eq!(mails.len(), 9, "{mails:?}");
    assert_eq!(mails[0]["kind"], "announcement");
    assert!(
        mails
            .iter()
            .all(|m| m["recipients"] == json!(["fgmv@lists.itu.int"]))
    );
    assert!(
        mails
            .iter()
            .any(|m| m["item"] == "fgmv-9-visa" && m["due_utc"] == "2036-06-11T22:00:00Z")
    );
    // Nothing was stored: no meeting, the same feed bytes and ETag.
    assert_eq!(get(a, "/api/v1/meetings/fgmv-9").status, 404);
    let after = get(a, "/calendars/fg-mv.ics");
    assert_eq!(after.header("etag"), before.header("etag"));
    assert_eq!(after.body, before.body);

    // Created for real, then moved a week later: the derived deadlines move
    // with it; one set by hand stays where it was put.
    let (_, admin) = create_token(dir.path(), &db.url, "secretariat", &["--admin"]);
    let auth = format!("Bearer {admin}");
    let headers = [
        ("Content-Type", "application/json"),
        ("Authorization", auth.as_str()),
    ];
    let r = request(
        a,
        "POST",
        "/api/v1/meetings",
        &headers,
        body.to_string().as_bytes(),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let hand = json!({"id": "fgmv-9-hotel", "meeting": "fgmv-9", "kind": "other", "title": "Hotel booking", "date": "2036-06-01"});
    assert_eq!(
        request(
            a,
            "POST",
            "/api/v1/deadlines",
            &headers,
            hand.to_string().as_bytes()
        )
        .status,
        201
    );
    let patch = json!({"date": "2036-07-10", "until": "2036-07-11"});
    let r = request(
        a,
        "PATCH",
        "/api/v1/meetings/fgmv-9",
        &headers,
        patch.to_string().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let dates = id_and(&r.json(), "deadlines", "date");
    // 10 Jul 2036 (Thu) minus 14, 7, 5 days: 26 Jun, 3 Jul, Sat 5 Jul -> Fri 4 Jul.
    assert_eq!(
        dates,
        [
            ("fgmv-9-hotel".to_owned(), "2036-06-01".to_owned()),
            ("fgmv-9-visa".to_owned(), "2036-06-26".to_owned()),
            ("fgmv-9-contribution".to_owned(), "2036-07-03".to_owned()),
            (
                "fgmv-9-pre-registration".to_owned(),
                "2036-07-04".to_owned()
            ),
        ]
    );
    assert_eq!(
        get(a, "/api/v1/deadlines/fgmv-9-visa").header("etag"),
        Some("\"2\"")
    );
}
