//! Storage tests: round trips, byte stability, unknown keys, located errors.

use super::storage::{self, Document};
use super::*;
use crate::vocab::*;
use proptest::prelude::*;
use std::path::Path;

fn sample() -> Session {
    let mut s = Session::new("Support copilot", "1.0.0", "2026-11-25");
    s.components.push(Component {
        otm: Default::default(),
        id: "C1".into(),
        name: "Planner".into(),
        kind: ComponentKind::Agent,
        layers: vec![Layer::L3],
        technology: "LangGraph".into(),
        description: "Plans \"quoted\" steps\nover two lines".into(),
        zone: String::new(),
    });
    s.threats.push(Threat {
        id: "TH1".into(),
        name: "Tool misuse".into(),
        layers: vec![Layer::L3],
        severity: Some(Severity::High),
        likelihood: Some(Likelihood::Likely),
        components: vec!["C1".into()],
        ..Threat::default()
    });
    s
}

fn doc(session: Session) -> Document {
    Document {
        session,
        unknown: Default::default(),
        loaded_version: SCHEMA_VERSION,
    }
}

fn parse(text: &str) -> Result<Document, crate::located::Located> {
    storage::parse(Path::new("s.toml"), text)
}

#[test]
fn save_load_save_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    storage::save(&path, &doc(sample())).unwrap();
    let first = std::fs::read(&path).unwrap();
    let loaded = storage::load(&path).unwrap();
    assert_eq!(loaded.session, sample());
    storage::save(&path, &loaded).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), first);
}

#[cfg(unix)]
#[test]
fn saved_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    storage::save(&path, &doc(sample())).unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn unknown_keys_survive_a_save() {
    let mut text = storage::to_text(&sample(), &Default::default());
    text = text.replace(
        "schema_version = 1\n",
        "schema_version = 1\nreviewed_by = \"qa-bot\"\n",
    );
    text = text.replace(
        "name = \"Tool misuse\"\n",
        "name = \"Tool misuse\"\ncvss = 7.5\n",
    );
    let mut loaded = parse(&text).unwrap();
    assert_eq!(
        loaded.unknown.paths(),
        ["reviewed_by", "threats[id=TH1].cvss"]
    );
    loaded.session.threats[0].name = "Tool misuse (renamed)".into();
    let saved = storage::to_text(&loaded.session, &loaded.unknown);
    let again = parse(&saved).unwrap();
    assert_eq!(again.session.threats[0].name, "Tool misuse (renamed)");
    assert!(saved.contains("reviewed_by = \"qa-bot\""));
    assert!(saved.contains("cvss = 7.5"));
}

#[test]
fn malformed_toml_points_at_line_and_column() {
    let err = parse("schema_version = 1\n[session]\ntitle = \"open\n").unwrap_err();
    assert_eq!(err.line, 3, "{err}");
    assert!(err.to_string().starts_with("s.toml:3:"), "{err}");
}

#[test]
fn wrong_type_points_at_the_value() {
    let text = "schema_version = 1\n\n[[threats]]\nid = \"TH1\"\nname = \"x\"\nseverity = \"Catastrophic\"\n";
    let err = parse(text).unwrap_err();
    assert_eq!((err.line, err.column), (6, 12), "{err}");
    assert!(
        err.message.contains("Catastrophic") || err.message.contains("variant"),
        "{err}"
    );
}

#[test]
fn newer_schema_is_refused_clearly() {
    let err = parse("schema_version = 99\n").unwrap_err();
    assert_eq!(err.line, 1);
    assert!(err.message.contains("newer"), "{err}");
}

#[test]
fn missing_schema_version_is_explained() {
    let err = parse("[session]\ntitle = \"x\"\n").unwrap_err();
    assert!(err.message.contains("schema_version = 1"), "{err}");
}

#[test]
fn oversized_file_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(storage::MAX_SESSION_BYTES + 1).unwrap();
    let err = storage::load(&path).unwrap_err();
    assert!(err.to_string().contains("refused"), "{err}");
}

#[test]
fn dangling_reference_is_located() {
    let mut s = sample();
    s.threats[0].components.push("C9".into());
    let text = storage::to_text(&s, &Default::default());
    let catalog = crate::catalog::Catalog::embedded();
    let problems = validate::check(&s, &catalog);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let located = problems[0].locate(Path::new("s.toml"), &text);
    assert!(located.message.contains("unknown component `C9`"));
    let line = text.lines().nth(located.line - 1).unwrap();
    assert!(line.starts_with("components = "), "{line}");
}

#[test]
fn duplicate_ids_are_reported() {
    let mut s = sample();
    s.components.push(s.components[0].clone());
    let problems = validate::check(&s, &crate::catalog::Catalog::embedded());
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("duplicate component id `C1`")),
        "{problems:?}"
    );
}

fn text_strategy() -> impl Strategy<Value = String> {
    // Arbitrary unicode including quotes, backslashes, newlines and control characters.
    proptest::string::string_regex("(?s).{0,24}").unwrap()
}

fn threat_strategy() -> impl Strategy<Value = Threat> {
    (
        "TH[0-9]{1,3}",
        text_strategy(),
        text_strategy(),
        proptest::collection::vec(proptest::sample::select(Layer::ALL), 0..3),
        proptest::option::of(proptest::sample::select(Severity::ALL)),
        proptest::option::of(proptest::sample::select(Likelihood::ALL)),
        proptest::collection::vec(proptest::sample::select(AgenticFactor::ALL), 0..4),
    )
        .prop_map(
            |(id, name, description, layers, severity, likelihood, factors)| Threat {
                id,
                name,
                description,
                layers,
                severity,
                likelihood,
                factors,
                ..Threat::default()
            },
        )
}

fn session_strategy() -> impl Strategy<Value = Session> {
    (
        text_strategy(),
        text_strategy(),
        proptest::collection::vec(threat_strategy(), 0..5),
        proptest::collection::vec(
            (
                text_strategy(),
                proptest::sample::select(ComponentKind::ALL),
            ),
            0..4,
        ),
        proptest::option::of(proptest::sample::select(Depth::ALL)),
        proptest::collection::btree_map("[a-z]{1,5}", text_strategy(), 0..3),
    )
        .prop_map(|(title, function, threats, components, depth, answers)| {
            let mut s = Session::new(title, "1.0.0", "2026-01-01");
            s.business.function = function;
            s.threats = threats;
            s.engagement.depth = depth;
            s.engagement.answers = answers;
            s.components = components
                .into_iter()
                .enumerate()
                .map(|(i, (name, kind))| Component {
                    otm: Default::default(),
                    id: format!("C{i}"),
                    name,
                    kind,
                    layers: vec![Layer::L1],
                    technology: String::new(),
                    description: String::new(),
                    zone: String::new(),
                })
                .collect();
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn round_trip_is_identical(session in session_strategy()) {
        let text = storage::to_text(&session, &Default::default());
        let loaded = parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&loaded.session, &session);
        prop_assert!(loaded.unknown.is_empty(), "unknown: {:?}", loaded.unknown.paths());
        prop_assert_eq!(storage::to_text(&loaded.session, &loaded.unknown), text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "(?s).{0,200}") {
        let _ = parse(&text);
    }
}

#[test]
fn unknown_keys_do_not_change_the_rest_of_the_text() {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .join("sessions/customer-support-mas.toml");
    let plain = storage::load(&path).unwrap();
    let canonical = storage::to_text(&plain.session, &plain.unknown);
    let with_extra = canonical.replacen(
        "schema_version = 1\n",
        "schema_version = 1\nexported_by = \"other-tool\"\n",
        1,
    );
    let loaded = parse(&with_extra).unwrap();
    assert_eq!(loaded.unknown.paths(), ["exported_by"]);
    // The table path (taken when unknown keys exist) writes every known key the same way.
    let rewritten = storage::to_text(&loaded.session, &loaded.unknown);
    assert_eq!(
        rewritten.replacen("exported_by = \"other-tool\"\n", "", 1),
        canonical
    );
}

#[test]
fn example_sessions_are_in_canonical_form() {
    for name in ["customer-support-mas.toml", "coding-assistant.toml"] {
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
            .join("sessions")
            .join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = parse(&text).unwrap();
        assert!(doc.unknown.is_empty(), "{name}: {:?}", doc.unknown.paths());
        assert_eq!(storage::to_text(&doc.session, &doc.unknown), text, "{name}");
    }
}

#[test]
fn closed_choice_lists_and_taxonomy_ids_are_checked() {
    let catalog = crate::catalog::Catalog::embedded();
    let mut s = sample();
    s.business.user_base = "external".into(); // ids and names both match, ignoring case
    s.business.agent_type = "Swarm".into();
    s.actors.push(ThreatActor {
        id: "TA1".into(),
        name: "x".into(),
        category: "alien".into(),
        relevance: "Relevant".into(),
        ..ThreatActor::default()
    });
    s.roadmap.push(RemediationItem {
        id: "REM1".into(),
        description: "x".into(),
        horizon: "Someday".into(),
        ..RemediationItem::default()
    });
    let messages: Vec<String> = validate::check(&s, &catalog)
        .into_iter()
        .map(|p| p.message)
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages[0].starts_with("unknown agent type `Swarm`; expected one of:"),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m == "unknown threat actor category `alien`")
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("unknown roadmap horizon `Someday`"))
    );
}
