//! maestro-core: the pure core of maestro-tm, guided threat modeling of agentic AI systems
//! with the OWASP MAESTRO method.
//!
//! This crate knows nothing of terminals or command lines (the compiler keeps it so: it does
//! not depend on ratatui, crossterm or clap). It holds the catalog of the method's knowledge,
//! the session model and its storage, risk scoring, progress and validation, reports,
//! interchange formats and the semantic diff. The `maestro-tm` crate puts the full-screen
//! interface and the command line on top of it.
//!
//! # A tour of the public API
//!
//! The command line (`maestro-tm validate`, `report`, …) and the full-screen interface
//! use the core in the same four steps, shown below on the examples shipped in
//! `sessions/`. Every example is a doc-test: `cargo test -p maestro-core` runs them.
//!
//! | Step | Where |
//! |------|-------|
//! | the method's knowledge (layers, threats, mitigations, scoring) | [`catalog::Catalog`] |
//! | read, check and write a session file | [`session::storage`], [`session::validate`] |
//! | the records of a session (threat cards, mitigations, chains, …) | [`session::Session`] |
//! | rate and rank threats | [`risk`] |
//! | the report's data, then Markdown, HTML or JSON | [`report`] |
//!
//! ## 1. Load a session
//!
//! [`session::storage::parse`] reads the TOML text of a session (migrating older schema
//! versions); [`session::storage::load`] does the same from a file with the bounded
//! reader of [`files`]. A parse error is a [`located::Located`]: `FILE:LINE:COL: message`.
//! Parsing checks the shape; [`session::validate::check`] then checks the references
//! (unique ids, links between records, catalog ids), which is what `maestro-tm validate`
//! reports.
//!
//! ```
//! use maestro_core::catalog::Catalog;
//! use maestro_core::session::{storage, validate};
//! use std::path::Path;
//!
//! let catalog = Catalog::embedded();
//! let text = include_str!("../../../sessions/customer-support-mas.toml");
//! let doc = storage::parse(Path::new("customer-support-mas.toml"), text)?;
//! assert!(validate::check(&doc.session, &catalog).is_empty());
//! assert!(!doc.session.threats.is_empty());
//!
//! // A session can be written inline too; a broken one says where it broke.
//! let tiny = "schema_version = 1\n[session]\ntitle = \"Tiny\"\n";
//! assert_eq!(storage::parse(Path::new("tiny.toml"), tiny)?.session.session.title, "Tiny");
//! let broken = storage::parse(Path::new("bad.toml"), "schema_version = 1\n[session\n");
//! assert!(broken.unwrap_err().to_string().starts_with("bad.toml:2:"));
//! # Ok::<(), maestro_core::located::Located>(())
//! ```
//!
//! ## 2. Rate a threat
//!
//! A threat card is a plain [`session::Threat`]: rating it is setting its severity and
//! likelihood. [`risk::inherent`] scores the pair on the catalog's risk matrix;
//! [`risk::assess`] adds what the card's mitigations do to it (the effective risk).
//!
//! ```
//! use maestro_core::catalog::Catalog;
//! use maestro_core::risk;
//! use maestro_core::session::storage;
//! use maestro_core::vocab::{Likelihood, RiskLevel, Severity};
//! use std::path::Path;
//!
//! let catalog = Catalog::embedded();
//! let text = include_str!("../../../sessions/customer-support-mas.toml");
//! let mut session = storage::parse(Path::new("example.toml"), text)?.session;
//!
//! let threat = &mut session.threats[0];
//! threat.severity = Some(Severity::Critical);
//! threat.likelihood = Some(Likelihood::VeryLikely);
//! assert_eq!(risk::inherent(threat, &catalog), Some(RiskLevel::Critical));
//!
//! threat.severity = Some(Severity::Low);
//! threat.likelihood = Some(Likelihood::Unlikely);
//! assert_eq!(risk::inherent(threat, &catalog), Some(RiskLevel::Low));
//!
//! // Unrated: no inherent risk and no effective risk.
//! threat.severity = None;
//! let id = threat.id.clone();
//! let assessed = risk::assess(&session, &session.threats[0], &catalog);
//! assert_eq!((assessed.threat_id.as_str(), assessed.inherent, assessed.effective), (id.as_str(), None, None));
//! # Ok::<(), maestro_core::located::Located>(())
//! ```
//!
//! ## 3. Compute the register
//!
//! [`risk::rank`] orders the threats by effective risk, highest first (the order of the
//! register and of the interface's phase 6 list). [`report::build`] computes the whole
//! report's data, among it the threat register with its counts per layer and level.
//!
//! ```
//! use maestro_core::catalog::Catalog;
//! use maestro_core::session::storage;
//! use maestro_core::vocab::{Likelihood, Severity};
//! use maestro_core::{report, risk};
//! use std::path::Path;
//!
//! let catalog = Catalog::embedded();
//! let text = include_str!("../../../sessions/customer-support-mas.toml");
//! let mut session = storage::parse(Path::new("example.toml"), text)?.session;
//!
//! // The last card, rated as high as the matrix goes, comes first in the ranking.
//! let last = session.threats.last_mut().unwrap();
//! (last.severity, last.likelihood) = (Some(Severity::Critical), Some(Likelihood::VeryLikely));
//! let last_id = last.id.clone();
//! let ranked = risk::rank(&session, &catalog);
//! assert_eq!(ranked.len(), session.threats.len());
//! assert!(ranked[0].1.effective >= ranked[ranked.len() - 1].1.effective);
//!
//! let data = report::build(&session, &catalog);
//! let register = &data.threat_register;
//! assert_eq!(register.total, session.threats.len());
//! assert_eq!(register.priority_order.len(), register.threats.len());
//! assert!(register.by_id().contains_key(last_id.as_str()));
//! # Ok::<(), maestro_core::located::Located>(())
//! ```
//!
//! ## 4. Render a report
//!
//! The report's data renders to Markdown ([`report::to_markdown`]), HTML
//! ([`report::to_html`]) or JSON ([`report::to_json`]), each a `String`; `maestro-tm report`
//! writes it to a file or standard output.
//!
//! ```
//! use maestro_core::catalog::Catalog;
//! use maestro_core::report;
//! use maestro_core::session::storage;
//! use std::path::Path;
//!
//! let catalog = Catalog::embedded();
//! let text = include_str!("../../../sessions/minimal.toml");
//! let session = storage::parse(Path::new("minimal.toml"), text)?.session;
//!
//! let markdown: String = report::to_markdown(&report::build(&session, &catalog));
//! assert!(markdown.starts_with("# "));
//! assert!(markdown.contains(&session.session.title));
//! for threat in &session.threats {
//!     assert!(markdown.contains(&threat.id));
//! }
//! # Ok::<(), maestro_core::located::Located>(())
//! ```
//!
//! Saving is the way back: [`session::storage::to_text`] gives the canonical TOML (keys in a
//! fixed order, unknown keys kept) and [`session::storage::save`] writes it atomically.

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
