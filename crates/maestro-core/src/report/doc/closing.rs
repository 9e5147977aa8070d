//! Residual risk, the remediation roadmap, open items and compliance.

use super::*;

pub(super) fn residual(d: &mut Builder<'_>, r: &Report) {
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

pub(super) fn roadmap(d: &mut Builder<'_>, r: &Report) {
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

pub(super) fn open_items(d: &mut Builder<'_>, r: &Report) {
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

pub(super) fn compliance(d: &mut Builder<'_>, r: &Report) {
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
