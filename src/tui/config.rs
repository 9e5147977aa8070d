//! The user's config file (`config.toml` in the config dir): theme, colour mode,
//! keymap overrides, autosave interval. A malformed file gives a message and defaults.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub theme: Option<String>,
    /// 16, 256, truecolor or none.
    pub color: Option<String>,
    /// Seconds between autosaves of unsaved changes to the recovery file.
    pub autosave_seconds: u64,
    pub mouse: bool,
    /// Command name → key, e.g. `toggle_guidance = "t"` (stable keys cannot be remapped).
    pub keys: BTreeMap<String, String>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            theme: None,
            color: None,
            autosave_seconds: 5,
            mouse: false,
            keys: BTreeMap::new(),
        }
    }
}

/// The app's directories (config, data for recent sessions, state for resume points).
pub fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("org", "maestro-tm", "maestro-tm")
}

pub fn config_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// Loads the config; a missing file is the defaults, a broken one the defaults plus a message.
pub fn load(path: Option<&Path>) -> (Config, Option<String>) {
    let Some(path) = path else {
        return (Config::default(), None);
    };
    match crate::limits::read_text(path, crate::limits::MAX_CONFIG_BYTES, "config") {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), None),
        Err(e) => (Config::default(), Some(problem(path, &e.to_string()))),
        Ok(text) => parse(&text).map_or_else(
            |e| (Config::default(), Some(problem(path, &e.to_string()))),
            |c| (c, None),
        ),
    }
}

/// The message shown for a config that cannot be used: the consequence first, so
/// that it survives a narrow status bar.
fn problem(path: &Path, error: &str) -> String {
    let first_line = error.lines().next().unwrap_or_default();
    format!(
        "Config ignored, using defaults: {first_line} ({})",
        path.display()
    )
}

pub fn parse(text: &str) -> Result<Config, String> {
    crate::limits::check_toml_nesting(text)?;
    let config: Config = toml::from_str(text).map_err(|e| e.message().trim().to_string())?;
    if config.autosave_seconds == 0 {
        return Err("autosave_seconds must be at least 1".into());
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_config() {
        let c =
            parse("theme = \"light\"\nautosave_seconds = 10\n[keys]\ntoggle_guidance = \"t\"\n")
                .unwrap();
        assert_eq!(c.theme.as_deref(), Some("light"));
        assert_eq!(c.autosave_seconds, 10);
        assert_eq!(c.keys["toggle_guidance"], "t");
    }

    #[test]
    fn malformed_config_gives_defaults_and_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "theme = [oops").unwrap();
        let (c, message) = load(Some(&path));
        assert_eq!(c, Config::default());
        assert!(message.unwrap().contains("using defaults"));
        std::fs::write(&path, "colour = \"16\"").unwrap();
        assert!(load(Some(&path)).1.unwrap().contains("colour"));
        assert_eq!(
            load(Some(&dir.path().join("none.toml"))),
            (Config::default(), None)
        );
    }
}
