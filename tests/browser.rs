//! The web pages in a real browser: Debian's headless Chromium driven by
//! playwright-core (`tests/browser/run.mjs`), against the real binary
//! serving the seed plus two test meetings.
//!
//! Needs `/usr/bin/chromium` (or `CHROMIUM`), `node`, and
//! `npm ci --prefix tests/browser`. Without them the test is skipped with a
//! message, except when `CI` is set, where it fails. Screenshots go to
//! `target/browser-screenshots/`.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use convene_tests::{pages_server, workspace_root};

/// The whole browser run may take this long before it is stopped.
const LIMIT: Duration = Duration::from_secs(360);

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

#[test]
fn pages_work_in_headless_chromium() {
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

    // The default public URL: links point at the real address.
    let (_dir, _db, server) = pages_server("browser", None);
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let started = Instant::now();
    let mut child = Command::new("node")
        .arg("run.mjs")
        .current_dir(&dir_browser)
        .env("CONVENE_URL", format!("http://{}", server.addr))
        .env("CHROMIUM", &chromium)
        .env("SCREENSHOT_DIR", target.join("browser-screenshots"))
        .env(
            "BROWSER_TEST_TIMEOUT_MS",
            (LIMIT.as_millis() - 10_000).to_string(),
        )
        // CONVENE_UPDATE_DOCS=1: the Arabic and Chinese group pages go to
        // docs/ too (docs/group-ar.png, docs/group-zh.png).
        .envs(
            std::env::var_os("CONVENE_UPDATE_DOCS")
                .map(|_| ("DOCS_DIR", root.join("docs").into_os_string())),
        )
        .stdin(Stdio::null())
        .spawn()
        .expect("start node tests/browser/run.mjs");
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
