//! The one table of key bindings. The help overlay and the status-bar hints are
//! generated from it, and the config file may remap the commands not marked stable.

use super::action::Command;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;

/// One key, as written in the config file: `q`, `ctrl-s`, `pagedown`, `shift-tab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    const fn plain(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }
    const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }
    const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }

    /// Parses the config spelling of a key.
    pub fn parse(text: &str) -> Option<Key> {
        let lower = text.trim().to_lowercase();
        let (ctrl, rest) = match lower.strip_prefix("ctrl-") {
            Some(rest) => (true, rest.to_string()),
            None => (false, lower.clone()),
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
        Some(Key { code, ctrl })
    }

    /// How the key is shown in help and hints.
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
        } else {
            base
        }
    }

    pub fn matches(&self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl != self.ctrl {
            return false;
        }
        match (self.code, event.code) {
            // Terminals differ in reporting case with Ctrl held.
            (KeyCode::Char(a), KeyCode::Char(b)) if self.ctrl => a.eq_ignore_ascii_case(&b),
            (a, b) => a == b,
        }
    }
}

/// A command, its keys, its help text and whether documentation relies on its keys.
#[derive(Debug, Clone)]
pub struct Binding {
    pub command: Command,
    pub keys: Vec<Key>,
    pub help: &'static str,
    /// Stable defaults cannot be remapped in the config.
    pub stable: bool,
    /// Shown in the status bar.
    pub hint: bool,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

fn bind(command: Command, keys: &[Key], help: &'static str, stable: bool, hint: bool) -> Binding {
    Binding {
        command,
        keys: keys.to_vec(),
        help,
        stable,
        hint,
    }
}

impl Default for Keymap {
    fn default() -> Keymap {
        use Command as C;
        use KeyCode as K;
        let mut bindings = vec![
            bind(
                C::Up,
                &[Key::plain(K::Up), Key::ch('k')],
                "Move up",
                true,
                false,
            ),
            bind(
                C::Down,
                &[Key::plain(K::Down), Key::ch('j')],
                "Move down",
                true,
                false,
            ),
            bind(
                C::Left,
                &[Key::plain(K::Left), Key::ch('h')],
                "Previous layer / left",
                true,
                false,
            ),
            bind(
                C::Right,
                &[Key::plain(K::Right), Key::ch('l')],
                "Next layer / right",
                true,
                false,
            ),
            bind(C::NextPane, &[Key::plain(K::Tab)], "Next pane", true, true),
            bind(
                C::PrevPane,
                &[Key::plain(K::BackTab)],
                "Previous pane",
                true,
                false,
            ),
            bind(C::Open, &[Key::plain(K::Enter)], "Open / edit", true, true),
            bind(C::Back, &[Key::plain(K::Esc)], "Back / close", true, false),
            bind(C::Help, &[Key::ch('?')], "Help", true, true),
            bind(C::Filter, &[Key::ch('/')], "Filter the list", true, false),
            bind(
                C::Top,
                &[Key::ch('g'), Key::plain(K::Home)],
                "Top of list",
                true,
                false,
            ),
            bind(
                C::Bottom,
                &[Key::ch('G'), Key::plain(K::End)],
                "Bottom of list",
                true,
                false,
            ),
            bind(C::PageUp, &[Key::plain(K::PageUp)], "Page up", true, false),
            bind(
                C::PageDown,
                &[Key::plain(K::PageDown)],
                "Page down",
                true,
                false,
            ),
            bind(C::PrevPhase, &[Key::ch('[')], "Previous phase", true, false),
            bind(C::NextPhase, &[Key::ch(']')], "Next phase", true, false),
        ];
        for n in 1..=10u8 {
            let digit = char::from_digit(u32::from(n % 10), 10).unwrap_or('0');
            bindings.push(bind(
                C::Phase(n),
                &[Key::ch(digit)],
                "Jump to phase",
                true,
                false,
            ));
        }
        bindings.extend([
            bind(C::Save, &[Key::ctrl('s')], "Save", true, true),
            // nano's "Write Out": a path prompt pre-filled with the current file.
            bind(
                C::SaveAs,
                &[Key::ctrl('o')],
                "Save as another file",
                true,
                false,
            ),
            bind(C::Undo, &[Key::ch('u')], "Undo", true, true),
            bind(C::Redo, &[Key::ctrl('r')], "Redo", true, false),
            bind(C::Quit, &[Key::ch('q'), Key::ctrl('c')], "Quit", true, true),
            bind(
                C::ToggleGuidance,
                &[Key::ch('c')],
                "Collapse / expand guidance",
                false,
                false,
            ),
            bind(
                C::ExternalEditor,
                &[Key::ctrl('e')],
                "Edit in $VISUAL/$EDITOR",
                false,
                false,
            ),
            bind(
                C::Suspend,
                &[Key::ctrl('z')],
                "Suspend to the shell",
                false,
                false,
            ),
            bind(C::Add, &[Key::ch('a')], "Add a record", false, false),
            bind(
                C::Delete,
                &[Key::ch('d')],
                "Delete the record",
                false,
                false,
            ),
            bind(
                C::MoveUp,
                &[Key::ch('K')],
                "Move the record up",
                false,
                false,
            ),
            bind(
                C::MoveDown,
                &[Key::ch('J')],
                "Move the record down",
                false,
                false,
            ),
            bind(
                C::Assumptions,
                &[Key::ch('A')],
                "Assumptions list (any phase)",
                false,
                false,
            ),
            bind(
                C::Tick,
                &[Key::ch('x')],
                "Tick a completion criterion",
                false,
                false,
            ),
            bind(
                C::CycleStatus,
                &[Key::ch('s')],
                "Change the phase status",
                false,
                false,
            ),
        ]);
        bindings.push(bind(
            C::Discover,
            &[Key::ch('D')],
            "Phase 2: discover from source tree…",
            false,
            false,
        ));
        bindings.extend(super::phases::threats::bindings());
        bindings.extend(super::diagram::bindings());
        bindings.extend(super::links::bindings());
        Keymap { bindings }
    }
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
            if keymap
                .command_for_key(&key)
                .is_some_and(|c| keymap.is_stable(c))
            {
                problems.push(format!("keys.{name}: `{key_text}` is a fixed key"));
                continue;
            }
            match keymap
                .bindings
                .iter_mut()
                .find(|b| b.command.name() == *name)
            {
                Some(b) if b.stable => problems.push(format!("keys.{name}: this key is fixed")),
                Some(b) => b.keys = vec![key],
                None => problems.push(format!("keys.{name}: unknown command")),
            }
        }
        (keymap, problems)
    }

    fn is_stable(&self, command: Command) -> bool {
        self.bindings
            .iter()
            .any(|b| b.command == command && b.stable)
    }

    fn command_for_key(&self, key: &Key) -> Option<Command> {
        self.bindings
            .iter()
            .find(|b| b.keys.contains(key))
            .map(|b| b.command)
    }

    /// The keys bound to a command.
    pub fn keys_of(&self, command: Command) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|b| b.command == command)
            .flat_map(|b| b.keys.iter().copied())
            .collect()
    }

    /// The command bound to a key event, if any.
    pub fn resolve(&self, event: &KeyEvent) -> Option<Command> {
        self.bindings
            .iter()
            .find(|b| b.keys.iter().any(|k| k.matches(event)))
            .map(|b| b.command)
    }

    /// The first key of a command, for hints.
    pub fn key_label(&self, command: Command) -> String {
        self.bindings
            .iter()
            .find(|b| b.command == command)
            .and_then(|b| b.keys.first())
            .map_or_else(|| "—".to_string(), Key::label)
    }

    /// Lines of the help overlay: keys and description, phase jumps folded into one.
    pub fn help_rows(&self) -> Vec<(String, &'static str)> {
        let mut rows = Vec::new();
        for b in &self.bindings {
            match b.command {
                Command::Phase(1) => rows.push(("1…9 0".to_string(), "Jump to phase 1–10")),
                Command::Phase(_) => {}
                _ => {
                    let keys: Vec<String> = b.keys.iter().map(Key::label).collect();
                    rows.push((keys.join(" "), b.help));
                }
            }
        }
        rows
    }

    /// Key hints of the status bar.
    pub fn hints(&self) -> Vec<(String, &'static str)> {
        self.bindings
            .iter()
            .filter(|b| b.hint)
            .map(|b| (self.key_label(b.command), short(b.help)))
            .collect()
    }
}

fn short(help: &'static str) -> &'static str {
    help.split(" /").next().unwrap_or(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventKind;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: ratatui::crossterm::event::KeyEventState::NONE,
        }
    }

    #[test]
    fn stable_keys_resolve() {
        let k = Keymap::default();
        let none = KeyModifiers::NONE;
        assert_eq!(
            k.resolve(&press(KeyCode::Char('j'), none)),
            Some(Command::Down)
        );
        assert_eq!(
            k.resolve(&press(KeyCode::Char('0'), none)),
            Some(Command::Phase(10))
        );
        assert_eq!(
            k.resolve(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Command::Bottom)
        );
        assert_eq!(
            k.resolve(&press(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            Some(Command::Save)
        );
        assert_eq!(
            k.resolve(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Command::Quit)
        );
        assert_eq!(
            k.resolve(&press(KeyCode::Char('o'), KeyModifiers::CONTROL)),
            Some(Command::SaveAs)
        );
        assert_eq!(
            k.resolve(&press(KeyCode::Char('c'), none)),
            Some(Command::ToggleGuidance)
        );
    }

    #[test]
    fn overrides_remap_only_unstable_commands() {
        let mut o = BTreeMap::new();
        o.insert("toggle_guidance".to_string(), "t".to_string());
        o.insert("save".to_string(), "ctrl-w".to_string());
        o.insert("suspend".to_string(), "q".to_string());
        let (k, problems) = Keymap::with_overrides(&o);
        assert_eq!(
            k.resolve(&press(KeyCode::Char('t'), KeyModifiers::NONE)),
            Some(Command::ToggleGuidance)
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(Command::ToggleGuidance.name(), "toggle_guidance");
    }
}
