//! One storage test suite, run on both backends.
//!
//! Each scenario is written once, against a [`Db`], and [`suite!`] runs it
//! on a fresh SQLite file and on a fresh PostgreSQL schema.
//! PostgreSQL comes from `CONVENE_TEST_DATABASE_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`); when it cannot be reached the
//! PostgreSQL half is skipped with a message, except under `CI`, where that
//! is a failure.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, NaiveDate, Utc};
use convene_core::{
    Catalog, Deadline, DeadlineInput, Defaults, Group, GroupInput, GroupSlug, Interval, ItemId,
    MailKind, Meeting, MeetingInput, Owner, PlannedMail, ReminderPolicy, Subject, parse_schedule,
    reminder,
};
use sqlx::Connection;

use super::{Db, MeetingFilter, OutboxMail, StoreError, StoredMeeting, TokenRecord};

mod api_group_token_scenarios;
mod api_item_scenarios;
mod notify_scenarios;
mod outbox_scenarios;
mod rate_limit_scenarios;
mod scenarios;
mod writes;
use api_group_token_scenarios::*;
use api_item_scenarios::*;
use notify_scenarios::*;
use outbox_scenarios::*;
use rate_limit_scenarios::*;
use scenarios::*;
use writes::Counts;

/// The real seed: 29 groups, 50 meetings, 3 deadlines.
const SEED: &str = include_str!("../../../../../data/fg-mv-2023.toml");

const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A version no convene has: `_sqlx_migrations` rows from a newer binary.
const FUTURE_VERSION: i64 = 99_990_101_000_000;

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

/// A migrated, empty database of one backend, and a way to reach it with
/// raw SQL (for what [`Db`] deliberately cannot do).
struct TestDb {
    store: Db,
    raw: Raw,
}

/// Where the test database is, for raw SQL on a connection of its own.
enum Raw {
    /// `sqlite:PATH` in a temporary directory, removed with the value.
    Sqlite { url: String, _dir: TempDir },
    /// A schema of its own, dropped by [`TestDb::finish`].
    Postgres(PgSchema),
}

/// A PostgreSQL schema made for one test: dropped by [`TestDb::finish`] at
/// the end of the test, or (best effort) on drop when the test failed
/// before that.
struct PgSchema {
    url: String,
    name: String,
    dropped: bool,
}

impl PgSchema {
    async fn drop_schema(&mut self) -> Result<(), sqlx::Error> {
        let mut c = sqlx::PgConnection::connect(&self.url).await?;
        sqlx::query("SET lock_timeout = '10s'")
            .execute(&mut c)
            .await?;
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name))
            .execute(&mut c)
            .await?;
        self.dropped = true;
        c.close().await
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        if self.dropped {
            return;
        }
        // Drop cannot await: use a runtime of its own, on a thread of its
        // own (this one may be a runtime's worker).
        let mut schema = PgSchema {
            url: self.url.clone(),
            name: self.name.clone(),
            dropped: true,
        };
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(schema.drop_schema()).ok()
        })
        .join();
        if !matches!(dropped, Ok(Some(()))) {
            eprintln!("could not drop the test schema {}", self.name);
        }
    }
}

/// A directory removed on drop.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A name no other test (or test run) uses.
fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}_{}_{n}_{nanos}", std::process::id())
}

async fn fresh_sqlite() -> TestDb {
    let dir = std::env::temp_dir().join(unique_name("convene-store-test"));
    std::fs::create_dir_all(&dir).expect("create the test directory");
    let dir = TempDir(dir);
    let url = format!("sqlite:{}", dir.0.join("test.sqlite").display());
    let store = Db::connect(&url, 4)
        .await
        .expect("open the SQLite test database");
    store
        .migrate()
        .await
        .expect("migrate the SQLite test database");
    TestDb {
        store,
        raw: Raw::Sqlite { url, _dir: dir },
    }
}

/// A fresh schema, or `None` (after saying so) when PostgreSQL is not there
/// and this is not CI.
async fn fresh_postgres() -> Option<TestDb> {
    let url =
        std::env::var("CONVENE_TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_PG_URL.to_owned());
    let mut admin = match sqlx::PgConnection::connect(&url).await {
        Ok(c) => c,
        Err(e) if std::env::var_os("CI").is_some() => panic!(
            "PostgreSQL not reachable at {url}: {e}; in CI the storage suite must run on \
             PostgreSQL (set CONVENE_TEST_DATABASE_URL)"
        ),
        Err(e) => {
            eprintln!("skipping: PostgreSQL not reachable at {url}: {e}");
            return None;
        }
    };
    let schema = unique_name("t");
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut admin)
        .await
        .expect("create the test schema");
    admin.close().await.expect("close the admin connection");
    let pool = super::postgres::connect(&url, Some(&schema), 4)
        .await
        .expect("connect to the test schema");
    let store = Db::Postgres(pool);
    store
        .migrate()
        .await
        .expect("migrate the PostgreSQL test schema");
    Some(TestDb {
        store,
        raw: Raw::Postgres(PgSchema {
            url,
            name: schema,
            dropped: false,
        }),
    })
}

impl TestDb {
    /// Runs one statement on a connection of its own.
    async fn execute(&self, sql: &str) {
        match &self.raw {
            Raw::Sqlite { url, .. } => {
                let mut c = sqlx::SqliteConnection::connect(url).await.expect("connect");
                sqlx::query(sql).execute(&mut c).await.expect(sql);
                c.close().await.expect("close");
            }
            Raw::Postgres(schema) => {
                let mut c = pg_connection(&schema.url, &schema.name).await;
                sqlx::query(sql).execute(&mut c).await.expect(sql);
                c.close().await.expect("close");
            }
        }
    }

    /// `SELECT count(*) FROM table`.
    async fn count(&self, table: &str) -> i64 {
        let sql = format!("SELECT count(*) FROM {table}");
        match &self.raw {
            Raw::Sqlite { url, .. } => {
                let mut c = sqlx::SqliteConnection::connect(url).await.expect("connect");
                let n = sqlx::query_scalar(&sql)
                    .fetch_one(&mut c)
                    .await
                    .expect(&sql);
                c.close().await.expect("close");
                n
            }
            Raw::Postgres(schema) => {
                let mut c = pg_connection(&schema.url, &schema.name).await;
                let n = sqlx::query_scalar(&sql)
                    .fetch_one(&mut c)
                    .await
                    .expect(&sql);
                c.close().await.expect("close");
                n
            }
        }
    }

    /// Records a migration this binary does not have, as a newer convene
    /// would have left it.
    async fn insert_future_migration(&self) {
        let checksum = match self.raw {
            Raw::Sqlite { .. } => "X'00'",
            Raw::Postgres(_) => "'\\x00'::bytea",
        };
        self.execute(&format!(
            "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time)
             VALUES ({FUTURE_VERSION}, 'from a newer convene', CURRENT_TIMESTAMP, TRUE, {checksum}, 0)"
        ))
        .await;
    }

    /// Drops the PostgreSQL schema (the SQLite directory goes on drop).
    async fn finish(self) {
        let TestDb { store, raw } = self;
        drop(store);
        if let Raw::Postgres(mut schema) = raw {
            schema.drop_schema().await.expect("drop the test schema");
        }
    }
}

async fn pg_connection(url: &str, schema: &str) -> sqlx::PgConnection {
    use std::str::FromStr;
    let opts = sqlx::postgres::PgConnectOptions::from_str(url)
        .expect("the test database URL")
        .options([("search_path", schema)]);
    sqlx::PgConnection::connect_with(&opts)
        .await
        .expect("connect to the test schema")
}

// ---------------------------------------------------------------------------
// Test data
// ---------------------------------------------------------------------------

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().expect("test instant")
}

fn id(s: &str) -> ItemId {
    ItemId::parse(s).expect("test id")
}

fn slug(s: &str) -> GroupSlug {
    GroupSlug::parse(s).expect("test slug")
}

fn seed() -> Catalog {
    parse_schedule(SEED).expect("the seed parses")
}

/// The moment the seed is imported in these tests.
fn now() -> DateTime<Utc> {
    utc("2023-06-01T00:00:00Z")
}

/// Reminders 7 and 1 days before, no announcements.
fn policy() -> ReminderPolicy {
    ReminderPolicy {
        announce: false,
        meeting_days_before: vec![7, 1],
        deadline_days_before: vec![7, 1],
        ..ReminderPolicy::default()
    }
}

/// The seed with `old` replaced by `new` in the item `item_id` (the first
/// occurrence after its `id = "…"` line).
fn edited_seed(item_id: &str, old: &str, new: &str) -> String {
    let at = SEED
        .find(&format!("id = \"{item_id}\""))
        .expect("the item is in the seed");
    let rel = SEED[at..].find(old).expect("the text is in the item");
    let mut text = SEED.to_owned();
    text.replace_range(at + rel..at + rel + old.len(), new);
    text
}

/// A meeting of the catalog with another end time (`HH:MM`, local).
fn with_end(m: &Meeting, end: &str) -> Meeting {
    let mut input = m.to_input();
    input.end = Some(end.to_owned());
    input
        .validate(&Defaults::default())
        .expect("the edited meeting is valid")
}

/// Imports the seed with its planned mails at [`now`].
async fn import_seed(s: &Db) -> (Catalog, Vec<PlannedMail>) {
    let catalog = seed();
    let mails = reminder::plan(&catalog, &policy(), now());
    s.import(&catalog, &mails, "test", now())
        .await
        .expect("import the seed");
    (catalog, mails)
}

fn counts(created: usize, updated: usize, unchanged: usize) -> Counts {
    Counts {
        created,
        updated,
        unchanged,
    }
}

fn mails_of<'a>(outbox: &'a [OutboxMail], subject: &Subject) -> Vec<&'a OutboxMail> {
    outbox.iter().filter(|m| &m.subject == subject).collect()
}

/// A new WG5 e-meeting on 4 December 2023, 09:00-11:00 Geneva time
/// (08:00-10:00 UTC).
fn new_meeting(meeting_id: &str) -> Meeting {
    MeetingInput {
        id: Some(meeting_id.to_owned()),
        title: Some("WG5 e-meeting".to_owned()),
        groups: vec!["wg5".to_owned()],
        kind: Some("e-meeting".to_owned()),
        date: Some("2023-12-04".to_owned()),
        start: Some("09:00".to_owned()),
        end: Some("11:00".to_owned()),
        ..MeetingInput::default()
    }
    .validate(&Defaults::default())
    .expect("the new meeting is valid")
}

/// A contribution deadline of a meeting, or of a group when `owner` is a
/// group's slug, closing at the end of `date` in Geneva time.
fn new_deadline(deadline_id: &str, owner: Owner, date: &str) -> Deadline {
    let (meeting, group) = match owner {
        Owner::Meeting(m) => (Some(m.to_string()), None),
        Owner::Group(g) => (None, Some(g.to_string())),
    };
    DeadlineInput {
        id: Some(deadline_id.to_owned()),
        meeting,
        group,
        kind: Some("contribution".to_owned()),
        date: Some(date.to_owned()),
        email: Some("tsbfgmv@itu.int".to_owned()),
        ..DeadlineInput::default()
    }
    .validate(&Defaults::default())
    .expect("the new deadline is valid")
}

/// A task group under `parent` (`None`: under no group).
fn new_group(group_slug: &str, parent: Option<&str>, name: &str) -> Group {
    GroupInput {
        slug: Some(group_slug.to_owned()),
        name: Some(name.to_owned()),
        kind: Some("task-group".to_owned()),
        parent: parent.map(str::to_owned),
        ..GroupInput::default()
    }
    .validate()
    .expect("the new group is valid")
}

/// `(version, status, key)` of an item's mails, in outbox order.
fn mail_states(outbox: &[OutboxMail], subject: &Subject) -> Vec<(i64, String, String)> {
    mails_of(outbox, subject)
        .into_iter()
        .map(|m| (m.subject_version, m.status.clone(), m.message_id.clone()))
        .collect()
}

/// WG5's token, created on 1 June 2023, its secret hash 64 times `hash`.
fn wg5_token(hash: char) -> TokenRecord {
    TokenRecord {
        id: "tok-wg5".to_owned(),
        name: "WG5 secretariat".to_owned(),
        admin: false,
        group: Some(slug("wg5")),
        secret_hash: hash.to_string().repeat(64),
        created_at: utc("2023-06-01T10:00:00Z"),
        revoked_at: None,
    }
}

/// The ids of listed meetings.
fn meeting_ids(listed: &[StoredMeeting]) -> Vec<String> {
    listed.iter().map(|m| m.meeting.id().to_string()).collect()
}

/// Generates, for each scenario, `sqlite::NAME` and `postgres::NAME` tests.
macro_rules! suite {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = super::fresh_sqlite().await;
                    super::$name(&db).await;
                    db.finish().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(db) = super::fresh_postgres().await else {
                        return;
                    };
                    super::$name(&db).await;
                    db.finish().await;
                }
            )*
        }
    };
}

suite!(
    migrate_twice_is_a_no_op,
    import_stores_the_seed,
    import_is_idempotent_and_versions_changes,
    import_plans_the_outbox,
    concurrent_updates_one_wins,
    concurrent_imports_serialize,
    failed_import_leaves_nothing,
    tokens_are_created_listed_and_revoked,
    update_of_unknown_meeting_is_not_found,
    newer_database_is_refused,
    create_meeting_stores_everything_or_nothing,
    concurrent_creates_of_one_id_one_wins,
    save_deadline_versions_and_supersedes,
    delete_deadline_supersedes_its_mails,
    groups_are_saved_and_archived,
    tokens_are_found_by_hash,
    idempotency_keys_reserve_replay_and_expire,
    concurrent_idempotency_claims_one_answers,
    meetings_filter_by_status,
    meetings_page_by_cursor,
    update_meeting_supersedes_older_mails,
    import_supersedes_mails_of_changed_items,
    outbox_claims_lease_rows,
    outbox_concurrent_claimers_get_disjoint_sets,
    outbox_rows_go_sent_failed_dead_skipped_and_back,
    write_buckets_are_per_token_and_refill,
    concurrent_writes_share_one_bucket,
    silent_writes_are_audited_silent,
);
