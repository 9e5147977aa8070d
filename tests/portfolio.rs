//! `maestro-tm status DIR` over a directory of 50 generated sessions: rows, sorting,
//! JSON and CSV, .gitignore, and the `--fail-on overdue` gate.

use maestro_tm::catalog::Catalog;
use maestro_tm::session::storage::{self, Document};
use maestro_tm::synth::{SynthParams, generate};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const TODAY: &str = "2026-12-05";

fn status(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_maestro-tm"))
        .args(["--no-user-catalog", "status"])
        .arg(dir)
        .args(["--today", TODAY])
        .args(args)
        .output()
        .unwrap()
}

/// Sessions 00–49 under two team folders; odd ones have reviews that passed (due
/// 2026-06-01), even ones reviews due in 2030.
fn portfolio(dir: &Path, count: usize) {
    let catalog = Catalog::embedded();
    for i in 0..count {
        let mut session = generate(
            SynthParams {
                components: 4,
                threats: 3 + i % 5,
                seed: i as u64,
            },
            &catalog,
        );
        session.business.application = format!("System {i:02}");
        if i % 2 == 0 {
            for r in &mut session.residual_risks {
                r.review_date = "2030-01-01".into();
            }
        }
        let team = dir.join(if i < 25 { "team-a" } else { "team-b" });
        std::fs::create_dir_all(&team).unwrap();
        let doc = Document {
            session,
            unknown: Default::default(),
            loaded_version: 1,
        };
        storage::save(&team.join(format!("system-{i:02}.toml")), &doc).unwrap();
    }
}

fn json_rows(out: &Output) -> Vec<Value> {
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn fifty_sessions_rows_sorting_json_csv_and_the_overdue_gate() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    portfolio(dir, 50);
    // Not sessions, or ignored: left out.
    std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
    std::fs::create_dir(dir.join("old")).unwrap();
    std::fs::copy(dir.join("team-a/system-01.toml"), dir.join("old/copy.toml")).unwrap();
    std::fs::write(dir.join(".gitignore"), "old/\n").unwrap();

    let out = status(dir, &["--json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let rows = json_rows(&out);
    assert_eq!(rows.len(), 50);
    assert_eq!(rows[0]["path"], "team-a/system-00.toml");
    assert_eq!(rows[49]["path"], "team-b/system-49.toml");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["system"], format!("System {i:02}"));
        let overdue = row["overdue_reviews"].as_u64().unwrap();
        let entries = (3 + i % 5) as u64;
        assert_eq!(overdue, if i % 2 == 1 { entries } else { 0 }, "row {i}");
        let file = dir.join(row["path"].as_str().unwrap());
        let complete = storage::load(&file)
            .unwrap()
            .session
            .phases
            .iter()
            .filter(|p| p.status == maestro_tm::vocab::PhaseStatus::Complete)
            .count();
        assert_eq!(row["phases_complete"], complete);
        assert!(row["modified"].as_str().unwrap().len() == 10);
    }

    // Sorted by overdue reviews: the odd sessions, most overdue first.
    let sorted = json_rows(&status(dir, &["--json", "--sort", "overdue"]));
    let overdue: Vec<u64> = sorted
        .iter()
        .map(|r| r["overdue_reviews"].as_u64().unwrap())
        .collect();
    assert!(overdue.windows(2).all(|w| w[0] >= w[1]), "{overdue:?}");
    assert_eq!(sorted[0]["overdue_reviews"], 7);
    assert_eq!(overdue.iter().filter(|n| **n > 0).count(), 25);

    let table = status(dir, &[]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert_eq!(text.lines().count(), 51);
    assert!(text.lines().next().unwrap().starts_with("path"));
    let csv = status(dir, &["--csv"]);
    assert_eq!(String::from_utf8_lossy(&csv.stdout).lines().count(), 51);

    let gate = status(dir, &["--fail-on", "overdue"]);
    assert_eq!(gate.status.code(), Some(1));
    let err = String::from_utf8_lossy(&gate.stderr);
    assert!(err.contains("system-01.toml: 4 overdue review(s)"), "{err}");
    assert!(!err.contains("system-00.toml"), "{err}");
}

#[test]
fn fail_on_overdue_passes_when_nothing_is_overdue_and_a_file_gate_matches() {
    let tmp = tempfile::tempdir().unwrap();
    portfolio(tmp.path(), 1);
    let out = status(tmp.path(), &["--fail-on", "overdue"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let file = tmp.path().join("team-a/system-00.toml");
    let out = status(&file, &["--fail-on", "overdue"]);
    assert_eq!(out.status.code(), Some(0));
    // The same file a year on: overdue.
    let later = Command::new(env!("CARGO_BIN_EXE_maestro-tm"))
        .args(["--no-user-catalog", "status"])
        .arg(&file)
        .args(["--today", "2030-02-01", "--fail-on", "overdue"])
        .output()
        .unwrap();
    assert_eq!(later.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&later.stdout).contains("Reviews overdue (3)"));
}
