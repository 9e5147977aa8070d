//! Example sessions embedded in the binary (every `sessions/*.toml`, see `build.rs`),
//! opened read-only from the start screen. The first one is preselected.

/// (file name, TOML text), fullest example first.
pub const EXAMPLES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// The session title of an example, for the start screen (the file name if unreadable).
pub fn title(index: usize) -> String {
    let Some((file, text)) = EXAMPLES.get(index) else {
        return String::new();
    };
    toml::from_str::<toml::Table>(text)
        .ok()
        .and_then(|t| t.get("session")?.get("title")?.as_str().map(str::to_string))
        .unwrap_or_else(|| (*file).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use std::path::Path;

    #[test]
    fn every_example_parses_validates_and_has_a_title() {
        assert!(!EXAMPLES.is_empty());
        let catalog = Catalog::embedded();
        for (i, (file, text)) in EXAMPLES.iter().enumerate() {
            let doc = crate::session::storage::parse(Path::new(file), text)
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            let problems = crate::session::validate::check(&doc.session, &catalog);
            assert!(problems.is_empty(), "{file}: {problems:?}");
            assert!(!title(i).is_empty());
        }
    }
}
