use super::*;
use crate::session::storage;
use std::path::Path;

fn example(name: &str) -> Session {
    let path = format!("{}/../../sessions/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    storage::parse(Path::new(&path), &text).unwrap().session
}

fn export(session: &Session) -> (Report, Vec<TrackerIssue>) {
    let catalog = Catalog::embedded();
    let report = crate::report::build(session, &catalog);
    let issues = issues(session, &catalog, &report);
    (report, issues)
}

fn ids(issues: &[TrackerIssue]) -> Vec<String> {
    issues.iter().map(|i| i.external_id.clone()).collect()
}

#[test]
fn one_issue_per_open_roadmap_item_with_due_date_from_its_horizon() {
    let session = example("coding-assistant");
    let (_, issues) = export(&session);
    let open_items: Vec<&str> = session
        .roadmap
        .iter()
        .filter(|i| i.status != Some(PhaseStatus::Complete))
        .map(|i| i.id.as_str())
        .collect();
    let analyst: Vec<&str> = issues
        .iter()
        .filter(|i| !i.proposed)
        .map(|i| i.record.as_str())
        .collect();
    assert_eq!(analyst, open_items);
    let rem01 = issues.iter().find(|i| i.record == "REM-01").unwrap();
    assert_eq!(rem01.horizon, "Immediate");
    // Immediate ends 30 days after the assessment.
    let assessed = crate::analysis::residual::assessment_date(&session);
    assert_eq!(
        rem01.due_date.as_deref(),
        Some(dates::add_days(assessed, 30).unwrap().as_str())
    );
    assert!(rem01.labels.contains(&"maestro-tm".to_string()));
    assert!(rem01.labels.iter().any(|l| l.starts_with("risk:")));
    assert_eq!(
        rem01.external_id,
        "maestro-tm/".to_string() + &model_key(&session.session.title) + "/REM-01"
    );
}

#[test]
fn ids_are_stable_across_exports_and_edits() {
    let session = example("customer-support-mas");
    let (_, first) = export(&session);
    let (_, second) = export(&session);
    assert_eq!(ids(&first), ids(&second));
    assert!(!first.is_empty());
    // An edit of a description and a new threat keep every existing id.
    let mut edited = session.clone();
    edited.roadmap[0].description = "Rewritten task text".into();
    let mut extra = edited.threats[0].clone();
    extra.id = "NEW-T99".into();
    edited.threats.push(extra);
    let (_, after) = export(&edited);
    let after_ids = ids(&after);
    for id in ids(&first) {
        assert!(after_ids.contains(&id), "{id} lost after an edit");
    }
    let unique: std::collections::HashSet<_> = after_ids.iter().collect();
    assert_eq!(unique.len(), after_ids.len(), "external ids are unique");
}

#[test]
fn a_model_without_roadmap_still_exports_proposed_tasks() {
    let mut session = example("devops-deployment");
    session.roadmap.clear();
    let (_, issues) = export(&session);
    assert!(!issues.is_empty());
    assert!(issues.iter().all(|i| i.proposed));
    assert!(
        issues
            .iter()
            .all(|i| i.external_id.ends_with(&i.threats[0]))
    );
}

#[test]
fn jira_csv_has_its_columns_and_guards_formulas() {
    let mut session = example("coding-assistant");
    session.roadmap[0].description = "=HYPERLINK(\"http://x\")".into();
    let (report, issues) = export(&session);
    let text = to_jira_csv(&report, &issues);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&header[..4], &JIRA_COLUMNS);
    assert_eq!(header.last().unwrap(), "Description");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), issues.len());
    // The summary starts with the record id; the description cell with the formula text.
    let first = &records[0];
    assert!(
        first[header.len() - 1].starts_with("'="),
        "{}",
        &first[header.len() - 1]
    );
    assert!(
        first
            .iter()
            .any(|c| c == jira_label(&issues[0].external_id))
    );
}

#[test]
fn gitlab_csv_carries_labels_as_quick_actions() {
    let (report, issues) = export(&example("coding-assistant"));
    let text = to_gitlab_csv(&report, &issues);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["title", "description", "due_date"]
    );
    let first = reader.records().next().unwrap().unwrap();
    assert!(first[1].contains("/label ~\"maestro-tm\""));
    assert!(first[1].contains(&issues[0].external_id));
}

#[test]
fn github_json_lists_title_body_labels() {
    let (report, issues) = export(&example("coding-assistant"));
    let value: serde_json::Value = serde_json::from_str(&to_github_json(&report, &issues)).unwrap();
    let list = value.as_array().unwrap();
    assert_eq!(list.len(), issues.len());
    let body = list[0]["body"].as_str().unwrap();
    assert!(body.contains("### Threats"));
    assert!(body.contains(&format!(
        "<!-- maestro-tm-id: {} -->",
        issues[0].external_id
    )));
    assert!(list[0]["labels"].as_array().unwrap().len() >= 2);
}

#[test]
fn evidence_with_file_and_line_is_in_the_body() {
    let (report, issues) = export(&example("coding-assistant"));
    let rem01 = issues.iter().find(|i| i.record == "REM-01").unwrap();
    let text = to_github_json(&report, std::slice::from_ref(rem01));
    assert!(text.contains("policy/quill-policy.json:18"), "{text}");
}

#[test]
fn long_titles_are_cut_at_a_word() {
    let long = "word ".repeat(40);
    let cut = shorten(&long, 30);
    assert!(cut.chars().count() <= 30);
    assert!(cut.ends_with('…'));
}
