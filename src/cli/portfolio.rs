//! `status DIR` (the portfolio) and the gates of `status --fail-on`.

use super::args::FailOn;
use crate::analysis::reviews::{self, DueState};
use crate::catalog::Catalog;
use crate::portfolio::{self, Column};
use crate::session::Session;
use crate::text::sanitize_inline;
use anyhow::Result;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Lines on reviews for the text of `status FILE` (empty when nothing is due soon).
pub fn review_lines(session: &Session, catalog: &Catalog, today: &str) -> String {
    let due = reviews::due_reviews(session, catalog, today);
    let mut out = String::new();
    for (state, what) in [
        (DueState::Overdue, "overdue"),
        (DueState::DueSoon, "due soon"),
    ] {
        let list: Vec<String> = due
            .iter()
            .filter(|d| d.state == state)
            .map(|d| format!("{} ({})", d.residual_id, d.due))
            .collect();
        if !list.is_empty() {
            out.push_str(&format!(
                "Reviews {what} ({}): {}\n",
                list.len(),
                list.join(", ")
            ));
        }
    }
    out
}

/// Runs the `--fail-on` gates on one session; prints why each failed to stderr and
/// gives true when one did. Unresolved merge conflicts fail every gate.
pub fn gate(
    file: &Path,
    session: &Session,
    catalog: &Catalog,
    fail_on: &[FailOn],
    allow_unrated: bool,
    today: &str,
) -> bool {
    if fail_on.is_empty() {
        return false;
    }
    let mut failed = false;
    let name = file.display();
    let conflicts = session.conflicts.len();
    if conflicts > 0 {
        eprintln!("{name}: {conflicts} unresolved merge conflict(s)");
        failed = true;
    }
    for gate in fail_on {
        match gate {
            FailOn::Level(level) => {
                let open = crate::report::open_residual_at_or_above(session, catalog, *level);
                if !open.is_empty() {
                    let list: Vec<String> = open
                        .iter()
                        .map(|(t, l)| format!("{} ({l})", sanitize_inline(&t.id)))
                        .collect();
                    eprintln!(
                        "{name}: {} open residual risk(s) at or above {level}: {}",
                        open.len(),
                        list.join(", ")
                    );
                    failed = true;
                }
            }
            FailOn::Overdue => {
                let overdue: Vec<String> = reviews::due_reviews(session, catalog, today)
                    .into_iter()
                    .filter(|d| d.state == DueState::Overdue)
                    .map(|d| format!("{} (due {})", sanitize_inline(&d.residual_id), d.due))
                    .collect();
                if !overdue.is_empty() {
                    eprintln!(
                        "{name}: {} overdue review(s): {}",
                        overdue.len(),
                        overdue.join(", ")
                    );
                    failed = true;
                }
            }
            FailOn::Conflicts => {}
        }
    }
    // A level gate fails closed on open threats nobody rated (they could hide any level).
    if fail_on.iter().any(|g| matches!(g, FailOn::Level(_))) {
        failed |= super::gate::unrated(file, session, catalog, allow_unrated);
    }
    failed
}

/// `status DIR`: the portfolio as a table, JSON or CSV; the gates apply to every row.
pub fn status_dir(
    catalog: &Catalog,
    dir: &Path,
    json: bool,
    csv: bool,
    gates: super::gate::Gates,
    sort: Option<Column>,
    today: &str,
) -> Result<ExitCode> {
    let mut rows = portfolio::scan(dir, catalog, today);
    if let Some(column) = sort {
        portfolio::sort(&mut rows, column, false);
    }
    let text = if json {
        serde_json::to_string_pretty(&rows)? + "\n"
    } else if csv {
        portfolio::to_csv(&rows)
    } else {
        // Names from the sessions go to a terminal: no control sequences.
        crate::text::sanitize_block(&portfolio::to_table(&rows)).into_owned()
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    let mut failed = rows.iter().any(|r| r.error.is_some());
    for row in &rows {
        if let Some(error) = &row.error {
            eprintln!("{error}");
        }
    }
    let super::gate::Gates {
        fail_on,
        allow_unrated,
    } = gates;
    if !fail_on.is_empty() {
        // The gates of `status FILE`, file by file (same rules, same messages).
        for row in rows.iter().filter(|r| r.error.is_none()) {
            let path = dir.join(&row.path);
            if let Ok(doc) = crate::session::storage::load(&path) {
                failed |= gate(&path, &doc.session, catalog, fail_on, allow_unrated, today);
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
