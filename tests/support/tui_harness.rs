// The pseudo-terminal harness shared by the end-to-end TUI tests: the real binary,
// its output fed to a vt100 emulator whose screen the tests poll for expected text.
// Included textually (`include!`) so each test crate keeps its own imports.

const TIMEOUT: Duration = Duration::from_secs(10);

struct Tui {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for checking escape sequences.
    raw: Arc<Mutex<Vec<u8>>>,
    /// Set when the reader reached the end of the output (the program closed the
    /// terminal): what is in `raw` then is everything it wrote.
    drained: Arc<std::sync::atomic::AtomicBool>,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

/// Starts the binary with HOME and the XDG dirs inside `home`, in `cwd`.
fn start(home: &Path, cwd: &Path, args: &[&str]) -> Tui {
    start_with_env(home, cwd, args, &[])
}

fn start_with_env(home: &Path, cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Tui {
    launch(home, cwd, &[], args, env)
}

/// Starts the binary through `wrapper` (a program and its arguments, e.g. a shell that
/// sets a resource limit and `exec`s the rest of its arguments).
#[allow(dead_code)]
fn start_wrapped(home: &Path, cwd: &Path, wrapper: &[&str], args: &[&str]) -> Tui {
    launch(home, cwd, wrapper, args, &[])
}

fn launch(
    home: &Path,
    cwd: &Path,
    wrapper: &[&str],
    args: &[&str],
    env: &[(&str, &str)],
) -> Tui {
    let pair = native_pty_system().openpty(size(80, 24)).unwrap();
    let binary = env!("CARGO_BIN_EXE_maestro-tm");
    let mut cmd = match wrapper.split_first() {
        Some((program, rest)) => {
            let mut cmd = CommandBuilder::new(program);
            cmd.args(rest);
            cmd.arg(binary);
            cmd
        }
        None => CommandBuilder::new(binary),
    };
    cmd.arg("--no-user-catalog");
    cmd.args(args);
    cmd.cwd(cwd);
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
    cmd.env_remove("VISUAL");
    cmd.env_remove("EDITOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let writer = pair.master.take_writer().unwrap();
    let rows = NonZeroU16::new(24).unwrap();
    let cols = NonZeroU16::new(80).unwrap();
    let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
    let raw = Arc::new(Mutex::new(Vec::new()));
    let drained = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (screen2, raw2, drained2) = (screen.clone(), raw.clone(), drained.clone());
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            screen2.lock().unwrap().process(&buf[..n]);
            raw2.lock().unwrap().extend_from_slice(&buf[..n]);
        }
        drained2.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    Tui {
        child,
        master: pair.master,
        writer,
        screen,
        raw,
        drained,
    }
}

impl Tui {
    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`; fails with the screen when it does not.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("screen never showed {text:?}; screen:\n{}", self.contents());
    }

    /// Waits until `text` is gone from the screen.
    fn wait_gone(&self, text: &str) {
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if !self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("screen still shows {text:?}; screen:\n{}", self.contents());
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.screen.lock().unwrap().screen_mut().set_size(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
        );
        self.master.resize(size(cols, rows)).unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("program did not exit; screen:\n{}", self.contents());
    }

    fn signal(&self, name: &str) {
        let pid = self.child.process_id().unwrap().to_string();
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &pid])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Everything the program wrote; call it after `wait_exit`. Waits (bounded) for the
    /// reader to take the last bytes out of the terminal: on a loaded machine they can
    /// still be in flight when the exit is seen.
    #[allow(dead_code)]
    fn raw_output(&self) -> Vec<u8> {
        let deadline = Instant::now() + TIMEOUT;
        while !self.drained.load(std::sync::atomic::Ordering::SeqCst) && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(10));
        }
        self.raw.lock().unwrap().clone()
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
