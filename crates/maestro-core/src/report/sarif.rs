//! SARIF 2.1.0 (`export sarif`): the open threats and defense-in-depth gaps of a model
//! as static-analysis results, for GitHub code scanning and other SARIF viewers.
//!
//! One result per open threat (residual risk open, or not rated yet) and one per gap
//! rule a threat breaks. Rules come from the catalog: the catalog threat (ASI or
//! extended id, its description as help, its cross-references as tags), or the gap
//! rule. A result points at the phase 8 evidence of the threat's mitigations (file and
//! line under the code validation's source root); without evidence, at the threat's
//! record in the session file. Accepted risks and acknowledged gaps are results with
//! a suppression, so viewers list them as dismissed rather than dropping them.
//!
//! Built from the [`Report`] (clean text, the one set of figures) plus the session
//! text for locations; nothing reads the clock, so the same session gives the same bytes.

use super::{GapRow, Report, ResidualRow, ThreatRow};
use crate::catalog::Catalog;
use crate::risk::gaps::GapRule;
use crate::session::Session;
use crate::vocab::{Disposition, RiskLevel};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};

/// The schema URI GitHub's documentation gives for SARIF 2.1.0.
pub const SARIF_SCHEMA_URI: &str = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/sarif-2.1/schema/sarif-schema-2.1.0.json";

/// The session file a SARIF log points into when a result has no code evidence.
#[derive(Debug, Clone, Copy)]
pub struct SessionSource<'a> {
    /// Path as the user gave it (relative paths stay relative: viewers resolve them
    /// against the repository root).
    pub path: &'a str,
    /// The file's text, to find each threat's line.
    pub text: &'a str,
}

/// SARIF `level` of a risk level: Critical and High are errors, Medium a warning, Low a
/// note; an unrated threat is a warning (it could hide any level).
pub fn level(risk: Option<RiskLevel>) -> &'static str {
    match risk {
        Some(RiskLevel::Critical | RiskLevel::High) => "error",
        Some(RiskLevel::Medium) | None => "warning",
        Some(RiskLevel::Low) => "note",
    }
}

/// GitHub's `security-severity` (0.0–10.0: ≥9 critical, ≥7 high, ≥4 medium, else low).
pub fn security_severity(risk: Option<RiskLevel>) -> &'static str {
    match risk {
        Some(RiskLevel::Critical) => "9.5",
        Some(RiskLevel::High) => "8.0",
        Some(RiskLevel::Medium) | None => "5.5",
        Some(RiskLevel::Low) => "2.0",
    }
}

/// Lowercase words of a title joined by `-`: the model's key in fingerprints and the
/// run's category (`maestro-session` for a title without letters or digits).
pub fn model_key(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        "maestro-session".to_string()
    } else {
        words.join("-")
    }
}

/// A relative path or URI reference with every byte outside the unreserved set and
/// `/` percent-encoded (backslashes become `/`), so it is a valid `uri-reference`.
pub fn uri_reference(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    if path.starts_with('/') {
        format!("file://{out}")
    } else {
        out
    }
}

/// Rule id of a gap rule, e.g. `maestro/gap/no-mitigation`.
fn gap_rule_id(rule: GapRule) -> String {
    let name = serde_json::to_value(rule)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| rule.short().replace(' ', "-"));
    format!("maestro/gap/{name}")
}

/// Rule id of a threat: its catalog id, or `maestro/custom` for a threat of its own.
fn threat_rule_id(threat: &ThreatRow) -> String {
    if threat.catalog.is_empty() {
        "maestro/custom".to_string()
    } else {
        threat.catalog.clone()
    }
}

fn threat_rule(catalog: &Catalog, threat: &ThreatRow, worst: Option<RiskLevel>) -> Value {
    let id = threat_rule_id(threat);
    let entry = catalog.threats.get(&threat.catalog);
    let name = entry.map_or_else(
        || "Threat specific to this system".to_string(),
        |e| e.name.clone(),
    );
    let description = entry.map_or_else(
        || "A threat the analyst identified that has no catalog entry.".to_string(),
        |e| e.description.clone(),
    );
    let mut help = description.clone();
    let mut markdown = format!("**{}** ({id})\n\n{description}", md(&name));
    let mut tags: Vec<String> = vec!["security".into(), "maestro".into()];
    if let Some(e) = entry {
        if !e.indicators.is_empty() {
            help.push_str("\n\nIndicators:\n");
            markdown.push_str("\n\n**Indicators**\n\n");
            for i in &e.indicators {
                help.push_str(&format!("- {i}\n"));
                markdown.push_str(&format!("- {}\n", md(i)));
            }
        }
        if !e.questions.is_empty() {
            help.push_str("\nQuestions:\n");
            markdown.push_str("\n**Questions**\n\n");
            for q in &e.questions {
                help.push_str(&format!("- {q}\n"));
                markdown.push_str(&format!("- {}\n", md(q)));
            }
        }
        tags.extend(e.layers().map(|l| format!("maestro/{}", l.as_str())));
        tags.extend(e.stride.iter().map(|s| format!("stride/{}", s.as_str())));
        tags.extend(e.asi_top10.iter().cloned());
        tags.extend(e.owasp_llm.iter().cloned());
        tags.extend(e.atlas.iter().cloned());
        tags.extend(
            e.cwe
                .iter()
                .map(|c| format!("external/cwe/{}", c.to_lowercase())),
        );
    }
    tags.dedup();
    let mut properties = json!({
        "tags": tags,
        "security-severity": security_severity(worst),
        "precision": "medium",
        "problem.severity": level(worst),
    });
    if let Some(e) = entry {
        properties["source"] = json!(e.source);
        if let Some(p) = &e.playbook_id {
            properties["playbookId"] = json!(p);
        }
        if let Some(w) = &e.id_warning {
            properties["idWarning"] = json!(w);
        }
    }
    json!({
        "id": id,
        "name": name,
        "shortDescription": { "text": name },
        "fullDescription": { "text": description },
        "help": { "text": help.trim_end(), "markdown": markdown.trim_end() },
        "defaultConfiguration": { "level": level(worst) },
        "properties": properties,
    })
}

fn gap_rule(rule: GapRule, worst: Option<RiskLevel>) -> Value {
    let text = rule.to_string();
    let why = match rule {
        GapRule::NoMitigation => "The threat has no planned mitigation at all.",
        GapRule::CriticalWithoutPreventive => {
            "A Critical-severity threat needs at least one Preventive control."
        }
        GapRule::WithoutDetective => {
            "A Critical- or High-severity threat needs at least one Detective control."
        }
        GapRule::SingleMitigation => {
            "One planned mitigation is a single point of failure: if it fails, nothing is left."
        }
        GapRule::DefenseInDepth => {
            "The catalog's defense-in-depth rule for the threat's level asks for more control types."
        }
        GapRule::AcceptedWithoutOwner => {
            "An accepted or deferred residual risk must name the owner who carries it."
        }
    };
    json!({
        "id": gap_rule_id(rule),
        "name": text,
        "shortDescription": { "text": text },
        "fullDescription": { "text": why },
        "help": {
            "text": format!("{why} Plan the missing mitigation (phase 7), or record why the gap is accepted."),
            "markdown": format!("{why}\n\nPlan the missing mitigation (phase 7), or record why the gap is accepted."),
        },
        "defaultConfiguration": { "level": level(worst) },
        "properties": {
            "tags": ["security", "maestro", "maestro/gap"],
            "security-severity": security_severity(worst),
            "precision": "high",
            "problem.severity": level(worst),
        },
    })
}

/// Markdown text with the characters that would start markup escaped.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Builds one SARIF log from a report. `source` lets results without code evidence
/// point at the threat's record in the session file.
pub fn to_sarif(
    report: &Report,
    session: &Session,
    catalog: &Catalog,
    source: Option<SessionSource<'_>>,
) -> Value {
    let key = model_key(&report.meta.title);
    let residual_of: HashMap<&str, &ResidualRow> = report
        .residual_register
        .iter()
        .map(|r| (r.threat.as_str(), r))
        .collect();
    let threats: Vec<&ThreatRow> = report
        .threat_register
        .threats
        .iter()
        .filter(|t| residual_of.get(t.id.as_str()).is_none_or(|r| is_open(r)))
        .collect();
    let threat_of = report.threat_register.by_id();
    let locator = Locator::new(report, session, source);

    // Rules, in first-use order; each rule's level is its worst result's.
    let mut rules: Vec<(String, Value)> = Vec::new();
    let mut worst: BTreeMap<String, Option<RiskLevel>> = BTreeMap::new();
    let mut note = |id: String, risk: Option<RiskLevel>| {
        let entry = worst.entry(id).or_insert(risk);
        *entry = (*entry).max(risk);
    };
    for t in &threats {
        note(
            threat_rule_id(t),
            risk_of(t, residual_of.get(t.id.as_str()).copied()),
        );
    }
    let gaps: Vec<(&GapRow, GapRule)> = report
        .mitigation_register
        .gaps
        .iter()
        .flat_map(|g| g.rules.iter().map(move |r| (g, *r)))
        .collect();
    for (g, r) in &gaps {
        note(gap_rule_id(*r), g.inherent);
    }
    for t in &threats {
        let id = threat_rule_id(t);
        if !rules.iter().any(|(r, _)| *r == id) {
            let rule = threat_rule(catalog, t, worst[&id]);
            rules.push((id, rule));
        }
    }
    for (_, r) in &gaps {
        let id = gap_rule_id(*r);
        if !rules.iter().any(|(x, _)| *x == id) {
            rules.push((id.clone(), gap_rule(*r, worst[&id])));
        }
    }
    let index_of = |id: &str| rules.iter().position(|(r, _)| r == id).unwrap_or(0);

    let mut results = Vec::new();
    for t in &threats {
        let residual = residual_of.get(t.id.as_str()).copied();
        let risk = risk_of(t, residual);
        let rule_id = threat_rule_id(t);
        let mut message = format!("{} {}: ", t.id, t.name);
        match (residual.and_then(|r| r.level), t.inherent) {
            (Some(res), Some(inh)) => {
                message.push_str(&format!("{res} residual risk (inherent {inh})"));
            }
            (_, Some(inh)) => message.push_str(&format!("{inh} inherent risk, residual not set")),
            _ => message.push_str("not rated yet (severity or likelihood missing)"),
        }
        if let Some(d) = residual.and_then(|r| r.disposition) {
            message.push_str(&format!(", {d}"));
        }
        message.push('.');
        if t.mitigations.is_empty() {
            message.push_str(" No mitigation planned.");
        } else {
            message.push_str(&format!(" Mitigations: {}.", t.mitigations.join(", ")));
        }
        let mut result = json!({
            "ruleId": rule_id,
            "ruleIndex": index_of(&rule_id),
            "level": level(risk),
            "message": { "text": message },
            "partialFingerprints": { "maestroThreat/v1": format!("{key}/{}", t.id) },
            "properties": threat_properties(t, residual),
        });
        locator.place(&mut result, &t.id, &t.mitigations);
        if let Some(r) = residual
            && r.disposition == Some(Disposition::Accepted)
        {
            let why = if r.justification.is_empty() {
                "Risk accepted in the residual risk register".to_string()
            } else {
                r.justification.clone()
            };
            result["suppressions"] =
                json!([{ "kind": "external", "status": "accepted", "justification": why }]);
        }
        results.push(result);
    }
    for (g, rule) in &gaps {
        let rule_id = gap_rule_id(*rule);
        let mut message = format!("{} {}: {}", g.threat, g.name, rule.short());
        if !g.missing.is_empty() {
            message.push_str(&format!(" (missing: {})", g.missing.join("; ")));
        }
        message.push('.');
        let mitigations = threat_of
            .get(g.threat.as_str())
            .map_or(&[][..], |t| &t.mitigations[..]);
        let mut result = json!({
            "ruleId": rule_id,
            "ruleIndex": index_of(&rule_id),
            "level": level(g.inherent),
            "message": { "text": message },
            "partialFingerprints": {
                "maestroGap/v1": format!("{key}/{}/{}", g.threat, rule_id),
            },
            "properties": {
                "threat": g.threat,
                "inherent": g.inherent,
                "mitigations": g.mitigations,
                "missing": g.missing,
            },
        });
        locator.place(&mut result, &g.threat, mitigations);
        if !g.acknowledged.is_empty() {
            result["suppressions"] = json!([{
                "kind": "external",
                "status": "accepted",
                "justification": g.acknowledged,
            }]);
        }
        results.push(result);
    }

    let mut run = json!({
        "tool": { "driver": {
            "name": "maestro-tm",
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://github.com/agentic-threat-modeling/MAESTRO",
            "rules": rules.into_iter().map(|(_, r)| r).collect::<Vec<_>>(),
        }},
        "automationDetails": { "id": format!("maestro-tm/{key}/") },
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "model": report.meta.title,
            "modelVersion": report.meta.version,
            "assessed": report.meta.assessed,
            "catalogVersion": report.meta.catalog_version,
        },
    });
    if !report.code_validation.source_root.is_empty() {
        run["originalUriBaseIds"] = json!({
            "SRCROOT": { "description": {
                "text": format!("Source tree of the code validation (phase 8): {}",
                    report.code_validation.source_root),
            }},
        });
    }
    json!({
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [run],
    })
}

/// Renders a SARIF log as pretty JSON ending in a newline.
pub fn to_sarif_json(
    report: &Report,
    session: &Session,
    catalog: &Catalog,
    source: Option<SessionSource<'_>>,
) -> String {
    let log = to_sarif(report, session, catalog, source);
    let mut text = serde_json::to_string_pretty(&log).expect("a JSON value always serializes");
    text.push('\n');
    crate::text::json_visible(text)
}

/// Still needs work: no residual record yet, or one whose risk counts against the gate
/// (an Accepted risk stays, as a suppressed result). Unrated threats are open.
fn is_open(r: &ResidualRow) -> bool {
    r.open || r.level.is_none()
}

/// The level a result is reported at: the residual level when set, else the inherent.
fn risk_of(t: &ThreatRow, residual: Option<&ResidualRow>) -> Option<RiskLevel> {
    residual.and_then(|r| r.level).or(t.inherent)
}

fn threat_properties(t: &ThreatRow, residual: Option<&ResidualRow>) -> Value {
    json!({
        "threat": t.id,
        "catalog": t.catalog,
        "asi": t.asi,
        "layers": t.layers,
        "inherent": t.inherent,
        "effectiveRisk": t.effective,
        "residual": residual.and_then(|r| r.level),
        "disposition": residual.and_then(|r| r.disposition),
        "owner": residual.map_or("", |r| r.owner.as_str()),
        "components": t.components,
        "mitigations": t.mitigations,
    })
}

/// File, line and note of one piece of phase 8 evidence.
type Evidence<'a> = (&'a str, Option<u32>, &'a str);

/// Finds where a result points: evidence locations of its mitigations, and the
/// threat's record in the session file.
struct Locator<'a> {
    /// Mitigation id → (file, line, note) of its phase 8 evidence.
    evidence: HashMap<&'a str, Vec<Evidence<'a>>>,
    /// Threat id → (line, column) of its record in the session file.
    records: HashMap<&'a str, (usize, usize)>,
    session_uri: Option<String>,
}

impl<'a> Locator<'a> {
    fn new(report: &'a Report, session: &'a Session, source: Option<SessionSource<'_>>) -> Self {
        let mut evidence: HashMap<&str, Vec<_>> = HashMap::new();
        for f in &report.code_validation.findings {
            for e in &f.evidence {
                if !e.file.trim().is_empty() {
                    evidence.entry(f.mitigation.as_str()).or_default().push((
                        e.file.as_str(),
                        e.line,
                        e.note.as_str(),
                    ));
                }
            }
        }
        let mut records = HashMap::new();
        let session_uri = source
            .filter(|s| s.path != "-" && !s.path.is_empty())
            .map(|s| uri_reference(s.path));
        if let Some(src) = source.filter(|_| session_uri.is_some())
            && let Ok(table) = toml::de::DeTable::parse(src.text)
        {
            // One parse for all threats: record spans straight from the table.
            let threats = table
                .get_ref()
                .iter()
                .find(|(k, _)| k.get_ref() == "threats")
                .map(|(_, v)| v.get_ref());
            if let Some(toml::de::DeValue::Array(items)) = threats {
                for (item, threat) in items.iter().zip(&session.threats) {
                    let (line, column) = crate::located::line_column(src.text, item.span().start);
                    records.entry(threat.id.as_str()).or_insert((line, column));
                }
            }
        }
        Locator {
            evidence,
            records,
            session_uri,
        }
    }

    fn session_location(&self, threat: &str) -> Option<Value> {
        let uri = self.session_uri.as_ref()?;
        let mut location = json!({
            "physicalLocation": { "artifactLocation": { "uri": uri } },
            "message": { "text": format!("Threat {threat} in the threat model") },
        });
        if let Some((line, column)) = self.records.get(threat) {
            location["physicalLocation"]["region"] =
                json!({ "startLine": line, "startColumn": column });
        }
        Some(location)
    }

    fn place(&self, result: &mut Value, threat: &str, mitigations: &[String]) {
        let mut locations = Vec::new();
        for m in mitigations {
            for (file, line, note) in self.evidence.get(m.as_str()).into_iter().flatten() {
                let mut physical = json!({
                    "artifactLocation": { "uri": uri_reference(file), "uriBaseId": "SRCROOT" },
                });
                if let Some(line) = line.filter(|l| *l > 0) {
                    physical["region"] = json!({ "startLine": line });
                }
                let text = if note.is_empty() {
                    format!("Evidence for mitigation {m}")
                } else {
                    format!("Evidence for mitigation {m}: {note}")
                };
                locations
                    .push(json!({ "physicalLocation": physical, "message": { "text": text } }));
            }
        }
        let record = self.session_location(threat);
        if locations.is_empty() {
            if let Some(record) = record {
                result["locations"] = json!([record]);
            }
        } else {
            result["locations"] = Value::Array(locations);
            if let Some(mut record) = record {
                record["id"] = json!(0);
                result["relatedLocations"] = json!([record]);
            }
        }
    }
}

#[cfg(test)]
mod tests;
