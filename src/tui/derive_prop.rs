//! Issue 21: the figures `derive::refresh` keeps (updated in place after one card, one
//! mitigation, an insert or a delete; carried over on phase 6 when a card keeps its id,
//! catalog threat and layers; the gap report and phase 7 body patched after a mitigation
//! change) equal a full recompute after any sequence of edits made as a user makes
//! them: through `update` with the commands the keys send — ratings, factors, mitigation
//! keys, adopting, custom threats, deletes, undo, redo, phase and layer switches, the
//! register and heatmap views, and idle time (the planning bodies built ahead, kept
//! across phase changes and patched after an edit: each slot checked). So does the
//! index of the mitigations of each card, carried or patched through the edits.

use super::action::{Action, Command};
use super::app::AppState;
use super::derive::Derived;
use super::phases::plan::{PlanAction, PlanKey};
use super::test_support;
use super::update::update;
use proptest::prelude::*;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// One thing the analyst does.
#[derive(Debug, Clone)]
enum Op {
    /// A command as a key sends it.
    Key(Command),
    /// A phase 7–10 key.
    Plan(PlanKey),
    /// Toggles agentic factor `n` (1–4) of the open card.
    Factor(u8),
    /// `T` on the layer screen, a name, Enter: a threat of the analyst's own.
    Custom(String),
    /// `N` on the layer screen, a reason, Enter.
    NotApplicable,
    /// Deletes record `n` of form kind `kind` (modulo their numbers; components, flows,
    /// assets… whose references go with them), confirmed.
    Delete(usize, usize),
    /// Adopts catalog mitigation `m` for threat card `t` (modulo their numbers), as
    /// phase 7's `a` on a candidate does: a new mitigation, or the threat added to the
    /// card that already adopts it.
    Adopt(usize, usize),
    /// Toggles a layer of threat card `card` in its form (the picker moved `moves`
    /// rows, else to the layer of the current tab): a one-card edit that the phase 6
    /// suggestions must not carry over.
    Layers { card: usize, moves: Option<u8> },
    /// Idle time: the run loop builds ahead what phase keys will show (`derive::warm`).
    Idle,
}

fn command() -> impl Strategy<Value = Command> {
    use Command::*;
    prop_oneof![
        4 => prop::sample::select(vec![
            SeverityUp,
            SeverityDown,
            LikelihoodUp,
            LikelihoodDown,
            AttackVector,
            Complexity,
        ]),
        4 => prop::sample::select(vec![Up, Down, Left, Right, Top, Bottom, CycleView]),
        2 => prop::sample::select(vec![Open, Back]),
        3 => prop::sample::select(vec![Undo, Redo]),
        // 6 often: the layer screen and its carry-over.
        3 => prop_oneof![3 => Just(Phase(6)), 1 => (1u8..=10).prop_map(Phase)],
        2 => prop::sample::select(vec![
            MarkApplicable,
            MarkUnreviewed,
            LayerAssessed,
            BuildChain,
            Register,
            Heatmap,
            SortKey,
            Assumptions,
        ]),
    ]
}

fn plan_key() -> impl Strategy<Value = PlanKey> {
    use PlanKey::*;
    prop::sample::select(vec![
        Adopt,
        NewMitigation,
        CycleStatus,
        CycleImplementation,
        CycleCoverage,
        CycleEffectiveness,
        CycleCost,
        CycleKind,
        CycleFinding,
        CycleDisposition,
        CycleLevelOverride,
        AcceptProposal,
    ])
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => command().prop_map(Op::Key),
        4 => plan_key().prop_map(Op::Plan),
        1 => (1u8..=4).prop_map(Op::Factor),
        1 => prop::sample::select(vec!["Prompt leak", "Model theft", ""])
            .prop_map(|n| Op::Custom(n.to_string())),
        1 => Just(Op::NotApplicable),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(k, n)| Op::Delete(k, n)),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(m, t)| Op::Adopt(m, t)),
        2 => (any::<usize>(), prop::option::of(0..8u8))
            .prop_map(|(card, moves)| Op::Layers { card, moves }),
        2 => Just(Op::Idle),
    ]
}

/// Every figure the state serves equals the same figure computed from scratch (a clone
/// whose caches are empty computes each on the spot), and the figures of the session
/// are cached for its revision.
fn check(s: &AppState, after: &str) {
    let mut fresh = s.clone();
    fresh.derived = Derived::default();
    let doc = s.doc.as_ref().expect("a session is open");
    let cached = s
        .derived
        .session
        .as_ref()
        .expect("session figures are cached");
    assert_eq!(
        cached.revision, doc.revision,
        "after {after}: stale revision"
    );
    assert_eq!(
        s.figures(),
        fresh.figures(),
        "after {after}: session figures"
    );
    assert_eq!(s.records(), fresh.records(), "after {after}: records");
    assert_eq!(
        s.layer_suggestions(),
        fresh.layer_suggestions(),
        "after {after}: layer suggestions"
    );
    assert_eq!(
        s.layer_rows(),
        fresh.layer_rows(),
        "after {after}: layer rows"
    );
    assert_eq!(s.gap_report(), fresh.gap_report(), "after {after}: gaps");
    assert_eq!(
        s.heatmap_figures(),
        fresh.heatmap_figures(),
        "after {after}: heatmap"
    );
    assert_eq!(
        s.register_rows(),
        fresh.register_rows(),
        "after {after}: register"
    );
    assert_eq!(s.plan_body(), fresh.plan_body(), "after {after}: plan body");
    // The bodies kept for the other planning phases (patched after an edit, or built in
    // idle time): each one whose key says it is up to date equals building it anew.
    for phase in 7..=10u8 {
        if let Some((key, body)) = s.derived.plan(phase) {
            assert_eq!(key.phase, phase, "after {after}: phase {phase} slot");
            if Some(key) == s.plan_key_of(phase).as_ref() {
                assert_eq!(
                    **body,
                    *fresh.plan_body_of(phase),
                    "after {after}: kept body of phase {phase}"
                );
            }
        }
        assert_eq!(
            s.plan_body_of(phase),
            fresh.plan_body_of(phase),
            "after {after}: body of phase {phase}"
        );
    }
    // The mitigations of each card: an index at this revision (built, carried or
    // patched through the edits) equals one built anew.
    if let Some((revision, index)) = &s.derived.addressing
        && *revision == doc.revision
    {
        assert_eq!(
            **index,
            crate::analysis::addressing::Addressing::build(doc.session()),
            "after {after}: mitigations of each card"
        );
    }
    if let Some((revision, _)) = &s.derived.gaps {
        // Kept off phase 7 too: up to date or dropped, never stale.
        assert_eq!(*revision, doc.revision, "after {after}: gaps revision");
    }
    if let Some(super::phases::threats::View::Card(id)) = s.threats.view() {
        // Cached while the card exists (an undo may take it away under the view).
        assert_eq!(
            s.derived.card.is_some(),
            doc.session().threat(id).is_some(),
            "after {after}: the open card is cached"
        );
        // The cache is for this card at this revision, and holds what computing anew gives.
        if let Some((key, figures)) = &s.derived.card {
            assert_eq!(Some(key), s.card_key().as_ref(), "after {after}: card key");
            assert_eq!(
                Some(figures.clone()),
                fresh.card_figures(id),
                "after {after}: card figures"
            );
        }
    }
}

/// `update`, then the check.
fn step(s: &mut AppState, action: Action) {
    let said = format!("{action:?}");
    update(s, action);
    check(s, &said);
}

/// Leaves a dialog, prompt or form the op left open, as Esc would.
fn settle(s: &mut AppState) {
    for _ in 0..3 {
        if s.editing.is_some() || s.dialog.is_some() || s.form.is_some() {
            step(s, Action::Command(Command::Back));
        }
    }
    s.editing = None;
    s.dialog = None;
    s.form = None;
    s.plan.editing = None;
}

fn threat_ids(s: &AppState) -> Vec<String> {
    let session = s.doc.as_ref().unwrap().session();
    session.threats.iter().map(|t| t.id.clone()).collect()
}

/// A key as the terminal sends it, through the key handling.
fn press(s: &mut AppState, code: KeyCode) {
    let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(action) = crate::tui::input::map_event(s, &event) {
        step(s, action);
    }
}

fn apply(s: &mut AppState, op: &Op) {
    match op {
        Op::Key(c) => step(s, Action::Command(*c)),
        Op::Plan(k) => step(s, Action::Plan(PlanAction::Key(*k))),
        Op::Factor(n) => {
            step(s, Action::Command(Command::ToggleFactor));
            step(s, Action::Command(Command::Phase(*n)));
        }
        Op::Custom(name) => {
            step(s, Action::Command(Command::CustomThreat));
            step(s, Action::Paste(name.clone()));
            step(s, Action::Command(Command::Open));
        }
        Op::NotApplicable => {
            step(s, Action::Command(Command::MarkNotApplicable));
            step(s, Action::Paste("out of scope".into()));
            step(s, Action::Command(Command::Open));
        }
        Op::Delete(kind, n) => {
            let k = super::forms::KINDS[kind % super::forms::KINDS.len()];
            let ids = k.ids(s.doc.as_ref().unwrap().session());
            if !ids.is_empty() {
                super::forms::ask_delete(s, k.name(), &ids[n % ids.len()]);
                step(s, Action::DialogKey('y'));
            }
        }
        Op::Adopt(m, t) => {
            let threats = threat_ids(s);
            let catalog = &s.catalog.mitigations.mitigations;
            if threats.is_empty() || catalog.is_empty() {
                return;
            }
            let entry = catalog[m % catalog.len()].id.clone();
            super::phases::mitigations::adopt(s, &entry, &threats[t % threats.len()]);
            // What follows the key's edit in `update`.
            step(s, Action::Tick);
        }
        Op::Layers { card, moves } => {
            let ids = threat_ids(s);
            if ids.is_empty() {
                return;
            }
            super::forms::open_form(s, "threat", &ids[card % ids.len()], Some("layers"));
            press(s, KeyCode::Enter);
            for _ in 0..moves.map_or(s.layer, usize::from) {
                press(s, KeyCode::Down);
            }
            press(s, KeyCode::Char(' '));
            press(s, KeyCode::Enter);
        }
        Op::Idle => {
            let mut built = 0;
            while super::derive::warm(s) {
                built += 1;
                assert!(
                    built <= 6,
                    "idle time ends: the mitigation index, gaps and four bodies at most"
                );
            }
            assert!(!super::derive::warm_due(s), "nothing left to build");
            if s.phase == 6 {
                let revision = s.doc.as_ref().map(|d| d.revision);
                assert_eq!(
                    s.derived.addressing.as_ref().map(|(r, _)| *r),
                    revision,
                    "idle time on phase 6 builds the mitigations of each card"
                );
            }
            check(s, "idle time");
        }
    }
    settle(s);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn cached_figures_equal_a_full_recompute_after_any_edits(
        ops in prop::collection::vec(op(), 1..40),
    ) {
        let mut s = test_support::example("coding-assistant.toml");
        check(&s, "opening");
        for op in &ops {
            apply(&mut s, op);
        }
    }
}
