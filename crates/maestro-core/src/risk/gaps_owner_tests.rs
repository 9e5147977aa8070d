//! Tests of `gaps` (module `owner_tests`, kept out of the file it tests).

use super::*;
use crate::session::ResidualRisk;
use crate::vocab::Disposition;

#[test]
fn accepted_or_deferred_without_owner_is_a_gap() {
    let mut s = Session::default();
    let entry = |id: &str, disposition, owner: &str| ResidualRisk {
        id: id.into(),
        threat: "T1".into(),
        disposition,
        owner: owner.into(),
        ..ResidualRisk::default()
    };
    s.residual_risks = vec![
        entry("RR1", Some(Disposition::Accepted), ""),
        entry("RR2", Some(Disposition::Accepted), "Dana, CISO"),
        entry("RR3", Some(Disposition::Deferred), "  "),
        entry("RR4", Some(Disposition::Mitigated), ""),
        entry("RR5", None, ""),
    ];
    assert_eq!(accepted_without_owner(&s), ["RR1", "RR3"]);
}

/// The one gap report carries the owner rule, so every view that reads it (TUI gap
/// view, `status`, reports, portfolio) shows the same entries.
#[test]
fn the_gap_report_lists_unowned_accepted_risks() {
    let catalog = Catalog::embedded();
    let mut s = Session::new("owners", "test", "2025-01-15");
    s.threats = vec![Threat {
        id: "T1".into(),
        ..Threat::default()
    }];
    let entry = |id: &str, threat: &str, disposition, owner: &str| ResidualRisk {
        id: id.into(),
        threat: threat.into(),
        disposition,
        owner: owner.into(),
        ..ResidualRisk::default()
    };
    s.residual_risks = vec![
        entry("RR2", "T1", Some(Disposition::Deferred), ""),
        entry("RR1", "T1", Some(Disposition::Accepted), "Dana"),
        entry("RR3", "T9", Some(Disposition::Accepted), ""),
    ];
    let report = analyse(&s, &catalog);
    assert_eq!(
        report.entry_ids(GapRule::AcceptedWithoutOwner),
        ["RR2", "RR3"]
    );
    assert_eq!(report.ids(GapRule::AcceptedWithoutOwner), ["T1", "T9"]);
    // T1 has no mitigation: one mitigation gap plus two owner gaps.
    assert_eq!(report.total(), 3);
    // A mitigation edit re-analyses threats only; the owner entries stay put.
    let mut patched = report.clone();
    reanalyse_threats(&mut patched, &s, &catalog, &["T1"], |id| {
        s.threats.iter().position(|t| t.id == id)
    });
    assert_eq!(patched, report);
    // Naming the owner closes the gap.
    s.residual_risks[0].owner = "Sam".into();
    s.residual_risks[2].owner = "Sam".into();
    assert!(
        analyse(&s, &catalog)
            .list(GapRule::AcceptedWithoutOwner)
            .is_empty()
    );
}
