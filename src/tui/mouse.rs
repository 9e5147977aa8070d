//! Mouse clicks (with `--mouse`): a click does what the keys would, on what is drawn
//! under the pointer. A phase on the rail is the phase key (`Command::Phase`, so an open
//! view closes as it does for the key); a row of a list selects it, in the list the
//! screen draws: the records (phases 1–5), the threats of the layer (phase 6), the list
//! or card column of a planning screen (phases 7–10). Full-screen views (discovery,
//! diagram, threat card, register, heatmap) have no rail or list under the pointer.

use super::action::Command;
use super::app::{AppState, LAYER_TABS, Pane, Screen};
use super::update::{Effect, command};
use ratatui::layout::Rect;

pub fn click(state: &mut AppState, column: u16, row: u16) -> Effect {
    if state.screen != Screen::Shell || state.dialog.is_some() || state.editing.is_some() {
        return Effect::None;
    }
    let full_screen = state.discover.is_some()
        || (state.diagram.is_some() && state.form.is_none())
        || state.threats.view().is_some();
    if full_screen {
        return Effect::None;
    }
    let (width, height) = state.last_size;
    let areas = super::views::layout::shell(Rect::new(0, 0, width, height), state.phase);
    let inside =
        |r: Rect| column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height;
    if inside(areas.rail) {
        let index = row.saturating_sub(areas.rail.y + 1);
        if index < 10 {
            let effect = command(state, Command::Phase(index as u8 + 1));
            if state.phase == index as u8 + 1 {
                state.pane = Pane::Rail;
            }
            return effect;
        }
    } else if let Some(tabs) = areas.tabs
        && inside(tabs)
    {
        let width = (tabs.width / LAYER_TABS.len() as u16).max(1);
        state.layer = usize::from((column - tabs.x) / width).min(LAYER_TABS.len() - 1);
        state.records_nav.top();
    } else if inside(areas.main) {
        state.pane = Pane::Records;
        if state.form.is_some() {
            // The form covers the list: nothing under the pointer to select.
        } else if state.phase == 6 && state.list_kind.is_none() {
            if let Some(index) =
                super::views::threats_layout::layer_row_at(areas.main, state, column, row)
            {
                state.records_nav.selected = index;
            }
        } else if super::phases::plan::owns(state.phase) {
            let list = super::views::main_pane::list_area(areas.main, state);
            if let Some((focus, index)) = super::views::plan::row_at(list, state, column, row) {
                super::phases::plan::select_at(state, focus, index);
            }
        } else if let Some(index) =
            super::views::main_pane::record_at(areas.main, state, column, row)
        {
            state.records_nav.selected = index;
        }
    }
    Effect::None
}

#[cfg(test)]
mod tests {
    use crate::tui::action::{Action, Command};
    use crate::tui::app::AppState;
    use crate::tui::test_support::{example, render, text};
    use crate::tui::update::update;
    use ratatui::layout::Rect;

    fn click(s: &mut AppState, column: u16, row: u16) {
        update(s, Action::Click { column, row });
    }

    /// What says which row is selected on the screen shown.
    fn selection(s: &AppState) -> String {
        format!(
            "{} {:?} {:?}",
            s.records_nav.selected, s.plan.focus, s.plan.selected
        ) + &format!("{:?}", s.plan.card_selected)
    }

    /// Clicks every line of the main pane: each click that selects something selects
    /// the row drawn on that line (it then bears the selection marker).
    fn each_click_selects_the_row_under_it(phase: u8) {
        let mut s = example("customer-support-mas.toml");
        s.last_size = (80, 24);
        update(&mut s, Action::Command(Command::Phase(phase)));
        let main = crate::tui::views::layout::shell(Rect::new(0, 0, 80, 24), phase).main;
        let mut hits = 0;
        for y in main.y + 1..main.y + main.height - 1 {
            let before = selection(&s);
            click(&mut s, main.x + 3, y);
            if selection(&s) == before {
                continue;
            }
            hits += 1;
            let screen = text(render(&s, (80, 24)).backend().buffer());
            let line = screen.lines().nth(usize::from(y)).unwrap();
            assert!(
                line.contains('▶'),
                "phase {phase}, line {y}: {line}\n{screen}"
            );
        }
        assert!(hits >= 2, "phase {phase}: {hits} clicks selected a row");
    }

    #[test]
    fn a_click_selects_the_row_drawn_under_it_in_phases_6_to_10() {
        for phase in [6, 8, 9, 10] {
            each_click_selects_the_row_under_it(phase);
        }
    }

    #[test]
    fn a_click_on_the_phase_7_list_selects_a_threat_or_mitigation() {
        let mut s = example("customer-support-mas.toml");
        s.last_size = (80, 24);
        update(&mut s, Action::Command(Command::Phase(7)));
        let before = crate::tui::phases::plan::selected_list(&s);
        let main = crate::tui::views::layout::shell(Rect::new(0, 0, 80, 24), 7).main;
        let list = crate::tui::views::main_pane::list_area(main, &s);
        let (focus, index) = (list.y..list.y + list.height)
            .find_map(|y| {
                crate::tui::views::plan::row_at(list, &s, main.x + 3, y)
                    .filter(|(_, i)| *i > 2)
                    .map(|hit| (y, hit))
            })
            .map(|(y, hit)| {
                click(&mut s, main.x + 3, y);
                hit
            })
            .unwrap();
        assert_eq!(focus, crate::tui::phases::plan::Focus::List);
        let after = crate::tui::phases::plan::selected_list(&s);
        assert_ne!(after, before, "row {index} selected");
    }

    #[test]
    fn a_click_on_a_full_screen_view_does_not_reach_the_shell_beneath() {
        let mut s = example("customer-support-mas.toml");
        s.last_size = (80, 24);
        update(&mut s, Action::Command(Command::Phase(3)));
        update(&mut s, Action::Command(Command::Heatmap));
        // Where the rail's phase 6 is drawn without the heatmap.
        click(&mut s, 5, 7);
        assert_eq!(s.phase, 3);
        assert!(s.threats.view().is_some());
        update(&mut s, Action::Command(Command::Back));
        click(&mut s, 5, 7);
        assert_eq!(s.phase, 6, "the rail is there again");
    }

    #[test]
    fn a_rail_click_is_the_phase_key() {
        let mut s = example("customer-support-mas.toml");
        s.last_size = (80, 24);
        update(&mut s, Action::Command(Command::Phase(9)));
        click(&mut s, 5, 3);
        assert_eq!((s.phase, s.pane), (2, crate::tui::app::Pane::Rail));
        // Under an open form the phase keys do nothing, and so does the rail.
        update(&mut s, Action::Command(Command::Add));
        assert!(s.form.is_some());
        click(&mut s, 5, 4);
        assert_eq!(s.phase, 2);
    }
}
