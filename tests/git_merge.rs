//! End to end: `maestro-tm git-setup` registers the merge driver in a temporary git
//! repository, two branches edit one session, and a real `git merge` runs the driver.

use maestro_tm::session::storage::{self, Document};
use maestro_tm::session::{Session, Threat};
use maestro_tm::vocab::Severity;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FILE: &str = "model.maestro.toml";

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_maestro-tm")
}

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        // The test's repository only: no user or system configuration.
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Analyst")
        .env("GIT_AUTHOR_EMAIL", "analyst@example.org")
        .env("GIT_COMMITTER_NAME", "Analyst")
        .env("GIT_COMMITTER_EMAIL", "analyst@example.org")
        .output()
        .expect("git runs")
}

fn git_ok(dir: &Path, args: &[&str]) {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn load(dir: &Path) -> Document {
    storage::load(&dir.join(FILE)).expect("the merged file loads")
}

fn edit(dir: &Path, message: &str, change: impl FnOnce(&mut Session)) {
    let mut doc = load(dir);
    change(&mut doc.session);
    storage::save(&dir.join(FILE), &doc).unwrap();
    git_ok(dir, &["commit", "-qam", message]);
}

fn new_threat(id: &str, name: &str) -> Threat {
    Threat {
        id: id.into(),
        name: name.into(),
        ..Threat::default()
    }
}

/// A repository with the driver set up and one committed session, on branch `main`.
fn repository() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    std::fs::create_dir(&dir).unwrap();
    git_ok(&dir, &["init", "-q", "-b", "main"]);
    let setup = Command::new(bin())
        .args(["git-setup", "--dir"])
        .arg(&dir)
        .args(["--command", bin()])
        .output()
        .unwrap();
    assert!(setup.status.success(), "{setup:?}");
    let attributes = std::fs::read_to_string(dir.join(".gitattributes")).unwrap();
    assert_eq!(attributes, "*.maestro.toml merge=maestro\n");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/coding-assistant.toml");
    std::fs::copy(sample, dir.join(FILE)).unwrap();
    git_ok(&dir, &["add", "-A"]);
    git_ok(&dir, &["commit", "-qm", "base"]);
    (tmp, dir)
}

#[test]
fn git_merge_with_the_driver_merges_fields_renumbers_ids_and_keeps_conflicts_inside() {
    let (_tmp, dir) = repository();
    git_ok(&dir, &["checkout", "-qb", "feature"]);
    edit(&dir, "feature", |s| {
        s.threats[0].description = "Described on the feature branch".into();
        s.threats[1].name = "Name from feature".into();
        s.threats.push(new_threat("CA-T09", "Feature's new threat"));
    });
    git_ok(&dir, &["checkout", "-q", "main"]);
    edit(&dir, "main", |s| {
        s.threats[0].severity = Some(Severity::Critical);
        s.threats[1].name = "Name from main".into();
        s.threats.push(new_threat("CA-T09", "Main's new threat"));
    });
    let merge = git(&dir, &["merge", "feature", "-m", "merge"]);
    assert!(
        !merge.status.success(),
        "a conflicting field stops the merge"
    );

    let text = std::fs::read_to_string(dir.join(FILE)).unwrap();
    assert!(!text.contains("<<<<<<<"), "no text markers");
    let s = load(&dir).session;
    assert_eq!(s.threats[0].description, "Described on the feature branch");
    assert_eq!(s.threats[0].severity, Some(Severity::Critical));
    assert_eq!(s.threats[1].name, "Name from main");
    let added: Vec<(&str, &str)> = s.threats[8..]
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect();
    assert_eq!(
        added,
        [
            ("CA-T09", "Main's new threat"),
            ("CA-T10", "Feature's new threat")
        ]
    );
    assert_eq!(s.conflicts.len(), 1);
    let c = &s.conflicts[0];
    assert_eq!(
        (c.section.as_str(), c.field.as_slice()),
        ("threats", &["name".to_string()][..])
    );
    assert_eq!(c.theirs.as_deref(), Some("\"Name from feature\""));
    assert_eq!(
        (c.ours_by.as_str(), c.theirs_by.as_str()),
        ("HEAD", "feature")
    );

    // validate reports the conflict at its place in the file.
    let validate = Command::new(bin())
        .args(["--no-user-catalog", "validate"])
        .arg(dir.join(FILE))
        .output()
        .unwrap();
    assert_eq!(validate.status.code(), Some(1));
    let out = String::from_utf8_lossy(&validate.stdout);
    assert!(
        out.contains("unresolved merge conflict in threats"),
        "{out}"
    );
}

#[test]
fn git_merge_of_disjoint_edits_is_clean_and_commits() {
    let (_tmp, dir) = repository();
    git_ok(&dir, &["checkout", "-qb", "feature"]);
    edit(&dir, "feature", |s| {
        s.threats[2].impact = "Feature impact".into()
    });
    git_ok(&dir, &["checkout", "-q", "main"]);
    edit(&dir, "main", |s| s.threats[3].impact = "Main impact".into());
    let merge = git(&dir, &["merge", "feature", "-m", "merge"]);
    assert!(
        merge.status.success(),
        "{}",
        String::from_utf8_lossy(&merge.stdout)
    );
    let s = load(&dir).session;
    assert_eq!(s.threats[2].impact, "Feature impact");
    assert_eq!(s.threats[3].impact, "Main impact");
    assert!(s.conflicts.is_empty());
    let log = git(&dir, &["log", "--oneline"]);
    assert_eq!(String::from_utf8_lossy(&log.stdout).lines().count(), 4);
}

#[test]
fn merge_command_exit_statuses() {
    let tmp = tempfile::tempdir().unwrap();
    let path = |n: &str| tmp.path().join(n);
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/minimal.toml");
    let base = storage::load(&sample).unwrap();
    storage::save(&path("base.toml"), &base).unwrap();
    let mut ours = base.clone();
    ours.session.session.scope = "ours".into();
    storage::save(&path("ours.toml"), &ours).unwrap();
    let mut theirs = base.clone();
    theirs.session.session.scope = "theirs".into();
    storage::save(&path("theirs.toml"), &theirs).unwrap();
    let run = |args: &[&Path]| {
        Command::new(bin())
            .arg("merge")
            .args(args)
            .output()
            .unwrap()
    };
    let p = |n: &str| path(n);
    let out = run(&[
        &p("base.toml"),
        &p("ours.toml"),
        &p("base.toml"),
        Path::new("-o"),
        &p("out.toml"),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(storage::load(&p("out.toml")).unwrap().session, ours.session);
    let out = run(&[
        &p("base.toml"),
        &p("ours.toml"),
        &p("theirs.toml"),
        Path::new("-o"),
        &p("out.toml"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        storage::load(&p("out.toml"))
            .unwrap()
            .session
            .conflicts
            .len(),
        1
    );
    std::fs::write(p("broken.toml"), "schema_version = [").unwrap();
    let out = run(&[&p("base.toml"), &p("broken.toml"), &p("theirs.toml")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.toml"));
}

/// `git-setup` in a fresh repository with a `.gitattributes` already there.
fn git_setup_in(dir: &Path) -> Output {
    Command::new(bin())
        .args(["git-setup", "--dir"])
        .arg(dir)
        .args(["--command", bin()])
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn git_setup_replaces_gitattributes_atomically_keeping_its_lines_mode_and_link() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    git_ok(&dir, &["init", "-q", "-b", "main"]);
    // The repository keeps its attributes in a shared file, linked into place.
    let real = dir.join("shared/attributes");
    std::fs::write(&real, "*.png binary").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("shared/attributes", dir.join(".gitattributes")).unwrap();
    let out = git_setup_in(&dir);
    assert!(out.status.success(), "{out:?}");
    assert!(
        std::fs::symlink_metadata(dir.join(".gitattributes"))
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link is kept"
    );
    assert_eq!(
        std::fs::read_to_string(&real).unwrap(),
        "*.png binary\n*.maestro.toml merge=maestro\n"
    );
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "the shared file keeps its permissions");
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("shared"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
    // A second run adds nothing.
    assert!(git_setup_in(&dir).status.success());
    assert_eq!(
        std::fs::read_to_string(&real).unwrap(),
        "*.png binary\n*.maestro.toml merge=maestro\n"
    );
    // A new .gitattributes is readable by everyone, like any file git checks out.
    let fresh = tmp.path().join("fresh");
    std::fs::create_dir(&fresh).unwrap();
    git_ok(&fresh, &["init", "-q", "-b", "main"]);
    assert!(git_setup_in(&fresh).status.success());
    let mode = std::fs::metadata(fresh.join(".gitattributes"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o644);
}

#[cfg(unix)]
#[test]
fn git_setup_refuses_a_gitattributes_that_is_a_fifo_instead_of_hanging() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    std::fs::create_dir(&dir).unwrap();
    git_ok(&dir, &["init", "-q", "-b", "main"]);
    let fifo = dir.join(".gitattributes");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let mut child = Command::new(bin())
        .args(["git-setup", "--dir"])
        .arg(&dir)
        .args(["--command", bin()])
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("git-setup hangs on a FIFO .gitattributes");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(!status.success());
    assert!(stderr.contains(".gitattributes"), "{stderr}");
}
