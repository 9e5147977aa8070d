//! The report laid out as a sequence of plain blocks (headings, tables, lists), so the
//! Markdown and HTML renderers share one layout and differ only in syntax and escaping.
//!
//! The blocks are handed to a sink one by one as they are laid out, and a table's rows
//! one by one: a renderer writes each and lets it go, so a report of 50,000 threats is
//! never held whole a second time as text (issue 23: memory).

use super::*;
use std::fmt::Display;

/// The title of the document.
pub fn title(r: &Report) -> String {
    format!("Threat Model: {}", r.meta.title)
}

pub enum Block {
    Heading(u8, String),
    /// Text whose line breaks are kept.
    Paragraph(String),
    /// A short remark such as "None recorded."
    Note(String),
    /// A highlighted notice (the AI disclaimer).
    Notice(String),
    /// Two-column field/value table of a template.
    Fields(Vec<(String, String)>),
    /// A table opens with its header; its rows follow, then [`Block::TableEnd`].
    TableStart(Vec<String>),
    TableRow(Vec<String>),
    TableEnd,
    /// A severity × likelihood grid whose cells carry their risk level.
    Heatmap {
        corner: String,
        columns: Vec<String>,
        rows: Vec<(String, Vec<(usize, RiskLevel)>)>,
    },
    List(Vec<String>),
    /// A diagram: Mermaid source for Markdown, an inline SVG picture for HTML.
    Diagram {
        caption: String,
        mermaid: String,
        svg: String,
    },
}

const NONE: &str = "—";

fn opt<T: Display>(value: Option<T>) -> String {
    value.map_or_else(|| NONE.to_string(), |v| v.to_string())
}

fn or_dash(text: &str) -> String {
    if text.is_empty() {
        NONE.to_string()
    } else {
        text.to_string()
    }
}

fn join<T: Display>(items: &[T]) -> String {
    if items.is_empty() {
        return NONE.to_string();
    }
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn yes_no(value: bool) -> String {
    if value { "Yes" } else { "No" }.to_string()
}

fn effective(value: Option<f64>) -> String {
    value.map_or_else(|| NONE.to_string(), |v| format!("{v:.2}"))
}

fn field(name: &str, value: impl Into<String>) -> (String, String) {
    (name.to_string(), value.into())
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

struct Builder<'s> {
    sink: &'s mut dyn FnMut(Block),
    /// Only the headings are wanted (the HTML table of contents): tables and lists are
    /// not laid out.
    headings_only: bool,
}

impl Builder<'_> {
    fn push(&mut self, block: Block) {
        if !self.headings_only || matches!(block, Block::Heading(..)) {
            (self.sink)(block);
        }
    }

    fn h(&mut self, level: u8, text: impl Into<String>) {
        self.push(Block::Heading(level, text.into()));
    }

    fn para(&mut self, text: &str) {
        if !text.is_empty() && !self.headings_only {
            self.push(Block::Paragraph(text.to_string()));
        }
    }

    fn note(&mut self, text: &str) {
        self.push(Block::Note(text.to_string()));
    }

    fn fields(&mut self, fields: Vec<(String, String)>) {
        self.push(Block::Fields(fields));
    }

    /// A table, or a note when there are no rows. The rows are laid out as they are
    /// written: pass an iterator, not a collected `Vec`, for the long tables.
    fn table(&mut self, header: &[&str], rows: impl IntoIterator<Item = Vec<String>>, empty: &str) {
        if self.headings_only {
            return;
        }
        let mut rows = rows.into_iter().peekable();
        if rows.peek().is_none() {
            self.note(empty);
            return;
        }
        self.push(Block::TableStart(strings(header)));
        for row in rows {
            self.push(Block::TableRow(row));
        }
        self.push(Block::TableEnd);
    }

    fn list(&mut self, items: Vec<String>, empty: &str) {
        if items.is_empty() {
            self.note(empty);
        } else {
            self.push(Block::List(items));
        }
    }

    fn heatmap(&mut self, map: &Heatmap) {
        self.push(Block::Heatmap {
            corner: "Severity × Likelihood".to_string(),
            columns: Likelihood::ALL.iter().map(|l| l.to_string()).collect(),
            rows: map
                .rows
                .iter()
                .map(|r| {
                    (
                        r.severity.to_string(),
                        r.cells.iter().map(|c| (c.count, c.level)).collect(),
                    )
                })
                .collect(),
        });
    }
}

impl Builder<'_> {
    fn transition(&mut self, table: &TransitionTable) {
        self.push(Block::Heatmap {
            corner: "Inherent → Residual".to_string(),
            columns: table
                .rows
                .first()
                .map(|r| r.cells.iter().map(|c| c.residual.to_string()).collect())
                .unwrap_or_default(),
            rows: table
                .rows
                .iter()
                .map(|r| {
                    (
                        r.inherent.to_string(),
                        r.cells.iter().map(|c| (c.count, c.residual)).collect(),
                    )
                })
                .collect(),
        });
    }
}

fn counts_row(label: String, c: &LevelCounts) -> Vec<String> {
    vec![
        label,
        c.count.to_string(),
        c.critical.to_string(),
        c.high.to_string(),
        c.medium.to_string(),
        c.low.to_string(),
        c.unrated.to_string(),
    ]
}

/// Lays out the whole report, block by block into `sink` (the title is [`title`]);
/// with `headings_only`, only its headings.
pub fn document(r: &Report, headings_only: bool, sink: &mut dyn FnMut(Block)) {
    let mut d = Builder {
        sink,
        headings_only,
    };
    let m = &r.meta;
    d.fields(vec![
        field("System", or_dash(&r.executive_summary.system_name)),
        field("Model version", or_dash(&m.version)),
        field("Created", or_dash(&m.created)),
        field("Assessed", or_dash(&m.assessed)),
        field("Analysts", join(&m.analysts)),
        field("Engagement depth", opt(m.depth)),
        field("Catalog version", or_dash(&m.catalog_version)),
        field("Playbook version", or_dash(&m.playbook_version)),
    ]);
    if let Some(disclaimer) = &m.disclaimer {
        d.push(Block::Notice(format!("Disclaimer: {disclaimer}")));
    }
    executive_summary(&mut d, r);
    business(&mut d, r);
    architecture(&mut d, r);
    actors(&mut d, r);
    boundaries(&mut d, r);
    assets(&mut d, r);
    threats(&mut d, r);
    mitigations(&mut d, r);
    code_validation(&mut d, r);
    residual(&mut d, r);
    roadmap(&mut d, r);
    open_items(&mut d, r);
    compliance(&mut d, r);
    d.h(2, "Sign-off");
    d.table(
        &["Name", "Role", "Date", "Decision"],
        r.sign_offs.iter().map(|s| {
            vec![
                s.name.clone(),
                or_dash(&s.role),
                or_dash(&s.date),
                or_dash(&s.decision),
            ]
        }),
        "No sign-off recorded.",
    );
    d.push(Block::Note(format!(
        "{} Licensed under {}.",
        m.attribution, m.license
    )));
}

fn executive_summary(d: &mut Builder<'_>, r: &Report) {
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

const EFFECTIVE_LEGEND: &str = "Effective risk (0-4) = inherent level value (Low 1, Medium 2, High 3, Critical 4) x (1 - implementation status), where the status is the strongest among the threat's mitigations after code validation (Not Implemented 0, Partially Implemented 0.5 or partial coverage, Implemented 1). It orders remediation (guides/risk-scoring.md). Residual is the phase 9 level: it starts from the inherent level, is lowered by the implemented mitigations as far as their effectiveness allows, never below Low, and the analyst may override it (docs/method.md).";

fn business(d: &mut Builder<'_>, r: &Report) {
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

fn architecture(d: &mut Builder<'_>, r: &Report) {
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

fn actors(d: &mut Builder<'_>, r: &Report) {
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

fn boundaries(d: &mut Builder<'_>, r: &Report) {
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

fn assets(d: &mut Builder<'_>, r: &Report) {
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

fn threats(d: &mut Builder<'_>, r: &Report) {
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

fn mitigations(d: &mut Builder<'_>, r: &Report) {
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

fn code_validation(d: &mut Builder<'_>, r: &Report) {
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

fn residual(d: &mut Builder<'_>, r: &Report) {
    d.h(2, "9. Residual Risk Register");
    d.table(
        &[
            "ID",
            "Threat",
            "Inherent",
            "Effectiveness",
            "Implementation",
            "Residual",
            "Disposition",
            "Owner",
            "Review",
            "Next Review",
            "Open",
        ],
        r.residual_register.iter().map(|x| {
            let mut level = opt(x.level);
            if x.overridden {
                level.push_str(" (set by analyst)");
            }
            vec![
                or_dash(&x.id),
                format!("{} {}", x.threat, x.threat_name),
                opt(x.inherent),
                x.effectiveness
                    .map_or_else(|| "None".to_string(), |e| e.to_string()),
                x.implementation.to_string(),
                level,
                opt(x.disposition),
                or_dash(&x.owner),
                or_dash(&x.review_schedule),
                or_dash(&x.review_date),
                yes_no(x.open),
            ]
        }),
        "No threats recorded.",
    );
    let notes: Vec<String> = r
        .residual_register
        .iter()
        .filter(|x| {
            !x.justification.is_empty()
                || x.above_tolerance
                || !x.compensating_controls.is_empty()
                || !x.target_date.is_empty()
                || !x.triggers.is_empty()
        })
        .map(|x| {
            let mut parts = Vec::new();
            if x.above_tolerance {
                // A reviewer looks for these first: accepted above the tolerance.
                parts.push(format!(
                    "Accepted above the risk tolerance, approved by {}",
                    if x.approved_by.is_empty() {
                        "nobody yet"
                    } else {
                        x.approved_by.as_str()
                    }
                ));
            }
            if !x.justification.is_empty() {
                parts.push(x.justification.replace('\n', " "));
            }
            if !x.compensating_controls.is_empty() {
                parts.push(format!(
                    "Compensating controls: {}",
                    x.compensating_controls.join(", ")
                ));
            }
            if !x.target_date.is_empty() {
                parts.push(format!("Target date: {}", x.target_date));
            }
            if !x.triggers.is_empty() {
                parts.push(format!("Triggers: {}", x.triggers.join(", ")));
            }
            format!("{}: {}", x.threat, parts.join("; "))
        })
        .collect();
    if !notes.is_empty() {
        d.h(3, "Dispositions");
        d.list(notes, "");
    }
    d.h(3, "Open Residual Risk: Inherent → Residual Level");
    d.para(
        "Rows: inherent level; columns: residual level. The diagonal is risk that mitigation did not reduce; right of it, reduced.",
    );
    d.transition(&r.heatmaps.residual);
    d.h(3, "Risk by Layer");
    d.table(
        &["Layer", "Inherent C/H/M/L", "Residual C/H/M/L", "Unrated"],
        r.heatmaps.by_layer.iter().map(|l| {
            let levels =
                |c: &LevelCounts| format!("{} / {} / {} / {}", c.critical, c.high, c.medium, c.low);
            vec![
                format!("{} - {}", l.layer, l.layer.name()),
                levels(&l.inherent),
                levels(&l.residual),
                l.residual.unrated.to_string(),
            ]
        }),
        "",
    );
}

fn roadmap(d: &mut Builder<'_>, r: &Report) {
    d.h(2, "10. Remediation Roadmap");
    d.table(
        &[
            "ID",
            "Threats",
            "Mitigations",
            "Description",
            "Priority Phase",
            "Effort",
            "Team",
            "Depends On",
            "Status",
        ],
        r.roadmap.items.iter().map(|x| {
            vec![
                x.id.clone(),
                join(&x.threats),
                join(&x.mitigations),
                x.description.replace('\n', " "),
                or_dash(&x.horizon),
                opt(x.effort),
                or_dash(&x.team),
                join(&x.depends_on),
                opt(x.status),
            ]
        }),
        "No roadmap items recorded.",
    );
    d.h(3, "Threats by Remediation Phase");
    d.table(
        &["Phase", "Window", "Threats"],
        r.roadmap
            .by_phase
            .iter()
            .map(|p| vec![p.name.clone(), p.window.clone(), join(&p.threats)]),
        "",
    );
    d.h(3, "Timeline Check");
    d.table(
        &["Threat", "Window by Rule", "Earliest Roadmap Item", "Items"],
        r.roadmap.timeline_mismatches.iter().map(|m| {
            vec![
                m.threat.clone(),
                m.rule_phase.clone(),
                m.roadmap_phase.clone(),
                join(&m.items),
            ]
        }),
        "Every threat on the roadmap is scheduled within the window its risk calls for.",
    );
    d.h(2, "Update Triggers");
    d.table(
        &["ID", "Event", "Action"],
        r.update_triggers
            .iter()
            .map(|t| vec![t.id.clone(), t.event.clone(), or_dash(&t.action)]),
        "No update triggers recorded.",
    );
}

fn open_items(d: &mut Builder<'_>, r: &Report) {
    let o = &r.open_items;
    d.h(2, "Open Items");
    d.h(3, "Incomplete Phases");
    d.table(
        &["Phase", "Name", "Status", "Criteria Met"],
        o.incomplete_phases.iter().map(|p| {
            vec![
                p.phase.to_string(),
                p.name.clone(),
                p.status.to_string(),
                match p.criteria_vacuous {
                    0 => format!("{}/{}", p.criteria_met, p.criteria_total),
                    n => format!("{}/{} ({n} vacuous)", p.criteria_met, p.criteria_total),
                },
            ]
        }),
        "Every phase of the chosen depth is complete.",
    );
    d.h(3, "Unvalidated High-Impact Assumptions");
    d.list(
        o.unvalidated_assumptions
            .iter()
            .map(|a| format!("{}: {}", a.id, a.text))
            .collect(),
        "None.",
    );
    d.h(3, "Threats Without Rating");
    d.list(
        o.unrated_threats
            .iter()
            .map(|a| format!("{}: {}", a.id, a.text))
            .collect(),
        "None.",
    );
}

fn compliance(d: &mut Builder<'_>, r: &Report) {
    d.h(2, "Compliance Mapping");
    d.note("Which artifacts of this threat model support each requirement. MAESTRO supports these requirements; it does not by itself make a system compliant.");
    for f in &r.compliance {
        d.h(3, format!("{} ({})", f.name, f.year));
        d.note(&format!(
            "{} supported, {} partial, {} missing, {} not covered by MAESTRO.",
            f.supported, f.partial, f.missing, f.not_covered
        ));
        d.table(
            &["Requirement", "Status", "Supported By", "Missing"],
            f.requirements.iter().map(|q| {
                let names = |present: bool| {
                    let names: Vec<String> = q
                        .artifacts
                        .iter()
                        .filter(|a| a.present == present)
                        .map(|a| a.name.clone())
                        .collect();
                    join(&names)
                };
                vec![
                    format!("{}: {}", q.name, q.summary),
                    q.status.label().to_string(),
                    names(true),
                    names(false),
                ]
            }),
            "No requirements listed.",
        );
    }
}
