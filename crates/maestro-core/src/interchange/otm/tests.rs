//! Unit tests of the OTM mapping on small sessions built in code.

use super::foreign::{guess_kind, mitigation_progress};
use super::*;
use crate::catalog::Catalog;
use crate::session::{Component, Session, Threat};
use crate::vocab::{ComponentKind, ImplementationStatus, Layer, MitigationStatus};

fn small() -> Session {
    let mut s = Session::new("Tiny", "1", "2025-01-01");
    s.components.push(Component {
        otm: Default::default(),
        id: "c1".into(),
        name: "Agent".into(),
        kind: ComponentKind::Agent,
        layers: vec![Layer::L3, Layer::L7],
        technology: "LangGraph".into(),
        description: String::new(),
        zone: String::new(),
    });
    s.threats.push(Threat {
        id: "t1".into(),
        name: "Goal manipulation".into(),
        asi: vec!["T6".into()],
        components: vec!["c1".into()],
        ..Threat::default()
    });
    s
}

fn defaults() -> ImportDefaults {
    ImportDefaults {
        catalog_version: "1".into(),
        today: "2025-02-02".into(),
    }
}

#[test]
fn unzoned_components_use_a_placeholder_zone_that_import_drops() {
    let catalog = Catalog::embedded();
    let doc = export(&small(), &catalog);
    assert_eq!(doc.trust_zones.len(), 1);
    assert_eq!(doc.trust_zones[0].id, UNZONED_ID);
    let back = import(&doc, &defaults()).unwrap();
    assert!(back.zones.is_empty());
    assert_eq!(back.components, small().components);
    assert_eq!(back.threats, small().threats);
    assert_eq!(
        back.session.created, "2025-01-01",
        "session info comes back"
    );
}

#[test]
fn unrated_threat_exports_null_likelihood_and_keeps_unrated() {
    let doc = export(&small(), &Catalog::embedded());
    assert_eq!(doc.threats[0].risk.likelihood, None);
    let back = import(&doc, &defaults()).unwrap();
    assert_eq!(back.threats[0].severity, None);
}

#[test]
fn a_component_added_by_another_tool_to_an_export_comes_in_unplaced() {
    let mut doc = export(&small(), &Catalog::embedded());
    let mut foreign = doc.components[0].clone();
    foreign.id = "db".into();
    foreign.name = "Orders DB".into();
    foreign.kind = "postgresql-database".into();
    foreign.attributes.clear();
    foreign.threats.clear();
    doc.components.push(foreign);
    let back = import(&doc, &defaults()).unwrap();
    assert_eq!(back.components[0].layers, [Layer::L3, Layer::L7]);
    let db = back.component("db").unwrap();
    assert!(db.layers.is_empty());
    assert_eq!(db.kind, ComponentKind::DataStore);
    assert_eq!(db.technology, "postgresql-database");
}

#[test]
fn kind_guesses() {
    assert_eq!(
        guess_kind("generic-client", "Browser"),
        ComponentKind::ExternalService
    );
    assert_eq!(guess_kind("mcp-server", ""), ComponentKind::McpServer);
    assert_eq!(guess_kind("redis", "Session cache"), ComponentKind::Memory);
    assert_eq!(guess_kind("ec2", "Bastion"), ComponentKind::Infrastructure);
}

#[test]
fn countermeasure_states() {
    assert_eq!(
        mitigation_progress(Some("Implemented")),
        (
            MitigationStatus::Implemented,
            ImplementationStatus::Implemented
        )
    );
    assert_eq!(
        mitigation_progress(Some("partially-implemented")).1,
        ImplementationStatus::PartiallyImplemented
    );
    assert_eq!(
        mitigation_progress(Some("Rejected")).0,
        MitigationStatus::WillNotAction
    );
    assert_eq!(mitigation_progress(None).0, MitigationStatus::Identified);
}

#[test]
fn syntax_detection() {
    use std::path::Path;
    assert_eq!(Syntax::detect(Some(Path::new("a.yml")), "{"), Syntax::Yaml);
    assert_eq!(
        Syntax::detect(Some(Path::new("a.otm")), "  {\"a\":1}"),
        Syntax::Json
    );
    assert_eq!(Syntax::detect(None, "otmVersion: 0.2.0"), Syntax::Yaml);
}

/// A wrong type in a YAML document: the path once, and the line and column in the YAML
/// source (the first pass reads YAML as JSON; errors are said from the YAML).
#[test]
fn yaml_type_errors_name_the_path_once_and_the_yaml_line() {
    let text = "otmVersion: 0.2.0\nproject:\n  name: a\n  id: p\ntrustZones:\n  - id: z\n    name: Z\n    risk:\n      trustRating: abc\n";
    let err = super::parse(text, super::Syntax::Yaml)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err.matches("trustZones[0].risk.trustRating").count(),
        1,
        "{err}"
    );
    assert!(err.contains("line 9 column"), "{err}");
}
