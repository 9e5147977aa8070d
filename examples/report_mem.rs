//! Where the memory of a Markdown report goes with a large session (issue 23: peak at
//! 50,000 threats ≤ 150 MB): live heap after each step and the peak of each step,
//! counted by a global allocator. Prints a Markdown table.
//!
//! ```text
//! cargo run --release --example report_mem -- 50000
//! ```

use maestro_tm::catalog::Catalog;
use maestro_tm::session::storage;
use maestro_tm::synth::{SynthParams, generate};

#[path = "support/heap_steps.rs"]
mod heap_steps;
use heap_steps::{mib, step};

fn main() {
    let threats: usize = std::env::args()
        .nth(1)
        .map_or(10_000, |a| a.parse().expect("a number of threats"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.toml");
    {
        let catalog = Catalog::embedded();
        let session = generate(
            SynthParams {
                components: (threats / 20).max(10),
                threats,
                seed: 42,
            },
            &catalog,
        );
        std::fs::write(&path, storage::to_text(&session, &Default::default())).unwrap();
    }
    let size = std::fs::metadata(&path).unwrap().len() as usize;
    println!("{threats} threats, session file {}", mib(size));
    println!();
    println!("| step | live heap added | peak above start | live heap total | time |");
    println!("|---|---:|---:|---:|---:|");
    let catalog = step("catalog (embedded, parsed)", Catalog::embedded);
    let document = step("load the session file", || storage::load(&path).unwrap());
    let report = step("build the report", || {
        maestro_tm::report::build(&document.session, &catalog)
    });
    step("drop the session", || drop(document));
    let out = dir.path().join("report.md");
    step("write the Markdown (streamed)", || {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&out).unwrap());
        maestro_tm::report::write_markdown(&report, &mut file).unwrap();
    });
    println!();
    println!(
        "Markdown: {}",
        mib(std::fs::metadata(&out).unwrap().len() as usize)
    );
}
