//! The template table against the playbook, the TUI and the reports, on the
//! customer-support example (which fills every template).

use super::*;
use crate::catalog::Catalog;
use crate::session::{Session, storage};
use crate::tui::action::{Action, Command};
use crate::tui::app::*;
use crate::tui::forms;
use crate::tui::keymap::Keymap;
use crate::tui::phases::plan::{self, Focus, RowKind};
use crate::tui::theme::Theme;
use crate::tui::update::update;
use crate::tui::widgets::field::Field;
use crate::tui::widgets::form::FieldKind;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{Input, Key};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn example() -> AppState {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sessions/customer-support-mas.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut s = AppState::new(
        Catalog::embedded(),
        Keymap::default(),
        Theme::default(),
        Vec::new(),
    );
    let opened = Opened {
        path: PathBuf::from("templates.toml"),
        document: storage::parse(&path, &text).unwrap(),
        read_only: None,
        recovery: None,
        resume: None,
        stale_lock: None,
    };
    update(&mut s, Action::Opened(Box::new(opened)));
    s
}

fn session(s: &AppState) -> &Session {
    s.doc.as_ref().unwrap().session()
}

/// The session file as `path → value`, records of a list numbered (`threats[3].name`).
fn flat(s: &Session) -> BTreeMap<String, String> {
    fn walk(v: &toml::Value, at: String, out: &mut BTreeMap<String, String>) {
        match v {
            toml::Value::Table(t) => {
                for (k, x) in t {
                    let next = if at.is_empty() {
                        k.clone()
                    } else {
                        format!("{at}.{k}")
                    };
                    walk(x, next, out);
                }
            }
            toml::Value::Array(a) if a.iter().all(toml::Value::is_table) && !a.is_empty() => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, format!("{at}[{i}]"), out);
                }
            }
            other => {
                out.insert(at, other.to_string());
            }
        }
    }
    let text = storage::to_text(s, &Default::default());
    let mut out = BTreeMap::new();
    let table: toml::Table = toml::from_str(&text).unwrap();
    walk(&toml::Value::Table(table), String::new(), &mut out);
    out
}

/// The paths whose value changed, records unnumbered (`threats[].name`).
fn changed(
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) -> BTreeSet<String> {
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    keys.into_iter()
        .filter(|k| before.get(*k) != after.get(*k))
        .map(|k| {
            let mut out = String::new();
            let mut in_index = false;
            for c in k.chars() {
                match c {
                    '[' => {
                        in_index = true;
                        out.push_str("[]");
                    }
                    ']' => in_index = false,
                    _ if in_index => {}
                    _ => out.push(c),
                }
            }
            out
        })
        .collect()
}

fn writes(path: &str, changed: &BTreeSet<String>) -> bool {
    changed.iter().any(|c| {
        c == path || c.starts_with(&format!("{path}.")) || c.starts_with(&format!("{path}["))
    })
}

fn input(s: &mut AppState, key: Key) {
    update(
        s,
        Action::FormInput(Input {
            key,
            ..Input::default()
        }),
    );
}

/// Changes one form field as a user would; `attempt` picks another option each time.
fn edit_form_field(
    s: &mut AppState,
    kind: &'static str,
    key: &str,
    attempt: usize,
) -> Result<(), String> {
    let k = forms::kind(kind).ok_or(format!("no form kind `{kind}`"))?;
    let ids = k.ids(session(s));
    match ids.last() {
        Some(id) => forms::open_form(s, kind, id, None),
        None => forms::add_record(s, kind),
    }
    let form = s
        .form
        .clone()
        .ok_or(format!("form `{kind}` does not open"))?;
    let (specs, _) = forms::specs_and_values(s, &form);
    let focus = specs
        .iter()
        .position(|f| f.key == key)
        .ok_or(format!("form `{kind}` has no field `{key}`"))?;
    s.form.as_mut().unwrap().focus = focus;
    update(s, Action::Command(Command::Open));
    match &specs[focus].kind {
        FieldKind::Text => {
            for c in " (edited)".chars() {
                input(s, Key::Char(c));
            }
            input(s, Key::Enter);
        }
        FieldKind::MultiLine => {
            for c in " (edited)".chars() {
                input(s, Key::Char(c));
            }
            input(s, Key::Esc);
        }
        FieldKind::Choice { .. } => {
            // The picker starts on the current value, which may be the last or the first.
            let key = if attempt.is_multiple_of(2) {
                Key::Down
            } else {
                Key::Up
            };
            for _ in 0..=attempt / 2 {
                input(s, key);
            }
            input(s, Key::Enter);
        }
        FieldKind::MultiChoice(_) | FieldKind::Refs(_) => {
            for _ in 0..attempt {
                input(s, Key::Down);
            }
            input(s, Key::Char(' '));
            input(s, Key::Enter);
        }
        FieldKind::Bool | FieldKind::Kept => {}
    }
    if s.form.as_ref().is_some_and(|f| f.active.is_some()) {
        input(s, Key::Esc);
    }
    s.form = None;
    Ok(())
}

fn press(s: &mut AppState, c: char) {
    press_code(s, KeyCode::Char(c));
}

fn press_code(s: &mut AppState, code: KeyCode) {
    let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(action) = crate::tui::input::map_event(s, &event) {
        update(s, action);
    }
}

fn starts(row: &plan::Row, label: &str) -> bool {
    matches!(row.kind, RowKind::Value(_)) && row.text.trim_start().starts_with(label)
}

/// Enter on the phase 7–10 row labelled `label` (on the list, or on the card of the
/// first list row whose card has it); a text field gets `text`.
fn edit_row(s: &mut AppState, phase: u8, label: &str, text: &str) -> Result<(), String> {
    press(s, char::from(b'0' + phase % 10));
    let slot = usize::from(phase - 7);
    s.plan.focus = Focus::List;
    let list = plan::screen(s).list;
    let selectable: Vec<&plan::Row> = list.iter().filter(|r| r.kind.selectable()).collect();
    if let Some(n) = selectable.iter().position(|r| starts(r, label)) {
        s.plan.selected[slot] = n;
    } else {
        let mut found = false;
        for n in 0..selectable.len() {
            s.plan.selected[slot] = n;
            s.plan.focus = Focus::List;
            let card = plan::screen(s).card;
            let rows: Vec<&plan::Row> = card.iter().filter(|r| r.kind.selectable()).collect();
            if let Some(m) = rows.iter().position(|r| starts(r, label)) {
                s.plan.focus = Focus::Card;
                s.plan.card_selected[slot] = m;
                found = true;
                break;
            }
        }
        if !found {
            return Err(format!("phase {phase} shows no row “{label}”"));
        }
    }
    update(s, Action::Command(Command::Open));
    if let Some(editing) = s.editing.as_mut() {
        editing.field = Field::new(text);
        press_code(s, KeyCode::Enter);
        if s.editing.is_some() {
            return Err(format!(
                "phase {phase} “{label}” refused `{text}`: {:?}",
                s.message
            ));
        }
    }
    Ok(())
}

/// Text typed into a row: what the field takes.
fn sample(s: &AppState, label: &str) -> String {
    if label.starts_with("Assessed") || label.starts_with("Next review") {
        "2027-01-15".into()
    } else if label.contains("evidence") {
        "src/refunds/guard.py:42 caps the refund".into()
    } else if label.starts_with("Depends on") {
        session(s)
            .roadmap
            .first()
            .map(|i| i.id.clone())
            .unwrap_or_default()
    } else {
        format!("{label} (edited)")
    }
}

/// The playbook's fields per template, parsed from `07-templates.md`; `None` when the
/// reference folder is not beside the repository.
fn playbook_fields() -> Option<Vec<(String, String)>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/maestro-playbook/playbook/07-templates.md");
    let text = std::fs::read_to_string(path).ok()?;
    let mut out = Vec::new();
    let mut template: Option<String> = None;
    let mut header: Option<Vec<String>> = None;
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            template = h.ends_with("Template").then(|| h.to_string());
            header = None;
            continue;
        }
        let Some(t) = template.clone() else { continue };
        let cells: Vec<String> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_string())
            .collect();
        if line.starts_with('|') {
            if cells.iter().all(|c| c.chars().all(|x| x == '-')) {
                continue;
            }
            match &header {
                None => {
                    // A Field | Value table lists fields in rows; others in columns.
                    if cells[0] != "Field" && !t.starts_with("Threat Register") {
                        out.extend(cells.iter().map(|c| (t.clone(), c.clone())));
                    }
                    header = Some(cells);
                }
                Some(h) if h[0] == "Field" => out.push((t, cells[0].clone())),
                Some(_) => {}
            }
        } else if !t.starts_with("Threat Register") {
            if line.trim().is_empty() {
                header = None;
            }
        } else if let Some(h) = line.strip_prefix("### ") {
            out.push((t, h.to_string()));
            header = Some(vec![String::new()]);
        } else if let Some(rest) = line.strip_prefix("**") {
            if let Some((name, _)) = rest.split_once(":**") {
                out.push((t, name.to_string()));
            }
            header = None;
        } else if line.trim().is_empty() {
            header = None;
        }
    }
    Some(out)
}

#[test]
fn every_field_of_the_playbook_templates_is_in_the_table_once() {
    let Some(fields) = playbook_fields() else {
        eprintln!("skipped: the playbook is not beside the repository");
        return;
    };
    let templates: BTreeSet<&str> = fields.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(templates.len(), 13, "{templates:?}");
    let table: Vec<(String, String)> = TEMPLATE_FIELDS
        .iter()
        .map(|r| (r.template.to_string(), r.field.to_string()))
        .collect();
    let missing: Vec<_> = fields.iter().filter(|f| !table.contains(f)).collect();
    assert!(
        missing.is_empty(),
        "template fields not in the table: {missing:#?}"
    );
    let extra: Vec<_> = table.iter().filter(|f| !fields.contains(f)).collect();
    assert!(
        extra.is_empty(),
        "rows that are no template field: {extra:#?}"
    );
    let unique: BTreeSet<_> = table.iter().collect();
    assert_eq!(unique.len(), table.len(), "a field is listed twice");
}

#[test]
fn every_form_field_of_the_table_writes_its_session_path() {
    for row in TEMPLATE_FIELDS {
        let Editor::Form(kind, key) = row.editor else {
            continue;
        };
        let mut done = false;
        let mut last = BTreeSet::new();
        for attempt in 0..4 {
            let mut s = example();
            let before = flat(session(&s));
            if let Err(e) = edit_form_field(&mut s, kind, key, attempt) {
                panic!("{} / {}: {e}", row.template, row.field);
            }
            last = changed(&before, &flat(session(&s)));
            if writes(row.session, &last) {
                done = true;
                break;
            }
        }
        assert!(
            done,
            "{} / {}: form `{kind}` field `{key}` does not write `{}` (it changed {last:?})",
            row.template, row.field, row.session
        );
    }
}

#[test]
fn every_screen_row_of_the_table_writes_its_session_path() {
    for row in TEMPLATE_FIELDS {
        let Editor::Row(phase, label) = row.editor else {
            continue;
        };
        let mut done = false;
        let mut last = BTreeSet::new();
        // A cycling row can land on the value it had: press it again.
        let mut s = example();
        let before = flat(session(&s));
        for _ in 0..3 {
            let text = sample(&s, label);
            if let Err(e) = edit_row(&mut s, phase, label, &text) {
                panic!("{} / {}: {e}", row.template, row.field);
            }
            last = changed(&before, &flat(session(&s)));
            if writes(row.session, &last) {
                done = true;
                break;
            }
        }
        assert!(
            done,
            "{} / {}: phase {phase} “{label}” does not write `{}` (it changed {last:?})",
            row.template, row.field, row.session
        );
    }
}

#[test]
fn derived_rows_say_how_and_stored_paths_exist_in_the_example() {
    let s = example();
    let paths = flat(session(&s));
    let known: BTreeSet<String> = changed(&BTreeMap::new(), &paths);
    for row in TEMPLATE_FIELDS {
        if let Editor::Derived(how) = row.editor {
            assert!(
                how.len() > 10,
                "{} / {}: say how it is derived",
                row.template,
                row.field
            );
        }
        if !row.session.is_empty() {
            assert!(
                writes(row.session, &known),
                "{} / {}: `{}` is not a path of the session file",
                row.template,
                row.field,
                row.session
            );
        }
    }
}

fn json_has(v: &serde_json::Value, path: &str) -> bool {
    let Some((head, rest)) = path.split_once('.').map_or(Some((path, "")), Some) else {
        return false;
    };
    let (key, each) = match head.strip_suffix("[]") {
        Some(k) => (k, true),
        None => (head, false),
    };
    let Some(next) = v.get(key) else { return false };
    match (each, rest.is_empty()) {
        (false, true) => true,
        (false, false) => json_has(next, rest),
        (true, true) => next.is_array(),
        (true, false) => next
            .as_array()
            .is_some_and(|a| a.iter().any(|x| json_has(x, rest))),
    }
}

#[test]
fn every_field_is_in_the_json_and_markdown_reports() {
    let s = example();
    let report = crate::report::build(session(&s), &s.catalog);
    let json: serde_json::Value = serde_json::from_str(&crate::report::to_json(&report)).unwrap();
    let md = crate::report::to_markdown(&report);
    for row in TEMPLATE_FIELDS {
        assert!(
            json_has(&json, row.json),
            "{} / {}: JSON report has no `{}`",
            row.template,
            row.field,
            row.json
        );
        let (heading, label) = row.markdown;
        let start = md
            .lines()
            .position(|l| l == heading)
            .unwrap_or_else(|| panic!("Markdown report has no heading `{heading}`"));
        let level = heading.split(' ').next().unwrap().len();
        let section: Vec<&str> = md
            .lines()
            .skip(start + 1)
            .take_while(|l| {
                let hashes = l.chars().take_while(|c| *c == '#').count();
                hashes == 0 || hashes > level
            })
            .collect();
        let shown = section.iter().any(|l| {
            if label.starts_with('#') {
                l.starts_with(label)
            } else {
                (l.starts_with('|') && l.split('|').any(|c| c.trim() == label))
                    || (l.starts_with("- ") && l.contains(&format!("{label}: ")))
            }
        });
        assert!(
            shown,
            "{} / {}: Markdown section `{heading}` shows no `{label}`",
            row.template, row.field
        );
    }
}

#[test]
fn docs_templates_md_is_the_table() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/templates.md");
    let page = markdown();
    if std::env::var_os("MAESTRO_TM_BLESS").is_some() {
        std::fs::write(&path, &page).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == page,
        "docs/templates.md differs from src/tui/templates.rs; run with MAESTRO_TM_BLESS=1"
    );
}
