//! Tests of `validate` (module `lookalike_tests`, kept out of the file it tests).

use super::*;

#[test]
fn ids_with_bidi_or_zero_width_are_errors_and_names_warnings() {
    let catalog = Catalog::embedded();
    let mut session = Session::new("T", "1", "2026-01-01");
    session.flows.push(DataFlow {
        id: "f\u{200D}1".into(),
        ..Default::default()
    });
    session.session.title = "API \u{202E}gateway".into();
    let problems = check(&session, &catalog);
    assert!(
        problems.iter().any(|p| p.message.contains("U+200D")),
        "{problems:?}"
    );
    let warned = warnings(&session);
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].message.contains("U+202E"));
    assert!(!warned[0].message.contains('\u{202E}'));
}
