//! README's key table, rendered from the table (kept equal by a test: run it with
//! `MAESTRO_TM_BLESS=1` to rewrite the README section between the markers).

use super::{Context, Keymap};

pub const START: &str = "<!-- keys:start -->";
pub const END: &str = "<!-- keys:end -->";

/// The Markdown table of every key, grouped by context in the table's order.
pub fn markdown(keymap: &Keymap) -> String {
    let mut out = String::from("| where | keys | action | config name |\n|---|---|---|---|\n");
    for context in Context::all() {
        for row in keymap.rows(context) {
            let keys: Vec<String> = row.parts.iter().map(|k| code(k)).collect();
            let names: Vec<String> = row.names.iter().map(|n| code(n)).collect();
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                context.title(),
                keys.join(" "),
                row.help.replace('|', "\\|"),
                names.join(" ")
            ));
        }
    }
    out
}

/// `text` as inline code (a backtick in it would need a longer fence; none has one).
fn code(text: &str) -> String {
    format!("`{text}`")
}

/// `readme` with the text between the markers replaced by `table`; `None` without the
/// markers.
pub fn replace(readme: &str, table: &str) -> Option<String> {
    let start = readme.find(START)? + START.len();
    let end = start + readme[start..].find(END)?;
    Some(format!("{}\n{table}{}", &readme[..start], &readme[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn readme_key_table_is_the_table() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md");
        let on_disk = std::fs::read_to_string(&path).unwrap();
        let table = markdown(&Keymap::default());
        let wanted = replace(&on_disk, &table)
            .unwrap_or_else(|| panic!("README.md lacks the markers {START} … {END}"));
        if std::env::var_os("MAESTRO_TM_BLESS").is_some() {
            std::fs::write(&path, &wanted).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap();
        assert!(
            on_disk == wanted,
            "README.md's key table differs from src/tui/keymap; run \
             `MAESTRO_TM_BLESS=1 cargo test -p maestro-tm --lib readme_key_table` to rewrite it"
        );
    }

    /// The keys of the table that `section` (README's table) does not show, each as
    /// "where: key (action)".
    fn missing(section: &str, keymap: &Keymap) -> Vec<String> {
        // (where, keys, action) of each README row.
        let rows: Vec<Vec<&str>> = section
            .lines()
            .filter(|l| l.starts_with("| "))
            .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
            .collect();
        let mut missing = Vec::new();
        for b in &keymap.bindings {
            for key in &b.keys {
                // A folded row shows its label (`1…9 0`), others every key.
                let shown: Vec<String> = match b.label {
                    Some(label) => label
                        .split(' ')
                        .filter(|p| *p != "/")
                        .map(str::to_string)
                        .collect(),
                    None => vec![key.label()],
                };
                let found = rows.iter().any(|r| {
                    r.len() >= 3
                        && r[0] == b.context.title()
                        && r[2] == b.help.replace('|', "\\|")
                        && shown
                            .iter()
                            .all(|p| r[1].split(' ').any(|k| k == format!("`{p}`")))
                });
                if !found {
                    missing.push(format!(
                        "{}: {} ({})",
                        b.context.title(),
                        key.label(),
                        b.help
                    ));
                }
            }
        }
        missing
    }

    #[test]
    fn every_key_of_the_table_is_in_readme() {
        let readme =
            std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md"))
                .unwrap();
        let section = &readme[readme.find(START).unwrap()..readme.find(END).unwrap()];
        let missing = missing(section, &Keymap::default());
        assert!(
            missing.is_empty(),
            "not in README's key table: {missing:#?}"
        );
    }

    #[test]
    fn a_key_left_out_of_the_readme_table_is_found() {
        let keymap = Keymap::default();
        let table = markdown(&keymap);
        assert!(missing(&table, &keymap).is_empty());
        let without_filter: String = table
            .lines()
            .filter(|l| !l.contains("Filter the list"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(
            missing(&without_filter, &keymap),
            ["Everywhere: / (Filter the list)"]
        );
        let wrong_key = table.replace("| `V` | Diagrams", "| `W` | Diagrams");
        assert_eq!(missing(&wrong_key, &keymap).len(), 1);
    }

    #[test]
    fn replace_needs_both_markers() {
        assert_eq!(replace("no markers", "t"), None);
        let text = format!("a\n{START}\nold\n{END}\nb");
        assert_eq!(
            replace(&text, "new\n").unwrap(),
            format!("a\n{START}\nnew\n{END}\nb")
        );
    }
}
