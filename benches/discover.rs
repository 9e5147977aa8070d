//! Architecture discovery on a generated 100,000-file tree (issue 20: ≤ 3 s on 2 cores).
//!
//! The tree mixes what a large repository holds: mostly ordinary Python and TypeScript
//! modules, JSON and YAML documents, Markdown and text that discovery does not read, and
//! one file in a hundred using an agent framework. It is built once, outside the timing.

use criterion::{Criterion, criterion_group, criterion_main};
use maestro_tm::catalog::Catalog;
use maestro_tm::discover::{Limits, discover};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

const FILES: usize = 100_000;
const PER_DIR: usize = 100;

fn file_for(i: usize) -> (String, String) {
    let python = format!(
        "import os\nfrom typing import Any\n\n\ndef handler_{i}(event: dict[str, Any]) -> str:\n    \"\"\"Handle one event.\"\"\"\n    value = os.environ.get('KEY_{i}', 'default')\n    return f'{{value}}-{{event}}'\n"
    );
    match i % 100 {
        0 => (
            format!("agent_{i}.py"),
            format!(
                "from crewai import Agent, Crew\nfrom crewai_tools import SerperDevTool\n\nresearcher_{i} = Agent(role='Researcher {i}', goal='g', backstory='b', tools=[SerperDevTool()], llm='gpt-4o')\ncrew_{i} = Crew(agents=[researcher_{i}])\n"
            ),
        ),
        1..=59 => (format!("module_{i}.py"), python),
        60..=79 => (
            format!("module_{i}.ts"),
            format!(
                "import {{ readFile }} from 'node:fs/promises';\n\nexport async function load{i}(path: string): Promise<string> {{\n  const text = await readFile(path, 'utf8');\n  return text.trim();\n}}\n"
            ),
        ),
        80..=84 => (
            format!("config_{i}.json"),
            format!(
                "{{\"name\": \"service-{i}\", \"port\": {}, \"tags\": [\"a\", \"b\"]}}\n",
                8000 + i % 1000
            ),
        ),
        85..=87 => (
            format!("values_{i}.yaml"),
            format!("name: svc-{i}\nreplicas: 2\n"),
        ),
        88..=95 => (
            format!("notes_{i}.md"),
            format!("# Notes {i}\n\nNothing to see.\n"),
        ),
        _ => (format!("data_{i}.txt"), "plain text\n".repeat(10)),
    }
}

fn generate(root: &Path) {
    for i in 0..FILES {
        let dir = root.join(format!("pkg{:04}", i / PER_DIR));
        if i % PER_DIR == 0 {
            std::fs::create_dir_all(&dir).unwrap();
        }
        let (name, text) = file_for(i);
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn discover_100k(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path());
    let catalog = Catalog::embedded();
    let mut group = c.benchmark_group("discover");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.warm_up_time(Duration::from_secs(1));
    group.bench_function("tree_100k_files", |b| {
        b.iter(|| {
            let d = discover(dir.path(), &catalog, Limits::default()).unwrap();
            assert_eq!(d.files_scanned, FILES * 88 / 100);
            black_box(d)
        })
    });
    group.finish();
}

criterion_group!(benches, discover_100k);
criterion_main!(benches);
