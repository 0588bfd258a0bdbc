//! The organizer pages in a real browser: Debian's headless Chromium
//! driven by playwright-core (`tests/browser/organize.mjs`), against the
//! real binary serving the seed from 1 September 2023 (`serve --now`), with
//! a WG5 token to sign in with and an admin token to read the outbox.
//!
//! Needs `/usr/bin/chromium` (or `CHROMIUM`), `node`, and
//! `npm ci --prefix tests/browser`. Without them the test is skipped with a
//! message, except when `CI` is set, where it fails. Screenshots go to
//! `target/browser-screenshots/` (`ORGANIZE_DOCS=1` writes the README's to
//! `docs/` too).

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use convene_tests::{Server, TempDir, create_token, seeded_db, workspace_root};

/// The whole browser run may take this long before it is stopped.
const LIMIT: Duration = Duration::from_secs(240);

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

#[test]
fn organizer_pages_work_in_headless_chromium() {
    let root = workspace_root();
    let dir_browser = root.join("tests").join("browser");
    let chromium = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let mut missing = Vec::new();
    if !chromium.exists() {
        missing.push(format!(
            "{} (apt-get install -y chromium)",
            chromium.display()
        ));
    }
    if Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .map_or(true, |s| !s.success())
    {
        missing.push("node (apt-get install -y nodejs npm)".to_owned());
    }
    for package in ["playwright-core", "axe-core"] {
        if !dir_browser.join("node_modules").join(package).exists() {
            missing.push(format!("{package} (npm ci --prefix tests/browser)"));
        }
    }
    if !missing.is_empty() {
        let message = format!("browser tests need {}", missing.join(", "));
        assert!(!ci(), "{message}");
        eprintln!("skipping: {message}");
        return;
    }

    let dir = TempDir::new("browser-organize");
    let db = seeded_db(&dir, None);
    let wg5 = create_token(dir.path(), &db, "wg5 chair", &["--group", "wg5"]).1;
    let admin = create_token(dir.path(), &db, "secretariat", &["--admin"]).1;
    let server = Server::start(
        dir.path(),
        &["serve", "--now", "2023-09-01T08:00:00Z"],
        &[
            ("CONVENE_DATABASE_URL", &db),
            ("CONVENE_LISTEN", "127.0.0.1:0"),
            ("CONVENE_MAIL_DISPATCH_INTERVAL_SECONDS", "0"),
        ],
    );
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let started = Instant::now();
    let mut node = Command::new("node");
    if std::env::var_os("ORGANIZE_DOCS").is_some() {
        node.env("DOCS_DIR", root.join("docs"));
    }
    let mut child = node
        .arg("organize.mjs")
        .current_dir(&dir_browser)
        .env("CONVENE_URL", format!("http://{}", server.addr))
        .env("CHROMIUM", &chromium)
        .env("ORGANIZE_TOKEN", &wg5)
        .env("ADMIN_TOKEN", &admin)
        .env("SCREENSHOT_DIR", target.join("browser-screenshots"))
        .env(
            "BROWSER_TEST_TIMEOUT_MS",
            (LIMIT.as_millis() - 10_000).to_string(),
        )
        .stdin(Stdio::null())
        .spawn()
        .expect("start node tests/browser/organize.mjs");
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for node") {
            break status;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the browser tests did not finish in {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    eprintln!("browser tests took {:?}", started.elapsed());
    assert!(
        status.success(),
        "browser tests failed ({status}); see the lines above"
    );
    drop(server);
}
