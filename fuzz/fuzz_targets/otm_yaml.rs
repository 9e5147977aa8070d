//! OTM import from YAML: parse, then import with the default answers.
#![no_main]
use libfuzzer_sys::fuzz_target;
use maestro_tm::interchange::otm::{ImportDefaults, Syntax, import, parse};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(doc) = parse(text, Syntax::Yaml)
    {
        let _ = import(
            &doc,
            &ImportDefaults {
                catalog_version: "fuzz".into(),
                today: "2026-01-01".into(),
            },
        );
    }
});
