//! Threats of the analyst's own: those that map to no catalog entry get a
//! project-local id (`ORG-T1`…) and are marked "Extended" (playbook
//! `02-threat-taxonomy.md`, note on T26–T27; `07-templates.md`, Threat Card).

use crate::catalog::Catalog;
use crate::session::{Session, Threat, ids, links};
use crate::vocab::Layer;

/// The prefix used when the session sets none.
pub const DEFAULT_PREFIX: &str = "ORG-T";

/// How similar a name must be to a catalog threat's to be worth a warning.
const RESEMBLES: f64 = 0.6;

/// The session's prefix for custom threat ids.
pub fn prefix(s: &Session) -> &str {
    match s.analysis.custom_threat_prefix.trim() {
        "" => DEFAULT_PREFIX,
        p => p,
    }
}

/// A prefix as the analyst types it, made fit for ids: letters, digits, `-`, `_` and
/// `.` only, and no digit at the end (`ACME1` would make `ACME11` read as number 11).
pub fn clean_prefix(text: &str) -> String {
    let kept: String = text
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    kept.trim_end_matches(|c: char| c.is_ascii_digit())
        .to_string()
}

/// A new custom threat named `name` on `layer`: next free project-local id (never
/// one used before), no catalog entry, ASI mapping "Extended" until the analyst maps it.
pub fn new_threat(s: &Session, name: &str, layer: Layer) -> Threat {
    let prefix = prefix(s);
    Threat {
        id: links::next_id_above(
            prefix,
            s.threats.iter().map(|t| t.id.as_str()),
            ids::used(s, prefix),
        ),
        name: name.trim().to_string(),
        layers: vec![layer],
        asi: vec!["Extended".to_string()],
        ..Threat::default()
    }
}

/// The catalog threat whose name `name` resembles most, if close enough that the
/// custom threat may be a duplicate of it (id and name).
pub fn resembling_catalog_entry<'a>(catalog: &'a Catalog, name: &str) -> Option<&'a str> {
    catalog
        .threats
        .threats
        .iter()
        .map(|e| (super::dedup::name_similarity(name, &e.name), e))
        .filter(|(score, _)| *score >= RESEMBLES)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, e)| e.id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_prefix_is_cleaned_for_ids() {
        assert_eq!(clean_prefix(" ACME-T "), "ACME-T");
        assert_eq!(clean_prefix("Team A/T2"), "TeamAT");
        assert_eq!(clean_prefix("x\u{202e}y-"), "xy-");
        assert_eq!(clean_prefix("123"), "");
    }

    #[test]
    fn custom_ids_use_the_prefix_and_are_extended() {
        let mut s = Session::default();
        let t = new_threat(&s, "  Prompt leak via ticket body ", Layer::L3);
        assert_eq!(t.id, "ORG-T1");
        assert_eq!(t.name, "Prompt leak via ticket body");
        assert_eq!(t.asi, vec!["Extended".to_string()]);
        assert!(t.catalog.is_empty());
        s.threats.push(t);
        s.analysis.custom_threat_prefix = "ACME-".into();
        assert_eq!(new_threat(&s, "x", Layer::L7).id, "ACME-1");
        s.analysis.custom_threat_prefix.clear();
        s.id_high_water.insert("ORG-T".into(), 4);
        assert_eq!(new_threat(&s, "x", Layer::L7).id, "ORG-T5");
    }

    #[test]
    fn a_name_close_to_a_catalog_threat_is_flagged() {
        let catalog = Catalog::embedded();
        let entry = &catalog.threats.threats[0];
        assert_eq!(
            resembling_catalog_entry(&catalog, &entry.name),
            Some(entry.id.as_str())
        );
        assert_eq!(resembling_catalog_entry(&catalog, "zzqx wvvk"), None);
    }
}
