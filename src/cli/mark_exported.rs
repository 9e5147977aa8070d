//! `report --mark-exported`: records the export in the session, so a scripted workflow
//! can complete MVTM-10 and P10-C1 ("the result is exported") without the TUI.

use crate::session::lock::SessionLock;
use crate::session::storage;
use anyhow::{Context, Result};
use std::path::Path;

/// Sets the session's `exported` date to today and saves it, under the session's lock
/// (a session open in the full-screen app is not written behind its back).
pub fn mark_exported(file: &Path) -> Result<()> {
    let _lock = SessionLock::acquire(file)
        .map_err(|e| anyhow::anyhow!("{}: cannot record the export: {e}", file.display()))?;
    let mut doc =
        storage::load(file).with_context(|| format!("cannot reload {}", file.display()))?;
    doc.session.session.exported = crate::analysis::dates::today();
    storage::save(file, &doc)?;
    eprintln!(
        "recorded export date {} in {}",
        doc.session.session.exported,
        file.display()
    );
    Ok(())
}
