//! The threat register, the mitigation plan and the code validation.

use super::*;

pub(super) fn threats(d: &mut Builder<'_>, r: &Report) {
    let reg = &r.threat_register;
    d.h(2, "6. Threat Register");
    let register_id = if reg.register_id_derived {
        format!("{} (derived from the assessment date)", reg.register_id)
    } else {
        reg.register_id.clone()
    };
    d.fields(vec![
        field("Register ID", register_id),
        field("System", or_dash(&r.executive_summary.system_name)),
        field("Date", or_dash(&r.executive_summary.assessment_date)),
        field("Analyst", join(&r.meta.analysts)),
        field("Total Threats Identified", reg.total.to_string()),
    ]);
    d.h(3, "Threats by Layer");
    let mut rows: Vec<Vec<String>> = reg
        .by_layer
        .iter()
        .map(|l| counts_row(format!("{} - {}", l.layer, l.name), &l.counts))
        .collect();
    rows.push(counts_row("Total".to_string(), &reg.totals));
    d.table(
        &[
            "MAESTRO Layer",
            "Count",
            "Critical",
            "High",
            "Medium",
            "Low",
            "Unrated",
        ],
        rows,
        "",
    );
    d.note("Counts use the inherent risk level; a threat on several layers counts on each.");
    d.h(3, "Threats by Severity");
    d.table(
        &["Severity", "Count", "With Mitigation", "Without Mitigation"],
        reg.by_severity.iter().map(|l| {
            vec![
                l.severity.to_string(),
                l.count.to_string(),
                l.with_mitigation.to_string(),
                l.without_mitigation.to_string(),
            ]
        }),
        "",
    );
    d.note("Unrated threats have no severity and are not counted here.");
    d.h(3, "Threats by Risk Level");
    d.table(
        &[
            "Risk Level",
            "Count",
            "With Mitigation",
            "Without Mitigation",
        ],
        reg.by_level.iter().map(|l| {
            vec![
                l.level.to_string(),
                l.count.to_string(),
                l.with_mitigation.to_string(),
                l.without_mitigation.to_string(),
            ]
        }),
        "",
    );
    d.h(3, "Inherent Risk Heatmap");
    d.heatmap(&r.heatmaps.inherent);
    d.h(3, "Deduplication Notes");
    if reg.dedup_notes.is_empty() {
        d.note("None recorded.");
    } else {
        d.para(&reg.dedup_notes);
    }
    d.h(3, "Key Findings Summary");
    if reg.key_findings.is_empty() {
        d.note("None recorded.");
    } else {
        d.para(&reg.key_findings);
    }
    d.h(3, "Recommended Priority Order");
    // Names beside the ids, as the template's list of Threat Card IDs reads in prose.
    let names: std::collections::HashMap<&str, &str> = reg
        .threats
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect();
    let named = reg
        .priority_order
        .iter()
        .map(|id| match names.get(id.as_str()) {
            Some(name) => format!("{id}: {name}"),
            None => id.clone(),
        })
        .collect();
    d.list(named, "No threats recorded.");
    d.h(3, "Register");
    d.table(
        &[
            "ID",
            "Threat",
            "Layers",
            "Severity",
            "Likelihood",
            "Inherent",
            "Effective",
            "Residual",
            "Mitigations",
        ],
        reg.threats.iter().map(|t| {
            vec![
                t.id.clone(),
                t.name.clone(),
                join(&t.layers),
                opt(t.severity),
                opt(t.likelihood),
                opt(t.inherent),
                effective(t.effective),
                opt(t.residual),
                join(&t.mitigations),
            ]
        }),
        "No threats recorded.",
    );
    d.note(EFFECTIVE_LEGEND);
    d.h(3, "Cross-References");
    d.table(
        &[
            "ID",
            "Catalog",
            "ASI",
            "STRIDE",
            "OWASP LLM Top 10",
            "ASI Top 10",
            "MITRE ATLAS",
            "CWE",
        ],
        reg.threats.iter().map(|t| {
            vec![
                t.id.clone(),
                if t.catalog.is_empty() {
                    NONE.to_string()
                } else if t.catalog_name.is_empty() {
                    t.catalog.clone()
                } else {
                    format!("{} {}", t.catalog, t.catalog_name)
                },
                join(&t.asi),
                join(&t.stride),
                join(&t.owasp_llm),
                join(&t.asi_top10),
                join(&t.atlas),
                join(&t.cwe),
            ]
        }),
        "No threats recorded.",
    );
    d.h(3, "Threat Cards");
    if reg.threats.is_empty() {
        d.note("No threats recorded.");
    }
    for t in &reg.threats {
        d.h(4, format!("{}: {}", t.id, t.name));
        d.fields(vec![
            field("MAESTRO Layer(s)", join(&t.layers)),
            field("ASI Mapping", join(&t.asi)),
            field("STRIDE Category", join(&t.stride)),
            field("Description", or_dash(&t.description)),
            field("Attack Vector", opt(t.attack_vector)),
            field("Attack Complexity", opt(t.attack_complexity)),
            field("Severity", opt(t.severity)),
            field("Likelihood", opt(t.likelihood)),
            field("Inherent Risk", opt(t.inherent)),
            field("Agentic Factors", join(&t.factors)),
            field("Affected Components", join(&t.components)),
            field("Threat Actors", join(&t.actors)),
            field("Assets", join(&t.assets)),
            field("Trust Boundaries", join(&t.boundaries)),
            field("Prerequisites", or_dash(&t.prerequisites)),
            field("Impact", or_dash(&t.impact)),
            field("Mitigations", join(&t.mitigations)),
            field("Merged Threats", join(&t.merged)),
        ]);
    }
    d.h(3, "Cross-Layer Chains");
    d.table(
        &[
            "ID",
            "Chain",
            "Pattern",
            "Steps",
            "Layers",
            "Entry Point",
            "Pivot",
            "Impact",
            "Risk",
        ],
        r.chains.iter().map(|c| {
            vec![
                c.id.clone(),
                c.name.clone(),
                if c.pattern_name.is_empty() {
                    or_dash(&c.pattern)
                } else {
                    format!("{} {}", c.pattern, c.pattern_name)
                },
                if c.steps.is_empty() {
                    NONE.to_string()
                } else {
                    c.steps.join(" → ")
                },
                join(&c.layers),
                or_dash(&c.entry_point),
                or_dash(&c.pivot),
                or_dash(&c.impact_target),
                opt(c.level),
            ]
        }),
        "No cross-layer chains recorded.",
    );
}

pub(super) fn mitigations(d: &mut Builder<'_>, r: &Report) {
    let reg = &r.mitigation_register;
    d.h(2, "7. Mitigation Register");
    d.table(
        &[
            "ID",
            "Mitigation",
            "Type",
            "Description",
            "Addresses",
            "Cost",
            "Effectiveness",
            "Recommendation",
            "Status",
            "Implementation",
            "Owner",
        ],
        reg.mitigations.iter().map(|m| {
            let mut implementation = m.effective_status.to_string();
            if m.effective_status != m.implementation {
                implementation.push_str(&format!(" (planned: {})", m.implementation));
            }
            if !m.attestation.is_empty() {
                implementation.push_str(&format!("; attested: {}", m.attestation));
            } else if m.attested {
                implementation.push_str("; attested");
            }
            vec![
                m.id.clone(),
                m.name.clone(),
                m.kind.to_string(),
                or_dash(&m.description),
                join(&m.addresses),
                opt(m.cost),
                opt(m.effectiveness),
                or_dash(&m.recommendation),
                m.status.to_string(),
                implementation,
                or_dash(&m.owner),
            ]
        }),
        "No mitigations recorded.",
    );
    d.h(3, "Mitigation Gaps");
    d.table(
        &[
            "Threat",
            "Name",
            "Inherent",
            "Mitigations",
            "Missing",
            "Acknowledged",
        ],
        reg.gaps
            .iter()
            .map(|g| {
                use crate::analysis::gaps::GapRule;
                let missing: Vec<String> = g
                    .rules
                    .iter()
                    .flat_map(|rule| match rule {
                        GapRule::DefenseInDepth => g
                            .missing
                            .iter()
                            .map(|m| format!("defense in depth: no {m}"))
                            .collect(),
                        GapRule::AcceptedWithoutOwner => g
                            .unowned_residuals
                            .iter()
                            .map(|id| format!("{id}: {}", rule.short()))
                            .collect(),
                        other => vec![other.short().to_string()],
                    })
                    .collect();
                vec![
                    g.threat.clone(),
                    g.name.clone(),
                    opt(g.inherent),
                    g.mitigations.to_string(),
                    missing.join("; "),
                    or_dash(&g.acknowledged),
                ]
            }),
        "No gaps: every threat has at least two mitigations, Critical/High-severity threats have Preventive and Detective controls, every threat meets its defense-in-depth rule, and every accepted or deferred risk has a named owner.",
    );
}

pub(super) fn code_validation(d: &mut Builder<'_>, r: &Report) {
    let c = &r.code_validation;
    d.h(2, "8. Code Validation Findings");
    d.fields(vec![
        field("Source Access", opt(c.access)),
        field("Source Root", or_dash(&c.source_root)),
    ]);
    d.para(&c.notes);
    d.table(
        &[
            "ID",
            "Mitigation",
            "Expected Artifact",
            "Status",
            "Evidence",
            "Gaps",
            "Anti-Patterns",
            "Test Coverage",
            "Priority",
        ],
        c.findings.iter().map(|f| {
            let evidence: Vec<String> = f
                .evidence
                .iter()
                .map(|e| {
                    let mut text = e.file.clone();
                    if let Some(line) = e.line {
                        text.push_str(&format!(":{line}"));
                    }
                    if !e.note.is_empty() {
                        text.push_str(&format!(" ({})", e.note));
                    }
                    text
                })
                .collect();
            vec![
                f.id.clone(),
                if f.mitigation_name.is_empty() {
                    f.mitigation.clone()
                } else {
                    format!("{} {}", f.mitigation, f.mitigation_name)
                },
                or_dash(&f.expected_artifact),
                opt(f.implementation),
                if evidence.is_empty() {
                    NONE.to_string()
                } else {
                    evidence.join("; ")
                },
                or_dash(&f.gaps),
                join(&f.anti_patterns),
                or_dash(&f.test_coverage),
                opt(f.priority),
            ]
        }),
        "No code validation findings recorded.",
    );
}
