//! `export sarif` and `export issues`: the core's SARIF log and tracker issues, written
//! to a file or standard output (`-` reads the session from standard input).

use super::commands::{load_checked, load_checked_text};
use crate::catalog::Catalog;
use crate::report::{sarif, tracker};
use anyhow::Result;
use clap::Subcommand;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The exports that are subcommands of `export` (`export FILE` alone is OTM).
#[derive(Debug, Subcommand)]
pub enum ExportTarget {
    /// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
    ///
    /// One result per open threat (residual risk open or not rated) and per
    /// defense-in-depth gap; rules from the catalog (ASI or extended id, description,
    /// layer/STRIDE/OWASP/ATLAS/CWE tags); levels from risk (Critical/High error,
    /// Medium and unrated warning, Low note). Results point at the phase 8 evidence
    /// (file:line under the source root), else at the threat in the session file.
    /// Accepted risks and acknowledged gaps come as suppressed results.
    #[command(after_help = super::help::EXPORT_SARIF)]
    Sarif {
        /// Session file (`-`: standard input).
        file: PathBuf,
        /// Output file (standard output when omitted or `-`).
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Replace an existing output file (the input session is never replaced).
        #[arg(long)]
        force: bool,
    },
    /// Issues for a tracker: one per open mitigation task of the roadmap.
    ///
    /// The analyst's roadmap items that are not Complete, then proposed tasks for rated
    /// threats no item covers. Each issue has a title, a body with its threats,
    /// mitigations and phase 8 evidence, labels and priority from risk, a due date from
    /// the horizon, and a stable external id (`maestro-tm/<model>/<record>`) so a
    /// re-export updates the issue instead of duplicating it.
    #[command(after_help = super::help::EXPORT_ISSUES)]
    Issues {
        /// Session file (`-`: standard input).
        file: PathBuf,
        /// The tracker: a JSON list for `gh issue create`, Jira's CSV importer, or
        /// GitLab's CSV import.
        #[arg(long, value_enum)]
        format: TrackerFormat,
        /// Output file (standard output when omitted or `-`).
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Replace an existing output file (the input session is never replaced).
        #[arg(long)]
        force: bool,
    },
}

/// Formats of `export issues`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TrackerFormat {
    /// JSON list of {external_id, title, body, labels, priority, due_date}.
    Github,
    /// Jira's CSV importer (Summary, Issue Type, Priority, Due Date, Labels, Description).
    JiraCsv,
    /// GitLab's issue CSV import (title, description, due_date; labels as /label).
    Gitlab,
}

impl From<TrackerFormat> for tracker::Tracker {
    fn from(format: TrackerFormat) -> Self {
        match format {
            TrackerFormat::Github => tracker::Tracker::Github,
            TrackerFormat::JiraCsv => tracker::Tracker::JiraCsv,
            TrackerFormat::Gitlab => tracker::Tracker::Gitlab,
        }
    }
}

pub fn run(catalog: &Catalog, target: &ExportTarget) -> Result<ExitCode> {
    match target {
        ExportTarget::Sarif {
            file,
            output,
            force,
        } => export_sarif(catalog, file, output.as_deref(), *force),
        ExportTarget::Issues {
            file,
            format,
            output,
            force,
        } => export_issues(catalog, file, *format, output.as_deref(), *force),
    }
}

fn print_problems(lines: &[String]) -> ExitCode {
    for line in lines {
        super::output::error_line(&crate::text::sanitize_inline(line));
    }
    super::exit::error()
}

fn export_sarif(
    catalog: &Catalog,
    file: &Path,
    output: Option<&Path>,
    force: bool,
) -> Result<ExitCode> {
    // The text too: results without code evidence point at the threat's line in it.
    let (doc, text) = match load_checked_text(catalog, file) {
        Ok(loaded) => loaded,
        Err(lines) => return Ok(print_problems(&lines)),
    };
    let report = crate::report::build_data(&doc.session, catalog);
    let path = file.to_string_lossy();
    let source = (!crate::files::is_std(file)).then_some(sarif::SessionSource {
        path: &path,
        text: &text,
    });
    let json = sarif::to_sarif_json(&report, &doc.session, catalog, source);
    let results = count_results(&json);
    write(file, output, force, json.as_bytes())?;
    super::output::verbose(&format!("{results} SARIF results"));
    Ok(ExitCode::SUCCESS)
}

fn count_results(json: &str) -> usize {
    serde_json::from_str::<serde_json::Value>(json)
        .ok()
        .and_then(|v| v["runs"][0]["results"].as_array().map(Vec::len))
        .unwrap_or(0)
}

fn export_issues(
    catalog: &Catalog,
    file: &Path,
    format: TrackerFormat,
    output: Option<&Path>,
    force: bool,
) -> Result<ExitCode> {
    let doc = match load_checked(catalog, file) {
        Ok(doc) => doc,
        Err(lines) => return Ok(print_problems(&lines)),
    };
    let report = crate::report::build_data(&doc.session, catalog);
    let issues = tracker::issues(&doc.session, catalog, &report);
    let text = tracker::render(&report, &issues, format.into());
    write(file, output, force, text.as_bytes())?;
    let proposed = issues.iter().filter(|i| i.proposed).count();
    super::output::verbose(&format!(
        "{} issues ({} from the roadmap, {proposed} proposed)",
        issues.len(),
        issues.len() - proposed
    ));
    Ok(ExitCode::SUCCESS)
}

fn write(input: &Path, output: Option<&Path>, force: bool, bytes: &[u8]) -> Result<()> {
    match output {
        Some(out) if !crate::files::is_std(out) => {
            crate::files::write_output(out, bytes, force, &[input])?;
            super::output::info(&format!(
                "exported {} to {}",
                input.display(),
                out.display()
            ));
        }
        _ => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            lock.write_all(bytes)?;
            lock.flush()?;
        }
    }
    Ok(())
}
