//! Matching the catalog's signals against one file: what it proposes, with evidence.

use super::lexer::Lang;
use super::source::{Call, SourceFile};
use super::{Evidence, Signals};
use crate::catalog::discover::{CodeSignal, Language, Proposes};

/// One proposed component instance found in a file (merged across files later).
#[derive(Debug, Clone)]
pub struct Hit {
    pub name: String,
    pub proposes: Proposes,
    pub evidence: Evidence,
    /// Token span in the file (code hits), to relate nested constructs.
    pub span: Option<(usize, usize)>,
    /// Names other constructs use to refer to it (variable, function).
    pub handles: Vec<String>,
    /// Identifiers it refers to (call arguments, function body).
    pub refs: Vec<String>,
    /// Identifiers passed as tools (`tools=[…]`).
    pub tool_refs: Vec<String>,
    pub framework: String,
    /// Handle of the construct this one is registered on (`@agent.tool` → `agent`).
    pub owner: Option<String>,
}

/// A relation found directly (graph edge, compose `depends_on`), by component names.
#[derive(Debug, Clone)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub evidence: Evidence,
}

/// Everything one file contributes.
#[derive(Debug, Default)]
pub struct FileFindings {
    pub hits: Vec<Hit>,
    pub edges: Vec<Edge>,
    pub facts: Vec<(String, Evidence)>,
    pub frameworks: Vec<String>,
    pub checks: Vec<super::CheckHit>,
    /// Functions defined here (name, line), for `tools=[fn]` references.
    pub functions: Vec<(String, u32)>,
    /// The file uses an MCP client.
    pub mcp_client: bool,
}

pub fn language(rel: &str) -> Option<Lang> {
    let ext = rel.rsplit_once('.').map(|(_, e)| e)?;
    match ext {
        "py" | "pyi" => Some(Lang::Python),
        "ts" | "tsx" | "js" | "jsx" | "mjs" | "cjs" | "mts" | "cts" => Some(Lang::Script),
        _ => None,
    }
}

fn evidence(path: &str, line: u32, signal: &str, detail: &str) -> Evidence {
    let mut detail: String = detail.chars().take(120).collect();
    if detail.len() < detail.len() {
        detail.push('…');
    }
    Evidence {
        path: path.to_string(),
        line,
        signal: signal.to_string(),
        detail,
    }
}

/// Whether `module` (as imported) is `prefix` or inside it (`.` or `/` separated).
fn module_matches(module: &str, prefix: &str) -> bool {
    module == prefix
        || (module.starts_with(prefix)
            && matches!(module.as_bytes().get(prefix.len()), Some(b'.' | b'/')))
}

fn name_matches(pattern: &str, name: &str) -> bool {
    match (pattern.strip_prefix('*'), pattern.strip_suffix('*')) {
        (Some(suffix), _) => name.ends_with(suffix) && name.len() > suffix.len(),
        (_, Some(prefix)) => name.starts_with(prefix),
        _ => pattern == name,
    }
}

fn lang_ok(signal: &CodeSignal, lang: Lang) -> bool {
    signal.languages.iter().any(|l| match l {
        Language::Python => lang == Lang::Python,
        Language::Typescript => lang == Lang::Script,
    })
}

/// Signals, models and strings in a code file.
pub fn code_file(signals: &Signals, rel: &str, text: &str, lang: Lang, out: &mut FileFindings) {
    if !signals.module_roots.is_match(text) {
        return;
    }
    let file = SourceFile::parse(text, lang);
    let imports_module = |signal: &CodeSignal| {
        file.imports
            .iter()
            .any(|(m, _)| signal.modules.iter().any(|p| module_matches(m, p)))
    };
    out.functions.extend(
        file.definitions
            .iter()
            .filter(|d| !d.is_class)
            .map(|d| (d.name.clone(), d.line)),
    );
    for signal in signals.catalog.code.iter().filter(|s| lang_ok(s, lang)) {
        if !imports_module(signal) {
            continue;
        }
        let hits_before = out.hits.len() + out.edges.len() + out.facts.len();
        for call in &file.calls {
            let resolved = file.resolve(&call.path);
            let by_import = resolved.as_ref().is_some_and(|(module, names)| {
                signal.modules.iter().any(|p| module_matches(module, p))
                    && names
                        .iter()
                        .any(|n| signal.calls.iter().any(|c| name_matches(c, n)))
            });
            let last = call.path.rsplit('.').next().unwrap_or(&call.path);
            let by_method = call.path.contains('.')
                && signal.methods.iter().any(|m| m == last)
                && resolved.is_none();
            if !by_import && !by_method {
                continue;
            }
            let detail = format!("{}(…)", call.path);
            if signal.edge {
                let names: Vec<&String> = call
                    .strings
                    .iter()
                    .chain(call.positional_idents.iter())
                    .collect();
                if names.len() >= 2 {
                    out.edges.push(Edge {
                        from: names[0].clone(),
                        to: names[1].clone(),
                        evidence: evidence(rel, call.line, &signal.id, &detail),
                    });
                }
                continue;
            }
            let ev = evidence(rel, call.line, &signal.id, &detail);
            fact_hits(&signal.proposes, &ev, out);
            if signal.proposes.kind.is_none() {
                if signal.proposes.facts.iter().any(|f| f == "uses-mcp") {
                    out.mcp_client = true;
                }
                continue;
            }
            let Some(name) = call_name(signals, signal, call, last, rel) else {
                continue;
            };
            if skip_name(signal, &name) {
                continue;
            }
            let tool_refs = signal
                .tool_args
                .iter()
                .filter_map(|k| call.kw_idents.get(k))
                .flatten()
                .cloned()
                .collect();
            out.hits.push(Hit {
                name,
                proposes: signal.proposes.clone(),
                evidence: ev,
                span: Some(call.span),
                handles: call.variable.iter().cloned().collect(),
                refs: call.idents.clone(),
                tool_refs,
                framework: signal.framework.clone(),
                owner: None,
            });
        }
        for d in &file.decorated {
            let last = d.decorator.rsplit('.').next().unwrap_or(&d.decorator);
            if !signal.decorators.iter().any(|x| x == last) {
                continue;
            }
            // A resolved decorator must come from the signal's modules.
            if let Some((module, _)) = file.resolve(&d.decorator)
                && !signal.modules.iter().any(|p| module_matches(module, p))
            {
                continue;
            }
            let ev = evidence(
                rel,
                d.line,
                &signal.id,
                &format!("@{} {}", d.decorator, d.target),
            );
            fact_hits(&signal.proposes, &ev, out);
            if signal.proposes.kind.is_none() {
                continue;
            }
            let mut name = None;
            for source in &signal.name_from {
                name = match source.as_str() {
                    "function" | "class" => Some(d.target.clone()),
                    "string" => d.call.as_ref().and_then(|c| c.strings.first().cloned()),
                    s if s.starts_with("arg:") => d
                        .call
                        .as_ref()
                        .and_then(|c| c.kw_strings.get(&s[4..]).cloned()),
                    "label" => non_empty(&signal.proposes.label),
                    _ => None,
                };
                if name.is_some() {
                    break;
                }
            }
            let Some(name) = name else { continue };
            // The body, not the parameters: identifiers after the head line.
            let head_end = file.first_token_after_line(d.line, d.span);
            let refs = file
                .idents
                .iter()
                .filter(|(_, i)| *i >= head_end && *i < d.span.1)
                .map(|(n, _)| n.clone())
                .collect();
            out.hits.push(Hit {
                name,
                proposes: signal.proposes.clone(),
                evidence: ev,
                span: Some(d.span),
                handles: vec![d.target.clone()],
                refs,
                tool_refs: Vec::new(),
                framework: signal.framework.clone(),
                owner: d
                    .decorator
                    .split_once('.')
                    .map(|(first, _)| first.to_string()),
            });
        }
        if !signal.bases.is_empty() {
            for def in file.definitions.iter().filter(|d| d.is_class) {
                let based = def.bases.iter().any(|b| {
                    file.resolve(b).is_some_and(|(module, names)| {
                        signal.modules.iter().any(|p| module_matches(module, p))
                            && names.iter().any(|n| signal.bases.iter().any(|x| x == n))
                    })
                });
                if !based {
                    continue;
                }
                let ev = evidence(rel, def.line, &signal.id, &format!("class {}", def.name));
                out.hits.push(Hit {
                    name: def.name.clone(),
                    proposes: signal.proposes.clone(),
                    evidence: ev,
                    span: Some(def.span),
                    handles: vec![def.name.clone()],
                    refs: Vec::new(),
                    tool_refs: Vec::new(),
                    framework: signal.framework.clone(),
                    owner: None,
                });
            }
        }
        if out.hits.len() + out.edges.len() + out.facts.len() > hits_before
            && !signal.framework.is_empty()
        {
            out.frameworks.push(signal.framework.clone());
        }
    }
    // String literals: model names, connection URLs.
    for (s, line, index) in &file.strings {
        for (signal, regex) in signals.strings() {
            if regex.is_match(s) {
                // A connection URL inside the client call it configures is that client.
                let inside_same_kind = out.hits.iter().any(|h| {
                    h.proposes.kind == signal.proposes.kind
                        && h.span.is_some_and(|(a, b)| a < *index && *index <= b)
                });
                if inside_same_kind {
                    break;
                }
                let ev = evidence(rel, *line, &signal.id, s);
                fact_hits(&signal.proposes, &ev, out);
                out.hits.push(Hit {
                    name: signal.proposes.label.clone(),
                    proposes: signal.proposes.clone(),
                    evidence: ev,
                    span: Some((*index, *index)),
                    handles: Vec::new(),
                    refs: Vec::new(),
                    tool_refs: Vec::new(),
                    framework: String::new(),
                    owner: None,
                });
                break;
            }
        }
    }
}

fn skip_name(signal: &CodeSignal, name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.trim().is_empty() || signal.skip_names.contains(&lower)
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// The component name for a matched call, from the signal's `name_from` list.
fn call_name(
    signals: &Signals,
    signal: &CodeSignal,
    call: &Call,
    called: &str,
    rel: &str,
) -> Option<String> {
    for source in &signal.name_from {
        let name = match source.as_str() {
            s if s.starts_with("arg:") => call.kw_strings.get(&s[4..]).cloned(),
            "string" => call.strings.first().cloned(),
            "variable" => call.variable.clone(),
            "key" => call.key.clone(),
            "call" => Some(called.to_string()),
            "label" => non_empty(&signal.proposes.label),
            "file" => Some(file_name(rel)),
            "model-string" => call
                .strings
                .iter()
                .chain(call.kw_strings.values())
                .find_map(|s| {
                    signals
                        .strings()
                        .find(|(st, re)| st.proposes.kind.is_some() && re.is_match(s))
                        .map(|(st, _)| st.proposes.label.clone())
                }),
            _ => None,
        };
        if let Some(name) = name.filter(|n| !n.trim().is_empty()) {
            return Some(name);
        }
    }
    None
}

/// A file's name, or its folder's when the file name says nothing (`route.ts`).
fn file_name(rel: &str) -> String {
    let mut parts = rel.rsplit('/');
    let file = parts.next().unwrap_or(rel);
    let stem = file.split('.').next().unwrap_or(file);
    const GENERIC: &[&str] = &[
        "index", "route", "main", "app", "server", "page", "mod", "__init__", "handler",
    ];
    if GENERIC.contains(&stem) {
        parts.next().map_or(stem, |d| d).to_string()
    } else {
        stem.to_string()
    }
}

fn fact_hits(proposes: &Proposes, ev: &Evidence, out: &mut FileFindings) {
    for fact in &proposes.facts {
        out.facts.push((fact.clone(), ev.clone()));
    }
}

/// Packages named in a dependency manifest.
pub fn manifest_packages(rel: &str, text: &str) -> Vec<(String, u32)> {
    let file = rel.rsplit('/').next().unwrap_or(rel);
    let mut out = Vec::new();
    let mut push = |name: &str, line: usize| {
        let name = name.trim().trim_matches('"').trim_matches('\'');
        if !name.is_empty() {
            out.push((name.to_string(), line as u32 + 1));
        }
    };
    if file == "package.json" {
        // Keys of the dependency objects, found line by line (the JSON is parsed elsewhere).
        let mut in_deps = false;
        for (n, line) in text.lines().enumerate() {
            let t = line.trim();
            if t.starts_with("\"dependencies\"")
                || t.starts_with("\"devDependencies\"")
                || t.starts_with("\"peerDependencies\"")
            {
                in_deps = true;
                continue;
            }
            if in_deps {
                if t.starts_with('}') {
                    in_deps = false;
                } else if let Some((key, _)) = t.split_once(':') {
                    push(key, n);
                }
            }
        }
    } else if file == "go.mod" {
        for (n, line) in text.lines().enumerate() {
            let t = line
                .trim()
                .trim_start_matches("require")
                .trim_start_matches('(')
                .trim();
            if let Some(module) = t.split_whitespace().next()
                && module.contains('/')
            {
                push(module, n);
            }
        }
    } else {
        // requirements*.txt, pyproject.toml, Cargo.toml, setup.py: a package name at the
        // start of a line or of a quoted dependency string.
        for (n, line) in text.lines().enumerate() {
            let t = line.trim().trim_start_matches(['"', '\'']);
            if t.starts_with('#') || t.starts_with('[') {
                continue;
            }
            let end = t
                .find(|c: char| !(c.is_ascii_alphanumeric() || "-_.@/".contains(c)))
                .unwrap_or(t.len());
            let name = &t[..end];
            if !name.is_empty() {
                push(name, n);
            }
        }
    }
    out
}

/// Python package names compare case-insensitively with `_` and `.` read as `-`.
pub fn normalize_package(name: &str) -> String {
    name.to_ascii_lowercase().replace(['_', '.'], "-")
}

pub fn evidence_at(path: &str, line: u32, signal: &str, detail: &str) -> Evidence {
    evidence(path, line, signal, detail)
}
