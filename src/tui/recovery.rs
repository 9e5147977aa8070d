//! Unsaved changes autosaved beside the session as `<session>.recovery`, written
//! atomically; offered on the next open; removed by a clean save.

use crate::session::Session;
use crate::session::storage::{self, Document};
use std::path::{Path, PathBuf};

pub fn recovery_path(session: &Path) -> PathBuf {
    let mut name = session.file_name().unwrap_or_default().to_os_string();
    name.push(".recovery");
    session.with_file_name(name)
}

/// Writes the unsaved state of a document to its recovery file.
pub fn write(session_path: &Path, doc: &Document) -> Result<(), storage::StorageError> {
    let text = storage::to_text(&doc.session, &doc.unknown);
    storage::write_atomic(&recovery_path(session_path), text.as_bytes())
}

/// The recovered session, when a recovery file exists, parses and differs from `current`.
pub fn read(session_path: &Path, current: &Session) -> Option<Session> {
    let path = recovery_path(session_path);
    let text = std::fs::read_to_string(&path).ok()?;
    let doc = storage::parse(&path, &text).ok()?;
    (doc.session != *current).then_some(doc.session)
}

pub fn remove(session_path: &Path) {
    let _ = std::fs::remove_file(recovery_path(session_path));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_only_when_different() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        let saved = Session::new("A", "1", "2026-01-01");
        let mut edited = saved.clone();
        edited.business.application = "edited".into();
        let doc = Document {
            session: edited.clone(),
            unknown: Default::default(),
            loaded_version: 1,
        };
        write(&path, &doc).unwrap();
        assert_eq!(read(&path, &saved), Some(edited.clone()));
        assert_eq!(read(&path, &edited), None);
        remove(&path);
        assert!(!recovery_path(&path).exists());
    }
}
