//! The end of each subcommand's `--help`: two or three examples, and the exit codes.

/// After the top-level help (also the man page's extra section).
pub const TOP: &str = "\
Examples:
  maestro-tm sessions/model.toml                 open a session full-screen
  maestro-tm validate sessions/*.toml            check every session
  maestro-tm status model.toml --fail-on high    CI gate

Exit status: 0 success; 1 a check failed (validate found problems, status --fail-on
tripped, fmt --check found a file to rewrite, diff --exit-code found differences);
2 usage, I/O or parse error.";

pub const NEW: &str = "\
Examples:
  maestro-tm new model.toml --title 'Support agents'
  maestro-tm new model.toml --force              replace an existing file";

pub const VALIDATE: &str = "\
Examples:
  maestro-tm validate model.toml
  maestro-tm validate sessions/*.toml            one FILE:LINE:COL line per problem";

pub const STATUS: &str = "\
Examples:
  maestro-tm status model.toml
  maestro-tm status model.toml --json | jq .
  maestro-tm status model.toml --fail-on high --allow-unrated";

pub const REPORT: &str = "\
Examples:
  maestro-tm report model.toml > report.md
  maestro-tm report model.toml --format html -o report.html
  maestro-tm report model.toml --format csv -o tables/";

pub const CATALOG: &str = "\
Examples:
  maestro-tm catalog threats --layer L3
  maestro-tm catalog mitigations --json";

pub const FMT: &str = "\
Examples:
  maestro-tm fmt model.toml
  maestro-tm fmt --check sessions/*.toml         exit 1 if a file would change";

pub const EXPORT: &str = "\
Examples:
  maestro-tm export model.toml -o model.otm.json
  maestro-tm export sarif model.toml -o maestro.sarif
  maestro-tm export issues model.toml --format github -o issues.json";

pub const IMPORT: &str = "\
Examples:
  maestro-tm import iriusrisk.otm.json -o model.toml
  maestro-tm import design.otm.yaml -o model.toml --force";

pub const DIFF: &str = "\
Examples:
  maestro-tm diff old.toml new.toml
  maestro-tm diff old.toml new.toml --format md > pr-comment.md
  maestro-tm diff old.toml new.toml --exit-code || echo changed";

pub const COMPLETIONS: &str = "\
Examples:
  maestro-tm completions bash > ~/.local/share/bash-completion/completions/maestro-tm
  maestro-tm completions zsh > ~/.zfunc/_maestro-tm
  maestro-tm completions fish > ~/.config/fish/completions/maestro-tm.fish";

pub const MAN: &str = "\
Examples:
  maestro-tm man > maestro-tm.1
  maestro-tm man | man -l -";

pub const MERGE: &str = "\
Examples:
  maestro-tm merge base.toml ours.toml theirs.toml
  maestro-tm merge base.toml ours.toml theirs.toml -o merged.toml";

pub const GIT_SETUP: &str = "\
Examples:
  maestro-tm git-setup
  maestro-tm git-setup --pattern 'sessions/*.toml'";

pub const DISCOVER: &str = "\
Examples:
  maestro-tm discover . --json > proposals.json
  maestro-tm discover src --session model.toml --check
  maestro-tm discover . --session model.toml --apply";

pub const EXPORT_SARIF: &str = "\
Examples:
  maestro-tm export sarif model.toml -o maestro.sarif
  maestro-tm export sarif - < model.toml | jq '.runs[0].results | length'

Upload to GitHub code scanning with github/codeql-action/upload-sarif (see README).";

pub const EXPORT_ISSUES: &str = "\
Examples:
  maestro-tm export issues model.toml --format github -o issues.json
  maestro-tm export issues model.toml --format jira-csv -o jira.csv
  maestro-tm export issues model.toml --format gitlab > gitlab.csv";
