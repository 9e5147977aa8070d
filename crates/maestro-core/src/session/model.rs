//! Long because it is the session file format: one struct per playbook template, in key order, documented field by field.
//!
//! The session: everything the ten phases of a MAESTRO engagement produce.
//!
//! One struct per template of the playbook (`07-templates.md`), referenced by ID.
//! Field order here is the key order in the saved TOML, so it is part of the file
//! format: keep it stable. Empty values are left out of the file to keep sessions
//! short and their diffs small.

use super::extension::{DocumentExtension, Extension};
use crate::vocab::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the session file format written by this build.
pub const SCHEMA_VERSION: u32 = 1;

fn is_false(b: &bool) -> bool {
    !*b
}

/// Sections with nothing in them stay out of the file.
fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// A whole threat-modeling session, as stored in one TOML file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Session {
    pub schema_version: u32,
    #[serde(skip_serializing_if = "is_default")]
    pub session: SessionInfo,
    #[serde(skip_serializing_if = "is_default")]
    pub engagement: EngagementChoice,
    #[serde(skip_serializing_if = "is_default")]
    pub business: BusinessContext,
    #[serde(skip_serializing_if = "is_default")]
    pub architecture: ArchitectureProfile,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<PhaseProgress>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<Assumption>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<DataFlow>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<ThreatActor>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<TrustZone>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub boundaries: Vec<TrustBoundary>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<Asset>,
    #[serde(skip_serializing_if = "is_default")]
    pub analysis: ThreatAnalysis,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<Review>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub threats: Vec<Threat>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chains: Vec<ThreatChain>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mitigations: Vec<Mitigation>,
    #[serde(skip_serializing_if = "is_default")]
    pub code_validation: CodeValidationScope,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub validations: Vec<CodeValidation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub residual_risks: Vec<ResidualRisk>,
    #[serde(skip_serializing_if = "is_default")]
    pub summary: ExecutiveSummary,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roadmap: Vec<RemediationItem>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<UpdateTrigger>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signoffs: Vec<SignOff>,
    /// Fields that two branches changed in different ways, left by `maestro-tm merge`
    /// for the analyst to resolve (see `crate::merge`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<MergeConflict>,
    /// Per id kind (`T`, `M`, `CH`…), the highest number ever handed out, so a deleted
    /// or merged record's id is never reused (see `session::ids`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub id_high_water: BTreeMap<String, u32>,
    /// What architecture discovery proposed and the analyst reviewed (drift baseline).
    #[serde(skip_serializing_if = "is_default")]
    pub discovery: DiscoveryRecord,
    /// Top-level and `project` fields of an imported OTM file that the session does not
    /// model, kept verbatim and written back by `export otm`.
    #[serde(skip_serializing_if = "DocumentExtension::is_empty")]
    pub otm: DocumentExtension,
}

/// The last reviewed discovery of a source tree (`maestro-tm discover`), the baseline
/// for drift: what was proposed, and the evidence of the records accepted from it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct DiscoveryRecord {
    /// Tree that was scanned, as given on the command line.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source_root: String,
    /// Date of the last review, YYYY-MM-DD.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reviewed: String,
    /// Every proposal seen at the last review, accepted or rejected.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub seen: Vec<SeenProposal>,
    /// Evidence of the records accepted from discovery.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<RecordEvidence>,
}

/// One proposal as seen at the last review.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct SeenProposal {
    /// Proposal id (`kind:slug` for components, `from->to` for flows).
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<Layer>,
    /// Files that evidenced it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
    /// Accepted into the session (else rejected).
    #[serde(skip_serializing_if = "is_false")]
    pub accepted: bool,
}

/// The evidence a record accepted from discovery keeps.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct RecordEvidence {
    /// Component or flow id in this session.
    pub record: String,
    /// Proposal id it came from.
    pub proposal: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub confidence: String,
    pub evidence: Vec<Evidence>,
}

/// Who made the model, with which catalog, and its archive version (phase 10, step 5).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct SessionInfo {
    pub title: String,
    /// Catalog version this session was made with (`catalog/meta.toml`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub catalog_version: String,
    /// Archive version of the model, e.g. "1.2".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub version: String,
    /// Creation date, YYYY-MM-DD.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub created: String,
    /// Assessment date of this version, YYYY-MM-DD.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub assessed: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub analysts: Vec<String>,
    /// What the assessment includes.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub scope: String,
    /// What the assessment explicitly leaves out.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub out_of_scope: String,
    /// Date a report of this version was last exported, YYYY-MM-DD.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub exported: String,
    /// Whether AI assistance produced parts of the model (adds the playbook's disclaimer).
    #[serde(skip_serializing_if = "is_false")]
    pub ai_assisted: bool,
}

/// Pre-engagement decision tree answers and the chosen depth.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct EngagementChoice {
    /// Question id → answer id, from the catalog's decision tree.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depth: Option<Depth>,
    /// Why the depth differs from the tree's result, when it does.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub depth_note: String,
}

/// Phase 1: the Business Context template plus the rest of the phase's outputs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct BusinessContext {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub application: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub domain: String,
    /// What the system does for the organization (step 1).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub function: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_classification: Option<Classification>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub regulations: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criticality: Option<Level>,
    /// Internal / External / Both (catalog taxonomy).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub user_base: String,
    /// Single-Agent / Multi-Agent (catalog taxonomy).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub agent_type: String,
    /// Human-approval-per-action / Human-in-loop / Fully autonomous (catalog taxonomy).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub autonomy: String,
    /// Categories of data processed (PII, financial, health, credentials, …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data_categories: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub risk_appetite: String,
    /// The highest residual level the business tolerates without escalation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_tolerance: Option<RiskLevel>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stakeholders: Vec<Stakeholder>,
}

/// A stakeholder and their RACI role for security decisions.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Stakeholder {
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub role: String,
    /// R, A, C or I.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub raci: String,
}

/// Phase 2 switches that change what later phases ask.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct ArchitectureProfile {
    #[serde(skip_serializing_if = "is_false")]
    pub multi_agent: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub uses_mcp: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub overview: String,
    /// Per-layer notes of the Layer Mapping template.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub layer_notes: Vec<LayerNote>,
}

/// A note on one layer of the Layer Mapping template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LayerNote {
    pub layer: Layer,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The layer has no component in this system (the note says why).
    #[serde(default, skip_serializing_if = "is_false")]
    pub not_applicable: bool,
}

/// Progress of one phase and the completion criteria ticked by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PhaseProgress {
    pub phase: u8,
    pub status: PhaseStatus,
    /// Completion-criterion ids (catalog) the analyst ticked by hand.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checked: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// Assumption template.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Assumption {
    pub id: String,
    pub description: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub impact_if_wrong: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub validation_method: String,
    /// Validated / Unvalidated / Invalidated.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub status: String,
    /// High-impact assumptions left unvalidated are open items of the report.
    #[serde(skip_serializing_if = "is_false")]
    pub high_impact: bool,
}

/// A component of the system, placed on one or more layers (Layer Mapping template).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub kind: ComponentKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<Layer>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub technology: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Trust zone id the component runs in.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub zone: String,
    /// Fields of the OTM element this record was imported from that the session does
    /// not model (or rounds), kept verbatim and written back by `export otm`.
    #[serde(default, skip_serializing_if = "Extension::is_empty")]
    pub otm: Extension,
}

/// A data flow between two components (phase 2, step 5).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct DataFlow {
    pub id: String,
    pub from: String,
    pub to: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub data: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub authentication: String,
    /// Part of a critical path (phase 2, step 5).
    #[serde(skip_serializing_if = "is_false")]
    pub critical: bool,
    /// Data goes both ways (one flow, not two).
    #[serde(skip_serializing_if = "is_false")]
    pub bidirectional: bool,
    /// Fields of the OTM element this record was imported from that the session does
    /// not model (or rounds), kept verbatim and written back by `export otm`.
    #[serde(default, skip_serializing_if = "Extension::is_empty")]
    pub otm: Extension,
}

/// Threat Actor template.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct ThreatActor {
    pub id: String,
    /// Catalog actor category id, or empty for a custom actor.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub category: String,
    pub name: String,
    /// Low / Moderate / High / Advanced.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub capability: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub motivations: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub target_assets: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attack_vectors: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub target_layers: Vec<Layer>,
    /// Relevant / Partially Relevant / Not Relevant.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub relevance: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<Level>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// A trust zone (phase 4, step 1).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct TrustZone {
    pub id: String,
    pub name: String,
    /// Catalog zone kind id.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// 0 (untrusted) … 100 (fully trusted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust_level: Option<u8>,
    /// Enclosing zone, for nested zones.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub parent: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Fields of the OTM element this record was imported from that the session does
    /// not model (or rounds), kept verbatim and written back by `export otm`.
    #[serde(default, skip_serializing_if = "Extension::is_empty")]
    pub otm: Extension,
}

/// Trust Boundary template: one crossing between two zones.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct TrustBoundary {
    pub id: String,
    pub source_zone: String,
    pub destination_zone: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<String>,
    /// Data flows that make this crossing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub authentication: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub authorization: String,
    /// Control check id (catalog) → Yes / No / Partial.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub controls: BTreeMap<String, String>,
    /// Strong / Moderate / Weak.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub strength: String,
    /// An implicit trust assumption made at this crossing (flagged in reports).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub implicit_trust: String,
}

/// Asset Flow template.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Asset {
    pub id: String,
    pub name: String,
    /// Catalog asset class id.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub class: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classification: Option<Classification>,
    /// Lifecycle stages: where the asset is created, stored, transmitted, processed, destroyed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lifecycle: Vec<LifecycleStep>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exposure_points: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
    /// Fields of the OTM element this record was imported from that the session does
    /// not model (or rounds), kept verbatim and written back by `export otm`.
    #[serde(default, skip_serializing_if = "Extension::is_empty")]
    pub otm: Extension,
}

/// One lifecycle stage of an asset.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct LifecycleStep {
    /// Catalog lifecycle stage id (created, stored, transmitted, processed, destroyed).
    pub stage: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub how: String,
}

/// Phase 6 progress that is not a record of its own.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct ThreatAnalysis {
    /// Layers whose threat analysis the analyst marked as done.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assessed_layers: Vec<Layer>,
    /// Threat Register Summary's "Register ID" (e.g. `TR-2026-001`); reports derive
    /// `TR-<assessment date>` while it is empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub register_id: String,
    /// How duplicates found on several layers were consolidated (Threat Register Summary).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub dedup_notes: String,
    /// Threat Register Summary's "Key Findings Summary": three to five sentences on the
    /// most significant findings, for executives.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key_findings: String,
    /// Id prefix of threats of the analyst's own (not in the catalog), e.g. `ORG-T`
    /// gives ORG-T1, ORG-T2…; empty means `custom::DEFAULT_PREFIX`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub custom_threat_prefix: String,
}

/// The analyst's decision on a catalog threat or checklist item for one layer (phase 6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Review {
    /// Catalog threat, checklist item or cross-layer pattern id.
    pub item: String,
    pub layer: Layer,
    pub state: ReviewState,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// Threat Card template.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Threat {
    pub id: String,
    pub name: String,
    /// Catalog threat this card instantiates or is based on.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub catalog: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<Layer>,
    /// OWASP ASI ids (T1–T17), or "Extended" for a threat the taxonomy does not cover.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub asi: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stride: Vec<Stride>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attack_vector: Option<AttackVector>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attack_complexity: Option<AttackComplexity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<Likelihood>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub factors: Vec<AgenticFactor>,
    /// Per-factor notes: how the factor plays into this threat.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub factor_notes: Vec<FactorNote>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<String>,
    /// Data flows the threat applies to (OTM threats attached to a dataflow).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub boundaries: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub prerequisites: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub impact: String,
    /// Ids of threats merged into this one (step 4, consolidate and deduplicate).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<String>,
    /// Why a mitigation gap of this threat is acknowledged (phase 7, step 7).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub gap_note: String,
    /// Fields of the OTM element this record was imported from that the session does
    /// not model (or rounds), kept verbatim and written back by `export otm`.
    #[serde(default, skip_serializing_if = "Extension::is_empty")]
    pub otm: Extension,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FactorNote {
    pub factor: AgenticFactor,
    pub note: String,
}

/// A cross-layer chain of threats (phase 6, `04-cross-layer-scenarios.md`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct ThreatChain {
    pub id: String,
    pub name: String,
    /// Catalog cross-layer pattern this chain follows, if any.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub pattern: String,
    /// Threat ids in order, from entry point to impact.
    pub steps: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub entry_point: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub pivot: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub impact_target: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<Likelihood>,
}

/// Mitigation Card template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Mitigation {
    pub id: String,
    pub name: String,
    /// Catalog mitigation this card adopts, if any.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub catalog: String,
    pub kind: MitigationType,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Threat ids this mitigation addresses (the threat card's "Mitigations" is derived from it).
    #[serde(default)]
    pub addresses: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Cost>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effectiveness: Option<Effectiveness>,
    /// Workflow state (phase 7, step 2).
    #[serde(default = "default_mitigation_status")]
    pub status: MitigationStatus,
    /// Implementation status used by the effective-risk formula.
    #[serde(default = "default_implementation")]
    pub implementation: ImplementationStatus,
    /// Partial coverage of a threat counts as partially implemented.
    #[serde(default = "default_coverage")]
    pub coverage: Coverage,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// Vendor attestation or a third-party audit shows the control in place; it then
    /// counts even when phase 8 could not look at the code.
    #[serde(default, skip_serializing_if = "is_false")]
    pub attested: bool,
    /// The evidence behind an attestation: the vendor attestation or third-party audit
    /// report, with its reference and date (06 Phase 8, applicability gate). Recording
    /// it counts as attested.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub attestation: String,
    /// Fields of the OTM element this record was imported from that the session does
    /// not model (or rounds), kept verbatim and written back by `export otm`.
    #[serde(default, skip_serializing_if = "Extension::is_empty")]
    pub otm: Extension,
}

impl Mitigation {
    /// Outside evidence (vendor attestation, third-party audit) shows the control in place.
    pub fn has_attestation(&self) -> bool {
        self.attested || !self.attestation.trim().is_empty()
    }
}

fn default_mitigation_status() -> MitigationStatus {
    MitigationStatus::Identified
}

fn default_implementation() -> ImplementationStatus {
    ImplementationStatus::NotImplemented
}

fn default_coverage() -> Coverage {
    Coverage::Full
}

/// Phase 8 applicability gate.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct CodeValidationScope {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access: Option<SourceAccess>,
    /// Local source tree searched for evidence.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source_root: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// Code Validation template: one finding for one mitigation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct CodeValidation {
    pub id: String,
    pub mitigation: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub expected_artifact: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub implementation: Option<ImplementationStatus>,
    /// Confirmed evidence: file, line and a note each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub gaps: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub anti_patterns: Vec<String>,
    /// Covered / Partial / None.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub test_coverage: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<Level>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Evidence {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Residual Risk template plus the risk-acceptance record of phase 9, step 5.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct ResidualRisk {
    pub id: String,
    pub threat: String,
    /// Analyst's residual level when it differs from the computed one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level_override: Option<RiskLevel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disposition: Option<Disposition>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub justification: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub compensating_controls: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// Next review date, YYYY-MM-DD.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub review_date: String,
    /// Target date for a deferred mitigation, YYYY-MM-DD.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub target_date: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<String>,
    /// Who carries a transferred risk (insurer, vendor, platform under shared responsibility).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub third_party: String,
    /// Who approved accepting this risk above the engagement's risk tolerance.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub approved_by: String,
}

/// Executive Summary template: the fields that are not derived from the model.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct ExecutiveSummary {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub system_overview: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overall_posture: Option<RiskLevel>,
    /// Top risks in business language.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub top_risks: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recommendations: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub investment: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub next_review: String,
}

/// Remediation Roadmap template.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct RemediationItem {
    pub id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub threats: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mitigations: Vec<String>,
    pub description: String,
    /// Immediate / Short-term / Medium-term / Long-term (catalog scoring).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub horizon: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effort: Option<Cost>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub team: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<PhaseStatus>,
}

/// An event that should trigger an update of the model (phase 10, step 6).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct UpdateTrigger {
    pub id: String,
    pub event: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub action: String,
    /// When the event last happened, YYYY-MM-DD: the residual risks that name it (and
    /// all of them for a threat-landscape change) are due for review from that day.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub occurred: String,
}

/// A field (or a whole record) that two branches changed in different ways. The session
/// holds one of the two values until the analyst resolves the conflict; values are
/// JSON text, absent when the field or record was absent (deleted) on that side.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct MergeConflict {
    /// Session key of the list or section: `threats`, `business`, …
    pub section: String,
    /// Key of the record in the list (id, phase number, `item@layer`); empty for a section.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub record: String,
    /// Path of the field inside the record or section; empty for the whole record.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub field: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ours: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theirs: Option<String>,
    /// Who or which branch made each side's change, when known.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ours_by: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub theirs_by: String,
    /// Date of the merge that found the conflict, YYYY-MM-DD.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detected: String,
}

/// Sign-off of the residual risk register by a stakeholder.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct SignOff {
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub role: String,
    /// YYYY-MM-DD.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub date: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub decision: String,
}

impl Session {
    /// A new, empty session with the current schema version.
    pub fn new(title: impl Into<String>, catalog_version: &str, today: &str) -> Session {
        Session {
            schema_version: SCHEMA_VERSION,
            session: SessionInfo {
                title: title.into(),
                catalog_version: catalog_version.to_string(),
                version: "0.1".to_string(),
                created: today.to_string(),
                ..SessionInfo::default()
            },
            ..Session::default()
        }
    }

    /// Status of a phase (Not Started when never recorded).
    pub fn phase_status(&self, phase: u8) -> PhaseStatus {
        self.phases
            .iter()
            .find(|p| p.phase == phase)
            .map_or(PhaseStatus::NotStarted, |p| p.status)
    }

    /// A scan of the list: fine for one lookup; many go through `session::lookup::Lookup`.
    pub fn threat(&self, id: &str) -> Option<&Threat> {
        scan(&self.threats, |t| t.id == id)
    }

    pub fn component(&self, id: &str) -> Option<&Component> {
        scan(&self.components, |c| c.id == id)
    }

    pub fn mitigation(&self, id: &str) -> Option<&Mitigation> {
        scan(&self.mitigations, |m| m.id == id)
    }

    /// Mitigations that address a threat, in session order.
    pub fn mitigations_for<'a>(&'a self, threat_id: &str) -> impl Iterator<Item = &'a Mitigation> {
        self.mitigations
            .iter()
            .filter(move |m| m.addresses.iter().any(|t| t == threat_id))
    }
}

/// The first item that matches, counted (in tests) by `session::probe`.
fn scan<T>(items: &[T], hit: impl Fn(&T) -> bool) -> Option<&T> {
    let at = items.iter().position(hit);
    super::probe::scanned(at.map_or(items.len(), |at| at + 1));
    at.map(|at| &items[at])
}
