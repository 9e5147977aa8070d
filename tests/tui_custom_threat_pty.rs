//! Issue 24, end to end: a threat of the analyst's own, made in the real binary in a
//! pseudo-terminal — added on L3, rated, linked to a component (its form) and to a new
//! mitigation (phase 7), its link followed from the register to the mitigation and back
//! — shows in the register and the heatmap, is saved, and then
//! appears in the Markdown and JSON reports and the OTM export of the saved file.

#![cfg(unix)]
#![allow(dead_code)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

include!("support/tui_harness.rs");

const SESSION: &str = r#"schema_version = 1

[session]
title = "Custom e2e"
catalog_version = "1.0.0"
created = "2026-11-01"
assessed = "2026-11-20"

[business]
risk_tolerance = "Medium"

[[components]]
id = "C1"
name = "Support agent"
kind = "agent"
layers = ["L3"]

[[components]]
id = "C2"
name = "Ticket MCP server"
kind = "tool"
layers = ["L3", "L4"]
"#;

const NAME: &str = "Ticket replay through the MCP server";

fn cli(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_maestro-tm"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_custom_threat_is_rated_linked_and_reaches_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(dir.path().join("custom.toml"), SESSION).unwrap();
    let mut tui = start(&home, dir.path(), &["custom.toml"]);
    tui.wait_for("Custom e2e");

    // Phase 6, layer tab L3, a threat of our own.
    tui.send("6");
    tui.wait_for("Phase 6 · Threat Identification · L1");
    tui.send("\x1b[C\x1b[C");
    tui.wait_for("Phase 6 · Threat Identification · L3");
    tui.send("T");
    tui.wait_for("Editing");
    tui.send(NAME);
    tui.send("\r");
    tui.wait_for("Threat ORG-T1 (Extended) added on L3");
    tui.wait_for("Threat card ORG-T1");

    // Rate it: severity and likelihood up to Medium × Possible.
    tui.send("ssii");
    tui.wait_for("inherent  M Medium");

    // Its form: link the first component.
    tui.send("\r");
    tui.wait_for("Affected components");
    for _ in 0..10 {
        tui.send("\x1b[B");
    }
    tui.send("\r");
    tui.send(" ");
    tui.send("\r");
    tui.wait_for("Affected components        C1");
    tui.send("\x1b");
    tui.wait_for("Components     C1");

    // Phase 7: a new mitigation for it.
    tui.send("7");
    tui.wait_for("ORG-T1 Medium · 0 mit.");
    tui.send("n");
    tui.wait_for("Editing");
    tui.send("Signed, single-use ticket tokens\r");
    tui.wait_for("M-01 Signed, single-use ticket tokens");
    tui.wait_for("ORG-T1 Medium · 1 mit.");

    // The register and the heatmap show it.
    tui.send("6");
    tui.send("r");
    tui.wait_for("ORG-T1");

    // Follow its link to the mitigation (a picker: it has a component too) and back.
    tui.send(">");
    tui.wait_for("Links of threat ORG-T1");
    tui.wait_for("component C1 Support agent");
    tui.wait_for("mitigation M-01 Signed, single-use ticket tokens");
    tui.send("\x1b[B\r");
    tui.wait_for("< returns");
    tui.wait_for("Phase 7");
    tui.wait_gone("Threat register");
    tui.send("<");
    tui.wait_for("Back where you started");
    tui.wait_for("Threat register (1)");
    tui.send("\x1b");
    tui.send("m");
    tui.wait_for("Risk heatmap");
    tui.wait_for("M 1");
    tui.wait_for("ORG-T1");
    tui.send("\x1b");

    // Saved, then every output of the saved file carries it.
    tui.send("\x13");
    tui.wait_for("saved");
    tui.send("q");
    tui.wait_exit();

    let md = cli(dir.path(), &["report", "custom.toml"]);
    assert!(md.contains(&format!("#### ORG-T1: {NAME}")), "{md}");
    assert!(md.contains("| ASI Mapping | Extended |"), "{md}");
    let json: serde_json::Value = serde_json::from_str(&cli(
        dir.path(),
        &["report", "--format", "json", "custom.toml"],
    ))
    .unwrap();
    let threat = json["threat_register"]["threats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "ORG-T1")
        .expect("the JSON register has ORG-T1");
    assert_eq!(threat["name"], NAME);
    assert_eq!(threat["inherent"], "Medium");
    assert_eq!(threat["mitigations"][0], "M-01");
    assert_eq!(threat["components"][0], "Support agent");
    let otm = cli(dir.path(), &["export", "custom.toml"]);
    assert!(otm.contains(NAME), "{otm}");
    assert!(otm.contains("ORG-T1"), "{otm}");
}
