//! maestro-core: the pure core of maestro-tm, guided threat modeling of agentic AI systems
//! with the OWASP MAESTRO method.
//!
//! This crate knows nothing of terminals or command lines (the compiler keeps it so: it does
//! not depend on ratatui, crossterm or clap). It holds the catalog of the method's knowledge,
//! the session model and its storage, risk scoring, progress and validation, reports,
//! interchange formats and the semantic diff. The `maestro-tm` crate puts the full-screen
//! interface and the command line on top of it.
//!
//! Load a session, rate a threat, compute the register and render the report:
//!
//! ```
//! use std::path::Path;
//! use maestro_core::catalog::Catalog;
//! use maestro_core::session::storage;
//! use maestro_core::vocab::{Likelihood, RiskLevel, Severity};
//! use maestro_core::{report, risk};
//!
//! let catalog = Catalog::embedded();
//! let text = include_str!("../../../sessions/customer-support-mas.toml");
//! let mut session = storage::parse(Path::new("example.toml"), text)?.session;
//!
//! // Rate the first threat card Critical × Very likely: its inherent risk is Critical.
//! let threat = &mut session.threats[0];
//! threat.severity = Some(Severity::Critical);
//! threat.likelihood = Some(Likelihood::VeryLikely);
//! assert_eq!(risk::inherent(threat, &catalog), Some(RiskLevel::Critical));
//!
//! // The register, ranked by risk, and the Markdown report of the whole session.
//! let ranked = risk::rank(&session, &catalog);
//! assert_eq!(ranked.len(), session.threats.len());
//! let markdown = report::to_markdown(&report::build(&session, &catalog));
//! assert!(markdown.contains(&session.threats[0].id));
//! # Ok::<(), maestro_core::located::Located>(())
//! ```

pub mod analysis;
pub mod catalog;
pub mod diagram;
pub mod diff;
pub mod discover;
pub mod files;
pub mod interchange;
pub mod limits;
pub mod located;
pub mod merge;
pub mod portfolio;
pub mod progress;
pub mod report;
pub mod risk;
pub mod session;
pub mod spans;
pub mod synth;
pub mod text;
pub mod vocab;
