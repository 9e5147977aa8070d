//! The read-only "From OTM" field of records imported from another tool: what the
//! session keeps of the OTM element beyond its own model (`session::Extension`), one
//! `key = JSON` line each, so the analyst sees it where the record is edited.

use crate::session::Extension;
use crate::tui::widgets::form::{FieldKind, FieldSpec, Value};

/// Key and label of the field.
pub const KEY: &str = "otm";
const LABEL: &str = "From OTM";

/// Said when the analyst tries to edit it.
pub const READ_ONLY: &str =
    "From OTM is read-only: kept from the import and written back by `export otm`";

/// The field, for the end of a kind's field list.
pub fn field() -> FieldSpec {
    FieldSpec::new(KEY, LABEL, FieldKind::Kept)
        .hint("Read-only: the OTM file's own data, written back unchanged on export")
}

/// The field's value: one `key = JSON` line per kept key (empty when none).
pub fn value(ext: &Extension) -> Value {
    Value::Text(
        ext.kept
            .iter()
            .map(|(key, json)| format!("{key} = {json}"))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Leaves out a record's kept-data field when it has nothing to show (records the
/// analyst made, or elements that matched the session's model exactly).
pub fn drop_empty(specs: Vec<FieldSpec>, values: Vec<Value>) -> (Vec<FieldSpec>, Vec<Value>) {
    specs
        .into_iter()
        .zip(values)
        .filter(|(spec, value)| spec.kind != FieldKind::Kept || !value.is_empty())
        .unzip()
}

#[cfg(test)]
mod tests {
    use crate::catalog::Catalog;
    use crate::interchange::otm;
    use crate::session::storage;
    use crate::tui::action::{Action, Command};
    use crate::tui::app::*;
    use crate::tui::keymap::Keymap;
    use crate::tui::theme::Theme;
    use crate::tui::update::update;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use std::path::PathBuf;

    /// A session imported from an OTM file of the round-trip corpus, opened in the TUI.
    fn imported() -> AppState {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/otm/flows-threats-vocab.json"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let catalog = Catalog::embedded();
        let defaults = otm::ImportDefaults {
            catalog_version: catalog.meta.version.clone(),
            today: "2026-01-01".into(),
        };
        let session = otm::read(&text, None, &defaults).unwrap();
        let toml = storage::to_text(&session, &Default::default());
        let mut s = AppState::new(catalog, Keymap::default(), Theme::default(), Vec::new());
        let shown = PathBuf::from("imported.toml");
        let opened = Opened {
            path: shown.clone(),
            document: storage::parse(&shown, &toml).unwrap(),
            read_only: None,
            recovery: None,
            resume: None,
            stale_lock: None,
        };
        update(&mut s, Action::Opened(Box::new(opened)));
        s
    }

    #[test]
    fn kept_otm_data_shows_in_the_form_and_cannot_be_edited() {
        let mut s = imported();
        update(&mut s, Action::Command(Command::Phase(2)));
        super::super::open_form(&mut s, "flow", "chat", Some(super::KEY));
        let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
        t.draw(|f| crate::tui::views::render(f, &s)).unwrap();
        let screen = t.backend().to_string();
        assert!(screen.contains("From OTM"), "{screen}");
        assert!(screen.contains(r#"tags = ["websocket"]"#), "{screen}");
        let before = s.doc.as_ref().unwrap().session().clone();
        update(&mut s, Action::Command(Command::Open));
        assert_eq!(s.message.as_deref(), Some(super::READ_ONLY));
        assert_eq!(s.doc.as_ref().unwrap().session(), &before);
        // A zone the file described exactly as the session models it has no such field.
        let (specs, _) = {
            super::super::open_form(&mut s, "zone", "public", None);
            let form = s.form.clone().unwrap();
            super::super::specs_and_values(&s, &form)
        };
        assert!(specs.iter().all(|f| f.key != super::KEY));
    }
}
