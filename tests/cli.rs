//! End-to-end tests of the headless command line, run against the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_maestro-tm"));
    // Keep the user's own catalog overrides out of the tests.
    cmd.arg("--no-user-catalog");
    cmd
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn help_and_version() {
    let o = run(&["--help"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("validate"));
    let o = run(&["--version"]);
    assert!(stdout(&o).starts_with("maestro-tm "));
}

#[test]
fn usage_error_exits_2() {
    let o = run(&["validate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["catalog", "nonsense"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn new_then_validate() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("model.toml");
    let f = file.to_str().unwrap();
    let o = run(&["new", f, "--title", "Payments agent"]);
    assert!(o.status.success(), "{o:?}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("title = \"Payments agent\""));
    assert!(text.contains("schema_version = 1"));
    let o = run(&["validate", f]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Never overwrite without --force.
    let o = run(&["new", f]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn validate_reports_file_line_column() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "syntax.toml",
            "schema_version = 1\n[session\ntitle = \"x\"\n",
            2,
        ),
        (
            "types.toml",
            "schema_version = 1\n[[threats]]\nid = \"TH1\"\nname = \"x\"\nlikelihood = 3\n",
            5,
        ),
        (
            "refs.toml",
            "schema_version = 1\n[[threats]]\nid = \"TH1\"\nname = \"x\"\ncomponents = [\"C404\"]\n",
            5,
        ),
        ("newer.toml", "schema_version = 7\n", 1),
    ];
    for (name, text, line) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let o = run(&["validate", file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{name}: {o:?}");
        let out = stdout(&o);
        let expected = format!("{}:{line}:", file.display());
        assert!(out.starts_with(&expected), "{name}: {out}");
        assert!(out.contains(": error: "), "{name}: {out}");
    }
}

#[test]
fn validate_warns_about_unknown_keys_and_fmt_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.toml");
    std::fs::write(
        &file,
        "schema_version = 1\nfrom_other_tool = \"keep me\"\n[session]\ntitle = \"x\"\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let o = run(&["validate", f]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("unknown key `from_other_tool`"));
    assert_eq!(run(&["fmt", "--check", f]).status.code(), Some(1));
    assert!(run(&["fmt", f]).status.success());
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("from_other_tool = \"keep me\"")
    );
    assert_eq!(run(&["fmt", "--check", f]).status.code(), Some(0));
}

#[test]
fn every_example_session_validates() {
    let files = examples();
    for file in &files {
        let o = run(&["validate", file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    }
}

#[test]
fn catalog_threats_json_lists_entries() {
    let o = run(&["catalog", "threats", "--json"]);
    assert!(o.status.success());
    let value: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert!(value.to_string().contains("\"T1\""), "catalog lists T1");
}

/// Kills `maestro-tm fmt` at many points while it rewrites a large session and checks
/// the file is always exactly the old or the new version.
#[cfg(unix)]
#[test]
fn killing_a_save_never_leaves_a_partial_file() {
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.toml");
    let mut old = String::from("schema_version = 1\n[session]\ntitle = \"Big\"\n");
    for i in 0..3000 {
        old.push_str(&format!(
            "\n[[threats]]\nid = \"TH{i}\"\nname = \"Threat number {i} with a long enough name\"\nlayers = [\"L3\"]\nseverity = \"High\"\nlikelihood = \"Likely\"\ndescription = \"{}\"\n",
            "x".repeat(200)
        ));
    }
    std::fs::write(&file, &old).unwrap();
    let f = file.to_str().unwrap().to_string();
    // One undisturbed run gives the new content and the time a run takes.
    let start = Instant::now();
    assert!(run(&["fmt", &f]).status.success());
    let full_run = start.elapsed();
    let new = std::fs::read_to_string(&file).unwrap();
    assert_ne!(new, old);

    let mut seen_old = 0;
    let mut seen_new = 0;
    let kills = 60;
    for i in 0..kills {
        std::fs::write(&file, &old).unwrap();
        let mut child = bin().args(["fmt", &f]).spawn().unwrap();
        // Spread the kill points over the whole run, a little past its end.
        let delay = full_run.mul_f64(1.2 * f64::from(i) / f64::from(kills));
        std::thread::sleep(delay.min(Duration::from_secs(5)));
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read_to_string(&file).unwrap();
        if now == old {
            seen_old += 1;
        } else if now == new {
            seen_new += 1;
        } else {
            panic!("partial file after kill #{i} ({} bytes)", now.len());
        }
    }
    assert_eq!(seen_old + seen_new, kills);
}

#[test]
fn status_works_on_every_example() {
    for file in examples() {
        let o = run(&["status", file.to_str().unwrap()]);
        assert!(o.status.success(), "{o:?}");
        let out = stdout(&o);
        assert!(out.contains("Minimum viable threat model:"), "{out}");
        assert!(out.contains("L3 Agent Frameworks"), "{out}");
        let o = run(&["status", "--json", file.to_str().unwrap()]);
        let value: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
        assert_eq!(value["phases"].as_array().unwrap().len(), 10);
    }
}

#[test]
fn every_catalog_section_lists_and_filters_by_layer() {
    for section in maestro_tm::catalog::Catalog::SECTIONS {
        let o = run(&["catalog", section]);
        assert!(o.status.success(), "{section}: {o:?}");
        assert!(!stdout(&o).trim().is_empty(), "{section} lists nothing");
        let o = run(&["catalog", section, "--json"]);
        serde_json::from_slice::<serde_json::Value>(&o.stdout)
            .unwrap_or_else(|e| panic!("{section}: {e}"));
    }
    let l3 = stdout(&run(&["catalog", "threats", "--layer", "L3"]));
    assert!(l3.contains("T2 ") && !l3.contains("T10 "), "{l3}");
    assert_eq!(
        run(&["catalog", "threats", "--layer", "L9"]).status.code(),
        Some(2)
    );
}

#[test]
fn printed_output_carries_no_terminal_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hostile.toml");
    std::fs::write(
        &file,
        "schema_version = 1\n[session]\ntitle = \"x\\u001b]52;c;ZWNobw==\\u0007y\"\n\n[[threats]]\nid = \"TH1\"\nname = \"n\"\ncomponents = [\"C\\u001b[2J9\"]\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let validate = run(&["validate", f]);
    assert_eq!(validate.status.code(), Some(1));
    assert!(
        stdout(&validate).contains("unknown component `C\\u{1b}[2J9`"),
        "{}",
        stdout(&validate)
    );
    let mut fixed = std::fs::read_to_string(&file).unwrap();
    fixed = fixed.replace("components = [\"C\\u001b[2J9\"]\n", "");
    std::fs::write(&file, fixed).unwrap();
    let status = run(&["status", f]);
    assert!(status.status.success(), "{status:?}");
    for output in [&validate.stdout, &status.stdout] {
        assert!(
            !output.contains(&0x1b) && !output.contains(&0x07),
            "{}",
            String::from_utf8_lossy(output)
        );
    }
    assert!(
        stdout(&status).starts_with("x\\u{1b}]52;c;ZWNobw==\\u{7}y"),
        "{}",
        stdout(&status)
    );
}
