//! The one table of key bindings (issue 21): every key of the full-screen interface,
//! with the context it acts in ([`Context`]), what it does ([`Act`]), its help text, the
//! name the config file remaps it by, and whether the status bar shows it.
//!
//! Key handling (`input::map_key` resolves a key in the contexts [`context::active`]
//! finds), the help overlay ([`Keymap::help_rows_for`]), the status-bar hints
//! ([`Keymap::hints_for`]) and README's key table (`readme::markdown`, kept by a test) are generated
//! from it. [`conflicts`] finds a key bound twice in one context.

pub mod context;
#[cfg(test)]
mod help_tests;
mod plan;
#[cfg(test)]
mod readme;
mod screens;
mod table;
#[cfg(test)]
mod tests;

pub use context::Context;

use super::action::Command;
use super::phases::plan::PlanKey;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;

/// One key, as written in the config file: `q`, `ctrl-s`, `pagedown`, `shift-tab`,
/// `shift-left`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    /// Shift held with a key that is not a character (Shift+arrows).
    pub shift: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            shift: false,
        }
    }
    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            shift: false,
        }
    }
    pub const fn shift(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            shift: true,
        }
    }

    /// Parses the config spelling of a key.
    pub fn parse(text: &str) -> Option<Key> {
        let lower = text.trim().to_lowercase();
        let (ctrl, rest) = match lower.strip_prefix("ctrl-") {
            Some(rest) => (true, rest.to_string()),
            None => (false, lower.clone()),
        };
        let (shift, rest) = match rest.strip_prefix("shift-") {
            Some(arrow @ ("left" | "right" | "up" | "down")) => (true, arrow.to_string()),
            _ => (false, rest),
        };
        let code = match rest.as_str() {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "space" => KeyCode::Char(' '),
            _ => {
                // Case matters for single letters (g vs G): take it from the original.
                let original: Vec<char> = text.trim().chars().collect();
                let last = *original.last()?;
                if rest.chars().count() != 1 {
                    return None;
                }
                KeyCode::Char(last)
            }
        };
        Some(Key { code, ctrl, shift })
    }

    /// How the key is shown in help, hints and README.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "S-Tab".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("^{}", base.to_uppercase())
        } else if self.shift {
            format!("S-{base}")
        } else {
            base
        }
    }

    pub fn matches(&self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl != self.ctrl {
            return false;
        }
        // Shift is part of a character (G); for other keys it counts only when asked
        // for (a plain ← also takes Shift+← where nothing binds that).
        if self.shift && !event.modifiers.contains(KeyModifiers::SHIFT) {
            return false;
        }
        match (self.code, event.code) {
            // Terminals differ in reporting case with Ctrl held.
            (KeyCode::Char(a), KeyCode::Char(b)) if self.ctrl => a.eq_ignore_ascii_case(&b),
            (a, b) => a == b,
        }
    }
}

/// What a key does: a [`Command`] (the shell, forms and screens interpret it), a key of
/// the planning phases 7–10, or a letter handed to the dialog or the discovery review
/// that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Command(Command),
    Plan(PlanKey),
    Dialog(char),
    Discover(char),
}

/// One entry of the table.
#[derive(Debug, Clone)]
pub struct Binding {
    pub context: Context,
    pub act: Act,
    pub keys: Vec<Key>,
    pub help: &'static str,
    /// Stable keys cannot be remapped in the config (documentation relies on them).
    pub stable: bool,
    /// Shown in the status bar.
    pub hint: bool,
    /// On purpose hides a global key in this context (declared, so that the duplicate
    /// check can tell it from an accident).
    pub shadows: bool,
    /// Bindings next to each other with the same label share one help row (`1…9 0`).
    pub label: Option<&'static str>,
}

impl Binding {
    /// The name the config file's `[keys]` table remaps it by.
    pub fn name(&self) -> Option<String> {
        match self.act {
            Act::Command(c) if !self.stable => Some(c.name()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        let mut bindings = table::global();
        bindings.extend(table::records());
        bindings.extend(screens::threats());
        bindings.extend(screens::views());
        bindings.extend(plan::bindings());
        bindings.extend(screens::others());
        bindings.extend(table::prompts());
        Keymap { bindings }
    }
}

/// A row of the help overlay or of README's table: keys (as labelled) and what they do.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub context: Context,
    pub keys: String,
    /// Each key (or fold label part) on its own, for README's code spans.
    pub parts: Vec<String>,
    pub help: &'static str,
    /// Config names of the row's remappable keys.
    pub names: Vec<String>,
}

impl Keymap {
    /// The default keymap with the config's overrides (`command name → key`) applied.
    /// Returns messages for overrides that were refused.
    pub fn with_overrides(overrides: &BTreeMap<String, String>) -> (Keymap, Vec<String>) {
        let mut keymap = Keymap::default();
        let mut problems = Vec::new();
        for (name, key_text) in overrides {
            let Some(key) = Key::parse(key_text) else {
                problems.push(format!("keys.{name}: cannot read key `{key_text}`"));
                continue;
            };
            let named: Vec<usize> = (0..keymap.bindings.len())
                .filter(|i| matches!(keymap.bindings[*i].act, Act::Command(c) if c.name() == *name))
                .collect();
            let fixed = keymap
                .bindings
                .iter()
                .any(|b| b.context == Context::Global && b.stable && b.keys.contains(&key));
            if fixed {
                problems.push(format!("keys.{name}: `{key_text}` is a fixed key"));
            } else if named.is_empty() {
                problems.push(format!("keys.{name}: unknown command"));
            } else if named.iter().all(|i| keymap.bindings[*i].stable) {
                problems.push(format!("keys.{name}: this key is fixed"));
            } else if let Some(taken) = named.iter().find_map(|i| {
                let context = keymap.bindings[*i].context;
                keymap
                    .resolve_in(&[context], &key)
                    .filter(|b| !matches!(b.act, Act::Command(c) if c.name() == *name))
            }) {
                problems.push(format!(
                    "keys.{name}: `{key_text}` is taken ({}: {})",
                    taken.context.title(),
                    taken.help
                ));
            } else {
                for i in named {
                    let b = &mut keymap.bindings[i];
                    if !b.stable {
                        b.keys = vec![key];
                    }
                }
            }
        }
        (keymap, problems)
    }

    /// The first binding of `contexts` (most specific first) with the key `key`.
    fn resolve_in(&self, contexts: &[Context], key: &Key) -> Option<&Binding> {
        contexts.iter().find_map(|c| {
            self.bindings
                .iter()
                .find(|b| b.context == *c && b.keys.contains(key))
        })
    }

    /// The binding a key press selects in `contexts` (most specific first).
    pub fn lookup(&self, contexts: &[Context], event: &KeyEvent) -> Option<&Binding> {
        contexts.iter().find_map(|c| {
            self.bindings
                .iter()
                .find(|b| b.context == *c && b.keys.iter().any(|k| k.matches(event)))
        })
    }

    /// The global command bound to a key event, if any. (tests)
    #[cfg(test)]
    pub fn resolve(&self, event: &KeyEvent) -> Option<Command> {
        match self.lookup(&[Context::Global], event)?.act {
            Act::Command(c) => Some(c),
            _ => None,
        }
    }

    /// The keys bound to a command (global ones first).
    pub fn keys_of(&self, command: Command) -> Vec<Key> {
        let mut keys: Vec<(bool, Key)> = self
            .bindings
            .iter()
            .filter(|b| b.act == Act::Command(command))
            .flat_map(|b| b.keys.iter().map(|k| (b.context != Context::Global, *k)))
            .collect();
        keys.sort_by_key(|(other, _)| *other);
        keys.into_iter().map(|(_, k)| k).collect()
    }

    /// The first key of a command, for messages and hints.
    pub fn key_label(&self, command: Command) -> String {
        self.keys_of(command)
            .first()
            .map_or_else(|| "—".to_string(), Key::label)
    }

    /// Rows of one context, bindings with one fold label folded into one row.
    pub fn rows(&self, context: Context) -> Vec<Row> {
        let mut rows: Vec<(Option<&'static str>, Row)> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.context == context) {
            let labels: Vec<String> = b.keys.iter().map(Key::label).collect();
            if let Some((Some(label), row)) = rows.last_mut()
                && b.label == Some(*label)
            {
                row.names.extend(b.name());
                continue;
            }
            rows.push((
                b.label,
                Row {
                    context,
                    keys: b.label.map_or_else(|| labels.join(" "), str::to_string),
                    parts: match b.label {
                        Some(label) => label
                            .split(' ')
                            .filter(|p| *p != "/")
                            .map(str::to_string)
                            .collect(),
                        None => labels,
                    },
                    help: b.help,
                    names: b.name().into_iter().collect(),
                },
            ));
        }
        rows.into_iter().map(|(_, r)| r).collect()
    }

    /// Rows of the help overlay for `contexts`: each context under its title, then the
    /// global keys (unless a context hides them all), then the prompts and dialogs.
    pub fn help_rows_for(&self, contexts: &[Context]) -> Vec<(String, &'static str)> {
        let mut shown: Vec<Context> = contexts.to_vec();
        for c in Context::always_listed() {
            if !shown.contains(&c) {
                shown.push(c);
            }
        }
        let mut rows = Vec::new();
        for c in shown {
            let context_rows = self.rows(c);
            if context_rows.is_empty() {
                continue;
            }
            if !rows.is_empty() {
                rows.push((String::new(), ""));
            }
            rows.push((String::new(), c.title()));
            rows.extend(context_rows.into_iter().map(|r| (r.keys, r.help)));
        }
        rows
    }

    /// Rows of the global keys. (tests)
    #[cfg(test)]
    pub fn help_rows(&self) -> Vec<(String, &'static str)> {
        self.rows(Context::Global)
            .into_iter()
            .map(|r| (r.keys, r.help))
            .collect()
    }

    /// Key hints of the status bar in `contexts`, then the global ones.
    pub fn hints_for(&self, contexts: &[Context]) -> Vec<(String, &'static str)> {
        let mut order: Vec<Context> = contexts.to_vec();
        if !order.contains(&Context::Global) {
            order.push(Context::Global);
        }
        order
            .iter()
            .flat_map(|c| self.bindings.iter().filter(move |b| b.context == *c))
            .filter(|b| b.hint)
            .map(|b| {
                let key = b.keys.first().map_or_else(|| "—".to_string(), Key::label);
                (key, short(b.help))
            })
            .collect()
    }

    /// Key hints of the global keys. (tests)
    #[cfg(test)]
    pub fn hints(&self) -> Vec<(String, &'static str)> {
        self.hints_for(&[Context::Global])
    }
}

fn short(help: &'static str) -> &'static str {
    help.split(" /").next().unwrap_or(help)
}

/// Keys bound twice in one context: within a context, and a context's key that hides a
/// global one without declaring it (`shadows`), or declares it where nothing is hidden.
pub fn conflicts(bindings: &[Binding]) -> Vec<String> {
    let mut found = Vec::new();
    for (i, a) in bindings.iter().enumerate() {
        for key in &a.keys {
            if let Some(b) = bindings[..i]
                .iter()
                .find(|b| b.context == a.context && b.keys.contains(key))
            {
                found.push(format!(
                    "{}: {} is bound to both \"{}\" and \"{}\"",
                    a.context.title(),
                    key.label(),
                    b.help,
                    a.help
                ));
            }
        }
        if a.context == Context::Global || !a.context.with_global() {
            continue;
        }
        let global = bindings
            .iter()
            .find(|g| g.context == Context::Global && a.keys.iter().any(|k| g.keys.contains(k)));
        match (global, a.shadows) {
            (Some(g), false) => found.push(format!(
                "{}: {} hides the global key \"{}\" without declaring it",
                a.context.title(),
                a.keys.iter().map(Key::label).collect::<Vec<_>>().join(" "),
                g.help
            )),
            (None, true) => found.push(format!(
                "{}: \"{}\" declares it hides a global key, but none has its keys",
                a.context.title(),
                a.help
            )),
            _ => {}
        }
    }
    found
}
