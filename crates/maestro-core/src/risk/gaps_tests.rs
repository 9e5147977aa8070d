//! Tests of `gaps` (module `tests`, kept out of the file it tests).

use super::*;
use crate::analysis::fixtures::{mitigation, threat};
use crate::vocab::{ImplementationStatus as I, Layer, Likelihood, MitigationType as T, Severity};

fn with(threats: Vec<Threat>, mitigations: Vec<Mitigation>) -> Session {
    let mut s = Session::new("gaps", "test", "2025-01-15");
    s.threats = threats;
    s.mitigations = mitigations;
    s
}

fn critical(id: &str) -> Threat {
    threat(id, "", &[Layer::L3], Severity::Critical, Likelihood::Likely)
}

fn high(id: &str) -> Threat {
    threat(id, "", &[Layer::L3], Severity::High, Likelihood::Possible)
}

fn m(id: &str, kind: T, threats: &[&str]) -> Mitigation {
    mitigation(id, kind, threats, I::NotImplemented)
}

#[test]
fn threat_without_mitigation() {
    let catalog = Catalog::embedded();
    let low = threat(
        "TH-L",
        "",
        &[Layer::L1],
        Severity::Low,
        Likelihood::Unlikely,
    );
    let s = with(vec![low, critical("TH-C")], vec![]);
    let report = analyse(&s, &catalog);
    assert_eq!(report.ids(GapRule::NoMitigation), ["TH-L", "TH-C"]);
    // A declined control does not count as planned.
    let mut declined = m("M-1", T::Preventive, &["TH-L"]);
    declined.status = MitigationStatus::WillNotAction;
    let s = with(s.threats.clone(), vec![declined]);
    assert_eq!(
        analyse(&s, &catalog).ids(GapRule::NoMitigation),
        ["TH-L", "TH-C"]
    );
}

#[test]
fn critical_without_preventive() {
    let catalog = Catalog::embedded();
    let s = with(
        vec![critical("TH-1"), critical("TH-2"), high("TH-3")],
        vec![
            m("M-1", T::Detective, &["TH-1", "TH-3"]),
            m("M-2", T::Preventive, &["TH-2"]),
        ],
    );
    assert_eq!(
        analyse(&s, &catalog).ids(GapRule::CriticalWithoutPreventive),
        ["TH-1"]
    );
}

#[test]
fn critical_or_high_without_detective() {
    let catalog = Catalog::embedded();
    let medium = threat(
        "TH-4",
        "",
        &[Layer::L3],
        Severity::Medium,
        Likelihood::Possible,
    );
    let s = with(
        vec![critical("TH-1"), high("TH-2"), high("TH-3"), medium],
        vec![
            m("M-1", T::Preventive, &["TH-1", "TH-2", "TH-4"]),
            m("M-2", T::Detective, &["TH-3"]),
        ],
    );
    assert_eq!(
        analyse(&s, &catalog).ids(GapRule::WithoutDetective),
        ["TH-1", "TH-2"]
    );
}

#[test]
fn single_mitigation_is_a_single_point_of_failure() {
    let catalog = Catalog::embedded();
    let s = with(
        vec![high("TH-1"), high("TH-2")],
        vec![
            m("M-1", T::Preventive, &["TH-1", "TH-2"]),
            m("M-2", T::Detective, &["TH-2"]),
        ],
    );
    let report = analyse(&s, &catalog);
    assert_eq!(report.ids(GapRule::SingleMitigation), ["TH-1"]);
    assert_eq!(
        report.list(GapRule::SingleMitigation)[0].mitigations,
        ["M-1"]
    );
}

#[test]
fn defense_in_depth_for_critical_needs_preventive_and_detective() {
    let catalog = Catalog::embedded();
    let s = with(
        vec![critical("TH-1"), critical("TH-2")],
        vec![
            m("M-1", T::Preventive, &["TH-1", "TH-2"]),
            m("M-2", T::Detective, &["TH-2"]),
            m("M-3", T::Corrective, &["TH-1"]),
        ],
    );
    let report = analyse(&s, &catalog);
    let list = report.list(GapRule::DefenseInDepth);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].threat_id, "TH-1");
    assert_eq!(list[0].missing, [vec![T::Detective]]);
}

#[test]
fn defense_in_depth_for_high_needs_preventive_or_detective_plus_corrective() {
    let catalog = Catalog::embedded();
    let s = with(
        vec![high("TH-1"), high("TH-2"), high("TH-3")],
        vec![
            m("M-1", T::Detective, &["TH-1"]),
            m("M-2", T::Corrective, &["TH-1", "TH-2"]),
            m("M-3", T::Deterrent, &["TH-3"]),
        ],
    );
    let report = analyse(&s, &catalog);
    let list = report.list(GapRule::DefenseInDepth);
    let missing: Vec<(&str, &Vec<Vec<T>>)> = list
        .iter()
        .map(|e| (e.threat_id.as_str(), &e.missing))
        .collect();
    assert_eq!(
        missing,
        [
            ("TH-2", &vec![vec![T::Preventive, T::Detective]]),
            (
                "TH-3",
                &vec![vec![T::Preventive, T::Detective], vec![T::Corrective]]
            ),
        ]
    );
}

#[test]
fn medium_and_low_have_no_defense_rule_and_notes_travel() {
    let catalog = Catalog::embedded();
    let mut medium = threat(
        "TH-1",
        "",
        &[Layer::L3],
        Severity::Medium,
        Likelihood::Possible,
    );
    medium.gap_note = "accepted for the pilot".into();
    let s = with(vec![medium], vec![m("M-1", T::Deterrent, &["TH-1"])]);
    let report = analyse(&s, &catalog);
    assert!(report.list(GapRule::DefenseInDepth).is_empty());
    assert_eq!(
        report.list(GapRule::SingleMitigation)[0].note,
        "accepted for the pilot"
    );
    assert_eq!(report.total(), 1);
    // Adding a second control closes the last gap.
    let mut s = s;
    s.mitigations.push(m("M-2", T::Detective, &["TH-1"]));
    assert_eq!(analyse(&s, &catalog).total(), 0);
}
