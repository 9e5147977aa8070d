//! maestro-tm: parse the command line, then run a headless command or the TUI.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    maestro_tm::cli::run(maestro_tm::cli::Cli::parse())
}
