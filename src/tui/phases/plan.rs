//! Long because the four planning phases share one selection state, one key handler
//! and one row model, which live here once.
//!
//! Shared machinery of the planning phases 7–10: their own selection state, phase-local
//! keys, the row model the views draw, text-field targets and the effects the runtime
//! performs for them (evidence search, report export).
//!
//! Each phase module builds rows from the core (`analysis`, `risk`, `report`); nothing
//! here decides a score.

use super::{mitigations, outputs, residual, validation};
use crate::analysis::evidence::Hit;
use crate::analysis::gaps::GapRule;
use crate::session::Session;
use crate::tui::action::{Action, Command};
use crate::tui::app::{AppState, EditTarget, Editing};
use crate::tui::update::{Effect, edit};
use crate::tui::widgets::field::Field;
use std::path::PathBuf;
use std::sync::Arc;

/// Whether a phase is drawn and driven by this module.
pub fn owns(phase: u8) -> bool {
    (7..=10).contains(&phase)
}

/// Which column of a planning screen has the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    List,
    Card,
}

/// What the phase 7 list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MitigationView {
    /// Threats, the selected one expanded with its mitigations and catalog candidates.
    #[default]
    Threats,
    /// The threats breaking one gap rule.
    Gap(GapRule),
    /// The session's mitigations in priority order.
    Ranking,
}

/// Report formats the TUI exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportFormat {
    #[default]
    Markdown,
    Html,
    Json,
    Csv,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 4] = [
        ExportFormat::Markdown,
        ExportFormat::Html,
        ExportFormat::Json,
        ExportFormat::Csv,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "Markdown",
            ExportFormat::Html => "HTML",
            ExportFormat::Json => "JSON",
            ExportFormat::Csv => "CSV",
        }
    }
}

/// Candidate lines of the last evidence search.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchState {
    pub mitigation: String,
    pub hits: Vec<Hit>,
    pub truncated: bool,
}

/// Selection and view state of phases 7–10 (nothing here is saved in the session).
#[derive(Debug, Clone, Default)]
pub struct PlanState {
    /// Selected row of each phase's list (index into its selectable rows), phases 7–10.
    pub selected: [usize; 4],
    pub card_selected: [usize; 4],
    pub focus: Focus,
    pub view: MitigationView,
    /// The threat expanded in the phase 7 list.
    pub threat: Option<String>,
    pub search: Option<SearchState>,
    /// Hits of the last phase 8 code-check run.
    pub checks: Option<super::code_checks::ChecksState>,
    pub export_format: ExportFormat,
    /// What the open text field (`EditTarget::Plan`) writes to.
    pub editing: Option<TextTarget>,
}

/// A free-text value of phases 7–10.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextTarget {
    NewMitigation { threat: String },
    MitigationOwner(String),
    MitigationDescription(String),
    MitigationName(String),
    SourceRoot,
    FindingArtifact(String),
    FindingGaps(String),
    FindingAntiPatterns(String),
    AddEvidence(String),
    Residual(String, residual::ResidualText),
    Summary(outputs::SummaryText),
    RoadmapDescription(String),
    RoadmapTeam(String),
    RoadmapDependsOn(String),
    TriggerEvent(String),
    TriggerAction(String),
    NewTrigger,
}

impl TextTarget {
    /// Fields that hold a date: `validate` takes only YYYY-MM-DD there.
    fn is_date(&self) -> bool {
        use outputs::SummaryText as S;
        use residual::ResidualText as R;
        matches!(
            self,
            TextTarget::Summary(S::Assessed | S::NextReview)
                | TextTarget::Residual(_, R::ReviewDate | R::TargetDate)
        )
    }

    pub fn label(&self) -> String {
        match self {
            TextTarget::NewMitigation { threat } => format!("New custom mitigation for {threat}"),
            TextTarget::MitigationOwner(id) => format!("{id} owner"),
            TextTarget::MitigationDescription(id) => format!("{id} description"),
            TextTarget::MitigationName(id) => format!("{id} name"),
            TextTarget::SourceRoot => "Source root (directory to search)".into(),
            TextTarget::FindingArtifact(id) => format!("{id} expected artifact"),
            TextTarget::FindingGaps(id) => format!("{id} gaps"),
            TextTarget::FindingAntiPatterns(id) => format!("{id} anti-patterns (; between)"),
            TextTarget::AddEvidence(id) => format!("{id} evidence: file:line note"),
            TextTarget::Residual(t, f) => format!("{t} {}", f.label()),
            TextTarget::Summary(f) => f.label().to_string(),
            TextTarget::RoadmapDescription(id) => format!("{id} description"),
            TextTarget::RoadmapTeam(id) => format!("{id} responsible team"),
            TextTarget::RoadmapDependsOn(id) => format!("{id} depends on (; between)"),
            TextTarget::TriggerEvent(id) => format!("{id} event"),
            TextTarget::TriggerAction(id) => format!("{id} action"),
            TextTarget::NewTrigger => "New update trigger: event".into(),
        }
    }
}

/// Phase-local commands (their keys are in the bindings table, `tui::keymap`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanKey {
    Adopt,
    NewMitigation,
    CycleStatus,
    CycleImplementation,
    CycleCoverage,
    CycleEffectiveness,
    CycleCost,
    CycleKind,
    EditOwner,
    EditDescription,
    OpenMitigationForm,
    Gap(GapRule),
    Ranking,
    CycleGate,
    SourceRoot,
    Search,
    CodeChecks,
    Confirm,
    Reject,
    CycleFinding,
    CycleFindingPriority,
    CycleTestCoverage,
    CycleDisposition,
    CycleLevelOverride,
    ProposeReview,
    AcceptProposal,
    NewTrigger,
    CycleHorizon,
    CycleEffort,
    CycleRoadmapStatus,
    CyclePosture,
    ToggleAiAssisted,
    CycleFormat,
    Export,
}

/// Input to `update` that belongs to phases 7–10.
#[derive(Debug, Clone)]
pub enum PlanAction {
    Key(PlanKey),
    /// The runtime finished an evidence search.
    SearchDone {
        mitigation: String,
        result: Result<(Vec<Hit>, bool), String>,
    },
    /// The runtime finished the code checks: their hits and the files read.
    ChecksDone {
        root: PathBuf,
        result: Result<(Vec<crate::discover::CheckHit>, usize), String>,
    },
    /// The runtime wrote the report files on `date`.
    Exported {
        paths: Vec<PathBuf>,
        date: String,
    },
}

/// Work for the runtime (views and `update` never touch files).
#[derive(Debug, Clone, PartialEq)]
pub enum PlanEffect {
    Search {
        mitigation: String,
        root: PathBuf,
        terms: Vec<String>,
    },
    Checks {
        root: PathBuf,
    },
    Export {
        format: ExportFormat,
        /// `<stem>-report` beside the session; the extension is added per format.
        base: PathBuf,
    },
}

/// One line of a planning screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub kind: RowKind,
    pub text: String,
    pub tone: Tone,
}

/// How a row is emphasised (the theme picks the style).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Text,
    Heading,
    Muted,
    Danger,
    Warn,
    Ok,
}

/// What a row stands for; everything but `Info` can be selected.
#[derive(Debug, Clone, PartialEq)]
pub enum RowKind {
    Info,
    Threat(String),
    Mitigation(String),
    Candidate(String),
    Hit(usize),
    /// A code-check hit (index into the last run's hits).
    Check(usize),
    Evidence(String, usize),
    /// An editable value of the card (enum: Enter cycles; text: Enter edits).
    Value(Value),
    Proposal(usize, usize),
    Roadmap(String),
    Trigger(String),
}

impl RowKind {
    pub fn selectable(&self) -> bool {
        !matches!(self, RowKind::Info)
    }
}

/// An editable value on a card.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Key(PlanKey),
    Text(TextTarget),
}

pub fn info(text: impl Into<String>, tone: Tone) -> Row {
    Row {
        kind: RowKind::Info,
        text: text.into(),
        tone,
    }
}

pub fn row(kind: RowKind, text: impl Into<String>, tone: Tone) -> Row {
    Row {
        kind,
        text: text.into(),
        tone,
    }
}

/// A card row: `label: value`, Enter cycles or edits.
pub fn value_row(label: &str, value: &str, v: Value) -> Row {
    let shown = if value.is_empty() { "—" } else { value };
    row(RowKind::Value(v), format!("{label}: {shown}"), Tone::Text)
}

/// What a planning screen shows: lines always visible, the list and the card.
#[derive(Debug, Clone, Default)]
pub struct Screenful {
    pub header: Vec<Row>,
    pub list_title: String,
    pub list: ListRows,
    pub card_title: String,
    pub card: Vec<Row>,
}

/// The rows of a planning list: a body shared with the cache of derived figures (built
/// once per revision, not per keystroke), and at most one run of rows spliced in before
/// one of its rows (phase 7's expanded threat).
#[derive(Debug, Clone, Default)]
pub struct ListRows {
    body: Arc<Vec<Row>>,
    /// `inserted` comes before `body[at]`.
    at: usize,
    inserted: Vec<Row>,
}

impl ListRows {
    pub fn new(body: Arc<Vec<Row>>) -> ListRows {
        ListRows {
            body,
            at: 0,
            inserted: Vec::new(),
        }
    }

    /// `body` with `inserted` before its row `at` (at the end when out of range).
    pub fn spliced(body: Arc<Vec<Row>>, at: usize, inserted: Vec<Row>) -> ListRows {
        ListRows {
            at: at.min(body.len()),
            body,
            inserted,
        }
    }

    pub fn len(&self) -> usize {
        self.body.len() + self.inserted.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<&Row> {
        let after = self.at + self.inserted.len();
        if i < self.at {
            self.body.get(i)
        } else if i < after {
            self.inserted.get(i - self.at)
        } else {
            self.body.get(i - self.inserted.len())
        }
    }

    pub fn iter(&self) -> ListIter<'_> {
        self.body[..self.at]
            .iter()
            .chain(&self.inserted)
            .chain(&self.body[self.at..])
    }
}

type ListIter<'a> = std::iter::Chain<
    std::iter::Chain<std::slice::Iter<'a, Row>, std::slice::Iter<'a, Row>>,
    std::slice::Iter<'a, Row>,
>;

impl<'a> IntoIterator for &'a ListRows {
    type Item = &'a Row;
    type IntoIter = ListIter<'a>;

    fn into_iter(self) -> ListIter<'a> {
        self.iter()
    }
}

impl From<Vec<Row>> for ListRows {
    fn from(rows: Vec<Row>) -> ListRows {
        ListRows::new(Arc::new(rows))
    }
}

impl std::ops::Index<usize> for ListRows {
    type Output = Row;

    fn index(&self, i: usize) -> &Row {
        self.get(i).expect("a row index within the list")
    }
}

/// The part of a planning screen that does not depend on the selection: built once per
/// revision and view and cached (`tui::derive`), where a keystroke only moves over it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    pub header: Vec<Row>,
    pub list_title: String,
    pub list: Arc<Vec<Row>>,
    /// Rows under every card (phase 9's top residual risks).
    pub card_tail: Vec<Row>,
    /// Phase 7: the mitigations by priority.
    pub priorities: Vec<crate::analysis::prioritize::Priority>,
    /// Phase 10: the roadmap proposals per horizon.
    pub horizons: Vec<crate::analysis::roadmap::Horizon>,
}

/// The selection-independent part of the current phase's screen.
pub fn body(state: &AppState) -> Body {
    body_of(state, state.phase)
}

/// The selection-independent part of planning phase `phase`'s screen, whichever phase
/// is shown (built ahead in idle time, `tui::derive::warm`).
pub fn body_of(state: &AppState, phase: u8) -> Body {
    let Some(doc) = &state.doc else {
        return Body::default();
    };
    let s = doc.session();
    match phase {
        7 => mitigations::body(state, s),
        8 => validation::body(s),
        9 => residual::body(state, s),
        10 => outputs::body(state, s),
        _ => Body::default(),
    }
}

/// The screen of the current phase.
pub fn screen(state: &AppState) -> Screenful {
    let Some(doc) = &state.doc else {
        return Screenful::default();
    };
    let s = doc.session();
    match state.phase {
        7 => mitigations::screen(state, s, &state.plan_body()),
        8 => validation::screen(state, s),
        9 => residual::screen(state, s, &state.plan_body()),
        10 => outputs::screen(state, s, &state.plan_body()),
        _ => Screenful::default(),
    }
}

/// The list of the current phase's screen without its header and card (what
/// `tui::keep` reads: the card is a pass over the session at 10,000 threats).
pub fn list(state: &AppState) -> ListRows {
    let Some(doc) = &state.doc else {
        return ListRows::default();
    };
    match state.phase {
        7 => mitigations::list(state, doc.session(), &state.plan_body()),
        9 | 10 => ListRows::new(state.plan_body().list.clone()),
        _ => screen(state).list,
    }
}

fn slot(phase: u8) -> usize {
    usize::from(phase.clamp(7, 10) - 7)
}

/// Index into `rows` of the selected row of the focused column: the selection counts
/// selectable rows; past the last one, the last one.
pub fn selected_index<'r>(
    state: &AppState,
    rows: impl IntoIterator<Item = &'r Row>,
    focus: Focus,
) -> Option<usize> {
    let n = match focus {
        Focus::List => state.plan.selected[slot(state.phase)],
        Focus::Card => state.plan.card_selected[slot(state.phase)],
    };
    let mut last = None;
    for (seen, (i, _)) in rows
        .into_iter()
        .enumerate()
        .filter(|(_, r)| r.kind.selectable())
        .enumerate()
    {
        if seen == n {
            return Some(i);
        }
        last = Some(i);
    }
    last
}

/// The selected list row.
pub fn selected_list(state: &AppState) -> Option<RowKind> {
    let sc = screen(state);
    selected_index(state, &sc.list, Focus::List).map(|i| sc.list[i].kind.clone())
}

/// The selected card row.
pub fn selected_card(state: &AppState) -> Option<RowKind> {
    let sc = screen(state);
    selected_index(state, &sc.card, Focus::Card).map(|i| sc.card[i].kind.clone())
}

fn selectable_len<'r>(rows: impl IntoIterator<Item = &'r Row>) -> usize {
    rows.into_iter().filter(|r| r.kind.selectable()).count()
}

/// Selects the list row of `kind`, if shown.
pub fn select_list(state: &mut AppState, kind: &RowKind) {
    let sc = screen(state);
    if let Some(n) = sc
        .list
        .iter()
        .filter(|r| r.kind.selectable())
        .position(|r| r.kind == *kind)
    {
        state.plan.selected[slot(state.phase)] = n;
        // Chosen, not re-sorted: remembered as the selection.
        crate::tui::keep::pin(state);
    }
}

/// Selects the row `index` of the list or card column (a mouse click): as the arrows
/// would, counting selectable rows; an information row selects nothing.
pub fn select_at(state: &mut AppState, focus: Focus, index: usize) {
    let sc = screen(state);
    let rows: Vec<&Row> = match focus {
        Focus::List => sc.list.iter().collect(),
        Focus::Card => sc.card.iter().collect(),
    };
    if !rows.get(index).is_some_and(|r| r.kind.selectable()) {
        return;
    }
    let n = rows[..index].iter().filter(|r| r.kind.selectable()).count();
    let i = slot(state.phase);
    state.plan.focus = focus;
    match focus {
        Focus::List => state.plan.selected[i] = n,
        Focus::Card => state.plan.card_selected[i] = n,
    }
    after_move(state);
    crate::tui::keep::pin(state);
}

/// Navigation and Enter on a planning screen; `None` leaves the command to the shell.
pub fn command(state: &mut AppState, command: Command) -> Option<Effect> {
    use Command::*;
    // Other commands (a phase key, …) go to the shell before the screen is built (a
    // pass over the session at 10,000 threats).
    if !matches!(
        command,
        Up | Down | PageUp | PageDown | Top | Bottom | Left | Right | Open | Back
    ) {
        return None;
    }
    let sc = screen(state);
    let i = slot(state.phase);
    let (len, pos) = match state.plan.focus {
        Focus::List => (selectable_len(&sc.list), &mut state.plan.selected[i]),
        Focus::Card => (selectable_len(&sc.card), &mut state.plan.card_selected[i]),
    };
    let last = len.saturating_sub(1);
    match command {
        Command::Up => *pos = pos.saturating_sub(1).min(last),
        Command::Down => *pos = (*pos + 1).min(last),
        Command::PageUp => *pos = pos.saturating_sub(10),
        Command::PageDown => *pos = (*pos + 10).min(last),
        Command::Top => *pos = 0,
        Command::Bottom => *pos = last,
        Command::Left => state.plan.focus = Focus::List,
        Command::Right => {
            if selectable_len(&sc.card) > 0 {
                state.plan.focus = Focus::Card;
            }
        }
        Command::Open => return Some(open(state)),
        Command::Back => {
            if state.plan.focus == Focus::Card {
                state.plan.focus = Focus::List;
            } else if state.phase == 7 && state.plan.view != MitigationView::Threats {
                state.plan.view = MitigationView::Threats;
                state.plan.selected[i] = 0;
            } else {
                return None;
            }
        }
        _ => return None,
    }
    after_move(state);
    Some(Effect::None)
}

/// Keeps phase 7's expanded threat on the threat the selection is in.
fn after_move(state: &mut AppState) {
    if state.phase == 7 && state.plan.focus == Focus::List {
        mitigations::follow_selection(state);
    }
}

fn open(state: &mut AppState) -> Effect {
    let row = match state.plan.focus {
        Focus::List => selected_list(state),
        Focus::Card => selected_card(state),
    };
    match row {
        Some(RowKind::Value(Value::Key(k))) => key(state, k),
        Some(RowKind::Value(Value::Text(target))) => {
            start_text(state, target);
            Effect::None
        }
        Some(other) => match state.phase {
            7 => {
                mitigations::open(state, other);
                Effect::None
            }
            _ => {
                if selectable_len(&screen(state).card) > 0 {
                    state.plan.focus = Focus::Card;
                }
                Effect::None
            }
        },
        None => Effect::None,
    }
}

/// Opens the text field for `target` with its current value.
pub fn start_text(state: &mut AppState, target: TextTarget) {
    if let Some(why) = state.read_only() {
        state.message = Some(format!("Read-only: {why}"));
        return;
    }
    let value = state
        .doc
        .as_ref()
        .map(|d| current_text(d.session(), &target))
        .unwrap_or_default();
    state.plan.editing = Some(target);
    state.editing = Some(Editing {
        target: EditTarget::Plan,
        field: Field::new(&value),
    });
}

fn current_text(s: &Session, target: &TextTarget) -> String {
    match target {
        TextTarget::NewMitigation { .. } | TextTarget::NewTrigger | TextTarget::AddEvidence(_) => {
            String::new()
        }
        TextTarget::MitigationOwner(_)
        | TextTarget::MitigationDescription(_)
        | TextTarget::MitigationName(_) => mitigations::text(s, target),
        TextTarget::SourceRoot
        | TextTarget::FindingArtifact(_)
        | TextTarget::FindingGaps(_)
        | TextTarget::FindingAntiPatterns(_) => validation::text(s, target),
        TextTarget::Residual(threat, field) => residual::text(s, threat, *field),
        TextTarget::Summary(_)
        | TextTarget::RoadmapDescription(_)
        | TextTarget::RoadmapTeam(_)
        | TextTarget::RoadmapDependsOn(_)
        | TextTarget::TriggerEvent(_)
        | TextTarget::TriggerAction(_) => outputs::text(s, target),
    }
}

/// Writes a finished text field (called from `update::finish_edit`).
pub fn finish_edit(state: &mut AppState, text: String) {
    let Some(target) = state.plan.editing.take() else {
        return;
    };
    let unchanged = state
        .doc
        .as_ref()
        .is_some_and(|d| current_text(d.session(), &target) == text);
    if unchanged {
        return;
    }
    let typed = text.trim();
    if target.is_date() && !typed.is_empty() && !crate::session::validate::is_iso_date(typed) {
        // Keep the field open with what was typed, so one wrong digit costs one key.
        state.message = Some(format!(
            "`{typed}` is not a date: type YYYY-MM-DD (Esc keeps the old value)"
        ));
        state.plan.editing = Some(target);
        state.editing = Some(Editing {
            target: EditTarget::Plan,
            field: Field::new(&text),
        });
        return;
    }
    match target {
        TextTarget::NewMitigation { threat } => mitigations::add_custom(state, &threat, text),
        TextTarget::AddEvidence(m) => validation::add_evidence(state, &m, &text),
        TextTarget::NewTrigger => outputs::add_trigger(state, text),
        other => {
            let catalog = state.catalog.clone();
            edit(state, |s| set_text(s, &catalog, &other, text));
            super::residual_guard::after_text(state, &other);
        }
    }
}

fn set_text(s: &mut Session, catalog: &crate::catalog::Catalog, target: &TextTarget, text: String) {
    match target {
        TextTarget::MitigationOwner(_)
        | TextTarget::MitigationDescription(_)
        | TextTarget::MitigationName(_) => mitigations::set_text(s, target, text),
        TextTarget::SourceRoot
        | TextTarget::FindingArtifact(_)
        | TextTarget::FindingGaps(_)
        | TextTarget::FindingAntiPatterns(_) => validation::set_text(s, target, text),
        TextTarget::Residual(threat, field) => residual::set_text(s, catalog, threat, *field, text),
        _ => outputs::set_text(s, target, text),
    }
}

/// The label of the open text field.
pub fn edit_label(state: &AppState) -> String {
    state
        .plan
        .editing
        .as_ref()
        .map_or_else(String::new, TextTarget::label)
}

/// Applies a phase-local action.
pub fn update(state: &mut AppState, action: PlanAction) -> Effect {
    match action {
        PlanAction::Key(k) => key(state, k),
        PlanAction::SearchDone { mitigation, result } => {
            validation::search_done(state, mitigation, result);
            Effect::None
        }
        PlanAction::ChecksDone { root, result } => {
            super::code_checks::done(state, root, result);
            Effect::None
        }
        PlanAction::Exported { paths, date } => {
            outputs::exported(state, &paths, date);
            Effect::None
        }
    }
}

/// A key of phases 7–10. An edit may reorder the list (rankings): `tui::keep` keeps the
/// selection on the same record after every update.
fn key(state: &mut AppState, k: PlanKey) -> Effect {
    match state.phase {
        7 => mitigations::key(state, k),
        8 => validation::key(state, k),
        9 => residual::key(state, k),
        10 => outputs::key(state, k),
        _ => Effect::None,
    }
}

/// The value after `current` in `all`, wrapping.
pub fn cycle<T: Copy + PartialEq>(all: &[T], current: T) -> T {
    let i = all.iter().position(|x| *x == current).unwrap_or(0);
    all[(i + 1) % all.len()]
}

/// Cycles an optional value: unset → first → … → last → unset.
pub fn cycle_opt<T: Copy + PartialEq>(all: &[T], current: Option<T>) -> Option<T> {
    match current {
        None => all.first().copied(),
        Some(c) => {
            let i = all.iter().position(|x| *x == c).unwrap_or(0);
            all.get(i + 1).copied()
        }
    }
}

/// Performs a planning effect (runtime side: files and the clock) and reports back.
pub fn perform(effect: PlanEffect, state: &AppState) -> Action {
    match effect {
        PlanEffect::Search {
            mitigation,
            root,
            terms,
        } => {
            let limits = crate::analysis::evidence::Limits {
                max_hits: 200,
                ..Default::default()
            };
            let result = crate::analysis::evidence::search(&root, &terms, &limits)
                .map(|r| (r.hits, r.truncated))
                .map_err(|e| e.to_string());
            Action::Plan(PlanAction::SearchDone { mitigation, result })
        }
        PlanEffect::Checks { root } => super::code_checks::perform(root, state),
        PlanEffect::Export { format, base } => match outputs::write_report(state, format, &base) {
            Ok(paths) => Action::Plan(PlanAction::Exported {
                paths,
                date: crate::analysis::dates::today(),
            }),
            Err(e) => Action::Failed(format!("export failed: {e}")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_wrap_and_optional_ones_pass_through_unset() {
        assert_eq!(cycle(&[1, 2, 3], 3), 1);
        assert_eq!(cycle_opt(&[1, 2], None), Some(1));
        assert_eq!(cycle_opt(&[1, 2], Some(2)), None);
    }
}
