//! `convene check` run as a real process on the seed schedule and on broken
//! copies of it.

use convene_tests::{
    Server, TempDir, TestDatabase, convene, convene_ok, create_token, get, request, workspace_root,
};

fn seed() -> String {
    std::fs::read_to_string(workspace_root().join("data/fg-mv-2023.toml")).expect("read the seed")
}

/// Writes `text` as a schedule file in a temp dir and checks it.
fn check_text(text: &str) -> convene_tests::Run {
    let dir = TempDir::new("check");
    let path = dir.path().join("broken.toml");
    std::fs::write(&path, text).expect("write the broken copy");
    convene(dir.path(), &["check", "broken.toml"])
}

/// Replaces exactly one occurrence, so a test cannot pass by editing nothing.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "expected {from:?} once in the seed"
    );
    text.replacen(from, to, 1)
}

#[test]
fn the_seed_is_valid_and_shows_items_in_their_zone_and_in_utc() {
    let run = convene(&workspace_root(), &["check", "data/fg-mv-2023.toml"]);
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    let out = run.stdout;
    for line in [
        // WG5's two-day meeting: two sessions, 07:00-10:00 UTC each.
        "e-meeting wg5-2023-09-07: WG5 e-meeting (confirmed)",
        "2023-09-07 09:00-12:00 Europe/Zurich  =  2023-09-07 07:00-10:00 UTC",
        "2023-09-08 09:00-12:00 Europe/Zurich  =  2023-09-08 07:00-10:00 UTC",
        // After the 29 Oct 2023 change Geneva is UTC+1.
        "2023-11-02 09:00-11:00 Europe/Zurich  =  2023-11-02 08:00-10:00 UTC",
        // The physical 2nd meeting: whole days in Shanghai.
        "2023-07-04 to 2023-07-06, whole days, Asia/Shanghai  =  2023-07-03 16:00 to 2023-07-06 16:00 UTC",
        // WG8 on 20 Sep: a date without a time.
        "2023-09-20, time to be announced, Europe/Zurich",
        // A tentative window keeps the organizer's words.
        "tentative, \"Mid/end of July 2023\": 2023-07-15 to 2023-07-31, planned 14:00-16:00 Europe/Zurich",
        // The EST/EDT webinar announced in New York time.
        "2023-05-04 13:15-14:45 America/New_York  =  2023-05-04 17:15-18:45 UTC",
        // Deadlines of the 2nd meeting.
        "deadline fgmv-2-visa: Visa support letter requests for \"2nd FG-MV meeting\": 2023-06-20 (end of day) Asia/Shanghai  =  closes 2023-06-20 16:00 UTC; send to jjajun.yao@sh-aia.com",
        // Inherited lists.
        "WG9 [wg9] Collaboration; list fgmv@lists.itu.int (from fg-mv)",
        "TG-power metaverse [tg-power] TG on Power metaverse; list fgmv-wg2@lists.itu.int (from wg2)",
        // The one conflict.
        "warning: wg3-wg5-2023-09-07 and wg5-2023-09-07 overlap 2023-09-07 07:00-09:00 UTC",
    ] {
        assert!(out.contains(line), "missing line {line:?} in:\n{out}");
    }
    // The joint meeting is listed under both of its groups.
    assert_eq!(out.matches("e-meeting wg3-wg5-2023-09-07:").count(), 2);
    assert!(
        out.ends_with(
            "Valid: 29 groups, 50 meetings (38 timed sessions), 3 deadlines, 1 conflict.\n"
        ),
        "{out}"
    );
}

#[test]
fn broken_copies_fail_naming_the_file_the_item_and_the_field() {
    let seed = seed();
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "unknown zone",
            replace_once(&seed, "zone = \"Europe/Riga\"", "zone = \"Europe/Geneva\""),
            "meeting \"fgmv-special-session-riga\": field `zone`: \"Europe/Geneva\" is not an IANA time zone name",
        ),
        (
            "unknown group",
            replace_once(
                &seed,
                "groups = [\"wg3\", \"wg5\"]",
                "groups = [\"wg3\", \"wg55\"]",
            ),
            "meeting \"wg3-wg5-2023-09-07\": field `groups[1]`: \"wg55\" is not a known group",
        ),
        (
            "bad date",
            replace_once(&seed, "date = \"2023-08-21\"", "date = \"2023-08-32\""),
            "meeting \"tg-power-2023-08-21\": field `date`: \"2023-08-32\" is not a date; write it as YYYY-MM-DD",
        ),
        (
            "bad time",
            replace_once(&seed, "start = \"13:15\"", "start = \"1:15pm\""),
            "meeting \"dt-webinar-ep25\": field `start`: \"1:15pm\" is not a time; write it as HH:MM",
        ),
        (
            "end before start",
            replace_once(
                &seed,
                "start = \"12:00\"\nend = \"15:30\"",
                "start = \"12:00\"\nend = \"11:30\"",
            ),
            "meeting \"wg6-2023-08-25\": field `end`: the end 11:30 is not after the start 12:00",
        ),
        (
            "DST gap",
            replace_once(&seed, "date = \"2023-08-21\"", "date = \"2023-03-26\"").replacen(
                "start = \"09:00\"\nend = \"11:00\"",
                "start = \"02:30\"\nend = \"11:00\"",
                1,
            ),
            "meeting \"tg-power-2023-08-21\": field `start`: 2023-03-26 02:30:00 does not exist in Europe/Zurich",
        ),
        (
            "duplicate id",
            replace_once(&seed, "id = \"wg4-2023-11-06\"", "id = \"wg4-2023-08-28\""),
            "meeting \"wg4-2023-08-28\": field `id`: \"wg4-2023-08-28\" is already the id of another item",
        ),
        (
            "group cycle",
            replace_once(
                &seed,
                "kind = \"focus-group\"",
                "kind = \"task-group\"\nparent = \"tg-gap-analysis\"",
            ),
            "field `parent`: groups ",
        ),
    ];
    for (what, text, expected) in cases {
        let run = check_text(&text);
        assert_eq!(
            run.code,
            Some(1),
            "{what}: exit code; stderr: {}",
            run.stderr
        );
        assert!(
            run.stderr.starts_with("broken.toml:"),
            "{what}: the message names the file: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(expected),
            "{what}: expected {expected:?} in:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.ends_with("nothing was changed\n"),
            "{what}: {}",
            run.stderr
        );
        assert!(
            run.stdout.is_empty(),
            "{what}: no report for an invalid file"
        );
    }
}

#[test]
fn the_cycle_message_names_every_group_on_it() {
    let text = replace_once(
        &seed(),
        "kind = \"focus-group\"",
        "kind = \"task-group\"\nparent = \"tg-gap-analysis\"",
    );
    let run = check_text(&text);
    assert!(
        run.stderr.contains(
            "group \"fg-mv\": field `parent`: groups \"fg-mv\" -> \"tg-gap-analysis\" -> \"wg9\" -> \"fg-mv\" form a cycle"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn syntax_errors_and_missing_files_are_reported() {
    let run = check_text("[[meetings]\nid = \"x\"\n");
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .starts_with("broken.toml: not a valid schedule file:"),
        "{}",
        run.stderr
    );
    let dir = TempDir::new("missing");
    let run = convene(dir.path(), &["check", "nope.toml"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.starts_with("nope.toml: cannot read the file:"),
        "{}",
        run.stderr
    );
}

/// `convene export` of `db`, by standard output and by `--output`: the two
/// must agree.
fn export(dir: &TempDir, db: &str) -> String {
    let text = convene_ok(dir.path(), db, &["export"]);
    let file = dir.path().join("by-output.toml");
    convene_ok(dir.path(), db, &["export", "--output", "by-output.toml"]);
    assert_eq!(
        std::fs::read_to_string(&file).expect("read the export"),
        text
    );
    text
}

/// A meeting as the API serves it, without its storage stamps.
fn api_meeting(db: &str, dir: &TempDir, id: &str) -> serde_json::Value {
    let server = Server::start(
        dir.path(),
        &["serve"],
        &[
            ("CONVENE_DATABASE_URL", db),
            ("CONVENE_LISTEN", "127.0.0.1:0"),
        ],
    );
    let r = get(&server.addr, &format!("/api/v1/meetings/{id}"));
    assert_eq!(r.status, 200, "{}", r.text());
    let mut v = r.json();
    if let Some(o) = v.as_object_mut() {
        o.remove("updated_at");
        o.remove("version");
    }
    v
}

/// Seed into `a`, export, import the export into `b`, export again: the
/// two exports are the same bytes, and the API serves the same meeting.
fn export_round_trip(a: &TestDatabase, b: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let seed = workspace_root().join("data/fg-mv-2023.toml");
    convene_ok(d, &a.url, &["import", &seed.display().to_string()]);
    let first = export(dir, &a.url);
    for expected in [
        "slug = \"wg5\"",
        "[[groups.participant_zones]]",
        "former_mailing_lists = [",
        "id = \"wg3-wg5-2023-09-07\"",
        "window_label = \"Mid/end of July 2023\"",
        "id = \"fgmv-2-visa\"",
    ] {
        assert!(first.contains(expected), "{expected} missing:\n{first}");
    }
    std::fs::write(d.join("export.toml"), &first).expect("write the export");
    convene_ok(d, &b.url, &["import", "export.toml"]);
    let second = export(dir, &b.url);
    assert_eq!(first, second, "the exports differ");
    for id in ["wg5-2023-09-07", "fgmv-2"] {
        assert_eq!(api_meeting(&a.url, dir, id), api_meeting(&b.url, dir, id));
    }
}

#[test]
fn an_export_moves_a_schedule_from_sqlite_to_postgres_and_back() {
    let dir = TempDir::new("export-sqlite-first");
    let Some(pg) = TestDatabase::postgres("export_a") else {
        return;
    };
    export_round_trip(&TestDatabase::sqlite(&dir), &pg, &dir);

    let dir = TempDir::new("export-postgres-first");
    let Some(pg) = TestDatabase::postgres("export_b") else {
        return;
    };
    export_round_trip(&pg, &TestDatabase::sqlite(&dir), &dir);
}

#[test]
fn an_export_to_an_unwritable_file_fails_naming_it() {
    let dir = TempDir::new("export-fail");
    let db = TestDatabase::sqlite(&dir);
    let out = std::process::Command::new(convene_tests::convene_bin())
        .current_dir(dir.path())
        .args(["export", "--output", "no/such/dir/x.toml"])
        .env("CONVENE_DATABASE_URL", &db.url)
        .env("CONVENE_LOG", "warn")
        .output()
        .expect("run convene");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no/such/dir/x.toml: cannot write the file"),
        "{stderr}"
    );
}

/// The file cannot mark a group archived: the export says so in a comment
/// at its end, and still imports.
#[test]
fn an_export_names_the_archived_groups_in_a_comment() {
    let dir = TempDir::new("export-archived");
    let d = dir.path();
    let db = TestDatabase::sqlite(&dir);
    let seed = workspace_root().join("data/fg-mv-2023.toml");
    convene_ok(d, &db.url, &["import", &seed.display().to_string()]);
    let (_, admin) = create_token(d, &db.url, "admin", &["--admin"]);
    let server = Server::start(
        d,
        &["serve"],
        &[
            ("CONVENE_DATABASE_URL", &db.url),
            ("CONVENE_LISTEN", "127.0.0.1:0"),
        ],
    );
    let r = request(
        &server.addr,
        "POST",
        "/api/v1/groups/tg-citiverse/archive",
        &[("Authorization", &format!("Bearer {admin}"))],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    drop(server);
    let text = export(&dir, &db.url);
    assert!(
        text.ends_with(
            "\n# Archived here (not carried by the file; archive them again after an import): tg-citiverse\n"
        ),
        "{text}"
    );
    std::fs::write(d.join("export.toml"), &text).expect("write the export");
    let fresh = TempDir::new("export-archived-b");
    let b = TestDatabase::sqlite(&fresh);
    convene_ok(d, &b.url, &["import", "export.toml"]);
}

/// Runs `convene ARGS` in `dir` with `env` and no other `CONVENE_` variable.
fn convene_env(
    dir: &std::path::Path,
    args: &[&str],
    env: &[(String, String)],
) -> convene_tests::Run {
    let mut cmd = std::process::Command::new(convene_tests::convene_bin());
    cmd.current_dir(dir).args(args);
    for (k, _) in std::env::vars() {
        if k.starts_with("CONVENE_") && k != "CONVENE_BIN" {
            cmd.env_remove(k);
        }
    }
    cmd.envs(env.iter().map(|(k, v)| (k, v)));
    cmd.output().expect("start the convene binary").into()
}

/// `section.key` -> `CONVENE_SECTION__KEY`.
fn env_name(key: &str) -> String {
    format!("CONVENE_{}", key.replace('.', "__").to_ascii_uppercase())
}

/// A valid value other than the default, as a variable's text.
fn changed(key: &str, value: &toml::Value) -> (String, toml::Value) {
    use toml::Value as V;
    let s = |t: &str| (t.to_owned(), V::String(t.to_owned()));
    match (key, value) {
        ("server.listen", _) => s("0.0.0.0:9999"),
        ("server.public_url", _) => s("https://convene.example.org"),
        ("database.url", _) => s("sqlite:elsewhere.sqlite"),
        ("log.format", _) => s("json"),
        ("log.level", _) => s("convene=debug,info"),
        ("schedule.default_zone", _) => s("Asia/Tokyo"),
        ("mail.smtp_url", _) => s("smtp://relay.example.org:2525"),
        ("i18n.default_language", _) => s("fr"),
        (_, V::String(old)) => s(&format!("{old}changed")),
        (_, V::Integer(n)) => ((n + 1).to_string(), V::Integer(n + 1)),
        (_, V::Boolean(b)) => ((!b).to_string(), V::Boolean(!b)),
        (_, V::Array(a)) if a.iter().all(toml::Value::is_integer) => (
            "[3, 2]".to_owned(),
            V::Array(vec![V::Integer(3), V::Integer(2)]),
        ),
        ("reminders.series_days_before_by_kind", _) => {
            let text = "{physical = [7, 1]}";
            let parsed: toml::Table = toml::from_str(&format!("v = {text}")).expect("parses");
            (text.to_owned(), parsed["v"].clone())
        }
        ("deadline_policies", _) => {
            let text = r#"[{kind = "e-meeting", weekends = "keep", rules = [{suffix = "input", kind = "contribution", days_before = 3}]}]"#;
            let parsed: toml::Table =
                toml::from_str(&format!("deadline_policies = {text}")).expect("policy parses");
            (text.to_owned(), parsed["deadline_policies"].clone())
        }
        (key, other) => panic!("{key}: no changed value for {other:?}; add one to this test"),
    }
}

#[test]
fn every_key_of_the_default_file_is_settable_from_the_environment() {
    let text = std::fs::read_to_string(workspace_root().join("config/default.toml"))
        .expect("read config/default.toml");
    let defaults: toml::Table = toml::from_str(&text).expect("default.toml parses");
    let mut env = Vec::new();
    let mut expected = Vec::new();
    for (name, value) in &defaults {
        let keys: Vec<(String, &toml::Value)> = match value {
            toml::Value::Table(section) => section
                .iter()
                .map(|(k, v)| (format!("{name}.{k}"), v))
                .collect(),
            other => vec![(name.clone(), other)],
        };
        for (key, value) in keys {
            let (var, typed) = changed(&key, value);
            assert_ne!(&typed, value, "{key}: the test must change it");
            env.push((env_name(&key), var));
            expected.push((key, typed));
        }
    }
    assert!(expected.len() >= 30, "{expected:?}");
    let dir = TempDir::new("config-env");
    let run = convene_env(dir.path(), &["config"], &env);
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    let shown: toml::Table = toml::from_str(&run.stdout).expect("`convene config` prints TOML");
    for (key, want) in &expected {
        let got = match key.split_once('.') {
            Some((section, k)) => shown.get(section).and_then(|s| s.get(k)),
            None => shown.get(key.as_str()),
        };
        assert_eq!(
            got,
            Some(want),
            "{key} set by {}:\n{}",
            env_name(key),
            run.stdout
        );
    }
    // And nothing is printed that default.toml does not document.
    let count = |t: &toml::Table| {
        t.values()
            .map(|v| v.as_table().map_or(1, toml::Table::len))
            .sum::<usize>()
    };
    assert_eq!(count(&shown), count(&defaults), "{}", run.stdout);
}

#[test]
fn older_variable_names_still_work_and_the_new_one_wins() {
    let dir = TempDir::new("config-alias");
    let var = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    let run = convene_env(
        dir.path(),
        &["config"],
        &[
            var("CONVENE_LISTEN", "127.0.0.1:1111"),
            var("CONVENE_SERVER__LISTEN", "127.0.0.1:2222"),
            var("CONVENE_MAIL_MAX_ATTEMPTS", "3"),
            var("CONVENE_LOG", "debug"),
            var(
                "CONVENE_DATABASE_URL",
                "postgres://convene:hunter2@db:5432/convene",
            ),
            var(
                "CONVENE_SMTP_URL",
                "smtps://mailer:s3cret@relay.example.org:465",
            ),
        ],
    );
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    let out = run.stdout;
    for line in [
        "listen = \"127.0.0.1:2222\"",
        "max_attempts = 3",
        "level = \"debug\"",
        "url = \"postgres://convene:<redacted>@db:5432/convene\"",
        "smtp_url = \"smtps://mailer:<redacted>@relay.example.org:465\"",
    ] {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
    assert!(!out.contains("hunter2") && !out.contains("s3cret"), "{out}");
}

#[test]
fn a_bad_zone_url_listen_address_or_key_stops_start_up_naming_it() {
    let dir = TempDir::new("config-bad");
    for (var, value, says) in [
        (
            "CONVENE_SCHEDULE__DEFAULT_ZONE",
            "Europe/Geneva",
            "schedule.default_zone: \"Europe/Geneva\" is not an IANA time zone name",
        ),
        (
            "CONVENE_DEFAULT_ZONE",
            "Mars/Base",
            "schedule.default_zone: \"Mars/Base\"",
        ),
        (
            "CONVENE_SERVER__PUBLIC_URL",
            "convene.example.org",
            "server.public_url: ",
        ),
        (
            "CONVENE_PUBLIC_URL",
            "https://convene.example.org/",
            "server.public_url: must not end with '/'",
        ),
        (
            "CONVENE_SERVER__LISTEN",
            "localhost",
            "server.listen: \"localhost\" is not HOST:PORT",
        ),
        (
            "CONVENE_SERVER__LISTEN_PORT",
            "8080",
            "server.listen_port: unknown field",
        ),
        (
            "CONVENE_MAIL__LEASE_SECONDS",
            "soon",
            "mail.lease_seconds: invalid type",
        ),
    ] {
        let run = convene_env(
            dir.path(),
            &["serve", "--listen", "127.0.0.1:0"],
            &[(var.to_owned(), value.to_owned())],
        );
        assert_eq!(
            run.code,
            Some(2),
            "{var}={value}: {}{}",
            run.stdout,
            run.stderr
        );
        assert!(
            run.stderr
                .starts_with(&format!("convene: configuration: {says}")),
            "{var}={value}: {}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains(&format!("(from environment variable {var})")),
            "{}",
            run.stderr
        );
        assert!(!run.stdout.contains("Listening"), "{}", run.stdout);
    }
}

/// `convene migrate` twice on a fresh database: it lists what it applied,
/// then says nothing was pending; sqlx's notices stay out of stderr.
fn migrate_says_what_it_did(db: &convene_tests::TestDatabase, backend: &str) {
    let dir = TempDir::new("migrate");
    let env = [("CONVENE_DATABASE_URL".to_owned(), db.url.clone())];
    let first = convene_env(dir.path(), &["migrate"], &env);
    assert_eq!(first.code, Some(0), "stderr: {}", first.stderr);
    let migrations: Vec<String> =
        std::fs::read_dir(workspace_root().join("migrations").join(backend))
            .expect("list the migrations")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
    let mut names: Vec<String> = migrations
        .iter()
        .filter_map(|f| f.strip_suffix(".sql"))
        .map(|f| f.replacen('_', " ", 1).replace('_', " "))
        .collect();
    names.sort();
    let latest: u32 = names
        .last()
        .and_then(|n| n.split(' ').next()?.parse().ok())
        .expect("a numbered migration");
    assert_eq!(
        first.stdout.trim(),
        format!(
            "{backend} database: applied {} migrations: {}; the database is at version {latest}",
            names.len(),
            names.join(", ")
        ),
        "stderr: {}",
        first.stderr
    );
    let again = convene_env(dir.path(), &["migrate"], &env);
    assert_eq!(again.code, Some(0), "stderr: {}", again.stderr);
    assert_eq!(
        again.stdout.trim(),
        format!("{backend} database: nothing pending; the database is at version {latest}")
    );
    for run in [&first, &again] {
        assert!(!run.stderr.contains("already exists"), "{}", run.stderr);
    }
}

#[test]
fn migrate_lists_what_it_applied_then_nothing_pending_on_sqlite() {
    let dir = TempDir::new("migrate-sqlite");
    migrate_says_what_it_did(&convene_tests::TestDatabase::sqlite(&dir), "sqlite");
}

#[test]
fn migrate_lists_what_it_applied_then_nothing_pending_on_postgres() {
    if let Some(db) = convene_tests::TestDatabase::postgres("migrate") {
        migrate_says_what_it_did(&db, "postgres");
    }
}
