//! Where each field of the playbook's 13 templates (`07-templates.md`) lives: its path in
//! the session file, where the analyst edits it in the TUI (or how the core derives it),
//! and where the JSON and Markdown reports show it. `docs/templates.md` is generated
//! from this table, and the tests beside it check every row against the playbook, the
//! forms and screens, and the reports (issues 16 and 24).

/// Where a template field is edited in the TUI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Editor {
    /// A field of a record form (`forms::KINDS`): form kind and field key.
    Form(&'static str, &'static str),
    /// A row of the phase 7–10 screen, by the start of its label: Enter on it cycles or
    /// edits the value (on the list, or on the card of a record of the list).
    Row(u8, &'static str),
    /// Computed by the core from the session, never typed: how.
    Derived(&'static str),
}

/// One field of one template.
#[derive(Debug, Clone, Copy)]
pub struct TemplateField {
    pub template: &'static str,
    pub field: &'static str,
    /// Dotted path in the session file (`[]` for any record of a list); empty when the
    /// field is derived and not stored.
    pub session: &'static str,
    pub editor: Editor,
    /// Dotted path in `report --format json` (`[]` for any element).
    pub json: &'static str,
    /// The Markdown report's section heading and the label shown under it.
    pub markdown: (&'static str, &'static str),
}

const fn f(
    template: &'static str,
    field: &'static str,
    session: &'static str,
    editor: Editor,
    json: &'static str,
    markdown: (&'static str, &'static str),
) -> TemplateField {
    TemplateField {
        template,
        field,
        session,
        editor,
        json,
        markdown,
    }
}

use Editor::{Derived, Form, Row};

const LAYERS: &str = "Layer Mapping Template";
const CARD: &str = "Threat Card Template";
const ASSUMPTION: &str = "Assumption Template";
const BUSINESS: &str = "Business Context Template";
const MITIGATION: &str = "Mitigation Card Template";
const ACTOR: &str = "Threat Actor Template";
const BOUNDARY: &str = "Trust Boundary Template";
const ASSET: &str = "Asset Flow Template";
const CODE: &str = "Code Validation Template";
const RESIDUAL: &str = "Residual Risk Template";
const EXECUTIVE: &str = "Executive Summary Template";
const ROADMAP: &str = "Remediation Roadmap Template";
const REGISTER: &str = "Threat Register Summary Template";

const MD_LAYERS: &str = "### Layer Mapping";
const MD_CARDS: &str = "### Threat Cards";
const MD_ASSUMPTIONS: &str = "### Assumptions";
const MD_BUSINESS: &str = "## 1. Business Context";
const MD_MITIGATIONS: &str = "## 7. Mitigation Register";
const MD_ACTORS: &str = "## 3. Threat Actors";
const MD_BOUNDARIES: &str = "### Boundary Crossings";
const MD_ASSETS: &str = "## 5. Asset Flows";
const MD_CODE: &str = "## 8. Code Validation Findings";
const MD_RESIDUAL: &str = "## 9. Residual Risk Register";
const MD_EXECUTIVE: &str = "## Executive Summary";
const MD_ROADMAP: &str = "## 10. Remediation Roadmap";
const MD_REGISTER: &str = "## 6. Threat Register";

/// Every field of the 13 templates, in the playbook's order.
#[rustfmt::skip]
pub const TEMPLATE_FIELDS: &[TemplateField] = &[
    // Layer Mapping
    f(LAYERS, "MAESTRO Layer", "", Derived("one row per layer of the method, L1–L7 (fixed)"),
        "architecture.layer_mapping[].layer", (MD_LAYERS, "MAESTRO Layer")),
    f(LAYERS, "System Components & Features", "components[].layers", Form("component", "layers"),
        "architecture.layer_mapping[].components", (MD_LAYERS, "System Components")),
    f(LAYERS, "Notes", "architecture.layer_notes", Form("layer", "note"),
        "architecture.layer_mapping[].note", (MD_LAYERS, "Notes")),
    // Threat Card
    f(CARD, "Threat ID", "threats[].id", Derived("given when the threat is accepted (catalog) or added (T: project prefix, never reused)"),
        "threat_register.threats[].id", (MD_CARDS, "#### ")),
    f(CARD, "Threat Name", "threats[].name", Form("threat", "name"),
        "threat_register.threats[].name", (MD_CARDS, "#### ")),
    f(CARD, "MAESTRO Layer(s)", "threats[].layers", Form("threat", "layers"),
        "threat_register.threats[].layers", (MD_CARDS, "MAESTRO Layer(s)")),
    f(CARD, "ASI Mapping", "threats[].asi", Form("threat", "asi"),
        "threat_register.threats[].asi", (MD_CARDS, "ASI Mapping")),
    f(CARD, "STRIDE Category", "threats[].stride", Form("threat", "stride"),
        "threat_register.threats[].stride", (MD_CARDS, "STRIDE Category")),
    f(CARD, "Description", "threats[].description", Form("threat", "description"),
        "threat_register.threats[].description", (MD_CARDS, "Description")),
    f(CARD, "Attack Vector", "threats[].attack_vector", Form("threat", "attack_vector"),
        "threat_register.threats[].attack_vector", (MD_CARDS, "Attack Vector")),
    f(CARD, "Attack Complexity", "threats[].attack_complexity", Form("threat", "attack_complexity"),
        "threat_register.threats[].attack_complexity", (MD_CARDS, "Attack Complexity")),
    f(CARD, "Severity", "threats[].severity", Form("threat", "severity"),
        "threat_register.threats[].severity", (MD_CARDS, "Severity")),
    f(CARD, "Likelihood", "threats[].likelihood", Form("threat", "likelihood"),
        "threat_register.threats[].likelihood", (MD_CARDS, "Likelihood")),
    f(CARD, "Agentic Factors", "threats[].factors", Form("threat", "factors"),
        "threat_register.threats[].factors", (MD_CARDS, "Agentic Factors")),
    f(CARD, "Affected Components", "threats[].components", Form("threat", "components"),
        "threat_register.threats[].components", (MD_CARDS, "Affected Components")),
    f(CARD, "Prerequisites", "threats[].prerequisites", Form("threat", "prerequisites"),
        "threat_register.threats[].prerequisites", (MD_CARDS, "Prerequisites")),
    f(CARD, "Impact", "threats[].impact", Form("threat", "impact"),
        "threat_register.threats[].impact", (MD_CARDS, "Impact")),
    f(CARD, "Mitigations", "mitigations[].addresses", Form("mitigation", "addresses"),
        "threat_register.threats[].mitigations", (MD_CARDS, "Mitigations")),
    // Assumption
    f(ASSUMPTION, "Assumption ID", "assumptions[].id", Derived("given when the assumption is added (A-n, never reused)"),
        "assumptions[].id", (MD_ASSUMPTIONS, "ID")),
    f(ASSUMPTION, "Description", "assumptions[].description", Form("assumption", "description"),
        "assumptions[].description", (MD_ASSUMPTIONS, "Assumption")),
    f(ASSUMPTION, "Rationale", "assumptions[].rationale", Form("assumption", "rationale"),
        "assumptions[].rationale", (MD_ASSUMPTIONS, "Rationale")),
    f(ASSUMPTION, "Impact if Wrong", "assumptions[].impact_if_wrong", Form("assumption", "impact_if_wrong"),
        "assumptions[].impact_if_wrong", (MD_ASSUMPTIONS, "Impact if Wrong")),
    f(ASSUMPTION, "Validation Method", "assumptions[].validation_method", Form("assumption", "validation_method"),
        "assumptions[].validation_method", (MD_ASSUMPTIONS, "Validation")),
    f(ASSUMPTION, "Status", "assumptions[].status", Form("assumption", "status"),
        "assumptions[].status", (MD_ASSUMPTIONS, "Status")),
    // Business Context
    f(BUSINESS, "Application Name", "business.application", Form("business", "application"),
        "business.application", (MD_BUSINESS, "Application")),
    f(BUSINESS, "Business Domain", "business.domain", Form("business", "domain"),
        "business.domain", (MD_BUSINESS, "Domain")),
    f(BUSINESS, "Data Classification", "business.data_classification", Form("business", "data_classification"),
        "business.data_classification", (MD_BUSINESS, "Data Classification")),
    f(BUSINESS, "Regulatory Requirements", "business.regulations", Form("business", "regulations"),
        "business.regulations", (MD_BUSINESS, "Regulations")),
    f(BUSINESS, "Criticality", "business.criticality", Form("business", "criticality"),
        "business.criticality", (MD_BUSINESS, "Business Criticality")),
    f(BUSINESS, "User Base", "business.user_base", Form("business", "user_base"),
        "business.user_base", (MD_BUSINESS, "User Base")),
    f(BUSINESS, "Agent Type", "business.agent_type", Form("business", "agent_type"),
        "business.agent_type", (MD_BUSINESS, "Agent Type")),
    f(BUSINESS, "Autonomy Level", "business.autonomy", Form("business", "autonomy"),
        "business.autonomy", (MD_BUSINESS, "Autonomy Level")),
    // Mitigation Card
    f(MITIGATION, "Mitigation ID", "mitigations[].id", Derived("given when the mitigation is adopted or added (M-n, never reused)"),
        "mitigation_register.mitigations[].id", (MD_MITIGATIONS, "ID")),
    f(MITIGATION, "Mitigation Name", "mitigations[].name", Form("mitigation", "name"),
        "mitigation_register.mitigations[].name", (MD_MITIGATIONS, "Mitigation")),
    f(MITIGATION, "Type", "mitigations[].kind", Form("mitigation", "kind"),
        "mitigation_register.mitigations[].kind", (MD_MITIGATIONS, "Type")),
    f(MITIGATION, "Description", "mitigations[].description", Form("mitigation", "description"),
        "mitigation_register.mitigations[].description", (MD_MITIGATIONS, "Description")),
    f(MITIGATION, "Addresses Threats", "mitigations[].addresses", Form("mitigation", "addresses"),
        "mitigation_register.mitigations[].addresses", (MD_MITIGATIONS, "Addresses")),
    f(MITIGATION, "Cost", "mitigations[].cost", Form("mitigation", "cost"),
        "mitigation_register.mitigations[].cost", (MD_MITIGATIONS, "Cost")),
    f(MITIGATION, "Effectiveness", "mitigations[].effectiveness", Form("mitigation", "effectiveness"),
        "mitigation_register.mitigations[].effectiveness", (MD_MITIGATIONS, "Effectiveness")),
    f(MITIGATION, "Implementation Status", "mitigations[].implementation", Row(7, "Implementation (i)"),
        "mitigation_register.mitigations[].implementation", (MD_MITIGATIONS, "Implementation")),
    f(MITIGATION, "Owner", "mitigations[].owner", Form("mitigation", "owner"),
        "mitigation_register.mitigations[].owner", (MD_MITIGATIONS, "Owner")),
    // Threat Actor
    f(ACTOR, "Actor ID", "actors[].id", Derived("given when the actor is added (TA-n, never reused)"),
        "actors[].id", (MD_ACTORS, "ID")),
    f(ACTOR, "Actor Category", "actors[].category", Form("actor", "category"),
        "actors[].category", (MD_ACTORS, "Category")),
    f(ACTOR, "Capability", "actors[].capability", Form("actor", "capability"),
        "actors[].capability", (MD_ACTORS, "Capability")),
    f(ACTOR, "Motivation", "actors[].motivations", Form("actor", "motivations"),
        "actors[].motivations", (MD_ACTORS, "Motivations")),
    f(ACTOR, "Target Assets", "actors[].target_assets", Form("actor", "target_assets"),
        "actors[].target_assets", (MD_ACTORS, "Target Assets")),
    f(ACTOR, "Likely Attack Vectors", "actors[].attack_vectors", Form("actor", "attack_vectors"),
        "actors[].attack_vectors", (MD_ACTORS, "Attack Vectors")),
    f(ACTOR, "Target MAESTRO Layers", "actors[].target_layers", Form("actor", "target_layers"),
        "actors[].target_layers", (MD_ACTORS, "Target Layers")),
    f(ACTOR, "Relevance", "actors[].relevance", Form("actor", "relevance"),
        "actors[].relevance", (MD_ACTORS, "Relevance")),
    f(ACTOR, "Priority", "actors[].priority", Form("actor", "priority"),
        "actors[].priority", (MD_ACTORS, "Priority")),
    // Trust Boundary
    f(BOUNDARY, "Boundary ID", "boundaries[].id", Derived("given when the boundary is added (TB-n, never reused)"),
        "trust_boundaries[].id", (MD_BOUNDARIES, "ID")),
    f(BOUNDARY, "Source Zone", "boundaries[].source_zone", Form("boundary", "source_zone"),
        "trust_boundaries[].source_zone", (MD_BOUNDARIES, "From")),
    f(BOUNDARY, "Destination Zone", "boundaries[].destination_zone", Form("boundary", "destination_zone"),
        "trust_boundaries[].destination_zone", (MD_BOUNDARIES, "To")),
    f(BOUNDARY, "Crossing Components", "boundaries[].components", Form("boundary", "components"),
        "trust_boundaries[].components", (MD_BOUNDARIES, "Crossing Components")),
    f(BOUNDARY, "Protocol", "boundaries[].protocol", Form("boundary", "protocol"),
        "trust_boundaries[].protocol", (MD_BOUNDARIES, "Protocol")),
    f(BOUNDARY, "Authentication", "boundaries[].authentication", Form("boundary", "authentication"),
        "trust_boundaries[].authentication", (MD_BOUNDARIES, "Authentication")),
    f(BOUNDARY, "Authorization", "boundaries[].authorization", Form("boundary", "authorization"),
        "trust_boundaries[].authorization", (MD_BOUNDARIES, "Authorization")),
    f(BOUNDARY, "Input Validation", "boundaries[].controls.input-validation", Form("boundary", "control:input-validation"),
        "trust_boundaries[].controls", (MD_BOUNDARIES, "Controls")),
    f(BOUNDARY, "Encryption in Transit", "boundaries[].controls.encryption-in-transit", Form("boundary", "control:encryption-in-transit"),
        "trust_boundaries[].controls", (MD_BOUNDARIES, "Controls")),
    f(BOUNDARY, "Logging", "boundaries[].controls.logging", Form("boundary", "control:logging"),
        "trust_boundaries[].controls", (MD_BOUNDARIES, "Controls")),
    f(BOUNDARY, "Boundary Strength", "boundaries[].strength", Form("boundary", "strength"),
        "trust_boundaries[].strength", (MD_BOUNDARIES, "Strength")),
    f(BOUNDARY, "Associated Threats", "threats[].boundaries", Form("threat", "boundaries"),
        "trust_boundaries[].threats", (MD_BOUNDARIES, "Associated Threats")),
    // Asset Flow
    f(ASSET, "Asset ID", "assets[].id", Derived("given when the asset is added (AS-n, never reused)"),
        "assets[].id", (MD_ASSETS, "ID")),
    f(ASSET, "Asset Name", "assets[].name", Form("asset", "name"),
        "assets[].name", (MD_ASSETS, "Asset")),
    f(ASSET, "Classification", "assets[].classification", Form("asset", "classification"),
        "assets[].classification", (MD_ASSETS, "Classification")),
    f(ASSET, "Created At", "assets[].lifecycle", Form("asset", "stage:created"),
        "assets[].lifecycle", (MD_ASSETS, "Lifecycle")),
    f(ASSET, "Stored At", "assets[].lifecycle", Form("asset", "stage:stored"),
        "assets[].lifecycle", (MD_ASSETS, "Lifecycle")),
    f(ASSET, "Transmitted Via", "assets[].lifecycle", Form("asset", "how:transmitted"),
        "assets[].lifecycle", (MD_ASSETS, "Lifecycle")),
    f(ASSET, "Processed By", "assets[].lifecycle", Form("asset", "stage:processed"),
        "assets[].lifecycle", (MD_ASSETS, "Lifecycle")),
    f(ASSET, "Destroyed", "assets[].lifecycle", Form("asset", "how:destroyed"),
        "assets[].lifecycle", (MD_ASSETS, "Lifecycle")),
    f(ASSET, "Trust Zones Traversed", "assets[].zones", Form("asset", "zones"),
        "assets[].zones", (MD_ASSETS, "Zones")),
    f(ASSET, "Exposure Points", "assets[].exposure_points", Form("asset", "exposure_points"),
        "assets[].exposure_points", (MD_ASSETS, "Exposure Points")),
    f(ASSET, "Protection Controls", "assets[].controls", Form("asset", "controls"),
        "assets[].controls", (MD_ASSETS, "Controls")),
    // Code Validation
    f(CODE, "Validation ID", "validations[].id", Derived("given with the first finding on a mitigation (CV-n); shown in the card title"),
        "code_validation.findings[].id", (MD_CODE, "ID")),
    f(CODE, "Mitigation ID", "validations[].mitigation", Derived("the mitigation selected in phase 8 (one finding per mitigation)"),
        "code_validation.findings[].mitigation", (MD_CODE, "Mitigation")),
    f(CODE, "Expected Code Artifact", "validations[].expected_artifact", Row(8, "Expected artifact"),
        "code_validation.findings[].expected_artifact", (MD_CODE, "Expected Artifact")),
    f(CODE, "Implementation Status", "validations[].implementation", Row(8, "Implementation (i)"),
        "code_validation.findings[].implementation", (MD_CODE, "Status")),
    f(CODE, "Code Evidence", "validations[].evidence", Row(8, "Add evidence"),
        "code_validation.findings[].evidence", (MD_CODE, "Evidence")),
    f(CODE, "Gaps Found", "validations[].gaps", Row(8, "Gaps"),
        "code_validation.findings[].gaps", (MD_CODE, "Gaps")),
    f(CODE, "Anti-Patterns Detected", "validations[].anti_patterns", Row(8, "Anti-patterns"),
        "code_validation.findings[].anti_patterns", (MD_CODE, "Anti-Patterns")),
    f(CODE, "Test Coverage", "validations[].test_coverage", Row(8, "Test coverage (T)"),
        "code_validation.findings[].test_coverage", (MD_CODE, "Test Coverage")),
    f(CODE, "Remediation Priority", "validations[].priority", Row(8, "Remediation priority (P)"),
        "code_validation.findings[].priority", (MD_CODE, "Priority")),
    // Residual Risk
    f(RESIDUAL, "Residual Risk ID", "residual_risks[].id", Derived("given with the first entry on a threat (RR-n); shown in the card title"),
        "residual_register[].id", (MD_RESIDUAL, "ID")),
    f(RESIDUAL, "Threat ID", "residual_risks[].threat", Derived("the threat selected in phase 9 (one entry per threat)"),
        "residual_register[].threat", (MD_RESIDUAL, "Threat")),
    f(RESIDUAL, "Inherent Risk", "", Derived("scoring matrix of the card's severity × likelihood"),
        "residual_register[].inherent", (MD_RESIDUAL, "Inherent")),
    f(RESIDUAL, "Mitigation Effectiveness", "", Derived("effectiveness of the mitigation that gives the threat its status"),
        "residual_register[].effectiveness", (MD_RESIDUAL, "Effectiveness")),
    f(RESIDUAL, "Implementation Status", "", Derived("strongest implementation of its mitigations after the phase 8 findings"),
        "residual_register[].implementation", (MD_RESIDUAL, "Implementation")),
    f(RESIDUAL, "Residual Risk Level", "residual_risks[].level_override", Row(9, "Level override (l)"),
        "residual_register[].level", (MD_RESIDUAL, "Residual")),
    f(RESIDUAL, "Disposition", "residual_risks[].disposition", Row(9, "Disposition (d)"),
        "residual_register[].disposition", (MD_RESIDUAL, "Disposition")),
    f(RESIDUAL, "Risk Owner", "residual_risks[].owner", Row(9, "Risk owner"),
        "residual_register[].owner", (MD_RESIDUAL, "Owner")),
    f(RESIDUAL, "Review Schedule", "", Derived("cadence of the residual level (scoring.toml review schedules); the next date is the row below"),
        "residual_register[].review_schedule", (MD_RESIDUAL, "Review")),
    f(RESIDUAL, "Trigger Events", "residual_risks[].triggers", Row(9, "Trigger events"),
        "residual_register[].triggers", (MD_RESIDUAL, "Triggers")),
    // Executive Summary
    f(EXECUTIVE, "System Name", "business.application", Form("business", "application"),
        "executive_summary.system_name", (MD_EXECUTIVE, "System Name")),
    f(EXECUTIVE, "Assessment Date", "session.assessed", Row(10, "Assessed"),
        "executive_summary.assessment_date", (MD_EXECUTIVE, "Assessment Date")),
    f(EXECUTIVE, "Analyst(s)", "session.analysts", Row(10, "Analysts"),
        "executive_summary.analysts", (MD_EXECUTIVE, "Analyst(s)")),
    f(EXECUTIVE, "Scope", "session.scope", Row(10, "Scope"),
        "executive_summary.scope", (MD_EXECUTIVE, "Scope")),
    f(EXECUTIVE, "Overall Risk Posture", "summary.overall_posture", Row(10, "Overall risk posture (p)"),
        "executive_summary.overall_posture", (MD_EXECUTIVE, "Overall Risk Posture")),
    f(EXECUTIVE, "Total Threats Identified", "", Derived("number of threat cards; phase 10 shows it"),
        "executive_summary.total_threats", (MD_EXECUTIVE, "Total Threats Identified")),
    f(EXECUTIVE, "Critical/High Threats", "", Derived("threats of Critical or High severity (and, beside it, of Critical or High inherent level); phase 10 shows both"),
        "executive_summary.critical_high_threats", (MD_EXECUTIVE, "Critical/High Threats")),
    f(EXECUTIVE, "Mitigations Planned", "", Derived("number of mitigation cards; phase 10 shows it"),
        "executive_summary.mitigations_planned", (MD_EXECUTIVE, "Mitigations Planned")),
    f(EXECUTIVE, "Mitigations Implemented", "", Derived("mitigations whose status after the phase 8 findings is Implemented; phase 10 shows it"),
        "executive_summary.mitigations_implemented", (MD_EXECUTIVE, "Mitigations Implemented")),
    f(EXECUTIVE, "Top 3 Risks", "summary.top_risks", Row(10, "Top risks"),
        "executive_summary.top_risks", (MD_EXECUTIVE, "### Top Risks")),
    f(EXECUTIVE, "Key Recommendations", "summary.recommendations", Row(10, "Recommendations"),
        "executive_summary.recommendations", (MD_EXECUTIVE, "### Key Recommendations")),
    f(EXECUTIVE, "Next Review Date", "summary.next_review", Row(10, "Next review"),
        "executive_summary.next_review", (MD_EXECUTIVE, "Next Review Date")),
    // Remediation Roadmap
    f(ROADMAP, "Remediation ID", "roadmap[].id", Derived("given when a proposal is accepted (a in phase 10; REM-n, never reused)"),
        "roadmap.items[].id", (MD_ROADMAP, "ID")),
    f(ROADMAP, "Threat(s) Addressed", "roadmap[].threats", Derived("the threats of the accepted proposal (its mitigations address them)"),
        "roadmap.items[].threats", (MD_ROADMAP, "Threats")),
    f(ROADMAP, "Mitigation(s)", "roadmap[].mitigations", Derived("the mitigations of the accepted proposal"),
        "roadmap.items[].mitigations", (MD_ROADMAP, "Mitigations")),
    f(ROADMAP, "Description", "roadmap[].description", Row(10, "Description"),
        "roadmap.items[].description", (MD_ROADMAP, "Description")),
    f(ROADMAP, "Priority Phase", "roadmap[].horizon", Row(10, "Horizon (o)"),
        "roadmap.items[].horizon", (MD_ROADMAP, "Priority Phase")),
    f(ROADMAP, "Effort", "roadmap[].effort", Row(10, "Effort (e)"),
        "roadmap.items[].effort", (MD_ROADMAP, "Effort")),
    f(ROADMAP, "Responsible Team", "roadmap[].team", Row(10, "Responsible team"),
        "roadmap.items[].team", (MD_ROADMAP, "Team")),
    f(ROADMAP, "Dependencies", "roadmap[].depends_on", Row(10, "Depends on"),
        "roadmap.items[].depends_on", (MD_ROADMAP, "Depends On")),
    f(ROADMAP, "Status", "roadmap[].status", Row(10, "Status (s)"),
        "roadmap.items[].status", (MD_ROADMAP, "Status")),
    // Threat Register Summary
    f(REGISTER, "Register ID", "analysis.register_id", Row(10, "Register ID"),
        "threat_register.register_id", (MD_REGISTER, "Register ID")),
    f(REGISTER, "Date", "session.assessed", Row(10, "Assessed"),
        "executive_summary.assessment_date", (MD_REGISTER, "Date")),
    f(REGISTER, "Analyst", "session.analysts", Row(10, "Analysts"),
        "meta.analysts", (MD_REGISTER, "Analyst")),
    f(REGISTER, "System", "business.application", Form("business", "application"),
        "executive_summary.system_name", (MD_REGISTER, "System")),
    f(REGISTER, "Total Threats Identified", "", Derived("number of threat cards"),
        "threat_register.total", (MD_REGISTER, "Total Threats Identified")),
    f(REGISTER, "Threats by Layer", "", Derived("threats per layer by inherent level; a threat counts once in the total"),
        "threat_register.by_layer", (MD_REGISTER, "### Threats by Layer")),
    f(REGISTER, "Threats by Severity", "", Derived("threats per severity, with and without a mitigation that addresses them"),
        "threat_register.by_severity", (MD_REGISTER, "### Threats by Severity")),
    f(REGISTER, "Deduplication Notes", "analysis.dedup_notes", Row(10, "Deduplication notes"),
        "threat_register.dedup_notes", (MD_REGISTER, "### Deduplication Notes")),
    f(REGISTER, "Key Findings Summary", "analysis.key_findings", Row(10, "Key findings"),
        "threat_register.key_findings", (MD_REGISTER, "### Key Findings Summary")),
    f(REGISTER, "Recommended Priority Order", "", Derived("threats ranked by effective risk, then attack vector and complexity; the report names the first five"),
        "threat_register.priority_order", (MD_REGISTER, "### Recommended Priority Order")),
];

/// `docs/templates.md`: the table above as a page.
pub fn markdown() -> String {
    let mut out = String::from(
        "# The playbook's templates in maestro-tm\n\n\
         Generated from `src/tui/templates.rs` (a test keeps this page and the table equal, \
         and checks every row against the playbook's `07-templates.md`, the TUI's forms and \
         screens, and the JSON and Markdown reports). For each field of the 13 templates: \
         where it is stored in the session file, where it is edited in the TUI (or how \
         maestro-tm derives it), and where the reports show it.\n",
    );
    let mut template = "";
    for row in TEMPLATE_FIELDS {
        if row.template != template {
            template = row.template;
            out.push_str(&format!(
                "\n## {template}\n\n| Field | Session file | TUI | JSON report | Markdown report |\n|---|---|---|---|---|\n"
            ));
        }
        let session = if row.session.is_empty() {
            "—".to_string()
        } else {
            format!("`{}`", row.session)
        };
        let tui = match row.editor {
            Editor::Form(kind, key) => format!("form `{kind}`, field `{key}`"),
            Editor::Row(phase, label) => format!("phase {phase}, row “{label}”"),
            Editor::Derived(how) => format!("derived: {how}"),
        };
        let label = match row.markdown.1.trim_start_matches('#').trim() {
            "" => "each card's heading (ID: name)",
            label => label,
        };
        out.push_str(&format!(
            "| {} | {session} | {tui} | `{}` | {} › {label} |\n",
            row.field,
            row.json,
            row.markdown.0.trim_start_matches('#').trim(),
        ));
    }
    out
}

#[cfg(test)]
#[path = "templates_tests.rs"]
mod tests;
