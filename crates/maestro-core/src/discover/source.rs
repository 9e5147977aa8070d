//! Long because it is one hand-written parser (imports, calls, decorators, definitions) over one token stream for two languages; its tests are in `source_tests.rs`.
//!
//! Constructs of one Python or TypeScript file: imports (with the names they bind),
//! calls with their arguments, decorators, class and function definitions, strings.

use super::lexer::{Lang, Tok, Token, lex};
use std::collections::BTreeMap;

/// Most tokens read from one file (a 1 MiB file has fewer than this).
const MAX_TOKENS: usize = 400_000;
/// Most tokens of one call's arguments or one function body looked at.
const MAX_SPAN: usize = 20_000;
/// Most argument tokens read in one file, all calls together: nested or unclosed calls
/// (`f(f(f(…`) would otherwise cost tokens × span.
const ARG_BUDGET: usize = 2 * MAX_TOKENS;

/// Where a local name comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// Module path as written in the import (`crewai`, `@ai-sdk/openai`, `google.adk.agents`).
    pub module: String,
    /// The imported name (`Agent`), or none for a module/namespace import.
    pub name: Option<String>,
}

/// A call (or `new`) in the file.
#[derive(Debug, Clone, Default)]
pub struct Call {
    /// The callee as written: `Agent`, `crewai.Agent`, `graph.add_node`.
    pub path: String,
    pub line: u32,
    /// Variable the result is assigned to (last segment of `self.x = …`).
    pub variable: Option<String>,
    /// Object key or keyword argument the call is the value of.
    pub key: Option<String>,
    /// Keyword arguments (and object keys) whose value is one string.
    pub kw_strings: BTreeMap<String, String>,
    /// Every string in each keyword argument's value.
    pub kw_all_strings: BTreeMap<String, Vec<String>>,
    /// Identifiers in each keyword argument's value.
    pub kw_idents: BTreeMap<String, Vec<String>>,
    /// Positional string arguments, in order.
    pub strings: Vec<String>,
    /// Positional identifier arguments, in order.
    pub positional_idents: Vec<String>,
    /// Every identifier in the arguments.
    pub idents: Vec<String>,
    /// Token span of the call (callee to closing parenthesis).
    pub span: (usize, usize),
}

/// A decorated function or class.
#[derive(Debug, Clone)]
pub struct Decorated {
    pub decorator: String,
    /// The decorator's own call arguments (`@tool("name")`), when it has them.
    pub call: Option<Call>,
    pub target: String,
    pub line: u32,
    pub span: (usize, usize),
}

/// A function or class definition with the identifiers its body uses.
#[derive(Debug, Clone)]
pub struct Definition {
    pub name: String,
    pub line: u32,
    pub is_class: bool,
    /// Base classes as written.
    pub bases: Vec<String>,
    /// Token span of the definition (head and body).
    pub span: (usize, usize),
}

/// Everything discovery reads from one source file.
#[derive(Debug, Default)]
pub struct SourceFile {
    /// Local name → where it was imported from.
    pub bindings: BTreeMap<String, Binding>,
    /// Every module imported, with the line.
    pub imports: Vec<(String, u32)>,
    pub calls: Vec<Call>,
    pub decorated: Vec<Decorated>,
    pub definitions: Vec<Definition>,
    /// String literals with their line and token index.
    pub strings: Vec<(String, u32, usize)>,
    /// Identifiers with their token index (to find what a span refers to).
    pub idents: Vec<(String, usize)>,
    /// Line of each token.
    pub lines: Vec<u32>,
}

const KEYWORDS: &[&str] = &[
    "if", "elif", "while", "for", "return", "def", "function", "class", "print", "and", "or",
    "not", "in", "is", "lambda", "with", "assert", "yield", "await", "new", "typeof", "switch",
    "catch", "super", "import", "require", "from", "async", "else", "del", "raise", "except",
];

impl SourceFile {
    /// Reads the constructs of `text`.
    pub fn parse(text: &str, lang: Lang) -> SourceFile {
        let toks = lex(text, lang, MAX_TOKENS);
        let mut file = SourceFile {
            lines: toks.iter().map(|t| t.line).collect(),
            ..SourceFile::default()
        };
        let close = matching_brackets(&toks);
        let mut budget = ARG_BUDGET;
        let mut i = 0;
        while i < toks.len() {
            match &toks[i].tok {
                Tok::Ident(word) => {
                    let at_statement =
                        i == 0 || matches!(toks[i - 1].tok, Tok::Newline | Tok::Punct(b';'));
                    match word.as_str() {
                        "import" if lang == Lang::Python && at_statement => {
                            i = file.python_import(&toks, i + 1);
                            continue;
                        }
                        "from" if lang == Lang::Python && at_statement => {
                            i = file.python_from(&toks, i + 1);
                            continue;
                        }
                        "import" if lang == Lang::Script && at_statement => {
                            i = file.script_import(&toks, i + 1);
                            continue;
                        }
                        "export" if lang == Lang::Script && at_statement => {
                            // `export … from 'm'` re-exports; treat like an import.
                            if let Some(Tok::Ident(next)) = toks.get(i + 1).map(|t| &t.tok)
                                && next == "import"
                            {
                                i += 1;
                                continue;
                            }
                        }
                        "require" => file.require(&toks, i),
                        "def" | "class" | "function" => {
                            file.definition(&toks, i, &close, lang, &mut budget)
                        }
                        _ => {}
                    }
                    file.idents.push((word.clone(), i));
                    if toks.get(i + 1).map(|t| &t.tok) == Some(&Tok::Punct(b'('))
                        && !KEYWORDS.contains(&word.as_str())
                        && !is_definition_name(&toks, i)
                    {
                        let call = read_call(&toks, i, &close, &mut budget);
                        file.calls.push(call);
                    }
                }
                Tok::Str(s) => file.strings.push((s.clone(), toks[i].line, i)),
                Tok::Punct(b'@') => file.decorator(&toks, i, &close, lang, &mut budget),
                _ => {}
            }
            i += 1;
        }
        file
    }

    /// Where the first segment of `path` was imported from, and the candidate names of
    /// what `path` calls (the imported name and the last segment).
    pub fn resolve<'a>(&'a self, path: &'a str) -> Option<(&'a str, Vec<&'a str>)> {
        let first = path.split('.').next().unwrap_or(path);
        let binding = self.bindings.get(first)?;
        let mut names = Vec::new();
        if path == first {
            if let Some(name) = &binding.name {
                names.push(name.as_str());
            } else {
                names.push(first);
            }
        } else {
            names.push(path.rsplit('.').next().unwrap_or(path));
            if let Some(name) = &binding.name {
                names.push(name.as_str());
            }
        }
        Some((binding.module.as_str(), names))
    }

    /// Index of the first token of a line after `line` within `span` (the body of a
    /// definition whose head is on `line`).
    pub fn first_token_after_line(&self, line: u32, span: (usize, usize)) -> usize {
        self.lines
            .iter()
            .enumerate()
            .skip(span.0)
            .take(span.1.saturating_sub(span.0))
            .find(|(_, l)| **l > line)
            .map_or(span.1, |(i, _)| i)
    }

    fn bind(&mut self, local: &str, module: &str, name: Option<&str>, line: u32) {
        if local.is_empty() || module.is_empty() {
            return;
        }
        self.bindings.insert(
            local.to_string(),
            Binding {
                module: module.to_string(),
                name: name.map(str::to_string),
            },
        );
        if !self.imports.iter().any(|(m, _)| m == module) {
            self.imports.push((module.to_string(), line));
        }
    }

    /// `import a.b as c, d` (tokens after `import`).
    fn python_import(&mut self, toks: &[Token], mut i: usize) -> usize {
        let line = toks.get(i).map_or(0, |t| t.line);
        while i < toks.len() {
            match &toks[i].tok {
                Tok::Ident(module) => {
                    let module = module.clone();
                    if ident_at(toks, i + 1) == Some("as")
                        && let Some(alias) = ident_at(toks, i + 2)
                    {
                        let alias = alias.to_string();
                        self.bind(&alias, &module, None, line);
                        i += 3;
                    } else {
                        let first = module.split('.').next().unwrap_or(&module).to_string();
                        self.bind(&first, &first, None, line);
                        if module != first {
                            self.imports.push((module, line));
                        }
                        i += 1;
                    }
                }
                Tok::Punct(b',') => i += 1,
                _ => break,
            }
        }
        i
    }

    /// `from a.b import (x as y, z)` (tokens after `from`).
    fn python_from(&mut self, toks: &[Token], mut i: usize) -> usize {
        // Relative imports (`from . import x`, `from .m import x`) are the project's own.
        let Some(module) = ident_at(toks, i).map(str::to_string) else {
            return i;
        };
        let line = toks[i].line;
        i += 1;
        if ident_at(toks, i) != Some("import") {
            return i;
        }
        i += 1;
        let mut depth = 0;
        while i < toks.len() {
            match &toks[i].tok {
                Tok::Punct(b'(') => depth += 1,
                Tok::Punct(b')') => {
                    i += 1;
                    break;
                }
                Tok::Newline if depth == 0 => break,
                Tok::Ident(name) => {
                    let name = name.clone();
                    if ident_at(toks, i + 1) == Some("as")
                        && let Some(alias) = ident_at(toks, i + 2)
                    {
                        let alias = alias.to_string();
                        self.bind(&alias, &module, Some(&name), line);
                        i += 2;
                    } else {
                        self.bind(&name, &module, Some(&name), line);
                    }
                }
                Tok::Punct(b'*') if !self.imports.iter().any(|(m, _)| *m == module) => {
                    self.imports.push((module.clone(), line));
                }
                _ => {}
            }
            i += 1;
        }
        i
    }

    /// `import X, { a as b } from 'm'`, `import * as ns from 'm'`, `import 'm'`.
    fn script_import(&mut self, toks: &[Token], mut i: usize) -> usize {
        let line = toks.get(i).map_or(0, |t| t.line);
        let mut names: Vec<(String, Option<String>)> = Vec::new();
        let mut in_braces = false;
        let end = (i + 400).min(toks.len());
        while i < end {
            match &toks[i].tok {
                Tok::Str(module) => {
                    let module = module.clone();
                    if names.is_empty() && !self.imports.iter().any(|(m, _)| *m == module) {
                        self.imports.push((module.clone(), line));
                    }
                    for (local, name) in &names {
                        self.bind(local, &module, name.as_deref(), line);
                    }
                    return i + 1;
                }
                Tok::Punct(b'{') => in_braces = true,
                Tok::Punct(b'}') => in_braces = false,
                Tok::Punct(b'*') => {
                    if ident_at(toks, i + 1) == Some("as")
                        && let Some(alias) = ident_at(toks, i + 2)
                    {
                        names.push((alias.to_string(), None));
                        i += 2;
                    }
                }
                Tok::Ident(word) if word == "from" || word == "type" => {}
                Tok::Ident(word) => {
                    let word = word.clone();
                    if ident_at(toks, i + 1) == Some("as")
                        && let Some(alias) = ident_at(toks, i + 2)
                    {
                        names.push((alias.to_string(), Some(word)));
                        i += 2;
                    } else if in_braces {
                        names.push((word.clone(), Some(word)));
                    } else {
                        // A default import: the module's main export.
                        names.push((word.clone(), Some(word)));
                    }
                }
                Tok::Punct(b';') => return i + 1,
                _ => {}
            }
            i += 1;
        }
        i
    }

    /// `const X = require('m')` and `const { a, b } = require('m')`.
    fn require(&mut self, toks: &[Token], i: usize) {
        let (Some(Tok::Punct(b'(')), Some(Tok::Str(module))) = (
            toks.get(i + 1).map(|t| &t.tok),
            toks.get(i + 2).map(|t| &t.tok),
        ) else {
            return;
        };
        let line = toks[i].line;
        let module = module.clone();
        if i >= 2 && toks[i - 1].tok == Tok::Punct(b'=') {
            match &toks[i - 2].tok {
                Tok::Ident(local) => {
                    let local = local.clone();
                    self.bind(&local, &module, None, line);
                }
                Tok::Punct(b'}') => {
                    let mut j = i - 2;
                    while j > 0 && toks[j].tok != Tok::Punct(b'{') && i - j < 100 {
                        j -= 1;
                        if let Tok::Ident(name) = &toks[j].tok {
                            let name = name.clone();
                            self.bind(&name, &module, Some(&name), line);
                        }
                    }
                }
                _ => {}
            }
        } else if !self.imports.iter().any(|(m, _)| *m == module) {
            self.imports.push((module, line));
        }
    }

    fn definition(
        &mut self,
        toks: &[Token],
        i: usize,
        close: &[usize],
        lang: Lang,
        budget: &mut usize,
    ) {
        let Some(name) = ident_at(toks, i + 1) else {
            return;
        };
        let is_class = matches!(&toks[i].tok, Tok::Ident(w) if w == "class");
        let mut bases = Vec::new();
        let mut j = i + 2;
        if is_class {
            if toks.get(j).map(|t| &t.tok) == Some(&Tok::Punct(b'(')) {
                let end = close[j].min(toks.len());
                for t in &toks[j..end] {
                    if let Tok::Ident(b) = &t.tok {
                        bases.push(b.clone());
                    }
                }
                j = end;
            } else if ident_at(toks, j) == Some("extends")
                && let Some(base) = ident_at(toks, j + 1)
            {
                bases.push(base.to_string());
            }
        }
        let end = body_end(toks, i, j, close, lang, budget);
        self.definitions.push(Definition {
            name: name.to_string(),
            line: toks[i].line,
            is_class,
            bases,
            span: (i, end),
        });
    }

    fn decorator(
        &mut self,
        toks: &[Token],
        i: usize,
        close: &[usize],
        lang: Lang,
        budget: &mut usize,
    ) {
        let Some(name) = ident_at(toks, i + 1) else {
            return;
        };
        let call = (toks.get(i + 2).map(|t| &t.tok) == Some(&Tok::Punct(b'(')))
            .then(|| read_call(toks, i + 1, close, budget));
        // The decorated definition follows (possibly after more decorators).
        let mut j = call.as_ref().map_or(i + 2, |c| c.span.1 + 1);
        let limit = (j + 200).min(toks.len());
        while j < limit {
            match &toks[j].tok {
                Tok::Ident(w) if w == "def" || w == "class" || w == "function" => {
                    if let Some(target) = ident_at(toks, j + 1) {
                        let end = body_end(toks, j, j + 2, close, lang, budget);
                        self.decorated.push(Decorated {
                            decorator: name.to_string(),
                            call,
                            target: target.to_string(),
                            line: toks[j].line,
                            span: (j, end),
                        });
                    }
                    return;
                }
                // A TypeScript method or property decorator: `@tool() name(…)`.
                Tok::Ident(w) if lang == Lang::Script && w != "async" && w != "public" => {
                    self.decorated.push(Decorated {
                        decorator: name.to_string(),
                        call,
                        target: w.clone(),
                        line: toks[j].line,
                        span: (j, j),
                    });
                    return;
                }
                _ => j += 1,
            }
        }
    }
}

fn ident_at(toks: &[Token], i: usize) -> Option<&str> {
    match toks.get(i).map(|t| &t.tok) {
        Some(Tok::Ident(s)) => Some(s.as_str()),
        _ => None,
    }
}

/// `def name(` / `function name(`: the name is not a call.
fn is_definition_name(toks: &[Token], i: usize) -> bool {
    i > 0
        && matches!(&toks[i - 1].tok, Tok::Ident(w) if w == "def" || w == "function" || w == "class")
}

/// For each opening bracket, the index of its closing one (or the end of the file).
fn matching_brackets(toks: &[Token]) -> Vec<usize> {
    let mut close = vec![toks.len(); toks.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match t.tok {
            Tok::Punct(b'(' | b'[' | b'{') => stack.push(i),
            Tok::Punct(b')' | b']' | b'}') => {
                if let Some(open) = stack.pop() {
                    close[open] = i;
                }
            }
            _ => {}
        }
    }
    close
}

/// End of a definition's body: Python by indentation, scripts by the first `{ … }`.
/// Tokens looked at are taken from `budget`.
fn body_end(
    toks: &[Token],
    head: usize,
    from: usize,
    close: &[usize],
    lang: Lang,
    budget: &mut usize,
) -> usize {
    let limit = (from + MAX_SPAN).min(toks.len()).min(from + *budget);
    let mut j = from;
    let end = loop {
        if j >= limit {
            break limit;
        }
        let t = &toks[j];
        match lang {
            Lang::Python => {
                if t.line > toks[head].line
                    && t.tok != Tok::Newline
                    && t.indent <= toks[head].indent
                    && toks[j - 1].tok == Tok::Newline
                {
                    break j;
                }
            }
            Lang::Script => {
                if t.tok == Tok::Punct(b'{') {
                    *budget = budget.saturating_sub(j - from);
                    return close[j].min(toks.len());
                }
            }
        }
        j += 1;
    };
    *budget = budget.saturating_sub(end.saturating_sub(from));
    end
}

/// The call whose callee is the identifier at `i` (followed by `(`).
fn read_call(toks: &[Token], i: usize, close: &[usize], budget: &mut usize) -> Call {
    let Tok::Ident(path) = &toks[i].tok else {
        return Call::default();
    };
    let open = i + 1;
    let end = close[open]
        .min(toks.len())
        .min(open + MAX_SPAN)
        .min(open + 1 + *budget);
    *budget = budget.saturating_sub(end - open);
    let mut call = Call {
        path: path.clone(),
        line: toks[i].line,
        span: (i, end),
        ..Call::default()
    };
    // What the call is assigned to or the value of.
    let mut k = i;
    while k > 0 && matches!(&toks[k - 1].tok, Tok::Ident(w) if w == "new" || w == "await") {
        k -= 1;
    }
    if k >= 2 {
        let before = &toks[k - 1].tok;
        let name = match &toks[k - 2].tok {
            Tok::Ident(n) => Some(n.rsplit('.').next().unwrap_or(n).to_string()),
            Tok::Str(s) => Some(s.clone()),
            _ => None,
        };
        let statement_start = k < 3
            || matches!(&toks[k - 3].tok, Tok::Newline | Tok::Punct(b';'))
            || matches!(&toks[k - 3].tok, Tok::Ident(w) if matches!(w.as_str(), "const" | "let" | "var" | "export"));
        match before {
            Tok::Punct(b'=') if statement_start => call.variable = name,
            Tok::Punct(b'=' | b':') => call.key = name,
            _ => {}
        }
    }
    // `with X(…) as name` binds the result too.
    if call.variable.is_none()
        && let Some(Tok::Ident(w)) = toks.get(end + 1).map(|t| &t.tok)
        && w == "as"
        && let Some(Tok::Ident(name)) = toks.get(end + 2).map(|t| &t.tok)
    {
        call.variable = Some(name.clone());
    }
    // Arguments: keyword/object-key values, positional strings and identifiers.
    let mut j = open + 1;
    // Bracket depth of token j inside the call (1 = directly in its parentheses).
    let mut depth = 1usize;
    while j < end {
        match &toks[j].tok {
            Tok::Ident(key)
                if depth <= 2
                    && matches!(
                        toks.get(j + 1).map(|t| &t.tok),
                        Some(Tok::Punct(b'=' | b':'))
                    ) =>
            {
                let value_end = value_end(toks, j + 2, end);
                let value = &toks[j + 2..value_end];
                if let [
                    Token {
                        tok: Tok::Str(s), ..
                    },
                ] = value
                {
                    call.kw_strings.insert(key.clone(), s.clone());
                }
                let idents: Vec<String> = value
                    .iter()
                    .filter_map(|t| match &t.tok {
                        Tok::Ident(n) => Some(n.clone()),
                        _ => None,
                    })
                    .collect();
                call.kw_idents
                    .entry(key.clone())
                    .or_default()
                    .extend(idents);
                let strings = value.iter().filter_map(|t| match &t.tok {
                    Tok::Str(s) => Some(s.clone()),
                    _ => None,
                });
                call.kw_all_strings
                    .entry(key.clone())
                    .or_default()
                    .extend(strings);
                j += 2;
                continue;
            }
            Tok::Str(s) if depth == 1 && is_positional(toks, j) => {
                call.strings.push(s.clone());
            }
            Tok::Ident(n) => {
                if depth == 1 && is_positional(toks, j) {
                    call.positional_idents.push(n.clone());
                }
                call.idents.push(n.clone());
            }
            Tok::Punct(b'(' | b'[' | b'{') => depth += 1,
            Tok::Punct(b')' | b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        j += 1;
    }
    call
}

/// A token standing alone as an argument: between `(`/`,` and `,`/`)`.
fn is_positional(toks: &[Token], j: usize) -> bool {
    let prev = toks[..j]
        .iter()
        .rev()
        .find(|t| t.tok != Tok::Newline)
        .map(|t| &t.tok);
    let next = toks[j + 1..]
        .iter()
        .find(|t| t.tok != Tok::Newline)
        .map(|t| &t.tok);
    matches!(prev, Some(Tok::Punct(b'(' | b','))) && matches!(next, Some(Tok::Punct(b',' | b')')))
}

/// End (exclusive) of a keyword argument's value starting at `from`.
fn value_end(toks: &[Token], from: usize, end: usize) -> usize {
    let mut depth = 0i32;
    let mut j = from;
    while j < end {
        match toks[j].tok {
            Tok::Punct(b'(' | b'[' | b'{') => depth += 1,
            Tok::Punct(b')' | b']' | b'}') => {
                if depth == 0 {
                    return j;
                }
                depth -= 1;
            }
            Tok::Punct(b',') if depth == 0 => return j,
            _ => {}
        }
        j += 1;
    }
    end
}

#[cfg(test)]
#[path = "source_tests.rs"]
mod tests;
