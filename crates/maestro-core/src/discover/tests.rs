use super::*;

#[test]
fn slug_joins_words_and_splits_camel_case() {
    assert_eq!(slug("Senior Researcher"), "senior-researcher");
    assert_eq!(slug("researchAgent"), "research-agent");
    assert_eq!(slug("research_agent"), "research-agent");
    assert_eq!(slug("GPT-4o"), "gpt-4o");
}
