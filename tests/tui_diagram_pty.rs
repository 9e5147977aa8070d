//! End-to-end test of the diagram screen (issue 18): the real binary in a
//! pseudo-terminal opens the example, shows the data-flow diagram, moves the selection
//! to a flow, opens its record with Enter, changes it, and comes back to a diagram that
//! already shows the change.

#![cfg(unix)]
// The shared harness has helpers this test does not use.
#![allow(dead_code)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

include!("support/tui_harness.rs");

#[test]
fn diagram_selects_a_flow_opens_it_and_shows_its_change() {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/minimal.toml");
    let file: PathBuf = dir.path().join("model.toml");
    std::fs::copy(example, &file).unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();

    let mut tui = start(&home, dir.path(), &["model.toml"]);
    tui.wait_for("✓ saved");
    tui.send("5");
    tui.wait_for("Phase 5");
    tui.send("V");
    tui.wait_for("[Data flows]");
    tui.wait_for("Docs vector store");
    // The first box is selected; the flow below it is the next item down.
    tui.wait_for("Component C1 · FAQ agent");
    tui.send("j");
    tui.wait_for("Flow F1 · C1 → C2 · HTTPS");
    tui.send("\r");
    tui.wait_for("Data flows · F1");
    // From, To, Data: edit the data the flow carries.
    tui.send("jj\r");
    tui.wait_for("Retrieval queries▏");
    tui.send(" v2\r");
    tui.wait_for("● unsaved");
    tui.send("\x1b");
    // Back on the diagram, whose first frame already carries the new label: the key
    // line is on the frame's bottom border, drawn after the rows above it.
    tui.wait_for("Tab diagram");
    let screen = tui.contents();
    assert!(
        screen.contains("Retrieval queries v2"),
        "the diagram shows the edited flow:\n{screen}"
    );
    tui.send("\x13");
    tui.wait_for("✓ saved");
    tui.send("q");
    assert!(tui.wait_exit().success());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("data = \"Retrieval queries v2\""), "{text}");
}
