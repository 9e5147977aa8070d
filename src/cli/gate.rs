//! `status --fail-on LEVEL`: the CI gate. It fails closed: an open threat that is
//! not rated could hide any level, so it fails the gate unless `--allow-unrated`.

use crate::catalog::Catalog;
use crate::session::Session;
use crate::text::sanitize_inline;
use crate::vocab::RiskLevel;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Prints why the gate fails (to stderr) and returns the exit code.
pub fn fail_on(
    session: &Session,
    catalog: &Catalog,
    file: &Path,
    level: RiskLevel,
    allow_unrated: bool,
) -> ExitCode {
    let mut failed = false;
    let mut err = std::io::stderr().lock();
    let open = crate::report::open_residual_at_or_above(session, catalog, level);
    if !open.is_empty() {
        failed = true;
        let list: Vec<String> = open
            .iter()
            .map(|(t, l)| format!("{} ({l})", sanitize_inline(&t.id)))
            .collect();
        let _ = writeln!(
            err,
            "{}: {} open residual risk(s) at or above {level}: {}",
            file.display(),
            open.len(),
            list.join(", ")
        );
    }
    let unrated = crate::report::open_unrated(session, catalog);
    if !unrated.is_empty() {
        let list: Vec<String> = unrated
            .iter()
            .map(|t| sanitize_inline(&t.id).into_owned())
            .collect();
        if allow_unrated {
            let _ = writeln!(
                err,
                "{}: warning: {} open threat(s) not rated, allowed by --allow-unrated: {}",
                file.display(),
                unrated.len(),
                list.join(", ")
            );
        } else {
            failed = true;
            let _ = writeln!(
                err,
                "{}: {} open threat(s) not rated (severity and likelihood needed), so the gate \
                 fails closed; rate them or pass --allow-unrated: {}",
                file.display(),
                unrated.len(),
                list.join(", ")
            );
        }
    }
    if failed {
        super::exit::check_failed()
    } else {
        ExitCode::SUCCESS
    }
}
