// Running the real binary headless, shared by the CLI end-to-end tests: without the
// user's catalog override and without an inherited NO_COLOR, so a test decides both.
// Included textually (`include!`) so each test crate keeps its own imports.

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_maestro-tm"));
    cmd.arg("--no-user-catalog");
    cmd.env_remove("NO_COLOR");
    cmd
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
