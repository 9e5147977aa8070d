//! Tests of `engagement` (module `tests`, kept out of the file it tests).

use super::*;

const QUESTIONS: [&str; 5] = [
    "business-critical",
    "sensitive-data",
    "external",
    "full-autonomy",
    "multi-agent",
];

fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(q, a)| (q.to_string(), a.to_string()))
        .collect()
}

/// The playbook's tree written out by hand, for comparison.
fn tree(yes: [bool; 5]) -> Depth {
    if yes[0] || yes[1] {
        Depth::Full
    } else if yes[2] || yes[3] || yes[4] {
        Depth::Standard
    } else {
        Depth::Lightweight
    }
}

#[test]
fn five_questions_in_playbook_order() {
    let e = Catalog::embedded().engagement;
    let ids: Vec<&str> = e.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, QUESTIONS);
    let numbers: Vec<u8> = e.questions.iter().map(|q| q.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5]);
}

#[test]
fn every_path_of_the_tree() {
    let e = Catalog::embedded().engagement;
    // Each branch, answered only as far as the tree goes.
    assert_eq!(
        e.decide(&answers(&[("business-critical", "yes")])),
        Some(Depth::Full)
    );
    assert_eq!(
        e.decide(&answers(&[
            ("business-critical", "no"),
            ("sensitive-data", "yes")
        ])),
        Some(Depth::Full)
    );
    let mut prefix = vec![("business-critical", "no"), ("sensitive-data", "no")];
    for q in ["external", "full-autonomy", "multi-agent"] {
        let mut a = prefix.clone();
        a.push((q, "yes"));
        assert_eq!(e.decide(&answers(&a)), Some(Depth::Standard), "{q}");
        prefix.push((q, "no"));
    }
    assert_eq!(e.decide(&answers(&prefix)), Some(Depth::Lightweight));
    // All 32 complete answer sets agree with the hand-written tree.
    for bits in 0u8..32 {
        let yes: [bool; 5] = std::array::from_fn(|i| bits & (1 << i) != 0);
        let a: Vec<(&str, &str)> = QUESTIONS
            .iter()
            .zip(yes)
            .map(|(q, y)| (*q, if y { "yes" } else { "no" }))
            .collect();
        assert_eq!(e.decide(&answers(&a)), Some(tree(yes)), "{yes:?}");
    }
}

#[test]
fn undecided_and_invalid_answers() {
    let e = Catalog::embedded().engagement;
    assert_eq!(e.decide(&BTreeMap::new()), None);
    assert_eq!(e.decide(&answers(&[("business-critical", "no")])), None);
    // Later answers do not help while an earlier question is open.
    assert_eq!(e.decide(&answers(&[("external", "yes")])), None);
    // An earlier yes wins regardless of later answers.
    assert_eq!(
        e.decide(&answers(&[
            ("business-critical", "yes"),
            ("external", "yes")
        ])),
        Some(Depth::Full)
    );
    let mut a: Vec<(&str, &str)> = QUESTIONS.iter().map(|q| (*q, "no")).collect();
    a[4].1 = "maybe";
    assert_eq!(e.decide(&answers(&a)), None);
}

#[test]
fn deciding_rule_explains_the_choice() {
    let e = Catalog::embedded().engagement;
    let a = answers(&[
        ("business-critical", "no"),
        ("sensitive-data", "no"),
        ("external", "no"),
        ("full-autonomy", "no"),
        ("multi-agent", "yes"),
    ]);
    assert_eq!(e.deciding_rule(&a).unwrap().id, "R5");
}

#[test]
fn depths_match_playbook() {
    let e = Catalog::embedded().engagement;
    let full = e.depth(Depth::Full).unwrap();
    assert_eq!(full.phases, (1..=10).collect::<Vec<u8>>());
    assert_eq!(full.layers, Layer::ALL);
    assert_eq!(full.effort.as_deref(), Some("2-5 days"));
    let standard = e.depth(Depth::Standard).unwrap();
    assert_eq!(standard.phases, (1..=10).collect::<Vec<u8>>());
    use Layer::*;
    assert_eq!(standard.layers, [L1, L2, L3, L4, L6, L7, CrossLayer]);
    assert_eq!(standard.effort.as_deref(), Some("1-2 days"));
    let light = e.depth(Depth::Lightweight).unwrap();
    assert_eq!(light.phases, [1, 2, 6, 7, 8, 9, 10]);
    assert_eq!(light.layers, [L1, L2, L3, L4, L6]);
    assert_eq!(light.effort.as_deref(), Some("2-4 hours"));
    assert_eq!(light.escalate_when.len(), 4);

    let single = answers(&[("multi-agent", "no")]);
    assert!(!e.layers_for(Depth::Standard, &single).contains(&L5));
    let multi = answers(&[("multi-agent", "yes")]);
    assert_eq!(e.layers_for(Depth::Standard, &multi), Layer::ALL);
    assert_eq!(
        e.layers_for(Depth::Lightweight, &multi),
        [L1, L2, L3, L4, L6]
    );
}

#[test]
fn mvtm_and_single_agent() {
    let e = Catalog::embedded().engagement;
    assert_eq!(e.mvtm.len(), 10);
    assert_eq!(e.mvtm[0].id, "MVTM-1");
    assert_eq!(e.mvtm[9].id, "MVTM-10");
    assert_eq!(
        e.mvtm[5].rule.as_deref(),
        Some("layers-assessed:L1,L2,L3,L4,L6")
    );
    assert!(e.mvtm.iter().all(|m| m.rule.is_some()));
    for id in ["T12", "EXT-T38", "EXT-T21"] {
        assert!(e.single_agent_skips(id), "{id}");
    }
    assert!(!e.single_agent_skips("T14"));
    assert!(!e.single_agent_skips("T15"));
    let core: Vec<&str> = e
        .mcp_threats
        .iter()
        .filter(|t| t.core)
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(core, ["EXT-T40", "EXT-T42", "EXT-T43", "EXT-T47"]);
    assert_eq!(e.mcp_threats.len(), 8);
}

#[test]
fn check_reports_broken_references() {
    let base = Catalog::embedded();

    let mut catalog = base.clone();
    catalog.engagement.rules[0].when[0].question = "nope".into();
    let problems = catalog.integrity_problems();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("unknown question `nope`")),
        "{problems:?}"
    );

    let mut catalog = base.clone();
    catalog.engagement.rules[1].when[0].answer = "perhaps".into();
    let problems = catalog.integrity_problems();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("unknown answer `perhaps`")),
        "{problems:?}"
    );

    let mut catalog = base.clone();
    catalog.engagement.depths[2].phases.push(11);
    let problems = catalog.integrity_problems();
    assert!(
        problems.iter().any(|p| p.contains("lists phase 11")),
        "{problems:?}"
    );

    let mut catalog = base.clone();
    catalog.engagement.mvtm[2].rule = Some("relevant-actors".into());
    let problems = catalog.integrity_problems();
    assert!(
        problems.iter().any(|p| p.contains("mvtm `MVTM-3`")),
        "{problems:?}"
    );

    let mut catalog = base.clone();
    let dup = catalog.engagement.mvtm[0].clone();
    catalog.engagement.mvtm.push(dup);
    catalog
        .engagement
        .depths
        .retain(|d| d.id != Depth::Standard);
    let problems = catalog.integrity_problems();
    assert!(
        problems.iter().any(|p| p.contains("duplicate id `MVTM-1`")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("gives depth `Standard`")),
        "{problems:?}"
    );
}

#[test]
fn listing_filters_depths_by_layer() {
    let e = Catalog::embedded().engagement;
    let depth_rows = |layer| {
        e.rows(layer)
            .into_iter()
            .filter(|r| Depth::parse(&r.id).is_some())
            .count()
    };
    assert_eq!(depth_rows(None), 3);
    assert_eq!(depth_rows(Some(Layer::L5)), 2);
    assert_eq!(depth_rows(Some(Layer::L7)), 2);
    let json = e.to_json(Some(Layer::L7));
    assert_eq!(json["depths"].as_array().unwrap().len(), 2);
    assert_eq!(json["mvtm"].as_array().unwrap().len(), 10);
}
