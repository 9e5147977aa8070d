//! How headless commands talk: `--quiet`, `--verbose` and `--color` in one place.
//!
//! - `--quiet` drops progress and confirmation messages (`wrote …`, `FILE: ok`,
//!   warnings); errors, failed checks and the data asked for still print.
//! - `--verbose` adds what the command read and decided (catalog overrides, counts).
//! - `--color auto|always|never` colours diagnostics (`error:`, `warning:`, `ok`) and
//!   diff marks. `auto` colours a stream only when it is a terminal, `TERM` is not
//!   `dumb` and `NO_COLOR` is unset or empty (<https://no-color.org>); `always` wins
//!   over `NO_COLOR`, as a per-run flag should.
//!
//! The same `--color` flag sets the full-screen interface's colour depth (`16`, `256`,
//! `truecolor`, `none`); [`tui_color`] maps `auto|always|never` onto it, and a depth
//! given to a headless command means "colour on". Colours are plain SGR codes: the
//! headless commands need no terminal library.

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

/// Every value `--color` accepts: when to colour, or the interface's colour depth.
pub const COLOR_VALUES: [&str; 7] = ["auto", "always", "never", "16", "256", "truecolor", "none"];

/// The man page's entry for `NO_COLOR`.
pub const NO_COLOR_HELP: &str = "When set and not empty, headless commands print no colour under \
--color auto (the default) and the full-screen interface starts without colour; \
--color always or a colour depth overrides it.";

/// When to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// `auto`/`always`/`never`; a depth (or its alias) means always, `none` never.
    pub fn parse(text: &str) -> Option<ColorChoice> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(ColorChoice::Auto),
            "always" | "16" | "ansi" | "256" | "truecolor" | "24bit" | "rgb" => {
                Some(ColorChoice::Always)
            }
            "never" | "none" | "no" | "off" | "0" => Some(ColorChoice::Never),
            _ => None,
        }
    }

    /// Whether a stream gets colour.
    pub fn enabled(self, is_terminal: bool, env: &dyn Fn(&str) -> Option<String>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_terminal
                    && env("NO_COLOR").is_none_or(|v| v.is_empty())
                    && env("TERM").is_none_or(|t| t != "dumb")
            }
        }
    }
}

/// The `--color` value the full-screen interface gets: a depth, or none to detect.
pub fn tui_color(flag: Option<&str>, env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let flag = flag?;
    match flag.trim().to_ascii_lowercase().as_str() {
        "auto" => None,
        "never" => Some("none".to_string()),
        // Detect the depth as usual, but NO_COLOR does not switch colour off.
        "always" => {
            let colorterm = env("COLORTERM").unwrap_or_default().to_ascii_lowercase();
            Some(if colorterm == "truecolor" || colorterm == "24bit" {
                "truecolor".to_string()
            } else if env("TERM").unwrap_or_default().contains("256color") {
                "256".to_string()
            } else {
                "16".to_string()
            })
        }
        _ => Some(flag.to_string()),
    }
}

#[derive(Debug, Clone, Copy)]
struct Settings {
    quiet: bool,
    verbose: bool,
    stdout_color: bool,
    stderr_color: bool,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

fn settings() -> Settings {
    *SETTINGS.get().unwrap_or(&Settings {
        quiet: false,
        verbose: false,
        stdout_color: false,
        stderr_color: false,
    })
}

/// Fixes the settings for this run (first call wins).
pub fn init(quiet: bool, verbose: bool, color: Option<&str>) {
    let env = |k: &str| std::env::var(k).ok();
    let choice = color
        .and_then(ColorChoice::parse)
        .unwrap_or(ColorChoice::Auto);
    let _ = SETTINGS.set(Settings {
        quiet,
        verbose,
        stdout_color: choice.enabled(std::io::stdout().is_terminal(), &env),
        stderr_color: choice.enabled(std::io::stderr().is_terminal(), &env),
    });
}

pub fn quiet() -> bool {
    settings().quiet
}

/// A progress or confirmation message on standard error (not with `--quiet`).
pub fn info(message: &str) {
    if !settings().quiet {
        let _ = writeln!(std::io::stderr(), "{message}");
    }
}

/// A detail on standard error, only with `--verbose`.
pub fn verbose(message: &str) {
    if settings().verbose {
        let _ = writeln!(std::io::stderr(), "maestro-tm: {message}");
    }
}

/// A diagnostic line (`FILE:LINE:COL: error: …`) on standard error, coloured if wanted.
pub fn error_line(line: &str) {
    let text = paint_diagnostic(line, settings().stderr_color);
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// Diagnostic text for standard output, coloured if wanted.
pub fn stdout_diagnostic(line: &str) -> String {
    paint_diagnostic(line, settings().stdout_color)
}

/// Whether standard output gets colour.
pub fn stdout_color() -> bool {
    settings().stdout_color
}

/// Whether standard error gets colour.
pub fn stderr_color() -> bool {
    settings().stderr_color
}

const RED_BOLD: &str = "\x1b[1;31m";
const YELLOW_BOLD: &str = "\x1b[1;33m";
const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Colours the `error:`/`warning:` label or a trailing `: ok` of one diagnostic line.
pub fn paint_diagnostic(line: &str, color: bool) -> String {
    if !color {
        return line.to_string();
    }
    for (label, style) in [("error:", RED_BOLD), ("warning:", YELLOW_BOLD)] {
        let at = if line.starts_with(label) {
            Some(0)
        } else {
            line.find(&format!(" {label}")).map(|i| i + 1)
        };
        if let Some(at) = at {
            let end = at + label.len();
            return format!("{}{style}{label}{RESET}{}", &line[..at], &line[end..]);
        }
    }
    if let Some(name) = line.strip_suffix(": ok") {
        return format!("{name}: {GREEN}ok{RESET}");
    }
    line.to_string()
}

/// Colours `diff`'s text: group titles bold, `+` green, `-` red, `~` yellow.
pub fn paint_diff(text: &str, color: bool) -> String {
    if !color {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        let style = if body.starts_with("  + ") {
            Some(GREEN)
        } else if body.starts_with("  - ") {
            Some(RED)
        } else if body.starts_with("  ~ ") {
            Some(YELLOW)
        } else if !body.starts_with(' ') && body.ends_with(':') {
            Some(BOLD)
        } else {
            None
        };
        match style {
            Some(style) if !body.is_empty() => {
                out.push_str(&format!("{style}{body}{RESET}{newline}"));
            }
            _ => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn auto_colours_only_a_terminal_without_no_color() {
        let auto = ColorChoice::Auto;
        assert!(auto.enabled(true, &env(&[])));
        assert!(!auto.enabled(false, &env(&[])));
        assert!(!auto.enabled(true, &env(&[("NO_COLOR", "1")])));
        // An empty NO_COLOR does not count (no-color.org).
        assert!(auto.enabled(true, &env(&[("NO_COLOR", "")])));
        assert!(!auto.enabled(true, &env(&[("TERM", "dumb")])));
        assert!(ColorChoice::Always.enabled(false, &env(&[("NO_COLOR", "1")])));
        assert!(!ColorChoice::Never.enabled(true, &env(&[])));
    }

    #[test]
    fn depths_read_as_choices_and_choices_map_to_depths() {
        assert_eq!(ColorChoice::parse("256"), Some(ColorChoice::Always));
        assert_eq!(ColorChoice::parse("none"), Some(ColorChoice::Never));
        assert_eq!(ColorChoice::parse("sometimes"), None);
        assert_eq!(tui_color(Some("auto"), &env(&[])), None);
        assert_eq!(tui_color(None, &env(&[])), None);
        assert_eq!(tui_color(Some("never"), &env(&[])).as_deref(), Some("none"));
        assert_eq!(tui_color(Some("256"), &env(&[])).as_deref(), Some("256"));
        let truecolor = env(&[("COLORTERM", "truecolor"), ("NO_COLOR", "1")]);
        assert_eq!(
            tui_color(Some("always"), &truecolor).as_deref(),
            Some("truecolor")
        );
        assert_eq!(tui_color(Some("always"), &env(&[])).as_deref(), Some("16"));
    }

    #[test]
    fn diagnostics_get_coloured_labels_only_when_asked() {
        let line = "m.toml:3:1: error: unknown threat `X`";
        assert_eq!(paint_diagnostic(line, false), line);
        let painted = paint_diagnostic(line, true);
        assert_eq!(
            painted,
            "m.toml:3:1: \x1b[1;31merror:\x1b[0m unknown threat `X`"
        );
        assert_eq!(
            paint_diagnostic("m.toml: ok", true),
            "m.toml: \x1b[32mok\x1b[0m"
        );
        let diff = "Threats:\n  + T1  new\n  - T2  old\n";
        assert_eq!(paint_diff(diff, false), diff);
        assert!(paint_diff(diff, true).contains("\x1b[32m  + T1  new\x1b[0m\n"));
    }
}
