//! Which pane has the focus, marked without colour (NO_COLOR, monochrome themes, colour
//! blindness): the focused pane's box is drawn thick and its title or heading carries
//! [`MARK`]; the theme's focus colour comes on top where there is colour.

use ratatui::widgets::BorderType;

/// The marker before the focused pane's title or heading.
pub const MARK: &str = "◆";

/// Thick lines around the focused pane, plain ones elsewhere.
pub fn border(focused: bool) -> BorderType {
    if focused {
        BorderType::Thick
    } else {
        BorderType::Plain
    }
}

/// A box title (" Phases "), marked when its pane has the focus (" ◆ Phases ").
pub fn title(text: &str, focused: bool) -> String {
    if focused {
        format!(" {MARK} {} ", text.trim())
    } else {
        format!(" {} ", text.trim())
    }
}

/// A heading inside a box ("Records (3)"), marked when its part has the focus.
pub fn heading(text: &str, focused: bool) -> String {
    if focused {
        format!("{MARK} {text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::MARK;

    use crate::tui::action::{Action, Command};
    use crate::tui::app::{AppState, Pane};

    use crate::tui::theme::{ColorMode, Theme};
    use crate::tui::update::update;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    /// The minimal example in the monochrome theme, as NO_COLOR selects it.
    fn mono() -> AppState {
        let theme = Theme::named("monochrome", ColorMode::None).unwrap();
        let mut s = crate::tui::test_support::state(theme);
        crate::tui::test_support::open_example(&mut s, "minimal.toml");
        s
    }

    fn screen(s: &AppState) -> (String, TestBackend) {
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| crate::tui::views::render(f, s)).unwrap();
        let backend = t.backend().clone();
        let text: String = backend
            .buffer()
            .content()
            .chunks(80)
            .map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n")
            .collect();
        (text, backend)
    }

    /// The line of `text` holding `needle`.
    fn line_of<'a>(text: &'a str, needle: &str) -> &'a str {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle} in\n{text}"))
    }

    #[test]
    fn the_focused_pane_is_marked_without_colour() {
        let mut s = mono();
        update(&mut s, Action::Command(Command::Phase(2)));
        for (pane, name) in [
            (Pane::Rail, "rail"),
            (Pane::Guidance, "guidance"),
            (Pane::Records, "records"),
        ] {
            s.pane = pane;
            let (text, backend) = screen(&s);
            assert_eq!(
                text.matches(MARK).count(),
                1,
                "one mark, on the focused pane ({name}):\n{text}"
            );
            let rail_top = line_of(&text, "Phases");
            match pane {
                Pane::Rail => {
                    assert!(rail_top.starts_with("┏"), "{rail_top}");
                    assert!(rail_top.contains("◆ Phases"), "{rail_top}");
                    assert!(line_of(&text, "Phase 2 ·").contains("┌ Phase 2"));
                }
                Pane::Guidance => {
                    assert!(rail_top.starts_with("┌"), "{rail_top}");
                    assert!(line_of(&text, "Phase 2 ·").contains("┏ Phase 2"));
                    assert!(text.contains("◆ ▾ Guidance"), "{text}");
                }
                Pane::Records => {
                    assert!(rail_top.starts_with("┌"), "{rail_top}");
                    assert!(line_of(&text, "Phase 2 ·").contains("┏ Phase 2"));
                    assert!(text.contains("◆ Records ("), "{text}");
                }
            }
            insta::assert_snapshot!(format!("focus_{name}_mono_80x24"), backend);
        }
    }

    #[test]
    fn phase_6_and_planning_screens_mark_their_focus_too() {
        let mut s = mono();
        for (phase, marked) in [(6, "◆ Phase 6 ·"), (7, "◆ Threats")] {
            update(&mut s, Action::Command(Command::Phase(phase)));
            s.pane = Pane::Records;
            let (text, _) = screen(&s);
            assert!(text.contains(marked), "phase {phase}:\n{text}");
            assert_eq!(text.matches(MARK).count(), 1, "phase {phase}:\n{text}");
            s.pane = Pane::Rail;
            let (text, _) = screen(&s);
            assert!(!text.contains(marked), "phase {phase}:\n{text}");
            assert!(text.contains("◆ Phases"), "phase {phase}:\n{text}");
        }
    }
}
