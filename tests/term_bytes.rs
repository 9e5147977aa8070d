//! Issue 9 byte targets, measured on the real binary in a pseudo-terminal at 80×24:
//! moving the selection in a list sends under 1 KiB; an idle second sends nothing.
//! (Time targets are checked by the benchmarks and `examples/term_bytes.rs`, never here.)

#![cfg(target_os = "linux")]

#[path = "support/pty_meter.rs"]
mod pty_meter;

use pty_meter::{Meter, write_session};
use std::path::Path;
use std::time::Duration;

const KIB: usize = 1024;

fn meter(dir: &Path, threats: usize) -> Meter {
    let file = write_session(dir, threats);
    let m = Meter::start(
        Path::new(env!("CARGO_BIN_EXE_maestro-tm")),
        dir,
        &file,
        80,
        24,
    );
    // The first frame says the file is being opened; the second shows the session.
    m.settle(2);
    m
}

#[test]
fn moving_the_selection_sends_under_one_kib() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = meter(dir.path(), 1_000);
    // Phase 1 form rows, then the per-layer threat list of phase 6, then mitigations.
    for (setup, phase) in [("", 1), ("6", 6), ("7", 7)] {
        if !setup.is_empty() {
            m.send(setup);
        }
        for key in ["j", "j", "k"] {
            let bytes = m.keystroke(key);
            assert!(
                bytes < KIB,
                "`{key}` on phase {phase} sent {bytes} bytes (target < {KIB})"
            );
        }
    }
}

#[test]
fn an_idle_second_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let m = meter(dir.path(), 100);
    let (bytes, _wakeups) = m.idle(Duration::from_millis(1_500));
    assert_eq!(bytes, 0, "the idle interface wrote {bytes} bytes");
}

/// Idle means asleep: no thread of the process wakes up while nothing happens (the input
/// thread blocks on the terminal, and the autosave timer only runs after an edit). Before
/// this was so, the input thread polled every 200 ms: about ten wake-ups in two seconds.
#[test]
fn an_idle_process_does_not_wake_up() {
    let dir = tempfile::tempdir().unwrap();
    let m = meter(dir.path(), 100);
    let (bytes, wakeups) = m.idle(Duration::from_millis(2_000));
    assert_eq!(bytes, 0, "the idle interface wrote {bytes} bytes");
    // One stray switch is tolerated (a late page-in of start-up work); a timer is not.
    assert!(
        wakeups <= 1,
        "the idle process woke up {wakeups} times in 2 s (context switches of all threads)"
    );
}
