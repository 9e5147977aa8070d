//! One editor per session: an advisory lock on `<session>.lock`.
//!
//! The lock is taken on a separate file because every atomic save replaces the
//! session's inode, which would drop a lock held on the session itself. The lock
//! file records who holds it (user, host, pid, since) so a second analyst is told
//! who is editing. The OS releases the lock when its holder dies, so a lock file
//! that can be locked again but still names an owner is a stale lock from a crash
//! or reboot, reported as such.

use serde::{Deserialize, Serialize};
use std::fs::File;
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

/// Whether the process named in a lock file still runs, as far as this host can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Liveness {
    /// Same host, no such process: the holder crashed or the host rebooted.
    Gone,
    /// Same host, a process with that id runs but does not hold the lock (id reused).
    Reused,
    /// Taken on another host: nothing here can tell whether it still runs.
    OtherHost,
}

impl LockOwner {
    /// When the lock was taken, as `YYYY-MM-DD HH:MM UTC`.
    pub fn since_text(&self) -> String {
        i64::try_from(self.since)
            .ok()
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
            .map_or_else(
                || "an unknown time".to_string(),
                |t| t.strftime("%Y-%m-%d %H:%M UTC").to_string(),
            )
    }

    /// Judges a recorded owner whose OS lock is free (see [`SessionLock::acquire_fresh`]).
    pub fn liveness(&self) -> Liveness {
        if self.host != hostname() {
            Liveness::OtherHost
        } else if process_alive(self.pid) == Some(true) {
            Liveness::Reused
        } else {
            Liveness::Gone
        }
    }
}

/// Whether a process id is in use on this host (`None` where it cannot be told).
pub fn process_alive(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return None;
    }
    Some(proc.join(pid.to_string()).exists())
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
    /// The OS lock is free but the file names another owner: a lock left behind by a
    /// crash or reboot (or, from another host, one that cannot be judged from here).
    #[error("{session} was locked by {owner} since {}, who no longer holds it", owner.since_text())]
    Stale {
        session: PathBuf,
        owner: LockOwner,
        liveness: Liveness,
    },
    #[error("{session} is locked by another process (no owner recorded)")]
    HeldUnknown { session: PathBuf },
    #[error("cannot lock {}: {source}", session.display())]
    Io {
        session: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Path of the lock file of a session: beside the file the session path really names
/// ([`canonical_session`]), so two paths to one session (a symlink, `../x/s.toml`)
/// share one lock.
pub fn lock_path(session: &Path) -> PathBuf {
    let session = canonical_session(session);
    let mut name = session.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    session.with_file_name(name)
}

/// The one name of a session file, whatever path reached it: symlinks and `..`
/// resolved (for a file not created yet, its directory's real path and its name).
pub fn canonical_session(session: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(session) {
        return real;
    }
    let parent = match session.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(parent), session.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => session.to_path_buf(),
    }
}

/// Largest lock file read (an owner record is a few lines).
const MAX_LOCK_BYTES: u64 = 64 * 1024;

/// The owner recorded in a session's lock file, if any.
pub fn recorded_owner(session: &Path) -> Option<LockOwner> {
    let mut file = crate::files::create::open_own(&lock_path(session), false).ok()?;
    read_owner(&mut file)
}

impl SessionLock {
    /// Takes the lock of `session`, or says who holds it. A stale lock is taken over
    /// (its owner is kept in [`SessionLock::stale`]).
    pub fn acquire(session: &Path) -> Result<SessionLock, LockError> {
        Self::take(session, true)
    }

    /// Like [`SessionLock::acquire`], but a stale lock is left untouched on disk and
    /// reported as [`LockError::Stale`], so the analyst can decide; take it over with
    /// [`SessionLock::acquire`].
    pub fn acquire_fresh(session: &Path) -> Result<SessionLock, LockError> {
        Self::take(session, false)
    }

    fn take(session: &Path, take_stale: bool) -> Result<SessionLock, LockError> {
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
            if let Some(owner) = &stale
                && !take_stale
                && !(owner.pid == me.pid && owner.host == me.host)
            {
                // Closing the file releases the OS lock; the file stays as it was.
                let _ = file.unlock();
                return Err(LockError::Stale {
                    session: session.to_path_buf(),
                    owner: owner.clone(),
                    liveness: owner.liveness(),
                });
            }
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

/// Created `O_CREAT|O_EXCL|O_NOFOLLOW` (0600), or reopened without following a link and
/// only when it is this user's private file: a planted symlink or foreign file is
/// refused and left untouched.
fn open_lock_file(path: &Path) -> std::io::Result<File> {
    crate::files::create::open_or_create_private(path)
}

fn read_owner(file: &mut File) -> Option<LockOwner> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.take(MAX_LOCK_BYTES).read_to_string(&mut text).ok()?;
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

    #[test]
    fn acquire_fresh_reports_a_stale_lock_and_leaves_it_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("s.toml");
        // A process that has exited: its pid is (very likely) unused for a while.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let ghost = LockOwner {
            user: "ana".into(),
            host: hostname(),
            pid: dead,
            since: 1_700_000_000,
        };
        let text = toml::to_string(&ghost).unwrap();
        std::fs::write(lock_path(&session), &text).unwrap();
        match SessionLock::acquire_fresh(&session) {
            Err(LockError::Stale {
                owner, liveness, ..
            }) => {
                assert_eq!(owner, ghost);
                assert_eq!(liveness, Liveness::Gone);
            }
            other => panic!("expected Stale, got {other:?}"),
        }
        assert_eq!(std::fs::read_to_string(lock_path(&session)).unwrap(), text);
        assert_eq!(ghost.since_text(), "2023-11-14 22:13 UTC");
        // Another host cannot be judged from here.
        let remote = LockOwner {
            host: format!("{}-elsewhere", hostname()),
            ..ghost.clone()
        };
        std::fs::write(lock_path(&session), toml::to_string(&remote).unwrap()).unwrap();
        assert!(matches!(
            SessionLock::acquire_fresh(&session),
            Err(LockError::Stale {
                liveness: Liveness::OtherHost,
                ..
            })
        ));
        // Taking over rewrites the file with this process.
        let lock = SessionLock::acquire(&session).unwrap();
        assert_eq!(lock.stale, Some(remote));
        assert_eq!(
            recorded_owner(&session).map(|o| o.pid),
            Some(std::process::id())
        );
        // A live holder is still reported as held, not stale.
        assert!(matches!(
            SessionLock::acquire_fresh(&session),
            Err(LockError::Held { .. })
        ));
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

    #[cfg(unix)]
    #[test]
    fn a_symlink_planted_as_the_lock_file_is_refused_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("m.toml");
        std::fs::write(&session, "x").unwrap();
        let notes = dir.path().join("notes.txt");
        std::fs::write(&notes, "my notes").unwrap();
        std::os::unix::fs::symlink(&notes, lock_path(&session)).unwrap();
        let err = SessionLock::acquire(&session).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes");
        assert!(recorded_owner(&session).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn two_paths_to_one_session_share_one_lock() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.toml");
        std::fs::write(&real, "x").unwrap();
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let _held = SessionLock::acquire(&real).unwrap();
        assert!(matches!(
            SessionLock::acquire(&link),
            Err(LockError::Held { .. })
        ));
        let dotted = dir.path().join(".").join("real.toml");
        assert!(matches!(
            SessionLock::acquire(&dotted),
            Err(LockError::Held { .. })
        ));
    }
}
