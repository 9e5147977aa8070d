//! Where the analyst was in each session, and the recently opened sessions.
//! Kept in the user's state and data dirs, never in the shared session file.

use super::app::ResumePoint;
use crate::session::storage;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const RECENT_MAX: usize = 10;

#[derive(Debug, Default, Serialize, Deserialize)]
struct ResumeFile {
    #[serde(default)]
    sessions: BTreeMap<String, ResumePoint>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct RecentFile {
    #[serde(default)]
    recent: Vec<PathBuf>,
}

/// Files of the store; `None` when no home directory is known (nothing is kept then).
#[derive(Debug, Clone)]
pub struct Store {
    pub resume_file: PathBuf,
    pub recent_file: PathBuf,
}

impl Store {
    pub fn from_dirs() -> Option<Store> {
        let dirs = super::config::project_dirs()?;
        let state = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
        Some(Store {
            resume_file: state.join("resume.toml"),
            recent_file: dirs.data_dir().join("recent.toml"),
        })
    }

    fn key(session: &Path) -> String {
        std::fs::canonicalize(session)
            .unwrap_or_else(|_| session.to_path_buf())
            .to_string_lossy()
            .into_owned()
    }

    pub fn resume_point(&self, session: &Path) -> Option<ResumePoint> {
        let file: ResumeFile = read_toml(&self.resume_file)?;
        file.sessions.get(&Self::key(session)).copied()
    }

    pub fn set_resume_point(&self, session: &Path, point: ResumePoint) {
        let mut file: ResumeFile = read_toml(&self.resume_file).unwrap_or_default();
        file.sessions.insert(Self::key(session), point);
        write_toml(&self.resume_file, &file);
    }

    pub fn recent(&self) -> Vec<PathBuf> {
        read_toml::<RecentFile>(&self.recent_file)
            .map(|f| f.recent.into_iter().filter(|p| p.exists()).collect())
            .unwrap_or_default()
    }

    pub fn add_recent(&self, session: &Path) {
        let path = std::fs::canonicalize(session).unwrap_or_else(|_| session.to_path_buf());
        let mut file: RecentFile = read_toml(&self.recent_file).unwrap_or_default();
        file.recent.retain(|p| *p != path);
        file.recent.insert(0, path);
        file.recent.truncate(RECENT_MAX);
        write_toml(&self.recent_file, &file);
    }
}

fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Option<T> {
    let bytes = crate::files::read_bytes(path, 4 * 1024 * 1024, "state files").ok()?;
    toml::from_str(std::str::from_utf8(&bytes).ok()?).ok()
}

/// Best effort: losing a resume point is not worth interrupting the analyst.
fn write_toml<T: Serialize>(path: &Path, value: &T) {
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(text) = toml::to_string(value) {
        let _ = storage::write_atomic(path, text.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resume_points_and_recent_sessions_persist() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store {
            resume_file: dir.path().join("state/resume.toml"),
            recent_file: dir.path().join("data/recent.toml"),
        };
        let session = dir.path().join("s.toml");
        std::fs::write(&session, "").unwrap();
        let point = ResumePoint {
            phase: 6,
            layer: 3,
            selection: 2,
        };
        store.set_resume_point(&session, point);
        assert_eq!(store.resume_point(&session), Some(point));
        store.add_recent(&session);
        store.add_recent(&session);
        assert_eq!(store.recent().len(), 1);
    }
}
