//! Helpers shared by the mail end-to-end tests (`mail.rs`,
//! `mail_delivery.rs`) and the API tests with mails (`changes.rs`,
//! `series.rs`, `write_path.rs`, …): running `convene` against a test
//! database, the seed with an admin token, a JSON request, the worker's
//! report, and the received MIME taken apart. Compiled into those
//! test crates (it needs `mail-parser`, a dev-dependency), not into the
//! support library.

use std::path::Path;
use std::process::Command;

use convene_tests::smtp::{Received, SmtpSink};
use convene_tests::{
    Response, Server, TempDir, TestDatabase, convene_bin, create_token, request, serve_db,
};
use mail_parser::{MessageParser, MimeHeaders};
use serde_json::Value;

pub(crate) const PUBLIC_URL: &str = "https://convene.example.org";

pub(crate) fn seed_path() -> String {
    convene_tests::workspace_root()
        .join("data/fg-mv-2023.toml")
        .display()
        .to_string()
}

/// The seed imported into `db`, and an admin token (`secretariat`).
pub(crate) fn seeded(dir: &Path, db: &TestDatabase) -> String {
    run(dir, db, &["import", &seed_path()], &[]);
    create_token(dir, &db.url, "secretariat", &["--admin"]).1
}

/// A JSON `body` sent with `token` (and `key` as `Idempotency-Key`).
pub(crate) fn send(
    addr: &str,
    method: &str,
    path: &str,
    token: &str,
    key: Option<&str>,
    body: &Value,
) -> Response {
    let auth = format!("Bearer {token}");
    let mut headers = vec![
        ("Content-Type", "application/json"),
        ("Authorization", auth.as_str()),
    ];
    if let Some(k) = key {
        headers.push(("Idempotency-Key", k));
    }
    request(addr, method, path, &headers, body.to_string().as_bytes())
}

/// `convene serve` on `db` with [`PUBLIC_URL`] and `env`, sending no mail
/// itself: the tests run `worker --once`. Change notices are not held
/// (`mail.hold_minutes = 0`) unless `env` says otherwise.
pub(crate) fn server(dir: &Path, db: &TestDatabase, env: &[(&str, &str)]) -> Server {
    let mut all = vec![
        ("CONVENE_PUBLIC_URL", PUBLIC_URL),
        ("CONVENE_MAIL_DISPATCH_INTERVAL_SECONDS", "0"),
        ("CONVENE_MAIL__HOLD_MINUTES", "0"),
    ];
    all.extend_from_slice(env);
    serve_db(dir, &db.url, &all)
}

/// The VEVENT with this UID in a calendar, as text.
pub(crate) fn vevent<'a>(calendar: &'a str, uid: &str) -> &'a str {
    let at = calendar
        .find(&format!("UID:{uid}\r\n"))
        .unwrap_or_else(|| panic!("no event {uid} in:\n{calendar}"));
    let start = calendar[..at].rfind("BEGIN:VEVENT").expect("event start");
    let end = at + calendar[at..].find("END:VEVENT").expect("event end");
    &calendar[start..end]
}

/// Runs `convene ARGS` in `dir` against `db`, with `env`; its stdout.
pub(crate) fn run(dir: &Path, db: &TestDatabase, args: &[&str], env: &[(&str, &str)]) -> String {
    let mut cmd = Command::new(convene_bin());
    cmd.current_dir(dir)
        .args(args)
        .env("CONVENE_DATABASE_URL", &db.url)
        .env("CONVENE_PUBLIC_URL", PUBLIC_URL)
        .env("CONVENE_LOG", "warn")
        .env_remove("CONVENE_SMTP_URL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run convene");
    assert!(
        out.status.success(),
        "convene {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What `worker --once` reported: (sent, skipped, failed, dead).
pub(crate) fn counts(out: &str) -> (usize, usize, usize, usize) {
    let n: Vec<usize> = out
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    assert_eq!(n.len(), 4, "unexpected worker output: {out}");
    (n[0], n[1], n[2], n[3])
}

/// `convene worker --once [--now NOW]`, sending to `sink` (or .eml files).
pub(crate) fn worker(
    dir: &Path,
    db: &TestDatabase,
    sink: Option<&SmtpSink>,
    now: Option<&str>,
    env: &[(&str, &str)],
) -> (usize, usize, usize, usize) {
    let url = sink.map(SmtpSink::url);
    let mut args = vec!["worker", "--once"];
    if let Some(n) = now {
        args.extend(["--now", n]);
    }
    let mut env = env.to_vec();
    if let Some(u) = &url {
        env.push(("CONVENE_SMTP_URL", u));
    }
    counts(&run(dir, db, &args, &env))
}

pub(crate) fn parse(m: &Received) -> mail_parser::Message<'_> {
    MessageParser::default()
        .parse(&m.data)
        .expect("the mail parses as MIME")
}

/// `type/subtype` of a part.
fn mime(p: &mail_parser::MessagePart<'_>) -> String {
    p.content_type().map_or(String::new(), |c| {
        format!("{}/{}", c.ctype(), c.subtype().unwrap_or_default())
    })
}

/// Checks the structure every mail has and returns (text, html, inline
/// calendar, attached calendar, attachment name).
pub(crate) fn parts(m: &Received) -> (String, String, String, String, String) {
    let parsed = parse(m);
    let root = &parsed.parts[0];
    assert_eq!(mime(root), "multipart/mixed");
    let top = root.sub_parts().expect("mixed has parts").to_vec();
    assert_eq!(top.len(), 2, "alternative + attachment");
    let alt = &parsed.parts[top[0] as usize];
    assert_eq!(mime(alt), "multipart/alternative");
    let inner: Vec<&mail_parser::MessagePart<'_>> = alt
        .sub_parts()
        .expect("alternative has parts")
        .iter()
        .map(|i| &parsed.parts[*i as usize])
        .collect();
    assert_eq!(
        inner.iter().map(|p| mime(p)).collect::<Vec<_>>(),
        ["text/plain", "text/html", "text/calendar"]
    );
    let cal_type = inner[2].content_type().expect("calendar type");
    assert_eq!(cal_type.attribute("method"), Some("PUBLISH"));
    assert_eq!(cal_type.attribute("charset"), Some("utf-8"));
    let attached = &parsed.parts[top[1] as usize];
    assert_eq!(mime(attached), "text/calendar");
    assert_eq!(
        attached.content_type().and_then(|c| c.attribute("method")),
        Some("PUBLISH")
    );
    assert_eq!(
        attached.content_disposition().map(|d| d.ctype()),
        Some("attachment")
    );
    let text = |p: &mail_parser::MessagePart<'_>| {
        p.text_contents()
            .map(str::to_owned)
            .unwrap_or_else(|| String::from_utf8_lossy(p.contents()).into_owned())
    };
    let inline = text(inner[2]);
    assert!(inline.contains("\r\nMETHOD:PUBLISH\r\n"), "{inline}");
    (
        text(inner[0]),
        text(inner[1]),
        inline,
        text(attached),
        attached.attachment_name().unwrap_or_default().to_owned(),
    )
}

/// A schedule of `meetings` confirmed meetings on 20 January 2031 (time to
/// be announced, so they never conflict), each with a 7-day and a 1-day
/// reminder: `2 × meetings` mails, all due on the 19th.
fn generated_schedule(meetings: usize) -> String {
    let mut s = String::from(
        "[[groups]]\nslug = \"bench\"\nshort_name = \"BENCH\"\nname = \"Benchmark group\"\n\
         kind = \"focus-group\"\nmailing_list = \"bench@lists.example.org\"\n",
    );
    for i in 0..meetings {
        s.push_str(&format!(
            "\n[[meetings]]\nid = \"bench-{i:05}\"\ntitle = \"Bench meeting {i}\"\ngroups = [\"bench\"]\n\
             kind = \"e-meeting\"\ndate = \"2031-01-20\"\nremote_url = \"https://remote.example.org/{i}\"\n"
        ));
    }
    s
}

const GENERATED_IMPORT_AT: &str = "2031-01-01T00:00:00Z";
pub(crate) const GENERATED_DUE_AT: &str = "2031-01-19T12:00:00+01:00";

pub(crate) fn import_generated(dir: &TempDir, db: &TestDatabase, meetings: usize) {
    let file = dir.path().join("generated.toml");
    std::fs::write(&file, generated_schedule(meetings)).expect("write the schedule");
    let out = run(
        dir.path(),
        db,
        &["import", "generated.toml", "--now", GENERATED_IMPORT_AT],
        &[],
    );
    assert!(
        out.contains(&format!("{} mails planned", 2 * meetings)),
        "{out}"
    );
}
