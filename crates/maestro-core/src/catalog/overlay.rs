//! Merging a user's override file into an embedded catalog section.

/// Merges `overlay` into `base`: arrays of tables are merged entry by entry, matched
/// on their `id` key (an entry with a known id replaces it, a new id is appended);
/// every other key replaces the base value.
pub fn merge_by_id(base: &mut toml::Table, overlay: toml::Table) {
    for (key, value) in overlay {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Array(base_items)), toml::Value::Array(items))
                if items.iter().all(has_id) =>
            {
                for item in items {
                    let id = item.get("id").cloned();
                    match base_items.iter_mut().find(|b| b.get("id") == id.as_ref()) {
                        Some(slot) => *slot = item,
                        None => base_items.push(item),
                    }
                }
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

fn has_id(value: &toml::Value) -> bool {
    value.get("id").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_by_id_and_appends_new() {
        let mut base: toml::Table =
            toml::from_str("version = \"1\"\n[[items]]\nid = \"a\"\nname = \"A\"\n[[items]]\nid = \"b\"\nname = \"B\"\n")
                .unwrap();
        let overlay: toml::Table =
            toml::from_str("version = \"2\"\n[[items]]\nid = \"b\"\nname = \"B2\"\n[[items]]\nid = \"c\"\nname = \"C\"\n")
                .unwrap();
        merge_by_id(&mut base, overlay);
        assert_eq!(base["version"].as_str(), Some("2"));
        let names: Vec<_> = base["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["A", "B2", "C"]);
    }
}
