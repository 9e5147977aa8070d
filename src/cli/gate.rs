//! The CI gates of `status --fail-on` fail closed: an open threat that is not rated
//! could hide any level, so it fails a level gate unless `--allow-unrated`.

use crate::catalog::Catalog;
use crate::session::Session;
use crate::text::sanitize_inline;
use std::io::Write;
use std::path::Path;

/// The gates of one `status` run.
pub struct Gates<'a> {
    pub fail_on: &'a [super::args::FailOn],
    pub allow_unrated: bool,
}

/// Reports open unrated threats (to stderr); true when they fail the gate.
pub fn unrated(file: &Path, session: &Session, catalog: &Catalog, allow_unrated: bool) -> bool {
    let unrated = crate::report::open_unrated(session, catalog);
    if unrated.is_empty() {
        return false;
    }
    let list: Vec<String> = unrated
        .iter()
        .map(|t| sanitize_inline(&t.id).into_owned())
        .collect();
    let mut err = std::io::stderr().lock();
    if allow_unrated {
        let _ = writeln!(
            err,
            "{}: warning: {} open threat(s) not rated, allowed by --allow-unrated: {}",
            file.display(),
            unrated.len(),
            list.join(", ")
        );
        false
    } else {
        let _ = writeln!(
            err,
            "{}: {} open threat(s) not rated (severity and likelihood needed), so the gate \
             fails closed; rate them or pass --allow-unrated: {}",
            file.display(),
            unrated.len(),
            list.join(", ")
        );
        true
    }
}
