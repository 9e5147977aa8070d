//! Per-phase screens: state and update of one phase (or feature) each.

pub mod threats;

#[cfg(test)]
mod tests;
