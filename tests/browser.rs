//! The web pages in a real browser: Debian's headless Chromium driven by
//! playwright-core (`tests/browser/run.mjs`), against the real binary
//! serving the seed plus two test meetings.
//!
//! Needs `/usr/bin/chromium` (or `CHROMIUM`), `node`, and
//! `npm ci --prefix tests/browser`. Without them the test is skipped with a
//! message, except when `CI` is set, where it fails. Screenshots go to
//! `target/browser-screenshots/`.

use std::time::Duration;

use convene_tests::browser::{chromium_or_skip, run_script};
use convene_tests::pages_server;

/// The whole browser run may take this long before it is stopped.
const LIMIT: Duration = Duration::from_secs(360);

#[test]
fn pages_work_in_headless_chromium() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    // The default public URL: links point at the real address.
    let (_dir, _db, server) = pages_server("browser", None);
    // CONVENE_UPDATE_DOCS=1: the Arabic and Chinese group pages go to docs/
    // too (docs/group-ar.png, docs/group-zh.png).
    run_script(
        "run.mjs",
        &chromium,
        &format!("http://{}", server.addr),
        LIMIT,
        &[],
    );
    drop(server);
}
