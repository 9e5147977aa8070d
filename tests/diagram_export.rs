//! `maestro-tm export --format mermaid|dot|svg`: files per diagram, refusal to
//! overwrite without --force, one diagram on standard output.

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_maestro-tm"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn example() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sessions/customer-support-mas.toml"
    )
    .to_string()
}

#[test]
fn svg_export_writes_one_file_per_diagram_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("model.svg");
    let out_s = out.to_str().unwrap();
    let first = run(&["export", &example(), "--format", "svg", "-o", out_s]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    for kind in ["layers", "dataflow"] {
        let path = dir.path().join(format!("model.{kind}.svg"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("<?xml") && text.contains("<svg"), "{kind}");
    }
    let again = run(&["export", &example(), "--format", "svg", "-o", out_s]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let forced = run(&[
        "export",
        &example(),
        "--format",
        "svg",
        "-o",
        out_s,
        "--force",
        "--residual",
    ]);
    assert!(forced.status.success());
    assert!(
        !Path::new(out_s).exists(),
        "only the per-diagram files are written"
    );
}

#[test]
fn one_diagram_goes_to_standard_output() {
    let mermaid = run(&[
        "export",
        &example(),
        "--format",
        "mermaid",
        "--diagram",
        "dataflow",
    ]);
    assert!(mermaid.status.success());
    let text = String::from_utf8(mermaid.stdout).unwrap();
    assert!(
        text.starts_with("flowchart LR\n") && text.contains("==>|"),
        "{text}"
    );
    let dot = run(&[
        "export",
        &example(),
        "--format",
        "dot",
        "--diagram",
        "layers",
    ]);
    assert!(
        String::from_utf8(dot.stdout)
            .unwrap()
            .starts_with("digraph maestro {")
    );
    let both = run(&["export", &example(), "--format", "dot"]);
    assert_eq!(both.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&both.stderr).contains("--diagram"));
}

#[test]
fn a_session_that_does_not_parse_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "schema_version = 1\n[[components]\n").unwrap();
    let out = run(&[
        "export",
        bad.to_str().unwrap(),
        "--format",
        "svg",
        "--diagram",
        "layers",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(":2:"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
