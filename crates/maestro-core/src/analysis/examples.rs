//! The analysis over the example sessions of `sessions/` (read through the filesystem,
//! as a user's session would be). Skipped with a note while the files are absent.

use super::*;
use crate::session::storage;
use crate::vocab::Layer;
use std::path::Path;

fn load(name: &str) -> Option<Session> {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .join("sessions")
        .join(name);
    if !path.exists() {
        eprintln!("{} is not there yet; skipping", path.display());
        return None;
    }
    Some(storage::load(&path).expect("example session loads").session)
}

#[test]
fn customer_support_mas_gets_mcp_and_memory_threats() {
    let Some(s) = load("customer-support-mas.toml") else {
        return;
    };
    let catalog = Catalog::embedded();
    assert!(is_multi_agent(&s, &catalog));
    let l2 = suggest::for_layer(&s, &catalog, Layer::L2);
    let t1 = l2.threats.iter().find(|t| t.threat_id == "T1").unwrap();
    assert!(t1.suggested && t1.skippable.is_none());
    let l3 = suggest::for_layer(&s, &catalog, Layer::L3);
    let cross_client = l3
        .threats
        .iter()
        .find(|t| t.threat_id == "EXT-T42")
        .unwrap();
    assert!(cross_client.reasons.contains(&suggest::Reason::UsesMcp));
    assert!(l3.threats.iter().all(|t| t.skippable.is_none()));

    // Every analysis runs on a full register and agrees with the others.
    let rated = s
        .threats
        .iter()
        .filter(|t| t.severity.is_some() && t.likelihood.is_some())
        .count();
    let grid = heatmap::matrix(
        &s,
        &catalog,
        heatmap::Variant::Inherent,
        &Default::default(),
    );
    assert_eq!(grid.total(), rated);
    let residual = heatmap::matrix(
        &s,
        &catalog,
        heatmap::Variant::Residual,
        &Default::default(),
    );
    assert_eq!(residual.total(), rated);
    let _ = gaps::analyse(&s, &catalog);
    let _ = prioritize::priorities(&s, &catalog);
    let _ = roadmap::propose(&s, &catalog);
    let _ = dedup::find(&s);
    let top = residual::top(&s, &catalog, 5);
    assert!(top.len() <= 5);
    assert!(top.windows(2).all(|w| w[0].residual >= w[1].residual));
    let posture = residual::posture(&s, &catalog);
    assert_eq!(
        posture.counts.values().sum::<usize>() + posture.unrated.len(),
        s.threats.len()
    );
}

#[test]
fn coding_assistant_marks_multi_agent_threats_skippable() {
    let Some(s) = load("coding-assistant.toml") else {
        return;
    };
    let catalog = Catalog::embedded();
    assert!(!is_multi_agent(&s, &catalog));
    let l2 = suggest::for_layer(&s, &catalog, Layer::L2);
    assert!(
        l2.threats
            .iter()
            .find(|t| t.threat_id == "T12")
            .unwrap()
            .skippable
            .is_some()
    );
    let l7 = suggest::for_layer(&s, &catalog, Layer::L7);
    assert!(
        l7.threats
            .iter()
            .find(|t| t.threat_id == "EXT-T38")
            .unwrap()
            .skippable
            .is_some()
    );
}
