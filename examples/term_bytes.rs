//! Measures the real binary in a pseudo-terminal (issue 9): bytes written per typical
//! keystroke at 80×24, time from start to first frame, idle output and wake-ups, and
//! resident memory with a large session loaded. Prints a Markdown table.
//!
//! ```text
//! cargo build --release --bins --examples
//! cargo run --release --example term_bytes            # sizes 1000 and 10000
//! cargo run --release --example term_bytes -- 100 1000 10000
//! # a binary that shows the session in its first frame (before issue 23, session 9):
//! SESSION_FRAME=1 MAESTRO_TM_BIN=/path/to/old/maestro-tm target/release/examples/term_bytes
//! ```

#[path = "../tests/support/pty_meter.rs"]
mod pty_meter;

use pty_meter::{Meter, write_session};
use std::path::PathBuf;
use std::time::Duration;

fn binary() -> PathBuf {
    if let Ok(path) = std::env::var("MAESTRO_TM_BIN") {
        return path.into();
    }
    // target/<profile>/examples/term_bytes → target/<profile>/maestro-tm
    let exe = std::env::current_exe().expect("own path");
    let bin = exe
        .parent()
        .and_then(|p| p.parent())
        .expect("target dir")
        .join("maestro-tm");
    assert!(
        bin.exists(),
        "{} is missing: run `cargo build --release --bins` first (or set MAESTRO_TM_BIN)",
        bin.display()
    );
    bin
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("sizes are numbers of threats"))
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000]
    } else {
        sizes
    };
    let bin = binary();
    // The frame that shows the session: the second since the file is read behind the
    // first; `SESSION_FRAME=1` measures a binary from before that (issue 23, session 9).
    let session_frame: usize = std::env::var("SESSION_FRAME")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2);
    let dir = tempfile::tempdir().unwrap();
    println!("binary: {}", bin.display());
    println!();
    println!("| threats | measure | value |");
    println!("|---:|---|---:|");
    for threats in sizes {
        let file = write_session(dir.path(), threats);
        // First frame: best of three cold starts. The file is read while the first frame
        // ("Opening FILE…") is drawn; the second frame shows the session.
        let starts: Vec<(Duration, Duration)> = (0..3)
            .map(|_| {
                let m = Meter::start(&bin, dir.path(), &file, 80, 24);
                let first = m.first_frame();
                let session = m.frame(session_frame);
                m.settle(session_frame);
                (first, session)
            })
            .collect();
        let first = starts.iter().map(|s| s.0).min().unwrap();
        let session = starts.iter().map(|s| s.1).min().unwrap();
        let row = |what: &str, value: String| println!("| {threats} | {what} | {value} |");
        row(
            "start → first frame (80×24, best of 3)",
            format!("{:.1} ms", first.as_secs_f64() * 1e3),
        );
        row(
            "start → the session shown (second frame, best of 3)",
            format!("{:.1} ms", session.as_secs_f64() * 1e3),
        );

        let mut m = Meter::start(&bin, dir.path(), &file, 80, 24);
        m.settle(session_frame);
        let first_bytes = m.bytes();
        row("first frame bytes", format!("{first_bytes} B"));
        let (rss, hwm) = m.memory_kib();
        row(
            "resident memory VmRSS / VmHWM",
            format!(
                "{:.1} MiB / {:.1} MiB",
                rss as f64 / 1024.0,
                hwm as f64 / 1024.0
            ),
        );
        let mut key = |what: &str, keys: &str| {
            let bytes = m.keystroke(keys);
            row(what, format!("{bytes} B"));
        };
        key("move selection `j` (phase 1 form)", "j");
        key("move selection `k` (phase 1 form)", "k");
        key("open field for editing `Enter` (phase 1)", "\r");
        key("type one character in the field", "x");
        key("commit the field `Enter`", "\r");
        key("undo `u`", "u");
        key("switch phase `6`", "6");
        key("move selection `j` (phase 6 threats)", "j");
        key("next layer `l` (phase 6)", "l");
        key("switch phase `7`", "7");
        key("move selection `j` (phase 7 mitigations)", "j");
        key("page down (phase 7)", "\x1b[6~");
        key("switch phase `9`", "9");
        key("move selection `j` (phase 9 residuals)", "j");
        let (bytes, wakeups) = m.idle(Duration::from_secs(3));
        row("idle 3 s: bytes written", format!("{bytes} B"));
        row(
            "idle 3 s: context switches (all threads)",
            format!("{wakeups}"),
        );
        let (rss, hwm) = m.memory_kib();
        row(
            "resident memory after the keystrokes VmRSS / VmHWM",
            format!(
                "{:.1} MiB / {:.1} MiB",
                rss as f64 / 1024.0,
                hwm as f64 / 1024.0
            ),
        );
    }
}
