//! The MAESTRO playbook's knowledge as data.
//!
//! The catalog ships as TOML files under `catalog/`, embedded in the binary so the
//! tool works air-gapped. A user may add or replace entries from override
//! directories (the `--catalog DIR` flag, then the user's config directory): a file
//! there with the same name as an embedded one is merged into it, entries matched by
//! `id` (same id replaces, new id adds). After loading, an integrity check makes sure
//! IDs are unique and every cross-reference resolves.
//!
//! Each section lives in its own module and owns its types, its integrity checks
//! (`check`) and its listing for `maestro-tm catalog` (the [`Listing`] trait).

pub mod checklists;
pub mod discover;
pub mod engagement;
pub mod factors;
pub mod frameworks;
pub mod layers;
pub mod mitigations;
pub mod patterns;
pub mod phases;
pub mod scoring;
pub mod taxonomy;
pub mod threats;

mod overlay;

use crate::located::Located;
use crate::vocab::Layer;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use std::path::{Path, PathBuf};

/// Catalog files, in load order, as embedded at build time.
pub const EMBEDDED_FILES: &[(&str, &str)] = &[
    ("meta.toml", include_str!("../../../../catalog/meta.toml")),
    (
        "layers.toml",
        include_str!("../../../../catalog/layers.toml"),
    ),
    (
        "phases.toml",
        include_str!("../../../../catalog/phases.toml"),
    ),
    (
        "factors.toml",
        include_str!("../../../../catalog/factors.toml"),
    ),
    (
        "threats.toml",
        include_str!("../../../../catalog/threats.toml"),
    ),
    (
        "patterns.toml",
        include_str!("../../../../catalog/patterns.toml"),
    ),
    (
        "checklists.toml",
        include_str!("../../../../catalog/checklists.toml"),
    ),
    (
        "mitigations.toml",
        include_str!("../../../../catalog/mitigations.toml"),
    ),
    (
        "taxonomy.toml",
        include_str!("../../../../catalog/taxonomy.toml"),
    ),
    (
        "scoring.toml",
        include_str!("../../../../catalog/scoring.toml"),
    ),
    (
        "engagement.toml",
        include_str!("../../../../catalog/engagement.toml"),
    ),
    (
        "frameworks.toml",
        include_str!("../../../../catalog/frameworks.toml"),
    ),
    (
        "discover.toml",
        include_str!("../../../../catalog/discover.toml"),
    ),
];

/// The licence text that must travel with the catalog data (CC BY-SA 4.0).
pub const LICENSE: &str = include_str!("../../../../catalog/LICENSE");

/// Version and attribution of the catalog data.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Meta {
    /// Catalog data version, stored in each session that was made with it.
    pub version: String,
    /// Playbook version the data was taken from.
    pub playbook_version: String,
    /// Attribution line required by CC BY-SA 4.0.
    pub attribution: String,
    pub license: String,
}

/// The whole catalog, one field per section file.
#[derive(Debug, Clone, Serialize)]
pub struct Catalog {
    pub meta: Meta,
    pub layers: layers::Layers,
    pub phases: phases::Phases,
    pub factors: factors::Factors,
    pub threats: threats::Threats,
    pub patterns: patterns::Patterns,
    pub checklists: checklists::Checklists,
    pub mitigations: mitigations::Mitigations,
    pub taxonomy: taxonomy::Taxonomy,
    pub scoring: scoring::Scoring,
    pub engagement: engagement::Engagement,
    pub frameworks: frameworks::Frameworks,
    /// Signals of architecture discovery and the phase 8 code checks.
    pub discover: discover::Discover,
    /// Override files that were merged in, in order (empty for the pure embedded catalog).
    #[serde(skip)]
    pub overrides: Vec<PathBuf>,
}

/// Why a catalog could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// A file (embedded or override) that does not parse or has wrong types.
    #[error("{0}")]
    Syntax(Located),
    /// Cross-reference or uniqueness problems after merging.
    #[error("catalog integrity check failed:\n  {}", .0.join("\n  "))]
    Integrity(Vec<String>),
}

/// One line of `maestro-tm catalog <section>` output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListRow {
    pub id: String,
    pub name: String,
    /// Layers the entry belongs to (empty when the entry is not per layer).
    pub layers: Vec<Layer>,
    /// One short line of extra detail (type, STRIDE, kind, …).
    pub detail: String,
}

/// How a section presents itself on the command line.
pub trait Listing {
    /// Rows for the text listing, filtered to `layer` when given.
    fn rows(&self, layer: Option<Layer>) -> Vec<ListRow>;
    /// Full entries as JSON, filtered to `layer` when given.
    fn to_json(&self, layer: Option<Layer>) -> serde_json::Value;
}

impl Catalog {
    /// The catalog as shipped in the binary, without user overrides.
    ///
    /// The embedded data is checked by the test suite, so failing here is a build defect.
    pub fn embedded() -> Catalog {
        Catalog::load(&[]).expect("embedded catalog is valid (checked by tests)")
    }

    /// Loads the embedded catalog and merges every override directory in order.
    /// Missing directories are skipped; a file that is present but broken is an error.
    pub fn load(override_dirs: &[PathBuf]) -> Result<Catalog, CatalogError> {
        let mut used = Vec::new();
        let meta: Meta = load_section("meta.toml", override_dirs, &mut used)?;
        let mut catalog = Catalog {
            meta,
            layers: load_section("layers.toml", override_dirs, &mut used)?,
            phases: load_section("phases.toml", override_dirs, &mut used)?,
            factors: load_section("factors.toml", override_dirs, &mut used)?,
            threats: load_section("threats.toml", override_dirs, &mut used)?,
            patterns: load_section("patterns.toml", override_dirs, &mut used)?,
            checklists: load_section("checklists.toml", override_dirs, &mut used)?,
            mitigations: load_section("mitigations.toml", override_dirs, &mut used)?,
            taxonomy: load_section("taxonomy.toml", override_dirs, &mut used)?,
            scoring: load_section("scoring.toml", override_dirs, &mut used)?,
            engagement: load_section("engagement.toml", override_dirs, &mut used)?,
            frameworks: load_section("frameworks.toml", override_dirs, &mut used)?,
            discover: load_section("discover.toml", override_dirs, &mut used)?,
            overrides: Vec::new(),
        };
        if !used.is_empty() {
            // A session records the catalog it was made with; mark local changes.
            catalog.meta.version.push_str("+local");
        }
        catalog.overrides = used;
        let problems = catalog.integrity_problems();
        if problems.is_empty() {
            Ok(catalog)
        } else {
            Err(CatalogError::Integrity(problems))
        }
    }

    /// Every uniqueness and cross-reference problem in the catalog (empty when sound).
    pub fn integrity_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        self.layers.check(self, &mut problems);
        self.phases.check(self, &mut problems);
        self.factors.check(self, &mut problems);
        self.threats.check(self, &mut problems);
        self.patterns.check(self, &mut problems);
        self.checklists.check(self, &mut problems);
        self.mitigations.check(self, &mut problems);
        self.taxonomy.check(self, &mut problems);
        self.scoring.check(self, &mut problems);
        self.engagement.check(self, &mut problems);
        self.frameworks.check(self, &mut problems);
        self.discover.check(self, &mut problems);
        self.check_threat_references(&mut problems);
        problems
    }

    /// Sections owned by other modules name threats by id; each must exist.
    fn check_threat_references(&self, problems: &mut Vec<String>) {
        let references = self
            .mitigations
            .referenced_threats()
            .map(|(from, threat)| ("mitigation", from, threat))
            .chain(
                self.checklists
                    .referenced_threats()
                    .map(|(from, threat)| ("checklist item", from, threat)),
            );
        let framework_refs = self.frameworks.threat_references();
        let references = references.chain(
            framework_refs
                .iter()
                .map(|(from, threat)| ("framework entry", from.as_str(), *threat)),
        );
        let layer_refs = self.layers.layers.iter().flat_map(|l| {
            l.key_threats
                .iter()
                .map(move |t| ("layer", l.id.as_str(), t.as_str()))
        });
        let factor_refs = self.factors.factors.iter().flat_map(|f| {
            f.typical_threats
                .iter()
                .map(move |t| ("agentic factor", f.id.as_str(), t.as_str()))
        });
        let engagement = &self.engagement;
        let engagement_refs = engagement
            .single_agent_skip
            .iter()
            .chain(&engagement.single_agent_keep)
            .map(|n| ("single-agent note", "engagement", n.id.as_str()))
            .chain(
                engagement
                    .mcp_threats
                    .iter()
                    .map(|m| ("MCP threat", "engagement", m.id.as_str())),
            );
        let references = references
            .chain(layer_refs)
            .chain(factor_refs)
            .chain(engagement_refs);
        for (what, from, threat) in references {
            if self.threats.get(threat).is_none() {
                problems.push(format!(
                    "{what} `{from}` refers to unknown threat `{threat}`"
                ));
            }
        }
    }

    /// The section listing for a `maestro-tm catalog <name>` argument.
    pub fn section(&self, name: &str) -> Option<&dyn Listing> {
        Some(match name {
            "layers" => &self.layers,
            "phases" => &self.phases,
            "factors" => &self.factors,
            "threats" => &self.threats,
            "patterns" => &self.patterns,
            "checklists" => &self.checklists,
            "mitigations" => &self.mitigations,
            "taxonomy" => &self.taxonomy,
            "scoring" => &self.scoring,
            "engagement" => &self.engagement,
            "frameworks" => &self.frameworks,
            "discover" => &self.discover,
            _ => return None,
        })
    }

    /// Section names accepted by [`Catalog::section`].
    pub const SECTIONS: &'static [&'static str] = &[
        "layers",
        "phases",
        "threats",
        "mitigations",
        "patterns",
        "factors",
        "checklists",
        "frameworks",
        "taxonomy",
        "scoring",
        "engagement",
        "discover",
    ];
}

/// Reports duplicate IDs among `ids` as problems named after `what`.
pub fn check_unique<'a>(
    what: &str,
    ids: impl IntoIterator<Item = &'a str>,
    problems: &mut Vec<String>,
) {
    let mut seen = std::collections::BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            problems.push(format!("{what}: duplicate id `{id}`"));
        }
    }
}

fn embedded_text(name: &str) -> &'static str {
    EMBEDDED_FILES
        .iter()
        .find(|(file, _)| *file == name)
        .map(|(_, text)| *text)
        .unwrap_or_else(|| panic!("catalog file {name} is listed in EMBEDDED_FILES"))
}

/// Parses one section from the embedded text, merged with each override file present.
fn load_section<T: DeserializeOwned>(
    name: &str,
    override_dirs: &[PathBuf],
    used: &mut Vec<PathBuf>,
) -> Result<T, CatalogError> {
    let embedded_path = Path::new("<embedded>/catalog").join(name);
    let text = embedded_text(name);
    let overlays: Vec<PathBuf> = override_dirs
        .iter()
        .map(|dir| dir.join(name))
        .filter(|path| path.exists())
        .collect();
    if overlays.is_empty() {
        // Nothing to merge (the usual start): one parse, straight into the section's
        // types, instead of a table, a typed check and a typed copy of the table.
        return toml::from_str::<T>(text)
            .map_err(|e| CatalogError::Syntax(Located::from_toml(&embedded_path, text, &e)));
    }
    let mut merged: toml::Table = parse_typed::<T>(&embedded_path, text)?;
    for path in overlays {
        let text = crate::limits::read_text(
            &path,
            crate::limits::MAX_CATALOG_OVERRIDE_BYTES,
            "catalog override",
        )
        .map_err(|e| CatalogError::Syntax(Located::whole_file(&path, e.to_string())))?;
        let overlay_table = parse_overlay(&path, &text)?;
        overlay::merge_by_id(&mut merged, overlay_table);
        used.push(path);
    }
    T::deserialize(toml::Value::Table(merged)).map_err(|err| {
        CatalogError::Syntax(Located::whole_file(
            embedded_path,
            format!("after merging overrides: {}", err.message()),
        ))
    })
}

/// Parses a file and checks that it has the section's shape, keeping positions in errors.
fn parse_typed<T: DeserializeOwned>(path: &Path, text: &str) -> Result<toml::Table, CatalogError> {
    let table: toml::Table = toml::from_str(text)
        .map_err(|e| CatalogError::Syntax(Located::from_toml(path, text, &e)))?;
    toml::from_str::<T>(text)
        .map_err(|e| CatalogError::Syntax(Located::from_toml(path, text, &e)))?;
    Ok(table)
}

/// Parses an override file: TOML syntax is checked here; the entry shapes are checked
/// when the merged section is deserialized, and again per entry by `overlay`.
fn parse_overlay(path: &Path, text: &str) -> Result<toml::Table, CatalogError> {
    crate::limits::check_toml_nesting(text)
        .and_then(|()| crate::limits::check_catalog_value_density(text))
        .map_err(|m| CatalogError::Syntax(Located::whole_file(path, m)))?;
    let table: toml::Table = toml::from_str(text)
        .map_err(|e| CatalogError::Syntax(Located::from_toml(path, text, &e)))?;
    reject_duplicate_ids(path, text, &table)?;
    Ok(table)
}

/// Offset of the second `id = "ID"` line of an override file (catalog ids are plain
/// strings, written on their own line).
fn second_id_line(text: &str, id: &str) -> Option<usize> {
    let mut offset = 0;
    let mut found = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("id")
            && let Some(value) = rest.trim_start().strip_prefix('=')
            && value.trim().trim_matches(['"', '\'']) == id
        {
            found += 1;
            if found == 2 {
                return Some(offset + (line.len() - trimmed.len()));
            }
        }
        offset += line.len();
    }
    None
}

/// Two entries with one `id` in an override file: the merge would keep the last one
/// silently, so the file is refused, pointing at the second (TOML itself already
/// refuses a key written twice in one table).
fn reject_duplicate_ids(path: &Path, text: &str, table: &toml::Table) -> Result<(), CatalogError> {
    for (key, value) in table {
        let Some(items) = value.as_array() else {
            continue;
        };
        let mut seen = std::collections::BTreeSet::new();
        for item in items {
            let Some(id) = item.get("id").and_then(|v| v.as_str()) else {
                continue;
            };
            if !seen.insert(id) {
                let message = format!(
                    "duplicate id `{}` in `{key}`: each entry may appear once per file",
                    crate::text::sanitize_id(id)
                );
                return Err(CatalogError::Syntax(match second_id_line(text, id) {
                    Some(offset) => Located::at_offset(path, text, offset, message),
                    None => Located::whole_file(path, message),
                }));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
