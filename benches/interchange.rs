//! `diff` of two large sessions and OTM export/import.

mod common;

use common::*;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use maestro_tm::catalog::Catalog;
use maestro_tm::diff;
use maestro_tm::interchange::otm;
use maestro_tm::synth::{SynthParams, generate};
use std::hint::black_box;
use std::time::Duration;

fn diffs(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(2));
    group.warm_up_time(Duration::from_millis(300));
    for &threats in SIZES {
        let old = session_of(threats, &catalog);
        // Another seed: nearly every record differs, the worst case for matching.
        let new = generate(
            SynthParams {
                components: (threats / 20).max(10),
                threats,
                seed: 7,
            },
            &catalog,
        );
        group.bench_function(BenchmarkId::new("diff", threats), |b| {
            b.iter(|| black_box(diff::diff(&old, &new, &catalog)))
        });
        group.bench_function(BenchmarkId::new("diff_and_text", threats), |b| {
            b.iter(|| black_box(diff::to_text(&diff::diff(&old, &new, &catalog))))
        });
    }
    group.finish();
}

fn otm_round_trip(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    let mut group = c.benchmark_group("otm");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(2));
    group.warm_up_time(Duration::from_millis(300));
    for &threats in SIZES {
        let session = session_of(threats, &catalog);
        // What `export otm` does: the document with kept data, in OTM's key order.
        group.bench_function(BenchmarkId::new("export_json", threats), |b| {
            b.iter(|| {
                let document = otm::export_document(&session, &catalog);
                black_box(otm::to_json(&otm::Ordered(&document)))
            })
        });
        let json = otm::to_json(&otm::export(&session, &catalog));
        let defaults = otm::ImportDefaults {
            catalog_version: catalog.meta.version.clone(),
            today: "2026-01-01".into(),
        };
        group.bench_function(BenchmarkId::new("import_json", threats), |b| {
            b.iter(|| black_box(otm::read(&json, None, &defaults).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, diffs, otm_round_trip);
criterion_main!(benches);
