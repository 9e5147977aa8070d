//! Shared set-up of the benchmarks: synthetic sessions and a TUI state showing one.
#![allow(dead_code)]

use maestro_tm::catalog::Catalog;
use maestro_tm::session::storage::Document;
use maestro_tm::session::{SCHEMA_VERSION, Session};
use maestro_tm::synth::{SynthParams, generate};
use maestro_tm::tui::action::Action;
use maestro_tm::tui::app::{AppState, Opened};
use maestro_tm::tui::keymap::Keymap;
use maestro_tm::tui::theme::Theme;
use maestro_tm::tui::update::update;
use maestro_tm::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::PathBuf;

/// The sizes of issue 9.
pub const SIZES: &[usize] = &[100, 1_000, 10_000];

/// The two terminal sizes of issue 9.
pub const TERMINALS: &[(u16, u16)] = &[(80, 24), (200, 50)];

/// The same shape as `examples/gen_session.rs`: one component per 20 threats.
pub fn session_of(threats: usize, catalog: &Catalog) -> Session {
    generate(
        SynthParams {
            components: (threats / 20).max(10),
            threats,
            seed: 42,
        },
        catalog,
    )
}

/// A TUI state with `session` open (writable), as after `maestro-tm FILE`.
pub fn app_with(session: Session, catalog: &Catalog) -> AppState {
    let mut state = AppState::new(
        catalog.clone(),
        Keymap::default(),
        Theme::default(),
        Vec::new(),
    );
    let opened = Opened {
        path: PathBuf::from("bench.toml"),
        document: Document {
            session,
            unknown: Default::default(),
            loaded_version: SCHEMA_VERSION,
        },
        read_only: None,
        recovery: None,
        resume: None,
        stale_lock: None,
    };
    update(&mut state, Action::Opened(Box::new(opened)));
    state
}

pub fn terminal(width: u16, height: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(width, height)).unwrap()
}

/// One full frame, as the runtime draws it.
pub fn draw(term: &mut Terminal<TestBackend>, state: &AppState) {
    term.draw(|frame| views::render(frame, state)).unwrap();
}
