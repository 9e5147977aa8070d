//! End-to-end tests of issue #17's file hardening with the real binary: planted lock
//! symlinks, symlinked sessions, FIFOs and endless devices as inputs, `-` for standard
//! input and output, and outputs that would overwrite the input or an existing file.

#![cfg(unix)]
#![allow(dead_code)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

include!("support/tui_harness.rs");

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_maestro-tm"))
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/report-sample.toml")
}

/// Runs the binary, killing it if it has not finished within `limit` (a hang fails).
fn run_within(args: &[&str], limit: Duration) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("maestro-tm {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn dev_zero_is_refused_at_once_naming_the_file_and_why() {
    for args in [
        ["validate", "/dev/zero", ""],
        ["report", "/dev/zero", ""],
        ["import", "/dev/zero", "-o"],
        ["diff", "/dev/zero", "/dev/null"],
    ] {
        let mut args: Vec<&str> = args.iter().copied().filter(|a| !a.is_empty()).collect();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.toml");
        if args[0] == "import" {
            args.push(out.to_str().unwrap());
        }
        let o = run_within(&args, Duration::from_secs(10));
        assert!(!o.status.success(), "{args:?}");
        let all = stderr(&o) + &stdout(&o);
        assert!(all.contains("/dev/zero: "), "{args:?}: {all}");
        assert!(all.contains("character device"), "{args:?}: {all}");
    }
}

#[test]
fn a_fifo_does_not_hang_a_command() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("s.toml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let path = fifo.to_str().unwrap();
    for args in [vec!["validate", path], vec!["fmt", "--check", path]] {
        let o = run_within(&args, Duration::from_secs(10));
        assert!(!o.status.success());
        let all = stderr(&o) + &stdout(&o);
        assert!(all.contains("FIFO") && all.contains("`-`"), "{all}");
    }
}

#[test]
fn dash_reads_standard_input_and_writes_standard_output() {
    let text = std::fs::read(sample()).unwrap();
    let mut child = bin()
        .args(["validate", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("-: ok"), "{}", stdout(&o));

    let dir = tempfile::tempdir().unwrap();
    let s = sample();
    let o = run_within(
        &["report", s.to_str().unwrap(), "-o", "-"],
        Duration::from_secs(20),
    );
    assert!(o.status.success());
    assert!(stdout(&o).starts_with('#'), "markdown on stdout");
    assert!(!Path::new("-").exists() && std::fs::read_dir(dir.path()).unwrap().count() == 0);
    let o = run_within(
        &["export", s.to_str().unwrap(), "-o", "-"],
        Duration::from_secs(20),
    );
    assert!(o.status.success());
    serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap();
}

#[test]
fn outputs_never_replace_the_input_and_need_force_for_existing_files() {
    let dir = tempfile::tempdir().unwrap();
    let session = dir.path().join("s.toml");
    std::fs::copy(sample(), &session).unwrap();
    let before = std::fs::read(&session).unwrap();
    let s = session.to_str().unwrap();
    // Onto the input: refused, with --force too, and through a symlink.
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink(&session, &link).unwrap();
    for out in [s, link.to_str().unwrap()] {
        for force in [false, true] {
            let mut args = vec!["report", s, "-o", out];
            if force {
                args.push("--force");
            }
            let o = run_within(&args, Duration::from_secs(20));
            assert!(!o.status.success(), "{args:?}");
            assert!(stderr(&o).contains("input"), "{}", stderr(&o));
        }
    }
    assert_eq!(std::fs::read(&session).unwrap(), before);
    // An existing output: kept without --force, replaced with it.
    let otm = dir.path().join("model.otm.json");
    std::fs::write(&otm, "precious").unwrap();
    let o = run_within(
        &["export", s, "-o", otm.to_str().unwrap()],
        Duration::from_secs(20),
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&otm).unwrap(), "precious");
    let o = run_within(
        &["export", s, "-o", otm.to_str().unwrap(), "--force"],
        Duration::from_secs(20),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&otm)
            .unwrap()
            .contains("otmVersion")
    );
    // Import onto its own input is refused too.
    let o = run_within(
        &[
            "import",
            otm.to_str().unwrap(),
            "-o",
            otm.to_str().unwrap(),
            "--force",
        ],
        Duration::from_secs(20),
    );
    assert!(!o.status.success());
    assert!(
        std::fs::read_to_string(&otm)
            .unwrap()
            .contains("otmVersion")
    );
    // No temporary file is left behind by any of this.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("tmp")), "{names:?}");
}

fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/minimal.toml");
    let file = dir.path().join("m.toml");
    std::fs::copy(example, &file).unwrap();
    std::fs::create_dir_all(dir.path().join("home")).unwrap();
    (dir, file)
}

#[test]
fn a_symlink_planted_as_the_lock_file_is_not_written_through() {
    let (dir, file) = workspace();
    let home = dir.path().join("home");
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "my notes").unwrap();
    std::os::unix::fs::symlink(&notes, dir.path().join("m.toml.lock")).unwrap();
    let mut tui = start(&home, dir.path(), &["m.toml"]);
    tui.wait_for("[read-only]");
    tui.wait_for("lock refused: it is a sym");
    tui.send("q");
    tui.wait_exit();
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes");
    assert!(file.exists());
}

#[test]
fn a_session_opened_through_a_symlink_shares_the_lock_and_keeps_the_link() {
    let (dir, file) = workspace();
    let home = dir.path().join("home");
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink(&file, &link).unwrap();
    let mut first = start(&home, dir.path(), &["link.toml"]);
    first.wait_for("✓ saved");
    let mut second = start(&home, dir.path(), &["m.toml"]);
    second.wait_for("[read-only]");
    second.wait_for("being edited by");
    second.send("q");
    second.wait_exit();
    // An edit saved through the link lands in the target; the link stays a link.
    first.send("1");
    first.wait_for("Business Context");
    first.send("g");
    first.send("j");
    first.send("\r");
    first.wait_for("Editing: Enter/Esc finish");
    first.send(" via link");
    first.send("\r");
    first.wait_for("● unsaved");
    first.send("\x13");
    first.wait_for("✓ saved");
    first.send("q");
    first.wait_exit();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read_to_string(&file).unwrap().contains("via link"));
}

/// `report -o FILE` refuses an existing FILE before it reads and builds anything (a large
/// report takes seconds): with a session that cannot be read, the error is still about
/// the output, and the output is kept.
#[test]
fn report_refuses_an_existing_output_before_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.md");
    std::fs::write(&out, "precious").unwrap();
    let missing = dir.path().join("not-yet-written.toml");
    let o = run_within(
        &[
            "report",
            missing.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        Duration::from_secs(20),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious");
}
