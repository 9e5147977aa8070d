//! `export`, `import`, `diff`, `completions` and `man`.

use super::args::{Cli, DiffFormat, ExportFormat};
use super::commands::load_checked;
use crate::analysis::dates::today;
use crate::catalog::Catalog;
use crate::interchange::otm;
use crate::session::storage::{self, Document};
use crate::session::{SCHEMA_VERSION, Session, validate};
use anyhow::Result;
use clap::CommandFactory;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

fn print_problems(lines: &[String]) -> ExitCode {
    for line in lines {
        eprintln!("{}", crate::text::sanitize_inline(line));
    }
    super::exit::error()
}

pub fn export(
    catalog: &Catalog,
    file: &Path,
    format: ExportFormat,
    output: Option<&Path>,
    yaml: bool,
    force: bool,
) -> Result<ExitCode> {
    let doc = match load_checked(catalog, file) {
        Ok(doc) => doc,
        Err(lines) => return Ok(print_problems(&lines)),
    };
    debug_assert_eq!(
        format,
        ExportFormat::Otm,
        "diagram formats go to cli::diagram"
    );
    let yaml = yaml
        || output
            .and_then(|o| o.extension())
            .is_some_and(|e| e == "yaml" || e == "yml");
    // With the data an import kept put back (see `otm::lossless`), in OTM's key order.
    let document = otm::export_document(&doc.session, catalog);
    let otm = otm::Ordered(&document);
    let text = if yaml {
        let text = otm::to_yaml(&otm);
        // YAML has no escape for a plain scalar: a document holding control, bidi or
        // invisible characters is written in JSON form (valid YAML 1.2, same value),
        // where they are `\uXXXX` escapes.
        if text.chars().any(|c| {
            (c.is_control() && c != '\n')
                || crate::text::is_bidi_control(c)
                || crate::text::is_invisible(c)
        }) {
            crate::text::json_visible(otm::to_json(&otm))
        } else {
            text
        }
    } else {
        crate::text::json_visible(otm::to_json(&otm))
    };
    match output {
        Some(out) => {
            crate::files::write_output(out, text.as_bytes(), force, &[file])?;
            if !crate::files::is_std(out) {
                super::output::info(&format!("exported {} to {}", file.display(), out.display()));
            }
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn import(
    catalog: &Catalog,
    otm_file: &Path,
    output: &Path,
    force: bool,
    strict: bool,
) -> Result<ExitCode> {
    crate::files::output::check_output(output, force, &[otm_file])?;
    let bytes = crate::files::read_bytes(otm_file, crate::limits::MAX_OTM_BYTES, "OTM documents")?;
    if bytes.len() as u64 > crate::limits::MAX_OTM_YAML_BYTES
        && otm::Syntax::detect(Some(otm_file), &String::from_utf8_lossy(&bytes[..64]))
            == otm::Syntax::Yaml
    {
        eprintln!(
            "{}: refused: larger than the {} limit for OTM documents in YAML (JSON may be \
             up to {})",
            crate::text::sanitize_inline(&otm_file.display().to_string()),
            crate::files::human_bytes(crate::limits::MAX_OTM_YAML_BYTES),
            crate::files::human_bytes(crate::limits::MAX_OTM_BYTES)
        );
        return Ok(super::exit::error());
    }
    let Ok(text) = String::from_utf8(bytes) else {
        eprintln!(
            "{}: error: file is not valid UTF-8",
            crate::text::sanitize_inline(&otm_file.display().to_string())
        );
        return Ok(super::exit::error());
    };
    let defaults = otm::ImportDefaults {
        catalog_version: catalog.meta.version.clone(),
        today: today(),
    };
    let session = match otm::read_imported(&text, Some(otm_file), &defaults) {
        Ok(imported) => {
            let file = otm_file.display();
            for warning in &imported.warnings {
                eprintln!(
                    "{}",
                    crate::text::sanitize_inline(&format!("{file}: warning: {warning}"))
                );
            }
            // Each item the session cannot keep is named; `--strict` refuses the file.
            let level = if strict { "error" } else { "warning" };
            for lost in &imported.lost {
                let line = format!("{file}: {level}: {lost} (not kept)");
                eprintln!("{}", crate::text::sanitize_inline(&line));
            }
            if strict && !imported.lost.is_empty() {
                eprintln!(
                    "{}",
                    crate::text::sanitize_inline(&format!(
                        "{file}: error: --strict: {} item(s) would not be kept; nothing written",
                        imported.lost.len()
                    ))
                );
                return Ok(super::exit::error());
            }
            imported.session
        }
        Err(err) => {
            let message = format!("{}: error: {err}", otm_file.display());
            eprintln!("{}", crate::text::sanitize_inline(&message));
            return Ok(super::exit::error());
        }
    };
    let doc = Document {
        session,
        unknown: Default::default(),
        loaded_version: SCHEMA_VERSION,
    };
    let saved = storage::to_text(&doc.session, &doc.unknown);
    crate::files::write_output(output, saved.as_bytes(), force, &[otm_file])?;
    let session = &doc.session;
    let unplaced = session
        .components
        .iter()
        .filter(|c| c.layers.is_empty())
        .count();
    let summary = format!(
        "imported {} into {}: {} components ({unplaced} unplaced), {} trust zones, {} data flows, {} assets, {} threats, {} mitigations",
        otm_file.display(),
        output.display(),
        session.components.len(),
        session.zones.len(),
        session.flows.len(),
        session.assets.len(),
        session.threats.len(),
        session.mitigations.len(),
    );
    let kept = kept_fields(session);
    let summary = if kept == 0 {
        summary
    } else {
        format!("{summary}; {kept} OTM fields kept as they were, for `export otm`")
    };
    // With `-o -` the session itself is on standard output.
    if super::output::quiet() {
    } else if crate::files::is_std(output) {
        eprintln!("{}", crate::text::sanitize_inline(&summary));
    } else {
        println!("{}", crate::text::sanitize_inline(&summary));
    }
    // What the session still lacks (e.g. another tool's catalog ids) is worth knowing now.
    let locator = crate::spans::Locator::new(&saved);
    for problem in validate::check(session, catalog) {
        eprintln!("warning: {}", problem.locate_with(output, &locator));
    }
    Ok(ExitCode::SUCCESS)
}

/// How many OTM keys the session keeps beyond its own model (see `otm::lossless`).
fn kept_fields(s: &Session) -> usize {
    let records = s
        .zones
        .iter()
        .map(|r| &r.otm)
        .chain(s.components.iter().map(|r| &r.otm))
        .chain(s.flows.iter().map(|r| &r.otm))
        .chain(s.assets.iter().map(|r| &r.otm))
        .chain(s.threats.iter().map(|r| &r.otm))
        .chain(s.mitigations.iter().map(|r| &r.otm))
        .chain([&s.otm.document, &s.otm.project]);
    records.map(|e| e.kept.len()).sum()
}

/// Loads one side of a diff; an empty file is an empty session (for `git difftool`
/// on added or deleted files).
fn load_side(file: &Path) -> Result<Session, String> {
    let text = storage::read_text(file).map_err(|e| e.to_string())?;
    if text.trim().is_empty() {
        return Ok(Session::default());
    }
    storage::parse(file, &text)
        .map(|doc| doc.session)
        .map_err(|e| e.to_string())
}

pub fn diff(
    catalog: &Catalog,
    old: &Path,
    new: &Path,
    format: DiffFormat,
    exit_code: bool,
) -> ExitCode {
    let sides = load_side(old).and_then(|o| load_side(new).map(|n| (o, n)));
    let (old_session, new_session) = match sides {
        Ok(sides) => sides,
        Err(err) => {
            eprintln!("{}", crate::text::sanitize_inline(&err));
            return ExitCode::from(2);
        }
    };
    let delta = crate::diff::diff(&old_session, &new_session, catalog);
    let label = |s: &Session, file: &Path| {
        if s.session.version.is_empty() {
            file.display().to_string()
        } else {
            format!("{} v{}", file.display(), s.session.version)
        }
    };
    let text = match format {
        // Names from the sessions go to a terminal: no control sequences.
        DiffFormat::Text => super::output::paint_diff(
            &crate::text::sanitize_block(&crate::diff::to_text(&delta)),
            super::output::stdout_color(),
        ),
        DiffFormat::Markdown => crate::text::sanitize_block(&crate::diff::to_markdown(
            &delta,
            &label(&old_session, old),
            &label(&new_session, new),
        ))
        .into_owned(),
        DiffFormat::Json => match serde_json::to_string_pretty(&delta) {
            Ok(json) => crate::text::json_visible(json + "\n"),
            Err(err) => {
                eprintln!("maestro-tm: error: {err}");
                return ExitCode::from(2);
            }
        },
    };
    let written = std::io::stdout().lock().write_all(text.as_bytes());
    if let Err(err) = written
        && err.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("maestro-tm: error: {err}");
        return ExitCode::from(2);
    }
    if exit_code && !delta.is_empty() {
        super::exit::check_failed()
    } else {
        ExitCode::SUCCESS
    }
}

pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "maestro-tm", &mut out);
    if shell == clap_complete::Shell::Bash {
        // clap_complete's bash script names a hyphenated binary's states two ways
        // (`maestro__tm__subcmd__report` when set, `maestro__subcmd__tm__subcmd__report`
        // in the `case`), so nothing after the subcommand completes; use one spelling.
        let text = String::from_utf8_lossy(&out).replace("maestro__subcmd__tm", "maestro__tm");
        out = text.into_bytes();
    }
    std::io::stdout().lock().write_all(&out)?;
    Ok(ExitCode::SUCCESS)
}

pub fn man() -> Result<ExitCode> {
    let out = super::man::render()?;
    std::io::stdout().lock().write_all(&out)?;
    Ok(ExitCode::SUCCESS)
}
