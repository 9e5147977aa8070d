//! The one bounded reader: every file maestro-tm reads (sessions, OTM, catalog
//! overrides, config, themes, recovery and lock files) comes through [`read_bytes`].
//!
//! - At most `limit + 1` bytes are taken from the stream, whatever the metadata says
//!   (`/proc` files and devices report a size of 0; a file can grow while read).
//! - Only regular files are read by name. A FIFO would block (it is opened
//!   non-blocking, so even the open cannot hang), a device such as `/dev/zero` never
//!   ends, a directory is a mistake: all are refused with what they are. `/dev/null`
//!   is accepted as the empty file it is (`diff /dev/null new.toml` for added files).
//! - The path `-` reads standard input, with the same limit: the one way to feed a pipe.
//! - Errors name the file and the limit that was hit.

use super::{human_bytes, is_std};
use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// The operating system refused (missing file, permissions, …).
    Io { path: PathBuf, source: io::Error },
    /// More than `limit` bytes: nothing beyond `limit + 1` was read.
    TooLarge {
        path: PathBuf,
        limit: u64,
        what: String,
    },
    /// A FIFO, device, socket or directory named as a file.
    NotRegular { path: PathBuf, kind: &'static str },
}

impl ReadError {
    pub fn path(&self) -> &Path {
        match self {
            ReadError::Io { path, .. }
            | ReadError::TooLarge { path, .. }
            | ReadError::NotRegular { path, .. } => path,
        }
    }

    /// The message without the file name (for errors that name the file themselves).
    pub fn reason(&self) -> String {
        match self {
            ReadError::Io { source, .. } => format!("cannot read: {source}"),
            ReadError::TooLarge { limit, what, .. } => format!(
                "refused: larger than the {} limit for {what}",
                human_bytes(*limit)
            ),
            ReadError::NotRegular { kind, .. } => format!(
                "refused: it is {kind}, not a regular file \
                 (to read standard input, name it `-`)"
            ),
        }
    }

    /// The missing file case, for callers that treat absence as "nothing there".
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io { source, .. } if source.kind() == io::ErrorKind::NotFound)
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path().display().to_string();
        write!(
            f,
            "{}: {}",
            crate::text::sanitize_inline(&path),
            self.reason()
        )
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<ReadError> for io::Error {
    fn from(e: ReadError) -> io::Error {
        let kind = match &e {
            ReadError::Io { source, .. } => source.kind(),
            ReadError::TooLarge { .. } => io::ErrorKind::FileTooLarge,
            ReadError::NotRegular { .. } => io::ErrorKind::InvalidInput,
        };
        io::Error::new(kind, e.to_string())
    }
}

/// Reads at most `limit` bytes of `path` (`-`: standard input); `what` names the kind
/// of file in the error (`sessions`, `OTM documents`, …).
pub fn read_bytes(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, ReadError> {
    let io_err = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    if is_std(path) {
        return take(io::stdin().lock(), path, limit, what, 0);
    }
    let file = open_nonblocking(path).map_err(io_err)?;
    let meta = file.metadata().map_err(io_err)?;
    if !meta.file_type().is_file() {
        if is_dev_null(&meta) {
            return Ok(Vec::new());
        }
        return Err(ReadError::NotRegular {
            path: path.to_path_buf(),
            kind: kind_of(&meta),
        });
    }
    // The size is a hint for the buffer only (the limit is enforced on what is read):
    // a buffer grown by doubling holds up to twice the file, and both copies while it
    // grows.
    let hint = meta.len().min(limit) as usize;
    take(file, path, limit, what, hint)
}

/// [`read_bytes`] for text: the bytes must be UTF-8. The error of invalid UTF-8 is the
/// byte offset where it stops being valid, for the caller to locate.
pub fn read_text(
    path: &Path,
    limit: u64,
    what: &str,
) -> Result<Result<String, (Vec<u8>, usize)>, ReadError> {
    let bytes = read_bytes(path, limit, what)?;
    Ok(String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        (e.into_bytes(), offset)
    }))
}

fn take(
    reader: impl Read,
    path: &Path,
    limit: u64,
    what: &str,
    size_hint: usize,
) -> Result<Vec<u8>, ReadError> {
    // One byte more than the file: `read_to_end` sees the end without growing the buffer.
    let mut bytes = Vec::with_capacity(size_hint.saturating_add(1));
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            limit,
            what: what.to_string(),
        });
    }
    Ok(bytes)
}

fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A FIFO without a writer would block the open itself; regular files ignore it.
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

fn is_dev_null(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{FileTypeExt, MetadataExt};
        meta.file_type().is_char_device()
            && std::fs::metadata("/dev/null").is_ok_and(|null| null.rdev() == meta.rdev())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn reads_no_more_than_the_limit_from_an_endless_device() {
        let err = read_bytes(Path::new("/dev/zero"), 1024, "sessions").unwrap_err();
        assert!(err.to_string().contains("character device"), "{err}");
        assert!(
            read_bytes(Path::new("/dev/null"), 1024, "sessions")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn limit_is_counted_on_the_stream_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, vec![b'x'; 1025]).unwrap();
        let err = read_bytes(&path, 1024, "sessions").unwrap_err();
        assert_eq!(
            err.reason(),
            "refused: larger than the 1 KiB limit for sessions"
        );
        assert_eq!(read_bytes(&path, 1025, "sessions").unwrap().len(), 1025);
        // /proc files report size 0 but have content: the stream decides, not metadata.
        let err = take(&[b'y'; 2000][..], &path, 1000, "x", 0).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { limit: 1000, .. }));
    }

    #[test]
    fn fifo_and_directory_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read_bytes(&fifo, 1024, "sessions").unwrap_err();
        assert!(err.to_string().contains("FIFO"), "{err}");
        let err = read_bytes(dir.path(), 1024, "sessions").unwrap_err();
        assert!(err.to_string().contains("directory"), "{err}");
    }
}
