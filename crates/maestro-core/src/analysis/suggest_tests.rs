//! Tests of `suggest` (module `tests`, kept out of the file it tests).

use super::*;
use crate::analysis::fixtures;
use crate::session::Review;

fn find<'a>(list: &'a [ThreatSuggestion], id: &str) -> &'a ThreatSuggestion {
    list.iter()
        .find(|s| s.threat_id == id)
        .unwrap_or_else(|| panic!("{id} is listed"))
}

#[test]
fn mcp_server_and_shared_memory_suggest_their_threats_on_their_layers() {
    let catalog = Catalog::embedded();
    let session = fixtures::mas_with_mcp_and_memory();

    let l2 = for_layer(&session, &catalog, Layer::L2);
    let poisoning = find(&l2.threats, "T1");
    assert!(poisoning.suggested);
    assert!(poisoning.reasons.contains(&Reason::Component {
        component: "memory".into(),
        kind: ComponentKind::Memory
    }));
    // The shared memory is exposed as an asset and crosses a boundary.
    assert!(
        poisoning
            .reasons
            .iter()
            .any(|r| matches!(r, Reason::Exposure { asset, .. } if asset == "A-1"))
    );
    assert!(
        poisoning
            .reasons
            .iter()
            .any(|r| matches!(r, Reason::Boundary { boundary, .. } if boundary == "TB-1"))
    );
    assert!(
        poisoning
            .reasons
            .iter()
            .any(|r| matches!(r, Reason::Actor { actor } if actor == "TA-1"))
    );
    assert!(l2.empty_note.is_none());

    let l3 = for_layer(&session, &catalog, Layer::L3);
    for id in ["EXT-T42", "EXT-T41", "EXT-T29", "T2"] {
        let s = find(&l3.threats, id);
        assert!(s.suggested, "{id}");
        assert!(s.reasons.contains(&Reason::UsesMcp), "{id}");
    }
    // Memory poisoning is not mapped to L3, so L3 does not list it.
    assert!(l3.threats.iter().all(|s| s.threat_id != "T1"));
    // Inter-agent threats are suggested because the system has several agents.
    let protocol = find(&l3.threats, "EXT-T30");
    assert!(protocol.reasons.contains(&Reason::MultiAgent));
    assert!(protocol.skippable.is_none());
    // MCP blindspot (rug pull) on its own list.
    assert!(
        find(&l3.blindspots, "BV-2")
            .reasons
            .contains(&Reason::UsesMcp)
    );
    assert!(l3.threats.iter().all(|s| s.kind != ThreatKind::Blindspot));

    let l7 = for_layer(&session, &catalog, Layer::L7);
    let rogue = find(&l7.threats, "EXT-T47");
    assert!(rogue.primary && rogue.reasons.contains(&Reason::UsesMcp));
    // The memory component is not on L7, so T1's component reason stays on L2.
    assert!(l7.threats.iter().all(|s| s.threat_id != "T1"));
}

#[test]
fn primary_threats_come_first() {
    let catalog = Catalog::embedded();
    let l1 = for_layer(&fixtures::mas_with_mcp_and_memory(), &catalog, Layer::L1);
    let first_secondary = l1.threats.iter().position(|s| !s.primary).unwrap();
    assert!(l1.threats[first_secondary..].iter().all(|s| !s.primary));
    assert_eq!(l1.threats[0].reasons[0], Reason::Mapped { primary: true });
}

#[test]
fn single_agent_marks_multi_agent_threats_skippable() {
    let catalog = Catalog::embedded();
    let session = fixtures::single_agent();
    assert!(!is_multi_agent(&session, &catalog));
    for (layer, id) in [
        (Layer::L2, "T12"),
        (Layer::L7, "EXT-T38"),
        (Layer::L3, "EXT-T21"),
        (Layer::L3, "EXT-T30"),
    ] {
        let view = for_layer(&session, &catalog, layer);
        let s = find(&view.threats, id);
        let reason = s.skippable.as_deref().unwrap_or_else(|| panic!("{id}"));
        assert!(!reason.is_empty());
        assert!(!s.reasons.contains(&Reason::MultiAgent));
    }
    // T14 and T15 stay for single agents.
    let l7 = for_layer(&session, &catalog, Layer::L7);
    assert!(find(&l7.threats, "T15").skippable.is_none());
    assert!(find(&l7.threats, "T14").skippable.is_none());
    // The caveat of the guide travels with the reason.
    let l3 = for_layer(&session, &catalog, Layer::L3);
    assert!(
        find(&l3.threats, "EXT-T21")
            .skippable
            .as_deref()
            .unwrap()
            .contains("Caveat")
    );

    // The same threats are not skippable once the system has several agents.
    let mut multi = session.clone();
    multi.architecture.multi_agent = true;
    let l2 = for_layer(&multi, &catalog, Layer::L2);
    assert!(find(&l2.threats, "T12").skippable.is_none());
}

#[test]
fn empty_layer_says_so() {
    let catalog = Catalog::embedded();
    let view = for_layer(&fixtures::single_agent(), &catalog, Layer::L5);
    assert!(view.components.is_empty());
    assert!(view.empty_note.as_deref().unwrap().contains("L5"));
    assert!(view.threats.iter().all(|s| !s.suggested));
}

#[test]
fn carries_review_state_and_existing_cards() {
    let catalog = Catalog::embedded();
    let mut session = fixtures::mas_with_mcp_and_memory();
    session.reviews.push(Review {
        item: "T1".into(),
        layer: Layer::L2,
        state: ReviewState::NotApplicable,
        reason: "memory is read-only".into(),
    });
    session.reviews.push(Review {
        item: "CK-L2-01".into(),
        layer: Layer::L2,
        state: ReviewState::Applicable,
        reason: String::new(),
    });
    let l2 = for_layer(&session, &catalog, Layer::L2);
    let t1 = find(&l2.threats, "T1");
    assert_eq!(t1.review.state, ReviewState::NotApplicable);
    assert_eq!(t1.review.reason, "memory is read-only");
    assert_eq!(
        t1.cards,
        [CardRef {
            threat_id: "TH-1".into(),
            on_layer: true
        }]
    );
    assert_eq!(
        find(&l2.threats, "T12").review.state,
        ReviewState::Unreviewed
    );
    let item = l2
        .checklist
        .iter()
        .find(|i| i.item_id == "CK-L2-01")
        .unwrap();
    assert_eq!(item.review.state, ReviewState::Applicable);
    // The decision on L2 does not leak to another layer.
    let cl = for_layer(&session, &catalog, Layer::CrossLayer);
    assert_eq!(
        find(&cl.threats, "T1").review.state,
        ReviewState::Unreviewed
    );
    assert!(!find(&cl.threats, "T1").cards[0].on_layer);
}

#[test]
fn checklist_items_follow_suggested_threats() {
    let catalog = Catalog::embedded();
    let session = fixtures::mas_with_mcp_and_memory();
    let l2 = for_layer(&session, &catalog, Layer::L2);
    assert_eq!(
        l2.checklist.len(),
        catalog.checklists.for_layer(Layer::L2).len()
    );
    let memory_items: Vec<_> = l2
        .checklist
        .iter()
        .filter(|i| i.threats.iter().any(|t| t == "T1"))
        .collect();
    assert!(!memory_items.is_empty());
    assert!(memory_items.iter().all(|i| i.suggested));
    assert!(!l2.blindspot_checklist.is_empty());
    assert!(l2.blindspot_checklist.iter().all(|i| {
        catalog
            .checklists
            .get(&i.item_id)
            .unwrap()
            .layers
            .contains(&Layer::L2)
    }));
}
