//! Running a browser script (`tests/browser/*.mjs`) in Debian's headless
//! Chromium, driven by playwright-core: the one place that checks the tools,
//! skips (or, under CI, fails) without them, and stops a run that hangs.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::workspace_root;

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Chromium, or why the browser tests cannot run here: `/usr/bin/chromium`
/// (or `CHROMIUM`), `node`, and `npm ci --prefix tests/browser`. Without
/// them a test is skipped with a message, except under `CI`, where it
/// fails.
pub fn chromium_or_skip() -> Option<PathBuf> {
    let dir = workspace_root().join("tests").join("browser");
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
        if !dir.join("node_modules").join(package).exists() {
            missing.push(format!("{package} (npm ci --prefix tests/browser)"));
        }
    }
    if missing.is_empty() {
        return Some(chromium);
    }
    let message = format!("browser tests need {}", missing.join(", "));
    assert!(!ci(), "{message}");
    eprintln!("skipping: {message}");
    None
}

/// Runs `node tests/browser/SCRIPT` against `url` with `envs`, and fails
/// the test when the script fails or takes longer than `limit`.
///
/// The script gets `CONVENE_URL`, `CHROMIUM`, `SCREENSHOT_DIR`
/// (`target/browser-screenshots/`), `BROWSER_TEST_TIMEOUT_MS` (the limit less
/// 10 s, so it can report what it was doing) and, with
/// `CONVENE_UPDATE_DOCS=1`, `DOCS_DIR` (`docs/`: the README's screenshots).
pub fn run_script(
    script: &str,
    chromium: &PathBuf,
    url: &str,
    limit: Duration,
    envs: &[(&str, &str)],
) {
    let root = workspace_root();
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let started = Instant::now();
    let mut child = Command::new("node")
        .arg(script)
        .current_dir(root.join("tests").join("browser"))
        .env("CONVENE_URL", url)
        .env("CHROMIUM", chromium)
        .env("SCREENSHOT_DIR", target.join("browser-screenshots"))
        .env(
            "BROWSER_TEST_TIMEOUT_MS",
            limit
                .saturating_sub(Duration::from_secs(10))
                .as_millis()
                .to_string(),
        )
        .envs(
            std::env::var_os("CONVENE_UPDATE_DOCS")
                .map(|_| ("DOCS_DIR", OsString::from(root.join("docs")))),
        )
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start node tests/browser/{script}: {e}"));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for node") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the browser tests ({script}) did not finish in {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    eprintln!("browser tests ({script}) took {:?}", started.elapsed());
    assert!(
        status.success(),
        "browser tests ({script}) failed ({status}); see the lines above"
    );
}
