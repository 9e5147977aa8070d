//! Unsaved changes autosaved beside the session as `<session>.recovery`, written
//! atomically; offered on the next open; removed by a clean save.
//!
//! The recovery file sits beside the session's real file (symlinks resolved, so every
//! path to a session finds the same one). It is written by replacing it (a symlink at
//! its name is replaced, never followed) and offered only when it is this user's own
//! private regular file: one planted by someone else is reported, not offered.

use crate::session::Session;
use crate::session::storage::{self, Document};
use std::path::{Path, PathBuf};

pub fn recovery_path(session: &Path) -> PathBuf {
    let session = crate::session::lock::canonical_session(session);
    let mut name = session.file_name().unwrap_or_default().to_os_string();
    name.push(".recovery");
    session.with_file_name(name)
}

/// Writes the unsaved state of a document to its recovery file.
pub fn write(session_path: &Path, doc: &Document) -> Result<(), storage::StorageError> {
    let text = storage::to_text(&doc.session, &doc.unknown);
    let path = recovery_path(session_path);
    crate::files::write::replace_file(&path, text.as_bytes(), true)
        .map_err(|source| storage::StorageError::Io { path, source })
}

/// The recovered session, when a recovery file exists, parses and differs from `current`.
pub fn read(session_path: &Path, current: &Session) -> Option<Session> {
    read_checked(session_path, current).ok().flatten()
}

/// Like [`read`], but a recovery file that is not this user's own private regular file
/// (a symlink, another owner, group- or world-writable, hard-linked) or is too large is
/// an error that says why: it is not offered, and the caller reports it.
pub fn read_checked(session_path: &Path, current: &Session) -> Result<Option<Session>, String> {
    use std::io::Read;
    let path = recovery_path(session_path);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    let mut file = crate::files::create::open_own(&path, false).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    (&mut file)
        .take(storage::MAX_SESSION_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if bytes.len() as u64 > storage::MAX_SESSION_BYTES {
        return Err(format!(
            "{} refused: larger than the {} limit for sessions",
            path.display(),
            crate::files::human_bytes(storage::MAX_SESSION_BYTES)
        ));
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return Ok(None);
    };
    let Ok(doc) = storage::parse(&path, &text) else {
        return Ok(None);
    };
    Ok((doc.session != *current).then_some(doc.session))
}

/// Removes the recovery file, when it is this user's own (a planted one is left alone).
pub fn remove(session_path: &Path) {
    let path = recovery_path(session_path);
    if std::fs::symlink_metadata(&path)
        .is_ok_and(|m| m.file_type().is_symlink() || crate::files::create::check_own(&m).is_ok())
    {
        let _ = std::fs::remove_file(path);
    }
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

    #[cfg(unix)]
    #[test]
    fn a_planted_recovery_file_is_reported_not_offered() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        let saved = Session::new("A", "1", "2026-01-01");
        let mut planted = saved.clone();
        planted.business.application = "planted".into();
        let doc = Document {
            session: planted,
            unknown: Default::default(),
            loaded_version: 1,
        };
        write(&path, &doc).unwrap();
        let recovery = recovery_path(&path);
        // World-writable: anyone could have put it there.
        std::fs::set_permissions(&recovery, std::fs::Permissions::from_mode(0o666)).unwrap();
        let err = read_checked(&path, &saved).unwrap_err();
        assert!(err.contains("others can write"), "{err}");
        assert_eq!(read(&path, &saved), None);
        // A symlink to a session elsewhere: not followed.
        let elsewhere = dir.path().join("elsewhere.toml");
        std::fs::rename(&recovery, &elsewhere).unwrap();
        std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &recovery).unwrap();
        let err = read_checked(&path, &saved).unwrap_err();
        assert!(err.contains("symbolic link"), "{err}");
        // Writing replaces the link, and the file it pointed to is untouched.
        let before = std::fs::read_to_string(&elsewhere).unwrap();
        write(&path, &doc).unwrap();
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), before);
        assert!(
            std::fs::symlink_metadata(&recovery)
                .unwrap()
                .file_type()
                .is_file()
        );
    }
}
