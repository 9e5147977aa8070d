//! Crash consistency: SIGKILL at random points of saves never leaves a partial session.

#![cfg(unix)]

use std::process::Command;
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_maestro-tm"))
}

/// 200 kills of `maestro-tm fmt` on a small session at random moments of its run.
#[test]
fn two_hundred_random_kills_during_save_leave_old_or_new() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.toml");
    let mut old = String::from("schema_version = 1\n[session]\ntitle = \"Small\"\n");
    for i in 0..200 {
        old.push_str(&format!(
            "\n[[threats]]\nid = \"TH{i}\"\nname = \"Threat {i}\"\nlayers = [\"L3\"]\nseverity = \"High\"\nlikelihood = \"Likely\"\n"
        ));
    }
    std::fs::write(&file, &old).unwrap();
    let start = Instant::now();
    assert!(bin().arg("fmt").arg(&file).status().unwrap().success());
    let full_run = start.elapsed();
    let new = std::fs::read_to_string(&file).unwrap();
    assert_ne!(new, old);
    let mut rng = fastrand::Rng::with_seed(8);
    let (mut seen_old, mut seen_new) = (0, 0);
    for i in 0..200 {
        std::fs::write(&file, &old).unwrap();
        let mut child = bin().arg("fmt").arg(&file).spawn().unwrap();
        let delay = full_run.mul_f64(rng.f64() * 1.2);
        std::thread::sleep(delay.min(Duration::from_secs(2)));
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
    assert_eq!(seen_old + seen_new, 200);
    // Whatever temp files the kills left are ours and are cleaned up on open.
    maestro_tm::session::storage::remove_stale_temp_files(&file, Duration::ZERO);
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("s.toml")], "{left:?}");
}

/// Kills a process that writes recovery files in a loop (the TUI's autosave path):
/// the recovery file is always absent or a complete session.
#[test]
fn killed_autosave_leaves_absent_or_complete_recovery() {
    let dir = tempfile::tempdir().unwrap();
    let session = dir.path().join("s.toml");
    let recovery = maestro_tm::tui::recovery::recovery_path(&session);
    for i in 0..40 {
        let _ = std::fs::remove_file(&recovery);
        // `fmt` on the recovery path exercises the same atomic writer the autosave uses.
        let text = format!("schema_version = 1\n[session]\ntitle = \"Autosave {i}\"\n");
        std::fs::write(&session, &text).unwrap();
        std::fs::copy(&session, &recovery).unwrap();
        let mut child = bin().arg("fmt").arg(&recovery).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(fastrand::u64(0..3000)));
        let _ = child.kill();
        let _ = child.wait();
        if let Ok(text) = std::fs::read_to_string(&recovery) {
            maestro_tm::session::storage::parse(&recovery, &text)
                .unwrap_or_else(|e| panic!("recovery file incomplete after kill #{i}: {e}"));
        }
    }
}
