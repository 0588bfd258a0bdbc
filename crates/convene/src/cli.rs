//! The command line: one subcommand per task, each a thin call into the
//! library. Errors are printed with their causes; the exit code is 1 for
//! bad input, 2 for anything else.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand};
use tokio::net::TcpListener;

use crate::clock::Clock;
use crate::config::{Config, LogFormat};
use crate::http::{self, AppState};
use crate::schedule::{Actor, Schedule, ScheduleError, import};
use crate::store::Db;

/// convene: meetings and e-meetings of standards bodies, published to
/// calendars and mailing lists.
#[derive(Debug, Parser)]
#[command(name = "convene", version, about)]
pub struct Cli {
    /// Configuration file over the built-in defaults (config/default.toml
    /// documents every key). Env: CONVENE_CONFIG.
    #[arg(long, global = true, env = "CONVENE_CONFIG")]
    pub config: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a schedule file: print every item in its zone and in UTC, the
    /// conflicts, and a summary. Exits non-zero when the file is invalid.
    Check {
        /// The schedule file (TOML), e.g. data/fg-mv-2023.toml.
        file: PathBuf,
    },
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Print the effective configuration (defaults, file, environment) as
    /// TOML, with passwords redacted.
    Config,
    /// Load a schedule file into the database (idempotent by ids).
    Import {
        /// The schedule file (TOML).
        file: PathBuf,
        /// Plan reminders as of this instant (RFC 3339) instead of the real
        /// clock: a testing aid (e.g. import the 2023 seed "in 2023").
        #[arg(long, value_parser = parse_instant)]
        now: Option<DateTime<Utc>>,
        /// Take the file's version of items changed through the API since
        /// the last import (by default they are kept and reported).
        #[arg(long)]
        overwrite: bool,
        /// Silent fixes: store and publish the file's changes but plan no
        /// update or cancellation notice for them (reminders as usual); the
        /// audit rows say so.
        #[arg(long)]
        no_notify: bool,
    },
    /// Write the whole stored schedule (groups, meetings, deadlines) as a
    /// schedule file that `import` reads back: a portable copy, e.g. to move
    /// from SQLite to PostgreSQL. Not tokens, the outbox or which groups are
    /// archived.
    Export {
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Serve HTTP (migrates first). Stops gracefully on SIGTERM/SIGINT.
    Serve(ServeArgs),
    /// A fresh demo: var/demo.sqlite with the FG-MV 2023 schedule, an admin
    /// token, and the server. Never touches the configured database.
    Demo(ServeArgs),
    /// API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Private feed links (members' join details): create, list, revoke.
    #[command(subcommand)]
    FeedLink(FeedLinkCommand),
    /// Send the mails that are due (announcements, notices, reminders):
    /// the dispatcher `serve` also runs, alone. Several may run at once.
    Worker(WorkerArgs),
    /// Reminder and announcement mails.
    #[command(subcommand)]
    Reminders(RemindersCommand),
    /// Find the fairest slots for one or more groups across their
    /// participants' time zones (a table; the same as GET /api/v1/slots).
    Slots(SlotsArgs),
}

/// Options of `slots`.
#[derive(Debug, Args)]
pub struct SlotsArgs {
    /// Groups that meet, comma-separated (e.g. wg3,wg5).
    #[arg(long)]
    pub groups: String,
    /// How long: 2h, 90m, PT1H30M or minutes.
    #[arg(long)]
    pub duration: String,
    /// First day, YYYY-MM-DD.
    #[arg(long)]
    pub from: String,
    /// Last day (inclusive), YYYY-MM-DD.
    #[arg(long)]
    pub to: String,
    /// Earliest start, HH:MM in --zone.
    #[arg(long)]
    pub earliest: Option<String>,
    /// Latest end, HH:MM in --zone.
    #[arg(long)]
    pub latest: Option<String>,
    /// Minutes between candidate starts (default 30).
    #[arg(long)]
    pub step: Option<String>,
    /// How many candidates (default 5).
    #[arg(long)]
    pub count: Option<String>,
    /// Zone of the days and hours (default Europe/Zurich, Geneva time).
    #[arg(long)]
    pub zone: Option<String>,
}

/// Options of `worker`.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// One pass: claim and send everything due, print the counts, exit.
    #[arg(long)]
    pub once: bool,
    /// Act as if it were this instant (RFC 3339, e.g.
    /// 2023-06-13T08:00:00+02:00); the loop's clock runs on from there. A
    /// testing and drill aid.
    #[arg(long, value_parser = parse_instant)]
    pub now: Option<DateTime<Utc>>,
}

/// `reminders …`.
#[derive(Debug, Subcommand)]
pub enum RemindersCommand {
    /// List the mails due in a period, sent or not: due time (UTC and
    /// Geneva), kind, item, recipients, subject, status.
    Preview {
        /// From this date (YYYY-MM-DD, UTC) or instant (RFC 3339).
        #[arg(long)]
        from: String,
        /// To this date (inclusive) or instant (exclusive).
        #[arg(long)]
        to: String,
    },
}

/// An RFC 3339 instant, for `--now`.
fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{s:?} is not an RFC 3339 instant (2023-06-13T08:00:00+02:00): {e}"))
}

/// Options of `serve` and `demo`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (overrides server.listen / CONVENE_LISTEN).
    #[arg(long)]
    pub listen: Option<String>,
    /// Act as if it were this instant (RFC 3339); the clock runs on from
    /// there. A testing and drill aid, like `worker --now`.
    #[arg(long, value_parser = parse_instant)]
    pub now: Option<DateTime<Utc>>,
}

/// `token …`.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token; its secret is printed once.
    Create {
        /// Who or what it is for.
        #[arg(long)]
        name: String,
        /// Acts on everything.
        #[arg(long, conflicts_with = "group", required_unless_present = "group")]
        admin: bool,
        /// Acts on this group and its descendants.
        #[arg(long)]
        group: Option<String>,
    },
    /// List tokens (never their secrets).
    List,
    /// Revoke a token by id.
    Revoke {
        /// The token's id (from `token list`).
        id: String,
    },
}

/// An error for the user: what failed, with its causes.
#[derive(Debug)]
struct Failure {
    message: String,
    code: u8,
}

impl<E: std::error::Error> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure {
            message: crate::error_text(&e),
            code: 2,
        }
    }
}

mod feed_link;
mod serve;
pub use feed_link::FeedLinkCommand;
pub use serve::{DEMO_DATA, DEMO_DB};
use serve::{demo, serve, shutdown_signal};

/// Parses the command line, runs the command, and gives the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("convene: configuration: {e}");
            return ExitCode::from(2);
        }
    };
    // `check` needs no database or runtime; only the deadline policies.
    if let Command::Check { file } = &cli.command {
        return crate::check::run(file, &config.deadline_policies);
    }
    if let Command::Config = &cli.command {
        return match config.to_toml() {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("convene: cannot print the configuration: {e}");
                ExitCode::from(2)
            }
        };
    }
    init_tracing(&config);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("convene: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(cli.command, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("convene: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn init_tracing(config: &Config) {
    // sqlx's notices ("relation \"_sqlx_migrations\" already exists,
    // skipping") and statement lines are noise at info: sqlx logs at warn
    // unless the filter names it.
    let level = &config.log.level;
    let directives = if level.contains("sqlx") {
        level.clone()
    } else {
        format!("{level},sqlx=warn")
    };
    let filter = tracing_subscriber::EnvFilter::try_new(&directives)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colours only on a terminal, not in `docker logs` or a file.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let _ = match config.log.format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

async fn open(url: &str, max_connections: u32) -> Result<Db, Failure> {
    let db = Db::connect(url, max_connections).await?;
    let migrated = db.migrate().await?;
    if !migrated.applied.is_empty() {
        tracing::info!(backend = db.backend(), "{migrated}");
    }
    Ok(db)
}

async fn run(command: Command, config: Config) -> Result<(), Failure> {
    match command {
        Command::Check { .. } | Command::Config => Ok(()),
        Command::Migrate => {
            let db = Db::connect(&config.database.url.0, config.database.max_connections).await?;
            let migrated = db.migrate().await?;
            println!("{} database: {migrated}", db.backend());
            Ok(())
        }
        Command::Import {
            file,
            now,
            overwrite,
            no_notify,
        } => {
            let src = import::read(&file)?;
            let policies = config.deadline_policies.clone();
            let items = import::check(&file, &src, &policies).map_err(|e| match e {
                import::ImportError::Invalid(msg) => Failure {
                    message: format!("nothing was imported:\n{msg}"),
                    code: 1,
                },
                other => other.into(),
            })?;
            let db = open(&config.database.url.0, config.database.max_connections).await?;
            let clock = now.map_or(Clock::System, Clock::starting_at);
            let options = import::ImportOptions {
                overwrite,
                silent: no_notify,
            };
            let report = import_file(&db, config, clock, &items, &file, "import", options).await?;
            println!("{}: {}", file.display(), import::summary(&report));
            Ok(())
        }
        Command::Export { output } => {
            let db = open(&config.database.url.0, config.database.max_connections).await?;
            export(&db, output.as_deref()).await
        }
        Command::Token(t) => token(t, &config).await,
        Command::FeedLink(c) => {
            let db = open(&config.database.url.0, config.database.max_connections).await?;
            feed_link::feed_link(c, &db, &config).await
        }
        Command::Serve(args) => {
            let db = open(&config.database.url.0, config.database.max_connections).await?;
            serve(db, config, args, None).await
        }
        Command::Demo(args) => demo(config, args).await,
        Command::Worker(args) => worker(args, config).await,
        Command::Reminders(RemindersCommand::Preview { from, to }) => {
            reminders_preview(&from, &to, &config).await
        }
        Command::Slots(a) => {
            let bad = |errors: Vec<convene_core::FieldError>| Failure {
                message: errors
                    .iter()
                    .map(|e| {
                        format!(
                            "--{}: {}",
                            e.field.split(['[', '.']).next().unwrap_or(&e.field),
                            e.message
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                code: 1,
            };
            let mut request = crate::schedule::slots::slot_request(
                Some(&a.groups),
                Some(&a.duration),
                a.step.as_deref(),
            )
            .map_err(bad)?;
            request.from = Some(a.from);
            request.to = Some(a.to);
            request.earliest = a.earliest;
            request.latest = a.latest;
            request.count = a.count;
            request.zone = a.zone;
            let db = open(&config.database.url.0, config.database.max_connections).await?;
            let schedule = Schedule::new(db, Arc::new(config), Clock::System);
            match schedule.find_slots(request).await {
                Ok(r) => {
                    print!("{}", crate::slots_cli::table(&r));
                    Ok(())
                }
                Err(ScheduleError::Invalid { errors, .. }) => Err(bad(errors)),
                Err(other) => Err(other.into()),
            }
        }
    }
}

/// `convene export`: the stored catalog as a schedule file.
async fn export(db: &Db, output: Option<&Path>) -> Result<(), Failure> {
    let catalog = db.catalog().await?;
    let mut text = convene_core::to_schedule_toml(&catalog);
    let archived = db.archived_groups().await?;
    if !archived.is_empty() {
        // The file cannot say a group is archived: say it in a comment.
        let slugs: Vec<&str> = archived.iter().map(|s| s.as_str()).collect();
        text.push_str(&format!(
            "\n# Archived here (not carried by the file; archive them again after an import): {}\n",
            slugs.join(", ")
        ));
    }
    match output {
        Some(path) => std::fs::write(path, text).map_err(|e| Failure {
            message: format!("{}: cannot write the file: {e}", path.display()),
            code: 2,
        }),
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(Failure::from)
        }
    }
}

async fn token(cmd: TokenCommand, config: &Config) -> Result<(), Failure> {
    let db = open(&config.database.url.0, config.database.max_connections).await?;
    match cmd {
        TokenCommand::Create {
            name,
            admin: _,
            group,
        } => {
            let t = crate::token::create(&db, &name, group.as_deref(), Clock::System.now()).await?;
            let scope = t
                .record
                .group
                .as_ref()
                .map_or("admin".to_owned(), |g| format!("group {g}"));
            println!(
                "Token {} ({scope}) for {name}. Its secret is shown once:",
                t.record.id
            );
            println!("{}", t.secret);
        }
        TokenCommand::List => {
            for t in db.tokens().await? {
                let scope = t
                    .group
                    .as_ref()
                    .map_or("admin".to_owned(), |g| format!("group {g}"));
                let state = t
                    .revoked_at
                    .map_or("active".to_owned(), |r| format!("revoked {r}"));
                println!(
                    "{}\t{}\t{scope}\tcreated {}\t{state}",
                    t.id, t.name, t.created_at
                );
            }
        }
        TokenCommand::Revoke { id } => {
            if db.revoke_token(&id, Clock::System.now()).await? {
                println!("token {id} revoked");
            } else {
                return Err(Failure {
                    message: format!("no active token with id {id:?}"),
                    code: 1,
                });
            }
        }
    }
    Ok(())
}

/// Imports a checked catalog through the use case; the file names the
/// problems when the import refuses it.
async fn import_file(
    db: &Db,
    config: Config,
    clock: Clock,
    items: &convene_core::file::ScheduleItems<'_>,
    file: &Path,
    actor: &str,
    options: import::ImportOptions,
) -> Result<import::ImportReport, Failure> {
    let schedule = Schedule::new(db.clone(), Arc::new(config), clock);
    schedule
        .import(&Actor::cli(actor), items, options)
        .await
        .map_err(|e| match e {
            ScheduleError::Invalid { detail, errors } => Failure {
                message: format!(
                    "nothing was imported: {detail}:\n{}",
                    errors
                        .iter()
                        .map(|f| format!("{}: {}: {}", file.display(), f.field, f.message))
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
                code: 1,
            },
            other => Failure::from(other),
        })
}

/// `convene worker [--once] [--now T]`.
async fn worker(args: WorkerArgs, config: Config) -> Result<(), Failure> {
    let db = open(&config.database.url.0, config.database.max_connections).await?;
    let config = Arc::new(config);
    let dispatcher = crate::mail::Dispatcher::new(db, config.clone())?;
    let clock = match args.now {
        Some(t) => Clock::starting_at(t),
        None => Clock::System,
    };
    if args.once {
        let report = dispatcher.pass(clock.now()).await?;
        println!("{report}");
        return Ok(());
    }
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let run = dispatcher.run(clock, stop_rx);
    tokio::pin!(run);
    tokio::select! {
        () = &mut run => {}
        () = shutdown_signal() => {
            tracing::info!("stopping: finishing the batch under way");
            let _ = stop_tx.send(true);
            run.await;
        }
    }
    Ok(())
}

/// `convene reminders preview --from D --to D`.
async fn reminders_preview(from: &str, to: &str, config: &Config) -> Result<(), Failure> {
    let bad = |e: convene_core::FieldError| Failure {
        message: format!("--{}: {}", e.field, e.message),
        code: 1,
    };
    let from = convene_core::time::parse_bound("from", from, false).map_err(bad)?;
    let to = convene_core::time::parse_bound("to", to, true).map_err(bad)?;
    if to <= from {
        return Err(Failure {
            message: "--to must be after --from".into(),
            code: 1,
        });
    }
    let db = open(&config.database.url.0, config.database.max_connections).await?;
    let rows = crate::mail::preview::preview(&db, config, from, to).await?;
    print!("{}", crate::mail::preview::table(&rows));
    Ok(())
}
