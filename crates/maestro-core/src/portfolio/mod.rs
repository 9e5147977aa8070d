//! The portfolio: one row per session file under a directory (recursive, respecting
//! .gitignore), for an organisation that keeps many threat models in git.
//!
//! A file is a session when it is `*.toml` with a `schema_version` key at the top level;
//! other TOML files (Cargo.toml, configs) are left out. A session that does not load is
//! a row with its error, so a broken file is seen, not skipped.

use crate::analysis::{dates, gaps, reviews};
use crate::catalog::Catalog;
use crate::report::open_residual_at_or_above;
use crate::risk;
use crate::session::{Session, storage};
use crate::vocab::{PhaseStatus, RiskLevel};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One session of the portfolio.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Row {
    /// Path relative to the portfolio directory.
    pub path: String,
    /// The application of phase 1, else the session title.
    pub system: String,
    pub depth: String,
    /// Phases marked Complete (of 10).
    pub phases_complete: usize,
    /// Open threats (disposition other than Mitigated / Transferred) at Critical and at
    /// High inherent risk.
    pub inherent_critical: usize,
    pub inherent_high: usize,
    /// The same by residual risk.
    pub residual_critical: usize,
    pub residual_high: usize,
    /// Mitigation gaps plus accepted or deferred risks without an owner.
    pub gaps: usize,
    pub overdue_reviews: usize,
    pub soon_reviews: usize,
    /// Unresolved merge conflicts.
    pub conflicts: usize,
    /// File modification day (UTC), YYYY-MM-DD.
    pub modified: String,
    /// Why the file did not load, when it did not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The columns, in table order; each sorts the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Path,
    System,
    Depth,
    Phases,
    InherentCritical,
    InherentHigh,
    ResidualCritical,
    ResidualHigh,
    Gaps,
    Overdue,
    Soon,
    Conflicts,
    Modified,
}

impl Column {
    pub const ALL: &'static [Column] = &[
        Column::Path,
        Column::System,
        Column::Depth,
        Column::Phases,
        Column::InherentCritical,
        Column::InherentHigh,
        Column::ResidualCritical,
        Column::ResidualHigh,
        Column::Gaps,
        Column::Overdue,
        Column::Soon,
        Column::Conflicts,
        Column::Modified,
    ];

    /// Short header of the table and CSV.
    pub fn header(self) -> &'static str {
        match self {
            Column::Path => "path",
            Column::System => "system",
            Column::Depth => "depth",
            Column::Phases => "phases",
            Column::InherentCritical => "crit",
            Column::InherentHigh => "high",
            Column::ResidualCritical => "res crit",
            Column::ResidualHigh => "res high",
            Column::Gaps => "gaps",
            Column::Overdue => "overdue",
            Column::Soon => "due soon",
            Column::Conflicts => "conflicts",
            Column::Modified => "modified",
        }
    }

    /// The cell of `row` in this column.
    pub fn cell(self, row: &Row) -> String {
        match self {
            Column::Path => row.path.clone(),
            Column::System => row.system.clone(),
            Column::Depth => row.depth.clone(),
            Column::Phases => format!("{}/10", row.phases_complete),
            Column::InherentCritical => row.inherent_critical.to_string(),
            Column::InherentHigh => row.inherent_high.to_string(),
            Column::ResidualCritical => row.residual_critical.to_string(),
            Column::ResidualHigh => row.residual_high.to_string(),
            Column::Gaps => row.gaps.to_string(),
            Column::Overdue => row.overdue_reviews.to_string(),
            Column::Soon => row.soon_reviews.to_string(),
            Column::Conflicts => row.conflicts.to_string(),
            Column::Modified => row.modified.clone(),
        }
    }

    /// Parses a column name as the command line takes it (`overdue`, `res-crit`, …).
    pub fn parse(text: &str) -> Option<Column> {
        let wanted = text.trim().to_ascii_lowercase().replace(['-', '_'], " ");
        Column::ALL.iter().copied().find(|c| c.header() == wanted)
    }

    /// Whether the column is a count (sorted highest first).
    pub fn is_count(self) -> bool {
        !matches!(
            self,
            Column::Path | Column::System | Column::Depth | Column::Modified
        )
    }
}

/// Sorts rows by `column`: counts highest first, text A–Z; ties by path.
pub fn sort(rows: &mut [Row], column: Column, reverse: bool) {
    let count = |r: &Row| -> usize {
        match column {
            Column::Phases => r.phases_complete,
            Column::InherentCritical => r.inherent_critical,
            Column::InherentHigh => r.inherent_high,
            Column::ResidualCritical => r.residual_critical,
            Column::ResidualHigh => r.residual_high,
            Column::Gaps => r.gaps,
            Column::Overdue => r.overdue_reviews,
            Column::Soon => r.soon_reviews,
            Column::Conflicts => r.conflicts,
            _ => 0,
        }
    };
    rows.sort_by(|a, b| {
        let order = if column.is_count() {
            count(b).cmp(&count(a))
        } else {
            column
                .cell(a)
                .to_lowercase()
                .cmp(&column.cell(b).to_lowercase())
        };
        let order = if reverse { order.reverse() } else { order };
        order.then_with(|| a.path.cmp(&b.path))
    });
}

/// Whether a TOML text is a session: a top-level `schema_version` key before any table.
fn looks_like_session(text: &str) -> bool {
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with('[') {
            return false;
        }
        if let Some(rest) = line.strip_prefix("schema_version")
            && rest.trim_start().starts_with('=')
        {
            return true;
        }
    }
    false
}

/// Session files under `dir`, sorted (hidden files and .gitignore'd ones left out).
pub fn session_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        // .gitignore counts even outside a git work tree (an exported folder).
        .require_git(false)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(ignore::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

/// The row of one session.
pub fn row_of(session: &Session, catalog: &Catalog, today: &str) -> Row {
    let index = risk::Index::new(session);
    let open = |t: &crate::session::Threat| {
        !matches!(
            index.residual_record(&t.id).and_then(|r| r.disposition),
            Some(crate::vocab::Disposition::Mitigated | crate::vocab::Disposition::Transferred)
        )
    };
    let inherent = |level: RiskLevel| {
        session
            .threats
            .iter()
            .filter(|t| open(t) && risk::inherent(t, catalog) == Some(level))
            .count()
    };
    let residual = open_residual_at_or_above(session, catalog, RiskLevel::High);
    let due = reviews::due_reviews(session, catalog, today);
    let count_due = |state| due.iter().filter(|d| d.state == state).count();
    let system = if session.business.application.trim().is_empty() {
        session.session.title.clone()
    } else {
        session.business.application.clone()
    };
    Row {
        system,
        depth: session
            .engagement
            .depth
            .map_or_else(String::new, |d| d.as_str().to_string()),
        phases_complete: session
            .phases
            .iter()
            .filter(|p| p.status == PhaseStatus::Complete)
            .count(),
        inherent_critical: inherent(RiskLevel::Critical),
        inherent_high: inherent(RiskLevel::High),
        residual_critical: residual
            .iter()
            .filter(|(_, l)| *l == RiskLevel::Critical)
            .count(),
        residual_high: residual
            .iter()
            .filter(|(_, l)| *l == RiskLevel::High)
            .count(),
        gaps: gaps::analyse(session, catalog).total(),
        overdue_reviews: count_due(reviews::DueState::Overdue),
        soon_reviews: count_due(reviews::DueState::DueSoon),
        conflicts: session.conflicts.len(),
        ..Row::default()
    }
}

fn modified_day(path: &Path) -> String {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| jiff::Timestamp::try_from(t).ok())
        .map(|t| jiff::tz::Offset::UTC.to_datetime(t).date().to_string())
        .unwrap_or_default()
}

/// The row of one file, or `None` when it is not a session.
pub fn row_of_file(path: &Path, base: &Path, catalog: &Catalog, today: &str) -> Option<Row> {
    let relative = path
        .strip_prefix(base)
        .unwrap_or(path)
        .display()
        .to_string();
    let text = match storage::read_text(path) {
        Ok(text) => text,
        Err(e) => {
            return Some(Row {
                path: relative,
                modified: modified_day(path),
                error: Some(e.to_string()),
                ..Row::default()
            });
        }
    };
    if !looks_like_session(&text) {
        return None;
    }
    let mut row = match storage::parse(path, &text) {
        Ok(doc) => row_of(&doc.session, catalog, today),
        Err(e) => Row {
            error: Some(e.to_string()),
            ..Row::default()
        },
    };
    row.path = relative;
    row.modified = modified_day(path);
    Some(row)
}

/// The portfolio of `dir`, rows by path; files are read on all cores.
pub fn scan(dir: &Path, catalog: &Catalog, today: &str) -> Vec<Row> {
    let files = session_files(dir);
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8)
        .min(files.len().max(1));
    let chunk = files.len().div_ceil(workers).max(1);
    let mut rows: Vec<Row> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .filter_map(|f| row_of_file(f, dir, catalog, today))
                        .collect::<Vec<Row>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    sort(&mut rows, Column::Path, false);
    rows
}

/// The rows as an aligned text table (a header line, then one line per session).
pub fn to_table(rows: &[Row]) -> String {
    let mut lines: Vec<Vec<String>> =
        vec![Column::ALL.iter().map(|c| c.header().to_string()).collect()];
    for row in rows {
        let mut cells: Vec<String> = Column::ALL.iter().map(|c| c.cell(row)).collect();
        if let Some(error) = &row.error {
            cells = vec![row.path.clone(), format!("error: {error}")];
        }
        lines.push(cells);
    }
    let widths: Vec<usize> = (0..Column::ALL.len())
        .map(|i| {
            lines
                .iter()
                .filter(|l| l.len() == Column::ALL.len())
                .map(|l| l[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for line in lines {
        let text: Vec<String> = line
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let w = if line.len() == Column::ALL.len() {
                    widths[i]
                } else {
                    0
                };
                let col = Column::ALL[i.min(Column::ALL.len() - 1)];
                if col.is_count() && line.len() == Column::ALL.len() {
                    format!("{cell:>w$}")
                } else {
                    format!("{cell:<w$}")
                }
            })
            .collect();
        out.push_str(text.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// The rows as CSV with the table's columns and an `error` column.
pub fn to_csv(rows: &[Row]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = Column::ALL.iter().map(|c| c.header()).collect();
    header.push("error");
    let _ = w.write_record(&header);
    for row in rows {
        let mut cells: Vec<String> = Column::ALL
            .iter()
            .map(|c| match c {
                Column::Phases => row.phases_complete.to_string(),
                _ => c.cell(row),
            })
            .collect();
        cells.push(row.error.clone().unwrap_or_default());
        let _ = w.write_record(&cells);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Today's date, for callers that do not pass one.
pub fn today() -> String {
    dates::today()
}

#[cfg(test)]
mod tests;
