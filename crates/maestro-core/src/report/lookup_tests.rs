//! Issue 23: building a report resolves each reference to a record with O(1) hash
//! probes and never scans a whole list by id (counted by `session::lookup::probe`), so its
//! cost grows with the session, not with its square.

use super::build;
use crate::catalog::Catalog;
use crate::session::Session;
use crate::session::lookup::probe;
use crate::synth::{SynthParams, generate};

/// References a report resolves to names or rows: flow ends, the components, actors and
/// assets of threats, boundary and lifecycle components, findings' mitigations, and the
/// ranked threats of the executive summary, and chain steps.
fn references(s: &Session) -> usize {
    s.flows.len() * 2
        + (s.threats.iter())
            .map(|t| t.components.len() + t.actors.len() + t.assets.len() + 1)
            .sum::<usize>()
        + s.boundaries
            .iter()
            .map(|b| b.components.len() + 2)
            .sum::<usize>()
        + (s.assets.iter())
            .flat_map(|a| &a.lifecycle)
            .map(|l| l.components.len())
            .sum::<usize>()
        + s.validations.len()
        + s.chains.iter().map(|c| c.steps.len()).sum::<usize>()
}

#[test]
fn a_report_probes_once_per_reference_and_scans_no_list() {
    let catalog = Catalog::embedded();
    let mut per_reference = Vec::new();
    for (components, threats) in [(60, 300), (600, 3000)] {
        let s = generate(
            SynthParams {
                components,
                threats,
                seed: 5,
            },
            &catalog,
        );
        probe::take();
        let report = build(&s, &catalog);
        let (probes, scanned) = probe::take();
        assert_eq!(report.threat_register.threats.len(), threats);
        let refs = references(&s);
        assert!(refs > threats, "the generated session has references");
        assert_eq!(
            scanned, 0,
            "records visited by scans by id at {threats} threats"
        );
        assert!(
            probes <= refs,
            "{probes} probes for {refs} references at {threats} threats"
        );
        per_reference.push(probes as f64 / refs as f64);
    }
    // Ten times the session, the same work per reference (a scan would make it ~10×).
    assert!(
        per_reference[1] <= per_reference[0] * 1.2 + 0.01,
        "{per_reference:?}"
    );
}

/// A report draws both diagrams up to `REPORT_MAX_DRAWN` components and flows; above,
/// it draws none and says why and where to get them; the data formats never draw.
#[test]
fn reports_draw_diagrams_up_to_the_limit_and_say_why_not_above() {
    use crate::diagram::report::REPORT_MAX_DRAWN;
    let catalog = Catalog::embedded();
    let session = |components| {
        generate(
            SynthParams {
                components,
                threats: 100,
                seed: 1,
            },
            &catalog,
        )
    };
    let small = session(40);
    let drawn = build(&small, &catalog);
    assert_eq!(drawn.diagrams.len(), 2);
    assert_eq!(drawn.diagrams_omitted, None);
    assert!(super::build_data(&small, &catalog).diagrams.is_empty());

    let large = session(REPORT_MAX_DRAWN + 1);
    let report = build(&large, &catalog);
    assert!(report.diagrams.is_empty());
    let why = report.diagrams_omitted.as_deref().unwrap();
    assert!(
        why.contains(&format!("{} components", REPORT_MAX_DRAWN + 1)),
        "{why}"
    );
    let md = super::to_markdown(&report);
    assert!(
        md.contains("draws (Mermaid renders at most"),
        "{}",
        &md[md.find("### Diagrams").unwrap()..][..400]
    );

    let mut empty = small.clone();
    empty.components.clear();
    empty.flows.clear();
    let none = build(&empty, &catalog);
    assert_eq!(
        none.diagrams_omitted.as_deref(),
        Some("No components recorded: no diagrams.")
    );
}
