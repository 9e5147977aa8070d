//! End-to-end tests of the full-screen interface: the real binary in a pseudo-terminal,
//! its output fed to a vt100 emulator whose screen the tests poll for expected text.

#![cfg(unix)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

include!("support/tui_harness.rs");

/// A temp dir with a home and a copy of the minimal example as `model.toml`.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/minimal.toml");
    let file = dir.path().join("model.toml");
    std::fs::copy(example, &file).unwrap();
    std::fs::create_dir_all(dir.path().join("home")).unwrap();
    (dir, file)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn validate(file: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_maestro-tm"))
        .args(["--no-user-catalog", "validate"])
        .arg(file)
        .output()
        .unwrap()
}

/// Focus the Application field of phase 1, edit it, finish with Enter.
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

#[test]
fn open_navigate_edit_save_quit() {
    let (dir, file) = workspace();
    let home = dir.path().join("home");
    let mut tui = start(&home, dir.path(), &["model.toml"]);
    tui.wait_for("✓ saved");
    tui.wait_for("FAQ assistant");
    // Navigate: phase jump, layer tabs, next/previous phase, help.
    tui.send("6");
    tui.wait_for("Phase 6 · Threat Identification · L1");
    tui.send("ll");
    tui.wait_for("Phase 6 · Threat Identification · L3");
    tui.send("]");
    tui.wait_for("Phase 7 · Mitigation Planning");
    tui.send("?");
    tui.wait_for("Esc closes)");
    // Esc followed at once by a key reads as Alt-key: wait for the overlay to close.
    tui.send("\x1b");
    tui.wait_gone("Esc closes)");
    edit_application(&mut tui, " v2");
    tui.send("\x13"); // Ctrl-S
    tui.wait_for("Saved ");
    tui.wait_for("✓ saved");
    tui.send("7");
    tui.wait_for("Phase 7 · Mitigation Planning");
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}");

    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("application = \"FAQ assistant v2\""),
        "{text}"
    );
    let out = validate(&file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        !dir.path().join("model.toml.lock").exists(),
        "lock released"
    );
    assert!(!dir.path().join("model.toml.recovery").exists());

    // Reopening resumes on the phase the analyst left.
    let mut tui = start(&home, dir.path(), &["model.toml"]);
    tui.wait_for("Phase 7 · Mitigation Planning");
    tui.send("q");
    assert!(tui.wait_exit().success());
}

#[test]
fn sighup_autosaves_recovery_and_next_start_offers_it() {
    let (dir, file) = workspace();
    let home = dir.path().join("home");
    let before = std::fs::read_to_string(&file).unwrap();
    let mut tui = start(&home, dir.path(), &["model.toml"]);
    tui.wait_for("✓ saved");
    edit_application(&mut tui, " hup");
    tui.signal("HUP");
    let status = tui.wait_exit();
    assert!(!status.success());
    let raw = tui.raw_output();
    assert!(contains(&raw, b"\x1b[?1049l"), "left the alternate screen");
    assert!(
        contains(&raw, b"\x1b[?2004l"),
        "bracketed paste switched off"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        before,
        "session untouched"
    );
    let recovery = std::fs::read_to_string(dir.path().join("model.toml.recovery")).unwrap();
    assert!(
        recovery.contains("application = \"FAQ assistant hup\""),
        "{recovery}"
    );

    let mut tui = start(&home, dir.path(), &["model.toml"]);
    tui.wait_for("Recover unsaved edits?");
    tui.send("r");
    tui.wait_for("● unsaved");
    tui.wait_for("FAQ assistant hup");
    tui.send("\x13");
    tui.wait_for("✓ saved");
    tui.send("q");
    assert!(tui.wait_exit().success());
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("FAQ assistant hup")
    );
    assert!(
        !dir.path().join("model.toml.recovery").exists(),
        "a clean save removes it"
    );
}

#[test]
fn resize_to_tiny_and_back_does_not_panic() {
    let (dir, _file) = workspace();
    let home = dir.path().join("home");
    let mut tui = start(&home, dir.path(), &["model.toml"]);
    tui.wait_for("Business Context");
    tui.resize(20, 5);
    tui.wait_for("too small");
    tui.resize(1, 1);
    tui.resize(80, 24);
    tui.wait_for("Business Context");
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}\n{}", tui.contents());
}

#[test]
fn start_screen_opens_the_example_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut tui = start(&home, dir.path(), &[]);
    tui.wait_for("Open example (read-only)");
    tui.send("\r");
    tui.wait_for("[read-only]");
    tui.wait_for("Larkspur Assist"); // the fullest example comes first
    tui.wait_for("Phase 1 · Business Context");
    tui.send("q");
    assert!(tui.wait_exit().success());
}

#[test]
fn refuses_full_screen_without_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_maestro-tm"))
        .args(["--no-user-catalog"])
        .env("HOME", dir.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs a terminal"), "{err}");
}

#[test]
fn new_session_wizard_creates_a_valid_session() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut tui = start(&home, dir.path(), &[]);
    tui.wait_for("New session…");
    tui.send("/new");
    tui.wait_for("/new");
    tui.send("\r\r");
    tui.wait_for("Session title");
    tui.send("Payments Agent\r");
    tui.wait_for("payments-agent.toml");
    tui.send("\r");
    tui.wait_for("question 1 of 5");
    tui.send("n");
    tui.wait_for("question 2 of 5");
    tui.send("y");
    tui.wait_for("Full depth");
    tui.send("\r");
    tui.wait_for("Phase 1 · Business Context");
    tui.wait_for("Payments Agent");
    tui.send("q");
    assert!(tui.wait_exit().success());
    let file = dir.path().join("payments-agent.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("depth = \"Full\""), "{text}");
    let out = validate(&file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // It is now a recent session on the start screen.
    let mut tui = start(&home, dir.path(), &[]);
    tui.wait_for("Open recent:");
    tui.send("q");
    assert!(tui.wait_exit().success());
}

#[test]
fn second_instance_is_read_only_and_says_who_holds_the_lock() {
    let (dir, _file) = workspace();
    let home = dir.path().join("home");
    let mut first = start(&home, dir.path(), &["model.toml"]);
    first.wait_for("✓ saved");
    let mut second = start(&home, dir.path(), &["model.toml"]);
    second.wait_for("[read-only]");
    second.wait_for("being edited by");
    second.send("\r");
    second.wait_for("Read-only:");
    second.send("q");
    assert!(second.wait_exit().success());
    first.send("q");
    assert!(first.wait_exit().success());
}

#[test]
fn ctrl_e_edits_the_field_in_the_external_editor() {
    let (dir, file) = workspace();
    let home = dir.path().join("home");
    // A non-interactive "editor" that rewrites the file it is given.
    let editor = "sed -i s/FAQ/Edited/";
    let mut tui = start_with_env(&home, dir.path(), &["model.toml"], &[("VISUAL", editor)]);
    tui.wait_for("✓ saved");
    tui.send("j\r");
    tui.wait_for("Editing: Enter/Esc finish");
    tui.send("\x05"); // Ctrl-E
    tui.wait_for("● unsaved");
    tui.wait_for("Edited assistant");
    tui.send("\x13");
    tui.wait_for("✓ saved");
    tui.send("q");
    assert!(tui.wait_exit().success());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("application = \"Edited assistant\""),
        "{text}"
    );
}

#[test]
fn autosave_tick_writes_recovery_from_config_interval_and_undo_removes_it() {
    let (dir, _file) = workspace();
    let home = dir.path().join("home");
    let config_dir = home.join("config/maestro-tm");
    std::fs::create_dir_all(&config_dir).unwrap();
    std::fs::write(config_dir.join("config.toml"), "autosave_seconds = 1\n").unwrap();
    let recovery = dir.path().join("model.toml.recovery");
    let mut tui = start(&home, dir.path(), &["model.toml"]);
    tui.wait_for("✓ saved");
    edit_application(&mut tui, " tick");
    let deadline = Instant::now() + TIMEOUT;
    while !recovery.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        std::fs::read_to_string(&recovery)
            .unwrap()
            .contains("FAQ assistant tick")
    );
    // Undo back to the saved state: the next tick removes the stale recovery file.
    tui.send("u");
    tui.wait_for("✓ saved");
    let deadline = Instant::now() + TIMEOUT;
    while recovery.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!recovery.exists());
    tui.send("q");
    assert!(tui.wait_exit().success());
}

#[test]
fn malformed_config_still_starts_with_a_message() {
    let (dir, _file) = workspace();
    let home = dir.path().join("home");
    let config_dir = home.join("config/maestro-tm");
    std::fs::create_dir_all(&config_dir).unwrap();
    std::fs::write(config_dir.join("config.toml"), "theme = [broken\n").unwrap();
    let mut tui = start(&home, dir.path(), &["model.toml"]);
    tui.wait_for("using defaults");
    tui.wait_for("Business Context");
    tui.send("q");
    assert!(tui.wait_exit().success());
}

/// Issue 5: mark a threat applicable on L3, rate it High × Likely and see the compact
/// heatmap's cell count change on the same screen; then save and `status` reports it.
#[test]
fn phase6_mark_applicable_rate_and_heatmap_updates() {
    let (dir, file) = workspace();
    let home = dir.path().join("home");
    let mut tui = start(&home, dir.path(), &["model.toml"]);
    tui.wait_for("✓ saved");
    tui.send("6");
    tui.wait_for("Phase 6 · Threat Identification · L1");
    tui.send("ll");
    tui.wait_for("Phase 6 · Threat Identification · L3");
    // The compact heatmap: High × Likely (a Critical cell) is empty at first.
    tui.wait_for("High   ·    ·    ·    ·");
    tui.send("a");
    tui.wait_for("Threat card T-003 created");
    tui.send("sss");
    tui.send("iii");
    tui.wait_for("T-003 High×Likely Critical");
    tui.wait_for("High   ·    ·   1C    ·");
    tui.send("\x13"); // Ctrl-S
    tui.wait_for("✓ saved");
    tui.send("q");
    assert!(tui.wait_exit().success());

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_maestro-tm"))
        .args(["--no-user-catalog", "status"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    let l3: Vec<&str> = text
        .lines()
        .find(|l| l.trim_start().starts_with("L3 "))
        .unwrap_or_else(|| panic!("{text}"))
        .split_whitespace()
        .collect();
    let n = l3.len();
    // … total C H M L unrated components
    assert_eq!(l3[n - 7], "2", "two threats on L3: {text}");
    assert_eq!(l3[n - 6], "1", "one Critical on L3: {text}");
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains("id = \"T-003\""), "{saved}");
    assert!(saved.contains("state = \"Applicable\""), "{saved}");
}

/// Issue 4 end to end: new session, pre-engagement answers, phase 1 fields,
/// three components placed on layers in phase 2, saved and valid.
#[test]
fn new_session_phase_one_and_three_components_on_layers() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut tui = start(&home, dir.path(), &[]);
    tui.wait_for("New session…");
    tui.send("/new");
    tui.wait_for("/new");
    tui.send("\r\r");
    tui.wait_for("Session title");
    tui.send("Claims Agent\r");
    tui.wait_for("claims-agent.toml");
    tui.send("\r");
    tui.wait_for("question 1 of 5");
    tui.send("n");
    tui.wait_for("question 2 of 5");
    tui.send("y");
    tui.wait_for("Full depth");
    tui.send("\r");
    tui.wait_for("Phase 1 · Business Context");
    // Phase 1: application (inline) and data classification (form picker).
    tui.send("gj\r");
    tui.wait_for("Editing: Enter/Esc finish");
    tui.send("Claims triage bot\r");
    tui.wait_for("Claims triage bot");
    tui.send("g");
    tui.send(&"j".repeat(10));
    tui.send("\r");
    tui.wait_for("search:");
    tui.send("conf\r");
    tui.wait_for("Confidential");
    // Phase 2: three components, each on a layer.
    tui.send("2");
    tui.wait_for("Phase 2 · Architecture Analysis");
    for (name, kind, layer) in [
        ("Claims model", "model", "L1"),
        ("Claims store", "data-st", "L2"),
        ("Claims agent", "orch", "L3"),
    ] {
        tui.send("a");
        tui.wait_for("Components · C");
        tui.send("\r");
        tui.send(&format!("{name}\r"));
        tui.wait_for(name);
        tui.send("j\r");
        tui.wait_for("search:");
        tui.send(&format!("{kind}\r"));
        tui.send("j\r");
        tui.wait_for("Space toggle");
        tui.send(layer);
        tui.send(" \r");
        tui.wait_gone("Space toggle");
        tui.send("\x1b");
        tui.wait_gone("Components · C");
    }
    tui.send("\x13");
    tui.wait_for("Saved ");
    tui.send("q");
    assert!(tui.wait_exit().success());
    let file = dir.path().join("claims-agent.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("depth = \"Full\""), "{text}");
    assert!(
        text.contains("application = \"Claims triage bot\""),
        "{text}"
    );
    assert!(
        text.contains("data_classification = \"Confidential\""),
        "{text}"
    );
    for (id, layer) in [("C1", "L1"), ("C2", "L2"), ("C3", "L3")] {
        assert!(text.contains(&format!("id = \"{id}\"")), "{text}");
        assert!(text.contains(&format!("layers = [\"{layer}\"]")), "{text}");
    }
    assert!(text.contains("kind = \"orchestrator\""), "{text}");
    let out = validate(&file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Issue 23: the file named at start is read while the first frame is drawn. A file that
/// does not parse still ends the interface with its place (`FILE:LINE:COL`), printed on
/// the normal screen after the terminal is restored, and exit status 2 (an error, as for
/// every command).
#[test]
fn a_broken_session_given_at_start_is_reported_on_the_normal_screen() {
    let (dir, file) = workspace();
    let home = dir.path().join("home");
    std::fs::write(&file, "schema_version = 1\n[session\ntitle = \"x\"\n").unwrap();
    let mut tui = start(&home, dir.path(), &["model.toml"]);
    let status = tui.wait_exit();
    assert_eq!(status.exit_code(), 2);
    let raw = tui.raw_output();
    let leave = b"\x1b[?1049l";
    let left_at = (0..raw.len().saturating_sub(leave.len()))
        .rev()
        .find(|&i| raw[i..].starts_with(leave))
        .expect("the alternate screen was left");
    assert!(
        contains(&raw[left_at..], b"model.toml:2:"),
        "the error with its place after the terminal is restored: {}",
        String::from_utf8_lossy(&raw[left_at..])
    );
}

/// Keys typed while the start-up file is still being read act on the session once it
/// is open, not on the start screen that shows meanwhile.
#[test]
fn keys_typed_while_the_file_loads_act_on_the_session() {
    let (dir, file) = workspace();
    let home = dir.path().join("home");
    let catalog = maestro_core::catalog::Catalog::embedded();
    let session = maestro_core::synth::generate(
        maestro_core::synth::SynthParams {
            components: 100,
            threats: 3_000,
            seed: 3,
        },
        &catalog,
    );
    let text = maestro_core::session::storage::to_text(&session, &Default::default());
    std::fs::write(&file, text).unwrap();
    let mut tui = start(&home, dir.path(), &["model.toml"]);
    // At once, without waiting for the session.
    tui.send("7");
    tui.wait_for("Phase 7");
    tui.send("q");
    assert!(tui.wait_exit().success());
}
