//! End to end: a session with merge conflicts opens on the "Resolve conflicts" view; one
//! field resolved "theirs", one typed by hand, saved: the conflicts are gone.

#![cfg(unix)]
// The shared harness has helpers this file does not use.
#![allow(dead_code)]

use maestro_tm::merge::{Labels, merge};
use maestro_tm::session::storage;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

include!("support/tui_harness.rs");

/// `model.toml`: the minimal example merged with two fields changed both ways.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("home")).unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/minimal.toml");
    let base = storage::load(&example).unwrap();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.session.business.domain = "Support (ours)".into();
    theirs.session.business.domain = "Support (theirs)".into();
    ours.session.session.scope = "Scope of ours".into();
    theirs.session.session.scope = "Scope of theirs".into();
    let labels = Labels {
        ours: "main".into(),
        theirs: "feature".into(),
        date: "2026-12-05".into(),
    };
    let mut merged = base.clone();
    merged.session = merge(&base.session, &ours.session, &theirs.session, &labels)
        .unwrap()
        .session;
    assert_eq!(merged.session.conflicts.len(), 2);
    let file = dir.path().join("model.toml");
    storage::save(&file, &merged).unwrap();
    (dir, file)
}

#[test]
fn conflicts_open_resolve_theirs_and_edit_then_save() {
    let (dir, file) = workspace();
    let home = dir.path().join("home");
    let mut tui = start(&home, dir.path(), &["model.toml"]);
    tui.wait_for("Resolve merge conflicts (2)");
    tui.wait_for("business · domain");
    tui.wait_for("theirs (feature): Support (theirs)");
    tui.send("t");
    tui.wait_for("Resolve merge conflicts (1)");
    tui.wait_for("session · scope");
    tui.send("e");
    tui.send(" and more");
    tui.send("\r");
    tui.wait_for("All merge conflicts resolved");
    tui.send("\x13"); // Ctrl-S
    tui.wait_for("Saved ");
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}");

    let saved = storage::load(&file).unwrap().session;
    assert!(saved.conflicts.is_empty());
    assert_eq!(saved.business.domain, "Support (theirs)");
    assert_eq!(saved.session.scope, "Scope of ours and more");
    let validate = std::process::Command::new(env!("CARGO_BIN_EXE_maestro-tm"))
        .args(["--no-user-catalog", "validate"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(validate.status.success(), "{validate:?}");
}
