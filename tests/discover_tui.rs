//! End-to-end test of "Discover from source tree…" (issue 20): the real binary in a
//! pseudo-terminal reviews a fixture tree — accepts one proposal, rejects one, edits
//! one — saves, and the saved session holds exactly the accepted ones with their
//! evidence, and `validate` accepts it.

#![cfg(unix)]
#![allow(dead_code)] // the shared harness has helpers this test does not use

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

include!("support/tui_harness.rs");

/// Ctrl-A (start of line) then Ctrl-K (delete to the end): empties a text field.
const CLEAR_LINE: &str = "\x01\x0b";

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/discover/langgraph");

#[test]
fn review_accept_reject_edit_then_save_and_validate() {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/minimal.toml");
    let file = dir.path().join("model.toml");
    std::fs::copy(example, &file).unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let before =
        maestro_tm::session::storage::parse(&file, &std::fs::read_to_string(&file).unwrap())
            .unwrap()
            .session
            .components
            .len();

    let mut tui = start(&home, dir.path(), &["model.toml"]);
    tui.wait_for("✓ saved");
    tui.send("2");
    tui.wait_for("Phase 2");
    tui.send("D");
    tui.wait_for("Discover from source tree");
    // The prompt holds the session's folder: clear the whole line (Ctrl-A to its
    // start, Ctrl-K to its end), whatever its length, then type the fixture's.
    tui.send(CLEAR_LINE);
    tui.send(FIXTURE);
    tui.wait_for("langgraph");
    tui.send("\r");
    tui.wait_for("Discovery ·");
    tui.wait_for("9 to review");
    // The first three items: OpenAI (L1), Checkpointer and Chroma (L2).
    tui.send("a");
    tui.wait_for("1 accepted");
    tui.send("r");
    tui.wait_for("1 rejected");
    tui.send("e");
    tui.wait_for("Edit the proposal");
    tui.send("\r");
    tui.send(CLEAR_LINE);
    tui.send("Docs store");
    tui.send("\r");
    tui.wait_for("Name:   Docs store");
    tui.send("\x1b");
    tui.wait_gone("Edit the proposal");
    tui.wait_for("2 accepted");
    tui.send("w");
    tui.wait_for("Added 2 components");
    tui.send("\x13"); // Ctrl-S
    tui.wait_for("Saved ");
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}");

    let saved =
        maestro_tm::session::storage::parse(&file, &std::fs::read_to_string(&file).unwrap())
            .unwrap()
            .session;
    let added = &saved.components[before..];
    let names: Vec<&str> = added.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["OpenAI", "Docs store"], "exactly the accepted ones");
    assert!(!saved.components.iter().any(|c| c.name == "Checkpointer"));
    for c in added {
        let kept = saved
            .discovery
            .evidence
            .iter()
            .find(|e| e.record == c.id)
            .unwrap_or_else(|| panic!("{} keeps no evidence", c.id));
        assert!(
            kept.evidence
                .iter()
                .any(|e| e.file.starts_with("app/") && e.line.is_some()),
            "{kept:?}"
        );
    }
    let rejected = saved
        .discovery
        .seen
        .iter()
        .find(|s| s.name == "Checkpointer")
        .expect("the rejected proposal is remembered");
    assert!(!rejected.accepted);

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_maestro-tm"))
        .args(["--no-user-catalog", "validate"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

const WEATHER: &str = r#"schema_version = 1

[session]
title = "Weather MCP"
catalog_version = "1.0.0"
created = "2026-11-01"

[[threats]]
id = "T-01"
name = "Exposed tool server"
catalog = "T4"
layers = ["L4"]
severity = "High"
likelihood = "Likely"

[[mitigations]]
id = "M-01"
name = "Network Segmentation"
catalog = "L4-P2"
kind = "Preventive"
addresses = ["T-01"]
"#;

/// Phase 8: `C` runs the code checks on the source root, the card of the mitigation a
/// hit contradicts lists it with the threat it concerns, `y` makes it evidence.
#[test]
fn phase_8_code_check_hit_confirmed_as_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let file = dir.path().join("weather.toml");
    std::fs::write(&file, WEATHER).unwrap();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/discover/mcp-python");

    let mut tui = start(&home, dir.path(), &["weather.toml"]);
    tui.wait_for("Weather MCP");
    tui.send("8");
    tui.wait_for("Code checks (C): not run");
    tui.send("r");
    tui.send(CLEAR_LINE);
    tui.send(fixture);
    tui.wait_for("mcp-python");
    tui.send("\r");
    tui.send("C");
    tui.wait_for("Code checks: against M-01 (1)");
    // Into the card (→), down past its six values (implementation, artifact, gaps,
    // tests, anti-patterns, priority) to the hit.
    tui.send("ljjjjjj");
    tui.wait_for("concern T-01");
    tui.send("y");
    tui.wait_for("Evidence against added to M-01");
    tui.send("\x13"); // Ctrl-S
    tui.wait_for("Saved ");
    tui.send("q");
    assert!(tui.wait_exit().success());

    let saved =
        maestro_tm::session::storage::parse(&file, &std::fs::read_to_string(&file).unwrap())
            .unwrap()
            .session;
    let finding = saved
        .validations
        .iter()
        .find(|v| v.mitigation == "M-01")
        .expect("a finding for M-01");
    assert_eq!(finding.evidence.len(), 1, "{finding:?}");
    assert_eq!(finding.evidence[0].file, "server.py");
    assert_eq!(finding.evidence[0].line, Some(25));
    assert!(finding.evidence[0].note.contains("(against)"));
    assert_eq!(finding.anti_patterns.len(), 1);
}
