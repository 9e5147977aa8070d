//! Tests of `frameworks` (module `tests`, kept out of the file it tests).

use super::*;

fn frameworks() -> Frameworks {
    Catalog::embedded().frameworks
}

#[test]
fn counts_match_the_playbook() {
    let f = frameworks();
    assert_eq!(f.frameworks.len(), 5);
    assert_eq!(f.limitations.len(), 7);
    assert_eq!(f.stride.len(), 6);
    assert_eq!(f.owasp_llm.len(), 10);
    assert_eq!(f.asi_top10.len(), 10);
    // 17 rows in the main CWE table + 29 extended rows (T26-T27 reserved), T42 in both.
    assert_eq!(f.cwe_mappings.len(), 17 + 29 - 1);
    assert_eq!(f.combinations.len(), 6);
}

#[test]
fn compliance_alignment_follows_the_overview() {
    let f = frameworks();
    let names: Vec<(&str, u16)> = f
        .frameworks
        .iter()
        .map(|x| (x.name.as_str(), x.year))
        .collect();
    assert_eq!(
        names,
        [
            ("EU AI Act", 2024),
            ("NIST AI RMF 1.0", 2023),
            ("ISO/IEC 42001", 2023),
            ("ISO/IEC 23894", 2023),
            ("NIST CSF 2.0", 2024)
        ]
    );
    let rmf = f.get_framework("nist-ai-rmf").unwrap();
    let support = |id: &str| {
        rmf.requirements
            .iter()
            .find(|r| r.id == id)
            .unwrap()
            .supported_by
            .clone()
    };
    assert_eq!(support("govern"), ["phase:1"]);
    assert_eq!(support("map"), ["phase:2"]);
    assert_eq!(
        support("measure"),
        ["phase:3", "phase:4", "phase:5", "phase:6"]
    );
    assert_eq!(
        support("manage"),
        ["phase:7", "phase:8", "phase:9", "phase:10"]
    );
    let by_l5: Vec<(&str, &str)> = f
        .requirements_supported_by("layer:L5")
        .iter()
        .map(|(fw, r)| (fw.id.as_str(), r.id.as_str()))
        .collect();
    assert_eq!(
        by_l5,
        [
            ("eu-ai-act", "human-oversight"),
            ("nist-csf-2", "identify"),
            ("nist-csf-2", "detect")
        ]
    );
    assert!(
        f.get_framework("iso-42001").unwrap().requirements[0]
            .name
            .contains("6.1")
    );
}

#[test]
fn crossrefs_and_cwe_lookups() {
    let f = frameworks();
    assert!(f.has_crossref("owasp-llm", "LLM08:2025"));
    assert!(f.has_crossref("owasp-llm", "LLM10"));
    assert!(!f.has_crossref("owasp-llm", "LLM11:2025"));
    assert!(f.has_crossref("cwe", "CWE-345"));
    assert!(!f.has_crossref("cwe", "CWE-79"));
    assert!(f.has_crossref("atlas", "atlas:data-poisoning"));
    assert!(f.has_crossref("atlas", "TA0001"));
    assert!(!f.has_crossref("nonsense", "TA0001"));
    assert_eq!(f.cwe_for("T3"), ["CWE-269", "CWE-250"]);
    assert_eq!(f.cwe_for("EXT-T47"), ["CWE-494", "CWE-829"]);
    assert!(f.cwe_for("T5").is_empty());
    assert!(
        f.cwe_for("T16").is_empty(),
        "official T16 is not the playbook's T16"
    );
    assert_eq!(
        f.cwe_name("CWE-924"),
        Some("Improper Enforcement of Message Integrity")
    );
    let spoofing = f.stride_mapping(Stride::Spoofing).unwrap();
    assert_eq!(spoofing.threats, ["T9", "EXT-T40"]);
    assert_eq!(spoofing.layers, [Layer::L7, Layer::L6]);
    let llm08 = f.owasp_llm.iter().find(|e| e.id == "LLM08:2025").unwrap();
    assert_eq!(llm08.name, "Vector and Embedding Weaknesses");
    assert_eq!(llm08.threats, ["EXT-T17", "EXT-T18", "EXT-T28"]);
    let asi06: Vec<&str> = f
        .asi_top10_for("EXT-T37")
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(asi06, ["ASI06"]);
    assert_eq!(f.owasp_llm_for("T1").len(), 2);
}

#[test]
fn threat_reference_form() {
    for ok in [
        "T1", "T15", "T17", "EXT-T16", "EXT-T47", "EXT-T28", "BV-1", "BV-12",
    ] {
        assert!(is_threat_ref(ok), "{ok}");
    }
    for bad in [
        "T0", "T18", "T40", "EXT-T15", "EXT-T26", "EXT-T48", "BV-13", "BV-01", "t1", "",
    ] {
        assert!(!is_threat_ref(bad), "{bad}");
    }
    assert!(frameworks().threat_references().len() > 60);
}

#[test]
fn check_reports_broken_references() {
    let base = Catalog::embedded();

    let mut c = base.clone();
    c.frameworks.stride[0].threats.push("T40".into());
    let problems = c.integrity_problems();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`T40` is not a threat reference")),
        "{problems:?}"
    );

    let mut c = base.clone();
    c.frameworks.cwe_mappings[0].cwe.push("CWE-99999".into());
    assert!(
        c.integrity_problems()
            .iter()
            .any(|p| p.contains("CWE-99999"))
    );

    let mut c = base.clone();
    c.frameworks.frameworks[0].requirements[0]
        .supported_by
        .extend([
            "phase:11".to_string(),
            "artifact:nope".to_string(),
            "layer:L8".to_string(),
        ]);
    let problems = c.integrity_problems();
    for key in ["phase:11", "artifact:nope", "layer:L8"] {
        assert!(
            problems.iter().any(|p| p.contains(key)),
            "{key}: {problems:?}"
        );
    }

    let mut c = base.clone();
    let dup = c.frameworks.cwe_mappings[1].clone();
    c.frameworks.cwe_mappings.push(dup);
    assert!(
        c.integrity_problems()
            .iter()
            .any(|p| p.contains("duplicate id `T6`"))
    );

    assert!(base.integrity_problems().is_empty());
}

#[test]
fn layer_filter() {
    let f = frameworks();
    let rows = f.rows(Some(Layer::L5));
    assert!(rows.iter().any(|r| r.id == "stride/Repudiation"));
    assert!(!rows.iter().any(|r| r.id == "stride/Spoofing"));
    assert!(rows.iter().any(|r| r.id == "framework/eu-ai-act"));
    let json = f.to_json(Some(Layer::L2));
    assert_eq!(json["owasp_llm"].as_array().unwrap().len(), 4);
}
