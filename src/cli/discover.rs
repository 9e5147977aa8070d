//! `maestro-tm discover`: architecture discovery from a source tree.

use crate::catalog::Catalog;
use crate::discover::{Change, DiscoverDocument, Discovery, DriftItem, Limits, discover};
use crate::session::storage;
use crate::text::sanitize_inline;
use anyhow::{Context, Result};
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(
    catalog: &Catalog,
    path: &Path,
    session: Option<&Path>,
    json: bool,
    apply: bool,
    check: bool,
) -> Result<ExitCode> {
    let discovery = discover(path, catalog, Limits::default())?;
    let doc = session
        .map(|file| storage::load(file).with_context(|| format!("loading {}", file.display())))
        .transpose()?;
    let drift = doc
        .as_ref()
        .map(|d| crate::discover::drift(&d.session, &discovery));
    let mut out = std::io::stdout().lock();
    if json {
        let document = DiscoverDocument {
            discovery: discovery.clone(),
            drift: drift.as_ref().map(|d| d.items.clone()),
        };
        out.write_all((serde_json::to_string_pretty(&document)? + "\n").as_bytes())?;
    } else if !check {
        out.write_all(table(&discovery).as_bytes())?;
    }
    if let (Some(drift), false) = (&drift, json) {
        out.write_all(drift_text(&drift.items).as_bytes())?;
    }
    if check {
        let new: Vec<&DriftItem> = drift
            .iter()
            .flat_map(|d| &d.items)
            .filter(|i| i.change == Change::New)
            .collect();
        if !new.is_empty() {
            let file = session.map(|s| s.display().to_string()).unwrap_or_default();
            let names: Vec<String> = new
                .iter()
                .map(|i| format!("{} ({})", sanitize_inline(&i.name), i.id))
                .collect();
            let _ = writeln!(
                std::io::stderr(),
                "{file}: {} component(s) in the tree that the session does not know: {}",
                new.len(),
                names.join(", ")
            );
            return Ok(ExitCode::from(1));
        }
        return Ok(ExitCode::SUCCESS);
    }
    if apply && let (Some(mut doc), Some(file)) = (doc, session) {
        let applied = crate::discover::apply(
            &mut doc.session,
            &discovery,
            &|_| true,
            &path.display().to_string(),
            &crate::analysis::dates::today(),
        );
        storage::save(file, &doc)?;
        let _ = writeln!(
            std::io::stderr(),
            "{}: added {} component(s) and {} flow(s); {} already known",
            file.display(),
            applied.components_added.len(),
            applied.flows_added.len(),
            applied.already_known
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The human-readable listing: components by layer, flows, facts, checks.
fn table(d: &Discovery) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Components ({}):", d.components.len());
    let mut rows: Vec<_> = d.components.iter().collect();
    rows.sort_by_key(|c| (c.layers.first().copied(), c.kind.as_str(), c.id.clone()));
    for c in rows {
        let layers: Vec<&str> = c.layers.iter().map(|l| l.as_str()).collect();
        let at = c
            .evidence
            .first()
            .map(|e| format!("{}:{}", e.path, e.line))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "  {:<10} {:<17} {:<32} {:.2}  {}",
            layers.join(","),
            c.kind.as_str(),
            sanitize_inline(&c.name),
            c.confidence,
            sanitize_inline(&at)
        );
    }
    let _ = writeln!(s, "Flows ({}):", d.flows.len());
    for f in &d.flows {
        let _ = writeln!(
            s,
            "  {} → {}  ({})",
            sanitize_inline(&f.from),
            sanitize_inline(&f.to),
            f.what
        );
    }
    let facts = &d.facts;
    let _ = writeln!(
        s,
        "Facts: multi-agent {}, uses MCP {}, A2A {}, frameworks: {}",
        yes(facts.multi_agent),
        yes(facts.uses_mcp),
        yes(facts.a2a),
        sanitize_inline(&facts.frameworks.join(", "))
    );
    for (what, list) in [
        ("human approval", &facts.human_approval),
        ("human approval off", &facts.no_human_approval),
        ("iteration limit", &facts.iteration_limits),
    ] {
        for e in list {
            let _ = writeln!(s, "  {what}: {}:{}", sanitize_inline(&e.path), e.line);
        }
    }
    if !d.checks.is_empty() {
        let _ = writeln!(s, "Code checks ({}):", d.checks.len());
        for c in &d.checks {
            let _ = writeln!(
                s,
                "  {:?} {}  {}:{}  {}",
                c.stance,
                c.mitigation,
                sanitize_inline(&c.path),
                c.line,
                sanitize_inline(&c.snippet)
            );
        }
    }
    let _ = writeln!(
        s,
        "{} file(s) read, {} skipped",
        d.files_scanned,
        d.skipped.len()
    );
    s
}

fn drift_text(items: &[DriftItem]) -> String {
    let mut s = String::new();
    if items.is_empty() {
        let _ = writeln!(s, "No drift since the last review.");
        return s;
    }
    let _ = writeln!(s, "Drift since the last review ({}):", items.len());
    for i in items {
        let change = match i.change {
            Change::New => "new",
            Change::Changed => "changed",
            Change::Gone => "gone",
        };
        let _ = write!(s, "  {change:<8} {} `{}`", i.id, sanitize_inline(&i.name));
        if !i.at.is_empty() {
            let _ = write!(s, " at {}", sanitize_inline(&i.at));
        }
        if !i.threats.is_empty() {
            let _ = write!(s, "; threats {}", i.threats.join(", "));
        }
        if !i.mitigations.is_empty() {
            let _ = write!(s, "; mitigations {}", i.mitigations.join(", "));
        }
        s.push('\n');
    }
    s
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}
