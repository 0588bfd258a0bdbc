//! Mail end to end, continued: many mails through two dispatchers at once,
//! and the default without SMTP (`.eml` files). The real `convene` binary,
//! as in `mail.rs`.

use std::collections::BTreeSet;
use std::process::Command;
use std::time::Duration;

use convene_tests::smtp::{Received, SmtpSink};
use convene_tests::{TempDir, TestDatabase, convene_bin};
use mail_parser::MessageParser;

// Shared with the other mail tests; this file uses only part of it.
#[allow(dead_code)]
#[path = "support/mail_common.rs"]
mod mail_common;

use mail_common::{
    GENERATED_DUE_AT, PUBLIC_URL, counts, import_generated, parts, run, seed_path, worker,
};

// ---------------------------------------------------------------------------
// Many mails, two dispatchers
// ---------------------------------------------------------------------------

/// Two `worker --once` at the same time over the same database and sink.
fn race(db: &TestDatabase, dir: &TempDir) {
    import_generated(dir, db, 500);
    let sink = SmtpSink::start();
    let spawn = || {
        Command::new(convene_bin())
            .current_dir(dir.path())
            .args(["worker", "--once", "--now", GENERATED_DUE_AT])
            .env("CONVENE_DATABASE_URL", &db.url)
            .env("CONVENE_PUBLIC_URL", PUBLIC_URL)
            .env("CONVENE_SMTP_URL", sink.url())
            .env("CONVENE_LOG", "warn")
            .output()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (
            a.join().expect("first worker").expect("run"),
            b.join().expect("second worker").expect("run"),
        )
    });
    for o in [&a, &b] {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let ca = counts(&String::from_utf8_lossy(&a.stdout));
    let cb = counts(&String::from_utf8_lossy(&b.stdout));
    assert_eq!(ca.0 + cb.0, 1000, "sent by each: {ca:?} {cb:?}");
    assert_eq!((ca.2, cb.2), (0, 0));
    assert_eq!(sink.wait_for(1000, Duration::from_secs(5)), 1000);
    let ids: Vec<String> = sink
        .messages()
        .iter()
        .map(|m| m.header("Message-ID").expect("Message-ID"))
        .collect();
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), 1000, "a mail was sent twice");
    assert!(
        unique.contains(&"<meeting.bench-00499.v1.reminder-1d@convene.example.org>".to_owned())
    );
    // Nothing is left.
    assert_eq!(
        worker(dir.path(), db, Some(&sink), Some(GENERATED_DUE_AT), &[]),
        (0, 0, 0, 0)
    );
    eprintln!("two workers: {} and {} mails", ca.0, cb.0);
}

#[test]
fn two_workers_send_every_mail_once_on_postgres() {
    let Some(db) = TestDatabase::postgres("mail_race") else {
        return;
    };
    let dir = TempDir::new("mail-race-pg");
    race(&db, &dir);
}

#[test]
fn two_workers_send_every_mail_once_on_sqlite() {
    let dir = TempDir::new("mail-race");
    race(&TestDatabase::sqlite(&dir), &dir);
}

// ---------------------------------------------------------------------------
// The default: .eml files
// ---------------------------------------------------------------------------

fn eml_files(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    run(
        d,
        db,
        &["import", &seed_path(), "--now", "2023-06-01T00:00:00Z"],
        &[],
    );
    let at = Some("2023-06-13T08:00:00+02:00");
    assert_eq!(worker(d, db, None, at, &[]), (1, 1, 0, 0));
    let outbox = d.join("var/outbox");
    let names: Vec<String> = std::fs::read_dir(&outbox)
        .expect("var/outbox exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["deadline.fgmv-2-visa.v1.reminder-7d.eml"]);
    let data = std::fs::read(outbox.join(&names[0])).expect("read the .eml");
    let parsed = MessageParser::default()
        .parse(&data)
        .expect("the .eml parses");
    assert_eq!(
        parsed.message_id(),
        Some("deadline.fgmv-2-visa.v1.reminder-7d@convene.example.org")
    );
    assert_eq!(
        parsed
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.address()),
        Some("fgmv@lists.itu.int")
    );
    let received = Received {
        from: String::new(),
        to: vec![],
        data,
    };
    let (_, _, inline, attached, _) = parts(&received);
    assert_eq!(inline, attached);
    assert_eq!(worker(d, db, None, at, &[]), (0, 0, 0, 0));
}

#[test]
fn without_smtp_mails_are_eml_files_on_sqlite() {
    let dir = TempDir::new("mail-eml");
    eml_files(&TestDatabase::sqlite(&dir), &dir);
}

#[test]
fn without_smtp_mails_are_eml_files_on_postgres() {
    let Some(db) = TestDatabase::postgres("mail_eml") else {
        return;
    };
    let dir = TempDir::new("mail-eml-pg");
    eml_files(&db, &dir);
}
