//! Recall and precision of architecture discovery on the labelled fixture corpus
//! (`tests/discover/<framework>/expected.toml`), per framework and overall.
//!
//! A labelled component is found when a proposal has its kind, all its layers and its
//! name (or an alias) as the same words (`slug`). A proposal that matches no label is a
//! false positive. A labelled flow is found when a proposed flow joins the proposals
//! that match its two ends, in either direction. Targets (issue 20): components recall
//! ≥ 85 % and precision ≥ 90 %, flows recall ≥ 60 %, on every framework.

use maestro_tm::catalog::Catalog;
use maestro_tm::discover::{Discovery, Limits, ProposedComponent, discover, slug};
use maestro_tm::vocab::{ComponentKind, Layer};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
struct Expected {
    framework: String,
    #[serde(default)]
    components: Vec<Label>,
    #[serde(default)]
    flows: Vec<FlowLabel>,
}

#[derive(Deserialize)]
struct Label {
    name: String,
    kind: ComponentKind,
    layers: Vec<Layer>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
struct FlowLabel {
    from: String,
    to: String,
}

fn matches(label: &Label, c: &ProposedComponent) -> bool {
    let found = slug(&c.name);
    c.kind == label.kind
        && label.layers.iter().all(|l| c.layers.contains(l))
        && std::iter::once(&label.name)
            .chain(&label.aliases)
            .any(|n| slug(n) == found)
}

struct Score {
    framework: String,
    labelled: usize,
    found: usize,
    proposed: usize,
    false_positives: Vec<String>,
    missed: Vec<String>,
    flows_labelled: usize,
    flows_found: usize,
    flows_missed: Vec<String>,
}

fn score(expected: &Expected, d: &Discovery) -> Score {
    let label_of = |name: &str| expected.components.iter().find(|l| l.name == name);
    let ids_for = |label: &Label| -> Vec<&str> {
        d.components
            .iter()
            .filter(|c| matches(label, c))
            .map(|c| c.id.as_str())
            .collect()
    };
    let missed: Vec<String> = expected
        .components
        .iter()
        .filter(|l| ids_for(l).is_empty())
        .map(|l| format!("{} ({})", l.name, l.kind))
        .collect();
    let false_positives: Vec<String> = d
        .components
        .iter()
        .filter(|c| !expected.components.iter().any(|l| matches(l, c)))
        .map(|c| c.id.clone())
        .collect();
    let mut flows_found = 0;
    let mut flows_missed = Vec::new();
    for f in &expected.flows {
        let (Some(from), Some(to)) = (label_of(&f.from), label_of(&f.to)) else {
            panic!(
                "{}: flow {} → {} names an unlabelled component",
                expected.framework, f.from, f.to
            );
        };
        let (from, to) = (ids_for(from), ids_for(to));
        let hit = d.flows.iter().any(|p| {
            (from.contains(&p.from.as_str()) && to.contains(&p.to.as_str()))
                || (from.contains(&p.to.as_str()) && to.contains(&p.from.as_str()))
        });
        if hit {
            flows_found += 1;
        } else {
            flows_missed.push(format!("{} → {}", f.from, f.to));
        }
    }
    Score {
        framework: expected.framework.clone(),
        labelled: expected.components.len(),
        found: expected.components.len() - missed.len(),
        proposed: d.components.len(),
        false_positives,
        missed,
        flows_labelled: expected.flows.len(),
        flows_found,
        flows_missed,
    }
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        100.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

#[test]
fn corpus_recall_and_precision_meet_the_targets() {
    let catalog = Catalog::embedded();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/discover");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("expected.toml").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 12, "the corpus has {} trees", dirs.len());
    let mut failures = Vec::new();
    let mut total = (0, 0, 0, 0, 0, 0);
    println!(
        "| Framework | Components found/labelled | Recall | Precision | Flows found/labelled | Flow recall |"
    );
    println!("|---|---|---|---|---|---|");
    for dir in dirs {
        let text = std::fs::read_to_string(dir.join("expected.toml")).unwrap();
        let expected: Expected = toml::from_str(&text).unwrap();
        let d = discover(&dir, &catalog, Limits::default()).unwrap();
        let s = score(&expected, &d);
        let true_positives = s.proposed - s.false_positives.len();
        let (recall, precision, flow_recall) = (
            pct(s.found, s.labelled),
            pct(true_positives, s.proposed),
            pct(s.flows_found, s.flows_labelled),
        );
        println!(
            "| {} | {}/{} | {recall:.0} % | {precision:.0} % | {}/{} | {flow_recall:.0} % |",
            s.framework, s.found, s.labelled, s.flows_found, s.flows_labelled
        );
        total.0 += s.found;
        total.1 += s.labelled;
        total.2 += true_positives;
        total.3 += s.proposed;
        total.4 += s.flows_found;
        total.5 += s.flows_labelled;
        if recall < 85.0 || precision < 90.0 || flow_recall < 60.0 {
            failures.push(format!(
                "{}: recall {recall:.0} %, precision {precision:.0} %, flow recall {flow_recall:.0} %; missed {:?}; false positives {:?}; flows missed {:?}",
                s.framework, s.missed, s.false_positives, s.flows_missed
            ));
        }
    }
    println!(
        "| **All** | {}/{} | {:.0} % | {:.0} % | {}/{} | {:.0} % |",
        total.0,
        total.1,
        pct(total.0, total.1),
        pct(total.2, total.3),
        total.4,
        total.5,
        pct(total.4, total.5)
    );
    assert!(
        failures.is_empty(),
        "below target:\n{}",
        failures.join("\n")
    );
}
