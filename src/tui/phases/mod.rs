//! Per-phase screens: state and update of one phase (or feature) each.

pub mod code_checks;
pub mod custom_threat;
pub mod mitigations;
pub mod outputs;
pub mod plan;
pub mod residual;
pub mod residual_guard;
pub mod threats;
pub mod validation;

#[cfg(test)]
mod code_checks_tests;
#[cfg(test)]
mod heatmap_tests;
#[cfg(test)]
mod plan_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod workbench_tests;
