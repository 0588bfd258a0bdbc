//! The organizer pages in a real browser: Debian's headless Chromium
//! driven by playwright-core (`tests/browser/organize.mjs`), against the
//! real binary serving the seed from 1 September 2023 (`serve --now`), with
//! a WG5 token to sign in with and an admin token to read the outbox.
//!
//! Needs `/usr/bin/chromium` (or `CHROMIUM`), `node`, and
//! `npm ci --prefix tests/browser`. Without them the test is skipped with a
//! message, except when `CI` is set, where it fails. Screenshots go to
//! `target/browser-screenshots/` (`CONVENE_UPDATE_DOCS=1` writes the
//! README's to `docs/` too).

use std::time::Duration;

use convene_tests::browser::{chromium_or_skip, run_script};
use convene_tests::{Server, TempDir, create_token, seeded_db};

/// The whole browser run may take this long before it is stopped.
const LIMIT: Duration = Duration::from_secs(240);

#[test]
fn organizer_pages_work_in_headless_chromium() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
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
    run_script(
        "organize.mjs",
        &chromium,
        &format!("http://{}", server.addr),
        LIMIT,
        &[("ORGANIZE_TOKEN", &wg5), ("ADMIN_TOKEN", &admin)],
    );
    drop(server);
}
