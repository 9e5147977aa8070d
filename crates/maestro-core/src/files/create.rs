//! Creating and reopening the files maestro-tm keeps beside a session (lock, recovery,
//! temporary files) without ever following a planted symlink or trusting a file someone
//! else controls.
//!
//! A new file is created with `O_CREAT|O_EXCL|O_NOFOLLOW` and mode 0600, so a symlink
//! or any existing file at that name makes the creation fail instead of writing through
//! it. An existing file is reopened with `O_NOFOLLOW` and accepted only when
//! [`check_own`] passes on the opened descriptor (not on the name, which could be
//! swapped in between).

use std::fs::{File, Metadata, OpenOptions};
use std::io;
use std::path::Path;

/// Creates `path` as a new file of mode 0600: fails when anything (a file, a symlink,
/// a dangling symlink) is already there.
pub fn create_new_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create_new(true);
    no_follow(&mut options);
    options.open(path).map_err(|e| explain(path, e))
}

/// Opens an existing file without following a symlink and checks it is this user's
/// own private regular file ([`check_own`]).
pub fn open_own(path: &Path, write: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(write);
    no_follow(&mut options);
    let file = options.open(path).map_err(|e| explain(path, e))?;
    let meta = file.metadata()?;
    check_own(&meta).map_err(|why| refused(path, &why))?;
    Ok(file)
}

/// Opens `path` if it is this user's private file, or creates it (0600) if absent.
pub fn open_or_create_private(path: &Path) -> io::Result<File> {
    // Twice: the file may vanish between a failed create and the open (its holder
    // removed it), and then the create succeeds.
    for _ in 0..2 {
        match create_new_private(path) {
            Ok(file) => return Ok(file),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => match open_own(path, true) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                other => return other,
            },
            Err(e) => return Err(e),
        }
    }
    create_new_private(path)
}

/// Why a file beside a session must not be trusted: not a regular file, owned by
/// someone else, writable by group or others, or with other hard links (whose content
/// someone else could have chosen or would see changed).
pub fn check_own(meta: &Metadata) -> Result<(), String> {
    if !meta.file_type().is_file() {
        return Err("it is not a regular file".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let me = current_uid();
        if meta.uid() != me {
            return Err(format!(
                "it belongs to user id {}, not to you (user id {me})",
                meta.uid()
            ));
        }
        if meta.mode() & 0o022 != 0 {
            return Err(format!(
                "others can write to it (mode {:o})",
                meta.mode() & 0o777
            ));
        }
        if meta.nlink() > 1 {
            return Err(format!(
                "it has {} hard links (it may be another file)",
                meta.nlink()
            ));
        }
    }
    Ok(())
}

/// The effective user id of this process.
#[cfg(unix)]
pub fn current_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

fn refused(path: &Path, why: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!(
            "{} refused: {why}; it was not created by maestro-tm for you. \
             Left untouched: remove it if you trust nothing in it",
            path.display()
        ),
    )
}

/// A symlink in the way gives ELOOP (open) or EEXIST (create): the first is made clear.
fn explain(path: &Path, e: io::Error) -> io::Error {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return refused(path, "it is a symbolic link, which is never followed");
    }
    let _ = path;
    e
}

fn no_follow(options: &mut OpenOptions) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    #[cfg(not(unix))]
    let _ = options;
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    #[test]
    fn creation_refuses_symlinks_and_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let link = dir.path().join("link");
        symlink(&victim, &link).unwrap();
        assert!(create_new_private(&link).is_err());
        assert!(create_new_private(&victim).is_err());
        let dangling = dir.path().join("dangling");
        symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert!(create_new_private(&dangling).is_err());
        assert!(!dir.path().join("nowhere").exists());
        let err = open_or_create_private(&link).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        let new = create_new_private(&dir.path().join("new")).unwrap();
        assert_eq!(new.metadata().unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[test]
    fn reopening_checks_mode_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, "x").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
        let err = open_own(&path, false).unwrap_err();
        assert!(err.to_string().contains("others can write"), "{err}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        open_own(&path, false).unwrap();
        std::fs::hard_link(&path, dir.path().join("g")).unwrap();
        let err = open_own(&path, false).unwrap_err();
        assert!(err.to_string().contains("hard links"), "{err}");
    }
}
