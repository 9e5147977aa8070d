use super::*;
use crate::session::storage;
use std::path::Path;

fn example(name: &str) -> (Session, String) {
    let path = format!("{}/../../sessions/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = storage::parse(Path::new(&path), &text).unwrap();
    (doc.session, text)
}

fn log(name: &str) -> Value {
    let (session, text) = example(name);
    let catalog = Catalog::embedded();
    let report = crate::report::build(&session, &catalog);
    to_sarif(
        &report,
        &session,
        &catalog,
        Some(SessionSource {
            path: "sessions/x.toml",
            text: &text,
        }),
    )
}

#[test]
fn levels_follow_risk() {
    assert_eq!(level(Some(RiskLevel::Critical)), "error");
    assert_eq!(level(Some(RiskLevel::High)), "error");
    assert_eq!(level(Some(RiskLevel::Medium)), "warning");
    assert_eq!(level(Some(RiskLevel::Low)), "note");
    assert_eq!(level(None), "warning");
}

#[test]
fn uri_references_are_percent_encoded() {
    assert_eq!(uri_reference("src/a b.rs"), "src/a%20b.rs");
    assert_eq!(uri_reference("dir\\file#1.py"), "dir/file%231.py");
    assert_eq!(uri_reference("/abs/p"), "file:///abs/p");
}

#[test]
fn every_result_names_a_rule_of_the_run_and_evidence_gives_file_and_line() {
    let log = log("coding-assistant");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
    }
    // CV-02 of the example: M-02 has evidence at policy/quill-policy.json:18.
    let with_evidence = results
        .iter()
        .flat_map(|r| r["locations"].as_array().into_iter().flatten())
        .find(|l| l["physicalLocation"]["artifactLocation"]["uri"] == "policy/quill-policy.json")
        .expect("evidence location");
    assert_eq!(with_evidence["physicalLocation"]["region"]["startLine"], 18);
    assert_eq!(
        with_evidence["physicalLocation"]["artifactLocation"]["uriBaseId"],
        "SRCROOT"
    );
}

#[test]
fn rules_carry_catalog_metadata() {
    let log = log("customer-support-mas");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let catalog = Catalog::embedded();
    let threat_rule = rules
        .iter()
        .find(|r| catalog.threats.get(r["id"].as_str().unwrap()).is_some())
        .expect("a catalog threat rule");
    let entry = catalog
        .threats
        .get(threat_rule["id"].as_str().unwrap())
        .unwrap();
    assert_eq!(threat_rule["name"], entry.name.as_str());
    assert_eq!(
        threat_rule["fullDescription"]["text"],
        entry.description.as_str()
    );
    let tags = threat_rule["properties"]["tags"].as_array().unwrap();
    assert!(tags.iter().any(|t| t == "security"));
    let layer = entry.primary_layers[0].as_str();
    assert!(tags.iter().any(|t| *t == format!("maestro/{layer}")));
    assert!(threat_rule["properties"]["security-severity"].is_string());
}

#[test]
fn open_threats_only_and_results_without_evidence_point_at_the_session() {
    let (session, text) = example("minimal");
    let catalog = Catalog::embedded();
    let report = crate::report::build(&session, &catalog);
    let log = to_sarif(
        &report,
        &session,
        &catalog,
        Some(SessionSource {
            path: "m.toml",
            text: &text,
        }),
    );
    let results = log["runs"][0]["results"].as_array().unwrap();
    let open: Vec<&str> = report
        .residual_register
        .iter()
        .filter(|r| r.open || r.level.is_none())
        .map(|r| r.threat.as_str())
        .collect();
    let threat_results: Vec<&str> = results
        .iter()
        .filter(|r| r["partialFingerprints"]["maestroThreat/v1"].is_string())
        .map(|r| r["properties"]["threat"].as_str().unwrap())
        .collect();
    let mut expected: Vec<&str> = report
        .threat_register
        .threats
        .iter()
        .map(|t| t.id.as_str())
        .filter(|id| open.contains(id) || !report.residual_register.iter().any(|r| r.threat == *id))
        .collect();
    expected.sort();
    let mut got = threat_results.clone();
    got.sort();
    assert_eq!(got, expected);
    for r in results {
        if let Some(locations) = r["locations"].as_array() {
            let location = &locations[0]["physicalLocation"];
            if location["artifactLocation"]["uri"] == "m.toml" {
                let line = location["region"]["startLine"].as_u64().unwrap() as usize;
                let threat = r["properties"]["threat"].as_str().unwrap();
                let record: String = text.lines().skip(line - 1).take(3).collect();
                assert!(record.contains("[[threats]]"), "{threat}: {record}");
            }
        }
    }
}

#[test]
fn the_same_session_gives_the_same_bytes() {
    assert_eq!(log("devops-deployment"), log("devops-deployment"));
}
