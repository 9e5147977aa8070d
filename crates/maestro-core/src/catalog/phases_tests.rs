//! Tests of `phases` (module `tests`, kept out of the file it tests).

use super::*;

#[test]
fn ten_phases_with_playbook_names() {
    let phases = Catalog::embedded().phases;
    let ids: Vec<u8> = phases.phases.iter().map(|p| p.id).collect();
    assert_eq!(ids, (1..=10).collect::<Vec<u8>>());
    assert_eq!(phases.get(1).unwrap().name, "Business Context Analysis");
    assert_eq!(phases.get(6).unwrap().name, "Threat Identification");
    assert_eq!(
        phases.get(10).unwrap().name,
        "Output Generation and Documentation"
    );
    assert_eq!(
        phases.get(2).unwrap().key_output,
        "Layer Mapping Template (filled)"
    );
    for p in &phases.phases {
        assert!(!p.steps.is_empty(), "phase {} has steps", p.id);
        assert!(!p.criteria.is_empty(), "phase {} has criteria", p.id);
        let factors: Vec<AgenticFactor> = p.agentic.iter().map(|a| a.factor).collect();
        assert_eq!(
            factors,
            AgenticFactor::ALL,
            "phase {} covers all factors",
            p.id
        );
        for c in &p.criteria {
            assert!(c.id.starts_with(&format!("P{}-C", p.id)), "{}", c.id);
        }
    }
}

#[test]
fn dependency_flow_matches_playbook() {
    let phases = Catalog::embedded().phases;
    assert!(phases.get(1).unwrap().depends_on.is_empty());
    assert_eq!(phases.get(2).unwrap().depends_on, [1]);
    for id in 3..=5 {
        let p = phases.get(id).unwrap();
        assert_eq!(p.depends_on, [2]);
        assert_eq!(p.parallel_group.as_deref(), Some("3-5"));
    }
    assert_eq!(phases.get(5).unwrap().complete_after, [4]);
    assert_eq!(phases.get(6).unwrap().depends_on, [1, 2, 3, 4, 5]);
    for id in 7..=10 {
        assert_eq!(phases.get(id).unwrap().depends_on, [id - 1]);
    }
    assert_eq!(phases.ready(&[]), [1]);
    assert_eq!(phases.ready(&[1, 2]), [3, 4, 5]);
    assert_eq!(phases.ready(&[1, 2, 3, 4]), [5]);
    assert_eq!(phases.ready(&[1, 2, 3, 4, 5]), [6]);
    // Phase 8 skipped by the gate counts as done for Phase 9.
    assert_eq!(phases.ready(&[1, 2, 3, 4, 5, 6, 7, 8]), [9]);
}

#[test]
fn phase8_gate_has_three_access_levels() {
    let phases = Catalog::embedded().phases;
    let gate = phases.get(8).unwrap().gate.as_ref().unwrap();
    let ids: Vec<&str> = gate.options.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["full", "partial", "none"]);
    let none = &gate.options[2];
    assert!(!none.runs_phase);
    assert!(none.treat_mitigations_as_planned);
    assert!(none.phase9_note.is_some());
    assert!(gate.options[1].runs_phase);
    assert!(gate.skip_record.contains("Not Applicable"));
    assert_eq!(phases.phases.iter().filter(|p| p.gate.is_some()).count(), 1);
}

#[test]
fn rules_parse() {
    assert!(matches!(parse_rule("threats>=5"), Ok(RuleRef::Count(_, 5))));
    assert!(matches!(
        parse_rule("layers-assessed:L1,L2,L6"),
        Ok(RuleRef::Layers(_, ref l)) if l == &[Layer::L1, Layer::L2, Layer::L6]
    ));
    assert!(matches!(
        parse_rule("report-exported"),
        Ok(RuleRef::Plain(_))
    ));
    assert!(parse_rule("threats").is_err());
    assert!(parse_rule("report-exported>=2").is_err());
    assert!(parse_rule("layers-assessed:L9").is_err());
    assert!(parse_rule("no-such-rule").is_err());
    check_unique_rules();
}

fn check_unique_rules() {
    let mut problems = Vec::new();
    check_unique("rules", RULES.iter().map(|r| r.key), &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn check_reports_broken_references() {
    let base = Catalog::embedded();

    let mut catalog = base.clone();
    catalog.phases.phases[3].depends_on.push(7);
    let problems = catalog.integrity_problems();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("phase 4 depends on phase 7")),
        "{problems:?}"
    );

    let mut catalog = base.clone();
    catalog.phases.phases[9].id = 11;
    let problems = catalog.integrity_problems();
    assert!(
        problems.iter().any(|p| p.contains("exactly 1..=10")),
        "{problems:?}"
    );

    let mut catalog = base.clone();
    let dup = catalog.phases.phases[0].clone();
    catalog.phases.phases.push(dup);
    let problems = catalog.integrity_problems();
    assert!(
        problems.iter().any(|p| p.contains("duplicate id `1`")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("duplicate id `P1-C1`")),
        "{problems:?}"
    );

    let mut catalog = base.clone();
    catalog.phases.phases[0].criteria[0].auto = Some("made-up".into());
    let problems = catalog.integrity_problems();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("unknown rule `made-up`")),
        "{problems:?}"
    );

    let mut catalog = base;
    catalog.phases.reentry[0].phase = 12;
    let problems = catalog.integrity_problems();
    assert!(
        problems.iter().any(|p| p.contains("unknown phase 12")),
        "{problems:?}"
    );
}

#[test]
fn override_replaces_phase_by_numeric_id() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("phases.toml"),
        "[[phases]]\nid = 3\nname = \"Adversaries\"\nshort_name = \"Actors\"\nobjective = \"x\"\ndepends_on = [2]\n",
    )
    .unwrap();
    let catalog = Catalog::load(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(catalog.phases.phases.len(), 10);
    assert_eq!(catalog.phases.get(3).unwrap().name, "Adversaries");
}

#[test]
fn listing_has_ten_rows() {
    let phases = Catalog::embedded().phases;
    let rows = phases.rows(Some(Layer::L3));
    assert_eq!(rows.len(), 10);
    assert!(rows[7].detail.contains("gated"));
    assert!(rows[2].detail.contains("parallel 3-5"));
}
