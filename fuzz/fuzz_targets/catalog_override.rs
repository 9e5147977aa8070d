//! Catalog override files: the first byte picks the section, the rest is the file.
#![no_main]
use libfuzzer_sys::fuzz_target;
use maestro_tm::catalog::Catalog;

const SECTIONS: [&str; 12] = [
    "meta.toml", "layers.toml", "phases.toml", "factors.toml", "threats.toml", "patterns.toml",
    "checklists.toml", "mitigations.toml", "taxonomy.toml", "scoring.toml", "engagement.toml",
    "frameworks.toml",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let name = SECTIONS[pick as usize % SECTIONS.len()];
    std::fs::write(dir.path().join(name), rest).unwrap();
    let _ = Catalog::load(&[dir.path().to_path_buf()]);
});
