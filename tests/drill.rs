//! The replicas drill: two `convene serve` processes on one PostgreSQL and a
//! local SMTP sink; one is killed with SIGKILL mid-dispatch and restarted.
//! Every due mail must arrive, counted by Message-ID at the sink; a mail in
//! flight when the process died may arrive twice, with the same Message-ID,
//! and nothing else may.
//!
//! The figures are printed and written to `target/drill-report.txt`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use convene_tests::smtp::SmtpSink;
use convene_tests::{
    Server, TempDir, TestDatabase, convene_ok, create_token, request, workspace_root,
};
use serde_json::json;

const MEETINGS: usize = 240;
const CONCURRENCY: usize = 2;

fn replica(dir: &TempDir, db: &str, sink: &SmtpSink, config: &std::path::Path) -> Server {
    Server::start(
        dir.path(),
        &["serve", "--config", config.to_str().unwrap_or_default()],
        &[
            ("CONVENE_DATABASE_URL", db),
            ("CONVENE_LISTEN", "127.0.0.1:0"),
            ("CONVENE_SMTP_URL", &sink.url()),
            ("CONVENE_WRITE_RATE_PER_MINUTE", "0"),
        ],
    )
}

#[test]
fn two_replicas_deliver_every_mail_once_across_a_sigkill() {
    let Some(db) = TestDatabase::postgres("drill") else {
        return;
    };
    let dir = TempDir::new("drill");
    let d = dir.path();
    let seed = workspace_root().join("data/fg-mv-2023.toml");
    convene_ok(d, &db.url, &["import", &seed.display().to_string()]);
    let (_, admin) = create_token(d, &db.url, "drill", &["--admin"]);

    // Announce many meetings (each plans its announcement, due now: no
    // hold) through the API of a server that does not dispatch.
    let quiet = d.join("quiet.toml");
    std::fs::write(
        &quiet,
        "[mail]\ndispatch_interval_seconds = 0\nhold_minutes = 0\n",
    )
    .expect("config");
    let setup = Server::start(
        d,
        &["serve", "--config", quiet.to_str().unwrap_or_default()],
        &[
            ("CONVENE_DATABASE_URL", &db.url),
            ("CONVENE_LISTEN", "127.0.0.1:0"),
            ("CONVENE_WRITE_RATE_PER_MINUTE", "0"),
        ],
    );
    let groups = ["wg1", "wg2", "wg3", "wg4", "wg5", "wg6", "wg7", "wg8"];
    let auth = format!("Bearer {admin}");
    for i in 0..MEETINGS {
        let body = json!({
            "id": format!("drill-{i}"), "title": format!("Drill e-meeting {i}"),
            "groups": [groups[i % groups.len()]], "kind": "e-meeting",
            "date": format!("2036-{:02}-{:02}", 1 + (i / 28) % 12, 1 + i % 28),
            "start": "09:00", "end": "10:00", "allow_conflicts": true
        });
        let r = request(
            &setup.addr,
            "POST",
            "/api/v1/meetings",
            &[
                ("Content-Type", "application/json"),
                ("Authorization", &auth),
            ],
            body.to_string().as_bytes(),
        );
        assert_eq!(r.status, 201, "{}", r.text());
    }
    drop(setup);

    // Two replicas dispatch, each a small batch at a time; the sink is slow
    // enough that the kill lands mid-dispatch.
    let sink = SmtpSink::start();
    sink.set_delay(Duration::from_millis(15));
    let config = d.join("replica.toml");
    std::fs::write(
        &config,
        format!(
            "[mail]\ndispatch_interval_seconds = 1\nlease_seconds = 4\nbatch_size = 5\nconcurrency = {CONCURRENCY}\n"
        ),
    )
    .expect("config");
    let started = Instant::now();
    let a = replica(&dir, &db.url, &sink, &config);
    let b = replica(&dir, &db.url, &sink, &config);
    let before_kill = sink.wait_for(MEETINGS / 4, Duration::from_secs(60));
    assert!(
        before_kill < MEETINGS,
        "the kill must land mid-dispatch ({before_kill} already sent)"
    );
    drop(a); // SIGKILL
    let killed_at = sink.count();
    let a = replica(&dir, &db.url, &sink, &config);
    sink.wait_for(MEETINGS, Duration::from_secs(120));
    // Let leases of the killed process run out and anything doubled arrive.
    std::thread::sleep(Duration::from_secs(6));
    let elapsed = started.elapsed();
    drop(a);
    drop(b);

    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    for m in sink.messages() {
        *by_id
            .entry(m.header("Message-ID").unwrap_or_default())
            .or_default() += 1;
    }
    let total: usize = by_id.values().sum();
    let doubled: Vec<(&String, &usize)> = by_id.iter().filter(|(_, n)| **n > 1).collect();
    let report = format!(
        "replicas drill: {MEETINGS} due announcements, 2 replicas on PostgreSQL, concurrency {CONCURRENCY} each\n\
         delivered {total} mails, {} distinct Message-IDs, {} delivered twice; {before_kill} had arrived when replica A was killed (SIGKILL), {killed_at} right after; all done in {:.1} s\n",
        by_id.len(),
        doubled.len(),
        elapsed.as_secs_f64()
    );
    eprint!("{report}");
    let _ = std::fs::create_dir_all(workspace_root().join("target"));
    let _ = std::fs::write(workspace_root().join("target/drill-report.txt"), &report);

    // Every announcement arrived, by its own Message-ID.
    assert_eq!(by_id.len(), MEETINGS, "{report}");
    for i in 0..MEETINGS {
        let id = by_id
            .keys()
            .find(|k| k.contains(&format!(".drill-{i}.v1.announcement@")));
        assert!(
            id.is_some(),
            "drill-{i}'s announcement never arrived\n{report}"
        );
    }
    // Only mails in flight in the killed process may come twice.
    assert!(doubled.len() <= CONCURRENCY, "{report}");
    assert!(doubled.iter().all(|(_, n)| **n == 2), "{report}");
}
