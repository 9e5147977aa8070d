//! Reading and writing session files.
//!
//! Loading checks, in order: size, UTF-8, TOML syntax, `schema_version` (older
//! versions are migrated, newer ones refused), types. Every error names the file,
//! line and column. Keys the model does not know are kept and written back.
//!
//! Saving serializes in one fixed order (so an unchanged session rewrites the same
//! bytes) and replaces the file atomically: a temporary file in the same directory
//! (mode 0600, created exclusively), fsync, rename over the target, fsync of the
//! directory. A crash at any point leaves either the old or the new file. Reading and
//! writing go through the shared mechanisms of [`crate::files`].

use super::model::{SCHEMA_VERSION, Session};
use super::spans::Seg;
use super::unknown::Unknown;
use crate::located::Located;
use std::path::{Path, PathBuf};

pub use crate::limits::MAX_SESSION_BYTES;

/// A session as loaded from disk, with what is needed to save it back faithfully.
#[derive(Debug, Clone)]
pub struct Document {
    pub session: Session,
    /// Keys of the file this build does not know; written back on save.
    pub unknown: Unknown,
    /// Schema version the file had before migration.
    pub loaded_version: u32,
}

/// Why a file could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("{0}")]
    Invalid(Located),
    #[error("{path}: error: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl StorageError {
    fn io(path: &Path, source: std::io::Error) -> StorageError {
        StorageError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Reads and parses a session file.
pub fn load(path: &Path) -> Result<Document, StorageError> {
    let text = read_text(path)?;
    parse(path, &text).map_err(StorageError::Invalid)
}

/// Reads a session file (`-`: standard input) through the bounded reader: at most
/// [`MAX_SESSION_BYTES`], regular files only (see [`crate::files::read`]).
pub fn read_text(path: &Path) -> Result<String, StorageError> {
    let bytes =
        crate::files::read_bytes(path, MAX_SESSION_BYTES, "sessions").map_err(|e| match e {
            crate::files::ReadError::Io { source, .. } => StorageError::io(path, source),
            refused => StorageError::Invalid(Located::whole_file(path, refused.reason())),
        })?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes());
        StorageError::Invalid(Located::at_offset(
            path,
            &text,
            offset,
            "file is not valid UTF-8",
        ))
    })
}

/// Parses session text; `path` is used for error messages only.
pub fn parse(path: &Path, text: &str) -> Result<Document, Located> {
    crate::limits::check_toml_nesting(text).map_err(|m| Located::whole_file(path, m))?;
    if let Some(document) = parse_current(text) {
        return Ok(document);
    }
    let mut raw: toml::Table =
        toml::from_str(text).map_err(|e| Located::from_toml(path, text, &e))?;
    let version = schema_version_of(path, text, &raw)?;
    let migrated =
        super::migrate::upgrade(&mut raw, version).map_err(|m| Located::whole_file(path, m))?;
    // One parse: deserialize from the parsed table and note the keys the model ignores.
    // The table is consumed, not copied (a copy doubled the peak memory of a large file);
    // the rare file with unknown keys is parsed again to pick their values up. A migrated
    // table differs from the text, so that one is kept.
    let migrated_copy = migrated.then(|| raw.clone());
    let mut ignored = Vec::new();
    let typed = serde_ignored::deserialize(toml::Value::Table(raw), |p| ignored.push(segments(&p)));
    let session: Session = match typed {
        Ok(session) => session,
        // A bad file only: deserializing the text again gives the error its position.
        Err(err) if !migrated => {
            return Err(match toml::from_str::<Session>(text) {
                Err(located) => Located::from_toml(path, text, &located),
                Ok(_) => Located::whole_file(path, err.message().to_string()),
            });
        }
        Err(err) => return Err(Located::whole_file(path, err.message().to_string())),
    };
    let unknown = if ignored.is_empty() {
        Unknown::default()
    } else {
        let raw = match migrated_copy {
            Some(raw) => raw,
            None => toml::from_str(text).map_err(|e| Located::from_toml(path, text, &e))?,
        };
        Unknown::from_paths(&raw, &ignored)
    };
    Ok(Document {
        session,
        unknown,
        loaded_version: version,
    })
}

/// The common case, without an intermediate table (which tripled the peak memory of a
/// large file): a file at the current schema version that deserializes as it is. `None`
/// sends anything else (older or newer versions, errors) down the general path, which
/// migrates, and locates errors, as before. Unknown keys are picked up by a second parse,
/// only when there are some.
fn parse_current(text: &str) -> Option<Document> {
    // A large file in pieces, so that only one piece's parse is in memory at a time.
    if let Some(session) = super::pieces::parse(text) {
        return Some(Document {
            session,
            unknown: Unknown::default(),
            loaded_version: SCHEMA_VERSION,
        });
    }
    let deserializer = toml::de::Deserializer::parse(text).ok()?;
    let mut ignored = Vec::new();
    let session: Session =
        serde_ignored::deserialize(deserializer, |p| ignored.push(segments(&p))).ok()?;
    if session.schema_version != SCHEMA_VERSION {
        return None;
    }
    let unknown = if ignored.is_empty() {
        Unknown::default()
    } else {
        Unknown::from_paths(&toml::from_str(text).ok()?, &ignored)
    };
    Some(Document {
        session,
        unknown,
        loaded_version: SCHEMA_VERSION,
    })
}

/// A `serde_ignored` path as keys and indexes (option and newtype wrappers dropped).
fn segments(path: &serde_ignored::Path<'_>) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut at = path;
    loop {
        match at {
            serde_ignored::Path::Root => break,
            serde_ignored::Path::Seq { parent, index } => {
                out.push(Seg::Index(*index));
                at = parent;
            }
            serde_ignored::Path::Map { parent, key } => {
                out.push(Seg::Key(key.clone()));
                at = parent;
            }
            serde_ignored::Path::Some { parent }
            | serde_ignored::Path::NewtypeStruct { parent }
            | serde_ignored::Path::NewtypeVariant { parent } => at = parent,
        }
    }
    out.reverse();
    out
}

fn schema_version_of(path: &Path, text: &str, raw: &toml::Table) -> Result<u32, Located> {
    let here = |message: String| {
        let span = super::spans::span_of(text, &[Seg::from("schema_version")]);
        match span {
            Some(span) => Located::at_offset(path, text, span.start, message),
            None => Located::new(path, 1, 1, message),
        }
    };
    match raw.get("schema_version") {
        None => Err(here(format!(
            "missing `schema_version`; expected `schema_version = {SCHEMA_VERSION}` at the top of the session"
        ))),
        Some(toml::Value::Integer(v)) if *v > i64::from(SCHEMA_VERSION) => Err(here(format!(
            "schema_version {v} is newer than this maestro-tm understands (up to {SCHEMA_VERSION}); \
             upgrade maestro-tm to open this session"
        ))),
        Some(toml::Value::Integer(v)) if *v >= 1 => Ok(*v as u32),
        Some(other) => Err(here(format!(
            "invalid schema_version `{other}`; expected an integer from 1 to {SCHEMA_VERSION}"
        ))),
    }
}

/// The canonical text of a session: fixed key order, unknown keys restored.
pub fn to_text(session: &Session, unknown: &Unknown) -> String {
    let body = if unknown.is_empty() {
        toml::to_string(session).expect("a session always serializes")
    } else {
        // Through a table, so the unknown keys can be put back beside their records.
        let mut table =
            toml::Table::try_from(session).expect("a session always serializes to a TOML table");
        unknown.restore_into(&mut table);
        toml::to_string(&table).expect("a TOML table always serializes")
    };
    let mut text = String::with_capacity(HEADER.len() + body.len());
    text.push_str(HEADER);
    text.push_str(&body);
    text
}

/// First lines of every saved session, so a reader of the bare file knows what it is.
pub const HEADER: &str = "# maestro-tm threat-model session (OWASP MAESTRO). Edit with `maestro-tm FILE`\n\
# or by hand; check with `maestro-tm validate FILE`. Keys keep a fixed order.\n\n";

/// Saves a document atomically.
pub fn save(path: &Path, doc: &Document) -> Result<(), StorageError> {
    write_atomic(path, to_text(&doc.session, &doc.unknown).as_bytes())
}

/// Replaces `path` with `bytes` so that readers and crashes only ever see the old or
/// the new content; a symlinked session is written through to its target and the link
/// kept. The new file has mode 0600. See [`crate::files::write`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StorageError> {
    crate::files::write_atomic(path, bytes).map_err(|e| StorageError::io(path, e))
}

/// Temp files of saves of `path` killed before their rename, older than `min_age`, are
/// removed (see [`crate::files::write::remove_stale_temp_files`]). Returns how many.
pub fn remove_stale_temp_files(path: &Path, min_age: std::time::Duration) -> usize {
    crate::files::write::remove_stale_temp_files(path, min_age)
}

#[cfg(test)]
mod hardening_tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn stale_temp_files_of_the_session_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("s.toml");
        std::fs::write(&session, "x").unwrap();
        let stale = dir.path().join(".s.toml.Ab12Cd.tmp");
        let other = dir.path().join(".other.toml.Ab12Cd.tmp");
        let odd = dir.path().join(".s.toml.notours.tmp");
        for f in [&stale, &other, &odd] {
            std::fs::write(f, "partial").unwrap();
        }
        // A symlink with our pattern pointing at a file outside: neither is removed
        // through it (the link is not a regular file).
        let target = dir.path().join("precious");
        std::fs::write(&target, "keep").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&target, dir.path().join(".s.toml.Zz99Yy.tmp")).unwrap();
        // Younger than the minimum age: kept (a save may be in progress).
        assert_eq!(
            remove_stale_temp_files(&session, Duration::from_secs(60)),
            0
        );
        assert!(stale.exists());
        assert_eq!(remove_stale_temp_files(&session, Duration::ZERO), 1);
        assert!(!stale.exists());
        assert!(other.exists() && odd.exists() && session.exists());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
    }

    #[cfg(unix)]
    #[test]
    fn saved_session_is_private_and_a_planted_symlink_is_not_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("s.toml");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "untouched").unwrap();
        // Plant links at many names a save could pick; tempfile's O_EXCL refuses them
        // and picks another name.
        for i in 0..50 {
            let _ =
                std::os::unix::fs::symlink(&victim, dir.path().join(format!(".s.toml.{i:06}.tmp")));
        }
        write_atomic(&session, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
        assert_eq!(std::fs::read_to_string(&session).unwrap(), "new");
        let mode = std::fs::metadata(&session).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn unwritable_directory_gives_a_clear_error() {
        // Root ignores directory permissions, so force the failure with a regular file
        // where the directory should be: works for every user.
        let dir = tempfile::tempdir().unwrap();
        let not_a_dir = dir.path().join("file");
        std::fs::write(&not_a_dir, "").unwrap();
        let err = write_atomic(&not_a_dir.join("s.toml"), b"x").unwrap_err();
        let message = err.to_string();
        assert!(message.contains("s.toml"), "{message}");
        assert!(matches!(err, StorageError::Io { .. }));
    }
}
