//! Writes a synthetic session of the requested size to stdout.
//!
//! `cargo run --release --example gen_session -- --components 500 --threats 10000 > big.toml`

use clap::Parser;
use maestro_tm::catalog::Catalog;
use maestro_tm::session::storage;
use maestro_tm::synth::{SynthParams, generate};
use std::io::Write;

/// Generate a large, realistic, deterministic session for load and speed tests.
#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 500)]
    components: usize,
    #[arg(long, default_value_t = 10_000)]
    threats: usize,
    #[arg(long, default_value_t = 42)]
    seed: u64,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let catalog = Catalog::embedded();
    let session = generate(
        SynthParams {
            components: args.components,
            threats: args.threats,
            seed: args.seed,
        },
        &catalog,
    );
    let text = storage::to_text(&session, &Default::default());
    std::io::stdout().lock().write_all(text.as_bytes())
}
