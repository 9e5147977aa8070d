//! End-to-end test of the planning phases 7–10: the real binary in a pseudo-terminal
//! (harness as in `tui_pty.rs`), on a small session the test writes.

#![cfg(unix)]
#![allow(dead_code)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

include!("support/tui_harness.rs");

const SESSION: &str = r#"schema_version = 1

[session]
title = "Plan e2e"
catalog_version = "1.0.0"
created = "2026-11-01"
assessed = "2026-11-20"

[business]
risk_tolerance = "Medium"

[[threats]]
id = "T-01"
name = "Hijack"
catalog = "T6"
layers = ["L1"]
severity = "Critical"
likelihood = "Very Likely"
"#;

#[test]
fn adopt_implement_and_see_residual_and_gaps_change() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(dir.path().join("plan.toml"), SESSION).unwrap();
    let mut tui = start(&home, dir.path(), &["plan.toml"]);
    tui.wait_for("Plan e2e");
    // Residual before: nothing in place.
    tui.send("9");
    tui.wait_for("Critical → Critical");
    // Phase 7: the Critical threat lacks a Preventive control.
    tui.send("7");
    tui.wait_for("P Crit w/o Prev 1");
    tui.wait_for("N none 1");
    tui.send("j"); // first catalog candidate (Preventive · L1)
    tui.wait_for("Catalog L1-P1");
    tui.send("a");
    tui.wait_for("M-01 adopts L1-P1 for T-01");
    tui.wait_for("P Crit w/o Prev 0");
    tui.wait_for("N none 0");
    // Status and implementation to Implemented.
    tui.send("ss");
    tui.wait_for("Status (s): Implemented");
    tui.send("ii");
    tui.wait_for("Implementation (i): Implemented");
    // The residual view follows.
    tui.send("9");
    tui.wait_for("T-01 Critical → ");
    tui.wait_gone("Critical → Critical");
    tui.send("q");
    tui.wait_for("unsaved");
}
