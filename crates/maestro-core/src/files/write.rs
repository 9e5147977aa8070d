//! Atomic replacement of a file: readers and crashes only ever see the old or the new
//! content.
//!
//! The new content goes to one temporary file beside the target, `.NAME.tmp~`, created
//! with `O_CREAT|O_EXCL|O_NOFOLLOW` (mode 0600), fsynced and renamed over the target;
//! then the directory is fsynced. The name is fixed, so there is never more than one per
//! target: a stale one left by a killed save is this user's own private file and is
//! removed by the next write (or the next open, [`remove_stale_temp_files`]); anything
//! else at that name (a symlink, another user's file) stops the write, untouched. A
//! failed write removes its temporary file.
//!
//! Only one process writes a session (it holds the session's lock); two commands writing
//! the same output file at the same instant are not serialized.

use super::create::{check_own, create_new_private};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The file a write to `path` really replaces: `path` itself, or, when `path` is a
/// symbolic link, the file it points to (fully resolved), so that the link is kept and
/// the rename happens in the target's directory.
pub fn real_target(path: &Path) -> io::Result<PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(path).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "{} is a symbolic link to a missing file ({e}); not written",
                    path.display()
                ),
            )
        }),
        _ => Ok(path.to_path_buf()),
    }
}

/// Replaces `path` (through a symlink: its target, see [`real_target`]) with `bytes`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace_file(&real_target(path)?, bytes, true)
}

/// [`write_atomic`] for a file others read too (`.gitattributes`, a config file in a
/// repository): the new file keeps the permissions of the one it replaces, or gets
/// `rw-r--r--` when there was none, instead of the private mode of sessions.
pub fn write_atomic_shared(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = real_target(path)?;
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::metadata(&target) {
            Ok(meta) => meta.permissions().mode() & 0o7777,
            Err(e) if e.kind() == io::ErrorKind::NotFound => 0o644,
            Err(e) => return Err(e),
        }
    };
    #[cfg(not(unix))]
    let mode = 0;
    write_with_mode(&target, |file| file.write_all(bytes), true, Some(mode))
}

/// The temporary file of writes to `target`.
pub fn temp_path(target: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(target.file_name().unwrap_or_default());
    name.push(".tmp~");
    target.with_file_name(name)
}

/// Replaces `target` itself (a symlink there is replaced, not followed) with `bytes`.
/// With `clobber` false an existing `target` is kept and the write fails with
/// `AlreadyExists` (checked atomically by the link that puts the file in place).
pub fn replace_file(target: &Path, bytes: &[u8], clobber: bool) -> io::Result<()> {
    write_with_mode(target, |file| file.write_all(bytes), clobber, None)
}

/// [`replace_file`] with the content written by `write` as it is produced (a report of
/// 50,000 threats is streamed, never held whole); a failed `write` leaves the target as
/// it was.
pub fn replace_file_with(
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    clobber: bool,
) -> io::Result<()> {
    write_with_mode(
        target,
        |file| {
            let mut buffered = io::BufWriter::with_capacity(64 * 1024, file);
            write(&mut buffered)?;
            buffered.flush()
        },
        clobber,
        None,
    )
}

/// [`replace_file`]; `mode` (Unix permission bits) replaces the private 0600 of the
/// temporary file before it is put in place.
fn write_with_mode(
    target: &Path,
    write: impl FnOnce(&mut std::fs::File) -> io::Result<()>,
    clobber: bool,
    mode: Option<u32>,
) -> io::Result<()> {
    let tmp = temp_path(target);
    let mut file = match create_new_private(&tmp) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && remove_if_own(&tmp)? => {
            create_new_private(&tmp)?
        }
        other => other?,
    };
    let written = (|| {
        write(&mut file)?;
        #[cfg(unix)]
        if let Some(mode) = mode {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        #[cfg(not(unix))]
        let _ = mode;
        file.sync_all()?;
        drop(file);
        if clobber {
            std::fs::rename(&tmp, target)
        } else {
            // A hard link fails when the name exists: no window between check and write.
            std::fs::hard_link(&tmp, target)
        }
    })();
    if clobber && written.is_ok() {
        return sync_dir(target);
    }
    let _ = std::fs::remove_file(&tmp);
    written?;
    sync_dir(target)
}

/// Removes a stale temporary file when it is this user's own; `false` when something
/// else is there (reported by the create that follows).
fn remove_if_own(tmp: &Path) -> io::Result<bool> {
    match std::fs::symlink_metadata(tmp) {
        Ok(meta) if check_own(&meta).is_ok() => {
            std::fs::remove_file(tmp)?;
            Ok(true)
        }
        Ok(meta) => {
            let why = if meta.file_type().is_symlink() {
                "it is a symbolic link".to_string()
            } else {
                check_own(&meta).unwrap_err()
            };
            Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "temporary file {} is in the way and refused: {why}; left untouched, \
                     remove it if you did not create it",
                    tmp.display()
                ),
            ))
        }
        Err(_) => Ok(true),
    }
}

fn sync_dir(target: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = target;
        Ok(())
    }
}

/// Removes temporary files that saves of `path` left behind when they were killed:
/// the fixed `.NAME.tmp~` (when it is this user's own regular file) and, from older
/// versions, `.NAME.XXXXXX.tmp`, in both cases only when older than `min_age` (a save
/// may be in progress in another process). Symlinks are never followed or removed.
/// Returns how many were removed.
pub fn remove_stale_temp_files(path: &Path, min_age: std::time::Duration) -> usize {
    let Ok(target) = real_target(path) else {
        return 0;
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return 0;
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let legacy = rest
            .strip_suffix(".tmp")
            .is_some_and(|m| m.len() == 6 && m.chars().all(|c| c.is_ascii_alphanumeric()));
        if rest != "tmp~" && !legacy {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        let old_enough = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age >= min_age);
        if check_own(&meta).is_ok() && old_enough && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_stale_temp_file_is_reused_and_a_failed_write_leaves_none() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("s.toml");
        // Left by a killed save: this user's private file.
        drop(create_new_private(&temp_path(&target)).unwrap());
        write_atomic(&target, b"one").unwrap();
        write_atomic(&target, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "only the session remains");
        // Not clobbering an existing file: refused, and no temporary file is left.
        let err = replace_file(&target, b"three", false).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert!(!temp_path(&target).exists());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "two");
    }

    #[test]
    fn a_symlink_at_the_temp_name_stops_the_write_and_its_target_is_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("s.toml");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        symlink(&victim, temp_path(&target)).unwrap();
        let err = write_atomic(&target, b"x").unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        assert!(!target.exists());
    }

    #[test]
    fn writing_through_a_symlink_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real_dir = dir.path().join("real");
        std::fs::create_dir(&real_dir).unwrap();
        let real = real_dir.join("model.toml");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.toml");
        symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        // The dangling case is refused rather than creating a file where the link points.
        let dangling = dir.path().join("dangling.toml");
        symlink(dir.path().join("gone/x.toml"), &dangling).unwrap();
        assert!(write_atomic(&dangling, b"x").is_err());
    }
}
