//! One channel for everything the main loop waits on: terminal input (read on a
//! std thread), signals (signal-hook) and the autosave tick.
//!
//! Idle costs nothing: the input thread blocks in crossterm's own `poll` (terminal and
//! SIGWINCH) with no timeout, and the autosave timer only runs while an edit is waiting
//! to be autosaved ([`Events::arm_autosave`]). To pause reading (external editor,
//! suspend), [`Events::pause`] raises SIGWINCH, which crossterm answers with a resize
//! event: the blocked read returns and the thread sees the pause request. Crossterm stays
//! the only reader of the terminal, so no byte or resize can fall between two readers.

use ratatui::crossterm::event::{self, Event};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGWINCH};
use signal_hook::iterator::Signals;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How long one blocking read waits; only bounds a wake-up per day while idle.
const FOREVER: Duration = Duration::from_secs(24 * 60 * 60);

#[derive(Debug)]
pub enum Message {
    Input(Event),
    /// Reading the terminal failed (e.g. the SSH connection is gone): fatal.
    InputError(String),
    Signal(i32),
    Tick,
    /// The session file named at start, read in the background while the first frame
    /// is drawn (see `tui::run`), with the fingerprint of the bytes read.
    Loaded(
        Box<
            anyhow::Result<(
                crate::session::storage::Document,
                crate::session::watch::Fingerprint,
            )>,
        >,
    ),
}

pub struct Events {
    pub rx: Receiver<Message>,
    /// For threads of the main loop's own (the start-up load).
    tx: Sender<Message>,
    input: InputControl,
    autosave: Arc<Timer>,
    signals: signal_hook::iterator::Handle,
}

/// How the main thread stops and restarts the input thread.
struct InputControl {
    paused: Arc<AtomicBool>,
    /// The input thread says it is idle (after a pause request).
    idle: Receiver<()>,
    resume: SyncSender<()>,
}

/// A one-shot timer: armed after an edit, it sends one `Tick` after the delay.
struct Timer {
    due: Mutex<Option<Instant>>,
    changed: Condvar,
}

impl Events {
    pub fn start(autosave: Duration) -> std::io::Result<Events> {
        let (tx, rx) = channel();
        let input = spawn_input(tx.clone())?;
        let mut signals = Signals::new([SIGHUP, SIGTERM, SIGQUIT, SIGINT])?;
        let handle = signals.handle();
        let signal_tx = tx.clone();
        thread::spawn(move || {
            for signal in signals.forever() {
                if signal_tx.send(Message::Signal(signal)).is_err() {
                    break;
                }
            }
        });
        let timer = Arc::new(Timer {
            due: Mutex::new(None),
            changed: Condvar::new(),
        });
        spawn_timer(tx.clone(), timer.clone(), autosave);
        Ok(Events {
            rx,
            tx,
            input,
            autosave: timer,
            signals: handle,
        })
    }

    /// A sender into the main loop's queue.
    pub fn sender(&self) -> Sender<Message> {
        self.tx.clone()
    }

    /// Starts the autosave delay unless it is already running: one `Tick` follows
    /// after the configured seconds. Without edits nothing wakes the process.
    pub fn arm_autosave(&self) {
        let mut due = self.autosave.due.lock().unwrap_or_else(|e| e.into_inner());
        if due.is_none() {
            *due = Some(Instant::now());
            self.autosave.changed.notify_one();
        }
    }

    /// Stops reading input and waits until the input thread has let go of the terminal.
    pub fn pause(&self) {
        let c = &self.input;
        c.paused.store(true, Ordering::SeqCst);
        // Wakes crossterm's blocking poll (it reports a resize, which is harmless).
        let _ = signal_hook::low_level::raise(SIGWINCH);
        // The thread may have ended (input error): then it is idle anyway.
        let _ = c.idle.recv_timeout(Duration::from_secs(2));
    }

    pub fn resume(&self) {
        self.input.paused.store(false, Ordering::SeqCst);
        let _ = self.input.resume.try_send(());
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        self.signals.close();
    }
}

fn spawn_timer(tx: Sender<Message>, timer: Arc<Timer>, delay: Duration) {
    thread::spawn(move || {
        let mut due = timer.due.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            match *due {
                // Disarmed: sleep until an edit arms the timer (no wake-ups while idle).
                None => {
                    due = timer.changed.wait(due).unwrap_or_else(|e| e.into_inner());
                }
                Some(armed) => {
                    let elapsed = armed.elapsed();
                    if elapsed < delay {
                        due = timer
                            .changed
                            .wait_timeout(due, delay - elapsed)
                            .unwrap_or_else(|e| e.into_inner())
                            .0;
                        continue;
                    }
                    *due = None;
                    if tx.send(Message::Tick).is_err() {
                        break;
                    }
                }
            }
        }
    });
}

fn spawn_input(tx: Sender<Message>) -> std::io::Result<InputControl> {
    let paused = Arc::new(AtomicBool::new(false));
    let (idle_tx, idle) = sync_channel(1);
    let (resume, resume_rx) = sync_channel(1);
    let thread_paused = paused.clone();
    thread::spawn(move || input_loop(&tx, &thread_paused, &idle_tx, &resume_rx));
    Ok(InputControl {
        paused,
        idle,
        resume,
    })
}

fn input_loop(
    tx: &Sender<Message>,
    paused: &AtomicBool,
    idle: &SyncSender<()>,
    resume: &Receiver<()>,
) {
    loop {
        if paused.load(Ordering::SeqCst) {
            let _ = idle.try_send(());
            // Blocks until `resume` (no wake-ups while the editor runs).
            if resume.recv().is_err() {
                return;
            }
            continue;
        }
        let message = match event::poll(FOREVER) {
            Ok(false) => continue,
            Ok(true) => match event::read() {
                Ok(e) => Message::Input(e),
                Err(e) => Message::InputError(e.to_string()),
            },
            Err(e) => Message::InputError(e.to_string()),
        };
        let fatal = matches!(message, Message::InputError(_));
        if tx.send(message).is_err() || fatal {
            return;
        }
    }
}
