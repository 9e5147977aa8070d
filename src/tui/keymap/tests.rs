//! The table's own tests: resolution by context, the config overrides, and the check
//! that no key is bound twice in one context (shown able to fail).

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

#[test]
fn no_key_is_bound_twice_in_one_context() {
    let found = conflicts(&Keymap::default().bindings);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_check_finds_a_key_bound_twice() {
    let base = Keymap::default().bindings;
    let records = |c: char| {
        table::bind(
            Context::Records,
            Act::Command(Command::Redo),
            &[Key::ch(c)],
            "a new key",
            false,
        )
    };
    // Twice in one context: `a` adds a record already.
    let mut twice = base.clone();
    twice.push(records('a'));
    let found = conflicts(&twice);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("a is bound to both"), "{found:?}");
    // A context key that hides a global one (`m` heatmap) undeclared.
    let mut hides = base.clone();
    hides.push(records('m'));
    let found = conflicts(&hides);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("hides the global key"), "{found:?}");
    // Declared, it passes; declared where nothing is hidden, it does not.
    let mut declared = base.clone();
    declared.push(table::Flags::shadows(records('m')));
    assert!(conflicts(&declared).is_empty());
    let mut false_claim = base;
    false_claim.push(table::Flags::shadows(records('Z')));
    assert_eq!(conflicts(&false_claim).len(), 1);
}

#[test]
fn a_key_resolves_in_the_context_it_is_pressed_in() {
    let k = Keymap::default();
    let act = |contexts: &[Context], c: char| {
        k.lookup(contexts, &press(KeyCode::Char(c), KeyModifiers::NONE))
            .map(|b| b.act)
    };
    let g = Context::Global;
    use crate::tui::phases::plan::PlanKey;
    assert_eq!(
        act(&[Context::Records, g], 'a'),
        Some(Act::Command(Command::Add))
    );
    assert_eq!(
        act(&[Context::Threats, g], 'a'),
        Some(Act::Command(Command::MarkApplicable))
    );
    assert_eq!(
        act(&[Context::Plan(7), g], 'a'),
        Some(Act::Plan(PlanKey::Adopt))
    );
    assert_eq!(
        act(&[Context::Records, g], 'J'),
        Some(Act::Command(Command::MoveDown))
    );
    assert_eq!(
        act(&[Context::Diagram, g], 'J'),
        Some(Act::Command(Command::PanDown))
    );
    // Phase 9's `l` is the level override (declared), elsewhere right.
    assert_eq!(
        act(&[Context::Plan(9), g], 'l'),
        Some(Act::Plan(PlanKey::CycleLevelOverride))
    );
    assert_eq!(
        act(&[Context::Records, g], 'l'),
        Some(Act::Command(Command::Right))
    );
    // Shift+← pans on the diagram and moves elsewhere.
    let shift_left = press(KeyCode::Left, KeyModifiers::SHIFT);
    assert_eq!(
        k.lookup(&[Context::Diagram, g], &shift_left).map(|b| b.act),
        Some(Act::Command(Command::PanLeft))
    );
    assert_eq!(
        k.lookup(&[Context::Records, g], &shift_left).map(|b| b.act),
        Some(Act::Command(Command::Left))
    );
    // A prompt has only its own keys.
    assert_eq!(act(&[Context::QuitPrompt], 'm'), None);
}

#[test]
fn an_override_remaps_the_command_in_every_context_and_refuses_a_taken_key() {
    let mut o = BTreeMap::new();
    o.insert("severity_up".to_string(), "w".to_string());
    // `n` marks not applicable on phase 6: taken there.
    o.insert("mark_unreviewed".to_string(), "n".to_string());
    let (k, problems) = Keymap::with_overrides(&o);
    let w = press(KeyCode::Char('w'), KeyModifiers::NONE);
    for context in [Context::Threats, Context::Card] {
        assert_eq!(
            k.lookup(&[context], &w).map(|b| b.act),
            Some(Act::Command(Command::SeverityUp))
        );
    }
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("is taken"), "{problems:?}");
    assert_eq!(k.key_label(Command::MarkUnreviewed), "x");
    // Shift+arrows stay when the letter is remapped, and are not given away.
    let mut o = BTreeMap::new();
    o.insert("pan_left".to_string(), "Y".to_string());
    o.insert("pan_right".to_string(), "shift-left".to_string());
    let (k, problems) = Keymap::with_overrides(&o);
    assert_eq!(
        problems.len(),
        1,
        "taken by the fixed Shift+←: {problems:?}"
    );
    let labels: Vec<String> = k.keys_of(Command::PanLeft).iter().map(Key::label).collect();
    assert_eq!(labels, ["Y", "S-←"]);
}

#[test]
fn every_context_has_a_title_and_the_table_only_known_contexts() {
    let all = Context::all();
    let k = Keymap::default();
    for b in &k.bindings {
        assert!(all.contains(&b.context), "{:?}", b.context);
    }
    for c in all {
        assert!(!k.rows(c).is_empty(), "{} has no keys", c.title());
    }
}
