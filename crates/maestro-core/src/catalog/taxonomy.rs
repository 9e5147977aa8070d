//! Long because it declares every choice list of the analysis phases with its load-time checks (one catalog section, one file); its tests are in `taxonomy_tests.rs`.
//!
//! Catalog section `taxonomy.toml`: categories and choice lists of the analysis phases.
//!
//! Threat actor categories (phase 3), trust zone kinds, boundary controls and strengths
//! (phase 4), asset classes, classifications and lifecycle stages (phase 5), the business
//! context choices (phase 1), assumption statuses, code-validation values (phase 8) and the
//! component kinds of the system under review. A session stores the `id` of a choice.

use super::{Catalog, ListRow, Listing, check_unique};
use crate::vocab::{Classification, ComponentKind, ImplementationStatus, Layer, Level};
use serde::{Deserialize, Serialize};

/// The taxonomy section.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Taxonomy {
    /// Threat actor categories of phase 3.
    pub actors: Vec<ActorCategory>,
    pub capability_levels: Vec<Choice>,
    pub motivations: Vec<Choice>,
    /// Relevance flags of a threat actor.
    pub relevance: Vec<Choice>,
    /// Trust level words for zones, lowest first.
    pub trust_levels: Vec<Choice>,
    /// Common trust zones of phase 4.
    pub zone_kinds: Vec<ZoneKind>,
    /// Controls verified at every boundary crossing.
    pub boundary_controls: Vec<BoundaryControl>,
    /// Boundary strength ratings, strongest first.
    pub boundary_strengths: Vec<Choice>,
    /// Example protocols for a boundary crossing or an asset transfer.
    #[serde(default)]
    pub protocols: Vec<Choice>,
    /// Asset groups of phase 5.
    pub asset_classes: Vec<AssetClass>,
    pub classifications: Vec<Defined<Classification>>,
    pub lifecycle_stages: Vec<LifecycleStage>,
    #[serde(default)]
    pub exposure_points: Vec<Choice>,
    #[serde(default)]
    pub protection_controls: Vec<Choice>,
    pub user_bases: Vec<Choice>,
    pub agent_types: Vec<Choice>,
    /// Autonomy levels, least autonomous first.
    pub autonomy_levels: Vec<Choice>,
    /// Business criticality levels.
    pub criticality: Vec<Defined<Level>>,
    /// Regulations commonly named in phase 1.
    #[serde(default)]
    pub regulations: Vec<Choice>,
    pub assumption_statuses: Vec<Choice>,
    /// Phase 8 applicability gate by source-code access.
    pub source_access: Vec<SourceAccess>,
    /// Implementation status as a code-validation finding.
    pub code_findings: Vec<Defined<ImplementationStatus>>,
    pub test_coverage: Vec<Choice>,
    #[serde(default)]
    pub anti_patterns: Vec<Choice>,
    /// Remediation priority of a code-validation finding.
    pub remediation_priorities: Vec<Defined<Level>>,
    pub component_kinds: Vec<ComponentKindDef>,
}

/// One value of a simple choice list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Choice {
    /// Stable slug stored in sessions.
    pub id: String,
    /// The playbook's spelling, shown to the user.
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// A value of a shared vocabulary enum with its meaning in one context.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Defined<T> {
    pub id: T,
    pub description: String,
}

/// A threat actor category (phase 3).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ActorCategory {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Typical capability levels (ids of `capability_levels`).
    pub capability: Vec<String>,
    /// Typical motivations, dominant first (ids of `motivations`).
    pub motivations: Vec<String>,
    /// Layers this actor usually targets.
    pub target_layers: Vec<Layer>,
    /// Typical attack vectors, in words.
    #[serde(default)]
    pub vectors: Vec<String>,
}

/// A common kind of trust zone (phase 4).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ZoneKind {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Suggested trust level (id of `trust_levels`).
    pub default_trust: String,
    /// Layers whose components usually live in this zone.
    #[serde(default)]
    pub layers: Vec<Layer>,
    /// Component kinds usually placed in this zone.
    #[serde(default)]
    pub components: Vec<ComponentKind>,
}

/// What kind of answer a boundary control takes on a trust boundary record.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerKind {
    /// The name of the mechanism, or "None".
    Mechanism,
    /// Yes / No / Partial.
    YesNoPartial,
    /// Yes / No.
    YesNo,
}

/// A control to verify at a boundary crossing (phase 4 step 3).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BoundaryControl {
    pub id: String,
    pub name: String,
    /// The question the analyst answers for each crossing.
    pub question: String,
    pub answers: AnswerKind,
    /// Example mechanisms (for `mechanism` answers).
    #[serde(default)]
    pub examples: Vec<String>,
}

/// A group of assets (phase 5 step 1).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AssetClass {
    pub id: String,
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub examples: Vec<String>,
    /// Classification such assets usually get (a starting point, not a rule).
    pub typical_classification: Classification,
    /// Layers where such assets usually live.
    #[serde(default)]
    pub layers: Vec<Layer>,
}

/// A stage of an asset's lifecycle (phase 5 step 2).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LifecycleStage {
    pub id: String,
    pub name: String,
    /// What to find out about the asset at this stage.
    pub question: String,
    #[serde(default)]
    pub examples: Vec<String>,
}

/// One answer of the phase 8 applicability gate.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SourceAccess {
    pub id: String,
    pub name: String,
    pub description: String,
    /// What to do in phase 8 with this access.
    pub action: String,
    /// Phase 8 is skipped (recorded as not applicable).
    #[serde(default)]
    pub skip_code_validation: bool,
}

/// A component kind with its meaning and usual layers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ComponentKindDef {
    pub id: ComponentKind,
    pub name: String,
    pub description: String,
    /// Layers a component of this kind usually sits on.
    pub layers: Vec<Layer>,
}

/// Names of the simple choice lists, for [`Taxonomy::choices`].
pub const CHOICE_LISTS: &[&str] = &[
    "capability_levels",
    "motivations",
    "relevance",
    "trust_levels",
    "boundary_strengths",
    "protocols",
    "exposure_points",
    "protection_controls",
    "user_bases",
    "agent_types",
    "autonomy_levels",
    "regulations",
    "assumption_statuses",
    "test_coverage",
    "anti_patterns",
];

fn find<'a, T>(items: &'a [T], id: &str, key: impl Fn(&T) -> &str) -> Option<&'a T> {
    items.iter().find(|item| key(item) == id)
}

impl Taxonomy {
    pub fn get_actor(&self, id: &str) -> Option<&ActorCategory> {
        find(&self.actors, id, |a| &a.id)
    }

    pub fn get_zone_kind(&self, id: &str) -> Option<&ZoneKind> {
        find(&self.zone_kinds, id, |z| &z.id)
    }

    pub fn get_asset_class(&self, id: &str) -> Option<&AssetClass> {
        find(&self.asset_classes, id, |a| &a.id)
    }

    pub fn get_boundary_control(&self, id: &str) -> Option<&BoundaryControl> {
        find(&self.boundary_controls, id, |b| &b.id)
    }

    pub fn get_lifecycle_stage(&self, id: &str) -> Option<&LifecycleStage> {
        find(&self.lifecycle_stages, id, |s| &s.id)
    }

    pub fn get_source_access(&self, id: &str) -> Option<&SourceAccess> {
        find(&self.source_access, id, |s| &s.id)
    }

    pub fn get_component_kind(&self, kind: ComponentKind) -> Option<&ComponentKindDef> {
        self.component_kinds.iter().find(|k| k.id == kind)
    }

    /// The closed list a session field must take its value from, if it has one
    /// (see [`CLOSED_FIELDS`]): the form offers exactly these, `validate` accepts
    /// nothing else.
    pub fn closed(&self, record: &str, field: &str) -> Option<&[Choice]> {
        self.choices(closed_field(record, field)?.list)
    }

    /// A simple choice list by name (see [`CHOICE_LISTS`]).
    pub fn choices(&self, list: &str) -> Option<&[Choice]> {
        Some(match list {
            "capability_levels" => &self.capability_levels,
            "motivations" => &self.motivations,
            "relevance" => &self.relevance,
            "trust_levels" => &self.trust_levels,
            "boundary_strengths" => &self.boundary_strengths,
            "protocols" => &self.protocols,
            "exposure_points" => &self.exposure_points,
            "protection_controls" => &self.protection_controls,
            "user_bases" => &self.user_bases,
            "agent_types" => &self.agent_types,
            "autonomy_levels" => &self.autonomy_levels,
            "regulations" => &self.regulations,
            "assumption_statuses" => &self.assumption_statuses,
            "test_coverage" => &self.test_coverage,
            "anti_patterns" => &self.anti_patterns,
            _ => return None,
        })
    }

    /// Resolves what a user typed ("Partially Relevant", "partially-relevant") to a choice of
    /// `list`, matching the id or the name without regard to case.
    pub fn choice(&self, list: &str, text: &str) -> Option<&Choice> {
        let text = text.trim();
        self.choices(list)?
            .iter()
            .find(|c| c.id.eq_ignore_ascii_case(text) || c.name.eq_ignore_ascii_case(text))
    }

    /// Adds uniqueness and cross-reference problems of this section to `problems`.
    pub fn check(&self, _catalog: &Catalog, problems: &mut Vec<String>) {
        check_unique(
            "taxonomy.actors",
            self.actors.iter().map(|a| a.id.as_str()),
            problems,
        );
        check_unique(
            "taxonomy.zone_kinds",
            self.zone_kinds.iter().map(|z| z.id.as_str()),
            problems,
        );
        check_unique(
            "taxonomy.boundary_controls",
            self.boundary_controls.iter().map(|b| b.id.as_str()),
            problems,
        );
        check_unique(
            "taxonomy.asset_classes",
            self.asset_classes.iter().map(|a| a.id.as_str()),
            problems,
        );
        check_unique(
            "taxonomy.lifecycle_stages",
            self.lifecycle_stages.iter().map(|s| s.id.as_str()),
            problems,
        );
        check_unique(
            "taxonomy.source_access",
            self.source_access.iter().map(|s| s.id.as_str()),
            problems,
        );
        check_unique(
            "taxonomy.classifications",
            self.classifications.iter().map(|d| d.id.as_str()),
            problems,
        );
        check_unique(
            "taxonomy.criticality",
            self.criticality.iter().map(|d| d.id.as_str()),
            problems,
        );
        check_unique(
            "taxonomy.code_findings",
            self.code_findings.iter().map(|d| d.id.as_str()),
            problems,
        );
        check_unique(
            "taxonomy.remediation_priorities",
            self.remediation_priorities.iter().map(|d| d.id.as_str()),
            problems,
        );
        check_unique(
            "taxonomy.component_kinds",
            self.component_kinds.iter().map(|k| k.id.as_str()),
            problems,
        );
        for list in CHOICE_LISTS {
            let choices = self.choices(list).unwrap_or_default();
            check_unique(
                &format!("taxonomy.{list}"),
                choices.iter().map(|c| c.id.as_str()),
                problems,
            );
        }

        let resolves = |list: &str, id: &str| self.choice(list, id).is_some_and(|c| c.id == id);
        for actor in &self.actors {
            for cap in &actor.capability {
                if !resolves("capability_levels", cap) {
                    problems.push(format!(
                        "taxonomy.actors `{}`: unknown capability level `{cap}`",
                        actor.id
                    ));
                }
            }
            for m in &actor.motivations {
                if !resolves("motivations", m) {
                    problems.push(format!(
                        "taxonomy.actors `{}`: unknown motivation `{m}`",
                        actor.id
                    ));
                }
            }
        }
        for zone in &self.zone_kinds {
            if !resolves("trust_levels", &zone.default_trust) {
                problems.push(format!(
                    "taxonomy.zone_kinds `{}`: unknown trust level `{}`",
                    zone.id, zone.default_trust
                ));
            }
        }

        fn complete<T: Copy + PartialEq + std::fmt::Display>(
            what: &str,
            all: &[T],
            have: &[T],
            problems: &mut Vec<String>,
        ) {
            for v in all.iter().filter(|v| !have.contains(v)) {
                problems.push(format!("taxonomy.{what}: `{v}` is not defined"));
            }
        }
        let ids = |v: &[Defined<Level>]| v.iter().map(|d| d.id).collect::<Vec<_>>();
        complete(
            "classifications",
            Classification::ALL,
            &self
                .classifications
                .iter()
                .map(|d| d.id)
                .collect::<Vec<_>>(),
            problems,
        );
        complete("criticality", Level::ALL, &ids(&self.criticality), problems);
        complete(
            "remediation_priorities",
            Level::ALL,
            &ids(&self.remediation_priorities),
            problems,
        );
        complete(
            "code_findings",
            ImplementationStatus::ALL,
            &self.code_findings.iter().map(|d| d.id).collect::<Vec<_>>(),
            problems,
        );
        complete(
            "component_kinds",
            ComponentKind::ALL,
            &self
                .component_kinds
                .iter()
                .map(|k| k.id)
                .collect::<Vec<_>>(),
            problems,
        );
    }
}

fn row(table: &str, id: &str, name: &str, layers: &[Layer], detail: String) -> ListRow {
    ListRow {
        id: format!("{table}/{id}"),
        name: name.to_string(),
        layers: layers.to_vec(),
        detail,
    }
}

/// Whether an entry with `layers` is shown for the `filter` (entries without layers always are).
fn shown(layers: &[Layer], filter: Option<Layer>) -> bool {
    match filter {
        Some(layer) if !layers.is_empty() => layers.contains(&layer),
        _ => true,
    }
}

impl Listing for Taxonomy {
    fn rows(&self, layer: Option<Layer>) -> Vec<ListRow> {
        let mut rows = Vec::new();
        for a in self
            .actors
            .iter()
            .filter(|a| shown(&a.target_layers, layer))
        {
            let detail = format!(
                "capability {} · {}",
                a.capability.join("/"),
                a.motivations.join(", ")
            );
            rows.push(row("actor", &a.id, &a.name, &a.target_layers, detail));
        }
        for z in self.zone_kinds.iter().filter(|z| shown(&z.layers, layer)) {
            let detail = format!("default trust {}", z.default_trust);
            rows.push(row("zone", &z.id, &z.name, &z.layers, detail));
        }
        for b in &self.boundary_controls {
            rows.push(row(
                "boundary-control",
                &b.id,
                &b.name,
                &[],
                b.question.clone(),
            ));
        }
        for a in self
            .asset_classes
            .iter()
            .filter(|a| shown(&a.layers, layer))
        {
            let detail = format!("typically {}", a.typical_classification);
            rows.push(row("asset-class", &a.id, &a.name, &a.layers, detail));
        }
        for s in &self.lifecycle_stages {
            rows.push(row("lifecycle", &s.id, &s.name, &[], s.question.clone()));
        }
        for d in &self.classifications {
            rows.push(row(
                "classification",
                d.id.as_str(),
                d.id.as_str(),
                &[],
                d.description.clone(),
            ));
        }
        for d in &self.criticality {
            rows.push(row(
                "criticality",
                d.id.as_str(),
                d.id.as_str(),
                &[],
                d.description.clone(),
            ));
        }
        for s in &self.source_access {
            rows.push(row("source-access", &s.id, &s.name, &[], s.action.clone()));
        }
        for d in &self.code_findings {
            rows.push(row(
                "code-finding",
                d.id.as_str(),
                d.id.as_str(),
                &[],
                d.description.clone(),
            ));
        }
        for d in &self.remediation_priorities {
            rows.push(row(
                "remediation-priority",
                d.id.as_str(),
                d.id.as_str(),
                &[],
                d.description.clone(),
            ));
        }
        for list in CHOICE_LISTS {
            for c in self.choices(list).unwrap_or_default() {
                rows.push(row(list, &c.id, &c.name, &[], c.description.clone()));
            }
        }
        for k in self
            .component_kinds
            .iter()
            .filter(|k| shown(&k.layers, layer))
        {
            rows.push(row(
                "component-kind",
                k.id.as_str(),
                &k.name,
                &k.layers,
                k.description.clone(),
            ));
        }
        rows
    }

    fn to_json(&self, layer: Option<Layer>) -> serde_json::Value {
        let mut filtered = self.clone();
        if layer.is_some() {
            filtered.actors.retain(|a| shown(&a.target_layers, layer));
            filtered.zone_kinds.retain(|z| shown(&z.layers, layer));
            filtered.asset_classes.retain(|a| shown(&a.layers, layer));
            filtered.component_kinds.retain(|k| shown(&k.layers, layer));
        }
        serde_json::to_value(filtered).unwrap_or(serde_json::Value::Null)
    }
}

/// A session field whose value must come from one of the taxonomy's choice lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClosedField {
    /// Session record kind: `business`, `assumption`, `actor`, `boundary`, `validation`.
    pub record: &'static str,
    /// Field of the record, as in the session file.
    pub field: &'static str,
    /// Name of the list in [`Taxonomy::choices`].
    pub list: &'static str,
    /// What the value is, for messages ("user base").
    pub what: &'static str,
}

/// Every closed field, once: `validate` checks these, and the TUI's forms build their
/// pickers from the same entries, so what the form offers is what `validate` accepts.
pub const CLOSED_FIELDS: &[ClosedField] = &[
    closed("business", "user_base", "user_bases", "user base"),
    closed("business", "agent_type", "agent_types", "agent type"),
    closed("business", "autonomy", "autonomy_levels", "autonomy level"),
    closed(
        "assumption",
        "status",
        "assumption_statuses",
        "assumption status",
    ),
    closed("actor", "capability", "capability_levels", "capability"),
    closed("actor", "relevance", "relevance", "relevance"),
    closed(
        "boundary",
        "strength",
        "boundary_strengths",
        "boundary strength",
    ),
    closed(
        "validation",
        "test_coverage",
        "test_coverage",
        "test coverage",
    ),
];

const fn closed(
    record: &'static str,
    field: &'static str,
    list: &'static str,
    what: &'static str,
) -> ClosedField {
    ClosedField {
        record,
        field,
        list,
        what,
    }
}

/// The entry of [`CLOSED_FIELDS`] for a record's field.
pub fn closed_field(record: &str, field: &str) -> Option<&'static ClosedField> {
    CLOSED_FIELDS
        .iter()
        .find(|c| c.record == record && c.field == field)
}

#[cfg(test)]
#[path = "taxonomy_tests.rs"]
mod tests;
