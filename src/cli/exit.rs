//! Exit codes: one convention for every headless command, like grep and diff.
//!
//! - 0: the command did its job and every check passed;
//! - 1: a check failed (`validate` found problems in a model, `status --fail-on`
//!   tripped, `fmt --check` found a file to rewrite, `diff --exit-code` found
//!   differences, `import --strict` would lose data);
//! - 2: usage, I/O or parse errors: the command could not do its job.
//!
//! A command returns `Ok(exit::check_failed())` for a failed check and an error for
//! everything else; [`code_of`] maps an error to its code in one place. An error that
//! really is a failed check wraps [`CheckFailed`].

use std::process::ExitCode;

/// Every check passed.
pub const SUCCESS: u8 = 0;
/// A check failed.
pub const CHECK_FAILED: u8 = 1;
/// Usage, I/O or parse error (clap uses 2 for usage errors too).
pub const ERROR: u8 = 2;

/// The text of `--help` and the man page about exit codes.
pub const HELP: &str = "Exit status: 0 success; 1 a check failed (validate found problems, \
status --fail-on tripped, fmt --check found a file to rewrite, diff --exit-code found \
differences, import --strict would lose data); 2 usage, I/O or parse error.";

/// An error that means "the check failed" (exit 1) rather than "could not run" (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CheckFailed(pub String);

pub fn check_failed() -> ExitCode {
    ExitCode::from(CHECK_FAILED)
}

pub fn error() -> ExitCode {
    ExitCode::from(ERROR)
}

/// 1 when the error is a failed check, else 2.
pub fn code_of(err: &anyhow::Error) -> u8 {
    if err
        .chain()
        .any(|c| c.downcast_ref::<CheckFailed>().is_some())
    {
        CHECK_FAILED
    } else {
        ERROR
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_checks_exit_1_and_other_errors_2() {
        let check = anyhow::Error::new(CheckFailed("gate".into())).context("status");
        assert_eq!(code_of(&check), CHECK_FAILED);
        let io = anyhow::Error::new(std::io::Error::other("disk")).context("report");
        assert_eq!(code_of(&io), ERROR);
    }
}
