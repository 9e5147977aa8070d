//! `update` and snapshot tests of the threat screens (phase 6, card, heatmap, register).

use super::threats::{self, HeatmapMode, Section, View};
use crate::catalog::Catalog;
use crate::session::Threat;
use crate::tui::action::{Action, Command};
use crate::tui::app::AppState;
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;
use crate::tui::update::{edit, update};
use crate::tui::views;
use crate::tui::widgets::heatmap::{level_fill, level_style};
use crate::vocab::{Layer, Likelihood, ReviewState, RiskLevel, Severity};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

fn with_session() -> AppState {
    crate::tui::test_support::example("minimal.toml")
}

fn cmd(s: &mut AppState, c: Command) {
    update(s, Action::Command(c));
}

/// Phase 6 on layer L3, first threat selected.
fn on_l3() -> AppState {
    let mut s = with_session();
    cmd(&mut s, Command::Phase(6));
    s.layer = 2;
    assert_eq!(s.layer(), Layer::L3);
    s
}

fn session(s: &AppState) -> &crate::session::Session {
    s.doc.as_ref().unwrap().session()
}

fn render(s: &AppState, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| views::render(f, s)).unwrap();
    t
}

fn screen_text(t: &Terminal<TestBackend>) -> String {
    crate::tui::test_support::text(t.backend().buffer())
}

fn selected_catalog_id(s: &AppState) -> String {
    match threats::selected_row(s) {
        Some(threats::Row::Threat(t)) => t.threat_id,
        other => panic!("expected a threat row, got {other:?}"),
    }
}

// ---- update ----

#[test]
fn applicable_creates_a_card_and_review_states_change_by_key() {
    let mut s = on_l3();
    let item = selected_catalog_id(&s);
    let before = session(&s).threats.len();
    cmd(&mut s, Command::MarkApplicable);
    let review = &session(&s).reviews;
    assert!(
        review
            .iter()
            .any(|r| r.item == item && r.layer == Layer::L3 && r.state == ReviewState::Applicable)
    );
    assert_eq!(session(&s).threats.len(), before + 1, "a card is created");
    let card = session(&s).threats.last().unwrap();
    assert_eq!(card.catalog, item);
    assert_eq!(card.layers, vec![Layer::L3]);
    // Marking applicable again does not create a second card for the layer.
    cmd(&mut s, Command::MarkApplicable);
    assert_eq!(session(&s).threats.len(), before + 1);

    // Not applicable asks a reason in a prompt; an empty reason changes nothing.
    cmd(&mut s, Command::MarkNotApplicable);
    assert!(s.editing.is_some());
    cmd(&mut s, Command::Open);
    assert!(
        session(&s)
            .reviews
            .iter()
            .any(|r| r.state == ReviewState::Applicable)
    );
    cmd(&mut s, Command::MarkNotApplicable);
    update(&mut s, Action::Paste("no tools in this system".into()));
    cmd(&mut s, Command::Open);
    let r = session(&s).reviews.iter().find(|r| r.item == item).unwrap();
    assert_eq!(r.state, ReviewState::NotApplicable);
    assert_eq!(r.reason, "no tools in this system");

    cmd(&mut s, Command::MarkUnreviewed);
    assert!(!session(&s).reviews.iter().any(|r| r.item == item));
    cmd(&mut s, Command::Undo);
    assert!(session(&s).reviews.iter().any(|r| r.item == item));
}

/// The cached session figures after a rating key, undo or redo: updated in place (the
/// same allocation, so not recomputed) and equal to figures computed anew.
#[test]
fn rating_keys_undo_and_redo_update_the_figures_in_place() {
    use crate::analysis::figures::SessionFigures;
    use std::sync::Arc;
    let mut s = on_l3();
    cmd(&mut s, Command::MarkApplicable);
    let catalog = Catalog::embedded();
    let check = |s: &AppState, in_place: Option<*const crate::tui::derive::SessionFigures>| {
        let doc = s.doc.as_ref().unwrap();
        let cached = s.derived.session.as_ref().expect("figures are cached");
        assert_eq!(cached.revision, doc.revision);
        let figures: &SessionFigures = cached;
        assert_eq!(figures, &SessionFigures::compute(doc.session(), &catalog));
        if let Some(before) = in_place {
            assert_eq!(Arc::as_ptr(cached), before, "updated, not recomputed");
        }
        Arc::as_ptr(cached)
    };
    let mut at = check(&s, None);
    for c in [
        Command::SeverityUp,
        Command::SeverityUp,
        Command::LikelihoodUp,
        Command::LikelihoodUp,
        Command::AttackVector,
        Command::Complexity,
        Command::SeverityDown,
        Command::Undo,
        Command::Undo,
        Command::Redo,
    ] {
        let revision = s.doc.as_ref().unwrap().revision;
        cmd(&mut s, c);
        assert_ne!(
            s.doc.as_ref().unwrap().revision,
            revision,
            "{c:?} changed the card"
        );
        at = check(&s, Some(at));
    }
    // Reviews and the assessed mark leave the register alone: updated in place too.
    let revision = s.doc.as_ref().unwrap().revision;
    cmd(&mut s, Command::LayerAssessed);
    assert_ne!(s.doc.as_ref().unwrap().revision, revision);
    at = check(&s, Some(at));
    cmd(&mut s, Command::Undo);
    check(&s, Some(at));
    // A new card changes the register: computed anew, equal all the same.
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::MarkApplicable);
    check(&s, None);
}

#[test]
fn rating_keys_change_the_card_and_the_heatmap_at_once() {
    let mut s = on_l3();
    cmd(&mut s, Command::MarkApplicable);
    let id = session(&s).threats.last().unwrap().id.clone();
    let catalog = Catalog::embedded();
    let count = |s: &AppState| {
        crate::analysis::heatmap::matrix(
            session(s),
            &catalog,
            crate::analysis::heatmap::Variant::Inherent,
            &Default::default(),
        )
        .cell(Severity::High, Likelihood::Likely)
        .count()
    };
    let before = count(&s);
    for _ in 0..3 {
        cmd(&mut s, Command::SeverityUp);
        cmd(&mut s, Command::LikelihoodUp);
    }
    let card = session(&s).threat(&id).unwrap();
    assert_eq!(card.severity, Some(Severity::High));
    assert_eq!(card.likelihood, Some(Likelihood::Likely));
    assert_eq!(count(&s), before + 1);
    cmd(&mut s, Command::SeverityDown);
    assert_eq!(
        session(&s).threat(&id).unwrap().severity,
        Some(Severity::Medium)
    );
    cmd(&mut s, Command::AttackVector);
    assert!(session(&s).threat(&id).unwrap().attack_vector.is_some());
    // On the card: f then a digit toggles a factor.
    s.threats.views.push(View::Card(id.clone()));
    let had = session(&s).threat(&id).unwrap().factors.len();
    cmd(&mut s, Command::ToggleFactor);
    cmd(&mut s, Command::Phase(2));
    assert_ne!(session(&s).threat(&id).unwrap().factors.len(), had);
    assert_eq!(s.phase, 6, "the digit toggled a factor, it did not jump");
}

#[test]
fn merge_duplicate_on_the_card_and_undo() {
    let mut s = with_session();
    edit(&mut s, |x| {
        for (id, layer) in [("T-010", Layer::L1), ("T-011", Layer::L3)] {
            x.threats.push(Threat {
                id: id.into(),
                name: "Tool Misuse".into(),
                catalog: "T2".into(),
                layers: vec![layer],
                ..Threat::default()
            });
        }
    });
    cmd(&mut s, Command::Register);
    s.threats.views.push(View::Card("T-010".into()));
    let text = screen_text(&render(&s, 120, 40));
    assert!(text.contains("T-011 (same catalog threat T2)"), "{text}");
    cmd(&mut s, Command::MergeDuplicate);
    assert!(session(&s).threat("T-011").is_none());
    let kept = session(&s).threat("T-010").unwrap();
    assert_eq!(kept.layers, vec![Layer::L1, Layer::L3]);
    assert_eq!(kept.merged, vec!["T-011".to_string()]);
    cmd(&mut s, Command::Undo);
    assert!(session(&s).threat("T-011").is_some());
    assert_eq!(session(&s).threat("T-010").unwrap().layers, vec![Layer::L1]);
}

#[test]
fn chain_from_pattern_layer_assessed_and_register() {
    let mut s = on_l3();
    cmd(&mut s, Command::LayerAssessed);
    assert_eq!(session(&s).analysis.assessed_layers, vec![Layer::L3]);
    while s.threats.section != Section::Chains {
        cmd(&mut s, Command::CycleView);
    }
    cmd(&mut s, Command::BuildChain);
    assert_eq!(session(&s).chains.len(), 1);
    assert_eq!(session(&s).chains[0].pattern, "XLP-1");
    // The new chain is the last row of the Chains list; rating keys rate it.
    cmd(&mut s, Command::Bottom);
    cmd(&mut s, Command::SeverityUp);
    cmd(&mut s, Command::LikelihoodUp);
    assert_eq!(session(&s).chains[0].severity, Some(Severity::Low));
    assert_eq!(session(&s).chains[0].likelihood, Some(Likelihood::Unlikely));
    cmd(&mut s, Command::Register);
    let rows = threats::register_rows(&s);
    assert!(rows.iter().any(|r| r.chain && r.id == "CH-001"));
    // Sorting by inherent level puts the highest first; the filter narrows.
    cmd(&mut s, Command::SortKey);
    let rows = threats::register_rows(&s);
    assert!(rows.windows(2).all(|w| w[0].inherent >= w[1].inherent));
    cmd(&mut s, Command::Filter);
    update(&mut s, Action::Paste("vector".into()));
    let rows = threats::register_rows(&s);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].id, "T-002");
    cmd(&mut s, Command::Open);
    cmd(&mut s, Command::Back);
    assert_eq!(s.threats.views, vec![View::Register]);
}

#[test]
fn heatmap_cell_lists_threats_and_enter_opens_one() {
    let mut s = with_session();
    cmd(&mut s, Command::Heatmap);
    assert_eq!(s.threats.view(), Some(&View::Heatmap));
    // Medium × Likely holds T-001 in the minimal example: row 2 (Critical on top), column 2.
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::Right);
    cmd(&mut s, Command::Right);
    assert_eq!(threats::heatmap_cell_threats(&s), vec!["T-001".to_string()]);
    cmd(&mut s, Command::Open);
    cmd(&mut s, Command::Open);
    assert_eq!(s.threats.view(), Some(&View::Card("T-001".into())));
    cmd(&mut s, Command::Back);
    cmd(&mut s, Command::Back);
    cmd(&mut s, Command::Back);
    assert_eq!(s.threats.view(), None);
    // `m` toggles from any phase.
    cmd(&mut s, Command::Phase(3));
    cmd(&mut s, Command::Heatmap);
    assert_eq!(s.threats.view(), Some(&View::Heatmap));
    cmd(&mut s, Command::Heatmap);
    assert_eq!(s.threats.view(), None);
}

#[test]
fn heatmap_key_is_in_the_keymap_help_and_hints() {
    let k = Keymap::default();
    assert!(
        k.help_rows()
            .iter()
            .any(|(keys, help)| keys == "m" && *help == "Heatmap")
    );
    assert!(k.hints().iter().any(|(keys, _)| keys == "m"));
}

// ---- snapshots and styles ----

fn heatmap_state(mode: HeatmapMode) -> AppState {
    let mut s = with_session();
    cmd(&mut s, Command::Heatmap);
    s.threats.heatmap.mode = mode;
    s
}

#[test]
fn snapshot_heatmaps() {
    for (name, mode) in [
        ("inherent", HeatmapMode::Inherent),
        ("transition", HeatmapMode::Transition),
        ("layers", HeatmapMode::Layers),
    ] {
        let s = heatmap_state(mode);
        for (w, h) in [(80, 24), (200, 50)] {
            insta::assert_snapshot!(
                format!("threats_heatmap_{name}_{w}x{h}"),
                render(&s, w, h).backend()
            );
        }
    }
}

#[test]
fn snapshot_phase6_layer_screen_and_register() {
    let mut s = on_l3();
    cmd(&mut s, Command::MarkApplicable);
    cmd(&mut s, Command::SeverityUp);
    for (w, h) in [(80, 24), (200, 50)] {
        insta::assert_snapshot!(
            format!("threats_phase6_l3_{w}x{h}"),
            render(&s, w, h).backend()
        );
    }
    cmd(&mut s, Command::Register);
    for (w, h) in [(80, 24), (200, 50)] {
        insta::assert_snapshot!(
            format!("threats_register_{w}x{h}"),
            render(&s, w, h).backend()
        );
    }
}

#[test]
fn critical_cell_carries_the_critical_background_and_a_letter() {
    let mut s = with_session();
    // Rate T-001 Critical × Very Likely: the top-right cell.
    edit(&mut s, |x| {
        let t = x.threats.iter_mut().find(|t| t.id == "T-001").unwrap();
        t.severity = Some(Severity::Critical);
        t.likelihood = Some(Likelihood::VeryLikely);
    });
    cmd(&mut s, Command::Heatmap);
    // Move the selection away so the cell shows its own fill.
    cmd(&mut s, Command::Down);
    for (w, h) in [(80, 24), (200, 50)] {
        let term = render(&s, w, h);
        let text = screen_text(&term);
        let buf = term.backend().buffer();
        let fill = level_fill(&s.theme, RiskLevel::Critical);
        assert!(
            fill.bg.is_some(),
            "the default theme has a critical background"
        );
        // The top-right cell's head reads "C 1" on the critical background.
        let (y, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains("C 1"))
            .unwrap_or_else(|| panic!("no C 1 cell at {w}x{h}:\n{text}"));
        let x = line[..line.find("C 1").unwrap()].chars().count();
        let cell = &buf[(x as u16, y as u16)];
        assert_eq!(cell.bg, fill.bg.unwrap(), "{line}");
    }
    // Monochrome still marks it: the letter and the reverse modifier.
    let mono = Theme::named("monochrome", crate::tui::theme::ColorMode::None).unwrap();
    assert!(
        level_fill(&mono, RiskLevel::Critical)
            .add_modifier
            .contains(Modifier::REVERSED)
    );
    assert!(
        level_style(&mono, RiskLevel::Critical)
            .add_modifier
            .contains(Modifier::REVERSED)
    );
}

/// A long register draws only the rows in view, scrolled as the table would scroll all of
/// them: the selection on the last visible line, the rows before it above.
#[test]
fn a_long_register_scrolls_the_selection_into_view() {
    let catalog = Catalog::embedded();
    let big = crate::synth::generate(
        crate::synth::SynthParams {
            components: 10,
            threats: 300,
            seed: 9,
        },
        &catalog,
    );
    let mut s = with_session();
    if let Some(doc) = &mut s.doc {
        *doc.session_mut() = big;
    }
    cmd(&mut s, Command::Phase(6));
    cmd(&mut s, Command::Register);
    for _ in 0..150 {
        cmd(&mut s, Command::Down);
    }
    let rows = s.register_rows();
    assert_eq!(s.threats.register.selected, 150);
    let text = screen_text(&render(&s, 100, 30));
    let lines: Vec<&str> = text.lines().collect();
    let line_of = |id: &str| lines.iter().position(|l| l.contains(&format!("│{id} ")));
    let selected = line_of(&rows[150].id).expect("the selected row is drawn");
    let above = line_of(&rows[149].id).expect("the row before it is drawn");
    assert_eq!(above + 1, selected);
    assert!(
        line_of(&rows[151].id).is_none(),
        "the selection is the last line"
    );
    assert!(line_of(&rows[0].id).is_none());
    assert!(lines[selected + 1].contains('─') || lines[selected + 1].contains('└'));
}

/// A heatmap cell with more threats than lines keeps the selected one in view.
#[test]
fn a_crowded_heatmap_cell_scrolls_to_the_selected_threat() {
    let catalog = Catalog::embedded();
    let mut big = crate::synth::generate(
        crate::synth::SynthParams {
            components: 10,
            threats: 200,
            seed: 4,
        },
        &catalog,
    );
    for t in &mut big.threats {
        t.severity = Some(Severity::Critical);
        t.likelihood = Some(Likelihood::Unlikely);
    }
    let mut s = with_session();
    if let Some(doc) = &mut s.doc {
        *doc.session_mut() = big;
    }
    cmd(&mut s, Command::Phase(6));
    cmd(&mut s, Command::Heatmap);
    // Critical × Unlikely: the top row, first column.
    s.threats.heatmap.cell = (0, 0);
    let ids = threats::heatmap_cell_threats(&s);
    assert!(ids.len() > 150, "{}", ids.len());
    cmd(&mut s, Command::Open);
    for _ in 0..120 {
        cmd(&mut s, Command::Down);
    }
    assert_eq!(s.threats.heatmap.list, Some(120));
    let text = screen_text(&render(&s, 100, 30));
    assert!(text.contains(&format!("▶ {} ", ids[120])), "{text}");
    // The list rows pad the id to 8 columns; the grid cell lists ids one space apart.
    assert!(!text.contains(&format!("  {:<8} ", ids[0])), "{text}");
}
