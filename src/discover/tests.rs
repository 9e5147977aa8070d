use super::*;

#[test]
fn slug_joins_words_and_splits_camel_case() {
    assert_eq!(slug("Senior Researcher"), "senior-researcher");
    assert_eq!(slug("researchAgent"), "research-agent");
    assert_eq!(slug("research_agent"), "research-agent");
    assert_eq!(slug("GPT-4o"), "gpt-4o");
}

#[test]
fn committed_schema_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA_PATH);
    let generated = schema();
    if std::env::var_os("MAESTRO_TM_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{SCHEMA_PATH} is stale: run `MAESTRO_TM_BLESS=1 cargo test --lib discover::tests`"
    );
}
