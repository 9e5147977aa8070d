//! Tests of catalog loading, overrides and integrity.

use super::*;

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
