//! The full-screen heatmap (`m`) of every example session: snapshots of the inherent,
//! transition and layer grids at three sizes and with NO_COLOR, the critical fill, and
//! the chain highlight on the layer grids.

use super::threats::HeatmapMode;
use crate::tui::action::{Action, Command};
use crate::tui::app::AppState;
use crate::tui::examples::EXAMPLES;
use crate::tui::test_support::{render, text};
use crate::tui::theme::{ColorMode, Theme};
use crate::tui::update::{edit, update};
use crate::tui::widgets::heatmap::level_fill;
use crate::vocab::{Likelihood, RiskLevel, Severity};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 50)];
const MODES: [(&str, HeatmapMode); 3] = [
    ("inherent", HeatmapMode::Inherent),
    ("transition", HeatmapMode::Transition),
    ("layers", HeatmapMode::Layers),
];

fn open_example(file: &str, theme: Theme) -> AppState {
    let mut s = crate::tui::test_support::state(theme);
    crate::tui::test_support::open_example(&mut s, file);
    s
}

fn cmd(s: &mut AppState, c: Command) {
    update(s, Action::Command(c));
}

/// The heatmap of `file` in `mode`, reached as a user does: `m`, then `t` to cycle.
fn heatmap(file: &str, mode: HeatmapMode, theme: Theme) -> AppState {
    let mut s = open_example(file, theme);
    cmd(&mut s, Command::Heatmap);
    while s.threats.heatmap.mode != mode {
        cmd(&mut s, Command::CycleView);
    }
    s
}

/// What NO_COLOR leaves: one character per cell, `R` reversed, `B` bold, `D` dim,
/// `U` underlined, `.` plain (the first that applies).
fn modifiers(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let m = buf[(x, y)].modifier;
            out.push(if m.contains(Modifier::REVERSED) {
                'R'
            } else if m.contains(Modifier::BOLD) {
                'B'
            } else if m.contains(Modifier::DIM) {
                'D'
            } else if m.contains(Modifier::UNDERLINED) {
                'U'
            } else {
                '.'
            });
        }
        out.push('\n');
    }
    out
}

fn stem(file: &str) -> &str {
    file.trim_end_matches(".toml")
}

#[test]
fn snapshot_the_three_heatmaps_of_every_example_at_three_sizes() {
    for (file, _) in EXAMPLES {
        for (name, mode) in MODES {
            let s = heatmap(file, mode, Theme::default());
            for size in SIZES {
                insta::assert_snapshot!(
                    format!("heatmap_{}_{name}_{}x{}", stem(file), size.0, size.1),
                    text(render(&s, size).backend().buffer())
                );
            }
        }
    }
}

/// Without colour the text is the same, no cell has a colour, and the levels and the
/// selection still read through the letters and the modifiers (snapshotted as a map).
#[test]
fn no_color_heatmaps_keep_the_text_and_mark_by_modifiers() {
    for (file, _) in EXAMPLES {
        for (name, mode) in MODES {
            let coloured = heatmap(file, mode, Theme::default());
            let plain = heatmap(file, mode, Theme::named("dark", ColorMode::None).unwrap());
            let size = (120, 40);
            let term = render(&plain, size);
            let buf = term.backend().buffer();
            assert_eq!(
                text(buf),
                text(render(&coloured, size).backend().buffer()),
                "{file} {name}"
            );
            for cell in buf.content() {
                assert!(
                    matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
                    "{file} {name}: a colour under NO_COLOR at {:?}",
                    cell.symbol()
                );
            }
            // The selected cell (top left, the view's start) is drawn reversed.
            assert!(
                modifiers(buf).contains("RRRR"),
                "{file} {name}: no reversed cell"
            );
            insta::assert_snapshot!(
                format!("heatmap_{}_{name}_no_color_120x40", stem(file)),
                format!("{}\n{}", text(buf), modifiers(buf))
            );
        }
    }
}

/// The screen positions of the cell heads "C n" (n ≥ 1, after an optional mark such as
/// "=" or "e:"), left of the list.
fn critical_heads(buf: &Buffer) -> Vec<(u16, u16)> {
    let mut found = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width.saturating_sub(2) {
            let at = |dx: u16| buf[(x + dx, y)].symbol();
            let before = if x > 0 { buf[(x - 1, y)].symbol() } else { " " };
            let digit = at(2)
                .chars()
                .next()
                .is_some_and(|c| ('1'..='9').contains(&c));
            if at(0) == "C" && at(1) == " " && digit && matches!(before, " " | "=" | ":" | "[") {
                found.push((x, y));
            }
        }
    }
    found
}

/// A Critical cell has the critical background in all three grids: T-001 of the minimal
/// example rated Critical × Very likely, with no mitigation (so residual Critical too).
#[test]
fn a_critical_cell_has_the_critical_background_in_every_grid() {
    for (name, mode) in MODES {
        let mut s = open_example("minimal.toml", Theme::default());
        edit(&mut s, |x| {
            for t in &mut x.threats {
                t.severity = Some(Severity::Low);
                t.likelihood = Some(Likelihood::Unlikely);
            }
            let t = x.threats.iter_mut().find(|t| t.id == "T-001").unwrap();
            t.severity = Some(Severity::Critical);
            t.likelihood = Some(Likelihood::VeryLikely);
            x.mitigations.clear();
            x.residual_risks.clear();
        });
        cmd(&mut s, Command::Heatmap);
        while s.threats.heatmap.mode != mode {
            cmd(&mut s, Command::CycleView);
        }
        // The selection sits on a cell without a Critical threat, so no cell hides its
        // fill under the selection style.
        s.threats.heatmap.cell = (3, 3);
        let fill = level_fill(&s.theme, RiskLevel::Critical);
        let bg = fill
            .bg
            .expect("the default theme has a critical background");
        for size in SIZES {
            let term = render(&s, size);
            let buf = term.backend().buffer();
            let heads = critical_heads(buf);
            assert!(
                !heads.is_empty(),
                "{name} {size:?}: no Critical cell\n{}",
                text(buf)
            );
            for (x, y) in heads {
                assert_eq!(buf[(x, y)].bg, bg, "{name} {size:?} at ({x},{y})");
            }
        }
    }
}

/// `b` on the heatmap highlights a cross-layer chain on the layer grids: the entry's
/// cells marked `e:`, the pivot's `p:`, the impact's `i:`, each in the row of the step
/// threat's layer and the column of its level; `b` again moves to the next chain, and
/// past the last one the highlight goes.
#[test]
fn b_highlights_a_chain_entry_pivot_impact_on_the_layer_grids() {
    use crate::analysis::transition::{StepRole, chain_path};
    let mut s = open_example("customer-support-mas.toml", Theme::default());
    cmd(&mut s, Command::Heatmap);
    assert_eq!(s.threats.heatmap.mode, HeatmapMode::Inherent);
    let chains = s.doc.as_ref().unwrap().session().chains.clone();
    assert!(chains.len() >= 2, "the example has chains");
    // 200×24: one line per grid row, so a row's label and its cells share a line.
    let size = (200, 24);
    for (i, chain) in chains.iter().enumerate() {
        cmd(&mut s, Command::BuildChain);
        assert_eq!(s.threats.heatmap.chain, Some(i));
        assert_eq!(
            s.threats.heatmap.mode,
            HeatmapMode::Layers,
            "b shows the grids"
        );
        let screen = text(render(&s, size).backend().buffer());
        assert!(
            screen.contains(&format!("chain {} (e entry", chain.id)),
            "{screen}"
        );
        // The inherent grid is the left third of the body (inside the frame).
        let grid = |line: &str| -> String { line.chars().skip(1).take(65).collect() };
        let session = s.doc.as_ref().unwrap().session();
        let path = chain_path(session, chain, |t| crate::risk::inherent(t, &s.catalog));
        let mut expected = std::collections::BTreeMap::new();
        for step in &path {
            let mark = match step.role {
                StepRole::Entry => "e:",
                StepRole::Pivot => "p:",
                StepRole::Impact => "i:",
            };
            for cell in &step.cells {
                expected.entry(*cell).or_insert(mark);
            }
        }
        assert!(
            expected.values().any(|m| *m == "e:"),
            "{}: the steps are rated",
            chain.id
        );
        let mut seen = 0;
        let mut rows_seen = std::collections::BTreeSet::new();
        for line in screen.lines() {
            let row = grid(line);
            // A grid row: the layer's first line (the cell list below names layers too).
            let Some(layer) = crate::tui::app::LAYER_TABS
                .iter()
                .find(|l| row.starts_with(&format!("{} ", l.as_str())))
            else {
                continue;
            };
            if !rows_seen.insert(*layer) {
                continue;
            }
            for level in RiskLevel::ALL {
                for mark in ["e:", "p:", "i:"] {
                    let shown = row.contains(&format!("{mark}{} ", level.letter()));
                    let wanted = expected.get(&(*layer, *level)) == Some(&mark);
                    assert_eq!(shown, wanted, "{} {layer} {level} {mark}: {row}", chain.id);
                    seen += usize::from(shown);
                }
            }
        }
        assert_eq!(rows_seen.len(), 8, "{screen}");
        assert_eq!(seen, expected.len(), "{}\n{screen}", chain.id);
    }
    // Past the last chain: no highlight, no marks.
    cmd(&mut s, Command::BuildChain);
    assert_eq!(s.threats.heatmap.chain, None);
    let screen = text(render(&s, size).backend().buffer());
    for mark in ["e:", "p:", "i:"] {
        for level in RiskLevel::ALL {
            let head = format!("{mark}{} ", level.letter());
            assert!(!screen.contains(&head), "{head}\n{screen}");
        }
    }
}
