//! One channel for everything the main loop waits on: terminal input (read on a
//! std thread), signals (signal-hook) and the autosave tick.
//!
//! Idle costs nothing: the input thread sleeps in `poll(2)` on the terminal and on a
//! wake-up socket (written on SIGWINCH and by [`Events::pause`]) instead of polling on a
//! timer, and the autosave timer only runs while an edit is waiting to be autosaved
//! ([`Events::arm_autosave`]).

use ratatui::crossterm::event::{self, Event};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGWINCH};
use signal_hook::iterator::Signals;
use std::io::Read;
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub enum Message {
    Input(Event),
    /// Reading the terminal failed (e.g. the SSH connection is gone): fatal.
    InputError(String),
    Signal(i32),
    Tick,
}

pub struct Events {
    pub rx: Receiver<Message>,
    input: InputControl,
    autosave: Arc<Timer>,
    signals: signal_hook::iterator::Handle,
}

/// How the main thread stops and restarts the input thread.
struct InputControl {
    paused: Arc<AtomicBool>,
    /// Written to wake the input thread out of `poll(2)`.
    wake: UnixStream,
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
        spawn_timer(tx, timer.clone(), autosave);
        Ok(Events {
            rx,
            input,
            autosave: timer,
            signals: handle,
        })
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
        let _ = (&c.wake).write_all_nonblocking(b"p");
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

trait WriteNonBlocking {
    fn write_all_nonblocking(self, bytes: &[u8]) -> std::io::Result<()>;
}

impl WriteNonBlocking for &UnixStream {
    /// A full socket means a wake-up is pending already: nothing is lost.
    fn write_all_nonblocking(self, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write;
        match { self }.write(bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(()),
            other => other.map(|_| ()),
        }
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
    let (wake_write, wake_read) = UnixStream::pair()?;
    wake_write.set_nonblocking(true)?;
    wake_read.set_nonblocking(true)?;
    // A resize arrives as SIGWINCH, not on the terminal: let it wake the thread too
    // (crossterm turns it into an `Event::Resize` on the next read).
    signal_hook::low_level::pipe::register(SIGWINCH, wake_write.try_clone()?)?;
    let paused = Arc::new(AtomicBool::new(false));
    let (idle_tx, idle) = sync_channel(1);
    let (resume, resume_rx) = sync_channel(1);
    let thread_paused = paused.clone();
    thread::spawn(move || {
        input_loop(&tx, &wake_read, &thread_paused, &idle_tx, &resume_rx);
    });
    Ok(InputControl {
        paused,
        wake: wake_write,
        idle,
        resume,
    })
}

fn input_loop(
    tx: &Sender<Message>,
    wake: &UnixStream,
    paused: &AtomicBool,
    idle: &SyncSender<()>,
    resume: &Receiver<()>,
) {
    let tty = std::io::stdin().as_raw_fd();
    loop {
        if paused.load(Ordering::SeqCst) {
            let _ = idle.try_send(());
            // Blocks until `resume` (no wake-ups while the editor runs).
            if resume.recv().is_err() {
                return;
            }
            continue;
        }
        // Everything crossterm has read or can read without waiting.
        loop {
            let message = match event::poll(Duration::ZERO) {
                Ok(false) => break,
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
            if paused.load(Ordering::SeqCst) {
                break;
            }
        }
        if paused.load(Ordering::SeqCst) {
            continue;
        }
        let mut fds = [
            libc::pollfd {
                fd: tty,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: wake.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        // SAFETY: `fds` is a valid array of two pollfd for the duration of the call.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, -1) };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            let _ = tx.send(Message::InputError(e.to_string()));
            return;
        }
        if fds[1].revents != 0 {
            let mut buf = [0u8; 64];
            while matches!((&*wake).read(&mut buf), Ok(n) if n > 0) {}
            // Not a pause: a SIGWINCH. Report the size now (crossterm may have folded
            // several resizes into one already read), so the last size is always drawn.
            if !paused.load(Ordering::SeqCst)
                && let Ok((w, h)) = ratatui::crossterm::terminal::size()
                && tx.send(Message::Input(Event::Resize(w, h))).is_err()
            {
                return;
            }
        }
        // A hung-up terminal (SSH drop) stays "ready" for ever: fatal, never a busy loop
        // (see crossterm issue 793).
        if fds[0].revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            let _ = tx.send(Message::InputError("terminal hung up".into()));
            return;
        }
    }
}
