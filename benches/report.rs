//! Report generation in each format (issue 9 target: Markdown of 10,000 threats under
//! 200 ms, including building the report).

mod common;

use common::*;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use maestro_tm::catalog::Catalog;
use maestro_tm::report::{self, CsvTable};
use std::hint::black_box;
use std::time::Duration;

/// A renderer of a built report.
type Render = fn(&report::Report) -> String;

fn reports(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(2));
    group.warm_up_time(Duration::from_millis(300));
    for &threats in SIZES {
        let session = session_of(threats, &catalog);
        group.bench_with_input(BenchmarkId::new("build", threats), &session, |b, s| {
            b.iter(|| black_box(report::build(s, &catalog)))
        });
        let formats: [(&str, Render); 5] = [
            ("markdown", report::to_markdown),
            ("html", report::to_html),
            ("json", report::to_json),
            ("csv_threats", |r| report::csv_table(r, CsvTable::Threats)),
            ("csv_mitigations", |r| {
                report::csv_table(r, CsvTable::Mitigations)
            }),
        ];
        for (name, render) in formats {
            // Build + render: what `maestro-tm report` does.
            group.bench_with_input(BenchmarkId::new(name, threats), &session, |b, s| {
                b.iter(|| black_box(render(&report::build(s, &catalog))))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, reports);
criterion_main!(benches);
