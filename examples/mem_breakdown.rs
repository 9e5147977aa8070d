//! What the memory of the interface consists of with a large session (issue 9: under
//! 100 MB resident at 10,000 threats): live heap bytes after each step of a start, and
//! the peak of each step, counted by a global allocator. Prints a Markdown table.
//!
//! ```text
//! cargo run --release --example mem_breakdown -- 10000
//! ```
//!
//! The resident size of the real binary (heap plus code, stacks and what the allocator
//! keeps) is measured by `examples/term_bytes.rs`.

use maestro_tm::catalog::Catalog;
use maestro_tm::session::storage;
use maestro_tm::synth::{SynthParams, generate};
use maestro_tm::tui::action::{Action, Command};
use maestro_tm::tui::app::{AppState, Opened};
use maestro_tm::tui::keymap::Keymap;
use maestro_tm::tui::theme::Theme;
use maestro_tm::tui::update::update;
use maestro_tm::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "support/heap_steps.rs"]
mod heap_steps;
use heap_steps::{mib, step};

fn main() {
    let threats: usize = std::env::args()
        .nth(1)
        .map_or(10_000, |a| a.parse().expect("a number of threats"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.toml");
    {
        let catalog = Catalog::embedded();
        let session = generate(
            SynthParams {
                components: (threats / 20).max(10),
                threats,
                seed: 42,
            },
            &catalog,
        );
        std::fs::write(&path, storage::to_text(&session, &Default::default())).unwrap();
    }
    let size = std::fs::metadata(&path).unwrap().len() as usize;
    println!("{threats} threats, session file {}", mib(size));
    println!();
    println!("| step | live heap added | peak above start | live heap total | time |");
    println!("|---|---:|---:|---:|---:|");
    let catalog = step("catalog (embedded, parsed)", Catalog::embedded);
    let document = step(
        "load the session file (text read, parsed, text freed)",
        || storage::load(&path).unwrap(),
    );
    let mut state = step(
        "app state (here with a clone of the catalog; the binary moves its own)",
        || {
            AppState::new(
                catalog.clone(),
                Keymap::default(),
                Theme::default(),
                Vec::new(),
            )
        },
    );
    step("open: session moved in, derived figures of phase 1", || {
        let opened = Opened {
            path: path.clone(),
            document,
            read_only: None,
            recovery: None,
            resume: None,
            stale_lock: None,
        };
        update(&mut state, Action::Opened(Box::new(opened)));
    });
    let mut term = step("terminal 80×24 (two buffers)", || {
        Terminal::new(TestBackend::new(80, 24)).unwrap()
    });
    step("first frame (phase 1)", || {
        term.draw(|frame| views::render(frame, &state)).unwrap();
    });
    for phase in [6u8, 7, 8, 9, 10] {
        step(&format!("phase {phase}: derived rows and frame"), || {
            update(&mut state, Action::Command(Command::Phase(phase)));
            term.draw(|frame| views::render(frame, &state)).unwrap();
        });
    }
    for (name, view) in [
        ("register", Command::Register),
        ("heatmap", Command::Heatmap),
    ] {
        step(
            &format!("phase 6 {name} view: derived rows and frame"),
            || {
                update(&mut state, Action::Command(Command::Phase(6)));
                update(&mut state, Action::Command(view));
                term.draw(|frame| views::render(frame, &state)).unwrap();
            },
        );
    }
    step("back to phase 1", || {
        update(&mut state, Action::Command(Command::Phase(1)));
        term.draw(|frame| views::render(frame, &state)).unwrap();
    });
    let session = state.doc.as_ref().unwrap().session();
    step("a clone of the session (its own size)", || session.clone());
}
