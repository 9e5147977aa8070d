//! Command-line arguments (clap derive).

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Guided threat modeling of agentic AI systems with the OWASP MAESTRO method.
///
/// Run with a session file to open it in the full-screen interface, or use a
/// subcommand for scripting. Sessions are TOML files meant to live in git.
#[derive(Debug, Parser)]
#[command(
    name = "maestro-tm",
    version,
    about,
    long_about,
    propagate_version = true,
    after_help = super::help::TOP
)]
pub struct Cli {
    /// Extra catalog directory whose TOML files add to or override the embedded
    /// catalog (repeatable; applied after the user's config directory).
    #[arg(long = "catalog", value_name = "DIR", global = true)]
    pub catalog_dirs: Vec<PathBuf>,

    /// Ignore catalog overrides in the user's config directory.
    #[arg(long, global = true)]
    pub no_user_catalog: bool,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// Colour theme of the full-screen interface (dark, light, high-contrast, monochrome).
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,

    /// When to colour: auto (a terminal without NO_COLOR), always or never; for the
    /// full-screen interface also its depth: 16, 256, truecolor or none (default:
    /// detected; 16 when unsure).
    #[arg(long, value_name = "WHEN", global = true, ignore_case = true,
          value_parser = clap::builder::PossibleValuesParser::new(super::output::COLOR_VALUES))]
    pub color: Option<String>,

    /// Print only errors and the output asked for (no `wrote …`, `FILE: ok`, warnings).
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also print what was read and decided (catalog overrides, counts).
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,

    /// Let the mouse click tabs and rows (breaks text selection over SSH).
    #[arg(long)]
    pub mouse: bool,

    /// Session file to open in the full-screen interface.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new, empty session file.
    #[command(after_help = super::help::NEW)]
    New {
        file: PathBuf,
        /// Title of the session (defaults to the file name).
        #[arg(long)]
        title: Option<String>,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Check session files: syntax, schema, references and catalog IDs.
    ///
    /// Prints one `FILE:LINE:COL: error: …` line per problem. Exits 0 when every
    /// file is valid, 1 when one has problems, 2 when one cannot be read.
    #[command(after_help = super::help::VALIDATE)]
    Validate {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Print per-phase progress, threat counts by layer and risk level, and the
    /// minimum viable threat model checklist; for a directory, the portfolio.
    ///
    /// Given a directory, prints one row per session file under it (recursive,
    /// respecting .gitignore): system, depth, phases complete, open Critical/High
    /// (inherent and residual), gaps, overdue and soon-due reviews, conflicts, last
    /// modified.
    ///
    /// `--fail-on` makes it a CI gate: exits 1 when an open residual risk (disposition
    /// other than Mitigated or Transferred) is at LEVEL or above, with `overdue` when a
    /// review is overdue, with `conflicts` when merge conflicts are unresolved (any
    /// gate also fails on those). A risk-level gate also fails when an open threat
    /// is not rated (it could hide any level), unless `--allow-unrated`.
    #[command(after_help = super::help::STATUS)]
    Status {
        /// A session file, or a directory of sessions.
        file: PathBuf,
        /// Print JSON instead of text.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Directory only: print CSV instead of a table.
        #[arg(long)]
        csv: bool,
        /// Exit 1 when the gate fails: a risk level (critical, high, …), `overdue` or
        /// `conflicts` (repeatable).
        #[arg(long, value_name = "GATE", ignore_case = true, value_parser = fail_on_gates())]
        fail_on: Vec<FailOn>,
        /// With a `--fail-on` level: let open threats without a rating pass (warned about).
        #[arg(long, requires = "fail_on")]
        allow_unrated: bool,
        /// Directory only: sort rows by this column (path, system, overdue, gaps, crit, …).
        #[arg(long, value_name = "COLUMN", value_parser = parse_column)]
        sort: Option<crate::portfolio::Column>,
        /// The day reviews are counted against, YYYY-MM-DD (default: today, UTC).
        #[arg(long, value_name = "DATE", hide = true)]
        today: Option<String>,
    },
    /// Write the threat model report (phase 10): Markdown (default), HTML, JSON or CSV.
    ///
    /// Prints to standard output unless `-o` is given. CSV holds two tables: pick one
    /// with `--table`, or give `-o DIR` to write threats.csv and mitigations.csv there.
    #[command(after_help = super::help::REPORT)]
    Report {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        /// Output file (a directory for CSV without `--table`; `-`: standard output).
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
        /// CSV only: write this one table.
        #[arg(long, value_enum)]
        table: Option<ReportTable>,
        /// Replace an existing output file (the input session is never replaced).
        #[arg(long)]
        force: bool,
        /// Record today's date as the session's export date (MVTM-10, P10-C1) and save it.
        #[arg(long)]
        mark_exported: bool,
    },
    /// List the embedded MAESTRO catalog.
    #[command(after_help = super::help::CATALOG)]
    Catalog {
        /// Section to list.
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(crate::catalog::Catalog::SECTIONS))]
        section: String,
        /// Only entries on this layer (L1–L7 or CL).
        #[arg(long, value_parser = parse_layer)]
        layer: Option<crate::vocab::Layer>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Rewrite a session in canonical form (fixed key order), keeping unknown keys.
    #[command(after_help = super::help::FMT)]
    Fmt {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Only report files that are not in canonical form (exit 1 if any).
        #[arg(long)]
        check: bool,
    },
    /// Export a session to another tool's format: Open Threat Model (JSON or YAML),
    /// SARIF (`export sarif`), tracker issues (`export issues`), or its diagrams
    /// (layer map, data flows) as Mermaid, DOT or SVG (`--format`).
    ///
    /// Refuses a session that does not validate. MAESTRO data (layers, ASI ids,
    /// factors, ratings, statuses) rides in each element's `attributes.maestro`, so
    /// `import` gives the same session back.
    #[command(
        after_help = super::help::EXPORT,
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true
    )]
    Export {
        /// `sarif` or `issues` (without one: Open Threat Model).
        #[command(subcommand)]
        target: Option<super::exports::ExportTarget>,
        /// Session file (`-`: standard input).
        #[arg(required = true)]
        file: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Otm)]
        format: ExportFormat,
        /// Output file (standard output when omitted).
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Write YAML instead of JSON (also chosen by a `.yaml`/`.yml` output name).
        #[arg(long)]
        yaml: bool,
        /// Replace an existing output file (the input session is never replaced).
        #[arg(long)]
        force: bool,
        /// Diagram formats: which diagram (both, one file each, when omitted).
        #[arg(long, value_enum, value_name = "DIAGRAM")]
        diagram: Option<super::diagram::DiagramChoice>,
        /// Diagram formats: colour boxes by residual instead of inherent level.
        #[arg(long)]
        residual: bool,
    },
    /// Create a session from an Open Threat Model file (JSON or YAML).
    ///
    /// Components from other tools (no MAESTRO data) come in unplaced, without
    /// layers, ready for phase 2.
    #[command(after_help = super::help::IMPORT)]
    Import {
        #[arg(value_name = "OTM_FILE")]
        otm_file: PathBuf,
        /// Session file to create.
        #[arg(short, long, value_name = "SESSION.toml")]
        output: PathBuf,
        /// Overwrite an existing session file.
        #[arg(long)]
        force: bool,
        /// Refuse the file (exit 2, nothing written) when it holds anything the
        /// session cannot keep, instead of naming each such item in a warning.
        #[arg(long)]
        strict: bool,
    },
    /// Show what changed between two versions of a session.
    ///
    /// Threats added, removed or renamed, inherent and residual risk moves,
    /// mitigation status changes, components added or moved between layers, phase
    /// status changes, and other records by kind. Exits 0 (with `--exit-code`: 0 when
    /// the sessions are equal, 1 when they differ), 2 on errors. An empty file (such
    /// as /dev/null) reads as an empty session.
    #[command(after_help = super::help::DIFF)]
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// Exit 1 when the sessions differ (like `git diff --exit-code`).
        #[arg(long)]
        exit_code: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
    /// Three-way merge of a session: usable as a git merge driver (see `git-setup`).
    ///
    /// Merges records and fields by id; a field changed both ways becomes a conflict
    /// record inside the session (resolved in the full-screen interface), never text
    /// markers. Records added on both sides under one id are both kept, theirs
    /// renumbered with its references. Writes the result over OURS unless `-o` is
    /// given. Exits 0 when clean, 1 with conflicts, 2 when an input cannot be read.
    #[command(after_help = super::help::MERGE)]
    Merge {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        /// Write the result here instead of over OURS.
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
        /// Who or which branch made our side (git's %X).
        #[arg(long, value_name = "NAME")]
        ours_label: Option<String>,
        /// Who or which branch made their side (git's %Y).
        #[arg(long, value_name = "NAME")]
        theirs_label: Option<String>,
    },
    /// Register `maestro-tm merge` as the git merge driver of session files.
    ///
    /// Adds `PATTERN merge=maestro` to the repository's .gitattributes and the
    /// `merge.maestro.*` settings to its git config.
    #[command(after_help = super::help::GIT_SETUP)]
    GitSetup {
        /// A directory inside the repository.
        #[arg(long, value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// File pattern of the sessions (repeatable).
        #[arg(long = "pattern", value_name = "GLOB", default_values_t = ["*.maestro.toml".to_string()])]
        patterns: Vec<String>,
        /// How git runs maestro-tm (a path when it is not on PATH).
        #[arg(long, value_name = "CMD", default_value = "maestro-tm")]
        command: String,
    },
    /// Read a source tree and propose components, data flows and facts (offline).
    ///
    /// Every proposal shows the file and line that caused it. Prints a table, or the
    /// JSON document of `schemas/discover.schema.json` with `--json`. With `--session`,
    /// shows drift against the session's last review; `--apply` writes the proposals
    /// into the session; `--check` exits 1 when the tree has architecture the session
    /// does not know (a CI gate).
    #[command(after_help = super::help::DISCOVER)]
    Discover {
        #[arg(value_name = "PATH")]
        path: PathBuf,
        /// Session file to compare with or apply to.
        #[arg(long, value_name = "FILE")]
        session: Option<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Add the proposals to the session as components and flows (with evidence).
        #[arg(long, requires = "session")]
        apply: bool,
        /// Exit 1 when components appear that the session does not know.
        #[arg(long, requires = "session", conflicts_with = "apply")]
        check: bool,
    },
    /// Print a shell completion script (e.g. `maestro-tm completions bash`).
    #[command(after_help = super::help::COMPLETIONS)]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) built from this command line's definition.
    #[command(after_help = super::help::MAN)]
    Man,
}

/// Formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Open Threat Model 0.2.0.
    Otm,
    /// Diagrams as Mermaid flowcharts.
    Mermaid,
    /// Diagrams as Graphviz DOT.
    Dot,
    /// Diagrams as SVG pictures.
    Svg,
}

/// Formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    #[value(name = "md")]
    Markdown,
    Json,
}

/// Formats of `maestro-tm report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Html,
    Json,
    Csv,
}

/// The CSV tables of `maestro-tm report --format csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportTable {
    Threats,
    Mitigations,
}

fn parse_risk_level(text: &str) -> Result<crate::vocab::RiskLevel, String> {
    crate::vocab::RiskLevel::parse(text).ok_or_else(|| {
        format!("unknown risk level `{text}`; expected critical, high, medium or low")
    })
}

/// The gates of `--fail-on`, listed so that shells complete them.
fn fail_on_gates() -> impl clap::builder::TypedValueParser<Value = FailOn> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new([
        "critical",
        "high",
        "medium",
        "low",
        "overdue",
        "conflicts",
    ])
    .map(|text| parse_fail_on(&text).expect("every listed gate parses"))
}

/// A gate of `status --fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Level(crate::vocab::RiskLevel),
    Overdue,
    Conflicts,
}

fn parse_fail_on(text: &str) -> Result<FailOn, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "overdue" => Ok(FailOn::Overdue),
        "conflicts" => Ok(FailOn::Conflicts),
        _ => parse_risk_level(text).map(FailOn::Level).map_err(|_| {
            format!(
                "unknown gate `{text}`; expected critical, high, medium, low, overdue or conflicts"
            )
        }),
    }
}

fn parse_column(text: &str) -> Result<crate::portfolio::Column, String> {
    crate::portfolio::Column::parse(text).ok_or_else(|| {
        let names: Vec<String> = crate::portfolio::Column::ALL
            .iter()
            .map(|c| c.header().replace(' ', "-"))
            .collect();
        format!(
            "unknown column `{text}`; expected one of: {}",
            names.join(", ")
        )
    })
}

fn parse_layer(text: &str) -> Result<crate::vocab::Layer, String> {
    crate::vocab::Layer::parse(text)
        .ok_or_else(|| format!("unknown layer `{text}`; expected L1–L7 or CL"))
}
