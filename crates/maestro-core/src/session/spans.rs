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
    ($($seg:expr),* $(,)?) => { vec![$($crate::session::spans::Seg::from($seg)),*] };
}

/// Byte range of the deepest value along `path` that exists in `text`.
///
/// Falls back to the nearest existing ancestor, so a problem always gets a place.
pub fn span_of(text: &str, path: &[Seg]) -> Option<Range<usize>> {
    let root = DeTable::parse(text).ok()?;
    let mut best: Option<Range<usize>> = None;
    let mut table: Option<&DeTable<'_>> = Some(root.get_ref());
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
