//! The cross-client test: a fortnightly series at 14:00 Geneva time from
//! September to December 2023, with one occurrence moved and one
//! cancelled, created through the API and served in a feed, expands to the
//! same UTC instants in three calendar libraries written by others:
//! python icalendar + recurring_ical_events, ical.js (Thunderbird's) and
//! khal. 12:00 UTC before the change on 29 October, 13:00 UTC after.
//!
//! The tools come from package registries (`.ci/run` installs them: a
//! Python venv at `$CARGO_TARGET_DIR/clients-venv` from
//! `tests/clients/requirements.txt`, and `npm ci --prefix tests/clients`).
//! Without them the test is skipped with a message, except under `CI`,
//! where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use convene_tests::{TempDir, TestDatabase, create_token, get, request, workspace_root};
use serde_json::json;

#[allow(dead_code)]
#[path = "support/mail_common.rs"]
mod mail_common;

use mail_common::{run, seed_path, server as serve};

const UID: &str = "wg5-fortnightly@convene.example.org";

/// What every client must show: 8 occurrences less the cancelled one, the
/// moved one at its new time.
const EXPECTED: [&str; 7] = [
    "2023-09-05T12:00:00Z 2023-09-05T13:00:00Z",
    "2023-09-19T12:00:00Z 2023-09-19T13:00:00Z",
    "2023-10-03T12:00:00Z 2023-10-03T13:00:00Z",
    "2023-10-19T08:00:00Z 2023-10-19T09:30:00Z",
    "2023-10-31T13:00:00Z 2023-10-31T14:00:00Z",
    "2023-11-28T13:00:00Z 2023-11-28T14:00:00Z",
    "2023-12-12T13:00:00Z 2023-12-12T14:00:00Z",
];

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// The three clients, or why they are not there.
fn clients() -> Result<(PathBuf, PathBuf), String> {
    let venv = target_dir().join("clients-venv/bin");
    let python = venv.join("python");
    let khal = venv.join("khal");
    let ical_js = workspace_root().join("tests/clients/node_modules/ical.js");
    let mut missing = Vec::new();
    if !python.exists() || !khal.exists() {
        missing.push(format!(
            "{} with tests/clients/requirements.txt",
            venv.display()
        ));
    }
    if !ical_js.exists() {
        missing.push("npm ci --prefix tests/clients".to_owned());
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node".to_owned());
    }
    if missing.is_empty() {
        Ok((python, khal))
    } else {
        Err(missing.join(", "))
    }
}

fn lines(out: std::process::Output, who: &str) -> Vec<String> {
    assert!(
        out.status.success(),
        "{who} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

fn feed_with_series(db: &TestDatabase, dir: &TempDir) -> PathBuf {
    let d = dir.path();
    run(d, db, &["import", &seed_path()], &[]);
    let token = create_token(d, &db.url, "secretariat", &["--admin"]).1;
    let server = serve(d, db, &[]);
    let a = &server.addr;
    let auth = format!("Bearer {token}");
    let h = [
        ("Content-Type", "application/json"),
        ("Authorization", auth.as_str()),
    ];
    let send = |method: &str, path: &str, body: serde_json::Value| {
        let r = request(a, method, path, &h, body.to_string().as_bytes());
        assert!(r.status < 300, "{method} {path}: {}", r.text());
    };
    send(
        "POST",
        "/api/v1/meetings",
        json!({
            "id": "wg5-fortnightly", "title": "WG5 e-meeting", "groups": ["wg5"],
            "kind": "e-meeting", "date": "2023-09-05", "start": "14:00", "end": "15:00",
            "remote_url": "https://remote.itu.int/", "allow_conflicts": true,
            "recurrence": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20231219"
        }),
    );
    send(
        "PATCH",
        "/api/v1/meetings/wg5-fortnightly/occurrences/2023-10-17",
        json!({"date": "2023-10-19", "start": "10:00", "end": "11:30"}),
    );
    send(
        "POST",
        "/api/v1/meetings/wg5-fortnightly/occurrences/2023-11-14/cancel",
        json!({"reason": "TSAG week"}),
    );
    let feed = get(a, "/calendars/wg5.ics");
    assert_eq!(feed.status, 200);
    let path = d.join("wg5.ics");
    std::fs::write(&path, &feed.body).expect("write the feed");
    path
}

fn same_instants_in_every_client(db: &TestDatabase, dir: &TempDir) {
    let (python, khal) = match clients() {
        Ok(c) => c,
        Err(missing) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: the calendar clients are not installed ({missing})");
            return;
        }
        Err(missing) => panic!("the calendar clients are not installed: {missing}"),
    };
    let feed = feed_with_series(db, dir);
    let scripts: &Path = &workspace_root().join("tests/clients");
    let (from, to) = ("2023-09-01", "2024-01-01");
    let f = feed.to_str().expect("utf-8 path");
    let py = lines(
        Command::new(&python)
            .arg(scripts.join("expand.py"))
            .args([f, UID, from, to])
            .output()
            .expect("python"),
        "python icalendar + recurring_ical_events",
    );
    let js = lines(
        Command::new("node")
            .arg(scripts.join("expand.mjs"))
            .args([f, UID, from, to])
            .output()
            .expect("node"),
        "ical.js",
    );
    let kh = lines(
        Command::new("bash")
            .arg(scripts.join("khal.sh"))
            .arg(&khal)
            .args([f, UID, from, to])
            .output()
            .expect("khal"),
        "khal",
    );
    assert_eq!(py, EXPECTED, "python icalendar + recurring_ical_events");
    assert_eq!(js, EXPECTED, "ical.js");
    assert_eq!(kh, EXPECTED, "khal");
}

#[test]
fn sqlite_same_instants_in_every_client() {
    let dir = TempDir::new("feed_clients");
    let db = TestDatabase::sqlite(&dir);
    same_instants_in_every_client(&db, &dir);
}

#[test]
fn postgres_same_instants_in_every_client() {
    let dir = TempDir::new("feed_clients_pg");
    let Some(db) = TestDatabase::postgres("feedclients") else {
        return;
    };
    same_instants_in_every_client(&db, &dir);
}
