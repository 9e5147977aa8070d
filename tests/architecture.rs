//! Long because it holds its own small Rust lexer and use-tree resolver (no crate reads
//! module imports), and the checks built on them.
//!
//! The shape of the code, checked: no import circle between modules, and no terminal or
//! command-line code in the core.
//!
//! How a file is read. The source is split into tokens (comments, doc comments, string,
//! raw-string and character literals are dropped, so a path in prose or in a message is
//! not an import). Every path of two or more segments is collected, in `use` items and in
//! code alike, with its use-tree expanded: `use crate::{a, b::{c, d as e}, f::*}` gives
//! `crate::a`, `crate::b::c`, `crate::b::d` and `crate::f`. A path is resolved against the
//! module it is written in (the file's module, or an inline `mod x { … }` inside it):
//! `crate::` (and `$crate::`) from the crate root, `self::` from the module itself, each
//! `super::` one module up, and a first segment naming a child module of the current one
//! (`use storage::parse;` in `session/mod.rs`) from that child. Other paths (std, other
//! crates, local names) are not module uses. The item after a `#[cfg(test)]` or
//! `#[cfg(any(test, …))]` attribute is skipped, and so is every file of a module declared
//! under one (also one placed by `#[path = "x_tests.rs"]`): tests may reach anywhere.
//!
//! The module graph. A node is a module of the crate cut to a depth: depth 1 gives the
//! top-level modules (`session`, `risk`), depth 2 also their children (`session::storage`,
//! `report::build`; a file deeper down counts as its depth-2 ancestor). A resolved path
//! gives an edge from the node of the file to the node of the longest known module the
//! path starts with. An edge from a module to itself, to its parent or to the crate root
//! is not kept: a module using its own parent is fine (a child sees the parent's private
//! items and the parent's re-exports; the parent is where the children meet). Circles are
//! the strongly connected components of more than one node (Tarjan's algorithm).

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

/// The module path of a file of `src` (`session/lock.rs` → `[session, lock]`,
/// `session/mod.rs` → `[session]`, `lib.rs` → `[]`); `None` for a binary's `main.rs`.
fn module_of(src: &Path, file: &Path) -> Option<Vec<String>> {
    let rel = file.strip_prefix(src).ok()?;
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_str().unwrap().to_string())
        .collect();
    let last = parts.pop()?;
    let stem = last.strip_suffix(".rs")?;
    match (parts.is_empty(), stem) {
        (true, "lib") => {}
        (true, "main") => return None,
        (_, "mod") => {}
        _ => parts.push(stem.to_string()),
    }
    Some(parts)
}

// ---------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// The text of a plain string literal (for `#[path = "…"]`).
    Str(String),
    /// `::`
    Sep,
    Punct(char),
}

/// The tokens of Rust source that matter for paths: identifiers, `::` and punctuation.
/// Comments and literals are dropped, numbers too.
fn lex(text: &str) -> Vec<Tok> {
    let s: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let ident_start = |c: char| c.is_alphabetic() || c == '_';
    let ident_char = |c: char| c.is_alphanumeric() || c == '_';
    while i < s.len() {
        let c = s[i];
        let next = s.get(i + 1).copied();
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < s.len() && s[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < s.len() {
                if s[i] == '/' && s.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if s[i] == '*' && s.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if let Some(after) = raw_string_end(&s, i) {
            i = after;
        } else if c == '"' || ((c == 'b' || c == 'c') && next == Some('"')) {
            i += if c == '"' { 1 } else { 2 };
            let start = i;
            while i < s.len() && s[i] != '"' {
                i += if s[i] == '\\' { 2 } else { 1 };
            }
            if c == '"' {
                out.push(Tok::Str(s[start..i.min(s.len())].iter().collect()));
            }
            i += 1;
        } else if c == '\'' || (c == 'b' && next == Some('\'')) {
            // A character literal, or a lifetime / label (`'a`, `'outer:`).
            let at = if c == 'b' { i + 1 } else { i };
            if s.get(at + 1) == Some(&'\\') {
                i = at + 2;
                while i < s.len() && s[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if s.get(at + 2) == Some(&'\'') {
                i = at + 3;
            } else {
                i = at + 1;
                while i < s.len() && ident_char(s[i]) {
                    i += 1;
                }
            }
        } else if c == 'r' && next == Some('#') && s.get(i + 2).is_some_and(|&c| ident_start(c)) {
            // A raw identifier: `r#type`.
            i += 2;
            let start = i;
            while i < s.len() && ident_char(s[i]) {
                i += 1;
            }
            out.push(Tok::Ident(s[start..i].iter().collect()));
        } else if ident_start(c) {
            let start = i;
            while i < s.len() && ident_char(s[i]) {
                i += 1;
            }
            out.push(Tok::Ident(s[start..i].iter().collect()));
        } else if c.is_ascii_digit() {
            while i < s.len()
                && (ident_char(s[i])
                    || s[i] == '.' && s.get(i + 1).is_some_and(|c| c.is_ascii_digit()))
            {
                i += 1;
            }
        } else if c == ':' && next == Some(':') {
            out.push(Tok::Sep);
            i += 2;
        } else {
            out.push(Tok::Punct(c));
            i += 1;
        }
    }
    out
}

/// Where a raw (byte / C) string literal starting at `i` ends, if one starts there.
fn raw_string_end(s: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if matches!(s.get(j), Some('b' | 'c')) {
        j += 1;
    }
    if s.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while s.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    if s.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < s.len() {
        if s[j] == '"' && (1..=hashes).all(|k| s.get(j + k) == Some(&'#')) {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(s.len())
}

// ---------------------------------------------------------------------------------------
// Paths

/// What one file says about modules: the paths it names (resolved to absolute module
/// paths), the child modules it declares under `#[cfg(test)]` (and the files of those
/// given by `#[path = "…"]`, relative to its directory), and its inline modules.
#[derive(Debug, Default)]
struct FileUses {
    paths: Vec<Vec<String>>,
    test_modules: Vec<Vec<String>>,
    test_files: Vec<String>,
    inline_modules: Vec<Vec<String>>,
}

fn ident(tokens: &[Tok], i: usize) -> Option<&str> {
    match tokens.get(i) {
        Some(Tok::Ident(name)) => Some(name),
        _ => None,
    }
}

/// Whether an attribute's tokens (after `#[`) say "only when testing".
fn is_test_cfg(attr: &[Tok]) -> bool {
    let names: Vec<&str> = attr
        .iter()
        .filter_map(|t| match t {
            Tok::Ident(n) => Some(n.as_str()),
            _ => None,
        })
        .collect();
    names.first() == Some(&"cfg")
        && names.contains(&"test")
        && !names.contains(&"not")
        && !names.contains(&"all")
        || names.first() == Some(&"cfg") && names.get(1) == Some(&"all") && names.contains(&"test")
}

/// The index just past the bracket that closes the one opened at `open`.
fn past_closing(tokens: &[Tok], open: usize) -> usize {
    let mut depth = 0i32;
    let mut i = open;
    while i < tokens.len() {
        match tokens[i] {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    tokens.len()
}

/// The index just past the item starting at `i` (after its attributes): its `;` or its
/// first `{ … }` block at bracket depth 0; for a field, variant or match arm, its `,` (or
/// the bracket that closes the list, not consumed).
fn past_item(tokens: &[Tok], mut i: usize) -> usize {
    while i < tokens.len() {
        match tokens[i] {
            Tok::Punct(';' | ',') => return i + 1,
            Tok::Punct(')' | ']' | '}') => return i,
            Tok::Punct('{') => return past_closing(tokens, i),
            Tok::Punct('(' | '[') => i = past_closing(tokens, i),
            _ => i += 1,
        }
    }
    i
}

/// The paths of a use-tree starting at `i` (a path, possibly ending in `{ … }` or `*`),
/// relative to its prefix, and the index after it.
fn use_tree(tokens: &[Tok], mut i: usize) -> (Vec<Vec<String>>, usize) {
    if tokens.get(i) == Some(&Tok::Punct('{')) {
        let mut out = Vec::new();
        i += 1;
        loop {
            match tokens.get(i) {
                None => return (out, i),
                Some(Tok::Punct('}')) => return (out, i + 1),
                Some(Tok::Punct(',')) => i += 1,
                _ => {
                    let (paths, after) = use_tree(tokens, i);
                    out.extend(paths);
                    i = after.max(i + 1);
                }
            }
        }
    }
    let mut path = Vec::new();
    while let Some(name) = ident(tokens, i) {
        path.push(name.to_string());
        i += 1;
        if tokens.get(i) != Some(&Tok::Sep) {
            break;
        }
        i += 1;
        match tokens.get(i) {
            Some(Tok::Punct('{')) => {
                let (rest, after) = use_tree(tokens, i);
                let out = rest
                    .into_iter()
                    .map(|r| {
                        // `a::{self, b}`: `self` is `a` itself.
                        let r: Vec<String> = r.into_iter().filter(|s| s != "self").collect();
                        path.iter().cloned().chain(r).collect()
                    })
                    .collect();
                return (out, after);
            }
            Some(Tok::Punct('*')) => return (vec![path], i + 1),
            _ => {}
        }
    }
    if ident(tokens, i) == Some("as") {
        i += 2;
    }
    (vec![path], i)
}

/// Resolves a path written in module `here` to an absolute module path, if it names
/// something of this crate.
fn resolve(
    here: &[String],
    path: &[String],
    modules: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    let first = path.first()?.as_str();
    match first {
        "crate" => Some(path[1..].to_vec()),
        "self" => Some(here.iter().chain(&path[1..]).cloned().collect()),
        "super" => {
            let mut base = here.to_vec();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
            Some(base.into_iter().chain(rest.iter().cloned()).collect())
        }
        _ => {
            let child: Vec<String> = here.iter().cloned().chain([first.to_string()]).collect();
            modules
                .contains(&child)
                .then(|| here.iter().chain(path).cloned().collect())
        }
    }
}

/// Reads one file of module `module`: the absolute paths it names.
fn scan(text: &str, module: &[String], modules: &BTreeSet<Vec<String>>) -> FileUses {
    let tokens = lex(text);
    let mut uses = FileUses::default();
    // Inline modules open at a brace depth: (depth, name).
    let mut inline: Vec<(usize, String)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    let here = |inline: &[(usize, String)]| -> Vec<String> {
        module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(_, n)| n.clone()))
            .collect()
    };
    while i < tokens.len() {
        match &tokens[i] {
            Tok::Punct('#')
                if tokens.get(i + 1) == Some(&Tok::Punct('['))
                    || (tokens.get(i + 1) == Some(&Tok::Punct('!'))
                        && tokens.get(i + 2) == Some(&Tok::Punct('['))) =>
            {
                let open = if tokens[i + 1] == Tok::Punct('!') {
                    i + 2
                } else {
                    i + 1
                };
                let end = past_closing(&tokens, open);
                if tokens[i + 1] != Tok::Punct('!') && is_test_cfg(&tokens[open + 1..end - 1]) {
                    // Skip the attributes that follow, then the item.
                    let mut j = end;
                    while tokens.get(j) == Some(&Tok::Punct('#')) {
                        let close = past_closing(&tokens, j + 1);
                        if let [
                            Tok::Punct('['),
                            Tok::Ident(word),
                            Tok::Punct('='),
                            Tok::Str(file),
                            ..,
                        ] = &tokens[j + 1..close]
                            && word == "path"
                        {
                            uses.test_files.push(file.clone());
                        }
                        j = close;
                    }
                    let item = past_item(&tokens, j);
                    // `mod x;` / `mod x { … }`, perhaps after `pub` or `pub(crate)`.
                    if let Some(k) =
                        (j..item.min(j + 5)).find(|&k| ident(&tokens, k) == Some("mod"))
                        && let Some(name) = ident(&tokens, k + 1)
                    {
                        let mut path = here(&inline);
                        path.push(name.to_string());
                        uses.test_modules.push(path);
                    }
                    i = item;
                } else {
                    i = end;
                }
            }
            Tok::Ident(word)
                if word == "mod"
                    && ident(&tokens, i + 1).is_some()
                    && tokens.get(i + 2) == Some(&Tok::Punct('{')) =>
            {
                let name = ident(&tokens, i + 1).unwrap().to_string();
                depth += 1;
                inline.push((depth, name));
                uses.inline_modules.push(here(&inline));
                i += 3;
            }
            Tok::Punct('{') => {
                depth += 1;
                i += 1;
            }
            Tok::Punct('}') => {
                if inline.last().is_some_and(|(d, _)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            Tok::Ident(_)
                if tokens.get(i + 1) == Some(&Tok::Sep)
                    && (i == 0 || tokens[i - 1] != Tok::Sep) =>
            {
                let (paths, after) = use_tree(&tokens, i);
                let at = here(&inline);
                for path in paths {
                    if let Some(resolved) = resolve(&at, &path, modules) {
                        uses.paths.push(resolved);
                    }
                }
                i = after.max(i + 1);
            }
            _ => i += 1,
        }
    }
    uses
}

// ---------------------------------------------------------------------------------------
// The graph

type Graph = BTreeMap<String, BTreeSet<String>>;

fn name(path: &[String]) -> String {
    path.join("::")
}

/// Module → modules it uses, for the crate whose sources are in `src`, with modules cut
/// to `depth` segments (see the module documentation for what counts).
fn module_graph(src: &Path, depth: usize) -> Graph {
    let files: Vec<(PathBuf, Vec<String>)> = rust_files(src)
        .into_iter()
        .filter_map(|f| module_of(src, &f).map(|m| (f, m)))
        .collect();
    let mut modules: BTreeSet<Vec<String>> = files.iter().map(|(_, m)| m.clone()).collect();
    let texts: Vec<String> = files
        .iter()
        .map(|(f, _)| std::fs::read_to_string(f).unwrap())
        .collect();
    // First pass: inline modules and modules declared for tests only.
    let mut test_modules = BTreeSet::new();
    let mut test_files = BTreeSet::new();
    for ((file, module), text) in files.iter().zip(&texts) {
        let uses = scan(text, module, &modules);
        modules.extend(uses.inline_modules);
        test_modules.extend(uses.test_modules);
        let dir = file.parent().unwrap();
        test_files.extend(uses.test_files.iter().map(|f| dir.join(f)));
    }
    let is_test = |m: &[String]| (1..=m.len()).any(|n| test_modules.contains(&m[..n]));
    let node = |m: &[String]| -> Vec<String> {
        // The longest known module the path starts with, cut to `depth`.
        let known = (0..=m.len())
            .rev()
            .find(|&n| modules.contains(&m[..n]))
            .unwrap_or(0);
        m[..known.min(depth)].to_vec()
    };
    let mut graph = Graph::new();
    for ((file, module), text) in files.iter().zip(&texts) {
        if module.is_empty() || is_test(module) || test_files.contains(file) {
            continue;
        }
        let from = node(module);
        let entry = graph.entry(name(&from)).or_default();
        for path in scan(text, module, &modules).paths {
            if is_test(&path) {
                continue;
            }
            let to = node(&path);
            // Itself, an ancestor (its parent, the crate root): not an edge.
            if to.len() <= from.len() && from[..to.len()] == to[..] {
                continue;
            }
            entry.insert(name(&to));
        }
    }
    graph
}

/// The strongly connected components of more than one node (every circle lies in one),
/// each sorted, in sorted order (Tarjan's algorithm).
fn circles(graph: &Graph) -> Vec<Vec<String>> {
    struct Tarjan<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        out: Vec<Vec<String>>,
    }
    impl<'g> Tarjan<'g> {
        fn visit(&mut self, v: &'g str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in self.graph.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                loop {
                    let w = self.stack.pop().unwrap();
                    self.on_stack.remove(w);
                    component.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.out.push(component);
                }
            }
        }
    }
    let mut t = Tarjan {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    t.out.sort();
    t.out
}

/// One circle through the nodes of a component, as `a → b → a`, for the failure message.
fn circle_in(graph: &Graph, component: &[String]) -> String {
    let inside: BTreeSet<&str> = component.iter().map(String::as_str).collect();
    let start = component[0].as_str();
    // Breadth-first from `start` back to `start`, inside the component.
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for w in graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !inside.contains(w) || came_from.contains_key(w) {
                continue;
            }
            came_from.insert(w, v);
            if w == start {
                let mut path = vec![start];
                let mut at = came_from[start];
                while at != start {
                    path.push(at);
                    at = came_from[at];
                }
                path.push(start);
                path.reverse();
                return path.join(" → ");
            }
            queue.push_back(w);
        }
    }
    component.join(", ")
}

fn assert_no_circle(graph: &Graph, what: &str) {
    let found = circles(graph);
    let described: Vec<String> = found.iter().map(|c| circle_in(graph, c)).collect();
    assert!(
        found.is_empty(),
        "import circles in {what}:\n  {}",
        described.join("\n  ")
    );
}

#[test]
fn the_core_modules_form_no_circle() {
    let graph = module_graph(&root().join("crates/maestro-core/src"), 1);
    assert!(graph["risk"].contains("session"), "{graph:?}");
    assert_no_circle(&graph, "maestro-core (top-level modules)");
}

#[test]
fn the_core_modules_form_no_circle_one_level_down() {
    let graph = module_graph(&root().join("crates/maestro-core/src"), 2);
    // Edges the parser must see: a grouped import (`use crate::{catalog::…, session::…}`)
    // and a `super::` path between siblings.
    assert!(graph.contains_key("session::storage") && graph.contains_key("report::build"));
    assert!(
        graph["session::validate"].contains("session::model"),
        "{:?}",
        graph["session::validate"]
    );
    assert_no_circle(&graph, "maestro-core (modules and their children)");
}

#[test]
fn the_interface_modules_form_no_circle() {
    let graph = module_graph(&root().join("src"), 1);
    assert!(graph.contains_key("cli") && graph.contains_key("tui"));
    assert_no_circle(&graph, "maestro-tm (top-level modules)");
}

/// The interface's submodules may lean on each other (the screens and the update loop
/// do), but a widget never draws through a view: `tui::widgets` uses no `tui::views`.
/// The circles among them (and among `cli`'s) are printed (`cargo test --test architecture -- --nocapture`).
#[test]
fn widgets_do_not_use_views() {
    let graph = module_graph(&root().join("src"), 2);
    assert!(graph.contains_key("tui::widgets") && graph.contains_key("tui::views"));
    assert!(
        !graph["tui::widgets"].contains("tui::views"),
        "{:?}",
        graph["tui::widgets"]
    );
    for component in circles(&graph) {
        println!("component: {}", component.join(", "));
    }
}

#[test]
fn the_core_names_no_terminal_or_command_line_crate() {
    let src = root().join("crates/maestro-core/src");
    for file in rust_files(&src) {
        let tokens = lex(&std::fs::read_to_string(&file).unwrap());
        for (i, t) in tokens.iter().enumerate() {
            if let Tok::Ident(name) = t
                && tokens.get(i + 1) == Some(&Tok::Sep)
            {
                assert!(
                    !["ratatui", "crossterm", "clap", "maestro_tm"].contains(&name.as_str()),
                    "{} names {name}::",
                    file.display()
                );
            }
        }
    }
}

#[test]
fn the_parser_sees_grouped_imports_and_relative_paths() {
    let modules: BTreeSet<Vec<String>> = [
        vec!["a"],
        vec!["a", "child"],
        vec!["b"],
        vec!["b", "c"],
        vec!["f"],
        vec!["m"],
        vec!["m", "n"],
        vec!["m", "sib"],
    ]
    .into_iter()
    .map(|m| m.into_iter().map(String::from).collect())
    .collect();
    let text = r#"
        // crate::commented::out
        use crate::{a, b::{c::{self, D}, e as E}, f::*};
        use super::sib::Thing;
        /// Prose naming crate::prose is not an import.
        fn g() { let s = "crate::quoted"; self::h::x(); super::super::a::child::y(); }
        #[cfg(test)]
        mod tests { use crate::tested; }
        #[cfg(test)]
        #[path = "n_more_tests.rs"]
        mod more_tests;
        mod inline { use super::super::f; }
    "#;
    let here = vec!["m".to_string(), "n".to_string()];
    let uses = scan(text, &here, &modules);
    let got: Vec<String> = uses.paths.iter().map(|p| name(p)).collect();
    assert_eq!(
        got,
        [
            "a",
            "b::c",
            "b::c::D",
            "b::e",
            "f",
            "m::sib::Thing",
            "m::n::h::x",
            "a::child::y",
            "m::f",
        ]
    );
    assert_eq!(
        uses.test_modules,
        [vec!["m", "n", "tests"], vec!["m", "n", "more_tests"]]
    );
    assert_eq!(uses.test_files, ["n_more_tests.rs"]);
    assert_eq!(uses.inline_modules, [vec!["m", "n", "inline"]]);
}

#[test]
fn the_circle_finder_finds_a_circle() {
    // The checks above would pass vacuously if the finder never found anything.
    let mut graph = Graph::new();
    graph.insert("a".into(), ["b".to_string()].into());
    graph.insert("b".into(), ["c".to_string()].into());
    graph.insert("c".into(), ["a".to_string(), "d".to_string()].into());
    graph.insert("d".into(), BTreeSet::new());
    assert_eq!(circles(&graph), [["a", "b", "c"]]);
    assert_eq!(circle_in(&graph, &circles(&graph)[0]), "a → b → c → a");
    graph.get_mut("c").unwrap().remove("a");
    assert_eq!(circles(&graph), Vec::<Vec<String>>::new());
}

/// Issue 21: no file over 600 lines without the reason at its top (`//! Long because …`).
#[test]
fn a_file_over_600_lines_says_why_at_its_top() {
    let mut unexplained = Vec::new();
    for dir in [
        "src",
        "crates/maestro-core/src",
        "tests",
        "benches",
        "examples",
    ] {
        let dir = root().join(dir);
        if !dir.exists() {
            continue;
        }
        for file in rust_files(&dir) {
            let text = std::fs::read_to_string(&file).unwrap();
            if text.lines().count() > 600 && !text.starts_with("//! Long because") {
                unexplained.push(file.display().to_string());
            }
        }
    }
    assert!(
        unexplained.is_empty(),
        "over 600 lines with no `//! Long because …` at the top: {unexplained:#?}"
    );
}
