//! Reusable pieces: a single-line text field, a selectable list with a filter, and the
//! one door user text goes through on its way to the screen (`safe`). Widgets never use
//! a view (checked by tests/architecture.rs).

pub mod diagram;
pub mod field;
pub mod form;
pub mod heatmap;
pub mod lines;
pub mod list;
pub mod safe;
