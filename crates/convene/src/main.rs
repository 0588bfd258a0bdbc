//! The `convene` command. Everything happens in the library; this file only
//! hands over the command line and turns the outcome into an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    convene::cli::main()
}
