//! Reports: snapshots of every format, determinism, the JSON schema, and the `report`
//! and `status --fail-on` commands end to end.

use maestro_tm::catalog::Catalog;
use maestro_tm::report::{self, CsvTable};
use maestro_tm::session::storage;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The sessions every report test runs on: our fixture plus the example sessions
/// (those that exist in this checkout).
fn sessions() -> Vec<(String, PathBuf)> {
    let mut files = vec![(
        "report-sample".to_string(),
        root().join("tests/data/report-sample.toml"),
    )];
    for name in ["customer-support-mas", "coding-assistant"] {
        let path = root().join("sessions").join(format!("{name}.toml"));
        if path.exists() {
            files.push((name.to_string(), path));
        } else {
            eprintln!("note: example session {} not present yet", path.display());
        }
    }
    files
}

fn build(path: &Path) -> report::Report {
    let catalog = Catalog::embedded();
    let doc = storage::load(path).expect("session loads");
    report::build(&doc.session, &catalog)
}

fn outputs(path: &Path) -> Vec<(&'static str, String)> {
    let r = build(path);
    vec![
        ("md", report::to_markdown(&r)),
        ("html", report::to_html(&r)),
        ("json", report::to_json(&r)),
        ("threats.csv", report::csv_table(&r, CsvTable::Threats)),
        (
            "mitigations.csv",
            report::csv_table(&r, CsvTable::Mitigations),
        ),
    ]
}

#[test]
fn snapshots_of_every_format() {
    for (name, path) in sessions() {
        for (format, text) in outputs(&path) {
            insta::assert_snapshot!(format!("{name}.{format}"), text);
        }
    }
}

#[test]
fn same_session_gives_same_bytes() {
    for (_, path) in sessions() {
        assert_eq!(outputs(&path), outputs(&path));
    }
}

#[test]
fn schema_file_matches_the_report_types() {
    let path = root().join(report::schema::SCHEMA_PATH);
    let generated = report::schema::report_schema();
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == generated,
        "{} is out of date; run `UPDATE_SCHEMAS=1 cargo test --test report`",
        path.display()
    );
}

#[test]
fn json_report_validates_against_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join(report::schema::SCHEMA_PATH)).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema is valid");
    for (name, path) in sessions() {
        let json: serde_json::Value =
            serde_json::from_str(&report::to_json(&build(&path))).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
    // The schema is strict enough to reject a wrong value.
    let mut json: serde_json::Value =
        serde_json::from_str(&report::to_json(&build(&sessions()[0].1))).unwrap();
    json["threat_register"]["threats"][0]["inherent"] = "Catastrophic".into();
    assert!(!validator.is_valid(&json));
}

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_maestro-tm"));
    cmd.arg("--no-user-catalog");
    cmd
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

#[test]
fn report_command_end_to_end() {
    let sample = root().join("tests/data/report-sample.toml");
    let sample = sample.to_str().unwrap();
    let expected = outputs(Path::new(sample));

    // Markdown on stdout by default.
    let o = run(&["report", sample]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(String::from_utf8(o.stdout).unwrap(), expected[0].1);

    // -o writes the file.
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("model.html");
    let o = run(&[
        "report",
        sample,
        "--format",
        "html",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(o.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&html).unwrap(), expected[1].1);

    let o = run(&["report", sample, "--format", "json"]);
    assert_eq!(String::from_utf8(o.stdout).unwrap(), expected[2].1);

    // CSV: one table with --table, both into a directory with -o DIR.
    let o = run(&[
        "report",
        sample,
        "--format",
        "csv",
        "--table",
        "mitigations",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), expected[4].1);
    let out = dir.path().join("csv");
    let o = run(&[
        "report",
        sample,
        "--format",
        "csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(
        std::fs::read_to_string(out.join("threats.csv")).unwrap(),
        expected[3].1
    );
    assert_eq!(
        std::fs::read_to_string(out.join("mitigations.csv")).unwrap(),
        expected[4].1
    );

    // Errors, all exit 2 (usage, I/O or parse): CSV without a table or directory,
    // --table on another format, an unknown format, a missing or invalid session.
    assert_eq!(
        run(&["report", sample, "--format", "csv"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["report", sample, "--table", "threats"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["report", sample, "--format", "pdf"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["report", "/nonexistent/x.toml"]).status.code(),
        Some(2)
    );
    let broken = dir.path().join("broken.toml");
    std::fs::write(
        &broken,
        "schema_version = 1\n[[threats]]\nid = \"T\"\nname = \"x\"\nlayers = [\"L9\"]\n",
    )
    .unwrap();
    let o = run(&["report", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
}

#[test]
fn status_fail_on_gates_open_residual_risks() {
    let sample = root().join("tests/data/report-sample.toml");
    let sample = sample.to_str().unwrap();
    // The sample's highest open residual risk is Medium (TH1 deferred, TH2 without record).
    // TH4 is open and unrated: allowed here (tests/cli_conventions.rs checks the default).
    let o = run(&["status", sample, "--fail-on", "high", "--allow-unrated"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let o = run(&["status", sample, "--fail-on", "critical", "--allow-unrated"]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(&["status", sample, "--fail-on", "medium"]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(
        stderr.contains("TH1 (Medium)") && stderr.contains("TH2 (Medium)"),
        "{stderr}"
    );
    assert_eq!(
        run(&["status", sample, "--fail-on", "extreme"])
            .status
            .code(),
        Some(2)
    );

    // Raising TH2 to High makes the high gate fail; marking it Transferred closes it.
    let text = std::fs::read_to_string(sample).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.toml");
    let raised = text.replace(
        "[[residual_risks]]\nid = \"RR2\"",
        "[[residual_risks]]\nid = \"RR3\"\nthreat = \"TH2\"\nlevel_override = \"High\"\n\n[[residual_risks]]\nid = \"RR2\"",
    );
    std::fs::write(&file, &raised).unwrap();
    let f = file.to_str().unwrap();
    assert_eq!(
        run(&["status", f, "--fail-on", "high"]).status.code(),
        Some(1)
    );
    let closed = raised.replace(
        "threat = \"TH2\"\nlevel_override = \"High\"",
        "threat = \"TH2\"\nlevel_override = \"High\"\ndisposition = \"Transferred\"",
    );
    std::fs::write(&file, closed).unwrap();
    assert_eq!(
        run(&["status", f, "--fail-on", "high", "--allow-unrated"])
            .status
            .code(),
        Some(0)
    );
}
