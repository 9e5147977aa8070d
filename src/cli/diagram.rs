//! `export --format mermaid|dot|svg`: the session's diagrams as files. A draft that does
//! not validate yet still gets its diagrams (a flow to an unknown component shows a
//! placeholder box); a file that does not parse is an error naming line and column.

use super::args::ExportFormat;
use crate::catalog::Catalog;
use crate::diagram::{self, Basis, Kind};
use crate::session::storage;
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `--diagram`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiagramChoice {
    /// The MAESTRO layer map.
    Layers,
    /// Data flows, trust zones and boundaries.
    Dataflow,
}

/// What to export.
#[derive(Debug, Clone, Copy)]
pub struct Choice {
    pub format: ExportFormat,
    pub diagram: Option<DiagramChoice>,
    pub residual: bool,
}

/// The text of one diagram in one format.
pub fn render(
    session: &crate::session::Session,
    catalog: &Catalog,
    format: ExportFormat,
    kind: Kind,
    basis: Basis,
) -> String {
    let facts = diagram::Facts::gather(session, catalog, basis);
    match format {
        ExportFormat::Mermaid => diagram::mermaid::render(session, &facts, kind),
        ExportFormat::Dot => diagram::dot::render(session, &facts, kind),
        _ => {
            let scene = match kind {
                Kind::Layers => diagram::layer_map::build(session, &facts, diagram::EXPORT_WIDTH),
                Kind::DataFlow => diagram::dataflow::build(session, &facts),
            };
            diagram::svg::render(&scene, true)
        }
    }
}

fn extension(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Mermaid => "mmd",
        ExportFormat::Dot => "dot",
        _ => "svg",
    }
}

/// `model.svg` → `model.layers.svg` and `model.dataflow.svg`.
fn per_diagram(output: &Path, kind: Kind, format: ExportFormat) -> PathBuf {
    let stem = output
        .file_stem()
        .map_or_else(|| "diagram".into(), |s| s.to_string_lossy().into_owned());
    let ext = output.extension().map_or_else(
        || extension(format).to_string(),
        |e| e.to_string_lossy().into_owned(),
    );
    output.with_file_name(format!("{stem}.{}.{ext}", kind.name()))
}

pub fn export(
    catalog: &Catalog,
    file: &Path,
    choice: Choice,
    output: Option<&Path>,
    force: bool,
) -> Result<ExitCode> {
    let kinds: Vec<Kind> = match choice.diagram {
        Some(DiagramChoice::Layers) => vec![Kind::Layers],
        Some(DiagramChoice::Dataflow) => vec![Kind::DataFlow],
        None => Kind::ALL.to_vec(),
    };
    let to_stdout = output.is_none_or(crate::files::is_std);
    if kinds.len() > 1 && to_stdout {
        eprintln!(
            "choose one diagram for standard output: --diagram layers or --diagram dataflow (with -o FILE, both are written, one file each)"
        );
        return Ok(super::exit::error());
    }
    let targets: Vec<(Kind, Option<PathBuf>)> = kinds
        .iter()
        .map(|&kind| {
            let path = match output {
                Some(out) if !crate::files::is_std(out) && kinds.len() > 1 => {
                    Some(per_diagram(out, kind, choice.format))
                }
                Some(out) if !crate::files::is_std(out) => Some(out.to_path_buf()),
                _ => None,
            };
            (kind, path)
        })
        .collect();
    // Refuse before any work or any write: all outputs must be writable.
    for path in targets.iter().filter_map(|(_, p)| p.as_deref()) {
        crate::files::output::check_output(path, force, &[file])?;
    }
    let text = storage::read_text(file)?;
    let session = match storage::parse(file, &text) {
        Ok(doc) => doc.session,
        Err(err) => {
            eprintln!("{}", crate::text::sanitize_inline(&err.to_string()));
            return Ok(super::exit::error());
        }
    };
    let basis = if choice.residual {
        Basis::Residual
    } else {
        Basis::Inherent
    };
    for (kind, path) in targets {
        let body = render(&session, catalog, choice.format, kind, basis);
        match path {
            Some(path) => {
                crate::files::write_output(&path, body.as_bytes(), force, &[file])?;
                eprintln!(
                    "exported the {} diagram of {} to {}",
                    kind.name(),
                    crate::text::sanitize_inline(&file.display().to_string()),
                    crate::text::sanitize_inline(&path.display().to_string())
                );
            }
            None => crate::files::write_output(Path::new("-"), body.as_bytes(), force, &[file])?,
        }
    }
    Ok(ExitCode::SUCCESS)
}
