//! The catalog's rules say where the playbook states them, and docs/method.md's declared
//! readings are each referenced from the rule they concern (issue 16, item 8).
//!
//! The playbook is looked for at `../shared/reference/maestro-playbook/` beside the
//! repository (as CI lays it out); the heading check is skipped when it is absent.

use maestro_tm::catalog::Catalog;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn playbook() -> Option<PathBuf> {
    [
        "../shared/reference/maestro-playbook",
        "../../shared/reference/maestro-playbook",
    ]
    .iter()
    .map(|p| root().join(p))
    .find(|p| p.join("playbook").is_dir())
}

/// Every (kind, id, source, readings) rule of the catalog.
fn rules(c: &Catalog) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    for p in &c.phases.phases {
        for k in &p.criteria {
            out.push((k.id.clone(), k.source.clone(), k.readings.clone()));
        }
    }
    for m in &c.engagement.mvtm {
        out.push((m.id.clone(), m.source.clone(), m.readings.clone()));
    }
    for d in &c.scoring.defense_in_depth {
        out.push((
            format!("defense_in_depth {}", d.id),
            d.source.clone(),
            d.readings.clone(),
        ));
    }
    for r in &c.scoring.residual_caps {
        out.push((
            format!("residual_caps {}", r.id),
            r.source.clone(),
            r.readings.clone(),
        ));
    }
    out
}

/// The headings (any level) of a Markdown file, without the leading `#`s.
fn headings(file: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let mut in_code = false;
    let mut out = BTreeSet::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code && line.starts_with('#') {
            out.insert(line.trim_start_matches('#').trim().to_string());
        }
    }
    out
}

/// The reading IDs docs/method.md declares (its table's first column).
fn declared_readings() -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("docs/method.md")).unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("| R-"))
        .map(|rest| format!("R-{}", rest.split('|').next().unwrap().trim()))
        .collect()
}

#[test]
fn every_rule_names_a_source_file_and_heading() {
    let c = Catalog::embedded();
    let rules = rules(&c);
    assert!(rules.len() > 60, "{} rules", rules.len());
    for (id, source, _) in &rules {
        let (file, heading) = source
            .split_once('#')
            .unwrap_or_else(|| panic!("{id}: source `{source}` is not file#heading"));
        assert!(
            file.ends_with(".md") && !heading.is_empty(),
            "{id}: {source}"
        );
    }
    let Some(playbook) = playbook() else {
        eprintln!("skipped: the playbook is not beside the repository");
        return;
    };
    for (id, source, _) in &rules {
        let (file, heading) = source.split_once('#').unwrap();
        let path = playbook.join(file);
        assert!(path.is_file(), "{id}: no file {file}");
        assert!(
            headings(&path).contains(heading),
            "{id}: {file} has no heading `{heading}`"
        );
    }
}

#[test]
fn method_page_passages_name_existing_headings() {
    let Some(playbook) = playbook() else {
        eprintln!("skipped: the playbook is not beside the repository");
        return;
    };
    let text = std::fs::read_to_string(root().join("docs/method.md")).unwrap();
    let mut checked = 0;
    for line in text.lines().filter(|l| l.starts_with("| R-")) {
        // "`file` § Heading (note)" pairs, separated by ";".
        let passage = line.split('|').nth(2).unwrap();
        for part in passage.split(';') {
            let Some((file, heading)) = part.split_once('§') else {
                continue;
            };
            let file = file.trim().trim_matches('`');
            let heading = heading.trim();
            let heading = heading.split(" (step").next().unwrap().trim();
            let found = headings(&playbook.join(file));
            assert!(
                found.contains(heading),
                "docs/method.md: {file} has no heading `{heading}`"
            );
            checked += 1;
        }
    }
    assert!(checked >= 18, "{checked} passages checked");
}

#[test]
fn every_declared_reading_is_referenced_from_the_catalog() {
    let declared = declared_readings();
    assert!(declared.len() >= 18, "{declared:?}");
    let c = Catalog::embedded();
    let mut referenced: BTreeSet<String> = rules(&c).into_iter().flat_map(|(_, _, r)| r).collect();
    // Readings of data without a `readings` field are named in a comment beside it.
    for entry in std::fs::read_dir(root().join("catalog")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            for id in &declared {
                if text.contains(id.as_str()) {
                    referenced.insert(id.clone());
                }
            }
        }
    }
    for id in &declared {
        assert!(
            referenced.contains(id),
            "{id} is not referenced from catalog/"
        );
    }
    for id in &referenced {
        assert!(
            declared.contains(id),
            "{id} is not declared in docs/method.md"
        );
    }
}

#[test]
fn readme_and_help_link_the_method_page() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("docs/method.md"));
}

/// Item 7: a purely scripted workflow can complete the MVTM checklist: `report
/// --mark-exported` records the export, and `status` then ticks MVTM-10.
#[test]
fn scripted_report_marks_the_export() {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let session = dir.path().join("model.toml");
    std::fs::copy(root().join("sessions/customer-support-mas.toml"), &session).unwrap();
    let text = std::fs::read_to_string(&session).unwrap();
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("exported = "))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&session, text).unwrap();
    let bin = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_maestro-tm"));
        c.arg("--no-user-catalog");
        c
    };
    let mvtm10 = || {
        let out = bin()
            .args(["status", "--json"])
            .arg(&session)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["mvtm"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == "MVTM-10")
            .unwrap()["done"]
            .as_bool()
            .unwrap()
    };
    assert!(!mvtm10());
    let report = dir.path().join("report.md");
    let out = bin()
        .arg("report")
        .arg(&session)
        .arg("-o")
        .arg(&report)
        .arg("--mark-exported")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(report.is_file());
    assert!(mvtm10());
}
