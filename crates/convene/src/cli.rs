//! The command line: one subcommand per task, each a thin call into the
//! library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// convene: meetings and e-meetings of standards bodies, published to
/// calendars and mailing lists.
#[derive(Debug, Parser)]
#[command(name = "convene", version, about)]
pub struct Cli {
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
}

/// Parses the command line, runs the command, and gives the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { file } => crate::check::run(&file),
    }
}
