//! Tests of `taxonomy` (module `tests`, kept out of the file it tests).

use super::*;

/// Every closed field names a list the embedded catalog has and fills.
#[test]
fn closed_fields_name_filled_lists() {
    let catalog = Catalog::embedded();
    for c in CLOSED_FIELDS {
        let list = catalog.taxonomy.closed(c.record, c.field);
        assert!(list.is_some_and(|l| !l.is_empty()), "{c:?}");
    }
    assert!(catalog.taxonomy.closed("business", "domain").is_none());
}

fn taxonomy() -> Taxonomy {
    Catalog::embedded().taxonomy
}

#[test]
fn counts_match_the_playbook() {
    let t = taxonomy();
    assert_eq!(t.actors.len(), 5, "five actor categories of phase 3");
    assert_eq!(t.capability_levels.len(), 4);
    assert_eq!(t.motivations.len(), 5);
    assert_eq!(t.relevance.len(), 3);
    assert_eq!(t.zone_kinds.len(), 6, "six common zones of phase 4");
    assert_eq!(
        t.boundary_controls.len(),
        7,
        "seven controls of phase 4 step 3"
    );
    assert_eq!(t.boundary_strengths.len(), 3);
    assert_eq!(t.asset_classes.len(), 5, "five asset groups of phase 5");
    assert_eq!(t.lifecycle_stages.len(), 5);
    assert_eq!(t.autonomy_levels.len(), 3);
    assert_eq!(t.assumption_statuses.len(), 3);
    assert_eq!(t.source_access.len(), 3);
    assert_eq!(t.test_coverage.len(), 3);
    assert_eq!(t.component_kinds.len(), ComponentKind::ALL.len());
}

#[test]
fn spot_facts() {
    let t = taxonomy();
    let actor = t.get_actor("compromised-agent").unwrap();
    assert_eq!(actor.name, "Compromised Agent");
    assert!(t.get_actor("nation-state").unwrap().capability == ["advanced"]);
    let names: Vec<&str> = t.actors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "External Attacker",
            "Malicious Insider",
            "Compromised Agent",
            "Nation-State",
            "Automated Threat"
        ]
    );
    assert_eq!(
        t.get_zone_kind("public").unwrap().default_trust,
        "untrusted"
    );
    assert_eq!(
        t.get_boundary_control("encryption-in-transit")
            .unwrap()
            .answers,
        AnswerKind::YesNo
    );
    assert_eq!(
        t.get_asset_class("model-assets").unwrap().name,
        "Model assets"
    );
    let stages: Vec<&str> = t.lifecycle_stages.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        stages,
        ["created", "stored", "transmitted", "processed", "destroyed"]
    );
    assert!(t.get_source_access("none").unwrap().skip_code_validation);
    assert_eq!(
        t.get_component_kind(ComponentKind::McpServer)
            .unwrap()
            .layers,
        [Layer::L3, Layer::L4, Layer::L7]
    );
    assert_eq!(
        t.choice("relevance", "Partially Relevant")
            .map(|c| c.id.as_str()),
        Some("partially-relevant")
    );
    assert_eq!(
        t.choice("autonomy_levels", "human-in-loop")
            .map(|c| c.name.as_str()),
        Some("Human-in-loop")
    );
    assert!(t.choice("relevance", "maybe").is_none());
    assert!(t.choices("no-such-list").is_none());
}

#[test]
fn check_reports_broken_references() {
    let base = Catalog::embedded();

    let mut c = base.clone();
    c.taxonomy.actors[0].motivations.push("boredom".into());
    let problems = c.integrity_problems();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("unknown motivation `boredom`")),
        "{problems:?}"
    );

    let mut c = base.clone();
    c.taxonomy.zone_kinds[0].default_trust = "sort-of".into();
    assert!(
        c.integrity_problems()
            .iter()
            .any(|p| p.contains("unknown trust level"))
    );

    let mut c = base.clone();
    let dup = c.taxonomy.motivations[0].clone();
    c.taxonomy.motivations.push(dup);
    let problems = c.integrity_problems();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("taxonomy.motivations: duplicate id")),
        "{problems:?}"
    );

    let mut c = base.clone();
    c.taxonomy.component_kinds.pop();
    assert!(
        c.integrity_problems()
            .iter()
            .any(|p| p.contains("component_kinds"))
    );

    assert!(base.integrity_problems().is_empty());
}

#[test]
fn layer_filter_keeps_unlayered_entries() {
    let t = taxonomy();
    let rows = t.rows(Some(Layer::L2));
    assert!(rows.iter().any(|r| r.id == "actor/malicious-insider"));
    assert!(!rows.iter().any(|r| r.id == "actor/nation-state"));
    assert!(rows.iter().any(|r| r.id == "boundary-control/logging"));
    let json = t.to_json(Some(Layer::L6));
    assert!(
        json["zone_kinds"]
            .as_array()
            .unwrap()
            .iter()
            .all(|z| z["id"] == "privileged")
    );
}
