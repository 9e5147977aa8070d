use super::*;
use crate::analysis::fixtures::mitigation;
use crate::discover::{Limits, discover};
use crate::vocab::MitigationType;
use std::path::Path;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/discover");

fn hit(check: &str, mitigation: &str, stance: Stance, path: &str, line: u32) -> CheckHit {
    CheckHit {
        check: check.into(),
        mitigation: mitigation.into(),
        stance,
        path: path.into(),
        line,
        snippet: "snippet".into(),
    }
}

/// M-001 adopts L4-P2 (against T-001, T-002); M-002 adopts L1-R3; M-003 is custom.
fn session() -> Session {
    let mut s = Session::default();
    let mut m1 = mitigation(
        "M-001",
        MitigationType::Preventive,
        &["T-001", "T-002"],
        ImplementationStatus::NotImplemented,
    );
    m1.catalog = "L4-P2".into();
    let mut m2 = mitigation(
        "M-002",
        MitigationType::Deterrent,
        &["T-003"],
        ImplementationStatus::NotImplemented,
    );
    m2.catalog = "L1-R3".into();
    let m3 = mitigation(
        "M-003",
        MitigationType::Preventive,
        &["T-001"],
        ImplementationStatus::NotImplemented,
    );
    s.mitigations = vec![m1, m2, m3];
    s
}

#[test]
fn a_card_gets_the_hits_of_its_catalog_mitigation_against_first() {
    let catalog = Catalog::embedded();
    let s = session();
    let hits = vec![
        hit("check-rate-limit", "L1-R3", Stance::For, "a.py", 3),
        hit(
            "check-bind-all-interfaces",
            "L4-P2",
            Stance::Against,
            "b.py",
            9,
        ),
        hit("check-no-rate-limit", "L1-R3", Stance::Against, "z.py", 1),
    ];
    let card = for_card(&s, &catalog, "M-002", &hits, &[]);
    let order: Vec<(&str, u32)> = card
        .iter()
        .map(|c| (c.hit.path.as_str(), c.hit.line))
        .collect();
    assert_eq!(order, [("z.py", 1), ("a.py", 3)]);
    assert!(
        card.iter().all(|c| c.rule.is_some()),
        "rules found in the catalog"
    );
    assert_eq!(
        for_card(&s, &catalog, "M-002", &hits, &[2]).len(),
        1,
        "rejected left out"
    );
    assert!(
        for_card(&s, &catalog, "M-003", &hits, &[]).is_empty(),
        "custom card: none"
    );
    assert_eq!(threats_of(&s, "M-001"), ["T-001", "T-002"]);
    assert_eq!(cards_of(&s, &hits[1]).collect::<Vec<_>>(), ["M-001"]);
    assert_eq!(
        overview(&s, &hits, &[]),
        [("M-001".to_string(), 0, 1), ("M-002".to_string(), 1, 1)]
    );
    let mut more = hits.clone();
    more.push(hit(
        "check-secret-in-code",
        "L4-P3",
        Stance::Against,
        "k.py",
        2,
    ));
    more.push(hit(
        "check-secret-in-config",
        "L4-P3",
        Stance::Against,
        "m.json",
        6,
    ));
    assert_eq!(not_adopted(&s, &more, &[]), [("L4-P3".to_string(), 2)]);
    assert_eq!(not_adopted(&s, &more, &[3, 4]), []);
}

#[test]
fn confirming_adds_evidence_once_and_names_the_anti_pattern() {
    let catalog = Catalog::embedded();
    let against = hit(
        "check-bind-all-interfaces",
        "L4-P2",
        Stance::Against,
        "srv.py",
        25,
    );
    let mut finding = CodeValidation::default();
    assert!(confirm(&mut finding, &against, rule(&catalog, &against)));
    assert!(
        !confirm(&mut finding, &against, rule(&catalog, &against)),
        "once"
    );
    assert_eq!(finding.evidence.len(), 1);
    assert_eq!(finding.evidence[0].file, "srv.py");
    assert_eq!(finding.evidence[0].line, Some(25));
    assert!(
        finding.evidence[0]
            .note
            .starts_with("code check check-bind-all-interfaces (against): Server bound"),
        "{}",
        finding.evidence[0].note
    );
    assert_eq!(finding.anti_patterns.len(), 1);
    assert!(finding.anti_patterns[0].ends_with("(srv.py:25)"));
    let support = hit("check-rate-limit", "L4-P2", Stance::For, "gw.py", 2);
    assert!(confirm(&mut finding, &support, None));
    assert_eq!(
        finding.anti_patterns.len(),
        1,
        "a hit for is no anti-pattern"
    );
    assert_eq!(confirmed_counts(&finding), (1, 1));
}

#[test]
fn the_suggestion_follows_the_confirmed_stances() {
    assert_eq!(suggested_status(0, 0), None);
    assert_eq!(
        suggested_status(2, 0),
        Some(ImplementationStatus::Implemented)
    );
    assert_eq!(
        suggested_status(0, 1),
        Some(ImplementationStatus::NotImplemented)
    );
    assert_eq!(
        suggested_status(1, 1),
        Some(ImplementationStatus::PartiallyImplemented)
    );
}

#[test]
fn hostile_snippets_are_sanitised_in_the_evidence() {
    let mut h = hit(
        "check-secret-in-code",
        "L4-P3",
        Stance::Against,
        "a\u{1b}[2J.py",
        1,
    );
    h.snippet = "key = \"sk-\u{1b}]0;pwned\u{7}\"".into();
    let e = evidence(&h, None);
    assert!(
        !e.file.contains('\u{1b}') && !e.note.contains('\u{1b}'),
        "{e:?}"
    );
    assert!(!e.note.contains('\u{7}'));
}

#[test]
fn an_mcp_server_on_all_interfaces_has_no_rate_limit() {
    // The rule list: "no rate limits on tool endpoints" is a hit against.
    let d = discover(
        &Path::new(CORPUS).join("mcp-python"),
        &Catalog::embedded(),
        Limits::default(),
    )
    .unwrap();
    let no_limit: Vec<&CheckHit> = d
        .checks
        .iter()
        .filter(|h| h.check == "check-no-rate-limit")
        .collect();
    assert_eq!(no_limit.len(), 1, "{:?}", d.checks);
    assert_eq!(no_limit[0].stance, Stance::Against);
    assert_eq!(no_limit[0].mitigation, "L1-R3");
    assert_eq!(
        (no_limit[0].path.as_str(), no_limit[0].line),
        ("server.py", 25)
    );
}

#[test]
fn a_rate_limited_endpoint_is_no_hit_against() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("api.py"),
        "from slowapi import Limiter\nlimiter = Limiter(key_func=k)\n@app.post(\"/tool\")\ndef tool(): ...\n",
    )
    .unwrap();
    let d = discover(dir.path(), &Catalog::embedded(), Limits::default()).unwrap();
    assert!(
        d.checks.iter().all(|h| h.check != "check-no-rate-limit"),
        "{:?}",
        d.checks
    );
    assert!(d.checks.iter().any(|h| h.check == "check-rate-limit"));
    std::fs::write(
        dir.path().join("open.py"),
        "@app.post(\"/tool\")\ndef tool(): ...\n",
    )
    .unwrap();
    let d = discover(dir.path(), &Catalog::embedded(), Limits::default()).unwrap();
    let hits: Vec<_> = d
        .checks
        .iter()
        .filter(|h| h.check == "check-no-rate-limit")
        .map(|h| (h.path.as_str(), h.line))
        .collect();
    assert_eq!(hits, [("open.py", 1)]);
}

#[test]
fn a_line_anchored_check_finds_lines_after_the_first() {
    // The whole-file prefilter once missed `^`-anchored rules below line 1.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("loop.py"),
        "import agent\n\nwhile True:\n    agent.step()\n",
    )
    .unwrap();
    let d = discover(dir.path(), &Catalog::embedded(), Limits::default()).unwrap();
    let hits: Vec<_> = d
        .checks
        .iter()
        .filter(|h| h.check == "check-unbounded-loop")
        .map(|h| h.line)
        .collect();
    assert_eq!(hits, [3], "{:?}", d.checks);
}
