//! The shape of the code, checked: no import circle between the top-level modules of
//! either crate, and no terminal or command-line code in the core.
//!
//! A module "uses" another when its non-test code names `crate::other` (or, in this crate,
//! `maestro_core::other`). Comments and `#[cfg(test)]` code are left out: tests may reach
//! anywhere. The core's freedom from ratatui/crossterm/clap is also kept by its
//! Cargo.toml; the scan here catches a path that names them anyway.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, recursively, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The top-level module a file of `src` belongs to (`src/session/lock.rs` → `session`).
fn top_module(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib" && name != "main").then(|| name.to_string())
}

/// Whether a whole file is test code (declared under `#[cfg(test)]` by its parent).
fn is_test_file(file: &Path) -> bool {
    let name = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    name == "tests" || name.ends_with("_tests") || name == "fixtures" || name == "examples"
}

/// The code of a file without comments and without what follows its first `#[cfg(test)]`.
fn production_code(text: &str) -> String {
    let cut = text.find("#[cfg(test)]").unwrap_or(text.len());
    text[..cut]
        .lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Names that follow `prefix` in `code` (`crate::session::x` → `session`).
fn named_after(code: &str, prefix: &str) -> BTreeSet<String> {
    code.match_indices(prefix)
        .filter(|(at, _)| {
            // `maestro_core::` must not be the tail of a longer identifier.
            *at == 0 || !code[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
        })
        .map(|(at, _)| {
            code[at + prefix.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// Module → modules it uses, for the crate whose sources are in `src`.
fn module_graph(src: &Path, prefixes: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(src) {
        let Some(module) = top_module(src, &file) else {
            continue;
        };
        let entry = graph.entry(module.clone()).or_default();
        if is_test_file(&file) {
            continue;
        }
        let code = production_code(&std::fs::read_to_string(&file).unwrap());
        for prefix in prefixes {
            for used in named_after(&code, prefix) {
                if used != module {
                    entry.insert(used);
                }
            }
        }
    }
    // Only edges between modules of this crate count (`crate::Foo` could be a re-export).
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for uses in graph.values_mut() {
        uses.retain(|m| modules.contains(m));
    }
    graph
}

/// A circle of the graph, if there is one (depth-first search with colours).
fn find_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = path.iter().position(|n| n == next).unwrap();
                    let mut circle = path[start..].to_vec();
                    circle.push(next.clone());
                    return Some(circle);
                }
                0 => {
                    if let Some(circle) = visit(next, graph, state, path) {
                        return Some(circle);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0
            && let Some(circle) = visit(node, graph, &mut state, &mut Vec::new())
        {
            return Some(circle);
        }
    }
    None
}

#[test]
fn the_core_modules_form_no_circle() {
    let src = root().join("crates/maestro-core/src");
    let graph = module_graph(&src, &["crate::"]);
    assert!(graph.contains_key("session") && graph.contains_key("risk"));
    if let Some(circle) = find_circle(&graph) {
        panic!("import circle in maestro-core: {}", circle.join(" → "));
    }
}

#[test]
fn the_interface_modules_form_no_circle() {
    let src = root().join("src");
    let graph = module_graph(&src, &["crate::"]);
    assert!(graph.contains_key("cli") && graph.contains_key("tui"));
    if let Some(circle) = find_circle(&graph) {
        panic!("import circle in maestro-tm: {}", circle.join(" → "));
    }
}

#[test]
fn the_core_names_no_terminal_or_command_line_crate() {
    let src = root().join("crates/maestro-core/src");
    for file in rust_files(&src) {
        let code = production_code(&std::fs::read_to_string(&file).unwrap());
        for banned in ["ratatui::", "crossterm::", "clap::", "maestro_tm::"] {
            assert!(
                named_after(&code, banned).is_empty(),
                "{} names {banned}",
                file.display()
            );
        }
    }
}

#[test]
fn the_circle_finder_finds_a_circle() {
    // The check above would pass vacuously if the finder never found anything.
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.insert("a".into(), ["b".to_string()].into());
    graph.insert("b".into(), ["c".to_string()].into());
    graph.insert("c".into(), ["a".to_string()].into());
    graph.insert("d".into(), BTreeSet::new());
    assert_eq!(
        find_circle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    graph.get_mut("c").unwrap().clear();
    assert_eq!(find_circle(&graph), None);
}
