//! One test per kind of change, on small sessions built in code.

use super::*;
use crate::session::{Assumption, PhaseProgress};
use crate::vocab::{
    ComponentKind, ImplementationStatus, Likelihood, MitigationStatus, MitigationType, Severity,
};

fn base() -> Session {
    let mut s = Session::new("Diff", "1", "2025-01-01");
    s.components.push(Component {
        otm: Default::default(),
        id: "c1".into(),
        name: "Agent".into(),
        kind: ComponentKind::Agent,
        layers: vec![Layer::L3],
        technology: String::new(),
        description: String::new(),
        zone: String::new(),
    });
    s.threats.push(Threat {
        id: "t1".into(),
        name: "Tool misuse".into(),
        severity: Some(Severity::High),
        likelihood: Some(Likelihood::Likely),
        ..Threat::default()
    });
    s.mitigations.push(Mitigation {
        otm: Default::default(),
        id: "m1".into(),
        name: "Allow-list tools".into(),
        catalog: String::new(),
        kind: MitigationType::Preventive,
        description: String::new(),
        addresses: vec!["t1".into()],
        cost: None,
        effectiveness: Some(crate::vocab::Effectiveness::High),
        status: MitigationStatus::Identified,
        implementation: ImplementationStatus::NotImplemented,
        coverage: crate::vocab::Coverage::Full,
        owner: String::new(),
        attested: false,
        attestation: String::new(),
    });
    s.phases.push(PhaseProgress {
        phase: 1,
        status: PhaseStatus::InProgress,
        checked: Vec::new(),
        notes: String::new(),
    });
    s
}

fn delta(change: impl FnOnce(&mut Session)) -> SessionDiff {
    let old = base();
    let mut new = base();
    change(&mut new);
    diff(&old, &new, &Catalog::embedded())
}

#[test]
fn equal_sessions_have_an_empty_delta() {
    assert!(delta(|_| {}).is_empty());
    assert_eq!(to_text(&delta(|_| {})), "");
}

#[test]
fn threat_added_removed_renamed() {
    let d = delta(|s| {
        s.threats[0].name = "Tool abuse".into();
        s.threats.push(Threat {
            id: "t2".into(),
            name: "New".into(),
            ..Threat::default()
        });
    });
    assert_eq!(d.threats.added[0].id, "t2");
    assert_eq!(d.threats.renamed[0].old, "Tool misuse");
    assert!(
        d.threats.modified.is_empty(),
        "a rename alone is not a modification"
    );
    let d = delta(|s| s.threats.clear());
    assert_eq!(d.threats.removed[0].name, "Tool misuse");
}

#[test]
fn inherent_risk_change() {
    let d = delta(|s| s.threats[0].severity = Some(Severity::Low));
    let inherent: Vec<_> = d
        .threats
        .risk
        .iter()
        .filter(|r| r.measure == RiskMeasure::Inherent)
        .collect();
    assert_eq!(inherent.len(), 1);
    assert!(inherent[0].new < inherent[0].old);
}

#[test]
fn residual_risk_change_from_a_mitigation_going_live() {
    let d = delta(|s| {
        s.mitigations[0].status = MitigationStatus::Implemented;
        s.mitigations[0].implementation = ImplementationStatus::Implemented;
    });
    assert!(
        d.threats
            .risk
            .iter()
            .any(|r| r.measure == RiskMeasure::Residual && r.new < r.old)
    );
    let fields: Vec<&str> = d
        .mitigations
        .changes
        .iter()
        .map(|c| c.field.as_str())
        .collect();
    assert_eq!(fields, ["status", "implementation"]);
    assert!(d.mitigations.modified.is_empty());
}

#[test]
fn component_layers_and_other_fields() {
    let d = delta(|s| s.components[0].layers.push(Layer::L7));
    assert_eq!(d.components.layers[0].new, [Layer::L3, Layer::L7]);
    assert!(d.components.modified.is_empty());
    let d = delta(|s| s.components[0].technology = "CrewAI".into());
    assert_eq!(d.components.modified, ["c1"]);
}

#[test]
fn phase_status_and_phase_notes() {
    let d = delta(|s| s.phases[0].status = PhaseStatus::Complete);
    assert_eq!(d.phases[0].new, PhaseStatus::Complete);
    assert!(d.records.is_empty());
    let d = delta(|s| {
        s.phases.push(PhaseProgress {
            phase: 2,
            status: PhaseStatus::InProgress,
            checked: Vec::new(),
            notes: String::new(),
        })
    });
    assert_eq!(d.phases[0].old, PhaseStatus::NotStarted);
    assert!(d.records.is_empty());
    let d = delta(|s| s.phases[0].notes = "waiting on architect".into());
    assert!(d.phases.is_empty());
    assert_eq!(d.records[0].kind, "phases");
}

#[test]
fn other_records_sections_and_order() {
    let d = delta(|s| {
        s.assumptions.push(Assumption {
            id: "A-1".into(),
            description: "x".into(),
            ..Assumption::default()
        })
    });
    assert_eq!(d.records[0].kind, "assumptions");
    assert_eq!(d.records[0].added, ["A-1"]);
    let d = delta(|s| s.business.domain = "Retail".into());
    assert_eq!(d.sections, ["business"]);
    let d = delta(|s| {
        s.threats.push(Threat {
            id: "t0".into(),
            name: "Other".into(),
            ..Threat::default()
        })
    });
    assert!(d.reordered.is_empty());
    let old = delta(|_| {});
    assert!(old.is_empty());
    let mut a = base();
    a.threats.push(Threat {
        id: "t0".into(),
        ..Threat::default()
    });
    let mut b = a.clone();
    b.threats.reverse();
    let d = diff(&a, &b, &Catalog::embedded());
    assert_eq!(d.reordered, ["threats"]);
    assert!(!d.is_empty());
}
