//! `update` + full render of the main screens into a `TestBackend` at 80×24 and 200×50,
//! and the work behind one keystroke that changes a rating (issue 9 target: keystroke →
//! frame under 2 ms at 10,000 threats, 200×50).

mod common;

use common::*;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use maestro_tm::catalog::Catalog;
use maestro_tm::tui::action::{Action, Command};
use maestro_tm::tui::update::{edit_record, update};
use maestro_tm::vocab::Severity;
use std::time::Duration;

/// The shell on every kind of screen: 1 (business form), 6 (per-layer threats),
/// 7 (mitigations), 8 (code validation), 9 (residual risks), 10 (outputs).
const PHASES: &[u8] = &[1, 6, 7, 8, 9, 10];

fn screens(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    let mut group = c.benchmark_group("screen");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(2));
    group.warm_up_time(Duration::from_millis(300));
    for &threats in SIZES {
        let base = app_with(session_of(threats, &catalog), &catalog);
        for &phase in PHASES {
            for &(w, h) in TERMINALS {
                let mut state = base.clone();
                update(&mut state, Action::Command(Command::Phase(phase)));
                let mut term = terminal(w, h);
                draw(&mut term, &state);
                let id = BenchmarkId::new(format!("phase{phase}_{w}x{h}"), threats);
                // One keystroke that moves the selection, then the whole frame.
                group.bench_function(id, |b| {
                    let mut down = true;
                    b.iter(|| {
                        let c = if down { Command::Down } else { Command::Up };
                        down = !down;
                        update(&mut state, Action::Command(c));
                        draw(&mut term, &state);
                    })
                });
            }
        }
    }
    // The full-screen threat views of phase 6: register and heatmap.
    for &threats in SIZES {
        let base = app_with(session_of(threats, &catalog), &catalog);
        // `t` cycles the heatmap: severity × likelihood, transition matrix, layer grids.
        for (name, view, cycles) in [
            ("register", Command::Register, 0),
            ("heatmap", Command::Heatmap, 0),
            ("heatmap_transition", Command::Heatmap, 1),
            ("heatmap_layers", Command::Heatmap, 2),
        ] {
            for &(w, h) in TERMINALS {
                let mut state = base.clone();
                update(&mut state, Action::Command(Command::Phase(6)));
                update(&mut state, Action::Command(view));
                for _ in 0..cycles {
                    update(&mut state, Action::Command(Command::CycleView));
                }
                let mut term = terminal(w, h);
                draw(&mut term, &state);
                let id = BenchmarkId::new(format!("{name}_{w}x{h}"), threats);
                group.bench_function(id, |b| {
                    let mut down = true;
                    b.iter(|| {
                        let c = if down { Command::Down } else { Command::Up };
                        down = !down;
                        update(&mut state, Action::Command(c));
                        draw(&mut term, &state);
                    })
                });
            }
        }
    }
    group.finish();
}

/// Rating keys are not on main yet: the closest equivalent is the edit they will make
/// (`update::edit`, with its undo snapshot) of one threat's severity, then a frame of the
/// per-layer threat screen at 200×50 (which recomputes the risk summary).
fn rating_keystroke(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    let mut group = c.benchmark_group("rating_keystroke");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(2));
    group.warm_up_time(Duration::from_millis(300));
    for &threats in SIZES {
        let mut state = app_with(session_of(threats, &catalog), &catalog);
        update(&mut state, Action::Command(Command::Phase(6)));
        let mut term = terminal(200, 50);
        draw(&mut term, &state);
        let mut flip = false;
        group.bench_function(
            BenchmarkId::new("edit_recompute_render_200x50", threats),
            |b| {
                b.iter(|| {
                    flip = !flip;
                    let severity = if flip {
                        Severity::Critical
                    } else {
                        Severity::Low
                    };
                    // What the rating keys do: one record changed through the undo
                    // history, then the derived figures brought up to date.
                    edit_record(
                        &mut state,
                        |s| &mut s.threats,
                        0,
                        |t| t.severity = Some(severity),
                    );
                    // Keep the undo history from growing across iterations.
                    if let Some(doc) = &mut state.doc {
                        doc.undo.clear();
                    }
                    maestro_tm::tui::derive::refresh(&mut state);
                    draw(&mut term, &state);
                })
            },
        );
        let mut flip = false;
        group.bench_function(
            BenchmarkId::new("change_recompute_render_200x50", threats),
            |b| {
                b.iter(|| {
                    flip = !flip;
                    let severity = if flip {
                        Severity::Critical
                    } else {
                        Severity::Low
                    };
                    if let Some(doc) = &mut state.doc {
                        doc.session_mut().threats[0].severity = Some(severity);
                    }
                    maestro_tm::tui::derive::refresh(&mut state);
                    draw(&mut term, &state);
                })
            },
        );
    }
    group.finish();
}

/// A keystroke that changes a mitigation (its implementation status, as phase 7's `i`
/// does) with phase 7 on screen: no per-threat shortcut applies, so the session figures,
/// the gap analysis and the phase 7 list are computed anew.
fn mitigation_keystroke(c: &mut Criterion) {
    use maestro_tm::vocab::ImplementationStatus;
    let catalog = Catalog::embedded();
    let mut group = c.benchmark_group("mitigation_keystroke");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(2));
    group.warm_up_time(Duration::from_millis(300));
    for &threats in SIZES {
        let mut state = app_with(session_of(threats, &catalog), &catalog);
        update(&mut state, Action::Command(Command::Phase(7)));
        let mut term = terminal(200, 50);
        draw(&mut term, &state);
        let mut flip = false;
        group.bench_function(
            BenchmarkId::new("edit_recompute_render_200x50", threats),
            |b| {
                b.iter(|| {
                    flip = !flip;
                    let status = if flip {
                        ImplementationStatus::Implemented
                    } else {
                        ImplementationStatus::NotImplemented
                    };
                    edit_record(
                        &mut state,
                        |s| &mut s.mitigations,
                        0,
                        |m| m.implementation = status,
                    );
                    if let Some(doc) = &mut state.doc {
                        doc.undo.clear();
                    }
                    maestro_tm::tui::derive::refresh(&mut state);
                    draw(&mut term, &state);
                })
            },
        );
    }
    group.finish();
}

/// A keystroke that edits outside the register on phase 6 (`A` marks the layer assessed,
/// and again unmarks it): the edit, the figures and a 200×50 frame.
fn review_keystroke(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    let mut group = c.benchmark_group("review_keystroke");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(2));
    group.warm_up_time(Duration::from_millis(300));
    for &threats in SIZES {
        let mut state = app_with(session_of(threats, &catalog), &catalog);
        update(&mut state, Action::Command(Command::Phase(6)));
        let mut term = terminal(200, 50);
        draw(&mut term, &state);
        group.bench_function(
            BenchmarkId::new("update_recompute_render_200x50", threats),
            |b| {
                b.iter(|| {
                    update(&mut state, Action::Command(Command::LayerAssessed));
                    if let Some(doc) = &mut state.doc {
                        doc.undo.clear();
                    }
                    draw(&mut term, &state);
                })
            },
        );
    }
    group.finish();
}

/// A phase key (a screen change), then a frame, at 200×50:
/// - `cold_1_to_N`: from phase 1 to N with no figure of N built (the caches of phases
///   6–10 emptied after each switch back): the one build a screen needs the first time
///   it is shown before idle time has built it (see `derive::warm`);
/// - `after_edit_6_to_N`: what an analyst meets: a rating edit on phase 6 (one threat's
///   severity), idle time after it (`derive::warm` until done, not timed, as the run loop
///   does while no key comes), then the phase key and its frame (timed), then back to 6;
/// - `after_edit_no_idle_6_to_N`: the same without idle time (the phase key pressed
///   within 20 ms of the edit): whatever the edit leaves to build is built on the key.
fn phase_switch(c: &mut Criterion) {
    use maestro_tm::tui::derive;
    use std::time::Instant;
    let catalog = Catalog::embedded();
    let mut group = c.benchmark_group("phase_switch");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(2));
    group.warm_up_time(Duration::from_millis(300));
    for &threats in SIZES {
        let base = app_with(session_of(threats, &catalog), &catalog);
        for to in [6u8, 7, 9, 10] {
            let mut state = base.clone();
            let mut term = terminal(200, 50);
            let id = BenchmarkId::new(format!("cold_1_to_{to}_200x50"), threats);
            group.bench_function(id, |b| {
                b.iter(|| {
                    update(&mut state, Action::Command(Command::Phase(to)));
                    draw(&mut term, &state);
                    // Back on phase 1, the next switch builds the screen anew.
                    update(&mut state, Action::Command(Command::Phase(1)));
                    state.derived.plans = Default::default();
                    state.derived.gaps = None;
                    state.derived.layer = None;
                    state.derived.layer_rows = None;
                })
            });
        }
    }
    // Each timed switch follows an untimed edit and idle build (tens of milliseconds at
    // 10,000 threats): a short measurement keeps the run to seconds.
    group.measurement_time(Duration::from_millis(200));
    for &threats in SIZES {
        let base = app_with(session_of(threats, &catalog), &catalog);
        for (idle, name) in [(true, "after_edit"), (false, "after_edit_no_idle")] {
            for to in [7u8, 9, 10] {
                let mut state = base.clone();
                update(&mut state, Action::Command(Command::Phase(6)));
                while derive::warm(&mut state) {}
                let mut term = terminal(200, 50);
                draw(&mut term, &state);
                let mut flip = false;
                let id = BenchmarkId::new(format!("{name}_6_to_{to}_200x50"), threats);
                group.bench_function(id, |b| {
                    b.iter_custom(|iters| {
                        let mut timed = Duration::ZERO;
                        for _ in 0..iters {
                            flip = !flip;
                            let severity = if flip {
                                Severity::Critical
                            } else {
                                Severity::Low
                            };
                            edit_record(
                                &mut state,
                                |s| &mut s.threats,
                                0,
                                |t| t.severity = Some(severity),
                            );
                            if let Some(doc) = &mut state.doc {
                                doc.undo.clear();
                            }
                            derive::refresh(&mut state);
                            draw(&mut term, &state);
                            if idle {
                                while derive::warm(&mut state) {}
                            }
                            let start = Instant::now();
                            update(&mut state, Action::Command(Command::Phase(to)));
                            draw(&mut term, &state);
                            timed += start.elapsed();
                            update(&mut state, Action::Command(Command::Phase(6)));
                            draw(&mut term, &state);
                        }
                        timed
                    })
                });
            }
        }
    }
    group.finish();
}

/// Issue 23: a keystroke that inserts a record or removes one at 10,000 threats, with
/// the frame after it at 200×50 (only that keystroke and frame are timed; the set-up
/// keys and the step back are not):
/// - `threat_insert`: Enter on the custom threat prompt of phase 6 (`T`, a name, Enter)
///   adds a card;
/// - `threat_delete`: undo of that card's insert removes it again;
/// - `threat_insert_record`: a card of no catalog threat inserted through
///   `update::insert_record`, the layer screen on (no card view);
/// - `mitigation_insert`: a new mitigation addressing a threat, phase 7 on screen (what
///   adopting or `n` does: `update::insert_record`), figures brought up to date.
fn insert_delete(c: &mut Criterion) {
    use maestro_tm::tui::update::insert_record;
    use std::time::Instant;
    let catalog = Catalog::embedded();
    let mut group = c.benchmark_group("insert_delete");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(2));
    group.warm_up_time(Duration::from_millis(300));
    let threats = 10_000;
    let base = app_with(session_of(threats, &catalog), &catalog);
    let mut state = base.clone();
    update(&mut state, Action::Command(Command::Phase(6)));
    let mut term = terminal(200, 50);
    draw(&mut term, &state);
    let prompt = |state: &mut maestro_tm::tui::app::AppState| {
        update(state, Action::Command(Command::CustomThreat));
        update(state, Action::Paste("Bench threat of our own".into()));
    };
    let forget = |state: &mut maestro_tm::tui::app::AppState| {
        if let Some(doc) = &mut state.doc {
            doc.undo.clear();
            doc.redo.clear();
        }
    };
    group.bench_function(BenchmarkId::new("threat_insert_200x50", threats), |b| {
        b.iter_custom(|iters| {
            let mut timed = Duration::ZERO;
            for _ in 0..iters {
                prompt(&mut state);
                let start = Instant::now();
                update(&mut state, Action::Command(Command::Open));
                draw(&mut term, &state);
                timed += start.elapsed();
                update(&mut state, Action::Command(Command::Back));
                update(&mut state, Action::Command(Command::Undo));
                forget(&mut state);
            }
            timed
        })
    });
    group.bench_function(BenchmarkId::new("threat_delete_200x50", threats), |b| {
        b.iter_custom(|iters| {
            let mut timed = Duration::ZERO;
            for _ in 0..iters {
                prompt(&mut state);
                update(&mut state, Action::Command(Command::Open));
                update(&mut state, Action::Command(Command::Back));
                draw(&mut term, &state);
                let start = Instant::now();
                update(&mut state, Action::Command(Command::Undo));
                draw(&mut term, &state);
                timed += start.elapsed();
                forget(&mut state);
            }
            timed
        })
    });
    // The same insert without the card view the prompt opens: the edit, the figures
    // and a frame of the layer screen.
    let mut card = state.doc.as_ref().unwrap().session().threats[0].clone();
    card.id = "T-BENCH".into();
    card.catalog.clear();
    group.bench_function(
        BenchmarkId::new("threat_insert_record_200x50", threats),
        |b| {
            b.iter_custom(|iters| {
                let mut timed = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    insert_record(&mut state, |s| &mut s.threats, usize::MAX, card.clone());
                    maestro_tm::tui::derive::refresh(&mut state);
                    draw(&mut term, &state);
                    timed += start.elapsed();
                    update(&mut state, Action::Command(Command::Undo));
                    forget(&mut state);
                }
                timed
            })
        },
    );
    let mut state = base.clone();
    update(&mut state, Action::Command(Command::Phase(7)));
    draw(&mut term, &state);
    let mut card = state.doc.as_ref().unwrap().session().mitigations[0].clone();
    card.id = "M-BENCH".into();
    group.bench_function(BenchmarkId::new("mitigation_insert_200x50", threats), |b| {
        b.iter_custom(|iters| {
            let mut timed = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                insert_record(&mut state, |s| &mut s.mitigations, usize::MAX, card.clone());
                maestro_tm::tui::derive::refresh(&mut state);
                draw(&mut term, &state);
                timed += start.elapsed();
                update(&mut state, Action::Command(Command::Undo));
                forget(&mut state);
            }
            timed
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    screens,
    rating_keystroke,
    mitigation_keystroke,
    review_keystroke,
    phase_switch,
    insert_delete
);
criterion_main!(benches);
