//! Session files: parse, and when they parse, save text must parse again.
#![no_main]
use libfuzzer_sys::fuzz_target;
use maestro_tm::session::storage;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(doc) = storage::parse(Path::new("fuzz.toml"), text) {
        let saved = storage::to_text(&doc.session, &doc.unknown);
        storage::parse(Path::new("fuzz.toml"), &saved).expect("saved text parses");
        let _ = maestro_tm::session::validate::check(&doc.session, &maestro_tm::catalog::Catalog::embedded());
    }
});
