//! The diagram screen: snapshots of both diagrams of every example session at three
//! sizes, NO_COLOR, selection, scrolling, Enter, and an edit showing at once.

use super::picture::Shape;
use crate::diagram::Kind;
use crate::diagram::scene::Record;
use crate::tui::action::{Action, Command};
use crate::tui::app::AppState;
use crate::tui::examples::EXAMPLES;
use crate::tui::theme::{ColorMode, Theme};
use crate::tui::update::{edit, update};
use crate::tui::views;
use crate::tui::widgets::heatmap::level_style;
use crate::vocab::{Likelihood, RiskLevel, Severity};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 50)];

fn open_example(file: &str, theme: Theme, size: (u16, u16)) -> AppState {
    let mut s = crate::tui::test_support::state(theme);
    s.last_size = size;
    crate::tui::test_support::open_example(&mut s, file);
    s
}

fn cmd(s: &mut AppState, c: Command) {
    update(s, Action::Command(c));
}

fn with_diagram(file: &str, kind: Kind, size: (u16, u16)) -> AppState {
    let mut s = open_example(file, Theme::default(), size);
    cmd(&mut s, Command::Diagram);
    if kind == Kind::Layers {
        cmd(&mut s, Command::NextPane);
    }
    assert_eq!(s.diagram.as_ref().unwrap().kind, kind);
    s
}

fn render(s: &AppState) -> Terminal<TestBackend> {
    let (w, h) = s.last_size;
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| views::render(f, s)).unwrap();
    t
}

fn text(t: &Terminal<TestBackend>) -> String {
    crate::tui::test_support::text(t.backend().buffer())
}

fn stem(file: &str) -> &str {
    file.trim_end_matches(".toml")
}

#[test]
fn snapshot_both_diagrams_of_every_example_at_three_sizes() {
    for (file, _) in EXAMPLES {
        for kind in Kind::ALL {
            for size in SIZES {
                let s = with_diagram(file, kind, size);
                let screen = text(&render(&s));
                insta::assert_snapshot!(
                    format!(
                        "diagram_{}_{}_{}x{}",
                        stem(file),
                        kind.name(),
                        size.0,
                        size.1
                    ),
                    screen
                );
            }
        }
    }
}

#[test]
fn no_color_draws_the_same_text_without_colour_and_marks_the_selection() {
    for (file, _) in EXAMPLES {
        for kind in Kind::ALL {
            let coloured = with_diagram(file, kind, (120, 40));
            let mut plain = coloured.clone();
            plain.theme = Theme::named("dark", ColorMode::None).unwrap();
            let term = render(&plain);
            assert_eq!(text(&term), text(&render(&coloured)), "{file}");
            let buf = term.backend().buffer();
            for cell in buf.content() {
                assert!(
                    matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
                    "{file}: a colour under NO_COLOR at {:?}",
                    cell.symbol()
                );
            }
            let picture = plain.diagram_picture();
            let d = plain.diagram.as_ref().unwrap();
            let Some(item) = picture.items.get(d.selected) else {
                continue;
            };
            if let Shape::Box(_) = item.shape {
                // The box's top-left corner on screen: frame (1) + header (1) + border.
                let x = 1 + item.area.x as usize - d.offset.0;
                let y = 2 + item.area.y as usize - d.offset.1;
                let cell = &buf[(x as u16, y as u16)];
                assert!(
                    cell.modifier.contains(Modifier::REVERSED),
                    "{file}: the selected box is reversed"
                );
            }
        }
    }
    let s = with_diagram("minimal.toml", Kind::DataFlow, (80, 24));
    let mut plain = s.clone();
    plain.theme = Theme::named("dark", ColorMode::None).unwrap();
    insta::assert_snapshot!(
        "diagram_minimal_dataflow_no_color_80x24",
        text(&render(&plain))
    );
}

#[test]
fn the_key_is_in_help_and_toggles_the_screen() {
    let mut s = open_example("minimal.toml", Theme::default(), (80, 24));
    assert!(
        s.help_rows()
            .iter()
            .any(|(keys, help)| keys == "V" && help.starts_with("Diagrams"))
    );
    cmd(&mut s, Command::Diagram);
    assert!(s.diagram.is_some());
    assert!(text(&render(&s)).contains("Tab diagram"));
    cmd(&mut s, Command::Diagram);
    assert!(s.diagram.is_none());
    cmd(&mut s, Command::Diagram);
    cmd(&mut s, Command::Back);
    assert!(s.diagram.is_none());
}

/// Every selectable item is reached by the arrows, and the view scrolls to keep the
/// selection on screen.
#[test]
fn arrows_reach_items_and_the_view_follows_the_selection() {
    for (file, _) in EXAMPLES {
        let mut s = with_diagram(file, Kind::DataFlow, (80, 24));
        let picture = s.diagram_picture();
        if picture.items.is_empty() {
            assert!(text(&render(&s)).contains("No components yet"), "{file}");
            continue;
        }
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..4 {
            for c in [Command::Down, Command::Right, Command::Up, Command::Left] {
                for _ in 0..picture.items.len() {
                    cmd(&mut s, c);
                    let d = s.diagram.as_ref().unwrap();
                    seen.insert(d.selected);
                    let item = &picture.items[d.selected];
                    let (w, h) = super::canvas_size(s.last_size);
                    let (ox, oy) = d.offset;
                    assert!(
                        (item.anchor.x as usize) >= ox
                            && (item.anchor.x as usize) < ox + w
                            && (item.anchor.y as usize) >= oy
                            && (item.anchor.y as usize) < oy + h,
                        "{file}: the selected item is off screen"
                    );
                }
            }
        }
        assert!(
            seen.len() * 2 >= picture.items.len(),
            "{file}: arrows reach {} of {} items",
            seen.len(),
            picture.items.len()
        );
        cmd(&mut s, Command::Bottom);
        assert_eq!(
            s.diagram.as_ref().unwrap().selected,
            picture.items.len() - 1
        );
    }
}

#[test]
fn enter_opens_the_selected_record_and_esc_comes_back() {
    let mut s = with_diagram("customer-support-mas.toml", Kind::DataFlow, (120, 40));
    cmd(&mut s, Command::Phase(6));
    assert!(s.diagram.is_none(), "a phase key leaves the picture");
    cmd(&mut s, Command::Diagram);
    let picture = s.diagram_picture();
    let flow = picture
        .items
        .iter()
        .position(|i| matches!(i.record, Record::Flow(_)))
        .unwrap();
    s.diagram.as_mut().unwrap().selected = flow;
    cmd(&mut s, Command::Open);
    let form = s.form.as_ref().expect("the flow's form is open");
    let Record::Flow(id) = &picture.items[flow].record else {
        unreachable!()
    };
    assert_eq!(
        (form.kind, form.id.as_str(), s.phase),
        ("flow", id.as_str(), 2)
    );
    let screen = text(&render(&s));
    assert!(
        !screen.contains("Tab diagram"),
        "the form shows, not the picture"
    );
    cmd(&mut s, Command::Back);
    assert!(s.form.is_none());
    assert!(text(&render(&s)).contains("Tab diagram"));

    cmd(&mut s, Command::Top);
    let first = &s.diagram_picture().items[0];
    cmd(&mut s, Command::Open);
    let expected = match &first.record {
        Record::Component(id) => ("component", id.clone()),
        Record::Flow(id) => ("flow", id.clone()),
        other => panic!("{other:?}"),
    };
    let form = s.form.as_ref().unwrap();
    assert_eq!((form.kind, form.id.clone()), expected);
}

#[test]
fn an_edited_flow_shows_in_the_next_frame() {
    let mut s = with_diagram("minimal.toml", Kind::DataFlow, (120, 40));
    let before = text(&render(&s));
    edit(&mut s, |x| x.flows[0].protocol = "carrier-pigeon".into());
    let picture = s.diagram_picture();
    let flow_id = s.doc.as_ref().unwrap().session().flows[0].id.clone();
    let item = picture
        .items
        .iter()
        .position(|i| i.record == Record::Flow(flow_id.clone()))
        .unwrap();
    s.diagram.as_mut().unwrap().selected = item;
    let after = text(&render(&s));
    assert_ne!(before, after);
    assert!(after.contains("carrier-pigeon"), "{after}");
}

#[test]
fn a_critical_component_shows_its_level_in_the_critical_style() {
    let mut s = with_diagram("minimal.toml", Kind::DataFlow, (120, 40));
    let component = s.doc.as_ref().unwrap().session().threats[0].components[0].clone();
    edit(&mut s, |x| {
        let t = &mut x.threats[0];
        t.severity = Some(Severity::Critical);
        t.likelihood = Some(Likelihood::VeryLikely);
    });
    // Select something else, so the box shows its own style.
    cmd(&mut s, Command::Bottom);
    let picture = s.diagram_picture();
    let b = picture
        .scene
        .boxes
        .iter()
        .find(|b| b.record == Record::Component(component.clone()))
        .unwrap();
    assert_eq!(b.level, Some(RiskLevel::Critical));
    let term = render(&s);
    let d = s.diagram.as_ref().unwrap();
    let x = 1 + (b.rect.x + 2) as usize - d.offset.0;
    let y = 2 + (b.rect.y + 2) as usize - d.offset.1;
    let cell = &term.backend().buffer()[(x as u16, y as u16)];
    let want = level_style(&s.theme, RiskLevel::Critical);
    assert_eq!(cell.fg, want.fg.unwrap());
    assert!(cell.modifier.contains(Modifier::REVERSED));
}

#[test]
fn ascii_terminals_get_ascii_lines() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    assert!(super::ascii_terminal(&env(&[("TERM", "linux")])));
    assert!(super::ascii_terminal(&env(&[
        ("TERM", "xterm"),
        ("LANG", "C")
    ])));
    assert!(super::ascii_terminal(&env(&[
        ("LC_ALL", "POSIX"),
        ("LANG", "en_US.UTF-8")
    ])));
    assert!(!super::ascii_terminal(&env(&[
        ("TERM", "xterm-256color"),
        ("LANG", "en_US.UTF-8")
    ])));
    assert!(!super::ascii_terminal(&env(&[("TERM", "tmux-256color")])));

    let mut s = with_diagram("minimal.toml", Kind::DataFlow, (80, 24));
    s.ascii_lines = true;
    let screen = text(&render(&s));
    assert!(screen.contains("+--------------+"), "{screen}");
    assert!(
        !screen.contains('┌') || screen.matches('┌').count() == 1,
        "{screen}"
    );
    insta::assert_snapshot!("diagram_minimal_dataflow_ascii_80x24", screen);
}

/// Shift+arrows and H/J/K/L scroll the drawing without moving the selection, stop at
/// its edges, and are listed in help; outside the diagram the letters keep their own
/// commands.
#[test]
fn shift_arrows_and_hjkl_pan_the_drawing() {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let key = |s: &mut AppState, code: KeyCode, modifiers: KeyModifiers| {
        let event = Event::Key(KeyEvent::new(code, modifiers));
        if let Some(action) = crate::tui::input::map_event(s, &event) {
            update(s, action);
        }
    };
    // The fullest example at 80×24: the drawing is larger than the view both ways.
    let mut s = with_diagram("customer-support-mas.toml", Kind::DataFlow, (80, 24));
    let picture = s.diagram_picture();
    let (w, h) = super::canvas_size(s.last_size);
    assert!(
        picture.width() > w && picture.rows.len() > h,
        "needs panning"
    );
    let selected = s.diagram.as_ref().unwrap().selected;
    let revision = s.doc.as_ref().unwrap().revision;
    let offset = |s: &AppState| s.diagram.as_ref().unwrap().offset;
    let start = offset(&s);
    key(&mut s, KeyCode::Right, KeyModifiers::SHIFT);
    assert!(offset(&s).0 > start.0, "Shift+→ pans right");
    key(&mut s, KeyCode::Down, KeyModifiers::SHIFT);
    assert!(offset(&s).1 > start.1, "Shift+↓ pans down");
    key(&mut s, KeyCode::Left, KeyModifiers::SHIFT);
    key(&mut s, KeyCode::Up, KeyModifiers::SHIFT);
    assert_eq!(offset(&s), start, "and back");
    for (c, moved) in [('L', true), ('J', true), ('H', true), ('K', true)] {
        let before = offset(&s);
        key(&mut s, KeyCode::Char(c), KeyModifiers::SHIFT);
        assert_eq!(offset(&s) != before, moved, "{c}");
    }
    assert_eq!(
        s.diagram.as_ref().unwrap().selected,
        selected,
        "selection kept"
    );
    assert_eq!(
        s.doc.as_ref().unwrap().revision,
        revision,
        "J/K do not move a record here"
    );
    // Panning stops at the drawing's edges.
    for _ in 0..200 {
        key(&mut s, KeyCode::Char('L'), KeyModifiers::SHIFT);
        key(&mut s, KeyCode::Char('J'), KeyModifiers::SHIFT);
    }
    assert_eq!(
        offset(&s),
        (picture.width() - w, picture.rows.len() - h),
        "the far corner"
    );
    let screen = text(&render(&s));
    assert!(screen.contains("HJKL pan"), "{screen}");
    // Help lists the keys.
    let help = s.help_rows();
    for (k, what) in [("H", "left"), ("J", "down"), ("K", "up"), ("L", "right")] {
        assert!(
            help.iter()
                .any(|(keys, text)| keys == k && text.contains(&format!("pan {what}"))),
            "{k}: {help:?}"
        );
    }
    // Outside the diagram, L still filters the heatmap by layer.
    cmd(&mut s, Command::Back);
    cmd(&mut s, Command::Heatmap);
    key(&mut s, KeyCode::Char('L'), KeyModifiers::SHIFT);
    assert!(s.threats.heatmap.filter.layer.is_some());
}

/// Zone columns are as wide as their boxes, not their titles, and the detail panel goes
/// below a drawing that then fits: at 200×50 the data-flow diagram of every example fits
/// across the view without panning.
#[test]
fn dataflow_diagrams_fit_across_200x50() {
    for (file, _) in EXAMPLES {
        let s = with_diagram(file, Kind::DataFlow, (200, 50));
        let picture = s.diagram_picture();
        let (w, _) = super::view_size(s.last_size, &picture);
        assert!(
            picture.width() <= w,
            "{file}: {} columns in a view of {w}",
            picture.width()
        );
    }
}
