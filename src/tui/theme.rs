//! Themes from `themes/*.toml`, resolved once to styles for the detected colour mode.
//!
//! Every token has explicit 16-colour, 256-colour and truecolor values because
//! ratatui does not downsample and COLORTERM rarely survives SSH. With NO_COLOR
//! (or `--color none`) every colour is `Reset` and only modifiers remain.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::str::FromStr;

/// Themes shipped in the binary: (name, TOML).
pub const THEMES: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("monochrome", include_str!("../../themes/monochrome.toml")),
];

/// How many colours the terminal gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    None,
    Ansi16,
    Ansi256,
    TrueColor,
}

impl ColorMode {
    pub fn parse(text: &str) -> Option<ColorMode> {
        match text.trim().to_lowercase().as_str() {
            "none" | "no" | "off" | "0" => Some(ColorMode::None),
            "16" | "ansi" => Some(ColorMode::Ansi16),
            "256" => Some(ColorMode::Ansi256),
            "truecolor" | "24bit" | "rgb" => Some(ColorMode::TrueColor),
            _ => None,
        }
    }

    /// flag > config > NO_COLOR > COLORTERM/TERM; 16 colours unless more is announced.
    pub fn resolve(
        flag: Option<ColorMode>,
        config: Option<ColorMode>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> ColorMode {
        if let Some(mode) = flag.or(config) {
            return mode;
        }
        if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return ColorMode::None;
        }
        let colorterm = env("COLORTERM").unwrap_or_default().to_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" {
            return ColorMode::TrueColor;
        }
        if env("TERM").unwrap_or_default().contains("256color") {
            return ColorMode::Ansi256;
        }
        ColorMode::Ansi16
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenSpec {
    c16: Option<String>,
    c256: Option<u8>,
    rgb: Option<String>,
    bg16: Option<String>,
    bg256: Option<u8>,
    bgrgb: Option<String>,
    #[serde(default)]
    modifiers: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeSpec {
    name: String,
    #[serde(default)]
    text: TokenSpec,
    #[serde(default)]
    muted: TokenSpec,
    #[serde(default)]
    accent: TokenSpec,
    #[serde(default)]
    selected: TokenSpec,
    #[serde(default)]
    focus: TokenSpec,
    #[serde(default)]
    ok: TokenSpec,
    #[serde(default)]
    warn: TokenSpec,
    #[serde(default)]
    danger: TokenSpec,
    #[serde(default)]
    editing: TokenSpec,
}

/// Resolved styles, one per token.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub text: Style,
    pub muted: Style,
    pub accent: Style,
    pub selected: Style,
    pub focus: Style,
    pub ok: Style,
    pub warn: Style,
    pub danger: Style,
    pub editing: Style,
}

impl Theme {
    /// An embedded theme by name, for a colour mode.
    pub fn named(name: &str, mode: ColorMode) -> Result<Theme, String> {
        let (_, text) = THEMES.iter().find(|(n, _)| *n == name).ok_or_else(|| {
            let names: Vec<&str> = THEMES.iter().map(|(n, _)| *n).collect();
            format!("unknown theme `{name}`; choose one of {}", names.join(", "))
        })?;
        Theme::from_toml(text, mode)
    }

    pub fn from_toml(text: &str, mode: ColorMode) -> Result<Theme, String> {
        if text.len() as u64 > crate::limits::MAX_THEME_BYTES {
            return Err("theme file is larger than 1 MiB; refused".into());
        }
        crate::limits::check_toml_nesting(text)?;
        let spec: ThemeSpec = toml::from_str(text).map_err(|e| e.message().to_string())?;
        let style = |t: &TokenSpec| token_style(t, mode);
        Ok(Theme {
            name: spec.name.clone(),
            text: style(&spec.text)?,
            muted: style(&spec.muted)?,
            accent: style(&spec.accent)?,
            selected: style(&spec.selected)?,
            focus: style(&spec.focus)?,
            ok: style(&spec.ok)?,
            warn: style(&spec.warn)?,
            danger: style(&spec.danger)?,
            editing: style(&spec.editing)?,
        })
    }
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::named("dark", ColorMode::Ansi16).expect("embedded dark theme is valid")
    }
}

fn pick(
    mode: ColorMode,
    c16: &Option<String>,
    c256: Option<u8>,
    rgb: &Option<String>,
) -> Result<Option<Color>, String> {
    let parse = |s: &String| Color::from_str(s).map_err(|_| format!("unknown colour `{s}`"));
    Ok(match mode {
        ColorMode::None => None,
        ColorMode::Ansi16 => c16.as_ref().map(parse).transpose()?,
        ColorMode::Ansi256 => match c256 {
            Some(i) => Some(Color::Indexed(i)),
            None => c16.as_ref().map(parse).transpose()?,
        },
        ColorMode::TrueColor => match rgb {
            Some(s) => Some(parse(s)?),
            None => match c256 {
                Some(i) => Some(Color::Indexed(i)),
                None => c16.as_ref().map(parse).transpose()?,
            },
        },
    })
}

fn token_style(t: &TokenSpec, mode: ColorMode) -> Result<Style, String> {
    let mut style = Style::default();
    if let Some(fg) = pick(mode, &t.c16, t.c256, &t.rgb)? {
        style = style.fg(fg);
    }
    if let Some(bg) = pick(mode, &t.bg16, t.bg256, &t.bgrgb)? {
        style = style.bg(bg);
    }
    // Without colours a coloured selection would vanish: show it reversed.
    if mode == ColorMode::None && (t.bg16.is_some() || t.bg256.is_some()) {
        style = style.add_modifier(Modifier::REVERSED);
    }
    for m in &t.modifiers {
        style = style.add_modifier(match m.as_str() {
            "bold" => Modifier::BOLD,
            "dim" => Modifier::DIM,
            "italic" => Modifier::ITALIC,
            "underlined" => Modifier::UNDERLINED,
            "reversed" => Modifier::REVERSED,
            other => return Err(format!("unknown modifier `{other}`")),
        });
    }
    Ok(style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_theme_loads_in_every_mode() {
        for (name, _) in THEMES {
            for mode in [
                ColorMode::None,
                ColorMode::Ansi16,
                ColorMode::Ansi256,
                ColorMode::TrueColor,
            ] {
                Theme::named(name, mode).unwrap_or_else(|e| panic!("{name}: {e}"));
            }
        }
    }

    #[test]
    fn no_color_means_no_colours_but_keeps_the_selection_visible() {
        let t = Theme::named("dark", ColorMode::None).unwrap();
        assert_eq!(t.accent.fg, None);
        assert!(t.selected.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn colour_mode_precedence() {
        let env = |k: &str| match k {
            "NO_COLOR" => Some("1".to_string()),
            "COLORTERM" => Some("truecolor".to_string()),
            _ => None,
        };
        assert_eq!(ColorMode::resolve(None, None, &env), ColorMode::None);
        assert_eq!(
            ColorMode::resolve(Some(ColorMode::Ansi256), None, &env),
            ColorMode::Ansi256
        );
        assert_eq!(
            ColorMode::resolve(None, Some(ColorMode::TrueColor), &env),
            ColorMode::TrueColor
        );
        let plain = |k: &str| (k == "TERM").then(|| "xterm".to_string());
        assert_eq!(ColorMode::resolve(None, None, &plain), ColorMode::Ansi16);
        let tc = |k: &str| (k == "COLORTERM").then(|| "truecolor".to_string());
        assert_eq!(ColorMode::resolve(None, None, &tc), ColorMode::TrueColor);
    }
}
