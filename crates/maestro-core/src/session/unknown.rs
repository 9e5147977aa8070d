//! Keys a session file holds that this build does not know.
//!
//! A newer build, another tool or a person may add keys to a session. Dropping them
//! on save would silently lose data, so the loader records them here (by comparing
//! the file with what the model serializes back) and the saver puts them back in
//! place. Entries of arrays of tables are matched by their `id` (or `item`/`phase`
//! key), so unknown keys stay with their record even when records are reordered.

use super::spans::Seg;
use std::collections::BTreeMap;
use toml::{Table, Value};

/// Unknown keys found at one table of the document, and below it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unknown {
    /// Keys the model has no field for, with their values, in file order.
    pub keys: Table,
    /// Known sub-tables that contain unknown keys further down.
    pub tables: BTreeMap<String, Unknown>,
    /// Known arrays of tables: array key → record key → unknown keys of that record.
    pub records: BTreeMap<String, BTreeMap<String, Unknown>>,
}

impl Unknown {
    /// Collects the unknown keys at `paths` (as reported while deserializing `raw`,
    /// the file's table) with their values.
    pub fn from_paths(raw: &Table, paths: &[Vec<Seg>]) -> Unknown {
        let mut unknown = Unknown::default();
        for path in paths {
            unknown.insert(raw, path);
        }
        unknown
    }

    fn insert(&mut self, table: &Table, path: &[Seg]) {
        let [Seg::Key(key), rest @ ..] = path else {
            return;
        };
        let Some(value) = table.get(key) else { return };
        match (rest, value) {
            ([], _) => {
                self.keys.insert(key.clone(), value.clone());
            }
            ([Seg::Index(i), below @ ..], Value::Array(items)) => {
                let Some(Value::Table(item)) = items.get(*i) else {
                    return;
                };
                let record = record_keys(items).swap_remove(*i);
                self.records
                    .entry(key.clone())
                    .or_default()
                    .entry(record)
                    .or_default()
                    .insert(item, below);
            }
            (below, Value::Table(inner)) => self
                .tables
                .entry(key.clone())
                .or_default()
                .insert(inner, below),
            _ => {}
        }
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.tables.is_empty() && self.records.is_empty()
    }

    /// Dotted paths of every unknown key, for warnings (`threats[TH1].cvss`).
    pub fn paths(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_paths("", &mut out);
        out
    }

    fn collect_paths(&self, prefix: &str, out: &mut Vec<String>) {
        for key in self.keys.keys() {
            out.push(format!("{prefix}{key}"));
        }
        for (key, below) in &self.tables {
            below.collect_paths(&format!("{prefix}{key}."), out);
        }
        for (key, records) in &self.records {
            for (record, below) in records {
                below.collect_paths(&format!("{prefix}{key}[{record}]."), out);
            }
        }
    }

    /// Puts the unknown keys back into `known` (the model serialized), never
    /// overwriting a key the model wrote. Records that no longer exist lose theirs.
    pub fn restore_into(&self, known: &mut Table) {
        for (key, value) in &self.keys {
            if !known.contains_key(key) {
                known.insert(key.clone(), value.clone());
            }
        }
        for (key, below) in &self.tables {
            let slot = known
                .entry(key.clone())
                .or_insert_with(|| Value::Table(Table::new()));
            if let Value::Table(table) = slot {
                below.restore_into(table);
            }
        }
        for (key, records) in &self.records {
            let Some(Value::Array(items)) = known.get_mut(key) else {
                continue;
            };
            let keys = record_keys(items);
            for (item, record) in items.iter_mut().zip(keys) {
                let Value::Table(table) = item else { continue };
                if let Some(below) = records.get(&record) {
                    below.restore_into(table);
                }
            }
        }
    }
}

/// Identity of each record of an array of tables: its id-like key, else its
/// position; a repeated key (an invalid duplicate id) gets its occurrence number.
fn record_keys(items: &[Value]) -> Vec<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let base = item
                .as_table()
                .and_then(id_like)
                .unwrap_or_else(|| format!("#{index}"));
            let count = seen.entry(base.clone()).or_insert(0);
            *count += 1;
            if *count == 1 {
                base
            } else {
                format!("{base}#{count}")
            }
        })
        .collect()
}

fn id_like(table: &Table) -> Option<String> {
    ["id", "item", "phase", "name"]
        .iter()
        .find_map(|key| match table.get(*key) {
            Some(Value::String(s)) => Some(format!("{key}={s}")),
            Some(Value::Integer(n)) => Some(format!("{key}={n}")),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path;

    fn table(text: &str) -> Table {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn finds_and_restores_nested_unknown_keys() {
        let raw = table(
            "title = \"x\"\nextra = 1\n[meta]\nold = true\nkept = 2\n[[items]]\nid = \"b\"\nnote = \"n\"\n[[items]]\nid = \"a\"\n",
        );
        let unknown = Unknown::from_paths(
            &raw,
            &[
                path!["extra"],
                path!["meta", "old"],
                path!["items", 0, "note"],
            ],
        );
        assert_eq!(unknown.paths(), ["extra", "meta.old", "items[id=b].note"]);

        // The model writes the records in another order; the note follows record "b".
        let mut known = table(
            "title = \"x\"\n[meta]\nkept = 2\n[[items]]\nid = \"a\"\n[[items]]\nid = \"b\"\n",
        );
        unknown.restore_into(&mut known);
        assert_eq!(known["extra"].as_integer(), Some(1));
        assert_eq!(known["meta"]["old"].as_bool(), Some(true));
        assert_eq!(known["items"][1]["note"].as_str(), Some("n"));
        assert!(known["items"][0].get("note").is_none());
    }

    #[test]
    fn never_overwrites_model_values() {
        let unknown = Unknown::from_paths(&table("a = 1\n"), &[path!["a"]]);
        let mut known = table("a = 2\n");
        unknown.restore_into(&mut known);
        assert_eq!(known["a"].as_integer(), Some(2));
    }
}
