//! Load, validate and save at 100, 1,000 and 10,000 threats, next to the bare `toml`
//! parse and serialization of the same data as the floor (issue 9 targets: within 2×).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use maestro_tm::catalog::Catalog;
use maestro_tm::session::{Session, storage, validate};
use maestro_tm::synth::{SynthParams, generate};
use std::hint::black_box;
use std::path::Path;

const SIZES: &[usize] = &[100, 1_000, 10_000];

fn session_of(threats: usize, catalog: &Catalog) -> Session {
    generate(
        SynthParams {
            components: (threats / 20).max(10),
            threats,
            seed: 42,
        },
        catalog,
    )
}

fn load(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for &threats in SIZES {
        let text = storage::to_text(&session_of(threats, &catalog), &Default::default());
        group.bench_with_input(
            BenchmarkId::new("toml_parse_floor", threats),
            &text,
            |b, text| b.iter(|| black_box(toml::from_str::<toml::Table>(text).unwrap())),
        );
        group.bench_with_input(
            BenchmarkId::new("load_and_validate", threats),
            &text,
            |b, text| {
                b.iter(|| {
                    let doc = storage::parse(Path::new("bench.toml"), text).unwrap();
                    black_box(validate::check(&doc.session, &catalog))
                })
            },
        );
    }
    group.finish();
}

fn save(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("save");
    group.sample_size(10);
    for &threats in SIZES {
        let doc = storage::parse(
            Path::new("bench.toml"),
            &storage::to_text(&session_of(threats, &catalog), &Default::default()),
        )
        .unwrap();
        group.bench_with_input(
            BenchmarkId::new("toml_serialize_floor", threats),
            &doc,
            |b, doc| b.iter(|| black_box(toml::to_string(&doc.session).unwrap())),
        );
        let path = dir.path().join(format!("s{threats}.toml"));
        group.bench_with_input(
            BenchmarkId::new("serialize_and_atomic_write", threats),
            &doc,
            |b, doc| b.iter(|| storage::save(&path, doc).unwrap()),
        );
    }
    group.finish();
}

criterion_group!(benches, load, save);
criterion_main!(benches);
