//! Screens of the phases that have their own interaction (beyond the records list).

pub mod mitigations;
pub mod outputs;
pub mod plan;
pub mod residual;
pub mod validation;

#[cfg(test)]
mod tests;
