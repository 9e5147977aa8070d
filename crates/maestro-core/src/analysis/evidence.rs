//! Offline evidence search (phase 8, beyond the playbook): candidate lines in a local
//! source tree that may show a mitigation is implemented.
//!
//! The walk respects `.gitignore` / `.ignore` files (also outside a git repository) and
//! skips hidden files, binary files (a NUL byte in the first 8 KiB) and files over a size
//! limit. Files that cannot be read are reported as skipped, never as a failure. Terms
//! match case-insensitively as plain text. Hits are candidates only: nothing here marks a
//! mitigation verified; the analyst confirms or rejects each one.

use crate::catalog::Catalog;
use crate::session::Mitigation;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Bytes sniffed for a NUL to tell a binary file.
const SNIFF_BYTES: usize = 8 * 1024;

/// Limits of one search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Larger files are skipped.
    pub max_file_bytes: u64,
    /// The search stops after this many hits.
    pub max_hits: usize,
    /// A hit's line text is cut to this many characters.
    pub line_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 1024 * 1024,
            max_hits: 500,
            line_chars: 200,
        }
    }
}

/// One candidate line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Path relative to the searched root.
    pub path: PathBuf,
    /// 1-based line number.
    pub line: u32,
    /// The line, trimmed and cut to `Limits::line_chars`.
    pub text: String,
    /// The term that matched (as given).
    pub term: String,
}

/// Why a file was not searched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    Binary,
    TooLarge { bytes: u64 },
    Unreadable { error: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

/// The outcome of a search.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchResult {
    pub hits: Vec<Hit>,
    pub skipped: Vec<Skipped>,
    pub files_searched: usize,
    /// The hit cap was reached; more hits may exist.
    pub truncated: bool,
}

/// The search could not start.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("{0} is not a directory")]
    NotADirectory(PathBuf),
}

/// The catalog's evidence terms of the mitigation a card adopts (empty for a custom one).
pub fn catalog_terms(catalog: &Catalog, mitigation: &Mitigation) -> Vec<String> {
    catalog
        .mitigations
        .get(&mitigation.catalog)
        .map(|e| e.evidence_terms.clone())
        .unwrap_or_default()
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Searches the tree under `root` for `terms` (blank terms are ignored).
pub fn search(root: &Path, terms: &[String], limits: &Limits) -> Result<SearchResult, SearchError> {
    if !root.is_dir() {
        return Err(SearchError::NotADirectory(root.to_path_buf()));
    }
    let terms: Vec<(String, String)> = terms
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .map(|t| (t.to_string(), t.to_lowercase()))
        .collect();
    let mut result = SearchResult::default();
    if terms.is_empty() {
        return Ok(result);
    }
    let walker = ignore::WalkBuilder::new(root)
        // Honour .gitignore even when the tree is not (yet) a git repository.
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = match &err {
                    ignore::Error::WithPath { path, .. } => relative(root, path),
                    _ => PathBuf::new(),
                };
                result.skipped.push(Skipped {
                    path,
                    reason: SkipReason::Unreadable {
                        error: err.to_string(),
                    },
                });
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let rel = relative(root, path);
        match read_text(path, limits) {
            Ok(text) => {
                result.files_searched += 1;
                if scan(&text, &rel, &terms, limits, &mut result.hits) {
                    result.truncated = true;
                    break;
                }
            }
            Err(reason) => result.skipped.push(Skipped { path: rel, reason }),
        }
    }
    Ok(result)
}

/// The file as text, or why it is skipped.
fn read_text(path: &Path, limits: &Limits) -> Result<String, SkipReason> {
    let unreadable = |e: std::io::Error| SkipReason::Unreadable {
        error: e.to_string(),
    };
    let mut file = std::fs::File::open(path).map_err(unreadable)?;
    let bytes = file.metadata().map_err(unreadable)?.len();
    if bytes > limits.max_file_bytes {
        return Err(SkipReason::TooLarge { bytes });
    }
    let mut content = Vec::with_capacity(bytes as usize);
    file.read_to_end(&mut content).map_err(unreadable)?;
    if content[..content.len().min(SNIFF_BYTES)].contains(&0) {
        return Err(SkipReason::Binary);
    }
    Ok(String::from_utf8_lossy(&content).into_owned())
}

/// Adds the hits of one file; true when the hit cap is reached.
fn scan(
    text: &str,
    path: &Path,
    terms: &[(String, String)],
    limits: &Limits,
    hits: &mut Vec<Hit>,
) -> bool {
    for (number, line) in text.lines().enumerate() {
        let lower = line.to_lowercase();
        // One hit per line: the first term that matches.
        if let Some((term, _)) = terms.iter().find(|(_, low)| lower.contains(low.as_str())) {
            if hits.len() >= limits.max_hits {
                return true;
            }
            hits.push(Hit {
                path: path.to_path_buf(),
                line: (number + 1) as u32,
                text: line.trim().chars().take(limits.line_chars).collect(),
                term: term.clone(),
            });
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn terms(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("src/guard")).unwrap();
        fs::write(
            root.join("src/guard/input.rs"),
            "fn check() {}\n    // MAESTRO-Marker: input guardrail here\nlet x = 1;\n",
        )
        .unwrap();
        fs::write(root.join(".gitignore"), "build/\n*.log\n").unwrap();
        fs::create_dir_all(root.join("build")).unwrap();
        fs::write(
            root.join("build/out.rs"),
            "maestro-marker in build output\n",
        )
        .unwrap();
        fs::write(root.join("debug.log"), "maestro-marker in a log\n").unwrap();
        fs::write(
            root.join("model.bin"),
            b"\x00\x01binary maestro-marker\n".as_slice(),
        )
        .unwrap();
        dir
    }

    #[test]
    fn finds_a_planted_marker_case_insensitively() {
        let dir = tree();
        let result = search(dir.path(), &terms(&["maestro-marker"]), &Limits::default()).unwrap();
        assert_eq!(
            result.hits,
            [Hit {
                path: PathBuf::from("src/guard/input.rs"),
                line: 2,
                text: "// MAESTRO-Marker: input guardrail here".into(),
                term: "maestro-marker".into(),
            }]
        );
        assert!(!result.truncated);
    }

    #[test]
    fn skips_ignored_and_binary_files() {
        let dir = tree();
        let result = search(dir.path(), &terms(&["maestro-marker"]), &Limits::default()).unwrap();
        assert!(result.hits.iter().all(|h| !h.path.starts_with("build")));
        assert!(result.hits.iter().all(|h| h.path != Path::new("debug.log")));
        assert!(result.skipped.contains(&Skipped {
            path: PathBuf::from("model.bin"),
            reason: SkipReason::Binary
        }));
    }

    #[test]
    fn skips_large_files_and_caps_hits_and_line_length() {
        let dir = tree();
        let long = format!("guardrail {}\n", "x".repeat(500));
        fs::write(dir.path().join("many.txt"), long.repeat(20)).unwrap();
        let limits = Limits {
            max_hits: 5,
            ..Limits::default()
        };
        let result = search(dir.path(), &terms(&["GUARDRAIL"]), &limits).unwrap();
        assert_eq!(result.hits.len(), 5);
        assert!(result.truncated);
        assert!(result.hits.iter().all(|h| h.text.chars().count() == 200));

        let small = Limits {
            max_file_bytes: 100,
            ..Limits::default()
        };
        let result = search(dir.path(), &terms(&["guardrail"]), &small).unwrap();
        assert!(
            result
                .skipped
                .iter()
                .any(|s| s.path == Path::new("many.txt")
                    && matches!(s.reason, SkipReason::TooLarge { .. }))
        );
        assert!(search(&dir.path().join("nope"), &terms(&["x"]), &Limits::default()).is_err());
        assert!(
            search(dir.path(), &terms(&["  "]), &Limits::default())
                .unwrap()
                .hits
                .is_empty()
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_unreadable_file_is_skipped_not_fatal() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tree();
        let locked = dir.path().join("src/secret.rs");
        fs::write(&locked, "maestro-marker behind a lock\n").unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads anything; then there is nothing unreadable to test.
        let still_readable = fs::read(&locked).is_ok();
        let result = search(dir.path(), &terms(&["maestro-marker"]), &Limits::default());
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).unwrap();
        let result = result.expect("an unreadable file does not fail the search");
        assert!(
            result
                .hits
                .iter()
                .any(|h| h.path == Path::new("src/guard/input.rs"))
        );
        if still_readable {
            eprintln!("running with privileges that read a 000 file; skipping the skip check");
            return;
        }
        assert!(
            result
                .skipped
                .iter()
                .any(|s| s.path == Path::new("src/secret.rs")
                    && matches!(s.reason, SkipReason::Unreadable { .. }))
        );
        assert!(
            result
                .hits
                .iter()
                .all(|h| h.path != Path::new("src/secret.rs"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_read_error_becomes_a_skip_reason() {
        // Works as root too: opening a directory succeeds on Unix, reading it fails.
        let dir = tree();
        let reason = read_text(&dir.path().join("src"), &Limits::default()).unwrap_err();
        assert!(
            matches!(reason, SkipReason::Unreadable { .. }),
            "{reason:?}"
        );
        let missing = read_text(&dir.path().join("gone.rs"), &Limits::default()).unwrap_err();
        assert!(matches!(missing, SkipReason::Unreadable { .. }));
    }

    #[test]
    fn terms_come_from_the_adopted_catalog_mitigation() {
        let catalog = Catalog::embedded();
        let entry = catalog
            .mitigations
            .mitigations
            .iter()
            .find(|m| !m.evidence_terms.is_empty())
            .expect("the catalog has evidence terms");
        let mut m = crate::analysis::fixtures::mitigation(
            "M-1",
            entry.kind,
            &[],
            crate::vocab::ImplementationStatus::NotImplemented,
        );
        m.catalog = entry.id.clone();
        assert_eq!(catalog_terms(&catalog, &m), entry.evidence_terms);
        m.catalog.clear();
        assert!(catalog_terms(&catalog, &m).is_empty());
    }
}
