//! maestro-tm: guided threat modeling of agentic AI systems with the OWASP MAESTRO method.
//!
//! The library is the pure core (no terminal code outside `tui`): the catalog of the
//! method's knowledge, the session model and its storage, risk scoring, progress and
//! validation, and reports. The binary's `main.rs` only parses the command line.

pub mod analysis;
pub mod catalog;
pub mod cli;
pub mod diff;
pub mod discover;
pub mod interchange;
pub mod limits;
pub mod located;
pub mod progress;
pub mod report;
pub mod risk;
pub mod session;
pub mod synth;
pub mod text;
pub mod tui;
pub mod vocab;
