//! The bounded, parallel walk of a source tree.
//!
//! Respects `.gitignore` (and `.ignore`) inside the tree but not above it, never
//! follows a symbolic link (so nothing outside the tree is read), reads only regular
//! files whose name a signal may care about, skips files over the size limit before
//! opening them (a 2 GB sparse file costs one `stat`) and binary files (a NUL byte in
//! the first 8 KiB). Results come back sorted by path, so the output is deterministic
//! whatever the thread timing.

use super::Skipped;
use ignore::{WalkBuilder, WalkState};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bounds of one scan.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Most files read (walking stops after that).
    pub max_files: usize,
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    /// Deepest folder nesting walked.
    pub max_depth: usize,
    /// Most entries recorded in `skipped`.
    pub max_skipped: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_files: 200_000,
            max_file_bytes: 1024 * 1024,
            max_depth: 48,
            max_skipped: 200,
        }
    }
}

/// Folders never worth reading: dependencies, build output, VCS data.
const SKIP_DIRS: &[&str] = &[
    ".git",
    "node_modules",
    ".venv",
    "venv",
    "site-packages",
    "__pycache__",
    ".tox",
    ".mypy_cache",
    ".pytest_cache",
    "target",
    "dist",
    ".next",
    "vendor",
];

/// One file read for scanning.
pub struct FileText {
    /// Path relative to the root, with `/` separators.
    pub rel: String,
    pub text: String,
}

/// Walks `root` and hands each wanted file's text to `visit` (in parallel); returns the
/// visit results sorted by path, and what was skipped.
pub fn walk<T: Send>(
    root: &Path,
    limits: Limits,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    visit: &(dyn Fn(FileText) -> Option<T> + Sync),
) -> (Vec<(String, T)>, Vec<Skipped>, usize) {
    let results: Mutex<Vec<(String, T)>> = Mutex::new(Vec::new());
    let skipped: Mutex<Vec<Skipped>> = Mutex::new(Vec::new());
    let read = AtomicUsize::new(0);
    let skip = |path: String, reason: String| {
        if let Ok(mut list) = skipped.lock()
            && list.len() < limits.max_skipped
        {
            list.push(Skipped { path, reason });
        }
    };
    let root_buf: PathBuf = root.to_path_buf();
    WalkBuilder::new(root)
        .follow_links(false)
        .hidden(false)
        .parents(false)
        .require_git(false)
        .max_depth(Some(limits.max_depth))
        .threads(2)
        .filter_entry(|entry| {
            !(entry.file_type().is_some_and(|t| t.is_dir())
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|n| SKIP_DIRS.contains(&n)))
        })
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                let Ok(entry) = entry else {
                    return WalkState::Continue;
                };
                let Some(file_type) = entry.file_type() else {
                    return WalkState::Continue;
                };
                let rel = relative(&root_buf, entry.path());
                if file_type.is_symlink() {
                    skip(rel, "symbolic link (not followed)".into());
                    return WalkState::Continue;
                }
                if !file_type.is_file() || !wanted(&rel) {
                    return WalkState::Continue;
                }
                if read.fetch_add(1, Ordering::Relaxed) >= limits.max_files {
                    skip(rel, format!("file limit of {} reached", limits.max_files));
                    return WalkState::Quit;
                }
                match read_text(entry.path(), limits.max_file_bytes) {
                    Ok(text) => {
                        if let Some(out) = visit(FileText {
                            rel: rel.clone(),
                            text,
                        }) && let Ok(mut list) = results.lock()
                        {
                            list.push((rel, out));
                        }
                    }
                    Err(reason) => skip(rel, reason),
                }
                WalkState::Continue
            })
        });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by(|a, b| a.0.cmp(&b.0));
    let mut skipped = skipped.into_inner().unwrap_or_default();
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    let count = read.load(Ordering::Relaxed).min(limits.max_files);
    (results, skipped, count)
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The file's text, or why it is skipped. The size is checked before opening and the
/// read is bounded too (the file may grow meanwhile).
fn read_text(path: &Path, max: u64) -> Result<String, String> {
    let len = std::fs::symlink_metadata(path)
        .map_err(|e| format!("unreadable: {e}"))?
        .len();
    if len > max {
        return Err(format!("larger than {} KiB ({len} bytes)", max / 1024));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("unreadable: {e}"))?;
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("unreadable: {e}"))?;
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err("binary".into());
    }
    String::from_utf8(bytes).map_err(|_| "binary (not UTF-8)".into())
}
