//! The report's opening parts: executive summary, business context, architecture,
//! threat actors, trust boundaries and assets.

use super::*;

pub(super) fn executive_summary(d: &mut Builder<'_>, r: &Report) {
    let e = &r.executive_summary;
    d.h(2, "Executive Summary");
    d.para(&e.system_overview);
    d.fields(vec![
        field("System Name", or_dash(&e.system_name)),
        field("Assessment Date", or_dash(&e.assessment_date)),
        field("Analyst(s)", join(&e.analysts)),
        field("Scope", or_dash(&e.scope)),
        field("Out of Scope", or_dash(&e.out_of_scope)),
        field("Overall Risk Posture", opt(e.overall_posture)),
        field("Highest Open Residual Risk", opt(e.computed_posture)),
        field("Total Threats Identified", e.total_threats.to_string()),
        field(
            "Critical/High Threats",
            format!(
                "{} by severity ({} by inherent risk level)",
                e.critical_high_threats, e.critical_high_risk_level
            ),
        ),
        field("Mitigations Planned", e.mitigations_planned.to_string()),
        field(
            "Mitigations Implemented",
            e.mitigations_implemented.to_string(),
        ),
        field("Investment Required", or_dash(&e.investment)),
        field("Next Review Date", or_dash(&e.next_review)),
    ]);
    d.h(3, "Top Risks");
    d.list(e.top_risks.clone(), "No top risks written yet.");
    d.h(3, "Highest Ranked Threats");
    d.table(
        &["Threat", "Name", "Inherent", "Effective", "Residual"],
        e.ranked_risks.iter().map(|t| {
            vec![
                t.threat.clone(),
                t.name.clone(),
                opt(t.inherent),
                effective(t.effective),
                opt(t.residual),
            ]
        }),
        "No rated threats.",
    );
    d.note(EFFECTIVE_LEGEND);
    d.h(3, "Key Recommendations");
    d.list(e.recommendations.clone(), "No recommendations written yet.");
}

pub(super) const EFFECTIVE_LEGEND: &str = "Effective risk (0-4) = inherent level value (Low 1, Medium 2, High 3, Critical 4) x (1 - implementation status), where the status is the strongest among the threat's mitigations after code validation (Not Implemented 0, Partially Implemented 0.5 or partial coverage, Implemented 1). It orders remediation (guides/risk-scoring.md). Residual is the phase 9 level: it starts from the inherent level, is lowered by the implemented mitigations as far as their effectiveness allows, never below Low, and the analyst may override it (docs/method.md).";

pub(super) fn business(d: &mut Builder<'_>, r: &Report) {
    let b = &r.business;
    d.h(2, "1. Business Context");
    d.para(&b.function);
    d.fields(vec![
        field("Application", or_dash(&b.application)),
        field("Domain", or_dash(&b.domain)),
        field("Data Classification", opt(b.data_classification)),
        field("Data Categories", join(&b.data_categories)),
        field("Regulations", join(&b.regulations)),
        field("Business Criticality", opt(b.criticality)),
        field("User Base", or_dash(&b.user_base)),
        field("Agent Type", or_dash(&b.agent_type)),
        field("Autonomy Level", or_dash(&b.autonomy)),
        field("Risk Appetite", or_dash(&b.risk_appetite)),
        field("Risk Tolerance", opt(b.risk_tolerance)),
    ]);
    d.h(3, "Stakeholders");
    d.table(
        &["Name", "Role", "RACI"],
        b.stakeholders
            .iter()
            .map(|s| vec![s.name.clone(), or_dash(&s.role), or_dash(&s.raci)]),
        "No stakeholders recorded.",
    );
    d.h(3, "Assumptions");
    d.table(
        &[
            "ID",
            "Assumption",
            "Rationale",
            "Impact if Wrong",
            "Validation",
            "Status",
            "High Impact",
        ],
        r.assumptions.iter().map(|a| {
            vec![
                a.id.clone(),
                a.description.clone(),
                or_dash(&a.rationale),
                or_dash(&a.impact_if_wrong),
                or_dash(&a.validation_method),
                or_dash(&a.status),
                yes_no(a.high_impact),
            ]
        }),
        "No assumptions recorded.",
    );
}

pub(super) fn architecture(d: &mut Builder<'_>, r: &Report) {
    let a = &r.architecture;
    d.h(2, "2. Architecture and Layer Mapping");
    d.para(&a.overview);
    d.fields(vec![
        field("Multi-agent", yes_no(a.multi_agent)),
        field("Uses MCP", yes_no(a.uses_mcp)),
    ]);
    d.h(3, "Layer Mapping");
    d.table(
        &["MAESTRO Layer", "System Components", "Notes"],
        a.layer_mapping.iter().map(|l| {
            let components = if l.not_applicable {
                "Not applicable".to_string()
            } else {
                join(&l.components)
            };
            vec![
                format!("{} - {}", l.layer, l.name),
                components,
                or_dash(&l.note),
            ]
        }),
        "",
    );
    d.h(3, "Components");
    d.table(
        &[
            "ID",
            "Name",
            "Kind",
            "Layers",
            "Technology",
            "Zone",
            "Description",
        ],
        a.components.iter().map(|c| {
            vec![
                c.id.clone(),
                c.name.clone(),
                c.kind.to_string(),
                join(&c.layers),
                or_dash(&c.technology),
                or_dash(&c.zone),
                or_dash(&c.description),
            ]
        }),
        "No components recorded.",
    );
    d.h(3, "Data Flows");
    d.table(
        &[
            "ID",
            "From",
            "To",
            "Data",
            "Protocol",
            "Encrypted",
            "Authentication",
            "Critical",
        ],
        a.flows.iter().map(|f| {
            vec![
                f.id.clone(),
                f.from.clone(),
                f.to.clone(),
                or_dash(&f.data),
                or_dash(&f.protocol),
                f.encrypted.map_or_else(|| NONE.to_string(), yes_no),
                or_dash(&f.authentication),
                yes_no(f.critical),
            ]
        }),
        "No data flows recorded.",
    );
    d.h(3, "Diagrams");
    if let Some(why) = &r.diagrams_omitted {
        d.note(why);
    }
    for diagram in &r.diagrams {
        d.push(Block::Diagram {
            caption: diagram.caption.clone(),
            mermaid: diagram.mermaid.clone(),
            svg: diagram.svg.clone(),
        });
    }
}

pub(super) fn actors(d: &mut Builder<'_>, r: &Report) {
    d.h(2, "3. Threat Actors");
    d.table(
        &[
            "ID",
            "Actor",
            "Category",
            "Capability",
            "Motivations",
            "Target Assets",
            "Attack Vectors",
            "Target Layers",
            "Relevance",
            "Priority",
        ],
        r.actors.iter().map(|a| {
            vec![
                a.id.clone(),
                a.name.clone(),
                or_dash(&a.category),
                or_dash(&a.capability),
                join(&a.motivations),
                join(&a.target_assets),
                join(&a.attack_vectors),
                join(&a.target_layers),
                or_dash(&a.relevance),
                opt(a.priority),
            ]
        }),
        "No threat actors recorded.",
    );
}

pub(super) fn boundaries(d: &mut Builder<'_>, r: &Report) {
    d.h(2, "4. Trust Boundaries");
    d.h(3, "Trust Zones");
    d.table(
        &["ID", "Zone", "Kind", "Trust Level", "Parent", "Description"],
        r.trust_zones.iter().map(|z| {
            vec![
                z.id.clone(),
                z.name.clone(),
                or_dash(&z.kind),
                opt(z.trust_level),
                or_dash(&z.parent),
                or_dash(&z.description),
            ]
        }),
        "No trust zones recorded.",
    );
    d.h(3, "Boundary Crossings");
    d.table(
        &[
            "ID",
            "From",
            "To",
            "Protocol",
            "Authentication",
            "Authorization",
            "Controls",
            "Strength",
            "Implicit Trust",
            "Crossing Components",
            "Associated Threats",
        ],
        r.trust_boundaries.iter().map(|b| {
            let controls: Vec<String> = b
                .controls
                .iter()
                .map(|c| format!("{}: {}", c.name, c.answer))
                .collect();
            vec![
                b.id.clone(),
                b.source_zone.clone(),
                b.destination_zone.clone(),
                or_dash(&b.protocol),
                or_dash(&b.authentication),
                or_dash(&b.authorization),
                join(&controls),
                or_dash(&b.strength),
                or_dash(&b.implicit_trust),
                join(&b.components),
                join(&b.threats),
            ]
        }),
        "No trust boundaries recorded.",
    );
}

pub(super) fn assets(d: &mut Builder<'_>, r: &Report) {
    d.h(2, "5. Asset Flows");
    d.table(
        &[
            "ID",
            "Asset",
            "Class",
            "Classification",
            "Lifecycle",
            "Zones",
            "Exposure Points",
            "Controls",
        ],
        r.assets.iter().map(|a| {
            let lifecycle: Vec<String> = a
                .lifecycle
                .iter()
                .map(|s| {
                    let mut text = s.stage.clone();
                    if !s.components.is_empty() {
                        text.push_str(&format!(" ({})", s.components.join(", ")));
                    }
                    if !s.how.is_empty() {
                        text.push_str(&format!(": {}", s.how));
                    }
                    text
                })
                .collect();
            vec![
                a.id.clone(),
                a.name.clone(),
                or_dash(&a.class),
                opt(a.classification),
                if lifecycle.is_empty() {
                    NONE.to_string()
                } else {
                    lifecycle.join("; ")
                },
                join(&a.zones),
                join(&a.exposure_points),
                join(&a.controls),
            ]
        }),
        "No assets recorded.",
    );
}
