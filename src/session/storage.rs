//! Reading and writing session files.
//!
//! Loading checks, in order: size, UTF-8, TOML syntax, `schema_version` (older
//! versions are migrated, newer ones refused), types. Every error names the file,
//! line and column. Keys the model does not know are kept and written back.
//!
//! Saving serializes in one fixed order (so an unchanged session rewrites the same
//! bytes) and replaces the file atomically: a temporary file in the same directory
//! (mode 0600, created exclusively), fsync, rename over the target, fsync of the
//! directory. A crash at any point leaves either the old or the new file.

use super::model::{SCHEMA_VERSION, Session};
use super::spans::Seg;
use super::unknown::Unknown;
use crate::located::Located;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Sessions larger than this are refused before parsing (a session of 10,000
/// threats is a few megabytes).
pub const MAX_SESSION_BYTES: u64 = 64 * 1024 * 1024;

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

/// Reads a text file no larger than [`MAX_SESSION_BYTES`].
pub fn read_text(path: &Path) -> Result<String, StorageError> {
    let meta = std::fs::metadata(path).map_err(|e| StorageError::io(path, e))?;
    if meta.len() > MAX_SESSION_BYTES {
        return Err(StorageError::Invalid(Located::whole_file(
            path,
            format!(
                "file is {} bytes; sessions larger than {} MiB are refused",
                meta.len(),
                MAX_SESSION_BYTES / 1024 / 1024
            ),
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| StorageError::io(path, e))?;
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
    let mut raw: toml::Table =
        toml::from_str(text).map_err(|e| Located::from_toml(path, text, &e))?;
    let version = schema_version_of(path, text, &raw)?;
    let migrated =
        super::migrate::upgrade(&mut raw, version).map_err(|m| Located::whole_file(path, m))?;
    let session: Session = if migrated {
        Session::deserialize_value(&raw).map_err(|m| Located::whole_file(path, m))?
    } else {
        // Deserializing from the text keeps positions in type errors.
        toml::from_str(text).map_err(|e| Located::from_toml(path, text, &e))?
    };
    let known = to_table(&session);
    let unknown = Unknown::between(&raw, &known);
    Ok(Document {
        session,
        unknown,
        loaded_version: version,
    })
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

impl Session {
    fn deserialize_value(table: &toml::Table) -> Result<Session, String> {
        use serde::Deserialize;
        Session::deserialize(toml::Value::Table(table.clone())).map_err(|e| e.message().to_string())
    }
}

fn to_table(session: &Session) -> toml::Table {
    let mut table =
        toml::Table::try_from(session).expect("a session always serializes to a TOML table");
    // Sections with nothing in them would only add empty `[headers]` to the file.
    table.retain(|_, value| !matches!(value, toml::Value::Table(t) if t.is_empty()));
    table
}

/// The canonical text of a session: fixed key order, unknown keys restored.
pub fn to_text(session: &Session, unknown: &Unknown) -> String {
    let mut table = to_table(session);
    unknown.restore_into(&mut table);
    let body = toml::to_string(&table).expect("a TOML table always serializes");
    format!("{HEADER}{body}")
}

/// First lines of every saved session, so a reader of the bare file knows what it is.
pub const HEADER: &str = "# maestro-tm threat-model session (OWASP MAESTRO). Edit with `maestro-tm FILE`\n\
# or by hand; check with `maestro-tm validate FILE`. Keys keep a fixed order.\n\n";

/// Saves a document atomically.
pub fn save(path: &Path, doc: &Document) -> Result<(), StorageError> {
    write_atomic(path, to_text(&doc.session, &doc.unknown).as_bytes())
}

/// Replaces `path` with `bytes` so that readers and crashes only ever see the old or
/// the new content. The new file has mode 0600.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StorageError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // tempfile opens with O_CREAT|O_EXCL and a random name: a planted symlink is never followed.
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| StorageError::io(path, e))?;
    tmp.write_all(bytes)
        .map_err(|e| StorageError::io(path, e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| StorageError::io(path, e))?;
    tmp.persist(path)
        .map_err(|e| StorageError::io(path, e.error))?;
    sync_dir(&dir).map_err(|e| StorageError::io(path, e))?;
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}
