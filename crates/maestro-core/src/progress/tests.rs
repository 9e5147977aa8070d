//! Progress rules evaluated on small sessions.

use super::*;
use crate::catalog::phases::{RULES, RuleArg, rule_key};
use crate::session::*;
use crate::vocab::*;

fn catalog() -> Catalog {
    Catalog::embedded()
}

fn plain(key: &str) -> RuleRef {
    RuleRef::Plain(rule_key(key).unwrap())
}

fn component(id: &str, layers: &[Layer]) -> Component {
    Component {
        otm: Default::default(),
        id: id.into(),
        name: id.into(),
        kind: ComponentKind::Agent,
        layers: layers.to_vec(),
        technology: String::new(),
        description: String::new(),
        zone: String::new(),
    }
}

#[test]
fn layer_placement_rule() {
    let c = catalog();
    let mut s = Session::default();
    assert!(
        !rule_met(&plain("every-component-has-layer"), &s, &c),
        "empty inventory is not done"
    );
    s.components.push(component("C1", &[Layer::L3]));
    assert!(rule_met(&plain("every-component-has-layer"), &s, &c));
    s.components.push(component("C2", &[]));
    assert!(!rule_met(&plain("every-component-has-layer"), &s, &c));
}

#[test]
fn count_rules() {
    let c = catalog();
    let mut s = Session::default();
    let rule = RuleRef::Count(rule_key("components").unwrap(), 2);
    s.components.push(component("C1", &[Layer::L1]));
    assert!(!rule_met(&rule, &s, &c));
    s.components.push(component("C2", &[Layer::L1]));
    assert!(rule_met(&rule, &s, &c));
}

#[test]
fn critical_threats_need_preventive_and_detective() {
    let c = catalog();
    let mut s = Session::default();
    s.threats.push(Threat {
        id: "TH1".into(),
        name: "x".into(),
        severity: Some(Severity::Critical),
        likelihood: Some(Likelihood::Likely),
        ..Threat::default()
    });
    let rule = plain("critical-high-threats-have-preventive-and-detective");
    let mitigation = |id: &str, kind| Mitigation {
        otm: Default::default(),
        id: id.into(),
        name: id.into(),
        catalog: String::new(),
        kind,
        description: String::new(),
        addresses: vec!["TH1".into()],
        cost: None,
        effectiveness: None,
        status: MitigationStatus::Identified,
        implementation: ImplementationStatus::NotImplemented,
        coverage: Coverage::Full,
        owner: String::new(),
        attested: false,
        attestation: String::new(),
    };
    s.mitigations
        .push(mitigation("M1", MitigationType::Preventive));
    assert!(!rule_met(&rule, &s, &c));
    assert!(!rule_met(&plain("mitigation-gaps-reviewed"), &s, &c));
    s.mitigations
        .push(mitigation("M2", MitigationType::Detective));
    assert!(rule_met(&rule, &s, &c));
    assert!(rule_met(&plain("mitigation-gaps-reviewed"), &s, &c));
    // A control nobody will build closes no gap (the same rule as the gap panel and report).
    s.mitigations[0].status = MitigationStatus::WillNotAction;
    assert!(!rule_met(&rule, &s, &c));
    assert!(!rule_met(&plain("mitigation-gaps-reviewed"), &s, &c));
}

#[test]
fn manual_criteria_follow_the_checked_list() {
    let c = catalog();
    let phase = (1..=10).find_map(|p| {
        c.phases
            .get(p)
            .unwrap()
            .criteria
            .iter()
            .find(|k| k.auto.is_none())
            .map(|k| (p, k.id.clone()))
    });
    let Some((phase, id)) = phase else { return };
    let mut s = Session::default();
    let state = |s: &Session| {
        phase_criteria(s, &c, phase)
            .into_iter()
            .find(|k| k.id == id)
            .unwrap()
    };
    assert!(!state(&s).met && !state(&s).automatic);
    s.phases.push(PhaseProgress {
        phase,
        status: PhaseStatus::InProgress,
        checked: vec![id.clone()],
        notes: String::new(),
    });
    assert!(state(&s).met);
}

#[test]
fn every_rule_key_is_implemented() {
    // A key that falls through to the catch-all would never be met; each key must be
    // able to become true on some session. The full example session satisfies them.
    let c = catalog();
    let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .join("sessions/customer-support-mas.toml");
    let doc = crate::session::storage::load(&path).unwrap();
    for rule in RULES {
        let r = match rule.arg {
            RuleArg::None => RuleRef::Plain(rule),
            RuleArg::Count => RuleRef::Count(rule, 1),
            RuleArg::Layers => RuleRef::Layers(rule, vec![Layer::L1]),
        };
        assert!(
            rule_met(&r, &doc.session, &c),
            "rule `{}` is not met by the full example",
            rule.key
        );
    }
}

#[test]
fn status_report_counts_threats_by_layer_and_level() {
    let c = catalog();
    let mut s = Session::new("t", "1", "2026-01-01");
    s.threats.push(Threat {
        id: "TH1".into(),
        name: "x".into(),
        layers: vec![Layer::L3, Layer::CrossLayer],
        severity: Some(Severity::High),
        likelihood: Some(Likelihood::Likely),
        ..Threat::default()
    });
    let report = StatusReport::build(&s, &c);
    assert_eq!(report.inherent.critical, 1);
    let l3 = report.layers.iter().find(|l| l.layer == Layer::L3).unwrap();
    assert_eq!(l3.threats.critical, 1);
    assert_eq!(report.phases.len(), 10);
    assert_eq!(report.mvtm.len(), 10);
    let text = report.to_text();
    assert!(text.contains("L3 Agent Frameworks"), "{text}");
    assert!(text.contains("inherent: 1 Critical"), "{text}");
}
