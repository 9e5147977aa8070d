//! The record lists of pre-engagement and phases 1–5, the completion checklist
//! rows (automatic ones ticked from the data, manual ones by key) and the phase
//! status with its dependencies.

use super::{RecordKind, add_row, kind, row_for};
use crate::catalog::Catalog;
use crate::session::{PhaseProgress, Session};
use crate::tui::app::{AppState, BusinessField, RecordRef, RecordRow};
use crate::tui::history::PartKind;
use crate::tui::update::edit_parts;
use crate::vocab::{Layer, PhaseStatus};

/// Row kind of a completion criterion (id = criterion id).
pub const CRITERION: &str = "criterion";
/// Row kind of the phase status line.
pub const STATUS: &str = "phase-status";

fn info(label: impl Into<String>, detail: impl Into<String>) -> RecordRow {
    RecordRow {
        label: label.into(),
        detail: detail.into(),
        field: None,
        record: None,
    }
}

fn field_row(label: &str, detail: String, kind_name: &'static str, key: &str) -> RecordRow {
    RecordRow {
        label: label.to_string(),
        detail,
        field: None,
        record: Some(RecordRef {
            kind: kind_name,
            id: kind_name.to_string(),
            field: Some(key.to_string()),
        }),
    }
}

fn list_of(s: &Session, k: &dyn RecordKind, rows: &mut Vec<RecordRow>) {
    rows.push(add_row(s, k));
    rows.extend(k.ids(s).iter().map(|id| row_for(s, k, id)));
}

/// The kind `a` adds when the selected row does not say.
pub fn default_kind(list_kind: Option<&'static str>, phase: u8) -> Option<&'static dyn RecordKind> {
    kind(list_kind.unwrap_or(match phase {
        1 => "stakeholder",
        2 => "component",
        3 => "actor",
        4 => "zone",
        5 => "asset",
        _ => "",
    }))
}

/// Phases a phase builds on (shown, never enforced).
pub fn dependencies(phase: u8) -> &'static [u8] {
    match phase {
        3..=5 => &[2],
        6 => &[1, 2, 3, 4, 5],
        _ => &[],
    }
}

/// Rows of the list shown instead of the phase's (assumptions from anywhere).
pub fn rows(
    s: &Session,
    c: &Catalog,
    phase: u8,
    list_kind: Option<&'static str>,
) -> Vec<RecordRow> {
    let mut rows = Vec::new();
    if let Some(k) = list_kind.and_then(kind) {
        list_of(s, k, &mut rows);
        rows.push(info("", "J/K reorder · d delete · A or Esc back"));
        return rows;
    }
    let get = |k: &str| kind(k).expect("registered kind");
    match phase {
        1 => {
            rows.extend(BusinessField::ALL.iter().map(|f| RecordRow {
                label: f.label().to_string(),
                detail: f.get(s).to_string(),
                field: Some(*f),
                record: None,
            }));
            let business = get("business");
            for (key, label) in [
                ("data_classification", "Data classification"),
                ("regulations", "Regulations"),
                ("criticality", "Criticality"),
                ("data_categories", "Data categories"),
                ("risk_tolerance", "Risk tolerance"),
            ] {
                rows.push(field_row(
                    label,
                    business.get(s, "business", key).text(),
                    "business",
                    key,
                ));
            }
            list_of(s, get("stakeholder"), &mut rows);
            // After the template's fields, so the first rows stay where they were.
            engagement_rows(s, c, &mut rows);
            rows.push(info(
                format!("Assumptions ({})", s.assumptions.len()),
                "A: open the list",
            ));
        }
        2 => {
            rows.push(row_for(s, get("architecture"), "architecture"));
            let layers = get("layer");
            for layer in Layer::ALL {
                let mut r = row_for(s, layers, layer.as_str());
                if r.detail.starts_with('⚠') {
                    let note = c.layers.get(*layer).and_then(|l| l.notes.first().cloned());
                    let typical = c
                        .layers
                        .get(*layer)
                        .map(|l| {
                            l.components
                                .iter()
                                .take(2)
                                .cloned()
                                .collect::<Vec<_>>()
                                .join(", ")
                        })
                        .unwrap_or_default();
                    r.detail = match note {
                        Some(n) => format!("⚠ empty — {n}"),
                        None => format!("⚠ empty — typical: {typical}"),
                    };
                }
                rows.push(r);
            }
            list_of(s, get("component"), &mut rows);
            list_of(s, get("flow"), &mut rows);
        }
        3 => {
            list_of(s, get("actor"), &mut rows);
            let missing: Vec<&str> = c
                .taxonomy
                .actors
                .iter()
                .filter(|cat| !s.actors.iter().any(|a| a.category == cat.id))
                .map(|cat| cat.name.as_str())
                .collect();
            if !missing.is_empty() {
                rows.push(info("Categories not covered", missing.join(", ")));
            }
        }
        4 => {
            list_of(s, get("zone"), &mut rows);
            list_of(s, get("boundary"), &mut rows);
            let implicit = s
                .boundaries
                .iter()
                .filter(|b| !b.implicit_trust.is_empty())
                .count();
            if implicit > 0 {
                rows.push(info(
                    "⚠ Implicit trust",
                    format!("{implicit} crossing(s) assume trust without verifying it"),
                ));
            }
        }
        5 => list_of(s, get("asset"), &mut rows),
        _ => return rows,
    }
    checklist_rows(s, c, phase, &mut rows);
    rows
}

fn engagement_rows(s: &Session, c: &Catalog, rows: &mut Vec<RecordRow>) {
    let depth = s.engagement.depth;
    let detail = match depth.and_then(|d| c.engagement.depth(d)) {
        Some(info) => {
            let layers: Vec<&str> = c
                .engagement
                .layers_for(info.id, &s.engagement.answers)
                .iter()
                .map(|l| l.as_str())
                .collect();
            let phases: Vec<String> = info.phases.iter().map(u8::to_string).collect();
            format!(
                "{} · phases {} · layers {}",
                info.name,
                phases.join(","),
                layers.join(",")
            )
        }
        None => "not decided: answer the questions".into(),
    };
    rows.push(field_row("Engagement depth", detail, "engagement", "depth"));
    for q in &c.engagement.questions {
        let answer = s.engagement.answers.get(&q.id);
        let label = answer
            .and_then(|a| q.answers.iter().find(|x| x.id == *a))
            .map_or("—".to_string(), |a| a.label.clone());
        rows.push(field_row(
            &format!("Q{} {}", q.number, q.text),
            label,
            "engagement",
            &q.id,
        ));
    }
}

fn checklist_rows(s: &Session, c: &Catalog, phase: u8, rows: &mut Vec<RecordRow>) {
    let status = s.phase_status(phase);
    let needs: Vec<String> = dependencies(phase)
        .iter()
        .map(|p| format!("{p} ({})", s.phase_status(*p)))
        .collect();
    let detail = if needs.is_empty() {
        "s: change".to_string()
    } else {
        format!("s: change · builds on phase {}", needs.join(", "))
    };
    rows.push(RecordRow {
        label: format!("Status: {status}"),
        detail,
        field: None,
        record: Some(RecordRef {
            kind: STATUS,
            id: phase.to_string(),
            field: None,
        }),
    });
    let info = c.phases.get(phase);
    for criterion in crate::progress::phase_criteria(s, c, phase) {
        let how = if criterion.automatic {
            "auto"
        } else {
            "x: tick"
        };
        // Where the playbook states it, and the readings maestro-tm declares for it
        // (docs/method.md), so the analyst can check the rule against the text.
        let origin = info
            .and_then(|p| p.criteria.iter().find(|k| k.id == criterion.id))
            .map(|k| source_text(&k.source, &k.readings))
            .unwrap_or_default();
        rows.push(RecordRow {
            label: criterion.label(),
            detail: format!("{how}{origin}"),
            field: None,
            record: Some(RecordRef {
                kind: CRITERION,
                id: criterion.id,
                field: None,
            }),
        });
    }
}

/// " · 06-modeling-process › Phase 1: … · reading R-…" (empty when the catalog names none).
fn source_text(source: &str, readings: &[String]) -> String {
    let mut out = String::new();
    if !source.is_empty() {
        let (file, heading) = source.split_once('#').unwrap_or((source, ""));
        let file = file
            .rsplit('/')
            .next()
            .unwrap_or(file)
            .trim_end_matches(".md");
        out.push_str(" · ");
        out.push_str(file);
        if !heading.is_empty() {
            out.push_str(" › ");
            out.push_str(heading);
        }
    }
    if !readings.is_empty() {
        let word = if readings.len() == 1 {
            "reading"
        } else {
            "readings"
        };
        out.push_str(&format!(" · {word} {}", readings.join(", ")));
    }
    out
}

fn progress_mut(s: &mut Session, phase: u8) -> &mut PhaseProgress {
    let i = match s.phases.iter().position(|p| p.phase == phase) {
        Some(i) => i,
        None => {
            s.phases.push(PhaseProgress {
                phase,
                status: PhaseStatus::NotStarted,
                checked: Vec::new(),
                notes: String::new(),
            });
            s.phases.sort_by_key(|p| p.phase);
            s.phases.iter().position(|p| p.phase == phase).unwrap_or(0)
        }
    };
    &mut s.phases[i]
}

/// Ticks or unticks a manual criterion; on the status row, changes the status.
pub fn tick(state: &mut AppState, selected: Option<RecordRef>) {
    let Some(r) = selected else { return };
    if r.kind == STATUS {
        return cycle_status(state);
    }
    if r.kind != CRITERION {
        return;
    }
    let phase = state.phase;
    let automatic = state.doc.as_ref().is_some_and(|d| {
        crate::progress::phase_criteria(d.session(), &state.catalog, phase)
            .iter()
            .any(|c| c.id == r.id && c.automatic)
    });
    if automatic {
        state.message = Some("Ticked from the data: fill in the records it asks for".into());
        return;
    }
    edit_parts(state, &[PartKind::phases], |s| {
        let p = progress_mut(s, phase);
        if let Some(i) = p.checked.iter().position(|c| *c == r.id) {
            p.checked.remove(i);
        } else {
            p.checked.push(r.id.clone());
        }
    });
}

/// Not Started → In Progress → Complete → Not Started for the current phase.
pub fn cycle_status(state: &mut AppState) {
    let phase = state.phase;
    edit_parts(state, &[PartKind::phases], |s| {
        let p = progress_mut(s, phase);
        p.status = match p.status {
            PhaseStatus::NotStarted => PhaseStatus::InProgress,
            PhaseStatus::InProgress => PhaseStatus::Complete,
            PhaseStatus::Complete => PhaseStatus::NotStarted,
        };
    });
    if let Some(doc) = &state.doc {
        let status = doc.session().phase_status(phase);
        let waiting: Vec<String> = dependencies(phase)
            .iter()
            .filter(|p| doc.session().phase_status(**p) != PhaseStatus::Complete)
            .map(u8::to_string)
            .collect();
        state.message = Some(if waiting.is_empty() || status == PhaseStatus::NotStarted {
            format!("Phase {phase}: {status}")
        } else {
            format!(
                "Phase {phase}: {status} (phase {} not complete yet)",
                waiting.join(", ")
            )
        });
    }
}

#[cfg(test)]
mod source_tests {
    use super::*;

    /// Issue 16, item 8: a criterion row names where the playbook states it and the
    /// reading maestro-tm takes, so guidance can be checked against the text.
    #[test]
    fn criterion_rows_show_their_source_and_reading() {
        let catalog = Catalog::embedded();
        let session = Session::new("source", "x", "2026-01-01");
        let rows = rows(&session, &catalog, 1, None);
        let criteria: Vec<&RecordRow> = rows
            .iter()
            .filter(|r| r.record.as_ref().is_some_and(|k| k.kind == CRITERION))
            .collect();
        assert!(!criteria.is_empty());
        assert!(
            criteria.iter().all(|r| r
                .detail
                .contains("06-modeling-process › Phase 1: Business Context Analysis")),
            "{:?}",
            criteria.iter().map(|r| &r.detail).collect::<Vec<_>>()
        );
        assert!(
            criteria
                .iter()
                .any(|r| r.detail.contains("reading R-NOTHING-BEFORE-DONE"))
        );
    }
}
