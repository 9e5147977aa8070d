//! Data of another tool kept with the record it came from.
//!
//! An element imported from an OTM file carries fields the session does not model
//! (`tags`, `representations`, unknown keys…) or models with less precision (a
//! `riskReduction` of 33.3 becomes the Low effectiveness band). Those are kept here,
//! verbatim, as one line of compact JSON per OTM key, so the session's TOML shows them
//! and a git diff shows which one changed. Export writes them back unchanged.
//!
//! A kept value of a field the session does model (the mitigation's `riskReduction`)
//! only stands while the session still says what it said at import: `written` holds a
//! fingerprint of what maestro-tm itself wrote for that key then. Once the analyst
//! changes the field, the fingerprint no longer matches and the session's value wins.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// Kept OTM data of one record (or of the document and its project).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Extension {
    /// OTM key → its value as read, in compact JSON (sorted by key).
    #[serde(skip_serializing_if = "KeyedText::is_empty")]
    #[schemars(with = "BTreeMap<String, String>")]
    pub kept: KeyedText,
    /// OTM key → fingerprint of what maestro-tm wrote for that key at import (none:
    /// it wrote nothing). While export still writes the same, the kept value (or the
    /// key's absence) is written instead.
    #[serde(skip_serializing_if = "KeyedText::is_empty")]
    #[schemars(with = "BTreeMap<String, String>")]
    pub written: KeyedText,
}

impl Extension {
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty() && self.written.is_empty()
    }
}

/// Kept OTM data of the document's top level and of its `project`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct DocumentExtension {
    /// Top-level keys other than the element lists (`otmVersion`, `representations`, …).
    #[serde(skip_serializing_if = "Extension::is_empty")]
    pub document: Extension,
    #[serde(skip_serializing_if = "Extension::is_empty")]
    pub project: Extension,
}

impl DocumentExtension {
    pub fn is_empty(&self) -> bool {
        self.document.is_empty() && self.project.is_empty()
    }
}

/// Text by key, sorted by key, in one vector: a record keeps a few keys, and a B-tree
/// node per map (over 500 bytes) per record took a 16,000-element import over its
/// memory bound (issue 17, M2). Written in TOML as a table, like a map.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyedText(Vec<(String, String)>);

type Pair = (String, String);
/// The iterator of [`KeyedText::iter`]: pairs of references, as a map's.
pub type KeyedTextIter<'a> =
    std::iter::Map<std::slice::Iter<'a, Pair>, fn(&Pair) -> (&String, &String)>;

fn as_refs(pair: &Pair) -> (&String, &String) {
    (&pair.0, &pair.1)
}

impl KeyedText {
    pub fn new() -> KeyedText {
        KeyedText::default()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&String> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key`, giving back the value it replaces.
    pub fn insert(&mut self, key: String, value: String) -> Option<String> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<String> {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }

    pub fn iter(&self) -> KeyedTextIter<'_> {
        self.0
            .iter()
            .map(as_refs as fn(&Pair) -> (&String, &String))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(_, v)| v)
    }

    /// Gives back spare room (after an import has filled many of these).
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }
}

impl std::ops::Index<&str> for KeyedText {
    type Output = String;
    fn index(&self, key: &str) -> &String {
        self.get(key)
            .unwrap_or_else(|| panic!("no key `{key}` in kept OTM data"))
    }
}

impl<'a> IntoIterator for &'a KeyedText {
    type Item = (&'a String, &'a String);
    type IntoIter = KeyedTextIter<'a>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl FromIterator<(String, String)> for KeyedText {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> KeyedText {
        let mut map = KeyedText::new();
        map.extend(pairs);
        map
    }
}

impl Extend<(String, String)> for KeyedText {
    fn extend<I: IntoIterator<Item = (String, String)>>(&mut self, pairs: I) {
        for (key, value) in pairs {
            self.insert(key, value);
        }
    }
}

impl Serialize for KeyedText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for KeyedText {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<KeyedText, D::Error> {
        let map = BTreeMap::<String, String>::deserialize(de)?;
        Ok(KeyedText(map.into_iter().collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_text_stays_sorted_and_replaces_by_key() {
        let mut map: KeyedText = [("b", "2"), ("a", "1"), ("c", "3")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(map.insert("b".into(), "two".into()), Some("2".into()));
        assert_eq!(map.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(map["b"], "two");
        assert_eq!(map.remove("a"), Some("1".into()));
        assert!(!map.contains_key("a") && map.get("a").is_none());
        assert_eq!(map.len(), 2);
        let toml = toml::to_string(&Extension {
            kept: map.clone(),
            written: KeyedText::new(),
        })
        .unwrap();
        assert_eq!(toml, "[kept]\nb = \"two\"\nc = \"3\"\n");
        let back: Extension = toml::from_str(&toml).unwrap();
        assert_eq!(back.kept, map);
    }
}
