//! Diagrams (issue 18): layout + render of both diagrams for a 200-component session
//! (target ≤ 20 ms), as the exports do it (scene, then grid text / SVG) and as the TUI
//! does it (open the diagram screen, then a full 200×50 frame).

mod common;

use common::*;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use maestro_tm::catalog::Catalog;
use maestro_tm::diagram::{self, Basis, Kind, grid, svg};
use maestro_tm::synth::{SynthParams, generate};
use maestro_tm::tui::action::{Action, Command};
use maestro_tm::tui::diagram as diagram_screen;
use maestro_tm::tui::update::update;
use std::time::Duration;

/// 200 components, two threats each, as the geometry tests' generated sessions.
fn session(catalog: &Catalog) -> maestro_tm::session::Session {
    generate(
        SynthParams {
            components: 200,
            threats: 400,
            seed: 7,
        },
        catalog,
    )
}

fn diagrams(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    let session = session(&catalog);
    let mut group = c.benchmark_group("diagram");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(3));
    group.warm_up_time(Duration::from_millis(300));
    for kind in Kind::ALL {
        group.bench_function(BenchmarkId::new("layout_grid", kind.name()), |b| {
            b.iter(|| {
                let scene = diagram::scene(&session, &catalog, kind, Basis::Inherent, 200);
                grid::draw(&scene, grid::Glyphs::Unicode)
            })
        });
        group.bench_function(BenchmarkId::new("layout_svg", kind.name()), |b| {
            b.iter(|| {
                let scene = diagram::scene(&session, &catalog, kind, Basis::Inherent, 120);
                svg::render(&scene, true)
            })
        });
        // The TUI after an edit: the picture rebuilt for the new revision, then a frame.
        let mut state = app_with(session.clone(), &catalog);
        state.last_size = (200, 50);
        update(&mut state, Action::Command(Command::Diagram));
        if kind == Kind::Layers {
            update(&mut state, Action::Command(Command::NextPane));
        }
        let mut term = terminal(200, 50);
        group.bench_function(
            BenchmarkId::new("tui_rebuild_frame_200x50", kind.name()),
            |b| {
                b.iter(|| {
                    if let Some(d) = &mut state.diagram {
                        d.cache = None;
                    }
                    diagram_screen::refresh(&mut state);
                    draw(&mut term, &state);
                })
            },
        );
        // A selection move: the picture is cached, the frame is drawn.
        group.bench_function(
            BenchmarkId::new("tui_move_frame_200x50", kind.name()),
            |b| {
                let mut right = true;
                b.iter(|| {
                    let c = if right { Command::Right } else { Command::Left };
                    right = !right;
                    update(&mut state, Action::Command(c));
                    draw(&mut term, &state);
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, diagrams);
criterion_main!(benches);
