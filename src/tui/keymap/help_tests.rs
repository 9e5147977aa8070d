//! Acceptance of issue 21: every key of the table is on the help screen of its
//! context (drawn, scrolled to the end), under that context's title, first.

use super::context::{Context, active, beneath_help};
use crate::tui::action::{Action, Command};
use crate::tui::app::{AppState, Dialog, Screen};
use crate::tui::test_support::{example, render, state, text};
use crate::tui::theme::Theme;
use crate::tui::update::update;

fn cmd(s: &mut AppState, c: Command) {
    update(s, Action::Command(c));
}

/// A state whose keys resolve in `context` first.
fn in_context(context: Context) -> AppState {
    let mut s = example("minimal.toml");
    s.last_size = (200, 50);
    match context {
        Context::Global => {
            s = state(Theme::default());
        }
        Context::Records => cmd(&mut s, Command::Phase(2)),
        Context::Threats => cmd(&mut s, Command::Phase(6)),
        Context::Card => {
            let id = s.doc.as_ref().unwrap().session().threats[0].id.clone();
            s.threats
                .views
                .push(crate::tui::phases::threats::View::Card(id));
        }
        Context::Register => cmd(&mut s, Command::Register),
        Context::Heatmap => cmd(&mut s, Command::Heatmap),
        Context::Diagram => cmd(&mut s, Command::Diagram),
        Context::Plan(n) => cmd(&mut s, Command::Phase(n)),
        Context::Form => {
            cmd(&mut s, Command::Phase(2));
            cmd(&mut s, Command::Add);
        }
        Context::LinkPicker => {
            s.links.picker = Some(crate::tui::links::Picker {
                from: "threat T-001".into(),
                links: Vec::new(),
                selected: 0,
            });
        }
        Context::Discover => {
            s.discover = Some(crate::tui::discover::DiscoverUi {
                root: "src".into(),
                discovery: Default::default(),
                drift: Vec::new(),
                items: Vec::new(),
                selected: 0,
                edit: None,
                confirm_discard: false,
            });
        }
        Context::Portfolio => {
            s = state(Theme::default());
            s.portfolio = Some(crate::tui::portfolio::PortfolioView {
                dir: ".".into(),
                rows: Vec::new(),
                sort: 0,
                reverse: false,
                selected: 0,
            });
        }
        Context::Conflicts => s.dialog = Some(Dialog::Conflicts { selected: 0 }),
        // Prompts are listed in every help overlay; the dialog itself is not open.
        _ => {}
    }
    s
}

/// Every line the help overlay shows, scrolled from top to bottom, at 200×50.
fn help_screen(s: &AppState) -> String {
    let mut s = s.clone();
    s.dialog = Some(Dialog::Help);
    let max = s.help_layout(200, 50).max_scroll;
    let mut all = String::new();
    for at in (0..=max).step_by(10) {
        s.help_scroll = at;
        all.push_str(&text(render(&s, (200, 50)).backend().buffer()));
    }
    s.help_scroll = max;
    all.push_str(&text(render(&s, (200, 50)).backend().buffer()));
    all
}

#[test]
fn every_key_of_the_table_is_on_the_help_screen_of_its_context() {
    for context in Context::all() {
        let s = in_context(context);
        let own = beneath_help(&s);
        if !Context::always_listed().contains(&context) {
            assert_eq!(own[0], context, "the state for {}", context.title());
            assert_eq!(active(&s)[0], context);
        }
        let screen = help_screen(&s);
        // Its keys, and the global keys and prompts besides.
        let mut shown = vec![context, Context::Global];
        shown.extend(Context::always_listed());
        for c in shown {
            assert!(
                screen.contains(c.title()),
                "{}: no heading {}",
                context.title(),
                c.title()
            );
            for row in s.keymap.rows(c) {
                let line = format!(" {:<11} {}", row.keys, row.help);
                assert!(
                    screen.contains(&line),
                    "help of {} lacks `{line}` ({})",
                    context.title(),
                    c.title()
                );
            }
        }
    }
}

#[test]
fn the_help_lists_the_current_context_first() {
    let listed = Context::always_listed();
    for context in Context::all().into_iter().filter(|c| !listed.contains(c)) {
        let s = in_context(context);
        let rows = s.help_rows();
        assert_eq!(rows[0], (String::new(), context.title()));
        if context != Context::Global {
            let global = rows
                .iter()
                .position(|r| r.1 == Context::Global.title())
                .unwrap();
            let own = s.keymap.rows(context).len();
            assert_eq!(
                global,
                own + 2,
                "{}: its keys, a blank line",
                context.title()
            );
        }
    }
    // Keys of other screens are not listed: phase 7's are not on phase 2's help.
    let s = in_context(Context::Records);
    assert!(
        !s.help_rows()
            .iter()
            .any(|r| r.1 == Context::Plan(7).title())
    );
}

#[test]
fn help_does_not_list_a_key_it_would_not_show() {
    // The check above can fail: a row missing from the drawing is found.
    let s = in_context(Context::Records);
    let screen = help_screen(&s);
    assert!(!screen.contains(" a           Adopt the catalog mitigation"));
    assert!(screen.contains(" a           Add a record"));
    assert_eq!(s.screen, Screen::Shell);
}
