//! Issue 22 targets: a three-way merge of two 10,000-threat sessions (≤ 200 ms) and
//! `status DIR` over 200 sessions (≤ 1 s).

use criterion::{Criterion, criterion_group, criterion_main};
use maestro_tm::catalog::Catalog;
use maestro_tm::merge::{Labels, merge};
use maestro_tm::session::storage::{self, Document};
use maestro_tm::session::{Session, Threat};
use maestro_tm::synth::{SynthParams, generate};
use maestro_tm::vocab::Severity;
use std::hint::black_box;

fn session_of(threats: usize, seed: u64, catalog: &Catalog) -> Session {
    generate(
        SynthParams {
            components: (threats / 20).max(10),
            threats,
            seed,
        },
        catalog,
    )
}

/// Each side edits 500 threats (disjoint fields plus 50 conflicting names) and adds 50
/// threats under the same new ids (renumbered on merge).
fn sides(base: &Session) -> (Session, Session) {
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    for i in (0..base.threats.len()).step_by(20) {
        ours.threats[i].description = format!("ours {i}");
        theirs.threats[i].severity = Some(Severity::Critical);
    }
    for i in (0..base.threats.len()).step_by(200) {
        ours.threats[i].name = format!("ours name {i}");
        theirs.threats[i].name = format!("theirs name {i}");
    }
    for n in 0..50 {
        let id = format!("NEW{n}");
        ours.threats.push(Threat {
            id: id.clone(),
            name: format!("ours new {n}"),
            ..Threat::default()
        });
        theirs.threats.push(Threat {
            id,
            name: format!("theirs new {n}"),
            ..Threat::default()
        });
    }
    (ours, theirs)
}

fn merge_10k(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    let base = session_of(10_000, 42, &catalog);
    let (ours, theirs) = sides(&base);
    let labels = Labels::default();
    let mut group = c.benchmark_group("merge");
    group.sample_size(10);
    group.bench_function("three_way_10k_threats", |b| {
        b.iter(|| black_box(merge(&base, &ours, &theirs, &labels).unwrap()))
    });
    group.finish();
}

fn status_dir_200(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    let dir = tempfile::tempdir().unwrap();
    for i in 0..200 {
        let doc = Document {
            session: session_of(50, i, &catalog),
            unknown: Default::default(),
            loaded_version: 1,
        };
        storage::save(&dir.path().join(format!("system-{i:03}.toml")), &doc).unwrap();
    }
    let mut group = c.benchmark_group("portfolio");
    group.sample_size(10);
    group.bench_function("status_dir_200_sessions_of_50_threats", |b| {
        b.iter(|| {
            let rows = maestro_tm::portfolio::scan(dir.path(), &catalog, "2026-12-05");
            assert_eq!(rows.len(), 200);
            black_box(rows)
        })
    });
    group.finish();
}

criterion_group!(benches, merge_10k, status_dir_200);
criterion_main!(benches);
