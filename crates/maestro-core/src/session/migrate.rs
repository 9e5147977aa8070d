//! Upgrades of older session files to the current schema.
//!
//! Each step rewrites the raw TOML table from version N to N+1, so old files keep
//! opening after the format changes. Steps are pure functions with tests that load
//! fixture files of the old version.

use super::model::SCHEMA_VERSION;

/// One upgrade step: the version it upgrades from, and the rewrite.
type Step = (u32, fn(&mut toml::Table) -> Result<(), String>);

/// Upgrade steps, by the version they start from. Schema 1 is the first published
/// format, so there are none yet; add `(1, v1_to_v2)` here when the format changes.
const STEPS: &[Step] = &[];

/// Brings `raw` from `version` up to [`SCHEMA_VERSION`]. Returns whether anything changed.
pub fn upgrade(raw: &mut toml::Table, version: u32) -> Result<bool, String> {
    let mut current = version;
    while current < SCHEMA_VERSION {
        let (_, step) = STEPS
            .iter()
            .find(|(from, _)| *from == current)
            .ok_or_else(|| format!("no upgrade path from schema_version {current}"))?;
        step(raw)?;
        current += 1;
        raw.insert(
            "schema_version".into(),
            toml::Value::Integer(i64::from(current)),
        );
    }
    Ok(current != version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_version_needs_no_upgrade() {
        let mut raw = toml::Table::new();
        assert_eq!(upgrade(&mut raw, SCHEMA_VERSION), Ok(false));
    }
}
