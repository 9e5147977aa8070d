//! Noticing that a session file changed on disk while it was open (a `git pull`, another
//! editor), so a save does not silently overwrite someone else's work.
//!
//! At load the file's size, modification time and a hash of its bytes are recorded;
//! before saving they are compared with the file as it is now. Size and mtime alone can
//! miss a same-size rewrite within the mtime granularity, so the content hash decides.

use std::path::Path;
use std::time::SystemTime;

/// What a session file looked like when it was loaded (or last saved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub len: u64,
    pub modified: Option<SystemTime>,
    pub hash: u64,
}

/// The state of the file compared with its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiskState {
    Unchanged,
    /// Changed by someone else since it was loaded: ask before overwriting.
    Changed,
    /// Removed (or unreadable) since it was loaded.
    Missing,
}

impl Fingerprint {
    /// Fingerprint of the file as it is now.
    pub fn of(path: &Path) -> std::io::Result<Fingerprint> {
        let meta = std::fs::metadata(path)?;
        // The bounded reader: a session replaced by a FIFO or a device cannot hang the app.
        let bytes = crate::files::read_bytes(path, super::storage::MAX_SESSION_BYTES, "sessions")?;
        Ok(Fingerprint {
            len: meta.len(),
            modified: meta.modified().ok(),
            hash: hash(&bytes),
        })
    }

    /// Fingerprint of a file whose bytes were just read (by the load: not read again).
    pub fn of_read(path: &Path, bytes: &[u8]) -> Fingerprint {
        Fingerprint {
            len: bytes.len() as u64,
            modified: std::fs::metadata(path).and_then(|m| m.modified()).ok(),
            hash: hash(bytes),
        }
    }

    /// Compares the file on disk with this fingerprint.
    pub fn check(&self, path: &Path) -> DiskState {
        match Fingerprint::of(path) {
            Err(_) => DiskState::Missing,
            // Same bytes: a `touch` or an identical checkout is not a conflict.
            Ok(now) if now.len == self.len && now.hash == self.hash => DiskState::Unchanged,
            Ok(_) => DiskState::Changed,
        }
    }
}

/// Compared within one process only, so any fixed seed does; foldhash, because SipHash
/// took ≈ 6 ms of a 10,000-threat session's opening (9 MB).
fn hash(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x6d61_6573_7472_6f21).hash_one(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_change_is_detected_even_with_same_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        std::fs::write(&path, "title = \"A\"\n").unwrap();
        let loaded = Fingerprint::of(&path).unwrap();
        assert_eq!(loaded.check(&path), DiskState::Unchanged);
        // Same size, different bytes (a pull that changed one letter).
        std::fs::write(&path, "title = \"B\"\n").unwrap();
        assert_eq!(loaded.check(&path), DiskState::Changed);
        // Restored content counts as unchanged.
        std::fs::write(&path, "title = \"A\"\n").unwrap();
        assert_eq!(loaded.check(&path), DiskState::Unchanged);
        // Taken from the bytes a load read, it is the fingerprint of the file.
        let read = Fingerprint::of_read(&path, b"title = \"A\"\n");
        assert_eq!(read, Fingerprint::of(&path).unwrap());
        assert_eq!(read.check(&path), DiskState::Unchanged);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(loaded.check(&path), DiskState::Missing);
    }

    #[test]
    fn our_own_atomic_save_then_refingerprint_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        std::fs::write(&path, "a").unwrap();
        super::super::storage::write_atomic(&path, b"bb").unwrap();
        let after_save = Fingerprint::of(&path).unwrap();
        assert_eq!(after_save.check(&path), DiskState::Unchanged);
    }
}
