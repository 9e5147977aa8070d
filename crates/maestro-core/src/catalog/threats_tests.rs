//! Tests of `threats` (module `tests`, kept out of the file it tests).

use super::*;
use crate::catalog::Catalog;
use Layer::*;

fn catalog() -> Catalog {
    Catalog::embedded()
}

#[test]
fn counts_match_the_playbook() {
    let c = catalog();
    let t = &c.threats;
    let core = t.asi().filter(|e| e.source == "OWASP ASI v1.0").count();
    assert_eq!(core, 15, "ASI core T1–T15");
    let official: Vec<_> = t
        .asi()
        .filter(|e| e.source == "OWASP ASI v1.1")
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(official, ["T16", "T17"]);
    // Playbook 02: T16–T47 without the reserved T26–T27 is 30 numbered entries.
    let numbered: Vec<_> = t.extended().filter(|e| e.playbook_id.is_some()).collect();
    assert_eq!(numbered.len(), 30);
    for n in (16..=47).filter(|n| !(26..=27).contains(n)) {
        let pid = format!("T{n}");
        let e = t.by_playbook_id(&pid).unwrap_or_else(|| panic!("{pid}"));
        assert_eq!(e.id, format!("EXT-T{n}"));
    }
    assert!(t.by_playbook_id("T26").is_none() && t.by_playbook_id("T27").is_none());
    // Unnumbered bullets per layer in 02: L1 3, L2 2, L3 2, L4 2, L5 1, L6 4, L7 1.
    let unnumbered = |layer: &str| {
        t.extended()
            .filter(|e| e.id.starts_with(&format!("EXT-{layer}-")))
            .count()
    };
    let per_layer: Vec<_> = ["L1", "L2", "L3", "L4", "L5", "L6", "L7"]
        .into_iter()
        .map(unnumbered)
        .collect();
    assert_eq!(per_layer, [3, 2, 2, 2, 1, 4, 1]);
    assert_eq!(t.extended().count(), 45);
    assert_eq!(t.blindspots().count(), 12);
    assert_eq!(t.threats.len(), 15 + 2 + 45 + 12);
}

#[test]
fn matrix_03_cell_by_cell() {
    // Independently transcribed from playbook 03: columns L1..L7, CL;
    // 'X' primary (the legend: bold or uppercase), 'x' secondary, '.' empty.
    let matrix = [
        ("T1", "x X . . . . . X"),
        ("T2", ". . X . . . . X"),
        ("T3", ". . . X . X . X"),
        ("T4", ". . . X . . . X"),
        ("T5", "X . X . . . . X"),
        ("T6", ". . X . . . . X"),
        ("T7", "X . . . . X . X"),
        ("T8", ". . . . X . . X"),
        ("T9", ". . . . . . X X"),
        ("T10", ". . . . X . . ."),
        ("T11", "X . X . . . . X"),
        ("T12", ". X . . . . . X"),
        ("T13", ". . . X . . X X"),
        ("T14", ". . . X . . X X"),
        ("T15", ". . . . . . X X"),
    ];
    let columns = [L1, L2, L3, L4, L5, L6, L7, CrossLayer];
    let c = catalog();
    for (id, row) in matrix {
        let e = c.threats.get(id).unwrap();
        for (cell, layer) in row.split(' ').zip(columns) {
            let got = if e.primary_layers.contains(&layer) {
                "X"
            } else if e.secondary_layers.contains(&layer) {
                "x"
            } else {
                "."
            };
            assert_eq!(got, cell, "{id} at {layer}");
        }
    }
}

#[test]
fn spot_facts() {
    let c = catalog();
    let t = &c.threats;
    let t6 = t.get("T6").unwrap();
    assert_eq!(t6.name, "Intent Breaking & Goal Manipulation");
    assert_eq!(t6.cwe, ["CWE-74", "CWE-77"]);
    assert!(t6.owasp_llm.iter().any(|l| l == "LLM01:2025"));

    let official = t.get("T16").unwrap();
    assert_eq!(official.name, "Insecure Inter-Agent Protocol Abuse");
    assert_eq!(official.kind, ThreatKind::Asi);
    assert_eq!(t.get("T17").unwrap().name, "Supply Chain Compromise");

    let ext = t.get("EXT-T16").unwrap();
    assert_eq!(ext.name, "Model Inconsistency");
    assert_eq!(ext.playbook_id.as_deref(), Some("T16"));
    assert!(ext.id_warning.as_deref().unwrap().contains("T16"));
    assert_eq!(ext.primary_layers, [L1]);
    assert_eq!(t.resolve_playbook_ref("T16").unwrap().id, "EXT-T16");
    assert_eq!(t.resolve_playbook_ref("T5").unwrap().id, "T5");

    let rogue = t.get("EXT-T47").unwrap();
    assert_eq!(rogue.name, "Rogue Server");
    assert_eq!(rogue.primary_layers, [L7]);
    assert!(rogue.mcp);
    assert_eq!(rogue.cwe, ["CWE-494", "CWE-829"]);

    assert_eq!(
        t.get("EXT-L1-C").unwrap().name,
        "Tool Hijacking via Prompt Injection"
    );
    assert_eq!(
        t.get("EXT-L6-D").unwrap().name,
        "Real-Time Security Violation"
    );
    assert_eq!(
        t.get("EXT-L7-A").unwrap().name,
        "Cross-Chain/Cross-System Bridge Attacks"
    );

    let bv2 = t.get("BV-2").unwrap();
    assert_eq!(bv2.name, "Tool Description Poisoning (Rug Pull)");
    assert_eq!(bv2.primary_layers, [L3, L7]);
    assert!(bv2.mcp);
    assert_eq!(t.get("BV-12").unwrap().primary_layers, [L5]);
    assert_eq!(t.get("BV-3").unwrap().primary_layers, [L3, L4, L7]);

    // Single-agent guide: T12, T38 and T21 are the named MAS-only threats.
    for id in ["T12", "EXT-T38", "EXT-T21"] {
        let e = t.get(id).unwrap();
        assert!(e.multi_agent_only, "{id}");
        assert!(e.single_agent_note.is_some(), "{id}");
    }
    assert!(!t.get("T14").unwrap().multi_agent_only);
    assert!(!t.get("T15").unwrap().multi_agent_only);

    assert!(t.suggested_by(ComponentKind::Memory).any(|e| e.id == "T1"));
    assert!(
        t.suggested_by(ComponentKind::McpServer)
            .any(|e| e.id == "T2")
    );
    assert!(
        t.suggested_by(ComponentKind::HumanRole)
            .any(|e| e.id == "T10")
    );
}

#[test]
fn every_entry_is_filled_in() {
    let c = catalog();
    for e in &c.threats.threats {
        assert!(!e.description.trim().is_empty(), "{}", e.id);
        assert!(!e.questions.is_empty(), "{} has no questions", e.id);
        assert!(!e.indicators.is_empty(), "{} has no indicators", e.id);
        assert!(!e.stride.is_empty(), "{} has no STRIDE", e.id);
        assert!(!e.factors.is_empty(), "{} has no factors", e.id);
        assert!(!e.suggested_by.is_empty(), "{} suggests nothing", e.id);
        if e.kind == ThreatKind::Extended && e.playbook_id.is_some() {
            assert!(e.id_warning.is_some(), "{} lacks id_warning", e.id);
        }
        if e.multi_agent_only {
            assert!(e.single_agent_note.is_some(), "{}", e.id);
        }
    }
}

#[test]
fn for_layer_lists_primary_first() {
    let c = catalog();
    let l1 = c.threats.for_layer(L1);
    let ids: Vec<_> = l1.iter().map(|e| e.id.as_str()).collect();
    let t1 = ids.iter().position(|&i| i == "T1").unwrap();
    let t5 = ids.iter().position(|&i| i == "T5").unwrap();
    assert!(t5 < t1, "T5 is primary at L1, T1 only secondary");
    let first_secondary = l1.iter().position(|e| !e.is_primary(L1)).unwrap();
    assert!(l1[first_secondary..].iter().all(|e| !e.is_primary(L1)));
    assert!(!ids.contains(&"T2"));
    assert_eq!(c.threats.rows(Some(L1)).len(), l1.len());
    let json = c.threats.to_json(Some(L5));
    assert!(
        json["threats"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == "BV-12")
    );
}

#[test]
fn check_catches_broken_entries() {
    let base = catalog();
    assert!(base.integrity_problems().is_empty());

    let mut c = base.clone();
    let dup = c.threats.get("T1").unwrap().clone();
    c.threats.threats.push(dup);
    assert!(
        c.integrity_problems()
            .iter()
            .any(|p| p.contains("duplicate id `T1`"))
    );

    let mut c = base.clone();
    let ext = c
        .threats
        .threats
        .iter_mut()
        .find(|e| e.id == "EXT-T16")
        .unwrap();
    ext.id_warning = None;
    assert!(
        c.integrity_problems()
            .iter()
            .any(|p| p.contains("official ASI id `T16`"))
    );

    let mut c = base.clone();
    let ext = c
        .threats
        .threats
        .iter_mut()
        .find(|e| e.id == "EXT-T17")
        .unwrap();
    ext.id = "T17X".into();
    assert!(c.integrity_problems().iter().any(|p| p.contains("T17X")));

    let mut c = base.clone();
    let bv = c
        .threats
        .threats
        .iter_mut()
        .find(|e| e.id == "BV-4")
        .unwrap();
    bv.primary_layers.clear();
    assert!(
        c.integrity_problems()
            .iter()
            .any(|p| p.contains("`BV-4` has no primary layer"))
    );

    let mut c = base.clone();
    let bullet = c
        .threats
        .threats
        .iter_mut()
        .find(|e| e.id == "EXT-L2-A")
        .unwrap();
    bullet.primary_layers = vec![L3];
    assert!(
        c.integrity_problems()
            .iter()
            .any(|p| p.contains("EXT-L2-A"))
    );

    let mut c = base.clone();
    c.threats.threats[0].related.push("T99".into());
    assert!(c.integrity_problems().iter().any(|p| p.contains("`T99`")));

    let mut c = base;
    c.threats.threats[0].kind = ThreatKind::Blindspot;
    assert!(c.integrity_problems().iter().any(|p| p.contains("BV-<n>")));
}
