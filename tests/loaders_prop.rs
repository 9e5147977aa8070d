//! Every loader, fed arbitrary text and mutations of valid files, returns a value or a
//! clear error: never a panic or a hang (bounded cases, so it runs in the normal suite).

use maestro_tm::catalog::Catalog;
use maestro_tm::interchange::otm::{self, ImportDefaults, Syntax};
use maestro_tm::session::storage;
use maestro_tm::tui::{config, theme};
use proptest::prelude::*;
use std::path::Path;

fn sample(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// A valid file with a slice replaced by arbitrary text (structure-aware mutation).
fn mutated(base: String) -> impl Strategy<Value = String> {
    let len = base.len();
    (0..=len, 0..64usize, ".{0,40}").prop_map(move |(at, cut, insert)| {
        let mut at = at;
        while !base.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + cut).min(base.len());
        while !base.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}{}{}", &base[..at], insert, &base[end..])
    })
}

fn session_text(text: &str) {
    if let Ok(doc) = storage::parse(Path::new("p.toml"), text) {
        let again = storage::to_text(&doc.session, &doc.unknown);
        storage::parse(Path::new("p.toml"), &again).expect("saved text parses again");
    }
}

fn otm_text(text: &str) {
    let defaults = ImportDefaults {
        catalog_version: "p".into(),
        today: "2026-01-01".into(),
    };
    for syntax in [Syntax::Json, Syntax::Yaml] {
        if let Ok(doc) = otm::parse(text, syntax) {
            let _ = otm::import(&doc, &defaults);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn session_any_text(text in "\\PC{0,400}") { session_text(&text); }

    #[test]
    fn session_mutations(text in mutated(sample("sessions/minimal.toml"))) { session_text(&text); }

    #[test]
    fn config_any_text(text in "\\PC{0,200}") { let _ = config::parse(&text); }

    #[test]
    fn theme_any_text(text in "\\PC{0,200}") {
        let _ = theme::Theme::from_toml(&text, theme::ColorMode::TrueColor);
    }

    #[test]
    fn theme_mutations(text in mutated(sample("themes/dark.toml"))) {
        let _ = theme::Theme::from_toml(&text, theme::ColorMode::Ansi256);
    }

    #[test]
    fn otm_any_text(text in "\\PC{0,300}") { otm_text(&text); }

    #[test]
    fn otm_json_mutations(text in mutated(sample("tests/data/otm/webshop-nested-zones.json"))) {
        otm_text(&text);
    }

    #[test]
    fn otm_yaml_mutations(text in mutated(sample("tests/data/otm/rag-assistant.yaml"))) {
        otm_text(&text);
    }
}

proptest! {
    // Each case loads the whole catalog: fewer cases.
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn catalog_override_mutations(text in mutated(sample("catalog/threats.toml")), junk in "\\PC{0,100}") {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("threats.toml"), &text).unwrap();
        std::fs::write(dir.path().join("layers.toml"), &junk).unwrap();
        let _ = Catalog::load(&[dir.path().to_path_buf()]);
    }
}

#[test]
fn deep_nesting_is_refused_clearly_by_every_loader() {
    let deep = format!("a = {}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let err = storage::parse(Path::new("d.toml"), &deep)
        .unwrap_err()
        .to_string();
    assert!(err.contains("levels deep"), "{err}");
    assert!(config::parse(&deep).unwrap_err().contains("levels deep"));
    let json = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let err = otm::parse(&json, Syntax::Json).unwrap_err().to_string();
    assert!(err.contains("levels deep"), "{err}");
    let err = otm::parse(&json, Syntax::Yaml).unwrap_err().to_string();
    assert!(err.contains("levels deep"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("threats.toml"), &deep).unwrap();
    let err = Catalog::load(&[dir.path().to_path_buf()])
        .unwrap_err()
        .to_string();
    assert!(err.contains("levels deep"), "{err}");
}
