//! Reusable pieces: a single-line text field and a selectable list with a filter.

pub mod diagram;
pub mod field;
pub mod form;
pub mod heatmap;
pub mod list;
