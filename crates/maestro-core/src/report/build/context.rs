//! The report's data for the system: business context, architecture, actors, trust
//! boundaries and assets.

use super::*;

pub(super) fn business(b: &model::BusinessContext) -> Business {
    Business {
        application: line(&b.application),
        domain: line(&b.domain),
        function: block(&b.function),
        data_classification: b.data_classification,
        regulations: lines(&b.regulations),
        criticality: b.criticality,
        user_base: line(&b.user_base),
        agent_type: line(&b.agent_type),
        autonomy: line(&b.autonomy),
        data_categories: lines(&b.data_categories),
        risk_appetite: block(&b.risk_appetite),
        risk_tolerance: b.risk_tolerance,
        stakeholders: b
            .stakeholders
            .iter()
            .map(|s| StakeholderRow {
                name: line(&s.name),
                role: line(&s.role),
                raci: line(&s.raci),
            })
            .collect(),
    }
}

pub(super) fn architecture(session: &Session, lookup: &Lookup) -> Architecture {
    let arch = &session.architecture;
    Architecture {
        overview: block(&arch.overview),
        multi_agent: arch.multi_agent,
        uses_mcp: arch.uses_mcp,
        layer_mapping: Layer::SEVEN
            .iter()
            .map(|&layer| {
                let note = arch.layer_notes.iter().find(|n| n.layer == layer);
                LayerMappingRow {
                    layer,
                    name: layer.name().to_string(),
                    components: session
                        .components
                        .iter()
                        .filter(|c| c.layers.contains(&layer))
                        .map(|c| line(&c.name))
                        .collect(),
                    note: note.map_or_else(String::new, |n| line(&n.note)),
                    not_applicable: note.is_some_and(|n| n.not_applicable),
                }
            })
            .collect(),
        components: session
            .components
            .iter()
            .map(|c| ComponentRow {
                id: line(&c.id),
                name: line(&c.name),
                kind: c.kind,
                layers: c.layers.clone(),
                technology: line(&c.technology),
                zone: line(&c.zone),
                description: block(&c.description),
            })
            .collect(),
        flows: session
            .flows
            .iter()
            .map(|f| FlowRow {
                id: line(&f.id),
                from: line(lookup.component_name(&f.from)),
                to: line(lookup.component_name(&f.to)),
                data: line(&f.data),
                protocol: line(&f.protocol),
                encrypted: f.encrypted,
                authentication: line(&f.authentication),
                critical: f.critical,
            })
            .collect(),
    }
}

pub(super) fn actors(session: &Session, catalog: &Catalog) -> Vec<ActorRow> {
    session
        .actors
        .iter()
        .map(|a| ActorRow {
            id: line(&a.id),
            name: line(&a.name),
            category: line(
                catalog
                    .taxonomy
                    .get_actor(&a.category)
                    .map_or(&a.category, |c| &c.name),
            ),
            capability: line(&a.capability),
            motivations: lines(&a.motivations),
            target_assets: lines(&a.target_assets),
            attack_vectors: lines(&a.attack_vectors),
            target_layers: a.target_layers.clone(),
            relevance: line(&a.relevance),
            priority: a.priority,
            notes: block(&a.notes),
        })
        .collect()
}

pub(super) fn boundaries(
    session: &Session,
    catalog: &Catalog,
    lookup: &Lookup,
) -> Vec<BoundaryRow> {
    let zone_name = |id: &str| line(lookup.zone_name(id));
    // Boundary id → the threats naming it, in session order: one pass over the threats
    // instead of one per boundary.
    let mut threats_of: HashMap<&str, Vec<String>> = HashMap::new();
    for t in &session.threats {
        let mut seen: Vec<&str> = Vec::new();
        for b in &t.boundaries {
            if !seen.contains(&b.as_str()) {
                seen.push(b);
                threats_of.entry(b.as_str()).or_default().push(line(&t.id));
            }
        }
    }
    session
        .boundaries
        .iter()
        .map(|b| BoundaryRow {
            id: line(&b.id),
            source_zone: zone_name(&b.source_zone),
            destination_zone: zone_name(&b.destination_zone),
            components: b
                .components
                .iter()
                .map(|c| line(lookup.component_name(c)))
                .collect(),
            flows: lines(&b.flows),
            protocol: line(&b.protocol),
            authentication: line(&b.authentication),
            authorization: line(&b.authorization),
            controls: b
                .controls
                .iter()
                .map(|(id, answer)| ControlRow {
                    control: line(id),
                    name: line(
                        catalog
                            .taxonomy
                            .get_boundary_control(id)
                            .map_or(id, |c| &c.name),
                    ),
                    answer: line(answer),
                })
                .collect(),
            strength: line(&b.strength),
            implicit_trust: block(&b.implicit_trust),
            threats: threats_of.get(b.id.as_str()).cloned().unwrap_or_default(),
        })
        .collect()
}

pub(super) fn assets(session: &Session, lookup: &Lookup) -> Vec<AssetRow> {
    session
        .assets
        .iter()
        .map(|a| AssetRow {
            id: line(&a.id),
            name: line(&a.name),
            class: line(&a.class),
            classification: a.classification,
            lifecycle: a
                .lifecycle
                .iter()
                .map(|s| LifecycleRow {
                    stage: line(&s.stage),
                    components: s
                        .components
                        .iter()
                        .map(|c| line(lookup.component_name(c)))
                        .collect(),
                    how: line(&s.how),
                })
                .collect(),
            zones: lines(&a.zones),
            exposure_points: lines(&a.exposure_points),
            controls: lines(&a.controls),
        })
        .collect()
}
