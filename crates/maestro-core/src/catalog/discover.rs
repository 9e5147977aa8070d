//! Catalog section `discover.toml`: the signals architecture discovery looks for in a
//! source tree, and the phase 8 code checks.
//!
//! Every detector is data so a user can add their own in an override file without a
//! rebuild. A signal names what it matches (file paths, keys of a JSON/YAML/TOML
//! document, Python/TypeScript constructs, string literals, package names) and what it
//! proposes (a `component_kinds` id, layers, a confidence, a trust-zone hint, facts).
//! The scanner itself (`crate::discover`) holds no framework knowledge.

use super::{Catalog, ListRow, Listing, check_unique};
use crate::vocab::{ComponentKind, Layer};
use serde::{Deserialize, Serialize};

/// The `discover.toml` section.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Discover {
    /// Files recognised by their path (Dockerfile, Terraform, Helm charts, …).
    #[serde(default)]
    pub files: Vec<FileSignal>,
    /// Keys of structured documents (MCP client configs, compose services, agent cards, …).
    #[serde(default)]
    pub keys: Vec<KeySignal>,
    /// Python and TypeScript constructs: calls, decorators and base classes of imported symbols.
    #[serde(default)]
    pub code: Vec<CodeSignal>,
    /// String literals (model names, connection URLs) in code and configuration values.
    #[serde(default)]
    pub strings: Vec<StringSignal>,
    /// Packages named in dependency manifests.
    #[serde(default)]
    pub packages: Vec<PackageSignal>,
    /// Line patterns that set a phase 1 fact (human approval, iteration limits, …).
    #[serde(default)]
    pub hints: Vec<HintSignal>,
    /// Phase 8 code checks: evidence for or against a catalog mitigation.
    #[serde(default)]
    pub checks: Vec<CodeCheck>,
}

/// What a signal proposes when it matches (shared by every signal kind).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Proposes {
    /// Component kind proposed; none for a signal that only records facts.
    #[serde(default)]
    pub kind: Option<ComponentKind>,
    /// Layers of the component; empty means the kind's layers from the taxonomy.
    #[serde(default)]
    pub layers: Vec<Layer>,
    /// 0.0–1.0: how sure a match makes the proposal.
    #[serde(default = "default_confidence")]
    pub confidence: f32,
    /// Fixed component name (e.g. "OpenAI"); empty means the name comes from the match.
    #[serde(default)]
    pub label: String,
    /// Technology recorded on the component (framework or product).
    #[serde(default)]
    pub technology: String,
    /// Trust-zone hint for the component.
    #[serde(default)]
    pub zone: Option<ZoneHint>,
    /// Phase 1 facts a match sets (`uses-mcp`, `multi-agent`, `human-approval`, …).
    #[serde(default)]
    pub facts: Vec<String>,
    /// Proposed only when no other signal finds a component of the same kind (a
    /// framework default that a specific product usually replaces).
    #[serde(default)]
    pub fallback: bool,
}

fn default_confidence() -> f32 {
    0.7
}

/// Where a discovered component probably runs, relative to the system's trust zones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ZoneHint {
    /// Packaged in a container or deployment unit of the system.
    Container,
    /// A network service of the system (database, broker) reached over the network.
    Network,
    /// Run by a third party (hosted model API, SaaS, remote MCP server).
    External,
    /// Faces users (web UI, chat front end, public API).
    UserFacing,
}

impl ZoneHint {
    pub fn as_str(self) -> &'static str {
        match self {
            ZoneHint::Container => "container",
            ZoneHint::Network => "network",
            ZoneHint::External => "external",
            ZoneHint::UserFacing => "user-facing",
        }
    }
}

/// A file recognised by its path.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileSignal {
    pub id: String,
    pub name: String,
    /// Glob patterns matched against the path relative to the scanned root.
    pub paths: Vec<String>,
    /// Regular expression the file text must contain (checked only when present).
    #[serde(default)]
    pub contains: Option<String>,
    /// How the component is named: `label`, `dir` (parent folder), `stem` (file name).
    #[serde(default = "default_file_name_from")]
    pub name_from: String,
    #[serde(flatten)]
    pub proposes: Proposes,
}

fn default_file_name_from() -> String {
    "dir".to_string()
}

/// A key of a structured document (JSON, YAML or TOML).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct KeySignal {
    pub id: String,
    pub name: String,
    /// Glob patterns of the documents to look in.
    pub paths: Vec<String>,
    /// Dotted key path from the document root; empty for the root itself.
    #[serde(default)]
    pub key: String,
    /// One component per entry of the value at `key` (map keys or array items) instead
    /// of one for the value itself.
    #[serde(default)]
    pub each: bool,
    /// Fields the value (or each entry) must have.
    #[serde(default)]
    pub require: Vec<String>,
    /// `field` of the value must match `matches` (a regular expression).
    #[serde(default)]
    pub when: Option<FieldMatch>,
    /// Dotted field giving the name (default: the map key; `label` when set).
    #[serde(default)]
    pub name_field: Option<String>,
    /// Field listing other entries this one talks to (compose `depends_on`): flows.
    #[serde(default)]
    pub links_field: Option<String>,
    #[serde(flatten)]
    pub proposes: Proposes,
}

/// A condition on one field of a structured value.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FieldMatch {
    pub field: String,
    pub matches: String,
}

/// Languages the code scanner reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Python,
    /// TypeScript and JavaScript (`.ts`, `.tsx`, `.js`, `.jsx`, `.mjs`, `.cjs`).
    Typescript,
}

/// A Python or TypeScript construct involving a symbol imported from `module`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CodeSignal {
    pub id: String,
    pub name: String,
    /// Framework the construct belongs to (recorded as a fact).
    #[serde(default)]
    pub framework: String,
    pub languages: Vec<Language>,
    /// Module prefixes (whole dotted or `/` segments) the symbol must be imported from
    /// (`crewai`, `@ai-sdk/openai`).
    pub modules: Vec<String>,
    /// Calls (or `new`) of these imported names.
    #[serde(default)]
    pub calls: Vec<String>,
    /// Method calls with these names, in a file that imports `module`.
    #[serde(default)]
    pub methods: Vec<String>,
    /// Decorators with these names (last dotted segment), in a file that imports `module`.
    #[serde(default)]
    pub decorators: Vec<String>,
    /// Classes derived from these imported names.
    #[serde(default)]
    pub bases: Vec<String>,
    /// Where the name comes from, first found wins: `arg:<keyword>`, `string` (first
    /// string argument), `variable` (assigned to), `key` (object key or keyword the call
    /// is the value of), `function`/`class` (decorated or defined name), `call` (the
    /// called name), `model-string` (label of the string signal an argument matches),
    /// `file` (file or folder name), `label`.
    #[serde(default)]
    pub name_from: Vec<String>,
    /// Names that are not components (graph sentinels such as `START`, `tools`).
    #[serde(default)]
    pub skip_names: Vec<String>,
    /// Keyword arguments whose listed identifiers are tools (a function defined in the
    /// tree becomes a tool component).
    #[serde(default)]
    pub tool_args: Vec<String>,
    /// The construct is an edge between two named components (first two arguments)
    /// rather than a component.
    #[serde(default)]
    pub edge: bool,
    #[serde(flatten)]
    pub proposes: Proposes,
}

/// A string literal (or configuration value) matching `pattern`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StringSignal {
    pub id: String,
    pub name: String,
    pub pattern: String,
    #[serde(flatten)]
    pub proposes: Proposes,
}

/// Packages named in dependency manifests (pyproject, requirements, package.json,
/// Cargo.toml, go.mod).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PackageSignal {
    pub id: String,
    pub name: String,
    /// Package names; Python names compare case-insensitively with `_` read as `-`.
    pub packages: Vec<String>,
    /// Framework recorded as a fact when a package is present.
    #[serde(default)]
    pub framework: String,
    /// Whether the package alone proposes a component (else it only records facts).
    #[serde(default)]
    pub component: bool,
    #[serde(flatten)]
    pub proposes: Proposes,
}

/// A line pattern that records a phase 1 fact.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct HintSignal {
    pub id: String,
    pub name: String,
    /// Fact set by a match (`human-approval`, `no-human-approval`, `iteration-limit`).
    pub fact: String,
    pub pattern: String,
    /// Glob patterns of the files to look in (default: every scanned text file).
    #[serde(default)]
    pub paths: Vec<String>,
}

/// Whether a check's hit speaks for or against the mitigation being in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    For,
    Against,
}

/// A phase 8 code check: a line pattern tied to a catalog mitigation.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CodeCheck {
    pub id: String,
    pub name: String,
    /// Catalog mitigation id the hit evidences or contradicts.
    pub mitigation: String,
    pub stance: Stance,
    /// Line pattern (regular expression).
    pub pattern: String,
    /// No hit in a file that also matches this (e.g. an allow-list nearby).
    #[serde(default)]
    pub unless: Option<String>,
    /// Glob patterns of the files to look in (default: every scanned text file).
    #[serde(default)]
    pub paths: Vec<String>,
    /// Why the hit matters, shown with it.
    pub explain: String,
}

impl Discover {
    /// Every signal id with the list it is in.
    fn ids(&self) -> impl Iterator<Item = &str> {
        self.files
            .iter()
            .map(|s| s.id.as_str())
            .chain(self.keys.iter().map(|s| s.id.as_str()))
            .chain(self.code.iter().map(|s| s.id.as_str()))
            .chain(self.strings.iter().map(|s| s.id.as_str()))
            .chain(self.packages.iter().map(|s| s.id.as_str()))
            .chain(self.hints.iter().map(|s| s.id.as_str()))
            .chain(self.checks.iter().map(|s| s.id.as_str()))
    }

    /// Ids unique, patterns compile, mitigations exist, confidences in range.
    pub fn check(&self, catalog: &Catalog, problems: &mut Vec<String>) {
        check_unique("discover", self.ids(), problems);
        let mut regex = |id: &str, pattern: &str| {
            if let Err(err) = regex::Regex::new(pattern) {
                problems.push(format!("discover `{id}`: bad pattern: {err}"));
            }
        };
        for s in &self.files {
            if let Some(p) = &s.contains {
                regex(&s.id, p);
            }
        }
        for s in &self.keys {
            if let Some(w) = &s.when {
                regex(&s.id, &w.matches);
            }
        }
        for s in &self.strings {
            regex(&s.id, &s.pattern);
        }
        for s in &self.hints {
            regex(&s.id, &s.pattern);
        }
        for s in &self.checks {
            regex(&s.id, &s.pattern);
            if let Some(p) = &s.unless {
                regex(&s.id, p);
            }
        }
        let globs = self
            .files
            .iter()
            .map(|s| (&s.id, &s.paths))
            .chain(self.keys.iter().map(|s| (&s.id, &s.paths)))
            .chain(self.hints.iter().map(|s| (&s.id, &s.paths)))
            .chain(self.checks.iter().map(|s| (&s.id, &s.paths)));
        for (id, paths) in globs {
            for glob in paths {
                if let Err(err) = globset::Glob::new(glob) {
                    problems.push(format!("discover `{id}`: bad path pattern: {err}"));
                }
            }
        }
        for s in &self.checks {
            if catalog.mitigations.get(&s.mitigation).is_none() {
                problems.push(format!(
                    "discover check `{}` refers to unknown mitigation `{}`",
                    s.id, s.mitigation
                ));
            }
        }
        for (id, p) in self.proposals() {
            if !(0.0..=1.0).contains(&p.confidence) {
                problems.push(format!("discover `{id}`: confidence must be 0.0–1.0"));
            }
        }
        for s in &self.code {
            if s.calls.is_empty()
                && s.methods.is_empty()
                && s.decorators.is_empty()
                && s.bases.is_empty()
            {
                problems.push(format!(
                    "discover code signal `{}` names no call, method, decorator or base",
                    s.id
                ));
            }
        }
    }

    /// Every signal that proposes something, with its id.
    fn proposals(&self) -> impl Iterator<Item = (&str, &Proposes)> {
        self.files
            .iter()
            .map(|s| (s.id.as_str(), &s.proposes))
            .chain(self.keys.iter().map(|s| (s.id.as_str(), &s.proposes)))
            .chain(self.code.iter().map(|s| (s.id.as_str(), &s.proposes)))
            .chain(self.strings.iter().map(|s| (s.id.as_str(), &s.proposes)))
            .chain(self.packages.iter().map(|s| (s.id.as_str(), &s.proposes)))
    }
}

impl Listing for Discover {
    fn rows(&self, layer: Option<Layer>) -> Vec<ListRow> {
        let shown = |layers: &[Layer]| layer.is_none_or(|l| layers.contains(&l));
        let mut rows: Vec<ListRow> = self
            .files
            .iter()
            .map(|s| (s.id.as_str(), s.name.as_str(), "file", &s.proposes))
            .chain(
                self.keys
                    .iter()
                    .map(|s| (s.id.as_str(), s.name.as_str(), "key", &s.proposes)),
            )
            .chain(
                self.code
                    .iter()
                    .map(|s| (s.id.as_str(), s.name.as_str(), "code", &s.proposes)),
            )
            .chain(
                self.strings
                    .iter()
                    .map(|s| (s.id.as_str(), s.name.as_str(), "string", &s.proposes)),
            )
            .chain(
                self.packages
                    .iter()
                    .map(|s| (s.id.as_str(), s.name.as_str(), "package", &s.proposes)),
            )
            .filter(|(_, _, _, p)| shown(&p.layers))
            .map(|(id, name, what, p)| ListRow {
                id: id.to_string(),
                name: name.to_string(),
                layers: p.layers.clone(),
                detail: format!(
                    "{what} signal → {}",
                    p.kind.map_or("facts only", |k| k.as_str())
                ),
            })
            .collect();
        if layer.is_none() {
            rows.extend(self.checks.iter().map(|c| ListRow {
                id: c.id.clone(),
                name: c.name.clone(),
                layers: Vec::new(),
                detail: format!(
                    "check: {} {}",
                    match c.stance {
                        Stance::For => "for",
                        Stance::Against => "against",
                    },
                    c.mitigation
                ),
            }));
        }
        rows
    }

    fn to_json(&self, _layer: Option<Layer>) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_signals_cover_the_issue_list() {
        let c = Catalog::embedded();
        let d = &c.discover;
        assert!(d.keys.iter().any(|k| k.key == "mcpServers"));
        for module in [
            "crewai",
            "langgraph",
            "autogen",
            "agents",
            "mcp",
            "pydantic_ai",
        ] {
            assert!(
                d.code.iter().any(|s| s.modules.iter().any(|m| m == module)),
                "no code signal for {module}"
            );
        }
        assert!(d.checks.iter().any(|c| c.stance == Stance::Against));
    }

    #[test]
    fn a_bad_pattern_or_unknown_mitigation_is_reported() {
        let mut c = Catalog::embedded();
        c.discover.strings[0].pattern = "(".into();
        c.discover.checks[0].mitigation = "L9-P9".into();
        let problems = c.integrity_problems();
        assert!(
            problems.iter().any(|p| p.contains("bad pattern")),
            "{problems:?}"
        );
        assert!(problems.iter().any(|p| p.contains("L9-P9")), "{problems:?}");
    }
}
