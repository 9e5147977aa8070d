//! `export sarif` and `export issues`, end to end against the real binary: the SARIF
//! log of every example session validates against the official SARIF 2.1.0 schema
//! (tests/data/sarif, see SOURCE.md there), the tracker formats have the columns their
//! importers document, and external ids survive a re-export and an edit.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

include!("support/cli_runner.rs");

fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "{files:?}");
    files
}

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/data/sarif/sarif-schema-2.1.0.json"))
        .expect("vendored SARIF schema");
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

fn json(o: &Output) -> Value {
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    serde_json::from_slice(&o.stdout).expect("JSON on stdout")
}

#[test]
fn sarif_of_every_example_session_validates_against_the_schema() {
    let validator = sarif_validator();
    let mut with_evidence = 0;
    for file in examples() {
        let name = file.to_str().unwrap();
        let log = json(&run(&["export", "sarif", name]));
        assert_valid(&validator, &log, name);
        assert_eq!(log["version"], "2.1.0");
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert!(!results.is_empty(), "{name}: open threats give results");
        // Every result has somewhere to show: code evidence or the session file.
        for r in results {
            let uri = &r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
            assert!(uri.is_string(), "{name}: {r}");
        }
        with_evidence += results
            .iter()
            .filter(|r| {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "SRCROOT"
            })
            .count();
    }
    assert!(
        with_evidence > 0,
        "phase 8 evidence gives file:line locations"
    );
    // The schema does bite: a level SARIF does not know, or a line 0, is refused.
    let mut broken = json(&run(&["export", "sarif", examples()[0].to_str().unwrap()]));
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
    let mut broken = json(&run(&["export", "sarif", examples()[0].to_str().unwrap()]));
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"] =
        serde_json::json!({ "startLine": 0 });
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_from_standard_input_validates_too() {
    let file = root().join("sessions/coding-assistant.toml");
    let o = run_stdin(&["export", "sarif", "-"], &std::fs::read(&file).unwrap());
    let log = json(&o);
    assert_valid(&sarif_validator(), &log, "stdin");
    // No file to point at: results without evidence carry no location (still valid).
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.sarif");
    let o = run(&[
        "export",
        "sarif",
        file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("exported"));
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_valid(&sarif_validator(), &log, "file");
    // An existing output is not replaced without --force.
    let again = run(&[
        "export",
        "sarif",
        file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(2));
}

/// Fields of Jira's CSV importer ("Importing data from CSV", Jira fields table,
/// support.atlassian.com/jira-cloud-administration/docs/import-data-from-a-csv-file/).
const JIRA_IMPORTER_FIELDS: &[&str] = &[
    "Affects Version/s",
    "Assignee",
    "Attachment",
    "Comment Body",
    "Component/s",
    "Created Date",
    "Date Modified",
    "Date Resolved",
    "Description",
    "Due Date",
    "Environment",
    "Epic Link",
    "Epic Name",
    "Fix Version/s",
    "Issue ID",
    "Issue Key",
    "Issue Type",
    "Labels",
    "Original Estimate",
    "Parent ID",
    "Priority",
    "Project Key",
    "Project Name",
    "Remaining Estimate",
    "Reporter",
    "Resolution",
    "Security Level",
    "Status",
    "Summary",
    "Time Spent",
    "Watchers",
];

#[test]
fn jira_csv_header_uses_the_importer_columns() {
    let file = root().join("sessions/customer-support-mas.toml");
    let o = run(&[
        "export",
        "issues",
        "--format",
        "jira-csv",
        file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let mut reader = csv::Reader::from_reader(&o.stdout[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for column in &header {
        assert!(
            JIRA_IMPORTER_FIELDS.contains(&column.as_str()),
            "`{column}` is not a Jira importer field"
        );
    }
    // The importer needs a Summary column; multiple labels repeat the Labels column.
    assert_eq!(header[0], "Summary");
    assert!(header.iter().filter(|c| *c == "Labels").count() >= 2);
    let priorities = ["Highest", "High", "Medium", "Low"];
    let priority = header.iter().position(|c| c == "Priority").unwrap();
    let due = header.iter().position(|c| c == "Due Date").unwrap();
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap();
        assert_eq!(record.len(), header.len());
        assert!(priorities.contains(&&record[priority]), "{record:?}");
        let date = &record[due];
        assert!(
            date.is_empty() || (date.len() == 10 && date.as_bytes()[4] == b'-'),
            "{date}"
        );
        rows += 1;
    }
    assert!(rows > 0);
}

fn github_ids(session: &Path) -> Vec<String> {
    let list = json(&run(&[
        "export",
        "issues",
        "--format",
        "github",
        session.to_str().unwrap(),
    ]));
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| i["external_id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn issue_ids_are_the_same_on_re_export_and_after_an_edit() {
    let file = root().join("sessions/coding-assistant.toml");
    let first = github_ids(&file);
    assert!(!first.is_empty());
    assert_eq!(first, github_ids(&file));
    // Edit a task's text and the assessment: ids stay, due dates may move.
    let dir = tempfile::tempdir().unwrap();
    let edited = dir.path().join("edited.toml");
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "Devcontainer-based runner for the remaining 22 active repositories.",
        "Devcontainer runner for every remaining repository (scope grew).",
    );
    std::fs::write(&edited, text).unwrap();
    assert_eq!(github_ids(&edited), first);
}

#[test]
fn github_and_gitlab_formats_carry_title_body_labels_and_due_dates() {
    let file = root().join("sessions/devops-deployment.toml");
    let list = json(&run(&[
        "export",
        "issues",
        "--format",
        "github",
        file.to_str().unwrap(),
    ]));
    for issue in list.as_array().unwrap() {
        assert!(!issue["title"].as_str().unwrap().is_empty());
        let body = issue["body"].as_str().unwrap();
        assert!(body.contains(issue["external_id"].as_str().unwrap()));
        assert!(
            issue["labels"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l == "maestro-tm")
        );
    }
    let o = run(&[
        "export",
        "issues",
        "--format",
        "gitlab",
        file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let mut reader = csv::Reader::from_reader(&o.stdout[..]);
    assert_eq!(
        reader.headers().unwrap(),
        vec!["title", "description", "due_date"]
    );
    assert_eq!(reader.records().count(), list.as_array().unwrap().len());
}

#[test]
fn export_subcommands_exit_0_or_2() {
    let dir = tempfile::tempdir().unwrap();
    let good = root().join("sessions/minimal.toml");
    let good = good.to_str().unwrap();
    let invalid = dir.path().join("invalid.toml");
    std::fs::write(
        &invalid,
        "schema_version = 1\n[[threats]]\nid = \"T\"\nname = \"x\"\ncomponents = [\"C404\"]\n",
    )
    .unwrap();
    let invalid = invalid.to_str().unwrap();
    let missing = dir.path().join("missing.toml");
    let missing = missing.to_str().unwrap();
    let code = |args: &[&str]| run(args).status.code().unwrap();
    assert_eq!(code(&["export", "sarif", good]), 0);
    assert_eq!(code(&["export", "sarif", invalid]), 2);
    assert_eq!(code(&["export", "sarif", missing]), 2);
    assert_eq!(code(&["export", "issues", "--format", "gitlab", good]), 0);
    assert_eq!(
        code(&["export", "issues", "--format", "gitlab", invalid]),
        2
    );
    assert_eq!(code(&["export", "issues", "--format", "redmine", good]), 2);
    assert_eq!(code(&["export", "issues", good]), 2, "--format is required");
    assert_eq!(code(&["export"]), 2, "a session file is required");
}
