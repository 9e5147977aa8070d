//! The playbook's own worked registers as tests (issue 16): `sessions/devops-deployment.toml`
//! transcribes `examples/devops-deployment.md` (threats 1–8, M1–M32, the phase 9 table).
//! For every threat, the inherent and residual levels maestro-tm computes equal the
//! playbook's table, or the row names the declared reading (docs/method.md) that explains
//! the difference; effective risk equals the scoring guide's formula worked by hand.

use maestro_tm::catalog::Catalog;
use maestro_tm::vocab::RiskLevel::{self, *};
use std::path::PathBuf;

struct Row {
    threat: &'static str,
    /// The playbook's "Inherent Risk" and "Residual Risk" columns.
    inherent: RiskLevel,
    residual: RiskLevel,
    /// Effective risk by the guide's formula: level value × (1 − strongest status).
    effective: f64,
    /// What maestro-tm computes where it differs, and the reading that says why.
    differs: Option<(RiskLevel, RiskLevel, &'static str)>,
}

const DEVOPS: &[Row] = &[
    // Critical × Likely; M4 Implemented: 4 × (1 − 1) = 0.
    Row {
        threat: "T1",
        inherent: Critical,
        residual: High,
        effective: 0.0,
        differs: None,
    },
    // High × Possible; M5 Partially: 3 × 0.5 = 1.5 → Medium, capped one step: Medium.
    Row {
        threat: "T2",
        inherent: High,
        residual: High,
        effective: 1.5,
        differs: Some((High, Medium, "R-EXAMPLE-RESIDUAL")),
    },
    // High × Likely is Critical by the matrix.
    Row {
        threat: "T3",
        inherent: High,
        residual: Medium,
        effective: 0.0,
        differs: Some((Critical, High, "R-EXAMPLE-INHERENT")),
    },
    Row {
        threat: "T4",
        inherent: High,
        residual: High,
        effective: 4.0,
        differs: Some((Critical, Critical, "R-EXAMPLE-INHERENT")),
    },
    Row {
        threat: "T5",
        inherent: Critical,
        residual: High,
        effective: 0.0,
        differs: None,
    },
    Row {
        threat: "T6",
        inherent: Critical,
        residual: Critical,
        effective: 4.0,
        differs: None,
    },
    // M28 Partially: 4 × 0.5 = 2.0 → Medium, capped one step below Critical: High.
    Row {
        threat: "T7",
        inherent: Critical,
        residual: Critical,
        effective: 2.0,
        differs: Some((Critical, High, "R-EXAMPLE-RESIDUAL")),
    },
    // High × Unlikely is Medium by the matrix.
    Row {
        threat: "T8",
        inherent: High,
        residual: Medium,
        effective: 0.0,
        differs: Some((Medium, Low, "R-EXAMPLE-INHERENT")),
    },
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn devops_example_levels_match_the_playbook_or_a_declared_reading() {
    let catalog = Catalog::embedded();
    let doc = maestro_tm::session::storage::load(&root().join("sessions/devops-deployment.toml"))
        .unwrap();
    let s = &doc.session;
    let method = std::fs::read_to_string(root().join("docs/method.md")).unwrap();
    assert_eq!(s.threats.len(), DEVOPS.len());
    assert_eq!(s.mitigations.len(), 32);
    for row in DEVOPS {
        let threat = s.threats.iter().find(|t| t.id == row.threat).unwrap();
        let risk = maestro_tm::risk::assess(s, threat, &catalog);
        let residual = maestro_tm::risk::residual(s, threat, &catalog);
        let (inherent, level) = match row.differs {
            None => (row.inherent, row.residual),
            Some((inherent, level, reading)) => {
                assert!(
                    method.contains(&format!("## {reading}")),
                    "{}: reading {reading} is not declared",
                    row.threat
                );
                assert!(
                    (inherent, level) != (row.inherent, row.residual),
                    "{}: declared a difference where there is none",
                    row.threat
                );
                (inherent, level)
            }
        };
        assert_eq!(risk.inherent, Some(inherent), "{} inherent", row.threat);
        assert_eq!(
            risk.effective,
            Some(row.effective),
            "{} effective",
            row.threat
        );
        assert_eq!(residual.level, Some(level), "{} residual", row.threat);
    }
    // The playbook's summary: 4 Critical and 4 High threats by severity (R-SEVERITY).
    let e = maestro_tm::report::build(s, &catalog).executive_summary;
    assert_eq!(e.critical_high_threats, 8);
}
