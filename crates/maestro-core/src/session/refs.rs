//! Links between a threat and the records it concerns, both ways: from a threat to its
//! components, flows, actors, boundaries, assets, mitigations and chains, and from each
//! of those back to the threats that name it. The TUI follows them; the rule of who
//! refers to whom lives here once.

use super::Session;
use crate::vocab::Layer;

/// One record a link leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Record kind: threat, component, flow, actor, boundary, asset, mitigation, chain.
    pub kind: &'static str,
    pub id: String,
    /// What the analyst calls it (a flow or boundary: its two ends).
    pub name: String,
}

impl Link {
    /// "mitigation M-001 Input filter".
    pub fn label(&self) -> String {
        format!("{} {} {}", self.kind, self.id, self.name)
            .trim_end()
            .to_string()
    }
}

/// The kinds a threat links to, in the order its links are listed.
pub const FROM_THREAT: [&str; 7] = [
    "component",
    "flow",
    "actor",
    "boundary",
    "asset",
    "mitigation",
    "chain",
];

/// What the `kind` record `id` links to: a threat's records, or the threats that
/// name any other record. Ids that name no record are left out (nothing to follow).
pub fn links(s: &Session, kind: &str, id: &str) -> Vec<Link> {
    if kind == "threat" {
        from_threat(s, id)
    } else {
        threats_naming(s, kind, id)
    }
}

/// The name of the `kind` record `id`, or `None` when there is no such record.
pub fn name_of(s: &Session, kind: &str, id: &str) -> Option<String> {
    let ends = |from: &str, to: &str, of: &str| {
        let n = |x: &str| name_of(s, of, x).unwrap_or_else(|| x.to_string());
        format!("{} → {}", n(from), n(to))
    };
    match kind {
        "threat" => s
            .threats
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.name.clone()),
        "component" => s
            .components
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone()),
        "flow" => s
            .flows
            .iter()
            .find(|f| f.id == id)
            .map(|f| ends(&f.from, &f.to, "component")),
        "actor" => s.actors.iter().find(|a| a.id == id).map(|a| a.name.clone()),
        "zone" => s.zones.iter().find(|z| z.id == id).map(|z| z.name.clone()),
        "boundary" => s
            .boundaries
            .iter()
            .find(|b| b.id == id)
            .map(|b| ends(&b.source_zone, &b.destination_zone, "zone")),
        "asset" => s.assets.iter().find(|a| a.id == id).map(|a| a.name.clone()),
        "mitigation" => s
            .mitigations
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.name.clone()),
        "chain" => s.chains.iter().find(|c| c.id == id).map(|c| c.name.clone()),
        _ => None,
    }
}

fn link(s: &Session, kind: &'static str, id: &str) -> Option<Link> {
    name_of(s, kind, id).map(|name| Link {
        kind,
        id: id.to_string(),
        name,
    })
}

/// The records threat `id` concerns, mitigations that address it and chains it is a
/// step of, in [`FROM_THREAT`] order.
pub fn from_threat(s: &Session, id: &str) -> Vec<Link> {
    let Some(t) = s.threats.iter().find(|t| t.id == id) else {
        return Vec::new();
    };
    let named = [
        ("component", &t.components),
        ("flow", &t.flows),
        ("actor", &t.actors),
        ("boundary", &t.boundaries),
        ("asset", &t.assets),
    ];
    let mut out: Vec<Link> = named
        .into_iter()
        .flat_map(|(kind, ids)| ids.iter().filter_map(move |x| link(s, kind, x)))
        .collect();
    out.extend(
        s.mitigations
            .iter()
            .filter(|m| m.addresses.iter().any(|a| a == id))
            .filter_map(|m| link(s, "mitigation", &m.id)),
    );
    out.extend(
        s.chains
            .iter()
            .filter(|c| c.steps.iter().any(|x| x == id))
            .filter_map(|c| link(s, "chain", &c.id)),
    );
    dedup(out)
}

/// The threats that name the `kind` record `id` (a mitigation: the threats it
/// addresses; a chain: its steps, in order).
pub fn threats_naming(s: &Session, kind: &str, id: &str) -> Vec<Link> {
    let threat_ids: Vec<&str> = match kind {
        "mitigation" => s
            .mitigations
            .iter()
            .filter(|m| m.id == id)
            .flat_map(|m| m.addresses.iter().map(String::as_str))
            .collect(),
        "chain" => s
            .chains
            .iter()
            .filter(|c| c.id == id)
            .flat_map(|c| c.steps.iter().map(String::as_str))
            .collect(),
        _ => s
            .threats
            .iter()
            .filter(|t| {
                let ids = match kind {
                    "component" => &t.components,
                    "flow" => &t.flows,
                    "actor" => &t.actors,
                    "boundary" => &t.boundaries,
                    "asset" => &t.assets,
                    _ => return false,
                };
                ids.iter().any(|x| x == id)
            })
            .map(|t| t.id.as_str())
            .collect(),
    };
    dedup(
        threat_ids
            .into_iter()
            .filter_map(|t| link(s, "threat", t))
            .collect(),
    )
}

/// The threat cards a phase-6 checklist item produced: cards instantiating one of the
/// catalog threats the item concerns (`catalog_ids`), on `layer` when given.
pub fn threats_of_checklist(
    s: &Session,
    catalog_ids: &[String],
    layer: Option<Layer>,
) -> Vec<Link> {
    s.threats
        .iter()
        .filter(|t| !t.catalog.is_empty() && catalog_ids.contains(&t.catalog))
        .filter(|t| layer.is_none_or(|l| t.layers.contains(&l)))
        .filter_map(|t| link(s, "threat", &t.id))
        .collect()
}

fn dedup(links: Vec<Link>) -> Vec<Link> {
    let mut out: Vec<Link> = Vec::with_capacity(links.len());
    for l in links {
        if !out.iter().any(|o| o.kind == l.kind && o.id == l.id) {
            out.push(l);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{
        Asset, Component, DataFlow, Mitigation, Threat, ThreatActor, ThreatChain, TrustBoundary,
        TrustZone,
    };

    fn sample() -> Session {
        let mut s = Session::default();
        for (id, name) in [("C1", "Chat UI"), ("C2", "Support agent")] {
            s.components.push(
                toml::from_str::<Component>(&format!(
                    "id = \"{id}\"\nname = \"{name}\"\nkind = \"agent\""
                ))
                .unwrap(),
            );
        }
        s.flows.push(DataFlow {
            id: "DF1".into(),
            from: "C1".into(),
            to: "C2".into(),
            ..DataFlow::default()
        });
        s.actors.push(ThreatActor {
            id: "TA1".into(),
            name: "Prompt injector".into(),
            ..ThreatActor::default()
        });
        for (id, name) in [("TZ1", "Internet"), ("TZ2", "Cluster")] {
            s.zones.push(TrustZone {
                id: id.into(),
                name: name.into(),
                ..TrustZone::default()
            });
        }
        s.boundaries.push(TrustBoundary {
            id: "TB1".into(),
            source_zone: "TZ1".into(),
            destination_zone: "TZ2".into(),
            ..TrustBoundary::default()
        });
        s.assets.push(Asset {
            id: "A1".into(),
            name: "Tickets".into(),
            ..Asset::default()
        });
        s.threats.push(Threat {
            id: "T-001".into(),
            name: "Goal hijack".into(),
            catalog: "T6".into(),
            layers: vec![Layer::L3],
            components: vec!["C2".into(), "C9".into()],
            flows: vec!["DF1".into()],
            actors: vec!["TA1".into()],
            boundaries: vec!["TB1".into()],
            assets: vec!["A1".into()],
            ..Threat::default()
        });
        s.threats.push(Threat {
            id: "T-002".into(),
            name: "Tool misuse".into(),
            catalog: "T2".into(),
            layers: vec![Layer::L3, Layer::L7],
            components: vec!["C2".into()],
            ..Threat::default()
        });
        s.mitigations.push(
            toml::from_str::<Mitigation>(
                "id = \"M-001\"\nname = \"Input filter\"\nkind = \"Preventive\"\n\
                 addresses = [\"T-001\", \"T-002\"]",
            )
            .unwrap(),
        );
        s.chains.push(ThreatChain {
            id: "CH-001".into(),
            name: "Hijack to misuse".into(),
            steps: vec!["T-002".into(), "T-001".into()],
            ..ThreatChain::default()
        });
        s
    }

    fn ids(links: &[Link]) -> Vec<String> {
        links
            .iter()
            .map(|l| format!("{} {}", l.kind, l.id))
            .collect()
    }

    #[test]
    fn a_threat_links_to_its_records_mitigations_and_chains() {
        let s = sample();
        assert_eq!(
            ids(&links(&s, "threat", "T-001")),
            [
                "component C2",
                "flow DF1",
                "actor TA1",
                "boundary TB1",
                "asset A1",
                "mitigation M-001",
                "chain CH-001"
            ],
            "C9 names no component: nothing to follow"
        );
        let flow = &links(&s, "threat", "T-001")[1];
        assert_eq!(flow.name, "Chat UI → Support agent");
        assert_eq!(
            links(&s, "threat", "T-001")[3].label(),
            "boundary TB1 Internet → Cluster"
        );
        assert!(links(&s, "threat", "T-404").is_empty());
    }

    #[test]
    fn each_record_links_back_to_the_threats_naming_it() {
        let s = sample();
        assert_eq!(
            ids(&links(&s, "component", "C2")),
            ["threat T-001", "threat T-002"]
        );
        assert!(links(&s, "component", "C1").is_empty());
        assert_eq!(ids(&links(&s, "actor", "TA1")), ["threat T-001"]);
        assert_eq!(ids(&links(&s, "asset", "A1")), ["threat T-001"]);
        assert_eq!(ids(&links(&s, "flow", "DF1")), ["threat T-001"]);
        assert_eq!(ids(&links(&s, "boundary", "TB1")), ["threat T-001"]);
        assert_eq!(
            ids(&links(&s, "mitigation", "M-001")),
            ["threat T-001", "threat T-002"]
        );
        // A chain lists its steps in order.
        assert_eq!(
            ids(&links(&s, "chain", "CH-001")),
            ["threat T-002", "threat T-001"]
        );
        assert_eq!(links(&s, "mitigation", "M-001")[0].name, "Goal hijack");
    }

    #[test]
    fn every_link_from_a_threat_leads_back_to_it() {
        let s = sample();
        for t in &s.threats {
            for l in links(&s, "threat", &t.id) {
                assert!(
                    links(&s, l.kind, &l.id)
                        .iter()
                        .any(|back| back.kind == "threat" && back.id == t.id),
                    "{} does not lead back to {}",
                    l.label(),
                    t.id
                );
            }
        }
    }

    #[test]
    fn a_checklist_item_leads_to_the_cards_of_its_threats() {
        let s = sample();
        let item = vec!["T2".to_string(), "T9".to_string()];
        assert_eq!(
            ids(&threats_of_checklist(&s, &item, Some(Layer::L7))),
            ["threat T-002"]
        );
        assert!(threats_of_checklist(&s, &item, Some(Layer::L1)).is_empty());
        let both = vec!["T2".to_string(), "T6".to_string()];
        assert_eq!(
            ids(&threats_of_checklist(&s, &both, None)),
            ["threat T-001", "threat T-002"]
        );
    }
}
