//! Following links and returning (issue 24), through the keys.

use crate::session::ThreatChain;
use crate::tui::action::{Action, Command};
use crate::tui::app::{AppState, LAYER_TABS, Opened};
use crate::tui::input::map_key;
use crate::tui::phases::plan::{self, RowKind};
use crate::tui::phases::threats::{self, Row, Section, View};
use crate::tui::update::{edit, update};
use crate::vocab::Layer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn minimal() -> AppState {
    let mut s = crate::tui::test_support::example("minimal.toml");
    // T-001 names C1 and C3; M-001 addresses it; a chain has it as a step.
    edit(&mut s, |x| {
        x.chains.push(ThreatChain {
            id: "CH-001".into(),
            name: "Injection to poisoning".into(),
            steps: vec!["T-001".into(), "T-002".into()],
            ..ThreatChain::default()
        })
    });
    s
}

/// Presses a key as the terminal sends it (through the keymap).
fn press(s: &mut AppState, c: char) {
    let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let action = map_key(s, &key).unwrap_or_else(|| panic!("{c} is bound"));
    update(s, action);
}

fn cmd(s: &mut AppState, c: Command) {
    update(s, Action::Command(c));
}

fn open_card(s: &mut AppState, id: &str) {
    cmd(s, Command::Phase(6));
    s.threats.views.push(View::Card(id.into()));
}

#[test]
fn the_keys_are_bound_and_listed_in_help() {
    let s = minimal();
    for (c, command) in [('>', Command::FollowLink), ('<', Command::LinkBack)] {
        let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(s.keymap.resolve(&key), Some(command));
    }
    let help = s.help_rows();
    assert!(
        help.iter()
            .any(|(k, h)| k == ">" && h.contains("Follow a link"))
    );
    assert!(help.iter().any(|(k, h)| k == "<" && h.contains("Return")));
    // The threat card says so too.
    let mut s = s;
    open_card(&mut s, "T-001");
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 50)).unwrap();
    t.draw(|f| crate::tui::views::render(f, &s)).unwrap();
    let screen = format!("{}", t.backend());
    assert!(screen.contains("> follows links, < returns"), "{screen}");
}

#[test]
fn from_a_card_to_its_mitigation_and_back_in_order() {
    let mut s = minimal();
    open_card(&mut s, "T-001");
    press(&mut s, '>');
    let picker = s.links.picker.clone().expect("several links: a picker");
    let labels: Vec<String> = picker.links.iter().map(|l| l.label()).collect();
    assert_eq!(
        labels,
        [
            "component C1 FAQ agent",
            "component C3 Hosted LLM",
            "mitigation M-001 Input filtering and output policy check",
            "chain CH-001 Injection to poisoning",
        ]
    );
    // Letters of the phase do not act under the picker; arrows choose.
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::Open);
    assert!(s.links.picker.is_none());
    assert_eq!(s.phase, 7, "a mitigation is shown in phase 7");
    assert_eq!(s.threats.view(), None);
    assert_eq!(
        plan::selected_list(&s),
        Some(RowKind::Mitigation("M-001".into()))
    );
    // One link back from the mitigation: followed at once, to the card.
    press(&mut s, '>');
    assert!(s.links.picker.is_none());
    assert_eq!(s.phase, 6);
    assert_eq!(s.threats.view(), Some(&View::Card("T-001".into())));
    assert_eq!(s.links.back.len(), 2);
    // Back: to the mitigation, then to the card it all started from.
    press(&mut s, '<');
    assert_eq!(s.phase, 7);
    assert_eq!(
        plan::selected_list(&s),
        Some(RowKind::Mitigation("M-001".into()))
    );
    press(&mut s, '<');
    assert_eq!(s.phase, 6);
    assert_eq!(s.threats.views, vec![View::Card("T-001".into())]);
    assert!(s.links.back.is_empty());
    press(&mut s, '<');
    assert!(
        s.message
            .as_deref()
            .unwrap_or("")
            .contains("nothing to return"),
        "{:?}",
        s.message
    );
    assert_eq!(s.phase, 6, "nothing to return to: nothing moves");
}

#[test]
fn opening_a_session_forgets_the_links_followed_in_the_last() {
    let mut s = minimal();
    open_card(&mut s, "T-002");
    press(&mut s, '>');
    cmd(&mut s, Command::Open);
    assert_eq!(s.links.back.len(), 1, "its component followed");
    let again = minimal();
    let doc = again.doc.unwrap();
    let opened = Opened {
        path: doc.path,
        document: doc.document,
        read_only: None,
        recovery: None,
        resume: None,
        stale_lock: None,
    };
    update(&mut s, Action::Opened(Box::new(opened)));
    assert!(s.links.back.is_empty());
    let phase = s.phase;
    press(&mut s, '<');
    assert_eq!(s.phase, phase);
}

#[test]
fn from_a_component_to_its_threats_and_to_a_chain() {
    let mut s = minimal();
    cmd(&mut s, Command::Phase(2));
    let c2 = s
        .records()
        .iter()
        .position(|r| r.record.as_ref().is_some_and(|x| x.id == "C2"))
        .unwrap();
    s.records_nav.selected = c2;
    press(&mut s, '>');
    // C2 is named by T-002 only: straight to its card, on its layer.
    assert_eq!(s.threats.view(), Some(&View::Card("T-002".into())));
    assert_eq!(s.layer(), Layer::L2);
    // From the card: its component and its chain; the chain is shown in phase 6's list.
    press(&mut s, '>');
    let picker = s.links.picker.as_ref().unwrap();
    let chain = picker.links.iter().position(|l| l.kind == "chain").unwrap();
    s.links.picker.as_mut().unwrap().selected = chain;
    cmd(&mut s, Command::Open);
    assert_eq!(s.layer(), LAYER_TABS[7]);
    assert_eq!(s.threats.section, Section::Chains);
    assert_eq!(threats::selected_row(&s), Some(Row::Chain("CH-001".into())));
    // Esc closes a picker without moving.
    press(&mut s, '>');
    assert!(s.links.picker.is_some(), "a chain of two steps: a picker");
    cmd(&mut s, Command::Back);
    assert!(s.links.picker.is_none());
    assert_eq!(threats::selected_row(&s), Some(Row::Chain("CH-001".into())));
    press(&mut s, '<');
    press(&mut s, '<');
    assert_eq!(s.phase, 2);
    assert_eq!(s.records_nav.selected, c2, "back on the component row");
}

#[test]
fn a_checklist_item_leads_to_the_threats_it_produced() {
    let mut s = minimal();
    cmd(&mut s, Command::Phase(6));
    s.layer = LAYER_TABS.iter().position(|l| *l == Layer::L3).unwrap();
    s.threats.section = Section::Checklist;
    let rows = threats::rows(&s);
    let (i, item) = rows
        .iter()
        .enumerate()
        .find_map(|(i, r)| match r {
            Row::Check(c) if !c.threats.is_empty() => Some((i, c.clone())),
            _ => None,
        })
        .expect("a checklist item on L3");
    s.records_nav.selected = i;
    press(&mut s, '>');
    assert!(
        s.message
            .as_deref()
            .unwrap_or("")
            .contains("links to nothing"),
        "no card yet: {:?}",
        s.message
    );
    // A card instantiating one of the item's threats on L3 is what it produced.
    let catalog_id = item.threats[0].clone();
    edit(&mut s, |x| {
        x.threats.push(crate::session::Threat {
            id: "T-009".into(),
            name: "From the checklist".into(),
            catalog: catalog_id,
            layers: vec![Layer::L3],
            ..Default::default()
        })
    });
    press(&mut s, '>');
    assert_eq!(s.threats.view(), Some(&View::Card("T-009".into())));
    press(&mut s, '<');
    assert_eq!(s.threats.section, Section::Checklist);
    assert_eq!(s.records_nav.selected, i);
}
