//! Helpers for the end-to-end tests: find (and build) the real `convene`
//! binary, and run it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub mod browser;
mod database;
mod on_both;
pub mod smtp;

pub use database::{DbLock, TestDatabase, pg_admin_url};

/// The workspace root (where `data/` and `config/` are).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The `convene` binary, built once per test process with the same profile
/// as the tests. Cargo builds other packages' binaries only for their own
/// tests, so we ask it here; it is a no-op when the binary is up to date.
/// `CONVENE_BIN` overrides the path.
pub fn convene_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("CONVENE_BIN") {
            return PathBuf::from(p);
        }
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let release = std::env::current_exe()
            .ok()
            .is_some_and(|p| p.components().any(|c| c.as_os_str() == "release"));
        let mut cmd = Command::new(cargo);
        cmd.current_dir(workspace_root()).args([
            "build",
            "--quiet",
            "-p",
            "convene",
            "--bin",
            "convene",
            "--message-format=json",
        ]);
        if release {
            cmd.arg("--release");
        }
        let out = cmd
            .output()
            .expect("run cargo build for the convene binary");
        assert!(
            out.status.success(),
            "cargo build -p convene failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["target"]["name"] == "convene")
            .find_map(|v| v["executable"].as_str().map(PathBuf::from))
            .expect("cargo reported the convene executable")
    })
}

/// A finished run of the binary, as text.
#[derive(Debug)]
pub struct Run {
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Self {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Runs `convene ARGS` in `dir` and waits for it.
pub fn convene(dir: &Path, args: &[&str]) -> Run {
    Command::new(convene_bin())
        .current_dir(dir)
        .args(args)
        .env_remove("CONVENE_DATABASE_URL")
        .output()
        .expect("start the convene binary")
        .into()
}

/// A fresh temporary directory, removed when dropped.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    /// Creates one under the system temp dir.
    pub fn new(tag: &str) -> Self {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("convene-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("create temp dir");
        Self(p)
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A running `convene` process (serve or demo), killed when dropped.
#[derive(Debug)]
pub struct Server {
    child: std::process::Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// Lines printed before "Listening on".
    pub banner: Vec<String>,
}

impl Server {
    /// Starts `convene ARGS` in `dir` with `env`, and waits for its
    /// "Listening on http://ADDR" line.
    pub fn start(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        Self::spawn(dir, args, env, std::process::Stdio::inherit())
    }

    /// Like [`Server::start`], with the server's standard error (its log)
    /// written to the file `log` instead of the test's, to be read back.
    pub fn start_logging_to(dir: &Path, args: &[&str], env: &[(&str, &str)], log: &Path) -> Server {
        let file = std::fs::File::create(log).expect("create the log file");
        Self::spawn(dir, args, env, file.into())
    }

    fn spawn(
        dir: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        stderr: std::process::Stdio,
    ) -> Server {
        use std::io::BufRead;
        let mut cmd = Command::new(convene_bin());
        cmd.current_dir(dir)
            .args(args)
            .env_remove("CONVENE_DATABASE_URL")
            .env("CONVENE_LOG", "warn")
            // The tests' data is from 2023: feeds publish the whole archive
            // unless a test asks for the window.
            .env("CONVENE_CALENDAR__PAST_MONTHS", "0")
            .stdout(std::process::Stdio::piped())
            .stderr(stderr);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start convene");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = std::io::BufReader::new(stdout).lines();
        let mut banner = Vec::new();
        loop {
            let line = match lines.next() {
                Some(Ok(l)) => l,
                _ => {
                    let _ = child.kill();
                    let status = child.wait();
                    panic!("convene exited before listening ({status:?}); printed: {banner:?}");
                }
            };
            if let Some(addr) = line.strip_prefix("Listening on http://") {
                let addr = addr.trim().to_owned();
                // Keep draining stdout so the server never blocks on a full pipe.
                std::thread::spawn(move || for _ in lines {});
                return Server {
                    child,
                    addr,
                    banner,
                };
            }
            banner.push(line);
        }
    }

    /// Sends SIGTERM and waits for the exit code.
    pub fn terminate(mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let code = self.child.wait().ok().and_then(|s| s.code());
        std::mem::forget(self);
        code
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response, read whole.
#[derive(Debug)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Header names lowercased, in order.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl Response {
    /// The first header with this (lowercase) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text()))
    }
}

/// One HTTP/1.1 request over a real TCP connection (`Connection: close`).
/// Small on purpose: the tests need exact control over headers.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connect to convene");
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .ok();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || matches!(method, "POST" | "PATCH" | "PUT") {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).expect("send request");
    s.write_all(body).expect("send body");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response has a header block");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[start + size + 2..];
    }
    out
}

/// `convene serve` in `dir` on `db`, on a free local port, with `env` on
/// top.
pub fn serve_db(dir: &Path, db: &str, env: &[(&str, &str)]) -> Server {
    let mut all = vec![
        ("CONVENE_DATABASE_URL", db),
        ("CONVENE_LISTEN", "127.0.0.1:0"),
    ];
    all.extend_from_slice(env);
    Server::start(dir, &["serve"], &all)
}

/// `GET path`.
pub fn get(addr: &str, path: &str) -> Response {
    request(addr, "GET", path, &[], b"")
}

/// A fresh SQLite URL in `dir`, with the seed (or `schedule`) imported.
pub fn seeded_db(dir: &TempDir, schedule: Option<&str>) -> String {
    let db = format!("sqlite:{}", dir.path().join("convene.sqlite").display());
    import(dir, &db, schedule);
    db
}

/// Imports `schedule` (the seed when `None`) into `db`; returns stdout.
pub fn import(dir: &TempDir, db: &str, schedule: Option<&str>) -> String {
    let file = dir.path().join("schedule.toml");
    let text = match schedule {
        Some(s) => s.to_owned(),
        None => seed_text(),
    };
    std::fs::write(&file, text).expect("write schedule");
    run_ok(dir.path(), db, &["import", "schedule.toml"], "import")
}

/// Runs `convene ARGS` in `dir` against `db`; panics, naming `what`, unless
/// it succeeds; stdout.
fn run_ok(dir: &Path, db: &str, args: &[&str], what: &str) -> String {
    let out = Command::new(convene_bin())
        .current_dir(dir)
        .args(args)
        .env("CONVENE_DATABASE_URL", db)
        .env("CONVENE_LOG", "warn")
        .output()
        .unwrap_or_else(|e| panic!("run {what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The seed schedule's text.
pub fn seed_text() -> String {
    std::fs::read_to_string(workspace_root().join("data/fg-mv-2023.toml")).expect("read the seed")
}

/// Runs `convene ARGS` against `db`; panics unless it succeeds; stdout.
pub fn convene_ok(dir: &Path, db: &str, args: &[&str]) -> String {
    run_ok(dir, db, args, &format!("convene {args:?}"))
}

/// Creates a token with `convene token create` and returns (id, secret).
pub fn create_token(dir: &Path, db: &str, name: &str, scope: &[&str]) -> (String, String) {
    let mut args = vec!["token", "create", "--name", name];
    args.extend_from_slice(scope);
    let out = convene_ok(dir, db, &args);
    let mut lines = out.lines();
    let first = lines.next().unwrap_or_default();
    let id = first
        .strip_prefix("Token ")
        .and_then(|r| r.split(' ').next())
        .unwrap_or_default()
        .to_owned();
    let secret = lines.next().unwrap_or_default().trim().to_owned();
    assert!(secret.starts_with("cvn_"), "{out}");
    (id, secret)
}

/// The `"id"`s of the items listed under `key` in `v`, in order.
pub fn list_ids<'a>(v: &'a serde_json::Value, key: &str) -> Vec<&'a str> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("no list {key:?} in {v}"))
        .iter()
        .filter_map(|m| m["id"].as_str())
        .collect()
}

/// `(id, field)` for each item listed under `key` in `v` (`""` where one
/// is missing).
pub fn id_and(v: &serde_json::Value, key: &str, field: &str) -> Vec<(String, String)> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("no list {key:?} in {v}"))
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap_or("").to_owned(),
                d[field].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// A meeting added to the seed by the pages tests: its text tries to
/// inject markup; and a cancelled one.
pub const PAGES_EXTRA: &str = r#"
[[meetings]]
id = "xss-2023-09-15"
title = '<script>alert(1)</script> & <b>bold</b>'
groups = ["wg5"]
kind = "e-meeting"
date = "2023-09-15"
start = "10:00"
end = "11:00"
remote_url = "https://remote.itu.int/?a=1&b=<x>"
# Public, so that the page shows (and escapes) the link.
join_visibility = "public"
description = '<img src=x onerror="alert(2)">'

[[meetings]]
id = "wg5-2023-10-10-cancelled"
title = "WG5 e-meeting"
groups = ["wg5"]
kind = "e-meeting"
status = "cancelled"
cancel_reason = "The chair is not available; see the list"
date = "2023-10-10"
start = "14:00"
end = "15:00"
"#;

/// `convene serve` on a fresh SQLite file holding the seed plus
/// [`PAGES_EXTRA`]; with `public` as `CONVENE_PUBLIC_URL` when given.
pub fn pages_server(tag: &str, public: Option<&str>) -> (TempDir, String, Server) {
    let dir = TempDir::new(tag);
    let db = seeded_db(&dir, Some(&format!("{}\n{PAGES_EXTRA}", seed_text())));
    let server = match public {
        Some(public) => serve_db(dir.path(), &db, &[("CONVENE_PUBLIC_URL", public)]),
        None => serve_db(dir.path(), &db, &[]),
    };
    (dir, db, server)
}
