//! Long because it declares the report's JSON shape: one documented struct per section
//! (`schemas/report.schema.json` is generated from them).
//!
//! The threat model report (phase 10, step 1): one [`Report`] value built from a session
//! and the catalog, and renderers that turn it into Markdown, HTML, JSON and CSV.
//!
//! [`build`] decides every figure; the renderers only lay it out. All user text in a
//! `Report` has been through [`crate::text`] already, so every format gets the same
//! clean strings; each renderer adds the escaping its own syntax needs. Nothing here
//! reads the clock: the same session always gives the same bytes.

mod build;
mod compliance;
mod csv_out;
mod doc;
mod html;
mod markdown;
pub mod sarif;
pub mod schema;
pub mod tracker;

pub use build::{
    HeadlineCounts, build, build_data, derived_register_id, headline_counts,
    open_residual_at_or_above, open_unrated, residual_level,
};
pub use compliance::artifact_present;
pub use csv_out::{CsvTable, csv_table};

use crate::vocab::*;
use schemars::JsonSchema;
use serde::Serialize;

/// Version of the report's JSON shape (`schemas/report.schema.json`). Raised when a field
/// changes meaning or shape (adding one does not): 2 made `heatmaps.residual` an inherent ×
/// residual transition table (it was a severity × likelihood grid).
pub const REPORT_FORMAT_VERSION: u32 = 2;

/// The playbook's disclaimer for AI-assisted threat models (07 Executive Summary template).
pub const AI_DISCLAIMER: &str = "This threat model was generated with AI assistance using the OWASP MAESTRO Playbook. It must be reviewed by a qualified security professional before use in production risk decisions. AI-generated threat models may contain errors, omissions, or fabricated content.";

/// Output format of `maestro-tm report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Json,
    Csv,
}

/// Renders a report as Markdown.
pub fn to_markdown(report: &Report) -> String {
    into_string(|w| write_markdown(report, w))
}

/// Renders a report as one self-contained HTML page.
pub fn to_html(report: &Report) -> String {
    into_string(|w| write_html(report, w))
}

/// Renders a report as pretty JSON (key order is the struct order), ending in a newline.
pub fn to_json(report: &Report) -> String {
    into_string(|w| write_json(report, w))
}

/// Writes a report as Markdown, piece by piece (never held whole).
pub fn write_markdown(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    markdown::write(report, w)
}

/// Writes a report as one self-contained HTML page, piece by piece.
pub fn write_html(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    html::write(report, w)
}

/// Writes a report as pretty JSON, piece by piece, ending in a newline. Invisible and
/// bidirectional characters are written as `\u` escapes ([`crate::text::json_visible`]).
pub fn write_json(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut visible = crate::text::JsonVisible::new(w);
    // serde_json writes token by token (a quote, a key, an indent); gathered first, the
    // escaping writer sees large pieces (token by token it made JSON reports 2× slower).
    let mut gathered = std::io::BufWriter::with_capacity(64 * 1024, &mut visible);
    serde_json::to_writer_pretty(&mut gathered, report)?;
    std::io::Write::write_all(&mut gathered, b"\n")?;
    gathered.into_inner().map_err(|e| e.into_error())?;
    visible.finish()
}

/// The text a writer of a report produces (reports are valid UTF-8 by construction).
fn into_string(write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> String {
    let mut bytes = Vec::new();
    write(&mut bytes).expect("writing into memory cannot fail");
    String::from_utf8(bytes).expect("a report is UTF-8")
}

/// The whole threat model report. Field order is the JSON key order.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Report {
    /// Version of this JSON shape.
    pub format_version: u32,
    pub meta: Meta,
    pub executive_summary: ExecutiveSummary,
    pub business: Business,
    pub assumptions: Vec<AssumptionRow>,
    pub architecture: Architecture,
    pub actors: Vec<ActorRow>,
    pub trust_zones: Vec<ZoneRow>,
    pub trust_boundaries: Vec<BoundaryRow>,
    pub assets: Vec<AssetRow>,
    pub threat_register: ThreatRegister,
    pub heatmaps: Heatmaps,
    pub chains: Vec<ChainRow>,
    pub mitigation_register: MitigationRegister,
    pub code_validation: CodeValidation,
    pub residual_register: Vec<ResidualRow>,
    pub roadmap: Roadmap,
    pub update_triggers: Vec<TriggerRow>,
    pub sign_offs: Vec<SignOffRow>,
    pub open_items: OpenItems,
    pub compliance: Vec<FrameworkAlignment>,
    /// The layer map and the data-flow diagram as Mermaid source and SVG, for the
    /// Markdown and HTML reports (not part of the JSON shape).
    #[serde(skip)]
    #[schemars(skip)]
    pub diagrams: Vec<crate::diagram::report::ReportDiagram>,
    /// Why `diagrams` is empty (no component, or too many to draw).
    #[serde(skip)]
    #[schemars(skip)]
    pub diagrams_omitted: Option<String>,
}

/// Identification of the model (phase 10, step 5) and the report's fixed notices.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Meta {
    pub title: String,
    /// Archive version of the model.
    pub version: String,
    pub created: String,
    pub assessed: String,
    pub exported: String,
    pub analysts: Vec<String>,
    pub scope: String,
    pub out_of_scope: String,
    pub depth: Option<Depth>,
    /// Catalog version the session was made with.
    pub catalog_version: String,
    pub playbook_version: String,
    pub ai_assisted: bool,
    /// The AI-assistance disclaimer, present when `ai_assisted`.
    pub disclaimer: Option<String>,
    /// Attribution of the catalog content (CC BY-SA).
    pub attribution: String,
    pub license: String,
}

/// Executive Summary template: computed counts plus the analyst's own text.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ExecutiveSummary {
    pub system_name: String,
    pub assessment_date: String,
    pub analysts: Vec<String>,
    pub scope: String,
    pub out_of_scope: String,
    pub system_overview: String,
    /// The posture the analyst recorded.
    pub overall_posture: Option<RiskLevel>,
    /// Highest open residual risk level (computed).
    pub computed_posture: Option<RiskLevel>,
    pub total_threats: usize,
    /// Threats rated Critical or High *severity* (07 Executive Summary Template: "the
    /// count of threats rated Critical or High severity").
    pub critical_high_threats: usize,
    /// Threats whose inherent risk *level* (severity × likelihood) is Critical or High,
    /// shown beside the severity count.
    pub critical_high_risk_level: usize,
    pub mitigations_planned: usize,
    /// Mitigations whose status (after code validation) is Implemented.
    pub mitigations_implemented: usize,
    /// Top risks in business language, as the analyst wrote them.
    pub top_risks: Vec<String>,
    /// The five highest-ranked threats by effective risk.
    pub ranked_risks: Vec<RankedRisk>,
    pub recommendations: Vec<String>,
    pub investment: String,
    pub next_review: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RankedRisk {
    pub threat: String,
    pub name: String,
    pub inherent: Option<RiskLevel>,
    pub effective: Option<f64>,
    pub residual: Option<RiskLevel>,
}

/// Business Context template (phase 1).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Business {
    pub application: String,
    pub domain: String,
    pub function: String,
    pub data_classification: Option<Classification>,
    pub regulations: Vec<String>,
    pub criticality: Option<Level>,
    pub user_base: String,
    pub agent_type: String,
    pub autonomy: String,
    pub data_categories: Vec<String>,
    pub risk_appetite: String,
    pub risk_tolerance: Option<RiskLevel>,
    pub stakeholders: Vec<StakeholderRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct StakeholderRow {
    pub name: String,
    pub role: String,
    pub raci: String,
}

/// Assumption template.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AssumptionRow {
    pub id: String,
    pub description: String,
    pub rationale: String,
    pub impact_if_wrong: String,
    pub validation_method: String,
    pub status: String,
    pub high_impact: bool,
}

/// Architecture overview on the MAESTRO layers (phase 2).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Architecture {
    pub overview: String,
    pub multi_agent: bool,
    pub uses_mcp: bool,
    /// Layer Mapping template: one row per layer L1–L7.
    pub layer_mapping: Vec<LayerMappingRow>,
    pub components: Vec<ComponentRow>,
    pub flows: Vec<FlowRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LayerMappingRow {
    pub layer: Layer,
    pub name: String,
    /// Names of the components placed on this layer.
    pub components: Vec<String>,
    pub note: String,
    pub not_applicable: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ComponentRow {
    pub id: String,
    pub name: String,
    pub kind: ComponentKind,
    pub layers: Vec<Layer>,
    pub technology: String,
    pub zone: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FlowRow {
    pub id: String,
    pub from: String,
    pub to: String,
    pub data: String,
    pub protocol: String,
    pub encrypted: Option<bool>,
    pub authentication: String,
    pub critical: bool,
}

/// Threat Actor template (phase 3).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ActorRow {
    pub id: String,
    pub name: String,
    pub category: String,
    pub capability: String,
    pub motivations: Vec<String>,
    pub target_assets: Vec<String>,
    pub attack_vectors: Vec<String>,
    pub target_layers: Vec<Layer>,
    pub relevance: String,
    pub priority: Option<Level>,
    pub notes: String,
}

/// A trust zone (phase 4).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ZoneRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub trust_level: Option<u8>,
    pub parent: String,
    pub description: String,
}

/// Trust Boundary template (phase 4).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct BoundaryRow {
    pub id: String,
    pub source_zone: String,
    pub destination_zone: String,
    pub components: Vec<String>,
    pub flows: Vec<String>,
    pub protocol: String,
    pub authentication: String,
    pub authorization: String,
    pub controls: Vec<ControlRow>,
    pub strength: String,
    /// An implicit trust assumption made at this crossing.
    pub implicit_trust: String,
    /// The template's "Associated Threats", derived: threats that list this boundary.
    pub threats: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ControlRow {
    pub control: String,
    pub name: String,
    pub answer: String,
}

/// Asset Flow template (phase 5).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AssetRow {
    pub id: String,
    pub name: String,
    pub class: String,
    pub classification: Option<Classification>,
    pub lifecycle: Vec<LifecycleRow>,
    pub zones: Vec<String>,
    pub exposure_points: Vec<String>,
    pub controls: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LifecycleRow {
    pub stage: String,
    pub components: Vec<String>,
    pub how: String,
}

/// Threat Register Summary template plus every threat card (phase 6).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ThreatRegister {
    /// The analyst's register id, or `TR-<assessment date>` when none is recorded.
    pub register_id: String,
    /// Whether `register_id` was derived (no id recorded in the session).
    pub register_id_derived: bool,
    pub total: usize,
    /// Threat counts by inherent risk level per layer (L1–L7, then Cross-Layer).
    pub by_layer: Vec<LayerCountRow>,
    /// Totals over all threats (a threat on two layers counts once here).
    pub totals: LevelCounts,
    /// Threats per inherent risk level, with and without a mitigation.
    pub by_level: Vec<LevelMitigationRow>,
    /// Threats per severity, with and without a mitigation (the template's "Threats by
    /// Severity" table; `by_level` is shown beside it).
    pub by_severity: Vec<SeverityMitigationRow>,
    pub dedup_notes: String,
    /// The template's "Key Findings Summary", as the analyst wrote it.
    pub key_findings: String,
    /// Threat ids, highest effective risk first.
    pub priority_order: Vec<String>,
    pub threats: Vec<ThreatRow>,
}

impl ThreatRegister {
    /// Threat rows by id, for renderers that follow references to threats.
    pub fn by_id(&self) -> std::collections::HashMap<&str, &ThreatRow> {
        self.threats.iter().map(|t| (t.id.as_str(), t)).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LayerCountRow {
    pub layer: Layer,
    pub name: String,
    pub counts: LevelCounts,
}

/// Counts per risk level; `unrated` holds threats without a level.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct LevelCounts {
    pub count: usize,
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub unrated: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SeverityMitigationRow {
    pub severity: Severity,
    pub count: usize,
    pub with_mitigation: usize,
    pub without_mitigation: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LevelMitigationRow {
    pub level: RiskLevel,
    pub count: usize,
    pub with_mitigation: usize,
    pub without_mitigation: usize,
}

/// One threat card with its risk figures and catalog cross-references.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ThreatRow {
    pub id: String,
    pub name: String,
    /// Catalog threat id the card is based on.
    pub catalog: String,
    pub catalog_name: String,
    pub layers: Vec<Layer>,
    /// OWASP ASI threat ids (T1–T17) or "Extended".
    pub asi: Vec<String>,
    pub stride: Vec<Stride>,
    /// OWASP Top 10 for LLM Applications (2025).
    pub owasp_llm: Vec<String>,
    /// OWASP ASI Top 10 categories.
    pub asi_top10: Vec<String>,
    /// MITRE ATLAS technique ids.
    pub atlas: Vec<String>,
    pub cwe: Vec<String>,
    pub description: String,
    pub attack_vector: Option<AttackVector>,
    pub attack_complexity: Option<AttackComplexity>,
    pub severity: Option<Severity>,
    pub likelihood: Option<Likelihood>,
    pub inherent: Option<RiskLevel>,
    /// Strongest implementation status of its mitigations.
    pub implementation: ImplementationStatus,
    /// Effective risk value 0.0–4.0.
    pub effective: Option<f64>,
    pub residual: Option<RiskLevel>,
    pub factors: Vec<AgenticFactor>,
    pub components: Vec<String>,
    pub actors: Vec<String>,
    pub boundaries: Vec<String>,
    pub assets: Vec<String>,
    pub prerequisites: String,
    pub impact: String,
    pub mitigations: Vec<String>,
    pub merged: Vec<String>,
}

/// Heatmaps as tables.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Heatmaps {
    /// Every rated threat by severity × likelihood.
    pub inherent: Heatmap,
    /// Rated threats whose residual risk is open (disposition not Mitigated or
    /// Transferred), by inherent level × residual level: residual risk is a level, so
    /// a reduced threat leaves its inherent column (the diagonal is risk not reduced).
    pub residual: TransitionTable,
    /// Threats per layer by inherent and by residual level.
    pub by_layer: Vec<LayerLevelRow>,
}

/// A 4×4 severity × likelihood grid; rows run from Critical down to Low.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Heatmap {
    pub rows: Vec<HeatmapRow>,
}

/// Inherent level (rows, Critical first) × residual level (cells, Critical first).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TransitionTable {
    pub rows: Vec<TransitionRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TransitionRow {
    pub inherent: RiskLevel,
    pub cells: Vec<TransitionCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TransitionCell {
    pub residual: RiskLevel,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct HeatmapRow {
    pub severity: Severity,
    /// Cells from Unlikely to Very Likely.
    pub cells: Vec<HeatmapCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct HeatmapCell {
    pub likelihood: Likelihood,
    /// The matrix level of this cell.
    pub level: RiskLevel,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LayerLevelRow {
    pub layer: Layer,
    pub inherent: LevelCounts,
    /// By residual level; `unrated` counts unrated threats.
    pub residual: LevelCounts,
}

/// A cross-layer chain (phase 6).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ChainRow {
    pub id: String,
    pub name: String,
    pub pattern: String,
    pub pattern_name: String,
    pub steps: Vec<String>,
    /// Layers the chain's threats sit on.
    pub layers: Vec<Layer>,
    pub entry_point: String,
    pub pivot: String,
    pub impact_target: String,
    pub severity: Option<Severity>,
    pub likelihood: Option<Likelihood>,
    pub level: Option<RiskLevel>,
}

/// Mitigation register with status, and the defense-in-depth gaps (phase 7).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct MitigationRegister {
    pub mitigations: Vec<MitigationRow>,
    pub gaps: Vec<GapRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct MitigationRow {
    pub id: String,
    pub name: String,
    pub catalog: String,
    pub kind: MitigationType,
    pub description: String,
    pub addresses: Vec<String>,
    pub cost: Option<Cost>,
    pub effectiveness: Option<Effectiveness>,
    /// The catalog's cost × effectiveness recommendation.
    pub recommendation: String,
    pub status: MitigationStatus,
    /// Planned implementation status.
    pub implementation: ImplementationStatus,
    /// Status the risk formula uses (code validation and coverage applied).
    pub effective_status: ImplementationStatus,
    pub coverage: Coverage,
    pub owner: String,
    /// Outside evidence (vendor attestation, third-party audit) that the control is in
    /// place; with no source access only attested controls count at their status.
    pub attested: bool,
    pub attestation: String,
}

/// A threat whose mitigations leave a gap.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct GapRow {
    pub threat: String,
    pub name: String,
    pub inherent: Option<RiskLevel>,
    pub mitigations: usize,
    /// Unmet defense-in-depth requirements, e.g. "Preventive" or "Preventive or Detective".
    pub missing: Vec<String>,
    pub single_mitigation: bool,
    pub no_mitigation: bool,
    /// Every gap rule the threat breaks (the one gap analysis, `analysis::gaps`).
    pub rules: Vec<crate::analysis::gaps::GapRule>,
    /// Why the analyst accepts the gap, if recorded.
    pub acknowledged: String,
    /// Residual entries of the threat accepted or deferred without a named owner.
    pub unowned_residuals: Vec<String>,
}

/// Code validation findings (phase 8).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CodeValidation {
    pub access: Option<SourceAccess>,
    pub source_root: String,
    pub notes: String,
    pub findings: Vec<FindingRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FindingRow {
    pub id: String,
    pub mitigation: String,
    pub mitigation_name: String,
    pub expected_artifact: String,
    pub implementation: Option<ImplementationStatus>,
    pub evidence: Vec<EvidenceRow>,
    pub gaps: String,
    pub anti_patterns: Vec<String>,
    pub test_coverage: String,
    pub priority: Option<Level>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct EvidenceRow {
    pub file: String,
    pub line: Option<u32>,
    pub note: String,
}

/// Residual Risk template: one row per threat (phase 9).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ResidualRow {
    /// Residual risk record id; empty when the threat has no record yet.
    pub id: String,
    pub threat: String,
    pub threat_name: String,
    pub inherent: Option<RiskLevel>,
    /// Best effectiveness among the threat's mitigations.
    pub effectiveness: Option<Effectiveness>,
    pub implementation: ImplementationStatus,
    /// Residual level (the analyst's override when recorded); none when unrated.
    pub level: Option<RiskLevel>,
    pub overridden: bool,
    pub disposition: Option<Disposition>,
    /// Counts against the risk gate: a residual level and a disposition other than
    /// Mitigated or Transferred.
    pub open: bool,
    pub owner: String,
    /// Monthly / Quarterly / … from the level.
    pub review_schedule: String,
    pub review_date: String,
    pub target_date: String,
    pub justification: String,
    pub compensating_controls: Vec<String>,
    pub triggers: Vec<String>,
    /// Accepted above the engagement's risk tolerance: who approved it (empty when
    /// nobody is named yet).
    pub above_tolerance: bool,
    pub approved_by: String,
}

/// Remediation Roadmap template plus the catalog's phase for every open threat (phase 10).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Roadmap {
    pub items: Vec<RoadmapRow>,
    /// Time-boxed phase each threat falls in by level and mitigation status.
    pub by_phase: Vec<RoadmapPhase>,
    /// Threats whose roadmap items all fall later than their `by_phase` window: where
    /// the roadmap's timeline and the rule's disagree.
    pub timeline_mismatches: Vec<TimelineMismatchRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TimelineMismatchRow {
    pub threat: String,
    /// Phase name the rule puts the threat in.
    pub rule_phase: String,
    /// Earliest horizon among the roadmap items naming the threat.
    pub roadmap_phase: String,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RoadmapRow {
    pub id: String,
    pub threats: Vec<String>,
    pub mitigations: Vec<String>,
    pub description: String,
    pub horizon: String,
    pub effort: Option<Cost>,
    pub team: String,
    pub depends_on: Vec<String>,
    pub status: Option<PhaseStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RoadmapPhase {
    pub id: String,
    pub name: String,
    pub window: String,
    /// Threat ids, highest effective risk first.
    pub threats: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TriggerRow {
    pub id: String,
    pub event: String,
    pub action: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SignOffRow {
    pub name: String,
    pub role: String,
    pub date: String,
    pub decision: String,
}

/// What is still missing from the model.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct OpenItems {
    /// Phases of the chosen depth that are not complete.
    pub incomplete_phases: Vec<PhaseRow>,
    /// High-impact assumptions not validated yet.
    pub unvalidated_assumptions: Vec<ItemRef>,
    /// Threats without severity or likelihood.
    pub unrated_threats: Vec<ItemRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PhaseRow {
    pub phase: u8,
    pub name: String,
    pub status: PhaseStatus,
    pub criteria_met: usize,
    /// Of the met criteria, those that hold only because there is nothing to check.
    pub criteria_vacuous: usize,
    pub criteria_total: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ItemRef {
    pub id: String,
    pub text: String,
}

/// Compliance mapping of one framework: which session artifacts support each requirement.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FrameworkAlignment {
    pub id: String,
    pub name: String,
    pub year: u16,
    pub supported: usize,
    pub partial: usize,
    pub missing: usize,
    pub not_covered: usize,
    pub requirements: Vec<RequirementAlignment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RequirementAlignment {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub status: Alignment,
    pub artifacts: Vec<ArtifactCheck>,
}

/// How far a session's artifacts support a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Alignment {
    /// Every supporting artifact is present.
    Supported,
    /// Some are present.
    Partial,
    /// None is present.
    Missing,
    /// MAESTRO has no artifact for this requirement.
    NotCovered,
}

impl Alignment {
    pub fn label(self) -> &'static str {
        match self {
            Alignment::Supported => "Supported",
            Alignment::Partial => "Partial",
            Alignment::Missing => "Missing",
            Alignment::NotCovered => "Not covered by MAESTRO",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ArtifactCheck {
    /// The catalog's artifact key, e.g. "phase:7", "layer:L5", "artifact:threat-register".
    pub key: String,
    pub name: String,
    pub present: bool,
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod lookup_tests;

#[cfg(test)]
mod stream_tests;
