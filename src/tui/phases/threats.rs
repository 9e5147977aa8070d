//! Long because the phase 6 screens (checklist, card, heatmap, register) share one state
//! (`ThreatUi`) and one command router; their drawing is in `views`.
//!
//! Phase 6 (threat identification) in the TUI: the per-layer checklist screen, the
//! threat card, the heatmap and register screens — their state and their update.
//!
//! Scores, suggestions, duplicates and grids come from `analysis` and `risk`; this module
//! only decides which record a key changes and how the screens move.

use crate::analysis::{dedup, heatmap, suggest};
use crate::catalog::patterns::PatternEntry;
use crate::catalog::threats::{ThreatEntry, ThreatKind};
use crate::session::ids;
use crate::session::{Review, Session, Threat, ThreatChain};
use crate::tui::action::Command;
use crate::tui::app::{AppState, EditTarget, Editing, LAYER_TABS, Pane};
use crate::tui::history::PartKind;
use crate::tui::update::{Effect, edit, edit_parts, edit_record, push_with};
use crate::tui::widgets::field::Field;
use crate::tui::widgets::list::{ListNav, PAGE};
use crate::vocab::{
    AgenticFactor, AttackComplexity, AttackVector, ImplementationStatus, Layer, Likelihood,
    ReviewState, RiskLevel, Severity,
};

/// The lists of the per-layer screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Section {
    #[default]
    Threats,
    Checklist,
    Blindspots,
    Factors,
    Chains,
}

impl Section {
    pub const ALL: [Section; 5] = [
        Section::Threats,
        Section::Checklist,
        Section::Blindspots,
        Section::Factors,
        Section::Chains,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Section::Threats => "Threats",
            Section::Checklist => "Checklist",
            Section::Blindspots => "Blindspots",
            Section::Factors => "Factors",
            Section::Chains => "Chains",
        }
    }
}

/// A full-screen view over the shell's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    Heatmap,
    Register,
    /// The threat card with this id.
    Card(String),
}

/// What the heatmap screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HeatmapMode {
    /// Severity × likelihood, coloured by matrix level.
    #[default]
    Inherent,
    /// Inherent level × residual level: where mitigation moved risk.
    Transition,
    /// Layer × level for inherent, effective and residual risk, side by side.
    Layers,
}

impl HeatmapMode {
    pub fn label(self) -> &'static str {
        match self {
            HeatmapMode::Inherent => "inherent: severity × likelihood",
            HeatmapMode::Transition => "inherent → residual level",
            HeatmapMode::Layers => "layer × level: inherent | effective | residual",
        }
    }

    fn next(self) -> HeatmapMode {
        match self {
            HeatmapMode::Inherent => HeatmapMode::Transition,
            HeatmapMode::Transition => HeatmapMode::Layers,
            HeatmapMode::Layers => HeatmapMode::Inherent,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeatmapState {
    pub mode: HeatmapMode,
    pub filter: heatmap::Filter,
    /// Selected cell: (row, column) of the grid shown.
    pub cell: (usize, usize),
    /// Selection in the selected cell's threat list, when that list has the focus.
    pub list: Option<usize>,
    /// Layers mode: the chain whose steps are marked on the grids (index in the session).
    pub chain: Option<usize>,
}

/// Register sort keys, cycled with `o`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Id,
    Inherent,
    Residual,
    Layer,
    Status,
    Name,
}

impl SortKey {
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Id => "id",
            SortKey::Inherent => "inherent level",
            SortKey::Residual => "residual level",
            SortKey::Layer => "layer",
            SortKey::Status => "status",
            SortKey::Name => "name",
        }
    }

    fn next(self) -> SortKey {
        match self {
            SortKey::Id => SortKey::Inherent,
            SortKey::Inherent => SortKey::Residual,
            SortKey::Residual => SortKey::Layer,
            SortKey::Layer => SortKey::Status,
            SortKey::Status => SortKey::Name,
            SortKey::Name => SortKey::Id,
        }
    }
}

/// A one-line question asked in the edit field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// Why a catalog item does not apply to the layer.
    NotApplicable { item: String, layer: Layer },
    /// The register's `/` filter.
    RegisterFilter,
    /// The name of a new threat of the analyst's own on `layer`.
    CustomThreat { layer: Layer },
}

/// State of the threat screens (part of `AppState`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreatUi {
    pub section: Section,
    /// Open full-screen views, the top one shown; Esc pops.
    pub views: Vec<View>,
    pub heatmap: HeatmapState,
    pub sort: SortKey,
    pub register: ListNav,
    pub prompt: Option<Prompt>,
    /// `f` was pressed on a card: the next digit 1–4 toggles that factor.
    pub factor_pick: bool,
}

impl ThreatUi {
    pub fn view(&self) -> Option<&View> {
        self.views.last()
    }
}

/// One row of the per-layer screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Threat(suggest::ThreatSuggestion),
    Check(suggest::ChecklistSuggestion),
    Factor(AgenticFactor),
    Pattern(String),
    Chain(String),
}

impl Row {
    /// Text the `/` filter matches against.
    fn text(&self) -> String {
        match self {
            Row::Threat(t) => format!("{} {}", t.threat_id, t.name),
            Row::Check(c) => format!("{} {} {}", c.item_id, c.topic, c.text),
            Row::Factor(f) => f.to_string(),
            Row::Pattern(id) | Row::Chain(id) => id.clone(),
        }
    }

    /// The catalog item id a review decision is recorded for.
    fn review_item(&self) -> Option<&str> {
        match self {
            Row::Threat(t) => Some(&t.threat_id),
            Row::Check(c) => Some(&c.item_id),
            _ => None,
        }
    }
}

/// The rows of the current section of the current layer (filtered; cached in
/// `AppState::derived`).
pub fn rows(state: &AppState) -> std::sync::Arc<Vec<Row>> {
    state.layer_rows()
}

/// The rows of the current section of the current layer, computed.
pub fn compute_rows(state: &AppState) -> Vec<Row> {
    let Some(doc) = &state.doc else {
        return Vec::new();
    };
    let s = doc.session();
    let Some(sug) = state.layer_suggestions() else {
        return Vec::new();
    };
    let mut rows: Vec<Row> = match state.threats.section {
        Section::Threats => sug.threats.iter().cloned().map(Row::Threat).collect(),
        Section::Checklist => sug.checklist.iter().cloned().map(Row::Check).collect(),
        Section::Blindspots => sug
            .blindspots
            .iter()
            .cloned()
            .map(Row::Threat)
            .chain(sug.blindspot_checklist.iter().cloned().map(Row::Check))
            .collect(),
        Section::Factors => AgenticFactor::ALL.iter().map(|f| Row::Factor(*f)).collect(),
        Section::Chains => state
            .catalog
            .patterns
            .patterns
            .iter()
            .map(|p| Row::Pattern(p.id.clone()))
            .chain(s.chains.iter().map(|c| Row::Chain(c.id.clone())))
            .collect(),
    };
    rows.retain(|r| state.records_nav.matches(&r.text()));
    rows
}

pub fn selected_row(state: &AppState) -> Option<Row> {
    let rows = rows(state);
    let i = state.records_nav.selected.min(rows.len().saturating_sub(1));
    rows.get(i).cloned()
}

/// The card the selection points at: the row's card on this layer (any card of it
/// otherwise), or the chain.
pub fn selected_card(state: &AppState) -> Option<String> {
    match selected_row(state)? {
        Row::Threat(t) => t
            .cards
            .iter()
            .find(|c| c.on_layer)
            .or(t.cards.first())
            .map(|c| c.threat_id.clone()),
        _ => None,
    }
}

// ---- session edits (pure) ----

/// Records the decision on `item` for `layer`; Unreviewed removes the record.
pub fn set_review(s: &mut Session, item: &str, layer: Layer, state: ReviewState, reason: &str) {
    s.reviews.retain(|r| !(r.item == item && r.layer == layer));
    if state != ReviewState::Unreviewed {
        s.reviews.push(Review {
            item: item.to_string(),
            layer,
            state,
            reason: reason.to_string(),
        });
    }
}

/// A new threat card instantiating a catalog entry on one layer.
pub fn card_from_catalog(s: &Session, entry: &ThreatEntry, layer: Layer) -> Threat {
    Threat {
        id: ids::next_in(
            s,
            "T-",
            ids::Padding::Fixed(3),
            s.threats.iter().map(|t| t.id.as_str()),
        ),
        name: entry.name.clone(),
        catalog: entry.id.clone(),
        layers: vec![layer],
        asi: vec![match entry.kind {
            ThreatKind::Asi => entry.id.clone(),
            _ => "Extended".to_string(),
        }],
        stride: entry.stride.clone(),
        description: entry.description.clone(),
        factors: entry.factors.clone(),
        components: crate::analysis::components_on(s, layer)
            .iter()
            .filter(|c| entry.suggested_by.contains(&c.kind))
            .map(|c| c.id.clone())
            .collect(),
        ..Threat::default()
    }
}

/// The next value of a scale, through "not rated" after the last (and before the first).
pub fn cycle<T: Copy + PartialEq>(all: &[T], current: Option<T>, forward: bool) -> Option<T> {
    let i = current.and_then(|c| all.iter().position(|x| *x == c));
    match (i, forward) {
        (None, true) => all.first().copied(),
        (None, false) => all.last().copied(),
        (Some(i), true) => all.get(i + 1).copied(),
        (Some(0), false) => None,
        (Some(i), false) => all.get(i - 1).copied(),
    }
}

pub fn toggle_factor(t: &mut Threat, f: AgenticFactor) {
    if let Some(i) = t.factors.iter().position(|x| *x == f) {
        t.factors.remove(i);
    } else {
        t.factors.push(f);
    }
}

/// A chain following a catalog pattern, made of the session's cards that instantiate
/// the pattern's threats (in step order).
pub fn chain_from_pattern(s: &Session, pattern: &PatternEntry) -> ThreatChain {
    let mut steps: Vec<String> = Vec::new();
    for reference in pattern.threat_refs() {
        for card in s.threats.iter().filter(|t| t.catalog == reference) {
            if !steps.contains(&card.id) {
                steps.push(card.id.clone());
            }
        }
    }
    ThreatChain {
        id: ids::next_in(
            s,
            "CH-",
            ids::Padding::Fixed(3),
            s.chains.iter().map(|c| c.id.as_str()),
        ),
        name: pattern.name.clone(),
        pattern: pattern.id.clone(),
        steps,
        entry_point: pattern.entry.description.clone(),
        pivot: pattern.pivot.description.clone(),
        impact_target: pattern.impact.description.clone(),
        severity: None,
        likelihood: None,
    }
}

fn with_card(state: &mut AppState, id: &str, change: impl FnOnce(&mut Threat)) {
    let Some(index) = state
        .doc
        .as_ref()
        .and_then(|d| d.session().threats.iter().position(|t| t.id == id))
    else {
        return;
    };
    edit_record(state, |s| &mut s.threats, index, change);
}

// ---- update ----

/// Handles a command for the threat screens; `None` lets the shell handle it.
pub fn command(state: &mut AppState, command: Command) -> Option<Effect> {
    state.doc.as_ref()?;
    match command {
        Command::Heatmap => {
            open_view(state, View::Heatmap);
            return Some(Effect::None);
        }
        Command::Register => {
            open_view(state, View::Register);
            return Some(Effect::None);
        }
        _ => {}
    }
    match state.threats.view().cloned() {
        Some(View::Heatmap) => heatmap_command(state, command),
        Some(View::Register) => register_command(state, command),
        Some(View::Card(id)) => card_command(state, &id, command),
        None if state.phase == 6 => layer_command(state, command),
        None => None,
    }
}

fn open_view(state: &mut AppState, view: View) {
    // The same screen again closes it, so `m`/`r` toggle.
    if state.threats.view() == Some(&view) {
        state.threats.views.pop();
    } else {
        state.threats.views.retain(|v| *v != view);
        state.threats.views.push(view);
    }
}

/// Commands every full-screen view leaves to the shell.
fn passes_through(command: Command) -> bool {
    matches!(
        command,
        Command::Save
            | Command::Undo
            | Command::Redo
            | Command::Quit
            | Command::Help
            | Command::Suspend
            | Command::ExternalEditor
            | Command::ToggleGuidance
    )
}

fn leave_views_for_phase(state: &mut AppState, command: Command) -> Option<Effect> {
    if matches!(
        command,
        Command::Phase(_) | Command::NextPhase | Command::PrevPhase
    ) {
        state.threats.views.clear();
        return None;
    }
    if passes_through(command) {
        return None;
    }
    Some(Effect::None)
}

fn layer_command(state: &mut AppState, command: Command) -> Option<Effect> {
    let len = rows(state).len();
    let on_list = state.pane == Pane::Records;
    match command {
        Command::Left | Command::Right => {
            state.records_nav.top();
            return None;
        }
        Command::Up if on_list => state.records_nav.up(1),
        Command::Down if on_list => state.records_nav.down(1, len),
        Command::PageUp if on_list => state.records_nav.up(PAGE),
        Command::PageDown if on_list => state.records_nav.down(PAGE, len),
        Command::Top if on_list => state.records_nav.top(),
        Command::Bottom if on_list => state.records_nav.bottom(len),
        Command::CycleView => {
            let i = Section::ALL
                .iter()
                .position(|s| *s == state.threats.section)
                .unwrap_or(0);
            state.threats.section = Section::ALL[(i + 1) % Section::ALL.len()];
            state.records_nav.top();
        }
        Command::Open if on_list => match selected_row(state) {
            Some(Row::Threat(_)) => match selected_card(state) {
                Some(id) => state.threats.views.push(View::Card(id)),
                None => {
                    state.message = Some("No threat card yet: a marks it applicable".into());
                }
            },
            Some(Row::Pattern(id)) => build_chain(state, &id),
            _ => {}
        },
        Command::MarkApplicable => mark_applicable(state),
        Command::MarkNotApplicable => {
            let Some(row) = selected_row(state) else {
                return Some(Effect::None);
            };
            let Some(item) = row.review_item() else {
                return Some(Effect::None);
            };
            state.threats.prompt = Some(Prompt::NotApplicable {
                item: item.to_string(),
                layer: state.layer(),
            });
            start_prompt(state, "");
        }
        Command::MarkUnreviewed => {
            if let Some(item) = selected_row(state)
                .as_ref()
                .and_then(|r| r.review_item().map(str::to_string))
            {
                let layer = state.layer();
                edit_parts(state, &[PartKind::reviews], |s| {
                    set_review(s, &item, layer, ReviewState::Unreviewed, "")
                });
            }
        }
        Command::LayerAssessed => {
            let layer = state.layer();
            let mut now_assessed = false;
            edit_parts(state, &[PartKind::analysis], |s| {
                let done = &mut s.analysis.assessed_layers;
                if let Some(i) = done.iter().position(|l| *l == layer) {
                    done.remove(i);
                } else {
                    done.push(layer);
                    now_assessed = true;
                }
            });
            if state.read_only().is_none() {
                state.message = Some(if now_assessed {
                    format!("{} marked assessed; A again unmarks it", layer.as_str())
                } else {
                    format!("{} no longer marked assessed", layer.as_str())
                });
            }
        }
        Command::CustomThreat => {
            state.threats.prompt = Some(Prompt::CustomThreat {
                layer: state.layer(),
            });
            start_prompt(state, "");
        }
        Command::BuildChain => {
            if let Some(Row::Pattern(id)) = selected_row(state) {
                build_chain(state, &id);
            } else {
                state.message = Some("Select a pattern in the Chains list (t)".into());
            }
        }
        Command::SeverityUp
        | Command::SeverityDown
        | Command::LikelihoodUp
        | Command::LikelihoodDown
        | Command::AttackVector
        | Command::Complexity => match (selected_row(state), selected_card(state)) {
            (Some(Row::Chain(id)), _) => rate_chain(state, &id, command),
            (_, Some(id)) => rate(state, &id, command),
            _ => state.message = Some("No threat card to rate: a marks it applicable".into()),
        },
        _ => return None,
    }
    Some(Effect::None)
}

fn start_prompt(state: &mut AppState, value: &str) {
    state.editing = Some(Editing {
        target: EditTarget::ThreatPrompt,
        field: Field::new(value),
    });
}

fn mark_applicable(state: &mut AppState) {
    let Some(row) = selected_row(state) else {
        return;
    };
    let Some(item) = row.review_item().map(str::to_string) else {
        return;
    };
    let layer = state.layer();
    let card = match &row {
        Row::Threat(t) if !t.cards.iter().any(|c| c.on_layer) => state
            .catalog
            .threats
            .get(&t.threat_id)
            .cloned()
            .zip(state.doc.as_ref())
            .map(|(entry, doc)| card_from_catalog(doc.session(), &entry, layer)),
        _ => None,
    };
    if let Some(card) = &card {
        state.message = Some(format!(
            "Threat card {} created; s/S severity, i/I likelihood, Enter opens it",
            card.id
        ));
    }
    let review = |s: &mut Session| set_review(s, &item, layer, ReviewState::Applicable, "");
    match card {
        // One undo step; the card is inserted without copying the register.
        Some(card) => push_with(
            state,
            &[PartKind::reviews],
            review,
            |s| &mut s.threats,
            usize::MAX,
            card,
        ),
        None => edit_parts(state, &[PartKind::reviews], review),
    }
}

fn build_chain(state: &mut AppState, pattern_id: &str) {
    let Some(pattern) = state.catalog.patterns.get(pattern_id).cloned() else {
        return;
    };
    let Some(doc) = &state.doc else { return };
    let chain = chain_from_pattern(doc.session(), &pattern);
    state.message = Some(if chain.steps.is_empty() {
        format!(
            "Chain {} created from {}; no card instantiates its threats yet",
            chain.id, pattern.id
        )
    } else {
        format!("Chain {} created: {}", chain.id, chain.steps.join(" → "))
    });
    edit_parts(state, &[PartKind::chains], |s| s.chains.push(chain));
}

fn rate(state: &mut AppState, id: &str, command: Command) {
    with_card(state, id, |t| match command {
        Command::SeverityUp => t.severity = cycle(Severity::ALL, t.severity, true),
        Command::SeverityDown => t.severity = cycle(Severity::ALL, t.severity, false),
        Command::LikelihoodUp => t.likelihood = cycle(Likelihood::ALL, t.likelihood, true),
        Command::LikelihoodDown => t.likelihood = cycle(Likelihood::ALL, t.likelihood, false),
        Command::AttackVector => t.attack_vector = cycle(AttackVector::ALL, t.attack_vector, true),
        Command::Complexity => {
            t.attack_complexity = cycle(AttackComplexity::ALL, t.attack_complexity, true)
        }
        _ => {}
    }); // Said on the status line: the card may be off screen at 80×24.
    if state.read_only().is_none()
        && let Some(t) = state.doc.as_ref().and_then(|d| d.session().threat(id))
    {
        let shown = |v: Option<String>| v.unwrap_or_else(|| "unrated".into());
        state.message = Some(format!(
            "{id}: severity {} · likelihood {} · vector {} · complexity {}",
            shown(t.severity.map(|v| v.to_string())),
            shown(t.likelihood.map(|v| v.to_string())),
            shown(t.attack_vector.map(|v| v.to_string())),
            shown(t.attack_complexity.map(|v| v.to_string())),
        ));
    }
}

/// A chain's own rating (severity and likelihood only; chains have no vector).
fn rate_chain(state: &mut AppState, id: &str, command: Command) {
    let id = id.to_string();
    edit_parts(state, &[PartKind::chains], |s| {
        if let Some(c) = s.chains.iter_mut().find(|c| c.id == id) {
            match command {
                Command::SeverityUp => c.severity = cycle(Severity::ALL, c.severity, true),
                Command::SeverityDown => c.severity = cycle(Severity::ALL, c.severity, false),
                Command::LikelihoodUp => c.likelihood = cycle(Likelihood::ALL, c.likelihood, true),
                Command::LikelihoodDown => {
                    c.likelihood = cycle(Likelihood::ALL, c.likelihood, false)
                }
                _ => {}
            }
        }
    });
}

/// Writes a finished prompt (called by `update::finish_edit`).
pub fn finish_prompt(state: &mut AppState, text: String) {
    match state.threats.prompt.take() {
        Some(Prompt::NotApplicable { item, layer }) => {
            if text.trim().is_empty() {
                state.message = Some("Not applicable needs a reason; nothing changed".into());
                return;
            }
            edit_parts(state, &[PartKind::reviews], |s| {
                set_review(s, &item, layer, ReviewState::NotApplicable, text.trim())
            });
        }
        Some(Prompt::RegisterFilter) => state.threats.register.filter = text,
        Some(Prompt::CustomThreat { layer }) => super::custom_threat::add(state, &text, layer),
        None => {}
    }
}

/// Applies the text being typed, for prompts that act live (the register filter).
pub fn live_prompt(state: &mut AppState) {
    if state.threats.prompt == Some(Prompt::RegisterFilter)
        && let Some(editing) = &state.editing
    {
        state.threats.register.filter = editing.field.text();
        state.threats.register.selected = 0;
    }
}

fn card_command(state: &mut AppState, id: &str, command: Command) -> Option<Effect> {
    if state.threats.factor_pick {
        state.threats.factor_pick = false;
        if let Command::Phase(n @ 1..=4) = command {
            let f = AgenticFactor::ALL[usize::from(n) - 1];
            with_card(state, id, |t| toggle_factor(t, f));
            return Some(Effect::None);
        }
    }
    match command {
        Command::Back => {
            state.threats.views.pop();
        }
        Command::SeverityUp
        | Command::SeverityDown
        | Command::LikelihoodUp
        | Command::LikelihoodDown
        | Command::AttackVector
        | Command::Complexity => rate(state, id, command),
        Command::ToggleFactor => {
            state.threats.factor_pick = true;
            state.message = Some(
                "Toggle factor: 1 Non-Determinism · 2 Autonomy · 3 Identity · 4 Agent-to-Agent"
                    .into(),
            );
        }
        Command::MergeDuplicate => merge_duplicate(state, id),
        // Every field of the Threat Card template, in a form over the card.
        Command::Open => crate::tui::forms::open_form(state, "threat", id, None),
        other => return leave_views_for_phase(state, other),
    }
    Some(Effect::None)
}

/// Folds the first duplicate of card `id` into it (undo restores both).
fn merge_duplicate(state: &mut AppState, id: &str) {
    let Some(doc) = &state.doc else { return };
    let other = dedup::find_for(doc.session(), id)
        .into_iter()
        .flat_map(|g| g.threat_ids)
        .find(|t| t != id);
    let Some(other) = other else {
        state.message = Some("No duplicate of this card".into());
        return;
    };
    match dedup::merge(doc.session(), id, &other) {
        Ok(merged) => {
            edit(state, |s| *s = merged);
            state.message = Some(format!("Merged {other} into {id}; u undoes"));
        }
        Err(e) => state.message = Some(e.to_string()),
    }
}

/// Rows × columns of the heatmap grid being shown.
pub fn grid_size(mode: HeatmapMode) -> (usize, usize) {
    match mode {
        HeatmapMode::Layers => (LAYER_TABS.len(), 12),
        _ => (4, 4),
    }
}

/// Threat ids of the selected heatmap cell.
pub fn heatmap_cell_threats(state: &AppState) -> Vec<String> {
    if state.doc.is_none() {
        return Vec::new();
    }
    let h = &state.threats.heatmap;
    state.heatmap_figures().cell_ids(h.mode, h.cell).to_vec()
}

fn next_in<T: Copy + PartialEq>(all: &[T], current: Option<T>) -> Option<T> {
    cycle(all, current, true)
}

fn heatmap_command(state: &mut AppState, command: Command) -> Option<Effect> {
    let (rows, cols) = grid_size(state.threats.heatmap.mode);
    let in_list = state.threats.heatmap.list.is_some();
    // Borrowed from the cached figures: a copy of the cell's ids cost every key
    // O(threats in the cell).
    let figures = state.heatmap_figures();
    let threats: &[String] = match &state.doc {
        Some(_) => figures.cell_ids(state.threats.heatmap.mode, state.threats.heatmap.cell),
        None => &[],
    };
    let h = &mut state.threats.heatmap;
    match command {
        Command::Back if in_list => h.list = None,
        Command::Back => {
            state.threats.views.pop();
        }
        Command::Up if in_list => h.list = h.list.map(|i| i.saturating_sub(1)),
        Command::Down if in_list => {
            h.list = h.list.map(|i| (i + 1).min(threats.len().saturating_sub(1)))
        }
        Command::Up => h.cell.0 = h.cell.0.saturating_sub(1),
        Command::Down => h.cell.0 = (h.cell.0 + 1).min(rows - 1),
        Command::Left => h.cell.1 = h.cell.1.saturating_sub(1),
        Command::Right => h.cell.1 = (h.cell.1 + 1).min(cols - 1),
        Command::Open => match h.list {
            None if !threats.is_empty() => h.list = Some(0),
            None => state.message = Some("No threat in this cell".into()),
            Some(i) => {
                if let Some(id) = threats.get(i) {
                    state.threats.views.push(View::Card(id.clone()));
                }
            }
        },
        Command::CycleView => {
            h.mode = h.mode.next();
            let (rows, cols) = grid_size(h.mode);
            h.cell = (h.cell.0.min(rows - 1), h.cell.1.min(cols - 1));
            h.list = None;
        }
        Command::FilterLayer => {
            h.filter.layer = next_in(&LAYER_TABS, h.filter.layer);
            h.list = None;
        }
        Command::ToggleFactor => {
            h.filter.factor = next_in(AgenticFactor::ALL, h.filter.factor);
            h.list = None;
        }
        Command::FilterStatus => {
            h.filter.status = next_in(ImplementationStatus::ALL, h.filter.status);
            h.list = None;
        }
        Command::BuildChain => {
            let chains = state.doc.as_ref().map_or(0, |d| d.session().chains.len());
            let h = &mut state.threats.heatmap;
            h.chain = match h.chain {
                None if chains > 0 => Some(0),
                Some(i) if i + 1 < chains => Some(i + 1),
                _ => None,
            };
            if h.mode != HeatmapMode::Layers && h.chain.is_some() {
                h.mode = HeatmapMode::Layers;
                h.cell = (h.cell.0.min(LAYER_TABS.len() - 1), h.cell.1);
            }
            if chains == 0 {
                state.message = Some("No chain to highlight".into());
            }
        }
        other => return leave_views_for_phase(state, other),
    }
    Some(Effect::None)
}

fn register_command(state: &mut AppState, command: Command) -> Option<Effect> {
    let len = state.register_rows().len();
    let nav = &mut state.threats.register;
    match command {
        Command::Back if !nav.filter.is_empty() => nav.filter.clear(),
        Command::Back => {
            state.threats.views.pop();
        }
        Command::Up => nav.up(1),
        Command::Down => nav.down(1, len),
        Command::PageUp => nav.up(PAGE),
        Command::PageDown => nav.down(PAGE, len),
        Command::Top => nav.top(),
        Command::Bottom => nav.bottom(len),
        Command::SortKey => state.threats.sort = state.threats.sort.next(),
        Command::Filter => {
            let current = nav.filter.clone();
            state.threats.prompt = Some(Prompt::RegisterFilter);
            start_prompt(state, &current);
        }
        Command::Open => {
            let rows = state.register_rows();
            if let Some(row) = rows.get(state.threats.register.selected)
                && !row.chain
            {
                state.threats.views.push(View::Card(row.id.clone()));
            }
        }
        other => return leave_views_for_phase(state, other),
    }
    Some(Effect::None)
}

/// One row of the register: a threat card or a chain.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterRow {
    pub id: String,
    pub name: String,
    pub layers: Vec<Layer>,
    pub inherent: Option<RiskLevel>,
    pub residual: Option<RiskLevel>,
    /// Strongest implementation status of the mitigations (threats only).
    pub status: Option<ImplementationStatus>,
    pub factors: Vec<AgenticFactor>,
    pub components: Vec<String>,
    pub chain: bool,
}

impl RegisterRow {
    fn text(&self) -> String {
        let layers: Vec<&str> = self.layers.iter().map(|l| l.as_str()).collect();
        let factors: Vec<&str> = self.factors.iter().map(|f| f.as_str()).collect();
        format!(
            "{} {} {} {} {} {} {} {}",
            self.id,
            self.name,
            layers.join(","),
            self.inherent.map_or("", |l| l.as_str()),
            self.residual.map_or("", |l| l.as_str()),
            self.status.map_or("chain", |s| s.as_str()),
            factors.join(","),
            self.components.join(",")
        )
    }
}

/// The register's rows, filtered and sorted as the analyst chose.
pub fn register_rows(state: &AppState) -> Vec<RegisterRow> {
    let Some(doc) = &state.doc else {
        return Vec::new();
    };
    let s = doc.session();
    let catalog = &state.catalog;
    // One index for the whole register (per-row lookups were O(threats²)).
    let index = crate::risk::Index::new(s);
    let mut rows: Vec<RegisterRow> = s
        .threats
        .iter()
        .map(|t| RegisterRow {
            id: t.id.clone(),
            name: t.name.clone(),
            layers: t.layers.clone(),
            inherent: crate::risk::inherent(t, catalog),
            residual: crate::risk::residual_with(&index, s, t, catalog).level,
            status: Some(crate::risk::strongest_status_with(&index, &t.id)),
            factors: t.factors.clone(),
            components: t.components.clone(),
            chain: false,
        })
        .collect();
    rows.extend(s.chains.iter().map(|c| RegisterRow {
        id: c.id.clone(),
        name: format!("{} ({})", c.name, c.steps.join(" → ")),
        layers: crate::risk::chain_layers(s, c),
        inherent: crate::risk::chain_inherent(c, catalog),
        residual: None,
        status: None,
        factors: Vec::new(),
        components: Vec::new(),
        chain: true,
    }));
    rows.retain(|r| state.threats.register.matches(&r.text()));
    // Highest levels first; unrated last.
    let level_key = |l: Option<RiskLevel>| std::cmp::Reverse(l);
    match state.threats.sort {
        SortKey::Id => {}
        SortKey::Inherent => rows.sort_by_key(|r| level_key(r.inherent)),
        SortKey::Residual => rows.sort_by_key(|r| level_key(r.residual)),
        SortKey::Layer => rows.sort_by_key(|r| r.layers.first().copied()),
        SortKey::Status => rows.sort_by_key(|r| r.status),
        SortKey::Name => rows.sort_by_key(|r| r.name.to_lowercase()),
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn cycle_walks_the_scale_through_unrated() {
        assert_eq!(cycle(Severity::ALL, None, true), Some(Severity::Low));
        assert_eq!(
            cycle(Severity::ALL, Some(Severity::Critical), true),
            None,
            "past the top is unrated again"
        );
        assert_eq!(cycle(Severity::ALL, None, false), Some(Severity::Critical));
        assert_eq!(cycle(Severity::ALL, Some(Severity::Low), false), None);
        assert_eq!(
            cycle(Severity::ALL, Some(Severity::High), false),
            Some(Severity::Medium)
        );
    }

    #[test]
    fn review_set_replace_and_clear() {
        let mut s = Session::default();
        set_review(
            &mut s,
            "T2",
            Layer::L3,
            ReviewState::NotApplicable,
            "no tools",
        );
        set_review(&mut s, "T2", Layer::L3, ReviewState::Applicable, "");
        assert_eq!(s.reviews.len(), 1);
        assert_eq!(s.reviews[0].state, ReviewState::Applicable);
        set_review(&mut s, "T2", Layer::L3, ReviewState::Unreviewed, "");
        assert!(s.reviews.is_empty());
    }

    #[test]
    fn chain_from_pattern_uses_cards_of_its_threats() {
        let catalog = Catalog::embedded();
        let pattern = &catalog.patterns.patterns[0];
        let reference = pattern.threat_refs()[0].to_string();
        let mut s = Session::default();
        s.threats.push(Threat {
            id: "T-001".into(),
            catalog: reference,
            ..Threat::default()
        });
        let chain = chain_from_pattern(&s, pattern);
        assert_eq!(chain.steps, vec!["T-001".to_string()]);
        assert_eq!(chain.pattern, pattern.id);
        assert!(!chain.entry_point.is_empty());
    }
}
