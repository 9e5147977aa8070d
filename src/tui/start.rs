//! The start screen (examples, recent files, portfolio) and the new-session wizard,
//! routed here by `update`.

use super::action::Command;
use super::app::*;
use super::dialogs::open_help;
use super::guide;
use super::update::{Effect, start_edit};
use super::widgets::list::PAGE;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub(super) fn start_command(state: &mut AppState, command: Command) -> Effect {
    if state.portfolio.is_some() {
        return super::portfolio::command(state, command);
    }
    if state.wizard.is_some() {
        return wizard_command(state, command);
    }
    let visible = state.visible_start_entries();
    match command {
        Command::Up => state.start_nav.up(1),
        Command::Down => state.start_nav.down(1, visible.len()),
        Command::PageUp => state.start_nav.up(PAGE),
        Command::PageDown => state.start_nav.down(PAGE, visible.len()),
        Command::Top => state.start_nav.top(),
        Command::Bottom => state.start_nav.bottom(visible.len()),
        Command::Filter => start_edit(state, EditTarget::Filter, ""),
        Command::Help => open_help(state),
        Command::Back => state.start_nav.filter.clear(),
        Command::Quit => return Effect::Quit,
        Command::Open => {
            return match visible
                .get(state.start_nav.selected)
                .map(|(_, e)| e.clone())
            {
                Some(StartEntry::Example(i)) => Effect::OpenExample(i),
                Some(StartEntry::Recent(path)) => Effect::OpenFile(path),
                Some(StartEntry::Portfolio) => Effect::ScanPortfolio(PathBuf::from(".")),
                Some(StartEntry::New) => {
                    state.wizard = Some(Wizard {
                        step: WizardStep::Title,
                        title: String::new(),
                        file: String::new(),
                        answers: BTreeMap::new(),
                    });
                    start_edit(state, EditTarget::WizardTitle, "");
                    Effect::None
                }
                None => Effect::None,
            };
        }
        _ => {}
    }
    Effect::None
}

fn wizard_command(state: &mut AppState, command: Command) -> Effect {
    let Some(wizard) = state.wizard.clone() else {
        return Effect::None;
    };
    match (wizard.step, command) {
        (_, Command::Back) | (_, Command::Quit) => {
            state.wizard = None;
            state.editing = None;
        }
        (WizardStep::Title, _) => start_edit(state, EditTarget::WizardTitle, &wizard.title),
        (WizardStep::File, _) => start_edit(state, EditTarget::WizardFile, &wizard.file),
        (WizardStep::Question(_), Command::Help) => open_help(state),
        (WizardStep::Question(_), _) => {}
        (WizardStep::Confirm, Command::Open) => {
            let depth = guide::decide(&state.catalog, &wizard.answers);
            state.wizard = None;
            return Effect::Create {
                title: wizard.title,
                file: PathBuf::from(wizard.file),
                depth,
                answers: wizard.answers,
            };
        }
        (WizardStep::Confirm, _) => {}
    }
    Effect::None
}

/// Answers the current decision-tree question with the answer whose label starts
/// with `key` (y/n) or whose number it is; stops as soon as the tree has decided.
pub fn wizard_answer(state: &mut AppState, key: char) {
    let questions = guide::engagement_questions(&state.catalog);
    let Some(wizard) = &mut state.wizard else {
        return;
    };
    let WizardStep::Question(i) = wizard.step else {
        return;
    };
    let Some(question) = questions.get(i) else {
        return;
    };
    let chosen = question.answers.iter().enumerate().find(|(n, (_, label))| {
        label
            .chars()
            .next()
            .is_some_and(|c| c.eq_ignore_ascii_case(&key))
            || char::from_digit(*n as u32 + 1, 10) == Some(key)
    });
    let Some((_, (answer, _))) = chosen else {
        return;
    };
    // Answers to later questions are dropped when an earlier one changes.
    wizard
        .answers
        .retain(|q, _| questions.iter().take(i).any(|x| x.id == *q));
    wizard.answers.insert(question.id.clone(), answer.clone());
    let decided = guide::decide(&state.catalog, &wizard.answers).is_some();
    wizard.step = if decided || i + 1 >= questions.len() {
        WizardStep::Confirm
    } else {
        WizardStep::Question(i + 1)
    };
}

/// A file name from a title: lower case, words joined by dashes.
pub fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        "session".into()
    } else {
        words.join("-")
    }
}
