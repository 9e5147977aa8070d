//! Opening a session that `validate` rejects (edited by hand, merged, written by another
//! tool): its problems are listed at once, and Enter on one goes to the field that holds
//! it — the record's form, focused on that field — so the analyst can fix the file here.

use super::action::Command;
use super::app::{AppState, Dialog};
use super::update::{Effect, set_phase};
use crate::session::{Session, validate};
use crate::spans::Seg;

/// One problem of the list, and where Enter takes the analyst.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemRow {
    /// Where it is, by record id ("DF3 from", "business user_base").
    pub place: String,
    pub message: String,
    pub jump: Jump,
}

/// The phase that shows the field, and the form to open there (kind, record, field).
#[derive(Debug, Clone, PartialEq)]
pub struct Jump {
    pub phase: u8,
    pub form: Option<(&'static str, String, Option<String>)>,
}

/// The phase and form kind of each list or table of the session file.
const PLACES: &[(&str, u8, Option<&str>)] = &[
    ("business", 1, Some("business")),
    ("assumptions", 1, Some("assumption")),
    ("engagement", 1, Some("engagement")),
    ("architecture", 2, None),
    ("components", 2, Some("component")),
    ("flows", 2, Some("flow")),
    ("actors", 3, Some("actor")),
    ("zones", 4, Some("zone")),
    ("boundaries", 4, Some("boundary")),
    ("assets", 5, Some("asset")),
    ("threats", 6, Some("threat")),
    ("chains", 6, None),
    ("mitigations", 7, Some("mitigation")),
    ("validations", 8, None),
    ("code_validation", 8, None),
    ("residual_risks", 9, None),
];

fn row(s: &Session, problem: &validate::Problem) -> ProblemRow {
    let key = |i: usize| match problem.path.get(i) {
        Some(Seg::Key(k)) => Some(k.clone()),
        _ => None,
    };
    let top = key(0).unwrap_or_default();
    let (phase, kind) = PLACES
        .iter()
        .find(|(name, _, _)| *name == top)
        .map_or((10, None), |(_, phase, kind)| (*phase, *kind));
    let form = kind.and_then(|kind| {
        let k = super::forms::kind(kind)?;
        match problem.path.get(1) {
            // A record of a list: its id, and the field after it.
            Some(Seg::Index(i)) => Some((kind, k.ids(s).get(*i)?.clone(), key(2))),
            // A singleton form (business, engagement): the field itself.
            _ => Some((kind, kind.to_string(), key(1))),
        }
    });
    let place = match &form {
        Some((_, id, field)) if id != kind.unwrap_or_default() => {
            format!("{id} {}", field.clone().unwrap_or_default())
        }
        _ => problem
            .path
            .iter()
            .map(|seg| match seg {
                Seg::Key(k) => k.clone(),
                Seg::Index(i) => format!("#{}", i + 1),
            })
            .collect::<Vec<_>>()
            .join(" "),
    };
    ProblemRow {
        place: place.trim().to_string(),
        message: problem.message.clone(),
        jump: Jump { phase, form },
    }
}

/// Shows the list when the open session has problems (and no other dialog is up).
pub fn open_if_any(state: &mut AppState) {
    if state.dialog.is_some() {
        return;
    }
    let Some(doc) = &state.doc else { return };
    let s = doc.session();
    let rows: Vec<ProblemRow> = validate::check(s, &state.catalog)
        .iter()
        .map(|p| row(s, p))
        .collect();
    if !rows.is_empty() {
        state.dialog = Some(Dialog::Problems { rows, selected: 0 });
    }
}

pub fn command(
    state: &mut AppState,
    rows: &[ProblemRow],
    selected: usize,
    command: Command,
) -> Effect {
    let last = rows.len().saturating_sub(1);
    let select = |state: &mut AppState, selected: usize| {
        state.dialog = Some(Dialog::Problems {
            rows: rows.to_vec(),
            selected,
        });
    };
    match command {
        Command::Up => select(state, selected.saturating_sub(1)),
        Command::Down => select(state, (selected + 1).min(last)),
        Command::Top => select(state, 0),
        Command::Bottom => select(state, last),
        Command::Open => {
            let Some(problem) = rows.get(selected) else {
                return Effect::None;
            };
            state.dialog = None;
            set_phase(state, problem.jump.phase);
            if let Some((kind, id, field)) = &problem.jump.form {
                super::forms::open_form(state, kind, id, field.as_deref());
            }
            state.message = Some(format!("To fix: {}", problem.message));
        }
        Command::Back | Command::Quit => {
            state.dialog = None;
            state.message = Some(format!(
                "{} problem(s) left: `maestro-tm validate` lists them, and other commands refuse the file until they are fixed",
                rows.len()
            ));
        }
        _ => {}
    }
    Effect::None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::session::storage;
    use crate::tui::action::Action;
    use crate::tui::app::Opened;
    use crate::tui::keymap::Keymap;
    use crate::tui::theme::Theme;
    use crate::tui::update::update;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use std::path::Path;

    const BROKEN: &str = r#"schema_version = 1

[session]
title = "Hand-edited"
created = "2026-11-01"
assessed = "next week"

[business]
user_base = "Public web customers"

[[components]]
id = "C1"
name = "Chat UI"
kind = "agent"

[[flows]]
id = "DF1"
from = "C1"
to = "C9"
"#;

    fn opened(text: &str) -> AppState {
        let mut s = AppState::new(
            Catalog::embedded(),
            Keymap::default(),
            Theme::default(),
            Vec::new(),
        );
        let path = Path::new("broken.toml");
        let opened = Opened {
            path: path.to_path_buf(),
            document: storage::parse(path, text).unwrap(),
            read_only: None,
            recovery: None,
            resume: None,
            stale_lock: None,
        };
        update(&mut s, Action::Opened(Box::new(opened)));
        s
    }

    fn rows(s: &AppState) -> Vec<ProblemRow> {
        match &s.dialog {
            Some(Dialog::Problems { rows, .. }) => rows.clone(),
            other => panic!("no problem list: {other:?}"),
        }
    }

    #[test]
    fn a_session_with_problems_lists_them_at_once_and_enter_goes_to_the_field() {
        let mut s = opened(BROKEN);
        let rows = rows(&s);
        let places: Vec<&str> = rows.iter().map(|r| r.place.as_str()).collect();
        assert!(places.contains(&"session assessed"), "{places:?}");
        assert!(places.contains(&"business user_base"), "{places:?}");
        assert!(places.contains(&"DF1 to"), "{places:?}");
        // The view names each problem at 80×24.
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        term.draw(|f| crate::tui::views::render(f, &s)).unwrap();
        let screen = format!("{:?}", term.backend());
        assert!(screen.contains("validate rejects"), "{screen}");
        assert!(screen.contains("DF1 to"), "{screen}");
        // Enter on the flow's problem: phase 2, the flow's form on its `to` field.
        let at = rows.iter().position(|r| r.place == "DF1 to").unwrap();
        for _ in 0..at {
            update(&mut s, Action::Command(Command::Down));
        }
        update(&mut s, Action::Command(Command::Open));
        assert!(s.dialog.is_none());
        assert_eq!(s.phase, 2);
        let form = s.form.clone().expect("the flow's form is open");
        assert_eq!((form.kind, form.id.as_str()), ("flow", "DF1"));
        let (specs, _) = crate::tui::forms::specs_and_values(&s, &form);
        assert_eq!(specs[form.focus].key, "to");
        assert!(s.message.as_deref().is_some_and(|m| m.contains("C9")));
    }

    #[test]
    fn a_valid_session_opens_without_the_list() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sessions/customer-support-mas.toml"
        ))
        .unwrap();
        let s = opened(&text);
        assert!(s.dialog.is_none(), "{:?}", s.dialog);
    }

    #[test]
    fn esc_closes_the_list_and_says_what_is_left() {
        let mut s = opened(BROKEN);
        let n = rows(&s).len();
        update(&mut s, Action::Command(Command::Back));
        assert!(s.dialog.is_none());
        assert!(
            s.message
                .as_deref()
                .is_some_and(|m| m.starts_with(&format!("{n} problem(s) left"))),
            "{:?}",
            s.message
        );
    }
}
