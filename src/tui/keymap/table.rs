//! The table, part 1: the global keys, the record lists of phases 1–5, and the prompts
//! and dialogs. (Screens are in `screens`, phases 7–10 in `plan`.)

use super::{Act, Binding, Context, Key};
use crate::tui::action::Command;
use ratatui::crossterm::event::KeyCode;

/// A binding of `context`: not shown in the status bar, hiding nothing.
pub(super) fn bind(
    context: Context,
    act: Act,
    keys: &[Key],
    help: &'static str,
    stable: bool,
) -> Binding {
    Binding {
        context,
        act,
        keys: keys.to_vec(),
        help,
        stable,
        hint: false,
        shadows: false,
        label: None,
    }
}

/// Builder-style flags on a binding.
pub(super) trait Flags {
    /// Shown in the status bar.
    fn hint(self) -> Self;
    /// Hides a global key on purpose.
    fn shadows(self) -> Self;
    /// Folded with its neighbours of the same label into one help row.
    fn label(self, label: &'static str) -> Self;
}

impl Flags for Binding {
    fn hint(mut self) -> Binding {
        self.hint = true;
        self
    }
    fn shadows(mut self) -> Binding {
        self.shadows = true;
        self
    }
    fn label(mut self, label: &'static str) -> Binding {
        self.label = Some(label);
        self
    }
}

fn everywhere(command: Command, keys: &[Key], help: &'static str, stable: bool) -> Binding {
    bind(Context::Global, Act::Command(command), keys, help, stable)
}

pub(super) fn global() -> Vec<Binding> {
    use Command as C;
    use KeyCode as K;
    let fixed = |command, keys: &[Key], help| everywhere(command, keys, help, true);
    let mut bindings = vec![
        fixed(C::Up, &[Key::plain(K::Up), Key::ch('k')], "Move up"),
        fixed(C::Down, &[Key::plain(K::Down), Key::ch('j')], "Move down"),
        fixed(
            C::Left,
            &[Key::plain(K::Left), Key::ch('h')],
            "Previous layer / left",
        ),
        fixed(
            C::Right,
            &[Key::plain(K::Right), Key::ch('l')],
            "Next layer / right",
        ),
        fixed(C::NextPane, &[Key::plain(K::Tab)], "Next pane").hint(),
        fixed(C::PrevPane, &[Key::plain(K::BackTab)], "Previous pane"),
        fixed(C::Open, &[Key::plain(K::Enter)], "Open / edit").hint(),
        fixed(C::Back, &[Key::plain(K::Esc)], "Back / close"),
        fixed(C::Help, &[Key::ch('?')], "Help").hint(),
        fixed(C::Filter, &[Key::ch('/')], "Filter the list"),
        fixed(C::Top, &[Key::ch('g'), Key::plain(K::Home)], "Top of list"),
        fixed(
            C::Bottom,
            &[Key::ch('G'), Key::plain(K::End)],
            "Bottom of list",
        ),
        fixed(C::PageUp, &[Key::plain(K::PageUp)], "Page up"),
        fixed(C::PageDown, &[Key::plain(K::PageDown)], "Page down"),
        fixed(C::PrevPhase, &[Key::ch('[')], "Previous phase"),
        fixed(C::NextPhase, &[Key::ch(']')], "Next phase"),
    ];
    for n in 1..=10u8 {
        let digit = char::from_digit(u32::from(n % 10), 10).unwrap_or('0');
        bindings.push(fixed(C::Phase(n), &[Key::ch(digit)], "Jump to phase 1–10").label("1…9 0"));
    }
    bindings.extend([
        fixed(C::Save, &[Key::ctrl('s')], "Save").hint(),
        // nano's "Write Out": a path prompt pre-filled with the current file.
        fixed(C::SaveAs, &[Key::ctrl('o')], "Save as another file"),
        fixed(C::Undo, &[Key::ch('u')], "Undo").hint(),
        fixed(C::Redo, &[Key::ctrl('r')], "Redo"),
        fixed(C::Quit, &[Key::ch('q'), Key::ctrl('c')], "Quit").hint(),
        everywhere(
            C::ToggleGuidance,
            &[Key::ch('c')],
            "Collapse / expand guidance",
            false,
        ),
        everywhere(
            C::ExternalEditor,
            &[Key::ctrl('e')],
            "Edit in $VISUAL/$EDITOR",
            false,
        ),
        everywhere(C::Suspend, &[Key::ctrl('z')], "Suspend to the shell", false),
        everywhere(
            C::Assumptions,
            &[Key::ch('A')],
            "Assumptions list (any phase)",
            false,
        ),
        everywhere(
            C::Discover,
            &[Key::ch('D')],
            "Phase 2: discover from source tree…",
            false,
        ),
        everywhere(C::Heatmap, &[Key::ch('m')], "Heatmap", false).hint(),
        everywhere(C::Register, &[Key::ch('r')], "Threat register", false),
        everywhere(
            C::Diagram,
            &[Key::ch('V')],
            "Diagrams: layer map / data flows (Tab switches, t residual)",
            false,
        ),
        everywhere(
            C::FollowLink,
            &[Key::ch('>')],
            "Follow a link: threat ↔ its records, mitigations, chains",
            false,
        ),
        everywhere(
            C::LinkBack,
            &[Key::ch('<')],
            "Return from the last link followed",
            false,
        ),
    ]);
    bindings
}

/// Phases 1–5 (and the assumptions list of any phase).
pub(super) fn records() -> Vec<Binding> {
    use Command as C;
    let b = |command, c: char, help| {
        bind(
            Context::Records,
            Act::Command(command),
            &[Key::ch(c)],
            help,
            false,
        )
    };
    vec![
        b(C::Add, 'a', "Add a record"),
        b(C::Delete, 'd', "Delete the record"),
        b(C::MoveUp, 'K', "Move the record up"),
        b(C::MoveDown, 'J', "Move the record down"),
        b(C::Tick, 'x', "Tick a completion criterion"),
        b(C::CycleStatus, 's', "Change the phase status"),
    ]
}

/// Prompts and dialogs: a text field, the questions of a new session, the yes/no
/// dialogs, and the help overlay.
pub(super) fn prompts() -> Vec<Binding> {
    use Command as C;
    use Context as X;
    use KeyCode as K;
    let command = |context, command, keys: &[Key], help| {
        bind(context, Act::Command(command), keys, help, true)
    };
    let letter = |context, c: char, help| bind(context, Act::Dialog(c), &[Key::ch(c)], help, true);
    let cancel = |context, help| {
        command(
            context,
            C::Back,
            &[Key::plain(K::Esc), Key::ctrl('c')],
            help,
        )
    };
    let mut bindings = vec![
        command(
            X::TextField,
            C::Open,
            &[Key::plain(K::Enter)],
            "Keep the text",
        ),
        command(
            X::TextField,
            C::Back,
            &[Key::plain(K::Esc)],
            "Finish (a filter or value is kept; a prompt is cancelled)",
        ),
        bind(
            X::TextField,
            Act::Command(C::ExternalEditor),
            &[Key::ctrl('e')],
            "Edit in $VISUAL/$EDITOR",
            false,
        ),
        command(
            X::Help,
            C::Down,
            &[Key::plain(K::Down), Key::ch('j')],
            "Scroll down",
        ),
        command(
            X::Help,
            C::Up,
            &[Key::plain(K::Up), Key::ch('k')],
            "Scroll up",
        ),
        command(
            X::Help,
            C::PageDown,
            &[Key::plain(K::PageDown)],
            "Scroll a page down",
        ),
        command(
            X::Help,
            C::PageUp,
            &[Key::plain(K::PageUp)],
            "Scroll a page up",
        ),
        command(
            X::Help,
            C::Top,
            &[Key::ch('g'), Key::plain(K::Home)],
            "To the top",
        ),
        command(
            X::Help,
            C::Bottom,
            &[Key::ch('G'), Key::plain(K::End)],
            "To the end",
        ),
        command(
            X::Help,
            C::Back,
            &[
                Key::plain(K::Esc),
                Key::ch('?'),
                Key::plain(K::Enter),
                Key::ch('q'),
                Key::ctrl('c'),
            ],
            "Close the help",
        ),
        letter(X::Wizard, 'y', "Answer yes"),
        letter(X::Wizard, 'n', "Answer no"),
    ];
    for d in '1'..='9' {
        bindings.push(letter(X::Wizard, d, "Answer by its number").label("1…9"));
    }
    bindings.extend([
        cancel(X::Wizard, "Leave the questions"),
        letter(X::QuitPrompt, 's', "Save, then quit"),
        letter(X::QuitPrompt, 'd', "Discard the changes and quit"),
        cancel(X::QuitPrompt, "Stay"),
        letter(X::DeletePrompt, 'y', "Delete (and the references to it)"),
        letter(X::DeletePrompt, 'n', "Keep it"),
        cancel(X::DeletePrompt, "Keep it"),
        letter(X::RecoveryPrompt, 'r', "Recover the unsaved edits"),
        letter(
            X::RecoveryPrompt,
            'd',
            "Discard them (deletes the recovery file)",
        ),
        cancel(X::RecoveryPrompt, "Decide later (the file is kept)"),
        letter(X::LockPrompt, 't', "Take the lock over"),
        letter(X::LockPrompt, 'y', "Yes, take over a lock of another host"),
        letter(X::LockPrompt, 'r', "Open read-only"),
        cancel(X::LockPrompt, "Back (the lock stays)"),
        letter(X::ChangedOnDisk, 'o', "Overwrite the file on disk"),
        letter(
            X::ChangedOnDisk,
            'r',
            "Reload it (undo brings your version back)",
        ),
        letter(X::ChangedOnDisk, 's', "Save as another file"),
        cancel(X::ChangedOnDisk, "Do not save"),
        letter(X::ReloadPrompt, 'y', "Reload, replacing the unsaved edits"),
        letter(X::ReloadPrompt, 'n', "Back to the choice"),
        cancel(X::ReloadPrompt, "Back to the choice"),
        letter(X::SaveFailed, 's', "Save as another file"),
        cancel(X::SaveFailed, "Keep the edits unsaved"),
        letter(X::OverwritePrompt, 'y', "Replace the file"),
        letter(X::OverwritePrompt, 'n', "Type another name"),
        cancel(X::OverwritePrompt, "Type another name"),
    ]);
    bindings
}
