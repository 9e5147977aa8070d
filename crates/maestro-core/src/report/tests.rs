use super::*;
use crate::catalog::Catalog;
use crate::session::{Component, Mitigation, ResidualRisk, Session, Threat};
use crate::vocab::{
    ComponentKind, Coverage, Disposition, ImplementationStatus, Layer, Likelihood,
    MitigationStatus, MitigationType, RiskLevel, Severity,
};

fn threat(id: &str, severity: Severity, likelihood: Likelihood) -> Threat {
    Threat {
        id: id.to_string(),
        name: format!("Threat {id}"),
        layers: vec![Layer::L3],
        severity: Some(severity),
        likelihood: Some(likelihood),
        ..Threat::default()
    }
}

fn mitigation(id: &str, kind: MitigationType, addresses: &[&str]) -> Mitigation {
    Mitigation {
        otm: Default::default(),
        id: id.to_string(),
        name: format!("Mitigation {id}"),
        catalog: String::new(),
        kind,
        description: String::new(),
        addresses: addresses.iter().map(|s| s.to_string()).collect(),
        cost: None,
        effectiveness: None,
        status: MitigationStatus::Identified,
        implementation: ImplementationStatus::NotImplemented,
        coverage: Coverage::Full,
        owner: String::new(),
        attested: false,
        attestation: String::new(),
    }
}

fn session() -> Session {
    let mut s = Session::new("Small", "1.0.0", "2025-01-01");
    s.threats = vec![
        threat("A", Severity::Critical, Likelihood::VeryLikely),
        threat("B", Severity::High, Likelihood::Possible),
        threat("C", Severity::Low, Likelihood::Unlikely),
    ];
    s
}

#[test]
fn gate_counts_open_residual_risks_at_or_above_level() {
    let catalog = Catalog::embedded();
    let mut s = session();
    let ids =
        |v: Vec<(&Threat, RiskLevel)>| v.iter().map(|(t, _)| t.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(open_residual_at_or_above(&s, &catalog, RiskLevel::High)),
        ["A", "B"]
    );
    // A Mitigated or Transferred disposition closes the risk; Accepted keeps it open.
    s.residual_risks = vec![
        ResidualRisk {
            id: "R1".into(),
            threat: "A".into(),
            disposition: Some(Disposition::Transferred),
            ..ResidualRisk::default()
        },
        ResidualRisk {
            id: "R2".into(),
            threat: "B".into(),
            disposition: Some(Disposition::Accepted),
            ..ResidualRisk::default()
        },
    ];
    assert_eq!(
        ids(open_residual_at_or_above(&s, &catalog, RiskLevel::High)),
        ["B"]
    );
    assert!(open_residual_at_or_above(&s, &catalog, RiskLevel::Critical).is_empty());
    // An implemented mitigation lowers the residual risk (never below Low).
    let mut m = mitigation("M1", MitigationType::Preventive, &["B"]);
    m.implementation = ImplementationStatus::Implemented;
    s.mitigations.push(m);
    assert!(open_residual_at_or_above(&s, &catalog, RiskLevel::High).is_empty());
    assert_eq!(
        ids(open_residual_at_or_above(&s, &catalog, RiskLevel::Low)),
        ["B", "C"]
    );
}

#[test]
fn residual_override_wins() {
    let catalog = Catalog::embedded();
    let mut s = session();
    s.residual_risks.push(ResidualRisk {
        id: "R1".into(),
        threat: "C".into(),
        level_override: Some(RiskLevel::High),
        ..ResidualRisk::default()
    });
    assert_eq!(
        residual_level(&s, &s.threats[2], &catalog),
        Some(RiskLevel::High)
    );
    let report = build(&s, &catalog);
    let row = &report.residual_register[2];
    assert!(row.overridden && row.open);
    assert_eq!(row.review_schedule, "Quarterly");
}

#[test]
fn unrated_threat_with_a_high_residual_override_is_in_the_summary() {
    // The playbook's RAG example gives residual levels to threats it never rates
    // (R-EXAMPLE-UNRATED); such a threat must not drop out of the executive summary.
    let catalog = Catalog::embedded();
    let mut s = session();
    s.threats.push(Threat {
        id: "U".into(),
        name: "Unrated".into(),
        ..Threat::default()
    });
    s.threats.push(Threat {
        id: "V".into(),
        name: "Unrated, low residual".into(),
        ..Threat::default()
    });
    for (id, threat, level) in [("R1", "U", RiskLevel::High), ("R2", "V", RiskLevel::Low)] {
        s.residual_risks.push(ResidualRisk {
            id: id.into(),
            threat: threat.into(),
            level_override: Some(level),
            ..ResidualRisk::default()
        });
    }
    let ranked = build(&s, &catalog).executive_summary.ranked_risks;
    let u = ranked
        .iter()
        .find(|r| r.threat == "U")
        .expect("U is listed");
    assert_eq!((u.inherent, u.residual), (None, Some(RiskLevel::High)));
    assert!(ranked.iter().all(|r| r.threat != "V"));
}

#[test]
fn gaps_follow_defense_in_depth_rule_and_counts() {
    use crate::analysis::gaps::GapRule;
    let catalog = Catalog::embedded();
    let mut s = session();
    s.mitigations = vec![
        mitigation("M1", MitigationType::Detective, &["A"]),
        mitigation("M2", MitigationType::Corrective, &["A", "B"]),
        mitigation("M3", MitigationType::Preventive, &["B"]),
    ];
    let gaps = build(&s, &catalog).mitigation_register.gaps;
    let a = gaps
        .iter()
        .find(|g| g.threat == "A")
        .expect("A lacks Preventive");
    assert_eq!(a.missing, ["Preventive"]);
    assert!(!a.single_mitigation && !a.no_mitigation);
    // B meets the guide's defense-in-depth rule for High (Preventive + Corrective) but
    // phase 7 step 7 also wants a Detective control on a High-severity threat: the
    // report lists the same gaps as the TUI's gap view (one gap analysis).
    let b = gaps
        .iter()
        .find(|g| g.threat == "B")
        .expect("B lacks Detective");
    assert_eq!(b.rules, [GapRule::WithoutDetective]);
    assert!(b.missing.is_empty());
    let analysed = crate::analysis::gaps::analyse(&s, &catalog);
    for rule in GapRule::ALL {
        let mut from_report: Vec<&str> = gaps
            .iter()
            .filter(|g| g.rules.contains(rule))
            .map(|g| g.threat.as_str())
            .collect();
        from_report.sort_unstable();
        let mut from_core = analysed.ids(*rule);
        from_core.sort_unstable();
        assert_eq!(from_report, from_core, "{rule:?}");
    }
    let c = gaps.iter().find(|g| g.threat == "C").unwrap();
    assert!(c.no_mitigation && c.missing.is_empty());
}

#[test]
fn threat_register_counts_and_heatmap() {
    let catalog = Catalog::embedded();
    let mut s = session();
    s.threats.push(Threat {
        id: "D".into(),
        name: "Unrated".into(),
        layers: vec![Layer::L3, Layer::CrossLayer],
        ..Threat::default()
    });
    s.mitigations = vec![mitigation("M1", MitigationType::Preventive, &["A"])];
    let r = build(&s, &catalog);
    let reg = &r.threat_register;
    assert_eq!(reg.total, 4);
    let l3 = reg.by_layer.iter().find(|l| l.layer == Layer::L3).unwrap();
    assert_eq!(
        (l3.counts.count, l3.counts.critical, l3.counts.unrated),
        (4, 1, 1)
    );
    let critical = reg
        .by_level
        .iter()
        .find(|l| l.level == RiskLevel::Critical)
        .unwrap();
    assert_eq!(
        (critical.with_mitigation, critical.without_mitigation),
        (1, 0)
    );
    let cell = &r.heatmaps.inherent.rows[0].cells[3];
    assert_eq!(
        (cell.likelihood, cell.level, cell.count),
        (Likelihood::VeryLikely, RiskLevel::Critical, 1)
    );
    let total: usize = r
        .heatmaps
        .inherent
        .rows
        .iter()
        .flat_map(|row| &row.cells)
        .map(|c| c.count)
        .sum();
    assert_eq!(total, 3, "the unrated threat is not on the heatmap");
    assert_eq!(r.open_items.unrated_threats.len(), 1);
    assert_eq!(reg.priority_order.last().map(String::as_str), Some("D"));
}

#[test]
fn catalog_cross_references_are_attached() {
    let catalog = Catalog::embedded();
    let mut s = session();
    s.threats[0].catalog = "T1".into();
    let row = &build(&s, &catalog).threat_register.threats[0];
    assert_eq!(row.asi, ["T1"]);
    assert!(row.owasp_llm.iter().any(|x| x == "LLM01:2025"));
    assert!(row.cwe.iter().any(|x| x == "CWE-345"));
    assert!(!row.stride.is_empty());
}

#[test]
fn compliance_keys_are_evaluated_against_the_session() {
    let catalog = Catalog::embedded();
    let mut s = Session::new("Empty", "1.0.0", "2025-01-01");
    assert!(!artifact_present(&s, "phase:7"));
    assert!(!artifact_present(&s, "layer:L5"));
    assert!(!artifact_present(&s, "artifact:threat-register"));
    assert!(!artifact_present(&s, "artifact:no-such-thing"));
    s.mitigations
        .push(mitigation("M1", MitigationType::Preventive, &[]));
    s.components.push(Component {
        otm: Default::default(),
        id: "log".into(),
        name: "Logs".into(),
        kind: ComponentKind::Observability,
        layers: vec![Layer::L5],
        technology: String::new(),
        description: String::new(),
        zone: String::new(),
    });
    assert!(artifact_present(&s, "phase:7"));
    assert!(artifact_present(&s, "layer:L5"));
    assert!(artifact_present(&s, "artifact:layer-mapping"));
    assert!(!artifact_present(&s, "layer:L6"));

    let frameworks = build(&s, &catalog).compliance;
    assert_eq!(frameworks.len(), catalog.frameworks.frameworks.len());
    let eu = frameworks.iter().find(|f| f.id == "eu-ai-act").unwrap();
    let status = |id: &str| {
        eu.requirements
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.status)
    };
    let logging = eu
        .requirements
        .iter()
        .find(|r| r.artifacts.len() == 1 && r.artifacts[0].key == "layer:L5")
        .expect("EU AI Act has a requirement supported by layer L5");
    assert_eq!(logging.status, Alignment::Supported);
    assert_eq!(status("risk-classification"), Some(Alignment::Missing));
    let mitigation_req = eu
        .requirements
        .iter()
        .find(|r| r.artifacts.iter().any(|a| a.key == "phase:7"))
        .unwrap();
    assert_eq!(mitigation_req.status, Alignment::Supported);
    assert!(
        eu.not_covered >= 1,
        "a requirement without artifacts is not covered"
    );
}

fn hostile_session() -> Session {
    let evil = "<script>alert(\"x\")</script> 'q' \x1b[31mred\x1b[0m \x1b]52;c;ZXZpbA==\x07 \u{202E}txt.exe";
    let mut s = session();
    s.session.title = evil.to_string();
    s.business.application = evil.to_string();
    s.threats[0].name = evil.to_string();
    s.threats[0].description = format!("{evil}\nsecond line");
    s.components.push(Component {
        otm: Default::default(),
        id: "c1".into(),
        name: evil.to_string(),
        kind: ComponentKind::Agent,
        layers: vec![Layer::L3],
        technology: String::new(),
        description: evil.to_string(),
        zone: String::new(),
    });
    let mut m = mitigation("M1", MitigationType::Preventive, &["A"]);
    m.name = evil.to_string();
    s.mitigations.push(m);
    s
}

fn assert_no_control_text(format: &str, text: &str) {
    for bad in ['\x1b', '\x07', '\u{202E}', '\u{9b}'] {
        assert!(!text.contains(bad), "{format} contains {bad:?}");
    }
    // Shown as a visible escape, so a reviewer sees it (issue 17).
    assert!(
        !text.contains("\x1b]52;c;"),
        "{format} keeps the OSC 52 sequence"
    );
}

#[test]
fn hostile_strings_are_escaped_in_html() {
    let catalog = Catalog::embedded();
    let report = build(&hostile_session(), &catalog);
    let html = to_html(&report);
    assert_no_control_text("html", &html);
    assert!(!html.contains("<script"), "raw script tag in HTML");
    assert!(html.contains(
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#39;q&#39; \\u{1b}[31mred\\u{1b}[0m"
    ));
    assert!(html.contains("\\u{1b}]52;c;ZXZpbA==\\u{7} \\u{202e}txt.exe<br>second line"));
    // Only our own stylesheet: no scripts, no external resources; the only links are
    // the table of contents' in-page anchors.
    assert!(!html.contains("src=") && !html.contains("url("));
    assert!(
        html.split("href=\"")
            .skip(1)
            .all(|rest| rest.starts_with('#')),
        "a link that leaves the page"
    );
    assert!(html.contains("Content-Security-Policy"));
}

#[test]
fn hostile_strings_are_neutralised_in_every_format() {
    let catalog = Catalog::embedded();
    let report = build(&hostile_session(), &catalog);
    let md = to_markdown(&report);
    assert_no_control_text("markdown", &md);
    assert!(!md.contains("<script"), "raw HTML in Markdown");
    assert_no_control_text("json", &to_json(&report));
    for table in CsvTable::ALL {
        assert_no_control_text("csv", &csv_table(&report, table));
    }
    assert!(!format!("{report:?}").contains('\x1b'));
}

#[test]
fn csv_cells_cannot_start_formulas() {
    let catalog = Catalog::embedded();
    let mut s = session();
    s.threats[0].name = "=HYPERLINK(\"http://evil\",\"x\")".into();
    s.threats[1].name = "+1+1".into();
    s.threats[2].name = "-2+3".into();
    s.threats[0].description = "@SUM(A1:A2)".into();
    s.threats[1].description = "\tindented".into();
    let mut m = mitigation("M1", MitigationType::Preventive, &["A"]);
    m.name = "=cmd|' /C calc'!A0".into();
    m.owner = "@owner".into();
    s.mitigations.push(m);
    let report = build(&s, &catalog);
    let read = |table| {
        let text = csv_table(&report, table);
        assert!(text.ends_with("\r\n"), "RFC 4180 line ends");
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    let threats = read(CsvTable::Threats);
    assert_eq!(threats[0][1], "'=HYPERLINK(\"http://evil\",\"x\")");
    assert_eq!(threats[1][1], "'+1+1");
    assert_eq!(threats[2][1], "'-2+3");
    assert!(threats[0].contains(&"'@SUM(A1:A2)".to_string()));
    // A tab is turned into a space by the sanitizer before it reaches the cell.
    assert!(threats[1].contains(&" indented".to_string()));
    let mitigations = read(CsvTable::Mitigations);
    assert_eq!(mitigations[0][1], "'=cmd|' /C calc'!A0");
    assert!(mitigations[0].contains(&"'@owner".to_string()));
    for row in threats.iter().chain(&mitigations) {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell}"
            );
        }
    }
}

#[test]
fn disclaimer_only_when_ai_assisted() {
    let catalog = Catalog::embedded();
    let mut s = session();
    assert!(!to_markdown(&build(&s, &catalog)).contains("AI assistance"));
    s.session.ai_assisted = true;
    let md = to_markdown(&build(&s, &catalog));
    assert!(md.contains(AI_DISCLAIMER));
    assert!(md.contains("CC BY-SA 4.0"));
}

/// A threat whose residual level is below its inherent level leaves the inherent
/// column of the open-residual picture (it used to stay in its severity × likelihood
/// cell whatever the mitigation did).
#[test]
fn open_residual_picture_moves_a_reduced_threat_out_of_its_inherent_column() {
    let catalog = Catalog::embedded();
    let mut s = session();
    let mut m = mitigation("M1", MitigationType::Preventive, &["A"]);
    m.implementation = ImplementationStatus::Implemented;
    m.effectiveness = Some(crate::vocab::Effectiveness::High);
    s.mitigations = vec![m];
    let r = build(&s, &catalog);
    let rows = &r.heatmaps.residual.rows;
    assert_eq!(rows[0].inherent, RiskLevel::Critical);
    assert_eq!(rows[0].cells[0].residual, RiskLevel::Critical);
    assert_eq!(rows[0].cells[0].count, 0, "A is no longer Critical");
    let reduced: usize = rows[0].cells[1..].iter().map(|c| c.count).sum();
    assert_eq!(reduced, 1);
    // B has no mitigation: High stays High, on the diagonal.
    assert_eq!(rows[1].cells[1].count, 1);
}

/// Issue 22: an accepted or deferred risk without a named owner is a gap of the one gap
/// analysis, and the report lists exactly its entries (also for a residual entry whose
/// threat is not in the register).
#[test]
fn gaps_include_accepted_risks_without_an_owner() {
    use crate::analysis::gaps::GapRule;
    let catalog = Catalog::embedded();
    let mut s = session();
    let residual = |id: &str, threat: &str, disposition, owner: &str| ResidualRisk {
        id: id.into(),
        threat: threat.into(),
        disposition: Some(disposition),
        owner: owner.into(),
        ..ResidualRisk::default()
    };
    s.residual_risks = vec![
        residual("R1", "A", Disposition::Accepted, ""),
        residual("R2", "B", Disposition::Accepted, "Dana"),
        residual("R3", "C", Disposition::Deferred, " "),
        residual("R4", "GONE", Disposition::Accepted, ""),
    ];
    let report = build(&s, &catalog);
    let gaps = &report.mitigation_register.gaps;
    let from_report: Vec<&str> = gaps
        .iter()
        .filter(|g| g.rules.contains(&GapRule::AcceptedWithoutOwner))
        .flat_map(|g| g.unowned_residuals.iter().map(String::as_str))
        .collect();
    let analysed = crate::analysis::gaps::analyse(&s, &catalog);
    assert_eq!(
        analysed.entry_ids(GapRule::AcceptedWithoutOwner),
        ["R1", "R3", "R4"]
    );
    assert_eq!(from_report, ["R1", "R3", "R4"]);
    let b = gaps.iter().find(|g| g.threat == "B").unwrap();
    assert!(!b.rules.contains(&GapRule::AcceptedWithoutOwner));
    let gone = gaps.iter().find(|g| g.threat == "GONE").unwrap();
    assert_eq!(gone.rules, [GapRule::AcceptedWithoutOwner]);
    let markdown = to_markdown(&report);
    assert!(
        markdown.contains("R1: accepted risk, no owner"),
        "{markdown}"
    );
    assert!(markdown.contains("R4: accepted risk, no owner"));
    // `status` counts the same entries under the same rule.
    let status = crate::progress::StatusReport::build(&s, &catalog);
    let line = status
        .gaps
        .iter()
        .find(|g| g.rule == GapRule::AcceptedWithoutOwner)
        .unwrap();
    assert_eq!(line.residuals, ["R1", "R3", "R4"]);
    assert!(
        status
            .to_text()
            .contains("3  Accepted or deferred risks without a named owner")
    );
}

/// Issue 16, item 6: the Threat Register Summary template's Register ID, Key Findings
/// Summary and "Threats by Severity" table are in the report (JSON and Markdown).
#[test]
fn threat_register_summary_carries_every_template_field() {
    let catalog = Catalog::embedded();
    let mut s = session();
    s.session.assessed = "2025-02-03".into();
    let r = build(&s, &catalog);
    assert_eq!(r.threat_register.register_id, "TR-2025-02-03");
    assert!(r.threat_register.register_id_derived);
    s.analysis.register_id = "TR-2025-007".into();
    s.analysis.key_findings = "Refunds can be steered by any customer.".into();
    let r = build(&s, &catalog);
    assert_eq!(r.threat_register.register_id, "TR-2025-007");
    assert!(!r.threat_register.register_id_derived);
    let severity_total: usize = r.threat_register.by_severity.iter().map(|x| x.count).sum();
    let rated = s.threats.iter().filter(|t| t.severity.is_some()).count();
    assert_eq!(severity_total, rated);
    for row in &r.threat_register.by_severity {
        assert_eq!(row.count, row.with_mitigation + row.without_mitigation);
    }
    let md = to_markdown(&r);
    for text in [
        "| Register ID | TR-2025-007 |",
        "### Threats by Severity",
        "### Key Findings Summary",
        "Refunds can be steered by any customer.",
    ] {
        assert!(md.contains(text), "{text} missing");
    }
    let json: serde_json::Value = serde_json::from_str(&to_json(&r)).unwrap();
    assert_eq!(json["threat_register"]["register_id"], "TR-2025-007");
    assert_eq!(
        json["threat_register"]["key_findings"],
        "Refunds can be steered by any customer."
    );
}

/// Issue 16, item 6: the Trust Boundary template's "Associated Threats" is derived from
/// the threats that list the boundary, and the Markdown shows the template's columns
/// that were only in JSON (crossing components, associated threats, the threat card's
/// boundaries, priority order with names).
#[test]
fn boundaries_list_their_associated_threats_and_markdown_carries_template_columns() {
    let catalog = Catalog::embedded();
    let mut s = session();
    s.boundaries = vec![
        crate::session::TrustBoundary {
            id: "TB1".into(),
            ..Default::default()
        },
        crate::session::TrustBoundary {
            id: "TB2".into(),
            ..Default::default()
        },
    ];
    s.threats[0].boundaries = vec!["TB1".into()];
    s.threats[1].boundaries = vec!["TB1".into(), "TB2".into()];
    let (a, b) = (s.threats[0].id.clone(), s.threats[1].id.clone());
    let r = build(&s, &catalog);
    assert_eq!(r.trust_boundaries[0].threats, [a.clone(), b.clone()]);
    assert_eq!(r.trust_boundaries[1].threats, std::slice::from_ref(&b));
    let md = to_markdown(&r);
    assert!(
        md.contains("| Crossing Components | Associated Threats |"),
        "{md}"
    );
    assert!(md.contains(&format!("| {a}, {b} |")), "{md}");
    assert!(md.contains("| Trust Boundaries | TB1, TB2 |"), "{md}");
    let first = &r.threat_register.priority_order[0];
    let name = &s.threats.iter().find(|t| &t.id == first).unwrap().name;
    assert!(md.contains(&format!("- {first}: {name}")), "{md}");
}
