//! The session: the model of one engagement, its storage, lock and consistency checks.

pub mod endpoints;
pub mod extension;
pub mod ids;
pub mod links;
pub mod lock;
pub mod lookup;
pub mod migrate;
pub mod model;
pub mod names;
mod odd_names;
pub mod pieces;
pub mod probe;
pub mod refs;
pub use crate::spans;
pub mod storage;
pub mod unknown;
pub mod validate;
pub mod watch;

pub use extension::{DocumentExtension, Extension, KeyedText};
pub use model::*;
pub use storage::{Document, StorageError};

#[cfg(test)]
mod tests;
