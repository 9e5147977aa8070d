//! Command-line conventions, end to end against the real binary: exit codes 0/1/2 of
//! every command, `status --fail-on` failing closed on unrated threats, an example at
//! the end of every subcommand's `--help`, the man page, and bash completion.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_maestro-tm"));
    cmd.arg("--no-user-catalog");
    cmd
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn code(args: &[&str]) -> i32 {
    let o = run(args);
    o.status.code().unwrap_or_else(|| panic!("{args:?}: {o:?}"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example() -> String {
    root()
        .join("sessions/customer-support-mas.toml")
        .to_string_lossy()
        .into_owned()
}

/// A session that parses but refers to a missing component: a model problem.
fn invalid_session(dir: &Path) -> String {
    let file = dir.join("invalid.toml");
    std::fs::write(
        &file,
        "schema_version = 1\n[[threats]]\nid = \"T\"\nname = \"x\"\ncomponents = [\"C404\"]\n",
    )
    .unwrap();
    file.to_string_lossy().into_owned()
}

#[test]
fn exit_codes_of_each_command() {
    let dir = tempfile::tempdir().unwrap();
    let good = example();
    let invalid = invalid_session(dir.path());
    let missing = dir.path().join("missing.toml");
    let missing = missing.to_str().unwrap();
    let out = |name: &str| dir.path().join(name).to_string_lossy().into_owned();

    // validate: 0 valid, 1 problems found, 2 unreadable or usage.
    assert_eq!(code(&["validate", &good]), 0);
    assert_eq!(code(&["validate", &invalid]), 1);
    assert_eq!(code(&["validate", missing]), 2);
    assert_eq!(code(&["validate"]), 2);

    // status: 0, 1 gate tripped, 2 unusable input.
    assert_eq!(code(&["status", &good]), 0);
    assert_eq!(code(&["status", &good, "--fail-on", "low"]), 1);
    assert_eq!(code(&["status", &invalid]), 2);
    assert_eq!(code(&["status", missing]), 2);
    assert_eq!(code(&["status", &good, "--fail-on", "extreme"]), 2);

    // report and export: 0, 2 (no check of their own).
    assert_eq!(code(&["report", &good, "-o", &out("r.md")]), 0);
    assert_eq!(code(&["report", &invalid]), 2);
    assert_eq!(code(&["report", &good, "--format", "pdf"]), 2);
    assert_eq!(code(&["export", &good, "-o", &out("m.otm.json")]), 0);
    assert_eq!(code(&["export", &invalid]), 2);

    // import: 0, 2 on an invalid OTM file or an existing output.
    assert_eq!(
        code(&["import", &out("m.otm.json"), "-o", &out("back.toml")]),
        0
    );
    assert_eq!(
        code(&["import", &out("m.otm.json"), "-o", &out("back.toml")]),
        2
    );
    std::fs::write(out("bad.json"), "{\"otmVersion\": ").unwrap();
    assert_eq!(code(&["import", &out("bad.json"), "-o", &out("x.toml")]), 2);

    // fmt --check: 0 canonical, 1 would rewrite, 2 unreadable.
    assert_eq!(code(&["fmt", "--check", &out("back.toml")]), 0);
    std::fs::write(out("loose.toml"), "schema_version = 1\n").unwrap();
    assert_eq!(code(&["fmt", "--check", &out("loose.toml")]), 1);
    assert_eq!(code(&["fmt", "--check", missing]), 2);

    // diff: 0 without --exit-code, 1 different with it, 2 errors.
    assert_eq!(code(&["diff", &good, &invalid]), 0);
    assert_eq!(code(&["diff", "--exit-code", &good, &good]), 0);
    assert_eq!(code(&["diff", "--exit-code", &good, &invalid]), 1);
    assert_eq!(code(&["diff", &good, missing]), 2);

    // new, catalog, completions, man: 0 or 2.
    assert_eq!(code(&["new", &out("n.toml")]), 0);
    assert_eq!(code(&["new", &out("n.toml")]), 2);
    assert_eq!(code(&["catalog", "layers"]), 0);
    assert_eq!(code(&["catalog", "nonsense"]), 2);
    assert_eq!(code(&["completions", "fish"]), 0);
    assert_eq!(code(&["completions", "tcsh"]), 2);
    assert_eq!(code(&["man"]), 0);
    assert_eq!(code(&["man", "extra"]), 2);

    // merge: 0 clean, 1 conflicts kept inside the session, 2 unreadable input.
    let text = std::fs::read_to_string(&good).unwrap();
    let named = |to: &str| {
        text.replacen(
            "name = \"Prompt injection in a customer message steers the refunds tool\"",
            &format!("name = \"{to}\""),
            1,
        )
    };
    for (file, body) in [
        ("base.toml", text.clone()),
        ("ours.toml", named("Ours")),
        ("theirs.toml", named("Theirs")),
    ] {
        std::fs::write(out(file), body).unwrap();
    }
    let (base, ours, theirs) = (out("base.toml"), out("ours.toml"), out("theirs.toml"));
    assert_eq!(
        code(&["merge", &base, &ours, &base, "-o", &out("m1.toml")]),
        0
    );
    assert_eq!(
        code(&["merge", &base, &ours, &theirs, "-o", &out("m2.toml")]),
        1
    );
    assert_eq!(
        code(&["validate", &out("m2.toml")]),
        1,
        "conflicts are reported"
    );
    assert_eq!(
        code(&["merge", &base, &ours, missing, "-o", &out("m3.toml")]),
        2
    );

    // discover: 0, 1 when --check finds architecture the session does not know, 2 no tree.
    let tree = root().join("tests/discover/mcp-python");
    let tree = tree.to_str().unwrap();
    assert_eq!(code(&["discover", tree]), 0);
    assert_eq!(code(&["discover", tree, "--session", &good, "--check"]), 1);
    assert_eq!(code(&["discover", missing]), 2);

    // git-setup: 0 inside a repository, 2 outside one.
    let repo = dir.path().join("repo");
    let git = std::process::Command::new("git")
        .args(["init", "-q"])
        .arg(&repo)
        .status();
    if git.is_ok_and(|s| s.success()) {
        assert_eq!(code(&["git-setup", "--dir", repo.to_str().unwrap()]), 0);
    }
    let outside = tempfile::tempdir().unwrap();
    assert_eq!(
        code(&["git-setup", "--dir", outside.path().to_str().unwrap()]),
        2
    );
}

#[test]
fn fail_on_fails_closed_on_unrated_threats() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string(root().join("tests/data/report-sample.toml")).unwrap();
    // The sample's open residual risks are Medium at most, but TH4 is open and unrated.
    let unrated = dir.path().join("unrated.toml");
    std::fs::write(&unrated, &sample).unwrap();
    let unrated = unrated.to_str().unwrap();
    assert_eq!(code(&["validate", unrated]), 0, "the file itself is valid");
    let o = run(&["status", unrated, "--fail-on", "high"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("not rated") && err.contains("TH4"), "{err}");
    assert!(err.contains("--allow-unrated"), "{err}");
    // Allowed explicitly: passes, with a warning naming it.
    let o = run(&["status", unrated, "--fail-on", "high", "--allow-unrated"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("warning: 1 open threat(s) not rated") && err.contains("TH4"),
        "{err}"
    );
    // Rated (Low × Unlikely), the same gate passes without the flag.
    let rated = dir.path().join("rated.toml");
    std::fs::write(
        &rated,
        sample.replace(
            "name = \"Unrated finding\"\n",
            "name = \"Unrated finding\"\nseverity = \"Low\"\nlikelihood = \"Unlikely\"\n",
        ),
    )
    .unwrap();
    assert_eq!(
        code(&["status", rated.to_str().unwrap(), "--fail-on", "high"]),
        0
    );
    // --allow-unrated alone makes no sense: a usage error.
    assert_eq!(code(&["status", unrated, "--allow-unrated"]), 2);
}

/// The subcommands listed by `maestro-tm --help` (so a new one is covered at once).
fn subcommands() -> Vec<String> {
    let help = String::from_utf8(run(&["--help"]).stdout).unwrap();
    let list = &help[help.find("Commands:").expect("a Commands section")..];
    list.lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // Wrapped descriptions continue further in.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn every_subcommand_help_ends_with_examples() {
    let subs = subcommands();
    assert!(subs.len() >= 11, "{subs:?}");
    for sub in &subs {
        let o = run(&[sub, "--help"]);
        assert!(o.status.success(), "{sub}");
        let help = String::from_utf8_lossy(&o.stdout);
        let tail = &help[help
            .rfind("Examples:")
            .unwrap_or_else(|| panic!("{sub}: {help}"))..];
        let examples = tail
            .lines()
            .filter(|l| l.trim_start().starts_with(&format!("maestro-tm {sub}")))
            .count();
        assert!((2..=3).contains(&examples), "{sub}: {tail}");
    }
    let help = String::from_utf8_lossy(&run(&["--help"]).stdout).into_owned();
    assert!(
        help.contains("Exit status: 0 success; 1 a check failed"),
        "{help}"
    );
}

#[test]
fn man_page_documents_exit_codes_and_references_no_missing_page() {
    let o = run(&["man"]);
    let page = String::from_utf8(o.stdout).unwrap();
    assert!(page.contains("Exit status"), "exit codes in the man page");
    // Every subcommand is documented inline, none by reference to another page.
    for sub in subcommands() {
        assert!(
            page.contains(&format!(".SS \"maestro\\-tm {}\"", sub.replace('-', "\\-"))),
            "{sub} section"
        );
    }
    assert!(!page.contains("(1)"), "no references to other manual pages");
}

/// Completes `line` (cursor at its end) with the generated bash completion, in a bash
/// subprocess, and returns the candidates.
fn bash_complete(line: &str, cwd: &Path) -> Vec<String> {
    let script = run(&["completions", "bash"]).stdout;
    let file = cwd.join("completion.bash");
    std::fs::write(&file, script).unwrap();
    let words: Vec<&str> = line.split(' ').collect();
    let words_q: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{line}'\nCOMP_POINT={}\n\
         _maestro__tm maestro-tm '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        file.display(),
        words_q.join(" "),
        words.len() - 1,
        line.len(),
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let o = Command::new("bash")
        .arg("--norc")
        .arg("-c")
        .arg(&program)
        .current_dir(cwd)
        .output()
        .expect("bash runs");
    assert!(o.status.success(), "{o:?}");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_completion_completes_formats_and_paths() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("model.toml"), "").unwrap();
    let formats = bash_complete("maestro-tm report --format ", dir.path());
    let mut sorted = formats.clone();
    sorted.sort();
    assert_eq!(sorted, ["csv", "html", "json", "md"], "{formats:?}");
    let levels = bash_complete("maestro-tm status model.toml --fail-on ", dir.path());
    assert!(levels.contains(&"high".to_string()), "{levels:?}");
}

/// A path after `validate `: bash's own file completion takes over when the script
/// offers nothing (`complete -o default`), so this drives an interactive bash in a
/// pseudo-terminal and presses Tab, as a user would.
#[test]
fn bash_completion_completes_a_path_after_validate() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("model-unique.toml"), "").unwrap();
    std::fs::write(
        dir.path().join("completion.bash"),
        run(&["completions", "bash"]).stdout,
    )
    .unwrap();
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new("bash");
    cmd.args(["--norc", "--noprofile", "-i"]);
    cmd.cwd(dir.path());
    cmd.env("PS1", "$ ");
    cmd.env("TERM", "dumb");
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let output = Arc::new(Mutex::new(String::new()));
    let mut reader = pty.master.try_clone_reader().unwrap();
    let sink = Arc::clone(&output);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let mut writer = pty.master.take_writer().unwrap();
    writer
        .write_all(b"source completion.bash; echo READY\n")
        .unwrap();
    let wait_for = |needle: &str| {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if output.lock().unwrap().matches(needle).count() > 0 {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    };
    assert!(wait_for("READY\r\n"), "{}", output.lock().unwrap());
    writer.write_all(b"maestro-tm validate model-un\t").unwrap();
    let completed = wait_for("model-unique.toml");
    let _ = writer.write_all(b"\x03exit\n");
    let _ = child.kill();
    assert!(completed, "{}", output.lock().unwrap());
}

#[test]
fn a_version_less_otm_file_imports_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let input = root().join("tests/data/otm/no-version.json");
    let out = dir.path().join("s.toml");
    let o = run(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no-version.json: warning: otmVersion: missing; read as OTM 0.2.0"),
        "{err}"
    );
    assert!(std::fs::read_to_string(&out).unwrap().contains("Browser"));
    // Without `project` it is not an OTM document at all: still refused (exit 2).
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"components\": []}").unwrap();
    let o = run(&[
        "import",
        bad.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(2));
}
