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

/// Places many paths in one text: the text is parsed once, when the first place is
/// asked for, and its line starts are indexed once. (`validate` placed each of a
/// session's warnings by parsing the whole file again and counting its lines from the
/// start: a 10,000-threat session with a warning per threat never finished.)
pub struct Locator<'t> {
    text: &'t str,
    root: std::cell::OnceCell<Option<toml::Spanned<DeTable<'t>>>>,
    line_starts: std::cell::OnceCell<Vec<usize>>,
}

impl<'t> Locator<'t> {
    pub fn new(text: &'t str) -> Locator<'t> {
        Locator {
            text,
            root: std::cell::OnceCell::new(),
            line_starts: std::cell::OnceCell::new(),
        }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    /// [`span_of`] without parsing the text again.
    pub fn span_of(&self, path: &[Seg]) -> Option<Range<usize>> {
        let root = self
            .root
            .get_or_init(|| DeTable::parse(self.text).ok())
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
