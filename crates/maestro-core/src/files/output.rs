//! What `-o FILE` means, for every command that writes one (report, export, import,
//! and whatever comes next): one function, [`write_output`].
//!
//! - `-` is standard output.
//! - Writing onto an input of the command (the session a report is made from, the OTM
//!   file being imported) is always refused, `--force` or not: same file is decided by
//!   device and inode, so another path, a symlink or a hard link to it is caught too.
//! - An existing file is replaced only with `--force` (like `cp -n` without it); the
//!   check is atomic (the new file is linked into place, which fails if the name exists).
//! - The write is atomic ([`super::write`]): a crash leaves the old file or the new one.

use super::is_std;
use super::write::{real_target, replace_file_with};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why an output was not written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{} already exists; use --force to replace it", shown(.0))]
    Exists(PathBuf),
    #[error("{} is an input of this command ({}); refusing to overwrite it, choose another output file", shown(.output), shown(.input))]
    IsInput { output: PathBuf, input: PathBuf },
    #[error("cannot write {}: {source}", shown(.path))]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

fn shown(path: &Path) -> String {
    crate::text::sanitize_inline(&path.display().to_string()).into_owned()
}

/// Checks, before any work is done, that `path` may be written: not one of `inputs`,
/// and not existing unless `force`. [`write_output`] checks again as it writes.
pub fn check_output(path: &Path, force: bool, inputs: &[&Path]) -> Result<(), OutputError> {
    if is_std(path) {
        return Ok(());
    }
    for input in inputs.iter().filter(|i| !is_std(i)) {
        if same_file(path, input) {
            return Err(OutputError::IsInput {
                output: path.to_path_buf(),
                input: input.to_path_buf(),
            });
        }
    }
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(OutputError::Exists(path.to_path_buf()));
    }
    Ok(())
}

/// Writes `bytes` to `path` (`-`: standard output) under the rules above.
pub fn write_output(
    path: &Path,
    bytes: &[u8],
    force: bool,
    inputs: &[&Path],
) -> Result<(), OutputError> {
    write_output_with(path, force, inputs, |out| out.write_all(bytes))
}

/// [`write_output`] with the content written by `write` as it is produced (buffered),
/// so that a large output is never held whole in memory.
pub fn write_output_with(
    path: &Path,
    force: bool,
    inputs: &[&Path],
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), OutputError> {
    let io_err = |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    };
    if is_std(path) {
        let stdout = io::stdout();
        let mut out = io::BufWriter::with_capacity(64 * 1024, stdout.lock());
        return write(&mut out).and_then(|()| out.flush()).map_err(io_err);
    }
    check_output(path, force, inputs)?;
    let target = if force {
        real_target(path).map_err(io_err)?
    } else {
        path.to_path_buf()
    };
    replace_file_with(&target, write, force).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            OutputError::Exists(path.to_path_buf())
        } else {
            io_err(e)
        }
    })
}

/// Whether two paths name the same existing file (device and inode, links followed).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(a), Ok(b)) => {
            use std::os::unix::fs::MetadataExt;
            a.dev() == b.dev() && a.ino() == b.ino()
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_input_is_never_overwritten_and_existing_files_need_force() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("s.toml");
        std::fs::write(&session, "session").unwrap();
        let err = write_output(&session, b"report", true, &[&session]).unwrap_err();
        assert!(matches!(err, OutputError::IsInput { .. }), "{err}");
        // Through another spelling of the same file.
        let other = dir.path().join(".").join("s.toml");
        assert!(write_output(&other, b"report", true, &[&session]).is_err());
        assert_eq!(std::fs::read_to_string(&session).unwrap(), "session");

        let out = dir.path().join("report.md");
        write_output(&out, b"one", false, &[&session]).unwrap();
        let err = write_output(&out, b"two", false, &[&session]).unwrap_err();
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "one");
        write_output(&out, b"two", true, &[&session]).unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "two");
    }
}
