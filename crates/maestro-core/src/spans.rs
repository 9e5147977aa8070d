//! Finding where a value sits in a TOML text, so that problems found after
//! deserializing (a dangling reference, a duplicate id) still get a line and column.

use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// One step of a path into a document: a key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

impl From<&str> for Seg {
    fn from(key: &str) -> Seg {
        Seg::Key(key.to_string())
    }
}

impl From<usize> for Seg {
    fn from(index: usize) -> Seg {
        Seg::Index(index)
    }
}

/// Builds a path from keys and indexes: `path!["threats", 3, "components", 0]`.
#[macro_export]
macro_rules! path {
    ($($seg:expr),* $(,)?) => { vec![$($crate::spans::Seg::from($seg)),*] };
}

/// Byte range of the deepest value along `path` that exists in `text`.
///
/// Falls back to the nearest existing ancestor, so a problem always gets a place. Each
/// call parses `text`: to place many problems in one text, use a [`Locator`].
pub fn span_of(text: &str, path: &[Seg]) -> Option<Range<usize>> {
    let root = DeTable::parse(text).ok()?;
    span_in(root.get_ref(), path)
}

fn span_in(root: &DeTable<'_>, path: &[Seg]) -> Option<Range<usize>> {
    let mut best: Option<Range<usize>> = None;
    let mut table: Option<&DeTable<'_>> = Some(root);
    let mut value: Option<&DeValue<'_>> = None;
    for seg in path {
        let next = match (seg, table, value) {
            (Seg::Key(key), Some(t), _) => {
                t.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
            }
            (Seg::Key(key), None, Some(DeValue::Table(t))) => {
                t.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
            }
            (Seg::Index(i), None, Some(DeValue::Array(items))) => items.get(*i),
            _ => None,
        };
        let Some(next) = next else { break };
        best = Some(next.span());
        table = None;
        value = Some(next.get_ref());
    }
    best
}

/// Places many paths in one text. Paths into a record of a list of tables
/// (`[[threats]]`), a table (`[business]`) or the keys before the first header are placed
/// by parsing only that record, table or head: the `toml` crate's parse holds about 23
/// bytes per byte of text, so parsing a 50,000-threat file whole to place its warnings
/// took 1.1 GiB. The headers are found once by a lexer (which knows multi-line strings);
/// when anything about them is in doubt (a quoted or spaced header, a table continued
/// after another one, a key both at the root and in a header), the text is parsed whole,
/// once, as before. Line starts are indexed once. (`validate` placed each warning by
/// parsing the whole file again and counting its lines from the start: a 10,000-threat
/// session with a warning per threat never finished.)
pub struct Locator<'t> {
    text: &'t str,
    sections: std::cell::OnceCell<Option<Sections<'t>>>,
    /// The last piece parsed, by its range: a record's warnings come one after another.
    piece: std::cell::RefCell<Option<(Range<usize>, toml::Spanned<DeTable<'t>>)>>,
    root: std::cell::OnceCell<Option<toml::Spanned<DeTable<'t>>>>,
    line_starts: std::cell::OnceCell<Vec<usize>>,
    #[cfg(test)]
    parses: std::cell::Cell<(usize, usize)>,
}

/// Where each top-level key of a text is written.
#[derive(Debug, Default)]
struct Sections<'t> {
    /// The text before the first header, and the keys it sets.
    head: Range<usize>,
    head_keys: Vec<&'t str>,
    /// A list of tables: its records, in order. A table: its one range.
    places: std::collections::HashMap<&'t str, Place>,
}

#[derive(Debug)]
enum Place {
    Records(Vec<Range<usize>>),
    Table(Range<usize>),
    /// Written in a way the ranges do not capture: the whole parse places it.
    Doubt,
}

/// What a header line opens.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Header {
    /// `[[KEY]]`: a record of the list KEY.
    Record,
    /// `[KEY]`: the table KEY.
    Table,
    /// `[KEY.…]` or `[[KEY.…]]`: a part of the record or table before.
    Part,
}

/// The first key of a header line and what it opens, with bare keys only; `None` for
/// any other spelling (quotes, spaces, a comment after it).
fn header(line: &str) -> Option<(&str, Header)> {
    let line = line.strip_suffix('\n').unwrap_or(line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    let (inner, array) = match line.strip_prefix("[[") {
        Some(rest) => (rest.strip_suffix("]]")?, true),
        None => (line.strip_prefix('[')?.strip_suffix(']')?, false),
    };
    let bare = |k: &str| {
        !k.is_empty()
            && k.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    let mut parts = inner.split('.');
    let first = parts.next().filter(|k| bare(k))?;
    let mut dotted = false;
    for part in parts {
        if !bare(part) {
            return None;
        }
        dotted = true;
    }
    Some(match (dotted, array) {
        (true, _) => (first, Header::Part),
        (false, true) => (first, Header::Record),
        (false, false) => (first, Header::Table),
    })
}

impl<'t> Sections<'t> {
    /// The sections of `text`, found by its tokens; `None` when a header or a root key is
    /// not spelled plainly.
    fn of(text: &'t str) -> Option<Sections<'t>> {
        use toml_parser::lexer::TokenKind;
        let mut headers: Vec<usize> = Vec::new();
        let mut head_keys = Vec::new();
        let (mut line_start, mut in_header, mut depth) = (true, false, 0usize);
        for token in toml_parser::Source::new(text).lex() {
            let span = token.span();
            match token.kind() {
                TokenKind::Eof => break,
                TokenKind::Newline => {
                    if in_header {
                        in_header = false;
                    }
                    line_start |= depth == 0;
                }
                _ if in_header => {}
                TokenKind::Whitespace | TokenKind::Comment => {}
                kind if line_start => {
                    line_start = false;
                    match kind {
                        TokenKind::LeftSquareBracket => {
                            headers.push(span.start());
                            in_header = true;
                        }
                        TokenKind::Atom if headers.is_empty() => {
                            head_keys.push(&text[span.start()..span.end()]);
                        }
                        // Keys after a header belong to its table.
                        TokenKind::Atom | TokenKind::BasicString | TokenKind::LiteralString
                            if !headers.is_empty() => {}
                        _ => return None,
                    }
                }
                TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => depth += 1,
                TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
                    depth = depth.checked_sub(1)?;
                }
                _ => {}
            }
        }
        let mut sections = Sections {
            head: 0..headers.first().copied().unwrap_or(text.len()),
            head_keys,
            places: Default::default(),
        };
        // Each header, with where its section ends (the next header).
        let ends = headers.iter().skip(1).copied().chain([text.len()]);
        let mut current: Option<&str> = None;
        for (start, end) in headers.iter().copied().zip(ends) {
            let line = text[start..].split_inclusive('\n').next().unwrap_or("");
            let (key, kind) = header(line)?;
            let continues = current == Some(key);
            current = Some(key);
            let Some(place) = sections.places.get_mut(key) else {
                let place = match kind {
                    Header::Record => Place::Records(std::iter::once(start..end).collect()),
                    Header::Table | Header::Part => Place::Table(start..end),
                };
                sections.places.insert(key, place);
                continue;
            };
            match (place, kind) {
                (Place::Records(records), Header::Record) => records.push(start..end),
                // A part of the record or table right before (`[threats.x]`,
                // `[[assets.lifecycle]]`, `[otm.document]`).
                (Place::Records(records), Header::Part) if continues => {
                    if let Some(last) = records.last_mut() {
                        last.end = end;
                    }
                }
                (Place::Table(range), Header::Part) if continues => range.end = end,
                (place, _) => *place = Place::Doubt,
            }
        }
        Some(sections)
    }

    /// Where to look for `path` (see [`Where`]).
    fn piece(&self, path: &[Seg]) -> Where {
        let Some(Seg::Key(key)) = path.first() else {
            return Where::Whole;
        };
        if self.head_keys.iter().any(|k| k == key) {
            // Also under a header: only the whole parse can say what it is.
            if self.places.contains_key(key.as_str()) {
                return Where::Whole;
            }
            return Where::Piece(self.head.clone(), path.to_vec());
        }
        match self.places.get(key.as_str()) {
            None => Where::Nowhere,
            Some(Place::Table(range)) => Where::Piece(range.clone(), path.to_vec()),
            Some(Place::Records(records)) => match path.get(1) {
                Some(Seg::Index(i)) if *i < records.len() => {
                    let mut inner = path.to_vec();
                    inner[1] = Seg::Index(0);
                    Where::Piece(records[*i].clone(), inner)
                }
                _ => Where::Whole,
            },
            Some(Place::Doubt) => Where::Whole,
        }
    }
}

/// Where a path is looked for.
enum Where {
    /// In the piece of text at this range, by this path inside it.
    Piece(Range<usize>, Vec<Seg>),
    /// Its first key is not in the text.
    Nowhere,
    /// Only the whole parse can say.
    Whole,
}

impl<'t> Locator<'t> {
    pub fn new(text: &'t str) -> Locator<'t> {
        Locator {
            text,
            sections: std::cell::OnceCell::new(),
            piece: std::cell::RefCell::new(None),
            root: std::cell::OnceCell::new(),
            line_starts: std::cell::OnceCell::new(),
            #[cfg(test)]
            parses: std::cell::Cell::new((0, 0)),
        }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    /// [`span_of`] without parsing the whole text (see the type's docs).
    pub fn span_of(&self, path: &[Seg]) -> Option<Range<usize>> {
        let sections = self.sections.get_or_init(|| Sections::of(self.text));
        if let Some(sections) = sections {
            match sections.piece(path) {
                Where::Nowhere => return None,
                Where::Piece(range, inner) => {
                    if let Some(span) = self.in_piece(range, &inner) {
                        return span;
                    }
                }
                Where::Whole => {}
            }
        }
        self.in_whole(path)
    }

    /// The span of `inner` in the piece `range`, in the whole text; `None` when the
    /// piece does not parse on its own.
    fn in_piece(&self, range: Range<usize>, inner: &[Seg]) -> Option<Option<Range<usize>>> {
        let mut piece = self.piece.borrow_mut();
        if piece.as_ref().is_none_or(|(r, _)| *r != range) {
            #[cfg(test)]
            self.parses
                .set((self.parses.get().0 + 1, self.parses.get().1));
            let table = DeTable::parse(&self.text[range.clone()]).ok()?;
            *piece = Some((range.clone(), table));
        }
        let (_, table) = piece.as_ref()?;
        let start = range.start;
        Some(span_in(table.get_ref(), inner).map(|s| s.start + start..s.end + start))
    }

    fn in_whole(&self, path: &[Seg]) -> Option<Range<usize>> {
        let root = self
            .root
            .get_or_init(|| {
                #[cfg(test)]
                self.parses
                    .set((self.parses.get().0, self.parses.get().1 + 1));
                DeTable::parse(self.text).ok()
            })
            .as_ref()?;
        span_in(root.get_ref(), path)
    }

    /// [`crate::located::line_column`] by a binary search of the line starts.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let text = self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let line = starts.partition_point(|&start| start <= offset);
        let start = starts[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }
}

#[cfg(test)]
mod locator_tests {
    use super::*;

    #[test]
    fn the_locator_places_like_the_one_shot_functions() {
        let text = "a = 1\n[t]\nname = \"é😀\"\n[[r]]\nid = \"R1\"\n[[r]]\nid = \"R2\"\n";
        let locator = Locator::new(text);
        for path in [
            crate::path!["a"],
            crate::path!["t", "name"],
            crate::path!["r", 1, "id"],
            crate::path!["r", 7],
            crate::path!["missing"],
        ] {
            assert_eq!(locator.span_of(&path), span_of(text, &path), "{path:?}");
        }
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                locator.line_column(offset),
                crate::located::line_column(text, offset),
                "offset {offset}"
            );
        }
    }

    /// Every path of every record of a generated session, and paths that miss (absent
    /// fields, indexes past the end, keys not in the file), with what is asked of a
    /// Locator by `validate`: the same places as the whole parse, by parsing records.
    #[test]
    fn records_are_placed_as_the_whole_parse_places_them() {
        let session = crate::synth::generate(
            crate::synth::SynthParams {
                components: 12,
                threats: 60,
                seed: 5,
            },
            &crate::catalog::Catalog::embedded(),
        );
        let text = crate::session::storage::to_text(&session, &Default::default());
        let whole = DeTable::parse(&text).unwrap();
        let mut paths: Vec<Vec<Seg>> = vec![
            crate::path!["schema_version"],
            crate::path!["session", "title"],
            crate::path!["session", "missing"],
            crate::path!["business"],
            crate::path!["nowhere", "at_all"],
            crate::path!["threats"],
            crate::path!["threats", 100_000],
            crate::path!["threats", "not_an_index"],
            crate::path!["session", 3],
        ];
        for (key, value) in whole.get_ref().iter() {
            let key = key.get_ref().to_string();
            let DeValue::Array(items) = value.get_ref() else {
                if let DeValue::Table(table) = value.get_ref() {
                    for (field, _) in table.iter() {
                        let field = field.get_ref().to_string();
                        paths.push(crate::path![key.as_str(), field.as_str()]);
                    }
                }
                continue;
            };
            for (i, item) in items.iter().enumerate() {
                paths.push(crate::path![key.as_str(), i]);
                paths.push(crate::path![key.as_str(), i, "no_such_field"]);
                if let DeValue::Table(record) = item.get_ref() {
                    for (field, v) in record.iter() {
                        let field = field.get_ref().to_string();
                        paths.push(crate::path![key.as_str(), i, field.as_str()]);
                        if let DeValue::Array(values) = v.get_ref() {
                            for j in 0..values.len() + 1 {
                                paths.push(crate::path![key.as_str(), i, field.as_str(), j]);
                            }
                        }
                    }
                }
            }
        }
        let locator = Locator::new(&text);
        for path in &paths {
            assert_eq!(
                locator.span_of(path),
                span_in(whole.get_ref(), path),
                "{path:?}"
            );
        }
        let (pieces, wholes) = locator.parses.get();
        // The paths the records cannot answer (the list itself, an index past its end)
        // take the whole parse, once.
        assert_eq!(wholes, 1);
        assert!(pieces > 60, "{pieces}");
        // Warnings of records only: no whole parse, one parse per record.
        let locator = Locator::new(&text);
        for i in 0..session.threats.len() {
            for field in ["name", "likelihood", "none"] {
                locator.span_of(&[Seg::from("threats"), Seg::from(i), Seg::from(field)]);
            }
        }
        assert_eq!(locator.parses.get(), (session.threats.len(), 0));
    }

    /// Texts whose headers the lexer scan cannot vouch for are placed by the whole parse,
    /// and placed the same.
    #[test]
    fn doubtful_texts_are_placed_as_the_whole_parse_places_them() {
        let texts = [
            // A header line inside a multi-line string is not a header.
            "a = 1\n[[t]]\nid = \"1\"\nd = \"\"\"\n[[t]]\nx\n\"\"\"\n[[t]]\nid = \"2\"\n",
            // Quoted and spaced headers, a comment after one.
            "[[\"t\"]]\nid = \"1\"\n[[t]]\nid = \"2\"\n",
            "[[ t ]]\nid = \"1\"\n[[t]]\nid = \"2\"\n",
            "[[t]] # first\nid = \"1\"\n[[t]]\nid = \"2\"\n",
            // A table continued after another one; parts of records.
            "[a.b]\nx = 1\n[c]\ny = 2\n[a.d]\nz = 3\n",
            "[[t]]\nid = \"1\"\n[t.sub]\nk = 1\n[[t.items]]\nn = 1\n[[t]]\nid = \"2\"\n[u]\nv = 1\n[t.sub]\nk = 3\n",
            // Windows line ends and a byte order mark.
            "\u{feff}a = 1\r\n[[t]]\r\nid = \"1\"\r\n[[t]]\r\nid = \"2\"\r\n[s]\r\nk = 'v'\r\n",
            // Dotted and quoted root keys, arrays over lines.
            "a.b = 1\nc = [\n  1,\n  [2],\n]\n[[t]]\nid = \"1\"\n",
            "\"q\" = 1\n[[t]]\nid = \"1\"\n",
            // No header at all.
            "a = 1\nb = [1, 2]\n",
        ];
        let paths = [
            crate::path!["a"],
            crate::path!["a", "b"],
            crate::path!["a", "d", "z"],
            crate::path!["c", 1, 0],
            crate::path!["c", "y"],
            crate::path!["q"],
            crate::path!["s", "k"],
            crate::path!["t"],
            crate::path!["t", 0, "id"],
            crate::path!["t", 1, "id"],
            crate::path!["t", 1, "d"],
            crate::path!["t", 2],
            crate::path!["t", 0, "sub", "k"],
            crate::path!["t", 0, "items", 0, "n"],
            crate::path!["t", 1, "sub", "k"],
            crate::path!["u", "v"],
            crate::path!["b", 1],
            crate::path!["missing"],
        ];
        for text in texts {
            let whole = DeTable::parse(text).unwrap();
            let locator = Locator::new(text);
            for path in &paths {
                assert_eq!(
                    locator.span_of(path),
                    span_in(whole.get_ref(), path),
                    "{text:?} {path:?}"
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::located::line_column;

    #[test]
    fn finds_values_in_arrays_of_tables() {
        let text = "title = \"t\"\n\n[[threats]]\nid = \"TH1\"\n\n[[threats]]\nid = \"TH2\"\ncomponents = [\"C1\", \"C9\"]\n";
        let span = span_of(text, &crate::path!["threats", 1, "components", 1][..]).unwrap();
        assert_eq!(&text[span.clone()], "\"C9\"");
        assert_eq!(line_column(text, span.start), (8, 21));
    }

    #[test]
    fn falls_back_to_nearest_ancestor() {
        let text = "[[threats]]\nid = \"TH1\"\n";
        let span = span_of(text, &crate::path!["threats", 0, "missing"][..]).unwrap();
        // The record itself is the nearest place: its `[[threats]]` header line.
        assert_eq!(line_column(text, span.start).0, 1);
    }
}
