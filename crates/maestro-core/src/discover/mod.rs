//! Architecture discovery: reads a local source tree and proposes components, data
//! flows, trust-zone hints and phase 1 facts, each with the file:line that caused it.
//!
//! Offline and deterministic: no network, no model; the same tree gives the same
//! document. All framework knowledge is catalog data (`catalog/discover.toml`); this
//! module walks (`walk`), reads code (`lexer`, `source`) and documents (`config`),
//! matches signals (`scan`) and assembles the proposals (`assemble`). Scanned content
//! is data only: nothing in a file changes what the tool does.
//!
//! Code is read by a small tokenizer rather than tree-sitter: the signals are defined on
//! import-resolved symbols, calls, decorators and class bases, which a tokenizer that
//! knows comments and strings finds in both Python and TypeScript with one code path.
//! tree-sitter with both grammars was measured (clean debug build +7.6 s wall, +12 s
//! CPU, +17 MB binary) and remains an option: no catalog entry would change.

mod apply;
mod assemble;
pub mod checks;
pub mod config;
mod drift;
pub mod lexer;
mod scan;
pub mod source;
mod walk;

pub use apply::{Applied, apply};
pub use drift::{Change, Drift, DriftItem, drift};
pub use walk::Limits;

use crate::catalog::Catalog;
use crate::catalog::discover::{Discover, KeySignal, Stance, StringSignal, ZoneHint};
use crate::vocab::{ComponentKind, Layer};
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Where a proposal comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct Evidence {
    /// Path relative to the scanned root, `/`-separated.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// Catalog signal id that matched.
    pub signal: String,
    /// The matched construct, as found (untrusted text: sanitize before display).
    #[serde(default)]
    pub detail: String,
}

/// A proposed component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProposedComponent {
    /// Stable id: `<kind>:<name slug>`.
    pub id: String,
    pub name: String,
    /// A `component_kinds` id of the catalog.
    pub kind: ComponentKind,
    pub layers: Vec<Layer>,
    /// 0.0–1.0.
    pub confidence: f64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub technology: String,
    /// Trust-zone hint: container, network, external or user-facing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<ZoneHint>,
    pub evidence: Vec<Evidence>,
}

/// A proposed data flow between two proposed components.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProposedFlow {
    /// Component id the data leaves.
    pub from: String,
    /// Component id the data reaches.
    pub to: String,
    /// What moves: "tool call", "prompt / completion", "handoff", "retrieval (RAG)", …
    pub what: String,
    pub confidence: f64,
    pub evidence: Vec<Evidence>,
}

/// Phase 1 facts read from the tree.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Facts {
    /// Two or more agents, or peers reached over A2A.
    pub multi_agent: bool,
    pub uses_mcp: bool,
    /// Agent-to-agent protocol in use.
    pub a2a: bool,
    /// Agent frameworks and SDKs seen (code or manifests), sorted.
    pub frameworks: Vec<String>,
    /// Human approval configured before actions.
    pub human_approval: Vec<Evidence>,
    /// Human approval switched off or actions auto-approved.
    pub no_human_approval: Vec<Evidence>,
    /// Agent loops bounded by an iteration/turn limit.
    pub iteration_limits: Vec<Evidence>,
}

/// A phase 8 code-check hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CheckHit {
    /// Catalog check id.
    pub check: String,
    /// Catalog mitigation id the hit evidences or contradicts.
    pub mitigation: String,
    pub stance: Stance,
    pub path: String,
    pub line: u32,
    /// The line, trimmed and cut (untrusted text).
    pub snippet: String,
}

/// A file or folder not read, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// The result of one discovery run: the `discover --json` document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Discovery {
    pub components: Vec<ProposedComponent>,
    pub flows: Vec<ProposedFlow>,
    pub facts: Facts,
    pub checks: Vec<CheckHit>,
    pub skipped: Vec<Skipped>,
    /// Files read.
    pub files_scanned: usize,
}

impl Discovery {
    pub fn component(&self, id: &str) -> Option<&ProposedComponent> {
        self.components.iter().find(|c| c.id == id)
    }
}

/// The `discover --json` document: the discovery, plus drift when a session is given.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DiscoverDocument {
    #[serde(flatten)]
    pub discovery: Discovery,
    /// Differences from the session's last review (only with `--session`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drift: Option<Vec<DriftItem>>,
}

/// Where the committed schema of [`DiscoverDocument`] lives.
pub const SCHEMA_PATH: &str = "schemas/discover.schema.json";

/// JSON Schema (draft-07) of the `discover --json` document, pretty with a final newline.
pub fn schema() -> String {
    let mut schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<DiscoverDocument>();
    schema.insert("title".into(), "maestro-tm discover --json".into());
    schema.insert(
        "description".into(),
        "Components, data flows, facts and code-check hits that `maestro-tm discover` found in a source tree, each with its evidence (path relative to the scanned root, line, catalog signal). Generated from the code; do not edit by hand.".into(),
    );
    serde_json::to_string_pretty(&schema).expect("a schema always serializes") + "\n"
}

/// Why discovery could not run.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("{0} is not a directory")]
    NotADirectory(String),
    #[error("discovery signal `{0}`: {1}")]
    Signal(String, String),
}

/// The catalog's signals, compiled once per run.
pub struct Signals<'a> {
    pub catalog: &'a Discover,
    /// Any module a code signal names appears in the text (cheap prefilter).
    module_roots: Regex,
    strings: Vec<(&'a StringSignal, Regex)>,
    keys: Vec<(&'a KeySignal, GlobSet, Option<Regex>)>,
    files: Vec<(GlobSet, Option<Regex>)>,
    hints: Vec<(Regex, Option<GlobSet>)>,
    hint_set: regex::RegexSet,
    checks: Vec<(Regex, Option<Regex>, Option<GlobSet>)>,
    check_set: regex::RegexSet,
    packages: Vec<Vec<String>>,
}

fn globs(id: &str, patterns: &[String]) -> Result<GlobSet, DiscoverError> {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        builder.add(Glob::new(p).map_err(|e| DiscoverError::Signal(id.into(), e.to_string()))?);
    }
    builder
        .build()
        .map_err(|e| DiscoverError::Signal(id.into(), e.to_string()))
}

fn regex(id: &str, pattern: &str) -> Result<Regex, DiscoverError> {
    Regex::new(pattern).map_err(|e| DiscoverError::Signal(id.into(), e.to_string()))
}

impl<'a> Signals<'a> {
    pub fn compile(catalog: &'a Discover) -> Result<Signals<'a>, DiscoverError> {
        let mut roots: Vec<String> = catalog
            .code
            .iter()
            .flat_map(|s| s.modules.iter())
            .map(|m| {
                let root = m.split(['.', '/']).next().unwrap_or(m);
                regex::escape(if root.is_empty() { m } else { root })
            })
            .collect();
        roots.sort();
        roots.dedup();
        let module_roots = regex("modules", &format!(r"\b({})\b", roots.join("|")))?;
        let optional_globs = |id: &str, p: &[String]| -> Result<Option<GlobSet>, DiscoverError> {
            if p.is_empty() {
                Ok(None)
            } else {
                globs(id, p).map(Some)
            }
        };
        Ok(Signals {
            catalog,
            module_roots,
            strings: catalog
                .strings
                .iter()
                .map(|s| Ok((s, regex(&s.id, &s.pattern)?)))
                .collect::<Result<_, DiscoverError>>()?,
            keys: catalog
                .keys
                .iter()
                .map(|s| {
                    let when = s
                        .when
                        .as_ref()
                        .map(|w| regex(&s.id, &w.matches))
                        .transpose()?;
                    Ok((s, globs(&s.id, &s.paths)?, when))
                })
                .collect::<Result<_, DiscoverError>>()?,
            files: catalog
                .files
                .iter()
                .map(|s| {
                    let contains = s.contains.as_ref().map(|p| regex(&s.id, p)).transpose()?;
                    Ok((globs(&s.id, &s.paths)?, contains))
                })
                .collect::<Result<_, DiscoverError>>()?,
            hints: catalog
                .hints
                .iter()
                .map(|s| Ok((regex(&s.id, &s.pattern)?, optional_globs(&s.id, &s.paths)?)))
                .collect::<Result<_, DiscoverError>>()?,
            hint_set: regex::RegexSet::new(catalog.hints.iter().map(|s| &s.pattern))
                .map_err(|e| DiscoverError::Signal("hints".into(), e.to_string()))?,
            checks: catalog
                .checks
                .iter()
                .map(|s| {
                    let unless = s.unless.as_ref().map(|p| regex(&s.id, p)).transpose()?;
                    Ok((
                        regex(&s.id, &s.pattern)?,
                        unless,
                        optional_globs(&s.id, &s.paths)?,
                    ))
                })
                .collect::<Result<_, DiscoverError>>()?,
            check_set: regex::RegexSet::new(catalog.checks.iter().map(|s| &s.pattern))
                .map_err(|e| DiscoverError::Signal("checks".into(), e.to_string()))?,
            packages: catalog
                .packages
                .iter()
                .map(|s| {
                    s.packages
                        .iter()
                        .map(|p| scan::normalize_package(p))
                        .collect()
                })
                .collect(),
        })
    }

    pub fn strings(&self) -> impl Iterator<Item = (&'a StringSignal, &Regex)> {
        self.strings.iter().map(|(s, r)| (*s, r))
    }

    pub fn keys_for<'s>(&'s self, rel: &'s str) -> impl Iterator<Item = &'a KeySignal> + 's {
        self.keys
            .iter()
            .filter(move |(_, g, _)| g.is_match(rel))
            .map(|(s, _, _)| *s)
    }

    pub fn when_matches(&self, id: &str, value: &str) -> bool {
        self.keys
            .iter()
            .find(|(s, _, _)| s.id == id)
            .and_then(|(_, _, w)| w.as_ref())
            .is_none_or(|w| w.is_match(value))
    }

    /// Config files whose string values are worth matching (not lock files).
    pub fn has_string_values(&self, rel: &str) -> bool {
        let file = rel.rsplit('/').next().unwrap_or(rel);
        !file.contains("lock") && is_document(rel)
    }

    /// Whether the walk should read this file at all.
    fn wanted(&self, rel: &str) -> bool {
        scan::language(rel).is_some()
            || is_document(rel)
            || is_manifest(rel)
            || self.files.iter().any(|(g, _)| g.is_match(rel))
    }
}

fn is_document(rel: &str) -> bool {
    matches!(
        rel.rsplit_once('.').map(|(_, e)| e),
        Some("json" | "yaml" | "yml" | "toml")
    )
}

fn is_manifest(rel: &str) -> bool {
    let file = rel.rsplit('/').next().unwrap_or(rel);
    file == "package.json"
        || file == "pyproject.toml"
        || file == "Cargo.toml"
        || file == "go.mod"
        || file == "setup.py"
        || (file.starts_with("requirements") && file.ends_with(".txt"))
}

/// Scans `root` with the catalog's signals.
pub fn discover(
    root: &Path,
    catalog: &Catalog,
    limits: Limits,
) -> Result<Discovery, DiscoverError> {
    if !root.is_dir() {
        return Err(DiscoverError::NotADirectory(root.display().to_string()));
    }
    let signals = Signals::compile(&catalog.discover)?;
    let wanted = |rel: &str| signals.wanted(rel);
    let visit = |file: walk::FileText| Some(scan_file(&signals, &file.rel, &file.text));
    let (findings, skipped, files_scanned) = walk::walk(root, limits, &wanted, &visit);
    let mut discovery = assemble::assemble(catalog, &signals, findings);
    discovery.skipped = skipped;
    discovery.files_scanned = files_scanned;
    Ok(discovery)
}

/// Every signal against one file.
fn scan_file(signals: &Signals, rel: &str, text: &str) -> scan::FileFindings {
    let mut out = scan::FileFindings::default();
    if let Some(lang) = scan::language(rel) {
        scan::code_file(signals, rel, text, lang, &mut out);
    }
    if is_document(rel) {
        config::config_file(signals, rel, text, &mut out);
    }
    for ((set, contains), signal) in signals.files.iter().zip(&signals.catalog.files) {
        if !set.is_match(rel) || contains.as_ref().is_some_and(|c| !c.is_match(text)) {
            continue;
        }
        let mut parts = rel.rsplit('/');
        let file = parts.next().unwrap_or(rel);
        let dir = parts.next();
        let name = match signal.name_from.as_str() {
            "stem" => file.split('.').next().map(str::to_string),
            "dir" => dir.map(str::to_string),
            _ => None,
        }
        .or_else(|| (!signal.proposes.label.is_empty()).then(|| signal.proposes.label.clone()))
        .unwrap_or_else(|| file.to_string());
        let line = contains
            .as_ref()
            .and_then(|c| c.find(text))
            .map_or(1, |m| text[..m.start()].matches('\n').count() as u32 + 1);
        out.hits.push(scan::Hit {
            name,
            proposes: signal.proposes.clone(),
            evidence: scan::evidence_at(rel, line, &signal.id, file),
            span: None,
            handles: Vec::new(),
            refs: Vec::new(),
            tool_refs: Vec::new(),
            framework: signal.proposes.technology.clone(),
            owner: None,
        });
    }
    if is_manifest(rel) {
        for (package, line) in scan::manifest_packages(rel, text) {
            let normal = scan::normalize_package(&package);
            for (names, signal) in signals.packages.iter().zip(&signals.catalog.packages) {
                if !names.contains(&normal) {
                    continue;
                }
                let ev = scan::evidence_at(rel, line, &signal.id, &package);
                if !signal.framework.is_empty() {
                    out.frameworks.push(signal.framework.clone());
                }
                for fact in &signal.proposes.facts {
                    out.facts.push((fact.clone(), ev.clone()));
                }
                if signal.component && signal.proposes.kind.is_some() {
                    out.hits.push(scan::Hit {
                        name: signal.proposes.label.clone(),
                        proposes: signal.proposes.clone(),
                        evidence: ev,
                        span: None,
                        handles: Vec::new(),
                        refs: Vec::new(),
                        tool_refs: Vec::new(),
                        framework: signal.framework.clone(),
                        owner: None,
                    });
                }
            }
        }
    }
    if scan::language(rel).is_some() || is_document(rel) {
        line_rules(signals, rel, text, &mut out);
    }
    out
}

/// Hints (facts) and phase 8 checks, line by line, only for rules whose pattern occurs
/// somewhere in the file.
fn line_rules(signals: &Signals, rel: &str, text: &str, out: &mut scan::FileFindings) {
    let hint_matches = signals.hint_set.matches(text);
    for index in hint_matches.iter() {
        let (re, paths) = &signals.hints[index];
        if paths.as_ref().is_some_and(|g| !g.is_match(rel)) {
            continue;
        }
        let hint = &signals.catalog.hints[index];
        for (n, line) in text.lines().enumerate() {
            if re.is_match(line) {
                let ev = scan::evidence_at(rel, n as u32 + 1, &hint.id, line.trim());
                out.facts.push((hint.fact.clone(), ev));
            }
        }
    }
    let check_matches = signals.check_set.matches(text);
    for index in check_matches.iter() {
        let (re, unless, paths) = &signals.checks[index];
        let check = &signals.catalog.checks[index];
        if paths.as_ref().is_some_and(|g| !g.is_match(rel))
            || unless.as_ref().is_some_and(|u| u.is_match(text))
        {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            if re.is_match(line) {
                out.checks.push(CheckHit {
                    check: check.id.clone(),
                    mitigation: check.mitigation.clone(),
                    stance: check.stance,
                    path: rel.to_string(),
                    line: n as u32 + 1,
                    snippet: line.trim().chars().take(160).collect(),
                });
            }
        }
    }
}

/// `kind:slug` id of a proposed component.
pub fn component_id(kind: ComponentKind, name: &str) -> String {
    format!("{}:{}", kind.as_str(), slug(name))
}

/// Lowercase words joined by `-` (the identity of a name for merging).
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    // Split camelCase too, so `researchAgent` and `research_agent` agree.
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower && !dash && !out.is_empty() {
                out.push('-');
            }
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            prev_lower = c.is_lowercase() || c.is_numeric();
            out.extend(c.to_lowercase());
        } else {
            dash = true;
            prev_lower = false;
        }
    }
    out
}

#[cfg(test)]
mod tests;
