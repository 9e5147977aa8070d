//! Embeds every `sessions/*.toml` example for the start screen, so that examples
//! added to the folder appear without code changes. Fuller examples come first.

use std::path::Path;

/// Shown first (the first one is preselected) when present.
const PREFERRED: &[&str] = &[
    "customer-support-mas.toml",
    "coding-assistant.toml",
    "minimal.toml",
];

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort_by_key(|name| {
        let rank = PREFERRED
            .iter()
            .position(|p| p == name)
            .unwrap_or(PREFERRED.len());
        (rank, name.clone())
    });
    let mut code = String::from("&[\n");
    for name in &files {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("]\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("examples.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
