//! How the headless commands grow with the size of a session (issue 23).
//!
//! `cargo bench --bench scaling` runs the real `maestro-tm` binary (release build) on
//! generated sessions and prints, for each command, the time per threat at 1k, 10k and 50k
//! threats (and per component at 1k, 10k and 100k components), plus the ratio of the
//! largest size's time per item to the middle size's: 1.00 is linear, above 1.3 is the
//! super-linear growth the issue asks to remove. Each figure is the median of several
//! whole-process runs (fewer for the largest sizes).
//!
//! `SCALING_SIZES=1000,10000` runs fewer threat sizes, `SCALING_COMPONENTS=1000,10000`
//! fewer component sizes (`0` none); `SCALING_ONLY=report-md` one command;
//! `SCALING_REPEATS=3` fewer runs per figure; `SCALING_BIN=path/to/maestro-tm` measures
//! another build of the binary (an older commit's, for before/after figures).

use maestro_tm::catalog::Catalog;
use maestro_tm::session::Session;
use maestro_tm::session::storage;
use maestro_tm::synth::{SynthParams, generate};
use maestro_tm::vocab::Likelihood;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const BUILT: &str = env!("CARGO_BIN_EXE_maestro-tm");

/// The binary measured: this build's, or `SCALING_BIN`.
fn bin() -> String {
    std::env::var("SCALING_BIN").unwrap_or_else(|_| BUILT.to_string())
}

/// One command line, with `{a}` (the session), `{b}` (its edited copy) and `{out}` (a fresh
/// output path) filled in per run.
struct Case {
    name: &'static str,
    args: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "validate",
        args: &["validate", "{a}"],
    },
    Case {
        name: "status",
        args: &["status", "{a}"],
    },
    Case {
        name: "report-md",
        args: &["report", "{a}", "--format", "md", "-o", "{out}"],
    },
    Case {
        name: "report-json",
        args: &["report", "{a}", "--format", "json", "-o", "{out}"],
    },
    Case {
        name: "report-html",
        args: &["report", "{a}", "--format", "html", "-o", "{out}"],
    },
    Case {
        name: "report-csv",
        args: &["report", "{a}", "--format", "csv", "-o", "{out}"],
    },
    Case {
        name: "diff",
        args: &["diff", "{a}", "{b}"],
    },
    Case {
        name: "export-otm",
        args: &["export", "{a}", "--format", "otm", "-o", "{out}"],
    },
];

/// A session size: what is generated and what the time is divided by.
struct Size {
    label: String,
    params: SynthParams,
    items: usize,
}

fn threat_sizes(counts: &[usize]) -> Vec<Size> {
    counts
        .iter()
        .map(|&threats| Size {
            label: format!("{}k threats", threats / 1000),
            params: SynthParams {
                components: (threats / 20).max(10),
                threats,
                seed: 42,
            },
            items: threats,
        })
        .collect()
}

fn component_sizes(counts: &[usize]) -> Vec<Size> {
    counts
        .iter()
        .map(|&components| Size {
            label: format!("{}k components", components / 1000),
            params: SynthParams {
                components,
                threats: 1_000,
                seed: 42,
            },
            items: components,
        })
        .collect()
}

/// A copy with every tenth threat re-rated: what `diff` compares against.
fn edited(session: &Session) -> Session {
    let mut copy = session.clone();
    for threat in copy.threats.iter_mut().step_by(10) {
        threat.likelihood = Some(match threat.likelihood {
            Some(Likelihood::Unlikely) => Likelihood::Possible,
            _ => Likelihood::Unlikely,
        });
    }
    copy
}

fn write(path: &Path, session: &Session) {
    std::fs::write(path, storage::to_text(session, &Default::default())).unwrap();
}

fn run_once(case: &Case, a: &Path, b: &Path, out: &Path) -> Duration {
    let args: Vec<String> = case
        .args
        .iter()
        .map(|arg| match *arg {
            "{a}" => a.display().to_string(),
            "{b}" => b.display().to_string(),
            "{out}" => out.display().to_string(),
            other => other.to_string(),
        })
        .collect();
    let started = Instant::now();
    let output = Command::new(bin()).args(&args).output().unwrap();
    let took = started.elapsed();
    // diff exits 1 when the sessions differ, status/validate may exit 1 on findings.
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "{} failed: {}",
        case.name,
        String::from_utf8_lossy(&output.stderr)
    );
    took
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn measure(sizes: &[Size], catalog: &Catalog, work: &Path, only: Option<&str>) {
    let mut table: Vec<(&str, Vec<f64>)> = CASES
        .iter()
        .filter(|c| only.is_none_or(|o| o == c.name))
        .map(|c| (c.name, Vec::new()))
        .collect();
    for (index, size) in sizes.iter().enumerate() {
        let session = generate(size.params, catalog);
        let a = work.join(format!("a-{index}.toml"));
        let b = work.join(format!("b-{index}.toml"));
        write(&a, &session);
        write(&b, &edited(&session));
        let repeats = std::env::var("SCALING_REPEATS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(if size.items >= 50_000 { 3 } else { 5 });
        for (case, per_item) in CASES
            .iter()
            .filter(|c| only.is_none_or(|o| o == c.name))
            .zip(table.iter_mut())
        {
            let runs = (0..repeats)
                .map(|run| {
                    let out = work.join(format!("out-{index}-{}-{run}", case.name));
                    // The component sweep reuses the names of the threat sweep's outputs.
                    let _ = std::fs::remove_file(&out);
                    let _ = std::fs::remove_dir_all(&out);
                    run_once(case, &a, &b, &out)
                })
                .collect();
            let took = median(runs);
            per_item
                .1
                .push(took.as_secs_f64() * 1e6 / size.items as f64);
        }
    }
    print!("{:<12}", "µs per item");
    for size in sizes {
        print!("{:>16}", size.label);
    }
    println!("{:>10}", "growth");
    for (name, per_item) in &table {
        print!("{name:<12}");
        for value in per_item {
            print!("{value:>16.2}");
        }
        let growth = match per_item.as_slice() {
            [.., middle, last] => last / middle,
            _ => 1.0,
        };
        println!("{growth:>10.2}");
    }
    println!();
}

/// A comma-separated list of sizes from the environment (`0` or empty: none).
fn sizes_from(var: &str, default: Vec<usize>) -> Vec<usize> {
    std::env::var(var)
        .ok()
        .map(|s| {
            s.split(',')
                .filter_map(|n| n.trim().parse().ok())
                .filter(|&n| n > 0)
                .collect()
        })
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing special, and
    // then this runs at the smallest size only, as a smoke test.
    let benching = std::env::args().any(|a| a == "--bench");
    let sizes = sizes_from(
        "SCALING_SIZES",
        if benching {
            vec![1_000, 10_000, 50_000]
        } else {
            vec![1_000]
        },
    );
    let only = std::env::var("SCALING_ONLY").ok();
    let catalog = Catalog::embedded();
    let work: PathBuf = tempfile::tempdir().unwrap().keep();
    if !sizes.is_empty() {
        println!("Time per threat (whole process, median), {}", bin());
        measure(&threat_sizes(&sizes), &catalog, &work, only.as_deref());
    }
    let components = sizes_from(
        "SCALING_COMPONENTS",
        if benching {
            vec![1_000, 10_000, 100_000]
        } else {
            vec![1_000]
        },
    );
    if !components.is_empty() {
        println!("Time per component (1k threats), {}", bin());
        measure(
            &component_sizes(&components),
            &catalog,
            &work,
            only.as_deref(),
        );
    }
    let _ = std::fs::remove_dir_all(&work);
}
