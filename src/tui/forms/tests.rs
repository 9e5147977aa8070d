//! Forms and record lists driven through `update`, on the customer-support example.

use crate::session::storage;
use crate::tui::action::{Action, Command};
use crate::tui::app::*;
use crate::tui::update::update;
use crate::tui::widgets::form::FieldKind;
use ratatui_textarea::{Input, Key};
use std::path::PathBuf;

fn example() -> AppState {
    crate::tui::test_support::example("customer-support-mas.toml")
}

fn cmd(s: &mut AppState, c: Command) {
    update(s, Action::Command(c));
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

fn type_text(s: &mut AppState, text: &str) {
    for c in text.chars() {
        input(s, Key::Char(c));
    }
}

fn session(s: &AppState) -> &crate::session::Session {
    s.doc.as_ref().unwrap().session()
}

/// Enters a value in every field of the open form, as a user would.
fn fill_every_field(s: &mut AppState) {
    let form = s.form.clone().unwrap();
    let (specs, _) = super::specs_and_values(s, &form);
    for (i, spec) in specs.iter().enumerate() {
        s.form.as_mut().unwrap().focus = i;
        cmd(s, Command::Open);
        match &spec.kind {
            FieldKind::Text => {
                type_text(s, &format!("v{i}"));
                input(s, Key::Enter);
            }
            FieldKind::MultiLine => {
                type_text(s, &format!("line {i}"));
                input(s, Key::Enter);
                type_text(s, "more");
                input(s, Key::Esc);
            }
            FieldKind::Choice { options, .. } => {
                // Search by typing part of the last option, then choose it.
                let last = options.last().unwrap().value.clone();
                type_text(s, &last[..last.len().min(3)]);
                input(s, Key::Enter);
            }
            FieldKind::MultiChoice(_) | FieldKind::Refs(_) => {
                input(s, Key::Char(' '));
                input(s, Key::Down);
                input(s, Key::Char(' '));
                input(s, Key::Enter);
            }
            FieldKind::Bool | FieldKind::Kept => {}
        }
        assert!(
            s.form.as_ref().unwrap().active.is_none(),
            "{} still editing",
            spec.key
        );
    }
}

/// Every field of a form holds a value after filling, and survives save and load.
fn check_saved(s: &AppState, kind_name: &str, id: &str) {
    let k = super::kind(kind_name).unwrap();
    let doc = &s.doc.as_ref().unwrap().document;
    let text = storage::to_text(session(s), &doc.unknown);
    let reloaded = storage::parse(&PathBuf::from("x.toml"), &text)
        .unwrap()
        .session;
    for spec in k.fields(session(s), &s.catalog) {
        let value = k.get(session(s), id, &spec.key);
        match &spec.kind {
            // Kept OTM data comes from an import, not from the form.
            FieldKind::Bool | FieldKind::Kept => {}
            _ => assert!(!value.is_empty(), "{kind_name}.{} is empty", spec.key),
        }
        assert_eq!(
            k.get(&reloaded, id, &spec.key),
            value,
            "{kind_name}.{} after reload",
            spec.key
        );
    }
    let problems = crate::session::validate::check(&reloaded, &s.catalog);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn every_template_field_can_be_entered_and_is_saved() {
    let mut s = example();
    // Business Context: a singleton, opened from its rows.
    super::open_form(&mut s, "business", "business", None);
    fill_every_field(&mut s);
    check_saved(&s, "business", "business");
    cmd(&mut s, Command::Back);
    for (phase, kind_name) in [
        (1, "assumption"),
        (2, "component"),
        (3, "actor"),
        (4, "boundary"),
        (5, "asset"),
    ] {
        cmd(&mut s, Command::Phase(phase));
        super::add_record(&mut s, kind_name);
        let id = s.form.as_ref().unwrap().id.clone();
        fill_every_field(&mut s);
        check_saved(&s, kind_name, &id);
        cmd(&mut s, Command::Back);
        assert!(s.form.is_none());
    }
}

fn count(s: &AppState, kind_name: &str) -> usize {
    super::kind(kind_name).unwrap().ids(session(s)).len()
}

#[test]
fn add_edit_delete_and_undo_for_every_kind_of_each_phase() {
    for (phase, kind_name) in [
        (1, "stakeholder"),
        (1, "assumption"),
        (2, "component"),
        (2, "flow"),
        (3, "actor"),
        (4, "zone"),
        (4, "boundary"),
        (5, "asset"),
    ] {
        let mut s = example();
        cmd(&mut s, Command::Phase(phase));
        let before = count(&s, kind_name);
        super::add_record(&mut s, kind_name);
        assert_eq!(count(&s, kind_name), before + 1, "{kind_name} added");
        let id = s.form.as_ref().unwrap().id.clone();
        // Edit the first field, leave, undo the edit, undo the add.
        cmd(&mut s, Command::Open);
        let k = super::kind(kind_name).unwrap();
        let first = k.fields(session(&s), &s.catalog)[0].clone();
        match first.kind {
            FieldKind::Text | FieldKind::MultiLine => {
                type_text(&mut s, "edited");
                input(&mut s, Key::Enter);
                input(&mut s, Key::Esc);
            }
            _ => input(&mut s, Key::Enter),
        }
        assert!(
            !k.get(session(&s), &id, &first.key).is_empty(),
            "{kind_name} edited"
        );
        cmd(&mut s, Command::Back);
        cmd(&mut s, Command::Undo);
        assert!(
            k.get(session(&s), &id, &first.key).is_empty(),
            "{kind_name} edit undone"
        );
        cmd(&mut s, Command::Undo);
        assert_eq!(count(&s, kind_name), before, "{kind_name} add undone");
        // Delete the first record through the list and its confirmation.
        let first_id = k.ids(session(&s))[0].clone();
        super::ask_delete(&mut s, kind_name, &first_id);
        update(&mut s, Action::DialogKey('y'));
        assert_eq!(count(&s, kind_name), before - 1, "{kind_name} deleted");
        assert!(
            crate::session::links::referrers(session(&s), kind_name, &first_id).is_empty(),
            "no dangling reference to {first_id}"
        );
        cmd(&mut s, Command::Undo);
        assert_eq!(count(&s, kind_name), before, "{kind_name} delete undone");
    }
}

#[test]
fn delete_names_the_referrers_and_cancel_keeps_everything() {
    let mut s = example();
    cmd(&mut s, Command::Phase(2));
    super::ask_delete(&mut s, "component", "triage-agent");
    let Some(Dialog::ConfirmDelete(pending)) = &s.dialog else {
        panic!("no dialog")
    };
    let used = pending.used_by.clone().unwrap();
    assert!(used.starts_with("triage-agent is used by flow F"), "{used}");
    assert!(used.ends_with("more"), "{used}");
    let before = session(&s).clone();
    update(&mut s, Action::Command(Command::Back));
    assert_eq!(session(&s), &before);
    assert!(s.dialog.is_none());
}

#[test]
fn assumptions_list_from_any_phase_reorders() {
    let mut s = example();
    cmd(&mut s, Command::Phase(4));
    cmd(&mut s, Command::Assumptions);
    assert!(s.records()[0].label.starts_with("Assumptions"));
    cmd(&mut s, Command::Down);
    let first = session(&s).assumptions[0].id.clone();
    cmd(&mut s, Command::MoveDown);
    assert_eq!(session(&s).assumptions[1].id, first);
    cmd(&mut s, Command::Undo);
    assert_eq!(session(&s).assumptions[0].id, first);
    cmd(&mut s, Command::Back);
    assert_eq!(s.list_kind, None);
}

#[test]
fn checklist_ticks_automatic_items_from_data_and_manual_ones_by_key() {
    let mut s = example();
    // Empty the component inventory: the automatic criterion of phase 2 goes off.
    s.doc.as_mut().unwrap().session_mut().components.clear();
    cmd(&mut s, Command::Phase(2));
    let auto_met = |s: &AppState| {
        crate::progress::phase_criteria(session(s), &s.catalog, 2)
            .iter()
            .filter(|c| c.automatic && c.met)
            .count()
    };
    let before = auto_met(&s);
    super::add_record(&mut s, "component");
    fill_every_field(&mut s);
    cmd(&mut s, Command::Back);
    assert!(
        auto_met(&s) > before,
        "adding a component ticks an automatic item"
    );
    // A manual criterion toggles with x and lands in [[phases]] checked.
    let manual = crate::progress::phase_criteria(session(&s), &s.catalog, 2)
        .into_iter()
        .find(|c| !c.automatic);
    if let Some(manual) = manual {
        let was = manual.met;
        let row = s
            .records()
            .iter()
            .position(|r| r.record.as_ref().is_some_and(|r| r.id == manual.id))
            .unwrap();
        s.records_nav.selected = row;
        cmd(&mut s, Command::Tick);
        let now = crate::progress::phase_criteria(session(&s), &s.catalog, 2)
            .into_iter()
            .find(|c| c.id == manual.id)
            .unwrap();
        assert_ne!(now.met, was);
    }
    // Status cycles and is stored.
    let status = session(&s).phase_status(2);
    cmd(&mut s, Command::CycleStatus);
    assert_ne!(session(&s).phase_status(2), status);
}

#[test]
fn engagement_answers_decide_the_depth() {
    let mut s = example();
    s.doc.as_mut().unwrap().session_mut().engagement = Default::default();
    super::open_form(&mut s, "engagement", "engagement", None);
    // Answer the first question with its first answer.
    cmd(&mut s, Command::Open);
    input(&mut s, Key::Enter);
    let answered = session(&s).engagement.answers.len();
    assert_eq!(answered, 1);
    let decided = s.catalog.engagement.decide(&session(&s).engagement.answers);
    assert_eq!(session(&s).engagement.depth, decided);
}

fn render(
    s: &AppState,
    width: u16,
    height: u16,
) -> ratatui::Terminal<ratatui::backend::TestBackend> {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    t.draw(|f| crate::tui::views::render(f, s)).unwrap();
    t
}

#[test]
fn snapshot_phase_screens_of_the_customer_support_example() {
    let mut s = example();
    for phase in 1..=5u8 {
        cmd(&mut s, Command::Phase(phase));
        // Guidance collapsed so the records show.
        s.guidance_collapsed = true;
        insta::assert_snapshot!(
            format!("form_phase{phase}_80x24"),
            render(&s, 80, 24).backend()
        );
        insta::assert_snapshot!(
            format!("form_phase{phase}_200x50"),
            render(&s, 200, 50).backend()
        );
    }
    cmd(&mut s, Command::Phase(2));
    super::open_form(&mut s, "component", "triage-agent", Some("layers"));
    cmd(&mut s, Command::Open);
    insta::assert_snapshot!("form_component_80x24", render(&s, 80, 24).backend());
    input(&mut s, Key::Esc);
    cmd(&mut s, Command::Back);
    super::ask_delete(&mut s, "component", "triage-agent");
    insta::assert_snapshot!("form_delete_80x24", render(&s, 80, 24).backend());
}

/// Issue 16 item 6 / issue 24: every field of the Threat Card and Mitigation Card
/// templates is editable (Enter on the card opens its form), saves, and validates.
#[test]
fn threat_and_mitigation_cards_edit_every_template_field() {
    let mut s = example();
    cmd(&mut s, Command::Phase(6));
    cmd(&mut s, Command::Register);
    cmd(&mut s, Command::Open);
    let Some(crate::tui::phases::threats::View::Card(id)) = s.threats.view().cloned() else {
        panic!("the register opens a card: {:?}", s.threats.view());
    };
    cmd(&mut s, Command::Open);
    let form = s.form.clone().expect("Enter on the card opens its form");
    assert_eq!((form.kind, form.id.as_str()), ("threat", id.as_str()));
    // Start from empty reference lists, so the two toggles of the filler pick two records
    // rather than untick the ones the example already lists.
    crate::tui::update::edit(&mut s, |session| {
        let t = session.threats.iter_mut().find(|t| t.id == id).unwrap();
        t.components.clear();
        t.actors.clear();
        t.assets.clear();
        t.boundaries.clear();
    });
    fill_every_field(&mut s);
    check_saved(&s, "threat", &id);
    cmd(&mut s, Command::Back);
    assert!(s.form.is_none(), "Esc closes the form");
    assert!(
        matches!(
            s.threats.view(),
            Some(crate::tui::phases::threats::View::Card(_))
        ),
        "and returns to the card"
    );
    let mitigation = session(&s).mitigations[0].id.clone();
    super::open_form(&mut s, "mitigation", &mitigation, None);
    crate::tui::update::edit(&mut s, |session| {
        session.mitigations[0].addresses.clear();
    });
    fill_every_field(&mut s);
    check_saved(&s, "mitigation", &mitigation);
}

/// Issue 21: every form field of a record kind is a variant of its field enum and every
/// variant is on the form (keys made from catalog data — decision-tree questions,
/// boundary controls, lifecycle stages — aside), and each variant's value is the one
/// `set` wrote and `get` reads back.
#[test]
fn form_fields_are_the_field_enums_and_round_trip() {
    use super::cards::{MitigationField, ThreatField};
    use super::kinds::*;
    use super::{KINDS, RecordKind};
    use crate::tui::widgets::form::Value;
    fn keys<T: Copy>(all: &[T], key: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|f| key(*f)).collect()
    }
    let typed: Vec<(&str, Vec<&str>)> = vec![
        (
            "engagement",
            keys(EngagementField::ALL, EngagementField::key),
        ),
        ("business", keys(BusinessField::ALL, BusinessField::key)),
        (
            "stakeholder",
            keys(StakeholderField::ALL, StakeholderField::key),
        ),
        (
            "assumption",
            keys(AssumptionField::ALL, AssumptionField::key),
        ),
        (
            "architecture",
            keys(ArchitectureField::ALL, ArchitectureField::key),
        ),
        ("layer", keys(LayerNoteField::ALL, LayerNoteField::key)),
        ("component", keys(ComponentField::ALL, ComponentField::key)),
        ("flow", keys(FlowField::ALL, FlowField::key)),
        ("actor", keys(ActorField::ALL, ActorField::key)),
        ("zone", keys(ZoneField::ALL, ZoneField::key)),
        ("boundary", keys(BoundaryField::ALL, BoundaryField::key)),
        ("asset", keys(AssetField::ALL, AssetField::key)),
        ("threat", keys(ThreatField::ALL, ThreatField::key)),
        (
            "mitigation",
            keys(MitigationField::ALL, MitigationField::key),
        ),
    ];
    assert_eq!(typed.len(), KINDS.len(), "a kind without a field enum");
    let state = example();
    let catalog = &state.catalog;
    let mut session = state.doc.as_ref().unwrap().session().clone();
    let questions: Vec<&str> = catalog
        .engagement
        .questions
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    for (name, enum_keys) in &typed {
        let kind: &dyn RecordKind = super::kind(name).unwrap();
        let mut on_form: Vec<&str> = Vec::new();
        let specs = kind.fields(&session, catalog);
        for spec in &specs {
            let key = spec.key.as_str();
            if key.contains(':') || (*name == "engagement" && questions.contains(&key)) {
                continue;
            }
            on_form.push(
                enum_keys
                    .iter()
                    .find(|k| **k == key)
                    .copied()
                    .unwrap_or_else(|| {
                        panic!("{name}: form field {key} is not a variant of its field enum")
                    }),
            );
        }
        let mut sorted_form = on_form.clone();
        sorted_form.sort_unstable();
        let mut sorted_enum = enum_keys.clone();
        sorted_enum.sort_unstable();
        assert_eq!(
            sorted_form, sorted_enum,
            "{name}: enum variants not on the form"
        );
        // Text fields hold what was written: a `_ =>` fallback that wrote another field
        // would show here.
        let Some(id) = kind.ids(&session).into_iter().next() else {
            continue;
        };
        for spec in specs.iter().filter(|s| {
            matches!(s.kind, FieldKind::Text | FieldKind::MultiLine) && !s.key.contains(':')
        }) {
            let key = spec.key.as_str();
            // Values that are parsed, not kept as typed.
            if ["custom_threat_prefix", "trust_level"].contains(&key) {
                continue;
            }
            let marker = format!("probe {name} {key}");
            kind.set(&mut session, catalog, &id, key, Value::Text(marker.clone()));
            let back = kind.get(&session, &id, key).text();
            assert_eq!(back, marker, "{name}.{key}");
            for other in specs.iter().filter(|o| o.key != spec.key) {
                assert_ne!(
                    kind.get(&session, &id, &other.key).text(),
                    marker,
                    "{name}: writing {key} changed {}",
                    other.key
                );
            }
        }
    }
}
