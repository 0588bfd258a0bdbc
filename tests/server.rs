//! `convene import` + `convene serve` on a fresh SQLite file, over real HTTP,
//! and `convene demo` from a clean directory.

use convene_tests::{
    Response, Server, TempDir, TestDatabase, get, id_and, import, list_ids, request, seeded_db,
    serve_db, workspace_root,
};

#[test]
fn import_is_idempotent_and_serve_shows_the_seed_at_the_right_instants() {
    let dir = TempDir::new("serve");
    let db = TestDatabase::sqlite(&dir).url.clone();
    let first = import(&dir, &db, None);
    assert!(
        first.contains("groups: 29 created, 0 updated, 0 unchanged; meetings: 50 created, 0 updated, 0 unchanged; deadlines: 3 created, 0 updated, 0 unchanged"),
        "{first}"
    );
    let again = import(&dir, &db, None);
    assert!(
        again.contains("groups: 0 created, 0 updated, 29 unchanged; meetings: 0 created, 0 updated, 50 unchanged; deadlines: 0 created, 0 updated, 3 unchanged; 0 mails planned"),
        "{again}"
    );

    let server = serve_db(dir.path(), &db, &[]);
    let a = &server.addr;
    assert_eq!(get(a, "/healthz").status, 200);
    assert_eq!(get(a, "/readyz").text(), "ready\n");

    // WG5's 7-8 Sep meeting: two sessions, 07:00-10:00 UTC each.
    let r = get(a, "/api/v1/meetings/wg5-2023-09-07");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let m = r.json();
    assert_eq!(m["groups"], serde_json::json!(["wg5"]));
    assert_eq!(m["zone"], "Europe/Zurich");
    assert_eq!(m["status"], "confirmed");
    assert_eq!(m["version"], 1);
    assert_eq!(
        m["sessions"],
        serde_json::json!([
            {"date": "2023-09-07", "start": "2023-09-07T09:00:00+02:00", "end": "2023-09-07T12:00:00+02:00",
             "start_utc": "2023-09-07T07:00:00Z", "end_utc": "2023-09-07T10:00:00Z"},
            {"date": "2023-09-08", "start": "2023-09-08T09:00:00+02:00", "end": "2023-09-08T12:00:00+02:00",
             "start_utc": "2023-09-08T07:00:00Z", "end_utc": "2023-09-08T10:00:00Z"}
        ])
    );

    // WG8's 20 Sep item: a date with no time.
    let m = get(a, "/api/v1/meetings/wg8-2023-09-20").json();
    assert_eq!(m["schedule"]["shape"], "time-tba");
    assert_eq!(m["schedule"]["first_day"], "2023-09-20");
    assert_eq!(m["schedule"]["start"], serde_json::Value::Null);
    assert_eq!(m["sessions"], serde_json::json!([]));

    // The 2nd meeting: whole days in Shanghai, with its three deadlines.
    let m = get(a, "/api/v1/meetings/fgmv-2").json();
    assert_eq!(m["schedule"]["shape"], "all-day");
    assert_eq!(m["schedule"]["start_utc"], "2023-07-03T16:00:00Z");
    let d = id_and(&m, "deadlines", "closes_at_utc");
    assert_eq!(
        d,
        [
            ("fgmv-2-visa".to_owned(), "2023-06-20T16:00:00Z".to_owned()),
            (
                "fgmv-2-contribution".to_owned(),
                "2023-06-27T16:00:00Z".to_owned()
            ),
            (
                "fgmv-2-pre-registration".to_owned(),
                "2023-06-29T16:00:00Z".to_owned()
            ),
        ]
    );
    assert_eq!(m["deadlines"][0]["email"], "jjajun.yao@sh-aia.com");

    // A group's meetings in a period; a joint meeting is in both groups.
    let list = get(
        a,
        "/api/v1/groups/wg5/meetings?from=2023-09-07&to=2023-09-07",
    )
    .json();
    let ids = list_ids(&list, "meetings");
    assert_eq!(ids, ["wg3-wg5-2023-09-07", "wg5-2023-09-07"]);
    let list = get(
        a,
        "/api/v1/groups/wg3/meetings?from=2023-09-01&to=2023-09-30",
    )
    .json();
    let ids = list_ids(&list, "meetings");
    assert_eq!(ids, ["wg3-wg5-2023-09-07"]);
    // With subgroups: WG2 and its TGs in late August.
    let list = get(
        a,
        "/api/v1/groups/wg2/meetings?from=2023-08-20&to=2023-08-31&subgroups=true",
    )
    .json();
    let ids = list_ids(&list, "meetings");
    assert_eq!(ids, ["tg-power-2023-08-21", "tg-media-coding-2023-08-29"]);

    // The tree with effective lists.
    let groups = get(a, "/api/v1/groups").json();
    let fg = &groups["groups"][0];
    assert_eq!(fg["slug"], "fg-mv");
    let wg9 = fg["children"]
        .as_array()
        .expect("children")
        .iter()
        .find(|g| g["slug"] == "wg9")
        .expect("wg9");
    assert_eq!(wg9["mailing_list"], serde_json::Value::Null);
    assert_eq!(wg9["effective_mailing_list"], "fgmv@lists.itu.int");
    assert_eq!(wg9["mailing_list_inherited_from"], "fg-mv");

    // Errors: problem+json.
    let r = get(a, "/api/v1/meetings/no-such-meeting");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    assert_eq!(
        r.json()["detail"],
        "meeting \"no-such-meeting\" does not exist"
    );
    let r = get(a, "/api/v1/groups/wg5/meetings?from=September");
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["errors"][0]["field"], "from");
    assert_eq!(get(a, "/api/v1/groups/wg99/meetings").status, 404);

    // SIGTERM: a clean exit.
    assert_eq!(server.terminate(), Some(0));
}

/// A problem+json answer with `status`; its body.
fn problem(r: &Response, status: u16) -> serde_json::Value {
    assert_eq!(r.status, status, "{}", r.text());
    assert_eq!(
        r.header("content-type"),
        Some("application/problem+json"),
        "{}",
        r.text()
    );
    let p = r.json();
    assert_eq!(p["status"], status, "{p}");
    assert!(p["title"].is_string() && p["detail"].is_string(), "{p}");
    p
}

/// Every error has one shape: unknown routes, wrong methods, query strings
/// and path parameters that do not parse, as well as the handlers' own.
#[test]
fn every_error_is_problem_json() {
    let dir = TempDir::new("errors");
    let db = seeded_db(&dir, None);
    let server = serve_db(dir.path(), &db, &[]);
    let a = &server.addr;

    // An unknown route: under /api/ and /calendars/ problem+json, elsewhere
    // the HTML 404 page.
    for path in ["/api/v1/nothing", "/api/v2/groups", "/calendars/wg5/x.ics"] {
        let p = problem(&get(a, path), 404);
        assert_eq!(p["title"], "Not Found", "{p}");
    }
    let r = get(a, "/no/such/page");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(r.text().contains("<html"), "{}", r.text());

    // A wrong method: 405 with `Allow`.
    let r = request(a, "PUT", "/api/v1/groups", &[], b"");
    let p = problem(&r, 405);
    assert!(
        p["detail"].as_str().is_some_and(|d| d.contains("PUT")),
        "{p}"
    );
    let allow = r.header("allow").unwrap_or_default();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow:?}");
    let r = request(a, "DELETE", "/api/v1/meetings/wg5-2023-09-07", &[], b"");
    problem(&r, 405);
    let allow = r.header("allow").unwrap_or_default();
    assert!(
        allow.contains("GET") && allow.contains("PATCH"),
        "{allow:?}"
    );
    let r = request(a, "POST", "/groups/wg5", &[], b"");
    problem(&r, 405);
    assert!(r.header("allow").is_some_and(|v| v.contains("GET")));

    // Query strings that do not parse: 400 naming the parameter.
    let p = problem(&get(a, "/api/v1/meetings?limit=abc"), 400);
    assert_eq!(p["errors"][0]["field"], "limit", "{p}");
    let message = p["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("whole number"), "{p}");
    let p = problem(&get(a, "/api/v1/groups/wg5/meetings?subgroups=1"), 400);
    assert_eq!(p["errors"][0]["field"], "subgroups", "{p}");
    let message = p["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("true") && message.contains("false"), "{p}");
    let p = problem(&get(a, "/calendars/wg5.ics?subgroups=yes"), 400);
    assert_eq!(p["errors"][0]["field"], "subgroups", "{p}");
    let p = problem(&get(a, "/api/v1/slots?groups=wg5&groups=wg3"), 400);
    assert_eq!(p["errors"][0]["field"], "groups", "{p}");

    // A path parameter that does not decode: 400 naming it.
    let p = problem(&get(a, "/api/v1/meetings/%FF%FE"), 400);
    assert_eq!(p["errors"][0]["field"], "id", "{p}");
    let p = problem(&get(a, "/api/v1/groups/%C3%28/meetings"), 400);
    assert_eq!(p["errors"][0]["field"], "slug", "{p}");
    // The same on a page: the HTML error page.
    let r = get(a, "/groups/%FF");
    assert_eq!(r.status, 400);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));

    assert_eq!(server.terminate(), Some(0));
}

#[test]
fn an_invalid_file_imports_nothing() {
    let dir = TempDir::new("import-invalid");
    let db = TestDatabase::sqlite(&dir).url.clone();
    let broken = std::fs::read_to_string(workspace_root().join("data/fg-mv-2023.toml"))
        .expect("seed")
        .replacen("start = \"09:00\"", "start = \"02:30\"", 1)
        .replacen("date = \"2023-08-21\"", "date = \"2023-03-26\"", 1);
    std::fs::write(dir.path().join("broken.toml"), broken).expect("write");
    let run = std::process::Command::new(convene_tests::convene_bin())
        .current_dir(dir.path())
        .args(["import", "broken.toml"])
        .env("CONVENE_DATABASE_URL", &db)
        .output()
        .expect("run import");
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(
        err.contains("field `start`: 2023-03-26 02:30:00 does not exist in Europe/Zurich"),
        "{err}"
    );
    // The database was not even created.
    assert!(!dir.path().join("convene.sqlite").exists());
}

#[test]
fn demo_starts_from_a_clean_directory_and_prints_a_token() {
    let dir = TempDir::new("demo");
    std::fs::create_dir_all(dir.path().join("data")).expect("mkdir");
    std::fs::copy(
        workspace_root().join("data/fg-mv-2023.toml"),
        dir.path().join("data/fg-mv-2023.toml"),
    )
    .expect("copy seed");
    // A database configured for `serve` that the demo must not touch.
    let other = dir.path().join("production.sqlite");
    let server = Server::start(
        dir.path(),
        &["demo", "--listen", "127.0.0.1:0"],
        &[(
            "CONVENE_DATABASE_URL",
            &format!("sqlite:{}", other.display()),
        )],
    );
    let token_lines: Vec<&String> = server
        .banner
        .iter()
        .filter(|l| l.starts_with("Admin token: "))
        .collect();
    assert_eq!(token_lines.len(), 1, "{:?}", server.banner);
    let token = token_lines[0].trim_start_matches("Admin token: ");
    assert!(token.starts_with("cvn_") && token.len() == 68, "{token}");
    assert!(
        server.banner.iter().any(|l| l.contains("/api/v1/groups")),
        "{:?}",
        server.banner
    );
    let m = get(&server.addr, "/api/v1/meetings/wg5-2023-09-07").json();
    assert_eq!(m["sessions"][1]["start_utc"], "2023-09-08T07:00:00Z");
    assert!(dir.path().join("var/demo.sqlite").exists());
    assert!(!other.exists(), "the demo touched the configured database");
    drop(server);
    // Run again: a fresh database each time (still 50 meetings, version 1).
    let server = Server::start(dir.path(), &["demo", "--listen", "127.0.0.1:0"], &[]);
    let m = get(&server.addr, "/api/v1/meetings/wg5-2023-09-07").json();
    assert_eq!(m["version"], 1);
    assert!(
        server.banner[0].contains("meetings: 50 created"),
        "{:?}",
        server.banner
    );
}
