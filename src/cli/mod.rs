//! The command line: argument definitions and the headless subcommands.
//!
//! Every subcommand is a thin layer over the core: it loads, calls one core
//! function, prints. Exit codes (see [`exit`]): 0 success, 1 a check failed, 2
//! usage, I/O or parse errors.

mod args;
mod commands;
mod discover;
pub mod exit;
mod exports;
mod gate;
mod gitmerge;
mod help;
mod interchange;
mod man;
mod mark_exported;
mod output;
mod portfolio;

pub use args::{Cli, Command, DiffFormat, ExportFormat};

use std::io::Write;
use std::process::ExitCode;

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    output::init(cli.quiet, cli.verbose, cli.color.as_deref());
    match commands::dispatch(cli) {
        Ok(code) => code,
        // A closed pipe (`maestro-tm catalog threats | head`) is not an error.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // Not eprintln!: it panics when stderr is gone (a dropped SSH session).
            // Messages quote files and paths: shown, never run by the terminal.
            let message = format!("{err:#}");
            let label = output::paint_diagnostic("error:", output::stderr_color());
            let _ = writeln!(
                std::io::stderr(),
                "maestro-tm: {label} {}",
                crate::text::sanitize_block(&message)
            );
            ExitCode::from(exit::code_of(&err))
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
