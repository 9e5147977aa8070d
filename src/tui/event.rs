//! One channel for everything the main loop waits on: terminal input (read on a
//! std thread), signals (signal-hook) and the autosave tick.

use ratatui::crossterm::event::{self, Event};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;
use std::time::Duration;

#[derive(Debug)]
pub enum Message {
    Input(Event),
    /// Reading the terminal failed (e.g. the SSH connection is gone): fatal.
    InputError(String),
    Signal(i32),
    Tick,
}

/// Poll granularity of the input thread; only matters while it is paused.
const POLL: Duration = Duration::from_millis(200);

pub struct Events {
    pub rx: Receiver<Message>,
    /// While set, the input thread leaves the terminal alone (external editor, suspend).
    paused: Arc<AtomicBool>,
    signals: signal_hook::iterator::Handle,
}

impl Events {
    pub fn start(autosave: Duration) -> std::io::Result<Events> {
        let (tx, rx) = channel();
        let paused = Arc::new(AtomicBool::new(false));
        spawn_input(tx.clone(), paused.clone());
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
        thread::spawn(move || {
            loop {
                thread::sleep(autosave);
                if tx.send(Message::Tick).is_err() {
                    break;
                }
            }
        });
        Ok(Events {
            rx,
            paused,
            signals: handle,
        })
    }

    /// Stops reading input and waits until the input thread is idle.
    pub fn pause(&self) {
        self.paused.store(true, Ordering::SeqCst);
        thread::sleep(POLL + Duration::from_millis(50));
    }

    pub fn resume(&self) {
        self.paused.store(false, Ordering::SeqCst);
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        self.signals.close();
    }
}

fn spawn_input(tx: Sender<Message>, paused: Arc<AtomicBool>) {
    thread::spawn(move || {
        loop {
            if paused.load(Ordering::SeqCst) {
                thread::sleep(POLL);
                continue;
            }
            let message = match event::poll(POLL) {
                Ok(false) => continue,
                Ok(true) => match event::read() {
                    Ok(e) => Message::Input(e),
                    Err(e) => Message::InputError(e.to_string()),
                },
                Err(e) => Message::InputError(e.to_string()),
            };
            let fatal = matches!(message, Message::InputError(_));
            if tx.send(message).is_err() || fatal {
                break;
            }
        }
    });
}
