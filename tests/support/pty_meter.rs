//! Runs the real binary in a pseudo-terminal and measures what it writes: bytes per
//! keystroke, time to the first frame, idle output, wake-ups and resident memory.
//! Shared by `tests/term_bytes.rs` (byte targets) and `examples/term_bytes.rs` (table).
#![allow(dead_code)]

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// End of a synchronized update: the runtime closes every frame with it.
pub const FRAME_END: &[u8] = b"\x1b[?2026l";

/// Output is considered settled after this long without a byte.
const QUIET: Duration = Duration::from_millis(250);
const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Meter {
    pub child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    /// Every byte written by the program, with the time the last chunk arrived.
    raw: Arc<Mutex<(Vec<u8>, Instant)>>,
    pub started: Instant,
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

impl Meter {
    /// Starts `binary --no-user-catalog FILE` at `cols`×`rows` with HOME and the XDG
    /// dirs inside `home`.
    pub fn start(binary: &Path, home: &Path, file: &Path, cols: u16, rows: u16) -> Meter {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(binary);
        cmd.arg("--no-user-catalog");
        cmd.arg(file);
        cmd.cwd(home);
        cmd.env("HOME", home);
        for (var, dir) in [
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_STATE_HOME", "state"),
            ("XDG_CACHE_HOME", "cache"),
        ] {
            cmd.env(var, home.join(dir));
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let raw = Arc::new(Mutex::new((Vec::new(), started)));
        let raw2 = raw.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut raw = raw2.lock().unwrap();
                raw.0.extend_from_slice(&buf[..n]);
                raw.1 = Instant::now();
            }
        });
        Meter {
            child,
            _master: pair.master,
            writer,
            raw,
            started,
        }
    }

    pub fn bytes(&self) -> usize {
        self.raw.lock().unwrap().0.len()
    }

    pub fn frames(&self) -> usize {
        count(&self.raw.lock().unwrap().0, FRAME_END)
    }

    /// Time from spawn to the end of the first frame.
    pub fn first_frame(&self) -> Duration {
        self.frame(1)
    }

    /// Time from spawn to the end of the `n`th frame (the last output seen then).
    pub fn frame(&self, n: usize) -> Duration {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            {
                let raw = self.raw.lock().unwrap();
                if count(&raw.0, FRAME_END) >= n {
                    return raw.1 - self.started;
                }
            }
            assert!(Instant::now() < deadline, "no frame {n}");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Waits until `frames` frames have ended and the output has been quiet for a while.
    pub fn settle(&self, frames: usize) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            {
                let raw = self.raw.lock().unwrap();
                if count(&raw.0, FRAME_END) >= frames && raw.1.elapsed() >= QUIET {
                    return;
                }
            }
            assert!(Instant::now() < deadline, "output never settled");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Sends `keys` and returns the bytes written in answer (one frame expected).
    pub fn keystroke(&mut self, keys: &str) -> usize {
        self.settle(1);
        let (before, frames) = (self.bytes(), self.frames());
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        self.settle(frames + 1);
        self.bytes() - before
    }

    /// Sends keys and waits for their frame without measuring (set-up steps).
    pub fn send(&mut self, keys: &str) {
        self.keystroke(keys);
    }

    /// Bytes written and context switches (all threads) over `period` without input.
    pub fn idle(&self, period: Duration) -> (usize, u64) {
        self.settle(1);
        let before = (self.bytes(), self.context_switches());
        std::thread::sleep(period);
        (
            self.bytes() - before.0,
            self.context_switches().saturating_sub(before.1),
        )
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("child has a pid")
    }

    /// Voluntary + involuntary context switches of every thread: each one is a wake-up.
    pub fn context_switches(&self) -> u64 {
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{}/task", self.pid())) else {
            return 0;
        };
        tasks
            .flatten()
            .filter_map(|t| std::fs::read_to_string(t.path().join("status")).ok())
            .flat_map(|status| {
                status
                    .lines()
                    .filter(|l| l.contains("ctxt_switches"))
                    .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                    .collect::<Vec<_>>()
            })
            .sum()
    }

    /// (VmRSS, VmHWM) in KiB.
    pub fn memory_kib(&self) -> (u64, u64) {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
                .unwrap_or(0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

impl Drop for Meter {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Writes a synthetic session of `threats` threats to `dir/model-N.toml`.
pub fn write_session(dir: &Path, threats: usize) -> std::path::PathBuf {
    let catalog = maestro_tm::catalog::Catalog::embedded();
    let session = maestro_tm::synth::generate(
        maestro_tm::synth::SynthParams {
            components: (threats / 20).max(10),
            threats,
            seed: 42,
        },
        &catalog,
    );
    let path = dir.join(format!("model-{threats}.toml"));
    let text = maestro_tm::session::storage::to_text(&session, &Default::default());
    std::fs::write(&path, text).unwrap();
    path
}
