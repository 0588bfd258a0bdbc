//! What keeps a feed's and a page's cost to their own content, on SQLite
//! and PostgreSQL: a feed publishes a window of the past (`?past=all` the
//! archive), a group's page lists its past a page at a time, and a large
//! import still reconciles item by item. Speed itself is measured in
//! `bench/`, not here.

use chrono::{DateTime, Days, NaiveDate, Utc};
use convene_tests::{Server, TempDir, TestDatabase, convene_ok, get, import, seed_text, serve_db};

fn databases(tag: &str, dir: &TempDir) -> Vec<TestDatabase> {
    let mut all = vec![TestDatabase::sqlite(dir)];
    all.extend(TestDatabase::postgres(tag));
    all
}

/// A WG5 e-meeting on `day`.
fn wg5_meeting(id: &str, day: NaiveDate) -> String {
    format!(
        "\n[[meetings]]\nid = \"{id}\"\ntitle = \"WG5 e-meeting {id}\"\ngroups = [\"wg5\"]\nkind = \"e-meeting\"\ndate = \"{day}\"\nstart = \"14:00\"\nend = \"16:00\"\n"
    )
}

fn today() -> NaiveDate {
    DateTime::<Utc>::from(std::time::SystemTime::now()).date_naive()
}

fn serve_window(dir: &TempDir, db: &str) -> Server {
    serve_db(
        dir.path(),
        db,
        &[
            ("CONVENE_PUBLIC_URL", "https://convene.example.org"),
            ("CONVENE_CALENDAR__PAST_MONTHS", "13"),
        ],
    )
}

#[test]
fn a_feed_publishes_the_last_13_months_and_ahead_and_the_archive_on_request() {
    let dir = TempDir::new("scale-window");
    for db in databases("window", &dir) {
        let mut schedule = seed_text();
        let old = today() - Days::new(3 * 365);
        let recent = today() - Days::new(60);
        let ahead = today() + Days::new(30);
        schedule.push_str(&wg5_meeting("wg5-old", old));
        schedule.push_str(&wg5_meeting("wg5-recent", recent));
        schedule.push_str(&wg5_meeting("wg5-ahead", ahead));
        schedule.push_str(&format!(
            "\n[[deadlines]]\nid = \"wg5-old-call\"\ngroup = \"wg5\"\nkind = \"contribution\"\ndate = \"{old}\"\n"
        ));
        import(&dir, &db.url, Some(&schedule));
        let server = serve_window(&dir, &db.url);

        let window = get(&server.addr, "/calendars/wg5.ics");
        assert_eq!(window.status, 200, "{}", db.url);
        let body = window.text();
        assert!(
            body.contains("UID:wg5-recent@convene.example.org\r\n"),
            "{body}"
        );
        assert!(body.contains("UID:wg5-ahead@convene.example.org\r\n"));
        // Older than the window: the 2023 seed and the meeting 3 years ago,
        // and the group's own deadline that closed then.
        assert!(!body.contains("UID:wg5-old@"), "{body}");
        assert!(!body.contains("UID:wg5-2023-09-07@"));
        assert!(!body.contains("UID:deadline-wg5-old-call@"));

        let all = get(&server.addr, "/calendars/wg5.ics?past=all");
        assert_eq!(all.status, 200);
        let body = all.text();
        for uid in [
            "wg5-old@",
            "wg5-recent@",
            "wg5-ahead@",
            "wg5-2023-09-07@",
            "deadline-wg5-old-call@",
        ] {
            assert!(body.contains(&format!("UID:{uid}")), "{uid} missing");
        }
        // Two different representations: two ETags.
        assert_ne!(window.header("etag"), all.header("etag"));

        // The combined feed takes the same window.
        let combined = get(&server.addr, "/calendars.ics?groups=wg5,wg3").text();
        assert!(combined.contains("UID:wg5-recent@"));
        assert!(!combined.contains("UID:wg5-old@"));
        let combined = get(&server.addr, "/calendars.ics?groups=wg5,wg3&past=all").text();
        assert!(combined.contains("UID:wg5-old@"));

        let bad = get(&server.addr, "/calendars/wg5.ics?past=forever");
        assert_eq!(bad.status, 400);
        assert_eq!(bad.json()["errors"][0]["field"], "past");
        server.terminate();
    }
}

/// The `/meetings/ID` links of the past meetings' section of a page.
fn past_links(html: &str) -> Vec<String> {
    let past = html
        .split("id=\"past-h\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap_or("");
    past.split("href=\"/meetings/")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_group_page_lists_its_past_a_page_at_a_time() {
    let dir = TempDir::new("scale-pages");
    for db in databases("pages", &dir) {
        // 45 past meetings of WG5 a week apart (p00 the most recent), and
        // the seed's three 2023 ones, older than all of them.
        let mut schedule = seed_text();
        for i in 0..45u64 {
            let day = today() - Days::new(7 * (i + 1));
            schedule.push_str(&wg5_meeting(&format!("wg5-p{i:02}"), day));
        }
        import(&dir, &db.url, Some(&schedule));
        let server = serve_window(&dir, &db.url);

        let first = get(&server.addr, "/groups/wg5").text();
        let expect: Vec<String> = (0..20).map(|i| format!("wg5-p{i:02}")).collect();
        assert_eq!(past_links(&first), expect, "{}", db.url);
        assert!(first.contains("href=\"/groups/wg5?page=2\""), "{first}");
        assert!(!first.contains("rel=\"prev\""));

        let second = get(&server.addr, "/groups/wg5?page=2").text();
        let expect: Vec<String> = (20..40).map(|i| format!("wg5-p{i:02}")).collect();
        assert_eq!(past_links(&second), expect);
        assert!(second.contains("href=\"/groups/wg5?page=3\""));
        assert!(second.contains("href=\"/groups/wg5\" rel=\"prev\""));

        let third = get(&server.addr, "/groups/wg5?page=3").text();
        let links = past_links(&third);
        assert_eq!(links.len(), 5 + 3, "{links:?}");
        assert_eq!(
            links[..5],
            ["wg5-p40", "wg5-p41", "wg5-p42", "wg5-p43", "wg5-p44"]
        );
        assert!(!third.contains("page=4"));

        assert_eq!(get(&server.addr, "/groups/wg5?page=0").status, 400);
        server.terminate();
    }
}

/// A schedule with `n` meetings of another body (every third one ahead of
/// today, so it plans reminders) and a deadline for every tenth.
fn large_schedule(n: usize, edited: usize) -> String {
    let mut s = seed_text();
    s.push_str("\n[[groups]]\nslug = \"ob\"\nshort_name = \"OB\"\nname = \"Another body\"\nkind = \"focus-group\"\nmailing_list = \"ob@example.org\"\n");
    let start = today() - Days::new(2 * n as u64 / 3);
    for i in 0..n {
        let day = start + Days::new(i as u64);
        let hour = if i < edited { 10 } else { 9 };
        s.push_str(&format!(
            "\n[[meetings]]\nid = \"ob-{i:05}\"\ntitle = \"OB meeting {i}\"\ngroups = [\"ob\"]\nkind = \"e-meeting\"\ndate = \"{day}\"\nstart = \"{hour:02}:00\"\nend = \"11:30\"\n"
        ));
    }
    for i in (0..n).step_by(10) {
        s.push_str(&format!(
            "\n[[deadlines]]\nid = \"ob-{i:05}-call\"\nmeeting = \"ob-{i:05}\"\nkind = \"contribution\"\ndate = \"{}\"\n",
            start + Days::new(i as u64) - Days::new(7)
        ));
    }
    s
}

#[test]
fn a_large_import_reconciles_item_by_item() {
    let dir = TempDir::new("scale-import");
    let n = 2_500;
    for db in databases("import", &dir) {
        let first = import(&dir, &db.url, Some(&large_schedule(n, 0)));
        assert!(
            first.contains(&format!(
                "meetings: {} created, 0 updated, 0 unchanged",
                n + 50
            )),
            "{first}"
        );
        assert!(
            first.contains(&format!("deadlines: {} created", n / 10 + 3)),
            "{first}"
        );
        let planned: usize = first
            .split(" mails planned")
            .next()
            .and_then(|s| s.rsplit(' ').next())
            .and_then(|s| s.parse().ok())
            .expect("mails planned");
        assert!(planned > n / 3, "{first}");
        // The planned mails are in the outbox: a reminder per meeting and
        // deadline ahead (7 and 1 days before).
        let preview = convene_ok(
            dir.path(),
            &db.url,
            &[
                "reminders",
                "preview",
                "--from",
                "2000-01-01",
                "--to",
                "2200-01-01",
            ],
        );
        let queued = preview.lines().filter(|l| l.contains("ob-")).count();
        assert_eq!(queued, planned, "{preview}");

        // The same file again: nothing to do.
        let again = import(&dir, &db.url, Some(&large_schedule(n, 0)));
        assert!(
            again.contains(&format!(
                "meetings: 0 created, 0 updated, {} unchanged",
                n + 50
            )),
            "{again}"
        );
        // 25 meetings moved in the file: 25 updated, the rest unchanged.
        let moved = import(&dir, &db.url, Some(&large_schedule(n, 25)));
        assert!(
            moved.contains(&format!(
                "meetings: 0 created, 25 updated, {} unchanged",
                n + 25
            )),
            "{moved}"
        );
        // An invalid file imports nothing, however large.
        let mut bad = large_schedule(n + 10, 0);
        bad.push_str("\n[[meetings]]\nid = \"ob-bad\"\ntitle = \"Bad\"\ngroups = [\"nobody\"]\nkind = \"e-meeting\"\ndate = \"2030-01-01\"\nstart = \"09:00\"\nend = \"10:00\"\n");
        std::fs::write(dir.path().join("bad.toml"), bad).expect("write");
        let out = std::process::Command::new(convene_tests::convene_bin())
            .current_dir(dir.path())
            .args(["import", "bad.toml"])
            .env("CONVENE_DATABASE_URL", &db.url)
            .env("CONVENE_LOG", "warn")
            .output()
            .expect("run convene import");
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("nobody"), "{err}");
        let server = serve_window(&dir, &db.url);
        let feed = get(&server.addr, "/calendars/ob.ics?past=all").text();
        assert_eq!(feed.matches("BEGIN:VEVENT").count(), n + n / 10);
        assert!(!feed.contains(&format!("ob-{n:05}@")));
        assert!(feed.contains("UID:ob-00000@"));
        server.terminate();
    }
}
