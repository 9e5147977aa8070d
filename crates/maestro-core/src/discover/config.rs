//! Key signals in structured documents: MCP client configs, compose files, Kubernetes
//! manifests, agent cards, OpenAPI specs, CrewAI YAML.
//!
//! Documents go through the same bounds as every other loader of the tool
//! (`limits::check_nesting` before the parser) and become `serde_json::Value`s; YAML
//! files may hold several documents. Lines are found by searching the text for the
//! key, which is good enough for evidence.

use super::Signals;
use super::scan::{Edge, FileFindings, Hit, evidence_at};
use serde_json::Value;

/// The documents in a JSON, YAML or TOML file (none when it does not parse).
pub fn documents(rel: &str, text: &str) -> Vec<Value> {
    if crate::limits::check_nesting(text).is_err() {
        return Vec::new();
    }
    let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "json" => serde_json::from_str(text).into_iter().collect(),
        "toml" => toml::from_str::<toml::Value>(text)
            .ok()
            .and_then(|v| serde_json::to_value(v).ok())
            .into_iter()
            .collect(),
        "yaml" | "yml" => {
            use serde::Deserialize;
            serde_yaml_ng::Deserializer::from_str(text)
                .take(64)
                .filter_map(|doc| Value::deserialize(doc).ok())
                .collect()
        }
        _ => Vec::new(),
    }
}

fn get<'a>(value: &'a Value, dotted: &str) -> Option<&'a Value> {
    if dotted.is_empty() {
        return Some(value);
    }
    dotted.split('.').try_fold(value, |v, k| v.get(k))
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Line of the first occurrence of `needle` in `text` (1 when not found).
fn line_of(text: &str, needle: &str) -> u32 {
    text.find(needle)
        .map_or(1, |at| text[..at].matches('\n').count() as u32 + 1)
}

/// Key signals of one document file.
pub fn config_file(signals: &Signals, rel: &str, text: &str, out: &mut FileFindings) {
    let keyed: Vec<_> = signals.keys_for(rel).collect();
    if keyed.is_empty() && !signals.has_string_values(rel) {
        return;
    }
    let docs = documents(rel, text);
    for doc in &docs {
        let mut claimed: Vec<String> = Vec::new();
        for signal in &keyed {
            let Some(value) = get(doc, &signal.key) else {
                continue;
            };
            let entries: Vec<(Option<String>, &Value)> = if signal.each {
                match value {
                    Value::Object(map) => map.iter().map(|(k, v)| (Some(k.clone()), v)).collect(),
                    Value::Array(items) => items.iter().map(|v| (None, v)).collect(),
                    _ => Vec::new(),
                }
            } else {
                vec![(None, value)]
            };
            for (key, entry) in entries {
                if !signal.require.iter().all(|f| get(entry, f).is_some()) {
                    continue;
                }
                if let Some(when) = &signal.when {
                    let Some(field) = get(entry, &when.field).and_then(scalar) else {
                        continue;
                    };
                    if !signals.when_matches(&signal.id, &field) {
                        continue;
                    }
                }
                let name = match &signal.name_field {
                    Some(f) => get(entry, f).and_then(scalar),
                    None if !signal.proposes.label.is_empty() && key.is_none() => {
                        Some(signal.proposes.label.clone())
                    }
                    None => key.clone(),
                };
                let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
                    continue;
                };
                // Specific signals come first; an entry is proposed once per file.
                let claim = format!("{}/{}", signal.key, key.as_deref().unwrap_or(&name));
                if claimed.contains(&claim) {
                    continue;
                }
                claimed.push(claim);
                let quoted = format!("\"{name}\"");
                let line = if text.contains(&quoted) {
                    line_of(text, &quoted)
                } else {
                    line_of(text, &format!("{name}:"))
                };
                let ev = evidence_at(rel, line, &signal.id, &format!("{} → {name}", signal.key));
                for fact in &signal.proposes.facts {
                    out.facts.push((fact.clone(), ev.clone()));
                }
                if let Some(links) = signal.links_field.as_deref().and_then(|f| get(entry, f)) {
                    let targets: Vec<String> = match links {
                        Value::Array(items) => items.iter().filter_map(scalar).collect(),
                        Value::Object(map) => map.keys().cloned().collect(),
                        other => scalar(other).into_iter().collect(),
                    };
                    for to in targets {
                        out.edges.push(Edge {
                            from: name.clone(),
                            to,
                            evidence: ev.clone(),
                        });
                    }
                }
                if signal.proposes.kind.is_some() {
                    out.hits.push(Hit {
                        name,
                        proposes: signal.proposes.clone(),
                        evidence: ev,
                        span: None,
                        handles: Vec::new(),
                        refs: Vec::new(),
                        tool_refs: Vec::new(),
                        framework: signal.proposes.technology.clone(),
                        owner: None,
                    });
                }
            }
        }
        // String values: model names in YAML agent configs and the like.
        let mut strings = Vec::new();
        collect_strings(doc, &mut strings, 0);
        for s in strings {
            if let Some((signal, _)) = signals.strings().find(|(_, re)| re.is_match(s)) {
                let ev = evidence_at(rel, line_of(text, s), &signal.id, s);
                out.hits.push(Hit {
                    name: signal.proposes.label.clone(),
                    proposes: signal.proposes.clone(),
                    evidence: ev,
                    span: None,
                    handles: Vec::new(),
                    refs: Vec::new(),
                    tool_refs: Vec::new(),
                    framework: String::new(),
                    owner: None,
                });
            }
        }
    }
}

fn collect_strings<'a>(value: &'a Value, out: &mut Vec<&'a str>, depth: usize) {
    if depth > 32 || out.len() > 10_000 {
        return;
    }
    match value {
        Value::String(s) if s.len() <= 300 => out.push(s),
        Value::Array(items) => items
            .iter()
            .for_each(|v| collect_strings(v, out, depth + 1)),
        Value::Object(map) => map
            .values()
            .for_each(|v| collect_strings(v, out, depth + 1)),
        _ => {}
    }
}
