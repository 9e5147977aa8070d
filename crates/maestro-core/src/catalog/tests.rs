//! Tests of catalog loading, overrides and integrity.

use super::*;
use crate::vocab::Layer;

#[test]
fn embedded_catalog_loads_and_is_sound() {
    let catalog = Catalog::load(&[]).expect("embedded catalog loads");
    assert!(catalog.integrity_problems().is_empty());
    assert!(!catalog.meta.version.is_empty());
    assert!(catalog.meta.license.contains("CC BY-SA 4.0"));
    assert!(LICENSE.contains("Attribution-ShareAlike 4.0"));
}

#[test]
fn broken_override_reports_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("meta.toml"),
        "version = \"x\"\nplaybook_version = [\n",
    )
    .unwrap();
    let err = Catalog::load(&[dir.path().to_path_buf()]).unwrap_err();
    match err {
        CatalogError::Syntax(located) => {
            assert!(located.file.ends_with("meta.toml"));
            assert_eq!(located.line, 2, "{located}");
        }
        other => panic!("expected a syntax error, got {other}"),
    }
}

#[test]
fn override_marks_version_local() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("meta.toml"), "attribution = \"x\"\n").unwrap();
    let catalog = Catalog::load(&[dir.path().to_path_buf()]).unwrap();
    assert!(catalog.meta.version.ends_with("+local"));
    assert_eq!(catalog.overrides.len(), 1);
}

#[test]
fn dangling_threat_reference_fails_integrity() {
    let mut catalog = Catalog::embedded();
    catalog.mitigations.mitigations[0]
        .addresses
        .push("T99".into());
    let problems = catalog.integrity_problems();
    assert!(
        problems.iter().any(|p| p.contains("unknown threat `T99`")),
        "{problems:?}"
    );
}

#[test]
fn every_catalog_reference_resolves_across_sections() {
    let catalog = Catalog::embedded();
    let mitigation_refs = catalog.mitigations.referenced_threats().count();
    let checklist_refs = catalog.checklists.referenced_threats().count();
    assert!(
        mitigation_refs > 100 && checklist_refs > 50,
        "{mitigation_refs} {checklist_refs}"
    );
    assert!(catalog.integrity_problems().is_empty());
}

#[test]
fn layer_names_in_code_match_the_catalog() {
    let catalog = Catalog::embedded();
    for layer in Layer::ALL {
        assert_eq!(
            catalog.layers.get(*layer).unwrap().name,
            layer.name(),
            "{layer}"
        );
    }
}

/// The section as the merge path builds it: a table, then the types from the table.
fn through_table<T: DeserializeOwned>(name: &str) -> T {
    let table: toml::Table = toml::from_str(embedded_text(name)).unwrap();
    T::deserialize(toml::Value::Table(table)).unwrap()
}

#[test]
fn one_parse_of_the_embedded_sections_equals_the_merge_path() {
    let fast = Catalog::load(&[]).unwrap();
    let slow = Catalog {
        meta: through_table("meta.toml"),
        layers: through_table("layers.toml"),
        phases: through_table("phases.toml"),
        factors: through_table("factors.toml"),
        threats: through_table("threats.toml"),
        patterns: through_table("patterns.toml"),
        checklists: through_table("checklists.toml"),
        mitigations: through_table("mitigations.toml"),
        taxonomy: through_table("taxonomy.toml"),
        scoring: through_table("scoring.toml"),
        engagement: through_table("engagement.toml"),
        frameworks: through_table("frameworks.toml"),
        discover: through_table("discover.toml"),
        overrides: Vec::new(),
    };
    assert_eq!(
        serde_json::to_value(&fast).unwrap(),
        serde_json::to_value(&slow).unwrap()
    );
    // An override directory without files for a section keeps it on the one-parse path.
    let empty = tempfile::tempdir().unwrap();
    let with_dir = Catalog::load(&[empty.path().to_path_buf()]).unwrap();
    assert!(with_dir.overrides.is_empty());
    assert_eq!(
        serde_json::to_value(&with_dir).unwrap(),
        serde_json::to_value(&fast).unwrap()
    );
}

#[test]
fn duplicate_ids_in_an_override_are_refused_at_the_second() {
    let dir = tempfile::tempdir().unwrap();
    let first = "[[layers]]\nid = \"L1\"\nname = \"One\"\n";
    std::fs::write(
        dir.path().join("layers.toml"),
        format!("{first}{}", first.replace("One", "Two")),
    )
    .unwrap();
    match Catalog::load(&[dir.path().to_path_buf()]).unwrap_err() {
        CatalogError::Syntax(located) => {
            assert!(located.message.contains("duplicate id `L1`"), "{located}");
            assert_eq!(located.line, 5, "{located}");
        }
        other => panic!("expected a syntax error, got {other}"),
    }
}
