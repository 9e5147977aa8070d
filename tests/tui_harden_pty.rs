//! End-to-end tests of issue #8's hardening in the full-screen interface: the real
//! binary in a pseudo-terminal (harness as in `tui_pty.rs`). Two processes on one
//! session, a stale lock taken over, a file changed on disk before a save, and a save
//! that fails, then succeeds elsewhere with "save as".

#![cfg(unix)]
#![allow(dead_code)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

include!("support/tui_harness.rs");

const CTRL_S: &str = "\x13";
const CTRL_O: &str = "\x0f";
const BACKSPACE: &str = "\x7f";

/// A temp dir with a home and a copy of the minimal example as `model.toml`.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/minimal.toml");
    let file = dir.path().join("model.toml");
    std::fs::copy(example, &file).unwrap();
    std::fs::create_dir_all(dir.path().join("home")).unwrap();
    (dir, file)
}

/// Focus the Application field of phase 1, append to it, finish with Enter.
fn edit_application(tui: &mut Tui, appended: &str) {
    tui.send("1");
    tui.wait_for("Business Context");
    tui.send("g");
    tui.send("j");
    tui.send("\r");
    tui.wait_for("Editing: Enter/Esc finish");
    tui.send(appended);
    tui.send("\r");
    tui.wait_for("● unsaved");
}

/// Replaces the text of the one-line field being edited.
fn retype(tui: &mut Tui, text: &str) {
    tui.send(&BACKSPACE.repeat(120));
    tui.send(text);
}

/// The pid named in a session's lock file.
fn lock_pid(session: &Path) -> Option<u32> {
    let mut name = session.file_name().unwrap().to_os_string();
    name.push(".lock");
    let text = std::fs::read_to_string(session.with_file_name(name)).ok()?;
    let line = text.lines().find(|l| l.starts_with("pid"))?;
    line.split('=').nth(1)?.trim().parse().ok()
}

fn quit_discarding(tui: &mut Tui) {
    tui.send("q");
    tui.wait_for("Unsaved changes");
    tui.send("d");
    tui.wait_exit();
}

/// Some external program rewrote the file (a `git pull`): same records, one changed.
fn pull_change(file: &Path) -> String {
    let theirs = std::fs::read_to_string(file)
        .unwrap()
        .replace("Customer support", "Customer care");
    std::fs::write(file, &theirs).unwrap();
    theirs
}

#[test]
fn second_process_is_read_only_and_names_the_holder() {
    let (dir, file) = workspace();
    let home = dir.path().join("home");
    let mut first = start(&home, dir.path(), &["model.toml"]);
    first.wait_for("✓ saved");
    let first_pid = first.child.process_id().unwrap();
    assert_eq!(lock_pid(&file), Some(first_pid));
    let mut second = start(&home, dir.path(), &["model.toml"]);
    second.wait_for("[read-only]");
    second.wait_for("being edited by");
    second.wait_for(&format!("(pid {first_pid})"));
    // No stale-lock question for a live holder.
    assert!(!second.contents().contains("Stale lock"));
    // Saving is refused and points at "save as"; the lock still names the first.
    second.send(CTRL_S);
    second.wait_for("^O saves a copy");
    second.send("q");
    assert!(second.wait_exit().success());
    assert_eq!(
        lock_pid(&file),
        Some(first_pid),
        "the holder keeps its lock"
    );
    first.send("q");
    assert!(first.wait_exit().success());
}

#[test]
fn stale_lock_of_a_dead_process_is_taken_over_and_saved() {
    let (dir, file) = workspace();
    let home = dir.path().join("home");
    // A lock file naming a process of this host that has exited (as after a crash).
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .unwrap();
    let lock = format!(
        "user = \"ana\"\nhost = \"{}\"\npid = {dead}\nsince = 1700000000\n",
        host.trim()
    );
    std::fs::write(dir.path().join("model.toml.lock"), &lock).unwrap();

    let mut tui = start(&home, dir.path(), &["model.toml"]);
    tui.wait_for("Stale lock");
    tui.wait_for(&format!("pid {dead} since 2023-11-14 22:13 UTC"));
    tui.wait_for("no longer running");
    // Until the analyst decides the lock file stays as it was.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("model.toml.lock")).unwrap(),
        lock
    );
    tui.send("t");
    tui.wait_gone("Stale lock");
    tui.wait_for("Lock taken over");
    tui.wait_gone("[read-only]");
    let pid = tui.child.process_id().unwrap();
    assert_eq!(
        lock_pid(&file),
        Some(pid),
        "the lock names this process now"
    );
    edit_application(&mut tui, " taken");
    tui.send(CTRL_S);
    tui.wait_for("✓ saved");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("application = \"FAQ assistant taken\"")
    );
    assert_eq!(lock_pid(&file), Some(pid));
    tui.send("q");
    assert!(tui.wait_exit().success());
    assert!(!dir.path().join("model.toml.lock").exists(), "released");
}

#[test]
fn external_change_then_overwrite_keeps_my_version() {
    let (dir, file) = workspace();
    let home = dir.path().join("home");
    // A short autosave tick: the change is noticed before the save, too.
    let config_dir = home.join("config/maestro-tm");
    std::fs::create_dir_all(&config_dir).unwrap();
    std::fs::write(config_dir.join("config.toml"), "autosave_seconds = 1\n").unwrap();
    let mut tui = start(&home, dir.path(), &["model.toml"]);
    tui.wait_for("✓ saved");
    edit_application(&mut tui, " mine");
    let theirs = pull_change(&file);
    tui.wait_for("model.toml changed on disk (git pull?)");
    tui.send(CTRL_S);
    tui.wait_for("File changed on disk");
    tui.wait_for("1 change from the version you opened");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), theirs, "not yet");
    tui.send("o");
    tui.wait_gone("File changed on disk");
    tui.wait_for("✓ saved");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("application = \"FAQ assistant mine\""),
        "{text}"
    );
    assert!(!text.contains("Customer care"), "{text}");
    tui.send("q");
    assert!(tui.wait_exit().success());
}

#[test]
fn external_change_then_save_as_leaves_theirs_in_place() {
    let (dir, file) = workspace();
    let home = dir.path().join("home");
    let mut tui = start(&home, dir.path(), &["model.toml"]);
    tui.wait_for("✓ saved");
    edit_application(&mut tui, " mine");
    let theirs = pull_change(&file);
    tui.send(CTRL_S);
    tui.wait_for("File changed on disk");
    tui.send("s");
    tui.wait_for("Save as: Enter save");
    retype(&mut tui, "mine.toml");
    tui.wait_for("mine.toml");
    tui.send("\r");
    tui.wait_for("Saved as");
    tui.wait_for("✓ saved");
    let copy = dir.path().join("mine.toml");
    let text = std::fs::read_to_string(&copy).unwrap();
    assert!(
        text.contains("application = \"FAQ assistant mine\""),
        "{text}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        theirs,
        "theirs kept"
    );
    // The copy is the session now: its lock is held, the old one released.
    let pid = tui.child.process_id().unwrap();
    assert_eq!(lock_pid(&copy), Some(pid));
    assert!(!dir.path().join("model.toml.lock").exists());
    // Further saves go to the copy, without a question.
    edit_application(&mut tui, " 2");
    tui.send(CTRL_S);
    tui.wait_for("✓ saved");
    assert!(
        std::fs::read_to_string(&copy)
            .unwrap()
            .contains("FAQ assistant mine 2")
    );
    tui.send("q");
    assert!(tui.wait_exit().success());
}

#[test]
fn failed_save_keeps_edits_and_save_as_elsewhere_succeeds() {
    let (dir, _) = workspace();
    let home = dir.path().join("home");
    let project = dir.path().join("project");
    std::fs::create_dir(&project).unwrap();
    std::fs::rename(dir.path().join("model.toml"), project.join("model.toml")).unwrap();
    let mut tui = start(&home, dir.path(), &["project/model.toml"]);
    tui.wait_for("✓ saved");
    edit_application(&mut tui, " kept");
    // The directory becomes unwritable. Tests run as root, for whom a read-only mode
    // (chmod) does not stop writes; a regular file where the directory was does
    // (ENOTDIR), for root as for anyone: move the directory away, put a file there.
    std::fs::rename(&project, dir.path().join("project.away")).unwrap();
    std::fs::write(&project, "").unwrap();
    tui.send(CTRL_S);
    tui.wait_for("Not saved");
    tui.wait_for("Could not write project/model.toml: Not a directory");
    tui.wait_for("Your edits are kept");
    // Nothing was lost: still unsaved in memory; the other window's file is untouched.
    tui.wait_for("● unsaved");
    let away = dir.path().join("project.away/model.toml");
    assert!(!std::fs::read_to_string(&away).unwrap().contains("kept"));
    // Save as, from the dialog, into a writable directory.
    tui.send("s");
    tui.wait_for("Save as: Enter save");
    retype(&mut tui, "elsewhere.toml");
    tui.send("\r");
    tui.wait_for("Saved as");
    tui.wait_for("✓ saved");
    let saved = std::fs::read_to_string(dir.path().join("elsewhere.toml")).unwrap();
    assert!(
        saved.contains("application = \"FAQ assistant kept\""),
        "{saved}"
    );
    tui.send("q");
    assert!(tui.wait_exit().success());
}

#[test]
fn full_disk_save_fails_cleanly_and_keeps_edits() {
    // A full disk as root, without mounting anything: a file-size limit (RLIMIT_FSIZE)
    // of one 512-byte block makes every write past it fail, as ENOSPC would, with
    // EFBIG ("File too large"); SIGXFSZ is ignored so the write returns the error
    // instead of killing the process. The session (2 KB) was read before; the lock file
    // and the state files stay under the limit.
    let (dir, file) = workspace();
    let home = dir.path().join("home");
    let before = std::fs::read_to_string(&file).unwrap();
    let wrapper = [
        "/bin/sh",
        "-c",
        "trap '' XFSZ; ulimit -f 1; exec \"$@\"",
        "sh",
    ];
    let mut tui = start_wrapped(&home, dir.path(), &wrapper, &["model.toml"]);
    tui.wait_for("✓ saved");
    edit_application(&mut tui, " kept");
    tui.send(CTRL_S);
    tui.wait_for("Not saved");
    tui.wait_for("File too large");
    tui.wait_for("Your edits are kept");
    tui.send("\x1b");
    // (Wait for Esc to act: an Esc followed at once by a key reads as Alt+key.)
    tui.wait_gone("[s] save as…");
    tui.wait_for("your edits are kept");
    tui.wait_for("● unsaved");
    // The old version is intact and no partial temp file is left beside it.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "partial files left: {leftovers:?}");
    // The edit is still there to save once space is back.
    tui.send("1");
    tui.wait_for("FAQ assistant kept");
    quit_discarding(&mut tui);
}

#[test]
fn embedded_example_saved_as_becomes_editable() {
    let (dir, _) = workspace();
    let home = dir.path().join("home");
    let mut tui = start(&home, dir.path(), &[]);
    tui.wait_for("Open example (read-only)");
    tui.send("\r");
    tui.wait_for("[read-only]");
    tui.send(CTRL_O);
    tui.wait_for("Save as: Enter save");
    retype(&mut tui, "~/own.toml");
    tui.send("\r");
    tui.wait_for("Saved as");
    tui.wait_gone("[read-only]");
    let own = home.join("own.toml");
    assert!(own.exists(), "~ is the home directory");
    edit_application(&mut tui, " own");
    tui.send(CTRL_S);
    tui.wait_for("✓ saved");
    assert!(std::fs::read_to_string(&own).unwrap().contains(" own\""));
    quit_or_exit(&mut tui);
}

fn quit_or_exit(tui: &mut Tui) {
    tui.send("q");
    assert!(tui.wait_exit().success());
}

/// Issue #17, L4: the session's folder cannot take the recovery file (a directory is in
/// the way of its temporary file: as root, permissions cannot make a folder
/// unwritable). The status line says so at the first autosave; a hang-up writes the
/// edits to the fallback file in the state directory; the next open offers them.
#[test]
fn failed_autosave_is_said_and_hang_up_keeps_edits_in_the_state_directory() {
    let (dir, file) = workspace();
    let home = dir.path().join("home");
    let config = home.join("config/maestro-tm");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "autosave_seconds = 1\n").unwrap();
    let blocker = dir.path().join(".model.toml.recovery.tmp~");
    std::fs::create_dir(&blocker).unwrap();
    let before = std::fs::read_to_string(&file).unwrap();

    let mut tui = start(&home, dir.path(), &["model.toml"]);
    tui.wait_for("✓ saved");
    edit_application(&mut tui, " 1");
    tui.wait_for("autosave failed, edits kept in ~/state/maestro-tm/recovery/model.toml-");
    // A second edit, then the connection drops before the next autosave.
    edit_application(&mut tui, " 2");
    tui.wait_for("FAQ assistant 1 2");
    tui.wait_gone("Editing: Enter/Esc finish");
    tui.signal("HUP");
    let status = tui.wait_exit();
    assert!(!status.success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    assert!(!dir.path().join("model.toml.recovery").exists());
    let fallback_dir = home.join("state/maestro-tm/recovery");
    let fallbacks: Vec<PathBuf> = std::fs::read_dir(&fallback_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(fallbacks.len(), 1, "{fallbacks:?}");
    let kept = std::fs::read_to_string(&fallbacks[0]).unwrap();
    assert!(kept.contains("FAQ assistant 1 2"), "{kept}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&fallbacks[0]), 0o600);
        assert_eq!(mode(&fallback_dir), 0o700);
    }

    // Space is back: the next open offers the edits, and a save removes the fallback.
    std::fs::remove_dir(&blocker).unwrap();
    let mut tui = start(&home, dir.path(), &["model.toml"]);
    tui.wait_for("Recover unsaved edits?");
    tui.wait_for("unsaved edits found in");
    tui.send("r");
    tui.wait_gone("Recover unsaved edits?");
    tui.wait_for("FAQ assistant 1 2");
    tui.send(CTRL_S);
    tui.wait_for("Saved");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("FAQ assistant 1 2")
    );
    assert!(
        !fallbacks[0].exists(),
        "the fallback is removed by the save"
    );
    tui.send("q");
    assert!(tui.wait_exit().success());
}
