//! One editor per session: an advisory lock on `<session>.lock`.
//!
//! The lock is taken on a separate file because every atomic save replaces the
//! session's inode, which would drop a lock held on the session itself. The lock
//! file records who holds it (user, host, pid, since) so a second analyst is told
//! who is editing. The OS releases the lock when its holder dies, so a lock file
//! that can be locked again but still names an owner is a stale lock from a crash
//! or reboot, reported as such.

use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Who holds (or held) a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockOwner {
    pub user: String,
    pub host: String,
    pub pid: u32,
    /// Seconds since the Unix epoch when the lock was taken.
    pub since: u64,
}

impl LockOwner {
    /// The current process.
    pub fn current() -> LockOwner {
        LockOwner {
            user: std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_else(|_| "unknown".into()),
            host: hostname(),
            pid: std::process::id(),
            since: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        }
    }
}

impl std::fmt::Display for LockOwner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}@{} (pid {})", self.user, self.host, self.pid)
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".into())
}

/// A held session lock; released (and its file removed) on drop.
#[derive(Debug)]
pub struct SessionLock {
    file: File,
    path: PathBuf,
    /// The owner recorded by a previous holder that died without releasing it.
    pub stale: Option<LockOwner>,
}

/// Why a lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{session} is being edited by {owner}; open it read-only or ask them to close it")]
    Held { session: PathBuf, owner: LockOwner },
    #[error("{session} is locked by another process (no owner recorded)")]
    HeldUnknown { session: PathBuf },
    #[error("cannot lock {}: {source}", session.display())]
    Io {
        session: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Path of the lock file of a session.
pub fn lock_path(session: &Path) -> PathBuf {
    let mut name = session.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    session.with_file_name(name)
}

/// The owner recorded in a session's lock file, if any.
pub fn recorded_owner(session: &Path) -> Option<LockOwner> {
    let text = std::fs::read_to_string(lock_path(session)).ok()?;
    toml::from_str(&text).ok()
}

impl SessionLock {
    /// Takes the lock of `session`, or says who holds it.
    pub fn acquire(session: &Path) -> Result<SessionLock, LockError> {
        let path = lock_path(session);
        let io = |source| LockError::Io {
            session: session.to_path_buf(),
            source,
        };
        // Retry when the file we locked was removed by its previous holder meanwhile.
        for _ in 0..5 {
            let mut file = open_lock_file(&path).map_err(io)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    let owner = read_owner(&mut file);
                    return Err(match owner {
                        Some(owner) => LockError::Held {
                            session: session.to_path_buf(),
                            owner,
                        },
                        None => LockError::HeldUnknown {
                            session: session.to_path_buf(),
                        },
                    });
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
            }
            if !same_file(&file, &path) {
                continue;
            }
            let stale = read_owner(&mut file);
            let me = LockOwner::current();
            write_owner(&mut file, &me).map_err(io)?;
            return Ok(SessionLock { file, path, stale });
        }
        Err(io(std::io::Error::other("lock file keeps being replaced")))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // Remove before unlocking so a waiter never locks a file that is going away.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

fn open_lock_file(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

fn read_owner(file: &mut File) -> Option<LockOwner> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.read_to_string(&mut text).ok()?;
    toml::from_str(&text).ok()
}

fn write_owner(file: &mut File, owner: &LockOwner) -> std::io::Result<()> {
    let text = toml::to_string(owner).map_err(std::io::Error::other)?;
    file.set_len(0)?;
    file.rewind()?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_is_told_who_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("s.toml");
        let first = SessionLock::acquire(&session).unwrap();
        assert!(first.stale.is_none());
        match SessionLock::acquire(&session) {
            Err(LockError::Held { owner, .. }) => assert_eq!(owner.pid, std::process::id()),
            other => panic!("expected Held, got {other:?}"),
        }
        drop(first);
        assert!(!lock_path(&session).exists());
        SessionLock::acquire(&session).unwrap();
    }

    #[test]
    fn lock_left_by_dead_process_is_stale() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("s.toml");
        let ghost = LockOwner {
            user: "ana".into(),
            host: "jump1".into(),
            pid: 999_999,
            since: 1,
        };
        std::fs::write(lock_path(&session), toml::to_string(&ghost).unwrap()).unwrap();
        let lock = SessionLock::acquire(&session).unwrap();
        assert_eq!(lock.stale, Some(ghost));
    }

    #[cfg(unix)]
    #[test]
    fn lock_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("s.toml");
        let lock = SessionLock::acquire(&session).unwrap();
        let mode = std::fs::metadata(lock.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
