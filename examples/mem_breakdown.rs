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
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(live, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            let live = LIVE.fetch_add(new_size, Relaxed) + new_size;
            PEAK.fetch_max(live, Relaxed);
            LIVE.fetch_sub(layout.size(), Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / 1024.0 / 1024.0)
}

/// Runs `step`, prints how the live heap moved and its peak above the start, and the
/// time it took.
fn step<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let started = std::time::Instant::now();
    let value = f();
    let took = started.elapsed();
    let after = LIVE.load(Relaxed);
    let peak = PEAK.load(Relaxed);
    println!(
        "| {what} | {} | {} | {} | {:.1} ms |",
        mib(after.saturating_sub(before)),
        mib(peak - before),
        mib(after),
        took.as_secs_f64() * 1e3
    );
    value
}

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
