//! `merge` (a git merge driver) and `git-setup` (which registers it).

use crate::files;
use crate::merge::{Labels, merge};
use crate::session::storage::{self, Document};
use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::{Command, ExitCode};

/// The name of the driver in `.gitattributes` and `git config`.
pub const DRIVER: &str = "maestro";

/// Reads one side; an empty file (git's base of a file added on both branches) is an
/// empty session.
fn load_side(file: &Path) -> Result<Document, String> {
    let text = storage::read_text(file).map_err(|e| e.to_string())?;
    if text.trim().is_empty() {
        return Ok(Document {
            session: Default::default(),
            unknown: Default::default(),
            loaded_version: crate::session::SCHEMA_VERSION,
        });
    }
    storage::parse(file, &text).map_err(|e| e.to_string())
}

/// A label git gave (`%X`, `%Y`); an older git passes the placeholder itself.
fn label(given: Option<String>, fallback: &str) -> String {
    given
        .filter(|l| !l.starts_with('%') && !l.trim().is_empty())
        .unwrap_or_else(|| fallback.to_string())
}

/// Exit 0: merged cleanly; 1: merged with conflicts kept in the session; 2: an input
/// could not be read (nothing written).
pub fn run_merge(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    output: Option<&Path>,
    ours_label: Option<String>,
    theirs_label: Option<String>,
) -> ExitCode {
    let sides = load_side(base)
        .and_then(|b| load_side(ours).map(|o| (b, o)))
        .and_then(|(b, o)| load_side(theirs).map(|t| (b, o, t)));
    let (base_doc, ours_doc, theirs_doc) = match sides {
        Ok(sides) => sides,
        Err(err) => {
            eprintln!("maestro-tm merge: {err}");
            return ExitCode::from(2);
        }
    };
    let labels = Labels {
        ours: label(ours_label, "ours"),
        theirs: label(theirs_label, "theirs"),
        date: crate::analysis::dates::today(),
    };
    let merged = match merge(
        &base_doc.session,
        &ours_doc.session,
        &theirs_doc.session,
        &labels,
    ) {
        Ok(m) => m,
        Err(err) => {
            eprintln!("maestro-tm merge: {err}");
            return ExitCode::from(2);
        }
    };
    // Keys this build does not know come from our side.
    let text = storage::to_text(&merged.session, &ours_doc.unknown);
    let target = output.unwrap_or(ours);
    if let Err(err) = storage::write_atomic(target, text.as_bytes()) {
        eprintln!("maestro-tm merge: {err}");
        return ExitCode::from(2);
    }
    for r in &merged.renumbered {
        eprintln!(
            "maestro-tm merge: {} {} of {} renumbered {} (both sides added {})",
            r.section, r.old, labels.theirs, r.new, r.old
        );
    }
    if merged.is_clean() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "maestro-tm merge: {}: {} conflict(s) kept in the session; resolve them in maestro-tm (`maestro-tm validate` lists them)",
            target.display(),
            merged.new_conflicts
        );
        ExitCode::from(1)
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .context("cannot run git")?;
    if !out.status.success() {
        bail!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The `git config` settings of the driver, as (key, value).
pub fn driver_config(command: &str) -> [(String, String); 2] {
    [
        (
            format!("merge.{DRIVER}.name"),
            "maestro-tm three-way merge of threat-model sessions".to_string(),
        ),
        (
            format!("merge.{DRIVER}.driver"),
            format!("{command} merge %O %A %B --ours-label %X --theirs-label %Y"),
        ),
    ]
}

/// Largest `.gitattributes` read (a real one is a few KiB).
const ATTRIBUTES_LIMIT: u64 = 1024 * 1024;

/// Writes the `.gitattributes` lines (once) and the driver into the repository's config.
pub fn git_setup(dir: &Path, patterns: &[String], command: &str) -> Result<ExitCode> {
    let root = git(dir, &["rev-parse", "--show-toplevel"])
        .with_context(|| format!("{} is not inside a git repository", dir.display()))?;
    let root = Path::new(&root);
    for (key, value) in driver_config(command) {
        git(root, &["config", &key, &value])?;
        println!("git config {key} '{value}'");
    }
    let attributes = root.join(".gitattributes");
    let mut text = match files::read_text(&attributes, ATTRIBUTES_LIMIT, ".gitattributes files") {
        Ok(Ok(t)) => t,
        Ok(Err((_, offset))) => bail!(
            "{}: not UTF-8 text (byte {offset}); left untouched",
            attributes.display()
        ),
        Err(e) if e.is_not_found() => String::new(),
        Err(e) => return Err(e).context("cannot read .gitattributes"),
    };
    let mut added = Vec::new();
    for pattern in patterns {
        let line = format!("{pattern} merge={DRIVER}");
        if text.lines().any(|l| l.trim() == line) {
            continue;
        }
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&line);
        text.push('\n');
        added.push(line);
    }
    if !added.is_empty() {
        // Atomic like every write, but readable by all: it is a shared file of the
        // repository, not a session.
        files::write_atomic_shared(&attributes, text.as_bytes())
            .with_context(|| format!("cannot write {}", attributes.display()))?;
    }
    for line in &added {
        println!("{}: {line}", attributes.display());
    }
    Ok(ExitCode::SUCCESS)
}
