//! Unsaved changes autosaved beside the session as `<session>.recovery`, written
//! atomically; offered on the next open; removed by a clean save.
//!
//! The recovery file sits beside the session's real file (symlinks resolved, so every
//! path to a session finds the same one). It is written by replacing it (a symlink at
//! its name is replaced, never followed) and offered only when it is this user's own
//! private regular file: one planted by someone else is reported, not offered.
//!
//! When that file cannot be written (full disk, read-only folder), the edits go to a
//! fallback file in the user's state directory instead ([`fallback_path`]), created
//! the same safe way; the next open of the session offers whichever of the two exists.

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

/// Where an autosave went.
#[derive(Debug, Clone, PartialEq)]
pub enum Autosaved {
    /// The recovery file beside the session.
    Beside,
    /// The fallback file in the state directory: the one beside failed for `why`.
    Fallback { path: PathBuf, why: String },
}

/// Writes the unsaved state to the recovery file beside the session, else to the
/// fallback file; the error says why both failed.
pub fn write_or_fallback(session_path: &Path, doc: &Document) -> Result<Autosaved, String> {
    let why = match write(session_path, doc) {
        Ok(()) => {
            // A fallback from an earlier failure is older than what is beside now.
            remove_fallback(session_path);
            return Ok(Autosaved::Beside);
        }
        Err(e) => io_reason(&e),
    };
    let Some(path) = fallback_path(session_path) else {
        return Err(format!("{why}; no state directory for a fallback"));
    };
    let text = storage::to_text(&doc.session, &doc.unknown);
    let written = path
        .parent()
        .map_or(Ok(()), create_private_dir)
        .and_then(|()| crate::files::write::replace_file(&path, text.as_bytes(), true));
    match written {
        Ok(()) => Ok(Autosaved::Fallback { path, why }),
        Err(e) => Err(format!("{why}; fallback {}: {e}", path.display())),
    }
}

/// The reason of a failed write, without the path (the status line names the file).
fn io_reason(e: &storage::StorageError) -> String {
    match e {
        storage::StorageError::Io { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

/// The state directory's folder for fallback files: `rwx------`, created if missing.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// The fallback file of a session in the user's state directory
/// (`$XDG_STATE_HOME/maestro-tm/recovery/` on Linux).
pub fn fallback_path(session: &Path) -> Option<PathBuf> {
    let dirs = super::config::project_dirs()?;
    let state = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(fallback_in(&state.join("recovery"), session))
}

/// `<name>-<hash of the canonical path>.recovery`: readable, and one file per session
/// even when two sessions share a name.
fn fallback_in(dir: &Path, session: &Path) -> PathBuf {
    let session = crate::session::lock::canonical_session(session);
    let name = session
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // FNV-1a: stable across builds and platforms (std's hasher is not).
    let hash = session
        .as_os_str()
        .as_encoded_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        });
    dir.join(format!("{name}-{hash:016x}.recovery"))
}

/// The recovered session, when a recovery file exists, parses and differs from `current`.
pub fn read(session_path: &Path, current: &Session) -> Option<Session> {
    read_checked(session_path, current).ok().flatten()
}

/// Like [`read`], but a recovery file that is not this user's own private regular file
/// (a symlink, another owner, group- or world-writable, hard-linked) or is too large is
/// an error that says why: it is not offered, and the caller reports it.
pub fn read_checked(session_path: &Path, current: &Session) -> Result<Option<Session>, String> {
    Ok(read_found(session_path, current)?.map(|(session, _)| session))
}

/// [`read_checked`], also saying where the edits were found: beside the session, else
/// in the fallback file of the state directory (`Some(path)`).
pub fn read_found(
    session_path: &Path,
    current: &Session,
) -> Result<Option<(Session, Option<PathBuf>)>, String> {
    if let Some(session) = read_file(&recovery_path(session_path), current)? {
        return Ok(Some((session, None)));
    }
    let Some(fallback) = fallback_path(session_path) else {
        return Ok(None);
    };
    Ok(read_file(&fallback, current)?.map(|session| (session, Some(fallback))))
}

fn read_file(path: &Path, current: &Session) -> Result<Option<Session>, String> {
    use std::io::Read;
    let path = path.to_path_buf();
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

/// Removes the recovery file and the fallback file, when they are this user's own (a
/// planted one is left alone).
pub fn remove(session_path: &Path) {
    remove_own(&recovery_path(session_path));
    remove_fallback(session_path);
}

fn remove_fallback(session_path: &Path) {
    if let Some(path) = fallback_path(session_path) {
        remove_own(&path);
    }
}

fn remove_own(path: &Path) {
    if std::fs::symlink_metadata(path)
        .is_ok_and(|m| m.file_type().is_symlink() || crate::files::create::check_own(&m).is_ok())
    {
        let _ = std::fs::remove_file(path);
    }
}

/// The recovery dialog for `recovered`: the session and, computed once here, what
/// recovering it restores over the open session, one line each (`+ T-9  name`).
pub fn offer(state: &crate::tui::app::AppState, recovered: Session) -> crate::tui::app::Dialog {
    let mut restores: Vec<String> = Vec::new();
    if let Some(doc) = &state.doc {
        let diff = crate::diff::diff(doc.session(), &recovered, &state.catalog);
        restores = crate::diff::to_text(&diff)
            .lines()
            .map(str::to_string)
            .collect();
        // Sections (business context, session info, …) changed as a whole.
        if !diff.sections.is_empty() {
            restores.push(format!("Sections: {}", diff.sections.join(", ")));
        }
    }
    if restores.is_empty() {
        restores.push("  nothing that differs from the file".into());
    }
    crate::tui::app::Dialog::Recovery(Box::new(crate::tui::app::RecoveryOffer {
        session: recovered,
        restores,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn fallback_names_are_per_session_and_follow_links() {
        let dir = tempfile::tempdir().unwrap();
        let state = Path::new("/state/recovery");
        for sub in ["a", "b"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
            std::fs::write(dir.path().join(sub).join("m.toml"), "").unwrap();
        }
        let a = fallback_in(state, &dir.path().join("a/m.toml"));
        let b = fallback_in(state, &dir.path().join("b/m.toml"));
        assert_ne!(a, b, "two sessions of one name have two fallback files");
        assert!(a.starts_with(state));
        let name = a.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("m.toml-") && name.ends_with(".recovery"),
            "{name}"
        );
        // The same session through a symlink: the same file.
        std::os::unix::fs::symlink(dir.path().join("a/m.toml"), dir.path().join("link.toml"))
            .unwrap();
        assert_eq!(fallback_in(state, &dir.path().join("link.toml")), a);
        assert_eq!(fallback_in(state, &dir.path().join("a/m.toml")), a);
    }

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
