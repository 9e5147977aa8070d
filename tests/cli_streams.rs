//! Streams and output conventions, end to end against the real binary: `-` as standard
//! input/output for every command that reads or writes a file, `--quiet`/`--verbose`,
//! `--color auto|always|never` with `NO_COLOR` and terminals, the help of the nested
//! export subcommands, and completions (bash run in a subprocess; zsh and fish checked
//! for the new subcommands and values, as those shells are not installed here).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

include!("support/cli_runner.rs");

fn example() -> PathBuf {
    root().join("sessions/minimal.toml")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    text(&o.stdout)
}

#[test]
fn dash_reads_standard_input_and_writes_standard_output() {
    let file = example();
    let name = file.to_str().unwrap();
    let session = std::fs::read(&file).unwrap();

    // validate, status, report: the same output from stdin as from the file (but the name).
    assert_eq!(ok(&run_stdin(&["validate", "-"], &session)), "-: ok\n");
    assert_eq!(
        ok(&run_stdin(&["status", "-"], &session)),
        ok(&run(&["status", name]))
    );
    assert_eq!(
        ok(&run_stdin(&["report", "-", "--format", "json"], &session)),
        ok(&run(&["report", name, "--format", "json"]))
    );
    assert_eq!(
        ok(&run(&["report", name, "-o", "-"])),
        ok(&run(&["report", name]))
    );

    // export (OTM, SARIF, issues): stdin in, stdout out with `-o -`.
    let otm = ok(&run_stdin(&["export", "-", "-o", "-"], &session));
    assert_eq!(otm, ok(&run(&["export", name])));
    let sarif = ok(&run_stdin(&["export", "sarif", "-", "-o", "-"], &session));
    assert!(sarif.contains("\"version\": \"2.1.0\""));
    let issues = ok(&run_stdin(
        &["export", "issues", "--format", "github", "-"],
        &session,
    ));
    assert_eq!(
        issues,
        ok(&run(&["export", "issues", "--format", "github", name]))
    );

    // import: OTM on stdin, the session on stdout, the summary on stderr.
    let o = run_stdin(&["import", "-", "-o", "-"], otm.as_bytes());
    let back = ok(&o);
    assert!(back.contains("[[threats]]"), "{back}");
    assert!(text(&o.stderr).contains("imported -"), "{o:?}");

    // diff: one side from stdin.
    assert_eq!(ok(&run_stdin(&["diff", "-", name], &session)), "");
    let o = run_stdin(&["diff", "--exit-code", "-", name], b"");
    assert_eq!(o.status.code(), Some(1), "empty vs the model differs");

    // fmt --check: 0 for a canonical session on stdin, 1 for a loose one; fmt - filters.
    let canonical = ok(&run_stdin(&["fmt", "-"], b"schema_version = 1\n"));
    assert_eq!(
        run_stdin(&["fmt", "--check", "-"], canonical.as_bytes())
            .status
            .code(),
        Some(0)
    );
    let o = run_stdin(&["fmt", "--check", "-"], b"schema_version    =   1\n");
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(text(&o.stdout).contains("-: not in canonical form"));

    // Broken input on stdin is a parse error: exit 2, located.
    let o = run_stdin(&["report", "-"], b"schema_version = [\n");
    assert_eq!(o.status.code(), Some(2), "{o:?}");
}

#[test]
fn quiet_drops_messages_and_verbose_adds_details() {
    let dir = tempfile::tempdir().unwrap();
    let name = example();
    let name = name.to_str().unwrap();
    let out = dir.path().join("r.md");
    let out = out.to_str().unwrap();
    let o = run(&["report", name, "-o", out]);
    assert!(text(&o.stderr).contains("wrote"), "{o:?}");
    let o = run(&["--quiet", "report", name, "-o", out, "--force"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(text(&o.stderr), "", "quiet: no `wrote` line");
    // validate -q: nothing for a valid file, the problems for an invalid one.
    assert_eq!(ok(&run(&["validate", "-q", name])), "");
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "schema_version = 1\n[[threats]]\nid = \"T\"\nname = \"x\"\ncomponents = [\"C404\"]\n",
    )
    .unwrap();
    let o = run(&["validate", "-q", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stdout).contains("error:"), "{o:?}");
    // A global flag: also before the subcommand; verbose names the catalog.
    let o = run(&["-v", "export", "sarif", name]);
    assert_eq!(o.status.code(), Some(0));
    let err = text(&o.stderr);
    assert!(
        err.contains("maestro-tm: catalog") && err.contains("SARIF results"),
        "{err}"
    );
    assert_eq!(run(&["-q", "-v", "validate", name]).status.code(), Some(2));
}

#[test]
fn color_follows_the_flag_no_color_and_the_terminal() {
    let name = example();
    let name = name.to_str().unwrap();
    let esc = |o: &Output| o.stdout.contains(&0x1b);
    // Piped output: auto means no colour.
    assert!(!esc(&run(&["validate", name])));
    assert!(!esc(&run(&["validate", "--color", "auto", name])));
    assert!(esc(&run(&["validate", "--color", "always", name])));
    assert!(!esc(&run(&["validate", "--color", "never", name])));
    // always wins over NO_COLOR (a per-run flag overrides the environment).
    let o = bin()
        .args(["validate", "--color", "always", name])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(esc(&o));
    // diff marks are coloured too.
    let o = run_stdin(&["diff", "--color", "always", "-", name], b"");
    assert!(text(&o.stdout).contains("\x1b[32m  + "), "{o:?}");
    // Unknown values are usage errors.
    assert_eq!(
        run(&["validate", "--color", "sometimes", name])
            .status
            .code(),
        Some(2)
    );
    // On a terminal, auto colours unless NO_COLOR is set.
    assert!(in_terminal(&["validate", name], None).contains("\x1b[32mok"));
    assert!(!in_terminal(&["validate", name], Some("1")).contains('\x1b'));
}

/// Runs the binary with a pseudo-terminal as stdout and returns what it printed.
fn in_terminal(args: &[&str], no_color: Option<&str>) -> String {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_maestro-tm"));
    cmd.arg("--no-user-catalog");
    cmd.args(args);
    cmd.env("TERM", "xterm");
    cmd.env_remove("NO_COLOR");
    if let Some(value) = no_color {
        cmd.env("NO_COLOR", value);
    }
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let reading = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        out
    });
    let status = child.wait().unwrap();
    drop(pty.master);
    let out = reading.join().unwrap();
    assert!(status.success(), "{}", text(&out));
    text(&out)
}

#[test]
fn nested_export_subcommands_have_examples() {
    for sub in ["sarif", "issues"] {
        let help = ok(&run(&["export", sub, "--help"]));
        let tail = &help[help.rfind("Examples:").expect(sub)..];
        let examples = tail
            .lines()
            .filter(|l| {
                l.trim_start()
                    .starts_with(&format!("maestro-tm export {sub}"))
            })
            .count();
        assert!((2..=3).contains(&examples), "{sub}: {tail}");
    }
    let page = ok(&run(&["man"]));
    for section in ["export sarif", "export issues"] {
        assert!(
            page.contains(&format!(".SS \"maestro\\-tm {section}\"")),
            "{section}"
        );
    }
    assert!(page.contains(".SH ENVIRONMENT") && page.contains("NO_COLOR"));
    let top = ok(&run(&["--help"]));
    assert!(
        top.contains("--color <WHEN>") && top.contains("--quiet"),
        "{top}"
    );
}

fn bash_complete(line: &str, cwd: &Path) -> Vec<String> {
    let script = run(&["completions", "bash"]).stdout;
    let file = cwd.join("completion.bash");
    std::fs::write(&file, script).unwrap();
    let words: Vec<&str> = line.split(' ').collect();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{line}'\nCOMP_POINT={}\n\
         _maestro__tm maestro-tm '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        file.display(),
        quoted.join(" "),
        words.len() - 1,
        line.len(),
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let o = Command::new("bash")
        .args(["--norc", "-c", &program])
        .current_dir(cwd)
        .output()
        .expect("bash runs");
    assert!(o.status.success(), "{o:?}");
    text(&o.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn completions_know_the_new_subcommands_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut formats = bash_complete("maestro-tm export issues --format ", dir.path());
    formats.sort();
    assert_eq!(formats, ["github", "gitlab", "jira-csv"]);
    let subs = bash_complete("maestro-tm export ", dir.path());
    assert!(
        subs.contains(&"sarif".to_string()) && subs.contains(&"issues".to_string()),
        "{subs:?}"
    );
    let colors = bash_complete("maestro-tm validate --color ", dir.path());
    for value in ["auto", "always", "never", "256"] {
        assert!(colors.contains(&value.to_string()), "{colors:?}");
    }
    for shell in ["zsh", "fish"] {
        let script = ok(&run(&["completions", shell]));
        for word in ["sarif", "issues", "jira-csv", "gitlab", "always", "--quiet"] {
            let word = if shell == "fish" {
                word.trim_start_matches("--")
            } else {
                word
            };
            assert!(script.contains(word), "{shell}: {word}");
        }
    }
}
