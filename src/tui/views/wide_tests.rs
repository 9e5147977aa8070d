//! Wide terminals: at 200×50 every phase of the fullest example uses its main pane (no
//! more than a third left blank), phase 6 shows list, card and heatmap side by side,
//! phases 2–5 list and form, phase 7 list, card and gap analysis; snapshots of each.

use crate::tui::action::{Action, Command};
use crate::tui::app::AppState;
use crate::tui::test_support::{render, text};
use crate::tui::theme::Theme;
use crate::tui::update::update;
use crate::tui::views;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;

const WIDE: (u16, u16) = (200, 50);

fn open(file: &str) -> AppState {
    let mut s = crate::tui::test_support::state(Theme::default());
    s.last_size = WIDE;
    crate::tui::test_support::open_example(&mut s, file);
    s
}

fn cmd(s: &mut AppState, c: Command) {
    update(s, Action::Command(c));
}

/// Blocks of this many columns × rows: a ragged line end is not "blank", a region of
/// the pane with nothing in it is.
const BLOCK: (u16, u16) = (10, 3);

/// The share of `area` that is blank, counted in blocks with no character and no
/// background in any of their cells.
fn blank_share(buf: &Buffer, area: Rect) -> f64 {
    let (mut blank, mut total) = (0usize, 0usize);
    let mut y = area.y;
    while y + BLOCK.1 <= area.bottom() {
        let mut x = area.x;
        while x + BLOCK.0 <= area.right() {
            total += 1;
            let empty = (y..y + BLOCK.1).all(|yy| {
                (x..x + BLOCK.0).all(|xx| {
                    let c = &buf[(xx, yy)];
                    c.symbol() == " " && matches!(c.bg, Color::Reset)
                })
            });
            blank += usize::from(empty);
            x += BLOCK.0;
        }
        y += BLOCK.1;
    }
    blank as f64 / total.max(1) as f64
}

/// The main pane inside its border.
fn main_inner(s: &AppState) -> Rect {
    let areas = views::layout::shell(Rect::new(0, 0, WIDE.0, WIDE.1), s.phase);
    let m = areas.main;
    Rect::new(m.x + 1, m.y + 1, m.width - 2, m.height - 2)
}

/// The fullest example, phase by phase.
fn on_phase(phase: u8) -> AppState {
    let mut s = open("customer-support-mas.toml");
    cmd(&mut s, Command::Phase(phase));
    s
}

#[test]
fn no_phase_leaves_more_than_a_third_of_its_main_pane_blank_at_200x50() {
    let mut failed = Vec::new();
    for phase in 1..=10u8 {
        let s = on_phase(phase);
        let term = render(&s, WIDE);
        let share = blank_share(term.backend().buffer(), main_inner(&s));
        if share > 1.0 / 3.0 {
            failed.push(format!(
                "phase {phase}: {:.0} % of the main pane blank\n{}",
                share * 100.0,
                text(term.backend().buffer())
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// The measure can fail: a pane that shows a short list on a wide screen is mostly blank.
#[test]
fn the_blank_measure_counts_an_empty_region() {
    let mut buf = Buffer::empty(Rect::new(0, 0, 100, 30));
    buf.set_string(0, 0, "one short line", ratatui::style::Style::default());
    assert!(blank_share(&buf, buf.area) > 0.9);
    for y in 0..30 {
        buf.set_string(0, y, "x".repeat(70), ratatui::style::Style::default());
    }
    assert!((blank_share(&buf, buf.area) - 0.3).abs() < 0.01);
}

#[test]
fn phase6_wide_shows_list_card_and_heatmap_side_by_side() {
    let mut s = on_phase(6);
    // L3 of the example holds cards: move to the first row with one.
    s.layer = 2;
    let rows = crate::tui::phases::threats::rows(&s);
    let with_card = rows
        .iter()
        .position(|r| match r {
            crate::tui::phases::threats::Row::Threat(t) => t.cards.iter().any(|c| c.on_layer),
            _ => false,
        })
        .expect("a threat with a card on L3");
    for _ in 0..with_card {
        cmd(&mut s, Command::Down);
    }
    let screen = text(render(&s, WIDE).backend().buffer());
    let line_with = |needle: &str| screen.lines().position(|l| l.contains(needle));
    let card = line_with("· Enter opens").expect("the card column");
    let map = line_with("Risk · all layers").expect("the heatmap column");
    assert_eq!(card, map, "card and heatmap titles share a line\n{screen}");
    let list = line_with("▶ ").expect("the list's selection");
    // The row's details and the grid's header share a line: side by side.
    assert!(
        screen
            .lines()
            .any(|l| l.contains("Review: ") && l.contains("Sev ")),
        "{screen}"
    );
    assert!(screen.contains("Name "), "the card's fields\n{screen}");
    let row_line = screen.lines().nth(list).unwrap();
    assert!(
        row_line.contains('│'),
        "a column border beside the list\n{screen}"
    );
    assert!(
        screen.contains("[ ] marks "),
        "the card's cell is marked\n{screen}"
    );
    insta::assert_snapshot!("wide_phase6_card_200x50", screen);
    // Below 160 columns the old layout: no side columns.
    let narrow = text(render(&s, (159, 50)).backend().buffer());
    assert!(!narrow.contains("Risk · all layers"), "{narrow}");
}

#[test]
fn phases_2_to_5_wide_show_the_list_beside_the_form() {
    for phase in 2..=5u8 {
        let mut s = on_phase(phase);
        // The first row that stands for a record (Enter on a heading would add one).
        let mut opened = false;
        for _ in 0..40 {
            let rows = s.records();
            let is_record = rows
                .get(s.records_nav.selected)
                .and_then(|r| r.record.as_ref())
                .is_some_and(|r| !r.id.is_empty());
            if is_record {
                cmd(&mut s, Command::Open);
                opened = s.form.is_some();
                break;
            }
            cmd(&mut s, Command::Down);
        }
        let before = on_phase(phase);
        assert_eq!(
            s.doc.as_ref().unwrap().session(),
            before.doc.as_ref().unwrap().session(),
            "phase {phase}: opening changes nothing"
        );
        assert!(opened, "phase {phase}: a record opens a form");
        let term = render(&s, WIDE);
        let screen = text(term.backend().buffer());
        assert!(
            screen.contains("Records ("),
            "phase {phase}: the records stay beside the form\n{screen}"
        );
        assert!(
            screen.contains("↑↓ field"),
            "phase {phase}: the form is drawn\n{screen}"
        );
        let records = screen
            .lines()
            .position(|l| l.contains("Records ("))
            .unwrap();
        let form = screen.lines().position(|l| l.contains("↑↓ field")).unwrap();
        assert_eq!(records, form, "phase {phase}: side by side\n{screen}");
        insta::assert_snapshot!(format!("wide_phase{phase}_form_200x50"), screen);
    }
}

#[test]
fn phase7_wide_shows_list_card_and_gap_analysis() {
    let s = on_phase(7);
    let screen = text(render(&s, WIDE).backend().buffer());
    let gaps = screen
        .lines()
        .position(|l| l.contains("Gap analysis"))
        .expect("the gap column");
    let list = screen
        .lines()
        .position(|l| l.contains("Threats (h/l"))
        .expect("the list");
    assert_eq!(gaps, list, "list and gap analysis side by side\n{screen}");
    // Every rule is listed with its count.
    for (key, _, _) in crate::tui::phases::mitigations::GAP_KEYS {
        assert!(
            screen.lines().any(|l| l.contains(&format!("{key} "))),
            "{key}\n{screen}"
        );
    }
}

#[test]
fn snapshot_every_phase_at_200x50() {
    for phase in 1..=10u8 {
        let s = on_phase(phase);
        insta::assert_snapshot!(
            format!("wide_phase{phase:02}_200x50"),
            text(render(&s, WIDE).backend().buffer())
        );
    }
}

/// At 200×50 the records list has a column of its own: a click on a list row selects
/// it, a click at the same height in the column beside it selects nothing.
#[test]
fn a_click_beside_the_wide_list_selects_no_record() {
    let mut s = on_phase(2);
    let screen = text(render(&s, WIDE).backend().buffer());
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("Triage agent"))
        .expect("a component row is shown");
    let at = line.find("Triage agent").unwrap();
    let x = u16::try_from(line[..at].chars().count()).unwrap();
    let row = u16::try_from(row).unwrap();
    let before = s.records_nav.selected;
    // Near the right edge of the main pane, at the row's height.
    update(
        &mut s,
        Action::Click {
            column: WIDE.0 - 4,
            row,
        },
    );
    assert_eq!(s.records_nav.selected, before, "a click beside the list");
    update(&mut s, Action::Click { column: x, row });
    assert_eq!(
        s.selected_record().map(|r| r.label),
        Some("triage-agent Triage agent".to_string())
    );
}
