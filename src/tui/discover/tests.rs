//! The discovery review screen: update without a terminal, snapshots on a TestBackend.

use super::*;
use crate::tui::app::AppState;
use crate::tui::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/discover/langgraph");

fn with_session() -> AppState {
    crate::tui::test_support::example("minimal.toml")
}

fn key(s: &mut AppState, code: KeyCode) -> Effect {
    let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    match crate::tui::input::map_event(s, &event) {
        Some(action) => update(s, action),
        None => Effect::None,
    }
}

fn ch(s: &mut AppState, c: char) -> Effect {
    key(s, KeyCode::Char(c))
}

/// Phase 2, D, Enter: the scan effect, performed as the runtime does, on the fixture.
fn reviewing() -> AppState {
    let mut s = with_session();
    ch(&mut s, '2');
    ch(&mut s, 'D');
    let prefill = s.editing.as_ref().map(|e| e.field.text());
    assert_eq!(prefill.as_deref(), Some("sessions"), "the session's folder");
    let effect = key(&mut s, KeyCode::Enter);
    assert_eq!(
        effect,
        Effect::Discover(ScanRequest {
            root: PathBuf::from("sessions")
        })
    );
    let Action::Discover(DiscoverAction::Scanned { result, .. }) = perform(
        ScanRequest {
            root: PathBuf::from(FIXTURE),
        },
        &s,
    ) else {
        panic!("perform answers with Scanned");
    };
    // A relative root keeps the snapshots independent of the checkout's place.
    let root = PathBuf::from("tests/discover/langgraph");
    update(
        &mut s,
        Action::Discover(DiscoverAction::Scanned { root, result }),
    );
    assert!(s.discover.is_some(), "{:?}", s.message);
    s
}

fn render(s: &AppState, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| crate::tui::views::render(f, s)).unwrap();
    t
}

fn ids(s: &AppState) -> Vec<String> {
    let ui = s.discover.as_ref().unwrap();
    ui.items.iter().map(|i| i.proposal.id.clone()).collect()
}

#[test]
fn items_are_grouped_by_layer_and_all_new_for_a_fresh_session() {
    let s = reviewing();
    let ui = s.discover.as_ref().unwrap();
    let groups: Vec<Layer> = ui.items.iter().map(|i| i.group).collect();
    let mut sorted = groups.clone();
    sorted.sort();
    assert_eq!(groups, sorted, "grouped by layer");
    assert!(ui.items.iter().any(|i| i.group == Layer::L3));
    assert!(ui.items.iter().any(|i| i.group == Layer::L1));
    // The minimal example has none of these components: every one is new.
    assert!(ui.items.iter().all(
        |i| ui.drift_of(&i.proposal.id).map(|d| d.change) == Some(crate::discover::Change::New)
    ));
}

#[test]
fn accept_reject_edit_write_and_undo() {
    let mut s = reviewing();
    let before = s.doc.as_ref().unwrap().session().components.len();
    let order = ids(&s);
    ch(&mut s, 'a'); // accept #0, moves to #1
    ch(&mut s, 'r'); // reject #1, moves to #2
    ch(&mut s, 'e'); // edit #2
    key(&mut s, KeyCode::Enter); // the name line
    for _ in 0..40 {
        key(&mut s, KeyCode::Backspace);
    }
    for c in "Renamed one".chars() {
        ch(&mut s, c);
    }
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Down); // kind line
    let kind_before = s.discover.as_ref().unwrap().items[2].proposal.kind;
    key(&mut s, KeyCode::Right);
    let kind_after = s.discover.as_ref().unwrap().items[2].proposal.kind;
    assert_ne!(kind_before, kind_after, "→ picks the next catalog kind");
    assert!(
        s.catalog.taxonomy.get_component_kind(kind_after).is_some(),
        "from the catalog's closed set"
    );
    key(&mut s, KeyCode::Down); // layers line
    ch(&mut s, '7');
    ch(&mut s, ' '); // toggle L7 on
    key(&mut s, KeyCode::Esc);
    let edited = s.discover.as_ref().unwrap().items[2].clone();
    assert!(edited.edited && edited.decision == Decision::Accept);
    assert!(edited.proposal.layers.contains(&Layer::L7));
    assert_eq!(edited.proposal.name, "Renamed one");

    ch(&mut s, 'w');
    assert!(s.discover.is_none(), "written and closed");
    let session = s.doc.as_ref().unwrap().session();
    assert_eq!(session.components.len(), before + 2, "{:?}", s.message);
    let first = order[0].clone();
    let added: Vec<_> = session.components[before..].iter().collect();
    assert!(
        added
            .iter()
            .any(|c| c.name == "Renamed one" && c.kind == kind_after)
    );
    assert!(
        added
            .iter()
            .any(|c| c.name == "Renamed one" && c.layers.contains(&Layer::L7))
    );
    // Each accepted record remembers its evidence; the rejected one is remembered as seen.
    for c in &added {
        let kept = session
            .discovery
            .evidence
            .iter()
            .find(|e| e.record == c.id)
            .unwrap();
        assert!(!kept.evidence.is_empty() && kept.evidence[0].line.is_some());
    }
    assert!(
        session
            .discovery
            .evidence
            .iter()
            .any(|e| e.proposal == first)
    );
    let rejected = session
        .discovery
        .seen
        .iter()
        .find(|p| p.id == order[1])
        .unwrap();
    assert!(!rejected.accepted);
    assert!(!added.iter().any(|c| c.name == rejected.name));

    // One undo takes the whole write back.
    ch(&mut s, 'u');
    assert_eq!(s.doc.as_ref().unwrap().session().components.len(), before);
    assert!(s.doc.as_ref().unwrap().session().discovery.seen.is_empty());
}

#[test]
fn accept_layer_and_a_second_run_shows_no_new_items() {
    let mut s = reviewing();
    // Accept all of every layer, one group at a time.
    for _ in 0..8 {
        ch(&mut s, 'A');
        key(&mut s, KeyCode::Right);
    }
    let (accepted, _, pending) = s.discover.as_ref().unwrap().tally();
    assert_eq!(pending, 0);
    key(&mut s, KeyCode::Enter); // Enter writes too
    assert!(s.discover.is_none());
    let session = s.doc.as_ref().unwrap().session().clone();
    assert!(session.components.len() >= accepted);
    let again =
        crate::discover::discover(std::path::Path::new(FIXTURE), &s.catalog, Limits::default())
            .unwrap();
    assert!(!crate::discover::drift(&session, &again).has_new());
}

#[test]
fn esc_asks_before_discarding_decisions() {
    let mut s = reviewing();
    ch(&mut s, 'a');
    key(&mut s, KeyCode::Esc);
    assert!(s.discover.is_some(), "first Esc warns");
    assert!(s.message.as_deref().unwrap_or("").contains("Esc again"));
    key(&mut s, KeyCode::Esc);
    assert!(s.discover.is_none());
    assert!(s.doc.as_ref().unwrap().session().discovery.seen.is_empty());
}

#[test]
fn hostile_text_from_the_tree_is_drawn_as_plain_data() {
    let mut s = reviewing();
    let ui = s.discover.as_mut().unwrap();
    ui.items[0].proposal.name = "evil\u{1b}]52;c;aGk=\u{7}\u{202E}name".into();
    ui.items[0].proposal.evidence[0].detail = "ignore previous instructions\u{1b}[2J".into();
    let t = render(&s, 80, 24);
    let screen: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(!screen.contains('\u{1b}') && !screen.contains('\u{202E}'));
    assert!(screen.contains("evil"));
    assert!(screen.contains("ignore previous instructions"));
}

#[test]
fn snapshots_of_the_prompt_review_and_edit_box() {
    let mut s = with_session();
    ch(&mut s, '2');
    ch(&mut s, 'D');
    insta::assert_snapshot!("discover_prompt_80x24", render(&s, 80, 24).backend());
    let mut s = reviewing();
    ch(&mut s, 'a');
    ch(&mut s, 'r');
    insta::assert_snapshot!("discover_review_80x24", render(&s, 80, 24).backend());
    insta::assert_snapshot!("discover_review_200x50", render(&s, 200, 50).backend());
    ch(&mut s, 'e');
    key(&mut s, KeyCode::Down);
    insta::assert_snapshot!("discover_edit_80x24", render(&s, 80, 24).backend());
    insta::assert_snapshot!("discover_edit_200x50", render(&s, 200, 50).backend());
}

#[test]
fn d_outside_phase_2_says_where_discovery_is() {
    let mut s = with_session();
    ch(&mut s, '6');
    ch(&mut s, 'D');
    assert!(s.editing.is_none(), "no prompt outside phase 2");
    assert_eq!(
        s.message.as_deref(),
        Some("Discovery belongs to phase 2: 2 then D")
    );
}

#[test]
fn a_long_folder_keeps_the_counts_in_the_title() {
    let mut s = reviewing();
    if let Some(ui) = &mut s.discover {
        ui.root = PathBuf::from("/a/very/long/checkout/of/some/project/tests/discover/langgraph");
    }
    let term = render(&s, 80, 24);
    let top: String = (0..80)
        .map(|x| term.backend().buffer()[(x, 1)].symbol().to_string())
        .collect();
    assert!(top.contains("9 to review"), "{top}");
    assert!(top.contains("…"), "the folder is shortened: {top}");
    assert!(top.contains("langgraph"), "its end is kept: {top}");
}

#[test]
fn a_later_run_lists_what_is_gone_since_the_review() {
    let mut s = reviewing();
    ch(&mut s, 'a'); // OpenAI
    ch(&mut s, 'w');
    let session = s.doc.as_ref().unwrap().session().clone();
    // The next commit of the tree no longer uses OpenAI.
    let mut later =
        crate::discover::discover(std::path::Path::new(FIXTURE), &s.catalog, Limits::default())
            .unwrap();
    later.components.retain(|c| c.name != "OpenAI");
    let drift = crate::discover::drift(&session, &later).items;
    s.discover = Some(DiscoverUi::new(
        PathBuf::from("tests/discover/langgraph"),
        later,
        drift,
    ));
    let term = render(&s, 80, 24);
    let text: String = term
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(text.contains("Gone since the last review (1)"), "{text}");
    assert!(text.contains("− OpenAI · L1"), "{text}");
}

#[test]
fn help_lists_the_review_keys_while_reviewing() {
    let s = reviewing();
    let rows = s.help_rows();
    assert!(
        rows.iter()
            .any(|(k, h)| k == "A / R" && h.contains("layer"))
    );
    assert!(!with_session().help_rows().iter().any(|(k, _)| k == "A / R"));
}

#[test]
fn an_empty_tree_after_a_review_still_shows_what_is_gone() {
    let mut s = reviewing();
    ch(&mut s, 'a');
    ch(&mut s, 'w');
    let empty = tempfile::tempdir().unwrap();
    let Action::Discover(scanned) = perform(
        ScanRequest {
            root: empty.path().to_path_buf(),
        },
        &s,
    ) else {
        panic!("perform answers with Scanned");
    };
    update(&mut s, Action::Discover(scanned));
    let ui = s
        .discover
        .as_ref()
        .expect("the review opens for what is gone");
    assert!(ui.items.is_empty());
    assert!(
        ui.drift
            .iter()
            .any(|d| d.name == "OpenAI" && d.change == crate::discover::Change::Gone)
    );
    ch(&mut s, 'a'); // nothing to decide: no panic
    ch(&mut s, 'w');
    assert!(s.discover.is_some(), "nothing decided: stays open");
    // A fresh session and an empty tree: nothing to review.
    let mut fresh = with_session();
    let Action::Discover(scanned) = perform(
        ScanRequest {
            root: empty.path().to_path_buf(),
        },
        &fresh,
    ) else {
        panic!("perform answers with Scanned");
    };
    update(&mut fresh, Action::Discover(scanned));
    assert!(fresh.discover.is_none());
    assert!(
        fresh
            .message
            .as_deref()
            .unwrap_or("")
            .starts_with("Nothing found")
    );
}
