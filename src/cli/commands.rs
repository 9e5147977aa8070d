//! The headless subcommands.

use super::args::{Cli, Command, ReportFormat, ReportTable};
use crate::analysis::dates::today;
use crate::catalog::Catalog;
use crate::session::storage::{self, Document, StorageError};
use crate::session::{Session, validate};
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn dispatch(cli: Cli) -> Result<ExitCode> {
    // Commands that must not fail on a broken catalog, or need none.
    match &cli.command {
        Some(Command::Completions { shell }) => return super::interchange::completions(*shell),
        Some(Command::Man) => return super::interchange::man(),
        Some(Command::Merge {
            base,
            ours,
            theirs,
            output,
            ours_label,
            theirs_label,
        }) => {
            return Ok(super::gitmerge::run_merge(
                base,
                ours,
                theirs,
                output.as_deref(),
                ours_label.clone(),
                theirs_label.clone(),
            ));
        }
        Some(Command::GitSetup {
            dir,
            patterns,
            command,
        }) => return super::gitmerge::git_setup(dir, patterns, command),
        Some(Command::Diff {
            old,
            new,
            format,
            exit_code,
        }) => {
            return Ok(match load_catalog(&cli) {
                Ok(catalog) => super::interchange::diff(&catalog, old, new, *format, *exit_code),
                Err(err) => {
                    eprintln!("maestro-tm: error: {err:#}");
                    ExitCode::from(2)
                }
            });
        }
        _ => {}
    }
    let catalog = load_catalog(&cli)?;
    match cli.command {
        Some(Command::New { file, title, force }) => new_session(&catalog, &file, title, force),
        Some(Command::Validate { files }) => Ok(validate_files(&catalog, &files)),
        Some(Command::Status {
            file,
            json,
            csv,
            fail_on,
            allow_unrated,
            sort,
            today,
        }) => {
            let today = today.unwrap_or_else(crate::analysis::dates::today);
            if file.is_dir() {
                super::portfolio::status_dir(
                    &catalog,
                    &file,
                    json,
                    csv,
                    super::gate::Gates {
                        fail_on: &fail_on,
                        allow_unrated,
                    },
                    sort,
                    &today,
                )
            } else {
                status(&catalog, &file, json, &fail_on, allow_unrated, &today)
            }
        }
        Some(Command::Report {
            file,
            format,
            output,
            table,
            force,
            mark_exported,
        }) => {
            let code = report(&catalog, &file, format, output.as_deref(), table, force)?;
            if mark_exported && code == ExitCode::SUCCESS {
                super::mark_exported::mark_exported(&file)?;
            }
            Ok(code)
        }
        Some(Command::Catalog {
            section,
            layer,
            json,
        }) => list_catalog(&catalog, &section, layer, json),
        Some(Command::Fmt { files, check }) => fmt_files(&files, check),
        Some(Command::Export {
            target: Some(target),
            ..
        }) => super::exports::run(&catalog, &target),
        Some(Command::Export {
            target: None,
            file,
            format,
            output,
            force,
            diagram,
            residual,
            ..
        }) if format != super::args::ExportFormat::Otm => {
            let file = file.context("the session file to export is missing")?;
            let choice = super::diagram::Choice {
                format,
                diagram,
                residual,
            };
            super::diagram::export(&catalog, &file, choice, output.as_deref(), force)
        }
        Some(Command::Export {
            file,
            format,
            output,
            yaml,
            force,
            ..
        }) => {
            let file = file.context("the session file to export is missing")?;
            super::interchange::export(&catalog, &file, format, output.as_deref(), yaml, force)
        }
        Some(Command::Import {
            otm_file,
            output,
            force,
            strict,
        }) => super::interchange::import(&catalog, &otm_file, &output, force, strict),
        Some(Command::Discover {
            path,
            session,
            json,
            apply,
            check,
        }) => super::discover::run(&catalog, &path, session.as_deref(), json, apply, check),
        Some(
            Command::Diff { .. }
            | Command::Merge { .. }
            | Command::GitSetup { .. }
            | Command::Completions { .. }
            | Command::Man,
        ) => {
            unreachable!("handled before the catalog is loaded")
        }
        None => crate::tui::run(crate::tui::Options {
            file: cli.file,
            theme: cli.theme,
            color: super::output::tui_color(cli.color.as_deref(), &|k| std::env::var(k).ok()),
            mouse: cli.mouse,
            catalog,
        }),
    }
}

/// Override directories: the user's config dir (unless disabled), then `--catalog` flags.
fn catalog_dirs(cli: &Cli) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if !cli.no_user_catalog
        && let Some(project) = directories::ProjectDirs::from("org", "maestro-tm", "maestro-tm")
    {
        dirs.push(project.config_dir().join("catalog"));
    }
    dirs.extend(cli.catalog_dirs.iter().cloned());
    dirs
}

fn load_catalog(cli: &Cli) -> Result<Catalog> {
    for dir in &cli.catalog_dirs {
        if !dir.is_dir() {
            bail!("catalog directory {} does not exist", dir.display());
        }
    }
    let catalog = Catalog::load(&catalog_dirs(cli))?;
    super::output::verbose(&format!(
        "catalog {} ({} threats); overrides: {}",
        catalog.meta.version,
        catalog.threats.threats.len(),
        if catalog.overrides.is_empty() {
            "none".to_string()
        } else {
            let files: Vec<String> = catalog
                .overrides
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            files.join(", ")
        }
    ));
    Ok(catalog)
}

fn new_session(
    catalog: &Catalog,
    file: &Path,
    title: Option<String>,
    force: bool,
) -> Result<ExitCode> {
    if file.exists() && !force {
        bail!(
            "{} already exists; use --force to overwrite it",
            file.display()
        );
    }
    let title = title.unwrap_or_else(|| {
        file.file_stem().map_or_else(
            || "Untitled".to_string(),
            |s| s.to_string_lossy().into_owned(),
        )
    });
    let session = Session::new(title, &catalog.meta.version, &today());
    let doc = Document {
        session,
        unknown: Default::default(),
        loaded_version: crate::session::SCHEMA_VERSION,
    };
    storage::save(file, &doc)?;
    if !super::output::quiet() {
        println!("created {}", file.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Loads a session and checks it against the catalog; problems come back located.
pub fn load_checked(catalog: &Catalog, file: &Path) -> Result<Document, Vec<String>> {
    load_checked_text(catalog, file).map(|(doc, _)| doc)
}

/// [`load_checked`], with the file's text (to locate warnings).
pub(super) fn load_checked_text(
    catalog: &Catalog,
    file: &Path,
) -> Result<(Document, String), Vec<String>> {
    let text = storage::read_text(file).map_err(|e| vec![e.to_string()])?;
    let doc = storage::parse(file, &text).map_err(|e| vec![e.to_string()])?;
    let problems = validate::check(&doc.session, catalog);
    if problems.is_empty() {
        Ok((doc, text))
    } else {
        let locator = crate::spans::Locator::new(&text);
        Err(problems
            .iter()
            .map(|p| p.locate_with(file, &locator).to_string())
            .collect())
    }
}

fn validate_files(catalog: &Catalog, files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    let mut unreadable = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for file in files {
        // A file that cannot be read is an I/O error (exit 2), not an invalid model
        // (`-` is standard input: nothing to look up).
        if file.as_os_str() != "-"
            && let Err(err) = std::fs::metadata(file)
        {
            unreadable = true;
            let name = file.display().to_string();
            let line = format!("{}: error: {err}", crate::text::sanitize_inline(&name));
            let _ = writeln!(out, "{}", super::output::stdout_diagnostic(&line));
            continue;
        }
        match load_checked_text(catalog, file) {
            Ok((doc, text)) => {
                // File names and keys come from outside: shown, never run (M3).
                let name = file.display().to_string();
                let name = crate::text::sanitize_inline(&name);
                let quiet = super::output::quiet();
                for path in doc.unknown.paths().into_iter().filter(|_| !quiet) {
                    let line = format!(
                        "{name}: warning: unknown key `{}` (kept on save)",
                        crate::text::sanitize_id(&path.to_string())
                    );
                    let _ = writeln!(out, "{}", super::output::stdout_diagnostic(&line));
                }
                // Guards a reviewer expects (accepted above the tolerance, Mitigated
                // without an implemented mitigation): warnings, the file still loads.
                let locator = crate::spans::Locator::new(&text);
                for warning in validate::warnings(&doc.session)
                    .into_iter()
                    .chain(crate::analysis::guards::problems(&doc.session, catalog))
                    .filter(|_| !quiet)
                {
                    let at = warning.locate_with(file, &locator);
                    let line = format!(
                        "{name}:{}:{}: warning: {}",
                        at.line,
                        at.column,
                        crate::text::sanitize_inline(&warning.message)
                    );
                    let _ = writeln!(out, "{}", super::output::stdout_diagnostic(&line));
                }
                let conflicts = crate::merge::conflict_problems(&doc.session);
                if !conflicts.is_empty() {
                    // Unresolved merge conflicts: the file loads, but is not done.
                    failed = true;
                    for p in conflicts {
                        let line = p.locate_with(file, &locator).to_string();
                        let line = crate::text::sanitize_inline(&line);
                        let _ = writeln!(out, "{}", super::output::stdout_diagnostic(&line));
                    }
                    continue;
                }
                if !quiet {
                    let line = format!("{name}: ok");
                    let _ = writeln!(out, "{}", super::output::stdout_diagnostic(&line));
                }
            }
            Err(lines) => {
                failed = true;
                for line in lines {
                    let line = crate::text::sanitize_inline(&line);
                    let _ = writeln!(out, "{}", super::output::stdout_diagnostic(&line));
                }
            }
        }
    }
    if unreadable {
        super::exit::error()
    } else if failed {
        super::exit::check_failed()
    } else {
        ExitCode::SUCCESS
    }
}

/// Loads a valid session or prints its problems to stderr.
fn load_or_report(catalog: &Catalog, file: &Path) -> Option<Document> {
    match load_checked(catalog, file) {
        Ok(doc) => Some(doc),
        Err(lines) => {
            for line in lines {
                super::output::error_line(&crate::text::sanitize_inline(&line));
            }
            None
        }
    }
}

fn status(
    catalog: &Catalog,
    file: &Path,
    json: bool,
    fail_on: &[super::args::FailOn],
    allow_unrated: bool,
    today: &str,
) -> Result<ExitCode> {
    let Some(doc) = load_or_report(catalog, file) else {
        return Ok(super::exit::error());
    };
    let report = crate::progress::StatusReport::build(&doc.session, catalog);
    // JSON escapes control characters itself; the text goes straight to a terminal.
    let text = if json {
        crate::text::json_visible(serde_json::to_string_pretty(&report)? + "\n")
    } else {
        crate::text::sanitize_block(
            &(report.to_text() + &super::portfolio::review_lines(&doc.session, catalog, today)),
        )
        .into_owned()
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    let failed = super::portfolio::gate(file, &doc.session, catalog, fail_on, allow_unrated, today);
    Ok(if failed {
        super::exit::check_failed()
    } else {
        ExitCode::SUCCESS
    })
}

fn report(
    catalog: &Catalog,
    file: &Path,
    format: ReportFormat,
    output: Option<&Path>,
    table: Option<ReportTable>,
    force: bool,
) -> Result<ExitCode> {
    use crate::report::{CsvTable, csv_table};
    if table.is_some() && format != ReportFormat::Csv {
        bail!("--table only applies to --format csv");
    }
    // An output that exists (without --force) is refused before the work, not after it:
    // a 50k-threat report takes seconds. (CSV without --table writes into a directory.)
    if let Some(path) = output
        && !(format == ReportFormat::Csv && table.is_none())
    {
        crate::files::check_output(path, force, &[file])?;
    }
    let Some(doc) = load_or_report(catalog, file) else {
        return Ok(super::exit::error());
    };
    // Only Markdown and HTML draw the diagrams.
    let report = match format {
        ReportFormat::Md | ReportFormat::Html => crate::report::build(&doc.session, catalog),
        ReportFormat::Json | ReportFormat::Csv => crate::report::build_data(&doc.session, catalog),
    };
    // The report holds all it shows: the session's memory goes before the text is made.
    drop(doc);
    type Writer = fn(&crate::report::Report, &mut dyn Write) -> std::io::Result<()>;
    let write: Writer = match format {
        ReportFormat::Md => crate::report::write_markdown,
        ReportFormat::Html => crate::report::write_html,
        ReportFormat::Json => crate::report::write_json,
        ReportFormat::Csv => {
            let tables = match table {
                Some(ReportTable::Threats) => vec![CsvTable::Threats],
                Some(ReportTable::Mitigations) => vec![CsvTable::Mitigations],
                None => CsvTable::ALL.to_vec(),
            };
            if table.is_some() {
                let text = csv_table(&report, tables[0]);
                return write_report(output, force, file, |w| w.write_all(text.as_bytes()));
            }
            let Some(dir) = output.filter(|o| !crate::files::is_std(o)) else {
                bail!(
                    "CSV has two tables: choose one with --table threats|mitigations, or give -o DIR for both"
                );
            };
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create directory {}", dir.display()))?;
            for table in tables {
                let path = dir.join(table.file_name());
                let text = csv_table(&report, table);
                crate::files::write_output(&path, text.as_bytes(), force, &[file])?;
                super::output::info(&format!("wrote {}", path.display()));
            }
            return Ok(ExitCode::SUCCESS);
        }
    };
    write_report(output, force, file, |w| write(&report, w))
}

/// Writes a report to `output` (standard output when there is none) as `write` makes it.
fn write_report(
    output: Option<&Path>,
    force: bool,
    input: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<ExitCode> {
    let path = output.unwrap_or(Path::new("-"));
    crate::files::write_output_with(path, force, &[input], write)?;
    if !crate::files::is_std(path) {
        super::output::info(&format!("wrote {}", path.display()));
    }
    Ok(ExitCode::SUCCESS)
}

fn list_catalog(
    catalog: &Catalog,
    section: &str,
    layer: Option<crate::vocab::Layer>,
    json: bool,
) -> Result<ExitCode> {
    let listing = catalog
        .section(section)
        .with_context(|| format!("unknown catalog section `{section}`"))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if json {
        writeln!(
            out,
            "{}",
            crate::text::json_visible(serde_json::to_string_pretty(&listing.to_json(layer))?)
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows = listing.rows(layer);
    let id_width = rows.iter().map(|r| r.id.chars().count()).max().unwrap_or(0);
    let name_width = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(48);
    for row in rows {
        let layers: Vec<&str> = row.layers.iter().map(|l| l.as_str()).collect();
        // Catalog overrides are files: their text is shown, never run (M3).
        let line = format!(
            "{:id_width$}  {:name_width$}  {:14}  {}",
            crate::text::sanitize_id(&row.id),
            crate::text::sanitize_inline(&row.name),
            layers.join(","),
            crate::text::sanitize_inline(&row.detail)
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn fmt_files(files: &[PathBuf], check: bool) -> Result<ExitCode> {
    let mut differs = false;
    for file in files {
        let text = storage::read_text(file)?;
        let doc = storage::parse(file, &text).map_err(StorageError::Invalid)?;
        let canonical = storage::to_text(&doc.session, &doc.unknown);
        if canonical == text {
            continue;
        }
        differs = true;
        if check {
            println!("{}: not in canonical form", file.display());
        } else if crate::files::is_std(file) {
            // `fmt -`: a filter, standard input to standard output.
            std::io::stdout().lock().write_all(canonical.as_bytes())?;
        } else {
            storage::write_atomic(file, canonical.as_bytes())?;
            if !super::output::quiet() {
                println!("formatted {}", file.display());
            }
        }
    }
    Ok(if check && differs {
        super::exit::check_failed()
    } else {
        ExitCode::SUCCESS
    })
}
