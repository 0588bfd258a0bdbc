//! The databases of end-to-end tests: a fresh SQLite file or PostgreSQL
//! database per test, SQL run on it from outside as an operator would, and
//! its write lock held from another process.

use std::process::Command;

use crate::TempDir;

/// A database for one end-to-end test: a fresh SQLite file, or a fresh
/// PostgreSQL database (dropped when this is dropped).
#[derive(Debug)]
pub struct TestDatabase {
    /// `sqlite:…` or `postgres://…`.
    pub url: String,
    pg_name: Option<String>,
}

/// The PostgreSQL server for tests (`CONVENE_TEST_DATABASE_URL`).
pub fn pg_admin_url() -> String {
    std::env::var("CONVENE_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

fn psql(sql: &str) -> Result<(), String> {
    let out = Command::new("psql")
        .args([
            pg_admin_url().as_str(),
            "-v",
            "ON_ERROR_STOP=1",
            "-qAtc",
            sql,
        ])
        .output()
        .map_err(|e| format!("cannot run psql: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

impl TestDatabase {
    /// A fresh SQLite file in `dir`.
    pub fn sqlite(dir: &TempDir) -> Self {
        Self {
            url: format!("sqlite:{}", dir.path().join("convene.sqlite").display()),
            pg_name: None,
        }
    }

    /// A fresh PostgreSQL database, or `None` when PostgreSQL cannot be
    /// reached (a failure instead when `CI` is set: CI never skips).
    pub fn postgres(tag: &str) -> Option<Self> {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("convene_e2e_{tag}_{}_{n}", std::process::id());
        if let Err(e) = psql(&format!("CREATE DATABASE {name}")) {
            if std::env::var_os("CI").is_some() {
                panic!("PostgreSQL is required in CI ({}): {e}", pg_admin_url());
            }
            eprintln!("skipping the PostgreSQL half: {e}");
            return None;
        }
        let base = pg_admin_url();
        let url = match base.rsplit_once('/') {
            Some((server, _)) => format!("{server}/{name}"),
            None => base,
        };
        Some(Self {
            url,
            pg_name: Some(name),
        })
    }
}

impl TestDatabase {
    /// Runs `sql` on the database from another process (python3's sqlite3
    /// or psql), as an operator editing it by hand would; panics if it
    /// fails. The rows it gives, one a line, columns joined by `|`.
    pub fn execute(&self, sql: &str) -> String {
        let out = if let Some(path) = self.url.strip_prefix("sqlite:") {
            Command::new("python3")
                .args([
                    "-c",
                    "import sqlite3,sys\n\
                     c=sqlite3.connect(sys.argv[1],isolation_level=None)\n\
                     for r in c.execute(sys.argv[2]).fetchall(): print('|'.join(map(str,r)))",
                    path,
                    sql,
                ])
                .output()
                .expect("python3 runs")
        } else {
            Command::new("psql")
                .args([self.url.as_str(), "-v", "ON_ERROR_STOP=1", "-qAtc", sql])
                .output()
                .expect("psql runs")
        };
        assert!(
            out.status.success(),
            "{sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(name) = &self.pg_name {
            let _ = psql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// Holds the database's write lock (SQLite: `BEGIN IMMEDIATE`; PostgreSQL:
/// an exclusive lock on `meetings`) from another process for three
/// seconds; dropping it waits for the release. (A killed psql would not
/// release it: the server does not notice a client gone while it sleeps.)
#[derive(Debug)]
pub struct DbLock(std::process::Child);

impl DbLock {
    pub fn hold(db: &TestDatabase) -> DbLock {
        let mut child = if let Some(path) = db.url.strip_prefix("sqlite:") {
            Command::new("python3")
                .args([
                    "-c",
                    "import sqlite3,sys,time\n\
                     c=sqlite3.connect(sys.argv[1],isolation_level=None)\n\
                     c.execute('BEGIN IMMEDIATE')\nprint('locked',flush=True)\ntime.sleep(3)",
                    path,
                ])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("python3 holds the SQLite write lock")
        } else {
            Command::new("psql")
                .args([
                    db.url.as_str(),
                    "-qAt",
                    "-c",
                    "BEGIN",
                    "-c",
                    "LOCK TABLE meetings IN ACCESS EXCLUSIVE MODE",
                    "-c",
                    "SELECT 'locked'",
                    "-c",
                    "SELECT pg_sleep(3)",
                    "-c",
                    "COMMIT",
                ])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("psql holds a lock on meetings")
        };
        use std::io::BufRead;
        let out = child.stdout.take().expect("stdout");
        let mut line = String::new();
        std::io::BufReader::new(out)
            .read_line(&mut line)
            .expect("the locker says it holds the lock");
        assert_eq!(line.trim(), "locked");
        DbLock(child)
    }
}

impl Drop for DbLock {
    fn drop(&mut self) {
        let _ = self.0.wait();
    }
}
