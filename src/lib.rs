//! maestro-tm: guided threat modeling of agentic AI systems with the OWASP MAESTRO method.
//!
//! This crate is the command line (`cli`) and the full-screen interface (`tui`). Everything
//! the method computes lives in the `maestro-core` crate, re-exported here under the same
//! module names so that `maestro_tm::session`, `maestro_tm::risk`, … keep working.

pub use maestro_core::{
    analysis, catalog, diagram, diff, discover, files, interchange, limits, located, merge,
    portfolio, progress, report, risk, session, spans, synth, text, vocab,
};

pub mod cli;
pub mod tui;
